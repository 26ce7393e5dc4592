/*
 * release.h - the periods of a year published a quarter at a time.
 *
 * The public figures of a year grow: each quarter, once it has ended and
 * late entries can no longer reach it, is released with its months, and
 * with it the year so far.  Published one after another, the "year so
 * far" of March, June and September are three tables that could be
 * subtracted from each other, so they are nodes of the one period
 * hierarchy the cube is protected in, nested rather than side by side:
 *
 *	year -> January-September -> January-June -> Q1, Q2 -> months
 *	     ->                    -> Q3 -> months
 *	     -> Q4 -> months
 *
 * The node numbers are the same in every release, so a cell published
 * once is the same cell in every later release (disclosure_fix()); a node
 * not yet released is a root of its own that the pages never show.  The
 * first STATS_PERIOD_QUARTERLY nodes are a hierarchy of their own, for
 * the tables published by the quarter only (the topics).
 */
#ifndef TV_STATISTICS_RELEASE_H
#define TV_STATISTICS_RELEASE_H

#include <stdint.h>

#define STATS_PERIOD_YEAR	0	/* the whole year: Q1-Q4 */
#define STATS_PERIOD_TO_Q3	1	/* January-September */
#define STATS_PERIOD_TO_Q2	2	/* January-June */
#define STATS_PERIOD_QUARTER(q)	(3 + (q))	/* q 0..3 */
#define STATS_PERIOD_MONTH(m)	(7 + (m))	/* m 0..11 */
#define STATS_PERIOD_QUARTERLY	7	/* the nodes down to the quarters */
#define STATS_PERIOD_NODES	19

/*
 * The period hierarchy of the release of `quarters` (1..4) quarters, its
 * first `nnodes` nodes (STATS_PERIOD_NODES, or STATS_PERIOD_QUARTERLY for
 * a table without months), into parent[].
 */
void stats_release_periods(int quarters, int32_t *parent, int nnodes);

/* True when the release of `quarters` quarters publishes period node. */
int stats_release_published(int quarters, int node);

/* The node of the year so far after `quarters` quarters. */
int stats_release_so_far(int quarters);

#endif

/*
 * chart.h - the statistics charts: counts with disclosure marks as
 * accessible server-rendered SVG.
 *
 * These follow view/chart.h's rules (role="img" with <title> and <desc>,
 * a viewBox 320 units wide and no fixed width, so text stays readable on
 * a 320 px phone; presentation attributes only, for the CSP; every value
 * also as text; patterns as well as colours, so print in black and white
 * and colour-blind readers lose nothing; everything escaped through
 * view/escape.h) and add what statistics need: a cell that disclosure
 * control hid is drawn as a dashed, labelled mark ("< 5", or the caller's
 * word for a secondary suppression), never as a bar of some length or a
 * point at some height.  The page puts the same figures in a table after
 * the chart.
 */
#ifndef TV_STATISTICS_CHART_H
#define TV_STATISTICS_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "statistics/disclosure.h"

#define STATS_SERIES_MAX 4	/* series with a look of their own */

/* One figure as published: its count, or how it was hidden. */
struct stats_value {
	int64_t count;
	enum disclosure_state state;
};

struct stats_chart {
	const char *id;		/* unique on the page, [A-Za-z0-9_-] */
	const char *title;	/* <title>: what the chart shows */
	const char *desc;	/* <desc>: the main finding, in a sentence */
	const char *const *labels;	/* one per category (bar, point) */
	size_t nlabels;
	const char *const *series;	/* series names (stacked bars) */
	size_t nseries;			/* 1 for bars and lines */
	const struct stats_value *values;	/* nlabels * nseries, category
						 * by category */
	const char *small;	/* the mark of a primary cell: "< 5" */
	const char *hidden;	/* the mark of a secondary one, e.g. "×" */
};

/* Horizontal bars, one per label (top topics), the value after each. */
void stats_chart_bars(struct buf *b, const struct stats_chart *c);

/*
 * One stacked horizontal bar per label (the form split of each
 * municipality): a segment per series in its own pattern, and below the
 * bar each series' name with its value, hidden ones with their mark (a
 * hidden segment has no length to draw).
 */
void stats_chart_stacked(struct buf *b, const struct stats_chart *c);

/*
 * A line over the labels as periods (weeks, months): a marker and the
 * value at each point; a hidden point breaks the line and is a dashed
 * marker on the axis with its mark.
 */
void stats_chart_line(struct buf *b, const struct stats_chart *c);

/*
 * One series of n labels and values (their arrays kept, not copied) with
 * the marks the pages use, "< 5" and "×", the rest of c left as it is.
 */
void stats_chart_series(struct stats_chart *c, const char **labels,
    const struct stats_value *values, size_t n);

/* A chart drawn by draw (one of the above) as a string of the arena. */
const char *stats_chart_svg(struct arena *a,
    void (*draw)(struct buf *, const struct stats_chart *),
    const struct stats_chart *c);

#endif

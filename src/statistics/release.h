/*
 * release.h - when a quarter's encounter figures are published, and from
 * when they are closed.
 *
 * A published figure must never change: a figure published again with a
 * late entry in it can be subtracted from its old self, and the
 * difference is the late entry - one encounter, perhaps.  For the same
 * reason no two published tables may overlap: the year so far published
 * in November and again in December differ by December alone, protected
 * by neither.  So the public figures come a quarter at a time, each
 * quarter a table of its own that shares no cell with another (public.c;
 * longer periods are sums of its shown figures, which tell nothing new),
 * published once late entries can no longer reach it: from the first
 * day of the second month after it ends (January-March on 1 May), when
 * the log's 31 days back (STATS_DAYS_BACK) have passed.  From then on the
 * quarter is closed: the log, the day's tally, the import and "undo"
 * refuse its dates.
 *
 * Months are counted from year 0 (encounter_month()); `now` is the
 * month under way.
 */
#ifndef TV_STATISTICS_RELEASE_H
#define TV_STATISTICS_RELEASE_H

#include <stdbool.h>
#include <stdint.h>

/* The month from whose first day the quarter of `month` is published. */
int32_t stats_release_month(int32_t month);

/* Is the quarter of `month` published (and closed) in month now? */
bool stats_month_released(int32_t month, int32_t now);

/* How many quarters of year are published in month now: 0..4. */
int stats_quarters_released(int year, int32_t now);

/* The last month of the last quarter published in month now. */
int32_t stats_last_released_month(int32_t now);

/* The month under way, by the clock (Europe/Helsinki). */
int32_t stats_month_now(void);

#endif

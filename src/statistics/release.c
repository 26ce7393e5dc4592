/*
 * release.c - the publication schedule of the quarters (release.h).
 */
#include "base/time.h"
#include "statistics/encounter.h"
#include "statistics/release.h"

#define RELEASE_LAG 4	/* months from a quarter's first to its release */

int32_t
stats_release_month(int32_t month)
{
	return month - month % 3 + RELEASE_LAG;
}

bool
stats_month_released(int32_t month, int32_t now)
{
	return now >= stats_release_month(month);
}

int
stats_quarters_released(int year, int32_t now)
{
	int q;

	for (q = 0; q < 4 && stats_month_released(year * 12 + q * 3, now);
	    q++)
		;
	return q;
}

int32_t
stats_last_released_month(int32_t now)
{
	/* The quarter released this month or before: its last month. */
	int32_t first = now - RELEASE_LAG;

	return first - first % 3 + 2;
}

int32_t
stats_month_now(void)
{
	return encounter_month(encounter_day(time_now()));
}

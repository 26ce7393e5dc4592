/*
 * release.c - the period hierarchy of a year's releases (release.h).
 */
#include "statistics/release.h"

void
stats_release_periods(int quarters, int32_t *parent, int nnodes)
{
	int i;

	for (i = 0; i < nnodes; i++)
		parent[i] = -1;
	/* The chain of "so far" nodes, as far as it is released. */
	if (quarters >= 2) {
		parent[STATS_PERIOD_QUARTER(0)] = STATS_PERIOD_TO_Q2;
		parent[STATS_PERIOD_QUARTER(1)] = STATS_PERIOD_TO_Q2;
	}
	if (quarters >= 3) {
		parent[STATS_PERIOD_TO_Q2] = STATS_PERIOD_TO_Q3;
		parent[STATS_PERIOD_QUARTER(2)] = STATS_PERIOD_TO_Q3;
	}
	if (quarters >= 4) {
		parent[STATS_PERIOD_TO_Q3] = STATS_PERIOD_YEAR;
		parent[STATS_PERIOD_QUARTER(3)] = STATS_PERIOD_YEAR;
	}
	/* Every month under its quarter: a quarter not yet released holds
	 * no figures, so its months add nothing. */
	for (i = 0; i < 12 && STATS_PERIOD_MONTH(i) < nnodes; i++)
		parent[STATS_PERIOD_MONTH(i)] = STATS_PERIOD_QUARTER(i / 3);
}

int
stats_release_published(int quarters, int node)
{
	if (node >= STATS_PERIOD_MONTH(0))
		return (node - STATS_PERIOD_MONTH(0)) / 3 < quarters;
	if (node >= STATS_PERIOD_QUARTER(0))
		return node - STATS_PERIOD_QUARTER(0) < quarters;
	if (node == STATS_PERIOD_TO_Q2)
		return quarters >= 2;
	if (node == STATS_PERIOD_TO_Q3)
		return quarters >= 3;
	return quarters >= 4;
}

int
stats_release_so_far(int quarters)
{
	switch (quarters) {
	case 1:
		return STATS_PERIOD_QUARTER(0);
	case 2:
		return STATS_PERIOD_TO_Q2;
	case 3:
		return STATS_PERIOD_TO_Q3;
	default:
		return STATS_PERIOD_YEAR;
	}
}

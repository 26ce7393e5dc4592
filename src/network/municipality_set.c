/*
 * municipality_set.c - the municipalities of some regions, read once per
 * region, to look codes up in (see network.h).
 */
#include <string.h>

#include "network/network.h"

int
network_set_add_region(struct db *db, struct arena *a, enum lang l,
    struct municipality_set *s, int64_t region)
{
	struct municipality *m;
	size_t n, i;

	for (i = 0; i < s->nregions; i++)
		if (s->regions[i] == region)
			return 0;
	if (network_municipalities(db, a, l, region, &m, &n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		s->m = arena_grow(a, s->m, s->n, &s->cap, sizeof(*s->m));
		s->m[s->n++] = m[i];
	}
	s->regions = arena_grow(a, s->regions, s->nregions, &s->regcap,
	    sizeof(*s->regions));
	s->regions[s->nregions++] = region;
	return 0;
}

const struct municipality *
network_set_find(const struct municipality_set *s, const char *code,
    int64_t region)
{
	size_t i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < s->n; i++)
		if (s->m[i].region_id == region &&
		    strcmp(s->m[i].code, code) == 0)
			return &s->m[i];
	return NULL;
}

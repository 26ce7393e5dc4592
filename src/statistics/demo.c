/*
 * demo.c - synthetic encounters for the demo and for large sets
 * (`tukiverkko demo --encounters N`), with the shapes of real support:
 *
 *   - weekdays busy, Saturdays quiet, Sundays nearly empty; a summer dip
 *     (July a third of a normal month, June and August lower) and a quiet
 *     Christmas; most help between 9 and 16;
 *   - each point its own size (a main library far busier than a village
 *     point), so some municipalities have small counts, as in life;
 *   - identification and online banking asked most, then device basics
 *     and Suomi.fi; mostly one topic, sometimes two;
 *   - mostly drop-in and appointments, some phone and remote help, a few
 *     courses, which are groups (a head-count of 3 to 12);
 *   - many older people; Finnish first, then Swedish, English, Russian
 *     and Arabic.
 *
 * Every choice comes from mix_pick() on (seed, the encounter's number),
 * so a seed always gives the same set.  Encounters go in through
 * stats_store_add_batch() in transactions of CHUNK, so ten million take
 * no more memory than one chunk.
 */
#include <string.h>

#include "base/log.h"
#include "base/mix.h"
#include "db/rows.h"
#include "directory/directory.h"
#include "statistics/statistics.h"

#define CHUNK 100000
#define DAYS 365

/* A weighted choice: the index of the weight the draw falls in. */
static size_t
weighted(uint64_t draw, const unsigned *w, size_t n)
{
	unsigned total = 0, x;
	size_t i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = (unsigned)(draw % total);
	for (i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* How busy a day is, in percent: weekday and season. */
static unsigned
day_weight(int32_t day)
{
	static const unsigned weekday[8] = { 0, 100, 100, 95, 100, 80, 25, 4 };
	static const unsigned month[12] = { 100, 105, 105, 100, 90, 60, 35,
	    65, 110, 110, 105, 70 };
	int y, m, d;

	hours_civil_from_days(day, &y, &m, &d);
	if (m == 12 && d >= 22)
		return weekday[hours_weekday(day)] * 20 / 100;
	return weekday[hours_weekday(day)] * month[m - 1] / 100;
}

struct demo_point {
	int64_t id, region;
	const char *municipality;
	unsigned weight;
};

int
stats_demo_load(struct db *db, int64_t region, long n, uint64_t seed,
    int64_t now, const char **err)
{
	static const char *const topics[] = { "device-basics",
	    "identification", "banking", "suomi-fi", "kela", "health",
	    "taxes", "email-messaging", "video-calls", "security-scams",
	    "transport", "apps", "jobs", "shopping", "other" };
	static const unsigned topic_w[] = { 14, 22, 20, 12, 7, 8, 5, 8, 4, 7,
	    5, 6, 3, 3, 4 };
	static const char *const forms[] = { "drop-in", "appointment",
	    "home-visit", "peer-support", "phone", "remote", "self-service",
	    "course" };
	static const unsigned form_w[] = { 40, 22, 3, 6, 12, 7, 4, 6 };
	static const unsigned duration_w[] = { 25, 45, 22, 8 };
	static const unsigned age_w[] = { 5, 22, 28, 30, 15 };
	static const char *const langs[] = { "fi", "sv", "en", "ru", "ar",
	    "et", "so", "uk" };
	static const unsigned lang_w[] = { 78, 9, 4, 3, 2, 2, 1, 1 };
	static const unsigned outcome_w[] = { 70, 22, 8 };
	static const unsigned hour_w[24] = { 0, 0, 0, 0, 0, 0, 0, 0, 2, 8, 12,
	    12, 10, 12, 12, 10, 8, 4, 3, 2, 0, 0, 0, 0 };
	struct point_filter pf = { .region = region };
	struct stats_encounter *e;
	struct demo_point *pts;
	unsigned *pw, dw[DAYS];
	struct dir_hit *hits;
	struct arena a, chunk;
	int32_t today = encounter_day(now), day;
	size_t npts, nhits, i, k, m;
	long done = 0;
	uint64_t r;
	int rc = -1;

	*err = "the database refused the demo encounters";
	arena_init(&a);
	arena_init(&chunk);
	if (directory_store_managed(db, &a, LANG_FI, &pf, &hits, &nhits) != 0)
		goto out;
	pts = arena_calloc(&a, nhits + 1, sizeof(*pts));
	pw = arena_calloc(&a, nhits + 1, sizeof(*pw));
	for (i = 0, npts = 0; i < nhits; i++) {
		struct service_point sp;

		if (hits[i].status != DIR_ACTIVE)
			continue;
		if (directory_store_get(db, &a, LANG_FI, hits[i].id, &sp) != 0)
			goto out;
		pts[npts].id = sp.id;
		pts[npts].region = sp.region_id;
		pts[npts].municipality = sp.municipality;
		/* Sizes from 1 to 40, most points small. */
		k = mix_pick(seed, sp.id, 100);
		pw[npts] = k < 60 ? 1 + (unsigned)(k % 4) : k < 90 ?
		    5 + (unsigned)(k % 10) : 20 + (unsigned)(k % 21);
		npts++;
	}
	if (npts == 0) {
		*err = "no active service points in the region (run demo first)";
		goto out;
	}
	for (i = 0; i < DAYS; i++)
		dw[i] = day_weight(today - DAYS + 1 + (int32_t)i);
	while (done < n) {
		m = n - done < CHUNK ? (size_t)(n - done) : CHUNK;
		arena_reset(&chunk);
		e = arena_calloc(&chunk, m, sizeof(*e));
		for (i = 0; i < m; i++) {
			uint64_t id = (uint64_t)(done + (long)i);
			const char **t = arena_calloc(&chunk, 2, sizeof(*t));
			struct stats_encounter *x = &e[i];
			size_t p, f;
			int h;

			r = mix64(seed ^ (id * 0x9e3779b97f4a7c15ULL));
			p = weighted(mix_pick(seed + 1, id, 1u << 30), pw, npts);
			day = today - DAYS + 1 + (int32_t)weighted(mix_pick(
			    seed + 2, id, 1u << 30), dw, DAYS);
			h = (int)weighted(mix_pick(seed + 3, id, 1000), hour_w,
			    24);
			/* Today's encounters only up to the hour it is. */
			if (day == today && dir_local_moment(day, h * 60) > now)
				day--;
			f = weighted(mix_pick(seed + 4, id, 1000), form_w, 8);
			x->region_id = pts[p].region;
			x->point_id = pts[p].id;
			x->municipality = pts[p].municipality;
			x->hour = encounter_hour(dir_local_moment(day, h * 60));
			x->day = encounter_day(x->hour);
			x->month = encounter_month(x->day);
			x->form = forms[f];
			x->duration = (enum encounter_duration)weighted(r >> 8,
			    duration_w, ENC_DURATION_COUNT);
			x->age = (enum encounter_age)weighted(r >> 16, age_w,
			    ENC_AGE_COUNT);
			x->language = langs[weighted(r >> 24, lang_w, 8)];
			x->outcome = (enum encounter_outcome)weighted(r >> 32,
			    outcome_w, ENC_OUTCOME_COUNT);
			x->people = strcmp(x->form, "course") == 0 ? 3 +
			    (int64_t)((r >> 40) % 10) : 1;
			t[0] = topics[weighted(mix_pick(seed + 5, id, 1000),
			    topic_w, 15)];
			x->ntopics = 1;
			if ((r >> 48) % 4 == 0) {
				t[1] = topics[weighted(mix_pick(seed + 6, id,
				    1000), topic_w, 15)];
				if (strcmp(t[1], t[0]) != 0)
					x->ntopics = 2;
			}
			x->topics = t;
		}
		if (db_begin(db) != 0) {
			*err = "the database is busy";
			goto out;
		}
		if (stats_store_add_batch(db, &chunk, e, m, "demo") != 0 ||
		    db_commit(db) != 0) {
			db_rollback(db);
			goto out;
		}
		done += (long)m;
	}
	rc = 0;
	*err = NULL;
out:
	arena_cleanup(&chunk);
	arena_cleanup(&a);
	return rc;
}

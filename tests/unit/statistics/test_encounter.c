/*
 * test_encounter.c - the encounter vocabulary (statistics/encounter.c) and
 * its Helsinki time buckets (statistics/encounter_time.c): every key both
 * ways, ISO 639-1 codes, the reference files of the product's data/ and
 * their mistakes, and the hour, day, week and month of moments around
 * every clock change of 2026-2028 and around New Year.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/time.h"
#include "directory/hours.h"
#include "statistics/encounter.h"

static void
test_keys(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < ENC_DURATION_COUNT; i++)
		assert_int_equal(encounter_duration_parse(
		    encounter_duration_key((enum encounter_duration)i)), i);
	for (i = 0; i < ENC_AGE_COUNT; i++)
		assert_int_equal(encounter_age_parse(
		    encounter_age_key((enum encounter_age)i)), i);
	for (i = 0; i < ENC_OUTCOME_COUNT; i++)
		assert_int_equal(encounter_outcome_parse(
		    encounter_outcome_key((enum encounter_outcome)i)), i);
	for (i = 0; i < ENC_GROUP_COUNT; i++)
		assert_int_equal(encounter_group_parse(
		    encounter_group_key((enum encounter_group)i)), i);
	assert_int_equal(encounter_duration_parse("10-30"), ENC_DURATION_10_30);
	assert_int_equal(encounter_age_parse("75-plus"), ENC_AGE_75_PLUS);
	assert_int_equal(encounter_outcome_parse("referred"),
	    ENC_OUTCOME_REFERRED);
	assert_int_equal(encounter_group_parse("etätuki"), ENC_GROUP_ETATUKI);
	/* Nothing near a key passes. */
	assert_int_equal(encounter_duration_parse("10–30"), -1);
	assert_int_equal(encounter_duration_parse(""), -1);
	assert_int_equal(encounter_duration_parse(NULL), -1);
	assert_int_equal(encounter_age_parse("75+"), -1);
	assert_int_equal(encounter_outcome_parse("Resolved"), -1);
	assert_int_equal(encounter_group_parse("lahituki"), -1);
}

static void
test_languages(void **state)
{
	static const char *const good[] = { "aa", "fi", "sv", "en", "ru", "et",
	    "ar", "so", "fa", "uk", "se", "zh", "zu" };
	static const char *const bad[] = { "", "f", "FI", "fin", "xx", "bh",
	    "zz", "f1", "fi " };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(encounter_language_parse(good[i]), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(encounter_language_parse(bad[i]), -1);
	assert_int_equal(encounter_language_parse(NULL), -1);
}

/* The whole file at path, NUL-terminated, in the arena. */
static char *
slurp(struct arena *a, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	p = arena_alloc(a, *len + 1);
	assert_int_equal(fread(p, 1, *len, f), *len);
	p[*len] = '\0';
	fclose(f);
	return p;
}

/* The product's own reference files read as they are. */
static void
test_reference_files(void **state)
{
	struct encounter_refs forms, topics;
	const struct encounter_ref *r;
	struct arena a;
	char err[160], *data;
	size_t len, i, per[ENC_GROUP_COUNT] = { 0 };

	(void)state;
	arena_init(&a);
	data = slurp(&a, DATA_DIR "/support-forms.csv", &len);
	assert_int_equal(encounter_refs_parse(&a, data, len, 1, &forms, err,
	    sizeof(err)), 0);
	assert_true(forms.n >= 3);
	for (i = 0; i < forms.n; i++)
		per[forms.items[i].group]++;
	for (i = 0; i < ENC_GROUP_COUNT; i++)
		assert_true(per[i] > 0);
	assert_non_null(r = encounter_refs_find(&forms, "drop-in"));
	assert_int_equal(r->group, ENC_GROUP_LAHITUKI);
	assert_string_equal(r->label[LANG_SV], "Kom på plats");
	assert_non_null(r = encounter_refs_find(&forms, "phone"));
	assert_int_equal(r->group, ENC_GROUP_ETATUKI);
	assert_non_null(r = encounter_refs_find(&forms, "course"));
	assert_int_equal(r->group, ENC_GROUP_KOULUTUS);
	assert_null(encounter_refs_find(&forms, "nope"));

	data = slurp(&a, DATA_DIR "/support-topics.csv", &len);
	assert_int_equal(encounter_refs_parse(&a, data, len, 0, &topics, err,
	    sizeof(err)), 0);
	assert_true(topics.n >= 5);
	assert_non_null(r = encounter_refs_find(&topics, "banking"));
	assert_string_equal(r->label[LANG_EN], "Online banking and payments");
	arena_cleanup(&a);
}

/* A mistake is refused with the line it is on. */
static void
refused(int forms, const char *csv, const char *want)
{
	struct encounter_refs r;
	struct arena a;
	char err[160];

	arena_init(&a);
	assert_int_equal(encounter_refs_parse(&a, csv, strlen(csv), forms, &r,
	    err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", err, want);
	arena_cleanup(&a);
}

static void
test_reference_mistakes(void **state)
{
	const char *h = "key,label_fi,label_sv,label_en,dvv_form\n";
	char csv[256];

	(void)state;
	refused(1, "key,label_fi,label_sv,label_en\n", "line 1: the header");
	refused(0, h, "line 1: the header");
	snprintf(csv, sizeof(csv), "%sa,A,A,A,lähituki\na,B,B,B,etätuki\n", h);
	refused(1, csv, "line 3: the key a is there twice");
	snprintf(csv, sizeof(csv), "%sa,A,A,A,lähi\n", h);
	refused(1, csv, "line 2: dvv_form");
	snprintf(csv, sizeof(csv), "%sDrop In,A,A,A,lähituki\n", h);
	refused(1, csv, "line 2: the key");
	snprintf(csv, sizeof(csv), "%sa,A,,A,lähituki\n", h);
	refused(1, csv, "line 2: a label is empty");
	snprintf(csv, sizeof(csv), "%sa,A,A\n", h);
	refused(1, csv, "line 2: expected 5 fields");
	snprintf(csv, sizeof(csv), "%sa,\"A,A,A,lähituki\n", h);
	refused(1, csv, "broken CSV");
}

/* A UTC moment from its parts. */
static int64_t
utc(int y, int mo, int d, int h, int mi)
{
	return (int64_t)hours_days_from_civil(y, mo, d) * 86400 + h * 3600 +
	    mi * 60;
}

/*
 * The clock changes of 2026-2028: the last Sundays of March and October,
 * at 01:00 UTC (03:00 -> 04:00 in spring, 04:00 -> 03:00 in autumn).
 */
static void
test_clock_changes(void **state)
{
	static const int changes[3][3] = {
		{ 2026, 29, 25 }, { 2027, 28, 31 }, { 2028, 26, 29 },
	};
	int32_t day;
	int i, y;

	(void)state;
	for (i = 0; i < 3; i++) {
		y = changes[i][0];
		/* Spring: 02:59 local, then 04:00; no 3 o'clock. */
		day = hours_days_from_civil(y, 3, changes[i][1]);
		assert_int_equal(encounter_day_start(day + 1) -
		    encounter_day_start(day), 23 * 3600);
		assert_int_equal(encounter_day_start(day), utc(y, 3,
		    changes[i][1] - 1, 22, 0));
		assert_int_equal(encounter_hour_of_day(utc(y, 3, changes[i][1],
		    0, 59)), 2);
		assert_int_equal(encounter_hour_of_day(utc(y, 3, changes[i][1],
		    1, 0)), 4);
		assert_int_equal(encounter_hour(utc(y, 3, changes[i][1], 1,
		    0)) - encounter_hour(utc(y, 3, changes[i][1], 0, 59)),
		    3600);
		assert_int_equal(encounter_day(utc(y, 3, changes[i][1] - 1, 22,
		    0)), day);
		assert_int_equal(encounter_day(utc(y, 3, changes[i][1] - 1, 21,
		    59)), day - 1);
		/* Autumn: 03:30 twice, two buckets, one hour of the day. */
		day = hours_days_from_civil(y, 10, changes[i][2]);
		assert_int_equal(encounter_day_start(day + 1) -
		    encounter_day_start(day), 25 * 3600);
		assert_int_equal(encounter_day_start(day), utc(y, 10,
		    changes[i][2] - 1, 21, 0));
		assert_int_equal(encounter_day_start(day + 1), utc(y, 10,
		    changes[i][2], 22, 0));
		assert_int_equal(encounter_hour_of_day(utc(y, 10,
		    changes[i][2], 0, 30)), 3);
		assert_int_equal(encounter_hour_of_day(utc(y, 10,
		    changes[i][2], 1, 30)), 3);
		assert_int_equal(encounter_hour(utc(y, 10, changes[i][2], 1,
		    30)) - encounter_hour(utc(y, 10, changes[i][2], 0, 30)),
		    3600);
		assert_int_equal(encounter_day(utc(y, 10, changes[i][2], 21,
		    59)), day);
		assert_int_equal(encounter_day(utc(y, 10, changes[i][2], 22,
		    0)), day + 1);
		/* A summer night: 00:30 local is 21:30 UTC the day before. */
		day = hours_days_from_civil(y, 7, 1);
		assert_int_equal(encounter_day(utc(y, 6, 30, 21, 30)), day);
		assert_int_equal(encounter_hour_of_day(utc(y, 6, 30, 21, 30)),
		    0);
		assert_int_equal(encounter_month(day), y * 12 + 6);
	}
	assert_int_equal(encounter_hour(-1), -3600);
}

static void
test_weeks_and_months(void **state)
{
	static const struct {
		int y, m, d, wy, w;
	} cases[] = {
		{ 2026, 1, 1, 2026, 1 },	/* Thursday */
		{ 2026, 3, 29, 2026, 13 },	/* Sunday of the change */
		{ 2026, 12, 31, 2026, 53 },
		{ 2027, 1, 1, 2026, 53 },	/* Friday: last year's */
		{ 2027, 1, 3, 2026, 53 },
		{ 2027, 1, 4, 2027, 1 },
		{ 2028, 1, 1, 2027, 52 },	/* Saturday */
		{ 2028, 1, 3, 2028, 1 },
		{ 2028, 12, 31, 2028, 52 },	/* Sunday */
		{ 2029, 1, 1, 2029, 1 },	/* Monday */
	};
	size_t i;
	int y, w;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(encounter_iso_week(hours_days_from_civil(
		    cases[i].y, cases[i].m, cases[i].d), &y, &w),
		    cases[i].wy * 100 + cases[i].w);
		assert_int_equal(y, cases[i].wy);
		assert_int_equal(w, cases[i].w);
	}
	assert_int_equal(encounter_month(hours_days_from_civil(2027, 1, 1)) -
	    encounter_month(hours_days_from_civil(2026, 12, 31)), 1);
	/* New Year's first minutes in Helsinki are still 2026 in UTC. */
	assert_int_equal(encounter_month(encounter_day(utc(2026, 12, 31, 22,
	    30))), 2027 * 12);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_reference_files),
		cmocka_unit_test(test_reference_mistakes),
		cmocka_unit_test(test_clock_changes),
		cmocka_unit_test(test_weeks_and_months),
	};

	time_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

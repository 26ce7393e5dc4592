/*
 * test_hours.c - opening hours (directory/hours.c) and Finnish public
 * holidays (directory/holidays.c): the calendar arithmetic, every holiday
 * of 2026-2028 and what it does to a point's day and to the search's
 * open-now moments, which rule decides a day, "open at" across midnight and
 * both clock changes of 2026 in Europe/Helsinki, the moments the search's
 * "open now / open at" filter is answered from (dir_open_intervals(), what
 * service_point_open and the in-memory index hold) agreeing with "open at"
 * minute by minute over both clock changes, and the editor's checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/time.h"
#include "directory/directory.h"
#include "directory/holidays.h"
#include "directory/hours.h"

static int32_t
day_of(const char *s)
{
	int32_t d;

	assert_int_equal(hours_parse_day(s, &d), 0);
	return d;
}

/* A Helsinki wall-clock time as a moment; isdst picks the first or second
 * 03:xx of the autumn night (-1: let the zone decide). */
static int64_t
at(const char *date, int h, int m, int isdst)
{
	struct tm tm;
	int y, mo, d;

	memset(&tm, 0, sizeof(tm));
	hours_civil_from_days(day_of(date), &y, &mo, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_isdst = isdst;
	return (int64_t)mktime(&tm);
}

static void
test_calendar(void **state)
{
	int32_t d;
	int y, m, dd;

	(void)state;
	assert_int_equal(hours_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(hours_weekday(0), 4);			/* Thursday */
	assert_int_equal(hours_weekday(day_of("2026-12-05")), 6);	/* Saturday */
	assert_int_equal(hours_weekday(day_of("1969-12-29")), 1);	/* Monday */
	/* Every day from 1900 to 2100 comes back as itself, a day apart. */
	for (d = hours_days_from_civil(1900, 1, 1);
	    d <= hours_days_from_civil(2100, 12, 31); d++) {
		hours_civil_from_days(d, &y, &m, &dd);
		assert_int_equal(hours_days_from_civil(y, m, dd), d);
		assert_int_equal(hours_weekday(d + 1), hours_weekday(d) % 7 + 1);
	}
	assert_int_equal(day_of("2028-02-29") + 1, day_of("2028-03-01"));
	assert_int_equal(hours_parse_day("2026-02-29", &d), -1);
	assert_int_equal(hours_parse_day("2026-13-01", &d), -1);
	assert_int_equal(hours_parse_day("2026-1-01", &d), -1);
	assert_int_equal(hours_parse_day("2026-01-0x", &d), -1);
	assert_int_equal(hours_parse_day("", &d), -1);
}

static void
test_easter(void **state)
{
	static const char *const want[] = { "2024-03-31", "2025-04-20",
	    "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
	    "2030-04-21", "2038-04-25", "2285-03-22" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(holiday_easter(atoi(want[i])), day_of(want[i]));
}

/*
 * Each holiday of the year: its day, and what it does to a point open
 * every day 8-20 - closed, by the holiday rule, and without a moment for
 * the search's open-now filter when the point closes on holidays; its
 * usual hours when it does not.
 */
static void
check_year(int year, const char *const want[HOLIDAYS_PER_YEAR])
{
	struct holiday h[HOLIDAYS_PER_YEAR];
	static const struct hours_interval daily[] = {
		{ 1, 480, 1200, HOURS_OPEN }, { 2, 480, 1200, HOURS_OPEN },
		{ 3, 480, 1200, HOURS_OPEN }, { 4, 480, 1200, HOURS_OPEN },
		{ 5, 480, 1200, HOURS_OPEN }, { 6, 480, 1200, HOURS_OPEN },
		{ 7, 480, 1200, HOURS_OPEN },
	};
	struct hours pt;
	struct hours_day d;
	struct dir_open o[4];
	size_t i, n = holidays_of_year(year, h);

	memset(&pt, 0, sizeof(pt));
	pt.regular.iv = daily;
	pt.regular.n = 7;
	assert_int_equal(n, HOLIDAYS_PER_YEAR);
	for (i = 0; i < n; i++) {
		assert_int_equal(h[i].day, day_of(want[i]));
		assert_int_equal(holiday_of(h[i].day), h[i].kind);
		assert_int_equal(h[i].eve, h[i].kind == HOLIDAY_MIDSUMMER_EVE ||
		    h[i].kind == HOLIDAY_CHRISTMAS_EVE);
		pt.closed_on_holidays = true;
		hours_of_day(&pt, h[i].day, &d);
		assert_int_equal(d.source, HOURS_FROM_HOLIDAY);
		assert_int_equal(d.n, 0);
		assert_int_equal(dir_open_intervals(&pt, h[i].day, 1, o, 4), 0);
		assert_int_equal(hours_at(&pt, dir_local_moment(h[i].day, 720),
		    NULL), HOURS_CLOSED);
		pt.closed_on_holidays = false;
		hours_of_day(&pt, h[i].day, &d);
		assert_int_equal(d.source, HOURS_FROM_WEEK);
		assert_int_equal(d.n, 1);
		assert_int_equal(dir_open_intervals(&pt, h[i].day, 1, o, 4), 1);
		assert_int_equal(o[0].ends_at - o[0].starts_at, 12 * 3600);
	}
}

static void
test_holidays(void **state)
{
	static const char *const y2026[] = { "2026-01-01", "2026-01-06",
	    "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01",
	    "2026-05-14", "2026-05-24", "2026-06-19", "2026-06-20",
	    "2026-10-31", "2026-12-06", "2026-12-24", "2026-12-25",
	    "2026-12-26" };
	static const char *const y2027[] = { "2027-01-01", "2027-01-06",
	    "2027-03-26", "2027-03-28", "2027-03-29", "2027-05-01",
	    "2027-05-06", "2027-05-16", "2027-06-25", "2027-06-26",
	    "2027-11-06", "2027-12-06", "2027-12-24", "2027-12-25",
	    "2027-12-26" };
	static const char *const y2028[] = { "2028-01-01", "2028-01-06",
	    "2028-04-14", "2028-04-16", "2028-04-17", "2028-05-01",
	    "2028-05-25", "2028-06-04", "2028-06-23", "2028-06-24",
	    "2028-11-04", "2028-12-06", "2028-12-24", "2028-12-25",
	    "2028-12-26" };
	struct holiday h[HOLIDAYS_PER_YEAR];

	(void)state;
	check_year(2026, y2026);
	check_year(2027, y2027);
	check_year(2028, y2028);
	assert_int_equal(holiday_of(day_of("2026-12-07")), HOLIDAY_NONE);
	assert_int_equal(holiday_of(day_of("2026-06-20")), HOLIDAY_MIDSUMMER);
	/* With Easter on 22 March (2285), Ascension comes before May Day. */
	holidays_of_year(2285, h);
	assert_int_equal(h[5].kind, HOLIDAY_ASCENSION);
	assert_int_equal(h[6].kind, HOLIDAY_MAY_DAY);
}

/* Monday to Friday 10-16, Thursday also 17-20 by appointment, Saturday
 * night 22-02 self-service, Sunday 02:00-05:00 (spans the spring gap). */
static const struct hours_interval week[] = {
	{ 1, 600, 960, HOURS_OPEN }, { 2, 600, 960, HOURS_OPEN },
	{ 3, 600, 960, HOURS_OPEN }, { 4, 1020, 1200, HOURS_APPOINTMENT },
	{ 4, 600, 960, HOURS_OPEN }, { 5, 600, 960, HOURS_OPEN },
	{ 6, 1320, 120, HOURS_SELF_SERVICE }, { 7, 120, 300, HOURS_OPEN },
};
/* Summer: noon to three on weekdays; July: closed. */
static const struct hours_interval summer_iv[] = {
	{ 1, 720, 900, HOURS_OPEN }, { 2, 720, 900, HOURS_OPEN },
	{ 3, 720, 900, HOURS_OPEN }, { 4, 720, 900, HOURS_OPEN },
	{ 5, 720, 900, HOURS_OPEN },
};
static const struct hours_interval short_day[] = {
	{ 0, 600, 840, HOURS_OPEN },
};
static const struct hours_interval eve_morning[] = {
	{ 0, 540, 720, HOURS_OPEN },
};

static struct hours
fixture(bool closed_on_holidays, struct hours_period p[2],
    struct hours_exception e[2])
{
	struct hours h;

	p[0] = (struct hours_period){ day_of("2026-06-01"), day_of("2026-08-31"),
	    { summer_iv, 5 } };
	p[1] = (struct hours_period){ day_of("2026-07-06"), day_of("2026-07-31"),
	    { NULL, 0 } };
	e[0] = (struct hours_exception){ day_of("2026-12-23"), short_day, 1 };
	e[1] = (struct hours_exception){ day_of("2026-12-24"), eve_morning, 1 };
	memset(&h, 0, sizeof(h));
	h.regular = (struct hours_week){ week, sizeof(week) / sizeof(week[0]) };
	h.periods = p;
	h.nperiods = 2;
	h.exceptions = e;
	h.nexceptions = 2;
	h.closed_on_holidays = closed_on_holidays;
	return h;
}

static void
test_day_rules(void **state)
{
	struct hours_period p[2];
	struct hours_exception e[2];
	struct hours h = fixture(true, p, e);
	struct hours_day d;

	(void)state;
	hours_of_day(&h, day_of("2026-12-03"), &d);	/* Thursday */
	assert_int_equal(d.source, HOURS_FROM_WEEK);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.iv[0].start, 600);		/* in start order */
	assert_int_equal(d.iv[1].state, HOURS_APPOINTMENT);
	hours_of_day(&h, day_of("2026-06-10"), &d);	/* summer */
	assert_int_equal(d.source, HOURS_FROM_PERIOD);
	assert_ptr_equal(d.period, &p[0]);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.iv[0].start, 720);
	hours_of_day(&h, day_of("2026-07-08"), &d);	/* the shorter period */
	assert_ptr_equal(d.period, &p[1]);
	assert_int_equal(d.n, 0);
	hours_of_day(&h, day_of("2026-12-23"), &d);
	assert_int_equal(d.source, HOURS_FROM_EXCEPTION);
	assert_int_equal(d.iv[0].end, 840);
	assert_int_equal(d.iv[0].weekday, 3);
	/* An exception wins over the holiday; the holiday over the week. */
	hours_of_day(&h, day_of("2026-12-24"), &d);
	assert_int_equal(d.source, HOURS_FROM_EXCEPTION);
	assert_int_equal(d.holiday, HOLIDAY_CHRISTMAS_EVE);
	assert_int_equal(d.n, 1);
	hours_of_day(&h, day_of("2026-04-03"), &d);	/* Good Friday */
	assert_int_equal(d.source, HOURS_FROM_HOLIDAY);
	assert_int_equal(d.n, 0);
	h.closed_on_holidays = false;
	hours_of_day(&h, day_of("2026-04-03"), &d);
	assert_int_equal(d.source, HOURS_FROM_WEEK);
	assert_int_equal(d.holiday, HOLIDAY_GOOD_FRIDAY);
	assert_int_equal(d.n, 1);
}

static void
test_open_at(void **state)
{
	struct hours_period p[2];
	struct hours_exception e[2];
	struct hours h = fixture(true, p, e);
	int until = -1;

	(void)state;
	/* Monday 7 December 2026. */
	assert_int_equal(hours_at(&h, at("2026-12-07", 9, 59, -1), NULL), HOURS_CLOSED);
	assert_int_equal(hours_at(&h, at("2026-12-07", 10, 0, -1), &until), HOURS_OPEN);
	assert_int_equal(until, 960);
	assert_int_equal(hours_at(&h, at("2026-12-07", 15, 59, -1), NULL), HOURS_OPEN);
	assert_int_equal(hours_at(&h, at("2026-12-07", 16, 0, -1), NULL), HOURS_CLOSED);
	assert_int_equal(hours_at(&h, at("2026-12-10", 18, 0, -1), NULL), HOURS_APPOINTMENT);
	/* Saturday night into Sunday: the interval belongs to Saturday, so
	 * Independence Day (Sunday 6 December) does not close its tail. */
	assert_int_equal(hours_at(&h, at("2026-12-05", 23, 30, -1), &until), HOURS_SELF_SERVICE);
	assert_int_equal(until, 1440 + 120);
	assert_int_equal(hours_at(&h, at("2026-12-06", 1, 30, -1), &until), HOURS_SELF_SERVICE);
	assert_int_equal(until, 120);
	assert_int_equal(hours_at(&h, at("2026-12-06", 2, 0, -1), NULL), HOURS_CLOSED);
	/* ... but the holiday's own Sunday hours are gone. */
	assert_int_equal(hours_at(&h, at("2026-12-06", 4, 0, -1), NULL), HOURS_CLOSED);
	assert_int_equal(hours_at(&h, at("2026-12-13", 4, 0, -1), NULL), HOURS_OPEN);
	/* Summer and July. */
	assert_int_equal(hours_at(&h, at("2026-06-10", 11, 0, -1), NULL), HOURS_CLOSED);
	assert_int_equal(hours_at(&h, at("2026-06-10", 13, 0, -1), NULL), HOURS_OPEN);
	assert_int_equal(hours_at(&h, at("2026-07-08", 13, 0, -1), NULL), HOURS_CLOSED);
	/* Christmas Eve's own morning, Good Friday closed. */
	assert_int_equal(hours_at(&h, at("2026-12-24", 10, 0, -1), NULL), HOURS_OPEN);
	assert_int_equal(hours_at(&h, at("2026-12-24", 13, 0, -1), NULL), HOURS_CLOSED);
	assert_int_equal(hours_at(&h, at("2026-04-03", 11, 0, -1), NULL), HOURS_CLOSED);
}

/* 29 March 2026: at 03:00 the clock jumps to 04:00.  25 October 2026: at
 * 04:00 it goes back to 03:00, so 03:xx happens twice. */
static void
test_clock_changes(void **state)
{
	struct hours_period p[2];
	struct hours_exception e[2];
	struct hours h = fixture(true, p, e);
	static const struct hours_interval autumn[] = {
		{ 0, 180, 210, HOURS_OPEN },
	};
	struct hours_exception ex = { day_of("2026-10-25"), autumn, 1 };
	int64_t spring = at("2026-03-29", 0, 0, -1);

	(void)state;
	/* Saturday 28 March 22:00 - Sunday 02:00, then the Sunday 02-05. */
	assert_int_equal(hours_at(&h, spring + 90 * 60, NULL), HOURS_SELF_SERVICE);	/* 01:30 */
	assert_int_equal(hours_at(&h, spring + 150 * 60, NULL), HOURS_OPEN);	/* 02:30 */
	/* 4 h after midnight is 05:00 summer time: closed; 3.5 h is 04:30. */
	assert_int_equal(hours_at(&h, spring + 210 * 60, NULL), HOURS_OPEN);
	assert_int_equal(hours_at(&h, spring + 240 * 60, NULL), HOURS_CLOSED);

	/* The autumn night's 03:00-03:30 is open both times it comes round. */
	h.exceptions = &ex;
	h.nexceptions = 1;
	assert_int_equal(hours_at(&h, at("2026-10-25", 3, 15, 1), NULL), HOURS_OPEN);
	assert_int_equal(hours_at(&h, at("2026-10-25", 3, 15, 0), NULL), HOURS_OPEN);
	assert_int_equal(at("2026-10-25", 3, 15, 0) - at("2026-10-25", 3, 15, 1), 3600);
	assert_int_equal(hours_at(&h, at("2026-10-25", 3, 45, 0), NULL), HOURS_CLOSED);
}

/*
 * The search's filter over all points does not call hours_at(): it reads
 * each point's intervals as UTC moments (dir_open_intervals()).  Over the
 * weekends of both clock changes of 2026, with an interval over midnight
 * that spans the change, one ending on the night and a day's ordinary
 * hours, a moment is in some interval exactly when hours_at() says the
 * point is not closed, with the same state.  (Intervals that start or end
 * within the 03:00-04:00 the changes skip or repeat are left out: that
 * wall-clock hour is not one moment.)
 */
static void
check_moments(const struct hours *h, const char *friday)
{
	struct dir_open o[32];
	int32_t from = day_of(friday);
	size_t n = dir_open_intervals(h, from, 3, o, 32), i;
	int64_t t, start = dir_local_moment(from, 0);
	int64_t end = dir_local_moment(from + 3, 0);
	enum hours_state want, got;

	assert_true(n > 0 && n < 32);
	for (t = start; t < end; t += 60) {
		want = hours_at(h, t, NULL);
		got = HOURS_CLOSED;
		for (i = 0; i < n; i++)
			if (o[i].starts_at <= t && t < o[i].ends_at)
				got = o[i].state;
		if (got != want)
			fail_msg("%s + %lld min: intervals say %d, hours_at %d",
			    friday, (long long)(t - start) / 60, got, want);
	}
}

static void
test_filter_moments(void **state)
{
	static const struct hours_interval nights[] = {
		{ 5, 600, 960, HOURS_OPEN },		/* Friday 10-16 */
		{ 5, 1320, 150, HOURS_APPOINTMENT },	/* Friday 22-02:30 */
		{ 6, 1260, 300, HOURS_SELF_SERVICE },	/* Saturday 21-05 */
		{ 7, 600, 960, HOURS_OPEN },		/* Sunday 10-16 */
	};
	struct hours h;
	struct dir_open o[16];
	size_t n;

	(void)state;
	memset(&h, 0, sizeof(h));
	h.regular.iv = nights;
	h.regular.n = sizeof(nights) / sizeof(nights[0]);
	check_moments(&h, "2026-03-27");
	check_moments(&h, "2026-10-23");
	/* The nights' lengths: six hours in spring, eight in autumn. */
	n = dir_open_intervals(&h, day_of("2026-03-28"), 1, o, 16);
	assert_int_equal(n, 1);
	assert_int_equal(o[0].ends_at - o[0].starts_at, 7 * 3600);
	assert_int_equal(o[0].starts_at, at("2026-03-28", 21, 0, -1));
	n = dir_open_intervals(&h, day_of("2026-10-24"), 1, o, 16);
	assert_int_equal(n, 1);
	assert_int_equal(o[0].ends_at - o[0].starts_at, 9 * 3600);
	/* Sunday 10-16 is 07-13 UTC in summer time, 08-14 after it. */
	n = dir_open_intervals(&h, day_of("2026-03-29"), 1, o, 16);
	assert_int_equal(n, 1);
	assert_int_equal(o[0].starts_at % 86400, 7 * 3600);
	n = dir_open_intervals(&h, day_of("2026-10-25"), 1, o, 16);
	assert_int_equal(n, 1);
	assert_int_equal(o[0].starts_at % 86400, 8 * 3600);
}

static void
test_valid(void **state)
{
	size_t bad = 99;
	struct hours_interval iv[3];

	(void)state;
	assert_int_equal(hours_valid(week, sizeof(week) / sizeof(week[0]), &bad), 0);
	iv[0] = (struct hours_interval){ 1, 600, 960, HOURS_OPEN };
	iv[1] = (struct hours_interval){ 1, 900, 1000, HOURS_OPEN };
	assert_int_equal(hours_valid(iv, 2, &bad), -1);
	assert_int_equal(bad, 1);
	/* Sunday night over midnight into Monday morning. */
	iv[0] = (struct hours_interval){ 7, 1320, 120, HOURS_OPEN };
	iv[1] = (struct hours_interval){ 1, 60, 180, HOURS_OPEN };
	assert_int_equal(hours_valid(iv, 2, &bad), -1);
	iv[1] = (struct hours_interval){ 1, 120, 180, HOURS_OPEN };
	assert_int_equal(hours_valid(iv, 2, &bad), 0);
	iv[2] = (struct hours_interval){ 3, 600, 600, HOURS_OPEN };
	assert_int_equal(hours_valid(iv, 3, &bad), -1);
	assert_int_equal(bad, 2);
	iv[2] = (struct hours_interval){ 3, 600, 1441, HOURS_OPEN };
	assert_int_equal(hours_valid(iv, 3, &bad), -1);
	iv[2] = (struct hours_interval){ 8, 600, 700, HOURS_OPEN };
	assert_int_equal(hours_valid(iv, 3, &bad), -1);
	iv[2] = (struct hours_interval){ 3, 600, 700, HOURS_CLOSED };
	assert_int_equal(hours_valid(iv, 3, &bad), -1);
	iv[2] = (struct hours_interval){ 3, 0, 1440, HOURS_OPEN };
	assert_int_equal(hours_valid(iv, 3, &bad), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_holidays),
		cmocka_unit_test(test_day_rules),
		cmocka_unit_test(test_open_at),
		cmocka_unit_test(test_clock_changes),
		cmocka_unit_test(test_filter_moments),
		cmocka_unit_test(test_valid),
	};

	time_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * hours.c - one day's opening hours from a service point's rules, and
 * whether it is open at a moment.  See hours.h for the model.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "directory/holidays.h"
#include "directory/hours.h"

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no time zone, no table. */
int32_t
hours_days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void
hours_civil_from_days(int32_t day, int *y, int *m, int *d)
{
	int32_t z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = (int)(z - era * 146097);
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Day 0, 1970-01-01, was a Thursday (4). */
int
hours_weekday(int32_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7) + 1;
}

int
hours_parse_day(const char *s, int32_t *day)
{
	int y, m, d, yy, mm, dd;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*day = hours_days_from_civil(y, m, d);
	/* 2026-02-30 comes back as another date: no such day. */
	hours_civil_from_days(*day, &yy, &mm, &dd);
	return yy == y && mm == m && dd == d ? 0 : -1;
}

/* main() made Europe/Helsinki the local zone (time_init()). */
void
hours_local(int64_t t, int32_t *day, int *minute)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	*day = hours_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	*minute = tm.tm_hour * 60 + tm.tm_min;
}

/* The weekday's intervals of a week into out, in start order. */
static void
week_day(const struct hours_week *w, int weekday, struct hours_day *out)
{
	size_t i, j;

	out->n = 0;
	for (i = 0; i < w->n && out->n < HOURS_DAY_MAX; i++) {
		if (w->iv[i].weekday != weekday)
			continue;
		for (j = out->n; j > 0 && out->iv[j - 1].start > w->iv[i].start;
		    j--)
			out->iv[j] = out->iv[j - 1];
		out->iv[j] = w->iv[i];
		out->n++;
	}
}

void
hours_of_day(const struct hours *h, int32_t day, struct hours_day *out)
{
	const struct hours_period *best = NULL;
	size_t i, j;
	int wd = hours_weekday(day);

	memset(out, 0, sizeof(*out));
	out->day = day;
	out->holiday = holiday_of(day);
	for (i = 0; i < h->nexceptions; i++) {
		const struct hours_exception *e = &h->exceptions[i];

		if (e->day != day)
			continue;
		out->source = HOURS_FROM_EXCEPTION;
		for (j = 0; j < e->n && out->n < HOURS_DAY_MAX; j++) {
			out->iv[out->n] = e->iv[j];
			out->iv[out->n].weekday = (uint8_t)wd;
			out->n++;
		}
		return;
	}
	if (out->holiday != HOLIDAY_NONE && h->closed_on_holidays) {
		out->source = HOURS_FROM_HOLIDAY;
		return;
	}
	/* The shortest period covering the day; of equal ones the later. */
	for (i = 0; i < h->nperiods; i++) {
		const struct hours_period *p = &h->periods[i];

		if (day < p->from_day || day > p->to_day)
			continue;
		if (best == NULL || p->to_day - p->from_day <=
		    best->to_day - best->from_day)
			best = p;
	}
	if (best != NULL) {
		out->source = HOURS_FROM_PERIOD;
		out->period = best;
		week_day(&best->week, wd, out);
		return;
	}
	out->source = HOURS_FROM_WEEK;
	week_day(&h->regular, wd, out);
}

enum hours_state
hours_at(const struct hours *h, int64_t t, int *until)
{
	struct hours_day today, yesterday;
	int32_t day;
	int minute;
	size_t i;

	hours_local(t, &day, &minute);
	hours_of_day(h, day, &today);
	for (i = 0; i < today.n; i++) {
		const struct hours_interval *iv = &today.iv[i];
		bool overnight = iv->end <= iv->start;

		if (minute >= iv->start && (overnight || minute < iv->end)) {
			if (until != NULL)
				*until = overnight ? HOURS_DAY_MIN + iv->end :
				    iv->end;
			return iv->state;
		}
	}
	/* The small hours belong to yesterday's interval over midnight. */
	hours_of_day(h, day - 1, &yesterday);
	for (i = 0; i < yesterday.n; i++) {
		const struct hours_interval *iv = &yesterday.iv[i];

		if (iv->end <= iv->start && minute < iv->end) {
			if (until != NULL)
				*until = iv->end;
			return iv->state;
		}
	}
	return HOURS_CLOSED;
}

/* Minutes of the week an interval covers, as [a, b) from Monday 00:00;
 * an interval over Sunday midnight wraps into Monday. */
static void
week_span(const struct hours_interval *iv, int *a, int *b)
{
	*a = (iv->weekday - 1) * HOURS_DAY_MIN + iv->start;
	*b = (iv->weekday - 1) * HOURS_DAY_MIN + iv->end +
	    (iv->end <= iv->start ? HOURS_DAY_MIN : 0);
}

static bool
spans_overlap(int a1, int b1, int a2, int b2)
{
	const int week = 7 * HOURS_DAY_MIN;

	/* Compare also shifted by a week: Sunday night meets Monday. */
	return (a1 < b2 && a2 < b1) || (a1 < b2 + week && a2 + week < b1) ||
	    (a1 + week < b2 && a2 < b1 + week);
}

int
hours_valid(const struct hours_interval *iv, size_t n, size_t *bad)
{
	size_t i, j;
	int a1, b1, a2, b2;

	for (i = 0; i < n; i++) {
		if (iv[i].weekday < 1 || iv[i].weekday > 7 ||
		    iv[i].start >= HOURS_DAY_MIN || iv[i].end > HOURS_DAY_MIN ||
		    iv[i].end == iv[i].start || iv[i].state == HOURS_CLOSED ||
		    iv[i].state > HOURS_SELF_SERVICE) {
			*bad = i;
			return -1;
		}
		week_span(&iv[i], &a1, &b1);
		for (j = 0; j < i; j++) {
			week_span(&iv[j], &a2, &b2);
			if (spans_overlap(a1, b1, a2, b2)) {
				*bad = i;
				return -1;
			}
		}
	}
	return 0;
}

/*
 * time.c - Helsinki-time formatting in Finnish, Swedish and English.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"

static const char *const time_weekdays[LANG_COUNT][7] = {
	{ "sunnuntai", "maanantai", "tiistai", "keskiviikko", "torstai",
	  "perjantai", "lauantai" },
	{ "söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag",
	  "lördag" },
	{ "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	  "Saturday" },
};

static const char *const time_months_en[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

void
time_init(void)
{
	setenv("TZ", "Europe/Helsinki", 1);
	tzset();
}

int64_t
time_now(void)
{
	return (int64_t)time(NULL);
}

int64_t
time_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
time_local(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	localtime_r(&tt, tm);
}

/*
 * Finnish and Swedish write dates as d.m.yyyy without leading zeros
 * (Kielitoimisto's and Språkrådet's recommendation); English as "6 October
 * 2021", which reads the same in British and international usage.
 */
const char *
time_format_date(struct arena *a, enum lang l, int64_t t)
{
	struct tm tm;

	time_local(t, &tm);
	if (l == LANG_EN)
		return arena_printf(a, "%d %s %d", tm.tm_mday,
		    time_months_en[tm.tm_mon], tm.tm_year + 1900);
	return arena_printf(a, "%d.%d.%d", tm.tm_mday, tm.tm_mon + 1,
	    tm.tm_year + 1900);
}

/* Finnish "klo 9.00" and Swedish "kl. 9.00" use a dot between hours and
 * minutes; English uses "9:00". */
const char *
time_format_datetime(struct arena *a, enum lang l, int64_t t)
{
	struct tm tm;

	time_local(t, &tm);
	switch (l) {
	case LANG_FI:
		return arena_printf(a, "%s %d.%d.%d klo %d.%02d",
		    time_weekdays[l][tm.tm_wday], tm.tm_mday, tm.tm_mon + 1,
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	case LANG_SV:
		return arena_printf(a, "%s %d.%d.%d kl. %d.%02d",
		    time_weekdays[l][tm.tm_wday], tm.tm_mday, tm.tm_mon + 1,
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	case LANG_EN:
		break;
	}
	return arena_printf(a, "%s %d %s %d, %d:%02d",
	    time_weekdays[LANG_EN][tm.tm_wday], tm.tm_mday,
	    time_months_en[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min);
}

const char *
time_format_iso(struct arena *a, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

/*
 * mktime() with tm_isdst = -1 resolves the local offset itself, including
 * the summer-time switch; the round trip check refuses dates like 31.2. and
 * the hour that does not exist in spring.
 */
int
time_parse_local(const char *s, int64_t *out)
{
	struct tm tm;
	int y, mo, d, h, mi, n = 0;
	time_t tt;

	if (sscanf(s, "%4d-%2d-%2d %2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 ||
	    s[n] != '\0' || strlen(s) != 16)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	tt = mktime(&tm);
	if (tt == (time_t)-1 || tm.tm_year != y - 1900 || tm.tm_mon != mo - 1 ||
	    tm.tm_mday != d || tm.tm_hour != h || tm.tm_min != mi)
		return -1;
	*out = (int64_t)tt;
	return 0;
}

void
time_format_http(char out[30], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 30, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/*
 * time.c - Helsinki-time formatting in Finnish, Swedish and English.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/time.h"

/* The test clock (time_init()): seconds added to the system's. */
static int64_t time_offset;

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
	const char *days = getenv("TUKIVERKKO_TEST_CLOCK_DAYS");
	const char *suite = getenv("TUKIVERKKO_TEST_SUITE");
	char *end;
	long n;

	setenv("TZ", "Europe/Helsinki", 1);
	tzset();
	if (days == NULL)
		return;
	/* A server that lives in another month is how the tests see what
	 * depends on the calendar (a quarter's release, release.h); a real
	 * installation must never run on a clock it was not given. */
	if (suite == NULL || strcmp(suite, "1") != 0)
		fatal("TUKIVERKKO_TEST_CLOCK_DAYS is for test suites only "
		    "(TUKIVERKKO_TEST_SUITE=1)");
	n = strtol(days, &end, 10);
	if (*days == '\0' || *end != '\0' || n < -3660 || n > 3660)
		fatal("TUKIVERKKO_TEST_CLOCK_DAYS must be days from -3660 to "
		    "3660");
	time_offset = (int64_t)n * 86400;
}

int64_t
time_now(void)
{
	return (int64_t)time(NULL) + time_offset;
}

int64_t
time_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * localtime_r() takes glibc's time-zone lock and converts through the
 * zone's rules on every call, and the lists call time_local() twice a
 * row (issue 13: 5 % of the archive's CPU, most of it in __tz_convert).
 * Each thread keeps the last span of times known to share one UTC offset
 * and converts a time inside it with arithmetic.  A span is 30 days
 * either side of a time whose offset the times at both ends share:
 * Helsinki's offset changes twice a year, five months apart at the
 * least, so it cannot change and change back inside one.
 */
#define TIME_SPAN (30 * 86400)

struct time_span {
	bool set, ok;		/* ok: one offset all through; else a change
				 * is near, and each time is localtime_r()'s */
	int64_t lo, hi;		/* the span, lo <= t < hi */
	struct tm at;		/* a localtime_r() in it: offset, zone, DST */
};

static _Thread_local struct time_span time_span;

static int64_t
time_floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Local seconds since 1970 (UTC plus the offset) as a calendar time:
 * Howard Hinnant's civil_from_days(). */
static void
time_civil(int64_t s, struct tm *tm)
{
	static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212,
		243, 273, 304, 334 };
	int64_t days = time_floor_div(s, 86400), rem = s - days * 86400;
	int64_t z = days + 719468, era = time_floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t y = yoe + era * 400, d = doy - (153 * mp + 2) / 5 + 1;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	bool leap;

	y += m <= 2;
	leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = m - 1;
	tm->tm_mday = (int)d;
	tm->tm_yday = before[m - 1] + (int)d - 1 + (leap && m > 2);
	tm->tm_wday = (int)(days - time_floor_div(days + 4, 7) * 7 + 4);
	tm->tm_hour = (int)(rem / 3600);
	tm->tm_min = (int)(rem / 60 % 60);
	tm->tm_sec = (int)(rem % 60);
}

void
time_utc(int64_t t, struct tm *tm)
{
	memset(tm, 0, sizeof(*tm));
	time_civil(t, tm);
	tm->tm_zone = "GMT";
}

void
time_local(int64_t t, struct tm *tm)
{
	struct time_span *sp = &time_span;
	struct tm lo, hi;
	time_t tt = (time_t)t, a, b;

	if (!sp->set || t < sp->lo || t >= sp->hi) {
		localtime_r(&tt, tm);
		a = (time_t)(t - TIME_SPAN);
		b = (time_t)(t + TIME_SPAN);
		localtime_r(&a, &lo);
		localtime_r(&b, &hi);
		sp->set = true;
		sp->ok = lo.tm_gmtoff == tm->tm_gmtoff &&
		    hi.tm_gmtoff == tm->tm_gmtoff;
		sp->lo = t - TIME_SPAN;
		sp->hi = t + TIME_SPAN;
		sp->at = *tm;
		return;
	}
	if (!sp->ok) {
		localtime_r(&tt, tm);
		return;
	}
	*tm = sp->at;
	time_civil(t + sp->at.tm_gmtoff, tm);
}

/*
 * The formats below are written digit by digit into a small buffer and
 * copied into the arena once: a list page formats two or three times per
 * row, and vsnprintf()'s format parsing cost more than the text (issue 13).
 */
struct tbuf {
	char s[96];
	size_t n;
};

static void
tb_str(struct tbuf *b, const char *s)
{
	size_t k = strlen(s);

	if (k > sizeof(b->s) - 1 - b->n)
		k = sizeof(b->s) - 1 - b->n;
	memcpy(b->s + b->n, s, k);
	b->n += k;
}

/* v >= 0 in decimal, at least width digits (zero-padded). */
static void
tb_int(struct tbuf *b, int v, int width)
{
	char tmp[12];
	int k = 0;

	if (v < 0)
		v = 0;
	do {
		tmp[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0 && k < (int)sizeof(tmp));
	while (k < width && k < (int)sizeof(tmp))
		tmp[k++] = '0';
	while (k > 0 && b->n < sizeof(b->s) - 1)
		b->s[b->n++] = tmp[--k];
}

static const char *
tb_done(struct arena *a, const struct tbuf *b)
{
	return arena_strndup(a, b->s, b->n);
}

/* "6.10.2021" */
static void
tb_dmy(struct tbuf *b, const struct tm *tm)
{
	tb_int(b, tm->tm_mday, 1);
	tb_str(b, ".");
	tb_int(b, tm->tm_mon + 1, 1);
	tb_str(b, ".");
	tb_int(b, tm->tm_year + 1900, 1);
}

/*
 * Finnish and Swedish write dates as d.m.yyyy without leading zeros
 * (Kielitoimisto's and Språkrådet's recommendation); English as "6 October
 * 2021", which reads the same in British and international usage.
 */
const char *
time_format_date(struct arena *a, enum lang l, int64_t t)
{
	struct tbuf b = { .n = 0 };
	struct tm tm;

	time_local(t, &tm);
	if (l == LANG_EN) {
		tb_int(&b, tm.tm_mday, 1);
		tb_str(&b, " ");
		tb_str(&b, time_months_en[tm.tm_mon]);
		tb_str(&b, " ");
		tb_int(&b, tm.tm_year + 1900, 1);
	} else
		tb_dmy(&b, &tm);
	return tb_done(a, &b);
}

const char *
time_format_clock_tm(struct arena *a, enum lang l, const struct tm *tm)
{
	struct tbuf b = { .n = 0 };

	tb_int(&b, tm->tm_hour, 1);
	tb_str(&b, l == LANG_EN ? ":" : ".");
	tb_int(&b, tm->tm_min, 2);
	return tb_done(a, &b);
}

/* Finnish "klo 9.00" and Swedish "kl. 9.00" use a dot between hours and
 * minutes; English uses "9:00". */
const char *
time_format_datetime_tm(struct arena *a, enum lang l, const struct tm *tm)
{
	struct tbuf b = { .n = 0 };

	tb_str(&b, time_weekdays[l == LANG_SV || l == LANG_FI ? l :
	    LANG_EN][tm->tm_wday]);
	tb_str(&b, " ");
	if (l == LANG_FI || l == LANG_SV) {
		tb_dmy(&b, tm);
		tb_str(&b, l == LANG_FI ? " klo " : " kl. ");
		tb_int(&b, tm->tm_hour, 1);
		tb_str(&b, ".");
	} else {
		tb_int(&b, tm->tm_mday, 1);
		tb_str(&b, " ");
		tb_str(&b, time_months_en[tm->tm_mon]);
		tb_str(&b, " ");
		tb_int(&b, tm->tm_year + 1900, 1);
		tb_str(&b, ", ");
		tb_int(&b, tm->tm_hour, 1);
		tb_str(&b, ":");
	}
	tb_int(&b, tm->tm_min, 2);
	return tb_done(a, &b);
}

const char *
time_format_datetime(struct arena *a, enum lang l, int64_t t)
{
	struct tm tm;

	time_local(t, &tm);
	return time_format_datetime_tm(a, l, &tm);
}

const char *
time_format_datetime_on(struct arena *a, enum lang l, int64_t t)
{
	static const char *const essive[7] = { "sunnuntaina", "maanantaina",
	    "tiistaina", "keskiviikkona", "torstaina", "perjantaina",
	    "lauantaina" };
	struct tm tm;

	if (l == LANG_SV)
		return time_format_datetime(a, l, t);
	if (l == LANG_EN)
		return arena_printf(a, "on %s", time_format_datetime(a, l, t));
	time_local(t, &tm);
	return arena_printf(a, "%s %d.%d.%d klo %d.%02d", essive[tm.tm_wday],
	    tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min);
}

const char *
time_format_iso(struct arena *a, int64_t t)
{
	struct tbuf b = { .n = 0 };
	struct tm tm;

	time_utc(t, &tm);
	tb_int(&b, tm.tm_year + 1900, 4);
	tb_str(&b, "-");
	tb_int(&b, tm.tm_mon + 1, 2);
	tb_str(&b, "-");
	tb_int(&b, tm.tm_mday, 2);
	tb_str(&b, "T");
	tb_int(&b, tm.tm_hour, 2);
	tb_str(&b, ":");
	tb_int(&b, tm.tm_min, 2);
	tb_str(&b, ":");
	tb_int(&b, tm.tm_sec, 2);
	tb_str(&b, "Z");
	return tb_done(a, &b);
}

void
time_local_date(int64_t t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
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
	int y, mo, d, h, mi;
	time_t tt;

	/* Exactly "YYYY-MM-DD HH:MM": sscanf() would also take signs and
	 * spaces inside the fields. */
	if (strlen(s) != 16 || s[4] != '-' || s[7] != '-' || s[10] != ' ' ||
	    s[13] != ':')
		return -1;
	y = str_digits(s, 4);
	mo = str_digits(s + 5, 2);
	d = str_digits(s + 8, 2);
	h = str_digits(s + 11, 2);
	mi = str_digits(s + 14, 2);
	if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0)
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
	struct tm tm;

	time_utc(t, &tm);
	strftime(out, 30, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

const char *
time_format_local(struct arena *a, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char out[32];

	if (t == 0 || localtime_r(&tt, &tm) == NULL)
		return NULL;
	strftime(out, sizeof(out), "%Y-%m-%d %H:%M", &tm);
	return arena_strdup(a, out);
}

bool
time_date_valid(const char *s)
{
	struct tm tm;
	int y, m, d, i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	/* timegm() normalises 31.4. to 1.5.: a round trip tells. */
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	timegm(&tm);
	return tm.tm_mon == m - 1 && tm.tm_mday == d;
}

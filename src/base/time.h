/*
 * time.h - clocks and the formatting of dates for people.
 *
 * Times are stored as UTC seconds and shown in Europe/Helsinki; main() sets
 * TZ once before any thread starts, so localtime_r() is the Helsinki clock.
 */
#ifndef TV_BASE_TIME_H
#define TV_BASE_TIME_H

#include <stdint.h>
#include <stdbool.h>
#include <time.h>

#include "base/arena.h"
#include "base/lang.h"

/*
 * Makes Europe/Helsinki the local zone; call before starting threads.  In
 * a test suite (TUKIVERKKO_TEST_SUITE=1) TUKIVERKKO_TEST_CLOCK_DAYS=N moves
 * time_now() N days away; elsewhere that variable stops the program.
 */
void time_init(void);

/* Seconds since the epoch, UTC (moved by the test clock). */
int64_t time_now(void);

/* Monotonic nanoseconds, for durations. */
int64_t time_mono_ns(void);

/* Helsinki's broken-down time at t (localtime_r()). */
void time_local(int64_t t, struct tm *tm);

/* The broken-down time at t in UTC, as gmtime_r() gives it but with
 * arithmetic alone: gmtime_r() takes glibc's time-zone lock, which every
 * date of a feed went through. */
void time_utc(int64_t t, struct tm *tm);

/* A date as its language writes it: "6.10.2021" (fi, sv), "6 October 2021". */
const char *time_format_date(struct arena *a, enum lang l, int64_t t);

/* Weekday, date and time: "keskiviikko 6.10.2021 klo 9.00". */
const char *time_format_datetime(struct arena *a, enum lang l, int64_t t);

/* The same from a time_local() already taken, and its clock alone: "9.00"
 * (fi, sv), "9:00" (en).  A list formats each row's times from one
 * time_local() a time. */
const char *time_format_datetime_tm(struct arena *a, enum lang l,
    const struct tm *tm);
const char *time_format_clock_tm(struct arena *a, enum lang l,
    const struct tm *tm);

/* The same after a verb ("Registration closes ..."): Finnish puts the
 * weekday in the essive, "keskiviikkona 6.10.2021 klo 9.00"; English
 * "on Wednesday 6 October 2021, 9:00"; Swedish as time_format_datetime(). */
const char *time_format_datetime_on(struct arena *a, enum lang l, int64_t t);

/* ISO 8601 UTC "2021-10-06T06:00:00Z", for <time datetime> and feeds. */
const char *time_format_iso(struct arena *a, int64_t t);

/* Helsinki local time "2021-10-06 09:00", the one date format of every
 * CSV export (spreadsheets read it in any locale); NULL for 0. */
const char *time_format_local(struct arena *a, int64_t t);

/* The Helsinki date "2021-10-06" at t: today's for the programme's due
 * dates. */
void time_local_date(int64_t t, char out[11]);

/* Parses "YYYY-MM-DD HH:MM" as Helsinki local time; 0 or -1. */
int time_parse_local(const char *s, int64_t *out);

/* A date "YYYY-MM-DD" that exists in the calendar (1970-2999). */
bool time_date_valid(const char *s);

/* IMF-fixdate for HTTP headers: "Wed, 06 Oct 2021 06:00:00 GMT". */
void time_format_http(char out[30], int64_t t);

#endif

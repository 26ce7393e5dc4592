/*
 * hours.h - opening hours as service points keep them, and the answer to
 * "what are the hours on this day" and "is it open at this moment".
 *
 * A service point has regular weekly hours; date-limited periods (summer,
 * a renovation) that replace them for their days; single-day exceptions;
 * and a choice to close on Finnish public holidays (holidays.c computes
 * them, Easter- and midsummer-based ones included).  For one day the most
 * specific rule wins:
 *
 *	exception for the day  >  holiday (when the point closes on them)
 *	>  the shortest period covering the day  >  the regular week
 *
 * (of two periods of the same length, the one listed later).  An interval
 * may run over midnight (22:00-02:00 belongs to the day it starts on) and a
 * day may hold several.  Times are wall-clock minutes in Europe/Helsinki,
 * so "open at" is right across midnight and both clock changes: the moment
 * is turned into Helsinki's date and minute first.
 *
 * Days are counted from 1970-01-01 (day 0) in the civil calendar, with no
 * time zone: a date, not a moment.
 */
#ifndef TV_DIRECTORY_HOURS_H
#define TV_DIRECTORY_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a point is at a moment.  Stored as these numbers. */
enum hours_state {
	HOURS_CLOSED = 0,
	HOURS_OPEN = 1,
	HOURS_APPOINTMENT = 2,		/* by appointment only */
	HOURS_SELF_SERVICE = 3,		/* e.g. a library's self-service hours */
};

#define HOURS_DAY_MIN	1440

/*
 * One interval: [start, end) minutes of the day.  end <= start runs over
 * midnight into the next day (22:00-02:00 is 1320-120); 0-1440 is the
 * whole day.  weekday (1 Monday .. 7 Sunday) is used in weekly rules.
 */
struct hours_interval {
	uint8_t		 weekday;
	uint16_t	 start;
	uint16_t	 end;
	enum hours_state state;
};

/* Weekly hours: intervals with their weekday; a weekday with none is
 * closed. */
struct hours_week {
	const struct hours_interval *iv;
	size_t		 n;
};

/* A period replaces the regular week from its first to its last day. */
struct hours_period {
	int32_t		 from_day;
	int32_t		 to_day;		/* inclusive */
	struct hours_week week;
};

/* One day's own hours: closed, or the intervals given (weekday unused). */
struct hours_exception {
	int32_t		 day;
	const struct hours_interval *iv;
	size_t		 n;		/* 0: closed all day */
};

struct hours {
	struct hours_week regular;
	const struct hours_period *periods;
	size_t		 nperiods;
	const struct hours_exception *exceptions;
	size_t		 nexceptions;
	bool		 closed_on_holidays;
};

/* Which rule decided a day. */
enum hours_source {
	HOURS_FROM_WEEK,
	HOURS_FROM_PERIOD,
	HOURS_FROM_HOLIDAY,
	HOURS_FROM_EXCEPTION,
};

#define HOURS_DAY_MAX	8	/* intervals one day may have */

/* One day's hours after every rule, in start order. */
struct hours_day {
	int32_t		 day;
	enum hours_source source;
	const struct hours_period *period;	/* HOURS_FROM_PERIOD */
	int		 holiday;		/* holidays.h kind, or 0 */
	struct hours_interval iv[HOURS_DAY_MAX];
	size_t		 n;			/* 0: closed */
};

/* Civil date <-> day number, and the ISO weekday (1 Monday .. 7 Sunday). */
int32_t hours_days_from_civil(int y, int m, int d);
void hours_civil_from_days(int32_t day, int *y, int *m, int *d);
int hours_weekday(int32_t day);

/* "YYYY-MM-DD" to a day number: 0, or -1 if it is no date. */
int hours_parse_day(const char *s, int32_t *day);

/* A moment (Unix seconds) as Helsinki's day and minute of the day. */
void hours_local(int64_t t, int32_t *day, int *minute);

/* The hours of one day. */
void hours_of_day(const struct hours *h, int32_t day, struct hours_day *out);

/* The state at moment t: open, by appointment, self-service or closed;
 * *until (may be NULL) gets the minute of the local day t falls on at which
 * the current interval ends (over 1440 when it ends after midnight). */
enum hours_state hours_at(const struct hours *h, int64_t t, int *until);

/*
 * Checks a set of intervals as an editor would: minutes in range, no
 * interval of zero length, no two overlapping on the same weekday (an
 * over-midnight interval counts on both days).  0, or -1 with *bad the
 * index of the first interval at fault.
 */
int hours_valid(const struct hours_interval *iv, size_t n, size_t *bad);

#endif

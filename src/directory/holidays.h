/*
 * holidays.h - Finnish public holidays, computed for any year.
 *
 * Fixed dates (New Year, Epiphany, May Day, Independence Day, Christmas),
 * those that follow Easter (Good Friday to Whit Sunday), and the ones that
 * fall on the Saturday of a week (Midsummer Day, All Saints' Day).  The two
 * eves most services close on, Midsummer Eve and Christmas Eve, are not
 * public holidays in law but are listed, marked as eves.  HSDS cannot say
 * "closed on public holidays" (Open Referral issue #440); we compute them.
 */
#ifndef TV_DIRECTORY_HOLIDAYS_H
#define TV_DIRECTORY_HOLIDAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum holiday_kind {
	HOLIDAY_NONE = 0,
	HOLIDAY_NEW_YEAR,
	HOLIDAY_EPIPHANY,
	HOLIDAY_GOOD_FRIDAY,
	HOLIDAY_EASTER,
	HOLIDAY_EASTER_MONDAY,
	HOLIDAY_MAY_DAY,
	HOLIDAY_ASCENSION,
	HOLIDAY_WHITSUN,
	HOLIDAY_MIDSUMMER_EVE,
	HOLIDAY_MIDSUMMER,
	HOLIDAY_ALL_SAINTS,
	HOLIDAY_INDEPENDENCE,
	HOLIDAY_CHRISTMAS_EVE,
	HOLIDAY_CHRISTMAS,
	HOLIDAY_BOXING_DAY,
};

#define HOLIDAYS_PER_YEAR 15

struct holiday {
	enum holiday_kind kind;
	int32_t		 day;		/* hours.h day number */
	bool		 eve;		/* not a public holiday in law */
};

/* The year's holidays in date order; returns how many (15). */
size_t holidays_of_year(int year, struct holiday out[HOLIDAYS_PER_YEAR]);

/* The holiday on day, or HOLIDAY_NONE. */
enum holiday_kind holiday_of(int32_t day);

/* Easter Sunday of a Gregorian year, as a day number. */
int32_t holiday_easter(int year);

#endif

/*
 * holidays.c - Finnish public holidays (Vapaapäivälaki / the Church Act's
 * feast days): fixed, Easter-based and the Saturdays of Midsummer and All
 * Saints.
 */
#include "directory/holidays.h"
#include "directory/hours.h"

/*
 * Gregorian Easter Sunday by the anonymous ("Meeus/Jones/Butcher")
 * algorithm, valid for every Gregorian year.
 */
int32_t
holiday_easter(int year)
{
	int a = year % 19, b = year / 100, c = year % 100, d = b / 4,
	    e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3,
	    h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4,
	    l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451,
	    month = (h + l - 7 * m + 114) / 31,
	    day = (h + l - 7 * m + 114) % 31 + 1;

	return hours_days_from_civil(year, month, day);
}

/* The first day on or after (y, m, d) that is the given ISO weekday. */
static int32_t
on_or_after(int y, int m, int d, int weekday)
{
	int32_t day = hours_days_from_civil(y, m, d);

	return day + (weekday - hours_weekday(day) + 7) % 7;
}

size_t
holidays_of_year(int year, struct holiday out[HOLIDAYS_PER_YEAR])
{
	int32_t easter = holiday_easter(year);
	/* Midsummer Day is the Saturday of 20-26 June, its eve the Friday
	 * before; All Saints' Day the Saturday of 31 October - 6 November. */
	int32_t midsummer = on_or_after(year, 6, 20, 6);
	const struct holiday all[HOLIDAYS_PER_YEAR] = {
		{ HOLIDAY_NEW_YEAR, hours_days_from_civil(year, 1, 1), false },
		{ HOLIDAY_EPIPHANY, hours_days_from_civil(year, 1, 6), false },
		{ HOLIDAY_GOOD_FRIDAY, easter - 2, false },
		{ HOLIDAY_EASTER, easter, false },
		{ HOLIDAY_EASTER_MONDAY, easter + 1, false },
		{ HOLIDAY_MAY_DAY, hours_days_from_civil(year, 5, 1), false },
		{ HOLIDAY_ASCENSION, easter + 39, false },
		{ HOLIDAY_WHITSUN, easter + 49, false },
		{ HOLIDAY_MIDSUMMER_EVE, midsummer - 1, true },
		{ HOLIDAY_MIDSUMMER, midsummer, false },
		{ HOLIDAY_ALL_SAINTS, on_or_after(year, 10, 31, 6), false },
		{ HOLIDAY_INDEPENDENCE, hours_days_from_civil(year, 12, 6),
		    false },
		{ HOLIDAY_CHRISTMAS_EVE, hours_days_from_civil(year, 12, 24),
		    true },
		{ HOLIDAY_CHRISTMAS, hours_days_from_civil(year, 12, 25), false },
		{ HOLIDAY_BOXING_DAY, hours_days_from_civil(year, 12, 26),
		    false },
	};
	size_t i, j;

	for (i = 0; i < HOLIDAYS_PER_YEAR; i++)
		out[i] = all[i];
	/* In date order: with an early Easter, Ascension Day comes before
	 * May Day. */
	for (i = 1; i < HOLIDAYS_PER_YEAR; i++)
		for (j = i; j > 0 && out[j].day < out[j - 1].day; j--) {
			struct holiday t = out[j];

			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return HOLIDAYS_PER_YEAR;
}

enum holiday_kind
holiday_of(int32_t day)
{
	struct holiday h[HOLIDAYS_PER_YEAR];
	int y, m, d;
	size_t i, n;

	hours_civil_from_days(day, &y, &m, &d);
	n = holidays_of_year(y, h);
	for (i = 0; i < n; i++)
		if (h[i].day == day)
			return h[i].kind;
	return HOLIDAY_NONE;
}

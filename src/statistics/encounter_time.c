/*
 * encounter_time.c - the hour, day, ISO week and month of an encounter in
 * Europe/Helsinki.
 *
 * The day comes from the zone's rules (directory/hours.h: hours_local(),
 * localtime_r() under TZ=Europe/Helsinki), never from adding a fixed
 * offset, so a moment just after midnight local time on a summer night
 * is on the right day.  Weeks and months are then pure calendar
 * arithmetic on the day number, with no zone left in them.
 */
#include <string.h>
#include <time.h>

#include "directory/hours.h"
#include "statistics/encounter.h"

int64_t
encounter_hour(int64_t t)
{
	int64_t r = t % 3600;

	/* Floor, also before 1970. */
	return t - (r < 0 ? r + 3600 : r);
}

int
encounter_hour_of_day(int64_t t)
{
	int32_t day;
	int minute;

	hours_local(t, &day, &minute);
	return minute / 60;
}

int32_t
encounter_day(int64_t t)
{
	int32_t day;
	int minute;

	hours_local(t, &day, &minute);
	return day;
}

/*
 * Midnight exists on every Helsinki day (the clocks change at 03:00 and
 * 04:00), so mktime() with the zone left to decide the offset
 * (tm_isdst = -1) names one moment.
 */
int64_t
encounter_day_start(int32_t day)
{
	struct tm tm;
	int y, m, d;

	hours_civil_from_days(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/*
 * ISO 8601: weeks start on Monday and a week belongs to the year of its
 * Thursday.  So the Thursday of the day's week decides the year, and the
 * week is how many weeks that Thursday is past the year's first Thursday.
 */
int32_t
encounter_iso_week(int32_t day, int *year, int *week)
{
	int32_t thursday = day - (hours_weekday(day) - 4), jan1;
	int y, m, d;

	hours_civil_from_days(thursday, &y, &m, &d);
	jan1 = hours_days_from_civil(y, 1, 1);
	*year = y;
	*week = (int)((thursday - jan1) / 7) + 1;
	return (int32_t)(y * 100 + *week);
}

int32_t
encounter_month(int32_t day)
{
	int y, m, d;

	hours_civil_from_days(day, &y, &m, &d);
	return (int32_t)(y * 12 + (m - 1));
}

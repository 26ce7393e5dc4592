-- Support-encounter statistics (issue #16): the day roll-up without the
-- service point and the form of support, for the trend of a region or a
-- municipality by ISO week or by day on the dashboard.
--
-- encounter_day_count keeps a row per day, point and form: a region's
-- year of it is hundreds of thousands of rows once every point has had
-- every form on most days.  This table is the same counts by municipality
-- (a region's year: its municipalities times 365 rows), kept in the same
-- transaction as every insert, undo and import (src/statistics/store.c)
-- and pruned like it: a row whose count reaches 0 is deleted, so it
-- always equals a recount of the encounters.  A supporter's figures (some
-- points) still come from encounter_day_count.
CREATE TABLE encounter_municipality_day_count (
	region_id INTEGER NOT NULL,
	day INTEGER NOT NULL,
	municipality_code TEXT NOT NULL,
	n INTEGER NOT NULL,
	people INTEGER NOT NULL,
	PRIMARY KEY (region_id, day, municipality_code)
);
CREATE INDEX encounter_municipality_day_count_municipality
	ON encounter_municipality_day_count(municipality_code, day);
INSERT INTO encounter_municipality_day_count (region_id, day,
	municipality_code, n, people)
	SELECT region_id, day, municipality_code, sum(n), sum(people)
	FROM encounter_day_count
	GROUP BY region_id, day, municipality_code;

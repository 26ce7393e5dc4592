-- Support-encounter statistics (issue #16): the month roll-up without the
-- service point, for the dashboards of a region and of a municipality.
--
-- encounter_month_count keeps a row per point, month, dimension and value;
-- a region's dashboard summed tens of thousands of them for a year.  This
-- table is the same sums by municipality instead of point (a municipality
-- has several points), kept in the same transaction as every insert, undo
-- and import (src/statistics/store.c), and pruned like it: a row whose
-- count reaches 0 is deleted, so it always equals a recount of the
-- encounters.  A supporter's figures (some points) still come from
-- encounter_month_count.
CREATE TABLE encounter_municipality_month_count (
	region_id INTEGER NOT NULL,
	dim TEXT NOT NULL CHECK (dim IN ('form', 'topic', 'age', 'language',
		'duration', 'outcome')),
	month INTEGER NOT NULL,
	municipality_code TEXT NOT NULL,
	value TEXT NOT NULL,
	n INTEGER NOT NULL,
	people INTEGER NOT NULL,
	PRIMARY KEY (region_id, dim, month, municipality_code, value)
);
CREATE INDEX encounter_municipality_month_count_municipality
	ON encounter_municipality_month_count(municipality_code, dim, month);
INSERT INTO encounter_municipality_month_count (region_id, dim, month,
	municipality_code, value, n, people)
	SELECT region_id, dim, month, municipality_code, value, sum(n),
		sum(people)
	FROM encounter_month_count
	GROUP BY region_id, dim, month, municipality_code, value;
-- Forgetting who logged the encounters past the undo window, at each new
-- one: the recorder's rows older than the window, not every row of the
-- window (thousands at a busy hour).
CREATE INDEX encounter_recorder_at ON encounter(recorded_by, recorded_at);

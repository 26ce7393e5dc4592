-- Support-encounter statistics (issue #16): the encounters supporters log
-- and the roll-ups the dashboards read.
--
-- An encounter is anonymous: where (the service point, with its
-- municipality and region as they were when it was logged), when (the
-- Helsinki hour it started in, and its day), and what - topics, form of
-- support, duration band, age band, language, outcome, head-count.  No
-- name, no free text, no client address.  Who logged it is kept only for
-- "undo last": recorded_by is cleared once the undo window has passed
-- (src/statistics/store.c) and by the privacy provider.
--
-- The keys are those of src/statistics/encounter.h; forms of support and
-- topics are the reference keys of data/support-forms.csv and
-- data/support-topics.csv, checked in C when an encounter is logged.
CREATE TABLE encounter (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES region(id),
	municipality_code TEXT NOT NULL CHECK (length(municipality_code) = 3),
	point_id INTEGER NOT NULL REFERENCES service_point(id),
	hour INTEGER NOT NULL,		-- UTC seconds: the start of its hour
	day INTEGER NOT NULL,		-- Helsinki date, days since 1970-01-01
	month INTEGER NOT NULL,		-- year * 12 + month - 1
	form TEXT NOT NULL,
	duration TEXT NOT NULL
		CHECK (duration IN ('under-10', '10-30', '30-60', 'over-60')),
	age TEXT NOT NULL
		CHECK (age IN ('under-25', '25-64', '65-74', '75-plus', 'unknown')),
	language TEXT NOT NULL CHECK (length(language) = 2),
	outcome TEXT NOT NULL CHECK (outcome IN ('resolved', 'partly', 'referred')),
	people INTEGER NOT NULL DEFAULT 1 CHECK (people >= 1 AND people <= 500),
	source TEXT NOT NULL DEFAULT 'log'
		CHECK (source IN ('log', 'tally', 'import', 'demo')),
	recorded_by INTEGER REFERENCES account(id) ON DELETE SET NULL,
	recorded_at INTEGER NOT NULL
);
-- "Undo last" and the clearing of recorders past the window: only the
-- few rows that still name their recorder are in it.
CREATE INDEX encounter_recorder ON encounter(recorded_by, id)
	WHERE recorded_by IS NOT NULL;
CREATE INDEX encounter_recorded ON encounter(recorded_at)
	WHERE recorded_by IS NOT NULL;
-- A point's encounters by day (recounts, a point's own figures).
CREATE INDEX encounter_point_day ON encounter(point_id, day);

CREATE TABLE encounter_topic (
	encounter_id INTEGER NOT NULL REFERENCES encounter(id) ON DELETE CASCADE,
	topic TEXT NOT NULL,
	PRIMARY KEY (encounter_id, topic)
);

-- Roll-ups, kept in the transaction of every insert, undo and import
-- (store.c): n encounters and their head-count (people).  A row whose n
-- falls to 0 is deleted, so a roll-up holds exactly what a recount of
-- the encounters gives.
--
-- By day: every encounter has one form of support, so the sum over forms
-- is the day's total; weeks are seven days of this table.
CREATE TABLE encounter_day_count (
	region_id INTEGER NOT NULL,
	day INTEGER NOT NULL,
	municipality_code TEXT NOT NULL,
	point_id INTEGER NOT NULL,
	form TEXT NOT NULL,
	n INTEGER NOT NULL,
	people INTEGER NOT NULL,
	PRIMARY KEY (region_id, day, municipality_code, point_id, form)
);
CREATE INDEX encounter_day_count_municipality
	ON encounter_day_count(municipality_code, day);
CREATE INDEX encounter_day_count_point ON encounter_day_count(point_id, day);

-- By month and one dimension at a time: form, topic (an encounter with
-- two topics counts under both), age, language, duration, outcome.
CREATE TABLE encounter_month_count (
	region_id INTEGER NOT NULL,
	dim TEXT NOT NULL CHECK (dim IN ('form', 'topic', 'age', 'language',
		'duration', 'outcome')),
	month INTEGER NOT NULL,
	municipality_code TEXT NOT NULL,
	point_id INTEGER NOT NULL,
	value TEXT NOT NULL,
	n INTEGER NOT NULL,
	people INTEGER NOT NULL,
	PRIMARY KEY (region_id, dim, month, municipality_code, point_id, value)
);
CREATE INDEX encounter_month_count_municipality
	ON encounter_month_count(municipality_code, dim, month);
CREATE INDEX encounter_month_count_point
	ON encounter_month_count(point_id, dim, month);

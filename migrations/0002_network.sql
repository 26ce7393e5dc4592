-- The network: regions, municipalities, organisations, people and their
-- roles, programme periods and which municipalities took part in them.
-- Translatable content has one column per language (_fi, _sv, _en); the
-- application falls back fi -> sv -> en when a version is missing.

CREATE TABLE region (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name_fi TEXT NOT NULL,
	name_sv TEXT NOT NULL DEFAULT '',
	name_en TEXT NOT NULL DEFAULT '',
	network_fi TEXT NOT NULL DEFAULT '',
	network_sv TEXT NOT NULL DEFAULT '',
	network_en TEXT NOT NULL DEFAULT '',
	intro_fi TEXT NOT NULL DEFAULT '',
	intro_sv TEXT NOT NULL DEFAULT '',
	intro_en TEXT NOT NULL DEFAULT ''
);

-- Statistics Finland municipality codes are three digits, kept as text so
-- that leading zeros survive ("018" Askola).
CREATE TABLE municipality (
	code TEXT PRIMARY KEY CHECK (length(code) = 3),
	region_id INTEGER NOT NULL REFERENCES region(id),
	name_fi TEXT NOT NULL,
	name_sv TEXT NOT NULL,
	name_en TEXT NOT NULL DEFAULT '',
	language_status TEXT NOT NULL
		CHECK (language_status IN ('fi', 'sv', 'fi+sv', 'sv+fi')),
	centre_lat REAL,
	centre_lon REAL,
	support_fi TEXT NOT NULL DEFAULT '',
	support_sv TEXT NOT NULL DEFAULT '',
	support_en TEXT NOT NULL DEFAULT ''
);
CREATE INDEX municipality_region ON municipality(region_id);

CREATE TABLE organisation (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES region(id),
	municipality_code TEXT REFERENCES municipality(code),
	kind TEXT NOT NULL CHECK (kind IN ('municipal-unit', 'library',
		'association', 'parish', 'adult-education', 'company',
		'regional-council', 'agency', 'other')),
	name_fi TEXT NOT NULL,
	name_sv TEXT NOT NULL DEFAULT '',
	name_en TEXT NOT NULL DEFAULT '',
	website TEXT NOT NULL DEFAULT ''
);
CREATE INDEX organisation_municipality ON organisation(municipality_code);

-- People are shown publicly only with their consent (is_public = 1).
CREATE TABLE person (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	title_fi TEXT NOT NULL DEFAULT '',
	title_sv TEXT NOT NULL DEFAULT '',
	title_en TEXT NOT NULL DEFAULT '',
	organisation_id INTEGER REFERENCES organisation(id),
	email TEXT NOT NULL DEFAULT '',
	is_public INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1))
);
CREATE INDEX person_organisation ON person(organisation_id);

CREATE TABLE person_role (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('project-manager', 'project-planner',
		'tutor', 'municipal-coordinator', 'supporter', 'speaker')),
	municipality_code TEXT REFERENCES municipality(code),
	UNIQUE (person_id, role, municipality_code)
);
CREATE INDEX person_role_municipality ON person_role(municipality_code);

CREATE TABLE programme_period (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES region(id),
	year INTEGER NOT NULL,
	format TEXT NOT NULL
		CHECK (format IN ('visits', 'tutor-webinars', 'sparring', 'other')),
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL,
	summary_fi TEXT NOT NULL DEFAULT '',
	summary_sv TEXT NOT NULL DEFAULT '',
	summary_en TEXT NOT NULL DEFAULT '',
	UNIQUE (region_id, year)
);

CREATE TABLE period_municipality (
	period_id INTEGER NOT NULL REFERENCES programme_period(id) ON DELETE CASCADE,
	municipality_code TEXT NOT NULL REFERENCES municipality(code),
	role TEXT NOT NULL CHECK (role IN ('tutor', 'sparred', 'participant')),
	PRIMARY KEY (period_id, municipality_code)
);
CREATE INDEX period_municipality_code ON period_municipality(municipality_code);

-- Events start here as a record (title, time, place); the events module
-- grows agenda, registration and attendance around it.
CREATE TABLE event (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES region(id),
	kind TEXT NOT NULL CHECK (kind IN ('webinar', 'on-site', 'hybrid')),
	title_fi TEXT NOT NULL,
	title_sv TEXT NOT NULL DEFAULT '',
	title_en TEXT NOT NULL DEFAULT '',
	summary_fi TEXT NOT NULL DEFAULT '',
	summary_sv TEXT NOT NULL DEFAULT '',
	summary_en TEXT NOT NULL DEFAULT '',
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL CHECK (ends_at >= starts_at),
	attendees INTEGER
);
CREATE INDEX event_starts ON event(region_id, starts_at);

-- Municipalities that presented or took part in an event.
CREATE TABLE event_municipality (
	event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
	municipality_code TEXT NOT NULL REFERENCES municipality(code),
	PRIMARY KEY (event_id, municipality_code)
);
CREATE INDEX event_municipality_code ON event_municipality(municipality_code);

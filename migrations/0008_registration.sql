-- Registration for events: settings per event, configurable questions,
-- registrations with their waiting list and seat offers, and the answers.
--
-- Seats are counted, not stored: an event's taken seats are the group sizes
-- of its 'confirmed' and 'offered' registrations.  Every change of status
-- happens inside one IMMEDIATE transaction, which SQLite serialises, so two
-- registrations can never take the last seat twice.

-- NULL capacity: the event takes no registrations.
ALTER TABLE event ADD COLUMN capacity INTEGER CHECK (capacity >= 0);
ALTER TABLE event ADD COLUMN registration_opens INTEGER;
ALTER TABLE event ADD COLUMN registration_closes INTEGER;
-- Largest group one registrant may sign up (themselves included).
ALTER TABLE event ADD COLUMN group_max INTEGER NOT NULL DEFAULT 1
	CHECK (group_max BETWEEN 1 AND 50);
-- Consent text shown above the submit button (Markdown).
ALTER TABLE event ADD COLUMN consent_fi TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN consent_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN consent_en TEXT NOT NULL DEFAULT '';
-- How long a seat offer to the waiting list stays open.
ALTER TABLE event ADD COLUMN offer_hours INTEGER NOT NULL DEFAULT 24
	CHECK (offer_hours BETWEEN 1 AND 168);
-- When the reminder goes out, in hours before the start.
ALTER TABLE event ADD COLUMN reminder_hours INTEGER NOT NULL DEFAULT 24
	CHECK (reminder_hours BETWEEN 1 AND 336);

CREATE TABLE event_question (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
	position INTEGER NOT NULL DEFAULT 0,
	kind TEXT NOT NULL CHECK (kind IN ('text', 'choice', 'yesno')),
	label_fi TEXT NOT NULL DEFAULT '',
	label_sv TEXT NOT NULL DEFAULT '',
	label_en TEXT NOT NULL DEFAULT '',
	-- For 'choice': the options, one per line (fi|sv|en per line).
	choices TEXT NOT NULL DEFAULT '',
	required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1))
);
CREATE INDEX event_question_event ON event_question(event_id, position);

CREATE TABLE registration (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
	-- The form's one-time submission id: a double click or a retry of the
	-- same form finds this row instead of making a second one.
	submission TEXT NOT NULL,
	-- SHA-256 of the secret in the registrant's view/change/cancel link,
	-- as hex.  (Declared BLOB until the PostgreSQL backend, where BYTEA
	-- would turn the hex into an escape string; the values were always
	-- text, and SQLite keeps them as they are under either name.)
	token_hash TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	email TEXT NOT NULL,
	organisation TEXT NOT NULL DEFAULT '',
	municipality_code TEXT REFERENCES municipality(code),
	group_size INTEGER NOT NULL DEFAULT 1 CHECK (group_size >= 1),
	lang TEXT NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
	status TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting',
		'offered', 'cancelled', 'declined', 'expired')),
	-- Place in the waiting list: increasing per event, set on joining it.
	waiting_seq INTEGER,
	offer_expires_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	-- Set when the personal data (name, e-mail, organisation, answers)
	-- has been erased after the event; the row stays for the counts.
	erased_at INTEGER,
	UNIQUE (event_id, submission)
);
CREATE INDEX registration_event ON registration(event_id, status, waiting_seq);
CREATE INDEX registration_offer ON registration(status, offer_expires_at);

CREATE TABLE registration_answer (
	registration_id INTEGER NOT NULL REFERENCES registration(id)
		ON DELETE CASCADE,
	question_id INTEGER NOT NULL REFERENCES event_question(id)
		ON DELETE CASCADE,
	value TEXT NOT NULL,
	PRIMARY KEY (registration_id, question_id)
);

-- The next place on the waiting list is MAX(waiting_seq) + 1, read with
-- every registration of a rush: this index makes it one probe instead of
-- a scan of the event's registrations.
CREATE INDEX registration_waiting ON registration(event_id, waiting_seq);

-- Seats taken (the group sizes of an event's confirmed and offered
-- registrations) are summed with every registration: with group_size in
-- the index the sum reads only the index, not each row.
CREATE INDEX registration_seats ON registration(event_id, status, group_size);

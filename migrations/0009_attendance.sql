-- Attendance (check-in, imported webinar reports) and the feedback survey.
--
-- Check-in codes are not stored: a registration's code is derived from its
-- token hash (attendance.c), so every confirmed registration has one from
-- the moment it exists and nothing has to be filled in later.

-- On-site check-in at the door (QR code or name search), by staff.
ALTER TABLE registration ADD COLUMN checked_in_at INTEGER;
-- Seen in the webinar platform's participant report.
ALTER TABLE registration ADD COLUMN attended_at INTEGER;
-- Messages of the event jobs: the reminder remembers the start it was
-- sent for (a moved event is reminded again), the thank-you is sent once.
ALTER TABLE registration ADD COLUMN reminded_for INTEGER;
ALTER TABLE registration ADD COLUMN thanked_at INTEGER;

-- Participants of a webinar report that matched no registration, one row
-- per person (the SHA-256 of the folded e-mail address, or of the folded
-- name when the row has no address), so importing the same report twice
-- counts nobody twice.  Deleted with the personal data after the event;
-- event.guests keeps the count.
CREATE TABLE attendance_guest (
	event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
	person_key TEXT NOT NULL,
	PRIMARY KEY (event_id, person_key)
);
ALTER TABLE event ADD COLUMN guests INTEGER NOT NULL DEFAULT 0;
-- When the registrants' personal data was erased (event_retention_days).
ALTER TABLE event ADD COLUMN erased_at INTEGER;

-- An uploaded participant report between the upload and the import (the
-- organiser maps its columns in between), decoded to UTF-8.  Deleted by
-- the import, or by the event job after a day.
CREATE TABLE attendance_upload (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES account(id),
	filename TEXT NOT NULL DEFAULT '',
	content TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX attendance_upload_event ON attendance_upload(event_id);

-- Imports done, for the attendance page's history.
CREATE TABLE attendance_import (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
	account_id INTEGER REFERENCES account(id),
	filename TEXT NOT NULL DEFAULT '',
	rows_read INTEGER NOT NULL,
	matched INTEGER NOT NULL,
	new_guests INTEGER NOT NULL,
	imported_at INTEGER NOT NULL
);
CREATE INDEX attendance_import_event ON attendance_import(event_id);

-- The feedback survey after the event: one answer per registration; a
-- second submission replaces the first.  The free text is erased with the
-- personal data (it may name people); the numbers stay.
CREATE TABLE event_feedback (
	registration_id INTEGER PRIMARY KEY REFERENCES registration(id)
		ON DELETE CASCADE,
	event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
	rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
	recommend INTEGER NOT NULL CHECK (recommend BETWEEN 0 AND 10),
	comment TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX event_feedback_event ON event_feedback(event_id);

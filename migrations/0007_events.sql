-- Events grow from a record (0002) into something a coordinator organises:
-- a Markdown description, where and how it happens, who it is for, its
-- status, and an agenda of timed items with speakers from the network's
-- people.  Times are UTC seconds; pages and calendars show them in
-- Europe/Helsinki, the only time zone of the network.

ALTER TABLE event ADD COLUMN description_fi TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN description_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
-- 'past' is not a status: an event is past once ends_at has gone by.
ALTER TABLE event ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
	CHECK (status IN ('draft', 'published', 'cancelled'));
-- public: anyone sees and registers; network: signed-in network staff only.
ALTER TABLE event ADD COLUMN audience TEXT NOT NULL DEFAULT 'public'
	CHECK (audience IN ('public', 'network'));
-- Languages spoken, a comma-separated subset of fi,sv,en in that order.
ALTER TABLE event ADD COLUMN languages TEXT NOT NULL DEFAULT 'fi';
-- Street address of an on-site or hybrid event.
ALTER TABLE event ADD COLUMN place TEXT NOT NULL DEFAULT '';
-- Name of the online platform ("Teams", "Zoom") and the join link, which
-- only registrants see.
ALTER TABLE event ADD COLUMN platform TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN join_url TEXT NOT NULL DEFAULT '';
-- Who organises it, as shown to visitors ("Uudenmaan digituki-hanke").
ALTER TABLE event ADD COLUMN organiser TEXT NOT NULL DEFAULT '';
-- RFC 5545 SEQUENCE: bumped by every change a calendar should pick up.
ALTER TABLE event ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX event_status ON event(status, starts_at);

-- Timed items of an event's agenda.  Items on the same track may not
-- overlap; parallel items (workshops side by side) use other tracks.
CREATE TABLE agenda_item (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('opening', 'talk', 'panel',
		'break', 'discussion', 'workshop', 'closing', 'other')),
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
	track INTEGER NOT NULL DEFAULT 0 CHECK (track >= 0),
	title_fi TEXT NOT NULL DEFAULT '',
	title_sv TEXT NOT NULL DEFAULT '',
	title_en TEXT NOT NULL DEFAULT '',
	description_fi TEXT NOT NULL DEFAULT '',
	description_sv TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agenda_item_event ON agenda_item(event_id, starts_at);

-- Speakers, panelists and moderators of an item, in `position` order;
-- shown with the person's title and organisation (person, organisation).
CREATE TABLE agenda_speaker (
	item_id INTEGER NOT NULL REFERENCES agenda_item(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES person(id),
	role TEXT NOT NULL CHECK (role IN ('speaker', 'panelist', 'moderator')),
	position INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (item_id, person_id)
);
CREATE INDEX agenda_speaker_person ON agenda_speaker(person_id);

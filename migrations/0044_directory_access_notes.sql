-- Free-text accessibility notes of a service point in fi/sv/en (issue #15,
-- PTV clause 7), under its yes/no facts: PTV's accessibility sentences
-- ("Pääsisäänkäynti: ..."), or what the municipality writes.
-- access_notes_ptv says the notes are PTV's as imported: a new import
-- replaces only such notes (and empty ones), so that a coordinator's own
-- words, once edited, stay (src/directory/ptv.c).
ALTER TABLE service_point ADD COLUMN access_notes_fi TEXT NOT NULL DEFAULT '';
ALTER TABLE service_point ADD COLUMN access_notes_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE service_point ADD COLUMN access_notes_en TEXT NOT NULL DEFAULT '';
ALTER TABLE service_point ADD COLUMN access_notes_ptv INTEGER NOT NULL DEFAULT 0
	CHECK (access_notes_ptv IN (0, 1));

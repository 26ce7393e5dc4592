-- An achievement's tags in each of its languages (issue 17: badge texts
-- in fi/sv/en).  Until now one list served every language version, so
-- an English BadgeClass carried Finnish keywords.  The list becomes the
-- Finnish one, and each other version the achievement has starts with a
-- copy of it, so every document says what it said before until a
-- coordinator writes the translations.  Owned by src/learning.
ALTER TABLE achievement RENAME COLUMN tags TO tags_fi;
ALTER TABLE achievement ADD COLUMN tags_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE achievement ADD COLUMN tags_en TEXT NOT NULL DEFAULT '';
UPDATE achievement SET
	tags_sv = CASE WHEN name_sv <> '' THEN tags_fi ELSE '' END,
	tags_en = CASE WHEN name_en <> '' THEN tags_fi ELSE '' END;
UPDATE achievement SET tags_fi = '' WHERE name_fi = '';

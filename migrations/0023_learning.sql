-- Competence badges (issue 17): the issuer's signing key, achievements
-- (Open Badges 3.0 Achievement = 2.0 BadgeClass) with their texts in
-- fi/sv/en, awards to earners, and an earner's consent to a public page
-- of their badges.  Owned by src/learning (src/modules.tsv).

-- The issuer's Ed25519 key.  Only the public key is in the clear; the
-- 32-byte seed is sealed (XChaCha20-Poly1305, the public key as
-- associated data) under the server key 'badge-seal' of auth_key, so a
-- copy of this table alone signs nothing.  The newest row signs; every
-- row stays in the DID document, so that credentials signed by an older
-- key still verify.
CREATE TABLE badge_key (
	id INTEGER PRIMARY KEY,
	public_key TEXT NOT NULL UNIQUE,	-- base64url, 32 bytes
	sealed_seed TEXT NOT NULL,		-- base64url(nonce || ciphertext)
	created_at INTEGER NOT NULL
);

-- An achievement.  A language version exists when its name is not empty;
-- name, description and criteria come together.  kind is the OB 3.0
-- achievementType.  The image is the unbaked badge at a stable URL: SVG
-- as text or PNG as base64, checked when uploaded (or generated).
CREATE TABLE achievement (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES region(id),
	kind TEXT NOT NULL DEFAULT 'Badge'
	    CHECK (kind IN ('Badge', 'Competency', 'Course', 'AssessmentResult', 'Certificate')),
	name_fi TEXT NOT NULL DEFAULT '',
	name_sv TEXT NOT NULL DEFAULT '',
	name_en TEXT NOT NULL DEFAULT '',
	description_fi TEXT NOT NULL DEFAULT '',
	description_sv TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	criteria_fi TEXT NOT NULL DEFAULT '',
	criteria_sv TEXT NOT NULL DEFAULT '',
	criteria_en TEXT NOT NULL DEFAULT '',
	tags TEXT NOT NULL DEFAULT '',		-- one tag per line
	image_type TEXT NOT NULL CHECK (image_type IN ('png', 'svg')),
	image_data TEXT NOT NULL,
	image_sha256 TEXT NOT NULL,		-- hex, the image's ETag
	image_generated INTEGER NOT NULL DEFAULT 0 CHECK (image_generated IN (0, 1)),
	created_by INTEGER REFERENCES account(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX achievement_region ON achievement(region_id, id);

-- Alignments of an achievement to a framework (OB 2.0 AlignmentObject,
-- OB 3.0 Alignment), in the order written.
CREATE TABLE achievement_alignment (
	achievement_id INTEGER NOT NULL REFERENCES achievement(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	target_name TEXT NOT NULL,
	target_url TEXT NOT NULL,
	target_description TEXT NOT NULL DEFAULT '',
	target_framework TEXT NOT NULL DEFAULT '',
	target_code TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (achievement_id, position)
);

-- One award of an achievement to one earner.  uuid names it in every
-- public URL (an unguessable id: the awards cannot be listed by counting);
-- lang is the language its credential is written in.  The e-mail address
-- is stored in lower case and only ever published hashed with the award's
-- salt.  The award's bit in the 3.0 status list is (status_list,
-- status_index), picked at random; revoked_at set means revoked in both
-- formats at once.  An erased earner's award keeps its row, revoked, with
-- name and address emptied.
CREATE TABLE badge_award (
	id INTEGER PRIMARY KEY,
	uuid TEXT NOT NULL UNIQUE,
	achievement_id INTEGER NOT NULL REFERENCES achievement(id),
	lang TEXT NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
	account_id INTEGER REFERENCES account(id),
	recipient_name TEXT NOT NULL,
	recipient_email TEXT NOT NULL,
	salt TEXT NOT NULL,
	narrative TEXT NOT NULL DEFAULT '',
	evidence_url TEXT NOT NULL DEFAULT '',
	issued_at INTEGER NOT NULL,
	issued_by INTEGER REFERENCES account(id),
	status_list INTEGER NOT NULL,
	status_index INTEGER NOT NULL,
	revoked_at INTEGER,
	revoked_reason TEXT NOT NULL DEFAULT '',
	revoked_by INTEGER REFERENCES account(id),
	UNIQUE (status_list, status_index)
);
CREATE INDEX badge_award_achievement ON badge_award(achievement_id, id);
CREATE INDEX badge_award_account ON badge_award(account_id);
CREATE INDEX badge_award_email ON badge_award(recipient_email);
-- The revoked awards, for the status lists and the 2.0 RevocationList.
CREATE INDEX badge_award_revoked ON badge_award(revoked_at, status_list);

-- An earner's consent to a public page that lists their badges, at
-- /:lang/badges/earners/<slug>.  Withdrawing the consent deletes the row;
-- giving it again makes a new address.
CREATE TABLE badge_consent (
	account_id INTEGER PRIMARY KEY REFERENCES account(id),
	slug TEXT NOT NULL UNIQUE,
	given_at INTEGER NOT NULL
);

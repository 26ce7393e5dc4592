-- News posts with language versions and links to events and materials.
--
-- A post is written in one or more of fi, sv, en (a news_version row per
-- language; a language without a row has no version).  A post is a draft
-- until it is published; a published post is shown from publish_at on, so
-- a post scheduled for tomorrow morning appears by itself when the time
-- comes: every public query filters on publish_at <= now, no job is
-- needed.  Times are UTC seconds.

CREATE TABLE news_post (
	id INTEGER PRIMARY KEY,
	-- The region whose coordinators may edit the post.
	region_id INTEGER NOT NULL REFERENCES region(id),
	-- Who wrote it; an erased account stays as an anonymous row.
	author_id INTEGER REFERENCES account(id),
	status TEXT NOT NULL DEFAULT 'draft'
		CHECK (status IN ('draft', 'published')),
	-- When a published post becomes public (may be in the future); kept
	-- on a draft as the time to publish at, or NULL.
	publish_at INTEGER,
	event_id INTEGER REFERENCES event(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (status = 'draft' OR publish_at IS NOT NULL)
);
CREATE INDEX news_post_public ON news_post(status, publish_at);
CREATE INDEX news_post_event ON news_post(event_id);

-- One language version of a post: a title, a lead (plain text, a
-- sentence or two shown in lists and feeds) and a body in Markdown.
CREATE TABLE news_version (
	post_id INTEGER NOT NULL REFERENCES news_post(id) ON DELETE CASCADE,
	lang TEXT NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
	title TEXT NOT NULL CHECK (title <> ''),
	lead TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (post_id, lang)
);

-- Materials of the library (0010) that a post links to, in the order
-- the post lists them.
CREATE TABLE news_material (
	post_id INTEGER NOT NULL REFERENCES news_post(id) ON DELETE CASCADE,
	material_id INTEGER NOT NULL REFERENCES material(id) ON DELETE CASCADE,
	position INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (post_id, material_id)
);
CREATE INDEX news_material_material ON news_material(material_id);

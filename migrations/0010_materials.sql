-- The materials library: files, versions, access policies and requests.
--
-- A material is a file (its versions) or a link (a video, a web page).  The
-- bytes of a file live on disk in the content-addressed store (files_dir,
-- one file per SHA-256), never in the database and never under a URL of
-- their own: every download goes through the material's id and its access
-- policy.

CREATE TABLE material (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES region(id),
	kind TEXT NOT NULL CHECK (kind IN ('file', 'link')),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',	-- Markdown
	lang TEXT NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
	author TEXT NOT NULL DEFAULT '',
	licence TEXT NOT NULL DEFAULT '',
	topic TEXT NOT NULL DEFAULT '',
	-- public: anyone; staff: signed-in accounts of the network; registrants:
	-- confirmed registrants of a linked event (through their registration
	-- link) and staff; request: anyone may ask, the owner or a coordinator
	-- approves, approval sends a secret, time-limited download link.
	access TEXT NOT NULL CHECK (access IN ('public', 'staff', 'registrants',
		'request')),
	url TEXT NOT NULL DEFAULT '',		-- kind 'link': the address
	owner_id INTEGER REFERENCES account(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX material_region ON material(region_id, updated_at);

-- Every version of a file; a new version never replaces an old one.
CREATE TABLE material_version (
	id INTEGER PRIMARY KEY,
	material_id INTEGER NOT NULL REFERENCES material(id) ON DELETE CASCADE,
	number INTEGER NOT NULL CHECK (number >= 1),
	sha256 TEXT NOT NULL,			-- hex, the name in the store
	size INTEGER NOT NULL CHECK (size >= 0),
	mime TEXT NOT NULL,			-- as sniffed from the content
	filename TEXT NOT NULL,			-- as uploaded, without a path
	note TEXT NOT NULL DEFAULT '',		-- what changed
	-- The PNG of a PDF's first page, made by a background job.
	preview_state TEXT NOT NULL DEFAULT 'none' CHECK (preview_state IN
		('none', 'pending', 'done', 'failed')),
	preview_sha256 TEXT,
	created_by INTEGER REFERENCES account(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (material_id, number)
);
CREATE INDEX material_version_preview ON material_version(preview_state);
CREATE INDEX material_version_sha ON material_version(sha256);

-- Where a material is attached: the library itself (target_id 0), an
-- event, an agenda item or a sparring workspace.  The pair (type, id) is
-- generic on purpose: trainings attach later with a new target_type and no
-- change of this table; the code checks the types it knows and that the
-- target exists.
CREATE TABLE material_link (
	material_id INTEGER NOT NULL REFERENCES material(id) ON DELETE CASCADE,
	target_type TEXT NOT NULL,
	target_id INTEGER NOT NULL DEFAULT 0,
	position INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (material_id, target_type, target_id)
);
CREATE INDEX material_link_target ON material_link(target_type, target_id);

-- A visitor's request for an on-request material.  The personal data
-- (name, organisation, e-mail, purpose) is blanked by the retention job
-- once the request has been decided and the retention period has passed
-- (erased_at set); the row stays for the counts.
CREATE TABLE material_request (
	id INTEGER PRIMARY KEY,
	material_id INTEGER NOT NULL REFERENCES material(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	organisation TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL,
	purpose TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
	status TEXT NOT NULL CHECK (status IN ('pending', 'approved',
		'declined')),
	decided_by INTEGER REFERENCES account(id) ON DELETE SET NULL,
	decided_at INTEGER,
	created_at INTEGER NOT NULL,
	erased_at INTEGER
);
CREATE INDEX material_request_status ON material_request(status, created_at);

-- The download link an approval sends: only the SHA-256 (hex) of its
-- secret is kept.  A download that starts at the first byte uses one of
-- max_uses; the link stops working at expires_at.
CREATE TABLE material_grant (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES material_request(id)
		ON DELETE CASCADE,
	material_id INTEGER NOT NULL REFERENCES material(id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	expires_at INTEGER NOT NULL,
	max_uses INTEGER NOT NULL CHECK (max_uses >= 1),
	uses INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);

-- Every download: which material and version, and who (an account, a
-- registration or a download link; nobody for a public download).  No
-- client addresses are kept.
CREATE TABLE material_download (
	id INTEGER PRIMARY KEY,
	material_id INTEGER NOT NULL REFERENCES material(id) ON DELETE CASCADE,
	version_id INTEGER REFERENCES material_version(id) ON DELETE SET NULL,
	at INTEGER NOT NULL,
	via TEXT NOT NULL CHECK (via IN ('public', 'account', 'registration',
		'link')),
	account_id INTEGER REFERENCES account(id) ON DELETE SET NULL,
	registration_id INTEGER REFERENCES registration(id) ON DELETE SET NULL,
	grant_id INTEGER REFERENCES material_grant(id) ON DELETE SET NULL
);
CREATE INDEX material_download_material ON material_download(material_id, at);

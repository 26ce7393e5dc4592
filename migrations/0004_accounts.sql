-- Accounts, sessions, single-use tokens, API tokens, throttling and the
-- audit log.  Secrets (session ids, tokens) are stored only as SHA-256
-- hashes (hex), so a copy of the database cannot be used to sign in.

CREATE TABLE account (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,		-- lower case
	name TEXT NOT NULL DEFAULT '',
	password_hash TEXT,			-- NULL until an invitation is accepted
	role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'tutor',
		'municipal-coordinator', 'supporter')),
	region_id INTEGER REFERENCES region(id),
	municipality_code TEXT REFERENCES municipality(code),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	lang TEXT NOT NULL DEFAULT 'fi' CHECK (lang IN ('fi', 'sv', 'en')),
	created_at INTEGER NOT NULL,
	last_login_at INTEGER,
	erased_at INTEGER
);

-- What a tutor or a supporter may work on: municipalities (tutor) or
-- service points (supporter, once the directory exists).
CREATE TABLE account_scope (
	account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('municipality', 'service-point')),
	ref TEXT NOT NULL,
	PRIMARY KEY (account_id, kind, ref)
);

CREATE TABLE session (
	id_hash TEXT PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	seen_at INTEGER NOT NULL
);
CREATE INDEX session_account ON session(account_id);

-- Invitation and password-reset links: single use, expiring.
CREATE TABLE account_token (
	token_hash TEXT PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
);
CREATE INDEX account_token_account ON account_token(account_id);

-- Personal access tokens for the JSON API.
CREATE TABLE api_token (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
	created_at INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at INTEGER
);
CREATE INDEX api_token_account ON api_token(account_id);

-- Failed attempts per key ("account:<email hash>", "addr:<address>"),
-- kept in the database so that a restart does not reset them.
CREATE TABLE throttle (
	key TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,
	window_start INTEGER NOT NULL,
	blocked_until INTEGER NOT NULL DEFAULT 0
);

-- Who did what to which object, when and from where.  Never holds
-- passwords or tokens; account_id is kept after erasure (the account row
-- stays, anonymised), so the trail remains whole.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	account_id INTEGER REFERENCES account(id),
	action TEXT NOT NULL,
	object_type TEXT NOT NULL DEFAULT '',
	object_id TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_account ON audit_log(account_id);

-- Outgoing e-mail, written in the same transaction as what caused it and
-- delivered by a background job; the sent rows are deleted by retention.
CREATE TABLE mail_outbox (
	id INTEGER PRIMARY KEY,
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	sent_at INTEGER,
	attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mail_outbox_pending ON mail_outbox(sent_at, id);

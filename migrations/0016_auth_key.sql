-- Server keys of the auth module: name -> 32 random bytes as hex, made on
-- first use (or when `serve` starts).  'unsubscribe' signs the one-click
-- opt-out links in reminder and digest mail (RFC 8058), so the links need
-- no stored row per message and keep working on every app server.
CREATE TABLE auth_key (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

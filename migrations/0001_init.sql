-- Instance-wide settings as key/value text (e.g. the instance name).
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Test set: parent/child tables for constraint and foreign-key tests.
CREATE TABLE parent (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);
CREATE TABLE child (
	id INTEGER PRIMARY KEY,
	parent_id INTEGER NOT NULL REFERENCES parent (id)
);

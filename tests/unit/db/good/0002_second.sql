-- Test set: a counter kept in step with item, to check backup consistency.
CREATE TABLE counter (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n INTEGER NOT NULL
);
INSERT INTO counter (id, n) VALUES (1, 0);
CREATE TABLE item (
	id INTEGER PRIMARY KEY,
	v TEXT NOT NULL
);

-- Test set: fails on its last statement; nothing of it may remain.
CREATE TABLE partial (id INTEGER PRIMARY KEY);
INSERT INTO partial (id) VALUES (1);
INSERT INTO no_such_table (id) VALUES (1);

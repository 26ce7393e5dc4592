-- Test set: applied before 0002 exists, to model two merged branches.
CREATE TABLE third (id INTEGER PRIMARY KEY);

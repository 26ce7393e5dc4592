/*
 * scratch_db.h - a database of its own for a unit test of the db layer:
 * a SQLite file in a temporary folder or, when the test was started with
 * --pg, a database created on the PostgreSQL cluster of
 * $TUKIVERKKO_TEST_PG (the unit-pg suite of tests/run-all.sh), dropped
 * again afterwards.  Shared by test_rows.c and test_committer.c.
 */
#ifndef TV_TEST_SCRATCH_DB_H
#define TV_TEST_SCRATCH_DB_H

#include "db/db.h"

struct scratch_db {
	char url[320];		/* what db_open()/db_configure() take */
	char dir[64];		/* SQLite: the temporary folder */
	char pgname[64];	/* PostgreSQL: the database's name */
};

/* Reads --pg from the command line: 0, or -1 (said on stderr) when --pg
 * is given without $TUKIVERKKO_TEST_PG. */
int scratch_db_args(int argc, char **argv);

/* A new empty database named after prefix into *s.  0 or -1. */
int scratch_db_create(struct scratch_db *s, const char *prefix);

/* Runs ddl (a CREATE TABLE in SQLite's words) in the backend's dialect.
 * 0 or -1. */
int scratch_db_table(struct db *db, const char *ddl);

/* Removes the database (its connections closed first). */
void scratch_db_drop(struct scratch_db *s);

#endif

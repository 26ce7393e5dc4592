/*
 * scratch_db.c - a database of its own for a unit test (scratch_db.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scratch_db.h"

/* The cluster's URL when run with --pg, else NULL (SQLite files). */
static const char *pg_base;

int
scratch_db_args(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--pg") == 0) {
		pg_base = getenv("TUKIVERKKO_TEST_PG");
		if (pg_base == NULL || pg_base[0] == '\0') {
			fprintf(stderr, "--pg needs TUKIVERKKO_TEST_PG: run "
			    "tests/run-all.sh unit-pg\n");
			return -1;
		}
	}
	return 0;
}

/* Runs one statement on the cluster's maintenance database. */
static int
pg_admin(const char *sql)
{
	char t[320];
	struct db *db;
	int rc;

	snprintf(t, sizeof(t), "%s/postgres", pg_base);
	if ((db = db_open(t)) == NULL)
		return -1;
	rc = db_exec(db, sql);
	db_close(db);
	return rc;
}

int
scratch_db_create(struct scratch_db *s, const char *prefix)
{
	static int seq;
	char sql[128];

	memset(s, 0, sizeof(*s));
	if (pg_base != NULL) {
		snprintf(s->pgname, sizeof(s->pgname), "%s_%d_%d", prefix,
		    (int)getpid(), ++seq);
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", s->pgname);
		if (pg_admin(sql) != 0)
			return -1;
		snprintf(s->url, sizeof(s->url), "%s/%s", pg_base, s->pgname);
		return 0;
	}
	snprintf(s->dir, sizeof(s->dir), "/tmp/%s.XXXXXX", prefix);
	if (mkdtemp(s->dir) == NULL)
		return -1;
	snprintf(s->url, sizeof(s->url), "%s/t.db", s->dir);
	return 0;
}

int
scratch_db_table(struct db *db, const char *ddl)
{
	char *sql = db_dialect(db, ddl);
	int rc;

	if (sql == NULL)
		return -1;
	rc = db_exec(db, sql);
	free(sql);
	return rc;
}

void
scratch_db_drop(struct scratch_db *s)
{
	char p[400];

	if (s->pgname[0] != '\0') {
		snprintf(p, sizeof(p), "DROP DATABASE %s WITH (FORCE)",
		    s->pgname);
		pg_admin(p);
		return;
	}
	unlink(s->url);
	snprintf(p, sizeof(p), "%s-wal", s->url);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", s->url);
	unlink(p);
	rmdir(s->dir);
}

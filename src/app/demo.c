/*
 * demo.c - the demo network: the municipalities from the reference CSV and
 * the programme, organisations, people and webinar of the seed article
 * (demo/network.sql, embedded at build time).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "base/arena.h"
#include "base/embed.h"
#include "network/network.h"

EMBED_DECLARE(demo_sql);

/* Reads a whole file into the arena; NULL if it cannot. */
static char *
demo_read(struct arena *a, const char *path, size_t *len)
{
	struct stat st;
	char *p;
	ssize_t n;
	size_t off = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || st.st_size > 16 * 1024 * 1024) {
		close(fd);
		return NULL;
	}
	p = arena_alloc(a, (size_t)st.st_size + 1);
	while (off < (size_t)st.st_size &&
	    (n = read(fd, p + off, (size_t)st.st_size - off)) > 0)
		off += (size_t)n;
	close(fd);
	p[off] = '\0';
	*len = off;
	return p;
}

/* Demo data is there when the region has its network name. */
static int
demo_present(struct db *db)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT 1 FROM region WHERE code = 'uusimaa' AND "
	    "network_fi <> ''");
	if (st == NULL)
		return -1;
	rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int
app_demo_load(struct db *db, const char *data_dir, const char **err)
{
	static char msg[512];
	struct arena a;
	char *path, *csv;
	size_t len, i;
	int rc = -1;

	*err = NULL;
	if ((rc = demo_present(db)) != 0) {
		if (rc < 0)
			*err = "cannot read the database";
		return rc;
	}
	rc = -1;
	arena_init(&a);
	path = arena_printf(&a, "%s/uusimaa-municipalities.csv", data_dir);
	if ((csv = demo_read(&a, path, &len)) == NULL) {
		snprintf(msg, sizeof(msg), "cannot read %s (set --data to the "
		    "folder of the reference data)", path);
		*err = msg;
		goto out;
	}
	if (db_begin(db) != 0) {
		*err = "the database is busy";
		goto out;
	}
	if (network_import_rows(db, &a, csv, len, "uusimaa", err) < 0) {
		snprintf(msg, sizeof(msg), "%s: %s", path, *err);
		*err = msg;
		db_rollback(db);
		goto out;
	}
	for (i = 0; i < demo_sql_len; i++) {
		if (db_exec(db, (const char *)demo_sql[i].data) != 0) {
			snprintf(msg, sizeof(msg), "demo/%s: %s", demo_sql[i].path,
			    db_errmsg(db));
			*err = msg;
			db_rollback(db);
			goto out;
		}
	}
	if (db_commit(db) != 0) {
		*err = "the database could not save the demo data";
		db_rollback(db);
		goto out;
	}
	rc = 0;
out:
	arena_cleanup(&a);
	return rc;
}

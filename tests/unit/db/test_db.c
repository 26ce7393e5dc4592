/*
 * test_db.c - the SQLite backend and the migration runner.
 *
 * Every test gets a fresh directory from mkdtemp() and a file database in
 * it; nothing touches a shared path.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/embed.h"
#include "db/db.h"
#include "db/migrate.h"
#include "db/rows.h"

EMBED_DECLARE(set_good);
EMBED_DECLARE(set_old);
EMBED_DECLARE(set_broken);
EMBED_DECLARE(set_gap_first);
EMBED_DECLARE(set_gap_all);
EMBED_DECLARE(set_empty);

struct fx {
	char dir[64];
	char path[96];
	struct db *db;
};

/* A fresh directory and an open, unmigrated database in it. */
static int
fx_setup(void **state)
{
	struct fx *fx;

	fx = calloc(1, sizeof(*fx));
	if (fx == NULL)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/tvdb.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->path, sizeof(fx->path), "%s/test.db", fx->dir);
	if ((fx->db = db_open(fx->path)) == NULL)
		return -1;
	*state = fx;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *fx = *state;
	struct dirent *de;
	char p[512];
	DIR *d;

	db_close(fx->db);
	if ((d = opendir(fx->dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", fx->dir, de->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* Runs a one-row, one-column query and returns the integer. */
static int64_t
query_int(struct db *db, const char *sql)
{
	struct db_stmt *st;
	int64_t v;

	st = db_prepare(db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_done(st);
	return v;
}

static int64_t
table_exists(struct db *db, const char *name)
{
	struct db_stmt *st;
	int64_t v;

	st = db_prepare(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name = ?1");
	assert_non_null(st);
	assert_int_equal(db_bind_cstr(st, 1, name), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_done(st);
	return v;
}

static void
test_pragmas(void **state)
{
	struct fx *fx = *state;
	struct db_stmt *st;

	st = db_prepare(fx->db, "PRAGMA journal_mode");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "wal");
	db_done(st);
	assert_int_equal(query_int(fx->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_int(fx->db, "PRAGMA synchronous"), 2);
	assert_int_equal(query_int(fx->db, "PRAGMA busy_timeout"), 5000);
	assert_int_equal(query_int(fx->db, "PRAGMA temp_store"), 2);
	/* The largest map SQLite allows (SQLITE_MAX_MMAP_SIZE). */
	assert_int_equal(query_int(fx->db, "PRAGMA mmap_size"), 2147418112);
}

/* SQLite counts no memory: its statistics take a global mutex on every
 * allocation (sq_config() in src/db/sqlite.c). */
static void
test_no_memory_statistics(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM "
	    "sqlite_master"), query_int(fx->db, "SELECT count(*) FROM "
	    "sqlite_master"));
	assert_true(sqlite3_memory_used() == 0);
}

static void
test_migrate_idempotent(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(db_schema_version(fx->db), 0);
	assert_int_equal(db_migrate_set(fx->db, set_good, set_good_len), 2);
	assert_int_equal(db_schema_version(fx->db), 2);
	assert_int_equal(db_migrate_set(fx->db, set_good, set_good_len), 0);
	assert_int_equal(db_schema_version(fx->db), 2);
	assert_int_equal(query_int(fx->db,
	    "SELECT count(*) FROM schema_migrations"), 2);

	/* A new connection sees the same, and still has nothing to do. */
	db_close(fx->db);
	fx->db = db_open(fx->path);
	assert_non_null(fx->db);
	assert_int_equal(db_migrate_set(fx->db, set_good, set_good_len), 0);
	assert_int_equal(db_schema_version(fx->db), 2);
	assert_int_equal(query_int(fx->db, "SELECT n FROM counter"), 0);
}

static void
test_migrate_empty_set(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(set_empty_len, 0);
	assert_int_equal(db_migrate_set(fx->db, set_empty, set_empty_len), 0);
	assert_int_equal(db_schema_version(fx->db), 0);
}

/* The real migrations/ set applies cleanly to a fresh database. */
static void
test_migrate_real(void **state)
{
	struct fx *fx = *state;
	size_t i, len;
	int n, own = 0;

	/* SQLite runs every file but PostgreSQL's half of a pair. */
	for (i = 0; i < db_migrations_len; i++) {
		len = strlen(db_migrations[i].path);
		if (len < 7 || strcmp(db_migrations[i].path + len - 7,
		    ".pg.sql") != 0)
			own++;
	}
	n = db_migrate(fx->db);
	assert_true(n >= 1);
	assert_int_equal(n, own);
	assert_true(db_schema_version(fx->db) >= 1);
	assert_int_equal(db_migrate(fx->db), 0);
}

static void
test_refuse_newer(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(db_migrate_set(fx->db, set_good, set_good_len), 2);
	assert_int_equal(db_migrate_set(fx->db, set_old, set_old_len), -1);
	assert_int_equal(db_migrate_set(fx->db, set_empty, set_empty_len),
	    -1);
	assert_int_equal(db_schema_version(fx->db), 2);
}

static void
test_broken_rolls_back(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(db_migrate_set(fx->db, set_broken, set_broken_len),
	    -1);
	assert_int_equal(db_schema_version(fx->db), 2);
	assert_int_equal(table_exists(fx->db, "partial"), 0);
	assert_int_equal(table_exists(fx->db, "item"), 1);
	assert_int_equal(query_int(fx->db,
	    "SELECT count(*) FROM schema_migrations WHERE version = 3"), 0);
	/* The connection is usable and not left inside a transaction. */
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_commit(fx->db), 0);
	/* Retrying fails the same way, still without leftovers. */
	assert_int_equal(db_migrate_set(fx->db, set_broken, set_broken_len),
	    -1);
	assert_int_equal(table_exists(fx->db, "partial"), 0);
}

static void
test_gap_refused(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(db_migrate_set(fx->db, set_gap_first,
	    set_gap_first_len), 2);
	assert_int_equal(db_schema_version(fx->db), 3);
	assert_int_equal(db_migrate_set(fx->db, set_gap_all, set_gap_all_len),
	    -1);
	assert_int_equal(table_exists(fx->db, "item"), 0);
}

/* Names are checked before anything runs; a bad set changes nothing. */
static void
test_names(void **state)
{
	static const unsigned char sql[] = "CREATE TABLE named (id INTEGER)";
	static const char *bad[] = {
		"1_short.sql", "00001_long.sql", "0001_.sql", "0001_a.SQL",
		"0001-a.sql", "0001_Upper.sql", "0001_a b.sql", "0000_zero.sql",
		"0001_a.sql.bak", "0001_a-b.sql", "abcd_a.sql", "0001_a",
	};
	struct fx *fx = *state;
	struct embedded_file set[2];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		set[0] = (struct embedded_file){ bad[i], sql, sizeof(sql) - 1 };
		assert_int_equal(db_migrate_set(fx->db, set, 1), -1);
	}
	/* Duplicate and out-of-order numbers. */
	set[0] = (struct embedded_file){ "0001_a.sql", sql, sizeof(sql) - 1 };
	set[1] = (struct embedded_file){ "0001_b.sql", sql, sizeof(sql) - 1 };
	assert_int_equal(db_migrate_set(fx->db, set, 2), -1);
	set[0].path = "0002_a.sql";
	assert_int_equal(db_migrate_set(fx->db, set, 2), -1);
	assert_int_equal(table_exists(fx->db, "named"), 0);
	assert_int_equal(db_schema_version(fx->db), 0);

	set[0] = (struct embedded_file){ "0042_ok_name_2.sql", sql,
	    sizeof(sql) - 1 };
	assert_int_equal(db_migrate_set(fx->db, set, 1), 1);
	assert_int_equal(db_schema_version(fx->db), 42);
}

/*
 * A version written per backend: NNNN_name.pg.sql and NNNN_name.sqlite.sql
 * are one version, of which SQLite runs its own file only; a lone
 * backend file, a pair with different names or a pair beside a plain file
 * of the same number is refused before anything runs.
 */
static void
test_backend_pairs(void **state)
{
	static const unsigned char base[] = "CREATE TABLE base (id INTEGER)";
	static const unsigned char lite[] = "CREATE TABLE on_sqlite (id INTEGER)";
	static const unsigned char pg[] = "CREATE TABLE on_pg (id BIGINT, "
	    "v tsvector)";
	static const unsigned char after[] = "CREATE TABLE after (id INTEGER)";
	struct fx *fx = *state;
	struct embedded_file set[4];

	set[0] = (struct embedded_file){ "0001_base.sql", base,
	    sizeof(base) - 1 };
	/* Alone, either file of a pair is refused. */
	set[1] = (struct embedded_file){ "0002_search.sqlite.sql", lite,
	    sizeof(lite) - 1 };
	assert_int_equal(db_migrate_set(fx->db, set, 2), -1);
	set[1] = (struct embedded_file){ "0002_search.pg.sql", pg,
	    sizeof(pg) - 1 };
	assert_int_equal(db_migrate_set(fx->db, set, 2), -1);
	/* A pair whose names differ. */
	set[2] = (struct embedded_file){ "0002_other.sqlite.sql", lite,
	    sizeof(lite) - 1 };
	assert_int_equal(db_migrate_set(fx->db, set, 3), -1);
	/* A plain file of the same number beside the pair. */
	set[2] = (struct embedded_file){ "0002_search.sqlite.sql", lite,
	    sizeof(lite) - 1 };
	set[3] = (struct embedded_file){ "0002_zzz.sql", after,
	    sizeof(after) - 1 };
	assert_int_equal(db_migrate_set(fx->db, set, 4), -1);
	/* Other suffixes are no backend. */
	set[1].path = "0002_search.mysql.sql";
	assert_int_equal(db_migrate_set(fx->db, set, 2), -1);
	assert_int_equal(table_exists(fx->db, "base"), 0);
	assert_int_equal(db_schema_version(fx->db), 0);

	/* The pair: SQLite runs its own file, PostgreSQL's (whose SQL
	 * SQLite would refuse) is never run, and the version counts once. */
	set[1] = (struct embedded_file){ "0002_search.pg.sql", pg,
	    sizeof(pg) - 1 };
	set[3] = (struct embedded_file){ "0003_after.sql", after,
	    sizeof(after) - 1 };
	assert_int_equal(db_migrate_set(fx->db, set, 4), 3);
	assert_int_equal(table_exists(fx->db, "on_sqlite"), 1);
	assert_int_equal(table_exists(fx->db, "on_pg"), 0);
	assert_int_equal(table_exists(fx->db, "after"), 1);
	assert_int_equal(db_schema_version(fx->db), 3);
	/* Run again: nothing to do, and the pair is not "never applied". */
	assert_int_equal(db_migrate_set(fx->db, set, 4), 0);
}

static void
test_stmt_cache(void **state)
{
	struct fx *fx = *state;
	struct db_stmt *a, *b, *c;
	char copy[32];

	a = db_prepare(fx->db, "SELECT ?1");
	assert_non_null(a);
	assert_int_equal(db_bind_int64(a, 1, 7), DB_OK);
	assert_int_equal(db_step(a), DB_ROW);
	assert_int_equal(db_col_int64(a, 0), 7);
	db_done(a);

	/* Same text from another buffer: the same statement, unbound. */
	snprintf(copy, sizeof(copy), "%s", "SELECT ?1");
	b = db_prepare(fx->db, copy);
	assert_ptr_equal(a, b);
	assert_int_equal(db_step(b), DB_ROW);
	assert_true(db_col_is_null(b, 0));
	assert_string_equal(db_col_text(b, 0), "");

	/* Nested use while b is handed out: a private statement. */
	c = db_prepare(fx->db, "SELECT ?1");
	assert_non_null(c);
	assert_ptr_not_equal(b, c);
	assert_int_equal(db_bind_cstr(c, 1, "x"), DB_OK);
	assert_int_equal(db_step(c), DB_ROW);
	assert_string_equal(db_col_text(c, 0), "x");
	assert_int_equal(db_col_len(c, 0), 1);
	db_done(c);
	db_done(b);
	assert_ptr_equal(db_prepare(fx->db, "SELECT ?1"), a);
	db_done(a);

	c = db_prepare(fx->db, "SELECT ?1 * 2");
	assert_int_equal(db_bind_double(c, 1, 60.25), DB_OK);
	assert_int_equal(db_step(c), DB_ROW);
	assert_true(db_col_double(c, 0) == 120.5);
	db_done(c);

	/* Text differing only after a common prefix is a different key. */
	c = db_prepare(fx->db, "SELECT ?1 + 1");
	assert_ptr_not_equal(c, a);
	db_done(c);

	/* Exactly one statement per prepare; a trailing ';' is fine. */
	assert_null(db_prepare(fx->db, "SELECT 1; SELECT 2"));
	c = db_prepare(fx->db, "SELECT 1;\n");
	assert_non_null(c);
	db_done(c);
	assert_null(db_prepare(fx->db, "SELEC 1"));
}

static void
test_constraints(void **state)
{
	struct fx *fx = *state;
	struct db_stmt *st;
	struct db *other;

	assert_int_equal(db_migrate_set(fx->db, set_good, set_good_len), 2);
	st = db_prepare(fx->db, "INSERT INTO parent (name) VALUES (?1)");
	assert_int_equal(db_bind_cstr(st, 1, "a"), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	st = db_prepare(fx->db, "INSERT INTO parent (name) VALUES (?1)");
	assert_int_equal(db_bind_cstr(st, 1, "a"), DB_OK);
	assert_int_equal(db_step(st), DB_CONSTRAINT);
	db_done(st);
	st = db_prepare(fx->db, "INSERT INTO parent (name) VALUES (?1)");
	assert_int_equal(db_bind_cstr(st, 1, NULL), DB_OK);
	assert_int_equal(db_step(st), DB_CONSTRAINT);
	db_done(st);
	st = db_prepare(fx->db, "INSERT INTO child (parent_id) VALUES (?1)");
	assert_int_equal(db_bind_int64(st, 1, 999), DB_OK);
	assert_int_equal(db_step(st), DB_CONSTRAINT);
	db_done(st);
	st = db_prepare(fx->db, "INSERT INTO child (parent_id) VALUES (?1)");
	assert_int_equal(db_bind_int64(st, 1, 1), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_last_id(fx->db), 1);
	db_done(st);

	/* A writer holding the lock makes another connection busy. */
	other = db_open(fx->path);
	assert_non_null(other);
	assert_int_equal(db_exec(other, "PRAGMA busy_timeout = 50"), 0);
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_begin(other), -1);
	st = db_prepare(other, "INSERT INTO parent (name) VALUES ('b')");
	assert_int_equal(db_step(st), DB_BUSY);
	db_done(st);
	db_rollback(fx->db);
	assert_int_equal(db_begin(other), 0);
	assert_int_equal(db_commit(other), 0);
	db_close(other);
}

static void
test_transactions(void **state)
{
	struct fx *fx = *state;
	struct db_stmt *st;

	assert_int_equal(db_migrate_set(fx->db, set_good, set_good_len), 2);
	db_rollback(fx->db);		/* no transaction: a no-op */

	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_begin(fx->db), -1);	/* no nesting */
	st = db_prepare(fx->db, "INSERT INTO item (v) VALUES (?1)");
	assert_int_equal(db_bind_text(st, 1, "abc", 2), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM item"), 1);
	db_rollback(fx->db);
	assert_int_equal(query_int(fx->db, "SELECT count(*) FROM item"), 0);

	assert_int_equal(db_begin(fx->db), 0);
	st = db_prepare(fx->db, "INSERT INTO item (v) VALUES (?1)");
	assert_int_equal(db_bind_text(st, 1, "abc", 2), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	assert_int_equal(db_commit(fx->db), 0);
	assert_int_equal(db_commit(fx->db), -1);	/* nothing to commit */
	st = db_prepare(fx->db, "SELECT v FROM item");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "ab");
	db_done(st);
}

/*
 * Only a commit that changed a row moves the generation the page cache and
 * the memos compare: an UPDATE or INSERT OR IGNORE that changed nothing
 * (a job's usual turn) leaves it; an insert, a delete, or db_exec() (a
 * schema change is no row change) moves it.
 */
static void
test_generation_moves_on_writes(void **state)
{
	struct fx *fx = *state;
	uint64_t g;

	assert_int_equal(db_migrate_set(fx->db, set_good, set_good_len), 2);
	g = db_generation();
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "UPDATE item SET v = 'x' WHERE v = "
	    "'nobody'", DB_NOARGS, NULL), 0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_true(db_generation() == g);

	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "INSERT INTO item (v) VALUES ('a')",
	    DB_NOARGS, NULL), 0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_true(db_generation() > g);

	g = db_generation();
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "DELETE FROM item WHERE v = 'nobody'",
	    DB_NOARGS, NULL), 0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_true(db_generation() == g);

	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "DELETE FROM item", DB_NOARGS, NULL),
	    0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_true(db_generation() > g);

	g = db_generation();
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_exec(fx->db, "CREATE TABLE extra (x)"), 0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_true(db_generation() > g);
}

struct thread_arg {
	pthread_barrier_t *barrier;
	struct db *db;
	int ok;
};

/* Holds its connection until both threads have one, then exits. */
static void *
thread_main(void *p)
{
	struct thread_arg *a = p;

	a->db = db_thread();
	a->ok = a->db != NULL && db_thread() == a->db &&
	    db_exec(a->db, "SELECT 1") == 0;
	pthread_barrier_wait(a->barrier);
	return NULL;
}

static void
test_thread_connections(void **state)
{
	struct fx *fx = *state;
	pthread_barrier_t barrier;
	struct thread_arg a[2];
	pthread_t t[2];
	int i;

	db_configure(fx->path);
	pthread_barrier_init(&barrier, NULL, 2);
	for (i = 0; i < 2; i++) {
		a[i] = (struct thread_arg){ &barrier, NULL, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, thread_main,
		    &a[i]), 0);
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&barrier);
	assert_true(a[0].ok && a[1].ok);
	assert_ptr_not_equal(a[0].db, a[1].db);

	assert_non_null(db_thread());
	assert_ptr_equal(db_thread(), db_thread());
	db_thread_close();
	db_thread_close();		/* twice is harmless */
}

struct writer {
	const char *path;
	atomic_int stop;
	atomic_int commits;
	atomic_int failed;
};

/*
 * Inserts an item and bumps the counter in each transaction, so any
 * consistent snapshot has count(item) == counter.n.
 */
static void *
writer_main(void *p)
{
	struct writer *w = p;
	struct db_stmt *st;
	struct db *db;

	if ((db = db_open(w->path)) == NULL) {
		w->failed = 1;
		return NULL;
	}
	while (!w->stop) {
		if (db_begin(db) == -1)
			goto fail;
		st = db_prepare(db, "INSERT INTO item (v) VALUES "
		    "('written while the backup runs')");
		if (st == NULL || db_step(st) != DB_DONE)
			goto fail;
		db_done(st);
		st = db_prepare(db, "UPDATE counter SET n = n + 1");
		if (st == NULL || db_step(st) != DB_DONE)
			goto fail;
		db_done(st);
		if (db_commit(db) == -1)
			goto fail;
		w->commits++;
	}
	db_close(db);
	return NULL;
 fail:
	w->failed = 1;
	db_close(db);
	return NULL;
}

static void
test_backup_while_writing(void **state)
{
	struct fx *fx = *state;
	struct writer w = { fx->path, 0, 0, 0 };
	struct db_stmt *st;
	struct db *copy;
	char dest[160];
	struct stat sb;
	pthread_t t;
	int64_t n, start;
	int i;

	assert_int_equal(db_migrate_set(fx->db, set_good, set_good_len), 2);
	/* About 4 MB, so the backup takes many steps. */
	assert_int_equal(db_begin(fx->db), 0);
	for (i = 0; i < 20000; i++) {
		st = db_prepare(fx->db, "INSERT INTO item (v) VALUES "
		    "(printf('%0200d', ?1))");
		assert_int_equal(db_bind_int64(st, 1, i), DB_OK);
		assert_int_equal(db_step(st), DB_DONE);
		db_done(st);
	}
	assert_int_equal(db_exec(fx->db, "UPDATE counter SET n = 20000"), 0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_true(query_int(fx->db, "PRAGMA page_count") > 256 * 2);

	assert_int_equal(pthread_create(&t, NULL, writer_main, &w), 0);
	while (w.commits < 20 && !w.failed)
		usleep(1000);
	start = w.commits;
	snprintf(dest, sizeof(dest), "%s/backup.db", fx->dir);
	assert_int_equal(db_backup(fx->db, dest), 0);
	w.stop = 1;
	pthread_join(t, NULL);
	assert_false(w.failed);

	snprintf(dest, sizeof(dest), "%s/backup.db.tmp", fx->dir);
	assert_int_equal(stat(dest, &sb), -1);
	snprintf(dest, sizeof(dest), "%s/backup.db", fx->dir);
	copy = db_open(dest);
	assert_non_null(copy);
	st = db_prepare(copy, "PRAGMA integrity_check");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "ok");
	db_done(st);
	n = query_int(copy, "SELECT count(*) FROM item");
	assert_int_equal(n, query_int(copy, "SELECT n FROM counter"));
	assert_true(n >= 20000 + start);
	assert_true(n <= 20000 + w.commits);
	assert_int_equal(db_schema_version(copy), 2);
	db_close(copy);

	/* A second backup replaces the first. */
	assert_int_equal(db_backup(fx->db, dest), 0);
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_backup(fx->db, dest), -1);	/* not in a tx */
	db_rollback(fx->db);
}

/*
 * An acknowledged commit survives kill -9: the child reports each commit
 * on a pipe, the parent kills it mid-stream and counts what is on disk.
 */
static void
test_kill9(void **state)
{
	struct fx *fx = *state;
	struct db_stmt *st;
	struct db *db;
	int fd[2], acked = 0, status;
	pid_t pid;
	char c;

	assert_int_equal(db_migrate_set(fx->db, set_good, set_good_len), 2);
	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		close(fd[0]);
		if ((db = db_open(fx->path)) == NULL)
			_exit(1);
		for (;;) {
			if (db_begin(db) == -1)
				_exit(1);
			st = db_prepare(db,
			    "INSERT INTO item (v) VALUES ('k')");
			if (db_step(st) != DB_DONE)
				_exit(1);
			db_done(st);
			if (db_commit(db) == -1)
				_exit(1);
			if (write(fd[1], "a", 1) != 1)
				_exit(1);
		}
	}
	close(fd[1]);
	while (acked < 200 && read(fd[0], &c, 1) == 1)
		acked++;
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(fd[0]);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(acked, 200);
	assert_true(query_int(fx->db, "SELECT count(*) FROM item") >= acked);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_memory_statistics,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_pragmas,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_migrate_idempotent,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_migrate_empty_set,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_migrate_real,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refuse_newer,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_broken_rolls_back,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_gap_refused,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_names,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_backend_pairs,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stmt_cache,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_constraints,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_generation_moves_on_writes,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_transactions,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_thread_connections,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_backup_while_writing,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_kill9,
		    fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}

/*
 * test_pg_live.c - the PostgreSQL backend against a real server: the
 * cluster tests/run-all.sh starts for the -pg suites ($TUKIVERKKO_TEST_PG,
 * a postgresql:// URL without a database).  Each test gets a database of
 * its own.  What SQLite gives for free is checked here: booleans read as
 * 1/0, a parameter only tested with IS NULL, a failed prepare that must not
 * break the transaction around it, constraint errors that leave the
 * connection usable, write transactions that exclude each other across
 * connections, writes of other processes seen by the watcher, and the
 * round trips saved with libpq's pipeline mode: a read snapshot's BEGIN
 * sent with its first statement and its COMMIT not waited for, and writes
 * sent without waiting for their answers (db_defer_writes()); a write
 * transaction that changed nothing commits without a notification.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "base/arena.h"
#include "db/db.h"
#include "plan_file.h"
#include "db/rows.h"

struct fx {
	char target[256];
	char name[64];
	struct db *db;
	struct arena a;
};

static const char *
pg_base(void)
{
	const char *b = getenv("TUKIVERKKO_TEST_PG");

	if (b == NULL || b[0] == '\0') {
		fprintf(stderr, "TUKIVERKKO_TEST_PG is not set: run this "
		    "through tests/run-all.sh unit-pg\n");
		exit(1);
	}
	return b;
}

/* Runs one statement on the cluster's maintenance database. */
static int
pg_admin(const char *sql)
{
	char t[320];
	struct db *db;
	int rc;

	snprintf(t, sizeof(t), "%s/postgres", pg_base());
	if ((db = db_open(t)) == NULL)
		return -1;
	rc = db_exec(db, sql);
	db_close(db);
	return rc;
}

static int
fx_setup(void **state)
{
	static int seq;
	struct fx *fx = calloc(1, sizeof(*fx));
	char sql[128];
	char *ddl;

	if (fx == NULL)
		return -1;
	snprintf(fx->name, sizeof(fx->name), "tvunit_%d_%d", (int)getpid(),
	    ++seq);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", fx->name);
	if (pg_admin(sql) != 0)
		return -1;
	snprintf(fx->target, sizeof(fx->target), "%s/%s", pg_base(),
	    fx->name);
	if ((fx->db = db_open(fx->target)) == NULL)
		return -1;
	ddl = db_dialect(fx->db, "CREATE TABLE thing (id INTEGER PRIMARY KEY, "
	    "name TEXT NOT NULL UNIQUE, n INTEGER NOT NULL DEFAULT 0, "
	    "at INTEGER)");
	if (ddl == NULL || db_exec(fx->db, ddl) != 0)
		return -1;
	free(ddl);
	arena_init(&fx->a);
	*state = fx;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *fx = *state;
	char sql[128];

	arena_cleanup(&fx->a);
	db_close(fx->db);
	snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", fx->name);
	pg_admin(sql);
	free(fx);
	return 0;
}

static int64_t
count(struct db *db)
{
	int64_t n = -1;

	assert_int_equal(db_int64(db, "SELECT count(*) FROM thing", DB_NOARGS,
	    &n), 0);
	return n;
}

static void
test_booleans(void **state)
{
	struct fx *fx = *state;
	struct db_stmt *st;

	st = db_prepare(fx->db, "SELECT 1 = 1, 1 = 2, ?1 IS NULL");
	assert_non_null(st);
	db_bind_null(st, 1);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 1);
	assert_int_equal(db_col_int64(st, 1), 0);
	assert_string_equal(db_col_text(st, 0), "1");
	assert_string_equal(db_col_text(st, 1), "0");
	assert_int_equal(db_col_len(st, 0), 1);
	assert_int_equal(db_col_int64(st, 2), 1);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

/* The stores' optional filters: "(col >= ?1 OR ?1 IS NULL)", first run
 * with NULL, then with a value, on the same cached statement. */
static void
test_optional_filters(void **state)
{
	struct fx *fx = *state;
	const char *sql = "SELECT count(*) FROM thing WHERE (at >= ?1 OR "
	    "?1 IS NULL) AND (name = ?2 OR ?2 IS NULL)";
	int64_t n;

	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name, at) VALUES "
	    "('a', 10), ('b', 20)", DB_NOARGS, NULL), 0);
	assert_int_equal(db_int64(fx->db, sql, DB_ARGS(db_null(), db_null()),
	    &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(db_int64(fx->db, sql, DB_ARGS(db_int(15), db_null()),
	    &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(db_int64(fx->db, sql, DB_ARGS(db_null(),
	    db_text("a")), &n), 0);
	assert_int_equal(n, 1);
	/* Only ever tested with IS NULL: typed as text. */
	assert_int_equal(db_int64(fx->db, "SELECT count(*) FROM thing WHERE "
	    "?1 IS NULL", DB_ARGS(db_null()), &n), 0);
	assert_int_equal(n, 2);
}

/* A statement first prepared inside a transaction, needing a second try:
 * the transaction goes on and commits what it wrote. */
static void
test_prepare_inside_transaction(void **state)
{
	struct fx *fx = *state;
	size_t rows;
	int64_t n;

	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) VALUES "
	    "('in-tx')", DB_NOARGS, NULL), 0);
	assert_int_equal(db_int64(fx->db, "SELECT count(*) FROM thing WHERE "
	    "(name = ?1 OR ?1 IS NULL) AND ?2 IS NULL", DB_ARGS(db_null(),
	    db_null()), &n), 0);
	assert_int_equal(n, 1);
	/* A mistake fails that statement only; rolling back is the
	 * caller's choice, as on SQLite. */
	assert_null(db_rows(fx->db, &fx->a, "SELEC nothing", DB_NOARGS, NULL,
	    0, &rows));
	assert_int_equal(db_int64(fx->db, "SELECT count(*) FROM thing",
	    DB_NOARGS, &n), 0);
	assert_int_equal(n, 1);
	db_rollback(fx->db);
	assert_int_equal(count(fx->db), 0);

	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) VALUES "
	    "('kept')", DB_NOARGS, NULL), 0);
	assert_int_equal(db_int64(fx->db, "SELECT count(*) FROM thing WHERE "
	    "?3 IS NULL AND (id = ?1 OR ?1 IS NULL) AND (n = ?2 OR ?2 IS NULL)",
	    DB_ARGS(db_null(), db_null(), db_null()), &n), 0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_int_equal(count(fx->db), 1);
}

static void
test_constraints_and_ids(void **state)
{
	struct fx *fx = *state;
	int64_t id, id2, changes;

	assert_int_equal(db_insert(fx->db, "INSERT INTO thing (name) VALUES "
	    "(?1) RETURNING id", DB_ARGS(db_text("x")), &id), 0);
	assert_true(id > 0);
	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) VALUES (?1)",
	    DB_ARGS(db_text("y")), NULL), 0);
	assert_int_equal(db_last_id(fx->db), id + 1);
	assert_int_equal(db_insert(fx->db, "INSERT INTO thing (name) VALUES "
	    "(?1) RETURNING id", DB_ARGS(db_text("x")), &id2), DB_CONSTRAINT);
	/* In a transaction: refused, rolled back, the connection still good. */
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) VALUES (?1)",
	    DB_ARGS(db_text("x")), NULL), DB_CONSTRAINT);
	db_rollback(fx->db);
	assert_int_equal(db_run(fx->db, "UPDATE thing SET n = n + 1",
	    DB_NOARGS, &changes), 0);
	assert_int_equal(changes, 2);
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_begin(fx->db), -1);	/* no nesting */
	db_rollback(fx->db);

	/* Rows written with explicit ids: the next generated one follows. */
	assert_int_equal(db_run(fx->db, "INSERT INTO thing (id, name) VALUES "
	    "(100, 'explicit')", DB_NOARGS, NULL), 0);
	assert_int_equal(db_ids_follow(fx->db), 0);
	assert_int_equal(db_insert(fx->db, "INSERT INTO thing (name) VALUES "
	    "('next') RETURNING id", DB_NOARGS, &id), 0);
	assert_int_equal(id, 101);
}

/*
 * db_defer_writes(): writes answered later still run in order (a read
 * after them sees them, db_changes() counts them), and a refused one
 * is never committed: the statements after it fail, and so does the
 * commit, and the connection stays usable.
 */
static void
test_deferred_writes(void **state)
{
	struct fx *fx = *state;
	const char *ins = "INSERT INTO thing (name) VALUES (?1)";
	char name[16];
	int64_t n, changes;
	int i;

	assert_int_equal(db_begin(fx->db), 0);
	db_defer_writes(fx->db);
	/* The first run prepares and waits; the others are sent and not
	 * waited for. */
	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		assert_int_equal(db_run(fx->db, ins, DB_ARGS(db_text(name)),
		    NULL), 0);
	}
	assert_int_equal(count(fx->db), 5);
	for (i = 0; i < 2; i++)
		assert_int_equal(db_run(fx->db, "UPDATE thing SET n = n + 1 "
		    "WHERE name LIKE ?1", DB_ARGS(db_text("d%")), &changes), 0);
	assert_int_equal(changes, 5);
	/* The last statement before the commit is unanswered. */
	assert_int_equal(db_run(fx->db, ins, DB_ARGS(db_text("last")), NULL),
	    0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_int_equal(count(fx->db), 6);
	assert_int_equal(db_int64(fx->db, "SELECT sum(n) FROM thing",
	    DB_NOARGS, &n), 0);
	assert_int_equal(n, 10);

	/* A duplicate, its refusal not waited for: the commit fails. */
	assert_int_equal(db_begin(fx->db), 0);
	db_defer_writes(fx->db);
	assert_int_equal(db_run(fx->db, ins, DB_ARGS(db_text("new")), NULL), 0);
	assert_int_equal(db_run(fx->db, ins, DB_ARGS(db_text("d1")), NULL), 0);
	assert_int_equal(db_run(fx->db, ins, DB_ARGS(db_text("after")), NULL),
	    0);
	assert_int_equal(db_commit(fx->db), -1);
	assert_int_equal(count(fx->db), 6);

	/* The same refusal met by a read: the read fails. */
	assert_int_equal(db_begin(fx->db), 0);
	db_defer_writes(fx->db);
	assert_int_equal(db_run(fx->db, ins, DB_ARGS(db_text("d2")), NULL), 0);
	assert_int_not_equal(db_int64(fx->db, "SELECT count(*) FROM thing",
	    DB_NOARGS, &n), 0);
	db_rollback(fx->db);
	assert_int_equal(count(fx->db), 6);

	/* Outside db_defer_writes() every write is answered at once. */
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, ins, DB_ARGS(db_text("d3")), NULL),
	    DB_CONSTRAINT);
	db_rollback(fx->db);
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, ins, DB_ARGS(db_text("plain")), NULL),
	    0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_int_equal(count(fx->db), 7);
}

/*
 * A read snapshot's BEGIN goes with its first statement and its COMMIT is
 * not waited for: the snapshot is still one (a write committed by another
 * connection after the first statement is not seen until the next
 * snapshot), one never used costs nothing, and a failed first statement
 * leaves the connection usable.
 */
static void
test_read_snapshot(void **state)
{
	struct fx *fx = *state;
	struct db *other;
	size_t rows;
	int i;

	assert_non_null(other = db_open(fx->target));
	for (i = 0; i < 2; i++) {
		/* Once with count()'s statement still to be prepared, once
		 * prepared (the BEGIN then rides with it). */
		assert_int_equal(db_read_begin(fx->db), 0);
		assert_int_equal(count(fx->db), i);
		assert_int_equal(db_run(other, "INSERT INTO thing (name) "
		    "VALUES (?1)", DB_ARGS(db_text(i ? "b" : "a")), NULL), 0);
		assert_int_equal(count(fx->db), i);
		db_read_end(fx->db);
		assert_int_equal(count(fx->db), i + 1);
	}
	/* Unused, then a write transaction right after. */
	assert_int_equal(db_read_begin(fx->db), 0);
	assert_int_equal(db_begin(fx->db), -1);	/* not inside a snapshot */
	db_read_end(fx->db);
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) VALUES "
	    "('c')", DB_NOARGS, NULL), 0);
	assert_int_equal(db_commit(fx->db), 0);
	/* A snapshot ended, a write transaction begun at once: the
	 * snapshot's COMMIT is read first. */
	assert_int_equal(db_read_begin(fx->db), 0);
	assert_int_equal(count(fx->db), 3);
	db_read_end(fx->db);
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) VALUES "
	    "('d')", DB_NOARGS, NULL), 0);
	assert_int_equal(db_commit(fx->db), 0);
	/* A failed statement in a snapshot. */
	assert_int_equal(db_read_begin(fx->db), 0);
	assert_null(db_rows(fx->db, &fx->a, "SELEC nothing", DB_NOARGS, NULL,
	    0, &rows));
	db_read_end(fx->db);
	assert_int_equal(count(fx->db), 4);
	db_close(other);
}

/*
 * A cached statement is prepared again after 16, 64, 256... runs, so that
 * its plan is made for the table as it has grown (pg.c, pg_run()): after
 * 300 runs the server's copy has run only the 44 since the last prepare,
 * and the server holds one copy, not one per prepare.  The answers stay
 * right throughout.
 */
static void
test_plans_follow_growth(void **state)
{
	struct fx *fx = *state;
	char name[32];
	int64_t i, found, runs, copies;

	assert_int_equal(db_analyse(fx->db), 0);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "row %lld", (long long)i);
		assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) "
		    "VALUES (?1)", DB_ARGS(db_text(name)), NULL), 0);
		assert_int_equal(db_int64(fx->db, "SELECT count(*) FROM thing "
		    "WHERE name = ?1", DB_ARGS(db_text(name)), &found), 0);
		assert_int_equal(found, 1);
	}
	assert_int_equal(db_int64(fx->db, "SELECT count(*) FROM "
	    "pg_prepared_statements WHERE statement = 'SELECT count(*) FROM "
	    "thing WHERE name = $1'", DB_NOARGS, &copies), 0);
	assert_int_equal(copies, 1);
	assert_int_equal(db_int64(fx->db, "SELECT generic_plans + "
	    "custom_plans FROM pg_prepared_statements WHERE statement = "
	    "'SELECT count(*) FROM thing WHERE name = $1'", DB_NOARGS,
	    &runs), 0);
	assert_int_equal(runs, 300 - 256);
}

/* The same statement inside a loop over its own rows. */
/*
 * The plan check on PostgreSQL (pg_plan_check()): a statement no index
 * can serve is written to the file even on a table too small for any
 * planner to use an index; one an index serves is not; the transaction
 * the statement ran in goes on unharmed.
 */
static void
test_plan_check(void **state)
{
	struct fx *fx = *state;
	char path[64];
	struct db *db;
	int64_t n;
	char *ddl;
	int fd;

	snprintf(path, sizeof(path), "/tmp/tv-plan-XXXXXX");
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	unlink(path);
	ddl = db_dialect(fx->db, "CREATE INDEX thing_at ON thing(at)");
	assert_int_equal(db_exec(fx->db, ddl), 0);
	free(ddl);
	setenv("TUKIVERKKO_PLAN_CHECK", path, 1);
	db = db_open(fx->target);
	unsetenv("TUKIVERKKO_PLAN_CHECK");
	assert_non_null(db);

	assert_int_equal(db_int64(db, "SELECT count(*) FROM thing WHERE at > "
	    "?1", DB_ARGS(db_int(0)), &n), 0);
	assert_int_equal(db_int64(db, "SELECT n FROM thing WHERE id = ?1 "
	    "UNION ALL SELECT 0", DB_ARGS(db_int(1)), &n), 0);
	assert_int_equal(db_run(db, "INSERT INTO thing (name) VALUES (?1)",
	    DB_ARGS(db_text("a")), NULL), 0);
	assert_string_equal(plan_file_text(path), "");

	/* The planted scan, inside a transaction that then goes on. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_run(db, "INSERT INTO thing (name) VALUES (?1)",
	    DB_ARGS(db_text("b")), NULL), 0);
	assert_int_equal(db_int64(db, "SELECT count(*) FROM thing WHERE n = "
	    "?1", DB_ARGS(db_int(0)), &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(db_commit(db), 0);
	assert_string_equal(plan_file_text(path), "thing\tSELECT count(*) FROM "
	    "thing WHERE n = ?1\n");
	assert_int_equal(count(db), 2);
	db_close(db);
	unlink(path);
}

static void
test_nested_statement(void **state)
{
	struct fx *fx = *state;
	const char *sql = "SELECT id, name FROM thing ORDER BY id";
	struct db_stmt *outer, *inner;
	int rows = 0;

	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) VALUES "
	    "('a'), ('b'), ('c')", DB_NOARGS, NULL), 0);
	outer = db_prepare(fx->db, sql);
	assert_non_null(outer);
	while (db_step(outer) == DB_ROW) {
		inner = db_prepare(fx->db, sql);
		assert_non_null(inner);
		assert_int_equal(db_step(inner), DB_ROW);
		assert_string_equal(db_col_text(inner, 1), "a");
		db_done(inner);
		rows++;
	}
	db_done(outer);
	assert_int_equal(rows, 3);
}

struct writer {
	const char *target;
	_Atomic int *order;
	int seen;
};

/* Takes the write lock, then notes when it got it. */
static void *
second_writer(void *arg)
{
	struct writer *w = arg;
	struct db *db = db_open(w->target);

	if (db == NULL || db_begin(db) != 0)
		return NULL;
	w->seen = atomic_fetch_add(w->order, 1);
	db_run(db, "INSERT INTO thing (name) VALUES ('second')", DB_NOARGS,
	    NULL);
	db_commit(db);
	db_close(db);
	return NULL;
}

/* Write transactions on two connections run one after the other, as
 * SQLite's BEGIN IMMEDIATE makes them: the second waits for the commit. */
static void
test_write_lock(void **state)
{
	struct fx *fx = *state;
	_Atomic int order = 0;
	struct writer w = { fx->target, &order, -1 };
	struct timespec ms = { 0, 300 * 1000000L };
	pthread_t t;
	int mine;

	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(pthread_create(&t, NULL, second_writer, &w), 0);
	nanosleep(&ms, NULL);
	mine = atomic_fetch_add(&order, 1);
	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) VALUES "
	    "('first')", DB_NOARGS, NULL), 0);
	assert_int_equal(db_commit(fx->db), 0);
	pthread_join(t, NULL);
	assert_int_equal(mine, 0);
	assert_int_equal(w.seen, 1);
	assert_int_equal(count(fx->db), 2);
}

/* The watcher bumps the generation when it begins to listen (a write
 * before its LISTEN went unheard), and db_watch_wait() returns once it
 * listens.  Then a commit on another connection reaches it, and it bumps
 * the generation that page caches compare. */
static void
test_watcher(void **state)
{
	struct fx *fx = *state;
	struct timespec tick = { 0, 20 * 1000000L };
	struct db *other;
	uint64_t g;
	int i;

	db_configure(fx->target);
	g = db_generation();
	assert_int_equal(db_watch_start(), 0);
	db_watch_wait();
	assert_true(db_generation() > g);
	g = db_generation();
	other = db_open(fx->target);
	assert_non_null(other);
	/* Not through db_commit() of this process's counter alone: the
	 * other connection commits, the watcher must see it. */
	assert_int_equal(db_exec(other, "BEGIN; INSERT INTO thing (name) "
	    "VALUES ('elsewhere'); NOTIFY tukiverkko_write; COMMIT"), 0);
	for (i = 0; i < 250 && db_generation() == g; i++)
		nanosleep(&tick, NULL);
	assert_true(db_generation() > g);
	db_close(other);
	db_watch_stop();
}

/*
 * Only a transaction that changed a row notifies the other servers: one
 * that found nothing to do (a job's usual turn) would make them drop their
 * pages for nothing, and its commit would be flushed to disk.  A listener
 * counts the notifications up to a marker sent after both commits: they
 * arrive in commit order.  The generation this process's caches compare
 * moves with the first commit and not with the second.
 */
static void
test_notify_only_writes(void **state)
{
	struct fx *fx = *state;
	PGconn *l = PQconnectdb(fx->target);
	PGresult *res;
	PGnotify *n;
	struct timespec tick = { 0, 20 * 1000000L };
	uint64_t g;
	int seen = 0, i;
	bool end = false;

	assert_int_equal(PQstatus(l), CONNECTION_OK);
	res = PQexec(l, "LISTEN tukiverkko_write");
	assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) VALUES "
	    "('written')", DB_NOARGS, NULL), 0);
	g = db_generation();
	assert_int_equal(db_commit(fx->db), 0);
	assert_true(db_generation() > g);
	g = db_generation();
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "UPDATE thing SET n = n + 1 WHERE "
	    "name = 'nobody'", DB_NOARGS, NULL), 0);
	assert_int_equal(db_run(fx->db, "DELETE FROM thing WHERE name = "
	    "'nobody'", DB_NOARGS, NULL), 0);
	assert_int_equal(count(fx->db), 1);
	assert_int_equal(db_commit(fx->db), 0);
	assert_true(db_generation() == g);
	assert_int_equal(db_exec(fx->db, "NOTIFY tukiverkko_write, 'end'"), 0);
	for (i = 0; i < 250 && !end; i++) {
		assert_int_equal(PQconsumeInput(l), 1);
		while (!end && (n = PQnotifies(l)) != NULL) {
			end = strcmp(n->extra, "end") == 0;
			seen += !end;
			PQfreemem(n);
		}
		if (!end)
			nanosleep(&tick, NULL);
	}
	assert_true(end);
	assert_int_equal(seen, 1);
	PQfinish(l);
}

/* A connection the server dropped (restart, failover, an idle timeout)
 * fails the statement it was running, then comes back by itself between
 * transactions, its prepared statements prepared again. */
static void
test_reconnect(void **state)
{
	struct fx *fx = *state;
	struct db *other = db_open(fx->target);
	int64_t pid = 0, n = -1, again = 0;
	int i, rc = -1;

	assert_non_null(other);
	assert_int_equal(db_int64(fx->db, "SELECT pg_backend_pid()", DB_NOARGS,
	    &pid), 0);
	assert_int_equal(db_int64(fx->db, "SELECT count(*) FROM thing WHERE "
	    "n = ?1", DB_ARGS(db_int(0)), &n), 0);
	assert_int_equal(db_int64(other, "SELECT count(*) FROM "
	    "pg_terminate_backend(?1)", DB_ARGS(db_int(pid)), &n), 0);
	db_close(other);
	for (i = 0; i < 3 && rc != 0; i++)
		rc = db_int64(fx->db, "SELECT count(*) FROM thing WHERE n = ?1",
		    DB_ARGS(db_int(0)), &n);
	assert_int_equal(rc, 0);
	assert_true(i <= 2);	/* at most the one statement failed */
	assert_int_equal(db_int64(fx->db, "SELECT pg_backend_pid()", DB_NOARGS,
	    &again), 0);
	assert_true(again != pid);
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) VALUES "
	    "('after')", DB_NOARGS, NULL), 0);
	assert_int_equal(db_commit(fx->db), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
		T(test_booleans),
		T(test_optional_filters),
		T(test_prepare_inside_transaction),
		T(test_constraints_and_ids),
		T(test_deferred_writes),
		T(test_read_snapshot),
		T(test_nested_statement),
		T(test_plans_follow_growth),
		T(test_plan_check),
		T(test_write_lock),
		T(test_watcher),
		T(test_notify_only_writes),
		T(test_reconnect),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

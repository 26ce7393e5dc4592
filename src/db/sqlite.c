/*
 * sqlite.c - the SQLite backend of db.h.
 *
 * One connection per worker thread, opened with SQLITE_OPEN_NOMUTEX because
 * it is never shared, so SQLite skips its own locking.  Durability is the
 * point of the registration path: WAL with synchronous=FULL syncs the log on
 * every commit, so an acknowledged write survives kill -9 and power loss, and
 * readers never wait for the writer.
 *
 * Each connection caches its prepared statements in a small hash table keyed
 * by the SQL text.  Logs carry SQLite's message and the SQL text (which only
 * has ?N placeholders), never a bound value: those may be personal data.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <pthread.h>
#include <sqlite3.h>

#include "base/log.h"
#include "db/backend.h"
#include "db/db.h"

#define DB_BUCKETS		512	/* hash buckets, a power of two */
#define DB_CACHE_MAX		256	/* statements cached per connection */
#define DB_BUSY_TIMEOUT_MS	5000
#define DB_BACKUP_PAGES		256	/* pages copied per backup step */

/* The generic headers come first (backend.h). */
struct sq_stmt {
	struct db_stmt	 base;
	struct sq_db	*db;
	sqlite3_stmt	*stmt;
	char		*sql;		/* owned copy, the cache key */
	size_t		 sql_len;
	uint64_t	 hash;
	bool		 cached;	/* false: finalized by sq_done() */
	bool		 in_use;
	struct sq_stmt	*next;		/* bucket chain */
};

struct sq_db {
	struct db	 base;
	sqlite3		*conn;
	struct sq_stmt	*buckets[DB_BUCKETS];
	size_t		 ncached;
	size_t		 nout;		/* statements handed out, not done */
	bool		 full_warned;
	const char	*plan_check;	/* $TUKIVERKKO_PLAN_CHECK or NULL */
	/* For sq_commit() to tell whether the transaction wrote: the
	 * connection's changes when it began, and whether db_exec() ran in
	 * it (schema changes are no row changes). */
	int64_t		 changes_at_begin;
	bool		 exec_ran;
};


static int sq_exec(struct db *, const char *);
static void sq_rollback(struct db *);

/*
 * Collapses SQLite's many result codes into the few a caller can act on:
 * a constraint is the user's mistake (duplicate, missing parent), busy means
 * try again later, everything else is our problem.
 */
static int
sq_map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERROR;
	}
}

/*
 * Logs a failed call at a level that matches what it means: constraint
 * failures are routine (a second registration with the same address), busy
 * is load, the rest are errors.  SQLite's message names the constraint or
 * the problem but never a bound value, and sql holds only placeholders.
 */
static void
sq_log_failure(struct sq_db *db, int rc, const char *what, const char *sql)
{
	enum log_level level;

	switch (sq_map_rc(rc)) {
	case DB_CONSTRAINT:
		level = LOG_INFO;
		break;
	case DB_BUSY:
		level = LOG_WARN;
		break;
	default:
		level = LOG_ERROR;
		break;
	}
	log_msg(level, "db: %s: %s (%d) in: %.200s", what,
	    sqlite3_errmsg(db->conn), rc, sql != NULL ? sql : "");
}

/*
 * Sets the per-connection pragmas.  busy_timeout comes first so that the
 * rest, and switching to WAL on a fresh file, wait for a concurrent opener
 * instead of failing.  journal_mode answers with the mode it got; anything
 * but "wal" means the durability and concurrency promises do not hold.
 * The page cache is 8 MiB per connection: filled only as pages are read, so
 * idle memory stays small, and enough for the hot tables of a region.
 */
static int
sq_setup(struct sq_db *db)
{
	sqlite3_stmt *st;
	const unsigned char *mode;
	int rc, ok;

	if (sqlite3_busy_timeout(db->conn, DB_BUSY_TIMEOUT_MS) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db->conn, "PRAGMA journal_mode=WAL", -1, &st,
	    NULL) != SQLITE_OK) {
		sq_log_failure(db, sqlite3_errcode(db->conn), "prepare",
		    "PRAGMA journal_mode=WAL");
		return -1;
	}
	rc = sqlite3_step(st);
	mode = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	ok = mode != NULL && strcmp((const char *)mode, "wal") == 0;
	if (!ok)
		log_error("db: journal_mode=WAL refused (got %s)",
		    mode != NULL ? (const char *)mode :
		    sqlite3_errmsg(db->conn));
	sqlite3_finalize(st);
	if (!ok)
		return -1;

	/* The file read through a memory map instead of a read() into each
	 * connection's page cache: a search over 10,000 service points spent
	 * a third of its time copying pages out of the kernel
	 * (bench/directory/run.sh: 26 -> 42 searches a second).  The map is
	 * as large as SQLite allows (SQLITE_MAX_MMAP_SIZE, 0x7fff0000 in
	 * Debian's build): a 256 MiB one left the rest of a 470 MB
	 * directory of 100,000 points to pread(), a quarter of a search's
	 * time.  It is address space, not memory: the pages are the
	 * kernel's page cache, shared by every connection.  Writes still go
	 * through the WAL; nothing here truncates the file under a reader
	 * (backups are VACUUM INTO another file). */
	return sq_exec(&db->base, "PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"
	    "PRAGMA temp_store=MEMORY;PRAGMA cache_size=-8192;"
	    "PRAGMA mmap_size=2147418112");
}

/*
 * Memory statistics off, before SQLite initialises itself: with them on,
 * every allocation SQLite makes takes one global mutex to count itself,
 * about 5 % of a cached page's time with four pool threads (issue 13).
 * Nothing here reads the statistics.  Too late once SQLite has started
 * (sqlite3_config() then refuses, and they stay on): harmless.
 */
static pthread_once_t sq_config_once = PTHREAD_ONCE_INIT;

static void
sq_config(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * Opens a connection.  The extended result codes are turned on so that the
 * logged code tells a UNIQUE from a FOREIGN KEY failure; sq_map_rc() folds
 * them back for callers.
 */
static struct db *
sq_open(const char *path)
{
	struct sq_db *db;
	int rc;

	pthread_once(&sq_config_once, sq_config);
	if ((db = calloc(1, sizeof(*db))) == NULL) {
		log_error("db: out of memory");
		return NULL;
	}
	rc = sqlite3_open_v2(path, &db->conn, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		log_error("db: cannot open database: %s",
		    db->conn != NULL ? sqlite3_errmsg(db->conn) :
		    sqlite3_errstr(rc));
		sqlite3_close(db->conn);
		free(db);
		return NULL;
	}
	db->base.ops = &db_sqlite_ops;
	db->plan_check = getenv("TUKIVERKKO_PLAN_CHECK");
	if (db->plan_check != NULL && db->plan_check[0] == '\0')
		db->plan_check = NULL;
	sqlite3_extended_result_codes(db->conn, 1);
	if (sq_setup(db) == -1) {
		sqlite3_close(db->conn);
		free(db);
		return NULL;
	}
	return &db->base;
}

/*
 * Finalizes the cached statements and closes.  A statement still handed out
 * is a caller bug: it is logged, the statement becomes private so that its
 * sq_done() finalizes it, sqlite3_close_v2() defers the real close until
 * then, and the struct is leaked because that sq_done() still uses it.
 */
static void
sq_close(struct db *g)
{
	struct sq_db *db = (struct sq_db *)g;
	struct sq_stmt *s, *next;
	size_t i;

	if (db == NULL)
		return;
	if (db->nout > 0)
		log_error("db: closing with %zu statement(s) not done",
		    db->nout);
	for (i = 0; i < DB_BUCKETS; i++) {
		for (s = db->buckets[i]; s != NULL; s = next) {
			next = s->next;
			if (s->in_use) {
				s->cached = false;
				continue;
			}
			sqlite3_finalize(s->stmt);
			free(s->sql);
			free(s);
		}
	}
	sqlite3_close_v2(db->conn);
	if (db->nout == 0)
		free(db);
}

/*
 * Compiles sql.  Only one statement is allowed: sqlite3_prepare silently
 * ignores anything after the first, which would hide a mistake.
 */
static sqlite3_stmt *
sq_compile(struct sq_db *db, const char *sql, size_t len, unsigned flags)
{
	sqlite3_stmt *st;
	const char *tail;
	int rc;

	if (len > INT_MAX) {
		log_error("db: statement too long");
		return NULL;
	}
	rc = sqlite3_prepare_v3(db->conn, sql, (int)len, flags, &st, &tail);
	if (rc != SQLITE_OK) {
		sq_log_failure(db, rc, "prepare", sql);
		return NULL;
	}
	if (st == NULL) {
		log_error("db: prepare: no statement in: %.200s", sql);
		return NULL;
	}
	while (*tail == ' ' || *tail == '\t' || *tail == '\n' ||
	    *tail == '\r' || *tail == ';')
		tail++;
	if (*tail != '\0') {
		log_error("db: prepare: more than one statement in: %.200s",
		    sql);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/*
 * The plan check (issue 13: a page's cost follows what it shows, not the
 * size of a table).  With $TUKIVERKKO_PLAN_CHECK naming a file, every
 * statement is run through EXPLAIN QUERY PLAN when it is first compiled
 * into the cache, and each full scan of a table ("SCAN t" without an
 * index) is appended to the file as one line: the table, a tab, the SQL.
 * The test harness sets it for every test server and fails a test file
 * whose servers wrote a line not on tests/lib/plan-debt.txt
 * (tests/lib/server.mjs), so a new query without an index fails the suite
 * the first time any test runs it.
 *
 * A walk along an index ("SCAN t USING INDEX i") passes: it is how a list
 * with keyset pagination reads its first page, and its LIMIT stops it.
 * Tables that stay small whatever the use may be scanned
 * (db_plan_small()).  PostgreSQL's check is pg_plan_check().
 */

/* True when name is a table of the schema (not an alias, view or CTE). */
static bool
sq_is_table(struct sq_db *db, const char *name, size_t len)
{
	sqlite3_stmt *st;
	bool yes = false;

	if (sqlite3_prepare_v2(db->conn, "SELECT 1 FROM sqlite_schema WHERE "
	    "type = 'table' AND name = ?1", -1, &st, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_bind_text(st, 1, name, (int)len, SQLITE_STATIC) ==
	    SQLITE_OK)
		yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

/* Length of the identifier at p (letters, digits, _), 0 if none. */
static size_t
sq_ident(const char *p)
{
	size_t n = 0;

	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return n;
}

/* True when [a, b) holds only white space (and is not empty). */
static bool
sq_spaces(const char *a, const char *b)
{
	if (a >= b)
		return false;
	for (; a < b; a++)
		if (!isspace((unsigned char)*a))
			return false;
	return true;
}

/*
 * The table behind the name a plan shows, which may be an alias: the
 * name itself when it is a table, else the table written before it in
 * the SQL ("event e", "event AS e").  Copies it into out; false for a
 * subquery or CTE, whose own tables get plan lines of their own.
 */
static bool
sq_plan_table(struct sq_db *db, const char *sql, const char *name,
    size_t len, char *out, size_t outsize)
{
	const char *p, *prev = NULL, *prev2 = NULL;
	size_t n, prevn = 0, prev2n = 0;

	if (sq_is_table(db, name, len)) {
		snprintf(out, outsize, "%.*s", (int)len, name);
		return true;
	}
	for (p = sql; *p != '\0'; p += n > 0 ? n : 1) {
		if ((n = sq_ident(p)) == 0 || (p > sql && (isalnum(
		    (unsigned char)p[-1]) || p[-1] == '_')))
			continue;
		/* "table alias" or "table AS alias", with nothing but
		 * spaces between: "q.organisation, q" names no table. */
		if (n == len && strncasecmp(p, name, len) == 0 &&
		    prev != NULL && sq_spaces(prev + prevn, p)) {
			if (prevn == 2 && strncasecmp(prev, "AS", 2) == 0) {
				if (prev2 == NULL || !sq_spaces(prev2 + prev2n,
				    prev))
					goto next;
				prev = prev2;
				prevn = prev2n;
			}
			if (sq_is_table(db, prev, prevn)) {
				snprintf(out, outsize, "%.*s", (int)prevn,
				    prev);
				return true;
			}
		}
next:
		prev2 = prev;
		prev2n = prevn;
		prev = p;
		prevn = n;
	}
	return false;
}

/* True when the SQL names the table as a whole word. */
static bool
sq_names(const char *sql, const char *table)
{
	size_t len = strlen(table), n;
	const char *p;

	for (p = sql; *p != '\0'; p += n > 0 ? n : 1) {
		n = sq_ident(p);
		if (n == len && strncasecmp(p, table, len) == 0 &&
		    (p == sql || !(isalnum((unsigned char)p[-1]) ||
		    p[-1] == '_')))
			return true;
	}
	return false;
}

/* Appends a full scan of a table that is not small to the check's file. */
static void
sq_plan_check(struct sq_db *db, const char *sql)
{
	char table[128], *q;
	sqlite3_stmt *st;
	const char *d;
	size_t n;

	q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
	if (q == NULL || sqlite3_prepare_v2(db->conn, q, -1, &st, NULL) !=
	    SQLITE_OK) {
		sqlite3_free(q);
		return;
	}
	sqlite3_free(q);
	while (sqlite3_step(st) == SQLITE_ROW) {
		d = (const char *)sqlite3_column_text(st, 3);
		if (d == NULL || strncmp(d, "SCAN ", 5) != 0 ||
		    strstr(d, " USING ") != NULL ||
		    strstr(d, "VIRTUAL TABLE") != NULL ||
		    (n = sq_ident(d + 5)) == 0 || (d[5 + n] != '\0' &&
		    d[5 + n] != ' ') ||
		    !sq_plan_table(db, sql, d + 5, n, table, sizeof(table)))
			continue;
		/*
		 * An INSERT's plan lists the foreign-key children of the
		 * table it fills, which SQLite visits only while a deferred
		 * violation is pending (never here).  An UPDATE's or
		 * DELETE's visits run: those stay.
		 */
		if (strncmp(sql, "INSERT", 6) == 0 && !sq_names(sql, table))
			continue;
		if (!db_plan_small(table))
			db_plan_report(db->plan_check, table, sql);
	}
	sqlite3_finalize(st);
}

/*
 * Hands out a statement for sql, from the cache when possible.  The key is
 * the text, not the pointer: callers may build SQL in a reused buffer, so
 * equal pointers do not prove equal text, and the comparison is one memcmp
 * after a hash hit.  When the cached statement is already handed out (the
 * same query nested inside a loop over its own results) or the cache is
 * full, a private statement is compiled and sq_done() finalizes it.
 */
static struct db_stmt *
sq_prepare(struct db *g, const char *sql)
{
	struct sq_db *db = (struct sq_db *)g;
	struct sq_stmt *s, **bucket;
	uint64_t h;
	size_t len;
	bool cache;

	if (db == NULL || sql == NULL)
		return NULL;
	h = db_sql_hash(sql, &len);
	bucket = &db->buckets[h & (DB_BUCKETS - 1)];
	for (s = *bucket; s != NULL; s = s->next)
		if (s->hash == h && s->sql_len == len &&
		    memcmp(s->sql, sql, len) == 0)
			break;
	if (s != NULL && !s->in_use) {
		s->in_use = true;
		db->nout++;
		return &s->base;
	}

	cache = s == NULL && db->ncached < DB_CACHE_MAX;
	if (s == NULL && !cache && !db->full_warned) {
		log_warn("db: statement cache full (%d)", DB_CACHE_MAX);
		db->full_warned = true;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_error("db: out of memory");
		return NULL;
	}
	s->stmt = sq_compile(db, sql, len,
	    cache ? SQLITE_PREPARE_PERSISTENT : 0);
	if (s->stmt == NULL) {
		free(s);
		return NULL;
	}
	if (db->plan_check != NULL && cache && db_plan_first(sql))
		sq_plan_check(db, sql);
	s->base.ops = &db_sqlite_ops;
	s->db = db;
	s->in_use = true;
	db->nout++;
	if (!cache)
		return &s->base;
	if ((s->sql = malloc(len + 1)) == NULL) {
		/* Still usable, just not cached. */
		log_error("db: out of memory");
		return &s->base;
	}
	memcpy(s->sql, sql, len + 1);
	s->sql_len = len;
	s->hash = h;
	s->cached = true;
	s->next = *bucket;
	*bucket = s;
	db->ncached++;
	return &s->base;
}

/*
 * The binders return 0 or a negative enum db_rc.  Text is copied
 * (SQLITE_TRANSIENT) because callers often bind slices of buffers that are
 * reused before the statement is stepped.
 */
static int
sq_bind_text(struct db_stmt *g, int idx, const char *s, size_t len)
{
	struct sq_stmt *st = (struct sq_stmt *)g;
	int rc;

	rc = sqlite3_bind_text64(st->stmt, idx, s, (sqlite3_uint64)len,
	    SQLITE_TRANSIENT, SQLITE_UTF8);
	if (rc != SQLITE_OK)
		sq_log_failure(st->db, rc, "bind", sqlite3_sql(st->stmt));
	return sq_map_rc(rc);
}

static int
sq_bind_int64(struct db_stmt *g, int idx, int64_t v)
{
	struct sq_stmt *st = (struct sq_stmt *)g;
	int rc;

	rc = sqlite3_bind_int64(st->stmt, idx, (sqlite3_int64)v);
	if (rc != SQLITE_OK)
		sq_log_failure(st->db, rc, "bind", sqlite3_sql(st->stmt));
	return sq_map_rc(rc);
}

static int
sq_bind_null(struct db_stmt *g, int idx)
{
	struct sq_stmt *st = (struct sq_stmt *)g;
	int rc;

	rc = sqlite3_bind_null(st->stmt, idx);
	if (rc != SQLITE_OK)
		sq_log_failure(st->db, rc, "bind", sqlite3_sql(st->stmt));
	return sq_map_rc(rc);
}

/* REAL columns: coordinates and measurements, never money or ids. */
static int
sq_bind_double(struct db_stmt *g, int idx, double v)
{
	struct sq_stmt *st = (struct sq_stmt *)g;
	int rc;

	rc = sqlite3_bind_double(st->stmt, idx, v);
	if (rc != SQLITE_OK)
		sq_log_failure(st->db, rc, "bind", sqlite3_sql(st->stmt));
	return sq_map_rc(rc);
}

/*
 * Steps once.  sqlite3_sql() is the text with placeholders, never
 * sqlite3_expanded_sql(), which would put the bound values in the log.
 */
static int
sq_step(struct db_stmt *g)
{
	struct sq_stmt *st = (struct sq_stmt *)g;
	int rc;

	rc = sqlite3_step(st->stmt);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	sq_log_failure(st->db, rc, "step", sqlite3_sql(st->stmt));
	rc = sq_map_rc(rc);
	return rc < 0 ? rc : DB_ERROR;
}

/*
 * Column accessors.  Both text and length convert a number to UTF-8 text
 * the same way, so they may be called in either order; NULL reads as "".
 */
static const char *
sq_col_text(struct db_stmt *g, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)g;
	const unsigned char *t;

	t = sqlite3_column_text(st->stmt, col);
	return t != NULL ? (const char *)t : "";
}

static size_t
sq_col_len(struct db_stmt *g, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)g;
	return (size_t)sqlite3_column_bytes(st->stmt, col);
}

static int64_t
sq_col_int64(struct db_stmt *g, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)g;
	return (int64_t)sqlite3_column_int64(st->stmt, col);
}

static bool
sq_col_is_null(struct db_stmt *g, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)g;
	return sqlite3_column_type(st->stmt, col) == SQLITE_NULL;
}

static double
sq_col_double(struct db_stmt *g, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)g;
	return sqlite3_column_double(st->stmt, col);
}

/*
 * Resets and unbinds so that the next sq_prepare() gets a clean statement
 * and no bound value outlives its request in memory.  Private statements
 * (nested use, cache full, or orphaned by sq_close()) are finalized.
 */
static void
sq_done(struct db_stmt *g)
{
	struct sq_stmt *st = (struct sq_stmt *)g;
	if (st == NULL)
		return;
	st->db->nout--;
	if (!st->cached) {
		sqlite3_finalize(st->stmt);
		free(st->sql);
		free(st);
		return;
	}
	sqlite3_reset(st->stmt);
	sqlite3_clear_bindings(st->stmt);
	st->in_use = false;
}

/*
 * Runs sql through sqlite3_exec(), which accepts several statements
 * separated by semicolons; the migration runner relies on that.
 */
static int
sq_exec(struct db *g, const char *sql)
{
	struct sq_db *db = (struct sq_db *)g;
	int rc;

	db->exec_ran = true;
	rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sq_log_failure(db, rc, "exec", sql);
		return -1;
	}
	return 0;
}

/*
 * Runs one of the fixed transaction statements through the cache, so the
 * hot path of a write does not parse BEGIN and COMMIT every time.
 */
static int
sq_run(struct sq_db *db, const char *sql)
{
	struct db_stmt *st;
	int rc;

	if ((st = sq_prepare(&db->base, sql)) == NULL)
		return DB_ERROR;
	rc = sq_step(st);
	sq_done(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/*
 * BEGIN IMMEDIATE takes the write lock now, waiting up to the busy timeout,
 * so that a transaction never fails half-way when a read turns into a write.
 * SQLite has no nested transactions and silently nesting would make an inner
 * commit end the outer one, so a second begin is refused.
 */
static int
sq_begin(struct db *g)
{
	struct sq_db *db = (struct sq_db *)g;
	if (!sqlite3_get_autocommit(db->conn)) {
		log_error("db: begin inside a transaction");
		return -1;
	}
	db->changes_at_begin = sqlite3_total_changes64(db->conn);
	db->exec_ran = false;
	return sq_run(db, "BEGIN IMMEDIATE") == DB_OK ? 0 : -1;
}

/*
 * A deferred BEGIN takes no lock until the first read, then holds one
 * snapshot to the end: a page's queries see one consistent state, and the
 * file lock is taken and released once per page instead of once per
 * statement (the fcntl and stat calls showed up in profiles of the front
 * page).
 */
static int
sq_read_begin(struct db *g)
{
	struct sq_db *db = (struct sq_db *)g;
	if (!sqlite3_get_autocommit(db->conn)) {
		log_error("db: read transaction inside a transaction");
		return -1;
	}
	return sq_run(db, "BEGIN") == DB_OK ? 0 : -1;
}

static void
sq_read_end(struct db *g)
{
	struct sq_db *db = (struct sq_db *)g;
	if (sqlite3_get_autocommit(db->conn))
		return;
	if (sq_run(db, "COMMIT") != DB_OK)
		sq_rollback(&db->base);
}

/*
 * Commits.  If the commit fails the transaction is rolled back, so the
 * connection is never left holding the write lock after an error.
 * Whether it wrote: the total changes count every row an INSERT, UPDATE
 * or DELETE changed, triggers' too; a foreign key's cascade or a REPLACE
 * only follows a change that counts.
 */
static int
sq_commit(struct db *g)
{
	struct sq_db *db = (struct sq_db *)g;
	bool wrote = db->exec_ran ||
	    sqlite3_total_changes64(db->conn) != db->changes_at_begin;

	if (sq_run(db, "COMMIT") == DB_OK)
		return wrote ? 1 : 0;
	sq_rollback(&db->base);
	return -1;
}

/*
 * Safe to call on any error path: with no transaction open (never begun,
 * or already rolled back by SQLite itself) it does nothing.
 */
static void
sq_rollback(struct db *g)
{
	struct sq_db *db = (struct sq_db *)g;
	if (sqlite3_get_autocommit(db->conn))
		return;
	sq_run(db, "ROLLBACK");
}

/* Per connection, so another thread's insert never shows up here. */
static int64_t
sq_last_id(struct db *g)
{
	struct sq_db *db = (struct sq_db *)g;
	return (int64_t)sqlite3_last_insert_rowid(db->conn);
}

static int64_t
sq_changes(struct db *g)
{
	struct sq_db *db = (struct sq_db *)g;
	return (int64_t)sqlite3_changes64(db->conn);
}

/* SQLite's message names tables and constraints, never bound values. */
static const char *
sq_errmsg(struct db *g)
{
	struct sq_db *db = (struct sq_db *)g;
	return sqlite3_errmsg(db->conn);
}

/*
 * Flushes path (a file, or with O_DIRECTORY the directory holding a
 * renamed file) to disk; rename() alone survives a crash only once the
 * directory entry is on disk too.
 */
static int
sq_fsync_path(const char *path, int flags)
{
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | flags)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/*
 * Copies the database pages into an open destination connection.  The
 * source first opens a read transaction and keeps it across all steps: in
 * WAL mode that snapshot does not block writers, and because the snapshot
 * never moves the backup is consistent and is not restarted by every commit
 * the server makes meanwhile (which, with per-step transactions, could
 * restart it forever on a busy site).  The pause between steps leaves I/O
 * to the server.
 */
static int
sq_backup_copy(struct sq_db *db, sqlite3 *dst)
{
	sqlite3_backup *bk;
	int rc, retries = 0;

	if (sq_exec(&db->base, "BEGIN") == -1)
		return -1;
	if (sq_exec(&db->base, "SELECT count(*) FROM sqlite_master") == -1) {
		sq_rollback(&db->base);
		return -1;
	}
	if ((bk = sqlite3_backup_init(dst, "main", db->conn, "main")) ==
	    NULL) {
		log_error("db: backup: %s", sqlite3_errmsg(dst));
		sq_rollback(&db->base);
		return -1;
	}
	for (;;) {
		rc = sqlite3_backup_step(bk, DB_BACKUP_PAGES);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			if (++retries > 100)
				break;
		} else if (rc != SQLITE_OK)
			break;
		sqlite3_sleep(1);
	}
	sqlite3_backup_finish(bk);
	sq_rollback(&db->base);
	if (rc != SQLITE_DONE) {
		log_error("db: backup: %s (%d)", sqlite3_errstr(rc), rc);
		return -1;
	}
	return 0;
}

/*
 * Online backup to dest.  The copy is written to dest.tmp, synced, and only
 * then renamed over dest, so dest is always either the old backup or a
 * complete new one, never a torn file.  The temporary file skips SQLite's
 * own syncing (synchronous=OFF) because the one fsync at the end covers it.
 */
static int
sq_backup(struct db *g, const char *dest)
{
	struct sq_db *db = (struct sq_db *)g;
	sqlite3 *dst = NULL;
	char *tmp, *dir, *slash;
	size_t n;
	int rc = -1;

	if (!sqlite3_get_autocommit(db->conn)) {
		log_error("db: backup inside a transaction");
		return -1;
	}
	n = strlen(dest);
	if ((tmp = malloc(n + sizeof(".tmp"))) == NULL ||
	    (dir = malloc(n + sizeof("."))) == NULL) {
		free(tmp);
		log_error("db: out of memory");
		return -1;
	}
	memcpy(tmp, dest, n);
	memcpy(tmp + n, ".tmp", sizeof(".tmp"));
	if ((slash = strrchr(dest, '/')) == NULL)
		memcpy(dir, ".", sizeof("."));
	else if (slash == dest)
		memcpy(dir, "/", sizeof("/"));
	else {
		memcpy(dir, dest, (size_t)(slash - dest));
		dir[slash - dest] = '\0';
	}

	if (unlink(tmp) == -1 && errno != ENOENT) {
		log_error("db: backup: cannot remove old temporary file: %s",
		    strerror(errno));
		goto out;
	}
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_error("db: backup: cannot open destination: %s",
		    dst != NULL ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	if (sqlite3_exec(dst, "PRAGMA synchronous=OFF", NULL, NULL, NULL) !=
	    SQLITE_OK || sq_backup_copy(db, dst) == -1)
		goto out;
	if (sqlite3_close(dst) != SQLITE_OK) {
		log_error("db: backup: closing destination: %s",
		    sqlite3_errmsg(dst));
		goto out;
	}
	dst = NULL;
	if (sq_fsync_path(tmp, 0) == -1 || rename(tmp, dest) == -1 ||
	    sq_fsync_path(dir, O_DIRECTORY) == -1) {
		log_error("db: backup: cannot store file: %s",
		    strerror(errno));
		goto out;
	}
	rc = 0;
 out:
	if (dst != NULL)
		sqlite3_close_v2(dst);
	if (rc == -1)
		unlink(tmp);
	free(tmp);
	free(dir);
	return rc;
}

static enum db_type
sq_col_type(struct db_stmt *g, int col)
{
	switch (sqlite3_column_type(((struct sq_stmt *)g)->stmt, col)) {
	case SQLITE_NULL:
		return DB_TYPE_NULL;
	case SQLITE_INTEGER:
		return DB_TYPE_INT;
	case SQLITE_FLOAT:
		return DB_TYPE_REAL;
	default:
		return DB_TYPE_TEXT;
	}
}

static int
sq_col_count(struct db_stmt *g)
{
	return sqlite3_column_count(((struct sq_stmt *)g)->stmt);
}

static const char *
sq_col_name(struct db_stmt *g, int col)
{
	const char *n = sqlite3_column_name(((struct sq_stmt *)g)->stmt, col);

	return n != NULL ? n : "";
}

/* The migration files are written in SQLite's dialect: a plain copy. */
static char *
sq_dialect(const char *sql)
{
	char *s;

	if ((s = strdup(sql)) == NULL)
		log_error("db: out of memory");
	return s;
}

/* An INTEGER PRIMARY KEY takes max(rowid) + 1 by itself. */
static int
sq_ids_follow(struct db *g)
{
	(void)g;
	return 0;
}

/*
 * SQLite plans from the schema alone as long as no ANALYZE has written
 * statistics; its plans for the module queries are the ones the tests
 * check, and statistics gathered from a demo or an empty database would
 * only make them less predictable.
 */
static int
sq_analyse(struct db *g)
{
	(void)g;
	return 0;
}

const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table' "
	    "AND name NOT LIKE 'sqlite_%' ORDER BY name",
	.parents_sql = "SELECT DISTINCT \"table\" FROM "
	    "pragma_foreign_key_list(?1) ORDER BY 1",
	.open = sq_open,
	.close = sq_close,
	.prepare = sq_prepare,
	.bind_text = sq_bind_text,
	.bind_int64 = sq_bind_int64,
	.bind_null = sq_bind_null,
	.bind_double = sq_bind_double,
	.step = sq_step,
	.col_text = sq_col_text,
	.col_len = sq_col_len,
	.col_int64 = sq_col_int64,
	.col_is_null = sq_col_is_null,
	.col_double = sq_col_double,
	.col_type = sq_col_type,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.done = sq_done,
	.exec = sq_exec,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.read_begin = sq_read_begin,
	.read_end = sq_read_end,
	.last_id = sq_last_id,
	.changes = sq_changes,
	.errmsg = sq_errmsg,
	.backup = sq_backup,
	.dialect = sq_dialect,
	.ids_follow = sq_ids_follow,
	.analyse = sq_analyse,
};

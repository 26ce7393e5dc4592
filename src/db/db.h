/*
 * db.h - the backend-neutral store API.
 *
 * Modules talk to the store only through this header.  SQL is written in the
 * common subset of SQLite and PostgreSQL with numbered parameters ?1, ?2...
 * (the PostgreSQL backend rewrites them to $1, $2...).  Every value is bound,
 * never spliced into SQL text.  The database target picks the backend: a
 * file path is SQLite (sqlite.c), a postgres:// or postgresql:// URL or a
 * libpq keyword string ("host=... dbname=...") is PostgreSQL (pg.c).
 *
 * Each worker thread has its own connection (db_thread()), opened on first
 * use, with a cache of prepared statements keyed by the SQL text, so a hot
 * path prepares each statement once per thread for the life of the process.
 */
#ifndef TV_DB_DB_H
#define TV_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"

struct db;
struct db_stmt;

enum db_rc { DB_OK = 0, DB_ROW = 1, DB_DONE = 2, DB_ERROR = -1,
	DB_CONSTRAINT = -2, DB_BUSY = -3 };

/* Opens the database target (a SQLite file is created if needed); NULL on
 * failure, logged. */
struct db *db_open(const char *target);
void db_close(struct db *db);

/* True when target names a PostgreSQL database rather than a file. */
bool db_is_postgres(const char *target);

/* The target with any password replaced by ***, for messages (malloc'd). */
char *db_target_display(const char *target);

/* "sqlite" or "postgresql". */
const char *db_backend_name(const struct db *db);

/* Sets the target used by db_thread(); call once before serving. */
void db_configure(const char *target);

/* The target given to db_configure(), or NULL. */
const char *db_configured(void);

/* This thread's connection, opened on first call; NULL on failure. */
struct db *db_thread(void);

/* Closes this thread's connection (thread exit, shutdown). */
void db_thread_close(void);

/* Makes db this thread's connection, as if db_thread() had opened it (the
 * thread must have none yet): start-up hands the connection it migrated
 * with to the jobs thread instead of closing it.  0, or -1 (db not taken). */
int db_thread_adopt(struct db *db);

/*
 * Opens n connections in a thread of its own, one after another, for the
 * threads that will call db_thread() later (the server's pool): the first
 * request then finds its connection made while start-up still ran, rather
 * than waiting for PostgreSQL to start a backend for it.  A thread that
 * comes before its spare is ready opens its own.  db_spares_close() joins
 * the thread and closes what no thread took.
 */
void db_spares_open(unsigned n);
void db_spares_close(void);

/* A cached prepared statement, reset and unbound; NULL on error (logged). */
struct db_stmt *db_prepare(struct db *db, const char *sql);

int db_bind_text(struct db_stmt *st, int idx, const char *s, size_t len);
int db_bind_cstr(struct db_stmt *st, int idx, const char *s); /* NULL->NULL */
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_null(struct db_stmt *st, int idx);
int db_bind_double(struct db_stmt *st, int idx, double v);

/* DB_ROW, DB_DONE, or a negative enum db_rc. */
int db_step(struct db_stmt *st);

/* Column accessors for the current row (0-based). */
const char *db_col_text(struct db_stmt *st, int col);	/* "" for NULL */
/* The column's text copied into the arena (valid after db_done()). */
const char *db_col_dup(struct db_stmt *st, struct arena *a, int col);
size_t db_col_len(struct db_stmt *st, int col);
int64_t db_col_int64(struct db_stmt *st, int col);	/* 0 for NULL */
bool db_col_is_null(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
/* The number of result columns and the name of one (copy-db, the sql
 * command). */
int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int col);

/* Returns the statement to the cache (reset, bindings cleared). */
void db_done(struct db_stmt *st);

/* Runs SQL with no parameters and no rows (DDL, pragmas). 0 or -1. */
int db_exec(struct db *db, const char *sql);

/* Transactions: one per state change.  db_begin() takes the write lock at
 * once (BEGIN IMMEDIATE on SQLite) so that a transaction never fails
 * half-way on lock upgrade. 0 or -1. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/*
 * For the rest of the open write transaction, a write that returns no
 * rows (INSERT, UPDATE or DELETE without RETURNING) may be sent without
 * waiting for its answer (PostgreSQL: libpq's pipeline mode), which then
 * comes with the next statement that returns rows, with db_changes(), or
 * with the commit: one round trip for several statements.  The price:
 * such a write's db_step() says DB_DONE before it has run, and its
 * failure shows as the failure of a later statement and of db_commit()
 * instead (a transaction with a failed write is never committed).  For a
 * caller that does not tell failures apart - a group committer, which
 * rolls back and saves each item alone.  Does nothing on SQLite, where a
 * statement costs no round trip.
 */
void db_defer_writes(struct db *db);

/*
 * A number that grows with every committed transaction of this process
 * that changed a row, and with every one another server announces
 * (db_watch_start()),
 * for caches of derived data (rendered pages) to know they are stale.
 */
uint64_t db_generation(void);

/* A read-only snapshot for the queries of one page: 0 or -1.  db_read_end()
 * ends it (and does nothing when none is open). */
int db_read_begin(struct db *db);
void db_read_end(struct db *db);

/*
 * The db_generation() that what this connection reads now belongs to: the
 * one its read snapshot began in, or outside a snapshot the present one
 * (each statement then sees every commit before it).  A cache of derived
 * values stores a value under this number and hands it out only while
 * db_generation() still equals it: then no commit has been announced
 * since the value was read, and a reader gets what it could have read
 * itself a moment earlier.
 */
uint64_t db_read_generation(struct db *db);

/* Id of the last inserted row on this connection. */
int64_t db_last_id(struct db *db);

/*
 * Reserves n (>= 1) ids for rows of table (a name of [a-z_0-9]) about to
 * be inserted with explicit ids in the open write transaction: ids[0..n)
 * are in increasing order and no other insert gets them.  Why: a write
 * that needs no answer may be sent without waiting (db_defer_writes()),
 * and an INSERT ... RETURNING id always waits.  Unused ids are gaps.  On
 * SQLite they follow the highest id stored, so rows must be inserted with
 * them before the transaction ends.  0 or -1.
 */
int db_reserve_ids(struct db *db, const char *table, int64_t n,
    int64_t *ids);

/* Rows changed by the last INSERT, UPDATE or DELETE on this connection. */
int64_t db_changes(struct db *db);

/* Human-readable last error (for logs; never shown to visitors). */
const char *db_errmsg(struct db *db);

/* Applies pending migrations from migrations/ (embedded at build time).
 * Returns the number applied, or -1.  Each migration is one transaction. */
int db_migrate(struct db *db);

/* Current schema version (highest applied migration), or -1. */
int db_schema_version(struct db *db);

/* Online backup of the open database to dest (safe while serving). 0/-1.
 * SQLite only: a PostgreSQL database is backed up with pg_dump (docs/deploy.md). */
int db_backup(struct db *db, const char *dest);

/*
 * copy-db: every row of from into to, which must be empty (no tables, or
 * none but an unused migrations table), on either backend.  Migrates to,
 * copies in one transaction, then compares each table's rows and SHA-256
 * on both sides and prints a line per table to out.  0 or -1 (the reason
 * on stderr).
 */
int db_copy(struct db *from, struct db *to, FILE *out);

/* A migration file's SQL in this connection's dialect (malloc'd). */
char *db_dialect(struct db *db, const char *sql);

/* After rows were written with explicit ids (demo data, copy-db): the next
 * generated id of every table follows the highest one stored.  0 or -1. */
int db_ids_follow(struct db *db);

/* After rows were loaded in bulk (demo data, copy-db, migrations): the
 * query planner's statistics are brought up to date, so that its first
 * plans fit the tables as they now are.  0 or -1. */
int db_analyse(struct db *db);

/*
 * Watches for writes committed by other servers sharing this database
 * (PostgreSQL LISTEN/NOTIFY) and bumps db_generation() for each, so that
 * page caches drop what another server changed.  Each time it begins to
 * listen, the first time or again after losing its connection, it bumps
 * db_generation() too: what was cached before may have missed a write.
 * Does nothing on SQLite, which one process serves.  0 or -1;
 * db_watch_stop() joins the thread.
 */
int db_watch_start(void);

/* Returns once the watcher listens, or after a few seconds: a server
 * calls it before it serves, so that it serves nothing it would not hear
 * change.  Does nothing when no watcher runs. */
void db_watch_wait(void);
void db_watch_stop(void);

#endif

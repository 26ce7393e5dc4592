/*
 * backend.h - what a storage backend implements behind db.h.
 *
 * db.c owns the public API: it picks the backend from the database target
 * (a file path is SQLite, a postgres:// URL or libpq keywords PostgreSQL),
 * keeps one connection per thread and the write generation, and forwards
 * every other call through the connection's table of operations.  The
 * public types are opaque; each backend's own structs begin with these
 * headers so that db.c can find the table without knowing the rest.
 */
#ifndef TV_DB_BACKEND_H
#define TV_DB_BACKEND_H

#include "db/db.h"

/* What a column value is, as stored: copy-db binds and digests by it. */
enum db_type { DB_TYPE_NULL, DB_TYPE_INT, DB_TYPE_REAL, DB_TYPE_TEXT };

struct db_ops {
	const char *name;
	/* The catalog, for copy-db: the user tables' names, and the tables
	 * one table (?1) references by foreign key. */
	const char *tables_sql;
	const char *parents_sql;
	/* db_reserve_ids(): ?2 new ids of table ?1 taken from its identity
	 * column's generator, one a row; NULL: the highest id stored counts
	 * on (SQLite, whose write transaction excludes other writers). */
	const char *reserve_ids_sql;
	struct db *(*open)(const char *target);
	void (*close)(struct db *);
	struct db_stmt *(*prepare)(struct db *, const char *sql);
	int (*bind_text)(struct db_stmt *, int idx, const char *s,
	    size_t len);
	int (*bind_int64)(struct db_stmt *, int idx, int64_t v);
	int (*bind_null)(struct db_stmt *, int idx);
	int (*bind_double)(struct db_stmt *, int idx, double v);
	int (*step)(struct db_stmt *);
	const char *(*col_text)(struct db_stmt *, int col);
	size_t (*col_len)(struct db_stmt *, int col);
	int64_t (*col_int64)(struct db_stmt *, int col);
	bool (*col_is_null)(struct db_stmt *, int col);
	double (*col_double)(struct db_stmt *, int col);
	enum db_type (*col_type)(struct db_stmt *, int col);
	int (*col_count)(struct db_stmt *);
	const char *(*col_name)(struct db_stmt *, int col);
	void (*done)(struct db_stmt *);
	int (*exec)(struct db *, const char *sql);
	int (*begin)(struct db *);
	/* 1 when the transaction changed a row (or ran db_exec()), 0 when it
	 * changed none, -1 when it failed and was rolled back. */
	int (*commit)(struct db *);
	void (*rollback)(struct db *);
	int (*read_begin)(struct db *);
	void (*read_end)(struct db *);
	int64_t (*last_id)(struct db *);
	int64_t (*changes)(struct db *);
	const char *(*errmsg)(struct db *);
	int (*backup)(struct db *, const char *dest);
	/* A migration file's text in this backend's dialect, malloc'd. */
	char *(*dialect)(const char *sql);
	/* After rows were written with explicit ids (demo, copy-db): the
	 * next generated id follows the highest one.  0 or -1. */
	int (*ids_follow)(struct db *);
	/* After rows were loaded in bulk: the planner's statistics are
	 * brought up to date.  0 or -1. */
	int (*analyse)(struct db *);
	/* db_defer_writes(); NULL: writes are always answered at once. */
	void (*defer_writes)(struct db *);
};

/* The generic heads of each backend's connection and statement. */
struct db {
	const struct db_ops *ops;
	/* db_read_generation(): the generation when the open read snapshot
	 * began; set and cleared by db.c. */
	bool in_read;
	uint64_t read_gen;
};

struct db_stmt {
	const struct db_ops *ops;
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* Counts a write another process committed (PostgreSQL notifications), so
 * that caches of derived data drop what they hold. */
void db_generation_bump(void);

/* A hash of s, also measuring it: the statement caches' key. */
uint64_t db_sql_hash(const char *s, size_t *len);

/*
 * The plan check (issue 13), shared by both backends: a table that may be
 * read whole because it stays small whatever the use (db_plan_small()),
 * and one line "table<TAB>SQL" appended to the file $TUKIVERKKO_PLAN_CHECK
 * names for a full scan of any other (db_plan_report()).
 */
bool db_plan_small(const char *table);
void db_plan_report(const char *file, const char *table, const char *sql);

/*
 * True the first time this process asks about sql's text, false after: a
 * plan follows from the schema and the statement, not from the connection,
 * so each text is explained once by whichever thread prepares it first
 * rather than once per thread's connection.
 */
bool db_plan_first(const char *sql);

/* PostgreSQL's text of a statement: ?N becomes $N outside quotes; *nparams
 * is the highest number.  NULL for a number above 64.  (pg.c, for tests.) */
char *pg_placeholders(const char *sql, int *nparams);

/* A migration file in PostgreSQL's types (pg.c, for tests). */
char *pg_dialect(const char *sql);

#endif

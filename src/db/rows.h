/*
 * rows.h - the shapes every store function takes: run a statement with its
 * arguments and read all rows, one row, one number, or nothing.
 *
 * A store function names its SQL, its arguments and a row function that
 * turns the current row into one C struct; the helpers prepare the cached
 * statement, bind the arguments in order (?1, ?2, ...), step, grow an arena
 * vector and always return the statement to the cache, so no caller can
 * forget db_done().  They work on any backend behind db.h.
 *
 *	static int
 *	post_row(struct db_stmt *st, struct arena *a, void *out)
 *	{
 *		struct post *p = out;
 *
 *		db_cols(st, a, 0, DB_COLS(db_as_int(&p->id),
 *		    db_as_str(&p->title)));
 *		p->kind = post_kind_parse(db_col_text(st, 2));
 *		return 0;
 *	}
 *
 *	*out = db_rows(db, a, SQL_POSTS, DB_ARGS(db_int(region)),
 *	    post_row, sizeof(struct post), n);
 *	return *out != NULL ? 0 : -1;
 *
 * One convention for lookups, everywhere: 0 found, DB_MISSING (1) when no
 * row matched, -1 on error (logged by the backend).
 */
#ifndef TV_DB_ROWS_H
#define TV_DB_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

#define DB_MISSING 1	/* a lookup found no row */

enum db_arg_type { DB_ARG_INT, DB_ARG_TEXT, DB_ARG_NULL, DB_ARG_DOUBLE };

struct db_arg {
	enum db_arg_type type;
	int64_t i;
	double d;
	const char *s;		/* DB_ARG_TEXT: NUL-terminated; NULL binds NULL */
};

#define db_int(v)	((struct db_arg){ .type = DB_ARG_INT, .i = (int64_t)(v) })
#define db_text(v)	((struct db_arg){ .type = DB_ARG_TEXT, .s = (v) })
#define db_real(v)	((struct db_arg){ .type = DB_ARG_DOUBLE, .d = (double)(v) })
#define db_null()	((struct db_arg){ .type = DB_ARG_NULL })
/* An id that is 0 when there is none: 0 binds NULL. */
#define db_id_or_null(v) ((v) != 0 ? db_int(v) : db_null())

/* The arguments of one statement, in parameter order (?1 first). */
#define DB_ARGS(...) ((const struct db_arg[]){ __VA_ARGS__ }), \
	(sizeof((const struct db_arg[]){ __VA_ARGS__ }) / sizeof(struct db_arg))
#define DB_NOARGS NULL, (size_t)0

/* Fills *out (a struct of the caller's type) from the current row; 0, or
 * -1 to stop with an error. */
typedef int (*db_row_fn)(struct db_stmt *st, struct arena *a, void *out);

/*
 * Where db_cols() puts a column: an integer, a text copied into the arena,
 * or a real.  The pointer's type is checked by the compiler, so a field of
 * another type (an int, a bool, an enum) cannot be named by mistake.
 */
struct db_into {
	enum db_arg_type type;
	int64_t *i;
	const char **s;
	double *d;
};

#define db_as_int(p)	((struct db_into){ .type = DB_ARG_INT, .i = (p) })
#define db_as_str(p)	((struct db_into){ .type = DB_ARG_TEXT, .s = (p) })
#define db_as_real(p)	((struct db_into){ .type = DB_ARG_DOUBLE, .d = (p) })

/* The destinations of consecutive columns, in column order. */
#define DB_COLS(...) ((const struct db_into[]){ __VA_ARGS__ }), \
	(sizeof((const struct db_into[]){ __VA_ARGS__ }) / \
	sizeof(struct db_into))

/*
 * For a row function: columns first, first + 1, ... of the current row
 * into to[0..n), as db_col_int64(), db_col_dup() and db_col_double() read
 * them, so that a row of plain columns is one call, not a line a column
 * with its index counted by hand.  a may be NULL when no text is read.
 */
void db_cols(struct db_stmt *st, struct arena *a, int first,
    const struct db_into *to, size_t n);

/*
 * Every row into an arena vector of `size`-byte elements, zeroed before
 * the row function fills each: the vector with *n set (an empty result is
 * a valid vector of 0), or NULL on error.
 */
void *db_rows(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, db_row_fn row, size_t size,
    size_t *n);

/* The first row into *out: 0, DB_MISSING or -1. */
int db_row(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, db_row_fn row, void *out);

/* The first column of the first row as an integer: 0, DB_MISSING or -1.
 * A NULL column reads as 0. */
int db_int64(struct db *db, const char *sql, const struct db_arg *args,
    size_t nargs, int64_t *out);

/* The first column of the first row as an arena string: 0, DB_MISSING or
 * -1. */
int db_str(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, const char **out);

/*
 * A statement that returns no rows (INSERT, UPDATE, DELETE): 0, or
 * DB_CONSTRAINT when a constraint refused it, or -1.  `changes` (may be
 * NULL) gets the number of rows it changed.
 */
int db_run(struct db *db, const char *sql, const struct db_arg *args,
    size_t nargs, int64_t *changes);

/* An INSERT ... RETURNING id (or any statement whose first row's first
 * column is an id): 0 with *id set, DB_CONSTRAINT, or -1. */
int db_insert(struct db *db, const char *sql, const struct db_arg *args,
    size_t nargs, int64_t *id);

/* Prepares sql and binds args: the statement, or NULL (logged).  For the
 * rare caller that streams rows itself; it must call db_done(). */
struct db_stmt *db_query(struct db *db, const char *sql,
    const struct db_arg *args, size_t nargs);

/* The first column of every row, as a vector of integers (a NULL column
 * reads as 0) or of arena strings: the vector with *n set, or NULL on
 * error.  For id lists and code lists. */
int64_t *db_ints(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, size_t *n);
const char **db_strs(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, size_t *n);

/*
 * Calls fn for every row with ctx, for a caller that does more with a row
 * than fill one struct (streams it out, skips it, needs the page's
 * language): fn returns 0 to go on, 1 to stop early, -1 for an error.
 * 0, or -1 on an error of the statement or of fn.
 */
typedef int (*db_each_fn)(struct db_stmt *st, void *ctx);
int db_each(struct db *db, const char *sql, const struct db_arg *args,
    size_t nargs, db_each_fn fn, void *ctx);

/*
 * --- rows for a list of ids ---
 * The rows of sql for each id of ids[0..n), DB_IDS_CHUNK ids a statement:
 * the chunk's ids are ?1 to ?20 (`... IN (" DB_IDS ")`), padded with 0
 * (never an id) so that every chunk is the same cached statement, and the
 * statement's other arguments args[0..nargs) (at most DB_IDS_ARGS) follow
 * as ?21 onwards.  Every chunk's rows in one vector, in chunk order: the
 * vector with *nout set (no statement for n 0), or NULL on error.
 * db_ints_ids() likewise for a one-column list.
 */
#define DB_IDS_CHUNK 20
#define DB_IDS_ARGS 8
#define DB_IDS "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, " \
	"?14, ?15, ?16, ?17, ?18, ?19, ?20"
void *db_rows_ids(struct db *db, struct arena *a, const char *sql,
    const int64_t *ids, size_t n, const struct db_arg *args, size_t nargs,
    db_row_fn row, size_t size, size_t *nout);
int64_t *db_ints_ids(struct db *db, struct arena *a, const char *sql,
    const int64_t *ids, size_t n, const struct db_arg *args, size_t nargs,
    size_t *nout);
/* For lookups by id: each row (no other arguments) copied to out[j]
 * (elements of `size` bytes) for every j whose ids[j] is the row's id,
 * the int64_t at id_offset in its struct; an id without a row leaves its
 * out[j] as it was.  0 or -1. */
int db_rows_at_ids(struct db *db, struct arena *a, const char *sql,
    const int64_t *ids, size_t n, db_row_fn row, size_t size,
    size_t id_offset, void *out);

/*
 * --- many rows of values in one statement ---
 * The SQL head, a VALUES list, then tail, for n rows (n >= 1) of the
 * columns types[0..ncols) (types both backends know: "BIGINT", "TEXT"),
 * each parameter cast to its column's type so that PostgreSQL knows the
 * type of a NULL.  The list has room for a power of two of rows, so that
 * a writer prepares one statement per power of two, not one per batch
 * size; that many rows times ncols may not pass DB_MAX_PARAMS.  *args is
 * an arena vector of rows * ncols arguments, all NULL: the caller sets
 * column c of row r (r < n) as (*args)[r * ncols + c]; the rows past n
 * stay NULL, which no join matches and a `WHERE col IS NOT NULL` leaves
 * out.  Returns the SQL (in the arena), *nargs set.
 *
 *	sql = db_values(a, "WITH k (i, key) AS (VALUES ",
 *	    DB_TYPES("BIGINT", "TEXT"), n, ") SELECT ...", &args, &nargs);
 */
#define DB_MAX_PARAMS 64	/* the most ?N of one statement (db/pg.c) */
#define DB_TYPES(...) ((const char *const[]){ __VA_ARGS__ }), \
	(sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))
const char *db_values(struct arena *a, const char *head,
    const char *const *types, size_t ncols, size_t n, const char *tail,
    struct db_arg **args, size_t *nargs);

/*
 * --- many rows as arrays, on PostgreSQL ---
 * Any number of rows in one statement with a parameter per column: each
 * column an array literal built in a buf ("{1,NULL,3}", "{\"a\",\"b\"}")
 * and bound as text, read with unnest(CAST(?1 AS BIGINT[]), ...).  Only
 * PostgreSQL has unnest(): a writer that uses them has another way for
 * SQLite (rows one by one, or db_values()).  db_arr_end() gives the
 * literal ("{}" for no element).
 */
struct buf;
void db_arr_int(struct buf *b, int64_t v);
void db_arr_text(struct buf *b, const char *s);	/* NULL: NULL */
void db_arr_null(struct buf *b);
const char *db_arr_end(struct buf *b);

#endif

/*
 * rows.c - the store helpers of rows.h, written once over db.h so that every
 * backend gets them.
 */
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/rows.h"

static int
bind_args(struct db_stmt *st, const struct db_arg *args, size_t nargs)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < nargs && rc == 0; i++) {
		int idx = (int)i + 1;

		switch (args[i].type) {
		case DB_ARG_INT:
			rc = db_bind_int64(st, idx, args[i].i);
			break;
		case DB_ARG_TEXT:
			rc = db_bind_cstr(st, idx, args[i].s);
			break;
		case DB_ARG_DOUBLE:
			rc = db_bind_double(st, idx, args[i].d);
			break;
		case DB_ARG_NULL:
			rc = db_bind_null(st, idx);
			break;
		}
	}
	return rc == 0 ? 0 : -1;
}

struct db_stmt *
db_query(struct db *db, const char *sql, const struct db_arg *args,
    size_t nargs)
{
	struct db_stmt *st;

	if ((st = db_prepare(db, sql)) == NULL)
		return NULL;
	if (bind_args(st, args, nargs) != 0) {
		db_done(st);
		return NULL;
	}
	return st;
}

void *
db_rows(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, db_row_fn row, size_t size,
    size_t *n)
{
	struct db_stmt *st;
	size_t cap = 8, k = 0;
	char *v;
	int rc;

	*n = 0;
	if ((st = db_query(db, sql, args, nargs)) == NULL)
		return NULL;
	v = arena_alloc(a, cap * size);
	while ((rc = db_step(st)) == DB_ROW) {
		if (k == cap)
			v = arena_grow(a, v, k, &cap, size);
		memset(v + k * size, 0, size);
		if (row(st, a, v + k * size) != 0) {
			rc = DB_ERROR;
			break;
		}
		k++;
	}
	db_done(st);
	if (rc != DB_DONE)
		return NULL;
	*n = k;
	return v;
}

int
db_row(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, db_row_fn row, void *out)
{
	struct db_stmt *st;
	int rc;

	if ((st = db_query(db, sql, args, nargs)) == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW)
		rc = row(st, a, out) == 0 ? 0 : -1;
	else
		rc = rc == DB_DONE ? DB_MISSING : -1;
	db_done(st);
	return rc;
}

void
db_cols(struct db_stmt *st, struct arena *a, int first,
    const struct db_into *to, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int col = first + (int)i;

		switch (to[i].type) {
		case DB_ARG_INT:
			*to[i].i = db_col_int64(st, col);
			break;
		case DB_ARG_TEXT:
			*to[i].s = db_col_dup(st, a, col);
			break;
		case DB_ARG_DOUBLE:
			*to[i].d = db_col_double(st, col);
			break;
		case DB_ARG_NULL:	/* no db_as_*() makes one */
			break;
		}
	}
}

/* The first column of the row: as a number, or as an arena string. */
static int
int_row(struct db_stmt *st, struct arena *a, void *out)
{
	(void)a;
	*(int64_t *)out = db_col_int64(st, 0);
	return 0;
}

static int
str_row(struct db_stmt *st, struct arena *a, void *out)
{
	*(const char **)out = db_col_dup(st, a, 0);
	return 0;
}

int
db_int64(struct db *db, const char *sql, const struct db_arg *args,
    size_t nargs, int64_t *out)
{
	*out = 0;
	return db_row(db, NULL, sql, args, nargs, int_row, out);
}

int
db_str(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, const char **out)
{
	*out = NULL;
	return db_row(db, a, sql, args, nargs, str_row, out);
}

int
db_run(struct db *db, const char *sql, const struct db_arg *args,
    size_t nargs, int64_t *changes)
{
	struct db_stmt *st;
	int rc;

	if (changes != NULL)
		*changes = 0;
	if ((st = db_query(db, sql, args, nargs)) == NULL)
		return -1;
	/* A statement with RETURNING yields rows: step them all, so the change
	 * is complete before the statement is reset. */
	while ((rc = db_step(st)) == DB_ROW)
		;
	db_done(st);
	if (rc == DB_CONSTRAINT)
		return DB_CONSTRAINT;
	if (rc != DB_DONE)
		return -1;
	if (changes != NULL)
		*changes = db_changes(db);
	return 0;
}

int
db_insert(struct db *db, const char *sql, const struct db_arg *args,
    size_t nargs, int64_t *id)
{
	struct db_stmt *st;
	int rc;

	*id = 0;
	if ((st = db_query(db, sql, args, nargs)) == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int64(st, 0);
		while ((rc = db_step(st)) == DB_ROW)
			;
	}
	db_done(st);
	if (rc == DB_CONSTRAINT)
		return DB_CONSTRAINT;
	return rc == DB_DONE && *id != 0 ? 0 : -1;
}

int64_t *
db_ints(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, size_t *n)
{
	return db_rows(db, a, sql, args, nargs, int_row, sizeof(int64_t), n);
}

const char **
db_strs(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, size_t *n)
{
	return db_rows(db, a, sql, args, nargs, str_row, sizeof(const char *),
	    n);
}

int
db_each(struct db *db, const char *sql, const struct db_arg *args,
    size_t nargs, db_each_fn fn, void *ctx)
{
	struct db_stmt *st;
	int rc, f = 0;

	if ((st = db_query(db, sql, args, nargs)) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW && (f = fn(st, ctx)) == 0)
		;
	db_done(st);
	if (f < 0)
		return -1;
	return rc == DB_DONE || (rc == DB_ROW && f > 0) ? 0 : -1;
}

/* --- rows for a list of ids --- */

void *
db_rows_ids(struct db *db, struct arena *a, const char *sql,
    const int64_t *ids, size_t n, const struct db_arg *args, size_t nargs,
    db_row_fn row, size_t size, size_t *nout)
{
	struct db_arg all[DB_IDS_ARGS + DB_IDS_CHUNK];
	char *v, *rows;
	size_t i, j, m, cap = 1;

	*nout = 0;
	if (nargs > DB_IDS_ARGS)
		return NULL;
	if (nargs > 0)
		memcpy(all + DB_IDS_CHUNK, args, nargs * sizeof(*all));
	v = arena_alloc(a, size);
	for (i = 0; i < n; i += DB_IDS_CHUNK) {
		for (j = 0; j < DB_IDS_CHUNK; j++)
			all[j] = db_int(i + j < n ? ids[i + j] : 0);
		rows = db_rows(db, a, sql, all, DB_IDS_CHUNK + nargs, row, size,
		    &m);
		if (rows == NULL)
			return NULL;
		if (*nout == 0) {
			v = rows;
			*nout = cap = m;
			continue;
		}
		for (j = 0; j < m; j++) {
			v = arena_grow(a, v, *nout, &cap, size);
			memcpy(v + (*nout)++ * size, rows + j * size, size);
		}
	}
	return v;
}

int64_t *
db_ints_ids(struct db *db, struct arena *a, const char *sql,
    const int64_t *ids, size_t n, const struct db_arg *args, size_t nargs,
    size_t *nout)
{
	return db_rows_ids(db, a, sql, ids, n, args, nargs, int_row,
	    sizeof(int64_t), nout);
}

int
db_rows_at_ids(struct db *db, struct arena *a, const char *sql,
    const int64_t *ids, size_t n, db_row_fn row, size_t size,
    size_t id_offset, void *out)
{
	char *rows;
	size_t i, j, m;
	int64_t id;

	if ((rows = db_rows_ids(db, a, sql, ids, n, DB_NOARGS, row, size,
	    &m)) == NULL)
		return -1;
	for (i = 0; i < m; i++) {
		memcpy(&id, rows + i * size + id_offset, sizeof(id));
		for (j = 0; j < n; j++)
			if (ids[j] == id)
				memcpy((char *)out + j * size, rows + i * size,
				    size);
	}
	return 0;
}

/* --- many rows of values in one statement --- */

const char *
db_values(struct arena *a, const char *head, const char *const *types,
    size_t ncols, size_t n, const char *tail, struct db_arg **args,
    size_t *nargs)
{
	struct buf sql;
	const char *out;
	size_t rows = 1, r, c, p = 1;

	while (rows < n)
		rows *= 2;
	*nargs = rows * ncols;
	*args = arena_alloc(a, *nargs * sizeof(**args));
	for (r = 0; r < *nargs; r++)
		(*args)[r] = db_null();
	buf_init(&sql);
	buf_puts(&sql, head);
	for (r = 0; r < rows; r++) {
		buf_puts(&sql, r > 0 ? ", (" : "(");
		for (c = 0; c < ncols; c++) {
			buf_puts(&sql, c > 0 ? ", CAST(?" : "CAST(?");
			buf_put_i64(&sql, (int64_t)p++);
			buf_puts(&sql, " AS ");
			buf_puts(&sql, types[c]);
			buf_putc(&sql, ')');
		}
		buf_putc(&sql, ')');
	}
	buf_puts(&sql, tail);
	out = arena_strndup(a, sql.data, sql.len);
	buf_cleanup(&sql);
	return out;
}

/* --- many rows as arrays, on PostgreSQL --- */

static void
db_arr_sep(struct buf *b)
{
	buf_putc(b, b->len == 0 ? '{' : ',');
}

void
db_arr_int(struct buf *b, int64_t v)
{
	db_arr_sep(b);
	buf_put_i64(b, v);
}

/* An element quoted, with " and \ escaped. */
void
db_arr_text(struct buf *b, const char *s)
{
	const char *run;

	if (s == NULL) {
		db_arr_null(b);
		return;
	}
	db_arr_sep(b);
	buf_putc(b, '"');
	for (run = s; *s != '\0'; s++) {
		if (*s != '"' && *s != '\\')
			continue;
		buf_append(b, run, (size_t)(s - run));
		buf_putc(b, '\\');
		run = s;
	}
	buf_append(b, run, (size_t)(s - run));
	buf_putc(b, '"');
}

void
db_arr_null(struct buf *b)
{
	db_arr_sep(b);
	buf_puts(b, "NULL");
}

const char *
db_arr_end(struct buf *b)
{
	if (b->len == 0)
		buf_putc(b, '{');
	buf_putc(b, '}');
	return buf_cstr(b);
}

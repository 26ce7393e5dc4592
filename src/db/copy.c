/*
 * copy.c - copy-db: every row of one installation's database into another,
 * SQLite to PostgreSQL or back, verified at the end.
 *
 * The copy works on the catalog, not on a list of tables kept by hand, so a
 * table a later migration adds is copied without a change here:
 *
 *  1. The target must be empty: no tables at all, or an unused migrations
 *     table.  A copy into a database that holds anything is refused, so that
 *     no one merges two installations by accident.
 *  2. The target is migrated to this binary's schema, and the source must
 *     be at the same version (an older source is migrated first by the
 *     operator: copy-db never changes its source).
 *  3. In one transaction on the target, the rows the migrations wrote
 *     (reference data, their own history) are removed, then every table's
 *     rows are copied,
 *     parents before children (the order of the foreign keys), with their
 *     ids, typed as the source stored them; then generated ids continue
 *     after the highest.
 *     Search indexes (tables named *_search) are derived data in a form
 *     of each backend's own: they are left out, and their modules build
 *     them again on the target.
 *  4. Both sides are read again, each table in the same order, and their
 *     row counts and SHA-256 digests compared: the source in the same
 *     snapshot the copy came from, so a server still writing to it does
 *     not count as a difference.  A difference is an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/log.h"
#include "db/backend.h"
#include "db/db.h"
#include "db/rows.h"

#define COPY_MAX_TABLES	128
#define COPY_MAX_COLS	64

struct copy_table {
	const char *name;
	bool done;
	bool seen;	/* on the path of the ordering walk (cycles) */
};

static int
name_row(struct db_stmt *st, struct arena *a, void *out)
{
	*(const char **)out = db_col_dup(st, a, 0);
	return 0;
}

/*
 * A search index: a table named <something>_search, or one of the tables
 * SQLite's FTS5 keeps for it (<something>_search_data, _idx...).  Its rows
 * are derived from other tables, its form differs per backend (an FTS5
 * table on SQLite, a tsvector column on PostgreSQL), and its module
 * rebuilds what is missing (the directory's job), so it is neither copied
 * nor compared.
 */
static bool
copy_derived(const char *name)
{
	const char *p = strstr(name, "_search");

	return p != NULL && (p[7] == '\0' || p[7] == '_');
}

/* The user tables that hold data of their own, by name; NULL on error. */
static const char **
copy_tables(struct db *db, struct arena *a, size_t *n)
{
	const char **t;
	size_t i, kept = 0;

	if ((t = db_rows(db, a, db->ops->tables_sql, DB_NOARGS, name_row,
	    sizeof(const char *), n)) == NULL)
		return NULL;
	for (i = 0; i < *n; i++)
		if (!copy_derived(t[i]))
			t[kept++] = t[i];
	*n = kept;
	return t;
}

/*
 * Appends t to order after the tables it references (depth first).  A
 * reference back to a table on the current path (a cycle, or a table that
 * references itself) is skipped: its rows are inserted in id order, parents
 * first, which is how the product writes them.
 */
static int
copy_order_visit(struct db *db, struct arena *a, struct copy_table *all,
    size_t nall, struct copy_table *t, const char **order, size_t *norder)
{
	const char **parents;
	size_t np, i, j;

	if (t->done || t->seen)
		return 0;
	t->seen = true;
	if ((parents = db_rows(db, a, db->ops->parents_sql,
	    DB_ARGS(db_text(t->name)), name_row, sizeof(const char *),
	    &np)) == NULL)
		return -1;
	for (i = 0; i < np; i++)
		for (j = 0; j < nall; j++)
			if (strcmp(all[j].name, parents[i]) == 0 &&
			    copy_order_visit(db, a, all, nall, &all[j], order,
			    norder) != 0)
				return -1;
	t->seen = false;
	t->done = true;
	order[(*norder)++] = t->name;
	return 0;
}

static const char **
copy_order(struct db *db, struct arena *a, const char **names, size_t n)
{
	struct copy_table *all = arena_calloc(a, n, sizeof(*all));
	const char **order = arena_calloc(a, n, sizeof(*order));
	size_t i, norder = 0;

	for (i = 0; i < n; i++)
		all[i].name = names[i];
	for (i = 0; i < n; i++)
		if (copy_order_visit(db, a, all, n, &all[i], order,
		    &norder) != 0)
			return NULL;
	return order;
}

/* Table names come from the catalog; quoting still keeps SQL well formed. */
static const char *
quoted(struct arena *a, const char *name)
{
	return arena_printf(a, "\"%s\"", name);
}

/* "SELECT * FROM t ORDER BY 1 NULLS FIRST, 2 NULLS FIRST, ..." with the
 * number of columns from a first look at the table. */
static const char *
copy_select(struct db *db, struct arena *a, const char *table, int *ncols)
{
	struct db_stmt *st;
	const char *sql;
	int i;

	sql = arena_printf(a, "SELECT * FROM %s LIMIT 0", quoted(a, table));
	if ((st = db_prepare(db, sql)) == NULL)
		return NULL;
	(void)db_step(st);
	*ncols = db_col_count(st);
	db_done(st);
	if (*ncols < 1 || *ncols > COPY_MAX_COLS) {
		log_error("copy-db: table %s has %d columns", table, *ncols);
		return NULL;
	}
	sql = arena_printf(a, "SELECT * FROM %s ORDER BY", quoted(a, table));
	for (i = 1; i <= *ncols; i++)
		sql = arena_printf(a, "%s%s %d NULLS FIRST", sql, i > 1 ? "," : "",
		    i);
	return sql;
}

/*
 * Adds one value to the table's digest in a form both backends give alike:
 * a type letter, then the integer in decimal, the real with 17 digits, or
 * the text with its length.
 */
static void
digest_value(crypto_hash_sha256_state *h, struct db_stmt *st, int col)
{
	char buf[64];
	size_t len;

	switch (st->ops->col_type(st, col)) {
	case DB_TYPE_NULL:
		crypto_hash_sha256_update(h, (const unsigned char *)"N", 1);
		return;
	case DB_TYPE_INT:
		len = (size_t)snprintf(buf, sizeof(buf), "I%lld;",
		    (long long)db_col_int64(st, col));
		break;
	case DB_TYPE_REAL:
		len = (size_t)snprintf(buf, sizeof(buf), "R%.17g;",
		    db_col_double(st, col));
		break;
	default:
		len = (size_t)snprintf(buf, sizeof(buf), "T%zu:",
		    db_col_len(st, col));
		crypto_hash_sha256_update(h, (const unsigned char *)buf, len);
		crypto_hash_sha256_update(h,
		    (const unsigned char *)db_col_text(st, col),
		    db_col_len(st, col));
		return;
	}
	crypto_hash_sha256_update(h, (const unsigned char *)buf, len);
}

/* Rows and digest of one table, read in the copy's order. */
static int
copy_digest(struct db *db, struct arena *a, const char *table,
    int64_t *rows, unsigned char out[crypto_hash_sha256_BYTES])
{
	crypto_hash_sha256_state h;
	struct db_stmt *st;
	const char *sql;
	int ncols, col, rc;

	if ((sql = copy_select(db, a, table, &ncols)) == NULL ||
	    (st = db_prepare(db, sql)) == NULL)
		return -1;
	crypto_hash_sha256_init(&h);
	*rows = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		for (col = 0; col < ncols; col++)
			digest_value(&h, st, col);
		(*rows)++;
	}
	db_done(st);
	crypto_hash_sha256_final(&h, out);
	return rc == DB_DONE ? 0 : -1;
}

/* Binds the source row's value as what it is, so that a real keeps its
 * every bit and an integer stays an integer. */
static int
copy_bind(struct db_stmt *ins, struct db_stmt *src, int col)
{
	switch (src->ops->col_type(src, col)) {
	case DB_TYPE_NULL:
		return db_bind_null(ins, col + 1);
	case DB_TYPE_INT:
		return db_bind_int64(ins, col + 1, db_col_int64(src, col));
	case DB_TYPE_REAL:
		return db_bind_double(ins, col + 1, db_col_double(src, col));
	default:
		return db_bind_text(ins, col + 1, db_col_text(src, col),
		    db_col_len(src, col));
	}
}

static int64_t
copy_rows(struct db *from, struct db *to, struct arena *a, const char *table)
{
	struct db_stmt *src, *ins;
	const char *sql, *cols = "", *vals = "";
	int ncols, col, rc;
	int64_t n = 0;

	if ((sql = copy_select(from, a, table, &ncols)) == NULL ||
	    (src = db_prepare(from, sql)) == NULL)
		return -1;
	rc = db_step(src);
	for (col = 0; col < ncols; col++) {
		cols = arena_printf(a, "%s%s\"%s\"", cols, col ? ", " : "",
		    db_col_name(src, col));
		vals = arena_printf(a, "%s%s?%d", vals, col ? ", " : "",
		    col + 1);
	}
	sql = arena_printf(a, "INSERT INTO %s (%s) VALUES (%s)",
	    quoted(a, table), cols, vals);
	for (; rc == DB_ROW; rc = db_step(src)) {
		if ((ins = db_prepare(to, sql)) == NULL)
			break;
		for (col = 0; col < ncols; col++)
			if (copy_bind(ins, src, col) != 0)
				break;
		rc = col == ncols ? db_step(ins) : DB_ERROR;
		db_done(ins);
		if (rc != DB_DONE)
			break;
		n++;
	}
	db_done(src);
	return rc == DB_DONE ? n : -1;
}

/* Empty: no table, or only a migrations table with no row in it. */
static int
copy_target_empty(struct db *to, struct arena *a)
{
	const char **names;
	size_t n, i;
	int64_t rows;

	if ((names = copy_tables(to, a, &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], "schema_migrations") != 0)
			return 0;
		if (db_int64(to, "SELECT count(*) FROM schema_migrations",
		    DB_NOARGS, &rows) != 0)
			return -1;
		if (rows > 0)
			return 0;
	}
	return 1;
}

int
db_copy(struct db *from, struct db *to, FILE *out)
{
	unsigned char d1[crypto_hash_sha256_BYTES], d2[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	const char **names, **order;
	struct arena a;
	size_t n, i;
	int64_t r1, r2, copied;
	int v1, v2, rc = -1, bad = 0;

	arena_init(&a);
	switch (copy_target_empty(to, &a)) {
	case 0:
		fprintf(stderr, "tukiverkko: copy-db: the target database is "
		    "not empty; copy-db writes only into a new, empty "
		    "database, so that two installations are never mixed\n");
		goto out;
	case -1:
		goto out;
	}
	if (db_migrate(to) < 0)
		goto out;
	if ((v1 = db_schema_version(from)) != (v2 = db_schema_version(to))) {
		fprintf(stderr, "tukiverkko: copy-db: the source is at schema "
		    "version %d, this release at %d; run `tukiverkko migrate` "
		    "on the source first\n", v1, v2);
		goto out;
	}
	if ((names = copy_tables(from, &a, &n)) == NULL ||
	    (order = copy_order(from, &a, names, n)) == NULL)
		goto out;
	if (db_read_begin(from) != 0)
		goto out;
	if (db_begin(to) != 0) {
		db_read_end(from);
		goto out;
	}
	/* The migrations' own rows go first, children before parents; the
	 * source's migration history replaces the target's. */
	for (i = n; i-- > 0;)
		if (db_run(to, arena_printf(&a, "DELETE FROM %s",
		    quoted(&a, order[i])), DB_NOARGS, NULL) != 0)
			goto rollback;
	for (i = 0; i < n; i++) {
		if ((copied = copy_rows(from, to, &a, order[i])) < 0) {
			fprintf(stderr, "tukiverkko: copy-db: copying %s "
			    "failed (see the log)\n", order[i]);
			goto rollback;
		}
	}
	if (db_ids_follow(to) != 0 || db_analyse(to) != 0 ||
	    db_commit(to) != 0)
		goto rollback;

	/* Verified by reading both sides again: the source in the snapshot
	 * the copy was made from (a server may still be writing to it), the
	 * target as committed. */
	for (i = 0; i < n; i++) {
		if (copy_digest(from, &a, order[i], &r1, d1) != 0 ||
		    copy_digest(to, &a, order[i], &r2, d2) != 0) {
			db_read_end(from);
			goto out;
		}
		sodium_bin2hex(hex, sizeof(hex), d1, sizeof(d1));
		if (r1 != r2 || memcmp(d1, d2, sizeof(d1)) != 0) {
			fprintf(out, "%-28s %8lld rows  DIFFERS (target %lld "
			    "rows)\n", order[i], (long long)r1, (long long)r2);
			bad++;
		} else
			fprintf(out, "%-28s %8lld rows  sha256 %.16s\n",
			    order[i], (long long)r1, hex);
	}
	db_read_end(from);
	if (bad > 0) {
		fprintf(stderr, "tukiverkko: copy-db: %d table(s) differ "
		    "after the copy\n", bad);
		goto out;
	}
	rc = 0;
	goto out;
 rollback:
	db_rollback(to);
	db_read_end(from);
 out:
	arena_cleanup(&a);
	return rc;
}

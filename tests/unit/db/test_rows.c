/*
 * test_rows.c - the store helpers of db/rows.h on a real SQLite file, or
 * with --pg on a database of its own on the PostgreSQL cluster of
 * $TUKIVERKKO_TEST_PG (the unit-pg suite): every shape returns the
 * statement to the cache, one lookup convention, and constraints and
 * errors come back as such, alike on both backends.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "db/rows.h"
#include "scratch_db.h"

struct fx {
	struct scratch_db s;
	struct db *db;
	struct arena a;
};

struct thing {
	int64_t id;
	const char *name;
};

static int
fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (fx == NULL || scratch_db_create(&fx->s, "tvrows") != 0 ||
	    (fx->db = db_open(fx->s.url)) == NULL ||
	    scratch_db_table(fx->db, "CREATE TABLE thing (id INTEGER PRIMARY "
	    "KEY, name TEXT NOT NULL UNIQUE, note TEXT)") != 0)
		return -1;
	arena_init(&fx->a);
	*state = fx;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *fx = *state;

	arena_cleanup(&fx->a);
	db_close(fx->db);
	scratch_db_drop(&fx->s);
	free(fx);
	return 0;
}

static int
thing_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct thing *t = out;

	t->id = db_col_int64(st, 0);
	t->name = db_col_dup(st, a, 1);
	return 0;
}

static int
failing_row(struct db_stmt *st, struct arena *a, void *out)
{
	(void)st;
	(void)a;
	(void)out;
	return -1;
}

static void
insert_n(struct fx *fx, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		char name[32];
		int64_t id;

		snprintf(name, sizeof(name), "thing %03d", i);
		assert_int_equal(db_insert(fx->db, "INSERT INTO thing (name) "
		    "VALUES (?1) RETURNING id", DB_ARGS(db_text(name)), &id), 0);
		assert_int_equal(id, i + 1);
	}
}

static void
test_rows_grow(void **state)
{
	struct fx *fx = *state;
	struct thing *v;
	size_t n;

	insert_n(fx, 100);	/* past several doublings of the vector */
	v = db_rows(fx->db, &fx->a, "SELECT id, name FROM thing WHERE id > ?1 "
	    "ORDER BY id", DB_ARGS(db_int(10)), thing_row, sizeof(*v), &n);
	assert_non_null(v);
	assert_int_equal(n, 90);
	assert_int_equal(v[0].id, 11);
	assert_string_equal(v[89].name, "thing 099");
}

static void
test_rows_empty(void **state)
{
	struct fx *fx = *state;
	struct thing *v;
	size_t n = 7;

	v = db_rows(fx->db, &fx->a, "SELECT id, name FROM thing", DB_NOARGS,
	    thing_row, sizeof(*v), &n);
	assert_non_null(v);
	assert_int_equal(n, 0);
}

/* A list of ids over several chunks, with a missing id and a duplicate,
 * an argument after the ids, and an empty list (no statement). */
static void
test_rows_ids(void **state)
{
	struct fx *fx = *state;
	int64_t ids[DB_IDS_CHUNK * 2 + 5], *odd;
	struct thing *v, at[DB_IDS_CHUNK * 2 + 5];
	size_t n, i;

	insert_n(fx, 60);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		ids[i] = (int64_t)i + 1;
	ids[3] = 9999;		/* none */
	ids[30] = 1;		/* again: its row twice, once a chunk */
	v = db_rows_ids(fx->db, &fx->a, "SELECT id, name FROM thing WHERE "
	    "id IN (" DB_IDS ") ORDER BY id", ids, sizeof(ids) / sizeof(ids[0]),
	    DB_NOARGS, thing_row, sizeof(*v), &n);
	assert_non_null(v);
	assert_int_equal(n, DB_IDS_CHUNK * 2 + 4);
	assert_int_equal(v[0].id, 1);
	assert_int_equal(v[2].id, 3);
	assert_int_equal(v[3].id, 5);		/* 4 was not asked */
	assert_int_equal(v[DB_IDS_CHUNK - 2].id, 20);
	assert_int_equal(v[DB_IDS_CHUNK - 1].id, 1);	/* the second chunk */
	assert_string_equal(v[n - 1].name, "thing 044");
	odd = db_ints_ids(fx->db, &fx->a, "SELECT id FROM thing WHERE id IN ("
	    DB_IDS ") AND id % 2 = ?21 ORDER BY id", ids + DB_IDS_CHUNK,
	    DB_IDS_CHUNK + 5, DB_ARGS(db_int(1)), &n);
	assert_non_null(odd);
	assert_int_equal(n, 13);		/* 1, and 21 to 45 odd but 31 */
	assert_int_equal(odd[0], 1);
	assert_int_equal(odd[1], 21);
	assert_int_equal(odd[n - 1], 45);
	assert_non_null(db_rows_ids(fx->db, &fx->a, "SELECT id, name FROM "
	    "nowhere", ids, 0, DB_NOARGS, thing_row, sizeof(*v), &n));
	assert_int_equal(n, 0);
	/* Each row where its id is asked; a missing one left as it was. */
	memset(at, 0, sizeof(at));
	at[3].name = "none";
	assert_int_equal(db_rows_at_ids(fx->db, &fx->a, "SELECT id, name FROM "
	    "thing WHERE id IN (" DB_IDS ")", ids, sizeof(ids) / sizeof(ids[0]),
	    thing_row, sizeof(*at), offsetof(struct thing, id), at), 0);
	assert_int_equal(at[0].id, 1);
	assert_int_equal(at[30].id, 1);
	assert_string_equal(at[3].name, "none");
	assert_string_equal(at[44].name, "thing 044");
}

static void
test_row_lookup_convention(void **state)
{
	struct fx *fx = *state;
	struct thing t;
	int64_t x;
	const char *s;

	insert_n(fx, 3);
	assert_int_equal(db_row(fx->db, &fx->a, "SELECT id, name FROM thing "
	    "WHERE id = ?1", DB_ARGS(db_int(2)), thing_row, &t), 0);
	assert_string_equal(t.name, "thing 001");
	assert_int_equal(db_row(fx->db, &fx->a, "SELECT id, name FROM thing "
	    "WHERE id = ?1", DB_ARGS(db_int(99)), thing_row, &t), DB_MISSING);
	assert_int_equal(db_int64(fx->db, "SELECT count(*) FROM thing",
	    DB_NOARGS, &x), 0);
	assert_int_equal(x, 3);
	assert_int_equal(db_int64(fx->db, "SELECT id FROM thing WHERE name = "
	    "?1", DB_ARGS(db_text("nobody")), &x), DB_MISSING);
	assert_int_equal(db_str(fx->db, &fx->a, "SELECT name FROM thing "
	    "WHERE id = ?1", DB_ARGS(db_int(3)), &s), 0);
	assert_string_equal(s, "thing 002");
	/* A NULL column reads as 0 or "". */
	assert_int_equal(db_str(fx->db, &fx->a, "SELECT note FROM thing "
	    "WHERE id = 1", DB_NOARGS, &s), 0);
	assert_string_equal(s, "");
}

/* A row read by db_cols() from a column past the first, with a NULL
 * text and a NULL integer, as the one-call-a-column readers give them
 * ("" and 0, which the row functions rely on). */
struct wide {
	int64_t n;
	const char *name;
	const char *note;
	double x;
	int64_t none;
};

static int
wide_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct wide *w = out;

	db_cols(st, a, 1, DB_COLS(db_as_int(&w->n), db_as_str(&w->name),
	    db_as_str(&w->note), db_as_real(&w->x), db_as_int(&w->none)));
	return 0;
}

static void
test_cols(void **state)
{
	struct fx *fx = *state;
	struct wide w;

	insert_n(fx, 2);
	memset(&w, 0, sizeof(w));
	w.none = 7;
	assert_int_equal(db_row(fx->db, &fx->a, "SELECT 99, id, name, note, "
	    "id * 1.5, CAST(NULL AS INTEGER) FROM thing WHERE id = ?1",
	    DB_ARGS(db_int(2)), wide_row, &w), 0);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.name, "thing 001");
	assert_non_null(w.note);
	assert_string_equal(w.note, "");
	assert_true(w.x == 3.0);
	assert_int_equal(w.none, 0);
}

static void
test_run_changes_constraint(void **state)
{
	struct fx *fx = *state;
	int64_t changes, id;

	insert_n(fx, 5);
	assert_int_equal(db_run(fx->db, "UPDATE thing SET note = ?1 WHERE "
	    "id <= ?2", DB_ARGS(db_text("x"), db_int(3)), &changes), 0);
	assert_int_equal(changes, 3);
	assert_int_equal(db_run(fx->db, "UPDATE thing SET note = ?1 WHERE "
	    "id = ?2", DB_ARGS(db_null(), db_id_or_null(0)), &changes), 0);
	assert_int_equal(changes, 0);
	assert_int_equal(db_run(fx->db, "INSERT INTO thing (name) VALUES (?1)",
	    DB_ARGS(db_text("thing 000")), NULL), DB_CONSTRAINT);
	assert_int_equal(db_insert(fx->db, "INSERT INTO thing (name) VALUES "
	    "(?1) RETURNING id", DB_ARGS(db_text("thing 001")), &id),
	    DB_CONSTRAINT);
	assert_int_equal(id, 0);
	/* After a refusal the cached statements still work. */
	assert_int_equal(db_run(fx->db, "DELETE FROM thing WHERE id = ?1",
	    DB_ARGS(db_int(5)), &changes), 0);
	assert_int_equal(changes, 1);
}

static void
test_errors_release_statement(void **state)
{
	struct fx *fx = *state;
	struct thing *v, t;
	size_t n;
	int i;

	insert_n(fx, 2);
	/* A row function that fails stops the read with -1; the statement is
	 * back in the cache, so the same SQL runs again many times. */
	for (i = 0; i < 50; i++) {
		assert_null(db_rows(fx->db, &fx->a, "SELECT id, name FROM "
		    "thing", DB_NOARGS, failing_row, sizeof(*v), &n));
		assert_int_equal(n, 0);
		assert_int_equal(db_row(fx->db, &fx->a, "SELECT id, name FROM "
		    "thing", DB_NOARGS, failing_row, &t), -1);
	}
	v = db_rows(fx->db, &fx->a, "SELECT id, name FROM thing", DB_NOARGS,
	    thing_row, sizeof(*v), &n);
	assert_non_null(v);
	assert_int_equal(n, 2);
	/* Bad SQL is an error, not a crash. */
	assert_null(db_rows(fx->db, &fx->a, "SELECT nothing FROM nowhere",
	    DB_NOARGS, thing_row, sizeof(*v), &n));
	assert_int_equal(db_run(fx->db, "UPDATE nowhere SET x = 1", DB_NOARGS,
	    NULL), -1);
}

/* Rows of values: three rows written through a list with room for four
 * (the fourth NULL and left out), an upsert of the same shape, then a
 * join that finds the rows by their place in a list of five. */
static void
test_values(void **state)
{
	struct fx *fx = *state;
	static const char *const names[] = { "a", "b", "c" };
	struct db_arg *args;
	const char *sql;
	size_t nargs, i;
	int64_t *found, x;

	sql = db_values(&fx->a, "WITH v (id, name) AS (VALUES ",
	    DB_TYPES("BIGINT", "TEXT"), 3, ") INSERT INTO thing (id, name) "
	    "SELECT id, name FROM v WHERE name IS NOT NULL ON CONFLICT (id) "
	    "DO UPDATE SET name = excluded.name", &args, &nargs);
	assert_int_equal(nargs, 8);
	assert_non_null(strstr(sql, "(CAST(?7 AS BIGINT), CAST(?8 AS TEXT))"));
	assert_null(strstr(sql, "?9"));
	assert_int_equal(args[7].type, DB_ARG_NULL);
	for (i = 0; i < 3; i++) {
		args[2 * i] = db_int((int64_t)i + 1);
		args[2 * i + 1] = db_text(names[i]);
	}
	assert_int_equal(db_run(fx->db, sql, args, nargs, NULL), 0);
	args[3] = db_text("B");		/* the same statement again */
	assert_int_equal(db_run(fx->db, sql, args, nargs, NULL), 0);
	assert_int_equal(db_int64(fx->db, "SELECT count(*) FROM thing",
	    DB_NOARGS, &x), 0);
	assert_int_equal(x, 3);
	assert_int_equal(db_int64(fx->db, "SELECT id FROM thing WHERE name = "
	    "?1", DB_ARGS(db_text("B")), &x), 0);
	assert_int_equal(x, 2);

	sql = db_values(&fx->a, "WITH k (i, name) AS (VALUES ",
	    DB_TYPES("BIGINT", "TEXT"), 5, ") SELECT k.i FROM k JOIN thing t "
	    "ON t.name = k.name ORDER BY k.i", &args, &nargs);
	assert_int_equal(nargs, 16);
	for (i = 0; i < 5; i++) {
		args[2 * i] = db_int((int64_t)i);
		args[2 * i + 1] = db_text(i % 2 == 0 ? "c" : "none");
	}
	found = db_ints(fx->db, &fx->a, sql, args, nargs, &i);
	assert_non_null(found);
	assert_int_equal(i, 3);
	assert_int_equal(found[0], 0);
	assert_int_equal(found[2], 4);
}

/* Array literals: quotes, backslashes, NULL and no element at all; on
 * PostgreSQL read back through unnest(). */
static void
test_arrays(void **state)
{
	struct fx *fx = *state;
	struct buf t, i, e;
	const char **names;
	size_t n;

	buf_init(&t);
	buf_init(&i);
	buf_init(&e);
	db_arr_text(&t, "say \"hi\"");
	db_arr_text(&t, NULL);
	db_arr_text(&t, "back\\slash, {brace}");
	db_arr_int(&i, -7);
	db_arr_null(&i);
	assert_string_equal(db_arr_end(&t),
	    "{\"say \\\"hi\\\"\",NULL,\"back\\\\slash, {brace}\"}");
	assert_string_equal(db_arr_end(&i), "{-7,NULL}");
	assert_string_equal(db_arr_end(&e), "{}");
	if (strcmp(db_backend_name(fx->db), "postgresql") == 0) {
		names = db_strs(fx->db, &fx->a, "SELECT coalesce(s, '-') || "
		    "coalesce(CAST(v AS TEXT), '-') FROM unnest(CAST(?1 AS "
		    "TEXT[]), CAST(?2 AS BIGINT[])) WITH ORDINALITY AS k (s, v, "
		    "o) ORDER BY o", DB_ARGS(db_text(t.data), db_text(i.data)),
		    &n);
		assert_non_null(names);
		assert_int_equal(n, 3);
		assert_string_equal(names[0], "say \"hi\"-7");
		assert_string_equal(names[1], "--");
		assert_string_equal(names[2], "back\\slash, {brace}-");
	}
	buf_cleanup(&t);
	buf_cleanup(&i);
	buf_cleanup(&e);
}

int
main(int argc, char **argv)
{
	if (scratch_db_args(argc, argv) != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows_grow, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_rows_empty, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_rows_ids, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_row_lookup_convention,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cols, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_run_changes_constraint,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_errors_release_statement,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_values, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_arrays, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

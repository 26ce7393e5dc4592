/*
 * test_plan.c - the plan check of the SQLite backend (src/db/sqlite.c,
 * $TUKIVERKKO_PLAN_CHECK): a statement that scans a whole table is written
 * to the check's file, and one that searches an index, walks one in order,
 * reads an allow-listed small table or only inserts is not.  This is what
 * makes the HTTP suite fail on a query without an index (issue 13).
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

#include "db/backend.h"
#include "db/db.h"
#include "plan_file.h"

static char dir[64], dbpath[128], planpath[128];

/* Prepares sql once (the check runs at the first compile) and steps it. */
static void
run(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);

	assert_non_null(st);
	while (db_step(st) == DB_ROW)
		;
	db_done(st);
}

static void
test_plan_check(void **state)
{
	struct db *db;
	const char *t;

	(void)state;
	assert_non_null(db = db_open(dbpath));
	assert_int_equal(db_exec(db, "CREATE TABLE big (id INTEGER PRIMARY "
	    "KEY, at INTEGER NOT NULL, note TEXT);"
	    "CREATE INDEX big_at ON big(at);"
	    "CREATE TABLE kid (id INTEGER PRIMARY KEY, big_id INTEGER "
	    "REFERENCES big(id));"
	    "CREATE TABLE region (id INTEGER PRIMARY KEY, code TEXT);"
	    "CREATE TABLE note (id INTEGER PRIMARY KEY)"), 0);

	/* Indexed search, index walk, primary key, a small table, an
	 * INSERT whose plan names the foreign-key child: nothing. */
	run(db, "SELECT id FROM big WHERE at > ?1");
	run(db, "SELECT id FROM big b ORDER BY at LIMIT 5");
	run(db, "SELECT note FROM big WHERE id = ?1");
	run(db, "SELECT code FROM region ORDER BY code");
	run(db, "INSERT INTO big (at) VALUES (1) RETURNING id");
	assert_string_equal(plan_file_text(planpath), "");

	/* The planted scans: by name, and by alias. */
	run(db, "SELECT id FROM big WHERE note = ?1");
	run(db, "SELECT b.id FROM big AS b JOIN kid k ON k.big_id = b.id "
	    "WHERE b.id = ?1");
	t = plan_file_text(planpath);
	assert_non_null(strstr(t, "big\tSELECT id FROM big WHERE note = ?1\n"));
	assert_non_null(strstr(t, "kid\tSELECT b.id FROM big AS b"));
	/* The alias of "big b", not the column b.note that is also a
	 * table's name. */
	run(db, "SELECT b.id, b.note, b.at FROM big b WHERE b.note = ?1");
	t = plan_file_text(planpath);
	assert_non_null(strstr(t, "big\tSELECT b.id, b.note, b.at FROM big b"));
	assert_null(strstr(t, "note\tSELECT"));
	/* A statement is checked once, when first compiled. */
	run(db, "SELECT id FROM big WHERE note = ?1");
	assert_ptr_equal(strstr(strstr(t, "WHERE note = ?1") + 1,
	    "WHERE note = ?1"), NULL);
	db_close(db);
}

/*
 * Once per process, not per connection (db_plan_first()): a server has a
 * connection per thread, and the tables test_plan_check() made are still
 * there.  A text another connection explained is not explained again; a
 * text new to the process is.  Then thousands of texts, so that the set
 * of explained texts grows several times: each is first exactly once.
 */
static void
test_plan_once_per_process(void **state)
{
	struct db *db;
	char sql[64];
	size_t before;
	int i;

	(void)state;
	assert_non_null(db = db_open(dbpath));
	before = strlen(plan_file_text(planpath));
	assert_true(before > 0);
	run(db, "SELECT id FROM big WHERE note = ?1");
	assert_int_equal(strlen(plan_file_text(planpath)), before);
	run(db, "SELECT at FROM big WHERE note = ?1");
	assert_non_null(strstr(plan_file_text(planpath),
	    "big\tSELECT at FROM big WHERE note = ?1\n"));
	db_close(db);

	for (i = 0; i < 5000; i++) {
		snprintf(sql, sizeof(sql), "SELECT %d", i);
		assert_true(db_plan_first(sql));
	}
	for (i = 0; i < 5000; i++) {
		snprintf(sql, sizeof(sql), "SELECT %d", i);
		assert_false(db_plan_first(sql));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_check),
		cmocka_unit_test(test_plan_once_per_process),
	};
	char p[160];
	int rc;

	snprintf(dir, sizeof(dir), "/tmp/tvplan.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
	snprintf(planpath, sizeof(planpath), "%s/plan.txt", dir);
	setenv("TUKIVERKKO_PLAN_CHECK", planpath, 1);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(planpath);
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
	rmdir(dir);
	return rc;
}

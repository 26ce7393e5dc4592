/*
 * test_throttle.c - the throttle's keys and counts on a real SQLite file:
 * IPv6 clients count by their /64, IPv4 ones (also behind a dual-stack
 * socket) by their address; an attempt taken back unblocks the key; a
 * writer's batch counts as throttle_fail() does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "auth/throttle.h"
#include "base/arena.h"
#include "db/rows.h"
#include "tempdb.h"

static void
test_address_keys(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(throttle_address_key(&a, "192.0.2.7"),
	    "addr:192.0.2.7");
	assert_string_equal(throttle_address_key(&a, "::ffff:192.0.2.7"),
	    "addr:192.0.2.7");
	/* Two addresses of one /64 are one key; another /64 is another. */
	assert_string_equal(throttle_address_key(&a,
	    "2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "addr:2001:db8:1:2::/64");
	assert_string_equal(throttle_address_key(&a, "2001:db8:1:2::1"),
	    "addr:2001:db8:1:2::/64");
	assert_string_equal(throttle_address_key(&a, "2001:db8:1:3::1"),
	    "addr:2001:db8:1:3::/64");
	assert_string_equal(throttle_address_key(&a, NULL), "addr:-");
	arena_cleanup(&a);
}

static void
test_forgive(void **state)
{
	char dir[64], path[96];
	struct db *db;
	int i;

	(void)state;
	assert_int_equal(tempdb_open("throttle", dir, path, &db), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(throttle_fail(db, "k", 3, 1000), 0);
	assert_true(throttle_wait(db, "k", 1001) > 0);
	/* One attempt back: under the limit again, so no longer blocked. */
	assert_int_equal(throttle_forgive(db, "k", 3), 0);
	assert_int_equal(throttle_wait(db, "k", 1001), 0);
	assert_int_equal(throttle_fail(db, "k", 3, 1002), 0);
	assert_true(throttle_wait(db, "k", 1003) > 0);
	/* Never below zero; an unknown key is no error. */
	for (i = 0; i < 5; i++)
		assert_int_equal(throttle_forgive(db, "k", 3), 0);
	assert_int_equal(throttle_forgive(db, "nobody", 3), 0);
	assert_int_equal(throttle_fail(db, "k", 3, 1004), 0);
	assert_int_equal(throttle_wait(db, "k", 1005), 0);
	tempdb_close(dir, db);
}

/* A key's stored row: failures, window_start, blocked_until. */
static void
stored(struct db *db, const char *key, int64_t out[3])
{
	static const char *const col[] = {
		"SELECT failures FROM throttle WHERE key = ?1",
		"SELECT window_start FROM throttle WHERE key = ?1",
		"SELECT blocked_until FROM throttle WHERE key = ?1",
	};
	int i;

	for (i = 0; i < 3; i++)
		assert_int_equal(db_int64(db, col[i], DB_ARGS(db_text(key)),
		    &out[i]), 0);
}

/*
 * The batch's rule against throttle_fail()'s statement, attempt by
 * attempt: a new key, one whose count was taken back to 0, a window that
 * passes, a limit of 1; the rows in memory after each attempt and as
 * written, then read again by a new batch.
 */
static void
test_batch_agrees(void **state)
{
	static const struct { int64_t now; int max; } step[] = {
		{ 1000, 3 }, { 1001, 3 }, { 1002, 3 }, { 1003, 3 },
		{ 1899, 3 }, { 1900, 3 }, { 1901, 1 }, { 3000, 5 },
		{ 3001, 1 }, { 5000, 20 }, { 5001, 2 },
	};
	static const char *const keys[] = { "new", "forgiven" };
	char dir[64], path[96], sk[32], bk[32];
	struct throttle_batch t;
	struct db *db;
	int64_t want[3], got[3];
	size_t i, k, r;

	(void)state;
	assert_int_equal(tempdb_open("throttle", dir, path, &db), 0);
	for (k = 0; k < 2; k++) {
		snprintf(sk, sizeof(sk), "sql:%s", keys[k]);
		snprintf(bk, sizeof(bk), "batch:%s", keys[k]);
		if (k == 1) {
			assert_int_equal(throttle_fail(db, sk, 3, 10), 0);
			assert_int_equal(throttle_fail(db, bk, 3, 10), 0);
			assert_int_equal(throttle_forgive(db, sk, 3), 0);
			assert_int_equal(throttle_forgive(db, bk, 3), 0);
		}
		throttle_batch_init(&t);
		r = throttle_batch_key(&t, bk);
		assert_int_equal(throttle_batch_key(&t, "other"), r + 1);
		assert_int_equal(throttle_batch_key(&t, bk), r);
		assert_int_equal(throttle_batch_read(db, &t), 0);
		for (i = 0; i < sizeof(step) / sizeof(step[0]); i++) {
			assert_int_equal(throttle_wait(db, sk, step[i].now),
			    throttle_batch_wait(&t, r, step[i].now));
			assert_int_equal(throttle_fail(db, sk, step[i].max,
			    step[i].now), 0);
			throttle_batch_fail(&t, r, step[i].max, step[i].now);
			stored(db, sk, want);
			assert_int_equal(t.rows[r].failures, want[0]);
			assert_int_equal(t.rows[r].window_start, want[1]);
			assert_int_equal(t.rows[r].blocked_until, want[2]);
		}
		assert_int_equal(throttle_batch_write(db, &t), 0);
		throttle_batch_cleanup(&t);
		stored(db, bk, got);
		assert_memory_equal(got, want, sizeof(want));
		/* "other" was only read: no row for it. */
		assert_int_equal(db_int64(db, "SELECT count(*) FROM throttle "
		    "WHERE key = 'other'", DB_NOARGS, &got[0]), 0);
		assert_int_equal(got[0], 0);
		/* Read again, in a batch of more keys than one statement
		 * takes. */
		throttle_batch_init(&t);
		for (i = 0; i < THROTTLE_MANY + 3; i++) {
			snprintf(sk, sizeof(sk), "filler:%zu", i);
			throttle_batch_key(&t, sk);
		}
		r = throttle_batch_key(&t, bk);
		assert_int_equal(r, THROTTLE_MANY + 3);
		assert_int_equal(throttle_batch_read(db, &t), 0);
		assert_int_equal(t.rows[r].failures, want[0]);
		assert_int_equal(t.rows[r].blocked_until, want[2]);
		assert_int_equal(throttle_batch_wait(&t, r, want[2] - 5), 5);
		throttle_batch_cleanup(&t);
	}
	tempdb_close(dir, db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address_keys),
		cmocka_unit_test(test_forgive),
		cmocka_unit_test(test_batch_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_throttle.c - the throttle's keys and counts on a real SQLite file:
 * IPv6 clients count by their /64, IPv4 ones (also behind a dual-stack
 * socket) by their address; an attempt taken back unblocks the key.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth/throttle.h"
#include "base/arena.h"
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address_keys),
		cmocka_unit_test(test_forgive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

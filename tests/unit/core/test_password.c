/*
 * test_password.c - argon2id at each cost (src/auth/password.c): the
 * limits a new hash records, verification, and rehash detection between
 * costs, which is how a server moves stored hashes to its setting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "auth/password.h"

static const char pw[] = "a long enough password";

static void
hash_at(const char *cost, char out[PASSWORD_HASH_MAX])
{
	assert_int_equal(password_set_cost(cost), 0);
	assert_int_equal(password_hash(pw, out), 0);
}

static void
test_costs(void **state)
{
	char test[PASSWORD_HASH_MAX], inter[PASSWORD_HASH_MAX];

	(void)state;
	hash_at("test", test);
	hash_at("interactive", inter);
	/* libsodium's minimum (8 KiB, one pass) and INTERACTIVE (64 MiB, two). */
	assert_non_null(strstr(test, "$argon2id$v=19$m=8,t=1,p=1$"));
	assert_non_null(strstr(inter, "$argon2id$v=19$m=65536,t=2,p=1$"));
	assert_true(password_verify(test, pw));
	assert_false(password_verify(test, "a long enough passworD"));
	assert_true(password_verify(inter, pw));
	/* Under the interactive cost the test hash is replaced, not its own. */
	assert_true(password_needs_rehash(test));
	assert_false(password_needs_rehash(inter));
	assert_int_equal(password_set_cost("test"), 0);
	assert_true(password_needs_rehash(inter));
	assert_false(password_needs_rehash(test));
	assert_int_equal(password_set_cost("minimum"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_costs),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("password", tests, NULL, NULL);
}

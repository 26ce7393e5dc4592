/*
 * test_str.c - trimming length-tagged strings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/str.h"

static void
check(struct str (*fn)(struct str), const char *in, const char *want)
{
	struct str got = fn(str_from_cstr(in));

	assert_int_equal(got.len, strlen(want));
	assert_memory_equal(got.ptr, want, got.len);
}

static void
test_trim(void **state)
{
	(void)state;
	check(str_trim, "  a b\t", "a b");
	check(str_trim, "\r\nx\r\n", "\r\nx\r\n");	/* spaces and tabs only */
	check(str_trim, " \t ", "");
	check(str_trim, "", "");
}

static void
test_trim_space(void **state)
{
	(void)state;
	check(str_trim_space, " \t\r\nMaija Meikäläinen\r\n \t", "Maija Meikäläinen");
	check(str_trim_space, "rivi 1\r\nrivi 2", "rivi 1\r\nrivi 2");	/* inside stays */
	check(str_trim_space, "\r\n\t ", "");
	check(str_trim_space, "", "");
	check(str_trim_space, "x", "x");
}

static void
test_index(void **state)
{
	static const char *const names[] = { "draft", "published",
	    "cancelled" };

	(void)state;
	assert_int_equal(str_index("draft", names, 3), 0);
	assert_int_equal(str_index("cancelled", names, 3), 2);
	assert_int_equal(str_index("cancelled", names, 2), -1);
	assert_int_equal(str_index("Draft", names, 3), -1);
	assert_int_equal(str_index("", names, 3), -1);
	assert_int_equal(str_index(NULL, names, 3), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_trim_space),
		cmocka_unit_test(test_index),
	};

	return cmocka_run_group_tests_name("str", tests, NULL, NULL);
}

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

/* Fixed-width date fields and hex digits: digits only, no sign or space. */
static void
test_digits_and_hex(void **state)
{
	(void)state;
	assert_int_equal(str_digits("2026-12", 4), 2026);
	assert_int_equal(str_digits("09", 2), 9);
	assert_int_equal(str_digits("+9", 2), -1);
	assert_int_equal(str_digits(" 9", 2), -1);
	assert_int_equal(str_digits("1a", 2), -1);
	assert_int_equal(str_hex_value('f'), 15);
	assert_int_equal(str_hex_value('F'), 15);
	assert_int_equal(str_hex_value('0'), 0);
	assert_int_equal(str_hex_value('g'), -1);
	assert_int_equal(str_hex_value(0xe4), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_trim_space),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_digits_and_hex),
	};

	return cmocka_run_group_tests_name("str", tests, NULL, NULL);
}

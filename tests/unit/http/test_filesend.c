/*
 * test_filesend.c - the pure parts of serving a file: Range parsing
 * (single, open, suffix, clamping, several ranges and malformed values
 * ignored, unsatisfiable ones refused) and Content-Disposition with an
 * ASCII fallback and an RFC 8187 filename*.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "http/filesend.h"

static int
range(const char *v, uint64_t size, uint64_t *start, uint64_t *len)
{
	*start = *len = 12345;
	return filesend_parse_range(v, size, start, len);
}

static void
test_single(void **state)
{
	uint64_t s, n;

	(void)state;
	assert_int_equal(range("bytes=0-9", 100, &s, &n), 1);
	assert_int_equal(s, 0);
	assert_int_equal(n, 10);
	assert_int_equal(range("bytes=10-", 100, &s, &n), 1);
	assert_int_equal(s, 10);
	assert_int_equal(n, 90);
	assert_int_equal(range("bytes=99-99", 100, &s, &n), 1);
	assert_int_equal(s, 99);
	assert_int_equal(n, 1);
	/* The end is clamped to the file. */
	assert_int_equal(range("bytes=50-1000", 100, &s, &n), 1);
	assert_int_equal(s, 50);
	assert_int_equal(n, 50);
	/* White space around the set is allowed. */
	assert_int_equal(range(" bytes= 1-2 ", 100, &s, &n), 1);
	assert_int_equal(s, 1);
	assert_int_equal(n, 2);
}

static void
test_suffix(void **state)
{
	uint64_t s, n;

	(void)state;
	assert_int_equal(range("bytes=-10", 100, &s, &n), 1);
	assert_int_equal(s, 90);
	assert_int_equal(n, 10);
	/* A suffix longer than the file is the whole file. */
	assert_int_equal(range("bytes=-500", 100, &s, &n), 1);
	assert_int_equal(s, 0);
	assert_int_equal(n, 100);
	assert_int_equal(range("bytes=-0", 100, &s, &n), -1);
	assert_int_equal(range("bytes=-5", 0, &s, &n), -1);
}

static void
test_ignored(void **state)
{
	static const char *const bad[] = { NULL, "", "bytes", "bytes=",
	    "bytes=a-b", "bytes=5-2", "bytes=0-1,3-4", "items=0-1", "bytes=1-2x",
	    "bytes=--1", "bytes=99999999999999999999-", "bytes=0-9 junk" };
	uint64_t s, n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(range(bad[i], 100, &s, &n), 0);
}

static void
test_unsatisfiable(void **state)
{
	uint64_t s, n;

	(void)state;
	assert_int_equal(range("bytes=100-", 100, &s, &n), -1);
	assert_int_equal(range("bytes=100-200", 100, &s, &n), -1);
	assert_int_equal(range("bytes=0-0", 0, &s, &n), -1);
}

static void
test_disposition(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(filesend_disposition(&a, "diat.pdf", false),
	    "attachment; filename=\"diat.pdf\"; filename*=UTF-8''diat.pdf");
	assert_string_equal(filesend_disposition(&a, "Päätös 2021.pdf", true),
	    "inline; filename=\"P__t_s 2021.pdf\"; "
	    "filename*=UTF-8''P%C3%A4%C3%A4t%C3%B6s%202021.pdf");
	/* Quotes, backslashes and semicolons never break out of the value. */
	assert_string_equal(filesend_disposition(&a, "a\"b\\c;d.pdf", false),
	    "attachment; filename=\"a_b_c_d.pdf\"; "
	    "filename*=UTF-8''a%22b%5Cc%3Bd.pdf");
	assert_string_equal(filesend_disposition(&a, "", false), "attachment");
	arena_cleanup(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_suffix),
		cmocka_unit_test(test_ignored),
		cmocka_unit_test(test_unsatisfiable),
		cmocka_unit_test(test_disposition),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

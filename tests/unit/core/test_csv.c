/*
 * test_csv.c - the RFC 4180 reader: quoting, line ends, the byte-order
 * mark, blank lines, line numbers and every syntax error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/csv.h"

struct fixture {
	struct arena a;
	struct csv c;
	struct csv_record rec;
};

static int
setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	arena_init(&f.a);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	arena_cleanup(&f->a);
	return 0;
}

#define START(f, lit, sep) \
	csv_init(&(f)->c, &(f)->a, (lit), sizeof(lit) - 1, (sep))

/* Reads the next record and checks its line and fields. */
static void
expect_record(struct fixture *f, size_t line, size_t n, ...)
{
	va_list ap;
	size_t i;

	assert_int_equal(csv_next(&f->c, &f->rec), 1);
	assert_int_equal(f->rec.line, line);
	assert_int_equal(f->rec.nfields, n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_string_equal(f->rec.fields[i], va_arg(ap, const char *));
	va_end(ap);
}

static void
expect_end(struct fixture *f)
{
	assert_int_equal(csv_next(&f->c, &f->rec), 0);
	/* The end is sticky. */
	assert_int_equal(csv_next(&f->c, &f->rec), 0);
}

static void
test_simple(void **state)
{
	struct fixture *f = *state;

	START(f, "code,name\n018,Askola\n049,Espoo\n", ',');
	expect_record(f, 1, 2, "code", "name");
	expect_record(f, 2, 2, "018", "Askola");
	expect_record(f, 3, 2, "049", "Espoo");
	expect_end(f);
}

static void
test_empty_input(void **state)
{
	struct fixture *f = *state;

	START(f, "", ',');
	expect_end(f);
	START(f, "\xEF\xBB\xBF", ',');
	expect_end(f);
	START(f, "\n\r\n\n", ',');
	expect_end(f);
}

static void
test_no_final_newline(void **state)
{
	struct fixture *f = *state;

	START(f, "a,b\nc,d", ',');
	expect_record(f, 1, 2, "a", "b");
	expect_record(f, 2, 2, "c", "d");
	expect_end(f);
}

static void
test_empty_fields(void **state)
{
	struct fixture *f = *state;

	START(f, ",\na,,b,\n\"\",x\n", ',');
	expect_record(f, 1, 2, "", "");
	expect_record(f, 2, 4, "a", "", "b", "");
	expect_record(f, 3, 2, "", "x");
	expect_end(f);
	/* Spaces are data, not padding. */
	START(f, " a , b \n", ',');
	expect_record(f, 1, 2, " a ", " b ");
	expect_end(f);
}

static void
test_quoting(void **state)
{
	struct fixture *f = *state;

	START(f, "\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n"
	    "\"\",\"x\"\"\",plain\n", ',');
	expect_record(f, 1, 3, "a,b", "say \"hi\"", "\"");
	expect_record(f, 2, 3, "", "x\"", "plain");
	expect_end(f);
	/* A quoted field at the very end of input. */
	START(f, "x,\"Hangö\"", ',');
	expect_record(f, 1, 2, "x", "Hangö");
	expect_end(f);
}

static void
test_crlf(void **state)
{
	struct fixture *f = *state;

	START(f, "a,b\r\nc,\"d\"\r\n\r\ne,f\r\n", ',');
	expect_record(f, 1, 2, "a", "b");
	expect_record(f, 2, 2, "c", "d");
	expect_record(f, 4, 2, "e", "f");
	expect_end(f);
	/* Mixed line ends in one file. */
	START(f, "a\nb\r\nc\n", ',');
	expect_record(f, 1, 1, "a");
	expect_record(f, 2, 1, "b");
	expect_record(f, 3, 1, "c");
	expect_end(f);
}

static void
test_bom(void **state)
{
	struct fixture *f = *state;

	START(f, "\xEF\xBB\xBF" "code,name\r\n091,Helsinki\r\n", ',');
	expect_record(f, 1, 2, "code", "name");
	expect_record(f, 2, 2, "091", "Helsinki");
	expect_end(f);
	/* Only a leading BOM is skipped; one later on is data. */
	START(f, "a\n\xEF\xBB\xBF" "b\n", ',');
	expect_record(f, 1, 1, "a");
	expect_record(f, 2, 1, "\xEF\xBB\xBF" "b");
	expect_end(f);
	/* Two bytes of a BOM are not a BOM. */
	START(f, "\xEF\xBB", ',');
	expect_record(f, 1, 1, "\xEF\xBB");
	expect_end(f);
}

static void
test_blank_lines(void **state)
{
	struct fixture *f = *state;

	START(f, "\n\nhead\n\n\nrow1\n\r\n\nrow2\n\n", ',');
	expect_record(f, 3, 1, "head");
	expect_record(f, 6, 1, "row1");
	expect_record(f, 9, 1, "row2");
	expect_end(f);
}

static void
test_quoted_newlines(void **state)
{
	struct fixture *f = *state;

	START(f, "id,text\n"
	    "1,\"two\nlines\"\n"
	    "2,\"three\r\nlines\nhere\",x\n"
	    "\n"
	    "3,last\n", ',');
	expect_record(f, 1, 2, "id", "text");
	expect_record(f, 2, 2, "1", "two\nlines");
	expect_record(f, 4, 3, "2", "three\r\nlines\nhere", "x");
	expect_record(f, 8, 2, "3", "last");
	expect_end(f);
}

static void
test_semicolon(void **state)
{
	struct fixture *f = *state;

	START(f, "code;name;lat\n018;\"Askola; Uusimaa\";60,5297\n", ';');
	expect_record(f, 1, 3, "code", "name", "lat");
	expect_record(f, 2, 3, "018", "Askola; Uusimaa", "60,5297");
	expect_end(f);
}

static void
test_err_unterminated(void **state)
{
	struct fixture *f = *state;

	START(f, "a,b\n\"open,field\nmore\n", ',');
	expect_record(f, 1, 2, "a", "b");
	assert_int_equal(csv_next(&f->c, &f->rec), -1);
	assert_int_equal(f->rec.line, 2);
	assert_int_equal(f->c.line, 2);
	START(f, "\"", ',');
	assert_int_equal(csv_next(&f->c, &f->rec), -1);
	assert_int_equal(f->rec.line, 1);
}

static void
test_err_after_quote(void **state)
{
	struct fixture *f = *state;

	START(f, "ok\n\n\"quoted\"tail,b\n", ',');
	expect_record(f, 1, 1, "ok");
	assert_int_equal(csv_next(&f->c, &f->rec), -1);
	assert_int_equal(f->rec.line, 3);
	START(f, "\"a\" ,b\n", ',');
	assert_int_equal(csv_next(&f->c, &f->rec), -1);
	/* With ';' as separator a comma after the quote is text too. */
	START(f, "\"a\",b\n", ';');
	assert_int_equal(csv_next(&f->c, &f->rec), -1);
}

static void
test_err_quote_inside(void **state)
{
	struct fixture *f = *state;

	START(f, "x,ab\"c\n", ',');
	assert_int_equal(csv_next(&f->c, &f->rec), -1);
	assert_int_equal(f->rec.line, 1);
	START(f, "a\nb\nc,5\"\n", ',');
	expect_record(f, 1, 1, "a");
	expect_record(f, 2, 1, "b");
	assert_int_equal(csv_next(&f->c, &f->rec), -1);
	assert_int_equal(f->rec.line, 3);
}

static void
test_max_fields(void **state)
{
	struct fixture *f = *state;
	char line[512], last[16];
	size_t i, n = 0;

	/* Exactly CSV_MAX_FIELDS fields are fine. */
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%zu",
		    i ? "," : "", i);
	line[n++] = '\n';
	csv_init(&f->c, &f->a, line, n, ',');
	assert_int_equal(csv_next(&f->c, &f->rec), 1);
	assert_int_equal(f->rec.nfields, CSV_MAX_FIELDS);
	assert_string_equal(f->rec.fields[0], "0");
	snprintf(last, sizeof(last), "%d", CSV_MAX_FIELDS - 1);
	assert_string_equal(f->rec.fields[CSV_MAX_FIELDS - 1], last);
	assert_int_equal(csv_next(&f->c, &f->rec), 0);

	/* One more (even an empty one after a trailing comma) is an error. */
	line[n - 1] = ',';
	line[n++] = '\n';
	csv_init(&f->c, &f->a, line, n, ',');
	assert_int_equal(csv_next(&f->c, &f->rec), -1);
	assert_int_equal(f->rec.line, 1);
	line[n - 1] = 'x';
	csv_init(&f->c, &f->a, line, n, ',');
	assert_int_equal(csv_next(&f->c, &f->rec), -1);
}

/* Fields are NUL-terminated copies in the arena, not pointers into data. */
static void
test_fields_in_arena(void **state)
{
	struct fixture *f = *state;
	char data[] = "abc,def\n";

	csv_init(&f->c, &f->a, data, sizeof(data) - 1, ',');
	assert_int_equal(csv_next(&f->c, &f->rec), 1);
	memset(data, '!', sizeof(data) - 1);
	assert_string_equal(f->rec.fields[0], "abc");
	assert_string_equal(f->rec.fields[1], "def");
	assert_true(f->a.total >= 32);
}

/* The length bounds the input: a NUL or more data beyond len is unseen. */
static void
test_length_bound(void **state)
{
	struct fixture *f = *state;
	const char data[] = "a,b\nc,d\n";

	csv_init(&f->c, &f->a, data, 5, ',');
	expect_record(f, 1, 2, "a", "b");
	expect_record(f, 2, 1, "c");
	expect_end(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_simple, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_input, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_final_newline, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_fields, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_quoting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blank_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_quoted_newlines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_semicolon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_err_unterminated, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_err_after_quote, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_err_quote_inside, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_max_fields, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fields_in_arena, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_length_bound, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}

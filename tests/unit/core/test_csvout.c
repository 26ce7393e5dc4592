/*
 * test_csvout.c - the CSV writer of exports: the byte-order mark, RFC 4180
 * quoting with both separators, formula neutralisation of text (and not
 * of numbers), decimals, and that its output reads back with csv.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "base/csv.h"
#include "base/csvout.h"

/* The buffer's text as a C string (for assert_string_equal). */
static const char *
text(struct buf *b)
{
	return buf_cstr(b);
}

static void
test_bom_and_rows(void **state)
{
	struct buf b;
	struct csvout c;

	(void)state;
	buf_init(&b);
	csvout_init(&c, &b, ',', true);
	csvout_text(&c, "a");
	csvout_int(&c, 42);
	csvout_empty(&c);
	csvout_text(&c, NULL);
	csvout_end(&c);
	csvout_text(&c, "b");
	csvout_end(&c);
	assert_string_equal(text(&b), "\xef\xbb\xbf" "a,42,,\r\nb\r\n");
	buf_cleanup(&b);

	/* No mark when not asked for; an odd separator falls back to ','. */
	csvout_init(&c, &b, '|', false);
	csvout_text(&c, "x|y");
	csvout_text(&c, "z");
	csvout_end(&c);
	assert_string_equal(text(&b), "x|y,z\r\n");
	buf_cleanup(&b);
}

static void
test_quoting(void **state)
{
	struct buf b;
	struct csvout c;

	(void)state;
	buf_init(&b);
	csvout_init(&c, &b, ',', false);
	csvout_text(&c, "plain");
	csvout_text(&c, "with, comma");
	csvout_text(&c, "say \"hi\"");
	csvout_text(&c, "two\nlines");
	csvout_text(&c, "cr\rhere");
	csvout_text(&c, "semi;colon");
	csvout_text(&c, "");
	csvout_text(&c, "\"");
	csvout_end(&c);
	assert_string_equal(text(&b), "plain,\"with, comma\",\"say \"\"hi\"\"\","
	    "\"two\nlines\",\"cr\rhere\",semi;colon,,\"\"\"\"\r\n");
	buf_cleanup(&b);

	/* With ';' the semicolon is quoted and the comma is not. */
	csvout_init(&c, &b, ';', false);
	csvout_text(&c, "semi;colon");
	csvout_text(&c, "with, comma");
	csvout_text(&c, "ääkköset ÅÄÖ");
	csvout_end(&c);
	assert_string_equal(text(&b), "\"semi;colon\";with, comma;ääkköset ÅÄÖ\r\n");
	buf_cleanup(&b);
}

static void
test_formula(void **state)
{
	static const char *const bad[] = {
		"=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)",
		"\tTab", "\rCR",
	};
	struct buf b;
	struct csvout c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_true(csvout_formula_like(bad[i]));
	assert_false(csvout_formula_like("a=b"));
	assert_false(csvout_formula_like(" =x"));
	assert_false(csvout_formula_like("'=x"));
	assert_false(csvout_formula_like(""));
	assert_false(csvout_formula_like(NULL));

	buf_init(&b);
	csvout_init(&c, &b, ',', false);
	csvout_text(&c, "=1+2");
	csvout_text(&c, "-list item");
	csvout_text(&c, "@who");
	csvout_text(&c, "+358 40 123");
	/* Quoted and neutralised: the apostrophe goes inside the quotes. */
	csvout_text(&c, "=A1,\"x\"");
	csvout_text(&c, "-\nnext");
	/* Numbers are numbers: a negative one keeps its sign. */
	csvout_int(&c, -3);
	csvout_decimal(&c, -1.25, 2);
	/* Raw fields are the program's own and are not touched. */
	csvout_raw(&c, "-");
	csvout_end(&c);
	assert_string_equal(text(&b), "'=1+2,'-list item,'@who,'+358 40 123,"
	    "\"'=A1,\"\"x\"\"\",\"'-\nnext\",-3,-1.25,-\r\n");
	buf_cleanup(&b);
}

static void
test_decimal(void **state)
{
	struct buf b;
	struct csvout c;

	(void)state;
	buf_init(&b);
	csvout_init(&c, &b, ',', false);
	csvout_decimal(&c, 3.25, 1);
	csvout_decimal(&c, 2.0, 0);
	csvout_decimal(&c, -0.04, 1);
	csvout_decimal(&c, 1.0 / 3.0, 9);	/* at most 6 digits */
	csvout_decimal(&c, 5, -1);
	csvout_end(&c);
	assert_string_equal(text(&b), "3.2,2,0.0,0.333333,5\r\n");
	buf_cleanup(&b);

	/* With ';' the decimal mark is a comma, and needs no quotes. */
	csvout_init(&c, &b, ';', false);
	csvout_decimal(&c, 3.5, 1);
	csvout_decimal(&c, 1234.5, 2);
	csvout_int(&c, 7);
	csvout_end(&c);
	assert_string_equal(text(&b), "3,5;1234,50;7\r\n");
	buf_cleanup(&b);
}

/* What the writer writes, the reader reads back unchanged. */
static void
test_round_trip(void **state)
{
	static const char *const fields[] = {
		"plain", "a,b", "a;b", "q\"uote", "multi\r\nline", "",
		"ääkköset", "  spaces  ", "\"\"",
	};
	const size_t n = sizeof(fields) / sizeof(fields[0]);
	struct csv_record rec;
	struct arena a;
	struct csv r;
	struct buf b;
	struct csvout c;
	size_t i;
	int k;

	(void)state;
	for (k = 0; k < 2; k++) {
		char sep = k ? ';' : ',';

		buf_init(&b);
		arena_init(&a);
		csvout_init(&c, &b, sep, true);
		for (i = 0; i < n; i++)
			csvout_text(&c, fields[i]);
		csvout_end(&c);
		csvout_text(&c, "second");
		csvout_end(&c);
		csv_init(&r, &a, b.data, b.len, sep);
		assert_int_equal(csv_next(&r, &rec), 1);
		assert_int_equal(rec.nfields, n);
		for (i = 0; i < n; i++)
			assert_string_equal(rec.fields[i], fields[i]);
		assert_int_equal(csv_next(&r, &rec), 1);
		assert_int_equal(rec.nfields, 1);
		assert_string_equal(rec.fields[0], "second");
		assert_int_equal(csv_next(&r, &rec), 0);
		arena_cleanup(&a);
		buf_cleanup(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bom_and_rows),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_formula),
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

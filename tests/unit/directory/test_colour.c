/*
 * test_colour.c - the embeddable widget's colours (src/directory/text.c):
 * "#rrggbb" read strictly, and WCAG 2.1's contrast ratio against the
 * figures of its definition.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/str.h"
#include "directory/directory.h"

static void
test_parse(void **state)
{
	unsigned char c[3];

	(void)state;
	assert_int_equal(dir_colour_parse("#0000bf", c), 0);
	assert_int_equal(c[0], 0);
	assert_int_equal(c[1], 0);
	assert_int_equal(c[2], 0xbf);
	assert_int_equal(dir_colour_parse("#A1b2C3", c), 0);
	assert_int_equal(c[0], 0xa1);
	assert_int_equal(c[1], 0xb2);
	assert_int_equal(c[2], 0xc3);
	assert_int_equal(dir_colour_parse("0000bf", c), -1);
	assert_int_equal(dir_colour_parse("#00bf", c), -1);
	assert_int_equal(dir_colour_parse("#0000bf0", c), -1);
	assert_int_equal(dir_colour_parse("#12345g", c), -1);
	assert_int_equal(dir_colour_parse("blue", c), -1);
	assert_int_equal(dir_colour_parse("", c), -1);
	assert_int_equal(dir_colour_parse(NULL, c), -1);
	assert_int_equal(str_hex_value('f'), 15);
	assert_int_equal(str_hex_value('F'), 15);
	assert_int_equal(str_hex_value('9'), 9);
	assert_int_equal(str_hex_value('g'), -1);
}

static void
test_contrast(void **state)
{
	unsigned char black[3] = { 0, 0, 0 }, white[3] = { 255, 255, 255 };
	unsigned char grey[3], link[3], c[3];

	(void)state;
	assert_true(dir_contrast(black, white) > 20.99);
	assert_true(dir_contrast(black, white) < 21.01);
	assert_true(dir_contrast(white, white) == 1.0);
	/* Symmetric. */
	assert_int_equal(dir_colour_parse("#767676", grey), 0);
	assert_true(dir_contrast(grey, white) == dir_contrast(white, grey));
	/* #767676 on white is the lightest grey that passes (4.54:1),
	 * #777777 just fails (4.48:1). */
	assert_true(dir_contrast(grey, white) >= DIR_CONTRAST_MIN);
	assert_int_equal(dir_colour_parse("#777777", c), 0);
	assert_true(dir_contrast(c, white) < DIR_CONTRAST_MIN);
	assert_true(dir_contrast(c, white) > 4.47);
	/* The defaults pass. */
	assert_int_equal(dir_colour_parse(DIR_ACCENT_DEFAULT, link), 0);
	assert_int_equal(dir_colour_parse(DIR_ACCENT_TEXT_DEFAULT, c), 0);
	assert_true(dir_contrast(link, c) >= DIR_CONTRAST_MIN);
	assert_true(dir_contrast(link, white) >= DIR_CONTRAST_MIN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_contrast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

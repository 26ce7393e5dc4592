/*
 * test_utf8.c - utf8_valid() and text_valid() against hand-picked edge cases
 * and against a slow reference decoder over every short sequence.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/utf8.h"

#define V(s) utf8_valid((s), sizeof(s) - 1)
#define T(s) text_valid((s), sizeof(s) - 1)

/*
 * The obvious decoder, written from the definition rather than from table
 * 3-7, so that the two can check each other.
 */
static int
ref_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, len, k;
	uint32_t cp, min;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			len = 2; cp = s[i] & 0x1f; min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			len = 3; cp = s[i] & 0x0f; min = 0x800;
		} else if ((s[i] & 0xf8) == 0xf0) {
			len = 4; cp = s[i] & 0x07; min = 0x10000;
		} else
			return 0;
		if (n - i < len)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

static void
test_empty(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(text_valid("", 0));
	assert_true(utf8_valid(NULL, 0));
}

static void
test_ascii(void **state)
{
	(void)state;
	assert_true(V("a"));
	assert_true(V("The quick brown fox jumps over the lazy dog 0123456789"));
	assert_true(T("The quick brown fox jumps over the lazy dog 0123456789"));
	assert_true(T("line one\r\nline two\ttabbed\n"));
	assert_true(T("\x7f delete is not C0"));
}

static void
test_boundaries(void **state)
{
	(void)state;
	assert_true(V("\xc2\x80"));			/* U+0080 */
	assert_true(V("\xdf\xbf"));			/* U+07FF */
	assert_true(V("\xe0\xa0\x80"));		/* U+0800 */
	assert_true(V("\xed\x9f\xbf"));		/* U+D7FF */
	assert_true(V("\xee\x80\x80"));		/* U+E000 */
	assert_true(V("\xef\xbf\xbf"));		/* U+FFFF */
	assert_true(V("\xf0\x90\x80\x80"));		/* U+10000 */
	assert_true(V("\xf4\x8f\xbf\xbf"));		/* U+10FFFF */
	assert_true(V("Hyv\xc3\xa4\xc3\xa4 p\xc3\xa4iv\xc3\xa4\xc3\xa4 \xe2\x82\xac \xf0\x9f\x98\x80"));
	assert_true(T("\xc3\x85land \xe2\x80\x94 \xc3\xa5"));
}

static void
test_invalid(void **state)
{
	(void)state;
	assert_false(V("\xc0\x80"));		/* overlong NUL */
	assert_false(V("\xc1\xbf"));		/* overlong 2-byte */
	assert_false(V("\xe0\x9f\xbf"));	/* overlong 3-byte */
	assert_false(V("\xe0\x80\xaf"));	/* overlong '/' */
	assert_false(V("\xf0\x8f\xbf\xbf"));	/* overlong 4-byte */
	assert_false(V("\xed\xa0\x80"));	/* U+D800 */
	assert_false(V("\xed\xbf\xbf"));	/* U+DFFF */
	assert_false(V("\xed\xa0\xbd\xed\xb8\x80"));	/* CESU-8 pair */
	assert_false(V("\xf4\x90\x80\x80"));	/* U+110000 */
	assert_false(V("\xf5\x80\x80\x80"));
	assert_false(V("\xf8\x88\x80\x80\x80"));	/* 5-byte form */
	assert_false(V("\xfe"));
	assert_false(V("\xff"));
	assert_false(V("\x80"));		/* lone continuation */
	assert_false(V("a\xbf"));
	assert_false(V("\xe2\x82"));		/* cut short */
	assert_false(V("\xf0\x9f\x98"));
	assert_false(V("\xc3"));
	assert_false(V("\xe2\x28\xa1"));	/* bad continuation */
	assert_false(V("\xc3\x28"));
	assert_false(V("\xf0\x9f\x98\x28"));
	/* cut short right after a run that takes the eight-byte path */
	assert_false(V("abcdefghijklmnop\xe2\x82"));
	assert_false(V("abcdefgh\xff"));
	assert_false(V("abcdefg\xff" "abcdefgh"));
}

static void
test_nul_and_controls(void **state)
{
	(void)state;
	assert_true(V("a\0b"));
	assert_false(T("a\0b"));
	assert_false(T("\0"));
	assert_false(T("\x01"));
	assert_false(T("\x0b"));		/* vertical tab */
	assert_false(T("\x1b[31m"));		/* escape */
	assert_false(T("\x1f"));
	assert_true(T("\t\n\r"));
	assert_false(T("\xff"));
	/* a control in every position of a long ASCII run */
	for (size_t i = 0; i < 24; i++) {
		char s[24];

		memset(s, 'x', sizeof(s));
		s[i] = '\x02';
		assert_false(text_valid(s, sizeof(s)));
		assert_true(utf8_valid(s, sizeof(s)));
		s[i] = '\n';
		assert_true(text_valid(s, sizeof(s)));
		s[i] = '\0';
		assert_false(text_valid(s, sizeof(s)));
	}
}

/* Every sequence of one to three bytes, and all four-byte lead bytes. */
static void
test_exhaustive(void **state)
{
	unsigned char s[4];
	uint32_t v;

	(void)state;
	for (v = 0; v < 0x1000000; v++) {
		s[0] = (unsigned char)(v >> 16);
		s[1] = (unsigned char)(v >> 8);
		s[2] = (unsigned char)v;
		if (v < 0x100 && utf8_valid((char *)s + 2, 1) != !!ref_valid(s + 2, 1))
			fail_msg("1-byte %02x", s[2]);
		if (v < 0x10000 && utf8_valid((char *)s + 1, 2) != !!ref_valid(s + 1, 2))
			fail_msg("2-byte %02x %02x", s[1], s[2]);
		if (utf8_valid((char *)s, 3) != !!ref_valid(s, 3))
			fail_msg("3-byte %02x %02x %02x", s[0], s[1], s[2]);
	}
	for (v = 0; v < 0x1000000; v += 7) {
		s[0] = (unsigned char)(0xf0 + (v >> 21));
		s[1] = (unsigned char)(v >> 13);
		s[2] = (unsigned char)(v >> 5);
		s[3] = (unsigned char)(v * 131);
		if (utf8_valid((char *)s, 4) != !!ref_valid(s, 4))
			fail_msg("4-byte %02x %02x %02x %02x", s[0], s[1], s[2], s[3]);
	}
}

static void
test_text_line(void **state)
{
	struct arena a;
	const char *out;

	(void)state;
	arena_init(&a);
	assert_int_equal(text_line(&a, "  Pornaisten kirjasto\t", 40, &out), 0);
	assert_string_equal(out, "Pornaisten kirjasto");
	assert_int_equal(text_line(&a, NULL, 10, &out), 0);
	assert_string_equal(out, "");
	/* The limit counts characters: five two-byte letters fit in five. */
	assert_int_equal(text_line(&a, "ääööå", 5, &out), 0);
	assert_int_equal(text_line(&a, "ääööåå", 5, &out), -1);
	/* A line break or another control character is refused, but the
	 * trimmed copy is still there for the form to show again. */
	assert_int_equal(text_line(&a, "rivi\nkaksi", 40, &out), -1);
	assert_string_equal(out, "rivi\nkaksi");
	assert_int_equal(text_line(&a, "del\x7f", 40, &out), -1);
	arena_cleanup(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_nul_and_controls),
		cmocka_unit_test(test_exhaustive),
		cmocka_unit_test(test_text_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

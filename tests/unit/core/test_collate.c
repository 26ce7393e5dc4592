/*
 * test_collate.c - Finnish/Swedish alphabetical order: å, ä, ö after z,
 * case folding, ü as y, é as e, prefixes, and a sorted list.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/collate.h"

/* The sign of collate_fi(a, b), checked to be antisymmetric. */
static int
order(const char *a, const char *b)
{
	int x = collate_fi(a, b), y = collate_fi(b, a);

	x = (x > 0) - (x < 0);
	y = (y > 0) - (y < 0);
	assert_int_equal(x, -y);
	return x;
}

#define BEFORE(a, b) assert_int_equal(order((a), (b)), -1)
#define SAME(a, b) assert_int_equal(order((a), (b)), 0)

static void
test_ascii(void **state)
{
	(void)state;
	SAME("", "");
	SAME("Helsinki", "Helsinki");
	BEFORE("Aa", "Ab");
	BEFORE("Espoo", "Helsinki");
	BEFORE("", "a");
	BEFORE("Lohja", "Loviisa");
	BEFORE("Vantaa", "Vihti");
	/* Digits and punctuation by code point. */
	BEFORE("1", "A");
	BEFORE("A-b", "Ab");
}

static void
test_prefix(void **state)
{
	(void)state;
	BEFORE("Ab", "Abc");
	BEFORE("Porvoo", "Porvoon");
	BEFORE("Å", "Åland");
	BEFORE("Kerava", "Kerava ");
	/* Longer but smaller at the first difference still sorts first. */
	BEFORE("Aaaa", "Ab");
}

static void
test_case(void **state)
{
	(void)state;
	SAME("helsinki", "HELSINKI");
	SAME("HeLsInKi", "hElSiNkI");
	SAME("åäö", "ÅÄÖ");
	SAME("Åland", "åland");
	SAME("ÖJA", "öja");
	BEFORE("abc", "ABD");
	BEFORE("ABC", "abd");
	/* Case does not decide between different letters. */
	BEFORE("a", "B");
	BEFORE("A", "b");
}

static void
test_nordic_letters(void **state)
{
	(void)state;
	BEFORE("Zürich", "Åland");
	BEFORE("zzz", "å");
	BEFORE("å", "ä");
	BEFORE("ä", "ö");
	BEFORE("Å", "Ä");
	BEFORE("Ä", "Ö");
	BEFORE("Zz", "Öb");
	BEFORE("Myrskylä", "Mäntsälä");
	BEFORE("Mäntsälä", "Mörskom");
	BEFORE("Borgnäs", "Borgå");
	BEFORE("Hangö", "Helsingfors");
	BEFORE("Hyvinge", "Högfors");
	/* Byte order would put Ä (C3 84) before Å (C3 85). */
	assert_true(strcmp("Ä", "Å") < 0);
	BEFORE("Å", "Ä");
	/* Danish/Norwegian letters share the weights of ä and ö. */
	SAME("æ", "ä");
	SAME("Ø", "ö");
}

static void
test_y_and_e(void **state)
{
	(void)state;
	SAME("Müller", "Myller");
	SAME("MÜLLER", "myller");
	BEFORE("Müller", "Mz");
	BEFORE("Mx", "Müller");
	BEFORE("Zürich", "Zz");
	SAME("Café", "cafe");
	SAME("CAFÉ", "cafe");
	BEFORE("Café", "Caff");
	BEFORE("Cafd", "Café");
}

static void
test_other_characters(void **state)
{
	(void)state;
	/* Other non-ASCII letters compare by code point, after å ä ö. */
	BEFORE("ö", "ß");
	BEFORE("Ω", "€");
	BEFORE("z", "Ω");
	/* Invalid or cut-short bytes do not read past the end. */
	BEFORE("\xc3\xa5", "\xc3");	/* a lone lead byte weighs 0xC3 */
	BEFORE("a\xe2", "a\xe2\x82\xac");
	SAME("\xff", "\xff");
	BEFORE("a", "\xff");
}

static int
cmp(const void *x, const void *y)
{
	return collate_fi(*(const char *const *)x, *(const char *const *)y);
}

static void
test_sort(void **state)
{
	const char *names[] = {
		"Öja", "Zürich", "ähtäri", "Åland", "aura", "Ylöjärvi", "Espoo",
		"Äänekoski", "Oulu", "Vöyri", "Vaasa", "Åbo", "Abo", "Ekenäs",
		"Éura",
	};
	const char *want[] = {
		"Abo", "aura", "Ekenäs", "Espoo", "Éura", "Oulu", "Vaasa",
		"Vöyri", "Ylöjärvi", "Zürich", "Åbo", "Åland", "ähtäri",
		"Äänekoski", "Öja",
	};
	size_t i, n = sizeof(names) / sizeof(names[0]);

	(void)state;
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	qsort(names, n, sizeof(names[0]), cmp);
	for (i = 0; i < n; i++)
		assert_string_equal(names[i], want[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_nordic_letters),
		cmocka_unit_test(test_y_and_e),
		cmocka_unit_test(test_other_characters),
		cmocka_unit_test(test_sort),
	};

	return cmocka_run_group_tests_name("collate", tests, NULL, NULL);
}

/*
 * test_i18n.c - languages and lookups in the catalogue compiled from
 * locale/{fi,sv,en}.po by po2c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "view/i18n.h"

static void
test_text(void **state)
{
	(void)state;
	assert_string_equal(i18n_text(LANG_FI, "Skip to main content"),
	    "Siirry pääsisältöön");
	assert_string_equal(i18n_text(LANG_SV, "Skip to main content"),
	    "Hoppa till huvudinnehållet");
	assert_string_equal(i18n_text(LANG_EN, "Skip to main content"),
	    "Skip to main content");
	assert_string_equal(i18n_text(LANG_FI, "Front page"), "Etusivu");
	assert_string_equal(i18n_text(LANG_SV, "Front page"), "Startsida");
	assert_string_equal(i18n_text(LANG_FI, "Municipalities"), "Kunnat");
	assert_string_equal(i18n_text(LANG_SV, "Municipalities"), "Kommuner");
}

/* Every starter msgid is found in all three languages (the bisection). */
static void
test_text_all(void **state)
{
	static const char *const ids[] = {
		"Front page", "Language", "Municipalities", "Page not found",
		"Skip to main content", "Uusimaa digital support network",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_string_not_equal(i18n_text(LANG_FI, ids[i]), ids[i]);
		assert_string_not_equal(i18n_text(LANG_SV, ids[i]), ids[i]);
		/* en.po leaves msgstr empty: the English text is the msgid. */
		assert_string_equal(i18n_text(LANG_EN, ids[i]), ids[i]);
	}
}

static void
test_text_unknown(void **state)
{
	static const char id[] = "No such message";

	(void)state;
	assert_ptr_equal(i18n_text(LANG_FI, id), id);
	assert_ptr_equal(i18n_text(LANG_SV, "A"), "A");
	assert_string_equal(i18n_text(LANG_EN, "zzz"), "zzz");
	assert_string_equal(i18n_text(LANG_FI, ""), "");
	/* Prefixes and extensions of a msgid are different messages. */
	assert_string_equal(i18n_text(LANG_FI, "Front"), "Front");
	assert_string_equal(i18n_text(LANG_FI, "Front page "), "Front page ");
}

/* A call site's slot: the same text as i18n_text() in every language,
 * the row kept after the first call; an unknown msgid keeps no row. */
static void
test_text_at(void **state)
{
	static const char unknown[] = "No such message";
	i18n_slot slot = NULL, none = NULL;
	int l;

	(void)state;
	for (l = 0; l < LANG_COUNT; l++) {
		assert_ptr_equal(i18n_text_at((enum lang)l, "Front page", &slot),
		    i18n_text((enum lang)l, "Front page"));
		assert_non_null(atomic_load(&slot));
	}
	assert_string_equal(i18n_text_at(LANG_SV, "Front page", &slot),
	    i18n_text(LANG_SV, "Front page"));
	assert_ptr_equal(i18n_text_at(LANG_FI, unknown, &none), unknown);
	assert_null(atomic_load(&none));
}

static void
test_lang_code(void **state)
{
	(void)state;
	assert_string_equal(lang_code(LANG_FI), "fi");
	assert_string_equal(lang_code(LANG_SV), "sv");
	assert_string_equal(lang_code(LANG_EN), "en");
}

static void
test_lang_parse(void **state)
{
	enum lang l;

	(void)state;
	assert_int_equal(lang_parse("fi", 2, &l), 0);
	assert_int_equal(l, LANG_FI);
	assert_int_equal(lang_parse("sv", 2, &l), 0);
	assert_int_equal(l, LANG_SV);
	assert_int_equal(lang_parse("en", 2, &l), 0);
	assert_int_equal(l, LANG_EN);
	assert_int_equal(lang_parse("SV", 2, &l), 0);
	assert_int_equal(l, LANG_SV);
	/* Only the n bytes count: a slice of "en-GB" is "en". */
	assert_int_equal(lang_parse("en-GB", 2, &l), 0);
	assert_int_equal(l, LANG_EN);
	l = LANG_SV;
	assert_int_equal(lang_parse("fi", 1, &l), -1);
	assert_int_equal(lang_parse("fin", 3, &l), -1);
	assert_int_equal(lang_parse("de", 2, &l), -1);
	assert_int_equal(lang_parse("", 0, &l), -1);
	assert_int_equal(lang_parse(NULL, 0, &l), -1);
	assert_int_equal(l, LANG_SV);
}

static void
test_pick(void **state)
{
	enum lang got;

	(void)state;
	/* The wanted language when it is there. */
	assert_string_equal(i18n_pick(LANG_SV, "fi", "sv", "en", &got), "sv");
	assert_int_equal(got, LANG_SV);
	assert_string_equal(i18n_pick(LANG_EN, "fi", "sv", "en", &got), "en");
	assert_int_equal(got, LANG_EN);
	assert_string_equal(i18n_pick(LANG_FI, "fi", "sv", "en", &got), "fi");
	assert_int_equal(got, LANG_FI);

	/* Otherwise Finnish, then Swedish, then English. */
	assert_string_equal(i18n_pick(LANG_EN, "fi", "sv", "", &got), "fi");
	assert_int_equal(got, LANG_FI);
	assert_string_equal(i18n_pick(LANG_EN, NULL, "sv", NULL, &got), "sv");
	assert_int_equal(got, LANG_SV);
	assert_string_equal(i18n_pick(LANG_SV, "fi", NULL, "en", &got), "fi");
	assert_int_equal(got, LANG_FI);
	assert_string_equal(i18n_pick(LANG_FI, "", "sv", "en", &got), "sv");
	assert_int_equal(got, LANG_SV);
	assert_string_equal(i18n_pick(LANG_FI, NULL, "", "en", &got), "en");
	assert_int_equal(got, LANG_EN);
	assert_string_equal(i18n_pick(LANG_SV, "", "", "en", &got), "en");
	assert_int_equal(got, LANG_EN);

	/* Nothing at all: "" in the wanted language. */
	got = LANG_EN;
	assert_string_equal(i18n_pick(LANG_SV, NULL, "", NULL, &got), "");
	assert_int_equal(got, LANG_SV);

	/* picked may be NULL. */
	assert_string_equal(i18n_pick(LANG_FI, NULL, NULL, "en", NULL), "en");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_all),
		cmocka_unit_test(test_text_unknown),
		cmocka_unit_test(test_text_at),
		cmocka_unit_test(test_lang_code),
		cmocka_unit_test(test_lang_parse),
		cmocka_unit_test(test_pick),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

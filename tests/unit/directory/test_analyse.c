/*
 * test_analyse.c - the search analyser (directory/analyse.c) with the real
 * Voikko dictionary and Snowball stemmers: Finnish inflections and
 * compounds meet in the index, Swedish and English words meet their stems,
 * folding keeps å ä ö, and queries mark their last word as a prefix.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "directory/analyse.h"

/* Whether the space-separated terms hold term. */
static bool
has(const char *terms, const char *term)
{
	size_t n = strlen(term);
	const char *p = terms;

	while ((p = strstr(p, term)) != NULL) {
		if ((p == terms || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
		p += n;
	}
	return false;
}

static const char *
terms(enum lang l, const char *text, struct buf *b)
{
	b->len = 0;
	analyse_terms(analyser_thread(), l, text, b);
	return buf_cstr(b);
}

/* Whether every word of a query meets the indexed text. */
static bool
finds(enum lang l, const char *query, const char *text)
{
	struct arena a;
	struct buf b;
	struct analysed_word *w;
	size_t n, i, k;
	bool all = true;

	arena_init(&a);
	buf_init(&b);
	analyse_terms(analyser_thread(), l, text, &b);
	n = analyse_query(analyser_thread(), &a, l, query, false, &w);
	for (i = 0; i < n; i++) {
		bool any = false;

		for (k = 0; k < w[i].nterms; k++)
			any = any || has(buf_cstr(&b), w[i].terms[k]);
		all = all && any;
	}
	buf_cleanup(&b);
	arena_cleanup(&a);
	return n > 0 && all;
}

static void
test_fold(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	analyse_fold("ÅÄÖ åäö Éric Müller Łódź Ærø ß", strlen("ÅÄÖ åäö Éric Müller Łódź Ærø ß"), &b);
	assert_string_equal(buf_cstr(&b), "åäö åäö eric muller lodz ärö ss");
	buf_cleanup(&b);
}

static void
test_finnish(void **state)
{
	struct buf b;
	const char *t;

	(void)state;
	assert_non_null(analyser_thread());
	buf_init(&b);
	t = terms(LANG_FI, "Apua pankkitunnuksilla kirjastossa", &b);
	assert_true(has(t, "pankkitunnuksilla"));	/* as written */
	assert_true(has(t, "pankkitunnus"));		/* base form */
	assert_true(has(t, "pankki"));			/* compound parts */
	assert_true(has(t, "tunnus"));
	assert_true(has(t, "kirjasto"));
	/* Derivational endings stay with their part. */
	t = terms(LANG_FI, "lähiliikuntapaikka", &b);
	assert_true(has(t, "lähi"));
	assert_true(has(t, "liikunta"));
	assert_true(has(t, "paikka"));
	assert_false(has(t, "nta"));
	/* Each term once. */
	t = terms(LANG_FI, "kirjasto kirjastossa kirjastoon", &b);
	assert_ptr_equal(strstr(t, "kirjasto "), t);
	assert_null(strstr(t + 1, " kirjasto "));
	buf_cleanup(&b);

	assert_true(finds(LANG_FI, "tunnukset", "Neuvontaa pankkitunnuksissa"));
	assert_true(finds(LANG_FI, "pankkitunnuksilla", "Pankkitunnus ja mobiilivarmenne"));
	assert_true(finds(LANG_FI, "Kirjastoon", "Pornaisten kirjasto"));
	assert_true(finds(LANG_FI, "lähiliikuntapaikka", "Lähiliikuntapaikat"));
	assert_false(finds(LANG_FI, "pankkitunnus", "Pankin aukioloajat"));
	assert_false(finds(LANG_FI, "kirjasto", "Kansalaisopisto"));
}

static void
test_swedish_english(void **state)
{
	(void)state;
	assert_true(finds(LANG_SV, "bankkoder", "Hjälp med bankkoderna"));
	assert_true(finds(LANG_SV, "bibliotekets", "Borgå biblioteket"));
	assert_true(finds(LANG_SV, "Borgå", "BORGÅ"));
	assert_true(finds(LANG_EN, "libraries", "The library helps"));
	assert_true(finds(LANG_EN, "BANKING", "online banking codes"));
	assert_false(finds(LANG_EN, "bank", "a river shore"));
}

static void
test_query(void **state)
{
	struct arena a;
	struct analysed_word *w;
	size_t n;

	(void)state;
	arena_init(&a);
	n = analyse_query(analyser_thread(), &a, LANG_FI, "  pankki, tunn", true, &w);
	assert_int_equal(n, 2);
	assert_false(w[0].prefix);
	assert_true(w[1].prefix);
	assert_string_equal(w[1].terms[0], "tunn");
	/* A space after the last word: finished, not a prefix. */
	n = analyse_query(analyser_thread(), &a, LANG_FI, "pankki tunnus ", true, &w);
	assert_int_equal(n, 2);
	assert_false(w[1].prefix);
	/* Nothing but separators and symbols: no words. */
	n = analyse_query(analyser_thread(), &a, LANG_FI, " ,;–—!? ", true, &w);
	assert_int_equal(n, 0);
	/* At most 16 words; a 65-byte run is no word. */
	n = analyse_query(analyser_thread(), &a, LANG_SV,
	    "a b c d e f g h i j k l m n o p q r s t", true, &w);
	assert_int_equal(n, 16);
	n = analyse_query(analyser_thread(), &a, LANG_EN,
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ok", true, &w);
	assert_int_equal(n, 1);
	assert_string_equal(w[0].terms[0], "ok");
	/* Invalid UTF-8 is a separator, not a crash. */
	n = analyse_query(analyser_thread(), &a, LANG_FI, "kirja\xff\xfe" "sto", false, &w);
	assert_int_equal(n, 2);
	arena_cleanup(&a);
	analyser_thread_close();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_finnish),
		cmocka_unit_test(test_swedish_english),
		cmocka_unit_test(test_query),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_parse.c - url_decode, path_decode, form_parse, cookie_parse and
 * accept_language_pick, with every error class.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/parse.h"

#define L(s) (s), (sizeof(s) - 1)

static int
setup(void **state)
{
	struct arena *a = malloc(sizeof(*a));

	if (a == NULL)
		return -1;
	arena_init(a);
	*state = a;
	return 0;
}

static int
teardown(void **state)
{
	arena_cleanup(*state);
	free(*state);
	return 0;
}

static void
test_msgid(void **state)
{
	enum parse_err e;
	const char *m[PARSE_ABORTED + 1];

	(void)state;
	assert_null(parse_err_msgid(PARSE_OK));
	for (e = PARSE_BAD_ENCODING; e <= PARSE_ABORTED; e++) {
		m[e] = parse_err_msgid(e);
		assert_non_null(m[e]);
		assert_true(strlen(m[e]) > 10);
		for (enum parse_err f = PARSE_BAD_ENCODING; f < e; f++)
			assert_string_not_equal(m[e], m[f]);
	}
}

static void
test_token(void **state)
{
	(void)state;
	assert_true(token_valid(L("session")));
	assert_true(token_valid(L("!#$%&'*+-.^_`|~09azAZ")));
	assert_false(token_valid(L("")));
	assert_false(token_valid(L("a b")));
	assert_false(token_valid(L("a:b")));
	assert_false(token_valid(L("a=b")));
	assert_false(token_valid(L("\"a\"")));
	assert_false(token_valid(L("a\0b")));
	assert_false(token_valid(L("\xc3\xa4")));
}

/* Decodes s and checks the result, or the error and that *out is cleared. */
static void
check_url(struct arena *a, const char *s, size_t n, bool plus,
    enum parse_err want, const char *result)
{
	struct str out = STR_LIT("junk");
	enum parse_err got = url_decode(a, s, n, plus, &out);

	if (got != want)
		fail_msg("url_decode(\"%.*s\"): got %d, want %d", (int)n, s,
		    got, want);
	if (want != PARSE_OK) {
		assert_null(out.ptr);
		assert_int_equal(out.len, 0);
		return;
	}
	assert_non_null(out.ptr);
	assert_int_equal(out.len, strlen(result));
	assert_memory_equal(out.ptr, result, out.len);
	assert_int_equal(out.ptr[out.len], '\0');
}

#define URL(s, plus, want, res) check_url(a, L(s), plus, want, res)

static void
test_url_decode(void **state)
{
	struct arena *a = *state;

	URL("", true, PARSE_OK, "");
	URL("plain", true, PARSE_OK, "plain");
	URL("a+b", true, PARSE_OK, "a b");
	URL("a+b", false, PARSE_OK, "a+b");
	URL("%2B", true, PARSE_OK, "+");
	URL("%41%42c", true, PARSE_OK, "ABc");
	URL("%c3%a4%C3%A4", true, PARSE_OK, "\xc3\xa4\xc3\xa4");
	URL("hello+world%21", true, PARSE_OK, "hello world!");
	URL("line%0D%0Anext%09", true, PARSE_OK, "line\r\nnext\t");
	URL("%25", true, PARSE_OK, "%");
	URL("%2525", true, PARSE_OK, "%25");
	URL("\xc3\xa4", true, PARSE_OK, "\xc3\xa4");	/* raw UTF-8 */
	URL("%F0%9F%98%80", true, PARSE_OK, "\xf0\x9f\x98\x80");

	URL("%", true, PARSE_BAD_ENCODING, NULL);
	URL("%4", true, PARSE_BAD_ENCODING, NULL);
	URL("abc%4", true, PARSE_BAD_ENCODING, NULL);
	URL("abc%", true, PARSE_BAD_ENCODING, NULL);
	URL("%zz", true, PARSE_BAD_ENCODING, NULL);
	URL("%4g", true, PARSE_BAD_ENCODING, NULL);
	URL("%g4", true, PARSE_BAD_ENCODING, NULL);
	URL("%%41", true, PARSE_BAD_ENCODING, NULL);
	URL("% 41", true, PARSE_BAD_ENCODING, NULL);
	URL("100%", false, PARSE_BAD_ENCODING, NULL);

	URL("%C3%28", true, PARSE_BAD_UTF8, NULL);
	URL("%C3", true, PARSE_BAD_UTF8, NULL);
	URL("%ff", true, PARSE_BAD_UTF8, NULL);
	URL("%C0%AF", true, PARSE_BAD_UTF8, NULL);	/* overlong '/' */
	URL("%ED%A0%80", true, PARSE_BAD_UTF8, NULL);	/* surrogate */
	URL("\xff", true, PARSE_BAD_UTF8, NULL);
	URL("%00", true, PARSE_BAD_UTF8, NULL);
	URL("a%00b", false, PARSE_BAD_UTF8, NULL);
	check_url(a, "a\0b", 3, true, PARSE_BAD_UTF8, NULL);
}

/* Like check_url(), for path_decode(). */
static void
check_path(struct arena *a, const char *s, size_t n, enum parse_err want,
    const char *result)
{
	struct str out = STR_LIT("junk");
	enum parse_err got = path_decode(a, s, n, &out);

	if (got != want)
		fail_msg("path_decode(\"%.*s\"): got %d, want %d", (int)n, s,
		    got, want);
	if (want != PARSE_OK) {
		assert_null(out.ptr);
		return;
	}
	assert_int_equal(out.len, strlen(result));
	assert_string_equal(out.ptr, result);
}

#define PATH(s, want, res) check_path(a, L(s), want, res)

static void
test_path_decode(void **state)
{
	struct arena *a = *state;

	PATH("", PARSE_OK, "");
	PATH("/", PARSE_OK, "/");
	PATH("/events/42", PARSE_OK, "/events/42");
	PATH("/a%20b", PARSE_OK, "/a b");
	PATH("/a+b", PARSE_OK, "/a+b");
	PATH("/a%2Fb", PARSE_OK, "/a/b");	/* documented: %2F is allowed */
	PATH("/kunnat/J%C3%A4rvenp%C3%A4%C3%A4", PARSE_OK,
	    "/kunnat/J\xc3\xa4rvenp\xc3\xa4\xc3\xa4");
	PATH("/%", PARSE_BAD_ENCODING, NULL);
	PATH("/%2", PARSE_BAD_ENCODING, NULL);
	PATH("/%zz", PARSE_BAD_ENCODING, NULL);
	PATH("/%00", PARSE_BAD_UTF8, NULL);
	PATH("/a%0D%0ALocation:x", PARSE_BAD_UTF8, NULL);
	PATH("/a%09", PARSE_BAD_UTF8, NULL);
	PATH("/a%7F", PARSE_BAD_UTF8, NULL);
	PATH("/a\x01", PARSE_BAD_UTF8, NULL);
	PATH("/%C3%28", PARSE_BAD_UTF8, NULL);
	PATH("/\xe2\x82", PARSE_BAD_UTF8, NULL);
}

static void
test_form_basic(void **state)
{
	struct arena *a = *state;
	struct kv_list l;

	assert_int_equal(form_parse(a, "", 0, &l), PARSE_OK);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
	assert_null(kv_get(&l, "a"));
	assert_int_equal(kv_count(&l, "a"), 0);

	assert_int_equal(form_parse(a, L("&&&"), &l), PARSE_OK);
	assert_int_equal(l.n, 0);

	assert_int_equal(form_parse(a, L("a=1&b=two+words&c=%C3%A4"), &l),
	    PARSE_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].name, "a");
	assert_string_equal(l.items[0].value, "1");
	assert_int_equal(l.items[0].value_len, 1);
	assert_string_equal(kv_get(&l, "b"), "two words");
	assert_string_equal(kv_get(&l, "c"), "\xc3\xa4");
	assert_int_equal(l.items[2].value_len, 2);
	assert_null(kv_get(&l, "d"));

	/* empty pairs skipped, trailing and leading '&' included */
	assert_int_equal(form_parse(a, L("&a=1&&b=2&"), &l), PARSE_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[1].name, "b");

	/* key without '=', empty value, empty name, '=' in the value */
	assert_int_equal(form_parse(a, L("flag&e=&=v&x=1=2&y==&+=+"), &l),
	    PARSE_OK);
	assert_int_equal(l.n, 6);
	assert_string_equal(kv_get(&l, "flag"), "");
	assert_int_equal(l.items[0].value_len, 0);
	assert_string_equal(kv_get(&l, "e"), "");
	assert_string_equal(kv_get(&l, ""), "v");
	assert_string_equal(kv_get(&l, "x"), "1=2");
	assert_string_equal(kv_get(&l, "y"), "=");
	assert_string_equal(kv_get(&l, " "), " ");

	/* encoded separators are data */
	assert_int_equal(form_parse(a, L("a%3Db=c%26d"), &l), PARSE_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "a=b"), "c&d");

	/* textarea line breaks survive */
	assert_int_equal(form_parse(a, L("notes=one%0D%0Atwo"), &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "notes"), "one\r\ntwo");
	assert_int_equal(l.items[0].value_len, 8);
}

static void
test_form_repeated(void **state)
{
	struct arena *a = *state;
	struct kv_list l;

	assert_int_equal(form_parse(a, L("topic=1&x=y&topic=2&topic=3"), &l),
	    PARSE_OK);
	assert_int_equal(kv_count(&l, "topic"), 3);
	assert_int_equal(kv_count(&l, "x"), 1);
	assert_int_equal(kv_count(&l, "top"), 0);
	assert_string_equal(kv_get(&l, "topic"), "1");
}

static void
test_form_errors(void **state)
{
	struct arena *a = *state;
	struct kv_list l;

	assert_int_equal(form_parse(a, L("a=1&b=%zz"), &l), PARSE_BAD_ENCODING);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
	assert_int_equal(form_parse(a, L("a=1&b%=2"), &l), PARSE_BAD_ENCODING);
	assert_int_equal(form_parse(a, L("a=%"), &l), PARSE_BAD_ENCODING);
	assert_int_equal(form_parse(a, L("a=%4"), &l), PARSE_BAD_ENCODING);
	assert_int_equal(form_parse(a, L("a=1&b=%C3%28"), &l), PARSE_BAD_UTF8);
	assert_int_equal(l.n, 0);
	assert_int_equal(form_parse(a, L("%FF=1"), &l), PARSE_BAD_UTF8);
	assert_int_equal(form_parse(a, L("a=%00"), &l), PARSE_BAD_UTF8);
}

static void
test_form_limits(void **state)
{
	struct arena *a = *state;
	struct kv_list l;
	char buf[8192], *p;
	size_t i;

	/* name of exactly PARSE_NAME_MAX bytes, then one more */
	memset(buf, 'n', PARSE_NAME_MAX + 1);
	memcpy(buf + PARSE_NAME_MAX, "=v", 2);
	assert_int_equal(form_parse(a, buf, PARSE_NAME_MAX + 2, &l), PARSE_OK);
	assert_int_equal(strlen(l.items[0].name), PARSE_NAME_MAX);
	memset(buf, 'n', PARSE_NAME_MAX + 1);
	memcpy(buf + PARSE_NAME_MAX + 1, "=v", 2);
	assert_int_equal(form_parse(a, buf, PARSE_NAME_MAX + 3, &l),
	    PARSE_TOO_LONG);
	assert_int_equal(l.n, 0);
	/* without '=' too */
	assert_int_equal(form_parse(a, buf, PARSE_NAME_MAX + 1, &l),
	    PARSE_TOO_LONG);
	/* the limit is on the decoded name: 256 x "%41" is fine */
	for (i = 0, p = buf; i < PARSE_NAME_MAX; i++, p += 3)
		memcpy(p, "%41", 3);
	assert_int_equal(form_parse(a, buf, (size_t)(p - buf), &l), PARSE_OK);
	assert_int_equal(strlen(l.items[0].name), PARSE_NAME_MAX);
	/* long values are not limited here */
	memset(buf, 'v', sizeof(buf));
	memcpy(buf, "v=", 2);
	assert_int_equal(form_parse(a, buf, sizeof(buf), &l), PARSE_OK);
	assert_int_equal(l.items[0].value_len, sizeof(buf) - 2);

	/* 256 fields pass, 257 do not, empty pairs do not count */
	for (i = 0, p = buf; i < PARSE_FIELDS_MAX; i++)
		p += sprintf(p, "f%zu=%zu&&", i, i);
	assert_int_equal(form_parse(a, buf, (size_t)(p - buf), &l), PARSE_OK);
	assert_int_equal(l.n, PARSE_FIELDS_MAX);
	assert_string_equal(kv_get(&l, "f255"), "255");
	memcpy(p, "x", 1);
	assert_int_equal(form_parse(a, buf, (size_t)(p - buf) + 1, &l),
	    PARSE_TOO_MANY);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
	/* TOO_MANY is reported before any decoding error */
	memcpy(p, "%", 1);
	assert_int_equal(form_parse(a, buf, (size_t)(p - buf) + 1, &l),
	    PARSE_TOO_MANY);
}

static void
test_cookie(void **state)
{
	struct arena *a = *state;
	struct kv_list l;

	assert_int_equal(cookie_parse(a, "", 0, &l), PARSE_OK);
	assert_int_equal(l.n, 0);
	assert_null(l.items);

	assert_int_equal(cookie_parse(a, L("sid=abc123"), &l), PARSE_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "sid"), "abc123");
	assert_int_equal(l.items[0].value_len, 6);

	assert_int_equal(cookie_parse(a, L("a=b; c=\"d\"; lang=sv"), &l),
	    PARSE_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "a"), "b");
	assert_string_equal(kv_get(&l, "c"), "d");
	assert_int_equal(l.items[1].value_len, 1);
	assert_string_equal(kv_get(&l, "lang"), "sv");

	/* odd spacing, empty and quoted-empty values, '=' inside values */
	assert_int_equal(cookie_parse(a,
	    L("  a = 1 ;b=;\tc=\"\";;  d=x==  ;"), &l), PARSE_OK);
	assert_int_equal(l.n, 4);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "");
	assert_string_equal(kv_get(&l, "c"), "");
	assert_string_equal(kv_get(&l, "d"), "x==");

	/* malformed pairs are skipped, not fatal */
	assert_int_equal(cookie_parse(a, L("noequals; =x; a b=c; bad=\"x; "
	    "q=a\\b; sp=a b; c=d,e; u=\xc3\xa4; \"n\"=1; ok=1; "
	    "ctl=a\x01; half=\"; end=\"z"), &l), PARSE_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].name, "ok");

	/* duplicates keep their order; the first wins in kv_get */
	assert_int_equal(cookie_parse(a, L("sid=new; sid=old"), &l), PARSE_OK);
	assert_int_equal(kv_count(&l, "sid"), 2);
	assert_string_equal(kv_get(&l, "sid"), "new");

	/* the header need not be NUL-terminated */
	assert_int_equal(cookie_parse(a, "a=1; b=2", 5, &l), PARSE_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "a"), "1");
}

static void
test_cookie_limit(void **state)
{
	struct arena *a = *state;
	struct kv_list l;
	char buf[4096], *p = buf;
	size_t i;

	for (i = 0; i < 100; i++)
		p += sprintf(p, "junk %zu; ", i);
	for (i = 0; i < PARSE_COOKIES_MAX; i++)
		p += sprintf(p, "c%zu=%zu; ", i, i);
	assert_int_equal(cookie_parse(a, buf, (size_t)(p - buf), &l),
	    PARSE_OK);
	assert_int_equal(l.n, PARSE_COOKIES_MAX);
	assert_string_equal(kv_get(&l, "c63"), "63");
	p += sprintf(p, "one=more");
	assert_int_equal(cookie_parse(a, buf, (size_t)(p - buf), &l),
	    PARSE_TOO_MANY);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
}

static const struct {
	const char *header;
	enum lang fallback;
	enum lang want;
} lang_cases[] = {
	{ NULL, LANG_FI, LANG_FI },
	{ NULL, LANG_SV, LANG_SV },
	{ "", LANG_FI, LANG_FI },
	{ "   ", LANG_EN, LANG_EN },
	{ "fi", LANG_EN, LANG_FI },
	{ "sv", LANG_FI, LANG_SV },
	{ "en", LANG_FI, LANG_EN },
	{ "FI", LANG_EN, LANG_FI },
	{ "Sv-fi", LANG_FI, LANG_SV },
	{ "en-GB", LANG_FI, LANG_EN },
	/* real browser headers */
	{ "fi-FI,fi;q=0.9,en-US;q=0.8,en;q=0.7", LANG_SV, LANG_FI },
	{ "sv-FI,sv;q=0.9,en;q=0.8", LANG_FI, LANG_SV },
	{ "en-US,en;q=0.5", LANG_FI, LANG_EN },
	{ "de-DE,de;q=0.9,sv;q=0.5,en;q=0.4", LANG_FI, LANG_SV },
	{ "ru-RU, ru;q=0.9, en-US;q=0.8, en;q=0.7, fi;q=0.6", LANG_FI,
	    LANG_EN },
	/* highest q wins regardless of order; ties go to the first */
	{ "de;q=1, sv;q=0.3, en;q=0.7", LANG_FI, LANG_EN },
	{ "en;q=0.1, fi;q=0.2", LANG_SV, LANG_FI },
	{ "sv;q=0.5, fi;q=0.5", LANG_EN, LANG_SV },
	{ "en, fi", LANG_SV, LANG_EN },
	{ "fi;q=0.500, sv;q=0.5", LANG_EN, LANG_FI },
	{ "sv;q=0.001, en;q=0", LANG_FI, LANG_SV },
	/* q=0 means not acceptable */
	{ "fi;q=0", LANG_SV, LANG_SV },
	{ "fi;q=0.000, en;q=0.1", LANG_SV, LANG_EN },
	/* unknown languages and the wildcard */
	{ "de", LANG_SV, LANG_SV },
	{ "fil", LANG_EN, LANG_EN },		/* Filipino is not fi */
	{ "fin", LANG_EN, LANG_EN },
	{ "svenska", LANG_FI, LANG_FI },
	{ "*", LANG_SV, LANG_SV },
	{ "de, *;q=0.5, sv;q=0.4", LANG_EN, LANG_EN },
	{ "sv;q=0.4, *;q=0.5", LANG_EN, LANG_EN },
	{ "*;q=0.1, fi;q=0.2", LANG_EN, LANG_FI },
	{ "x-klingon, en;q=0.5", LANG_FI, LANG_EN },
	{ "sv-123, en;q=0.5", LANG_FI, LANG_SV },
	{ "zh-Hant-TW, sv;q=0.1", LANG_EN, LANG_SV },
	/* tolerated whitespace and empty list elements */
	{ " fi ; q=0.2 ,\tsv;Q=0.3 ", LANG_EN, LANG_SV },
	{ ",,en,,", LANG_FI, LANG_EN },
	{ "fi;q=1.000", LANG_SV, LANG_FI },
	{ "fi;q=1.", LANG_SV, LANG_FI },
	{ "sv;q=0.", LANG_FI, LANG_FI },	/* "0." is a valid zero */
	/* malformed headers give the fallback */
	{ "sv;q=1.001", LANG_FI, LANG_FI },
	{ "sv;q=2", LANG_FI, LANG_FI },
	{ "sv;q=0.1234", LANG_FI, LANG_FI },
	{ "sv;q=.5", LANG_FI, LANG_FI },
	{ "sv;q=", LANG_FI, LANG_FI },
	{ "sv;q", LANG_FI, LANG_FI },
	{ "sv;", LANG_FI, LANG_FI },
	{ "sv;level=1", LANG_FI, LANG_FI },
	{ "sv;q=0.5;q=0.6", LANG_FI, LANG_FI },
	{ "sv en", LANG_FI, LANG_FI },
	{ "en_US", LANG_FI, LANG_FI },
	{ "sv-", LANG_FI, LANG_FI },
	{ "-sv", LANG_FI, LANG_FI },
	{ "sv--fi", LANG_FI, LANG_FI },
	{ "abcdefghi", LANG_SV, LANG_SV },
	{ "sv-abcdefghi", LANG_FI, LANG_FI },
	{ "1sv", LANG_FI, LANG_FI },
	{ "sv, \xc3\xa4", LANG_FI, LANG_FI },
	{ "**", LANG_EN, LANG_EN },
	{ "sv, de;q=x", LANG_FI, LANG_FI },
};

static void
test_accept_language(void **state)
{
	size_t i;
	enum lang got;

	(void)state;
	for (i = 0; i < sizeof(lang_cases) / sizeof(lang_cases[0]); i++) {
		got = accept_language_pick(lang_cases[i].header,
		    lang_cases[i].fallback);
		if (got != lang_cases[i].want)
			fail_msg("\"%s\" (fallback %d): got %d, want %d",
			    lang_cases[i].header ? lang_cases[i].header :
			    "(null)", lang_cases[i].fallback, got,
			    lang_cases[i].want);
	}
}

static void
test_accept_encoding(void **state)
{
	(void)state;
	assert_false(accept_encoding_allows(NULL, "gzip"));
	assert_false(accept_encoding_allows("", "gzip"));
	assert_true(accept_encoding_allows("gzip", "gzip"));
	assert_true(accept_encoding_allows("GZIP", "gzip"));
	assert_true(accept_encoding_allows("br, gzip, deflate", "gzip"));
	assert_true(accept_encoding_allows("x-gzip", "gzip"));
	assert_true(accept_encoding_allows("gzip;q=0.5", "gzip"));
	/* RFC 9110 allows white space around ';' and a capital Q. */
	assert_false(accept_encoding_allows("gzip; q=0", "gzip"));
	assert_false(accept_encoding_allows("gzip ;Q=0", "gzip"));
	assert_false(accept_encoding_allows("gzip;q=0.000", "gzip"));
	assert_true(accept_encoding_allows("gzip;q=0.001", "gzip"));
	/* "*" covers what is not named; a named entry wins. */
	assert_true(accept_encoding_allows("*", "gzip"));
	assert_false(accept_encoding_allows("*;q=0", "gzip"));
	assert_true(accept_encoding_allows("gzip, *;q=0", "gzip"));
	assert_false(accept_encoding_allows("*, gzip;q=0", "gzip"));
	/* Names are whole tokens, not substrings. */
	assert_false(accept_encoding_allows("gzipx, nogzip", "gzip"));
	/* Malformed: nothing. */
	assert_false(accept_encoding_allows("gzip;q=2", "gzip"));
	assert_false(accept_encoding_allows("gzip;level=9", "gzip"));
	assert_false(accept_encoding_allows("gzip q=1", "gzip"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msgid),
		cmocka_unit_test(test_token),
		cmocka_unit_test_setup_teardown(test_url_decode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_decode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_repeated, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_limit, setup,
		    teardown),
		cmocka_unit_test(test_accept_language),
		cmocka_unit_test(test_accept_encoding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

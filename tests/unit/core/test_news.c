/*
 * test_news.c - the pure parts of news posts (src/news/text.c): XML text
 * and CDATA sections for the feeds (entities, "]]>" split, and the
 * characters XML 1.0 forbids left out),
 * the language version a visitor sees, a body's kept HTML, and draft /
 * scheduled / published at a given time.  Publish times are read by the
 * form model (form_datetime(), tests/unit/core/test_kit.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/time.h"
#include "news/news.h"
#include "view/markdown.h"

static const char *
xml(struct buf *b, const char *s)
{
	b->len = 0;
	news_xml_txt(b, s);
	return buf_cstr(b);
}

static void
test_xml_escapes(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_string_equal(xml(&b, "Fish & chips <b>\"it's\"</b>"),
	    "Fish &amp; chips &lt;b&gt;&quot;it&#39;s&quot;&lt;/b&gt;");
	assert_string_equal(xml(&b, "&amp;"), "&amp;amp;");
	assert_string_equal(xml(&b, ""), "");
	assert_string_equal(xml(&b, "äö Å € 𝄞"), "äö Å € 𝄞");
	/* Tab, LF and CR are XML characters; other C0 controls are not. */
	assert_string_equal(xml(&b, "a\tb\nc\rd"), "a\tb\nc\rd");
	assert_string_equal(xml(&b, "\x01" "bell\x07 esc\x1b" "end\x1f"),
	    "bell esc" "end");
	/* U+FFFE and U+FFFF are not characters; U+FFFD is. */
	assert_string_equal(xml(&b, "a\xef\xbf\xbe" "b\xef\xbf\xbf" "c\xef\xbf\xbd"),
	    "abc\xef\xbf\xbd");
	assert_string_equal(xml(&b, "<\x02>"), "&lt;&gt;");
	/* Other characters that start with EF stay, as does an EF cut
	 * short at the end (the byte after it is the terminator). */
	assert_string_equal(xml(&b, "\xef\xbb\xbf" "x\xef\xbc\x81&"),
	    "\xef\xbb\xbf" "x\xef\xbc\x81&amp;");
	assert_string_equal(xml(&b, "a\xef"), "a\xef");
	assert_string_equal(xml(&b, "a\xef\xbf"), "a\xef\xbf");
	b.len = 0;
	news_xml_txt(&b, NULL);
	assert_int_equal(b.len, 0);
	buf_cleanup(&b);
}

static const char *
cdata(struct buf *b, const char *s)
{
	b->len = 0;
	news_xml_cdata(b, s);
	return buf_cstr(b);
}

/*
 * What an XML parser reads from sections written by news_xml_cdata():
 * each section's text, joined.  Fails when out is not sections alone or
 * when a section holds "]]>".
 */
static const char *
cdata_text(struct buf *t, const char *out)
{
	const char *end;

	t->len = 0;
	while (*out != '\0') {
		assert_memory_equal(out, "<![CDATA[", 9);
		out += 9;
		assert_non_null(end = strstr(out, "]]>"));
		buf_append(t, out, (size_t)(end - out));
		out = end + 3;
	}
	return buf_cstr(t);
}

/* The input without what XML 1.0 forbids (as news_xml_txt() drops it). */
static const char *
xml_allowed(struct buf *t, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	t->len = 0;
	for (; *p != '\0'; p++)
		if (*p == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
			p += 2;
		else if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
			buf_append(t, p, 1);
	return buf_cstr(t);
}

/* HTML in a feed as a CDATA section: "]]>" split across two, forbidden
 * characters left out; and for every string of the bytes that matter, up
 * to six long, the parser reads back exactly the allowed text. */
static void
test_xml_cdata(void **state)
{
	static const char alphabet[] = "]>a\x07\xef\xbf\xbe";
	struct buf b, t, u;
	char s[8];
	size_t len, n, i, k, m = sizeof(alphabet) - 1;

	(void)state;
	buf_init(&b);
	buf_init(&t);
	buf_init(&u);
	assert_string_equal(cdata(&b, "<p>Fish &amp; chips</p>\n"),
	    "<![CDATA[<p>Fish &amp; chips</p>\n]]>");
	assert_string_equal(cdata(&b, "a]]>b"),
	    "<![CDATA[a]]]]><![CDATA[>b]]>");
	assert_string_equal(cdata(&b, "]]]>"),
	    "<![CDATA[]]]]]><![CDATA[>]]>");
	assert_string_equal(cdata(&b, "x]y]]z>"), "<![CDATA[x]y]]z>]]>");
	/* A character left out must not make one. */
	assert_string_equal(cdata(&b, "]]\x07>"),
	    "<![CDATA[]]]]><![CDATA[>]]>");
	assert_string_equal(cdata(&b, "\x01" "a\tb\x1f" "c\xef\xbf\xbf" "d\xef"),
	    "<![CDATA[a\tbcd\xef]]>");
	assert_string_equal(cdata(&b, ""), "<![CDATA[]]>");
	assert_string_equal(cdata(&b, NULL), "<![CDATA[]]>");
	for (len = 1; len <= 6; len++) {
		for (n = 1, i = 0; i < len; i++)
			n *= m;
		for (k = 0; k < n; k++) {
			size_t x = k;

			for (i = 0; i < len; i++, x /= m)
				s[i] = alphabet[x % m];
			s[len] = '\0';
			assert_string_equal(cdata_text(&t, cdata(&b, s)),
			    xml_allowed(&u, s));
		}
	}
	buf_cleanup(&b);
	buf_cleanup(&t);
	buf_cleanup(&u);
}

static void
test_pick(void **state)
{
	struct news_post p;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.v[LANG_SV].title = "Svenska";
	p.v[LANG_EN].title = "English";
	assert_int_equal(news_pick(&p, LANG_SV), LANG_SV);
	assert_int_equal(news_pick(&p, LANG_EN), LANG_EN);
	/* No Finnish: the first of fi, sv, en there is. */
	assert_int_equal(news_pick(&p, LANG_FI), LANG_SV);
	assert_int_equal(news_nversions(&p), 2);
	p.v[LANG_SV].title = "";	/* an empty title is no version */
	assert_int_equal(news_pick(&p, LANG_FI), LANG_EN);
	assert_int_equal(news_pick(&p, LANG_SV), LANG_EN);
	assert_int_equal(news_nversions(&p), 1);
	p.v[LANG_FI].title = "Suomi";
	assert_int_equal(news_pick(&p, LANG_SV), LANG_FI);
	memset(&p, 0, sizeof(p));
	assert_int_equal(news_pick(&p, LANG_SV), LANG_SV);
	assert_int_equal(news_nversions(&p), 0);
}

static void
test_state(void **state)
{
	struct news_post p;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.v[LANG_FI].title = "x";
	p.publish_at = 1000;
	assert_int_equal(news_state_at(&p, 2000), NEWS_DRAFT);
	assert_false(news_is_public(&p, 2000));
	p.published = true;
	assert_int_equal(news_state_at(&p, 999), NEWS_SCHEDULED);
	assert_false(news_is_public(&p, 999));
	/* Public from the very second of its time. */
	assert_int_equal(news_state_at(&p, 1000), NEWS_PUBLISHED);
	assert_true(news_is_public(&p, 1000));
	p.v[LANG_FI].title = NULL;
	assert_false(news_is_public(&p, 1000));
}

static void
test_demote_headings(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(news_demote_headings(&a,
	    "<h1>A</h1>\n<h2>B</h2>\n<h5>E</h5><h6>F</h6>"),
	    "<h2>A</h2>\n<h3>B</h3>\n<h6>E</h6><h6>F</h6>");
	assert_string_equal(news_demote_headings(&a,
	    "<h1>A</h1><p>x</p><hr />\n<h3>C</h3>"),
	    "<h2>A</h2><p>x</p><hr />\n<h4>C</h4>");
	/* Headings from <h2> on fit under the title already. */
	assert_string_equal(news_demote_headings(&a,
	    "<h2>B</h2>\n<h3>C</h3>"), "<h2>B</h2>\n<h3>C</h3>");
	assert_string_equal(news_demote_headings(&a, ""), "");
	/* Text that merely mentions a heading is escaped by cmark. */
	assert_string_equal(news_demote_headings(&a, "<p>&lt;h1&gt;</p>"),
	    "<p>&lt;h1&gt;</p>");
	arena_cleanup(&a);
}

/*
 * The HTML kept with a body (migration 0046): cmark's safe HTML with the
 * headings demoted, the same as the page made on each request before.
 * The renderer's number changes with cmark and with either set of rules,
 * so that an upgrade makes the kept HTML again.
 */
static void
test_body_html(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(news_body_html(&a, "# A\n\n*b* <i>c</i>"),
	    "<h2>A</h2>\n<p><em>b</em> <!-- raw HTML omitted -->c"
	    "<!-- raw HTML omitted --></p>\n");
	assert_string_equal(news_body_html(&a, ""), "");
	assert_string_equal(news_body_html(&a, NULL), "");
	assert_int_equal(news_body_renderer(),
	    (int64_t)markdown_renderer() * 100 + NEWS_BODY_RULES);
	assert_int_equal(markdown_renderer() >> 24, MARKDOWN_RULES);
	assert_int_equal(markdown_renderer() & 0xffffff, cmark_version());
	arena_cleanup(&a);
}

/* Issue 11, item 20: links of the Markdown become absolute in feeds.
 * The cases of RFC 3986 5.4 that apply (base without a query), and the
 * ones news posts have. */
static void
test_resolve_url(void **state)
{
	static const char *const cases[][2] = {
		{ "g:h", "g:h" },
		{ "g", "http://a/b/c/g" },
		{ "./g", "http://a/b/c/g" },
		{ "g/", "http://a/b/c/g/" },
		{ "/g", "http://a/g" },
		{ "//g", "http://g" },
		{ "?y", "http://a/b/c/d;p?y" },
		{ "g?y", "http://a/b/c/g?y" },
		{ "#s", "http://a/b/c/d;p#s" },
		{ "g#s", "http://a/b/c/g#s" },
		{ "g?y#s", "http://a/b/c/g?y#s" },
		{ ";x", "http://a/b/c/;x" },
		{ "", "http://a/b/c/d;p" },
		{ ".", "http://a/b/c/" },
		{ "./", "http://a/b/c/" },
		{ "..", "http://a/b/" },
		{ "../", "http://a/b/" },
		{ "../g", "http://a/b/g" },
		{ "../..", "http://a/" },
		{ "../../", "http://a/" },
		{ "../../g", "http://a/g" },
		{ "../../../g", "http://a/g" },
		{ "/./g", "http://a/g" },
		{ "/../g", "http://a/g" },
		{ "g.", "http://a/b/c/g." },
		{ "..g", "http://a/b/c/..g" },
		{ "./../g", "http://a/b/g" },
		{ "g/./h", "http://a/b/c/g/h" },
		{ "g/../h", "http://a/b/c/h" },
		{ "g?y/./x", "http://a/b/c/g?y/./x" },
		{ "g#s/../x", "http://a/b/c/g#s/../x" },
		{ "https://www.example.fi/?a=1&b=2", "https://www.example.fi/?a=1&b=2" },
		{ "mailto:a@example.fi", "mailto:a@example.fi" },
	};
	struct arena a;
	size_t i;

	(void)state;
	arena_init(&a);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(news_resolve_url(&a, "http://a/b/c/d;p",
		    cases[i][0]), cases[i][1]);
	assert_string_equal(news_resolve_url(&a,
	    "https://tuki.example.fi/en/news/7", "events/2"),
	    "https://tuki.example.fi/en/news/events/2");
	assert_string_equal(news_resolve_url(&a,
	    "https://tuki.example.fi/en/news/7", "../events/2"),
	    "https://tuki.example.fi/en/events/2");
	assert_string_equal(news_resolve_url(&a,
	    "https://tuki.example.fi/en/news/7", "/fi/events/2"),
	    "https://tuki.example.fi/fi/events/2");
	arena_cleanup(&a);
}

static void
test_absolute_links(void **state)
{
	static const char base[] = "https://tuki.example.fi/en/news/7";
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(news_absolute_links(&a,
	    "<p><a href=\"events/2\">x</a> and <a href=\"/fi/x?a=1&amp;b=2\" "
	    "title=\"t\">y</a> <img src=\"../img/p.png\" alt=\"p\" /> "
	    "<a href=\"#top\">z</a> <a href=\"https://o.example/\">o</a> "
	    "href=&quot;text&quot;</p>\n", base),
	    "<p><a href=\"https://tuki.example.fi/en/news/events/2\">x</a> and "
	    "<a href=\"https://tuki.example.fi/fi/x?a=1&amp;b=2\" title=\"t\">y</a> "
	    "<img src=\"https://tuki.example.fi/en/img/p.png\" alt=\"p\" /> "
	    "<a href=\"https://tuki.example.fi/en/news/7#top\">z</a> "
	    "<a href=\"https://o.example/\">o</a> href=&quot;text&quot;</p>\n");
	/* An entity that hides a '#' is not a fragment. */
	assert_string_equal(news_absolute_links(&a,
	    "<a href=\"it&#x27;s#x\">q</a>", base),
	    "<a href=\"https://tuki.example.fi/en/news/it&#39;s#x\">q</a>");
	assert_string_equal(news_absolute_links(&a, "no links", base),
	    "no links");
	arena_cleanup(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_escapes),
		cmocka_unit_test(test_xml_cdata),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_demote_headings),
		cmocka_unit_test(test_body_html),
		cmocka_unit_test(test_resolve_url),
		cmocka_unit_test(test_absolute_links),
	};

	setenv("TZ", "America/New_York", 1);
	time_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_escape.c - the HTML output escapers, one per context.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "base/buf.h"
#include "view/escape.h"

/* Asserts that b holds exactly the NUL-terminated want, then empties it. */
static void
expect(struct buf *b, const char *want)
{
	assert_int_equal(b->len, strlen(want));
	assert_memory_equal(b->len ? b->data : "", want, strlen(want));
	buf_cleanup(b);
}

static void
test_txt(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	html_txt(&b, NULL);
	expect(&b, "");
	html_txt(&b, "");
	expect(&b, "");
	html_txt(&b, "plain text, no specials");
	expect(&b, "plain text, no specials");
	html_txt(&b, "a&b<c>d\"e'f");
	expect(&b, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	html_txt(&b, "&<>\"'");
	expect(&b, "&amp;&lt;&gt;&quot;&#39;");
	html_txt(&b, "<script>alert(1)</script>");
	expect(&b, "&lt;script&gt;alert(1)&lt;/script&gt;");
	/* The backtick and = are harmless in text. */
	html_txt(&b, "`a=b`");
	expect(&b, "`a=b`");
	/* UTF-8, including bytes that are invalid on their own, passes. */
	html_txt(&b, "Siirry pääsisältöön – € \xff");
	expect(&b, "Siirry pääsisältöön – € \xff");
}

static void
test_txt_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "<p>");
	html_txt(&b, "1 < 2");
	buf_puts(&b, "</p>");
	expect(&b, "<p>1 &lt; 2</p>");
}

static void
test_txt_n(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	html_txt_n(&b, NULL, 0);
	expect(&b, "");
	html_txt_n(&b, "a<b>c", 2);
	expect(&b, "a&lt;");
	html_txt_n(&b, "a<b>c", 0);
	expect(&b, "");
	html_txt_n(&b, "x'y", 3);
	expect(&b, "x&#39;y");
}

static void
test_attr(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	html_attr(&b, NULL);
	expect(&b, "");
	html_attr(&b, "");
	expect(&b, "");
	html_attr(&b, "\" onmouseover=\"x");
	expect(&b, "&quot; onmouseover=&quot;x");
	html_attr(&b, "' onfocus='x");
	expect(&b, "&#39; onfocus=&#39;x");
	html_attr(&b, "&<>\"'`");
	expect(&b, "&amp;&lt;&gt;&quot;&#39;&#96;");
	html_attr(&b, "Hoppa till huvudinnehållet");
	expect(&b, "Hoppa till huvudinnehållet");
}

static void
test_url_arg(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	html_url_arg(&b, NULL);
	expect(&b, "");
	html_url_arg(&b, "");
	expect(&b, "");
	html_url_arg(&b, "ABCXYZabcxyz0189-._~");
	expect(&b, "ABCXYZabcxyz0189-._~");
	html_url_arg(&b, "a b/c?d=e&f#g+h%");
	expect(&b, "a%20b%2Fc%3Fd%3De%26f%23g%2Bh%25");
	html_url_arg(&b, "\"'<>`");
	expect(&b, "%22%27%3C%3E%60");
	html_url_arg(&b, "Järvenpää");
	expect(&b, "J%C3%A4rvenp%C3%A4%C3%A4");
	html_url_arg(&b, "\x01\x7f\xff");
	expect(&b, "%01%7F%FF");
}

static void
test_raw(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	html_raw(&b, NULL);
	expect(&b, "");
	html_raw(&b, "<b>&amp;</b>");
	expect(&b, "<b>&amp;</b>");
}

static void
test_int(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	html_int(&b, 0);
	expect(&b, "0");
	html_int(&b, 7);
	expect(&b, "7");
	html_int(&b, -1);
	expect(&b, "-1");
	html_int(&b, 1234567890);
	expect(&b, "1234567890");
	html_int(&b, LLONG_MAX);
	expect(&b, "9223372036854775807");
	html_int(&b, LLONG_MIN);
	expect(&b, "-9223372036854775808");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_txt),
		cmocka_unit_test(test_txt_appends),
		cmocka_unit_test(test_txt_n),
		cmocka_unit_test(test_attr),
		cmocka_unit_test(test_url_arg),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_int),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_render.c - the bytes that templates compiled by the build write.
 *
 * sample.tmpl is compiled by tmplc through meson (tests/unit/view/
 * meson.build), so this covers the whole path: .tmpl -> C -> page.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "tmpl_sample.h"
#include "view/view.h"

struct fx {
	struct buf out;
	struct arena arena;
	struct view v;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	buf_init(&fx->out);
	arena_init(&fx->arena);
	fx->v.out = &fx->out;
	fx->v.arena = &fx->arena;
	fx->v.lang = LANG_FI;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	buf_cleanup(&fx->out);
	arena_cleanup(&fx->arena);
	free(fx);
	return 0;
}

/* Asserts that the page so far is exactly want, then starts a new one. */
static void
expect(struct fx *fx, const char *want)
{
	const char *got = buf_cstr(&fx->out);

	assert_string_equal(got, want);
	assert_int_equal(fx->out.len, strlen(want));
	fx->out.len = 0;
}

static void
test_escape_by_default(void **state)
{
	struct fx *fx = *state;

	sample_escape(&fx->v, "a<b & \"c\" 'd' ä/?");
	expect(fx,
	    "<p title=\"a&lt;b &amp; &quot;c&quot; &#39;d&#39; ä/?\">"
	    "a&lt;b &amp; &quot;c&quot; &#39;d&#39; ä/?</p>\n"
	    "<a href=\"/q?x=a%3Cb%20%26%20%22c%22%20%27d%27%20%C3%A4%2F%3F\">"
	    "a<b & \"c\" 'd' ä/?</a>\n");
	sample_escape(&fx->v, NULL);
	expect(fx, "<p title=\"\"></p>\n<a href=\"/q?x=\"></a>\n");
}

static void
test_branches(void **state)
{
	struct fx *fx = *state;

	sample_branch(&fx->v, 2);
	expect(fx, "<b>many</b>\n");
	sample_branch(&fx->v, 1);
	expect(fx, "<b>one</b>\n");
	sample_branch(&fx->v, 0);
	expect(fx, "<b>none</b>\n");
}

static void
test_loop(void **state)
{
	struct fx *fx = *state;
	static const char *const items[] = { "x<y", "z" };

	sample_list(&fx->v, items, 2);
	expect(fx, "<ul>\n<li>1. x&lt;y</li>\n<li>2. z</li>\n</ul>\n");
	sample_list(&fx->v, items, 0);
	expect(fx, "<ul>\n</ul>\n");
}

static void
test_page_languages(void **state)
{
	struct fx *fx = *state;

	/*
	 * The render line keeps its newline after the callee's, and so does
	 * the while line, which holds text: hence two empty lines.
	 */
	sample_page(&fx->v, "T & co");
	expect(fx, "<html lang=\"fi\">\n"
	    "<a href=\"#main\">Siirry pääsisältöön</a>\n"
	    "<h1 title=\"Etusivu\">T &amp; co</h1>\n"
	    "<b>one</b>\n"
	    "\n"
	    "\n"
	    "</html>\n");
	fx->v.lang = LANG_SV;
	sample_page(&fx->v, "T");
	expect(fx, "<html lang=\"sv\">\n"
	    "<a href=\"#main\">Hoppa till huvudinnehållet</a>\n"
	    "<h1 title=\"Startsida\">T</h1>\n"
	    "<b>one</b>\n"
	    "\n"
	    "\n"
	    "</html>\n");
	fx->v.lang = LANG_EN;
	sample_page(&fx->v, "T");
	expect(fx, "<html lang=\"en\">\n"
	    "<a href=\"#main\">Skip to main content</a>\n"
	    "<h1 title=\"Front page\">T</h1>\n"
	    "<b>one</b>\n"
	    "\n"
	    "\n"
	    "</html>\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_escape_by_default, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_branches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_languages, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

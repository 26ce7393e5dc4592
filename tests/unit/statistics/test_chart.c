/*
 * test_chart.c - the statistics charts (statistics/chart.c): each kind is
 * well-formed XML (checked by a small parser here: libxml2 is not a
 * dependency), names itself (role, title, desc), has no fixed width,
 * escapes what it is given, and draws hidden cells as their marks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "statistics/chart.h"

/*
 * Well-formed enough for an SVG we write: tags nest and close, attribute
 * values are quoted, text holds no raw '<', and '&' starts an entity.
 */
static int
well_formed(const char *s)
{
	const char *stack[64], *p = s, *name, *q;
	size_t depth = 0, n;

	while (*p != '\0') {
		if (*p == '&') {
			if ((q = strchr(p, ';')) == NULL || q - p > 6)
				return 0;
			p = q + 1;
			continue;
		}
		if (*p != '<') {
			if (*p == '>')
				return 0;
			p++;
			continue;
		}
		if (p[1] == '/') {
			name = p + 2;
			n = strcspn(name, ">");
			if (depth == 0 || strncmp(stack[depth - 1], name, n) != 0 ||
			    strcspn(stack[depth - 1], " />") != n)
				return 0;
			depth--;
			p = name + n + 1;
			continue;
		}
		name = p + 1;
		for (q = name; *q != '>' && *q != '\0'; q++)
			if (*q == '"' && (q = strchr(q + 1, '"')) == NULL)
				return 0;
		if (*q != '>')
			return 0;
		if (q[-1] != '/') {
			if (depth == 64)
				return 0;
			stack[depth++] = name;
		}
		p = q + 1;
	}
	return depth == 0;
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static const char *const labels[] = { "Pankki & <maksut>", "Tunnistus",
    "Laite" };
static const char *const series[] = { "lähituki", "etätuki", "koulutus" };

/* The common checks of every chart kind. */
static void
check_common(const char *svg)
{
	assert_true(well_formed(svg));
	assert_non_null(strstr(svg, "role=\"img\""));
	assert_non_null(strstr(svg, "aria-labelledby=\"c1-t c1-d\""));
	assert_non_null(strstr(svg, "<title id=\"c1-t\">Aiheet &amp; "
	    "&quot;muut&quot;</title>"));
	assert_non_null(strstr(svg, "<desc id=\"c1-d\">"));
	assert_non_null(strstr(svg, "viewBox=\"0 0 320 "));
	assert_null(strstr(svg, " width=\"100%"));
	assert_null(strstr(svg, "<svg width"));
	assert_null(strstr(svg, "style="));
	/* The label is escaped, never raw. */
	assert_null(strstr(svg, "<maksut>"));
}

static void
test_bars(void **state)
{
	const struct stats_value v[] = { { 40, DISCLOSURE_SHOWN },
	    { 3, DISCLOSURE_PRIMARY }, { 12, DISCLOSURE_SECONDARY } };
	struct stats_chart c = { "c1", "Aiheet & \"muut\"", "Pankki eniten.",
	    labels, 3, series, 1, v, "< 5", "×" };
	struct buf b;

	(void)state;
	buf_init(&b);
	stats_chart_bars(&b, &c);
	check_common(buf_cstr(&b));
	assert_non_null(strstr(b.data, "Pankki &amp; &lt;maksut&gt;"));
	assert_non_null(strstr(b.data, ">40</text>"));
	/* Hidden: their marks, not their counts, and a dashed outline. */
	assert_non_null(strstr(b.data, ">&lt; 5</text>"));
	assert_non_null(strstr(b.data, ">×</text>"));
	assert_null(strstr(b.data, ">3<"));
	assert_null(strstr(b.data, ">12<"));
	assert_int_equal(count(b.data, "stroke-dasharray"), 2);
	/* One bar with a length: the shown value. */
	assert_int_equal(count(b.data, "fill=\"#0000bf\""), 1);
	buf_cleanup(&b);
}

static void
test_stacked(void **state)
{
	const struct stats_value v[] = {
		{ 20, DISCLOSURE_SHOWN }, { 10, DISCLOSURE_SHOWN },
		{ 2, DISCLOSURE_PRIMARY },
		{ 8, DISCLOSURE_SHOWN }, { 0, DISCLOSURE_SHOWN },
		{ 6, DISCLOSURE_SECONDARY },
		{ 5, DISCLOSURE_SHOWN }, { 5, DISCLOSURE_SHOWN },
		{ 5, DISCLOSURE_SHOWN },
	};
	struct stats_chart c = { "c1", "Aiheet & \"muut\"", "Lähituki "
	    "eniten.", labels, 3, series, 3, v, "< 5", "×" };
	struct buf b;

	(void)state;
	buf_init(&b);
	stats_chart_stacked(&b, &c);
	check_common(buf_cstr(&b));
	/* Patterns for the second and third series, named by the chart. */
	assert_non_null(strstr(b.data, "<pattern id=\"c1-p1\""));
	assert_non_null(strstr(b.data, "<pattern id=\"c1-p2\""));
	assert_int_equal(count(b.data, "url(#c1-p1)"), 2 * 2 + 1);
	/* Every series named beside its value: no colour-only meaning. */
	assert_non_null(strstr(b.data, ">lähituki: 20</text>"));
	assert_non_null(strstr(b.data, ">koulutus: &lt; 5</text>"));
	assert_non_null(strstr(b.data, ">koulutus: ×</text>"));
	assert_non_null(strstr(b.data, ">etätuki: 0</text>"));
	buf_cleanup(&b);
}

static void
test_line(void **state)
{
	static const char *const weeks[] = { "vk 1", "vk 2", "vk 3", "vk 4",
	    "vk 5" };
	const struct stats_value v[] = { { 30, DISCLOSURE_SHOWN },
	    { 45, DISCLOSURE_SHOWN }, { 4, DISCLOSURE_PRIMARY },
	    { 50, DISCLOSURE_SHOWN }, { 41, DISCLOSURE_SHOWN } };
	struct stats_chart c = { "c1", "Aiheet & \"muut\"", "Kasvaa.", weeks,
	    5, series, 1, v, "< 5", "×" };
	struct buf b;

	(void)state;
	buf_init(&b);
	stats_chart_line(&b, &c);
	check_common(buf_cstr(&b));
	/* The hidden week breaks the line in two. */
	assert_int_equal(count(b.data, "<polyline"), 2);
	assert_non_null(strstr(b.data, ">&lt; 5</text>"));
	assert_null(strstr(b.data, ">4</text>"));
	assert_non_null(strstr(b.data, ">vk 5</text>"));
	assert_non_null(strstr(b.data, ">50</text>"));
	buf_cleanup(&b);
	/* Nothing to draw, nothing written. */
	c.nlabels = 0;
	buf_init(&b);
	stats_chart_line(&b, &c);
	stats_chart_bars(&b, &c);
	stats_chart_stacked(&b, &c);
	assert_int_equal(b.len, 0);
	buf_cleanup(&b);
}

/*
 * The <text> elements of font size `size`: their x and the length of
 * their content in characters (ASCII here), in order.  How many.
 */
static size_t
texts_of_size(const char *svg, int size, double *x, size_t *len, size_t max)
{
	char attr[32];
	const char *p = svg, *t, *end;
	size_t n = 0;

	snprintf(attr, sizeof(attr), "font-size=\"%d\"", size);
	while (n < max && (t = strstr(p, "<text x=\"")) != NULL) {
		end = strstr(t, "</text>");
		assert_non_null(end);
		p = end;
		if (strstr(t, attr) == NULL || strstr(t, attr) > end)
			continue;
		x[n] = strtod(t + 9, NULL);
		len[n] = (size_t)(end - (strchr(t, '>') + 1));
		n++;
	}
	return n;
}

/* A year of months: "1/2026" is wider than a month's step, so the labels
 * are every third one (quarters), and no label or value runs into the
 * next. */
static void
test_line_year(void **state)
{
	static const char *const months[] = { "1/2026", "2/2026", "3/2026",
	    "4/2026", "5/2026", "6/2026", "7/2026", "8/2026", "9/2026",
	    "10/2026", "11/2026", "12/2026" };
	struct stats_value v[12];
	struct stats_chart c = { "c1", "Aiheet & \"muut\"", "Kesällä vähemmän.",
	    months, 12, series, 1, v, "< 5", "×" };
	double x[32];
	size_t len[32], n, i;
	struct buf b;

	(void)state;
	for (i = 0; i < 12; i++) {
		v[i].count = 1100 + (int64_t)(i * 17 % 200);
		v[i].state = DISCLOSURE_SHOWN;
	}
	buf_init(&b);
	stats_chart_line(&b, &c);
	check_common(buf_cstr(&b));
	n = texts_of_size(b.data, 12, x, len, 32);
	assert_int_equal(n, 4);
	for (i = 1; i < n; i++)
		assert_true(x[i] - x[i - 1] >= (double)(len[i] + len[i - 1])
		    / 2 * 12 * 0.6);
	n = texts_of_size(b.data, 11, x, len, 32);
	assert_true(n >= 4 && n < 12);
	for (i = 1; i < n; i++)
		assert_true(x[i] - x[i - 1] >= (double)(len[i] + len[i - 1])
		    / 2 * 11 * 0.6);
	buf_cleanup(&b);
}

/*
 * A summer dip: the line comes down into July from both sides, so July's
 * value is written under its point, not across the line; the others stay
 * over theirs, and no two values overlap.
 */
static void
test_line_valley(void **state)
{
	static const char *const months[] = { "1", "2", "3", "4", "5", "6",
	    "7", "8", "9", "10", "11" };
	static const int64_t counts[] = { 1178, 1202, 1207, 1165, 1026, 714,
	    396, 742, 1277, 1278, 1207 };
	struct stats_value v[11];
	struct stats_chart c = { "c1", "Aiheet & \"muut\"", "Heinäkuussa vähiten.",
	    months, 11, series, 1, v, "< 5", "×" };
	const char *p, *t;
	double tx[16], ty[16], cy = 0;
	size_t tl[16], n = 0, i, j;
	struct buf b;

	(void)state;
	for (i = 0; i < 11; i++) {
		v[i].count = counts[i];
		v[i].state = DISCLOSURE_SHOWN;
	}
	buf_init(&b);
	stats_chart_line(&b, &c);
	check_common(buf_cstr(&b));
	/* July's marker: the seventh circle. */
	for (p = b.data, i = 0; i < 7; i++, p++)
		assert_non_null(p = strstr(p, "<circle cx=\""));
	assert_non_null(t = strstr(p - 1, "cy=\""));
	cy = strtod(t + 4, NULL);
	for (p = b.data; n < 16 && (t = strstr(p, "<text x=\"")) != NULL;
	    p = t + 1) {
		if (strstr(t, "font-size=\"11\"") != strstr(t, "font-size"))
			continue;
		tx[n] = strtod(t + 9, NULL);
		ty[n] = strtod(strstr(t, "y=\"") + 3, NULL);
		tl[n] = (size_t)(strstr(t, "</text>") - (strchr(t, '>') + 1));
		if (strncmp(strchr(t, '>') + 1, "396<", 4) == 0)
			assert_true(ty[n] > cy);
		else
			assert_true(ty[n] < 150);
		n++;
	}
	assert_true(n >= 6);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			assert_true(fabs(tx[i] - tx[j]) >= (double)(tl[i] +
			    tl[j]) / 2 * 11 * 0.6 || fabs(ty[i] - ty[j]) >= 11);
	assert_non_null(strstr(b.data, ">396</text>"));
	buf_cleanup(&b);
}

/* The checker itself refuses what it should. */
static void
test_checker(void **state)
{
	(void)state;
	assert_true(well_formed("<a x=\"1\"><b/>t &amp; u</a>"));
	assert_false(well_formed("<a><b></a></b>"));
	assert_false(well_formed("<a>x < y</a>"));
	assert_false(well_formed("<a>x & y</a>"));
	assert_false(well_formed("<a>"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bars),
		cmocka_unit_test(test_stacked),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_line_year),
		cmocka_unit_test(test_line_valley),
		cmocka_unit_test(test_checker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

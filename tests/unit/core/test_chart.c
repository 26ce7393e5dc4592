/*
 * test_chart.c - the SVG bar charts: the accessible frame (role, title and
 * desc bound by aria-labelledby, viewBox of the documented width), escaping
 * of every text, zero, maximal, over-the-scale and missing values, the
 * patterns of a second series, the decimal mark, text sizes, and that
 * nothing needs a style attribute.
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

#include "view/chart.h"

/* How many times needle occurs in hay. */
static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0, k = strlen(needle);

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += k;
	}
	return n;
}

/* The widths of the bars (rects of height 18) in order; returns n. */
static size_t
bar_widths(const char *svg, double *out, size_t max)
{
	const char *p = svg;
	size_t n = 0;

	while ((p = strstr(p, "<rect x=\"0\" y=\"")) != NULL) {
		const char *w = strstr(p, "width=\""), *h = strstr(p, "height=\"18\"");
		const char *end = strchr(p, '>');

		if (w && h && w < end && h < end && n < max)
			out[n++] = strtod(w + 7, NULL);
		p = end;
	}
	return n;
}

/* Every font-size="N" in svg is at least min. */
static void
assert_font_sizes(const char *svg, int min)
{
	const char *p = svg;
	size_t seen = 0;

	while ((p = strstr(p, "font-size=\"")) != NULL) {
		p += strlen("font-size=\"");
		assert_true(atoi(p) >= min);
		seen++;
	}
	assert_true(seen > 0);
}

static const char *const dims[] = { "Koordinointi", "Osaaminen", "Verkosto" };
static const char *const two[] = { "Alku", "Loppu" };
static const char *const one[] = { "Tapaamiset" };

static void
test_frame(void **state)
{
	const double v[] = { 1.5, 3, 2, 4.25, 5, 5 };
	struct chart c = {
		.id = "scores", .title = "Itsearviointi 2021",
		.desc = "Keskiarvot alussa ja lopussa.",
		.groups = dims, .ngroups = 3, .series = two, .nseries = 2,
		.values = v, .max = 5, .decimals = 1, .decimal_mark = ',',
	};
	struct buf b;
	const char *s;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	s = buf_cstr(&b);
	assert_true(strncmp(s, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	assert_non_null(strstr(s, " role=\"img\""));
	assert_non_null(strstr(s, " aria-labelledby=\"scores-t scores-d\""));
	assert_non_null(strstr(s, "<title id=\"scores-t\">Itsearviointi 2021</title>"));
	assert_non_null(strstr(s, "<desc id=\"scores-d\">Keskiarvot alussa ja lopussa.</desc>"));
	/* The title comes first, as the first child of the svg. */
	assert_true(strstr(s, "<title") < strstr(s, "<desc"));
	assert_true(strstr(s, "<desc") < strstr(s, "<rect"));
	assert_non_null(strstr(s, " viewBox=\"0 0 320 "));
	/* No fixed size: the viewBox and the page's CSS set it. */
	assert_null(strstr(s, " width=\"320\""));
	assert_null(strstr(s, "style"));
	assert_true(strcmp(s + strlen(s) - 7, "</svg>\n") == 0);
	assert_int_equal(count(s, "<svg"), 1);
	assert_int_equal(count(s, "</svg>"), 1);
	/* Each group label once, each bar's series name and value. */
	assert_int_equal(count(s, ">Koordinointi</text>"), 1);
	assert_non_null(strstr(s, ">Alku 1,5</text>"));
	assert_non_null(strstr(s, ">Loppu 3,0</text>"));
	/* 4.25 is exact in binary; printf rounds the tie to even. */
	assert_non_null(strstr(s, ">Loppu 4,2</text>"));
	/* The legend names both series, and the second has a pattern. */
	assert_int_equal(count(s, ">Alku</text>"), 1);
	assert_int_equal(count(s, ">Loppu</text>"), 1);
	assert_int_equal(count(s, "<pattern id=\"scores-p1\""), 1);
	assert_true(count(s, "fill=\"url(#scores-p1)\"") >= 4);
	assert_font_sizes(s, 12);
	buf_cleanup(&b);
}

static void
test_escaping(void **state)
{
	static const char *const groups[] = { "<b>R&D</b> \"quoted\" 'x'" };
	static const char *const series[] = { "A<1>", "B&B" };
	const double v[] = { 1, 2 };
	struct chart c = {
		.id = "x\"><script>", .title = "T<i>&amp;", .desc = "D</desc><svg>",
		.groups = groups, .ngroups = 1, .series = series, .nseries = 2,
		.values = v, .max = 0, .decimals = 0, .decimal_mark = '.',
	};
	struct buf b;
	const char *s;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	s = buf_cstr(&b);
	assert_null(strstr(s, "<b>"));
	assert_null(strstr(s, "<i>"));
	assert_null(strstr(s, "<script>"));
	assert_null(strstr(s, "</desc><svg>"));
	assert_int_equal(count(s, "<svg"), 1);
	assert_non_null(strstr(s, ">T&lt;i&gt;&amp;amp;</title>"));
	assert_non_null(strstr(s, ">D&lt;/desc&gt;&lt;svg&gt;</desc>"));
	assert_non_null(strstr(s, "&lt;b&gt;R&amp;D&lt;/b&gt; &quot;quoted&quot; &#39;x&#39;"));
	assert_non_null(strstr(s, ">A&lt;1&gt; 1</text>"));
	assert_non_null(strstr(s, ">B&amp;B 2</text>"));
	assert_non_null(strstr(s, "aria-labelledby=\"x&quot;&gt;&lt;script&gt;-t "));
	buf_cleanup(&b);
}

static void
test_zero_and_max(void **state)
{
	static const char *const groups[] = { "zero", "max", "over", "half",
	    "missing", "nan" };
	const double v[] = { 0, 10, 25, 5, -1, NAN };
	struct chart c = {
		.id = "z", .title = "t", .desc = "d", .groups = groups,
		.ngroups = 6, .series = one, .nseries = 1, .values = v,
		.max = 10, .decimals = 0, .decimal_mark = ',',
		.no_value = "ei tietoa",
	};
	double w[8];
	struct buf b;
	const char *s;
	size_t n;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	s = buf_cstr(&b);
	/* Zero and missing values draw no bar, but say their value. */
	n = bar_widths(s, w, 8);
	assert_int_equal(n, 3);
	assert_true(w[0] > 100 && w[0] <= 320);
	/* Over the scale is drawn as the maximum, with its own value. */
	assert_true(fabs(w[0] - w[1]) < 0.01);
	assert_true(fabs(w[2] - w[0] / 2) < 0.1);
	assert_non_null(strstr(s, ">0</text>"));
	assert_non_null(strstr(s, ">10</text>"));
	assert_non_null(strstr(s, ">25</text>"));
	assert_int_equal(count(s, ">ei tietoa</text>"), 2);
	/* One series: no legend, no pattern, no series name by the values. */
	assert_null(strstr(s, "<pattern"));
	assert_null(strstr(s, ">Tapaamiset"));
	buf_cleanup(&b);
}

/* A chart of nothing but zeros gets a scale (no division by zero) and
 * draws no bars; a chart without groups writes nothing at all. */
static void
test_all_zero_and_empty(void **state)
{
	const double v[] = { 0, 0, 0 };
	struct chart c = {
		.id = "e", .title = "t", .desc = "d", .groups = dims,
		.ngroups = 3, .series = one, .nseries = 1, .values = v,
		.decimals = 0, .decimal_mark = '.',
	};
	double w[4];
	struct buf b;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	assert_int_equal(bar_widths(buf_cstr(&b), w, 4), 0);
	assert_int_equal(count(buf_cstr(&b), ">0</text>"), 3);
	assert_null(strstr(buf_cstr(&b), "nan"));
	assert_null(strstr(buf_cstr(&b), "inf"));
	buf_cleanup(&b);

	c.ngroups = 0;
	chart_bars(&b, &c);
	assert_int_equal(b.len, 0);
	c.ngroups = 3;
	c.nseries = 0;
	chart_bars(&b, &c);
	assert_int_equal(b.len, 0);
	buf_cleanup(&b);
}

/* A long label wraps into lines that fit the width; the height grows. */
static void
test_wrap(void **state)
{
	static const char *const groups[] = {
		"Kunnan digituen vastuut ja koordinointi sekä yhteistyö "
		"järjestöjen ja seurakuntien kanssa koko alueella",
	};
	const double v[] = { 3 };
	struct chart c = {
		.id = "w", .title = "t", .desc = "d", .groups = groups,
		.ngroups = 1, .series = one, .nseries = 1, .values = v,
		.max = 5, .decimals = 0, .decimal_mark = ',',
	};
	struct buf b;
	const char *s, *p;
	size_t lines;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	s = buf_cstr(&b);
	lines = count(s, "font-weight=\"600\"");
	assert_true(lines >= 3);
	/* Every word is still there, in order. */
	assert_non_null(strstr(s, ">Kunnan digituen"));
	assert_non_null(strstr(s, "alueella</text>"));
	/* Each line holds at most 320 / (14 * 0.6) = 38 characters. */
	for (p = s; (p = strstr(p, "font-weight=\"600\"")) != NULL; p++) {
		const char *t = strchr(p, '>') + 1, *e = strstr(t, "</text>");
		size_t k = 0;

		for (; t < e; t++)
			k += ((unsigned char)*t & 0xc0) != 0x80;
		assert_true(k <= 38);
	}
	buf_cleanup(&b);
}

static void
test_number(void **state)
{
	char out[32];

	(void)state;
	chart_number(out, sizeof(out), 2.345, 1, ',');
	assert_string_equal(out, "2,3");
	chart_number(out, sizeof(out), 2.35, 2, '.');
	assert_string_equal(out, "2.35");
	chart_number(out, sizeof(out), 7, 0, ',');
	assert_string_equal(out, "7");
	chart_number(out, sizeof(out), -0.01, 1, '.');
	assert_string_equal(out, "0.0");
	chart_number(out, sizeof(out), -1.5, 1, ',');
	assert_string_equal(out, "-1,5");
}

/* Colours of bars and patterns have at least 3:1 contrast on white. */
static double
lum(unsigned v)
{
	double c = v / 255.0;

	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static void
test_contrast(void **state)
{
	static const char *const four[] = { "a", "b", "c", "d" };
	const double v[] = { 1, 2, 3, 4 };
	struct chart c = {
		.id = "k", .title = "t", .desc = "d", .groups = dims,
		.ngroups = 1, .series = four, .nseries = 4, .values = v,
		.decimals = 0, .decimal_mark = '.',
	};
	struct buf b;
	const char *p;
	size_t seen = 0;

	(void)state;
	buf_init(&b);
	chart_bars(&b, &c);
	for (p = buf_cstr(&b); (p = strstr(p, "=\"#")) != NULL; p += 3) {
		unsigned r, g, bl;
		double l;

		assert_int_equal(sscanf(p + 3, "%2x%2x%2x", &r, &g, &bl), 3);
		if (r == 255 && g == 255 && bl == 255)
			continue;	/* the white ground of a pattern */
		l = 0.2126 * lum(r) + 0.7152 * lum(g) + 0.0722 * lum(bl);
		assert_true(1.05 / (l + 0.05) >= 3.0);
		seen++;
	}
	assert_true(seen >= 8);
	assert_int_equal(count(buf_cstr(&b), "<pattern"), 3);
	buf_cleanup(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_zero_and_max),
		cmocka_unit_test(test_all_zero_and_empty),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_contrast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

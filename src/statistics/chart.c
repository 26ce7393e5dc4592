/*
 * chart.c - statistics charts as SVG (see chart.h for the rules).
 *
 * User units of a viewBox 320 wide; text 14 units on bars (12.6 px on a
 * 320 px phone, the smallest the site allows), 12 on the line chart's
 * axis.  Numbers are written by view/chart.h's chart_number(), text by
 * view/escape.h, so the statistics charts escape and format exactly as
 * the rest of the site does.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "statistics/chart.h"
#include "view/chart.h"
#include "view/escape.h"

#define TEXT "#1a1a1a"
#define AXIS "#4d4d4d"
#define BAR_H 18
#define FONT 14

/* What a value says as text: the count, or its mark. */
static void
stats_value_text(struct buf *b, const struct stats_chart *c,
    const struct stats_value *v)
{
	char num[32];

	switch (v->state) {
	case DISCLOSURE_PRIMARY:
		html_txt(b, c->small);
		return;
	case DISCLOSURE_SECONDARY:
		html_txt(b, c->hidden);
		return;
	case DISCLOSURE_SHOWN:
		break;
	}
	chart_number(num, sizeof(num), (double)v->count, 0, '.');
	html_txt(b, num);
}

/* The start of a <text> at x, y of the given size, its tag still open. */
static void
stats_text_at(struct buf *b, double x, double y, int size)
{
	buf_puts(b, "<text x=\"");
	chart_coord(b, x);
	buf_puts(b, "\" y=\"");
	chart_coord(b, y);
	buf_printf(b, "\" font-size=\"%d\" fill=\"" TEXT "\"", size);
}

/* <text> at x, y with the given size and anchor; the caller writes the
 * content and stats_text_end(). */
static void
stats_text(struct buf *b, double x, double y, int size, const char *anchor)
{
	stats_text_at(b, x, y, size);
	if (anchor != NULL)
		buf_printf(b, " text-anchor=\"%s\"", anchor);
	buf_putc(b, '>');
}

/* A value centred at x, y with a white halo: a line that passes behind it
 * (on a steep slope) does not cross it out. */
static void
stats_text_halo(struct buf *b, double x, double y, int size)
{
	stats_text_at(b, x, y, size);
	buf_puts(b, " text-anchor=\"middle\" stroke=\"#ffffff\" "
	    "stroke-width=\"3\" paint-order=\"stroke\">");
}

static void
stats_text_end(struct buf *b)
{
	buf_puts(b, "</text>\n");
}

/* The largest shown value (the scale), at least 1. */
static int64_t
stats_max(const struct stats_chart *c, int stacked)
{
	int64_t max = 1, sum;
	size_t i, s;

	for (i = 0; i < c->nlabels; i++) {
		sum = 0;
		for (s = 0; s < c->nseries; s++) {
			const struct stats_value *v = &c->values[i * c->nseries
			    + s];

			if (v->state != DISCLOSURE_SHOWN)
				continue;
			if (stacked)
				sum += v->count;
			else if (v->count > sum)
				sum = v->count;
		}
		if (sum > max)
			max = sum;
	}
	return max;
}

/* A hidden value: a dashed outline where a bar would start. */
static void
stats_hidden_mark(struct buf *b, double x, double y, double w, double h)
{
	chart_rect(b, x, y, w, h);
	buf_puts(b, " fill=\"#ffffff\" stroke=\"" AXIS "\" "
	    "stroke-dasharray=\"3 2\"/>\n");
}

/* Bars take 60% of the width; the value text follows the bar. */
void
stats_chart_bars(struct buf *b, const struct stats_chart *c)
{
	struct buf body;
	double area = CHART_WIDTH * 0.6, y = 0, w;
	int64_t max;
	size_t i;

	if (c->nlabels == 0 || c->values == NULL)
		return;
	max = stats_max(c, 0);
	buf_init(&body);
	for (i = 0; i < c->nlabels; i++) {
		const struct stats_value *v = &c->values[i * c->nseries];

		y += FONT;
		stats_text(&body, 0, y, FONT, NULL);
		html_txt(&body, c->labels[i]);
		stats_text_end(&body);
		y += 6;
		if (v->state == DISCLOSURE_SHOWN) {
			w = (double)v->count * area / (double)max;
			if (w > 0) {
				chart_rect(&body, 0, y, w, BAR_H);
				buf_printf(&body, " fill=\"%s\"/>\n",
				    chart_colour(0));
			}
		} else {
			w = 12;
			stats_hidden_mark(&body, 0, y, w, BAR_H);
		}
		stats_text(&body, w + 5, y + 14, FONT, NULL);
		stats_value_text(&body, c, v);
		stats_text_end(&body);
		y += BAR_H + 10;
	}
	chart_svg(b, c->id, c->title, c->desc, c->nseries, y, &body);
	buf_cleanup(&body);
}

void
stats_chart_stacked(struct buf *b, const struct stats_chart *c)
{
	struct buf body;
	double area = CHART_WIDTH - 2, y = 0, x, w;
	int64_t max;
	size_t i, s;

	if (c->nlabels == 0 || c->nseries == 0 || c->values == NULL)
		return;
	max = stats_max(c, 1);
	buf_init(&body);
	for (i = 0; i < c->nlabels; i++) {
		y += FONT;
		stats_text(&body, 0, y, FONT, NULL);
		html_txt(&body, c->labels[i]);
		stats_text_end(&body);
		y += 6;
		x = 1;
		for (s = 0; s < c->nseries; s++) {
			const struct stats_value *v = &c->values[i * c->nseries
			    + s];

			if (v->state != DISCLOSURE_SHOWN || v->count <= 0)
				continue;
			w = (double)v->count * area / (double)max;
			chart_swatch(&body, c->id, s, x, y, w, BAR_H);
			x += w;
		}
		y += BAR_H;
		/* The key under the bar: a swatch, the name and the value. */
		for (s = 0; s < c->nseries; s++) {
			const struct stats_value *v = &c->values[i * c->nseries
			    + s];

			y += 20;
			if (v->state == DISCLOSURE_SHOWN)
				chart_swatch(&body, c->id, s, 0, y - 12, 14, 14);
			else
				stats_hidden_mark(&body, 0, y - 12, 14, 14);
			stats_text(&body, 20, y, FONT, NULL);
			html_txt(&body, c->series[s]);
			buf_puts(&body, ": ");
			stats_value_text(&body, c, v);
			stats_text_end(&body);
		}
		y += 14;
	}
	chart_svg(b, c->id, c->title, c->desc, c->nseries, y, &body);
	buf_cleanup(&body);
}

/*
 * About how wide text of `size` units is: a character of the site's sans
 * serif averages 0.6 of its size (digits and '/' a little less), and the
 * UTF-8 continuation bytes are not characters.  Generous on purpose: an
 * estimate too small lets labels run into each other.
 */
static double
stats_text_width(const char *s, int size)
{
	size_t chars = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			chars++;
	return (double)chars * size * 0.62;
}

/* The count of point i, or -1 when it is hidden or there is none. */
static int64_t
stats_point(const struct stats_chart *c, size_t i)
{
	const struct stats_value *v;

	if (i >= c->nlabels)
		return -1;
	v = &c->values[i * c->nseries];
	return v->state == DISCLOSURE_SHOWN ? v->count : -1;
}

/*
 * Is point i a valley: both its neighbours shown and higher?  The line
 * then comes down into it from both sides and would run through a value
 * written over it, so the value goes under the point.
 */
static bool
stats_valley(const struct stats_chart *c, size_t i)
{
	int64_t here = stats_point(c, i);

	return here >= 0 && i > 0 && stats_point(c, i - 1) > here &&
	    stats_point(c, i + 1) > here;
}

/*
 * The plot runs from x 20 to 300 and from y 24 (the top value's label
 * above it) to 150.  The period labels below the axis are every one, or
 * every second, third... as their width allows ("1/2026" is wider than
 * a month's step of twelve), so that none runs into the next.  A value
 * over its point (under it in a valley, stats_valley()) is written when it
 * clears the one written before it in its row; the table under the chart
 * has every figure.
 */
void
stats_chart_line(struct buf *b, const struct stats_chart *c)
{
	const double left = 20, right = CHART_WIDTH - 20, top = 24, bottom = 150;
	struct buf body, value;
	double x, y, step, w, widest, cleared[2] = { -1000, -1000 };
	bool under;
	int64_t max;
	size_t i, every;
	int open = 0;

	if (c->nlabels == 0 || c->values == NULL)
		return;
	max = stats_max(c, 0);
	step = c->nlabels > 1 ? (right - left) / (double)(c->nlabels - 1) : 0;
	widest = 0;
	for (i = 0; i < c->nlabels; i++)
		if ((w = stats_text_width(c->labels[i], 12)) > widest)
			widest = w;
	every = 1;
	while (step > 0 && every < c->nlabels && step * (double)every <
	    widest + 4)
		every++;
	buf_init(&body);
	buf_printf(&body, "<line x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\" "
	    "stroke=\"" AXIS "\"/>\n", left, right, bottom, bottom);
	/* The line, broken where a point is hidden. */
	for (i = 0; i < c->nlabels; i++) {
		const struct stats_value *v = &c->values[i * c->nseries];

		if (v->state != DISCLOSURE_SHOWN) {
			if (open)
				buf_printf(&body, "\" fill=\"none\" stroke=\"%s\" "
				    "stroke-width=\"2\"/>\n", chart_colour(0));
			open = 0;
			continue;
		}
		x = left + step * (double)i;
		y = bottom - (double)v->count * (bottom - top) / (double)max;
		buf_puts(&body, open ? " " : "<polyline points=\"");
		chart_coord(&body, x);
		buf_putc(&body, ',');
		chart_coord(&body, y);
		open = 1;
	}
	if (open)
		buf_printf(&body, "\" fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2\"/>\n", chart_colour(0));
	/* Markers, values and period labels. */
	for (i = 0; i < c->nlabels; i++) {
		const struct stats_value *v = &c->values[i * c->nseries];

		x = left + step * (double)i;
		if (v->state == DISCLOSURE_SHOWN) {
			y = bottom - (double)v->count * (bottom - top) /
			    (double)max;
			buf_puts(&body, "<circle cx=\"");
			chart_coord(&body, x);
			buf_puts(&body, "\" cy=\"");
			chart_coord(&body, y);
			buf_printf(&body, "\" r=\"3.5\" fill=\"%s\"/>\n",
			    chart_colour(0));
		} else {
			y = bottom;
			buf_puts(&body, "<circle cx=\"");
			chart_coord(&body, x);
			buf_puts(&body, "\" cy=\"");
			chart_coord(&body, y);
			buf_puts(&body, "\" r=\"4\" fill=\"#ffffff\" stroke=\""
			    AXIS "\" stroke-dasharray=\"2 1.5\"/>\n");
		}
		buf_init(&value);
		stats_value_text(&value, c, v);
		w = stats_text_width(buf_cstr(&value), 11);
		/* Under a valley's point unless that reaches the period
		 * labels; values over and under points clear their own row. */
		under = stats_valley(c, i) && y + 22 < bottom - 2;
		if (x - w / 2 > cleared[under] + 3) {
			stats_text_halo(&body, x, under ? y + 16 : y - 8, 11);
			buf_append(&body, value.data, value.len);
			stats_text_end(&body);
			cleared[under] = x + w / 2;
		}
		buf_cleanup(&value);
		if (i % every == 0) {
			stats_text(&body, x, bottom + 16, 12, "middle");
			html_txt(&body, c->labels[i]);
			stats_text_end(&body);
		}
	}
	chart_svg(b, c->id, c->title, c->desc, c->nseries, bottom + 24, &body);
	buf_cleanup(&body);
}

void
stats_chart_series(struct stats_chart *c, const char **labels,
    const struct stats_value *values, size_t n)
{
	c->labels = labels;
	c->nlabels = n;
	c->values = values;
	c->nseries = 1;
	c->small = "< 5";
	c->hidden = "\xc3\x97";
}

const char *
stats_chart_svg(struct arena *a,
    void (*draw)(struct buf *, const struct stats_chart *),
    const struct stats_chart *c)
{
	struct buf b;
	const char *s;

	buf_init(&b);
	draw(&b, c);
	s = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return s;
}

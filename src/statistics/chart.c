/*
 * chart.c - statistics charts as SVG (see chart.h for the rules).
 *
 * User units of a viewBox 320 wide; text 14 units on bars (12.6 px on a
 * 320 px phone, the smallest the site allows), 12 on the line chart's
 * axis.  Numbers are written by view/chart.h's chart_number(), text by
 * view/escape.h, so the statistics charts escape and format exactly as
 * the rest of the site does.
 */
#include <stdio.h>
#include <string.h>

#include "statistics/chart.h"
#include "view/chart.h"
#include "view/escape.h"

#define W 320
#define TEXT "#1a1a1a"
#define AXIS "#4d4d4d"
#define BAR_H 18
#define FONT 14

/* Colours with >= 3:1 contrast on white, as in view/chart.c. */
static const char *const colour[STATS_SERIES_MAX] = {
	"#0000bf", "#bd2719", "#00754a", "#6a4c93",
};

/* A coordinate with at most one decimal. */
static void
stats_coord(struct buf *b, double v)
{
	char tmp[32];
	size_t n;

	snprintf(tmp, sizeof(tmp), "%.1f", v);
	n = strlen(tmp);
	if (n > 2 && strcmp(tmp + n - 2, ".0") == 0)
		tmp[n - 2] = '\0';
	buf_puts(b, tmp);
}

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

/* <text> at x, y with the given size and anchor; the caller writes the
 * content and stats_text_end(). */
static void
stats_text(struct buf *b, double x, double y, int size, const char *anchor)
{
	buf_puts(b, "<text x=\"");
	stats_coord(b, x);
	buf_puts(b, "\" y=\"");
	stats_coord(b, y);
	buf_printf(b, "\" font-size=\"%d\" fill=\"" TEXT "\"", size);
	if (anchor != NULL)
		buf_printf(b, " text-anchor=\"%s\"", anchor);
	buf_putc(b, '>');
}

static void
stats_text_end(struct buf *b)
{
	buf_puts(b, "</text>\n");
}

/* The fill of series s: solid for the first, a pattern for the others. */
static void
stats_fill(struct buf *b, const struct stats_chart *c, size_t s)
{
	if (s % STATS_SERIES_MAX == 0) {
		buf_puts(b, colour[0]);
		return;
	}
	buf_puts(b, "url(#");
	html_attr(b, c->id);
	buf_printf(b, "-p%zu)", s % STATS_SERIES_MAX);
}

/* Hatched, dotted and striped patterns on white for series 1..3. */
static void
stats_defs(struct buf *b, const struct stats_chart *c)
{
	static const char *const shape[STATS_SERIES_MAX] = { NULL,
	    "<rect width=\"3\" height=\"6\" fill=\"%s\"/>",
	    "<circle cx=\"3\" cy=\"3\" r=\"1.8\" fill=\"%s\"/>",
	    "<rect width=\"6\" height=\"3\" fill=\"%s\"/>" };
	size_t s;

	if (c->nseries < 2)
		return;
	buf_puts(b, "<defs>\n");
	for (s = 1; s < c->nseries && s < STATS_SERIES_MAX; s++) {
		buf_puts(b, "<pattern id=\"");
		html_attr(b, c->id);
		buf_printf(b, "-p%zu\" patternUnits=\"userSpaceOnUse\" width=\"6\" "
		    "height=\"6\"%s><rect width=\"6\" height=\"6\" "
		    "fill=\"#ffffff\"/>", s, s == 1 ?
		    " patternTransform=\"rotate(45)\"" : "");
		buf_printf(b, shape[s], colour[s]);
		buf_puts(b, "</pattern>\n");
	}
	buf_puts(b, "</defs>\n");
}

/* The opening <svg> with its name and description, then the body. */
static void
stats_svg(struct buf *b, const struct stats_chart *c, double height,
    const struct buf *body)
{
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"chart\" viewBox=\"0 0 %d ", W);
	stats_coord(b, height);
	buf_puts(b, "\" role=\"img\" aria-labelledby=\"");
	html_attr(b, c->id);
	buf_puts(b, "-t ");
	html_attr(b, c->id);
	buf_puts(b, "-d\">\n<title id=\"");
	html_attr(b, c->id);
	buf_puts(b, "-t\">");
	html_txt(b, c->title);
	buf_puts(b, "</title>\n<desc id=\"");
	html_attr(b, c->id);
	buf_puts(b, "-d\">");
	html_txt(b, c->desc);
	buf_puts(b, "</desc>\n");
	stats_defs(b, c);
	buf_append(b, body->data, body->len);
	buf_puts(b, "</svg>\n");
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
	buf_puts(b, "<rect x=\"");
	stats_coord(b, x);
	buf_puts(b, "\" y=\"");
	stats_coord(b, y);
	buf_puts(b, "\" width=\"");
	stats_coord(b, w);
	buf_puts(b, "\" height=\"");
	stats_coord(b, h);
	buf_puts(b, "\" fill=\"#ffffff\" stroke=\"" AXIS "\" "
	    "stroke-dasharray=\"3 2\"/>\n");
}

/* Bars take 60% of the width; the value text follows the bar. */
void
stats_chart_bars(struct buf *b, const struct stats_chart *c)
{
	struct buf body;
	double area = W * 0.6, y = 0, w;
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
				buf_puts(&body, "<rect x=\"0\" y=\"");
				stats_coord(&body, y);
				buf_puts(&body, "\" width=\"");
				stats_coord(&body, w);
				buf_printf(&body, "\" height=\"%d\" fill=\"%s\"/>\n",
				    BAR_H, colour[0]);
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
	stats_svg(b, c, y, &body);
	buf_cleanup(&body);
}

void
stats_chart_stacked(struct buf *b, const struct stats_chart *c)
{
	struct buf body;
	double area = W - 2, y = 0, x, w;
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
			buf_puts(&body, "<rect x=\"");
			stats_coord(&body, x);
			buf_puts(&body, "\" y=\"");
			stats_coord(&body, y);
			buf_puts(&body, "\" width=\"");
			stats_coord(&body, w);
			buf_printf(&body, "\" height=\"%d\" fill=\"", BAR_H);
			stats_fill(&body, c, s);
			buf_printf(&body, "\" stroke=\"%s\"/>\n",
			    colour[s % STATS_SERIES_MAX]);
			x += w;
		}
		y += BAR_H;
		/* The key under the bar: a swatch, the name and the value. */
		for (s = 0; s < c->nseries; s++) {
			const struct stats_value *v = &c->values[i * c->nseries
			    + s];

			y += 20;
			if (v->state == DISCLOSURE_SHOWN) {
				buf_puts(&body, "<rect x=\"0\" y=\"");
				stats_coord(&body, y - 12);
				buf_puts(&body, "\" width=\"14\" height=\"14\" "
				    "fill=\"");
				stats_fill(&body, c, s);
				buf_printf(&body, "\" stroke=\"%s\"/>\n",
				    colour[s % STATS_SERIES_MAX]);
			} else
				stats_hidden_mark(&body, 0, y - 12, 14, 14);
			stats_text(&body, 20, y, FONT, NULL);
			html_txt(&body, c->series[s]);
			buf_puts(&body, ": ");
			stats_value_text(&body, c, v);
			stats_text_end(&body);
		}
		y += 14;
	}
	stats_svg(b, c, y, &body);
	buf_cleanup(&body);
}

/*
 * The plot runs from x 20 to 300 and from y 24 (the top value's label
 * above it) to 150; labels below the axis, every one when they fit
 * (twelve months do), else every other.
 */
void
stats_chart_line(struct buf *b, const struct stats_chart *c)
{
	const double left = 20, right = W - 20, top = 24, bottom = 150;
	struct buf body;
	double x, y, step;
	int64_t max;
	size_t i, every;
	int open = 0;

	if (c->nlabels == 0 || c->values == NULL)
		return;
	max = stats_max(c, 0);
	step = c->nlabels > 1 ? (right - left) / (double)(c->nlabels - 1) : 0;
	every = c->nlabels > 12 ? 2 : 1;
	buf_init(&body);
	buf_printf(&body, "<line x1=\"%g\" x2=\"%g\" y1=\"%g\" y2=\"%g\" "
	    "stroke=\"" AXIS "\"/>\n", left, right, bottom, bottom);
	/* The line, broken where a point is hidden. */
	for (i = 0; i < c->nlabels; i++) {
		const struct stats_value *v = &c->values[i * c->nseries];

		if (v->state != DISCLOSURE_SHOWN) {
			if (open)
				buf_printf(&body, "\" fill=\"none\" stroke=\"%s\" "
				    "stroke-width=\"2\"/>\n", colour[0]);
			open = 0;
			continue;
		}
		x = left + step * (double)i;
		y = bottom - (double)v->count * (bottom - top) / (double)max;
		buf_puts(&body, open ? " " : "<polyline points=\"");
		stats_coord(&body, x);
		buf_putc(&body, ',');
		stats_coord(&body, y);
		open = 1;
	}
	if (open)
		buf_printf(&body, "\" fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2\"/>\n", colour[0]);
	/* Markers, values and period labels. */
	for (i = 0; i < c->nlabels; i++) {
		const struct stats_value *v = &c->values[i * c->nseries];

		x = left + step * (double)i;
		if (v->state == DISCLOSURE_SHOWN) {
			y = bottom - (double)v->count * (bottom - top) /
			    (double)max;
			buf_puts(&body, "<circle cx=\"");
			stats_coord(&body, x);
			buf_puts(&body, "\" cy=\"");
			stats_coord(&body, y);
			buf_printf(&body, "\" r=\"3.5\" fill=\"%s\"/>\n",
			    colour[0]);
		} else {
			y = bottom;
			buf_puts(&body, "<circle cx=\"");
			stats_coord(&body, x);
			buf_puts(&body, "\" cy=\"");
			stats_coord(&body, y);
			buf_puts(&body, "\" r=\"4\" fill=\"#ffffff\" stroke=\""
			    AXIS "\" stroke-dasharray=\"2 1.5\"/>\n");
		}
		stats_text(&body, x, y - 8, 11, "middle");
		stats_value_text(&body, c, v);
		stats_text_end(&body);
		if (i % every == 0) {
			stats_text(&body, x, bottom + 16, 12, "middle");
			html_txt(&body, c->labels[i]);
			stats_text_end(&body);
		}
	}
	stats_svg(b, c, bottom + 24, &body);
	buf_cleanup(&body);
}

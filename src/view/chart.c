/*
 * chart.c - SVG bar charts (see chart.h for the accessibility rules).
 *
 * The geometry is in user units of a 320-unit-wide viewBox.  Text widths
 * are estimated at 0.6 em per character, which is generous for the
 * system-ui fonts the site uses, so labels wrap a little early rather than
 * run out of the picture.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "view/chart.h"
#include "view/escape.h"

#define LABEL_SIZE 14		/* group labels (font-size) */
#define VALUE_SIZE 14		/* values and legend */
#define LINE_STEP 18		/* distance between label lines */
#define BAR_HEIGHT 18
#define BAR_STEP 23		/* from one bar to the next in a group */
#define GROUP_GAP 10
#define TEXT_FILL "#1a1a1a"
#define AXIS_STROKE "#4d4d4d"

/* The look of each series: a colour with >= 3:1 contrast on white
 * (#0000bf 12:1, #bd2719 6.1:1, #00754a 5.8:1, #6a4c93 6.9:1) and a
 * pattern, so that two series differ in more than colour. */
static const char *const series_colour[CHART_SERIES_MAX] = {
	"#0000bf", "#bd2719", "#00754a", "#6a4c93",
};

const char *
chart_colour(size_t s)
{
	return series_colour[s % CHART_SERIES_MAX];
}

/* Characters (UTF-8 code points) of the n bytes at s. */
static size_t
chart_chars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			k++;
	return k;
}

/* Estimated width of text of k characters at font size `size`. */
static double
chart_text_width(size_t k, int size)
{
	return (double)k * size * 0.6;
}

void
chart_number(char *out, size_t size, double v, int decimals, char mark)
{
	char *dot;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 3)
		decimals = 3;
	snprintf(out, size, "%.*f", decimals, v);
	if (out[0] == '-' && strspn(out + 1, "0.,") == strlen(out + 1))
		memmove(out, out + 1, strlen(out));
	if ((dot = strpbrk(out, ".,")) != NULL)
		*dot = mark == ',' ? ',' : '.';
}

void
chart_coord(struct buf *b, double v)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%.1f", v);
	if (strlen(tmp) > 2 && strcmp(tmp + strlen(tmp) - 2, ".0") == 0)
		tmp[strlen(tmp) - 2] = '\0';
	buf_puts(b, tmp);
}

void
chart_rect(struct buf *b, double x, double y, double w, double h)
{
	buf_puts(b, "<rect x=\"");
	chart_coord(b, x);
	buf_puts(b, "\" y=\"");
	chart_coord(b, y);
	buf_puts(b, "\" width=\"");
	chart_coord(b, w);
	buf_puts(b, "\" height=\"");
	chart_coord(b, h);
	buf_putc(b, '"');
}

static bool
chart_missing(double v)
{
	return isnan(v) || v < 0;
}

/*
 * Writes the label s in lines of at most `width` units, breaking at
 * spaces (a word longer than a line gets a line of its own), each line a
 * <text> at x 0, the first baseline at *y; *y ends below the last line.
 */
static void
chart_label(struct buf *b, const char *s, double width, double *y)
{
	size_t per_line = (size_t)(width / (LABEL_SIZE * 0.6));
	const char *p = s, *line, *best, *q;

	if (per_line < 8)
		per_line = 8;
	while (*p == ' ')
		p++;
	do {
		/* The longest run of whole words that fits; at least one. */
		line = p;
		best = NULL;
		for (q = p;; q++) {
			if (*q != ' ' && *q != '\0')
				continue;
			if (best != NULL &&
			    chart_chars(line, (size_t)(q - line)) > per_line)
				break;
			best = q;
			if (*q == '\0')
				break;
		}
		buf_puts(b, "<text x=\"0\" y=\"");
		chart_coord(b, *y);
		buf_printf(b, "\" font-size=\"%d\" font-weight=\"600\" fill=\""
		    TEXT_FILL "\">", LABEL_SIZE);
		html_txt_n(b, line, (size_t)(best - line));
		buf_puts(b, "</text>\n");
		*y += LINE_STEP;
		p = best;
		while (*p == ' ')
			p++;
	} while (*p != '\0');
}

void
chart_fill(struct buf *b, const char *id, size_t s)
{
	if (s % CHART_SERIES_MAX == 0) {
		buf_puts(b, series_colour[0]);
		return;
	}
	buf_puts(b, "url(#");
	html_attr(b, id);
	buf_printf(b, "-p%zu)", s % CHART_SERIES_MAX);
}

/* Hatched (1), dotted (2) and striped (3) patterns for the series after
 * the first, each with white ground so it reads the same on any page. */
static void
chart_defs(struct buf *b, const char *id, size_t nseries)
{
	size_t s;

	if (nseries < 2)
		return;
	buf_puts(b, "<defs>\n");
	for (s = 1; s < nseries && s < CHART_SERIES_MAX; s++) {
		const char *col = series_colour[s];

		buf_puts(b, "<pattern id=\"");
		html_attr(b, id);
		buf_printf(b, "-p%zu\" patternUnits=\"userSpaceOnUse\" ", s);
		switch (s) {
		case 1:
			buf_printf(b, "width=\"6\" height=\"6\" "
			    "patternTransform=\"rotate(45)\"><rect width=\"6\" "
			    "height=\"6\" fill=\"#ffffff\"/><rect width=\"3\" "
			    "height=\"6\" fill=\"%s\"/>", col);
			break;
		case 2:
			buf_printf(b, "width=\"5\" height=\"5\"><rect "
			    "width=\"5\" height=\"5\" fill=\"#ffffff\"/><circle "
			    "cx=\"2.5\" cy=\"2.5\" r=\"1.6\" fill=\"%s\"/>", col);
			break;
		default:
			buf_printf(b, "width=\"6\" height=\"6\"><rect "
			    "width=\"6\" height=\"6\" fill=\"#ffffff\"/><rect "
			    "width=\"6\" height=\"3\" fill=\"%s\"/>", col);
			break;
		}
		buf_puts(b, "</pattern>\n");
	}
	buf_puts(b, "</defs>\n");
}

void
chart_swatch(struct buf *b, const char *id, size_t s, double x, double y,
    double w, double h)
{
	chart_rect(b, x, y, w, h);
	buf_puts(b, " fill=\"");
	chart_fill(b, id, s);
	buf_printf(b, "\" stroke=\"%s\" stroke-width=\"1\"/>\n",
	    series_colour[s % CHART_SERIES_MAX]);
}

/* Opens a value's text at (x, y); the caller writes it and "</text>". */
static void
chart_value_text(struct buf *b, double x, double y)
{
	buf_puts(b, "<text x=\"");
	chart_coord(b, x);
	buf_puts(b, "\" y=\"");
	chart_coord(b, y);
	buf_printf(b, "\" font-size=\"%d\" fill=\"" TEXT_FILL "\">",
	    VALUE_SIZE);
}

/* One bar (or none for zero and missing values) with its value text. */
static void
chart_bar(struct buf *b, const struct chart *c, size_t s, double v,
    double scale, double area, double y)
{
	char num[48];
	double w = 0;

	if (!chart_missing(v)) {
		w = v * scale;
		if (w > area)
			w = area;
		chart_number(num, sizeof(num), v, c->decimals, c->decimal_mark);
	}
	if (w > 0)
		chart_swatch(b, c->id, s, 0, y, w, BAR_HEIGHT);
	chart_value_text(b, w + 5, y + 14);
	if (c->nseries > 1) {
		html_txt(b, c->series[s]);
		buf_putc(b, ' ');
	}
	html_txt(b, chart_missing(v) ? (c->no_value ? c->no_value : "–") : num);
	buf_puts(b, "</text>\n");
}

/* The legend: a swatch and the name of each series, wrapped to the
 * width; *y ends below it. */
static void
chart_legend(struct buf *b, const struct chart *c, double *y)
{
	double x = 0, w;
	size_t s;

	for (s = 0; s < c->nseries; s++) {
		w = 16 + 5 + chart_text_width(chart_chars(c->series[s],
		    strlen(c->series[s])), VALUE_SIZE) + 14;
		if (x > 0 && x + w > CHART_WIDTH) {
			x = 0;
			*y += 24;
		}
		chart_swatch(b, c->id, s, x, *y, 16, 16);
		chart_value_text(b, x + 21, *y + 13);
		html_txt(b, c->series[s]);
		buf_puts(b, "</text>\n");
		x += w;
	}
	*y += 16 + 12;
}

/*
 * The scale: the caller's maximum, or the largest value; bars get the
 * width left after the longest value text, so no text leaves the
 * picture (the value of a bar at the maximum sits right of it).
 */
void
chart_bars(struct buf *b, const struct chart *c)
{
	struct buf body;
	size_t g, s, k, longest = 1;
	double max = c->max, area, scale, y = 0, top;
	char num[48];

	if (c->ngroups == 0 || c->nseries == 0 || c->values == NULL)
		return;
	if (max <= 0 || isnan(max)) {
		max = 0;
		for (g = 0; g < c->ngroups * c->nseries; g++)
			if (!chart_missing(c->values[g]) && c->values[g] > max)
				max = c->values[g];
		if (max <= 0)
			max = 1;
	}
	for (g = 0; g < c->ngroups * c->nseries; g++) {
		s = g % c->nseries;
		if (chart_missing(c->values[g]))
			k = c->no_value ? chart_chars(c->no_value,
			    strlen(c->no_value)) : 1;
		else {
			chart_number(num, sizeof(num), c->values[g] > max ?
			    max : c->values[g], c->decimals, c->decimal_mark);
			k = strlen(num);
		}
		if (c->nseries > 1)
			k += chart_chars(c->series[s], strlen(c->series[s])) + 1;
		if (k > longest)
			longest = k;
	}
	area = CHART_WIDTH - 5 - chart_text_width(longest, VALUE_SIZE) - 2;
	if (area < CHART_WIDTH / 3)
		area = CHART_WIDTH / 3;
	scale = area / max;

	buf_init(&body);
	if (c->nseries > 1)
		chart_legend(&body, c, &y);
	for (g = 0; g < c->ngroups; g++) {
		y += LABEL_SIZE;
		chart_label(&body, c->groups[g] ? c->groups[g] : "", CHART_WIDTH,
		    &y);
		y -= LINE_STEP - 6;
		top = y;
		for (s = 0; s < c->nseries; s++) {
			chart_bar(&body, c, s, c->values[g * c->nseries + s],
			    scale, area, y);
			y += BAR_STEP;
		}
		/* The axis the bars of this group start from. */
		buf_puts(&body, "<line x1=\"0.5\" x2=\"0.5\" y1=\"");
		chart_coord(&body, top - 2);
		buf_puts(&body, "\" y2=\"");
		chart_coord(&body, y - BAR_STEP + BAR_HEIGHT + 2);
		buf_puts(&body, "\" stroke=\"" AXIS_STROKE "\" stroke-width=\"1\"/>\n");
		y += GROUP_GAP;
	}
	y -= GROUP_GAP;

	chart_svg(b, c->id, c->title, c->desc, c->nseries, ceil(y + 2), &body);
	buf_cleanup(&body);
}

void
chart_svg(struct buf *b, const char *id, const char *title, const char *desc,
    size_t nseries, double height, const struct buf *body)
{
	buf_puts(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
	    "viewBox=\"0 0 ");
	buf_printf(b, "%d ", CHART_WIDTH);
	chart_coord(b, height);
	buf_puts(b, "\" role=\"img\" aria-labelledby=\"");
	html_attr(b, id);
	buf_puts(b, "-t ");
	html_attr(b, id);
	buf_puts(b, "-d\">\n<title id=\"");
	html_attr(b, id);
	buf_puts(b, "-t\">");
	html_txt(b, title);
	buf_puts(b, "</title>\n<desc id=\"");
	html_attr(b, id);
	buf_puts(b, "-d\">");
	html_txt(b, desc);
	buf_puts(b, "</desc>\n");
	chart_defs(b, id, nseries);
	buf_append(b, body->data, body->len);
	buf_puts(b, "</svg>\n");
}

/*
 * chart.h - accessible bar charts drawn on the server as inline SVG.
 *
 * A chart is an <svg role="img" aria-labelledby="ID-t ID-d"> with a <title>
 * and a <desc>; the page puts a <table> of the same figures right after it,
 * since the picture alone serves only sighted readers.  The charts obey
 * the site's rules without help from the caller:
 *
 *   - every bar carries its value as text, and with several series each
 *     bar is also named and drawn in its own pattern (solid, hatched,
 *     dotted, striped), so colour is never the only cue (WCAG 1.4.1);
 *   - every colour has at least 3:1 contrast against white (1.4.11) and
 *     text is dark (#1a1a1a, 17:1);
 *   - text is 14 user units in a viewBox 320 units wide, so on a phone
 *     320 CSS pixels wide, where the page's margins leave 288 pixels for
 *     the chart, text is still 12.6 px; site.css caps the width on larger
 *     screens so that text stays near the page's own size;
 *   - no style attributes (the CSP forbids them): presentation attributes
 *     only, width set by the viewBox;
 *   - labels, titles and descriptions are escaped (view/escape.h).
 */
#ifndef TV_VIEW_CHART_H
#define TV_VIEW_CHART_H

#include <stddef.h>

#include "base/buf.h"

#define CHART_WIDTH 320		/* viewBox width in user units */
#define CHART_SERIES_MAX 4	/* series with a pattern of their own */

struct chart {
	const char *id;		/* unique on the page, [A-Za-z0-9_-]: the ids
				 * "ID-t" and "ID-d" and the patterns' ids */
	const char *title;	/* <title>: what the chart shows */
	const char *desc;	/* <desc>: the main finding, in a sentence */
	const char *const *groups;	/* category labels (one per group) */
	size_t ngroups;
	const char *const *series;	/* series names (1..CHART_SERIES_MAX) */
	size_t nseries;
	const double *values;	/* ngroups * nseries values, group by group:
				 * values[g * nseries + s]; negative or NaN
				 * means "no value" */
	double max;		/* the end of the scale; <= 0: the largest value
				 * (a chart of zeros gets a scale of 1) */
	int decimals;		/* digits after the mark in value labels (0..3) */
	char decimal_mark;	/* '.' (English) or ',' (Finnish, Swedish) */
	const char *no_value;	/* shown for a missing value, e.g. "no data" */
};

/*
 * Writes a horizontal bar chart: for each group its label (wrapped to the
 * width), then one bar per series with its value (and, with more than one
 * series, the series name) after it; a legend first when there are
 * several series.  Nothing is written for a chart without groups or
 * series.
 */
void chart_bars(struct buf *b, const struct chart *c);

/* A value as the chart writes it: `decimals` digits, the given mark. */
void chart_number(char *out, size_t size, double v, int decimals, char mark);

/*
 * The parts every chart of the site is made of, for charts drawn by their
 * own module (statistics/chart.h), so that all charts look, scale and read
 * alike:
 *
 *   chart_svg()	the <svg role="img"> of CHART_WIDTH units with its
 *			<title id="ID-t">, <desc id="ID-d">, the patterns of
 *			series 1.. (when nseries > 1), then body, </svg>;
 *   chart_fill()	the fill of series s: the first colour, or the
 *			pattern url(#ID-pN) chart_svg() defined;
 *   chart_colour()	series s's colour (lines, outlines, legend marks);
 *   chart_coord()	a coordinate with at most one decimal;
 *   chart_rect()	a <rect at x, y, w by h, open for the caller's fill;
 *   chart_swatch()	that rect filled and outlined as series s (a bar,
 *			a part of one, a legend's mark).
 */
void chart_svg(struct buf *b, const char *id, const char *title,
    const char *desc, size_t nseries, double height, const struct buf *body);
void chart_fill(struct buf *b, const char *id, size_t s);
const char *chart_colour(size_t s);
void chart_coord(struct buf *b, double v);
void chart_rect(struct buf *b, double x, double y, double w, double h);
void chart_swatch(struct buf *b, const char *id, size_t s, double x, double y,
    double w, double h);

#endif

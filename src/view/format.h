/*
 * format.h - values formatted for the page being rendered (its language,
 * its arena), for use inside templates.
 */
#ifndef TV_VIEW_FORMAT_H
#define TV_VIEW_FORMAT_H

#include <stdint.h>

#include "http/request.h"
#include "view/view.h"

/* "keskiviikko 6.10.2021 klo 9.00" in v->lang, Helsinki time. */
const char *format_datetime(struct view *v, int64_t t);

/* "6.10.2021" / "6 October 2021". */
const char *format_date(struct view *v, int64_t t);

/* "2021-10-06T06:00:00Z" for <time datetime>. */
const char *format_iso(struct view *v, int64_t t);

/*
 * The separator of a CSV export, one rule for every export: ?sep=comma or
 * ?sep=semicolon when asked; otherwise ';' on Finnish and Swedish pages
 * (a spreadsheet in those locales takes ',' as the decimal mark) and ','
 * on English ones.  0, or -1 for any other ?sep (the caller answers 400).
 */
int format_csv_sep(struct request *r, char *out);

#endif

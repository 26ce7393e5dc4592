/*
 * format.h - values formatted for the page being rendered (its language,
 * its arena), for use inside templates.
 */
#ifndef TV_VIEW_FORMAT_H
#define TV_VIEW_FORMAT_H

#include <stdint.h>

#include "view/view.h"

/* "keskiviikko 6.10.2021 klo 9.00" in v->lang, Helsinki time. */
const char *format_datetime(struct view *v, int64_t t);

/* "6.10.2021" / "6 October 2021". */
const char *format_date(struct view *v, int64_t t);

/* "2021-10-06T06:00:00Z" for <time datetime>. */
const char *format_iso(struct view *v, int64_t t);

#endif

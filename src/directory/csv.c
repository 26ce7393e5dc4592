/*
 * csv.c - service points as a spreadsheet (csv.h).
 *
 * A row is written from the same texts the edit form shows (hours as
 * "10-16, 17-19" per weekday and state, single days one per line in the
 * cell, each with its notes after a bar), so a coordinator reads and
 * writes what the form would.  The yes/no columns are 1 or 0 (the reader
 * also takes kyllä/ei, ja/nej, yes/no, x and empty); topics and forms
 * of support are their keys separated by commas.  The reader is in
 * csv_read.c.
 */
#include <string.h>

#include "base/csvout.h"
#include "directory/csv.h"
#include "directory/views.h"

/* --- the export --- */

void
directory_csv_header(struct buf *b)
{
	struct csvout c;
	size_t i;

	csvout_init(&c, b, ';', true);
	for (i = 0; i < DIR_CSV_COLUMNS; i++)
		csvout_text(&c, dir_csv_columns[i]);
	csvout_end(&c);
}

static const char *
joined(struct arena *a, const char *const *v, size_t n)
{
	struct buf b;
	const char *s;
	size_t i;

	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", v[i]);
	s = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return s;
}

void
directory_csv_point(struct arena *a, struct buf *b,
    const struct service_point *p)
{
	struct dir_edit_view ev;
	const struct dir_form *f = &ev.f;
	struct csvout c;
	int l, d;

	memset(&ev, 0, sizeof(ev));
	directory_form_from(a, LANG_FI, p, &ev);
	csvout_init(&c, b, ';', false);
	csvout_int(&c, p->id);
	csvout_text(&c, f->municipality);
	csvout_text(&c, f->status);
	csvout_text(&c, f->organisation);
	for (l = 0; l < LANG_COUNT; l++)
		csvout_text(&c, f->name[l]);
	for (l = 0; l < LANG_COUNT; l++)
		csvout_text(&c, f->summary[l]);
	for (l = 0; l < LANG_COUNT; l++)
		csvout_text(&c, f->description[l]);
	for (l = 0; l < LANG_COUNT; l++)
		csvout_text(&c, f->costs[l]);
	for (l = 0; l < LANG_COUNT; l++)
		csvout_text(&c, f->booking[l]);
	csvout_text(&c, f->street);
	csvout_text(&c, f->postcode);
	csvout_text(&c, f->post_office);
	csvout_text(&c, f->lat);
	csvout_text(&c, f->lon);
	csvout_text(&c, f->phone);
	csvout_text(&c, f->email);
	csvout_text(&c, f->web);
	csvout_int(&c, f->free_of_charge);
	csvout_int(&c, f->closed_on_holidays);
	csvout_text(&c, joined(a, p->topics, p->ntopics));
	csvout_text(&c, joined(a, p->forms, p->nforms));
	csvout_text(&c, f->languages);
	for (d = 0; d < FACT_COUNT; d++)
		csvout_int(&c, f->facts[d]);
	for (d = 0; d < 7; d++)
		csvout_text(&c, f->week[d]);
	for (d = 0; d < 7; d++)
		csvout_text(&c, f->appt[d]);
	for (d = 0; d < 7; d++)
		csvout_text(&c, f->self[d]);
	/* One line a day, without the last line end. */
	csvout_text(&c, arena_strndup(a, f->exceptions,
	    strlen(f->exceptions) > 0 ? strlen(f->exceptions) - 1 : 0));
	for (l = 0; l < LANG_COUNT; l++)
		csvout_text(&c, f->access_notes[l]);
	csvout_end(&c);
}


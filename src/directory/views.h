/*
 * views.h - what the directory templates (templates/directory/) are given.
 */
#ifndef TV_DIRECTORY_VIEWS_H
#define TV_DIRECTORY_VIEWS_H

#include "directory/directory.h"
#include "network/network.h"
#include "view/form.h"
#include "view/view.h"

/* A filter in force, and the address of the same search without it. */
struct dir_active {
	const char *label;		/* "Topic: Online banking" */
	const char *without;		/* href */
};

struct dir_search_view {
	/* The form as sent. */
	const char *q, *municipality, *topic, *form, *language, *need;
	const char *open, *date, *time, *sort, *near;
	const char *lat, *lon;		/* the browser's position, "60.393" */
	bool here;			/* distances from lat, lon */
	const struct dir_choice *areas, *topics, *forms;
	size_t nareas, ntopics, nforms;
	const char **langs;		/* codes */
	const char **lang_labels;	/* their names in the page's language */
	size_t nlangs;
	struct form_errors errors;
	bool searched;			/* any field given */
	const struct dir_hit *hits;
	size_t nhits;
	const char **hit_hours;		/* today's sentence per hit */
	const char **hit_km;		/* "2,4 km", or NULL */
	const char **hit_lat, **hit_lon;	/* "60.123456", or NULL */
	/* The map over the results (config map_tiles), or NULL: no map. */
	const char *map_tiles, *map_attribution;
	int64_t total, page, pages;
	bool over;			/* more than DIR_COUNT_MAX results */
	const char *prev, *next;	/* hrefs, NULL none */
	const struct dir_active *active;
	size_t nactive;
	const char *open_label;		/* "Open now" / "Open 5.12. at 14.00" */
	const char *base;		/* the search page's path */
};

/* One row of the hours table. */
struct dir_day_row {
	const char *day;		/* "Monday 7.12." */
	const char *hours;		/* "10–16, 17–19 (by appointment)" */
	const char *note;		/* holiday, exception or period; "" */
	enum lang note_lang;
	bool today;
};

/* What the page says about one need. */
struct dir_need_row {
	const char *title;		/* "Wheelchair" */
	const char *sentence;
	const char **facts;		/* "Step-free entrance: yes" */
	size_t nfacts;
};

struct dir_point_view {
	const struct service_point *p;
	enum lang name_lang, summary_lang, desc_lang, costs_lang, booking_lang;
	const char *name, *summary, *description, *costs, *booking;
	const char *today, *tomorrow;	/* the plain sentences */
	const struct dir_day_row *days;
	size_t ndays;
	const struct dir_need_row *needs;
	size_t nneeds;
	/* The accessibility notes in the page's language (or the one they
	 * are in, notes_lang), a paragraph a line. */
	const char **notes;
	size_t nnotes;
	enum lang notes_lang;
	const char **topic_labels, **form_labels, **lang_labels;
	const char *updated;		/* date of the last change */
	bool may_edit;
	const char *edit_href;
	const char *map_href;		/* OpenStreetMap link, or NULL */
	const char *jsonld;		/* schema.org JSON-LD, or NULL */
};

/* The staff list. */
struct dir_manage_view {
	const struct dir_hit *hits;
	size_t nhits;
	bool may_add;
	bool may_bulk;			/* CSV export and import */
	const struct municipality *widgets;	/* whose widget the user sets */
	size_t nwidgets;
	const char *notice;		/* msgid */
};

/* The edit form's fields as written. */
struct dir_form {
	const char *name[LANG_COUNT], *summary[LANG_COUNT];
	const char *description[LANG_COUNT], *costs[LANG_COUNT];
	const char *booking[LANG_COUNT];
	const char *access_notes[LANG_COUNT];
	const char *organisation, *municipality, *status;
	const char *street, *postcode, *post_office, *lat, *lon;
	const char *phone, *email, *web, *languages;
	bool free_of_charge, closed_on_holidays;
	bool facts[FACT_COUNT];
	bool *topic_on, *form_on;	/* per choice */
	const char *week[7];		/* open hours per weekday */
	const char *appt[7];		/* by appointment per weekday */
	const char *self[7];		/* self-service per weekday */
	/* lines "2026-12-24 closed", "2026-12-31 10-14", each optionally
	 * with its note: "... | fi | sv | en" */
	const char *exceptions;
};

struct dir_edit_view {
	const char *csrf;
	const struct service_point *p;	/* NULL: a new point */
	struct dir_form f;
	const struct dir_choice *areas, *topics, *forms;
	size_t nareas, ntopics, nforms;
	struct form_errors errors;
	const char *notice;		/* msgid */
	const char *action;		/* the form's href */
};

/* One mistake of an import: "Line 5, column postcode" and what is
 * wrong, in the page's language. */
struct dir_import_error {
	const char *where;
	const char *text;
};

struct dir_import_view {
	const char *csrf;
	const char *action, *export_href;
	const struct dir_import_error *errors;
	size_t nerrors;
	const char *notice;		/* in the page's language, or NULL */
	const char *columns;		/* the CSV's columns, for the help */
};

/*
 * Reads the edit form (form.c) into ev->f as written and, when it has no
 * mistake, into *out (texts, lists, facts and the regular week and
 * exceptions; periods are kept from `old`).  Every mistake is recorded.
 */
void directory_form_read(struct form *f, struct dir_edit_view *ev,
    const struct service_point *old, struct service_point *out);

/* The form's values from a stored point (NULL: a new one). */
void directory_form_from(struct arena *a, enum lang l,
    const struct service_point *p, struct dir_edit_view *ev);

/* The name of a language served (ISO 639-1) in l; the code itself when
 * the catalogue has no name for it. */
const char *dir_language_label(enum lang l, const char *code);

/* A public holiday's name (holidays.h kind) in l; "" for none. */
const char *dir_holiday_name(enum lang l, int kind);

/* An accessibility fact as a sentence in l: that the place has it (yes)
 * or that it does not. */
const char *dir_fact_text(enum lang l, enum dir_fact fact, bool yes);

/*
 * The point as schema.org JSON-LD (jsonld.c): a GovernmentService whose
 * channel is a Place with its address, geo and opening hours from today
 * on, url its page's absolute address; ready for a <script
 * type="application/ld+json"> element (no <, >, & in it).  NULL when it
 * cannot be written.
 */
const char *directory_jsonld(struct arena *a, enum lang l,
    const struct service_point *p, const char *url, int32_t today);

/* Weekday names, 1 Monday .. 7 Sunday, in l. */
const char *dir_weekday(enum lang l, int weekday);

/* --- the embeddable widget (widget.c, pages.c) --- */

/* The widget page: the search's results, compact, to be framed. */
struct dir_widget_view {
	const struct dir_search_view *sv;
	const char *title;		/* "Digituki – Porvoo" */
	const char *style_href;		/* the municipality's colours, or NULL */
	const char *all_href;		/* the full search with the same filters */
	const char *site_name;
};

/* The staff page of a municipality's widget. */
struct dir_widget_edit_view {
	const struct municipality *m;
	const char *accent, *accent_text;	/* as stored or as written */
	struct form_errors errors;
	const char *notice;		/* msgid */
	const char *csrf, *action;
	const char *widget_href;	/* the widget of the municipality */
	const char *snippet;		/* the <iframe> to copy */
};

/* The address of municipality code's widget colours, versioned by them;
 * NULL when they cannot be read. */
const char *directory_widget_style_href(struct request *r, struct db *db,
    const char *code);

#endif

/*
 * pages.h - what the events module's pages show (templates/events/): the
 * public list of upcoming events
 * and the archive of past ones, the event page with its agenda and
 * registration box (pages.c), the organisers' forms for an event and its
 * status (edit.c) and for its agenda (agenda.c).
 *
 * Public pages need no account; a draft is answered 404 to anyone who may
 * not edit it and an event for the network's staff only sends anonymous
 * visitors to sign in.  The organisers' pages need ACT_EVENTS and the
 * event's region; the route loaders (loaders.c) decide both, and an event
 * outside the visitor's region is answered 404 like an unknown id.  Every change is
 * one transaction with its audit record and ends in a 303; a refused form
 * is shown again with status 400, its values kept and the mistakes listed
 * in a summary at the top, each linked to its field.
 */
#ifndef TV_EVENTS_PAGES_H
#define TV_EVENTS_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events/events.h"
#include "events/store.h"
#include "materials/materials.h"
#include "http/request.h"
#include "network/network.h"
#include "registration/registration.h"
#include "view/view.h"

#define EVENT_TITLE_MAX 200		/* characters of a title */
#define EVENT_LINE_MAX 300		/* characters of a place, an organiser */
#define EVENT_SUMMARY_MAX 1000		/* characters of a summary */
#define EVENT_TEXT_MAX 20000		/* characters of a description */
#define EVENT_URL_MAX 1000		/* bytes of a join link */
/* What the agenda item routes work on (agenda_item_loader). */
struct agenda_target {
	struct event *event;
	struct agenda_item *item;
};


/* The public list or the archive. */
struct events_list_view {
	bool past;
	const struct event_row *rows;
	size_t nrows;
	const struct municipality *munis;	/* for the filter */
	size_t nmunis;
	const char *muni, *kind, *language;	/* the filter, "" for all */
	bool more, prev;	/* pages after and before this one */
	bool may_edit;		/* show "New event" and draft marks */
	const char *base;	/* "/fi/events" or "/fi/events/archive" */
	const char *query;	/* the filter as a query string, for paging */
	int64_t now;
};

struct event_view {
	const struct event *e;
	const struct agenda_item *items;
	size_t nitems;
	bool tracks;		/* items on more than one track */
	const struct event_muni *munis;
	size_t nmunis;
	const char *description_html;
	bool past, started;
	enum reg_window reg;	/* the registration box */
	int64_t seats_left, taken, waiting;
	bool may_edit;
	const char *csrf;
	const char *notice;	/* msgid */
	int64_t attendees;	/* -1 when not recorded */
	const struct material *materials;	/* of the event and its items */
	size_t nmaterials;
	struct form_errors errors;	/* the cancellation's */
};

/* The event form. */
struct event_form_view {
	const char *csrf;
	int64_t id;			/* 0: a new event */
	bool stored_event;		/* false for a new event */
	enum event_status status;
	const struct event_fields *stored;	/* NULL for a new event */
	/* The form's values as text, as sent or as stored. */
	const char *kind, *audience;
	bool lang_on[LANG_COUNT];
	const char *place, *platform, *join_url, *organiser;
	const char *organiser_sv, *organiser_en;
	const char *title[LANG_COUNT], *summary[LANG_COUNT];
	const char *description[LANG_COUNT], *consent[LANG_COUNT];
	const char *start_date, *start_time, *end_date, *end_time;
	const char *capacity, *opens_date, *opens_time, *closes_date,
	    *closes_time, *group_max, *offer_hours, *reminder_hours;
	const struct municipality *munis;
	size_t nmunis;
	bool *muni_on;			/* nmunis flags */
	struct form_errors errors;
	const char *notice;		/* msgid */
};

/* One agenda item's form values. */
struct agenda_form {
	int64_t id;			/* 0: a new item */
	const char *kind, *date, *start, *end, *track;
	const char *title[LANG_COUNT], *description[LANG_COUNT];
	bool shift;
};

struct agenda_view {
	const char *csrf;
	const struct event *e;
	const struct agenda_item *items;
	size_t nitems;
	struct agenda_form *forms;	/* one per item */
	struct agenda_form add;		/* the new item's form */
	const struct person_card *people;
	size_t npeople;
	int64_t err_item;		/* the form the errors are about: id, 0 new */
	int64_t speaker_item;		/* a refused speaker form's item */
	struct form_errors errors;	/* under the refused form's control ids */
	const char *notice;		/* msgid */
};

/* The event page with status; errors (may be NULL) of its cancellation
 * form, which edit.c sends back. */
void events_page_render(struct request *r, const struct event *e, int status,
    const struct form_errors *errors);

/* Names for the templates. */
const char *events_status_label(enum lang l, enum event_status status);
const char *events_agenda_kind_label(enum lang l, enum agenda_kind kind);
const char *events_role_label(enum lang l, enum agenda_part role);
/* "Finnish, Swedish" for "fi,sv". */
const char *events_languages_label(struct view *v, const char *languages);
/* "9.00–9.15" (Helsinki time); with the date when the days differ. */
const char *events_time_range(struct view *v, int64_t from, int64_t to);
/* "keskiviikko 6.10.2021 klo 9.00–11.30", the whole event. */
const char *events_when(struct view *v, int64_t from, int64_t to);
/* "Name, title, organisation" or "a speaker from <organisation>". */
const char *events_person_label(struct view *v, const struct agenda_person *p);
/* The seats situation of a list row, in words. */
const char *events_seats_label(struct view *v, const struct event_row *r,
    int64_t now);
/* The stored kinds, in enum event_kind order (the forms' choices). */
extern const char *const events_kinds[];
extern const size_t events_nkinds;
extern const char *const agenda_kinds[];
extern const size_t agenda_nkinds;

/* The page that asks before the event e is cancelled (events/confirm.c),
 * with status: 200 for the GET, 400 for a POST without confirm=1. */
void events_cancel_render(struct request *r, const struct event *e,
    int status);

#endif

/*
 * events.h - events (webinars, meetings): the catalogue of events and
 * their agendas.  The read side that other pages show, and the routes.
 * Registration (registration/), attendance and the survey (attendance/)
 * and calendar files (calendar/) are modules of their own.
 */
#ifndef TV_EVENTS_EVENTS_H
#define TV_EVENTS_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/policy.h"
#include "auth/user.h"
#include "base/arena.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"
#include "view/form.h"
#include "view/i18n.h"

/* An event's states, parsed once from the stored names by the row
 * functions (event_*_parse()); pages and templates switch on these. */
enum event_status {
	EVENT_STATUS_DRAFT, EVENT_STATUS_PUBLISHED, EVENT_STATUS_CANCELLED
};
enum event_kind { EVENT_WEBINAR, EVENT_ONSITE, EVENT_HYBRID };
enum event_audience { AUDIENCE_PUBLIC, AUDIENCE_NETWORK };

/* From the stored names ("published", "on-site", "network"...); an
 * unknown name reads as the most restricted state. */
enum event_status event_status_parse(const char *s);
enum event_kind event_kind_parse(const char *s);
enum event_audience event_audience_parse(const char *s);
/* The stored name of a status ("draft", "published", "cancelled"). */
const char *event_status_name(enum event_status s);

/*
 * One event as the event page, registration, calendar and attendance see
 * it: event_get() fills it with every text already picked in the asked
 * language (falling back fi -> sv -> en), event_seats() counts the seats
 * taken and the people waiting, event_visible() says whether a user may
 * see an event at all.  A pointer added here must also be copied by
 * event_copy() in events/loaders.c, which hands the registration form's
 * kept event into each request's own arena.
 */
struct event {
	int64_t id, region_id;
	enum event_kind kind;
	enum event_status status;
	enum event_audience audience;
	const char *languages;	/* "fi", "fi,sv", "fi,sv,en"... */
	const char *place, *platform, *join_url, *organiser;
	/* In the asked language, with fallback. */
	const char *title, *summary, *description;
	enum lang title_lang;
	int64_t starts_at, ends_at, sequence;	/* UTC seconds */
	int64_t capacity;	/* -1: no registration */
	int64_t registration_opens, registration_closes;	/* 0 when NULL */
	int64_t group_max, offer_hours, reminder_hours;
	const char *consent;	/* Markdown, in the asked language */
	/* The languages the summary and description were picked in (for
	 * lang="..." on text in another language than the page). */
	enum lang summary_lang, description_lang;
	int64_t attendees;	/* -1 when not recorded */
	bool erased;		/* its registrants' personal data is erased */
};

/* 0, 1 not found, -1 error. */
int event_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct event *out);

/* The first event (by id) that starts at `starts_at`: its id, 0 when
 * there is none, -1 on error.  The demo loaders know the seed's webinar
 * by its time. */
int64_t event_id_at(struct db *db, int64_t starts_at);

/*
 * Seats taken (group sizes of 'confirmed' and 'offered' registrations) and
 * people waiting; works inside a caller's transaction.  0 or -1.
 */
int event_seats(struct db *db, int64_t event_id, int64_t *taken,
    int64_t *waiting);

/*
 * Where an event lives for the policy: its region, and published when it
 * is not a draft and its audience includes u (an event for the network's
 * staff needs an account).  Cancelled events stay visible (the page says
 * so).
 */
void event_scope(const struct user *u, const struct event *e,
    struct object_scope *s);
/* An event for the network's staff only needs an account. */
bool event_audience_reaches(const struct user *u, const struct event *e);
/* May u see this event?  policy_reaches(SCOPE_PUBLISHED) of its scope. */
bool event_visible(const struct user *u, const struct event *e);

struct event_item {
	int64_t id;
	enum event_kind kind;
	const char *title;
	enum lang title_lang;
	const char *summary;
	enum lang summary_lang;
	int64_t starts_at, ends_at;	/* UTC seconds */
	int64_t attendees;	/* -1 when not recorded */
};

/*
 * Events of a region, newest first, at most `limit`; only those in which
 * municipality `code` took part when code is not NULL.  0 or -1.
 */
int events_list(struct db *db, struct arena *a, enum lang l, int64_t region_id,
    const char *code, size_t limit, struct event_item **out, size_t *n);

/* An upcoming event for a staff member's home page, with its seats. */
struct event_upcoming {
	struct event_item item;
	bool draft;		/* not published yet */
	int64_t capacity;	/* -1: no registration */
	int64_t taken, waiting;	/* seats (group sizes), event_seats() */
	const char *titles[LANG_COUNT];	/* as stored (item.title is picked) */
};

/*
 * The next events of a region (every region for 0) that have not ended by
 * `now`, soonest first, at most `limit`: published ones for everyone and
 * for the network's staff, and drafts too when with_drafts (for those who
 * organise them).  Never cancelled ones.  0 or -1.
 */
int events_upcoming(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, int64_t now, bool with_drafts, size_t limit,
    struct event_upcoming **out, size_t *n);

/* "Webinar", "On-site event", "Hybrid event" in l. */
const char *event_kind_label(enum lang l, enum event_kind kind);

/*
 * The mistakes of a form on a page with several forms of the same fields
 * (an agenda item's, a question's): the same mistakes under the control
 * ids that form uses, "<prefix><name>".
 */
struct form_errors events_form_errors_under(struct arena *a,
    struct form_errors e, const char *prefix);

/* --- route loaders (loaders.c): the event of :id as a struct event, an
 * agenda item of it (:item) as a struct agenda_target (events/pages.h) --- */

extern const struct route_loader event_loader_page;	/* the event page */
extern const struct route_loader event_loader_visible;	/* who may see it */
/* As event_loader_visible, kept per write generation (db/memo.h): the
 * registration form and its POST, read by every visitor of a rush. */
extern const struct route_loader event_loader_form;
extern const struct route_loader event_loader_managed;	/* its organisers */
extern const struct route_loader agenda_item_loader;	/* organisers */

/* --- routes (src/app/routes.c) --- */

void events_list_page(struct request *r);	/* GET /:lang/events */
void events_archive_page(struct request *r);	/* GET /:lang/events/archive */
void events_page(struct request *r);		/* GET /:lang/events/:id */

void events_new(struct request *r);		/* GET  /:lang/events/new */
void events_create(struct request *r);		/* POST /:lang/events */
void events_edit(struct request *r);		/* GET  /:lang/events/:id/edit */
void events_update(struct request *r);		/* POST /:lang/events/:id/edit */
void events_publish(struct request *r);		/* POST /:lang/events/:id/publish */
void events_cancel(struct request *r);		/* POST /:lang/events/:id/cancel */
void events_cancel_confirm(struct request *r);	/* GET  /:lang/events/:id/cancel */

void events_agenda_page(struct request *r);	/* GET  /:lang/events/:id/agenda */
void events_agenda_add(struct request *r);	/* POST /:lang/events/:id/agenda */
void events_agenda_update(struct request *r);	/* POST .../agenda/:item */
void events_agenda_delete(struct request *r);	/* POST .../agenda/:item/delete */
void events_agenda_delete_confirm(struct request *r);	/* GET .../agenda/:item/delete */
void events_agenda_move(struct request *r);	/* POST .../agenda/:item/move */
void events_speaker_add(struct request *r);	/* POST .../agenda/:item/people */
void events_speaker_remove(struct request *r);	/* POST .../agenda/:item/people/remove */
void events_speaker_remove_confirm(struct request *r);	/* GET ...?person=N */

/*
 * The scale generator's events (`tukiverkko demo --scale N`,
 * src/events/scale_store.c): count events of region_id spread from three
 * years back to one year ahead (a quarter in the future), each with one or
 * two of the municipalities codes, four agenda items and speakers from
 * people; drafts, cancelled and staff-only ones among them, and the past
 * ones older than the registration retention marked erased, as the
 * retention job leaves them.  Inside the caller's transaction; *out gets
 * what the registrations and materials need.  0 or -1.
 */
struct event_scaled {
	int64_t id, starts_at, ends_at;
	int64_t capacity;		/* -1: no registration */
	bool erased;			/* registrants' data erased */
};
int events_scale_fill(struct db *db, struct arena *a, uint64_t seed,
    int64_t region_id, const int64_t *people, size_t npeople,
    const char *const *codes, size_t ncodes, int64_t now, size_t count,
    struct event_scaled **out);

/*
 * The demo's events (src/events/demo.c): event 1, the seed article's
 * webinar, gets its description and agenda, and an upcoming webinar open
 * for registration is added, its id in *upcoming (0 when event 1 had its
 * agenda already and nothing was done).  Inside the caller's transaction;
 * 0 or -1.
 */
int events_demo_load(struct db *db, struct arena *a, int64_t now,
    int64_t *upcoming);

/* An event as a calendar shows it (src/events/calendar_store.c), texts
 * in fi/sv/en order. */
struct event_ics {
	int64_t id;
	enum event_kind kind;
	enum event_status status;
	const char *title[LANG_COUNT], *summary[LANG_COUNT];
	const char *organiser[LANG_COUNT];
	int64_t starts_at, ends_at, sequence, created_at, updated_at;
	const char *place, *platform, *join_url;
};

/* Event `id` whatever its status: 0, DB_MISSING, or -1. */
int events_ics_one(struct db *db, struct arena *a, int64_t id,
    struct event_ics *out);

/*
 * The calendar feed: published and cancelled public events ending at
 * `since` or later, of municipality `code` (NULL: all), by start, at most
 * 500.  0 or -1.
 */
int events_ics_feed(struct db *db, struct arena *a, int64_t since,
    const char *code, struct event_ics **out, size_t *n);

/*
 * --- retention (src/events/retention_store.c): the registrants' data of an
 * event is erased event_retention_days after its end, by the privacy
 * module's job (privacy/privacy.h), which marks the event when done ---
 */

/* Up to max (at most 20) events that ended before `before` and are not
 * marked erased, by id, into ids.  0 with *n, or -1. */
int events_erase_due(struct db *db, int64_t before, int64_t *ids,
    size_t max, size_t *n);

/* Marks event id erased at now.  0 or -1. */
int events_mark_erased(struct db *db, int64_t id, int64_t now);

/*
 * --- turnout (src/events/turnout_store.c): the attendance module's
 * figures kept on the event, written in the caller's transaction ---
 */

/* People who came without a registration.  0 or -1 (also for no such
 * event). */
int events_guests(struct db *db, int64_t id, int64_t *out);
/* Adds n of them.  0 or -1. */
int events_add_guests(struct db *db, int64_t id, int64_t n);
/* Everyone who came (total > 0), or not recorded (0).  0 or -1. */
int events_set_attendees(struct db *db, int64_t id, int64_t total);

/*
 * --- the facts registration works with (src/events/facts_store.c) ---
 */

struct event_facts {
	int64_t id;
	enum event_status status;
	int64_t capacity;		/* -1: no registration */
	int64_t opens, closes;		/* registration window; 0 when NULL */
	int64_t starts_at, ends_at, sequence;
	enum event_kind kind;
	const char *place, *platform, *join_url;
	const char *titles[LANG_COUNT];	/* as stored, "" when none */
	int64_t offer_hours, reminder_hours;
};

/* Event id's facts: 0, DB_MISSING or -1. */
int events_facts(struct db *db, struct arena *a, int64_t id,
    struct event_facts *out);

/* The published events whose reminder is due at now (they start after
 * now, within their reminder_hours), by start: the vector with *n set,
 * or NULL on error. */
struct event_facts *events_reminders_due(struct db *db, struct arena *a,
    int64_t now, size_t *n);

/* The published events that ended after `after` and by `upto`, by end
 * (likewise). */
struct event_facts *events_thanks_due(struct db *db, struct arena *a,
    int64_t after, int64_t upto, size_t *n);

/* The ids of the published events that take registrations and start
 * after now, by start: the vector with *n set, or NULL on error. */
int64_t *events_open_for_offers(struct db *db, struct arena *a, int64_t now,
    size_t *n);

/* --- a person's data export (src/events/export_store.c) --- */

/* The title of event id in the first language it has, and its start:
 * 0, DB_MISSING or -1. */
int events_name(struct db *db, struct arena *a, int64_t id, const char **title,
    int64_t *starts_at);

/* --- read for the statistics module's period report --- */

/*
 * The ids of the events of region_id held from from_at to before to_at
 * (their start), published and over by `now`, by start: the vector with
 * *n set, or NULL on error.
 */
int64_t *events_held(struct db *db, struct arena *a, int64_t region_id,
    int64_t from_at, int64_t to_at, int64_t now, size_t *n);

/*
 * --- what the materials library names and lists
 * (src/events/materials_store.c) ---
 */

/* An event, or an agenda item with its event, by name: titles as stored
 * ("" when none), for the reader to pick in its language.  An event's
 * item_titles are its own titles again. */
struct event_label {
	int64_t id;			/* the event's or the item's; 0: none */
	int64_t event_id;
	const char *event_titles[LANG_COUNT], *item_titles[LANG_COUNT];
	enum event_status status;
	enum event_audience audience;
	int64_t starts_at;
};

/* The events ids[0..n) as out[0..n) (id 0 and "" where there is none),
 * whatever their status.  0 or -1. */
int events_labels(struct db *db, struct arena *a, const int64_t *ids,
    size_t n, struct event_label *out);
/* Likewise the agenda items ids[0..n), each with its event. */
int events_item_labels(struct db *db, struct arena *a, const int64_t *ids,
    size_t n, struct event_label *out);
/* The agenda items of the events events[0..n), each event's together in
 * agenda order: the vector with *nout set, or NULL on error. */
struct event_label *events_items_of(struct db *db, struct arena *a,
    const int64_t *events, size_t n, size_t *nout);
/* The events of a region (every region for 0), drafts too, newest first,
 * at most limit; and their agenda items (the newest event's first, each
 * event's in agenda order).  The vector with *n set, or NULL. */
struct event_label *events_choices(struct db *db, struct arena *a,
    int64_t region_id, size_t limit, size_t *n);
struct event_label *events_item_choices(struct db *db, struct arena *a,
    int64_t region_id, size_t limit, size_t *n);

#endif

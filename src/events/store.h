/*
 * store.h - the events module's tables: events, their municipalities,
 * agenda items and the people on them (the one-event read API that other
 * modules use is in events.h).
 */
#ifndef TV_EVENTS_STORE_H
#define TV_EVENTS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "events/events.h"
#include "view/i18n.h"

/* --- listing (the public list and the archive) --- */

#define EVENT_PAGE_SIZE 20

struct event_filter {
	bool past;		/* the archive: ended before now, newest first */
	int64_t now;
	const char *municipality;	/* code, or NULL */
	const char *kind;	/* webinar, on-site, hybrid, or NULL */
	const char *language;	/* fi, sv, en, or NULL */
	bool signed_in;		/* network-audience events too */
	/* Drafts of which region: -1 none, 0 every region, else one. */
	int64_t drafts_region;
	/*
	 * Keyset paging: the page after or before the row (starts_at, id)
	 * of the cursor, in the list's order; neither set is the first page.
	 */
	enum { PAGE_FIRST, PAGE_AFTER, PAGE_BEFORE } dir;
	int64_t cursor_starts, cursor_id;
	size_t limit;
};

struct event_row {
	int64_t id, region_id;
	enum event_kind kind;
	enum event_status status;
	enum event_audience audience;
	const char *languages, *place, *platform;
	const char *title, *summary;
	enum lang title_lang, summary_lang;
	int64_t starts_at, ends_at;
	int64_t capacity;	/* -1: no registration */
	int64_t registration_opens, registration_closes;	/* 0 when NULL */
	int64_t taken, waiting;	/* people, as event_seats() counts them;
				 * 0 when no registration or ended */
	int64_t attendees;	/* -1 when not recorded */
};

/* One page of events matching f in the list's order; *more tells
 * whether a page follows, *prev whether one comes before.  0 or -1. */
int events_query(struct db *db, struct arena *a, enum lang l,
    const struct event_filter *f, struct event_row **out, size_t *n,
    bool *more, bool *prev);

/* --- the agenda --- */

/* agenda_speaker.role: a person's part in an agenda item. */
enum agenda_part { PART_SPEAKER, PART_PANELIST, PART_MODERATOR };
/* The stored values (and the form's choices), indexed by the enum. */
extern const char *const agenda_part_names[3];
/* A stored value as the enum, parsed once in the row function; an unknown
 * one (the table's CHECK allows none) reads as PART_SPEAKER. */
enum agenda_part agenda_part_parse(const char *s);

struct agenda_person {
	int64_t person_id;
	enum agenda_part role;
	int64_t position;
	const char *name;	/* "" when the person is not public */
	const char *title;
	enum lang title_lang;
	const char *organisation;	/* "" when none */
	enum lang organisation_lang;
	bool is_public;
};

/* agenda_item.kind, in the order of agenda_kinds (events/pages.h). */
enum agenda_kind { AGENDA_OPENING, AGENDA_TALK, AGENDA_PANEL, AGENDA_BREAK,
	AGENDA_DISCUSSION, AGENDA_WORKSHOP, AGENDA_CLOSING, AGENDA_OTHER };
/* A stored kind as the enum, parsed once in the row function; an unknown
 * one reads as AGENDA_OTHER. */
enum agenda_kind agenda_kind_parse(const char *s);

struct agenda_item {
	int64_t id;
	enum agenda_kind kind;
	int64_t starts_at, ends_at, track;
	const char *title, *description;	/* picked for the language */
	enum lang title_lang, description_lang;
	const char *titles[LANG_COUNT], *descriptions[LANG_COUNT];
	struct agenda_person *people;
	size_t npeople;
};

/* The agenda of an event by start time, track and id, with its people in
 * position order.  0 or -1. */
int agenda_list(struct db *db, struct arena *a, enum lang l, int64_t event_id,
    struct agenda_item **out, size_t *n);

struct agenda_fields {
	const char *kind;
	int64_t starts_at, ends_at, track;
	const char *title[LANG_COUNT], *description[LANG_COUNT];
};

/* In the caller's transaction: the new item's id, or -1. */
int64_t agenda_item_insert(struct db *db, int64_t event_id,
    const struct agenda_fields *f);
/* 0, DB_MISSING (no such item of that event), -1. */
int agenda_item_update(struct db *db, int64_t event_id, int64_t item_id,
    const struct agenda_fields *f);
int agenda_item_times(struct db *db, int64_t item_id, int64_t starts_at,
    int64_t ends_at);
int agenda_item_delete(struct db *db, int64_t event_id, int64_t item_id);
/* 0 added, 1 the person is on the item already, -1. */
int agenda_person_add(struct db *db, int64_t item_id, int64_t person_id,
    enum agenda_part role, int64_t position);
/* 0 removed, DB_MISSING (was not there), -1. */
int agenda_person_remove(struct db *db, int64_t item_id, int64_t person_id);

/* --- the write side of events --- */

/* Every stored field of an event, all language versions; what the edit
 * form sends and shows. */
struct event_fields {
	const char *kind, *audience, *languages;
	const char *place, *platform, *join_url, *organiser;
	/* The organiser's own name in Swedish and English, or "". */
	const char *organiser_sv, *organiser_en;
	const char *title[LANG_COUNT], *summary[LANG_COUNT];
	const char *description[LANG_COUNT], *consent[LANG_COUNT];
	int64_t starts_at, ends_at;
	int64_t capacity;	/* -1: no registration */
	int64_t registration_opens, registration_closes;	/* 0: none */
	int64_t group_max, offer_hours, reminder_hours;
	const char **municipalities;	/* codes taking part */
	size_t nmunicipalities;
};

/* 0, 1 not found, -1.  *status and *region_id (may be NULL) too. */
int event_fields_get(struct db *db, struct arena *a, int64_t id,
    struct event_fields *out, enum event_status *status, int64_t *region_id);

/* A new draft in the caller's transaction: its id, or -1. */
int64_t event_insert(struct db *db, int64_t region_id,
    const struct event_fields *f, int64_t now);

/*
 * Stores f over event id in the caller's transaction.  SEQUENCE grows by
 * one when something a calendar shows changed (titles, summaries,
 * descriptions, kind, times, place, platform, join link).  0 or -1.
 */
int event_update(struct db *db, int64_t id, const struct event_fields *f,
    int64_t now);

/* Sets the status and bumps SEQUENCE.  0 or -1. */
int event_set_status(struct db *db, int64_t id, enum event_status status,
    int64_t now);

struct event_muni {
	const char *code;
	const char *name;
};

/* The municipalities taking part in an event, by name.  0 or -1. */
int event_munis(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct event_muni **out, size_t *n);

#endif

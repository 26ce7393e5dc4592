/*
 * events.h - events (webinars, meetings): the read side that other pages
 * show.  The events module grows agenda, registration and attendance.
 */
#ifndef TV_EVENTS_EVENTS_H
#define TV_EVENTS_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "view/i18n.h"

struct event_item {
	int64_t id;
	const char *kind;	/* webinar, on-site, hybrid */
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

/* "Webinar", "On-site event", "Hybrid event" in l. */
const char *events_kind_label(enum lang l, const char *kind);

#endif

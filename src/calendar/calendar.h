/*
 * calendar.h - calendar files: the iCalendar (RFC 5545) text of events
 * (ics.c) and the calendar routes, one event's .ics and the subscription
 * feeds (calendar.c).
 *
 * One event's file is attached to the registration e-mail and offered on the event page, and the
 * subscription feeds of all public events or of one municipality.
 *
 * Times are written as Europe/Helsinki local time with TZID and a
 * VTIMEZONE giving the EET/EEST rules, so a calendar shows the right hour
 * on both sides of a daylight-saving change.  The UID is stable per event
 * (event-<id>@<host of base_url>) and SEQUENCE is the event's own counter,
 * so a re-imported file updates the entry instead of adding a second one.
 */
#ifndef TV_CALENDAR_CALENDAR_H
#define TV_CALENDAR_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"
#include "view/i18n.h"

/*
 * What a calendar file is for, which decides its METHOD (RFC 5546, iTIP).
 * A file one downloads or subscribes to is plain data and has no METHOD:
 * with METHOD:PUBLISH iTIP demands an ORGANIZER, and libical's restriction
 * check fails such a file.  An e-mail attachment is an iTIP message:
 * PUBLISH (the event as it is now) or CANCEL (the event, or this
 * registrant's place in it, is off), both with ORGANIZER.
 */
enum ics_method {
	ICS_FILE,	/* a download or a feed: no METHOD */
	ICS_PUBLISH,	/* METHOD:PUBLISH with ORGANIZER */
	ICS_CANCEL,	/* METHOD:CANCEL with ORGANIZER, STATUS:CANCELLED */
};

struct ics_opts {
	bool with_join;		/* the join link (registrants holding a seat) */
	enum ics_method method;
	/* STATUS:CANCELLED whatever the event's status: a cancelled
	 * registration's own file (always so with ICS_CANCEL). */
	bool cancelled;
	/* ICS_PUBLISH and ICS_CANCEL: the organiser's address (mailto:),
	 * the service's From address; without one no METHOD is written. */
	const char *organizer;
	/* ICS_CANCEL of one registrant's place: their address as ATTENDEE,
	 * NULL for the whole event. */
	const char *attendee;
};

/*
 * One VCALENDAR with the event's VEVENT: STATUS:CANCELLED for a cancelled
 * event (or o->cancelled), TENTATIVE for a draft.  The join link goes into
 * URL, LOCATION and DESCRIPTION only when o->with_join is true
 * (registrants); otherwise URL is the event page.  Visibility is the
 * caller's business.  0, 1 when there is no such event, -1 on a database
 * error.
 */
int ics_event(struct db *db, struct arena *a, enum lang l, int64_t event_id,
    const struct ics_opts *o, struct buf *out);

/*
 * A subscription feed: published, public events that end after `since`
 * (cancelled ones stay, so subscribers see the cancellation), of one
 * municipality when code is not NULL, never with join links.  0 or -1.
 */
int ics_feed(struct db *db, struct arena *a, enum lang l, const char *code,
    int64_t since, const char *calname, struct buf *out);

/*
 * Appends one content line "name:value" (name may carry parameters) with
 * CRLF, folded so that no line exceeds 75 octets and no UTF-8 sequence is
 * split.  The value is written as it is (already escaped when TEXT).
 */
void ics_line(struct buf *out, const char *name, const char *value);

/* Appends s escaped as an iCalendar TEXT value: backslash, semicolon,
 * comma and newline; other control characters are dropped. */
void ics_text_escape(struct buf *out, const char *s);

/* ics_line() of a TEXT property: the value is escaped first. */
void ics_text_line(struct buf *out, const char *name, const char *value);

/* --- routes (src/app/routes.c) --- */

/* GET /:lang/events/:id/calendar.ics: for anyone who may see the event,
 * never with the join link. */
void calendar_event(struct request *r);

/* GET /:lang/events.ics: published public events, upcoming and of the
 * last 30 days. */
void calendar_feed(struct request *r);

/* GET /:lang/municipalities/:code/events.ics: the same for the events one
 * municipality took part in. */
void calendar_municipality(struct request *r);
/* The municipality of :code, a struct municipality (network/network.h). */
extern const struct route_loader calendar_municipality_loader;

/* Answers the calendar file in b (and frees b) as `filename` (NULL: no
 * download name); private_data keeps it out of shared caches. */
void calendar_respond(struct request *r, struct buf *b, const char *filename,
    bool private_data);

#endif

/*
 * ics.h - iCalendar (RFC 5545) for events: one event's file, attached to
 * the registration e-mail and offered on the event page, and the
 * subscription feeds of all public events or of one municipality.
 *
 * Times are written as Europe/Helsinki local time with TZID and a
 * VTIMEZONE giving the EET/EEST rules, so a calendar shows the right hour
 * on both sides of a daylight-saving change.  The UID is stable per event
 * (event-<id>@<host of base_url>) and SEQUENCE is the event's own counter,
 * so a re-imported file updates the entry instead of adding a second one.
 */
#ifndef TV_EVENTS_ICS_H
#define TV_EVENTS_ICS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "view/i18n.h"

/*
 * One VCALENDAR (METHOD:PUBLISH) with the event's VEVENT: STATUS:CANCELLED
 * for a cancelled event, TENTATIVE for a draft.  The join link goes into
 * URL, LOCATION and DESCRIPTION only when with_join is true (registrants);
 * otherwise URL is the event page.  Visibility is the caller's business.
 * 0, 1 when there is no such event, -1 on a database error.
 */
int ics_event(struct db *db, struct arena *a, enum lang l, int64_t event_id,
    bool with_join, struct buf *out);

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

#endif

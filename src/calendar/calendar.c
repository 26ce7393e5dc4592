/*
 * calendar.c - the calendar routes: one event's .ics for anyone who may
 * see the event (never with the join link) and the subscription feeds of
 * all public events and of one municipality's events.  A registrant's
 * .ics is the registration module's (registration/calendar_file.c).
 */
#include <microhttpd.h>
#include <string.h>

#include "base/time.h"
#include "calendar/calendar.h"
#include "events/events.h"
#include "network/network.h"
#include "http/parse.h"
#include "http/response.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")

/* Feeds show what is coming and what just happened (30 days back), so a
 * subscriber's calendar keeps the recent entries. */
#define CALENDAR_FEED_PAST (30 * 86400)

void
calendar_respond(struct request *r, struct buf *b, const char *filename,
    bool private_data)
{
	response_begin(r, 200, "text/calendar; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, private_data ?
	    "private, no-store" : "public, max-age=300");
	if (filename != NULL)
		response_header(r, "Content-Disposition", arena_printf(&r->arena,
		    "attachment; filename=\"%s\"", filename));
	buf_append(&r->resp.body, b->data, b->len);
	buf_cleanup(b);
}

void
calendar_event(struct request *r)
{
	const struct event *e = request_object(r);
	struct buf b;

	buf_init(&b);
	if (ics_event(request_db(r), &r->arena, r->lang, e->id, NULL,
	    &b) != 0) {
		buf_cleanup(&b);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	/* A draft or network-only event is not for shared caches. */
	calendar_respond(r, &b, arena_printf(&r->arena, "event-%lld.ics",
	    (long long)e->id), e->status == EVENT_STATUS_DRAFT ||
	    e->audience != AUDIENCE_PUBLIC);
}

void
calendar_feed(struct request *r)
{
	struct db *db = request_db(r);
	struct buf b;

	if (db == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	buf_init(&b);
	if (ics_feed(db, &r->arena, r->lang, NULL,
	    time_now() - CALENDAR_FEED_PAST,
	    i18n_text(r->lang, "Events of the digital support network"),
	    &b) != 0) {
		buf_cleanup(&b);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	calendar_respond(r, &b, NULL, false);
}

/* The municipality of :code: every municipality's feed is public. */
static int
calendar_municipality_load(struct request *r, void **obj,
    struct object_scope *s)
{
	struct municipality *m = arena_calloc(&r->arena, 1, sizeof(*m));
	struct db *db = request_db(r);
	const char *code = request_param(r, "code");
	int rc;

	if (db == NULL)
		return -1;
	if (code == NULL || strlen(code) != 3 ||
	    strspn(code, "0123456789") != 3)
		return 1;
	if ((rc = network_municipality(db, &r->arena, r->lang, code, m)) != 0)
		return rc;
	s->region_id = m->region_id;
	s->municipality = m->code;
	s->published = true;
	*obj = m;
	return 0;
}

const struct route_loader calendar_municipality_loader = {
	"municipality-feed", calendar_municipality_load, SCOPE_PUBLISHED
};

void
calendar_municipality(struct request *r)
{
	const struct municipality *m = request_object(r);
	struct buf b;

	buf_init(&b);
	if (ics_feed(request_db(r), &r->arena, r->lang, m->code,
	    time_now() - CALENDAR_FEED_PAST, arena_printf(&r->arena, "%s: %s",
	    i18n_text(r->lang, "Events"), m->name), &b) != 0) {
		buf_cleanup(&b);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	calendar_respond(r, &b, NULL, false);
}

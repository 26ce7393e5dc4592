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
	struct db *db = request_db(r);
	struct event e;
	struct buf b;
	int64_t id;
	int rc;

	if (db == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (id_parse(request_param(r, "id"), &id) != 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	if ((rc = event_get(db, &r->arena, r->lang, id, &e)) < 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (rc == 1 || !event_visible(&r->user, &e)) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	buf_init(&b);
	if (ics_event(db, &r->arena, r->lang, id, false, &b) != 0) {
		buf_cleanup(&b);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	/* A draft or network-only event is not for shared caches. */
	calendar_respond(r, &b, arena_printf(&r->arena, "event-%lld.ics",
	    (long long)id), strcmp(e.status, "draft") == 0 ||
	    strcmp(e.audience, "public") != 0);
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

void
calendar_municipality(struct request *r)
{
	struct db *db = request_db(r);
	const char *code = request_param(r, "code");
	struct db_stmt *st;
	const char *name = NULL;
	struct buf b;
	int rc;

	if (db == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (code == NULL || strlen(code) != 3 || strspn(code, "0123456789") != 3) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	st = db_prepare(db, "SELECT name_fi, name_sv, name_en FROM "
	    "municipality WHERE code = ?1");
	if (st == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	db_bind_cstr(st, 1, code);
	if ((rc = db_step(st)) == DB_ROW)
		name = arena_strdup(&r->arena, i18n_pick(r->lang,
		    db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
		    NULL));
	db_done(st);
	if (rc != DB_ROW) {
		response_error(r, rc == DB_DONE ? 404 : 503,
		    rc == DB_DONE ? NOT_FOUND : UNAVAILABLE);
		return;
	}
	buf_init(&b);
	if (ics_feed(db, &r->arena, r->lang, code,
	    time_now() - CALENDAR_FEED_PAST, arena_printf(&r->arena, "%s: %s",
	    i18n_text(r->lang, "Events"), name), &b) != 0) {
		buf_cleanup(&b);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	calendar_respond(r, &b, NULL, false);
}

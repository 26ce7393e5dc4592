/*
 * calendar_file.c - a registrant's calendar file: the event with the join
 * link while the registration is confirmed (the calendar module writes
 * it; the secret link says whose it is).
 */
#include <string.h>

#include "calendar/calendar.h"
#include "http/response.h"
#include "registration/registration.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")

void
registration_calendar(struct request *r)
{
	struct db *db = request_db(r);
	struct registration reg;
	struct buf b;
	int rc;

	if (db == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	rc = registration_by_token(db, &r->arena, request_param(r, "token"),
	    &reg);
	if (rc < 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (rc == 1) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	buf_init(&b);
	rc = ics_event(db, &r->arena, r->lang, reg.event_id,
	    strcmp(reg.status, "confirmed") == 0, &b);
	if (rc != 0) {
		buf_cleanup(&b);
		response_error(r, rc == 1 ? 404 : 503, rc == 1 ? NOT_FOUND :
		    UNAVAILABLE);
		return;
	}
	calendar_respond(r, &b, arena_printf(&r->arena, "event-%lld.ics",
	    (long long)reg.event_id), true);
}

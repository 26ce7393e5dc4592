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

void
registration_calendar(struct request *r)
{
	const struct registration_link *l = request_object(r);
	struct buf b;
	int rc;

	buf_init(&b);
	rc = ics_event(request_db(r), &r->arena, r->lang, l->reg.event_id,
	    l->reg.status == REG_CONFIRMED, &b);
	if (rc != 0) {
		buf_cleanup(&b);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	calendar_respond(r, &b, arena_printf(&r->arena, "event-%lld.ics",
	    (long long)l->reg.event_id), true);
}

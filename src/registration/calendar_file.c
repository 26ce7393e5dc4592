/*
 * calendar_file.c - a registrant's calendar file: the event with the join
 * link while the registration is confirmed, STATUS:CANCELLED once it is no
 * longer active (cancelled, declined, expired), so that importing it again
 * takes the entry off the registrant's calendar (the calendar module
 * writes it; the secret link says whose it is).
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
	struct ics_opts o = { .with_join = l->reg.status == REG_CONFIRMED,
		.method = ICS_FILE,
		.cancelled = !reg_status_active(l->reg.status) };
	struct buf b;
	int rc;

	buf_init(&b);
	rc = ics_event(request_db(r), &r->arena, r->lang, l->reg.event_id,
	    &o, &b);
	if (rc != 0) {
		buf_cleanup(&b);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	calendar_respond(r, &b, arena_printf(&r->arena, "event-%lld.ics",
	    (long long)l->reg.event_id), true);
}

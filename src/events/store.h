/*
 * store.h - one event as the event page, registration, calendar and
 * attendance see it, and who may see it.
 *
 * The contract shared with the registration (REG) and calendar (ATT) code:
 * event_get() fills a struct event with every text already picked in the
 * asked language (falling back fi -> sv -> en), event_seats() counts the
 * seats taken and the people waiting, event_visible() says whether a user
 * may see an event at all.
 */
#ifndef TV_EVENTS_STORE_H
#define TV_EVENTS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/user.h"
#include "base/arena.h"
#include "db/db.h"
#include "view/i18n.h"

struct event {
	int64_t id, region_id;
	const char *kind;	/* webinar, on-site, hybrid */
	const char *status;	/* draft, published, cancelled */
	const char *audience;	/* public, network */
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
};

/* 0, 1 not found, -1 error. */
int event_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct event *out);

/*
 * Seats taken (group sizes of 'confirmed' and 'offered' registrations) and
 * people waiting; works inside a caller's transaction.  0 or -1.
 */
int event_seats(struct db *db, int64_t event_id, int64_t *taken,
    int64_t *waiting);

/*
 * May u see this event?  Drafts: users who organise events of its region
 * (ACT_EVENTS and policy_manages_region); audience 'network': signed-in
 * accounts.  Cancelled events stay visible (the page says so).
 */
bool event_visible(const struct user *u, const struct event *e);

#endif

/*
 * loaders.c - the objects the events routes work on (http/router.h): the
 * event of :id, and an agenda item of it (:item).  The guard asks the
 * policy with the scope filled here; handlers take request_object().
 */
#include <string.h>

#include "events/events.h"
#include "events/pages.h"
#include "events/store.h"
#include "http/parse.h"

/*
 * Everyone may see an event that is not a draft, but an event for the
 * network's staff only is shown to signed-in accounts; a draft only to
 * those who manage its region (SCOPE_PUBLISHED's fallback).
 */
bool
event_audience_reaches(const struct user *u, const struct event *e)
{
	return e->audience == AUDIENCE_PUBLIC || u->id != 0;
}

void
event_scope(const struct user *u, const struct event *e,
    struct object_scope *s)
{
	memset(s, 0, sizeof(*s));
	s->region_id = e->region_id;
	s->published = e->status != EVENT_STATUS_DRAFT &&
	    event_audience_reaches(u, e);
}

bool
event_visible(const struct user *u, const struct event *e)
{
	struct object_scope s;

	event_scope(u, e, &s);
	return policy_reaches(u, SCOPE_PUBLISHED, &s);
}

/* The event of :id into the arena: 0, 1 none, -1 error. */
static int
event_load(struct request *r, struct event **out)
{
	struct db *db;
	int64_t id;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	*out = arena_alloc(&r->arena, sizeof(**out));
	return event_get(db, &r->arena, r->lang, id, *out);
}

static int
event_load_visible(struct request *r, void **obj, struct object_scope *s)
{
	struct event *e;
	int rc;

	if ((rc = event_load(r, &e)) != 0)
		return rc;
	event_scope(&r->user, e, s);
	*obj = e;
	return 0;
}

/* The event page itself also lets through an event for the network's
 * staff, so that it can send an anonymous visitor to sign in. */
static int
event_load_page(struct request *r, void **obj, struct object_scope *s)
{
	struct event *e;
	int rc;

	if ((rc = event_load(r, &e)) != 0)
		return rc;
	event_scope(&r->user, e, s);
	s->published = e->status != EVENT_STATUS_DRAFT;
	*obj = e;
	return 0;
}

static int
agenda_target_load(struct request *r, void **obj, struct object_scope *s)
{
	struct agenda_target *t;
	struct agenda_item *items;
	size_t n, i;
	int64_t id;
	int rc;

	t = arena_calloc(&r->arena, 1, sizeof(*t));
	if ((rc = event_load(r, &t->event)) != 0)
		return rc;
	if (id_parse(request_param(r, "item"), &id) != 0)
		return 1;
	if (agenda_list(request_db(r), &r->arena, r->lang, t->event->id,
	    &items, &n) != 0)
		return -1;
	for (i = 0; i < n && items[i].id != id; i++)
		continue;
	if (i == n)
		return 1;
	t->item = &items[i];
	event_scope(&r->user, t->event, s);
	*obj = t;
	return 0;
}

const struct route_loader event_loader_page = {
	"event-page", event_load_page, SCOPE_PUBLISHED
};
const struct route_loader event_loader_visible = {
	"event", event_load_visible, SCOPE_PUBLISHED
};
const struct route_loader event_loader_managed = {
	"event-managed", event_load_visible, SCOPE_MANAGED
};
const struct route_loader agenda_item_loader = {
	"agenda-item", agenda_target_load, SCOPE_MANAGED
};

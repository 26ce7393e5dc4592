/*
 * loaders.c - the objects the registration routes work on
 * (http/router.h): a registration by the secret of its link (:token),
 * anyone who knows the link may use it; and, for the event's organisers,
 * one registrant (:rid) or one question (:qid) of the event of :id.
 */
#include "events/events.h"
#include "http/parse.h"
#include "registration/registration.h"

/* The event of id into the arena: 0, 1 none, -1 error. */
static int
reg_event_of(struct request *r, int64_t id, struct event **out)
{
	*out = arena_alloc(&r->arena, sizeof(**out));
	return event_get(request_db(r), &r->arena, r->lang, id, *out);
}

static int
registration_link_load(struct request *r, void **obj, struct object_scope *s)
{
	struct registration_link *l;
	struct db *db = request_db(r);
	int rc;

	if (db == NULL)
		return -1;
	l = arena_calloc(&r->arena, 1, sizeof(*l));
	l->token = request_param(r, "token");
	if ((rc = registration_by_token(db, &r->arena, l->token,
	    &l->reg)) != 0 ||
	    (rc = reg_event_of(r, l->reg.event_id, &l->event)) != 0)
		return rc;
	s->region_id = l->event->region_id;
	*obj = l;
	return 0;
}

/* The event of :id and its registration :rid. */
static int
registrant_load(struct request *r, void **obj, struct object_scope *s)
{
	struct registrant_target *t;
	struct db *db = request_db(r);
	int64_t id, rid;
	int rc;

	if (db == NULL)
		return -1;
	if (id_parse(request_param(r, "id"), &id) != 0 ||
	    id_parse(request_param(r, "rid"), &rid) != 0)
		return 1;
	t = arena_calloc(&r->arena, 1, sizeof(*t));
	if ((rc = reg_event_of(r, id, &t->event)) != 0 ||
	    (rc = registration_get(db, &r->arena, rid, &t->reg)) != 0)
		return rc;
	if (t->reg.event_id != id)
		return 1;
	event_scope(&r->user, t->event, s);
	*obj = t;
	return 0;
}

static int
question_load(struct request *r, void **obj, struct object_scope *s)
{
	struct question_target *t;
	struct db *db = request_db(r);
	int64_t id;
	int rc;

	if (db == NULL)
		return -1;
	t = arena_calloc(&r->arena, 1, sizeof(*t));
	if (id_parse(request_param(r, "id"), &id) != 0 ||
	    id_parse(request_param(r, "qid"), &t->question_id) != 0)
		return 1;
	if ((rc = reg_event_of(r, id, &t->event)) != 0 ||
	    (rc = question_of_event(db, id, t->question_id)) != 0)
		return rc;
	event_scope(&r->user, t->event, s);
	*obj = t;
	return 0;
}

const struct route_loader registration_link_loader = {
	"registration-link", registration_link_load, SCOPE_ANYONE
};
const struct route_loader registrant_loader = {
	"registrant", registrant_load, SCOPE_MANAGED
};
const struct route_loader question_loader = {
	"question", question_load, SCOPE_MANAGED
};

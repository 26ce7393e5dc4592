/*
 * loaders.c - the objects the attendance routes work on (http/router.h):
 * for the event's organisers, a check-in code (:code) or a stored
 * participant report (:upload) of the event of :id.  A code or a report
 * that is not there still reaches the handler, which explains it (a code
 * mistyped at the door, an upload already imported) on a 404 page.
 */
#include <string.h>

#include "attendance/attendance.h"
#include "db/rows.h"
#include "http/parse.h"

/* The event of :id into the arena, and its scope: 0, 1 none, -1 error. */
static int
att_event_load(struct request *r, struct event **out, struct object_scope *s)
{
	struct db *db = request_db(r);
	int64_t id;
	int rc;

	if (db == NULL)
		return -1;
	if (id_parse(request_param(r, "id"), &id) != 0)
		return 1;
	*out = arena_alloc(&r->arena, sizeof(**out));
	if ((rc = event_get(db, &r->arena, r->lang, id, *out)) != 0)
		return rc;
	event_scope(&r->user, *out, s);
	return 0;
}

/* The code if it has the shape of one, else NULL. */
static const char *
att_code_shape(const char *c)
{
	size_t i;

	if (c == NULL || strlen(c) != ATT_CODE_LEN)
		return NULL;
	for (i = 0; i < ATT_CODE_LEN; i++)
		if (strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", c[i]) == NULL)
			return NULL;
	return c;
}

static int
checkin_load(struct request *r, void **obj, struct object_scope *s)
{
	struct checkin_target *t = arena_calloc(&r->arena, 1, sizeof(*t));
	struct att_person *people;
	size_t n = 0;
	int rc;

	if ((rc = att_event_load(r, &t->event, s)) != 0)
		return rc;
	t->code = att_code_shape(request_param(r, "code"));
	if (t->code != NULL && attendance_people(request_db(r), &r->arena,
	    r->lang, t->event->id, t->code, &people, &n) != 0)
		return -1;
	if (n == 1)
		t->person = &people[0];
	*obj = t;
	return 0;
}

static int
upload_load(struct request *r, void **obj, struct object_scope *s)
{
	struct upload_target *t = arena_calloc(&r->arena, 1, sizeof(*t));
	struct event *e;
	int rc;

	if ((rc = att_event_load(r, &e, s)) != 0)
		return rc;
	if (id_parse(request_param(r, "upload"), &t->upload_id) == 0 &&
	    attendance_upload_get(request_db(r), &r->arena, e->id,
	    t->upload_id, t) < 0)
		return -1;
	t->event = e;
	*obj = t;
	return 0;
}

const struct route_loader checkin_loader = {
	"checkin-code", checkin_load, SCOPE_MANAGED
};
const struct route_loader attendance_upload_loader = {
	"attendance-upload", upload_load, SCOPE_MANAGED
};

/*
 * loaders.c - the objects the materials routes name (http/router.h): a
 * material by :id, one of its versions, a request by :id, a download link
 * or a registration by :token.
 *
 * Who may reach a material is not a matter of region (materials.h: staff
 * see every material, visitors all but staff-only ones; the owner edits
 * their own), which no scope_rule expresses.  So every loader here names
 * SCOPE_ANYONE and asks the module's own policy (policy.c) itself,
 * answering "none" (404, like an unknown id) when it refuses.
 *
 * They read through request_db(r), in the page's snapshot (which the
 * server ends also when the guard refuses).
 */
#include <string.h>

#include "auth/policy.h"
#include "auth/session.h"
#include "db/rows.h"
#include "registration/registration.h"
#include "http/parse.h"
#include "materials/internal.h"

/* What a route needs of the material of :id besides being seen. */
enum need {
	NEED_FILE = 1 << 0,	/* a file (not a link) */
	NEED_EDIT = 1 << 1,	/* materials_may_edit() */
	NEED_REQUEST = 1 << 2,	/* access "request" */
};

/* The material `id` as the user may reach it: 0, 1 none, -1 error. */
static int
material(struct request *r, int64_t id, unsigned need, struct material *m)
{
	int rc = mat_get(request_db(r), &r->arena, id, m);

	if (rc != 0)
		return rc == DB_MISSING ? 1 : -1;
	if (!materials_may_see(&r->user, m) ||
	    ((need & NEED_FILE) && !m->has_file) ||
	    ((need & NEED_EDIT) && !materials_may_edit(&r->user, m)) ||
	    ((need & NEED_REQUEST) && m->access != MAT_REQUEST))
		return 1;
	return 0;
}

static void
fill_scope(const struct material *m, struct object_scope *scope)
{
	scope->region_id = m->region_id;
	scope->published = materials_listed(m->access);
}

static int
load_by_id(struct request *r, unsigned need, void **obj,
    struct object_scope *scope)
{
	struct material *m = arena_calloc(&r->arena, 1, sizeof(*m));
	int64_t id;
	int rc;

	if (id_parse(request_param(r, "id"), &id) != 0)
		return 1;
	if ((rc = material(r, id, need, m)) != 0)
		return rc;
	fill_scope(m, scope);
	*obj = m;
	return 0;
}

static int
load_seen(struct request *r, void **obj, struct object_scope *scope)
{
	return load_by_id(r, 0, obj, scope);
}

static int
load_file(struct request *r, void **obj, struct object_scope *scope)
{
	return load_by_id(r, NEED_FILE, obj, scope);
}

static int
load_editable(struct request *r, void **obj, struct object_scope *scope)
{
	return load_by_id(r, NEED_EDIT, obj, scope);
}

static int
load_editable_file(struct request *r, void **obj, struct object_scope *scope)
{
	return load_by_id(r, NEED_EDIT | NEED_FILE, obj, scope);
}

static int
load_requestable(struct request *r, void **obj, struct object_scope *scope)
{
	return load_by_id(r, NEED_REQUEST, obj, scope);
}

/* The material of :id and its version :n. */
static int
load_version(struct request *r, void **obj, struct object_scope *scope)
{
	struct mat_version_obj *o = arena_calloc(&r->arena, 1, sizeof(*o));
	int64_t id, n;
	int rc;

	if (id_parse(request_param(r, "id"), &id) != 0 ||
	    id_parse(request_param(r, "n"), &n) != 0)
		return 1;
	if ((rc = material(r, id, NEED_FILE, &o->m)) != 0)
		return rc;
	if ((rc = mat_version_get(request_db(r), &r->arena, id, n, &o->v)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	fill_scope(&o->m, scope);
	*obj = o;
	return 0;
}

/* The request of :id, for those who may handle its material. */
static int
load_request(struct request *r, void **obj, struct object_scope *scope)
{
	struct mat_request_obj *o = arena_calloc(&r->arena, 1, sizeof(*o));
	int64_t id;
	int rc;

	if (id_parse(request_param(r, "id"), &id) != 0)
		return 1;
	if ((rc = mat_request_get(request_db(r), &r->arena, id, &o->q)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	if ((rc = material(r, o->q.material_id, NEED_EDIT, &o->m)) != 0)
		return rc;
	fill_scope(&o->m, scope);
	*obj = o;
	return 0;
}

/* The download link of :token with its material, valid or not. */
static int
load_grant(struct request *r, void **obj, struct object_scope *scope)
{
	struct mat_grant_obj *o = arena_calloc(&r->arena, 1, sizeof(*o));
	const char *token = request_param(r, "token");
	char hash[TOKEN_HASH_HEX + 1];
	int64_t mid;
	int rc;

	if (!token_well_formed(token))
		return 1;
	token_hash(token, hash);
	rc = mat_grant_get(request_db(r), hash, &o->id, &mid, &o->expires,
	    &o->uses_left);
	if (rc == 0)
		rc = mat_get(request_db(r), &r->arena, mid, &o->m);
	if (rc != 0)
		return rc == DB_MISSING ? 1 : -1;
	fill_scope(&o->m, scope);
	*obj = o;
	return 0;
}

/* The confirmed registration of :token (the events module's). */
static int
registration(struct request *r, struct mat_registrant_obj *o)
{
	struct registration reg;
	int rc;

	rc = registration_by_token(request_db(r), &r->arena,
	    request_param(r, "token"), &reg);
	if (rc != 0)
		return rc;
	if (reg.status != REG_CONFIRMED)
		return 1;
	o->registration = reg.id;
	o->event = reg.event_id;
	return 0;
}

static int
load_registrant(struct request *r, void **obj, struct object_scope *scope)
{
	struct mat_registrant_obj *o = arena_calloc(&r->arena, 1, sizeof(*o));
	int rc;

	(void)scope;
	if ((rc = registration(r, o)) != 0)
		return rc;
	*obj = o;
	return 0;
}

/*
 * The registration of :token and the material of :id: only the event's
 * own materials with a file, and only those for registrants or for
 * everyone (staff-only stays staff-only, on-request ones are asked for
 * like by anyone else).
 */
static int
load_registrant_file(struct request *r, void **obj, struct object_scope *scope)
{
	struct mat_registrant_obj *o = arena_calloc(&r->arena, 1, sizeof(*o));
	int64_t id;
	int rc;

	if ((rc = registration(r, o)) != 0)
		return rc;
	if (id_parse(request_param(r, "id"), &id) != 0)
		return 1;
	if ((rc = mat_in_event(request_db(r), &r->arena, o->event, id)) != 0)
		return rc;
	if ((rc = mat_get(request_db(r), &r->arena, id, &o->m)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	if (!o->m.has_file || (o->m.access != MAT_PUBLIC &&
	    o->m.access != MAT_REGISTRANTS))
		return 1;
	fill_scope(&o->m, scope);
	*obj = o;
	return 0;
}

const struct route_loader materials_loader = {
	"material", load_seen, SCOPE_ANYONE
};
const struct route_loader materials_file_loader = {
	"material-file", load_file, SCOPE_ANYONE
};
const struct route_loader materials_version_loader = {
	"material-version", load_version, SCOPE_ANYONE
};
const struct route_loader materials_editable_loader = {
	"material-editable", load_editable, SCOPE_ANYONE
};
const struct route_loader materials_editable_file_loader = {
	"material-editable-file", load_editable_file, SCOPE_ANYONE
};
const struct route_loader materials_requestable_loader = {
	"material-requestable", load_requestable, SCOPE_ANYONE
};
const struct route_loader materials_request_loader = {
	"material-request", load_request, SCOPE_ANYONE
};
const struct route_loader materials_grant_loader = {
	"material-link", load_grant, SCOPE_ANYONE
};
const struct route_loader materials_registrant_loader = {
	"registrant-materials", load_registrant, SCOPE_ANYONE
};
const struct route_loader materials_registrant_file_loader = {
	"registrant-material", load_registrant_file, SCOPE_ANYONE
};

/*
 * loaders.c - the objects the network's routes name (http/router.h): an
 * organisation or a person by :id, a municipality by :code.  The guard
 * puts their scope to the policy; the handlers find them loaded.
 */
#include <string.h>

#include "auth/policy.h"
#include "db/rows.h"
#include "http/parse.h"
#include "http/router.h"
#include "network/edit_store.h"

static int
load_org(struct request *r, void **obj, struct object_scope *scope)
{
	struct db *db;
	struct edit_org *o;
	int64_t id;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	o = arena_alloc(&r->arena, sizeof(*o));
	if ((rc = org_store_get(db, &r->arena, r->lang, id, o)) != 0)
		return rc;
	scope->region_id = o->region_id;
	*obj = o;
	return 0;
}

static int
load_person(struct request *r, void **obj, struct object_scope *scope)
{
	struct db *db;
	struct edit_person *pe;
	int64_t id;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	pe = arena_alloc(&r->arena, sizeof(*pe));
	rc = person_store_get(db, &r->arena, r->lang, id, pe);
	if (rc != 0)
		return rc;
	scope->region_id = pe->region_id;
	*obj = pe;
	return 0;
}

static int
load_municipality(struct request *r, void **obj, struct object_scope *scope)
{
	const char *code = request_param(r, "code");
	struct db *db = request_db(r);
	struct municipality *m;
	int rc;

	if (db == NULL)
		return -1;
	if (code == NULL || strlen(code) != 3 ||
	    strspn(code, "0123456789") != 3)
		return DB_MISSING;
	m = arena_alloc(&r->arena, sizeof(*m));
	rc = network_municipality(db, &r->arena, r->lang, code, m);
	if (rc != 0)
		return rc;
	*scope = network_municipality_scope(m);
	*obj = m;
	return 0;
}

/* A municipality's public page: every municipality is published. */
static int
load_public_municipality(struct request *r, void **obj,
    struct object_scope *scope)
{
	int rc = load_municipality(r, obj, scope);

	scope->published = true;
	return rc;
}

struct object_scope
network_municipality_scope(const struct municipality *m)
{
	struct object_scope s = { .region_id = m->region_id,
	    .municipality = m->code };

	return s;
}

const struct route_loader network_org_loader = {
	"organisation", load_org, SCOPE_MANAGED
};
const struct route_loader network_person_loader = {
	"person", load_person, SCOPE_MANAGED
};
const struct route_loader network_municipality_loader = {
	"municipality", load_public_municipality, SCOPE_PUBLISHED
};
const struct route_loader network_support_loader = {
	"municipality-support", load_municipality, SCOPE_EDITED
};
const struct route_loader network_staff_municipality_loader = {
	"municipality-staff", load_municipality, SCOPE_SEEN
};

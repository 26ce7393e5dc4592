/*
 * loaders.c - the service point a route names by :id (http/router.h).  The
 * guard runs these before the handler and answers 404 when there is no
 * such point or the scope rule refuses it.
 */
#include "auth/policy.h"
#include "db/rows.h"
#include "directory/directory.h"

/* The point of :id: 0 with *obj and *scope filled, 1 none, -1 error. */
static int
load(struct request *r, void **obj, struct object_scope *scope)
{
	struct service_point *p = arena_alloc(&r->arena, sizeof(*p));
	struct db *db;
	int64_t id;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	if ((rc = directory_store_get(db, &r->arena, r->lang, id, p)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	*obj = p;
	scope->region_id = p->region_id;
	scope->municipality = p->municipality;
	scope->object_id = p->id;
	/* A closed point has no public page; its maintainers still edit
	 * it. */
	scope->published = p->status != DIR_CLOSED;
	return 0;
}

/*
 * SCOPE_PUBLISHED lets the region's coordinators see a closed point's
 * page too (they may reopen it); everyone else gets 404 for it.
 */
const struct route_loader directory_point_public = {
	"service-point", load, SCOPE_PUBLISHED
};

const struct route_loader directory_point_maintained = {
	"service-point-maintained", load, SCOPE_POINT
};

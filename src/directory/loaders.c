/*
 * loaders.c - the service point a route names by :id (http/router.h).  The
 * guard runs these before the handler and answers 404 when there is no
 * such point or the scope rule refuses it.
 */
#include "auth/policy.h"
#include "db/rows.h"
#include "directory/directory.h"
#include "directory/hsds.h"
#include "network/network.h"

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

/*
 * The open data's objects by HSDS UUID (hsds_uuid()): a published point
 * named as a service or as a service at location.  A UUID of another
 * kind or of another installation is no such object.
 */
static int
load_hsds(struct request *r, void **obj, struct object_scope *scope,
    enum hsds_kind want)
{
	struct service_point *p = arena_alloc(&r->arena, sizeof(*p));
	const char *v = request_param(r, "id");
	enum hsds_kind k;
	enum lang l;
	struct db *db;
	int64_t id;
	int rc;

	if (v == NULL || hsds_uuid_parse(v, &k, &id) != 0 || k != want)
		return 1;
	if ((db = request_db(r)) == NULL)
		return -1;
	(void)directory_api_lang(r, &l);	/* the handler refuses a bad one */
	if ((rc = directory_store_get(db, &r->arena, l, id, p)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	/* A closed point is not open data, whoever asks. */
	if (p->status == DIR_CLOSED)
		return 1;
	*obj = p;
	scope->region_id = p->region_id;
	scope->municipality = p->municipality;
	scope->object_id = p->id;
	scope->published = true;
	return 0;
}

static int
load_hsds_service(struct request *r, void **obj, struct object_scope *scope)
{
	return load_hsds(r, obj, scope, HSDS_SERVICE);
}

static int
load_hsds_sal(struct request *r, void **obj, struct object_scope *scope)
{
	return load_hsds(r, obj, scope, HSDS_SAL);
}

/* Open data is for everyone (the loader leaves closed points out). */
const struct route_loader directory_hsds_service_loader = {
	"hsds-service", load_hsds_service, SCOPE_ANYONE
};

const struct route_loader directory_hsds_sal_loader = {
	"hsds-service-at-location", load_hsds_sal, SCOPE_ANYONE
};

/* The route's :code and the thread's database: 0, 1 (no code) or -1. */
static int
route_code(struct request *r, struct db **db, const char **code)
{
	if ((*code = request_param(r, "code")) == NULL)
		return 1;
	return (*db = request_db(r)) != NULL ? 0 : -1;
}

/*
 * A municipality of the network by :code, for its widget's colours: the
 * people who edit the municipality (SCOPE_EDITED) reach it.
 */
static int
load_area(struct request *r, void **obj, struct object_scope *scope)
{
	struct municipality *m = arena_calloc(&r->arena, 1, sizeof(*m));
	const char *code;
	struct db *db;
	int rc;

	if ((rc = route_code(r, &db, &code)) != 0)
		return rc;
	if ((rc = network_municipality(db, &r->arena, r->lang, code, m)) != 0)
		return rc;
	*obj = m;
	*scope = network_municipality_scope(m);
	return 0;
}

const struct route_loader directory_area_edited = {
	"directory-area", load_area, SCOPE_EDITED
};

/* A municipality of the directory by :code (any, with points or not), for
 * its widget's colours: public. */
static int
load_area_code(struct request *r, void **obj, struct object_scope *scope)
{
	const char *code, *name;
	struct db *db;
	int rc;

	if ((rc = route_code(r, &db, &code)) != 0)
		return rc;
	if ((rc = directory_store_area(db, &r->arena, r->lang, code,
	    &name)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	*obj = arena_strdup(&r->arena, code);
	scope->published = true;
	return 0;
}

const struct route_loader directory_area_public = {
	"directory-area-public", load_area_code, SCOPE_ANYONE
};

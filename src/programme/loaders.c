/*
 * loaders.c - the objects the programme's routes name (http/router.h): a
 * period by :id, a workspace by :period/:code, a session or an action of a
 * workspace by :id within it, and a period's report data for the API.  The
 * guard puts their scope to the policy; the handlers find them loaded.
 * They read through request_db(), in the page's snapshot.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "db/rows.h"
#include "http/parse.h"
#include "http/router.h"
#include "programme/periods_store.h"
#include "programme/programme.h"
#include "programme/report.h"
#include "programme/workspace.h"

static int
load_period(struct request *r, void **obj, struct object_scope *scope)
{
	struct db *db;
	struct programme_period *p;
	int64_t id;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	p = arena_alloc(&r->arena, sizeof(*p));
	if ((rc = period_store_get(db, &r->arena, r->lang, id, p)) != 0)
		return rc;
	scope->region_id = p->region_id;
	*obj = p;
	return 0;
}

/* Exactly n ASCII digits. */
static bool
digits(const char *s, size_t n)
{
	return s != NULL && strlen(s) == n && strspn(s, "0123456789") == n;
}

/* The workspace of :period (a year) and :code into *ws. */
static int
find_workspace(struct request *r, struct db *db, struct ws_info *ws,
    struct object_scope *scope)
{
	const char *year = request_param(r, "period");
	const char *code = request_param(r, "code");
	int rc;

	if (!digits(year, 4) || !digits(code, 3))
		return DB_MISSING;
	rc = workspace_find(db, &r->arena, r->lang, atoi(year), code, ws);
	if (rc != 0)
		return rc;
	scope->region_id = ws->region_id;
	scope->municipality = ws->code;
	return 0;
}

static int
load_workspace(struct request *r, void **obj, struct object_scope *scope)
{
	struct db *db = request_db(r);
	struct ws_info *ws;
	int rc;

	if (db == NULL)
		return -1;
	ws = arena_alloc(&r->arena, sizeof(*ws));
	if ((rc = find_workspace(r, db, ws, scope)) != 0)
		return rc;
	*obj = ws;
	return 0;
}

/* A session of the workspace: 0, DB_MISSING or -1. */
static int
session_of(struct db *db, struct ws_object *o)
{
	return workspace_session_of(db, o->ws.id, o->id);
}

/* An action of the workspace, with its state: 0, DB_MISSING or -1. */
static int
action_of(struct db *db, struct ws_object *o)
{
	return workspace_action_state(db, o->ws.id, o->id, &o->action);
}

/* The workspace of the route and its child of :id, which `belongs`
 * loads and checks to be the workspace's. */
static int
load_child(struct request *r, void **obj, struct object_scope *scope,
    int (*belongs)(struct db *, struct ws_object *))
{
	struct db *db = request_db(r);
	struct ws_object *o;
	int rc;

	if (db == NULL)
		return -1;
	o = arena_calloc(&r->arena, 1, sizeof(*o));
	if ((rc = find_workspace(r, db, &o->ws, scope)) != 0)
		return rc;
	if (id_parse(request_param(r, "id"), &o->id) != 0)
		return DB_MISSING;
	if ((rc = belongs(db, o)) != 0)
		return rc;
	*obj = o;
	return 0;
}

static int
load_session(struct request *r, void **obj, struct object_scope *scope)
{
	return load_child(r, obj, scope, session_of);
}

static int
load_action(struct request *r, void **obj, struct object_scope *scope)
{
	return load_child(r, obj, scope, action_of);
}

/*
 * A period's report data for the API: whoever manages its region, or
 * works on one of its workspaces, reaches it, and sees the workspaces
 * they work on.  No scope rule says "one of its municipalities", so the
 * loader asks the policy itself (report_mark_visible()) and answers "no
 * such object" to anyone else, like the guard would.
 */
static int
load_report(struct request *r, void **obj, struct object_scope *scope)
{
	struct db *db;
	struct programme_period p;
	struct report_data *d;
	int64_t id;
	int rc;

	(void)scope;
	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	if ((rc = report_period(db, &r->arena, r->lang, id, &p)) != 0)
		return rc;
	d = arena_calloc(&r->arena, 1, sizeof(*d));
	if (report_load(db, &r->arena, r->lang, &p, d) != 0)
		return -1;
	if (!report_mark_visible(&r->user, d))
		return DB_MISSING;
	*obj = d;
	return 0;
}

const struct route_loader programme_period_loader = {
	"period", load_period, SCOPE_MANAGED
};
const struct route_loader programme_workspace_loader = {
	"workspace", load_workspace, SCOPE_WORKED_ON
};
const struct route_loader programme_session_loader = {
	"workspace-session", load_session, SCOPE_WORKED_ON
};
const struct route_loader programme_action_loader = {
	"workspace-action", load_action, SCOPE_WORKED_ON
};
const struct route_loader programme_report_loader = {
	"period-report", load_report, SCOPE_ANYONE
};

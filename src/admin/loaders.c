/*
 * loaders.c - the account an administration route works on (:id).
 *
 * Whether the viewer may manage an account depends on the account's role
 * as well as its region (a coordinator manages the accounts below
 * coordinator in their region), which none of the policy's scope rules
 * says.  So the load function asks policy_manages_account() itself, and
 * the route rule is SCOPE_ANYONE: this file is the one place that decides,
 * and an account out of reach is as missing as an unknown id (404), so
 * ids cannot be probed for who is an administrator.
 */
#include "admin/admin.h"
#include "auth/policy.h"
#include "db/rows.h"

int
admin_managed_account(struct request *r, struct db *db, int64_t id,
    struct account *acct)
{
	int rc = account_by_id(db, &r->arena, id, acct);

	if (rc != 0)
		return rc < 0 ? -1 : DB_MISSING;
	return policy_manages_account(&r->user, acct->role, acct->region_id) ?
	    0 : DB_MISSING;
}

static int
admin_load_account(struct request *r, void **obj, struct object_scope *scope)
{
	struct account *acct;
	struct db *db;
	int64_t id;
	int rc;

	(void)scope;
	if (id_parse(request_param(r, "id"), &id) != 0)
		return DB_MISSING;
	if ((db = request_db(r)) == NULL)
		return -1;
	acct = arena_calloc(&r->arena, 1, sizeof(*acct));
	*obj = acct;
	/* The server ends a page's read snapshot after its handler; when the
	 * guard refuses, none runs, and the snapshot would stay open on this
	 * thread's connection (its next write could not begin). */
	if ((rc = admin_managed_account(r, db, id, acct)) != 0)
		request_db_release(r);
	return rc;
}

const struct route_loader admin_account_loader = {
	"managed-account", admin_load_account, SCOPE_ANYONE,
};

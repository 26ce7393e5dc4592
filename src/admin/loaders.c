/*
 * loaders.c - the account an administration route works on (:id).
 *
 * Whether the viewer may manage an account depends on the account's role
 * as well as its region (a coordinator manages the accounts below
 * coordinator in their region): the rule SCOPE_ACCOUNT, with the role and
 * region in the scope.  An account out of reach is as missing as an
 * unknown id (404), so ids cannot be probed for who is an administrator.
 * A change reads the account again inside its transaction
 * (admin_managed_account()), so a role changed in between is seen.
 */
#include "admin/admin.h"
#include "auth/policy.h"
#include "db/rows.h"

static struct object_scope
account_scope(const struct account *acct)
{
	struct object_scope s = { .region_id = acct->region_id,
	    .role = acct->role };

	return s;
}

int
admin_managed_account(struct request *r, struct db *db, int64_t id,
    struct account *acct)
{
	struct object_scope s;
	int rc = account_by_id(db, &r->arena, id, acct);

	if (rc != 0)
		return rc < 0 ? -1 : DB_MISSING;
	s = account_scope(acct);
	return policy_reaches(&r->user, SCOPE_ACCOUNT, &s) ? 0 : DB_MISSING;
}

static int
admin_load_account(struct request *r, void **obj, struct object_scope *scope)
{
	struct account *acct;
	struct db *db;
	int64_t id;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	acct = arena_calloc(&r->arena, 1, sizeof(*acct));
	if ((rc = account_by_id(db, &r->arena, id, acct)) != 0)
		return rc < 0 ? -1 : DB_MISSING;
	*obj = acct;
	*scope = account_scope(acct);
	return 0;
}

const struct route_loader admin_account_loader = {
	"managed-account", admin_load_account, SCOPE_ACCOUNT,
};

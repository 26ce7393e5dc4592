/*
 * home.c - which region a new object goes into.
 *
 * Every module that creates region objects (events, news, materials,
 * periods, organisations) asks here, so that the answer is the same
 * everywhere: the policy decides (policy_home_region()), and the site's
 * own region - the first one - is what an administrator's new objects
 * belong to.
 */
#include "auth/policy.h"
#include "db/rows.h"
#include "network/network.h"

int
network_home_region(struct db *db, const struct user *u, int64_t *out)
{
	int64_t site = 0;
	int rc;

	*out = 0;
	rc = db_int64(db, "SELECT id FROM region ORDER BY id LIMIT 1",
	    DB_NOARGS, &site);
	if (rc < 0)
		return -1;
	*out = policy_home_region(u, site);
	return 0;
}

/*
 * policy.c - who may see, download and change a material (the rules are
 * in materials.h).  Route actions are checked by the guard before this;
 * these are the object-level questions.
 */
#include <string.h>

#include "auth/policy.h"
#include "materials/materials.h"

/* Network staff: any signed-in account (every account has a role). */
bool
materials_is_staff(const struct user *u)
{
	return policy_allows(u, ACT_ACCOUNT);
}

bool
materials_listed(enum mat_access access)
{
	return access != MAT_STAFF;
}

bool
materials_may_see(const struct user *u, const struct material *m)
{
	return materials_is_staff(u) || materials_listed(m->access);
}

bool
materials_may_download(const struct user *u, const struct material *m)
{
	if (materials_is_staff(u))
		return true;
	return m->access == MAT_PUBLIC;
}

bool
materials_may_edit(const struct user *u, const struct material *m)
{
	if (!policy_allows(u, ACT_MATERIALS))
		return false;
	if (m->owner_id != 0 && m->owner_id == u->id)
		return true;
	/* Coordinators their region's; administrators every region. */
	return policy_manages_region(u, m->region_id);
}

/*
 * policy.c - the permission rules (see the table in policy.h).
 */
#include <stdio.h>
#include <string.h>

#include "auth/policy.h"
#include "base/str.h"

static const char *const action_names[ACT_COUNT] = {
	"public", "account", "feedback", "audit", "users", "metrics",
	"programme", "network", "events", "materials", "news", "directory",
	"directory-bulk",
	"badges",
	"encounters",
	"trainings",
	"issuer-keys",
};

const char *
action_name(enum action a)
{
	return (unsigned)a < ACT_COUNT ? action_names[a] : "?";
}

bool
policy_allows(const struct user *u, enum action a)
{
	switch (a) {
	case ACT_PUBLIC:
		return true;
	case ACT_ACCOUNT:
		return u->id != 0;
	case ACT_FEEDBACK:
	case ACT_AUDIT:
	case ACT_USERS:
		return u->role == ROLE_ADMIN || u->role == ROLE_COORDINATOR;
	case ACT_METRICS:
		return u->role == ROLE_ADMIN;
	case ACT_PROGRAMME:
	case ACT_NETWORK:
	case ACT_EVENTS:
	case ACT_NEWS:
	case ACT_BADGES:
		return u->role == ROLE_ADMIN || u->role == ROLE_COORDINATOR;
	case ACT_MATERIALS:
		return u->role == ROLE_ADMIN || u->role == ROLE_COORDINATOR ||
		    u->role == ROLE_TUTOR || u->role == ROLE_MUNICIPAL;
	case ACT_DIRECTORY_BULK:
		return u->role == ROLE_ADMIN || u->role == ROLE_COORDINATOR;
	case ACT_DIRECTORY:
	case ACT_ENCOUNTERS:
		return u->role == ROLE_ADMIN || u->role == ROLE_COORDINATOR ||
		    u->role == ROLE_MUNICIPAL || u->role == ROLE_SUPPORTER;
	case ACT_TRAININGS:
		return u->id != 0 && u->role != ROLE_PUBLIC;
	case ACT_ISSUER_KEYS:
		return u->role == ROLE_ADMIN;
	}
	return false;
}

bool
policy_sees_municipality(const struct user *u, const char *code,
    int64_t region_id)
{
	switch (u->role) {
	case ROLE_ADMIN:
		return true;
	case ROLE_COORDINATOR:
		return u->region_id != 0 && u->region_id == region_id;
	case ROLE_MUNICIPAL:
		return u->municipality != NULL && code != NULL &&
		    strcmp(u->municipality, code) == 0;
	case ROLE_TUTOR:
		return str_index(code, u->scopes, u->nscopes) >= 0;
	case ROLE_SUPPORTER:
	case ROLE_PUBLIC:
		break;
	}
	return false;
}

bool
policy_manages_account(const struct user *actor, enum role role,
    int64_t region_id)
{
	if (actor->role == ROLE_ADMIN)
		return true;
	if (actor->role != ROLE_COORDINATOR || actor->region_id == 0)
		return false;
	return role != ROLE_ADMIN && role != ROLE_COORDINATOR &&
	    region_id == actor->region_id;
}

bool
policy_maintains_point(const struct user *u, int64_t id, const char *code,
    int64_t region_id)
{
	char idtext[24];

	/* A tutor sees a municipality's pages but keeps none of its points. */
	if (u->role == ROLE_TUTOR)
		return false;
	if (u->role != ROLE_SUPPORTER)
		return policy_sees_municipality(u, code, region_id);
	if (id <= 0)
		return false;
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	return str_index(idtext, u->scopes, u->nscopes) >= 0;
}

struct point_filter
policy_point_filter(const struct user *u)
{
	struct point_filter f = { .region = -1 };

	switch (u->role) {
	case ROLE_ADMIN:
		f.region = 0;
		break;
	case ROLE_COORDINATOR:
		f.region = u->region_id != 0 ? u->region_id : -1;
		break;
	case ROLE_MUNICIPAL:
		if (u->municipality != NULL) {
			f.region = 0;
			f.municipality = u->municipality;
		}
		break;
	case ROLE_SUPPORTER:
		f.region = 0;
		f.by_ids = true;
		f.ids = u->scopes;
		f.nids = u->nscopes;
		break;
	case ROLE_TUTOR:
	case ROLE_PUBLIC:
		break;
	}
	return f;
}

bool
policy_adds_points(const struct user *u)
{
	return u->role == ROLE_ADMIN || (u->role == ROLE_COORDINATOR &&
	    u->region_id != 0) || (u->role == ROLE_MUNICIPAL &&
	    u->municipality != NULL);
}

bool
policy_may_write(const struct user *u)
{
	return !u->via_api_token || u->token_can_write;
}

bool
policy_works_on(const struct user *u, const char *code, int64_t region_id)
{
	return policy_sees_municipality(u, code, region_id);
}

bool
policy_edits_municipality(const struct user *u, const char *code,
    int64_t region_id)
{
	if (u->role == ROLE_TUTOR)
		return false;
	return policy_sees_municipality(u, code, region_id);
}

bool
policy_manages_region(const struct user *u, int64_t region_id)
{
	if (u->role == ROLE_ADMIN)
		return true;
	return u->role == ROLE_COORDINATOR && u->region_id != 0 &&
	    u->region_id == region_id;
}

const char *
scope_rule_name(enum scope_rule rule)
{
	static const char *const names[] = { "anyone", "published",
	    "managed", "seen", "worked-on", "edited", "account", "point" };

	return (unsigned)rule < sizeof(names) / sizeof(names[0]) ?
	    names[rule] : "?";
}

bool
policy_reaches(const struct user *u, enum scope_rule rule,
    const struct object_scope *s)
{
	const char *code = s->municipality != NULL ? s->municipality : "";

	switch (rule) {
	case SCOPE_ANYONE:
		return true;
	case SCOPE_PUBLISHED:
		return s->published || policy_manages_region(u, s->region_id);
	case SCOPE_MANAGED:
		return policy_manages_region(u, s->region_id);
	case SCOPE_SEEN:
		return policy_sees_municipality(u, code, s->region_id);
	case SCOPE_WORKED_ON:
		return policy_works_on(u, code, s->region_id);
	case SCOPE_EDITED:
		return policy_edits_municipality(u, code, s->region_id);
	case SCOPE_ACCOUNT:
		return policy_manages_account(u, s->role, s->region_id);
	case SCOPE_POINT:
		return policy_maintains_point(u, s->object_id, s->municipality,
		    s->region_id);
	}
	return false;
}

int64_t
policy_home_region(const struct user *u, int64_t site_region)
{
	if (u->role == ROLE_ADMIN)
		return site_region;
	if (u->role == ROLE_COORDINATOR)
		return u->region_id;
	return 0;
}

int64_t
policy_region_filter(const struct user *u)
{
	if (u->role == ROLE_ADMIN)
		return 0;
	if (u->role == ROLE_COORDINATOR && u->region_id != 0)
		return u->region_id;
	return -1;
}

/* --- trainings --- */

int64_t
policy_training_region(const struct user *u)
{
	if (u->role == ROLE_ADMIN)
		return 0;
	return u->region_id;
}

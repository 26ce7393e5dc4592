/*
 * policy.h - who may do what.  Every permission of the application is
 * decided here and nowhere else.
 *
 * Each route names an action (struct route's `action`); the server asks
 * policy_allows() before the handler runs.  Handlers that act on one object
 * (a municipality, an account) ask the object-level functions below.
 *
 *   action          public  supporter  municipal  tutor  coordinator  admin
 *   ACT_PUBLIC        yes      yes        yes      yes       yes       yes
 *   ACT_ACCOUNT        -       yes        yes      yes       yes       yes
 *   ACT_FEEDBACK       -        -          -        -        yes       yes
 *   ACT_AUDIT          -        -          -        -        yes       yes
 *   ACT_USERS          -        -          -        -        yes       yes
 *   ACT_METRICS        -        -          -        -         -        yes
 *   ACT_PROGRAMME      -        -          -        -        yes       yes
 *   ACT_NETWORK        -        -          -        -        yes       yes
 *   ACT_EVENTS         -        -          -        -        yes       yes
 *   ACT_MATERIALS      -        -         yes      yes       yes       yes
 *   ACT_NEWS           -        -          -        -        yes       yes
 *   ACT_DIRECTORY      -       yes        yes       -        yes       yes
 *   ACT_DIRECTORY_BULK -        -          -        -        yes       yes
 *   ACT_BADGES         -        -          -        -        yes       yes
 *   ACT_ENCOUNTERS     -       yes        yes       -        yes       yes
 *   ACT_TRAININGS      -       yes        yes      yes       yes       yes
 *   ACT_ISSUER_KEYS    -        -          -        -         -        yes
 *
 * Coordinators act within their region and may not create or change
 * coordinators or administrators; administrators may do everything.
 */
#ifndef TV_AUTH_POLICY_H
#define TV_AUTH_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/user.h"

enum action {
	ACT_PUBLIC = 0,		/* anyone, signed in or not */
	ACT_ACCOUNT,		/* any signed-in account: its own things */
	ACT_FEEDBACK,		/* read accessibility feedback */
	ACT_AUDIT,		/* read the audit log */
	ACT_USERS,		/* invite and manage accounts */
	ACT_METRICS,		/* read operational metrics */
	ACT_PROGRAMME,		/* periods, tutor assignments, the network view */
	ACT_NETWORK,		/* organisations and people of the network */
	ACT_EVENTS,		/* organise events: edit, registrants, attendance */
	ACT_MATERIALS,		/* add materials, handle access requests */
	ACT_NEWS,		/* write and publish news posts */
	ACT_DIRECTORY,		/* maintain service points of the directory */
	ACT_DIRECTORY_BULK,	/* the region's service points as CSV */
	ACT_BADGES,		/* make achievements, award and revoke badges */
	ACT_ENCOUNTERS,		/* record support encounters, see their figures */
	/* --- trainings (src/learning/training.c) --- */
	ACT_TRAININGS,		/* see trainings, enrol, take their tests */
	ACT_ISSUER_KEYS,	/* the site's badge issuer keys: rotate */
};
#define ACT_COUNT 17

/* The action's name in the route listing ("public", "account", ...). */
const char *action_name(enum action a);

/* May u reach a route guarded by action a at all? */
bool policy_allows(const struct user *u, enum action a);

/*
 * May u see the staff pages of municipality `code` (in region
 * `region_id`)?  Municipal coordinators: their own; tutors: the ones they
 * are assigned; coordinators: their region's; administrators: all.
 */
bool policy_sees_municipality(const struct user *u, const char *code,
    int64_t region_id);

/*
 * May u work in the sparring workspace of municipality `code`: record
 * sessions and actions, assess, report progress?  The same people who see
 * the municipality's staff pages: its municipal coordinator, its tutors
 * (assigned in any period), the region's coordinators, administrators.
 */
bool policy_works_on(const struct user *u, const char *code, int64_t region_id);

/* May u edit municipality `code`'s public page of its digital support?
 * Its municipal coordinator, the region's coordinators, administrators. */
bool policy_edits_municipality(const struct user *u, const char *code,
    int64_t region_id);

/* May u manage the programme and the network of region `region_id`
 * (periods, assignments, organisations, people)? */
bool policy_manages_region(const struct user *u, int64_t region_id);

/* May actor create, change, deactivate or erase an account that has (or
 * would get) role `role` in region `region_id`? */
bool policy_manages_account(const struct user *actor, enum role role,
    int64_t region_id);

/*
 * May u maintain service point `id` of municipality `code` in region
 * `region_id`?  The region's coordinators, the municipality's municipal
 * coordinator, the supporters who have the point in their scope (its id
 * as text), administrators.  A new point (id 0) only the first three
 * but supporters.
 */
bool policy_maintains_point(const struct user *u, int64_t id,
    const char *code, int64_t region_id);

/*
 * The service points u maintains, as a store filter: region (0 any, -1
 * none), municipality (NULL any) and, for supporters, the ids of their
 * scope (by_ids: only these).
 */
struct point_filter {
	int64_t region;
	const char *municipality;
	bool by_ids;
	const char *const *ids;
	size_t nids;
};
struct point_filter policy_point_filter(const struct user *u);

/* May u add service points at all (in their region or municipality)? */
bool policy_adds_points(const struct user *u);

/* May u's API token change data (write scope)?  Sessions always may. */
bool policy_may_write(const struct user *u);

/*
 * Where an object lives, as a route loader finds it (http/router.h): the
 * region, the municipality it belongs to (NULL when none) and whether it
 * is published to everyone.
 */
struct object_scope {
	int64_t region_id;
	const char *municipality;
	bool published;
	enum role role;		/* an account's role (SCOPE_ACCOUNT) */
	int64_t object_id;	/* a service point's id (SCOPE_POINT) */
};

/* Who may reach an object: the rule a route's loader names. */
enum scope_rule {
	SCOPE_ANYONE,		/* whoever knows its address (a secret link) */
	SCOPE_PUBLISHED,	/* everyone once published; before that, the
				 * people who manage its region */
	SCOPE_MANAGED,		/* the people who manage its region */
	SCOPE_SEEN,		/* policy_sees_municipality() */
	SCOPE_WORKED_ON,	/* policy_works_on() */
	SCOPE_EDITED,		/* policy_edits_municipality() */
	SCOPE_ACCOUNT,		/* an account: policy_manages_account() on
				 * its role and region */
	SCOPE_POINT,		/* a service point: policy_maintains_point() */
};

/* The rule's name in the route listing ("anyone", "published", ...). */
const char *scope_rule_name(enum scope_rule rule);

/* May u reach an object with scope s under rule? */
bool policy_reaches(const struct user *u, enum scope_rule rule,
    const struct object_scope *s);

/*
 * The region a new object of u's goes into: a coordinator's own; for an
 * administrator (who has none), the site's region `site_region`.  0 when
 * u may not create region objects at all.
 */
int64_t policy_home_region(const struct user *u, int64_t site_region);

/*
 * The region u's lists are limited to: a coordinator's own region, 0 for
 * no limit (administrators), -1 for nothing at all (everyone else).  For
 * store queries that list what a user manages, so the limit is in the SQL
 * and no handler filters rows by hand.
 */
int64_t policy_region_filter(const struct user *u);

/* --- trainings --- */

/* The region whose trainings u's list shows: their own region, every
 * region (0) for an administrator and for staff without a region
 * (supporters belong to service points, not to a region). */
int64_t policy_training_region(const struct user *u);

#endif

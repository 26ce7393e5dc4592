/*
 * home.c - the staff home page, a municipality's staff page, and the API's
 * /me.
 *
 * Which municipalities appear is decided by the policy alone (the
 * SCOPE_SEEN rule); a municipality outside one's scope answers 404 from its
 * route loader, the same as one that does not exist, so the staff pages do
 * not reveal what others work on.
 */
#include <string.h>

#include <jansson.h>

#include "auth/policy.h"
#include "base/time.h"
#include "directory/directory.h"
#include "events/events.h"
#include "http/response.h"
#include "http/urls.h"
#include "materials/materials.h"
#include "programme/dashboard.h"
#include "programme/workspace.h"
#include "staff/staff.h"
#include "tmpl_staff.h"
#include "view/page.h"

const char *
staff_days_text(struct view *v, int days)
{
	if (days < -1)
		return arena_printf(v->arena, i18n_text(v->lang, "%d days late"),
		    -days);
	if (days == -1)
		return i18n_text(v->lang, "1 day late");
	if (days == 0)
		return i18n_text(v->lang, "due today");
	if (days == 1)
		return i18n_text(v->lang, "due tomorrow");
	return arena_printf(v->arena, i18n_text(v->lang, "due in %d days"),
	    days);
}

#define HOME_EVENTS 5	/* the next events shown */

/*
 * What the home page answers first (#12 item 8): the programme's periods
 * under way (the workspaces the policy says the user works on, late and
 * soon due actions, recent changes), the next events with their seats -
 * drafts too for those who organise events - and the material requests
 * waiting for the user.  0 or -1.
 */
static int
staff_dashboard(struct request *r, struct db *db, int64_t region,
    struct staff_home *h)
{
	int64_t now = time_now();

	h->dash = arena_calloc(&r->arena, 1, sizeof(*h->dash));
	if (programme_dashboard(db, &r->arena, r->lang, &r->user, now,
	    h->dash) != 0)
		return -1;
	h->today = h->dash->today;
	if (events_upcoming(db, &r->arena, r->lang, region, now,
	    h->may_events, HOME_EVENTS, &h->events, &h->nevents) != 0)
		return -1;
	return materials_requests_waiting(db, &r->user, &h->requests);
}

/* The service points that are the user's own by name (a supporter's:
 * the policy's filter names them by id), for the home's links; none for
 * those who keep a region's or a municipality's.  0 or -1. */
static int
own_points(struct request *r, struct db *db, struct staff_home *h)
{
	struct point_filter pf = policy_point_filter(&r->user);

	if (!h->may_directory || !pf.by_ids || pf.nids == 0)
		return 0;
	return directory_store_managed(db, &r->arena, r->lang, &pf,
	    &h->points, &h->npoints);
}

void
staff_home(struct request *r)
{
	struct staff_home h;
	struct region_info region;
	struct municipality *all;
	struct db *db = request_db(r);
	struct view v;
	struct page p;
	size_t n, i;

	memset(&h, 0, sizeof(h));
	if (db == NULL || network_region(db, &r->arena, r->lang, &region) < 0) {
		response_unavailable(r);
		return;
	}
	h.user = &r->user;
	h.role_label = i18n_text(r->lang, role_label_msgid(r->user.role));
	h.may_admin = policy_allows(&r->user, ACT_USERS);
	h.may_programme = policy_allows(&r->user, ACT_PROGRAMME);
	h.may_network = policy_allows(&r->user, ACT_NETWORK);
	h.may_events = policy_allows(&r->user, ACT_EVENTS);
	h.may_materials = policy_allows(&r->user, ACT_MATERIALS);
	h.may_news = policy_allows(&r->user, ACT_NEWS);
	h.may_badges = policy_allows(&r->user, ACT_BADGES);
	h.may_encounters = policy_allows(&r->user, ACT_ENCOUNTERS);
	h.may_trainings = policy_allows(&r->user, ACT_TRAININGS);
	h.may_directory = policy_allows(&r->user, ACT_DIRECTORY);
	if (own_points(r, db, &h) != 0) {
		response_unavailable(r);
		return;
	}
	if (network_municipalities(db, &r->arena, r->lang, region.id, &all,
	    &n) != 0) {
		response_unavailable(r);
		return;
	}
	if (workspace_links(r, db, &h.workspaces, &h.nworkspaces) != 0) {
		response_unavailable(r);
		return;
	}
	h.municipalities = arena_calloc(&r->arena, n ? n : 1, sizeof(*all));
	for (i = 0; i < n; i++) {
		struct object_scope s = network_municipality_scope(&all[i]);

		if (policy_reaches(&r->user, SCOPE_SEEN, &s))
			h.municipalities[h.nmunicipalities++] = all[i];
		if (!h.may_programme &&
		    policy_reaches(&r->user, SCOPE_EDITED, &s))
			h.edits = true;
	}
	if (staff_dashboard(r, db, region.id, &h) != 0) {
		response_unavailable(r);
		return;
	}
	page_begin(r, 200, i18n_text(r->lang, "Your pages"), &v, &p);
	page_crumb(&p, p.title, NULL);
	page_staff_home(&v, &p, &h);
}

void
staff_municipality(struct request *r)
{
	struct staff_municipality sm;
	struct object_scope scope;
	struct db *db = request_db(r);
	struct view v;
	struct page p;
	const char *code;

	memset(&sm, 0, sizeof(sm));
	if (db == NULL) {
		response_unavailable(r);
		return;
	}
	sm.m = *(const struct municipality *)request_object(r);
	code = sm.m.code;
	scope = network_municipality_scope(&sm.m);
	sm.may_edit = policy_reaches(&r->user, SCOPE_EDITED, &scope);
	if (programme_municipality_periods(db, &r->arena, r->lang, code,
	    &sm.periods, &sm.nperiods) != 0 ||
	    network_people(db, &r->arena, r->lang, code, &sm.people,
	    &sm.npeople) != 0) {
		response_unavailable(r);
		return;
	}
	page_begin_staff(r, 200, sm.m.name, &v, &p);
	page_crumb(&p, sm.m.name, NULL);
	page_staff_municipality(&v, &p, &sm);
}

/* The account behind the token or session, as JSON: enough for a client
 * to check that its token works and what it may do. */
void
staff_api_me(struct request *r)
{
	json_t *o, *scopes;
	size_t i;

	scopes = json_array();
	for (i = 0; i < r->user.nscopes; i++)
		json_array_append_new(scopes, json_string(r->user.scopes[i]));
	o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:b}",
	    "id", (json_int_t)r->user.id,
	    "email", r->user.email ? r->user.email : "",
	    "name", r->user.name ? r->user.name : "",
	    "role", role_name(r->user.role),
	    "scopes", scopes,
	    "can_write", policy_may_write(&r->user));
	if (o != NULL && r->user.municipality != NULL)
		json_object_set_new(o, "municipality",
		    json_string(r->user.municipality));
	response_json(r, o);
}

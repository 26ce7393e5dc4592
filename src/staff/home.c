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
#include "http/response.h"
#include "http/urls.h"
#include "programme/workspace.h"
#include "staff/staff.h"
#include "tmpl_staff.h"
#include "view/page.h"

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

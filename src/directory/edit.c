/*
 * edit.c - maintaining service points (ACT_DIRECTORY): the list of the
 * points a user maintains, a new point, and the edit form.
 *
 * Who maintains what is the policy's (policy_maintains_point()): the
 * routes of one point load it with directory_point_maintained, so a point
 * outside the user's scope is 404 like an unknown id; the list comes from
 * policy_point_filter(); a new point, or one moved to another
 * municipality, must still be in the user's scope, which the form checks
 * with policy_reaches() before anything is written.  A form with mistakes
 * comes back with status 400, everything as written and every mistake
 * named.  Every change is one transaction with its audit record, then 303.
 */
#include <string.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "db/rows.h"
#include "directory/views.h"
#include "http/response.h"
#include "http/urls.h"
#include "network/network.h"
#include "tmpl_directory_edit.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")

static void
begin_page(struct request *r, int status, const char *title, struct view *v,
    struct page *p, bool in_list)
{
	page_begin_staff(r, status, title, v, p);
	if (in_list)
		page_crumb(p, i18n_text(r->lang, "Service points"),
		    url_for(&r->arena, r->lang, "directory.manage", NULL));
	page_crumb(p, title, NULL);
}

void
directory_manage(struct request *r)
{
	struct point_filter pf = policy_point_filter(&r->user);
	struct dir_manage_view mv;
	struct dir_hit *hits;
	struct db *db;
	struct view v;
	struct page p;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&mv, 0, sizeof(mv));
	if (directory_store_managed(db, &r->arena, r->lang, &pf, &hits,
	    &mv.nhits) != 0) {
		response_unavailable(r);
		return;
	}
	mv.hits = hits;
	mv.may_add = policy_adds_points(&r->user);
	begin_page(r, 200, i18n_text(r->lang, "Service points"), &v, &p,
	    false);
	page_directory_manage(&v, &p, &mv);
}

/* The form's lists.  0 or -1. */
static int
load_choices(struct request *r, struct db *db, struct dir_edit_view *ev)
{
	struct dir_choice *areas, *topics, *forms;

	if (directory_store_areas(db, &r->arena, r->lang, false, &areas,
	    &ev->nareas) != 0 ||
	    directory_store_topics(db, &r->arena, r->lang, &topics,
	    &ev->ntopics) != 0 ||
	    directory_store_forms(db, &r->arena, r->lang, &forms,
	    &ev->nforms) != 0)
		return -1;
	ev->areas = areas;
	ev->topics = topics;
	ev->forms = forms;
	return 0;
}

static void
render(struct request *r, int status, struct dir_edit_view *ev)
{
	struct view v;
	struct page pg;

	ev->csrf = csrf_token(r);
	ev->action = ev->p == NULL ? url_for(&r->arena, r->lang,
	    "directory.create", NULL) : url_for(&r->arena, r->lang,
	    "directory.update", url_id(&r->arena, ev->p->id), NULL);
	begin_page(r, status, ev->p == NULL ? i18n_text(r->lang,
	    "New service point") : i18n_text(r->lang,
	    "Edit the service point"), &v, &pg, true);
	page_form_errors(&pg, &ev->errors);
	page_directory_edit(&v, &pg, ev);
}

/* What the audit record says of a saved point. */
static const char *
audit_detail(struct request *r, const struct service_point *p)
{
	enum lang shown;

	return arena_printf(&r->arena, "%s; %s; %s", p->municipality,
	    dir_status_name(p->status), i18n_pick(LANG_FI, p->name[LANG_FI],
	    p->name[LANG_SV], p->name[LANG_EN], &shown));
}

/* The region a new point of the user's goes into: 0 when none. */
static int64_t
new_region(struct request *r, struct db *db)
{
	int64_t region = 0;

	if (network_home_region(db, &r->user, &region) != 0)
		return -1;
	return region != 0 ? region : r->user.region_id;
}

/* Saves the form as point `old` (NULL: a new one). */
static void
save(struct request *r, const struct service_point *old)
{
	struct dir_edit_view ev;
	struct service_point p;
	struct form f;
	struct db *db;
	int64_t id, now = time_now();

	if ((db = response_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.p = old;
	if (load_choices(r, db, &ev) != 0) {
		response_unavailable(r);
		return;
	}
	form_begin(&f, r);
	directory_form_read(&f, &ev, old, &p);
	if (old == NULL && (p.region_id = new_region(r, db)) < 0) {
		response_unavailable(r);
		return;
	}
	/* A new point, or one moved, must stay within the user's reach. */
	if (form_ok(&f) && (p.region_id == 0 || !policy_reaches(&r->user,
	    SCOPE_POINT, &(struct object_scope){ .region_id = p.region_id,
	    .municipality = p.municipality, .object_id = p.id })))
		form_error(&f, "municipality", N_("You can keep service points only in the municipalities you maintain."));
	if (!form_ok(&f)) {
		ev.errors = form_errors(&f);
		render(r, 400, &ev);
		return;
	}
	if (db_begin(db) != 0) {
		response_rollback(r, db);
		return;
	}
	if ((id = directory_store_save(db, &r->arena, &p, now)) < 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    old ? "directory.update" : "directory.create", "service_point",
	    arena_printf(&r->arena, "%lld", (long long)id),
	    audit_detail(r, &p), now) != 0 ||
	    db_commit(db) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
	    url_for(&r->arena, r->lang, "directory.edit", url_id(&r->arena,
	    id), NULL), old ? "saved" : "created"));
}

void
directory_new(struct request *r)
{
	struct dir_edit_view ev;

	if (!policy_adds_points(&r->user)) {
		response_error(r, 403, N_("You cannot add service points. Ask the coordinator of your municipality."));
		return;
	}
	memset(&ev, 0, sizeof(ev));
	if (load_choices(r, request_db(r), &ev) != 0) {
		response_unavailable(r);
		return;
	}
	directory_form_from(&r->arena, r->lang, NULL, &ev);
	if (r->user.municipality != NULL)
		ev.f.municipality = r->user.municipality;
	render(r, 200, &ev);
}

void
directory_create(struct request *r)
{
	if (!policy_adds_points(&r->user)) {
		response_error(r, 403, N_("You cannot add service points. Ask the coordinator of your municipality."));
		return;
	}
	save(r, NULL);
}

void
directory_edit(struct request *r)
{
	const struct service_point *p = request_object(r);
	struct dir_edit_view ev;
	const char *done = kv_get(&r->query, "done");

	memset(&ev, 0, sizeof(ev));
	ev.p = p;
	if (load_choices(r, request_db(r), &ev) != 0) {
		response_unavailable(r);
		return;
	}
	directory_form_from(&r->arena, r->lang, p, &ev);
	if (done != NULL && strcmp(done, "created") == 0)
		ev.notice = N_("The service point has been saved.");
	else if (done != NULL && strcmp(done, "saved") == 0)
		ev.notice = N_("The changes have been saved.");
	render(r, 200, &ev);
}

void
directory_update(struct request *r)
{
	save(r, request_object(r));
}

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
 *
 * Coordinators (ACT_DIRECTORY_BULK) also take their region's points out as
 * CSV and bring them back (csv.h): every row of the file is read with the
 * edit form's own reader, as if it were the form sent for that point, and
 * must pass the same policy check; the page names every mistake by line
 * and column, and only a file without one is saved - all its points in
 * one transaction, each with its audit record.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "db/rows.h"
#include "directory/csv.h"
#include "directory/views.h"
#include "http/response.h"
#include "http/upload.h"
#include "http/urls.h"
#include "network/network.h"
#include "tmpl_directory_edit.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")

/* The municipalities whose widget the user may set (SCOPE_EDITED): a
 * municipal coordinator's own, the home region's for others.  0 or -1. */
static int
widget_areas(struct request *r, struct db *db, struct dir_manage_view *mv)
{
	struct municipality *m, *out;
	struct object_scope s;
	int64_t region = 0;
	size_t n = 0, i, k = 0;
	int rc;

	if (r->user.municipality != NULL) {
		m = arena_calloc(&r->arena, 1, sizeof(*m));
		if ((rc = network_municipality(db, &r->arena, r->lang,
		    r->user.municipality, m)) < 0)
			return -1;
		n = rc == 0 ? 1 : 0;
	} else {
		if (network_home_region(db, &r->user, &region) != 0)
			return -1;
		if (region == 0)
			return 0;
		if (network_municipalities(db, &r->arena, r->lang, region, &m,
		    &n) != 0)
			return -1;
	}
	out = arena_calloc(&r->arena, n + 1, sizeof(*out));
	for (i = 0; i < n; i++) {
		s = network_municipality_scope(&m[i]);
		if (policy_reaches(&r->user, SCOPE_EDITED, &s))
			out[k++] = m[i];
	}
	mv->widgets = out;
	mv->nwidgets = k;
	return 0;
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
	if (widget_areas(r, db, &mv) != 0) {
		response_unavailable(r);
		return;
	}
	mv.may_add = policy_adds_points(&r->user);
	mv.may_bulk = policy_allows(&r->user, ACT_DIRECTORY_BULK);
	page_begin_staff_under(r, 200, i18n_text(r->lang, "Service points"),
	    &v, &p, NULL, NULL);
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
	page_begin_staff_under(r, status, ev->p == NULL ? i18n_text(r->lang,
	    "New service point") : i18n_text(r->lang,
	    "Edit the service point"), &v, &pg, i18n_text(r->lang,
	    "Service points"), "directory.manage");
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

/* --- CSV export and import (coordinators: their region) --- */

void
directory_export(struct request *r)
{
	struct service_point *pts;
	int64_t *ids;
	struct db *db;
	size_t n, i;

	if ((db = response_db(r)) == NULL)
		return;
	if ((ids = directory_store_region_ids(db, &r->arena,
	    policy_region_filter(&r->user), &n)) == NULL) {
		response_unavailable(r);
		return;
	}
	pts = arena_calloc(&r->arena, n + 1, sizeof(*pts));
	for (i = 0; i < n; i++)
		if (directory_store_get(db, &r->arena, r->lang, ids[i],
		    &pts[i]) != 0) {
			response_unavailable(r);
			return;
		}
	response_begin(r, 200, "text/csv; charset=utf-8");
	response_header(r, "Cache-Control", "private, no-store");
	response_header(r, "Content-Disposition",
	    "attachment; filename=\"service-points.csv\"");
	directory_csv_header(&r->resp.body);
	for (i = 0; i < n; i++)
		directory_csv_point(&r->arena, &r->resp.body, &pts[i]);
}

static void
render_import(struct request *r, int status, struct dir_import_view *iv)
{
	struct view v;
	struct page pg;
	struct buf b;
	size_t i;

	iv->csrf = csrf_token(r);
	iv->action = url_for(&r->arena, r->lang, "directory.import", NULL);
	iv->export_href = url_for(&r->arena, r->lang, "directory.export",
	    NULL);
	buf_init(&b);
	for (i = 0; i < DIR_CSV_COLUMNS; i++)
		buf_printf(&b, "%s%s", i ? "; " : "", dir_csv_columns[i]);
	iv->columns = arena_strdup(&r->arena, buf_cstr(&b));
	buf_cleanup(&b);
	page_begin_staff_under(r, status, i18n_text(r->lang,
	    "Import service points"), &v, &pg, i18n_text(r->lang,
	    "Service points"), "directory.manage");
	page_directory_import(&v, &pg, iv);
}

void
directory_import_form(struct request *r)
{
	struct dir_import_view iv;
	const char *c = kv_get(&r->query, "created");
	const char *u = kv_get(&r->query, "updated");

	memset(&iv, 0, sizeof(iv));
	if (c != NULL && u != NULL)
		iv.notice = arena_printf(&r->arena, i18n_text(r->lang,
		    "The file has been imported: new service points %lld, changed %lld."),
		    strtoll(c, NULL, 10), strtoll(u, NULL, 10));
	render_import(r, 200, &iv);
}

/* The page's lines of the file's mistakes. */
static void
import_errors(struct request *r, const struct dir_csv *csv,
    struct dir_import_view *iv)
{
	struct dir_import_error *e = arena_calloc(&r->arena, csv->nerrors + 1,
	    sizeof(*e));
	struct dir_import_error *sorted = arena_calloc(&r->arena,
	    csv->nerrors + 1, sizeof(*sorted));
	size_t *order = arena_calloc(&r->arena, csv->nerrors + 1,
	    sizeof(*order));
	size_t i;

	for (i = 0; i < csv->nerrors; i++) {
		order[i] = i;
		const struct dir_csv_error *x = &csv->errors[i];

		e[i].where = x->column != NULL ? arena_printf(&r->arena,
		    "%s %zu, %s %s", i18n_text(r->lang, "Line"), x->line,
		    i18n_text(r->lang, "column"), x->column) :
		    arena_printf(&r->arena, "%s %zu", i18n_text(r->lang, "Line"),
		    x->line);
		e[i].text = x->arg != NULL ? arena_printf(&r->arena, "%s %s",
		    i18n_text(r->lang, x->msgid), x->arg) :
		    i18n_text(r->lang, x->msgid);
	}
	/* In the order of the file (the checks of the whole file, such as
	 * a repeated id, come last), the same line in the order found. */
	for (i = 1; i < csv->nerrors; i++) {
		size_t k;

		for (k = i; k > 0 && csv->errors[order[k - 1]].line >
		    csv->errors[order[k]].line; k--) {
			size_t t = order[k];

			order[k] = order[k - 1];
			order[k - 1] = t;
		}
	}
	for (i = 0; i < csv->nerrors; i++)
		sorted[i] = e[order[i]];
	iv->errors = sorted;
	iv->nerrors = csv->nerrors;
}

/* The CSV column of an edit form field. */
static const char *
column_of(const char *field)
{
	if (strcmp(field, "topic") == 0)
		return "topics";
	if (strcmp(field, "support_form") == 0)
		return "forms";
	return field;
}

/*
 * Reads row `row` as the edit form of its point into *out: its mistakes
 * go into csv.  0, or -1 when the store fails.
 */
static int
import_row(struct request *r, struct db *db, struct dir_edit_view *ev,
    const struct dir_csv_row *row, struct dir_csv *csv,
    struct service_point *out)
{
	struct service_point *old = NULL;
	struct kv_list sent = r->form;
	struct form_errors fe;
	struct form f;
	size_t i;
	int rc;

	if (row->id != 0) {
		old = arena_alloc(&r->arena, sizeof(*old));
		rc = directory_store_get(db, &r->arena, r->lang, row->id, old);
		if (rc < 0)
			return -1;
		if (rc != 0 || !policy_reaches(&r->user, SCOPE_POINT,
		    &(struct object_scope){ .region_id = old->region_id,
		    .municipality = old->municipality, .object_id = old->id })) {
			directory_csv_error(&r->arena, csv, row->line, "id",
			    N_("There is no service point with this id in your region."),
			    NULL);
			return 0;
		}
	}
	r->form = row->fields;
	form_begin(&f, r);
	directory_form_read(&f, ev, old, out);
	r->form = sent;
	if (old == NULL && (out->region_id = new_region(r, db)) < 0)
		return -1;
	if (form_ok(&f) && (out->region_id == 0 || !policy_reaches(&r->user,
	    SCOPE_POINT, &(struct object_scope){ .region_id = out->region_id,
	    .municipality = out->municipality, .object_id = out->id })))
		form_error(&f, "municipality", N_("You can keep service points only in the municipalities you maintain."));
	fe = form_errors(&f);
	for (i = 0; i < fe.n; i++)
		directory_csv_error(&r->arena, csv, row->line,
		    column_of(fe.v[i].field), fe.v[i].msgid, NULL);
	return 0;
}

void
directory_import(struct request *r)
{
	struct dir_import_view iv;
	struct dir_edit_view ev;
	struct service_point *pts;
	const struct upload *u;
	struct dir_csv csv;
	int64_t now = time_now(), id, created = 0, updated = 0;
	const char *data;
	struct db *db;
	size_t i;
	int rc;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&iv, 0, sizeof(iv));
	memset(&csv, 0, sizeof(csv));
	u = request_upload(r, "file");
	if (u == NULL || u->size == 0) {
		directory_csv_error(&r->arena, &csv, 1, NULL,
		    N_("Choose the CSV file to import."), NULL);
		import_errors(r, &csv, &iv);
		render_import(r, 400, &iv);
		return;
	}
	if ((rc = upload_read(u, &r->arena, DIR_CSV_BYTES_MAX, &data)) < 0) {
		response_unavailable(r);
		return;
	}
	if (rc == 1)
		directory_csv_error(&r->arena, &csv, 1, NULL,
		    N_("The file is too large: at most 8 MB."), NULL);
	else if (directory_csv_read(&r->arena, data, (size_t)u->size,
	    &csv) != 0) {
		response_unavailable(r);
		return;
	}
	if (csv.nerrors == 0 && csv.nrows == 0)
		directory_csv_error(&r->arena, &csv, 2, NULL,
		    N_("The file has no service points."), NULL);
	memset(&ev, 0, sizeof(ev));
	if (load_choices(r, db, &ev) != 0) {
		response_unavailable(r);
		return;
	}
	pts = arena_calloc(&r->arena, csv.nrows + 1, sizeof(*pts));
	for (i = 0; i < csv.nrows; i++)
		if (import_row(r, db, &ev, &csv.rows[i], &csv, &pts[i]) != 0) {
			response_unavailable(r);
			return;
		}
	if (csv.nerrors > 0) {
		import_errors(r, &csv, &iv);
		render_import(r, 400, &iv);
		return;
	}
	if (response_begin_tx(r, db) != 0)
		return;
	for (i = 0; i < csv.nrows; i++) {
		if ((id = directory_store_save(db, &r->arena, &pts[i], now)) < 0 ||
		    audit_record(db, r->user.id, request_address(r), pts[i].id ?
		    "directory.import-update" : "directory.import-create",
		    "service_point", arena_printf(&r->arena, "%lld",
		    (long long)id), audit_detail(r, &pts[i]), now) != 0) {
			response_rollback(r, db);
			return;
		}
		if (pts[i].id)
			updated++;
		else
			created++;
	}
	if (db_commit(db) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "%s?created=%lld&updated=%lld", url_for(&r->arena, r->lang,
	    "directory.import-form", NULL), (long long)created,
	    (long long)updated));
}

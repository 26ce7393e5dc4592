/*
 * edit.c - organisations, people and the municipalities' support
 * descriptions: the write side of the network (see edit.h).
 *
 * The route loaders (loaders.c) have loaded the object of the page and
 * the policy has decided that the viewer may reach it; lists come from
 * the store already limited to the viewer's regions.  Lists are small
 * (tens or a few hundred rows), so they are sorted in C by the page's
 * language.  A form is read whole with the form model (view/form.h): every
 * mistake is named at once, next to its field and in the summary, with
 * status 400 and nothing written.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/collate.h"
#include "base/str.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "network/edit.h"
#include "network/edit_store.h"
#include "tmpl_network_edit.h"
#include "view/form.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")

const char *const edit_kinds[ORG_KIND_COUNT] = { "municipal-unit", "library",
	"association", "parish", "adult-education", "company",
	"regional-council", "agency", "other" };
const size_t edit_nkinds = ORG_KIND_COUNT;

enum org_kind
edit_kind_parse(const char *s)
{
	int i = str_index(s, edit_kinds, ORG_KIND_COUNT);

	return i >= 0 ? (enum org_kind)i : ORG_OTHER;
}

const char *
edit_kind_label(enum lang l, enum org_kind kind)
{
	switch (kind) {
	case ORG_MUNICIPAL_UNIT:
		return i18n_text(l, "Municipal unit");
	case ORG_LIBRARY:
		return i18n_text(l, "Library");
	case ORG_ASSOCIATION:
		return i18n_text(l, "Association");
	case ORG_PARISH:
		return i18n_text(l, "Parish");
	case ORG_ADULT_EDUCATION:
		return i18n_text(l, "Adult education centre");
	case ORG_COMPANY:
		return i18n_text(l, "Company");
	case ORG_REGIONAL_COUNCIL:
		return i18n_text(l, "Regional council");
	case ORG_AGENCY:
		return i18n_text(l, "Government agency");
	case ORG_OTHER:
		break;
	}
	return i18n_text(l, "Other organisation");
}

const char *
edit_role_label(enum lang l, enum person_role role)
{
	switch (role) {
	case PERSON_PROJECT_MANAGER:
		return i18n_text(l, "Project manager");
	case PERSON_PROJECT_PLANNER:
		return i18n_text(l, "Project planner");
	case PERSON_TUTOR:
		return i18n_text(l, "Municipal tutor");
	case PERSON_MUNICIPAL_COORDINATOR:
		return i18n_text(l, "Municipal coordinator");
	case PERSON_SUPPORTER:
		return i18n_text(l, "Digital supporter");
	case PERSON_SPEAKER:
	case PERSON_ROLE_COUNT:
		break;
	}
	return i18n_text(l, "Speaker");
}

/* --- small helpers --- */

/* "name_fi", "title_sv": a field of one language version. */
static const char *
lang_field(struct request *r, const char *name, int l)
{
	return arena_printf(&r->arena, "%s_%s", name, lang_code((enum lang)l));
}

/* --- municipalities by code --- */

/* A municipality's name for a stored code (the code itself if it is not
 * in the region, which the schema does not forbid). */
static const char *
munis_name(const struct municipality_set *ms, const char *code, int64_t region)
{
	const struct municipality *m = network_set_find(ms, code, region);

	return m != NULL ? m->name : code;
}

/* --- page frame --- */

static void
begin_page(struct request *r, int status, const char *title, struct view *v,
    struct page *p, const char *list_label, const char *list_url)
{
	page_begin_staff(r, status, title, v, p);
	if (list_label != NULL)
		page_crumb(p, list_label, list_url);
}

static const char *
id_text(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "%lld", (long long)id);
}

/* The status of a form page: 200, or 400 when it has mistakes. */
static int
form_status(const struct form_errors *e)
{
	return e->n ? 400 : 200;
}

/* Records the change and commits; the answer is given on failure. */
static int
finish(struct request *r, struct db *db, const char *action,
    const char *type, const char *id, const char *detail)
{
	if (audit_record(db, r->user.id, request_address(r), action, type, id,
	    detail, time_now()) != 0 || db_commit(db) != 0) {
		response_rollback(r, db);
		return -1;
	}
	return 0;
}

static const char *
done_notice(struct request *r, const char *created, const char *saved,
    const char *deleted)
{
	const char *done = kv_get(&r->query, "done");

	if (done == NULL)
		return NULL;
	if (strcmp(done, "created") == 0)
		return created;
	if (strcmp(done, "saved") == 0)
		return saved;
	if (strcmp(done, "deleted") == 0)
		return deleted;
	return NULL;
}

/* --- organisations --- */

static int
org_cmp(const void *x, const void *y)
{
	const struct edit_org *a = x, *b = y;
	int c;

	/* Region-wide organisations first, then by municipality. */
	if ((a->municipality_name == NULL) != (b->municipality_name == NULL))
		return a->municipality_name == NULL ? -1 : 1;
	if (a->municipality_name != NULL &&
	    (c = collate_fi(a->municipality_name, b->municipality_name)) != 0)
		return c;
	return collate_fi(a->name_shown, b->name_shown);
}

/*
 * The organisations the viewer manages, with municipality names, sorted
 * for the page; ms gets the municipalities of their regions.  0 or -1.
 */
static int
managed_orgs(struct request *r, struct db *db, struct municipality_set *ms,
    struct edit_org **out, size_t *n, bool *many_regions)
{
	struct edit_org *all;
	size_t nall, i;

	*many_regions = false;
	if (org_store_list(db, &r->arena, r->lang,
	    policy_region_filter(&r->user), &all, &nall) != 0)
		return -1;
	for (i = 0; i < nall; i++) {
		struct edit_org *o = &all[i];

		if (network_set_add_region(db, &r->arena, r->lang,
		    ms, o->region_id) != 0)
			return -1;
		if (o->region_id != all[0].region_id)
			*many_regions = true;
		o->municipality_name = o->municipality == NULL ? NULL :
		    munis_name(ms, o->municipality, o->region_id);
	}
	if (nall > 1)
		qsort(all, nall, sizeof(*all), org_cmp);
	*out = all;
	*n = nall;
	return 0;
}

void
network_orgs_page(struct request *r)
{
	struct edit_orgs_view ov;
	struct edit_org *orgs;
	struct municipality_set ms;
	struct db *db;
	struct view v;
	struct page p;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&ov, 0, sizeof(ov));
	memset(&ms, 0, sizeof(ms));
	if (managed_orgs(r, db, &ms, &orgs, &ov.norgs, &ov.many_regions) != 0) {
		response_unavailable(r);
		return;
	}
	ov.orgs = orgs;
	ov.notice = done_notice(r, NULL, NULL,
	    N_("The organisation has been deleted."));
	begin_page(r, 200, i18n_text(r->lang, "Organisations"), &v, &p, NULL,
	    NULL);
	page_crumb(&p, p.title, NULL);
	page_edit_orgs(&v, &p, &ov);
}

static int
person_cmp(const void *x, const void *y)
{
	return collate_fi(((const struct edit_person *)x)->name,
	    ((const struct edit_person *)y)->name);
}

/* Renders the organisation form (new when o is NULL) for `region`, 400
 * when it has mistakes (409 for a refused delete).  0 or -1 (nothing
 * sent). */
static int
org_render(struct request *r, struct db *db, int status,
    const struct edit_org *o, int64_t region, struct edit_org_view *ov)
{
	struct municipality_set ms;
	struct edit_person *people = NULL;
	struct view v;
	struct page p;
	size_t n = 0;

	memset(&ms, 0, sizeof(ms));
	if (network_set_add_region(db, &r->arena, r->lang, &ms, region) != 0)
		return -1;
	if (o != NULL) {
		if (person_store_list(db, &r->arena, r->lang, 0, o->id, &people,
		    &n) != 0)
			return -1;
		if (n > 1)
			qsort(people, n, sizeof(*people), person_cmp);
	}
	ov->org = o;
	ov->munis = ms.m;
	ov->nmunis = ms.n;
	ov->people = people;
	ov->npeople = n;
	ov->csrf = csrf_token(r);
	begin_page(r, status, o == NULL ? i18n_text(r->lang,
	    "New organisation") : o->name_shown, &v, &p,
	    i18n_text(r->lang, "Organisations"),
	    url_for(&r->arena, r->lang, "network.organisations", NULL));
	page_form_errors(&p, &ov->errors);
	page_crumb(&p, p.title, NULL);
	page_edit_org(&v, &p, ov);
	return 0;
}

static void
org_form_from(const struct edit_org *o, struct edit_org_form *f)
{
	int i;

	f->kind = edit_kinds[o->kind];
	for (i = 0; i < LANG_COUNT; i++)
		f->name[i] = o->name[i];
	f->municipality = o->municipality ? o->municipality : "";
	f->website = o->website;
}

/* Reads the organisation form for region `region` into of, its mistakes
 * into f.  0, or -1 on a database error. */
static int
org_read(struct request *r, struct db *db, int64_t region, struct form *f,
    struct edit_org_form *of)
{
	struct municipality_set ms;
	int i;

	memset(&ms, 0, sizeof(ms));
	form_choice(f, "kind", edit_kinds, edit_nkinds, FORM_REQUIRED,
	    N_("Choose the kind of organisation from the list."));
	of->kind = form_value(f, "kind");
	for (i = 0; i < LANG_COUNT; i++)
		of->name[i] = form_text(f, lang_field(r, "name", i), 0,
		    EDIT_NAME_MAX,
		    N_("The name is too long: at most 200 characters."));
	if (of->name[0][0] == '\0' && of->name[1][0] == '\0' &&
	    of->name[2][0] == '\0')
		form_error(f, "name_fi",
		    N_("Write the name in at least one language."));
	of->municipality = form_value(f, "municipality");
	if (network_set_add_region(db, &r->arena, r->lang, &ms, region) != 0)
		return -1;
	if (of->municipality[0] != '\0' &&
	    network_set_find(&ms, of->municipality, region) == NULL)
		form_error(f, "municipality",
		    N_("Choose the municipality from the list."));
	of->website = form_value(f, "website");
	if (of->website[0] != '\0' && !form_web_url_valid(of->website, EDIT_WEBSITE_MAX))
		form_error(f, "website",
		    N_("Write the website address in full, starting with https://."));
	return 0;
}

void
network_org_new(struct request *r)
{
	struct edit_org_view ov;
	struct db *db;
	int64_t region;
	int i;

	if ((db = response_db(r)) == NULL ||
	    (region = network_request_home_region(r)) == 0)
		return;
	memset(&ov, 0, sizeof(ov));
	ov.f.kind = "";
	for (i = 0; i < LANG_COUNT; i++)
		ov.f.name[i] = "";
	ov.f.municipality = kv_get(&r->query, "municipality");
	if (ov.f.municipality == NULL || strlen(ov.f.municipality) != 3)
		ov.f.municipality = "";
	ov.f.website = "";
	if (org_render(r, db, 200, NULL, region, &ov) != 0)
		response_unavailable(r);
}

/* Saves the organisation form: a new one (o NULL) in the viewer's home
 * region, or changes to o. */
static void
org_save(struct request *r, const struct edit_org *o)
{
	struct edit_org_view ov;
	struct form f;
	struct db *db;
	int64_t region, id;

	if ((db = response_db(r)) == NULL)
		return;
	region = o != NULL ? o->region_id : network_request_home_region(r);
	if (region == 0)
		return;
	memset(&ov, 0, sizeof(ov));
	form_begin(&f, r);
	if (org_read(r, db, region, &f, &ov.f) != 0) {
		response_unavailable(r);
		return;
	}
	if (!form_ok(&f)) {
		ov.errors = form_errors(&f);
		if (org_render(r, db, 400, o, region, &ov) != 0)
			response_unavailable(r);
		return;
	}
	if (db_begin(db) != 0 ||
	    org_store_save(db, o ? o->id : 0, region, &ov.f, &id) != 0) {
		response_rollback(r, db);
		return;
	}
	if (finish(r, db, o ? "organisation.update" : "organisation.create",
	    "organisation", id_text(r, id), arena_printf(&r->arena, "%s %s",
	    ov.f.kind, ov.f.municipality[0] ? ov.f.municipality : "region")) != 0)
		return;
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
	    url_for(&r->arena, r->lang, "network.organisation",
	    url_id(&r->arena, id), NULL), o ? "saved" : "created"));
}

void
network_org_create(struct request *r)
{
	org_save(r, NULL);
}

void
network_org_page(struct request *r)
{
	const struct edit_org *o = request_object(r);
	struct edit_org_view ov;
	struct db *db;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&ov, 0, sizeof(ov));
	org_form_from(o, &ov.f);
	ov.notice = done_notice(r, N_("The organisation has been added."),
	    N_("The changes have been saved."), NULL);
	if (org_render(r, db, 200, o, o->region_id, &ov) != 0)
		response_unavailable(r);
}

void
network_org_update(struct request *r)
{
	org_save(r, request_object(r));
}

/* Shows the organisation again with why it was not deleted (409). */
static void
org_refuse_delete(struct request *r, struct db *db, const struct edit_org *o,
    const char *msgid)
{
	struct edit_org_view ov;
	struct form f;

	memset(&ov, 0, sizeof(ov));
	form_begin(&f, r);
	form_error(&f, "delete", msgid);
	ov.errors = form_errors(&f);
	org_form_from(o, &ov.f);
	if (org_render(r, db, 409, o, o->region_id, &ov) != 0)
		response_unavailable(r);
}

/*
 * An organisation that people belong to is not deleted: the people would
 * lose it silently.  A foreign key of another table (one added later, or
 * a person added since the page was loaded) refuses the delete as well.
 */
void
network_org_delete(struct request *r)
{
	const struct edit_org *o = request_object(r);
	struct db *db;
	int rc;

	if ((db = response_db(r)) == NULL)
		return;
	if (o->npeople > 0) {
		org_refuse_delete(r, db, o, N_("The organisation cannot be deleted because people belong to it. Move them to another organisation or delete them first."));
		return;
	}
	if (db_begin(db) != 0 || (rc = org_store_delete(db, o->id)) == -1) {
		response_rollback(r, db);
		return;
	}
	if (rc == DB_CONSTRAINT) {
		db_rollback(db);
		org_refuse_delete(r, db, o, N_("The organisation cannot be deleted because other records still refer to it."));
		return;
	}
	if (finish(r, db, "organisation.delete", "organisation",
	    id_text(r, o->id), edit_kinds[o->kind]) != 0)
		return;
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=deleted",
	    url_for(&r->arena, r->lang, "network.organisations", NULL)));
}

/* --- people --- */

/* Municipality names of the roles of people in the list. */
static void
people_names(const struct municipality_set *ms, struct edit_person *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < v[i].nroles; j++)
			if (v[i].roles[j].municipality != NULL)
				v[i].roles[j].municipality_name = munis_name(ms,
				    v[i].roles[j].municipality, v[i].region_id);
}

void
network_people_page(struct request *r)
{
	struct edit_people_view pv;
	struct edit_person *all;
	struct municipality_set ms;
	struct db *db;
	struct view v;
	struct page p;
	size_t n, i;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	memset(&ms, 0, sizeof(ms));
	if (person_store_list(db, &r->arena, r->lang,
	    policy_region_filter(&r->user), 0, &all, &n) != 0) {
		response_unavailable(r);
		return;
	}
	for (i = 0; i < n; i++)
		if (network_set_add_region(db, &r->arena, r->lang,
		    &ms, all[i].region_id) != 0) {
			response_unavailable(r);
			return;
		}
	people_names(&ms, all, n);
	if (n > 1)
		qsort(all, n, sizeof(*all), person_cmp);
	pv.people = all;
	pv.npeople = n;
	pv.notice = done_notice(r, NULL, NULL, N_("The person has been deleted."));
	begin_page(r, 200, i18n_text(r->lang, "Contact people"), &v, &p, NULL, NULL);
	page_crumb(&p, p.title, NULL);
	page_edit_people(&v, &p, &pv);
}

/* The form's rows: the stored roles and two empty rows to add more. */
static void
person_form_from(struct request *r, const struct edit_person *pe,
    struct edit_person_form *f)
{
	size_t i;
	int l;

	f->name = pe ? pe->name : "";
	for (l = 0; l < LANG_COUNT; l++)
		f->title[l] = pe ? pe->title[l] : "";
	f->organisation = pe && pe->organisation_id ?
	    id_text(r, pe->organisation_id) : "";
	f->email = pe ? pe->email : "";
	f->is_public = pe ? pe->is_public : false;
	f->nrows = 0;
	for (i = 0; pe != NULL && i < pe->nroles && f->nrows < EDIT_ROLE_ROWS;
	    i++) {
		f->rows[f->nrows].role = person_role_names[pe->roles[i].role];
		f->rows[f->nrows].municipality = pe->roles[i].municipality;
		f->nrows++;
	}
	for (i = 0; i < 2 && f->nrows < EDIT_ROLE_ROWS; i++) {
		f->rows[f->nrows].role = "";
		f->rows[f->nrows].municipality = NULL;
		f->nrows++;
	}
}

/* Renders the person form (new when pe is NULL).  0 or -1 (nothing sent). */
static int
person_render(struct request *r, struct db *db, int status,
    const struct edit_person *pe, struct edit_person_view *pv)
{
	struct municipality_set ms;
	struct edit_org *orgs;
	struct view v;
	struct page p;
	bool many;
	size_t i;

	memset(&ms, 0, sizeof(ms));
	if (managed_orgs(r, db, &ms, &orgs, &pv->norgs, &many) != 0)
		return -1;
	if (pe != NULL && pe->region_id != 0 &&
	    network_set_add_region(db, &r->arena, r->lang,
	    &ms, pe->region_id) != 0)
		return -1;
	/* Municipalities listed for the roles: those of the regions the
	 * viewer has organisations in (a coordinator: their region). */
	pv->orgs = orgs;
	pv->munis = ms.m;
	pv->nmunis = ms.n;
	pv->person = pe;
	pv->csrf = csrf_token(r);
	/* A submitted form may have more rows than needed; keep one empty
	 * row to add a role with. */
	for (i = 0; i < pv->f.nrows; i++)
		if (pv->f.rows[i].role[0] == '\0')
			break;
	if (i == pv->f.nrows && pv->f.nrows < EDIT_ROLE_ROWS) {
		pv->f.rows[pv->f.nrows].role = "";
		pv->f.rows[pv->f.nrows].municipality = NULL;
		pv->f.nrows++;
	}
	begin_page(r, status, pe == NULL ? i18n_text(r->lang, "New person") :
	    pe->name, &v, &p, i18n_text(r->lang, "Contact people"),
	    url_for(&r->arena, r->lang, "network.people", NULL));
	page_form_errors(&p, &pv->errors);
	page_crumb(&p, p.title, NULL);
	page_edit_person(&v, &p, pv);
	return 0;
}

/* Whether a role is done in one municipality rather than the region. */
static bool
role_needs_municipality(enum person_role role)
{
	return role == PERSON_TUTOR || role == PERSON_MUNICIPAL_COORDINATOR ||
	    role == PERSON_SUPPORTER;
}

/* Checks the role rows of the person form against the organisation's
 * region (0 when no organisation was chosen).  0 or -1. */
static int
person_read_roles(struct request *r, struct db *db, struct form *f,
    struct edit_person_form *pf, int64_t region)
{
	struct municipality_set ms;
	size_t i, j;

	memset(&ms, 0, sizeof(ms));
	if (region != 0 && network_set_add_region(db, &r->arena, r->lang,
	    &ms, region) != 0)
		return -1;
	for (i = 0; i < pf->nrows; i++) {
		struct edit_role_row *ro = &pf->rows[i];
		const char *rid = arena_printf(&r->arena, "role-%zu", i);
		const char *mid = arena_printf(&r->arena,
		    "role-municipality-%zu", i);
		int k;

		if (ro->role[0] == '\0')
			continue;
		if ((k = form_choice(f, rid, person_role_names,
		    PERSON_ROLE_COUNT, 0, N_("Choose the role from the list."))) < 0)
			continue;
		if (ro->municipality != NULL && region != 0 &&
		    network_set_find(&ms, ro->municipality, region) == NULL)
			form_error(f, mid, N_("Choose the municipality of the role from the list. It must be in the organisation's region."));
		if (ro->municipality == NULL &&
		    role_needs_municipality((enum person_role)k))
			form_error(f, mid, N_("This role needs a municipality."));
		for (j = 0; j < i; j++)
			if (strcmp(pf->rows[j].role, ro->role) == 0 &&
			    (pf->rows[j].municipality == NULL) ==
			    (ro->municipality == NULL) &&
			    (ro->municipality == NULL ||
			    strcmp(pf->rows[j].municipality, ro->municipality) == 0))
				form_error(f, rid,
				    N_("The same role is listed twice."));
	}
	return 0;
}

/*
 * Reads the person form into pf, its mistakes into f.  The organisation
 * must be one the viewer manages; it decides the person's region, and the
 * roles' municipalities must be of that region.  *org is the
 * organisation, *email the address normalised.  0, or -1 on a database
 * error.
 */
static int
person_read(struct request *r, struct db *db, struct form *f,
    struct edit_person_form *pf, int64_t *org, const char **email)
{
	struct object_scope scope;
	struct edit_org o;
	size_t i;
	int l, rc = DB_MISSING;

	pf->name = form_text(f, "name", 0, EDIT_NAME_MAX,
	    N_("The name is too long: at most 200 characters."));
	if (pf->name[0] == '\0')
		form_error(f, "name", N_("Write the person's name."));
	for (l = 0; l < LANG_COUNT; l++)
		pf->title[l] = form_text(f, lang_field(r, "title", l), 0,
		    EDIT_NAME_MAX,
		    N_("The title is too long: at most 200 characters."));
	pf->organisation = form_value(f, "organisation");
	memset(&scope, 0, sizeof(scope));
	if (id_parse(pf->organisation, org) == 0 &&
	    (rc = org_store_get(db, &r->arena, r->lang, *org, &o)) < 0)
		return -1;
	if (rc == 0)
		scope.region_id = o.region_id;
	if (rc != 0 || !policy_reaches(&r->user, SCOPE_MANAGED, &scope)) {
		form_error(f, "organisation",
		    N_("Choose the organisation from the list."));
		scope.region_id = 0;
	}
	pf->email = form_email(f, "email", 0,
	    N_("Write a valid e-mail address, or leave the field empty."));
	*email = "";
	if (pf->email[0] != '\0' && form_ok(f) &&
	    (*email = account_normalise_email(&r->arena, pf->email)) == NULL)
		form_error(f, "email",
		    N_("Write a valid e-mail address, or leave the field empty."));
	pf->is_public = strcmp(form_value(f, "public"), "1") == 0;
	pf->nrows = 0;
	for (i = 0; i < EDIT_ROLE_ROWS; i++) {
		const char *rid = arena_printf(&r->arena, "role-%zu", i);
		const char *mu;

		if (kv_get(&r->form, rid) == NULL)
			continue;
		mu = form_value(f, arena_printf(&r->arena,
		    "role-municipality-%zu", i));
		pf->rows[pf->nrows].role = form_value(f, rid);
		pf->rows[pf->nrows].municipality = mu[0] ? mu : NULL;
		pf->nrows++;
	}
	return person_read_roles(r, db, f, pf, scope.region_id);
}

void
network_person_new(struct request *r)
{
	struct edit_person_view pv;
	struct db *db;
	const char *org;
	int64_t id;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	person_form_from(r, NULL, &pv.f);
	/* "Add a person" on an organisation's page chooses it already. */
	if ((org = kv_get(&r->query, "organisation")) != NULL &&
	    id_parse(org, &id) == 0)
		pv.f.organisation = id_text(r, id);
	if (person_render(r, db, 200, NULL, &pv) != 0)
		response_unavailable(r);
}

/* Creates (pe NULL) or updates a person from the form. */
static void
person_save(struct request *r, const struct edit_person *pe)
{
	struct edit_person_view pv;
	struct form f;
	struct db *db;
	const char *email = "";
	int64_t org = 0, id;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	form_begin(&f, r);
	if (person_read(r, db, &f, &pv.f, &org, &email) != 0) {
		response_unavailable(r);
		return;
	}
	if (!form_ok(&f)) {
		pv.errors = form_errors(&f);
		if (person_render(r, db, 400, pe, &pv) != 0)
			response_unavailable(r);
		return;
	}
	if (db_begin(db) != 0 || person_store_save(db, pe ? pe->id : 0, org,
	    email, &pv.f, &id) != 0) {
		response_rollback(r, db);
		return;
	}
	if (finish(r, db, pe ? "person.update" : "person.create", "person",
	    id_text(r, id), arena_printf(&r->arena, "organisation %lld%s",
	    (long long)org, pv.f.is_public ? ", public" : "")) != 0)
		return;
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
	    url_for(&r->arena, r->lang, "network.person", url_id(&r->arena, id),
	    NULL), pe ? "saved" : "created"));
}

void
network_person_create(struct request *r)
{
	person_save(r, NULL);
}

void
network_person_page(struct request *r)
{
	const struct edit_person *pe = request_object(r);
	struct edit_person_view pv;
	struct db *db;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	person_form_from(r, pe, &pv.f);
	pv.notice = done_notice(r, N_("The person has been added."),
	    N_("The changes have been saved."), NULL);
	if (person_render(r, db, 200, pe, &pv) != 0)
		response_unavailable(r);
}

void
network_person_update(struct request *r)
{
	person_save(r, request_object(r));
}

/* Deletes a person and their roles (which cascade).  A table added later
 * that refers to people without ON DELETE makes the delete refused. */
void
network_person_delete(struct request *r)
{
	const struct edit_person *pe = request_object(r);
	struct edit_person_view pv;
	struct form f;
	struct db *db;
	int rc;

	if ((db = response_db(r)) == NULL)
		return;
	if (db_begin(db) != 0 || (rc = person_store_delete(db, pe->id)) == -1) {
		response_rollback(r, db);
		return;
	}
	if (rc == DB_CONSTRAINT) {
		db_rollback(db);
		memset(&pv, 0, sizeof(pv));
		form_begin(&f, r);
		form_error(&f, "delete", N_("The person cannot be deleted because other records still refer to them."));
		pv.errors = form_errors(&f);
		person_form_from(r, pe, &pv.f);
		if (person_render(r, db, 409, pe, &pv) != 0)
			response_unavailable(r);
		return;
	}
	if (finish(r, db, "person.delete", "person", id_text(r, pe->id),
	    "") != 0)
		return;
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=deleted",
	    url_for(&r->arena, r->lang, "network.people", NULL)));
}

/* --- a municipality's description of its digital support --- */

static void
support_render(struct request *r, const struct municipality *m,
    struct edit_support_view *sv)
{
	struct view v;
	struct page p;

	sv->m = m;
	sv->csrf = csrf_token(r);
	begin_page(r, form_status(&sv->errors), i18n_text(r->lang,
	    "Description of the digital support"), &v, &p, m->name,
	    url_for(&r->arena, r->lang, "staff.municipality", m->code, NULL));
	page_form_errors(&p, &sv->errors);
	page_crumb(&p, p.title, NULL);
	page_edit_support(&v, &p, sv);
}

void
network_support_edit(struct request *r)
{
	const struct municipality *m = request_object(r);
	struct edit_support_view sv;
	struct db *db;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&sv, 0, sizeof(sv));
	if (support_store_get(db, &r->arena, m->code, sv.support) != 0) {
		response_unavailable(r);
		return;
	}
	sv.notice = done_notice(r, NULL, N_("The description has been saved. It shows on the public page at once."), NULL);
	support_render(r, m, &sv);
}

void
network_support_save(struct request *r)
{
	const struct municipality *m = request_object(r);
	struct edit_support_view sv;
	struct form f;
	struct db *db;
	int l;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&sv, 0, sizeof(sv));
	form_begin(&f, r);
	for (l = 0; l < LANG_COUNT; l++)
		sv.support[l] = form_text(&f, lang_field(r, "support", l),
		    FORM_MULTILINE, EDIT_SUPPORT_MAX,
		    N_("The description is too long: at most 10,000 characters."));
	if (!form_ok(&f)) {
		sv.errors = form_errors(&f);
		support_render(r, m, &sv);
		return;
	}
	if (db_begin(db) != 0 || support_store_save(db, m->code,
	    sv.support) != 0) {
		response_rollback(r, db);
		return;
	}
	if (finish(r, db, "municipality.support", "municipality", m->code,
	    "") != 0)
		return;
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=saved",
	    url_for(&r->arena, r->lang, "network.support-edit", m->code,
	    NULL)));
}

/*
 * edit.c - organisations, people and the municipalities' support
 * descriptions: the write side of the network (see edit.h).
 *
 * The store comes first: prepared statements that copy rows into the
 * request's arena.  Lists are small (tens or a few hundred rows), so they
 * are read whole, filtered by the policy and sorted in C by the page's
 * language.  The handlers follow.  The guard has checked the route's
 * action and the CSRF token; the handlers ask the object-level question
 * of the policy, inside the write transaction for changes.  A form with a
 * mistake is shown again with the values kept and the mistake named next
 * to its field, with a 4xx status and nothing written.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/collate.h"
#include "base/time.h"
#include "base/utf8.h"
#include "http/form.h"
#include "http/parse.h"
#include "http/response.h"
#include "network/edit.h"
#include "tmpl_network_edit.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")

const char *const edit_kinds[] = { "municipal-unit", "library", "association",
	"parish", "adult-education", "company", "regional-council", "agency",
	"other" };
const size_t edit_nkinds = sizeof(edit_kinds) / sizeof(edit_kinds[0]);

const char *const edit_roles[] = { "project-manager", "project-planner",
	"tutor", "municipal-coordinator", "supporter", "speaker" };
const size_t edit_nroles = sizeof(edit_roles) / sizeof(edit_roles[0]);

static const char *const lang_suffix[LANG_COUNT] = { "fi", "sv", "en" };

const char *
edit_kind_label(enum lang l, const char *kind)
{
	if (strcmp(kind, "municipal-unit") == 0)
		return i18n_text(l, "Municipal unit");
	if (strcmp(kind, "library") == 0)
		return i18n_text(l, "Library");
	if (strcmp(kind, "association") == 0)
		return i18n_text(l, "Association");
	if (strcmp(kind, "parish") == 0)
		return i18n_text(l, "Parish");
	if (strcmp(kind, "adult-education") == 0)
		return i18n_text(l, "Adult education centre");
	if (strcmp(kind, "company") == 0)
		return i18n_text(l, "Company");
	if (strcmp(kind, "regional-council") == 0)
		return i18n_text(l, "Regional council");
	if (strcmp(kind, "agency") == 0)
		return i18n_text(l, "Government agency");
	return i18n_text(l, "Other organisation");
}

const char *
edit_role_label(enum lang l, const char *role)
{
	if (strcmp(role, "project-manager") == 0)
		return i18n_text(l, "Project manager");
	if (strcmp(role, "project-planner") == 0)
		return i18n_text(l, "Project planner");
	if (strcmp(role, "tutor") == 0)
		return i18n_text(l, "Municipal tutor");
	if (strcmp(role, "municipal-coordinator") == 0)
		return i18n_text(l, "Municipal coordinator");
	if (strcmp(role, "supporter") == 0)
		return i18n_text(l, "Digital supporter");
	return i18n_text(l, "Speaker");
}

/* --- small helpers --- */

static bool
in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/*
 * A website address: http:// or https://, a host, no spaces or control
 * characters, at most EDIT_WEBSITE_MAX bytes.  Anything else (javascript:,
 * data:, a bare "www.x.fi") is refused, since the address becomes a link.
 */
static bool
website_valid(const char *s)
{
	size_t n = strlen(s), i, skip;

	if (n > EDIT_WEBSITE_MAX)
		return false;
	if (strncasecmp(s, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else
		return false;
	if (n == skip || s[skip] == '/' || s[skip] == '.' || s[skip] == ':')
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '"' ||
		    s[i] == '<' || s[i] == '>' || s[i] == '\\')
			return false;
	return true;
}

static struct db *
get_db(struct request *r)
{
	struct db *db = request_db(r);

	if (db == NULL)
		response_error(r, 503, UNAVAILABLE);
	return db;
}

/* The region a new organisation is made in: a coordinator's own; an
 * administrator's (who manages every region, region 0 included) is the
 * site's first region.  0 or -1; *out 0 when there is none. */
static int
new_region(struct request *r, struct db *db, int64_t *out)
{
	struct region_info ri;
	int rc;

	*out = 0;
	if (!policy_manages_region(&r->user, 0)) {
		*out = r->user.region_id;
		return 0;
	}
	if ((rc = network_region(db, &r->arena, r->lang, &ri)) < 0)
		return -1;
	if (rc == 0)
		*out = ri.id;
	return 0;
}

/* --- municipalities by code --- */

struct munis {
	struct municipality *m;
	size_t n, cap;
	int64_t *regions;
	size_t nregions, regcap;
};

/* Adds a region's municipalities to the list (once).  0 or -1. */
static int
munis_load(struct request *r, struct db *db, struct munis *ms, int64_t region)
{
	struct municipality *m;
	size_t n, i;

	for (i = 0; i < ms->nregions; i++)
		if (ms->regions[i] == region)
			return 0;
	if (network_municipalities(db, &r->arena, r->lang, region, &m, &n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		ms->m = arena_grow(&r->arena, ms->m, ms->n, &ms->cap,
		    sizeof(*ms->m));
		ms->m[ms->n++] = m[i];
	}
	ms->regions = arena_grow(&r->arena, ms->regions, ms->nregions,
	    &ms->regcap, sizeof(*ms->regions));
	ms->regions[ms->nregions++] = region;
	return 0;
}

static const struct municipality *
munis_find(const struct munis *ms, const char *code, int64_t region)
{
	size_t i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < ms->n; i++)
		if (ms->m[i].region_id == region && strcmp(ms->m[i].code, code) == 0)
			return &ms->m[i];
	return NULL;
}

/* A municipality's name for a stored code (the code itself if it is not
 * in the region, which the schema does not forbid). */
static const char *
munis_name(const struct munis *ms, const char *code, int64_t region)
{
	const struct municipality *m = munis_find(ms, code, region);

	return m != NULL ? m->name : code;
}

/* --- the store: organisations --- */

#define ORG_SELECT "SELECT o.id, o.region_id, o.kind, o.name_fi, o.name_sv, " \
	"o.name_en, o.municipality_code, o.website, (SELECT count(*) FROM " \
	"person p WHERE p.organisation_id = o.id) FROM organisation o "

static void
store_org_row(struct db_stmt *st, struct arena *a, enum lang l,
    struct edit_org *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->id = db_col_int64(st, 0);
	o->region_id = db_col_int64(st, 1);
	o->kind = db_col_dup(st, a, 2);
	for (i = 0; i < LANG_COUNT; i++)
		o->name[i] = db_col_dup(st, a, 3 + i);
	o->name_shown = i18n_pick(l, o->name[0], o->name[1], o->name[2],
	    &o->name_lang);
	o->municipality = db_col_is_null(st, 6) ? NULL : db_col_dup(st, a, 6);
	o->website = db_col_dup(st, a, 7);
	o->npeople = db_col_int64(st, 8);
}

/* Every organisation.  0 or -1. */
static int
store_orgs(struct db *db, struct arena *a, enum lang l, struct edit_org **out,
    size_t *n)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, ORG_SELECT "ORDER BY o.id");
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		store_org_row(st, a, l, &(*out)[(*n)++]);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* One organisation: 0 found, 1 not, -1 error. */
static int
store_org(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct edit_org *out)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, ORG_SELECT "WHERE o.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_org_row(st, a, l, out);
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* Inserts (id 0) or updates an organisation (caller's transaction).  The
 * id, or -1. */
static int64_t
store_org_save(struct db *db, int64_t id, int64_t region,
    const struct edit_org_form *f)
{
	struct db_stmt *st;
	int rc;

	if (id == 0)
		st = db_prepare(db, "INSERT INTO organisation (region_id, kind, "
		    "name_fi, name_sv, name_en, municipality_code, website) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	else
		st = db_prepare(db, "UPDATE organisation SET kind = ?2, "
		    "name_fi = ?3, name_sv = ?4, name_en = ?5, "
		    "municipality_code = ?6, website = ?7 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id == 0 ? region : id);
	db_bind_cstr(st, 2, f->kind);
	db_bind_cstr(st, 3, f->name[0]);
	db_bind_cstr(st, 4, f->name[1]);
	db_bind_cstr(st, 5, f->name[2]);
	db_bind_cstr(st, 6, f->municipality[0] ? f->municipality : NULL);
	db_bind_cstr(st, 7, f->website);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	return id == 0 ? db_last_id(db) : id;
}

/* Deletes a row by id with one statement: 0 deleted, 1 refused because
 * other rows refer to it (a foreign key), -1 error. */
static int
store_delete(struct db *db, const char *sql, int64_t id)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, sql);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	db_done(st);
	if (rc == DB_CONSTRAINT)
		return 1;
	return rc == DB_DONE ? 0 : -1;
}

/* --- the store: people --- */

/*
 * A person's region is their organisation's; a person without one (only
 * possible in data from before these pages) takes the region of the
 * municipality of a role, or none (0), and then only administrators see
 * them.
 */
#define PERSON_SELECT "SELECT p.id, COALESCE(o.region_id, (SELECT " \
	"m.region_id FROM person_role pr JOIN municipality m ON m.code = " \
	"pr.municipality_code WHERE pr.person_id = p.id ORDER BY pr.id " \
	"LIMIT 1), 0), p.name, p.title_fi, p.title_sv, p.title_en, " \
	"p.organisation_id, o.name_fi, o.name_sv, o.name_en, p.email, " \
	"p.is_public FROM person p LEFT JOIN organisation o ON o.id = " \
	"p.organisation_id "

static void
store_person_row(struct db_stmt *st, struct arena *a, enum lang l,
    struct edit_person *p)
{
	int i;

	memset(p, 0, sizeof(*p));
	p->id = db_col_int64(st, 0);
	p->region_id = db_col_int64(st, 1);
	p->name = db_col_dup(st, a, 2);
	for (i = 0; i < LANG_COUNT; i++)
		p->title[i] = db_col_dup(st, a, 3 + i);
	p->title_shown = i18n_pick(l, p->title[0], p->title[1], p->title[2],
	    &p->title_lang);
	p->organisation_id = db_col_is_null(st, 6) ? 0 : db_col_int64(st, 6);
	p->organisation = arena_strdup(a, i18n_pick(l, db_col_text(st, 7),
	    db_col_text(st, 8), db_col_text(st, 9), NULL));
	p->email = db_col_dup(st, a, 10);
	p->is_public = db_col_int64(st, 11) != 0;
}

/* Hangs the roles on people sorted by id (person 0: everyone's roles).
 * 0 or -1. */
static int
store_roles(struct db *db, struct arena *a, int64_t person,
    struct edit_person *v, size_t n)
{
	struct db_stmt *st;
	size_t i = 0, cap = 0;
	int rc;

	st = db_prepare(db, "SELECT person_id, role, municipality_code FROM "
	    "person_role WHERE (?1 IS NULL OR person_id = ?1) ORDER BY "
	    "person_id, id");
	if (st == NULL)
		return -1;
	if (person)
		db_bind_int64(st, 1, person);
	else
		db_bind_null(st, 1);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int64(st, 0);
		struct edit_person *x;
		struct edit_role *ro;

		while (i < n && v[i].id < id) {
			i++;
			cap = 0;
		}
		if (i == n || v[i].id != id)
			continue;
		x = &v[i];
		x->roles = arena_grow(a, x->roles, x->nroles, &cap,
		    sizeof(*x->roles));
		ro = &x->roles[x->nroles++];
		ro->role = db_col_dup(st, a, 1);
		ro->municipality = db_col_is_null(st, 2) ? NULL :
		    db_col_dup(st, a, 2);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* Everyone (organisation 0) or the people of one organisation, in id
 * order, with their roles.  0 or -1. */
static int
store_people(struct db *db, struct arena *a, enum lang l, int64_t org,
    struct edit_person **out, size_t *n)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, PERSON_SELECT "WHERE (?1 IS NULL OR "
	    "p.organisation_id = ?1) ORDER BY p.id");
	if (st == NULL)
		return -1;
	if (org)
		db_bind_int64(st, 1, org);
	else
		db_bind_null(st, 1);
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		store_person_row(st, a, l, &(*out)[(*n)++]);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	return org ? 0 : store_roles(db, a, 0, *out, *n);
}

/* One person with roles: 0 found, 1 not, -1 error. */
static int
store_person(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct edit_person *out)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, PERSON_SELECT "WHERE p.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_person_row(st, a, l, out);
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 1 : -1;
	return store_roles(db, a, id, out, 1);
}

/* Inserts (id 0) or updates a person and replaces their roles with the
 * form's (caller's transaction).  The id, or -1. */
static int64_t
store_person_save(struct db *db, int64_t id, int64_t org, const char *email,
    const struct edit_person_form *f)
{
	struct db_stmt *st;
	size_t i;
	int rc;

	if (id == 0)
		st = db_prepare(db, "INSERT INTO person (name, title_fi, title_sv, "
		    "title_en, organisation_id, email, is_public) VALUES (?2, ?3, "
		    "?4, ?5, ?6, ?7, ?8)");
	else
		st = db_prepare(db, "UPDATE person SET name = ?2, title_fi = ?3, "
		    "title_sv = ?4, title_en = ?5, organisation_id = ?6, "
		    "email = ?7, is_public = ?8 WHERE id = ?1");
	if (st == NULL)
		return -1;
	if (id != 0)
		db_bind_int64(st, 1, id);
	db_bind_cstr(st, 2, f->name);
	db_bind_cstr(st, 3, f->title[0]);
	db_bind_cstr(st, 4, f->title[1]);
	db_bind_cstr(st, 5, f->title[2]);
	db_bind_int64(st, 6, org);
	db_bind_cstr(st, 7, email);
	db_bind_int64(st, 8, f->is_public ? 1 : 0);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (id == 0)
		id = db_last_id(db);
	else if (store_delete(db, "DELETE FROM person_role WHERE person_id = ?1",
	    id) != 0)
		return -1;
	for (i = 0; i < f->nrows; i++) {
		if (f->rows[i].role[0] == '\0')
			continue;
		st = db_prepare(db, "INSERT INTO person_role (person_id, role, "
		    "municipality_code) VALUES (?1, ?2, ?3)");
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, id);
		db_bind_cstr(st, 2, f->rows[i].role);
		db_bind_cstr(st, 3, f->rows[i].municipality);
		rc = db_step(st);
		db_done(st);
		if (rc != DB_DONE)
			return -1;
	}
	return id;
}

/* --- the store: support descriptions --- */

/* The three language versions of a municipality's description.  0, 1 not
 * found, -1 error. */
static int
store_support(struct db *db, struct arena *a, const char *code,
    const char *out[LANG_COUNT])
{
	struct db_stmt *st;
	int rc, i;

	st = db_prepare(db, "SELECT support_fi, support_sv, support_en FROM "
	    "municipality WHERE code = ?1");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, code);
	rc = db_step(st);
	if (rc == DB_ROW)
		for (i = 0; i < LANG_COUNT; i++)
			out[i] = db_col_dup(st, a, i);
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

static int
store_support_save(struct db *db, const char *code,
    const char *const support[LANG_COUNT])
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE municipality SET support_fi = ?2, "
	    "support_sv = ?3, support_en = ?4 WHERE code = ?1");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, code);
	db_bind_cstr(st, 2, support[0]);
	db_bind_cstr(st, 3, support[1]);
	db_bind_cstr(st, 4, support[2]);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* --- page frame --- */

static void
begin_page(struct request *r, int status, const char *title, struct view *v,
    struct page *p, const char *list_label, const char *list_href)
{
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(p, v, r, title);
	page_crumb(p, i18n_text(r->lang, "Your pages"),
	    arena_printf(&r->arena, "/%s/staff", lang_code(r->lang)));
	if (list_label != NULL)
		page_crumb(p, list_label, arena_printf(&r->arena, "/%s/%s",
		    lang_code(r->lang), list_href));
}

static const char *
id_text(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "%lld", (long long)id);
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
managed_orgs(struct request *r, struct db *db, struct munis *ms,
    struct edit_org **out, size_t *n, bool *many_regions)
{
	struct edit_org *all;
	size_t nall, i, k = 0;

	*many_regions = false;
	if (store_orgs(db, &r->arena, r->lang, &all, &nall) != 0)
		return -1;
	for (i = 0; i < nall; i++) {
		struct edit_org *o = &all[i];

		if (!policy_manages_region(&r->user, o->region_id))
			continue;
		if (munis_load(r, db, ms, o->region_id) != 0)
			return -1;
		if (k > 0 && o->region_id != all[0].region_id)
			*many_regions = true;
		o->municipality_name = o->municipality == NULL ? NULL :
		    munis_name(ms, o->municipality, o->region_id);
		all[k++] = *o;
	}
	if (k > 1)
		qsort(all, k, sizeof(*all), org_cmp);
	*out = all;
	*n = k;
	return 0;
}

void
network_orgs_page(struct request *r)
{
	struct edit_orgs_view ov;
	struct edit_org *orgs;
	struct munis ms;
	struct db *db;
	struct view v;
	struct page p;
	const char *done = kv_get(&r->query, "done");

	if ((db = get_db(r)) == NULL)
		return;
	memset(&ov, 0, sizeof(ov));
	memset(&ms, 0, sizeof(ms));
	if (managed_orgs(r, db, &ms, &orgs, &ov.norgs, &ov.many_regions) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	ov.orgs = orgs;
	if (done != NULL && strcmp(done, "deleted") == 0)
		ov.notice = N_("The organisation has been deleted.");
	begin_page(r, 200, i18n_text(r->lang, "Organisations"), &v, &p, NULL,
	    NULL);
	page_crumb(&p, p.title, NULL);
	page_edit_orgs(&v, &p, &ov);
}

/*
 * Loads the organisation of the :id parameter if the viewer manages its
 * region.  0 found; otherwise the answer (404 or 503) has been given.
 */
static int
load_org(struct request *r, struct db *db, struct edit_org *o)
{
	int64_t id;
	int rc;

	if (id_parse(request_param(r, "id"), &id) != 0) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	if ((rc = store_org(db, &r->arena, r->lang, id, o)) < 0) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (rc == 1 || !policy_manages_region(&r->user, o->region_id)) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	return 0;
}

static int
person_cmp(const void *x, const void *y)
{
	return collate_fi(((const struct edit_person *)x)->name,
	    ((const struct edit_person *)y)->name);
}

/* Renders the organisation form (new when o is NULL) for `region`.  0 or
 * -1 (nothing sent). */
static int
org_render(struct request *r, struct db *db, int status,
    const struct edit_org *o, int64_t region, struct edit_org_view *ov)
{
	struct munis ms;
	struct edit_person *people = NULL;
	struct view v;
	struct page p;
	size_t n = 0;

	memset(&ms, 0, sizeof(ms));
	if (munis_load(r, db, &ms, region) != 0)
		return -1;
	if (o != NULL) {
		if (store_people(db, &r->arena, r->lang, o->id, &people, &n) != 0)
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
	    i18n_text(r->lang, "Organisations"), "network/organisations");
	page_crumb(&p, p.title, NULL);
	page_edit_org(&v, &p, ov);
	return 0;
}

static void
org_form_from(const struct edit_org *o, struct edit_org_form *f)
{
	int i;

	f->kind = o->kind;
	for (i = 0; i < LANG_COUNT; i++)
		f->name[i] = o->name[i];
	f->municipality = o->municipality ? o->municipality : "";
	f->website = o->website;
}

/*
 * Reads and checks the organisation form for region `region`.  0 fine,
 * 400 a mistake (*err and *fld name it), -1 a database error.
 */
static int
org_read(struct request *r, struct db *db, int64_t region,
    struct edit_org_form *f, const char **err, const char **fld)
{
	struct munis ms;
	int i;

	memset(&ms, 0, sizeof(ms));
	f->kind = form_field(r, "kind");
	for (i = 0; i < LANG_COUNT; i++)
		f->name[i] = form_field(r, arena_printf(&r->arena, "name_%s",
		    lang_suffix[i]));
	f->municipality = form_field(r, "municipality");
	f->website = form_field(r, "website");
	if (!in_list(f->kind, edit_kinds, edit_nkinds)) {
		*err = N_("Choose the kind of organisation from the list.");
		*fld = "kind";
		return 400;
	}
	if (f->name[0][0] == '\0' && f->name[1][0] == '\0' &&
	    f->name[2][0] == '\0') {
		*err = N_("Write the name in at least one language.");
		*fld = "name_fi";
		return 400;
	}
	for (i = 0; i < LANG_COUNT; i++)
		if (utf8_chars(f->name[i]) > EDIT_NAME_MAX) {
			*err = N_("The name is too long: at most 200 characters.");
			*fld = arena_printf(&r->arena, "name_%s", lang_suffix[i]);
			return 400;
		}
	if (munis_load(r, db, &ms, region) != 0)
		return -1;
	if (f->municipality[0] != '\0' &&
	    munis_find(&ms, f->municipality, region) == NULL) {
		*err = N_("Choose the municipality from the list.");
		*fld = "municipality";
		return 400;
	}
	if (f->website[0] != '\0' && !website_valid(f->website)) {
		*err = N_("Write the website address in full, starting with https://.");
		*fld = "website";
		return 400;
	}
	return 0;
}

void
network_org_new(struct request *r)
{
	struct edit_org_view ov;
	struct db *db;
	int64_t region;
	int i;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&ov, 0, sizeof(ov));
	if (new_region(r, db, &region) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (region == 0 || !policy_manages_region(&r->user, region)) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	ov.f.kind = "";
	for (i = 0; i < LANG_COUNT; i++)
		ov.f.name[i] = "";
	ov.f.municipality = kv_get(&r->query, "municipality");
	if (ov.f.municipality == NULL || strlen(ov.f.municipality) != 3)
		ov.f.municipality = "";
	ov.f.website = "";
	if (org_render(r, db, 200, NULL, region, &ov) != 0)
		response_error(r, 503, UNAVAILABLE);
}

void
network_org_create(struct request *r)
{
	struct edit_org_view ov;
	struct db *db;
	int64_t region, id;
	int status;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&ov, 0, sizeof(ov));
	if (new_region(r, db, &region) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (region == 0 || !policy_manages_region(&r->user, region)) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	status = org_read(r, db, region, &ov.f, &ov.error, &ov.error_field);
	if (status < 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (status != 0) {
		if (org_render(r, db, status, NULL, region, &ov) != 0)
			response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if ((id = store_org_save(db, 0, region, &ov.f)) < 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    "organisation.create", "organisation", id_text(r, id),
	    arena_printf(&r->arena, "%s %s", ov.f.kind,
	    ov.f.municipality[0] ? ov.f.municipality : "region"),
	    time_now()) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/network/organisations/%lld?done=created", lang_code(r->lang),
	    (long long)id));
}

void
network_org_page(struct request *r)
{
	struct edit_org_view ov;
	struct edit_org o;
	struct db *db;
	const char *done = kv_get(&r->query, "done");

	if ((db = get_db(r)) == NULL)
		return;
	memset(&ov, 0, sizeof(ov));
	if (load_org(r, db, &o) != 0)
		return;
	org_form_from(&o, &ov.f);
	if (done != NULL && strcmp(done, "created") == 0)
		ov.notice = N_("The organisation has been added.");
	else if (done != NULL && strcmp(done, "saved") == 0)
		ov.notice = N_("The changes have been saved.");
	if (org_render(r, db, 200, &o, o.region_id, &ov) != 0)
		response_error(r, 503, UNAVAILABLE);
}

void
network_org_update(struct request *r)
{
	struct edit_org_view ov;
	struct edit_org o;
	struct db *db;
	int status;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&ov, 0, sizeof(ov));
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (load_org(r, db, &o) != 0) {
		db_rollback(db);
		return;
	}
	status = org_read(r, db, o.region_id, &ov.f, &ov.error, &ov.error_field);
	if (status != 0) {
		db_rollback(db);
		if (status < 0 || org_render(r, db, status, &o, o.region_id,
		    &ov) != 0)
			response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (store_org_save(db, o.id, o.region_id, &ov.f) < 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    "organisation.update", "organisation", id_text(r, o.id),
	    arena_printf(&r->arena, "%s %s", ov.f.kind,
	    ov.f.municipality[0] ? ov.f.municipality : "region"),
	    time_now()) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/network/organisations/%lld?done=saved", lang_code(r->lang),
	    (long long)o.id));
}

/*
 * An organisation that people belong to is not deleted: the people would
 * lose it silently.  The count is read inside the transaction; a foreign
 * key of another table (one added later) refuses the delete as well.
 */
void
network_org_delete(struct request *r)
{
	struct edit_org_view ov;
	struct edit_org o;
	struct db *db;
	int rc = 0;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&ov, 0, sizeof(ov));
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (load_org(r, db, &o) != 0) {
		db_rollback(db);
		return;
	}
	if (o.npeople > 0) {
		ov.error = N_("The organisation cannot be deleted because people belong to it. Move them to another organisation or delete them first.");
	} else if ((rc = store_delete(db, "DELETE FROM organisation WHERE id = ?1",
	    o.id)) == 1) {
		ov.error = N_("The organisation cannot be deleted because other records still refer to it.");
	}
	if (ov.error != NULL) {
		db_rollback(db);
		org_form_from(&o, &ov.f);
		ov.error_field = "delete";
		if (org_render(r, db, 409, &o, o.region_id, &ov) != 0)
			response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (rc != 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    "organisation.delete", "organisation", id_text(r, o.id), o.kind,
	    time_now()) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/network/organisations?done=deleted", lang_code(r->lang)));
}

/* --- people --- */

/* Municipality names of the roles of people in the list. */
static void
people_names(const struct munis *ms, struct edit_person *v, size_t n)
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
	struct munis ms;
	struct db *db;
	struct view v;
	struct page p;
	size_t n, i, k = 0;
	const char *done = kv_get(&r->query, "done");

	if ((db = get_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	memset(&ms, 0, sizeof(ms));
	if (store_people(db, &r->arena, r->lang, 0, &all, &n) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	for (i = 0; i < n; i++) {
		if (!policy_manages_region(&r->user, all[i].region_id))
			continue;
		if (munis_load(r, db, &ms, all[i].region_id) != 0) {
			response_error(r, 503, UNAVAILABLE);
			return;
		}
		all[k++] = all[i];
	}
	people_names(&ms, all, k);
	if (k > 1)
		qsort(all, k, sizeof(*all), person_cmp);
	pv.people = all;
	pv.npeople = k;
	if (done != NULL && strcmp(done, "deleted") == 0)
		pv.notice = N_("The person has been deleted.");
	begin_page(r, 200, i18n_text(r->lang, "People"), &v, &p, NULL, NULL);
	page_crumb(&p, p.title, NULL);
	page_edit_people(&v, &p, &pv);
}

/* Loads the person of the :id parameter if the viewer manages their
 * region.  0 found; otherwise the answer has been given. */
static int
load_person(struct request *r, struct db *db, struct edit_person *pe)
{
	int64_t id;
	int rc;

	if (id_parse(request_param(r, "id"), &id) != 0) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	if ((rc = store_person(db, &r->arena, r->lang, id, pe)) < 0) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (rc == 1 || !policy_manages_region(&r->user, pe->region_id)) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	return 0;
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
		f->rows[f->nrows].role = pe->roles[i].role;
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
	struct munis ms;
	struct edit_org *orgs;
	struct view v;
	struct page p;
	bool many;
	size_t i;

	memset(&ms, 0, sizeof(ms));
	if (managed_orgs(r, db, &ms, &orgs, &pv->norgs, &many) != 0)
		return -1;
	if (pe != NULL && pe->region_id != 0 &&
	    munis_load(r, db, &ms, pe->region_id) != 0)
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
	    pe->name, &v, &p, i18n_text(r->lang, "People"), "network/people");
	page_crumb(&p, p.title, NULL);
	page_edit_person(&v, &p, pv);
	return 0;
}

/*
 * Reads and checks the person form.  The organisation must be one the
 * viewer manages; it decides the person's region, and the roles'
 * municipalities must be of that region.  0 fine (*org set), 400 a
 * mistake, -1 a database error.  The e-mail address is normalised into
 * *email.
 */
static int
person_read(struct request *r, struct db *db, struct edit_person_form *f,
    int64_t *org, const char **email, const char **err, const char **fld)
{
	struct edit_org o;
	struct munis ms;
	size_t i, j;
	int l, rc = 0;

	memset(&ms, 0, sizeof(ms));
	f->name = form_field(r, "name");
	for (l = 0; l < LANG_COUNT; l++)
		f->title[l] = form_field(r, arena_printf(&r->arena, "title_%s",
		    lang_suffix[l]));
	f->organisation = form_field(r, "organisation");
	f->email = form_field(r, "email");
	f->is_public = strcmp(form_field(r, "public"), "1") == 0;
	f->nrows = 0;
	for (i = 0; i < EDIT_ROLE_ROWS; i++) {
		const char *ro = kv_get(&r->form, arena_printf(&r->arena,
		    "role-%zu", i));
		const char *mu;

		if (ro == NULL)
			continue;
		mu = form_field(r, arena_printf(&r->arena, "role-municipality-%zu", i));
		f->rows[f->nrows].role = form_field(r, arena_printf(&r->arena,
		    "role-%zu", i));
		f->rows[f->nrows].municipality = mu[0] ? mu : NULL;
		f->nrows++;
	}

	if (f->name[0] == '\0') {
		*err = N_("Write the person's name.");
		*fld = "name";
		return 400;
	}
	if (utf8_chars(f->name) > EDIT_NAME_MAX) {
		*err = N_("The name is too long: at most 200 characters.");
		*fld = "name";
		return 400;
	}
	for (l = 0; l < LANG_COUNT; l++)
		if (utf8_chars(f->title[l]) > EDIT_NAME_MAX) {
			*err = N_("The title is too long: at most 200 characters.");
			*fld = arena_printf(&r->arena, "title_%s", lang_suffix[l]);
			return 400;
		}
	if (id_parse(f->organisation, org) != 0 ||
	    (rc = store_org(db, &r->arena, r->lang, *org, &o)) == 1 ||
	    (rc == 0 && !policy_manages_region(&r->user, o.region_id))) {
		*err = N_("Choose the organisation from the list.");
		*fld = "organisation";
		return 400;
	}
	if (rc < 0)
		return -1;
	*email = "";
	if (f->email[0] != '\0' &&
	    (*email = account_normalise_email(&r->arena, f->email)) == NULL) {
		*err = N_("Write a valid e-mail address, or leave the field empty.");
		*fld = "email";
		return 400;
	}
	if (munis_load(r, db, &ms, o.region_id) != 0)
		return -1;
	for (i = 0; i < f->nrows; i++) {
		struct edit_role *ro = &f->rows[i];

		if (ro->role[0] == '\0')
			continue;
		*fld = arena_printf(&r->arena, "role-%zu", i);
		if (!in_list(ro->role, edit_roles, edit_nroles)) {
			*err = N_("Choose the role from the list.");
			return 400;
		}
		if (ro->municipality != NULL &&
		    munis_find(&ms, ro->municipality, o.region_id) == NULL) {
			*err = N_("Choose the municipality of the role from the list. It must be in the organisation's region.");
			*fld = arena_printf(&r->arena, "role-municipality-%zu", i);
			return 400;
		}
		if (ro->municipality == NULL && (strcmp(ro->role, "tutor") == 0 ||
		    strcmp(ro->role, "municipal-coordinator") == 0 ||
		    strcmp(ro->role, "supporter") == 0)) {
			*err = N_("This role needs a municipality.");
			*fld = arena_printf(&r->arena, "role-municipality-%zu", i);
			return 400;
		}
		for (j = 0; j < i; j++)
			if (strcmp(f->rows[j].role, ro->role) == 0 &&
			    (f->rows[j].municipality == NULL) ==
			    (ro->municipality == NULL) &&
			    (ro->municipality == NULL ||
			    strcmp(f->rows[j].municipality, ro->municipality) == 0)) {
				*err = N_("The same role is listed twice.");
				return 400;
			}
	}
	*fld = NULL;
	return 0;
}

void
network_person_new(struct request *r)
{
	struct edit_person_view pv;
	struct db *db;
	const char *org;
	int64_t id;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	person_form_from(r, NULL, &pv.f);
	/* "Add a person" on an organisation's page chooses it already. */
	if ((org = kv_get(&r->query, "organisation")) != NULL &&
	    id_parse(org, &id) == 0)
		pv.f.organisation = id_text(r, id);
	if (person_render(r, db, 200, NULL, &pv) != 0)
		response_error(r, 503, UNAVAILABLE);
}

/* Creates (pe NULL) or updates a person from the form. */
static void
person_save(struct request *r, struct db *db, const struct edit_person *pe)
{
	struct edit_person_view pv;
	const char *email = "";
	int64_t org = 0, id;
	int status;

	memset(&pv, 0, sizeof(pv));
	status = person_read(r, db, &pv.f, &org, &email, &pv.error,
	    &pv.error_field);
	if (status != 0) {
		db_rollback(db);
		if (status < 0 || person_render(r, db, status, pe, &pv) != 0)
			response_error(r, 503, UNAVAILABLE);
		return;
	}
	if ((id = store_person_save(db, pe ? pe->id : 0, org, email,
	    &pv.f)) < 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    pe ? "person.update" : "person.create", "person", id_text(r, id),
	    arena_printf(&r->arena, "organisation %lld%s", (long long)org,
	    pv.f.is_public ? ", public" : ""), time_now()) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/network/people/%lld?done=%s", lang_code(r->lang),
	    (long long)id, pe ? "saved" : "created"));
}

void
network_person_create(struct request *r)
{
	struct db *db;

	if ((db = get_db(r)) == NULL)
		return;
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	person_save(r, db, NULL);
}

void
network_person_page(struct request *r)
{
	struct edit_person_view pv;
	struct edit_person pe;
	struct db *db;
	const char *done = kv_get(&r->query, "done");

	if ((db = get_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	if (load_person(r, db, &pe) != 0)
		return;
	person_form_from(r, &pe, &pv.f);
	if (done != NULL && strcmp(done, "created") == 0)
		pv.notice = N_("The person has been added.");
	else if (done != NULL && strcmp(done, "saved") == 0)
		pv.notice = N_("The changes have been saved.");
	if (person_render(r, db, 200, &pe, &pv) != 0)
		response_error(r, 503, UNAVAILABLE);
}

void
network_person_update(struct request *r)
{
	struct edit_person pe;
	struct db *db;

	if ((db = get_db(r)) == NULL)
		return;
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (load_person(r, db, &pe) != 0) {
		db_rollback(db);
		return;
	}
	person_save(r, db, &pe);
}

/* Deletes a person and their roles (which cascade).  A table added later
 * that refers to people without ON DELETE makes the delete refused. */
void
network_person_delete(struct request *r)
{
	struct edit_person_view pv;
	struct edit_person pe;
	struct db *db;
	int rc;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (load_person(r, db, &pe) != 0) {
		db_rollback(db);
		return;
	}
	rc = store_delete(db, "DELETE FROM person WHERE id = ?1", pe.id);
	if (rc == 1) {
		db_rollback(db);
		person_form_from(r, &pe, &pv.f);
		pv.error = N_("The person cannot be deleted because other records still refer to them.");
		pv.error_field = "delete";
		if (person_render(r, db, 409, &pe, &pv) != 0)
			response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (rc != 0 ||
	    audit_record(db, r->user.id, request_address(r), "person.delete",
	    "person", id_text(r, pe.id), "", time_now()) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/network/people?done=deleted", lang_code(r->lang)));
}

/* --- a municipality's description of its digital support --- */

/*
 * Loads the municipality of the :code parameter if the viewer may edit
 * its page.  0 found; otherwise the answer (404 or 503) has been given.
 */
static int
load_municipality(struct request *r, struct db *db, struct municipality *m)
{
	const char *code = request_param(r, "code");
	int rc;

	if (code == NULL || strlen(code) != 3 ||
	    strspn(code, "0123456789") != 3) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	if ((rc = network_municipality(db, &r->arena, r->lang, code, m)) < 0) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (rc == 1 || !policy_edits_municipality(&r->user, m->code,
	    m->region_id)) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	return 0;
}

static void
support_render(struct request *r, int status, const struct municipality *m,
    struct edit_support_view *sv)
{
	struct view v;
	struct page p;

	sv->m = m;
	sv->csrf = csrf_token(r);
	begin_page(r, status, i18n_text(r->lang,
	    "Description of the digital support"), &v, &p, m->name,
	    arena_printf(&r->arena, "staff/municipalities/%s", m->code));
	page_crumb(&p, p.title, NULL);
	page_edit_support(&v, &p, sv);
}

void
network_support_edit(struct request *r)
{
	struct edit_support_view sv;
	struct municipality m;
	struct db *db;
	const char *done = kv_get(&r->query, "done");

	if ((db = get_db(r)) == NULL)
		return;
	memset(&sv, 0, sizeof(sv));
	if (load_municipality(r, db, &m) != 0)
		return;
	if (store_support(db, &r->arena, m.code, sv.support) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (done != NULL && strcmp(done, "saved") == 0)
		sv.notice = N_("The description has been saved. It shows on the public page at once.");
	support_render(r, 200, &m, &sv);
}

void
network_support_save(struct request *r)
{
	struct edit_support_view sv;
	struct municipality m;
	struct db *db;
	int l;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&sv, 0, sizeof(sv));
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (load_municipality(r, db, &m) != 0) {
		db_rollback(db);
		return;
	}
	for (l = 0; l < LANG_COUNT; l++) {
		sv.support[l] = form_field(r, arena_printf(&r->arena, "support_%s",
		    lang_suffix[l]));
		if (sv.error == NULL && utf8_chars(sv.support[l]) > EDIT_SUPPORT_MAX) {
			sv.error = N_("The description is too long: at most 10,000 characters.");
			sv.error_field = arena_printf(&r->arena, "support_%s",
			    lang_suffix[l]);
		}
	}
	if (sv.error != NULL) {
		db_rollback(db);
		support_render(r, 400, &m, &sv);
		return;
	}
	if (store_support_save(db, m.code, sv.support) != 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    "municipality.support", "municipality", m.code, "", time_now()) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/municipalities/%s/edit?done=saved", lang_code(r->lang),
	    m.code));
}

/*
 * periods.c - programme periods and tutor assignments (see periods.h).
 *
 * The first half is the store: each function runs cached prepared
 * statements and copies rows into the request's arena.  Municipality names
 * come from the network module (network_municipalities()) and account
 * names from the administration module (admin_accounts()), so this file
 * reads only the programme's own tables.  The second half is the handlers.
 *
 * The server's guard has checked ACT_PROGRAMME and, for POSTs, the CSRF
 * token; what is left here is "may this viewer manage this period's
 * region?", asked of policy_manages_region() for every period, inside the
 * write transaction for changes.  A form with a mistake is shown again
 * with the values kept, the mistake named next to its field, a 4xx status
 * and nothing written.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/collate.h"
#include "base/time.h"
#include "base/utf8.h"
#include "http/form.h"
#include "http/parse.h"
#include "http/response.h"
#include "programme/periods.h"
#include "programme/rules.h"
#include "tmpl_periods.h"
#include "view/markdown.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")

static const char *const formats[] = { "visits", "tutor-webinars", "sparring",
	"other" };
static const char *const lang_suffix[LANG_COUNT] = { "fi", "sv", "en" };

/* --- small helpers --- */

static bool
format_known(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(s, formats[i]) == 0)
			return true;
	return false;
}

/* The role a supported municipality gets in a period of this format. */
static const char *
supported_role(const char *format)
{
	return strcmp(format, "sparring") == 0 ? "sparred" : "participant";
}

bool
periods_form_has_account(const struct periods_assign_form *a, int64_t id)
{
	size_t i;

	for (i = 0; i < a->naccounts; i++)
		if (a->accounts[i] == id)
			return true;
	return false;
}

const char *
periods_date(struct view *v, const char *ymd)
{
	int64_t t;

	if (!date_valid(ymd) || time_parse_local(arena_printf(v->arena,
	    "%s 12:00", ymd), &t) != 0)
		return ymd;
	return time_format_date(v->arena, v->lang, t);
}

/*
 * Whether u manages every region rather than one: whoever the policy lets
 * manage region 0, which no coordinator has (administrators).  Anyone else
 * reaching these pages works in their own region.
 */
static bool
whole_platform(const struct user *u)
{
	return policy_manages_region(u, 0);
}

/* --- the store --- */

#define PERIOD_SELECT "SELECT p.id, p.region_id, r.name_fi, r.name_sv, " \
	"r.name_en, p.year, p.format, p.starts_on, p.ends_on, p.summary_fi, " \
	"p.summary_sv, p.summary_en, p.goals_fi, p.goals_sv, p.goals_en, " \
	"(SELECT count(*) FROM tutor_assignment ta WHERE ta.period_id = p.id) " \
	"FROM programme_period p JOIN region r ON r.id = p.region_id "

static void
store_period_row(struct db_stmt *st, struct arena *a, enum lang l,
    struct periods_period *p)
{
	int i;

	memset(p, 0, sizeof(*p));
	p->id = db_col_int64(st, 0);
	p->region_id = db_col_int64(st, 1);
	p->region = arena_strdup(a, i18n_pick(l, db_col_text(st, 2),
	    db_col_text(st, 3), db_col_text(st, 4), NULL));
	p->year = db_col_int64(st, 5);
	p->format = db_col_dup(st, a, 6);
	p->starts_on = db_col_dup(st, a, 7);
	p->ends_on = db_col_dup(st, a, 8);
	for (i = 0; i < LANG_COUNT; i++) {
		p->summary[i] = db_col_dup(st, a, 9 + i);
		p->goals[i] = db_col_dup(st, a, 12 + i);
	}
	p->summary_shown = i18n_pick(l, p->summary[0], p->summary[1],
	    p->summary[2], &p->summary_lang);
	p->goals_html = markdown_html(a, i18n_pick(l, p->goals[0], p->goals[1],
	    p->goals[2], &p->goals_lang));
	p->nassignments = db_col_int64(st, 15);
}

/* Every period of every region, newest first.  0 or -1. */
static int
store_periods(struct db *db, struct arena *a, enum lang l,
    struct periods_period **out, size_t *n)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, PERIOD_SELECT "ORDER BY p.year DESC, p.id");
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		store_period_row(st, a, l, &(*out)[(*n)++]);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* One period: 0 found, 1 not, -1 error. */
static int
store_period(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct periods_period *out)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, PERIOD_SELECT "WHERE p.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_period_row(st, a, l, out);
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* Whether the region has another period (not `except`) of this year:
 * 1 yes, 0 no, -1 error. */
static int
store_year_taken(struct db *db, int64_t region, int64_t year, int64_t except)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT 1 FROM programme_period WHERE region_id = ?1 "
	    "AND year = ?2 AND id <> ?3");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, region);
	db_bind_int64(st, 2, year);
	db_bind_int64(st, 3, except);
	rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Binds a period form's values to ?2.. ?11 (year, format, dates, summaries,
 * goals) in the order both statements below use. */
static void
store_bind_period(struct db_stmt *st, int64_t year, const struct periods_form *f)
{
	int i;

	db_bind_int64(st, 2, year);
	db_bind_cstr(st, 3, f->format);
	db_bind_cstr(st, 4, f->starts_on);
	db_bind_cstr(st, 5, f->ends_on);
	for (i = 0; i < LANG_COUNT; i++) {
		db_bind_cstr(st, 6 + i, f->summary[i]);
		db_bind_cstr(st, 9 + i, f->goals[i]);
	}
}

/* Inserts a period (caller's transaction): its id, or -1. */
static int64_t
store_period_insert(struct db *db, int64_t region, int64_t year,
    const struct periods_form *f)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO programme_period (region_id, year, "
	    "format, starts_on, ends_on, summary_fi, summary_sv, summary_en, "
	    "goals_fi, goals_sv, goals_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11)");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, region);
	store_bind_period(st, year, f);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? db_last_id(db) : -1;
}

/*
 * Updates a period (caller's transaction).  When the format changes, the
 * municipalities supported in it change role with it (sparred in a
 * sparring period, participants otherwise); tutors stay tutors.  0 or -1.
 */
static int
store_period_update(struct db *db, int64_t id, int64_t year,
    const struct periods_form *f)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE programme_period SET year = ?2, format = ?3, "
	    "starts_on = ?4, ends_on = ?5, summary_fi = ?6, summary_sv = ?7, "
	    "summary_en = ?8, goals_fi = ?9, goals_sv = ?10, goals_en = ?11 "
	    "WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	store_bind_period(st, year, f);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	st = db_prepare(db, "UPDATE period_municipality SET role = ?2 WHERE "
	    "period_id = ?1 AND role <> 'tutor' AND role <> ?2");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_cstr(st, 2, supported_role(f->format));
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* The codes of an assignment, until the names are looked up. */
struct raw_assignment {
	struct periods_assignment a;
	const char *tutor_code;
	const char *municipality_code;
};

/*
 * The assignments of one period (period 0: of all periods) in id order,
 * with their account ids (labels are filled in later).  Two statements,
 * merged in one pass like admin_accounts().  0 or -1.
 */
static int
store_assignments(struct db *db, struct arena *a, int64_t period,
    struct raw_assignment **out, size_t *n)
{
	struct raw_assignment *v = NULL;
	struct db_stmt *st;
	size_t cap = 0, i = 0, tcap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT ta.id, ta.period_id, p.year, p.format, "
	    "p.region_id, ta.tutor_code, ta.municipality_code FROM "
	    "tutor_assignment ta JOIN programme_period p ON p.id = ta.period_id "
	    "WHERE (?1 IS NULL OR ta.period_id = ?1) ORDER BY ta.id");
	if (st == NULL)
		return -1;
	if (period)
		db_bind_int64(st, 1, period);
	else
		db_bind_null(st, 1);
	while ((rc = db_step(st)) == DB_ROW) {
		struct raw_assignment *x;

		v = arena_grow(a, v, *n, &cap, sizeof(*v));
		x = &v[(*n)++];
		x->a.id = db_col_int64(st, 0);
		x->a.period_id = db_col_int64(st, 1);
		x->a.year = db_col_int64(st, 2);
		x->a.format = db_col_dup(st, a, 3);
		x->a.region_id = db_col_int64(st, 4);
		x->tutor_code = db_col_dup(st, a, 5);
		x->municipality_code = db_col_dup(st, a, 6);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;

	st = db_prepare(db, "SELECT taa.assignment_id, taa.account_id FROM "
	    "tutor_assignment_account taa JOIN tutor_assignment ta ON ta.id = "
	    "taa.assignment_id WHERE (?1 IS NULL OR ta.period_id = ?1) "
	    "ORDER BY taa.assignment_id, taa.account_id");
	if (st == NULL)
		return -1;
	if (period)
		db_bind_int64(st, 1, period);
	else
		db_bind_null(st, 1);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int64(st, 0);
		struct periods_assignment *x;

		while (i < *n && v[i].a.id < id) {
			i++;
			tcap = 0;
		}
		if (i == *n || v[i].a.id != id)
			continue;
		x = &v[i].a;
		x->tutors = arena_grow(a, x->tutors, x->ntutors, &tcap,
		    sizeof(*x->tutors));
		x->tutors[x->ntutors++].id = db_col_int64(st, 1);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*out = v;
	return 0;
}

/* The municipalities of a period with their roles.  0 or -1. */
static int
store_participants(struct db *db, struct arena *a, int64_t period,
    const char ***codes, const char ***roles, size_t *n)
{
	struct db_stmt *st;
	size_t cap = 0, rcap = 0;
	int rc;

	*codes = NULL;
	*roles = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT municipality_code, role FROM "
	    "period_municipality WHERE period_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, period);
	while ((rc = db_step(st)) == DB_ROW) {
		*codes = arena_grow(a, *codes, *n, &cap, sizeof(**codes));
		*roles = arena_grow(a, *roles, *n, &rcap, sizeof(**roles));
		(*codes)[*n] = db_col_dup(st, a, 0);
		(*roles)[*n] = db_col_dup(st, a, 1);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* The id of an assignment by its natural key: the id, 0 if none, -1. */
static int64_t
store_assignment_find(struct db *db, int64_t period, const char *tutor,
    const char *municipality)
{
	struct db_stmt *st;
	int64_t id = 0;
	int rc;

	st = db_prepare(db, "SELECT id FROM tutor_assignment WHERE period_id = ?1 "
	    "AND tutor_code = ?2 AND municipality_code = ?3");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, period);
	db_bind_cstr(st, 2, tutor);
	db_bind_cstr(st, 3, municipality);
	rc = db_step(st);
	if (rc == DB_ROW)
		id = db_col_int64(st, 0);
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? id : -1;
}

/* Runs one statement with an integer and up to two text parameters (the
 * writes below).  0 or -1. */
static int
store_exec(struct db *db, const char *sql, int64_t i1, const char *t2,
    const char *t3)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, sql);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, i1);
	if (t2 != NULL)
		db_bind_cstr(st, 2, t2);
	if (t3 != NULL)
		db_bind_cstr(st, 3, t3);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * Adds an assignment with its accounts (caller's transaction, after the
 * duplicate check).  Both municipalities become participants of the
 * period: the tutor as 'tutor' (whatever it was), the supported one as
 * sparred or participant unless it is a tutor there itself.  The
 * supported municipality's workspace is made if it does not exist yet.
 * The id, or -1.
 */
static int64_t
store_assignment_insert(struct db *db, const struct periods_period *p,
    const struct periods_assign_form *f)
{
	struct db_stmt *st;
	int64_t id;
	size_t i;
	int rc;

	st = db_prepare(db, "INSERT INTO tutor_assignment (period_id, tutor_code, "
	    "municipality_code) VALUES (?1, ?2, ?3)");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, p->id);
	db_bind_cstr(st, 2, f->tutor);
	db_bind_cstr(st, 3, f->municipality);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	id = db_last_id(db);
	for (i = 0; i < f->naccounts; i++) {
		st = db_prepare(db, "INSERT INTO tutor_assignment_account "
		    "(assignment_id, account_id) VALUES (?1, ?2)");
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, id);
		db_bind_int64(st, 2, f->accounts[i]);
		rc = db_step(st);
		db_done(st);
		if (rc != DB_DONE)
			return -1;
	}
	if (store_exec(db, "INSERT INTO period_municipality (period_id, "
	    "municipality_code, role) VALUES (?1, ?2, 'tutor') ON CONFLICT "
	    "(period_id, municipality_code) DO UPDATE SET role = 'tutor'",
	    p->id, f->tutor, NULL) != 0 ||
	    store_exec(db, "INSERT INTO period_municipality (period_id, "
	    "municipality_code, role) VALUES (?1, ?2, ?3) ON CONFLICT "
	    "(period_id, municipality_code) DO UPDATE SET role = excluded.role "
	    "WHERE period_municipality.role <> 'tutor'",
	    p->id, f->municipality, supported_role(p->format)) != 0 ||
	    store_exec(db, "INSERT INTO workspace (period_id, municipality_code) "
	    "VALUES (?1, ?2) ON CONFLICT DO NOTHING", p->id, f->municipality,
	    NULL) != 0)
		return -1;
	return id;
}

/* --- municipalities and tutor accounts by name --- */

/* Municipalities already read, to look codes up in. */
struct munis {
	struct municipality *m;
	size_t n, cap;
	int64_t *regions;		/* regions whose lists are in m */
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
	if (ms->nregions == 0) {
		ms->m = m;
		ms->n = ms->cap = n;
	} else {
		for (i = 0; i < n; i++) {
			ms->m = arena_grow(&r->arena, ms->m, ms->n, &ms->cap,
			    sizeof(*ms->m));
			ms->m[ms->n++] = m[i];
		}
	}
	ms->regions = arena_grow(&r->arena, ms->regions, ms->nregions,
	    &ms->regcap, sizeof(*ms->regions));
	ms->regions[ms->nregions++] = region;
	return 0;
}

/* The municipality of a loaded region by code, or NULL. */
static const struct municipality *
munis_find(const struct munis *ms, const char *code, int64_t region)
{
	size_t i;

	for (i = 0; i < ms->n; i++)
		if (ms->m[i].region_id == region && strcmp(ms->m[i].code, code) == 0)
			return &ms->m[i];
	return NULL;
}

/* A municipality for a stored code: the loaded one, or one made from the
 * code itself (a row of another region, which the schema allows). */
static const struct municipality *
munis_name(struct request *r, const struct munis *ms, const char *code,
    int64_t region)
{
	const struct municipality *m = munis_find(ms, code, region);
	struct municipality *x;

	if (m != NULL)
		return m;
	x = arena_calloc(&r->arena, 1, sizeof(*x));
	x->code = code;
	x->name = code;
	x->language_status = "fi";
	x->region_id = region;
	return x;
}

/* Every account that is not erased, read once per request. */
struct accounts {
	struct admin_account *v;
	size_t n;
	bool loaded;
};

static int
accounts_load(struct db *db, struct arena *a, struct accounts *ac)
{
	if (ac->loaded)
		return 0;
	if (admin_accounts(db, a, &ac->v, &ac->n) != 0)
		return -1;
	ac->loaded = true;
	return 0;
}

static const struct admin_account *
accounts_find(const struct accounts *ac, int64_t id)
{
	size_t i;

	for (i = 0; i < ac->n; i++)
		if (ac->v[i].id == id)
			return &ac->v[i];
	return NULL;
}

/* Whether account x may be chosen as a tutor in region `region`: an
 * active tutor account of that region. */
static bool
tutor_of_region(const struct admin_account *x, int64_t region)
{
	return x->role == ROLE_TUTOR && x->active && x->region_id == region;
}

/* The region's tutor accounts, by name, for the add form.  0 or -1. */
static int
region_tutors(struct request *r, struct db *db, struct accounts *ac,
    int64_t region, struct periods_tutor **out, size_t *n)
{
	size_t i, k = 0;

	*out = NULL;
	*n = 0;
	if (accounts_load(db, &r->arena, ac) != 0)
		return -1;
	*out = arena_calloc(&r->arena, ac->n ? ac->n : 1, sizeof(**out));
	for (i = 0; i < ac->n; i++) {
		const struct admin_account *x = &ac->v[i];

		if (!tutor_of_region(x, region))
			continue;
		(*out)[k].id = x->id;
		(*out)[k].label = x->name[0] ? x->name : x->email;
		(*out)[k].where = x->email;
		k++;
	}
	*n = k;
	return 0;
}

static int
tutor_cmp(const void *x, const void *y)
{
	return collate_fi(((const struct periods_tutor *)x)->label,
	    ((const struct periods_tutor *)y)->label);
}

static int
assignment_cmp(const void *x, const void *y)
{
	const struct periods_assignment *a = x, *b = y;
	int c;

	if (a->year != b->year)
		return a->year > b->year ? -1 : 1;
	if (a->period_id != b->period_id)
		return a->period_id < b->period_id ? -1 : 1;
	if ((c = collate_fi(a->tutor->name, b->tutor->name)) != 0)
		return c;
	return collate_fi(a->municipality->name, b->municipality->name);
}

/*
 * The assignments of a period (0: of every period the viewer manages) with
 * municipality names and account labels, sorted newest period first, then
 * by tutor and municipality name.  0 or -1.
 */
static int
load_assignments(struct request *r, struct db *db, int64_t period,
    struct munis *ms, struct accounts *ac, struct periods_assignment **out,
    size_t *n)
{
	struct raw_assignment *raw;
	struct periods_assignment *v;
	size_t nraw, i, j, k = 0;

	*out = NULL;
	*n = 0;
	if (store_assignments(db, &r->arena, period, &raw, &nraw) != 0 ||
	    accounts_load(db, &r->arena, ac) != 0)
		return -1;
	v = arena_calloc(&r->arena, nraw ? nraw : 1, sizeof(*v));
	for (i = 0; i < nraw; i++) {
		struct periods_assignment *x = &raw[i].a;

		if (!policy_manages_region(&r->user, x->region_id))
			continue;
		if (munis_load(r, db, ms, x->region_id) != 0)
			return -1;
		x->tutor = munis_name(r, ms, raw[i].tutor_code, x->region_id);
		x->municipality = munis_name(r, ms, raw[i].municipality_code,
		    x->region_id);
		for (j = 0; j < x->ntutors; j++) {
			const struct admin_account *acct =
			    accounts_find(ac, x->tutors[j].id);

			x->tutors[j].label = acct == NULL ? "–" :
			    acct->name[0] ? acct->name : acct->email;
			x->tutors[j].where = acct == NULL ? "" : acct->email;
		}
		if (x->ntutors > 1)
			qsort(x->tutors, x->ntutors, sizeof(*x->tutors),
			    tutor_cmp);
		v[k++] = *x;
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), assignment_cmp);
	*out = v;
	*n = k;
	return 0;
}

static int
role_rank(const char *role)
{
	return strcmp(role, "tutor") == 0 ? 0 : strcmp(role, "sparred") == 0 ?
	    1 : 2;
}

static int
participant_cmp(const void *x, const void *y)
{
	const struct periods_participant *a = x, *b = y;
	int ra = role_rank(a->role), rb = role_rank(b->role);

	if (ra != rb)
		return ra - rb;
	return collate_fi(a->m->name, b->m->name);
}

/* --- page frame --- */

static void
begin_page(struct request *r, int status, const char *title, struct view *v,
    struct page *p, bool list_crumb)
{
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(p, v, r, title);
	page_crumb(p, i18n_text(r->lang, "Your pages"),
	    arena_printf(&r->arena, "/%s/staff", lang_code(r->lang)));
	if (list_crumb)
		page_crumb(p, i18n_text(r->lang, "Programme periods"),
		    arena_printf(&r->arena, "/%s/programme/periods",
		    lang_code(r->lang)));
}

/* "2021: Digital support sparring", a period's title. */
static const char *
period_title(struct request *r, const struct periods_period *p)
{
	return arena_printf(&r->arena, "%lld: %s", (long long)p->year,
	    network_format_label(r->lang, p->format));
}

static struct db *
get_db(struct request *r)
{
	struct db *db = request_db(r);

	if (db == NULL)
		response_error(r, 503, UNAVAILABLE);
	return db;
}

/*
 * Loads the period of the :id parameter if the viewer manages its region.
 * 0 found; otherwise the answer (404 or 503) has been given.
 */
static int
load_period(struct request *r, struct db *db, struct periods_period *p)
{
	int64_t id;
	int rc;

	if (id_parse(request_param(r, "id"), &id) != 0) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	rc = store_period(db, &r->arena, r->lang, id, p);
	if (rc < 0) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (rc == 1 || !policy_manages_region(&r->user, p->region_id)) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	return 0;
}

/* --- the list --- */

void
periods_list(struct request *r)
{
	struct periods_list_view lv;
	struct periods_period *all;
	struct db *db;
	struct view v;
	struct page p;
	size_t n, i, k = 0;
	int64_t first = 0;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&lv, 0, sizeof(lv));
	if (store_periods(db, &r->arena, r->lang, &all, &n) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	for (i = 0; i < n; i++) {
		if (!policy_manages_region(&r->user, all[i].region_id))
			continue;
		if (k == 0)
			first = all[i].region_id;
		else if (all[i].region_id != first)
			lv.many_regions = true;
		all[k++] = all[i];
	}
	lv.periods = all;
	lv.nperiods = k;
	begin_page(r, 200, i18n_text(r->lang, "Programme periods"), &v, &p,
	    false);
	page_crumb(&p, p.title, NULL);
	page_periods_list(&v, &p, &lv);
}

/* --- a period's form: new and edit --- */

/* The stored values as a form. */
static void
form_from_period(struct request *r, const struct periods_period *pe,
    struct periods_form *f)
{
	int i;

	f->year = arena_printf(&r->arena, "%lld", (long long)pe->year);
	f->format = pe->format;
	f->starts_on = pe->starts_on;
	f->ends_on = pe->ends_on;
	for (i = 0; i < LANG_COUNT; i++) {
		f->summary[i] = pe->summary[i];
		f->goals[i] = pe->goals[i];
	}
}

/*
 * Reads and checks a period form.  0 fine (*year set), 400 a mistake
 * (*err and *fld name it).  The values are kept in f for the form.
 */
static int
form_read(struct request *r, struct periods_form *f, int64_t *year,
    const char **err, const char **fld)
{
	size_t i;
	int64_t y;

	f->year = form_field(r, "year");
	f->format = form_field(r, "format");
	f->starts_on = form_field(r, "starts_on");
	f->ends_on = form_field(r, "ends_on");
	for (i = 0; i < LANG_COUNT; i++) {
		f->summary[i] = form_field(r, arena_printf(&r->arena, "summary_%s",
		    lang_suffix[i]));
		f->goals[i] = form_field(r, arena_printf(&r->arena, "goals_%s",
		    lang_suffix[i]));
	}
	if (strlen(f->year) != 4 || id_parse(f->year, &y) != 0 ||
	    y < PERIODS_YEAR_MIN || y > PERIODS_YEAR_MAX) {
		*err = N_("Write the year with four digits, for example 2021.");
		*fld = "year";
		return 400;
	}
	*year = y;
	if (!format_known(f->format)) {
		*err = N_("Choose a format from the list.");
		*fld = "format";
		return 400;
	}
	if (!date_valid(f->starts_on)) {
		*err = N_("Write the date in the form 2024-05-31.");
		*fld = "starts_on";
		return 400;
	}
	if (!date_valid(f->ends_on)) {
		*err = N_("Write the date in the form 2024-05-31.");
		*fld = "ends_on";
		return 400;
	}
	if (strcmp(f->ends_on, f->starts_on) < 0) {
		*err = N_("The period cannot end before it starts.");
		*fld = "ends_on";
		return 400;
	}
	for (i = 0; i < LANG_COUNT; i++) {
		if (utf8_chars(f->summary[i]) > PERIODS_SUMMARY_MAX) {
			*err = N_("The summary is too long: at most 2,000 characters.");
			*fld = arena_printf(&r->arena, "summary_%s", lang_suffix[i]);
			return 400;
		}
		if (utf8_chars(f->goals[i]) > PERIODS_GOALS_MAX) {
			*err = N_("The goals are too long: at most 10,000 characters.");
			*fld = arena_printf(&r->arena, "goals_%s", lang_suffix[i]);
			return 400;
		}
	}
	if (f->summary[0][0] == '\0' && f->summary[1][0] == '\0' &&
	    f->summary[2][0] == '\0') {
		*err = N_("Write a summary in at least one language.");
		*fld = "summary_fi";
		return 400;
	}
	return 0;
}

static void
form_render(struct request *r, int status, const struct periods_period *pe,
    struct periods_form_view *fv)
{
	struct view v;
	struct page p;

	fv->period = pe;
	fv->csrf = csrf_token(r);
	if (pe == NULL) {
		begin_page(r, status, i18n_text(r->lang, "New programme period"),
		    &v, &p, true);
	} else {
		begin_page(r, status, i18n_text(r->lang, "Edit the period"), &v,
		    &p, true);
		page_crumb(&p, period_title(r, pe), arena_printf(&r->arena,
		    "/%s/programme/periods/%lld", lang_code(r->lang),
		    (long long)pe->id));
	}
	page_crumb(&p, p.title, NULL);
	page_periods_form(&v, &p, fv);
}

/* The region a new period is made in: a coordinator's own; for an
 * administrator, the site's (first) region.  0 when there is none. */
static int
new_period_region(struct request *r, struct db *db, int64_t *out)
{
	struct region_info ri;
	int rc;

	*out = 0;
	if (!whole_platform(&r->user)) {
		*out = r->user.region_id;
		return 0;
	}
	if ((rc = network_region(db, &r->arena, r->lang, &ri)) < 0)
		return -1;
	if (rc == 0)
		*out = ri.id;
	return 0;
}

void
periods_new(struct request *r)
{
	struct periods_form_view fv;
	struct db *db;
	int64_t region;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&fv, 0, sizeof(fv));
	if (new_period_region(r, db, &region) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (region == 0 || !policy_manages_region(&r->user, region)) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	fv.f.format = "sparring";
	for (int i = 0; i < LANG_COUNT; i++) {
		fv.f.summary[i] = "";
		fv.f.goals[i] = "";
	}
	fv.f.year = fv.f.starts_on = fv.f.ends_on = "";
	form_render(r, 200, NULL, &fv);
}

void
periods_create(struct request *r)
{
	struct periods_form_view fv;
	struct db *db;
	int64_t region, year, id;
	int status, taken;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&fv, 0, sizeof(fv));
	if (new_period_region(r, db, &region) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (region == 0 || !policy_manages_region(&r->user, region)) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	status = form_read(r, &fv.f, &year, &fv.error, &fv.error_field);
	if (status != 0) {
		form_render(r, status, NULL, &fv);
		return;
	}
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if ((taken = store_year_taken(db, region, year, 0)) != 0) {
		db_rollback(db);
		if (taken < 0) {
			response_error(r, 503, UNAVAILABLE);
			return;
		}
		fv.error = N_("The region has a period of this year already.");
		fv.error_field = "year";
		form_render(r, 409, NULL, &fv);
		return;
	}
	if ((id = store_period_insert(db, region, year, &fv.f)) < 0 ||
	    audit_record(db, r->user.id, request_address(r), "period.create",
	    "period", arena_printf(&r->arena, "%lld", (long long)id),
	    arena_printf(&r->arena, "%lld %s", (long long)year, fv.f.format),
	    time_now()) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/programme/periods/%lld?done=created", lang_code(r->lang),
	    (long long)id));
}

void
periods_edit(struct request *r)
{
	struct periods_form_view fv;
	struct periods_period pe;
	struct db *db;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&fv, 0, sizeof(fv));
	if (load_period(r, db, &pe) != 0)
		return;
	form_from_period(r, &pe, &fv.f);
	form_render(r, 200, &pe, &fv);
}

void
periods_update(struct request *r)
{
	struct periods_form_view fv;
	struct periods_period pe;
	struct db *db;
	int64_t year;
	int status, taken;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&fv, 0, sizeof(fv));
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (load_period(r, db, &pe) != 0) {
		db_rollback(db);
		return;
	}
	status = form_read(r, &fv.f, &year, &fv.error, &fv.error_field);
	if (status == 0 &&
	    (taken = store_year_taken(db, pe.region_id, year, pe.id)) != 0) {
		if (taken < 0) {
			db_rollback(db);
			response_error(r, 503, UNAVAILABLE);
			return;
		}
		fv.error = N_("The region has a period of this year already.");
		fv.error_field = "year";
		status = 409;
	}
	if (status != 0) {
		db_rollback(db);
		form_render(r, status, &pe, &fv);
		return;
	}
	if (store_period_update(db, pe.id, year, &fv.f) != 0 ||
	    audit_record(db, r->user.id, request_address(r), "period.update",
	    "period", arena_printf(&r->arena, "%lld", (long long)pe.id),
	    arena_printf(&r->arena, "%lld %s", (long long)year, fv.f.format),
	    time_now()) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/programme/periods/%lld?done=saved", lang_code(r->lang),
	    (long long)pe.id));
}

/* --- a period's page: assignments and participants --- */

/* Fills the period page's lists and renders it.  0 or -1 (nothing sent). */
static int
page_render(struct request *r, struct db *db, int status,
    const struct periods_period *pe, struct periods_page_view *pv)
{
	struct munis ms;
	struct accounts ac;
	struct periods_assignment *as;
	struct periods_tutor *tutors;
	struct periods_participant *parts;
	const char **codes, **roles;
	struct view v;
	struct page p;
	size_t n, i;

	memset(&ms, 0, sizeof(ms));
	memset(&ac, 0, sizeof(ac));
	if (munis_load(r, db, &ms, pe->region_id) != 0 ||
	    load_assignments(r, db, pe->id, &ms, &ac, &as, &pv->nassignments) != 0 ||
	    region_tutors(r, db, &ac, pe->region_id, &tutors, &pv->ntutors) != 0 ||
	    store_participants(db, &r->arena, pe->id, &codes, &roles, &n) != 0)
		return -1;
	parts = arena_calloc(&r->arena, n ? n : 1, sizeof(*parts));
	for (i = 0; i < n; i++) {
		parts[i].m = munis_name(r, &ms, codes[i], pe->region_id);
		parts[i].role = roles[i];
	}
	if (n > 1)
		qsort(parts, n, sizeof(*parts), participant_cmp);
	pv->period = pe;
	pv->assignments = as;
	pv->tutors = tutors;
	pv->participants = parts;
	pv->nparticipants = n;
	pv->munis = ms.m;
	pv->nmunis = ms.n;
	pv->csrf = csrf_token(r);
	if (pv->a.tutor == NULL)
		pv->a.tutor = "";
	if (pv->a.municipality == NULL)
		pv->a.municipality = "";
	begin_page(r, status, period_title(r, pe), &v, &p, true);
	page_crumb(&p, p.title, NULL);
	page_periods_page(&v, &p, pv);
	return 0;
}

void
periods_page(struct request *r)
{
	struct periods_page_view pv;
	struct periods_period pe;
	struct db *db;
	const char *done = kv_get(&r->query, "done");

	if ((db = get_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	if (load_period(r, db, &pe) != 0)
		return;
	if (done == NULL)
		done = "";
	if (strcmp(done, "created") == 0)
		pv.notice = N_("The period has been created.");
	else if (strcmp(done, "saved") == 0)
		pv.notice = N_("The changes have been saved.");
	else if (strcmp(done, "assigned") == 0)
		pv.notice = N_("The tutor assignment has been added.");
	else if (strcmp(done, "removed") == 0)
		pv.notice = N_("The tutor assignment has been removed.");
	if (page_render(r, db, 200, &pe, &pv) != 0)
		response_error(r, 503, UNAVAILABLE);
}

/*
 * Reads the add form: the two municipalities (of the period's region,
 * different) and the tutor accounts (active tutors of the region, each
 * once).  0 fine, 400 a mistake (*err and *fld name it).
 */
static int
assign_read(struct request *r, struct db *db, const struct periods_period *pe,
    struct periods_assign_form *f, const char **err, const char **fld)
{
	struct munis ms;
	struct accounts ac;
	size_t i, n = kv_count(&r->form, "account");
	bool bad_account = false;

	memset(&ms, 0, sizeof(ms));
	memset(&ac, 0, sizeof(ac));
	f->tutor = form_field(r, "tutor");
	f->municipality = form_field(r, "municipality");
	f->accounts = arena_calloc(&r->arena, n ? n : 1, sizeof(*f->accounts));
	f->naccounts = 0;
	for (i = 0; i < r->form.n; i++) {
		int64_t id;

		if (strcmp(r->form.items[i].name, "account") != 0)
			continue;
		if (id_parse(r->form.items[i].value, &id) != 0) {
			bad_account = true;
			continue;
		}
		if (!periods_form_has_account(f, id))
			f->accounts[f->naccounts++] = id;
	}
	if (munis_load(r, db, &ms, pe->region_id) != 0)
		return -1;
	if (munis_find(&ms, f->tutor, pe->region_id) == NULL) {
		*err = N_("Choose the tutor municipality from the list.");
		*fld = "tutor";
		return 400;
	}
	if (munis_find(&ms, f->municipality, pe->region_id) == NULL) {
		*err = N_("Choose the supported municipality from the list.");
		*fld = "municipality";
		return 400;
	}
	if (strcmp(f->tutor, f->municipality) == 0) {
		*err = N_("A municipality cannot tutor itself. Choose two different municipalities.");
		*fld = "municipality";
		return 400;
	}
	if (accounts_load(db, &r->arena, &ac) != 0)
		return -1;
	for (i = 0; i < f->naccounts && !bad_account; i++) {
		const struct admin_account *x = accounts_find(&ac, f->accounts[i]);

		if (x == NULL || !tutor_of_region(x, pe->region_id))
			bad_account = true;
	}
	if (bad_account || f->naccounts > PERIODS_TUTORS_MAX) {
		*err = N_("Choose the tutors from the list.");
		*fld = "accounts";
		return 400;
	}
	return 0;
}

void
periods_assignment_add(struct request *r)
{
	struct periods_page_view pv;
	struct periods_period pe;
	struct db *db;
	int64_t found, id;
	int status;
	size_t i;
	struct buf detail;
	const char *text;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (load_period(r, db, &pe) != 0) {
		db_rollback(db);
		return;
	}
	status = assign_read(r, db, &pe, &pv.a, &pv.error, &pv.error_field);
	if (status < 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (status == 0) {
		found = store_assignment_find(db, pe.id, pv.a.tutor,
		    pv.a.municipality);
		if (found < 0) {
			db_rollback(db);
			response_error(r, 503, UNAVAILABLE);
			return;
		}
		if (found > 0) {
			pv.error = N_("This tutor municipality already supports this municipality in the period.");
			pv.error_field = "municipality";
			status = 409;
		}
	}
	if (status != 0) {
		db_rollback(db);
		if (page_render(r, db, status, &pe, &pv) != 0)
			response_error(r, 503, UNAVAILABLE);
		return;
	}
	/* "049 → 611 (accounts 12, 13)": codes and ids only. */
	buf_init(&detail);
	buf_puts(&detail, arena_printf(&r->arena, "%s → %s", pv.a.tutor,
	    pv.a.municipality));
	for (i = 0; i < pv.a.naccounts; i++)
		buf_puts(&detail, arena_printf(&r->arena, "%s%lld",
		    i == 0 ? " (accounts " : ", ", (long long)pv.a.accounts[i]));
	if (pv.a.naccounts > 0)
		buf_puts(&detail, ")");
	text = arena_strdup(&r->arena, buf_cstr(&detail));
	buf_cleanup(&detail);
	if ((id = store_assignment_insert(db, &pe, &pv.a)) < 0 ||
	    audit_record(db, r->user.id, request_address(r), "assignment.add",
	    "period", arena_printf(&r->arena, "%lld", (long long)pe.id), text,
	    time_now()) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/programme/periods/%lld?done=assigned#assignments",
	    lang_code(r->lang), (long long)pe.id));
}

/*
 * Removes the assignment named by its tutor and municipality (the pair is
 * unique in a period).  The participants and the workspace stay: the
 * workspace may hold sessions and actions that are part of the history.
 */
void
periods_assignment_remove(struct request *r)
{
	struct periods_period pe;
	struct db *db;
	const char *tutor, *muni;
	int64_t id;

	if ((db = get_db(r)) == NULL)
		return;
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (load_period(r, db, &pe) != 0) {
		db_rollback(db);
		return;
	}
	tutor = form_field(r, "tutor");
	muni = form_field(r, "municipality");
	if ((id = store_assignment_find(db, pe.id, tutor, muni)) <= 0) {
		db_rollback(db);
		if (id < 0)
			response_error(r, 503, UNAVAILABLE);
		else
			response_error(r, 404, NOT_FOUND);
		return;
	}
	if (store_exec(db, "DELETE FROM tutor_assignment WHERE id = ?1", id,
	    NULL, NULL) != 0 ||
	    audit_record(db, r->user.id, request_address(r), "assignment.remove",
	    "period", arena_printf(&r->arena, "%lld", (long long)pe.id),
	    arena_printf(&r->arena, "%s → %s", tutor, muni), time_now()) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/programme/periods/%lld?done=removed#assignments",
	    lang_code(r->lang), (long long)pe.id));
}

/* --- who tutored whom, across periods --- */

void
periods_history(struct request *r)
{
	struct periods_history_view hv;
	struct periods_assignment *as;
	struct munis ms;
	struct accounts ac;
	struct db *db;
	struct view v;
	struct page p;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&hv, 0, sizeof(hv));
	memset(&ms, 0, sizeof(ms));
	memset(&ac, 0, sizeof(ac));
	if (load_assignments(r, db, 0, &ms, &ac, &as, &hv.nassignments) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	hv.assignments = as;
	begin_page(r, 200, i18n_text(r->lang, "Who tutored whom"), &v, &p, true);
	page_crumb(&p, p.title, NULL);
	page_periods_history(&v, &p, &hv);
}

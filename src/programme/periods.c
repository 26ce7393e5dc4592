/*
 * periods.c - programme periods and tutor assignments (see periods.h).
 *
 * The store is periods_store.c.  Municipality names come from the network
 * module (network_municipalities()) and account names from the auth
 * module (account_list()).
 *
 * The server's guard has checked ACT_PROGRAMME, for POSTs the CSRF token,
 * and loaded the period of the page for those who manage its region
 * (programme_period_loader); lists come from the store already limited to
 * the viewer's regions.  A form is read whole with the form model: every
 * mistake is named at once, next to its field and in the summary, with a
 * 4xx status and nothing written.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/collate.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/form.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "network/network.h"
#include "programme/periods.h"
#include "programme/periods_store.h"
#include "programme/rules.h"
#include "tmpl_periods.h"
#include "view/form.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")

/* --- small helpers --- */

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

	if (!time_date_valid(ymd) || time_parse_local(arena_printf(v->arena,
	    "%s 12:00", ymd), &t) != 0)
		return ymd;
	return time_format_date(v->arena, v->lang, t);
}

/* --- municipalities and tutor accounts by name --- */

/* A municipality for a stored code: the loaded one, or one made from the
 * code itself (a row of another region, which the schema allows). */
static const struct municipality *
munis_name(struct request *r, const struct municipality_set *ms,
    const char *code, int64_t region)
{
	const struct municipality *m = network_set_find(ms, code, region);
	struct municipality *x;

	if (m != NULL)
		return m;
	x = arena_calloc(&r->arena, 1, sizeof(*x));
	x->code = code;
	x->name = code;
	x->language_status = MUNI_FI;
	x->region_id = region;
	return x;
}

/* Every account that is not erased, read once per request. */
struct accounts {
	struct account_entry *v;
	size_t n;
	bool loaded;
};

static int
accounts_load(struct db *db, struct arena *a, struct accounts *ac)
{
	if (ac->loaded)
		return 0;
	if (account_list(db, a, &ac->v, &ac->n) != 0)
		return -1;
	ac->loaded = true;
	return 0;
}

static const struct account_entry *
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
tutor_of_region(const struct account_entry *x, int64_t region)
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
		const struct account_entry *x = &ac->v[i];

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
 * The assignments of a period (0: of every period of the regions the
 * viewer manages) with
 * municipality names and account labels, sorted newest period first, then
 * by tutor and municipality name.  0 or -1.
 */
static int
load_assignments(struct request *r, struct db *db, int64_t period,
    struct municipality_set *ms, struct accounts *ac, struct periods_assignment **out,
    size_t *n)
{
	struct raw_assignment *raw;
	struct periods_assignment *v;
	size_t nraw, i, j, k = 0;

	*out = NULL;
	*n = 0;
	if (assignment_store_list(db, &r->arena, period,
	    policy_region_filter(&r->user), &raw, &nraw) != 0 ||
	    accounts_load(db, &r->arena, ac) != 0)
		return -1;
	v = arena_calloc(&r->arena, nraw ? nraw : 1, sizeof(*v));
	for (i = 0; i < nraw; i++) {
		struct periods_assignment *x = &raw[i].a;

		if (network_set_add_region(db, &r->arena, r->lang,
		    ms, x->region_id) != 0)
			return -1;
		x->tutor = munis_name(r, ms, raw[i].tutor_code, x->region_id);
		x->municipality = munis_name(r, ms, raw[i].municipality_code,
		    x->region_id);
		for (j = 0; j < x->ntutors; j++) {
			const struct account_entry *acct =
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
participant_cmp(const void *x, const void *y)
{
	const struct periods_participant *a = x, *b = y;
	/* Tutors first, then the sparred, then the other participants: the
	 * order of the enum. */
	if (a->role != b->role)
		return (int)a->role - (int)b->role;
	return collate_fi(a->m->name, b->m->name);
}

/* --- page frame --- */

static void
begin_page(struct request *r, int status, const char *title, struct view *v,
    struct page *p, bool list_crumb)
{
	page_begin_staff(r, status, title, v, p);
	if (list_crumb)
		page_crumb(p, i18n_text(r->lang, "Programme periods"),
		    url_for(&r->arena, r->lang, "programme.periods", NULL));
}

/* "2021: Digital support sparring", a period's title. */
static const char *
period_title(struct request *r, const struct programme_period *p)
{
	return arena_printf(&r->arena, "%lld: %s", (long long)p->year,
	    period_format_label(r->lang, p->format));
}

/* --- the list --- */

void
periods_list(struct request *r)
{
	struct periods_list_view lv;
	struct programme_period *all;
	struct db *db;
	struct view v;
	struct page p;
	size_t n, i;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&lv, 0, sizeof(lv));
	if (period_store_list(db, &r->arena, r->lang,
	    policy_region_filter(&r->user), &all, &n) != 0) {
		response_unavailable(r);
		return;
	}
	for (i = 1; i < n; i++)
		if (all[i].region_id != all[0].region_id)
			lv.many_regions = true;
	lv.periods = all;
	lv.nperiods = n;
	begin_page(r, 200, i18n_text(r->lang, "Programme periods"), &v, &p,
	    false);
	page_crumb(&p, p.title, NULL);
	page_periods_list(&v, &p, &lv);
}

/* --- a period's form: new and edit --- */

/* The stored values as a form. */
static void
form_from_period(struct request *r, const struct programme_period *pe,
    struct periods_form *f)
{
	int i;

	f->year = arena_printf(&r->arena, "%lld", (long long)pe->year);
	f->format = period_format_name(pe->format);
	f->starts_on = pe->starts_on;
	f->ends_on = pe->ends_on;
	for (i = 0; i < LANG_COUNT; i++) {
		f->summary[i] = pe->summary[i];
		f->goals[i] = pe->goals[i];
	}
}

/* "summary_fi", "goals_sv": a field of one language version. */
static const char *
lang_field(struct request *r, const char *name, int l)
{
	return arena_printf(&r->arena, "%s_%s", name, lang_code((enum lang)l));
}

/* A stored date, YYYY-MM-DD (what <input type="date"> sends). */
static const char *
read_date(struct form *f, const char *name)
{
	const char *s = form_value(f, name);

	if (!time_date_valid(s))
		form_error(f, name, N_("Write the date in the form 2024-05-31."));
	return s;
}

/* Reads a period form into pf (kept for the form) and *year, its
 * mistakes into f. */
static void
form_read(struct request *r, struct form *f, struct periods_form *pf,
    int64_t *year, enum period_format *format)
{
	int i, k;

	*year = form_int(f, "year", PERIODS_YEAR_MIN, PERIODS_YEAR_MAX, 0,
	    FORM_REQUIRED,
	    N_("Write the year with four digits, for example 2021."));
	pf->year = form_value(f, "year");
	k = form_choice(f, "format", period_format_names, PERIOD_FORMAT_COUNT,
	    FORM_REQUIRED, N_("Choose a format from the list."));
	*format = k < 0 ? PERIOD_OTHER : (enum period_format)k;
	pf->format = form_value(f, "format");
	pf->starts_on = read_date(f, "starts_on");
	pf->ends_on = read_date(f, "ends_on");
	if (form_ok(f) && strcmp(pf->ends_on, pf->starts_on) < 0)
		form_error(f, "ends_on",
		    N_("The period cannot end before it starts."));
	for (i = 0; i < LANG_COUNT; i++) {
		pf->summary[i] = form_text(f, lang_field(r, "summary", i),
		    FORM_MULTILINE, PERIODS_SUMMARY_MAX,
		    N_("The summary is too long: at most 2,000 characters."));
		pf->goals[i] = form_text(f, lang_field(r, "goals", i),
		    FORM_MULTILINE, PERIODS_GOALS_MAX,
		    N_("The goals are too long: at most 10,000 characters."));
	}
	if (pf->summary[0][0] == '\0' && pf->summary[1][0] == '\0' &&
	    pf->summary[2][0] == '\0')
		form_error(f, "summary_fi",
		    N_("Write a summary in at least one language."));
}

static void
form_render(struct request *r, int status, const struct programme_period *pe,
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
		page_crumb(&p, period_title(r, pe), url_for(&r->arena, r->lang,
		    "programme.period", url_id(&r->arena, pe->id), NULL));
	}
	page_form_errors(&p, &fv->errors);
	page_crumb(&p, p.title, NULL);
	page_periods_form(&v, &p, fv);
}

void
periods_new(struct request *r)
{
	struct periods_form_view fv;
	struct db *db;
	int i;

	if ((db = response_db(r)) == NULL || network_request_home_region(r) == 0)
		return;
	memset(&fv, 0, sizeof(fv));
	fv.f.format = period_format_name(PERIOD_SPARRING);
	for (i = 0; i < LANG_COUNT; i++) {
		fv.f.summary[i] = "";
		fv.f.goals[i] = "";
	}
	fv.f.year = fv.f.starts_on = fv.f.ends_on = "";
	form_render(r, 200, NULL, &fv);
}

/* Saves the period form: a new period (pe NULL) in the viewer's home
 * region, or changes to pe.  A year the region has a period of already
 * is refused with 409. */
static void
period_save(struct request *r, const struct programme_period *pe)
{
	struct periods_form_view fv;
	struct form f;
	struct db *db;
	enum period_format format;
	int64_t region, year, id;
	int taken = 0;

	if ((db = response_db(r)) == NULL)
		return;
	region = pe != NULL ? pe->region_id : network_request_home_region(r);
	if (region == 0)
		return;
	memset(&fv, 0, sizeof(fv));
	form_begin(&f, r);
	form_read(r, &f, &fv.f, &year, &format);
	if (response_begin_tx(r, db) != 0)
		return;
	if (form_ok(&f) && (taken = period_store_year_taken(db, region, year,
	    pe ? pe->id : 0)) != 0) {
		if (taken < 0) {
			response_rollback(r, db);
			return;
		}
		form_error(&f, "year",
		    N_("The region has a period of this year already."));
	}
	if (!form_ok(&f)) {
		db_rollback(db);
		fv.errors = form_errors(&f);
		form_render(r, taken ? 409 : 400, pe, &fv);
		return;
	}
	if (pe != NULL)
		id = pe->id;
	if ((pe == NULL ? period_store_insert(db, region, year, format, &fv.f,
	    &id) : period_store_update(db, id, year, format, &fv.f)) != 0 ||
	    audit_commit(r, db, pe ? "period.update" : "period.create",
	    "period", id, arena_printf(&r->arena, "%lld %s", (long long)year,
	    fv.f.format), time_now()) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
	    url_for(&r->arena, r->lang, "programme.period", url_id(&r->arena,
	    id), NULL), pe ? "saved" : "created"));
}

void
periods_create(struct request *r)
{
	period_save(r, NULL);
}

void
periods_edit(struct request *r)
{
	const struct programme_period *pe = request_object(r);
	struct periods_form_view fv;

	memset(&fv, 0, sizeof(fv));
	form_from_period(r, pe, &fv.f);
	form_render(r, 200, pe, &fv);
}

void
periods_update(struct request *r)
{
	period_save(r, request_object(r));
}

/* --- a period's page: assignments and participants --- */

/* Fills the period page's lists and renders it.  0 or -1 (nothing sent). */
static int
page_render(struct request *r, struct db *db, int status,
    const struct programme_period *pe, struct periods_page_view *pv)
{
	struct municipality_set ms;
	struct accounts ac;
	struct periods_assignment *as;
	struct periods_tutor *tutors;
	struct periods_participant *parts;
	struct raw_participant *raw;
	struct view v;
	struct page p;
	size_t n, i;

	memset(&ms, 0, sizeof(ms));
	memset(&ac, 0, sizeof(ac));
	if (network_set_add_region(db, &r->arena, r->lang,
	    &ms, pe->region_id) != 0 ||
	    load_assignments(r, db, pe->id, &ms, &ac, &as, &pv->nassignments) != 0 ||
	    region_tutors(r, db, &ac, pe->region_id, &tutors, &pv->ntutors) != 0 ||
	    participant_store_list(db, &r->arena, pe->id, &raw, &n) != 0)
		return -1;
	parts = arena_calloc(&r->arena, n ? n : 1, sizeof(*parts));
	for (i = 0; i < n; i++) {
		parts[i].m = munis_name(r, &ms, raw[i].code, pe->region_id);
		parts[i].role = raw[i].role;
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
	page_form_errors(&p, &pv->errors);
	page_crumb(&p, p.title, NULL);
	page_periods_page(&v, &p, pv);
	return 0;
}

void
periods_page(struct request *r)
{
	const struct programme_period *pe = request_object(r);
	struct periods_page_view pv;
	struct db *db;
	const char *done = kv_get(&r->query, "done");

	if ((db = response_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
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
	if (page_render(r, db, 200, pe, &pv) != 0)
		response_unavailable(r);
}

/*
 * Reads the add form into af, its mistakes into f: the two
 * municipalities (of the period's region, different) and the tutor
 * accounts (active tutors of the region, each once).  0, or -1 on a
 * database error.
 */
static int
assign_read(struct request *r, struct db *db, const struct programme_period *pe,
    struct form *f, struct periods_assign_form *af)
{
	struct municipality_set ms;
	struct accounts ac;
	size_t i, n = kv_count(&r->form, "account");
	bool bad_account = false;

	memset(&ms, 0, sizeof(ms));
	memset(&ac, 0, sizeof(ac));
	af->tutor = form_value(f, "tutor");
	af->municipality = form_value(f, "municipality");
	af->accounts = arena_calloc(&r->arena, n ? n : 1, sizeof(*af->accounts));
	af->naccounts = 0;
	for (i = 0; i < r->form.n; i++) {
		int64_t id;

		if (strcmp(r->form.items[i].name, "account") != 0)
			continue;
		if (id_parse(r->form.items[i].value, &id) != 0) {
			bad_account = true;
			continue;
		}
		if (!periods_form_has_account(af, id))
			af->accounts[af->naccounts++] = id;
	}
	if (network_set_add_region(db, &r->arena, r->lang,
	    &ms, pe->region_id) != 0 ||
	    accounts_load(db, &r->arena, &ac) != 0)
		return -1;
	if (network_set_find(&ms, af->tutor, pe->region_id) == NULL)
		form_error(f, "tutor",
		    N_("Choose the tutor municipality from the list."));
	if (network_set_find(&ms, af->municipality, pe->region_id) == NULL)
		form_error(f, "municipality",
		    N_("Choose the supported municipality from the list."));
	else if (strcmp(af->tutor, af->municipality) == 0)
		form_error(f, "municipality",
		    N_("A municipality cannot tutor itself. Choose two different municipalities."));
	for (i = 0; i < af->naccounts && !bad_account; i++) {
		const struct account_entry *x = accounts_find(&ac, af->accounts[i]);

		if (x == NULL || !tutor_of_region(x, pe->region_id))
			bad_account = true;
	}
	if (bad_account || af->naccounts > PERIODS_TUTORS_MAX)
		form_error(f, "accounts", N_("Choose the tutors from the list."));
	return 0;
}

/* "049 → 611 (accounts 12, 13)": codes and ids only, for the audit log. */
static const char *
assign_detail(struct request *r, const struct periods_assign_form *af)
{
	struct buf detail;
	const char *text;
	size_t i;

	buf_init(&detail);
	buf_puts(&detail, arena_printf(&r->arena, "%s → %s", af->tutor,
	    af->municipality));
	for (i = 0; i < af->naccounts; i++)
		buf_puts(&detail, arena_printf(&r->arena, "%s%lld",
		    i == 0 ? " (accounts " : ", ", (long long)af->accounts[i]));
	if (af->naccounts > 0)
		buf_puts(&detail, ")");
	text = arena_strdup(&r->arena, buf_cstr(&detail));
	buf_cleanup(&detail);
	return text;
}

void
periods_assignment_add(struct request *r)
{
	const struct programme_period *pe = request_object(r);
	struct periods_page_view pv;
	struct form f;
	struct db *db;
	int64_t id;
	int found = DB_MISSING;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	form_begin(&f, r);
	if (response_begin_tx(r, db) != 0)
		return;
	if (assign_read(r, db, pe, &f, &pv.a) != 0 || (form_ok(&f) &&
	    (found = assignment_store_find(db, pe->id, pv.a.tutor,
	    pv.a.municipality, &id)) < 0)) {
		response_rollback(r, db);
		return;
	}
	if (found == 0)
		form_error(&f, "municipality",
		    N_("This tutor municipality already supports this municipality in the period."));
	if (!form_ok(&f)) {
		db_rollback(db);
		pv.errors = form_errors(&f);
		if (page_render(r, db, found == 0 ? 409 : 400, pe, &pv) != 0)
			response_unavailable(r);
		return;
	}
	if (assignment_store_insert(db, pe, &pv.a, &id) != 0 ||
	    audit_commit(r, db, "assignment.add", "period", pe->id,
	    assign_detail(r, &pv.a), time_now()) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "%s?done=assigned#assignments", url_for(&r->arena, r->lang,
	    "programme.period", url_id(&r->arena, pe->id), NULL)));
}

/*
 * Removes the assignment named by its tutor and municipality (the pair is
 * unique in a period).  The participants and the workspace stay: the
 * workspace may hold sessions and actions that are part of the history.
 */
void
periods_assignment_remove(struct request *r)
{
	const struct programme_period *pe = request_object(r);
	struct db *db;
	const char *tutor, *muni;
	int64_t id;
	int rc;

	if ((db = response_db(r)) == NULL)
		return;
	if (response_begin_tx(r, db) != 0)
		return;
	tutor = form_field(r, "tutor");
	muni = form_field(r, "municipality");
	if ((rc = assignment_store_find(db, pe->id, tutor, muni, &id)) != 0) {
		db_rollback(db);
		if (rc < 0)
			response_unavailable(r);
		else
			response_error(r, 404, NOT_FOUND);
		return;
	}
	if (assignment_store_delete(db, id) != 0 ||
	    audit_commit(r, db, "assignment.remove", "period", pe->id,
	    arena_printf(&r->arena, "%s → %s", tutor, muni), time_now()) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "%s?done=removed#assignments", url_for(&r->arena, r->lang,
	    "programme.period", url_id(&r->arena, pe->id), NULL)));
}

/*
 * Removing a pairing is asked on its own page (#12 item 6): the tutors
 * lose the municipality's workspace of this period.  ?tutor= and
 * ?municipality= name the pairing, as the form of the POST does.
 */
void
periods_assignment_remove_confirm(struct request *r)
{
	const struct programme_period *pe = request_object(r);
	const struct municipality *tm, *mm;
	struct municipality_set ms;
	struct confirm c;
	struct db *db;
	struct view v;
	struct page p;
	const char *tutor, *muni, *title;
	int64_t id;
	int rc;

	if ((db = response_db(r)) == NULL)
		return;
	tutor = kv_get(&r->query, "tutor");
	muni = kv_get(&r->query, "municipality");
	if (tutor == NULL || muni == NULL) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	memset(&ms, 0, sizeof(ms));
	if ((rc = assignment_store_find(db, pe->id, tutor, muni, &id)) < 0 ||
	    network_set_add_region(db, &r->arena, r->lang, &ms,
	    pe->region_id) != 0) {
		response_unavailable(r);
		return;
	}
	tm = network_set_find(&ms, tutor, pe->region_id);
	mm = network_set_find(&ms, muni, pe->region_id);
	if (rc != 0 || tm == NULL || mm == NULL) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	title = i18n_text(r->lang, "Remove the pairing");
	confirm_init(&c, r, csrf_token(r));
	c.subject = arena_printf(&r->arena, "%s → %s", tm->name, mm->name);
	c.detail = period_title(r, pe);
	c.consequence = i18n_text(r->lang, "The tutors of the tutor municipality no longer work on this municipality's workspace of the period. The workspace and what has been written in it are kept.");
	c.note = i18n_text(r->lang, "You can pair them again later.");
	c.button = i18n_text(r->lang, "Yes, remove the pairing");
	c.back_href = arena_printf(&r->arena, "%s#assignments", url_for(
	    &r->arena, r->lang, "programme.period", url_id(&r->arena, pe->id),
	    NULL));
	c.back_label = i18n_text(r->lang, "No, keep the pairing");
	confirm_hidden(&c, "tutor", tm->code);
	confirm_hidden(&c, "municipality", mm->code);
	page_init(&p, &v, r, title);
	page_crumb(&p, i18n_text(r->lang, "Your pages"),
	    url_for(&r->arena, r->lang, "staff.home", NULL));
	page_crumb(&p, i18n_text(r->lang, "Programme periods"),
	    url_for(&r->arena, r->lang, "programme.periods", NULL));
	page_crumb(&p, period_title(r, pe), c.back_href);
	page_crumb(&p, title, NULL);
	page_confirm(r, &v, &p, 200, &c);
}

/* --- who tutored whom, across periods --- */

void
periods_history(struct request *r)
{
	struct periods_history_view hv;
	struct periods_assignment *as;
	struct municipality_set ms;
	struct accounts ac;
	struct db *db;
	struct view v;
	struct page p;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&hv, 0, sizeof(hv));
	memset(&ms, 0, sizeof(ms));
	memset(&ac, 0, sizeof(ac));
	if (load_assignments(r, db, 0, &ms, &ac, &as, &hv.nassignments) != 0) {
		response_unavailable(r);
		return;
	}
	hv.assignments = as;
	begin_page(r, 200, i18n_text(r->lang, "Who tutored whom"), &v, &p, true);
	page_crumb(&p, p.title, NULL);
	page_periods_history(&v, &p, &hv);
}

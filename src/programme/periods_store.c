/*
 * periods_store.c - periods, tutor assignments and participants (see
 * periods_store.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/collate.h"
#include "db/rows.h"
#include "programme/periods_store.h"
#include "programme/programme.h"
#include "view/markdown.h"

/* Every column of a period (its region's code and name come from the
 * network: period_finish()). */
#define PERIOD_COLS "SELECT p.id, p.region_id, p.year, p.format, " \
	"p.starts_on, p.ends_on, p.summary_fi, p.summary_sv, p.summary_en, " \
	"p.goals_fi, p.goals_sv, p.goals_en, (SELECT count(*) FROM " \
	"tutor_assignment ta WHERE ta.period_id = p.id)"
#define PERIOD_FROM " FROM programme_period p "
#define PERIOD_SELECT PERIOD_COLS PERIOD_FROM

/* The stored format, parsed once: an unknown one reads as "other". */
static enum period_format
col_format(struct db_stmt *st, int col)
{
	enum period_format f;

	return period_format_parse(db_col_text(st, col), &f) == 0 ? f :
	    PERIOD_OTHER;
}

static int
period_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct programme_period *p = out;
	int i;

	db_cols(st, NULL, 0, DB_COLS(db_as_int(&p->id),
	    db_as_int(&p->region_id), db_as_int(&p->year)));
	p->format = col_format(st, 3);
	p->starts_on = db_col_dup(st, a, 4);
	p->ends_on = db_col_dup(st, a, 5);
	for (i = 0; i < LANG_COUNT; i++) {
		p->summary[i] = db_col_dup(st, a, 6 + i);
		p->goals[i] = db_col_dup(st, a, 9 + i);
	}
	p->nassignments = db_col_int64(st, 12);
	return 0;
}

int
period_store_regions(struct db *db, struct arena *a, enum lang l,
    struct programme_period *p, size_t n)
{
	struct region_info ri;
	size_t i, j;
	int rc;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i && p[j].region_id != p[i].region_id; j++)
			;
		if (j < i) {
			p[i].region = p[j].region;
			p[i].region_code = p[j].region_code;
			continue;
		}
		memset(&ri, 0, sizeof(ri));
		if ((rc = network_region_by_id(db, a, l, p[i].region_id,
		    &ri)) < 0)
			return -1;
		p[i].region = rc == 0 ? ri.name : "";
		p[i].region_code = rc == 0 ? ri.code : "";
	}
	return 0;
}

/* The texts in the page's language, with the language each was found in,
 * the goals rendered and the regions named.  0 or -1. */
static int
period_finish(struct db *db, struct arena *a, enum lang l,
    struct programme_period *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].summary_shown = i18n_pick(l, p[i].summary[0],
		    p[i].summary[1], p[i].summary[2], &p[i].summary_lang);
		p[i].goals_html = markdown_html(a, i18n_pick(l, p[i].goals[0],
		    p[i].goals[1], p[i].goals[2], &p[i].goals_lang));
	}
	return period_store_regions(db, a, l, p, n);
}

int
period_store_list(struct db *db, struct arena *a, enum lang l,
    int64_t region_filter, struct programme_period **out, size_t *n)
{
	*out = db_rows(db, a, PERIOD_SELECT "WHERE (?1 = 0 OR p.region_id = ?1) "
	    "ORDER BY p.year DESC, p.id", DB_ARGS(db_int(region_filter)),
	    period_row, sizeof(**out), n);
	if (*out == NULL)
		return -1;
	return period_finish(db, a, l, *out, *n);
}

int
period_store_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct programme_period *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_row(db, a, PERIOD_SELECT "WHERE p.id = ?1", DB_ARGS(db_int(id)),
	    period_row, out);
	if (rc != 0)
		return rc;
	return period_finish(db, a, l, out, 1);
}

int
period_store_year_taken(struct db *db, int64_t region, int64_t year,
    int64_t except)
{
	int64_t one;
	int rc;

	rc = db_int64(db, "SELECT 1 FROM programme_period WHERE region_id = ?1 "
	    "AND year = ?2 AND id <> ?3", DB_ARGS(db_int(region), db_int(year),
	    db_int(except)), &one);
	return rc == 0 ? 1 : rc == DB_MISSING ? 0 : -1;
}

int
period_store_insert(struct db *db, int64_t region, int64_t year,
    enum period_format format, const struct periods_form *f, int64_t *id)
{
	return db_insert(db, "INSERT INTO programme_period (region_id, year, "
	    "format, starts_on, ends_on, summary_fi, summary_sv, summary_en, "
	    "goals_fi, goals_sv, goals_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11) RETURNING id", DB_ARGS(db_int(region),
	    db_int(year), db_text(period_format_name(format)),
	    db_text(f->starts_on),
	    db_text(f->ends_on), db_text(f->summary[0]), db_text(f->summary[1]),
	    db_text(f->summary[2]), db_text(f->goals[0]), db_text(f->goals[1]),
	    db_text(f->goals[2])), id) == 0 ? 0 : -1;
}

int
period_store_update(struct db *db, int64_t id, int64_t year,
    enum period_format format, const struct periods_form *f)
{
	if (db_run(db, "UPDATE programme_period SET year = ?2, format = ?3, "
	    "starts_on = ?4, ends_on = ?5, summary_fi = ?6, summary_sv = ?7, "
	    "summary_en = ?8, goals_fi = ?9, goals_sv = ?10, goals_en = ?11 "
	    "WHERE id = ?1", DB_ARGS(db_int(id), db_int(year),
	    db_text(period_format_name(format)), db_text(f->starts_on),
	    db_text(f->ends_on),
	    db_text(f->summary[0]), db_text(f->summary[1]),
	    db_text(f->summary[2]), db_text(f->goals[0]), db_text(f->goals[1]),
	    db_text(f->goals[2])), NULL) != 0)
		return -1;
	return db_run(db, "UPDATE period_municipality SET role = ?2 WHERE "
	    "period_id = ?1 AND role <> 'tutor' AND role <> ?2",
	    DB_ARGS(db_int(id),
	    db_text(period_role_name(period_supported_role(format)))),
	    NULL) == 0 ? 0 : -1;
}

static int
assignment_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct raw_assignment *x = out;

	db_cols(st, NULL, 0, DB_COLS(db_as_int(&x->a.id),
	    db_as_int(&x->a.period_id), db_as_int(&x->a.year)));
	x->a.format = col_format(st, 3);
	db_cols(st, a, 4, DB_COLS(db_as_int(&x->a.region_id),
	    db_as_str(&x->tutor_code), db_as_str(&x->municipality_code)));
	return 0;
}

struct assignment_account {
	int64_t assignment_id;
	int64_t account_id;
};

static int
assignment_account_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct assignment_account *x = out;

	(void)a;
	x->assignment_id = db_col_int64(st, 0);
	x->account_id = db_col_int64(st, 1);
	return 0;
}

/* Two statements, merged in one pass: the accounts come in assignment id
 * order like the assignments. */
int
assignment_store_list(struct db *db, struct arena *a, int64_t period,
    int64_t region_filter, struct raw_assignment **out, size_t *n)
{
	struct assignment_account *acc;
	size_t nacc, i = 0, j, tcap = 0;

	*out = db_rows(db, a, "SELECT ta.id, ta.period_id, p.year, p.format, "
	    "p.region_id, ta.tutor_code, ta.municipality_code FROM "
	    "tutor_assignment ta JOIN programme_period p ON p.id = ta.period_id "
	    "WHERE (ta.period_id = ?1 OR ?1 IS NULL) AND (?2 = 0 OR "
	    "p.region_id = ?2) ORDER BY ta.id", DB_ARGS(db_id_or_null(period),
	    db_int(region_filter)), assignment_row, sizeof(**out), n);
	if (*out == NULL)
		return -1;
	acc = db_rows(db, a, "SELECT taa.assignment_id, taa.account_id FROM "
	    "tutor_assignment_account taa JOIN tutor_assignment ta ON ta.id = "
	    "taa.assignment_id WHERE (ta.period_id = ?1 OR ?1 IS NULL) "
	    "ORDER BY taa.assignment_id, taa.account_id",
	    DB_ARGS(db_id_or_null(period)), assignment_account_row,
	    sizeof(*acc), &nacc);
	if (acc == NULL)
		return -1;
	for (j = 0; j < nacc; j++) {
		struct periods_assignment *x;

		while (i < *n && (*out)[i].a.id < acc[j].assignment_id) {
			i++;
			tcap = 0;
		}
		if (i == *n || (*out)[i].a.id != acc[j].assignment_id)
			continue;
		x = &(*out)[i].a;
		x->tutors = arena_grow(a, x->tutors, x->ntutors, &tcap,
		    sizeof(*x->tutors));
		memset(&x->tutors[x->ntutors], 0, sizeof(*x->tutors));
		x->tutors[x->ntutors++].id = acc[j].account_id;
	}
	return 0;
}

static int
participant_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct raw_participant *x = out;

	x->code = db_col_dup(st, a, 0);
	if (period_role_parse(db_col_text(st, 1), &x->role) != 0)
		x->role = PERIOD_ROLE_PARTICIPANT;
	return 0;
}

int
participant_store_list(struct db *db, struct arena *a, int64_t period,
    struct raw_participant **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT municipality_code, role FROM "
	    "period_municipality WHERE period_id = ?1", DB_ARGS(db_int(period)),
	    participant_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
assignment_store_find(struct db *db, int64_t period, const char *tutor,
    const char *municipality, int64_t *id)
{
	return db_int64(db, "SELECT id FROM tutor_assignment WHERE "
	    "period_id = ?1 AND tutor_code = ?2 AND municipality_code = ?3",
	    DB_ARGS(db_int(period), db_text(tutor), db_text(municipality)), id);
}

int
assignment_store_insert(struct db *db, const struct programme_period *p,
    const struct periods_assign_form *f, int64_t *id)
{
	size_t i;

	if (db_insert(db, "INSERT INTO tutor_assignment (period_id, "
	    "tutor_code, municipality_code) VALUES (?1, ?2, ?3) RETURNING id",
	    DB_ARGS(db_int(p->id), db_text(f->tutor), db_text(f->municipality)),
	    id) != 0)
		return -1;
	for (i = 0; i < f->naccounts; i++)
		if (db_run(db, "INSERT INTO tutor_assignment_account "
		    "(assignment_id, account_id) VALUES (?1, ?2)",
		    DB_ARGS(db_int(*id), db_int(f->accounts[i])), NULL) != 0)
			return -1;
	if (db_run(db, "INSERT INTO period_municipality (period_id, "
	    "municipality_code, role) VALUES (?1, ?2, 'tutor') ON CONFLICT "
	    "(period_id, municipality_code) DO UPDATE SET role = 'tutor'",
	    DB_ARGS(db_int(p->id), db_text(f->tutor)), NULL) != 0 ||
	    db_run(db, "INSERT INTO period_municipality (period_id, "
	    "municipality_code, role) VALUES (?1, ?2, ?3) ON CONFLICT "
	    "(period_id, municipality_code) DO UPDATE SET role = excluded.role "
	    "WHERE period_municipality.role <> 'tutor'", DB_ARGS(db_int(p->id),
	    db_text(f->municipality),
	    db_text(period_role_name(period_supported_role(p->format)))),
	    NULL) != 0 ||
	    db_run(db, "INSERT INTO workspace (period_id, municipality_code) "
	    "VALUES (?1, ?2) ON CONFLICT DO NOTHING", DB_ARGS(db_int(p->id),
	    db_text(f->municipality)), NULL) != 0)
		return -1;
	return 0;
}

int
assignment_store_delete(struct db *db, int64_t id)
{
	return db_run(db, "DELETE FROM tutor_assignment WHERE id = ?1",
	    DB_ARGS(db_int(id)), NULL) == 0 ? 0 : -1;
}

/* --- the published reads (programme.h) --- */

/* A period's municipality, until its name is looked up: the period and
 * the code, with the role, or whether it is the tutor side. */
struct period_muni {
	int64_t period_id;
	const char *code;
	enum period_role role;
	bool as_tutor;
};

static int
period_muni_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct period_muni *x = out;

	x->period_id = db_col_int64(st, 0);
	x->code = db_col_dup(st, a, 1);
	if (period_role_parse(db_col_text(st, 2), &x->role) != 0)
		x->role = PERIOD_ROLE_PARTICIPANT;
	x->as_tutor = db_col_int64(st, 3) != 0;
	return 0;
}

static int
muni_cmp(const void *x, const void *y)
{
	return collate_fi(((const struct municipality *)x)->name,
	    ((const struct municipality *)y)->name);
}

/* Municipality `code` by name from the network: one of ms (a region's,
 * already read) or read on its own.  0 or -1. */
static int
muni_named(struct db *db, struct arena *a, enum lang l,
    const struct municipality *ms, size_t n, const char *code,
    struct municipality *out)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if (strcmp(ms[i].code, code) == 0) {
			*out = ms[i];
			return 0;
		}
	if ((rc = network_municipality(db, a, l, code, out)) < 0)
		return -1;
	if (rc == DB_MISSING) {
		memset(out, 0, sizeof(*out));
		out->code = out->name = code;
		out->language_status = MUNI_FI;
	}
	return 0;
}

/* Hangs each municipality of v on its period: the tutor side in tutors,
 * the other in sparred, sorted by name.  0 or -1. */
static int
period_hang(struct db *db, struct arena *a, enum lang l,
    const struct municipality *ms, size_t nms, struct programme_period *p,
    size_t n, const struct period_muni *v, size_t nv)
{
	size_t i, j, *cap = arena_calloc(a, 2 * (n ? n : 1), sizeof(*cap));

	for (j = 0; j < nv; j++) {
		struct municipality m, **list;
		size_t *count;

		for (i = 0; i < n && p[i].id != v[j].period_id; i++)
			;
		if (i == n)
			continue;
		if (muni_named(db, a, l, ms, nms, v[j].code, &m) != 0)
			return -1;
		list = v[j].as_tutor ? &p[i].tutors : &p[i].sparred;
		count = v[j].as_tutor ? &p[i].ntutors : &p[i].nsparred;
		*list = arena_grow(a, *list, *count, &cap[2 * i + v[j].as_tutor],
		    sizeof(m));
		(*list)[(*count)++] = m;
	}
	for (i = 0; i < n; i++) {
		/* qsort() with a NULL base is undefined even for zero items. */
		if (p[i].ntutors > 1)
			qsort(p[i].tutors, p[i].ntutors, sizeof(*p[i].tutors),
			    muni_cmp);
		if (p[i].nsparred > 1)
			qsort(p[i].sparred, p[i].nsparred, sizeof(*p[i].sparred),
			    muni_cmp);
	}
	return 0;
}

/* Periods come first; then one query reads every period's municipalities,
 * so the front page costs two statements however many periods there are. */
int
programme_region_periods(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, struct programme_period **out, size_t *n)
{
	struct municipality *ms;
	struct period_muni *v;
	size_t nms, nv;

	*out = db_rows(db, a, PERIOD_SELECT "WHERE p.region_id = ?1 ORDER BY "
	    "p.year DESC LIMIT 64", DB_ARGS(db_int(region_id)), period_row,
	    sizeof(**out), n);
	if (*out == NULL || period_finish(db, a, l, *out, *n) != 0)
		return -1;
	v = db_rows(db, a, "SELECT pm.period_id, pm.municipality_code, "
	    "pm.role, pm.role = 'tutor' FROM period_municipality pm JOIN "
	    "programme_period p ON p.id = pm.period_id WHERE p.region_id = ?1",
	    DB_ARGS(db_int(region_id)), period_muni_row, sizeof(*v), &nv);
	if (v == NULL || network_municipalities(db, a, l, region_id, &ms,
	    &nms) != 0)
		return -1;
	return period_hang(db, a, l, ms, nms, *out, *n, v, nv);
}

/* A period of the municipality with its role there. */
static int
period_role_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct programme_period *p = out;

	if (period_row(st, a, out) != 0)
		return -1;
	if (period_role_parse(db_col_text(st, 13), &p->role) != 0)
		p->role = PERIOD_ROLE_PARTICIPANT;
	return 0;
}

/* The periods first; then the tutor assignments the municipality is part
 * of, each naming the other municipality, on the tutor side when the
 * other one tutored it. */
int
programme_municipality_periods(struct db *db, struct arena *a, enum lang l,
    const char *code, struct programme_period **out, size_t *n)
{
	struct period_muni *v;
	size_t nv;

	*out = db_rows(db, a, PERIOD_COLS ", pm.role" PERIOD_FROM "JOIN "
	    "period_municipality pm ON pm.period_id = p.id WHERE "
	    "pm.municipality_code = ?1 ORDER BY p.year DESC",
	    DB_ARGS(db_text(code)), period_role_row, sizeof(**out), n);
	if (*out == NULL || period_finish(db, a, l, *out, *n) != 0)
		return -1;
	if (*n == 0)
		return 0;
	v = db_rows(db, a, "SELECT period_id, CASE WHEN tutor_code = ?1 THEN "
	    "municipality_code ELSE tutor_code END, 'participant', "
	    "tutor_code <> ?1 FROM tutor_assignment WHERE tutor_code = ?1 OR "
	    "municipality_code = ?1", DB_ARGS(db_text(code)), period_muni_row,
	    sizeof(*v), &nv);
	if (v == NULL)
		return -1;
	return period_hang(db, a, l, NULL, 0, *out, *n, v, nv);
}

const char **
programme_assigned_municipalities(struct db *db, struct arena *a,
    int64_t account_id, size_t *n)
{
	return db_strs(db, a, "SELECT DISTINCT ta.municipality_code FROM "
	    "tutor_assignment_account taa JOIN tutor_assignment ta ON ta.id = "
	    "taa.assignment_id WHERE taa.account_id = ?1",
	    DB_ARGS(db_int(account_id)), n);
}

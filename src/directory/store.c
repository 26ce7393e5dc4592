/*
 * store.c - service points in the database (see directory.h).  All of the
 * directory's SQL is here.
 *
 * The one place where the backends differ is the text search: SQLite has
 * an FTS5 table (service_point_search, rowid = point id, one column of
 * terms) and PostgreSQL a table of the same name with the terms and their
 * tsvector.  Both hold the terms analyse.c makes, and both are asked with
 * the same query, written for each in its own syntax from the same
 * analysed words: every word must match one of its terms (its base forms,
 * stems and as written), the last word also as a prefix.  The text
 * index's reading and writing (search_match(), write_terms(),
 * reindex_open(), directory_store_index_missing(),
 * directory_store_optimize()) and the ranking
 * (directory_store_search(): bm25 or ts_rank) are the only places that
 * know which backend runs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/collate.h"
#include "base/log.h"
#include "db/rows.h"
#include "directory/analyse.h"
#include "directory/directory.h"
#include "directory/holidays.h"
#include "directory/search_index.h"

static bool
on_pg(struct db *db)
{
	return strcmp(db_backend_name(db), "postgresql") == 0;
}

/* True in the thread that builds the search index (search_index.c): the
 * hours and the lists come from the statements there. */
static __thread bool loading_index;

/* --- one point --- */

#define POINT_COLS "p.id, p.region_id, p.municipality_code, p.status, " \
	"p.organisation, p.name_fi, p.name_sv, p.name_en, p.description_fi, " \
	"p.description_sv, p.description_en, p.summary_fi, p.summary_sv, " \
	"p.summary_en, p.costs_fi, p.costs_sv, p.costs_en, p.booking_fi, " \
	"p.booking_sv, p.booking_en, p.street, p.postcode, p.post_office, " \
	"p.lat IS NOT NULL, coalesce(p.lat, 0), coalesce(p.lon, 0), p.phone, " \
	"p.email, p.web, p.free_of_charge, p.closed_on_holidays, " \
	"p.acc_step_free, p.acc_lift, p.acc_toilet, p.acc_parking, " \
	"p.acc_loop, p.acc_quiet, p.acc_large_text, p.acc_guide_dog, " \
	"p.created_at, p.updated_at, a.name_fi, a.name_sv, a.region_code, " \
	"p.access_notes_fi, p.access_notes_sv, p.access_notes_en, " \
	"p.access_notes_ptv"

struct point_row {
	struct service_point *p;
	enum lang l;
};

static void
lang_cols(struct db_stmt *st, struct arena *a, int col, const char **out)
{
	int l;

	for (l = 0; l < LANG_COUNT; l++)
		out[l] = db_col_dup(st, a, col + l);
}

/* Fills p from a row of POINT_COLS; the municipality's name in l. */
static void
point_fill(struct db_stmt *st, struct arena *a, struct service_point *p,
    enum lang l)
{
	int f;

	p->id = db_col_int64(st, 0);
	p->region_id = db_col_int64(st, 1);
	p->municipality = db_col_dup(st, a, 2);
	if (dir_status_parse(db_col_text(st, 3), &p->status) != 0)
		p->status = DIR_CLOSED;
	p->organisation = db_col_dup(st, a, 4);
	lang_cols(st, a, 5, p->name);
	lang_cols(st, a, 8, p->description);
	lang_cols(st, a, 11, p->summary);
	lang_cols(st, a, 14, p->costs);
	lang_cols(st, a, 17, p->booking);
	p->street = db_col_dup(st, a, 20);
	p->postcode = db_col_dup(st, a, 21);
	p->post_office = db_col_dup(st, a, 22);
	p->has_point = db_col_int64(st, 23) != 0;
	p->lat = db_col_double(st, 24);
	p->lon = db_col_double(st, 25);
	p->phone = db_col_dup(st, a, 26);
	p->email = db_col_dup(st, a, 27);
	p->web = db_col_dup(st, a, 28);
	p->free_of_charge = db_col_int64(st, 29) != 0;
	p->hours.closed_on_holidays = db_col_int64(st, 30) != 0;
	for (f = 0; f < FACT_COUNT; f++)
		p->facts[f] = db_col_int64(st, 31 + f) != 0;
	p->created_at = db_col_int64(st, 39);
	p->updated_at = db_col_int64(st, 40);
	p->municipality_name = db_col_dup(st, a, l == LANG_SV &&
	    db_col_text(st, 42)[0] != '\0' ? 42 : 41);
	p->region_code = db_col_dup(st, a, 43);
	lang_cols(st, a, 44, p->access_notes);
	p->access_notes_ptv = db_col_int64(st, 47) != 0;
}

static int
point_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct point_row *pr = out;

	point_fill(st, a, pr->p, pr->l);
	return 0;
}

/*
 * The hours' rows of up to HOURS_CHUNK points at a time, each row with its
 * point, ordered by point: a page of search results reads them in four
 * statements instead of three for every hit.  A fixed number of
 * parameters (the rest 0, which no point has) keeps each one statement in
 * the cache.
 */
#define HOURS_CHUNK	20
#define HOURS_IN	"point_id IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " \
	"?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"

struct interval_row {
	int64_t point;
	int64_t period;			/* 0: the regular week */
	struct hours_interval iv;
};

static int
interval_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct interval_row *r = out;

	(void)a;
	r->point = db_col_int64(st, 0);
	r->period = db_col_int64(st, 1);
	r->iv.weekday = (uint8_t)db_col_int64(st, 2);
	r->iv.start = (uint16_t)db_col_int64(st, 3);
	r->iv.end = (uint16_t)db_col_int64(st, 4);
	r->iv.state = (enum hours_state)db_col_int64(st, 5);
	return 0;
}

struct period_row {
	int64_t point;
	int64_t id;
	int32_t from, to;
	struct dir_period_info info;
};

static int
period_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct period_row *r = out;

	r->point = db_col_int64(st, 0);
	r->id = db_col_int64(st, 1);
	r->from = (int32_t)db_col_int64(st, 2);
	r->to = (int32_t)db_col_int64(st, 3);
	lang_cols(st, a, 4, r->info.name);
	return 0;
}

struct exception_row {
	int64_t point;
	int32_t day;
	struct hours_interval iv;
	struct dir_exception_info info;
};

static int
exception_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct exception_row *r = out;

	r->point = db_col_int64(st, 0);
	r->day = (int32_t)db_col_int64(st, 1);
	r->iv.start = (uint16_t)db_col_int64(st, 2);
	r->iv.end = (uint16_t)db_col_int64(st, 3);
	r->iv.state = (enum hours_state)db_col_int64(st, 4);
	lang_cols(st, a, 5, r->info.note);
	return 0;
}

/* The rows of one chunk of points. */
struct hours_rows {
	struct interval_row *iv;
	struct period_row *pr;
	struct exception_row *ex;
	size_t niv, npr, nex;
};

static int
hours_rows_load(struct db *db, struct arena *a, const int64_t *ids, size_t n,
    struct hours_rows *r)
{
	struct db_arg args[HOURS_CHUNK];
	size_t i;

	for (i = 0; i < HOURS_CHUNK; i++)
		args[i] = db_int(i < n ? ids[i] : 0);
	r->iv = db_rows(db, a, "SELECT point_id, coalesce(period_id, 0), "
	    "weekday, start_min, end_min, state FROM service_point_hours WHERE "
	    HOURS_IN " ORDER BY point_id, coalesce(period_id, 0), weekday, "
	    "start_min", args, HOURS_CHUNK, interval_row, sizeof(*r->iv),
	    &r->niv);
	r->pr = db_rows(db, a, "SELECT point_id, id, from_day, to_day, "
	    "name_fi, name_sv, name_en FROM service_point_period WHERE "
	    HOURS_IN " ORDER BY point_id, from_day, id", args, HOURS_CHUNK,
	    period_row, sizeof(*r->pr), &r->npr);
	r->ex = db_rows(db, a, "SELECT point_id, day, start_min, end_min, "
	    "state, note_fi, note_sv, note_en FROM service_point_exception "
	    "WHERE " HOURS_IN " ORDER BY point_id, day, start_min", args,
	    HOURS_CHUNK, exception_row, sizeof(*r->ex), &r->nex);
	return r->iv == NULL || r->pr == NULL || r->ex == NULL ? -1 : 0;
}

/*
 * The hours of point p as hours.h keeps them, from its rows among r: the
 * regular week, each period with its week, each exception day with its
 * intervals (a row of state 0 closes the day).  A point has a few dozen
 * rows at most.
 */
static void
hours_assemble(struct arena *a, const struct hours_rows *r,
    struct service_point *p)
{
	const struct interval_row *iv = r->iv;
	const struct period_row *pr = r->pr;
	const struct exception_row *ex = r->ex;
	struct hours_interval *week;
	struct hours_period *periods;
	struct dir_period_info *pinfo;
	struct hours_exception *exc;
	struct dir_exception_info *einfo;
	struct hours_interval *eiv;
	size_t niv, npr, nex, i, k, nweek = 0, nexc = 0;

	/* Each point's rows are a run in each list (ordered by point). */
	for (i = 0; i < r->niv && r->iv[i].point != p->id; i++)
		;
	for (iv = r->iv + i, niv = 0; i + niv < r->niv &&
	    iv[niv].point == p->id; niv++)
		;
	for (i = 0; i < r->npr && r->pr[i].point != p->id; i++)
		;
	for (pr = r->pr + i, npr = 0; i + npr < r->npr &&
	    pr[npr].point == p->id; npr++)
		;
	for (i = 0; i < r->nex && r->ex[i].point != p->id; i++)
		;
	for (ex = r->ex + i, nex = 0; i + nex < r->nex &&
	    ex[nex].point == p->id; nex++)
		;
	week = arena_calloc(a, niv + 1, sizeof(*week));
	for (i = 0; i < niv; i++)
		if (iv[i].period == 0)
			week[nweek++] = iv[i].iv;
	p->hours.regular.iv = week;
	p->hours.regular.n = nweek;
	periods = arena_calloc(a, npr + 1, sizeof(*periods));
	pinfo = arena_calloc(a, npr + 1, sizeof(*pinfo));
	for (k = 0; k < npr; k++) {
		struct hours_interval *piv = arena_calloc(a, niv + 1,
		    sizeof(*piv));
		size_t n = 0;

		for (i = 0; i < niv; i++)
			if (iv[i].period == pr[k].id)
				piv[n++] = iv[i].iv;
		periods[k].from_day = pr[k].from;
		periods[k].to_day = pr[k].to;
		periods[k].week.iv = piv;
		periods[k].week.n = n;
		pinfo[k] = pr[k].info;
	}
	p->hours.periods = periods;
	p->hours.nperiods = npr;
	p->period_info = pinfo;
	exc = arena_calloc(a, nex + 1, sizeof(*exc));
	einfo = arena_calloc(a, nex + 1, sizeof(*einfo));
	eiv = arena_calloc(a, nex + 1, sizeof(*eiv));
	for (i = 0; i < nex; i++) {
		if (nexc == 0 || exc[nexc - 1].day != ex[i].day) {
			exc[nexc].day = ex[i].day;
			exc[nexc].iv = &eiv[i];
			exc[nexc].n = 0;
			einfo[nexc] = ex[i].info;
			nexc++;
		}
		if (ex[i].iv.state != HOURS_CLOSED) {
			eiv[i] = ex[i].iv;
			/* Rows of one day are consecutive: the day's
			 * intervals are a run of eiv from its first row. */
			exc[nexc - 1].n = (size_t)(&eiv[i] - exc[nexc - 1].iv) + 1;
		}
	}
	p->hours.exceptions = exc;
	p->hours.nexceptions = nexc;
	p->exception_info = einfo;
}

void
dir_hours_copy(struct arena *a, const struct service_point *src,
    struct service_point *dst)
{
	const struct hours *h = &src->hours;
	struct hours_interval *iv;
	struct hours_period *pr;
	struct hours_exception *ex;
	struct dir_period_info *pi;
	struct dir_exception_info *ei;
	size_t i;
	int l;

	dst->id = src->id;
	dst->hours = *h;
	iv = arena_calloc(a, h->regular.n + 1, sizeof(*iv));
	memcpy(iv, h->regular.iv, h->regular.n * sizeof(*iv));
	dst->hours.regular.iv = iv;
	pr = arena_calloc(a, h->nperiods + 1, sizeof(*pr));
	pi = arena_calloc(a, h->nperiods + 1, sizeof(*pi));
	for (i = 0; i < h->nperiods; i++) {
		pr[i] = h->periods[i];
		iv = arena_calloc(a, pr[i].week.n + 1, sizeof(*iv));
		memcpy(iv, h->periods[i].week.iv, pr[i].week.n * sizeof(*iv));
		pr[i].week.iv = iv;
		for (l = 0; l < LANG_COUNT; l++)
			pi[i].name[l] = src->period_info[i].name[l] != NULL ?
			    arena_strdup(a, src->period_info[i].name[l]) : NULL;
	}
	dst->hours.periods = pr;
	dst->period_info = pi;
	ex = arena_calloc(a, h->nexceptions + 1, sizeof(*ex));
	ei = arena_calloc(a, h->nexceptions + 1, sizeof(*ei));
	for (i = 0; i < h->nexceptions; i++) {
		ex[i] = h->exceptions[i];
		iv = arena_calloc(a, ex[i].n + 1, sizeof(*iv));
		memcpy(iv, h->exceptions[i].iv, ex[i].n * sizeof(*iv));
		ex[i].iv = iv;
		for (l = 0; l < LANG_COUNT; l++)
			ei[i].note[l] = src->exception_info[i].note[l] != NULL ?
			    arena_strdup(a, src->exception_info[i].note[l]) :
			    NULL;
	}
	dst->hours.exceptions = ex;
	dst->exception_info = ei;
}

static int
load_hours(struct db *db, struct arena *a, struct service_point *p)
{
	struct hours_rows r;

	if (hours_rows_load(db, a, &p->id, 1, &r) != 0)
		return -1;
	hours_assemble(a, &r, p);
	return 0;
}

static int
holiday_rule_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct service_point *p = out;

	(void)a;
	p->id = db_col_int64(st, 0);
	p->hours.closed_on_holidays = db_col_int64(st, 1) != 0;
	return 0;
}

int
directory_store_hours(struct db *db, struct arena *a, const int64_t *ids,
    size_t n, struct service_point *out)
{
	struct service_point *rules;
	struct hours_rows r;
	struct db_arg args[HOURS_CHUNK];
	size_t i, j, k, nrules;

	if (!loading_index && dix_hours(db, a, ids, n, out) == 1)
		return 0;

	for (i = 0; i < n; i += k) {
		k = n - i < HOURS_CHUNK ? n - i : HOURS_CHUNK;
		for (j = 0; j < HOURS_CHUNK; j++)
			args[j] = db_int(j < k ? ids[i + j] : 0);
		if (hours_rows_load(db, a, ids + i, k, &r) != 0 ||
		    (rules = db_rows(db, a, "SELECT id, closed_on_holidays "
		    "FROM service_point WHERE id IN (?1, ?2, ?3, ?4, ?5, ?6, "
		    "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
		    "?19, ?20)", args, HOURS_CHUNK, holiday_rule_row,
		    sizeof(*rules), &nrules)) == NULL)
			return -1;
		for (j = 0; j < k; j++) {
			struct service_point *p = &out[i + j];
			size_t m;

			memset(p, 0, sizeof(*p));
			p->id = ids[i + j];
			for (m = 0; m < nrules; m++)
				if (rules[m].id == p->id)
					p->hours.closed_on_holidays =
					    rules[m].hours.closed_on_holidays;
			hours_assemble(a, &r, p);
		}
	}
	return 0;
}

int
directory_store_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct service_point *out)
{
	struct point_row pr = { out, l };
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_row(db, a, "SELECT " POINT_COLS " FROM service_point p JOIN "
	    "directory_area a ON a.code = p.municipality_code WHERE p.id = ?1",
	    DB_ARGS(db_int(id)), point_row, &pr);
	if (rc != 0)
		return rc;
	out->topics = db_strs(db, a, "SELECT t.topic FROM service_point_topic "
	    "t JOIN directory_topic d ON d.key = t.topic WHERE t.point_id = ?1 "
	    "ORDER BY d.position", DB_ARGS(db_int(id)), &out->ntopics);
	out->forms = db_strs(db, a, "SELECT f.form FROM service_point_form f "
	    "JOIN directory_form d ON d.key = f.form WHERE f.point_id = ?1 "
	    "ORDER BY d.position", DB_ARGS(db_int(id)), &out->nforms);
	out->langs = db_strs(db, a, "SELECT lang FROM service_point_language "
	    "WHERE point_id = ?1 ORDER BY CASE lang WHEN 'fi' THEN 0 WHEN 'sv' "
	    "THEN 1 WHEN 'en' THEN 2 ELSE 3 END, lang", DB_ARGS(db_int(id)),
	    &out->nlangs);
	if (out->topics == NULL || out->forms == NULL || out->langs == NULL)
		return -1;
	return load_hours(db, a, out);
}

/* --- saving --- */

/* The name shown in language l: its own, else fi -> sv -> en. */
static const char *
shown_name(const struct service_point *p, enum lang l)
{
	enum lang shown;

	return i18n_pick(l, p->name[LANG_FI], p->name[LANG_SV],
	    p->name[LANG_EN], &shown);
}

static int
label_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct dir_choice *c = out;

	c->key = db_col_dup(st, a, 0);
	c->label = db_col_dup(st, a, 1);
	return 0;
}

/* Adds the terms of text in language l, space-separated, to terms. */
static void
add_terms(struct analyser *an, enum lang l, const char *text,
    struct buf *terms)
{
	if (text == NULL || text[0] == '\0')
		return;
	if (terms->len > 0)
		buf_putc(terms, ' ');
	analyse_terms(an, l, text, terms);
}

/*
 * A filter's value as a term of the text index: the prefix ("xtopic")
 * and the value's letters and digits in lower case ("device-basics" ->
 * "xtopicdevicebasics"), after a space when `space` and terms has some.  The same
 * spelling is asked for in a search (search_filters()) and written by
 * migration 0027 for the points indexed before it.
 */
void
dir_filter_term(struct buf *terms, const char *prefix, const char *value,
    bool space)
{
	const char *c;

	if (value == NULL || value[0] == '\0')
		return;
	if (space && terms->len > 0)
		buf_putc(terms, ' ');
	buf_puts(terms, prefix);
	for (c = value; *c != '\0'; c++)
		if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))
			buf_putc(terms, *c);
		else if (*c >= 'A' && *c <= 'Z')
			buf_putc(terms, (char)(*c - 'A' + 'a'));
}

/*
 * The point's terms: every text in its own language's analyser, and the
 * names of its municipality, topics and forms in all three (a resident
 * may search "pankki" or "bank" on any page).  Repeats across fields are
 * harmless: FTS5 and tsvector count them, no more.
 */
static int
point_terms(struct db *db, struct arena *a, const struct service_point *p,
    struct buf *terms)
{
	struct analyser *an = analyser_thread();
	struct dir_choice *c;
	const char *area;
	size_t n, i;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		add_terms(an, (enum lang)l, p->name[l], terms);
		add_terms(an, (enum lang)l, p->summary[l], terms);
		add_terms(an, (enum lang)l, p->description[l], terms);
	}
	add_terms(an, LANG_FI, p->organisation, terms);
	add_terms(an, LANG_FI, p->street, terms);
	add_terms(an, LANG_FI, p->post_office, terms);
	add_terms(an, LANG_FI, p->postcode, terms);
	for (l = 0; l < LANG_COUNT; l++) {
		static const char *const area_sql[] = {
			"SELECT name_fi FROM directory_area WHERE code = ?1",
			"SELECT name_sv FROM directory_area WHERE code = ?1",
		};

		if (l < 2) {
			if (db_str(db, a, area_sql[l],
			    DB_ARGS(db_text(p->municipality)), &area) < 0)
				return -1;
			add_terms(an, (enum lang)l, area, terms);
		}
		for (i = 0; i < p->ntopics; i++) {
			if ((c = db_rows(db, a, l == 0 ? "SELECT key, label_fi "
			    "FROM directory_topic WHERE key = ?1" : l == 1 ?
			    "SELECT key, label_sv FROM directory_topic WHERE "
			    "key = ?1" : "SELECT key, label_en FROM "
			    "directory_topic WHERE key = ?1",
			    DB_ARGS(db_text(p->topics[i])), label_row,
			    sizeof(*c), &n)) == NULL)
				return -1;
			if (n == 1)
				add_terms(an, (enum lang)l, c->label, terms);
		}
		for (i = 0; i < p->nforms; i++) {
			if ((c = db_rows(db, a, l == 0 ? "SELECT key, label_fi "
			    "FROM directory_form WHERE key = ?1" : l == 1 ?
			    "SELECT key, label_sv FROM directory_form WHERE "
			    "key = ?1" : "SELECT key, label_en FROM "
			    "directory_form WHERE key = ?1",
			    DB_ARGS(db_text(p->forms[i])), label_row,
			    sizeof(*c), &n)) == NULL)
				return -1;
			if (n == 1)
				add_terms(an, (enum lang)l, c->label, terms);
		}
	}
	/* The search's equality filters as terms of their own, so that the
	 * text index intersects them with the words (dir_filter_term()). */
	dir_filter_term(terms, "xmuni", p->municipality, true);
	for (i = 0; i < p->ntopics; i++)
		dir_filter_term(terms, "xtopic", p->topics[i], true);
	for (i = 0; i < p->nforms; i++)
		dir_filter_term(terms, "xform", p->forms[i], true);
	for (i = 0; i < p->nlangs; i++)
		dir_filter_term(terms, "xlang", p->langs[i], true);
	return 0;
}

/*
 * When the point is open (state open) within its materialised window
 * (service_point_open), as terms of the text index: "xopen" and the
 * number of a three-hour block since the epoch (t / OPEN_BLOCK), one for
 * every block an open interval touches.  A search for open now or open
 * at asks for its moment's block too (search_match()), so the text index
 * keeps only the points open at some time in those three hours and
 * the statement's exact test reads those alone.  Three hours, not one:
 * fewer terms per point (about 3 a day), which bm25 counts in a row's
 * length, for a set barely larger.  Written from the rows of
 * service_point_open, so terms and rows agree; migration 0030 spells
 * them the same for the points materialised before it.  The terms are
 * appended to terms, each after a space.
 */
#define OPEN_TERM	DIR_OPEN_TERM
#define OPEN_BLOCK	DIR_OPEN_BLOCK

struct open_row {
	int64_t starts_at, ends_at;
};

static int
open_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct open_row *r = out;

	(void)a;
	r->starts_at = db_col_int64(st, 0);
	r->ends_at = db_col_int64(st, 1);
	return 0;
}

static int
open_terms(struct db *db, struct arena *a, int64_t id, struct buf *terms)
{
	struct open_row *r;
	int64_t h, last = -1;
	size_t n, i;

	if ((r = db_rows(db, a, "SELECT starts_at, ends_at FROM "
	    "service_point_open WHERE point_id = ?1 AND state = 1 ORDER BY "
	    "starts_at", DB_ARGS(db_int(id)), open_row, sizeof(*r),
	    &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		for (h = r[i].starts_at / OPEN_BLOCK; h <= (r[i].ends_at - 1) /
		    OPEN_BLOCK; h++) {
			if (h <= last)
				continue;
			buf_printf(terms, " " OPEN_TERM "%lld", (long long)h);
			last = h;
		}
	return 0;
}

/* Whether the term of length len is an open hour's (open_terms()). */
static bool
is_open_term(const char *t, size_t len)
{
	size_t k = sizeof(OPEN_TERM) - 1;

	if (len <= k || strncmp(t, OPEN_TERM, k) != 0)
		return false;
	for (; k < len; k++)
		if (t[k] < '0' || t[k] > '9')
			return false;
	return true;
}

/* Writes terms as the point's row of the backend's index.  0 or -1. */
static int
write_terms(struct db *db, int64_t id, const char *terms)
{
	int rc;

	if (on_pg(db))
		rc = db_run(db, "INSERT INTO service_point_search (point_id, "
		    "terms, tsv) VALUES (?1, ?2, to_tsvector('simple', ?2)) ON "
		    "CONFLICT (point_id) DO UPDATE SET terms = excluded.terms, "
		    "tsv = excluded.tsv", DB_ARGS(db_int(id), db_text(terms)),
		    NULL);
	else if ((rc = db_run(db, "DELETE FROM service_point_search WHERE "
	    "rowid = ?1", DB_ARGS(db_int(id)), NULL)) == 0)
		rc = db_run(db, "INSERT INTO service_point_search (rowid, terms) "
		    "VALUES (?1, ?2)", DB_ARGS(db_int(id), db_text(terms)), NULL);
	return rc == 0 ? 0 : -1;
}

/* Writes the point's terms, its open hours' with them, into the backend's
 * index.  0 or -1. */
static int
index_point(struct db *db, struct arena *a, const struct service_point *p)
{
	struct buf terms;
	int rc = -1;

	buf_init(&terms);
	if (point_terms(db, a, p, &terms) == 0 &&
	    open_terms(db, a, p->id, &terms) == 0)
		rc = write_terms(db, p->id, buf_cstr(&terms));
	buf_cleanup(&terms);
	return rc;
}

/*
 * Replaces the open hours' terms of the point's row in the index with
 * those of its rows of service_point_open now (after materialise()),
 * keeping its other terms.  A point not indexed yet (after copy-db) is
 * left to directory_store_index_missing().  0 or -1.
 */
static int
reindex_open(struct db *db, struct arena *a, int64_t id)
{
	const char *old, *t, *e;
	struct buf terms;
	int rc;

	rc = db_str(db, a, on_pg(db) ? "SELECT terms FROM service_point_search "
	    "WHERE point_id = ?1" : "SELECT terms FROM service_point_search "
	    "WHERE rowid = ?1", DB_ARGS(db_int(id)), &old);
	if (rc == DB_MISSING)
		return 0;
	if (rc != 0)
		return -1;
	buf_init(&terms);
	for (t = old; *t != '\0'; t = e) {
		while (*t == ' ')
			t++;
		for (e = t; *e != '\0' && *e != ' '; e++)
			;
		if (e == t || is_open_term(t, (size_t)(e - t)))
			continue;
		if (terms.len > 0)
			buf_putc(&terms, ' ');
		buf_append(&terms, t, (size_t)(e - t));
	}
	/* The same terms are not written again: a day's move leaves most
	 * points' open hours' terms as they were. */
	if ((rc = open_terms(db, a, id, &terms)) == 0 &&
	    strcmp(buf_cstr(&terms), old) != 0)
		rc = write_terms(db, id, buf_cstr(&terms));
	rc = rc == 0 ? 0 : -1;
	buf_cleanup(&terms);
	return rc;
}

/*
 * Moves the directory's stamp on (0033) and sets it on the n points ids
 * as their index_stamp (0036): every write of the points' own data (a
 * save, the indexing of a point not indexed) calls it in its transaction,
 * so that the in-memory index knows whether it still has the directory as
 * it is, and which points to read again when not (search_index.c).  The
 * day's refresh, which only moves the open hours derived from the hours
 * on, moves the open day instead (directory_store_refresh()).
 */
static int
bump_stamp(struct db *db, const int64_t *ids, size_t n)
{
	size_t i;

	if (db_run(db, "UPDATE directory_count SET stamp = stamp + 1 WHERE "
	    "id = 1", DB_NOARGS, NULL) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (db_run(db, "UPDATE service_point SET index_stamp = (SELECT "
		    "stamp FROM directory_count WHERE id = 1) WHERE id = ?1",
		    DB_ARGS(db_int(ids[i])), NULL) != 0)
			return -1;
	return 0;
}

static int
stamp_row(struct db_stmt *st, struct arena *a, void *out)
{
	int64_t *v = out;

	(void)a;
	v[0] = db_col_int64(st, 0);
	v[1] = db_col_int64(st, 1);
	return 0;
}

int
directory_store_stamp(struct db *db, int64_t *stamp, int64_t *day)
{
	int64_t v[2];

	/* One statement on every search: a row by its key and one end of
	 * the index service_point_open_from. */
	if (db_row(db, NULL, "SELECT stamp, (SELECT COALESCE(MIN("
	    "open_from_day), 0) FROM service_point) FROM directory_count WHERE "
	    "id = 1", DB_NOARGS, stamp_row, v) != 0)
		return -1;
	*stamp = v[0];
	*day = v[1];
	return 0;
}

/* Today in Helsinki, as a day number. */
static int32_t
today(int64_t now)
{
	int32_t day;
	int minute;

	hours_local(now, &day, &minute);
	return day;
}

/*
 * Replaces the point's rows of service_point_open with its intervals from
 * yesterday (an interval over midnight may still be running) to
 * DIR_OPEN_DAYS ahead, and records the window's first day.
 */
static int
materialise(struct db *db, const struct service_point *p, int64_t now)
{
	struct dir_open iv[(DIR_OPEN_DAYS + 2) * HOURS_DAY_MAX];
	int32_t from = today(now) - 1;
	size_t n, i;

	n = dir_open_intervals(&p->hours, from, DIR_OPEN_DAYS + 2, iv,
	    sizeof(iv) / sizeof(iv[0]));
	if (db_run(db, "DELETE FROM service_point_open WHERE point_id = ?1",
	    DB_ARGS(db_int(p->id)), NULL) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (db_run(db, "INSERT INTO service_point_open (point_id, "
		    "starts_at, ends_at, state) VALUES (?1, ?2, ?3, ?4)",
		    DB_ARGS(db_int(p->id), db_int(iv[i].starts_at),
		    db_int(iv[i].ends_at), db_int(iv[i].state)), NULL) != 0)
			return -1;
	return db_run(db, "UPDATE service_point SET open_from_day = ?2 WHERE "
	    "id = ?1", DB_ARGS(db_int(p->id), db_int(from)), NULL) == 0 ?
	    0 : -1;
}

static int
save_week(struct db *db, int64_t point, int64_t period,
    const struct hours_week *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (db_run(db, "INSERT INTO service_point_hours (point_id, "
		    "period_id, weekday, start_min, end_min, state) VALUES "
		    "(?1, ?2, ?3, ?4, ?5, ?6)", DB_ARGS(db_int(point),
		    db_id_or_null(period), db_int(w->iv[i].weekday),
		    db_int(w->iv[i].start), db_int(w->iv[i].end),
		    db_int(w->iv[i].state)), NULL) != 0)
			return -1;
	return 0;
}

/* Replaces the point's hours: the regular week, periods, exceptions. */
static int
save_hours(struct db *db, const struct service_point *p)
{
	const struct hours *h = &p->hours;
	static const char *const empty[LANG_COUNT] = { "", "", "" };
	const char *const *names, *const *notes;
	int64_t period;
	size_t i, k;

	if (db_run(db, "DELETE FROM service_point_hours WHERE point_id = ?1",
	    DB_ARGS(db_int(p->id)), NULL) != 0 ||
	    db_run(db, "DELETE FROM service_point_period WHERE point_id = ?1",
	    DB_ARGS(db_int(p->id)), NULL) != 0 ||
	    db_run(db, "DELETE FROM service_point_exception WHERE point_id = "
	    "?1", DB_ARGS(db_int(p->id)), NULL) != 0)
		return -1;
	if (save_week(db, p->id, 0, &h->regular) != 0)
		return -1;
	for (i = 0; i < h->nperiods; i++) {
		names = p->period_info ? p->period_info[i].name : empty;
		if (db_insert(db, "INSERT INTO service_point_period (point_id, "
		    "from_day, to_day, name_fi, name_sv, name_en) VALUES (?1, "
		    "?2, ?3, ?4, ?5, ?6) RETURNING id", DB_ARGS(db_int(p->id),
		    db_int(h->periods[i].from_day), db_int(h->periods[i].to_day),
		    db_text(names[0]), db_text(names[1]), db_text(names[2])),
		    &period) != 0 ||
		    save_week(db, p->id, period, &h->periods[i].week) != 0)
			return -1;
	}
	for (i = 0; i < h->nexceptions; i++) {
		const struct hours_exception *e = &h->exceptions[i];

		notes = p->exception_info ? p->exception_info[i].note : empty;
		if (e->n == 0 && db_run(db, "INSERT INTO "
		    "service_point_exception (point_id, day, start_min, end_min, "
		    "state, note_fi, note_sv, note_en) VALUES (?1, ?2, 0, 0, 0, "
		    "?3, ?4, ?5)", DB_ARGS(db_int(p->id), db_int(e->day),
		    db_text(notes[0]), db_text(notes[1]), db_text(notes[2])),
		    NULL) != 0)
			return -1;
		for (k = 0; k < e->n; k++)
			if (db_run(db, "INSERT INTO service_point_exception "
			    "(point_id, day, start_min, end_min, state, note_fi, "
			    "note_sv, note_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			    "?7, ?8)", DB_ARGS(db_int(p->id), db_int(e->day),
			    db_int(e->iv[k].start), db_int(e->iv[k].end),
			    db_int(e->iv[k].state), db_text(notes[0]),
			    db_text(notes[1]), db_text(notes[2])), NULL) != 0)
				return -1;
	}
	return 0;
}

static int
save_list(struct db *db, int64_t id, const char *del, const char *ins,
    const char *const *v, size_t n)
{
	size_t i;

	if (db_run(db, del, DB_ARGS(db_int(id)), NULL) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (db_run(db, ins, DB_ARGS(db_int(id), db_text(v[i])),
		    NULL) != 0)
			return -1;
	return 0;
}

/* The notes of language l: "" for a point built without them. */
static const char *
notes(const struct service_point *p, int l)
{
	return p->access_notes[l] != NULL ? p->access_notes[l] : "";
}

int64_t
directory_store_save(struct db *db, struct arena *a,
    const struct service_point *in, int64_t now)
{
	struct service_point p = *in;
	int64_t id = in->id, delta;
	const char *was = "closed";
	int rc;

#define SP_VALUES \
	db_int(p.region_id), db_text(p.municipality), \
	db_text(dir_status_name(p.status)), db_text(p.organisation), \
	db_text(p.name[0]), db_text(p.name[1]), db_text(p.name[2]), \
	db_text(p.description[0]), db_text(p.description[1]), \
	db_text(p.description[2]), db_text(p.summary[0]), \
	db_text(p.summary[1]), db_text(p.summary[2]), db_text(p.costs[0]), \
	db_text(p.costs[1]), db_text(p.costs[2]), db_text(p.booking[0]), \
	db_text(p.booking[1]), db_text(p.booking[2]), db_text(p.street), \
	db_text(p.postcode), db_text(p.post_office), \
	p.has_point ? db_real(p.lat) : db_null(), \
	p.has_point ? db_real(p.lon) : db_null(), db_text(p.phone), \
	db_text(p.email), db_text(p.web), db_int(p.free_of_charge), \
	db_int(p.hours.closed_on_holidays), db_int(p.facts[0]), \
	db_int(p.facts[1]), db_int(p.facts[2]), db_int(p.facts[3]), \
	db_int(p.facts[4]), db_int(p.facts[5]), db_int(p.facts[6]), \
	db_int(p.facts[7]), db_text(dir_sort_key(a, shown_name(&p, LANG_FI))), \
	db_text(dir_sort_key(a, shown_name(&p, LANG_SV))), \
	db_text(dir_sort_key(a, shown_name(&p, LANG_EN))), db_int(now), \
	db_text(notes(&p, 0)), db_text(notes(&p, 1)), db_text(notes(&p, 2)), \
	db_int(p.access_notes_ptv)

	/* The published count (directory_count) follows the point's move
	 * into or out of the published statuses. */
	if (id != 0 && db_str(db, a, "SELECT status FROM service_point WHERE "
	    "id = ?1", DB_ARGS(db_int(id)), &was) != 0)
		return -1;
	delta = (p.status != DIR_CLOSED) - (strcmp(was, "closed") != 0);
	if (delta != 0 && db_run(db, "UPDATE directory_count SET published = "
	    "published + ?1 WHERE id = 1", DB_ARGS(db_int(delta)), NULL) != 0)
		return -1;
	if (id == 0)
		rc = db_insert(db, "INSERT INTO service_point (region_id, "
		    "municipality_code, status, organisation, name_fi, name_sv, "
		    "name_en, description_fi, description_sv, description_en, "
		    "summary_fi, summary_sv, summary_en, costs_fi, costs_sv, "
		    "costs_en, booking_fi, booking_sv, booking_en, street, "
		    "postcode, post_office, lat, lon, phone, email, web, "
		    "free_of_charge, closed_on_holidays, acc_step_free, acc_lift, "
		    "acc_toilet, acc_parking, acc_loop, acc_quiet, acc_large_text, "
		    "acc_guide_dog, sort_fi, sort_sv, sort_en, created_at, "
		    "updated_at, access_notes_fi, access_notes_sv, "
		    "access_notes_en, access_notes_ptv) VALUES (?1, ?2, ?3, ?4, "
		    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
		    "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, "
		    "?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, "
		    "?41, ?42, ?43, ?44, ?45) RETURNING id",
		    DB_ARGS(SP_VALUES), &id);
	else
		rc = db_run(db, "UPDATE service_point SET region_id = ?1, "
		    "municipality_code = ?2, status = ?3, organisation = ?4, "
		    "name_fi = ?5, name_sv = ?6, name_en = ?7, description_fi = "
		    "?8, description_sv = ?9, description_en = ?10, summary_fi = "
		    "?11, summary_sv = ?12, summary_en = ?13, costs_fi = ?14, "
		    "costs_sv = ?15, costs_en = ?16, booking_fi = ?17, booking_sv "
		    "= ?18, booking_en = ?19, street = ?20, postcode = ?21, "
		    "post_office = ?22, lat = ?23, lon = ?24, phone = ?25, email "
		    "= ?26, web = ?27, free_of_charge = ?28, closed_on_holidays = "
		    "?29, acc_step_free = ?30, acc_lift = ?31, acc_toilet = ?32, "
		    "acc_parking = ?33, acc_loop = ?34, acc_quiet = ?35, "
		    "acc_large_text = ?36, acc_guide_dog = ?37, sort_fi = ?38, "
		    "sort_sv = ?39, sort_en = ?40, updated_at = ?41, "
		    "access_notes_fi = ?42, access_notes_sv = ?43, "
		    "access_notes_en = ?44, access_notes_ptv = ?45 WHERE id = ?46",
		    DB_ARGS(SP_VALUES, db_int(id)), NULL);
#undef SP_VALUES
	if (rc != 0)
		return -1;
	p.id = id;
	if (save_list(db, id, "DELETE FROM service_point_topic WHERE point_id "
	    "= ?1", "INSERT INTO service_point_topic (point_id, topic) VALUES "
	    "(?1, ?2)", p.topics, p.ntopics) != 0 ||
	    save_list(db, id, "DELETE FROM service_point_form WHERE point_id "
	    "= ?1", "INSERT INTO service_point_form (point_id, form) VALUES "
	    "(?1, ?2)", p.forms, p.nforms) != 0 ||
	    save_list(db, id, "DELETE FROM service_point_language WHERE "
	    "point_id = ?1", "INSERT INTO service_point_language (point_id, "
	    "lang) VALUES (?1, ?2)", p.langs, p.nlangs) != 0 ||
	    save_hours(db, &p) != 0 || materialise(db, &p, now) != 0 ||
	    index_point(db, a, &p) != 0 || bump_stamp(db, &id, 1) != 0)
		return -1;
	return id;
}

/* --- the search --- */

#define FILTER_MUNI	DIR_FILTER_MUNI
#define FILTER_TOPIC	DIR_FILTER_TOPIC
#define FILTER_FORM	DIR_FILTER_FORM
#define FILTER_LANG	DIR_FILTER_LANG
#define FILTERS		DIR_FILTERS

const char *
dir_filter_value(const struct dir_query *q, int i)
{
	const char *v = i == FILTER_MUNI ? q->municipality : i == FILTER_TOPIC ?
	    q->topic : i == FILTER_FORM ? q->form : q->language;

	return v != NULL && v[0] != '\0' ? v : NULL;
}

const char *
dir_filter_prefix(int i)
{
	static const char *const prefix[FILTERS] = { "xmuni", "xtopic",
	    "xform", "xlang" };

	return prefix[i];
}

/*
 * Whether filter i of q is asked of the text index as a term.  Not
 * Finnish: nearly every point serves it, and its term would make the
 * index walk a list as long as the directory to keep almost every match;
 * the statement tests it instead (text_where()).
 */
bool
dir_filter_in_index(const struct dir_query *q, int i)
{
	const char *v = dir_filter_value(q, i);

	return v != NULL && !(i == FILTER_LANG && strcmp(v, "fi") == 0);
}

/*
 * The text part of a search in the backend's syntax (analyse_match()),
 * with the equality filters given (municipality, topic, form, language)
 * as terms the point must have too: the text index then intersects the
 * words with the filters' terms, and the rows the rest of the statement
 * reads (and ranks) are only those that pass them, not every point the
 * words match.  The terms are written with the lists in the same
 * transaction (point_terms()), so the statement does not test these
 * filters again (text_where()).
 */
static const char *
search_match(struct db *db, struct arena *a, const struct dir_query *q)
{
	const char *m = analyse_match(analyser_thread(), a, q->lang, q->text,
	    on_pg(db));
	struct buf b;
	int i;

	if (m == NULL)
		return NULL;
	buf_init(&b);
	buf_puts(&b, m);
	for (i = 0; i < FILTERS; i++) {
		if (!dir_filter_in_index(q, i))
			continue;
		buf_puts(&b, on_pg(db) ? " & '" : " AND \"");
		dir_filter_term(&b, dir_filter_prefix(i), dir_filter_value(q, i),
		    false);
		buf_putc(&b, on_pg(db) ? '\'' : '"');
	}
	/* Open now or at: the points open in its three hours
	 * (open_terms()). */
	if (q->open_at > 0)
		buf_printf(&b, on_pg(db) ? " & '" OPEN_TERM "%lld'" :
		    " AND \"" OPEN_TERM "%lld\"",
		    (long long)(q->open_at / OPEN_BLOCK));
	m = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return m;
}

/*
 * No interval of service_point_open is longer than this, in seconds: each
 * starts on its day and ends at most a day later (dir_open_intervals()),
 * an hour more across a change of daylight saving time.  So an interval
 * running at t started after t - OPEN_LONGEST, and the test for open at t
 * reads the few intervals that started in that time along the index
 * service_point_open_state (0030), not every interval still to come.
 */
#define OPEN_LONGEST	"90000"

/*
 * The filters, the same for the count and the page.  ?1 the match (when
 * there is text), then ?2 municipality, ?3 topic, ?4 form, ?5 language,
 * ?6..?8 the facts asked (0 or 1 each fact group), ?9 the moment for
 * open at (0: any).  Each optional filter puts its typed use first.
 * Closed points are not listed.
 */
#define SEARCH_WHERE "WHERE p.status <> 'closed' " \
	"AND (p.municipality_code = ?2 OR ?2 IS NULL) " \
	"AND (EXISTS (SELECT 1 FROM service_point_topic t WHERE " \
	"t.point_id = p.id AND t.topic = ?3) OR ?3 IS NULL) " \
	"AND (EXISTS (SELECT 1 FROM service_point_form f WHERE " \
	"f.point_id = p.id AND f.form = ?4) OR ?4 IS NULL) " \
	"AND (EXISTS (SELECT 1 FROM service_point_language sl WHERE " \
	"sl.point_id = p.id AND sl.lang = ?5) OR ?5 IS NULL) " \
	"AND (?6 = 0 OR (p.acc_step_free = 1 AND p.acc_lift = 1)) " \
	"AND (?7 = 0 OR p.acc_toilet = 1) " \
	"AND (?8 = 0 OR p.acc_loop = 1) " \
	"AND (?10 = 0 OR (p.acc_large_text = 1 AND p.acc_guide_dog = 1)) " \
	"AND (?9 = 0 OR EXISTS (SELECT 1 FROM service_point_open o WHERE " \
	"o.point_id = p.id AND o.state = 1 AND o.starts_at <= ?9 AND " \
	"o.starts_at > ?9 - " OPEN_LONGEST " AND o.ends_at > ?9)) "

/*
 * The filters of a search with words: SEARCH_WHERE's, less the tests of
 * the filters the text index answered (dir_filter_in_index()) and of those
 * not given, which would each cost an index probe per match for nothing.
 * Every parameter stays named (PostgreSQL must know each one's type).
 */
static const char *
text_where(struct arena *a, const struct dir_query *q)
{
	return arena_printf(a, "WHERE p.status <> 'closed' "
	    "AND (p.municipality_code = ?2 OR ?2 IS NULL) AND %s AND %s "
	    "AND %s "
	    "AND (?6 = 0 OR (p.acc_step_free = 1 AND p.acc_lift = 1)) "
	    "AND (?7 = 0 OR p.acc_toilet = 1) "
	    "AND (?8 = 0 OR p.acc_loop = 1) "
	    "AND (?10 = 0 OR (p.acc_large_text = 1 AND p.acc_guide_dog = 1)) "
	    "AND %s ",
	    dir_filter_in_index(q, FILTER_TOPIC) ? "?3 IS NOT NULL" :
	    q->topic == NULL ? "?3 IS NULL" : "EXISTS (SELECT 1 FROM "
	    "service_point_topic t WHERE t.point_id = p.id AND t.topic = ?3)",
	    dir_filter_in_index(q, FILTER_FORM) ? "?4 IS NOT NULL" :
	    q->form == NULL ? "?4 IS NULL" : "EXISTS (SELECT 1 FROM "
	    "service_point_form f WHERE f.point_id = p.id AND f.form = ?4)",
	    dir_filter_in_index(q, FILTER_LANG) ? "?5 IS NOT NULL" :
	    q->language == NULL ? "?5 IS NULL" : "EXISTS (SELECT 1 FROM "
	    "service_point_language sl WHERE sl.point_id = p.id AND sl.lang = "
	    "?5)",
	    q->open_at == 0 ? "?9 = 0" : "EXISTS (SELECT 1 FROM "
	    "service_point_open o WHERE o.point_id = p.id AND o.state = 1 AND "
	    "o.starts_at <= ?9 AND o.starts_at > ?9 - " OPEN_LONGEST " AND "
	    "o.ends_at > ?9)");
}

/* The text match as a joined set of (pid, score), lower score better
 * (SQLite; PostgreSQL ranks after the LIMIT). */
#define MATCH_SQLITE "JOIN (SELECT rowid AS pid, bm25(service_point_search) " \
	"AS score FROM service_point_search WHERE service_point_search MATCH " \
	"?1) m ON m.pid = p.id "
/* The same set unranked: for the count, and for pages in name or
 * distance order, which need no score. */
#define MATCH_SQLITE_SET "JOIN (SELECT rowid AS pid FROM " \
	"service_point_search WHERE service_point_search MATCH ?1) m ON " \
	"m.pid = p.id "
#define MATCH_PG_SET "JOIN (SELECT point_id AS pid FROM " \
	"service_point_search WHERE tsv @@ to_tsquery('simple', ?1)) m ON " \
	"m.pid = p.id "

#define HIT_COLS "p.id, p.name_fi, p.name_sv, p.name_en, p.summary_fi, " \
	"p.summary_sv, p.summary_en, a.name_fi, a.name_sv, p.street, " \
	"p.postcode, p.post_office, p.status, p.lat IS NOT NULL, " \
	"coalesce(p.lat, 0), coalesce(p.lon, 0)"

/* The squared distance on a plane scaled by the cosine of the origin's
 * latitude: enough to order points by distance within Finland.  ?11 the
 * origin's latitude, ?12 its longitude, ?13 the cosine. */
#define DIST_EXPR "(p.lat - ?11) * (p.lat - ?11) + ((p.lon - ?12) * ?13) * " \
	"((p.lon - ?12) * ?13)"

/*
 * What the count starts from when there is no text (the text's match
 * drives it when there is): the filter given that usually leaves the
 * fewest points - a municipality, a topic, a form of support, a language,
 * open at - as a condition an index serves, else the open points by the
 * index on their status.  The condition repeats one of SEARCH_WHERE's, so
 * the result is the same; only the way in changes, and no count reads
 * the whole table.
 */
static const char *
count_driver(const struct dir_query *q)
{
	if (q->municipality != NULL)
		return "AND p.municipality_code = ?2 ";
	if (q->topic != NULL)
		return "AND p.id IN (SELECT point_id FROM service_point_topic "
		    "WHERE topic = ?3) ";
	if (q->form != NULL)
		return "AND p.id IN (SELECT point_id FROM service_point_form "
		    "WHERE form = ?4) ";
	if (q->language != NULL)
		return "AND p.id IN (SELECT point_id FROM "
		    "service_point_language WHERE lang = ?5) ";
	if (q->open_at != 0)
		return "AND p.id IN (SELECT point_id FROM service_point_open "
		    "WHERE starts_at <= ?9 AND starts_at > ?9 - " OPEN_LONGEST
		    " AND ends_at > ?9 AND state = 1) ";
	return "AND p.status IN ('active', 'temporarily_closed') ";
}

struct hit_ctx {
	enum lang l;
	const struct dir_query *q;
};

static int
hit_fill(struct db_stmt *st, struct arena *a, struct dir_hit *h, enum lang l)
{
	const char *v[3];
	int k;

	h->id = db_col_int64(st, 0);
	for (k = 0; k < 3; k++)
		v[k] = db_col_text(st, 1 + k);
	h->name = arena_strdup(a, i18n_pick(l, v[0], v[1], v[2],
	    &h->name_lang));
	for (k = 0; k < 3; k++)
		v[k] = db_col_text(st, 4 + k);
	h->summary = arena_strdup(a, i18n_pick(l, v[0], v[1], v[2],
	    &h->summary_lang));
	h->municipality_name = db_col_dup(st, a, l == LANG_SV &&
	    db_col_text(st, 8)[0] != '\0' ? 8 : 7);
	h->street = db_col_dup(st, a, 9);
	h->postcode = db_col_dup(st, a, 10);
	h->post_office = db_col_dup(st, a, 11);
	if (dir_status_parse(db_col_text(st, 12), &h->status) != 0)
		h->status = DIR_CLOSED;
	h->has_point = db_col_int64(st, 13) != 0;
	h->lat = db_col_double(st, 14);
	h->lon = db_col_double(st, 15);
	return 0;
}

static int
hit_row_fi(struct db_stmt *st, struct arena *a, void *out)
{
	return hit_fill(st, a, out, LANG_FI);
}

static int
hit_row_sv(struct db_stmt *st, struct arena *a, void *out)
{
	return hit_fill(st, a, out, LANG_SV);
}

static int
hit_row_en(struct db_stmt *st, struct arena *a, void *out)
{
	return hit_fill(st, a, out, LANG_EN);
}

static db_row_fn
hit_row_for(enum lang l)
{
	return l == LANG_SV ? hit_row_sv : l == LANG_EN ? hit_row_en :
	    hit_row_fi;
}

/* A row of the ranked statement: a hit and, after it, the count. */
static int
ranked_fill(struct db_stmt *st, struct arena *a, struct dir_hit *h,
    enum lang l)
{
	h->total = db_col_int64(st, 17);
	return hit_fill(st, a, h, l);
}

static int
ranked_row_fi(struct db_stmt *st, struct arena *a, void *out)
{
	return ranked_fill(st, a, out, LANG_FI);
}

static int
ranked_row_sv(struct db_stmt *st, struct arena *a, void *out)
{
	return ranked_fill(st, a, out, LANG_SV);
}

static int
ranked_row_en(struct db_stmt *st, struct arena *a, void *out)
{
	return ranked_fill(st, a, out, LANG_EN);
}

static db_row_fn
ranked_row_for(enum lang l)
{
	return l == LANG_SV ? ranked_row_sv : l == LANG_EN ? ranked_row_en :
	    ranked_row_fi;
}

int
directory_store_search(struct db *db, struct arena *a,
    const struct dir_query *q, struct dir_hit **out, size_t *n,
    int64_t *total)
{
	const char *match = NULL, *join = "", *set = "", *order, *sql, *sortcol;
	const char *where;
	bool ranked;
	double coslat = cos(q->lat * M_PI / 180.0);
	bool need[4] = { false, false, false, false };
	unsigned facts;
	size_t i;

	/* From memory when the index of this generation is built
	 * (search_index.c); the statements below are the reference. */
	switch (dix_search(db, a, q, out, n, total)) {
	case 1:
		return 0;
	case 0:
		break;
	default:
		return -1;
	}

	if (q->text != NULL && q->text[0] != '\0')
		match = search_match(db, a, q);
	if (q->text != NULL && q->text[0] != '\0' && match == NULL) {
		/* Only punctuation: nothing can match it. */
		*out = arena_calloc(a, 1, sizeof(**out));
		*n = 0;
		*total = 0;
		return 0;
	}
	/* Only an order by relevance ranks the matches: in name or distance
	 * order, and for the count, the set of matches is enough. */
	ranked = match != NULL && q->sort == DIR_SORT_RELEVANCE;
	where = match != NULL ? text_where(a, q) : SEARCH_WHERE;
	if (match != NULL) {
		set = on_pg(db) ? MATCH_PG_SET : MATCH_SQLITE_SET;
		join = ranked && !on_pg(db) ? MATCH_SQLITE : set;
	}
	if (q->need >= 0) {
		facts = dir_need_facts((enum dir_need)q->need);
		need[0] = facts & ((1u << FACT_STEP_FREE) | (1u << FACT_LIFT));
		need[1] = facts & (1u << FACT_TOILET);
		need[2] = facts & (1u << FACT_LOOP);
		need[3] = facts & ((1u << FACT_LARGE_TEXT) |
		    (1u << FACT_GUIDE_DOG));
	}
#define SEARCH_ARGS \
	match != NULL ? db_text(match) : db_null(), \
	q->municipality ? db_text(q->municipality) : db_null(), \
	q->topic ? db_text(q->topic) : db_null(), \
	q->form ? db_text(q->form) : db_null(), \
	q->language ? db_text(q->language) : db_null(), \
	db_int(need[0]), db_int(need[1]), db_int(need[2]), db_int(q->open_at), \
	db_int(need[3])

	/* ?1 is in the SQL only with text; without it SQLite would still
	 * bind it, PostgreSQL would not know its type: a text search always
	 * names it, the other statements get it as a harmless NULL test. */
	sortcol = q->lang == LANG_SV ? "p.sort_sv" : q->lang == LANG_EN ?
	    "p.sort_en" : "p.sort_fi";
	if (ranked) {
		/*
		 * One statement: the first DIR_COUNT_MAX + 1 matches that pass
		 * the filters, in the index's order, counted (the count stops
		 * there, as below) and ranked, and the page of them.  A broad
		 * search neither scores nor counts every match; past
		 * DIR_COUNT_MAX the page says to narrow it.  An empty page
		 * past the first leaves the count to the statement below.
		 */
		if (!on_pg(db)) {
			/* FTS5 gives bm25 for the rows it yields: the ones
			 * the LIMIT takes. */
			sql = arena_printf(a, "SELECT " HIT_COLS ", "
			    DIST_EXPR " AS dist, c.n FROM (SELECT cid, score, "
			    "count(*) OVER () AS n FROM (SELECT p.id AS cid, "
			    "m.score AS score FROM service_point p %s%sORDER BY "
			    "p.id LIMIT %d) x) c JOIN service_point p ON p.id = "
			    "c.cid JOIN directory_area a ON a.code = "
			    "p.municipality_code ORDER BY c.score, %s, p.id "
			    "LIMIT ?14 OFFSET ?15", join, where,
			    DIR_COUNT_MAX + 1, sortcol);
			*out = db_rows(db, a, sql, DB_ARGS(SEARCH_ARGS,
			    db_real(q->lat), db_real(q->lon), db_real(coslat),
			    db_int(q->limit), db_int(q->offset)),
			    ranked_row_for(q->lang), sizeof(**out), n);
		} else {
			/* ts_rank() of those rows only, after the LIMIT, and
			 * by the words alone (?16): the filters' and open
			 * hours' terms, in every match, say nothing of it. */
			sql = arena_printf(a, "SELECT " HIT_COLS ", "
			    DIST_EXPR " AS dist, c.n FROM (SELECT cid, "
			    "count(*) OVER () AS n FROM (SELECT p.id AS cid "
			    "FROM service_point p %s%sORDER BY p.id LIMIT %d) x) "
			    "c JOIN service_point p ON p.id = c.cid JOIN "
			    "directory_area a ON a.code = p.municipality_code "
			    "JOIN service_point_search s ON s.point_id = c.cid "
			    "ORDER BY ts_rank(s.tsv, to_tsquery('simple', ?16)) "
			    "DESC, %s, p.id LIMIT ?14 OFFSET ?15", set, where,
			    DIR_COUNT_MAX + 1, sortcol);
			*out = db_rows(db, a, sql, DB_ARGS(SEARCH_ARGS,
			    db_real(q->lat), db_real(q->lon), db_real(coslat),
			    db_int(q->limit), db_int(q->offset),
			    db_text(analyse_match(analyser_thread(), a,
			    q->lang, q->text, true))),
			    ranked_row_for(q->lang), sizeof(**out), n);
		}
		if (*out == NULL)
			return -1;
		*total = *n > 0 ? (*out)[0].total : 0;
		if (*n > 0 || q->offset == 0)
			goto km;
	}
	/* The count stops past DIR_COUNT_MAX: "over 1,000" is all a reader
	 * needs, and a broad search does not pay for every match. */
	sql = arena_printf(a, "SELECT count(*) FROM (SELECT 1 FROM "
	    "service_point p %s%s%sLIMIT %d) c", set, where,
	    match != NULL ? "" : arena_printf(a, "AND ?1 IS NULL %s",
	    count_driver(q)), DIR_COUNT_MAX + 1);
	if (db_int64(db, sql, DB_ARGS(SEARCH_ARGS), total) < 0)
		return -1;
	if (ranked)
		goto km;
	if (q->sort == DIR_SORT_DISTANCE && q->has_origin)
		order = arena_printf(a, "ORDER BY CASE WHEN p.lat IS NULL THEN "
		    "1 ELSE 0 END, dist, %s, p.id", sortcol);
	else
		order = arena_printf(a, "ORDER BY %s, p.id", sortcol);
	sql = arena_printf(a, "SELECT " HIT_COLS ", " DIST_EXPR " AS dist "
	    "FROM service_point p JOIN directory_area a ON a.code = "
	    "p.municipality_code %s%s%s%s LIMIT ?14 OFFSET ?15", join,
	    where, match != NULL ? "" : "AND ?1 IS NULL ", order);
	*out = db_rows(db, a, sql, DB_ARGS(SEARCH_ARGS, db_real(q->lat),
	    db_real(q->lon), db_real(coslat), db_int(q->limit),
	    db_int(q->offset)), hit_row_for(q->lang), sizeof(**out), n);
	if (*out == NULL)
		return -1;
 km:
#undef SEARCH_ARGS
	for (i = 0; i < *n; i++)
		if (q->has_origin && (*out)[i].has_point)
			(*out)[i].km = dir_km(q->lat, q->lon, (*out)[i].lat,
			    (*out)[i].lon);
	return 0;
}

/* --- the search index's rows (search_index.c) --- */

/* Points (and each table's rows by point) are read in batches along the
 * primary key or the point's index: no statement reads a whole table. */
#define LOAD_BATCH	2000

struct load_ctx {
	struct dix_builder *b;
	int64_t last;
	size_t n;
	enum dix_list list;
	struct service_point *pts;	/* id and closed_on_holidays */
	size_t npts, cap;
};

static int
load_point(struct db_stmt *st, void *ctx)
{
	struct load_ctx *c = ctx;
	struct arena *keep = dix_arena(c->b);
	struct service_point *p;
	struct dix_point_row r;
	int l, f;

	memset(&r, 0, sizeof(r));
	r.id = db_col_int64(st, 0);
	if (dir_status_parse(db_col_text(st, 1), &r.status) != 0)
		r.status = DIR_CLOSED;
	r.municipality = db_col_text(st, 2);
	for (f = 0; f < FACT_COUNT; f++)
		if (db_col_int64(st, 3 + f) != 0)
			r.facts |= 1u << f;
	for (l = 0; l < LANG_COUNT; l++)
		r.sort[l] = db_col_text(st, 3 + FACT_COUNT + l);
	r.has_point = db_col_int64(st, 14) != 0;
	r.lat = db_col_double(st, 15);
	r.lon = db_col_double(st, 16);
	c->last = r.id;
	c->n++;
	if (c->npts == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		if ((c->pts = realloc(c->pts, c->cap * sizeof(*c->pts))) == NULL)
			return -1;
	}
	p = &c->pts[c->npts];
	memset(p, 0, sizeof(*p));
	p->id = r.id;
	p->hours.closed_on_holidays = db_col_int64(st, 17) != 0;
	/* What a search's hit shows (HIT_COLS but the municipality's name,
	 * which the index has from the form's list), kept with the hours. */
	for (l = 0; l < LANG_COUNT; l++) {
		p->name[l] = db_col_dup(st, keep, 18 + l);
		p->summary[l] = db_col_dup(st, keep, 21 + l);
	}
	p->street = db_col_dup(st, keep, 24);
	p->postcode = db_col_dup(st, keep, 25);
	p->post_office = db_col_dup(st, keep, 26);
	c->npts++;
	return dix_add_point(c->b, &r);
}

static int
load_list(struct db_stmt *st, void *ctx)
{
	struct load_ctx *c = ctx;

	return dix_add_list(c->b, c->list, db_col_int64(st, 0),
	    db_col_text(st, 1));
}

static int
load_open(struct db_stmt *st, void *ctx)
{
	struct load_ctx *c = ctx;

	return dix_add_open(c->b, db_col_int64(st, 0), db_col_int64(st, 1),
	    db_col_int64(st, 2));
}

static int
load_terms(struct db_stmt *st, void *ctx)
{
	struct load_ctx *c = ctx;

	return dix_add_terms(c->b, db_col_int64(st, 0), db_col_text(st, 1),
	    db_col_len(st, 1));
}

/*
 * The hours of the points with ids in (from, to] (c->pts from *next on),
 * assembled as directory_store_hours() assembles them, into the index's
 * arena.  0 or -1.
 */
static int
load_batch_hours(struct db *db, struct dix_builder *b, struct load_ctx *c,
    int64_t from, int64_t to, size_t *next)
{
	struct arena tmp, *keep = dix_arena(b);
	struct service_point *p;
	struct hours_rows r;
	int rc = -1;

	arena_init(&tmp);
	r.iv = db_rows(db, &tmp, "SELECT point_id, coalesce(period_id, 0), "
	    "weekday, start_min, end_min, state FROM service_point_hours WHERE "
	    "point_id > ?1 AND point_id <= ?2 ORDER BY point_id, "
	    "coalesce(period_id, 0), weekday, start_min",
	    DB_ARGS(db_int(from), db_int(to)), interval_row, sizeof(*r.iv),
	    &r.niv);
	r.pr = db_rows(db, &tmp, "SELECT point_id, id, from_day, to_day, "
	    "name_fi, name_sv, name_en FROM service_point_period WHERE "
	    "point_id > ?1 AND point_id <= ?2 ORDER BY point_id, from_day, id",
	    DB_ARGS(db_int(from), db_int(to)), period_row, sizeof(*r.pr),
	    &r.npr);
	r.ex = db_rows(db, &tmp, "SELECT point_id, day, start_min, end_min, "
	    "state, note_fi, note_sv, note_en FROM service_point_exception "
	    "WHERE point_id > ?1 AND point_id <= ?2 ORDER BY point_id, day, "
	    "start_min", DB_ARGS(db_int(from), db_int(to)), exception_row,
	    sizeof(*r.ex), &r.nex);
	if (r.iv == NULL || r.pr == NULL || r.ex == NULL)
		goto out;
	for (; *next < c->npts && c->pts[*next].id <= to; (*next)++) {
		struct service_point one = c->pts[*next];

		hours_assemble(&tmp, &r, &one);
		p = arena_calloc(keep, 1, sizeof(*p));
		dir_hours_copy(keep, &one, p);
		/* The hit's fields, already in keep (load_point()). */
		memcpy(p->name, one.name, sizeof(p->name));
		memcpy(p->summary, one.summary, sizeof(p->summary));
		p->street = one.street;
		p->postcode = one.postcode;
		p->post_office = one.post_office;
		if (dix_set_hours(b, p) != 0)
			goto out;
	}
	rc = 0;
 out:
	arena_cleanup(&tmp);
	return rc;
}

static const char *const list_sql[DIX_LISTS] = {
	"SELECT point_id, topic FROM service_point_topic WHERE "
	"point_id > ?1 AND point_id <= ?2",
	"SELECT point_id, form FROM service_point_form WHERE "
	"point_id > ?1 AND point_id <= ?2",
	"SELECT point_id, lang FROM service_point_language WHERE "
	"point_id > ?1 AND point_id <= ?2",
};

#define LOAD_POINT_COLS "id, status, municipality_code, acc_step_free, " \
	"acc_lift, acc_toilet, acc_parking, acc_loop, acc_quiet, " \
	"acc_large_text, acc_guide_dog, sort_fi, sort_sv, sort_en, lat IS NOT " \
	"NULL, coalesce(lat, 0), coalesce(lon, 0), closed_on_holidays, " \
	"name_fi, name_sv, name_en, summary_fi, summary_sv, summary_en, " \
	"street, postcode, post_office"

/* Everything but the points' own rows for the points with ids in
 * (from, to], already given to the builder.  0 or -1. */
static int
load_range(struct db *db, struct dix_builder *b, struct load_ctx *c,
    int64_t from, int64_t to, size_t *next)
{
	int k;

	for (k = 0; k < DIX_LISTS; k++) {
		c->list = (enum dix_list)k;
		if (db_each(db, list_sql[k], DB_ARGS(db_int(from), db_int(to)),
		    load_list, c) != 0)
			return -1;
	}
	if (db_each(db, "SELECT point_id, starts_at, ends_at FROM "
	    "service_point_open WHERE point_id > ?1 AND point_id <= ?2 "
	    "AND state = 1 ORDER BY point_id, starts_at",
	    DB_ARGS(db_int(from), db_int(to)), load_open, c) != 0 ||
	    db_each(db, on_pg(db) ? "SELECT point_id, terms FROM "
	    "service_point_search WHERE point_id > ?1 AND point_id <= ?2 "
	    "ORDER BY point_id" : "SELECT rowid, terms FROM "
	    "service_point_search WHERE rowid > ?1 AND rowid <= ?2 "
	    "ORDER BY rowid", DB_ARGS(db_int(from), db_int(to)), load_terms,
	    c) != 0 ||
	    load_batch_hours(db, b, c, from, to, next) != 0)
		return -1;
	return 0;
}

static int
id_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return a < b ? -1 : a > b;
}

/* The whole directory, LOAD_BATCH points a statement.  0 or -1. */
static int
load_all(struct db *db, struct dix_builder *b, struct load_ctx *c)
{
	int64_t from, max, more;
	size_t next = 0;

	do {
		c->n = 0;
		if (db_each(db, "SELECT " LOAD_POINT_COLS " FROM service_point "
		    "WHERE id > ?1 ORDER BY id LIMIT 2000",
		    DB_ARGS(db_int(c->last)), load_point, c) != 0)
			return -1;
	} while (c->n == LOAD_BATCH);
	max = c->last;
	for (from = 0; from < max; from += LOAD_BATCH)
		if (load_range(db, b, c, from, from + LOAD_BATCH, &next) != 0)
			return -1;
	/* A row of the search table past the last point: the index would
	 * not count it as FTS5 does (dix_add_terms()). */
	if (db_int64(db, on_pg(db) ? "SELECT count(*) FROM (SELECT 1 FROM "
	    "service_point_search WHERE point_id > ?1 LIMIT 1) x" :
	    "SELECT count(*) FROM (SELECT 1 FROM service_point_search WHERE "
	    "rowid > ?1 LIMIT 1) x", DB_ARGS(db_int(max)), &more) != 0 ||
	    more != 0)
		return -1;
	return 0;
}

/*
 * The points ids[0..n) (ascending), each run of consecutive ids read as
 * one range: a write of many points (the day's refresh walks them in id
 * order within a day) costs a few statements, not a few a point.  0 or -1.
 */
static int
load_changed(struct db *db, struct dix_builder *b, struct load_ctx *c,
    const int64_t *ids, size_t n)
{
	size_t i = 0, j, next = 0;

	while (i < n) {
		for (j = i + 1; j < n && ids[j] == ids[j - 1] + 1; j++)
			;
		if (db_each(db, "SELECT " LOAD_POINT_COLS " FROM service_point "
		    "WHERE id > ?1 AND id <= ?2 ORDER BY id",
		    DB_ARGS(db_int(ids[i] - 1), db_int(ids[j - 1])), load_point,
		    c) != 0 ||
		    load_range(db, b, c, ids[i] - 1, ids[j - 1], &next) != 0)
			return -1;
		i = j;
	}
	return 0;
}

int
directory_store_index_load(struct db *db, struct dix_builder *b,
    int64_t since, int64_t since_day, size_t most, int64_t *stamp,
    int64_t *day, bool *patch)
{
	struct load_ctx c;
	struct dir_choice *areas;
	const char **langs;
	int64_t *ids = NULL;
	struct arena a;
	size_t n = 0;
	int k, rc = -1;

	if (db_read_begin(db) != 0)
		return -1;
	arena_init(&a);
	loading_index = true;
	memset(&c, 0, sizeof(c));
	c.b = b;
	if (directory_store_stamp(db, stamp, day) != 0)
		goto out;
	/* The points written since the index's stamp, when few enough for a
	 * patch to be cheaper than a build (along service_point_index_stamp,
	 * 0036); else the whole directory, in the same snapshot.  The day's
	 * refresh, which moves every window on, is a whole build: it moves
	 * the open day, not the stamp. */
	if (*day != since_day)
		since = -1;
	if (since >= 0 && (ids = db_ints(db, &a, "SELECT id FROM service_point "
	    "WHERE index_stamp > ?1 ORDER BY index_stamp, id LIMIT ?2",
	    DB_ARGS(db_int(since), db_int((int64_t)most + 1)), &n)) == NULL)
		goto out;
	*patch = since >= 0 && n <= most;
	if (*patch)
		qsort(ids, n, sizeof(*ids), id_cmp);
	if (*patch ? load_changed(db, b, &c, ids, n) != 0 :
	    load_all(db, b, &c) != 0)
		goto out;
	for (k = 0; k < LANG_COUNT; k++) {
		if (directory_store_areas(db, &a, (enum lang)k, true, &areas,
		    &n) != 0)
			goto out;
		dix_set_choices(b, DIX_AREAS, (enum lang)k, areas, n);
		if (directory_store_topics(db, &a, (enum lang)k, &areas,
		    &n) != 0)
			goto out;
		dix_set_choices(b, DIX_TOPICS, (enum lang)k, areas, n);
		if (directory_store_forms(db, &a, (enum lang)k, &areas,
		    &n) != 0)
			goto out;
		dix_set_choices(b, DIX_FORMS, (enum lang)k, areas, n);
	}
	if (directory_store_languages(db, &a, &langs, &n) != 0)
		goto out;
	dix_set_languages(b, langs, n);
	rc = 0;
 out:
	loading_index = false;
	arena_cleanup(&a);
	free(c.pts);
	db_read_end(db);
	return rc;
}

/* --- choices --- */

int
directory_store_topics(struct db *db, struct arena *a, enum lang l,
    struct dir_choice **out, size_t *n)
{
	static const char *const sql[LANG_COUNT] = {
		"SELECT key, label_fi FROM directory_topic ORDER BY position",
		"SELECT key, label_sv FROM directory_topic ORDER BY position",
		"SELECT key, label_en FROM directory_topic ORDER BY position",
	};

	/* Written by the migrations only: the search index's copy, read
	 * when it was built, is the table's. */
	if (!loading_index && dix_choices(db, a, DIX_TOPICS, l, out, n) == 1)
		return 0;
	*out = db_rows(db, a, sql[l], DB_NOARGS, label_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
directory_store_forms(struct db *db, struct arena *a, enum lang l,
    struct dir_choice **out, size_t *n)
{
	static const char *const sql[LANG_COUNT] = {
		"SELECT key, label_fi FROM directory_form ORDER BY position",
		"SELECT key, label_sv FROM directory_form ORDER BY position",
		"SELECT key, label_en FROM directory_form ORDER BY position",
	};

	/* Written by the migrations only: the search index's copy, read
	 * when it was built, is the table's. */
	if (!loading_index && dix_choices(db, a, DIX_FORMS, l, out, n) == 1)
		return 0;
	*out = db_rows(db, a, sql[l], DB_NOARGS, label_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

static int
area_cmp(const void *x, const void *y)
{
	const struct dir_choice *a = x, *b = y;

	return collate_fi(a->label, b->label);
}

int
directory_store_areas(struct db *db, struct arena *a, enum lang l,
    bool with_points, struct dir_choice **out, size_t *n)
{
	const char *col = l == LANG_SV ? "CASE WHEN d.name_sv <> '' THEN "
	    "d.name_sv ELSE d.name_fi END" : "d.name_fi";

	if (with_points && !loading_index && dix_choices(db, a, DIX_AREAS, l, out,
	    n) == 1)
		return 0;

	*out = db_rows(db, a, arena_printf(a, "SELECT d.code, %s FROM "
	    "directory_area d%s", col, with_points ? " WHERE EXISTS (SELECT 1 "
	    "FROM service_point p WHERE p.municipality_code = d.code AND "
	    "p.status <> 'closed')" : ""), DB_NOARGS, label_row, sizeof(**out),
	    n);
	if (*out == NULL)
		return -1;
	qsort(*out, *n, sizeof(**out), area_cmp);
	return 0;
}

int
directory_store_languages(struct db *db, struct arena *a, const char ***out,
    size_t *n)
{
	if (!loading_index && dix_languages(db, a, out, n) == 1)
		return 0;
	/* From one language to the next along the index on lang: a step
	 * per language served, not a read of every point's languages. */
	*out = db_strs(db, a, "WITH RECURSIVE l(x) AS (SELECT min(lang) FROM "
	    "service_point_language UNION ALL SELECT (SELECT min(lang) FROM "
	    "service_point_language WHERE lang > l.x) FROM l WHERE l.x IS NOT "
	    "NULL) SELECT x FROM l WHERE x IS NOT NULL", DB_NOARGS, n);
	return *out != NULL ? 0 : -1;
}

int
directory_store_search_choices(struct db *db, struct arena *a, enum lang l,
    struct dir_search_choices *c)
{
	if (dix_search_choices(db, a, l, c) == 1)
		return 0;
	return directory_store_areas(db, a, l, true, &c->areas,
	    &c->nareas) == 0 && directory_store_topics(db, a, l, &c->topics,
	    &c->ntopics) == 0 && directory_store_forms(db, a, l, &c->forms,
	    &c->nforms) == 0 && directory_store_languages(db, a, &c->langs,
	    &c->nlangs) == 0 ? 0 : -1;
}

int
directory_store_area(struct db *db, struct arena *a, enum lang l,
    const char *code, const char **name)
{
	return db_str(db, a, l == LANG_SV ? "SELECT CASE WHEN name_sv <> '' "
	    "THEN name_sv ELSE name_fi END FROM directory_area WHERE code = ?1" :
	    "SELECT name_fi FROM directory_area WHERE code = ?1",
	    DB_ARGS(db_text(code)), name);
}

struct latlon {
	double lat, lon;
	int64_t n;
};

static int
latlon_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct latlon *ll = out;

	(void)a;
	ll->lat = db_col_double(st, 0);
	ll->lon = db_col_double(st, 1);
	ll->n = db_col_int64(st, 2);
	return 0;
}

static int
area_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct dir_area *r = out;

	r->code = db_col_dup(st, a, 0);
	r->name_fi = db_col_dup(st, a, 1);
	r->name_sv = db_col_dup(st, a, 2);
	r->lat = db_col_double(st, 3);
	r->lon = db_col_double(st, 4);
	return 0;
}

struct dir_area *
directory_store_area_points(struct db *db, struct arena *a,
    const char *region_code, size_t *n)
{
	return db_rows(db, a, "SELECT code, name_fi, name_sv, lat, lon FROM "
	    "directory_area WHERE (region_code = ?1 OR ?1 IS NULL) ORDER BY "
	    "code", DB_ARGS(db_text(region_code)), area_row,
	    sizeof(struct dir_area), n);
}

/* Whether two names are the same once folded as the search folds. */
static bool
same_folded(const char *x, const char *y)
{
	struct buf bx, by;
	bool same;

	buf_init(&bx);
	buf_init(&by);
	analyse_fold(x, strlen(x), &bx);
	analyse_fold(y, strlen(y), &by);
	same = strcmp(buf_cstr(&bx), buf_cstr(&by)) == 0;
	buf_cleanup(&bx);
	buf_cleanup(&by);
	return same;
}

/*
 * A postcode's point is the middle of the points that have it; a
 * municipality is found by its code or its name in either language,
 * folded in C (SQLite's lower() knows only ASCII): 309 short rows.
 */
int
directory_store_origin(struct db *db, struct arena *a, const char *place,
    double *lat, double *lon)
{
	struct dir_area *areas;
	struct latlon ll;
	size_t i, n;
	int rc;
	bool digits = place[0] != '\0';

	for (i = 0; place[i] != '\0'; i++)
		if (place[i] < '0' || place[i] > '9')
			digits = false;
	if (digits && strlen(place) == 5) {
		rc = db_row(db, a, "SELECT avg(lat), avg(lon), count(*) FROM "
		    "service_point WHERE postcode = ?1 AND lat IS NOT NULL",
		    DB_ARGS(db_text(place)), latlon_row, &ll);
		if (rc < 0)
			return -1;
		if (rc == 0 && ll.n > 0) {
			*lat = ll.lat;
			*lon = ll.lon;
			return 0;
		}
		return DB_MISSING;
	}
	areas = directory_store_area_points(db, a, NULL, &n);
	if (areas == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(areas[i].code, place) == 0 ||
		    same_folded(areas[i].name_fi, place) ||
		    same_folded(areas[i].name_sv, place)) {
			*lat = areas[i].lat;
			*lon = areas[i].lon;
			return 0;
		}
	return DB_MISSING;
}

/* --- staff --- */

int
directory_store_managed(struct db *db, struct arena *a, enum lang l,
    const struct point_filter *f, struct dir_hit **out, size_t *n)
{
	const char *sortcol = l == LANG_SV ? "p.sort_sv" : l == LANG_EN ?
	    "p.sort_en" : "p.sort_fi";
	struct dir_hit *v, *one;
	size_t i, k, m;
	int64_t id;
	char *end;

	if (!f->by_ids) {
		*out = db_rows(db, a, arena_printf(a, "SELECT " HIT_COLS
		    " FROM service_point p JOIN directory_area a ON a.code = "
		    "p.municipality_code WHERE (?1 = 0 OR p.region_id = ?1) AND "
		    "(p.municipality_code = ?2 OR ?2 IS NULL) ORDER BY %s, p.id",
		    sortcol), DB_ARGS(db_int(f->region), f->municipality ?
		    db_text(f->municipality) : db_null()), hit_row_for(l),
		    sizeof(**out), n);
		return *out != NULL ? 0 : -1;
	}
	/* A supporter's few points, one lookup each. */
	v = arena_calloc(a, f->nids + 1, sizeof(*v));
	for (i = 0, k = 0; i < f->nids; i++) {
		id = strtoll(f->ids[i], &end, 10);
		if (*end != '\0' || id <= 0)
			continue;
		one = db_rows(db, a, "SELECT " HIT_COLS " FROM service_point p "
		    "JOIN directory_area a ON a.code = p.municipality_code "
		    "WHERE p.id = ?1", DB_ARGS(db_int(id)), hit_row_for(l),
		    sizeof(*one), &m);
		if (one == NULL)
			return -1;
		if (m == 1)
			v[k++] = one[0];
	}
	*out = v;
	*n = k;
	return 0;
}

/* --- open data (hsds.c) --- */

static int
list_row_fi(struct db_stmt *st, struct arena *a, void *out)
{
	point_fill(st, a, out, LANG_FI);
	return 0;
}

static int
list_row_sv(struct db_stmt *st, struct arena *a, void *out)
{
	point_fill(st, a, out, LANG_SV);
	return 0;
}

static int
list_row_en(struct db_stmt *st, struct arena *a, void *out)
{
	point_fill(st, a, out, LANG_EN);
	return 0;
}

/*
 * A page of the published points (active or temporarily closed) changed
 * at or after `since`, by id: the point's own columns only (no lists, no
 * hours).  The count of all of them is kept in directory_count (0030);
 * since a moment it walks the index service_point_updated (0024) from it.
 * The page walks the primary key from the first id after `after` and
 * stops at its LIMIT.
 */
int
directory_store_published(struct db *db, struct arena *a, enum lang l,
    int64_t since, int64_t after, int64_t limit, int64_t offset,
    struct service_point **out, size_t *n, int64_t *total)
{
	/* All of them: the count kept by directory_store_save(); since a
	 * moment, the index service_point_updated's range from it. */
	if (total != NULL && (since <= 0 ? db_int64(db, "SELECT published FROM "
	    "directory_count WHERE id = 1", DB_NOARGS, total) :
	    db_int64(db, "SELECT count(*) FROM service_point WHERE updated_at "
	    ">= ?1 AND status <> 'closed'", DB_ARGS(db_int(since)), total)) != 0)
		return -1;
	*out = db_rows(db, a, "SELECT " POINT_COLS " FROM service_point p "
	    "JOIN directory_area a ON a.code = p.municipality_code WHERE p.id "
	    "> ?4 AND p.updated_at >= ?1 AND p.status <> 'closed' ORDER BY "
	    "p.id LIMIT ?2 OFFSET ?3", DB_ARGS(db_int(since), db_int(limit),
	    db_int(offset), db_int(after)), l == LANG_SV ? list_row_sv :
	    l == LANG_EN ? list_row_en : list_row_fi, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

/* The ids of the points of region `region` (0 every region, -1 none:
 * policy_region_filter()), by Finnish name, along service_point_sort_fi. */
int64_t *
directory_store_region_ids(struct db *db, struct arena *a, int64_t region,
    size_t *n)
{
	return db_ints(db, a, "SELECT id FROM service_point WHERE (?1 = 0 OR "
	    "region_id = ?1) ORDER BY sort_fi, id", DB_ARGS(db_int(region)), n);
}

/* --- the statistics module's period report (directory.h) --- */

static int
dir_count_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct dir_count *c = out;

	c->key = db_col_dup(st, a, 0);
	c->n = db_col_int64(st, 1);
	return 0;
}

int
directory_store_coverage(struct db *db, struct arena *a, int64_t region,
    struct dir_count **munis, size_t *nmunis, struct dir_count **langs,
    size_t *nlangs)
{
	if ((*munis = db_rows(db, a, "SELECT municipality_code, count(*) "
	    "FROM service_point WHERE region_id = ?1 AND status = 'active' "
	    "GROUP BY municipality_code ORDER BY municipality_code",
	    DB_ARGS(db_int(region)), dir_count_row, sizeof(**munis),
	    nmunis)) == NULL)
		return -1;
	*langs = db_rows(db, a, "SELECT l.lang, count(*) FROM service_point p "
	    "JOIN service_point_language l ON l.point_id = p.id WHERE "
	    "p.region_id = ?1 AND p.status = 'active' GROUP BY l.lang "
	    "ORDER BY l.lang", DB_ARGS(db_int(region)), dir_count_row,
	    sizeof(**langs), nlangs);
	return *langs == NULL ? -1 : 0;
}

/* --- the national service catalogue (ptv.c) --- */

int
directory_store_by_ptv(struct db *db, const char *ptv_id, int64_t *id)
{
	return db_int64(db, "SELECT id FROM service_point WHERE ptv_id = ?1",
	    DB_ARGS(db_text(ptv_id)), id);
}

int
directory_store_set_ptv(struct db *db, int64_t id, const char *ptv_id)
{
	return db_run(db, "UPDATE service_point SET ptv_id = ?2 WHERE id = ?1",
	    DB_ARGS(db_int(id), db_text(ptv_id)), NULL) == 0 ? 0 : -1;
}

/* --- the daily work --- */

int
directory_store_refresh(struct db *db, struct arena *a, int64_t now,
    int batch)
{
	struct service_point p;
	int64_t *ids;
	size_t n, i;

	/* Points whose window starts before yesterday, along the index
	 * service_point_open_from. */
	ids = db_ints(db, a, "SELECT id FROM service_point WHERE open_from_day "
	    "< ?1 ORDER BY open_from_day, id LIMIT ?2",
	    DB_ARGS(db_int(today(now) - 1), db_int(batch)), &n);
	if (ids == NULL)
		return -1;
	/* No bump_stamp(): the search index sees the day's move by the open
	 * day (the smallest open_from_day, directory_store_stamp()), which
	 * moves on when the last point behind is done.  The stamp and the
	 * points' index_stamp are the directory's own data, which a day's
	 * move does not change: moved on by every point's refresh, they made
	 * each server's first run after midnight a write of every point that
	 * no test of "a GET writes nothing" could tell from a real one. */
	for (i = 0; i < n; i++)
		if (directory_store_get(db, a, LANG_FI, ids[i], &p) != 0 ||
		    materialise(db, &p, now) != 0 ||
		    reindex_open(db, a, ids[i]) != 0)
			return -1;
	return (int)n;
}

int
directory_store_index_missing(struct db *db, struct arena *a, int64_t after,
    int64_t span, int64_t *next)
{
	struct service_point p;
	int64_t *ids, last = 0;
	size_t n, i;

	/* A range of the primary key, so one call costs `span` probes
	 * whatever the table's size. */
	ids = db_ints(db, a, on_pg(db) ? "SELECT id FROM service_point p "
	    "WHERE id > ?1 AND id <= ?1 + ?2 AND NOT EXISTS (SELECT 1 FROM "
	    "service_point_search s WHERE s.point_id = p.id) ORDER BY id" :
	    "SELECT id FROM service_point p WHERE id > ?1 AND id <= ?1 + ?2 "
	    "AND NOT EXISTS (SELECT 1 FROM service_point_search s WHERE "
	    "s.rowid = p.id) ORDER BY id", DB_ARGS(db_int(after),
	    db_int(span)), &n);
	if (ids == NULL || db_int64(db, "SELECT COALESCE(MAX(id), 0) FROM "
	    "service_point", DB_NOARGS, &last) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (directory_store_get(db, a, LANG_FI, ids[i], &p) != 0 ||
		    index_point(db, a, &p) != 0)
			return -1;
	if (n > 0 && bump_stamp(db, ids, n) != 0)
		return -1;
	*next = after + span < last ? after + span : -1;
	return (int)n;
}

/*
 * Batches of 200, each in its own transaction, so a request waiting to
 * write never waits long for the job; more batches while they come back
 * full (a day's move for many points), up to 10,000 points a run, so the
 * other jobs do not wait long either.
 *
 * Every save indexes its point, so the search index lacks points only
 * after copy-db, which leaves it out: the first runs after a start walk
 * the points once, DIRECTORY_SPAN ids a transaction, and index what is
 * missing.  The cursor lives in the process (this job's thread only).
 */
#define DIRECTORY_BATCH 200
#define DIRECTORY_BATCHES 50
#define DIRECTORY_SPAN 1000

static int64_t directory_index_cursor;	/* -1: walked */

int
directory_job(struct db *db, int64_t now)
{
	struct arena a;
	int rc = DIRECTORY_BATCH, i;

	arena_init(&a);
	for (i = 0; i < DIRECTORY_BATCHES && rc >= 0 &&
	    (rc >= DIRECTORY_BATCH || directory_index_cursor >= 0); i++) {
		arena_reset(&a);
		if (db_begin(db) != 0) {
			rc = -1;
			break;
		}
		if (rc >= DIRECTORY_BATCH)
			rc = directory_store_refresh(db, &a, now,
			    DIRECTORY_BATCH);
		else
			rc = 0;
		if (rc >= 0 && directory_index_cursor >= 0 &&
		    directory_store_index_missing(db, &a,
		    directory_index_cursor, DIRECTORY_SPAN,
		    &directory_index_cursor) < 0)
			rc = -1;
		if (rc < 0 || db_commit(db) != 0) {
			db_rollback(db);
			rc = -1;
		}
	}
	arena_cleanup(&a);
	/* The search index follows what was written (and is built at the
	 * start, this job's first run, in a thread of its own). */
	dix_refresh(db);
	return rc < 0 ? -1 : 0;
}

/*
 * After a bulk load (demo --service-points): SQLite's FTS5 index merged
 * into one segment, as its automatic merging would over time, so that a
 * search reads each term's list once instead of once a segment (at
 * 100,000 points a search's match took half the time).  PostgreSQL's GIN
 * index needs nothing.  0 or -1.
 */
int
directory_store_optimize(struct db *db)
{
	if (on_pg(db))
		return 0;
	return db_run(db, "INSERT INTO service_point_search "
	    "(service_point_search) VALUES ('optimize')", DB_NOARGS, NULL) ==
	    0 ? 0 : -1;
}

/* --- the embeddable widget's colours --- */

struct widget_row {
	const char **accent, **text;
};

static int
widget_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct widget_row *w = out;

	*w->accent = db_col_dup(st, a, 0);
	*w->text = db_col_dup(st, a, 1);
	return 0;
}

int
directory_store_widget(struct db *db, struct arena *a, const char *code,
    const char **accent, const char **accent_text)
{
	struct widget_row w = { accent, accent_text };

	return db_row(db, a, "SELECT accent, accent_text FROM directory_widget "
	    "WHERE municipality_code = ?1", DB_ARGS(db_text(code)),
	    widget_row, &w);
}

int
directory_store_set_widget(struct db *db, const char *code,
    const char *accent, const char *accent_text, int64_t now)
{
	return db_run(db, "INSERT INTO directory_widget (municipality_code, "
	    "accent, accent_text, updated_at) VALUES (?1, ?2, ?3, ?4) ON "
	    "CONFLICT (municipality_code) DO UPDATE SET accent = ?2, "
	    "accent_text = ?3, updated_at = ?4", DB_ARGS(db_text(code),
	    db_text(accent), db_text(accent_text), db_int(now)), NULL) == 0 ?
	    0 : -1;
}

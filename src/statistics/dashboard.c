/*
 * dashboard.c - the statistics of one's own scope (ACT_ENCOUNTERS): the
 * totals of a period of whole months and its change from the period of
 * the same length before it, the trend by month, ISO week or day, the
 * top topics, the forms of support under the national forms, the
 * municipalities side by side (for a region), the service points (of a
 * municipality or one's own), the
 * age bands and the languages, and the same figures as CSV (UTF-8 with a
 * BOM, ';' by default, for Excel in Finland and Sweden).
 *
 * Whose figures: the policy's point filter (policy_point_filter()) - a
 * coordinator's region (an administrator's: the site's region), a
 * municipal coordinator's municipality, a supporter's own points - so
 * nobody sees a point's figures that they do not maintain.  These are
 * the user's own figures, shown as counted: disclosure control is for
 * what is published beyond them (disclosure.h).
 *
 * Every figure comes from the month roll-ups, and a trend by week or day
 * from the day roll-ups (a region's or a municipality's by municipality,
 * encounter_municipality_day_count), so a page costs what it shows
 * whatever the number of encounters.  Every
 * chart has its title and description and the page repeats its figures
 * in a table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "directory/hours.h"
#include "directory/views.h"
#include "base/buf.h"
#include "base/csvout.h"
#include "base/time.h"
#include "http/response.h"
#include "http/urls.h"
#include "network/network.h"
#include "statistics/chart.h"
#include "statistics/views.h"
#include "tmpl_statistics.h"
#include "view/format.h"
#include "view/page.h"

#define SPAN_MAX 36	/* months a period may cover */
#define DAY_SPAN_MAX 3	/* months a period by day may cover */
#define TOP_TOPICS 10

static const char *const group_msgids[ENC_GROUP_COUNT] = {
	N_("In person (lähituki)"), N_("Remote (etätuki)"),
	N_("Training (koulutus)"),
};

/* "2026-03" as a month number (year * 12 + month - 1), or -1. */
static int32_t
parse_month(const char *s)
{
	int y, m;
	char tail;

	if (s == NULL || strlen(s) != 7 || sscanf(s, "%4d-%2d%c", &y, &m,
	    &tail) != 2 || y < 2000 || y > 2100 || m < 1 || m > 12)
		return -1;
	return (int32_t)(y * 12 + m - 1);
}

static const char *
month_key(struct arena *a, int32_t m)
{
	return arena_printf(a, "%04d-%02d", m / 12, m % 12 + 1);
}

/* "3/2026", as the three languages write a month in a table. */
static const char *
month_label(struct arena *a, int32_t m)
{
	return arena_printf(a, "%d/%d", m % 12 + 1, m / 12);
}

/*
 * The user's scope (policy_point_filter()) and the municipality asked
 * for within a region.  0, 404 for a municipality outside the scope, or
 * 503.
 */
static int
read_scope(struct request *r, struct db *db, struct stats_dash_view *dv)
{
	struct point_filter pf = policy_point_filter(&r->user);
	struct stats_scope *s = &dv->scope;
	struct region_info ri;
	const char *want = kv_get(&r->query, "municipality");
	int64_t *ids;
	size_t i, k;
	char *end;
	int rc;

	memset(s, 0, sizeof(*s));
	if (pf.by_ids) {
		ids = arena_calloc(&r->arena, pf.nids + 1, sizeof(*ids));
		for (i = 0, k = 0; i < pf.nids; i++) {
			ids[k] = strtoll(pf.ids[i], &end, 10);
			if (*end == '\0' && ids[k] > 0)
				k++;
		}
		s->by_points = true;
		s->points = ids;
		s->npoints = k;
	} else if (pf.municipality != NULL) {
		s->municipality = pf.municipality;
		s->region = 0;
	} else if (pf.region > 0) {
		s->region = pf.region;
	} else if (pf.region == 0) {
		/* An administrator: the site's region. */
		if ((rc = network_region(db, &r->arena, r->lang, &ri)) < 0)
			return 503;
		s->region = rc == 0 ? ri.id : 0;
	}
	if (s->region > 0 && s->municipality == NULL) {
		struct municipality *m;
		size_t n;

		if (network_municipalities(db, &r->arena, r->lang, s->region,
		    &m, &n) != 0)
			return 503;
		dv->municipalities = m;
		dv->nmunicipalities = n;
		if (want != NULL && *want != '\0') {
			for (i = 0; i < n; i++)
				if (strcmp(m[i].code, want) == 0)
					break;
			if (i == n)
				return 404;
			s->municipality = m[i].code;
			dv->municipality = m[i].code;
			dv->place = m[i].name;
		}
	}
	return 0;
}

/* The period and the trend's unit asked for: NULL, or the mistake's
 * message (400). */
static const char *
read_period(struct request *r, struct stats_dash_view *dv)
{
	const char *from = kv_get(&r->query, "from"), *to = kv_get(&r->query,
	    "to"), *unit = kv_get(&r->query, "unit");
	int32_t now = encounter_month(encounter_day(time_now()));

	dv->to = to != NULL && *to != '\0' ? parse_month(to) : now;
	dv->from = from != NULL && *from != '\0' ? parse_month(from) :
	    dv->to - 11;
	if (dv->to < 0 || dv->from < 0 || dv->from > dv->to ||
	    dv->to - dv->from >= SPAN_MAX)
		return N_("Write the months as 2026-01, the first no later than the last, at most 36 months.");
	if (unit == NULL || *unit == '\0' || strcmp(unit, "month") == 0)
		dv->unit = STATS_UNIT_MONTH;
	else if (strcmp(unit, "week") == 0)
		dv->unit = STATS_UNIT_WEEK;
	else if (strcmp(unit, "day") == 0 && dv->to - dv->from < DAY_SPAN_MAX)
		dv->unit = STATS_UNIT_DAY;
	else
		return N_("Show the figures by month, by week or by day; by day for at most three months.");
	dv->unit_key = dv->unit == STATS_UNIT_DAY ? "day" : dv->unit ==
	    STATS_UNIT_WEEK ? "week" : "month";
	dv->prev_to = dv->from - 1;
	dv->prev_from = dv->from - (dv->to - dv->from + 1);
	dv->from_key = month_key(&r->arena, dv->from);
	dv->to_key = month_key(&r->arena, dv->to);
	return NULL;
}

static int64_t
sum_of(const struct stats_count *c, size_t n, int64_t *people)
{
	int64_t s = 0, p = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		s += c[i].n;
		p += c[i].people;
	}
	if (people != NULL)
		*people = p;
	return s;
}

/* The count of value, summed over the months or places it is split by. */
static int64_t
count_of(const struct stats_count *c, size_t n, const char *value)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(c[i].value, value) == 0)
			sum += c[i].n;
	return sum;
}

static int
row_cmp(const void *a, const void *b)
{
	const struct stats_row *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Labels and values of rows for a chart. */
static void
chart_of(struct arena *a, const struct stats_row *rows, size_t n,
    struct stats_chart *c)
{
	const char **labels = arena_calloc(a, n + 1, sizeof(*labels));
	struct stats_value *v = arena_calloc(a, n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		labels[i] = rows[i].label;
		v[i].count = rows[i].n;
		v[i].state = DISCLOSURE_SHOWN;
	}
	stats_chart_series(c, labels, v, n);
}

/* The first day of month m (days since 1970-01-01). */
static int32_t
month_first_day(int32_t m)
{
	return hours_days_from_civil(m / 12, m % 12 + 1, 1);
}

/* The trend by ISO week or by day, from the day roll-up: every day of
 * the period, a week cut where the period starts and ends.  0 or -1. */
static int
load_days(struct request *r, struct db *db, struct stats_dash_view *dv)
{
	struct arena *a = &r->arena;
	int32_t d0 = month_first_day(dv->from), d1 = month_first_day(dv->to +
	    1) - 1, d, key, last = -1;
	struct stats_day *days;
	struct stats_row *rows, *row = NULL;
	char date[11];
	size_t n, i = 0;
	int year, week;

	if ((days = stats_store_days(db, a, &dv->scope, d0, d1, &n)) == NULL)
		return -1;
	rows = arena_calloc(a, (size_t)(d1 - d0 + 1), sizeof(*rows));
	dv->ntrend = 0;
	for (d = d0; d <= d1; d++) {
		key = dv->unit == STATS_UNIT_DAY ? d : encounter_iso_week(d,
		    &year, &week);
		if (row == NULL || key != last) {
			row = &rows[dv->ntrend++];
			row->prev = -1;
			if (dv->unit == STATS_UNIT_DAY) {
				time_local_date(encounter_day_start(d), date);
				row->key = arena_strdup(a, date);
				row->label = time_format_date(a, r->lang,
				    encounter_day_start(d));
			} else {
				row->key = arena_printf(a, "%d-W%02d", year,
				    week);
				row->label = arena_printf(a, "%s %d/%d",
				    i18n_text(r->lang, "Week"), week, year);
			}
			last = key;
		}
		if (i < n && days[i].day == d) {
			row->n += days[i].n;
			row->people += days[i].people;
			i++;
		}
	}
	dv->trend = rows;
	dv->trend_title = i18n_text(r->lang, dv->unit == STATS_UNIT_DAY ?
	    "Encounters by day" : "Encounters by week");
	dv->trend_head = i18n_text(r->lang, dv->unit == STATS_UNIT_DAY ?
	    "Day" : "Week");
	return 0;
}

/* The rows of dimension dim's values in this period and the one before,
 * most first: the values of keys[0..nkeys) always (labelled by their
 * msgids), any other found labelled by label() (NULL: its key); 0 or
 * -1. */
static int
load_dim(struct request *r, struct db *db, struct stats_dash_view *dv,
    const char *dim, const char *const *keys, const char *const *msgids,
    size_t nkeys, const char *(*label)(enum lang, const char *),
    const struct stats_row **out, size_t *nout)
{
	struct arena *a = &r->arena;
	struct stats_count *c, *p;
	struct stats_row *rows;
	size_t n, np, i, k, nrows;

	if ((c = stats_store_counts(db, a, &dv->scope, dim, dv->from, dv->to,
	    false, STATS_BY_NONE, &n)) == NULL ||
	    (p = stats_store_counts(db, a, &dv->scope, dim, dv->prev_from,
	    dv->prev_to, false, STATS_BY_NONE, &np)) == NULL)
		return -1;
	rows = arena_calloc(a, nkeys + n + np + 1, sizeof(*rows));
	for (nrows = 0; nrows < nkeys; nrows++) {
		rows[nrows].key = keys[nrows];
		rows[nrows].label = i18n_text(r->lang, msgids[nrows]);
	}
	for (k = 0; k < 2; k++)
		for (i = 0; i < (k ? np : n); i++) {
			const char *v = k ? p[i].value : c[i].value;
			size_t j;

			for (j = 0; j < nrows; j++)
				if (strcmp(rows[j].key, v) == 0)
					break;
			if (j == nrows) {
				rows[nrows].key = v;
				rows[nrows++].label = label != NULL ?
				    label(r->lang, v) : v;
			}
		}
	for (i = 0; i < nrows; i++) {
		rows[i].n = count_of(c, n, rows[i].key);
		rows[i].prev = count_of(p, np, rows[i].key);
	}
	qsort(rows, nrows, sizeof(*rows), row_cmp);
	*out = rows;
	*nout = nrows;
	return 0;
}

/* A service point's name from the user's points, or its number. */
static const char *
point_label(struct arena *a, const struct dir_hit *hits, size_t nhits,
    const char *id)
{
	int64_t v = strtoll(id, NULL, 10);
	size_t i;

	for (i = 0; i < nhits; i++)
		if (hits[i].id == v)
			return hits[i].name;
	return arena_printf(a, "#%s", id);
}

/* The service points of the scope that have figures in this period or
 * the one before, most first: of a municipality or one's own points (a
 * whole region shows its municipalities; its points' month roll-up is
 * tens of thousands of rows a year).  0 or -1. */
static int
load_points(struct request *r, struct db *db, struct stats_dash_view *dv)
{
	struct arena *a = &r->arena;
	struct point_filter pf = policy_point_filter(&r->user);
	struct stats_count *c, *p;
	struct stats_row *rows;
	struct dir_hit *hits;
	size_t n, np, nhits, i, k, j, nrows = 0;

	if ((c = stats_store_counts(db, a, &dv->scope, "form", dv->from,
	    dv->to, false, STATS_BY_POINT, &n)) == NULL ||
	    (p = stats_store_counts(db, a, &dv->scope, "form", dv->prev_from,
	    dv->prev_to, false, STATS_BY_POINT, &np)) == NULL ||
	    directory_store_managed(db, a, r->lang, &pf, &hits, &nhits) != 0)
		return -1;
	rows = arena_calloc(a, n + np + 1, sizeof(*rows));
	for (k = 0; k < 2; k++)
		for (i = 0; i < (k ? np : n); i++) {
			const struct stats_count *x = k ? &p[i] : &c[i];

			for (j = 0; j < nrows; j++)
				if (strcmp(rows[j].key, x->municipality) == 0)
					break;
			if (j == nrows) {
				rows[nrows].key = x->municipality;
				rows[nrows++].label = point_label(a, hits,
				    nhits, x->municipality);
			}
			if (k)
				rows[j].prev += x->n;
			else {
				rows[j].n += x->n;
				rows[j].people += x->people;
			}
		}
	qsort(rows, nrows, sizeof(*rows), row_cmp);
	dv->points = rows;
	dv->npoints = nrows;
	return 0;
}

/* Reads every figure of the page.  0 or -1. */
static int
load(struct request *r, struct db *db, struct stats_dash_view *dv)
{
	const struct encounter_refs *topics = stats_topics(), *forms =
	    stats_forms();
	struct stats_count *c, *p, *fc, *fp;
	struct stats_row *rows;
	struct stats_chart ch;
	struct arena *a = &r->arena;
	const char *ages[ENC_AGE_COUNT];
	size_t n, np, nfc, nfp, i, k;
	int32_t m;
	/* A whole region shows its municipalities side by side. */
	bool places = dv->nmunicipalities > 0 && dv->municipality == NULL;

	/* Totals, trend, forms and places from two reads of the form
	 * roll-up (every encounter has one form): the period by month (and
	 * municipality), the period before as a whole (by municipality). */
	if ((c = stats_store_counts(db, a, &dv->scope, "form", dv->from,
	    dv->to, true, places ? STATS_BY_MUNICIPALITY : STATS_BY_NONE,
	    &n)) == NULL ||
	    (p = stats_store_counts(db, a, &dv->scope, "form", dv->prev_from,
	    dv->prev_to, false, places ? STATS_BY_MUNICIPALITY :
	    STATS_BY_NONE, &np)) == NULL)
		return -1;
	fc = c;
	nfc = n;
	fp = p;
	nfp = np;
	dv->total = sum_of(c, n, &dv->people);
	dv->prev_total = sum_of(p, np, NULL);
	if (dv->unit != STATS_UNIT_MONTH) {
		if (load_days(r, db, dv) != 0)
			return -1;
	} else {
		dv->ntrend = (size_t)(dv->to - dv->from + 1);
		rows = arena_calloc(a, dv->ntrend, sizeof(*rows));
		for (m = dv->from; m <= dv->to; m++) {
			struct stats_row *row = &rows[m - dv->from];

			row->key = month_key(a, m);
			row->label = month_label(a, m);
			row->prev = -1;
			for (i = 0; i < n; i++)
				if (c[i].month == m) {
					row->n += c[i].n;
					row->people += c[i].people;
				}
		}
		dv->trend = rows;
		dv->trend_title = i18n_text(r->lang, "Encounters by month");
		dv->trend_head = i18n_text(r->lang, "Month");
	}
	memset(&ch, 0, sizeof(ch));
	chart_of(a, dv->trend, dv->ntrend, &ch);
	ch.id = "trend";
	ch.title = dv->trend_title;
	ch.desc = arena_printf(a, "%s: %lld", i18n_text(r->lang,
	    "Encounters in the period"), (long long)dv->total);
	dv->trend_svg = stats_chart_svg(a, stats_chart_line, &ch);

	/* Forms of support, with their national forms. */
	rows = arena_calloc(a, forms->n, sizeof(*rows));
	for (i = 0; i < forms->n; i++) {
		rows[i].key = forms->items[i].key;
		rows[i].label = forms->items[i].label[r->lang];
		rows[i].group = i18n_text(r->lang,
		    group_msgids[forms->items[i].group]);
		rows[i].n = count_of(c, n, rows[i].key);
		rows[i].prev = count_of(p, np, rows[i].key);
	}
	dv->forms = rows;
	dv->nforms = forms->n;
	rows = arena_calloc(a, ENC_GROUP_COUNT, sizeof(*rows));
	for (k = 0; k < ENC_GROUP_COUNT; k++) {
		rows[k].key = encounter_group_key((enum encounter_group)k);
		rows[k].label = i18n_text(r->lang, group_msgids[k]);
		for (i = 0; i < forms->n; i++)
			if (forms->items[i].group == (enum encounter_group)k) {
				rows[k].n += dv->forms[i].n;
				rows[k].prev += dv->forms[i].prev;
			}
	}
	dv->groups = rows;
	dv->ngroups = ENC_GROUP_COUNT;
	memset(&ch, 0, sizeof(ch));
	chart_of(a, rows, ENC_GROUP_COUNT, &ch);
	ch.id = "groups";
	ch.title = i18n_text(r->lang, "Encounters by form of support");
	ch.desc = i18n_text(r->lang, "The national forms of support: in person, remote and training.");
	dv->groups_svg = stats_chart_svg(a, stats_chart_bars, &ch);

	/* Topics, most asked first. */
	if ((c = stats_store_counts(db, a, &dv->scope, "topic", dv->from,
	    dv->to, false, STATS_BY_NONE, &n)) == NULL ||
	    (p = stats_store_counts(db, a, &dv->scope, "topic",
	    dv->prev_from, dv->prev_to, false, STATS_BY_NONE, &np)) == NULL)
		return -1;
	rows = arena_calloc(a, topics->n, sizeof(*rows));
	for (i = 0; i < topics->n; i++) {
		rows[i].key = topics->items[i].key;
		rows[i].label = topics->items[i].label[r->lang];
		rows[i].n = count_of(c, n, rows[i].key);
		rows[i].prev = count_of(p, np, rows[i].key);
	}
	qsort(rows, topics->n, sizeof(*rows), row_cmp);
	dv->topics = rows;
	dv->ntopics = topics->n;
	memset(&ch, 0, sizeof(ch));
	chart_of(a, rows, topics->n < TOP_TOPICS ? topics->n : TOP_TOPICS, &ch);
	ch.id = "topics";
	ch.title = i18n_text(r->lang, "Top topics");
	ch.desc = dv->total > 0 ? arena_printf(a, "%s: %s", i18n_text(r->lang,
	    "Asked most"), rows[0].label) : i18n_text(r->lang,
	    "No encounters in the period.");
	dv->topics_svg = stats_chart_svg(a, stats_chart_bars, &ch);

	/* Municipalities side by side, for a whole region. */
	if (places) {
		rows = arena_calloc(a, dv->nmunicipalities, sizeof(*rows));
		for (k = 0; k < dv->nmunicipalities; k++) {
			rows[k].key = dv->municipalities[k].code;
			rows[k].label = dv->municipalities[k].name;
			for (i = 0; i < nfc; i++)
				if (strcmp(fc[i].municipality, rows[k].key) == 0) {
					rows[k].n += fc[i].n;
					rows[k].people += fc[i].people;
				}
			for (i = 0; i < nfp; i++)
				if (strcmp(fp[i].municipality, rows[k].key) == 0)
					rows[k].prev += fp[i].n;
		}
		qsort(rows, dv->nmunicipalities, sizeof(*rows), row_cmp);
		dv->places = rows;
		dv->nplaces = dv->nmunicipalities;
		memset(&ch, 0, sizeof(ch));
		chart_of(a, rows, dv->nplaces, &ch);
		ch.id = "municipalities";
		ch.title = i18n_text(r->lang, "Encounters by municipality");
		ch.desc = dv->total > 0 ? arena_printf(a, "%s: %s",
		    i18n_text(r->lang, "Most encounters"), rows[0].label) :
		    i18n_text(r->lang, "No encounters in the period.");
		dv->places_svg = stats_chart_svg(a, stats_chart_bars, &ch);
	}
	for (k = 0; k < ENC_AGE_COUNT; k++)
		ages[k] = encounter_age_key((enum encounter_age)k);
	return load_dim(r, db, dv, "age", ages, stats_age_msgids,
	    ENC_AGE_COUNT, NULL, &dv->ages, &dv->nages) != 0 ||
	    load_dim(r, db, dv, "language", NULL, NULL, 0, dir_language_label,
	    &dv->languages, &dv->nlanguages) != 0 ||
	    (!places && load_points(r, db, dv) != 0) ? -1 : 0;
}

/* Scope, period and figures; 0, or the status already answered. */
static int
prepare(struct request *r, struct stats_dash_view *dv)
{
	const char *msgid;
	struct db *db;
	int rc;

	memset(dv, 0, sizeof(*dv));
	if ((db = response_db(r)) == NULL)
		return 503;
	if (stats_forms() == NULL) {
		response_unavailable(r);
		return 503;
	}
	if ((msgid = read_period(r, dv)) != NULL) {
		response_error(r, 400, msgid);
		return 400;
	}
	if ((rc = read_scope(r, db, dv)) != 0) {
		if (rc == 404)
			response_error(r, 404, N_("The page you were looking for was not found."));
		else
			response_unavailable(r);
		return rc;
	}
	if (load(r, db, dv) != 0) {
		response_unavailable(r);
		return 503;
	}
	return 0;
}

void
stats_dashboard(struct request *r)
{
	struct stats_dash_view dv;
	struct view v;
	struct page p;

	if (prepare(r, &dv) != 0)
		return;
	dv.base = url_for(&r->arena, r->lang, "stats.dashboard", NULL);
	dv.csv = arena_printf(&r->arena, "%s?from=%s&to=%s&unit=%s%s%s",
	    url_for(&r->arena, r->lang, "stats.dashboard-csv", NULL),
	    dv.from_key, dv.to_key, dv.unit_key, dv.municipality ?
	    "&municipality=" : "", dv.municipality ? dv.municipality : "");
	dv.public_href = url_for(&r->arena, r->lang, "stats.public", NULL);
	/* The record shows hidden counts: for those who manage the region. */
	if (dv.scope.region > 0 && policy_reaches(&r->user, SCOPE_MANAGED,
	    &(struct object_scope){ .region_id = dv.scope.region })) {
		dv.record_href = url_for(&r->arena, r->lang,
		    "stats.record-hidden", NULL);
		dv.report_href = url_for(&r->arena, r->lang, "stats.report",
		    NULL);
	}
	dv.period = arena_printf(&r->arena, "%s\xe2\x80\x93%s",
	    month_label(&r->arena, dv.from), month_label(&r->arena, dv.to));
	dv.prev_period = arena_printf(&r->arena, "%s\xe2\x80\x93%s",
	    month_label(&r->arena, dv.prev_from), month_label(&r->arena,
	    dv.prev_to));
	page_begin_staff(r, 200, i18n_text(r->lang, "Support statistics"), &v,
	    &p);
	page_crumb(&p, i18n_text(r->lang, "Support statistics"), NULL);
	page_stats_dashboard(&v, &p, &dv);
}

static void
csv_rows(struct csvout *c, const char *section, const char *period,
    const struct stats_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		csvout_raw(c, section);
		csvout_text(c, rows[i].key);
		csvout_text(c, rows[i].label);
		csvout_raw(c, period);
		csvout_int(c, rows[i].n);
		if (rows[i].prev >= 0)
			csvout_int(c, rows[i].prev);
		else
			csvout_empty(c);
		csvout_end(c);
	}
}

void
stats_dashboard_csv(struct request *r)
{
	struct stats_dash_view dv;
	struct csvout c;
	const char *period;
	char sep = ';';

	if (kv_get(&r->query, "sep") != NULL && format_csv_sep(r, &sep) != 0) {
		response_error(r, 400, N_("The separator must be comma or semicolon."));
		return;
	}
	if (prepare(r, &dv) != 0)
		return;
	period = arena_printf(&r->arena, "%s..%s", dv.from_key, dv.to_key);
	response_begin(r, 200, "text/csv; charset=utf-8; header=present");
	response_header(r, "Cache-Control", "no-store");
	response_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"encounters-%s-%s.csv\"", dv.from_key,
	    dv.to_key));
	csvout_init(&c, &r->resp.body, sep, true);
	csvout_raw(&c, "table");
	csvout_raw(&c, "key");
	csvout_raw(&c, "label");
	csvout_raw(&c, "period");
	csvout_raw(&c, "encounters");
	csvout_raw(&c, "previous_period");
	csvout_end(&c);
	csv_rows(&c, dv.unit_key, period, dv.trend, dv.ntrend);
	csv_rows(&c, "national_form", period, dv.groups, dv.ngroups);
	csv_rows(&c, "form", period, dv.forms, dv.nforms);
	csv_rows(&c, "topic", period, dv.topics, dv.ntopics);
	csv_rows(&c, "municipality", period, dv.places, dv.nplaces);
	csv_rows(&c, "point", period, dv.points, dv.npoints);
	csv_rows(&c, "age", period, dv.ages, dv.nages);
	csv_rows(&c, "language", period, dv.languages, dv.nlanguages);
}

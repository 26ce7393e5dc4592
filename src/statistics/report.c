/*
 * report.c - the period report for the funder (ACT_PROGRAMME): what the
 * region's project did over a programme period or any dates, section by
 * section - the sparring programme, the events, learning, the support
 * encounters and the directory's coverage - as a printable page and as
 * a ZIP of one CSV per table (UTF-8 with a BOM, ';').
 *
 * Whose figures: the region policy_region_filter() gives the user (a
 * coordinator's own; an administrator's is the site's region).  A
 * programme period is chosen among that region's periods, so another
 * region's period is "not found".  Every other module's data comes
 * through its public header: programme_region_figures(), events_held()
 * with attendance_figures() and attendance_feedback_sums() for each
 * event held, learn_store_period_awards(), directory_store_coverage().
 *
 * The encounters are counted by whole months (the months the dates
 * touch: the roll-ups have months) of the quarters published so far and
 * made only of the figures the public pages publish (stats_pub_span(),
 * public.c): the report leaves
 * the region, and reports of overlapping periods must not give away by
 * subtraction what the public page hides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "attendance/attendance.h"
#include "base/buf.h"
#include "base/csvout.h"
#include "base/time.h"
#include "directory/views.h"
#include "events/events.h"
#include "http/response.h"
#include "http/urls.h"
#include "learning/learning.h"
#include "network/network.h"
#include "programme/rules.h"
#include "statistics/chart.h"
#include "statistics/views.h"
#include "statistics/zip.h"
#include "tmpl_statistics.h"
#include "view/page.h"

#define REPORT_DAYS_MAX (3 * 366)	/* the longest span asked for */

/* "2026-03-01" at Helsinki midnight: 0 with *at, or -1 for anything but
 * a real date of that form. */
static int
parse_date(struct arena *a, const char *s, int64_t *at)
{
	char back[11];
	int y, m, d;
	char tail;

	if (s == NULL || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m,
	    &d, &tail) != 3 || y < 2000 || y > 2100 ||
	    time_parse_local(arena_printf(a, "%s 00:00", s), at) != 0)
		return -1;
	time_local_date(*at, back);
	return strcmp(back, s) == 0 ? 0 : -1;
}

static const char *
num(struct arena *a, int64_t n)
{
	return arena_printf(a, "%lld", (long long)n);
}

/* An average with one decimal, as the language writes it ("3,5"). */
static char *
average(struct arena *a, enum lang l, int64_t sum, int64_t n)
{
	char *s;

	if (n == 0)
		return arena_strdup(a, "\xe2\x80\x93");	/* nothing to average */
	s = arena_printf(a, "%.1f", (double)sum / (double)n);
	if (l != LANG_EN)
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	return s;
}

/* A new table of up to `cap` rows. */
static void
table(struct arena *a, struct stats_report_table *t, const char *file,
    const char *caption, size_t cap)
{
	memset(t, 0, sizeof(*t));
	t->file = file;
	t->caption = caption;
	t->ncols = 1;
	t->rows = arena_calloc(a, cap + 1, sizeof(*t->rows));
}

/* A table of figures: "Figure" and "Number", the CSV's column "value". */
static void
figures(struct arena *a, enum lang l, struct stats_report_table *t,
    const char *file, const char *caption, size_t cap)
{
	table(a, t, file, caption, cap);
	t->head[0] = i18n_text(l, "Figure");
	t->head[1] = i18n_text(l, "Number");
	t->keys[0] = "value";
}

static struct stats_report_row *
row(struct stats_report_table *t, const char *key, const char *label,
    const char *value)
{
	struct stats_report_row *w = &t->rows[t->nrows++];

	w->key = key;
	w->label = label;
	w->v[0] = value;
	return w;
}

/* The dates and the region asked for: 0, or the status answered. */
static int
read_request(struct request *r, struct db *db, struct stats_report_view *rv,
    int64_t *region, int64_t *from_at, int64_t *to_at)
{
	struct arena *a = &r->arena;
	const char *period = kv_get(&r->query, "period");
	struct region_info ri;
	int64_t filter = policy_region_filter(&r->user), id;
	char year[11];
	size_t i;
	char *end;
	int rc;

	if (filter < 0) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return 404;
	}
	if ((rc = stats_region(r, db, filter, &ri)) != 0)
		return rc;
	*region = ri.id;
	rv->region = ri.name;
	if (programme_region_periods(db, a, r->lang, ri.id,
	    &rv->periods, &rv->nperiods) != 0) {
		response_unavailable(r);
		return 503;
	}
	if (period != NULL && *period != '\0') {
		id = strtoll(period, &end, 10);
		for (i = 0; *end == '\0' && i < rv->nperiods; i++)
			if (rv->periods[i].id == id)
				break;
		if (*end != '\0' || i == rv->nperiods) {
			response_error(r, 404, N_("The page you were looking for was not found."));
			return 404;
		}
		rv->period_id = id;
		rv->from = rv->periods[i].starts_on;
		rv->to = rv->periods[i].ends_on;
	} else {
		time_local_date(time_now(), year);	/* "2026-..." */
		year[4] = '\0';
		rv->from = kv_get(&r->query, "from");
		rv->to = kv_get(&r->query, "to");
		if (rv->from == NULL || *rv->from == '\0')
			rv->from = arena_printf(a, "%s-01-01", year);
		if (rv->to == NULL || *rv->to == '\0')
			rv->to = arena_printf(a, "%s-12-31", year);
	}
	if (parse_date(a, rv->from, from_at) != 0 || parse_date(a, rv->to,
	    to_at) != 0 || *to_at < *from_at ||
	    encounter_day(*to_at) - encounter_day(*from_at) >= REPORT_DAYS_MAX) {
		response_error(r, 400, N_("Write the dates as 2026-01-31, the first no later than the last, at most three years apart."));
		return 400;
	}
	/* Up to the end of the last day. */
	*to_at = encounter_day_start(encounter_day(*to_at) + 1);
	return 0;
}

static int
load_programme(struct request *r, struct db *db, struct stats_report_view *rv,
    int64_t region, int64_t from_at, int64_t to_at)
{
	struct arena *a = &r->arena;
	enum lang l = r->lang;
	struct programme_figures f;
	struct stats_report_table *t = &rv->programme;
	struct stats_chart ch;
	struct stats_value *vals;
	const char **labels;
	size_t i;

	if (programme_region_figures(db, a, l, region, rv->from, rv->to,
	    from_at, to_at, &f) != 0)
		return -1;
	figures(a, l, t, "programme.csv", i18n_text(l, "The sparring programme"),
	    6 + ACTION_STATUS_COUNT);
	row(t, "periods", i18n_text(l, "Programme periods"), num(a, f.periods));
	row(t, "tutor_municipalities", i18n_text(l, "Tutor municipalities"),
	    num(a, f.tutor_municipalities));
	row(t, "tutors", i18n_text(l, "Tutors"), num(a, f.tutors));
	row(t, "supported_municipalities", i18n_text(l,
	    "Municipalities supported"), num(a, f.sparred));
	row(t, "sessions", i18n_text(l, "Sparring sessions held"),
	    num(a, f.sessions));
	labels = arena_calloc(a, ACTION_STATUS_COUNT, sizeof(*labels));
	vals = arena_calloc(a, ACTION_STATUS_COUNT, sizeof(*vals));
	for (i = 0; i < ACTION_STATUS_COUNT; i++) {
		labels[i] = i18n_text(l, action_status_label(
		    (enum action_status)i));
		vals[i] = (struct stats_value){ f.actions[i],
		    DISCLOSURE_SHOWN };
		row(t, arena_printf(a, "actions_%s", action_status_name(
		    (enum action_status)i)), arena_printf(a, "%s: %s",
		    i18n_text(l, "Actions"), labels[i]), num(a, f.actions[i]));
	}
	memset(&ch, 0, sizeof(ch));
	ch.id = "actions";
	ch.title = i18n_text(l, "Actions by status");
	ch.desc = i18n_text(l, "The actions agreed in sparring, by where they stand now.");
	stats_chart_series(&ch, labels, vals, ACTION_STATUS_COUNT);
	rv->actions_svg = stats_chart_svg(a, stats_chart_bars, &ch);

	t = &rv->dims;
	table(a, t, "self-assessment.csv", i18n_text(l,
	    "Self-assessment at the start and at the end"), f.ndims);
	t->ncols = 4;
	t->head[0] = i18n_text(l, "Dimension");
	t->head[1] = i18n_text(l, "Municipalities");
	t->head[2] = i18n_text(l, "At the start");
	t->head[3] = i18n_text(l, "At the end");
	t->head[4] = i18n_text(l, "Change");
	t->keys[0] = "municipalities";
	t->keys[1] = "start_average";
	t->keys[2] = "end_average";
	t->keys[3] = "change";
	for (i = 0; i < f.ndims; i++) {
		const struct programme_dim_change *d = &f.dims[i];
		struct stats_report_row *w = row(t, d->key, d->label,
		    num(a, d->workspaces));
		char *c;

		w->v[1] = average(a, l, d->start_sum, d->workspaces);
		w->v[2] = average(a, l, d->end_sum, d->workspaces);
		c = average(a, l, d->end_sum - d->start_sum,
		    d->workspaces);
		w->v[3] = d->end_sum > d->start_sum ? arena_printf(a, "+%s", c) :
		    c;
	}
	return 0;
}

static int
load_events(struct request *r, struct db *db, struct stats_report_view *rv,
    int64_t region, int64_t from_at, int64_t to_at)
{
	struct arena *a = &r->arena;
	enum lang l = r->lang;
	struct stats_report_table *t = &rv->events;
	int64_t regs = 0, people = 0, came = 0, *ids;
	struct att_feedback_sums fb = { 0, 0, 0 }, one;
	struct att_figures f;
	size_t n, i;

	if ((ids = events_held(db, a, region, from_at, to_at, time_now(),
	    &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (attendance_figures(db, ids[i], &f) != 0 ||
		    attendance_feedback_sums(db, ids[i], &one) != 0)
			return -1;
		regs += f.registrations;
		people += f.registered_people;
		came += f.total;
		fb.answers += one.answers;
		fb.rating_sum += one.rating_sum;
		fb.recommend_sum += one.recommend_sum;
	}
	figures(a, l, t, "events.csv", i18n_text(l, "Events"), 7);
	row(t, "held", i18n_text(l, "Events held"), num(a, (int64_t)n));
	row(t, "registrations", i18n_text(l, "Registrations"), num(a, regs));
	row(t, "registered_people", i18n_text(l, "People registered"),
	    num(a, people));
	row(t, "attended", i18n_text(l, "People who took part"), num(a, came));
	row(t, "feedback_answers", i18n_text(l, "Feedback answers"),
	    num(a, fb.answers));
	row(t, "rating_average", i18n_text(l, "Rating on average (1–5)"),
	    average(a, l, fb.rating_sum, fb.answers));
	row(t, "recommend_average", i18n_text(l,
	    "Would recommend on average (0–10)"), average(a, l,
	    fb.recommend_sum, fb.answers));
	return 0;
}

/* The learning module's figures; "not in use" rather than 0 for the
 * trainings of a region that has none at all. */
static int
load_learning(struct request *r, struct db *db, struct stats_report_view *rv,
    int64_t region, int64_t from_at, int64_t to_at)
{
	struct arena *a = &r->arena;
	enum lang l = r->lang;
	struct stats_report_table *t = &rv->learning;
	struct learning_figures f;
	const char *off = i18n_text(l, "Not in use");
	bool on;

	if (learning_period_figures(db, region, from_at, to_at, &f) != 0)
		return -1;
	on = f.trainings_total > 0;
	figures(a, l, t, "learning.csv", i18n_text(l, "Learning"), 6);
	row(t, "trainings", i18n_text(l, "New trainings"), on ?
	    num(a, f.trainings) : off);
	row(t, "enrolments", i18n_text(l, "Enrolments in trainings"), on ?
	    num(a, f.enrolments) : off);
	row(t, "completions", i18n_text(l, "Trainings completed"), on ?
	    num(a, f.completions) : off);
	row(t, "tests_passed", i18n_text(l, "Tests passed"), on ?
	    num(a, f.tests_passed) : off);
	row(t, "badges_awarded", i18n_text(l, "Badges awarded"),
	    num(a, f.badges_awarded));
	row(t, "badges_revoked", i18n_text(l, "Badges revoked"),
	    num(a, f.badges_revoked));
	return 0;
}

static int
load_directory(struct request *r, struct db *db, struct stats_report_view *rv,
    int64_t region)
{
	struct arena *a = &r->arena;
	enum lang l = r->lang;
	struct dir_count *mc, *lc;
	struct municipality *m;
	size_t nmc, nlc, nm, i, k;
	int64_t total = 0;
	struct stats_report_table *t = &rv->places;

	if (directory_store_coverage(db, a, region, &mc, &nmc, &lc, &nlc) != 0 ||
	    network_municipalities(db, a, l, region, &m, &nm) != 0)
		return -1;
	table(a, t, "service-points.csv", i18n_text(l,
	    "Service points by municipality"), nm + 1);
	t->head[0] = i18n_text(l, "Municipality");
	t->head[1] = i18n_text(l, "Service points");
	t->keys[0] = "service_points";
	for (i = 0; i < nm; i++) {
		int64_t n = 0;

		for (k = 0; k < nmc; k++)
			if (strcmp(mc[k].key, m[i].code) == 0)
				n = mc[k].n;
		total += n;
		row(t, m[i].code, m[i].name, num(a, n));
	}
	row(t, "total", i18n_text(l, "Total"), num(a, total));
	t = &rv->langs;
	table(a, t, "languages.csv", i18n_text(l,
	    "Languages offered at the service points"), nlc);
	t->head[0] = i18n_text(l, "Language");
	t->head[1] = i18n_text(l, "Service points");
	t->keys[0] = "service_points";
	for (i = 0; i < nlc; i++)
		row(t, lc[i].key, dir_language_label(l, lc[i].key),
		    num(a, lc[i].n));
	return 0;
}

/* Everything the page and the bundle show: 0, or the status answered. */
static int
prepare(struct request *r, struct stats_report_view *rv)
{
	struct arena *a = &r->arena;
	int64_t region, from_at, to_at;
	int32_t mfrom, mto, last;
	struct db *db;
	int rc;

	memset(rv, 0, sizeof(*rv));
	if ((db = response_db(r)) == NULL)
		return 503;
	if (stats_forms() == NULL) {
		response_unavailable(r);
		return 503;
	}
	if ((rc = read_request(r, db, rv, &region, &from_at, &to_at)) != 0)
		return rc;
	mfrom = encounter_month(encounter_day(from_at));
	mto = encounter_month(encounter_day(to_at) - 1);
	rv->period = arena_printf(a, "%s\xe2\x80\x93%s", time_format_date(a,
	    r->lang, from_at), time_format_date(a, r->lang, to_at - 1));
	/* The encounters up to the last quarter published (release.h;
	 * stats_pub_span() leaves the others out). */
	last = stats_published_until(mto);
	rv->months = last < mfrom ? "" : arena_printf(a,
	    "%d/%d\xe2\x80\x93%d/%d", mfrom % 12 + 1, mfrom / 12,
	    last % 12 + 1, last / 12);
	if (load_programme(r, db, rv, region, from_at, to_at) != 0 ||
	    load_events(r, db, rv, region, from_at, to_at) != 0 ||
	    load_learning(r, db, rv, region, from_at, to_at) != 0 ||
	    load_directory(r, db, rv, region) != 0 ||
	    stats_pub_span(r, db, region, mfrom, mto, &rv->pb, &rv->pv) != 0) {
		response_unavailable(r);
		return 503;
	}
	return 0;
}

void
stats_report(struct request *r)
{
	struct stats_report_view rv;
	struct view v;
	struct page p;
	const char *title;

	if (prepare(r, &rv) != 0)
		return;
	rv.base = url_for(&r->arena, r->lang, "stats.report", NULL);
	rv.zip = arena_printf(&r->arena, "%s?from=%s&to=%s", url_for(&r->arena,
	    r->lang, "stats.report-zip", NULL), rv.from, rv.to);
	title = i18n_text(r->lang, "Period report");
	page_begin_staff(r, 200, arena_printf(&r->arena, "%s: %s %s", title,
	    rv.region, rv.period), &v, &p);
	page_crumb(&p, i18n_text(r->lang, "Support statistics"),
	    url_for(&r->arena, r->lang, "stats.dashboard", NULL));
	page_crumb(&p, title, NULL);
	page_stats_report(&v, &p, &rv);
}

/* One table as a CSV file: key, label, its figures. */
static void
csv_table(struct buf *b, const struct stats_report_table *t)
{
	struct csvout c;
	size_t i, k;

	csvout_init(&c, b, ';', true);
	csvout_raw(&c, "key");
	csvout_raw(&c, "label");
	for (k = 0; k < t->ncols; k++)
		csvout_raw(&c, t->keys[k]);
	csvout_end(&c);
	for (i = 0; i < t->nrows; i++) {
		csvout_text(&c, t->rows[i].key);
		csvout_text(&c, t->rows[i].label);
		/* Figures the report made: "+2,0" is a change, not a
		 * formula. */
		for (k = 0; k < t->ncols; k++)
			csvout_raw(&c, t->rows[i].v[k]);
		csvout_end(&c);
	}
}

/* One table of published encounter figures: label, count or mark. */
static void
csv_published(struct buf *b, const char *head,
    const struct stats_pub_row *rows, size_t n)
{
	struct csvout c;
	size_t i;

	csvout_init(&c, b, ';', true);
	csvout_raw(&c, head);
	csvout_raw(&c, "encounters");
	csvout_raw(&c, "mark");
	csvout_end(&c);
	for (i = 0; i < n; i++) {
		const struct stats_value *x = &rows[i].v[0];

		csvout_text(&c, rows[i].label);
		if (x->state == DISCLOSURE_SHOWN)
			csvout_int(&c, x->count);
		else
			csvout_empty(&c);
		csvout_raw(&c, x->state == DISCLOSURE_PRIMARY ? "< 5" :
		    x->state == DISCLOSURE_SECONDARY ? "x" : "");
		csvout_end(&c);
	}
}

void
stats_report_zip(struct request *r)
{
	struct stats_report_view rv;
	const struct stats_report_table *tables[6];
	struct zip_entry e[10];
	struct buf parts[10], z;
	size_t i, n = 0;
	int rc;

	if (prepare(r, &rv) != 0)
		return;
	tables[0] = &rv.programme;
	tables[1] = &rv.dims;
	tables[2] = &rv.events;
	tables[3] = &rv.learning;
	tables[4] = &rv.places;
	tables[5] = &rv.langs;
	for (i = 0; i < 10; i++)
		buf_init(&parts[i]);
	for (i = 0; i < 6; i++) {
		csv_table(&parts[n], tables[i]);
		e[n++].name = tables[i]->file;
	}
	if (rv.pb.level < STATS_LEVEL_WITHHELD) {
		csv_published(&parts[n], "form", rv.pv.groups, rv.pv.ngroups);
		e[n++].name = "encounters-forms.csv";
		csv_published(&parts[n], "topic", rv.pv.topics, rv.pv.ntopics);
		e[n++].name = "encounters-topics.csv";
		csv_published(&parts[n], "municipality", rv.pv.rows,
		    rv.pv.nrows);
		e[n++].name = "encounters-municipalities.csv";
	}
	for (i = 0; i < n; i++) {
		e[i].data = parts[i].data;
		e[i].len = parts[i].len;
	}
	buf_init(&z);
	rc = stats_zip(&z, e, n, time_now());
	for (i = 0; i < 10; i++)
		buf_cleanup(&parts[i]);
	if (rc != 0) {
		buf_cleanup(&z);
		response_unavailable(r);
		return;
	}
	response_begin(r, 200, "application/zip");
	response_header(r, "Cache-Control", "no-store");
	response_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"period-report-%s-%s.zip\"", rv.from,
	    rv.to));
	buf_append(&r->resp.body, z.data, z.len);
	buf_cleanup(&z);
}

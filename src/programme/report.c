/*
 * report.c - the network view of the programme and its exports (see
 * report.h for who sees what).
 *
 * One period is read by report_load() (report_store.c); a region has tens
 * of workspaces and hundreds of rows, so everything is summed up here in C
 * after the rows are in the arena rather than in one GROUP BY per table of
 * the page.  The view and every export read through report_load(), so the
 * figures of the page and of the files are the same by construction.
 *
 * Times are stored in UTC and written in Helsinki time (the CSV files, for
 * people) or as ISO 8601 UTC (the JSON API, for programs); dates of
 * actions are Helsinki calendar dates and are written as they are.
 */
#include <jansson.h>
#include <microhttpd.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/policy.h"
#include "base/csvout.h"
#include "base/time.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "network/network.h"
#include "programme/report.h"
#include "tmpl_report.h"
#include "view/format.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")

/* --- small helpers --- */

/* "2021-10-06 09:00", Helsinki time, for spreadsheets (which read it as a
 * date and time, unlike the page's "6.10.2021 klo 9.00"). */

/* --- helpers for the template --- */

static char
report_mark(enum lang l)
{
	return l == LANG_EN ? '.' : ',';
}

const char *
report_number(struct view *v, double x, int decimals)
{
	char tmp[48];

	chart_number(tmp, sizeof(tmp), x, decimals, report_mark(v->lang));
	return arena_strdup(v->arena, tmp);
}

const char *
report_period_label(struct view *v, const struct programme_period *p,
    bool with_region)
{
	const char *fmt = period_format_label(v->lang, p->format);

	if (with_region)
		return arena_printf(v->arena, "%s %lld · %s", p->region,
		    (long long)p->year, fmt);
	return arena_printf(v->arena, "%lld · %s", (long long)p->year, fmt);
}

const char *
report_date(struct view *v, const char *ymd)
{
	int64_t t;

	if (ymd == NULL || ymd[0] == '\0')
		return "";
	if (time_parse_local(arena_printf(v->arena, "%s 12:00", ymd), &t) != 0)
		return ymd;
	return time_format_date(v->arena, v->lang, t);
}

/* --- who sees which period --- */

bool
report_mark_visible(const struct user *u, struct report_data *d)
{
	struct object_scope s = { .region_id = d->period.region_id };
	bool any = policy_reaches(u, SCOPE_MANAGED, &s);
	size_t i;

	for (i = 0; i < d->nws; i++) {
		s.municipality = d->ws[i].code;
		d->ws[i].visible = policy_reaches(u, SCOPE_WORKED_ON, &s);
		any = any || d->ws[i].visible;
	}
	return any;
}

/*
 * The period an export asks for (?period=ID), or
 * when none is named the newest one in which u has something.  The status
 * to answer when there is none: 0 found, 404 unknown, malformed or not
 * u's, 503 database.  d is loaded and its workspaces marked.
 */
static int
report_export_period(struct request *r, struct db *db, const char *id_text,
    struct report_data *d)
{
	struct programme_period p, *all;
	size_t n, i;
	int64_t id;
	int rc;

	if (id_text != NULL && id_text[0] != '\0') {
		if (id_parse(id_text, &id) != 0)
			return 404;
		if ((rc = report_period(db, &r->arena, r->lang, id, &p)) != 0)
			return rc == 1 ? 404 : 503;
		if (report_load(db, &r->arena, r->lang, &p, d) != 0)
			return 503;
		return report_mark_visible(&r->user, d) ? 0 : 404;
	}
	if (report_periods(db, &r->arena, r->lang, 0, &all, &n) != 0)
		return 503;
	for (i = 0; i < n; i++) {
		if (report_load(db, &r->arena, r->lang, &all[i], d) != 0)
			return 503;
		if (report_mark_visible(&r->user, d))
			return 0;
	}
	return 404;
}

/* --- the network view --- */

static void
report_begin(struct request *r, int status, const char *title,
    struct view *v, struct page *p)
{
	page_begin_staff(r, status, title, v, p);
	page_crumb(p, title, NULL);
}

static int
report_late_cmp(const void *x, const void *y)
{
	const struct report_late *a = x, *b = y;

	if (a->days != b->days)
		return a->days > b->days ? -1 : 1;
	return a->a->id < b->a->id ? -1 : a->a->id > b->a->id;
}

/* The per-municipality rows, averages and totals of the view. */
static void
report_sum(struct request *r, struct report_view *rv,
    const struct report_data *d)
{
	struct arena *a = &r->arena;
	int64_t now = time_now();
	size_t i, j, k, pos;
	double *sum;

	rv->rows = arena_calloc(a, d->nws ? d->nws : 1, sizeof(*rv->rows));
	for (i = 0; i < d->nws; i++) {
		rv->rows[i].ws = &d->ws[i];
		rv->rows[i].start = arena_calloc(a, d->ndims ? d->ndims : 1,
		    sizeof(int));
		rv->rows[i].end = arena_calloc(a, d->ndims ? d->ndims : 1,
		    sizeof(int));
	}

	/* Scores, and their averages per dimension and phase. */
	rv->avgs = arena_calloc(a, d->ndims ? d->ndims : 1, sizeof(*rv->avgs));
	sum = arena_calloc(a, 2 * (d->ndims ? d->ndims : 1), sizeof(double));
	for (k = 0; k < d->nscores; k++) {
		const struct report_score *s = &d->scores[k];

		if ((pos = report_ws_pos(d, s->workspace_id)) == d->nws)
			continue;
		for (j = 0; j < d->ndims; j++)
			if (strcmp(d->dims[j].key, s->dimension) == 0)
				break;
		if (j == d->ndims)
			continue;
		if (s->end) {
			rv->rows[pos].end[j] = s->score;
			sum[2 * j + 1] += s->score;
			rv->avgs[j].nend++;
		} else {
			rv->rows[pos].start[j] = s->score;
			sum[2 * j] += s->score;
			rv->avgs[j].nstart++;
		}
		rv->any_scores = true;
	}
	for (j = 0; j < d->ndims; j++) {
		rv->avgs[j].dim = &d->dims[j];
		rv->avgs[j].start = rv->avgs[j].nstart ?
		    sum[2 * j] / (double)rv->avgs[j].nstart : -1;
		rv->avgs[j].end = rv->avgs[j].nend ?
		    sum[2 * j + 1] / (double)rv->avgs[j].nend : -1;
	}

	/* Each municipality's average score at the start and at the end,
	 * over the dimensions it scored (the summary at the top). */
	for (i = 0; i < d->nws; i++) {
		double st = 0, en = 0;
		int ns = 0, ne = 0;

		for (j = 0; j < d->ndims; j++) {
			if (rv->rows[i].start[j]) {
				st += rv->rows[i].start[j];
				ns++;
			}
			if (rv->rows[i].end[j]) {
				en += rv->rows[i].end[j];
				ne++;
			}
		}
		rv->rows[i].start_avg = ns ? st / ns : -1;
		rv->rows[i].end_avg = ne ? en / ne : -1;
	}

	/* Actions by status, and the overdue ones; once the period has
	 * ended, the open ones are open at its end instead (#12 item 9). */
	rv->ended = strcmp(d->period.ends_on, rv->today) < 0;
	rv->late = arena_calloc(a, d->nactions ? d->nactions : 1,
	    sizeof(*rv->late));
	for (k = 0; k < d->nactions; k++) {
		const struct report_action *x = &d->actions[k];
		int days;

		if ((pos = report_ws_pos(d, x->workspace_id)) == d->nws)
			continue;
		rv->rows[pos].by_status[x->status]++;
		rv->rows[pos].actions++;
		rv->by_status[x->status]++;
		rv->actions++;
		if (rv->ended) {
			if (x->status == ACTION_DONE ||
			    x->status == ACTION_DROPPED)
				continue;
			rv->rows[pos].open_at_end++;
			rv->open_at_end++;
			rv->late[rv->nlate].a = x;
			rv->late[rv->nlate].ws = &d->ws[pos];
			rv->late[rv->nlate].days = 0;
			rv->nlate++;
			continue;
		}
		if (action_overdue(x->due_on, rv->today, x->status) &&
		    action_days_left(x->due_on, rv->today, &days)) {
			rv->rows[pos].overdue++;
			rv->overdue++;
			rv->late[rv->nlate].a = x;
			rv->late[rv->nlate].ws = &d->ws[pos];
			rv->late[rv->nlate].days = -days;
			rv->nlate++;
		}
	}
	if (rv->nlate > 1)
		qsort(rv->late, rv->nlate, sizeof(*rv->late), report_late_cmp);

	/* Sessions per municipality: held (started by now) and coming. */
	for (k = 0; k < d->nsessions; k++) {
		const struct report_session *s = &d->sessions[k];

		if ((pos = report_ws_pos(d, s->workspace_id)) == d->nws)
			continue;
		if (s->starts_at <= now) {
			rv->rows[pos].held++;
			rv->held++;
		} else {
			rv->rows[pos].upcoming++;
			rv->upcoming++;
		}
	}

	/* Per tutor municipality: the sessions of the municipalities it
	 * supports (a municipality with two tutors counts for both). */
	rv->tutors = arena_calloc(a, d->ntutoring ? d->ntutoring : 1,
	    sizeof(*rv->tutors));
	for (k = 0; k < d->ntutoring; k++) {
		const struct report_tutoring *t = &d->tutoring[k];
		struct report_tutor_row *tr;
		const char *name;

		if (rv->ntutors == 0 ||
		    strcmp(rv->tutors[rv->ntutors - 1].code, t->tutor_code) != 0) {
			tr = &rv->tutors[rv->ntutors++];
			tr->code = t->tutor_code;
			tr->name = t->tutor;
			tr->municipalities = "";
		}
		tr = &rv->tutors[rv->ntutors - 1];
		if ((pos = report_ws_pos(d, t->workspace_id)) == d->nws)
			continue;
		name = d->ws[pos].municipality;
		tr->municipalities = tr->municipalities[0] ?
		    arena_printf(a, "%s, %s", tr->municipalities, name) : name;
		tr->held += rv->rows[pos].held;
		tr->upcoming += rv->rows[pos].upcoming;
	}
}

/* The charts of the view; the template writes each with its table. */
static void
report_charts(struct request *r, struct report_view *rv,
    const struct report_data *d)
{
	struct arena *a = &r->arena;
	enum lang l = r->lang;
	const char **groups, **series;
	double *val;
	size_t i, n;
	int k;

	/* Self-assessment: average start and end per dimension. */
	groups = arena_calloc(a, d->ndims + 1, sizeof(*groups));
	val = arena_calloc(a, 2 * (d->ndims + 1), sizeof(*val));
	series = arena_calloc(a, 2, sizeof(*series));
	series[0] = i18n_text(l, "Start");
	series[1] = i18n_text(l, "End");
	for (i = 0; i < d->ndims; i++) {
		groups[i] = d->dims[i].label;
		val[2 * i] = rv->avgs[i].start;
		val[2 * i + 1] = rv->avgs[i].end;
	}
	rv->scores_chart = (struct chart){
		.id = "chart-scores",
		.title = arena_printf(a, i18n_text(l, "Self-assessment %lld: average score of the municipalities per dimension, start and end"),
		    (long long)d->period.year),
		.desc = arena_printf(a, i18n_text(l, "Bars show the average score on a scale of 1 to 5 at the start and at the end of the period, over the %zu municipalities of the period. The table after the chart has the same figures."),
		    d->nws),
		.groups = groups, .ngroups = d->ndims,
		.series = series, .nseries = 2,
		.values = val, .max = 5, .decimals = 1,
		.decimal_mark = report_mark(l),
		.no_value = i18n_text(l, "not assessed"),
	};

	/* Actions by status, and overdue. */
	groups = arena_calloc(a, ACTION_STATUS_COUNT + 1, sizeof(*groups));
	val = arena_calloc(a, ACTION_STATUS_COUNT + 1, sizeof(*val));
	series = arena_calloc(a, 1, sizeof(*series));
	series[0] = i18n_text(l, "Actions");
	for (k = 0; k < ACTION_STATUS_COUNT; k++) {
		groups[k] = i18n_text(l, action_status_label((enum action_status)k));
		val[k] = (double)rv->by_status[k];
	}
	groups[ACTION_STATUS_COUNT] = rv->ended ?
	    i18n_text(l, "Open at the end of the period") :
	    i18n_text(l, "Overdue");
	val[ACTION_STATUS_COUNT] = (double)(rv->ended ? rv->open_at_end :
	    rv->overdue);
	rv->status_chart = (struct chart){
		.id = "chart-status",
		.title = arena_printf(a, i18n_text(l, "Actions %lld by status"),
		    (long long)d->period.year),
		.desc = arena_printf(a, rv->ended ?
		    i18n_text(l, "%lld actions: %lld planned, %lld in progress, %lld done, %lld dropped; %lld of them open at the end of the period.") :
		    i18n_text(l, "%lld actions: %lld planned, %lld in progress, %lld done, %lld dropped; %lld of them overdue."),
		    (long long)rv->actions,
		    (long long)rv->by_status[ACTION_PLANNED],
		    (long long)rv->by_status[ACTION_IN_PROGRESS],
		    (long long)rv->by_status[ACTION_DONE],
		    (long long)rv->by_status[ACTION_DROPPED],
		    (long long)(rv->ended ? rv->open_at_end : rv->overdue)),
		.groups = groups, .ngroups = ACTION_STATUS_COUNT + 1,
		.series = series, .nseries = 1,
		.values = val, .decimals = 0, .decimal_mark = report_mark(l),
	};

	/* Sessions held per municipality. */
	n = d->nws;
	groups = arena_calloc(a, n + 1, sizeof(*groups));
	val = arena_calloc(a, n + 1, sizeof(*val));
	series = arena_calloc(a, 1, sizeof(*series));
	series[0] = i18n_text(l, "Sessions held");
	for (i = 0; i < n; i++) {
		groups[i] = d->ws[i].municipality;
		val[i] = (double)rv->rows[i].held;
	}
	rv->sessions_chart = (struct chart){
		.id = "chart-sessions",
		.title = arena_printf(a, i18n_text(l, "Sparring sessions held %lld per municipality"),
		    (long long)d->period.year),
		.desc = arena_printf(a, i18n_text(l, "%lld sessions held in %zu municipalities; %lld more planned."),
		    (long long)rv->held, n, (long long)rv->upcoming),
		.groups = groups, .ngroups = n,
		.series = series, .nseries = 1,
		.values = val, .decimals = 0, .decimal_mark = report_mark(l),
	};

	/* Sessions held per tutor municipality. */
	n = rv->ntutors;
	groups = arena_calloc(a, n + 1, sizeof(*groups));
	val = arena_calloc(a, n + 1, sizeof(*val));
	for (i = 0; i < n; i++) {
		groups[i] = rv->tutors[i].name;
		val[i] = (double)rv->tutors[i].held;
	}
	rv->tutors_chart = (struct chart){
		.id = "chart-tutors",
		.title = arena_printf(a, i18n_text(l, "Sparring sessions held %lld per tutor municipality"),
		    (long long)d->period.year),
		.desc = arena_printf(a, i18n_text(l, "Sessions held in the municipalities each of the %zu tutor municipalities supports."),
		    n),
		.groups = groups, .ngroups = n,
		.series = series, .nseries = 1,
		.values = val, .decimals = 0, .decimal_mark = report_mark(l),
	};
}

void
report_view(struct request *r)
{
	struct report_view rv;
	struct programme_period *all;
	struct report_data d;
	struct db *db = response_db(r);
	const char *want = kv_get(&r->query, "period");
	struct view v;
	struct page p;
	char today[11];
	size_t n, i;
	int64_t id = 0;

	memset(&rv, 0, sizeof(rv));
	if (db == NULL)
		return;
	if (want != NULL && want[0] != '\0' && id_parse(want, &id) != 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	/* The periods of the regions the viewer manages. */
	if (report_periods(db, &r->arena, r->lang,
	    policy_region_filter(&r->user), &all, &n) != 0) {
		response_unavailable(r);
		return;
	}
	for (i = 1; i < n; i++)
		if (all[i].region_id != all[0].region_id)
			rv.many_regions = true;
	rv.periods = all;
	rv.nperiods = n;
	for (i = 0; i < n && rv.period == NULL; i++)
		if (id == 0 || all[i].id == id)
			rv.period = &all[i];
	if (id != 0 && rv.period == NULL) {
		/* Unknown, or another region's: the same answer. */
		response_error(r, 404, NOT_FOUND);
		return;
	}
	time_local_date(time_now(), today);
	rv.today = arena_strdup(&r->arena, today);
	rv.export_actions = url_for(&r->arena, r->lang,
	    "programme.export-actions", NULL);
	rv.export_sessions = url_for(&r->arena, r->lang,
	    "programme.export-sessions", NULL);
	rv.export_assessments = url_for(&r->arena, r->lang,
	    "programme.export-assessments", NULL);
	if (rv.period != NULL) {
		if (report_load(db, &r->arena, r->lang, rv.period, &d) != 0) {
			response_unavailable(r);
			return;
		}
		rv.d = &d;
		report_sum(r, &rv, &d);
		report_charts(r, &rv, &d);
	}
	report_begin(r, 200, i18n_text(r->lang, "Network view"), &v, &p);
	page_report(&v, &p, &rv);
}

/* --- CSV exports --- */

/*
 * The day lateness is counted to: today, or the period's last day once it
 * has ended, so that an action left open in 2021 is late by the days it
 * was late when the period ended, not by years (#12 item 9).
 */
static const char *
report_late_day(const struct report_data *d, const char *today)
{
	return strcmp(d->period.ends_on, today) < 0 ? d->period.ends_on : today;
}

enum report_kind { REPORT_ACTIONS, REPORT_SESSIONS, REPORT_ASSESSMENTS };

/* The file name: "uusimaa-2021-actions.csv" (letters, digits and '-'
 * only, whatever the region's code holds). */
static const char *
report_filename(struct arena *a, const struct programme_period *p,
    const char *what)
{
	char *code = arena_strdup(a, p->region_code[0] ? p->region_code :
	    "region");
	size_t i;

	for (i = 0; code[i] != '\0'; i++)
		if (!((code[i] >= 'a' && code[i] <= 'z') ||
		    (code[i] >= '0' && code[i] <= '9') || code[i] == '-'))
			code[i] = '-';
	return arena_printf(a, "%s-%lld-%s.csv", code, (long long)p->year,
	    what);
}

/* The header row: msgids in the request's language. */
static void
report_header(struct csvout *c, enum lang l, const char *const *msgids)
{
	for (; *msgids != NULL; msgids++)
		csvout_text(c, i18n_text(l, *msgids));
	csvout_end(c);
}

static void
report_csv_actions(struct request *r, struct csvout *c,
    const struct report_data *d, const char *late_day)
{
	static const char *const head[] = {
		N_("Period"), N_("Municipality code"), N_("Municipality"),
		N_("Action id"), N_("Concrete action"), N_("Owner"), N_("Due date"),
		N_("Status"), N_("Progress %"), N_("Overdue"), N_("Days late"),
		N_("Agreed in the session of"), N_("Last changed"), NULL,
	};
	size_t i;

	report_header(c, r->lang, head);
	for (i = 0; i < d->nactions; i++) {
		const struct report_action *x = &d->actions[i];
		const struct report_workspace *w = report_ws(d, x->workspace_id);
		bool late;
		int days = 0;

		if (w == NULL || !w->visible)
			continue;
		late = action_overdue(x->due_on, late_day, x->status) &&
		    action_days_left(x->due_on, late_day, &days);
		csvout_int(c, d->period.year);
		csvout_text(c, w->code);
		csvout_text(c, w->municipality);
		csvout_int(c, x->id);
		csvout_text(c, x->title);
		csvout_text(c, x->owner);
		csvout_text(c, x->due_on);
		csvout_text(c, i18n_text(r->lang, action_status_label(x->status)));
		csvout_int(c, x->progress);
		csvout_text(c, i18n_text(r->lang, late ? N_("yes") : N_("no")));
		if (late)
			csvout_int(c, -days);
		else
			csvout_empty(c);
		if (x->session_id)
			csvout_text(c, time_format_local(&r->arena, x->session_at));
		else
			csvout_empty(c);
		csvout_text(c, time_format_local(&r->arena, x->updated_at));
		csvout_end(c);
	}
}

static const char *
report_mode_label(enum session_mode mode)
{
	return mode == SESSION_REMOTE ? N_("remote") : N_("on site");
}

static void
report_csv_sessions(struct request *r, struct csvout *c,
    const struct report_data *d)
{
	static const char *const head[] = {
		N_("Period"), N_("Municipality code"), N_("Municipality"),
		N_("Tutor municipalities"), N_("Session id"), N_("Starts"),
		N_("Mode"), N_("Place"), N_("People taking part"), N_("Agenda"),
		N_("Notes"), N_("Actions agreed"), NULL,
	};
	size_t i;

	report_header(c, r->lang, head);
	for (i = 0; i < d->nsessions; i++) {
		const struct report_session *s = &d->sessions[i];
		const struct report_workspace *w = report_ws(d, s->workspace_id);

		if (w == NULL || !w->visible)
			continue;
		csvout_int(c, d->period.year);
		csvout_text(c, w->code);
		csvout_text(c, w->municipality);
		csvout_text(c, w->tutors);
		csvout_int(c, s->id);
		csvout_text(c, time_format_local(&r->arena, s->starts_at));
		csvout_text(c, i18n_text(r->lang, report_mode_label(s->mode)));
		csvout_text(c, s->place);
		csvout_text(c, s->participants);
		csvout_text(c, s->agenda);
		csvout_text(c, s->notes);
		csvout_int(c, s->nactions);
		csvout_end(c);
	}
}

/* One row per municipality and dimension that has a score in either
 * phase: start and end side by side, and the change when both exist. */
static void
report_csv_assessments(struct request *r, struct csvout *c,
    const struct report_data *d)
{
	static const char *const head[] = {
		N_("Period"), N_("Municipality code"), N_("Municipality"),
		N_("Dimension"), N_("Start score"), N_("End score"),
		N_("Change"), N_("Start note"), N_("End note"), NULL,
	};
	size_t i, j, k;

	report_header(c, r->lang, head);
	for (i = 0; i < d->nws; i++) {
		const struct report_workspace *w = &d->ws[i];

		if (!w->visible)
			continue;
		for (j = 0; j < d->ndims; j++) {
			const struct report_score *st = NULL, *en = NULL;

			for (k = 0; k < d->nscores; k++) {
				const struct report_score *s = &d->scores[k];

				if (s->workspace_id != w->id ||
				    strcmp(s->dimension, d->dims[j].key) != 0)
					continue;
				if (s->end)
					en = s;
				else
					st = s;
			}
			if (st == NULL && en == NULL)
				continue;
			csvout_int(c, d->period.year);
			csvout_text(c, w->code);
			csvout_text(c, w->municipality);
			csvout_text(c, d->dims[j].label);
			if (st)
				csvout_int(c, st->score);
			else
				csvout_empty(c);
			if (en)
				csvout_int(c, en->score);
			else
				csvout_empty(c);
			if (st && en)
				csvout_int(c, en->score - st->score);
			else
				csvout_empty(c);
			csvout_text(c, st ? st->note : NULL);
			csvout_text(c, en ? en->note : NULL);
			csvout_end(c);
		}
	}
}

/*
 * ?sep=semicolon writes ';' between fields and a decimal comma, which is
 * what Excel expects in a Finnish or Swedish locale; the default (or
 * ?sep=comma) is RFC 4180's comma.  Either way UTF-8 with a byte-order
 * mark (without it Excel reads the file as Windows-1252).
 */
static void
report_export(struct request *r, enum report_kind kind)
{
	static const char *const names[] = { "actions", "sessions",
	    "assessments" };
	struct report_data d;
	struct db *db = request_db(r);
	struct csvout c;
	char today[11], sep;
	int status;

	if (format_csv_sep(r, &sep) != 0) {
		response_error(r, 400, N_("The separator must be comma or semicolon."));
		return;
	}
	if (db == NULL) {
		response_unavailable(r);
		return;
	}
	status = report_export_period(r, db, kv_get(&r->query, "period"), &d);
	if (status != 0) {
		response_error(r, status, status == 503 ? UNAVAILABLE :
		    NOT_FOUND);
		return;
	}
	time_local_date(time_now(), today);
	response_begin(r, 200, "text/csv; charset=utf-8; header=present");
	/* Names and notes of people: never kept by a shared cache. */
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	response_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"%s\"", report_filename(&r->arena,
	    &d.period, names[kind])));
	csvout_init(&c, &r->resp.body, sep, true);
	switch (kind) {
	case REPORT_ACTIONS:
		report_csv_actions(r, &c, &d, report_late_day(&d, today));
		break;
	case REPORT_SESSIONS:
		report_csv_sessions(r, &c, &d);
		break;
	case REPORT_ASSESSMENTS:
		report_csv_assessments(r, &c, &d);
		break;
	}
}

void
report_export_actions(struct request *r)
{
	report_export(r, REPORT_ACTIONS);
}

void
report_export_sessions(struct request *r)
{
	report_export(r, REPORT_SESSIONS);
}

void
report_export_assessments(struct request *r)
{
	report_export(r, REPORT_ASSESSMENTS);
}

/* --- the JSON API --- */

/* A UTC time as ISO 8601 JSON, or null for 0. */
static json_t *
report_json_time(struct arena *a, int64_t t)
{
	return t ? json_string(time_format_iso(a, t)) : json_null();
}

static json_t *
report_json_str(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/*
 * GET /api/v1/periods/:id/actions: the actions of the period in the
 * municipalities the caller works on, numbers as numbers, dates as ISO
 * 8601 (due dates as the calendar dates they are), texts untranslated
 * except the municipality's name (Accept-Language).
 */
void
report_api_actions(struct request *r)
{
	const struct report_data *d = request_object(r);
	json_t *root, *list, *o;
	char today[11];
	const char *late_day;
	size_t i;

	time_local_date(time_now(), today);
	late_day = report_late_day(d, today);
	list = json_array();
	for (i = 0; i < d->nactions; i++) {
		const struct report_action *x = &d->actions[i];
		const struct report_workspace *w = report_ws(d, x->workspace_id);
		bool late;
		int days = 0;

		if (w == NULL || !w->visible)
			continue;
		late = action_overdue(x->due_on, late_day, x->status) &&
		    action_days_left(x->due_on, late_day, &days);
		o = json_pack("{s:I, s:{s:s, s:s}, s:s, s:o, s:o, s:s, s:i, "
		    "s:b, s:o, s:o, s:o, s:o}",
		    "id", (json_int_t)x->id,
		    "municipality", "code", w->code, "name", w->municipality,
		    "title", x->title,
		    "owner", x->owner[0] ? json_string(x->owner) : json_null(),
		    "due_on", report_json_str(x->due_on),
		    "status", action_status_name(x->status),
		    "progress", x->progress,
		    "overdue", late,
		    "days_late", late ? json_integer(-days) : json_null(),
		    "session", x->session_id ? json_pack("{s:I, s:o}", "id",
		    (json_int_t)x->session_id, "starts_at",
		    report_json_time(&r->arena, x->session_at)) : json_null(),
		    "created_at", report_json_time(&r->arena, x->created_at),
		    "updated_at", report_json_time(&r->arena, x->updated_at));
		if (o == NULL || json_array_append_new(list, o) != 0) {
			json_decref(list);
			response_unavailable(r);
			return;
		}
	}
	root = json_pack("{s:{s:I, s:I, s:s, s:s, s:s, s:s}, s:s, s:o}",
	    "period", "id", (json_int_t)d->period.id,
	    "year", (json_int_t)d->period.year,
	    "format", period_format_name(d->period.format),
	    "region", d->period.region_code,
	    "starts_on", d->period.starts_on, "ends_on", d->period.ends_on,
	    "today", today, "actions", list);
	response_json(r, root);
}

/*
 * log.c - the encounter log (ACT_ENCOUNTERS): one phone-sized form that
 * works without JavaScript, the save and "undo last".
 *
 * The points a user logs for are the points they maintain, from the
 * directory's API with the policy's filter (policy_point_filter()); the
 * point sent with a form is loaded through the same API and must pass
 * policy_reaches(SCOPE_POINT), or the form answers with its mistake and
 * writes nothing.  Everything but the topics and the form of support has
 * a default, and the point, the form of support and the language are
 * remembered in a cookie (never in the database, so the page itself
 * writes nothing): after the first encounter the next one is a topic, a
 * form if it changed, and "Save".  The date defaults to today and the
 * time to the current hour; only the hour is kept.
 *
 * A form with mistakes comes back with status 400, everything as written
 * and every mistake named.  A saved encounter answers 303 back to the
 * form, which then offers to undo it for STATS_UNDO_SECONDS.  A form
 * sent without a date or hour (a client of its own) means now.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/response.h"
#include "http/server.h"
#include "http/urls.h"
#include "statistics/release.h"
#include "statistics/views.h"
#include "tmpl_statistics.h"
#include "view/page.h"

#define COOKIE "tv_enc"
#define COOKIE_AGE 31536000	/* a year */

static const char *const duration_labels[ENC_DURATION_COUNT] = {
	N_("Under 10 minutes"), N_("10 to 30 minutes"),
	N_("30 to 60 minutes"), N_("Over an hour"),
};
const char *const stats_age_msgids[ENC_AGE_COUNT] = {
	N_("Under 25"), N_("25 to 64"), N_("65 to 74"), N_("75 or over"),
	N_("Not known"),
};
static const char *const outcome_labels[ENC_OUTCOME_COUNT] = {
	N_("Resolved"), N_("Partly resolved"), N_("Referred elsewhere"),
};
static const char *const group_labels[ENC_GROUP_COUNT] = {
	N_("In person (lähituki)"), N_("Remote (etätuki)"),
	N_("Training (koulutus)"),
};
static const struct { const char *code, *msgid; } languages[] = {
	{ "fi", N_("Finnish") }, { "sv", N_("Swedish") },
	{ "en", N_("English") }, { "ru", N_("Russian") },
	{ "et", N_("Estonian") }, { "ar", N_("Arabic") },
	{ "so", N_("Somali") }, { "uk", N_("Ukrainian") },
	{ "fa", N_("Persian") }, { "se", N_("Northern Sami") },
};
#define NLANGUAGES (sizeof(languages) / sizeof(languages[0]))

/* What the cookie remembers: "POINT.FORM.LANG". */
struct remembered {
	int64_t point;
	const char *form, *language;
};

static void
remembered_read(struct request *r, struct remembered *m)
{
	const char *c = request_cookie(r, COOKIE), *d1, *d2;
	char *end;

	memset(m, 0, sizeof(*m));
	if (c == NULL || (d1 = strchr(c, '.')) == NULL ||
	    (d2 = strchr(d1 + 1, '.')) == NULL)
		return;
	m->point = strtoll(c, &end, 10);
	if (end != d1 || m->point <= 0)
		m->point = 0;
	m->form = arena_strndup(&r->arena, d1 + 1, (size_t)(d2 - d1 - 1));
	m->language = arena_strdup(&r->arena, d2 + 1);
	if (encounter_refs_find(stats_forms(), m->form) == NULL)
		m->form = NULL;
	if (encounter_language_parse(m->language) != 0)
		m->language = NULL;
}

static struct stats_option *
options(struct request *r, const char *const *keys, const char *const *msgids,
    size_t n)
{
	struct stats_option *o = arena_calloc(&r->arena, n, sizeof(*o));
	size_t i;

	for (i = 0; i < n; i++) {
		o[i].key = keys[i];
		o[i].label = i18n_text(r->lang, msgids[i]);
	}
	return o;
}

/* The choices of the form, in the page's language. */
static void
load_choices(struct request *r, struct stats_log_view *lv)
{
	const struct encounter_refs *forms = stats_forms(), *topics =
	    stats_topics();
	const char *keys[ENC_AGE_COUNT];
	struct stats_option *o;
	struct stats_form_group *g;
	const char **hours;
	size_t i, k;
	int h;

	o = arena_calloc(&r->arena, topics->n, sizeof(*o));
	for (i = 0; i < topics->n; i++) {
		o[i].key = topics->items[i].key;
		o[i].label = topics->items[i].label[r->lang];
	}
	lv->topics = o;
	lv->ntopics = topics->n;
	g = arena_calloc(&r->arena, ENC_GROUP_COUNT, sizeof(*g));
	for (k = 0; k < ENC_GROUP_COUNT; k++) {
		g[k].label = i18n_text(r->lang, group_labels[k]);
		o = arena_calloc(&r->arena, forms->n, sizeof(*o));
		for (i = 0; i < forms->n; i++) {
			if (forms->items[i].group != (enum encounter_group)k)
				continue;
			o[g[k].nforms].key = forms->items[i].key;
			o[g[k].nforms++].label = forms->items[i].label[r->lang];
		}
		g[k].forms = o;
	}
	lv->groups = g;
	lv->ngroups = ENC_GROUP_COUNT;
	for (i = 0; i < ENC_DURATION_COUNT; i++)
		keys[i] = encounter_duration_key((enum encounter_duration)i);
	lv->durations = options(r, keys, duration_labels, ENC_DURATION_COUNT);
	lv->ndurations = ENC_DURATION_COUNT;
	for (i = 0; i < ENC_AGE_COUNT; i++)
		keys[i] = encounter_age_key((enum encounter_age)i);
	lv->ages = options(r, keys, stats_age_msgids, ENC_AGE_COUNT);
	lv->nages = ENC_AGE_COUNT;
	for (i = 0; i < ENC_OUTCOME_COUNT; i++)
		keys[i] = encounter_outcome_key((enum encounter_outcome)i);
	lv->outcomes = options(r, keys, outcome_labels, ENC_OUTCOME_COUNT);
	lv->noutcomes = ENC_OUTCOME_COUNT;
	o = arena_calloc(&r->arena, NLANGUAGES, sizeof(*o));
	for (i = 0; i < NLANGUAGES; i++) {
		o[i].key = languages[i].code;
		o[i].label = i18n_text(r->lang, languages[i].msgid);
	}
	lv->languages = o;
	lv->nlanguages = NLANGUAGES;
	hours = arena_calloc(&r->arena, 24, sizeof(*hours));
	for (h = 0; h < 24; h++)
		hours[h] = arena_printf(&r->arena, "%d\xe2\x80\x93%d", h, h + 1);
	lv->hours = hours;
	lv->f.topic_on = arena_calloc(&r->arena, topics->n + 1, sizeof(bool));
}

/* The points the user logs for, closed ones left out.  0 or -1. */
static int
load_points(struct request *r, struct db *db, struct stats_log_view *lv)
{
	struct point_filter pf = policy_point_filter(&r->user);
	struct dir_hit *hits;
	size_t n, i, k;

	if (directory_store_managed(db, &r->arena, r->lang, &pf, &hits,
	    &n) != 0)
		return -1;
	for (i = 0, k = 0; i < n; i++)
		if (hits[i].status != DIR_CLOSED)
			hits[k++] = hits[i];
	lv->points = hits;
	lv->npoints = k;
	return 0;
}

static const struct dir_hit *
find_point(const struct stats_log_view *lv, int64_t id)
{
	size_t i;

	for (i = 0; i < lv->npoints; i++)
		if (lv->points[i].id == id)
			return &lv->points[i];
	return NULL;
}

/* "Online banking; Drop-in; 14–15": what an encounter was, to undo. */
static const char *
describe(struct request *r, const struct stats_encounter *e)
{
	const struct encounter_ref *ref;
	struct buf b;
	const char *s;
	size_t i;

	buf_init(&b);
	for (i = 0; i < e->ntopics; i++) {
		ref = encounter_refs_find(stats_topics(), e->topics[i]);
		buf_printf(&b, "%s%s", i ? ", " : "", ref ? ref->label[r->lang] :
		    e->topics[i]);
	}
	ref = encounter_refs_find(stats_forms(), e->form);
	buf_printf(&b, "; %s; %d\xe2\x80\x93%d", ref ? ref->label[r->lang] :
	    e->form, encounter_hour_of_day(e->hour),
	    encounter_hour_of_day(e->hour) + 1);
	if (e->people > 1)
		buf_printf(&b, "; %lld", (long long)e->people);
	s = arena_strdup(&r->arena, buf_cstr(&b));
	buf_cleanup(&b);
	return s;
}

/* What belongs to the page whatever the form holds: the undo offer, the
 * day's count, the point's name.  0 or -1. */
static int
load_state(struct request *r, struct db *db, struct stats_log_view *lv,
    int64_t now)
{
	struct stats_encounter last;
	const struct dir_hit *h;
	int64_t point = strtoll(lv->f.point, NULL, 10), people;
	int rc;

	rc = stats_store_last(db, &r->arena, r->user.id,
	    now - STATS_UNDO_SECONDS, &last);
	if (rc < 0)
		return -1;
	lv->last = rc == 0 ? describe(r, &last) : NULL;
	if ((h = find_point(lv, point)) != NULL) {
		lv->point_name = h->name;
		if (stats_store_point_day(db, point, encounter_day(now),
		    &lv->today, &people) != 0)
			return -1;
	}
	return 0;
}

/* The log's or the tally's page: its form posts to route. */
static void
render_form(struct request *r, int status, struct stats_log_view *lv,
    const char *route, const char *title,
    void (*tmpl)(struct view *, const struct page *,
    const struct stats_log_view *))
{
	struct view v;
	struct page p;

	lv->csrf = csrf_token(r);
	lv->action = url_for(&r->arena, r->lang, route, NULL);
	page_begin_staff(r, status, i18n_text(r->lang, title), &v, &p);
	page_crumb(&p, i18n_text(r->lang, title), NULL);
	page_form_errors(&p, &lv->errors);
	tmpl(&v, &p, lv);
}

/* Every page of the log and the tally shows the user's points and the
 * form's choices: 0, or -1 with the 503 answered. */
static int
view_begin(struct request *r, struct db **db, struct stats_log_view *lv)
{
	if ((*db = response_db(r)) == NULL)
		return -1;
	memset(lv, 0, sizeof(*lv));
	if (stats_forms() == NULL || load_points(r, *db, lv) != 0) {
		response_unavailable(r);
		return -1;
	}
	load_choices(r, lv);
	return 0;
}

static void
render(struct request *r, int status, struct stats_log_view *lv)
{
	lv->undo_action = url_for(&r->arena, r->lang, "stats.undo", NULL);
	render_form(r, status, lv, "stats.record", N_("Log an encounter"),
	    page_stats_log);
}

void
stats_log(struct request *r)
{
	struct stats_log_view lv;
	struct remembered m;
	const char *q = kv_get(&r->query, "point"), *done;
	char today[11];
	int64_t now = time_now(), point = 0;
	struct db *db;

	if (view_begin(r, &db, &lv) != 0)
		return;
	remembered_read(r, &m);
	if (q != NULL) {
		point = strtoll(q, NULL, 10);
		if (find_point(&lv, point) == NULL) {
			response_error(r, 404, N_("The page you were looking for was not found."));
			return;
		}
	} else if (find_point(&lv, m.point) != NULL)
		point = m.point;
	else if (lv.npoints > 0)
		point = lv.points[0].id;
	time_local_date(now, today);
	lv.f.point = arena_printf(&r->arena, "%lld", (long long)point);
	lv.f.form = m.form ? m.form : "";
	lv.f.duration = encounter_duration_key(ENC_DURATION_10_30);
	lv.f.age = encounter_age_key(ENC_AGE_UNKNOWN);
	lv.f.language = m.language ? m.language : lang_code(r->lang);
	lv.f.outcome = encounter_outcome_key(ENC_OUTCOME_RESOLVED);
	lv.f.people = "";
	lv.f.date = arena_strdup(&r->arena, today);
	lv.f.hour = arena_printf(&r->arena, "%d", encounter_hour_of_day(now));
	if ((done = kv_get(&r->query, "done")) != NULL) {
		if (strcmp(done, "saved") == 0)
			lv.notice = N_("The encounter has been saved.");
		else if (strcmp(done, "undone") == 0)
			lv.notice = N_("The encounter has been taken back.");
		else if (strcmp(done, "none") == 0)
			lv.notice = N_("There was nothing to take back: encounters can be taken back for five minutes.");
		else if (strcmp(done, "closed") == 0)
			lv.notice = N_("The figures of the encounter's quarter have been published, so it can no longer be taken back.");
		else if (strcmp(done, "published") == 0)
			lv.notice = N_("The encounter was not saved: the figures of its quarter were published a moment ago.");
	}
	if (load_state(r, db, &lv, now) != 0) {
		response_unavailable(r);
		return;
	}
	render(r, 200, &lv);
}

/* The index of key among the n options, or -1 (a mistake recorded). */
static int
read_option(struct form *f, const char *name, const struct stats_option *o,
    size_t n, const char **as_written, const char *msgid)
{
	const char *v = form_value(f, name);
	size_t i;

	*as_written = v;
	for (i = 0; i < n; i++)
		if (strcmp(o[i].key, v) == 0)
			return (int)i;
	form_error(f, name, msgid);
	return -1;
}

/*
 * Reads the form into lv->f (as written) and *e: every mistake recorded.
 * The point is checked against the user's reach here, before anything
 * is written.
 */
static void
read_form(struct request *r, struct db *db, struct form *f,
    struct stats_log_view *lv, struct stats_encounter *e, int64_t now,
    bool tally, int *status)
{
	const struct kv_list *kv = &r->form;
	const struct encounter_ref *form;
	const char **topics;
	struct service_point p;
	const char *date;
	char today[11];
	int64_t point, at;
	size_t i, k;
	int hour, idx, y, mo, d, rc;

	memset(e, 0, sizeof(*e));
	lv->f.point = form_value(f, "point");
	point = form_int(f, "point", 1, INT64_MAX, 0, FORM_REQUIRED,
	    N_("Choose the service point."));
	topics = arena_calloc(&r->arena, lv->ntopics + 1, sizeof(*topics));
	/* A tally has its topics and forms in its grid (tally_read()). */
	for (i = 0; !tally && i < kv->n; i++) {
		if (strcmp(kv->items[i].name, "topic") != 0)
			continue;
		for (k = 0; k < lv->ntopics; k++)
			if (strcmp(lv->topics[k].key, kv->items[i].value) == 0)
				break;
		if (k == lv->ntopics) {
			form_error(f, "topic", N_("Choose the topics from the list."));
			continue;
		}
		if (!lv->f.topic_on[k]) {
			lv->f.topic_on[k] = true;
			topics[e->ntopics++] = lv->topics[k].key;
		}
	}
	if (e->ntopics == 0 && !tally)
		form_error(f, "topic", N_("Choose at least one topic."));
	else if (e->ntopics > STATS_TOPICS_MAX)
		form_error(f, "topic", N_("Choose at most eight topics."));
	e->topics = topics;
	lv->f.form = form_value(f, "support_form");
	if (tally)
		;
	else if ((form = encounter_refs_find(stats_forms(), lv->f.form)) ==
	    NULL)
		form_error(f, "support_form", N_("Choose the form of support."));
	else
		e->form = form->key;
	idx = read_option(f, "duration", lv->durations, lv->ndurations,
	    &lv->f.duration, N_("Choose how long the help took."));
	e->duration = (enum encounter_duration)(idx < 0 ? 0 : idx);
	idx = read_option(f, "age", lv->ages, lv->nages, &lv->f.age,
	    N_("Choose the age group, or Not known."));
	e->age = (enum encounter_age)(idx < 0 ? 0 : idx);
	idx = read_option(f, "language", lv->languages, lv->nlanguages,
	    &lv->f.language, N_("Choose the language of the help."));
	e->language = idx < 0 ? "" : lv->languages[idx].key;
	idx = read_option(f, "outcome", lv->outcomes, lv->noutcomes,
	    &lv->f.outcome, N_("Choose how the matter ended."));
	e->outcome = (enum encounter_outcome)(idx < 0 ? 0 : idx);
	lv->f.people = form_value(f, "people");
	e->people = form_int(f, "people", 1, STATS_PEOPLE_MAX, 1, 0,
	    N_("Write the number of people as a whole number from 1 to 500, or leave it empty for one person."));
	lv->f.date = form_value(f, "date");
	lv->f.hour = form_value(f, "hour");
	/* Empty: today, and the hour it is now. */
	date = form_date(f, "date", 0);
	hour = (int)form_int(f, "hour", 0, 23, encounter_hour_of_day(now), 0,
	    N_("Choose the hour."));
	if (*date == '\0' && *form_value(f, "date") == '\0') {
		time_local_date(now, today);
		date = today;
	}
	if (*date != '\0' && form_ok(f) && sscanf(date, "%d-%d-%d", &y, &mo,
	    &d) == 3) {
		at = dir_local_moment(hours_days_from_civil(y, mo, d),
		    hour * 60);
		if (encounter_hour(at) > encounter_hour(now))
			form_error(f, "date", N_("The encounter cannot be in the future."));
		else if (at < now - (int64_t)STATS_DAYS_BACK * 86400)
			form_error(f, "date", N_("Log encounters of the last 31 days only."));
		else if (stats_month_released(encounter_month(encounter_day(
		    at)), stats_month_now()))
			form_error(f, "date", N_("The figures of that quarter have been published, so encounters can no longer be added to it."));
		e->hour = encounter_hour(at);
	}
	if (point > 0) {
		rc = directory_store_get(db, &r->arena, r->lang, point, &p);
		if (rc < 0) {
			*status = 503;
			return;
		}
		/* One answer for a point that does not exist and one the
		 * user may not log for. */
		if (rc != 0 || p.status == DIR_CLOSED ||
		    !policy_reaches(&r->user, SCOPE_POINT, &(struct
		    object_scope){ .region_id = p.region_id, .municipality =
		    p.municipality, .object_id = p.id }))
			form_error(f, "point", N_("You can log encounters only for the service points you maintain."));
		else {
			e->point_id = p.id;
			e->region_id = p.region_id;
			e->municipality = p.municipality;
		}
	}
	e->recorded_by = r->user.id;
	e->recorded_at = now;
}

/*
 * What the log's and the tally's POST share: the user's points, the
 * choices and the common fields read into e (tally: without topic and
 * form).  0, or -1 with the 503 answered.
 */
static int
post_begin(struct request *r, struct db **db, struct stats_log_view *lv,
    struct form *f, struct stats_encounter *e, int64_t now, bool tally)
{
	int status = 0;

	if (view_begin(r, db, lv) != 0)
		return -1;
	form_begin(f, r);
	read_form(r, *db, f, lv, e, now, tally, &status);
	if (status != 0) {
		response_unavailable(r);
		return -1;
	}
	return 0;
}

/* The committer's done(): the encounter is on disk (or was not saved). */
static void
record_done(void *arg)
{
	struct request *r = arg;

	request_resume(r);
}

/* The deferred answer, once the encounter's transaction is committed. */
static void
record_finish(struct request *r, void *arg)
{
	struct stats_job *j = arg;

	if (j->rc != 0) {
		response_unavailable(r);
		return;
	}
	if (j->closed) {
		response_redirect(r, 303, arena_printf(&r->arena,
		    "%s?point=%lld&done=published", url_for(&r->arena, r->lang,
		    "stats.log", NULL), (long long)j->e.point_id));
		return;
	}
	response_header(r, "Set-Cookie", arena_printf(&r->arena,
	    COOKIE "=%lld.%s.%s; Path=/; HttpOnly; SameSite=Lax; "
	    "Max-Age=%d%s", (long long)j->e.point_id, j->e.form,
	    j->e.language, COOKIE_AGE, server_request_is_tls(r) ?
	    "; Secure" : ""));
	response_redirect(r, 303, arena_printf(&r->arena, "%s?point=%lld&"
	    "done=saved", url_for(&r->arena, r->lang, "stats.log", NULL),
	    (long long)j->e.point_id));
}

/*
 * A checked encounter goes to the group committer (committer.c) and the
 * answer waits for its commit without holding a worker thread
 * (request_defer()): the 303 says the encounter is on disk.
 */
void
stats_record(struct request *r)
{
	struct stats_job *j = arena_calloc(&r->arena, 1, sizeof(*j));
	struct stats_log_view lv;
	struct form f;
	struct db *db;
	int64_t now = time_now();

	if (post_begin(r, &db, &lv, &f, &j->e, now, false) != 0)
		return;
	if (!form_ok(&f)) {
		lv.errors = form_errors(&f);
		if (load_state(r, db, &lv, now) != 0) {
			response_unavailable(r);
			return;
		}
		render(r, 400, &lv);
		return;
	}
	/* No audit record: it would tie the account to the encounter for
	 * good (statistics.h).  The page's read snapshot ends here: the
	 * request holds nothing while it waits. */
	request_db_release(r);
	if (!request_defer(r, record_finish, j)) {
		response_unavailable(r);
		return;
	}
	j->now = now;
	j->done = record_done;
	j->arg = r;
	/* Not queued: answer the 503 through the deferral all the same. */
	if (stats_log_queue(j) != 0)
		request_resume(r);
}

void
stats_undo(struct request *r)
{
	struct stats_encounter last;
	struct db *db = request_db(r);
	int64_t now = time_now();
	const char *back = url_for(&r->arena, r->lang, "stats.log", NULL);
	bool closed;
	int rc;

	if (response_begin_tx(r, db) != 0)
		return;
	rc = stats_store_last(db, &r->arena, r->user.id,
	    now - STATS_UNDO_SECONDS, &last);
	/* A published quarter is closed (release.h): an encounter logged
	 * into it just before its release stays. */
	closed = rc == 0 && stats_month_released(last.month,
	    stats_month_now());
	if (rc < 0 || (rc == 0 && !closed && stats_store_remove(db,
	    &last) != 0) || db_commit(db) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, rc == DB_MISSING ? arena_printf(&r->arena,
	    "%s?done=none", back) : arena_printf(&r->arena, "%s?point=%lld&"
	    "done=%s", back, (long long)last.point_id, closed ? "closed" :
	    "undone"));
}

/* --- a day's paper tally: a grid of topic x form of support --- */

#define TALLY_CELL_MAX 500	/* encounters in one cell */
#define TALLY_TOTAL_MAX 5000	/* in one tally */

/* The grid's cells as written, topic by topic; the encounters of the
 * counts (one topic and one form each) when there is no mistake. */
static struct stats_encounter *
tally_read(struct request *r, struct form *f, struct stats_log_view *lv,
    const struct stats_encounter *common, size_t *n)
{
	const struct encounter_refs *forms = stats_forms();
	struct stats_encounter *all = NULL;
	size_t t, k, i, cap = 0;
	int64_t c, total = 0;
	const char *name;

	*n = 0;
	lv->cells = arena_calloc(&r->arena, lv->ntopics * forms->n + 1,
	    sizeof(*lv->cells));
	for (t = 0; t < lv->ntopics; t++)
		for (k = 0; k < forms->n; k++) {
			name = arena_printf(&r->arena, "n-%s-%s",
			    lv->topics[t].key, forms->items[k].key);
			lv->cells[t * forms->n + k] = form_value(f, name);
			c = form_int(f, name, 0, TALLY_CELL_MAX, 0, 0,
			    N_("Write each count as a whole number from 0 to 500, or leave it empty."));
			form_about(f, name, arena_printf(&r->arena, "%s, %s",
			    lv->topics[t].label,
			    forms->items[k].label[r->lang]));
			if (c <= 0 || (total += c) > TALLY_TOTAL_MAX)
				continue;
			for (i = 0; i < (size_t)c; i++) {
				const char **one = arena_calloc(&r->arena, 1,
				    sizeof(*one));

				if (*n == cap)
					all = arena_grow(&r->arena, all, *n,
					    &cap, sizeof(*all));
				all[*n] = *common;
				one[0] = lv->topics[t].key;
				all[*n].topics = one;
				all[*n].ntopics = 1;
				all[*n].form = forms->items[k].key;
				all[*n].people = 1;
				(*n)++;
			}
		}
	if (total == 0)
		form_error(f, "grid", N_("Write at least one count in the grid."));
	else if (total > TALLY_TOTAL_MAX)
		form_error(f, "grid", N_("One tally may hold at most 5,000 encounters."));
	return all;
}

static void
tally_render(struct request *r, int status, struct stats_log_view *lv)
{
	lv->forms_flat = stats_forms()->items;
	lv->nforms_flat = stats_forms()->n;
	render_form(r, status, lv, "stats.tally", N_("A day's tally"),
	    page_stats_tally);
}

void
stats_tally_form(struct request *r)
{
	struct stats_log_view lv;
	const char *done = kv_get(&r->query, "done");
	int64_t now = time_now();
	char today[11];
	struct db *db;

	if (view_begin(r, &db, &lv) != 0)
		return;
	time_local_date(now, today);
	lv.f.point = arena_printf(&r->arena, "%lld", (long long)(lv.npoints ?
	    lv.points[0].id : 0));
	lv.f.form = "";
	lv.f.duration = encounter_duration_key(ENC_DURATION_10_30);
	lv.f.age = encounter_age_key(ENC_AGE_UNKNOWN);
	lv.f.language = lang_code(r->lang);
	lv.f.outcome = encounter_outcome_key(ENC_OUTCOME_RESOLVED);
	lv.f.people = "";
	lv.f.date = arena_strdup(&r->arena, today);
	lv.f.hour = arena_printf(&r->arena, "%d", encounter_hour_of_day(now));
	lv.tallied = done != NULL ? strtoll(done, NULL, 10) : -1;
	tally_render(r, 200, &lv);
}

void
stats_tally(struct request *r)
{
	struct stats_log_view lv;
	struct stats_encounter common, *all;
	struct form f;
	struct db *db;
	int64_t now = time_now();
	size_t n;

	if (post_begin(r, &db, &lv, &f, &common, now, true) != 0)
		return;
	/* A tally has no undo: no recorder is kept. */
	common.recorded_by = 0;
	all = tally_read(r, &f, &lv, &common, &n);
	if (!form_ok(&f)) {
		lv.errors = form_errors(&f);
		lv.tallied = -1;
		tally_render(r, 400, &lv);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		all[i].day = encounter_day(all[i].hour);
		all[i].month = encounter_month(all[i].day);
	}
	if (response_begin_tx(r, db) != 0)
		return;
	if (stats_store_add_batch(db, &r->arena, all, n, "tally") != 0 ||
	    audit_commit(r, db, "encounters.tally", "encounter", 0,
	    arena_printf(&r->arena, "%zu encounters", n), now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%zu",
	    url_for(&r->arena, r->lang, "stats.tally-form", NULL), n));
}

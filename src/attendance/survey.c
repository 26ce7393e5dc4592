/*
 * survey.c - the survey registrants answer after an event.
 *
 * The thank-you e-mail (registration/jobs.c) links a confirmed registrant to
 * /:lang/registrations/:token/feedback: a rating 1-5, "would you
 * recommend" 0-10 and free text.  One answer per registration: sending the
 * form again replaces the answer (a registrant who mistyped can fix it;
 * the count stays one).  The survey opens when the event starts and closes
 * when the personal data is erased.  Organisers (ACT_EVENTS, the event's
 * region) see the count, the average rating, the share of promoters minus
 * detractors ("NPS"), charts with tables, and the written answers without
 * names.  (Not src/feedback/: that is accessibility feedback.)
 */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "base/utf8.h"
#include "attendance/attendance.h"
#include "attendance/pages.h"
#include "http/urls.h"
#include "registration/registration.h"
#include "events/events.h"
#include "http/parse.h"
#include "http/response.h"
#include "tmpl_attendance.h"
#include "view/chart.h"
#include "view/form.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")
#define SURVEY_COMMENT_MAX 4000

/* The answers as the radio buttons send them. */
static const char *const survey_ratings[] = { "1", "2", "3", "4", "5" };
static const char *const survey_scale[] = { "0", "1", "2", "3", "4", "5",
    "6", "7", "8", "9", "10" };

/*
 * May the route's registration answer the survey?  Not for a cancelled
 * event, and only people who held a seat are asked.  0, or -1 answered.
 */
static int
survey_allowed(struct request *r, const struct registration_link *l)
{
	if (l->event->status == EVENT_STATUS_CANCELLED) {
		response_error(r, 404, N_("The event was cancelled, so it has no feedback survey."));
		return -1;
	}
	if (l->reg.status != REG_CONFIRMED) {
		response_error(r, 403, N_("The feedback survey is for confirmed registrants of the event."));
		return -1;
	}
	return 0;
}

static void
survey_render(struct request *r, int status, const struct event *e,
    struct survey_form_view *f)
{
	struct view v;
	struct page p;

	f->title = e->title;
	f->when = time_format_datetime(&r->arena, r->lang, e->starts_at);
	f->form_url = url_for(&r->arena, r->lang, "registration.feedback",
	    ((const struct registration_link *)request_object(r))->token, NULL);
	f->csrf = csrf_token(r);
	f->open = time_now() >= e->starts_at;
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-store");
	response_header(r, "Referrer-Policy", "no-referrer");
	page_init(&p, &v, r, i18n_text(r->lang, "Feedback on the event"));
	page_crumb(&p, p.title, NULL);
	page_form_errors(&p, &f->errors);
	page_survey_form(&v, &p, f);
}

void
survey_form(struct request *r)
{
	const struct registration_link *l = request_object(r);
	const struct event *e = l->event;
	struct survey_form_view f;
	struct survey_answer ans;
	struct db *db = request_db(r);
	int rc;

	if (survey_allowed(r, l) != 0)
		return;
	memset(&f, 0, sizeof(f));
	f.rating = f.recommend = f.comment = "";
	rc = survey_answer_of(db, &r->arena, l->reg.id, &ans);
	if (rc < 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (rc == 0) {
		f.answered = true;
		f.rating = arena_printf(&r->arena, "%lld",
		    (long long)ans.rating);
		f.recommend = arena_printf(&r->arena, "%lld",
		    (long long)ans.recommend);
		f.comment = ans.comment;
	}
	f.saved = f.answered && kv_get(&r->query, "saved") != NULL;
	survey_render(r, 200, e, &f);
}

void
survey_submit(struct request *r)
{
	const struct registration_link *l = request_object(r);
	const struct event *e = l->event;
	struct survey_form_view f;
	struct db *db = request_db(r);
	struct form form;
	int64_t now = time_now();
	int rating, recommend, rc;

	if (survey_allowed(r, l) != 0)
		return;
	memset(&f, 0, sizeof(f));
	form_begin(&form, r);
	rating = form_choice(&form, "rating", survey_ratings,
	    sizeof(survey_ratings) / sizeof(survey_ratings[0]), FORM_REQUIRED,
	    N_("Choose a rating from 1 to 5.")) + 1;
	recommend = form_choice(&form, "recommend", survey_scale,
	    sizeof(survey_scale) / sizeof(survey_scale[0]), FORM_REQUIRED,
	    N_("Choose how likely you would recommend the events, from 0 to 10."));
	f.rating = form_value(&form, "rating");
	f.recommend = form_value(&form, "recommend");
	f.comment = form_text(&form, "comment", FORM_MULTILINE,
	    SURVEY_COMMENT_MAX,
	    N_("The written feedback can be at most 4,000 characters long."));
	if (now < e->starts_at) {
		survey_render(r, 409, e, &f);
		return;
	}
	if (!form_ok(&form)) {
		f.errors = form_errors(&form);
		survey_render(r, 400, e, &f);
		return;
	}
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	rc = survey_answer_save(db, l->reg.id, rating, recommend, f.comment,
	    now);
	if (rc != 0 || db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?saved=1",
	    url_for(&r->arena, r->lang, "registration.feedback-form", l->token,
	    NULL)));
}

/* "4,2" or "4.2". */
static const char *
survey_decimal(struct request *r, double x, int decimals)
{
	char tmp[32];

	chart_number(tmp, sizeof(tmp), x, decimals,
	    r->lang == LANG_EN ? '.' : ',');
	return arena_strdup(&r->arena, tmp);
}

static const char *
survey_chart(struct request *r, const char *id, const char *title,
    const char *desc, const char *const *groups, const double *values,
    size_t n)
{
	static const char *series[1];
	struct chart c;
	struct buf b;
	const char *out;

	series[0] = i18n_text(r->lang, "Answers");
	memset(&c, 0, sizeof(c));
	c.id = id;
	c.title = title;
	c.desc = desc;
	c.groups = groups;
	c.ngroups = n;
	c.series = series;
	c.nseries = 1;
	c.values = values;
	c.decimals = 0;
	c.decimal_mark = r->lang == LANG_EN ? '.' : ',';
	c.no_value = i18n_text(r->lang, "no data");
	buf_init(&b);
	chart_bars(&b, &c);
	out = arena_strndup(&r->arena, b.data != NULL ? b.data : "", b.len);
	buf_cleanup(&b);
	return out;
}

void
survey_results(struct request *r)
{
	struct survey_results_view rv;
	struct db *db = request_db(r);
	const struct event *e = request_object(r);
	struct survey_answer *ans;
	struct view v;
	struct page p;
	size_t cap = 0, n, k;
	int64_t id = e->id, sum = 0;
	int i;

	memset(&rv, 0, sizeof(rv));
	rv.title = e->title;
	rv.event_id = id;
	if (survey_answers(db, &r->arena, id, &ans, &n) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	for (k = 0; k < n; k++) {
		int64_t rating = ans[k].rating, rec = ans[k].recommend;

		rv.count++;
		sum += rating;
		if (rating >= 1 && rating <= 5)
			rv.rating_counts[rating - 1]++;
		if (rec >= 9)
			rv.promoters++;
		else if (rec >= 7)
			rv.passives++;
		else
			rv.detractors++;
		if (ans[k].comment[0] != '\0') {
			struct survey_comment *c;

			rv.comments = arena_grow(&r->arena, rv.comments,
			    rv.ncomments, &cap, sizeof(*rv.comments));
			c = &rv.comments[rv.ncomments++];
			c->rating = rating;
			c->recommend = rec;
			c->comment = ans[k].comment;
			c->date = time_format_date(&r->arena, r->lang,
			    ans[k].updated_at);
		}
	}
	/* Said only where there were answers to erase comments from. */
	rv.erased = e->erased && rv.count > 0;
	if (rv.count > 0) {
		static const char *const rgroups[5] = { "5", "4", "3", "2", "1" };
		const char *ngroups[3];
		double rvals[5], nvals[3];
		int64_t nps;

		rv.average = survey_decimal(r, (double)sum / (double)rv.count, 1);
		/* Rounded to a whole percentage point, as NPS is reported. */
		nps = ((rv.promoters - rv.detractors) * 200 / rv.count + 1) / 2;
		if ((rv.promoters - rv.detractors) < 0)
			nps = -((((rv.detractors - rv.promoters) * 200 /
			    rv.count) + 1) / 2);
		rv.nps = arena_printf(&r->arena, "%s%lld", nps > 0 ? "+" : "",
		    (long long)nps);
		for (i = 0; i < 5; i++)
			rvals[i] = (double)rv.rating_counts[4 - i];
		rv.rating_chart = survey_chart(r, "fb-rating", i18n_text(r->lang,
		    "Answers by rating"), arena_printf(&r->arena, "%s: %s",
		    i18n_text(r->lang, "Average rating (1–5)"), rv.average),
		    rgroups, rvals, 5);
		ngroups[0] = i18n_text(r->lang, "Promoters (9–10)");
		ngroups[1] = i18n_text(r->lang, "Passives (7–8)");
		ngroups[2] = i18n_text(r->lang, "Detractors (0–6)");
		nvals[0] = (double)rv.promoters;
		nvals[1] = (double)rv.passives;
		nvals[2] = (double)rv.detractors;
		rv.nps_chart = survey_chart(r, "fb-nps", i18n_text(r->lang,
		    "Answers by likelihood to recommend"),
		    arena_printf(&r->arena, "%s: %s", i18n_text(r->lang,
		    "Recommendation score (promoters minus detractors, %)"),
		    rv.nps), ngroups, nvals, 3);
	}
	response_begin(r, 200, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(&p, &v, r, i18n_text(r->lang, "Feedback results"));
	page_crumb(&p, i18n_text(r->lang, "Your pages"), url_for(&r->arena,
	    r->lang, "staff.home", NULL));
	page_crumb(&p, p.title, NULL);
	page_survey_results(&v, &p, &rv);
}

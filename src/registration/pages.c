/*
 * pages.c - the registrant's pages (see pages.h).
 *
 * A registrant has no account: the form is public (or for signed-in
 * accounts when the event is for the network only), and afterwards the
 * secret link is the only key to the registration.  An unknown or
 * malformed link is answered 404 like any missing page.
 *
 * The form carries a one-time submission id made when the form is
 * rendered.  Sending the same form twice (a double click, the browser's
 * retry) finds the registration saved the first time and shows it again,
 * so it never makes a second one.  The POST is answered only once the
 * registration is committed to disk: it is queued for the group
 * committer (registration_queue()) and the answer is deferred
 * (request_defer()), so no worker thread waits for the disk.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "auth/csrf.h"
#include "auth/session.h"
#include "base/time.h"
#include "base/utf8.h"
#include "http/urls.h"
#include "registration/registration.h"
#include "registration/pages.h"
#include "registration/store.h"
#include "events/events.h"
#include "db/memo.h"
#include "db/rows.h"
#include "http/parse.h"
#include "http/response.h"
#include "tmpl_registration.h"
#include "view/markdown.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")

/* --- helpers shared with the organisers' pages --- */

const char *
reg_status_label(enum reg_status status)
{
	switch (status) {
	case REG_CONFIRMED:
		return N_("Confirmed");
	case REG_WAITING:
		return N_("On the waiting list");
	case REG_OFFERED:
		return N_("Seat offered");
	case REG_CANCELLED:
		return N_("Cancelled");
	case REG_DECLINED:
		return N_("Offer declined");
	case REG_EXPIRED:
		break;
	}
	return N_("Offer expired");
}

const char *const question_kind_names[QUESTION_KINDS] = { "text", "choice",
    "yesno" };

enum question_kind
question_kind_parse(const char *s)
{
	int k;

	for (k = 0; k < QUESTION_KINDS; k++)
		if (strcmp(s, question_kind_names[k]) == 0)
			return (enum question_kind)k;
	return QUESTION_TEXT;
}

const char *
question_kind_name(enum question_kind k)
{
	return question_kind_names[k];
}

const char *
reg_question_kind_label(enum question_kind kind)
{
	switch (kind) {
	case QUESTION_CHOICE:
		return N_("Choice");
	case QUESTION_YESNO:
		return N_("Yes or no");
	case QUESTION_TEXT:
		break;
	}
	return N_("Text");
}

const char *
reg_choice_text(struct arena *a, enum lang l, const char *line)
{
	const char *p[LANG_COUNT] = { "", "", "" };
	char *s = arena_strdup(a, line), *bar;
	int i;

	for (i = 0; i < LANG_COUNT && s != NULL; i++) {
		bar = strchr(s, '|');
		if (bar != NULL)
			*bar = '\0';
		p[i] = s;
		s = bar ? bar + 1 : NULL;
	}
	return i18n_pick(l, p[0], p[1], p[2], NULL);
}

/* The lines of a choice question's options (empty lines dropped). */
static void
reg_choice_lines(struct arena *a, const char *raw, const char ***out,
    size_t *n)
{
	const char *s = raw, *nl;
	size_t cap = 0, len;

	*out = NULL;
	*n = 0;
	while (*s) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == ' '))
			len--;
		if (len > 0) {
			*out = arena_grow(a, (void *)*out, *n, &cap,
			    sizeof(**out));
			(*out)[(*n)++] = arena_strndup(a, s, len);
		}
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

/*
 * --- the form's data, kept per write generation (db/memo.h) ---
 *
 * As the seats left (registration_seats_left()): the questions and the
 * municipalities are read once per committed batch in a rush, not once
 * per visitor.  Only the public form's reads use them.
 */
static const char *
reg_dup(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

/* Copies n questions (as questions_list() gives them) into a. */
static struct reg_question *
reg_questions_copy(struct arena *a, const struct reg_question *src,
    size_t n)
{
	struct reg_question *q = arena_calloc(a, n ? n : 1, sizeof(*q));
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		q[i] = src[i];
		for (k = 0; k < LANG_COUNT; k++)
			q[i].labels[k] = reg_dup(a, src[i].labels[k]);
		q[i].label = reg_dup(a, src[i].label);
		q[i].choices_raw = reg_dup(a, src[i].choices_raw);
		q[i].value = reg_dup(a, src[i].value);
		q[i].field = reg_dup(a, src[i].field);
		q[i].choices = NULL;
		q[i].nchoices = 0;
	}
	return q;
}

static struct municipality *
reg_munis_copy(struct arena *a, const struct municipality *src, size_t n)
{
	struct municipality *m = arena_calloc(a, n ? n : 1, sizeof(*m));
	size_t i;

	for (i = 0; i < n; i++) {
		m[i] = src[i];
		m[i].code = reg_dup(a, src[i].code);
		m[i].name = reg_dup(a, src[i].name);
		m[i].other_name = reg_dup(a, src[i].other_name);
		m[i].support = reg_dup(a, src[i].support);
		m[i].region = reg_dup(a, src[i].region);
	}
	return m;
}

static void *
reg_questions_copy_any(struct arena *a, const void *src, size_t n)
{
	return reg_questions_copy(a, src, n);
}

static void *
reg_munis_copy_any(struct arena *a, const void *src, size_t n)
{
	return reg_munis_copy(a, src, n);
}

static struct db_memo reg_questions_memo = DB_MEMO(reg_questions_copy_any);
static struct db_memo reg_munis_memo = DB_MEMO(reg_munis_copy_any);

/* questions_list() for the public form, kept per generation. */
static int
reg_form_questions(struct db *db, struct arena *a, int64_t event_id,
    struct reg_question **out, size_t *n)
{
	uint64_t gen = db_read_generation(db);
	int64_t now_ns = time_mono_ns();
	void *rows;

	if (db_memo_get(&reg_questions_memo, event_id, gen, a, &rows, n)) {
		*out = rows;
		return 0;
	}
	if (questions_list(db, a, event_id, out, n) != 0)
		return -1;
	db_memo_put(&reg_questions_memo, event_id, gen, now_ns, *out, *n);
	return 0;
}

/* network_municipalities() for the public form, kept per generation. */
static int
reg_form_municipalities(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, struct municipality **out, size_t *n)
{
	uint64_t gen = db_read_generation(db);
	int64_t now_ns = time_mono_ns();
	int64_t key = region_id * LANG_COUNT + (int64_t)l;
	void *rows;

	if (db_memo_get(&reg_munis_memo, key, gen, a, &rows, n)) {
		*out = rows;
		return 0;
	}
	if (network_municipalities(db, a, l, region_id, out, n) != 0)
		return -1;
	db_memo_put(&reg_munis_memo, key, gen, now_ns, *out, *n);
	return 0;
}

/* The event's questions in l; from the form's memo when `form`. */
static int
reg_questions_in(struct db *db, struct arena *a, enum lang l,
    int64_t event_id, bool form, struct reg_question **out, size_t *n)
{
	struct reg_question *q;
	size_t i;

	if ((form ? reg_form_questions(db, a, event_id, out, n) :
	    questions_list(db, a, event_id, out, n)) != 0)
		return -1;
	for (i = 0; i < *n; i++) {
		const char **lines;
		size_t nl, k;

		q = &(*out)[i];
		q->label = i18n_pick(l, q->labels[0], q->labels[1],
		    q->labels[2], &q->label_lang);
		q->value = "";
		q->field = arena_printf(a, "q-%lld", (long long)q->id);
		if (q->kind != QUESTION_CHOICE)
			continue;
		reg_choice_lines(a, q->choices_raw, &lines, &nl);
		q->choices = arena_calloc(a, nl ? nl : 1, sizeof(char *));
		for (k = 0; k < nl; k++)
			q->choices[k] = reg_choice_text(a, l, lines[k]);
		q->nchoices = nl;
	}
	return 0;
}

int
reg_questions_load(struct db *db, struct arena *a, enum lang l,
    int64_t event_id, struct reg_question **out, size_t *n)
{
	return reg_questions_in(db, a, l, event_id, false, out, n);
}

const char *
reg_answer_shown(struct arena *a, enum lang l, enum question_kind kind,
    const char *value)
{
	switch (kind) {
	case QUESTION_CHOICE:
		return reg_choice_text(a, l, value);
	case QUESTION_YESNO:
		return i18n_text(l, strcmp(value, "yes") == 0 ? "Yes" : "No");
	case QUESTION_TEXT:
		break;
	}
	return value;
}

/* A registration's answers with their questions' labels in l. */
static int
reg_answers_load(struct db *db, struct arena *a, enum lang l, int64_t reg_id,
    struct reg_answer **out, size_t *n)
{
	struct answer_row *rows;
	size_t i;

	if (answers_of_registration(db, a, reg_id, &rows, n) != 0)
		return -1;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (i = 0; i < *n; i++) {
		(*out)[i].question_id = rows[i].question_id;
		(*out)[i].label = i18n_pick(l, rows[i].labels[0],
		    rows[i].labels[1], rows[i].labels[2], NULL);
		(*out)[i].value = reg_answer_shown(a, l, rows[i].kind,
		    rows[i].value);
	}
	return 0;
}
/* --- field checks --- */

static struct db *
reg_db(struct request *r)
{
	struct db *db = request_db(r);

	if (db == NULL)
		response_error(r, 503, UNAVAILABLE);
	return db;
}

/* Why the form cannot be sent now, or NULL when it can. */
static const char *
reg_closed_reason(const struct event *e, int64_t now)
{
	/* The seats do not matter: a full event takes the waiting list. */
	struct reg_window_facts f = { e->status, e->capacity,
	    e->registration_opens, e->registration_closes, e->starts_at, 0, 0 };

	return registration_window(&f, now).msgid;
}

/* --- the form --- */

static void
reg_form_render(struct request *r, struct db *db, int status,
    struct reg_form_view *fv)
{
	const struct event *e = fv->e;
	struct view v;
	struct page pg;
	int64_t left = 0;
	char sub[TOKEN_B64_LEN + 1];

	fv->csrf = csrf_token(r);
	/* A new one-time id for a form shown anew; a refused form keeps its
	 * own, so that sending it again after a fix stays one submission. */
	if (fv->submission == NULL) {
		token_new(sub);
		fv->submission = arena_strdup(&r->arena, sub);
	}
	fv->seats_left = -1;
	if (fv->open && registration_seats_left(db, e->id, e->capacity,
	    &left) != 0)
		fv->seats_left = -1;
	else if (fv->open)
		fv->seats_left = left;
	if (e->consent[0] != '\0')
		fv->consent_html = markdown_html(&r->arena, e->consent);
	if (fv->open && fv->munis == NULL &&
	    reg_form_municipalities(db, &r->arena, r->lang, e->region_id,
	    &fv->munis, &fv->nmunis) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_begin(r, status, "text/html; charset=utf-8");
	/* The form holds a one-time id: a cached copy would send it twice. */
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(&pg, &v, r, arena_printf(&r->arena, "%s: %s",
	    i18n_text(r->lang, "Register"), e->title));
	page_crumb(&pg, i18n_text(r->lang, "Events"), url_for(&r->arena,
	    r->lang, "events.list", NULL));
	page_crumb(&pg, e->title, url_for(&r->arena, r->lang, "events.page",
	    url_id(&r->arena, e->id), NULL));
	page_crumb(&pg, i18n_text(r->lang, "Register"), NULL);
	page_form_errors(&pg, &fv->errors);
	page_register_form(&v, &pg, fv);
}

void
registration_form_page(struct request *r)
{
	struct reg_form_view fv;
	const struct event *e = request_object(r);
	struct db *db = request_db(r);

	memset(&fv, 0, sizeof(fv));
	fv.e = e;
	fv.closed_msgid = reg_closed_reason(e, time_now());
	fv.open = fv.closed_msgid == NULL;
	fv.name = fv.email = fv.organisation = fv.municipality = "";
	/* A signed-in visitor registers as themselves unless they say
	 * otherwise. */
	if (r->user.id != 0) {
		fv.name = r->user.name ? r->user.name : "";
		fv.email = r->user.email ? r->user.email : "";
	}
	fv.group_size = 1;
	if (reg_questions_in(db, &r->arena, r->lang, e->id, true, &fv.q,
	    &fv.nq) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	reg_form_render(r, db, 200, &fv);
}

/* The form's values checked against the event; the errors in fv. */
static void
reg_form_read(struct request *r, struct reg_form_view *fv,
    struct reg_input *in)
{
	static const char *const yesno[] = { "yes", "no" };
	const struct event *e = fv->e;
	struct arena *a = &r->arena;
	const char **codes;
	struct form_errors errs;
	struct form f;
	size_t i;
	int k;
	int64_t *qids;
	const char **answers;

	memset(in, 0, sizeof(*in));
	in->event_id = e->id;
	in->lang = r->lang;
	form_begin(&f, r);
	fv->name = form_text(&f, "name", 0, REG_NAME_MAX,
	    N_("The name is too long or has characters that are not allowed: at most 200 characters."));
	if (fv->name[0] == '\0')
		form_error(&f, "name", N_("Write your name."));
	fv->email = form_email(&f, "email", 0,
	    N_("Write the e-mail address in the form name@example.fi."));
	if (fv->email[0] == '\0')
		form_error(&f, "email", N_("Write your e-mail address: the confirmation and the link to your registration are sent there."));
	fv->organisation = form_text(&f, "organisation", 0, REG_ORG_MAX,
	    N_("The organisation is too long or has characters that are not allowed: at most 200 characters."));
	codes = arena_calloc(a, fv->nmunis ? fv->nmunis : 1, sizeof(*codes));
	for (i = 0; i < fv->nmunis; i++)
		codes[i] = fv->munis[i].code;
	k = form_choice(&f, "municipality", codes, fv->nmunis, 0,
	    N_("Choose a municipality from the list, or leave it empty."));
	fv->municipality = k >= 0 ? codes[k] : "";
	/* A one-person event's form has no group size field. */
	fv->group_size = form_int(&f, "group_size", 1, e->group_max, 1,
	    e->group_max > 1 ? FORM_REQUIRED : 0,
	    N_("Choose how many people you register, yourself included."));
	qids = arena_calloc(a, fv->nq ? fv->nq : 1, sizeof(*qids));
	answers = arena_calloc(a, fv->nq ? fv->nq : 1, sizeof(*answers));
	for (i = 0; i < fv->nq; i++) {
		struct reg_question *q = &fv->q[i];
		const char *stored = "";

		if (q->kind == QUESTION_TEXT) {
			stored = q->value = form_text(&f, q->field,
			    FORM_MULTILINE, REG_ANSWER_MAX,
			    N_("The answer is too long or has characters that are not allowed: at most 1000 characters."));
		} else if (q->kind == QUESTION_YESNO) {
			k = form_choice(&f, q->field, yesno, 2, 0,
			    N_("Choose one of the options."));
			stored = q->value = k >= 0 ? yesno[k] : "";
		} else {
			const char **lines;
			size_t nl;
			int64_t c;

			reg_choice_lines(a, q->choices_raw, &lines, &nl);
			c = form_int(&f, q->field, 1, (int64_t)nl, 0, 0,
			    N_("Choose one of the options."));
			q->value = c > 0 ? form_value(&f, q->field) : "";
			stored = c > 0 ? lines[c - 1] : "";
		}
		errs = form_errors(&f);
		if (!form_has_error(&errs, q->field) && stored[0] == '\0' &&
		    q->required)
			form_error(&f, q->field, N_("Answer the question."));
		/* Each mistake names its question (#12 item 18). */
		form_about(&f, q->field, q->label);
		errs = form_errors(&f);
		if (form_has_error(&errs, q->field) || stored[0] == '\0')
			continue;
		qids[in->nanswers] = q->id;
		answers[in->nanswers++] = stored;
	}
	/* The box sends "1"; an empty value is not a tick. */
	fv->consent = strcmp(form_value(&f, "consent"), "1") == 0;
	if (e->consent[0] != '\0' && !fv->consent)
		form_error(&f, "consent", N_("To register, you need to agree to the terms above."));
	fv->errors = form_errors(&f);
	in->submission = fv->submission;
	in->name = fv->name;
	in->email = fv->email;
	in->organisation = fv->organisation;
	in->municipality = fv->municipality[0] ? fv->municipality : NULL;
	in->group_size = fv->group_size;
	in->question_ids = qids;
	in->answers = answers;
}

static bool
reg_nonempty(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* The registration of this form's submission, if it was saved already:
 * its token into out.  1 found, 0 not, -1 error. */
static int
reg_seen(struct db *db, int64_t event_id, const char *submission,
    char out[REG_TOKEN_LEN + 1])
{
	int rc = registration_submitted(db, event_id, submission);

	if (rc != 0)
		return rc == DB_MISSING ? 0 : -1;
	return registration_token(db, event_id, submission, out) == 0 ? 1 : -1;
}

/*
 * A form refused here that was sent before (a double click, a retry after
 * the event closed) answers with what was saved: true when answered.
 * Only a refused one asks: a form handed to the writer is found there
 * (REGOUT_DUPLICATE, the same redirect), which saves the rush a
 * statement per registration.
 */
static bool
reg_sent_before(struct request *r, struct db *db, int64_t event_id,
    const char *submission)
{
	char token[REG_TOKEN_LEN + 1];
	int rc = reg_seen(db, event_id, submission, token);

	if (rc < 0)
		response_error(r, 503, UNAVAILABLE);
	else if (rc == 1)
		response_redirect(r, 303, url_for(&r->arena, r->lang,
		    "registration.view", token, NULL));
	return rc != 0;
}

/* A registration on its way to the disk: lives in the request's arena
 * until the request is answered. */
struct reg_pending {
	struct reg_job job;
	struct reg_form_view fv;
	struct event e;
	struct request *r;
};

/* The writer's done(): the registration is committed (or failed). */
static void
reg_pending_done(void *arg)
{
	struct reg_pending *p = arg;

	request_resume(p->r);
}

/* The address already had a registration: say so without showing it (its
 * link went to the address).  200: the form was taken, nothing new made. */
static void
reg_again_render(struct request *r, const struct event *e)
{
	struct view v;
	struct page pg;

	response_begin(r, 200, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(&pg, &v, r, i18n_text(r->lang,
	    "You are already registered"));
	page_crumb(&pg, i18n_text(r->lang, "Events"), url_for(&r->arena,
	    r->lang, "events.list", NULL));
	page_crumb(&pg, e->title, url_for(&r->arena, r->lang, "events.page",
	    url_id(&r->arena, e->id), NULL));
	page_crumb(&pg, i18n_text(r->lang, "Register"), NULL);
	page_register_again(&v, &pg, e);
}

/* The deferred answer, on a worker thread after the commit. */
static void
reg_pending_finish(struct request *r, void *arg)
{
	struct reg_pending *p = arg;

	if (p->job.rc != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (p->job.out.outcome == REGOUT_CLOSED) {
		p->fv.open = false;
		p->fv.closed_msgid = N_("Registration has closed.");
		reg_form_render(r, request_db(r), 409, &p->fv);
		return;
	}
	if (p->job.out.outcome == REGOUT_LIMITED) {
		response_error(r, 429, N_("Too many registrations have been sent from your address or for this e-mail address. Please try again in a quarter of an hour."));
		response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, arena_printf(
		    &r->arena, "%lld", (long long)p->job.out.retry_after));
		return;
	}
	if (p->job.out.outcome == REGOUT_EXISTS) {
		reg_again_render(r, &p->e);
		return;
	}
	response_redirect(r, 303, url_for(&r->arena, r->lang,
	    "registration.view", p->job.out.token, NULL));
}

void
registration_form_post(struct request *r)
{
	struct reg_pending *p = arena_calloc(&r->arena, 1, sizeof(*p));
	struct reg_form_view *fv = &p->fv;
	struct event *e = &p->e;
	struct db *db;
	const char *sub = kv_get(&r->form, "submission");
	char *bound;
	int64_t now = time_now();

	if ((db = reg_db(r)) == NULL)
		return;
	/* The checks read in one snapshot, as a page does (one lock, one
	 * consistent state); it ends before the registration is handed to
	 * the writer, or with the request. */
	if (db_read_begin(db) == 0)
		r->db_snapshot = true;
	*e = *(const struct event *)request_object(r);
	fv->e = e;
	/* A form without its one-time id did not come from our page. */
	if (!token_well_formed(sub)) {
		response_error(r, 400, N_("The form had expired. Go back, reload the page and send the form again."));
		return;
	}
	fv->submission = sub;
	/* Stored bound to this browser's CSRF token (the guard checked it):
	 * a submission id copied from another browser's form finds nothing
	 * of theirs. */
	bound = arena_alloc(&r->arena, REG_SUBMISSION_LEN + 1);
	if (registration_submission_bind(db, sub, kv_get(&r->form, CSRF_FIELD),
	    bound) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	fv->closed_msgid = reg_closed_reason(e, now);
	fv->open = fv->closed_msgid == NULL;
	/* The municipalities only when one was chosen (to check it): the
	 * list is read again if the form has to be shown. */
	if (reg_questions_in(db, &r->arena, r->lang, e->id, true, &fv->q,
	    &fv->nq) != 0 || (reg_nonempty(kv_get(&r->form, "municipality")) &&
	    reg_form_municipalities(db, &r->arena, r->lang, e->region_id,
	    &fv->munis, &fv->nmunis) != 0)) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (!fv->open) {
		if (reg_sent_before(r, db, e->id, bound))
			return;
		fv->submission = NULL;
		fv->name = fv->email = fv->organisation = fv->municipality = "";
		fv->group_size = 1;
		reg_form_render(r, db, 409, fv);
		return;
	}
	reg_form_read(r, fv, &p->job.in);
	p->job.in.submission = bound;
	p->job.in.address = request_address(r);
	p->job.in.signed_in = r->user.id != 0;
	if (fv->errors.n > 0) {
		if (reg_sent_before(r, db, e->id, bound))
			return;
		reg_form_render(r, db, 400, fv);
		return;
	}
	/* The page's read snapshot ends here: the writer must see the
	 * newest state, and this request holds nothing while it waits. */
	request_db_release(r);
	if (!request_defer(r, reg_pending_finish, p)) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	p->r = r;
	p->job.now = now;
	p->job.done = reg_pending_done;
	p->job.arg = p;
	/* Not queued: answer the 503 through the deferral all the same. */
	if (registration_queue(&p->job) != 0)
		request_resume(r);
}

/* --- the registrant's page --- */

/*
 * An offer past its time is recorded as expired (and the seat passed on)
 * the moment anyone looks, instead of waiting for the job's next turn.
 * For a GET this leaves the page's read snapshot for one short write
 * transaction.  0 or -1.
 */
static int
reg_expire_lazily(struct request *r, int64_t event_id, int64_t now)
{
	struct db *db;

	request_db_release(r);
	if ((db = db_thread()) == NULL || db_begin(db) != 0)
		return -1;
	if (offers_expire(db, event_id, now) < 0 || db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/*
 * The route's registration (registration_link_loader) read again by its
 * id, with its event: after an offer expired, or inside a write
 * transaction.  0, or the answer (404 when erased meanwhile, 503) has
 * been given.
 */
static int
reg_reread(struct request *r, struct db *db, struct registration *reg,
    struct event *e)
{
	const struct registration_link *l = request_object(r);
	int rc;

	rc = registration_get(db, &r->arena, l->reg.id, reg);
	if (rc == 0)
		rc = event_get(db, &r->arena, r->lang, reg->event_id, e);
	if (rc != 0) {
		response_error(r, rc < 0 ? 503 : 404, rc < 0 ? UNAVAILABLE :
		    NOT_FOUND);
		return -1;
	}
	return 0;
}

static const char *
reg_done_notice(const char *done)
{
	if (done == NULL)
		return NULL;
	if (strcmp(done, "changed") == 0)
		return N_("Your changes are saved.");
	if (strcmp(done, "cancelled") == 0)
		return N_("Your registration is cancelled. A confirmation has been sent to your e-mail.");
	if (strcmp(done, "accepted") == 0)
		return N_("You accepted the seat. Welcome! A confirmation has been sent to your e-mail.");
	if (strcmp(done, "declined") == 0)
		return N_("You declined the seat. It is offered to the next person on the waiting list.");
	if (strcmp(done, "late") == 0)
		return N_("The offer had already expired, so the seat has gone to the next person on the waiting list.");
	return NULL;
}

static void
reg_manage_render(struct request *r, struct db *db, int status,
    struct reg_manage_view *mv)
{
	const struct event *e = mv->e;
	const struct registration *reg = mv->reg;
	struct municipality m;
	struct view v;
	struct page pg;
	int64_t now = time_now();

	mv->csrf = csrf_token(r);
	mv->token = ((const struct registration_link *)request_object(r))->token;
	mv->base = url_for(&r->arena, r->lang, "registration.view", mv->token,
	    NULL);
	mv->started = now >= e->starts_at;
	mv->online = e->kind != EVENT_ONSITE;
	mv->onsite = e->kind != EVENT_WEBINAR;
	mv->changeable = !mv->started && e->status != EVENT_STATUS_CANCELLED &&
	    reg_status_active(reg->status);
	if (mv->name == NULL) {
		mv->name = reg->name;
		mv->organisation = reg->organisation;
		mv->group_size = reg->group_size;
	}
	if (reg->municipality[0] != '\0' && network_municipality(db,
	    &r->arena, r->lang, reg->municipality, &m) == 0)
		mv->municipality_name = m.name;
	if (reg_answers_load(db, &r->arena, r->lang, reg->id, &mv->answers,
	    &mv->nanswers) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_begin(r, status, "text/html; charset=utf-8");
	/* Personal data behind a secret link: never stored by a cache, and
	 * the link is not passed on to other sites. */
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	response_header(r, "X-Robots-Tag", "noindex");
	page_init(&pg, &v, r, arena_printf(&r->arena, "%s: %s",
	    i18n_text(r->lang, "Your registration"), e->title));
	page_crumb(&pg, i18n_text(r->lang, "Events"), url_for(&r->arena,
	    r->lang, "events.list", NULL));
	page_crumb(&pg, e->title, url_for(&r->arena, r->lang, "events.page",
	    url_id(&r->arena, e->id), NULL));
	page_crumb(&pg, i18n_text(r->lang, "Your registration"), NULL);
	page_form_errors(&pg, &mv->errors);
	page_register_manage(&v, &pg, mv);
}

void
registration_manage_page(struct request *r)
{
	const struct registration_link *l = request_object(r);
	struct reg_manage_view mv;
	struct registration reg = l->reg;
	struct event e = *l->event;
	struct db *db = request_db(r);
	int64_t now = time_now();

	memset(&mv, 0, sizeof(mv));
	if (reg.status == REG_OFFERED && now >= reg.offer_expires_at) {
		if (reg_expire_lazily(r, reg.event_id, now) != 0 ||
		    (db = reg_db(r)) == NULL || reg_reread(r, db, &reg,
		    &e) != 0) {
			if (r->resp.status == 0)
				response_error(r, 503, UNAVAILABLE);
			return;
		}
	}
	mv.e = &e;
	mv.reg = &reg;
	mv.notice = reg_done_notice(kv_get(&r->query, "done"));
	reg_manage_render(r, db, 200, &mv);
}

/* Opens the write transaction and the registration inside it.  0, or
 * the answer has been given (and nothing is open). */
static int
reg_write_open(struct request *r, struct db **db, struct registration *reg,
    struct event *e)
{
	if ((*db = reg_db(r)) == NULL)
		return -1;
	if (db_begin(*db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (reg_reread(r, *db, reg, e) != 0) {
		db_rollback(*db);
		return -1;
	}
	return 0;
}

static void
reg_commit_redirect(struct request *r, struct db *db, const char *done)
{
	if (db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
	    url_for(&r->arena, r->lang, "registration.view",
	    ((const struct registration_link *)request_object(r))->token, NULL),
	    done));
}

void
registration_change_post(struct request *r)
{
	struct reg_manage_view mv;
	struct registration reg;
	struct event e;
	struct db *db;
	struct form f;
	int64_t now = time_now();
	int rc = 0;

	memset(&mv, 0, sizeof(mv));
	if (reg_write_open(r, &db, &reg, &e) != 0)
		return;
	mv.e = &e;
	mv.reg = &reg;
	form_begin(&f, r);
	mv.name = form_text(&f, "name", 0, REG_NAME_MAX,
	    N_("The name is too long or has characters that are not allowed: at most 200 characters."));
	if (mv.name[0] == '\0')
		form_error(&f, "name", N_("Write your name."));
	mv.organisation = form_text(&f, "organisation", 0, REG_ORG_MAX,
	    N_("The organisation is too long or has characters that are not allowed: at most 200 characters."));
	/* A one-person event's form has no group size field. */
	mv.group_size = form_int(&f, "group_size", 1, e.group_max,
	    e.group_max > 1 ? reg.group_size : 1,
	    e.group_max > 1 ? FORM_REQUIRED : 0,
	    N_("Choose how many people you register, yourself included."));
	if (form_ok(&f)) {
		rc = registration_change(db, reg.id, mv.name, mv.organisation,
		    mv.group_size, now);
		if (rc < 0) {
			db_rollback(db);
			response_error(r, 503, UNAVAILABLE);
			return;
		}
		if (rc == 1)
			form_error(&f, "group_size", N_("There are not enough free seats for a larger group. You can keep your current seats, or register the others separately to join the waiting list."));
		else if (rc == 2) {
			db_rollback(db);
			response_error(r, 409, N_("This registration can no longer be changed."));
			return;
		}
	}
	if (!form_ok(&f)) {
		db_rollback(db);
		mv.errors = form_errors(&f);
		reg_manage_render(r, db, rc == 1 ? 409 : 400, &mv);
		return;
	}
	reg_commit_redirect(r, db, "changed");
}

void
registration_cancel_page(struct request *r)
{
	const struct registration_link *l = request_object(r);
	struct view v;
	struct page pg;
	const char *csrf, *base;

	csrf = csrf_token(r);
	base = url_for(&r->arena, r->lang, "registration.view", l->token, NULL);
	response_begin(r, 200, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	response_header(r, "X-Robots-Tag", "noindex");
	page_init(&pg, &v, r, i18n_text(r->lang, "Cancel your registration"));
	page_crumb(&pg, i18n_text(r->lang, "Your registration"), base);
	page_crumb(&pg, i18n_text(r->lang, "Cancel your registration"), NULL);
	page_register_cancel(&v, &pg, l->event, &l->reg, csrf, base);
}

void
registration_cancel_post(struct request *r)
{
	struct registration reg;
	struct event e;
	struct db *db;
	int rc;

	if (reg_write_open(r, &db, &reg, &e) != 0)
		return;
	rc = registration_cancel(db, reg.id, time_now());
	if (rc < 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (rc == 2) {
		/* Already over: cancelling twice is not an error, the page
		 * shows how things stand. */
		db_rollback(db);
		response_redirect(r, 303, url_for(&r->arena, r->lang,
		    "registration.view",
		    ((const struct registration_link *)request_object(r))->token,
		    NULL));
		return;
	}
	reg_commit_redirect(r, db, "cancelled");
}

static void
reg_answer_offer(struct request *r, bool accept)
{
	struct registration reg;
	struct event e;
	struct db *db;
	int64_t now = time_now();
	int rc;

	if (reg_write_open(r, &db, &reg, &e) != 0)
		return;
	rc = accept ? offer_accept(db, reg.id, now) :
	    offer_decline(db, reg.id, now);
	if (rc < 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (rc == 1) {
		/* No open offer: an expiry may have just been recorded (and
		 * the seat passed on), which is worth keeping. */
		reg_commit_redirect(r, db, reg.status == REG_OFFERED ?
		    "late" : "none");
		return;
	}
	reg_commit_redirect(r, db, accept ? "accepted" : "declined");
}

void
registration_accept_post(struct request *r)
{
	reg_answer_offer(r, true);
}

void
registration_decline_post(struct request *r)
{
	reg_answer_offer(r, false);
}

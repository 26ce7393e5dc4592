/*
 * questions.c - the organiser edits an event's registration questions:
 * free text, a choice among options, or yes/no, each required or not, in
 * Finnish, Swedish and English.
 *
 * The guard has checked ACT_EVENTS; the visitor must organise events of
 * the event's region (else 404).  Each change is one transaction with its
 * audit entry.  Deleting a question deletes its answers with it (the
 * foreign key cascades); the page says so before the button.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "base/utf8.h"
#include "http/urls.h"
#include "registration/pages.h"
#include "registration/store.h"
#include "events/events.h"
#include "http/parse.h"
#include "http/response.h"
#include "tmpl_registration.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")

static const char *const q_langs[LANG_COUNT] = { "fi", "sv", "en" };

static void
q_render(struct request *r, struct db *db, int status,
    struct reg_questions_view *qv)
{
	struct view v;
	struct page pg;

	if (reg_questions_load(db, &r->arena, r->lang, qv->e->id, &qv->q,
	    &qv->nq) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	qv->csrf = csrf_token(r);
	/* No refused form: the new question's form starts empty. */
	if (qv->labels[0] == NULL) {
		qv->kind = QUESTION_TEXT;
		qv->labels[0] = qv->labels[1] = qv->labels[2] = "";
		qv->choices = "";
	}
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(&pg, &v, r, arena_printf(&r->arena, "%s: %s",
	    i18n_text(r->lang, "Registration questions"), qv->e->title));
	page_crumb(&pg, i18n_text(r->lang, "Events"), url_for(&r->arena,
	    r->lang, "events.list", NULL));
	page_crumb(&pg, qv->e->title, url_for(&r->arena, r->lang, "events.page",
	    url_id(&r->arena, qv->e->id), NULL));
	page_crumb(&pg, i18n_text(r->lang, "Registration questions"), NULL);
	page_form_errors(&pg, &qv->errors);
	page_questions(&v, &pg, qv);
}

void
questions_page(struct request *r)
{
	struct reg_questions_view qv;
	struct db *db = request_db(r);
	const char *done = kv_get(&r->query, "done");

	memset(&qv, 0, sizeof(qv));
	qv.e = request_object(r);
	if (done != NULL && strcmp(done, "added") == 0)
		qv.notice = N_("The question is added.");
	else if (done != NULL && strcmp(done, "saved") == 0)
		qv.notice = N_("The question is saved.");
	else if (done != NULL && strcmp(done, "deleted") == 0)
		qv.notice = N_("The question is deleted.");
	q_render(r, db, 200, &qv);
}

/*
 * The options of a choice question: lines "Suomeksi|På svenska|In
 * English" (the later parts may be left out), CRLF to LF, empty lines
 * dropped.  The number of options, or -1 when the text is not valid.
 */
static int
q_choices(struct arena *a, const char *s, const char **out)
{
	struct buf b;
	const char *p, *nl;
	size_t len, i;
	int n = 0;

	if (s == NULL)
		s = "";
	if (strlen(s) > REG_CHOICES_MAX)
		return -1;
	buf_init(&b);
	for (p = s; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == ' ' ||
		    p[len - 1] == '\t'))
			len--;
		while (len > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		for (i = 0; i < len; i++)
			if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f) {
				buf_cleanup(&b);
				return -1;
			}
		if (len > 0) {
			if (b.len)
				buf_putc(&b, '\n');
			buf_append(&b, p, len);
			n++;
		}
		if (nl == NULL)
			break;
	}
	*out = arena_strndup(a, b.len ? b.data : "", b.len);
	buf_cleanup(&b);
	return n;
}

/*
 * Reads and checks the question form into qv; the mistakes go under the
 * control ids of the form they are about ("q<id>-" before each for
 * question edit_id, none for a new one).  The number of mistakes.
 */
static size_t
q_read(struct request *r, struct reg_questions_view *qv, int64_t *position)
{
	struct arena *a = &r->arena;
	enum question_kind kind;
	struct form f;
	int i, k, nchoices;
	bool any = false;

	form_begin(&f, r);
	k = form_choice(&f, "kind", question_kind_names, QUESTION_KINDS,
	    FORM_REQUIRED, N_("Choose the kind of question."));
	qv->kind = kind = k >= 0 ? (enum question_kind)k : QUESTION_TEXT;
	for (i = 0; i < LANG_COUNT; i++) {
		qv->labels[i] = form_text(&f, arena_printf(a, "label_%s",
		    q_langs[i]), 0, REG_LABEL_MAX,
		    N_("The question is too long or has characters that are not allowed: one line of at most 300 characters."));
		if (qv->labels[i][0] != '\0')
			any = true;
	}
	if (!any && form_ok(&f))
		form_error(&f, "label_fi", N_("Write the question in at least one language."));
	nchoices = q_choices(a, form_value(&f, "choices"), &qv->choices);
	if (nchoices < 0) {
		qv->choices = form_value(&f, "choices");
		form_error(&f, "choices", N_("The options are too long or have characters that are not allowed: at most 2000 characters."));
	} else if (kind == QUESTION_CHOICE && nchoices < 2)
		form_error(&f, "choices", N_("A choice question needs at least two options, one per line."));
	else if (kind != QUESTION_CHOICE)
		qv->choices = "";
	/* Ticked boxes send "1"; an empty value is not a tick. */
	qv->required = strcmp(form_value(&f, "required"), "1") == 0;
	*position = form_int(&f, "position", 1, 1000, 0, 0,
	    N_("Write the position as a whole number from 1 to 1000, or leave it empty."));
	qv->errors = events_form_errors_under(a, form_errors(&f),
	    qv->edit_id ? arena_printf(a, "q%lld-", (long long)qv->edit_id) :
	    "");
	return qv->errors.n;
}

/* The question as stored, from the form's values. */
static const struct question_fields *
q_fields(const struct reg_questions_view *qv, int64_t position,
    struct question_fields *f)
{
	int k;

	f->kind = question_kind_name(qv->kind);
	for (k = 0; k < LANG_COUNT; k++)
		f->labels[k] = qv->labels[k];
	f->choices = qv->choices;
	f->required = qv->required;
	f->position = position;
	return f;
}

/* Opens the write transaction.  0, or -1 answered. */
static int
q_write_open(struct request *r, struct db **db)
{
	if ((*db = request_db(r)) == NULL || db_begin(*db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	return 0;
}

static void
q_finish(struct request *r, struct db *db, const struct event *e,
    const char *change, int64_t qid, const char *done)
{
	if (audit_record(db, r->user.id, request_address(r), change,
	    "event_question", arena_printf(&r->arena, "%lld", (long long)qid),
	    arena_printf(&r->arena, "event %lld", (long long)e->id),
	    time_now()) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
	    url_for(&r->arena, r->lang, "registration.questions",
	    url_id(&r->arena, e->id), NULL), done));
}

void
questions_post(struct request *r)
{
	struct reg_questions_view qv;
	const struct event *e = request_object(r);
	struct db *db;
	struct question_fields f;
	int64_t position, count, last, qid;

	memset(&qv, 0, sizeof(qv));
	if (q_write_open(r, &db) != 0)
		return;
	qv.e = e;
	if (q_read(r, &qv, &position) > 0) {
		db_rollback(db);
		q_render(r, db, 400, &qv);
		return;
	}
	if (questions_count(db, e->id, &count, &last) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (position == 0)
		position = last + 1;
	if (count >= REG_QUESTIONS_MAX) {
		static const struct form_error full = { .field = "kind", .msgid =
		    N_("An event can have at most 30 questions.") };

		db_rollback(db);
		qv.errors = (struct form_errors){ &full, 1 };
		q_render(r, db, 409, &qv);
		return;
	}
	if (question_insert(db, e->id, q_fields(&qv, position, &f), &qid) !=
	    0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	q_finish(r, db, e, "event.question-add", qid, "added");
}

void
questions_update_post(struct request *r)
{
	const struct question_target *t = request_object(r);
	struct reg_questions_view qv;
	struct db *db;
	struct question_fields f;
	int64_t qid = t->question_id, position;

	memset(&qv, 0, sizeof(qv));
	if (q_write_open(r, &db) != 0)
		return;
	qv.e = t->event;
	qv.edit_id = qid;
	if (q_read(r, &qv, &position) > 0) {
		db_rollback(db);
		q_render(r, db, 400, &qv);
		return;
	}
	if (question_update(db, qid, q_fields(&qv, position, &f)) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	q_finish(r, db, t->event, "event.question-edit", qid, "saved");
}

void
questions_delete_post(struct request *r)
{
	const struct question_target *t = request_object(r);
	struct db *db;
	int64_t qid = t->question_id;

	if (q_write_open(r, &db) != 0)
		return;
	if (question_delete(db, qid) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	q_finish(r, db, t->event, "event.question-delete", qid, "deleted");
}

/*
 * training_edit.c - making a training and its test (ACT_BADGES, a
 * SCOPE_MANAGED loader): the training's texts and rules, a question of
 * the bank, a session (an event of the region), enrolling someone, and
 * the enrolments with their results and the trainer's "completed".
 *
 * The page of an existing training holds several forms; a form with
 * mistakes comes back on it with status 400, as written, every mistake
 * named, nothing written.
 */
#include <string.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "db/rows.h"
#include "base/time.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "learning/training_views.h"
#include "network/network.h"
#include "tmpl_training.h"
#include "view/page.h"

static const char *const lang_codes[LANG_COUNT] = { "fi", "sv", "en" };

static const char *
id_url(struct request *r, const char *route, int64_t id)
{
	return url_for(&r->arena, r->lang, route, url_id(&r->arena, id), NULL);
}

static void
form_from(struct request *r, const struct training *t, struct train_form *f)
{
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		f->name[l] = t ? t->name[l] : "";
		f->description[l] = t ? t->description[l] : "";
	}
	f->self_paced = t == NULL || t->self_paced ? "1" : "0";
	f->pass_percent = arena_printf(&r->arena, "%lld",
	    (long long)(t ? t->pass_percent : 80));
	f->max_attempts = arena_printf(&r->arena, "%lld",
	    (long long)(t ? t->max_attempts : 3));
	f->cooldown = arena_printf(&r->arena, "%lld",
	    (long long)(t ? t->cooldown_minutes : 60));
	f->achievement = t && t->achievement_id ? arena_printf(&r->arena,
	    "%lld", (long long)t->achievement_id) : "";
}

static void
qform_empty(struct train_question_form *q)
{
	int l, i;

	for (l = 0; l < LANG_COUNT; l++) {
		q->text[l] = q->explanation[l] = "";
		for (i = 0; i < TRAIN_OPTIONS_MAX; i++)
			q->option[i][l] = "";
	}
	q->kind = "single";
}

/* The page: the achievements to choose from and, for an existing
 * training, its bank, sessions, events to add and enrolments. */
static void
render(struct request *r, int status, struct train_edit_view *ev)
{
	const struct training *t = ev->t;
	struct train_session_item *sess;
	struct event_upcoming *up;
	struct train_question *q;
	struct train_enrolment *en;
	struct achievement *ach;
	int64_t *sids, *mids;
	size_t nsids, nmids;
	struct material_ref *mats;
	struct db *db = request_db(r);
	int64_t region = t ? t->region_id : policy_region_filter(&r->user);
	size_t i;
	struct view v;
	struct page p;
	const char *title;

	ev->csrf = csrf_token(r);
	if (learn_store_achievements(db, &r->arena, region, &ach,
	    &ev->nachievements) != 0)
		goto fail;
	ev->achievements = ach;
	if (t == NULL) {
		ev->action = url_for(&r->arena, r->lang, "trainings.create",
		    NULL);
		title = i18n_text(r->lang, "New training");
	} else {
		ev->action = id_url(r, "trainings.update", t->id);
		ev->question_action = id_url(r, "trainings.question", t->id);
		ev->session_action = id_url(r, "trainings.session", t->id);
		ev->enrol_action = id_url(r, "trainings.enrol-other", t->id);
		ev->complete_action = id_url(r, "trainings.complete", t->id);
		ev->show_href = id_url(r, "trainings.show", t->id);
		if (train_store_questions(db, &r->arena, t->id, &q,
		    &ev->nquestions) != 0 ||
		    train_store_sessions(db, &r->arena, t->id, &sids,
		    &nsids) != 0 ||
		    events_upcoming(db, &r->arena, r->lang, t->region_id,
		    time_now(), true, TRAIN_UPCOMING_MAX, &up,
		    &ev->nupcoming) != 0 ||
		    train_store_enrolment_count(db, t->id,
		    &ev->enrolments_total) != 0 ||
		    train_store_enrolments(db, &r->arena, t->id,
		    ev->enrolments_after, TRAIN_ENROLMENTS_PAGE + 1, &en,
		    &ev->nenrolments) != 0)
			goto fail;
		/* One more than a page read: a next page is there. */
		if (ev->nenrolments > TRAIN_ENROLMENTS_PAGE) {
			ev->nenrolments = TRAIN_ENROLMENTS_PAGE;
			ev->enrolments_next = arena_printf(&r->arena,
			    "%s?after=%lld#enrolments", id_url(r,
			    "trainings.edit", t->id),
			    (long long)en[TRAIN_ENROLMENTS_PAGE - 1].id);
		}
		if (ev->enrolments_after > 0)
			ev->enrolments_first = arena_printf(&r->arena,
			    "%s#enrolments", id_url(r, "trainings.edit", t->id));
		if (train_store_materials(db, &r->arena, t->id, &mids,
		    &nmids) != 0)
			goto fail;
		/* In one statement for twenty; a material gone is left
		 * out. */
		mats = arena_calloc(&r->arena, nmids + 1, sizeof(*mats));
		if (nmids > 0 && materials_refs_of(db, &r->arena, mids, nmids,
		    mats) != 0)
			goto fail;
		for (i = 0; i < nmids; i++)
			if (mats[i].id != 0)
				mats[ev->nmaterials++] = mats[i];
		ev->materials = mats;
		ev->material_action = id_url(r, "trainings.material", t->id);
		ev->questions = q;
		ev->upcoming = up;
		ev->enrolments = en;
		/* The sessions as events (the ids were read above). */
		sess = arena_calloc(&r->arena, nsids + 1, sizeof(*sess));
		for (i = 0; i < nsids; i++)
			if (event_get(db, &r->arena, r->lang, sids[i],
			    &sess[ev->nsessions].e) == 0 && event_seats(db,
			    sids[i], &sess[ev->nsessions].taken,
			    &sess[ev->nsessions].waiting) == 0)
				ev->nsessions++;
		ev->sessions = sess;
		title = i18n_pick(r->lang, t->name[LANG_FI], t->name[LANG_SV],
		    t->name[LANG_EN], NULL);
	}
	page_begin_staff(r, status, title, &v, &p);
	page_crumb(&p, i18n_text(r->lang, "Trainings"), url_for(&r->arena,
	    r->lang, "trainings.list", NULL));
	page_crumb(&p, title, NULL);
	page_form_errors(&p, &ev->errors);
	page_training_edit(&v, &p, ev);
	return;
fail:
	response_unavailable(r);
}

static void
view_init(struct request *r, struct train_edit_view *ev,
    const struct training *t)
{
	memset(ev, 0, sizeof(*ev));
	ev->t = t;
	form_from(r, t, &ev->f);
	qform_empty(&ev->qf);
	ev->event_choice = ev->enrol_email = ev->enrol_session = "";
	ev->material = "";
}

void
learn_training_new(struct request *r)
{
	struct train_edit_view ev;

	view_init(r, &ev, NULL);
	render(r, 200, &ev);
}

void
learn_training_edit(struct request *r)
{
	static const struct { const char *done, *msgid; } notices[] = {
		{ "created", N_("The training has been saved. Add its questions and sessions below.") },
		{ "saved", N_("The changes have been saved.") },
		{ "question", N_("The question has been added.") },
		{ "question-saved", N_("The question has been saved.") },
		{ "removed", N_("The question has been removed.") },
		{ "session", N_("The session has been added.") },
		{ "material", N_("The material has been linked to the training.") },
		{ "enrolled", N_("The person has been enrolled in the training.") },
		{ "completed", N_("The training has been marked completed.") },
	};
	struct train_edit_view ev;
	const char *done = kv_get(&r->query, "done"), *after;
	size_t i;

	view_init(r, &ev, request_object(r));
	/* The enrolments' page: after the enrolment ?after= (keyset). */
	if ((after = kv_get(&r->query, "after")) != NULL &&
	    id_parse(after, &ev.enrolments_after) != 0)
		ev.enrolments_after = 0;
	for (i = 0; done != NULL && i < sizeof(notices) / sizeof(*notices);
	    i++)
		if (strcmp(done, notices[i].done) == 0)
			ev.notice = notices[i].msgid;
	render(r, 200, &ev);
}

static void
done(struct request *r, int64_t id, const char *what)
{
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
	    id_url(r, "trainings.edit", id), what));
}

/*
 * Ends a change of training id begun with response_begin_tx(): when the
 * change went well (ok), its audit record (action, detail) and the
 * commit, then back to the training with `what`; else the rollback and
 * 503.
 */
static void
commit_done(struct request *r, struct db *db, bool ok, const char *action,
    int64_t id, const char *detail, int64_t now, const char *what)
{
	if (!ok || audit_commit(r, db, action, "training", id, detail,
	    now) != 0) {
		response_rollback(r, db);
		return;
	}
	done(r, id, what);
}

/* A form posted to the training of the route: the training, a fresh view
 * of its page and the form begun. */
static const struct training *
form_open(struct request *r, struct train_edit_view *ev, struct form *f)
{
	const struct training *t = request_object(r);

	view_init(r, ev, t);
	form_begin(f, r);
	return t;
}

/* --- the training --- */

static void
save(struct request *r, const struct training *old)
{
	static const char *const yesno[] = { "0", "1" };
	struct train_edit_view ev;
	struct training t;
	struct achievement ac;
	struct form f;
	struct db *db;
	bool any = false;
	int64_t id, now = time_now();
	int l;

	if ((db = response_db(r)) == NULL)
		return;
	view_init(r, &ev, old);
	memset(&t, 0, sizeof(t));
	form_begin(&f, r);
	for (l = 0; l < LANG_COUNT; l++) {
		const char *nf = arena_printf(&r->arena, "name_%s",
		    lang_codes[l]);
		const char *df = arena_printf(&r->arena, "description_%s",
		    lang_codes[l]);

		t.name[l] = ev.f.name[l] = form_text(&f, nf, 0, LEARN_NAME_MAX,
		    N_("Write a name of at most 120 characters."));
		t.description[l] = ev.f.description[l] = form_text(&f, df,
		    FORM_MULTILINE, LEARN_TEXT_MAX,
		    N_("Write a description of at most 2,000 characters."));
		if (t.name[l][0] == '\0' && t.description[l][0] != '\0')
			form_error(&f, nf, N_("Write the name in this language too, or leave the description empty."));
		any = any || t.name[l][0] != '\0';
	}
	if (!any)
		form_error(&f, "name_fi", N_("Write the training's name in at least one language."));
	t.self_paced = form_choice(&f, "self_paced", yesno, 2, FORM_REQUIRED,
	    N_("Choose whether the training can be studied at one's own pace.")) == 1;
	ev.f.self_paced = form_value(&f, "self_paced");
	t.pass_percent = form_int(&f, "pass_percent", 1, 100, 80, FORM_REQUIRED,
	    N_("Write the pass mark as a whole number from 1 to 100."));
	ev.f.pass_percent = form_value(&f, "pass_percent");
	t.max_attempts = form_int(&f, "max_attempts", 1, 20, 3, FORM_REQUIRED,
	    N_("Write the number of attempts as a whole number from 1 to 20."));
	ev.f.max_attempts = form_value(&f, "max_attempts");
	t.cooldown_minutes = form_int(&f, "cooldown", 0, 10080, 60, FORM_REQUIRED,
	    N_("Write the pause between attempts in minutes, from 0 to 10,080 (a week)."));
	ev.f.cooldown = form_value(&f, "cooldown");
	ev.f.achievement = form_value(&f, "achievement");
	if (ev.f.achievement[0] != '\0') {
		struct object_scope s;

		if (id_parse(ev.f.achievement, &t.achievement_id) != 0 ||
		    learn_store_achievement(db, &r->arena, t.achievement_id,
		    &ac) != 0 || (s = (struct object_scope){ .region_id =
		    ac.region_id }, !policy_reaches(&r->user, SCOPE_MANAGED,
		    &s)))
			form_error(&f, "achievement", N_("Choose one of the badges in the list."));
	}
	if (old == NULL && form_ok(&f) &&
	    (t.region_id = network_request_home_region(r)) == 0)
		return;
	if (!form_ok(&f)) {
		ev.errors = form_errors(&f);
		render(r, 400, &ev);
		return;
	}
	if (old != NULL) {
		t.id = old->id;
		t.region_id = old->region_id;
	}
	if (response_begin_tx(r, db) != 0)
		return;
	id = train_store_save(db, &t, r->user.id, now);
	commit_done(r, db, id >= 0, old ? "training.update" :
	    "training.create", id, NULL, now, old ? "saved" : "created");
}

void
learn_training_create(struct request *r)
{
	save(r, NULL);
}

void
learn_training_update(struct request *r)
{
	save(r, request_object(r));
}

/* --- a question --- */

/*
 * Reads the question form of training t into q and a fresh view's ev->qf:
 * true when it has no mistakes, else false with them in ev->errors.  A new
 * question (adding) counts against the test's most questions.
 */
static bool
question_read(struct request *r, const struct training *t, bool adding,
    struct train_edit_view *ev, struct train_question *q)
{
	struct form form, *f = &form;
	static const char *const kinds[] = { "single", "multiple" };
	struct train_option *opts;
	size_t ncorrect = 0;
	int l, i, kind;
	bool any;

	view_init(r, ev, t);
	memset(q, 0, sizeof(*q));
	opts = arena_calloc(&r->arena, TRAIN_OPTIONS_MAX, sizeof(*opts));
	q->options = opts;
	form_begin(f, r);
	any = false;
	for (l = 0; l < LANG_COUNT; l++) {
		const char *tf = arena_printf(&r->arena, "q_text_%s",
		    lang_codes[l]);

		q->text[l] = ev->qf.text[l] = form_text(f, tf, FORM_MULTILINE,
		    TRAIN_TEXT_MAX, N_("Write the question in at most 1,000 characters."));
		q->explanation[l] = ev->qf.explanation[l] = form_text(f,
		    arena_printf(&r->arena, "q_explanation_%s", lang_codes[l]),
		    FORM_MULTILINE, TRAIN_TEXT_MAX,
		    N_("Write the explanation in at most 1,000 characters."));
		any = any || q->text[l][0] != '\0';
		/* Each language of the training has its question. */
		if (t->name[l][0] != '\0' && q->text[l][0] == '\0')
			form_error(f, tf, N_("Write the question in every language the training has."));
	}
	if (!any)
		form_error(f, "q_text_fi", N_("Write the question in every language the training has."));
	kind = form_choice(f, "q_kind", kinds, 2, FORM_REQUIRED,
	    N_("Choose whether the question has one right answer or several."));
	ev->qf.kind = kind == 1 ? "multiple" : "single";
	q->multiple = kind == 1;
	for (i = 0; i < TRAIN_OPTIONS_MAX; i++) {
		const char *first = NULL;
		bool has = false;

		for (l = 0; l < LANG_COUNT; l++) {
			const char *of = arena_printf(&r->arena,
			    "o%d_%s", i + 1, lang_codes[l]);

			if (first == NULL)
				first = of;
			opts[q->noptions].text[l] = ev->qf.option[i][l] =
			    form_text(f, of, 0, LEARN_NAME_MAX * 2,
			    N_("Write an option of at most 240 characters."));
			has = has || ev->qf.option[i][l][0] != '\0';
		}
		ev->qf.correct[i] = form_checkbox(f, arena_printf(&r->arena,
		    "o%d_correct", i + 1));
		if (!has) {
			if (ev->qf.correct[i])
				form_error(f, first, N_("Write the option that is marked right."));
			continue;
		}
		for (l = 0; l < LANG_COUNT; l++)
			if (q->text[l][0] != '\0' &&
			    opts[q->noptions].text[l][0] == '\0')
				form_error(f, arena_printf(&r->arena, "o%d_%s",
				    i + 1, lang_codes[l]), N_("Write the option in every language the question has."));
		opts[q->noptions].correct = ev->qf.correct[i];
		ncorrect += ev->qf.correct[i];
		q->noptions++;
	}
	if (q->noptions < 2)
		form_error(f, "o1_fi", N_("Write at least two options."));
	else if (ncorrect == 0)
		form_error(f, "o1_correct", N_("Mark at least one option right."));
	else if (!q->multiple && ncorrect > 1)
		form_error(f, "o1_correct", N_("A question with one right answer has only one option marked right."));
	if (adding && t->nquestions >= TRAIN_QUESTIONS_MAX)
		form_error(f, "q_text_fi", N_("The test has the most questions it can have: 50."));
	ev->errors = form_errors(f);
	return form_ok(f);
}

void
learn_training_question(struct request *r)
{
	const struct training *t = request_object(r);
	struct train_edit_view ev;
	struct train_question q;
	struct db *db = request_db(r);

	if (!question_read(r, t, true, &ev, &q)) {
		render(r, 400, &ev);
		return;
	}
	if (response_begin_tx(r, db) != 0)
		return;
	commit_done(r, db, train_store_add_question(db, t->id, &q) == 0,
	    "training.question-add", t->id, NULL, time_now(), "question");
}

/* The audit record's detail of a change of a question. */
static const char *
question_detail(struct request *r, const struct train_question_target *x)
{
	return arena_printf(&r->arena, "question %lld", (long long)x->q.id);
}

/* The page of one question's form (GET: as stored; POST: as sent). */
static void
question_page(struct request *r, int status, struct train_edit_view *ev,
    const struct train_question_target *x)
{
	const char *title = i18n_text(r->lang, "Edit the question");
	struct view v;
	struct page p;

	ev->csrf = csrf_token(r);
	ev->question_action = url_for(&r->arena, r->lang,
	    "trainings.question-edit", url_id(&r->arena, x->t.id),
	    url_id(&r->arena, x->q.id), NULL);
	ev->show_href = arena_printf(&r->arena, "%s#questions", id_url(r,
	    "trainings.edit", x->t.id));
	page_begin_staff(r, status, title, &v, &p);
	page_crumb(&p, i18n_text(r->lang, "Trainings"), url_for(&r->arena,
	    r->lang, "trainings.list", NULL));
	page_crumb(&p, i18n_pick(r->lang, x->t.name[LANG_FI],
	    x->t.name[LANG_SV], x->t.name[LANG_EN], NULL), id_url(r,
	    "trainings.edit", x->t.id));
	page_crumb(&p, title, NULL);
	page_form_errors(&p, &ev->errors);
	page_training_question_edit(&v, &p, ev);
}

void
learn_training_question_edit(struct request *r)
{
	const struct train_question_target *x = request_object(r);
	struct train_edit_view ev;
	size_t i;
	int l;

	view_init(r, &ev, &x->t);
	for (l = 0; l < LANG_COUNT; l++) {
		ev.qf.text[l] = x->q.text[l];
		ev.qf.explanation[l] = x->q.explanation[l];
		for (i = 0; i < x->q.noptions && i < TRAIN_OPTIONS_MAX; i++)
			ev.qf.option[i][l] = x->q.options[i].text[l];
	}
	ev.qf.kind = x->q.multiple ? "multiple" : "single";
	for (i = 0; i < x->q.noptions && i < TRAIN_OPTIONS_MAX; i++)
		ev.qf.correct[i] = x->q.options[i].correct;
	question_page(r, 200, &ev, x);
}

void
learn_training_question_update(struct request *r)
{
	const struct train_question_target *x = request_object(r);
	struct train_edit_view ev;
	struct train_question q;
	struct db *db = request_db(r);

	if (!question_read(r, &x->t, false, &ev, &q)) {
		question_page(r, 400, &ev, x);
		return;
	}
	if (response_begin_tx(r, db) != 0)
		return;
	commit_done(r, db, train_store_update_question(db, x->t.id, x->q.id,
	    &q) == 0, "training.question-edit", x->t.id, question_detail(r, x),
	    time_now(), "question-saved");
}

void
learn_training_question_delete_confirm(struct request *r)
{
	const struct train_question_target *x = request_object(r);
	const char *title = i18n_text(r->lang, "Remove the question");
	struct confirm c;
	struct view v;
	struct page p;
	enum lang l;

	confirm_init(&c, r, csrf_token(r));
	c.subject = i18n_pick(r->lang, x->q.text[LANG_FI], x->q.text[LANG_SV],
	    x->q.text[LANG_EN], &l);
	c.subject_lang = l != r->lang ? lang_code(l) : NULL;
	c.consequence = i18n_text(r->lang, "The question and its options are removed from the test. The results of attempts made already stay as they were.");
	c.note = i18n_text(r->lang, "This cannot be undone: to have the question again, add it again.");
	c.button = i18n_text(r->lang, "Yes, remove the question");
	c.back_href = arena_printf(&r->arena, "%s#questions", id_url(r,
	    "trainings.edit", x->t.id));
	c.back_label = i18n_text(r->lang, "No, keep the question");
	page_begin_staff(r, 200, title, &v, &p);
	page_crumb(&p, i18n_text(r->lang, "Trainings"), url_for(&r->arena,
	    r->lang, "trainings.list", NULL));
	page_crumb(&p, i18n_pick(r->lang, x->t.name[LANG_FI],
	    x->t.name[LANG_SV], x->t.name[LANG_EN], NULL), id_url(r,
	    "trainings.edit", x->t.id));
	page_crumb(&p, title, NULL);
	page_confirm(r, &v, &p, 200, &c);
}

void
learn_training_question_delete(struct request *r)
{
	const struct train_question_target *x = request_object(r);
	struct db *db = request_db(r);
	int64_t now = time_now();

	if (response_begin_tx(r, db) != 0)
		return;
	commit_done(r, db, train_store_delete_question(db, x->t.id,
	    x->q.id) == 0, "training.question-remove", x->t.id,
	    question_detail(r, x), now, "removed");
}

/*
 * Links object `id` to training t with add() - a session's event or a
 * material - and answers: the form again with its mistakes (400), "linked
 * already" on `field` (409), or back to the training with `done`.  One
 * transaction with its audit record.
 */
static void
link_save(struct request *r, struct train_edit_view *ev, struct form *f,
    const struct training *t, int (*add)(struct db *, int64_t, int64_t),
    int64_t id, const char *field, const char *already, const char *what,
    const char *action, const char *done_as)
{
	struct db *db = request_db(r);
	int64_t now = time_now();
	int rc;

	if (!form_ok(f)) {
		ev->errors = form_errors(f);
		render(r, 400, ev);
		return;
	}
	if (response_begin_tx(r, db) != 0)
		return;
	if ((rc = add(db, t->id, id)) < 0) {
		response_rollback(r, db);
		return;
	}
	if (rc == 1) {
		db_rollback(db);
		form_error(f, field, already);
		ev->errors = form_errors(f);
		render(r, 409, ev);
		return;
	}
	commit_done(r, db, true, action, t->id, arena_printf(&r->arena,
	    "%s %lld", what, (long long)id), now, done_as);
}

/* --- a session --- */

void
learn_training_session(struct request *r)
{
	struct train_edit_view ev;
	struct event e;
	struct form f;
	const struct training *t = form_open(r, &ev, &f);
	struct db *db = request_db(r);
	int64_t id = 0;

	ev.event_choice = form_value(&f, "event");
	if (id_parse(ev.event_choice, &id) != 0 ||
	    event_get(db, &r->arena, r->lang, id, &e) != 0 ||
	    e.region_id != t->region_id || e.capacity < 0)
		form_error(&f, "event", N_("Choose an event of the region that takes registrations."));
	link_save(r, &ev, &f, t, train_store_add_session, id, "event",
	    N_("The event is a session of the training already."), "event",
	    "training.session-add", "session");
}

/* --- a material --- */

/* The material a field names: its number, or its page's address
 * (".../materials/12", a query after it allowed).  0 or -1. */
static int
material_id(const char *s, int64_t *id)
{
	const char *p = strstr(s, "/materials/");
	char digits[24];
	size_t n;

	if (p != NULL)
		s = p + strlen("/materials/");
	n = strspn(s, "0123456789");
	if (n == 0 || n >= sizeof(digits) || (s[n] != '\0' && s[n] != '?' &&
	    s[n] != '#'))
		return -1;
	memcpy(digits, s, n);
	digits[n] = '\0';
	return id_parse(digits, id);
}

void
learn_training_material(struct request *r)
{
	struct train_edit_view ev;
	struct material_ref m;
	struct form f;
	const struct training *t = form_open(r, &ev, &f);
	struct db *db = request_db(r);
	int64_t id = 0;
	int rc = 0;

	ev.material = form_text(&f, "material", FORM_REQUIRED, 500,
	    N_("Write the material's address in the library, for example https://tuki.example.fi/fi/materials/12, or its number."));
	if (form_ok(&f) && (material_id(ev.material, &id) != 0 ||
	    (rc = materials_ref(db, &r->arena, id, &m)) == DB_MISSING))
		form_error(&f, "material", N_("The library has no material at this address."));
	else if (form_ok(&f) && rc != 0) {
		response_unavailable(r);
		return;
	}
	link_save(r, &ev, &f, t, train_store_add_material, id, "material",
	    N_("The material is linked to the training already."), "material",
	    "training.material-add", "material");
}

/* --- enrolling someone --- */

void
learn_training_enrol_other(struct request *r)
{
	struct train_edit_view ev;
	struct account acc;
	struct form f;
	const struct training *t = form_open(r, &ev, &f);
	struct db *db = request_db(r);
	const char *email, *why = NULL;
	int64_t event;
	int rc;

	email = form_email(&f, "enrol_email", FORM_REQUIRED,
	    N_("Write the e-mail address of the staff member's account, for example maija.meikalainen@kunta.fi."));
	ev.enrol_email = form_value(&f, "enrol_email");
	event = train_read_session(&f, db, t, "enrol_session",
	    &ev.enrol_session);
	if (form_ok(&f)) {
		struct object_scope s;

		if ((rc = account_by_email(db, &r->arena,
		    account_normalise_email(&r->arena, email), &acc)) < 0) {
			response_unavailable(r);
			return;
		}
		s = (struct object_scope){ .region_id = acc.region_id };
		if (rc != 0 || !acc.active || !policy_allows(&(struct user){
		    .id = acc.id, .role = acc.role }, ACT_TRAININGS) ||
		    (acc.region_id != 0 && !policy_reaches(&r->user,
		    SCOPE_MANAGED, &s)))
			form_error(&f, "enrol_email", N_("No staff account of the region has this address."));
	}
	if (form_ok(&f)) {
		if ((rc = train_enrol_commit(r, db, t, &acc, event,
		    "training.enrol-other", &why)) < 0)
			return;
		if (rc == 0) {
			done(r, t->id, "enrolled");
			return;
		}
		form_error(&f, "enrol_email", why);
	}
	ev.errors = form_errors(&f);
	render(r, why != NULL ? 409 : 400, &ev);
}

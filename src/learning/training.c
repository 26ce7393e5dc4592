/*
 * training.c - the staff pages of trainings (training.h).
 *
 * Every staff member (ACT_TRAININGS) sees the trainings of their region,
 * enrols and takes the tests; making trainings, their question banks and
 * sessions, enrolling someone else and marking completion is for those
 * who manage the region's badges (ACT_BADGES, a SCOPE_MANAGED loader).
 * A session is an event: enrolling in one is registration_create() in
 * the enrolment's transaction, so its seat, waiting list and offers are
 * the registration module's.  Passing the test, or the trainer's mark,
 * completes the enrolment and awards the training's badge with its
 * e-mail in one transaction.
 */
#include <sodium.h>
#include <string.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "learning/internal.h"
#include "learning/training_views.h"
#include "network/network.h"
#include "registration/registration.h"
#include "tmpl_training.h"
#include "view/page.h"

bool
train_chosen(const struct train_choice *c, size_t n, int64_t qid, int64_t oid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i].question_id == qid && c[i].option_id == oid)
			return true;
	return false;
}

static const char *
train_name(const struct training *t, enum lang l)
{
	return i18n_pick(l, t->name[LANG_FI], t->name[LANG_SV],
	    t->name[LANG_EN], NULL);
}

static const char *
id_url(struct request *r, const char *route, int64_t id)
{
	return url_for(&r->arena, r->lang, route, url_id(&r->arena, id), NULL);
}

static void
begin(struct request *r, int status, const char *title,
    const struct training *t, struct view *v, struct page *p)
{
	page_begin_staff(r, status, title, v, p);
	page_crumb(p, i18n_text(r->lang, "Trainings"), url_for(&r->arena,
	    r->lang, "trainings.list", NULL));
	if (t != NULL && strcmp(title, train_name(t, r->lang)) != 0)
		page_crumb(p, train_name(t, r->lang), id_url(r,
		    "trainings.show", t->id));
	page_crumb(p, title, NULL);
}

/* --- the list --- */

void
learn_trainings(struct request *r)
{
	struct train_list_view lv;
	struct training *items;
	const char *b = kv_get(&r->query, "before");
	int64_t before = 0;
	struct db *db;
	struct view v;
	struct page p;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&lv, 0, sizeof(lv));
	if (b != NULL && id_parse(b, &before) != 0)
		before = 0;
	if (train_store_list(db, &r->arena, policy_training_region(&r->user),
	    before, TRAIN_LIST_PAGE + 1, &items, &lv.n) != 0) {
		response_unavailable(r);
		return;
	}
	if (lv.n > TRAIN_LIST_PAGE) {
		lv.n = TRAIN_LIST_PAGE;
		lv.older_href = arena_printf(&r->arena, "%s?before=%lld",
		    url_for(&r->arena, r->lang, "trainings.list", NULL),
		    (long long)items[TRAIN_LIST_PAGE - 1].id);
	}
	lv.items = items;
	lv.may_manage = policy_allows(&r->user, ACT_BADGES);
	page_begin_staff(r, 200, i18n_text(r->lang, "Trainings"), &v, &p);
	page_crumb(&p, i18n_text(r->lang, "Trainings"), NULL);
	page_training_list(&v, &p, &lv);
}

/* --- one training --- */

/* The sessions with their events and seats.  0 or -1. */
static int
load_sessions(struct request *r, struct db *db, const struct training *t,
    struct train_session_item **out, size_t *n)
{
	struct train_session_item *s;
	int64_t *ids;
	size_t i, k = 0;

	if (train_store_sessions(db, &r->arena, t->id, &ids, n) != 0)
		return -1;
	s = arena_calloc(&r->arena, *n + 1, sizeof(*s));
	for (i = 0; i < *n; i++) {
		if (event_get(db, &r->arena, r->lang, ids[i], &s[k].e) != 0 ||
		    !event_visible(&r->user, &s[k].e))
			continue;
		if (event_seats(db, ids[i], &s[k].taken, &s[k].waiting) != 0)
			return -1;
		k++;
	}
	*n = k;
	*out = s;
	return 0;
}

static const char *
seat_status(enum reg_status s)
{
	switch (s) {
	case REG_CONFIRMED:
		return N_("You have a seat.");
	case REG_WAITING:
		return N_("You are on the waiting list.");
	case REG_OFFERED:
		return N_("A seat is offered to you: accept it from the link in your e-mail.");
	case REG_CANCELLED:
	case REG_DECLINED:
	case REG_EXPIRED:
		break;
	}
	return N_("You have no seat in the session.");
}

static void
show_render(struct request *r, int status, struct train_show_view *sv)
{
	const struct training *t = sv->t;
	struct db *db = request_db(r);
	struct train_enrolment *mine;
	struct train_session_item *sess;
	struct material_ref *mats;
	struct achievement ac;
	struct registration reg;
	int64_t *mids;
	size_t i, nm;
	struct view v;
	struct page p;
	int rc;

	sv->csrf = csrf_token(r);
	sv->enrol_action = id_url(r, "trainings.enrol", t->id);
	sv->test_href = id_url(r, "trainings.test", t->id);
	if (policy_allows(&r->user, ACT_BADGES)) {
		struct object_scope s = { .region_id = t->region_id };

		if (policy_reaches(&r->user, SCOPE_MANAGED, &s))
			sv->edit_href = id_url(r, "trainings.edit", t->id);
	}
	if (load_sessions(r, db, t, &sess, &sv->nsessions) != 0 ||
	    train_store_materials(db, &r->arena, t->id, &mids, &nm) != 0)
		goto fail;
	sv->sessions = sess;
	/* In one statement for twenty; a material gone is left out. */
	mats = arena_calloc(&r->arena, nm + 1, sizeof(*mats));
	if (nm > 0 && materials_refs_of(db, &r->arena, mids, nm, mats) != 0)
		goto fail;
	for (i = 0; i < nm; i++)
		if (mats[i].id != 0)
			mats[sv->nmaterials++] = mats[i];
	sv->materials = mats;
	mine = arena_calloc(&r->arena, 1, sizeof(*mine));
	if ((rc = train_store_enrolment(db, &r->arena, t->id, r->user.id,
	    mine)) < 0)
		goto fail;
	if (rc == 0) {
		sv->mine = mine;
		if (mine->completed_at == 0)
			sv->withdraw_href = id_url(r, "trainings.withdraw",
			    t->id);
		if (mine->registration_id != 0) {
			if (registration_get(db, &r->arena,
			    mine->registration_id, &reg) == 0) {
				sv->mine_status = seat_status(reg.status);
				/* The seat has gone: a new one may be taken. */
				sv->reseat = mine->completed_at == 0 &&
				    sv->nsessions > 0 &&
				    !reg_status_active(reg.status);
			}
			for (i = 0; i < sv->nsessions; i++)
				if (sess[i].e.id == mine->event_id)
					sv->mine_session = sess[i].e.title;
		}
	}
	if (t->achievement_id != 0 && learn_store_achievement(db, &r->arena,
	    t->achievement_id, &ac) == 0)
		sv->achievement = i18n_pick(r->lang, ac.name[LANG_FI],
		    ac.name[LANG_SV], ac.name[LANG_EN], NULL);
	begin(r, status, train_name(t, r->lang), t, &v, &p);
	page_form_errors(&p, &sv->errors);
	page_training_show(&v, &p, sv);
	return;
fail:
	response_unavailable(r);
}

void
learn_training_show(struct request *r)
{
	struct train_show_view sv;
	const char *done = kv_get(&r->query, "done");

	memset(&sv, 0, sizeof(sv));
	sv.t = request_object(r);
	sv.session = "";
	if (done != NULL && strcmp(done, "enrolled") == 0)
		sv.notice = N_("You have been enrolled in the training.");
	else if (done != NULL && strcmp(done, "withdrawn") == 0)
		sv.notice = N_("Your enrolment has ended.");
	show_render(r, 200, &sv);
}

/* --- enrolling --- */

/*
 * A seat for acc in session `event`: registration_create(), so the
 * event's seats, waiting list and offers apply.  0 with *reg_id; 1 when
 * refused (the msgid in *why); -1.
 */
static int
train_take_seat(struct request *r, struct db *db, const struct account *acc,
    const char *name, int64_t event, int64_t now, const char **why,
    int64_t *reg_id)
{
	char submission[LEARN_UUID_LEN + 1];
	struct reg_input in;
	struct reg_result res;

	memset(&in, 0, sizeof(in));
	learn_uuid_new(submission);
	in.event_id = event;
	in.address = "";
	in.signed_in = true;
	in.submission = submission;
	in.name = name;
	in.email = acc->email;
	in.organisation = "";
	in.group_size = 1;
	in.lang = r->lang;
	if (registration_create(db, &in, now, &res) != 0)
		return -1;
	switch (res.outcome) {
	case REGOUT_CONFIRMED:
	case REGOUT_WAITING:
	case REGOUT_OFFERED:
		*reg_id = res.id;
		return 0;
	case REGOUT_CLOSED:
		*why = N_("The session no longer takes enrolments. Choose another session.");
		return 1;
	case REGOUT_EXISTS:
	case REGOUT_DUPLICATE:
		*why = N_("This person is registered for the session already.");
		return 1;
	case REGOUT_LIMITED:
		*why = N_("Too many registrations from this address for now. Try again later.");
		return 1;
	}
	return -1;
}

/* Does enrolment e hold a seat, or wait or have one offered?  1, 0, -1. */
static int
train_seated(struct request *r, struct db *db, const struct train_enrolment *e)
{
	struct registration reg;
	int rc;

	if (e->registration_id == 0)
		return 0;
	rc = registration_get(db, &r->arena, e->registration_id, &reg);
	if (rc < 0)
		return -1;
	return rc == 0 && reg_status_active(reg.status);
}

/*
 * Enrols account `acc` in training t, in session `event` (0: self-paced),
 * in the caller's transaction: a session's seat is a registration
 * through registration_create().  Someone enrolled whose seat has gone
 * (cancelled from the registration's own link, an offer declined or run
 * out) takes a seat again the same way.  0; 1 when refused (the msgid in
 * *why); -1.
 */
int
train_enrol(struct request *r, struct db *db, const struct training *t,
    const struct account *acc, int64_t event, int64_t now, const char **why)
{
	struct train_enrolment e, old;
	int64_t reg_id = 0;
	int rc;

	if ((rc = train_store_enrolment(db, &r->arena, t->id, acc->id,
	    &old)) < 0)
		return -1;
	if (rc == 0) {
		if (old.completed_at != 0 || event == 0 ||
		    (rc = train_seated(r, db, &old)) != 0) {
			if (rc < 0)
				return -1;
			*why = N_("This person is enrolled in the training already.");
			return 1;
		}
		if ((rc = train_take_seat(r, db, acc, old.name, event, now, why,
		    &reg_id)) != 0)
			return rc;
		return train_store_reseat(db, old.id, event, reg_id);
	}
	memset(&e, 0, sizeof(e));
	e.training_id = t->id;
	e.account_id = acc->id;
	e.name = acc->name != NULL && acc->name[0] ? acc->name : acc->email;
	if (event != 0) {
		if ((rc = train_take_seat(r, db, acc, e.name, event, now, why,
		    &reg_id)) != 0)
			return rc;
		e.event_id = event;
		e.registration_id = reg_id;
	}
	return train_store_enrol(db, &e, r->user.id, now) > 0 ? 0 : -1;
}

/* The chosen session: its event id, 0 for self-paced; -1 (the mistake
 * recorded) when it is none of the training's. */
int64_t
train_read_session(struct form *f, struct db *db, const struct training *t,
    const char *field, const char **value)
{
	const char *s = form_value(f, field);
	int64_t *ids, id;
	size_t n, i;

	*value = s;
	if (s[0] == '\0' && t->self_paced)
		return 0;
	if (id_parse(s, &id) == 0 && train_store_sessions(db, &f->r->arena,
	    t->id, &ids, &n) == 0)
		for (i = 0; i < n; i++)
			if (ids[i] == id)
				return id;
	form_error(f, field, t->self_paced ?
	    N_("Choose a session, or study at your own pace.") :
	    N_("Choose a session."));
	return -1;
}

int
train_enrol_commit(struct request *r, struct db *db,
    const struct training *t, const struct account *acc, int64_t event,
    const char *action, const char **why)
{
	int64_t now = time_now();
	int rc;

	if (response_begin_tx(r, db) != 0)
		return -1;
	if ((rc = train_enrol(r, db, t, acc, event, now, why)) == 1) {
		db_rollback(db);
		return 1;
	}
	if (rc < 0 || audit_commit(r, db, action, "training", t->id, NULL,
	    now) != 0) {
		response_rollback(r, db);
		return -1;
	}
	return 0;
}

void
learn_training_enrol(struct request *r)
{
	const struct training *t = request_object(r);
	struct train_show_view sv;
	struct account acc;
	struct form f;
	struct db *db = request_db(r);
	const char *why = NULL;
	int64_t event;
	int rc;

	memset(&sv, 0, sizeof(sv));
	sv.t = t;
	form_begin(&f, r);
	event = train_read_session(&f, db, t, "session", &sv.session);
	if (form_ok(&f) && account_by_id(db, &r->arena, r->user.id, &acc) != 0) {
		response_unavailable(r);
		return;
	}
	if (form_ok(&f)) {
		if ((rc = train_enrol_commit(r, db, t, &acc, event,
		    "training.enrol", &why)) < 0)
			return;
		if (rc == 0) {
			response_redirect(r, 303, arena_printf(&r->arena,
			    "%s?done=enrolled", id_url(r, "trainings.show",
			    t->id)));
			return;
		}
		form_error(&f, "session", why);
	}
	sv.errors = form_errors(&f);
	show_render(r, why != NULL ? 409 : 400, &sv);
}

/* --- withdrawing --- */

void
learn_training_withdraw_confirm(struct request *r)
{
	const struct training *t = request_object(r);
	struct train_enrolment e;
	struct confirm c;
	struct db *db;
	struct view v;
	struct page p;
	enum lang l;
	const char *title = i18n_text(r->lang, "Withdraw from the training");
	int rc;

	if ((db = response_db(r)) == NULL)
		return;
	if ((rc = train_store_enrolment(db, &r->arena, t->id, r->user.id,
	    &e)) < 0) {
		response_unavailable(r);
		return;
	}
	confirm_init(&c, r, csrf_token(r));
	c.subject = i18n_pick(r->lang, t->name[LANG_FI], t->name[LANG_SV],
	    t->name[LANG_EN], &l);
	c.subject_lang = l != r->lang ? lang_code(l) : NULL;
	if (rc != 0)
		c.refusal = i18n_text(r->lang, "You are not enrolled in the training.");
	else if (e.completed_at != 0)
		c.refusal = i18n_text(r->lang, "You have completed the training: your enrolment and its badge stay.");
	c.consequence = i18n_text(r->lang, "Your enrolment ends. If you have a seat in a session, it goes to the next person on the waiting list.");
	c.note = i18n_text(r->lang, "You can enrol again later. Your test attempts are kept.");
	c.button = i18n_text(r->lang, "Yes, withdraw from the training");
	c.back_href = id_url(r, "trainings.show", t->id);
	c.back_label = i18n_text(r->lang, "No, stay enrolled");
	begin(r, 200, title, t, &v, &p);
	page_confirm(r, &v, &p, 200, &c);
}

void
learn_training_withdraw(struct request *r)
{
	const struct training *t = request_object(r);
	struct train_enrolment e;
	struct db *db = request_db(r);
	int64_t now = time_now();
	int rc;

	if (response_begin_tx(r, db) != 0)
		return;
	if ((rc = train_store_enrolment(db, &r->arena, t->id, r->user.id,
	    &e)) < 0)
		goto fail;
	if (rc != 0 || e.completed_at != 0) {
		db_rollback(db);
		response_error(r, 409, rc != 0 ?
		    N_("You are not enrolled in the training.") :
		    N_("You have completed the training: your enrolment and its badge stay."));
		return;
	}
	/* The seat goes back to the event: registration_cancel() offers it
	 * to the waiting list in this transaction. */
	if ((e.registration_id != 0 &&
	    registration_cancel(db, e.registration_id, now) < 0) ||
	    train_store_withdraw(db, e.id) != 0 ||
	    audit_commit(r, db, "training.withdraw", "training", t->id, NULL,
	    now) != 0)
		goto fail;
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=withdrawn",
	    id_url(r, "trainings.show", t->id)));
	return;
fail:
	response_rollback(r, db);
}

/* --- completing and awarding --- */

/*
 * Completes enrolment e of training t (via "trainer" or "test") and
 * awards the training's badge to its account, with the award's e-mail,
 * in the caller's transaction.  *award_uuid gets the award's UUID (NULL
 * when the training has no badge).  0; 1 completed already; -1.
 */
static int
complete(struct request *r, struct db *db, const struct training *t,
    const struct train_enrolment *e, const char *via, int64_t now,
    const char **award_uuid)
{
	struct achievement ac;
	struct account acc;
	struct badge_key k;
	struct award aw;
	enum lang l;

	*award_uuid = NULL;
	if (e->completed_at != 0)
		return 1;
	memset(&aw, 0, sizeof(aw));
	if (t->achievement_id != 0) {
		if (learn_store_achievement(db, &r->arena, t->achievement_id,
		    &ac) != 0 || account_by_id(db, &r->arena, e->account_id,
		    &acc) != 0)
			return -1;
		/* The badge in the page's language, or the first it has. */
		l = r->lang;
		if (!learn_has_lang(&ac, l))
			for (l = 0; l < LANG_COUNT - 1 && !learn_has_lang(&ac,
			    l); l++)
				;
		aw.achievement_id = ac.id;
		aw.lang = l;
		aw.account_id = acc.id;
		aw.name = acc.name != NULL && acc.name[0] ? acc.name : e->name;
		aw.email = account_normalise_email(&r->arena, acc.email);
		aw.narrative = arena_printf(&r->arena, "%s: %s", i18n_text(l,
		    strcmp(via, "test") == 0 ? "Passed the test of the training" :
		    "Completed the training"), i18n_pick(l, t->name[LANG_FI],
		    t->name[LANG_SV], t->name[LANG_EN], NULL));
		aw.evidence_url = "";
		if (learn_signing_key(db, true, &k) != 0)
			return -1;
		badge_key_wipe(&k);
		if (learn_store_insert_award(db, &r->arena, &aw, r->user.id,
		    now) != 0 || learn_award_mail(r, db, &ac, &aw, now) != 0)
			return -1;
		*award_uuid = aw.uuid;
	}
	return train_store_complete(db, e->id, via, r->user.id, aw.id, now);
}

void
learn_training_complete(struct request *r)
{
	const struct training *t = request_object(r);
	struct train_enrolment e;
	struct db *db = request_db(r);
	const char *s = kv_get(&r->form, "enrolment"), *uuid;
	int64_t id, now = time_now();
	int rc;

	if (s == NULL || id_parse(s, &id) != 0) {
		response_error(r, 400, N_("Choose whose training to mark completed."));
		return;
	}
	if ((rc = train_store_enrolment_by_id(db, &r->arena, t->id, id,
	    &e)) < 0) {
		response_unavailable(r);
		return;
	}
	if (rc != 0) {
		response_error(r, 400, N_("Choose whose training to mark completed."));
		return;
	}
	if (e.completed_at != 0) {
		response_error(r, 409, N_("The training has been marked completed already."));
		return;
	}
	if (response_begin_tx(r, db) != 0)
		return;
	if ((rc = complete(r, db, t, &e, "trainer", now, &uuid)) != 0 ||
	    audit_commit(r, db, "training.complete", "training_enrolment", id,
	    uuid, now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=completed",
	    id_url(r, "trainings.edit", t->id)));
}

/* --- the test --- */

/* The attempts, the facts of the rule and the open attempt.  0 or -1. */
static int
test_facts(struct request *r, struct db *db, const struct training *t,
    struct train_test_facts *f, struct train_attempt **open,
    struct train_attempt **last)
{
	struct train_attempt *at;
	size_t n, i;

	memset(f, 0, sizeof(*f));
	*open = *last = NULL;
	if (train_store_attempts(db, &r->arena, t->id, r->user.id, &at,
	    &n) != 0)
		return -1;
	f->nquestions = t->nquestions;
	f->max_attempts = t->max_attempts;
	f->cooldown_minutes = t->cooldown_minutes;
	for (i = 0; i < n; i++) {
		if (at[i].submitted_at == 0) {
			f->open = true;
			*open = &at[i];
			continue;
		}
		f->submitted++;
		f->last_submitted_at = at[i].submitted_at;
		f->passed = f->passed || at[i].passed;
		*last = &at[i];
	}
	return 0;
}

/* The bank in the attempt's order.  0 or -1. */
static int
attempt_questions(struct request *r, struct db *db, const struct training *t,
    const struct train_attempt *at, struct train_question **q, size_t *n)
{
	if (train_store_questions(db, &r->arena, t->id, q, n) != 0)
		return -1;
	train_shuffle(*q, *n, (uint64_t)at->seed);
	return 0;
}

static void
test_render(struct request *r, int status, struct train_test_view *tv)
{
	struct view v;
	struct page p;

	tv->csrf = csrf_token(r);
	tv->action = id_url(r, "trainings.test-answer", tv->t->id);
	tv->start_action = id_url(r, "trainings.test-start", tv->t->id);
	tv->show_href = id_url(r, "trainings.show", tv->t->id);
	tv->result_href = id_url(r, "trainings.result", tv->t->id);
	begin(r, status, i18n_text(r->lang, "Test"), tv->t, &v, &p);
	page_form_errors(&p, &tv->errors);
	page_training_test(&v, &p, tv);
}

/* Fills tv for the user's state; the open attempt's questions.  0 or
 * -1. */
static int
test_view(struct request *r, struct db *db, struct train_test_view *tv,
    struct train_attempt **open)
{
	struct train_test_facts f;
	struct train_enrolment e;
	struct train_attempt *last;
	struct train_question *q;
	int rc;

	if (test_facts(r, db, tv->t, &f, open, &last) != 0)
		return -1;
	tv->state = train_test_state(&f, time_now(), &tv->until);
	tv->used = f.submitted;
	if ((rc = train_store_enrolment(db, &r->arena, tv->t->id, r->user.id,
	    &e)) < 0)
		return -1;
	tv->enrolled = rc == 0;
	if (*open != NULL) {
		if (attempt_questions(r, db, tv->t, *open, &q, &tv->n) != 0)
			return -1;
		tv->q = q;
	}
	return 0;
}

void
learn_test(struct request *r)
{
	struct train_test_view tv;
	struct train_attempt *open;
	struct db *db;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&tv, 0, sizeof(tv));
	tv.t = request_object(r);
	if (test_view(r, db, &tv, &open) != 0) {
		response_unavailable(r);
		return;
	}
	test_render(r, 200, &tv);
}

void
learn_test_start(struct request *r)
{
	struct train_test_view tv;
	struct train_attempt *open;
	struct db *db = request_db(r);
	uint32_t seed;
	int64_t id, now = time_now();

	memset(&tv, 0, sizeof(tv));
	tv.t = request_object(r);
	if (response_begin_tx(r, db) != 0)
		return;
	/* The rule is asked inside the transaction that writes, so two
	 * clicks cannot start two attempts. */
	if (test_view(r, db, &tv, &open) != 0) {
		response_rollback(r, db);
		return;
	}
	if (tv.state == TRAIN_TEST_OPEN) {
		db_rollback(db);
		response_redirect(r, 303, id_url(r, "trainings.test",
		    tv.t->id));
		return;
	}
	if (tv.state != TRAIN_TEST_CAN_START || !tv.enrolled) {
		db_rollback(db);
		test_render(r, 409, &tv);
		return;
	}
	seed = randombytes_random() & 0x7fffffff;
	if ((id = train_store_start(db, tv.t->id, r->user.id, seed,
	    now)) < 0 || audit_commit(r, db, "training.test-start",
	    "training_attempt", id, NULL, now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, id_url(r, "trainings.test", tv.t->id));
}

static const char *
parse_msgid(enum train_parse e)
{
	switch (e) {
	case TRAIN_PARSE_OK:
		break;
	case TRAIN_PARSE_TOO_MANY:
		return N_("The answers had more fields than the test has options. Nothing was saved.");
	case TRAIN_PARSE_UNKNOWN_FIELD:
	case TRAIN_PARSE_UNKNOWN_QUESTION:
		return N_("The answers named a question that is not in this test. Nothing was saved.");
	case TRAIN_PARSE_UNKNOWN_OPTION:
		return N_("The answers named an option that is not in this test. Nothing was saved.");
	case TRAIN_PARSE_DUPLICATE:
		return N_("The answers had the same option twice. Nothing was saved.");
	case TRAIN_PARSE_NOT_ONE:
		return N_("A question with one answer had several. Nothing was saved.");
	case TRAIN_PARSE_BAD_TEXT:
		return N_("The answers were not readable text. Nothing was saved.");
	}
	return N_("The answers could not be read. Nothing was saved.");
}

void
learn_test_answer(struct request *r)
{
	const struct training *t = request_object(r);
	struct train_test_view tv;
	struct train_attempt *open, at;
	struct train_enrolment e;
	struct train_choice *c;
	struct form f;
	struct db *db = request_db(r);
	const char *uuid = NULL;
	enum train_parse pe;
	bool *answered;
	size_t nc, i;
	int64_t now = time_now();
	int rc;

	memset(&tv, 0, sizeof(tv));
	tv.t = t;
	if (test_view(r, db, &tv, &open) != 0) {
		response_unavailable(r);
		return;
	}
	if (open == NULL) {
		response_error(r, 409, N_("You have no test under way. Start the test first."));
		return;
	}
	/* Withdrawn while an attempt was open: the attempt waits, as the
	 * withdrawal promised, until one enrols again - a pass needs an
	 * enrolment to complete. */
	if (!tv.enrolled) {
		response_error(r, 409, N_("Enrol in the training first, then take its test."));
		return;
	}
	answered = arena_calloc(&r->arena, tv.n + 1, sizeof(*answered));
	if ((pe = train_answers_parse(&r->arena, &r->form, CSRF_FIELD, tv.q,
	    tv.n, &c, &nc, answered)) != TRAIN_PARSE_OK) {
		response_error(r, 400, parse_msgid(pe));
		return;
	}
	form_begin(&f, r);
	for (i = 0; i < tv.n; i++) {
		const char *field = arena_printf(&r->arena, "q%lld",
		    (long long)tv.q[i].id);

		if (answered[i])
			continue;
		form_error(&f, field, tv.q[i].multiple ?
		    N_("Choose one or more answers to the question.") :
		    N_("Choose an answer to the question."));
		form_about(&f, field, i18n_pick(r->lang, tv.q[i].text[LANG_FI],
		    tv.q[i].text[LANG_SV], tv.q[i].text[LANG_EN], NULL));
	}
	if (!form_ok(&f)) {
		tv.errors = form_errors(&f);
		tv.chosen = c;
		tv.nchosen = nc;
		test_render(r, 400, &tv);
		return;
	}
	at = *open;
	at.total = (int64_t)tv.n;
	at.score = train_score(tv.q, tv.n, c, nc);
	train_mark(tv.q, tv.n, c, nc);
	at.passed = train_passes(at.score, at.total, t->pass_percent);
	if (response_begin_tx(r, db) != 0)
		return;
	if ((rc = train_store_submit(db, &at, c, nc, now)) < 0)
		goto fail;
	if (rc == 1) {
		db_rollback(db);
		response_redirect(r, 303, id_url(r, "trainings.result", t->id));
		return;
	}
	if (at.passed) {
		if (train_store_enrolment(db, &r->arena, t->id, r->user.id,
		    &e) != 0 || complete(r, db, t, &e, "test", now, &uuid) < 0)
			goto fail;
	}
	if (audit_commit(r, db, "training.test-answer", "training_attempt",
	    at.id, arena_printf(&r->arena, "%lld/%lld%s", (long long)at.score,
	    (long long)at.total, at.passed ? " passed" : ""), now) != 0)
		goto fail;
	response_redirect(r, 303, id_url(r, "trainings.result", t->id));
	return;
fail:
	response_rollback(r, db);
}

void
learn_test_result(struct request *r)
{
	const struct training *t = request_object(r);
	struct train_result_view rv;
	struct train_test_facts f;
	struct train_attempt *open, *last;
	struct train_question *q;
	struct train_choice *c;
	struct train_enrolment e;
	struct award aw;
	struct db *db;
	struct view v;
	struct page p;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&rv, 0, sizeof(rv));
	rv.t = t;
	rv.test_href = id_url(r, "trainings.test", t->id);
	rv.show_href = id_url(r, "trainings.show", t->id);
	if (test_facts(r, db, t, &f, &open, &last) != 0)
		goto fail;
	if (last == NULL) {
		response_redirect(r, 303, rv.test_href);
		return;
	}
	rv.at = last;
	if (attempt_questions(r, db, t, last, &q, &rv.n) != 0 ||
	    train_store_answers(db, &r->arena, last->id, &c, &rv.nchosen) != 0)
		goto fail;
	rv.q = q;
	rv.chosen = c;
	if (train_store_enrolment(db, &r->arena, t->id, r->user.id, &e) == 0 &&
	    e.award_id != 0 && learn_store_award(db, &r->arena, e.award_id,
	    &aw) == 0)
		rv.badge_href = url_for(&r->arena, r->lang, "badges.verify",
		    aw.uuid, NULL);
	begin(r, 200, i18n_text(r->lang, "Test result"), t, &v, &p);
	page_training_result(&v, &p, &rv);
	return;
fail:
	response_unavailable(r);
}

/*
 * workspace.c - the pages of a sparring workspace: the workspace itself
 * and its forms (self-assessment, goals and outcome, sessions, actions and
 * their progress).
 *
 * The server's guard has already checked that the visitor is signed in
 * (ACT_ACCOUNT), for POSTs the CSRF token, and loaded the workspace (and
 * the session or action of the route) for those who work on it
 * (programme/programme.h): a workspace the visitor does not work on is
 * answered 404 exactly like one that does not exist, so the pages do not
 * reveal what others work on.
 *
 * A change opens its write transaction, reads the whole form with the form
 * model, writes, records the audit entry and commits, and answers 303 back
 * to the workspace at the part that changed.  A form with mistakes rolls
 * back (nothing was written yet) and the page is shown again with status
 * 400, the form open, its values kept and every mistake named next to its
 * field and in a summary at the top.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "programme/workspace.h"
#include "tmpl_workspace.h"
#include "view/escape.h"
#include "view/form.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")

/* Values of a refused form, kept for the page shown again. */
struct ws_kept {
	struct ws_assess_form assess;	/* scores NULL: not this form */
	struct ws_session_form session;
	bool has_session;
	struct ws_update_form update;
	int64_t update_id;		/* 0: not this form */
};

/* --- helpers for the template --- */

bool
ws_form_is(const struct ws_page *p, const char *name)
{
	return p->form != NULL && strcmp(p->form, name) == 0;
}

const char *
ws_mode_label(enum session_mode mode)
{
	return mode == SESSION_REMOTE ? N_("Remote") : N_("On site");
}

const char *
ws_date(struct arena *a, enum lang l, const char *ymd)
{
	int64_t t;

	if (ymd == NULL || !time_date_valid(ymd) ||
	    time_parse_local(arena_printf(a, "%s 12:00", ymd), &t) != 0)
		return ymd ? ymd : "";
	return time_format_date(a, l, t);
}

void
ws_lines(struct buf *b, const char *text)
{
	const char *s = text, *nl;
	size_t n;

	while (*s) {
		nl = strchr(s, '\n');
		n = nl ? (size_t)(nl - s) : strlen(s);
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n > 0) {
			buf_puts(b, "<li>");
			html_txt_n(b, s, n);
			buf_puts(b, "</li>\n");
		}
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

/* --- loading and rendering --- */

static const char *
ws_done_notice(const char *done)
{
	if (done == NULL)
		return NULL;
	if (strcmp(done, "assessment") == 0)
		return N_("The self-assessment is saved.");
	if (strcmp(done, "goals") == 0)
		return N_("The goals are saved.");
	if (strcmp(done, "outcome") == 0)
		return N_("The outcome summary is saved.");
	if (strcmp(done, "session") == 0)
		return N_("The session is saved.");
	if (strcmp(done, "action") == 0)
		return N_("The action is saved.");
	if (strcmp(done, "progress") == 0)
		return N_("The change is saved in the action's history.");
	return NULL;
}

/*
 * Reads everything the page shows and renders it with `status`.  The
 * forms show what is stored, except the refused one (kept in k, or in
 * p->new_action, p->goals, p->outcome set by the caller).  0 or -1.
 */
static int
ws_render(struct request *r, struct db *db, int status, struct ws_page *p,
    const struct ws_kept *k)
{
	struct ws_assessment *as;
	struct material *materials;
	struct view v;
	struct page pg;
	char today[11];
	size_t nas, i, j, ph;

	if (workspace_dimensions(db, &r->arena, r->lang, &p->dims,
	    &p->ndims) != 0 ||
	    workspace_assessments(db, &r->arena, p->ws.id, &as, &nas) != 0 ||
	    workspace_sessions(db, &r->arena, p->ws.id, &p->sessions,
	    &p->nsessions) != 0 ||
	    workspace_actions(db, &r->arena, p->ws.id, &p->actions,
	    &p->nactions) != 0 ||
	    workspace_people(db, &r->arena, p->ws.code, p->ws.period_id,
	    &p->people, &p->npeople) != 0)
		return -1;
	time_local_date(time_now(), today);
	p->today = arena_strdup(&r->arena, today);
	p->base = url_for(&r->arena, r->lang, "workspace.page",
	    url_id(&r->arena, p->ws.year), p->ws.code, NULL);
	p->csrf = csrf_token(r);

	/* The assessment: the table, and both forms. */
	p->rows = arena_calloc(&r->arena, p->ndims ? p->ndims : 1,
	    sizeof(*p->rows));
	for (ph = 0; ph < 2; ph++) {
		p->assess[ph].phase = (enum ws_phase)ph;
		p->assess[ph].scores = arena_calloc(&r->arena,
		    p->ndims ? p->ndims : 1, sizeof(int));
		p->assess[ph].notes = arena_calloc(&r->arena,
		    p->ndims ? p->ndims : 1, sizeof(char *));
	}
	for (i = 0; i < p->ndims; i++) {
		struct ws_assess_row *row = &p->rows[i];

		row->dim = &p->dims[i];
		row->start_note = row->end_note = "";
		for (j = 0; j < nas; j++) {
			if (strcmp(as[j].key, p->dims[i].key) != 0)
				continue;
			p->assessed = true;
			if (as[j].phase == WS_START) {
				row->start = as[j].score;
				row->start_note = as[j].note;
			} else {
				row->end = as[j].score;
				row->end_note = as[j].note;
			}
		}
		p->assess[0].scores[i] = row->start;
		p->assess[0].notes[i] = row->start_note;
		p->assess[1].scores[i] = row->end;
		p->assess[1].notes[i] = row->end_note;
	}
	if (k != NULL && k->assess.scores != NULL)
		p->assess[k->assess.phase] = k->assess;

	/* The sessions' forms. */
	p->session_forms = arena_calloc(&r->arena,
	    p->nsessions ? p->nsessions : 1, sizeof(*p->session_forms));
	for (i = 0; i < p->nsessions; i++) {
		const struct ws_session *s = &p->sessions[i];
		struct ws_session_form *f = &p->session_forms[i];

		if (k != NULL && k->has_session && k->session.id == s->id) {
			*f = k->session;
			continue;
		}
		f->id = s->id;
		form_datetime_parts(&r->arena, s->starts_at, &f->date, &f->time);
		f->mode = session_mode_names[s->mode];
		f->place = s->place;
		f->participants = s->participants;
		f->agenda = s->agenda;
		f->notes = s->notes;
	}
	if (k != NULL && k->has_session && k->session.id == 0)
		p->new_session = k->session;
	else {
		memset(&p->new_session, 0, sizeof(p->new_session));
		p->new_session.date = p->new_session.time = "";
		p->new_session.place = p->new_session.participants = "";
		p->new_session.agenda = p->new_session.notes = "";
		p->new_session.mode = session_mode_names[SESSION_ON_SITE];
	}

	/* The actions: overdue in words, and their update forms. */
	p->update_forms = arena_calloc(&r->arena,
	    p->nactions ? p->nactions : 1, sizeof(*p->update_forms));
	for (i = 0; i < p->nactions; i++) {
		struct ws_action *x = &p->actions[i];

		x->overdue = action_overdue(x->due_on, p->today, x->status);
		if (k != NULL && k->update_id == x->id)
			p->update_forms[i] = k->update;
		else {
			p->update_forms[i].status = action_status_name(x->status);
			p->update_forms[i].progress = "";
			p->update_forms[i].note = "";
		}
	}
	if (p->new_action.title == NULL) {
		p->new_action.title = p->new_action.owner = "";
		p->new_action.owner_name = p->new_action.due_on = "";
		p->new_action.session = "";
	}
	if (p->goals == NULL)
		p->goals = p->ws.goals;
	if (p->outcome == NULL)
		p->outcome = p->ws.outcome;
	if (materials_visible_for(db, &r->arena, &r->user,
	    MAT_TARGET_WORKSPACE, p->ws.id, &materials, &p->nmaterials) != 0) {
		response_unavailable(r);
		return -1;
	}
	p->materials = materials;

	page_begin_staff(r, status, arena_printf(&r->arena, "%s: %s %lld",
	    i18n_text(r->lang, "Sparring workspace"), p->ws.municipality,
	    (long long)p->ws.year), &v, &pg);
	page_form_errors(&pg, &p->errors);
	page_crumb(&pg, arena_printf(&r->arena, "%s %lld", p->ws.municipality,
	    (long long)p->ws.year), NULL);
	page_workspace(&v, &pg, p);
	return 0;
}

void
workspace_page(struct request *r)
{
	struct ws_page p;
	struct db *db = response_db(r);

	memset(&p, 0, sizeof(p));
	if (db == NULL)
		return;
	p.ws = *(const struct ws_info *)request_object(r);
	p.notice = ws_done_notice(kv_get(&r->query, "done"));
	if (ws_render(r, db, 200, &p, NULL) != 0)
		response_unavailable(r);
}

int
workspace_links(struct request *r, struct db *db, struct ws_link **out,
    size_t *n)
{
	struct ws_link *all, *mine;
	size_t nall, i;

	*out = NULL;
	*n = 0;
	if (workspace_all(db, &r->arena, r->lang, &all, &nall) != 0)
		return -1;
	mine = arena_calloc(&r->arena, nall ? nall : 1, sizeof(*mine));
	for (i = 0; i < nall; i++) {
		struct object_scope s = { .region_id = all[i].region_id,
		    .municipality = all[i].code };

		if (policy_reaches(&r->user, SCOPE_WORKED_ON, &s))
			mine[(*n)++] = all[i];
	}
	*out = mine;
	return 0;
}

/* --- changes --- */

/* Opens the write transaction for a change to the workspace the route's
 * loader found (ws); 0, or the answer has been given. */
static int
ws_begin(struct request *r, struct db **db, struct ws_page *p,
    const struct ws_info *ws)
{
	memset(p, 0, sizeof(*p));
	p->ws = *ws;
	*db = request_db(r);
	if (*db == NULL || db_begin(*db) != 0) {
		response_unavailable(r);
		return -1;
	}
	return 0;
}

/*
 * The page holds many forms, so a control's id is its form's prefix and
 * its name ("snew-date", "a12-status"); the readers name a mistake by the
 * field's name.  A few ids are older than that rule and kept, since
 * links and tests know them: an assessment's score and note
 * ("start-<key>", "start-<key>-note"), the new action's owner name and
 * due date, and the texts ("goals-text").
 */
static const char *
ws_field_id(struct arena *a, const char *prefix, const char *name)
{
	if (strncmp(name, "score-", 6) == 0)
		return arena_printf(a, "%s-%s", prefix, name + 6);
	if (strncmp(name, "note-", 5) == 0)
		return arena_printf(a, "%s-%s-note", prefix, name + 5);
	if (strcmp(name, "owner_name") == 0)
		return arena_printf(a, "%s-owner-name", prefix);
	if (strcmp(name, "due_on") == 0)
		return arena_printf(a, "%s-due", prefix);
	if (strcmp(name, "goals") == 0 || strcmp(name, "outcome") == 0)
		return arena_printf(a, "%s-text", name);
	if (strcmp(name, "phase") == 0)
		return "assessment";	/* the section: the phase is hidden */
	return arena_printf(a, "%s-%s", prefix, name);
}

/* Rolls back and shows the page again with the refused form `form` and
 * the mistakes of f under the ids of its controls. */
static void
ws_refuse(struct request *r, struct db *db, struct ws_page *p,
    const struct ws_kept *k, const char *form, const struct form *f,
    const char *prefix)
{
	struct form_errors e = form_errors(f);
	struct form_error *v;
	size_t i;

	db_rollback(db);
	v = arena_calloc(&r->arena, e.n ? e.n : 1, sizeof(*v));
	for (i = 0; i < e.n; i++) {
		v[i] = e.v[i];
		v[i].field = ws_field_id(&r->arena, prefix, e.v[i].field);
	}
	p->form = form;
	p->errors.v = v;
	p->errors.n = e.n;
	if (ws_render(r, db, 400, p, k) != 0)
		response_unavailable(r);
}

/* Records the change, commits and sends the visitor back to the part of
 * the workspace that changed. */
static void
ws_finish(struct request *r, struct db *db, const struct ws_page *p,
    const char *action, const char *object_type, int64_t object_id,
    const char *detail, const char *done, const char *anchor)
{
	if (audit_commit(r, db, action, object_type, object_id, detail,
	    time_now()) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s#%s",
	    url_for(&r->arena, r->lang, "workspace.page", url_id(&r->arena,
	    p->ws.year), p->ws.code, NULL), done, anchor));
}

const char *const ws_phase_names[2] = { "start", "end" };

void
workspace_assessment(struct request *r)
{
	struct ws_page p;
	struct ws_kept k;
	struct ws_dimension *dims;
	struct form f;
	struct db *db;
	const char *phase;
	int64_t now = time_now();
	size_t n, i, scored = 0;
	int ph;

	if (ws_begin(r, &db, &p, request_object(r)) != 0)
		return;
	memset(&k, 0, sizeof(k));
	form_begin(&f, r);
	ph = form_choice(&f, "phase", ws_phase_names, 2, FORM_REQUIRED,
	    N_("Choose whether this is the assessment at the start or at the end."));
	if (ph < 0) {
		ws_refuse(r, db, &p, &k, "assessment-start", &f, "");
		return;
	}
	phase = ws_phase_names[ph];
	if (workspace_dimensions(db, &r->arena, r->lang, &dims, &n) != 0) {
		response_rollback(r, db);
		return;
	}
	k.assess.phase = (enum ws_phase)ph;
	k.assess.scores = arena_calloc(&r->arena, n ? n : 1, sizeof(int));
	k.assess.notes = arena_calloc(&r->arena, n ? n : 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		const char *score = arena_printf(&r->arena, "score-%s",
		    dims[i].key);

		k.assess.scores[i] = (int)form_int(&f, score, 1, 5, 0, 0,
		    N_("A score is a whole number from 1 to 5."));
		k.assess.notes[i] = form_text(&f, arena_printf(&r->arena,
		    "note-%s", dims[i].key), FORM_MULTILINE, WS_NOTE_MAX,
		    N_("A note can be at most 1000 characters."));
		if (k.assess.scores[i] != 0)
			scored++;
		else if (k.assess.notes[i][0] != '\0')
			form_error(&f, score, N_("Choose a score for this dimension, or leave its note empty."));
	}
	if (form_ok(&f) && scored == 0 && n > 0)
		form_error(&f, arena_printf(&r->arena, "score-%s", dims[0].key),
		    N_("Choose a score for at least one dimension."));
	if (!form_ok(&f)) {
		ws_refuse(r, db, &p, &k, arena_printf(&r->arena,
		    "assessment-%s", phase), &f, phase);
		return;
	}
	for (i = 0; i < n; i++) {
		if (k.assess.scores[i] == 0)
			continue;
		if (workspace_assessment_save(db, p.ws.id, (enum ws_phase)ph,
		    dims[i].key, k.assess.scores[i], k.assess.notes[i],
		    r->user.id, now) != 0) {
			response_rollback(r, db);
			return;
		}
	}
	ws_finish(r, db, &p, "workspace.assessment", "workspace", p.ws.id,
	    arena_printf(&r->arena, "%s: %zu", phase, scored), "assessment",
	    "assessment");
}

#define MSG_TEXT N_("The text is too long or holds characters that are not allowed: at most 20,000 characters.")

void
workspace_texts(struct request *r)
{
	struct ws_page p;
	struct form f;
	struct db *db;
	bool has_goals = kv_get(&r->form, "goals") != NULL;
	bool has_outcome = kv_get(&r->form, "outcome") != NULL;
	const char *g = NULL, *o = NULL, *which;

	if (ws_begin(r, &db, &p, request_object(r)) != 0)
		return;
	form_begin(&f, r);
	which = has_goals ? "goals" : "outcome";
	if (!has_goals && !has_outcome)
		form_error(&f, "goals",
		    N_("The form was empty. Write the text and save again."));
	if (has_goals)
		p.goals = g = form_text(&f, "goals", FORM_MULTILINE,
		    WS_TEXT_MAX, MSG_TEXT);
	if (has_outcome)
		p.outcome = o = form_text(&f, "outcome", FORM_MULTILINE,
		    WS_TEXT_MAX, MSG_TEXT);
	if (!form_ok(&f)) {
		ws_refuse(r, db, &p, NULL, which, &f, "");
		return;
	}
	if (workspace_texts_save(db, p.ws.id, g, o) != 0) {
		response_rollback(r, db);
		return;
	}
	ws_finish(r, db, &p, has_goals ? "workspace.goals" :
	    "workspace.outcome", "workspace", p.ws.id,
	    has_goals && has_outcome ? "goals, outcome" : which, which, which);
}

/* Reads a session form into k->session (kept for the page) and *s, its
 * mistakes into f. */
static void
ws_read_session(struct form *f, struct ws_kept *k, struct ws_session *s)
{
	struct ws_session_form *sf = &k->session;
	int mode;

	k->has_session = true;
	/* The time as <input type="time"> sends it, "14:30": the sessions'
	 * forms have always refused "9.00", which form_time() would read. */
	if (strlen(form_value(f, "time")) != 5)
		form_error(f, "time", N_("Write the time in the form 14:30."));
	s->starts_at = form_datetime(f, "date", "time", FORM_REQUIRED);
	sf->date = form_value(f, "date");
	sf->time = form_value(f, "time");
	mode = form_choice(f, "mode", session_mode_names, SESSION_MODE_COUNT,
	    FORM_REQUIRED, N_("Choose whether the session is on site or remote."));
	sf->mode = form_value(f, "mode");
	sf->place = form_text(f, "place", 0, WS_LINE_MAX,
	    N_("Write the place on one line, at most 200 characters."));
	sf->participants = form_text(f, "participants", FORM_MULTILINE,
	    WS_PARTICIPANTS_MAX,
	    N_("The list of participants can be at most 2,000 characters."));
	sf->agenda = form_text(f, "agenda", FORM_MULTILINE, WS_TEXT_MAX,
	    MSG_TEXT);
	sf->notes = form_text(f, "notes", FORM_MULTILINE, WS_TEXT_MAX,
	    MSG_TEXT);
	s->mode = mode < 0 ? SESSION_ON_SITE : (enum session_mode)mode;
	s->place = sf->place;
	s->participants = sf->participants;
	s->agenda = sf->agenda;
	s->notes = sf->notes;
}

void
workspace_session_create(struct request *r)
{
	struct ws_page p;
	struct ws_kept k;
	struct ws_session s;
	struct form f;
	struct db *db;
	int64_t id;

	if (ws_begin(r, &db, &p, request_object(r)) != 0)
		return;
	memset(&k, 0, sizeof(k));
	memset(&s, 0, sizeof(s));
	form_begin(&f, r);
	ws_read_session(&f, &k, &s);
	if (!form_ok(&f)) {
		ws_refuse(r, db, &p, &k, "session-new", &f, "snew");
		return;
	}
	if ((id = workspace_session_add(db, p.ws.id, &s, r->user.id,
	    time_now())) < 0) {
		response_rollback(r, db);
		return;
	}
	ws_finish(r, db, &p, "session.create", "sparring_session", id,
	    arena_printf(&r->arena, "%s %s", k.session.date,
	    session_mode_names[s.mode]), "session",
	    arena_printf(&r->arena, "session-%lld", (long long)id));
}

void
workspace_session_edit(struct request *r)
{
	const struct ws_object *o = request_object(r);
	struct ws_page p;
	struct ws_kept k;
	struct ws_session s;
	struct form f;
	struct db *db;

	if (ws_begin(r, &db, &p, &o->ws) != 0)
		return;
	memset(&k, 0, sizeof(k));
	memset(&s, 0, sizeof(s));
	form_begin(&f, r);
	ws_read_session(&f, &k, &s);
	k.session.id = s.id = o->id;
	if (!form_ok(&f)) {
		ws_refuse(r, db, &p, &k, arena_printf(&r->arena, "session-%lld",
		    (long long)o->id), &f, arena_printf(&r->arena, "s%lld",
		    (long long)o->id));
		return;
	}
	if (workspace_session_update(db, p.ws.id, &s) != 0) {
		response_rollback(r, db);
		return;
	}
	ws_finish(r, db, &p, "session.update", "sparring_session", o->id,
	    arena_printf(&r->arena, "%s %s", k.session.date,
	    session_mode_names[s.mode]), "session",
	    arena_printf(&r->arena, "session-%lld", (long long)o->id));
}

/* Whether id is one of the people who may own an action. */
static bool
ws_person_of(const struct ws_person *v, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].id == id)
			return true;
	return false;
}

static bool
ws_session_in(const struct ws_session *v, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].id == id)
			return true;
	return false;
}

void
workspace_action_create(struct request *r)
{
	struct ws_page p;
	struct ws_action_form *af = &p.new_action;
	struct ws_person *people;
	struct ws_session *sessions;
	struct form f;
	struct db *db;
	struct arena *a = &r->arena;
	const char *owner_name = "";
	int64_t owner = 0, session = 0, id;
	size_t npeople, nsessions;

	if (ws_begin(r, &db, &p, request_object(r)) != 0)
		return;
	if (workspace_people(db, a, p.ws.code, p.ws.period_id, &people,
	    &npeople) != 0 ||
	    workspace_sessions(db, a, p.ws.id, &sessions, &nsessions) != 0) {
		response_rollback(r, db);
		return;
	}
	form_begin(&f, r);
	af->title = form_text(&f, "title", FORM_REQUIRED, WS_LINE_MAX,
	    N_("Write what is to be done, on one line, at most 200 characters."));
	af->owner = form_value(&f, "owner");
	af->owner_name = form_text(&f, "owner_name", 0, WS_LINE_MAX,
	    N_("Choose the owner from the list, or write their name (at most 200 characters)."));
	if (af->owner[0] != '\0') {
		if (id_parse(af->owner, &owner) != 0 ||
		    !ws_person_of(people, npeople, owner))
			form_error(&f, "owner",
			    N_("Choose the owner from the list."));
	} else if (af->owner_name[0] == '\0')
		form_error(&f, "owner", N_("Choose the owner from the list, or write their name (at most 200 characters)."));
	else
		owner_name = af->owner_name;
	af->due_on = form_value(&f, "due_on");
	if (af->due_on[0] != '\0' && !time_date_valid(af->due_on))
		form_error(&f, "due_on",
		    N_("Write the date in the form 2021-10-06."));
	af->session = form_value(&f, "session");
	if (af->session[0] != '\0' && (id_parse(af->session, &session) != 0 ||
	    !ws_session_in(sessions, nsessions, session)))
		form_error(&f, "session", N_("Choose the session from the list."));
	if (!form_ok(&f)) {
		ws_refuse(r, db, &p, NULL, "action-new", &f, "anew");
		return;
	}
	id = workspace_action_add(db, p.ws.id, af->title, owner, owner_name,
	    af->due_on[0] ? af->due_on : NULL, session, r->user.id, time_now());
	if (id < 0) {
		response_rollback(r, db);
		return;
	}
	ws_finish(r, db, &p, "action.create", "action", id,
	    af->due_on[0] ? arena_printf(a, "due %s", af->due_on) : "", "action",
	    arena_printf(a, "action-%lld", (long long)id));
}

void
workspace_action_edit(struct request *r)
{
	const struct ws_object *o = request_object(r);
	struct ws_page p;
	struct ws_kept k;
	struct action_state cur, want, out;
	struct form f;
	struct db *db;
	struct arena *a = &r->arena;
	const char *prefix, *refusal;
	int64_t progress;
	bool given;

	if (ws_begin(r, &db, &p, &o->ws) != 0)
		return;
	memset(&k, 0, sizeof(k));
	/* The state as the change finds it, inside its transaction. */
	if (workspace_action_state(db, p.ws.id, o->id, &cur) != 0) {
		response_rollback(r, db);
		return;
	}
	prefix = arena_printf(a, "a%lld", (long long)o->id);
	form_begin(&f, r);
	k.update_id = o->id;
	k.update.status = form_value(&f, "status");
	if (action_status_parse(k.update.status, &want.status) != 0)
		form_error(&f, "status", N_("Choose the status from the list."));
	progress = form_int(&f, "progress", 0, 100, -1, 0,
	    N_("Progress is a percentage from 0 to 100."));
	k.update.progress = form_value(&f, "progress");
	given = progress >= 0;
	want.progress = given ? (int)progress : 0;
	k.update.note = form_text(&f, "note", FORM_MULTILINE, WS_NOTE_MAX,
	    N_("A note can be at most 1000 characters."));
	if (form_ok(&f) && (refusal = action_apply(&cur, &want, given,
	    &out)) != NULL)
		form_error(&f, given ? "progress" : "status", refusal);
	else if (form_ok(&f) && out.status == cur.status &&
	    out.progress == cur.progress && k.update.note[0] == '\0')
		form_error(&f, "status", N_("Nothing changed. Change the status or the progress, or write a note."));
	if (!form_ok(&f)) {
		ws_refuse(r, db, &p, &k, arena_printf(a, "action-%lld",
		    (long long)o->id), &f, prefix);
		return;
	}
	if (workspace_action_update(db, o->id, &out, k.update.note, r->user.id,
	    time_now()) != 0) {
		response_rollback(r, db);
		return;
	}
	ws_finish(r, db, &p, "action.update", "action", o->id,
	    arena_printf(a, "%s %d %% → %s %d %%", action_status_name(cur.status),
	    cur.progress, action_status_name(out.status), out.progress),
	    "progress", arena_printf(a, "action-%lld", (long long)o->id));
}

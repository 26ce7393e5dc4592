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
 * A change opens its write transaction, validates the whole form, writes,
 * records the audit entry and commits,
 * and answers 303 back to the workspace at the part that changed.  A form
 * with a mistake rolls back (nothing was written yet) and the page is
 * shown again with status 400, the form open, its values kept and the
 * mistake named next to the field and in a summary at the top.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "base/utf8.h"
#include "http/parse.h"
#include "http/response.h"
#include "programme/workspace.h"
#include "tmpl_workspace.h"
#include "view/escape.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")

/* Values of a refused form, kept for the page shown again. */
struct ws_kept {
	struct ws_assess_form assess;	/* phase NULL: not this form */
	struct ws_session_form session;
	bool has_session;
	struct ws_update_form update;
	int64_t update_id;		/* 0: not this form */
};

/* --- small parsers and checks --- */

/*
 * A text field (Markdown or notes): line ends stored as LF (browsers send
 * CRLF), trailing white space dropped, at most max bytes (max_chars
 * characters when that is not 0), no control characters but tab and line
 * feed.  NULL is "".  0 or -1.
 */
static int
ws_text(struct arena *a, const char *s, size_t max, size_t max_chars,
    const char **out)
{
	char *t;
	size_t i, j = 0, n;

	if (s == NULL)
		s = "";
	n = strlen(s);
	t = arena_alloc(a, n + 1);
	for (i = 0; i < n; i++)
		if (!(s[i] == '\r' && s[i + 1] == '\n'))
			t[j++] = s[i] == '\r' ? '\n' : s[i];
	while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t' ||
	    t[j - 1] == '\n'))
		j--;
	t[j] = '\0';
	*out = t;
	if (!text_valid(t, j) || j > max)
		return -1;
	return max_chars && utf8_chars(t) > max_chars ? -1 : 0;
}

/* "HH:MM" on a 24-hour clock. */
static bool
ws_time_valid(const char *s)
{
	return s != NULL && strlen(s) == 5 && s[2] == ':' &&
	    s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
	    s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' &&
	    (s[0] - '0') * 10 + (s[1] - '0') < 24;
}

/* --- helpers for the template --- */

bool
ws_form_is(const struct ws_page *p, const char *name)
{
	return p->form != NULL && strcmp(p->form, name) == 0;
}

const char *
ws_mode_label(const char *mode)
{
	return strcmp(mode, "remote") == 0 ? N_("Remote") : N_("On site");
}

const char *
ws_role_label(const char *role)
{
	enum role r;

	return role_label_msgid(role_parse(role, &r) == 0 ? r : ROLE_TUTOR);
}

const char *
ws_date(struct arena *a, enum lang l, const char *ymd)
{
	int64_t t;

	if (ymd == NULL || !date_valid(ymd) ||
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

/* "2021-10-06" and "09:30", Helsinki time, for a session's form. */
static void
ws_split_time(struct arena *a, int64_t t, const char **date, const char **hm)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	*date = arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	*hm = arena_printf(a, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

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
	workspace_today(time_now(), today);
	p->today = arena_strdup(&r->arena, today);
	p->base = arena_printf(&r->arena, "/%s/workspaces/%lld/%s",
	    lang_code(r->lang), (long long)p->ws.year, p->ws.code);
	p->csrf = csrf_token(r);

	/* The assessment: the table, and both forms. */
	p->rows = arena_calloc(&r->arena, p->ndims ? p->ndims : 1,
	    sizeof(*p->rows));
	for (ph = 0; ph < 2; ph++) {
		p->assess[ph].phase = ph == 0 ? "start" : "end";
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
			if (strcmp(as[j].phase, "start") == 0) {
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
	if (k != NULL && k->assess.phase != NULL)
		p->assess[strcmp(k->assess.phase, "start") == 0 ? 0 : 1] =
		    k->assess;

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
		ws_split_time(&r->arena, s->starts_at, &f->date, &f->time);
		f->mode = s->mode;
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
		p->new_session.mode = "on-site";
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
	    "workspace", p->ws.id, (struct material **)&p->materials,
	    &p->nmaterials) != 0) {
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return -1;
	}

	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(&pg, &v, r, arena_printf(&r->arena, "%s: %s %lld",
	    i18n_text(r->lang, "Sparring workspace"), p->ws.municipality,
	    (long long)p->ws.year));
	page_crumb(&pg, i18n_text(r->lang, "Your pages"),
	    arena_printf(&r->arena, "/%s/staff", lang_code(r->lang)));
	page_crumb(&pg, arena_printf(&r->arena, "%s %lld", p->ws.municipality,
	    (long long)p->ws.year), NULL);
	page_workspace(&v, &pg, p);
	return 0;
}

void
workspace_page(struct request *r)
{
	struct ws_page p;
	struct db *db = request_db(r);

	memset(&p, 0, sizeof(p));
	if (db == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	p.ws = *(const struct ws_info *)request_object(r);
	p.notice = ws_done_notice(kv_get(&r->query, "done"));
	if (ws_render(r, db, 200, &p, NULL) != 0)
		response_error(r, 503, UNAVAILABLE);
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
		struct object_scope s = { all[i].region_id, all[i].code, false };

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
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	return 0;
}

/* Rolls back and shows the page again with the refused form. */
static void
ws_refuse(struct request *r, struct db *db, struct ws_page *p,
    const struct ws_kept *k, const char *form, const char *error,
    const char *field)
{
	db_rollback(db);
	p->form = form;
	p->error = error;
	p->error_field = field;
	if (ws_render(r, db, 400, p, k) != 0)
		response_error(r, 503, UNAVAILABLE);
}

/* Records the change, commits and sends the visitor back to the part of
 * the workspace that changed. */
static void
ws_finish(struct request *r, struct db *db, const struct ws_page *p,
    const char *action, const char *object_type, int64_t object_id,
    const char *detail, const char *done, const char *anchor)
{
	if (audit_record(db, r->user.id, request_address(r), action,
	    object_type, arena_printf(&r->arena, "%lld", (long long)object_id),
	    detail, time_now()) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/workspaces/%lld/%s?done=%s#%s", lang_code(r->lang),
	    (long long)p->ws.year, p->ws.code, done, anchor));
}

void
workspace_assessment(struct request *r)
{
	struct ws_page p;
	struct ws_kept k;
	struct ws_dimension *dims;
	struct db *db;
	const char *phase = kv_get(&r->form, "phase"), *form, *first = NULL;
	const char *error = NULL, *field = NULL;
	int64_t now = time_now();
	size_t n, i, scored = 0;

	if (ws_begin(r, &db, &p, request_object(r)) != 0)
		return;
	memset(&k, 0, sizeof(k));
	if (phase == NULL || (strcmp(phase, "start") != 0 &&
	    strcmp(phase, "end") != 0)) {
		ws_refuse(r, db, &p, &k, "assessment-start",
		    N_("Choose whether this is the assessment at the start or at the end."),
		    NULL);
		return;
	}
	form = arena_printf(&r->arena, "assessment-%s", phase);
	if (workspace_dimensions(db, &r->arena, r->lang, &dims, &n) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	k.assess.phase = phase;
	k.assess.scores = arena_calloc(&r->arena, n ? n : 1, sizeof(int));
	k.assess.notes = arena_calloc(&r->arena, n ? n : 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		const char *s = kv_get(&r->form, arena_printf(&r->arena,
		    "score-%s", dims[i].key));
		const char *id = arena_printf(&r->arena, "%s-%s", phase,
		    dims[i].key);
		int bad_note = ws_text(&r->arena, kv_get(&r->form,
		    arena_printf(&r->arena, "note-%s", dims[i].key)),
		    WS_NOTE_MAX * 4, WS_NOTE_MAX, &k.assess.notes[i]);

		if (first == NULL)
			first = id;
		if (s != NULL && s[0] != '\0') {
			if (strlen(s) != 1 || s[0] < '1' || s[0] > '5') {
				if (error == NULL) {
					error = N_("A score is a whole number from 1 to 5.");
					field = id;
				}
			} else {
				k.assess.scores[i] = s[0] - '0';
				scored++;
			}
		}
		if (error != NULL)
			continue;
		if (bad_note) {
			error = N_("A note can be at most 1000 characters.");
			field = arena_printf(&r->arena, "%s-note", id);
		} else if (k.assess.notes[i][0] != '\0' &&
		    k.assess.scores[i] == 0) {
			error = N_("Choose a score for this dimension, or leave its note empty.");
			field = id;
		}
	}
	if (error == NULL && scored == 0) {
		error = N_("Choose a score for at least one dimension.");
		field = first;
	}
	if (error != NULL) {
		ws_refuse(r, db, &p, &k, form, error, field);
		return;
	}
	for (i = 0; i < n; i++) {
		if (k.assess.scores[i] == 0)
			continue;
		if (workspace_assessment_save(db, p.ws.id, phase, dims[i].key,
		    k.assess.scores[i], k.assess.notes[i], r->user.id,
		    now) != 0) {
			db_rollback(db);
			response_error(r, 503, UNAVAILABLE);
			return;
		}
	}
	ws_finish(r, db, &p, "workspace.assessment", "workspace", p.ws.id,
	    arena_printf(&r->arena, "%s: %zu", phase, scored), "assessment",
	    "assessment");
}

void
workspace_texts(struct request *r)
{
	struct ws_page p;
	struct db *db;
	const char *goals = kv_get(&r->form, "goals");
	const char *outcome = kv_get(&r->form, "outcome");
	const char *g = NULL, *o = NULL, *which;

	if (ws_begin(r, &db, &p, request_object(r)) != 0)
		return;
	which = goals != NULL ? "goals" : "outcome";
	if (goals == NULL && outcome == NULL) {
		ws_refuse(r, db, &p, NULL, "goals",
		    N_("The form was empty. Write the text and save again."),
		    NULL);
		return;
	}
	if (goals != NULL && ws_text(&r->arena, goals, WS_TEXT_MAX, 0, &g) != 0) {
		p.goals = g;
		ws_refuse(r, db, &p, NULL, "goals",
		    N_("The text is too long or holds characters that are not allowed: at most 20,000 characters."),
		    "goals-text");
		return;
	}
	if (outcome != NULL &&
	    ws_text(&r->arena, outcome, WS_TEXT_MAX, 0, &o) != 0) {
		p.outcome = o;
		ws_refuse(r, db, &p, NULL, "outcome",
		    N_("The text is too long or holds characters that are not allowed: at most 20,000 characters."),
		    "outcome-text");
		return;
	}
	if (workspace_texts_save(db, p.ws.id, g, o) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	ws_finish(r, db, &p, goals != NULL ? "workspace.goals" :
	    "workspace.outcome", "workspace", p.ws.id,
	    goals != NULL && outcome != NULL ? "goals, outcome" : which,
	    which, which);
}

/*
 * Reads a session form into k->session and *s; NULL when it is fine,
 * else the mistake (a msgid) with *field the id of its field.
 */
static const char *
ws_read_session(struct request *r, const char *prefix, struct ws_kept *k,
    struct ws_session *s, const char **field)
{
	struct ws_session_form *f = &k->session;
	struct arena *a = &r->arena;
	const char *mode = kv_get(&r->form, "mode");
	int bad_place, bad_participants, bad_agenda, bad_notes;

	k->has_session = true;
	text_line(a, kv_get(&r->form, "date"), 10, &f->date);
	text_line(a, kv_get(&r->form, "time"), 5, &f->time);
	f->mode = mode ? mode : "";
	bad_place = text_line(a, kv_get(&r->form, "place"), WS_LINE_MAX,
	    &f->place);
	bad_participants = ws_text(a, kv_get(&r->form, "participants"),
	    WS_PARTICIPANTS_MAX * 4, WS_PARTICIPANTS_MAX, &f->participants);
	bad_agenda = ws_text(a, kv_get(&r->form, "agenda"), WS_TEXT_MAX, 0,
	    &f->agenda);
	bad_notes = ws_text(a, kv_get(&r->form, "notes"), WS_TEXT_MAX, 0,
	    &f->notes);

	if (!date_valid(f->date)) {
		*field = arena_printf(a, "%s-date", prefix);
		return N_("Write the date in the form 2021-10-06.");
	}
	if (!ws_time_valid(f->time)) {
		*field = arena_printf(a, "%s-time", prefix);
		return N_("Write the time in the form 14:30.");
	}
	if (time_parse_local(arena_printf(a, "%s %s", f->date, f->time),
	    &s->starts_at) != 0) {
		*field = arena_printf(a, "%s-time", prefix);
		return N_("This time does not exist in Helsinki (the clocks are moved forward). Choose another time.");
	}
	if (strcmp(f->mode, "on-site") != 0 && strcmp(f->mode, "remote") != 0) {
		*field = arena_printf(a, "%s-mode", prefix);
		return N_("Choose whether the session is on site or remote.");
	}
	if (bad_place) {
		*field = arena_printf(a, "%s-place", prefix);
		return N_("Write the place on one line, at most 200 characters.");
	}
	if (bad_participants) {
		*field = arena_printf(a, "%s-participants", prefix);
		return N_("The list of participants can be at most 2,000 characters.");
	}
	if (bad_agenda) {
		*field = arena_printf(a, "%s-agenda", prefix);
		return N_("The text is too long or holds characters that are not allowed: at most 20,000 characters.");
	}
	if (bad_notes) {
		*field = arena_printf(a, "%s-notes", prefix);
		return N_("The text is too long or holds characters that are not allowed: at most 20,000 characters.");
	}
	s->mode = f->mode;
	s->place = f->place;
	s->participants = f->participants;
	s->agenda = f->agenda;
	s->notes = f->notes;
	return NULL;
}

void
workspace_session_create(struct request *r)
{
	struct ws_page p;
	struct ws_kept k;
	struct ws_session s;
	struct db *db;
	const char *error, *field = NULL;
	int64_t id;

	if (ws_begin(r, &db, &p, request_object(r)) != 0)
		return;
	memset(&k, 0, sizeof(k));
	memset(&s, 0, sizeof(s));
	if ((error = ws_read_session(r, "snew", &k, &s, &field)) != NULL) {
		ws_refuse(r, db, &p, &k, "session-new", error, field);
		return;
	}
	if ((id = workspace_session_add(db, p.ws.id, &s, r->user.id,
	    time_now())) < 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	ws_finish(r, db, &p, "session.create", "sparring_session", id,
	    arena_printf(&r->arena, "%s %s", k.session.date, s.mode), "session",
	    arena_printf(&r->arena, "session-%lld", (long long)id));
}

void
workspace_session_edit(struct request *r)
{
	const struct ws_object *o = request_object(r);
	struct ws_page p;
	struct ws_kept k;
	struct ws_session s;
	struct db *db;
	const char *error, *field = NULL;
	int64_t id;
	int rc;

	if (ws_begin(r, &db, &p, &o->ws) != 0)
		return;
	memset(&k, 0, sizeof(k));
	memset(&s, 0, sizeof(s));
	id = o->id;
	k.session.id = s.id = id;
	error = ws_read_session(r, arena_printf(&r->arena, "s%lld",
	    (long long)id), &k, &s, &field);
	k.session.id = id;
	if (error == NULL && (rc = workspace_session_update(db, p.ws.id,
	    &s)) != 0) {
		db_rollback(db);
		if (rc == 1)
			response_error(r, 404, NOT_FOUND);
		else
			response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (error != NULL) {
		ws_refuse(r, db, &p, &k, arena_printf(&r->arena,
		    "session-%lld", (long long)id), error, field);
		return;
	}
	ws_finish(r, db, &p, "session.update", "sparring_session", id,
	    arena_printf(&r->arena, "%s %s", k.session.date, s.mode), "session",
	    arena_printf(&r->arena, "session-%lld", (long long)id));
}

void
workspace_action_create(struct request *r)
{
	struct ws_page p;
	struct ws_action_form *f = &p.new_action;
	struct ws_person *people;
	struct ws_session *sessions;
	struct db *db;
	struct arena *a = &r->arena;
	const char *error = NULL, *field = NULL, *owner_name = "";
	int64_t owner = 0, session = 0, id;
	size_t npeople, nsessions, i = 0;
	int bad_title, bad_name;

	if (ws_begin(r, &db, &p, request_object(r)) != 0)
		return;
	if (workspace_people(db, a, p.ws.code, p.ws.period_id, &people,
	    &npeople) != 0 ||
	    workspace_sessions(db, a, p.ws.id, &sessions, &nsessions) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	bad_title = text_line(a, kv_get(&r->form, "title"), WS_LINE_MAX,
	    &f->title);
	f->owner = kv_get(&r->form, "owner");
	if (f->owner == NULL)
		f->owner = "";
	bad_name = text_line(a, kv_get(&r->form, "owner_name"), WS_LINE_MAX,
	    &f->owner_name);
	text_line(a, kv_get(&r->form, "due_on"), 10, &f->due_on);
	f->session = kv_get(&r->form, "session");
	if (f->session == NULL)
		f->session = "";

	if (bad_title || f->title[0] == '\0') {
		error = N_("Write what is to be done, on one line, at most 200 characters.");
		field = "anew-title";
	} else if (f->owner[0] != '\0') {
		if (id_parse(f->owner, &owner) == 0)
			for (i = 0; i < npeople && people[i].id != owner; i++)
				;
		if (owner == 0 || i == npeople) {
			error = N_("Choose the owner from the list.");
			field = "anew-owner";
		}
	} else if (bad_name || f->owner_name[0] == '\0') {
		error = N_("Choose the owner from the list, or write their name (at most 200 characters).");
		field = bad_name ? "anew-owner-name" : "anew-owner";
	} else
		owner_name = f->owner_name;
	if (error == NULL && f->due_on[0] != '\0' && !date_valid(f->due_on)) {
		error = N_("Write the date in the form 2021-10-06.");
		field = "anew-due";
	}
	if (error == NULL && f->session[0] != '\0') {
		if (id_parse(f->session, &session) == 0)
			for (i = 0; i < nsessions && sessions[i].id != session; i++)
				;
		if (session == 0 || i == nsessions) {
			error = N_("Choose the session from the list.");
			field = "anew-session";
		}
	}
	if (error != NULL) {
		ws_refuse(r, db, &p, NULL, "action-new", error, field);
		return;
	}
	id = workspace_action_add(db, p.ws.id, f->title, owner, owner_name,
	    f->due_on[0] ? f->due_on : NULL, session, r->user.id, time_now());
	if (id < 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	ws_finish(r, db, &p, "action.create", "action", id,
	    f->due_on[0] ? arena_printf(a, "due %s", f->due_on) : "", "action",
	    arena_printf(a, "action-%lld", (long long)id));
}

void
workspace_action_edit(struct request *r)
{
	const struct ws_object *o = request_object(r);
	struct ws_page p;
	struct ws_kept k;
	struct action_state cur, want, out;
	struct db *db;
	struct arena *a = &r->arena;
	const char *error = NULL, *field = NULL, *prefix;
	int64_t id;
	bool given;

	if (ws_begin(r, &db, &p, &o->ws) != 0)
		return;
	memset(&k, 0, sizeof(k));
	id = o->id;
	/* The state as the change finds it, inside its transaction. */
	if (workspace_action_state(db, p.ws.id, id, &cur) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	prefix = arena_printf(a, "a%lld", (long long)id);
	k.update_id = id;
	k.update.status = kv_get(&r->form, "status");
	if (k.update.status == NULL)
		k.update.status = "";
	text_line(a, kv_get(&r->form, "progress"), 4, &k.update.progress);
	given = k.update.progress[0] != '\0';
	want.progress = 0;
	if (action_status_parse(k.update.status, &want.status) != 0) {
		error = N_("Choose the status from the list.");
		field = arena_printf(a, "%s-status", prefix);
	} else if (given && (strlen(k.update.progress) > 3 ||
	    strspn(k.update.progress, "0123456789") !=
	    strlen(k.update.progress) ||
	    (want.progress = atoi(k.update.progress)) > 100)) {
		error = N_("Progress is a percentage from 0 to 100.");
		field = arena_printf(a, "%s-progress", prefix);
	} else if (ws_text(a, kv_get(&r->form, "note"), WS_NOTE_MAX * 4,
	    WS_NOTE_MAX, &k.update.note) != 0) {
		error = N_("A note can be at most 1000 characters.");
		field = arena_printf(a, "%s-note", prefix);
	} else if ((error = action_apply(&cur, &want, given, &out)) != NULL) {
		field = arena_printf(a, "%s-%s", prefix, given ? "progress" :
		    "status");
	} else if (out.status == cur.status && out.progress == cur.progress &&
	    k.update.note[0] == '\0') {
		error = N_("Nothing changed. Change the status or the progress, or write a note.");
		field = arena_printf(a, "%s-status", prefix);
	}
	if (k.update.note == NULL)
		k.update.note = "";
	if (error != NULL) {
		ws_refuse(r, db, &p, &k, arena_printf(a, "action-%lld",
		    (long long)id), error, field);
		return;
	}
	if (workspace_action_update(db, id, &out, k.update.note, r->user.id,
	    time_now()) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	ws_finish(r, db, &p, "action.update", "action", id,
	    arena_printf(a, "%s %d %% → %s %d %%", action_status_name(cur.status),
	    cur.progress, action_status_name(out.status), out.progress),
	    "progress", arena_printf(a, "action-%lld", (long long)id));
}

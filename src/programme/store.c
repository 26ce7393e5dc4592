/*
 * store.c - the queries of the sparring workspaces.
 *
 * The workspace, assessment, sparring_session, action and action_history
 * tables belong to this module; accounts, municipalities and periods are
 * only read (joined for names), never written, except the account's
 * reminder wish (account.notify), which the programme migration added for
 * this module.  Every value is a bound parameter; texts are copied into the
 * caller's arena.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/rows.h"
#include "programme/workspace.h"

/* Which column of a _fi/_sv/_en triple to read first: 0, 1 or 2. */
static int
ws_lang_index(enum lang l)
{
	return l == LANG_SV ? 1 : l == LANG_EN ? 2 : 0;
}

void
workspace_today(int64_t now, char out[11])
{
	time_t t = (time_t)now;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/*
 * The period is the one of the municipality's own region with that year
 * (periods are per region), so the same URL shape works for every region.
 * The municipality's name falls back to Finnish when the wanted language
 * has none (name_en is often empty: most names are the same).
 */
int
workspace_find(struct db *db, struct arena *a, enum lang l, int64_t year,
    const char *code, struct ws_info *out)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	st = db_prepare(db, "SELECT w.id, p.id, p.year, p.starts_on, p.ends_on, "
	    "m.code, CASE ?3 WHEN 1 THEN m.name_sv WHEN 2 THEN "
	    "COALESCE(NULLIF(m.name_en, ''), m.name_fi) ELSE m.name_fi END, "
	    "m.region_id, w.goals, w.outcome "
	    "FROM municipality m "
	    "JOIN programme_period p ON p.region_id = m.region_id AND p.year = ?1 "
	    "JOIN workspace w ON w.period_id = p.id AND w.municipality_code = m.code "
	    "WHERE m.code = ?2");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, year);
	db_bind_cstr(st, 2, code);
	db_bind_int64(st, 3, ws_lang_index(l));
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_int64(st, 0);
		out->period_id = db_col_int64(st, 1);
		out->year = db_col_int64(st, 2);
		out->period_starts = db_col_dup(st, a, 3);
		out->period_ends = db_col_dup(st, a, 4);
		out->code = db_col_dup(st, a, 5);
		out->municipality = db_col_dup(st, a, 6);
		out->region_id = db_col_int64(st, 7);
		out->goals = db_col_dup(st, a, 8);
		out->outcome = db_col_dup(st, a, 9);
	}
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int
workspace_dimensions(struct db *db, struct arena *a, enum lang l,
    struct ws_dimension **out, size_t *n)
{
	struct ws_dimension *v = NULL;
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT key, CASE ?1 WHEN 1 THEN label_sv WHEN 2 "
	    "THEN label_en ELSE label_fi END, question_en FROM dimension "
	    "ORDER BY position, key");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, ws_lang_index(l));
	while ((rc = db_step(st)) == DB_ROW) {
		struct ws_dimension *d;

		v = arena_grow(a, v, *n, &cap, sizeof(*v));
		d = &v[(*n)++];
		d->key = db_col_dup(st, a, 0);
		d->label = db_col_dup(st, a, 1);
		d->question = db_col_dup(st, a, 2);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*out = v;
	return 0;
}

int
workspace_assessments(struct db *db, struct arena *a, int64_t ws,
    struct ws_assessment **out, size_t *n)
{
	struct ws_assessment *v = NULL;
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT phase, dimension_key, score, note, updated_at "
	    "FROM assessment WHERE workspace_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, ws);
	while ((rc = db_step(st)) == DB_ROW) {
		struct ws_assessment *x;

		v = arena_grow(a, v, *n, &cap, sizeof(*v));
		x = &v[(*n)++];
		x->phase = db_col_dup(st, a, 0);
		x->key = db_col_dup(st, a, 1);
		x->score = (int)db_col_int64(st, 2);
		x->note = db_col_dup(st, a, 3);
		x->updated_at = db_col_int64(st, 4);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*out = v;
	return 0;
}

/* An upsert keeps one row per workspace, phase and dimension: assessing
 * again replaces the score rather than piling up versions (the audit log
 * says who changed it when). */
int
workspace_assessment_save(struct db *db, int64_t ws, const char *phase,
    const char *key, int score, const char *note, int64_t account_id,
    int64_t now)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO assessment (workspace_id, phase, "
	    "dimension_key, score, note, updated_at, updated_by) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (workspace_id, phase, "
	    "dimension_key) DO UPDATE SET score = excluded.score, note = "
	    "excluded.note, updated_at = excluded.updated_at, updated_by = "
	    "excluded.updated_by");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, ws);
	db_bind_cstr(st, 2, phase);
	db_bind_cstr(st, 3, key);
	db_bind_int64(st, 4, score);
	db_bind_cstr(st, 5, note ? note : "");
	db_bind_int64(st, 6, now);
	if (account_id)
		db_bind_int64(st, 7, account_id);
	else
		db_bind_null(st, 7);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
workspace_texts_save(struct db *db, int64_t ws, const char *goals,
    const char *outcome)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE workspace SET goals = COALESCE(?2, goals), "
	    "outcome = COALESCE(?3, outcome) WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, ws);
	db_bind_cstr(st, 2, goals);
	db_bind_cstr(st, 3, outcome);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
workspace_sessions(struct db *db, struct arena *a, int64_t ws,
    struct ws_session **out, size_t *n)
{
	struct ws_session *v = NULL;
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT id, starts_at, mode, place, participants, "
	    "agenda, notes FROM sparring_session WHERE workspace_id = ?1 "
	    "ORDER BY starts_at, id");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, ws);
	while ((rc = db_step(st)) == DB_ROW) {
		struct ws_session *s;

		v = arena_grow(a, v, *n, &cap, sizeof(*v));
		s = &v[(*n)++];
		s->id = db_col_int64(st, 0);
		s->starts_at = db_col_int64(st, 1);
		s->mode = db_col_dup(st, a, 2);
		s->place = db_col_dup(st, a, 3);
		s->participants = db_col_dup(st, a, 4);
		s->agenda = db_col_dup(st, a, 5);
		s->notes = db_col_dup(st, a, 6);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*out = v;
	return 0;
}

int64_t
workspace_session_add(struct db *db, int64_t ws, const struct ws_session *s,
    int64_t account_id, int64_t now)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO sparring_session (workspace_id, "
	    "starts_at, mode, place, participants, agenda, notes, created_by, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, ws);
	db_bind_int64(st, 2, s->starts_at);
	db_bind_cstr(st, 3, s->mode);
	db_bind_cstr(st, 4, s->place);
	db_bind_cstr(st, 5, s->participants);
	db_bind_cstr(st, 6, s->agenda);
	db_bind_cstr(st, 7, s->notes);
	if (account_id)
		db_bind_int64(st, 8, account_id);
	else
		db_bind_null(st, 8);
	db_bind_int64(st, 9, now);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? db_last_id(db) : -1;
}

/* The workspace is part of the key, so a session id from another
 * workspace (which the user may not reach) changes nothing. */
int
workspace_session_of(struct db *db, int64_t ws, int64_t id)
{
	int64_t one;

	return db_int64(db, "SELECT 1 FROM sparring_session WHERE id = ?1 AND "
	    "workspace_id = ?2", DB_ARGS(db_int(id), db_int(ws)), &one);
}

int
workspace_session_update(struct db *db, int64_t ws, const struct ws_session *s)
{
	struct db_stmt *st;
	int rc, found = 0;

	st = db_prepare(db, "UPDATE sparring_session SET starts_at = ?3, mode = "
	    "?4, place = ?5, participants = ?6, agenda = ?7, notes = ?8 WHERE "
	    "id = ?1 AND workspace_id = ?2 RETURNING id");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, s->id);
	db_bind_int64(st, 2, ws);
	db_bind_int64(st, 3, s->starts_at);
	db_bind_cstr(st, 4, s->mode);
	db_bind_cstr(st, 5, s->place);
	db_bind_cstr(st, 6, s->participants);
	db_bind_cstr(st, 7, s->agenda);
	db_bind_cstr(st, 8, s->notes);
	while ((rc = db_step(st)) == DB_ROW)
		found = 1;
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	return found ? 0 : 1;
}

/*
 * Two statements: the actions, then the history of all of them in action
 * order, merged in one pass (a workspace has tens of actions, not
 * thousands).  An owner whose account was erased shows the free-text name
 * if one was kept, else nothing.
 */
int
workspace_actions(struct db *db, struct arena *a, int64_t ws,
    struct ws_action **out, size_t *n)
{
	struct ws_action *v = NULL;
	struct ws_history *all = NULL;
	struct db_stmt *st;
	size_t cap = 0, hcap = 0, nall = 0, i, j, k;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT x.id, x.title, COALESCE(x.owner_account_id, "
	    "0), CASE WHEN o.id IS NOT NULL AND o.erased_at IS NULL THEN "
	    "COALESCE(NULLIF(o.name, ''), o.email) ELSE x.owner_name END, "
	    "x.due_on, x.status, x.progress, COALESCE(x.session_id, 0), "
	    "COALESCE(s.starts_at, 0) "
	    "FROM action x LEFT JOIN account o ON o.id = x.owner_account_id "
	    "LEFT JOIN sparring_session s ON s.id = x.session_id "
	    "WHERE x.workspace_id = ?1 "
	    "ORDER BY x.due_on IS NULL, x.due_on, x.id");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, ws);
	while ((rc = db_step(st)) == DB_ROW) {
		struct ws_action *x;

		v = arena_grow(a, v, *n, &cap, sizeof(*v));
		x = &v[(*n)++];
		x->id = db_col_int64(st, 0);
		x->title = db_col_dup(st, a, 1);
		x->owner_account_id = db_col_int64(st, 2);
		x->owner = db_col_dup(st, a, 3);
		x->due_on = db_col_is_null(st, 4) ? NULL : db_col_dup(st, a, 4);
		if (action_status_parse(db_col_text(st, 5), &x->status) != 0)
			x->status = ACTION_PLANNED;
		x->progress = (int)db_col_int64(st, 6);
		x->session_id = db_col_int64(st, 7);
		x->session_at = db_col_int64(st, 8);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;

	/* History rows come grouped by action: each action points at its
	 * run of rows in one array. */
	st = db_prepare(db, "SELECT h.action_id, h.at, CASE WHEN u.erased_at IS "
	    "NULL THEN COALESCE(NULLIF(u.name, ''), u.email, '') ELSE '' END, "
	    "h.status, h.progress, h.note FROM action_history h "
	    "JOIN action x ON x.id = h.action_id "
	    "LEFT JOIN account u ON u.id = h.account_id "
	    "WHERE x.workspace_id = ?1 ORDER BY h.action_id, h.at, h.id");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, ws);
	while ((rc = db_step(st)) == DB_ROW) {
		struct ws_history *h;

		all = arena_grow(a, all, nall, &hcap, sizeof(*all));
		h = &all[nall++];
		h->action_id = db_col_int64(st, 0);
		h->at = db_col_int64(st, 1);
		h->who = db_col_dup(st, a, 2);
		if (action_status_parse(db_col_text(st, 3), &h->status) != 0)
			h->status = ACTION_PLANNED;
		h->progress = (int)db_col_int64(st, 4);
		h->note = db_col_dup(st, a, 5);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	for (j = 0; j < nall; j = k) {
		for (k = j; k < nall && all[k].action_id == all[j].action_id; k++)
			;
		for (i = 0; i < *n; i++)
			if (v[i].id == all[j].action_id) {
				v[i].history = &all[j];
				v[i].nhistory = k - j;
				break;
			}
	}
	*out = v;
	return 0;
}

static int
ws_history_add(struct db *db, int64_t action, const struct action_state *s,
    const char *note, int64_t account_id, int64_t now)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO action_history (action_id, at, "
	    "account_id, status, progress, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, action);
	db_bind_int64(st, 2, now);
	if (account_id)
		db_bind_int64(st, 3, account_id);
	else
		db_bind_null(st, 3);
	db_bind_cstr(st, 4, action_status_name(s->status));
	db_bind_int64(st, 5, s->progress);
	db_bind_cstr(st, 6, note ? note : "");
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int64_t
workspace_action_add(struct db *db, int64_t ws, const char *title,
    int64_t owner_account_id, const char *owner_name, const char *due_on,
    int64_t session_id, int64_t account_id, int64_t now)
{
	static const struct action_state planned = { ACTION_PLANNED, 0 };
	struct db_stmt *st;
	int64_t id;
	int rc;

	st = db_prepare(db, "INSERT INTO action (workspace_id, title, "
	    "owner_account_id, owner_name, due_on, status, progress, session_id, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'planned', 0, "
	    "?6, ?7, ?7)");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, ws);
	db_bind_cstr(st, 2, title);
	if (owner_account_id)
		db_bind_int64(st, 3, owner_account_id);
	else
		db_bind_null(st, 3);
	db_bind_cstr(st, 4, owner_name ? owner_name : "");
	db_bind_cstr(st, 5, due_on);
	if (session_id)
		db_bind_int64(st, 6, session_id);
	else
		db_bind_null(st, 6);
	db_bind_int64(st, 7, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	id = db_last_id(db);
	if (ws_history_add(db, id, &planned, "", account_id, now) != 0)
		return -1;
	return id;
}

int
workspace_action_state(struct db *db, int64_t ws, int64_t id,
    struct action_state *out)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT status, progress FROM action WHERE id = ?1 "
	    "AND workspace_id = ?2");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, ws);
	rc = db_step(st);
	if (rc == DB_ROW) {
		if (action_status_parse(db_col_text(st, 0), &out->status) != 0)
			out->status = ACTION_PLANNED;
		out->progress = (int)db_col_int64(st, 1);
	}
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int
workspace_action_update(struct db *db, int64_t id, const struct action_state *s,
    const char *note, int64_t account_id, int64_t now)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE action SET status = ?2, progress = ?3, "
	    "updated_at = ?4 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_cstr(st, 2, action_status_name(s->status));
	db_bind_int64(st, 3, s->progress);
	db_bind_int64(st, 4, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	return ws_history_add(db, id, s, note, account_id, now);
}

/*
 * The same people who work on the workspace by policy, less the region's
 * coordinators and administrators (they oversee; they do not own local
 * actions): the municipality's coordinators and its tutors, whether the
 * tutor's account names the municipality or the period's assignment does.
 */
int
workspace_people(struct db *db, struct arena *a, const char *code,
    int64_t period_id, struct ws_person **out, size_t *n)
{
	struct ws_person *v = NULL;
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT id, COALESCE(NULLIF(name, ''), email), role "
	    "FROM account WHERE active = 1 AND erased_at IS NULL AND ("
	    "(role = 'municipal-coordinator' AND municipality_code = ?1) OR "
	    "(role = 'tutor' AND (id IN (SELECT account_id FROM account_scope "
	    "WHERE kind = 'municipality' AND ref = ?1) OR id IN (SELECT "
	    "taa.account_id FROM tutor_assignment_account taa JOIN "
	    "tutor_assignment ta ON ta.id = taa.assignment_id WHERE "
	    "ta.municipality_code = ?1 AND ta.period_id = ?2)))) "
	    "ORDER BY role, 2, id");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, code);
	db_bind_int64(st, 2, period_id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct ws_person *p;

		v = arena_grow(a, v, *n, &cap, sizeof(*v));
		p = &v[(*n)++];
		p->id = db_col_int64(st, 0);
		p->name = db_col_dup(st, a, 1);
		p->role = db_col_dup(st, a, 2);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*out = v;
	return 0;
}

int
workspace_all(struct db *db, struct arena *a, enum lang l,
    struct ws_link **out, size_t *n)
{
	struct ws_link *v = NULL;
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT p.year, m.code, CASE ?1 WHEN 1 THEN "
	    "m.name_sv WHEN 2 THEN COALESCE(NULLIF(m.name_en, ''), m.name_fi) "
	    "ELSE m.name_fi END, m.region_id FROM workspace w "
	    "JOIN programme_period p ON p.id = w.period_id "
	    "JOIN municipality m ON m.code = w.municipality_code "
	    "ORDER BY p.year DESC, 3, m.code");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, ws_lang_index(l));
	while ((rc = db_step(st)) == DB_ROW) {
		struct ws_link *x;

		v = arena_grow(a, v, *n, &cap, sizeof(*v));
		x = &v[(*n)++];
		x->year = db_col_int64(st, 0);
		x->code = db_col_dup(st, a, 1);
		x->municipality = db_col_dup(st, a, 2);
		x->region_id = db_col_int64(st, 3);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*out = v;
	return 0;
}

int
workspace_set_notify(struct db *db, int64_t account_id, bool on)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE account SET notify = ?2 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, account_id);
	db_bind_int64(st, 2, on ? 1 : 0);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
workspace_notify(struct db *db, int64_t account_id)
{
	struct db_stmt *st;
	int rc, on = 0;

	st = db_prepare(db, "SELECT notify FROM account WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, account_id);
	rc = db_step(st);
	if (rc == DB_ROW)
		on = db_col_int64(st, 0) != 0;
	db_done(st);
	return rc == DB_ROW ? on : rc == DB_DONE ? 0 : -1;
}

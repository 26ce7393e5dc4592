/*
 * store.c - the queries of the sparring workspaces.
 *
 * The workspace, assessment, sparring_session, action and action_history
 * tables belong to this module, and periods to the programme too;
 * municipalities come from the network (network.h), accounts' names and
 * who works on a municipality from auth (auth/account.h, owners.c).
 * Every value is a bound parameter; texts are copied into the caller's
 * arena.  Lookups answer 0, DB_MISSING or -1 (db/rows.h).
 */
#include <stdlib.h>
#include <string.h>

#include "auth/account.h"
#include "base/collate.h"
#include "db/rows.h"
#include "network/network.h"
#include "programme/programme.h"
#include "programme/workspace.h"
#include "programme/owners.h"

/* An account's name to show: its name, or its address without one; an
 * erased account shows `erased` (an SQL expression). */
static int
ws_info_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct ws_info *w = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&w->id), db_as_int(&w->period_id),
	    db_as_int(&w->year), db_as_str(&w->period_starts),
	    db_as_str(&w->period_ends), db_as_str(&w->goals),
	    db_as_str(&w->outcome)));
	return 0;
}

/*
 * The period is the one of the municipality's own region with that year
 * (periods are per region), so the same URL shape works for every region.
 * The municipality comes from the network.
 */
int
workspace_find(struct db *db, struct arena *a, enum lang l, int64_t year,
    const char *code, struct ws_info *out)
{
	struct municipality m;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = network_municipality(db, a, l, code, &m)) != 0)
		return rc;
	rc = db_row(db, a, "SELECT w.id, p.id, p.year, p.starts_on, "
	    "p.ends_on, w.goals, w.outcome FROM workspace w "
	    "JOIN programme_period p ON p.id = w.period_id "
	    "WHERE p.region_id = ?1 AND p.year = ?2 AND w.municipality_code = ?3",
	    DB_ARGS(db_int(m.region_id), db_int(year), db_text(code)),
	    ws_info_row, out);
	if (rc != 0)
		return rc;
	out->code = m.code;
	out->municipality = m.name;
	out->region_id = m.region_id;
	return 0;
}

static int
ws_dimension_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct ws_dimension *d = out;

	db_cols(st, a, 0, DB_COLS(db_as_str(&d->key), db_as_str(&d->label),
	    db_as_str(&d->question)));
	d->question_lang = (enum lang)db_col_int64(st, 3);
	return 0;
}

int
workspace_dimensions(struct db *db, struct arena *a, enum lang l,
    struct ws_dimension **out, size_t *n)
{
	/* The question in the page's language when it is written, else the
	 * English one, with the language it came in. */
	*out = db_rows(db, a, "SELECT key, CASE ?1 WHEN 1 THEN label_sv "
	    "WHEN 2 THEN label_en ELSE label_fi END, COALESCE(NULLIF(CASE ?1 "
	    "WHEN 0 THEN question_fi WHEN 1 THEN question_sv ELSE question_en "
	    "END, ''), question_en), CASE WHEN (CASE ?1 WHEN 0 THEN question_fi "
	    "WHEN 1 THEN question_sv ELSE question_en END) <> '' THEN ?1 ELSE 2 "
	    "END FROM dimension ORDER BY position, key", DB_ARGS(db_int(l)),
	    ws_dimension_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

static int
ws_assessment_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct ws_assessment *x = out;

	/* The table's CHECK allows only these two. */
	x->phase = strcmp(db_col_text(st, 0), "start") == 0 ? WS_START : WS_END;
	x->key = db_col_dup(st, a, 1);
	x->score = (int)db_col_int64(st, 2);
	x->note = db_col_dup(st, a, 3);
	x->updated_at = db_col_int64(st, 4);
	return 0;
}

int
workspace_assessments(struct db *db, struct arena *a, int64_t ws,
    struct ws_assessment **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT phase, dimension_key, score, note, "
	    "updated_at FROM assessment WHERE workspace_id = ?1",
	    DB_ARGS(db_int(ws)), ws_assessment_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

/* An upsert keeps one row per workspace, phase and dimension: assessing
 * again replaces the score rather than piling up versions (the audit log
 * says who changed it when). */
int
workspace_assessment_save(struct db *db, int64_t ws, enum ws_phase phase,
    const char *key, int score, const char *note, int64_t account_id,
    int64_t now)
{
	return db_run(db, "INSERT INTO assessment (workspace_id, phase, "
	    "dimension_key, score, note, updated_at, updated_by) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (workspace_id, phase, "
	    "dimension_key) DO UPDATE SET score = excluded.score, note = "
	    "excluded.note, updated_at = excluded.updated_at, updated_by = "
	    "excluded.updated_by", DB_ARGS(db_int(ws),
	    db_text(ws_phase_names[phase]),
	    db_text(key), db_int(score), db_text(note ? note : ""), db_int(now),
	    db_id_or_null(account_id)), NULL) == 0 ? 0 : -1;
}

int
workspace_texts_save(struct db *db, int64_t ws, const char *goals,
    const char *outcome)
{
	return db_run(db, "UPDATE workspace SET goals = COALESCE(?2, goals), "
	    "outcome = COALESCE(?3, outcome) WHERE id = ?1", DB_ARGS(db_int(ws),
	    db_text(goals), db_text(outcome)), NULL) == 0 ? 0 : -1;
}

static int
ws_session_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct ws_session *s = out;

	s->id = db_col_int64(st, 0);
	s->starts_at = db_col_int64(st, 1);
	if (session_mode_parse(db_col_text(st, 2), &s->mode) != 0)
		s->mode = SESSION_ON_SITE;
	db_cols(st, a, 3, DB_COLS(db_as_str(&s->place),
	    db_as_str(&s->participants), db_as_str(&s->agenda),
	    db_as_str(&s->notes)));
	return 0;
}

int
workspace_sessions(struct db *db, struct arena *a, int64_t ws,
    struct ws_session **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT id, starts_at, mode, place, "
	    "participants, agenda, notes FROM sparring_session WHERE "
	    "workspace_id = ?1 ORDER BY starts_at, id", DB_ARGS(db_int(ws)),
	    ws_session_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int64_t
workspace_session_add(struct db *db, int64_t ws, const struct ws_session *s,
    int64_t account_id, int64_t now)
{
	int64_t id;

	if (db_insert(db, "INSERT INTO sparring_session (workspace_id, "
	    "starts_at, mode, place, participants, agenda, notes, created_by, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
	    "RETURNING id", DB_ARGS(db_int(ws), db_int(s->starts_at),
	    db_text(session_mode_names[s->mode]), db_text(s->place), db_text(s->participants),
	    db_text(s->agenda), db_text(s->notes), db_id_or_null(account_id),
	    db_int(now)), &id) != 0)
		return -1;
	return id;
}

/* The workspace is part of the key, so a session id from another
 * workspace (which the user may not reach) is not found. */
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
	int64_t changed;

	if (db_run(db, "UPDATE sparring_session SET starts_at = ?3, mode = ?4, "
	    "place = ?5, participants = ?6, agenda = ?7, notes = ?8 WHERE "
	    "id = ?1 AND workspace_id = ?2", DB_ARGS(db_int(s->id), db_int(ws),
	    db_int(s->starts_at), db_text(session_mode_names[s->mode]), db_text(s->place),
	    db_text(s->participants), db_text(s->agenda), db_text(s->notes)),
	    &changed) != 0)
		return -1;
	return changed > 0 ? 0 : DB_MISSING;
}

/* A stored status, parsed once here: an unknown one reads as planned. */
static enum action_status
ws_status(struct db_stmt *st, int col)
{
	enum action_status s;

	return action_status_parse(db_col_text(st, col), &s) == 0 ? s :
	    ACTION_PLANNED;
}

static int
ws_action_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct ws_action *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->id), db_as_str(&x->title),
	    db_as_int(&x->owner_account_id), db_as_str(&x->owner)));
	x->due_on = db_col_is_null(st, 4) ? NULL : db_col_dup(st, a, 4);
	x->status = ws_status(st, 5);
	x->progress = (int)db_col_int64(st, 6);
	x->session_id = db_col_int64(st, 7);
	x->session_at = db_col_int64(st, 8);
	return 0;
}

static int
ws_history_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct ws_history *h = out;

	db_cols(st, NULL, 0, DB_COLS(db_as_int(&h->action_id),
	    db_as_int(&h->at), db_as_int(&h->who_id)));
	h->status = ws_status(st, 3);
	h->progress = (int)db_col_int64(st, 4);
	h->note = db_col_dup(st, a, 5);
	return 0;
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
	struct ws_history *all;
	const char **names;
	int64_t *ids;
	size_t nall, i, j, k;

	*out = db_rows(db, a, "SELECT x.id, x.title, "
	    "COALESCE(x.owner_account_id, 0), x.owner_name, x.due_on, "
	    "x.status, x.progress, COALESCE(x.session_id, 0), "
	    "COALESCE(s.starts_at, 0) "
	    "FROM action x LEFT JOIN sparring_session s ON s.id = x.session_id "
	    "WHERE x.workspace_id = ?1 "
	    "ORDER BY x.due_on IS NULL, x.due_on, x.id", DB_ARGS(db_int(ws)),
	    ws_action_row, sizeof(**out), n);
	if (*out == NULL)
		return -1;
	ids = arena_calloc(a, *n ? *n : 1, sizeof(*ids));
	names = arena_calloc(a, *n ? *n : 1, sizeof(*names));
	for (i = 0; i < *n; i++) {
		ids[i] = (*out)[i].owner_account_id;
		names[i] = (*out)[i].owner;
	}
	if (programme_account_names(db, a, ids, *n, names) != 0)
		return -1;
	for (i = 0; i < *n; i++)
		(*out)[i].owner = names[i];
	/* History rows come grouped by action: each action points at its
	 * run of rows in one array. */
	all = db_rows(db, a, "SELECT h.action_id, h.at, "
	    "COALESCE(h.account_id, 0), h.status, h.progress, h.note FROM "
	    "action_history h JOIN action x ON x.id = h.action_id "
	    "WHERE x.workspace_id = ?1 ORDER BY h.action_id, h.at, h.id",
	    DB_ARGS(db_int(ws)), ws_history_row, sizeof(*all), &nall);
	if (all == NULL)
		return -1;
	ids = arena_calloc(a, nall ? nall : 1, sizeof(*ids));
	names = arena_calloc(a, nall ? nall : 1, sizeof(*names));
	for (i = 0; i < nall; i++) {
		ids[i] = all[i].who_id;
		names[i] = "";
	}
	if (programme_account_names(db, a, ids, nall, names) != 0)
		return -1;
	for (i = 0; i < nall; i++)
		all[i].who = names[i];
	for (j = 0; j < nall; j = k) {
		for (k = j; k < nall && all[k].action_id == all[j].action_id; k++)
			;
		for (i = 0; i < *n; i++)
			if ((*out)[i].id == all[j].action_id) {
				(*out)[i].history = &all[j];
				(*out)[i].nhistory = k - j;
				break;
			}
	}
	return 0;
}

static int
ws_history_add(struct db *db, int64_t action, const struct action_state *s,
    const char *note, int64_t account_id, int64_t now)
{
	return db_run(db, "INSERT INTO action_history (action_id, at, "
	    "account_id, status, progress, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    DB_ARGS(db_int(action), db_int(now), db_id_or_null(account_id),
	    db_text(action_status_name(s->status)), db_int(s->progress),
	    db_text(note ? note : "")), NULL) == 0 ? 0 : -1;
}

int64_t
workspace_action_add(struct db *db, int64_t ws, const char *title,
    int64_t owner_account_id, const char *owner_name, const char *due_on,
    int64_t session_id, int64_t account_id, int64_t now)
{
	static const struct action_state planned = { ACTION_PLANNED, 0 };
	int64_t id;

	if (db_insert(db, "INSERT INTO action (workspace_id, title, "
	    "owner_account_id, owner_name, due_on, status, progress, session_id, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, "
	    "?8) RETURNING id", DB_ARGS(db_int(ws), db_text(title),
	    db_id_or_null(owner_account_id),
	    db_text(owner_name ? owner_name : ""), db_text(due_on),
	    db_text(action_status_name(ACTION_PLANNED)),
	    db_id_or_null(session_id), db_int(now)), &id) != 0 ||
	    ws_history_add(db, id, &planned, "", account_id, now) != 0)
		return -1;
	return id;
}

static int
ws_state_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct action_state *s = out;

	(void)a;
	s->status = ws_status(st, 0);
	s->progress = (int)db_col_int64(st, 1);
	return 0;
}

int
workspace_action_state(struct db *db, int64_t ws, int64_t id,
    struct action_state *out)
{
	return db_row(db, NULL, "SELECT status, progress FROM action WHERE "
	    "id = ?1 AND workspace_id = ?2", DB_ARGS(db_int(id), db_int(ws)),
	    ws_state_row, out);
}

int
workspace_action_update(struct db *db, int64_t id, const struct action_state *s,
    const char *note, int64_t account_id, int64_t now)
{
	if (db_run(db, "UPDATE action SET status = ?2, progress = ?3, "
	    "updated_at = ?4 WHERE id = ?1", DB_ARGS(db_int(id),
	    db_text(action_status_name(s->status)), db_int(s->progress),
	    db_int(now)), NULL) != 0)
		return -1;
	return ws_history_add(db, id, s, note, account_id, now);
}

static int
ws_person_cmp(const void *x, const void *y)
{
	const struct ws_person *p = x, *q = y;
	int c = strcmp(role_name(p->role), role_name(q->role));

	if (c == 0)
		c = strcmp(p->name, q->name);
	if (c == 0)
		c = p->id < q->id ? -1 : p->id > q->id;
	return c;
}

/*
 * The same people who work on the workspace by policy, less the region's
 * coordinators and administrators (they oversee; they do not own local
 * actions): the municipality's coordinators and its tutors, whether the
 * tutor's account names the municipality (auth's account_workers_of()) or
 * the period's assignment does (this module's tables); by role, name, id.
 */
int
workspace_people(struct db *db, struct arena *a, const char *code,
    int64_t period_id, struct ws_person **out, size_t *n)
{
	struct account_card *own, *assigned;
	int64_t *ids;
	size_t nown, nids, i, j;

	*n = 0;
	if (account_workers_of(db, a, code, &own, &nown) != 0 ||
	    (ids = db_ints(db, a, "SELECT taa.account_id FROM "
	    "tutor_assignment_account taa JOIN tutor_assignment ta ON ta.id = "
	    "taa.assignment_id WHERE ta.municipality_code = ?1 AND "
	    "ta.period_id = ?2", DB_ARGS(db_text(code), db_int(period_id)),
	    &nids)) == NULL)
		return -1;
	assigned = arena_calloc(a, nids ? nids : 1, sizeof(*assigned));
	if (account_cards(db, a, ids, nids, assigned) != 0)
		return -1;
	*out = arena_calloc(a, nown + nids ? nown + nids : 1, sizeof(**out));
	for (i = 0; i < nown; i++)
		(*out)[(*n)++] = (struct ws_person){ own[i].id, own[i].name,
		    own[i].role };
	for (i = 0; i < nids; i++) {
		if (!assigned[i].active || assigned[i].role != ROLE_TUTOR)
			continue;
		for (j = 0; j < *n && (*out)[j].id != assigned[i].id; j++)
			;
		if (j == *n)
			(*out)[(*n)++] = (struct ws_person){ assigned[i].id,
			    assigned[i].name, assigned[i].role };
	}
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), ws_person_cmp);
	return 0;
}

static int
ws_link_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct ws_link *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->year), db_as_str(&x->code),
	    db_as_int(&x->region_id), db_as_int(&x->id)));
	return 0;
}

/* Newest period first, then by the municipality's name. */
static int
ws_link_cmp(const void *x, const void *y)
{
	const struct ws_link *a = x, *b = y;
	int c;

	if (a->year != b->year)
		return a->year > b->year ? -1 : 1;
	if ((c = collate_fi(a->municipality, b->municipality)) != 0)
		return c;
	return strcmp(a->code, b->code);
}

#define WS_LINK_SELECT "SELECT p.year, w.municipality_code, p.region_id, " \
	"w.id FROM workspace w JOIN programme_period p ON " \
	"p.id = w.period_id "

/* Names the workspaces' municipalities in l: a workspace's municipality
 * is of its period's region, each region read once. */
static int
ws_links_name(struct db *db, struct arena *a, enum lang l, struct ws_link *v,
    size_t n)
{
	struct municipality_set ms;
	size_t i;

	memset(&ms, 0, sizeof(ms));
	for (i = 0; i < n; i++) {
		const struct municipality *m;

		if (network_set_add_region(db, a, l, &ms, v[i].region_id) != 0)
			return -1;
		m = network_set_find(&ms, v[i].code, v[i].region_id);
		v[i].municipality = m != NULL ? m->name : v[i].code;
	}
	return 0;
}

int
workspace_all(struct db *db, struct arena *a, enum lang l,
    struct ws_link **out, size_t *n)
{
	*out = db_rows(db, a, WS_LINK_SELECT, DB_NOARGS, ws_link_row,
	    sizeof(**out), n);
	if (*out == NULL || ws_links_name(db, a, l, *out, *n) != 0)
		return -1;
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), ws_link_cmp);
	return 0;
}

int
programme_material_workspaces(struct db *db, struct arena *a, enum lang l,
    const int64_t *ids, size_t n, struct mat_workspace **out, size_t *nout)
{
	struct ws_link *v;
	size_t i, nv;

	if (ids == NULL) {
		if (workspace_all(db, a, l, &v, &nv) != 0)
			return -1;
	} else if ((v = db_rows_ids(db, a, WS_LINK_SELECT "WHERE w.id IN ("
	    DB_IDS ")", ids, n, DB_NOARGS, ws_link_row, sizeof(*v),
	    &nv)) == NULL || ws_links_name(db, a, l, v, nv) != 0)
		return -1;
	*out = arena_calloc(a, nv ? nv : 1, sizeof(**out));
	for (i = 0; i < nv; i++) {
		(*out)[i].id = v[i].id;
		(*out)[i].year = v[i].year;
		(*out)[i].region_id = v[i].region_id;
		(*out)[i].code = v[i].code;
		(*out)[i].name = v[i].municipality;
	}
	*nout = nv;
	return 0;
}


/*
 * workspace.h - the sparring workspace of one municipality in one period:
 * its self-assessment (start and end, 1-5 on every dimension), goals,
 * sessions, concrete actions with their dated history, and the outcome.
 *
 * Who may work in a workspace is decided by policy_works_on() alone (its
 * municipal coordinator, its tutors, the region's coordinators,
 * administrators); anyone else, and a workspace that does not exist, is
 * answered 404.  Every change is one transaction with its audit record and
 * ends in a redirect back to the workspace (POST -> 303 -> GET); a form
 * with a mistake is shown again with what was written, the mistake named,
 * status 400 and nothing saved.
 */
#ifndef TV_PROGRAMME_WORKSPACE_H
#define TV_PROGRAMME_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/request.h"
#include "materials/materials.h"
#include "programme/rules.h"
#include "view/form.h"
#include "view/i18n.h"

#define WS_TEXT_MAX 20000	/* goals, outcome, agenda, notes (bytes) */
#define WS_LINE_MAX 200		/* titles, places, names (characters) */
#define WS_PARTICIPANTS_MAX 2000	/* participants (characters) */
#define WS_NOTE_MAX 1000	/* assessment and progress notes (characters) */

/* One workspace with what the page says about it. */
struct ws_info {
	int64_t id;
	int64_t period_id;
	int64_t year;
	const char *period_starts, *period_ends;	/* YYYY-MM-DD */
	const char *code;		/* municipality */
	const char *municipality;	/* its name in the page's language */
	int64_t region_id;
	const char *goals;		/* Markdown */
	const char *outcome;		/* Markdown */
};

/* A dimension of the self-assessment. */
struct ws_dimension {
	const char *key;
	const char *label;		/* in the wanted language */
	const char *question;		/* in the wanted language, or English */
	enum lang question_lang;	/* which (lang="..." when not the page's) */
};

/* assessment.phase: the self-assessment at the start or at the end of
 * the period. */
enum ws_phase { WS_START, WS_END };
/* The stored values (and the form's), indexed by the enum. */
extern const char *const ws_phase_names[2];

/* One stored score. */
struct ws_assessment {
	enum ws_phase phase;
	const char *key;
	int score;			/* 1..5 */
	const char *note;
	int64_t updated_at;
};

struct ws_session {
	int64_t id;
	int64_t starts_at;		/* UTC seconds */
	enum session_mode mode;
	const char *place;
	const char *participants;	/* one per line */
	const char *agenda;		/* Markdown */
	const char *notes;		/* Markdown */
};

/* One dated change of an action. */
struct ws_history {
	int64_t action_id;
	int64_t at;
	int64_t who_id;			/* the account, 0 if none */
	const char *who;		/* its name, "" if none or erased */
	enum action_status status;
	int progress;
	const char *note;
};

struct ws_action {
	int64_t id;
	const char *title;
	int64_t owner_account_id;	/* 0 = none */
	const char *owner;		/* the name to show, "" if none */
	const char *due_on;		/* YYYY-MM-DD or NULL */
	enum action_status status;
	int progress;
	int64_t session_id;		/* 0 = none */
	int64_t session_at;		/* that session's start */
	bool overdue;			/* set by the page, from today */
	struct ws_history *history;	/* oldest first */
	size_t nhistory;
};

/* Someone who may own an action: the municipality's coordinator or one of
 * its tutors. */
struct ws_person {
	int64_t id;
	const char *name;		/* name, or the e-mail address if none */
	enum role role;			/* municipal coordinator or tutor */
};

/* A workspace for a list of links (the staff home). */
struct ws_link {
	int64_t id;
	int64_t year;
	const char *code;
	const char *municipality;
	int64_t region_id;
};

/* What the session and action routes name: the workspace and the id of
 * one of its sessions or actions (an action with its state). */
struct ws_object {
	struct ws_info ws;
	int64_t id;
	struct action_state action;
};

/* --- store.c: every query of the workspaces --- */

/*
 * The workspace of municipality `code` in the period of year `year` of
 * the municipality's region: 0 found, 1 not, -1 error.
 */
int workspace_find(struct db *db, struct arena *a, enum lang l, int64_t year,
    const char *code, struct ws_info *out);

/* Every dimension in its position order, labels in l.  0 or -1. */
int workspace_dimensions(struct db *db, struct arena *a, enum lang l,
    struct ws_dimension **out, size_t *n);

/* The stored scores of a workspace.  0 or -1. */
int workspace_assessments(struct db *db, struct arena *a, int64_t ws,
    struct ws_assessment **out, size_t *n);

/* Sets one score and its note (insert or replace; caller's
 * transaction).  0 or -1. */
int workspace_assessment_save(struct db *db, int64_t ws, enum ws_phase phase,
    const char *key, int score, const char *note, int64_t account_id,
    int64_t now);

/* Replaces the goals and/or the outcome (NULL keeps it).  0 or -1. */
int workspace_texts_save(struct db *db, int64_t ws, const char *goals,
    const char *outcome);

/* The sessions, earliest first.  0 or -1. */
int workspace_sessions(struct db *db, struct arena *a, int64_t ws,
    struct ws_session **out, size_t *n);

/* Adds a session (s->id ignored); the new id or -1. */
int64_t workspace_session_add(struct db *db, int64_t ws,
    const struct ws_session *s, int64_t account_id, int64_t now);

/* Whether workspace ws has session id: 0 yes, DB_MISSING, -1 error. */
int workspace_session_of(struct db *db, int64_t ws, int64_t id);

/* Replaces a session of workspace ws: 0, 1 when it has no such session,
 * -1 error. */
int workspace_session_update(struct db *db, int64_t ws,
    const struct ws_session *s);

/* The actions with their history and the start of the session where each
 * was agreed, by due date (undated last).  0 or -1. */
int workspace_actions(struct db *db, struct arena *a, int64_t ws,
    struct ws_action **out, size_t *n);

/*
 * Adds a planned action at 0 % and the first line of its history, in the
 * caller's transaction.  owner_account_id 0 = none (owner_name instead),
 * session_id 0 = none, due_on NULL = none.  The new id or -1.
 */
int64_t workspace_action_add(struct db *db, int64_t ws, const char *title,
    int64_t owner_account_id, const char *owner_name, const char *due_on,
    int64_t session_id, int64_t account_id, int64_t now);

/* The status and progress of action `id` of workspace ws: 0, 1 when there
 * is no such action there, -1 error. */
int workspace_action_state(struct db *db, int64_t ws, int64_t id,
    struct action_state *out);

/* Stores a new state of an action and its history line (with the note),
 * in the caller's transaction.  0 or -1. */
int workspace_action_update(struct db *db, int64_t id,
    const struct action_state *s, const char *note, int64_t account_id,
    int64_t now);

/* Who may own an action in the workspace of `code` in period period_id:
 * active accounts of its municipal coordinators and its tutors (by scope
 * or by assignment in that period).  0 or -1. */
int workspace_people(struct db *db, struct arena *a, const char *code,
    int64_t period_id, struct ws_person **out, size_t *n);

/* Every workspace of every period, newest period first, names in l.
 * 0 or -1. */
int workspace_all(struct db *db, struct arena *a, enum lang l,
    struct ws_link **out, size_t *n);

/* --- workspace.c --- */

/* The workspaces r's user works on (SCOPE_WORKED_ON), newest period
 * first, for the staff home.  0 or -1. */
int workspace_links(struct request *r, struct db *db, struct ws_link **out,
    size_t *n);

/* Handlers (routes in src/app/routes.c). */
void workspace_page(struct request *r);		/* GET  /:lang/workspaces/:period/:code */
void workspace_assessment(struct request *r);	/* POST .../assessment */
void workspace_texts(struct request *r);	/* POST .../texts */
void workspace_session_create(struct request *r);	/* POST .../sessions */
void workspace_session_edit(struct request *r);	/* POST .../sessions/:id */
void workspace_action_create(struct request *r);	/* POST .../actions */
void workspace_action_edit(struct request *r);	/* POST .../actions/:id */

/* --- view structs for templates/programme/workspace.tmpl --- */

/* What one assessment form shows: a score (0 = none) and a note per
 * dimension, in the order of the dimensions. */
struct ws_assess_form {
	enum ws_phase phase;
	int *scores;
	const char **notes;
};

/* The values of a session form (id 0: the form for a new one). */
struct ws_session_form {
	int64_t id;
	const char *date, *time, *mode, *place, *participants, *agenda, *notes;
};

/* The values of the form for a new action. */
struct ws_action_form {
	const char *title, *owner, *owner_name, *due_on, *session;
};

/* The values of an action's update form. */
struct ws_update_form {
	const char *status, *progress, *note;
};

/* One row of the assessment table. */
struct ws_assess_row {
	const struct ws_dimension *dim;
	int start, end;			/* 0 = not assessed */
	const char *start_note, *end_note;
};

struct ws_page {
	const char *csrf;
	const char *base;		/* "/fi/workspaces/2021/611" */
	const char *today;
	struct ws_info ws;
	struct ws_dimension *dims;
	size_t ndims;
	struct ws_assess_row *rows;	/* one per dimension */
	bool assessed;			/* any score stored */
	struct ws_assess_form assess[2];	/* start, end */
	struct ws_session *sessions;
	size_t nsessions;
	struct ws_session_form *session_forms;	/* one per session */
	struct ws_session_form new_session;
	struct ws_action *actions;
	size_t nactions;
	struct ws_update_form *update_forms;	/* one per action */
	struct ws_action_form new_action;
	struct ws_person *people;
	size_t npeople;
	const char *goals;		/* the goals form's text */
	const char *outcome;		/* the outcome form's text */
	const struct material *materials;	/* attached to the workspace */
	size_t nmaterials;
	/* A refused form: which one ("assessment-start", "goals", "outcome",
	 * "session-new", "session-<id>", "action-new", "action-<id>") and its
	 * mistakes, each under the id of its control. */
	const char *form;
	struct form_errors errors;
	const char *notice;		/* msgid */
};

/* For the template: whether the refused form is `name`. */
bool ws_form_is(const struct ws_page *p, const char *name);

/* The label of a session mode ("On site", "Remote"), a msgid. */
const char *ws_mode_label(enum session_mode mode);

/* A YYYY-MM-DD date as the page's language writes it. */
const char *ws_date(struct arena *a, enum lang l, const char *ymd);

/* The sessions' participants, one per line, as list items (escaped). */
void ws_lines(struct buf *b, const char *text);

#endif

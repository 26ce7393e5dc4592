/*
 * report.h - the network view of the sparring programme and its exports:
 * read-only queries over a period's workspaces (assessments, actions,
 * sessions), the coordinators' page that sums them up with charts, and
 * CSV and JSON exports of the rows.
 *
 * Who sees what is decided by the policy alone:
 *   - the network view (route action ACT_PROGRAMME) shows the periods of
 *     regions the viewer manages (policy_manages_region()); any other
 *     period is answered 404 like one that does not exist;
 *   - the exports and the API (ACT_ACCOUNT) hold the rows of the
 *     municipalities the viewer works on (policy_works_on()): a coordinator
 *     gets the region, a tutor the assigned municipalities, a municipal
 *     coordinator their own.  A period in which the viewer has nothing is
 *     answered 404.
 * Nothing here writes to the database.
 */
#ifndef TV_PROGRAMME_REPORT_H
#define TV_PROGRAMME_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/request.h"
#include "programme/programme.h"
#include "programme/rules.h"
#include "view/chart.h"
#include "view/i18n.h"
#include "view/view.h"

/* A dimension of the self-assessment. */
struct report_dimension {
	const char *key;
	const char *label;		/* in the wanted language */
};

/* The workspace of one municipality in the period. */
struct report_workspace {
	int64_t id;
	const char *code;		/* municipality */
	const char *municipality;	/* its name in the wanted language */
	const char *tutors;		/* tutor municipalities' names, ", " */
	bool visible;			/* the viewer works on it (exports) */
};

/* One stored score. */
struct report_score {
	int64_t workspace_id;
	const char *dimension;		/* key */
	bool end;			/* phase: false start, true end */
	int score;			/* 1..5 */
	const char *note;
	int64_t updated_at;
};

struct report_action {
	int64_t id;
	int64_t workspace_id;
	const char *title;
	const char *owner;		/* name to show, "" if none */
	const char *due_on;		/* YYYY-MM-DD or NULL */
	enum action_status status;
	int progress;			/* 0..100 */
	int64_t session_id;		/* 0 = none */
	int64_t session_at;		/* that session's start, UTC */
	int64_t created_at, updated_at;
	int64_t owner_account_id;	/* 0 = none */
};

struct report_session {
	int64_t id;
	int64_t workspace_id;
	int64_t starts_at;		/* UTC seconds */
	enum session_mode mode;
	const char *place;
	const char *participants;	/* one per line */
	const char *agenda, *notes;	/* Markdown */
	int64_t nactions;		/* actions agreed in it */
};

/* A tutor municipality supporting a workspace's municipality. */
struct report_tutoring {
	const char *tutor_code;
	const char *tutor;		/* name in the wanted language */
	int64_t workspace_id;		/* 0 when the municipality has none */
};

/* Everything of one period the views and exports need. */
struct report_data {
	struct programme_period period;
	struct report_dimension *dims;
	size_t ndims;
	struct report_workspace *ws;	/* by municipality name */
	size_t nws;
	struct report_score *scores;
	size_t nscores;
	struct report_action *actions;	/* by municipality, then due date */
	size_t nactions;
	struct report_session *sessions;	/* by municipality, then time */
	size_t nsessions;
	struct report_tutoring *tutoring;	/* by tutor name */
	size_t ntutoring;
};

/* --- queries (report.c) --- */

/* The periods of region region_id (0: of every region), newest first,
 * names in l.  0 or -1. */
int report_periods(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, struct programme_period **out, size_t *n);

/* One period: 0 found, 1 not, -1 error. */
int report_period(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct programme_period *out);

/* Loads everything of period p (already read) into *d: 0 or -1. */
int report_load(struct db *db, struct arena *a, enum lang l,
    const struct programme_period *p, struct report_data *d);

/* The workspace with id `id` among d's, or NULL. */
/* The position of workspace id in d->ws (d->nws when absent). */
size_t report_ws_pos(const struct report_data *d, int64_t id);

const struct report_workspace *report_ws(const struct report_data *d,
    int64_t id);

/*
 * Whether u may have the exports of d's period at all: whoever manages its
 * region, or works on at least one of its workspaces.  Marks each
 * workspace of d that u works on.
 */
bool report_mark_visible(const struct user *u, struct report_data *d);

/* --- handlers (routes in src/app/routes.c) --- */

void report_view(struct request *r);		/* GET /:lang/programme/view */
void report_export_actions(struct request *r);	/* GET .../export/actions.csv */
void report_export_sessions(struct request *r);	/* GET .../export/sessions.csv */
void report_export_assessments(struct request *r);	/* GET .../export/assessments.csv */
void report_api_actions(struct request *r);	/* GET /api/v1/periods/:id/actions */

/* --- the view for templates/programme/report.tmpl --- */

/* A municipality's row of the view. */
struct report_row {
	const struct report_workspace *ws;
	int *start, *end;		/* per dimension, 0 = not assessed */
	int64_t by_status[ACTION_STATUS_COUNT];
	int64_t actions, overdue;
	int64_t open_at_end;		/* open when the period ended */
	int64_t held, upcoming;		/* sessions before and after now */
	double start_avg, end_avg;	/* over the dimensions scored, < 0 none */
};

/* The averages of one dimension over the workspaces that assessed it. */
struct report_average {
	const struct report_dimension *dim;
	double start, end;		/* < 0 when nobody assessed */
	int64_t nstart, nend;
};

/* An open action past its due date. */
struct report_late {
	const struct report_action *a;
	const struct report_workspace *ws;
	int days;			/* days late, >= 1 */
};

/* Sessions of the municipalities a tutor municipality supports. */
struct report_tutor_row {
	const char *code;
	const char *name;
	const char *municipalities;	/* names, ", " */
	int64_t held, upcoming;
};

struct report_view {
	const struct programme_period *periods;	/* the viewer's, newest first */
	size_t nperiods;
	bool many_regions;		/* periods of several regions */
	const struct programme_period *period;	/* shown; NULL: none exist */
	const struct report_data *d;
	const char *today;		/* YYYY-MM-DD */
	struct report_row *rows;	/* one per workspace */
	struct report_average *avgs;	/* one per dimension */
	bool any_scores;
	int64_t by_status[ACTION_STATUS_COUNT];
	int64_t actions, overdue;
	/* The period has ended: an action still open is "open at the end of
	 * the period" (open_at_end, listed in late with days 0), never so
	 * many days late as today would make it. */
	bool ended;
	int64_t open_at_end;
	struct report_late *late;	/* most days late first */
	size_t nlate;
	struct report_tutor_row *tutors;
	size_t ntutors;
	int64_t held, upcoming;
	struct chart scores_chart, status_chart, sessions_chart, tutors_chart;
	/* The three CSV exports: "/fi/programme/export/actions.csv"... */
	const char *export_actions, *export_sessions, *export_assessments;
};

/* x with `decimals` digits and the decimal mark of l ("3,5" / "3.5"). */
const char *report_number(struct view *v, double x, int decimals);

/* A period's name for the list: "2021 · sparring" (with the region when
 * many regions are shown). */
const char *report_period_label(struct view *v, const struct programme_period *p,
    bool with_region);

/* A stored YYYY-MM-DD as l writes dates ("30.11.2021"). */
const char *report_date(struct view *v, const char *ymd);

#endif

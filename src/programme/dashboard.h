/*
 * dashboard.h - what the programme says on a staff member's home page
 * (#12 item 8): the workspaces of the periods under way that the viewer
 * works on, with their sessions, actions and self-assessment, the actions
 * that are late or due soon, and the latest changes to actions.
 *
 * Which workspaces count is the policy's answer (report_mark_visible():
 * SCOPE_WORKED_ON): a coordinator gets the region's, a tutor the
 * municipalities they spar, a municipal coordinator their own.
 */
#ifndef TV_PROGRAMME_DASHBOARD_H
#define TV_PROGRAMME_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/user.h"
#include "base/arena.h"
#include "db/db.h"
#include "programme/rules.h"
#include "view/i18n.h"

#define DASH_SOON_DAYS 14	/* "due soon": within two weeks */
#define DASH_CHANGES 5		/* the latest changes shown */

/* One workspace of a period under way. */
struct dash_workspace {
	int64_t year;
	const char *code;		/* municipality */
	const char *municipality;	/* its name in the page's language */
	const char *tutors;		/* tutor municipalities, ", " */
	const char *period_ends;	/* YYYY-MM-DD */
	int64_t actions, done, open, overdue, due_soon;
	int64_t held, upcoming;		/* sessions before and after now */
	int64_t next_session, last_session;	/* UTC, 0 = none */
	int64_t dims;			/* dimensions of the self-assessment */
	int64_t start_scored, end_scored;	/* of them, scored */
};

/* An open action that is late or due soon. */
struct dash_action {
	const struct dash_workspace *ws;
	const char *title;
	const char *owner;		/* "" = none */
	const char *due_on;		/* YYYY-MM-DD */
	int days;			/* days left; < 0: late by -days */
	enum action_status status;
	int progress;
	bool mine;			/* the viewer owns it */
};

/* A recent change to an action. */
struct dash_change {
	const struct dash_workspace *ws;
	const char *title;
	enum action_status status;
	int progress;
	int64_t at;			/* UTC */
};

struct programme_dash {
	char today[11];			/* YYYY-MM-DD, Helsinki */
	struct dash_workspace *ws;	/* by period, then municipality */
	size_t nws;
	struct dash_action *due;	/* the latest first, then the soonest */
	size_t ndue;
	struct dash_change *changes;	/* newest first, at most DASH_CHANGES */
	size_t nchanges;
	int64_t overdue, due_soon;	/* totals over ws */
};

/*
 * Fills *out for user u at time `now`: the periods whose dates include
 * today, in u's region (every region for an administrator).  Nothing is
 * an error: no period under way gives nws 0.  0 or -1.
 */
int programme_dashboard(struct db *db, struct arena *a, enum lang l,
    const struct user *u, int64_t now, struct programme_dash *out);

#endif

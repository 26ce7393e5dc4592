/*
 * staff.h - the signed-in side: one's own account page (sessions, API
 * tokens, data) and the staff home with the municipalities one works on.
 */
#ifndef TV_STAFF_STAFF_H
#define TV_STAFF_STAFF_H

#include <stddef.h>

#include "auth/apitoken.h"
#include "auth/user.h"
#include "http/request.h"
#include "http/router.h"
#include "network/network.h"
#include "programme/programme.h"
#include "view/form.h"
#include "view/view.h"

struct ws_link;
struct programme_dash;
struct event_upcoming;
struct dir_hit;

struct account_page {
	const struct user *user;
	const char *role_label;
	struct apitoken *tokens;
	size_t ntokens;
	int64_t sessions;		/* open sessions of the account */
	const char *new_token;		/* shown once, right after creation */
	bool notify;			/* wants reminder e-mails */
	const char *token_name;		/* the new token's name, as written */
	bool token_write;		/* its scope, as chosen */
	struct form_errors errors;
	const char *notice;		/* msgid */
	const char *csrf;
};

struct staff_home {
	const struct user *user;
	const char *role_label;
	struct municipality *municipalities;	/* those the user works on */
	size_t nmunicipalities;
	bool may_admin;			/* show the administration links */
	bool may_programme;		/* periods, assignments, the network view */
	bool may_network;		/* organisations and people */
	bool may_events;		/* organise events */
	bool may_materials;		/* add materials, answer requests */
	bool may_news;			/* write news */
	bool may_badges;		/* make and award badges */
	bool may_encounters;		/* log encounters, see statistics */
	bool may_trainings;		/* trainings and their tests */
	bool may_directory;		/* keep service points */
	struct dir_hit *points;		/* a supporter's own service points */
	size_t npoints;
	struct ws_link *workspaces;	/* sparring workspaces one works on */
	size_t nworkspaces;
	/* The dashboard (#12 item 8): what needs the user first. */
	bool edits;			/* edits a municipality of their own
					 * (a municipal coordinator), not
					 * only sees it (a tutor) */
	struct programme_dash *dash;	/* programme/dashboard.h */
	struct event_upcoming *events;	/* events/events.h, soonest first */
	size_t nevents;
	int64_t requests;		/* material requests waiting */
	const char *today;		/* YYYY-MM-DD */
};

struct staff_municipality {
	struct municipality m;
	bool may_edit;			/* may edit the public support page */
	struct programme_period *periods;
	size_t nperiods;
	struct person *people;
	size_t npeople;
};

/* "3 days late", "due today", "due in 5 days" for days left (home.c). */
const char *staff_days_text(struct view *v, int days);

void staff_account(struct request *r);		/* GET /:lang/account */
void staff_signout_all(struct request *r);	/* POST /:lang/account/signout-all */
void staff_token_create(struct request *r);	/* POST /:lang/account/tokens */
void staff_token_revoke(struct request *r);	/* POST /:lang/account/tokens/:id/revoke */
void staff_token_revoke_confirm(struct request *r);	/* its GET: asks first */
/* The signed-in user's own token of :id that may still be revoked. */
extern const struct route_loader staff_own_token;
void staff_account_notify(struct request *r);	/* POST /:lang/account/notify */
void staff_home(struct request *r);		/* GET /:lang/staff */
void staff_municipality(struct request *r);	/* GET /:lang/staff/municipalities/:code */
void staff_api_me(struct request *r);		/* GET /api/v1/me */

#endif

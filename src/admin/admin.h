/*
 * admin.h - the administration pages: accounts (list, invitation, role and
 * scope, deactivation), the audit log and the accessibility feedback.
 *
 * Who may see and change which account is decided by auth/policy.h alone
 * (policy_manages_account()); these pages only ask.  An account the viewer
 * may not manage is answered as if it did not exist (404), so a coordinator
 * cannot learn which administrators or other regions' accounts exist.
 * Every change is one transaction together with its audit record and ends
 * in a redirect (POST -> 303 -> GET).
 */
#ifndef TV_ADMIN_ADMIN_H
#define TV_ADMIN_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/user.h"
#include "base/arena.h"
#include "db/db.h"
#include "feedback/feedback.h"
#include "http/request.h"
#include "http/router.h"
#include "network/network.h"
#include "view/form.h"

#define ADMIN_PAGE_SIZE 50	/* rows per page of the audit log and feedback */
#define ADMIN_PAGE_MAX 1000000	/* highest ?page= accepted */
#define ADMIN_QUERY_MAX 200	/* longest filter value (bytes) */

/* --- loaders.c --- */

/* The account of :id if the viewer may manage it (policy_manages_account()
 * on its role and region); the routes of one account name it. */
extern const struct route_loader admin_account_loader;

/* The account `id` if r's user may manage it: 0, DB_MISSING (unknown or
 * out of reach) or -1.  The loader's decision, for reading the account
 * again inside a write transaction. */
int admin_managed_account(struct request *r, struct db *db, int64_t id,
    struct account *acct);

/* --- pages.c: handlers (routes in src/app/routes.c) --- */

void admin_users(struct request *r);		/* GET  /:lang/admin/users */
void admin_invite(struct request *r);		/* POST /:lang/admin/users */
void admin_user(struct request *r);		/* GET  /:lang/admin/users/:id */
void admin_user_update(struct request *r);	/* POST /:lang/admin/users/:id */
void admin_user_deactivate(struct request *r);	/* POST .../:id/deactivate */
void admin_user_deactivate_confirm(struct request *r);	/* its GET: asks first */
/* GET .../:id/erase: asks before privacy_erase() (POST) erases the account. */
void admin_user_erase_confirm(struct request *r);
void admin_user_activate(struct request *r);	/* POST .../:id/activate */
void admin_user_reinvite(struct request *r);	/* POST .../:id/reinvite */
void admin_audit(struct request *r);		/* GET  /:lang/admin/audit */
void admin_feedback(struct request *r);		/* GET  /:lang/admin/feedback */

/* --- view structs for templates/admin/admin.tmpl --- */

/* The role and scope fields shared by the invitation and edit forms. */
struct admin_grant_form {
	const char *role;		/* the chosen role's name, or NULL */
	const char *municipality;	/* chosen code (municipal coordinator) */
	const char **scopes;		/* chosen codes (tutor) */
	size_t nscopes;
	bool may_grant[ROLE_COUNT];	/* roles offered in the select */
	const struct municipality *munis;	/* the region's municipalities */
	size_t nmunis;
};

struct admin_users_view {
	const char *csrf;
	const struct account_entry *accounts;	/* filtered, manageable */
	size_t naccounts;
	size_t total;			/* manageable before filtering */
	const char *filter_role;	/* as given */
	const char *filter_q;
	/* the invitation form */
	const char *email;
	const char *name;
	const char *invite_lang;	/* "fi", "sv", "en" */
	struct admin_grant_form grant;
	struct form_errors errors;	/* of the filters or the invitation */
	const char *invited;		/* address just invited, for the notice */
	const char *notice;		/* msgid */
};

struct admin_user_view {
	const char *csrf;
	const struct account *acct;
	const char *where;		/* municipality names */
	bool is_self;
	struct admin_grant_form grant;
	struct form_errors errors;
	const char *refusal;		/* msgid: a change that cannot be made */
	const char *notice;		/* msgid */
};

struct admin_audit_view {
	const char *email, *action, *object_type, *object_id, *from, *to;
	const struct audit_row *rows;
	size_t nrows;
	bool has_next, has_prev;	/* older and newer pages */
	bool scoped;			/* a coordinator: only their region */
	const char *query;		/* the filters as a query string */
	struct form_errors errors;
};

struct admin_feedback_view {
	const struct feedback_row *rows;
	size_t nrows;
	int64_t page;
	bool has_next;
	struct form_errors errors;
};

/* True when code is among the chosen codes of g (for checkboxes). */
bool admin_grant_has_scope(const struct admin_grant_form *g, const char *code);

/* The label of a language code for the invitation's language select. */
const char *admin_lang_name(const char *code);

#endif

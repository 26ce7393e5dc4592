/*
 * account.c - the account page: who one is, signing out everywhere, API
 * tokens.
 *
 * A new API token is shown exactly once: the POST that creates it renders
 * the page directly (no redirect) with Cache-Control: no-store, since a
 * redirect would need the secret in a URL or stored in clear.  That is the
 * one deliberate exception to POST -> redirect -> GET here; reloading the
 * page asks the browser to resend, which creates another token, not a copy.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/response.h"
#include "http/server.h"
#include "http/urls.h"
#include "programme/workspace.h"
#include "staff/staff.h"
#include "tmpl_staff.h"
#include "view/form.h"
#include "view/page.h"

static const char *const token_scopes[] = { "read", "write" };
static const char *const notify_choices[] = { "off", "on" };

/* The signed-in user's own token named by :id, if it may still be
 * revoked: another account's token is no different from an unknown one,
 * so ids cannot be probed. */
static int
account_load_token(struct request *r, void **obj, struct object_scope *scope)
{
	struct apitoken *t;
	struct db *db;
	int64_t id;
	int rc;

	(void)scope;
	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	t = arena_calloc(&r->arena, 1, sizeof(*t));
	rc = apitoken_own_valid(db, &r->arena, r->user.id, id, t);
	*obj = t;
	/* The server ends a page's read snapshot after its handler; when the
	 * guard refuses, none runs: end what request_db() began here. */
	if (rc != 0)
		request_db_release(r);
	return rc;
}

const struct route_loader staff_own_token = {
	"own-api-token", account_load_token, SCOPE_ANYONE,
};

static void
account_render(struct request *r, int status, struct account_page *ap)
{
	struct db *db = request_db(r);
	struct view v;
	struct page p;

	if (db == NULL || apitoken_list(db, &r->arena, r->user.id, &ap->tokens,
	    &ap->ntokens) != 0 ||
	    session_count(db, r->user.id, &ap->sessions) != 0) {
		response_unavailable(r);
		return;
	}
	ap->user = &r->user;
	ap->role_label = i18n_text(r->lang, role_label_msgid(r->user.role));
	ap->notify = account_notify(db, r->user.id) == 1;
	ap->csrf = csrf_token(r);
	if (ap->notice == NULL && kv_get(&r->query, "done") != NULL)
		ap->notice = N_("Done.");
	page_begin_staff(r, status, i18n_text(r->lang, "Your account"), &v, &p);
	page_form_errors(&p, &ap->errors);
	page_crumb(&p, p.title, NULL);
	page_account(&v, &p, ap);
}

void
staff_account(struct request *r)
{
	struct account_page ap;

	memset(&ap, 0, sizeof(ap));
	account_render(r, 200, &ap);
}

void
staff_signout_all(struct request *r)
{
	struct db *db = request_db(r);
	int64_t now = time_now();

	if (response_begin_tx(r, db) != 0)
		return;
	if (session_destroy_all(db, r->user.id) != 0 ||
	    audit_commit(r, db, "account.signout-everywhere", "account",
	    r->user.id, "", now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_header(r, "Set-Cookie", server_request_is_tls(r) ?
	    SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure" :
	    SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
	response_redirect(r, 303,
	    url_for(&r->arena, r->lang, "auth.signin-form", NULL));
}

void
staff_token_create(struct request *r)
{
	struct account_page ap;
	struct form f;
	struct db *db = request_db(r);
	int64_t now = time_now(), id;
	int scope;

	memset(&ap, 0, sizeof(ap));
	form_begin(&f, r);
	ap.token_name = form_text(&f, "name", FORM_REQUIRED, APITOKEN_NAME_MAX,
	    N_("Give the token a name of at most 100 characters, e.g. the program that uses it."));
	scope = form_choice(&f, "scope", token_scopes, 2, FORM_REQUIRED,
	    N_("Choose what the token may do."));
	ap.token_write = scope == 1;
	if (!form_ok(&f)) {
		ap.errors = form_errors(&f);
		account_render(r, 400, &ap);
		return;
	}
	ap.token_name = NULL;	/* the next token starts empty */
	if (response_begin_tx(r, db) != 0)
		return;
	id = apitoken_create(db, &r->arena, r->user.id,
	    form_value(&f, "name"), scope == 1, now, &ap.new_token);
	if (id < 0 || audit_commit(r, db, "token.create", "api_token", id,
	    token_scopes[scope], now) != 0) {
		response_rollback(r, db);
		return;
	}
	account_render(r, 200, &ap);
}

/* The token is the user's own (staff_own_token); revoked by a second tab
 * in the meantime, it is revoked as asked and nothing more is recorded. */
void
staff_token_revoke(struct request *r)
{
	const struct apitoken *t = request_object(r);
	struct db *db = request_db(r);
	int64_t now = time_now();
	int rc;

	if (response_begin_tx(r, db) != 0)
		return;
	rc = apitoken_revoke(db, r->user.id, t->id, now);
	if (rc == 1)
		db_rollback(db);
	else if (rc != 0 || audit_commit(r, db, "token.revoke", "api_token",
	    t->id, "", now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=revoked",
	    url_for(&r->arena, r->lang, "account.page", NULL)));
}

/* Revoking a token is asked on its own page (#12 item 6): a program that
 * uses it stops working at once. */
void
staff_token_revoke_confirm(struct request *r)
{
	const struct apitoken *t = request_object(r);
	struct view v;
	struct page p;
	struct confirm c;
	const char *title = i18n_text(r->lang, "Revoke the access token");

	confirm_init(&c, r, csrf_token(r));
	c.subject = t->name;
	if (t->revoked_at)
		c.refusal = i18n_text(r->lang, "The access token is revoked already.");
	c.consequence = i18n_text(r->lang, "Programs that use the token can no longer reach the service with it, from this moment on.");
	c.note = i18n_text(r->lang, "This cannot be undone; you can create a new token.");
	c.button = i18n_text(r->lang, "Yes, revoke the token");
	c.back_href = url_for(&r->arena, r->lang, "account.page", NULL);
	c.back_label = i18n_text(r->lang, "No, back to your account");
	page_init(&p, &v, r, title);
	page_crumb(&p, i18n_text(r->lang, "Your pages"),
	    url_for(&r->arena, r->lang, "staff.home", NULL));
	page_crumb(&p, i18n_text(r->lang, "Your account"), c.back_href);
	page_crumb(&p, title, NULL);
	page_confirm(r, &v, &p, 200, &c);
}

/* The wish for reminder e-mails (actions due, overdue, the tutors' weekly
 * digest): "on" or "off". */
void
staff_account_notify(struct request *r)
{
	struct account_page ap;
	struct form f;
	struct db *db = request_db(r);
	int64_t now = time_now();
	int on;

	memset(&ap, 0, sizeof(ap));
	form_begin(&f, r);
	on = form_choice(&f, "notify", notify_choices, 2, FORM_REQUIRED,
	    N_("Choose whether you want reminders by e-mail."));
	if (!form_ok(&f)) {
		ap.errors = form_errors(&f);
		account_render(r, 400, &ap);
		return;
	}
	if (response_begin_tx(r, db) != 0)
		return;
	if (account_set_notify(db, r->user.id, on == 1) != 0 ||
	    audit_commit(r, db, "account.notify", "account", r->user.id,
	    notify_choices[on], now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "%s?done=notify#reminders",
	    url_for(&r->arena, r->lang, "account.page", NULL)));
}

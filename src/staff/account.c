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
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/session.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/response.h"
#include "http/server.h"
#include "programme/workspace.h"
#include "staff/staff.h"
#include "tmpl_staff.h"
#include "view/form.h"
#include "view/page.h"

/* The account's open sessions; 0 when they cannot be counted.  The
 * session table is auth's: this belongs in auth/session.h once auth
 * publishes a count. */
static int64_t
account_session_count(struct db *db, int64_t account_id)
{
	int64_t n;

	return db_int64(db, "SELECT count(*) FROM session WHERE account_id = ?1",
	    DB_ARGS(db_int(account_id)), &n) == 0 ? n : 0;
}

static void
account_render(struct request *r, int status, struct account_page *ap)
{
	struct db *db = request_db(r);
	struct view v;
	struct page p;

	if (db == NULL || apitoken_list(db, &r->arena, r->user.id, &ap->tokens,
	    &ap->ntokens) != 0) {
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	ap->user = &r->user;
	ap->role_label = i18n_text(r->lang, role_label_msgid(r->user.role));
	ap->sessions = account_session_count(db, r->user.id);
	ap->notify = workspace_notify(db, r->user.id) == 1;
	ap->csrf = csrf_token(r);
	if (ap->token_name == NULL)
		ap->token_name = "";
	if (ap->notice == NULL && kv_get(&r->query, "done") != NULL)
		ap->notice = N_("Done.");
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(&p, &v, r, i18n_text(r->lang, "Your account"));
	page_form_errors(&p, &ap->errors);
	page_crumb(&p, i18n_text(r->lang, "Your pages"),
	    arena_printf(&r->arena, "/%s/staff", lang_code(r->lang)));
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

	if (db == NULL || db_begin(db) != 0) {
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	if (session_destroy_all(db, r->user.id) != 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    "account.signout-everywhere", "account",
	    arena_printf(&r->arena, "%lld", (long long)r->user.id), "", now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	response_header(r, "Set-Cookie", server_request_is_tls(r) ?
	    SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure" :
	    SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
	response_redirect(r, 303, arena_printf(&r->arena, "/%s/signin",
	    lang_code(r->lang)));
}

void
staff_token_create(struct request *r)
{
	static const char *const scopes[] = { "read", "write" };
	struct account_page ap;
	struct form f;
	struct db *db = request_db(r);
	int64_t now = time_now(), id;
	int scope;

	memset(&ap, 0, sizeof(ap));
	form_begin(&f, r);
	ap.token_name = form_text(&f, "name", FORM_REQUIRED, APITOKEN_NAME_MAX,
	    N_("Give the token a name of at most 100 characters, e.g. the program that uses it."));
	scope = form_choice(&f, "scope", scopes, 2, FORM_REQUIRED,
	    N_("Choose what the token may do."));
	if (!form_ok(&f)) {
		ap.errors = form_errors(&f);
		account_render(r, 400, &ap);
		return;
	}
	if (db == NULL || db_begin(db) != 0) {
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	id = apitoken_create(db, &r->arena, r->user.id, ap.token_name,
	    scope == 1, now, &ap.new_token);
	ap.token_name = "";
	if (id < 0 || audit_record(db, r->user.id, request_address(r),
	    "token.create", "api_token", arena_printf(&r->arena, "%lld",
	    (long long)id), scopes[scope], now) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	account_render(r, 200, &ap);
}

void
staff_token_revoke(struct request *r)
{
	const char *ids = request_param(r, "id");
	struct db *db = request_db(r);
	int64_t now = time_now(), id;
	int rc;

	if (id_parse(ids, &id) != 0) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	if (db == NULL || db_begin(db) != 0) {
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	rc = apitoken_revoke(db, r->user.id, id, now);
	if (rc == 1) {
		/* Another account's token, or one already revoked: the same
		 * answer, so ids cannot be probed. */
		db_rollback(db);
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	if (rc != 0 || audit_record(db, r->user.id, request_address(r),
	    "token.revoke", "api_token", ids, "", now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "/%s/account?done=revoked",
	    lang_code(r->lang)));
}

/* The wish for reminder e-mails (actions due, overdue, the tutors' weekly
 * digest): "on" or "off". */
void
staff_account_notify(struct request *r)
{
	static const char *const choices[] = { "off", "on" };
	struct account_page ap;
	struct form f;
	struct db *db = request_db(r);
	int64_t now = time_now();
	int on;

	memset(&ap, 0, sizeof(ap));
	form_begin(&f, r);
	on = form_choice(&f, "notify", choices, 2, FORM_REQUIRED,
	    N_("Choose whether you want reminders by e-mail."));
	if (!form_ok(&f)) {
		ap.errors = form_errors(&f);
		account_render(r, 400, &ap);
		return;
	}
	if (db == NULL || db_begin(db) != 0) {
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	if (workspace_set_notify(db, r->user.id, on == 1) != 0 ||
	    audit_record(db, r->user.id, request_address(r), "account.notify",
	    "account", arena_printf(&r->arena, "%lld", (long long)r->user.id),
	    choices[on], now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/account?done=notify#reminders", lang_code(r->lang)));
}

/*
 * pages.c - the sign-in and password pages.
 *
 * Enumeration: no message, status or timing tells whether an address has
 * an account.  A wrong password and an unknown address give the same
 * answer after the same argon2id work (password_burn()), and a reset
 * request for any address answers "if the address is registered, we sent
 * a link" after the same database writes (the throttle counter, and for a
 * known address the outbox row, in one transaction either way).
 */
#include <microhttpd.h>
#include <string.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/pages.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/hashq.h"
#include "auth/throttle.h"
#include "base/log.h"
#include "base/settings.h"
#include "base/time.h"
#include "http/response.h"
#include "http/server.h"
#include "http/urls.h"
#include "mail/mail.h"
#include "tmpl_auth.h"
#include "view/page.h"

const char *
auth_link(struct request *r, const char *path)
{
	return arena_printf(&r->arena, "%s%s", config_get()->base_url, path);
}

/*
 * A "next" target must be a path on this site: "/x", never "//host" or
 * "http://..." (an open redirect would make phishing links look ours).
 * URL parsers drop tabs and newlines and read a backslash as a slash, so
 * "/\t/evil.example" is "//evil.example" to a browser: no control
 * character and no backslash anywhere.
 */
static const char *
auth_safe_next(const char *next)
{
	size_t i;

	if (next == NULL || next[0] != '/' || next[1] == '/' ||
	    strlen(next) > 500)
		return NULL;
	for (i = 0; next[i] != '\0'; i++)
		if ((unsigned char)next[i] < 0x20 || next[i] == 0x7f ||
		    next[i] == '\\')
			return NULL;
	return next;
}

typedef void (*auth_page_fn)(struct view *, const struct page *,
    const struct auth_view *);

static void
auth_render(struct request *r, int status, const char *title_msgid,
    auth_page_fn render, struct auth_view *av)
{
	struct view v;
	struct page p;

	av->csrf = csrf_token(r);
	page_begin(r, status, i18n_text(r->lang, title_msgid), &v, &p);
	page_form_errors(&p, &av->errors);
	page_crumb(&p, p.title, NULL);
	render(&v, &p, av);
}

/* The form again with its mistakes, 400. */
static void
auth_mistakes(struct request *r, const char *title_msgid, auth_page_fn render,
    struct auth_view *av, const struct form *f)
{
	av->errors = form_errors(f);
	auth_render(r, 400, title_msgid, render, av);
}

/* The page of a refused link: the form is gone, a new link is offered. */
static void
auth_dead_link(struct request *r, int status, struct auth_view *av)
{
	av->token = NULL;
	av->refusal = N_("The link has expired or has already been used.");
	auth_render(r, status, "Choose a password", page_set_password, av);
}

static void
auth_message(struct request *r, int status, const char *title_msgid,
    const char *message_msgid)
{
	struct view v;
	struct page p;

	page_begin(r, status, i18n_text(r->lang, title_msgid), &v, &p);
	page_crumb(&p, p.title, NULL);
	page_message(&v, &p, i18n_text(r->lang, message_msgid));
}

static void
auth_session_cookie(struct request *r, const char *token, int64_t max_age)
{
	response_header(r, "Set-Cookie", arena_printf(&r->arena,
	    SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%lld%s",
	    token, (long long)max_age, server_request_is_tls(r) ? "; Secure" : ""));
}

void
auth_signin_form(struct request *r)
{
	struct auth_view av;

	if (r->user.id != 0) {
		response_redirect(r, 303, url_for(&r->arena, r->lang,
		    "staff.home", NULL));
		return;
	}
	memset(&av, 0, sizeof(av));
	av.next = auth_safe_next(kv_get(&r->query, "next"));
	if (kv_get(&r->query, "done") != NULL)
		av.notice = N_("Your password is saved. Sign in with it.");
	auth_render(r, 200, "Sign in", page_signin, &av);
}

/* Answers 429 with Retry-After when either key is blocked; true if so. */
static bool
auth_throttled(struct request *r, struct db *db, const char *akey,
    const char *ikey, struct auth_view *av, const char *title,
    auth_page_fn render)
{
	int64_t wait = throttle_wait_both(db, akey, ikey, time_now());

	if (wait <= 0)
		return false;
	av->refusal = N_("Too many attempts. Wait a quarter of an hour and try again.");
	auth_render(r, 429, title, render, av);
	response_header(r, MHD_HTTP_HEADER_RETRY_AFTER,
	    arena_printf(&r->arena, "%lld", (long long)wait));
	return true;
}

/*
 * A sign-in in two steps, so that argon2id never runs on a pool thread
 * (auth/hashq.h).  First, in one transaction, the throttle is checked and
 * the attempt counted at once - a burst of concurrent guesses cannot all
 * pass the check before any is counted - and the account is read.  The
 * verification (or, for an unknown address, the same work spent for
 * nothing) then runs on the password queue while the request waits without
 * a thread; signin_finish() answers.  The mistakes a form can show depend
 * on what was written only (an empty field, something that is no
 * address); everything else that fails is the one message for an unknown
 * address and a wrong password alike.
 */
struct signin {
	struct hashq_job job;
	struct request *r;
	struct auth_view av;
	struct form f;
	struct account acct;
	const char *akey, *ikey, *address;
	bool verify;		/* an active account with a password */
	bool refused;		/* the queue was full */
};

static void
signin_resume(void *arg)
{
	struct signin *s = arg;

	request_resume(s->r);
}

static void
signin_finish(struct request *r, void *arg)
{
	struct signin *s = arg;
	const char *token, *csrf;
	struct db *db = request_db(r);
	int64_t now = time_now();

	if (s->refused) {
		response_unavailable(r);
		response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
		return;
	}
	if (!(s->verify && s->job.ok)) {
		/* The attempt was counted before the work began. */
		if (form_ok(&s->f))
			form_error(&s->f, "email", N_("The e-mail address or the password is wrong."));
		auth_mistakes(r, "Sign in", page_signin, &s->av, &s->f);
		return;
	}
	if (response_begin_tx(r, db) != 0)
		return;
	/* A fresh session id at every sign-in: an id planted before (session
	 * fixation) never becomes a signed-in one; the old one is ended.  The
	 * account's count starts again; the address gets its attempt back. */
	if (request_cookie(r, SESSION_COOKIE) != NULL)
		session_destroy(db, request_cookie(r, SESSION_COOKIE));
	if (throttle_clear(db, s->akey) != 0 ||
	    throttle_forgive(db, s->ikey, THROTTLE_ADDRESS_MAX) != 0 ||
	    (s->job.rehashed && account_set_password(db, s->acct.id,
	    s->job.rehash) != 0) ||
	    account_touch_login(db, s->acct.id, now) != 0 ||
	    session_create(db, &r->arena, s->acct.id, now, &token, &csrf) != 0 ||
	    audit_record(db, s->acct.id, s->address, "account.signin",
	    "account", arena_printf(&r->arena, "%lld", (long long)s->acct.id),
	    s->job.rehashed ? "password rehashed" : "", now) != 0 ||
	    db_commit(db) != 0) {
		response_rollback(r, db);
		return;
	}
	auth_session_cookie(r, token, session_max_age());
	response_redirect(r, 303, s->av.next ? s->av.next :
	    url_for(&r->arena, r->lang, "staff.home", NULL));
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
}

/* Checks the throttle and counts this attempt, and reads the account, in
 * one transaction.  0 to go on; -1 when the answer has been given. */
static int
signin_count(struct request *r, struct db *db, struct signin *s,
    const char *email)
{
	int64_t now = time_now(), wait;
	int found;

	if (response_begin_tx(r, db) != 0)
		return -1;
	if ((wait = throttle_wait_both(db, s->akey, s->ikey, now)) < 0) {
		response_rollback(r, db);
		return -1;
	}
	if (wait > 0) {
		db_rollback(db);
		s->av.refusal = N_("Too many attempts. Wait a quarter of an hour and try again.");
		auth_render(r, 429, "Sign in", page_signin, &s->av);
		response_header(r, MHD_HTTP_HEADER_RETRY_AFTER,
		    arena_printf(&r->arena, "%lld", (long long)wait));
		return -1;
	}
	found = email && s->job.pw ? account_by_email(db, &r->arena, email,
	    &s->acct) : 1;
	if (found < 0 ||
	    throttle_fail(db, s->akey, THROTTLE_ACCOUNT_MAX, now) != 0 ||
	    throttle_fail(db, s->ikey, THROTTLE_ADDRESS_MAX, now) != 0 ||
	    db_commit(db) != 0) {
		response_rollback(r, db);
		return -1;
	}
	s->verify = found == 0 && s->acct.active &&
	    s->acct.password_hash != NULL;
	return 0;
}

void
auth_signin(struct request *r)
{
	struct signin *s = arena_calloc(&r->arena, 1, sizeof(*s));
	const char *email, *pw = kv_get(&r->form, "password");
	struct db *db = response_db(r);

	s->r = r;
	form_begin(&s->f, r);
	s->av.email = form_value(&s->f, "email");
	s->av.next = auth_safe_next(kv_get(&r->form, "next"));
	if (db == NULL)
		return;
	if ((email = account_normalise_email(&r->arena, s->av.email)) == NULL)
		form_error(&s->f, "email", N_("Write the e-mail address in the form name@example.fi."));
	/* A password is read as sent: spaces at its ends are part of it. */
	if (pw == NULL || pw[0] == '\0')
		form_error(&s->f, "password", N_("Write your password."));
	if (pw == NULL || pw[0] == '\0' || strlen(pw) > PASSWORD_MAX_BYTES)
		pw = NULL;
	s->job.pw = pw;
	s->address = request_address(r);
	s->akey = throttle_account_key(&r->arena, "signin", email ? email : "");
	s->ikey = throttle_address_key(&r->arena, s->address);
	if (signin_count(r, db, s, email) != 0)
		return;
	if (!s->verify && pw == NULL) {
		signin_finish(r, s);	/* nothing to hash */
		return;
	}
	s->job.kind = s->verify ? HASHQ_VERIFY : HASHQ_BURN;
	s->job.stored = s->verify ? s->acct.password_hash : NULL;
	s->job.done = signin_resume;
	s->job.arg = s;
	if (!request_defer(r, signin_finish, s)) {
		/* Shutting down: no deferral any more; answer here. */
		hashq_run(&s->job);
		signin_finish(r, s);
		return;
	}
	if (hashq_submit(&s->job) != 0) {
		s->refused = true;
		request_resume(r);
	}
}

void
auth_signout(struct request *r)
{
	const char *cookie = request_cookie(r, SESSION_COOKIE);
	struct db *db = request_db(r);
	int64_t now = time_now();

	if (db != NULL && cookie != NULL && db_begin(db) == 0) {
		if (session_destroy(db, cookie) != 0 ||
		    (r->user.id != 0 && audit_record(db, r->user.id,
		    request_address(r), "account.signout", "account",
		    arena_printf(&r->arena, "%lld", (long long)r->user.id), "",
		    now) != 0) || db_commit(db) != 0)
			db_rollback(db);
	}
	auth_session_cookie(r, "", 0);
	response_redirect(r, 303, url_for(&r->arena, r->lang, "network.front",
	    NULL));
}

void
auth_forgot_form(struct request *r)
{
	struct auth_view av;

	memset(&av, 0, sizeof(av));
	auth_render(r, 200, "Forgot your password?", page_forgot, &av);
}

void
auth_forgot(struct request *r)
{
	struct auth_view av;
	struct form f;
	struct account acct;
	const char *email, *akey, *ikey, *secret, *address = request_address(r);
	struct db *db = response_db(r);
	int64_t now = time_now();
	int found;

	memset(&av, 0, sizeof(av));
	form_begin(&f, r);
	av.email = form_value(&f, "email");
	if (db == NULL)
		return;
	if ((email = account_normalise_email(&r->arena, av.email)) == NULL) {
		form_error(&f, "email", N_("Write the e-mail address in the form name@example.fi."));
		auth_mistakes(r, "Forgot your password?", page_forgot, &av, &f);
		return;
	}
	akey = throttle_account_key(&r->arena, "reset", email);
	ikey = throttle_address_key(&r->arena, address);
	if (auth_throttled(r, db, akey, ikey, &av, "Forgot your password?",
	    page_forgot))
		return;
	found = account_by_email(db, &r->arena, email, &acct);
	if (found < 0 || db_begin(db) != 0) {
		response_unavailable(r);
		return;
	}
	/* Every request counts against the limits, found or not: the
	 * counters are the brake on mail bombing and on probing. */
	if (throttle_fail(db, akey, THROTTLE_ACCOUNT_MAX, now) != 0 ||
	    throttle_fail(db, ikey, THROTTLE_ADDRESS_MAX, now) != 0)
		goto fail;
	if (found == 0 && acct.active) {
		const char *link, *body;

		if (account_token_create(db, &r->arena, acct.id, "reset",
		    RESET_TTL, now, &secret) != 0)
			goto fail;
		link = arena_printf(&r->arena, "%s?token=%s",
		    url_abs_for(&r->arena, r->lang, "auth.set-form", NULL),
		    secret);
		body = arena_printf(&r->arena, "%s\n\n%s\n\n%s\n",
		    i18n_text(r->lang, "Someone asked for a new password for your account. Choose a new password at this address within an hour:"),
		    link,
		    i18n_text(r->lang, "If it was not you, you can ignore this message; your password stays as it is."));
		if (mail_enqueue_account(db, lang_code(r->lang), acct.email,
		    i18n_text(r->lang,
		    "A new password for the digital support network"), body,
		    now) != 0 ||
		    audit_record(db, acct.id, address, "account.reset-requested",
		    "account", arena_printf(&r->arena, "%lld", (long long)acct.id),
		    "", now) != 0)
			goto fail;
	}
	if (db_commit(db) != 0)
		goto fail;
	response_redirect(r, 303, url_for(&r->arena, r->lang,
	    "auth.forgot-sent", NULL));
	return;
fail:
	response_rollback(r, db);
}

void
auth_forgot_sent(struct request *r)
{
	auth_message(r, 200, "Check your e-mail",
	    "If the address belongs to an account, we have sent a link to it. The link works for one hour. Check also your spam folder.");
}

void
auth_set_form(struct request *r)
{
	struct auth_view av;
	struct account acct;
	const char *purpose;
	struct db *db = response_db(r);
	int64_t account_id;
	int rc;

	memset(&av, 0, sizeof(av));
	av.token = kv_get(&r->query, "token");
	if (db == NULL)
		return;
	rc = av.token ? account_token_peek(db, &r->arena, av.token, time_now(),
	    &account_id, &purpose) : 1;
	if (rc < 0) {
		response_unavailable(r);
		return;
	}
	if (rc == 1) {
		auth_dead_link(r, 410, &av);
		return;
	}
	if (account_by_id(db, &r->arena, account_id, &acct) == 0)
		av.email = acct.email;
	auth_render(r, 200, "Choose a password", page_set_password, &av);
}

/*
 * The token is used in the same transaction that saves the password, so
 * two tabs sending the same link cannot both succeed; every session of the
 * account ends, since whoever knew the old password must not stay signed
 * in.
 */
void
auth_set(struct request *r)
{
	struct auth_view av;
	struct form f;
	struct account acct;
	/* Passwords are read as sent: spaces at their ends are part of them. */
	const char *pw = kv_get(&r->form, "password");
	const char *pw2 = kv_get(&r->form, "password2");
	const char *purpose, *problem, *token, *acct_email = NULL;
	struct db *db = response_db(r);
	char hash[PASSWORD_HASH_MAX];
	int64_t now = time_now(), account_id;
	int rc;

	memset(&av, 0, sizeof(av));
	form_begin(&f, r);
	token = av.token = kv_get(&r->form, "token");
	if (db == NULL)
		return;
	rc = token ? account_token_peek(db, &r->arena, token, now,
	    &account_id, &purpose) : 1;
	if (rc != 0) {
		auth_dead_link(r, rc < 0 ? 503 : 410, &av);
		return;
	}
	if (pw == NULL)
		pw = "";
	if ((problem = password_check_new(pw)) != NULL)
		form_error(&f, "password", problem);
	if (pw2 == NULL || strcmp(pw, pw2) != 0)
		form_error(&f, "password2", N_("The two passwords are not the same."));
	if (!form_ok(&f)) {
		auth_mistakes(r, "Choose a password", page_set_password, &av, &f);
		return;
	}
	if (password_hash(pw, hash) != 0 || db_begin(db) != 0) {
		response_unavailable(r);
		return;
	}
	if (account_by_id(db, &r->arena, account_id, &acct) == 0)
		acct_email = acct.email;
	rc = account_token_use(db, token, now);
	if (rc != 0) {
		db_rollback(db);
		auth_dead_link(r, rc < 0 ? 503 : 410, &av);
		return;
	}
	/* A new password starts with a clean slate: the owner must not be
	 * kept out by the guesses that may have made them reset it. */
	if (account_set_password(db, account_id, hash) != 0 ||
	    session_destroy_all(db, account_id) != 0 ||
	    (acct_email != NULL && throttle_clear(db, throttle_account_key(
	    &r->arena, "signin", acct_email)) != 0) ||
	    audit_record(db, account_id, request_address(r),
	    strcmp(purpose, "invite") == 0 ? "account.invite-accepted" :
	    "account.password-reset", "account",
	    arena_printf(&r->arena, "%lld", (long long)account_id), "", now) != 0 ||
	    db_commit(db) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=password",
	    url_for(&r->arena, r->lang, "auth.signin-form", NULL)));
}

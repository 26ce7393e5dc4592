/*
 * pages.c - the administration pages: accounts, the audit log and the
 * accessibility feedback.
 *
 * The server's guard has already checked the route's action (ACT_USERS,
 * ACT_AUDIT, ACT_FEEDBACK), for POSTs the CSRF token, and for the routes
 * of one account that the viewer may manage it (admin_account_loader: an
 * account out of reach is 404 exactly like an unknown id).  A change that
 * would give a role or region the viewer may not grant is refused with
 * 403.
 *
 * Every change reads the account again inside its write transaction (so
 * the checks see what the change will change), writes its audit record in
 * the same transaction and answers 303.  A form with mistakes is shown
 * again with the values kept, every mistake named, a 4xx status and
 * nothing written.
 *
 * Invitation links are sent only by e-mail and never shown on a page: the
 * link sets the password of the account, so whoever holds it can become
 * that person.  Keeping it out of pages and redirect URLs keeps it out of
 * browser history, screen shares and proxy logs, and makes the invited
 * person prove they read the address they were invited at.  (An operator
 * without working mail can still use `tukiverkko user add`, which prints
 * the link on the server's console.)
 */
#include <string.h>

#include "admin/admin.h"
#include "auth/account.h"
#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/pages.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "base/str.h"
#include "base/time.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "mail/mail.h"
#include "tmpl_admin.h"
#include "view/escape.h"
#include "view/form.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define FILTER_MAX 100		/* action, object type and id filters */

/* --- small parsers --- */

/*
 * The audit log's page cursor, ?after=AT.ID (older records) or
 * ?before=AT.ID (newer ones), as its links write it: *dir 1, -1, or 0
 * for the newest.  0, or -1 for one that is not a cursor.
 */
static int
admin_cursor(struct request *r, int *dir, int64_t *at, int64_t *id)
{
	const char *after = kv_get(&r->query, "after");
	const char *before = kv_get(&r->query, "before");
	const char *c, *dot;
	char head[24];

	*dir = 0;
	if (after == NULL && before == NULL)
		return 0;
	if (after != NULL && before != NULL)
		return -1;
	c = after != NULL ? after : before;
	if ((dot = strchr(c, '.')) == NULL || (size_t)(dot - c) >= sizeof(head))
		return -1;
	memcpy(head, c, (size_t)(dot - c));
	head[dot - c] = '\0';
	if (id_parse(head, at) != 0 || id_parse(dot + 1, id) != 0)
		return -1;
	*dir = after != NULL ? 1 : -1;
	return 0;
}

/* ?page=N: absent is 1; otherwise 1..ADMIN_PAGE_MAX.  0 or -1. */
static int
admin_parse_page(const char *s, int64_t *out)
{
	int64_t v;

	if (s == NULL) {
		*out = 1;
		return 0;
	}
	if (id_parse(s, &v) != 0 || v > ADMIN_PAGE_MAX)
		return -1;
	*out = v;
	return 0;
}

static bool
admin_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * A Helsinki date "YYYY-MM-DD": *start is its first second, *next the
 * first second of the day after (computed on the calendar, not by adding
 * 86400, which is wrong on the days clocks change).  0 or -1.
 */
static int
admin_parse_date(struct arena *a, const char *s, int64_t *start, int64_t *next)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, dim;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (time_parse_local(arena_printf(a, "%s 00:00", s), start) != 0)
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	dim = mdays[m - 1] + (m == 2 && admin_leap(y));
	if (++d > dim) {
		d = 1;
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return time_parse_local(arena_printf(a, "%04d-%02d-%02d 00:00", y, m, d),
	    next);
}

/* A copy of s with ASCII and Latin-1 capitals (Ä, Ö, Å, É...) in lower
 * case, for a search that ignores case. */
static const char *
admin_fold(struct arena *a, const char *s)
{
	char *f = arena_strdup(a, s);
	size_t i;

	for (i = 0; f[i] != '\0'; i++) {
		unsigned char c = (unsigned char)f[i];

		if (c >= 'A' && c <= 'Z')
			f[i] = (char)(c + 32);
		else if (c == 0xc3 && (unsigned char)f[i + 1] >= 0x80 &&
		    (unsigned char)f[i + 1] <= 0x9e &&
		    (unsigned char)f[i + 1] != 0x97) {
			f[i + 1] = (char)((unsigned char)f[i + 1] + 0x20);
			i++;
		}
	}
	return f;
}

/* A copy of s with A-Z in lower case, as account_normalise_email() stores
 * addresses. */
static const char *
admin_ascii_lower(struct arena *a, const char *s)
{
	char *f = arena_strdup(a, s);
	size_t i;

	for (i = 0; f[i] != '\0'; i++)
		if (f[i] >= 'A' && f[i] <= 'Z')
			f[i] = (char)(f[i] + 32);
	return f;
}

/* s without leading and trailing spaces and tabs (arena copy). */
static const char *
admin_trim(struct arena *a, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

/* --- helpers shared with the template --- */

bool
admin_grant_has_scope(const struct admin_grant_form *g, const char *code)
{
	return str_index(code, g->scopes, g->nscopes) >= 0;
}

const char *
admin_lang_name(const char *code)
{
	if (strcmp(code, "sv") == 0)
		return "Svenska";
	if (strcmp(code, "en") == 0)
		return "English";
	return "Suomi";
}

/* --- the region, the municipalities and the role fields --- */

/*
 * The region an account gets or keeps: its own when it has one (the
 * loader has made sure the viewer manages it), else the region a new
 * object of the viewer's goes into.  *out is 0 on a site without a
 * network yet (no municipality can then be chosen, and the policy refuses
 * every regional role).  0, or -1 on a database error.
 */
static int
admin_region(struct request *r, struct db *db, int64_t account_region,
    int64_t *out)
{
	*out = account_region;
	return account_region != 0 ? 0 :
	    network_home_region(db, &r->user, out);
}

/* Fills the choices of the role fields: the region's municipalities and
 * the roles the viewer may grant there.  0 or -1. */
static int
admin_grant_prepare(struct request *r, struct db *db, int64_t region,
    struct admin_grant_form *g)
{
	struct municipality *m;
	size_t n;
	int i;

	if (network_municipalities(db, &r->arena, r->lang, region, &m, &n) != 0)
		return -1;
	g->munis = m;
	g->nmunis = n;
	for (i = 0; i < ROLE_COUNT; i++)
		g->may_grant[i] = i != ROLE_PUBLIC &&
		    policy_manages_account(&r->user, (enum role)i,
		    i == ROLE_ADMIN ? 0 : region);
	return 0;
}

static const struct municipality *
admin_muni(const struct admin_grant_form *g, const char *code)
{
	size_t i;

	for (i = 0; i < g->nmunis; i++)
		if (strcmp(g->munis[i].code, code) == 0)
			return &g->munis[i];
	return NULL;
}

/* The municipalities of an account by name, "Espoo, Kerava", for the
 * page; a code outside the list is looked up, or shown as it is. */
static const char *
admin_where(struct request *r, struct db *db, const struct admin_grant_form *g,
    const char *municipality, const char **scopes, size_t nscopes)
{
	struct buf b;
	const char *out;
	size_t i;

	buf_init(&b);
	for (i = 0; i < nscopes + (municipality != NULL); i++) {
		const char *code = i < nscopes ? scopes[i] : municipality;
		const struct municipality *m = admin_muni(g, code);
		struct municipality one;

		if (b.len > 0)
			buf_puts(&b, ", ");
		if (m == NULL && network_municipality(db, &r->arena, r->lang,
		    code, &one) == 0)
			m = &one;
		buf_puts(&b, m ? m->name : code);
	}
	out = arena_strdup(&r->arena, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

/*
 * Reads the role, municipality and tutor municipalities of a form into
 * *out (region `region`), keeping what was sent in g for the form; the
 * mistakes go to f.  403 when the role is one the viewer may not give,
 * else 0.
 */
static int
admin_read_grant(struct request *r, struct form *f, int64_t region,
    struct admin_grant_form *g, struct account_grant *out)
{
	const char *roles[ROLE_COUNT], *problem;
	size_t i, n = kv_count(&r->form, "scope");
	int ro;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < ROLE_COUNT; i++)
		roles[i] = role_name((enum role)i);
	g->role = form_value(f, "role");
	g->municipality = form_value(f, "municipality");
	if (g->municipality[0] == '\0')
		g->municipality = NULL;
	/* A group of checkboxes sends one "scope" per ticked box. */
	g->scopes = arena_calloc(&r->arena, n ? n : 1, sizeof(*g->scopes));
	g->nscopes = 0;
	for (i = 0; i < r->form.n; i++) {
		const char *code = r->form.items[i].value;

		if (strcmp(r->form.items[i].name, "scope") != 0 ||
		    admin_grant_has_scope(g, code))
			continue;
		g->scopes[g->nscopes++] = code;
	}

	ro = form_choice(f, "role", roles, ROLE_COUNT, FORM_REQUIRED,
	    N_("Choose a role."));
	if (ro < 0)
		return 0;	/* the role decides which other field counts */
	out->role = (enum role)ro;
	out->region_id = role_has_region(out->role) ? region : 0;
	if (!policy_manages_account(&r->user, out->role, out->region_id)) {
		form_error(f, "role", N_("You may not give this role."));
		return 403;
	}
	if (out->role == ROLE_MUNICIPAL && g->municipality != NULL) {
		if (admin_muni(g, g->municipality) == NULL)
			form_error(f, "municipality",
			    N_("Choose the municipality from the list."));
		else
			out->municipality = g->municipality;
	}
	if (out->role == ROLE_TUTOR) {
		for (i = 0; i < g->nscopes; i++)
			if (admin_muni(g, g->scopes[i]) == NULL)
				form_error(f, "scopes",
				    N_("Choose the municipalities from the list."));
		out->scopes = g->scopes;
		out->nscopes = g->nscopes;
	}
	/* Dropped when the field has a mistake already. */
	if ((problem = account_grant_problem(out)) != NULL)
		form_error(f, out->role == ROLE_MUNICIPAL ? "municipality" :
		    out->role == ROLE_TUTOR ? "scopes" : "role", problem);
	return 0;
}

/* --- the invitation e-mail --- */

/*
 * Queues the invitation (or a new one) in the invitee's language, in the
 * caller's transaction.  The link is the only copy of the secret outside
 * the database, which keeps only its hash.
 */
static int
admin_mail_invite(struct request *r, struct db *db, const char *to,
    enum lang l, enum role role, const char *secret, bool again, int64_t now)
{
	const char *link, *body;

	link = arena_printf(&r->arena, "%s?token=%s",
	    url_abs_for(&r->arena, l, "auth.set-form", NULL), secret);
	body = arena_printf(&r->arena, "%s\n%s %s\n%s%s\n%s\n\n%s\n\n%s\n",
	    i18n_text(l, "You have been invited to the staff pages of the digital support network."),
	    i18n_text(l, "Your role:"),
	    i18n_text(l, role_label_msgid(role)),
	    again ? i18n_text(l, "This is a new invitation link. Earlier links no longer work.") : "",
	    again ? "\n" : "",
	    i18n_text(l, "Choose your password at this address within seven days:"),
	    link,
	    i18n_text(l, "If you did not expect this message, you can ignore it."));
	return mail_enqueue_account(db, lang_code(l), to, i18n_text(l,
	    "Invitation to the digital support network"), body, now);
}

/* --- accounts: the list and the invitation --- */

static int
admin_users_render(struct request *r, struct db *db, int status,
    struct admin_users_view *u)
{
	struct account_entry *all, *shown;
	const char *q = NULL;
	struct view v;
	struct page p;
	int64_t region;
	enum role frole = ROLE_PUBLIC;
	enum lang il;
	size_t n, i, k = 0;

	if (admin_region(r, db, 0, &region) != 0 ||
	    admin_grant_prepare(r, db, region, &u->grant) != 0 ||
	    account_list_in(db, &r->arena, policy_region_filter(&r->user),
	    &all, &n) != 0)
		return -1;
	if (u->filter_role && u->filter_role[0] &&
	    role_parse(u->filter_role, &frole) != 0)
		frole = ROLE_PUBLIC;
	if (u->filter_q && u->filter_q[0] &&
	    !form_has_error(&u->errors, "filter-q"))
		q = admin_fold(&r->arena, admin_trim(&r->arena, u->filter_q));
	shown = arena_calloc(&r->arena, n ? n : 1, sizeof(*shown));
	u->total = 0;
	for (i = 0; i < n; i++) {
		struct account_entry *x = &all[i];

		/* The region is limited in the query; within it, the
		 * account's role decides too. */
		if (!policy_manages_account(&r->user, x->role, x->region_id))
			continue;
		u->total++;
		if (frole != ROLE_PUBLIC && x->role != frole)
			continue;
		if (q != NULL && strstr(admin_fold(&r->arena, x->name), q) == NULL &&
		    strstr(admin_fold(&r->arena, x->email), q) == NULL)
			continue;
		x->where = admin_where(r, db, &u->grant, x->municipality,
		    x->scopes, x->nscopes);
		shown[k++] = *x;
	}
	u->accounts = shown;
	u->naccounts = k;
	if (u->invite_lang == NULL || lang_parse(u->invite_lang,
	    strlen(u->invite_lang), &il) != 0)
		u->invite_lang = lang_code(r->lang);
	u->csrf = csrf_token(r);
	page_begin_staff(r, status, i18n_text(r->lang, "Accounts"), &v, &p);
	page_form_errors(&p, &u->errors);
	page_crumb(&p, p.title, NULL);
	page_admin_users(&v, &p, u);
	return 0;
}

void
admin_users(struct request *r)
{
	struct admin_users_view u;
	struct account acct;
	struct form f;
	struct db *db = response_db(r);
	const char *done = kv_get(&r->query, "done");
	int64_t id;
	enum role ro;

	memset(&u, 0, sizeof(u));
	form_begin(&f, r);
	if (db == NULL)
		return;
	u.filter_role = kv_get(&r->query, "role");
	u.filter_q = kv_get(&r->query, "q");
	if (u.filter_role && u.filter_role[0] &&
	    role_parse(u.filter_role, &ro) != 0)
		form_error(&f, "filter-role", N_("Choose a role from the list."));
	if (u.filter_q && strlen(u.filter_q) > ADMIN_QUERY_MAX)
		form_error(&f, "filter-q", N_("The search text is too long."));
	u.errors = form_errors(&f);
	/* The notice names the address only for an account the viewer may
	 * manage: the id in the URL is not trusted to be the one invited. */
	if (done && strcmp(done, "invited") == 0 &&
	    id_parse(kv_get(&r->query, "id"), &id) == 0 &&
	    admin_managed_account(r, db, id, &acct) == 0)
		u.invited = acct.email;
	if (done && strcmp(done, "erased") == 0)
		u.notice = N_("The account has been erased.");
	if (admin_users_render(r, db, form_ok(&f) ? 200 : 400, &u) != 0)
		response_unavailable(r);
}

/*
 * The person's name: one line of at most ACCOUNT_NAME_MAX characters.
 * Each way to get it wrong has its own message; the form keeps the first
 * mistake of a field, so the order of the checks decides which is shown.
 */
static const char *
admin_read_name(struct form *f)
{
	if (form_value(f, "name")[0] == '\0')
		form_error(f, "name", N_("Write the person's name."));
	form_text(f, "name", 0, SIZE_MAX,
	    N_("The name may not contain line breaks or control characters."));
	return form_text(f, "name", 0, ACCOUNT_NAME_MAX,
	    N_("The name is too long: at most 200 characters."));
}

void
admin_invite(struct request *r)
{
	struct admin_users_view u;
	struct account_grant g;
	struct form f;
	struct db *db = request_db(r);
	const char *langs[LANG_COUNT], *email = NULL, *name, *secret;
	int64_t now = time_now(), region, id;
	int status, il, i;

	memset(&u, 0, sizeof(u));
	form_begin(&f, r);
	if (db == NULL || admin_region(r, db, 0, &region) != 0 ||
	    admin_grant_prepare(r, db, region, &u.grant) != 0) {
		response_unavailable(r);
		return;
	}
	for (i = 0; i < LANG_COUNT; i++)
		langs[i] = lang_code((enum lang)i);
	u.email = form_email(&f, "email", FORM_REQUIRED,
	    N_("Write the e-mail address in the form name@example.fi."));
	/* Stored as account_normalise_email() has it (lower case). */
	if (form_ok(&f))
		email = account_normalise_email(&r->arena, u.email);
	if (email == NULL)
		form_error(&f, "email",
		    N_("Write the e-mail address in the form name@example.fi."));
	u.name = name = admin_read_name(&f);
	u.invite_lang = form_value(&f, "lang");
	il = form_choice(&f, "lang", langs, LANG_COUNT, 0,
	    N_("Choose a language from the list."));
	if (il < 0)
		il = (int)r->lang;
	status = admin_read_grant(r, &f, region, &u.grant, &g);
	if (!form_ok(&f))
		goto form;

	if (response_begin_tx(r, db) != 0)
		return;
	id = account_create(db, email, name, &g, lang_code((enum lang)il), now);
	if (id == 0) {
		db_rollback(db);
		form_error(&f, "email",
		    N_("An account with this e-mail address exists already."));
		goto form;
	}
	if (id < 0 ||
	    account_token_create(db, &r->arena, id, "invite", INVITE_TTL, now,
	    &secret) != 0 ||
	    admin_mail_invite(r, db, email, (enum lang)il, g.role, secret,
	    false, now) != 0 ||
	    audit_commit(r, db, "account.invite", "account", id,
	    role_name(g.role), now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "%s?done=invited&id=%lld", url_for(&r->arena, r->lang,
	    "admin.users", NULL), (long long)id));
	return;
form:
	u.errors = form_errors(&f);
	if (admin_users_render(r, db, status ? status : 400, &u) != 0)
		response_unavailable(r);
}

/* --- one account --- */

/* Renders the account page; u->grant keeps submitted values if set.  0
 * or -1. */
static int
admin_user_render(struct request *r, struct db *db, int status,
    const struct account *acct, struct admin_user_view *u)
{
	struct view v;
	struct page p;
	int64_t region;

	if (admin_region(r, db, acct->region_id, &region) != 0 ||
	    admin_grant_prepare(r, db, region, &u->grant) != 0)
		return -1;
	if (u->grant.role == NULL) {
		u->grant.role = role_name(acct->role);
		u->grant.municipality = acct->municipality;
		u->grant.scopes = acct->scopes;
		u->grant.nscopes = acct->nscopes;
	}
	u->acct = acct;
	u->where = admin_where(r, db, &u->grant, acct->municipality,
	    acct->scopes, acct->nscopes);
	u->is_self = acct->id == r->user.id;
	u->csrf = csrf_token(r);
	page_begin_staff(r, status, acct->name[0] ? acct->name : acct->email,
	    &v, &p);
	page_form_errors(&p, &u->errors);
	page_crumb(&p, i18n_text(r->lang, "Accounts"),
	    url_for(&r->arena, r->lang, "admin.users", NULL));
	page_crumb(&p, p.title, NULL);
	page_admin_user(&v, &p, u);
	return 0;
}

void
admin_user(struct request *r)
{
	struct admin_user_view u;
	const struct account *acct = request_object(r);
	struct db *db = response_db(r);
	const char *done = kv_get(&r->query, "done");

	memset(&u, 0, sizeof(u));
	if (db == NULL)
		return;
	if (done == NULL)
		done = "";
	if (strcmp(done, "saved") == 0)
		u.notice = N_("The role is saved. The person must sign in again.");
	else if (strcmp(done, "deactivated") == 0)
		u.notice = N_("The account is deactivated. It can no longer sign in.");
	else if (strcmp(done, "activated") == 0)
		u.notice = N_("The account is active again.");
	else if (strcmp(done, "reinvited") == 0)
		u.notice = N_("A new invitation has been sent. Earlier links no longer work.");
	if (admin_user_render(r, db, 200, acct, &u) != 0)
		response_unavailable(r);
}

/* The account page again with a message about a refused change, after
 * the transaction has been rolled back. */
static void
admin_user_refuse(struct request *r, struct db *db, int status,
    const struct account *acct, struct admin_user_view *u)
{
	db_rollback(db);
	if (admin_user_render(r, db, status, acct, u) != 0)
		response_unavailable(r);
}

/* "tutor (049, 091)" for the audit record: role names and codes only,
 * no personal data. */
static const char *
admin_grant_text(struct arena *a, enum role role, const char *municipality,
    const char *const *scopes, size_t nscopes)
{
	struct buf b;
	const char *out;
	size_t i;

	buf_init(&b);
	buf_puts(&b, role_name(role));
	if (municipality != NULL || nscopes > 0) {
		buf_puts(&b, " (");
		if (municipality != NULL)
			buf_puts(&b, municipality);
		for (i = 0; i < nscopes; i++) {
			if (i > 0 || municipality != NULL)
				buf_puts(&b, ", ");
			buf_puts(&b, scopes[i]);
		}
		buf_puts(&b, ")");
	}
	out = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

/*
 * Opens the write transaction and reads the route's account again inside
 * it, through the loader's own decision, so the checks see what the change
 * will change.  0, or the answer has been given (404 when the account went
 * out of reach since the guard loaded it).
 */
static int
admin_begin_change(struct request *r, struct db *db, struct account *acct)
{
	const struct account *loaded = request_object(r);
	int rc;

	if (response_begin_tx(r, db) != 0)
		return -1;
	if ((rc = admin_managed_account(r, db, loaded->id, acct)) != 0) {
		db_rollback(db);
		response_error(r, rc < 0 ? 503 : 404, rc < 0 ? UNAVAILABLE :
		    N_("The page you were looking for was not found."));
		return -1;
	}
	return 0;
}

void
admin_user_update(struct request *r)
{
	struct admin_user_view u;
	struct account acct;
	struct account_grant g;
	struct form f;
	struct db *db = request_db(r);
	int64_t now = time_now(), region, others;
	const char *detail;
	int status;

	memset(&u, 0, sizeof(u));
	form_begin(&f, r);
	if (admin_begin_change(r, db, &acct) != 0)
		return;
	if (admin_region(r, db, acct.region_id, &region) != 0 ||
	    admin_grant_prepare(r, db, region, &u.grant) != 0) {
		response_rollback(r, db);
		return;
	}
	status = admin_read_grant(r, &f, region, &u.grant, &g);
	if (!form_ok(&f)) {
		u.errors = form_errors(&f);
		admin_user_refuse(r, db, status ? status : 400, &acct, &u);
		return;
	}
	/* The platform must keep an administrator who can sign in. */
	if (acct.role == ROLE_ADMIN && acct.active && g.role != ROLE_ADMIN) {
		if ((others = account_other_active_admins(db, acct.id)) < 0) {
			response_rollback(r, db);
			return;
		}
		if (others == 0) {
			form_error(&f, "role", N_("This is the last active administrator. Make someone else an administrator first."));
			u.errors = form_errors(&f);
			admin_user_refuse(r, db, 409, &acct, &u);
			return;
		}
	}
	detail = arena_printf(&r->arena, "%s → %s",
	    admin_grant_text(&r->arena, acct.role, acct.municipality,
	    acct.scopes, acct.nscopes),
	    admin_grant_text(&r->arena, g.role, g.municipality, g.scopes,
	    g.nscopes));
	if (account_set_grant(db, acct.id, &g) != 0 ||
	    session_destroy_all(db, acct.id) != 0 ||
	    audit_commit(r, db, "account.set-role", "account", acct.id, detail,
	    now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=saved",
	    url_for(&r->arena, r->lang, "admin.user", url_id(&r->arena,
	    acct.id), NULL)));
}

/* Deactivation and activation: the sessions end either way (a
 * deactivated account must be out at once; an activated one starts
 * clean).  Asking for the state the account already has changes nothing
 * and records nothing. */
static void
admin_set_active(struct request *r, bool active)
{
	struct admin_user_view u;
	struct account acct;
	struct db *db = request_db(r);
	int64_t now = time_now();

	memset(&u, 0, sizeof(u));
	if (admin_begin_change(r, db, &acct) != 0)
		return;
	if (!active && acct.id == r->user.id) {
		u.refusal = N_("You cannot deactivate your own account.");
		admin_user_refuse(r, db, 409, &acct, &u);
		return;
	}
	if (acct.active == active) {
		db_rollback(db);
	} else if (account_set_active(db, acct.id, active) != 0 ||
	    session_destroy_all(db, acct.id) != 0 ||
	    audit_commit(r, db, active ? "account.activate" :
	    "account.deactivate", "account", acct.id, role_name(acct.role),
	    now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
	    url_for(&r->arena, r->lang, "admin.user", url_id(&r->arena,
	    acct.id), NULL), active ? "activated" : "deactivated"));
}

void
admin_user_deactivate(struct request *r)
{
	admin_set_active(r, false);
}

void
admin_user_activate(struct request *r)
{
	admin_set_active(r, true);
}

/*
 * A new invitation for an account whose owner has not chosen a password:
 * account_token_create() voids the older links, so only the newest
 * e-mail works.  An account with a password uses "Forgot your password?"
 * instead, which proves the owner still reads the address.
 */
void
admin_user_reinvite(struct request *r)
{
	struct admin_user_view u;
	struct account acct;
	struct db *db = request_db(r);
	const char *secret;
	int64_t now = time_now();
	enum lang l;

	memset(&u, 0, sizeof(u));
	if (admin_begin_change(r, db, &acct) != 0)
		return;
	if (!acct.active) {
		u.refusal = N_("The account is deactivated. Activate it first.");
		admin_user_refuse(r, db, 409, &acct, &u);
		return;
	}
	if (acct.password_hash != NULL) {
		u.refusal = N_("The person has already chosen a password. If it is lost, they can ask for a new one with “Forgot your password?”.");
		admin_user_refuse(r, db, 409, &acct, &u);
		return;
	}
	if (lang_parse(acct.lang, strlen(acct.lang), &l) != 0)
		l = r->lang;
	if (account_token_create(db, &r->arena, acct.id, "invite", INVITE_TTL,
	    now, &secret) != 0 ||
	    admin_mail_invite(r, db, acct.email, l, acct.role, secret, true,
	    now) != 0 ||
	    audit_commit(r, db, "account.reinvite", "account", acct.id,
	    role_name(acct.role), now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=reinvited",
	    url_for(&r->arena, r->lang, "admin.user", url_id(&r->arena,
	    acct.id), NULL)));
}

/* --- the audit log --- */

/* Appends "name=value&" (value URL-encoded) when value is not empty. */
static void
admin_query_arg(struct buf *b, const char *name, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	buf_puts(b, name);
	buf_putc(b, '=');
	html_url_arg(b, value);
	buf_putc(b, '&');
}

/* A filter value: absent or empty is NULL; longer than max is an error. */
static int
admin_filter(struct request *r, const char *name, size_t max, const char **out)
{
	const char *s = kv_get(&r->query, name);

	*out = NULL;
	if (s == NULL || (s = admin_trim(&r->arena, s))[0] == '\0')
		return 0;
	if (strlen(s) > max)
		return -1;
	*out = s;
	return 0;
}

void
admin_audit(struct request *r)
{
	struct admin_audit_view a;
	struct audit_filter f;
	struct audit_row *rows = NULL;
	struct form fm;
	struct db *db = response_db(r);
	struct view v;
	struct page p;
	struct buf q;
	int64_t from_next, to_start, at = 0, id = 0;
	size_t n = 0;
	int status = 200, dir = 0;

	memset(&a, 0, sizeof(a));
	memset(&f, 0, sizeof(f));
	form_begin(&fm, r);
	if (db == NULL)
		return;
	if (admin_filter(r, "email", ACCOUNT_EMAIL_MAX, &a.email) != 0)
		form_error(&fm, "email", N_("The e-mail address is too long."));
	if (admin_filter(r, "action", FILTER_MAX, &a.action) != 0)
		form_error(&fm, "action", N_("The action is too long: at most 100 characters."));
	if (admin_filter(r, "object_type", FILTER_MAX, &a.object_type) != 0)
		form_error(&fm, "object_type", N_("The object type is too long: at most 100 characters."));
	if (admin_filter(r, "object_id", FILTER_MAX, &a.object_id) != 0)
		form_error(&fm, "object_id", N_("The object id is too long: at most 100 characters."));
	if (admin_filter(r, "from", 10, &a.from) != 0 || (a.from &&
	    admin_parse_date(&r->arena, a.from, &f.from, &from_next) != 0)) {
		a.from = kv_get(&r->query, "from");
		form_error(&fm, "from", N_("Write the date in the form 2024-05-31."));
	}
	if (admin_filter(r, "to", 10, &a.to) != 0 || (a.to &&
	    admin_parse_date(&r->arena, a.to, &to_start, &f.until) != 0)) {
		a.to = kv_get(&r->query, "to");
		form_error(&fm, "to", N_("Write the date in the form 2024-05-31."));
	}
	if (form_ok(&fm) && a.from && a.to && f.from > to_start)
		form_error(&fm, "from", N_("The first day is after the last day."));
	if (admin_cursor(r, &dir, &at, &id) != 0)
		form_error(&fm, "page", N_("The page link is not valid."));
	f.region_id = policy_region_filter(&r->user);
	a.scoped = f.region_id != 0;
	if (form_ok(&fm)) {
		f.email = a.email ? admin_ascii_lower(&r->arena, a.email) : NULL;
		f.action = a.action;
		f.object_type = a.object_type;
		f.object_id = a.object_id;
		if (audit_list(db, &r->arena, &f, dir, at, id,
		    ADMIN_PAGE_SIZE + 1, &rows, &n) != 0) {
			response_unavailable(r);
			return;
		}
		/* The extra row lies beyond the page in the reading
		 * direction, the cursor's row on the other side. */
		if (dir < 0) {
			a.has_prev = n > ADMIN_PAGE_SIZE;
			a.has_next = true;
			if (a.has_prev)
				rows++;
		} else {
			a.has_next = n > ADMIN_PAGE_SIZE;
			a.has_prev = dir > 0;
		}
		a.rows = rows;
		a.nrows = n > ADMIN_PAGE_SIZE ? ADMIN_PAGE_SIZE : n;
	} else
		status = 400;
	a.errors = form_errors(&fm);
	buf_init(&q);
	admin_query_arg(&q, "email", a.email);
	admin_query_arg(&q, "action", a.action);
	admin_query_arg(&q, "object_type", a.object_type);
	admin_query_arg(&q, "object_id", a.object_id);
	admin_query_arg(&q, "from", a.from);
	admin_query_arg(&q, "to", a.to);
	a.query = arena_strdup(&r->arena, buf_cstr(&q));
	buf_cleanup(&q);
	page_begin_staff(r, status, i18n_text(r->lang, "Audit log"), &v, &p);
	page_form_errors(&p, &a.errors);
	page_crumb(&p, p.title, NULL);
	page_admin_audit(&v, &p, &a);
}

/* --- accessibility feedback --- */

void
admin_feedback(struct request *r)
{
	struct admin_feedback_view fv;
	struct feedback_row *rows = NULL;
	struct form fm;
	struct db *db = response_db(r);
	struct view v;
	struct page p;
	size_t n = 0;
	int status = 200;

	memset(&fv, 0, sizeof(fv));
	form_begin(&fm, r);
	if (db == NULL)
		return;
	if (admin_parse_page(kv_get(&r->query, "page"), &fv.page) != 0) {
		form_error(&fm, "page", N_("The page number is not valid."));
		fv.errors = form_errors(&fm);
		fv.page = 1;
		status = 400;
	} else if (feedback_list(db, &r->arena,
	    (fv.page - 1) * ADMIN_PAGE_SIZE, ADMIN_PAGE_SIZE + 1, &rows,
	    &n) != 0) {
		response_unavailable(r);
		return;
	}
	fv.has_next = n > ADMIN_PAGE_SIZE;
	fv.rows = rows;
	fv.nrows = fv.has_next ? ADMIN_PAGE_SIZE : n;
	page_begin_staff(r, status,
	    i18n_text(r->lang, "Accessibility feedback"), &v, &p);
	page_form_errors(&p, &fv.errors);
	page_crumb(&p, p.title, NULL);
	page_admin_feedback(&v, &p, &fv);
}

/*
 * requests.c - "available on request" as a self-service: the request form,
 * the queue of the owner and the coordinators, approval (a secret download
 * link by e-mail) and a polite decline, the download link's page, a
 * registrant's list of their event's materials.  (The retention of the
 * requests' personal data is in store.c.)
 *
 * Every decision is one transaction: the request's status, the link (only
 * its SHA-256 is stored), the e-mail in the outbox and the audit record
 * are saved together or not at all.  The link leads to a page, not to the
 * file, so that a mail filter that opens links spends none of its uses.
 */
#include <microhttpd.h>
#include <sodium.h>
#include <string.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "base/settings.h"
#include "base/time.h"
#include "base/utf8.h"
#include "db/rows.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "mail/mail.h"
#include "http/form.h"
#include "materials/internal.h"
#include "tmpl_materials.h"

#define QUEUE_DECIDED_DAYS 30	/* decided requests the queue still shows */
#define DAY 86400
#define MAT_MESSAGE_MAX 1000	/* characters of a decline's own words */
/* Requests per THROTTLE_WINDOW (a quarter of an hour): from one client
 * address, and for one e-mail address (docs/security.md, "Form rate
 * limits"). */
#define REQUESTS_PER_WINDOW 10
#define REQUESTS_PER_EMAIL 5

/* --- the request form --- */

static void
request_render(struct request *r, int status, struct mat_request_form_view *fv)
{
	struct view v;
	struct page p;

	fv->csrf = csrf_token(r);
	mat_begin_page(r, status, i18n_text(r->lang, "Ask for a material"), &v,
	    &p);
	page_form_errors(&p, &fv->errors);
	page_crumb(&p, fv->m->title, url_for(&r->arena, r->lang,
	    "materials.page", url_id(&r->arena, fv->m->id), NULL));
	page_crumb(&p, p.title, NULL);
	page_mat_request(&v, &p, fv);
}

void
materials_request_form(struct request *r)
{
	struct mat_request_form_view fv;

	memset(&fv, 0, sizeof(fv));
	fv.m = request_object(r);
	fv.name = fv.organisation = fv.email = fv.purpose = "";
	request_render(r, 200, &fv);
}

/* Reads the request form into fv (as written) and q: every mistake at
 * once into f. */
static void
request_read(struct form *f, struct mat_request_form_view *fv,
    struct mat_request_row *q)
{
	fv->name = form_text(f, "name", FORM_REQUIRED, MAT_SHORT_MAX,
	    form_value(f, "name")[0] ? N_("The name is too long: at most 200 characters.") :
	    N_("Write your name."));
	fv->organisation = form_text(f, "organisation", 0, MAT_SHORT_MAX,
	    N_("The organisation is too long: at most 200 characters."));
	fv->email = form_email(f, "email", FORM_REQUIRED,
	    N_("Write your e-mail address, for example maija@example.fi."));
	fv->purpose = form_text(f, "purpose", FORM_REQUIRED | FORM_MULTILINE,
	    MAT_PURPOSE_MAX, form_value(f, "purpose")[0] ?
	    N_("The purpose is too long: at most 2000 characters.") :
	    N_("Tell briefly what you need the material for."));
	memset(q, 0, sizeof(*q));
	q->name = fv->name;
	q->organisation = fv->organisation;
	q->email = account_normalise_email(&f->r->arena, fv->email);
	q->purpose = fv->purpose;
	q->lang = f->r->lang;
	if (q->email == NULL)
		form_error(f, "email", N_("Write your e-mail address, for example maija@example.fi."));
}

/* Queues the notice of a new request to the material's owner, if it has
 * an active one; without, the coordinators see it in their queue (linked
 * from the library).  0 or -1. */
static int
notify_owner(struct request *r, struct db *db, const struct material *m,
    int64_t now)
{
	const char *to;
	enum lang ol;
	int rc;

	if (m->owner_id == 0)
		return 0;
	if ((rc = mat_owner_contact(db, &r->arena, m->owner_id, &to, &ol)) != 0)
		return rc == DB_MISSING ? 0 : -1;
	return mail_enqueue_in(db, lang_code(ol), to, i18n_text(ol,
	    "A new request for a material"), arena_printf(&r->arena,
	    "%s\n\n%s\n\n%s\n%s\n",
	    i18n_text(ol, "Someone has asked for a material you own:"),
	    mail_one_line(&r->arena, m->title),
	    i18n_text(ol, "Approve or decline it in the queue:"),
	    url_abs_for(&r->arena, ol, "materials.queue", NULL)), now);
}

void
materials_request_submit(struct request *r)
{
	const struct material *m = request_object(r);
	struct mat_request_form_view fv;
	struct mat_request_row q;
	struct form f;
	struct db *db;
	const char *akey, *ekey, *sent;
	int64_t now = time_now(), wait;
	int rc;

	memset(&fv, 0, sizeof(fv));
	fv.m = m;
	form_begin(&f, r);
	request_read(&f, &fv, &q);
	if (!form_ok(&f)) {
		fv.errors = form_errors(&f);
		request_render(r, 400, &fv);
		return;
	}
	if ((db = response_db(r)) == NULL)
		return;
	/* Every request mails the owner and stores an address: a few per
	 * client address and per e-mail address per window, checked and
	 * counted in the transaction that saves one, so that the form cannot
	 * be used to flood anyone; past the limit 429, nothing written. */
	akey = arena_printf(&r->arena, "material-request:%s",
	    throttle_address_key(&r->arena, request_address(r)));
	ekey = throttle_account_key(&r->arena, "material-request", q.email);
	sent = url_for(&r->arena, r->lang, "materials.request-sent",
	    url_id(&r->arena, m->id), NULL);
	if (response_begin_tx(r, db) != 0)
		return;
	if ((wait = throttle_wait_both(db, akey, ekey, now)) < 0) {
		response_rollback(r, db);
		return;
	}
	if (wait > 0) {
		db_rollback(db);
		throttle_refuse(r, wait);
		return;
	}
	/* The same person asking again while a request waits (a double
	 * click, a reload) adds nothing: the queue holds one. */
	if ((rc = mat_request_waiting(db, m->id, q.email)) == 0) {
		db_rollback(db);
		response_redirect(r, 303, sent);
		return;
	}
	if (rc < 0 || mat_request_insert(db, m->id, &q, now) != 0 ||
	    notify_owner(r, db, m, now) != 0 ||
	    throttle_fail(db, akey, REQUESTS_PER_WINDOW, now) != 0 ||
	    throttle_fail(db, ekey, REQUESTS_PER_EMAIL, now) != 0 ||
	    db_commit(db) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, sent);
}

void
materials_request_sent(struct request *r)
{
	struct view v;
	struct page p;

	mat_begin_page(r, 200, i18n_text(r->lang, "Request sent"), &v, &p);
	page_crumb(&p, p.title, NULL);
	page_mat_request_sent(&v, &p, request_object(r));
}

/* --- the queue --- */

void
materials_queue(struct request *r)
{
	struct mat_queue_view qv;
	struct mat_request_row *all, *pend, *dec;
	struct db *db;
	struct view v;
	struct page p;
	const char *done = kv_get(&r->query, "done");
	size_t n, i;

	if ((db = response_db(r)) == NULL)
		return;
	if (mat_requests_recent(db, &r->arena, time_now() -
	    QUEUE_DECIDED_DAYS * DAY, policy_region_filter(&r->user),
	    r->user.id, &all, &n) != 0) {
		response_unavailable(r);
		return;
	}
	memset(&qv, 0, sizeof(qv));
	pend = arena_calloc(&r->arena, n ? n : 1, sizeof(*pend));
	dec = arena_calloc(&r->arena, n ? n : 1, sizeof(*dec));
	for (i = 0; i < n; i++)
		if (all[i].status == MAT_REQ_PENDING)
			pend[qv.npending++] = all[i];
		else
			dec[qv.ndecided++] = all[i];
	qv.pending = pend;
	qv.decided = dec;
	qv.csrf = csrf_token(r);
	if (done != NULL && strcmp(done, "approved") == 0)
		qv.notice = N_("The request was approved and the download link sent.");
	else if (done != NULL && strcmp(done, "declined") == 0)
		qv.notice = N_("The request was declined and the person told so.");
	mat_begin_page(r, 200, i18n_text(r->lang, "Requests for materials"), &v,
	    &p);
	page_crumb(&p, p.title, NULL);
	page_mat_queue(&v, &p, &qv);
}

/*
 * Starts a decision on the loaded request: 0 with the transaction open,
 * or answered (409 decided already, 503).  mat_request_decide() checks
 * again inside the transaction, so two handlers cannot both decide.
 */
static int
decision_begin(struct request *r, struct db *db,
    const struct mat_request_obj *o)
{
	if (o->q.status != MAT_REQ_PENDING) {
		response_error(r, 409, N_("This request has been decided already."));
		return -1;
	}
	if (response_begin_tx(r, db) != 0)
		return -1;
	return 0;
}

/* Ends a decision: commits, or rolls back with 409 when the request was
 * decided meanwhile (rc DB_MISSING) and 503 on an error. */
static void
decision_end(struct request *r, struct db *db, int rc, const char *done)
{
	if (rc == 0 && db_commit(db) == 0) {
		response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
		    url_for(&r->arena, r->lang, "materials.queue", NULL),
		    done));
		return;
	}
	db_rollback(db);
	if (rc == DB_MISSING)
		response_error(r, 409, N_("This request has been decided already."));
	else
		response_unavailable(r);
}

/*
 * Decides the loaded request (status) in the open transaction, mails its
 * sender "subject: <the material's title>" with body and writes the
 * audit record `action`: 0, DB_MISSING when it was decided meanwhile, -1.
 */
static int
decision_tell(struct request *r, struct db *db,
    const struct mat_request_obj *o, enum mat_request_status status,
    const char *subject, const char *body, const char *action, int64_t now)
{
	const struct mat_request_row *q = &o->q;
	struct arena *a = &r->arena;
	int rc = mat_request_decide(db, q->id, status, r->user.id, now);

	if (rc == 0 &&
	    (mail_enqueue_in(db, lang_code(q->lang), q->email, arena_printf(a,
	    "%s: %s", subject, mail_one_line(a, o->m.title)), body, now) != 0 ||
	    audit_record(db, r->user.id, request_address(r), action,
	    "material_request", arena_printf(a, "%lld", (long long)q->id),
	    arena_printf(a, "material %lld", (long long)o->m.id), now) != 0))
		rc = -1;
	return rc;
}

void
materials_approve(struct request *r)
{
	const struct mat_request_obj *o = request_object(r);
	const struct mat_request_row *q = &o->q;
	struct db *db = request_db(r);
	struct arena *a = &r->arena;
	char token[TOKEN_B64_LEN + 1], hash[TOKEN_HASH_HEX + 1];
	int64_t now = time_now(), expires;
	enum lang ql = q->lang;
	/* Names and titles are one line in a mail, whatever is stored
	 * (issue 11, item 10): none can add a line of its own. */
	const char *name = mail_one_line(a, q->name);
	const char *title = mail_one_line(a, o->m.title);
	const char *body;
	int rc;

	if (decision_begin(r, db, o) != 0)
		return;
	token_new(token);
	token_hash(token, hash);
	expires = now + (int64_t)config_get()->material_link_hours * 3600;
	body = arena_printf(a, "%s %s\n\n%s\n\n  %s\n\n%s\n\n  %s\n\n%s\n%s\n\n%s\n",
	    i18n_text(ql, "Hello"), name,
	    i18n_text(ql, "Your request for the following material has been approved:"),
	    title,
	    i18n_text(ql, "Open this link to download it:"),
	    url_abs_for(a, ql, "materials.access", token, NULL),
	    arena_printf(a, i18n_text(ql, "The link works until %s and for at most %d downloads."),
	    time_format_datetime(a, ql, expires), MAT_LINK_USES),
	    i18n_text(ql, "Please do not share the link: it is personal."),
	    i18n_text(ql, "Uusimaa digital support network"));
	sodium_memzero(token, sizeof(token));
	rc = decision_tell(r, db, o, MAT_REQ_APPROVED, i18n_text(ql,
	    "Your request has been approved"), body, "material.request-approve",
	    now);
	if (rc == 0 &&
	    mat_grant_insert(db, q->id, o->m.id, hash, expires, now) != 0)
		rc = -1;
	decision_end(r, db, rc, "approved");
}

void
materials_decline(struct request *r)
{
	const struct mat_request_obj *o = request_object(r);
	const struct mat_request_row *q = &o->q;
	struct db *db = request_db(r);
	struct arena *a = &r->arena;
	int64_t now = time_now();
	enum lang ql = q->lang;
	const char *body, *message = form_field(r, "message");
	const char *name = mail_one_line(a, q->name);
	const char *title = mail_one_line(a, o->m.title);
	int rc;

	if (utf8_chars(message) > MAT_MESSAGE_MAX) {
		response_error(r, 400, N_("The message is too long: at most 1000 characters. Go back and shorten it."));
		return;
	}
	if (decision_begin(r, db, o) != 0)
		return;
	/* The handler's own words, when given, come between the standard
	 * sentences: the e-mail stays polite whatever is written. */
	body = arena_printf(a, "%s %s\n\n%s\n\n  %s\n\n%s\n\n%s%s%s%s%s\n\n%s\n",
	    i18n_text(ql, "Hello"), name,
	    i18n_text(ql, "Thank you for your interest in the following material:"),
	    title,
	    i18n_text(ql, "Unfortunately we cannot share it this time. It may be meant only for the network's own work, or it may be out of date."),
	    message[0] ? i18n_text(ql, "A message from the person who handled your request:") : "",
	    message[0] ? "\n\n" : "", message, message[0] ? "\n\n" : "",
	    i18n_text(ql, "You are welcome to contact the network's coordinators if you have questions, and to look at the other materials of the library."),
	    i18n_text(ql, "Uusimaa digital support network"));
	rc = decision_tell(r, db, o, MAT_REQ_DECLINED, i18n_text(ql,
	    "About your request for a material"), body,
	    "material.request-decline", now);
	decision_end(r, db, rc, "declined");
}

/* --- the download link's page --- */

void
materials_access_page(struct request *r)
{
	const struct mat_grant_obj *g = request_object(r);
	struct mat_access_view av;
	struct view v;
	struct page p;

	memset(&av, 0, sizeof(av));
	av.m = &g->m;
	av.token = request_param(r, "token");
	av.expires = g->expires;
	av.uses_left = g->uses_left;
	av.usable = g->expires > time_now() && g->uses_left > 0;
	av.type = mat_type_of(&g->m);
	mat_begin_page(r, av.usable ? 200 : 410, g->m.title, &v, &p);
	page_crumb(&p, p.title, NULL);
	page_mat_access(&v, &p, &av);
}

/* --- a registrant's materials --- */

void
materials_registrant_list(struct request *r)
{
	const struct mat_registrant_obj *o = request_object(r);
	struct mat_registrant_view rv;
	struct material *items;
	struct db *db;
	struct view v;
	struct page p;
	int64_t *ids;
	size_t nids, i;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&rv, 0, sizeof(rv));
	rv.token = request_param(r, "token");
	if (mat_event_title(db, &r->arena, r->lang, o->event,
	    &rv.event_title) != 0 ||
	    mat_ids_for_event(db, &r->arena, o->event, &ids, &nids) != 0) {
		response_unavailable(r);
		return;
	}
	items = arena_calloc(&r->arena, nids ? nids : 1, sizeof(*items));
	if (mat_get_ids(db, &r->arena, ids, nids, items) != 0) {
		response_unavailable(r);
		return;
	}
	for (i = 0; i < nids; i++)
		if (items[i].id != 0 && materials_listed(items[i].access))
			items[rv.n++] = items[i];
	rv.items = items;
	mat_begin_page(r, 200, i18n_text(r->lang, "Materials of the event"), &v,
	    &p);
	page_crumb(&p, p.title, NULL);
	page_mat_registrant(&v, &p, &rv);
}

/*
 * requests.c - "available on request" as a self-service: the request form,
 * the queue of the owner and the coordinators, approval (a secret download
 * link by e-mail) and a polite decline, the download link's page, a
 * registrant's list of their event's materials, and the retention of the
 * requests' personal data.
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
#include "base/log.h"
#include "base/settings.h"
#include "base/time.h"
#include "base/utf8.h"
#include "http/parse.h"
#include "http/response.h"
#include "mail/mail.h"
#include "http/form.h"
#include "materials/internal.h"
#include "tmpl_materials.h"

#define DAY 86400
#define QUEUE_DECIDED_DAYS 30	/* decided requests the queue still shows */
#define MAT_MESSAGE_MAX 1000	/* characters of a decline's own words */
#define REQUESTS_PER_WINDOW 10	/* per client address per THROTTLE_WINDOW */

/* --- the request form --- */

static int
load_requestable(struct request *r, struct db *db, struct material *m)
{
	if (mat_load(r, db, m) != 0)
		return -1;
	if (strcmp(m->access, "request") != 0) {
		response_error(r, 404, MAT_NOT_FOUND);
		return -1;
	}
	return 0;
}

static void
request_render(struct request *r, int status, struct mat_request_form_view *fv)
{
	struct view v;
	struct page p;

	fv->csrf = csrf_token(r);
	mat_begin_page(r, status, i18n_text(r->lang, "Ask for a material"), &v,
	    &p);
	page_crumb(&p, fv->m->title, arena_printf(&r->arena, "/%s/materials/%lld",
	    lang_code(r->lang), (long long)fv->m->id));
	page_crumb(&p, p.title, NULL);
	page_mat_request(&v, &p, fv);
}

void
materials_request_form(struct request *r)
{
	struct mat_request_form_view fv;
	struct material m;
	struct db *db;

	if ((db = mat_db(r)) == NULL || load_requestable(r, db, &m) != 0)
		return;
	memset(&fv, 0, sizeof(fv));
	fv.m = &m;
	fv.name = fv.organisation = fv.email = fv.purpose = "";
	request_render(r, 200, &fv);
}

/* The owner's address and language for the notice of a new request;
 * NULL when there is no active owner. */
static const char *
owner_email(struct db *db, struct arena *a, int64_t owner, enum lang *l)
{
	struct db_stmt *st;
	const char *e = NULL;

	*l = LANG_FI;
	if (owner == 0 || (st = db_prepare(db, "SELECT email, lang FROM account "
	    "WHERE id = ?1 AND active = 1 AND erased_at IS NULL")) == NULL)
		return NULL;
	db_bind_int64(st, 1, owner);
	if (db_step(st) == DB_ROW) {
		e = db_col_dup(st, a, 0);
		if (lang_parse(db_col_text(st, 1), db_col_len(st, 1), l) != 0)
			*l = LANG_FI;
	}
	db_done(st);
	return e;
}

void
materials_request_submit(struct request *r)
{
	struct mat_request_form_view fv;
	struct material m;
	struct db_stmt *st;
	struct db *db;
	const char *email, *owner, *key;
	int64_t now = time_now(), wait;
	enum lang ol;
	int rc;

	if ((db = mat_db(r)) == NULL || load_requestable(r, db, &m) != 0)
		return;
	memset(&fv, 0, sizeof(fv));
	fv.m = &m;
	fv.name = form_field(r, "name");
	fv.organisation = form_field(r, "organisation");
	fv.email = form_field(r, "email");
	fv.purpose = form_field(r, "purpose");
	email = account_normalise_email(&r->arena, fv.email);
	if (fv.name[0] == '\0' || utf8_chars(fv.name) > MAT_SHORT_MAX) {
		fv.error = fv.name[0] ? N_("The name is too long: at most 200 characters.") :
		    N_("Write your name.");
		fv.error_field = "name";
	} else if (utf8_chars(fv.organisation) > MAT_SHORT_MAX) {
		fv.error = N_("The organisation is too long: at most 200 characters.");
		fv.error_field = "organisation";
	} else if (email == NULL) {
		fv.error = N_("Write your e-mail address, for example maija@example.fi.");
		fv.error_field = "email";
	} else if (fv.purpose[0] == '\0' || utf8_chars(fv.purpose) > MAT_PURPOSE_MAX) {
		fv.error = fv.purpose[0] ? N_("The purpose is too long: at most 2000 characters.") :
		    N_("Tell briefly what you need the material for.");
		fv.error_field = "purpose";
	}
	if (fv.error != NULL) {
		request_render(r, 400, &fv);
		return;
	}
	/* Every request mails the owner: a few per client address per
	 * window, so that the form cannot be used to flood anyone. */
	key = arena_printf(&r->arena, "material-request:%s",
	    throttle_address_key(&r->arena, request_address(r)));
	if ((wait = throttle_wait(db, key, now)) != 0) {
		if (wait < 0)
			response_error(r, 503, MAT_UNAVAILABLE);
		else
			response_error(r, 429, N_("Too many requests have been sent from your address. Please try again in a quarter of an hour."));
		return;
	}
	if (db_begin(db) != 0) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	/* The same person asking again while a request waits (a double
	 * click, a reload) adds nothing: the queue holds one. */
	st = db_prepare(db, "SELECT 1 FROM material_request WHERE "
	    "material_id = ?1 AND email = ?2 AND status = 'pending'");
	if (st == NULL) {
		db_rollback(db);
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	db_bind_int64(st, 1, m.id);
	db_bind_cstr(st, 2, email);
	rc = db_step(st);
	db_done(st);
	if (rc == DB_ROW) {
		db_rollback(db);
		response_redirect(r, 303, arena_printf(&r->arena,
		    "/%s/materials/%lld/request/sent", lang_code(r->lang),
		    (long long)m.id));
		return;
	}
	st = db_prepare(db, "INSERT INTO material_request (material_id, name, "
	    "organisation, email, purpose, lang, status, created_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7)");
	rc = -1;
	if (st != NULL) {
		db_bind_int64(st, 1, m.id);
		db_bind_cstr(st, 2, fv.name);
		db_bind_cstr(st, 3, fv.organisation);
		db_bind_cstr(st, 4, email);
		db_bind_cstr(st, 5, fv.purpose);
		db_bind_cstr(st, 6, lang_code(r->lang));
		db_bind_int64(st, 7, now);
		rc = db_step(st) == DB_DONE ? 0 : -1;
		db_done(st);
	}
	/* The owner hears of it; without an owner the coordinators see it
	 * in their queue (linked from the library). */
	owner = owner_email(db, &r->arena, m.owner_id, &ol);
	if (rc == 0 && owner != NULL)
		rc = mail_enqueue(db, owner, i18n_text(ol,
		    "A new request for a material"), arena_printf(&r->arena,
		    "%s\n\n%s\n\n%s\n%s/%s/materials/requests\n",
		    i18n_text(ol, "Someone has asked for a material you own:"),
		    m.title, i18n_text(ol, "Approve or decline it in the queue:"),
		    config_get()->base_url, lang_code(ol)), now);
	if (rc == 0)
		rc = throttle_fail(db, key, REQUESTS_PER_WINDOW, now);
	if (rc != 0 || db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/materials/%lld/request/sent", lang_code(r->lang),
	    (long long)m.id));
}

void
materials_request_sent(struct request *r)
{
	struct material m;
	struct db *db;
	struct view v;
	struct page p;

	if ((db = mat_db(r)) == NULL || load_requestable(r, db, &m) != 0)
		return;
	mat_begin_page(r, 200, i18n_text(r->lang, "Request sent"), &v, &p);
	page_crumb(&p, p.title, NULL);
	page_mat_request_sent(&v, &p, &m);
}

/* --- the queue --- */

#define REQ_SELECT "SELECT q.id, q.material_id, q.name, q.organisation, " \
	"q.email, q.purpose, q.status, q.created_at, COALESCE(q.decided_at, 0), " \
	"q.erased_at IS NOT NULL, q.lang FROM material_request q "

static void
req_row(struct db_stmt *st, struct arena *a, struct mat_request_row *q)
{
	memset(q, 0, sizeof(*q));
	q->id = db_col_int64(st, 0);
	q->material_id = db_col_int64(st, 1);
	q->name = db_col_dup(st, a, 2);
	q->organisation = db_col_dup(st, a, 3);
	q->email = db_col_dup(st, a, 4);
	q->purpose = db_col_dup(st, a, 5);
	q->status = db_col_dup(st, a, 6);
	q->created_at = db_col_int64(st, 7);
	q->decided_at = db_col_int64(st, 8);
	q->erased = db_col_int64(st, 9) != 0;
}

void
materials_queue(struct request *r)
{
	struct mat_queue_view qv;
	struct mat_request_row *pend = NULL, *dec = NULL;
	size_t pcap = 0, dcap = 0;
	struct db_stmt *st;
	struct material m;
	struct db *db;
	struct view v;
	struct page p;
	const char *done = kv_get(&r->query, "done");
	int rc;

	if ((db = mat_db(r)) == NULL)
		return;
	memset(&qv, 0, sizeof(qv));
	st = db_prepare(db, REQ_SELECT "WHERE q.status = 'pending' OR "
	    "q.decided_at >= ?1 ORDER BY q.created_at, q.id");
	if (st == NULL) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	db_bind_int64(st, 1, time_now() - QUEUE_DECIDED_DAYS * DAY);
	while ((rc = db_step(st)) == DB_ROW) {
		struct mat_request_row q;

		req_row(st, &r->arena, &q);
		if (strcmp(q.status, "pending") == 0) {
			pend = arena_grow(&r->arena, pend, qv.npending, &pcap,
			    sizeof(*pend));
			pend[qv.npending++] = q;
		} else {
			dec = arena_grow(&r->arena, dec, qv.ndecided, &dcap,
			    sizeof(*dec));
			dec[qv.ndecided++] = q;
		}
	}
	db_done(st);
	if (rc != DB_DONE) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	/* Only the requests for materials the viewer handles. */
	for (int pass = 0; pass < 2; pass++) {
		struct mat_request_row *list = pass ? dec : pend;
		size_t *n = pass ? &qv.ndecided : &qv.npending, i, k = 0;

		for (i = 0; i < *n; i++) {
			if ((rc = mat_get(db, &r->arena, list[i].material_id,
			    &m)) < 0) {
				response_error(r, 503, MAT_UNAVAILABLE);
				return;
			}
			if (rc != 0 || !materials_may_edit(&r->user, &m))
				continue;
			list[i].material_title = m.title;
			list[k++] = list[i];
		}
		*n = k;
	}
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
 * Loads the request of :id for a decision, inside the open transaction:
 * 0 with *q and *m; otherwise answered (404 unknown or not the viewer's,
 * 409 decided already, 503) and the transaction rolled back.
 */
static int
decision_load(struct request *r, struct db *db, struct mat_request_row *q,
    enum lang *ql, struct material *m)
{
	struct db_stmt *st;
	int64_t id;
	int rc;

	if (id_parse(request_param(r, "id"), &id) != 0)
		goto not_found;
	if ((st = db_prepare(db, REQ_SELECT "WHERE q.id = ?1")) == NULL)
		goto fail;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		req_row(st, &r->arena, q);
		if (lang_parse(db_col_text(st, 10), 2, ql) != 0)
			*ql = LANG_FI;
	}
	db_done(st);
	if (rc != DB_ROW && rc != DB_DONE)
		goto fail;
	if (rc == DB_DONE)
		goto not_found;
	if ((rc = mat_get(db, &r->arena, q->material_id, m)) < 0)
		goto fail;
	if (rc == 1 || !materials_may_edit(&r->user, m))
		goto not_found;
	if (strcmp(q->status, "pending") != 0) {
		db_rollback(db);
		response_error(r, 409, N_("This request has been decided already."));
		return -1;
	}
	return 0;
not_found:
	db_rollback(db);
	response_error(r, 404, MAT_NOT_FOUND);
	return -1;
fail:
	db_rollback(db);
	response_error(r, 503, MAT_UNAVAILABLE);
	return -1;
}

static int
decide(struct db *db, int64_t id, const char *status, int64_t actor,
    int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE material_request SET "
	    "status = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1 AND "
	    "status = 'pending'");
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_cstr(st, 2, status);
	db_bind_int64(st, 3, actor);
	db_bind_int64(st, 4, now);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

void
materials_approve(struct request *r)
{
	struct mat_request_row q;
	struct material m;
	struct db_stmt *st;
	struct db *db;
	struct arena *a = &r->arena;
	char token[TOKEN_B64_LEN + 1], hash[TOKEN_HASH_HEX + 1];
	int64_t now = time_now(), expires;
	enum lang ql;
	const char *body;
	int rc = -1;

	if ((db = mat_db(r)) == NULL)
		return;
	if (db_begin(db) != 0) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	if (decision_load(r, db, &q, &ql, &m) != 0)
		return;
	token_new(token);
	token_hash(token, hash);
	expires = now + (int64_t)config_get()->material_link_hours * 3600;
	st = db_prepare(db, "INSERT INTO material_grant (request_id, material_id, "
	    "token_hash, expires_at, max_uses, created_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6)");
	if (st != NULL) {
		db_bind_int64(st, 1, q.id);
		db_bind_int64(st, 2, m.id);
		db_bind_cstr(st, 3, hash);
		db_bind_int64(st, 4, expires);
		db_bind_int64(st, 5, MAT_LINK_USES);
		db_bind_int64(st, 6, now);
		rc = db_step(st) == DB_DONE ? 0 : -1;
		db_done(st);
	}
	body = arena_printf(a, "%s %s\n\n%s\n\n  %s\n\n%s\n\n  %s/%s/materials/access/%s\n\n%s\n%s\n\n%s\n",
	    i18n_text(ql, "Hello"), q.name,
	    i18n_text(ql, "Your request for the following material has been approved:"),
	    m.title,
	    i18n_text(ql, "Open this link to download it:"),
	    config_get()->base_url, lang_code(ql), token,
	    arena_printf(a, i18n_text(ql, "The link works until %s and for at most %d downloads."),
	    time_format_datetime(a, ql, expires), MAT_LINK_USES),
	    i18n_text(ql, "Please do not share the link: it is personal."),
	    i18n_text(ql, "Uusimaa digital support network"));
	sodium_memzero(token, sizeof(token));
	if (rc != 0 || decide(db, q.id, "approved", r->user.id, now) != 0 ||
	    mail_enqueue(db, q.email, arena_printf(a, "%s: %s",
	    i18n_text(ql, "Your request has been approved"), m.title), body,
	    now) != 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    "material.request-approve", "material_request",
	    arena_printf(a, "%lld", (long long)q.id),
	    arena_printf(a, "material %lld", (long long)m.id), now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(a, "/%s/materials/requests?done=approved",
	    lang_code(r->lang)));
}

void
materials_decline(struct request *r)
{
	struct mat_request_row q;
	struct material m;
	struct db *db;
	struct arena *a = &r->arena;
	int64_t now = time_now();
	enum lang ql;
	const char *body, *message = form_field(r, "message");

	if ((db = mat_db(r)) == NULL)
		return;
	if (utf8_chars(message) > MAT_MESSAGE_MAX) {
		response_error(r, 400, N_("The message is too long: at most 1000 characters. Go back and shorten it."));
		return;
	}
	if (db_begin(db) != 0) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	if (decision_load(r, db, &q, &ql, &m) != 0)
		return;
	/* The handler's own words, when given, come between the standard
	 * sentences: the e-mail stays polite whatever is written. */
	body = arena_printf(a, "%s %s\n\n%s\n\n  %s\n\n%s\n\n%s%s%s%s%s\n\n%s\n",
	    i18n_text(ql, "Hello"), q.name,
	    i18n_text(ql, "Thank you for your interest in the following material:"),
	    m.title,
	    i18n_text(ql, "Unfortunately we cannot share it this time. It may be meant only for the network's own work, or it may be out of date."),
	    message[0] ? i18n_text(ql, "A message from the person who handled your request:") : "",
	    message[0] ? "\n\n" : "", message, message[0] ? "\n\n" : "",
	    i18n_text(ql, "You are welcome to contact the network's coordinators if you have questions, and to look at the other materials of the library."),
	    i18n_text(ql, "Uusimaa digital support network"));
	if (decide(db, q.id, "declined", r->user.id, now) != 0 ||
	    mail_enqueue(db, q.email, arena_printf(a, "%s: %s",
	    i18n_text(ql, "About your request for a material"), m.title), body,
	    now) != 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    "material.request-decline", "material_request",
	    arena_printf(a, "%lld", (long long)q.id),
	    arena_printf(a, "material %lld", (long long)m.id), now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(a, "/%s/materials/requests?done=declined",
	    lang_code(r->lang)));
}

/* --- the download link's page --- */

void
materials_access_page(struct request *r)
{
	struct mat_access_view av;
	struct material m;
	struct db *db;
	struct view v;
	struct page p;
	int64_t grant;
	int rc;

	if ((db = mat_db(r)) == NULL)
		return;
	memset(&av, 0, sizeof(av));
	if ((rc = mat_grant(r, db, &grant, &m, &av.expires, &av.uses_left)) < 0)
		return;
	av.m = &m;
	av.token = request_param(r, "token");
	av.usable = rc == 0;
	av.type = m.has_file ? mat_type_of_mime(m.cur.mime) : "link";
	mat_begin_page(r, av.usable ? 200 : 410, m.title, &v, &p);
	page_crumb(&p, p.title, NULL);
	page_mat_access(&v, &p, &av);
}

/* --- a registrant's materials --- */

void
materials_registrant_list(struct request *r)
{
	struct mat_registrant_view rv;
	struct material *items = NULL;
	struct db_stmt *st;
	struct db *db;
	struct view v;
	struct page p;
	int64_t reg, event, *ids;
	size_t nids, i, cap = 0;

	if ((db = mat_db(r)) == NULL || mat_registration(r, db, &reg, &event) != 0)
		return;
	memset(&rv, 0, sizeof(rv));
	rv.token = request_param(r, "token");
	if ((st = db_prepare(db, "SELECT title_fi, title_sv, title_en FROM event "
	    "WHERE id = ?1")) == NULL) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	db_bind_int64(st, 1, event);
	if (db_step(st) == DB_ROW)
		rv.event_title = arena_strdup(&r->arena, i18n_pick(r->lang,
		    db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
		    NULL));
	db_done(st);
	if (rv.event_title == NULL ||
	    mat_ids_for_event(db, &r->arena, event, &ids, &nids) != 0) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	for (i = 0; i < nids; i++) {
		struct material m;
		int rc = mat_get(db, &r->arena, ids[i], &m);

		if (rc < 0) {
			response_error(r, 503, MAT_UNAVAILABLE);
			return;
		}
		if (rc != 0 || strcmp(m.access, "staff") == 0)
			continue;
		items = arena_grow(&r->arena, items, rv.n, &cap, sizeof(*items));
		items[rv.n++] = m;
	}
	rv.items = items;
	mat_begin_page(r, 200, i18n_text(r->lang, "Materials of the event"), &v,
	    &p);
	page_crumb(&p, p.title, NULL);
	page_mat_registrant(&v, &p, &rv);
}

/* --- retention --- */

int
materials_retention_run(struct db *db, int64_t now, unsigned days, int64_t *n)
{
	struct db_stmt *st;
	int64_t cutoff = now - (int64_t)days * DAY, count = 0;
	int rc;

	if (n != NULL)
		*n = 0;
	if (days == 0 || db_begin(db) != 0)
		return -1;
	st = db_prepare(db, "SELECT count(*) FROM material_request WHERE "
	    "erased_at IS NULL AND COALESCE(decided_at, created_at) < ?1");
	if (st == NULL)
		goto fail;
	db_bind_int64(st, 1, cutoff);
	rc = db_step(st);
	count = rc == DB_ROW ? db_col_int64(st, 0) : -1;
	db_done(st);
	if (count < 0)
		goto fail;
	/* A request nobody decided within the period is closed unanswered:
	 * its address is about to go, so no answer could reach it. */
	st = db_prepare(db, "UPDATE material_request SET name = '', "
	    "organisation = '', email = '', purpose = '', erased_at = ?2, "
	    "status = CASE WHEN status = 'pending' THEN 'declined' ELSE status "
	    "END, decided_at = COALESCE(decided_at, ?2) WHERE erased_at IS NULL "
	    "AND COALESCE(decided_at, created_at) < ?1");
	if (st == NULL)
		goto fail;
	db_bind_int64(st, 1, cutoff);
	db_bind_int64(st, 2, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		goto fail;
	/* The download log keeps its counts but forgets who, like the audit
	 * log forgets addresses. */
	st = db_prepare(db, "UPDATE material_download SET account_id = NULL, "
	    "registration_id = NULL, grant_id = NULL WHERE at < ?1 AND "
	    "(account_id IS NOT NULL OR registration_id IS NOT NULL OR "
	    "grant_id IS NOT NULL)");
	if (st == NULL)
		goto fail;
	db_bind_int64(st, 1, cutoff);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		goto fail;
	st = db_prepare(db, "DELETE FROM material_grant WHERE expires_at < ?1");
	if (st == NULL)
		goto fail;
	db_bind_int64(st, 1, cutoff);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE || db_commit(db) != 0)
		goto fail;
	if (n != NULL)
		*n = count;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
materials_retention_job(struct db *db, int64_t now)
{
	int64_t n;

	if (materials_retention_run(db, now, config_get()->retention_days,
	    &n) != 0)
		return -1;
	if (n > 0)
		log_info("retention: %lld material requests blanked", (long long)n);
	return 0;
}

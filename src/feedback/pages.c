/*
 * pages.c - the accessibility statement page and its feedback form.
 *
 * POST -> redirect -> GET: a stored feedback answers 303 to a thank-you
 * page, so reloading it never sends the feedback twice.  The CSRF token is
 * checked by the server's guard before the handler runs.  A form with
 * mistakes is shown again (400) with the visitor's text kept and each
 * mistake named next to its field and in a summary at the top.
 */
#include <microhttpd.h>
#include <string.h>

#include "auth/account.h"
#include "auth/csrf.h"
#include "auth/throttle.h"
#include "base/log.h"
#include "base/time.h"
#include "feedback/feedback.h"
#include "http/response.h"
#include "tmpl_feedback.h"
#include "http/urls.h"
#include "view/page.h"

/* Messages per window (THROTTLE_WINDOW, a quarter of an hour): from one
 * client address, and naming one contact address (docs/security.md,
 * "Form rate limits"). */
#define FEEDBACK_PER_ADDRESS 10
#define FEEDBACK_PER_EMAIL 5

static void
feedback_render(struct request *r, int status, struct feedback_form *f)
{
	struct view v;
	struct page p;

	f->csrf = csrf_token(r);
	page_begin(r, status, i18n_text(r->lang, "Accessibility statement"), &v,
	    &p);
	page_form_errors(&p, &f->errors);
	page_crumb(&p, p.title, NULL);
	page_accessibility(&v, &p, f);
}

void
feedback_page(struct request *r)
{
	struct feedback_form f;

	memset(&f, 0, sizeof(f));
	f.page = feedback_page_hint(kv_get(&r->query, "page"));
	feedback_render(r, 200, &f);
}

void
feedback_submit(struct request *r)
{
	struct feedback_form f;
	struct form fm;
	struct db *db;
	const char *akey, *ekey = NULL, *contact;
	int64_t now = time_now(), wait;

	form_begin(&fm, r);
	if (!feedback_read(&fm, &f)) {
		feedback_render(r, 400, &f);
		return;
	}
	if ((db = request_db(r)) == NULL) {
		response_unavailable(r);
		return;
	}
	/* A few messages per client address and per contact address, checked
	 * and counted in the transaction that stores one, so that the form
	 * cannot fill the inbox: past the limit 429, nothing written. */
	akey = arena_printf(&r->arena, "feedback:%s",
	    throttle_address_key(&r->arena, request_address(r)));
	if (f.contact != NULL && f.contact[0] != '\0' &&
	    (contact = account_normalise_email(&r->arena, f.contact)) != NULL)
		ekey = throttle_account_key(&r->arena, "feedback", contact);
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
	if (feedback_store(db, r->lang, &f, now) != 0 ||
	    throttle_fail(db, akey, FEEDBACK_PER_ADDRESS, now) != 0 ||
	    (ekey != NULL && throttle_fail(db, ekey, FEEDBACK_PER_EMAIL,
	    now) != 0) || db_commit(db) != 0) {
		response_rollback(r, db);
		return;
	}
	log_info("feedback stored");
	response_redirect(r, 303, url_for(&r->arena, r->lang, "feedback.thanks",
	    NULL));
}

void
feedback_thanks(struct request *r)
{
	struct view v;
	struct page p;

	response_begin(r, 200, "text/html; charset=utf-8");
	page_init(&p, &v, r, i18n_text(r->lang, "Thank you for your feedback"));
	page_crumb(&p, i18n_text(r->lang, "Accessibility statement"),
	    url_for(&r->arena, r->lang, "feedback.page", NULL));
	page_crumb(&p, p.title, NULL);
	page_feedback_thanks(&v, &p);
}

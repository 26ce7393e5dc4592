/*
 * unsubscribe_pages.c - the opt-out link of reminder mail (see
 * unsubscribe.h): a page that asks, and the POST that turns the mail off,
 * from the page's form or as an RFC 8058 one-click POST.
 */
#include <microhttpd.h>
#include <string.h>

#include "auth/csrf.h"
#include "auth/unsubscribe.h"
#include "base/time.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "tmpl_auth.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")

static void
unsub_render(struct request *r, bool done)
{
	const struct unsubscribe_target *t = request_object(r);
	struct view v;
	struct page p;

	response_begin(r, 200, "text/html; charset=utf-8");
	/* A personal link: not for caches, not for search engines. */
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	response_header(r, "X-Robots-Tag", "noindex");
	page_init(&p, &v, r, i18n_text(r->lang, "Reminder e-mails"));
	page_crumb(&p, p.title, NULL);
	page_unsubscribe(&v, &p, csrf_token(r), url_for(&r->arena, r->lang,
	    "account.unsubscribe", t->token, NULL), url_for(&r->arena, r->lang,
	    "account.page", NULL), t->notify && !done, done);
}

void
unsubscribe_page(struct request *r)
{
	const char *done = kv_get(&r->query, "done");

	unsub_render(r, done != NULL && strcmp(done, "off") == 0);
}

void
unsubscribe_post(struct request *r)
{
	const struct unsubscribe_target *t = request_object(r);
	struct db *db;
	/* The guard let a POST without a CSRF token through only when its
	 * body is exactly List-Unsubscribe=One-Click. */
	const char *one = kv_get(&r->form, "List-Unsubscribe");
	bool one_click = one != NULL && strcmp(one, "One-Click") == 0;

	request_db_release(r);
	if ((db = db_thread()) == NULL || db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (unsubscribe_apply(db, t->account_id, request_address(r),
	    time_now()) < 0 || db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (one_click) {
		/* A mail program's POST: nobody follows a redirect. */
		unsub_render(r, true);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=off",
	    url_for(&r->arena, r->lang, "account.unsubscribe", t->token,
	    NULL)));
}

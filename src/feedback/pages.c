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

#include "auth/csrf.h"
#include "base/log.h"
#include "base/time.h"
#include "feedback/feedback.h"
#include "http/response.h"
#include "tmpl_feedback.h"
#include "view/page.h"

static void
feedback_render(struct request *r, int status, struct feedback_form *f)
{
	struct view v;
	struct page p;

	f->csrf = csrf_token(r);
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(&p, &v, r, i18n_text(r->lang, "Accessibility statement"));
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

	form_begin(&fm, r);
	if (!feedback_read(&fm, &f)) {
		feedback_render(r, 400, &f);
		return;
	}
	if ((db = request_db(r)) == NULL ||
	    feedback_store(db, r->lang, &f, time_now()) != 0) {
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	log_info("feedback stored");
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/accessibility/thanks", lang_code(r->lang)));
}

void
feedback_thanks(struct request *r)
{
	struct view v;
	struct page p;

	response_begin(r, 200, "text/html; charset=utf-8");
	page_init(&p, &v, r, i18n_text(r->lang, "Thank you for your feedback"));
	page_crumb(&p, i18n_text(r->lang, "Accessibility statement"),
	    arena_printf(&r->arena, "/%s/accessibility", lang_code(r->lang)));
	page_crumb(&p, p.title, NULL);
	page_feedback_thanks(&v, &p);
}

/*
 * site.c - site-wide handlers: language redirect, health, metrics.
 */
#include <microhttpd.h>

#include "app/app.h"
#include "base/embed.h"
#include "http/metrics.h"
#include "http/response.h"
#include "http/urls.h"

/*
 * A visitor who arrives at the bare address gets the site in the language
 * their browser asks for (Finnish when it asks for none we have).  302, not
 * 301: the answer depends on the visitor, so it must not be cached as a
 * permanent move.
 */
void
app_root(struct request *r)
{
	const char *al = request_header(r, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	enum lang l = al ? accept_language_pick(al, LANG_FI) : LANG_FI;

	response_redirect(r, 302, url_for(&r->arena, l, "network.front", NULL));
	response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Language");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
}

void
app_lang_slash(struct request *r)
{
	response_redirect(r, 301,
	    url_for(&r->arena, r->lang, "network.front", NULL));
}

/* The health check asks the database too: a server that cannot read its
 * data is not healthy, whatever its HTTP side says. */
void
app_healthz(struct request *r)
{
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (app_db_answers(request_db(r)))
		response_text(r, 200, "ok\n");
	else
		response_text(r, 503, "database unavailable\n");
}

void
app_metrics(struct request *r)
{
	response_begin(r, 200, "text/plain; version=0.0.4; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	metrics_write(&r->resp.body);
}

EMBED_DECLARE(app_openapi_doc);

/*
 * The API's description, written by hand beside the routes it describes
 * (src/app/openapi.json): linted by @redocly/cli and checked against the
 * real answers of every path it names by tests/http/openapi.test.mjs.
 * The same for everyone, so any cache may keep it a while.
 */
void
app_openapi(struct request *r)
{
	response_begin(r, 200, "application/json");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=300");
	buf_append(&r->resp.body, (const char *)app_openapi_doc[0].data,
	    app_openapi_doc[0].len);
}

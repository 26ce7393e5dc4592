/*
 * response.c - response helpers and error pages.
 */
#include <fcntl.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "db/db.h"
#include "http/response.h"
#include "http/router.h"
#include "http/urls.h"
#include "tmpl_layout.h"
#include "view/escape.h"
#include "view/page.h"
#include "view/i18n.h"

void
response_header(struct request *r, const char *name, const char *value)
{
	if (r->resp.nheaders == RESPONSE_MAX_HEADERS)
		fatal("response_header: too many headers");
	r->resp.headers[r->resp.nheaders].name = name;
	r->resp.headers[r->resp.nheaders].value = value;
	r->resp.nheaders++;
}

void
response_begin(struct request *r, int status, const char *content_type)
{
	r->resp.status = status;
	r->resp.content_type = content_type;
	r->resp.body.len = 0;
	r->resp.fixed = NULL;
	response_file_drop(r);
}

void
response_file_drop(struct request *r)
{
	if (r->resp.from_file) {
		close(r->resp.file_fd);
		r->resp.from_file = false;
	}
}

int
response_file(struct request *r, int fd, uint64_t offset, uint64_t len)
{
	int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);

	if (dup_fd < 0)
		return -1;
	response_file_drop(r);
	r->resp.body.len = 0;
	r->resp.from_file = true;
	r->resp.file_fd = dup_fd;
	r->resp.file_offset = offset;
	r->resp.file_len = len;
	return 0;
}

void
response_redirect(struct request *r, int status, const char *location)
{
	response_begin(r, status, "text/plain; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_LOCATION, location);
	buf_puts(&r->resp.body, location);
	buf_putc(&r->resp.body, '\n');
}

void
response_text(struct request *r, int status, const char *text)
{
	response_begin(r, status, "text/plain; charset=utf-8");
	buf_puts(&r->resp.body, text);
}

/* The heading of an error page, a msgid per status class we answer. */
static const char *
response_error_title(int status)
{
	switch (status) {
	case 400: return N_("The request could not be understood");
	/* The heading names the state; the text says what happened. */
	case 403: return N_("No access");
	case 404: return N_("Page not found");
	case 405: return N_("Method not allowed");
	case 413: return N_("Too large");
	case 415: return N_("Unsupported format");
	case 429: return N_("Too many attempts");
	default: break;
	}
	return status >= 500 ? N_("Service error") :
	    N_("The request could not be understood");
}

/*
 * Error pages are full pages in the visitor's language, with the usual
 * header and a way back, so a resident who mistyped an address is not left
 * at a dead end.  Pages outside a /:lang/ path take the language from
 * Accept-Language.
 */
void
response_error(struct request *r, int status, const char *msgid)
{
	struct view v;
	struct page p;
	const char *al;

	r->resp.nheaders = 0;
	if (r->path != NULL && strncmp(r->path, "/api/", 5) == 0) {
		response_begin(r, status, "application/json");
		buf_puts(&r->resp.body, "{\"error\":\"");
		buf_puts(&r->resp.body, msgid);	/* msgids are plain ASCII text */
		buf_puts(&r->resp.body, "\"}\n");
		return;
	}
	/* A machine's route outside /api/ (/metrics): its client reads
	 * text, not a page. */
	if (r->route != NULL && (r->route->flags & ROUTE_API)) {
		response_begin(r, status, "text/plain; charset=utf-8");
		buf_puts(&r->resp.body, msgid);
		buf_puts(&r->resp.body, "\n");
		return;
	}
	if (!r->lang_from_path) {
		al = request_header(r, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
		r->lang = al ? accept_language_pick(al, LANG_FI) : LANG_FI;
		response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Language");
	}
	page_begin(r, status, i18n_text(r->lang, response_error_title(status)),
	    &v, &p);
	page_error(&v, &p, i18n_text(r->lang, msgid));
}

void
response_unavailable(struct request *r)
{
	response_error(r, 503,
	    N_("The service is temporarily unavailable. Please try again in a moment."));
}

struct db *
response_db(struct request *r)
{
	struct db *db = request_db(r);

	if (db == NULL)
		response_unavailable(r);
	return db;
}

int
response_begin_tx(struct request *r, struct db *db)
{
	if (db != NULL && db_begin(db) == 0)
		return 0;
	response_unavailable(r);
	return -1;
}

void
response_rollback(struct request *r, struct db *db)
{
	db_rollback(db);
	response_unavailable(r);
}

void
response_json(struct request *r, json_t *o)
{
	char *text = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	if (text == NULL) {
		response_unavailable(r);
		return;
	}
	response_begin(r, 200, "application/json");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	buf_puts(&r->resp.body, text);
	buf_putc(&r->resp.body, '\n');
	free(text);
}

void
response_signin(struct request *r)
{
	struct buf next;

	buf_init(&next);
	html_url_arg(&next, r->raw_uri);
	response_redirect(r, 303, arena_printf(&r->arena, "%s?next=%s",
	    url_for(&r->arena, r->lang, "auth.signin-form", NULL),
	    buf_cstr(&next)));
	buf_cleanup(&next);
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
}

/*
 * request.c - accessors for the parts of a request handlers need.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <netinet/in.h>
#include <string.h>

#include "base/buf.h"
#include "db/db.h"
#include "http/parse.h"
#include "http/request.h"
#include "http/router.h"
#include "http/server.h"
#include "http/urls.h"

const char *
request_header(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
request_param(struct request *r, const char *name)
{
	const char *p;
	size_t i = 0, n = strlen(name);

	if (r->route == NULL)
		return NULL;
	/* Walk the pattern to find which parameter slot holds `name`. */
	for (p = r->route->pattern; *p != '\0'; p++) {
		if (*p != ':' && *p != '*')
			continue;
		if (strncmp(p + 1, name, n) == 0 &&
		    (p[n + 1] == '/' || p[n + 1] == '\0'))
			return i < r->nparams ? r->params[i] : NULL;
		i++;
	}
	return NULL;
}

bool
request_accepts_gzip(struct request *r)
{
	return accept_encoding_allows(request_header(r,
	    MHD_HTTP_HEADER_ACCEPT_ENCODING), "gzip");
}

/*
 * The Cookie header is parsed lazily: most requests (static files, public
 * pages) never look at cookies, so they never pay for the parse.
 */
const char *
request_cookie(struct request *r, const char *name)
{
	const char *h;

	if (!r->cookies_parsed) {
		r->cookies_parsed = true;
		h = request_header(r, MHD_HTTP_HEADER_COOKIE);
		if (h != NULL &&
		    cookie_parse(&r->arena, h, strlen(h), &r->cookies) != PARSE_OK)
			r->cookies.n = 0;
	}
	return kv_get(&r->cookies, name);
}

/*
 * The query of a GET or HEAD, as it came, for the same page in another
 * language: a search, a filter or a page of a list stays what it was.  Two
 * parameters stay behind: a redirect target (next), which a link must not
 * carry before it is checked where it is used, and a one-time notice
 * (done).  "" when nothing is left.
 */
static const char *
request_query_kept(struct request *r)
{
	const char *p, *e, *q = r->raw_uri ? strchr(r->raw_uri, '?') : NULL;
	struct kv_list one;
	struct buf out;
	const char *kept;

	if (q == NULL || (r->method != HTTP_GET && r->method != HTTP_HEAD))
		return "";
	buf_init(&out);
	for (p = q + 1; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, "&");
		if (e == p || form_parse(&r->arena, p, (size_t)(e - p),
		    &one) != PARSE_OK || one.n != 1 ||
		    strcmp(one.items[0].name, "next") == 0 ||
		    strcmp(one.items[0].name, "done") == 0)
			continue;
		buf_putc(&out, out.len == 0 ? '?' : '&');
		buf_append(&out, p, (size_t)(e - p));
	}
	kept = arena_strndup(&r->arena, out.len ? out.data : "", out.len);
	buf_cleanup(&out);
	return kept;
}

const char *
request_path_in(struct request *r, enum lang l)
{
	const char *raw = r->raw_uri, *rest;

	if (!r->lang_from_path)
		return url_for(&r->arena, l, "network.front", NULL);
	/* Paths of ROUTE_LANG routes are "/xx/..." with a two-letter code;
	 * the path as it came (still encoded) where it starts so. */
	if (raw != NULL && raw[0] == '/' && raw[1] == r->path[1] &&
	    raw[2] == r->path[2] && (raw[3] == '/' || raw[3] == '?' ||
	    raw[3] == '\0'))
		rest = arena_printf(&r->arena, "%.*s%s",
		    (int)strcspn(raw + 3, "?"), raw + 3, request_query_kept(r));
	else
		rest = r->path + 3;
	return arena_printf(&r->arena, "/%s%s", lang_code(l), rest);
}

struct db *
request_db(struct request *r)
{
	if (r->db != NULL)
		return r->db;
	if ((r->db = db_thread()) == NULL)
		return NULL;
	if ((r->method == HTTP_GET || r->method == HTTP_HEAD) &&
	    db_read_begin(r->db) == 0)
		r->db_snapshot = true;
	return r->db;
}

void
request_db_release(struct request *r)
{
	if (r->db_snapshot)
		db_read_end(r->db);
	r->db_snapshot = false;
	r->db = NULL;
}

const char *
request_address(struct request *r)
{
	const union MHD_ConnectionInfo *ci;
	const char *xff, *last;
	char buf[INET6_ADDRSTRLEN];

	if (server_trusts_proxy() &&
	    (xff = request_header(r, "X-Forwarded-For")) != NULL) {
		last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		return arena_strdup(&r->arena, last);
	}
	ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return "";
	if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		    (const void *)ci->client_addr)->sin6_addr, buf, sizeof(buf));
	else if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)
		    (const void *)ci->client_addr)->sin_addr, buf, sizeof(buf));
	else
		return "";
	return arena_strdup(&r->arena, buf);
}

void *
request_object(struct request *r)
{
	return r->object;
}

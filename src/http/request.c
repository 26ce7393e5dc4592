/*
 * request.c - accessors for the parts of a request handlers need.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <netinet/in.h>
#include <string.h>

#include "db/db.h"
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

const char *
request_path_in(struct request *r, enum lang l)
{
	const char *raw = r->raw_uri, *q;

	if (!r->lang_from_path)
		return url_for(&r->arena, l, "network.front", NULL);
	/* Paths of ROUTE_LANG routes are "/xx/..." with a two-letter code.
	 * A page that was looked up (a search, a filter, a page of a list)
	 * keeps its query in the other language, as it came, still encoded;
	 * a form's answer to a POST is the form's own path. */
	if (raw != NULL && raw[0] == '/' && raw[1] == r->path[1] &&
	    raw[2] == r->path[2] && (raw[3] == '/' || raw[3] == '?' ||
	    raw[3] == '\0')) {
		if (r->method != HTTP_GET && r->method != HTTP_HEAD &&
		    (q = strchr(raw, '?')) != NULL)
			return arena_printf(&r->arena, "/%s%.*s", lang_code(l),
			    (int)(q - raw - 3), raw + 3);
		return arena_printf(&r->arena, "/%s%s", lang_code(l), raw + 3);
	}
	return arena_printf(&r->arena, "/%s%s", lang_code(l), r->path + 3);
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

/*
 * router.c - segment-by-segment matching of paths against the route table.
 *
 * The table is small (tens of routes) and patterns are short, so a linear
 * scan that compares segments in place beats building a trie: it allocates
 * nothing unless a route matches and has parameters.
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "http/parse.h"
#include "http/router.h"

/* Length of the segment starting at s (up to '/' or end). */
static size_t
router_seglen(const char *s)
{
	const char *e = strchr(s, '/');

	return e ? (size_t)(e - s) : strlen(s);
}

/*
 * Compares one pattern with the path.  Parameters are recorded as offsets
 * into the path and copied into the arena only when the whole route
 * matches, so failed candidates cost no allocation.
 */
static int
router_try(const struct route *rt, const char *path, size_t off[],
    size_t len[], size_t *nparams)
{
	const char *p = rt->pattern, *q = path;
	size_t n = 0, pl, ql;

	for (;;) {
		if (*p != '/' || *q != '/')
			return *p == '\0' && *q == '\0' ? 0 : -1;
		p++;
		q++;
		pl = router_seglen(p);
		ql = router_seglen(q);
		if (*p == '*') {
			/* A trailing *rest takes the remainder, slashes and all. */
			if (n == ROUTE_MAX_PARAMS)
				return -1;
			off[n] = (size_t)(q - path);
			len[n] = strlen(q);
			*nparams = n + 1;
			return len[n] ? 0 : -1;
		}
		if (*p == ':') {
			if (ql == 0 || n == ROUTE_MAX_PARAMS)
				return -1;
			off[n] = (size_t)(q - path);
			len[n] = ql;
			n++;
		} else if (pl != ql || memcmp(p, q, pl) != 0)
			return -1;
		p += pl;
		q += ql;
		if (*p == '\0' && *q == '\0')
			break;
	}
	*nparams = n;
	return 0;
}

enum router_result
router_match(const struct router *rt, struct request *r, unsigned *allow)
{
	size_t off[ROUTE_MAX_PARAMS], len[ROUTE_MAX_PARAMS], n = 0, i, j;
	unsigned methods, want = r->method;
	const struct route *found = NULL;

	*allow = 0;
	for (i = 0; i < rt->nroutes; i++) {
		const struct route *ro = &rt->routes[i];

		if (router_try(ro, r->path, off, len, &n) != 0)
			continue;
		/* Language codes in URLs are lower case: /FI/ is not a page. */
		if ((ro->flags & ROUTE_LANG) &&
		    (len[0] != 2 || r->path[off[0]] < 'a' ||
		    r->path[off[0] + 1] < 'a' ||
		    lang_parse(r->path + off[0], len[0], &r->lang) != 0))
			continue;
		methods = ro->methods;
		if (methods & HTTP_GET)
			methods |= HTTP_HEAD;
		*allow |= methods;
		if ((methods & want) == 0 || found != NULL)
			continue;
		found = ro;
		r->route = ro;
		r->nparams = n;
		for (j = 0; j < n; j++)
			r->params[j] = arena_strndup(&r->arena,
			    r->path + off[j], len[j]);
		r->lang_from_path = (ro->flags & ROUTE_LANG) != 0;
	}
	/* Every page answers OPTIONS with its methods (RFC 9110 9.3.7). */
	if (*allow)
		*allow |= HTTP_OPTIONS;
	if (found != NULL)
		return ROUTER_FOUND;
	return *allow ? ROUTER_BAD_METHOD : ROUTER_NOT_FOUND;
}

const char *
router_allow_header(struct arena *a, unsigned methods)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ HTTP_GET, "GET" }, { HTTP_HEAD, "HEAD" }, { HTTP_POST, "POST" },
		{ HTTP_PUT, "PUT" }, { HTTP_PATCH, "PATCH" },
		{ HTTP_DELETE, "DELETE" }, { HTTP_OPTIONS, "OPTIONS" },
	};
	char tmp[64];
	size_t i, n = 0;

	tmp[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((methods & names[i].bit) == 0)
			continue;
		n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "%s%s",
		    n ? ", " : "", names[i].name);
	}
	return arena_strdup(a, tmp);
}

enum http_method
http_method_parse(const char *name)
{
	static const struct { const char *name; enum http_method m; } names[] = {
		{ "GET", HTTP_GET }, { "HEAD", HTTP_HEAD }, { "POST", HTTP_POST },
		{ "PUT", HTTP_PUT }, { "PATCH", HTTP_PATCH },
		{ "DELETE", HTTP_DELETE }, { "OPTIONS", HTTP_OPTIONS },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0)
			return names[i].m;
	return HTTP_OTHER;
}

int
route_id(struct request *r, struct db **db, int64_t *id)
{
	if (id_parse(request_param(r, "id"), id) != 0)
		return 1;
	return (*db = request_db(r)) != NULL ? 0 : -1;
}

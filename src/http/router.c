/*
 * router.c - segment-by-segment matching of paths against the route table.
 *
 * Patterns are short, so a route is tried by comparing segments in place:
 * it allocates nothing unless a route matches and has parameters.  Trying
 * all 150 in turn was 12 % of a cached page's time (issue 13), so
 * router_prepare() files each route under its first literal segment
 * ("events" in /:lang/events/:id, at position 1): a path is tried only
 * against the routes filed under its own segments at those positions and
 * those with no literal segment at all, in table order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

/* --- the index --- */

#define ROUTER_POS_MAX	4	/* literal segments filed up to this depth */

/* The routes filed under one (position, literal segment), ascending. */
struct router_bucket {
	unsigned pos;
	const char *seg;	/* into the route's pattern */
	size_t seglen;
	uint32_t *ids;
	size_t n;
};

struct router_index {
	struct router_bucket *buckets;	/* open addressing, nslots */
	size_t nslots;
	uint32_t *loose;		/* routes with no literal segment */
	size_t nloose;
	unsigned maxpos;		/* deepest position any route uses */
};

static uint64_t
router_hash(unsigned pos, const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ pos;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* The route's first literal segment within ROUTER_POS_MAX; false when it
 * has none (all parameters, or deeper). */
static bool
router_first_literal(const char *p, unsigned *pos, const char **seg,
    size_t *seglen)
{
	unsigned k;

	for (k = 0; k < ROUTER_POS_MAX && *p == '/'; k++) {
		p++;
		if (*p != ':' && *p != '*') {
			*pos = k;
			*seg = p;
			*seglen = router_seglen(p);
			return true;
		}
		p += router_seglen(p);
	}
	return false;
}

static struct router_bucket *
router_slot(const struct router_index *ix, unsigned pos, const char *s,
    size_t n)
{
	size_t i = (size_t)router_hash(pos, s, n) & (ix->nslots - 1);

	for (;; i = (i + 1) & (ix->nslots - 1)) {
		struct router_bucket *b = &ix->buckets[i];

		if (b->seg == NULL || (b->pos == pos && b->seglen == n &&
		    memcmp(b->seg, s, n) == 0))
			return b;
	}
}

void
router_release(struct router *rt)
{
	struct router_index *ix = rt->index;
	size_t i;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->nslots; i++)
		free(ix->buckets[i].ids);
	free(ix->buckets);
	free(ix->loose);
	free(ix);
	rt->index = NULL;
}

int
router_prepare(struct router *rt)
{
	struct router_index *ix;
	size_t i;

	router_release(rt);
	if ((ix = calloc(1, sizeof(*ix))) == NULL)
		return -1;
	/* At least twice the routes, a power of two: short probes. */
	for (ix->nslots = 16; ix->nslots < 2 * rt->nroutes; ix->nslots *= 2)
		;
	ix->buckets = calloc(ix->nslots, sizeof(*ix->buckets));
	ix->loose = calloc(rt->nroutes ? rt->nroutes : 1, sizeof(*ix->loose));
	if (ix->buckets == NULL || ix->loose == NULL)
		goto fail;
	rt->index = ix;
	for (i = 0; i < rt->nroutes; i++) {
		struct router_bucket *b;
		const char *seg;
		size_t seglen;
		unsigned pos;
		uint32_t *ids;

		if (!router_first_literal(rt->routes[i].pattern, &pos, &seg,
		    &seglen)) {
			ix->loose[ix->nloose++] = (uint32_t)i;
			continue;
		}
		b = router_slot(ix, pos, seg, seglen);
		if ((ids = realloc(b->ids, (b->n + 1) * sizeof(*ids))) == NULL)
			goto fail;
		b->ids = ids;
		b->ids[b->n++] = (uint32_t)i;
		b->pos = pos;
		b->seg = seg;
		b->seglen = seglen;
		if (pos > ix->maxpos)
			ix->maxpos = pos;
	}
	return 0;
fail:
	if (rt->index == NULL) {
		free(ix->buckets);
		free(ix->loose);
		free(ix);
	} else
		router_release(rt);
	return -1;
}

/*
 * The candidates for path, ascending, into ids (at most nroutes): the
 * routes filed under the path's segment at each position, and the loose
 * ones.  Lists are merged, so the first match is the table's first.
 */
static size_t
router_candidates(const struct router *rt, const char *path, uint32_t *ids)
{
	const struct router_index *ix = rt->index;
	const uint32_t *list[ROUTER_POS_MAX + 1];
	size_t nlist[ROUTER_POS_MAX + 1], at[ROUTER_POS_MAX + 1] = { 0 };
	size_t nl = 0, n = 0, k;
	const char *q = path;
	unsigned pos;

	for (pos = 0; pos <= ix->maxpos && *q == '/'; pos++) {
		const struct router_bucket *b;
		size_t ql;

		q++;
		ql = router_seglen(q);
		b = router_slot(ix, pos, q, ql);
		if (b->seg != NULL) {
			list[nl] = b->ids;
			nlist[nl++] = b->n;
		}
		q += ql;
	}
	list[nl] = ix->loose;
	nlist[nl++] = ix->nloose;
	for (;;) {
		size_t best = nl;

		for (k = 0; k < nl; k++)
			if (at[k] < nlist[k] && (best == nl ||
			    list[k][at[k]] < list[best][at[best]]))
				best = k;
		if (best == nl)
			return n;
		ids[n++] = list[best][at[best]++];
	}
}

/* --- matching --- */

enum router_result
router_match(const struct router *rt, struct request *r, unsigned *allow)
{
	size_t off[ROUTE_MAX_PARAMS], len[ROUTE_MAX_PARAMS], n = 0, i, j;
	size_t ncand = rt->nroutes;
	unsigned methods, want = r->method;
	const struct route *found = NULL;
	uint32_t *cand = NULL;

	*allow = 0;
	if (rt->index != NULL && (cand = arena_alloc(&r->arena,
	    (rt->nroutes ? rt->nroutes : 1) * sizeof(*cand))) != NULL)
		ncand = router_candidates(rt, r->path, cand);
	for (i = 0; i < ncand; i++) {
		const struct route *ro = &rt->routes[cand ? cand[i] : i];

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

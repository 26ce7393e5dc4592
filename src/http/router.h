/*
 * router.h - maps method and path to a handler.
 *
 * The route table is data (src/app/routes.c): a pattern of literal segments,
 * :params (one segment) and a final *rest (the remainder), the methods it accepts and its handler.  One table drives the
 * dispatcher, the 405 Allow header, the metrics labels and the tests that
 * check every route.
 */
#ifndef TV_HTTP_ROUTER_H
#define TV_HTTP_ROUTER_H

#include <stddef.h>

#include "http/request.h"

typedef void (*route_handler)(struct request *r);

enum route_flags {
	ROUTE_LANG = 1 << 0,	/* first segment is :lang (fi, sv, en) */
	ROUTE_FORM = 1 << 1,	/* accepts a urlencoded or multipart body */
	ROUTE_CACHE = 1 << 2,	/* the same for every visitor: micro-cached */
	ROUTE_API = 1 << 3,	/* JSON API: Bearer tokens, JSON errors */
	ROUTE_UPLOAD = 1 << 4,	/* a ROUTE_FORM that takes files (http/upload.h) */
};

struct route {
	const char *name;	/* stable label, e.g. "network.municipality" */
	unsigned methods;	/* enum http_method bits; GET implies HEAD */
	const char *pattern;	/* "/:lang/municipalities/:code" */
	route_handler handler;
	unsigned flags;
	int action;		/* what the policy checks (auth/policy.h) */
};

struct router {
	const struct route *routes;
	size_t nroutes;
};

enum router_result { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_BAD_METHOD };

/*
 * Matches r->path and r->method.  On ROUTER_FOUND sets r->route and
 * r->params; on ROUTER_BAD_METHOD *allow holds the accepted method bits.
 * A :lang segment must be fi, sv or en (else no match) and sets r->lang.
 */
enum router_result router_match(const struct router *rt, struct request *r,
    unsigned *allow);

/* "GET, HEAD, POST" for an Allow header, in the arena. */
const char *router_allow_header(struct arena *a, unsigned methods);

/* Parses a method name; HTTP_OTHER when unknown. */
enum http_method http_method_parse(const char *name);

#endif

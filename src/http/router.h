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

struct object_scope;

/*
 * What a route works on: the object its parameters name (an event, a post,
 * a workspace) and who may reach it.  The guard runs the loader after the
 * action check and before the handler; it answers 404 when there is no
 * such object or when the policy says the user may not reach it (a
 * stranger cannot tell the two apart), 503 on a database error.  The
 * handler finds the object in r->object (request_object()).
 */
struct route_loader {
	const char *name;	/* "event", "news-post": in `tukiverkko routes` */
	/* 0 with *obj and *scope filled; 1 when there is no such object; -1
	 * on error.  Reads through request_db(r), in the page's snapshot. */
	int (*load)(struct request *r, void **obj, struct object_scope *scope);
	int rule;		/* enum scope_rule (auth/policy.h) */
};

/* The first steps of a loader of an object by :id: the id and the
 * request's store.  0; 1 when :id is not an id (no such object); -1
 * when the store cannot be reached. */
int route_id(struct request *r, struct db **db, int64_t *id);

enum route_flags {
	ROUTE_LANG = 1 << 0,	/* first segment is :lang (fi, sv, en) */
	ROUTE_FORM = 1 << 1,	/* accepts a urlencoded or multipart body */
	ROUTE_CACHE = 1 << 2,	/* the same for every visitor: micro-cached */
	ROUTE_API = 1 << 3,	/* JSON API: Bearer tokens, JSON errors */
	ROUTE_UPLOAD = 1 << 4,	/* a ROUTE_FORM that takes files (http/upload.h) */
	/* RFC 8058 one-click opt-out: a POST whose body is exactly
	 * List-Unsubscribe=One-Click needs no CSRF token (the secret in the
	 * path authorises it); any other POST needs one as usual. */
	ROUTE_ONE_CLICK = 1 << 5,
	/* The page may ask the browser for its position, the site itself
	 * only (Permissions-Policy geolocation=(self); every other page
	 * geolocation=()): the directory's "Use my location". */
	ROUTE_GEOLOCATION = 1 << 6,
};

struct route {
	const char *name;	/* stable label, e.g. "network.municipality" */
	unsigned methods;	/* enum http_method bits; GET implies HEAD */
	const char *pattern;	/* "/:lang/municipalities/:code" */
	route_handler handler;
	unsigned flags;
	int action;		/* what the policy checks (auth/policy.h) */
	const struct route_loader *loader;	/* NULL: no single object */
};

struct router_index;

struct router {
	const struct route *routes;
	size_t nroutes;
	/* router_prepare(): which routes a path can match, by its literal
	 * segments; NULL tries every route in turn (same answers). */
	struct router_index *index;
};

enum router_result { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_BAD_METHOD };

/*
 * Matches r->path and r->method.  On ROUTER_FOUND sets r->route and
 * r->params; on ROUTER_BAD_METHOD *allow holds the accepted method bits.
 * A :lang segment must be fi, sv or en (else no match) and sets r->lang.
 */
enum router_result router_match(const struct router *rt, struct request *r,
    unsigned *allow);

/*
 * Indexes the table by each route's first literal segment, so that a
 * match tries only the routes that can match (a handful of 150) instead
 * of every one.  The answers are the same as without it, first match
 * wins.  0, or -1 when out of memory (the router then stays linear).
 * Call once, before serving; router_release() frees it.
 */
int router_prepare(struct router *rt);
void router_release(struct router *rt);

/* "GET, HEAD, POST" for an Allow header, in the arena. */
const char *router_allow_header(struct arena *a, unsigned methods);

/* Parses a method name; HTTP_OTHER when unknown. */
enum http_method http_method_parse(const char *name);

#endif

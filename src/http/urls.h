/*
 * urls.h - a site URL from a route's name, so that a link follows the
 * route table (routes.c) instead of repeating its pattern.
 *
 *	url_for(&r->arena, r->lang, "events.page", id_text, NULL)
 *		-> "/fi/events/42"
 *
 * :lang becomes the language code; every other :param and a trailing
 * *rest take the string arguments in pattern order, each percent-encoded
 * as a path segment (a *rest keeps its slashes).  The list ends with NULL;
 * the compiler checks that it does (the sentinel attribute).  A query or
 * fragment is the caller's: arena_printf(a, "%s?done=1", url_for(...)).
 * An int64 id becomes an argument with url_id(a, id).
 *
 * The table is the application's (src/app/routes.c); main.c names it
 * with url_use_router() at start, so that modules link to each other's
 * pages through http/ without depending on app.
 *
 * An unknown name or a wrong number of arguments is a bug in the caller,
 * not in the request, so it neither aborts (one bad link would take the
 * whole server down) nor fails quietly: it is logged as an error and the
 * URL returned is "/!url-error/<name>", which stands out in a page, makes
 * every test that follows or compares the link fail, and answers 404.
 * Resolving a name is a binary search of an index built on first use.
 */
#ifndef TV_HTTP_URLS_H
#define TV_HTTP_URLS_H

#include <stdint.h>

#include "base/arena.h"
#include "http/router.h"
#include "view/i18n.h"

/* The route table that names resolve in; call once at start, before any
 * thread starts and before the first url_for(). */
void url_use_router(const struct router *rt);

/* The path of route `name` ("/fi/events/42"), in the arena. */
const char *url_for(struct arena *a, enum lang l, const char *name, ...)
    __attribute__((sentinel));

/* The same with base_url in front ("https://tuki.example.org/fi/events/42"),
 * for links that leave the site: e-mail, feeds, calendar files. */
const char *url_abs_for(struct arena *a, enum lang l, const char *name, ...)
    __attribute__((sentinel));

/* An id as a url_for() argument: "42", in the arena. */
const char *url_id(struct arena *a, int64_t id);

#endif

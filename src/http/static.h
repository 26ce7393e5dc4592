/*
 * static.h - static files (CSS, images), held in memory.
 *
 * The static directory is read once at start: each file with its ETag (a
 * SHA-256 prefix), its Content-Type and, when a newer `.gz` sibling exists,
 * its precompressed form.  Serving is then a lookup and a pointer hand-over:
 * no disk access and no copy per request.
 */
#ifndef TV_HTTP_STATIC_H
#define TV_HTTP_STATIC_H

#include "http/request.h"

/* Loads dir (recursively).  0, or -1 if dir cannot be read. */
int static_load(const char *dir);

/* Frees what static_load() loaded. */
void static_unload(void);

/* Handler for GET /static/ *path. */
void static_serve(struct request *r);

/*
 * The URL of a static file with its ETag as a version parameter, so pages
 * can let browsers cache it for a year: "/static/css/site.css?v=1a2b3c".
 * An unknown file gets its plain /static/ path (made in the arena).
 */
const char *static_href(struct arena *a, const char *name);

#endif

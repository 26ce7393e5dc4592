/*
 * cache.h - a micro-cache of rendered public pages.
 *
 * Public pages (the front page, municipality pages) are the same for every
 * anonymous visitor until the data changes.  Each worker thread keeps its
 * own small table of rendered bodies, so lookups take no lock.  An entry is
 * used only while no write has been committed since it was rendered
 * (db_generation()) and for at most `ttl` seconds, which bounds staleness
 * after writes made by another process (an import run from the CLI).
 */
#ifndef TV_HTTP_CACHE_H
#define TV_HTTP_CACHE_H

#include <stdbool.h>

#include "http/request.h"

/* The most a thread keeps, its bodies plain and gzipped: each query
 * string is a key of its own, and without a bound 256 slots of the
 * calendar feed's 260 KB (/fi/events.ics?1, ?2, ...) were 80 MB a
 * thread.  Past it a page is answered as rendered and not kept. */
#define CACHE_THREAD_BYTES (16 * 1024 * 1024)

/* Prepares the per-thread tables; call before the pool threads start.
 * Entries live at most page_cache_ms (settings); 0 turns the cache off. */
void cache_init(void);

/* Fills r's response from the cache; true on a hit. */
bool cache_lookup(struct request *r);

/* Stores r's response if it may be shared (200, no extra headers).  Only
 * routes marked ROUTE_CACHE come here; pages that differ per visitor (once
 * there are sessions) must skip the cache. */
void cache_store(struct request *r);

#endif

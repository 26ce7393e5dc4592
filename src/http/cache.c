/*
 * cache.c - per-thread cache of rendered public pages.
 */
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/log.h"
#include "base/settings.h"
#include "base/time.h"
#include "db/db.h"
#include "http/cache.h"
#include "http/gzip.h"
#include "http/response.h"

#define CACHE_SLOTS 256		/* per thread; a power of two */
#define CACHE_BODY_MAX (256 * 1024)

struct cache_entry {
	char *key;		/* the raw URI: path and query */
	char *body;
	size_t len;
	unsigned char *gz;	/* the body gzipped once at store time, or NULL */
	size_t gz_len;
	const char *content_type;	/* a string literal of the handler */
	char *cache_control;	/* the handler's public Cache-Control, or NULL */
	char etag[GZIP_ETAG_SIZE];	/* of body (gzip_etag()) */
	uint64_t generation;
	int64_t expires_ns;
};

static __thread struct cache_entry *cache_table;
static __thread size_t cache_bytes;	/* of cache_table's entries */
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

/* Frees a thread's table when the thread ends (pool threads end at stop). */
static void
cache_table_free(void *p)
{
	struct cache_entry *t = p;
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++) {
		free(t[i].key);
		free(t[i].body);
		free(t[i].gz);
		free(t[i].cache_control);
	}
	free(t);
}

static void
cache_key_create(void)
{
	if (pthread_key_create(&cache_key, cache_table_free) != 0)
		fatal("cache: pthread_key_create failed");
}

void
cache_init(void)
{
	pthread_once(&cache_once, cache_key_create);
}

/* FNV-1a: the keys are short paths, and the table is per thread. */
static size_t
cache_slot(const char *key)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *key != '\0'; key++) {
		h ^= (unsigned char)*key;
		h *= 1099511628211ULL;
	}
	return (size_t)(h & (CACHE_SLOTS - 1));
}

static bool
cache_usable(const struct request *r)
{
	return config_get()->page_cache_ms > 0 && (r->method == HTTP_GET ||
	    r->method == HTTP_HEAD) && r->raw_uri != NULL;
}

/*
 * Fills r's response from entry e, compressed at the entry's level when the
 * client takes gzip.  A miss that was just stored is answered the same way,
 * so that one ETag always stands for the same bytes and a 304's
 * Content-Length is that of any 200 with its tag (RFC 9110 8.6) — the live
 * path compresses at a faster level.
 */
static void
cache_serve(struct request *r, const struct cache_entry *e)
{
	r->resp.status = 200;
	r->resp.content_type = e->content_type;
	r->resp.body.len = 0;
	if (e->cache_control != NULL)
		response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
		    arena_strdup(&r->arena, e->cache_control));
	if (e->gz != NULL)
		response_header(r, "Vary", "Accept-Encoding");
	/* A copy, not a pointer: the entry may be replaced while a slow
	 * client is still being sent the page. */
	if (e->gz != NULL && request_accepts_gzip(r)) {
		response_header(r, "Content-Encoding", "gzip");
		response_header(r, "ETag", gzip_etag_for(&r->arena, e->etag,
		    true));
		buf_append(&r->resp.body, e->gz, e->gz_len);
	} else {
		response_header(r, "ETag", gzip_etag_for(&r->arena, e->etag,
		    false));
		buf_append(&r->resp.body, e->body, e->len);
	}
}

bool
cache_lookup(struct request *r)
{
	struct cache_entry *e;

	if (!cache_usable(r))
		return false;
	/* Read before rendering: a write committed while the page renders
	 * then makes the stored copy stale at once instead of never. */
	r->cache_generation = db_generation();
	if (cache_table == NULL)
		return false;
	e = &cache_table[cache_slot(r->raw_uri)];
	if (e->key == NULL || strcmp(e->key, r->raw_uri) != 0 ||
	    e->generation != db_generation() || time_mono_ns() > e->expires_ns)
		return false;
	cache_serve(r, e);
	return true;
}

/*
 * The handler's Cache-Control when it is the response's one header and
 * says public (the feeds' "public, max-age=300"), "" for no header at
 * all, NULL for anything else.
 */
static const char *
cache_shared_headers(const struct request *r)
{
	if (r->resp.nheaders == 0)
		return "";
	if (r->resp.nheaders == 1 && strcasecmp(r->resp.headers[0].name,
	    MHD_HTTP_HEADER_CACHE_CONTROL) == 0 &&
	    strncmp(r->resp.headers[0].value, "public", 6) == 0)
		return r->resp.headers[0].value;
	return NULL;
}

/*
 * Only a plain 200 is shared, with no header of its own but a public
 * Cache-Control (stored and sent again): a response that sets a cookie,
 * redirects or varies by request headers must never be handed to another
 * visitor.  The feeds say how long others may keep them, and were never
 * stored for it: a calendar's poll rendered its 500 events each time.
 */
void
cache_store(struct request *r)
{
	struct cache_entry *e;
	const char *cc;

	if (!cache_usable(r) || r->resp.status != 200 ||
	    (cc = cache_shared_headers(r)) == NULL ||
	    r->resp.fixed != NULL || r->resp.from_file ||
	    r->resp.body.len > CACHE_BODY_MAX)
		return;
	if (cache_table == NULL) {
		if ((cache_table = calloc(CACHE_SLOTS, sizeof(*cache_table))) == NULL)
			return;
		pthread_setspecific(cache_key, cache_table);
	}
	e = &cache_table[cache_slot(r->raw_uri)];
	cache_bytes -= e->len + e->gz_len;
	free(e->key);
	free(e->body);
	free(e->gz);
	free(e->cache_control);
	memset(e, 0, sizeof(*e));
	/* Over the thread's budget the slot stays empty: the page is
	 * answered as rendered. */
	if (cache_bytes + r->resp.body.len > CACHE_THREAD_BYTES)
		return;
	e->key = strdup(r->raw_uri);
	e->body = malloc(r->resp.body.len ? r->resp.body.len : 1);
	e->cache_control = cc[0] != '\0' ? strdup(cc) : NULL;
	if (e->key == NULL || e->body == NULL || (cc[0] != '\0' &&
	    e->cache_control == NULL)) {
		free(e->key);
		free(e->body);
		free(e->cache_control);
		memset(e, 0, sizeof(*e));
		return;
	}
	memcpy(e->body, r->resp.body.data, r->resp.body.len);
	e->len = r->resp.body.len;
	e->gz = gzip_compress(e->body, e->len, 6, &e->gz_len);
	if (e->gz == NULL)
		e->gz_len = 0;
	cache_bytes += e->len + e->gz_len;
	gzip_etag(e->body, e->len, e->etag);
	e->content_type = r->resp.content_type;
	e->generation = r->cache_generation;
	e->expires_ns = time_mono_ns() +
	    (int64_t)config_get()->page_cache_ms * 1000000;
	/* Answered as a hit is, its one header included. */
	r->resp.nheaders = 0;
	cache_serve(r, e);
}

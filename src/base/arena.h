/*
 * arena.h - a memory pool per request (after h2o's h2o_mem_pool_t).
 *
 * Everything a request needs is carved out of one arena and released at once
 * when the response is done, so handlers never free and never leak.  Chunks
 * grow geometrically; arena_reset() keeps the first chunk so that a worker
 * thread that serves many small requests allocates nothing after warm-up.
 */
#ifndef TV_BASE_ARENA_H
#define TV_BASE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;	/* newest chunk, allocations come from here */
	size_t used;			/* bytes used in head */
	size_t total;			/* bytes handed out since init/reset, for limits */
};

/* Prepares an empty arena; allocates nothing until first use. */
void arena_init(struct arena *a);

/* Frees every chunk.  The arena may be reused after arena_init(). */
void arena_cleanup(struct arena *a);

/* Forgets all allocations but keeps the first chunk for reuse. */
void arena_reset(struct arena *a);

/* Returns n bytes aligned to 16, never NULL (aborts via fatal() on OOM). */
void *arena_alloc(struct arena *a, size_t n);

/* Like arena_alloc(), zero-filled; checks nmemb * size for overflow. */
void *arena_calloc(struct arena *a, size_t nmemb, size_t size);

/*
 * Makes room for one more element in an arena array of n elements of
 * `size` bytes with capacity *cap, doubling it (the old block is simply
 * left in the arena): returns the array to use from now on.  For the small
 * lists a page reads from the database.
 */
void *arena_grow(struct arena *a, void *old, size_t n, size_t *cap,
    size_t size);

/* Copies n bytes of s and adds a NUL terminator. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* Copies the NUL-terminated s; NULL stays NULL. */
char *arena_strdup(struct arena *a, const char *s);

/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

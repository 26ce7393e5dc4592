/*
 * arena.c - the per-request memory pool.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/log.h"

#define ARENA_ALIGN 16
#define ARENA_FIRST 8192	/* most pages need less than this */

struct arena_chunk {
	struct arena_chunk *next;	/* older chunk */
	size_t size;			/* usable bytes in data[] */
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

void
arena_cleanup(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	arena_init(a);
}

/*
 * Frees every chunk but the oldest, which is the smallest and the one a
 * typical request fits in; that keeps a worker thread allocation-free once
 * it has served its first request.
 */
void
arena_reset(struct arena *a)
{
	struct arena_chunk *c, *next;

	if (a->head == NULL)
		return;
	for (c = a->head; c->next != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = c;
	a->used = 0;
	a->total = 0;
}

/*
 * A request that needs more than the current chunk gets a new chunk at least
 * twice the size of the last, so the number of mallocs grows only with the
 * logarithm of the request's memory.
 */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c;
	size_t size, off;

	if (n > SIZE_MAX - ARENA_ALIGN)
		fatal("arena_alloc: size overflow");
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	if (a->head != NULL && a->head->size - a->used >= n) {
		off = a->used;
		a->used += n;
		a->total += n;
		return a->head->data + off;
	}
	size = a->head != NULL ? a->head->size * 2 : ARENA_FIRST;
	while (size < n) {
		if (size > SIZE_MAX / 2)
			fatal("arena_alloc: size overflow");
		size *= 2;
	}
	if (size > SIZE_MAX - sizeof(*c))
		fatal("arena_alloc: size overflow");
	c = malloc(sizeof(*c) + size);
	if (c == NULL)
		fatal("arena_alloc: out of memory");
	c->size = size;
	c->next = a->head;
	a->head = c;
	a->used = n;
	a->total += n;
	return c->data;
}

void *
arena_calloc(struct arena *a, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		fatal("arena_calloc: size overflow");
	p = arena_alloc(a, nmemb * size);
	memset(p, 0, nmemb * size);
	return p;
}

void *
arena_grow(struct arena *a, void *old, size_t n, size_t *cap, size_t size)
{
	void *p;

	if (n < *cap)
		return old;
	if (*cap > SIZE_MAX / 2)
		fatal("arena_grow: size overflow");
	*cap = *cap ? *cap * 2 : 16;
	p = arena_calloc(a, *cap, size);
	if (n > 0)
		memcpy(p, old, n * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		fatal("arena_strndup: size overflow");
	p = arena_alloc(a, n + 1);
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char small[256], *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("arena_printf: bad format");
	p = arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small)) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

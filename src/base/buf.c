/*
 * buf.c - growing output buffers.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/log.h"

#define BUF_FIRST 4096

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_cleanup(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

/*
 * Always keeps one spare byte so that buf_cstr() can terminate without
 * growing; capacity doubles so appends are amortised O(1).
 */
void
buf_reserve(struct buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > SIZE_MAX - b->len - 1)
		fatal("buf_reserve: size overflow");
	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : BUF_FIRST;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			fatal("buf_reserve: size overflow");
		cap *= 2;
	}
	p = realloc(b->data, cap);
	if (p == NULL)
		fatal("buf_reserve: out of memory");
	b->data = p;
	b->cap = cap;
}

void
buf_append(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void
buf_puts(struct buf *b, const char *s)
{
	if (s != NULL)
		buf_append(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_reserve(b, 1);
	b->data[b->len++] = c;
}

void
buf_put_i64(struct buf *b, int64_t v)
{
	char tmp[24];
	int n;

	n = snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	buf_append(b, tmp, (size_t)n);
}

/*
 * Formats into the spare capacity first; only when that is too small does
 * it grow and format a second time, so most calls format once.
 */
void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	buf_reserve(b, 64);
	room = b->cap - b->len;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("buf_printf: bad format");
	if ((size_t)n >= room) {
		buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

const char *
buf_cstr(struct buf *b)
{
	buf_reserve(b, 0);
	b->data[b->len] = '\0';
	return b->data;
}

char *
buf_steal(struct buf *b, size_t *len)
{
	char *p;

	buf_cstr(b);
	p = b->data;
	*len = b->len;
	buf_init(b);
	return p;
}

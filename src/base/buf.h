/*
 * buf.h - a growing byte buffer for output (response bodies, CSV, JSON).
 *
 * The storage is malloc'd so that a finished response body can be handed to
 * libmicrohttpd without a copy (buf_steal()).  Growth is geometric and every
 * size computation is checked for overflow.
 */
#ifndef TV_BASE_BUF_H
#define TV_BASE_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

/* Empty buffer, no allocation yet. */
void buf_init(struct buf *b);

/* Frees the storage; the buffer is empty afterwards and reusable. */
void buf_cleanup(struct buf *b);

/* Makes room for n more bytes (fatal() on OOM or overflow). */
void buf_reserve(struct buf *b, size_t n);

void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_put_i64(struct buf *b, int64_t v);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* NUL-terminates (not counted in len) and returns data; never NULL. */
const char *buf_cstr(struct buf *b);

/* Hands the storage to the caller (who frees it) and empties the buffer. */
char *buf_steal(struct buf *b, size_t *len);

#endif

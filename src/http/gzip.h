/*
 * gzip.h - compressing response bodies, and their validators.
 */
#ifndef TV_HTTP_GZIP_H
#define TV_HTTP_GZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

#define GZIP_MIN 1024	/* smaller bodies gain less than the header costs */

/*
 * The n bytes at p as a gzip member (RFC 1952) at zlib level `level`, in
 * malloc'd memory with *out_len set; NULL when the body is under GZIP_MIN,
 * would not shrink, or compression fails.
 */
unsigned char *gzip_compress(const void *p, size_t n, int level,
    size_t *out_len);

/*
 * The validator of a body (before any compression): a quoted hash,
 * "\"<16 hex>\"", into out.  gzip_etag_for() gives what to send with the
 * body as it goes out: the strong tag for the bytes as they are, the weak
 * W/"<hash>-gz" for a compressed copy (compressed at another level, by
 * the page cache or per response, the bytes differ while the content is
 * the same, which is what a weak tag promises).
 */
#define GZIP_ETAG_SIZE 20
void gzip_etag(const void *p, size_t n, char out[GZIP_ETAG_SIZE]);
const char *gzip_etag_for(struct arena *a, const char *etag, bool gzipped);

#endif

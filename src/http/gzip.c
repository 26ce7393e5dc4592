/*
 * gzip.c - compressing response bodies (gzip.h).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <stdio.h>
#include <zlib.h>

#include "http/gzip.h"

unsigned char *
gzip_compress(const void *p, size_t n, int level, size_t *out_len)
{
	z_stream z;
	unsigned char *out;
	size_t cap;

	if (n < GZIP_MIN || n > UINT_MAX)
		return NULL;
	memset(&z, 0, sizeof(z));
	/* 16 + MAX_WBITS: a gzip header and trailer, not zlib's. */
	if (deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	cap = deflateBound(&z, (uLong)n);
	if ((out = malloc(cap)) == NULL) {
		deflateEnd(&z);
		return NULL;
	}
	/* zlib's next_in is not const but deflate() only reads it. */
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END || z.total_out >= n) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

void
gzip_etag(const void *p, size_t n, char out[GZIP_ETAG_SIZE])
{
	unsigned char hash[8];
	size_t i;

	crypto_generichash(hash, sizeof(hash), p, n, NULL, 0);
	out[0] = '"';
	for (i = 0; i < sizeof(hash); i++)
		snprintf(out + 1 + 2 * i, 3, "%02x", hash[i]);
	out[17] = '"';
	out[18] = '\0';
}

const char *
gzip_etag_for(struct arena *a, const char *etag, bool gzipped)
{
	return gzipped ? arena_printf(a, "W/%.17s-gz\"", etag) :
	    arena_strdup(a, etag);
}

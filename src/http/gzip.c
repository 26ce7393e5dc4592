/*
 * gzip.c - compressing response bodies (gzip.h).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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

/*
 * The validator's hash: XXH64's construction (four lanes over 32-byte
 * stripes, then the tail and a final avalanche), written out here.  A
 * validator only has to change when the bytes do; it needs no secrecy,
 * and BLAKE2b over every uncached page was 5-9 % of a list page's CPU
 * (issue 13) where this takes a tenth of that.
 */
#define H_P1 0x9E3779B185EBCA87ULL
#define H_P2 0xC2B2AE3D27D4EB4FULL
#define H_P3 0x165667B19E3779F9ULL
#define H_P4 0x85EBCA77C2B2AE63ULL
#define H_P5 0x27D4EB2F165667C5ULL

static inline uint64_t
h_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t
h_read64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t
h_round(uint64_t acc, uint64_t in)
{
	acc += in * H_P2;
	return h_rotl(acc, 31) * H_P1;
}

static inline uint64_t
h_merge(uint64_t acc, uint64_t v)
{
	acc ^= h_round(0, v);
	return acc * H_P1 + H_P4;
}

static uint64_t
gzip_hash64(const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n;
	uint64_t h;

	if (n >= 32) {
		uint64_t v1 = H_P1 + H_P2, v2 = H_P2, v3 = 0, v4 = 0 - H_P1;

		do {
			v1 = h_round(v1, h_read64(p));
			v2 = h_round(v2, h_read64(p + 8));
			v3 = h_round(v3, h_read64(p + 16));
			v4 = h_round(v4, h_read64(p + 24));
			p += 32;
		} while ((size_t)(end - p) >= 32);
		h = h_rotl(v1, 1) + h_rotl(v2, 7) + h_rotl(v3, 12) +
		    h_rotl(v4, 18);
		h = h_merge(h, v1);
		h = h_merge(h, v2);
		h = h_merge(h, v3);
		h = h_merge(h, v4);
	} else
		h = H_P5;
	h += (uint64_t)n;
	for (; (size_t)(end - p) >= 8; p += 8) {
		h ^= h_round(0, h_read64(p));
		h = h_rotl(h, 27) * H_P1 + H_P4;
	}
	for (; p < end; p++) {
		h ^= (uint64_t)*p * H_P5;
		h = h_rotl(h, 11) * H_P1;
	}
	h ^= h >> 33;
	h *= H_P2;
	h ^= h >> 29;
	h *= H_P3;
	h ^= h >> 32;
	return h;
}

void
gzip_etag(const void *p, size_t n, char out[GZIP_ETAG_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t h = gzip_hash64(p, n);
	int i;

	out[0] = '"';
	for (i = 0; i < 16; i++)
		out[1 + i] = hex[(h >> (60 - 4 * i)) & 0x0f];
	out[17] = '"';
	out[18] = '\0';
}

const char *
gzip_etag_for(struct arena *a, const char *etag, bool gzipped)
{
	return gzipped ? arena_printf(a, "W/%.17s-gz\"", etag) :
	    arena_strdup(a, etag);
}

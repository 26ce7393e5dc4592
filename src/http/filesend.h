/*
 * filesend.h - answering a request with a file: Content-Type,
 * Content-Disposition (RFC 6266, with filename* for names that are not
 * ASCII), a strong ETag, If-None-Match (304), Range and If-Range (206 and
 * 416), and HEAD.  Usable by any module; it decides nothing about access.
 *
 * Ranges (RFC 9110 14): one range "bytes=a-b", "bytes=a-" or the suffix
 * "bytes=-n" is served as 206 with Content-Range; a range that starts at
 * or after the end is 416 with "Content-Range: bytes * /size".  A request
 * for several ranges, or a Range header that does not parse, is answered
 * with the whole file (200): the server may ignore Range, and
 * multipart/byteranges buys nothing for the PDFs and images served here.
 * If-Range is honoured only as a strong ETag equal to ours; a date or any
 * other validator makes the whole file come back.
 *
 * The two steps let the caller decide between them, e.g. to count a
 * download only when the body starts at the first byte.
 */
#ifndef TV_HTTP_FILESEND_H
#define TV_HTTP_FILESEND_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

struct filesend {
	int fd;				/* open for reading; not closed here */
	uint64_t size;
	const char *content_type;
	const char *filename;		/* shown in Content-Disposition */
	bool as_inline;			/* inline instead of attachment */
	const char *etag;		/* e.g. the SHA-256 hex, unquoted */
	const char *cache_control;	/* NULL: "private, no-cache" */
};

struct filesend_plan {
	int status;			/* 200, 206, 304 or 416 */
	uint64_t start;			/* first byte sent */
	uint64_t length;		/* bytes sent */
};

/* Works out what the request gets, from its headers and the file. */
void filesend_plan(struct request *r, const struct filesend *f,
    struct filesend_plan *p);

/* Builds the response of plan p: headers and (not for HEAD) the bytes.
 * 0, or -1 when the file could not be read (then a 503 has been set). */
int filesend_send(struct request *r, const struct filesend *f,
    const struct filesend_plan *p);

/* The Content-Disposition value for a file name, in the arena:
 * attachment; filename="ascii"; filename*=UTF-8''percent-encoded. */
const char *filesend_disposition(struct arena *a, const char *filename,
    bool as_inline);

/* Parses a Range value against a size: 1 one satisfiable range (*start,
 * *len), 0 ignore it (absent, malformed, several ranges), -1 not
 * satisfiable (416). */
int filesend_parse_range(const char *value, uint64_t size, uint64_t *start,
    uint64_t *len);

#endif

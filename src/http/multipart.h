/*
 * multipart.h - a streaming multipart/form-data parser (RFC 7578, RFC 2046).
 *
 * The body arrives in chunks of any size, down to one byte, and file data is
 * handed to a callback as it arrives, so an upload never has to sit in
 * memory whole.  Only the part headers (at most MULTIPART_HEAD_MAX bytes per
 * part) are buffered, in the request arena.
 *
 * The parser is strict where the format is unambiguous: a line that starts
 * with the full delimiter ("--" boundary) must be a real delimiter line
 * (optionally followed by spaces or tabs) or the body is malformed, because
 * RFC 2046 forbids the delimiter inside a part.  Bytes before the first
 * delimiter (preamble) and after the closing one (epilogue) are ignored.
 */
#ifndef TV_HTTP_MULTIPART_H
#define TV_HTTP_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/str.h"
#include "http/parse.h"

#define MULTIPART_BOUNDARY_MAX	70	/* RFC 2046 */
#define MULTIPART_HEAD_MAX	8192	/* bytes of header block per part */
#define MULTIPART_PARTS_MAX	64

/*
 * Extracts the boundary parameter from a Content-Type header value, which
 * must be multipart/form-data (case-insensitive).  The boundary may be a
 * token or a quoted string without backslashes, 1..70 characters of RFC
 * 2046's bchars, not ending in a space; a repeated boundary parameter is
 * refused.  *out points into content_type.  Returns 0 or -1.
 */
int multipart_boundary(const char *content_type, struct str *out);

/*
 * What the parser calls; any member may be NULL.  A callback returns 0 to go
 * on or -1 to stop parsing with PARSE_ABORTED (say, an upload over its size
 * cap); the callback keeps the real reason in its ctx.
 *
 * part_begin gets each part's name, its filename (NULL when the part has no
 * filename parameter; "" when a browser sends a file input with no file
 * chosen) and its Content-Type ("text/plain" when absent, otherwise the
 * header value as sent, parameters included).  The strings are arena copies
 * and outlive the callback.  part_data then gets the part's bytes in one or
 * more pieces (never empty ones), and part_end follows once the part is known
 * to be complete.  When parsing fails, the unfinished part gets no part_end.
 */
struct multipart_cb {
	int (*part_begin)(void *ctx, const char *name, const char *filename,
	    const char *content_type);
	int (*part_data)(void *ctx, const char *p, size_t n);
	int (*part_end)(void *ctx);
};

/* Parser state; embed it anywhere, its fields are private. */
struct multipart {
	struct arena *arena;
	const struct multipart_cb *cb;
	void *ctx;
	char delim[4 + MULTIPART_BOUNDARY_MAX];	/* CR LF "--" boundary */
	size_t delim_len;
	size_t match;		/* bytes of delim matched so far */
	char *head;		/* header block of the part being read */
	size_t head_len;
	size_t parts;		/* parts begun */
	int state;
	bool in_part;		/* between part_begin and part_end */
	enum parse_err err;	/* sticky: once set, every call returns it */
};

/*
 * Prepares mp for one body.  boundary is copied, so it need not outlive the
 * call; an empty or over-long boundary, or one with bytes outside RFC 2046's
 * bchars, makes every later call fail with PARSE_SYNTAX.  a provides the
 * header buffer and the strings given to part_begin.
 */
void multipart_init(struct multipart *mp, struct arena *a, struct str boundary,
    const struct multipart_cb *cb, void *ctx);

/*
 * Parses the next n bytes of the body.  Returns PARSE_OK, or the error that
 * stopped parsing: PARSE_SYNTAX (malformed delimiter or headers, missing
 * Content-Disposition: form-data or name), PARSE_TOO_LONG (header block over
 * MULTIPART_HEAD_MAX, name over PARSE_NAME_MAX), PARSE_TOO_MANY (more than
 * MULTIPART_PARTS_MAX parts), PARSE_BAD_UTF8 (name or filename not valid
 * UTF-8 or containing control characters) or PARSE_ABORTED.
 */
enum parse_err multipart_feed(struct multipart *mp, const char *p, size_t n);

/*
 * Ends the body: PARSE_OK if the closing delimiter was seen (a missing CRLF
 * after it is fine), PARSE_SYNTAX if the body was cut short, or the error
 * that stopped an earlier multipart_feed().
 */
enum parse_err multipart_finish(struct multipart *mp);

#endif

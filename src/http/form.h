/*
 * form.h - request bodies: collected urlencoded forms and streamed
 * multipart/form-data.
 *
 * libmicrohttpd hands the body over in chunks.  An urlencoded body is kept
 * (it is small and capped) and parsed at the end; a multipart body is parsed
 * as it streams in: text fields into r->form, and file parts - on routes
 * that take files (ROUTE_UPLOAD) - into temporary files (http/upload.h),
 * so no upload ever has to fit in memory.
 */
#ifndef TV_HTTP_FORM_H
#define TV_HTTP_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "http/multipart.h"
#include "http/request.h"

enum form_kind { FORM_NONE, FORM_URLENCODED, FORM_MULTIPART, FORM_OTHER };

struct form_stream {
	enum form_kind kind;
	size_t max;		/* body cap */
	size_t got;		/* bytes received so far */
	struct multipart mp;
	struct request *r;
	struct buf field;	/* value of the multipart text field being read */
	const char *field_name;
	const char *upload_dir;	/* NULL: file parts are refused */
	struct upload *file;	/* file part being written */
	bool skip_part;		/* an empty file input: its bytes are dropped */
	size_t fields_max;
	size_t held;		/* bytes taken from the body budget */
	int status;		/* error to answer, 0 while fine */
	const char *msgid;
};

/* A form field without leading and trailing white space (spaces, tabs,
 * CRs, LFs), as an arena copy; "" when the form has no such field. */
const char *form_field(struct request *r, const char *name);

/* Looks at Content-Type and prepares for the body of at most max bytes;
 * file parts go to upload_dir, or are refused when it is NULL. */
void form_stream_init(struct form_stream *fs, struct request *r, size_t max,
    const char *upload_dir);

/*
 * All form bodies being read at one time may hold at most this many times
 * body_max in memory together.  Past it a body is drained, not kept, and
 * answered 503: 300 slow clients cannot make the server grow by 300 x
 * body_max.
 */
#define FORM_BUDGET_BODIES 64

/* Bodies over the cap are drained (read and dropped) for up to this many
 * bytes more, to answer 413. */
#define FORM_DRAIN_MAX ((size_t)64 * 1024 * 1024)

/*
 * Takes a chunk.  -1 when the body went FORM_DRAIN_MAX past the cap: the connection
 * is to be closed without an answer.
 */
int form_feed(struct form_stream *fs, struct request *r, const char *p,
    size_t n);

/* True once the body has gone over the cap (the answer will be 413). */
bool form_too_large(const struct form_stream *fs);

/* Completes parsing into r->form.  -1 with an error response set. */
int form_finish(struct form_stream *fs, struct request *r);

void form_stream_cleanup(struct form_stream *fs);

#endif

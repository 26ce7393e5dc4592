/*
 * fuzz_multipart.c - the streaming multipart parser.
 *
 * The first input byte picks the boundary (bit 0) and a split position (the
 * other bits, scaled to the body length); the rest is the body.  The body is
 * parsed whole, split in two at that position, and one byte at a time, and
 * the three runs must report the same events and the same result.  Parts
 * named "stop", "cap" and "end" make the callbacks abort at part_begin,
 * on the fourth data byte and at part_end, so the abort paths are covered.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "http/multipart.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct rec {
	struct buf log;		/* events as text, data merged */
	bool in_part;
	int mode;		/* 1 stop, 2 cap, 3 end */
	size_t data;		/* bytes of the current part */
};

static int
rec_begin(void *ctx, const char *name, const char *filename,
    const char *type)
{
	struct rec *r = ctx;

	CHECK(!r->in_part);
	CHECK(name != NULL && type != NULL);
	CHECK(strlen(name) <= PARSE_NAME_MAX);
	CHECK(text_valid(name, strlen(name)));
	CHECK(filename == NULL || text_valid(filename, strlen(filename)));
	CHECK(text_valid(type, strlen(type)));
	r->in_part = true;
	r->data = 0;
	r->mode = strcmp(name, "stop") == 0 ? 1 : strcmp(name, "cap") == 0 ?
	    2 : strcmp(name, "end") == 0 ? 3 : 0;
	buf_printf(&r->log, "<%s|%s|%s>", name, filename ? filename : "-",
	    type);
	return r->mode == 1 ? -1 : 0;
}

static int
rec_data(void *ctx, const char *p, size_t n)
{
	struct rec *r = ctx;

	CHECK(r->in_part && n > 0);
	/*
	 * How much data arrives in the call that crosses the cap depends on
	 * the chunking, so only the bytes up to the one that crosses it are
	 * logged.
	 */
	if (r->mode == 2 && n > 4 - r->data)
		n = 4 - r->data;
	buf_append(&r->log, p, n);
	r->data += n;
	return r->mode == 2 && r->data > 3 ? -1 : 0;
}

static int
rec_end(void *ctx)
{
	struct rec *r = ctx;

	CHECK(r->in_part);
	r->in_part = false;
	buf_puts(&r->log, "</>");
	return r->mode == 3 ? -1 : 0;
}

static const struct multipart_cb rec_cb = { rec_begin, rec_data, rec_end };

/* Feeds body in pieces: at split (if nonzero), or bytewise when step == 1. */
static enum parse_err
run(struct str bnd, const char *body, size_t n, size_t split, size_t step,
    struct rec *r)
{
	struct arena a;
	struct multipart mp;
	enum parse_err err = PARSE_OK;
	size_t off;

	arena_init(&a);
	buf_init(&r->log);
	r->in_part = false;
	multipart_init(&mp, &a, bnd, &rec_cb, r);
	if (step == 1) {
		for (off = 0; off < n && err == PARSE_OK; off++)
			err = multipart_feed(&mp, body + off, 1);
	} else {
		err = multipart_feed(&mp, body, split);
		if (err == PARSE_OK)
			err = multipart_feed(&mp, body + split, n - split);
	}
	if (err == PARSE_OK)
		err = multipart_finish(&mp);
	else
		CHECK(multipart_finish(&mp) == err);
	arena_cleanup(&a);
	return err;
}

/* Same result and same events, or the parser depends on chunking. */
static void
same(enum parse_err e1, struct rec *r1, enum parse_err e2, struct rec *r2)
{
	CHECK(e1 == e2);
	CHECK(r1->log.len == r2->log.len);
	CHECK(r1->log.len == 0 ||
	    memcmp(r1->log.data, r2->log.data, r1->log.len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct str bnd;
	struct rec whole, split, bytes;
	enum parse_err e1, e2, e3;
	const char *body;
	size_t n, at;

	if (size == 0)
		return 0;
	bnd = data[0] & 1 ? STR_LIT("AaB03x") : STR_LIT("b");
	body = (const char *)data + 1;
	n = size - 1;
	at = (size_t)(data[0] >> 1) * n / 127;
	e1 = run(bnd, body, n, n, 0, &whole);
	e2 = run(bnd, body, n, at, 0, &split);
	e3 = run(bnd, body, n, 0, 1, &bytes);
	same(e1, &whole, e2, &split);
	same(e1, &whole, e3, &bytes);
	CHECK(e1 != PARSE_BAD_ENCODING);
	buf_cleanup(&whole.log);
	buf_cleanup(&split.log);
	buf_cleanup(&bytes.log);
	return 0;
}

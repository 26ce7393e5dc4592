/*
 * test_multipart.c - the streaming multipart/form-data parser.
 *
 * Every body is parsed whole, one byte at a time and in several chunk sizes,
 * and all runs must report the same events and the same result: streaming
 * must never change what the handler sees.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "http/multipart.h"

#define L(s) (s), (sizeof(s) - 1)
#define BND "AaB03x"
#define CD "Content-Disposition: form-data; "

/*
 * What the callbacks saw, as text: "<name|filename|type>" for part_begin
 * (filename "-" when NULL), the data bytes, "</>" for part_end.
 */
struct rec {
	struct buf log;
	size_t data;		/* total part_data bytes */
	int fail_begin;		/* abort at this part_begin (1-based), 0 never */
	size_t fail_data;	/* abort once data exceeds this, 0 never */
	int fail_end;		/* abort at this part_end (1-based) */
	int begins, ends;
};

static int
rec_begin(void *ctx, const char *name, const char *filename,
    const char *type)
{
	struct rec *r = ctx;

	buf_printf(&r->log, "<%s|%s|%s>", name, filename ? filename : "-",
	    type);
	return ++r->begins == r->fail_begin ? -1 : 0;
}

static int
rec_data(void *ctx, const char *p, size_t n)
{
	struct rec *r = ctx;

	assert_true(n > 0);
	buf_append(&r->log, p, n);
	r->data += n;
	return r->fail_data != 0 && r->data > r->fail_data ? -1 : 0;
}

static int
rec_end(void *ctx)
{
	struct rec *r = ctx;

	buf_puts(&r->log, "</>");
	return ++r->ends == r->fail_end ? -1 : 0;
}

static const struct multipart_cb rec_cb = { rec_begin, rec_data, rec_end };

/* Parses body in chunks of size chunk (0: whole) into r's log. */
static enum parse_err
run(const char *bnd, const char *body, size_t n, size_t chunk, struct rec *r)
{
	struct arena a;
	struct multipart mp;
	enum parse_err err = PARSE_OK;
	size_t off, len;

	arena_init(&a);
	multipart_init(&mp, &a, str_from_cstr(bnd), &rec_cb, r);
	if (chunk == 0)
		chunk = n > 0 ? n : 1;
	for (off = 0; off < n && err == PARSE_OK; off += len) {
		len = n - off < chunk ? n - off : chunk;
		err = multipart_feed(&mp, body + off, len);
	}
	if (err == PARSE_OK)
		err = multipart_finish(&mp);
	else
		assert_int_equal(multipart_finish(&mp), err);
	arena_cleanup(&a);
	return err;
}

static const size_t chunks[] = { 0, 1, 2, 3, 5, 7, 11, 64, 4096 };

/*
 * Parses body in every chunk size with the given failure settings, checks
 * that all runs agree and that the result is want and (if not NULL) the
 * log is expect.
 */
static void
check_rec(const char *bnd, const char *body, size_t n, const struct rec *tmpl,
    enum parse_err want, const char *expect, size_t expect_len)
{
	struct rec first, r;
	enum parse_err err;
	size_t i;

	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		r = *tmpl;
		buf_init(&r.log);
		err = run(bnd, body, n, chunks[i], &r);
		if (err != want)
			fail_msg("chunk %zu: got %d, want %d; log \"%s\"",
			    chunks[i], err, want, buf_cstr(&r.log));
		if (i == 0) {
			first = r;
			continue;
		}
		if (r.log.len != first.log.len || (r.log.len > 0 &&
		    memcmp(r.log.data, first.log.data, r.log.len) != 0))
			fail_msg("chunk %zu differs: \"%s\" vs \"%s\"",
			    chunks[i], buf_cstr(&r.log), buf_cstr(&first.log));
		buf_cleanup(&r.log);
	}
	if (expect != NULL) {
		if (first.log.len != expect_len || (expect_len > 0 &&
		    memcmp(first.log.data, expect, expect_len) != 0))
			fail_msg("log \"%s\", want \"%s\"",
			    buf_cstr(&first.log), expect);
	}
	buf_cleanup(&first.log);
}

static void
check(const char *body, size_t n, enum parse_err want, const char *expect)
{
	struct rec tmpl = { 0 };

	check_rec(BND, body, n, &tmpl, want, expect,
	    expect ? strlen(expect) : 0);
}

#define CHECK(body, want, expect) check(L(body), want, expect)

static void
test_boundary(void **state)
{
	struct str b;
	char ct[200];

	(void)state;
#define B_OK(ct_, want) do {						\
	assert_int_equal(multipart_boundary(ct_, &b), 0);		\
	assert_int_equal(b.len, strlen(want));				\
	assert_memory_equal(b.ptr, want, b.len);			\
} while (0)
#define B_BAD(ct_) do {							\
	assert_int_equal(multipart_boundary(ct_, &b), -1);		\
	assert_null(b.ptr);						\
} while (0)
	B_OK("multipart/form-data; boundary=AaB03x", "AaB03x");
	B_OK("multipart/form-data; boundary=\"AaB03x\"", "AaB03x");
	B_OK("Multipart/Form-Data;BOUNDARY=abc", "abc");
	B_OK("  multipart/form-data ;  boundary=abc  ", "abc");
	B_OK("multipart/form-data; charset=utf-8; "
	    "boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
	    "----WebKitFormBoundary7MA4YWxkTrZu0gW");
	B_OK("multipart/form-data; boundary=---------------------------"
	    "9051914041544843365972754266", "---------------------------"
	    "9051914041544843365972754266");
	B_OK("multipart/form-data; boundary=\"a b:c/d=e?f'(g)+_,-.\"",
	    "a b:c/d=e?f'(g)+_,-.");
	B_OK("multipart/form-data; boundary=abc;", "abc");
	B_OK("multipart/form-data; foo=\"; boundary=evil\"; boundary=good",
	    "good");
	B_OK("multipart/form-data; x=\"\"; boundary=z", "z");
	memset(ct, 0, sizeof(ct));
	strcpy(ct, "multipart/form-data; boundary=");
	memset(ct + strlen(ct), 'b', MULTIPART_BOUNDARY_MAX);
	assert_int_equal(multipart_boundary(ct, &b), 0);
	assert_int_equal(b.len, MULTIPART_BOUNDARY_MAX);
	ct[strlen(ct)] = 'b';
	B_BAD(ct);

	B_BAD("");
	B_BAD("multipart/form-data");
	B_BAD("multipart/form-data;");
	B_BAD("multipart/form-data; boundary=");
	B_BAD("multipart/form-data; boundary=\"\"");
	B_BAD("multipart/form-data; boundary=\"abc \"");
	B_BAD("multipart/form-data; boundary=\"abc");
	B_BAD("multipart/form-data; boundary=\"a\\bc\"");
	B_BAD("multipart/form-data; boundary=\"a\x01\"");
	B_BAD("multipart/form-data; boundary=ab*c");	/* not a bchar */
	B_BAD("multipart/form-data; boundary=ab@c");	/* not a token */
	B_BAD("multipart/form-data; boundary=abc; boundary=abc");
	B_BAD("multipart/form-data; x-boundary=abc");
	B_BAD("multipart/form-data boundary=abc");
	B_BAD("multipart/form-data; boundary abc");
	B_BAD("multipart/form-data; =abc");
	B_BAD("multipart/mixed; boundary=abc");
	B_BAD("multipart/form-datax; boundary=abc");
	B_BAD("text/plain; boundary=abc");
	B_BAD("application/x-www-form-urlencoded");
	B_BAD("/; boundary=abc");
#undef B_OK
#undef B_BAD
}

static void
test_simple(void **state)
{
	(void)state;
	/* RFC 7578 style, two fields, one of them a file */
	CHECK("--" BND "\r\n"
	    CD "name=\"field1\"\r\n"
	    "\r\n"
	    "Joe Blow\r\n"
	    "--" BND "\r\n"
	    CD "name=\"pics\"; filename=\"file1.txt\"\r\n"
	    "Content-Type: text/plain\r\n"
	    "\r\n"
	    "... contents of file1.txt ...\r\n"
	    "--" BND "--\r\n",
	    PARSE_OK,
	    "<field1|-|text/plain>Joe Blow</>"
	    "<pics|file1.txt|text/plain>... contents of file1.txt ...</>");
}

static void
test_shapes(void **state)
{
	(void)state;
	/* zero parts */
	CHECK("--" BND "--", PARSE_OK, "");
	CHECK("--" BND "--\r\n", PARSE_OK, "");
	/* missing final CRLF */
	CHECK("--" BND "\r\n" CD "name=a\r\n\r\nx\r\n--" BND "--",
	    PARSE_OK, "<a|-|text/plain>x</>");
	/* preamble and epilogue, which may mention the boundary freely */
	CHECK("This is the preamble.\r\nIt has --" BND " inside a line.\r\n"
	    "--" BND "\r\n" CD "name=a\r\n\r\nx\r\n--" BND "--\r\n"
	    "epilogue\r\n--" BND "\r\n" CD "name=b\r\n\r\ny\r\n--" BND "--",
	    PARSE_OK, "<a|-|text/plain>x</>");
	/* an empty line as preamble */
	CHECK("\r\n--" BND "\r\n" CD "name=a\r\n\r\nx\r\n--" BND "--",
	    PARSE_OK, "<a|-|text/plain>x</>");
	/* empty part data, and a file input with no file chosen */
	CHECK("--" BND "\r\n" CD "name=\"e\"\r\n\r\n\r\n"
	    "--" BND "\r\n" CD "name=\"f\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n\r\n\r\n"
	    "--" BND "--\r\n",
	    PARSE_OK, "<e|-|text/plain></><f||application/octet-stream></>");
	/* transport padding after delimiters */
	CHECK("--" BND " \t \r\n" CD "name=a\r\n\r\nx\r\n--" BND "-- \r\n",
	    PARSE_OK, "<a|-|text/plain>x</>");
	/* data that is all line breaks */
	CHECK("--" BND "\r\n" CD "name=a\r\n\r\n\r\n\r\n\n\r\r\r\n--" BND "--",
	    PARSE_OK, "<a|-|text/plain>\r\n\r\n\n\r\r</>");
}

static void
test_near_misses(void **state)
{
	(void)state;
	/* prefixes of the delimiter inside data are data */
	CHECK("--" BND "\r\n" CD "name=f; filename=x.bin\r\n\r\n"
	    "a\r\n--boundar\r\n--AaB03\r\n-\r\n--\r\n--A\r\r\n--AaB03"
	    "\r\r\n\r\n-- AaB03x\r\n--aab03x\n--AaB03x\r\n--" BND "--",
	    PARSE_OK,
	    "<f|x.bin|text/plain>a\r\n--boundar\r\n--AaB03\r\n-\r\n--\r\n"
	    "--A\r\r\n--AaB03\r\r\n\r\n-- AaB03x\r\n--aab03x\n--AaB03x</>");
	/* the delimiter without its CRLF is data */
	CHECK("--" BND "\r\n" CD "name=f\r\n\r\nx--" BND "y\n--" BND
	    "\r\n--" BND "--",
	    PARSE_OK, "<f|-|text/plain>x--" BND "y\n--" BND "</>");
	/* a CR right before the delimiter stays in the data */
	CHECK("--" BND "\r\n" CD "name=f\r\n\r\nx\r\r\n--" BND "--",
	    PARSE_OK, "<f|-|text/plain>x\r</>");
}

static void
test_binary(void **state)
{
	char body[2048];
	char want[2048];
	size_t n, w, i, rep;

	(void)state;
	n = (size_t)sprintf(body, "--" BND "\r\n" CD
	    "name=\"bin\"; filename=\"all.bin\"\r\n"
	    "Content-Type: application/octet-stream\r\n\r\n");
	w = (size_t)sprintf(want, "<bin|all.bin|application/octet-stream>");
	for (rep = 0; rep < 2; rep++)
		for (i = 0; i < 256; i++) {
			body[n++] = (char)i;
			want[w++] = (char)i;
		}
	n += (size_t)sprintf(body + n, "\r\n--" BND "--\r\n");
	w += (size_t)sprintf(want + w, "</>");
	struct rec tmpl = { 0 };
	check_rec(BND, body, n, &tmpl, PARSE_OK, want, w);
}

/* Random data salted with pieces of the delimiter, checked against itself. */
static void
test_random(void **state)
{
	static const char *const salt[] = {
		"\r", "\n", "\r\n", "-", "--", "\r\n-", "\r\n--", "\r\n--Aa",
		"\r\n--AaB03", "AaB03x", "\r\r\n--AaB0",
	};
	char *body, *want;
	size_t n, w, i, k, round, ran = 0;
	unsigned seed = 12345;

	(void)state;
	body = malloc(1 << 16);
	want = malloc(1 << 16);
	assert_non_null(body);
	assert_non_null(want);
	for (round = 0; round < 40; round++) {
		n = (size_t)sprintf(body, "--" BND "\r\n" CD "name=r\r\n\r\n");
		w = (size_t)sprintf(want, "<r|-|text/plain>");
		for (i = 0; i < 200; i++) {
			seed = seed * 1103515245 + 12345;
			if ((seed >> 16) % 3 == 0) {
				k = (seed >> 8) % (sizeof(salt) / sizeof(salt[0]));
				memcpy(body + n, salt[k], strlen(salt[k]));
				memcpy(want + w, salt[k], strlen(salt[k]));
				n += strlen(salt[k]);
				w += strlen(salt[k]);
			} else {
				body[n++] = (char)(seed >> 20);
				want[w++] = (char)(seed >> 20);
			}
		}
		/* the salt can spell a whole delimiter; that is not data */
		if (memmem(body, n, "\r\n--" BND, 10) != NULL)
			continue;
		n += (size_t)sprintf(body + n, "\r\n--" BND "--");
		w += (size_t)sprintf(want + w, "</>");
		struct rec tmpl = { 0 };
		check_rec(BND, body, n, &tmpl, PARSE_OK, want, w);
		ran++;
	}
	assert_true(ran >= 10);
	free(body);
	free(want);
}

static void
test_headers(void **state)
{
	(void)state;
	/* names case-insensitive, token values, other headers ignored */
	CHECK("--" BND "\r\n"
	    "content-disposition:FORM-DATA;NAME=title;FILENAME=a.txt\r\n"
	    "X-Other: whatever\r\n"
	    "CONTENT-TYPE:   image/png   \r\n\r\n"
	    "x\r\n--" BND "--", PARSE_OK, "<title|a.txt|image/png>x</>");
	/* quoted strings with escapes, parameters in any order */
	CHECK("--" BND "\r\n"
	    CD "filename=\"C:\\\\dir\\\\say \\\"hi\\\".txt\"; name=\"a\\\"b;c\"\r\n"
	    "\r\nx\r\n--" BND "--",
	    PARSE_OK, "<a\"b;c|C:\\dir\\say \"hi\".txt|text/plain>x</>");
	/* UTF-8 names and filenames, filename* ignored, spaces around '=' */
	CHECK("--" BND "\r\n"
	    CD "name = \"p\xc3\xa4iv\xc3\xa4\" ; filename*=UTF-8''x ; "
	    "filename=\"\xc3\xa5\xc3\xa4\xc3\xb6.pdf\"\r\n"
	    "Content-Type: application/pdf; name=\"x\"\r\n\r\n"
	    "%PDF\r\n--" BND "--",
	    PARSE_OK, "<p\xc3\xa4iv\xc3\xa4|\xc3\xa5\xc3\xa4\xc3\xb6.pdf|"
	    "application/pdf; name=\"x\">%PDF</>");
	/* empty Content-Type means the default */
	CHECK("--" BND "\r\n" CD "name=a\r\nContent-Type:\r\n\r\nx\r\n--"
	    BND "--", PARSE_OK, "<a|-|text/plain>x</>");
	/* empty name is passed on; trailing ';' tolerated */
	CHECK("--" BND "\r\n" CD "name=\"\";\r\n\r\nx\r\n--" BND "--",
	    PARSE_OK, "<|-|text/plain>x</>");
}

static void
test_header_errors(void **state)
{
	char body[16384];
	size_t n;

	(void)state;
#define PART(h) "--" BND "\r\n" h "\r\n\r\nx\r\n--" BND "--\r\n"
	CHECK(PART(""), PARSE_SYNTAX, "");		/* no headers */
	CHECK(PART("Content-Type: text/plain"), PARSE_SYNTAX, "");
	CHECK(PART("Content-Disposition: attachment; name=a"), PARSE_SYNTAX,
	    "");
	CHECK(PART("Content-Disposition: form-data"), PARSE_SYNTAX, "");
	CHECK(PART(CD "filename=a"), PARSE_SYNTAX, "");
	CHECK(PART(CD "name=a; name=b"), PARSE_SYNTAX, "");
	CHECK(PART(CD "name=a; filename=b; filename=c"), PARSE_SYNTAX, "");
	CHECK(PART(CD "name=a\r\n" CD "name=b"), PARSE_SYNTAX, "");
	CHECK(PART(CD "name=a\r\nContent-Type: a\r\nContent-Type: b"),
	    PARSE_SYNTAX, "");
	CHECK(PART(CD "name=\"a"), PARSE_SYNTAX, "");
	CHECK(PART(CD "name=\"a\\"), PARSE_SYNTAX, "");
	CHECK(PART(CD "name="), PARSE_SYNTAX, "");
	CHECK(PART(CD "name"), PARSE_SYNTAX, "");
	CHECK(PART(CD "=a"), PARSE_SYNTAX, "");
	CHECK(PART(CD "name=a b"), PARSE_SYNTAX, "");
	CHECK(PART(CD "name=\"a\"x"), PARSE_SYNTAX, "");
	CHECK(PART("Content-Disposition form-data; name=a"), PARSE_SYNTAX, "");
	CHECK(PART("Content-Disposition : form-data; name=a"), PARSE_SYNTAX,
	    "");
	CHECK(PART(CD "name=a\r\n folded"), PARSE_SYNTAX, "");
	CHECK(PART(CD "name=a\nX: y"), PARSE_SYNTAX, "");	/* bare LF */
	CHECK(PART(CD "name=a\rX: y"), PARSE_SYNTAX, "");	/* bare CR */
	CHECK(PART("\n" CD "name=a"), PARSE_SYNTAX, "");
	CHECK(PART(CD "name=\"\xff\""), PARSE_BAD_UTF8, "");
	CHECK(PART(CD "name=\"a\xc3\x28\""), PARSE_BAD_UTF8, "");
	CHECK(PART(CD "name=a; filename=\"x\x01.txt\""), PARSE_BAD_UTF8, "");
	CHECK(PART(CD "name=a\r\nX-Junk: \xc0\xaf"), PARSE_BAD_UTF8, "");
	check(L(PART(CD "name=\"a\0b\"")), PARSE_BAD_UTF8, "");
#undef PART

	/* name length: PARSE_NAME_MAX is fine, one more is not */
	n = (size_t)sprintf(body, "--" BND "\r\n" CD "name=\"");
	memset(body + n, 'n', PARSE_NAME_MAX);
	n += PARSE_NAME_MAX;
	n += (size_t)sprintf(body + n, "\"\r\n\r\nx\r\n--" BND "--");
	check(body, n, PARSE_OK, NULL);
	n = (size_t)sprintf(body, "--" BND "\r\n" CD "name=\"");
	memset(body + n, 'n', PARSE_NAME_MAX + 1);
	n += PARSE_NAME_MAX + 1;
	n += (size_t)sprintf(body + n, "\"\r\n\r\nx\r\n--" BND "--");
	check(body, n, PARSE_TOO_LONG, "");

	/* header block of exactly MULTIPART_HEAD_MAX bytes, then one more */
	n = (size_t)sprintf(body, "--" BND "\r\n" CD "name=a\r\nX: ");
	memset(body + n, 'h', MULTIPART_HEAD_MAX - (n - 10) - 4);
	n += MULTIPART_HEAD_MAX - (n - 10) - 4;
	n += (size_t)sprintf(body + n, "\r\n\r\nx\r\n--" BND "--");
	check(body, n, PARSE_OK, "<a|-|text/plain>x</>");
	memmove(body + 11, body + 10, n - 10);
	body[10] = 'X';
	check(body, n + 1, PARSE_TOO_LONG, "");
	/* an endless header block stops at the limit, not at the end */
	n = (size_t)sprintf(body, "--" BND "\r\n");
	memset(body + n, 'h', sizeof(body) - n);
	check(body, sizeof(body), PARSE_TOO_LONG, "");
}

static void
test_delimiter_errors(void **state)
{
	(void)state;
	/* the full delimiter followed by anything but -- , padding or CRLF */
	CHECK("--" BND "x\r\n" CD "name=a\r\n\r\nx\r\n--" BND "--",
	    PARSE_SYNTAX, "");
	CHECK("--" BND "\r\n" CD "name=a\r\n\r\nx\r\n--" BND "Z\r\n--" BND
	    "--", PARSE_SYNTAX, "<a|-|text/plain>x");
	CHECK("--" BND "-x", PARSE_SYNTAX, "");
	CHECK("--" BND " x\r\n", PARSE_SYNTAX, "");
	CHECK("--" BND " -\r\n", PARSE_SYNTAX, "");
	CHECK("--" BND "\rx", PARSE_SYNTAX, "");
	CHECK("--" BND "\n" CD "name=a\r\n\r\nx\r\n--" BND "--",
	    PARSE_SYNTAX, "");
	CHECK("preamble --" BND "x\r\n--" BND "--", PARSE_OK, "");
	CHECK("preamble\r\n--" BND "x\r\n--" BND "--", PARSE_SYNTAX, "");
}

static void
test_truncated(void **state)
{
	static const char body[] =
	    "--" BND "\r\n" CD "name=a\r\n\r\nfirst\r\n"
	    "--" BND "\r\n" CD "name=b\r\n\r\nsecond\r\n"
	    "--" BND "--\r\n";
	size_t n, full = sizeof(body) - 1, closed = full - 2;
	struct rec tmpl = { 0 };

	(void)state;
	CHECK("", PARSE_SYNTAX, "");
	CHECK("just a preamble, no boundary at all\r\n", PARSE_SYNTAX, "");
	/* every proper prefix that lacks the closing "--" is truncated */
	for (n = 0; n <= full; n++)
		check_rec(BND, body, n, &tmpl,
		    n < closed ? PARSE_SYNTAX : PARSE_OK, NULL, 0);
	/* the cut part gets no part_end */
	CHECK("--" BND "\r\n" CD "name=a\r\n\r\nfirst\r\n"
	    "--" BND "\r\n" CD "name=b\r\n\r\nsec",
	    PARSE_SYNTAX, "<a|-|text/plain>first</><b|-|text/plain>sec");
	/* a cut inside a held delimiter prefix loses those bytes too */
	CHECK("--" BND "\r\n" CD "name=a\r\n\r\nfirst\r\n--AaB",
	    PARSE_SYNTAX, "<a|-|text/plain>first");
}

static void
test_parts_limit(void **state)
{
	char *body;
	size_t n, i;

	(void)state;
	body = malloc(64 * 1024);
	assert_non_null(body);
	for (n = 0, i = 0; i < MULTIPART_PARTS_MAX; i++)
		n += (size_t)sprintf(body + n, "--" BND "\r\n" CD
		    "name=f%zu\r\n\r\n%zu\r\n", i, i);
	memcpy(body + n, "--" BND "--", 10);
	check(body, n + 10, PARSE_OK, NULL);
	n += (size_t)sprintf(body + n, "--" BND "\r\n" CD
	    "name=one-more\r\n\r\nx\r\n--" BND "--");
	check(body, n, PARSE_TOO_MANY, NULL);
	free(body);
}

static void
test_abort(void **state)
{
	static const char body[] =
	    "--" BND "\r\n" CD "name=a\r\n\r\n0123456789\r\n"
	    "--" BND "\r\n" CD "name=b\r\n\r\nabcdefghij\r\n"
	    "--" BND "--\r\n";
	struct rec tmpl = { 0 };

	(void)state;
	tmpl.fail_begin = 2;
	check_rec(BND, L(body), &tmpl, PARSE_ABORTED,
	    L("<a|-|text/plain>0123456789</><b|-|text/plain>"));
	tmpl.fail_begin = 0;
	tmpl.fail_end = 1;
	check_rec(BND, L(body), &tmpl, PARSE_ABORTED,
	    L("<a|-|text/plain>0123456789</>"));
	tmpl.fail_end = 2;
	check_rec(BND, L(body), &tmpl, PARSE_ABORTED,
	    L("<a|-|text/plain>0123456789</><b|-|text/plain>abcdefghij</>"));
	tmpl.fail_end = 0;
	/* a size cap: the abort comes while the data is still flowing */
	tmpl.fail_data = 12;
	{
		struct rec r = tmpl;
		enum parse_err err;

		buf_init(&r.log);
		err = run(BND, L(body), 1, &r);
		assert_int_equal(err, PARSE_ABORTED);
		assert_int_equal(r.data, 13);
		buf_cleanup(&r.log);
	}
}

/* Once failed, the parser stays failed; NULL callbacks are allowed. */
static void
test_sticky_and_null(void **state)
{
	static const struct multipart_cb none = { NULL, NULL, NULL };
	struct arena a;
	struct multipart mp;

	(void)state;
	arena_init(&a);
	multipart_init(&mp, &a, STR_LIT(BND), &none, NULL);
	assert_int_equal(multipart_feed(&mp, L("--" BND "\r\n" CD
	    "name=a\r\n\r\nxyz\r\n--" BND "--")), PARSE_OK);
	assert_int_equal(multipart_feed(&mp, L("anything")), PARSE_OK);
	assert_int_equal(multipart_finish(&mp), PARSE_OK);

	multipart_init(&mp, &a, STR_LIT(BND), &none, NULL);
	assert_int_equal(multipart_feed(&mp, L("--" BND "x")), PARSE_SYNTAX);
	assert_int_equal(multipart_feed(&mp, L("\r\n--" BND "--")),
	    PARSE_SYNTAX);
	assert_int_equal(multipart_finish(&mp), PARSE_SYNTAX);

	/* bad boundaries fail at once */
	multipart_init(&mp, &a, STR_NULL, &none, NULL);
	assert_int_equal(multipart_feed(&mp, L("--\r\n")), PARSE_SYNTAX);
	assert_int_equal(multipart_finish(&mp), PARSE_SYNTAX);
	multipart_init(&mp, &a, str_make("0123456789012345678901234567890123"
	    "4567890123456789012345678901234567890", 71), &none, NULL);
	assert_int_equal(multipart_finish(&mp), PARSE_SYNTAX);
	multipart_init(&mp, &a, STR_LIT("a\rb"), &none, NULL);
	assert_int_equal(multipart_feed(&mp, L("--a\rb--")), PARSE_SYNTAX);
	arena_cleanup(&a);
}

/* The longest boundary and one with a space work end to end. */
static void
test_odd_boundaries(void **state)
{
	char bnd[MULTIPART_BOUNDARY_MAX + 1], body[512];
	size_t n;
	struct rec tmpl = { 0 };

	(void)state;
	memset(bnd, '-', MULTIPART_BOUNDARY_MAX);
	bnd[MULTIPART_BOUNDARY_MAX] = '\0';
	n = (size_t)sprintf(body, "--%s\r\n" CD "name=a\r\n\r\n-----\r\n"
	    "--%s--", bnd, bnd);
	check_rec(bnd, body, n, &tmpl, PARSE_OK, L("<a|-|text/plain>-----</>"));
	n = (size_t)sprintf(body, "--a b\r\n" CD "name=a\r\n\r\n--a \r\n"
	    "--a b--");
	check_rec("a b", body, n, &tmpl, PARSE_OK,
	    L("<a|-|text/plain>--a </>"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_delimiter_errors),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_parts_limit),
		cmocka_unit_test(test_abort),
		cmocka_unit_test(test_sticky_and_null),
		cmocka_unit_test(test_odd_boundaries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

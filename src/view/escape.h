/*
 * escape.h - one output function per HTML context (after cgit's html.c).
 *
 * Compiled templates write every {{ expr }} through one of these, HTML text
 * by default, so nothing reaches the page unescaped by accident.  Each
 * function scans for runs of bytes that need no escaping and appends a whole
 * run at once.  Bytes >= 0x80 (UTF-8) always pass through untouched.  A NULL
 * string writes nothing.
 */
#ifndef TV_VIEW_ESCAPE_H
#define TV_VIEW_ESCAPE_H

#include <stddef.h>

#include "base/buf.h"

/* Element text: & < > " ' become &amp; &lt; &gt; &quot; &#39;. */
void html_txt(struct buf *b, const char *s);

/* Like html_txt() for the n bytes at s (s may be NULL when n is 0). */
void html_txt_n(struct buf *b, const char *s, size_t n);

/*
 * A quoted attribute value (either quote style): the html_txt() set plus
 * the backtick, which old browsers took as an attribute delimiter.
 */
void html_attr(struct buf *b, const char *s);

/*
 * A URL path segment or query value: every byte but the RFC 3986
 * unreserved ones (A-Z a-z 0-9 - . _ ~) becomes %XX with upper-case hex,
 * so the result is also safe inside a quoted attribute.
 */
void html_url_arg(struct buf *b, const char *s);

/* Trusted markup, written as it is. */
void html_raw(struct buf *b, const char *s);

/* A decimal integer. */
void html_int(struct buf *b, long long v);

#endif

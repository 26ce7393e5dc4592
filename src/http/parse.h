/*
 * parse.h - pure parsers for what a request carries: percent-encoded query
 * strings and form bodies, URL paths, cookies and Accept-Language.
 *
 * Nothing here touches libmicrohttpd or the network; every function takes
 * bytes and a request arena and either succeeds completely or reports one
 * enum parse_err with nothing half-filled.  Decoded text is always valid
 * UTF-8 without NUL bytes, so handlers can use it as C strings as it is.
 */
#ifndef TV_HTTP_PARSE_H
#define TV_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/str.h"
#include "view/i18n.h"

/* Longest field name form_parse() and the multipart parser accept (bytes). */
#define PARSE_NAME_MAX		256
/* Most fields form_parse() accepts in one query string or body. */
#define PARSE_FIELDS_MAX	256
/* Most cookies cookie_parse() accepts in one header. */
#define PARSE_COOKIES_MAX	64

/* One decoded name/value pair; both are NUL-terminated arena copies. */
struct kv {
	const char *name;
	const char *value;
	size_t value_len;	/* strlen(value), kept for convenience */
};

/* Pairs in the order they appeared; items is NULL when n == 0. */
struct kv_list {
	struct kv *items;
	size_t n;
};

enum parse_err {
	PARSE_OK,
	PARSE_BAD_ENCODING,	/* '%' not followed by two hex digits */
	PARSE_BAD_UTF8,		/* not UTF-8, or a NUL/control character */
	PARSE_TOO_MANY,		/* too many fields, cookies or parts */
	PARSE_TOO_LONG,		/* a name or a header block over its limit */
	PARSE_SYNTAX,		/* malformed or truncated structure */
	PARSE_ABORTED,		/* a multipart callback returned -1 */
};

/*
 * The English UI message for err, to be passed through i18n_text(); NULL for
 * PARSE_OK.  For PARSE_ABORTED the callback that stopped the parse knows the
 * real reason and should say it instead; the message here is generic.
 */
const char *parse_err_msgid(enum parse_err err);

/*
 * True when the n bytes at p form a non-empty RFC 9110 token (letters,
 * digits and !#$%&'*+-.^_`|~), the syntax of header and cookie names.
 */
bool token_valid(const char *p, size_t n);

/*
 * Percent-decodes the n bytes at p into a NUL-terminated arena copy in *out.
 * With plus_is_space a '+' becomes a space (query strings and form bodies);
 * without it '+' stays literal.  '%' not followed by two hex digits gives
 * PARSE_BAD_ENCODING; a result that is not valid UTF-8 or contains NUL gives
 * PARSE_BAD_UTF8.  Other control characters (tab, CR, LF from a textarea)
 * are kept.  On error *out is STR_NULL.
 */
enum parse_err url_decode(struct arena *a, const char *p, size_t n,
    bool plus_is_space, struct str *out);

/*
 * Decodes a URL path (or one segment of it): percent-decoding without the
 * plus-to-space rule.  Beyond url_decode()'s checks it refuses every C0
 * control and DEL (%00, %0A, ...) with PARSE_BAD_UTF8, because paths end up
 * in Location headers and logs.  Note that %2F decodes to '/': a router that
 * must tell "a%2Fb" from "a/b" has to split the raw path on '/' first and
 * decode each segment.  On error *out is STR_NULL.
 */
enum parse_err path_decode(struct arena *a, const char *p, size_t n,
    struct str *out);

/*
 * Parses an application/x-www-form-urlencoded body or a query string (the
 * same grammar): pairs separated by '&', each "name=value" or just "name"
 * (empty value), both url_decode()d with plus_is_space.  Empty pairs, as in
 * "a=1&&b=2&", are skipped; "=v" is kept with an empty name.  More than
 * PARSE_FIELDS_MAX pairs gives PARSE_TOO_MANY, a decoded name longer than
 * PARSE_NAME_MAX gives PARSE_TOO_LONG.  On error *out is empty.
 */
enum parse_err form_parse(struct arena *a, const char *p, size_t n,
    struct kv_list *out);

/* The value of the first pair called name, or NULL when there is none. */
const char *kv_get(const struct kv_list *l, const char *name);

/* How many pairs are called name (checkboxes, multi-selects). */
size_t kv_count(const struct kv_list *l, const char *name);

/*
 * Parses a Cookie header value (RFC 6265 section 4.2: "a=b; c=\"d\"") into
 * arena copies.  Spaces and tabs around pairs are tolerated, a value in
 * double quotes is unquoted, and pairs that are malformed (no '=', a name
 * that is not a token, a value with characters outside cookie-octet) are
 * skipped rather than failing the request, since other software on the same
 * site may set such cookies.  Values are not percent-decoded.  More than
 * PARSE_COOKIES_MAX well-formed pairs gives PARSE_TOO_MANY with *out empty.
 */
enum parse_err cookie_parse(struct arena *a, const char *header, size_t n,
    struct kv_list *out);

/*
 * Picks the UI language from an Accept-Language header (NUL-terminated, may
 * be NULL): among the ranges whose primary subtag is fi, sv or en (ASCII
 * case-insensitive, so "sv-FI" counts as sv) the one with the highest q-value
 * wins, earlier ranges win ties, and q=0 means "not this one".  "*" stands for
 * fallback with its own q-value.  An empty, unmatched or malformed header
 * (anything outside RFC 9110's language-range / weight grammar) gives
 * fallback.
 */
enum lang accept_language_pick(const char *header, enum lang fallback);

/*
 * Does an Accept-Encoding header (may be NULL) accept `coding` ("gzip")?
 * By RFC 9110's grammar: case-insensitive names and "q", white space
 * around ';', q=0 refuses, "*" covers codings not named; a malformed
 * header accepts nothing.
 */
bool accept_encoding_allows(const char *header, const char *coding);

/*
 * A database id from a URL or form: a positive decimal without sign,
 * spaces or leading zeros, at most 18 digits (so it cannot overflow).
 * 0 or -1.
 */
int id_parse(const char *s, int64_t *out);

#endif

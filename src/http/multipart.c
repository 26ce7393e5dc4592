/*
 * multipart.c - streaming multipart/form-data parser.
 *
 * The body is treated as if it began with CR LF, so that the first delimiter
 * ("--" boundary at the very start) and every later one (CR LF "--" boundary)
 * are the same byte string, matched one byte at a time across chunk edges.
 */
#include <string.h>

#include "base/utf8.h"
#include "http/multipart.h"

enum {
	MP_DATA,	/* preamble (no part yet) or part data */
	MP_DELIM,	/* just matched a full delimiter */
	MP_DASH,	/* delimiter then one '-' */
	MP_PAD,		/* transport padding after the delimiter */
	MP_LF,		/* CR seen after the delimiter */
	MP_HEAD,	/* part header block */
	MP_EPILOGUE,	/* after the closing delimiter */
};

/* RFC 2046 bchars (the space may not be last, which is checked elsewhere). */
static bool
mp_bchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

/* Length of the run of token characters at s (s is NUL-terminated). */
static size_t
mp_token_len(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0' && token_valid(s + n, 1))
		n++;
	return n;
}

/* Skips optional whitespace in a NUL-terminated header value. */
static const char *
mp_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/*
 * Returns the end of the quoted string that starts at s (on the opening
 * quote) and its contents without the quotes in *val, or NULL.  The boundary
 * is handed out as a slice of the header, so an escape, which would need a
 * copy to undo, is refused; no valid boundary needs one.
 */
static const char *
mp_boundary_quoted(const char *s, struct str *val)
{
	const char *start = ++s;

	for (; *s != '"'; s++) {
		if (*s == '\0' || *s == '\\' ||
		    ((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return NULL;
	}
	*val = str_make(start, (size_t)(s - start));
	return s + 1;
}

/*
 * Walks the media type and its parameters (RFC 9110 section 8.3.1) rather
 * than searching for "boundary=", so that a parameter such as
 * x-boundary=... or a quoted ";boundary=" cannot be mistaken for it.
 */
int
multipart_boundary(const char *content_type, struct str *out)
{
	const char *s = mp_ows(content_type);
	struct str name, val, found = STR_NULL;
	size_t n, i;

	*out = STR_NULL;
	n = mp_token_len(s);
	if (s[n] != '/')
		return -1;
	n += 1 + mp_token_len(s + n + 1);
	if (!str_eq_nocase(str_make(s, n), STR_LIT("multipart/form-data")))
		return -1;
	s += n;
	for (;;) {
		s = mp_ows(s);
		if (*s == '\0')
			break;
		if (*s++ != ';')
			return -1;
		s = mp_ows(s);
		if (*s == '\0')
			break;
		if ((n = mp_token_len(s)) == 0 || s[n] != '=')
			return -1;
		name = str_make(s, n);
		s += n + 1;
		if (*s == '"') {
			if ((s = mp_boundary_quoted(s, &val)) == NULL)
				return -1;
		} else {
			if ((n = mp_token_len(s)) == 0)
				return -1;
			val = str_make(s, n);
			s += n;
		}
		if (str_eq_nocase(name, STR_LIT("boundary"))) {
			if (found.ptr != NULL)
				return -1;
			found = val;
		}
	}
	if (found.len == 0 || found.len > MULTIPART_BOUNDARY_MAX ||
	    found.ptr[found.len - 1] == ' ')
		return -1;
	for (i = 0; i < found.len; i++)
		if (!mp_bchar((unsigned char)found.ptr[i]))
			return -1;
	*out = found;
	return 0;
}

/*
 * The delimiter is built once so that matching needs no branches on state.
 * The boundary is checked again because mp_scan() relies on it containing
 * no CR, which only the bchar rule guarantees.
 */
void
multipart_init(struct multipart *mp, struct arena *a, struct str boundary,
    const struct multipart_cb *cb, void *ctx)
{
	size_t i;

	memset(mp, 0, sizeof(*mp));
	mp->arena = a;
	mp->cb = cb;
	mp->ctx = ctx;
	mp->state = MP_DATA;
	mp->err = PARSE_SYNTAX;
	if (boundary.len == 0 || boundary.len > MULTIPART_BOUNDARY_MAX)
		return;
	for (i = 0; i < boundary.len; i++)
		if (!mp_bchar((unsigned char)boundary.ptr[i]))
			return;
	mp->err = PARSE_OK;
	memcpy(mp->delim, "\r\n--", 4);
	memcpy(mp->delim + 4, boundary.ptr, boundary.len);
	mp->delim_len = 4 + boundary.len;
	mp->match = 2;	/* the virtual CR LF before the body */
}

/* Hands part data to the callback; preamble bytes are simply dropped. */
static bool
mp_emit(struct multipart *mp, const char *p, size_t n)
{
	if (n == 0 || !mp->in_part || mp->cb->part_data == NULL)
		return true;
	if (mp->cb->part_data(mp->ctx, p, n) != 0) {
		mp->err = PARSE_ABORTED;
		return false;
	}
	return true;
}

/*
 * Scans data for the delimiter and returns how many bytes it consumed.  Runs
 * without a CR are passed on directly.  Bytes that might start a delimiter
 * are held back (only counted in mp->match) until they either complete it or
 * fail to; held bytes are always a prefix of the delimiter, so on a mismatch
 * they are re-emitted from mp->delim and never need a buffer of their own.
 * A mismatch cannot hide the start of another delimiter inside the held
 * bytes, because CR occurs in the delimiter only as its first byte.
 */
static size_t
mp_scan(struct multipart *mp, const char *p, size_t n)
{
	const char *cr;
	size_t i = 0, run = 0;

	while (i < n) {
		if (mp->match == 0) {
			if ((cr = memchr(p + i, '\r', n - i)) == NULL) {
				i = n;
				break;
			}
			i = (size_t)(cr - p);
			if (!mp_emit(mp, p + run, i - run))
				return i;
			mp->match = 1;
			run = ++i;
		} else if (p[i] == mp->delim[mp->match]) {
			run = ++i;
			if (++mp->match == mp->delim_len) {
				mp->match = 0;
				mp->state = MP_DELIM;
				return i;
			}
		} else {
			if (!mp_emit(mp, mp->delim, mp->match))
				return i;
			mp->match = 0;
		}
	}
	mp_emit(mp, p + run, i - run);
	return i;
}

/*
 * Unquotes the quoted string at *sp (on the opening quote) into an arena
 * copy, undoing backslash escapes, and advances *sp past the closing quote.
 * Browsers percent-encode '"' in names instead, but RFC 7578 clients that
 * follow RFC 2616's quoted-string escape it; both arrive intact.
 */
static char *
mp_unquote(struct multipart *mp, const char **sp, const char *end)
{
	const char *s = *sp + 1;
	char *d, *out;

	out = d = arena_alloc(mp->arena, (size_t)(end - s) + 1);
	for (; s < end && *s != '"'; s++) {
		if (*s == '\\' && ++s == end)
			break;
		*d++ = *s;
	}
	if (s == end)
		return NULL;
	*d = '\0';
	*sp = s + 1;
	return out;
}

/* Skips optional whitespace in a header value slice. */
static const char *
mp_ows_to(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* Length of the run of token characters at s, stopping at end. */
static size_t
mp_token_to(const char *s, const char *end)
{
	size_t n = 0;

	while (s + n < end && token_valid(s + n, 1))
		n++;
	return n;
}

/*
 * Parses "form-data; name=...; filename=..." (RFC 7578 section 4.2).  Other
 * parameters, filename* among them (RFC 7578 says not to use it), are
 * skipped; a repeated name or filename is refused as ambiguous.
 */
static enum parse_err
mp_disposition(struct multipart *mp, struct str v, const char **name,
    const char **filename)
{
	const char *s = v.ptr, *end = v.ptr + v.len;
	struct str pname;
	const char **dst;
	char *val;
	size_t n;

	n = mp_token_to(s, end);
	if (!str_eq_nocase(str_make(s, n), STR_LIT("form-data")))
		return PARSE_SYNTAX;
	s += n;
	for (;;) {
		if ((s = mp_ows_to(s, end)) == end)
			break;
		if (*s++ != ';')
			return PARSE_SYNTAX;
		if ((s = mp_ows_to(s, end)) == end)
			break;
		if ((n = mp_token_to(s, end)) == 0)
			return PARSE_SYNTAX;
		pname = str_make(s, n);
		s = mp_ows_to(s + n, end);
		if (s == end || *s++ != '=')
			return PARSE_SYNTAX;
		s = mp_ows_to(s, end);
		if (s < end && *s == '"') {
			if ((val = mp_unquote(mp, &s, end)) == NULL)
				return PARSE_SYNTAX;
		} else {
			if ((n = mp_token_to(s, end)) == 0)
				return PARSE_SYNTAX;
			val = arena_strndup(mp->arena, s, n);
			s += n;
		}
		if (str_eq_nocase(pname, STR_LIT("name")))
			dst = name;
		else if (str_eq_nocase(pname, STR_LIT("filename")))
			dst = filename;
		else
			continue;
		if (*dst != NULL)
			return PARSE_SYNTAX;
		*dst = val;
	}
	if (*name == NULL)
		return PARSE_SYNTAX;
	if (strlen(*name) > PARSE_NAME_MAX)
		return PARSE_TOO_LONG;
	return PARSE_OK;
}

/*
 * Parses a complete header block and starts the part.  The block is checked
 * as text first, which makes every name, filename and type valid UTF-8
 * without control characters; then CR and LF may appear only as the line
 * ends, and folded lines (obsolete, and never sent by browsers) are refused.
 */
static enum parse_err
mp_head(struct multipart *mp)
{
	const char *s, *end, *eol, *colon;
	const char *name = NULL, *filename = NULL, *ctype = NULL;
	struct str hname, value;
	enum parse_err err;
	bool seen_disp = false;

	/* Drop the CR LF that ended the delimiter line and the final CR LF CR LF. */
	s = mp->head + 2;
	end = mp->head_len > 4 ? mp->head + mp->head_len - 4 : s;
	if (!text_valid(s, (size_t)(end - s)))
		return PARSE_BAD_UTF8;
	for (; s < end; s = eol + 2) {
		for (eol = s; eol < end && *eol != '\r' && *eol != '\n'; eol++)
			;
		if (eol < end && (eol + 1 == end || eol[0] != '\r' ||
		    eol[1] != '\n'))
			return PARSE_SYNTAX;
		if ((colon = memchr(s, ':', (size_t)(eol - s))) == NULL ||
		    !token_valid(s, (size_t)(colon - s)))
			return PARSE_SYNTAX;
		hname = str_make(s, (size_t)(colon - s));
		value = str_trim(str_make(colon + 1, (size_t)(eol - colon - 1)));
		if (str_eq_nocase(hname, STR_LIT("Content-Disposition"))) {
			if (seen_disp)
				return PARSE_SYNTAX;
			seen_disp = true;
			if ((err = mp_disposition(mp, value, &name, &filename)) !=
			    PARSE_OK)
				return err;
		} else if (str_eq_nocase(hname, STR_LIT("Content-Type"))) {
			if (ctype != NULL)
				return PARSE_SYNTAX;
			ctype = value.len > 0 ?
			    arena_strndup(mp->arena, value.ptr, value.len) :
			    "text/plain";
		}
	}
	if (!seen_disp)
		return PARSE_SYNTAX;
	mp->in_part = true;
	if (mp->cb->part_begin != NULL && mp->cb->part_begin(mp->ctx, name,
	    filename, ctype != NULL ? ctype : "text/plain") != 0)
		return PARSE_ABORTED;
	return PARSE_OK;
}

/* Closes the current part, if any, once its delimiter line is confirmed. */
static enum parse_err
mp_part_end(struct multipart *mp)
{
	if (!mp->in_part)
		return PARSE_OK;
	mp->in_part = false;
	if (mp->cb->part_end != NULL && mp->cb->part_end(mp->ctx) != 0)
		return PARSE_ABORTED;
	return PARSE_OK;
}

/*
 * Appends one byte to the header block and parses it once it is complete.
 * The buffer starts with the CR LF of the delimiter line, so "the block ends
 * at CR LF CR LF" holds for an empty block as well.
 */
static enum parse_err
mp_head_byte(struct multipart *mp, char c)
{
	if (mp->head_len - 2 == MULTIPART_HEAD_MAX)
		return PARSE_TOO_LONG;
	mp->head[mp->head_len++] = c;
	if (c != '\n' || mp->head_len < 4 ||
	    memcmp(mp->head + mp->head_len - 4, "\r\n\r\n", 4) != 0)
		return PARSE_OK;
	mp->state = MP_DATA;
	return mp_head(mp);
}

/*
 * Handles the byte after a complete delimiter; every path here is one of the
 * few shapes RFC 2046 allows, so anything else is a syntax error.
 */
static enum parse_err
mp_delim_byte(struct multipart *mp, char c)
{
	enum parse_err err;

	switch (mp->state) {
	case MP_DELIM:
	case MP_PAD:
		if (c == '-' && mp->state == MP_DELIM)
			mp->state = MP_DASH;
		else if (c == ' ' || c == '\t')
			mp->state = MP_PAD;
		else if (c == '\r')
			mp->state = MP_LF;
		else
			return PARSE_SYNTAX;
		return PARSE_OK;
	case MP_DASH:
		if (c != '-')
			return PARSE_SYNTAX;
		mp->state = MP_EPILOGUE;
		return mp_part_end(mp);
	default:	/* MP_LF */
		if (c != '\n')
			return PARSE_SYNTAX;
		if ((err = mp_part_end(mp)) != PARSE_OK)
			return err;
		if (mp->parts == MULTIPART_PARTS_MAX)
			return PARSE_TOO_MANY;
		mp->parts++;
		if (mp->head == NULL)
			mp->head = arena_alloc(mp->arena,
			    MULTIPART_HEAD_MAX + 2);
		memcpy(mp->head, "\r\n", 2);
		mp->head_len = 2;
		mp->state = MP_HEAD;
		return PARSE_OK;
	}
}

/*
 * Data, the bulk of any upload, goes through mp_scan() a run at a time; the
 * short stretches between delimiter and data go byte by byte.
 */
enum parse_err
multipart_feed(struct multipart *mp, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && mp->err == PARSE_OK) {
		switch (mp->state) {
		case MP_DATA:
			i += mp_scan(mp, p + i, n - i);
			break;
		case MP_HEAD:
			mp->err = mp_head_byte(mp, p[i++]);
			break;
		case MP_EPILOGUE:
			i = n;
			break;
		default:
			mp->err = mp_delim_byte(mp, p[i++]);
			break;
		}
	}
	return mp->err;
}

/* A body that never reached its closing delimiter was cut off in transit. */
enum parse_err
multipart_finish(struct multipart *mp)
{
	if (mp->err == PARSE_OK && mp->state != MP_EPILOGUE)
		mp->err = PARSE_SYNTAX;
	return mp->err;
}

/*
 * parse.c - query strings, form bodies, paths, cookies, Accept-Language.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "base/str.h"
#include "base/utf8.h"
#include "http/parse.h"
#include "view/i18n.h"

/*
 * Messages are the English msgids of the UI catalogue; they speak to the
 * person who filled in the form, not to a developer.
 */
const char *
parse_err_msgid(enum parse_err err)
{
	switch (err) {
	case PARSE_OK:
		return NULL;
	case PARSE_BAD_ENCODING:
		return N_("The request contained broken percent-encoding.");
	case PARSE_BAD_UTF8:
		return N_("The request contained invalid characters.");
	case PARSE_TOO_MANY:
		return N_("The form had too many fields.");
	case PARSE_TOO_LONG:
		return N_("A field name or header in the form was too long.");
	case PARSE_SYNTAX:
		return N_("The form was malformed or incomplete.");
	case PARSE_ABORTED:
		return N_("The form could not be processed.");
	}
	return N_("The form could not be processed.");
}

/* RFC 9110 tchar, written out so that it does not depend on the locale. */
static bool
parse_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Cookie and header names are tokens; an empty name is never one. */
bool
token_valid(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!parse_tchar((unsigned char)p[i]))
			return false;
	return true;
}

/*
 * The decoding shared by url_decode() and path_decode().  Decoding never
 * lengthens the input, so one allocation of n + 1 bytes is enough.  Browsers
 * pass a stray '%' through as it is, but accepting it here would make "%41"
 * and "%4" differ in kind, so any '%' without two hex digits is refused.
 */
static enum parse_err
parse_pct(struct arena *a, const char *p, size_t n, bool plus_is_space,
    struct str *out)
{
	char *d;
	size_t i, j;
	int hi, lo;

	*out = STR_NULL;
	if (n == SIZE_MAX)
		return PARSE_TOO_LONG;
	d = arena_alloc(a, n + 1);
	for (i = j = 0; i < n; i++) {
		if (p[i] == '%') {
			if (n - i < 3 ||
			    (hi = str_hex_value((unsigned char)p[i + 1])) < 0 ||
			    (lo = str_hex_value((unsigned char)p[i + 2])) < 0)
				return PARSE_BAD_ENCODING;
			d[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (p[i] == '+' && plus_is_space)
			d[j++] = ' ';
		else
			d[j++] = p[i];
	}
	d[j] = '\0';
	*out = str_make(d, j);
	return PARSE_OK;
}

/*
 * The UTF-8 check runs on the decoded bytes, which covers both raw and
 * percent-encoded input; NUL would silently cut the C string short.
 */
enum parse_err
url_decode(struct arena *a, const char *p, size_t n, bool plus_is_space,
    struct str *out)
{
	enum parse_err err;

	if ((err = parse_pct(a, p, n, plus_is_space, out)) != PARSE_OK)
		return err;
	if (!utf8_valid(out->ptr, out->len) ||
	    memchr(out->ptr, '\0', out->len) != NULL) {
		*out = STR_NULL;
		return PARSE_BAD_UTF8;
	}
	return PARSE_OK;
}

/*
 * A control character in a path is never legitimate, and a decoded CR or LF
 * would be dangerous once the path is echoed into a Location header.
 */
enum parse_err
path_decode(struct arena *a, const char *p, size_t n, struct str *out)
{
	enum parse_err err;
	size_t i;

	if ((err = parse_pct(a, p, n, false, out)) != PARSE_OK)
		return err;
	for (i = 0; i < out->len; i++)
		if ((unsigned char)out->ptr[i] < 0x20 || out->ptr[i] == 0x7f)
			break;
	if (i < out->len || !utf8_valid(out->ptr, out->len)) {
		*out = STR_NULL;
		return PARSE_BAD_UTF8;
	}
	return PARSE_OK;
}

/*
 * Two passes: the first counts the non-empty pairs so that an oversized form
 * is refused before any decoding work and the array is allocated exactly.
 */
enum parse_err
form_parse(struct arena *a, const char *p, size_t n, struct kv_list *out)
{
	const char *s, *end = p + n, *amp, *eq;
	struct str name, value;
	enum parse_err err;
	size_t count = 0;

	out->items = NULL;
	out->n = 0;
	for (s = p; s < end; s = amp + 1) {
		if ((amp = memchr(s, '&', (size_t)(end - s))) == NULL)
			amp = end;
		if (amp > s && ++count > PARSE_FIELDS_MAX)
			return PARSE_TOO_MANY;
	}
	if (count == 0)
		return PARSE_OK;
	out->items = arena_calloc(a, count, sizeof(*out->items));
	for (s = p; s < end; s = amp + 1) {
		if ((amp = memchr(s, '&', (size_t)(end - s))) == NULL)
			amp = end;
		if (amp == s)
			continue;
		if ((eq = memchr(s, '=', (size_t)(amp - s))) == NULL)
			eq = amp;
		if ((err = url_decode(a, s, (size_t)(eq - s), true, &name)) !=
		    PARSE_OK)
			goto fail;
		if (name.len > PARSE_NAME_MAX) {
			err = PARSE_TOO_LONG;
			goto fail;
		}
		if (eq == amp)
			value = str_make("", 0);
		else if ((err = url_decode(a, eq + 1, (size_t)(amp - eq - 1),
		    true, &value)) != PARSE_OK)
			goto fail;
		out->items[out->n].name = name.ptr;
		out->items[out->n].value = value.ptr;
		out->items[out->n].value_len = value.len;
		out->n++;
	}
	return PARSE_OK;
fail:
	out->items = NULL;
	out->n = 0;
	return err;
}

/* A linear scan: forms have few fields and handlers ask for each once. */
const char *
kv_get(const struct kv_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->items[i].name, name) == 0)
			return l->items[i].value;
	return NULL;
}

/* Lets a handler tell a repeated field (checkbox group) from a single one. */
size_t
kv_count(const struct kv_list *l, const char *name)
{
	size_t i, count = 0;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->items[i].name, name) == 0)
			count++;
	return count;
}

/* RFC 6265 cookie-octet: visible ASCII except '"', ',', ';' and '\'. */
static bool
parse_cookie_octets(struct str v)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < v.len; i++) {
		c = (unsigned char)v.ptr[i];
		if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' ||
		    c == '\\')
			return false;
	}
	return true;
}

/*
 * Browsers send "a=b; c=d", but proxies and old clients vary the spacing, so
 * each pair is trimmed instead of insisting on exactly "; ".  The array is
 * sized by the number of ';' (capped), so it is allocated once.
 */
enum parse_err
cookie_parse(struct arena *a, const char *header, size_t n,
    struct kv_list *out)
{
	const char *s, *end = header + n, *semi, *eq;
	struct str name, value;
	size_t cap = 1;

	out->n = 0;
	for (s = header; cap < PARSE_COOKIES_MAX &&
	    (semi = memchr(s, ';', (size_t)(end - s))) != NULL; s = semi + 1)
		cap++;
	out->items = arena_calloc(a, cap, sizeof(*out->items));
	for (s = header; s < end; s = semi + 1) {
		if ((semi = memchr(s, ';', (size_t)(end - s))) == NULL)
			semi = end;
		if ((eq = memchr(s, '=', (size_t)(semi - s))) == NULL)
			continue;
		name = str_trim(str_make(s, (size_t)(eq - s)));
		value = str_trim(str_make(eq + 1, (size_t)(semi - eq - 1)));
		if (value.len >= 2 && value.ptr[0] == '"' &&
		    value.ptr[value.len - 1] == '"') {
			value.ptr++;
			value.len -= 2;
		}
		if (!token_valid(name.ptr, name.len) ||
		    !parse_cookie_octets(value))
			continue;
		if (out->n == PARSE_COOKIES_MAX) {
			out->items = NULL;
			out->n = 0;
			return PARSE_TOO_MANY;
		}
		out->items[out->n].name = arena_strndup(a, name.ptr, name.len);
		out->items[out->n].value = arena_strndup(a, value.ptr,
		    value.len);
		out->items[out->n].value_len = value.len;
		out->n++;
	}
	if (out->n == 0)
		out->items = NULL;
	return PARSE_OK;
}

/* Skips optional whitespace (RFC 9110 OWS). */
static const char *
parse_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/*
 * RFC 9110 qvalue: "0" ["." 0*3DIGIT] / "1" ["." 0*3"0"], as thousandths so
 * that comparisons are exact.  Returns the end of the qvalue, or NULL.
 */
static const char *
parse_qvalue(const char *s, int *q)
{
	int digits, scale = 100;

	if (*s != '0' && *s != '1')
		return NULL;
	*q = (*s++ - '0') * 1000;
	if (*s != '.')
		return s;
	s++;
	for (digits = 0; digits < 3 && *s >= '0' && *s <= '9'; digits++) {
		if (*q == 1000 && *s != '0')
			return NULL;
		*q += (*s++ - '0') * scale;
		scale /= 10;
	}
	return s;
}

/*
 * Returns the end of one language-range (RFC 4647: "*" or 1*8ALPHA
 * *("-" 1*8alphanum)) and its primary subtag in *primary, or NULL.
 */
static const char *
parse_lang_range(const char *s, struct str *primary)
{
	const char *t;
	bool first = true;

	if (*s == '*') {
		*primary = str_make(s, 1);
		return s + 1;
	}
	for (;;) {
		for (t = s; t - s < 9 && ((*t >= 'a' && *t <= 'z') ||
		    (*t >= 'A' && *t <= 'Z') ||
		    (!first && *t >= '0' && *t <= '9')); t++)
			;
		if (t == s || t - s > 8)
			return NULL;
		if (first)
			*primary = str_make(s, (size_t)(t - s));
		first = false;
		if (*t != '-')
			return t;
		s = t + 1;
	}
}

/*
 * Only the three UI languages matter, so the header is scanned once keeping
 * the best candidate; a strict grammar keeps odd headers from ever choosing
 * something surprising: anything malformed means the site's default.
 */
enum lang
accept_language_pick(const char *header, enum lang fallback)
{
	static const char *const codes[LANG_COUNT] = {
		[LANG_FI] = "fi", [LANG_SV] = "sv", [LANG_EN] = "en",
	};
	const char *s = header;
	struct str primary;
	enum lang best = fallback, cand;
	int best_q = 0, q, i;
	bool known;

	if (s == NULL)
		return fallback;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '\0')
			break;
		if ((s = parse_lang_range(s, &primary)) == NULL)
			return fallback;
		s = parse_ows(s);
		q = 1000;
		if (*s == ';') {
			s = parse_ows(s + 1);
			if ((s[0] != 'q' && s[0] != 'Q') || s[1] != '=' ||
			    (s = parse_qvalue(s + 2, &q)) == NULL)
				return fallback;
			s = parse_ows(s);
		}
		if (*s != ',' && *s != '\0')
			return fallback;
		known = false;
		cand = fallback;
		if (str_eq_cstr(primary, "*"))
			known = true;
		for (i = 0; i < LANG_COUNT && !known; i++)
			if (str_eq_nocase(primary, str_from_cstr(codes[i]))) {
				cand = (enum lang)i;
				known = true;
			}
		if (known && q > best_q) {
			best = cand;
			best_q = q;
		}
	}
	return best;
}

/*
 * RFC 9110 12.5.3: codings are tokens, compared without case; a weight is
 * ";q=" with optional white space around the ';' (and a case-insensitive
 * q).  An explicit entry for the coding (or its old "x-" name) wins over
 * "*".  A malformed header allows nothing: identity is always acceptable,
 * so the answer is merely not compressed.
 */
bool
accept_encoding_allows(const char *header, const char *coding)
{
	const char *s = header, *t;
	int q, q_named = -1, q_any = -1;
	struct str tok, want = str_from_cstr(coding);

	if (s == NULL)
		return false;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '\0')
			break;
		for (t = s; *t != '\0' && (token_valid(t, 1) || *t == '*'); t++)
			;
		if (t == s)
			return false;
		tok = (struct str){ s, (size_t)(t - s) };
		s = parse_ows(t);
		q = 1000;
		if (*s == ';') {
			s = parse_ows(s + 1);
			if ((s[0] != 'q' && s[0] != 'Q') || s[1] != '=' ||
			    (s = parse_qvalue(s + 2, &q)) == NULL)
				return false;
			s = parse_ows(s);
		}
		if (*s != ',' && *s != '\0')
			return false;
		if (str_eq_nocase(tok, want) || (tok.len == want.len + 2 &&
		    strncasecmp(tok.ptr, "x-", 2) == 0 &&
		    strncasecmp(tok.ptr + 2, want.ptr, want.len) == 0))
			q_named = q;
		else if (str_eq_cstr(tok, "*"))
			q_any = q;
	}
	return q_named >= 0 ? q_named > 0 : q_any > 0;
}

int
id_parse(const char *s, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (s == NULL || s[0] < '1' || s[0] > '9' || strlen(s) > 18)
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * badge_bake.c - Open Badges data in PNG iTXt chunks and SVG elements.
 */
#include "learning/badge_bake.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "view/escape.h"

static const unsigned char png_signature[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
};

#define PNG_CHUNK_MAX 0x7fffffffu	/* PNG 5.3: lengths below 2^31 */
#define PNG_KEYWORD_MAX 79		/* PNG 11.3.4.2: 1 to 79 bytes */

const char *
badge_png_keyword(enum badge_version v)
{
	return v == BADGE_OB3 ? "openbadgecredential" : "openbadges";
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void
put_be32(struct buf *b, uint32_t v)
{
	unsigned char p[4] = { (unsigned char)(v >> 24),
		(unsigned char)(v >> 16), (unsigned char)(v >> 8),
		(unsigned char)v };

	buf_append(b, p, 4);
}

struct chunk {
	size_t off;			/* of the length field */
	size_t size;			/* 12 + len: the whole chunk */
	uint32_t len;
	const unsigned char *type;
	const unsigned char *data;
};

/* The chunk at pos, its length, type letters and CRC checked: 0 or -1. */
static int
chunk_at(const unsigned char *p, size_t n, size_t pos, struct chunk *c)
{
	uint32_t crc;
	int i;

	if (n - pos < 12)
		return -1;
	c->off = pos;
	c->len = be32(p + pos);
	if (c->len > PNG_CHUNK_MAX || c->len > n - pos - 12)
		return -1;
	c->type = p + pos + 4;
	c->data = p + pos + 8;
	c->size = 12 + (size_t)c->len;
	for (i = 0; i < 4; i++)
		if (!((c->type[i] >= 'A' && c->type[i] <= 'Z') ||
		    (c->type[i] >= 'a' && c->type[i] <= 'z')))
			return -1;
	/* PNG 5.3: the CRC covers the type and the data. */
	crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), c->type, 4 + c->len);
	return crc == be32(c->data + c->len) ? 0 : -1;
}

static int
chunk_is(const struct chunk *c, const char *type)
{
	return memcmp(c->type, type, 4) == 0;
}

/* The keyword of a text chunk (tEXt, zTXt, iTXt: keyword and NUL first)
 * equals kw. */
static int
keyword_is(const struct chunk *c, const char *kw)
{
	size_t k = strlen(kw);

	return c->len > k && memcmp(c->data, kw, k) == 0 && c->data[k] == '\0';
}

/* Open Badges data of any version, or a 1.x tEXt "openbadges" chunk. */
static int
is_badge_chunk(const struct chunk *c)
{
	if (!chunk_is(c, "iTXt") && !chunk_is(c, "tEXt") && !chunk_is(c, "zTXt"))
		return 0;
	return keyword_is(c, badge_png_keyword(BADGE_OB2)) ||
	    keyword_is(c, badge_png_keyword(BADGE_OB3));
}

/*
 * Walks the whole PNG: signature, IHDR first, every chunk well formed, IEND
 * last with nothing after it.  Counts the Open Badges chunks into *baked.
 * 0 or -1.
 */
static int
png_check(const unsigned char *p, size_t n, int *baked)
{
	struct chunk c;
	size_t pos = sizeof(png_signature);
	int first = 1;

	*baked = 0;
	if (n < pos || memcmp(p, png_signature, pos) != 0)
		return -1;
	for (;;) {
		if (chunk_at(p, n, pos, &c) != 0)
			return -1;
		if (first && !chunk_is(&c, "IHDR"))
			return -1;
		first = 0;
		*baked += is_badge_chunk(&c);
		pos += c.size;
		if (chunk_is(&c, "IEND"))
			return pos == n ? 0 : -1;
	}
}

int
badge_png_bake(struct buf *out, const unsigned char *png, size_t n,
    enum badge_version v, const char *text, bool replace)
{
	const char *kw = badge_png_keyword(v);
	size_t kwlen = strlen(kw), tlen = strlen(text), pos;
	struct chunk c;
	uLong crc;
	int baked;
	/* iTXt (PNG 11.3.4.5): keyword, NUL, compression flag 0, method
	 * 0, empty language tag and NUL, empty translated keyword and NUL,
	 * then the text, uncompressed as both baking texts require. */
	const unsigned char mid[5] = { 0, 0, 0, 0, 0 };

	if (png_check(png, n, &baked) != 0)
		return BADGE_BAKE_BAD;
	if (baked > 0 && !replace)
		return BADGE_BAKE_BAKED;
	if (tlen > PNG_CHUNK_MAX - kwlen - sizeof(mid))
		return BADGE_BAKE_BAD;
	buf_append(out, png, sizeof(png_signature));
	for (pos = sizeof(png_signature); pos < n; pos += c.size) {
		(void)chunk_at(png, n, pos, &c);	/* checked above */
		if (chunk_is(&c, "IEND")) {
			put_be32(out, (uint32_t)(kwlen + sizeof(mid) + tlen));
			crc = crc32(crc32(0L, Z_NULL, 0),
			    (const Bytef *)"iTXt", 4);
			crc = crc32(crc, (const Bytef *)kw, (uInt)kwlen);
			crc = crc32(crc, mid, sizeof(mid));
			crc = crc32_z(crc, (const Bytef *)text, tlen);
			buf_append(out, "iTXt", 4);
			buf_append(out, kw, kwlen);
			buf_append(out, mid, sizeof(mid));
			buf_append(out, text, tlen);
			put_be32(out, (uint32_t)crc);
		}
		if (!is_badge_chunk(&c))
			buf_append(out, png + c.off, c.size);
	}
	return BADGE_BAKE_OK;
}

int
badge_png_extract(struct arena *a, const unsigned char *png, size_t n,
    enum badge_version v, char **text)
{
	const char *kw = badge_png_keyword(v);
	size_t kwlen = strlen(kw), pos = sizeof(png_signature), i;
	const unsigned char *d;
	struct chunk c;
	int first = 1;

	*text = NULL;
	if (n < pos || memcmp(png, png_signature, pos) != 0)
		return BADGE_BAKE_BAD;
	/* "Extracting": up to the first iTXt with the keyword; the rest
	 * of the stream may be discarded. */
	for (;;) {
		if (chunk_at(png, n, pos, &c) != 0)
			return BADGE_BAKE_BAD;
		if (first && !chunk_is(&c, "IHDR"))
			return BADGE_BAKE_BAD;
		first = 0;
		if (chunk_is(&c, "IEND"))
			return BADGE_BAKE_NONE;
		pos += c.size;
		if (!chunk_is(&c, "iTXt") || !keyword_is(&c, kw))
			continue;
		d = c.data;
		i = kwlen + 1;
		/* compression flag and method, then two NUL-ended fields */
		if (c.len < i + 4 || d[i] != 0)
			return BADGE_BAKE_BAD;
		i += 2;
		while (i < c.len && d[i] != '\0')	/* language tag */
			i++;
		if (++i > c.len)
			return BADGE_BAKE_BAD;
		while (i < c.len && d[i] != '\0')	/* translated keyword */
			i++;
		if (++i > c.len)
			return BADGE_BAKE_BAD;
		*text = arena_strndup(a, (const char *)d + i, c.len - i);
		return BADGE_BAKE_OK;
	}
}

/* SVG ---------------------------------------------------------------- */

static const char *
svg_ns(enum badge_version v)
{
	return v == BADGE_OB3 ? "https://purl.imsglobal.org/ob/v3p0" :
	    "http://openbadges.org";
}

static const char *
svg_element(enum badge_version v)
{
	return v == BADGE_OB3 ? "openbadges:credential" :
	    "openbadges:assertion";
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Where s[0..n) first has the tag name `<name` followed by a space, ">" or
 * "/", from pos; n when nowhere. */
static size_t
find_tag(const char *s, size_t n, size_t pos, const char *name)
{
	size_t k = strlen(name);
	const char *p;

	while (pos < n && (p = memmem(s + pos, n - pos, name, k)) != NULL) {
		pos = (size_t)(p - s);
		if (pos + k < n && (is_space(s[pos + k]) || s[pos + k] == '>' ||
		    s[pos + k] == '/'))
			return pos;
		pos += k;
	}
	return n;
}

/* XML 1.0 NameChar, roughly: ASCII letters, digits, "-", "_", ":", "."
 * and any byte of a multi-byte UTF-8 character. */
static int
is_name_char(char ch)
{
	unsigned char c = (unsigned char)ch;

	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' ||
	    c == '.' || c >= 0x80;
}

/* One attribute of a start tag. */
struct attr {
	size_t start, end;		/* the whole name="value" */
	size_t name, name_len;
	size_t value, value_len;	/* between the quotes */
};

#define SVG_ATTRS_MAX 64

/*
 * Parses the attributes of the start tag whose name ends at pos, up to
 * its ">": their spans into at (at most SVG_ATTRS_MAX), the count into
 * *nat, the offset just past ">" into *end and whether it was "/>" into
 * *empty.  0, or -1 for a tag that is not well formed.
 */
static int
parse_start_tag(const char *s, size_t n, size_t pos, struct attr *at,
    size_t *nat, size_t *end, int *empty)
{
	char q;

	size_t ws;

	*nat = 0;
	for (;;) {
		ws = pos;
		while (pos < n && is_space(s[pos]))
			pos++;
		if (pos >= n)
			return -1;
		if (s[pos] == '>' || (s[pos] == '/' && pos + 1 < n &&
		    s[pos + 1] == '>')) {
			*empty = s[pos] == '/';
			*end = pos + (*empty ? 2 : 1);
			return 0;
		}
		/* XML 1.0 [40]: white space before every attribute */
		if (*nat == SVG_ATTRS_MAX || ws == pos)
			return -1;
		at[*nat].start = at[*nat].name = pos;
		while (pos < n && is_name_char(s[pos]))
			pos++;
		at[*nat].name_len = pos - at[*nat].name;
		while (pos < n && is_space(s[pos]))
			pos++;
		if (at[*nat].name_len == 0 || pos >= n || s[pos] != '=')
			return -1;
		pos++;
		while (pos < n && is_space(s[pos]))
			pos++;
		if (pos >= n || (s[pos] != '"' && s[pos] != '\''))
			return -1;
		q = s[pos++];
		at[*nat].value = pos;
		while (pos < n && s[pos] != q && s[pos] != '<')	/* [10] */
			pos++;
		if (pos < n && s[pos] == '<')
			return -1;
		if (pos >= n)
			return -1;
		at[*nat].value_len = pos - at[*nat].value;
		at[*nat].end = ++pos;
		(*nat)++;
	}
}

/* Skips the prolog: XML declaration, processing instructions, comments,
 * DOCTYPE and white space.  The offset of the root element's "<", or n. */
static size_t
skip_prolog(const char *s, size_t n)
{
	size_t pos = 0;
	const char *p;

	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)	/* BOM */
		pos = 3;
	while (pos < n) {
		if (is_space(s[pos])) {
			pos++;
		} else if (n - pos >= 4 && memcmp(s + pos, "<!--", 4) == 0) {
			p = memmem(s + pos + 4, n - pos - 4, "-->", 3);
			pos = p != NULL ? (size_t)(p - s) + 3 : n;
		} else if (n - pos >= 2 && memcmp(s + pos, "<?", 2) == 0) {
			p = memmem(s + pos + 2, n - pos - 2, "?>", 2);
			pos = p != NULL ? (size_t)(p - s) + 2 : n;
		} else if (n - pos >= 2 && memcmp(s + pos, "<!", 2) == 0) {
			/* DOCTYPE, perhaps with an internal subset [...] */
			int depth = 0;

			for (pos += 2; pos < n; pos++) {
				if (s[pos] == '[')
					depth++;
				else if (s[pos] == ']')
					depth--;
				else if (s[pos] == '>' && depth <= 0)
					break;
			}
			pos++;
		} else {
			return s[pos] == '<' ? pos : n;
		}
	}
	return n;
}

/* The end of the Open Badges element starting at pos (either version):
 * past its "/>" or its end tag; 0 when it is not well formed. */
static size_t
element_end(const char *s, size_t n, size_t pos)
{
	struct attr at[SVG_ATTRS_MAX];
	size_t nat, end, k;
	const char *name, *p;
	char close[40];
	int empty;

	name = n - pos > 22 && memcmp(s + pos + 1, "openbadges:credential",
	    21) == 0 ? "openbadges:credential" : "openbadges:assertion";
	k = strlen(name);
	if (parse_start_tag(s, n, pos + 1 + k, at, &nat, &end, &empty) != 0)
		return 0;
	if (empty)
		return end;
	snprintf(close, sizeof(close), "</%s>", name);
	p = memmem(s + end, n - end, close, strlen(close));
	return p == NULL ? 0 : (size_t)(p - s) + strlen(close);
}

/* The next Open Badges element (either version) from pos, or n. */
static size_t
next_badge_element(const char *s, size_t n, size_t pos)
{
	size_t a = find_tag(s, n, pos, "<openbadges:assertion");
	size_t c = find_tag(s, n, pos, "<openbadges:credential");

	return a < c ? a : c;
}

/* Writes "<![CDATA[" s "]]>", a "]]>" inside s split across two
 * sections. */
static void
put_cdata(struct buf *b, const char *s)
{
	const char *p;

	buf_puts(b, "<![CDATA[");
	while ((p = strstr(s, "]]>")) != NULL) {
		buf_append(b, s, (size_t)(p - s) + 2);
		buf_puts(b, "]]><![CDATA[");
		s = p + 2;
	}
	buf_puts(b, s);
	buf_puts(b, "]]>");
}

int
badge_svg_bake(struct buf *out, const char *svg, size_t n,
    enum badge_version v, const char *verify, const char *body, bool replace)
{
	struct attr at[SVG_ATTRS_MAX];
	size_t root, nat, end, i, pos, e = 0;
	int empty;

	root = skip_prolog(svg, n);
	if (root >= n || memchr(svg, '\0', n) != NULL || find_tag(svg, n, root, "<svg") != root ||
	    parse_start_tag(svg, n, root + 4, at, &nat, &end, &empty) != 0 ||
	    empty)
		return BADGE_BAKE_BAD;
	/* Room for ours among the attributes the readers take. */
	for (i = 0, e = 0; i < nat; i++)
		e += !(at[i].name_len == 16 &&
		    memcmp(svg + at[i].name, "xmlns:openbadges", 16) == 0);
	if (e >= SVG_ATTRS_MAX)
		return BADGE_BAKE_BAD;
	e = 0;
	/* Every Open Badges element must be well formed, to be removed. */
	for (pos = next_badge_element(svg, n, end); pos < n;
	    pos = next_badge_element(svg, n, e)) {
		if (!replace)
			return BADGE_BAKE_BAKED;
		if ((e = element_end(svg, n, pos)) == 0)
			return BADGE_BAKE_BAD;
	}
	buf_append(out, svg, root + 4);
	/* The root's attributes but an earlier xmlns:openbadges, then
	 * ours: "add an xmlns:openbadges attribute to the <svg> tag". */
	for (i = 0; i < nat; i++) {
		if (at[i].name_len == 16 &&
		    memcmp(svg + at[i].name, "xmlns:openbadges", 16) == 0)
			continue;
		buf_putc(out, ' ');
		buf_append(out, svg + at[i].start, at[i].end - at[i].start);
	}
	buf_printf(out, " xmlns:openbadges=\"%s\">", svg_ns(v));
	/* "Directly after the <svg> tag", the element. */
	buf_printf(out, "<%s verify=\"", svg_element(v));
	html_attr(out, verify);
	buf_puts(out, "\">");
	if (body != NULL)
		put_cdata(out, body);
	buf_printf(out, "</%s>", svg_element(v));
	for (pos = end; (e = next_badge_element(svg, n, pos)) < n;
	    pos = element_end(svg, n, e))
		buf_append(out, svg + pos, e - pos);
	buf_append(out, svg + pos, n - pos);
	return BADGE_BAKE_OK;
}

/* Appends s[0..n) with the XML predefined entities and character
 * references replaced; -1 for an unknown or malformed reference. */
static int
put_unescaped(struct buf *b, const char *s, size_t n)
{
	static const struct {
		const char *name;
		char c;
	} ents[] = { { "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' },
		{ "quot;", '"' }, { "apos;", '\'' } };
	size_t i, k, j;
	unsigned long cp;
	char *endp, num[12];

	for (i = 0; i < n; i++) {
		if (s[i] != '&') {
			buf_putc(b, s[i]);
			continue;
		}
		for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
			if (n - i - 1 >= strlen(ents[k].name) &&
			    memcmp(s + i + 1, ents[k].name,
			    strlen(ents[k].name)) == 0)
				break;
		if (k < sizeof(ents) / sizeof(ents[0])) {
			buf_putc(b, ents[k].c);
			i += strlen(ents[k].name);
			continue;
		}
		if (i + 1 >= n || s[i + 1] != '#')
			return -1;
		for (j = i + 2; j < n && j - i < sizeof(num) && s[j] != ';'; j++)
			;
		if (j >= n || s[j] != ';' || j - i - 2 == 0 ||
		    j - i - 2 >= sizeof(num))
			return -1;
		memcpy(num, s + i + 2, j - i - 2);
		num[j - i - 2] = '\0';
		cp = num[0] == 'x' ? strtoul(num + 1, &endp, 16) :
		    strtoul(num, &endp, 10);
		if (*endp != '\0' || cp == 0 || cp > 0x10FFFF)
			return -1;
		if (cp < 0x80) {
			buf_putc(b, (char)cp);
		} else if (cp < 0x800) {
			buf_putc(b, (char)(0xC0 | cp >> 6));
			buf_putc(b, (char)(0x80 | (cp & 0x3F)));
		} else if (cp < 0x10000) {
			buf_putc(b, (char)(0xE0 | cp >> 12));
			buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
			buf_putc(b, (char)(0x80 | (cp & 0x3F)));
		} else {
			buf_putc(b, (char)(0xF0 | cp >> 18));
			buf_putc(b, (char)(0x80 | (cp >> 12 & 0x3F)));
			buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
			buf_putc(b, (char)(0x80 | (cp & 0x3F)));
		}
		i = j;
	}
	return 0;
}

int
badge_svg_extract(struct arena *a, const char *svg, size_t n,
    enum badge_version v, char **verify, char **body)
{
	struct attr at[SVG_ATTRS_MAX];
	const char *name = svg_element(v);
	size_t pos, nat, end, i, close_at, k;
	const char *p, *q;
	char close[40];
	struct buf b;
	int empty, rc = BADGE_BAKE_BAD;

	*verify = *body = NULL;
	/* "Extracting": up to the first element, looked for after the root
	 * start tag (not in the prolog's comments or the root's attribute
	 * values). */
	pos = skip_prolog(svg, n);
	if (pos >= n || memchr(svg, '\0', n) != NULL || find_tag(svg, n, pos, "<svg") != pos ||
	    parse_start_tag(svg, n, pos + 4, at, &nat, &end, &empty) != 0)
		return BADGE_BAKE_BAD;
	if (empty)
		return BADGE_BAKE_NONE;
	snprintf(close, sizeof(close), "<%s", name);
	if ((pos = find_tag(svg, n, end, close)) >= n)
		return BADGE_BAKE_NONE;
	if (parse_start_tag(svg, n, pos + strlen(close), at, &nat, &end,
	    &empty) != 0)
		return BADGE_BAKE_BAD;
	buf_init(&b);
	for (i = 0; i < nat; i++)
		if (at[i].name_len == 6 &&
		    memcmp(svg + at[i].name, "verify", 6) == 0) {
			if (put_unescaped(&b, svg + at[i].value,
			    at[i].value_len) != 0)
				goto done;
			*verify = arena_strdup(a, buf_cstr(&b));
		}
	if (empty) {
		rc = BADGE_BAKE_OK;
		goto done;
	}
	snprintf(close, sizeof(close), "</%s>", name);
	if ((p = memmem(svg + end, n - end, close, strlen(close))) == NULL)
		goto done;
	close_at = (size_t)(p - svg);
	/* The body: CDATA sections as they are, text between them
	 * unescaped, white space around it trimmed. */
	b.len = 0;
	for (pos = end; pos < close_at; ) {
		p = memmem(svg + pos, close_at - pos, "<![CDATA[", 9);
		k = p != NULL ? (size_t)(p - svg) : close_at;
		if (put_unescaped(&b, svg + pos, k - pos) != 0)
			goto done;
		if (p == NULL)
			break;
		q = memmem(p + 9, close_at - (k + 9), "]]>", 3);
		if (q == NULL)
			goto done;
		buf_append(&b, p + 9, (size_t)(q - p - 9));
		pos = (size_t)(q - svg) + 3;
	}
	p = buf_cstr(&b);
	while (is_space(*p))
		p++;
	k = strlen(p);
	while (k > 0 && is_space(p[k - 1]))
		k--;
	if (k > 0)
		*body = arena_strndup(a, p, k);
	rc = BADGE_BAKE_OK;
done:
	buf_cleanup(&b);
	return rc;
}

/*
 * escape.c - HTML output escapers.
 */
#include <string.h>

#include "view/escape.h"

/*
 * Replacement text per byte; NULL means the byte is written as it is.  The
 * text table is a subset of the attribute table.
 */
static const char *const escape_txt[256] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;",
	['"'] = "&quot;", ['\''] = "&#39;",
};
static const char *const escape_attr[256] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;",
	['"'] = "&quot;", ['\''] = "&#39;", ['`'] = "&#96;",
};

/*
 * The one loop behind html_txt() and html_attr(): appends the longest run
 * of bytes that need no escaping in one call, then one replacement.  Most
 * strings have no special byte at all and cost a single buf_append().
 */
static void
escape_with(struct buf *b, const char *const table[256], const char *s,
    size_t n)
{
	const char *end = s + n, *run;
	const char *rep;

	while (s < end) {
		run = s;
		while (s < end && table[(unsigned char)*s] == NULL)
			s++;
		buf_append(b, run, (size_t)(s - run));
		if (s == end)
			break;
		rep = table[(unsigned char)*s];
		buf_append(b, rep, strlen(rep));
		s++;
	}
}

void
html_txt(struct buf *b, const char *s)
{
	if (s != NULL)
		escape_with(b, escape_txt, s, strlen(s));
}

void
html_txt_n(struct buf *b, const char *s, size_t n)
{
	if (s != NULL)
		escape_with(b, escape_txt, s, n);
}

void
html_attr(struct buf *b, const char *s)
{
	if (s != NULL)
		escape_with(b, escape_attr, s, strlen(s));
}

/* True for the RFC 3986 unreserved characters, the only ones kept. */
static int
url_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

/*
 * Percent-encodes byte by byte; UTF-8 sequences thereby become the %XX
 * form that browsers and RFC 3987 expect.
 */
void
html_url_arg(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run;
	char pct[3];
	unsigned char c;

	if (s == NULL)
		return;
	while (*s != '\0') {
		run = s;
		while (*s != '\0' && url_unreserved((unsigned char)*s))
			s++;
		buf_append(b, run, (size_t)(s - run));
		if (*s == '\0')
			break;
		c = (unsigned char)*s++;
		pct[0] = '%';
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 0x0f];
		buf_append(b, pct, sizeof(pct));
	}
}

void
html_raw(struct buf *b, const char *s)
{
	buf_puts(b, s);
}

/*
 * Converts by hand rather than through snprintf(): pages print many numbers
 * and the format parser costs more than the digits.  The magnitude is taken
 * in unsigned arithmetic so that LLONG_MIN does not overflow.
 */
void
html_int(struct buf *b, long long v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	unsigned long long u;

	u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	buf_append(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

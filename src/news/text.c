/*
 * text.c - the pure parts of news: publication state, the language
 * version to show, a body's HTML and XML text for the feeds.
 * Nothing here touches the database or a request, so the unit tests
 * (tests/unit/core/test_news.c) can try every edge.
 */
#include <stdlib.h>
#include <string.h>

#include "news/news.h"
#include "view/escape.h"
#include "view/markdown.h"

enum news_state
news_state_at(const struct news_post *p, int64_t now)
{
	if (!p->published)
		return NEWS_DRAFT;
	return p->publish_at > now ? NEWS_SCHEDULED : NEWS_PUBLISHED;
}

bool
news_is_public(const struct news_post *p, int64_t now)
{
	return news_state_at(p, now) == NEWS_PUBLISHED &&
	    news_nversions(p) > 0;
}

int
news_nversions(const struct news_post *p)
{
	int l, n = 0;

	for (l = 0; l < LANG_COUNT; l++)
		if (p->v[l].title != NULL && p->v[l].title[0] != '\0')
			n++;
	return n;
}

enum lang
news_pick(const struct news_post *p, enum lang l)
{
	int i;

	if (p->v[l].title != NULL && p->v[l].title[0] != '\0')
		return l;
	/* The fallback order of all content (i18n_pick): fi, sv, en. */
	for (i = 0; i < LANG_COUNT; i++)
		if (p->v[i].title != NULL && p->v[i].title[0] != '\0')
			return (enum lang)i;
	return l;
}

/*
 * What each byte becomes in XML text: an entity, nothing (a control
 * character XML 1.0 forbids) or, for 0xEF, a look at the two bytes after
 * it; NULL, itself.  The runs between are appended whole, as html_txt()
 * does: a feed's content is HTML, a special byte every few.
 */
#define XML_DROP ""
static const char xml_ef[] = "";	/* its own address: the look */
static const char *const xml_rep[256] = {
	[0x01] = XML_DROP, [0x02] = XML_DROP, [0x03] = XML_DROP,
	[0x04] = XML_DROP, [0x05] = XML_DROP, [0x06] = XML_DROP,
	[0x07] = XML_DROP, [0x08] = XML_DROP, [0x0b] = XML_DROP,
	[0x0c] = XML_DROP, [0x0e] = XML_DROP, [0x0f] = XML_DROP,
	[0x10] = XML_DROP, [0x11] = XML_DROP, [0x12] = XML_DROP,
	[0x13] = XML_DROP, [0x14] = XML_DROP, [0x15] = XML_DROP,
	[0x16] = XML_DROP, [0x17] = XML_DROP, [0x18] = XML_DROP,
	[0x19] = XML_DROP, [0x1a] = XML_DROP, [0x1b] = XML_DROP,
	[0x1c] = XML_DROP, [0x1d] = XML_DROP, [0x1e] = XML_DROP,
	[0x1f] = XML_DROP,
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;",
	['\''] = "&#39;", [0xef] = xml_ef,
};

void
news_xml_txt(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;
	const char *rep;

	if (s == NULL)
		return;
	for (;;) {
		run = p;
		while ((rep = xml_rep[*p]) == NULL && *p != '\0')
			p++;
		buf_append(b, run, (size_t)(p - run));
		if (*p == '\0')
			return;
		if (rep != xml_ef)
			buf_append(b, rep, strlen(rep));
		/* U+FFFE and U+FFFF (EF BF BE, EF BF BF) are dropped, every
		 * other character that starts with EF kept. */
		else if (p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
			p += 2;
		else
			buf_append(b, p, 1);
		p++;
	}
}

/*
 * Where a CDATA section's copy stops: the end, a '>' (after "]]" it would
 * end the section), 0xEF (of U+FFFE and U+FFFF) and the control
 * characters XML 1.0 forbids.
 */
static const unsigned char cdata_stop[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1,
	[0x05] = 1, [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x0b] = 1,
	[0x0c] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1,
	[0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1,
	[0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1,
	[0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, ['>'] = 1,
	[0xef] = 1,
};

void
news_xml_cdata(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : ""), *run;

	buf_puts(b, "<![CDATA[");
	for (;;) {
		run = p;
		while (!cdata_stop[*p])
			p++;
		buf_append(b, run, (size_t)(p - run));
		if (*p == '\0')
			break;
		/* What was written, not the input: "]]\x07>" loses its
		 * control character and is "]]>" then.  The section's own
		 * "<![CDATA[" ends in '[', so a "]]" here is the text's. */
		if (*p == '>' && b->data[b->len - 1] == ']' &&
		    b->data[b->len - 2] == ']')
			buf_puts(b, "]]><![CDATA[>");
		else if (*p == 0xef && p[1] == 0xbf && (p[2] == 0xbe ||
		    p[2] == 0xbf))
			p += 2;
		else if (*p == '>' || *p == 0xef)
			buf_append(b, p, 1);
		/* else a control character, left out */
		p++;
	}
	buf_puts(b, "]]>");
}

const char *
news_demote_headings(struct arena *a, const char *html)
{
	char *out = arena_strdup(a, html), *p;
	char level;

	/* Only a body with a first-level heading moves down; one that
	 * starts at "##" already fits under the title. */
	for (p = out; (p = strstr(p, "<h1")) != NULL; p++)
		if (p[3] == '>' || p[3] == ' ')
			break;
	if (p == NULL)
		return out;
	/* Deepest first, so that a heading moves down one level only. */
	for (level = '5'; level >= '1'; level--) {
		for (p = out; (p = strstr(p, "<h")) != NULL; p++)
			if (p[2] == level && (p[3] == '>' || p[3] == ' '))
				p[2] = (char)(level + 1);
		for (p = out; (p = strstr(p, "</h")) != NULL; p++)
			if (p[3] == level && p[4] == '>')
				p[3] = (char)(level + 1);
	}
	return out;
}

const char *
news_body_html(struct arena *a, const char *markdown)
{
	return news_demote_headings(a, markdown_html(a, markdown));
}

int64_t
news_body_renderer(void)
{
	return (int64_t)markdown_renderer() * 100 + NEWS_BODY_RULES;
}

/* --- absolute links for the feeds --- */

/* Length of the scheme of an absolute URI ("https" of "https://..."), 0
 * when ref has none (RFC 3986 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" /
 * "." ) followed by ":"). */
static size_t
scheme_len(const char *ref)
{
	size_t n = 0;

	if (!((ref[0] >= 'a' && ref[0] <= 'z') || (ref[0] >= 'A' &&
	    ref[0] <= 'Z')))
		return 0;
	while ((ref[n] >= 'a' && ref[n] <= 'z') || (ref[n] >= 'A' &&
	    ref[n] <= 'Z') || (ref[n] >= '0' && ref[n] <= '9') ||
	    ref[n] == '+' || ref[n] == '-' || ref[n] == '.')
		n++;
	return ref[n] == ':' ? n : 0;
}

/* RFC 3986 5.2.4: the path p (n bytes) without "." and ".." segments,
 * appended to b. */
static void
remove_dots(struct buf *b, const char *p, size_t n)
{
	size_t start = b->len, seg;

	while (n > 0) {
		if (n >= 3 && memcmp(p, "../", 3) == 0) {
			p += 3, n -= 3;
		} else if (n >= 2 && memcmp(p, "./", 2) == 0) {
			p += 2, n -= 2;
		} else if ((n >= 3 && memcmp(p, "/./", 3) == 0) ||
		    (n == 2 && memcmp(p, "/.", 2) == 0)) {
			/* "/./x" -> "/x"; a final "/." -> "/" */
			p += 2, n -= 2;
			if (n == 0) {
				buf_putc(b, '/');
				break;
			}
		} else if ((n >= 4 && memcmp(p, "/../", 4) == 0) ||
		    (n == 3 && memcmp(p, "/..", 3) == 0)) {
			p += 3, n -= 3;
			/* Drop the last segment written (and its slash). */
			while (b->len > start && b->data[b->len - 1] != '/')
				b->len--;
			if (b->len > start)
				b->len--;
			if (n == 0) {
				buf_putc(b, '/');
				break;
			}
		} else if ((n == 1 && p[0] == '.') || (n == 2 &&
		    memcmp(p, "..", 2) == 0)) {
			break;
		} else {
			/* Move the first segment (with its leading slash). */
			seg = p[0] == '/' ? 1 : 0;
			while (seg < n && p[seg] != '/')
				seg++;
			buf_append(b, p, seg);
			p += seg, n -= seg;
		}
	}
}

const char *
news_resolve_url(struct arena *a, const char *base, const char *ref)
{
	size_t bs = scheme_len(base), auth_end, path_end, rp;
	const char *bpath, *slash;
	struct buf b;
	const char *out;

	if (bs == 0 || scheme_len(ref) > 0)
		return arena_strdup(a, ref);
	/* base = scheme "://" authority path (no query or fragment is
	 * expected; one is cut off). */
	auth_end = bs + 1;
	if (strncmp(base + bs, "://", 3) == 0)
		auth_end = bs + 3 + strcspn(base + bs + 3, "/?#");
	bpath = base + auth_end;
	path_end = strcspn(bpath, "?#");
	buf_init(&b);
	if (ref[0] == '/' && ref[1] == '/') {
		buf_append(&b, base, bs + 1);
		buf_puts(&b, ref);
	} else if (ref[0] == '#' || ref[0] == '?' || ref[0] == '\0') {
		buf_append(&b, base, auth_end + path_end);
		if (ref[0] == '#') {
			const char *q = strchr(bpath, '?');

			if (q != NULL)
				buf_append(&b, q, strcspn(q, "#"));
		}
		buf_puts(&b, ref);
	} else {
		buf_append(&b, base, auth_end);
		rp = strcspn(ref, "?#");
		if (ref[0] == '/') {
			remove_dots(&b, ref, rp);
		} else {
			struct buf m;

			/* Merge: the base path up to its last "/", then ref. */
			buf_init(&m);
			slash = NULL;
			for (const char *s = bpath; s < bpath + path_end; s++)
				if (*s == '/')
					slash = s;
			if (slash != NULL)
				buf_append(&m, bpath, (size_t)(slash - bpath) + 1);
			else
				buf_putc(&m, '/');
			buf_append(&m, ref, rp);
			remove_dots(&b, m.data, m.len);
			buf_cleanup(&m);
		}
		buf_puts(&b, ref + rp);
	}
	out = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

/* The value of an attribute as cmark writes it, entities decoded: &amp;
 * &quot; &lt; &gt; and numeric ones (ASCII only; others stay as they
 * are, which a URL never holds). */
static const char *
attr_decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	size_t i = 0;

	while (i < n) {
		const char *p = s + i, *semi;
		unsigned long v;
		char *end;

		if (*p != '&' || (semi = memchr(p, ';', n - i)) == NULL) {
			*o++ = s[i++];
			continue;
		}
		if (semi - p == 4 && memcmp(p, "&amp", 4) == 0)
			*o++ = '&';
		else if (semi - p == 5 && memcmp(p, "&quot", 5) == 0)
			*o++ = '"';
		else if (semi - p == 3 && memcmp(p, "&lt", 3) == 0)
			*o++ = '<';
		else if (semi - p == 3 && memcmp(p, "&gt", 3) == 0)
			*o++ = '>';
		else if (p[1] == '#' && ((v = (p[2] == 'x' || p[2] == 'X') ?
		    strtoul(p + 3, &end, 16) : strtoul(p + 2, &end, 10)),
		    end == semi) && v > 0x20 && v < 0x7f)
			*o++ = (char)v;
		else {
			*o++ = s[i++];
			continue;
		}
		i += (size_t)(semi - p) + 1;
	}
	*o = '\0';
	return out;
}

const char *
news_absolute_links(struct arena *a, const char *html, const char *base)
{
	static const char *const attrs[] = { " href=\"", " src=\"" };
	const char *p = html, *best, *q, *end;
	size_t blen = 0, i;
	struct buf b;
	const char *out;

	buf_init(&b);
	for (;;) {
		best = NULL;
		for (i = 0; i < 2; i++)
			if ((q = strstr(p, attrs[i])) != NULL &&
			    (best == NULL || q < best)) {
				best = q;
				blen = strlen(attrs[i]);
			}
		if (best == NULL || (end = strchr(best + blen, '"')) == NULL)
			break;
		buf_append(&b, p, (size_t)(best - p) + blen);
		html_attr(&b, news_resolve_url(a, base, attr_decode(a,
		    best + blen, (size_t)(end - best - blen))));
		buf_putc(&b, '"');
		p = end + 1;
	}
	buf_puts(&b, p);
	out = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

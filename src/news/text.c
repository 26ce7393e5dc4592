/*
 * text.c - the pure parts of news: publication state, the language
 * version to show and XML text for the feeds.
 * Nothing here touches the database or a request, so the unit tests
 * (tests/unit/core/test_news.c) can try every edge.
 */
#include <string.h>

#include "news/news.h"

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

void
news_xml_txt(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;

	if (s == NULL)
		return;
	run = p;
	for (; *p != '\0'; p++) {
		const char *ent = NULL;
		size_t skip = 0;

		switch (*p) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default:
			if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
				skip = 1;
			/* U+FFFE and U+FFFF: EF BF BE, EF BF BF. */
			else if (p[0] == 0xef && p[1] == 0xbf &&
			    (p[2] == 0xbe || p[2] == 0xbf))
				skip = 3;
		}
		if (ent == NULL && skip == 0)
			continue;
		buf_append(b, run, (size_t)(p - run));
		if (ent != NULL)
			buf_puts(b, ent);
		else
			p += skip - 1;
		run = p + 1;
	}
	buf_append(b, run, (size_t)(p - run));
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

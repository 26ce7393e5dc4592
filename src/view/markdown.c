/*
 * markdown.c - CommonMark rendering through cmark, safe mode.
 */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "view/markdown.h"

const char *
markdown_html(struct arena *a, const char *text)
{
	char *html;
	const char *out;

	if (text == NULL || text[0] == '\0')
		return "";
	html = cmark_markdown_to_html(text, strlen(text),
	    CMARK_OPT_SAFE | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8);
	if (html == NULL)
		return "";
	out = arena_strdup(a, html);
	free(html);
	return out;
}

long
markdown_renderer(void)
{
	return (long)MARKDOWN_RULES << 24 | (cmark_version() & 0xffffff);
}

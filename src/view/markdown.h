/*
 * markdown.h - Markdown from staff (notes, descriptions) to safe HTML.
 *
 * cmark with CMARK_OPT_SAFE: raw HTML in the source is dropped and
 * javascript:, vbscript:, file: and data: links (other than images) are
 * removed, so the result may be written with the template's `| raw`.
 */
#ifndef TV_VIEW_MARKDOWN_H
#define TV_VIEW_MARKDOWN_H

#include "base/arena.h"

/* The HTML of `text` (CommonMark), copied into the arena; "" for NULL. */
const char *markdown_html(struct arena *a, const char *text);

/*
 * Which renderer markdown_html() is: the version of the cmark library it
 * runs (cmark_version(), 0xMMmmpp) and MARKDOWN_RULES, the options here,
 * in one positive number.  HTML kept from an earlier render (news bodies)
 * is made again when it changes.  Change MARKDOWN_RULES with the options.
 */
#define MARKDOWN_RULES 1
long markdown_renderer(void);

#endif

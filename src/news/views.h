/*
 * views.h - what the news templates (templates/news/) are given.
 */
#ifndef TV_NEWS_VIEWS_H
#define TV_NEWS_VIEWS_H

#include "news/news.h"
#include "view/form.h"
#include "view/view.h"

/* One post in a list: the version picked for the page's language. */
struct news_item {
	const struct news_post *post;
	enum lang shown;		/* the language of the version shown */
	const char *date;		/* publish date as the language writes it */
	const char *iso;		/* and for <time datetime> */
};

struct news_list_view {
	const struct news_item *items;
	size_t nitems;
	bool newer, older;		/* pages before and after this one */
	bool may_write;			/* link to the editing pages */
};

struct news_post_view {
	const struct news_post *post;
	enum lang shown;
	const char *date, *iso;
	const char *body_html;		/* Markdown rendered safe */
	const char *event_when;		/* the event's date and time */
	bool may_write;
	bool preview;			/* an editor's preview, maybe of a draft */
	enum news_state state;		/* for the preview's note */
};

/* A page cursor, AT.ID: the publication time and id of a post.  0 or
 * -1. */
int news_cursor(const char *s, int64_t *at, int64_t *id);

/* The direction of a list's page from ?after=AT.ID (the older posts, 1)
 * or ?before=AT.ID (the newer, -1), the links the templates write; 0 and
 * no cursor for the first page.  -1 for anything else: no page.  Both
 * lists, pages.c. */
int news_page_dir(struct request *r, int *dir, int64_t *at, int64_t *id);

/* A post of a list as its row shows it: the version for the page's
 * language, the publication date, with the time of day when `clock` (the
 * staff list), "" when there is none (a draft).  pages.c. */
void news_item_fill(struct request *r, const struct news_post *p,
    bool clock, struct news_item *it);

/* The posts of a page read with one more than its size (a list's page by
 * news_page_dir()): whether pages lie before and after it, *posts moved
 * past the extra post when it lies before; the page's count.  pages.c. */
size_t news_page_edges(int dir, struct news_post **posts, size_t n,
    size_t size, bool *newer, bool *older);

/* Fills pv for post p shown to request r (the public page and the
 * editor's preview; pages.c). */
void news_post_view_fill(struct request *r, const struct news_post *p,
    struct news_post_view *pv);

/* The staff list: the drafts on its first page, then a page of the
 * published and scheduled posts the editor manages. */
struct news_manage_view {
	const struct news_item *items;	/* the drafts, then the page */
	size_t nitems, ndrafts;
	bool newer, older;		/* pages before and after this one */
	int64_t now;
	const char *notice;		/* msgid */
};

/* What the edit form sent, or the stored values. */
struct news_form {
	const char *title[LANG_COUNT];
	const char *lead[LANG_COUNT];
	const char *body[LANG_COUNT];
	const char *event;		/* id as text, "" none */
	const char *publish;		/* "draft", "now" or "at" */
	const char *date, *time;	/* for "at" */
	int64_t *materials;
	size_t nmaterials;
};

struct news_edit_view {
	const char *csrf;
	const struct news_post *post;	/* NULL: a new post */
	enum news_state state;
	const char *state_when;		/* the publish time, for the status line */
	struct news_form f;
	const struct news_event_choice *events;
	size_t nevents;
	const struct material_ref *materials;
	size_t nmaterials;
	struct form_errors errors;
	const char *notice;		/* msgid */
};

/*
 * Reads the post form (form.c) into ev->f as written and, when it has no
 * mistake, into *out with *publish_at ("publish now" is the request's
 * `now`, the time the save is stamped with); the event and the materials
 * must be among ev's choices.  Every mistake is recorded in f.
 */
void news_form_read(struct form *f, struct news_edit_view *ev,
    struct news_post *out, int64_t now, int64_t *publish_at);

/* The label of a state ("Draft", "Scheduled", "Published") in l. */
const char *news_state_label(enum lang l, enum news_state s);

/* True when the form has material id checked. */
bool news_form_has_material(const struct news_form *f, int64_t id);

#endif

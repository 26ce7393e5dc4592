/*
 * page.h - what the layout needs to know about a page.
 *
 * Handlers fill a struct page and hand it to their page template, which
 * renders layout_head() and layout_foot() around its own content.
 */
#ifndef TV_VIEW_PAGE_H
#define TV_VIEW_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"
#include "view/form.h"
#include "view/view.h"

#define PAGE_MAX_CRUMBS 6

struct crumb {
	const char *label;	/* already translated */
	const char *href;	/* NULL for the current page */
};

struct page {
	const char *title;		/* <title> and <h1>, translated */
	const char *description;	/* <meta name="description">, may be NULL */
	const char *alt_href[LANG_COUNT];	/* this page in each language */
	struct crumb crumbs[PAGE_MAX_CRUMBS];
	size_t ncrumbs;
	const char *site_name;		/* the network's name in v->lang */
	const struct user *user;	/* the visitor: header shows sign in / out */
	const char *csrf;		/* for the sign-out form, when signed in */
	/* Feeds of the page for autodiscovery (<link rel="alternate"> in the
	 * head), or NULL: absolute URLs and the feeds' title. */
	const char *feed_rss;
	const char *feed_atom;
	const char *feed_title;
	bool has_errors;		/* a form with mistakes: "Error:" in <title> */
};

/*
 * Prepares a page for request r: the view writes into r's response body in
 * r's language, the language links point at the same path in the other
 * languages, and the breadcrumb starts at the front page.
 */
void page_init(struct page *p, struct view *v, struct request *r,
    const char *title);

/* Marks the page as a form sent back with mistakes (WCAG 3.3.1: the
 * title says so first, which a screen reader reads on arrival). */
void page_form_errors(struct page *p, const struct form_errors *e);

/* Adds a breadcrumb step (href NULL for the current page). */
void page_crumb(struct page *p, const char *label, const char *href);

/* Starts an HTML answer that no cache keeps (Cache-Control: no-store:
 * forms, staff pages, error pages) and page_init()s it. */
void page_begin(struct request *r, int status, const char *title,
    struct view *v, struct page *p);

/* page_begin() of a staff page: its crumbs start at "Your pages" (the
 * staff home). */
void page_begin_staff(struct request *r, int status, const char *title,
    struct view *v, struct page *p);

#endif

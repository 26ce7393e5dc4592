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

#define CONFIRM_MAX_HIDDEN 4

/*
 * A destructive action asked on its own page (WCAG 3.3.4): the GET of the
 * action's address says what will happen and offers a clearly labelled
 * button that POSTs to the same address, and a link back that does nothing.
 * Every text is already translated.
 */
struct confirm {
	const char *csrf;		/* the visitor's CSRF token */
	const char *action;		/* where the button POSTs */
	const char *subject;		/* what is affected (a name, a title), or NULL */
	const char *subject_lang;	/* its language code when not the page's, or NULL */
	const char *detail;		/* a second line about it (a date), or NULL */
	const char *consequence;	/* what will happen */
	const char *note;		/* a further sentence (can it be undone), or NULL */
	const char *button;		/* "Yes, cancel the event" */
	const char *back_href;		/* where "No" goes */
	const char *back_label;		/* "No, keep the event" */
	const char *refusal;		/* when set, the action cannot be done:
					 * this is said instead of the button */
	const char *hidden[2 * CONFIRM_MAX_HIDDEN];	/* name, value pairs */
	size_t nhidden;
};

/* Starts a confirmation of request r: empty, posting to r's own address
 * (the action's GET and POST share it) with the visitor's CSRF token. */
void confirm_init(struct confirm *c, struct request *r, const char *csrf);

/* Adds a hidden field to the confirmation's form. */
void confirm_hidden(struct confirm *c, const char *name, const char *value);

/*
 * Renders the confirmation page of r (not stored, not indexed) with status
 * (200 for the GET; 400 for a POST that came without the confirmation): p
 * is initialised by the caller with its title and breadcrumb.
 */
void page_confirm(struct request *r, struct view *v, struct page *p,
    int status, const struct confirm *c);

/* Starts an HTML answer that no cache keeps (Cache-Control: no-store:
 * forms, staff pages, error pages) and page_init()s it. */
void page_begin(struct request *r, int status, const char *title,
    struct view *v, struct page *p);

/* page_begin() of a staff page: its crumbs start at "Your pages" (the
 * staff home). */
void page_begin_staff(struct request *r, int status, const char *title,
    struct view *v, struct page *p);

/* A staff page in a list's section: "Your pages", the list (list_label,
 * a link to the route list_route; none when NULL), then the page itself. */
void page_begin_staff_under(struct request *r, int status, const char *title,
    struct view *v, struct page *p, const char *list_label,
    const char *list_route);

#endif

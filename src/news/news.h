/*
 * news.h - news posts: language versions, publication, links to an event
 * and to materials, the public list and page, feeds, and editing.
 *
 * A post has a version in one or more of fi, sv and en (title, lead,
 * Markdown body).  A visitor reads the version of the page's language, or
 * when there is none the first of fi, sv, en that exists, marked with its
 * lang attribute and a note.  A post is public when it is published and
 * its publish time has come (news_is_public()); a scheduled post appears
 * by itself, since every public query filters on the time.
 *
 * Editing needs ACT_NEWS, and the routes of one post load it with
 * news_post_managed (SCOPE_MANAGED): a post outside the editor's region is
 * answered 404 like an unknown id.  Every change is one transaction with
 * its audit record.
 */
#ifndef TV_NEWS_NEWS_H
#define TV_NEWS_NEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"
#include "materials/materials.h"
#include "view/i18n.h"

#define NEWS_TITLE_MAX 200	/* characters of a title */
#define NEWS_LEAD_MAX 600	/* characters of a lead */
#define NEWS_BODY_MAX 50000	/* characters of a body */
#define NEWS_PAGE_SIZE 10	/* posts on a page of the public list */
#define NEWS_FEED_ITEMS 20	/* newest posts in a feed */
#define NEWS_MANAGE_PAGE 50	/* published posts on a page of the staff list */
#define NEWS_MATERIALS_MAX 30	/* materials one post may link to */

/* One language version; title NULL when the post has none in the language. */
struct news_version {
	const char *title;
	const char *lead;
	const char *body;		/* Markdown ("" where only the HTML
					 * was needed and is current) */
	const char *body_html;		/* news_body_html() of the body */
};

enum news_state { NEWS_DRAFT, NEWS_SCHEDULED, NEWS_PUBLISHED };

struct news_post {
	int64_t id;
	int64_t region_id;
	int64_t author_id;		/* 0: none */
	const char *author;		/* the account's name or e-mail, "" none */
	bool published;			/* status 'published' (maybe scheduled) */
	int64_t publish_at;		/* 0: none */
	int64_t created_at, updated_at;
	struct news_version v[LANG_COUNT];
	int64_t event_id;		/* 0: none */
	const char *event_title;	/* in the page's language */
	enum lang event_title_lang;
	int64_t event_starts;
	bool event_public;		/* a public event that is not a draft */
	struct material_ref *materials;	/* materials/materials.h */
	size_t nmaterials;
};

/* An event to choose in the form. */
struct news_event_choice {
	int64_t id;
	const char *title;
	enum lang title_lang;
	int64_t starts_at;
};

/* --- pure helpers (text.c; unit tested) --- */

/* Draft, scheduled or published at time now. */
enum news_state news_state_at(const struct news_post *p, int64_t now);

/* True when visitors see the post at time now. */
bool news_is_public(const struct news_post *p, int64_t now);

/* The language to show for wanted language l: l when the post has it,
 * else the first of fi, sv, en it has; l itself when it has none. */
enum lang news_pick(const struct news_post *p, enum lang l);

/* How many language versions the post has. */
int news_nversions(const struct news_post *p);

/*
 * Text for XML 1.0 element content and quoted attributes: & < > " ' as
 * entities, and characters XML 1.0 forbids (C0 controls other than tab,
 * LF and CR; U+FFFE, U+FFFF) left out, so that any stored text gives a
 * well-formed feed.
 */
void news_xml_txt(struct buf *b, const char *s);

/*
 * The same text as a CDATA section, for HTML in a feed (<content
 * type="html">, <description>): an HTML body has a < or > every few
 * bytes, each four bytes as an entity.  A "]]>" in it ends the section
 * after "]]" and starts another for ">"; the characters XML 1.0 forbids
 * are left out as by news_xml_txt().
 */
void news_xml_cdata(struct buf *b, const char *s);

/*
 * The page's <h1> is the post's title, so a "# Heading" of the body must
 * not be a second one: when cmark's HTML has an <h1>, every heading moves
 * one level down (<h1> to <h2>, ..., <h5> and <h6> to <h6>); a body whose
 * headings start at <h2> is left as it is.  Raw HTML never survives cmark's safe mode, so every "<hN>" in
 * its output is a heading tag.  The result is in the arena.
 */
const char *news_demote_headings(struct arena *a, const char *html);

/*
 * A body as its page and the feeds show it: the Markdown through
 * markdown_html(), its headings demoted.  news_store_save() keeps it with
 * the Markdown (migration 0046), and a reader renders it again only when
 * the stored one was made by another renderer than news_body_renderer():
 * markdown_renderer() and NEWS_BODY_RULES, the rules here (change it with
 * them).  In the arena.
 */
#define NEWS_BODY_RULES 1
const char *news_body_html(struct arena *a, const char *markdown);
int64_t news_body_renderer(void);

/*
 * ref resolved against the absolute URL base (RFC 3986 5.2: "events/2"
 * against https://x/en/news/7 is https://x/en/news/events/2, "/fi/x" is
 * https://x/fi/x, "#a" is https://x/en/news/7#a, "//h/p" takes base's
 * scheme); a ref with a scheme (https:, mailto:) comes back as it is.
 * In the arena.
 */
const char *news_resolve_url(struct arena *a, const char *base,
    const char *ref);

/*
 * The HTML of markdown_html() with every href and src resolved against
 * base (the post's own absolute URL), for a feed, whose reader has no base
 * for relative links.  In the arena.
 */
const char *news_absolute_links(struct arena *a, const char *html,
    const char *base);

/* --- the store (store.c): lookups 0, DB_MISSING or -1 --- */

/*
 * Public posts at time now, newest first, at most `limit`, with their
 * versions (events and materials not loaded): the newest (dir 0), those
 * older than the post (at, id) of a cursor (dir 1) or the newest ones
 * newer than it (dir -1), still newest first.  A keyset range of the
 * index news_post_list, so a page costs its rows (issue 13).  No author
 * (author ""), and for the list's cards (cards) versions without bodies,
 * and the last post in reading order, when there are `limit` (the one
 * read only to know that another page follows), without versions.
 * 0 or -1.
 */
int news_store_list_public(struct db *db, struct arena *a, int64_t now,
    int dir, int64_t at, int64_t id, int64_t limit, bool cards,
    struct news_post **out, size_t *n);

/* The same, newest first, only the posts that have a version in
 * language l (the RSS feed of l).  0 or -1. */
int news_store_list_public_in(struct db *db, struct arena *a, int64_t now,
    enum lang l, int64_t limit, struct news_post **out, size_t *n);

/* Loads the event (titled in l) and the materials of posts from a
 * list.  0 or -1. */
int news_store_links(struct db *db, struct arena *a, enum lang l,
    struct news_post *v, size_t n);

/* A page of the published and scheduled posts of region `region`
 * (policy_region_filter(): 0 every region, -1 none), newest publication
 * time first, with the author and the versions for cards; dir, at, id and
 * limit as news_store_list_public() with cards.  0 or -1. */
int news_store_list_managed(struct db *db, struct arena *a, int64_t region,
    int dir, int64_t at, int64_t id, int64_t limit, struct news_post **out,
    size_t *n);

/* The drafts of region `region`, the last changed first, with the author
 * and the versions for cards: work in progress, all of it.  0 or -1. */
int news_store_drafts(struct db *db, struct arena *a, int64_t region,
    struct news_post **out, size_t *n);

/* One post with versions, event (titles in l) and materials. */
int news_store_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct news_post *out);

/* The same, when the post is public at time now (news_is_public()). */
int news_store_get_public(struct db *db, struct arena *a, enum lang l,
    int64_t id, int64_t now, struct news_post *out);

/* The events of a region, newest first, to link a post to.  0 or -1. */
int news_store_events(struct db *db, struct arena *a, enum lang l,
    int64_t region, struct news_event_choice **out, size_t *n);

/*
 * Inserts (id 0) or updates a post with its versions (a version whose
 * title is "" is removed) and material links, in the caller's
 * transaction.  The id or -1.
 */
int64_t news_store_save(struct db *db, int64_t id, int64_t region,
    int64_t author, const struct news_post *p, const int64_t *materials,
    size_t nmaterials, int64_t now);

/* Sets a post's publication.  0 or -1. */
int news_store_publish(struct db *db, int64_t id, bool published,
    int64_t publish_at, int64_t now);

/* Deletes a post (versions and links cascade).  0 or -1. */
int news_store_delete(struct db *db, int64_t id);

/* The server's job "news-html": makes the kept HTML of every version
 * whose HTML another renderer made or none did (news_body_html()); run
 * before the server answers and every hour.  0 or -1. */
int news_html_job(struct db *db, int64_t now);

/* --- route loaders (loaders.c): the post of :id, in r->object --- */

/* A post visitors see now (news_is_public()): a draft or a scheduled
 * post has no public page, for its editors neither (they preview it). */
extern const struct route_loader news_post_public;
/* Any post of a region the user manages (SCOPE_MANAGED). */
extern const struct route_loader news_post_managed;

/* --- demo (demo.c) --- */

/*
 * Adds the demo post about the 6 October 2021 webinar of the seed
 * article, linked to the webinar and to the materials attached to it,
 * in the caller's transaction.  0 or -1.
 */
int news_demo_load(struct db *db);

/*
 * The scale generator's posts (`tukiverkko demo --scale N`,
 * src/news/scale_store.c): count posts of region_id by author, in Finnish
 * and often in Swedish and English, most published over the last three
 * years, some scheduled or drafts, some about one of the n events.  Inside
 * the caller's transaction; 0 or -1.
 */
int news_scale_fill(struct db *db, uint64_t seed, int64_t region_id,
    int64_t author, const int64_t *events, size_t n, int64_t now,
    size_t count);

/* --- handlers (routes in src/app/routes.c) --- */

void news_list(struct request *r);		/* GET /:lang/news */
void news_page(struct request *r);		/* GET /:lang/news/:id */
void news_feed_rss(struct request *r);		/* GET /:lang/news/feed.rss */
void news_feed_atom(struct request *r);	/* GET /:lang/news/feed.atom */
void news_manage(struct request *r);		/* GET /:lang/staff/news */
void news_new(struct request *r);		/* GET /:lang/staff/news/new */
void news_create(struct request *r);		/* POST /:lang/staff/news */
void news_edit(struct request *r);		/* GET /:lang/staff/news/:id */
void news_preview(struct request *r);		/* GET .../:id/preview */
void news_update(struct request *r);		/* POST /:lang/staff/news/:id */
void news_unpublish(struct request *r);	/* POST .../:id/unpublish */
void news_unpublish_confirm(struct request *r);	/* its GET: asks first */
void news_delete(struct request *r);		/* POST .../:id/delete */
void news_delete_confirm(struct request *r);	/* its GET: asks first */

#endif

/*
 * feeds.c - the news as RSS 2.0 and Atom (RFC 4287), one feed per
 * language.  Atom: the twenty newest public posts, each in the feed's
 * language or, without a version in it, in another one, marked with the
 * entry's xml:lang.  RSS has one <language> for the whole channel and no
 * way to mark an item, so it has the twenty newest posts that have a
 * version in the feed's language and leaves the others out.
 *
 * The XML is written here rather than by a template, because its escaping
 * is XML's: every text goes through news_xml_txt(), or news_xml_cdata()
 * for HTML, both of which leave out the characters XML 1.0 forbids, so no
 * stored text can break a feed.  A post's content is its lead, its body's
 * HTML (kept with its Markdown, news_body_html()), and the event and
 * materials its page lists; that HTML is the text of <content
 * type="html"> and <description>, in a CDATA section.  Links are
 * absolute, from the base_url setting; those written in the Markdown are
 * resolved against the post's own URL, as its page would (a feed reader
 * has no base for them).  Dates are RFC 822 (RSS, with a four-digit year
 * as RFC 1123 has it) and RFC 3339 (Atom), in UTC.
 *
 * Feed readers poll: every answer has an ETag (a hash of the body) and a
 * matching If-None-Match gets 304 without a body.
 */
#include <microhttpd.h>
#include <string.h>

#include "auth/pages.h"
#include "base/time.h"
#include "http/response.h"
#include "http/urls.h"
#include "news/news.h"
#include "view/escape.h"

struct feed {
	struct request *r;
	struct buf *b;
	struct news_post *posts;
	size_t n;
	const char *site;	/* the network's name in the feed's language */
	const char *title;	/* the feed's title */
	const char *list_url;	/* the public list, absolute */
	int64_t updated;	/* the newest change of a post in the feed */
};

static void
put(struct buf *b, const char *s)
{
	buf_puts(b, s);
}

/* <name>text</name> */
static void
element(struct buf *b, const char *name, const char *text)
{
	buf_putc(b, '<');
	buf_puts(b, name);
	buf_putc(b, '>');
	news_xml_txt(b, text);
	buf_puts(b, "</");
	buf_puts(b, name);
	buf_puts(b, ">\n");
}

static int64_t
post_updated(const struct news_post *p)
{
	return p->updated_at > p->publish_at ? p->updated_at : p->publish_at;
}

static const char *
post_url(struct feed *f, const struct news_post *p)
{
	return url_abs_for(&f->r->arena, f->r->lang, "news.page",
	    url_id(&f->r->arena, p->id), NULL);
}

/* An absolute link in HTML: <a href="url">text</a>. */
static void
html_link(struct feed *f, struct buf *h, const char *path, const char *text)
{
	put(h, "<a href=\"");
	html_attr(h, auth_link(f->r, path));
	put(h, "\">");
	html_txt(h, text);
	put(h, "</a>");
}

/*
 * The HTML of a post for a feed: the lead as a paragraph, the body, and
 * what the page lists under it, the event and the materials a visitor may
 * open or ask for, with absolute links (a feed reader has no base),
 * resolved against url, the post's own.
 */
static const char *
post_html(struct feed *f, const struct news_post *p,
    const struct news_version *v, const char *url)
{
	struct request *r = f->r;
	struct buf h;
	const char *out;
	size_t i, nlisted = 0;

	buf_init(&h);
	if (v->lead[0] != '\0') {
		put(&h, "<p><strong>");
		html_txt(&h, v->lead);
		put(&h, "</strong></p>\n");
	}
	put(&h, news_absolute_links(&r->arena, v->body_html, url));
	if (p->event_id != 0 && p->event_public) {
		put(&h, "<p>");
		html_txt(&h, i18n_text(r->lang, "Event"));
		put(&h, ": ");
		html_link(f, &h, url_for(&r->arena, r->lang, "events.page",
		    url_id(&r->arena, p->event_id), NULL), p->event_title);
		put(&h, ", ");
		html_txt(&h, time_format_datetime(&r->arena, r->lang,
		    p->event_starts));
		put(&h, "</p>\n");
	}
	for (i = 0; i < p->nmaterials; i++)
		if (p->materials[i].listed)
			nlisted++;
	if (nlisted > 0) {
		put(&h, "<p>");
		html_txt(&h, i18n_text(r->lang, "Materials"));
		put(&h, ":</p>\n<ul>\n");
		for (i = 0; i < p->nmaterials; i++) {
			const struct material_ref *m = &p->materials[i];

			if (!m->listed)
				continue;
			put(&h, "<li>");
			html_link(f, &h, url_for(&r->arena, r->lang,
			    "materials.page", url_id(&r->arena, m->id), NULL),
			    m->title);
			if (m->access == MAT_REQUEST) {
				put(&h, " (");
				html_txt(&h, i18n_text(r->lang, "available on request"));
				put(&h, ")");
			} else if (m->access == MAT_REGISTRANTS) {
				put(&h, " (");
				html_txt(&h, i18n_text(r->lang, "for the registrants of the event"));
				put(&h, ")");
			}
			put(&h, "</li>\n");
		}
		put(&h, "</ul>\n");
	}
	out = arena_strdup(&f->r->arena, buf_cstr(&h));
	buf_cleanup(&h);
	return out;
}

/* Reads the posts (only those in the feed's language: in_lang) and what
 * every feed says about itself.  0 or -1. */
static int
feed_load(struct request *r, struct feed *f, bool in_lang)
{
	struct db *db;
	size_t i;

	memset(f, 0, sizeof(*f));
	f->r = r;
	f->b = &r->resp.body;
	if ((db = request_db(r)) == NULL ||
	    (in_lang ? news_store_list_public_in(db, &r->arena, time_now(),
	    r->lang, NEWS_FEED_ITEMS, &f->posts, &f->n) :
	    news_store_list_public(db, &r->arena, time_now(), 0, 0, 0,
	    NEWS_FEED_ITEMS, false, &f->posts, &f->n)) != 0 ||
	    news_store_links(db, &r->arena, r->lang, f->posts, f->n) != 0)
		return -1;
	f->site = i18n_text(r->lang, "Uusimaa digital support network");
	f->title = arena_printf(&r->arena, "%s – %s",
	    i18n_text(r->lang, "News"), f->site);
	f->list_url = url_abs_for(&r->arena, r->lang, "news.list", NULL);
	for (i = 0; i < f->n; i++)
		if (post_updated(&f->posts[i]) > f->updated)
			f->updated = post_updated(&f->posts[i]);
	return 0;
}

/* Caching for a finished feed.  Its ETag is the server's, over the
 * bytes, and a reader that has them gets 304 (server_finish_body()). */
static void
feed_finish(struct request *r)
{
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=300");
}

void
news_feed_rss(struct request *r)
{
	struct feed f;
	char date[30];
	size_t i;

	if (feed_load(r, &f, true) != 0) {
		response_unavailable(r);
		return;
	}
	response_begin(r, 200, "application/rss+xml; charset=utf-8");
	put(f.b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
	    "<channel>\n");
	element(f.b, "title", f.title);
	element(f.b, "link", f.list_url);
	element(f.b, "description", i18n_text(r->lang, "News of the digital support network: events, materials and what the municipalities have done."));
	element(f.b, "language", lang_code(r->lang));
	if (f.n > 0) {
		time_format_http(date, f.updated);
		element(f.b, "lastBuildDate", date);
	}
	put(f.b, "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"");
	news_xml_txt(f.b, url_abs_for(&r->arena, r->lang, "news.feed-rss",
	    NULL));
	put(f.b, "\"/>\n");
	for (i = 0; i < f.n; i++) {
		const struct news_post *p = &f.posts[i];
		const struct news_version *v = &p->v[r->lang];
		const char *url = post_url(&f, p);

		put(f.b, "<item>\n");
		element(f.b, "title", v->title);
		element(f.b, "link", url);
		put(f.b, "<guid isPermaLink=\"true\">");
		news_xml_txt(f.b, url);
		put(f.b, "</guid>\n");
		time_format_http(date, p->publish_at);
		element(f.b, "pubDate", date);
		put(f.b, "<description>");
		news_xml_cdata(f.b, post_html(&f, p, v, url));
		put(f.b, "</description>\n");
		put(f.b, "</item>\n");
	}
	put(f.b, "</channel>\n</rss>\n");
	feed_finish(r);
}

void
news_feed_atom(struct request *r)
{
	struct feed f;
	size_t i;

	if (feed_load(r, &f, false) != 0) {
		response_unavailable(r);
		return;
	}
	response_begin(r, 200, "application/atom+xml; charset=utf-8");
	buf_printf(f.b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n",
	    lang_code(r->lang));
	element(f.b, "id", url_abs_for(&r->arena, r->lang, "news.feed-atom",
	    NULL));
	element(f.b, "title", f.title);
	/* An empty feed has not changed since the epoch. */
	element(f.b, "updated", time_format_iso(&r->arena, f.updated));
	put(f.b, "<link rel=\"self\" type=\"application/atom+xml\" href=\"");
	news_xml_txt(f.b, url_abs_for(&r->arena, r->lang, "news.feed-atom",
	    NULL));
	put(f.b, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	news_xml_txt(f.b, f.list_url);
	put(f.b, "\"/>\n<author>\n");
	element(f.b, "name", f.site);
	put(f.b, "</author>\n");
	for (i = 0; i < f.n; i++) {
		const struct news_post *p = &f.posts[i];
		enum lang shown = news_pick(p, r->lang);
		const struct news_version *v = &p->v[shown];
		const char *url = post_url(&f, p);

		buf_printf(f.b, "<entry xml:lang=\"%s\">\n", lang_code(shown));
		element(f.b, "id", url);
		put(f.b, "<title type=\"text\">");
		news_xml_txt(f.b, v->title);
		put(f.b, "</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
		news_xml_txt(f.b, url);
		put(f.b, "\"/>\n");
		element(f.b, "published", time_format_iso(&r->arena,
		    p->publish_at));
		element(f.b, "updated", time_format_iso(&r->arena,
		    post_updated(p)));
		if (v->lead[0] != '\0') {
			put(f.b, "<summary type=\"text\">");
			news_xml_txt(f.b, v->lead);
			put(f.b, "</summary>\n");
		}
		put(f.b, "<content type=\"html\">");
		news_xml_cdata(f.b, post_html(&f, p, v, url));
		put(f.b, "</content>\n</entry>\n");
	}
	put(f.b, "</feed>\n");
	feed_finish(r);
}

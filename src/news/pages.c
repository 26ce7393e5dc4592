/*
 * pages.c - the public news: the list of posts, newest first, ten to a
 * page, and a post in the visitor's language (or another, marked).
 *
 * Both routes are ROUTE_CACHE: anonymous visitors share the rendered page
 * until a write is committed or page_cache_ms passes, which also bounds
 * how late a scheduled post appears (a few seconds).  Signed-in editors
 * get their own copy with a link to the editing pages.  A post that is a
 * draft, is scheduled for later or does not exist is answered 404 alike
 * by its loader (news_post_public), so the public side cannot tell drafts
 * from unknown ids.
 */
#include <microhttpd.h>
#include <string.h>

#include "auth/policy.h"
#include "base/time.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "news/views.h"
#include "tmpl_news.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")

/* The feeds of the page's language in the head and under the content. */
static void
news_page_feeds(struct request *r, struct page *p)
{
	p->feed_rss = url_abs_for(&r->arena, r->lang, "news.feed-rss", NULL);
	p->feed_atom = url_abs_for(&r->arena, r->lang, "news.feed-atom", NULL);
	p->feed_title = arena_printf(&r->arena, "%s – %s",
	    i18n_text(r->lang, "News"), p->site_name);
}

int
news_cursor(const char *s, int64_t *at, int64_t *id)
{
	const char *dot = strchr(s, '.');
	char head[24];

	if (dot == NULL || (size_t)(dot - s) >= sizeof(head))
		return -1;
	memcpy(head, s, (size_t)(dot - s));
	head[dot - s] = '\0';
	return id_parse(head, at) == 0 && id_parse(dot + 1, id) == 0 ? 0 : -1;
}

int
news_page_dir(struct request *r, int *dir, int64_t *at, int64_t *id)
{
	const char *after = kv_get(&r->query, "after");
	const char *before = kv_get(&r->query, "before");

	*dir = 0;
	if (after == NULL && before == NULL)
		return 0;
	if ((after != NULL && before != NULL) || news_cursor(after != NULL ?
	    after : before, at, id) != 0)
		return -1;
	*dir = after != NULL ? 1 : -1;
	return 0;
}

void
news_item_fill(struct request *r, const struct news_post *p, bool clock,
    struct news_item *it)
{
	it->post = p;
	it->shown = news_pick(p, r->lang);
	it->date = p->publish_at == 0 ? "" : clock ? time_format_datetime(
	    &r->arena, r->lang, p->publish_at) : time_format_date(&r->arena,
	    r->lang, p->publish_at);
	it->iso = p->publish_at ? time_format_iso(&r->arena, p->publish_at) :
	    "";
}

size_t
news_page_edges(int dir, struct news_post **posts, size_t n, size_t size,
    bool *newer, bool *older)
{
	/* The extra post lies beyond the page in the reading direction;
	 * the cursor's post lies on the other side. */
	if (dir < 0) {
		*newer = n > size;
		*older = true;
		if (*newer)
			(*posts)++;
	} else {
		*older = n > size;
		*newer = dir > 0;
	}
	return n > size ? size : n;
}

void
news_list(struct request *r)
{
	struct news_list_view lv;
	struct news_item *items;
	struct news_post *posts;
	struct db *db;
	struct view v;
	struct page p;
	int64_t now = time_now(), at = 0, id = 0;
	size_t n, i;
	int dir = 0;

	memset(&lv, 0, sizeof(lv));
	if (news_page_dir(r, &dir, &at, &id) != 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	if ((db = request_db(r)) == NULL ||
	    news_store_list_public(db, &r->arena, now, dir, at, id,
	    NEWS_PAGE_SIZE + 1, true, &posts, &n) != 0) {
		response_unavailable(r);
		return;
	}
	/* A cursor past either end is no page, as a page number was. */
	if (dir != 0 && n == 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	n = news_page_edges(dir, &posts, n, NEWS_PAGE_SIZE, &lv.newer,
	    &lv.older);
	items = arena_alloc(&r->arena, (n ? n : 1) * sizeof(*items));
	for (i = 0; i < n; i++)
		news_item_fill(r, &posts[i], false, &items[i]);
	lv.items = items;
	lv.nitems = n;
	lv.may_write = policy_allows(&r->user, ACT_NEWS);
	response_begin(r, 200, "text/html; charset=utf-8");
	page_init(&p, &v, r, i18n_text(r->lang, "News"));
	p.description = i18n_text(r->lang, "News of the digital support network: events, materials and what the municipalities have done.");
	news_page_feeds(r, &p);
	page_crumb(&p, p.title, NULL);
	page_news_list(&v, &p, &lv);
}

void
news_post_view_fill(struct request *r, const struct news_post *p,
    struct news_post_view *pv)
{
	pv->post = p;
	pv->shown = news_pick(p, r->lang);
	pv->date = p->publish_at ? time_format_date(&r->arena, r->lang,
	    p->publish_at) : "";
	pv->iso = p->publish_at ? time_format_iso(&r->arena, p->publish_at) : "";
	pv->body_html = p->v[pv->shown].body_html;
	if (p->event_id != 0)
		pv->event_when = time_format_datetime(&r->arena, r->lang,
		    p->event_starts);
	pv->may_write = policy_allows(&r->user, ACT_NEWS) &&
	    policy_reaches(&r->user, SCOPE_MANAGED,
	    &(struct object_scope){ .region_id = p->region_id });
	pv->state = news_state_at(p, time_now());
}

void
news_page(struct request *r)
{
	const struct news_post *post = request_object(r);
	struct news_post_view pv;
	struct view v;
	struct page p;

	memset(&pv, 0, sizeof(pv));
	news_post_view_fill(r, post, &pv);
	response_begin(r, 200, "text/html; charset=utf-8");
	page_init(&p, &v, r, post->v[pv.shown].title);
	if (post->v[pv.shown].lead[0] != '\0')
		p.description = post->v[pv.shown].lead;
	news_page_feeds(r, &p);
	page_crumb(&p, i18n_text(r->lang, "News"), url_for(&r->arena, r->lang,
	    "news.list", NULL));
	page_crumb(&p, p.title, NULL);
	page_news_post(&v, &p, &pv);
}

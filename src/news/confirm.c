/*
 * confirm.c - the pages that ask before a news post is unpublished or
 * deleted (#12 item 6); each is the GET of the address its POST goes to
 * (view/page.h, struct confirm).
 */
#include "auth/csrf.h"
#include "base/time.h"
#include "http/urls.h"
#include "news/news.h"
#include "view/page.h"

/* The post's title in the page's language (or the one it has). */
static void
confirm_post(struct request *r, struct confirm *c, const struct news_post *p)
{
	enum lang l = news_pick(p, r->lang);

	confirm_init(c, r, csrf_token(r));
	c->subject = p->v[l].title != NULL ? p->v[l].title : "";
	c->subject_lang = l != r->lang ? lang_code(l) : NULL;
	if (c->subject[0] == '\0')
		c->subject = NULL;
	if (p->published && p->publish_at)
		c->detail = arena_printf(&r->arena, "%s %s",
		    i18n_text(r->lang, "Published"),
		    time_format_datetime(&r->arena, r->lang, p->publish_at));
}

static void
confirm_send(struct request *r, const struct news_post *p, const char *title,
    struct confirm *c)
{
	struct view v;
	struct page pg;

	c->back_href = url_for(&r->arena, r->lang, "news.edit",
	    url_id(&r->arena, p->id), NULL);
	page_init(&pg, &v, r, title);
	page_crumb(&pg, i18n_text(r->lang, "Your pages"), url_for(&r->arena,
	    r->lang, "staff.home", NULL));
	page_crumb(&pg, i18n_text(r->lang, "Editing news"), url_for(&r->arena,
	    r->lang, "news.manage", NULL));
	page_crumb(&pg, c->subject[0] ? c->subject :
	    i18n_text(r->lang, "Edit the news post"), c->back_href);
	page_crumb(&pg, title, NULL);
	page_confirm(r, &v, &pg, 200, c);
}

void
news_unpublish_confirm(struct request *r)
{
	const struct news_post *p = request_object(r);
	struct confirm c;

	confirm_post(r, &c, p);
	if (!p->published)
		c.refusal = i18n_text(r->lang, "The news post is not published.");
	c.consequence = i18n_text(r->lang, "Unpublishing takes the post off the news page and the feeds and makes it a draft again.");
	c.note = i18n_text(r->lang, "You can publish it again later.");
	c.button = i18n_text(r->lang, "Yes, unpublish the news post");
	c.back_label = i18n_text(r->lang, "No, keep it published");
	confirm_send(r, p, i18n_text(r->lang, "Unpublish the news post"), &c);
}

void
news_delete_confirm(struct request *r)
{
	const struct news_post *p = request_object(r);
	struct confirm c;

	confirm_post(r, &c, p);
	c.consequence = i18n_text(r->lang, "Deleting removes the post and all its language versions for good.");
	c.note = i18n_text(r->lang, "This cannot be undone.");
	c.button = i18n_text(r->lang, "Yes, delete the news post");
	c.back_label = i18n_text(r->lang, "No, keep the news post");
	confirm_send(r, p, i18n_text(r->lang, "Delete the news post"), &c);
}

/*
 * page.c - the common frame of every HTML page.
 */
#include <microhttpd.h>
#include <string.h>

#include "base/log.h"
#include "http/response.h"
#include "http/urls.h"
#include "http/request.h"
#include "view/page.h"

#include "tmpl_layout.h"

void
page_init(struct page *p, struct view *v, struct request *r, const char *title)
{
	int l;

	v->out = &r->resp.body;
	v->arena = &r->arena;
	v->lang = r->lang;
	p->title = title;
	p->description = NULL;
	for (l = 0; l < LANG_COUNT; l++)
		p->alt_href[l] = request_path_in(r, (enum lang)l);
	p->ncrumbs = 0;
	p->site_name = i18n_text(r->lang, "Uusimaa digital support network");
	p->user = &r->user;
	p->csrf = r->user.csrf;
	p->feed_rss = p->feed_atom = p->feed_title = NULL;
	p->has_errors = false;
	buf_reserve(&r->resp.body, 16384);
}

void
page_crumb(struct page *p, const char *label, const char *href)
{
	if (p->ncrumbs == PAGE_MAX_CRUMBS)
		fatal("page_crumb: too many crumbs");
	p->crumbs[p->ncrumbs].label = label;
	p->crumbs[p->ncrumbs].href = href;
	p->ncrumbs++;
}

void
page_form_errors(struct page *p, const struct form_errors *e)
{
	p->has_errors = e != NULL && e->n > 0;
}

void
confirm_init(struct confirm *c, struct request *r, const char *csrf)
{
	memset(c, 0, sizeof(*c));
	c->csrf = csrf;
	c->action = r->path;
}

void
confirm_hidden(struct confirm *c, const char *name, const char *value)
{
	if (c->nhidden == CONFIRM_MAX_HIDDEN)
		fatal("confirm_hidden: too many fields");
	c->hidden[2 * c->nhidden] = name;
	c->hidden[2 * c->nhidden + 1] = value;
	c->nhidden++;
}

/*
 * The page is never cached (it carries a CSRF token) and never indexed.
 * The body was started by page_init()'s caller only as a reservation, so
 * the status and headers are set here, before anything is written.
 */
void
page_confirm(struct request *r, struct view *v, struct page *p,
    int status, const struct confirm *c)
{
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	response_header(r, "X-Robots-Tag", "noindex");
	layout_confirm(v, p, c);
}

void
page_begin(struct request *r, int status, const char *title,
    struct view *v, struct page *p)
{
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(p, v, r, title);
}

void
page_begin_staff(struct request *r, int status, const char *title,
    struct view *v, struct page *p)
{
	page_begin(r, status, title, v, p);
	page_crumb(p, i18n_text(r->lang, "Your pages"),
	    url_for(&r->arena, r->lang, "staff.home", NULL));
}

void
page_begin_staff_under(struct request *r, int status, const char *title,
    struct view *v, struct page *p, const char *list_label,
    const char *list_route)
{
	page_begin_staff(r, status, title, v, p);
	if (list_label != NULL)
		page_crumb(p, list_label, url_for(&r->arena, r->lang,
		    list_route, NULL));
	page_crumb(p, title, NULL);
}

bool
view_abandoned(void)
{
	return request_current_abandoned();
}

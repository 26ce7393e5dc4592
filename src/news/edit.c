/*
 * edit.c - writing and publishing news posts (ACT_NEWS: the region's
 * coordinators and administrators).
 *
 * One form edits everything of a post: its language versions, the event
 * and materials it links to, and when it is published (kept as a draft,
 * published now, or at a given time, which may be in the future: the post
 * then appears by itself).  A form with mistakes comes back with what was
 * written and every mistake named (form.c), status 400 and nothing saved.
 * Every change is one transaction with its audit record and ends in a 303.
 * The routes of one post get it from their loader (news_post_managed),
 * which answers 404 for a post of another region.
 */
#include <string.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "http/response.h"
#include "http/urls.h"
#include "network/network.h"
#include "news/views.h"
#include "tmpl_news.h"
#include "tmpl_news_edit.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")

const char *
news_state_label(enum lang l, enum news_state s)
{
	switch (s) {
	case NEWS_DRAFT:
		return i18n_text(l, "Draft");
	case NEWS_SCHEDULED:
		return i18n_text(l, "Scheduled");
	case NEWS_PUBLISHED:
		break;
	}
	return i18n_text(l, "Published");
}

static const char *
id_text(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "%lld", (long long)id);
}

/* --- the list --- */

/*
 * The drafts (work in progress, all of them) on the first page, then the
 * published and scheduled posts, NEWS_MANAGE_PAGE a page by keyset as the
 * public list: a region's years of news were one page (issue 13).
 */
void
news_manage(struct request *r)
{
	struct news_manage_view mv;
	struct news_post *drafts = NULL, *posts;
	struct news_item *items;
	struct db *db;
	struct view v;
	struct page p;
	const char *done = kv_get(&r->query, "done");
	int64_t region = policy_region_filter(&r->user), at = 0, id = 0;
	size_t nd = 0, n, i;
	int dir;

	if (news_page_dir(r, &dir, &at, &id) != 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	if ((db = response_db(r)) == NULL)
		return;
	if ((dir == 0 && news_store_drafts(db, &r->arena, region, &drafts,
	    &nd) != 0) || news_store_list_managed(db, &r->arena, region, dir,
	    at, id, NEWS_MANAGE_PAGE + 1, &posts, &n) != 0) {
		response_unavailable(r);
		return;
	}
	/* A cursor past either end is no page. */
	if (dir != 0 && n == 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	memset(&mv, 0, sizeof(mv));
	n = news_page_edges(dir, &posts, n, NEWS_MANAGE_PAGE, &mv.newer,
	    &mv.older);
	items = arena_calloc(&r->arena, nd + n + 1, sizeof(*items));
	for (i = 0; i < nd; i++)
		news_item_fill(r, &drafts[i], true, &items[i]);
	for (i = 0; i < n; i++)
		news_item_fill(r, &posts[i], true, &items[nd + i]);
	mv.items = items;
	mv.nitems = nd + n;
	mv.ndrafts = nd;
	mv.now = time_now();
	if (done != NULL && strcmp(done, "deleted") == 0)
		mv.notice = N_("The news post has been deleted.");
	page_begin_staff_under(r, 200, i18n_text(r->lang, "Editing news"), &v,
	    &p, NULL, NULL);
	page_news_manage(&v, &p, &mv);
}

/* --- the form --- */

/* The form's values from a stored post (NULL: a new one). */
static void
form_from(struct request *r, const struct news_post *p, struct news_form *f)
{
	size_t i;
	int l;

	memset(f, 0, sizeof(*f));
	for (l = 0; l < LANG_COUNT; l++) {
		f->title[l] = p && p->v[l].title ? p->v[l].title : "";
		f->lead[l] = p && p->v[l].title ? p->v[l].lead : "";
		f->body[l] = p && p->v[l].title ? p->v[l].body : "";
	}
	f->event = p && p->event_id ? id_text(r, p->event_id) : "";
	f->publish = p && p->published ? "at" : "draft";
	form_datetime_parts(&r->arena, p ? p->publish_at : 0, &f->date,
	    &f->time);
	if (p && p->nmaterials) {
		f->materials = arena_alloc(&r->arena,
		    p->nmaterials * sizeof(*f->materials));
		for (i = 0; i < p->nmaterials; i++)
			f->materials[f->nmaterials++] = p->materials[i].id;
	}
}

/* The events of the post's region and the materials it may link to.
 * 0 or -1. */
static int
load_choices(struct request *r, struct db *db, int64_t region,
    struct news_edit_view *ev)
{
	struct news_event_choice *events;
	struct material_ref *mats;

	if (news_store_events(db, &r->arena, r->lang, region, &events,
	    &ev->nevents) != 0 ||
	    materials_refs(db, &r->arena, &mats, &ev->nmaterials) != 0)
		return -1;
	ev->events = events;
	ev->materials = mats;
	return 0;
}

/* Renders the form of ev->post (NULL: a new post), its choices loaded. */
static void
render(struct request *r, int status, struct news_edit_view *ev)
{
	const struct news_post *p = ev->post;
	struct view v;
	struct page pg;

	ev->csrf = csrf_token(r);
	if (p != NULL) {
		ev->state = news_state_at(p, time_now());
		ev->state_when = p->publish_at ? time_format_datetime(&r->arena,
		    r->lang, p->publish_at) : "";
	}
	page_begin_staff_under(r, status, p == NULL ? i18n_text(r->lang,
	    "New news post") : i18n_text(r->lang, "Edit the news post"), &v,
	    &pg, i18n_text(r->lang, "Editing news"), "news.manage");
	page_form_errors(&pg, &ev->errors);
	page_news_edit(&v, &pg, ev);
}

/* What the audit record says of a post's publication. */
static const char *
audit_detail(struct request *r, const struct news_post *p, int64_t now)
{
	char langs[16] = "";
	int l;

	for (l = 0; l < LANG_COUNT; l++)
		if (p->v[l].title != NULL) {
			if (langs[0] != '\0')
				strcat(langs, ",");
			strcat(langs, lang_code((enum lang)l));
		}
	if (!p->published)
		return arena_printf(&r->arena, "draft; %s", langs);
	return arena_printf(&r->arena, "%s %s; %s", p->publish_at > now ?
	    "scheduled" : "published", time_format_iso(&r->arena,
	    p->publish_at), langs);
}

/* Saves the form as post `old` (NULL: a new one) of region. */
static void
save(struct request *r, const struct news_post *old, int64_t region)
{
	struct news_edit_view ev;
	struct news_post p;
	struct form f;
	struct db *db;
	int64_t publish_at, id, now = time_now();

	if ((db = response_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.post = old;
	if (load_choices(r, db, region, &ev) != 0) {
		response_unavailable(r);
		return;
	}
	form_begin(&f, r);
	news_form_read(&f, &ev, &p, now, &publish_at);
	if (!form_ok(&f)) {
		ev.errors = form_errors(&f);
		render(r, 400, &ev);
		return;
	}
	if (db_begin(db) != 0 ||
	    (id = news_store_save(db, old ? old->id : 0, region, r->user.id,
	    &p, ev.f.materials, ev.f.nmaterials, now)) < 0 ||
	    news_store_publish(db, id, p.published, publish_at, now) != 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    old ? "news.update" : "news.create", "news_post", id_text(r, id),
	    audit_detail(r, &p, now), now) != 0 ||
	    db_commit(db) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
	    url_for(&r->arena, r->lang, "news.edit", url_id(&r->arena, id),
	    NULL), old ? "saved" : "created"));
}

/* The region a new post goes into: 0, or answered (404 for a user with
 * none, 503). */
static int
home_region(struct request *r, int64_t *region)
{
	struct db *db;

	if ((db = response_db(r)) == NULL)
		return -1;
	if (network_home_region(db, &r->user, region) != 0) {
		response_unavailable(r);
		return -1;
	}
	if (*region == 0) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	return 0;
}

void
news_new(struct request *r)
{
	struct news_edit_view ev;
	int64_t region;

	if (home_region(r, &region) != 0)
		return;
	memset(&ev, 0, sizeof(ev));
	form_from(r, NULL, &ev.f);
	if (load_choices(r, request_db(r), region, &ev) != 0) {
		response_unavailable(r);
		return;
	}
	render(r, 200, &ev);
}

void
news_create(struct request *r)
{
	int64_t region;

	if (home_region(r, &region) == 0)
		save(r, NULL, region);
}

void
news_edit(struct request *r)
{
	const struct news_post *p = request_object(r);
	struct news_edit_view ev;
	const char *done = kv_get(&r->query, "done");

	memset(&ev, 0, sizeof(ev));
	ev.post = p;
	form_from(r, p, &ev.f);
	if (done != NULL && strcmp(done, "created") == 0)
		ev.notice = N_("The news post has been saved.");
	else if (done != NULL && strcmp(done, "saved") == 0)
		ev.notice = N_("The changes have been saved.");
	else if (done != NULL && strcmp(done, "unpublished") == 0)
		ev.notice = N_("The news post has been unpublished. It is a draft now.");
	if (load_choices(r, request_db(r), p->region_id, &ev) != 0) {
		response_unavailable(r);
		return;
	}
	render(r, 200, &ev);
}

void
news_update(struct request *r)
{
	const struct news_post *p = request_object(r);

	save(r, p, p->region_id);
}

void
news_unpublish(struct request *r)
{
	const struct news_post *p = request_object(r);
	struct news_edit_view ev;
	struct form f;
	struct db *db = request_db(r);
	int64_t now = time_now();

	if (!p->published) {
		memset(&ev, 0, sizeof(ev));
		ev.post = p;
		form_from(r, p, &ev.f);
		form_begin(&f, r);
		form_error(&f, "publish-draft", N_("The news post is not published."));
		ev.errors = form_errors(&f);
		if (load_choices(r, db, p->region_id, &ev) != 0)
			response_unavailable(r);
		else
			render(r, 409, &ev);
		return;
	}
	/* The time is kept: publishing again offers it. */
	if (db_begin(db) != 0 ||
	    news_store_publish(db, p->id, false, p->publish_at, now) != 0 ||
	    audit_record(db, r->user.id, request_address(r), "news.unpublish",
	    "news_post", id_text(r, p->id), "draft", now) != 0 ||
	    db_commit(db) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=unpublished",
	    url_for(&r->arena, r->lang, "news.edit", url_id(&r->arena, p->id),
	    NULL)));
}

void
news_delete(struct request *r)
{
	const struct news_post *p = request_object(r);
	struct db *db = request_db(r);

	if (db_begin(db) != 0 ||
	    news_store_delete(db, p->id) != 0 ||
	    audit_record(db, r->user.id, request_address(r), "news.delete",
	    "news_post", id_text(r, p->id), p->published ? "was published" :
	    "was a draft", time_now()) != 0 ||
	    db_commit(db) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=deleted",
	    url_for(&r->arena, r->lang, "news.manage", NULL)));
}

/*
 * The post as visitors will see it, in the page's language, for its
 * editors: a draft or a scheduled post too, under a note that says so.
 * Never cached (no-store), never shown to anyone who may not edit it.
 */
void
news_preview(struct request *r)
{
	const struct news_post *p = request_object(r);
	struct news_post_view pv;
	struct view v;
	struct page pg;

	if (news_nversions(p) == 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	memset(&pv, 0, sizeof(pv));
	news_post_view_fill(r, p, &pv);
	pv.preview = true;
	page_begin_staff_under(r, 200, p->v[pv.shown].title, &v, &pg,
	    i18n_text(r->lang, "Editing news"), "news.manage");
	page_news_post(&v, &pg, &pv);
}

/*
 * edit.c - writing and publishing news posts (ACT_NEWS: the region's
 * coordinators and administrators).
 *
 * One form edits everything of a post: its language versions, the event
 * and materials it links to, and when it is published (kept as a draft,
 * published now, or at a given time, which may be in the future: the post
 * then appears by itself).  A form with a mistake comes back with what was
 * written, the mistake named in a summary that links to its field, status
 * 400 and nothing saved.  Every change is one transaction with its audit
 * record and ends in a 303.  A post of another region is answered 404 like
 * an unknown id.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "base/utf8.h"
#include "http/form.h"
#include "http/parse.h"
#include "http/response.h"
#include "network/network.h"
#include "news/views.h"
#include "tmpl_news.h"
#include "tmpl_news_edit.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
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

bool
news_form_has_material(const struct news_form *f, int64_t id)
{
	size_t i;

	for (i = 0; i < f->nmaterials; i++)
		if (f->materials[i] == id)
			return true;
	return false;
}

static const char *
id_text(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "%lld", (long long)id);
}

static struct db *
get_db(struct request *r)
{
	struct db *db = request_db(r);

	if (db == NULL)
		response_error(r, 503, UNAVAILABLE);
	return db;
}

/* Helsinki date "YYYY-MM-DD" and time "HH:MM" of t for the form. */
static void
local_parts(struct request *r, int64_t t, const char **date, const char **tm)
{
	struct tm lt;
	time_t tt = (time_t)t;

	if (localtime_r(&tt, &lt) == NULL) {
		*date = *tm = "";
		return;
	}
	*date = arena_printf(&r->arena, "%04d-%02d-%02d", lt.tm_year + 1900,
	    lt.tm_mon + 1, lt.tm_mday);
	*tm = arena_printf(&r->arena, "%02d:%02d", lt.tm_hour, lt.tm_min);
}

static void
begin_page(struct request *r, int status, const char *title, struct view *v,
    struct page *p, bool in_list)
{
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(p, v, r, title);
	page_crumb(p, i18n_text(r->lang, "Your pages"),
	    arena_printf(&r->arena, "/%s/staff", lang_code(r->lang)));
	if (in_list)
		page_crumb(p, i18n_text(r->lang, "Editing news"),
		    arena_printf(&r->arena, "/%s/staff/news",
		    lang_code(r->lang)));
	page_crumb(p, title, NULL);
}

/* --- the list --- */

void
news_manage(struct request *r)
{
	struct news_manage_view mv;
	struct news_post *posts;
	struct news_item *items;
	struct db *db;
	struct view v;
	struct page p;
	const char *done = kv_get(&r->query, "done");
	size_t n, i, k = 0;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&mv, 0, sizeof(mv));
	if (news_store_list_all(db, &r->arena, &posts, &n) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	items = arena_alloc(&r->arena, (n ? n : 1) * sizeof(*items));
	for (i = 0; i < n; i++) {
		if (!policy_manages_region(&r->user, posts[i].region_id))
			continue;
		items[k].post = &posts[i];
		items[k].shown = news_pick(&posts[i], r->lang);
		items[k].date = posts[i].publish_at ? time_format_datetime(
		    &r->arena, r->lang, posts[i].publish_at) : "";
		items[k].iso = posts[i].publish_at ?
		    time_format_iso(&r->arena, posts[i].publish_at) : "";
		k++;
	}
	mv.items = items;
	mv.nitems = k;
	mv.now = time_now();
	if (done != NULL && strcmp(done, "deleted") == 0)
		mv.notice = N_("The news post has been deleted.");
	begin_page(r, 200, i18n_text(r->lang, "Editing news"), &v, &p, false);
	page_news_manage(&v, &p, &mv);
}

/* --- the form --- */

/* The region of a new post: a coordinator's own; an administrator's is
 * the site's region.  0 or -1; *out 0 when there is none. */
static int
new_region(struct request *r, struct db *db, int64_t *out)
{
	struct region_info ri;
	int rc;

	*out = 0;
	if (!policy_manages_region(&r->user, 0)) {
		*out = r->user.region_id;
		return 0;
	}
	if ((rc = network_region(db, &r->arena, r->lang, &ri)) < 0)
		return -1;
	if (rc == 0)
		*out = ri.id;
	return 0;
}

/* Loads the post of :id if the editor manages its region.  0 found;
 * otherwise the answer has been given. */
static int
load_post(struct request *r, struct db *db, struct news_post *p)
{
	int64_t id;
	int rc;

	if (id_parse(request_param(r, "id"), &id) != 0) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	if ((rc = news_store_get(db, &r->arena, r->lang, id, p)) < 0) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (rc == 1 || !policy_manages_region(&r->user, p->region_id)) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	return 0;
}

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
	f->date = f->time = "";
	if (p && p->publish_at)
		local_parts(r, p->publish_at, &f->date, &f->time);
	if (p && p->nmaterials) {
		f->materials = arena_alloc(&r->arena,
		    p->nmaterials * sizeof(*f->materials));
		for (i = 0; i < p->nmaterials; i++)
			f->materials[f->nmaterials++] = p->materials[i].id;
	}
}

/* Renders the form (new when p is NULL) for region.  0 or -1. */
static int
render(struct request *r, struct db *db, int status, const struct news_post *p,
    int64_t region, struct news_edit_view *ev)
{
	struct news_event_choice *events;
	struct news_material *mats;
	struct view v;
	struct page pg;

	if (news_store_events(db, &r->arena, r->lang, region, &events,
	    &ev->nevents) != 0 ||
	    news_store_materials(db, &r->arena, &mats, &ev->nmaterials) != 0)
		return -1;
	ev->events = events;
	ev->materials = mats;
	ev->post = p;
	ev->csrf = csrf_token(r);
	if (p != NULL) {
		ev->state = news_state_at(p, time_now());
		ev->state_when = p->publish_at ? time_format_datetime(&r->arena,
		    r->lang, p->publish_at) : "";
	}
	begin_page(r, status, p == NULL ? i18n_text(r->lang,
	    "New news post") : i18n_text(r->lang, "Edit the news post"), &v,
	    &pg, true);
	page_news_edit(&v, &pg, ev);
	return 0;
}

static const char *
lang_field(struct request *r, const char *name, int l)
{
	return arena_printf(&r->arena, "%s_%s", name, lang_code((enum lang)l));
}

/*
 * Reads and checks the form for a post of `region`.  0 fine (*out and
 * *publish_at filled), 400 a mistake (ev->error, ev->error_field), -1 a
 * database error.
 */
static int
form_read(struct request *r, struct db *db, int64_t region,
    struct news_edit_view *ev, struct news_post *out, int64_t *publish_at)
{
	struct news_form *f = &ev->f;
	static const char *const names[3] = { "title", "lead", "body" };
	static const size_t max[3] = { NEWS_TITLE_MAX, NEWS_LEAD_MAX,
		NEWS_BODY_MAX };
	size_t i, j;
	int l, k, rc, nversions = 0;
	int64_t id, ev_region;

	memset(out, 0, sizeof(*out));
	*publish_at = 0;
	for (l = 0; l < LANG_COUNT; l++) {
		f->title[l] = form_field(r, lang_field(r, "title", l));
		f->lead[l] = form_field(r, lang_field(r, "lead", l));
		f->body[l] = form_field(r, lang_field(r, "body", l));
	}
	f->event = form_field(r, "event");
	f->publish = form_field(r, "publish");
	f->date = form_field(r, "publish_date");
	f->time = form_field(r, "publish_time");
	f->materials = arena_alloc(&r->arena,
	    (r->form.n ? r->form.n : 1) * sizeof(*f->materials));
	f->nmaterials = 0;
	for (i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.items[i].name, "material") != 0)
			continue;
		if (id_parse(r->form.items[i].value, &id) != 0) {
			ev->error = N_("Choose the materials from the list.");
			ev->error_field = "materials";
			return 400;
		}
		if (!news_form_has_material(f, id))
			f->materials[f->nmaterials++] = id;
	}

	for (l = 0; l < LANG_COUNT; l++) {
		const char *vals[3] = { f->title[l], f->lead[l], f->body[l] };

		for (k = 0; k < 3; k++) {
			if (!text_valid(vals[k], strlen(vals[k]))) {
				ev->error = N_("The text has control characters that cannot be saved. Remove them and try again.");
				ev->error_field = lang_field(r, names[k], l);
				return 400;
			}
			if (utf8_chars(vals[k]) > max[k]) {
				ev->error = k == 0 ? N_("The news title is too long: at most 200 characters.") :
				    k == 1 ? N_("The lead is too long: at most 600 characters.") :
				    N_("The text is too long: at most 50,000 characters.");
				ev->error_field = lang_field(r, names[k], l);
				return 400;
			}
		}
		if (f->title[l][0] == '\0' && (f->lead[l][0] != '\0' ||
		    f->body[l][0] != '\0')) {
			ev->error = N_("Write a title for this language version, or empty its other fields to leave the language out.");
			ev->error_field = lang_field(r, "title", l);
			return 400;
		}
		if (f->title[l][0] != '\0') {
			nversions++;
			out->v[l].title = f->title[l];
			out->v[l].lead = f->lead[l];
			out->v[l].body = f->body[l];
		}
	}
	if (nversions == 0) {
		ev->error = N_("Write the news post in at least one language: a title at least.");
		ev->error_field = "title_fi";
		return 400;
	}

	if (f->event[0] != '\0') {
		if (id_parse(f->event, &id) != 0 ||
		    (rc = news_store_event_region(db, id, &ev_region)) == 1 ||
		    (rc == 0 && ev_region != region)) {
			ev->error = N_("Choose the event from the list.");
			ev->error_field = "event";
			return 400;
		}
		if (rc < 0)
			return -1;
		out->event_id = id;
	}
	if (f->nmaterials > NEWS_MATERIALS_MAX) {
		ev->error = N_("A news post can link to at most 30 materials.");
		ev->error_field = "materials";
		return 400;
	}
	for (j = 0; j < f->nmaterials; j++) {
		if ((rc = news_store_material_exists(db, f->materials[j])) < 0)
			return -1;
		if (rc == 0) {
			ev->error = N_("Choose the materials from the list.");
			ev->error_field = "materials";
			return 400;
		}
	}

	if (strcmp(f->publish, "draft") == 0) {
		out->published = false;
		/* A time written for a draft is kept for later. */
		if (f->date[0] != '\0' || f->time[0] != '\0') {
			if (news_parse_when(f->date, f->time, publish_at) != 0) {
				ev->error = N_("Write the date as 31.12.2026 or 2026-12-31 and the time as 9:00 or 9.00.");
				ev->error_field = "publish_date";
				return 400;
			}
		}
	} else if (strcmp(f->publish, "now") == 0) {
		out->published = true;
		*publish_at = time_now();
	} else if (strcmp(f->publish, "at") == 0) {
		out->published = true;
		if (f->date[0] == '\0' || f->time[0] == '\0') {
			ev->error = N_("Write the date and time of publication.");
			ev->error_field = f->date[0] == '\0' ? "publish_date" :
			    "publish_time";
			return 400;
		}
		if (news_parse_when(f->date, f->time, publish_at) != 0) {
			ev->error = N_("Write the date as 31.12.2026 or 2026-12-31 and the time as 9:00 or 9.00.");
			ev->error_field = "publish_date";
			return 400;
		}
	} else {
		ev->error = N_("Choose when the news post is published.");
		ev->error_field = "publish-draft";
		return 400;
	}
	out->publish_at = *publish_at;
	return 0;
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

/* Saves the form as post `old` (NULL: a new one) in the transaction the
 * caller opened. */
static void
save(struct request *r, struct db *db, const struct news_post *old,
    int64_t region)
{
	struct news_edit_view ev;
	struct news_post p;
	int64_t publish_at, id, now = time_now();
	int status;

	memset(&ev, 0, sizeof(ev));
	status = form_read(r, db, region, &ev, &p, &publish_at);
	if (status != 0) {
		db_rollback(db);
		if (status < 0 || render(r, db, status, old, region, &ev) != 0)
			response_error(r, 503, UNAVAILABLE);
		return;
	}
	if ((id = news_store_save(db, old ? old->id : 0, region, r->user.id,
	    &p, ev.f.materials, ev.f.nmaterials, now)) < 0 ||
	    news_store_publish(db, id, p.published, publish_at, now) != 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    old ? "news.update" : "news.create", "news_post", id_text(r, id),
	    audit_detail(r, &p, now), now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/staff/news/%lld?done=%s", lang_code(r->lang), (long long)id,
	    old ? "saved" : "created"));
}

void
news_new(struct request *r)
{
	struct news_edit_view ev;
	struct db *db;
	int64_t region;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	if (new_region(r, db, &region) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (region == 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	form_from(r, NULL, &ev.f);
	if (render(r, db, 200, NULL, region, &ev) != 0)
		response_error(r, 503, UNAVAILABLE);
}

void
news_create(struct request *r)
{
	struct db *db;
	int64_t region;

	if ((db = get_db(r)) == NULL)
		return;
	if (new_region(r, db, &region) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (region == 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	save(r, db, NULL, region);
}

void
news_edit(struct request *r)
{
	struct news_edit_view ev;
	struct news_post p;
	struct db *db;
	const char *done = kv_get(&r->query, "done");

	if ((db = get_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	if (load_post(r, db, &p) != 0)
		return;
	form_from(r, &p, &ev.f);
	if (done != NULL && strcmp(done, "created") == 0)
		ev.notice = N_("The news post has been saved.");
	else if (done != NULL && strcmp(done, "saved") == 0)
		ev.notice = N_("The changes have been saved.");
	else if (done != NULL && strcmp(done, "unpublished") == 0)
		ev.notice = N_("The news post has been unpublished. It is a draft now.");
	if (render(r, db, 200, &p, p.region_id, &ev) != 0)
		response_error(r, 503, UNAVAILABLE);
}

void
news_update(struct request *r)
{
	struct news_post p;
	struct db *db;

	if ((db = get_db(r)) == NULL)
		return;
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (load_post(r, db, &p) != 0) {
		db_rollback(db);
		return;
	}
	save(r, db, &p, p.region_id);
}

void
news_unpublish(struct request *r)
{
	struct news_edit_view ev;
	struct news_post p;
	struct db *db;
	int64_t now = time_now();

	if ((db = get_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (load_post(r, db, &p) != 0) {
		db_rollback(db);
		return;
	}
	if (!p.published) {
		db_rollback(db);
		form_from(r, &p, &ev.f);
		ev.error = N_("The news post is not published.");
		ev.error_field = NULL;
		if (render(r, db, 409, &p, p.region_id, &ev) != 0)
			response_error(r, 503, UNAVAILABLE);
		return;
	}
	/* The time is kept: publishing again offers it. */
	if (news_store_publish(db, p.id, false, p.publish_at, now) != 0 ||
	    audit_record(db, r->user.id, request_address(r), "news.unpublish",
	    "news_post", id_text(r, p.id), "draft", now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/staff/news/%lld?done=unpublished", lang_code(r->lang),
	    (long long)p.id));
}

void
news_delete(struct request *r)
{
	struct news_post p;
	struct db *db;

	if ((db = get_db(r)) == NULL)
		return;
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (load_post(r, db, &p) != 0) {
		db_rollback(db);
		return;
	}
	if (news_store_delete(db, p.id) != 0 ||
	    audit_record(db, r->user.id, request_address(r), "news.delete",
	    "news_post", id_text(r, p.id), p.published ? "was published" :
	    "was a draft", time_now()) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/staff/news?done=deleted", lang_code(r->lang)));
}

/*
 * The post as visitors will see it, in the page's language, for its
 * editors: a draft or a scheduled post too, under a note that says so.
 * Never cached (no-store), never shown to anyone who may not edit it.
 */
void
news_preview(struct request *r)
{
	struct news_post_view pv;
	struct news_post p;
	struct db *db;
	struct view v;
	struct page pg;

	if ((db = get_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	if (load_post(r, db, &p) != 0)
		return;
	if (news_nversions(&p) == 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	news_post_view_fill(r, &p, &pv);
	pv.preview = true;
	begin_page(r, 200, p.v[pv.shown].title, &v, &pg, true);
	page_news_post(&v, &pg, &pv);
}

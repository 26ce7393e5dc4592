/*
 * pages.c - the library view and a material's public page.
 *
 * The library shows a page at a time (MAT_LIBRARY_PAGE) with links to the
 * pages after and before it: the store filters in SQL and reads along an
 * index (issue 13).  The search folds the text (fold.c), which SQL does
 * not do portably, so it is matched here as the store reads the rows.
 */
#include <string.h>

#include "auth/policy.h"
#include "base/buf.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "materials/internal.h"
#include "tmpl_materials.h"
#include "view/escape.h"
#include "view/markdown.h"

/* A query parameter, or "" when absent or not one of the allowed. */
static const char *
query_in(struct request *r, const char *name, const char *const *list,
    size_t n)
{
	const char *s = kv_get(&r->query, name);

	return s != NULL && mat_in_list(s, list, n) ? s : "";
}

/* The search's test of a row: the folded title and description hold
 * every folded word of the query. */
struct lib_search {
	struct arena *a;
	const char *fq;
};

static bool
lib_match(const struct material *m, void *ctx)
{
	struct lib_search *q = ctx;

	return mat_fold_match(mat_fold(q->a, arena_printf(q->a, "%s %s",
	    m->title, m->description)), q->fq);
}

/*
 * The page's cursor from ?after=UPDATED.ID or ?before=UPDATED.ID (the
 * links the template writes); a malformed one is the first page, as any
 * unknown filter value is ignored here.
 */
static void
lib_cursor(struct request *r, struct mat_library_query *q)
{
	const char *after = kv_get(&r->query, "after");
	const char *before = kv_get(&r->query, "before");
	const char *c = after != NULL && after[0] ? after : before;
	const char *dot;
	char head[24];
	int64_t u, id;

	q->dir = MAT_PAGE_FIRST;
	if (c == NULL || c[0] == '\0' || (dot = strchr(c, '.')) == NULL ||
	    (size_t)(dot - c) >= sizeof(head))
		return;
	memcpy(head, c, (size_t)(dot - c));
	head[dot - c] = '\0';
	if (id_parse(head, &u) != 0 || id_parse(dot + 1, &id) != 0)
		return;
	q->dir = c == after ? MAT_PAGE_AFTER : MAT_PAGE_BEFORE;
	q->cursor_updated = u;
	q->cursor_id = id;
}

static const char *const lib_langs[] = { "fi", "sv", "en" };
static const char *const lib_sorts[] = { "new", "old", "title" };

void
materials_library(struct request *r)
{
	struct mat_library_view lv;
	struct mat_library_query mq;
	struct lib_search search;
	struct mat_option *events;
	struct material *items;
	const char *q, *ev;
	struct db *db;
	struct view v;
	struct page p;
	struct buf b;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&lv, 0, sizeof(lv));
	memset(&mq, 0, sizeof(mq));
	q = kv_get(&r->query, "q");
	if (q == NULL || strlen(q) > MAT_QUERY_MAX)
		q = "";
	lv.q = q;
	lv.type = query_in(r, "type", mat_type_names, MAT_TYPE_OTHER);
	lv.lang = query_in(r, "lang", lib_langs, 3);
	lv.topic = query_in(r, "topic", mat_topics, mat_ntopics);
	lv.sort = query_in(r, "sort", lib_sorts, 3);
	if (lv.sort[0] == '\0')
		lv.sort = "new";
	ev = kv_get(&r->query, "event");
	if (ev != NULL && ev[0] != '\0' && id_parse(ev, &lv.event) != 0)
		lv.event = 0;
	mq.staff = materials_is_staff(&r->user);
	mq.type = lv.type;
	mq.lang = lv.lang;
	mq.topic = lv.topic;
	mq.event = lv.event;
	mq.sort = strcmp(lv.sort, "title") == 0 ? MAT_SORT_TITLE :
	    strcmp(lv.sort, "old") == 0 ? MAT_SORT_OLD : MAT_SORT_NEW;
	mq.limit = MAT_LIBRARY_PAGE;
	lib_cursor(r, &mq);
	search.a = &r->arena;
	search.fq = mat_fold(&r->arena, q);
	if (search.fq[0] != '\0') {
		mq.keep = lib_match;
		mq.ctx = &search;
	}
	if (mat_library_page(db, &r->arena, &mq, &items, &lv.n, &lv.more,
	    &lv.prev) != 0 ||
	    mat_events_with_materials(db, &r->arena, r->lang, mq.staff,
	    MAT_LIBRARY_EVENTS, &events, &lv.nevents) != 0) {
		response_unavailable(r);
		return;
	}
	lv.items = items;
	lv.events = events;
	lv.filtered = search.fq[0] != '\0' || lv.type[0] || lv.lang[0] ||
	    lv.topic[0] || lv.event != 0;
	/* The filter as a query string, for the page links. */
	buf_init(&b);
	buf_puts(&b, "q=");
	html_url_arg(&b, q);
	buf_puts(&b, "&type=");
	html_url_arg(&b, lv.type);
	buf_puts(&b, "&lang=");
	html_url_arg(&b, lv.lang);
	buf_puts(&b, "&topic=");
	html_url_arg(&b, lv.topic);
	buf_puts(&b, "&sort=");
	html_url_arg(&b, lv.sort);
	if (lv.event != 0)
		buf_printf(&b, "&event=%lld", (long long)lv.event);
	lv.query = arena_strdup(&r->arena, buf_cstr(&b));
	buf_cleanup(&b);
	lv.base = url_for(&r->arena, r->lang, "materials.library", NULL);
	lv.can_add = policy_allows(&r->user, ACT_MATERIALS);
	if (lv.can_add && mat_requests_pending(db,
	    policy_region_filter(&r->user), r->user.id, &lv.npending) != 0)
		lv.npending = 0;
	mat_begin_page(r, 200, i18n_text(r->lang, "Materials"), &v, &p);
	p.ncrumbs--;
	page_crumb(&p, p.title, NULL);
	page_mat_library(&v, &p, &lv);
}

void
materials_page(struct request *r)
{
	struct mat_page_view pv;
	struct mat_version *vers = NULL;
	struct material m = *(struct material *)request_object(r);
	struct db *db;
	struct view v;
	struct page p;
	const char *done = kv_get(&r->query, "done");

	if ((db = response_db(r)) == NULL)
		return;
	memset(&pv, 0, sizeof(pv));
	if (mat_versions(db, &r->arena, m.id, &vers, &pv.nversions) != 0 ||
	    mat_load_targets(db, &r->arena, r->lang, &m) != 0) {
		response_unavailable(r);
		return;
	}
	if (!materials_is_staff(&r->user)) {
		size_t i, k = 0;

		for (i = 0; i < m.ntargets; i++)
			if (!m.targets[i].for_staff)
				m.targets[k++] = m.targets[i];
		m.ntargets = k;
	}
	pv.m = &m;
	pv.versions = vers;
	pv.type = mat_type_of(&m);
	pv.description_html = markdown_html(&r->arena, m.description);
	pv.may_download = materials_may_download(&r->user, &m);
	pv.may_edit = materials_may_edit(&r->user, &m);
	pv.preview = pv.may_download && m.has_file &&
	    (pv.type == MAT_TYPE_IMAGE ||
	    (pv.type == MAT_TYPE_PDF && m.cur.preview_sha256 != NULL &&
	    m.cur.preview_done));
	if (done != NULL && strcmp(done, "created") == 0)
		pv.notice = N_("The material has been added.");
	else if (done != NULL && strcmp(done, "saved") == 0)
		pv.notice = N_("The changes have been saved.");
	else if (done != NULL && strcmp(done, "version") == 0)
		pv.notice = N_("The new version has been uploaded.");
	mat_begin_page(r, 200, m.title, &v, &p);
	page_crumb(&p, p.title, NULL);
	page_mat_material(&v, &p, &pv);
}

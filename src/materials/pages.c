/*
 * pages.c - the library view and a material's public page.
 *
 * The library reads every material (a few hundred at most), keeps those
 * the viewer may know of and that pass the filters and the search, and
 * sorts them in C: the search folds the text (fold.c) and titles sort in
 * Finnish/Swedish order (collate_fi), neither of which SQL does portably.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "base/collate.h"
#include "http/parse.h"
#include "http/response.h"
#include "materials/internal.h"
#include "tmpl_materials.h"
#include "view/markdown.h"

/* A query parameter, or "" when absent or not one of the allowed. */
static const char *
query_in(struct request *r, const char *name, const char *const *list,
    size_t n)
{
	const char *s = kv_get(&r->query, name);

	return s != NULL && mat_in_list(s, list, n) ? s : "";
}

static int
cmp_title(const void *x, const void *y)
{
	const struct material *a = x, *b = y;
	int c = collate_fi(a->title, b->title);

	return c ? c : (a->id < b->id ? -1 : a->id > b->id);
}

static int
cmp_old(const void *x, const void *y)
{
	const struct material *a = x, *b = y;

	if (a->updated_at != b->updated_at)
		return a->updated_at < b->updated_at ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static bool
id_in(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static const char *const lib_langs[] = { "fi", "sv", "en" };
static const char *const lib_sorts[] = { "new", "old", "title" };

void
materials_library(struct request *r)
{
	struct mat_library_view lv;
	struct mat_option *events;
	struct material *all, *keep;
	const char *q, *fq = "", *ev;
	struct db *db;
	struct view v;
	struct page p;
	size_t nall, i, k = 0;
	int64_t *ids = NULL, *listed;
	size_t nids = 0, nlisted;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&lv, 0, sizeof(lv));
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
	if (mat_list(db, &r->arena, &all, &nall) != 0 ||
	    mat_library_ids(db, &r->arena, &listed, &nlisted) != 0 ||
	    mat_events_with_materials(db, &r->arena, r->lang,
	    materials_is_staff(&r->user), &events, &lv.nevents) != 0 ||
	    (lv.event != 0 && mat_ids_for_event(db, &r->arena, lv.event, &ids,
	    &nids) != 0)) {
		response_unavailable(r);
		return;
	}
	lv.events = events;
	fq = mat_fold(&r->arena, q);
	keep = arena_calloc(&r->arena, nall ? nall : 1, sizeof(*keep));
	for (i = 0; i < nall; i++) {
		struct material *m = &all[i];

		if (!materials_may_see(&r->user, m) ||
		    !id_in(listed, nlisted, m->id))
			continue;
		lv.total++;
		if ((lv.type[0] &&
		    strcmp(lv.type, mat_type_names[mat_type_of(m)]) != 0) ||
		    (lv.lang[0] && strcmp(lv.lang, lang_code(m->lang)) != 0) ||
		    (lv.topic[0] && strcmp(lv.topic, m->topic) != 0))
			continue;
		if (lv.event != 0 && !id_in(ids, nids, m->id))
			continue;
		if (fq[0] != '\0' && !mat_fold_match(mat_fold(&r->arena,
		    arena_printf(&r->arena, "%s %s", m->title, m->description)),
		    fq))
			continue;
		keep[k++] = *m;
	}
	if (strcmp(lv.sort, "title") == 0)
		qsort(keep, k, sizeof(*keep), cmp_title);
	else if (strcmp(lv.sort, "old") == 0)
		qsort(keep, k, sizeof(*keep), cmp_old);
	lv.items = keep;
	lv.n = k;
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

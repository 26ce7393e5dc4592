/*
 * store.c - the materials' rows: prepared statements that copy into the
 * request's arena.  The library is read a page at a time, filtered in SQL
 * (issue 13); only the search, which folds the text, is matched in C.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/collate.h"
#include "base/log.h"
#include "base/settings.h"

#include "auth/account.h"
#include "auth/policy.h"
#include "db/rows.h"
#include "events/events.h"
#include "http/urls.h"
#include "materials/edit.h"
#include "materials/internal.h"

#define MAT_SELECT "SELECT m.id, m.region_id, m.kind, m.title, " \
	"m.description, m.lang, m.author, m.licence, m.topic, m.access, " \
	"m.url, COALESCE(m.owner_id, 0), m.created_at, " \
	"m.updated_at, v.id, v.number, v.sha256, v.size, v.mime, v.filename, " \
	"v.note, v.preview_state, v.preview_sha256, v.created_at, " \
	"(SELECT count(*) FROM material_version x WHERE x.material_id = m.id) " \
	"FROM material m LEFT JOIN material_version v ON v.material_id = " \
	"m.id AND v.number = (SELECT max(number) FROM material_version y " \
	"WHERE y.material_id = m.id) "

static void
version_row(struct db_stmt *st, struct arena *a, int c, struct mat_version *v)
{
	memset(v, 0, sizeof(*v));
	v->id = db_col_int64(st, c);
	v->number = db_col_int64(st, c + 1);
	v->sha256 = db_col_dup(st, a, c + 2);
	v->size = db_col_int64(st, c + 3);
	v->mime = db_col_dup(st, a, c + 4);
	v->filename = db_col_dup(st, a, c + 5);
	v->note = db_col_dup(st, a, c + 6);
	v->preview_done = strcmp(db_col_text(st, c + 7), "done") == 0;
	v->preview_sha256 = db_col_is_null(st, c + 8) ? NULL :
	    db_col_dup(st, a, c + 8);
	v->created_at = db_col_int64(st, c + 9);
}

static int
mat_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct material *m = out;

	memset(m, 0, sizeof(*m));
	m->id = db_col_int64(st, 0);
	m->region_id = db_col_int64(st, 1);
	m->is_link = strcmp(db_col_text(st, 2), "link") == 0;
	m->title = db_col_dup(st, a, 3);
	m->description = db_col_dup(st, a, 4);
	m->lang = mat_lang_parse(db_col_text(st, 5));
	db_cols(st, a, 6, DB_COLS(db_as_str(&m->author),
	    db_as_str(&m->licence), db_as_str(&m->topic)));
	m->access = mat_access_parse(db_col_text(st, 9));
	db_cols(st, a, 10, DB_COLS(db_as_str(&m->url), db_as_int(&m->owner_id),
	    db_as_int(&m->created_at), db_as_int(&m->updated_at)));
	m->has_file = !db_col_is_null(st, 14) && !m->is_link;
	if (m->has_file)
		version_row(st, a, 14, &m->cur);
	m->nversions = db_col_int64(st, 24);
	return 0;
}

static int
version_row0(struct db_stmt *st, struct arena *a, void *out)
{
	version_row(st, a, 0, out);
	return 0;
}

int
mat_get(struct db *db, struct arena *a, int64_t id, struct material *m)
{
	return db_row(db, a, MAT_SELECT "WHERE m.id = ?1", DB_ARGS(db_int(id)),
	    mat_row, m);
}

int
mat_get_ids(struct db *db, struct arena *a, const int64_t *ids, size_t n,
    struct material *out)
{
	memset(out, 0, n * sizeof(*out));
	return db_rows_at_ids(db, a, MAT_SELECT "WHERE m.id IN (" DB_IDS ")",
	    ids, n, mat_row, sizeof(*out), offsetof(struct material, id), out);
}

#define VERSION_SELECT "SELECT id, number, sha256, size, mime, filename, " \
	"note, preview_state, preview_sha256, created_at FROM material_version "

int
mat_versions(struct db *db, struct arena *a, int64_t id,
    struct mat_version **out, size_t *n)
{
	*out = db_rows(db, a, VERSION_SELECT "WHERE material_id = ?1 ORDER BY "
	    "number DESC", DB_ARGS(db_int(id)), version_row0, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
mat_version_get(struct db *db, struct arena *a, int64_t id, int64_t number,
    struct mat_version *out)
{
	return db_row(db, a, VERSION_SELECT "WHERE material_id = ?1 AND "
	    "number = ?2", DB_ARGS(db_int(id), db_int(number)), version_row0,
	    out);
}

static mat_workspaces_fn workspaces_source;

void
materials_workspace_source(mat_workspaces_fn fn)
{
	workspaces_source = fn;
}

static int
workspaces(struct db *db, struct arena *a, enum lang l, const int64_t *ids,
    size_t n, struct mat_workspace **out, size_t *nout)
{
	if (workspaces_source == NULL) {
		log_error("materials: no source of workspaces "
		    "(materials_workspace_source())");
		return -1;
	}
	return workspaces_source(db, a, l, ids, n, out, nout);
}

/* A link as stored: its type, target and the type's name as the label,
 * which only a type unknown to this version keeps (MAT_TARGET_OTHER). */
static int
link_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct mat_target *t = out;

	t->label = db_col_dup(st, a, 0);
	t->type = mat_target_parse(t->label);
	t->id = db_col_int64(st, 1);
	return 0;
}

/* The ids of the links of type t, into a vector (of at least one). */
static int64_t *
link_ids(struct arena *a, const struct mat_target *v, size_t n,
    enum mat_target_type t, size_t *nout)
{
	int64_t *ids = arena_calloc(a, n ? n : 1, sizeof(*ids));
	size_t i;

	*nout = 0;
	for (i = 0; i < n; i++)
		if (v[i].type == t)
			ids[(*nout)++] = v[i].id;
	return ids;
}

/* An event's title picked in l. */
static const char *
event_name(enum lang l, const struct event_label *e)
{
	return i18n_pick(l, e->event_titles[LANG_FI], e->event_titles[LANG_SV],
	    e->event_titles[LANG_EN], NULL);
}

/* A draft event, or one for the network only, is not named to visitors
 * (mat_target.for_staff). */
static bool
event_for_staff(const struct event_label *e)
{
	return e->status == EVENT_STATUS_DRAFT ||
	    e->audience != AUDIENCE_PUBLIC;
}

/* The workspace of id in v[0..n), or NULL. */
static const struct mat_workspace *
workspace_find(const struct mat_workspace *v, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

/*
 * The targets with their labels: the links in their order, and the names
 * of each type's targets asked of their owners at once (the events
 * module's for events and agenda items, the programme's for workspaces),
 * so that a target that has gone (an event deleted) simply drops out.  An
 * unknown type (from a newer version) is listed without a label.
 */
int
mat_load_targets(struct db *db, struct arena *a, enum lang l,
    struct material *m)
{
	struct mat_target *v;
	struct event_label *ev, *it;
	struct mat_workspace *ws = NULL;
	int64_t *evid, *itid, *wsid;
	size_t nv, nev, nit, nws, nwsrows = 0, i, kev = 0, kit = 0, cap = 0;

	m->targets = NULL;
	m->ntargets = 0;
	v = db_rows(db, a, "SELECT target_type, target_id FROM material_link "
	    "WHERE material_id = ?1 ORDER BY position, target_type, target_id",
	    DB_ARGS(db_int(m->id)), link_row, sizeof(*v), &nv);
	if (v == NULL)
		return -1;
	evid = link_ids(a, v, nv, MAT_TARGET_EVENT, &nev);
	itid = link_ids(a, v, nv, MAT_TARGET_AGENDA_ITEM, &nit);
	wsid = link_ids(a, v, nv, MAT_TARGET_WORKSPACE, &nws);
	ev = arena_calloc(a, nev ? nev : 1, sizeof(*ev));
	it = arena_calloc(a, nit ? nit : 1, sizeof(*it));
	if (events_labels(db, a, evid, nev, ev) != 0 ||
	    events_item_labels(db, a, itid, nit, it) != 0 ||
	    (nws > 0 && workspaces(db, a, l, wsid, nws, &ws, &nwsrows) != 0))
		return -1;
	for (i = 0; i < nv; i++) {
		struct mat_target t = v[i];
		const struct event_label *e = NULL;
		const struct mat_workspace *w;

		switch (t.type) {
		case MAT_TARGET_LIBRARY:
			t.label = i18n_text(l, "The materials library");
			t.href = url_for(a, l, "materials.library", NULL);
			break;
		case MAT_TARGET_EVENT:
		case MAT_TARGET_AGENDA_ITEM:
			e = t.type == MAT_TARGET_EVENT ? &ev[kev++] : &it[kit++];
			if (e->id == 0)
				continue;
			t.event_id = e->event_id;
			t.for_staff = event_for_staff(e);
			t.label = t.type == MAT_TARGET_EVENT ?
			    arena_strdup(a, event_name(l, e)) :
			    arena_printf(a, "%s: %s", event_name(l, e),
			    i18n_pick(l, e->item_titles[LANG_FI],
			    e->item_titles[LANG_SV], e->item_titles[LANG_EN],
			    NULL));
			t.href = url_for(a, l, "events.page", url_id(a,
			    t.event_id), NULL);
			break;
		case MAT_TARGET_WORKSPACE:
			if ((w = workspace_find(ws, nwsrows, t.id)) == NULL)
				continue;
			t.for_staff = true;
			t.label = arena_printf(a, "%s %s %lld",
			    i18n_text(l, "Sparring workspace:"), w->name,
			    (long long)w->year);
			/* By year: the route's :period (the link read
			 * the period's id before, which led nowhere). */
			t.href = url_for(a, l, "workspace.page", url_id(a,
			    w->year), w->code, NULL);
			break;
		case MAT_TARGET_OTHER:
			break;
		}
		m->targets = arena_grow(a, m->targets, m->ntargets, &cap,
		    sizeof(*m->targets));
		m->targets[m->ntargets++] = t;
	}
	return 0;
}

int
mat_ids_for_target(struct db *db, struct arena *a,
    enum mat_target_type type, int64_t id, int64_t **out, size_t *n)
{
	*out = db_ints(db, a, "SELECT material_id FROM material_link WHERE "
	    "target_type = ?1 AND target_id = ?2 ORDER BY position, "
	    "material_id", DB_ARGS(db_text(mat_target_types[type]), db_int(id)),
	    n);
	return *out != NULL ? 0 : -1;
}

static int
cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return a < b ? -1 : a > b;
}

int
mat_ids_for_event(struct db *db, struct arena *a, int64_t event_id,
    int64_t **out, size_t *n)
{
	struct event_label *items;
	int64_t *ids, *own, *linked;
	size_t nitems, nown, nlinked, i, k;

	/* The event's own materials, and its agenda items' (the items from
	 * the events module): each a lookup through material_link_target
	 * (issue 13). */
	if (mat_ids_for_target(db, a, MAT_TARGET_EVENT, event_id, &own,
	    &nown) != 0 ||
	    (items = events_items_of(db, a, &event_id, 1, &nitems)) == NULL)
		return -1;
	ids = arena_calloc(a, nitems ? nitems : 1, sizeof(*ids));
	for (i = 0; i < nitems; i++)
		ids[i] = items[i].id;
	linked = db_ints_ids(db, a, "SELECT material_id FROM material_link "
	    "WHERE target_type = 'agenda_item' AND target_id IN (" DB_IDS ")",
	    ids, nitems, DB_NOARGS, &nlinked);
	if (linked == NULL)
		return -1;
	*out = arena_calloc(a, nown + nlinked + 1, sizeof(**out));
	memcpy(*out, own, nown * sizeof(**out));
	memcpy(*out + nown, linked, nlinked * sizeof(**out));
	qsort(*out, nown + nlinked, sizeof(**out), cmp_id);
	for (i = k = 0; i < nown + nlinked; i++)
		if (k == 0 || (*out)[k - 1] != (*out)[i])
			(*out)[k++] = (*out)[i];
	*n = k;
	return 0;
}

int
mat_log_download(struct db *db, int64_t material, int64_t version,
    const char *via, int64_t account, int64_t registration, int64_t grant,
    int64_t now)
{
	return db_run(db, "INSERT INTO material_download (material_id, "
	    "version_id, at, via, account_id, registration_id, grant_id) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", DB_ARGS(db_int(material),
	    db_id_or_null(version), db_int(now), db_text(via),
	    db_id_or_null(account), db_id_or_null(registration),
	    db_id_or_null(grant)), NULL) == 0 ? 0 : -1;
}

int
materials_visible_for(struct db *db, struct arena *a, const struct user *u,
    enum mat_target_type type, int64_t id, struct material **out, size_t *n)
{
	int64_t *ids;
	size_t nids, i;

	*n = 0;
	if ((type == MAT_TARGET_EVENT ? mat_ids_for_event(db, a, id, &ids,
	    &nids) : mat_ids_for_target(db, a, type, id, &ids, &nids)) != 0)
		return -1;
	*out = arena_calloc(a, nids ? nids : 1, sizeof(**out));
	if (mat_get_ids(db, a, ids, nids, *out) != 0)
		return -1;
	for (i = 0; i < nids; i++)
		if ((*out)[i].id != 0 && materials_may_see(u, &(*out)[i]))
			(*out)[(*n)++] = (*out)[i];
	return 0;
}

static int
ref_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct material_ref *m = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&m->id), db_as_str(&m->title)));
	m->lang = mat_lang_parse(db_col_text(st, 2));
	m->access = mat_access_parse(db_col_text(st, 3));
	m->listed = materials_listed(m->access);
	return 0;
}

#define REF_SELECT "SELECT id, title, lang, access FROM material "

int
materials_ref(struct db *db, struct arena *a, int64_t id,
    struct material_ref *out)
{
	return db_row(db, a, REF_SELECT "WHERE id = ?1", DB_ARGS(db_int(id)),
	    ref_row, out);
}

int
materials_refs_of(struct db *db, struct arena *a, const int64_t *ids,
    size_t n, struct material_ref *out)
{
	memset(out, 0, n * sizeof(*out));
	return db_rows_at_ids(db, a, REF_SELECT "WHERE id IN (" DB_IDS ")",
	    ids, n, ref_row, sizeof(*out), offsetof(struct material_ref, id),
	    out);
}

int
materials_refs(struct db *db, struct arena *a, struct material_ref **out,
    size_t *n)
{
	*out = db_rows(db, a, REF_SELECT "ORDER BY created_at DESC, id DESC",
	    DB_NOARGS, ref_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

#define REQ_SELECT "SELECT q.id, q.material_id, q.name, q.organisation, " \
	"q.email, q.purpose, q.status, q.created_at, COALESCE(q.decided_at, 0), " \
	"q.erased_at IS NOT NULL, q.lang, m.title FROM material_request q " \
	"JOIN material m ON m.id = q.material_id "

static int
request_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct mat_request_row *q = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&q->id),
	    db_as_int(&q->material_id), db_as_str(&q->name),
	    db_as_str(&q->organisation), db_as_str(&q->email),
	    db_as_str(&q->purpose)));
	q->status = mat_request_status_parse(db_col_text(st, 6));
	q->created_at = db_col_int64(st, 7);
	q->decided_at = db_col_int64(st, 8);
	q->erased = db_col_int64(st, 9) != 0;
	q->lang = mat_lang_parse(db_col_text(st, 10));
	q->material_title = db_col_dup(st, a, 11);
	return 0;
}

int
mat_request_get(struct db *db, struct arena *a, int64_t id,
    struct mat_request_row *out)
{
	memset(out, 0, sizeof(*out));
	return db_row(db, a, REQ_SELECT "WHERE q.id = ?1", DB_ARGS(db_int(id)),
	    request_row, out);
}

int
mat_requests_recent(struct db *db, struct arena *a, int64_t since,
    int64_t region, int64_t owner, struct mat_request_row **out, size_t *n)
{
	/* The materials the user handles (materials_may_edit()): their
	 * region's, or their own. */
	*out = db_rows(db, a, REQ_SELECT "WHERE (q.status = 'pending' OR "
	    "q.decided_at >= ?1) AND (?2 = 0 OR m.region_id = ?2 OR "
	    "m.owner_id = ?3) " "ORDER BY q.created_at, q.id", DB_ARGS(db_int(since),
	    db_int(region), db_int(owner)), request_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
mat_requests_pending(struct db *db, int64_t region, int64_t owner, int64_t *n)
{
	return db_int64(db, "SELECT count(*) FROM material_request q JOIN "
	    "material m ON m.id = q.material_id WHERE q.status = 'pending' AND "
	    "(?1 = 0 OR m.region_id = ?1 OR m.owner_id = ?2)",
	    DB_ARGS(db_int(region), db_int(owner)), n) < 0 ? -1 : 0;
}

int
mat_request_waiting(struct db *db, int64_t material, const char *email)
{
	int64_t one;

	return db_int64(db, "SELECT 1 FROM material_request WHERE "
	    "material_id = ?1 AND email = ?2 AND status = 'pending'",
	    DB_ARGS(db_int(material), db_text(email)), &one);
}

int
mat_request_insert(struct db *db, int64_t material,
    const struct mat_request_row *q, int64_t now)
{
	return db_run(db, "INSERT INTO material_request (material_id, name, "
	    "organisation, email, purpose, lang, status, created_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7)", DB_ARGS(db_int(material),
	    db_text(q->name), db_text(q->organisation), db_text(q->email),
	    db_text(q->purpose), db_text(lang_code(q->lang)), db_int(now)),
	    NULL) == 0 ? 0 : -1;
}

int
mat_request_decide(struct db *db, int64_t id,
    enum mat_request_status status, int64_t actor, int64_t now)
{
	int64_t changed;

	if (db_run(db, "UPDATE material_request SET status = ?2, "
	    "decided_by = ?3, decided_at = ?4 WHERE id = ?1 AND status = "
	    "'pending'", DB_ARGS(db_int(id),
	    db_text(mat_request_status_names[status]), db_int(actor),
	    db_int(now)), &changed) != 0)
		return -1;
	return changed == 1 ? 0 : DB_MISSING;
}

int
mat_grant_insert(struct db *db, int64_t request, int64_t material,
    const char *hash, int64_t expires, int64_t now)
{
	return db_run(db, "INSERT INTO material_grant (request_id, "
	    "material_id, token_hash, expires_at, max_uses, created_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6)", DB_ARGS(db_int(request),
	    db_int(material), db_text(hash), db_int(expires),
	    db_int(MAT_LINK_USES), db_int(now)), NULL) == 0 ? 0 : -1;
}

/* The owner's address and language from the auth module's cards. */
int
mat_owner_contact(struct db *db, struct arena *a, int64_t owner,
    const char **email, enum lang *l)
{
	struct account_card c;

	if (account_cards(db, a, &owner, 1, &c) != 0)
		return -1;
	if (c.id == 0 || !c.active)
		return DB_MISSING;
	*email = c.email;
	*l = mat_lang_parse(c.lang);
	return 0;
}

int
mat_event_title(struct db *db, struct arena *a, enum lang l, int64_t event,
    const char **title)
{
	struct event_label e;

	if (events_labels(db, a, &event, 1, &e) != 0)
		return -1;
	if (e.id == 0)
		return DB_MISSING;
	*title = arena_strdup(a, event_name(l, &e));
	return 0;
}

/* A download link's counts (material_grant). */
struct grant_row {
	int64_t id, material, uses, max, expires, started, resumes;
};

static int
grant_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct grant_row *g = out;

	(void)a;
	db_cols(st, NULL, 0, DB_COLS(db_as_int(&g->id),
	    db_as_int(&g->material), db_as_int(&g->uses), db_as_int(&g->max),
	    db_as_int(&g->expires), db_as_int(&g->started),
	    db_as_int(&g->resumes)));
	return 0;
}

#define GRANT_SELECT "SELECT id, material_id, uses, max_uses, expires_at, " \
	"COALESCE(started_at, 0), resumes FROM material_grant "

int
mat_grant_get(struct db *db, const char *hash, int64_t *id,
    int64_t *material, int64_t *expires, int64_t *uses_left)
{
	struct grant_row g;
	int rc;

	rc = db_row(db, NULL, GRANT_SELECT "WHERE token_hash = ?1",
	    DB_ARGS(db_text(hash)), grant_row, &g);
	if (rc == 0) {
		*id = g.id;
		*material = g.material;
		*expires = g.expires;
		*uses_left = g.max - g.uses;
	}
	return rc;
}

int
mat_in_event(struct db *db, struct arena *a, int64_t event, int64_t id)
{
	int64_t *ids;
	size_t n, i;

	if (mat_ids_for_event(db, a, event, &ids, &n) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return 0;
	return DB_MISSING;
}

/* --- retention --- */

#define DAY 86400

int
materials_retention_run(struct db *db, int64_t now, unsigned days, int64_t *n)
{
	int64_t cutoff = now - (int64_t)days * DAY, count;

	if (n != NULL)
		*n = 0;
	if (days == 0 || db_begin(db) != 0)
		return -1;
	if (db_int64(db, "SELECT count(*) FROM material_request WHERE "
	    "erased_at IS NULL AND COALESCE(decided_at, created_at) < ?1",
	    DB_ARGS(db_int(cutoff)), &count) != 0 ||
	/* A request nobody decided within the period is closed unanswered:
	 * its address is about to go, so no answer could reach it. */
	    db_run(db, "UPDATE material_request SET name = '', "
	    "organisation = '', email = '', purpose = '', erased_at = ?2, "
	    "status = CASE WHEN status = 'pending' THEN 'declined' ELSE status "
	    "END, decided_at = COALESCE(decided_at, ?2) WHERE erased_at IS NULL "
	    "AND COALESCE(decided_at, created_at) < ?1",
	    DB_ARGS(db_int(cutoff), db_int(now)), NULL) != 0 ||
	/* The download log keeps its counts but forgets who, like the audit
	 * log forgets addresses. */
	    db_run(db, "UPDATE material_download SET account_id = NULL, "
	    "registration_id = NULL, grant_id = NULL WHERE at < ?1 AND "
	    "(account_id IS NOT NULL OR registration_id IS NOT NULL OR "
	    "grant_id IS NOT NULL)", DB_ARGS(db_int(cutoff)), NULL) != 0 ||
	    db_run(db, "DELETE FROM material_grant WHERE expires_at < ?1",
	    DB_ARGS(db_int(cutoff)), NULL) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	if (n != NULL)
		*n = count;
	return 0;
}

int
materials_retention_job(struct db *db, int64_t now)
{
	int64_t n;

	if (materials_retention_run(db, now, config_get()->retention_days,
	    &n) != 0)
		return -1;
	if (n > 0)
		log_info("retention: %lld material requests blanked", (long long)n);
	return 0;
}

/* --- the material form's save and choices --- */

static int
add_link(struct db *db, int64_t id, enum mat_target_type type,
    int64_t target, int pos)
{
	return db_run(db, "INSERT INTO material_link (material_id, target_type, "
	    "target_id, position) VALUES (?1, ?2, ?3, ?4)", DB_ARGS(db_int(id),
	    db_text(mat_target_types[type]), db_int(target), db_int(pos)),
	    NULL) == 0 ? 0 : -1;
}

int64_t
mat_save(struct db *db, int64_t id, int64_t region, int64_t owner,
    const struct mat_form *f, int64_t now)
{
	const char *url = strcmp(f->kind, "link") == 0 ? f->url : "";

	if (id == 0 ? db_insert(db, "INSERT INTO material (region_id, kind, "
	    "title, description, lang, author, licence, topic, access, url, "
	    "owner_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING id",
	    DB_ARGS(db_int(region), db_text(f->kind), db_text(f->title),
	    db_text(f->description), db_text(f->lang), db_text(f->author),
	    db_text(f->licence), db_text(f->topic), db_text(f->access),
	    db_text(url), db_id_or_null(owner), db_int(now)), &id) != 0 :
	    /* Kind and owner stay as they are. */
	    db_run(db, "UPDATE material SET title = ?2, description = ?3, "
	    "lang = ?4, author = ?5, licence = ?6, topic = ?7, access = ?8, "
	    "url = CASE WHEN kind = 'link' THEN ?9 ELSE url END, "
	    "updated_at = ?10 WHERE id = ?1", DB_ARGS(db_int(id),
	    db_text(f->title), db_text(f->description), db_text(f->lang),
	    db_text(f->author), db_text(f->licence), db_text(f->topic),
	    db_text(f->access), db_text(url), db_int(now)), NULL) != 0)
		return -1;
	if (db_run(db, "DELETE FROM material_link WHERE material_id = ?1 AND "
	    "target_type IN ('library', 'event', 'agenda_item', 'workspace')",
	    DB_ARGS(db_int(id)), NULL) != 0 ||
	    (f->library && add_link(db, id, MAT_TARGET_LIBRARY, 0, 0) != 0) ||
	    (f->event && add_link(db, id, MAT_TARGET_EVENT, f->event,
	    1) != 0) ||
	    (f->agenda_item && add_link(db, id, MAT_TARGET_AGENDA_ITEM,
	    f->agenda_item, 2) != 0) ||
	    (f->workspace && add_link(db, id, MAT_TARGET_WORKSPACE,
	    f->workspace, 3) != 0) || mat_event_links_refresh(db, id) != 0)
		return -1;
	return id;
}

int
mat_event_links_refresh(struct db *db, int64_t id)
{
	return db_run(db, "DELETE FROM material_event_link WHERE "
	    "material_id = ?1", DB_ARGS(db_int(id)), NULL) != 0 ||
	    db_run(db, "INSERT INTO material_event_link (material_id, "
	    "target_type, target_id, updated_at, visitors) SELECT m.id, "
	    "ml.target_type, ml.target_id, m.updated_at, CASE WHEN m.access "
	    "<> 'staff' THEN 1 ELSE 0 END FROM material m JOIN material_link ml "
	    "ON ml.material_id = m.id WHERE m.id = ?1 AND ml.target_type IN "
	    "('event', 'agenda_item')", DB_ARGS(db_int(id)), NULL) != 0 ||
	    db_run(db, "UPDATE material SET in_library = CASE WHEN EXISTS "
	    "(SELECT 1 FROM material_link ml WHERE ml.material_id = ?1 AND "
	    "ml.target_type IN ('library', 'event', 'agenda_item')) THEN 1 "
	    "ELSE 0 END WHERE id = ?1", DB_ARGS(db_int(id)), NULL) != 0 ?
	    -1 : 0;
}

/* Options from the events module's labels, each an event's title or,
 * with items, "<event>: <item>", picked in l. */
static struct mat_option *
options_of(struct arena *a, enum lang l, const struct event_label *e,
    size_t n, bool items)
{
	struct mat_option *o = arena_calloc(a, n ? n : 1, sizeof(*o));
	const char *t[LANG_COUNT];
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < LANG_COUNT; k++)
			t[k] = !items ? e[i].event_titles[k] : arena_printf(a,
			    "%s: %s", e[i].event_titles[k], e[i].item_titles[k]);
		o[i].id = e[i].id;
		o[i].label = arena_strdup(a, i18n_pick(l, t[LANG_FI],
		    t[LANG_SV], t[LANG_EN], NULL));
	}
	return o;
}

/* A region's events with drafts (the form's, limited to the region by
 * the events module). */
int
mat_event_choices(struct db *db, struct arena *a, enum lang l, int64_t region,
    struct mat_option **out, size_t *n)
{
	struct event_label *e = events_choices(db, a, region, 200, n);

	if (e == NULL)
		return -1;
	*out = options_of(a, l, e, *n, false);
	return 0;
}

int
mat_item_choices(struct db *db, struct arena *a, enum lang l, int64_t region,
    struct mat_option **out, size_t *n)
{
	struct event_label *e = events_item_choices(db, a, region, 500, n);

	if (e == NULL)
		return -1;
	*out = options_of(a, l, e, *n, true);
	return 0;
}

/* The programme's workspaces (workspaces_source); who works on which is
 * policy_works_on()'s to say. */
int
mat_workspace_choices(struct db *db, struct arena *a, enum lang l,
    const struct user *u, struct mat_option **out, size_t *n)
{
	struct mat_workspace *w;
	size_t i, k = 0, nrows;

	if (workspaces(db, a, l, NULL, 0, &w, &nrows) != 0)
		return -1;
	*out = arena_calloc(a, nrows ? nrows : 1, sizeof(**out));
	for (i = 0; i < nrows; i++)
		if (policy_works_on(u, w[i].code, w[i].region_id)) {
			(*out)[k].id = w[i].id;
			(*out)[k++].label = arena_printf(a, "%s %lld",
			    w[i].name, (long long)w[i].year);
		}
	*n = k;
	return 0;
}

int
mat_version_insert(struct db *db, int64_t material, const char *sha,
    uint64_t size, const char *mime, const char *filename, const char *note,
    int64_t actor, int64_t now, int64_t *number)
{
	if (db_int64(db, "SELECT COALESCE(max(number), 0) + 1 FROM "
	    "material_version WHERE material_id = ?1", DB_ARGS(db_int(material)),
	    number) != 0)
		return -1;
	return db_run(db, "INSERT INTO material_version (material_id, number, "
	    "sha256, size, mime, filename, note, preview_state, created_by, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	    DB_ARGS(db_int(material), db_int(*number), db_text(sha),
	    db_int(size), db_text(mime), db_text(filename), db_text(note),
	    db_text(strcmp(mime, "application/pdf") == 0 ? "pending" : "none"),
	    db_int(actor), db_int(now)), NULL) != 0 ||
	    db_run(db, "UPDATE material SET updated_at = ?2 WHERE id = ?1",
	    DB_ARGS(db_int(material), db_int(now)), NULL) != 0 ||
	    db_run(db, "UPDATE material_event_link SET updated_at = ?2 WHERE "
	    "material_id = ?1", DB_ARGS(db_int(material), db_int(now)),
	    NULL) != 0 ? -1 : 0;
}

/* --- the library --- */

/*
 * A library card's columns, no more (issue 13: the full MAT_SELECT, with
 * the owner's name, the version count and every text, was half of the
 * library's query at 100 times the demo data): what the card shows and,
 * for a search only (parameter number p is 1), the description it
 * matches.  The newest version's size and MIME type (its type) are read
 * for the page's cards afterwards (lib_versions()): joined here, they made
 * PostgreSQL's generic plan read every material of the keyset range and
 * hash-join their versions.
 */
#define LIB_SELECT(p) "SELECT m.id, m.kind, m.title, " \
	"CASE WHEN ?" p " = 1 THEN m.description ELSE '' END, m.lang, m.topic, " \
	"m.access, m.updated_at FROM material m "

static int
lib_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct material *m = out;

	memset(m, 0, sizeof(*m));
	m->id = db_col_int64(st, 0);
	m->is_link = strcmp(db_col_text(st, 1), "link") == 0;
	m->title = db_col_dup(st, a, 2);
	m->description = db_col_dup(st, a, 3);
	m->lang = mat_lang_parse(db_col_text(st, 4));
	m->topic = db_col_dup(st, a, 5);
	m->access = mat_access_parse(db_col_text(st, 6));
	m->updated_at = db_col_int64(st, 7);
	m->author = m->licence = m->url = "";
	return 0;
}

/* A file's newest version as a card shows it. */
struct lib_version {
	int64_t material_id, id, size;
	const char *mime;
};

static int
lib_version_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct lib_version *v = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&v->material_id),
	    db_as_int(&v->id), db_as_int(&v->size), db_as_str(&v->mime)));
	return 0;
}

/* The newest version of each file of the cards v[0..n): one statement of
 * primary-key lookups a page (links have none to read).  0 or -1. */
static int
lib_versions(struct db *db, struct arena *a, struct material *v, size_t n)
{
	struct lib_version *x;
	int64_t *ids;
	size_t i, k = 0;

	ids = arena_calloc(a, n ? n : 1, sizeof(*ids));
	x = arena_calloc(a, n ? n : 1, sizeof(*x));
	for (i = 0; i < n; i++)
		if (!v[i].is_link)
			ids[k++] = v[i].id;
	if (k == 0)
		return 0;
	if (db_rows_at_ids(db, a, "SELECT v.material_id, v.id, v.size, "
	    "v.mime FROM material_version v WHERE v.material_id IN (" DB_IDS
	    ") AND v.number = (SELECT max(number) FROM material_version y "
	    "WHERE y.material_id = v.material_id)", ids, k, lib_version_row,
	    sizeof(*x), offsetof(struct lib_version, material_id), x) != 0)
		return -1;
	for (i = 0, k = 0; i < n; i++) {
		if (v[i].is_link)
			continue;
		if (x[k].material_id != 0) {
			v[i].has_file = true;
			v[i].cur.id = x[k].id;
			v[i].cur.size = x[k].size;
			v[i].cur.mime = x[k].mime;
		}
		k++;
	}
	return 0;
}

/*
 * The library's conditions: listed (attached to the library, an event or
 * an agenda item: in_library, which the keyset index holds), what the
 * viewer may see, language, topic and type (a
 * link or a file without a version, or a file whose newest version's MIME
 * type is like ?5).  The LIKE sits inside an OR: as a condition of its
 * own, SQLite marks the statement to be compiled again whenever ?5 is
 * bound (for its LIKE optimisation), which was 40 % of the demo's page.
 */
#define LIB_NEWEST "v.number = (SELECT max(number) FROM material_version y " \
	"WHERE y.material_id = m.id)"
#define LIB_WHERE "WHERE m.in_library = 1 AND (?1 = 1 OR m.access <> " \
	"'staff') " \
	"AND (m.lang = ?2 OR ?2 IS NULL) AND (m.topic = ?3 OR ?3 IS NULL) " \
	"AND (?4 = 0 OR (?4 = 1 AND (m.kind = 'link' OR NOT EXISTS (SELECT 1 " \
	"FROM material_version v WHERE v.material_id = m.id))) OR (?4 = 2 AND " \
	"m.kind <> 'link' AND EXISTS (SELECT 1 FROM material_version v WHERE " \
	"v.material_id = m.id AND " LIB_NEWEST " AND (?5 IS NULL OR " \
	"v.mime LIKE ?5)))) "
#define LIB_RANGE(order) LIB_SELECT("11") LIB_WHERE \
	"AND (m.updated_at, m.id) > (?6, ?7) AND (m.updated_at, m.id) < " \
	"(?8, ?9) ORDER BY m.updated_at " order ", m.id " order " LIMIT ?10"
/* Rows read at a time while a search fills a page. */
#define LIB_BATCH 100

/* The arguments ?1 to ?5 of LIB_WHERE. */
struct lib_args {
	int64_t staff, type;
	const char *lang, *topic, *mime;
};

static struct lib_args
lib_args(const struct mat_library_query *q)
{
	struct lib_args x = { q->staff ? 1 : 0, 0,
	    q->lang[0] ? q->lang : NULL, q->topic[0] ? q->topic : NULL, NULL };
	size_t t;

	for (t = 0; t < MAT_TYPE_OTHER && q->type[0]; t++)
		if (strcmp(q->type, mat_type_names[t]) == 0) {
			x.mime = mat_type_mime_like((enum mat_type)t);
			x.type = x.mime != NULL ? 2 : 1;
		}
	return x;
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

static int
cmp_new(const void *x, const void *y)
{
	return cmp_old(y, x);
}

/*
 * The library rows of an event's materials (mat_ids_for_event()) that
 * pass the filters, newest first: IDS_CHUNK ids a statement, as the
 * parameters ?7 to ?26 after LIB_WHERE's and the search's (so not through
 * db_rows_ids(), whose ids come first).  The vector with *n set, or NULL.
 */
#define IDS_CHUNK DB_IDS_CHUNK
static struct material *
lib_event_rows(struct db *db, struct arena *a,
    const struct mat_library_query *q, size_t *n)
{
	struct lib_args x = lib_args(q);
	struct db_arg args[6 + IDS_CHUNK];
	struct material *v, *rows;
	int64_t *ids;
	size_t nids, c, j, m, i, cap = 0;

	if (mat_ids_for_event(db, a, q->event, &ids, &nids) != 0)
		return NULL;
	args[0] = db_int(x.staff);
	args[1] = db_text(x.lang);
	args[2] = db_text(x.topic);
	args[3] = db_int(x.type);
	args[4] = db_text(x.mime);
	args[5] = db_int(q->keep != NULL);
	v = arena_calloc(a, 1, sizeof(*v));
	*n = 0;
	for (c = 0; c < nids; c += IDS_CHUNK) {
		for (j = 0; j < IDS_CHUNK; j++)
			args[6 + j] = db_int(c + j < nids ? ids[c + j] : 0);
		rows = db_rows(db, a, LIB_SELECT("6") LIB_WHERE "AND m.id IN "
		    "(?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
		    "?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)", args,
		    6 + IDS_CHUNK, lib_row, sizeof(*rows), &m);
		if (rows == NULL)
			return NULL;
		for (i = 0; i < m; i++) {
			v = arena_grow(a, v, *n, &cap, sizeof(*v));
			v[(*n)++] = rows[i];
		}
	}
	qsort(v, *n, sizeof(*v), cmp_new);
	return v;
}

/*
 * An event's materials or the title order: the filtered set (an event's
 * materials are few; the title order needs them all), ordered and cut at
 * the cursor's row in C.
 */
static int
lib_whole(struct db *db, struct arena *a, const struct mat_library_query *q,
    struct material **out, size_t *n, bool *more, bool *prev)
{
	struct lib_args x = lib_args(q);
	struct material *v;
	size_t nv, i, k = 0, at = 0, from, to;

	v = q->event != 0 ? lib_event_rows(db, a, q, &nv) :
	    db_rows(db, a, LIB_SELECT("6") LIB_WHERE "ORDER BY m.updated_at "
	    "DESC, m.id DESC", DB_ARGS(db_int(x.staff), db_text(x.lang),
	    db_text(x.topic), db_int(x.type), db_text(x.mime),
	    db_int(q->keep != NULL)), lib_row, sizeof(*v), &nv);
	if (v == NULL)
		return -1;
	for (i = 0; i < nv; i++)
		if (q->keep == NULL || q->keep(&v[i], q->ctx))
			v[k++] = v[i];
	if (q->sort == MAT_SORT_TITLE)
		qsort(v, k, sizeof(*v), cmp_title);
	else if (q->sort == MAT_SORT_OLD)
		qsort(v, k, sizeof(*v), cmp_old);
	/* The cursor's row; gone since the link was made: the first page. */
	for (i = 0; i < k && q->dir != MAT_PAGE_FIRST; i++)
		if (v[i].id == q->cursor_id) {
			at = q->dir == MAT_PAGE_AFTER ? i + 1 : i;
			break;
		}
	if (q->dir == MAT_PAGE_BEFORE && i < k) {
		to = at;
		from = to > q->limit ? to - q->limit : 0;
	} else {
		from = i < k ? at : 0;
		to = from + q->limit < k ? from + q->limit : k;
	}
	*out = v + from;
	*n = to - from;
	*more = to < k;
	*prev = from > 0;
	return lib_versions(db, a, *out, *n);
}

int
mat_library_page(struct db *db, struct arena *a,
    const struct mat_library_query *q, struct material **out, size_t *n,
    bool *more, bool *prev)
{
	struct lib_args x;
	struct material *v, *page;
	int64_t lo_u = INT64_MIN, lo_i = 0, hi_u = INT64_MAX, hi_i = INT64_MAX;
	size_t nv, i, k = 0, want = q->limit + 1;
	bool asc, reversed;

	if (q->event != 0 || q->sort == MAT_SORT_TITLE)
		return lib_whole(db, a, q, out, n, more, prev);
	x = lib_args(q);
	/* Newest first runs descending; the page before a cursor is read
	 * the other way and turned round. */
	reversed = q->dir == MAT_PAGE_BEFORE;
	asc = (q->sort == MAT_SORT_OLD) != reversed;
	if (q->dir != MAT_PAGE_FIRST) {
		if (asc) {
			lo_u = q->cursor_updated;
			lo_i = q->cursor_id;
		} else {
			hi_u = q->cursor_updated;
			hi_i = q->cursor_id;
		}
	}
	page = arena_calloc(a, want, sizeof(*page));
	/* In batches along the index until the page and one more row are
	 * found: without a search the first batch is the page. */
	for (;;) {
		v = db_rows(db, a, asc ? LIB_RANGE("ASC") : LIB_RANGE("DESC"),
		    DB_ARGS(db_int(x.staff), db_text(x.lang), db_text(x.topic),
		    db_int(x.type), db_text(x.mime), db_int(lo_u), db_int(lo_i),
		    db_int(hi_u), db_int(hi_i),
		    db_int(q->keep != NULL ? LIB_BATCH : (int64_t)want),
		    db_int(q->keep != NULL)), lib_row, sizeof(*v), &nv);
		if (v == NULL)
			return -1;
		for (i = 0; i < nv && k < want; i++)
			if (q->keep == NULL || q->keep(&v[i], q->ctx))
				page[k++] = v[i];
		if (k == want || nv < (q->keep != NULL ? LIB_BATCH : want))
			break;
		if (asc) {
			lo_u = v[nv - 1].updated_at;
			lo_i = v[nv - 1].id;
		} else {
			hi_u = v[nv - 1].updated_at;
			hi_i = v[nv - 1].id;
		}
	}
	*n = k < q->limit ? k : q->limit;
	/* The extra row is beyond the page in the reading direction.  A
	 * page after a cursor has the cursor's row before it. */
	*more = reversed || k > q->limit;
	*prev = reversed ? k > q->limit : q->dir == MAT_PAGE_AFTER;
	if (reversed)
		for (i = 0; i < *n / 2; i++) {
			struct material t = page[i];

			page[i] = page[*n - 1 - i];
			page[*n - 1 - i] = t;
		}
	*out = page;
	return lib_versions(db, a, page, *n);
}

/* A link of a material to an event or an agenda item, as the filter's
 * walk reads them. */
struct event_link {
	bool item;
	int64_t target, updated_at, material;
};

static int
event_link_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct event_link *x = out;

	(void)a;
	x->item = strcmp(db_col_text(st, 0), "agenda_item") == 0;
	db_cols(st, NULL, 1, DB_COLS(db_as_int(&x->target),
	    db_as_int(&x->updated_at), db_as_int(&x->material)));
	return 0;
}

/* The filter's walk: a batch of the newest links before the keyset
 * (?1, ?2), newest first; `cond` narrows it to what visitors see. */
#define EVENT_LINKS(cond) "SELECT target_type, target_id, updated_at, " \
	"material_id FROM material_event_link WHERE " cond "(updated_at, " \
	"material_id) < (?1, ?2) ORDER BY updated_at DESC, material_id DESC, " \
	"target_type DESC, target_id DESC LIMIT ?3"

/* Links read at a time by the filter's walk: a page of choices and more
 * for the events named twice or not listed (one in eight at 100 times
 * the demo data), so that one batch usually fills the filter. */
#define EVENT_LINK_BATCH 32

static int
cmp_event_newest(const void *x, const void *y)
{
	const struct event_label *a = x, *b = y;

	if (a->starts_at != b->starts_at)
		return a->starts_at < b->starts_at ? 1 : -1;
	return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

/* Whether found[0..k) holds event id. */
static bool
event_found(const struct event_label *found, size_t k, int64_t id)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (found[i].id == id)
			return true;
	return false;
}

/*
 * The events of the most recently changed materials, newest event first.
 * Why this order and not the newest events that have a material: those
 * were found by walking every event in time order past the ones without
 * any (at 100 times the demo data 47 events and 12 statements with their
 * agenda items for 20 choices, 70 % of the library's time), a cost that
 * follows how sparse materials are among events.  The newest materials'
 * links are read along material_event_link's index (for visitors its
 * part for materials visitors see), a choice in nearly every row; then
 * the events' labels (and, for links to agenda items, the items' events)
 * twenty at a time until `limit` are found.  A material's links come in
 * the index's order, so when the last choice has to be one of a
 * material's several events, it is the one with the highest id.  For
 * visitors (staff false) only events anyone may see listed (public, not
 * drafts).
 */
int
mat_events_with_materials(struct db *db, struct arena *a, enum lang l,
    bool staff, size_t limit, struct mat_option **out, size_t *n)
{
	int64_t before = INT64_MAX, before_id = INT64_MAX;
	int64_t ids[DB_IDS_CHUNK], items[DB_IDS_CHUNK];
	struct event_label lab[DB_IDS_CHUNK], *found;
	struct event_link *v;
	size_t nv, i, j, m, k = 0, nids;
	bool any_item;

	found = arena_calloc(a, limit ? limit : 1, sizeof(*found));
	while (k < limit) {
		/* Two statements, not (?1 = 1 OR visitors = 1): the
		 * visitors' one is what lets the planner take the partial
		 * index. */
		v = db_rows(db, a, staff ? EVENT_LINKS("") :
		    EVENT_LINKS("visitors = 1 AND "), DB_ARGS(db_int(before),
		    db_int(before_id), db_int(EVENT_LINK_BATCH)), event_link_row,
		    sizeof(*v), &nv);
		if (v == NULL)
			return -1;
		/* A full batch may end inside the last material's links: they
		 * are read again with the next batch, unless the material
		 * filled the batch alone (a material on more events than a
		 * batch offers a batch of them). */
		m = nv;
		if (nv == EVENT_LINK_BATCH)
			while (m > 0 && v[m - 1].material == v[nv - 1].material)
				m--;
		if (m == 0)
			m = nv;
		for (i = 0; i < m && k < limit; i += nids) {
			/* A statement's links, no more than the choices still
			 * wanted (a full batch's second statement read twelve
			 * events for the two or three missing): the items'
			 * events first. */
			nids = m - i < DB_IDS_CHUNK ? m - i : DB_IDS_CHUNK;
			if (nids > limit - k)
				nids = limit - k;
			for (j = 0, any_item = false; j < nids; j++) {
				items[j] = v[i + j].item ? v[i + j].target : 0;
				any_item = any_item || v[i + j].item;
			}
			if (any_item && events_item_labels(db, a, items, nids,
			    lab) != 0)
				return -1;
			for (j = 0; j < nids; j++)
				ids[j] = v[i + j].item ? lab[j].event_id :
				    v[i + j].target;
			if (events_labels(db, a, ids, nids, lab) != 0)
				return -1;
			for (j = 0; j < nids && k < limit; j++)
				if (lab[j].id != 0 && (staff ||
				    (lab[j].status != EVENT_STATUS_DRAFT &&
				    lab[j].audience == AUDIENCE_PUBLIC)) &&
				    !event_found(found, k, lab[j].id))
					found[k++] = lab[j];
		}
		if (nv < EVENT_LINK_BATCH)
			break;
		before = v[m - 1].updated_at;
		before_id = v[m - 1].material;
	}
	qsort(found, k, sizeof(*found), cmp_event_newest);
	*out = options_of(a, l, found, k, false);
	*n = k;
	return 0;
}

/* --- download links --- */

int
mat_grant_use(struct db *db, int64_t grant, int64_t now, enum mat_use kind,
    bool *counted)
{
	struct grant_row u;
	bool window;
	int rc;

	*counted = false;
	rc = db_row(db, NULL, GRANT_SELECT "WHERE id = ?1",
	    DB_ARGS(db_int(grant)), grant_row, &u);
	if (rc != 0)
		return rc == DB_MISSING ? 1 : -1;
	if (u.expires <= now)
		return 1;
	/* The download the link started last is still going on. */
	window = u.started > 0 && now - u.started < MAT_LINK_RESUME_WINDOW;
	if (kind == MAT_USE_NONE)
		return u.uses < u.max || window ? 0 : 1;
	if (kind == MAT_USE_RESUME && window && u.resumes < MAT_LINK_RESUMES)
		return db_run(db, "UPDATE material_grant SET resumes = "
		    "resumes + 1 WHERE id = ?1", DB_ARGS(db_int(grant)),
		    NULL) == 0 ? 0 : -1;
	/* A start, or a resume that is not one of the last download's. */
	if (u.uses >= u.max)
		return 1;
	if (db_run(db, "UPDATE material_grant SET uses = uses + 1, "
	    "started_at = ?2, resumes = 0 WHERE id = ?1",
	    DB_ARGS(db_int(grant), db_int(now)), NULL) != 0)
		return -1;
	*counted = true;
	return 0;
}

/* --- previews --- */

static int
pending_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct mat_pending_preview *p = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&p->id), db_as_str(&p->sha256)));
	return 0;
}

int
mat_previews_pending(struct db *db, struct arena *a, int64_t max,
    struct mat_pending_preview **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT id, sha256 FROM material_version WHERE "
	    "preview_state = 'pending' ORDER BY id LIMIT ?1",
	    DB_ARGS(db_int(max)), pending_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
mat_preview_set(struct db *db, int64_t version, const char *state,
    const char *sha)
{
	return db_run(db, "UPDATE material_version SET preview_state = ?2, "
	    "preview_sha256 = ?3 WHERE id = ?1", DB_ARGS(db_int(version),
	    db_text(state), db_text(sha)), NULL) == 0 ? 0 : -1;
}

/*
 * data.c - the materials' rows: prepared statements that copy into the
 * request's arena.  A library has tens or hundreds of materials, so lists
 * are read whole and filtered by the policy and the search in C.
 */
#include <string.h>

#include "db/rows.h"
#include "materials/materials.h"

#define MAT_SELECT "SELECT m.id, m.region_id, m.kind, m.title, " \
	"m.description, m.lang, m.author, m.licence, m.topic, m.access, " \
	"m.url, COALESCE(m.owner_id, 0), COALESCE(a.name, ''), m.created_at, " \
	"m.updated_at, v.id, v.number, v.sha256, v.size, v.mime, v.filename, " \
	"v.note, v.preview_state, v.preview_sha256, v.created_at, " \
	"(SELECT count(*) FROM material_version x WHERE x.material_id = m.id) " \
	"FROM material m LEFT JOIN account a ON a.id = m.owner_id " \
	"LEFT JOIN material_version v ON v.material_id = m.id AND v.number = " \
	"(SELECT max(number) FROM material_version y WHERE y.material_id = m.id) "

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
	v->preview_state = db_col_dup(st, a, c + 7);
	v->preview_sha256 = db_col_is_null(st, c + 8) ? NULL :
	    db_col_dup(st, a, c + 8);
	v->created_at = db_col_int64(st, c + 9);
}

static void
mat_row(struct db_stmt *st, struct arena *a, struct material *m)
{
	memset(m, 0, sizeof(*m));
	m->id = db_col_int64(st, 0);
	m->region_id = db_col_int64(st, 1);
	m->kind = db_col_dup(st, a, 2);
	m->title = db_col_dup(st, a, 3);
	m->description = db_col_dup(st, a, 4);
	m->lang = db_col_dup(st, a, 5);
	m->author = db_col_dup(st, a, 6);
	m->licence = db_col_dup(st, a, 7);
	m->topic = db_col_dup(st, a, 8);
	m->access = db_col_dup(st, a, 9);
	m->url = db_col_dup(st, a, 10);
	m->owner_id = db_col_int64(st, 11);
	m->owner_name = db_col_dup(st, a, 12);
	m->created_at = db_col_int64(st, 13);
	m->updated_at = db_col_int64(st, 14);
	m->has_file = !db_col_is_null(st, 15) && strcmp(m->kind, "file") == 0;
	if (m->has_file)
		version_row(st, a, 15, &m->cur);
	m->nversions = db_col_int64(st, 25);
}

int
mat_get(struct db *db, struct arena *a, int64_t id, struct material *m)
{
	struct db_stmt *st = db_prepare(db, MAT_SELECT "WHERE m.id = ?1");
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		mat_row(st, a, m);
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int
mat_list(struct db *db, struct arena *a, struct material **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, MAT_SELECT
	    "ORDER BY m.updated_at DESC, m.id DESC");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		mat_row(st, a, &(*out)[(*n)++]);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

#define VERSION_SELECT "SELECT id, number, sha256, size, mime, filename, " \
	"note, preview_state, preview_sha256, created_at FROM material_version "

int
mat_versions(struct db *db, struct arena *a, int64_t id,
    struct mat_version **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, VERSION_SELECT
	    "WHERE material_id = ?1 ORDER BY number DESC");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		version_row(st, a, 0, &(*out)[(*n)++]);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
mat_version_get(struct db *db, struct arena *a, int64_t id, int64_t number,
    struct mat_version *out)
{
	struct db_stmt *st = db_prepare(db, VERSION_SELECT
	    "WHERE material_id = ?1 AND number = ?2");
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, number);
	rc = db_step(st);
	if (rc == DB_ROW)
		version_row(st, a, 0, out);
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/*
 * The targets with their labels: one query per known type joined to its
 * table, so that a target that has gone (an event deleted) simply drops
 * out.  An unknown type (from a newer version) is listed without a label.
 */
int
mat_load_targets(struct db *db, struct arena *a, enum lang l,
    struct material *m)
{
	struct db_stmt *st;
	const char *lc = lang_code(l);
	size_t cap = 0;
	int rc;

	m->targets = NULL;
	m->ntargets = 0;
	st = db_prepare(db, "SELECT ml.target_type, ml.target_id, "
	    "COALESCE(e.title_fi, ie.title_fi, mu.name_fi, ''), "
	    "COALESCE(e.title_sv, ie.title_sv, mu.name_sv, ''), "
	    "COALESCE(e.title_en, ie.title_en, mu.name_en, ''), "
	    "COALESCE(i.title_fi, ''), COALESCE(i.title_sv, ''), "
	    "COALESCE(i.title_en, ''), COALESCE(e.id, ie.id, 0), "
	    "COALESCE(w.period_id, 0), COALESCE(w.municipality_code, ''), "
	    "COALESCE(pp.year, 0), "
	    "COALESCE(e.status, ie.status, ''), COALESCE(e.audience, ie.audience, '') "
	    "FROM material_link ml "
	    "LEFT JOIN event e ON ml.target_type = 'event' AND e.id = ml.target_id "
	    "LEFT JOIN agenda_item i ON ml.target_type = 'agenda_item' AND "
	    "i.id = ml.target_id "
	    "LEFT JOIN event ie ON ie.id = i.event_id "
	    "LEFT JOIN workspace w ON ml.target_type = 'workspace' AND "
	    "w.id = ml.target_id "
	    "LEFT JOIN programme_period pp ON pp.id = w.period_id "
	    "LEFT JOIN municipality mu ON mu.code = w.municipality_code "
	    "WHERE ml.material_id = ?1 ORDER BY ml.position, ml.target_type, "
	    "ml.target_id");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, m->id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct mat_target t;
		const char *name = i18n_pick(l, db_col_text(st, 2),
		    db_col_text(st, 3), db_col_text(st, 4), NULL);

		memset(&t, 0, sizeof(t));
		t.type = db_col_dup(st, a, 0);
		t.id = db_col_int64(st, 1);
		t.event_id = db_col_int64(st, 8);
		/* A draft event, or one for the network only, is not named to
		 * visitors (mat_target.for_staff). */
		t.for_staff = strcmp(t.type, "workspace") == 0 ||
		    (t.event_id != 0 && (strcmp(db_col_text(st, 12),
		    "draft") == 0 || strcmp(db_col_text(st, 13), "public") != 0));
		if (strcmp(t.type, "library") == 0) {
			t.label = i18n_text(l, "The materials library");
			t.href = arena_printf(a, "/%s/materials", lc);
		} else if (strcmp(t.type, "event") == 0) {
			if (t.event_id == 0)
				continue;
			t.label = arena_strdup(a, name);
			t.href = arena_printf(a, "/%s/events/%lld", lc,
			    (long long)t.event_id);
		} else if (strcmp(t.type, "agenda_item") == 0) {
			if (t.event_id == 0)
				continue;
			t.label = arena_printf(a, "%s: %s", name,
			    i18n_pick(l, db_col_text(st, 5), db_col_text(st, 6),
			    db_col_text(st, 7), NULL));
			t.href = arena_printf(a, "/%s/events/%lld", lc,
			    (long long)t.event_id);
		} else if (strcmp(t.type, "workspace") == 0) {
			if (db_col_int64(st, 9) == 0)
				continue;
			t.label = arena_printf(a, "%s %s %lld",
			    i18n_text(l, "Sparring workspace:"), name,
			    (long long)db_col_int64(st, 11));
			t.href = arena_printf(a, "/%s/workspaces/%lld/%s", lc,
			    (long long)db_col_int64(st, 9), db_col_text(st, 10));
		} else {
			t.label = t.type;
		}
		m->targets = arena_grow(a, m->targets, m->ntargets, &cap,
		    sizeof(*m->targets));
		m->targets[m->ntargets++] = t;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static int
ids_query(struct db_stmt *st, struct arena *a, int64_t **out, size_t *n)
{
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		(*out)[(*n)++] = db_col_int64(st, 0);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
mat_ids_for_target(struct db *db, struct arena *a, const char *type,
    int64_t id, int64_t **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT material_id FROM "
	    "material_link WHERE target_type = ?1 AND target_id = ?2 "
	    "ORDER BY position, material_id");

	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, type);
	db_bind_int64(st, 2, id);
	return ids_query(st, a, out, n);
}

int
mat_ids_for_event(struct db *db, struct arena *a, int64_t event_id,
    int64_t **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT DISTINCT ml.material_id "
	    "FROM material_link ml LEFT JOIN agenda_item i ON "
	    "ml.target_type = 'agenda_item' AND i.id = ml.target_id "
	    "WHERE (ml.target_type = 'event' AND ml.target_id = ?1) OR "
	    "i.event_id = ?1 ORDER BY ml.material_id");

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, event_id);
	return ids_query(st, a, out, n);
}

static void
bind_id(struct db_stmt *st, int idx, int64_t v)
{
	if (v)
		db_bind_int64(st, idx, v);
	else
		db_bind_null(st, idx);
}

int
mat_log_download(struct db *db, int64_t material, int64_t version,
    const char *via, int64_t account, int64_t registration, int64_t grant,
    int64_t now)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO material_download "
	    "(material_id, version_id, at, via, account_id, registration_id, "
	    "grant_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, material);
	bind_id(st, 2, version);
	db_bind_int64(st, 3, now);
	db_bind_cstr(st, 4, via);
	bind_id(st, 5, account);
	bind_id(st, 6, registration);
	bind_id(st, 7, grant);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
materials_visible_for(struct db *db, struct arena *a, const struct user *u,
    const char *type, int64_t id, struct material **out, size_t *n)
{
	int64_t *ids;
	size_t nids, i, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (strcmp(type, "event") == 0)
		rc = mat_ids_for_event(db, a, id, &ids, &nids);
	else
		rc = mat_ids_for_target(db, a, type, id, &ids, &nids);
	if (rc != 0)
		return -1;
	for (i = 0; i < nids; i++) {
		struct material m;

		if ((rc = mat_get(db, a, ids[i], &m)) < 0)
			return -1;
		if (rc != 0 || !materials_may_see(u, &m))
			continue;
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		(*out)[(*n)++] = m;
	}
	return 0;
}

static int
ref_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct material_ref *m = out;

	m->id = db_col_int64(st, 0);
	m->title = db_col_dup(st, a, 1);
	m->lang = db_col_dup(st, a, 2);
	m->access = db_col_dup(st, a, 3);
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
materials_refs(struct db *db, struct arena *a, struct material_ref **out,
    size_t *n)
{
	*out = db_rows(db, a, REF_SELECT "ORDER BY created_at DESC, id DESC",
	    DB_NOARGS, ref_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

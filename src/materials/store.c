/*
 * store.c - the materials' rows: prepared statements that copy into the
 * request's arena.  The library is read a page at a time, filtered in SQL
 * (issue 13); only the search, which folds the text, is matched in C.
 */
#include <stdlib.h>
#include <string.h>

#include "base/collate.h"
#include "base/log.h"
#include "base/settings.h"

#include "auth/policy.h"
#include "db/rows.h"
#include "http/urls.h"
#include "materials/edit.h"
#include "materials/internal.h"

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
	m->author = db_col_dup(st, a, 6);
	m->licence = db_col_dup(st, a, 7);
	m->topic = db_col_dup(st, a, 8);
	m->access = mat_access_parse(db_col_text(st, 9));
	m->url = db_col_dup(st, a, 10);
	m->owner_id = db_col_int64(st, 11);
	m->owner_name = db_col_dup(st, a, 12);
	m->created_at = db_col_int64(st, 13);
	m->updated_at = db_col_int64(st, 14);
	m->has_file = !db_col_is_null(st, 15) && !m->is_link;
	if (m->has_file)
		version_row(st, a, 15, &m->cur);
	m->nversions = db_col_int64(st, 25);
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

struct targets_ctx {
	struct arena *a;
	enum lang l;
	struct material *m;
	size_t cap;
};

static int
target_row(struct db_stmt *st, void *ctx)
{
	struct targets_ctx *c = ctx;
	struct arena *a = c->a;
	enum lang l = c->l;
	struct mat_target t;
	const char *name = i18n_pick(l, db_col_text(st, 2),
	    db_col_text(st, 3), db_col_text(st, 4), NULL);

	memset(&t, 0, sizeof(t));
	t.type = mat_target_parse(db_col_text(st, 0));
	t.id = db_col_int64(st, 1);
	t.event_id = db_col_int64(st, 8);
	/* A draft event, or one for the network only, is not named to
	 * visitors (mat_target.for_staff). */
	t.for_staff = t.type == MAT_TARGET_WORKSPACE ||
	    (t.event_id != 0 && (strcmp(db_col_text(st, 12),
	    "draft") == 0 || strcmp(db_col_text(st, 13), "public") != 0));
	switch (t.type) {
	case MAT_TARGET_LIBRARY:
		t.label = i18n_text(l, "The materials library");
		t.href = url_for(a, l, "materials.library", NULL);
		break;
	case MAT_TARGET_EVENT:
		if (t.event_id == 0)
			return 0;
		t.label = arena_strdup(a, name);
		t.href = url_for(a, l, "events.page", url_id(a,
		    t.event_id), NULL);
		break;
	case MAT_TARGET_AGENDA_ITEM:
		if (t.event_id == 0)
			return 0;
		t.label = arena_printf(a, "%s: %s", name,
		    i18n_pick(l, db_col_text(st, 5), db_col_text(st, 6),
		    db_col_text(st, 7), NULL));
		t.href = url_for(a, l, "events.page", url_id(a,
		    t.event_id), NULL);
		break;
	case MAT_TARGET_WORKSPACE:
		if (db_col_int64(st, 9) == 0)
			return 0;
		t.label = arena_printf(a, "%s %s %lld",
		    i18n_text(l, "Sparring workspace:"), name,
		    (long long)db_col_int64(st, 11));
		t.href = url_for(a, l, "workspace.page", url_id(a,
		    db_col_int64(st, 9)), db_col_text(st, 10), NULL);
		break;
	case MAT_TARGET_OTHER:
		t.label = db_col_dup(st, a, 0);
		break;
	}
	c->m->targets = arena_grow(a, c->m->targets, c->m->ntargets, &c->cap,
	    sizeof(*c->m->targets));
	c->m->targets[c->m->ntargets++] = t;
	return 0;
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
	struct targets_ctx c = { a, l, m, 0 };

	m->targets = NULL;
	m->ntargets = 0;
	return db_each(db, "SELECT ml.target_type, ml.target_id, "
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
	    "ml.target_id", DB_ARGS(db_int(m->id)), target_row, &c);
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

int
mat_ids_for_event(struct db *db, struct arena *a, int64_t event_id,
    int64_t **out, size_t *n)
{
	/* Two lookups through material_link_target, not an OR across a
	 * join, which read every link (issue 13). */
	*out = db_ints(db, a, "SELECT material_id FROM material_link WHERE "
	    "target_type = 'event' AND target_id = ?1 UNION SELECT "
	    "material_id FROM material_link WHERE target_type = 'agenda_item' "
	    "AND target_id IN (SELECT id FROM agenda_item WHERE event_id = ?1) "
	    "ORDER BY 1", DB_ARGS(db_int(event_id)), n);
	return *out != NULL ? 0 : -1;
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
	size_t nids, i, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (type == MAT_TARGET_EVENT)
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

	q->id = db_col_int64(st, 0);
	q->material_id = db_col_int64(st, 1);
	q->name = db_col_dup(st, a, 2);
	q->organisation = db_col_dup(st, a, 3);
	q->email = db_col_dup(st, a, 4);
	q->purpose = db_col_dup(st, a, 5);
	q->status = mat_request_status_parse(db_col_text(st, 6));
	q->created_at = db_col_int64(st, 7);
	q->decided_at = db_col_int64(st, 8);
	q->erased = db_col_int64(st, 9) != 0;
	if (lang_parse(db_col_text(st, 10), db_col_len(st, 10), &q->lang) != 0)
		q->lang = LANG_FI;
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

struct contact_row {
	const char *email, *lang;
};

static int
contact_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct contact_row *c = out;

	c->email = db_col_dup(st, a, 0);
	c->lang = db_col_dup(st, a, 1);
	return 0;
}

/* The auth module has no read API for an account's address and language
 * without its password hash and scopes, so its table is read here. */
int
mat_owner_contact(struct db *db, struct arena *a, int64_t owner,
    const char **email, enum lang *l)
{
	struct contact_row c;
	int rc;

	*l = LANG_FI;
	rc = db_row(db, a, "SELECT email, lang FROM account WHERE id = ?1 AND "
	    "active = 1 AND erased_at IS NULL", DB_ARGS(db_int(owner)),
	    contact_row, &c);
	if (rc != 0)
		return rc;
	*email = c.email;
	if (lang_parse(c.lang, strlen(c.lang), l) != 0)
		*l = LANG_FI;
	return 0;
}

struct titles_row {
	const char *t[LANG_COUNT];
};

static int
titles_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct titles_row *t = out;
	int l;

	for (l = 0; l < LANG_COUNT; l++)
		t->t[l] = db_col_dup(st, a, l);
	return 0;
}

/* events/events.h has no read API for one event's title. */
int
mat_event_title(struct db *db, struct arena *a, enum lang l, int64_t event,
    const char **title)
{
	struct titles_row t;
	int rc;

	rc = db_row(db, a, "SELECT title_fi, title_sv, title_en FROM event "
	    "WHERE id = ?1", DB_ARGS(db_int(event)), titles_row, &t);
	if (rc == 0)
		*title = arena_strdup(a, i18n_pick(l, t.t[LANG_FI], t.t[LANG_SV],
		    t.t[LANG_EN], NULL));
	return rc;
}

struct grant_row {
	int64_t id, material, expires, uses_left;
};

static int
grant_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct grant_row *g = out;

	(void)a;
	g->id = db_col_int64(st, 0);
	g->material = db_col_int64(st, 1);
	g->expires = db_col_int64(st, 2);
	g->uses_left = db_col_int64(st, 3);
	return 0;
}

int
mat_grant_get(struct db *db, const char *hash, int64_t *id,
    int64_t *material, int64_t *expires, int64_t *uses_left)
{
	struct grant_row g;
	int rc;

	rc = db_row(db, NULL, "SELECT id, material_id, expires_at, "
	    "max_uses - uses FROM material_grant WHERE token_hash = ?1",
	    DB_ARGS(db_text(hash)), grant_row, &g);
	if (rc == 0) {
		*id = g.id;
		*material = g.material;
		*expires = g.expires;
		*uses_left = g.uses_left;
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
	    f->workspace, 3) != 0))
		return -1;
	return id;
}

struct choice_row {
	int64_t id;
	const char *t[LANG_COUNT];
	const char *code;		/* a workspace's municipality */
	int64_t region, year;
};

static int
choice_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct choice_row *c = out;
	int l;

	c->id = db_col_int64(st, 0);
	for (l = 0; l < LANG_COUNT; l++)
		c->t[l] = db_col_dup(st, a, 1 + l);
	return 0;
}

/* Options labelled in l from rows of (id, fi, sv, en). */
static struct mat_option *
options_of(struct arena *a, enum lang l, const struct choice_row *c, size_t n)
{
	struct mat_option *o = arena_calloc(a, n ? n : 1, sizeof(*o));
	size_t i;

	for (i = 0; i < n; i++) {
		o[i].id = c[i].id;
		o[i].label = arena_strdup(a, i18n_pick(l, c[i].t[LANG_FI],
		    c[i].t[LANG_SV], c[i].t[LANG_EN], NULL));
	}
	return o;
}

/*
 * The events module publishes no list of a region's events with drafts
 * (events/events.h lists public ones), so the event and agenda_item
 * tables are read here, limited to the region in the SQL.
 */
int
mat_event_choices(struct db *db, struct arena *a, enum lang l, int64_t region,
    struct mat_option **out, size_t *n)
{
	struct choice_row *c = db_rows(db, a, "SELECT id, title_fi, title_sv, "
	    "title_en FROM event WHERE ?1 = 0 OR region_id = ?1 ORDER BY "
	    "starts_at DESC, id DESC LIMIT 200", DB_ARGS(db_int(region)),
	    choice_row, sizeof(*c), n);

	if (c == NULL)
		return -1;
	*out = options_of(a, l, c, *n);
	return 0;
}

int
mat_item_choices(struct db *db, struct arena *a, enum lang l, int64_t region,
    struct mat_option **out, size_t *n)
{
	struct choice_row *c = db_rows(db, a, "SELECT i.id, e.title_fi || ': ' "
	    "|| i.title_fi, e.title_sv || ': ' || i.title_sv, e.title_en || "
	    "': ' || i.title_en FROM agenda_item i JOIN event e ON e.id = "
	    "i.event_id WHERE ?1 = 0 OR e.region_id = ?1 ORDER BY "
	    "e.starts_at DESC, i.starts_at, i.id LIMIT 500",
	    DB_ARGS(db_int(region)), choice_row, sizeof(*c), n);

	if (c == NULL)
		return -1;
	*out = options_of(a, l, c, *n);
	return 0;
}

static int
workspace_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct choice_row *c = out;

	choice_row(st, a, out);
	c->code = db_col_dup(st, a, 4);
	c->region = db_col_int64(st, 5);
	c->year = db_col_int64(st, 6);
	return 0;
}

/* The programme module publishes no list of workspaces, so its tables
 * are read here; who works on which is policy_works_on()'s to say. */
int
mat_workspace_choices(struct db *db, struct arena *a, enum lang l,
    const struct user *u, struct mat_option **out, size_t *n)
{
	struct choice_row *c;
	size_t i, k = 0, nrows;

	c = db_rows(db, a, "SELECT w.id, m.name_fi, m.name_sv, m.name_en, "
	    "w.municipality_code, m.region_id, p.year FROM workspace w JOIN "
	    "municipality m ON m.code = w.municipality_code JOIN "
	    "programme_period p ON p.id = w.period_id ORDER BY p.year DESC, "
	    "m.name_fi", DB_NOARGS, workspace_row, sizeof(*c), &nrows);
	if (c == NULL)
		return -1;
	*out = arena_calloc(a, nrows ? nrows : 1, sizeof(**out));
	for (i = 0; i < nrows; i++)
		if (policy_works_on(u, c[i].code, c[i].region)) {
			(*out)[k].id = c[i].id;
			(*out)[k++].label = arena_printf(a, "%s %lld",
			    i18n_pick(l, c[i].t[LANG_FI], c[i].t[LANG_SV],
			    c[i].t[LANG_EN], NULL), (long long)c[i].year);
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
	    DB_ARGS(db_int(material), db_int(now)), NULL) != 0 ? -1 : 0;
}

/* --- the library --- */

/*
 * A library card's columns, no more (issue 13: the full MAT_SELECT, with
 * the owner's name, the version count and every text, was half of the
 * library's query at 100 times the demo data): what the card shows, the
 * newest version's size and MIME type (its type) and, for a search only
 * (parameter number p is 1), the description it matches.  v is the newest
 * version, as LIB_WHERE's type filter needs it.
 */
#define LIB_SELECT(p) "SELECT m.id, m.kind, m.title, " \
	"CASE WHEN ?" p " = 1 THEN m.description ELSE '' END, m.lang, m.topic, " \
	"m.access, m.updated_at, v.id, v.size, v.mime FROM material m " \
	"LEFT JOIN material_version v ON v.material_id = m.id AND v.number = " \
	"(SELECT max(number) FROM material_version y WHERE y.material_id = m.id) "

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
	m->author = m->licence = m->url = m->owner_name = "";
	m->has_file = !db_col_is_null(st, 8) && !m->is_link;
	if (m->has_file) {
		m->cur.id = db_col_int64(st, 8);
		m->cur.size = db_col_int64(st, 9);
		m->cur.mime = db_col_dup(st, a, 10);
	}
	return 0;
}

/*
 * The library's conditions: listed (attached to the library, an event or
 * an agenda item), what the viewer may see, language, topic and type (a
 * link, or a file whose newest version's MIME type is like ?5).
 */
#define LIB_WHERE "WHERE EXISTS (SELECT 1 FROM material_link ml WHERE " \
	"ml.material_id = m.id AND ml.target_type IN ('library', 'event', " \
	"'agenda_item')) AND (?1 = 1 OR m.access <> 'staff') " \
	"AND (m.lang = ?2 OR ?2 IS NULL) AND (m.topic = ?3 OR ?3 IS NULL) " \
	"AND (?4 = 0 OR (?4 = 1 AND (m.kind = 'link' OR v.id IS NULL)) OR " \
	"(?4 = 2 AND m.kind <> 'link' AND v.mime LIKE ?5)) "
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

	v = db_rows(db, a, q->event != 0 ? LIB_SELECT("7") LIB_WHERE
	    "AND m.id IN (SELECT material_id FROM material_link WHERE "
	    "target_type = 'event' AND target_id = ?6 UNION SELECT material_id "
	    "FROM material_link WHERE target_type = 'agenda_item' AND "
	    "target_id IN (SELECT id FROM agenda_item WHERE event_id = ?6)) "
	    "ORDER BY m.updated_at DESC, m.id DESC" :
	    LIB_SELECT("7") LIB_WHERE "AND ?6 = 0 ORDER BY m.updated_at DESC, "
	    "m.id DESC", DB_ARGS(db_int(x.staff), db_text(x.lang),
	    db_text(x.topic), db_int(x.type), db_text(x.mime),
	    db_int(q->event), db_int(q->keep != NULL)),
	    lib_row, sizeof(*v), &nv);
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
	return 0;
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
	return 0;
}

/*
 * The events (read from the events module's tables: events/events.h has
 * no such list) with materials, newest first, walking the events in start
 * order until limit have materials: the filter's choices stay a handful
 * however many events the network has held.  For visitors only those
 * public and not drafts, with a material they may see (not one for staff
 * only: the filter would lead to an empty list).  An agenda item's materials are looked up
 * through the event's items (agenda_item_event), never through every
 * agenda item's link: joined the other way round, SQLite read all of them
 * for each event walked.  OFFSET 0 keeps PostgreSQL from turning each
 * EXISTS into a hash of every event's links and every material (a
 * "hashed SubPlan", read whole for each page: O(table) at 100 times the
 * demo data); each is then an index probe for the events walked.
 */
int
mat_events_with_materials(struct db *db, struct arena *a, enum lang l,
    bool staff, size_t limit, struct mat_option **out, size_t *n)
{
	struct choice_row *c = db_rows(db, a, "SELECT e.id, e.title_fi, "
	    "e.title_sv, e.title_en, e.starts_at FROM event e WHERE "
	    "(?1 = 1 OR (e.status <> 'draft' AND e.audience = 'public')) AND "
	    "(EXISTS (SELECT 1 FROM material_link ml JOIN material m ON "
	    "m.id = ml.material_id WHERE ml.target_type = 'event' AND "
	    "ml.target_id = e.id AND (?1 = 1 OR m.access <> 'staff') "
	    "LIMIT 1 OFFSET 0) OR "
	    "EXISTS (SELECT 1 FROM agenda_item i WHERE i.event_id = e.id AND "
	    "EXISTS (SELECT 1 FROM material_link ml JOIN material m ON m.id = "
	    "ml.material_id WHERE ml.target_type = 'agenda_item' AND "
	    "ml.target_id = i.id AND (?1 = 1 OR m.access <> 'staff') "
	    "LIMIT 1 OFFSET 0) LIMIT 1 OFFSET 0)) "
	    "ORDER BY e.starts_at DESC, e.id DESC LIMIT ?2",
	    DB_ARGS(db_int(staff), db_int((int64_t)limit)), choice_row,
	    sizeof(*c), n);

	if (c == NULL)
		return -1;
	*out = options_of(a, l, c, *n);
	return 0;
}

/* --- download links --- */

struct use_row {
	int64_t uses, max, expires, started, resumes;
};

static int
use_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct use_row *u = out;

	(void)a;
	u->uses = db_col_int64(st, 0);
	u->max = db_col_int64(st, 1);
	u->expires = db_col_int64(st, 2);
	u->started = db_col_int64(st, 3);
	u->resumes = db_col_int64(st, 4);
	return 0;
}

int
mat_grant_use(struct db *db, int64_t grant, int64_t now, enum mat_use kind,
    bool *counted)
{
	struct use_row u;
	bool window;
	int rc;

	*counted = false;
	rc = db_row(db, NULL, "SELECT uses, max_uses, expires_at, "
	    "COALESCE(started_at, 0), resumes FROM material_grant WHERE "
	    "id = ?1", DB_ARGS(db_int(grant)), use_row, &u);
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

	p->id = db_col_int64(st, 0);
	p->sha256 = db_col_dup(st, a, 1);
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

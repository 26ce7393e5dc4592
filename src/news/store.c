/*
 * store.c - news posts in the database (see news.h).
 *
 * A page shows ten posts and a feed twenty, so versions are read with one
 * prepared (and cached) statement per post rather than a wider join: it
 * keeps each row simple and the statements portable.  Everything read is
 * copied into the request's arena.
 */
#include <string.h>

#include "news/news.h"

static const char *const lang_codes[LANG_COUNT] = { "fi", "sv", "en" };

#define POST_SELECT "SELECT p.id, p.region_id, COALESCE(p.author_id, 0), " \
	"COALESCE(a.name, ''), COALESCE(a.email, ''), p.status, " \
	"COALESCE(p.publish_at, 0), p.created_at, p.updated_at, " \
	"COALESCE(p.event_id, 0) FROM news_post p LEFT JOIN account a ON " \
	"a.id = p.author_id "

static void
post_row(struct db_stmt *st, struct arena *a, struct news_post *p)
{
	const char *name;

	memset(p, 0, sizeof(*p));
	p->id = db_col_int64(st, 0);
	p->region_id = db_col_int64(st, 1);
	p->author_id = db_col_int64(st, 2);
	/* An account without a name shows its address to staff; an erased
	 * one has neither. */
	name = db_col_text(st, 3);
	p->author = arena_strdup(a, name[0] ? name : db_col_text(st, 4));
	p->published = strcmp(db_col_text(st, 5), "published") == 0;
	p->publish_at = db_col_int64(st, 6);
	p->created_at = db_col_int64(st, 7);
	p->updated_at = db_col_int64(st, 8);
	p->event_id = db_col_int64(st, 9);
}

/* Reads the language versions of the posts.  0 or -1. */
static int
load_versions(struct db *db, struct arena *a, struct news_post *v, size_t n)
{
	struct db_stmt *st;
	size_t i;
	int rc = DB_DONE;

	for (i = 0; i < n; i++) {
		st = db_prepare(db, "SELECT lang, title, lead, body FROM "
		    "news_version WHERE post_id = ?1");
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, v[i].id);
		while ((rc = db_step(st)) == DB_ROW) {
			enum lang l;
			const char *code = db_col_text(st, 0);

			if (lang_parse(code, strlen(code), &l) != 0)
				continue;
			v[i].v[l].title = db_col_dup(st, a, 1);
			v[i].v[l].lead = db_col_dup(st, a, 2);
			v[i].v[l].body = db_col_dup(st, a, 3);
		}
		db_done(st);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

/* Runs a post query with up to three int64 parameters.  0 or -1. */
static int
list_posts(struct db *db, struct arena *a, const char *sql, int nargs,
    const int64_t *args, struct news_post **out, size_t *n)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc, i;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, sql)) == NULL)
		return -1;
	for (i = 0; i < nargs; i++)
		db_bind_int64(st, i + 1, args[i]);
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		post_row(st, a, &(*out)[(*n)++]);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	return load_versions(db, a, *out, *n);
}

/* A post is public once published, its time has come, and it has a
 * version (the schema and the form make sure of the last). */
#define PUBLIC_WHERE "WHERE p.status = 'published' AND p.publish_at <= ?1 " \
	"AND EXISTS (SELECT 1 FROM news_version nv WHERE nv.post_id = p.id) "

int
news_store_count_public(struct db *db, int64_t now, int64_t *n)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT count(*) FROM news_post p " PUBLIC_WHERE);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, now);
	rc = db_step(st);
	*n = rc == DB_ROW ? db_col_int64(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int
news_store_list_public(struct db *db, struct arena *a, int64_t now,
    int64_t offset, int64_t limit, struct news_post **out, size_t *n)
{
	int64_t args[3] = { now, limit, offset };

	return list_posts(db, a, POST_SELECT PUBLIC_WHERE
	    "ORDER BY p.publish_at DESC, p.id DESC LIMIT ?2 OFFSET ?3", 3,
	    args, out, n);
}

int
news_store_list_all(struct db *db, struct arena *a, struct news_post **out,
    size_t *n)
{
	/* Drafts first (they are being worked on), then by publish time. */
	return list_posts(db, a, POST_SELECT "ORDER BY CASE WHEN p.status = "
	    "'draft' THEN 0 ELSE 1 END, p.publish_at DESC, p.updated_at DESC, "
	    "p.id DESC", 0, NULL, out, n);
}

/* The event of a post, titled in l.  0 or -1 (none found is fine). */
static int
load_event(struct db *db, struct arena *a, enum lang l, struct news_post *p)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT title_fi, title_sv, title_en, starts_at, "
	    "CASE WHEN status <> 'draft' AND audience = 'public' THEN 1 ELSE "
	    "0 END FROM event WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, p->event_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		p->event_title = arena_strdup(a, i18n_pick(l, db_col_text(st, 0),
		    db_col_text(st, 1), db_col_text(st, 2),
		    &p->event_title_lang));
		p->event_starts = db_col_int64(st, 3);
		p->event_public = db_col_int64(st, 4) != 0;
	} else
		p->event_id = 0;
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

static int
load_materials(struct db *db, struct arena *a, struct news_post *p)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	st = db_prepare(db, "SELECT m.id, m.title, m.lang, m.access FROM "
	    "news_material nm JOIN material m ON m.id = nm.material_id WHERE "
	    "nm.post_id = ?1 ORDER BY nm.position, m.id");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, p->id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct news_material *m;

		p->materials = arena_grow(a, p->materials, p->nmaterials, &cap,
		    sizeof(*p->materials));
		m = &p->materials[p->nmaterials++];
		m->id = db_col_int64(st, 0);
		m->title = db_col_dup(st, a, 1);
		m->lang = db_col_dup(st, a, 2);
		m->access = db_col_dup(st, a, 3);
		/* Staff-only materials are no business of visitors; the
		 * others have a public page (a download, or a request). */
		m->listed = strcmp(m->access, "staff") != 0;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
news_store_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct news_post *out)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, POST_SELECT "WHERE p.id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		post_row(st, a, out);
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 1 : -1;
	if (load_versions(db, a, out, 1) != 0 ||
	    (out->event_id != 0 && load_event(db, a, l, out) != 0) ||
	    load_materials(db, a, out) != 0)
		return -1;
	return 0;
}

int
news_store_events(struct db *db, struct arena *a, enum lang l, int64_t region,
    struct news_event_choice **out, size_t *n)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT id, title_fi, title_sv, title_en, "
	    "starts_at FROM event WHERE region_id = ?1 ORDER BY starts_at "
	    "DESC, id DESC");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, region);
	while ((rc = db_step(st)) == DB_ROW) {
		struct news_event_choice *e;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		e = &(*out)[(*n)++];
		e->id = db_col_int64(st, 0);
		e->title = arena_strdup(a, i18n_pick(l, db_col_text(st, 1),
		    db_col_text(st, 2), db_col_text(st, 3), &e->title_lang));
		e->starts_at = db_col_int64(st, 4);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
news_store_event_region(struct db *db, int64_t id, int64_t *region)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT region_id FROM event WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		*region = db_col_int64(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int
news_store_materials(struct db *db, struct arena *a, struct news_material **out,
    size_t *n)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT id, title, lang, access FROM material "
	    "ORDER BY created_at DESC, id DESC");
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		struct news_material *m;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		m = &(*out)[(*n)++];
		m->id = db_col_int64(st, 0);
		m->title = db_col_dup(st, a, 1);
		m->lang = db_col_dup(st, a, 2);
		m->access = db_col_dup(st, a, 3);
		m->listed = strcmp(m->access, "staff") != 0;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
news_store_material_exists(struct db *db, int64_t id)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT 1 FROM material WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Runs one statement with an id and optional text/int parameters. */
static int
exec_id(struct db *db, const char *sql, int64_t id)
{
	struct db_stmt *st;
	int rc;

	if ((st = db_prepare(db, sql)) == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int64_t
news_store_save(struct db *db, int64_t id, int64_t region, int64_t author,
    const struct news_post *p, const int64_t *materials, size_t nmaterials,
    int64_t now)
{
	struct db_stmt *st;
	size_t i;
	int rc, l;

	if (id == 0) {
		st = db_prepare(db, "INSERT INTO news_post (region_id, "
		    "author_id, status, event_id, created_at, updated_at) "
		    "VALUES (?1, ?2, 'draft', ?3, ?4, ?4)");
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, region);
		if (author != 0)
			db_bind_int64(st, 2, author);
		else
			db_bind_null(st, 2);
	} else {
		st = db_prepare(db, "UPDATE news_post SET event_id = ?3, "
		    "updated_at = ?4 WHERE id = ?1");
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, id);
	}
	if (p->event_id != 0)
		db_bind_int64(st, 3, p->event_id);
	else
		db_bind_null(st, 3);
	db_bind_int64(st, 4, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (id == 0)
		id = db_last_id(db);
	if (exec_id(db, "DELETE FROM news_version WHERE post_id = ?1", id) != 0 ||
	    exec_id(db, "DELETE FROM news_material WHERE post_id = ?1", id) != 0)
		return -1;
	for (l = 0; l < LANG_COUNT; l++) {
		if (p->v[l].title == NULL || p->v[l].title[0] == '\0')
			continue;
		st = db_prepare(db, "INSERT INTO news_version (post_id, lang, "
		    "title, lead, body) VALUES (?1, ?2, ?3, ?4, ?5)");
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, id);
		db_bind_cstr(st, 2, lang_codes[l]);
		db_bind_cstr(st, 3, p->v[l].title);
		db_bind_cstr(st, 4, p->v[l].lead ? p->v[l].lead : "");
		db_bind_cstr(st, 5, p->v[l].body ? p->v[l].body : "");
		rc = db_step(st);
		db_done(st);
		if (rc != DB_DONE)
			return -1;
	}
	for (i = 0; i < nmaterials; i++) {
		st = db_prepare(db, "INSERT INTO news_material (post_id, "
		    "material_id, position) VALUES (?1, ?2, ?3)");
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, id);
		db_bind_int64(st, 2, materials[i]);
		db_bind_int64(st, 3, (int64_t)i);
		rc = db_step(st);
		db_done(st);
		if (rc != DB_DONE)
			return -1;
	}
	return id;
}

int
news_store_publish(struct db *db, int64_t id, bool published,
    int64_t publish_at, int64_t now)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE news_post SET status = ?2, publish_at = ?3, "
	    "updated_at = ?4 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_cstr(st, 2, published ? "published" : "draft");
	if (publish_at != 0)
		db_bind_int64(st, 3, publish_at);
	else
		db_bind_null(st, 3);
	db_bind_int64(st, 4, now);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
news_store_delete(struct db *db, int64_t id)
{
	return exec_id(db, "DELETE FROM news_post WHERE id = ?1", id);
}

int
news_store_links(struct db *db, struct arena *a, enum lang l,
    struct news_post *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((v[i].event_id != 0 && load_event(db, a, l, &v[i]) != 0) ||
		    load_materials(db, a, &v[i]) != 0)
			return -1;
	return 0;
}

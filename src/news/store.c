/*
 * store.c - news posts in the database (see news.h).
 *
 * A page shows ten posts and a feed twenty; their versions are read
 * together, VERSIONS_CHUNK posts a statement (load_versions()).
 * Everything read is copied into the caller's arena.
 */
#include <stddef.h>
#include <string.h>

#include "base/log.h"
#include "db/rows.h"
#include "materials/materials.h"
#include "news/news.h"

#define POST_SELECT "SELECT p.id, p.region_id, COALESCE(p.author_id, 0), " \
	"COALESCE(a.name, ''), COALESCE(a.email, ''), p.status, " \
	"COALESCE(p.publish_at, 0), p.created_at, p.updated_at, " \
	"COALESCE(p.event_id, 0) FROM news_post p LEFT JOIN account a ON " \
	"a.id = p.author_id "

/* A post is public once published, its time has come, and it has a
 * version (the schema and the form make sure of the last).  The list,
 * the feeds and the page all use this one rule. */
#define PUBLIC_WHERE "WHERE p.status = 'published' AND p.publish_at <= ?1 " \
	"AND EXISTS (SELECT 1 FROM news_version nv WHERE nv.post_id = p.id) "

static int
post_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct news_post *p = out;
	const char *name = db_col_text(st, 3);

	db_cols(st, NULL, 0, DB_COLS(db_as_int(&p->id),
	    db_as_int(&p->region_id), db_as_int(&p->author_id)));
	/* An account without a name shows its address to staff; an erased
	 * one has neither. */
	p->author = arena_strdup(a, name[0] ? name : db_col_text(st, 4));
	p->published = strcmp(db_col_text(st, 5), "published") == 0;
	db_cols(st, NULL, 6, DB_COLS(db_as_int(&p->publish_at),
	    db_as_int(&p->created_at), db_as_int(&p->updated_at),
	    db_as_int(&p->event_id)));
	return 0;
}

struct version_row {
	int64_t post_id;
	const char *lang;
	struct news_version v;
};

/* The last column is the kept HTML, NULL when another renderer made it:
 * then it is made here from the Markdown, which the query read instead. */
static int
version_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct version_row *vr = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&vr->post_id),
	    db_as_str(&vr->lang), db_as_str(&vr->v.title),
	    db_as_str(&vr->v.lead), db_as_str(&vr->v.body)));
	vr->v.body_html = db_col_is_null(st, 5) ?
	    news_body_html(a, vr->v.body) : db_col_dup(st, a, 5);
	return 0;
}

/*
 * Posts whose versions one statement reads: a fixed number of parameters
 * keeps it one cached statement whatever the list's length (the unused
 * ones are 0, which no post has).  A page of the list (11 posts) or a
 * feed (20) takes one statement instead of one per post (issue 13: they
 * were half of the list's time).  Each post is its own lookup of
 * the primary key, joined with UNION ALL: with post_id IN (...) instead,
 * PostgreSQL's generic plan read the whole news_version table.
 */
#define VERSIONS_CHUNK 20
#define VERSIONS_OF(n, body) "SELECT post_id, lang, title, lead, " body \
	" FROM news_version WHERE post_id = ?" n
#define VERSIONS_SQL(body) VERSIONS_OF("1", body) " UNION ALL " \
	VERSIONS_OF("2", body) " UNION ALL " VERSIONS_OF("3", body) \
	" UNION ALL " VERSIONS_OF("4", body) " UNION ALL " \
	VERSIONS_OF("5", body) " UNION ALL " VERSIONS_OF("6", body) \
	" UNION ALL " VERSIONS_OF("7", body) " UNION ALL " \
	VERSIONS_OF("8", body) " UNION ALL " VERSIONS_OF("9", body) \
	" UNION ALL " VERSIONS_OF("10", body) " UNION ALL " \
	VERSIONS_OF("11", body) " UNION ALL " VERSIONS_OF("12", body) \
	" UNION ALL " VERSIONS_OF("13", body) " UNION ALL " \
	VERSIONS_OF("14", body) " UNION ALL " VERSIONS_OF("15", body) \
	" UNION ALL " VERSIONS_OF("16", body) " UNION ALL " \
	VERSIONS_OF("17", body) " UNION ALL " VERSIONS_OF("18", body) \
	" UNION ALL " VERSIONS_OF("19", body) " UNION ALL " \
	VERSIONS_OF("20", body)

/*
 * What of a version is read: for a list of cards its title and lead; for
 * a visitor also the body's HTML, which is kept (the Markdown only where
 * the kept HTML is another renderer's, ?21); for staff the Markdown too,
 * for the form.
 */
enum versions_read { READ_CARDS, READ_HTML, READ_SOURCE };

#define CURRENT "html_renderer = ?21"
#define HTML_OR_NULL "CASE WHEN " CURRENT " THEN body_html END"

static const char *const versions_sql[] = {
	[READ_CARDS] = VERSIONS_SQL("'', ''"),
	[READ_HTML] = VERSIONS_SQL("CASE WHEN " CURRENT " THEN '' ELSE body "
	    "END, " HTML_OR_NULL),
	[READ_SOURCE] = VERSIONS_SQL("body, " HTML_OR_NULL),
};

/* Reads the language versions of the posts.  0 or -1. */
static int
load_versions(struct db *db, struct arena *a, struct news_post *v, size_t n,
    enum versions_read what)
{
	struct db_arg args[VERSIONS_CHUNK + 1];
	struct version_row *rows;
	size_t i, j, k, m, nrows;
	enum lang l;

	args[VERSIONS_CHUNK] = db_int(news_body_renderer());
	for (i = 0; i < n; i += m) {
		m = n - i < VERSIONS_CHUNK ? n - i : VERSIONS_CHUNK;
		for (j = 0; j < VERSIONS_CHUNK; j++)
			args[j] = db_int(j < m ? v[i + j].id : 0);
		rows = db_rows(db, a, versions_sql[what], args, what ==
		    READ_CARDS ? VERSIONS_CHUNK : VERSIONS_CHUNK + 1,
		    version_row, sizeof(*rows), &nrows);
		if (rows == NULL)
			return -1;
		for (k = 0; k < nrows; k++) {
			if (lang_parse(rows[k].lang, strlen(rows[k].lang),
			    &l) != 0)
				continue;
			for (j = 0; j < m; j++)
				if (v[i + j].id == rows[k].post_id)
					v[i + j].v[l] = rows[k].v;
		}
	}
	return 0;
}

/* The posts of a query with their versions.  0 or -1. */
static int
list_posts(struct db *db, struct arena *a, const char *sql,
    const struct db_arg *args, size_t nargs, enum versions_read what,
    struct news_post **out, size_t *n)
{
	if ((*out = db_rows(db, a, sql, args, nargs, post_row, sizeof(**out),
	    n)) == NULL)
		return -1;
	return load_versions(db, a, *out, *n, what);
}

/*
 * The public lists and the feeds name no author: without the join, a
 * lookup per post.  The list page's cards have versions without their
 * bodies, and none for the post beyond the page (the last of `limit`
 * read, which only tells that there is another page).
 */
#define LIST_SELECT "SELECT p.id, p.region_id, COALESCE(p.author_id, 0), " \
	"'', '', p.status, COALESCE(p.publish_at, 0), p.created_at, " \
	"p.updated_at, COALESCE(p.event_id, 0) FROM news_post p "

/*
 * A keyset page of posts: sql_older and sql_newer take ?1, the query's
 * own value, the cursor (?2, ?3) and the limit ?4.  Newer than the cursor
 * (dir < 0) is read upwards from it and turned round.  With `beyond`, the
 * last post in reading order, when `limit` were read, is the one read only
 * to know that another page follows: it gets no versions.
 */
static int
keyset_page(struct db *db, struct arena *a, const char *sql_older,
    const char *sql_newer, struct db_arg arg1, int dir, int64_t at,
    int64_t id, int64_t limit, enum versions_read what, bool beyond,
    struct news_post **out, size_t *n)
{
	struct news_post t;
	size_t i, loaded;

	if ((*out = db_rows(db, a, dir < 0 ? sql_newer : sql_older,
	    DB_ARGS(arg1, db_int(dir != 0 ? at : INT64_MAX),
	    db_int(dir != 0 ? id : INT64_MAX), db_int(limit)), post_row,
	    sizeof(**out), n)) == NULL)
		return -1;
	loaded = beyond && *n == (size_t)limit && *n > 0 ? *n - 1 : *n;
	if (load_versions(db, a, *out, loaded, what) != 0)
		return -1;
	if (dir < 0)
		for (i = 0; i < *n / 2; i++) {
			t = (*out)[i];
			(*out)[i] = (*out)[*n - 1 - i];
			(*out)[*n - 1 - i] = t;
		}
	return 0;
}

#define OLDER "AND (p.publish_at, p.id) < (?2, ?3) ORDER BY p.publish_at " \
	"DESC, p.id DESC LIMIT ?4"
#define NEWER "AND (p.publish_at, p.id) > (?2, ?3) ORDER BY p.publish_at " \
	"ASC, p.id ASC LIMIT ?4"

int
news_store_list_public(struct db *db, struct arena *a, int64_t now,
    int dir, int64_t at, int64_t id, int64_t limit, bool cards,
    struct news_post **out, size_t *n)
{
	return keyset_page(db, a, LIST_SELECT PUBLIC_WHERE OLDER,
	    LIST_SELECT PUBLIC_WHERE NEWER, db_int(now), dir, at, id, limit,
	    cards ? READ_CARDS : READ_HTML, cards, out, n);
}

int
news_store_list_public_in(struct db *db, struct arena *a, int64_t now,
    enum lang l, int64_t limit, struct news_post **out, size_t *n)
{
	/* PUBLIC_WHERE but for its test of any version: this one's will do. */
	return list_posts(db, a, LIST_SELECT "WHERE p.status = 'published' "
	    "AND p.publish_at <= ?1 AND EXISTS (SELECT 1 FROM news_version nl "
	    "WHERE nl.post_id = p.id AND nl.lang = ?3) "
	    "ORDER BY p.publish_at DESC, p.id DESC LIMIT ?2",
	    DB_ARGS(db_int(now), db_int(limit), db_text(lang_code(l))),
	    READ_HTML, out, n);
}

/* Scheduled posts are published ones whose time is ahead: the newest
 * publication times, at the top of the first page. */
int
news_store_list_managed(struct db *db, struct arena *a, int64_t region,
    int dir, int64_t at, int64_t id, int64_t limit, struct news_post **out,
    size_t *n)
{
	return keyset_page(db, a, POST_SELECT "WHERE p.status = 'published' "
	    "AND (?1 = 0 OR p.region_id = ?1) " OLDER, POST_SELECT "WHERE "
	    "p.status = 'published' AND (?1 = 0 OR p.region_id = ?1) " NEWER,
	    db_int(region), dir, at, id, limit, READ_CARDS, true, out, n);
}

int
news_store_drafts(struct db *db, struct arena *a, int64_t region,
    struct news_post **out, size_t *n)
{
	return list_posts(db, a, POST_SELECT "WHERE p.status = 'draft' AND "
	    "(?1 = 0 OR p.region_id = ?1) ORDER BY p.updated_at DESC, p.id DESC",
	    DB_ARGS(db_int(region)), READ_CARDS, out, n);
}

/*
 * The event of a post.  The events module publishes no read API for one
 * event by id (events/events.h lists a region's public events only), so
 * its table is read here, with its visibility rule restated: public and
 * not a draft.
 */
struct event_row {
	const char *title[LANG_COUNT];
	int64_t id, starts_at;
	bool public;
};

static int
event_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct event_row *e = out;
	int l;

	e->id = db_col_int64(st, 0);
	for (l = 0; l < LANG_COUNT; l++)
		e->title[l] = db_col_dup(st, a, 1 + l);
	e->starts_at = db_col_int64(st, 4);
	e->public = db_col_int64(st, 5) != 0;
	return 0;
}

#define EVENT_SELECT "SELECT id, title_fi, title_sv, title_en, starts_at, " \
	"status <> 'draft' AND audience = 'public' FROM event "

static const char *
event_title(struct arena *a, enum lang l, const struct event_row *e,
    enum lang *shown)
{
	return arena_strdup(a, i18n_pick(l, e->title[LANG_FI],
	    e->title[LANG_SV], e->title[LANG_EN], shown));
}

/* A post's link to a material, in the post's order. */
struct post_material {
	int64_t post_id, material_id;
};

static int
post_material_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct post_material *m = out;

	(void)a;
	m->post_id = db_col_int64(st, 0);
	m->material_id = db_col_int64(st, 1);
	return 0;
}

/*
 * The events and the materials of the posts, a statement for twenty of
 * each (db/rows.h, DB_IDS): a feed's twenty posts took two statements
 * each and one more for each of their materials.  A post whose event is
 * gone loses the link, as does one whose material is.
 */
int
news_store_links(struct db *db, struct arena *a, enum lang l,
    struct news_post *v, size_t n)
{
	struct event_row *ev;
	struct post_material *pm;
	struct material_ref *refs;
	int64_t *ids, *mids;
	size_t i, k, npm;

	if (n == 0)
		return 0;
	ids = arena_calloc(a, n, sizeof(*ids));
	ev = arena_calloc(a, n, sizeof(*ev));
	for (i = 0; i < n; i++)
		ids[i] = v[i].event_id;
	if (db_rows_at_ids(db, a, EVENT_SELECT "WHERE id IN (" DB_IDS ")",
	    ids, n, event_row, sizeof(*ev), offsetof(struct event_row, id),
	    ev) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i].event_id == 0)
			continue;
		if (ev[i].id == 0) {
			v[i].event_id = 0;
			continue;
		}
		v[i].event_title = event_title(a, l, &ev[i],
		    &v[i].event_title_lang);
		v[i].event_starts = ev[i].starts_at;
		v[i].event_public = ev[i].public;
	}
	for (i = 0; i < n; i++)
		ids[i] = v[i].id;
	if ((pm = db_rows_ids(db, a, "SELECT post_id, material_id FROM "
	    "news_material WHERE post_id IN (" DB_IDS ") ORDER BY post_id, "
	    "position, material_id", ids, n, DB_NOARGS, post_material_row,
	    sizeof(*pm), &npm)) == NULL)
		return -1;
	mids = arena_calloc(a, npm + 1, sizeof(*mids));
	refs = arena_calloc(a, npm + 1, sizeof(*refs));
	for (k = 0; k < npm; k++)
		mids[k] = pm[k].material_id;
	if (npm > 0 && materials_refs_of(db, a, mids, npm, refs) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		size_t m = 0;

		for (k = 0; k < npm; k++)
			m += pm[k].post_id == v[i].id && refs[k].id != 0;
		v[i].nmaterials = 0;
		v[i].materials = arena_calloc(a, m + 1,
		    sizeof(*v[i].materials));
		for (k = 0; k < npm; k++)
			if (pm[k].post_id == v[i].id && refs[k].id != 0)
				v[i].materials[v[i].nmaterials++] = refs[k];
	}
	return 0;
}

/* One post by a query of its id (and maybe the time): 0, DB_MISSING, -1. */
static int
get_post(struct db *db, struct arena *a, enum lang l, const char *sql,
    const struct db_arg *args, size_t nargs, enum versions_read what,
    struct news_post *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_row(db, a, sql, args, nargs, post_row, out)) != 0)
		return rc;
	return load_versions(db, a, out, 1, what) != 0 ||
	    news_store_links(db, a, l, out, 1) != 0 ? -1 : 0;
}

int
news_store_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct news_post *out)
{
	return get_post(db, a, l, POST_SELECT "WHERE p.id = ?1",
	    DB_ARGS(db_int(id)), READ_SOURCE, out);
}

int
news_store_get_public(struct db *db, struct arena *a, enum lang l,
    int64_t id, int64_t now, struct news_post *out)
{
	return get_post(db, a, l, POST_SELECT PUBLIC_WHERE "AND p.id = ?2",
	    DB_ARGS(db_int(now), db_int(id)), READ_HTML, out);
}

int
news_store_events(struct db *db, struct arena *a, enum lang l, int64_t region,
    struct news_event_choice **out, size_t *n)
{
	struct event_row *rows;
	size_t i;

	rows = db_rows(db, a, EVENT_SELECT "WHERE region_id = ?1 ORDER BY "
	    "starts_at DESC, id DESC", DB_ARGS(db_int(region)), event_row,
	    sizeof(*rows), n);
	if (rows == NULL)
		return -1;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (i = 0; i < *n; i++) {
		(*out)[i].id = rows[i].id;
		(*out)[i].title = event_title(a, l, &rows[i],
		    &(*out)[i].title_lang);
		(*out)[i].starts_at = rows[i].starts_at;
	}
	return 0;
}

int64_t
news_store_save(struct db *db, int64_t id, int64_t region, int64_t author,
    const struct news_post *p, const int64_t *materials, size_t nmaterials,
    int64_t now)
{
	static const char *const codes[LANG_COUNT] = { "fi", "sv", "en" };
	struct arena a;
	size_t i;
	int l, rc = 0;

	if (id == 0 ? db_insert(db, "INSERT INTO news_post (region_id, "
	    "author_id, status, event_id, created_at, updated_at) VALUES "
	    "(?1, ?2, 'draft', ?3, ?4, ?4) RETURNING id", DB_ARGS(db_int(region),
	    db_id_or_null(author), db_id_or_null(p->event_id), db_int(now)),
	    &id) != 0 :
	    db_run(db, "UPDATE news_post SET event_id = ?2, updated_at = ?3 "
	    "WHERE id = ?1", DB_ARGS(db_int(id), db_id_or_null(p->event_id),
	    db_int(now)), NULL) != 0)
		return -1;
	if (db_run(db, "DELETE FROM news_version WHERE post_id = ?1",
	    DB_ARGS(db_int(id)), NULL) != 0 ||
	    db_run(db, "DELETE FROM news_material WHERE post_id = ?1",
	    DB_ARGS(db_int(id)), NULL) != 0)
		return -1;
	/* The HTML is kept with the Markdown: made here, once per save,
	 * rather than on each request (migration 0046). */
	arena_init(&a);
	for (l = 0; l < LANG_COUNT && rc == 0; l++)
		if (p->v[l].title != NULL && p->v[l].title[0] != '\0' &&
		    db_run(db, "INSERT INTO news_version (post_id, lang, title, "
		    "lead, body, body_html, html_renderer) VALUES (?1, ?2, ?3, "
		    "?4, ?5, ?6, ?7)", DB_ARGS(db_int(id), db_text(codes[l]),
		    db_text(p->v[l].title),
		    db_text(p->v[l].lead ? p->v[l].lead : ""),
		    db_text(p->v[l].body ? p->v[l].body : ""),
		    db_text(news_body_html(&a, p->v[l].body)),
		    db_int(news_body_renderer())), NULL) != 0)
			rc = -1;
	arena_cleanup(&a);
	if (rc != 0)
		return -1;
	for (i = 0; i < nmaterials; i++)
		if (db_run(db, "INSERT INTO news_material (post_id, material_id, "
		    "position) VALUES (?1, ?2, ?3)", DB_ARGS(db_int(id),
		    db_int(materials[i]), db_int(i)), NULL) != 0)
			return -1;
	return id;
}

int
news_store_publish(struct db *db, int64_t id, bool published,
    int64_t publish_at, int64_t now)
{
	return db_run(db, "UPDATE news_post SET status = ?2, publish_at = ?3, "
	    "updated_at = ?4 WHERE id = ?1", DB_ARGS(db_int(id),
	    db_text(published ? "published" : "draft"),
	    db_id_or_null(publish_at), db_int(now)), NULL) == 0 ? 0 : -1;
}

int
news_store_delete(struct db *db, int64_t id)
{
	return db_run(db, "DELETE FROM news_post WHERE id = ?1",
	    DB_ARGS(db_int(id)), NULL) == 0 ? 0 : -1;
}

/* --- the kept HTML of the bodies (migration 0046) --- */

struct stale_version {
	int64_t post_id;
	const char *lang, *body;
};

static int
stale_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct stale_version *s = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&s->post_id), db_as_str(&s->lang),
	    db_as_str(&s->body)));
	return 0;
}

/*
 * A hundred versions a transaction, so that a start after an upgrade of
 * cmark, with every body to make again, never holds the write lock for
 * long.  The versions are read in the transaction that writes them: a
 * post saved meanwhile waits, and its new HTML is never overwritten with
 * an old body's.
 */
#define HTML_BATCH 100

int
news_html_job(struct db *db, int64_t now)
{
	struct stale_version *rows;
	struct arena a;
	int64_t renderer = news_body_renderer(), total = 0;
	size_t i, n;
	int rc = 0;

	(void)now;
	/* Almost always none: found without the write lock, which every
	 * writer of every server shares. */
	if (db_int64(db, "SELECT count(*) FROM (SELECT 1 FROM news_version "
	    "WHERE html_renderer < ?1 OR html_renderer > ?1 LIMIT 1) s",
	    DB_ARGS(db_int(renderer)), &total) < 0)
		return -1;
	if (total == 0)
		return 0;
	total = 0;
	arena_init(&a);
	do {
		arena_reset(&a);
		if (db_begin(db) != 0) {
			rc = -1;
			break;
		}
		/* Not "<> ?1": that is no range of the index. */
		rows = db_rows(db, &a, "SELECT post_id, lang, body FROM "
		    "news_version WHERE html_renderer < ?1 OR html_renderer > ?1 "
		    "LIMIT ?2", DB_ARGS(db_int(renderer), db_int(HTML_BATCH)),
		    stale_row, sizeof(*rows), &n);
		for (i = 0; rows != NULL && i < n; i++)
			if (db_run(db, "UPDATE news_version SET body_html = ?3, "
			    "html_renderer = ?4 WHERE post_id = ?1 AND lang = ?2",
			    DB_ARGS(db_int(rows[i].post_id), db_text(rows[i].lang),
			    db_text(news_body_html(&a, rows[i].body)),
			    db_int(renderer)), NULL) != 0)
				break;
		if (rows == NULL || i < n || db_commit(db) != 0) {
			db_rollback(db);
			rc = -1;
			break;
		}
		total += (int64_t)n;
	} while (n == HTML_BATCH);
	arena_cleanup(&a);
	if (total > 0)
		log_info("news: made the HTML of %lld bodies", (long long)total);
	return rc;
}

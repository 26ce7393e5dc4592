/*
 * store.c - queries of the network module.
 *
 * Each function runs one or two prepared statements (cached per thread by
 * the db layer) and copies rows into the request's arena.  Lists are small
 * (tens of rows), so they are read whole and sorted in C when the order
 * depends on the language.
 */
#include <stdlib.h>
#include <string.h>

#include "base/collate.h"
#include "base/log.h"
#include "network/network.h"

/* Picks the language version from three consecutive columns (fi, sv, en). */
static const char *
store_pick(struct db_stmt *st, struct arena *a, int col, enum lang l,
    enum lang *picked)
{
	return arena_strdup(a, i18n_pick(l, db_col_text(st, col),
	    db_col_text(st, col + 1), db_col_text(st, col + 2), picked));
}

int
network_region(struct db *db, struct arena *a, enum lang l,
    struct region_info *out)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT id, code, name_fi, name_sv, name_en, "
	    "network_fi, network_sv, network_en, intro_fi, intro_sv, intro_en "
	    "FROM region ORDER BY id LIMIT 1");
	if (st == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_int64(st, 0);
		out->code = db_col_dup(st, a, 1);
		out->name = store_pick(st, a, 2, l, NULL);
		out->network = store_pick(st, a, 5, l, NULL);
		out->intro = store_pick(st, a, 8, l, &out->intro_lang);
	}
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int64_t
network_region_id(struct db *db, const char *code)
{
	struct db_stmt *st;
	int64_t id = 0;
	int rc;

	st = db_prepare(db, "SELECT id FROM region WHERE code = ?1");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, code);
	rc = db_step(st);
	if (rc == DB_ROW)
		id = db_col_int64(st, 0);
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? id : -1;
}

/*
 * A municipality's name in English is its Finnish name unless the
 * municipality is Swedish-speaking or has a Swedish majority (Raseborg,
 * Ingå), as in English-language usage in Finland.  The "other name" is the
 * one in the other national language, shown beside the main name.
 */
static void
store_municipality_names(struct municipality *m, struct arena *a, enum lang l,
    const char *fi, const char *sv, const char *en)
{
	bool sv_first = m->language_status[0] == 's';

	if (l == LANG_SV || (l == LANG_EN && sv_first && en[0] == '\0')) {
		m->name = arena_strdup(a, sv);
		m->other_name = arena_strdup(a, fi);
		m->other_lang = LANG_FI;
	} else {
		m->name = arena_strdup(a, l == LANG_EN && en[0] ? en : fi);
		m->other_name = arena_strdup(a, sv);
		m->other_lang = LANG_SV;
	}
	if (strcmp(m->name, m->other_name) == 0)
		m->other_name = NULL;
}

/* The columns every municipality query below starts with. */
#define MUNICIPALITY_COLS "m.code, m.name_fi, m.name_sv, m.name_en, " \
	"m.language_status, r.name_fi, r.name_sv, r.name_en, m.support_fi, " \
	"m.support_sv, m.support_en, m.region_id"

static void
store_municipality_row(struct db_stmt *st, struct arena *a, enum lang l,
    struct municipality *m)
{
	memset(m, 0, sizeof(*m));
	m->code = db_col_dup(st, a, 0);
	m->language_status = db_col_dup(st, a, 4);
	store_municipality_names(m, a, l, db_col_text(st, 1),
	    db_col_text(st, 2), db_col_text(st, 3));
	m->region = store_pick(st, a, 5, l, NULL);
	m->support = store_pick(st, a, 8, l, &m->support_lang);
	m->region_id = db_col_int64(st, 11);
}

static int
store_municipality_cmp(const void *x, const void *y)
{
	return collate_fi(((const struct municipality *)x)->name,
	    ((const struct municipality *)y)->name);
}

int
network_municipalities(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, struct municipality **out, size_t *n)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT " MUNICIPALITY_COLS " FROM municipality m "
	    "JOIN region r ON r.id = m.region_id WHERE m.region_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, region_id);
	while ((rc = db_step(st)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		store_municipality_row(st, a, l, &(*out)[(*n)++]);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), store_municipality_cmp);
	return 0;
}

int
network_municipality(struct db *db, struct arena *a, enum lang l,
    const char *code, struct municipality *out)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT " MUNICIPALITY_COLS " FROM municipality m "
	    "JOIN region r ON r.id = m.region_id WHERE m.code = ?1");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, code);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_municipality_row(st, a, l, out);
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

static int
store_organisation_cmp(const void *x, const void *y)
{
	return collate_fi(((const struct organisation *)x)->name,
	    ((const struct organisation *)y)->name);
}

int
network_organisations(struct db *db, struct arena *a, enum lang l,
    const char *code, struct organisation **out, size_t *n)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT id, name_fi, name_sv, name_en, kind, website "
	    "FROM organisation WHERE municipality_code = ?1");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, code);
	while ((rc = db_step(st)) == DB_ROW) {
		struct organisation *o;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		o = &(*out)[(*n)++];
		o->id = db_col_int64(st, 0);
		o->name = store_pick(st, a, 1, l, &o->name_lang);
		o->kind = db_col_dup(st, a, 4);
		o->website = db_col_dup(st, a, 5);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), store_organisation_cmp);
	return 0;
}

/*
 * Only people with is_public = 1 are listed: showing a name on a public
 * page needs the person's consent.  A person with several roles in the
 * municipality appears once per role, which is what the page lists.
 */
int
network_people(struct db *db, struct arena *a, enum lang l, const char *code,
    struct person **out, size_t *n)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT p.name, p.title_fi, p.title_sv, p.title_en, "
	    "o.name_fi, o.name_sv, o.name_en, pr.role FROM person_role pr "
	    "JOIN person p ON p.id = pr.person_id LEFT JOIN organisation o ON "
	    "o.id = p.organisation_id WHERE pr.municipality_code = ?1 AND "
	    "p.is_public = 1 ORDER BY pr.role, p.name");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, code);
	while ((rc = db_step(st)) == DB_ROW) {
		struct person *p;

		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		p = &(*out)[(*n)++];
		p->name = db_col_dup(st, a, 0);
		p->title = store_pick(st, a, 1, l, &p->title_lang);
		p->organisation = store_pick(st, a, 4, l, NULL);
		p->role = db_col_dup(st, a, 7);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

const char *
network_language_status_label(enum lang l, const char *status)
{
	if (strcmp(status, "fi") == 0)
		return i18n_text(l, "Finnish-speaking");
	if (strcmp(status, "sv") == 0)
		return i18n_text(l, "Swedish-speaking");
	if (strcmp(status, "fi+sv") == 0)
		return i18n_text(l, "Bilingual, Finnish majority");
	if (strcmp(status, "sv+fi") == 0)
		return i18n_text(l, "Bilingual, Swedish majority");
	return status;
}

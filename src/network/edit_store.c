/*
 * edit_store.c - organisations, people and support descriptions (see
 * edit_store.h).
 */
#include <string.h>

#include "db/rows.h"
#include "network/edit_store.h"

/* --- organisations --- */

#define ORG_SELECT "SELECT o.id, o.region_id, o.kind, o.name_fi, o.name_sv, " \
	"o.name_en, o.municipality_code, o.website, (SELECT count(*) FROM " \
	"person p WHERE p.organisation_id = o.id) FROM organisation o "

static int
org_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct edit_org *o = out;
	int i;

	o->id = db_col_int64(st, 0);
	o->region_id = db_col_int64(st, 1);
	o->kind = edit_kind_parse(db_col_text(st, 2));
	for (i = 0; i < LANG_COUNT; i++)
		o->name[i] = db_col_dup(st, a, 3 + i);
	o->municipality = db_col_is_null(st, 6) ? NULL : db_col_dup(st, a, 6);
	o->website = db_col_dup(st, a, 7);
	o->npeople = db_col_int64(st, 8);
	return 0;
}

/* The name in the page's language: row functions know no language. */
static void
org_pick(enum lang l, struct edit_org *o, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		o[i].name_shown = i18n_pick(l, o[i].name[0], o[i].name[1],
		    o[i].name[2], &o[i].name_lang);
}

int
org_store_list(struct db *db, struct arena *a, enum lang l,
    int64_t region_filter, struct edit_org **out, size_t *n)
{
	*out = db_rows(db, a, ORG_SELECT "WHERE (?1 = 0 OR o.region_id = ?1) "
	    "ORDER BY o.id", DB_ARGS(db_int(region_filter)), org_row,
	    sizeof(**out), n);
	if (*out == NULL)
		return -1;
	org_pick(l, *out, *n);
	return 0;
}

int
org_store_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct edit_org *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_row(db, a, ORG_SELECT "WHERE o.id = ?1", DB_ARGS(db_int(id)),
	    org_row, out);
	if (rc == 0)
		org_pick(l, out, 1);
	return rc;
}

int
org_store_save(struct db *db, int64_t id, int64_t region,
    const struct edit_org_form *f, int64_t *out)
{
	const char *muni = f->municipality[0] ? f->municipality : NULL;

	*out = id;
	if (id == 0)
		return db_insert(db, "INSERT INTO organisation (region_id, kind, "
		    "name_fi, name_sv, name_en, municipality_code, website) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
		    DB_ARGS(db_int(region), db_text(f->kind),
		    db_text(f->name[0]), db_text(f->name[1]),
		    db_text(f->name[2]), db_text(muni), db_text(f->website)),
		    out) == 0 ? 0 : -1;
	return db_run(db, "UPDATE organisation SET kind = ?2, name_fi = ?3, "
	    "name_sv = ?4, name_en = ?5, municipality_code = ?6, website = ?7 "
	    "WHERE id = ?1", DB_ARGS(db_int(id), db_text(f->kind),
	    db_text(f->name[0]), db_text(f->name[1]), db_text(f->name[2]),
	    db_text(muni), db_text(f->website)), NULL) == 0 ? 0 : -1;
}

int
org_store_delete(struct db *db, int64_t id)
{
	return db_run(db, "DELETE FROM organisation WHERE id = ?1",
	    DB_ARGS(db_int(id)), NULL);
}

/* --- people --- */

/*
 * A person's region is their organisation's; a person without one (only
 * possible in data from before these pages) takes the region of the
 * municipality of a role, or none (0), and then only administrators see
 * them.
 */
#define PERSON_REGION "COALESCE(o.region_id, (SELECT m.region_id FROM " \
	"person_role pr JOIN municipality m ON m.code = pr.municipality_code " \
	"WHERE pr.person_id = p.id ORDER BY pr.id LIMIT 1), 0)"
#define PERSON_SELECT "SELECT p.id, " PERSON_REGION ", p.name, p.title_fi, " \
	"p.title_sv, p.title_en, p.organisation_id, o.name_fi, o.name_sv, " \
	"o.name_en, p.email, p.is_public FROM person p LEFT JOIN " \
	"organisation o ON o.id = p.organisation_id "

static int
person_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct edit_person *p = out;
	int i;

	db_cols(st, a, 0, DB_COLS(db_as_int(&p->id), db_as_int(&p->region_id),
	    db_as_str(&p->name)));
	for (i = 0; i < LANG_COUNT; i++)
		p->title[i] = db_col_dup(st, a, 3 + i);
	p->organisation_id = db_col_int64(st, 6);
	for (i = 0; i < LANG_COUNT; i++)
		p->org_name[i] = db_col_dup(st, a, 7 + i);
	p->email = db_col_dup(st, a, 10);
	p->is_public = db_col_int64(st, 11) != 0;
	return 0;
}

static void
person_pick(enum lang l, struct edit_person *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].title_shown = i18n_pick(l, p[i].title[0], p[i].title[1],
		    p[i].title[2], &p[i].title_lang);
		p[i].organisation = i18n_pick(l, p[i].org_name[0],
		    p[i].org_name[1], p[i].org_name[2], NULL);
	}
}

struct role_row {
	int64_t person_id;
	struct edit_role role;
};

static int
role_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct role_row *x = out;

	x->person_id = db_col_int64(st, 0);
	x->role.role = person_role_parse(db_col_text(st, 1));
	x->role.municipality = db_col_is_null(st, 2) ? NULL :
	    db_col_dup(st, a, 2);
	return 0;
}

/* Hangs the roles on people sorted by id (person 0: everyone's roles).
 * 0 or -1. */
static int
person_roles(struct db *db, struct arena *a, int64_t person,
    struct edit_person *v, size_t n)
{
	struct role_row *rows;
	size_t nrows, i = 0, j, cap = 0;

	rows = db_rows(db, a, "SELECT person_id, role, municipality_code FROM "
	    "person_role WHERE (person_id = ?1 OR ?1 IS NULL) ORDER BY "
	    "person_id, id", DB_ARGS(db_id_or_null(person)), role_row,
	    sizeof(*rows), &nrows);
	if (rows == NULL)
		return -1;
	for (j = 0; j < nrows; j++) {
		struct edit_person *x;

		while (i < n && v[i].id < rows[j].person_id) {
			i++;
			cap = 0;
		}
		if (i == n || v[i].id != rows[j].person_id)
			continue;
		x = &v[i];
		x->roles = arena_grow(a, x->roles, x->nroles, &cap,
		    sizeof(*x->roles));
		x->roles[x->nroles++] = rows[j].role;
	}
	return 0;
}

int
person_store_list(struct db *db, struct arena *a, enum lang l,
    int64_t region_filter, int64_t org, struct edit_person **out, size_t *n)
{
	*out = db_rows(db, a, PERSON_SELECT "WHERE (?1 = 0 OR " PERSON_REGION
	    " = ?1) AND (p.organisation_id = ?2 OR ?2 IS NULL) ORDER BY p.id",
	    DB_ARGS(db_int(region_filter), db_id_or_null(org)), person_row,
	    sizeof(**out), n);
	if (*out == NULL)
		return -1;
	person_pick(l, *out, *n);
	return org ? 0 : person_roles(db, a, 0, *out, *n);
}

int
person_store_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct edit_person *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_row(db, a, PERSON_SELECT "WHERE p.id = ?1", DB_ARGS(db_int(id)),
	    person_row, out);
	if (rc != 0)
		return rc;
	person_pick(l, out, 1);
	return person_roles(db, a, id, out, 1);
}

int
person_store_save(struct db *db, int64_t id, int64_t org, const char *email,
    const struct edit_person_form *f, int64_t *out)
{
	size_t i;
	int rc;

	if (id == 0)
		rc = db_insert(db, "INSERT INTO person (name, title_fi, title_sv, "
		    "title_en, organisation_id, email, is_public) VALUES (?1, ?2, "
		    "?3, ?4, ?5, ?6, ?7) RETURNING id", DB_ARGS(db_text(f->name),
		    db_text(f->title[0]), db_text(f->title[1]),
		    db_text(f->title[2]), db_int(org), db_text(email),
		    db_int(f->is_public)), &id);
	else
		rc = db_run(db, "UPDATE person SET name = ?2, title_fi = ?3, "
		    "title_sv = ?4, title_en = ?5, organisation_id = ?6, "
		    "email = ?7, is_public = ?8 WHERE id = ?1", DB_ARGS(db_int(id),
		    db_text(f->name), db_text(f->title[0]), db_text(f->title[1]),
		    db_text(f->title[2]), db_int(org), db_text(email),
		    db_int(f->is_public)), NULL) != 0 ||
		    db_run(db, "DELETE FROM person_role WHERE person_id = ?1",
		    DB_ARGS(db_int(id)), NULL) != 0 ? -1 : 0;
	if (rc != 0)
		return -1;
	for (i = 0; i < f->nrows; i++) {
		if (f->rows[i].role[0] == '\0')
			continue;
		if (db_run(db, "INSERT INTO person_role (person_id, role, "
		    "municipality_code) VALUES (?1, ?2, ?3)", DB_ARGS(db_int(id),
		    db_text(f->rows[i].role), db_text(f->rows[i].municipality)),
		    NULL) != 0)
			return -1;
	}
	*out = id;
	return 0;
}

int
person_store_delete(struct db *db, int64_t id)
{
	return db_run(db, "DELETE FROM person WHERE id = ?1",
	    DB_ARGS(db_int(id)), NULL);
}

/* --- support descriptions --- */

static int
support_row(struct db_stmt *st, struct arena *a, void *out)
{
	const char **s = out;
	int i;

	for (i = 0; i < LANG_COUNT; i++)
		s[i] = db_col_dup(st, a, i);
	return 0;
}

int
support_store_get(struct db *db, struct arena *a, const char *code,
    const char *out[LANG_COUNT])
{
	return db_row(db, a, "SELECT support_fi, support_sv, support_en FROM "
	    "municipality WHERE code = ?1", DB_ARGS(db_text(code)),
	    support_row, out);
}

int
support_store_save(struct db *db, const char *code,
    const char *const support[LANG_COUNT])
{
	return db_run(db, "UPDATE municipality SET support_fi = ?2, "
	    "support_sv = ?3, support_en = ?4 WHERE code = ?1",
	    DB_ARGS(db_text(code), db_text(support[0]), db_text(support[1]),
	    db_text(support[2])), NULL) == 0 ? 0 : -1;
}

/*
 * store.c - queries of the network module's public side.
 *
 * Row functions copy the stored columns; the texts are then picked for the
 * page's language (row functions know no language).  Lists are small
 * (tens of rows), so they are read whole and sorted in C when the order
 * depends on the language.  Lookups answer 0, DB_MISSING or -1.
 */
#include <stdlib.h>
#include <string.h>

#include "base/collate.h"
#include "base/str.h"
#include "db/rows.h"
#include "network/network.h"

/* Three language versions of a text, as stored. */
struct texts {
	const char *v[LANG_COUNT];
};

static void
texts_read(struct db_stmt *st, struct arena *a, int col, struct texts *t)
{
	int i;

	for (i = 0; i < LANG_COUNT; i++)
		t->v[i] = db_col_dup(st, a, col + i);
}

static const char *
texts_pick(const struct texts *t, enum lang l, enum lang *picked)
{
	return i18n_pick(l, t->v[0], t->v[1], t->v[2], picked);
}

/* --- regions --- */

struct region_row {
	int64_t id;
	const char *code;
	struct texts name, network, intro;
};

static int
region_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct region_row *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->id), db_as_str(&x->code)));
	texts_read(st, a, 2, &x->name);
	texts_read(st, a, 5, &x->network);
	texts_read(st, a, 8, &x->intro);
	return 0;
}

#define REGION_SELECT "SELECT id, code, name_fi, name_sv, name_en, " \
	"network_fi, network_sv, network_en, intro_fi, intro_sv, intro_en " \
	"FROM region "

static void
region_from(const struct region_row *x, enum lang l, struct region_info *out)
{
	out->id = x->id;
	out->code = x->code;
	out->name = texts_pick(&x->name, l, NULL);
	out->network = texts_pick(&x->network, l, NULL);
	out->intro = texts_pick(&x->intro, l, &out->intro_lang);
}

/* Region `id`, or the first one (the site's) for 0. */
static int
region_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct region_info *out)
{
	struct region_row x;
	int rc;

	memset(&x, 0, sizeof(x));
	rc = db_row(db, a, REGION_SELECT "WHERE ?1 = 0 OR id = ?1 ORDER BY id "
	    "LIMIT 1", DB_ARGS(db_int(id)), region_row, &x);
	if (rc == 0)
		region_from(&x, l, out);
	return rc;
}

int
network_region(struct db *db, struct arena *a, enum lang l,
    struct region_info *out)
{
	return region_get(db, a, l, 0, out);
}

int
network_region_by_id(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct region_info *out)
{
	return id != 0 ? region_get(db, a, l, id, out) : DB_MISSING;
}

int64_t
network_region_id(struct db *db, const char *code)
{
	int64_t id;
	int rc;

	rc = db_int64(db, "SELECT id FROM region WHERE code = ?1",
	    DB_ARGS(db_text(code)), &id);
	return rc == 0 ? id : rc == DB_MISSING ? 0 : -1;
}

/* --- municipalities --- */

struct muni_row {
	const char *code;
	struct texts name;
	enum muni_language language_status;
	struct texts region, support;
	int64_t region_id;
};

/* The columns every municipality query below starts with. */
#define MUNICIPALITY_COLS "m.code, m.name_fi, m.name_sv, m.name_en, " \
	"m.language_status, r.name_fi, r.name_sv, r.name_en, m.support_fi, " \
	"m.support_sv, m.support_en, m.region_id"
#define MUNICIPALITY_FROM " FROM municipality m JOIN region r ON " \
	"r.id = m.region_id "

static int
muni_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct muni_row *x = out;

	x->code = db_col_dup(st, a, 0);
	texts_read(st, a, 1, &x->name);
	/* The table's CHECK allows no other value. */
	if (muni_language_parse(db_col_text(st, 4), &x->language_status) != 0)
		x->language_status = MUNI_FI;
	texts_read(st, a, 5, &x->region);
	texts_read(st, a, 8, &x->support);
	x->region_id = db_col_int64(st, 11);
	return 0;
}

/*
 * A municipality's name in English is its Finnish name unless the
 * municipality is Swedish-speaking or has a Swedish majority (Raseborg,
 * Ingå), as in English-language usage in Finland.  The "other name" is the
 * one in the other national language, shown beside the main name.
 */
static void
muni_from(const struct muni_row *x, enum lang l, struct municipality *m)
{
	const char *fi = x->name.v[0], *sv = x->name.v[1], *en = x->name.v[2];
	bool sv_first = x->language_status == MUNI_SV ||
	    x->language_status == MUNI_SV_FI;

	memset(m, 0, sizeof(*m));
	m->code = x->code;
	m->language_status = x->language_status;
	if (l == LANG_SV || (l == LANG_EN && sv_first && en[0] == '\0')) {
		m->name = sv;
		m->other_name = fi;
		m->other_lang = LANG_FI;
	} else {
		m->name = l == LANG_EN && en[0] ? en : fi;
		m->other_name = sv;
		m->other_lang = LANG_SV;
	}
	if (strcmp(m->name, m->other_name) == 0)
		m->other_name = NULL;
	m->region = texts_pick(&x->region, l, NULL);
	m->support = texts_pick(&x->support, l, &m->support_lang);
	m->region_id = x->region_id;
}

static int
muni_cmp(const void *x, const void *y)
{
	return collate_fi(((const struct municipality *)x)->name,
	    ((const struct municipality *)y)->name);
}

int
network_municipalities(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, struct municipality **out, size_t *n)
{
	struct muni_row *rows;
	size_t i;

	rows = db_rows(db, a, "SELECT " MUNICIPALITY_COLS MUNICIPALITY_FROM
	    "WHERE m.region_id = ?1", DB_ARGS(db_int(region_id)), muni_row,
	    sizeof(*rows), n);
	if (rows == NULL)
		return -1;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (i = 0; i < *n; i++)
		muni_from(&rows[i], l, &(*out)[i]);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), muni_cmp);
	return 0;
}

int
network_municipality(struct db *db, struct arena *a, enum lang l,
    const char *code, struct municipality *out)
{
	struct muni_row x;
	int rc;

	memset(&x, 0, sizeof(x));
	rc = db_row(db, a, "SELECT " MUNICIPALITY_COLS MUNICIPALITY_FROM
	    "WHERE m.code = ?1", DB_ARGS(db_text(code)), muni_row, &x);
	if (rc == 0)
		muni_from(&x, l, out);
	return rc;
}

/* --- a municipality's local network --- */

struct org_row {
	int64_t id;
	struct texts name;
	const char *kind, *website;
};

static int
org_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct org_row *x = out;

	x->id = db_col_int64(st, 0);
	texts_read(st, a, 1, &x->name);
	x->kind = db_col_dup(st, a, 4);
	x->website = db_col_dup(st, a, 5);
	return 0;
}

static int
org_cmp(const void *x, const void *y)
{
	return collate_fi(((const struct organisation *)x)->name,
	    ((const struct organisation *)y)->name);
}

int
network_organisations(struct db *db, struct arena *a, enum lang l,
    const char *code, struct organisation **out, size_t *n)
{
	struct org_row *rows;
	size_t i;

	rows = db_rows(db, a, "SELECT id, name_fi, name_sv, name_en, kind, "
	    "website FROM organisation WHERE municipality_code = ?1",
	    DB_ARGS(db_text(code)), org_row, sizeof(*rows), n);
	if (rows == NULL)
		return -1;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (i = 0; i < *n; i++) {
		struct organisation *o = &(*out)[i];

		o->id = rows[i].id;
		o->name = texts_pick(&rows[i].name, l, &o->name_lang);
		o->kind = rows[i].kind;
		o->website = rows[i].website;
	}
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), org_cmp);
	return 0;
}

struct person_row {
	const char *name;
	struct texts title, organisation;
	enum person_role role;
};

static int
person_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct person_row *x = out;

	x->name = db_col_dup(st, a, 0);
	texts_read(st, a, 1, &x->title);
	texts_read(st, a, 4, &x->organisation);
	x->role = person_role_parse(db_col_text(st, 7));
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
	struct person_row *rows;
	size_t i;

	rows = db_rows(db, a, "SELECT p.name, p.title_fi, p.title_sv, "
	    "p.title_en, o.name_fi, o.name_sv, o.name_en, pr.role FROM "
	    "person_role pr JOIN person p ON p.id = pr.person_id LEFT JOIN "
	    "organisation o ON o.id = p.organisation_id WHERE "
	    "pr.municipality_code = ?1 AND p.is_public = 1 ORDER BY pr.role, "
	    "p.name", DB_ARGS(db_text(code)), person_row, sizeof(*rows), n);
	if (rows == NULL)
		return -1;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (i = 0; i < *n; i++) {
		struct person *p = &(*out)[i];

		p->name = rows[i].name;
		p->title = texts_pick(&rows[i].title, l, &p->title_lang);
		p->organisation = texts_pick(&rows[i].organisation, l, NULL);
		p->role = rows[i].role;
	}
	return 0;
}

int64_t
network_person_id(struct db *db, const char *name)
{
	int64_t id;
	int rc;

	rc = db_int64(db, "SELECT id FROM person WHERE name = ?1 ORDER BY id "
	    "LIMIT 1", DB_ARGS(db_text(name)), &id);
	return rc == 0 ? id : rc == DB_MISSING ? 0 : -1;
}

int64_t *
network_person_ids(struct db *db, struct arena *a, size_t *n)
{
	return db_ints(db, a, "SELECT id FROM person ORDER BY id", DB_NOARGS,
	    n);
}

const char *
network_language_status_label(enum lang l, enum muni_language status)
{
	switch (status) {
	case MUNI_FI:
		return i18n_text(l, "Finnish-speaking");
	case MUNI_SV:
		return i18n_text(l, "Swedish-speaking");
	case MUNI_FI_SV:
		return i18n_text(l, "Bilingual, Finnish majority");
	case MUNI_SV_FI:
		break;
	}
	return i18n_text(l, "Bilingual, Swedish majority");
}

const char *const person_role_names[PERSON_ROLE_COUNT] = {
	"project-manager", "project-planner", "tutor", "municipal-coordinator",
	"supporter", "speaker" };

enum person_role
person_role_parse(const char *s)
{
	int i = str_index(s, person_role_names, PERSON_ROLE_COUNT);

	return i >= 0 ? (enum person_role)i : PERSON_SPEAKER;
}

const char *const muni_language_names[] = { "fi", "sv", "fi+sv", "sv+fi" };

int
muni_language_parse(const char *s, enum muni_language *out)
{
	int i = str_index(s, muni_language_names, MUNI_SV_FI + 1);

	if (i < 0)
		return -1;
	*out = (enum muni_language)i;
	return 0;
}

/*
 * people_store.c - the network's people as other modules show them: an
 * event's speakers and the agenda's choice of people.
 */
#include <string.h>

#include "db/rows.h"
#include "network/network.h"
#include "view/i18n.h"

/* A person with every language's texts, picked by card_from(). */
struct card_row {
	int64_t id;
	const char *name;
	bool is_public;
	const char *titles[LANG_COUNT], *orgs[LANG_COUNT];
};

#define CARD_COLUMNS "p.id, p.name, p.is_public, p.title_fi, p.title_sv, " \
	"p.title_en, COALESCE(o.name_fi, ''), COALESCE(o.name_sv, ''), " \
	"COALESCE(o.name_en, '') FROM person p LEFT JOIN organisation o ON " \
	"o.id = p.organisation_id "

static int
card_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct card_row *x = out;
	int k;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->id), db_as_str(&x->name)));
	x->is_public = db_col_int64(st, 2) == 1;
	for (k = 0; k < LANG_COUNT; k++) {
		x->titles[k] = db_col_dup(st, a, 3 + k);
		x->orgs[k] = db_col_dup(st, a, 6 + k);
	}
	return 0;
}

static void
card_from(const struct card_row *x, enum lang l, bool consent_only,
    struct person_card *out)
{
	bool shown = x->is_public || !consent_only;

	out->id = x->id;
	out->is_public = x->is_public;
	out->name = shown ? x->name : "";
	out->title = shown ? i18n_pick(l, x->titles[0], x->titles[1],
	    x->titles[2], &out->title_lang) : "";
	out->organisation = i18n_pick(l, x->orgs[0], x->orgs[1], x->orgs[2],
	    &out->organisation_lang);
}

/* Ids per statement: a fixed list of parameters, as registration_counts()
 * does, so that each chunk is one cached statement. */
#define CARD_CHUNK 10

int
network_person_cards(struct db *db, struct arena *a, enum lang l,
    const int64_t *ids, size_t n, bool consent_only, struct person_card *out)
{
	struct db_arg args[CARD_CHUNK];
	struct card_row *rows;
	size_t i, j, k, m, r;

	memset(out, 0, n * sizeof(*out));
	for (i = 0; i < n; i += k) {
		k = n - i < CARD_CHUNK ? n - i : CARD_CHUNK;
		for (j = 0; j < CARD_CHUNK; j++)
			args[j] = db_int(j < k ? ids[i + j] : 0);
		rows = db_rows(db, a, "SELECT " CARD_COLUMNS "WHERE p.id IN "
		    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", args,
		    CARD_CHUNK, card_row, sizeof(*rows), &m);
		if (rows == NULL)
			return -1;
		for (r = 0; r < m; r++)
			for (j = 0; j < n; j++)
				if (ids[j] == rows[r].id)
					card_from(&rows[r], l, consent_only,
					    &out[j]);
	}
	return 0;
}

int
network_region_people(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, struct person_card **out, size_t *n)
{
	struct card_row *rows;
	size_t i;

	rows = db_rows(db, a, "SELECT " CARD_COLUMNS "WHERE o.id IS NULL OR "
	    "o.region_id = ?1 ORDER BY p.name, p.id", DB_ARGS(db_int(region_id)),
	    card_row, sizeof(*rows), n);
	if (rows == NULL)
		return -1;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (i = 0; i < *n; i++)
		card_from(&rows[i], l, false, &(*out)[i]);
	return 0;
}

int
network_person_in_region(struct db *db, int64_t person_id, int64_t region_id)
{
	int64_t one;

	return db_int64(db, "SELECT 1 FROM person p LEFT JOIN organisation o "
	    "ON o.id = p.organisation_id WHERE p.id = ?1 AND (o.id IS NULL OR "
	    "o.region_id = ?2)", DB_ARGS(db_int(person_id), db_int(region_id)),
	    &one);
}

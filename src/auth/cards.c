/*
 * cards.c - accounts as other modules show them and write to: an action's
 * owner, who changed it, whom a reminder goes to, who works on a
 * municipality.  The auth module's tables stay its own; the programme
 * reads them through these.
 */
#include <stddef.h>
#include <string.h>

#include "auth/account.h"
#include "db/rows.h"

#define CARD_COLUMNS "id, CASE WHEN erased_at IS NULL THEN " \
	"COALESCE(NULLIF(name, ''), email) ELSE '' END, CASE WHEN erased_at " \
	"IS NULL THEN email ELSE '' END, lang, role, CASE WHEN active = 1 AND " \
	"notify = 1 AND erased_at IS NULL THEN 1 ELSE 0 END, CASE WHEN " \
	"active = 1 AND erased_at IS NULL THEN 1 ELSE 0 END FROM account "

static int
card_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct account_card *c = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&c->id), db_as_str(&c->name),
	    db_as_str(&c->email), db_as_str(&c->lang)));
	if (role_parse(db_col_text(st, 4), &c->role) != 0)
		c->role = ROLE_SUPPORTER;
	c->reachable = db_col_int64(st, 5) == 1;
	c->active = db_col_int64(st, 6) == 1;
	return 0;
}

int
account_cards(struct db *db, struct arena *a, const int64_t *ids, size_t n,
    struct account_card *out)
{
	size_t i;

	memset(out, 0, n * sizeof(*out));
	for (i = 0; i < n; i++) {
		out[i].name = out[i].email = "";
		out[i].lang = "fi";
	}
	return db_rows_at_ids(db, a, "SELECT " CARD_COLUMNS "WHERE id IN ("
	    DB_IDS ")", ids, n, card_row, sizeof(*out),
	    offsetof(struct account_card, id), out);
}

int
account_reachable_tutors(struct db *db, struct arena *a,
    struct account_card **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT " CARD_COLUMNS "WHERE role = 'tutor' AND "
	    "notify = 1 AND active = 1 AND erased_at IS NULL ORDER BY id",
	    DB_NOARGS, card_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
account_workers_of(struct db *db, struct arena *a, const char *code,
    struct account_card **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT " CARD_COLUMNS "WHERE active = 1 AND "
	    "erased_at IS NULL AND ((role = 'municipal-coordinator' AND "
	    "municipality_code = ?1) OR (role = 'tutor' AND id IN (SELECT "
	    "account_id FROM account_scope WHERE kind = 'municipality' AND "
	    "ref = ?1))) ORDER BY id", DB_ARGS(db_text(code)), card_row,
	    sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
account_set_notify(struct db *db, int64_t id, bool on)
{
	return db_run(db, "UPDATE account SET notify = ?2 WHERE id = ?1",
	    DB_ARGS(db_int(id), db_int(on)), NULL) == 0 ? 0 : -1;
}

int
account_notify(struct db *db, int64_t id)
{
	int64_t on;
	int rc;

	rc = db_int64(db, "SELECT notify FROM account WHERE id = ?1",
	    DB_ARGS(db_int(id)), &on);
	return rc < 0 ? -1 : rc == 0 && on != 0;
}

/*
 * apitoken.c - personal access tokens, stored hashed.
 */
#include <string.h>

#include "auth/apitoken.h"
#include "auth/session.h"
#include "db/rows.h"

int64_t
apitoken_create(struct db *db, struct arena *a, int64_t account_id,
    const char *name, bool can_write, int64_t now, const char **secret)
{
	char tok[TOKEN_B64_LEN + 1], hash[TOKEN_HASH_HEX + 1];
	int64_t id;

	token_new(tok);
	token_hash(tok, hash);
	if (db_insert(db, "INSERT INTO api_token (account_id, name, token_hash, "
	    "scope, created_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
	    DB_ARGS(db_int(account_id), db_text(name), db_text(hash),
	    db_text(can_write ? "write" : "read"), db_int(now)), &id) != 0)
		return -1;
	*secret = arena_printf(a, APITOKEN_PREFIX "%s", tok);
	return id;
}

int
apitoken_revoke(struct db *db, int64_t account_id, int64_t id, int64_t now)
{
	int64_t changed;

	/* id is the key: one row or none. */
	if (db_run(db, "UPDATE api_token SET revoked_at = ?3 WHERE id = ?1 "
	    "AND account_id = ?2 AND revoked_at IS NULL",
	    DB_ARGS(db_int(id), db_int(account_id), db_int(now)), &changed) != 0)
		return -1;
	return changed == 1 ? 0 : changed == 0 ? 1 : -1;
}

static int
apitoken_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct apitoken *t = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&t->id), db_as_str(&t->name)));
	t->can_write = strcmp(db_col_text(st, 2), "write") == 0;
	db_cols(st, NULL, 3, DB_COLS(db_as_int(&t->created_at),
	    db_as_int(&t->last_used_at), db_as_int(&t->revoked_at)));
	return 0;
}

#define APITOKEN_COLUMNS "SELECT id, name, scope, created_at, last_used_at, " \
	"revoked_at FROM api_token "

int
apitoken_list(struct db *db, struct arena *a, int64_t account_id,
    struct apitoken **out, size_t *n)
{
	*out = db_rows(db, a, APITOKEN_COLUMNS "WHERE account_id = ?1 "
	    "ORDER BY id DESC", DB_ARGS(db_int(account_id)), apitoken_row,
	    sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
apitoken_own_valid(struct db *db, struct arena *a, int64_t account_id,
    int64_t id, struct apitoken *out)
{
	return db_row(db, a, APITOKEN_COLUMNS "WHERE id = ?1 AND "
	    "account_id = ?2 AND revoked_at IS NULL",
	    DB_ARGS(db_int(id), db_int(account_id)), apitoken_row, out);
}

struct apitoken_owner {
	int64_t id, account;
	bool can_write;
};

static int
apitoken_owner_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct apitoken_owner *o = out;

	(void)a;
	o->id = db_col_int64(st, 0);
	o->account = db_col_int64(st, 1);
	o->can_write = strcmp(db_col_text(st, 2), "write") == 0;
	return 0;
}

int
apitoken_load(struct db *db, struct arena *a, const char *secret,
    struct user *u)
{
	char hash[TOKEN_HASH_HEX + 1];
	struct apitoken_owner o;
	int rc;

	if (strncmp(secret, APITOKEN_PREFIX, 4) != 0 ||
	    !token_well_formed(secret + 4))
		return 1;
	token_hash(secret + 4, hash);
	rc = db_row(db, a, "SELECT id, account_id, scope FROM api_token WHERE "
	    "token_hash = ?1 AND revoked_at IS NULL", DB_ARGS(db_text(hash)),
	    apitoken_owner_row, &o);
	if (rc != 0)
		return rc;
	if ((rc = session_load_account(db, a, o.account, u)) != 0)
		return rc;
	u->via_api_token = true;
	u->token_id = o.id;
	u->token_can_write = o.can_write;
	u->csrf = NULL;
	return 0;
}

int
apitoken_touch(struct db *db, int64_t id, int64_t now)
{
	if (db == NULL)
		return -1;
	return db_run(db, "UPDATE api_token SET last_used_at = ?2 WHERE id = ?1 "
	    "AND (last_used_at IS NULL OR last_used_at <= ?2 - 60)",
	    DB_ARGS(db_int(id), db_int(now)), NULL) == 0 ? 0 : -1;
}

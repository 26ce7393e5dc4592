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
	struct db_stmt *st;
	int rc;

	token_new(tok);
	token_hash(tok, hash);
	st = db_prepare(db, "INSERT INTO api_token (account_id, name, token_hash, "
	    "scope, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, account_id);
	db_bind_cstr(st, 2, name);
	db_bind_cstr(st, 3, hash);
	db_bind_cstr(st, 4, can_write ? "write" : "read");
	db_bind_int64(st, 5, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*secret = arena_printf(a, APITOKEN_PREFIX "%s", tok);
	return db_last_id(db);
}

int
apitoken_revoke(struct db *db, int64_t account_id, int64_t id, int64_t now)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE api_token SET revoked_at = ?3 WHERE id = ?1 "
	    "AND account_id = ?2 AND revoked_at IS NULL RETURNING id");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, account_id);
	db_bind_int64(st, 3, now);
	rc = db_step(st);
	if (rc == DB_ROW)
		rc = db_step(st) == DB_DONE ? DB_ROW : DB_ERROR;
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

static int
apitoken_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct apitoken *t = out;

	t->id = db_col_int64(st, 0);
	t->name = db_col_dup(st, a, 1);
	t->can_write = strcmp(db_col_text(st, 2), "write") == 0;
	t->created_at = db_col_int64(st, 3);
	t->last_used_at = db_col_is_null(st, 4) ? 0 : db_col_int64(st, 4);
	t->revoked_at = db_col_is_null(st, 5) ? 0 : db_col_int64(st, 5);
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

int
apitoken_load(struct db *db, struct arena *a, const char *secret,
    struct user *u)
{
	char hash[TOKEN_HASH_HEX + 1];
	struct db_stmt *st;
	int64_t id = 0, account = 0;
	bool can_write = false;
	int rc;

	if (strncmp(secret, APITOKEN_PREFIX, 4) != 0 ||
	    !token_well_formed(secret + 4))
		return 1;
	token_hash(secret + 4, hash);
	st = db_prepare(db, "SELECT id, account_id, scope FROM api_token WHERE "
	    "token_hash = ?1 AND revoked_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, hash);
	rc = db_step(st);
	if (rc == DB_ROW) {
		id = db_col_int64(st, 0);
		account = db_col_int64(st, 1);
		can_write = strcmp(db_col_text(st, 2), "write") == 0;
	}
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 1 : -1;
	if ((rc = session_load_account(db, a, account, u)) != 0)
		return rc;
	u->via_api_token = true;
	u->token_id = id;
	u->token_can_write = can_write;
	u->csrf = NULL;
	return 0;
}

int
apitoken_touch(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st;
	int rc;

	if (db == NULL)
		return -1;
	st = db_prepare(db, "UPDATE api_token SET last_used_at = ?2 WHERE id = ?1 "
	    "AND (last_used_at IS NULL OR last_used_at <= ?2 - 60)");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, now);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

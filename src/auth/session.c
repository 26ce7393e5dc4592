/*
 * session.c - session tokens, stored hashed.
 */
#include <sodium.h>
#include <string.h>

#include "auth/session.h"
#include "base/log.h"
#include "base/settings.h"
#include "db/rows.h"

int64_t
session_max_age(void)
{
	return config_get()->session_max;
}

void
token_new(char out[TOKEN_B64_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_B64_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
token_hash(const char *token, char out[TOKEN_HASH_HEX + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, TOKEN_HASH_HEX + 1, h, sizeof(h));
}

int
token_well_formed(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != TOKEN_B64_LEN)
		return 0;
	for (i = 0; i < TOKEN_B64_LEN; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

int
session_create(struct db *db, struct arena *a, int64_t account_id, int64_t now,
    const char **token, const char **csrf)
{
	char tok[TOKEN_B64_LEN + 1], hash[TOKEN_HASH_HEX + 1];
	char *c = arena_alloc(a, TOKEN_B64_LEN + 1);
	struct db_stmt *st;
	int rc;

	token_new(tok);
	token_new(c);
	token_hash(tok, hash);
	st = db_prepare(db, "INSERT INTO session (id_hash, account_id, csrf, "
	    "created_at, seen_at) VALUES (?1, ?2, ?3, ?4, ?4)");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, hash);
	db_bind_int64(st, 2, account_id);
	db_bind_cstr(st, 3, c);
	db_bind_int64(st, 4, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*token = arena_strdup(a, tok);
	*csrf = c;
	sodium_memzero(tok, sizeof(tok));
	return 0;
}

int
session_load_account(struct db *db, struct arena *a, int64_t account_id,
    struct user *u)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	st = db_prepare(db, "SELECT email, name, role, region_id, "
	    "municipality_code FROM account WHERE id = ?1 AND active = 1 AND "
	    "erased_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, account_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		u->id = account_id;
		u->email = arena_strdup(a, db_col_text(st, 0));
		u->name = arena_strdup(a, db_col_text(st, 1));
		if (role_parse(db_col_text(st, 2), &u->role) != 0)
			rc = DB_ERROR;
		u->region_id = db_col_is_null(st, 3) ? 0 : db_col_int64(st, 3);
		u->municipality = db_col_is_null(st, 4) ? NULL :
		    arena_strdup(a, db_col_text(st, 4));
	}
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 1 : -1;

	u->scopes = NULL;
	u->nscopes = 0;
	/* A tutor works on the municipalities given in the account's scope
	 * and on those the programme assigned to them, in any period. */
	st = db_prepare(db, "SELECT ref FROM account_scope WHERE account_id = ?1 "
	    "UNION SELECT ta.municipality_code FROM tutor_assignment_account taa "
	    "JOIN tutor_assignment ta ON ta.id = taa.assignment_id WHERE "
	    "taa.account_id = ?1 ORDER BY 1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, account_id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (u->nscopes == cap) {
			const char **n;

			cap = cap ? cap * 2 : 8;
			n = arena_calloc(a, cap, sizeof(*n));
			if (u->nscopes)
				memcpy(n, u->scopes, u->nscopes * sizeof(*n));
			u->scopes = n;
		}
		u->scopes[u->nscopes++] = arena_strdup(a, db_col_text(st, 0));
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
session_load(struct db *db, struct arena *a, const char *token, int64_t now,
    struct user *u)
{
	char hash[TOKEN_HASH_HEX + 1];
	struct db_stmt *st;
	int64_t account = 0, created = 0, seen = 0;
	const char *csrf = NULL;
	int rc;

	if (!token_well_formed(token))
		return 1;
	token_hash(token, hash);
	st = db_prepare(db, "SELECT account_id, csrf, created_at, seen_at FROM "
	    "session WHERE id_hash = ?1");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, hash);
	rc = db_step(st);
	if (rc == DB_ROW) {
		account = db_col_int64(st, 0);
		csrf = arena_strdup(a, db_col_text(st, 1));
		created = db_col_int64(st, 2);
		seen = db_col_int64(st, 3);
	}
	db_done(st);
	if (rc == DB_DONE)
		return 1;
	if (rc != DB_ROW)
		return -1;

	if (now - seen > config_get()->session_idle ||
	    now - created > config_get()->session_max) {
		/* A single statement is its own transaction. */
		st = db_prepare(db, "DELETE FROM session WHERE id_hash = ?1");
		if (st != NULL) {
			db_bind_cstr(st, 1, hash);
			db_step(st);
			db_done(st);
		}
		return 1;
	}
	if (now - seen >= 60) {
		st = db_prepare(db, "UPDATE session SET seen_at = ?2 WHERE "
		    "id_hash = ?1");
		if (st != NULL) {
			db_bind_cstr(st, 1, hash);
			db_bind_int64(st, 2, now);
			db_step(st);
			db_done(st);
		}
	}
	rc = session_load_account(db, a, account, u);
	if (rc == 0)
		u->csrf = csrf;
	return rc;
}

int
session_destroy(struct db *db, const char *token)
{
	char hash[TOKEN_HASH_HEX + 1];
	struct db_stmt *st;
	int rc;

	if (!token_well_formed(token))
		return 0;
	token_hash(token, hash);
	st = db_prepare(db, "DELETE FROM session WHERE id_hash = ?1");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, hash);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
session_destroy_all(struct db *db, int64_t account_id)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "DELETE FROM session WHERE account_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, account_id);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
session_count(struct db *db, int64_t account_id, int64_t *n)
{
	return db_int64(db, "SELECT count(*) FROM session WHERE account_id = ?1",
	    DB_ARGS(db_int(account_id)), n) == 0 ? 0 : -1;
}

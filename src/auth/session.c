/*
 * session.c - session tokens, stored hashed.
 */
#include <sodium.h>
#include <stdlib.h>
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

	token_new(tok);
	token_new(c);
	token_hash(tok, hash);
	if (db_run(db, "INSERT INTO session (id_hash, account_id, csrf, "
	    "created_at, seen_at) VALUES (?1, ?2, ?3, ?4, ?4)",
	    DB_ARGS(db_text(hash), db_int(account_id), db_text(c), db_int(now)),
	    NULL) != 0)
		return -1;
	*token = arena_strdup(a, tok);
	*csrf = c;
	sodium_memzero(tok, sizeof(tok));
	return 0;
}

static int
session_user_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct user *u = out;

	db_cols(st, a, 0, DB_COLS(db_as_str(&u->email), db_as_str(&u->name)));
	if (role_parse(db_col_text(st, 2), &u->role) != 0)
		return -1;
	u->region_id = db_col_int64(st, 3);
	u->municipality = db_col_is_null(st, 4) ? NULL : db_col_dup(st, a, 4);
	return 0;
}

static session_scope_fn session_more_scopes;

void
session_scope_source(session_scope_fn fn)
{
	session_more_scopes = fn;
}

static int
session_scope_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* own and more together in u->scopes, sorted, each once. */
static int
session_scopes(struct arena *a, struct user *u, const char **own,
    size_t nown, const char **more, size_t nmore)
{
	const char **v = arena_alloc(a, (nown + nmore + 1) * sizeof(*v));
	size_t i, k = 0;

	for (i = 0; i < nown; i++)
		v[k++] = own[i];
	for (i = 0; i < nmore; i++)
		v[k++] = more[i];
	qsort(v, k, sizeof(*v), session_scope_cmp);
	u->nscopes = 0;
	for (i = 0; i < k; i++)
		if (u->nscopes == 0 ||
		    strcmp(v[u->nscopes - 1], v[i]) != 0)
			v[u->nscopes++] = v[i];
	u->scopes = v;
	return 0;
}

int
session_load_account(struct db *db, struct arena *a, int64_t account_id,
    struct user *u)
{
	const char **own, **more = NULL;
	size_t nown, nmore = 0;
	int rc;

	rc = db_row(db, a, "SELECT email, name, role, region_id, "
	    "municipality_code FROM account WHERE id = ?1 AND active = 1 AND "
	    "erased_at IS NULL", DB_ARGS(db_int(account_id)), session_user_row,
	    u);
	if (rc != 0)
		return rc;
	u->id = account_id;
	/* A tutor works on the municipalities given in the account's scope
	 * and on those the programme assigned to them, in any period. */
	own = db_strs(db, a, "SELECT ref FROM account_scope WHERE "
	    "account_id = ?1", DB_ARGS(db_int(account_id)), &nown);
	if (own == NULL)
		return -1;
	if (session_more_scopes != NULL &&
	    (more = session_more_scopes(db, a, account_id, &nmore)) == NULL)
		return -1;
	return session_scopes(a, u, own, nown, more, nmore);
}

struct session_row {
	int64_t account, created, seen;
	const char *csrf;
};

static int
session_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct session_row *s = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&s->account), db_as_str(&s->csrf),
	    db_as_int(&s->created), db_as_int(&s->seen)));
	return 0;
}

int
session_load(struct db *db, struct arena *a, const char *token, int64_t now,
    struct user *u)
{
	char hash[TOKEN_HASH_HEX + 1];
	struct session_row s;
	int rc;

	if (!token_well_formed(token))
		return 1;
	token_hash(token, hash);
	rc = db_row(db, a, "SELECT account_id, csrf, created_at, seen_at FROM "
	    "session WHERE id_hash = ?1", DB_ARGS(db_text(hash)), session_row,
	    &s);
	if (rc != 0)
		return rc;

	if (now - s.seen > config_get()->session_idle ||
	    now - s.created > config_get()->session_max) {
		/* A single statement is its own transaction. */
		(void)db_run(db, "DELETE FROM session WHERE id_hash = ?1",
		    DB_ARGS(db_text(hash)), NULL);
		return 1;
	}
	if (now - s.seen >= 60)
		(void)db_run(db, "UPDATE session SET seen_at = ?2 WHERE "
		    "id_hash = ?1", DB_ARGS(db_text(hash), db_int(now)), NULL);
	rc = session_load_account(db, a, s.account, u);
	if (rc == 0)
		u->csrf = s.csrf;
	return rc;
}

int
session_destroy(struct db *db, const char *token)
{
	char hash[TOKEN_HASH_HEX + 1];

	if (!token_well_formed(token))
		return 0;
	token_hash(token, hash);
	return db_run(db, "DELETE FROM session WHERE id_hash = ?1",
	    DB_ARGS(db_text(hash)), NULL) == 0 ? 0 : -1;
}

int
session_destroy_all(struct db *db, int64_t account_id)
{
	return db_run(db, "DELETE FROM session WHERE account_id = ?1",
	    DB_ARGS(db_int(account_id)), NULL) == 0 ? 0 : -1;
}

int
session_count(struct db *db, int64_t account_id, int64_t *n)
{
	return db_int64(db, "SELECT count(*) FROM session WHERE account_id = ?1",
	    DB_ARGS(db_int(account_id)), n) == 0 ? 0 : -1;
}

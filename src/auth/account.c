/*
 * account.c - account storage and link tokens.
 */
#include <ctype.h>
#include <string.h>

#include "auth/account.h"
#include "auth/session.h"
#include "base/utf8.h"
#include "view/i18n.h"

const char *
account_normalise_email(struct arena *a, const char *email)
{
	const char *at, *dot;
	char *e;
	size_t i, n;

	while (*email == ' ' || *email == '\t')
		email++;
	n = strlen(email);
	while (n > 0 && (email[n - 1] == ' ' || email[n - 1] == '\t'))
		n--;
	if (n == 0 || n > ACCOUNT_EMAIL_MAX || !utf8_valid(email, n))
		return NULL;
	e = arena_strndup(a, email, n);
	for (i = 0; i < n; i++) {
		if ((unsigned char)e[i] <= ' ' || strchr("<>,;\"()[]\\", e[i]))
			return NULL;
		e[i] = (char)tolower((unsigned char)e[i]);
	}
	at = strchr(e, '@');
	if (at == NULL || at == e || strchr(at + 1, '@') != NULL)
		return NULL;
	dot = strrchr(at, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return NULL;
	return e;
}

#define ACCOUNT_COLS "id, email, name, password_hash, role, region_id, " \
	"municipality_code, active, lang, created_at, last_login_at"

static void
account_row(struct db_stmt *st, struct arena *a, struct account *out)
{
	memset(out, 0, sizeof(*out));
	out->id = db_col_int64(st, 0);
	out->email = arena_strdup(a, db_col_text(st, 1));
	out->name = arena_strdup(a, db_col_text(st, 2));
	out->password_hash = db_col_is_null(st, 3) ? NULL :
	    arena_strdup(a, db_col_text(st, 3));
	if (role_parse(db_col_text(st, 4), &out->role) != 0)
		out->role = ROLE_PUBLIC;
	out->region_id = db_col_is_null(st, 5) ? 0 : db_col_int64(st, 5);
	out->municipality = db_col_is_null(st, 6) ? NULL :
	    arena_strdup(a, db_col_text(st, 6));
	out->active = db_col_int64(st, 7) != 0;
	out->lang = arena_strdup(a, db_col_text(st, 8));
	out->created_at = db_col_int64(st, 9);
	out->last_login_at = db_col_is_null(st, 10) ? 0 : db_col_int64(st, 10);
}

int
account_by_email(struct db *db, struct arena *a, const char *email,
    struct account *out)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT " ACCOUNT_COLS " FROM account WHERE "
	    "email = ?1 AND erased_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, email);
	rc = db_step(st);
	if (rc == DB_ROW)
		account_row(st, a, out);
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int
account_by_id(struct db *db, struct arena *a, int64_t id, struct account *out)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	st = db_prepare(db, "SELECT " ACCOUNT_COLS " FROM account WHERE id = ?1 "
	    "AND erased_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		account_row(st, a, out);
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 1 : -1;
	st = db_prepare(db, "SELECT ref FROM account_scope WHERE account_id = ?1 "
	    "ORDER BY ref");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (out->nscopes == cap) {
			const char **n;

			cap = cap ? cap * 2 : 8;
			n = arena_calloc(a, cap, sizeof(*n));
			if (out->nscopes)
				memcpy(n, out->scopes, out->nscopes * sizeof(*n));
			out->scopes = n;
		}
		out->scopes[out->nscopes++] = arena_strdup(a, db_col_text(st, 0));
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
account_set_password(struct db *db, int64_t id, const char *hash)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE account SET password_hash = ?2 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_cstr(st, 2, hash);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
account_touch_login(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE account SET last_login_at = ?2 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, now);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
account_token_create(struct db *db, struct arena *a, int64_t account_id,
    const char *purpose, int64_t ttl, int64_t now, const char **secret)
{
	char tok[TOKEN_B64_LEN + 1], hash[TOKEN_HASH_HEX + 1];
	struct db_stmt *st;
	int rc;

	/* Only the newest link of a kind works: an old e-mail lying in an
	 * inbox cannot be used after a new one was asked for. */
	st = db_prepare(db, "UPDATE account_token SET used_at = ?3 WHERE "
	    "account_id = ?1 AND purpose = ?2 AND used_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, account_id);
	db_bind_cstr(st, 2, purpose);
	db_bind_int64(st, 3, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	token_new(tok);
	token_hash(tok, hash);
	st = db_prepare(db, "INSERT INTO account_token (token_hash, account_id, "
	    "purpose, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, hash);
	db_bind_int64(st, 2, account_id);
	db_bind_cstr(st, 3, purpose);
	db_bind_int64(st, 4, now);
	db_bind_int64(st, 5, now + ttl);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*secret = arena_strdup(a, tok);
	return 0;
}

int
account_token_peek(struct db *db, struct arena *a, const char *secret,
    int64_t now, int64_t *account_id, const char **purpose)
{
	char hash[TOKEN_HASH_HEX + 1];
	struct db_stmt *st;
	int rc;

	if (!token_well_formed(secret))
		return 1;
	token_hash(secret, hash);
	st = db_prepare(db, "SELECT t.account_id, t.purpose FROM account_token t "
	    "JOIN account a ON a.id = t.account_id WHERE t.token_hash = ?1 AND "
	    "t.used_at IS NULL AND t.expires_at > ?2 AND a.active = 1 AND "
	    "a.erased_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, hash);
	db_bind_int64(st, 2, now);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*account_id = db_col_int64(st, 0);
		*purpose = arena_strdup(a, db_col_text(st, 1));
	}
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int
account_token_use(struct db *db, const char *secret, int64_t now)
{
	char hash[TOKEN_HASH_HEX + 1];
	struct db_stmt *st;
	int rc;

	if (!token_well_formed(secret))
		return 1;
	token_hash(secret, hash);
	st = db_prepare(db, "UPDATE account_token SET used_at = ?2 WHERE "
	    "token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 "
	    "RETURNING account_id");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, hash);
	db_bind_int64(st, 2, now);
	rc = db_step(st);
	if (rc == DB_ROW)
		rc = db_step(st) == DB_DONE ? DB_ROW : DB_ERROR;
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

const char *
account_grant_problem(const struct account_grant *g)
{
	switch (g->role) {
	case ROLE_COORDINATOR:
		if (g->region_id == 0)
			return N_("A network coordinator needs a region.");
		break;
	case ROLE_MUNICIPAL:
		if (g->municipality == NULL)
			return N_("A municipal coordinator needs a municipality.");
		break;
	case ROLE_TUTOR:
		if (g->nscopes == 0)
			return N_("A tutor needs at least one municipality to support.");
		break;
	case ROLE_ADMIN:
	case ROLE_SUPPORTER:
		break;
	case ROLE_PUBLIC:
		return N_("Choose a role.");
	}
	return NULL;
}

/* Scopes are replaced whole: the form shows every assigned municipality,
 * so what comes back is the full new list. */
static int
account_write_scopes(struct db *db, int64_t id, const struct account_grant *g)
{
	struct db_stmt *st;
	size_t i;
	int rc;

	st = db_prepare(db, "DELETE FROM account_scope WHERE account_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	for (i = 0; i < g->nscopes; i++) {
		st = db_prepare(db, "INSERT INTO account_scope (account_id, kind, "
		    "ref) VALUES (?1, 'municipality', ?2) ON CONFLICT DO NOTHING");
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, id);
		db_bind_cstr(st, 2, g->scopes[i]);
		rc = db_step(st);
		db_done(st);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

int64_t
account_create(struct db *db, const char *email, const char *name,
    const struct account_grant *g, const char *lang, int64_t now)
{
	struct db_stmt *st;
	int64_t id;
	int rc;

	st = db_prepare(db, "INSERT INTO account (email, name, role, region_id, "
	    "municipality_code, lang, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7)");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, email);
	db_bind_cstr(st, 2, name ? name : "");
	db_bind_cstr(st, 3, role_name(g->role));
	if (g->region_id)
		db_bind_int64(st, 4, g->region_id);
	else
		db_bind_null(st, 4);
	db_bind_cstr(st, 5, g->municipality);
	db_bind_cstr(st, 6, lang ? lang : "fi");
	db_bind_int64(st, 7, now);
	rc = db_step(st);
	db_done(st);
	if (rc == DB_CONSTRAINT)
		return 0;
	if (rc != DB_DONE)
		return -1;
	id = db_last_id(db);
	return account_write_scopes(db, id, g) == 0 ? id : -1;
}

int
account_set_grant(struct db *db, int64_t id, const struct account_grant *g)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE account SET role = ?2, region_id = ?3, "
	    "municipality_code = ?4 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_cstr(st, 2, role_name(g->role));
	if (g->region_id)
		db_bind_int64(st, 3, g->region_id);
	else
		db_bind_null(st, 3);
	db_bind_cstr(st, 4, g->municipality);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	return account_write_scopes(db, id, g);
}

/*
 * account.c - account storage and link tokens.
 */
#include <ctype.h>
#include <string.h>

#include "auth/account.h"
#include "auth/session.h"
#include "base/utf8.h"
#include "db/rows.h"
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

static int
account_row(struct db_stmt *st, struct arena *a, void *p)
{
	struct account *out = p;

	memset(out, 0, sizeof(*out));
	db_cols(st, a, 0, DB_COLS(db_as_int(&out->id), db_as_str(&out->email),
	    db_as_str(&out->name)));
	out->password_hash = db_col_is_null(st, 3) ? NULL :
	    db_col_dup(st, a, 3);
	if (role_parse(db_col_text(st, 4), &out->role) != 0)
		out->role = ROLE_PUBLIC;
	out->region_id = db_col_int64(st, 5);
	out->municipality = db_col_is_null(st, 6) ? NULL :
	    db_col_dup(st, a, 6);
	out->active = db_col_int64(st, 7) != 0;
	db_cols(st, a, 8, DB_COLS(db_as_str(&out->lang),
	    db_as_int(&out->created_at), db_as_int(&out->last_login_at)));
	return 0;
}

int
account_by_email(struct db *db, struct arena *a, const char *email,
    struct account *out)
{
	return db_row(db, a, "SELECT " ACCOUNT_COLS " FROM account WHERE "
	    "email = ?1 AND erased_at IS NULL", DB_ARGS(db_text(email)),
	    account_row, out);
}

int
account_by_id(struct db *db, struct arena *a, int64_t id, struct account *out)
{
	int rc;

	rc = db_row(db, a, "SELECT " ACCOUNT_COLS " FROM account WHERE id = ?1 "
	    "AND erased_at IS NULL", DB_ARGS(db_int(id)), account_row, out);
	if (rc != 0)
		return rc;
	out->scopes = db_strs(db, a, "SELECT ref FROM account_scope WHERE "
	    "account_id = ?1 ORDER BY ref", DB_ARGS(db_int(id)), &out->nscopes);
	return out->scopes != NULL ? 0 : -1;
}

int
account_set_password(struct db *db, int64_t id, const char *hash)
{
	return db_run(db, "UPDATE account SET password_hash = ?2 WHERE id = ?1",
	    DB_ARGS(db_int(id), db_text(hash)), NULL) == 0 ? 0 : -1;
}

int
account_touch_login(struct db *db, int64_t id, int64_t now)
{
	return db_run(db, "UPDATE account SET last_login_at = ?2 WHERE id = ?1",
	    DB_ARGS(db_int(id), db_int(now)), NULL) == 0 ? 0 : -1;
}

int
account_token_create(struct db *db, struct arena *a, int64_t account_id,
    const char *purpose, int64_t ttl, int64_t now, const char **secret)
{
	char tok[TOKEN_B64_LEN + 1], hash[TOKEN_HASH_HEX + 1];

	/* Only the newest link of a kind works: an old e-mail lying in an
	 * inbox cannot be used after a new one was asked for. */
	if (db_run(db, "UPDATE account_token SET used_at = ?3 WHERE "
	    "account_id = ?1 AND purpose = ?2 AND used_at IS NULL",
	    DB_ARGS(db_int(account_id), db_text(purpose), db_int(now)),
	    NULL) != 0)
		return -1;
	token_new(tok);
	token_hash(tok, hash);
	if (db_run(db, "INSERT INTO account_token (token_hash, account_id, "
	    "purpose, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	    DB_ARGS(db_text(hash), db_int(account_id), db_text(purpose),
	    db_int(now), db_int(now + ttl)), NULL) != 0)
		return -1;
	*secret = arena_strdup(a, tok);
	return 0;
}

struct token_peek {
	int64_t account_id;
	const char *purpose;
};

static int
token_peek_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct token_peek *t = out;

	t->account_id = db_col_int64(st, 0);
	t->purpose = db_col_dup(st, a, 1);
	return 0;
}

int
account_token_peek(struct db *db, struct arena *a, const char *secret,
    int64_t now, int64_t *account_id, const char **purpose)
{
	char hash[TOKEN_HASH_HEX + 1];
	struct token_peek t;
	int rc;

	if (!token_well_formed(secret))
		return 1;
	token_hash(secret, hash);
	rc = db_row(db, a, "SELECT t.account_id, t.purpose FROM account_token t "
	    "JOIN account a ON a.id = t.account_id WHERE t.token_hash = ?1 AND "
	    "t.used_at IS NULL AND t.expires_at > ?2 AND a.active = 1 AND "
	    "a.erased_at IS NULL", DB_ARGS(db_text(hash), db_int(now)),
	    token_peek_row, &t);
	if (rc == 0) {
		*account_id = t.account_id;
		*purpose = t.purpose;
	}
	return rc;
}

int
account_token_use(struct db *db, const char *secret, int64_t now)
{
	char hash[TOKEN_HASH_HEX + 1];
	int64_t changed;

	if (!token_well_formed(secret))
		return 1;
	token_hash(secret, hash);
	/* token_hash is the key: one row or none. */
	if (db_run(db, "UPDATE account_token SET used_at = ?2 WHERE "
	    "token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
	    DB_ARGS(db_text(hash), db_int(now)), &changed) != 0)
		return -1;
	return changed == 1 ? 0 : changed == 0 ? 1 : -1;
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
	size_t i;

	if (db_run(db, "DELETE FROM account_scope WHERE account_id = ?1",
	    DB_ARGS(db_int(id)), NULL) != 0)
		return -1;
	/* A supporter's scopes are the service points they keep (ids); a
	 * tutor's, the municipalities they tutor (codes). */
	for (i = 0; i < g->nscopes; i++)
		if (db_run(db, "INSERT INTO account_scope (account_id, kind, "
		    "ref) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
		    DB_ARGS(db_int(id), db_text(g->role == ROLE_SUPPORTER ?
		    "service-point" : "municipality"), db_text(g->scopes[i])),
		    NULL) != 0)
			return -1;
	return 0;
}

int64_t
account_create(struct db *db, const char *email, const char *name,
    const struct account_grant *g, const char *lang, int64_t now)
{
	int64_t id;
	int rc;

	rc = db_insert(db, "INSERT INTO account (email, name, role, region_id, "
	    "municipality_code, lang, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7) RETURNING id", DB_ARGS(db_text(email),
	    db_text(name ? name : ""), db_text(role_name(g->role)),
	    db_id_or_null(g->region_id), db_text(g->municipality),
	    db_text(lang ? lang : "fi"), db_int(now)), &id);
	if (rc == DB_CONSTRAINT)
		return 0;
	if (rc != 0)
		return -1;
	return account_write_scopes(db, id, g) == 0 ? id : -1;
}

int
account_set_grant(struct db *db, int64_t id, const struct account_grant *g)
{
	if (db_run(db, "UPDATE account SET role = ?2, region_id = ?3, "
	    "municipality_code = ?4 WHERE id = ?1", DB_ARGS(db_int(id),
	    db_text(role_name(g->role)), db_id_or_null(g->region_id),
	    db_text(g->municipality)), NULL) != 0)
		return -1;
	return account_write_scopes(db, id, g);
}

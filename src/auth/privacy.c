/*
 * privacy.c - the auth module's privacy provider: accounts, scopes,
 * sessions, invitation and reset links, API tokens, throttle counters and
 * the audit log (privacy/provider.h).
 */
#include <stdio.h>
#include <string.h>

#include "auth/privacy.h"
#include "auth/session.h"
#include "auth/throttle.h"

static const char *const auth_tables[] = {
	"account", "account_scope", "session", "account_token", "api_token",
	"throttle", "audit_log", NULL,
};

int
auth_privacy_subject(struct db *db, struct arena *a, int64_t id,
    struct privacy_subject *out)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	st = privacy_prepare(db, "SELECT email, role, region_id FROM account "
	    "WHERE id = ?1 AND erased_at IS NULL", 1, id, 0, NULL);
	if (st == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = id;
		out->email = arena_strdup(a, db_col_text(st, 0));
		if (role_parse(db_col_text(st, 1), &out->role) != 0)
			out->role = ROLE_ADMIN;	/* unknown: the most protected */
		out->region_id = db_col_int64(st, 2);
		out->idtext = arena_printf(a, "%lld", (long long)id);
	}
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* --- export --- */

static const struct privacy_col account_cols[] = {
	{ "id", PRIVACY_INT }, { "email", PRIVACY_TEXT },
	{ "name", PRIVACY_TEXT }, { "role", PRIVACY_TEXT },
	{ "region", PRIVACY_INT }, { "municipality", PRIVACY_TEXT },
	{ "active", PRIVACY_BOOL }, { "language", PRIVACY_TEXT },
	{ "created_at", PRIVACY_TIME }, { "last_login_at", PRIVACY_TIME },
	{ "password_set", PRIVACY_BOOL }, { NULL, PRIVACY_TEXT },
};
static const struct privacy_col scope_cols[] = {
	{ "kind", PRIVACY_TEXT }, { "ref", PRIVACY_TEXT }, { NULL, 0 },
};
static const struct privacy_col session_cols[] = {
	{ "created_at", PRIVACY_TIME }, { "last_seen_at", PRIVACY_TIME },
	{ NULL, 0 },
};
static const struct privacy_col link_cols[] = {
	{ "purpose", PRIVACY_TEXT }, { "created_at", PRIVACY_TIME },
	{ "expires_at", PRIVACY_TIME }, { "used_at", PRIVACY_TIME },
	{ NULL, 0 },
};
static const struct privacy_col api_token_cols[] = {
	{ "name", PRIVACY_TEXT }, { "scope", PRIVACY_TEXT },
	{ "created_at", PRIVACY_TIME }, { "last_used_at", PRIVACY_TIME },
	{ "revoked_at", PRIVACY_TIME }, { NULL, 0 },
};
static const struct privacy_col audit_by_cols[] = {
	{ "at", PRIVACY_TIME }, { "action", PRIVACY_TEXT },
	{ "object_type", PRIVACY_TEXT }, { "object_id", PRIVACY_TEXT },
	{ "detail", PRIVACY_TEXT }, { "address", PRIVACY_TEXT }, { NULL, 0 },
};
static const struct privacy_col audit_about_cols[] = {
	{ "at", PRIVACY_TIME }, { "action", PRIVACY_TEXT },
	{ "detail", PRIVACY_TEXT }, { NULL, 0 },
};

/* Never a hash, a CSRF token or a session id: only what a person may read
 * back without it opening anything. */
static int
auth_export(struct db *db, const struct privacy_subject *s, json_t *doc)
{
	struct db_stmt *st;
	json_t *acct = NULL;
	int rc;

	/* "region" is read as the id; privacy_name_region() shows the
	 * region's code instead, through the network, which auth may not
	 * include. */
	st = privacy_prepare(db, "SELECT id, email, name, role, region_id, "
	    "municipality_code, active, lang, created_at, last_login_at, "
	    "password_hash IS NOT NULL FROM account WHERE id = ?1", 1, s->id,
	    0, NULL);
	if (st == NULL)
		return -1;
	if ((rc = db_step(st)) == DB_ROW)
		acct = privacy_row(st, account_cols);
	db_done(st);
	if (rc != DB_ROW || acct == NULL ||
	    json_object_set_new(doc, "account", acct) != 0 ||
	    privacy_name_region(db, acct, "region") != 0)
		return -1;
	if (privacy_section(doc, "scopes", privacy_prepare(db, "SELECT kind, "
	    "ref FROM account_scope WHERE account_id = ?1 ORDER BY kind, ref",
	    1, s->id, 0, NULL), scope_cols) != 0 ||
	    privacy_section(doc, "sessions", privacy_prepare(db, "SELECT "
	    "created_at, seen_at FROM session WHERE account_id = ?1 ORDER BY "
	    "created_at", 1, s->id, 0, NULL), session_cols) != 0 ||
	    privacy_section(doc, "links", privacy_prepare(db, "SELECT purpose, "
	    "created_at, expires_at, used_at FROM account_token WHERE "
	    "account_id = ?1 ORDER BY created_at", 1, s->id, 0, NULL),
	    link_cols) != 0 ||
	    privacy_section(doc, "api_tokens", privacy_prepare(db, "SELECT name, "
	    "scope, created_at, last_used_at, revoked_at FROM api_token WHERE "
	    "account_id = ?1 ORDER BY created_at, id", 1, s->id, 0, NULL),
	    api_token_cols) != 0 ||
	    privacy_section(doc, "audit_log_by_account", privacy_prepare(db,
	    "SELECT at, action, object_type, object_id, detail, address FROM "
	    "audit_log WHERE account_id = ?1 ORDER BY at, id", 1, s->id, 0,
	    NULL), audit_by_cols) != 0 ||
	    /* What others did to the account; their addresses are theirs. */
	    privacy_section(doc, "audit_log_about_account", privacy_prepare(db,
	    "SELECT at, action, detail FROM audit_log WHERE object_type = "
	    "'account' AND object_id = ?2 AND (account_id IS NULL OR "
	    "account_id <> ?1) ORDER BY at, id", 1, s->id, 0, s->idtext),
	    audit_about_cols) != 0)
		return -1;
	return 0;
}

/* --- erasure --- */

/*
 * The account row stays (the audit trail refers to it) but anonymised;
 * what hangs off it goes; the audit log keeps its rows and forgets their
 * client addresses.  The "account.erase" record is the caller's, last.
 */
static int
auth_erase(struct db *db, const struct privacy_subject *s, int64_t now)
{
	struct arena a;
	char anon[64];
	int rc = -1;

	snprintf(anon, sizeof(anon), "erased-%lld@invalid", (long long)s->id);
	arena_init(&a);
	if (privacy_exec(db, "UPDATE account SET email = ?3, name = '', "
	    "password_hash = NULL, active = 0, last_login_at = NULL, "
	    "erased_at = ?2 WHERE id = ?1", 2, s->id, now, anon) != 0 ||
	    privacy_exec(db, "DELETE FROM account_scope WHERE account_id = ?1",
	    1, s->id, 0, NULL) != 0 ||
	    privacy_exec(db, "DELETE FROM session WHERE account_id = ?1", 1,
	    s->id, 0, NULL) != 0 ||
	    privacy_exec(db, "DELETE FROM account_token WHERE account_id = ?1",
	    1, s->id, 0, NULL) != 0 ||
	    privacy_exec(db, "DELETE FROM api_token WHERE account_id = ?1", 1,
	    s->id, 0, NULL) != 0 ||
	    /* The counters kept under the address (as its hash). */
	    privacy_exec(db, "DELETE FROM throttle WHERE key = ?1", 0, 0, 0,
	    throttle_account_key(&a, "signin", s->email)) != 0 ||
	    privacy_exec(db, "DELETE FROM throttle WHERE key = ?1", 0, 0, 0,
	    throttle_account_key(&a, "reset", s->email)) != 0 ||
	    privacy_exec(db, "UPDATE audit_log SET address = '' WHERE "
	    "account_id = ?1 AND address <> ''", 1, s->id, 0, NULL) != 0)
		goto done;
	rc = 0;
done:
	arena_cleanup(&a);
	return rc;
}

/* --- retention --- */

/*
 * Sessions past their absolute lifetime can never be used again
 * (session_load() refuses and deletes them, but only when they are
 * presented).  Links are dead once used or expired; a throttle row is
 * forgotten once both its window and its block are over.  Audit entries
 * keep their rows and forget their client addresses after `days`.
 */
static int
auth_retention(struct db *db, int64_t now, int days,
    struct retention_counts *c)
{
	int64_t cutoff = now - (int64_t)days * 86400;

	if (privacy_change(db, "SELECT count(*) FROM session WHERE created_at "
	    "< ?1", "DELETE FROM session WHERE created_at < ?1", 1,
	    now - session_max_age(), 0, &c->sessions) != 0 ||
	    /* used_at > 0 (a time, set when used) rather than IS NOT
	     * NULL: a range, so both sides of the OR search an index. */
	    privacy_change(db, "SELECT count(*) FROM account_token WHERE "
	    "used_at > 0 OR expires_at <= ?1", "DELETE FROM "
	    "account_token WHERE used_at > 0 OR expires_at <= ?1", 1,
	    now, 0, &c->links) != 0 ||
	    privacy_change(db, "SELECT count(*) FROM throttle WHERE "
	    "window_start <= ?1 AND blocked_until <= ?2", "DELETE FROM "
	    "throttle WHERE window_start <= ?1 AND blocked_until <= ?2", 2,
	    now - THROTTLE_WINDOW, now, &c->throttles) != 0 ||
	    privacy_change(db, "SELECT count(*) FROM audit_log WHERE address "
	    "<> '' AND at < ?1", "UPDATE audit_log SET address = '' WHERE "
	    "address <> '' AND at < ?1", 1, cutoff, 0,
	    &c->audit_addresses) != 0)
		return -1;
	return 0;
}

const struct privacy_provider auth_privacy_provider = {
	.module = "auth",
	.tables = auth_tables,
	.export = auth_export,
	.erase = auth_erase,
	.retention = auth_retention,
};

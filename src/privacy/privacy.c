/*
 * privacy.c - export, erasure and retention of personal data.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "base/arena.h"
#include "base/log.h"
#include "privacy/privacy.h"

#define DAY 86400

/* --- statements ------------------------------------------------------ */

/*
 * Prepares sql and binds ?1..?nint to the integers i1, i2 and, when text
 * is given, ?(nint + 1) to it.  Only the parameters the statement names
 * are bound: SQLite refuses an index past its highest one.
 */
static struct db_stmt *
priv_prepare(struct db *db, const char *sql, int nint, int64_t i1, int64_t i2,
    const char *text)
{
	struct db_stmt *st = db_prepare(db, sql);

	if (st == NULL)
		return NULL;
	if ((nint >= 1 && db_bind_int64(st, 1, i1) != 0) ||
	    (nint >= 2 && db_bind_int64(st, 2, i2) != 0) ||
	    (text != NULL && db_bind_cstr(st, nint + 1, text) != 0)) {
		db_done(st);
		return NULL;
	}
	return st;
}

/* Runs a statement that returns no rows.  0 or -1. */
static int
priv_exec(struct db *db, const char *sql, int nint, int64_t i1, int64_t i2,
    const char *text)
{
	struct db_stmt *st = priv_prepare(db, sql, nint, i1, i2, text);
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * Counts the rows a change is about to touch, then makes it, in the
 * caller's transaction (which holds the write lock, so nothing comes in
 * between).  db.h has no "changes" call, and a count is the same in every
 * backend.  The count goes to *n; 0 or -1.
 */
static int
priv_change(struct db *db, const char *count_sql, const char *change_sql,
    int nint, int64_t i1, int64_t i2, int64_t *n)
{
	struct db_stmt *st = priv_prepare(db, count_sql, nint, i1, i2, NULL);

	if (st == NULL)
		return -1;
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return -1;
	}
	*n = db_col_int64(st, 0);
	db_done(st);
	if (*n == 0)
		return 0;
	return priv_exec(db, change_sql, nint, i1, i2, NULL);
}

/* --- export ---------------------------------------------------------- */

enum col_kind { COL_TEXT, COL_TIME, COL_BOOL, COL_INT };

struct col {
	const char *key;
	enum col_kind kind;
};

/*
 * One part of the export: a query and the names of its columns in the
 * document.  Parameters: ?1 the account id, ?2 its e-mail address (lower
 * case, as stored), ?3 the id as text (audit_log.object_id).  SQLite
 * refuses a parameter past the highest one a query names, so each section
 * says which that is.
 */
struct section {
	const char *key;
	const char *sql;
	int nparams;		/* highest parameter the query uses */
	struct col cols[10];
};

static const struct col account_cols[] = {
	{ "id", COL_INT }, { "email", COL_TEXT }, { "name", COL_TEXT },
	{ "role", COL_TEXT }, { "region", COL_TEXT },
	{ "municipality", COL_TEXT }, { "active", COL_BOOL },
	{ "language", COL_TEXT }, { "created_at", COL_TIME },
	{ "last_login_at", COL_TIME }, { "password_set", COL_BOOL },
	{ NULL, COL_TEXT },
};

/* Never a hash, a CSRF token or a session id: only what a person may read
 * back without it opening anything. */
static const struct section sections[] = {
	{ "scopes", "SELECT kind, ref FROM account_scope WHERE account_id = ?1 "
	    "ORDER BY kind, ref", 1,
	    { { "kind", COL_TEXT }, { "ref", COL_TEXT } } },
	{ "sessions", "SELECT created_at, seen_at FROM session WHERE "
	    "account_id = ?1 ORDER BY created_at", 1,
	    { { "created_at", COL_TIME }, { "last_seen_at", COL_TIME } } },
	{ "links", "SELECT purpose, created_at, expires_at, used_at FROM "
	    "account_token WHERE account_id = ?1 ORDER BY created_at", 1,
	    { { "purpose", COL_TEXT }, { "created_at", COL_TIME },
	      { "expires_at", COL_TIME }, { "used_at", COL_TIME } } },
	{ "api_tokens", "SELECT name, scope, created_at, last_used_at, "
	    "revoked_at FROM api_token WHERE account_id = ?1 ORDER BY "
	    "created_at, id", 1,
	    { { "name", COL_TEXT }, { "scope", COL_TEXT },
	      { "created_at", COL_TIME }, { "last_used_at", COL_TIME },
	      { "revoked_at", COL_TIME } } },
	{ "audit_log_by_account", "SELECT at, action, object_type, object_id, "
	    "detail, address FROM audit_log WHERE account_id = ?1 ORDER BY at, "
	    "id", 1,
	    { { "at", COL_TIME }, { "action", COL_TEXT },
	      { "object_type", COL_TEXT }, { "object_id", COL_TEXT },
	      { "detail", COL_TEXT }, { "address", COL_TEXT } } },
	/* What others did to the account; their addresses are theirs. */
	{ "audit_log_about_account", "SELECT at, action, detail FROM audit_log "
	    "WHERE object_type = 'account' AND object_id = ?3 AND (account_id "
	    "IS NULL OR account_id <> ?1) ORDER BY at, id", 3,
	    { { "at", COL_TIME }, { "action", COL_TEXT },
	      { "detail", COL_TEXT } } },
	{ "mail", "SELECT subject, created_at, sent_at FROM mail_outbox WHERE "
	    "lower(to_addr) = ?2 ORDER BY created_at, id", 2,
	    { { "subject", COL_TEXT }, { "created_at", COL_TIME },
	      { "sent_at", COL_TIME } } },
	{ "feedback", "SELECT created_at, lang, page, message, contact FROM "
	    "feedback WHERE contact <> '' AND lower(contact) = ?2 ORDER BY "
	    "created_at, id", 2,
	    { { "created_at", COL_TIME }, { "language", COL_TEXT },
	      { "page", COL_TEXT }, { "message", COL_TEXT },
	      { "contact", COL_TEXT } } },
	{ "people", "SELECT name, title_fi, title_sv, title_en, email, "
	    "is_public FROM person WHERE email <> '' AND lower(email) = ?2 "
	    "ORDER BY id", 2,
	    { { "name", COL_TEXT }, { "title_fi", COL_TEXT },
	      { "title_sv", COL_TEXT }, { "title_en", COL_TEXT },
	      { "email", COL_TEXT }, { "public", COL_BOOL } } },
};

static json_t *
json_time(int64_t t)
{
	char s[32];
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return json_null();
	return json_string(s);
}

/* The current row as an object with the given keys; NULL when out of
 * memory.  Text that is not UTF-8 (never written by this program) becomes
 * null rather than breaking the whole document. */
static json_t *
row_object(struct db_stmt *st, const struct col *cols)
{
	json_t *o = json_object(), *v;
	int i;

	if (o == NULL)
		return NULL;
	for (i = 0; cols[i].key != NULL; i++) {
		if (db_col_is_null(st, i))
			v = json_null();
		else if (cols[i].kind == COL_TEXT) {
			v = json_stringn(db_col_text(st, i), db_col_len(st, i));
			if (v == NULL)
				v = json_null();
		} else if (cols[i].kind == COL_TIME)
			v = json_time(db_col_int64(st, i));
		else if (cols[i].kind == COL_BOOL)
			v = json_boolean(db_col_int64(st, i) != 0);
		else
			v = json_integer(db_col_int64(st, i));
		if (json_object_set_new(o, cols[i].key, v) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* Adds one section's rows to doc as an array.  0 or -1. */
static int
export_section(struct db *db, json_t *doc, const struct section *s,
    int64_t id, const char *email, const char *idtext)
{
	struct db_stmt *st;
	json_t *arr = json_array(), *o;
	int rc;

	if (arr == NULL)
		return -1;
	/* ?1 the id, then the address when the query goes that far, then
	 * the id as text. */
	st = priv_prepare(db, s->sql, 1, id, 0, s->nparams >= 2 ? email : NULL);
	if (st != NULL && s->nparams >= 3 && db_bind_cstr(st, 3, idtext) != 0) {
		db_done(st);
		st = NULL;
	}
	if (st == NULL) {
		json_decref(arr);
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if ((o = row_object(st, s->cols)) == NULL ||
		    json_array_append_new(arr, o) != 0) {
			rc = DB_ERROR;
			break;
		}
	}
	db_done(st);
	if (rc != DB_DONE || json_object_set_new(doc, s->key, arr) != 0) {
		if (rc != DB_DONE)
			json_decref(arr);
		return -1;
	}
	return 0;
}

static int
export_append(const char *buffer, size_t size, void *data)
{
	buf_append(data, buffer, size);
	return 0;
}

int
privacy_export(struct db *db, int64_t id, int64_t now, struct buf *out)
{
	struct db_stmt *st;
	json_t *doc, *acct = NULL;
	char *email = NULL, idtext[24];
	size_t i;
	int rc;

	st = priv_prepare(db, "SELECT a.id, a.email, a.name, a.role, r.code, "
	    "a.municipality_code, a.active, a.lang, a.created_at, "
	    "a.last_login_at, a.password_hash IS NOT NULL FROM account a LEFT "
	    "JOIN region r ON r.id = a.region_id WHERE a.id = ?1 AND "
	    "a.erased_at IS NULL", 1, id, 0, NULL);
	if (st == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		acct = row_object(st, account_cols);
		email = strdup(db_col_text(st, 1));
	}
	db_done(st);
	if (rc == DB_DONE)
		return 1;
	if (rc != DB_ROW || acct == NULL || email == NULL) {
		json_decref(acct);
		free(email);
		return -1;
	}
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);

	rc = -1;
	if ((doc = json_object()) == NULL) {
		json_decref(acct);
		goto done;
	}
	/* json_object_set_new() takes the value even when it fails. */
	if (json_object_set_new(doc, "format",
	    json_string("tukiverkko-personal-data")) != 0 ||
	    json_object_set_new(doc, "version", json_integer(1)) != 0 ||
	    json_object_set_new(doc, "exported_at", json_time(now)) != 0 ||
	    json_object_set_new(doc, "account", acct) != 0)
		goto done;
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (export_section(db, doc, &sections[i], id, email, idtext) != 0)
			goto done;
	if (json_dump_callback(doc, export_append, out, JSON_INDENT(2)) != 0)
		goto done;
	buf_putc(out, '\n');
	rc = 0;
done:
	json_decref(doc);
	free(email);
	return rc;
}

/* --- erasure --------------------------------------------------------- */

/*
 * The erasure itself, inside the caller's transaction.  When `as` is
 * given, the actor's right to erase the target is decided here, on the
 * row as it is inside the transaction.  Statements run from the account
 * row outwards; any failure leaves the caller to roll everything back.
 */
static int
erase_in_tx(struct db *db, int64_t id, const struct user *as, int64_t actor,
    const char *address, int64_t now)
{
	struct db_stmt *st;
	struct arena a;
	char *email = NULL, anon[64], idtext[24];
	enum role role = ROLE_PUBLIC;
	int64_t region = 0;
	int rc;

	st = priv_prepare(db, "SELECT email, role, region_id FROM account "
	    "WHERE id = ?1 AND erased_at IS NULL", 1, id, 0, NULL);
	if (st == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		email = strdup(db_col_text(st, 0));
		if (role_parse(db_col_text(st, 1), &role) != 0)
			role = ROLE_ADMIN;	/* unknown: the most protected */
		region = db_col_is_null(st, 2) ? 0 : db_col_int64(st, 2);
	}
	db_done(st);
	if (rc == DB_DONE)
		return 1;
	if (rc != DB_ROW || email == NULL) {
		free(email);
		return -1;
	}
	if (as != NULL) {
		if (as->id == id) {
			free(email);
			return 2;
		}
		if (!policy_manages_account(as, role, region)) {
			free(email);
			return 1;
		}
	}
	snprintf(anon, sizeof(anon), "erased-%lld@invalid", (long long)id);
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	arena_init(&a);

	rc = -1;
	if (priv_exec(db, "UPDATE account SET email = ?3, name = '', "
	    "password_hash = NULL, active = 0, last_login_at = NULL, "
	    "erased_at = ?2 WHERE id = ?1", 2, id, now, anon) != 0 ||
	    priv_exec(db, "DELETE FROM account_scope WHERE account_id = ?1", 1,
	    id, 0, NULL) != 0 ||
	    priv_exec(db, "DELETE FROM session WHERE account_id = ?1", 1, id, 0,
	    NULL) != 0 ||
	    priv_exec(db, "DELETE FROM account_token WHERE account_id = ?1", 1,
	    id, 0, NULL) != 0 ||
	    priv_exec(db, "DELETE FROM api_token WHERE account_id = ?1", 1, id,
	    0, NULL) != 0 ||
	    /* The counters kept under the address (as its hash). */
	    priv_exec(db, "DELETE FROM throttle WHERE key = ?1", 0, 0, 0,
	    throttle_account_key(&a, "signin", email)) != 0 ||
	    priv_exec(db, "DELETE FROM throttle WHERE key = ?1", 0, 0, 0,
	    throttle_account_key(&a, "reset", email)) != 0 ||
	    priv_exec(db, "DELETE FROM mail_outbox WHERE lower(to_addr) = ?1",
	    0, 0, 0, email) != 0 ||
	    priv_exec(db, "UPDATE feedback SET contact = '' WHERE contact <> '' "
	    "AND lower(contact) = ?1", 0, 0, 0, email) != 0 ||
	    priv_exec(db, "UPDATE person SET name = '', email = '' WHERE "
	    "email <> '' AND lower(email) = ?1", 0, 0, 0, email) != 0 ||
	    priv_exec(db, "UPDATE audit_log SET address = '' WHERE account_id = "
	    "?1 AND address <> ''", 1, id, 0, NULL) != 0 ||
	    audit_record(db, actor, address, "account.erase", "account", idtext,
	    "", now) != 0)
		goto done;
	rc = 0;
done:
	arena_cleanup(&a);
	free(email);
	return rc;
}

/* Runs erase_in_tx() in a transaction of its own. */
static int
erase_tx(struct db *db, int64_t id, const struct user *as, int64_t actor,
    const char *address, int64_t now)
{
	int rc;

	if (db_begin(db) != 0)
		return -1;
	rc = erase_in_tx(db, id, as, actor, address, now);
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	if (db_commit(db) != 0)
		return -1;
	log_info("account %lld erased", (long long)id);
	return 0;
}

int
privacy_erase_account(struct db *db, int64_t id, int64_t actor,
    const char *address, int64_t now)
{
	return erase_tx(db, id, NULL, actor, address, now);
}

int
privacy_erase_account_as(struct db *db, const struct user *actor, int64_t id,
    const char *address, int64_t now)
{
	return erase_tx(db, id, actor, actor->id, address, now);
}

/* --- retention ------------------------------------------------------- */

static int retention_days = PRIVACY_RETENTION_DEFAULT;

void
privacy_configure(int days)
{
	retention_days = days;
}

int
privacy_retention_run(struct db *db, int64_t now, int days,
    struct retention_counts *out)
{
	struct retention_counts c;
	int64_t cutoff;

	memset(&c, 0, sizeof(c));
	if (days < 1 || days > PRIVACY_RETENTION_MAX)
		return -1;
	cutoff = now - (int64_t)days * DAY;
	if (db_begin(db) != 0)
		return -1;
	/*
	 * Sessions past their absolute lifetime can never be used again
	 * (session_load() refuses and deletes them, but only when they are
	 * presented).  Links are dead once used or expired; a throttle row
	 * is forgotten once both its window and its block are over.
	 */
	if (priv_change(db, "SELECT count(*) FROM session WHERE created_at < ?1",
	    "DELETE FROM session WHERE created_at < ?1", 1,
	    now - session_max_age(), 0, &c.sessions) != 0 ||
	    priv_change(db, "SELECT count(*) FROM account_token WHERE used_at IS "
	    "NOT NULL OR expires_at <= ?1", "DELETE FROM account_token WHERE "
	    "used_at IS NOT NULL OR expires_at <= ?1", 1, now, 0,
	    &c.links) != 0 ||
	    priv_change(db, "SELECT count(*) FROM throttle WHERE window_start <= "
	    "?1 AND blocked_until <= ?2", "DELETE FROM throttle WHERE "
	    "window_start <= ?1 AND blocked_until <= ?2", 2,
	    now - THROTTLE_WINDOW, now, &c.throttles) != 0 ||
	    /* Mail that could not be delivered in all that time never will
	     * be, and its links have long expired. */
	    priv_change(db, "SELECT count(*) FROM mail_outbox WHERE sent_at < ?1 "
	    "OR (sent_at IS NULL AND created_at < ?1)", "DELETE FROM mail_outbox "
	    "WHERE sent_at < ?1 OR (sent_at IS NULL AND created_at < ?1)", 1,
	    cutoff, 0, &c.mail) != 0 ||
	    priv_change(db, "SELECT count(*) FROM feedback WHERE contact <> '' AND "
	    "created_at < ?1", "UPDATE feedback SET contact = '' WHERE contact "
	    "<> '' AND created_at < ?1", 1, cutoff, 0,
	    &c.feedback_contacts) != 0 ||
	    priv_change(db, "SELECT count(*) FROM audit_log WHERE address <> '' "
	    "AND at < ?1", "UPDATE audit_log SET address = '' WHERE address <> "
	    "'' AND at < ?1", 1, cutoff, 0, &c.audit_addresses) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	if (out != NULL)
		*out = c;
	return 0;
}

int
privacy_retention_job(struct db *db, int64_t now)
{
	struct retention_counts c;

	if (privacy_retention_run(db, now, retention_days, &c) != 0)
		return -1;
	if (c.sessions + c.links + c.throttles + c.mail + c.feedback_contacts +
	    c.audit_addresses > 0)
		log_info("retention: %lld sessions, %lld links, %lld throttle "
		    "entries, %lld mail deleted; %lld feedback contacts, %lld "
		    "audit addresses blanked", (long long)c.sessions,
		    (long long)c.links, (long long)c.throttles, (long long)c.mail,
		    (long long)c.feedback_contacts, (long long)c.audit_addresses);
	return 0;
}

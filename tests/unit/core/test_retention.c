/*
 * test_retention.c - privacy_retention_run() against a real SQLite file
 * under mkdtemp(): what goes, what stays, the counts, refusing a bad
 * period, and all or nothing when a statement fails.  Also the erasure's
 * all-or-nothing promise (privacy_erase_account()).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/settings.h"
#include "db/db.h"
#include "tempdb.h"
#include "privacy/privacy.h"

#define NOW 1700000000LL
#define DAY 86400LL

struct dbfix {
	char dir[64];
	char path[96];
	struct db *db;
};

static void
exec_ok(struct db *db, const char *sql)
{
	assert_int_equal(db_exec(db, sql), 0);
}

/* One account (id 1) and rows of every kind on both sides of each limit:
 * sessions created 13 h and 1 h before NOW (lifetime 12 h), links used,
 * expired and valid, throttle rows over, blocked and in their window, mail
 * sent or queued 40 and 10 days ago, feedback and audit entries 40 and 10
 * days old. */
static int
db_setup(void **state)
{
	struct dbfix *x = calloc(1, sizeof(*x));

	if (x == NULL)
		return -1;
	if (tempdb_open("retention", x->dir, x->path, &x->db) != 0) {
		free(x);
		return -1;
	}
	exec_ok(x->db,
	    "INSERT INTO account (id, email, name, password_hash, role, "
	    "created_at, last_login_at) VALUES (1, 'maija@example.fi', "
	    "'Maija', '$argon2id$x', 'admin', 1600000000, 1699990000);"
	    "INSERT INTO account_scope VALUES (1, 'municipality', '091');"
	    "INSERT INTO session VALUES ('s-old', 1, 'c', 1699953200, 1699953200),"
	    " ('s-new', 1, 'c', 1699996400, 1699999940);"
	    "INSERT INTO account_token VALUES"
	    " ('t-used', 1, 'reset', 1699999400, 1700003000, 1699999700),"
	    " ('t-expired', 1, 'invite', 1699308800, 1699913600, NULL),"
	    " ('t-edge', 1, 'reset', 1699996400, 1700000000, NULL),"
	    " ('t-valid', 1, 'reset', 1699999400, 1700003000, NULL);"
	    "INSERT INTO api_token (account_id, name, token_hash, scope, "
	    "created_at) VALUES (1, 'api', 'h1', 'read', 1699000000);"
	    "INSERT INTO throttle VALUES ('addr:old', 3, 1699996400, 0),"
	    " ('addr:blocked', 20, 1699996400, 1700000600),"
	    " ('addr:window', 2, 1699999940, 0);"
	    "INSERT INTO mail_outbox (to_addr, subject, body, created_at, "
	    "sent_at) VALUES ('maija@example.fi', 'old sent', 'b', 1696544000, "
	    "1696544000), ('x@example.fi', 'recent sent', 'b', 1699136000, "
	    "1699136000), ('y@example.fi', 'old queued', 'b', 1696544000, "
	    "NULL), ('z@example.fi', 'new queued', 'b', 1700000000, NULL);"
	    "INSERT INTO feedback (created_at, lang, message, contact) VALUES"
	    " (1696544000, 'fi', 'old', 'MAIJA@example.fi'),"
	    " (1699136000, 'fi', 'recent', 'recent@example.fi'),"
	    " (1696544000, 'sv', 'old anonymous', '');"
	    "INSERT INTO audit_log (at, account_id, action, address) VALUES"
	    " (1696544000, 1, 'old', '192.0.2.1'),"
	    " (1699136000, 1, 'recent', '192.0.2.2');");
	*state = x;
	return 0;
}

static int
db_teardown(void **state)
{
	struct dbfix *x = *state;

	tempdb_close(x->dir, x->db);
	free(x);
	return 0;
}

/* The rows of a one-column query joined with ",". */
static char *
column(struct db *db, const char *sql)
{
	static char out[1024];
	struct db_stmt *st = db_prepare(db, sql);
	size_t n = 0, rows = 0;
	int rc;

	assert_non_null(st);
	out[0] = '\0';
	while ((rc = db_step(st)) == DB_ROW) {
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
		    rows++ ? "," : "", db_col_text(st, 0));
		assert_true(n < sizeof(out));
	}
	assert_int_equal(rc, DB_DONE);
	db_done(st);
	return out;
}

static void
expect_untouched(struct db *db)
{
	assert_string_equal(column(db, "SELECT id_hash FROM session ORDER BY "
	    "id_hash"), "s-new,s-old");
	assert_string_equal(column(db, "SELECT count(*) FROM account_token"),
	    "4");
	assert_string_equal(column(db, "SELECT count(*) FROM throttle"), "3");
	assert_string_equal(column(db, "SELECT count(*) FROM mail_outbox"), "4");
	assert_string_equal(column(db, "SELECT contact FROM feedback ORDER BY "
	    "id"), "MAIJA@example.fi,recent@example.fi,");
	assert_string_equal(column(db, "SELECT address FROM audit_log ORDER BY "
	    "id"), "192.0.2.1,192.0.2.2");
}

static void
test_run(void **state)
{
	struct dbfix *x = *state;
	struct retention_counts c;

	memset(&c, 0xff, sizeof(c));
	assert_int_equal(privacy_retention_run(x->db, NOW, 30, &c), 0);
	assert_int_equal(c.sessions, 1);
	assert_int_equal(c.links, 3);	/* used, expired, expiring now */
	assert_int_equal(c.throttles, 1);
	assert_int_equal(c.mail, 2);	/* old sent, old never sent */
	assert_int_equal(c.feedback_contacts, 1);
	assert_int_equal(c.audit_addresses, 1);

	assert_string_equal(column(x->db, "SELECT id_hash FROM session"),
	    "s-new");
	assert_string_equal(column(x->db, "SELECT token_hash FROM "
	    "account_token"), "t-valid");
	assert_string_equal(column(x->db, "SELECT key FROM throttle ORDER BY "
	    "key"), "addr:blocked,addr:window");
	assert_string_equal(column(x->db, "SELECT subject FROM mail_outbox "
	    "ORDER BY id"), "recent sent,new queued");
	assert_string_equal(column(x->db, "SELECT message || ':' || contact "
	    "FROM feedback ORDER BY id"),
	    "old:,recent:recent@example.fi,old anonymous:");
	assert_string_equal(column(x->db, "SELECT action || ':' || address "
	    "FROM audit_log ORDER BY id"), "old:,recent:192.0.2.2");
	/* Not retention's business: the account, its scopes and tokens. */
	assert_string_equal(column(x->db, "SELECT email FROM account"),
	    "maija@example.fi");
	assert_string_equal(column(x->db, "SELECT count(*) FROM api_token"),
	    "1");
	assert_string_equal(column(x->db, "SELECT count(*) FROM "
	    "account_scope"), "1");

	/* A second run finds nothing; out may be NULL. */
	assert_int_equal(privacy_retention_run(x->db, NOW, 30, &c), 0);
	assert_int_equal(c.sessions + c.links + c.throttles + c.mail +
	    c.feedback_contacts + c.audit_addresses, 0);
	assert_int_equal(privacy_retention_run(x->db, NOW, 30, NULL), 0);

	/* A shorter period reaches the recent rows. */
	assert_int_equal(privacy_retention_run(x->db, NOW, 5, &c), 0);
	assert_int_equal(c.mail, 1);
	assert_int_equal(c.feedback_contacts, 1);
	assert_int_equal(c.audit_addresses, 1);

	/* No transaction is left open. */
	assert_int_equal(db_begin(x->db), 0);
	db_rollback(x->db);
}

/* The session lifetime comes from the session_max setting. */
static void
test_session_lifetime(void **state)
{
	struct dbfix *x = *state;
	struct retention_counts c;
	struct config cfg = config_default;

	cfg.session_idle = 600;
	cfg.session_max = 30 * 60;
	config_use(&cfg);
	assert_int_equal(privacy_retention_run(x->db, NOW, 365, &c), 0);
	config_use(&config_default);
	assert_int_equal(c.sessions, 2);
	assert_string_equal(column(x->db, "SELECT count(*) FROM session"), "0");
}

static void
test_bad_period(void **state)
{
	struct dbfix *x = *state;
	struct retention_counts c;
	static const int bad[] = { 0, -1, PRIVACY_RETENTION_MAX + 1 };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&c, 0, sizeof(c));
		c.mail = 42;
		assert_int_equal(privacy_retention_run(x->db, NOW, bad[i], &c),
		    -1);
		assert_int_equal(c.mail, 42);	/* *out untouched */
	}
	expect_untouched(x->db);
	assert_int_equal(privacy_retention_run(x->db, NOW,
	    PRIVACY_RETENTION_MAX, &c), 0);
	/* A century reaches no mail, feedback or audit entry here. */
	assert_int_equal(c.sessions, 1);
	assert_int_equal(c.mail + c.feedback_contacts + c.audit_addresses, 0);
}

/* A failing statement late in the run undoes the earlier ones. */
static void
test_all_or_nothing(void **state)
{
	struct dbfix *x = *state;
	struct retention_counts c;

	exec_ok(x->db, "CREATE TRIGGER audit_stop BEFORE UPDATE ON audit_log "
	    "BEGIN SELECT RAISE(ABORT, 'refused'); END");
	memset(&c, 0, sizeof(c));
	assert_int_equal(privacy_retention_run(x->db, NOW, 30, &c), -1);
	expect_untouched(x->db);
	assert_int_equal(db_begin(x->db), 0);
	db_rollback(x->db);
	exec_ok(x->db, "DROP TRIGGER audit_stop");
	assert_int_equal(privacy_retention_run(x->db, NOW, 30, &c), 0);
	assert_int_equal(c.audit_addresses, 1);
}

/* Erasure: every table in one transaction, or nothing at all. */
static void
test_erase(void **state)
{
	struct dbfix *x = *state;

	exec_ok(x->db, "INSERT INTO person (name, title_fi, email) VALUES "
	    "('Maija M', 'suunnittelija', 'Maija@Example.fi')");
	exec_ok(x->db, "CREATE TRIGGER person_stop BEFORE UPDATE ON person "
	    "BEGIN SELECT RAISE(ABORT, 'refused'); END");
	assert_int_equal(privacy_erase_account(x->db, 1, 0, "cli", NOW), -1);
	expect_untouched(x->db);
	assert_string_equal(column(x->db, "SELECT email || name || "
	    "ifnull(erased_at, '-') FROM account"), "maija@example.fiMaija-");
	assert_string_equal(column(x->db, "SELECT count(*) FROM audit_log"),
	    "2");
	exec_ok(x->db, "DROP TRIGGER person_stop");

	assert_int_equal(privacy_erase_account(x->db, 1, 0, "cli", NOW), 0);
	assert_string_equal(column(x->db, "SELECT email || '|' || name || '|' "
	    "|| ifnull(password_hash, 'NULL') || '|' || active || '|' || "
	    "erased_at FROM account"), "erased-1@invalid||NULL|0|1700000000");
	assert_string_equal(column(x->db, "SELECT (SELECT count(*) FROM "
	    "session) + (SELECT count(*) FROM account_token) + (SELECT "
	    "count(*) FROM api_token) + (SELECT count(*) FROM account_scope)"),
	    "0");
	assert_string_equal(column(x->db, "SELECT subject FROM mail_outbox "
	    "ORDER BY id"), "recent sent,old queued,new queued");
	assert_string_equal(column(x->db, "SELECT contact FROM feedback ORDER "
	    "BY id"), ",recent@example.fi,");
	assert_string_equal(column(x->db, "SELECT name || '|' || email || '|' "
	    "|| title_fi FROM person WHERE title_fi = 'suunnittelija'"),
	    "||suunnittelija");
	assert_string_equal(column(x->db, "SELECT action || ':' || address || "
	    "':' || ifnull(account_id, 'NULL') || ':' || object_id FROM "
	    "audit_log ORDER BY id"),
	    "old::1:,recent::1:,account.erase:cli:NULL:1");
	/* Once erased, there is nothing left to erase. */
	assert_int_equal(privacy_erase_account(x->db, 1, 0, "cli", NOW), 1);
	assert_int_equal(privacy_erase_account(x->db, 99, 0, "cli", NOW), 1);
}

/* The export: the account's data, never a hash; 1 for no account. */
static void
test_export(void **state)
{
	struct dbfix *x = *state;
	struct buf b;

	buf_init(&b);
	assert_int_equal(privacy_export(x->db, 1, NOW, &b), 0);
	assert_non_null(strstr(buf_cstr(&b), "\"email\": \"maija@example.fi\""));
	assert_non_null(strstr(buf_cstr(&b), "\"exported_at\": "
	    "\"2023-11-14T22:13:20Z\""));
	assert_non_null(strstr(buf_cstr(&b), "\"message\": \"old\""));
	assert_null(strstr(buf_cstr(&b), "argon2"));
	assert_null(strstr(buf_cstr(&b), "s-new"));
	assert_null(strstr(buf_cstr(&b), "\"h1\""));
	assert_null(strstr(buf_cstr(&b), "x@example.fi"));
	b.len = 0;
	assert_int_equal(privacy_export(x->db, 2, NOW, &b), 1);
	buf_cleanup(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_run, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_session_lifetime, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_bad_period, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_erase, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_export, db_setup,
		    db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

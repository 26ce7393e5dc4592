/*
 * test_privacy.c - the events provider against a real SQLite file: a
 * webinar report's guest key as attendance_import() stores it is found
 * by the account's address (the provider derives it on its own), and
 * erasure takes the person off a waiting list and passes an open seat
 * offer on to the next in line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "events/attendance.h"
#include "privacy/privacy.h"
#include "tempdb.h"

#define NOW 1700000000LL
#define LATER "1700864000"	/* NOW + 10 days */

static int64_t
one(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t v = -1;

	assert_non_null(st);
	if (db_step(st) == DB_ROW)
		v = db_col_int64(st, 0);
	db_done(st);
	return v;
}

static const char *
text(struct db *db, struct arena *a, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	const char *v = NULL;

	assert_non_null(st);
	if (db_step(st) == DB_ROW)
		v = db_col_dup(st, a, 0);
	db_done(st);
	assert_non_null(v);
	return v;
}

static void
test_events_provider(void **state)
{
	static const char report[] = "Name,Email\r\n"
	    "Anna-Liisa Ääri,Anna-Liisa.Aari@Example.fi\r\n"
	    "Joku Muu,muu@example.fi\r\n";
	char dir[64], path[96];
	struct att_import_result res;
	struct att_report rep;
	struct db *db;
	struct arena a;
	struct buf b;
	const char *err;

	(void)state;
	assert_int_equal(tempdb_open("privacy", dir, path, &db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO region (id, code, name_fi) "
	    "VALUES (1, 'uusimaa', 'Uusimaa');"
	    "INSERT INTO account (id, email, name, role, created_at) VALUES "
	    "(1, 'anna-liisa.aari@example.fi', 'Anna-Liisa', 'tutor', 1);"
	    "INSERT INTO event (id, region_id, kind, title_fi, starts_at, "
	    "ends_at, status, capacity) VALUES "
	    "(5, 1, 'webinar', 'Raportti', 1633500000, 1633510800, "
	    "'published', NULL),"
	    "(6, 1, 'webinar', 'Jonossa', " LATER ", " LATER " + 3600, "
	    "'published', 1),"
	    "(7, 1, 'webinar', 'Tarjous', " LATER ", " LATER " + 3600, "
	    "'published', 1);"
	    "INSERT INTO registration (id, event_id, submission, token_hash, "
	    "name, email, group_size, lang, status, waiting_seq, "
	    "offer_expires_at, created_at, updated_at) VALUES "
	    "(1, 6, 's1', 'h1', 'Muu', 'muu@example.fi', 1, 'fi', "
	    "'confirmed', NULL, NULL, 1, 1),"
	    "(2, 6, 's2', 'h2', 'Anna-Liisa', 'ANNA-LIISA.AARI@example.fi', 1, "
	    "'fi', 'waiting', 1, NULL, 1, 1),"
	    "(3, 7, 's3', 'h3', 'Anna-Liisa', 'anna-liisa.aari@example.fi', 1, "
	    "'fi', 'offered', 1, " LATER ", 1, 1),"
	    "(4, 7, 's4', 'h4', 'Seuraava', 'seuraava@example.fi', 1, 'fi', "
	    "'waiting', 2, NULL, 1, 1)"), 0);
	arena_init(&a);
	assert_int_equal(attendance_report_parse(&a, report,
	    sizeof(report) - 1, &rep, &err), 0);
	assert_int_equal(attendance_import(db, &a, 5, &rep, 1, 0, false, NOW,
	    &res), 0);
	assert_int_equal(res.new_guests, 2);

	/* The export finds the guest by the folded address, and both
	 * registrations whatever the case of the address. */
	buf_init(&b);
	assert_int_equal(privacy_export(db, 1, NOW, &b), 0);
	assert_non_null(strstr(buf_cstr(&b), "\"webinar_guest_of\": [\n"
	    "    {\n      \"event_id\": 5,"));
	assert_non_null(strstr(buf_cstr(&b), "\"event\": \"Jonossa\""));
	assert_non_null(strstr(buf_cstr(&b), "\"event\": \"Tarjous\""));
	assert_null(strstr(buf_cstr(&b), "muu@example.fi"));
	assert_null(strstr(buf_cstr(&b), "seuraava"));
	buf_cleanup(&b);

	assert_int_equal(privacy_erase_account(db, 1, 0, "cli", NOW), 0);
	/* Off the waiting list; the offer declined and passed on. */
	assert_string_equal(text(db, &a, "SELECT group_concat(id || ':' || "
	    "status || ':' || name || ':' || email || ':' || (erased_at IS NOT "
	    "NULL), ',') FROM (SELECT * FROM registration ORDER BY id)"),
	    "1:confirmed:Muu:muu@example.fi:0,2:cancelled:::1,"
	    "3:declined:::1,4:offered:Seuraava:seuraava@example.fi:0");
	assert_int_equal(one(db, "SELECT count(*) FROM mail_outbox WHERE "
	    "to_addr = 'seuraava@example.fi'"), 1);
	assert_int_equal(one(db, "SELECT count(*) FROM mail_outbox WHERE "
	    "lower(to_addr) LIKE 'anna%'"), 0);
	/* Only the person's guest key goes; the event keeps its count. */
	assert_int_equal(one(db, "SELECT count(*) FROM attendance_guest"), 1);
	assert_int_equal(one(db, "SELECT guests FROM event WHERE id = 5"), 2);
	arena_cleanup(&a);
	tempdb_close(dir, db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_provider),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

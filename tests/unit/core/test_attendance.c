/*
 * test_attendance.c - the webinar participant report from a memory
 * buffer: Teams' UTF-16LE tab-separated report with its summary section,
 * Zoom's comma-separated report with the meeting line above, semicolons,
 * an old spreadsheet's Latin-1, broken files; the column guesses; the
 * import against a real database (matching by address and by name,
 * guests, a second import that counts nobody twice, the preview that
 * writes nothing); name folding; check-in codes; erasure by the event
 * job keeping every figure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "base/settings.h"
#include "base/time.h"
#include "attendance/attendance.h"
#include "privacy/privacy.h"
#include "registration/registration.h"
#include "tempdb.h"

static const char *
fold(const char *s)
{
	static char out[256];
	struct buf b;

	buf_init(&b);
	attendance_fold(&b, s);
	snprintf(out, sizeof(out), "%s", buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

static void
test_fold(void **state)
{
	(void)state;
	assert_string_equal(fold("Anna-Liisa  MÄKINEN"), "anna liisa makinen");
	assert_string_equal(fold(" Sjöström, Åsa "), "sjostrom, asa");
	assert_string_equal(fold("José Ñúñez Straße Øre Œuvre"),
	    "jose nunez strasse ore oeuvre");
	assert_string_equal(fold("Šárka Dvořáková"), "sarka dvorakova");
	assert_string_equal(fold("ЮЛИЯ"), "ЮЛИЯ");	/* left as it is */
	assert_string_equal(fold("Maija.Meikalainen@Example.FI"),
	    "maija.meikalainen@example.fi");
	assert_string_equal(fold(""), "");
}

static void
test_code(void **state)
{
	char a[ATT_CODE_LEN + 1], b[ATT_CODE_LEN + 1];
	size_t i;

	(void)state;
	attendance_code("00aa", a);
	attendance_code("00aa", b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), ATT_CODE_LEN);
	for (i = 0; i < ATT_CODE_LEN; i++)
		assert_non_null(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", a[i]));
	attendance_code("00ab", b);
	assert_string_not_equal(a, b);
}

/* UTF-8 text as UTF-16LE with a byte-order mark, as Teams writes it. */
static char *
utf16le(const char *s, size_t *len)
{
	size_t n = strlen(s), i = 0, k = 2;
	unsigned char *o = malloc(2 + 4 * n);

	o[0] = 0xFF;
	o[1] = 0xFE;
	while (i < n) {
		unsigned c = (unsigned char)s[i];
		unsigned cp;

		if (c < 0x80) {
			cp = c;
			i++;
		} else if ((c & 0xE0) == 0xC0) {
			cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
			i += 2;
		} else {
			cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) |
			    (s[i + 2] & 0x3F);
			i += 3;
		}
		o[k++] = (unsigned char)(cp & 0xFF);
		o[k++] = (unsigned char)(cp >> 8);
	}
	*len = k;
	return (char *)o;
}

static const char teams[] =
    "1. Summary\r\n"
    "Meeting title\tDigituen verkostot\r\n"
    "Attended participants\t4\r\n"
    "Start time\t6.10.2021 9.00.00\r\n"
    "\r\n"
    "2. Participants\r\n"
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\r\n"
    "Mäkinen, Anna-Liisa\t6.10.2021 9.00.05\t6.10.2021 12.00.00\t2h 59m\tanna-liisa.makinen@example.fi\tanna-liisa.makinen@example.fi\tAttendee\r\n"
    "Björn Sjöström\t6.10.2021 9.01.00\t6.10.2021 11.00.00\t1h 59m\tBJORN@example.fi\tbjorn@example.fi\tAttendee\r\n"
    "Vieras Käyttäjä (Guest)\t6.10.2021 9.02.00\t6.10.2021 10.00.00\t58m\t\t\tAttendee\r\n"
    "Uusi Osallistuja\t6.10.2021 9.03.00\t6.10.2021 12.00.00\t2h 57m\tuusi@example.org\tuusi@example.org\tAttendee\r\n"
    "\r\n"
    "3. In-Meeting Activities\r\n"
    "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\r\n"
    "Mäkinen, Anna-Liisa\t6.10.2021 9.00.05\t6.10.2021 10.00.00\t1h\tanna-liisa.makinen@example.fi\tAttendee\r\n"
    "Mäkinen, Anna-Liisa\t6.10.2021 10.05.00\t6.10.2021 12.00.00\t1h 55m\tanna-liisa.makinen@example.fi\tAttendee\r\n"
    "Björn Sjöström\t6.10.2021 9.01.00\t6.10.2021 11.00.00\t1h 59m\tBJORN@example.fi\tAttendee\r\n"
    "Uusi Osallistuja\t6.10.2021 9.03.00\t6.10.2021 12.00.00\t2h 57m\tuusi@example.org\tAttendee\r\n";

static void
test_parse_teams(void **state)
{
	struct att_report rep;
	struct arena a;
	const char *err = NULL;
	size_t len;
	char *data = utf16le(teams, &len);

	(void)state;
	arena_init(&a);
	assert_int_equal(attendance_report_parse(&a, data, len, &rep, &err), 0);
	assert_int_equal(rep.sep, '\t');
	assert_int_equal(rep.ncols, 7);
	assert_string_equal(rep.header[0], "Name");
	assert_string_equal(rep.header[4], "Email");
	assert_int_equal(rep.nrows, 4);	/* the participants, not activities */
	assert_string_equal(rep.rows[0][0], "Mäkinen, Anna-Liisa");
	assert_string_equal(rep.rows[2][4], "");
	assert_int_equal(rep.guess_email, 4);
	assert_int_equal(rep.guess_name, 0);
	assert_true(attendance_column_has_email(&rep, 4));
	assert_false(attendance_column_has_email(&rep, 1));
	assert_false(attendance_column_has_email(&rep, 99));
	free(data);
	arena_cleanup(&a);
}

static void
test_parse_zoom_and_others(void **state)
{
	static const char zoom[] =
	    "\xEF\xBB\xBF" "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
	    "812 3456 7890,Digituki,10/06/2021 09:00:00 AM,10/06/2021 12:00:00 PM,host@example.fi,180,3\n"
	    "\n"
	    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
	    "\"Virtanen, Pekka\",pekka@example.fi,10/06/2021 09:00:00 AM,10/06/2021 12:00:00 PM,180,No\n"
	    "Maija,maija@example.fi,10/06/2021 09:05:00 AM,10/06/2021 12:00:00 PM,175,No\n"
	    "Puhelin,,10/06/2021 09:05:00 AM,10/06/2021 12:00:00 PM,175,Yes\n";
	static const char semi[] =
	    "Nimi;Sähköposti;Kesto\n"
	    "Liisa Lahtinen;liisa@example.fi;120\n";
	/* "Sähköposti" and "Närpiö" in Latin-1. */
	static const char latin1[] =
	    "Nimi;S\xe4hk\xf6posti\n"
	    "Jussi N\xe4rpi\xf6;jussi@example.fi\n";
	static const char *const broken[] = {
	    "", "only one line\n", "a,b\n", "\"unterminated,x\ny,z\n",
	    "a\0b,c\n1,2\n",
	};
	struct att_report rep;
	struct arena a;
	const char *err;
	size_t i;

	(void)state;
	arena_init(&a);
	assert_int_equal(attendance_report_parse(&a, zoom, sizeof(zoom) - 1,
	    &rep, &err), 0);
	assert_int_equal(rep.sep, ',');
	assert_int_equal(rep.nrows, 3);
	assert_string_equal(rep.header[0], "Name (Original Name)");
	assert_string_equal(rep.rows[0][0], "Virtanen, Pekka");
	assert_int_equal(rep.guess_email, 1);
	assert_int_equal(rep.guess_name, 0);

	assert_int_equal(attendance_report_parse(&a, semi, sizeof(semi) - 1,
	    &rep, &err), 0);
	assert_int_equal(rep.sep, ';');
	assert_int_equal(rep.guess_email, 1);
	assert_int_equal(rep.guess_name, 0);

	assert_int_equal(attendance_report_parse(&a, latin1, sizeof(latin1) - 1,
	    &rep, &err), 0);
	assert_string_equal(rep.header[1], "Sähköposti");
	assert_string_equal(rep.rows[0][0], "Jussi Närpiö");

	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		size_t n = i == 4 ? 12 : strlen(broken[i]);

		err = NULL;
		assert_int_equal(attendance_report_parse(&a, broken[i], n, &rep,
		    &err), -1);
		assert_non_null(err);
	}
	/* A lone UTF-16 surrogate. */
	{
		static const char bad16[] = "\xFF\xFE" "a\0,\0" "\x00\xD8" "b\0";

		assert_int_equal(attendance_report_parse(&a, bad16,
		    sizeof(bad16) - 1, &rep, &err), -1);
	}
	arena_cleanup(&a);
}

/*
 * Random files built from the bytes that matter (separators, quotes, line
 * ends, '@', UTF-8 and UTF-16 pieces, NUL): the parser answers 0 or -1,
 * and a table it returns is whole.  Deterministic, so a failure repeats.
 */
static void
test_parse_random(void **state)
{
	/* The first ten make text that is often a table; the rest break it
	 * in every way the parser must survive. */
	static const char *const pieces[] = {
	    ",", "\t", "\r\n", "\n", "a@b.fi", "Name", "Email", "ä", "x", " ",
	    ";", "\"", "\"\"", "\r", "@", "\xc3", "\xff\xfe", "\xef\xbb\xbf",
	    "\x00", "\xd8\x00", "1. Summary",
	};
	const size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
	uint32_t seed = 12345;
	struct att_report rep;
	struct arena a;
	char data[600];
	int iter, ok = 0;

	(void)state;
	for (iter = 0; iter < 3000; iter++) {
		size_t len = 0, want, i, j;
		const char *err = NULL;

		seed = seed * 1103515245u + 12345u;
		want = (seed >> 8) % 500;
		while (len < want) {
			const char *pc;
			size_t pl;

			seed = seed * 1103515245u + 12345u;
			pc = pieces[(seed >> 16) % (iter % 2 ? npieces : 10)];
			/* "\x00" and "\xd8\x00" carry a NUL that strlen misses. */
			pl = pc[0] == '\0' ? 1 : strcmp(pc, "\xd8") == 0 ? 2 :
			    strlen(pc);
			if (len + pl > sizeof(data))
				break;
			memcpy(data + len, pc, pl);
			len += pl;
		}
		arena_init(&a);
		if (attendance_report_parse(&a, data, len, &rep, &err) == 0) {
			ok++;
			assert_true(rep.ncols >= 2);
			assert_true(rep.nrows >= 1);
			for (j = 0; j < rep.ncols; j++)
				assert_non_null(rep.header[j]);
			for (i = 0; i < rep.nrows; i++)
				for (j = 0; j < rep.ncols; j++)
					assert_non_null(rep.rows[i][j]);
			assert_true(rep.guess_email < (int)rep.ncols);
			assert_true(rep.guess_name < (int)rep.ncols);
		} else {
			assert_non_null(err);
		}
		arena_cleanup(&a);
	}
	/* Some random files are tables: the valid path was exercised. */
	assert_true(ok > 10);
}

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

static void
test_import(void **state)
{
	char dir[64], path[96];
	struct att_import_result res;
	struct att_figures f;
	struct att_report rep;
	struct db *db;
	struct arena a;
	const char *err;
	size_t len;
	char *data = utf16le(teams, &len);

	(void)state;
	assert_int_equal(tempdb_open("att", dir, path, &db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO region (id, code, name_fi) "
	    "VALUES (1, 'uusimaa', 'Uusimaa');"
	    "INSERT INTO event (id, region_id, kind, title_fi, starts_at, "
	    "ends_at, attendees) VALUES (5, 1, 'webinar', 'W', 1633500000, "
	    "1633510800, NULL);"
	    "INSERT INTO registration (id, event_id, submission, token_hash, "
	    "name, email, group_size, lang, status, created_at, updated_at) "
	    "VALUES (1, 5, 's1', 'h1', 'Anna-Liisa Mäkinen', "
	    "'Anna-Liisa.Makinen@example.fi', 1, 'fi', 'confirmed', 1, 1), "
	    "(2, 5, 's2', 'h2', 'Björn Sjöström', 'bjorn@example.fi', 2, 'sv', "
	    "'confirmed', 1, 1), "
	    "(3, 5, 's3', 'h3', 'Vieras Käyttäjä (Guest)', "
	    "'vieras@example.fi', 1, 'fi', 'waiting', 1, 1), "
	    "(4, 5, 's4', 'h4', 'Ei Tullut', 'ei@example.fi', 1, 'fi', "
	    "'confirmed', 1, 1)"), 0);
	arena_init(&a);
	assert_int_equal(attendance_report_parse(&a, data, len, &rep, &err), 0);

	/* The preview writes nothing. */
	assert_int_equal(attendance_import(db, &a, 5, &rep, 4, 0, true, 100,
	    &res), 0);
	assert_int_equal(res.rows, 4);
	assert_int_equal(res.matched, 3);	/* 2 by address, 1 by name */
	assert_int_equal(res.new_guests, 1);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM registration WHERE "
	    "attended_at IS NOT NULL"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM attendance_guest"), 0);

	assert_int_equal(attendance_import(db, &a, 5, &rep, 4, 0, false, 100,
	    &res), 0);
	assert_int_equal(res.matched, 3);
	assert_int_equal(res.new_guests, 1);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM registration WHERE "
	    "attended_at = 100"), 3);
	assert_int_equal(one(db, "SELECT attended_at IS NULL FROM registration "
	    "WHERE id = 4"), 1);
	assert_int_equal(attendance_figures(db, 5, &f), 0);
	assert_int_equal(f.attended_report, 4);	/* Björn came as two */
	assert_int_equal(f.guests, 1);
	assert_int_equal(f.total, 5);
	assert_int_equal(f.confirmed, 4);
	assert_int_equal(f.waiting, 1);
	assert_int_equal(one(db, "SELECT attendees FROM event WHERE id = 5"), 5);

	/* The same report again: nobody twice. */
	assert_int_equal(attendance_import(db, &a, 5, &rep, 4, 0, false, 200,
	    &res), 0);
	assert_int_equal(res.matched, 0);
	assert_int_equal(res.already, 3);
	assert_int_equal(res.new_guests, 0);
	assert_int_equal(res.known_guests, 1);
	assert_int_equal(one(db, "SELECT attendees FROM event WHERE id = 5"), 5);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM registration WHERE "
	    "attended_at = 100"), 3);

	/* Without the name column the guest row is skipped. */
	assert_int_equal(attendance_import(db, &a, 5, &rep, 4, -1, true, 300,
	    &res), 0);
	assert_int_equal(res.skipped, 1);

	/* The event retention job erases the personal data 30 days after the end and
	 * keeps every figure. */
	assert_int_equal(db_exec(db, "UPDATE registration SET checked_in_at = "
	    "50 WHERE id = 4; INSERT INTO event_feedback (registration_id, "
	    "event_id, rating, recommend, comment, created_at, updated_at) "
	    "VALUES (1, 5, 5, 10, 'Kiitos, Maija oli loistava', 1, 1);"
	    "INSERT INTO event_question (id, event_id, kind, label_fi) VALUES "
	    "(1, 5, 'text', 'Q'); INSERT INTO registration_answer VALUES "
	    "(1, 1, 'vastaus')"), 0);
	assert_int_equal(attendance_update_total(db, 5), 0);
	assert_int_equal(attendance_figures(db, 5, &f), 0);
	{
		struct att_figures g;
		int64_t erased;
		struct config cfg = config_default;

		cfg.base_url = "http://x.example";
		cfg.event_retention_days = 30;
		config_use(&cfg);
		/* 29 days after the end: nothing yet. */
		assert_int_equal(privacy_event_erase_run(db, 1633510800 +
		    29 * 86400, &erased), 0);
		assert_int_equal(erased, 0);
		assert_int_equal(one(db, "SELECT COUNT(*) FROM registration "
		    "WHERE email <> ''"), 4);
		assert_int_equal(privacy_event_erase_run(db, 1633510800 +
		    31 * 86400, &erased), 0);
		assert_int_equal(erased, 4);
		assert_int_equal(one(db, "SELECT COUNT(*) FROM registration "
		    "WHERE name <> '' OR email <> '' OR organisation <> '' OR "
		    "erased_at IS NULL"), 0);
		assert_int_equal(one(db, "SELECT COUNT(*) FROM "
		    "registration_answer"), 0);
		assert_int_equal(one(db, "SELECT COUNT(*) FROM attendance_guest"),
		    0);
		assert_int_equal(one(db, "SELECT COUNT(*) FROM event_feedback "
		    "WHERE comment = '' AND rating = 5 AND recommend = 10"), 1);
		assert_int_equal(attendance_figures(db, 5, &g), 0);
		assert_memory_equal(&f, &g, sizeof(f));
		assert_int_equal(one(db, "SELECT attendees FROM event WHERE "
		    "id = 5"), f.total);
		/* A second run finds nothing more. */
		assert_int_equal(privacy_event_erase_run(db, 1633510800 +
		    32 * 86400, &erased), 0);
		assert_int_equal(erased, 0);
		config_use(&config_default);
	}
	free(data);
	arena_cleanup(&a);
	tempdb_close(dir, db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_parse_teams),
		cmocka_unit_test(test_parse_zoom_and_others),
		cmocka_unit_test(test_parse_random),
		cmocka_unit_test(test_import),
	};

	time_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

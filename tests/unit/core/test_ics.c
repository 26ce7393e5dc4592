/*
 * test_ics.c - iCalendar output: folding at 75 octets without splitting
 * UTF-8 sequences, CRLF line ends, TEXT escaping, and a whole event file
 * from a real database (time zone, UID, SEQUENCE, STATUS, the join link
 * only when asked for).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "base/settings.h"
#include "base/time.h"
#include "base/utf8.h"
#include "calendar/calendar.h"
#include "http/urls.h"
#include "tempdb.h"

/* Checks every physical line of s: CRLF-terminated, at most 75 octets,
 * valid UTF-8 on its own; returns the number of lines. */
static int
check_lines(const char *s)
{
	int n = 0;

	while (*s != '\0') {
		const char *crlf = strstr(s, "\r\n");
		size_t len;

		assert_non_null(crlf);
		len = (size_t)(crlf - s);
		assert_true(len <= 75);
		assert_true(utf8_valid(s, len));
		assert_null(memchr(s, '\n', len));
		s = crlf + 2;
		n++;
	}
	return n;
}

/* Undoes folding: CRLF followed by a space disappears. */
static char *
unfold(const char *s)
{
	char *o = strdup(s), *w = o;

	for (; *s != '\0'; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 2;
			continue;
		}
		*w++ = *s;
	}
	*w = '\0';
	return o;
}

static void
test_short_line(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	ics_line(&b, "UID", "event-1@example.org");
	assert_string_equal(buf_cstr(&b), "UID:event-1@example.org\r\n");
	buf_cleanup(&b);
}

static void
test_fold_ascii_exact(void **state)
{
	char v[200];
	struct buf b;
	char *u;

	(void)state;
	/* "X:" + 73 = 75 octets: one line; + 74 = 76: folded. */
	memset(v, 'a', 73);
	v[73] = '\0';
	buf_init(&b);
	ics_line(&b, "X", v);
	assert_int_equal(check_lines(buf_cstr(&b)), 1);
	buf_cleanup(&b);
	v[73] = 'b';
	v[74] = '\0';
	ics_line(&b, "X", v);
	assert_int_equal(check_lines(buf_cstr(&b)), 2);
	assert_int_equal(b.len, 75 + 2 + 1 + 1 + 2);
	assert_memory_equal(b.data + 77, " b\r\n", 4);
	buf_cleanup(&b);

	/* 200 octets: 75 + 74 + 74 minus the name... */
	memset(v, 'c', 199);
	v[199] = '\0';
	ics_line(&b, "DESCRIPTION", v);
	assert_int_equal(check_lines(buf_cstr(&b)), 3);
	u = unfold(buf_cstr(&b));
	assert_int_equal(strlen(u), strlen("DESCRIPTION:") + 199 + 2);
	free(u);
	buf_cleanup(&b);
}

static void
test_fold_utf8(void **state)
{
	struct buf b, v;
	char *u;
	int i;

	(void)state;
	buf_init(&b);
	buf_init(&v);
	/* Two-octet letters, three-octet euro signs and four-octet emoji at
	 * every alignment against the 75-octet cut. */
	for (i = 0; i < 40; i++)
		buf_puts(&v, "ä€😀x");
	for (i = 0; i < 4; i++) {
		const char *name = i == 0 ? "SUMMARY" : i == 1 ? "S" :
		    i == 2 ? "LOCATION" : "DESCRIPTION";

		buf_cleanup(&b);
		ics_line(&b, name, buf_cstr(&v));
		assert_true(check_lines(buf_cstr(&b)) > 5);
		u = unfold(buf_cstr(&b));
		assert_int_equal(strlen(u), strlen(name) + 1 + v.len + 2);
		assert_memory_equal(u + strlen(name) + 1, v.data, v.len);
		free(u);
	}
	buf_cleanup(&v);
	buf_cleanup(&b);
}

static void
test_escape(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	ics_text_escape(&b, "a\\b;c,d\ne\r\nf\rg\th\x01i");
	assert_string_equal(buf_cstr(&b), "a\\\\b\\;c\\,d\\ne\\nf\\ng hi");
	buf_cleanup(&b);
	ics_text_line(&b, "SUMMARY", "Digituki; kokemuksia, vinkkejä");
	assert_string_equal(buf_cstr(&b),
	    "SUMMARY:Digituki\\; kokemuksia\\, vinkkejä\r\n");
	buf_cleanup(&b);
}

/* The octets of the UTF-8 sequence that starts with byte c. */
static size_t
seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/*
 * A TEXT line is escaped and folded as it is written, piece by piece:
 * for two thousand values of letters of every UTF-8 length and of the
 * bytes TEXT escapes or leaves out, under names of every length from 1 to
 * 12, each physical line is whole (CRLF, at most 75 octets, UTF-8 on its
 * own), unfolding gives exactly ics_text_escape() of the value, and every
 * fold is as late as it can be (the next character would not fit).
 */
static void
test_fold_by_pieces(void **state)
{
	static const char *const tokens[] = { "a", "ä", "€", "😀", "\\",
	    ";", ",", "\n", "\r", "\r\n", "\t", "\x01", " " };
	uint64_t x = 0x9e3779b97f4a7c15u;
	struct buf v, b, want;
	const char *line, *crlf;
	char name[16];
	size_t n, i, len;
	int k;

	(void)state;
	buf_init(&v);
	buf_init(&b);
	buf_init(&want);
	for (k = 0; k < 2000; k++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		n = (size_t)(x % 260);
		v.len = 0;
		for (i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf_puts(&v, tokens[x % (sizeof(tokens) /
			    sizeof(tokens[0]))]);
		}
		memset(name, 'N', sizeof(name));
		name[1 + k % 12] = '\0';
		b.len = 0;
		ics_text_line(&b, name, buf_cstr(&v));
		check_lines(buf_cstr(&b));
		want.len = 0;
		buf_puts(&want, name);
		buf_putc(&want, ':');
		ics_text_escape(&want, buf_cstr(&v));
		buf_puts(&want, "\r\n");
		{
			char *u = unfold(buf_cstr(&b));

			assert_string_equal(u, buf_cstr(&want));
			free(u);
		}
		for (line = buf_cstr(&b); (crlf = strstr(line, "\r\n")) !=
		    NULL && crlf[2] == ' '; line = crlf + 2) {
			len = (size_t)(crlf - line);
			assert_true(len + seq_len((unsigned char)crlf[3]) > 75);
		}
	}
	buf_cleanup(&v);
	buf_cleanup(&b);
	buf_cleanup(&want);
}

/* A webinar and an on-site event in a fresh database. */
static void
test_event_file(void **state)
{
	char dir[64], path[96];
	struct config cfg = config_default;
	struct db *db;
	struct arena a;
	struct buf b;
	char *u;
	const char *s;
	struct ics_opts join = { .with_join = true };
	struct ics_opts publish = { .with_join = true, .method = ICS_PUBLISH,
		.organizer = "noreply@tuki.example.org" };
	struct ics_opts cancel = { .method = ICS_CANCEL,
		.organizer = "noreply@tuki.example.org",
		.attendee = "anna@example.fi" };
	struct ics_opts gone = { .cancelled = true };

	(void)state;
	assert_int_equal(tempdb_open("ics", dir, path, &db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO region (id, code, name_fi) "
	    "VALUES (1, 'uusimaa', 'Uusimaa')"), 0);
	/* 6 Oct 2021 9:00-12:00 Helsinki (EEST, UTC+3); 1 Dec 2021 10:00
	 * (EET, UTC+2). */
	assert_int_equal(db_exec(db, "INSERT INTO event (id, region_id, kind, "
	    "title_fi, summary_fi, starts_at, ends_at, platform, join_url, "
	    "sequence, status) VALUES (7, 1, 'webinar', 'Digituen verkostot; "
	    "kokemuksia, vinkkejä', 'Pitkä kuvaus: "
	    "äöå äöå äöå äöå äöå äöå äöå äöå äöå äöå äöå äöå äöå äöå äöå äöå', "
	    "1633500000, 1633510800, 'Teams', "
	    "'https://teams.example.org/l/meetup-join/secret', 3, "
	    "'published'), (8, 1, 'on-site', 'Kahvit', '', 1638345600, "
	    "1638352800, '', '', 0, 'cancelled')"), 0);
	assert_int_equal(db_exec(db, "UPDATE event SET place = "
	    "'Kirjasto, Kauppakatu 1' WHERE id = 8"), 0);
	cfg.base_url = "https://tuki.example.org:8443";
	config_use(&cfg);
	arena_init(&a);
	buf_init(&b);

	assert_int_equal(ics_event(db, &a, LANG_FI, 7, NULL, &b), 0);
	check_lines(buf_cstr(&b));
	u = unfold(buf_cstr(&b));
	assert_non_null(strstr(u, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	/* A download is data, not an iTIP message: no METHOD, no ORGANIZER
	 * (METHOD:PUBLISH without ORGANIZER fails libical's check). */
	assert_null(strstr(u, "METHOD:"));
	assert_null(strstr(u, "ORGANIZER"));
	assert_non_null(strstr(u, "TZID:Europe/Helsinki\r\n"));
	assert_non_null(strstr(u, "UID:event-7@tuki.example.org\r\n"));
	assert_non_null(strstr(u,
	    "DTSTART;TZID=Europe/Helsinki:20211006T090000\r\n"));
	assert_non_null(strstr(u,
	    "DTEND;TZID=Europe/Helsinki:20211006T120000\r\n"));
	assert_non_null(strstr(u, "SEQUENCE:3\r\n"));
	assert_non_null(strstr(u, "STATUS:CONFIRMED\r\n"));
	assert_non_null(strstr(u, "SUMMARY:Digituen verkostot\\; kokemuksia\\, "
	    "vinkkejä\r\n"));
	assert_non_null(strstr(u, "URL:https://tuki.example.org:8443/fi/events/7\r\n"));
	assert_null(strstr(u, "secret"));
	assert_non_null(strstr(u, "DTSTAMP:"));
	s = u + strlen(u) - strlen("END:VCALENDAR\r\n");
	assert_string_equal(s, "END:VCALENDAR\r\n");
	free(u);
	buf_cleanup(&b);

	assert_int_equal(ics_event(db, &a, LANG_FI, 7, &join, &b), 0);
	u = unfold(buf_cstr(&b));
	assert_non_null(strstr(u,
	    "URL:https://teams.example.org/l/meetup-join/secret\r\n"));
	assert_non_null(strstr(u, "LOCATION:Teams https://teams.example.org/"));
	assert_null(strstr(u, "METHOD:"));
	free(u);
	buf_cleanup(&b);

	/* An e-mail attachment: METHOD:PUBLISH with ORGANIZER, no ATTENDEE;
	 * the organiser's name is a quoted parameter without its DQUOTE. */
	assert_int_equal(db_exec(db, "UPDATE event SET organiser = "
	    "'Digituki \"Uusimaa\"; alue' WHERE id = 7"), 0);
	assert_int_equal(ics_event(db, &a, LANG_FI, 7, &publish, &b), 0);
	check_lines(buf_cstr(&b));
	u = unfold(buf_cstr(&b));
	assert_non_null(strstr(u, "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"));
	assert_non_null(strstr(u, "ORGANIZER;CN=\"Digituki Uusimaa; alue\":"
	    "mailto:noreply@tuki.example.org\r\n"));
	assert_null(strstr(u, "ATTENDEE"));
	assert_non_null(strstr(u, "STATUS:CONFIRMED\r\n"));
	free(u);
	buf_cleanup(&b);
	/* PUBLISH without an organiser address would be invalid: a file. */
	publish.organizer = NULL;
	assert_int_equal(ics_event(db, &a, LANG_FI, 7, &publish, &b), 0);
	assert_null(strstr(buf_cstr(&b), "METHOD:"));
	buf_cleanup(&b);

	/* CANCEL of one registrant's place in a confirmed event. */
	assert_int_equal(ics_event(db, &a, LANG_FI, 7, &cancel, &b), 0);
	u = unfold(buf_cstr(&b));
	assert_non_null(strstr(u, "METHOD:CANCEL\r\n"));
	assert_non_null(strstr(u, "STATUS:CANCELLED\r\n"));
	assert_non_null(strstr(u, "ATTENDEE:mailto:anna@example.fi\r\n"));
	assert_non_null(strstr(u, "ORGANIZER;CN="));
	assert_null(strstr(u, "secret"));
	free(u);
	buf_cleanup(&b);

	/* A cancelled registration's own file: STATUS:CANCELLED, no METHOD. */
	assert_int_equal(ics_event(db, &a, LANG_FI, 7, &gone, &b), 0);
	u = unfold(buf_cstr(&b));
	assert_non_null(strstr(u, "STATUS:CANCELLED\r\n"));
	assert_null(strstr(u, "METHOD:"));
	free(u);
	buf_cleanup(&b);

	assert_int_equal(ics_event(db, &a, LANG_EN, 8, &join, &b), 0);
	u = unfold(buf_cstr(&b));
	assert_non_null(strstr(u, "STATUS:CANCELLED\r\n"));
	assert_non_null(strstr(u,
	    "DTSTART;TZID=Europe/Helsinki:20211201T100000\r\n"));
	assert_non_null(strstr(u, "LOCATION:Kirjasto\\, Kauppakatu 1\r\n"));
	free(u);
	buf_cleanup(&b);

	assert_int_equal(ics_event(db, &a, LANG_FI, 99, NULL, &b), 1);
	buf_cleanup(&b);

	/* The feed: both events (the cancelled one too), no join link. */
	assert_int_equal(ics_feed(db, &a, LANG_FI, NULL, 0, "Tapahtumat", &b), 0);
	u = unfold(buf_cstr(&b));
	assert_non_null(strstr(u, "UID:event-7@"));
	assert_non_null(strstr(u, "UID:event-8@"));
	assert_null(strstr(u, "METHOD:"));
	assert_null(strstr(u, "secret"));
	free(u);
	buf_cleanup(&b);
	/* Ended before `since`: left out. */
	assert_int_equal(ics_feed(db, &a, LANG_FI, NULL, 1638000000, NULL, &b), 0);
	assert_null(strstr(buf_cstr(&b), "event-7@"));
	assert_non_null(strstr(buf_cstr(&b), "event-8@"));
	buf_cleanup(&b);
	config_use(&config_default);
	arena_cleanup(&a);
	tempdb_close(dir, db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_line),
		cmocka_unit_test(test_fold_ascii_exact),
		cmocka_unit_test(test_fold_utf8),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_fold_by_pieces),
		cmocka_unit_test(test_event_file),
	};

	time_init();
	/* Links in calendar files and mail are built from route names. */
	url_use_router(&app_router);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

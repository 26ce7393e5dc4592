/*
 * test_mail.c - the MIME builder (base64, quoted-printable, RFC 2047,
 * attachments, refused headers) and the outbox (dedupe keys, spool
 * delivery, retries with backoff until a message is given up) against a
 * real SQLite file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/settings.h"
#include "db/db.h"
#include "mail/mail.h"
#include "mail/mime.h"
#include "tempdb.h"

#define NOW 1700000000LL

struct dbfix {
	char dir[64];
	char path[96];
	char spool[128];
	struct db *db;
	struct config cfg;	/* in use from setup to teardown */
};

/* ---- decoders for the round trips ---- */

static size_t
qp_decode(const char *s, unsigned char *out)
{
	size_t n = 0;

	while (*s != '\0') {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n')
			s += 3;
		else if (s[0] == '=') {
			unsigned v;

			assert_int_equal(sscanf(s + 1, "%2X", &v), 1);
			out[n++] = (unsigned char)v;
			s += 3;
		} else
			out[n++] = (unsigned char)*s++;
	}
	return n;
}

static size_t
b64_decode(const char *s, size_t len, unsigned char *out, size_t cap)
{
	size_t n = 0;

	assert_int_equal(sodium_base642bin(out, cap, s, len, "\r\n", &n, NULL,
	    sodium_base64_VARIANT_ORIGINAL), 0);
	return n;
}

/* Every line of b (split at CRLF) is at most max characters, and there is
 * no bare CR or LF. */
static void
assert_lines(const char *s, size_t max)
{
	const char *p = s, *e;

	while (*p != '\0') {
		e = strstr(p, "\r\n");
		assert_non_null(e);
		assert_true((size_t)(e - p) <= max);
		for (const char *q = p; q < e; q++)
			assert_true(*q != '\r' && *q != '\n');
		p = e + 2;
	}
}

/* ---- MIME ---- */

static void
test_base64(void **state)
{
	unsigned char data[300], back[300];
	struct buf b;
	size_t n, k;

	(void)state;
	randombytes_buf(data, sizeof(data));
	for (n = 0; n <= sizeof(data); n += n < 120 ? 1 : 37) {
		buf_init(&b);
		mime_base64(&b, data, n);
		buf_cstr(&b);
		assert_lines(b.data == NULL ? "" : b.data, 76);
		/* Full lines are exactly 76: 57 bytes each. */
		if (n > 57)
			assert_int_equal(strstr(b.data, "\r\n") - b.data, 76);
		k = b64_decode(b.data == NULL ? "" : b.data, b.len, back,
		    sizeof(back));
		assert_int_equal(k, n);
		assert_memory_equal(back, data, n);
		buf_cleanup(&b);
	}
}

static void
test_qp(void **state)
{
	static const char *const in[] = {
		"",
		"Hei!",
		"Rivi yksi\nRivi kaksi\n",
		"CRLF\r\nja LF\nsekaisin",
		"a = b ja ?token=abc",
		"Loppuvälilyönti \nja tabi\t\nja loppu ",
		".piste alussa\n.\n",
		"Ääkköset: äöå ÄÖÅ – € ✓ 😀",
		"https://tukiverkko.example/fi/password/set?token="
		    "p9Cj_mgen89KDNAz8g7lLFgEoM_oSNY0t593JhGRfxw_and_a_lot_more_"
		    "text_so_that_this_line_is_well_over_seventy_six_characters",
		"ääääääääääääääääääääääääääääääääääääääääääääääääää",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx ä",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.x",
	};
	unsigned char back[1024];
	char want[1024];
	struct buf b;
	size_t i, n, w;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		const char *p;

		buf_init(&b);
		mime_qp(&b, in[i]);
		buf_cstr(&b);
		assert_lines(b.data, 76);
		/* 7-bit, and no line ends in white space or starts with a dot. */
		for (p = b.data; *p != '\0'; p++) {
			assert_true((unsigned char)*p < 0x80);
			if (p[0] == '\r')
				assert_true(p == b.data ||
				    (p[-1] != ' ' && p[-1] != '\t'));
			if (p == b.data || (p[-1] == '\n'))
				assert_true(*p != '.');
		}
		/* Decoded: the input with CRLF line ends, ending in CRLF. */
		for (w = 0, p = in[i]; *p != '\0'; p++) {
			if (*p == '\r' && p[1] == '\n')
				continue;
			if (*p == '\n')
				want[w++] = '\r';
			want[w++] = *p;
		}
		if (w < 2 || want[w - 1] != '\n') {
			want[w++] = '\r';
			want[w++] = '\n';
		}
		n = qp_decode(b.data, back);
		assert_int_equal(n, w);
		assert_memory_equal(back, want, w);
		buf_cleanup(&b);
	}
}

/* Decodes "Name: =?UTF-8?B?..?=\r\n =?UTF-8?B?..?=\r\n" into out; each
 * word must be whole UTF-8 characters and at most 75 characters long. */
static void
words_decode(const char *h, char *out)
{
	const char *p = strchr(h, ':') + 2, *e;
	size_t n = 0, k;

	while ((p = strstr(p, "=?UTF-8?B?")) != NULL) {
		e = strstr(p + 10, "?=");
		assert_non_null(e);
		assert_true(e + 2 - p <= 75);
		k = b64_decode(p + 10, (size_t)(e - p - 10),
		    (unsigned char *)out + n, 512);
		/* A word starts at a character, not in the middle of one. */
		assert_true(((unsigned char)out[n] & 0xc0) != 0x80);
		n += k;
		p = e + 2;
	}
	out[n] = '\0';
}

static void
test_rfc2047(void **state)
{
	static const char *const subj[] = {
		"Ilmoittautuminen vahvistettu: Digituen webinaari – syksy 2026",
		"Påminnelse: Digistöd för äldre i Sibbo, måndag kl. 10.00 – "
		    "ta med din telefon och laddare 📱",
		"ä",
		"=?UTF-8?B?ZmFrZQ==?= looks encoded",
	};
	struct buf b;
	char back[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(subj) / sizeof(subj[0]); i++) {
		buf_init(&b);
		mime_header(&b, "Subject", subj[i]);
		buf_cstr(&b);
		assert_lines(b.data, 78);
		assert_true(strncmp(b.data, "Subject: =?UTF-8?B?", 19) == 0);
		/* Continuation lines are folded with a space. */
		for (const char *p = strstr(b.data, "\r\n"); p[2] != '\0';
		    p = strstr(p + 2, "\r\n"))
			assert_int_equal(p[2], ' ');
		words_decode(b.data, back);
		assert_string_equal(back, subj[i]);
		buf_cleanup(&b);
	}
	buf_init(&b);
	mime_header(&b, "X-Note", "Plain ASCII");
	assert_string_equal(buf_cstr(&b), "X-Note: Plain ASCII\r\n");
	buf_cleanup(&b);
}

static void
test_render_attachments(void **state)
{
	static const char ics[] = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
	unsigned char bin[500], back[700];
	struct mail_attachment att[] = {
		{ "tapahtuma.ics", "text/calendar; charset=utf-8; method=PUBLISH",
		    ics, sizeof(ics) - 1 },
		{ "Ohjeet – älä hukkaa.pdf", NULL, (const char *)bin,
		    sizeof(bin) },
	};
	struct mail_msg m = { .to = "maija@example.fi", .subject = "Tervetuloa",
		.body = "Hei Maija,\n\nliitteenä kalenterimerkintä.\n",
		.att = att, .natt = 2 };
	struct buf b;
	const char *s, *p, *e;
	char boundary[64], delim[80];
	size_t n;

	(void)state;
	randombytes_buf(bin, sizeof(bin));
	buf_init(&b);
	assert_int_equal(mime_render(&b, "Tukiverkko <noreply@tukiverkko.fi>",
	    &m, "abc@tukiverkko.fi", NOW), 0);
	s = buf_cstr(&b);
	assert_non_null(strstr(s, "\r\nTo: maija@example.fi\r\n"));
	assert_non_null(strstr(s, "\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
	assert_non_null(strstr(s, "\r\nMessage-ID: <abc@tukiverkko.fi>\r\n"));
	p = strstr(s, "Content-Type: multipart/mixed; boundary=\"");
	assert_non_null(p);
	p += strlen("Content-Type: multipart/mixed; boundary=\"");
	e = strchr(p, '"');
	memcpy(boundary, p, (size_t)(e - p));
	boundary[e - p] = '\0';
	assert_true(strncmp(boundary, "=_", 2) == 0);
	snprintf(delim, sizeof(delim), "\r\n--%s\r\n", boundary);
	/* The body: text part (quoted-printable), then the two attachments,
	 * then the closing delimiter. */
	/* Header lines within 78 characters, body lines within 76. */
	p = strstr(s, "\r\n\r\n");
	assert_lines(s, 78);
	p = strstr(p, delim);
	assert_non_null(p);
	assert_non_null(strstr(p, "Content-Transfer-Encoding: quoted-printable"
	    "\r\n\r\nHei Maija,\r\n\r\nliitteen=C3=A4 kalenterimerkint=C3=A4."));
	p = strstr(p + 1, delim);
	assert_non_null(p);
	assert_non_null(strstr(p, "Content-Type: text/calendar; charset=utf-8; "
	    "method=PUBLISH;\r\n name=\"tapahtuma.ics\"\r\nContent-Disposition: "
	    "attachment;\r\n filename=\"tapahtuma.ics\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n"));
	p = strstr(p, "base64\r\n\r\n") + 10;
	e = strstr(p, delim);
	assert_non_null(e);
	assert_lines(p, 76);
	n = b64_decode(p, (size_t)(e - p), back, sizeof(back));
	assert_int_equal(n, sizeof(ics) - 1);
	assert_memory_equal(back, ics, n);
	p = e;
	assert_non_null(strstr(p, "Content-Type: application/octet-stream;\r\n"
	    " name*=UTF-8''Ohjeet%20%E2%80%93%20%C3%A4l%C3%A4%20hukkaa.pdf"));
	assert_non_null(strstr(p, " filename*=UTF-8''Ohjeet%20%E2%80%93%20"));
	p = strstr(p, "base64\r\n\r\n") + 10;
	snprintf(delim, sizeof(delim), "\r\n--%s--\r\n", boundary);
	e = strstr(p, delim);
	assert_non_null(e);
	assert_string_equal(e + strlen(delim), "");
	n = b64_decode(p, (size_t)(e - p), back, sizeof(back));
	assert_int_equal(n, sizeof(bin));
	assert_memory_equal(back, bin, n);
	/* Nothing but 7-bit text anywhere. */
	for (p = s; *p != '\0'; p++)
		assert_true((unsigned char)*p < 0x80);
	buf_cleanup(&b);
}

static void
test_render_refuses(void **state)
{
	struct mail_attachment bad_att = { "a\r\nX-Evil: 1", "text/plain",
		"x", 1 };
	struct mail_attachment bad_type = { "a.txt", "text/plain\r\nX-Evil: 1",
		"x", 1 };
	struct mail_msg m[] = {
		{ .to = "a@example.fi\r\nBcc: victim@example.org", .subject = "s" },
		{ .to = "a@example.fi", .subject = "s\r\nBcc: victim@example.org" },
		{ .to = "a@example.fi", .subject = "s\nBcc: victim@example.org" },
		{ .to = "a@example.fi", .subject = "bell\a" },
		{ .to = "a@example.fi, victim@example.org", .subject = "s" },
		{ .to = "Name <a@example.fi>", .subject = "s" },
		{ .to = "no-at-sign", .subject = "s" },
		{ .to = "a@example.fi", .subject = "s", .att = &bad_att, .natt = 1 },
		{ .to = "a@example.fi", .subject = "s", .att = &bad_type, .natt = 1 },
	};
	struct buf b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		buf_init(&b);
		assert_int_equal(mime_render(&b, "x@example.fi", &m[i], "id@x",
		    NOW), -1);
		buf_cleanup(&b);
	}
	/* A From with a non-ASCII name gets an encoded-word. */
	{
		struct mail_msg ok = { .to = "a@example.fi", .subject = "s",
			.body = "b" };

		buf_init(&b);
		assert_int_equal(mime_render(&b, "Digituki Itä-Uusimaa "
		    "<noreply@example.fi>", &ok, "id@x", NOW), 0);
		assert_true(strncmp(buf_cstr(&b), "From: =?UTF-8?B?", 16) == 0);
		assert_non_null(strstr(b.data, "?= <noreply@example.fi>\r\nTo: "));
		buf_cleanup(&b);
	}
}

/* Issue 11, item 22: Auto-Submitted on every message, Content-Language
 * and List-Unsubscribe (+ -Post only for one-click) when asked for, and
 * every new header value refused with a line break or a bracket. */
static void
test_render_list_headers(void **state)
{
	struct mail_msg plain = { .to = "a@example.fi", .subject = "s",
		.body = "b" };
	struct mail_msg rem = { .to = "a@example.fi", .subject = "s",
		.body = "b", .lang = "sv",
		.unsubscribe = "https://tuki.example.fi/sv/account#reminders" };
	struct mail_msg one = rem;
	struct mail_msg bad[] = {
		{ .to = "a@example.fi", .subject = "s", .lang = "fi\r\nBcc: v@example.org" },
		{ .to = "a@example.fi", .subject = "s", .lang = "" },
		{ .to = "a@example.fi", .subject = "s", .lang = "fi sv" },
		{ .to = "a@example.fi", .subject = "s",
		  .unsubscribe = "https://x.example/u\r\nBcc: v@example.org" },
		{ .to = "a@example.fi", .subject = "s",
		  .unsubscribe = "https://x.example/u>, <mailto:v@example.org" },
		{ .to = "a@example.fi", .subject = "s",
		  .unsubscribe = "javascript:alert(1)" },
		{ .to = "a@example.fi", .subject = "s", .one_click = true },
	};
	const char *s, *hdr_end;
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b);
	assert_int_equal(mime_render(&b, "x@example.fi", &plain, "id@x", NOW), 0);
	s = buf_cstr(&b);
	hdr_end = strstr(s, "\r\n\r\n");
	assert_non_null(hdr_end);
	assert_non_null(strstr(s, "\r\nAuto-Submitted: auto-generated\r\n"));
	assert_true(strstr(s, "Auto-Submitted") < hdr_end);
	assert_null(strstr(s, "Content-Language"));
	assert_null(strstr(s, "List-Unsubscribe"));
	buf_cleanup(&b);

	buf_init(&b);
	assert_int_equal(mime_render(&b, "x@example.fi", &rem, "id@x", NOW), 0);
	s = buf_cstr(&b);
	hdr_end = strstr(s, "\r\n\r\n");
	assert_true(strstr(s, "\r\nContent-Language: sv\r\n") < hdr_end);
	assert_true(strstr(s, "\r\nList-Unsubscribe: "
	    "<https://tuki.example.fi/sv/account#reminders>\r\n") < hdr_end);
	assert_null(strstr(s, "List-Unsubscribe-Post"));
	buf_cleanup(&b);

	one.one_click = true;
	buf_init(&b);
	assert_int_equal(mime_render(&b, "x@example.fi", &one, "id@x", NOW), 0);
	s = buf_cstr(&b);
	hdr_end = strstr(s, "\r\n\r\n");
	assert_true(strstr(s, "\r\nList-Unsubscribe-Post: "
	    "List-Unsubscribe=One-Click\r\n") < hdr_end);
	buf_cleanup(&b);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		buf_init(&b);
		assert_int_equal(mime_render(&b, "x@example.fi", &bad[i], "id@x",
		    NOW), -1);
		buf_cleanup(&b);
	}
}

/* Issue 11, item 10: a one-line value stays one line. */
static void
test_one_line(void **state)
{
	static const char *const cases[][2] = {
		{ "Maija Meikäläinen", "Maija Meikäläinen" },
		{ "Victim\r\nPhish: visit http://evil.example", "Victim Phish: visit http://evil.example" },
		{ "a\n\n\nb", "a b" },
		{ "a\rb\tc\x7f", "a b c" },
		{ "\nlead and trail\r\n", "lead and trail" },
		{ "line\xc2\x85next\xe2\x80\xa8sep\xe2\x80\xa9para", "line next sep para" },
		{ "", "" },
	};
	struct arena a;
	size_t i;

	(void)state;
	arena_init(&a);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(mail_one_line(&a, cases[i][0]), cases[i][1]);
	assert_string_equal(mail_one_line(&a, NULL), "");
	arena_cleanup(&a);
}

/* ---- the outbox ---- */

static int
db_setup(void **state)
{
	struct dbfix *x = calloc(1, sizeof(*x));

	if (x == NULL)
		return -1;
	if (tempdb_open("mail", x->dir, x->path, &x->db) != 0) {
		free(x);
		return -1;
	}
	snprintf(x->spool, sizeof(x->spool), "%s/spool", x->dir);
	x->cfg = config_default;
	x->cfg.mail_spool = x->spool;
	x->cfg.mail_from = "Tukiverkko <noreply@tukiverkko.example>";
	x->cfg.mail_retry_base_ms = 60000;
	config_use(&x->cfg);
	mail_configure();
	*state = x;
	return 0;
}

static int
db_teardown(void **state)
{
	struct dbfix *x = *state;
	DIR *d = opendir(x->spool);
	struct dirent *e;
	char p[512];

	config_use(&config_default);

	while (d != NULL && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", x->spool, e->d_name);
		unlink(p);
	}
	if (d != NULL)
		closedir(d);
	rmdir(x->spool);
	tempdb_close(x->dir, x->db);
	free(x);
	return 0;
}

static int64_t
count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t n;

	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	n = db_col_int64(st, 0);
	db_done(st);
	return n;
}

static void
test_dedupe(void **state)
{
	struct dbfix *x = *state;
	struct mail_msg m = { .to = "maija@example.fi", .subject = "Vahvistus",
		.body = "Olet ilmoittautunut.", .dedupe_key = "reg:7:confirmation" };
	struct mail_msg plain = { .to = "maija@example.fi", .subject = "s",
		.body = "b" };

	(void)state;
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(mail_send(x->db, &m, NOW), 0);
	assert_int_equal(mail_send(x->db, &m, NOW + 5), 1);
	m.subject = "Different text, same key";
	assert_int_equal(mail_send(x->db, &m, NOW + 6), 1);
	m.dedupe_key = "reg:7:reminder";
	assert_int_equal(mail_send(x->db, &m, NOW + 7), 0);
	/* Without a key nothing is deduplicated. */
	assert_int_equal(mail_send(x->db, &plain, NOW), 0);
	assert_int_equal(mail_send(x->db, &plain, NOW), 0);
	assert_int_equal(mail_enqueue(x->db, "maija@example.fi", "s", "b",
	    NOW), 0);
	assert_int_equal(db_commit(x->db), 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox"), 5);
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox WHERE "
	    "dedupe_key = 'reg:7:confirmation' AND subject = 'Vahvistus'"), 1);
	/* Refused headers write nothing. */
	plain.subject = "s\r\nBcc: victim@example.org";
	assert_int_equal(mail_send(x->db, &plain, NOW), -1);
	assert_int_equal(mail_enqueue(x->db, "a@example.fi\nBcc: v@example.org",
	    "s", "b", NOW), -1);
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox"), 5);
	/* Each row has its own Message-ID, kept in the rendered message. */
	assert_int_equal(count(x->db, "SELECT count(DISTINCT substr(message, "
	    "instr(message, 'Message-ID:'), 50)) FROM mail_outbox"), 5);
}

static int
spool_files(const char *dir, char *first, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n++ == 0 && first != NULL)
			snprintf(first, len, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	return n;
}

static void
test_spool(void **state)
{
	struct dbfix *x = *state;
	struct mail_msg m = { .to = "maija@example.fi", .subject = "Kutsu",
		.body = "Linkki: https://x.example/set?token=secret\n" };
	static const char head[] = "From: Tukiverkko "
	    "<noreply@tukiverkko.example>\r\nTo: maija@example.fi\r\n"
	    "Subject: =?UTF-8?B?S3V0c3U=?=\r\nDate: ";
	char file[512], text[4096];
	FILE *f;
	size_t n;

	assert_int_equal(mail_send(x->db, &m, NOW), 0);
	assert_int_equal(mail_deliver(x->db, NOW), 1);
	assert_int_equal(spool_files(x->spool, file, sizeof(file)), 1);
	/* Delivered once: the next runs find nothing to do. */
	assert_int_equal(mail_deliver(x->db, NOW + 1), 0);
	assert_int_equal(mail_deliver(x->db, NOW + 100000), 0);
	assert_int_equal(spool_files(x->spool, NULL, 0), 1);
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox WHERE "
	    "status = 'sent' AND sent_at = 1700000000 AND attempts = 1 AND "
	    "body = '' AND message = ''"), 1);
	assert_non_null(f = fopen(file, "r"));
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	assert_true(strncmp(text, head, strlen(head)) == 0);
	assert_non_null(strstr(text, "@tukiverkko.example>\r\n"));
	assert_non_null(strstr(text, "token=3Dsecret"));
}

/* Issue 11, item 22: the Message-ID is at the host of base_url, not at
 * the From address's domain (which may be a relay's, or "localhost"). */
static void
test_msgid_domain(void **state)
{
	static const char *const cases[][2] = {
		{ "https://tuki.example.fi", "@tuki.example.fi>" },
		{ "http://tv.example:8080/sub", "@tv.example>" },
		/* Not a host name: the From address's domain. */
		{ "http://[::1]:8080", "@tukiverkko.example>" },
	};
	struct dbfix *x = *state;
	struct mail_msg m = { .to = "maija@example.fi", .subject = "s",
		.body = "b" };
	struct db_stmt *st;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *msg, *id;
		char url[64];

		snprintf(url, sizeof(url), "%s", cases[i][0]);
		x->cfg.base_url = url;
		assert_int_equal(mail_send(x->db, &m, NOW), 0);
		assert_non_null(st = db_prepare(x->db, "SELECT message FROM "
		    "mail_outbox ORDER BY id DESC LIMIT 1"));
		assert_int_equal(db_step(st), DB_ROW);
		msg = db_col_text(st, 0);
		assert_non_null(id = strstr(msg, "\r\nMessage-ID: <"));
		id = strchr(id + 16, '@');
		assert_non_null(id);
		assert_true(strncmp(id, cases[i][1], strlen(cases[i][1])) == 0);
		db_done(st);
	}
	x->cfg.base_url = config_default.base_url;
}

/* Rows queued before 0006 have no rendered message: the job builds it,
 * and gives up at once on one that cannot be built. */
static void
test_legacy_rows(void **state)
{
	struct dbfix *x = *state;

	assert_int_equal(db_exec(x->db, "INSERT INTO mail_outbox (to_addr, "
	    "subject, body, created_at) VALUES ('old@example.fi', 'Vanha', "
	    "'Teksti\n', 1700000000), ('bad@example.fi' || char(10) || "
	    "'Bcc: x@example.org', 's', 'b', 1700000000)"), 0);
	assert_int_equal(mail_deliver(x->db, NOW), 1);
	assert_int_equal(spool_files(x->spool, NULL, 0), 1);
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox WHERE "
	    "to_addr = 'old@example.fi' AND status = 'sent'"), 1);
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox WHERE "
	    "to_addr LIKE 'bad@%' AND status = 'failed' AND attempts = 1 AND "
	    "last_error = 'cannot build the message' AND body = ''"), 1);
	assert_int_equal(mail_deliver(x->db, NOW + 100000), 0);
}

/* A relay that refuses connections: the attempts are spaced out 1, 5, 15,
 * 60, 120, 240 and then 360 minutes apart; after the tenth the message is
 * given up and its text dropped. */
static void
test_retry_and_give_up(void **state)
{
	static const int64_t wait[] = { 60, 300, 900, 3600, 7200, 14400, 21600,
		21600, 21600 };
	struct dbfix *x = *state;
	struct mail_msg m = { .to = "maija@example.fi", .subject = "s",
		.body = "b" };
	int64_t now = NOW;
	int i;

	x->cfg.mail_from = "noreply@tukiverkko.example";
	x->cfg.smtp_url = "smtp://127.0.0.1:1";
	mail_configure();
	assert_int_equal(mail_send(x->db, &m, now), 0);
	for (i = 0; i < MAIL_MAX_ATTEMPTS - 1; i++) {
		assert_int_equal(mail_deliver(x->db, now), 0);
		assert_int_equal(count(x->db, "SELECT attempts FROM mail_outbox"),
		    i + 1);
		assert_int_equal(count(x->db, "SELECT next_attempt_at FROM "
		    "mail_outbox") - now, wait[i]);
		assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox "
		    "WHERE status = 'pending' AND last_error LIKE 'SMTP %' AND "
		    "last_error NOT LIKE '%maija%' AND length(message) > 0"), 1);
		/* Not due yet: not tried. */
		assert_int_equal(mail_deliver(x->db, now + wait[i] - 1), 0);
		assert_int_equal(count(x->db, "SELECT attempts FROM mail_outbox"),
		    i + 1);
		now += wait[i];
	}
	assert_int_equal(mail_deliver(x->db, now), 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox WHERE "
	    "status = 'failed' AND attempts = 10 AND sent_at IS NULL AND "
	    "body = '' AND message = ''"), 1);
	assert_int_equal(mail_deliver(x->db, now + 10000000), 0);
	assert_int_equal(count(x->db, "SELECT attempts FROM mail_outbox"), 10);
	assert_int_equal(spool_files(x->spool, NULL, 0), 0);
}

/*
 * A writer's batch: its messages in the order added (more than one
 * statement takes), a key taken before and one taken twice in the batch
 * kept once, a refused message not kept, priorities, nothing written
 * before mail_batch_write() and nothing twice after it.
 */
static void
test_batch(void **state)
{
	struct dbfix *x = *state;
	struct mail_msg m = { .to = "maija@example.fi", .subject = "s",
		.body = "b", .dedupe_key = "taken" };
	/* The first, "twice" once, then 000 to MAIL_BATCH_ROWS (the next
	 * two, in a later statement, kept out by the keys of 000 and 001),
	 * the one without a key last; in the order added; 005 account mail;
	 * every row pending and rendered. */
	static const struct {
		const char *sql;
		int64_t want;
	} check[] = {
		{ "SELECT count(*) FROM mail_outbox",
		    1 + 1 + MAIL_BATCH_ROWS + 1 + 1 },
		{ "SELECT count(*) FROM mail_outbox WHERE dedupe_key = 'twice'",
		    1 },
		{ "SELECT count(*) FROM mail_outbox WHERE dedupe_key = 'taken' "
		    "AND subject = 's'", 1 },
		{ "SELECT count(*) FROM mail_outbox a JOIN mail_outbox b ON "
		    "b.id = a.id + 1 WHERE a.id > 2 AND b.subject < a.subject "
		    "AND b.subject <> 'no key'", 0 },
		{ "SELECT (SELECT max(id) FROM mail_outbox WHERE subject = "
		    "'no key') = (SELECT max(id) FROM mail_outbox)", 1 },
		{ "SELECT count(*) FROM mail_outbox WHERE subject = '001'", 1 },
		{ "SELECT priority FROM mail_outbox WHERE subject = '005'", 0 },
		{ "SELECT count(*) FROM mail_outbox WHERE priority = 1 AND "
		    "status = 'pending' AND next_attempt_at >= created_at AND "
		    "message LIKE '%maija@example.fi%' AND subject = '004'", 1 },
	};
	struct mail_batch mb;
	char key[32], subject[32];
	size_t i;

	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(mail_send(x->db, &m, NOW), 0);
	mail_batch_init(&mb);
	m.subject = "again";
	assert_int_equal(mail_batch_add(&mb, &m, NOW), 0);
	m.dedupe_key = "twice";
	assert_int_equal(mail_batch_add(&mb, &m, NOW), 0);
	assert_int_equal(mail_batch_add(&mb, &m, NOW), 0);
	for (i = 0; i < MAIL_BATCH_ROWS + 3; i++) {
		snprintf(key, sizeof(key), "k:%zu", i % (MAIL_BATCH_ROWS + 1));
		snprintf(subject, sizeof(subject), "%03zu", i);
		m.dedupe_key = key;
		m.subject = subject;
		m.account = i == 5;
		assert_int_equal(mail_batch_add(&mb, &m, NOW + 1), 0);
	}
	m.subject = "s\r\nBcc: victim@example.org";
	assert_int_equal(mail_batch_add(&mb, &m, NOW), -1);
	m.dedupe_key = NULL;
	m.subject = "no key";
	assert_int_equal(mail_batch_add(&mb, &m, NOW + 2), 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox"), 1);
	assert_int_equal(mail_batch_write(x->db, &mb), 0);
	assert_int_equal(mail_batch_write(x->db, &mb), 0);
	mail_batch_cleanup(&mb);
	assert_int_equal(db_commit(x->db), 0);
	for (i = 0; i < sizeof(check) / sizeof(check[0]); i++)
		assert_int_equal(count(x->db, check[i].sql), check[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_qp),
		cmocka_unit_test(test_rfc2047),
		cmocka_unit_test(test_render_attachments),
		cmocka_unit_test(test_render_refuses),
		cmocka_unit_test(test_render_list_headers),
		cmocka_unit_test(test_one_line),
		cmocka_unit_test_setup_teardown(test_msgid_domain, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_dedupe, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_batch, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_spool, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_legacy_rows, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_retry_and_give_up,
		    db_setup, db_teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

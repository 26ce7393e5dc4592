/*
 * mime.c - building RFC 5322 / MIME messages.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mail/mime.h"

bool
mime_header_ok(const char *s)
{
	const unsigned char *p;

	if (s == NULL)
		return false;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return false;
	return true;
}

bool
mime_address_ok(const char *s)
{
	const unsigned char *p;
	const char *at;

	if (s == NULL || (at = strchr(s, '@')) == NULL || at == s ||
	    at[1] == '\0' || strchr(at + 1, '@') != NULL || strlen(s) > 254)
		return false;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f || strchr("<>,;()\"\\[]", *p))
			return false;
	return true;
}

void
mime_base64(struct buf *b, const void *p, size_t n)
{
	const unsigned char *s = p;
	char line[80];
	size_t k;

	/* 57 bytes make exactly 76 characters of base64. */
	while (n > 0) {
		k = n < 57 ? n : 57;
		sodium_bin2base64(line, sizeof(line), s, k,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_puts(b, line);
		buf_puts(b, "\r\n");
		s += k;
		n -= k;
	}
}

void
mime_qp(struct buf *b, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)text;
	size_t col = 0;

	while (*p != '\0') {
		unsigned char c = *p;
		bool eol, enc;

		if (c == '\r' && p[1] == '\n')
			p++, c = '\n';
		if (c == '\n') {
			buf_puts(b, "\r\n");
			col = 0;
			p++;
			continue;
		}
		/* Whitespace at the end of a line is lost in transport unless
		 * encoded; a dot alone at the start could end the SMTP data. */
		eol = p[1] == '\0' || p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');
		enc = c == '=' || c > 126 || (c < 32 && c != '\t') ||
		    ((c == ' ' || c == '\t') && eol) || (c == '.' && col == 0);
		/* A soft break "=" needs the 76th column. */
		if (col + (enc ? 3 : 1) > 75) {
			buf_puts(b, "=\r\n");
			col = 0;
			if (c == '.')
				enc = true;
		}
		if (enc) {
			buf_putc(b, '=');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
			col += 3;
		} else {
			buf_putc(b, (char)c);
			col++;
		}
		p++;
	}
	if (col > 0 || b->len < 2 || b->data[b->len - 1] != '\n')
		buf_puts(b, "\r\n");
}

static bool
mime_plain(const char *s)
{
	const unsigned char *p;

	if (strstr(s, "=?") != NULL || strlen(s) > 900)
		return false;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			return false;
	return true;
}

static void
mime_header_words(struct buf *b, const char *name, const char *value,
    bool always)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t n = strlen(value), k;
	char word[64];

	buf_printf(b, "%s: ", name);
	if (!always && mime_plain(value)) {
		buf_puts(b, value);
		buf_puts(b, "\r\n");
		return;
	}
	if (n == 0) {
		buf_puts(b, "\r\n");
		return;
	}
	/* 42 bytes are 56 characters of base64: a word of 68 stays within 78
	 * columns even after "Subject: ".  A word never splits a UTF-8
	 * character, because each word must decode to whole characters. */
	while (n > 0) {
		k = n < 42 ? n : 42;
		while (k < n && k > 1 && (s[k] & 0xc0) == 0x80)
			k--;
		sodium_bin2base64(word, sizeof(word), s, k,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, "=?UTF-8?B?%s?=", word);
		s += k;
		n -= k;
		buf_puts(b, n > 0 ? "\r\n " : "\r\n");
	}
}

void
mime_header(struct buf *b, const char *name, const char *value)
{
	mime_header_words(b, name, value, false);
}

int
mime_addr_spec(const char *from, char *out, size_t outlen)
{
	const char *lt = strrchr(from, '<'), *gt, *s = from, *e;

	if (lt != NULL && (gt = strchr(lt, '>')) != NULL) {
		s = lt + 1;
		e = gt;
	} else {
		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strlen(s);
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
	}
	if ((size_t)(e - s) + 1 > outlen)
		return -1;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return 0;
}

void
mime_date(char out[40], int64_t t)
{
	/* Not strftime(): %a and %b follow the locale, RFC 5322 wants
	 * English names. */
	static const char *const day[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    day[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* From as given when ASCII; else the display name as an encoded-word. */
static void
mime_from(struct buf *b, const char *from)
{
	const char *lt = strrchr(from, '<');
	char name[512];
	size_t n;

	if (mime_plain(from) || lt == NULL) {
		buf_printf(b, "From: %s\r\n", from);
		return;
	}
	n = (size_t)(lt - from);
	while (n > 0 && (from[n - 1] == ' ' || from[n - 1] == '"'))
		n--;
	if (*from == '"')
		from++, n = n > 0 ? n - 1 : 0;
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, from, n);
	name[n] = '\0';
	/* mime_header() folds long names; a short one fits on the line. */
	buf_puts(b, "From: ");
	{
		struct buf w;

		buf_init(&w);
		mime_header(&w, "X", name);
		/* Drop "X: " and the final CRLF. */
		buf_append(b, w.data + 3, w.len - 5);
		buf_cleanup(&w);
	}
	buf_printf(b, " %s\r\n", lt);
}

/* A MIME parameter: name="value" for plain ASCII, else the RFC 2231 form
 * name*=UTF-8''%XX, which mail clients decode for file names. */
static void
mime_param(struct buf *b, const char *name, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	bool plain = strlen(value) <= 60;

	for (p = (const unsigned char *)value; *p != '\0' && plain; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
			plain = false;
	/* Each parameter on a line of its own keeps header lines short. */
	if (plain) {
		buf_printf(b, ";\r\n %s=\"%s\"", name, value);
		return;
	}
	buf_printf(b, ";\r\n %s*=UTF-8''", name);
	for (p = (const unsigned char *)value; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
			buf_putc(b, (char)*p);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
}

/* type/subtype with optional parameters, printable ASCII only. */
static bool
mime_type_ok(const char *t)
{
	const unsigned char *p;
	const char *slash = strchr(t, '/');

	if (slash == NULL || slash == t || strlen(t) > 200)
		return false;
	for (p = (const unsigned char *)t; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			return false;
	return true;
}

/* A language tag (RFC 5646): letters, digits and '-', at most 35. */
static bool
mime_lang_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-");

	return n > 0 && n <= 35 && s[n] == '\0' && s[0] != '-';
}

/* A URL for List-Unsubscribe: absolute http(s), printable ASCII without
 * spaces, '<', '>' or ',' (which would end or split the <...> list). */
static bool
mime_url_ok(const char *s)
{
	const unsigned char *p;

	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return false;
	if (strlen(s) > 900)
		return false;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("<>,\"", *p) != NULL)
			return false;
	return true;
}

int
mime_render(struct buf *b, const char *from, const struct mail_msg *m,
    const char *msgid, int64_t date)
{
	const char *subject = m->subject != NULL ? m->subject : "";
	const char *body = m->body != NULL ? m->body : "";
	char d[40], boundary[48];
	unsigned char rnd[12];
	size_t i;

	if (!mime_address_ok(m->to) || !mime_header_ok(subject) ||
	    !mime_header_ok(from) || (m->natt > 0 && m->att == NULL) ||
	    (m->lang != NULL && !mime_lang_ok(m->lang)) ||
	    (m->unsubscribe != NULL && !mime_url_ok(m->unsubscribe)) ||
	    (m->one_click && m->unsubscribe == NULL))
		return -1;
	for (i = 0; i < m->natt; i++) {
		const struct mail_attachment *a = &m->att[i];

		if (!mime_header_ok(a->filename) || a->filename[0] == '\0' ||
		    (a->content_type != NULL && !mime_type_ok(a->content_type)) ||
		    (a->len > 0 && a->data == NULL))
			return -1;
	}
	mime_date(d, date);
	mime_from(b, from);
	buf_printf(b, "To: %s\r\n", m->to);
	/* The subject is always encoded-words, ASCII or not: whatever a
	 * caller puts there stays text (no "=?" lookalikes, no folding
	 * surprises), and every mail client decodes it. */
	mime_header_words(b, "Subject", subject, true);
	buf_printf(b, "Date: %s\r\nMessage-ID: <%s>\r\n", d, msgid);
	/* Sent by a program, never in reply to anyone (RFC 3834). */
	buf_puts(b, "Auto-Submitted: auto-generated\r\n");
	if (m->lang != NULL)
		buf_printf(b, "Content-Language: %s\r\n", m->lang);
	if (m->unsubscribe != NULL)
		buf_printf(b, "List-Unsubscribe: <%s>\r\n", m->unsubscribe);
	if (m->one_click)
		buf_puts(b, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
	buf_puts(b, "MIME-Version: 1.0\r\n");
	if (m->natt == 0) {
		buf_puts(b, "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		mime_qp(b, body);
		return 0;
	}
	/* "=_" cannot occur in base64 or quoted-printable text, so the
	 * boundary never appears inside a part. */
	randombytes_buf(rnd, sizeof(rnd));
	memcpy(boundary, "=_tv_", 5);
	sodium_bin2hex(boundary + 5, sizeof(boundary) - 5, rnd, sizeof(rnd));
	buf_printf(b, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
	    "This is a MIME message.\r\n\r\n--%s\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
	    boundary, boundary);
	mime_qp(b, body);
	for (i = 0; i < m->natt; i++) {
		const struct mail_attachment *a = &m->att[i];
		const char *ct = a->content_type != NULL &&
		    a->content_type[0] != '\0' ? a->content_type :
		    "application/octet-stream";

		buf_printf(b, "\r\n--%s\r\nContent-Type: %s", boundary, ct);
		mime_param(b, "name", a->filename);
		buf_puts(b, "\r\nContent-Disposition: attachment");
		mime_param(b, "filename", a->filename);
		buf_puts(b, "\r\nContent-Transfer-Encoding: base64\r\n\r\n");
		mime_base64(b, a->data, a->len);
	}
	buf_printf(b, "\r\n--%s--\r\n", boundary);
	return 0;
}

/*
 * mail.c - the spool writer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"
#include "mail/mail.h"

static const char *mail_spool = "var/mail";
static const char *mail_from = "Tukiverkko <noreply@localhost>";

void
mail_configure(const char *spool_dir, const char *from)
{
	mail_spool = spool_dir;
	if (from != NULL && from[0] != '\0')
		mail_from = from;
}

/* RFC 2047 encoded-word for a UTF-8 subject: base64 is safe for any
 * character, and mail clients decode it everywhere. */
static void
mail_encode_subject(struct buf *b, const char *subject)
{
	size_t n = strlen(subject);
	char out[sodium_base64_ENCODED_LEN(600, sodium_base64_VARIANT_ORIGINAL)];

	if (n > 600)
		n = 600;
	sodium_bin2base64(out, sizeof(out), (const unsigned char *)subject, n,
	    sodium_base64_VARIANT_ORIGINAL);
	buf_printf(b, "Subject: =?UTF-8?B?%s?=\r\n", out);
}

static int
mail_write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes one message into the spool directory.  0 or -1 (logged). */
static int
mail_spool_write(int64_t seq, const char *to, const char *subject,
    const char *body)
{
	char tmp[4096], final[4096], id[33], date[64];
	unsigned char rnd[16];
	struct buf b;
	struct tm tm;
	time_t now = time(NULL);
	const char *p;
	int fd, rc = -1;

	if (mkdir(mail_spool, 0750) == -1 && errno != EEXIST) {
		log_error("mail: cannot create the spool %s: %s", mail_spool,
		    strerror(errno));
		return -1;
	}
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(id, sizeof(id), rnd, sizeof(rnd));
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", mail_spool, id);
	/* Named by the outbox id, zero-padded, so names sort in the order
	 * the messages were queued (a newer reset link after an older). */
	snprintf(final, sizeof(final), "%s/%012lld-%s.eml", mail_spool,
	    (long long)seq, id);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);

	buf_init(&b);
	buf_printf(&b, "From: %s\r\nTo: %s\r\n", mail_from, to);
	mail_encode_subject(&b, subject);
	buf_printf(&b, "Date: %s\r\nMessage-ID: <%s@tukiverkko>\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n", date, id);
	/* Bare LF in the body becomes CRLF, as SMTP requires. */
	for (p = body; *p != '\0'; p++) {
		if (*p == '\n' && (p == body || p[-1] != '\r'))
			buf_putc(&b, '\r');
		buf_putc(&b, *p);
	}
	buf_puts(&b, "\r\n");

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd == -1) {
		log_error("mail: cannot write to the spool: %s", strerror(errno));
		goto out;
	}
	if (mail_write_all(fd, b.data, b.len) != 0 || fsync(fd) != 0) {
		log_error("mail: writing a message failed: %s", strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, final) != 0) {
		log_error("mail: rename failed: %s", strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	buf_cleanup(&b);
	return rc;
}

int
mail_enqueue(struct db *db, const char *to, const char *subject,
    const char *body, int64_t now)
{
	struct db_stmt *st;
	int rc;

	if (strpbrk(to, "\r\n") != NULL || strpbrk(subject, "\r\n") != NULL) {
		log_warn("mail: refusing a header with a line break");
		return -1;
	}
	st = db_prepare(db, "INSERT INTO mail_outbox (to_addr, subject, body, "
	    "created_at) VALUES (?1, ?2, ?3, ?4)");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, to);
	db_bind_cstr(st, 2, subject);
	db_bind_cstr(st, 3, body);
	db_bind_int64(st, 4, now);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * Spool first, then mark sent: a crash between the two delivers a message
 * twice rather than never, which is the right way round for a password
 * link.  Each message is marked in its own short transaction so the write
 * lock is never held across file I/O.
 */
int
mail_deliver(struct db *db, int64_t now)
{
	struct db_stmt *st;
	int64_t ids[32];
	char *to[32], *subject[32], *body[32];
	int n = 0, i, sent = 0, rc;

	st = db_prepare(db, "SELECT id, to_addr, subject, body FROM mail_outbox "
	    "WHERE sent_at IS NULL AND attempts < 10 ORDER BY id LIMIT 32");
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW && n < 32) {
		ids[n] = db_col_int64(st, 0);
		to[n] = strdup(db_col_text(st, 1));
		subject[n] = strdup(db_col_text(st, 2));
		body[n] = strdup(db_col_text(st, 3));
		n++;
	}
	db_done(st);
	for (i = 0; i < n; i++) {
		int ok = to[i] && subject[i] && body[i] &&
		    mail_spool_write(ids[i], to[i], subject[i], body[i]) == 0;

		/* A delivered body is dropped: it may hold a sign-in link, and
		 * a copy of the database must not be usable to sign in. */
		st = db_prepare(db, ok ? "UPDATE mail_outbox SET sent_at = ?2, "
		    "attempts = attempts + 1, body = '' WHERE id = ?1" :
		    "UPDATE mail_outbox SET attempts = attempts + 1 WHERE id = ?1");
		if (st != NULL) {
			db_bind_int64(st, 1, ids[i]);
			if (ok)
				db_bind_int64(st, 2, now);
			db_step(st);
			db_done(st);
		}
		sent += ok;
		free(to[i]);
		free(subject[i]);
		free(body[i]);
	}
	return rc == DB_ROW || rc == DB_DONE ? sent : -1;
}

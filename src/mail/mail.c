/*
 * mail.c - the outbox: queueing, and the delivery job with its retries.
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/fileio.h"
#include "base/log.h"
#include "base/settings.h"
#include "base/time.h"
#include "db/rows.h"
#include "mail/mail.h"
#include "mail/mime.h"
#include "mail/smtp.h"

/* Messages per run of the job: the job thread is shared with retention
 * and reminders, and the job runs every second, so a long queue drains
 * steadily without holding the others up. */
#define MAIL_BATCH 20
/* How long a claimed batch is this server's (see mail_deliver()). */
#define MAIL_LEASE_S 120

/* Relay or spool: smtp_url "" means the spool. */
static bool
mail_relayed(void)
{
	return config_get()->smtp_url[0] != '\0';
}

void
mail_configure(void)
{
	const struct config *c = config_get();

	/* Not thread-safe, hence here, before any thread starts. */
	if (mail_relayed())
		curl_global_init(CURL_GLOBAL_DEFAULT);
	/* smtp:// uses STARTTLS only when the relay offers it; a relay
	 * elsewhere that does not would see the password in clear. */
	if (strncmp(c->smtp_url, "smtp://", 7) == 0 &&
	    c->smtp_user[0] != '\0' &&
	    strncmp(c->smtp_url + 7, "127.", 4) != 0 &&
	    strncmp(c->smtp_url + 7, "localhost", 9) != 0 &&
	    strncmp(c->smtp_url + 7, "[::1]", 5) != 0)
		log_warn("mail: smtp_url is smtp:// with a login: the password "
		    "is sent in clear if the relay offers no STARTTLS; smtps:// "
		    "requires TLS");
}

void
mail_stop(int64_t grace_ms)
{
	smtp_deadline(time_mono_ns() + grace_ms * 1000000);
}

/* Is s a domain fit for the right side of a Message-ID (a dot-atom of
 * letters, digits, '.' and '-', as a host name has)?  n bytes of it. */
static bool
mail_domain_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n >= 80 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '.' || s[i] == '-'))
			return false;
	return true;
}

/* A Message-ID of 128 random bits at the host of base_url (the site the
 * message speaks for; the From address may be a relay's), or failing that
 * at the domain of the From address; it is fixed when the message is
 * queued, so a receiver that sees the same message twice (see
 * mail_deliver()) can tell it is a duplicate. */
static void
mail_msgid(char out[128])
{
	unsigned char rnd[16];
	char hex[33], addr[256];
	const char *host = config_get()->base_url, *at, *e;
	size_t n = 0;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	if (host != NULL && (e = strstr(host, "://")) != NULL) {
		host = e + 3;
		n = strcspn(host, ":/?#");
		if (memchr(host, '@', n) != NULL)
			n = 0;
	}
	if (n > 0 && mail_domain_ok(host, n)) {
		snprintf(out, 128, "%s@%.*s", hex, (int)n, host);
		return;
	}
	if (mime_addr_spec(config_get()->mail_from, addr, sizeof(addr)) == 0 &&
	    (at = strrchr(addr, '@')) != NULL &&
	    mail_domain_ok(at + 1, strlen(at + 1))) {
		snprintf(out, 128, "%s@%.80s", hex, at + 1);
		return;
	}
	snprintf(out, 128, "%s@tukiverkko.invalid", hex);
}

const char *
mail_one_line(struct arena *a, const char *s)
{
	const unsigned char *p;
	struct buf b;
	const char *out;
	bool gap = false;

	if (s == NULL)
		return "";
	buf_init(&b);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		size_t skip = 0;

		if (*p < 0x20 || *p == 0x7f)
			skip = 1;
		else if (p[0] == 0xc2 && p[1] == 0x85)		/* U+0085 */
			skip = 2;
		else if (p[0] == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0xa8 || p[2] == 0xa9))		/* U+2028/9 */
			skip = 3;
		if (skip == 0) {
			buf_putc(&b, (char)*p);
			gap = false;
			continue;
		}
		if (!gap && b.len > 0)
			buf_putc(&b, ' ');
		gap = true;
		p += skip - 1;
	}
	/* No space left at the end by a break there. */
	if (gap && b.len > 0 && b.data[b.len - 1] == ' ')
		b.len--;
	out = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

/*
 * The whole message is rendered here, once, and kept in the row until it
 * is sent: every attempt then sends the same bytes (the same Message-ID
 * and Date), attachments need no table of their own, and a message that
 * cannot be built fails in the caller's transaction, where the caller can
 * still react, not hours later in the job.  Into b: 0 or -1 (logged).
 */
static int
mail_render(struct buf *b, const struct mail_msg *m, int64_t now)
{
	char msgid[128];

	if (m == NULL || m->to == NULL) {
		log_warn("mail: a message without a recipient");
		return -1;
	}
	if (m->dedupe_key != NULL && !mime_header_ok(m->dedupe_key))
		return -1;
	mail_msgid(msgid);
	if (mime_render(b, config_get()->mail_from, m, msgid, now) != 0) {
		/* No address or subject in the log: they are personal. */
		log_warn("mail: refusing a message with an invalid address or "
		    "a header with a line break");
		return -1;
	}
	return 0;
}

#define MAIL_INSERT "INSERT INTO mail_outbox (to_addr, subject, body, " \
	"created_at, dedupe_key, message, status, next_attempt_at, " \
	"priority) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?4, ?7) " \
	"ON CONFLICT DO NOTHING"
#define MAIL_INSERT_ARGS(m, now, b) DB_ARGS(db_text((m)->to), \
	db_text((m)->subject != NULL ? (m)->subject : ""), \
	db_text((m)->body != NULL ? (m)->body : ""), db_int(now), \
	db_text((m)->dedupe_key), db_text(buf_cstr(b)), \
	db_int((m)->account ? 0 : 1))

int
mail_send(struct db *db, const struct mail_msg *m, int64_t now)
{
	struct buf b;
	int64_t id;
	int rc = -1;

	buf_init(&b);
	/* ON CONFLICT DO NOTHING with RETURNING: a row back means queued,
	 * none means the dedupe key was taken (NULL keys never collide). */
	if (mail_render(&b, m, now) == 0)
		rc = db_int64(db, MAIL_INSERT " RETURNING id",
		    MAIL_INSERT_ARGS(m, now, &b), &id);
	buf_cleanup(&b);
	return rc;	/* DB_MISSING (1): no row came back, a duplicate */
}

int
mail_queue(struct db *db, const struct mail_msg *m, int64_t now)
{
	struct buf b;
	int rc = -1;

	buf_init(&b);
	if (mail_render(&b, m, now) == 0)
		rc = db_run(db, MAIL_INSERT, MAIL_INSERT_ARGS(m, now, &b),
		    NULL) != 0 ? -1 : 0;
	buf_cleanup(&b);
	return rc;
}

/* --- a writer's batch --- */

#define MAIL_BATCH_COLS 8	/* the order, then MAIL_INSERT's seven */

void
mail_batch_init(struct mail_batch *mb)
{
	memset(mb, 0, sizeof(*mb));
	arena_init(&mb->a);
}

void
mail_batch_cleanup(struct mail_batch *mb)
{
	arena_cleanup(&mb->a);
	memset(mb, 0, sizeof(*mb));
}

int
mail_batch_add(struct mail_batch *mb, const struct mail_msg *m, int64_t now)
{
	struct db_arg *row;
	struct buf b;
	int rc = -1;

	buf_init(&b);
	if (mail_render(&b, m, now) == 0) {
		if (mb->n == mb->cap) {
			size_t cap = mb->cap == 0 ? 16 : 2 * mb->cap;
			struct db_arg *v = arena_alloc(&mb->a,
			    cap * MAIL_BATCH_COLS * sizeof(*v));

			if (mb->n > 0)
				memcpy(v, mb->args, mb->n * MAIL_BATCH_COLS *
				    sizeof(*v));
			mb->args = v;
			mb->cap = cap;
		}
		row = mb->args + mb->n * MAIL_BATCH_COLS;
		row[0] = db_int((int64_t)mb->n);
		row[1] = db_text(arena_strdup(&mb->a, m->to));
		row[2] = db_text(arena_strdup(&mb->a, m->subject != NULL ?
		    m->subject : ""));
		row[3] = db_text(arena_strdup(&mb->a, m->body != NULL ?
		    m->body : ""));
		row[4] = db_int(now);
		row[5] = db_text(arena_strdup(&mb->a, m->dedupe_key));
		row[6] = db_text(arena_strndup(&mb->a, b.data, b.len));
		row[7] = db_int(m->account ? 0 : 1);
		mb->n++;
		rc = 0;
	}
	buf_cleanup(&b);
	return rc;
}

/* SQLite: rows first..first + n (n <= MAIL_BATCH_ROWS) in one statement
 * (db_values(): at most four such statements prepared).  ORDER BY: the
 * ids in the order the rows were added. */
static int
mail_batch_chunk(struct db *db, struct mail_batch *mb, size_t first,
    size_t n)
{
	struct db_arg *args;
	const char *sql;
	size_t nargs;

	sql = db_values(&mb->a, "WITH k (i, to_addr, subject, body, "
	    "created_at, dedupe_key, message, priority) AS (VALUES ",
	    DB_TYPES("BIGINT", "TEXT", "TEXT", "TEXT", "BIGINT", "TEXT", "TEXT",
	    "BIGINT"), n, ") INSERT INTO mail_outbox (to_addr, subject, body, "
	    "created_at, dedupe_key, message, status, next_attempt_at, "
	    "priority) SELECT to_addr, subject, body, created_at, dedupe_key, "
	    "message, 'pending', created_at, priority FROM k WHERE to_addr IS "
	    "NOT NULL ORDER BY i ON CONFLICT DO NOTHING", &args, &nargs);
	memcpy(args, mb->args + first * MAIL_BATCH_COLS,
	    n * MAIL_BATCH_COLS * sizeof(*args));
	return db_run(db, sql, args, nargs, NULL) == 0 ? 0 : -1;
}

/* PostgreSQL: every row in one statement, its columns as arrays (the
 * order column's place taken by WITH ORDINALITY). */
static int
mail_batch_arrays(struct db *db, struct mail_batch *mb)
{
	struct buf c[MAIL_BATCH_COLS - 1];
	const struct db_arg *row;
	size_t i, k;
	int rc;

	for (k = 0; k + 1 < MAIL_BATCH_COLS; k++)
		buf_init(&c[k]);
	for (i = 0; i < mb->n; i++) {
		row = mb->args + i * MAIL_BATCH_COLS;
		for (k = 1; k < MAIL_BATCH_COLS; k++) {
			if (row[k].type == DB_ARG_INT)
				db_arr_int(&c[k - 1], row[k].i);
			else
				db_arr_text(&c[k - 1], row[k].s);
		}
	}
	rc = db_run(db, "INSERT INTO mail_outbox (to_addr, subject, body, "
	    "created_at, dedupe_key, message, status, next_attempt_at, "
	    "priority) SELECT to_addr, subject, body, created_at, dedupe_key, "
	    "message, 'pending', created_at, priority FROM unnest(CAST(?1 AS "
	    "TEXT[]), CAST(?2 AS TEXT[]), CAST(?3 AS TEXT[]), CAST(?4 AS "
	    "BIGINT[]), CAST(?5 AS TEXT[]), CAST(?6 AS TEXT[]), CAST(?7 AS "
	    "BIGINT[])) WITH ORDINALITY AS k (to_addr, subject, body, "
	    "created_at, dedupe_key, message, priority, i) ORDER BY i "
	    "ON CONFLICT DO NOTHING", DB_ARGS(db_text(db_arr_end(&c[0])),
	    db_text(db_arr_end(&c[1])), db_text(db_arr_end(&c[2])),
	    db_text(db_arr_end(&c[3])), db_text(db_arr_end(&c[4])),
	    db_text(db_arr_end(&c[5])), db_text(db_arr_end(&c[6]))),
	    NULL) == 0 ? 0 : -1;
	for (k = 0; k + 1 < MAIL_BATCH_COLS; k++)
		buf_cleanup(&c[k]);
	return rc;
}

int
mail_batch_write(struct db *db, struct mail_batch *mb)
{
	size_t i, n;

	if (mb->n > 0 && strcmp(db_backend_name(db), "postgresql") == 0) {
		if (mail_batch_arrays(db, mb) != 0)
			return -1;
		mb->n = 0;
		return 0;
	}
	for (i = 0; i < mb->n; i += n) {
		n = mb->n - i < MAIL_BATCH_ROWS ? mb->n - i : MAIL_BATCH_ROWS;
		if (mail_batch_chunk(db, mb, i, n) != 0)
			return -1;
	}
	mb->n = 0;
	return 0;
}

int
mail_enqueue(struct db *db, const char *to, const char *subject,
    const char *body, int64_t now)
{
	struct mail_msg m = { .to = to, .subject = subject, .body = body };

	return mail_send(db, &m, now) == 0 ? 0 : -1;
}

int
mail_enqueue_in(struct db *db, const char *lang, const char *to,
    const char *subject, const char *body, int64_t now)
{
	struct mail_msg m = { .to = to, .subject = subject, .body = body,
		.lang = lang };

	return mail_send(db, &m, now) == 0 ? 0 : -1;
}

int
mail_enqueue_account(struct db *db, const char *lang, const char *to,
    const char *subject, const char *body, int64_t now)
{
	struct mail_msg m = { .to = to, .subject = subject, .body = body,
		.lang = lang, .account = true };

	return mail_send(db, &m, now) == 0 ? 0 : -1;
}

/* Writes one message into the spool directory.  0 or -1 with err set. */
static int
mail_spool_write(int64_t seq, const char *msg, size_t len, char *err,
    size_t errlen)
{
	char tmp[4096], final[4096], id[33];
	unsigned char rnd[16];
	int fd;

	if (mkdir(config_get()->mail_spool, 0750) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "spool: mkdir: %s", strerror(errno));
		return -1;
	}
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(id, sizeof(id), rnd, sizeof(rnd));
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", config_get()->mail_spool, id);
	/* Named by the outbox id, zero-padded, so names sort in the order
	 * the messages were queued (a newer reset link after an older). */
	snprintf(final, sizeof(final), "%s/%012lld-%s.eml",
	    config_get()->mail_spool, (long long)seq, id);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd == -1) {
		snprintf(err, errlen, "spool: open: %s", strerror(errno));
		return -1;
	}
	if (file_write_all(fd, msg, len) != 0 || fsync(fd) != 0) {
		snprintf(err, errlen, "spool: write: %s", strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (rename(tmp, final) != 0) {
		snprintf(err, errlen, "spool: rename: %s", strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Seconds until the attempt after `attempts` failed ones: 1, 5, 15, 60,
 * 120, 240 and then 360 times the base (with the default base of a
 * minute: up to six hours, about a day in all before giving up). */
static int64_t
mail_backoff(int64_t attempts)
{
	static const int factor[] = { 1, 5, 15, 60, 120, 240, 360 };
	size_t i = attempts < 1 ? 0 : (size_t)attempts - 1;
	int64_t ms;

	if (i >= sizeof(factor) / sizeof(factor[0]))
		i = sizeof(factor) / sizeof(factor[0]) - 1;
	ms = (int64_t)config_get()->mail_retry_base_ms * factor[i];
	return ms < 1000 ? 1 : (ms + 999) / 1000;
}

/* The body and message go with the last attempt: a delivered one may hold
 * a sign-in link (a copy of the database must not be usable to sign in),
 * and a failed one will never be sent. */
static int
mail_mark_sent(struct db *db, int64_t id, int64_t now)
{
	return db_run(db, "UPDATE mail_outbox SET status = 'sent', "
	    "sent_at = ?2, attempts = attempts + 1, body = '', message = '', "
	    "last_error = '' WHERE id = ?1", DB_ARGS(db_int(id),
	    db_int(now)), NULL) == 0 ? 0 : -1;
}

/* attempts: the failed ones before this; give_up: no use trying again. */
static int
mail_mark_failed(struct db *db, int64_t id, int64_t attempts, int64_t now,
    const char *err, bool give_up)
{
	bool last = give_up || attempts + 1 >= MAIL_MAX_ATTEMPTS;
	int64_t wait = mail_backoff(attempts + 1);
	int rc;

	if (last)
		rc = db_run(db, "UPDATE mail_outbox SET status = 'failed', "
		    "attempts = attempts + 1, last_error = ?2, body = '', "
		    "message = '' WHERE id = ?1", DB_ARGS(db_int(id),
		    db_text(err)), NULL);
	else
		rc = db_run(db, "UPDATE mail_outbox SET attempts = attempts + "
		    "1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?1",
		    DB_ARGS(db_int(id), db_int(now + wait), db_text(err)),
		    NULL);
	/* The id, never the address: logs hold nothing personal. */
	if (last)
		log_warn("mail: message %lld given up after %lld attempts: %s",
		    (long long)id, (long long)attempts + 1, err);
	else
		log_warn("mail: message %lld not delivered (attempt %lld), "
		    "next try in %lld s: %s", (long long)id,
		    (long long)attempts + 1, (long long)wait, err);
	return rc == 0 ? 0 : -1;
}

struct mail_row {
	int64_t id, attempts;
	const char *to;
	char *message;		/* NULL: a row from before 0006 */
	size_t len;
};

static int
mail_row_read(struct db_stmt *st, struct arena *a, void *out)
{
	struct mail_row *r = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&r->id), db_as_int(&r->attempts),
	    db_as_str(&r->to)));
	if (!db_col_is_null(st, 3)) {
		r->len = db_col_len(st, 3);
		if ((r->message = arena_strndup(a, db_col_text(st, 3),
		    r->len)) == NULL)
			return -1;
	}
	return r->to != NULL ? 0 : -1;
}

/* What a row from before 0006 was queued with. */
struct mail_legacy {
	const char *subject, *body;
	int64_t created;
};

static int
mail_legacy_read(struct db_stmt *st, struct arena *a, void *out)
{
	struct mail_legacy *l = out;

	db_cols(st, a, 0, DB_COLS(db_as_str(&l->subject), db_as_str(&l->body),
	    db_as_int(&l->created)));
	return l->subject != NULL && l->body != NULL ? 0 : -1;
}

/* Rows queued before 0006 have a body but no rendered message: it is
 * rendered now and kept, so that a retry sends the same bytes. */
static int
mail_render_legacy(struct db *db, struct arena *a, struct mail_row *r)
{
	struct mail_legacy l;
	struct mail_msg m = { .to = r->to };
	struct buf b;
	char msgid[128];
	int rc = -1;

	if (db_row(db, a, "SELECT subject, body, created_at FROM mail_outbox "
	    "WHERE id = ?1", DB_ARGS(db_int(r->id)), mail_legacy_read,
	    &l) != 0)
		return -1;
	m.subject = l.subject;
	m.body = l.body;
	mail_msgid(msgid);
	buf_init(&b);
	if (mime_render(&b, config_get()->mail_from, &m, msgid,
	    l.created) == 0 && (r->message = arena_strndup(a, buf_cstr(&b),
	    b.len)) != NULL) {
		r->len = b.len;
		(void)db_run(db, "UPDATE mail_outbox SET message = ?2 WHERE "
		    "id = ?1", DB_ARGS(db_int(r->id), db_text(r->message)),
		    NULL);
		rc = 0;
	}
	buf_cleanup(&b);
	return rc;
}

/*
 * One batch, account mail first (priority 0: resets and invitations), then
 * the rest in the order they fell due.  Each message is marked sent in its own statement right after
 * the relay accepted it (or the spool file was renamed into place), so the
 * write lock is never held across network or file I/O, and after a
 * restart a sent message is never sent again.
 *
 * Several servers share one outbox (PostgreSQL): the batch is claimed in
 * a write transaction first, by moving its rows' next_attempt_at
 * MAIL_LEASE_S ahead, so another server's job does not see them as due.
 * A server that dies mid-batch leaves the rest claimed until the lease
 * runs out; then any server sends them.  The batch stops early rather
 * than send after its lease (a slow relay), so a lease never expires
 * under a message that is still going out.
 *
 * The one window that cannot be closed: a crash after the relay's 250 and
 * before the UPDATE commits leaves the row pending, and the message goes
 * out again after the lease (or the restart).  Twice is the right way round
 * for a password link (never would be worse), and the copy carries the
 * same Message-ID, by which receivers can drop it.
 */
int
mail_deliver(struct db *db, int64_t now)
{
	struct mail_row *rows;
	bool settled[MAIL_BATCH] = { false };
	struct smtp_session *smtp = NULL;
	struct arena a;
	char err[200];
	int64_t claimed;
	size_t n = 0, i;
	int sent = -1, rc, fail = 0;
	bool bad;

	if (db_begin(db) != 0)
		return -1;
	arena_init(&a);
	rows = db_rows(db, &a, "SELECT id, attempts, to_addr, message FROM "
	    "mail_outbox WHERE status = 'pending' AND sent_at IS NULL AND "
	    "next_attempt_at <= ?1 ORDER BY priority, next_attempt_at, id "
	    "LIMIT ?2", DB_ARGS(db_int(now), db_int(MAIL_BATCH)),
	    mail_row_read, sizeof(*rows), &n);
	bad = rows == NULL;
	for (i = 0; i < n && !bad; i++)
		bad = db_run(db, "UPDATE mail_outbox SET next_attempt_at = ?2 "
		    "WHERE id = ?1", DB_ARGS(db_int(rows[i].id),
		    db_int(now + MAIL_LEASE_S)), NULL) != 0;
	if (bad || db_commit(db) != 0) {
		db_rollback(db);
		n = 0;
		goto out;
	}
	claimed = time_mono_ns();
	sent = 0;

	for (i = 0; i < n; i++) {
		struct mail_row *r = &rows[i];

		if (r->message == NULL &&
		    mail_render_legacy(db, &a, r) != 0) {
			mail_mark_failed(db, r->id, r->attempts, now,
			    "cannot build the message", true);
			settled[i] = true;
			continue;
		}
		if (fail)
			continue;	/* the relay is down: try them later */
		if (mail_relayed() && smtp_past_deadline())
			break;		/* stopping: the rest waits for the next start */
		if (time_mono_ns() - claimed > (MAIL_LEASE_S - 30) * 1000000000LL)
			break;		/* the lease is running out: the rest later */
		err[0] = '\0';
		if (mail_relayed()) {
			if (smtp == NULL)
				smtp = smtp_open(config_get()->smtp_url,
				    config_get()->smtp_user,
				    config_get()->smtp_password,
				    config_get()->mail_from);
			rc = smtp == NULL ? SMTP_DOWN :
			    smtp_send(smtp, r->to, r->message, r->len, err,
			    sizeof(err));
			if (smtp == NULL)
				snprintf(err, sizeof(err), "cannot set up SMTP");
		} else
			rc = mail_spool_write(r->id, r->message, r->len, err,
			    sizeof(err)) == 0 ? SMTP_OK : SMTP_DOWN;
		if (rc == SMTP_OK) {
			int tries = 0;

			/* Each failed try here widens the window for a second
			 * copy (see above); the busy timeout makes one rare. */
			while (mail_mark_sent(db, r->id, now) != 0 && ++tries < 3)
				;
			settled[i] = true;
			if (tries < 3)
				sent++;
			else
				log_error("mail: message %lld was delivered but "
				    "not marked sent: %s", (long long)r->id,
				    db_errmsg(db));
			continue;
		}
		if (rc == SMTP_ABORTED)
			break;	/* not an attempt: it stays as it was */
		mail_mark_failed(db, r->id, r->attempts, now, err, false);
		settled[i] = true;
		/* A relay that cannot be reached fails every message the same
		 * way: one timeout per batch is enough. */
		if (rc == SMTP_DOWN)
			fail = 1;
	}
	if (smtp != NULL)
		smtp_close(smtp);
	/* What was claimed and not tried (stopping, the relay down, the lease
	 * running out) is due again at once, for this server or another. */
	for (i = 0; i < n; i++)
		if (!settled[i])
			(void)db_run(db, "UPDATE mail_outbox SET next_attempt_at "
			    "= ?2 WHERE id = ?1 AND status = 'pending'",
			    DB_ARGS(db_int(rows[i].id), db_int(now)), NULL);
out:
	/* The messages may hold sign-in links: not left in freed memory. */
	for (i = 0; i < n; i++)
		if (rows[i].message != NULL)
			sodium_memzero(rows[i].message, rows[i].len);
	arena_cleanup(&a);
	return sent;
}

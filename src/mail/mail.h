/*
 * mail.h - outgoing e-mail through a persistent outbox.
 *
 * Every message says it was sent by a program (Auto-Submitted:
 * auto-generated, RFC 3834, so that vacation responders stay quiet), has
 * a Message-ID at the host of base_url, and may carry Content-Language and
 * List-Unsubscribe (see struct mail_msg).
 *
 * A message is first a row in mail_outbox, written in the same transaction
 * as the change that caused it: it is sent if and only if the change is
 * saved, and asking for a password reset costs the same whether or not the
 * address has an account.  The message is rendered (MIME, Message-ID,
 * Date) when it is queued, so every attempt sends the same bytes.
 *
 * A background job (mail_deliver()) hands pending messages, a few at a
 * time, account mail first (struct mail_msg's `account`), to the SMTP relay of `smtp_url` (libcurl) or, when none is
 * configured, writes them to the spool directory as RFC 5322 files
 * (temporary file, fsync, rename) for any MTA to pick up.  A message the
 * relay refuses or cannot take is retried with a growing delay and marked
 * failed after MAIL_MAX_ATTEMPTS tries.
 */
#ifndef TV_MAIL_MAIL_H
#define TV_MAIL_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "db/rows.h"

#define MAIL_MAX_ATTEMPTS 10

struct mail_attachment {
	const char *filename, *content_type;	/* content_type NULL: octets */
	const char *data;
	size_t len;
};

struct mail_msg {
	const char *to, *subject, *body;	/* UTF-8 text */
	const char *dedupe_key;	/* NULL: none; else queued at most once */
	const struct mail_attachment *att;
	size_t natt;
	/* The message's language for Content-Language ("fi", "sv", "en");
	 * NULL: no such header. */
	const char *lang;
	/* For mail a person can turn off (reminders, digests): where to turn
	 * it off, an absolute http(s) URL sent as List-Unsubscribe (RFC
	 * 2369); NULL: none.  one_click: the URL itself turns it off on a
	 * POST of "List-Unsubscribe=One-Click" without a session or any
	 * other step (RFC 8058), so List-Unsubscribe-Post is sent too; only
	 * then, since mail providers act on it unattended. */
	const char *unsubscribe;
	bool one_click;
	/* Account mail (a password reset, an invitation): delivered before
	 * any other pending message, so that a flood of confirmations or
	 * reminders never holds up someone who is trying to sign in. */
	bool account;
};

/*
 * Prepares delivery as the settings say (mail_spool, mail_from, smtp_url,
 * smtp_user, smtp_password, mail_retry_base_ms; see base/settings.h):
 * initialises libcurl for a relay and warns of a login sent without TLS.
 * Call once after config_use(), before threads start.
 */
void mail_configure(void);

/*
 * Queues a message in the caller's transaction.  Header values (to,
 * subject, attachment names and types) may not contain line breaks or
 * other control characters.  0 queued, 1 already queued under dedupe_key
 * (nothing done), -1 error (logged, nothing queued).
 */
int mail_send(struct db *db, const struct mail_msg *m, int64_t now);

/*
 * mail_send() for a caller that needs only "not failed": 0 (queued, or
 * already queued under dedupe_key) or -1.  Its insert asks for nothing
 * back, so in a writer that defers its writes (db_defer_writes(): the
 * group committer) it rides with the batch's next round trip instead of
 * waiting for one of its own; a failure then fails a later statement or
 * the commit.
 */
int mail_queue(struct db *db, const struct mail_msg *m, int64_t now);

/*
 * The messages of one writer's batch (the registration committer): each
 * rendered when it is added, as mail_queue() renders it, and all of them
 * inserted by mail_batch_write() in one statement on PostgreSQL (one per
 * MAIL_BATCH_ROWS on SQLite), in the order they were added (their ids, and so their delivery, keep
 * it).  Why: on PostgreSQL every statement costs its own execution, and
 * a rush queued one confirmation per registration.  The guarantees are
 * mail_queue()'s: written in the caller's transaction, so a message is
 * sent if and only if the batch is committed, and a dedupe key taken
 * before or earlier in the batch keeps its first message.  A message the
 * caller must see before another written directly (mail_send(),
 * mail_queue()) is written first.
 */
#define MAIL_BATCH_ROWS (DB_MAX_PARAMS / 8)

struct mail_batch {
	struct arena a;		/* the rows' texts */
	struct db_arg *args;	/* the rows' values, a row after another */
	size_t n, cap;
};

void mail_batch_init(struct mail_batch *mb);
void mail_batch_cleanup(struct mail_batch *mb);

/* m rendered and kept for mail_batch_write(): 0, or -1 (logged, nothing
 * kept), as mail_queue(). */
int mail_batch_add(struct mail_batch *mb, const struct mail_msg *m,
    int64_t now);

/* The messages kept, written and forgotten (in a writer that defers its
 * writes, without waiting for the answer).  0 or -1. */
int mail_batch_write(struct db *db, struct mail_batch *mb);

/* A plain-text message without attachments or dedupe key: 0 or -1. */
int mail_enqueue(struct db *db, const char *to, const char *subject,
    const char *body, int64_t now);

/* The same, with the message's language (Content-Language): 0 or -1. */
int mail_enqueue_in(struct db *db, const char *lang, const char *to,
    const char *subject, const char *body, int64_t now);

/* mail_enqueue_in() of account mail (m->account: a reset, an
 * invitation), delivered before other mail.  0 or -1. */
int mail_enqueue_account(struct db *db, const char *lang, const char *to,
    const char *subject, const char *body, int64_t now);

/*
 * s as one line, for a value that goes into a header or into a line of a
 * body (a name, a title): every run of line breaks and other control
 * characters (C0, DEL, and U+0085, U+2028, U+2029) becomes one space, so
 * no stored text can start a line of its own in a message.  In the arena;
 * "" for NULL.
 */
const char *mail_one_line(struct arena *a, const char *s);

/* The server is stopping: deliveries to the relay may go on for at most
 * grace_ms more, then one in flight is abandoned (it stays queued, for
 * the next start) and no new one begins.  Any thread. */
void mail_stop(int64_t grace_ms);

/* Delivers a batch of due messages; the number delivered or -1 (database
 * trouble; a relay that is down is not an error of the job). */
int mail_deliver(struct db *db, int64_t now);

#endif

/*
 * mail.h - outgoing e-mail through a persistent outbox.
 *
 * A message is first a row in mail_outbox, written in the same transaction
 * as the change that caused it: it is sent if and only if the change is
 * saved, and asking for a password reset costs the same whether or not the
 * address has an account.  The message is rendered (MIME, Message-ID,
 * Date) when it is queued, so every attempt sends the same bytes.
 *
 * A background job (mail_deliver()) hands pending messages, a few at a
 * time, to the SMTP relay of `smtp_url` (libcurl) or, when none is
 * configured, writes them to the spool directory as RFC 5322 files
 * (temporary file, fsync, rename) for any MTA to pick up.  A message the
 * relay refuses or cannot take is retried with a growing delay and marked
 * failed after MAIL_MAX_ATTEMPTS tries.
 */
#ifndef TV_MAIL_MAIL_H
#define TV_MAIL_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

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

/* A plain-text message without attachments or dedupe key: 0 or -1. */
int mail_enqueue(struct db *db, const char *to, const char *subject,
    const char *body, int64_t now);

/* The server is stopping: deliveries to the relay may go on for at most
 * grace_ms more, then one in flight is abandoned (it stays queued, for
 * the next start) and no new one begins.  Any thread. */
void mail_stop(int64_t grace_ms);

/* Delivers a batch of due messages; the number delivered or -1 (database
 * trouble; a relay that is down is not an error of the job). */
int mail_deliver(struct db *db, int64_t now);

#endif

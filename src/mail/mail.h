/*
 * mail.h - outgoing e-mail through an outbox.
 *
 * A message is first a row in mail_outbox, written in the same transaction
 * as the change that caused it: it is sent if and only if the change is
 * saved, and asking for a password reset costs the same whether or not the
 * address has an account.  A background job (mail_deliver()) then writes
 * each message to the spool directory as an RFC 5322 file, atomically
 * (temporary file, fsync, rename), and marks it sent.  An SMTP relay
 * (libcurl) comes with the events module; until then an operator can hand
 * the spool to any MTA.
 */
#ifndef TV_MAIL_MAIL_H
#define TV_MAIL_MAIL_H

#include <stdint.h>

#include "db/db.h"

/* Sets the spool directory and the From address. */
void mail_configure(const char *spool_dir, const char *from);

/*
 * Adds a plain-text UTF-8 message to the outbox, in the caller's
 * transaction.  Header values may not contain line breaks.  0 or -1.
 */
int mail_enqueue(struct db *db, const char *to, const char *subject,
    const char *body, int64_t now);

/* Delivers pending messages to the spool; the number delivered or -1. */
int mail_deliver(struct db *db, int64_t now);

#endif

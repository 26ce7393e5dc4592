/*
 * registration.h - registering for an event: seats, the waiting list, the
 * registrant's secret link and the messages about a registration.
 *
 * Seats are counted, not stored (migrations/0008_registration.sql): taken
 * seats are the group sizes of an event's 'confirmed' and 'offered'
 * registrations.  Every change of status happens inside one write
 * transaction (db_begin(), BEGIN IMMEDIATE), so two registrations never
 * take the last seat twice, and every message about a change is queued in
 * the outbox (mail.h) in that same transaction: it is sent if and only if
 * the change is saved, once (dedupe key "reg:<id>:<kind>").
 *
 * A registrant has no account.  Their link /:lang/registrations/<token>
 * carries a secret derived with a server key from the event id and the
 * form's one-time submission id; only the token's SHA-256 is stored.
 * Because it is derived, a repeated POST of the same form lands on the
 * same page, and a job can rebuild the link for an e-mail.
 */
#ifndef TV_EVENTS_REGISTRATION_H
#define TV_EVENTS_REGISTRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "view/i18n.h"

#define REG_TOKEN_LEN 43	/* 32 bytes, base64url without padding */
#define REG_SUBMISSION_LEN 43	/* the form's one-time id, same shape */

/* The site's address for links in the messages (base_url). */
void registration_configure(const char *base_url);

/*
 * The secret of a registration's link, derived with a server key (kept in
 * the meta table, created on first use) from the event id and the form's
 * submission id, so a job can rebuild it for an e-mail and a duplicate
 * POST lands on the same page.  43 chars base64url + NUL.  0 or -1.
 */
int registration_token(struct db *db, int64_t event_id,
    const char *submission, char out[REG_TOKEN_LEN + 1]);

/* The stored form of a token (hex SHA-256) into out[65]. */
void registration_token_hash(const char *token, char out[65]);

/*
 * Tells every registrant who still holds or waits for a seat (confirmed,
 * offered, waiting) that the event changed (time or place) or was
 * cancelled, in the caller's transaction.  The dedupe key includes the
 * event's sequence, so each change is announced once.  0 or -1.
 */
enum event_change { EVENT_CHANGED, EVENT_CANCELLED };
int registration_notify(struct db *db, int64_t event_id, enum event_change c,
    int64_t now);

/* The messages about one registration (registration_mail()). */
enum reg_mail {
	REG_MAIL_CONFIRMED,	/* a seat (on registering or accepting an offer) */
	REG_MAIL_WAITING,	/* placed on the waiting list, with the place */
	REG_MAIL_OFFER,		/* a freed seat is offered until the deadline */
	REG_MAIL_CANCELLED,	/* the registrant cancelled */
	REG_MAIL_EVENT_CHANGED,
	REG_MAIL_EVENT_CANCELLED
};

/*
 * Queues the message of `kind` about registration `reg_id` to its
 * registrant, in their language, in the caller's transaction; at most once
 * per registration and kind (per event sequence for the event notices).
 * The confirmation carries the event as an .ics attachment with the join
 * link.  0 (queued or already queued) or -1.
 */
int registration_mail(struct db *db, int64_t reg_id, enum reg_mail kind,
    int64_t now);

#endif

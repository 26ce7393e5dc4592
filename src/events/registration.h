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


/* --- registering (the form's POST) --- */

/* One validated form: the handler has checked every field against the
 * event; registration_create() re-checks what may change meanwhile (the
 * event's status, window and capacity). */
struct reg_input {
	int64_t event_id;
	const char *submission;		/* the form's one-time id */
	const char *name, *email, *organisation;
	const char *municipality;	/* a municipality code, or NULL */
	int64_t group_size;
	enum lang lang;
	size_t nanswers;
	const int64_t *question_ids;	/* answered questions ... */
	const char *const *answers;	/* ... and their answers */
};

enum reg_outcome {
	REGOUT_CONFIRMED,		/* a seat */
	REGOUT_WAITING,		/* on the waiting list */
	REGOUT_OFFERED,		/* joined the list and at once got a free seat's offer */
	REGOUT_DUPLICATE,		/* this submission was saved before */
	REGOUT_CLOSED		/* the event no longer takes registrations */
};

struct reg_result {
	enum reg_outcome outcome;
	int64_t id;			/* the registration (not for REGOUT_CLOSED) */
	char token[REG_TOKEN_LEN + 1];	/* its link's secret */
};

/*
 * Finds the registration of (event, submission) or makes it, in the
 * caller's write transaction: a seat when the group fits and nobody is
 * waiting, else the next place on the waiting list; the confirmation or
 * waiting-list message is queued.  0 (see out->outcome) or -1.
 */
int registration_create(struct db *db, const struct reg_input *in,
    int64_t now, struct reg_result *out);

/*
 * registration_create() through the group committer (registration.c): a
 * job handed to one writer thread that saves whatever registrations are
 * waiting in one transaction.  Once that transaction is committed
 * (durable), or the registration could not be saved, the writer sets rc
 * (0 or -1) and out and calls done(arg) from its own thread; after that
 * it never touches the job again.  The job and everything `in` points to
 * must live until done() is called.
 */
struct reg_job {
	struct reg_input in;
	int64_t now;
	struct reg_result out;
	int rc;
	void (*done)(void *arg);
	void *arg;
	struct reg_job *next;		/* the committer's queue */
};

/* Queues the job: 0, or -1 (done() will not be called) when the writer
 * cannot be started. */
int registration_queue(struct reg_job *job);

/* Seats a newcomer could have: 0 when full or anyone is waiting (a
 * newcomer then queues).  Two index probes, for the form.  0 or -1. */
int registration_seats_left(struct db *db, int64_t event_id,
    int64_t capacity, int64_t *left);

/* Is the event taking registrations at `now`?  (published, capacity set,
 * inside its window, not started).  Needs the columns only. */
bool registration_open(const char *status, int64_t capacity, int64_t opens,
    int64_t closes, int64_t starts_at, int64_t now);

/* --- the registrant's own registration --- */

struct registration {
	int64_t id, event_id, group_size, waiting_seq, offer_expires_at;
	int64_t created_at, updated_at;
	const char *submission, *name, *email, *organisation;
	const char *municipality;	/* code or "" */
	const char *status;	/* confirmed waiting offered cancelled declined expired */
	enum lang lang;
	int64_t place;		/* place on the waiting list, 1 = next; else 0 */
};

/* The registration whose link carries `token`: 0, 1 none (or a malformed
 * token, or erased), -1 error.  Strings in the arena. */
int registration_by_token(struct db *db, struct arena *a, const char *token,
    struct registration *out);

/* The registration `id` (the same, for organisers). */
int registration_get(struct db *db, struct arena *a, int64_t id,
    struct registration *out);

/*
 * Changes name, organisation and group size, in the caller's transaction.
 * A confirmed or offered group grows only into free seats; a smaller group
 * frees seats, which are offered on at once.  0 saved, 1 refused (not
 * enough free seats), 2 refused (not changeable: cancelled, declined,
 * expired, or the event has started), -1 error.
 */
int registration_change(struct db *db, int64_t id, const char *name,
    const char *organisation, int64_t group_size, int64_t now);

/*
 * Cancels the registration (the registrant, or an organiser), freeing its
 * seats, which are offered on at once; queues the cancellation message.
 * 0 cancelled, 2 nothing to cancel (already ended), -1 error.
 */
int registration_cancel(struct db *db, int64_t id, int64_t now);

#endif

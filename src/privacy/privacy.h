/*
 * privacy.h - the data-protection duties of the site (GDPR articles 15, 17
 * and 5(1)(e)): giving people everything stored about them, erasing it on
 * request, and not keeping personal data longer than needed.
 *
 * Each module answers for the personal data in its own tables through a
 * provider (privacy/provider.h) in src/<module>/privacy.c, listed in
 * src/privacy/registry.c; this module runs them in order, the export in
 * one read snapshot and an erasure or a retention run in one
 * transaction, so that an interrupted erasure cannot leave a person
 * half-forgotten.  A module that adds a table with personal data lists it
 * in its provider: tools/boundary-check.py fails `make test` otherwise.
 */
#ifndef TV_PRIVACY_PRIVACY_H
#define TV_PRIVACY_PRIVACY_H

#include <stdint.h>

#include "auth/user.h"
#include "base/buf.h"
#include "db/db.h"
#include "http/request.h"

#define PRIVACY_RETENTION_DEFAULT 365	/* days */
#define PRIVACY_RETENTION_MAX 36500	/* days */

/*
 * Writes everything stored about account `id` to out as a JSON document
 * (UTF-8, times as ISO 8601 UTC): the account (never its password hash),
 * scopes, sessions (times only), invitation and reset links (times only),
 * API tokens (never their hashes), the audit log entries by the account and
 * about it, mail sent to it, feedback left with its address, people
 * records with its address, and what was left with its address elsewhere:
 * event registrations (with their answers), survey feedback, webinar
 * reports and material requests.  Run it inside one read snapshot.
 * 0, 1 when there is no such (unerased) account, -1 on error.
 */
int privacy_export(struct db *db, int64_t id, int64_t now, struct buf *out);

/*
 * Erases account `id` in one transaction of its own: the account row stays
 * (the audit trail refers to it) but is anonymised (e-mail
 * "erased-<id>@invalid", no name, no password, inactive, erased_at = now);
 * its scopes, sessions, links and API tokens are deleted; mail to its
 * address is deleted; feedback contacts equal to the address are blanked;
 * people records with the address lose name and address (titles stay); the
 * audit log keeps its rows but forgets their client addresses; event
 * registrations and material requests with the address are anonymised as
 * retention would (src/events/privacy.c, src/materials/privacy.c).  An
 * "account.erase" record by `actor` (0 = the command line) from `address`
 * is written last.  0, 1 when there is no such unerased account, -1 on
 * error (nothing changed).
 */
int privacy_erase_account(struct db *db, int64_t id, int64_t actor,
    const char *address, int64_t now);

/*
 * The same for a signed-in actor, whose right to erase the account
 * (policy_manages_account()) is checked inside the transaction, so that a
 * change of the target's role cannot slip in between.  0; 1 when there is
 * no such account or the actor may not manage it; 2 when it is the actor's
 * own account; -1 on error.  Nothing is written unless it returns 0.
 */
int privacy_erase_account_as(struct db *db, const struct user *actor,
    int64_t id, const char *address, int64_t now);

/* What one retention run removed. */
struct retention_counts {
	int64_t sessions;		/* older than the session lifetime */
	int64_t links;			/* used or expired invitation/reset links */
	int64_t throttles;		/* windows and blocks that have passed */
	int64_t mail;			/* outbox rows older than the period */
	int64_t feedback_contacts;	/* contacts blanked */
	int64_t audit_addresses;	/* audit log addresses blanked */
};

/*
 * Removes personal data that is no longer needed, in one transaction:
 * sessions older than session_max_age(), used or expired link tokens,
 * throttle rows whose window and block have passed, outbox rows sent (or,
 * undelivered, created) more than `days` days ago, and the contact of
 * feedback and the client address of audit entries older than `days`
 * days.  Fills *out (may be NULL).  0, or -1 (nothing changed) on error or
 * when days is not from 1 to PRIVACY_RETENTION_MAX.
 */
int privacy_retention_run(struct db *db, int64_t now, int days,
    struct retention_counts *out);

/*
 * Erases the personal data of the registrations of events that ended more
 * than event_retention_days ago (src/privacy/event_retention.c), at most
 * 20 events a run, in one transaction; *erased is the number of
 * registrations.  0 or -1.
 */
int privacy_event_erase_run(struct db *db, int64_t now, int64_t *erased);

/* The same as a serve job (src/main.c), every few seconds. */
int privacy_event_erase_job(struct db *db, int64_t now);

/* Sets the retention period of privacy_retention_job() in days. */
void privacy_configure(int retention_days);

/* The periodic job (struct job): one retention run with the configured
 * period, logged when it removed anything.  0 or -1. */
int privacy_retention_job(struct db *db, int64_t now);

/* GET /:lang/account/export: the signed-in account's data as a download. */
void privacy_export_page(struct request *r);

/* What the privacy notice shows: who answers for the data, and the
 * configured periods. */
struct privacy_notice_view {
	const char *controller;		/* the network's name */
	const char *contact;		/* mail_from */
	unsigned event_days;		/* event_retention_days */
	unsigned retention_days;	/* retention_days */
};

/* GET /:lang/privacy : the privacy notice, for everyone. */
void privacy_notice(struct request *r);

/* POST /:lang/admin/users/:id/erase: erases an account the actor manages,
 * then 303 to /:lang/admin/users?done=erased. */
void privacy_erase(struct request *r);

#endif

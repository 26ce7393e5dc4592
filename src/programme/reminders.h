/*
 * reminders.h - e-mail about concrete actions: to an action's owner a week
 * before its due date ("due-soon") and once when it is overdue, and a
 * weekly digest to each tutor of the open and overdue actions of the
 * workspaces they support.
 *
 * The server runs reminders_job() every hour; `tukiverkko reminders` runs
 * it once.  Every message is queued in the outbox (mail.h) in the same
 * transaction that records it in reminder_sent or digest_sent, so a run is
 * idempotent: running again, or after a restart, never sends a reminder
 * twice.  Only accounts that are active, not erased and want reminders
 * (account.notify = 1, the opt-out on the account page) get mail, in their
 * own language (account.lang).
 *
 * What is due when is decided in Helsinki dates:
 *   due-soon  an open action due today or within 7 days;
 *   overdue   an open action whose due date has passed, by at most 30
 *             days (an action forgotten for months, or imported from an
 *             earlier period, is not worth an e-mail);
 *   digest    once per ISO week, from Monday 07:00, for each tutor who has
 *             open actions in a period that has not ended yet.
 */
#ifndef TV_PROGRAMME_REMINDERS_H
#define TV_PROGRAMME_REMINDERS_H

#include <stdint.h>

#include "db/db.h"

#define REMINDER_DAYS_BEFORE 7	/* "due soon": due within this many days */
#define REMINDER_OVERDUE_MAX 30	/* no overdue reminder after this many days */
#define DIGEST_HOUR 7		/* the digest goes out from Monday 07:00 */

struct reminder_counts {
	int due_soon;		/* reminders sent this run */
	int overdue;
	int digests;
};

/*
 * Sends what is due at `now` (UTC seconds; its Helsinki date and weekday
 * decide), in one transaction.  0, or -1 with nothing sent.
 */
int reminders_run(struct db *db, int64_t now, struct reminder_counts *out);

/* reminders_run() for the job thread (jobs.h), logging what it sent. */
int reminders_job(struct db *db, int64_t now);

#endif

/*
 * event_retention.c - erasing the registrants' personal data
 * event_retention_days after an event's end (#12 item 12): each module
 * erases its own tables - the registrations (registration), the feedback
 * comments, guest keys and uploads (attendance) - and the event is marked
 * (events), all in one transaction per run.  Every figure stays the same.
 */
#include "base/log.h"
#include "base/settings.h"
#include "attendance/attendance.h"
#include "events/events.h"
#include "privacy/privacy.h"
#include "registration/registration.h"

/* Events per run: a backlog (a long retention period shortened) goes in
 * runs of this many, each a short transaction. */
#define ERASE_BATCH 20

int
privacy_event_erase_run(struct db *db, int64_t now, int64_t *erased)
{
	int64_t ids[ERASE_BATCH], cutoff = now -
	    (int64_t)config_get()->event_retention_days * 86400, k;
	size_t n, i;

	*erased = 0;
	/* Look first: the job runs every few seconds, and the write lock
	 * is taken only when an event is due. */
	if (events_erase_due(db, cutoff, ids, 1, &n) != 0)
		return -1;
	if (n == 0)
		return 0;
	if (db_begin(db) != 0)
		return -1;
	if (events_erase_due(db, cutoff, ids, ERASE_BATCH, &n) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((k = registration_erase_event(db, ids[i], now)) < 0 ||
		    attendance_erase_event(db, ids[i]) != 0 ||
		    events_mark_erased(db, ids[i], now) != 0)
			goto fail;
		*erased += k;
	}
	if (db_commit(db) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	*erased = 0;
	return -1;
}

int
privacy_event_erase_job(struct db *db, int64_t now)
{
	int64_t erased;

	if (privacy_event_erase_run(db, now, &erased) != 0) {
		log_warn("event retention: failed; nothing was erased");
		return -1;
	}
	if (erased > 0)
		log_info("event retention: %lld registrations erased",
		    (long long)erased);
	return 0;
}

/*
 * event_jobs.h - the background work of events: reminders before the
 * start, the thank-you with the feedback link after the end, and erasing
 * the registrants' personal data event_retention_days after the end.
 */
#ifndef TV_EVENTS_EVENT_JOBS_H
#define TV_EVENTS_EVENT_JOBS_H

#include <stdint.h>

#include "db/db.h"

struct event_job_counts {
	int64_t reminders, thanks, erased_registrations;
};

/*
 * One run: queues the due reminders and thank-you messages (each once per
 * registration, in one transaction with its bookkeeping) and erases the
 * personal data of registrations of events that ended more than
 * event_retention_days ago, keeping the counts.  0 or -1.
 */
int event_jobs_run(struct db *db, int64_t now, struct event_job_counts *c);

/* The serve job (src/main.c): event_jobs_run() without the counts. */
int event_jobs_job(struct db *db, int64_t now);

#endif

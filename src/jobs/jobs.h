/*
 * jobs.h - background work of the server: periodic tasks on one thread.
 *
 * Tasks run one after another on a thread of their own with its own
 * database connection, so a slow task never holds up a request.  A task
 * that fails is logged and tried again at its next turn.
 */
#ifndef TV_JOBS_JOBS_H
#define TV_JOBS_JOBS_H

#include <stdint.h>

#include "db/db.h"

struct job {
	const char *name;
	int64_t every_ms;			/* how often */
	int (*run)(struct db *db, int64_t now);	/* -1 on failure */
};

/* Starts the thread running `jobs` (a static array).  0 or -1. */
int jobs_start(const struct job *jobs, size_t n);

/* Runs every job once more (so nothing queued is left behind), then stops
 * the thread. */
void jobs_stop(void);

#endif

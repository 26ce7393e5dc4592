/*
 * jobs.h - background work of the server: periodic tasks on one thread.
 *
 * Tasks run one after another on a thread of their own with its own
 * database connection, so a slow task never holds up a request.  A task
 * that fails is logged and tried again at its next turn.
 */
#ifndef TV_JOBS_JOBS_H
#define TV_JOBS_JOBS_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

struct job {
	const char *name;
	int64_t every_ms;			/* how often */
	int (*run)(struct db *db, int64_t now);	/* -1 on failure */
	/*
	 * Run once before the server answers anyone: what fell due while it
	 * was down (a seat offer past its time, registrants' data due for
	 * erasure) is settled before a page shows it, and a fresh server
	 * does not change its data a moment after it first answered.  Only
	 * for jobs that touch nothing but the database: a job that waits on
	 * the network or a program (mail, previews) would hold up the start.
	 */
	bool before_serving;
};

/* Starts the thread running `jobs` (a static array) and returns once it
 * has run the jobs marked before_serving.  db, when not NULL, becomes the
 * thread's connection (closed by the thread, or here when it cannot
 * start): a start-up that has a connection open spares the database
 * another one on its way to serving.  NULL: the thread opens its own
 * (db_thread()).  0, or -1 when the thread could not start or has no
 * database. */
int jobs_start(const struct job *jobs, size_t n, struct db *db);

/* Runs every job once more (so nothing queued is left behind), then stops
 * the thread. */
void jobs_stop(void);

#endif

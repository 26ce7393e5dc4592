/*
 * jobs.c - the periodic task thread.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "base/log.h"
#include "base/time.h"
#include "jobs/jobs.h"

static const struct job *jobs_list;
static size_t jobs_count;
static pthread_t jobs_thread;
static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_cond = PTHREAD_COND_INITIALIZER;
static bool jobs_stopping;
static bool jobs_running;

static void
jobs_run_due(struct db *db, int64_t *next, bool all)
{
	int64_t mono = time_mono_ns() / 1000000;
	size_t i;

	for (i = 0; i < jobs_count; i++) {
		if (!all && mono < next[i])
			continue;
		if (jobs_list[i].run(db, time_now()) < 0)
			log_warn("job %s failed; it runs again in %lld ms",
			    jobs_list[i].name, (long long)jobs_list[i].every_ms);
		next[i] = mono + jobs_list[i].every_ms;
	}
}

/* Sleeps on a condition variable (not sleep()) so that jobs_stop() wakes
 * the thread at once instead of waiting out the interval. */
static void *
jobs_main(void *arg)
{
	int64_t *next = calloc(jobs_count, sizeof(*next));
	struct db *db;
	struct timespec ts;

	(void)arg;
	if (next == NULL || (db = db_thread()) == NULL) {
		log_error("jobs: cannot start (no memory or no database)");
		free(next);
		return NULL;
	}
	pthread_mutex_lock(&jobs_lock);
	while (!jobs_stopping) {
		pthread_mutex_unlock(&jobs_lock);
		jobs_run_due(db, next, false);
		pthread_mutex_lock(&jobs_lock);
		if (jobs_stopping)
			break;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 250 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&jobs_cond, &jobs_lock, &ts);
	}
	pthread_mutex_unlock(&jobs_lock);
	jobs_run_due(db, next, true);
	free(next);
	db_thread_close();
	return NULL;
}

int
jobs_start(const struct job *jobs, size_t n)
{
	jobs_list = jobs;
	jobs_count = n;
	jobs_stopping = false;
	if (pthread_create(&jobs_thread, NULL, jobs_main, NULL) != 0) {
		log_error("jobs: cannot create the thread");
		return -1;
	}
	jobs_running = true;
	return 0;
}

void
jobs_stop(void)
{
	if (!jobs_running)
		return;
	pthread_mutex_lock(&jobs_lock);
	jobs_stopping = true;
	pthread_cond_signal(&jobs_cond);
	pthread_mutex_unlock(&jobs_lock);
	pthread_join(jobs_thread, NULL);
	jobs_running = false;
}

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
/* The connection jobs_start() hands the thread, or NULL. */
static struct db *jobs_given;
/* The first pass (before_serving) is over: 1 done, -1 the thread could
 * not begin; 0 while it runs. */
static int jobs_first;

/* Runs the jobs that are due (all: every job; first: only those marked
 * before_serving, due at the start). */
enum jobs_pick { JOBS_DUE, JOBS_ALL, JOBS_FIRST };

static void
jobs_run_due(struct db *db, int64_t *next, enum jobs_pick pick)
{
	int64_t mono = time_mono_ns() / 1000000;
	size_t i;

	for (i = 0; i < jobs_count; i++) {
		if ((pick == JOBS_DUE && mono < next[i]) ||
		    (pick == JOBS_FIRST && !jobs_list[i].before_serving))
			continue;
		if (jobs_list[i].run(db, time_now()) < 0)
			log_warn("job %s failed; it runs again in %lld ms",
			    jobs_list[i].name, (long long)jobs_list[i].every_ms);
		next[i] = mono + jobs_list[i].every_ms;
	}
}

/* Sleeps on a condition variable (not sleep()) so that jobs_stop() wakes
 * the thread at once instead of waiting out the interval. */
/* Tells jobs_start() how the first pass went (1 or -1). */
static void
jobs_first_done(int how)
{
	pthread_mutex_lock(&jobs_lock);
	jobs_first = how;
	pthread_cond_broadcast(&jobs_cond);
	pthread_mutex_unlock(&jobs_lock);
}

static void *
jobs_main(void *arg)
{
	int64_t *next = calloc(jobs_count, sizeof(*next));
	struct db *db;
	struct timespec ts;

	(void)arg;
	if (jobs_given != NULL && db_thread_adopt(jobs_given) != 0)
		db_close(jobs_given);
	jobs_given = NULL;
	if (next == NULL || (db = db_thread()) == NULL) {
		log_error("jobs: cannot start (no memory or no database)");
		free(next);
		db_thread_close();
		jobs_first_done(-1);
		return NULL;
	}
	jobs_run_due(db, next, JOBS_FIRST);
	jobs_first_done(1);
	/* The tick comes before the turn: the rest of the jobs first run a
	 * tick after the first pass, once the server listens.  Run at once
	 * they took the two cores the start's first answers need (the
	 * directory's walk and the search index built beside it). */
	pthread_mutex_lock(&jobs_lock);
	while (!jobs_stopping) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 250 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&jobs_cond, &jobs_lock, &ts);
		if (jobs_stopping)
			break;
		pthread_mutex_unlock(&jobs_lock);
		jobs_run_due(db, next, JOBS_DUE);
		pthread_mutex_lock(&jobs_lock);
	}
	pthread_mutex_unlock(&jobs_lock);
	jobs_run_due(db, next, JOBS_ALL);
	free(next);
	db_thread_close();
	return NULL;
}

int
jobs_start(const struct job *jobs, size_t n, struct db *db)
{
	int first;

	jobs_list = jobs;
	jobs_count = n;
	jobs_stopping = false;
	jobs_first = 0;
	jobs_given = db;
	if (pthread_create(&jobs_thread, NULL, jobs_main, NULL) != 0) {
		log_error("jobs: cannot create the thread");
		jobs_given = NULL;
		db_close(db);
		return -1;
	}
	pthread_setname_np(jobs_thread, "jobs");
	jobs_running = true;
	pthread_mutex_lock(&jobs_lock);
	while (jobs_first == 0)
		pthread_cond_wait(&jobs_cond, &jobs_lock);
	first = jobs_first;
	pthread_mutex_unlock(&jobs_lock);
	if (first < 0) {
		pthread_join(jobs_thread, NULL);
		jobs_running = false;
		return -1;
	}
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

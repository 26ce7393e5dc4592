/*
 * test_jobs.c - the periodic task thread (src/jobs/jobs.c): jobs_start()
 * returns once the jobs marked before_serving have run, without waiting
 * for the others, and jobs_stop() runs every job once more; a connection
 * handed to jobs_start() is the one the jobs get.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>

#include "db/db.h"
#include "jobs/jobs.h"
#include "tempdb.h"

static atomic_int first_runs, other_runs;
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static bool gate_open, other_waiting;

static int
job_first(struct db *db, int64_t now)
{
	(void)db;
	(void)now;
	atomic_fetch_add(&first_runs, 1);
	return 0;
}

/* Waits until the test opens the gate: were jobs_start() to wait for
 * this job, the test would never get to open it. */
static int
job_other(struct db *db, int64_t now)
{
	(void)db;
	(void)now;
	pthread_mutex_lock(&gate_mu);
	other_waiting = true;
	pthread_cond_broadcast(&gate_cv);
	while (!gate_open)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	atomic_fetch_add(&other_runs, 1);
	return 0;
}

static const struct job test_jobs[] = {
	{ "other", 3600 * 1000, job_other, false },
	{ "first", 3600 * 1000, job_first, true },
};

static void
test_first_pass(void **state)
{
	char dir[64], path[96];
	struct db *db;

	(void)state;
	assert_int_equal(tempdb_open("jobs", dir, path, &db), 0);
	db_configure(path);
	assert_int_equal(jobs_start(test_jobs, 2, NULL), 0);
	assert_int_equal(atomic_load(&first_runs), 1);
	assert_int_equal(atomic_load(&other_runs), 0);

	/* The loop's first turn runs the other job (due at once), which
	 * waits at the gate until it is open. */
	pthread_mutex_lock(&gate_mu);
	while (!other_waiting)
		pthread_cond_wait(&gate_cv, &gate_mu);
	gate_open = true;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
	jobs_stop();
	/* The loop's own first turn, then the last turn at the stop. */
	assert_int_equal(atomic_load(&other_runs), 2);
	assert_int_equal(atomic_load(&first_runs), 2);
	tempdb_close(dir, db);
}

static struct db *_Atomic seen_db;

static int
job_seen(struct db *db, int64_t now)
{
	(void)now;
	atomic_store(&seen_db, db);
	return 0;
}

static const struct job seen_jobs[] = {
	{ "seen", 3600 * 1000, job_seen, true },
};

static void
test_given_connection(void **state)
{
	char dir[64], path[96];
	struct db *db, *given;

	(void)state;
	assert_int_equal(tempdb_open("jobs2", dir, path, &db), 0);
	db_configure(path);
	assert_non_null(given = db_open(path));
	assert_int_equal(jobs_start(seen_jobs, 1, given), 0);
	assert_ptr_equal(atomic_load(&seen_db), given);
	/* The thread closes it when it stops (a leak under the sanitizers
	 * otherwise). */
	jobs_stop();
	assert_ptr_equal(atomic_load(&seen_db), given);
	tempdb_close(dir, db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_pass),
		cmocka_unit_test(test_given_connection),
	};

	return cmocka_run_group_tests_name("jobs", tests, NULL, NULL);
}

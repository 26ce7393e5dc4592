/*
 * test_hashq.c - the argon2id queue's threads run below the rest of the
 * server (auth/hashq.c, HASHQ_NICE), so that a burst of sign-ins leaves
 * the cores to the pages (the soak in docs/performance.md).
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <unistd.h>
#include <cmocka.h>

#include "auth/hashq.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int seen_nice = -100;
static bool done;

/* Runs on the queue's thread: its own nice value. */
static void
job_done(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	errno = 0;
	seen_nice = getpriority(PRIO_PROCESS, (id_t)gettid());
	done = true;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
}

static void
test_queue_thread_is_niced(void **state)
{
	struct hashq_job j = { .kind = HASHQ_BURN, .pw = "x", .done = job_done };
	int mine;

	(void)state;
	errno = 0;
	mine = getpriority(PRIO_PROCESS, (id_t)gettid());
	assert_int_equal(hashq_submit(&j), 0);
	pthread_mutex_lock(&mu);
	while (!done)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	/* Ten steps lower, or as low as it goes. */
	assert_int_equal(seen_nice, mine + 10 > 19 ? 19 : mine + 10);
	hashq_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_thread_is_niced),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

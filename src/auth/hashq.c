/*
 * hashq.c - the argon2id queue (hashq.h).
 *
 * The threads start with the first job, so commands that never verify a
 * password start none.  At shutdown the server first waits for every
 * deferred request to be resumed - so every queued job has run - and then
 * hashq_stop() ends the threads.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "auth/hashq.h"
#include "base/log.h"

static pthread_mutex_t hashq_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hashq_cv = PTHREAD_COND_INITIALIZER;
static struct hashq_job *hashq_head, *hashq_tail;
static unsigned hashq_waiting;
static bool hashq_started, hashq_broken, hashq_stopping;
static pthread_t hashq_threads[PASSWORD_PARALLEL];
static int hashq_nthreads;

void
hashq_run(struct hashq_job *j)
{
	j->ok = false;
	j->rehashed = false;
	if (j->kind == HASHQ_BURN) {
		password_burn(j->pw);
		return;
	}
	j->ok = password_verify(j->stored, j->pw);
	if (j->ok && password_needs_rehash(j->stored) &&
	    password_hash(j->pw, j->rehash) == 0)
		j->rehashed = true;
}

/*
 * The hashing threads run HASHQ_NICE steps below the rest of the server.
 * argon2id is all CPU: on a two-core machine the two hashing threads
 * would otherwise take both cores for as long as sign-ins keep coming, and
 * every page would wait its turn (the soak, docs/performance.md).  Niced,
 * they still get every cycle nobody else wants, so a sign-in on a quiet
 * server is as fast as before.  On Linux the nice value is per thread
 * (setpriority() of the thread's id); a failure only costs the benefit.
 */
#define HASHQ_NICE 10

static void
hashq_lower_priority(void)
{
#ifdef __linux__
	id_t tid = (id_t)gettid();
	int cur;

	errno = 0;
	cur = getpriority(PRIO_PROCESS, tid);
	if (cur == -1 && errno != 0)
		return;
	(void)setpriority(PRIO_PROCESS, tid, cur + HASHQ_NICE > 19 ? 19 :
	    cur + HASHQ_NICE);
#endif
}

static void *
hashq_main(void *unused)
{
	struct hashq_job *j;

	(void)unused;
	hashq_lower_priority();
	for (;;) {
		pthread_mutex_lock(&hashq_mu);
		while (hashq_head == NULL && !hashq_stopping)
			pthread_cond_wait(&hashq_cv, &hashq_mu);
		if (hashq_head == NULL) {
			pthread_mutex_unlock(&hashq_mu);
			return NULL;
		}
		j = hashq_head;
		if ((hashq_head = j->next) == NULL)
			hashq_tail = NULL;
		hashq_waiting--;
		pthread_mutex_unlock(&hashq_mu);
		hashq_run(j);
		j->done(j->arg);
	}
	return NULL;
}

/* Under hashq_mu. */
static bool
hashq_start(void)
{
	int i;

	if (hashq_started || hashq_broken || hashq_stopping)
		return hashq_started && !hashq_stopping;
	for (i = 0; i < PASSWORD_PARALLEL; i++)
		if (pthread_create(&hashq_threads[hashq_nthreads], NULL,
		    hashq_main, NULL) == 0)
			hashq_nthreads++;
	if (hashq_nthreads == 0) {
		log_warn("password queue: no thread could start");
		hashq_broken = true;
	}
	hashq_started = hashq_nthreads > 0;
	return hashq_started;
}

int
hashq_submit(struct hashq_job *j)
{
	int rc = -1;

	j->next = NULL;
	pthread_mutex_lock(&hashq_mu);
	if (hashq_start() && hashq_waiting < HASHQ_MAX) {
		if (hashq_tail != NULL)
			hashq_tail->next = j;
		else
			hashq_head = j;
		hashq_tail = j;
		hashq_waiting++;
		pthread_cond_signal(&hashq_cv);
		rc = 0;
	}
	pthread_mutex_unlock(&hashq_mu);
	return rc;
}

void
hashq_stop(void)
{
	int i;

	pthread_mutex_lock(&hashq_mu);
	hashq_stopping = true;
	pthread_cond_broadcast(&hashq_cv);
	pthread_mutex_unlock(&hashq_mu);
	/* A job still queued runs first: the threads leave only when the
	 * queue is empty. */
	for (i = 0; i < hashq_nthreads; i++)
		pthread_join(hashq_threads[i], NULL);
	hashq_nthreads = 0;
}

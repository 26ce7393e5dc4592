/*
 * hashq.c - the argon2id queue (hashq.h).
 *
 * The threads start with the first job, so commands that never verify a
 * password start none.  At shutdown the server first waits for every
 * deferred request to be resumed - so every queued job has run - and then
 * hashq_stop() ends the threads.
 */
#include <pthread.h>
#include <string.h>

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

static void *
hashq_main(void *unused)
{
	struct hashq_job *j;

	(void)unused;
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

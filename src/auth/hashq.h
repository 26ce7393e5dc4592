/*
 * hashq.h - argon2id off the request threads.
 *
 * A sign-in spends a quarter of a second and 256 MiB of argon2id.  Done on
 * a pool thread, a dozen failing sign-ins would hold every pool thread and
 * stall the whole site.  Instead the handler defers its answer
 * (request_defer()) and hands the work to this queue: PASSWORD_PARALLEL
 * threads of its own take the jobs in order and call done(arg) after each,
 * which resumes the request.  The queue is bounded: past HASHQ_MAX waiting
 * jobs a new one is refused, and the caller answers 503 at once.
 */
#ifndef TV_AUTH_HASHQ_H
#define TV_AUTH_HASHQ_H

#include <stdbool.h>

#include "auth/password.h"

#define HASHQ_MAX 64	/* jobs waiting; at most ~16 s of moderate work */

enum hashq_kind {
	HASHQ_VERIFY,	/* pw against stored; a new hash too when outdated */
	HASHQ_BURN,	/* the time of a verification, nothing to compare */
};

struct hashq_job {
	enum hashq_kind kind;
	const char *stored;		/* HASHQ_VERIFY */
	const char *pw;
	bool ok;			/* HASHQ_VERIFY: pw matches */
	bool rehashed;			/* ok, and rehash holds a new hash */
	char rehash[PASSWORD_HASH_MAX];
	void (*done)(void *arg);	/* called on a queue thread */
	void *arg;
	struct hashq_job *next;
};

/* Runs the job here, on this thread (for callers that cannot defer). */
void hashq_run(struct hashq_job *j);

/* Queues the job; its done() is called once it has run.  0, or -1 when
 * the queue is full, stopping, or its threads cannot start (done() is
 * not called). */
int hashq_submit(struct hashq_job *j);

/* Runs what is queued, then ends the threads (after the server stopped). */
void hashq_stop(void);

#endif

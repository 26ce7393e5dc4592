/*
 * committer.h - a group committer: one writer thread that saves whatever
 * work is waiting in one transaction (one fsync), then answers each item.
 *
 * Why: a state change is acknowledged only after its transaction is on
 * disk (SQLite's WAL with synchronous=FULL, PostgreSQL's WAL), and commits
 * happen one at a time, so committing each request on its own caps a
 * write path at the disk's fsyncs a second (a few hundred on this
 * machine).  A hot write path instead hands its items to a committer: the
 * writer takes every item queued at that moment, saves them all in one
 * transaction and then calls done() for each.  Nobody waits for a timer:
 * a lone item is committed at once, and under load the batch is whatever
 * queued during the previous commit.  Each item's answer still comes only
 * after its own commit.  If the batch fails, it is rolled back and every
 * item in it is saved again in a transaction of its own (fresh batch
 * state), so one bad item cannot sink the others and none is saved twice.
 *
 * A handler usually defers its answer (request_defer()) and resumes the
 * request from done(), so a batch can hold as many items as there are
 * connections, not just as many as the server has pool threads.
 *
 * Users: registration (registration_queue()) and the encounter log
 * (statistics).  Each keeps one static struct db_committer.
 */
#ifndef TV_DB_COMMITTER_H
#define TV_DB_COMMITTER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"

/* One piece of work, embedded in the user's own job (which must live
 * until done() is called for it). */
struct db_commit_item {
	struct db_commit_item *next;	/* the committer's queue */
	int rc;				/* 0 committed, -1 not saved */
};

/* What a committer does with its items. */
struct db_committer_ops {
	const char *name;		/* the writer thread's name (< 16) */
	size_t state_size;		/* bytes of a batch's state (0: none) */
	/* Sets up and releases a batch's state (zeroed before init);
	 * either may be NULL. */
	void (*state_init)(void *state);
	void (*state_cleanup)(void *state);
	/* After the batch's transaction began, before its first save()
	 * (may be NULL): the items from `first` up to (not including) `end`,
	 * for questions that can be asked for the whole batch at once
	 * instead of once per item.  0 or -1. */
	int (*prepare)(struct db *db, void *state,
	    struct db_commit_item *first, struct db_commit_item *end);
	/* Writes one item inside the open transaction.  0 or -1. */
	int (*save)(struct db *db, void *state, struct db_commit_item *item);
	/* After the batch's last save(), before the commit (may be NULL):
	 * what the batch state gathered.  0 or -1. */
	int (*flush)(struct db *db, void *state);
	/* Called from the writer's thread once the item is committed (rc 0)
	 * or given up (rc -1); the committer never touches it afterwards. */
	void (*done)(struct db_commit_item *item);
	/* save() and flush() do not tell one failure from another: their
	 * writes may be sent without waiting for each answer
	 * (db_defer_writes()). */
	bool defer_writes;
};

struct db_committer {
	const struct db_committer_ops *ops;
	pthread_mutex_t mu;
	pthread_cond_t work;
	struct db_commit_item *head, **tail;
	bool running, stopping;
	pthread_t thread;
	struct db_committer *started;	/* the list of started committers */
};

#define DB_COMMITTER_INIT(o) { .ops = (o), \
	.mu = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER }

/*
 * Queues the item, starting the writer on first use: 0, or -1 (done()
 * will not be called) when the committer is stopping or the writer
 * cannot be started.
 */
int db_committer_queue(struct db_committer *c, struct db_commit_item *item);

/* Writes what is queued, then ends the writer and its connection (after
 * the server stopped; later items are refused).  A second call does
 * nothing. */
void db_committer_stop(struct db_committer *c);

/* db_committer_stop() for every committer that has started its writer
 * (main, after the server stopped). */
void db_committer_stop_all(void);

#endif

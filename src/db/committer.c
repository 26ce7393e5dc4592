/*
 * committer.c - the group committer (committer.h): a queue, one writer
 * thread per committer, batches in one transaction, each item retried
 * alone when its batch fails.
 */
#include <stdlib.h>

#include "base/log.h"
#include "db/committer.h"

/* The committers whose writer runs, for db_committer_stop_all(). */
static pthread_mutex_t started_mu = PTHREAD_MUTEX_INITIALIZER;
static struct db_committer *started;

/* A fresh batch state, or NULL (no state wanted, or no memory: *ok). */
static void *
state_new(const struct db_committer_ops *o, bool *ok)
{
	void *s;

	*ok = true;
	if (o->state_size == 0)
		return NULL;
	if ((s = calloc(1, o->state_size)) == NULL) {
		*ok = false;
		return NULL;
	}
	if (o->state_init != NULL)
		o->state_init(s);
	return s;
}

static void
state_free(const struct db_committer_ops *o, void *s)
{
	if (s == NULL)
		return;
	if (o->state_cleanup != NULL)
		o->state_cleanup(s);
	free(s);
}

/* The items from `first` up to (not including) `end` in the transaction
 * begun on db (begun: the caller's, else one of its own): 0, or -1 and
 * rolled back. */
static int
commit_run(struct db *db, const struct db_committer_ops *o,
    struct db_commit_item *first, struct db_commit_item *end, bool begun)
{
	struct db_commit_item *it;
	void *state;
	bool ok;
	int rc = -1;

	state = state_new(o, &ok);
	if (!begun && ok && db_begin(db) != 0)
		ok = false;
	if (!ok) {
		if (begun)
			db_rollback(db);
		state_free(o, state);
		return -1;
	}
	if (o->defer_writes)
		db_defer_writes(db);
	if (o->prepare != NULL && o->prepare(db, state, first, end) != 0)
		goto out;
	for (it = first; it != end; it = it->next)
		if (o->save(db, state, it) != 0)
			goto out;
	if (o->flush != NULL && o->flush(db, state) != 0)
		goto out;
	rc = db_commit(db);
out:
	if (rc != 0)
		db_rollback(db);
	state_free(o, state);
	return rc;
}

static void *
committer_writer(void *arg)
{
	struct db_committer *c = arg;
	const struct db_committer_ops *o = c->ops;
	struct db_commit_item *batch, *it, *next;
	struct db *db;
	bool begun;

	for (;;) {
		pthread_mutex_lock(&c->mu);
		while (c->head == NULL && !c->stopping)
			pthread_cond_wait(&c->work, &c->mu);
		if (c->head == NULL) {
			pthread_mutex_unlock(&c->mu);
			db_thread_close();
			return NULL;
		}
		pthread_mutex_unlock(&c->mu);

		/*
		 * The transaction first, then the batch: beginning waits for
		 * the database's write lock (on PostgreSQL the advisory lock
		 * every writer of every server takes, db/pg.c), and what
		 * arrives meanwhile joins this batch rather than waiting for
		 * the next.  With two servers each writer waited out the
		 * other's commit with the batch it had, and their batches
		 * were half as large (issue 14).
		 */
		db = db_thread();
		begun = db != NULL && db_begin(db) == 0;
		pthread_mutex_lock(&c->mu);
		batch = c->head;
		c->head = NULL;
		c->tail = &c->head;
		pthread_mutex_unlock(&c->mu);

		if (begun && commit_run(db, o, batch, NULL, true) == 0) {
			for (it = batch; it != NULL; it = it->next)
				it->rc = 0;
		} else {
			/* Nothing of the batch was saved: each item again,
			 * alone. */
			for (it = batch; it != NULL; it = it->next)
				it->rc = db != NULL && commit_run(db, o, it,
				    it->next, false) == 0 ? 0 : -1;
		}
		for (it = batch; it != NULL; it = next) {
			/* The item lives in its owner's memory: after done()
			 * it may be gone. */
			next = it->next;
			o->done(it);
		}
	}
	return NULL;
}

int
db_committer_queue(struct db_committer *c, struct db_commit_item *item)
{
	pthread_t t;

	item->rc = -1;
	item->next = NULL;
	pthread_mutex_lock(&c->mu);
	if (c->stopping) {
		pthread_mutex_unlock(&c->mu);
		return -1;
	}
	if (!c->running) {
		if (pthread_create(&t, NULL, committer_writer, c) != 0) {
			pthread_mutex_unlock(&c->mu);
			log_error("%s: cannot start the writer", c->ops->name);
			return -1;
		}
		pthread_setname_np(t, c->ops->name);
		c->thread = t;
		c->running = true;
		pthread_mutex_lock(&started_mu);
		c->started = started;
		started = c;
		pthread_mutex_unlock(&started_mu);
	}
	if (c->tail == NULL)
		c->tail = &c->head;
	*c->tail = item;
	c->tail = &item->next;
	pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->mu);
	return 0;
}

void
db_committer_stop(struct db_committer *c)
{
	bool running;

	pthread_mutex_lock(&c->mu);
	c->stopping = true;
	running = c->running;
	c->running = false;
	pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->mu);
	/* A batch still queued is written first: the writer leaves only
	 * when the queue is empty. */
	if (running)
		pthread_join(c->thread, NULL);
}

void
db_committer_stop_all(void)
{
	struct db_committer *c;

	pthread_mutex_lock(&started_mu);
	c = started;
	pthread_mutex_unlock(&started_mu);
	/* The list only grows at its head: what was started is reachable
	 * from the head read here. */
	for (; c != NULL; c = c->started)
		db_committer_stop(c);
}

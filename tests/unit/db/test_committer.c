/*
 * test_committer.c - the group committer (db/committer.h) on a real SQLite
 * file, or with --pg on a database of its own on the PostgreSQL cluster of
 * $TUKIVERKKO_TEST_PG: items queued while a batch commits share the next
 * transaction (its state flushed once); an item that fails sinks its
 * batch, whose other items are then saved alone, each exactly once (also
 * when the failure is a write whose answer the committer did not wait for,
 * db_defer_writes()); prepare() sees each transaction's items before the
 * first save(), and ids it reserves (db_reserve_ids()) are the rows' own
 * and never another insert's; and stopping writes what is queued and
 * refuses what comes after.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/committer.h"
#include "db/rows.h"
#include "scratch_db.h"

#define ITEMS 24

static struct scratch_db scratch;

struct job {
	struct db_commit_item item;
	int64_t key;
	bool gate;	/* its save() waits until the test opens the gate */
	bool bad;	/* its save() writes its row, then fails */
	bool bad_write;	/* its save() writes its row, then one the
			 * database refuses (a negative key) */
	int64_t id;	/* reserved by prepare(), or 0: generated */
	int rc, done;
};

/* What the committer did, under mu. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static bool gate_entered, gate_open;
static int ndone, states;
/* The number of items of each prepare() call, in order. */
static size_t prepared[ITEMS + 2], nprepared;

struct state {
	int64_t items;	/* saved in this transaction */
};

static void
state_init(void *s)
{
	(void)s;
	pthread_mutex_lock(&mu);
	states++;
	pthread_mutex_unlock(&mu);
}

static void
state_cleanup(void *s)
{
	(void)s;
	pthread_mutex_lock(&mu);
	states--;
	pthread_mutex_unlock(&mu);
}

static int
save(struct db *db, void *s, struct db_commit_item *item)
{
	struct job *j = (struct job *)item;
	struct state *st = s;

	if (j->gate) {
		pthread_mutex_lock(&mu);
		gate_entered = true;
		pthread_cond_broadcast(&cv);
		while (!gate_open)
			pthread_cond_wait(&cv, &mu);
		pthread_mutex_unlock(&mu);
	}
	if (j->id != 0 ? db_run(db, "INSERT INTO item (id, key) VALUES "
	    "(?1, ?2)", DB_ARGS(db_int(j->id), db_int(j->key)), NULL) != 0 :
	    db_run(db, "INSERT INTO item (key) VALUES (?1)",
	    DB_ARGS(db_int(j->key)), NULL) != 0)
		return -1;
	/* With deferred writes the refusal may only show at a later
	 * statement, another item's or the commit. */
	if (j->bad_write && db_run(db, "INSERT INTO item (key) VALUES (?1)",
	    DB_ARGS(db_int(-j->key)), NULL) != 0)
		return -1;
	st->items++;
	return j->bad ? -1 : 0;
}

/* One row per transaction: how many items it saved. */
static int
flush(struct db *db, void *s)
{
	struct state *st = s;

	return db_run(db, "INSERT INTO batch (items) VALUES (?1)",
	    DB_ARGS(db_int(st->items)), NULL) == 0 ? 0 : -1;
}

/* An id for each item of the transaction, reserved in one question. */
static int
prepare(struct db *db, void *s, struct db_commit_item *first,
    struct db_commit_item *end)
{
	struct db_commit_item *it;
	int64_t ids[ITEMS];
	size_t n = 0;

	(void)s;
	for (it = first; it != end; it = it->next)
		n++;
	if (nprepared < ITEMS + 2)
		prepared[nprepared++] = n;
	if (db_reserve_ids(db, "item", (int64_t)n, ids) != 0)
		return -1;
	for (it = first, n = 0; it != end; it = it->next)
		((struct job *)it)->id = ids[n++];
	return 0;
}

static void
done(struct db_commit_item *item)
{
	struct job *j = (struct job *)item;

	pthread_mutex_lock(&mu);
	j->rc = item->rc;
	j->done++;
	ndone++;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static const struct db_committer_ops ops = {
	.name = "test-writer",
	.state_size = sizeof(struct state),
	.state_init = state_init,
	.state_cleanup = state_cleanup,
	.save = save,
	.flush = flush,
	.done = done,
};

static const struct db_committer_ops ops_deferred = {
	.name = "test-writer",
	.state_size = sizeof(struct state),
	.state_init = state_init,
	.state_cleanup = state_cleanup,
	.save = save,
	.flush = flush,
	.done = done,
	.defer_writes = true,
};

static const struct db_committer_ops ops_prepared = {
	.name = "test-writer",
	.state_size = sizeof(struct state),
	.state_init = state_init,
	.state_cleanup = state_cleanup,
	.prepare = prepare,
	.save = save,
	.flush = flush,
	.done = done,
	.defer_writes = true,
};

static int64_t
count(const char *sql, int64_t arg)
{
	struct db *db = db_thread();
	int64_t n = -1;

	assert_non_null(db);
	assert_int_equal(db_int64(db, sql, DB_ARGS(db_int(arg)), &n), 0);
	return n;
}

static void
wait_done(int n)
{
	pthread_mutex_lock(&mu);
	while (ndone < n)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
}

/* Queues the gate and waits until the writer holds it in a batch of its
 * own, then the rest: they queue behind one commit, as under load. */
static void
run(struct db_committer *c, struct job *jobs, size_t n)
{
	size_t i;

	pthread_mutex_lock(&mu);
	gate_entered = gate_open = false;
	ndone = 0;
	pthread_mutex_unlock(&mu);
	jobs[0].gate = true;
	assert_int_equal(db_committer_queue(c, &jobs[0].item), 0);
	pthread_mutex_lock(&mu);
	while (!gate_entered)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	for (i = 1; i < n; i++)
		assert_int_equal(db_committer_queue(c, &jobs[i].item), 0);
	pthread_mutex_lock(&mu);
	gate_open = true;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	wait_done((int)n);
}

/* ITEMS jobs keyed from `base`, the one at `bad` (or none: -1) failing. */
static void
fill(struct job *jobs, int64_t base, int bad)
{
	size_t i;

	memset(jobs, 0, ITEMS * sizeof(*jobs));
	for (i = 0; i < ITEMS; i++) {
		jobs[i].key = base + (int64_t)i;
		jobs[i].bad = (int)i == bad;
	}
}

static int
reset(void **unused)
{
	struct db *db = db_thread();

	(void)unused;
	if (db == NULL || db_exec(db, "DELETE FROM item") != 0 ||
	    db_exec(db, "DELETE FROM batch") != 0)
		return -1;
	return 0;
}

static void
test_batch(void **unused)
{
	static struct db_committer c = DB_COMMITTER_INIT(&ops);
	struct job jobs[ITEMS];
	size_t i;

	(void)unused;
	fill(jobs, 1, -1);
	run(&c, jobs, ITEMS);
	for (i = 0; i < ITEMS; i++) {
		assert_int_equal(jobs[i].done, 1);
		assert_int_equal(jobs[i].rc, 0);
		assert_int_equal(count("SELECT count(*) FROM item WHERE "
		    "key = ?1", jobs[i].key), 1);
	}
	/* The gate alone, then everyone who queued behind it in one. */
	assert_int_equal(count("SELECT count(*) FROM batch WHERE items >= ?1",
	    0), 2);
	assert_int_equal(count("SELECT count(*) FROM batch WHERE items = ?1",
	    ITEMS - 1), 1);
	db_committer_stop(&c);
	assert_int_equal(states, 0);
}

/*
 * The writer begins its transaction before it takes its batch: while
 * another transaction holds the write lock (another server's commit, on
 * PostgreSQL the advisory lock of db/pg.c), what is queued joins the batch
 * the writer is waiting to write.  The test holds the lock, queues the
 * items, lets go: one transaction writes them all, however the writer's
 * wake-up and the queueing interleave.
 */
static void
test_batch_after_lock(void **unused)
{
	static struct db_committer c = DB_COMMITTER_INIT(&ops);
	struct db *db = db_thread();
	struct job jobs[ITEMS];
	size_t i;

	(void)unused;
	/* The writer running first (one job), so that it wakes at the
	 * first of the jobs below. */
	fill(jobs, 500, -1);
	pthread_mutex_lock(&mu);
	ndone = 0;
	pthread_mutex_unlock(&mu);
	assert_int_equal(db_committer_queue(&c, &jobs[ITEMS - 1].item), 0);
	wait_done(1);
	assert_non_null(db);
	assert_int_equal(db_exec(db, "DELETE FROM item"), 0);
	assert_int_equal(db_exec(db, "DELETE FROM batch"), 0);
	fill(jobs, 500, -1);
	pthread_mutex_lock(&mu);
	ndone = 0;
	pthread_mutex_unlock(&mu);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_run(db, "INSERT INTO batch (items) VALUES (?1)",
	    DB_ARGS(db_int(-1)), NULL), 0);
	/* The first job wakes the writer, the rest come a moment later: a
	 * writer that took its batch before the lock (as it once did) has
	 * taken the first alone by then.  The moment decides nothing for
	 * this writer, which takes its batch only once it has the lock. */
	assert_int_equal(db_committer_queue(&c, &jobs[0].item), 0);
	usleep(50 * 1000);
	for (i = 1; i < ITEMS; i++)
		assert_int_equal(db_committer_queue(&c, &jobs[i].item), 0);
	assert_int_equal(db_commit(db), 0);
	wait_done(ITEMS);
	for (i = 0; i < ITEMS; i++)
		assert_int_equal(jobs[i].rc, 0);
	assert_int_equal(count("SELECT count(*) FROM batch WHERE items >= ?1",
	    0), 1);
	assert_int_equal(count("SELECT count(*) FROM batch WHERE items = ?1",
	    ITEMS), 1);
	db_committer_stop(&c);
	assert_int_equal(states, 0);
}

/*
 * Every job of a run in which job `bad` failed was answered; the failed
 * one with -1 and no row (it went with its rollback), the others with 0
 * and their row once, not twice.  The gate's batch, then the good ones
 * each in a transaction of its own: nothing of the failed batch stayed.
 */
static void
saved_but_one(const struct job *jobs, size_t bad)
{
	size_t i;

	for (i = 0; i < ITEMS; i++) {
		assert_int_equal(jobs[i].done, 1);
		assert_int_equal(jobs[i].rc, i == bad ? -1 : 0);
		assert_int_equal(count("SELECT count(*) FROM item WHERE "
		    "key = ?1", jobs[i].key), i == bad ? 0 : 1);
	}
	assert_int_equal(count("SELECT count(*) FROM batch WHERE items = ?1",
	    1), ITEMS - 1);
	assert_int_equal(count("SELECT count(*) FROM batch WHERE items > ?1",
	    1), 0);
}

static void
test_bad_item(void **unused)
{
	static struct db_committer c = DB_COMMITTER_INIT(&ops);
	struct job jobs[ITEMS];

	(void)unused;
	fill(jobs, 100, ITEMS / 2);
	run(&c, jobs, ITEMS);
	saved_but_one(jobs, ITEMS / 2);
	db_committer_stop(&c);
	assert_int_equal(states, 0);
}

/* The same with writes sent without waiting for their answers: the
 * refused one still sinks its batch and then its own item alone. */
static void
test_bad_write(void **unused)
{
	static struct db_committer c = DB_COMMITTER_INIT(&ops_deferred);
	struct job jobs[ITEMS];

	(void)unused;
	fill(jobs, 300, -1);
	jobs[ITEMS / 2].bad_write = true;
	run(&c, jobs, ITEMS);
	saved_but_one(jobs, ITEMS / 2);
	assert_int_equal(count("SELECT count(*) FROM item WHERE key < ?1", 0),
	    0);
	db_committer_stop(&c);
	assert_int_equal(states, 0);
}

/*
 * prepare() is given the gate's batch, then the other items together;
 * when an item fails, its batch's items again one by one.  The ids it
 * reserved are the rows', in the order of the queue, and an insert
 * that lets the database pick the id afterwards gets a fresh one.
 */
static void
test_prepare(void **unused)
{
	static struct db_committer c = DB_COMMITTER_INIT(&ops_prepared);
	struct job jobs[ITEMS];
	size_t i;

	(void)unused;
	nprepared = 0;
	fill(jobs, 400, -1);
	run(&c, jobs, ITEMS);
	assert_int_equal(nprepared, 2);
	assert_int_equal(prepared[0], 1);
	assert_int_equal(prepared[1], ITEMS - 1);
	for (i = 0; i < ITEMS; i++) {
		assert_int_equal(jobs[i].rc, 0);
		assert_int_equal(count("SELECT key FROM item WHERE id = ?1",
		    jobs[i].id), jobs[i].key);
		if (i > 0)
			assert_true(jobs[i].id > jobs[i - 1].id);
	}
	assert_int_equal(db_run(db_thread(), "INSERT INTO item (key) VALUES "
	    "(?1)", DB_ARGS(db_int(500)), NULL), 0);
	assert_int_equal(count("SELECT count(*) FROM item WHERE key >= ?1",
	    400), ITEMS + 1);

	assert_int_equal(reset(NULL), 0);
	nprepared = 0;
	fill(jobs, 600, ITEMS / 2);
	run(&c, jobs, ITEMS);
	saved_but_one(jobs, ITEMS / 2);
	assert_int_equal(nprepared, 2 + ITEMS - 1);
	for (i = 2; i < nprepared; i++)
		assert_int_equal(prepared[i], 1);
	db_committer_stop(&c);
	assert_int_equal(states, 0);
}

static void
test_stop(void **unused)
{
	static struct db_committer c = DB_COMMITTER_INIT(&ops);
	struct job jobs[ITEMS], late;
	size_t i;

	(void)unused;
	fill(jobs, 200, -1);
	memset(&late, 0, sizeof(late));
	pthread_mutex_lock(&mu);
	ndone = 0;
	pthread_mutex_unlock(&mu);
	for (i = 0; i < ITEMS; i++)
		assert_int_equal(db_committer_queue(&c, &jobs[i].item), 0);
	/* Whatever is queued is written before stop returns. */
	db_committer_stop(&c);
	assert_int_equal(ndone, ITEMS);
	assert_int_equal(count("SELECT count(*) FROM item WHERE key >= ?1",
	    200), ITEMS);
	late.key = 999;
	assert_int_equal(db_committer_queue(&c, &late.item), -1);
	assert_int_equal(late.done, 0);
	db_committer_stop(&c);	/* again: nothing to do */
	db_committer_stop_all();
	assert_int_equal(states, 0);
}

static int
setup(void)
{
	struct db *db;

	if (scratch_db_create(&scratch, "tvcommit") != 0)
		return -1;
	db_configure(scratch.url);
	if ((db = db_thread()) == NULL ||
	    scratch_db_table(db, "CREATE TABLE item (id INTEGER PRIMARY KEY, "
	    "key INTEGER NOT NULL CHECK (key >= 0))") != 0 ||
	    scratch_db_table(db, "CREATE TABLE batch (id INTEGER PRIMARY KEY, "
	    "items INTEGER NOT NULL)") != 0)
		return -1;
	return 0;
}

static void
teardown(void)
{
	db_thread_close();
	scratch_db_drop(&scratch);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_batch, reset),
		cmocka_unit_test_setup(test_batch_after_lock, reset),
		cmocka_unit_test_setup(test_bad_item, reset),
		cmocka_unit_test_setup(test_bad_write, reset),
		cmocka_unit_test_setup(test_prepare, reset),
		cmocka_unit_test_setup(test_stop, reset),
	};
	int rc;

	if (scratch_db_args(argc, argv) != 0)
		return 1;
	if (setup() != 0) {
		fprintf(stderr, "test_committer: cannot set up the database\n");
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	teardown();
	return rc;
}

/*
 * committer.c - the encounter log's group committer (statistics.h,
 * db/committer.h): each logged encounter is answered only after the
 * transaction that saved it is on disk, and the encounters waiting at
 * one moment share that transaction.  save() only gathers the batch's
 * encounters; flush() writes them all with stats_store_log() in packed
 * statements, whose roll-up rows the batch's encounters share are
 * written once - a few statements a batch, which matters most on
 * PostgreSQL, where each is a round trip.  A failed batch is rolled back
 * and each encounter saved again alone: none is lost or doubled.
 */
#include <stddef.h>

#include "statistics/encounter.h"
#include "statistics/release.h"
#include "statistics/statistics.h"

struct log_batch {
	struct arena a;
	struct stats_job **jobs;
	size_t n, cap;
};

static struct stats_job *
job_of(struct db_commit_item *item)
{
	return (struct stats_job *)((char *)item -
	    offsetof(struct stats_job, item));
}

static void
batch_init(void *state)
{
	struct log_batch *b = state;

	arena_init(&b->a);
}

static void
batch_cleanup(void *state)
{
	struct log_batch *b = state;

	arena_cleanup(&b->a);
}

/*
 * The quarter is checked again here, in the batch's transaction: the form
 * checked it before the encounter waited for its batch, and a quarter
 * published at midnight in between is closed, its figures computed from
 * what was committed before.
 */
static int
batch_save(struct db *db, void *state, struct db_commit_item *item)
{
	struct log_batch *b = state;
	struct stats_job *j = job_of(item);

	(void)db;
	j->closed = stats_month_released(encounter_month(encounter_day(
	    j->e.hour)), stats_month_now());
	if (j->closed)
		return 0;
	if (b->n == b->cap)
		b->jobs = arena_grow(&b->a, b->jobs, b->n, &b->cap,
		    sizeof(*b->jobs));
	b->jobs[b->n++] = j;
	return 0;
}

static int
batch_flush(struct db *db, void *state)
{
	struct log_batch *b = state;
	struct stats_encounter *e;
	int64_t *ids, now = 0;
	size_t i;

	if (b->n == 0)
		return 0;
	e = arena_calloc(&b->a, b->n + 1, sizeof(*e));
	ids = arena_calloc(&b->a, b->n + 1, sizeof(*ids));
	for (i = 0; i < b->n; i++) {
		e[i] = b->jobs[i]->e;
		if (b->jobs[i]->now > now)
			now = b->jobs[i]->now;
	}
	if (stats_store_log(db, &b->a, e, b->n, now, ids) != 0)
		return -1;
	for (i = 0; i < b->n; i++)
		b->jobs[i]->id = ids[i];
	return 0;
}

static void
batch_done(struct db_commit_item *item)
{
	struct stats_job *j = job_of(item);

	j->rc = item->rc;
	j->done(j->arg);
}

static const struct db_committer_ops log_ops = {
	.name = "enc-writer",
	.state_size = sizeof(struct log_batch),
	.state_init = batch_init,
	.state_cleanup = batch_cleanup,
	.save = batch_save,
	.flush = batch_flush,
	.done = batch_done,
};
static struct db_committer log_committer = DB_COMMITTER_INIT(&log_ops);

int
stats_log_queue(struct stats_job *job)
{
	job->rc = -1;
	job->id = 0;
	job->closed = false;
	return db_committer_queue(&log_committer, &job->item);
}

/*
 * committer.c - the encounter log's group committer (statistics.h,
 * db/committer.h): each logged encounter is answered only after the
 * transaction that saved it is on disk, and the encounters waiting at
 * one moment share that transaction.  Their roll-ups are summed in memory
 * over the batch (struct stats_sums), so a batch of one point's
 * encounters writes each roll-up row once.  A failed batch is rolled
 * back and each encounter saved again alone: none is lost or doubled.
 */
#include <stddef.h>

#include "statistics/statistics.h"

struct log_batch {
	struct arena a;
	struct stats_sums *sums;
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
	b->sums = stats_sums_new(&b->a);
}

static void
batch_cleanup(void *state)
{
	struct log_batch *b = state;

	arena_cleanup(&b->a);
}

static int
batch_save(struct db *db, void *state, struct db_commit_item *item)
{
	struct log_batch *b = state;
	struct stats_job *j = job_of(item);

	j->id = stats_store_log(db, b->sums, &j->e, j->now);
	return j->id > 0 ? 0 : -1;
}

static int
batch_flush(struct db *db, void *state)
{
	struct log_batch *b = state;

	return stats_sums_flush(db, b->sums);
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
	return db_committer_queue(&log_committer, &job->item);
}

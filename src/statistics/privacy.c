/*
 * privacy.c - the statistics' privacy provider.  An encounter points to
 * the account that logged it (encounter.recorded_by) only within the undo
 * window: the export lists those few encounters (where and when, nothing
 * else), the erasure forgets the link, and the retention run forgets
 * every link older than the window, whoever made it (the recorder's next
 * encounter already does so for their own).  The encounters stay: they
 * are the network's figures and name no one.
 */
#include "statistics/privacy.h"
#include "statistics/statistics.h"

static const char *const statistics_tables[] = { "encounter", NULL };

static const struct privacy_col statistics_cols[] = {
	{ "point_id", PRIVACY_INT }, { "hour", PRIVACY_TIME },
	{ "recorded_at", PRIVACY_TIME }, { NULL, 0 },
};

static int
statistics_export(struct db *db, const struct privacy_subject *s,
    json_t *doc)
{
	return privacy_section(doc, "encounters_logged", privacy_prepare(db,
	    "SELECT point_id, hour, recorded_at FROM encounter WHERE "
	    "recorded_by = ?1 ORDER BY id", 1, s->id, 0, NULL),
	    statistics_cols);
}

static int
statistics_erase(struct db *db, const struct privacy_subject *s,
    int64_t now)
{
	(void)now;
	return privacy_exec(db, "UPDATE encounter SET recorded_by = NULL "
	    "WHERE recorded_by = ?1", 1, s->id, 0, NULL);
}

static int
statistics_retention(struct db *db, int64_t now, int days,
    struct retention_counts *c)
{
	int64_t n = 0;

	(void)days;
	(void)c;
	return privacy_change(db, "SELECT count(*) FROM encounter WHERE "
	    "recorded_by IS NOT NULL AND recorded_at < ?1", "UPDATE encounter "
	    "SET recorded_by = NULL WHERE recorded_by IS NOT NULL AND "
	    "recorded_at < ?1", 1, now - STATS_UNDO_SECONDS, 0, &n);
}

const struct privacy_provider statistics_privacy_provider = {
	.module = "statistics",
	.tables = statistics_tables,
	.export = statistics_export,
	.erase = statistics_erase,
	.retention = statistics_retention,
};

/*
 * retention_store.c - which events are due for erasing their registrants'
 * data, and the mark that they were (event.erased_at).
 */
#include "db/rows.h"
#include "events/events.h"

int
events_erase_due(struct db *db, int64_t before, int64_t *ids, size_t max,
    size_t *n)
{
	struct db_stmt *st;
	int rc = DB_DONE;

	*n = 0;
	/* A constant limit: with a bound one the planner walks the primary
	 * key instead of the index on (erased_at, ends_at). */
	st = db_query(db, "SELECT id FROM event WHERE erased_at IS NULL AND "
	    "ends_at < ?1 ORDER BY id LIMIT 20", DB_ARGS(db_int(before)));
	if (st == NULL)
		return -1;
	while (*n < max && (rc = db_step(st)) == DB_ROW)
		ids[(*n)++] = db_col_int64(st, 0);
	if (*n < max && rc != DB_DONE) {
		db_done(st);
		return -1;
	}
	db_done(st);
	return 0;
}

int
events_mark_erased(struct db *db, int64_t id, int64_t now)
{
	return db_run(db, "UPDATE event SET erased_at = ?2 WHERE id = ?1",
	    DB_ARGS(db_int(id), db_int(now)), NULL) == 0 ? 0 : -1;
}

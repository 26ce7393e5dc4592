/*
 * turnout_store.c - the attendance figures kept on the event itself:
 * how many came without a registration (event.guests, from participant
 * reports) and how many came in all (event.attendees, shown on the
 * event's page once the event is over).  The attendance module counts
 * them and writes them here, in its own transaction.
 */
#include "db/rows.h"
#include "events/events.h"

int
events_guests(struct db *db, int64_t id, int64_t *out)
{
	return db_int64(db, "SELECT guests FROM event WHERE id = ?1",
	    DB_ARGS(db_int(id)), out) == 0 ? 0 : -1;
}

int
events_add_guests(struct db *db, int64_t id, int64_t n)
{
	return db_run(db, "UPDATE event SET guests = guests + ?2 WHERE "
	    "id = ?1", DB_ARGS(db_int(id), db_int(n)), NULL) == 0 ? 0 : -1;
}

int
events_set_attendees(struct db *db, int64_t id, int64_t total)
{
	/* Nobody recorded yet: no figure rather than a zero. */
	return db_run(db, "UPDATE event SET attendees = ?2 WHERE id = ?1",
	    DB_ARGS(db_int(id), total > 0 ? db_int(total) : db_null()),
	    NULL) == 0 ? 0 : -1;
}

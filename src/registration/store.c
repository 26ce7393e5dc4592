/*
 * store.c - the registration module's reads and writes of its own tables
 * that the pages need (event_question), with db/rows.h.  Registrations
 * themselves are read and changed in registration.c and offers.c.
 */
#include "db/rows.h"
#include "registration/registration.h"

int
question_of_event(struct db *db, int64_t event_id, int64_t question_id)
{
	int64_t one;

	return db_int64(db, "SELECT 1 FROM event_question WHERE id = ?1 AND "
	    "event_id = ?2", DB_ARGS(db_int(question_id), db_int(event_id)),
	    &one);
}

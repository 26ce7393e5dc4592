/*
 * health_store.c - the health check's question to the database.
 */
#include "app/app.h"
#include "db/rows.h"

bool
app_db_answers(struct db *db)
{
	int64_t one;

	return db != NULL && db_int64(db, "SELECT 1", DB_NOARGS, &one) == 0;
}

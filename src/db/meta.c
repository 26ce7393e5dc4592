/*
 * meta.c - the installation's facts by name (see meta.h).
 */
#include "db/meta.h"
#include "db/rows.h"

int
db_meta_get(struct db *db, struct arena *a, const char *key,
    const char **value)
{
	return db_str(db, a, "SELECT value FROM meta WHERE key = ?1",
	    DB_ARGS(db_text(key)), value);
}

int
db_meta_add(struct db *db, const char *key, const char *value)
{
	return db_run(db, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
	    "ON CONFLICT (key) DO NOTHING", DB_ARGS(db_text(key),
	    db_text(value)), NULL) == 0 ? 0 : -1;
}

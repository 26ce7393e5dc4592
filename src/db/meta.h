/*
 * meta.h - the installation's own facts by name (the table meta): values
 * that belong to the database as a whole rather than to a module's rows,
 * such as the server key of registration links.  Owned by the db layer;
 * modules read and add them only through these.
 */
#ifndef TV_DB_META_H
#define TV_DB_META_H

#include "base/arena.h"
#include "db/db.h"

/* The value of `key`: 0 with *value (in the arena), DB_MISSING, -1. */
int db_meta_get(struct db *db, struct arena *a, const char *key,
    const char **value);

/*
 * Stores key = value unless the key has a value already (then the stored
 * one stays: two first uses at once agree on whichever was written
 * first).  In the caller's transaction, if any.  0 or -1.
 */
int db_meta_add(struct db *db, const char *key, const char *value);

#endif

/*
 * migrate.h - the migration runner behind db_migrate(), for tests and tools
 * that need to apply a set other than the one built into the binary.
 */
#ifndef TV_DB_MIGRATE_H
#define TV_DB_MIGRATE_H

#include <stddef.h>

#include "base/embed.h"
#include "db/db.h"

/* The migrations/NNNN_name.sql files, embedded at build time. */
EMBED_DECLARE(db_migrations);

/*
 * Applies the files of set (n entries, sorted by name as tools/embed
 * writes them) whose number is above the database's version, each in its
 * own transaction.  Names must match ^[0-9]{4}_[a-z0-9_]+\.sql$ with
 * strictly increasing numbers; a version may instead be a pair
 * NNNN_name.pg.sql and NNNN_name.sqlite.sql, of which the connection's
 * backend runs its own.  Returns the number applied, or -1 (bad set,
 * failed migration, or a database newer than the set).
 */
int db_migrate_set(struct db *db, const struct embedded_file *set, size_t n);

#endif

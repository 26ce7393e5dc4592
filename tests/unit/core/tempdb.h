/*
 * tempdb.h - a migrated SQLite database in a fresh temporary directory,
 * for the unit tests that need a real file.
 */
#ifndef TV_TESTS_TEMPDB_H
#define TV_TESTS_TEMPDB_H

#include "db/db.h"

/* Makes /tmp/tv-<tag>-XXXXXX, opens <dir>/site.db and migrates it; dir
 * (64 bytes) and path (96 bytes) receive the names.  0 or -1 (nothing
 * left behind). */
int tempdb_open(const char *tag, char dir[64], char path[96], struct db **db);

/* Closes the database and removes the directory with its files. */
void tempdb_close(const char *dir, struct db *db);

#endif

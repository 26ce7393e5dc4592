/*
 * tempdb.c - temporary databases for unit tests.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tempdb.h"

/* The directory holds only files (the database, its WAL and shm). */
static void
tempdb_remove(const char *dir)
{
	char path[512];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

int
tempdb_open(const char *tag, char dir[64], char path[96], struct db **db)
{
	snprintf(dir, 64, "/tmp/tv-%s-XXXXXX", tag);
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, 96, "%s/site.db", dir);
	if ((*db = db_open(path)) == NULL || db_migrate(*db) < 0) {
		db_close(*db);
		*db = NULL;
		tempdb_remove(dir);
		return -1;
	}
	return 0;
}

void
tempdb_close(const char *dir, struct db *db)
{
	db_close(db);
	tempdb_remove(dir);
}

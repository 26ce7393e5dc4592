/*
 * owners.h - account names for the programme's store files (owners.c).
 */
#ifndef TV_PROGRAMME_OWNERS_H
#define TV_PROGRAMME_OWNERS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"

/*
 * names[i] becomes the name of account ids[i] (or its address when it has
 * no name) when there is such an account and it is not erased; otherwise
 * names[i] stays as it is (a free-text owner name, or "").  0 or -1.
 */
int programme_account_names(struct db *db, struct arena *a,
    const int64_t *ids, size_t n, const char **names);

#endif

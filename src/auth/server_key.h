/*
 * server_key.h - the server's named secret keys: 32 random bytes kept in
 * the auth_key table (the key of the opt-out links, auth/unsubscribe.h,
 * is one), made on first use inside the caller's write transaction.
 *
 * A key is never logged, never exported and never leaves the process but
 * as what it signs or seals.  The learning module seals its issuer's
 * signing key with the key "badge-seal" (learning/learning.h), so that
 * its own table alone signs nothing.
 */
#ifndef TV_AUTH_SERVER_KEY_H
#define TV_AUTH_SERVER_KEY_H

#include <stdbool.h>

#include "db/db.h"

#define SERVER_KEY_LEN 32

/*
 * The key `name` into key: 0; DB_MISSING when there is none and create is
 * false (a GET writes nothing); -1 on error (logged without the key).
 * With create, a missing key is made in the caller's write transaction
 * (ON CONFLICT DO NOTHING: two first uses agree on the first written).
 */
int server_key(struct db *db, const char *name, bool create,
    unsigned char key[SERVER_KEY_LEN]);

#endif

/*
 * throttle.h - slowing down password guessing.
 *
 * Failed sign-ins and reset requests are counted per key (the account's
 * e-mail address, hashed, and the client's address) in the database, so the
 * count survives a restart and is shared by every server.  A key with too
 * many failures within the window is blocked until the window ends.
 */
#ifndef TV_AUTH_THROTTLE_H
#define TV_AUTH_THROTTLE_H

#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/request.h"

#define THROTTLE_WINDOW 900		/* seconds */
#define THROTTLE_ACCOUNT_MAX 5		/* failures per account per window */
#define THROTTLE_ADDRESS_MAX 20		/* failures per address per window */

/*
 * The key of an e-mail address for one purpose ("signin" or "reset"):
 * purpose + ":" + SHA-256 of the address, so the table holds no address in
 * clear.  Sign-in failures and reset requests count apart: asking for
 * reset links must not lock the owner out of signing in.
 */
const char *throttle_account_key(struct arena *a, const char *purpose,
    const char *email);

/* The key of a client address.  An IPv6 address counts by its /64: one
 * subscriber usually has a whole /64 to pick addresses from. */
const char *throttle_address_key(struct arena *a, const char *address);

/*
 * Seconds until key may try again, 0 when it may now, -1 on error.
 */
int64_t throttle_wait(struct db *db, const char *key, int64_t now);

/*
 * When each of keys[0..n) is blocked until (0: not blocked, no row), into
 * until[0..n): one statement per THROTTLE_MANY keys, for a writer that
 * checks the keys of many attempts at once (the registration committer's
 * batch) and would otherwise pay a round trip per key.  A caller compares
 * with its own `now`, as throttle_wait() does.  0 or -1.
 */
#define THROTTLE_MANY 32
int throttle_until_many(struct db *db, struct arena *a, const char **keys,
    size_t n, int64_t *until);

/* The same for two keys at once (key2 may be NULL): the longer wait, 0
 * when both may try now, -1 on an error with either. */
int64_t throttle_wait_both(struct db *db, const char *key1,
    const char *key2, int64_t now);

/* Answers a public form sent too often (feedback, material requests):
 * 429 with Retry-After: wait. */
void throttle_refuse(struct request *r, int64_t wait);

/* Records a failure for key, with `max` failures allowed per window, in
 * the caller's transaction.  0 or -1. */
int throttle_fail(struct db *db, const char *key, int max, int64_t now);

/* Forgets key's failures (after a successful sign-in).  0 or -1. */
int throttle_clear(struct db *db, const char *key);

/* Takes back one counted attempt (counted before it was known to
 * succeed), unblocking the key when it falls under max.  0 or -1. */
int throttle_forgive(struct db *db, const char *key, int max);

#endif

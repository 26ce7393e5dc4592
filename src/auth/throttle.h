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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "db/rows.h"
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
 * The throttle rows of one writer's batch (the registration committer):
 * each key's row read once, the batch's attempts checked and counted in
 * memory by the rule of throttle_wait() and throttle_fail(), and the rows
 * they changed written back together at the end: one statement on
 * PostgreSQL, one per THROTTLE_WRITE_ROWS on SQLite.  The rows are read
 * THROTTLE_MANY keys a statement.  Why: on PostgreSQL every statement is
 * a round trip or at least its own execution, and a rush counted one
 * upsert per registration.  Only inside one write transaction (no other
 * writer touches the table meanwhile: the write lock), and only when
 * every check and count of its keys in that transaction goes through the
 * batch.
 */
#define THROTTLE_MANY (DB_MAX_PARAMS / 2)
#define THROTTLE_WRITE_ROWS (DB_MAX_PARAMS / 4)

struct throttle_row {
	const char *key;
	int64_t failures, window_start, blocked_until;
	bool exists;		/* stored, or to be */
	bool changed;		/* to be written */
};

struct throttle_batch {
	struct arena a;
	struct throttle_row *rows;	/* those before nread read */
	size_t n, cap, nread;
	size_t *slots;		/* open addressing: a row's index + 1, 0 free */
	size_t nslots;
};

void throttle_batch_init(struct throttle_batch *t);
void throttle_batch_cleanup(struct throttle_batch *t);

/* key's row in the batch (copied in when new, not yet read). */
size_t throttle_batch_key(struct throttle_batch *t, const char *key);

/* The stored rows of the keys not read yet.  0 or -1. */
int throttle_batch_read(struct db *db, struct throttle_batch *t);

/* throttle_wait() of row k, read first. */
int64_t throttle_batch_wait(const struct throttle_batch *t, size_t k,
    int64_t now);

/* throttle_fail() of row k, read first, in memory. */
void throttle_batch_fail(struct throttle_batch *t, size_t k, int max,
    int64_t now);

/* The rows changed since the last write, written.  0 or -1. */
int throttle_batch_write(struct db *db, struct throttle_batch *t);

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

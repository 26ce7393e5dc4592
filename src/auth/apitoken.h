/*
 * apitoken.h - personal access tokens for the JSON API.
 *
 * A token is shown once when created ("tvk_" + 43 base64url characters)
 * and stored as its SHA-256 hash.  It acts for its account with the
 * account's current role, limited to reading unless created with the write
 * scope; it can be revoked, and records when it was last used.
 */
#ifndef TV_AUTH_APITOKEN_H
#define TV_AUTH_APITOKEN_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/user.h"
#include "base/arena.h"
#include "db/db.h"

#define APITOKEN_PREFIX "tvk_"
#define APITOKEN_NAME_MAX 100

struct apitoken {
	int64_t id;
	const char *name;
	bool can_write;
	int64_t created_at;
	int64_t last_used_at;	/* 0 when never used */
	int64_t revoked_at;	/* 0 while valid */
};

/*
 * Creates a token for account in the caller's transaction; *secret is the
 * value to show once (arena).  Returns the new id or -1.
 */
int64_t apitoken_create(struct db *db, struct arena *a, int64_t account_id,
    const char *name, bool can_write, int64_t now, const char **secret);

/* Revokes one of the account's tokens: 0, 1 when not the account's or
 * already revoked, -1 on error. */
int apitoken_revoke(struct db *db, int64_t account_id, int64_t id, int64_t now);

/* The account's tokens, newest first.  0 or -1. */
int apitoken_list(struct db *db, struct arena *a, int64_t account_id,
    struct apitoken **out, size_t *n);

/* One of the account's tokens that is not revoked: 0, DB_MISSING (not
 * the account's, revoked or unknown) or -1. */
int apitoken_own_valid(struct db *db, struct arena *a, int64_t account_id,
    int64_t id, struct apitoken *out);

/*
 * The user a bearer token acts for: 0 (u filled, via_api_token set), 1 when
 * the token is unknown, revoked or its account inactive, -1 on error.
 * Writes nothing: apitoken_touch() records the use once it is allowed.
 */
int apitoken_load(struct db *db, struct arena *a, const char *secret,
    struct user *u);

/* Records that the token was used (at most once a minute).  0 or -1. */
int apitoken_touch(struct db *db, int64_t id, int64_t now);

#endif

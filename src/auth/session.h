/*
 * session.h - signed-in sessions.
 *
 * A session id is 256 random bits, sent to the browser once as the cookie
 * value and stored only as its SHA-256 hash, so the sessions table can be
 * shared by any number of servers and a stolen database copy signs no one
 * in.  A session ends after session_idle seconds without use or
 * session_max seconds after sign-in (settings), whichever comes first.
 */
#ifndef TV_AUTH_SESSION_H
#define TV_AUTH_SESSION_H

#include <stdint.h>

#include "auth/user.h"
#include "base/arena.h"
#include "db/db.h"

#define SESSION_COOKIE "tv_session"
#define TOKEN_B64_LEN 43	/* 32 bytes, base64url without padding */
#define TOKEN_HASH_HEX 64

/* The absolute session lifetime, for the cookie's Max-Age. */
int64_t session_max_age(void);

/* 32 random bytes as base64url into out[TOKEN_B64_LEN + 1]. */
void token_new(char out[TOKEN_B64_LEN + 1]);

/* The hex SHA-256 of a token into out[TOKEN_HASH_HEX + 1]. */
void token_hash(const char *token, char out[TOKEN_HASH_HEX + 1]);

/* True when s has the shape of a token (43 base64url characters). */
int token_well_formed(const char *s);

/*
 * Starts a session for the account inside the caller's transaction; the
 * cookie value and the session's CSRF token are returned in the arena.
 * 0 or -1.
 */
int session_create(struct db *db, struct arena *a, int64_t account_id,
    int64_t now, const char **token, const char **csrf);

/*
 * Loads the user of a session token into u (strings in the arena).
 * 0 signed in, 1 no such session (or expired, or account inactive), -1 on
 * a database error.  An expired session is deleted; seen_at is refreshed at
 * most once a minute, so browsing does not write on every page.
 */
int session_load(struct db *db, struct arena *a, const char *token,
    int64_t now, struct user *u);

/*
 * More municipalities a user works on than the account's own scope: the
 * programme's tutor assignments (programme_assigned_municipalities()),
 * which auth may not read or include.  main() sets it once, before any
 * session is loaded; until then a user's scopes are the account's own.
 * The vector with *n set, or NULL on error.
 */
typedef const char **(*session_scope_fn)(struct db *db, struct arena *a,
    int64_t account_id, size_t *n);
void session_scope_source(session_scope_fn fn);

/* Loads an account's role, scopes (sorted, each once) and names into u
 * (for sessions and API tokens).  0, 1 when the account is missing or
 * inactive, -1 on error. */
int session_load_account(struct db *db, struct arena *a, int64_t account_id,
    struct user *u);

/* Ends one session (sign out).  0 or -1. */
int session_destroy(struct db *db, const char *token);

/* Ends every session of an account (sign out everywhere, deactivation,
 * password change).  0 or -1. */
int session_destroy_all(struct db *db, int64_t account_id);

/* The number of open sessions of an account (the account page).  0 or
 * -1. */
int session_count(struct db *db, int64_t account_id, int64_t *n);

#endif

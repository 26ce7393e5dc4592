/*
 * password.h - password hashing with libsodium's argon2id.
 *
 * The cost is a setting: "moderate" (libsodium's MODERATE limits: 3
 * passes, 256 MiB) by default, "interactive" (2 passes, 64 MiB) for small
 * machines, and "test" (libsodium's minimum: 1 pass, 8 KiB) for test
 * suites only, which sign in thousands of times: a hash of that cost is
 * cheap to guess against, so config.c accepts it only with
 * TUKIVERKKO_TEST_SUITE=1 in the environment.  A stored hash made with other limits is replaced at
 * the next successful sign-in (password_needs_rehash()).  At most
 * PASSWORD_PARALLEL hashes run at once, so a burst of sign-ins cannot
 * exhaust memory.
 */
#ifndef TV_AUTH_PASSWORD_H
#define TV_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_HASH_MAX 128	/* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 1024
#define PASSWORD_PARALLEL 2

enum password_cost { PASSWORD_MODERATE, PASSWORD_INTERACTIVE, PASSWORD_TEST };

/* Chooses the cost of new hashes ("moderate", "interactive" or "test");
 * 0 or -1. */
int password_set_cost(const char *name);

/* Hashes pw into out (NUL-terminated).  0, or -1 when out of memory. */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);

/* True when pw matches the stored hash. */
bool password_verify(const char *stored, const char *pw);

/* True when stored was made with other limits than the current ones. */
bool password_needs_rehash(const char *stored);

/*
 * Spends the time of one verification without a stored hash, so that
 * "no such account" and "wrong password" take equally long.
 */
void password_burn(const char *pw);

/* A new password's problem as a msgid, or NULL when it is acceptable:
 * at least PASSWORD_MIN_CHARS characters, not too long. */
const char *password_check_new(const char *pw);

#endif

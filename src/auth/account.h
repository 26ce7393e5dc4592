/*
 * account.h - staff accounts: lookup, passwords, invitation and reset
 * links.
 *
 * E-mail addresses are stored in lower case and compared that way.
 * Invitation and reset links carry a random token that is stored hashed,
 * expires, and can be used once.
 */
#ifndef TV_AUTH_ACCOUNT_H
#define TV_AUTH_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/user.h"
#include "base/arena.h"
#include "db/db.h"

#define ACCOUNT_EMAIL_MAX 254
#define ACCOUNT_NAME_MAX 200
#define INVITE_TTL (7 * 24 * 3600)
#define RESET_TTL (3600)

struct account {
	int64_t id;
	const char *email;
	const char *name;
	const char *password_hash;	/* NULL when not set yet */
	enum role role;
	int64_t region_id;
	const char *municipality;
	bool active;
	const char *lang;
	int64_t created_at;
	int64_t last_login_at;
	const char **scopes;
	size_t nscopes;
};

/* Lower-cases an address and checks its shape; NULL when it is not one. */
const char *account_normalise_email(struct arena *a, const char *email);

/* By e-mail (normalised): 0 found, 1 not, -1 error. */
int account_by_email(struct db *db, struct arena *a, const char *email,
    struct account *out);

/* By id, with scopes: 0 found, 1 not, -1 error. */
int account_by_id(struct db *db, struct arena *a, int64_t id,
    struct account *out);

/* The role and where it applies: a coordinator's region, a municipal
 * coordinator's municipality, a tutor's municipalities. */
struct account_grant {
	enum role role;
	int64_t region_id;		/* 0 = none */
	const char *municipality;	/* NULL = none */
	const char *const *scopes;	/* municipality codes (tutor) */
	size_t nscopes;
};

/* What is missing from a grant for its role, as a msgid; NULL if none. */
const char *account_grant_problem(const struct account_grant *g);

/*
 * Creates an account without a password (it is set through an invitation
 * link), in the caller's transaction.  The new id, 0 when the address is
 * taken, -1 on error.
 */
int64_t account_create(struct db *db, const char *email, const char *name,
    const struct account_grant *g, const char *lang, int64_t now);

/* Replaces an account's role and scopes (caller's transaction).  0 or -1. */
int account_set_grant(struct db *db, int64_t id, const struct account_grant *g);

/* Sets the password hash and marks the sign-in time.  0 or -1. */
int account_set_password(struct db *db, int64_t id, const char *hash);

/* Records a successful sign-in.  0 or -1. */
int account_touch_login(struct db *db, int64_t id, int64_t now);

/*
 * Creates a single-use link token for the account (purpose "invite" or
 * "reset"), valid ttl seconds; earlier unused tokens of the same purpose
 * are voided.  *secret (arena) goes into the link.  0 or -1.
 */
int account_token_create(struct db *db, struct arena *a, int64_t account_id,
    const char *purpose, int64_t ttl, int64_t now, const char **secret);

/*
 * Looks a link token up without using it: 0 valid (*account_id and
 * *purpose set), 1 unknown, used or expired, -1 error.
 */
int account_token_peek(struct db *db, struct arena *a, const char *secret,
    int64_t now, int64_t *account_id, const char **purpose);

/* Uses a link token (in the caller's transaction): 0, 1 when it is no
 * longer valid (someone used it first), -1 error. */
int account_token_use(struct db *db, const char *secret, int64_t now);

/* --- the administration pages' lists (listing.c) --- */

/* One account in the list (no password hash: only whether one is set). */
struct account_entry {
	int64_t id;
	const char *email;
	const char *name;
	enum role role;
	int64_t region_id;
	const char *municipality;	/* municipal coordinator's code or NULL */
	const char **scopes;		/* tutor's municipality codes */
	size_t nscopes;
	bool active;
	bool has_password;
	int64_t created_at;
	int64_t last_login_at;		/* 0 = never */
	const char *where;		/* municipality names for the page */
};

/* Every account that is not erased in region `region_filter`
 * (policy_region_filter(): 0 every region, -1 none), ordered by e-mail
 * address, with its scopes.  0 or -1. */
int account_list_in(struct db *db, struct arena *a, int64_t region_filter,
    struct account_entry **out, size_t *n);

/* account_list_in() of every region. */
int account_list(struct db *db, struct arena *a, struct account_entry **out,
    size_t *n);

/* Sets an account's active flag (caller's transaction).  0 or -1. */
int account_set_active(struct db *db, int64_t id, bool active);

/* The number of active, not erased administrators other than `except`,
 * or -1. */
int64_t account_other_active_admins(struct db *db, int64_t except);

/* --- accounts as other modules show them (cards.c) --- */

struct account_card {
	int64_t id;			/* 0: no such account */
	const char *name;		/* the name, or the address if none;
					 * "" when erased */
	const char *email;		/* "" when erased */
	const char *lang;
	enum role role;
	bool active;			/* active and not erased */
	bool reachable;			/* active, not erased, takes mail */
};

/* The accounts ids[0..n) as out[0..n) (id 0 and "" where there is none).
 * 0 or -1. */
int account_cards(struct db *db, struct arena *a, const int64_t *ids,
    size_t n, struct account_card *out);

/* The tutors who take mail (the weekly digest), by id.  0 or -1. */
int account_reachable_tutors(struct db *db, struct arena *a,
    struct account_card **out, size_t *n);

/* The active accounts whose own grant makes them work on municipality
 * `code`: its municipal coordinators and the tutors whose scope names it;
 * by id.  0 or -1. */
int account_workers_of(struct db *db, struct arena *a, const char *code,
    struct account_card **out, size_t *n);

/* The reminder and digest wish (account.notify; the staff account page):
 * 1 on, 0 off or no such account, -1 on error; and its setter, 0 or -1. */
int account_notify(struct db *db, int64_t id);
int account_set_notify(struct db *db, int64_t id, bool on);

#endif

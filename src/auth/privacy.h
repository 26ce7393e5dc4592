/*
 * privacy.h - the personal data of accounts (privacy/provider.h): the
 * account itself, its scopes, sessions, links, API tokens, throttle
 * counters and the client addresses of the audit log.
 */
#ifndef TV_AUTH_PRIVACY_H
#define TV_AUTH_PRIVACY_H

#include <stdint.h>

#include "base/arena.h"
#include "privacy/provider.h"

extern const struct privacy_provider auth_privacy_provider;

/*
 * The unerased account `id` as the subject of an export or erasure, its
 * strings in the arena.  An unknown role reads as ROLE_ADMIN, the most
 * protected.  0, 1 when there is no such account, -1 on error.
 */
int auth_privacy_subject(struct db *db, struct arena *a, int64_t id,
    struct privacy_subject *out);

#endif

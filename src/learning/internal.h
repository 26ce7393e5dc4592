/*
 * internal.h - what the learning module's files share and nobody else
 * uses: the stored key rows.
 */
#ifndef TV_LEARNING_INTERNAL_H
#define TV_LEARNING_INTERNAL_H

#include "learning/learning.h"

struct learn_key_row {
	int64_t id;
	const char *public_key;		/* base64url */
	const char *sealed_seed;	/* base64url(nonce || ciphertext) */
	int64_t created_at;
};

/* Every stored key, oldest first.  0 or -1. */
int learn_store_keys(struct db *db, struct arena *a,
    struct learn_key_row **out, size_t *n);

/* Stores a key.  0 or -1. */
int learn_store_key_insert(struct db *db, const char *public_key,
    const char *sealed_seed, int64_t now);

/*
 * The earner's message about an award, in the award's language, queued
 * in the caller's transaction (staff.c; the trainings award with it
 * too).  0 or -1.
 */
int learn_award_mail(struct request *r, struct db *db,
    const struct achievement *ac, const struct award *aw, int64_t now);

#endif

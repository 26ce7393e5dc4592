/*
 * issuer.c - the site's issuer: its Ed25519 key, sealed at rest, and its
 * profile (learning.h).
 *
 * The seed is sealed with XChaCha20-Poly1305 under the server key
 * LEARN_SEAL_KEY of auth_key (auth/server_key.h); the public key, as
 * stored, is the associated data, so a sealed seed cannot be moved to
 * another key's row.  After unsealing, the key derived from the seed
 * must be the stored public key.  Nothing about a key is ever logged.
 */
#include <sodium.h>
#include <string.h>

#include "auth/server_key.h"
#include "base/log.h"
#include "base/settings.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/urls.h"
#include "learning/internal.h"
#include "network/network.h"

#define NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SEALED_LEN (NONCE_LEN + BADGE_SEED_LEN + \
	crypto_aead_xchacha20poly1305_ietf_ABYTES)

/* Seals k's seed under key; the base64url text in the arena. */
static const char *
seal(struct arena *a, const struct badge_key *k, const char *pk_b64,
    const unsigned char key[SERVER_KEY_LEN])
{
	unsigned char out[SEALED_LEN];
	unsigned long long clen;
	const char *s;

	randombytes_buf(out, NONCE_LEN);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + NONCE_LEN, &clen,
	    k->seed, BADGE_SEED_LEN, (const unsigned char *)pk_b64,
	    strlen(pk_b64), NULL, out, key);
	s = badge_b64url(a, out, sizeof(out));
	sodium_memzero(out, sizeof(out));
	return s;
}

/* Unseals a stored key into *k: 0 or -1. */
static int
unseal(struct arena *a, const struct learn_key_row *row,
    const unsigned char key[SERVER_KEY_LEN], struct badge_key *k)
{
	unsigned char seed[BADGE_SEED_LEN];
	unsigned long long mlen;
	const unsigned char *sealed, *pk;
	size_t n, npk;
	int rc = -1;

	sealed = badge_b64url_decode(a, row->sealed_seed,
	    strlen(row->sealed_seed), &n);
	pk = badge_b64url_decode(a, row->public_key, strlen(row->public_key),
	    &npk);
	if (sealed == NULL || n != SEALED_LEN || pk == NULL ||
	    npk != BADGE_PK_LEN)
		return -1;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(seed, &mlen, NULL,
	    sealed + NONCE_LEN, n - NONCE_LEN,
	    (const unsigned char *)row->public_key, strlen(row->public_key),
	    sealed, key) == 0 && mlen == BADGE_SEED_LEN &&
	    badge_key_from_seed(k, seed) == 0 &&
	    sodium_memcmp(k->pk, pk, BADGE_PK_LEN) == 0)
		rc = 0;
	sodium_memzero(seed, sizeof(seed));
	if (rc != 0)
		badge_key_wipe(k);
	return rc;
}

/* A new key pair into *k, stored sealed under `key`.  0 or -1 (*k
 * wiped). */
static int
new_key(struct db *db, struct arena *a, const unsigned char *key,
    struct badge_key *k, int64_t now)
{
	const char *pk_b64;

	if (badge_key_generate(k) != 0)
		return -1;
	pk_b64 = badge_b64url(a, k->pk, BADGE_PK_LEN);
	if (learn_store_key_insert(db, pk_b64, seal(a, k, pk_b64, key),
	    now) != 0) {
		badge_key_wipe(k);
		return -1;
	}
	return 0;
}

int
learn_signing_key(struct db *db, bool create, struct badge_key *k)
{
	unsigned char key[SERVER_KEY_LEN];
	struct learn_key_row *rows;
	struct arena a;
	size_t n;
	int rc = -1;

	arena_init(&a);
	if (learn_store_keys(db, &a, &rows, &n) != 0)
		goto out;
	if (n == 0 && !create) {
		rc = DB_MISSING;
		goto out;
	}
	if ((rc = server_key(db, LEARN_SEAL_KEY, create, key)) != 0) {
		if (rc == DB_MISSING)
			log_error("learning: the issuer key's seal key is missing");
		rc = -1;
		goto out;
	}
	if (n > 0) {
		if ((rc = unseal(&a, &rows[n - 1], key, k)) != 0)
			log_error("learning: the issuer key cannot be unsealed");
	} else
		rc = new_key(db, &a, key, k, time_now());
	sodium_memzero(key, sizeof(key));
out:
	arena_cleanup(&a);
	return rc;
}

int
learn_rotate_key(struct db *db, int64_t now)
{
	unsigned char key[SERVER_KEY_LEN];
	struct badge_key k;
	struct arena a;
	int rc = -1;

	arena_init(&a);
	if (server_key(db, LEARN_SEAL_KEY, true, key) == 0) {
		if ((rc = new_key(db, &a, key, &k, now)) == 0)
			badge_key_wipe(&k);
		sodium_memzero(key, sizeof(key));
	}
	arena_cleanup(&a);
	return rc;
}

int
learn_public_keys(struct db *db, struct arena *a, struct learn_pubkey **out,
    size_t *n)
{
	struct learn_key_row *rows;
	const unsigned char *pk;
	size_t i, len, m = 0;

	if (learn_store_keys(db, a, &rows, n) != 0)
		return -1;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (i = 0; i < *n; i++) {
		pk = badge_b64url_decode(a, rows[i].public_key,
		    strlen(rows[i].public_key), &len);
		if (pk == NULL || len != BADGE_PK_LEN)
			continue;
		(*out)[m].id = rows[i].id;
		memcpy((*out)[m].pk, pk, BADGE_PK_LEN);
		(*out)[m].created_at = rows[i].created_at;
		m++;
	}
	*n = m;
	return 0;
}

int
learn_issuer(struct db *db, struct arena *a, enum lang l,
    struct badge_issuer *is)
{
	const struct config *c = config_get();
	struct region_info ri;
	int rc;

	memset(is, 0, sizeof(*is));
	if ((is->id = badge_did_web(a, c->base_url)) == NULL) {
		log_error("learning: base_url %s makes no did:web", c->base_url);
		return -1;
	}
	if ((rc = network_region(db, a, l, &ri)) < 0)
		return -1;
	is->name = rc == 0 && ri.network != NULL && ri.network[0] != '\0' ?
	    ri.network : rc == 0 ? ri.name : "Tukiverkko";
	is->ob2_id = url_abs_for(a, l, "badges.issuer", NULL);
	is->url = arena_printf(a, "%s/", c->base_url);
	is->email = learn_address_of(a, c->mail_from);
	is->revocation_list = url_abs_for(a, l, "badges.revocations", NULL);
	return 0;
}

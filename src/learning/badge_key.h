/*
 * badge_key.h - the issuer's Ed25519 key, its public JWK, the did:web DID
 * and DID document that publish it, and compact JWS (EdDSA) signing.
 *
 * The key is libsodium's crypto_sign (Ed25519).  The secret is kept as its
 * 32-byte seed (RFC 8032's private key); everything else is derived from
 * it, so whoever stores keys stores 32 bytes.  Functions take the key as
 * bytes: where the seed lives is the caller's business.
 */
#ifndef TV_LEARNING_BADGE_KEY_H
#define TV_LEARNING_BADGE_KEY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define BADGE_SEED_LEN 32	/* crypto_sign_SEEDBYTES */
#define BADGE_PK_LEN 32		/* crypto_sign_PUBLICKEYBYTES */
#define BADGE_SK_LEN 64		/* crypto_sign_SECRETKEYBYTES */
#define BADGE_SIG_LEN 64	/* crypto_sign_BYTES */
#define BADGE_THUMB_LEN 43	/* SHA-256, base64url without padding */

struct badge_key {
	unsigned char seed[BADGE_SEED_LEN];
	unsigned char pk[BADGE_PK_LEN];
	unsigned char sk[BADGE_SK_LEN];	/* libsodium's seed || pk */
};

/* A new random key: 0, or -1 when libsodium cannot start. */
int badge_key_generate(struct badge_key *k);

/* The key of a stored seed: 0 or -1. */
int badge_key_from_seed(struct badge_key *k,
    const unsigned char seed[BADGE_SEED_LEN]);

/* Overwrites the secret parts. */
void badge_key_wipe(struct badge_key *k);

/* The public key as a JWK (RFC 8037 section 2): {"kty": "OKP", "crv":
 * "Ed25519", "x": base64url(pk)}, never "d".  kid, when not NULL, is
 * added as "kid".  NULL when out of memory. */
json_t *badge_jwk(const unsigned char pk[BADGE_PK_LEN], const char *kid);

/* The RFC 7638 JWK thumbprint of the public key, base64url: a stable
 * name for the key, used as the fragment of its DID URL. */
void badge_jwk_thumbprint(const unsigned char pk[BADGE_PK_LEN],
    char out[BADGE_THUMB_LEN + 1]);

/* The did:web DID of a site address (W3C did:web method, "Create"): the
 * host, a port percent-encoded as "%3A", and each path segment after a
 * ":".  "https://tuki.example.fi" -> "did:web:tuki.example.fi",
 * "https://tuki.example.fi:8443/verkko/" ->
 * "did:web:tuki.example.fi%3A8443:verkko".  NULL for an address that is
 * not https:// or http:// with a host, or whose path has empty, "." or
 * ".." segments or characters outside unreserved / pct-encoded /
 * sub-delims / "@" (those would need encoding the method does not
 * define). */
char *badge_did_web(struct arena *a, const char *site_url);

/* Where a did:web DID's document is fetched (did:web "Read"): the
 * reverse of badge_did_web(), https://host/.well-known/did.json without a
 * path, https://host/path/did.json with one.  NULL for a DID that is not
 * did:web. */
char *badge_did_web_url(struct arena *a, const char *did);

/* The verification method id (DID URL) of the key: did + "#" + its JWK
 * thumbprint.  This is the JOSE header's kid of every credential. */
char *badge_key_id(struct arena *a, const char *did,
    const unsigned char pk[BADGE_PK_LEN]);

/* The DID document served at badge_did_web_url(did): the key as a
 * JsonWebKey2020 verification method with publicKeyJwk, listed in
 * assertionMethod.  alsoKnownAs, when not NULL, is the 2.0 Issuer
 * Profile's HTTPS id (ob_v3p0/impl/migrating.md).  NULL when out of
 * memory. */
json_t *badge_did_document(struct arena *a, const char *did,
    const unsigned char pk[BADGE_PK_LEN], const char *also_known_as);

/* A compact JWS (RFC 7515 section 7.1) of payload: header {"alg":
 * "EdDSA", "kid": kid, "typ": "JWT"}, Ed25519 signature, every part
 * base64url without padding.  In the arena; NULL when out of memory. */
char *badge_jws_sign(struct arena *a, json_t *payload, const char *kid,
    const struct badge_key *k);

/* Checks a compact JWS made by badge_jws_sign() against pk: the header
 * must be alg EdDSA.  The decoded payload (a new reference) into
 * *payload and the header's kid (in the arena) into *kid when not NULL:
 * 0, or -1 when the JWS is malformed or the signature does not verify. */
int badge_jws_verify(struct arena *a, const char *jws,
    const unsigned char pk[BADGE_PK_LEN], json_t **payload, char **kid);

#endif

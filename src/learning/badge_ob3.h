/*
 * badge_ob3.h - Open Badges 3.0: the OpenBadgeCredential of an award, its
 * VC-JWT, and the status list that revokes it.
 *
 * Written to the 1EdTech Open Badges 3.0 specification as published with
 * the VC Data Model 2.0 (context-3.0.3.json): contexts
 * https://www.w3.org/ns/credentials/v2 and
 * https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json, validFrom /
 * validUntil.  Proof: the JSON Web Token proof format of ob_v3p0/
 * integrity.md ("JSON Web Token Proof Format"), alg EdDSA.  Note that
 * section says verifiers must support RS256 "as a minimum" and other
 * algorithms "limit interoperability"; issue 17 asks for EdDSA, which the
 * current verifiers (1EdTech's, jose) accept.
 *
 * Revocation: credentialStatus is a BitstringStatusListEntry (W3C
 * Bitstring Status List v1.0, defined in the credentials/v2 context),
 * the status mechanism current OB 3.0 verifiers check; the older
 * 1EdTechRevocationList is skipped by them as legacy.
 */
#ifndef TV_LEARNING_BADGE_OB3_H
#define TV_LEARNING_BADGE_OB3_H

#include <jansson.h>
#include <stdint.h>

#include "base/arena.h"
#include "learning/badge.h"
#include "learning/badge_key.h"

#define BADGE_OB3_VC_CONTEXT "https://www.w3.org/ns/credentials/v2"
#define BADGE_OB3_CONTEXT \
	"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

/* Bits in one status list: the Bitstring Status List minimum (16 KiB),
 * so that a list does not tell how many awards there are. */
#define BADGE_STATUS_LIST_BITS 131072

/* The OpenBadgeCredential of an award (ob_v3p0 data model,
 * AchievementCredential): issuer Profile, AchievementSubject with the
 * earner's id and hashed e-mail identifier, the Achievement, validFrom,
 * evidence when the award has a narrative or evidence URL, and
 * credentialStatus.  A new reference, or NULL when out of memory. */
json_t *badge_ob3_credential(struct arena *a, const struct badge_issuer *is,
    const struct badge_achievement *ac, const struct badge_award *aw);

/* The Achievement alone (credentialSubject.achievement), for its own URL;
 * related links to the 2.0 BadgeClass when ob2_id is set. */
json_t *badge_ob3_achievement(const struct badge_achievement *ac);

/* The issuer Profile as embedded in a credential. */
json_t *badge_ob3_profile(const struct badge_issuer *is);

/* The VC-JWT of a credential (ob_v3p0/integrity.md, "JWT Payload
 * Format"): iss = issuer.id, jti = id, sub = credentialSubject.id, nbf
 * (and exp when not 0) as NumericDate, vc = the credential; signed with
 * k under kid (badge_key_id()).  In the arena; NULL when the credential
 * lacks one of those ids or out of memory. */
char *badge_ob3_jwt(struct arena *a, json_t *vc, int64_t nbf, int64_t exp,
    const struct badge_key *k, const char *kid);

/* The BitstringStatusListCredential at url listing the revoked status
 * indexes (each below BADGE_STATUS_LIST_BITS; others are refused):
 * encodedList is "u" + base64url(gzip(bitstring)), index 0 the most
 * significant bit of the first byte.  Sign it with badge_ob3_jwt() like
 * a credential.  NULL when an index is out of range or out of memory. */
json_t *badge_ob3_status_list(struct arena *a, const struct badge_issuer *is,
    const char *url, int64_t valid_from, const int64_t *revoked,
    size_t nrevoked);

/* Whether bit index is set in a status list's encodedList: 1, 0, or -1
 * when the list cannot be decoded.  For the tests and the verify page. */
int badge_ob3_status_bit(struct arena *a, const char *encoded_list,
    int64_t index);

#endif

/*
 * badge_ob2.h - Open Badges 2.0 hosted verification: the Issuer Profile,
 * the BadgeClass, the Assertion, a revoked Assertion and the
 * RevocationList, as JSON-LD with the v2 context.
 *
 * Written to the IMS Open Badges v2.0 Final Release
 * (../shared/schemas/openbadges-2.0/index.md; section names in the
 * comments are its own).  Every object links to the same thing's 3.0
 * form with `related` (ob_v3p0/impl/migrating.md), the 3.0 type spelt as a
 * full IRI because the v2 context does not define it.  Served as
 * application/ld+json ("Setting Content-Type").
 */
#ifndef TV_LEARNING_BADGE_OB2_H
#define TV_LEARNING_BADGE_OB2_H

#include <jansson.h>
#include <stddef.h>

#include "base/arena.h"
#include "learning/badge.h"

#define BADGE_OB2_CONTEXT "https://w3id.org/openbadges/v2"

/* A revoked award as the RevocationList lists it. */
struct badge_revoked {
	const char *id;		/* the Assertion's id */
	const char *reason;	/* revocationReason, or NULL */
};

/* "Profile": an issuer needs id, type, name, url and email; related
 * points at the did:web Profile.  NULL when out of memory. */
json_t *badge_ob2_issuer(const struct badge_issuer *is);

/* "BadgeClass": id, type, name, description, image, criteria, issuer
 * (is->ob2_id), tags, alignment. */
json_t *badge_ob2_badgeclass(const struct badge_issuer *is,
    const struct badge_achievement *ac);

/* "Assertion" with HostedBadge verification: id (aw->ob2_id, where it is
 * served), recipient (hashed e-mail with the award's salt), badge,
 * verification, issuedOn, and image, expires, narrative, evidence when
 * the award has them.  NULL when the award has no e-mail or salt. */
json_t *badge_ob2_assertion(struct arena *a, const struct badge_achievement *ac,
    const struct badge_award *aw);

/* What a revoked hosted Assertion answers, with 410 Gone
 * ("Revoking Hosted Assertions"): id and revoked true, and the reason. */
json_t *badge_ob2_revoked_assertion(const char *id, const char *reason);

/* "Revocation List" at is->revocation_list: type RevocationList, id,
 * issuer, revokedAssertions. */
json_t *badge_ob2_revocation_list(const struct badge_issuer *is,
    const struct badge_revoked *revoked, size_t n);

#endif

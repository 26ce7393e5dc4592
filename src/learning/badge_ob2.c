/*
 * badge_ob2.c - Open Badges 2.0 JSON-LD for hosted verification.
 */
#include "learning/badge_ob2.h"

#include "base/time.h"

/* related: the same entity's 3.0 form (ob_v3p0/impl/migrating.md). */
static json_t *
related3(const char *id, const char *ob3_class)
{
	return json_pack("[{s:[s], s:s, s:s}]", "type", ob3_class, "id", id,
	    "version", "Open Badges v3p0");
}

json_t *
badge_ob2_issuer(const struct badge_issuer *is)
{
	json_t *o;
	int rc;

	/* "A note on required properties": an issuer has id, type, name,
	 * url and email. */
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
	    "@context", BADGE_OB2_CONTEXT, "type", "Issuer", "id", is->ob2_id,
	    "name", is->name, "url", is->url, "email", is->email);
	if (o == NULL)
		return NULL;
	rc = badge_put_str(o, "description", is->description) |
	    badge_put_str(o, "image", is->image) |
	    badge_put_str(o, "revocationList", is->revocation_list);
	if (is->id != NULL)
		rc |= json_object_set_new(o, "related", related3(is->id,
		    "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Profile"));
	return badge_checked(o, rc);
}

json_t *
badge_ob2_badgeclass(const struct badge_issuer *is,
    const struct badge_achievement *ac)
{
	json_t *o, *crit;
	int rc;

	crit = json_pack("{s:s}", "type", "Criteria");
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s}",
	    "@context", BADGE_OB2_CONTEXT, "type", "BadgeClass",
	    "id", ac->ob2_id, "name", ac->name, "description",
	    ac->description, "image", ac->image, "criteria", crit,
	    "issuer", is->ob2_id);
	if (o == NULL)
		return NULL;
	rc = badge_put_str(crit, "id", ac->criteria_url) |
	    badge_put_str(crit, "narrative", ac->criteria_narrative);
	if (ac->ntags > 0)
		rc |= json_object_set_new(o, "tags", badge_json_tags(ac));
	if (ac->nalignments > 0)
		rc |= json_object_set_new(o, "alignment",
		    badge_json_alignments(ac, false));
	/* "Internationalization and Multilingual Badges": @language. */
	rc |= badge_put_str(o, "@language", ac->lang);
	if (ac->id != NULL)
		rc |= json_object_set_new(o, "related", related3(ac->id,
		    "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement"));
	return badge_checked(o, rc);
}

json_t *
badge_ob2_assertion(struct arena *a, const struct badge_achievement *ac,
    const struct badge_award *aw)
{
	char hash[BADGE_HASH_LEN + 1];
	json_t *o;
	int rc = 0;

	if (aw->email == NULL || aw->salt == NULL)
		return NULL;
	/* "IdentityObject": identity hashed ("IdentityHash": sha256$ and
	 * the hex digest), type email, hashed true, the salt. */
	badge_identity_hash(aw->email, aw->salt, hash);
	o = json_pack("{s:s, s:s, s:s, s:{s:s, s:b, s:s, s:s}, s:s, "
	    "s:{s:s}, s:s}",
	    "@context", BADGE_OB2_CONTEXT, "type", "Assertion",
	    "id", aw->ob2_id,
	    "recipient", "type", "email", "hashed", 1, "salt", aw->salt,
	    "identity", hash,
	    "badge", ac->ob2_id,
	    "verification", "type", "HostedBadge",
	    "issuedOn", time_format_iso(a, aw->valid_from));
	if (o == NULL)
		return NULL;
	rc |= badge_put_str(o, "image", aw->baked_image);
	if (aw->valid_until != 0)
		rc |= badge_put_str(o, "expires", time_format_iso(a, aw->valid_until));
	if (aw->narrative != NULL || aw->evidence_url != NULL)
		rc |= json_object_set_new(o, "evidence",
		    json_pack("[{s:s, s:s*, s:s*}]", "type", "Evidence",
		    "id", aw->evidence_url, "narrative", aw->narrative));
	if (aw->id != NULL)
		rc |= json_object_set_new(o, "related", related3(aw->id,
		    "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"));
	return badge_checked(o, rc);
}

json_t *
badge_ob2_revoked_assertion(const char *id, const char *reason)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:s*}", "@context",
	    BADGE_OB2_CONTEXT, "type", "Assertion", "id", id, "revoked", 1,
	    "revocationReason", reason);
}

json_t *
badge_ob2_revocation_list(const struct badge_issuer *is,
    const struct badge_revoked *revoked, size_t n)
{
	json_t *o, *list;
	size_t i;
	int rc = 0;

	list = json_array();
	o = json_pack("{s:s, s:s, s:s, s:s, s:o}", "@context",
	    BADGE_OB2_CONTEXT, "type", "RevocationList", "id",
	    is->revocation_list, "issuer", is->ob2_id, "revokedAssertions",
	    list);
	if (o == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		rc |= json_array_append_new(list, json_pack("{s:s, s:s*}",
		    "id", revoked[i].id, "revocationReason", revoked[i].reason));
	return badge_checked(o, rc);
}

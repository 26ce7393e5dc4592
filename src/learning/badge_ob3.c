/*
 * badge_ob3.c - OpenBadgeCredential, its VC-JWT and the status list.
 *
 * Section names in the comments are those of the OB 3.0 specification
 * (1EdTech, ob_v3p0) and of W3C Bitstring Status List v1.0.
 */
#include "learning/badge_ob3.h"

#include <sodium.h>
#include <string.h>
#include <zlib.h>

#include "base/time.h"

/* An Image (Data model, Image): {"id": url, "type": "Image", "caption"}. */
static json_t *
image(const char *url, const char *caption)
{
	return json_pack("{s:s, s:s, s:s*}", "id", url, "type", "Image",
	    "caption", caption);
}

json_t *
badge_ob3_profile(const struct badge_issuer *is)
{
	json_t *p = json_pack("{s:s, s:[s], s:s}", "id", is->id, "type",
	    "Profile", "name", is->name);
	int rc;

	if (p == NULL)
		return NULL;
	rc = badge_put_str(p, "url", is->url) | badge_put_str(p, "email", is->email) |
	    badge_put_str(p, "description", is->description);
	if (is->image != NULL)
		rc |= json_object_set_new(p, "image", image(is->image, NULL));
	/* ob_v3p0/impl/migrating.md: the 3.0 Profile names its 2.0 HTTPS
	 * id in otherIdentifier. */
	if (is->ob2_id != NULL)
		rc |= json_object_set_new(p, "otherIdentifier",
		    json_pack("[{s:[s], s:s, s:s}]", "type", "IdentifierEntry",
		    "identifier", is->ob2_id, "identifierType", "identifier"));
	return badge_checked(p, rc);
}

json_t *
badge_ob3_achievement(const struct badge_achievement *ac)
{
	json_t *o, *crit;
	int rc;

	/* Data model, Achievement: id, type ["Achievement"], criteria,
	 * description and name are required; achievementType, image, tag,
	 * alignment, inLanguage and related optional. */
	crit = json_object();
	o = json_pack("{s:s, s:[s], s:s, s:s, s:s, s:o}", "id", ac->id,
	    "type", "Achievement", "achievementType",
	    badge_achievement_type_name(ac->type), "name", ac->name,
	    "description", ac->description, "criteria", crit);
	if (o == NULL)
		return NULL;
	rc = badge_put_str(crit, "id", ac->criteria_url) |
	    badge_put_str(crit, "narrative", ac->criteria_narrative);
	if (ac->image != NULL)
		rc |= json_object_set_new(o, "image",
		    image(ac->image, ac->image_caption));
	if (ac->ntags > 0)
		rc |= json_object_set_new(o, "tag", badge_json_tags(ac));
	if (ac->nalignments > 0)
		rc |= json_object_set_new(o, "alignment",
		    badge_json_alignments(ac, true));
	rc |= badge_put_str(o, "inLanguage", ac->lang);
	/* ob_v3p0/impl/migrating.md: the same achievement's 2.0 BadgeClass
	 * in related, its type as a full IRI (the 3.0 context does not
	 * define BadgeClass). */
	if (ac->ob2_id != NULL)
		rc |= json_object_set_new(o, "related",
		    json_pack("[{s:[s, s], s:s, s:s}]", "type", "Related",
		    "https://w3id.org/openbadges#BadgeClass", "id", ac->ob2_id,
		    "version", "Open Badges v2p0"));
	return badge_checked(o, rc);
}

json_t *
badge_ob3_credential(struct arena *a, const struct badge_issuer *is,
    const struct badge_achievement *ac, const struct badge_award *aw)
{
	json_t *vc, *subject;
	char hash[BADGE_HASH_LEN + 1];
	int rc = 0;

	/* Data model, AchievementCredential: @context, id, type (with
	 * "VerifiableCredential" and "OpenBadgeCredential"), issuer,
	 * validFrom, name and credentialSubject are required. */
	subject = json_pack("{s:s*, s:[s], s:o}", "id", aw->subject_id,
	    "type", "AchievementSubject", "achievement",
	    badge_ob3_achievement(ac));
	vc = json_pack("{s:[s, s], s:s, s:[s, s], s:o, s:s, s:s, s:s, s:o}",
	    "@context", BADGE_OB3_VC_CONTEXT, BADGE_OB3_CONTEXT,
	    "id", aw->id,
	    "type", "VerifiableCredential", "OpenBadgeCredential",
	    "issuer", badge_ob3_profile(is),
	    "validFrom", time_format_iso(a, aw->valid_from),
	    "name", ac->name,
	    "description", ac->description,
	    "credentialSubject", subject);
	if (vc == NULL)
		return NULL;
	if (aw->valid_until != 0)
		rc |= badge_put_str(vc, "validUntil",
		    time_format_iso(a, aw->valid_until));
	if (ac->image != NULL)
		rc |= json_object_set_new(vc, "image",
		    image(ac->image, ac->image_caption));
	/* Data model, IdentityObject: the e-mail address hashed with the award's
	 * salt, the same hash as the 2.0 recipient's. */
	if (aw->email != NULL) {
		badge_identity_hash(aw->email, aw->salt, hash);
		rc |= json_object_set_new(subject, "identifier",
		    json_pack("[{s:s, s:s, s:s, s:b, s:s*}]", "type",
		    "IdentityObject", "identityHash", hash, "identityType",
		    "emailAddress", "hashed", 1, "salt", aw->salt));
	}
	if (aw->narrative != NULL || aw->evidence_url != NULL)
		rc |= json_object_set_new(vc, "evidence",
		    json_pack("[{s:s*, s:[s], s:s*}]", "id", aw->evidence_url,
		    "type", "Evidence", "narrative", aw->narrative));
	/* Bitstring Status List v1.0, "BitstringStatusListEntry": id,
	 * type, statusPurpose, statusListIndex (a string of the integer)
	 * and statusListCredential. */
	if (aw->status_list != NULL)
		rc |= json_object_set_new(vc, "credentialStatus",
		    json_pack("{s:s, s:s, s:s, s:s, s:s}",
		    "id", arena_printf(a, "%s#%lld", aw->status_list,
		    (long long)aw->status_index),
		    "type", "BitstringStatusListEntry",
		    "statusPurpose", "revocation",
		    "statusListIndex", arena_printf(a, "%lld",
		    (long long)aw->status_index),
		    "statusListCredential", aw->status_list));
	return badge_checked(vc, rc);
}

char *
badge_ob3_jwt(struct arena *a, json_t *vc, int64_t nbf, int64_t exp,
    const struct badge_key *k, const char *kid)
{
	json_t *issuer = json_object_get(vc, "issuer");
	const char *iss, *jti, *sub;
	json_t *payload;
	char *jws;

	iss = json_is_object(issuer) ?
	    json_string_value(json_object_get(issuer, "id")) :
	    json_string_value(issuer);
	jti = json_string_value(json_object_get(vc, "id"));
	sub = json_string_value(json_object_get(json_object_get(vc,
	    "credentialSubject"), "id"));
	if (iss == NULL || jti == NULL || sub == NULL)
		return NULL;
	/* "JWT Payload Format": iss, jti, nbf, sub and vc are required,
	 * exp when the credential expires. */
	payload = json_pack("{s:s, s:s, s:s, s:I, s:O}", "iss", iss, "jti",
	    jti, "sub", sub, "nbf", (json_int_t)nbf, "vc", vc);
	if (payload == NULL)
		return NULL;
	if (exp != 0 && json_object_set_new(payload, "exp",
	    json_integer(exp)) != 0) {
		json_decref(payload);
		return NULL;
	}
	jws = badge_jws_sign(a, payload, kid, k);
	json_decref(payload);
	return jws;
}

/* gzip (RFC 1952) of n bytes into the arena: the bytes and *out_n, or
 * NULL. */
static unsigned char *
gzip(struct arena *a, const unsigned char *p, size_t n, size_t *out_n)
{
	z_stream z;
	uLong cap;
	unsigned char *out;

	memset(&z, 0, sizeof(z));
	/* windowBits 15 + 16: a gzip header and trailer, not zlib's. */
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	cap = deflateBound(&z, (uLong)n) + 32;
	out = arena_alloc(a, cap);
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		return NULL;
	}
	*out_n = z.total_out;
	deflateEnd(&z);
	return out;
}

json_t *
badge_ob3_status_list(struct arena *a, const struct badge_issuer *is,
    const char *url, int64_t valid_from, const int64_t *revoked,
    size_t nrevoked)
{
	unsigned char *bits, *z;
	size_t i, zn;

	bits = arena_calloc(a, BADGE_STATUS_LIST_BITS / 8, 1);
	for (i = 0; i < nrevoked; i++) {
		if (revoked[i] < 0 || revoked[i] >= BADGE_STATUS_LIST_BITS)
			return NULL;
		/* "Bitstring Generation Algorithm": index 0 is the
		 * left-most bit of the first byte. */
		bits[revoked[i] / 8] |= (unsigned char)(0x80 >> (revoked[i] % 8));
	}
	if ((z = gzip(a, bits, BADGE_STATUS_LIST_BITS / 8, &zn)) == NULL)
		return NULL;
	/* "BitstringStatusListCredential": type, validFrom, issuer and a
	 * credentialSubject of type BitstringStatusList with statusPurpose
	 * and encodedList, a Multibase base64url ("u") of the gzip. */
	return json_pack("{s:[s], s:s, s:[s, s], s:s, s:s, "
	    "s:{s:s, s:s, s:s, s:s}}",
	    "@context", BADGE_OB3_VC_CONTEXT,
	    "id", url,
	    "type", "VerifiableCredential", "BitstringStatusListCredential",
	    "issuer", is->id,
	    "validFrom", time_format_iso(a, valid_from),
	    "credentialSubject",
	    "id", arena_printf(a, "%s#list", url),
	    "type", "BitstringStatusList",
	    "statusPurpose", "revocation",
	    "encodedList", arena_printf(a, "u%s", badge_b64url(a, z, zn)));
}

int
badge_ob3_status_bit(struct arena *a, const char *encoded_list,
    int64_t index)
{
	unsigned char *z, *bits;
	size_t zn;
	z_stream s;
	int rc;

	if (encoded_list[0] != 'u' || index < 0 ||
	    index >= BADGE_STATUS_LIST_BITS)
		return -1;
	z = badge_b64url_decode(a, encoded_list + 1,
	    strlen(encoded_list + 1), &zn);
	if (z == NULL)
		return -1;
	bits = arena_alloc(a, BADGE_STATUS_LIST_BITS / 8);
	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, 15 + 16) != Z_OK)
		return -1;
	s.next_in = z;
	s.avail_in = (uInt)zn;
	s.next_out = bits;
	s.avail_out = BADGE_STATUS_LIST_BITS / 8;
	rc = inflate(&s, Z_FINISH);
	inflateEnd(&s);
	if (rc != Z_STREAM_END || s.total_out != BADGE_STATUS_LIST_BITS / 8)
		return -1;
	return (bits[index / 8] & (0x80 >> (index % 8))) != 0;
}

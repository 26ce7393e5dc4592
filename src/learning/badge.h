/*
 * badge.h - what an Open Badge is made of, in both formats the learning
 * module serves (issue 17): the issuer, the achievement (a BadgeClass in
 * Open Badges 2.0) and one award of it to an earner.
 *
 * The same award is written as an Open Badges 3.0 OpenBadgeCredential
 * signed as a VC-JWT (badge_ob3.h) and as Open Badges 2.0 hosted JSON-LD
 * (badge_ob2.h), at separate URLs linked with `related`, as 1EdTech's
 * migration guide recommends (ob_v3p0/impl/migrating.md, "How to support
 * both OB 2.0 and OB 3.0 as an Issuer").  These structs only carry text
 * the caller owns; nothing here touches the database.
 */
#ifndef TV_LEARNING_BADGE_H
#define TV_LEARNING_BADGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/arena.h"

/* The issuer: one per site.  id is the did:web DID (badge_did_web()) and
 * is the Open Badges 3.0 Profile id; ob2_id is the HTTPS URL of the 2.0
 * Issuer Profile, which 2.0 requires to be an HTTP(S) IRI. */
struct badge_issuer {
	const char *id;			/* did:web:tuki.example.fi */
	const char *ob2_id;		/* https://.../badges/issuer.json */
	const char *name;		/* required by 2.0 for an issuer */
	const char *url;		/* the site, required by 2.0 */
	const char *email;		/* contact, required by 2.0 */
	const char *description;	/* or NULL */
	const char *image;		/* URL of a PNG/SVG, or NULL */
	const char *revocation_list;	/* 2.0 RevocationList URL, or NULL */
};

/* Achievement type: the OB 3.0 data model's AchievementType enumeration
 * has more; these are the ones the trainings need. */
enum badge_achievement_type {
	BADGE_TYPE_BADGE,		/* "Badge" */
	BADGE_TYPE_COMPETENCY,		/* "Competency" */
	BADGE_TYPE_COURSE,		/* "Course" */
	BADGE_TYPE_ASSESSMENT_RESULT,	/* "AssessmentResult" */
	BADGE_TYPE_CERTIFICATE,		/* "Certificate" */
};

/* The text of enum badge_achievement_type in the OB 3.0 vocabulary. */
const char *badge_achievement_type_name(enum badge_achievement_type t);

struct badge_alignment {
	const char *target_name;	/* required by both versions */
	const char *target_url;		/* required by both versions */
	const char *target_description;	/* or NULL */
	const char *target_framework;	/* or NULL */
	const char *target_code;	/* or NULL */
};

/* An achievement (3.0) and its BadgeClass (2.0).  Texts are in one
 * language, lang ("fi", "sv", "en"); other languages are other
 * achievements linked with `related` (a later session). */
struct badge_achievement {
	const char *id;			/* 3.0 Achievement URL */
	const char *ob2_id;		/* 2.0 BadgeClass URL */
	const char *name;
	const char *description;
	const char *criteria_narrative;	/* Markdown */
	const char *criteria_url;	/* human-readable criteria page, or NULL */
	const char *image;		/* stable URL of the unbaked PNG/SVG */
	const char *image_caption;	/* alt text, or NULL */
	const char *lang;		/* inLanguage, or NULL */
	enum badge_achievement_type type;
	const char *const *tags;
	size_t ntags;
	const struct badge_alignment *alignments;
	size_t nalignments;
};

/* One award to one earner. */
struct badge_award {
	const char *id;			/* 3.0 credential URL (jti) */
	const char *ob2_id;		/* 2.0 hosted Assertion URL */
	/* credentialSubject.id, the JWT's `sub` (required there: ob_v3p0
	 * integrity.md, "JWT Payload Format"): the earner's own DID when
	 * they gave one, else a stable urn:uuid of the award. */
	const char *subject_id;
	const char *email;		/* plaintext address, only ever hashed */
	const char *salt;		/* per-award salt, badge_salt_new() */
	int64_t valid_from;		/* awarded at, UTC seconds */
	int64_t valid_until;		/* 0: does not expire */
	const char *narrative;		/* how it was earned, or NULL */
	const char *evidence_url;	/* or NULL */
	const char *baked_image;	/* 2.0 Assertion image URL, or NULL */
	const char *status_list;	/* 3.0 BitstringStatusListCredential URL */
	int64_t status_index;		/* the award's bit in that list */
};

#define BADGE_SALT_LEN 32	/* 16 random bytes as lowercase hex */
#define BADGE_HASH_LEN (7 + 64)	/* "sha256$" + 64 hex digits */

/* A fresh per-award salt: 16 random bytes as hex into out. */
void badge_salt_new(char out[BADGE_SALT_LEN + 1]);

/* The hashed recipient identity of both versions (OB 2.0 "IdentityHash",
 * OB 3.0 IdentityObject.identityHash): "sha256$" + lowercase
 * hex(SHA-256(identity || salt)).  The caller passes the address as the
 * earner's account stores it (already lower-cased). */
void badge_identity_hash(const char *identity, const char *salt,
    char out[BADGE_HASH_LEN + 1]);

/*
 * The achievement's tags as a JSON array of strings, and its alignments as
 * an array of alignment objects (targetName, targetUrl and the optional
 * targetDescription, targetFramework, targetCode): OB 2.0's
 * AlignmentObject, or with typed, OB 3.0's Alignment (type
 * ["Alignment"]).  NULL when out of memory.
 */
json_t *badge_json_tags(const struct badge_achievement *ac);
json_t *badge_json_alignments(const struct badge_achievement *ac, bool typed);

/* o[key] = s when s is not NULL: 0, or -1 when out of memory. */
int badge_put_str(json_t *o, const char *key, const char *s);
/* o when rc (the OR of its setters' results) is 0; else frees o: NULL. */
json_t *badge_checked(json_t *o, int rc);

/* Base64url without padding (RFC 7515 section 2) of n bytes, in the arena. */
char *badge_b64url(struct arena *a, const void *p, size_t n);

/* Decodes base64url without padding into the arena: the bytes and *n, or
 * NULL when s is not base64url. */
unsigned char *badge_b64url_decode(struct arena *a, const char *s, size_t len,
    size_t *n);

#endif

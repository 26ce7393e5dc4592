/*
 * test_badge_ob3.c - the Open Badges 3.0 credential, its VC-JWT and the
 * status list, checked against the specification's text.
 *
 * Sections named are those of 1EdTech Open Badges 3.0 (ob_v3p0): the data
 * model's AchievementCredential, AchievementSubject, Achievement, Profile,
 * IdentityObject, Image, Alignment and Criteria; integrity.md "JWT Payload
 * Format"; and W3C Bitstring Status List v1.0.  When TV_OB3_CONTEXT names
 * the OB 3.0 JSON-LD context (context-3.0.3.json), every property written
 * is also checked to be a term it (or the VC 2.0 context) defines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "learning/badge_key.h"
#include "learning/badge_ob3.h"

static const char *
str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	return json_string_value(v);
}

/* A type property: "type" as an IRI or array of IRIs containing want
 * ([1..*] in the data model). */
static void
has_type(json_t *o, const char *want)
{
	json_t *t = json_object_get(o, "type"), *v;
	size_t i;

	if (json_is_string(t) && strcmp(json_string_value(t), want) == 0)
		return;
	assert_true(json_is_array(t));
	json_array_foreach(t, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), want) == 0)
			return;
	fail_msg("type lacks %s", want);
}

static void
is_datetimez(const char *s, const char *want)
{
	/* DateTimeZ: ISO 8601 with a time zone, here always UTC "Z" */
	assert_int_equal(strlen(s), 20);
	assert_int_equal(s[19], 'Z');
	assert_string_equal(s, want);
}

static json_t *
credential(struct arena *a, const struct badge_award *aw)
{
	json_t *vc = badge_ob3_credential(a, &fix_issuer, &fix_achievement,
	    aw);

	assert_non_null(vc);
	return vc;
}

/* Data model, AchievementCredential: the required properties and their
 * types. */
static void
test_credential_required(void **state)
{
	struct arena a;
	json_t *vc, *ctx, *issuer, *subject;

	(void)state;
	arena_init(&a);
	vc = credential(&a, &fix_award);
	ctx = json_object_get(vc, "@context");
	assert_true(json_is_array(ctx));
	/* the VC 2.0 context first, then the OB 3.0 one */
	assert_string_equal(json_string_value(json_array_get(ctx, 0)),
	    "https://www.w3.org/ns/credentials/v2");
	assert_string_equal(json_string_value(json_array_get(ctx, 1)),
	    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
	assert_string_equal(str(vc, "id"), fix_award.id);
	has_type(vc, "VerifiableCredential");
	has_type(vc, "OpenBadgeCredential");
	assert_string_equal(str(vc, "name"), fix_achievement.name);
	is_datetimez(str(vc, "validFrom"), "2025-12-05T00:00:00Z");
	assert_null(json_object_get(vc, "validUntil"));
	assert_null(json_object_get(vc, "issuanceDate"));	/* VCDM 1.1 */

	/* Profile: id, type Profile; name, url, email */
	issuer = json_object_get(vc, "issuer");
	assert_true(json_is_object(issuer));
	assert_string_equal(str(issuer, "id"), FIX_DID);
	has_type(issuer, "Profile");
	assert_string_equal(str(issuer, "name"), fix_issuer.name);
	assert_string_equal(str(issuer, "url"), fix_issuer.url);
	assert_string_equal(str(issuer, "email"), fix_issuer.email);
	/* the 2.0 Profile's id (impl/migrating.md) */
	assert_string_equal(str(json_array_get(json_object_get(issuer,
	    "otherIdentifier"), 0), "identifier"), fix_issuer.ob2_id);

	/* AchievementSubject: id or identifier, type, achievement */
	subject = json_object_get(vc, "credentialSubject");
	assert_true(json_is_object(subject));
	assert_string_equal(str(subject, "id"), fix_award.subject_id);
	has_type(subject, "AchievementSubject");
	assert_true(json_is_object(json_object_get(subject, "achievement")));
	json_decref(vc);
	arena_cleanup(&a);
}

/* Data model, Achievement (and Criteria, Image, Alignment). */
static void
test_achievement(void **state)
{
	struct arena a;
	json_t *vc, *ac, *img, *tags, *al, *rel;

	(void)state;
	arena_init(&a);
	vc = credential(&a, &fix_award);
	ac = json_object_get(json_object_get(vc, "credentialSubject"),
	    "achievement");
	assert_string_equal(str(ac, "id"), fix_achievement.id);
	has_type(ac, "Achievement");
	assert_string_equal(str(ac, "name"), "Digituen perusteet");
	/* the escaper round-trips quotes and & */
	assert_string_equal(str(ac, "description"),
	    fix_achievement.description);
	assert_string_equal(str(ac, "achievementType"), "Competency");
	assert_string_equal(str(json_object_get(ac, "criteria"), "narrative"),
	    fix_achievement.criteria_narrative);
	assert_string_equal(str(json_object_get(ac, "criteria"), "id"),
	    fix_achievement.criteria_url);
	img = json_object_get(ac, "image");
	assert_string_equal(str(img, "id"), fix_achievement.image);
	assert_string_equal(str(img, "type"), "Image");
	assert_string_equal(str(img, "caption"), fix_achievement.image_caption);
	tags = json_object_get(ac, "tag");
	assert_int_equal(json_array_size(tags), 2);
	assert_string_equal(json_string_value(json_array_get(tags, 1)),
	    "perustaidot");
	al = json_array_get(json_object_get(ac, "alignment"), 0);
	has_type(al, "Alignment");
	assert_string_equal(str(al, "targetName"),
	    fix_achievement.alignments[0].target_name);
	assert_string_equal(str(al, "targetUrl"),
	    fix_achievement.alignments[0].target_url);
	assert_string_equal(str(ac, "inLanguage"), "fi");
	/* impl/migrating.md: related to the 2.0 BadgeClass */
	rel = json_array_get(json_object_get(ac, "related"), 0);
	has_type(rel, "Related");
	has_type(rel, "https://w3id.org/openbadges#BadgeClass");
	assert_string_equal(str(rel, "id"), fix_achievement.ob2_id);
	json_decref(vc);
	arena_cleanup(&a);
}

/* Data model, IdentityObject: the hashed e-mail, recomputed here. */
static void
test_identity(void **state)
{
	struct arena a;
	json_t *vc, *id;
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof(h) + 1], *both, *dump;

	(void)state;
	arena_init(&a);
	vc = credential(&a, &fix_award);
	id = json_array_get(json_object_get(json_object_get(vc,
	    "credentialSubject"), "identifier"), 0);
	has_type(id, "IdentityObject");
	assert_true(json_is_true(json_object_get(id, "hashed")));
	assert_string_equal(str(id, "identityType"), "emailAddress");
	assert_string_equal(str(id, "salt"), FIX_SALT);
	both = arena_printf(&a, "%s%s", FIX_EMAIL, FIX_SALT);
	crypto_hash_sha256(h, (const unsigned char *)both, strlen(both));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	assert_string_equal(str(id, "identityHash"),
	    arena_printf(&a, "sha256$%s", hex));
	/* the address itself appears nowhere */
	dump = json_dumps(vc, 0);
	assert_null(strstr(dump, FIX_EMAIL));
	free(dump);
	json_decref(vc);
	arena_cleanup(&a);
}

/* credentialStatus: a BitstringStatusListEntry (Bitstring Status List
 * v1.0, "BitstringStatusListEntry"); evidence carries the narrative. */
static void
test_status_and_evidence(void **state)
{
	struct arena a;
	json_t *vc, *st, *ev;

	(void)state;
	arena_init(&a);
	vc = credential(&a, &fix_award);
	st = json_object_get(vc, "credentialStatus");
	assert_string_equal(str(st, "type"), "BitstringStatusListEntry");
	assert_string_equal(str(st, "statusPurpose"), "revocation");
	assert_string_equal(str(st, "statusListIndex"), "7");
	assert_string_equal(str(st, "statusListCredential"),
	    fix_award.status_list);
	assert_string_equal(str(st, "id"),
	    FIX_SITE "/badges/status/1#7");
	ev = json_array_get(json_object_get(vc, "evidence"), 0);
	has_type(ev, "Evidence");
	assert_string_equal(str(ev, "narrative"), fix_award.narrative);
	json_decref(vc);
	arena_cleanup(&a);
}

/* integrity.md, "JWT Payload Format" and "Verify a Credential VC-JWT
 * Signature": iss, sub, nbf, jti match the credential; exp only with
 * validUntil. */
static void
test_jwt_claims(void **state)
{
	struct arena a;
	struct badge_key k;
	struct badge_award aw = fix_award;
	json_t *vc, *payload, *inner;
	char *jwt, *kid;
	const char *want_kid;

	(void)state;
	arena_init(&a);
	assert_int_equal(badge_key_generate(&k), 0);
	want_kid = badge_key_id(&a, FIX_DID, k.pk);
	vc = credential(&a, &aw);
	jwt = badge_ob3_jwt(&a, vc, aw.valid_from, 0, &k, want_kid);
	assert_non_null(jwt);
	assert_int_equal(badge_jws_verify(&a, jwt, k.pk, &payload, &kid), 0);
	assert_string_equal(kid, want_kid);
	inner = json_object_get(payload, "vc");
	assert_true(json_equal(inner, vc));
	assert_string_equal(str(payload, "iss"), FIX_DID);
	assert_string_equal(str(payload, "jti"), fix_award.id);
	assert_string_equal(str(payload, "sub"), fix_award.subject_id);
	assert_true(json_is_integer(json_object_get(payload, "nbf")));
	assert_int_equal(json_integer_value(json_object_get(payload, "nbf")),
	    FIX_AWARDED);
	assert_null(json_object_get(payload, "exp"));
	json_decref(payload);
	json_decref(vc);

	aw.valid_until = FIX_AWARDED + 3 * 365 * 86400;
	vc = credential(&a, &aw);
	is_datetimez(str(vc, "validUntil"), "2028-12-04T00:00:00Z");
	jwt = badge_ob3_jwt(&a, vc, aw.valid_from, aw.valid_until, &k,
	    want_kid);
	assert_int_equal(badge_jws_verify(&a, jwt, k.pk, &payload, NULL), 0);
	assert_int_equal(json_integer_value(json_object_get(payload, "exp")),
	    aw.valid_until);
	json_decref(payload);
	json_decref(vc);

	/* no credentialSubject.id: no `sub`, so no JWT */
	aw.subject_id = NULL;
	vc = credential(&a, &aw);
	assert_null(badge_ob3_jwt(&a, vc, aw.valid_from, 0, &k, want_kid));
	json_decref(vc);
	badge_key_wipe(&k);
	arena_cleanup(&a);
}

/* Bitstring Status List v1.0: the list credential and its bits. */
static void
test_status_list(void **state)
{
	struct arena a;
	const int64_t revoked[] = { 7, 0, BADGE_STATUS_LIST_BITS - 1 };
	const int64_t beyond[] = { BADGE_STATUS_LIST_BITS };
	json_t *list, *cs;
	const char *enc;

	(void)state;
	arena_init(&a);
	list = badge_ob3_status_list(&a, &fix_issuer, fix_award.status_list,
	    FIX_AWARDED, revoked, 3);
	assert_non_null(list);
	has_type(list, "VerifiableCredential");
	has_type(list, "BitstringStatusListCredential");
	assert_string_equal(str(list, "id"), fix_award.status_list);
	assert_string_equal(str(list, "issuer"), FIX_DID);
	is_datetimez(str(list, "validFrom"), "2025-12-05T00:00:00Z");
	cs = json_object_get(list, "credentialSubject");
	has_type(cs, "BitstringStatusList");
	assert_string_equal(str(cs, "statusPurpose"), "revocation");
	enc = str(cs, "encodedList");
	assert_int_equal(enc[0], 'u');		/* Multibase base64url */
	assert_int_equal(badge_ob3_status_bit(&a, enc, 7), 1);
	assert_int_equal(badge_ob3_status_bit(&a, enc, 0), 1);
	assert_int_equal(badge_ob3_status_bit(&a, enc,
	    BADGE_STATUS_LIST_BITS - 1), 1);
	assert_int_equal(badge_ob3_status_bit(&a, enc, 6), 0);
	assert_int_equal(badge_ob3_status_bit(&a, enc, 8), 0);
	assert_int_equal(badge_ob3_status_bit(&a, enc, -1), -1);
	assert_int_equal(badge_ob3_status_bit(&a, "uAAAA", 1), -1);
	json_decref(list);
	assert_null(badge_ob3_status_list(&a, &fix_issuer,
	    fix_award.status_list, FIX_AWARDED, beyond, 1));
	arena_cleanup(&a);
}

/* Every property of an object with a known type is a term of that
 * type's scoped context in context-3.0.3.json or a top-level term there
 * or in the VC 2.0 context. */
static const char *const vc2_terms[] = { "@context", "id", "type", "issuer",
	"validFrom", "validUntil", "credentialSubject", "credentialStatus",
	"evidence", "name", "description", "statusPurpose", "statusListIndex",
	"statusListCredential", NULL };

static void
check_terms(json_t *ctx, json_t *o, const char *scope)
{
	json_t *scoped = NULL, *v, *t;
	const char *key;
	size_t i;
	int k;

	if (json_is_array(o)) {
		json_array_foreach(o, i, v)
			check_terms(ctx, v, scope);
		return;
	}
	if (!json_is_object(o))
		return;
	t = json_object_get(o, "type");
	if (json_is_array(t))
		t = json_array_get(t, json_array_size(t) > 1 &&
		    strcmp(json_string_value(json_array_get(t, 0)),
		    "VerifiableCredential") == 0 ? 1 : 0);
	if (json_is_string(t))
		scoped = json_object_get(json_object_get(ctx,
		    json_string_value(t)), "@context");
	json_object_foreach(o, key, v) {
		for (k = 0; vc2_terms[k] != NULL; k++)
			if (strcmp(vc2_terms[k], key) == 0)
				break;
		if (vc2_terms[k] == NULL && json_object_get(ctx, key) == NULL &&
		    (scoped == NULL || json_object_get(scoped, key) == NULL))
			fail_msg("%s: \"%s\" is not a term of the context",
			    json_is_string(t) ? json_string_value(t) : scope,
			    key);
		check_terms(ctx, v, key);
	}
}

static void
test_context_terms(void **state)
{
	const char *path = getenv("TV_OB3_CONTEXT");
	struct arena a;
	json_t *doc, *vc;

	(void)state;
	if (path == NULL || (doc = json_load_file(path, 0, NULL)) == NULL)
		skip();
	arena_init(&a);
	vc = credential(&a, &fix_award);
	check_terms(json_object_get(doc, "@context"), vc, "credential");
	json_decref(vc);
	json_decref(doc);
	arena_cleanup(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credential_required),
		cmocka_unit_test(test_achievement),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_status_and_evidence),
		cmocka_unit_test(test_jwt_claims),
		cmocka_unit_test(test_status_list),
		cmocka_unit_test(test_context_terms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_badge_ob2.c - Open Badges 2.0 hosted-verification documents,
 * checked against the v2.0 Final Release's required properties and types
 * (../shared/schemas/openbadges-2.0/index.md; sections named as there).
 * When TV_OB2_CONTEXT names the v2 JSON-LD context (v2-context.json),
 * every property written is also checked to be one of its terms.
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
#include "learning/badge_ob2.h"

static const char *
str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	return json_string_value(v);
}

/* IRI: the only supported schemes are http and https ("Primitive
 * datatypes"). */
static void
is_iri(const char *s)
{
	assert_true(strncmp(s, "https://", 8) == 0 ||
	    strncmp(s, "http://", 7) == 0);
}

static void
common(json_t *o, const char *type, const char *id)
{
	assert_non_null(o);
	assert_string_equal(str(o, "@context"), "https://w3id.org/openbadges/v2");
	assert_string_equal(str(o, "type"), type);
	if (id != NULL) {
		assert_string_equal(str(o, "id"), id);
		is_iri(id);
	}
}

/* "related": the 3.0 form, its type a full IRI (impl/migrating.md). */
static void
related_to(json_t *o, const char *id, const char *ob3_class)
{
	json_t *r = json_array_get(json_object_get(o, "related"), 0);

	assert_string_equal(str(r, "id"), id);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(r, "type"), 0)), ob3_class);
	assert_string_equal(str(r, "version"), "Open Badges v3p0");
}

/* "Profile", "A note on required properties": an issuer has id, type,
 * name, url, email. */
static void
test_issuer(void **state)
{
	json_t *o = badge_ob2_issuer(&fix_issuer);

	(void)state;
	common(o, "Issuer", fix_issuer.ob2_id);
	assert_string_equal(str(o, "name"), fix_issuer.name);
	is_iri(str(o, "url"));
	assert_string_equal(str(o, "email"), fix_issuer.email);
	assert_string_equal(str(o, "revocationList"),
	    fix_issuer.revocation_list);
	assert_string_equal(str(o, "image"), fix_issuer.image);
	related_to(o, FIX_DID,
	    "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Profile");
	json_decref(o);
}

/* "BadgeClass": id, type, name, description, image, criteria, issuer;
 * tags Text (multiple), alignment AlignmentObject (targetName,
 * targetUrl). */
static void
test_badgeclass(void **state)
{
	json_t *o = badge_ob2_badgeclass(&fix_issuer, &fix_achievement);
	json_t *crit, *tags, *al;

	(void)state;
	common(o, "BadgeClass", fix_achievement.ob2_id);
	assert_string_equal(str(o, "name"), fix_achievement.name);
	assert_string_equal(str(o, "description"),
	    fix_achievement.description);
	assert_string_equal(str(o, "image"), fix_achievement.image);
	crit = json_object_get(o, "criteria");
	assert_true(json_is_object(crit));
	assert_string_equal(str(crit, "narrative"),
	    fix_achievement.criteria_narrative);
	assert_string_equal(str(crit, "id"), fix_achievement.criteria_url);
	assert_string_equal(str(o, "issuer"), fix_issuer.ob2_id);
	tags = json_object_get(o, "tags");
	assert_int_equal(json_array_size(tags), 2);
	assert_true(json_is_string(json_array_get(tags, 0)));
	al = json_array_get(json_object_get(o, "alignment"), 0);
	assert_string_equal(str(al, "targetName"),
	    fix_achievement.alignments[0].target_name);
	is_iri(str(al, "targetUrl"));
	assert_string_equal(str(o, "@language"), "fi");
	related_to(o, fix_achievement.id,
	    "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement");
	json_decref(o);
}

/* "Assertion": id, type, recipient, badge, verification, issuedOn;
 * "IdentityObject" hashed with the salt; HostedBadge verification with
 * the Assertion's id on the issuer's origin ("HostedBadge Verification"). */
static void
test_assertion(void **state)
{
	struct arena a;
	json_t *o, *r, *ev;
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof(h) + 1], *both, *dump;
	size_t origin = strlen(FIX_SITE);

	(void)state;
	arena_init(&a);
	o = badge_ob2_assertion(&a, &fix_achievement, &fix_award);
	common(o, "Assertion", fix_award.ob2_id);
	r = json_object_get(o, "recipient");
	assert_string_equal(str(r, "type"), "email");
	assert_true(json_is_true(json_object_get(r, "hashed")));
	assert_string_equal(str(r, "salt"), FIX_SALT);
	both = arena_printf(&a, "%s%s", FIX_EMAIL, FIX_SALT);
	crypto_hash_sha256(h, (const unsigned char *)both, strlen(both));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	assert_string_equal(str(r, "identity"),
	    arena_printf(&a, "sha256$%s", hex));
	assert_string_equal(str(o, "badge"), fix_achievement.ob2_id);
	assert_string_equal(str(json_object_get(o, "verification"), "type"),
	    "HostedBadge");
	/* DateTime: ISO 8601 with a time zone indicator */
	assert_string_equal(str(o, "issuedOn"), "2025-12-05T00:00:00Z");
	assert_null(json_object_get(o, "expires"));
	assert_string_equal(str(o, "image"), fix_award.baked_image);
	ev = json_array_get(json_object_get(o, "evidence"), 0);
	assert_string_equal(str(ev, "narrative"), fix_award.narrative);
	related_to(o, fix_award.id, "https://purl.imsglobal.org/spec/vc/ob/"
	    "vocab.html#OpenBadgeCredential");
	/* same origin as the issuer Profile: hosted verification's default
	 * scope */
	assert_memory_equal(fix_award.ob2_id, fix_issuer.ob2_id, origin);
	assert_int_equal(fix_award.ob2_id[origin], '/');
	dump = json_dumps(o, 0);
	assert_null(strstr(dump, FIX_EMAIL));
	free(dump);
	json_decref(o);
	arena_cleanup(&a);
}

/* "IdentityHash": the specification's own example, sha256 of "mayze"
 * unsalted; salts are fresh per award. */
static void
test_identity_hash(void **state)
{
	char hash[BADGE_HASH_LEN + 1], s1[BADGE_SALT_LEN + 1],
	    s2[BADGE_SALT_LEN + 1];

	(void)state;
	badge_identity_hash("mayze", NULL, hash);
	assert_string_equal(hash, "sha256$7a1a1b3f7d40552e4299180e346e3add"
	    "12bf9a751a43d9c4ca4518febc2c60c6");
	badge_salt_new(s1);
	badge_salt_new(s2);
	assert_int_equal(strlen(s1), BADGE_SALT_LEN);
	assert_int_equal(strspn(s1, "0123456789abcdef"), BADGE_SALT_LEN);
	assert_string_not_equal(s1, s2);
}

/* "Revoking Hosted Assertions" and "Revocation List". */
static void
test_revocation(void **state)
{
	const struct badge_revoked revoked[] = {
		{ fix_award.ob2_id, "Myönnetty virheellisesti" },
		{ FIX_SITE "/badges/assertions/8", NULL },
	};
	json_t *o, *list, *e;

	(void)state;
	o = badge_ob2_revoked_assertion(fix_award.ob2_id,
	    "Myönnetty virheellisesti");
	common(o, "Assertion", fix_award.ob2_id);
	assert_true(json_is_true(json_object_get(o, "revoked")));
	assert_string_equal(str(o, "revocationReason"),
	    "Myönnetty virheellisesti");
	json_decref(o);

	o = badge_ob2_revocation_list(&fix_issuer, revoked, 2);
	common(o, "RevocationList", fix_issuer.revocation_list);
	assert_string_equal(str(o, "issuer"), fix_issuer.ob2_id);
	list = json_object_get(o, "revokedAssertions");
	assert_true(json_is_array(list));
	assert_int_equal(json_array_size(list), 2);
	e = json_array_get(list, 0);
	assert_string_equal(str(e, "id"), fix_award.ob2_id);
	assert_string_equal(str(e, "revocationReason"),
	    "Myönnetty virheellisesti");
	e = json_array_get(list, 1);
	assert_int_equal(json_object_size(e), 1);
	json_decref(o);
	o = badge_ob2_revocation_list(&fix_issuer, NULL, 0);
	assert_int_equal(json_array_size(json_object_get(o,
	    "revokedAssertions")), 0);
	json_decref(o);
}

static void
check_terms(json_t *ctx, json_t *o)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_array(o)) {
		json_array_foreach(o, i, v)
			check_terms(ctx, v);
		return;
	}
	if (!json_is_object(o))
		return;
	json_object_foreach(o, key, v) {
		if (strcmp(key, "@context") != 0 &&
		    strcmp(key, "@language") != 0 &&
		    json_object_get(ctx, key) == NULL)
			fail_msg("\"%s\" is not a term of the v2 context", key);
		if (strcmp(key, "@context") != 0)
			check_terms(ctx, v);
	}
}

static void
test_context_terms(void **state)
{
	const char *path = getenv("TV_OB2_CONTEXT");
	json_t *doc, *ctx, *o;
	struct arena a;
	const struct badge_revoked r = { fix_award.ob2_id, "x" };

	(void)state;
	if (path == NULL || (doc = json_load_file(path, 0, NULL)) == NULL)
		skip();
	ctx = json_object_get(doc, "@context");
	arena_init(&a);
	check_terms(ctx, o = badge_ob2_issuer(&fix_issuer));
	json_decref(o);
	check_terms(ctx, o = badge_ob2_badgeclass(&fix_issuer,
	    &fix_achievement));
	json_decref(o);
	check_terms(ctx, o = badge_ob2_assertion(&a, &fix_achievement,
	    &fix_award));
	json_decref(o);
	check_terms(ctx, o = badge_ob2_revocation_list(&fix_issuer, &r, 1));
	json_decref(o);
	json_decref(doc);
	arena_cleanup(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issuer),
		cmocka_unit_test(test_badgeclass),
		cmocka_unit_test(test_assertion),
		cmocka_unit_test(test_identity_hash),
		cmocka_unit_test(test_revocation),
		cmocka_unit_test(test_context_terms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

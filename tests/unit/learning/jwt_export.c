/*
 * jwt_export.c - writes a signed credential for an independent verifier.
 *
 * usage: badge_jwt_export FILE
 *
 * Makes a fresh issuer key, signs the fixture award's OpenBadgeCredential
 * and a status list (index 3 revoked, the award's 7 not) as VC-JWTs, and
 * writes them to FILE as JSON with the DID document that publishes the
 * key: {"did", "kid", "did_document", "jwt", "status_list_jwt"}.
 * tests/lib/verify-jwt.mjs runs this and verifies both with npm jose.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "learning/badge_key.h"
#include "learning/badge_ob3.h"

int
main(int argc, char **argv)
{
	const int64_t revoked[] = { 3 };
	struct arena a;
	struct badge_key k;
	json_t *vc, *list, *doc, *out;
	const char *kid, *jwt, *list_jwt;
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: badge_jwt_export FILE\n");
		return 2;
	}
	arena_init(&a);
	if (badge_key_generate(&k) != 0)
		return 1;
	kid = badge_key_id(&a, FIX_DID, k.pk);
	vc = badge_ob3_credential(&a, &fix_issuer, &fix_achievement,
	    &fix_award);
	list = badge_ob3_status_list(&a, &fix_issuer, fix_award.status_list,
	    fix_award.valid_from, revoked, 1);
	doc = badge_did_document(&a, FIX_DID, k.pk, fix_issuer.ob2_id);
	if (vc == NULL || list == NULL || doc == NULL)
		goto done;
	jwt = badge_ob3_jwt(&a, vc, fix_award.valid_from, 0, &k, kid);
	list_jwt = badge_ob3_jwt(&a, list, fix_award.valid_from, 0, &k, kid);
	if (jwt == NULL || list_jwt == NULL)
		goto done;
	out = json_pack("{s:s, s:s, s:O, s:s, s:s}", "did", FIX_DID, "kid",
	    kid, "did_document", doc, "jwt", jwt, "status_list_jwt",
	    list_jwt);
	if (out != NULL && json_dump_file(out, argv[1], JSON_INDENT(2)) == 0)
		rc = 0;
	json_decref(out);
done:
	json_decref(vc);
	json_decref(list);
	json_decref(doc);
	badge_key_wipe(&k);
	arena_cleanup(&a);
	if (rc != 0)
		fprintf(stderr, "badge_jwt_export: cannot write %s\n", argv[1]);
	return rc;
}

/*
 * badge.c - the parts both Open Badges versions share: salts, the hashed
 * recipient identity, tags and alignments, base64url.
 */
#include "learning/badge.h"

#include <sodium.h>
#include <string.h>

const char *
badge_achievement_type_name(enum badge_achievement_type t)
{
	switch (t) {
	case BADGE_TYPE_COMPETENCY:
		return "Competency";
	case BADGE_TYPE_COURSE:
		return "Course";
	case BADGE_TYPE_ASSESSMENT_RESULT:
		return "AssessmentResult";
	case BADGE_TYPE_CERTIFICATE:
		return "Certificate";
	case BADGE_TYPE_BADGE:
		break;
	}
	return "Badge";
}

void
badge_salt_new(char out[BADGE_SALT_LEN + 1])
{
	unsigned char r[BADGE_SALT_LEN / 2];

	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(out, BADGE_SALT_LEN + 1, r, sizeof(r));
}

void
badge_identity_hash(const char *identity, const char *salt,
    char out[BADGE_HASH_LEN + 1])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)identity,
	    strlen(identity));
	if (salt != NULL)
		crypto_hash_sha256_update(&st, (const unsigned char *)salt,
		    strlen(salt));
	crypto_hash_sha256_final(&st, h);
	memcpy(out, "sha256$", 7);
	sodium_bin2hex(out + 7, BADGE_HASH_LEN + 1 - 7, h, sizeof(h));
}

char *
badge_b64url(struct arena *a, const void *p, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);

	sodium_bin2base64(out, len, p, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

unsigned char *
badge_b64url_decode(struct arena *a, const char *s, size_t len, size_t *n)
{
	size_t cap = len / 4 * 3 + 3;
	unsigned char *out = arena_alloc(a, cap + 1);
	const char *end;

	if (sodium_base642bin(out, cap, s, len, NULL, n, &end,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || end != s + len)
		return NULL;
	out[*n] = '\0';
	return out;
}

int
badge_put_str(json_t *o, const char *key, const char *s)
{
	if (s == NULL)
		return 0;
	return json_object_set_new(o, key, json_string(s));
}

json_t *
badge_checked(json_t *o, int rc)
{
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
badge_json_tags(const struct badge_achievement *ac)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < ac->ntags; i++)
		if (json_array_append_new(arr, json_string(ac->tags[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

json_t *
badge_json_alignments(const struct badge_achievement *ac, bool typed)
{
	json_t *arr = json_array(), *x;
	size_t i;

	for (i = 0; arr != NULL && i < ac->nalignments; i++) {
		const struct badge_alignment *al = &ac->alignments[i];

		x = json_pack("{s:s, s:s, s:s*, s:s*, s:s*}", "targetName",
		    al->target_name, "targetUrl", al->target_url,
		    "targetDescription", al->target_description,
		    "targetFramework", al->target_framework, "targetCode",
		    al->target_code);
		if (x != NULL && typed && json_object_set_new(x, "type",
		    json_pack("[s]", "Alignment")) != 0) {
			json_decref(x);
			x = NULL;
		}
		if (x == NULL || json_array_append_new(arr, x) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

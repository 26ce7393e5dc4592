/*
 * test_badge_key.c - the issuer key, JWK, did:web and compact JWS.
 *
 * Known answers from RFC 8037 appendix A (Ed25519 key A.1, thumbprint
 * A.3, signature A.4) and the W3C did:web method's examples.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "learning/badge.h"
#include "learning/badge_key.h"

#define RFC8037_D "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
#define RFC8037_X "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
#define RFC8037_THUMB "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
#define RFC8037_JWS "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc." \
	"hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"

static void
rfc_key(struct arena *a, struct badge_key *k)
{
	size_t n;
	unsigned char *d = badge_b64url_decode(a, RFC8037_D,
	    strlen(RFC8037_D), &n);

	assert_non_null(d);
	assert_int_equal(n, BADGE_SEED_LEN);
	assert_int_equal(badge_key_from_seed(k, d), 0);
}

/* RFC 8037 A.1-A.3: the public key of the seed, as a JWK and its
 * thumbprint. */
static void
test_rfc8037_jwk(void **state)
{
	struct arena a;
	struct badge_key k;
	char thumb[BADGE_THUMB_LEN + 1];
	json_t *jwk;

	(void)state;
	arena_init(&a);
	rfc_key(&a, &k);
	jwk = badge_jwk(k.pk, "did:web:x#1");
	assert_non_null(jwk);
	assert_string_equal(json_string_value(json_object_get(jwk, "kty")),
	    "OKP");
	assert_string_equal(json_string_value(json_object_get(jwk, "crv")),
	    "Ed25519");
	assert_string_equal(json_string_value(json_object_get(jwk, "x")),
	    RFC8037_X);
	assert_string_equal(json_string_value(json_object_get(jwk, "kid")),
	    "did:web:x#1");
	assert_null(json_object_get(jwk, "d"));	/* never the private key */
	assert_int_equal(json_object_size(jwk), 4);
	json_decref(jwk);
	badge_jwk_thumbprint(k.pk, thumb);
	assert_string_equal(thumb, RFC8037_THUMB);
	badge_key_wipe(&k);
	arena_cleanup(&a);
}

/* RFC 8037 A.4: the example JWS verifies under the A.1 key (its payload
 * is not JSON, so this checks the signature as badge_jws_verify() does:
 * over "header.payload"). */
static void
test_rfc8037_signature(void **state)
{
	struct arena a;
	struct badge_key k;
	const char *dot2 = strrchr(RFC8037_JWS, '.');
	unsigned char *sig;
	unsigned char mine[BADGE_SIG_LEN];
	size_t n;

	(void)state;
	arena_init(&a);
	rfc_key(&a, &k);
	sig = badge_b64url_decode(&a, dot2 + 1, strlen(dot2 + 1), &n);
	assert_non_null(sig);
	assert_int_equal(n, BADGE_SIG_LEN);
	assert_int_equal(crypto_sign_verify_detached(sig,
	    (const unsigned char *)RFC8037_JWS,
	    (size_t)(dot2 - RFC8037_JWS), k.pk), 0);
	/* Ed25519 is deterministic: the same key signs the same bytes. */
	crypto_sign_detached(mine, NULL, (const unsigned char *)RFC8037_JWS,
	    (size_t)(dot2 - RFC8037_JWS), k.sk);
	assert_memory_equal(mine, sig, BADGE_SIG_LEN);
	arena_cleanup(&a);
}

static void
did_is(const char *site, const char *want)
{
	struct arena a;
	char *did;

	arena_init(&a);
	did = badge_did_web(&a, site);
	if (want == NULL) {
		if (did != NULL)
			fail_msg("%s gave %s", site, did);
	} else {
		assert_non_null(did);
		assert_string_equal(did, want);
	}
	arena_cleanup(&a);
}

/* did:web "Create": host, port percent-encoded, path segments after ":". */
static void
test_did_web(void **state)
{
	(void)state;
	did_is("https://tuki.example.fi", "did:web:tuki.example.fi");
	did_is("https://tuki.example.fi/", "did:web:tuki.example.fi");
	did_is("https://Tuki.Example.FI", "did:web:tuki.example.fi");
	did_is("https://tuki.example.fi:8443",
	    "did:web:tuki.example.fi%3A8443");
	did_is("https://tuki.example.fi:8443/verkko/uusimaa/",
	    "did:web:tuki.example.fi%3A8443:verkko:uusimaa");
	did_is("https://w3c-ccg.github.io/user/alice",
	    "did:web:w3c-ccg.github.io:user:alice");
	did_is("http://localhost:8080", "did:web:localhost%3A8080");
	did_is("ftp://tuki.example.fi", NULL);
	did_is("https://", NULL);
	did_is("https://a b.fi", NULL);
	did_is("https://user@tuki.example.fi", NULL);
	did_is("https://[::1]:8080", NULL);
	did_is("https://tuki.example.fi:", NULL);
	did_is("https://tuki.example.fi:123456", NULL);
	did_is("https://tuki.example.fi:80x", NULL);
	did_is("https://tuki.example.fi//x", NULL);
	did_is("https://tuki.example.fi/a/../b", NULL);
	did_is("https://tuki.example.fi/a?b=1", NULL);
	did_is("https://tuki.example.fi/a#b", NULL);
	did_is("https://tuki.example.fi/a:b", NULL);
}

static void
url_is(const char *did, const char *want)
{
	struct arena a;
	char *url;

	arena_init(&a);
	url = badge_did_web_url(&a, did);
	if (want == NULL) {
		assert_null(url);
	} else {
		assert_non_null(url);
		assert_string_equal(url, want);
	}
	arena_cleanup(&a);
}

/* did:web "Read": the DID document's URL, the examples of the method. */
static void
test_did_web_url(void **state)
{
	(void)state;
	url_is("did:web:w3c-ccg.github.io",
	    "https://w3c-ccg.github.io/.well-known/did.json");
	url_is("did:web:w3c-ccg.github.io:user:alice",
	    "https://w3c-ccg.github.io/user/alice/did.json");
	url_is("did:web:example.com%3A3000:user:alice",
	    "https://example.com:3000/user/alice/did.json");
	url_is("did:web:tuki.example.fi%3A8443",
	    "https://tuki.example.fi:8443/.well-known/did.json");
	url_is("did:key:z6Mkabc", NULL);
	url_is("did:web:", NULL);
	url_is("did:web:x.fi::a", NULL);
}

/* The DID document: DID Core properties, the key as JsonWebKey2020 with
 * publicKeyJwk, referenced from assertionMethod. */
static void
test_did_document(void **state)
{
	struct arena a;
	struct badge_key k;
	json_t *doc, *vm, *m, *jwk, *am;
	const char *kid;
	char thumb[BADGE_THUMB_LEN + 1];

	(void)state;
	arena_init(&a);
	assert_int_equal(badge_key_generate(&k), 0);
	kid = badge_key_id(&a, "did:web:tuki.example.fi", k.pk);
	badge_jwk_thumbprint(k.pk, thumb);
	assert_string_equal(kid, arena_printf(&a, "did:web:tuki.example.fi#%s",
	    thumb));
	doc = badge_did_document(&a, "did:web:tuki.example.fi", k.pk,
	    "https://tuki.example.fi/badges/issuer");
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(doc, "@context"), 0)),
	    "https://www.w3.org/ns/did/v1");
	assert_string_equal(json_string_value(json_object_get(doc, "id")),
	    "did:web:tuki.example.fi");
	vm = json_object_get(doc, "verificationMethod");
	assert_true(json_is_array(vm));
	assert_int_equal(json_array_size(vm), 1);
	m = json_array_get(vm, 0);
	assert_string_equal(json_string_value(json_object_get(m, "id")), kid);
	assert_string_equal(json_string_value(json_object_get(m, "type")),
	    "JsonWebKey2020");
	assert_string_equal(json_string_value(json_object_get(m,
	    "controller")), "did:web:tuki.example.fi");
	jwk = json_object_get(m, "publicKeyJwk");
	assert_string_equal(json_string_value(json_object_get(jwk, "kty")),
	    "OKP");
	assert_string_equal(json_string_value(json_object_get(jwk, "x")),
	    badge_b64url(&a, k.pk, BADGE_PK_LEN));
	assert_null(json_object_get(jwk, "d"));
	am = json_object_get(doc, "assertionMethod");
	assert_int_equal(json_array_size(am), 1);
	assert_string_equal(json_string_value(json_array_get(am, 0)), kid);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(doc, "alsoKnownAs"), 0)),
	    "https://tuki.example.fi/badges/issuer");
	json_decref(doc);
	doc = badge_did_document(&a, "did:web:tuki.example.fi", k.pk, NULL);
	assert_null(json_object_get(doc, "alsoKnownAs"));
	json_decref(doc);
	badge_key_wipe(&k);
	arena_cleanup(&a);
}

/* Compact JWS: three base64url parts without padding, the header exactly
 * alg/kid/typ, a signature that verifies and fails once anything
 * changes. */
static void
test_jws(void **state)
{
	struct arena a;
	struct badge_key k, other;
	json_t *payload, *got, *header;
	char *jws, *kid, *bad;
	unsigned char *h;
	size_t n;

	(void)state;
	arena_init(&a);
	assert_int_equal(badge_key_generate(&k), 0);
	assert_int_equal(badge_key_generate(&other), 0);
	payload = json_pack("{s:s, s:i}", "sub", "Mäkelä \"x\"", "n", 7);
	jws = badge_jws_sign(&a, payload, "did:web:x#k", &k);
	assert_non_null(jws);
	assert_null(strpbrk(jws, "=+/ \n"));
	assert_non_null(strchr(jws, '.'));
	h = badge_b64url_decode(&a, jws, strcspn(jws, "."), &n);
	header = json_loadb((const char *)h, n, 0, NULL);
	assert_non_null(header);
	assert_int_equal(json_object_size(header), 3);
	assert_string_equal(json_string_value(json_object_get(header, "alg")),
	    "EdDSA");
	assert_string_equal(json_string_value(json_object_get(header, "typ")),
	    "JWT");
	assert_string_equal(json_string_value(json_object_get(header, "kid")),
	    "did:web:x#k");
	json_decref(header);

	assert_int_equal(badge_jws_verify(&a, jws, k.pk, &got, &kid), 0);
	assert_true(json_equal(got, payload));
	assert_string_equal(kid, "did:web:x#k");
	json_decref(got);
	assert_int_equal(badge_jws_verify(&a, jws, other.pk, &got, NULL), -1);
	assert_null(got);
	/* one changed payload character */
	bad = arena_strdup(&a, jws);
	bad[strcspn(bad, ".") + 3] ^= 1;
	assert_int_equal(badge_jws_verify(&a, bad, k.pk, &got, NULL), -1);
	assert_int_equal(badge_jws_verify(&a, "a.b", k.pk, &got, NULL), -1);
	assert_int_equal(badge_jws_verify(&a, "a.b.c.d", k.pk, &got, NULL),
	    -1);
	json_decref(payload);
	badge_key_wipe(&k);
	badge_key_wipe(&other);
	arena_cleanup(&a);
}

/* A seed gives the same key again: what the store keeps is enough. */
static void
test_seed_roundtrip(void **state)
{
	struct badge_key k, again;

	(void)state;
	assert_int_equal(badge_key_generate(&k), 0);
	assert_int_equal(badge_key_from_seed(&again, k.seed), 0);
	assert_memory_equal(k.pk, again.pk, BADGE_PK_LEN);
	assert_memory_equal(k.sk, again.sk, BADGE_SK_LEN);
	badge_key_wipe(&k);
	badge_key_wipe(&again);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8037_jwk),
		cmocka_unit_test(test_rfc8037_signature),
		cmocka_unit_test(test_did_web),
		cmocka_unit_test(test_did_web_url),
		cmocka_unit_test(test_did_document),
		cmocka_unit_test(test_jws),
		cmocka_unit_test(test_seed_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

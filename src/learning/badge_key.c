/*
 * badge_key.c - the issuer key, its JWK and DID document, compact JWS.
 */
#include "learning/badge_key.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "learning/badge.h"

int
badge_key_generate(struct badge_key *k)
{
	unsigned char seed[BADGE_SEED_LEN];
	int rc;

	if (sodium_init() < 0)
		return -1;
	randombytes_buf(seed, sizeof(seed));
	rc = badge_key_from_seed(k, seed);
	sodium_memzero(seed, sizeof(seed));
	return rc;
}

int
badge_key_from_seed(struct badge_key *k,
    const unsigned char seed[BADGE_SEED_LEN])
{
	if (sodium_init() < 0)
		return -1;
	memcpy(k->seed, seed, BADGE_SEED_LEN);
	return crypto_sign_seed_keypair(k->pk, k->sk, k->seed) == 0 ? 0 : -1;
}

void
badge_key_wipe(struct badge_key *k)
{
	sodium_memzero(k, sizeof(*k));
}

json_t *
badge_jwk(const unsigned char pk[BADGE_PK_LEN], const char *kid)
{
	struct arena a;
	json_t *jwk;

	arena_init(&a);
	/* RFC 8037 section 2: an Ed25519 public key is kty OKP, crv
	 * Ed25519, x the 32 bytes base64url-encoded; "d" would be the
	 * private key and never appears here. */
	jwk = json_pack("{s:s, s:s, s:s, s:s*}", "kty", "OKP", "crv",
	    "Ed25519", "x", badge_b64url(&a, pk, BADGE_PK_LEN), "kid", kid);
	arena_cleanup(&a);
	return jwk;
}

void
badge_jwk_thumbprint(const unsigned char pk[BADGE_PK_LEN],
    char out[BADGE_THUMB_LEN + 1])
{
	/* RFC 7638 section 3.2: the required members only (for OKP: crv,
	 * kty, x, RFC 8037 section 2), in lexicographic order, no
	 * whitespace; the thumbprint is SHA-256 of that, base64url. */
	char x[sodium_base64_ENCODED_LEN(BADGE_PK_LEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char canon[128];
	unsigned char h[crypto_hash_sha256_BYTES];
	int n;

	sodium_bin2base64(x, sizeof(x), pk, BADGE_PK_LEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	n = snprintf(canon, sizeof(canon),
	    "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}", x);
	crypto_hash_sha256(h, (const unsigned char *)canon, (size_t)n);
	sodium_bin2base64(out, BADGE_THUMB_LEN + 1, h, sizeof(h),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* A did:web path segment: DID Core's idchar (ALPHA / DIGIT / "." / "-" /
 * "_"; pct-encoded is left out, nothing here needs it), not "." or "..". */
static int
segment_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || (n == 1 && s[0] == '.') ||
	    (n == 2 && s[0] == '.' && s[1] == '.'))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '.' && c != '-' && c != '_')
			return 0;
	}
	return 1;
}

char *
badge_did_web(struct arena *a, const char *site_url)
{
	struct buf b;
	const char *p, *host, *end;
	char *did;
	size_t i, n;

	if (strncmp(site_url, "https://", 8) == 0)
		p = site_url + 8;
	else if (strncmp(site_url, "http://", 7) == 0)
		p = site_url + 7;
	else
		return NULL;
	buf_init(&b);
	buf_puts(&b, "did:web:");
	/* Host: a DNS name (lower-cased: names are case-insensitive and the
	 * DID should be one string per site).  IP literals, user info,
	 * queries and fragments are refused. */
	host = p;
	while (*p != '\0' && *p != ':' && *p != '/')
		p++;
	if (p == host)
		goto bad;
	for (i = 0; host + i < p; i++) {
		unsigned char c = (unsigned char)host[i];

		if (!isalnum(c) && c != '-' && c != '.')
			goto bad;
		buf_putc(&b, (char)tolower(c));
	}
	if (*p == ':') {
		/* did:web: "the port MUST be percent-encoded" (":" as %3A). */
		end = ++p;
		while (isdigit((unsigned char)*end))
			end++;
		if (end == p || end - p > 5 || (*end != '\0' && *end != '/'))
			goto bad;
		buf_puts(&b, "%3A");
		buf_append(&b, p, (size_t)(end - p));
		p = end;
	}
	/* Path: each non-empty segment after a ":"; one trailing "/" is
	 * the same site. */
	while (*p == '/') {
		p++;
		if (*p == '\0')
			break;
		n = strcspn(p, "/");
		if (!segment_ok(p, n))
			goto bad;
		buf_putc(&b, ':');
		buf_append(&b, p, n);
		p += n;
	}
	if (*p != '\0')
		goto bad;
	did = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return did;
bad:
	buf_cleanup(&b);
	return NULL;
}

char *
badge_did_web_url(struct arena *a, const char *did)
{
	struct buf b;
	const char *p, *port;
	char *url;
	size_t n;

	if (strncmp(did, "did:web:", 8) != 0 || did[8] == '\0')
		return NULL;
	p = did + 8;
	buf_init(&b);
	buf_puts(&b, "https://");
	n = strcspn(p, ":");
	port = memchr(p, '%', n);
	if (port != NULL) {
		if (strncmp(port, "%3A", 3) != 0 && strncmp(port, "%3a", 3) != 0)
			goto bad;
		buf_append(&b, p, (size_t)(port - p));
		buf_putc(&b, ':');
		buf_append(&b, port + 3, n - (size_t)(port + 3 - p));
	} else {
		buf_append(&b, p, n);
	}
	p += n;
	if (*p == '\0') {
		buf_puts(&b, "/.well-known/did.json");
	} else {
		while (*p == ':') {
			p++;
			n = strcspn(p, ":");
			if (!segment_ok(p, n))
				goto bad;
			buf_putc(&b, '/');
			buf_append(&b, p, n);
			p += n;
		}
		buf_puts(&b, "/did.json");
	}
	url = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return url;
bad:
	buf_cleanup(&b);
	return NULL;
}

char *
badge_key_id(struct arena *a, const char *did,
    const unsigned char pk[BADGE_PK_LEN])
{
	char thumb[BADGE_THUMB_LEN + 1];

	badge_jwk_thumbprint(pk, thumb);
	return arena_printf(a, "%s#%s", did, thumb);
}

json_t *
badge_did_document(struct arena *a, const char *did,
    const unsigned char pk[BADGE_PK_LEN], const char *also_known_as)
{
	const char *kid = badge_key_id(a, did, pk);
	json_t *jwk = badge_jwk(pk, NULL);
	json_t *aka = NULL;

	if (jwk == NULL)
		return NULL;
	if (also_known_as != NULL &&
	    (aka = json_pack("[s]", also_known_as)) == NULL) {
		json_decref(jwk);
		return NULL;
	}
	/*
	 * The verification method is a JsonWebKey2020 with publicKeyJwk,
	 * not a Multikey with publicKeyMultibase.  The credentials are
	 * secured as VC-JWTs, and OB 3.0 (ob_v3p0/integrity.md,
	 * "Dereferencing the Public Key") has the verifier dereference the
	 * JOSE header's kid "to get the public key in JWK format"; Multikey
	 * belongs to the Data Integrity proofs (eddsa-rdfc-2022) that we do
	 * not make.  A JWK is what JOSE libraries and the 1EdTech verifier
	 * import directly (jose's importJWK() in tests/lib/verify-jwt.mjs).
	 * The jws-2020 context defines JsonWebKey2020 and publicKeyJwk.
	 */
	return json_pack("{s:[s, s], s:s, s:[{s:s, s:s, s:s, s:o}], s:[s], "
	    "s:o*}",
	    "@context", "https://www.w3.org/ns/did/v1",
	    "https://w3id.org/security/suites/jws-2020/v1",
	    "id", did,
	    "verificationMethod",
	    "id", kid, "type", "JsonWebKey2020", "controller", did,
	    "publicKeyJwk", jwk,
	    "assertionMethod", kid,
	    "alsoKnownAs", aka);
}

char *
badge_jws_sign(struct arena *a, json_t *payload, const char *kid,
    const struct badge_key *k)
{
	json_t *header;
	char *h, *p, *input, *sig_b64;
	unsigned char sig[BADGE_SIG_LEN];

	/* ob_v3p0/integrity.md, "Create the JOSE Header": alg, kid, typ
	 * "JWT"; additional JOSE headers are not allowed. */
	header = json_pack("{s:s, s:s, s:s}", "alg", "EdDSA", "kid", kid,
	    "typ", "JWT");
	if (header == NULL)
		return NULL;
	h = json_dumps(header, JSON_COMPACT);
	json_decref(header);
	p = json_dumps(payload, JSON_COMPACT);
	if (h == NULL || p == NULL) {
		free(h);
		free(p);
		return NULL;
	}
	input = arena_printf(a, "%s.%s", badge_b64url(a, h, strlen(h)),
	    badge_b64url(a, p, strlen(p)));
	free(h);
	free(p);
	crypto_sign_detached(sig, NULL, (const unsigned char *)input,
	    strlen(input), k->sk);
	sig_b64 = badge_b64url(a, sig, sizeof(sig));
	return arena_printf(a, "%s.%s", input, sig_b64);
}

int
badge_jws_verify(struct arena *a, const char *jws,
    const unsigned char pk[BADGE_PK_LEN], json_t **payload, char **kid)
{
	const char *dot1, *dot2;
	unsigned char *h, *p, *sig;
	size_t hn, pn, sn;
	json_t *header, *body;
	const char *alg, *hkid;

	*payload = NULL;
	if ((dot1 = strchr(jws, '.')) == NULL ||
	    (dot2 = strchr(dot1 + 1, '.')) == NULL || strchr(dot2 + 1, '.'))
		return -1;
	h = badge_b64url_decode(a, jws, (size_t)(dot1 - jws), &hn);
	p = badge_b64url_decode(a, dot1 + 1, (size_t)(dot2 - dot1 - 1), &pn);
	sig = badge_b64url_decode(a, dot2 + 1, strlen(dot2 + 1), &sn);
	if (h == NULL || p == NULL || sig == NULL || sn != BADGE_SIG_LEN)
		return -1;
	if ((header = json_loadb((const char *)h, hn, 0, NULL)) == NULL)
		return -1;
	alg = json_string_value(json_object_get(header, "alg"));
	hkid = json_string_value(json_object_get(header, "kid"));
	if (alg == NULL || strcmp(alg, "EdDSA") != 0 ||
	    crypto_sign_verify_detached(sig, (const unsigned char *)jws,
	    (size_t)(dot2 - jws), pk) != 0) {
		json_decref(header);
		return -1;
	}
	if (kid != NULL)
		*kid = arena_strdup(a, hkid);
	json_decref(header);
	if ((body = json_loadb((const char *)p, pn, 0, NULL)) == NULL)
		return -1;
	*payload = body;
	return 0;
}

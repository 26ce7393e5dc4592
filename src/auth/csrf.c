/*
 * csrf.c - double-submit CSRF tokens.
 */
#include <sodium.h>
#include <string.h>

#include "auth/csrf.h"
#include "http/response.h"
#include "http/server.h"

#define CSRF_BYTES 32
#define CSRF_B64_LEN 43		/* sodium_base64_ENCODED_LEN(32, URLSAFE_NO_PADDING) - 1 */

static bool
csrf_well_formed(const char *t)
{
	size_t i;

	if (t == NULL || strlen(t) != CSRF_B64_LEN)
		return false;
	for (i = 0; i < CSRF_B64_LEN; i++) {
		char c = t[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

const char *
csrf_token(struct request *r)
{
	unsigned char raw[CSRF_BYTES];
	const char *have;
	char *tok;

	/* A signed-in visitor's token is the session's own, kept on the
	 * server: no cookie needed, and it dies with the session. */
	if (r->user.csrf != NULL)
		return r->user.csrf;
	have = request_cookie(r, CSRF_COOKIE);
	if (csrf_well_formed(have))
		return have;
	randombytes_buf(raw, sizeof(raw));
	tok = arena_alloc(&r->arena, CSRF_B64_LEN + 1);
	sodium_bin2base64(tok, CSRF_B64_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	response_header(r, "Set-Cookie", arena_printf(&r->arena,
	    CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s", tok,
	    server_request_is_tls(r) ? "; Secure" : ""));
	return tok;
}

/*
 * Origin, when present, must be our own scheme://host; browsers send it on
 * every cross-site POST, so a mismatch is a forged request even before the
 * token is looked at.
 */
static bool
csrf_origin_ok(struct request *r)
{
	const char *origin = request_header(r, "Origin");
	const char *host = request_header(r, "Host");
	const char *rest;

	if (origin == NULL)
		return true;
	if (host == NULL)
		return false;
	if (server_request_is_tls(r)) {
		if (strncmp(origin, "https://", 8) != 0)
			return false;
		rest = origin + 8;
	} else {
		if (strncmp(origin, "http://", 7) != 0)
			return false;
		rest = origin + 7;
	}
	return strcmp(rest, host) == 0;
}

bool
csrf_plausible(struct request *r)
{
	const char *expected = r->user.csrf != NULL ? r->user.csrf :
	    request_cookie(r, CSRF_COOKIE);

	return csrf_origin_ok(r) && csrf_well_formed(expected);
}

bool
csrf_valid(struct request *r)
{
	const char *expected = r->user.csrf != NULL ? r->user.csrf :
	    request_cookie(r, CSRF_COOKIE);
	const char *field = kv_get(&r->form, CSRF_FIELD);

	if (!csrf_origin_ok(r) || !csrf_well_formed(expected) ||
	    !csrf_well_formed(field))
		return false;
	return sodium_memcmp(expected, field, CSRF_B64_LEN) == 0;
}

/*
 * docs.c - the machine-readable documents of the badges, in both formats,
 * each linked to the other with `related` (ob_v3p0/impl/migrating.md):
 *
 *   /.well-known/did.json             DID document with the issuer's keys
 *   /badges/issuer                    2.0 Issuer Profile
 *   /badges/revocations               2.0 RevocationList
 *   /badges/status/:id                3.0 BitstringStatusListCredential (VC-JWT)
 *   /badges/images/:id                the achievement's unbaked image
 *   /badges/achievements/:id/:locale  3.0 Achievement
 *   /badges/classes/:id/:locale       2.0 BadgeClass
 *   /badges/credentials/:uuid         3.0 OpenBadgeCredential (JSON)
 *   /badges/credentials/:uuid/jwt     ... as a VC-JWT
 *   /badges/credentials/:uuid/badge.png|svg   ... baked
 *   /badges/assertions/:uuid          2.0 hosted Assertion
 *   /badges/assertions/:uuid/badge.png|svg    ... baked
 *
 * JSON-LD goes out as application/ld+json, or application/json to a
 * client that accepts only that (OB 2.0, "Setting Content-Type").  A
 * VC-JWT is text/plain as OB 3.0 says of a web resource (docformat.md,
 * "Web Resource"), or application/vc+jwt to a client that asks for it.
 *
 * Revoked: the 2.0 Assertion answers 410 Gone with {id, revoked,
 * revocationReason} and is in the RevocationList; the 3.0 credential is
 * still served (a verifier reads its status from the status list, where
 * its bit is set); the baked images of a revoked award are 410.  An
 * erased earner's award has nothing left to publish but its revocation.
 *
 * Caching: what revocation changes (assertions, credentials, the lists,
 * the baked images) is "no-cache" - a cache keeps it but asks again, with
 * the ETag, every time - so a revocation is seen at once; the issuer, the
 * achievements, their images and the DID document may be kept 5 minutes.
 */
#include <microhttpd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "db/rows.h"
#include "http/filesend.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "learning/badge_bake.h"
#include "learning/badge_ob2.h"
#include "learning/badge_ob3.h"
#include "learning/badge_image.h"
#include "learning/learning.h"

#define NOT_FOUND N_("The page you were looking for was not found.")
#define GONE N_("This badge has been revoked.")
#define CACHE_SHORT "public, max-age=300"
#define CACHE_CHECK "public, no-cache"

/* --- from rows to the formats' structs --- */

/* The text of l, or the first of fi, sv, en the achievement has. */
static const char *
text_in(const char *const t[LANG_COUNT], enum lang l)
{
	enum lang shown;

	return i18n_pick(l, t[LANG_FI], t[LANG_SV], t[LANG_EN], &shown);
}

/* The achievement in language l as both formats see it. */
static void
achievement_doc(struct request *r, const struct achievement *ac, enum lang l,
    struct badge_achievement *b)
{
	struct arena *a = &r->arena;
	struct badge_alignment *al;
	const char *id = url_id(a, ac->id);
	size_t i;

	memset(b, 0, sizeof(*b));
	b->id = url_abs_for(a, l, "badges.achievement", id, lang_code(l),
	    NULL);
	b->ob2_id = url_abs_for(a, l, "badges.class", id, lang_code(l), NULL);
	b->name = text_in(ac->name, l);
	b->description = text_in(ac->description, l);
	b->criteria_narrative = text_in(ac->criteria, l);
	b->image = url_abs_for(a, l, "badges.image", id, NULL);
	b->image_caption = b->name;
	b->lang = lang_code(l);
	b->type = ac->kind;
	b->tags = ac->tags[l];
	b->ntags = ac->ntags[l];
	al = arena_calloc(a, ac->nalignments ? ac->nalignments : 1,
	    sizeof(*al));
	for (i = 0; i < ac->nalignments; i++) {
		const struct learn_alignment *s = &ac->alignments[i];

		al[i].target_name = s->target_name;
		al[i].target_url = s->target_url;
		al[i].target_description = s->target_description[0] ?
		    s->target_description : NULL;
		al[i].target_framework = s->target_framework[0] ?
		    s->target_framework : NULL;
		al[i].target_code = s->target_code[0] ? s->target_code : NULL;
	}
	b->alignments = al;
	b->nalignments = ac->nalignments;
}

/* The award as both formats see it. */
static void
award_doc(struct request *r, const struct award_full *f, struct badge_award *b)
{
	const struct award *aw = &f->aw;
	struct arena *a = &r->arena;

	memset(b, 0, sizeof(*b));
	b->id = url_abs_for(a, aw->lang, "badges.credential", aw->uuid, NULL);
	b->ob2_id = url_abs_for(a, aw->lang, "badges.assertion", aw->uuid,
	    NULL);
	b->subject_id = arena_printf(a, "urn:uuid:%s", aw->uuid);
	b->email = aw->email;
	b->salt = aw->salt;
	b->valid_from = aw->issued_at;
	b->narrative = aw->narrative[0] ? aw->narrative : NULL;
	b->evidence_url = aw->evidence_url[0] ? aw->evidence_url : NULL;
	/* The baked image in the achievement's own format: a PNG cannot be
	 * made of an SVG here, so an SVG badge's .../badge.png is 404. */
	b->baked_image = url_abs_for(a, aw->lang,
	    f->ac.image_type == LEARN_IMAGE_SVG ? "badges.assertion-svg" :
	    "badges.assertion-png", aw->uuid, NULL);
	b->status_list = url_abs_for(a, aw->lang, "badges.status",
	    url_id(a, aw->status_list), NULL);
	b->status_index = aw->status_index;
}

/* --- answers --- */

/* Whether the client accepts application/json but not JSON-LD. */
static bool
wants_plain_json(struct request *r)
{
	const char *acc = request_header(r, MHD_HTTP_HEADER_ACCEPT);

	return acc != NULL && strstr(acc, "application/json") != NULL &&
	    strstr(acc, "application/ld+json") == NULL;
}

/* Sends a JSON-LD document (freed here): status, cache control. */
static void
send_ld(struct request *r, int status, json_t *o, const char *cache)
{
	char *text = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	if (text == NULL) {
		response_unavailable(r);
		return;
	}
	response_begin(r, status, wants_plain_json(r) ? "application/json" :
	    "application/ld+json");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	buf_puts(&r->resp.body, text);
	buf_putc(&r->resp.body, '\n');
	free(text);
}

/* Sends a VC-JWT. */
static void
send_jwt(struct request *r, const char *jwt)
{
	const char *acc = request_header(r, MHD_HTTP_HEADER_ACCEPT);

	if (jwt == NULL) {
		response_unavailable(r);
		return;
	}
	response_begin(r, 200, acc != NULL && strstr(acc,
	    "application/vc+jwt") != NULL ? "application/vc+jwt" :
	    "text/plain; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, CACHE_CHECK);
	buf_puts(&r->resp.body, jwt);
}

/*
 * Sends bytes with a strong ETag (hex of their SHA-256, or given); the
 * server compresses a text type (SVG) and answers 304 to a client that
 * has them (server_finish_body()).
 */
static void
send_bytes(struct request *r, const char *type, const void *p, size_t n,
    const char *etag, const char *cache, const char *filename)
{
	const char *tag;
	unsigned char h[32];
	char hex[65];

	if (etag == NULL) {
		crypto_hash_sha256(h, p, n);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		etag = hex;
	}
	tag = arena_printf(&r->arena, "\"%s\"", etag);
	response_begin(r, 200, type);
	response_header(r, MHD_HTTP_HEADER_ETAG, tag);
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	if (filename != NULL)
		response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION,
		    filesend_disposition(&r->arena, filename, false));
	buf_append(&r->resp.body, p, n);
}

/* The language of a :locale parameter: 0, or -1 after a 404. */
static int
lang_param(struct request *r, const struct achievement *ac, enum lang *l)
{
	const char *s = request_param(r, "locale");

	if (s == NULL || strlen(s) != 2 || s[0] < 'a' ||
	    lang_parse(s, 2, l) != 0 || !learn_has_lang(ac, *l)) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	return 0;
}

/* The issuer in language l: 0, or -1 after a 503. */
static int
issuer(struct request *r, enum lang l, struct badge_issuer *is)
{
	struct db *db = response_db(r);

	if (db == NULL)
		return -1;
	if (learn_issuer(db, &r->arena, l, is) != 0) {
		response_unavailable(r);
		return -1;
	}
	return 0;
}

/* The signing key and its kid: 0, or -1 answered. */
static int
signing_key(struct request *r, const struct badge_issuer *is,
    struct badge_key *k, const char **kid)
{
	int rc = learn_signing_key(request_db(r), false, k);

	if (rc != 0) {
		if (rc == DB_MISSING)
			response_error(r, 404, NOT_FOUND);
		else
			response_unavailable(r);
		return -1;
	}
	*kid = badge_key_id(&r->arena, is->id, k->pk);
	return 0;
}

/* --- the issuer --- */

void
learn_did(struct request *r)
{
	struct badge_issuer is;
	struct learn_pubkey *keys;
	json_t *doc, *vms, *am;
	size_t n, i;

	if (issuer(r, LANG_FI, &is) != 0)
		return;
	if (learn_public_keys(request_db(r), &r->arena, &keys, &n) != 0) {
		response_unavailable(r);
		return;
	}
	if (n == 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	/* The newest key first; older ones stay for what they signed. */
	doc = badge_did_document(&r->arena, is.id, keys[n - 1].pk, is.ob2_id);
	vms = json_object_get(doc, "verificationMethod");
	am = json_object_get(doc, "assertionMethod");
	for (i = n - 1; doc != NULL && i-- > 0;) {
		const char *kid = badge_key_id(&r->arena, is.id, keys[i].pk);

		json_array_append_new(vms, json_pack("{s:s, s:s, s:s, s:o}",
		    "id", kid, "type", "JsonWebKey2020", "controller", is.id,
		    "publicKeyJwk", badge_jwk(keys[i].pk, NULL)));
		json_array_append_new(am, json_string(kid));
	}
	if (doc == NULL) {
		response_unavailable(r);
		return;
	}
	{
		char *text = json_dumps(doc, JSON_COMPACT);

		json_decref(doc);
		if (text == NULL) {
			response_unavailable(r);
			return;
		}
		/* DID Core's media type for a JSON document is
		 * application/did+json; plain JSON readers accept it. */
		response_begin(r, 200, wants_plain_json(r) ?
		    "application/json" : "application/did+json");
		response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, CACHE_SHORT);
		buf_puts(&r->resp.body, text);
		buf_putc(&r->resp.body, '\n');
		free(text);
	}
}

void
learn_ob2_issuer(struct request *r)
{
	struct badge_issuer is;

	if (issuer(r, LANG_FI, &is) == 0)
		send_ld(r, 200, badge_ob2_issuer(&is), CACHE_SHORT);
}

void
learn_ob2_revocations(struct request *r)
{
	struct badge_issuer is;
	struct learn_revoked *rv;
	struct badge_revoked *list;
	size_t n, i;

	if (issuer(r, LANG_FI, &is) != 0)
		return;
	if (learn_store_revoked(request_db(r), &r->arena, &rv, &n) != 0) {
		response_unavailable(r);
		return;
	}
	list = arena_calloc(&r->arena, n ? n : 1, sizeof(*list));
	for (i = 0; i < n; i++) {
		list[i].id = url_abs_for(&r->arena, LANG_FI, "badges.assertion",
		    rv[i].uuid, NULL);
		list[i].reason = rv[i].reason[0] ? rv[i].reason : NULL;
	}
	send_ld(r, 200, badge_ob2_revocation_list(&is, list, n), CACHE_CHECK);
}

void
learn_status_list(struct request *r)
{
	const int64_t *list = request_object(r);
	struct badge_issuer is;
	struct badge_key k;
	struct learn_pubkey *keys;
	int64_t *bits, latest;
	const char *kid, *url, *jwt;
	size_t n, nkeys;
	json_t *vc;

	if (issuer(r, LANG_FI, &is) != 0)
		return;
	if (learn_public_keys(request_db(r), &r->arena, &keys, &nkeys) != 0 ||
	    learn_store_revoked_bits(request_db(r), &r->arena, *list, &bits,
	    &n, &latest) != 0) {
		response_unavailable(r);
		return;
	}
	if (nkeys == 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	if (signing_key(r, &is, &k, &kid) != 0)
		return;
	url = url_abs_for(&r->arena, LANG_FI, "badges.status",
	    url_id(&r->arena, *list), NULL);
	/* Valid from the last change of the list: the newest revocation,
	 * or the first key when none (there were no awards before it). */
	if (latest == 0)
		latest = keys[0].created_at;
	vc = badge_ob3_status_list(&r->arena, &is, url, latest, bits, n);
	jwt = vc != NULL ? badge_ob3_jwt(&r->arena, vc, latest, 0, &k, kid) :
	    NULL;
	badge_key_wipe(&k);
	json_decref(vc);
	send_jwt(r, jwt);
}

/* --- achievements --- */

void
learn_image(struct request *r)
{
	const struct achievement *ac = request_object(r);
	const unsigned char *data;
	enum learn_image_type type;
	const char *sha;
	size_t n;

	if (learn_store_image(request_db(r), &r->arena, ac->id, &data, &n,
	    &type, &sha) != 0) {
		response_unavailable(r);
		return;
	}
	send_bytes(r, type == LEARN_IMAGE_SVG ? "image/svg+xml" : "image/png",
	    data, n, sha, CACHE_SHORT, NULL);
}

/* Adds the other language versions to a document's related list. */
static void
related_langs(struct request *r, json_t *o, const struct achievement *ac,
    enum lang l, bool ob3)
{
	json_t *rel = json_object_get(o, "related");
	int k;

	if (rel == NULL) {
		rel = json_array();
		json_object_set_new(o, "related", rel);
	}
	for (k = 0; k < LANG_COUNT; k++) {
		const char *id;

		if ((enum lang)k == l || !learn_has_lang(ac, (enum lang)k))
			continue;
		id = url_abs_for(&r->arena, (enum lang)k, ob3 ?
		    "badges.achievement" : "badges.class", url_id(&r->arena,
		    ac->id), lang_code((enum lang)k), NULL);
		json_array_append_new(rel, ob3 ? json_pack("{s:s, s:[s], s:s}",
		    "id", id, "type", "Related", "inLanguage",
		    lang_code((enum lang)k)) : json_pack("{s:s, s:s}", "id", id,
		    "@language", lang_code((enum lang)k)));
	}
}

void
learn_ob3_achievement(struct request *r)
{
	const struct achievement *ac = request_object(r);
	struct badge_achievement b;
	json_t *o;
	enum lang l;

	if (lang_param(r, ac, &l) != 0)
		return;
	achievement_doc(r, ac, l, &b);
	o = badge_ob3_achievement(&b);
	if (o != NULL) {
		json_object_set_new(o, "@context", json_pack("[s, s]",
		    BADGE_OB3_VC_CONTEXT, BADGE_OB3_CONTEXT));
		related_langs(r, o, ac, l, true);
	}
	send_ld(r, 200, o, CACHE_SHORT);
}

void
learn_ob2_class(struct request *r)
{
	const struct achievement *ac = request_object(r);
	struct badge_achievement b;
	struct badge_issuer is;
	json_t *o;
	enum lang l;

	if (lang_param(r, ac, &l) != 0 || issuer(r, l, &is) != 0)
		return;
	achievement_doc(r, ac, l, &b);
	o = badge_ob2_badgeclass(&is, &b);
	if (o != NULL)
		related_langs(r, o, ac, l, false);
	send_ld(r, 200, o, CACHE_SHORT);
}

/* --- awards --- */

/* The 3.0 credential of the loaded award, or NULL after an answer (410
 * for an erased earner's award). */
static json_t *
credential(struct request *r, struct badge_issuer *is)
{
	const struct award_full *f = request_object(r);
	struct badge_achievement b;
	struct badge_award w;
	json_t *vc;

	if (f->aw.email[0] == '\0') {
		response_error(r, 410, GONE);
		return NULL;
	}
	if (issuer(r, f->aw.lang, is) != 0)
		return NULL;
	achievement_doc(r, &f->ac, f->aw.lang, &b);
	award_doc(r, f, &w);
	if ((vc = badge_ob3_credential(&r->arena, is, &b, &w)) == NULL)
		response_unavailable(r);
	return vc;
}

/* The VC-JWT of the loaded award, or NULL after an answer. */
static const char *
credential_jwt(struct request *r)
{
	const struct award_full *f = request_object(r);
	struct badge_issuer is;
	struct badge_key k;
	const char *kid, *jwt;
	json_t *vc;

	if ((vc = credential(r, &is)) == NULL)
		return NULL;
	if (signing_key(r, &is, &k, &kid) != 0) {
		json_decref(vc);
		return NULL;
	}
	jwt = badge_ob3_jwt(&r->arena, vc, f->aw.issued_at, 0, &k, kid);
	badge_key_wipe(&k);
	json_decref(vc);
	if (jwt == NULL)
		response_unavailable(r);
	return jwt;
}

void
learn_ob3_json(struct request *r)
{
	const struct award_full *f = request_object(r);
	struct badge_issuer is;
	json_t *vc;

	if ((vc = credential(r, &is)) == NULL)
		return;
	send_ld(r, 200, vc, CACHE_CHECK);
	response_header(r, MHD_HTTP_HEADER_LINK, arena_printf(&r->arena,
	    "<%s>; rel=\"alternate\"; type=\"text/plain\", <%s>; "
	    "rel=\"related\"; type=\"application/ld+json\"",
	    url_abs_for(&r->arena, f->aw.lang, "badges.credential-jwt",
	    f->aw.uuid, NULL), url_abs_for(&r->arena, f->aw.lang,
	    "badges.assertion", f->aw.uuid, NULL)));
}

void
learn_ob3_jwt(struct request *r)
{
	const char *jwt = credential_jwt(r);

	if (jwt != NULL)
		send_jwt(r, jwt);
}

/* The 2.0 Assertion of the loaded award (not revoked), or NULL after an
 * answer (410 with the revoked Assertion when it is). */
static json_t *
assertion(struct request *r)
{
	const struct award_full *f = request_object(r);
	struct badge_achievement b;
	struct badge_award w;
	json_t *o;

	if (f->aw.revoked_at != 0 || f->aw.email[0] == '\0') {
		send_ld(r, 410, badge_ob2_revoked_assertion(url_abs_for(
		    &r->arena, f->aw.lang, "badges.assertion", f->aw.uuid,
		    NULL), f->aw.revoked_reason[0] ? f->aw.revoked_reason :
		    NULL), CACHE_CHECK);
		return NULL;
	}
	achievement_doc(r, &f->ac, f->aw.lang, &b);
	award_doc(r, f, &w);
	if ((o = badge_ob2_assertion(&r->arena, &b, &w)) == NULL)
		response_unavailable(r);
	return o;
}

void
learn_ob2_assertion(struct request *r)
{
	json_t *o = assertion(r);

	if (o != NULL)
		send_ld(r, 200, o, CACHE_CHECK);
}

/*
 * The award's image as `want` (PNG or SVG): the achievement's own, or a
 * PNG wrapped in an SVG <image> (an SVG can carry any image; a PNG cannot
 * be made from an SVG here).  NULL after a 404.
 */
static const unsigned char *
award_image(struct request *r, enum learn_image_type want, size_t *n)
{
	const struct award_full *f = request_object(r);
	const unsigned char *data;
	enum learn_image_type type;
	const char *sha, *svg;

	if (learn_store_image(request_db(r), &r->arena, f->ac.id, &data, n,
	    &type, &sha) != 0) {
		response_unavailable(r);
		return NULL;
	}
	if (type == want)
		return data;
	if (want == LEARN_IMAGE_PNG) {
		response_error(r, 404, NOT_FOUND);
		return NULL;
	}
	svg = learn_svg_wrap_png(&r->arena, data, *n, text_in(f->ac.name,
	    f->aw.lang));
	*n = strlen(svg);
	return (const unsigned char *)svg;
}

/* The download's file name: the achievement's name and the extension. */
static const char *
file_name(struct request *r, const char *ext)
{
	const struct award_full *f = request_object(r);

	return arena_printf(&r->arena, "%s.%s", text_in(f->ac.name,
	    f->aw.lang), ext);
}

/* Bakes and sends the loaded award's image in format `want`. */
static void
bake(struct request *r, enum badge_version v, enum learn_image_type want)
{
	const struct award_full *f = request_object(r);
	const unsigned char *img;
	const char *text, *url = NULL;
	char *json = NULL;
	struct buf out;
	size_t n;
	int rc;

	if (f->aw.revoked_at != 0 || f->aw.email[0] == '\0') {
		response_error(r, 410, GONE);
		return;
	}
	if (v == BADGE_OB3) {
		if ((text = credential_jwt(r)) == NULL)
			return;
	} else {
		json_t *o = assertion(r);

		if (o == NULL)
			return;
		json = json_dumps(o, JSON_COMPACT);
		json_decref(o);
		if (json == NULL) {
			response_unavailable(r);
			return;
		}
		text = json;
		url = url_abs_for(&r->arena, f->aw.lang, "badges.assertion",
		    f->aw.uuid, NULL);
	}
	if ((img = award_image(r, want, &n)) == NULL) {
		free(json);
		return;
	}
	buf_init(&out);
	rc = want == LEARN_IMAGE_PNG ? badge_png_bake(&out, img, n, v, text,
	    true) : badge_svg_bake(&out, (const char *)img, n, v,
	    v == BADGE_OB3 ? text : url, v == BADGE_OB3 ? NULL : text, true);
	free(json);
	if (rc != BADGE_BAKE_OK) {
		buf_cleanup(&out);
		response_unavailable(r);
		return;
	}
	send_bytes(r, want == LEARN_IMAGE_PNG ? "image/png" : "image/svg+xml",
	    out.data, out.len, NULL, CACHE_CHECK, file_name(r,
	    want == LEARN_IMAGE_PNG ? "png" : "svg"));
	buf_cleanup(&out);
}

void
learn_ob3_png(struct request *r)
{
	bake(r, BADGE_OB3, LEARN_IMAGE_PNG);
}

void
learn_ob3_svg(struct request *r)
{
	bake(r, BADGE_OB3, LEARN_IMAGE_SVG);
}

void
learn_ob2_png(struct request *r)
{
	bake(r, BADGE_OB2, LEARN_IMAGE_PNG);
}

void
learn_ob2_svg(struct request *r)
{
	bake(r, BADGE_OB2, LEARN_IMAGE_SVG);
}

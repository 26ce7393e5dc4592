/*
 * badge_bake.h - baking an award into its badge image, and reading it
 * back, for PNG and SVG in both Open Badges versions.
 *
 *              PNG iTXt keyword     SVG element              data
 *   OB 2.0     openbadges           openbadges:assertion     verify = the
 *              (text: the hosted    xmlns http://openbadges.org
 *              Assertion's JSON)    Assertion URL, the JSON in CDATA
 *   OB 3.0     openbadgecredential  openbadges:credential    verify = the
 *              (text: the VC-JWT)   xmlns https://purl.imsglobal.org/ob/v3p0
 *                                   VC-JWT, no body
 *
 * (OB 2.0 Baking Specification "PNGs"/"SVGs"; OB 3.0 ob_v3p0/docformat.md
 * "Baked Badge": with the JWT proof format the text of the chunk and the
 * verify attribute MUST be the compact JWS.)  The 2.0 PNG carries the
 * Assertion JSON rather than only its URL because the 2.0 baking text
 * says the text is "a signed badge assertion or the raw JSON"; a bare URL
 * was the pre-2.0 tEXt form ("Legacy PNGs").  A verifier still fetches the
 * hosted Assertion at its id.
 *
 * PNG is written by hand, chunk by chunk, rather than through libpng:
 * baking only adds one ancillary chunk, and libpng would decode and
 * re-encode the image data (and drop chunks it does not know) to do it.
 * libpng decodes an image once, when it is uploaded (badge_image.c), so
 * what is baked here is an image a viewer can show.
 * The walker checks the signature, every chunk's length and CRC (zlib's
 * crc32), that IHDR comes first and that IEND ends the stream, so a
 * damaged upload is refused instead of being passed on.  The tests read
 * the result back with libpng as an independent check.
 *
 * A baked image carries one award: existing Open Badges data (either
 * version's keyword or element, and 1.x tEXt/zTXt chunks) is refused, or
 * removed first when replace is set (both specifications leave the choice
 * to the implementer).
 */
#ifndef TV_LEARNING_BADGE_BAKE_H
#define TV_LEARNING_BADGE_BAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"

enum badge_version {
	BADGE_OB2,
	BADGE_OB3,
};

/* Results of the bake and extract functions. */
#define BADGE_BAKE_OK 0
#define BADGE_BAKE_BAD (-1)		/* not a well-formed PNG / SVG */
#define BADGE_BAKE_BAKED (-2)		/* already has Open Badges data */
#define BADGE_BAKE_NONE 1		/* extract: no Open Badges data */

/* The PNG iTXt keyword of a version. */
const char *badge_png_keyword(enum badge_version v);

/* Appends to out the PNG of n bytes at png with one uncompressed iTXt
 * chunk (keyword badge_png_keyword(v), empty language tag and translated
 * keyword, text) inserted before IEND.  BADGE_BAKE_OK, BADGE_BAKE_BAD or
 * BADGE_BAKE_BAKED; out is unchanged on failure. */
int badge_png_bake(struct buf *out, const unsigned char *png, size_t n,
    enum badge_version v, const char *text, bool replace);

/* The text of the first iTXt chunk with v's keyword ("Extracting"), in
 * the arena: BADGE_BAKE_OK, BADGE_BAKE_NONE, or BADGE_BAKE_BAD for a
 * malformed PNG or a compressed chunk (which the specifications forbid). */
int badge_png_extract(struct arena *a, const unsigned char *png, size_t n,
    enum badge_version v, char **text);

/* Appends to out the SVG of n bytes at svg with xmlns:openbadges on the
 * root <svg> and, directly after its start tag, v's element with
 * verify="..." (escaped) and, when body is not NULL, body in CDATA (2.0
 * only: the Assertion JSON).  BADGE_BAKE_OK, BADGE_BAKE_BAD (no root svg
 * start tag) or BADGE_BAKE_BAKED. */
int badge_svg_bake(struct buf *out, const char *svg, size_t n,
    enum badge_version v, const char *verify, const char *body, bool replace);

/* The verify attribute (unescaped) and CDATA body (NULL when none) of the
 * first element of version v inside the root <svg>, in the arena:
 * BADGE_BAKE_OK, BADGE_BAKE_NONE, or BADGE_BAKE_BAD (no root svg, or the
 * element is not well formed). */
int badge_svg_extract(struct arena *a, const char *svg, size_t n,
    enum badge_version v, char **verify, char **body);

#endif

/*
 * fuzz_badge_image.c - the badge image upload check (badge_image_check():
 * PNG chunk walk and libpng decoding, SVG allowlist scanner) on any
 * bytes.
 *
 * Beyond "does not crash": an accepted image is a PNG or an SVG by its
 * first bytes; an accepted SVG is valid UTF-8 without NUL and stays
 * accepted when checked again; an accepted PNG bakes and reads back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "learning/badge_bake.h"
#include "learning/badge_image.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum learn_image_type type;
	struct arena a;
	struct buf b;
	char *text;

	if (badge_image_check(data, size, &type) != NULL)
		return 0;
	if (type == LEARN_IMAGE_SVG) {
		CHECK(utf8_valid((const char *)data, size));
		CHECK(memchr(data, '\0', size) == NULL);
		return 0;
	}
	CHECK(size >= 8 && data[0] == 0x89 && data[1] == 'P');
	buf_init(&b);
	CHECK(badge_png_bake(&b, data, size, BADGE_OB3, "h.p.s", false) ==
	    BADGE_BAKE_OK);
	arena_init(&a);
	CHECK(badge_png_extract(&a, (const unsigned char *)b.data, b.len,
	    BADGE_OB3, &text) == BADGE_BAKE_OK);
	CHECK(strcmp(text, "h.p.s") == 0);
	arena_cleanup(&a);
	buf_cleanup(&b);
	return 0;
}

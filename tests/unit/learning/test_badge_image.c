/*
 * test_badge_image.c - badge images: the upload check (PNG or a safe SVG,
 * nothing else), the generated SVG, an SVG that shows a PNG, the demo's
 * PNG, and the pure helpers of text.c.  The demo PNG is read back with
 * libpng, an independent reader.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <png.h>
#include <string.h>
#include <zlib.h>

#include "base/buf.h"
#include "learning/badge_bake.h"
#include "learning/badge_image.h"

#define SVG_HEAD "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">"

static const char *
svg(const char *s)
{
	return badge_svg_check(s, strlen(s));
}

static void
test_svg_safe(void **state)
{
	(void)state;
	assert_null(svg(SVG_HEAD "<title>T</title><circle r=\"1\"/></svg>"));
	assert_null(svg("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- by hand -->"
	    SVG_HEAD "<defs><linearGradient id=\"g\"><stop offset=\"0\"/>"
	    "</linearGradient></defs><rect fill=\"url(#g)\" style=\"fill: url( '#g')\" "
	    "width='2' height='2'/><use href=\"#g\"/><image href=\"data:image/png;base64,AAAA\"/>"
	    "<sodipodi:namedview/></svg>"));
}

static void
test_svg_unsafe(void **state)
{
	static const char *const bad[] = {
		SVG_HEAD "<script>alert(1)</script></svg>",
		SVG_HEAD "<circle onload=\"alert(1)\"/></svg>",
		SVG_HEAD "<circle ONclick='x'/></svg>",
		SVG_HEAD "<a href=\"https://evil.example/\"><circle/></a></svg>",
		SVG_HEAD "<image href=\"https://evil.example/x.png\"/></svg>",
		SVG_HEAD "<use xlink:href=\"other.svg#x\"/></svg>",
		SVG_HEAD "<image href=\"data:text/html;base64,AAAA\"/></svg>",
		SVG_HEAD "<rect style=\"fill: url(https://evil.example/x)\"/></svg>",
		SVG_HEAD "<rect fill=\"java\tscript:alert(1)\"/></svg>",
		SVG_HEAD "<foreignObject><p/></foreignObject></svg>",
		SVG_HEAD "<style>@import url(x.css);</style></svg>",
		SVG_HEAD "<set attributeName=\"href\" to=\"x\"/></svg>",
		SVG_HEAD "<![CDATA[ x ]]></svg>",
		"<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"b\">]>" SVG_HEAD "</svg>",
		SVG_HEAD "<?php echo 1; ?></svg>",
		SVG_HEAD "<circle r=1/></svg>",
		SVG_HEAD "<circle r=\"1/></svg>",
		SVG_HEAD "<!-- unterminated",
		SVG_HEAD "<xhtml:p/></svg>",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *msg = svg(bad[i]);

		if (msg == NULL)
			fail_msg("accepted: %s", bad[i]);
	}
}

static void
test_svg_not_svg(void **state)
{
	const char *m1, *m2, *m3, *m4;

	(void)state;
	m1 = svg("<html><body/></html>");
	m2 = svg("<svg viewBox=\"0 0 1 1\"></svg>");	/* no SVG namespace */
	m3 = svg("");
	m4 = badge_svg_check("<svg\0", 5);
	assert_non_null(m1);
	assert_non_null(m2);
	assert_non_null(m3);
	assert_non_null(m4);
	assert_string_equal(m1, m2);
	/* Baked already: a different message. */
	assert_string_not_equal(svg("<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "xmlns:openbadges=\"http://openbadges.org\"><openbadges:assertion "
	    "verify=\"x\"/></svg>"), m1);
}

static void
test_generated(void **state)
{
	struct arena a;
	const char *s;

	(void)state;
	arena_init(&a);
	s = badge_svg_generate(&a, "Digituen <perusteet> & \"muuta\" pitkä nimi",
	    "fi");
	assert_null(badge_svg_check(s, strlen(s)));
	assert_non_null(strstr(s, "role=\"img\""));
	assert_non_null(strstr(s, "<title id=\"badge-title\">Digituen "
	    "&lt;perusteet&gt; &amp; &quot;muuta&quot; pitkä nimi</title>"));
	assert_non_null(strstr(s, "xml:lang=\"fi\""));
	/* The name in at most three lines of text. */
	assert_non_null(strstr(s, "<text"));
	assert_null(strstr(strstr(strstr(strstr(s, "<text") + 1, "<text") + 1,
	    "<text") + 1, "<text"));
	arena_cleanup(&a);
}

/* The demo PNG: well formed by our check and libpng's, 160 x 160 RGBA. */
static void
test_demo_png(void **state)
{
	struct arena a;
	unsigned char *p;
	size_t n;
	enum learn_image_type type;
	png_image img;

	(void)state;
	arena_init(&a);
	p = badge_png_demo(&a, &n);
	assert_non_null(p);
	assert_null(badge_image_check(p, n, &type));
	assert_int_equal(type, LEARN_IMAGE_PNG);
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	assert_true(png_image_begin_read_from_memory(&img, p, n));
	assert_int_equal(img.width, 160);
	assert_int_equal(img.height, 160);
	png_image_free(&img);
	arena_cleanup(&a);
}

static void
test_png_refused(void **state)
{
	struct arena a;
	struct buf b;
	unsigned char *p, *q;
	size_t n;
	enum learn_image_type type;
	const char *damaged, *baked, *gif;

	(void)state;
	arena_init(&a);
	p = badge_png_demo(&a, &n);
	q = arena_alloc(&a, n);
	memcpy(q, p, n);
	q[40] ^= 0x55;		/* inside IDAT: its CRC no longer matches */
	damaged = badge_image_check(q, n, &type);
	assert_non_null(damaged);
	assert_non_null(badge_image_check(p, 20, &type));	/* cut short */
	buf_init(&b);
	assert_int_equal(badge_png_bake(&b, p, n, BADGE_OB3, "a.b.c", false),
	    BADGE_BAKE_OK);
	baked = badge_image_check((const unsigned char *)b.data, b.len, &type);
	assert_non_null(baked);
	assert_string_not_equal(baked, damaged);
	buf_cleanup(&b);
	gif = badge_image_check((const unsigned char *)"GIF89a\1\0\1\0", 10,
	    &type);
	assert_non_null(gif);
	assert_non_null(badge_image_check((const unsigned char *)"", 0, &type));
	arena_cleanup(&a);
}

/* The first chunk of `type` in png: its data's offset and length. */
static size_t
chunk_find(const unsigned char *png, size_t n, const char *type, size_t *len)
{
	size_t pos = 8, l;

	while (pos + 12 <= n) {
		l = (size_t)png[pos] << 24 | (size_t)png[pos + 1] << 16 |
		    (size_t)png[pos + 2] << 8 | png[pos + 3];
		if (memcmp(png + pos + 4, type, 4) == 0) {
			*len = l;
			return pos + 8;
		}
		pos += l + 12;
	}
	fail_msg("no %s chunk", type);
	return 0;
}

/* Sets the CRC of the chunk whose data starts at off, of len bytes. */
static void
crc_fix(unsigned char *png, size_t off, size_t len)
{
	uLong crc = crc32(0L, png + off - 4, (uInt)(len + 4));

	png[off + len] = (unsigned char)(crc >> 24);
	png[off + len + 1] = (unsigned char)(crc >> 16);
	png[off + len + 2] = (unsigned char)(crc >> 8);
	png[off + len + 3] = (unsigned char)crc;
}

/* Chunks as written, CRCs right, the image itself wrong: libpng cannot
 * decode it, so it is refused as damaged. */
static void
test_png_undecodable(void **state)
{
	struct arena a;
	unsigned char *p, *q;
	size_t n, off, len;
	enum learn_image_type type;
	const char *damaged;

	(void)state;
	arena_init(&a);
	p = badge_png_demo(&a, &n);
	q = arena_alloc(&a, n);
	/* The compressed rows garbled past the zlib header. */
	memcpy(q, p, n);
	off = chunk_find(q, n, "IDAT", &len);
	assert_true(len > 16);
	memset(q + off + 2, 0xff, len - 6);
	crc_fix(q, off, len);
	damaged = badge_image_check(q, n, &type);
	assert_non_null(damaged);
	assert_string_equal(damaged, "The PNG image is damaged. Save it again and upload it.");
	/* A colour type that PNG does not have. */
	memcpy(q, p, n);
	off = chunk_find(q, n, "IHDR", &len);
	q[off + 9] = 5;
	crc_fix(q, off, len);
	assert_non_null(badge_image_check(q, n, &type));
	/* The original, to be sure the helpers change nothing else. */
	memcpy(q, p, n);
	off = chunk_find(q, n, "IDAT", &len);
	crc_fix(q, off, len);
	assert_null(badge_image_check(q, n, &type));
	arena_cleanup(&a);
}

static void
test_svg_type(void **state)
{
	static const char with_bom[] = "\xef\xbb\xbf\n  " SVG_HEAD "</svg>";
	enum learn_image_type type = LEARN_IMAGE_PNG;

	(void)state;
	assert_null(badge_image_check((const unsigned char *)with_bom,
	    strlen(with_bom), &type));
	assert_int_equal(type, LEARN_IMAGE_SVG);
}

static void
test_wrap_png(void **state)
{
	struct arena a;
	unsigned char *p;
	const char *s;
	size_t n;

	(void)state;
	arena_init(&a);
	p = badge_png_demo(&a, &n);
	s = learn_svg_wrap_png(&a, p, n, "Nimi & <muuta>");
	assert_null(badge_svg_check(s, strlen(s)));
	assert_non_null(strstr(s, "viewBox=\"0 0 160 160\""));
	assert_non_null(strstr(s, "<title id=\"badge-title\">Nimi &amp; &lt;muuta&gt;</title>"));
	assert_non_null(strstr(s, "href=\"data:image/png;base64,iVBORw0KGgo"));
	arena_cleanup(&a);
}

static void
test_text_helpers(void **state)
{
	struct arena a;
	char u[LEARN_UUID_LEN + 1], v[LEARN_UUID_LEN + 1];
	enum badge_achievement_type t;

	(void)state;
	arena_init(&a);
	learn_uuid_new(u);
	learn_uuid_new(v);
	assert_true(learn_uuid_valid(u));
	assert_string_not_equal(u, v);
	assert_int_equal(u[14], '4');
	assert_true(strchr("89ab", u[19]) != NULL);
	assert_false(learn_uuid_valid("00000000-0000-4000-8000-00000000000"));
	assert_false(learn_uuid_valid("00000000-0000-4000-8000-00000000000G"));
	assert_false(learn_uuid_valid("000000000000040008000000000000000000"));
	assert_false(learn_uuid_valid(NULL));
	assert_int_equal(learn_kind_parse("AssessmentResult", &t), 0);
	assert_int_equal(t, BADGE_TYPE_ASSESSMENT_RESULT);
	assert_string_equal(learn_kind_name(t), "AssessmentResult");
	assert_int_equal(learn_kind_parse("Superhero", &t), -1);
	assert_string_equal(learn_address_of(&a, "Tukiverkko <noreply@tuki.fi>"),
	    "noreply@tuki.fi");
	assert_string_equal(learn_address_of(&a, "a@b.fi"), "a@b.fi");
	arena_cleanup(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_svg_safe),
		cmocka_unit_test(test_svg_unsafe),
		cmocka_unit_test(test_svg_not_svg),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_demo_png),
		cmocka_unit_test(test_png_refused),
		cmocka_unit_test(test_png_undecodable),
		cmocka_unit_test(test_svg_type),
		cmocka_unit_test(test_wrap_png),
		cmocka_unit_test(test_text_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

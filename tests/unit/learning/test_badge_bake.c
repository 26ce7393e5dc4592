/*
 * test_badge_bake.c - baked PNG and SVG badges, read back.
 *
 * PNG: the chunks are walked here with zlib's crc32 (every CRC valid,
 * exactly one Open Badges iTXt, just before IEND, the image's own chunks
 * byte for byte the same) and the result is read by libpng, an
 * independent reader, for its text and its pixels.  SVG: the element and
 * namespace of each version ("Baked Badge" of ob_v3p0/docformat.md, the
 * 2.0 Baking Specification), read back by badge_svg_extract().
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

#define JWT "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6d2ViOngifQ.c2lnbmF0dXJl"
#define ASSERTION "{\"id\": \"https://tuki.example.fi/badges/assertions/7\"," \
	" \"narrative\": \"x ]]> y ]]>\", \"name\": \"Ääkköset\"}"

static const unsigned char pixels[2][6] = {
	{ 255, 0, 0, 0, 255, 0 },
	{ 0, 0, 255, 255, 255, 255 },
};

static void
chunk(struct buf *b, const char *type, const void *data, size_t n)
{
	unsigned char len[4] = { (unsigned char)(n >> 24),
		(unsigned char)(n >> 16), (unsigned char)(n >> 8),
		(unsigned char)n };
	uLong crc = crc32(crc32(0, Z_NULL, 0), (const Bytef *)type, 4);
	unsigned char c[4];

	crc = crc32(crc, data, (uInt)n);
	c[0] = (unsigned char)(crc >> 24);
	c[1] = (unsigned char)(crc >> 16);
	c[2] = (unsigned char)(crc >> 8);
	c[3] = (unsigned char)crc;
	buf_append(b, len, 4);
	buf_append(b, type, 4);
	buf_append(b, data, n);
	buf_append(b, c, 4);
}

/* A 2x2 RGB PNG with a tEXt Title, written from the PNG spec. */
static void
make_png(struct buf *b)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r',
		'\n', 0x1a, '\n' };
	static const unsigned char ihdr[13] = { 0, 0, 0, 2, 0, 0, 0, 2, 8, 2,
		0, 0, 0 };
	unsigned char raw[2 * 7], z[128];
	uLongf zn = sizeof(z);
	int y;

	for (y = 0; y < 2; y++) {
		raw[y * 7] = 0;				/* filter: none */
		memcpy(raw + y * 7 + 1, pixels[y], 6);
	}
	assert_int_equal(compress(z, &zn, raw, sizeof(raw)), Z_OK);
	buf_init(b);
	buf_append(b, sig, 8);
	chunk(b, "IHDR", ihdr, sizeof(ihdr));
	chunk(b, "tEXt", "Title\0Digituki", 14);
	chunk(b, "IDAT", z, zn);
	chunk(b, "IEND", "", 0);
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Walks a PNG: every CRC must hold.  Counts the iTXt chunks whose
 * keyword is kw, checks the last one before IEND is one of them when
 * any, and that every chunk of the original (all but Open Badges iTXt)
 * comes through unchanged and in order. */
static int
walk(const struct buf *png, const struct buf *orig, const char *kw)
{
	const unsigned char *p = (const unsigned char *)png->data;
	size_t pos = 8, prev = 0, opos = 8;
	int found = 0;
	uint32_t len;

	assert_memory_equal(p, orig->data, 8);
	for (;;) {
		assert_true(pos + 12 <= png->len);
		len = be32(p + pos);
		assert_true(pos + 12 + len <= png->len);
		assert_int_equal(crc32(0, p + pos + 4, len + 4),
		    be32(p + pos + 8 + len));
		if (memcmp(p + pos + 4, "iTXt", 4) == 0 &&
		    len > strlen(kw) && memcmp(p + pos + 8, kw, strlen(kw)) == 0 &&
		    p[pos + 8 + strlen(kw)] == '\0') {
			found++;
			/* compression flag and method 0, no language tag or
			 * translated keyword */
			assert_memory_equal(p + pos + 8 + strlen(kw) + 1,
			    "\0\0\0\0", 4);
		} else if (memcmp(p + pos + 4, "iTXt", 4) == 0 &&
		    memcmp(p + pos + 8, "openbadge", 9) == 0) {
			;	/* the other version's chunk */
		} else if (memcmp(p + pos + 4, "IEND", 4) != 0) {
			/* an original chunk, in order, byte for byte */
			uint32_t olen = be32((const unsigned char *)orig->data +
			    opos);

			assert_int_equal(len, olen);
			assert_memory_equal(p + pos, orig->data + opos, 12 + len);
			opos += 12 + olen;
		}
		if (memcmp(p + pos + 4, "IEND", 4) == 0) {
			assert_int_equal(pos + 12, png->len);
			assert_int_equal(opos + 12, orig->len);
			if (found > 0)
				assert_memory_equal(p + prev + 4, "iTXt", 4);
			return found;
		}
		prev = pos;
		pos += 12 + len;
	}
}

struct mem {
	const unsigned char *p;
	size_t n, pos;
};

static void
mem_read(png_structp png, png_bytep out, png_size_t n)
{
	struct mem *m = png_get_io_ptr(png);

	if (m->n - m->pos < n)
		png_error(png, "short read");
	memcpy(out, m->p + m->pos, n);
	m->pos += n;
}

/* libpng reads the whole image: the text of kw (uncompressed iTXt)
 * must be want, and the pixels those of make_png(). */
static void
libpng_check(const struct buf *b, const char *kw, const char *want)
{
	struct mem m = { (const unsigned char *)b->data, b->len, 0 };
	png_structp png;
	png_infop info, end;
	png_textp text;
	png_bytep rows[2];
	unsigned char px[2][6];
	int i, ntext;
	volatile int seen = 0;	/* kept across png_error()'s longjmp */

	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	assert_non_null(png);
	info = png_create_info_struct(png);
	end = png_create_info_struct(png);
	if (setjmp(png_jmpbuf(png)))
		fail_msg("libpng refused the baked PNG");
	png_set_read_fn(png, &m, mem_read);
	png_read_info(png, info);
	assert_int_equal(png_get_image_width(png, info), 2);
	assert_int_equal(png_get_image_height(png, info), 2);
	rows[0] = px[0];
	rows[1] = px[1];
	png_read_image(png, rows);
	png_read_end(png, end);
	assert_memory_equal(px, pixels, sizeof(px));
	/* the text chunks after IDAT are in end's info */
	ntext = png_get_text(png, end, &text, NULL);
	for (i = 0; i < ntext; i++)
		if (strcmp(text[i].key, kw) == 0) {
			assert_int_equal(text[i].compression,
			    PNG_ITXT_COMPRESSION_NONE);
			assert_string_equal(text[i].text, want);
			seen++;
		}
	assert_int_equal(seen, 1);
	png_destroy_read_struct(&png, &info, &end);
}

static void
test_png_ob2(void **state)
{
	struct buf orig, out;
	struct arena a;
	char *text;

	(void)state;
	arena_init(&a);
	make_png(&orig);
	buf_init(&out);
	assert_int_equal(badge_png_bake(&out, (unsigned char *)orig.data,
	    orig.len, BADGE_OB2, ASSERTION, false), BADGE_BAKE_OK);
	assert_int_equal(walk(&out, &orig, "openbadges"), 1);
	assert_int_equal(badge_png_extract(&a, (unsigned char *)out.data,
	    out.len, BADGE_OB2, &text), BADGE_BAKE_OK);
	assert_string_equal(text, ASSERTION);
	assert_int_equal(badge_png_extract(&a, (unsigned char *)out.data,
	    out.len, BADGE_OB3, &text), BADGE_BAKE_NONE);
	assert_int_equal(badge_png_extract(&a, (unsigned char *)orig.data,
	    orig.len, BADGE_OB2, &text), BADGE_BAKE_NONE);
	libpng_check(&out, "openbadges", ASSERTION);
	buf_cleanup(&out);
	buf_cleanup(&orig);
	arena_cleanup(&a);
}

/* OB 3.0: keyword openbadgecredential, the compact JWS as the text. */
static void
test_png_ob3(void **state)
{
	struct buf orig, out;
	struct arena a;
	char *text;

	(void)state;
	arena_init(&a);
	make_png(&orig);
	buf_init(&out);
	assert_int_equal(badge_png_bake(&out, (unsigned char *)orig.data,
	    orig.len, BADGE_OB3, JWT, false), BADGE_BAKE_OK);
	assert_int_equal(walk(&out, &orig, "openbadgecredential"), 1);
	assert_int_equal(walk(&out, &orig, "openbadges"), 0);
	assert_int_equal(badge_png_extract(&a, (unsigned char *)out.data,
	    out.len, BADGE_OB3, &text), BADGE_BAKE_OK);
	assert_string_equal(text, JWT);
	libpng_check(&out, "openbadgecredential", JWT);
	buf_cleanup(&out);
	buf_cleanup(&orig);
	arena_cleanup(&a);
}

/* "MUST NOT appear in a PNG more than once": refused, or replaced. */
static void
test_png_once(void **state)
{
	struct buf orig, once, twice;
	struct arena a;
	char *text;

	(void)state;
	arena_init(&a);
	make_png(&orig);
	buf_init(&once);
	buf_init(&twice);
	assert_int_equal(badge_png_bake(&once, (unsigned char *)orig.data,
	    orig.len, BADGE_OB2, ASSERTION, false), BADGE_BAKE_OK);
	assert_int_equal(badge_png_bake(&twice, (unsigned char *)once.data,
	    once.len, BADGE_OB2, "{}", false), BADGE_BAKE_BAKED);
	assert_int_equal(twice.len, 0);
	/* either version's data counts */
	assert_int_equal(badge_png_bake(&twice, (unsigned char *)once.data,
	    once.len, BADGE_OB3, JWT, false), BADGE_BAKE_BAKED);
	assert_int_equal(badge_png_bake(&twice, (unsigned char *)once.data,
	    once.len, BADGE_OB3, JWT, true), BADGE_BAKE_OK);
	assert_int_equal(walk(&twice, &orig, "openbadges"), 0);
	assert_int_equal(walk(&twice, &orig, "openbadgecredential"), 1);
	assert_int_equal(badge_png_extract(&a, (unsigned char *)twice.data,
	    twice.len, BADGE_OB3, &text), BADGE_BAKE_OK);
	assert_string_equal(text, JWT);
	/* re-baking the same version replaces its chunk */
	buf_cleanup(&once);
	buf_init(&once);
	assert_int_equal(badge_png_bake(&once, (unsigned char *)twice.data,
	    twice.len, BADGE_OB3, "a.b.c", true), BADGE_BAKE_OK);
	assert_int_equal(walk(&once, &orig, "openbadgecredential"), 1);
	libpng_check(&once, "openbadgecredential", "a.b.c");
	buf_cleanup(&once);
	buf_cleanup(&twice);
	buf_cleanup(&orig);
	arena_cleanup(&a);
}

static int
bake_bytes(const struct buf *in)
{
	struct buf out;
	int rc;

	buf_init(&out);
	rc = badge_png_bake(&out, (const unsigned char *)in->data, in->len,
	    BADGE_OB2, "{}", true);
	if (rc != BADGE_BAKE_OK)
		assert_int_equal(out.len, 0);
	buf_cleanup(&out);
	return rc;
}

/* A damaged PNG is refused, not passed on. */
static void
test_png_damaged(void **state)
{
	struct buf orig, bad;
	struct arena a;
	char *text;
	size_t idat;

	(void)state;
	arena_init(&a);
	make_png(&orig);
	assert_int_equal(bake_bytes(&orig), BADGE_BAKE_OK);

	buf_init(&bad);			/* one bit of IDAT: its CRC fails */
	buf_append(&bad, orig.data, orig.len);
	idat = 8 + 25 + 26 + 8 + 1;
	bad.data[idat] ^= 1;
	assert_int_equal(bake_bytes(&bad), BADGE_BAKE_BAD);
	assert_int_equal(badge_png_extract(&a, (unsigned char *)bad.data,
	    bad.len, BADGE_OB2, &text), BADGE_BAKE_BAD);
	bad.len = orig.len - 1;		/* truncated */
	memcpy(bad.data, orig.data, bad.len);
	assert_int_equal(bake_bytes(&bad), BADGE_BAKE_BAD);
	buf_append(&bad, orig.data + bad.len, 1);
	buf_append(&bad, "x", 1);	/* bytes after IEND */
	assert_int_equal(bake_bytes(&bad), BADGE_BAKE_BAD);
	bad.len = 0;			/* not a PNG */
	buf_puts(&bad, "GIF89a");
	assert_int_equal(bake_bytes(&bad), BADGE_BAKE_BAD);
	bad.len = 0;			/* tEXt before IHDR */
	buf_append(&bad, orig.data, 8);
	buf_append(&bad, orig.data + 8 + 25, 26);
	buf_append(&bad, orig.data + 8, 25);
	buf_append(&bad, orig.data + 8 + 25 + 26, orig.len - 8 - 25 - 26);
	assert_int_equal(bake_bytes(&bad), BADGE_BAKE_BAD);
	buf_cleanup(&bad);
	buf_cleanup(&orig);
	arena_cleanup(&a);
}

#define SVG "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<!-- not the root: <svg width=\"1\"> -->\n" \
	"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox='0 0 512 512'\n" \
	"  width=\"512\">\n  <circle cx=\"256\" cy=\"256\" r=\"200\"/>\n</svg>\n"

static int
count(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s++;
	}
	return n;
}

static const char *
bake_svg(struct buf *out, const char *svg, enum badge_version v,
    const char *verify, const char *body, bool replace, int want)
{
	buf_init(out);
	assert_int_equal(badge_svg_bake(out, svg, strlen(svg), v, verify, body,
	    replace), want);
	return buf_cstr(out);
}

/* 2.0 "SVGs": xmlns:openbadges http://openbadges.org on the root, the
 * openbadges:assertion element directly after its start tag, verify = the
 * Assertion URL, the JSON in CDATA. */
static void
test_svg_ob2(void **state)
{
	const char *url = "https://tuki.example.fi/badges/assertions/7?a=1&b=2";
	struct buf out;
	struct arena a;
	const char *s;
	char *verify, *body;

	(void)state;
	arena_init(&a);
	s = bake_svg(&out, SVG, BADGE_OB2, url, ASSERTION, false,
	    BADGE_BAKE_OK);
	assert_non_null(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox='0 0 512 512' width=\"512\" "
	    "xmlns:openbadges=\"http://openbadges.org\">"
	    "<openbadges:assertion verify=\"https://tuki.example.fi/badges/"
	    "assertions/7?a=1&amp;b=2\"><![CDATA["));
	assert_int_equal(count(s, "<openbadges:assertion"), 1);
	assert_int_equal(count(s, "xmlns:openbadges"), 1);
	/* the rest of the image is still there, and the comment */
	assert_non_null(strstr(s, "<circle cx=\"256\""));
	assert_non_null(strstr(s, "<!-- not the root: <svg width=\"1\"> -->"));
	assert_int_equal(badge_svg_extract(&a, s, strlen(s), BADGE_OB2,
	    &verify, &body), BADGE_BAKE_OK);
	assert_string_equal(verify, url);
	assert_string_equal(body, ASSERTION);	/* "]]>" inside survived */
	assert_int_equal(badge_svg_extract(&a, s, strlen(s), BADGE_OB3,
	    &verify, &body), BADGE_BAKE_NONE);
	buf_cleanup(&out);
	arena_cleanup(&a);
}

/* 3.0 "SVG": xmlns:openbadges https://purl.imsglobal.org/ob/v3p0,
 * openbadges:credential with verify = the compact JWS and no body. */
static void
test_svg_ob3(void **state)
{
	struct buf out;
	struct arena a;
	const char *s;
	char *verify, *body;

	(void)state;
	arena_init(&a);
	s = bake_svg(&out, SVG, BADGE_OB3, JWT, NULL, false, BADGE_BAKE_OK);
	assert_non_null(strstr(s, " xmlns:openbadges=\"https://purl."
	    "imsglobal.org/ob/v3p0\"><openbadges:credential verify=\"" JWT
	    "\"></openbadges:credential>\n  <circle"));
	assert_int_equal(badge_svg_extract(&a, s, strlen(s), BADGE_OB3,
	    &verify, &body), BADGE_BAKE_OK);
	assert_string_equal(verify, JWT);
	assert_null(body);
	buf_cleanup(&out);
	arena_cleanup(&a);
}

/* "There MUST be only one": refused, or the old element and namespace
 * replaced. */
static void
test_svg_once(void **state)
{
	struct buf once, twice;
	struct arena a;
	const char *s;
	char *verify, *body;

	(void)state;
	arena_init(&a);
	s = bake_svg(&once, SVG, BADGE_OB2, "https://x.fi/a/1", ASSERTION,
	    false, BADGE_BAKE_OK);
	bake_svg(&twice, s, BADGE_OB2, "https://x.fi/a/2", NULL, false,
	    BADGE_BAKE_BAKED);
	assert_int_equal(twice.len, 0);
	buf_cleanup(&twice);
	s = bake_svg(&twice, s, BADGE_OB3, JWT, NULL, true, BADGE_BAKE_OK);
	assert_int_equal(count(s, "<openbadges:"), 1);
	assert_int_equal(count(s, "</openbadges:"), 1);
	assert_int_equal(count(s, "xmlns:openbadges"), 1);
	assert_null(strstr(s, "http://openbadges.org"));
	assert_null(strstr(s, "CDATA"));
	assert_int_equal(badge_svg_extract(&a, s, strlen(s), BADGE_OB3,
	    &verify, &body), BADGE_BAKE_OK);
	assert_string_equal(verify, JWT);
	/* and a self-closing old element goes too */
	buf_cleanup(&once);
	s = bake_svg(&once, "<svg xmlns:openbadges=\"http://openbadges.org\">"
	    "<openbadges:assertion verify=\"sig\"/><g/></svg>", BADGE_OB2,
	    "https://x.fi/a/3", NULL, true, BADGE_BAKE_OK);
	assert_string_equal(s, "<svg xmlns:openbadges=\"http://openbadges.org\">"
	    "<openbadges:assertion verify=\"https://x.fi/a/3\">"
	    "</openbadges:assertion><g/></svg>");
	buf_cleanup(&once);
	buf_cleanup(&twice);
	arena_cleanup(&a);
}

static void
test_svg_bad(void **state)
{
	struct buf out;

	(void)state;
	bake_svg(&out, "<html><svg></svg></html>", BADGE_OB3, JWT, NULL,
	    false, BADGE_BAKE_BAD);
	buf_cleanup(&out);
	bake_svg(&out, "<svg/>", BADGE_OB3, JWT, NULL, false, BADGE_BAKE_BAD);
	buf_cleanup(&out);
	bake_svg(&out, "<svg width=\"1>", BADGE_OB3, JWT, NULL, false,
	    BADGE_BAKE_BAD);
	buf_cleanup(&out);
	bake_svg(&out, "<svgx></svgx>", BADGE_OB3, JWT, NULL, false,
	    BADGE_BAKE_BAD);
	buf_cleanup(&out);
	bake_svg(&out, "<svg><openbadges:assertion verify=\"x\"></svg>",
	    BADGE_OB3, JWT, NULL, true, BADGE_BAKE_BAD);
	buf_cleanup(&out);
	/* found by fuzzing: "<" in an attribute value (XML 1.0 [10]),
	 * attributes without white space between them, a NUL byte */
	bake_svg(&out, "<svg a=\"<openbadges:assertion verify='u'>\"></svg>",
	    BADGE_OB2, "x", NULL, false, BADGE_BAKE_BAD);
	buf_cleanup(&out);
	bake_svg(&out, "<svg a=\"1\"b=\"2\"></svg>", BADGE_OB2, "x", NULL,
	    false, BADGE_BAKE_BAD);
	buf_cleanup(&out);
	buf_init(&out);
	assert_int_equal(badge_svg_bake(&out, "<svg>\0</svg>", 13, BADGE_OB2,
	    "x", NULL, false), BADGE_BAKE_BAD);
	buf_cleanup(&out);
}

/* The reader looks inside the root only: not in the prolog's comments. */
static void
test_svg_extract_root(void **state)
{
	const char *s = "<!-- <openbadges:credential verify=\"evil\"> -->"
	    "<svg><g/></svg>";
	struct arena a;
	char *verify, *body;

	(void)state;
	arena_init(&a);
	assert_int_equal(badge_svg_extract(&a, s, strlen(s), BADGE_OB3,
	    &verify, &body), BADGE_BAKE_NONE);
	assert_int_equal(badge_svg_extract(&a, "<html/>", 7, BADGE_OB3,
	    &verify, &body), BADGE_BAKE_BAD);
	arena_cleanup(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png_ob2),
		cmocka_unit_test(test_png_ob3),
		cmocka_unit_test(test_png_once),
		cmocka_unit_test(test_png_damaged),
		cmocka_unit_test(test_svg_ob2),
		cmocka_unit_test(test_svg_ob3),
		cmocka_unit_test(test_svg_once),
		cmocka_unit_test(test_svg_bad),
		cmocka_unit_test(test_svg_extract_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * badge_image.c - checking, making and wrapping badge images (see
 * badge_image.h).
 */
#include <ctype.h>
#include <math.h>
#include <png.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "learning/badge.h"
#include "learning/badge_bake.h"
#include "learning/badge_image.h"
#include "view/escape.h"

#define MSG_TYPE N_("The image must be a PNG or SVG file. Other file types are not accepted.")
#define MSG_PNG N_("The PNG image is damaged. Save it again and upload it.")
#define MSG_SIZE N_("The image must be from 16 × 16 to 2048 × 2048 pixels.")
#define MSG_SVG N_("The SVG image has scripts, links or other content that cannot be published. Save it as a plain SVG image and upload it again.")
#define MSG_BAKED N_("The image already carries badge data. Upload the plain image.")

static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	0x1a, '\n' };

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The bytes libpng reads from. */
struct png_src {
	const unsigned char *p;
	size_t n, pos;
};

static void
png_src_read(png_structp png, png_bytep out, size_t len)
{
	struct png_src *s = png_get_io_ptr(png);

	if (len > s->n - s->pos)
		png_error(png, "past the end");
	memcpy(out, s->p + s->pos, len);
	s->pos += len;
}

static void
png_quiet_error(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void
png_quiet_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/*
 * Whether libpng decodes every row of the image (each pass of an
 * interlaced one) and reads to its end.  Why: the chunk walk proves only
 * that the bytes arrived as written (lengths, CRCs); an image whose
 * compressed data is wrong has right CRCs too, and would be published as
 * a badge no viewer can show.  One row in memory at a time; libpng's own
 * limits refuse a larger image before any row is read.
 */
static bool
png_decodes(const unsigned char *p, size_t n)
{
	struct png_src src = { p, n, 0 };
	png_structp png;
	png_infop info;
	png_bytep volatile row = NULL;
	volatile bool ok = false;
	uint32_t y, h;
	int passes;

	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL,
	    png_quiet_error, png_quiet_warning);
	if (png == NULL)
		return false;
	info = png_create_info_struct(png);
	if (info != NULL && setjmp(png_jmpbuf(png)) == 0) {
		png_set_read_fn(png, &src, png_src_read);
		png_set_user_limits(png, BADGE_IMAGE_MAX_PX,
		    BADGE_IMAGE_MAX_PX);
		png_read_info(png, info);
		passes = png_set_interlace_handling(png);
		png_read_update_info(png, info);
		row = png_malloc(png, png_get_rowbytes(png, info));
		h = png_get_image_height(png, info);
		for (; passes > 0; passes--)
			for (y = 0; y < h; y++)
				png_read_row(png, row, NULL);
		png_read_end(png, NULL);
		ok = true;
	}
	if (row != NULL)
		png_free(png, row);
	png_destroy_read_struct(&png, info != NULL ? &info : NULL, NULL);
	return ok;
}

static const char *
png_check(const unsigned char *p, size_t n)
{
	struct buf b;
	uint32_t w, h;
	int rc;

	/* Baking it is the check: the walker of badge_bake.c checks the
	 * signature, every chunk's length and CRC, IHDR first and IEND
	 * last with nothing after it, and finds either version's data.
	 * An image that passes here is one that can be baked. */
	buf_init(&b);
	rc = badge_png_bake(&b, p, n, BADGE_OB3, "", false);
	buf_cleanup(&b);
	if (rc == BADGE_BAKE_BAD || n < 33)
		return MSG_PNG;
	if (rc == BADGE_BAKE_BAKED)
		return MSG_BAKED;
	w = be32(p + 16);
	h = be32(p + 20);
	if (w < BADGE_IMAGE_MIN_PX || h < BADGE_IMAGE_MIN_PX ||
	    w > BADGE_IMAGE_MAX_PX || h > BADGE_IMAGE_MAX_PX)
		return MSG_SIZE;
	return png_decodes(p, n) ? NULL : MSG_PNG;
}

/* --- SVG --- */

/* SVG's drawing elements that can neither run nor fetch anything. */
static const char *const svg_elements[] = {
	"svg", "g", "defs", "symbol", "use", "title", "desc", "metadata",
	"path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
	"text", "tspan", "textPath", "linearGradient", "radialGradient",
	"stop", "clipPath", "mask", "pattern", "marker", "image", "switch",
	"filter", "feGaussianBlur", "feOffset", "feBlend", "feFlood",
	"feComposite", "feMerge", "feMergeNode", "feColorMatrix",
	"feDropShadow",
};

/* Editors' metadata namespaces, whose elements browsers do not render. */
static const char *const svg_prefixes[] = { "sodipodi:", "inkscape:",
	"rdf:", "cc:", "dc:" };

static bool
name_in(const char *s, size_t n, const char *const *list, size_t count,
    bool prefix)
{
	size_t i, k;

	for (i = 0; i < count; i++) {
		k = strlen(list[i]);
		if (prefix ? (n > k && strncmp(s, list[i], k) == 0) :
		    (n == k && strncmp(s, list[i], k) == 0))
			return true;
	}
	return false;
}

static bool
name_char(char c, bool first)
{
	return isalpha((unsigned char)c) || c == '_' || c == ':' ||
	    (!first && (isdigit((unsigned char)c) || c == '-' || c == '.'));
}

/* Whether s (n bytes) contains needle, case-insensitively, ignoring
 * white space inside s (java\tscript: is still javascript:). */
static bool
contains_loose(const char *s, size_t n, const char *needle)
{
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		for (j = i, k = 0; needle[k] != '\0' && j < n; j++) {
			if (isspace((unsigned char)s[j]))
				continue;
			if (tolower((unsigned char)s[j]) != needle[k])
				break;
			k++;
		}
		if (needle[k] == '\0')
			return true;
	}
	return false;
}

/* Every url( in a value must be url(#...). */
static bool
urls_local(const char *v, size_t n)
{
	size_t i, j;

	for (i = 0; i + 4 <= n; i++) {
		if (strncasecmp(v + i, "url(", 4) != 0)
			continue;
		for (j = i + 4; j < n && (isspace((unsigned char)v[j]) ||
		    v[j] == '"' || v[j] == '\''); j++)
			;
		if (j >= n || v[j] != '#')
			return false;
	}
	return true;
}

/* An attribute: false when it could run or fetch something. */
static bool
attr_ok(const char *name, size_t nn, const char *v, size_t vn)
{
	static const char *const rasters[] = { "data:image/png;base64,",
	    "data:image/jpeg;base64,", "data:image/gif;base64," };
	size_t i;

	if (nn >= 2 && strncasecmp(name, "on", 2) == 0)
		return false;
	if (contains_loose(v, vn, "javascript:") ||
	    contains_loose(v, vn, "vbscript:") || !urls_local(v, vn))
		return false;
	if ((nn == 4 && strncmp(name, "href", 4) == 0) ||
	    (nn == 10 && strncmp(name, "xlink:href", 10) == 0)) {
		if (vn > 0 && v[0] == '#')
			return true;
		for (i = 0; i < sizeof(rasters) / sizeof(rasters[0]); i++)
			if (vn > strlen(rasters[i]) &&
			    strncmp(v, rasters[i], strlen(rasters[i])) == 0)
				return true;
		return false;
	}
	return true;
}

const char *
badge_svg_check(const char *s, size_t n)
{
	size_t i = 0, nn, vn, start;
	const char *name, *e;
	bool root = false, xmlns = false, in_root_tag;
	char q;

	if (!utf8_valid(s, n) || memchr(s, '\0', n) != NULL)
		return MSG_TYPE;
	while (i < n) {
		if (s[i] != '<') {
			i++;
			continue;
		}
		if (n - i >= 4 && strncmp(s + i, "<!--", 4) == 0) {
			if ((e = memmem(s + i + 4, n - i - 4, "-->", 3)) == NULL)
				return MSG_SVG;
			i = (size_t)(e - s) + 3;
			continue;
		}
		if (n - i >= 2 && s[i + 1] == '?') {
			/* Only the XML declaration, and only first. */
			if (root || n - i < 6 || strncmp(s + i, "<?xml ", 6) != 0 ||
			    (e = memmem(s + i, n - i, "?>", 2)) == NULL)
				return MSG_SVG;
			i = (size_t)(e - s) + 2;
			continue;
		}
		if (n - i >= 2 && s[i + 1] == '!')
			return MSG_SVG;		/* DOCTYPE, ENTITY, CDATA */
		if (n - i >= 2 && s[i + 1] == '/') {
			if ((e = memchr(s + i, '>', n - i)) == NULL)
				return MSG_SVG;
			i = (size_t)(e - s) + 1;
			continue;
		}
		/* A start tag: its name, then attributes until > or />. */
		start = ++i;
		while (i < n && name_char(s[i], i == start))
			i++;
		name = s + start;
		nn = i - start;
		if (nn == 0)
			return MSG_SVG;
		if (!root) {
			if (nn != 3 || strncmp(name, "svg", 3) != 0)
				return MSG_TYPE;
			root = true;
			in_root_tag = true;
		} else
			in_root_tag = false;
		if (nn > 11 && strncmp(name, "openbadges:", 11) == 0)
			return MSG_BAKED;
		if (!name_in(name, nn, svg_elements, sizeof(svg_elements) /
		    sizeof(svg_elements[0]), false) && !name_in(name, nn,
		    svg_prefixes, sizeof(svg_prefixes) / sizeof(svg_prefixes[0]),
		    true))
			return MSG_SVG;
		for (;;) {
			while (i < n && isspace((unsigned char)s[i]))
				i++;
			if (i >= n)
				return MSG_SVG;
			if (s[i] == '>') {
				i++;
				break;
			}
			if (s[i] == '/' && i + 1 < n && s[i + 1] == '>') {
				i += 2;
				break;
			}
			start = i;
			while (i < n && name_char(s[i], i == start))
				i++;
			name = s + start;
			nn = i - start;
			while (i < n && isspace((unsigned char)s[i]))
				i++;
			if (nn == 0 || i >= n || s[i] != '=')
				return MSG_SVG;
			i++;
			while (i < n && isspace((unsigned char)s[i]))
				i++;
			if (i >= n || (s[i] != '"' && s[i] != '\''))
				return MSG_SVG;
			q = s[i++];
			start = i;
			while (i < n && s[i] != q && s[i] != '<')
				i++;
			if (i >= n || s[i] != q)
				return MSG_SVG;
			vn = i - start;
			if (!attr_ok(name, nn, s + start, vn))
				return MSG_SVG;
			if (in_root_tag && nn == 5 && strncmp(name, "xmlns",
			    5) == 0 && vn == 26 && strncmp(s + start,
			    "http://www.w3.org/2000/svg", 26) == 0)
				xmlns = true;
			if (nn == 16 && strncmp(name, "xmlns:openbadges", 16) == 0)
				return MSG_BAKED;
			i++;
		}
	}
	return root && xmlns ? NULL : MSG_TYPE;
}

const char *
badge_image_check(const unsigned char *p, size_t n,
    enum learn_image_type *type)
{
	size_t i = 0;

	if (n >= 8 && memcmp(p, png_sig, 8) == 0) {
		*type = LEARN_IMAGE_PNG;
		return png_check(p, n);
	}
	/* An SVG starts with "<" after an optional BOM and white space. */
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;
	while (i < n && isspace(p[i]))
		i++;
	if (i < n && p[i] == '<') {
		*type = LEARN_IMAGE_SVG;
		return badge_svg_check((const char *)p + i, n - i);
	}
	return MSG_TYPE;
}

/* --- making images --- */

/* Breaks a name into at most three lines of about 14 characters. */
static size_t
lines_of(struct arena *a, const char *name, const char *out[3])
{
	size_t n = 0, len;
	const char *p = name, *sp, *cut;

	while (*p != '\0' && n < 3) {
		while (*p == ' ')
			p++;
		len = strlen(p);
		if (len <= 14 || n == 2) {
			out[n++] = arena_strdup(a, p);
			break;
		}
		cut = NULL;
		for (sp = p; (sp = strchr(sp, ' ')) != NULL && sp - p <= 14; sp++)
			cut = sp;
		if (cut == NULL)
			cut = strchr(p, ' ');
		if (cut == NULL) {
			out[n++] = arena_strdup(a, p);
			break;
		}
		out[n++] = arena_strndup(a, p, (size_t)(cut - p));
		p = cut + 1;
	}
	return n;
}

const char *
badge_svg_generate(struct arena *a, const char *name, const char *lang)
{
	const char *lines[3];
	struct buf b;
	const char *svg;
	size_t n, i;
	int y;

	n = lines_of(a, name, lines);
	buf_init(&b);
	/* Dark blue on white and white on dark blue: contrast above 7:1. */
	buf_puts(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 200 200\" width=\"200\" height=\"200\" role=\"img\" "
	    "aria-labelledby=\"badge-title\" xml:lang=\"");
	html_txt(&b, lang);
	buf_puts(&b, "\"><title id=\"badge-title\">");
	html_txt(&b, name);
	buf_puts(&b, "</title><circle cx=\"100\" cy=\"100\" r=\"96\" "
	    "fill=\"#0b3d91\"/><circle cx=\"100\" cy=\"100\" r=\"84\" "
	    "fill=\"none\" stroke=\"#ffffff\" stroke-width=\"4\"/>"
	    "<g fill=\"#ffffff\" font-family=\"sans-serif\" font-size=\"18\" "
	    "font-weight=\"bold\" text-anchor=\"middle\" aria-hidden=\"true\">");
	y = 106 - (int)(n - 1) * 11;
	for (i = 0; i < n; i++, y += 22) {
		buf_printf(&b, "<text x=\"100\" y=\"%d\">", y);
		html_txt(&b, lines[i]);
		buf_puts(&b, "</text>");
	}
	buf_puts(&b, "</g></svg>\n");
	svg = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return svg;
}

const char *
learn_svg_wrap_png(struct arena *a, const unsigned char *png, size_t n,
    const char *title)
{
	uint32_t w = n >= 24 ? be32(png + 16) : 1, h = n >= 24 ?
	    be32(png + 20) : 1;
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct buf b;
	const char *svg;
	size_t i;

	buf_init(&b);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %u %u\" width=\"%u\" height=\"%u\" role=\"img\" "
	    "aria-labelledby=\"badge-title\"><title id=\"badge-title\">",
	    (unsigned)w, (unsigned)h, (unsigned)w, (unsigned)h);
	html_txt(&b, title);
	buf_printf(&b, "</title><image width=\"%u\" height=\"%u\" "
	    "href=\"data:image/png;base64,", (unsigned)w, (unsigned)h);
	for (i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)png[i] << 16 |
		    (i + 1 < n ? (uint32_t)png[i + 1] << 8 : 0) |
		    (i + 2 < n ? png[i + 2] : 0);

		buf_putc(&b, b64[v >> 18 & 63]);
		buf_putc(&b, b64[v >> 12 & 63]);
		buf_putc(&b, i + 1 < n ? b64[v >> 6 & 63] : '=');
		buf_putc(&b, i + 2 < n ? b64[v & 63] : '=');
	}
	buf_puts(&b, "\"/></svg>\n");
	svg = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return svg;
}

/* --- the demo's PNG --- */

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Appends a chunk with its length and CRC. */
static void
chunk(struct buf *b, const char *type, const unsigned char *data, size_t n)
{
	unsigned char hdr[8], crc[4];
	uLong c;

	put32(hdr, (uint32_t)n);
	memcpy(hdr + 4, type, 4);
	buf_append(b, hdr, 8);
	if (n > 0)
		buf_append(b, data, n);
	c = crc32(0L, (const Bytef *)type, 4);
	if (n > 0)
		c = crc32(c, data, (uInt)n);
	put32(crc, (uint32_t)c);
	buf_append(b, crc, 4);
}

/* Distance from (x, y) to the segment (ax, ay)-(bx, by). */
static double
seg_dist(double x, double y, double ax, double ay, double bx, double by)
{
	double dx = bx - ax, dy = by - ay, t;

	t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy);
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	return hypot(x - (ax + t * dx), y - (ay + t * dy));
}

unsigned char *
badge_png_demo(struct arena *a, size_t *n)
{
	enum { S = 160 };
	unsigned char ihdr[13], *raw, *z, *out;
	uLongf zn;
	struct buf b;
	size_t row = 1 + 4 * S;
	int x, y;

	raw = arena_calloc(a, S, row);
	for (y = 0; y < S; y++) {
		raw[(size_t)y * row] = 0;	/* filter: none */
		for (x = 0; x < S; x++) {
			unsigned char *px = raw + (size_t)y * row + 1 + 4 * x;
			double d = hypot(x - S / 2.0 + 0.5, y - S / 2.0 + 0.5);
			double t = fmin(seg_dist(x, y, 48, 82, 70, 106),
			    seg_dist(x, y, 70, 106, 114, 56));

			if (d > 78)
				continue;	/* transparent */
			px[3] = 255;
			if (t < 8 || (d > 66 && d < 71)) {
				px[0] = px[1] = px[2] = 255;
			} else {
				px[0] = 0x0b;
				px[1] = 0x3d;
				px[2] = 0x91;
			}
		}
	}
	put32(ihdr, S);
	put32(ihdr + 4, S);
	ihdr[8] = 8;		/* bit depth */
	ihdr[9] = 6;		/* RGBA */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	zn = compressBound((uLong)(S * row));
	z = arena_alloc(a, zn);
	if (compress2(z, &zn, raw, (uLong)(S * row), 9) != Z_OK)
		return NULL;
	buf_init(&b);
	buf_append(&b, png_sig, 8);
	chunk(&b, "IHDR", ihdr, sizeof(ihdr));
	chunk(&b, "IDAT", z, zn);
	chunk(&b, "IEND", NULL, 0);
	*n = b.len;
	out = arena_alloc(a, b.len);
	memcpy(out, b.data, b.len);
	buf_cleanup(&b);
	return out;
}

/*
 * utf8.c - strict UTF-8 validation.
 */
#include <stdint.h>
#include <string.h>

#include "base/str.h"
#include "base/utf8.h"

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

/*
 * Returns the length (2..4) of the well-formed multi-byte sequence at s, or 0
 * when it is malformed or cut off.  The allowed second bytes come straight
 * from Unicode table 3-7: the narrowed ranges after E0, ED, F0 and F4 are
 * what exclude overlongs, surrogates and code points above U+10FFFF.
 */
static size_t
utf8_seq(const unsigned char *s, size_t left)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;	/* 80..C1 and F5..FF never start a sequence */
	if (left < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/*
 * Both public checks share this loop.  Form bodies are mostly ASCII, so eight
 * bytes are tested at once while none of them has the high bit set (and, for
 * text, none is below 0x20, using the "has a byte less than n" trick from
 * Bit Twiddling Hacks); only words that fail that test go byte by byte.
 */
static bool
utf8_check(const char *p, size_t n, bool text)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, len;
	uint64_t w;

	while (i < n) {
		if (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((w & HIGHS) == 0 &&
			    (!text || ((w - ONES * 0x20) & ~w & HIGHS) == 0)) {
				i += 8;
				continue;
			}
		}
		if (s[i] < 0x80) {
			if (text && s[i] < 0x20 && s[i] != '\t' &&
			    s[i] != '\n' && s[i] != '\r')
				return false;
			i++;
			continue;
		}
		if ((len = utf8_seq(s + i, n - i)) == 0)
			return false;
		i += len;
	}
	return true;
}

/* The two entry points stay separate so that no caller passes a bare flag. */
bool
utf8_valid(const char *p, size_t n)
{
	return utf8_check(p, n, false);
}

bool
text_valid(const char *p, size_t n)
{
	return utf8_check(p, n, true);
}

size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int
text_line(struct arena *a, const char *s, size_t max, const char **out)
{
	struct str t = str_trim(str_from_cstr(s != NULL ? s : ""));
	size_t i;

	*out = arena_strndup(a, t.ptr, t.len);
	for (i = 0; i < t.len; i++)
		if ((unsigned char)t.ptr[i] < 0x20 || t.ptr[i] == 0x7f)
			return -1;
	return utf8_chars(*out) > max ? -1 : 0;
}

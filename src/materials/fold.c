/*
 * fold.c - text folded for the library's search (see mat_fold() in
 * materials.h for the decision and its reason).
 *
 * Latin-1 and Latin Extended-A letters are mapped by table to their base
 * letters; letters of other scripts are kept as they are (lower case is
 * then only ASCII's, which is enough for a Nordic library); everything
 * that is not a letter or a digit separates words.
 */
#include <string.h>

#include "base/buf.h"
#include "materials/materials.h"

/* U+00C0..U+00FF; '*' marks the two-letter foldings, ' ' a separator. */
static const char latin1[64] =
    "aaaaaa*ceeeeiiiidnooooo ouuuuy**"
    "aaaaaa*ceeeeiiiidnooooo ouuuuy*y";
/* U+0100..U+017F */
static const char latin_a[128] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkk"
    "llllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* Decodes one UTF-8 sequence of s (valid UTF-8 assumed, as the request
 * layer guarantees; a stray byte is taken as itself).  Its length in *n. */
static unsigned
decode(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*n = 2;
		return (unsigned)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80) {
		*n = 3;
		return (unsigned)(s[0] & 0x0f) << 12 |
		    (unsigned)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	}
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
		*n = 4;
		return 0x10000;	/* beyond the tables: kept as bytes */
	}
	*n = 1;
	return 0xfffd;
}

static void
put_sep(struct buf *b)
{
	if (b->len > 0 && b->data[b->len - 1] != ' ')
		buf_putc(b, ' ');
}

char *
mat_fold(struct arena *a, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	struct buf b;
	char *out;
	size_t n;
	unsigned c;

	buf_init(&b);
	while (*p) {
		c = decode(p, &n);
		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				buf_putc(&b, (char)(c + 32));
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				buf_putc(&b, (char)c);
			else
				put_sep(&b);
		} else if (c >= 0xc0 && c <= 0xff) {
			char f = latin1[c - 0xc0];

			if (f == ' ')
				put_sep(&b);
			else if (f != '*')
				buf_putc(&b, f);
			else if (c == 0xc6 || c == 0xe6)
				buf_puts(&b, "ae");
			else if (c == 0xdf)
				buf_puts(&b, "ss");
			else
				buf_puts(&b, "th");	/* Þ þ */
		} else if (c >= 0x100 && c <= 0x17f)
			buf_putc(&b, latin_a[c - 0x100]);
		else if (c < 0xc0 || (c >= 0x2000 && c <= 0x206f) ||
		    c == 0x3000 || c == 0xfeff || c == 0xfffd)
			put_sep(&b);	/* Latin-1 and general punctuation:
					 * NBSP, dashes, quotes, ellipsis */
		else
			buf_append(&b, p, n);
		p += n;
	}
	while (b.len > 0 && b.data[b.len - 1] == ' ')
		b.len--;
	out = arena_strndup(a, b.len ? b.data : "", b.len);
	buf_cleanup(&b);
	return out;
}

bool
mat_fold_match(const char *text, const char *query)
{
	char word[MAT_QUERY_MAX + 1];
	const char *q = query, *e;
	size_t n;

	while (*q) {
		while (*q == ' ')
			q++;
		if (*q == '\0')
			break;
		e = strchr(q, ' ');
		n = e ? (size_t)(e - q) : strlen(q);
		if (n > MAT_QUERY_MAX)
			n = MAT_QUERY_MAX;
		memcpy(word, q, n);
		word[n] = '\0';
		if (strstr(text, word) == NULL)
			return false;
		q += n;
	}
	return true;
}

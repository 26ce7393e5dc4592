/*
 * collate.c - Finnish/Swedish alphabetical order.
 */
#include <stdint.h>

#include "base/collate.h"

/*
 * Decodes one UTF-8 character and maps it to its sort weight: letters fold
 * to lower case and å, ä, ö (and their capitals) go after z; ü sorts as y
 * and é as e, as in both languages' dictionaries.  Invalid bytes weigh as
 * themselves.
 */
static uint32_t
collate_weight(const unsigned char **sp)
{
	const unsigned char *s = *sp;
	uint32_t c = s[0];

	if (c >= 0xC0 && c < 0xE0 && (s[1] & 0xC0) == 0x80) {
		c = ((c & 0x1F) << 6) | (s[1] & 0x3F);
		*sp = s + 2;
	} else if (c >= 0xE0 && c < 0xF0 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		c = ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
		    (s[2] & 0x3F);
		*sp = s + 3;
	} else
		*sp = s + 1;
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	switch (c) {
	case 0xC5: case 0xE5: return 'z' + 1;	/* Å å */
	case 0xC4: case 0xE4: case 0xC6: case 0xE6: return 'z' + 2; /* Ä ä Æ */
	case 0xD6: case 0xF6: case 0xD8: case 0xF8: return 'z' + 3; /* Ö ö Ø */
	case 0xDC: case 0xFC: return 'y';	/* Ü ü */
	case 0xC9: case 0xE9: return 'e';	/* É é */
	default: break;
	}
	return c;
}

int
collate_fi(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	uint32_t x, y;

	while (*p != '\0' && *q != '\0') {
		x = collate_weight(&p);
		y = collate_weight(&q);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return (*p != '\0') - (*q != '\0');
}

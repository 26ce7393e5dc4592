/*
 * text.c - the learning module's pure helpers (learning.h).
 */
#include <sodium.h>
#include <string.h>

#include "learning/learning.h"

const char *
learn_kind_name(enum badge_achievement_type t)
{
	return badge_achievement_type_name(t);
}

int
learn_kind_parse(const char *s, enum badge_achievement_type *out)
{
	int t;

	for (t = BADGE_TYPE_BADGE; t <= BADGE_TYPE_CERTIFICATE; t++)
		if (strcmp(s, badge_achievement_type_name(
		    (enum badge_achievement_type)t)) == 0) {
			*out = (enum badge_achievement_type)t;
			return 0;
		}
	return -1;
}

void
learn_uuid_new(char out[LEARN_UUID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	size_t i, o = 0;

	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
}

bool
learn_uuid_valid(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != LEARN_UUID_LEN)
		return false;
	for (i = 0; i < LEARN_UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return true;
}

const char *
learn_address_of(struct arena *a, const char *from)
{
	const char *lt = strrchr(from, '<'), *gt;

	if (lt != NULL && (gt = strchr(lt, '>')) != NULL)
		return arena_strndup(a, lt + 1, (size_t)(gt - lt - 1));
	return arena_strdup(a, from);
}

bool
learn_has_lang(const struct achievement *ac, enum lang l)
{
	return ac->name[l] != NULL && ac->name[l][0] != '\0';
}

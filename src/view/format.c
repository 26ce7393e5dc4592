/*
 * format.c - template-side formatting helpers.
 */
#include <string.h>

#include "base/time.h"
#include "http/request.h"
#include "view/format.h"

const char *
format_datetime(struct view *v, int64_t t)
{
	return time_format_datetime(v->arena, v->lang, t);
}

const char *
format_date(struct view *v, int64_t t)
{
	return time_format_date(v->arena, v->lang, t);
}

const char *
format_iso(struct view *v, int64_t t)
{
	return time_format_iso(v->arena, t);
}

int
format_csv_sep(struct request *r, char *out)
{
	const char *s = kv_get(&r->query, "sep");

	if (s == NULL || s[0] == '\0')
		*out = r->lang == LANG_EN ? ',' : ';';
	else if (strcmp(s, "comma") == 0)
		*out = ',';
	else if (strcmp(s, "semicolon") == 0)
		*out = ';';
	else
		return -1;
	return 0;
}

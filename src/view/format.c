/*
 * format.c - template-side formatting helpers.
 */
#include "base/time.h"
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

/*
 * csvout.c - the CSV writer of exports.
 */
#include <stdio.h>
#include <string.h>

#include "base/csvout.h"

void
csvout_init(struct csvout *c, struct buf *b, char sep, bool bom)
{
	c->b = b;
	c->sep = sep == ';' ? ';' : ',';
	c->row_open = false;
	if (bom)
		buf_puts(b, CSVOUT_BOM);
}

/* The separator before every field but the first of a record. */
static void
csvout_sep(struct csvout *c)
{
	if (c->row_open)
		buf_putc(c->b, c->sep);
	c->row_open = true;
}

bool
csvout_formula_like(const char *s)
{
	return s != NULL && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

/*
 * Writes s, with `prefix` (NULL or "'") before it, quoted when any byte
 * of the value would otherwise end the field or the record.  The scan
 * and the copy are both one pass over the bytes; quotes are doubled.
 */
static void
csvout_put(struct csvout *c, const char *prefix, const char *s)
{
	const char *p, *q;
	bool quote = false;

	for (p = s; *p != '\0'; p++)
		if (*p == c->sep || *p == '"' || *p == '\r' || *p == '\n') {
			quote = true;
			break;
		}
	if (!quote) {
		if (prefix != NULL)
			buf_puts(c->b, prefix);
		buf_puts(c->b, s);
		return;
	}
	buf_putc(c->b, '"');
	if (prefix != NULL)
		buf_puts(c->b, prefix);
	for (p = s; (q = strchr(p, '"')) != NULL; p = q + 1) {
		buf_append(c->b, p, (size_t)(q - p) + 1);
		buf_putc(c->b, '"');
	}
	buf_puts(c->b, p);
	buf_putc(c->b, '"');
}

/*
 * Formula injection: spreadsheets take a cell that starts with = + - or @
 * as a formula (and some also after a tab or CR), so a title such as
 * "=HYPERLINK(...)" typed into an action would run on the coordinator's
 * machine when the export is opened.  The OWASP advice is a leading
 * apostrophe, which Excel and LibreOffice show as text and do not keep as
 * part of the value.  Only text fields get it: numbers are written by
 * csvout_int() and csvout_decimal().
 */
void
csvout_text(struct csvout *c, const char *s)
{
	csvout_sep(c);
	if (s == NULL)
		return;
	csvout_put(c, csvout_formula_like(s) ? "'" : NULL, s);
}

void
csvout_raw(struct csvout *c, const char *s)
{
	csvout_sep(c);
	if (s != NULL)
		csvout_put(c, NULL, s);
}

void
csvout_int(struct csvout *c, int64_t v)
{
	csvout_sep(c);
	buf_put_i64(c->b, v);
}

void
csvout_decimal(struct csvout *c, double v, int decimals)
{
	char tmp[64], *dot;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	csvout_sep(c);
	snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);
	/* -0.04 rounds to "-0.0": a value shown as zero has no sign. */
	if (tmp[0] == '-' && strspn(tmp + 1, "0.,") == strlen(tmp + 1))
		memmove(tmp, tmp + 1, strlen(tmp));
	/* printf's mark depends on LC_NUMERIC; write the one asked for. */
	if ((dot = strpbrk(tmp, ".,")) != NULL)
		*dot = c->sep == ';' ? ',' : '.';
	buf_puts(c->b, tmp);
}

void
csvout_empty(struct csvout *c)
{
	csvout_sep(c);
}

void
csvout_end(struct csvout *c)
{
	buf_append(c->b, "\r\n", 2);
	c->row_open = false;
}

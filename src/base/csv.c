/*
 * csv.c - RFC 4180 records from memory.
 */
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"

void
csv_init(struct csv *c, struct arena *a, const char *data, size_t len, char sep)
{
	c->p = data;
	c->end = data + len;
	c->arena = a;
	c->sep = sep;
	c->line = 1;
	c->next_line = 1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
}

/*
 * Reads one field ending at the separator, a line end or the input's end.
 * Quoted fields may hold separators, quotes (doubled) and line breaks.
 */
static int
csv_field(struct csv *c, struct buf *b)
{
	b->len = 0;
	if (c->p < c->end && *c->p == '"') {
		c->p++;
		for (;;) {
			if (c->p == c->end)
				return -1;	/* unterminated quote */
			if (*c->p == '"') {
				if (c->p + 1 < c->end && c->p[1] == '"') {
					buf_putc(b, '"');
					c->p += 2;
					continue;
				}
				c->p++;
				break;
			}
			if (*c->p == '\n')
				c->next_line++;
			buf_putc(b, *c->p++);
		}
		if (c->p < c->end && *c->p != c->sep && *c->p != '\n' &&
		    *c->p != '\r')
			return -1;	/* text after the closing quote */
		return 0;
	}
	while (c->p < c->end && *c->p != c->sep && *c->p != '\n' &&
	    *c->p != '\r') {
		if (*c->p == '"')
			return -1;
		buf_putc(b, *c->p++);
	}
	return 0;
}

int
csv_next(struct csv *c, struct csv_record *rec)
{
	struct buf b;
	int rc = 1;

	/* Skip blank lines. */
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
		if (*c->p == '\n')
			c->next_line++;
		c->p++;
	}
	if (c->p == c->end)
		return 0;
	c->line = c->next_line;
	rec->line = c->line;
	rec->nfields = 0;
	buf_init(&b);
	for (;;) {
		if (rec->nfields == CSV_MAX_FIELDS || csv_field(c, &b) != 0) {
			rc = -1;
			break;
		}
		rec->fields[rec->nfields++] = arena_strndup(c->arena,
		    b.data ? b.data : "", b.len);
		if (c->p < c->end && *c->p == c->sep) {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n') {
			c->p++;
			c->next_line++;
		}
		break;
	}
	buf_cleanup(&b);
	return rc;
}

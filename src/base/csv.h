/*
 * csv.h - a small RFC 4180 reader for imports.
 *
 * Reads records one at a time from memory: quoted fields with doubled
 * quotes, CRLF or LF line ends, a UTF-8 byte-order mark at the start (Excel
 * writes one).  Line numbers are kept so an import can say exactly which
 * row is wrong.
 */
#ifndef TV_BASE_CSV_H
#define TV_BASE_CSV_H

#include <stddef.h>

#include "base/arena.h"

/* The widest file read is the directory's (65 columns: directory/csv.h),
 * with room for a few more. */
#define CSV_MAX_FIELDS 72

struct csv {
	const char *p, *end;
	struct arena *arena;
	char sep;		/* ',' or ';' */
	size_t line;		/* line where the current record starts (1-based) */
	size_t next_line;
};

struct csv_record {
	const char *fields[CSV_MAX_FIELDS];	/* NUL-terminated, in the arena */
	size_t nfields;
	size_t line;
};

/* Starts reading data[0..len) with separator sep. */
void csv_init(struct csv *c, struct arena *a, const char *data, size_t len,
    char sep);

/*
 * Reads the next record: 1 when one was read, 0 at the end, -1 on a syntax
 * error (an unterminated quote, a quote inside an unquoted field, too many
 * fields) with *line set to where it happened.  Blank lines are skipped.
 */
int csv_next(struct csv *c, struct csv_record *rec);

#endif

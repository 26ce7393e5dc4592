/*
 * csvout.h - a CSV writer for exports (RFC 4180).
 *
 * Records end in CRLF.  A field is quoted when it holds the separator, a
 * double quote, CR or LF; quotes inside are doubled.  Exports are opened
 * in spreadsheets, so text fields are also neutralised against formula
 * injection (see csvout_text()).  Numbers written with csvout_int() and
 * csvout_decimal() are not, so that they stay numbers (and a negative one
 * keeps its sign).
 *
 * The separator is ',' by default or ';' for Excel in a Finnish (or
 * Swedish) locale, where ',' is the decimal mark: csvout_decimal() then
 * writes a decimal comma.
 */
#ifndef TV_BASE_CSVOUT_H
#define TV_BASE_CSVOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

struct csvout {
	struct buf *b;
	char sep;		/* ',' or ';' */
	bool row_open;		/* a field has been written on this row */
};

/* The UTF-8 byte-order mark, which Excel needs to read UTF-8. */
#define CSVOUT_BOM "\xef\xbb\xbf"

/*
 * Starts writing into b with separator sep (',' or ';'; anything else is
 * taken as ','), first the byte-order mark when bom is true.
 */
void csvout_init(struct csvout *c, struct buf *b, char sep, bool bom);

/*
 * A text field (NULL is written as an empty field).  A value that starts
 * with = + - @ (or a tab or CR) gets a leading apostrophe, so a spreadsheet
 * shows it as text instead of running it as a formula.
 */
void csvout_text(struct csvout *c, const char *s);

/* A text field written exactly as given (quoted when needed, never
 * neutralised): only for values the program made, never for user input. */
void csvout_raw(struct csvout *c, const char *s);

/* An integer field. */
void csvout_int(struct csvout *c, int64_t v);

/* A decimal field with `decimals` digits (0..6) after the mark: '.' with
 * the ',' separator, ',' with ';'. */
void csvout_decimal(struct csvout *c, double v, int decimals);

/* An empty field. */
void csvout_empty(struct csvout *c);

/* Ends the record (CRLF). */
void csvout_end(struct csvout *c);

/* True when s would be taken as a formula by a spreadsheet (its first byte
 * is = + - @, a tab or CR). */
bool csvout_formula_like(const char *s);

#endif

/*
 * csv.h - service points as a spreadsheet (csv.c): the export's rows and
 * the import's reader, for coordinators (edit.c has the pages).
 *
 * UTF-8 with a byte-order mark, fields separated by ';' (Excel in a
 * Finnish or Swedish locale opens it as it is), one point a row, the
 * columns named as the edit form's fields (DIR_CSV_COLUMNS).  The reader
 * checks the file's form - the header, each row's number of fields, the
 * id, the yes/no columns - and turns each row into the edit form's
 * fields, so that the import then checks every value with the edit
 * form's own reader and its own messages.  It needs no database: the
 * fuzz target tests/fuzz/fuzz_directory_csv.c drives it.
 */
#ifndef TV_DIRECTORY_CSV_H
#define TV_DIRECTORY_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "directory/directory.h"
#include "http/parse.h"

#define DIR_CSV_COLUMNS 65
/* The columns a file must have: the ones after them (the accessibility
 * notes) came later, and a file of before them still reads, keeping
 * what the points have there (form.c). */
#define DIR_CSV_REQUIRED 62
#define DIR_CSV_ROWS_MAX 5000		/* points in one import */
#define DIR_CSV_BYTES_MAX (8 << 20)	/* bytes of one file */

/* The columns, in the order the export writes them. */
extern const char *const dir_csv_columns[DIR_CSV_COLUMNS];

/* One row: where it is, the point it names (0: a new one) and its values
 * as the edit form's fields. */
struct dir_csv_row {
	size_t line;
	int64_t id;
	struct kv_list fields;
};

/* A mistake: the line (1 the header), the column (NULL: the whole row)
 * and a msgid, with `arg` for the ones that say a name or a number. */
struct dir_csv_error {
	size_t line;
	const char *column;
	const char *msgid;
	const char *arg;	/* NULL, or what the message names */
};

struct dir_csv {
	struct dir_csv_row *rows;
	size_t nrows, rows_cap;
	struct dir_csv_error *errors;
	size_t nerrors, errors_cap;
};

/*
 * Reads a file: every row it can, and every mistake of form it finds (it
 * stops at a broken quote, after which no line can be trusted).  0, or -1
 * when the arena cannot grow.
 */
int directory_csv_read(struct arena *a, const char *data, size_t len,
    struct dir_csv *out);

/* Adds a mistake to out. */
void directory_csv_error(struct arena *a, struct dir_csv *out, size_t line,
    const char *column, const char *msgid, const char *arg);

/* The header of an export, then (for each point) its row. */
void directory_csv_header(struct buf *b);
void directory_csv_point(struct arena *a, struct buf *b,
    const struct service_point *p);

#endif

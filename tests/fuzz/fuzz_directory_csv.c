/*
 * fuzz_directory_csv.c - the directory's CSV import reader
 * (directory_csv_read(), src/directory/csv_read.c) on any bytes.
 *
 * Beyond "does not crash", it checks what the import relies on: the
 * reader never gives more rows than it allows, every row comes with its
 * line and only fields the edit form knows, every value is NUL-free
 * valid UTF-8 of the length it says, and every mistake has a line and a
 * message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "directory/csv.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
known_field(const char *name)
{
	size_t i;

	if (strcmp(name, "topic") == 0 || strcmp(name, "support_form") == 0)
		return true;
	for (i = 0; i < DIR_CSV_COLUMNS; i++)
		if (strcmp(name, dir_csv_columns[i]) == 0)
			return strcmp(name, "id") != 0 &&
			    strcmp(name, "topics") != 0 &&
			    strcmp(name, "forms") != 0;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct dir_csv csv;
	size_t i, k, lines = 1;

	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			lines++;
	arena_init(&a);
	CHECK(directory_csv_read(&a, (const char *)data, size, &csv) == 0);
	CHECK(csv.nrows <= DIR_CSV_ROWS_MAX);
	for (i = 0; i < csv.nerrors; i++) {
		CHECK(csv.errors[i].msgid != NULL);
		CHECK(csv.errors[i].line >= 1 && csv.errors[i].line <= lines);
	}
	for (i = 0; i < csv.nrows; i++) {
		const struct dir_csv_row *r = &csv.rows[i];

		/* base/csv.c ends a record at a lone CR without counting a
		 * line, so lines only never go back. */
		CHECK(r->line >= 1 && r->line <= lines);
		CHECK(i == 0 || r->line >= csv.rows[i - 1].line);
		CHECK(r->id >= 0);
		for (k = 0; k < r->fields.n; k++) {
			const struct kv *f = &r->fields.items[k];

			CHECK(known_field(f->name));
			CHECK(strlen(f->value) == f->value_len);
			CHECK(utf8_valid(f->value, f->value_len));
		}
	}
	arena_cleanup(&a);
	return 0;
}

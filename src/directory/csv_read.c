/*
 * csv_read.c - the import's reader of service points as CSV (csv.h): the
 * file's form only, no database, so that the fuzz target
 * (tests/fuzz/fuzz_directory_csv.c) runs it on any bytes.  The values
 * are checked afterwards by the edit form's reader (edit.c).
 *
 * Formula injection: the export puts an apostrophe before a text that a
 * spreadsheet would take for a formula (base/csvout.h); the reader takes
 * such an apostrophe away again, so a file goes out and comes back the
 * same.
 */
#include <string.h>

#include "base/csv.h"
#include "base/csvout.h"
#include "base/utf8.h"
#include "directory/csv.h"

const char *const dir_csv_columns[DIR_CSV_COLUMNS] = {
	"id", "municipality", "status", "organisation",
	"name_fi", "name_sv", "name_en",
	"summary_fi", "summary_sv", "summary_en",
	"description_fi", "description_sv", "description_en",
	"costs_fi", "costs_sv", "costs_en",
	"booking_fi", "booking_sv", "booking_en",
	"street", "postcode", "post_office", "lat", "lon",
	"phone", "email", "web",
	"free_of_charge", "closed_on_holidays", "topics", "forms", "languages",
	"fact_step_free", "fact_lift", "fact_toilet", "fact_parking",
	"fact_loop", "fact_quiet", "fact_large_text", "fact_guide_dog",
	"week_1", "week_2", "week_3", "week_4", "week_5", "week_6", "week_7",
	"appt_1", "appt_2", "appt_3", "appt_4", "appt_5", "appt_6", "appt_7",
	"self_1", "self_2", "self_3", "self_4", "self_5", "self_6", "self_7",
	"exceptions",
	"access_notes_fi", "access_notes_sv", "access_notes_en",
};

enum col_kind { COL_TEXT, COL_ID, COL_YESNO, COL_KEYS };

static enum col_kind
kind_of(const char *col)
{
	if (strcmp(col, "id") == 0)
		return COL_ID;
	if (strcmp(col, "topics") == 0 || strcmp(col, "forms") == 0)
		return COL_KEYS;
	if (strcmp(col, "free_of_charge") == 0 ||
	    strcmp(col, "closed_on_holidays") == 0 ||
	    strncmp(col, "fact_", 5) == 0)
		return COL_YESNO;
	return COL_TEXT;
}

/* --- the import --- */

void
directory_csv_error(struct arena *a, struct dir_csv *out, size_t line,
    const char *column, const char *msgid, const char *arg)
{
	struct dir_csv_error *v;

	if (out->nerrors == out->errors_cap) {
		out->errors_cap = out->errors_cap ? out->errors_cap * 2 : 16;
		v = arena_alloc(a, out->errors_cap * sizeof(*v));
		if (out->nerrors > 0)
			memcpy(v, out->errors, out->nerrors * sizeof(*v));
		out->errors = v;
	}
	out->errors[out->nerrors++] = (struct dir_csv_error){ line, column,
	    msgid, arg };
}

/* What a yes/no cell says: 1, 0, or -1 when neither. */
static int
yes_no(const char *s)
{
	static const char *const yes[] = { "1", "x", "X", "yes", "Yes", "YES",
		"kyllä", "Kyllä", "KYLLÄ", "ja", "Ja", "JA", NULL };
	static const char *const no[] = { "0", "", "no", "No", "NO", "ei",
		"Ei", "EI", "nej", "Nej", "NEJ", NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		if (strcmp(s, yes[i]) == 0)
			return 1;
	for (i = 0; no[i] != NULL; i++)
		if (strcmp(s, no[i]) == 0)
			return 0;
	return -1;
}

/* The value without the export's apostrophe and the spaces around it. */
static const char *
cell(struct arena *a, const char *s)
{
	size_t n;

	while (*s == ' ')
		s++;
	if (s[0] == '\'' && csvout_formula_like(s + 1))
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return arena_strndup(a, s, n);
}

/* A growing list of fields. */
struct fields {
	struct kv *v;
	size_t n, cap;
};

static void
add_field(struct arena *a, struct fields *f, const char *name,
    const char *value)
{
	struct kv *v;

	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 96;
		v = arena_alloc(a, f->cap * sizeof(*v));
		if (f->n > 0)
			memcpy(v, f->v, f->n * sizeof(*v));
		f->v = v;
	}
	f->v[f->n++] = (struct kv){ name, value, strlen(value) };
}

/* Reads the header: col[i] the column of field i.  0, or -1 with the
 * mistakes added. */
static int
read_header(struct arena *a, const struct csv_record *rec, int *col,
    struct dir_csv *out)
{
	bool seen[DIR_CSV_COLUMNS];
	size_t i, k;
	int bad = 0;

	memset(seen, 0, sizeof(seen));
	if (rec->nfields == 1 && strchr(rec->fields[0], ',') != NULL) {
		directory_csv_error(a, out, rec->line, NULL,
		    N_("Separate the columns with semicolons (;)."), NULL);
		return -1;
	}
	for (i = 0; i < rec->nfields; i++) {
		const char *name = cell(a, rec->fields[i]);

		for (k = 0; k < DIR_CSV_COLUMNS; k++)
			if (strcmp(name, dir_csv_columns[k]) == 0)
				break;
		if (k == DIR_CSV_COLUMNS) {
			directory_csv_error(a, out, rec->line, NULL,
			    N_("The file has a column this import does not know:"),
			    name);
			bad = -1;
		} else if (seen[k]) {
			directory_csv_error(a, out, rec->line, NULL,
			    N_("The file has a column twice:"), name);
			bad = -1;
		} else {
			seen[k] = true;
			col[i] = (int)k;
		}
	}
	for (k = 0; k < DIR_CSV_REQUIRED; k++)
		if (!seen[k]) {
			directory_csv_error(a, out, rec->line, NULL,
			    N_("The file lacks a column:"), dir_csv_columns[k]);
			bad = -1;
		}
	return bad;
}

/* Turns a record into the edit form's fields, checking what is the
 * file's own (the id, yes/no, the lists' form). */
static void
read_row(struct arena *a, const struct csv_record *rec, const int *col,
    struct dir_csv *out)
{
	struct dir_csv_row row;
	struct fields f = { NULL, 0, 0 };
	const char *name, *v, *p, *s;
	size_t i, before = out->nerrors;
	int64_t id = 0;

	for (i = 0; i < rec->nfields; i++) {
		name = dir_csv_columns[col[i]];
		v = cell(a, rec->fields[i]);
		switch (kind_of(name)) {
		case COL_ID:
			for (p = v; *p >= '0' && *p <= '9' && id < 1000000000000LL;
			    p++)
				id = id * 10 + (*p - '0');
			if (*p != '\0' || (v[0] != '\0' && id == 0))
				directory_csv_error(a, out, rec->line, name,
				    N_("Leave the id empty for a new service point, or keep the number the export gave."),
				    NULL);
			break;
		case COL_YESNO:
			switch (yes_no(v)) {
			case 1:
				add_field(a, &f, name, "on");
				break;
			case 0:
				break;
			default:
				directory_csv_error(a, out, rec->line, name,
				    N_("Write 1 for yes and 0 for no."), NULL);
			}
			break;
		case COL_KEYS:
			for (p = v; *p != '\0';) {
				while (*p == ' ' || *p == ',')
					p++;
				if (*p == '\0')
					break;
				for (s = p; *s != '\0' && *s != ','; s++)
					;
				{
					size_t n = (size_t)(s - p);

					while (n > 0 && p[n - 1] == ' ')
						n--;
					add_field(a, &f, strcmp(name, "topics") == 0 ?
					    "topic" : "support_form",
					    arena_strndup(a, p, n));
				}
				p = s;
			}
			break;
		case COL_TEXT:
			add_field(a, &f, name, v);
			break;
		}
	}
	if (out->nerrors != before)
		return;
	row.line = rec->line;
	row.id = id;
	row.fields.items = f.v;
	row.fields.n = f.n;
	if (out->nrows == out->rows_cap) {
		struct dir_csv_row *rows;

		out->rows_cap = out->rows_cap ? out->rows_cap * 2 : 64;
		rows = arena_alloc(a, out->rows_cap * sizeof(*rows));
		if (out->nrows > 0)
			memcpy(rows, out->rows, out->nrows * sizeof(*rows));
		out->rows = rows;
	}
	out->rows[out->nrows++] = row;
}

int
directory_csv_read(struct arena *a, const char *data, size_t len,
    struct dir_csv *out)
{
	struct csv_record rec;
	struct csv c;
	int col[CSV_MAX_FIELDS];
	size_t i, k, ncols = 0;
	bool header = true;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len > DIR_CSV_BYTES_MAX) {
		directory_csv_error(a, out, 1, NULL,
		    N_("The file is too large: at most 8 MB."), NULL);
		return 0;
	}
	if (!utf8_valid(data, len)) {
		directory_csv_error(a, out, 1, NULL,
		    N_("Save the file as UTF-8 text (CSV UTF-8 in Excel)."),
		    NULL);
		return 0;
	}
	csv_init(&c, a, data, len, ';');
	while ((rc = csv_next(&c, &rec)) == 1) {
		if (header) {
			header = false;
			if (read_header(a, &rec, col, out) != 0)
				return 0;
			ncols = rec.nfields;
			continue;
		}
		if (rec.nfields != ncols) {
			directory_csv_error(a, out, rec.line, NULL,
			    N_("The row does not have as many fields as the header has columns."),
			    NULL);
			continue;
		}
		if (out->nrows == DIR_CSV_ROWS_MAX) {
			directory_csv_error(a, out, rec.line, NULL,
			    N_("The file has too many rows: at most 5,000 service points at a time."),
			    NULL);
			return 0;
		}
		read_row(a, &rec, col, out);
	}
	if (rc < 0)
		directory_csv_error(a, out, c.line, NULL,
		    N_("The row cannot be read: check its quotation marks."),
		    NULL);
	else if (header)
		directory_csv_error(a, out, 1, NULL,
		    N_("The file is empty: it has no header row."), NULL);
	/* The same point twice would be saved twice, the last one winning. */
	for (i = 0; i < out->nrows; i++)
		for (k = 0; k < i; k++)
			if (out->rows[i].id != 0 && out->rows[i].id ==
			    out->rows[k].id) {
				directory_csv_error(a, out, out->rows[i].line,
				    "id", N_("The same service point is on two rows."),
				    NULL);
				break;
			}
	return 0;
}

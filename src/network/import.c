/*
 * import.c - municipalities from CSV (Statistics Finland codes).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/utf8.h"
#include "db/rows.h"
#include "network/network.h"

enum { COL_CODE, COL_NAME_FI, COL_NAME_SV, COL_STATUS, COL_LAT, COL_LON,
	COL_COUNT };

static const char *const import_columns[COL_COUNT] = {
	"code", "name_fi", "name_sv", "language_status", "centre_lat",
	"centre_lon",
};

/* Maps header names to column positions; code, names and status are
 * required, coordinates optional.  Column order is free. */
static int
import_header(const struct csv_record *h, int pos[COL_COUNT], struct arena *a,
    const char **err)
{
	size_t i;
	int c;

	for (c = 0; c < COL_COUNT; c++)
		pos[c] = -1;
	for (i = 0; i < h->nfields; i++)
		for (c = 0; c < COL_COUNT; c++)
			if (strcmp(h->fields[i], import_columns[c]) == 0)
				pos[c] = (int)i;
	for (c = 0; c <= COL_STATUS; c++)
		if (pos[c] == -1) {
			*err = arena_printf(a, "line 1: the header has no "
			    "column \"%s\"", import_columns[c]);
			return -1;
		}
	return 0;
}

static const char *
import_field(const struct csv_record *r, const int pos[COL_COUNT], int c)
{
	return pos[c] >= 0 && (size_t)pos[c] < r->nfields ? r->fields[pos[c]] : "";
}

/* A coordinate: empty (unknown) or a number within [lo, hi]. */
static int
import_coord(const char *s, double lo, double hi, double *out, bool *set)
{
	char *end;

	*set = false;
	if (*s == '\0')
		return 0;
	errno = 0;
	*out = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(*out) || *out < lo || *out > hi)
		return -1;
	*set = true;
	return 0;
}

/* Checks one data row; returns NULL or what is wrong with it. */
static const char *
import_check(const struct csv_record *r, const int pos[COL_COUNT],
    double *lat, bool *has_lat, double *lon, bool *has_lon)
{
	const char *code = import_field(r, pos, COL_CODE);
	const char *status = import_field(r, pos, COL_STATUS);
	enum muni_language lang;
	int c;

	if (strlen(code) != 3 || strspn(code, "0123456789") != 3)
		return "the code must be three digits (e.g. 018)";
	for (c = COL_NAME_FI; c <= COL_NAME_SV; c++) {
		const char *name = import_field(r, pos, c);
		size_t n = strlen(name);

		if (n == 0 || n > 100)
			return c == COL_NAME_FI ? "name_fi is empty or too long" :
			    "name_sv is empty or too long";
		if (!text_valid(name, n))
			return "a name is not valid UTF-8 text";
	}
	if (muni_language_parse(status, &lang) != 0)
		return "language_status must be fi, sv, fi+sv or sv+fi";
	if (import_coord(import_field(r, pos, COL_LAT), -90, 90, lat, has_lat) != 0)
		return "centre_lat must be a latitude in degrees";
	if (import_coord(import_field(r, pos, COL_LON), -180, 180, lon, has_lon) != 0)
		return "centre_lon must be a longitude in degrees";
	return NULL;
}

/*
 * The line of the first byte that is not text (invalid UTF-8, NUL or
 * another control character), or 0 when the whole file is text.  A NUL
 * would otherwise cut a field short once it is a C string.
 */
static size_t
import_bad_line(const char *data, size_t len)
{
	size_t line = 1, start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i < len && data[i] != '\n')
			continue;
		if (!text_valid(data + start, i - start))
			return line;
		line++;
		start = i + 1;
	}
	return 0;
}

static int64_t
import_region(struct db *db, const char *region_code)
{
	int64_t id;

	if (db_run(db, "INSERT INTO region (code, name_fi) VALUES (?1, ?1) "
	    "ON CONFLICT (code) DO NOTHING", DB_ARGS(db_text(region_code)),
	    NULL) != 0 || db_int64(db, "SELECT id FROM region WHERE code = ?1",
	    DB_ARGS(db_text(region_code)), &id) != 0)
		return -1;
	return id;
}

/*
 * Checks and writes every row inside the caller's transaction; stops at the
 * first bad row with *err naming its line.
 */
int
network_import_rows(struct db *db, struct arena *a, const char *data,
    size_t len, const char *region_code, const char **err)
{
	struct csv c;
	struct csv_record rec;
	int pos[COL_COUNT], rc, count = 0;
	int64_t region;
	const char *why;
	size_t bad;

	*err = NULL;
	if ((bad = import_bad_line(data, len)) != 0) {
		*err = arena_printf(a, "line %zu: the file is not UTF-8 text "
		    "(or holds control characters)", bad);
		return -1;
	}
	csv_init(&c, a, data, len, ',');
	if ((rc = csv_next(&c, &rec)) != 1) {
		*err = rc == 0 ? "the file is empty" : arena_printf(a,
		    "line %zu: broken CSV (check the quotes)", c.line);
		return -1;
	}
	if (import_header(&rec, pos, a, err) != 0)
		return -1;
	if ((region = import_region(db, region_code)) < 0) {
		*err = "the region could not be created";
		return -1;
	}
	while ((rc = csv_next(&c, &rec)) == 1) {
		double lat = 0, lon = 0;
		bool has_lat, has_lon;
		const char *status;

		if ((why = import_check(&rec, pos, &lat, &has_lat, &lon,
		    &has_lon)) != NULL) {
			*err = arena_printf(a, "line %zu: %s", rec.line, why);
			return -1;
		}
		status = import_field(&rec, pos, COL_STATUS);
		if (db_run(db, "INSERT INTO municipality (code, region_id, "
		    "name_fi, name_sv, language_status, centre_lat, centre_lon) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (code) DO "
		    "UPDATE SET region_id = excluded.region_id, name_fi = "
		    "excluded.name_fi, name_sv = excluded.name_sv, "
		    "language_status = excluded.language_status, "
		    /* A file without coordinate columns keeps the ones known. */
		    "centre_lat = CASE WHEN ?8 = 1 THEN excluded.centre_lat ELSE "
		    "municipality.centre_lat END, centre_lon = CASE WHEN ?8 = 1 "
		    "THEN excluded.centre_lon ELSE municipality.centre_lon END",
		    DB_ARGS(db_text(import_field(&rec, pos, COL_CODE)),
		    db_int(region), db_text(import_field(&rec, pos, COL_NAME_FI)),
		    db_text(import_field(&rec, pos, COL_NAME_SV)), db_text(status),
		    has_lat ? db_real(lat) : db_null(),
		    has_lon ? db_real(lon) : db_null(),
		    db_int(pos[COL_LAT] >= 0 || pos[COL_LON] >= 0)), NULL) != 0) {
			*err = arena_printf(a, "line %zu: the database refused "
			    "the row", rec.line);
			return -1;
		}
		count++;
	}
	if (rc < 0) {
		*err = arena_printf(a, "line %zu: broken CSV (check the quotes)",
		    c.line);
		return -1;
	}
	return count;
}

/*
 * One transaction for the whole file: the first bad row rolls everything
 * back, so a file is imported whole or not at all.
 */
int
network_import_municipalities(struct db *db, struct arena *a, const char *data,
    size_t len, const char *region_code, const char **err)
{
	int n;

	if (db_begin(db) != 0) {
		*err = "the database is busy";
		return -1;
	}
	n = network_import_rows(db, a, data, len, region_code, err);
	if (n < 0 || db_commit(db) != 0) {
		if (*err == NULL)
			*err = "the database could not save the import";
		db_rollback(db);
		return -1;
	}
	return n;
}

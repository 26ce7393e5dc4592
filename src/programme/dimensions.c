/*
 * dimensions.c - the dimensions of the sparring self-assessment, read from
 * the reference CSV (data/sparring-dimensions.csv) by the demo loader.
 */
#include <string.h>

#include "base/arena.h"
#include "base/csv.h"
#include "db/rows.h"
#include "programme/programme.h"

int
programme_dimensions_import(struct db *db, struct arena *a, const char *data,
    size_t len, const char *path, const char **err)
{
	static const char *const header[] = { "key", "label_fi", "label_sv",
	    "label_en", "question_fi", "question_sv", "question_en" };
	static const char *const old_header[] = { "key", "label_fi",
	    "label_sv", "label_en", "question_en" };
	const char *const *want;
	struct csv_record rec;
	struct csv c;
	const char *q_fi, *q_sv, *q_en;
	size_t i, nf = 0;
	int rc, n = 0;

	csv_init(&c, a, data, len, ',');
	rc = csv_next(&c, &rec);
	if (rc == 1) {
		nf = rec.nfields;
		want = nf == 7 ? header : old_header;
		for (i = 0; i < nf && (nf == 7 || nf == 5); i++)
			if (strcmp(rec.fields[i], want[i]) != 0)
				rc = -1;
		if (nf != 7 && nf != 5)
			rc = -1;
	}
	if (rc != 1) {
		*err = arena_printf(a, "%s: line 1: the header must be "
		    "key,label_fi,label_sv,label_en,question_fi,question_sv,"
		    "question_en", path);
		return -1;
	}
	while ((rc = csv_next(&c, &rec)) == 1) {
		if (rec.nfields != nf || rec.fields[0][0] == '\0' ||
		    rec.fields[1][0] == '\0') {
			*err = arena_printf(a, "%s: line %zu: expected %zu fields "
			    "with a key and a Finnish label", path, rec.line, nf);
			return -1;
		}
		q_fi = nf == 7 ? rec.fields[4] : "";
		q_sv = nf == 7 ? rec.fields[5] : "";
		q_en = rec.fields[nf - 1];
		rc = db_run(db, "INSERT INTO dimension (key, position, label_fi, "
		    "label_sv, label_en, question_fi, question_sv, question_en) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (key) DO "
		    "UPDATE SET position = excluded.position, label_fi = "
		    "excluded.label_fi, label_sv = excluded.label_sv, label_en = "
		    "excluded.label_en, question_fi = excluded.question_fi, "
		    "question_sv = excluded.question_sv, question_en = "
		    "excluded.question_en", DB_ARGS(db_text(rec.fields[0]),
		    db_int(++n), db_text(rec.fields[1]), db_text(rec.fields[2]),
		    db_text(rec.fields[3]), db_text(q_fi), db_text(q_sv),
		    db_text(q_en)), NULL);
		if (rc != 0) {
			*err = arena_printf(a, "%s: line %zu: %s", path, rec.line,
			    db_errmsg(db));
			return -1;
		}
	}
	if (rc < 0) {
		*err = arena_printf(a, "%s: line %zu: not valid CSV", path,
		    c.line);
		return -1;
	}
	return n;
}


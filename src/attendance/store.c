/*
 * store.c - the attendance module's reads of registrations that hold a
 * seat and of stored participant reports, with db/rows.h.
 */
#include <stdlib.h>
#include <string.h>

#include "attendance/attendance.h"
#include "attendance/store.h"
#include "base/collate.h"
#include "base/time.h"
#include "db/rows.h"
#include "registration/registration.h"

struct people_filter {
	enum lang lang;
	const char *code;
};

static int
person_cmp(const void *x, const void *y)
{
	const struct att_person *a = x, *b = y;
	int c = collate_fi(a->name, b->name);

	return c != 0 ? c : (a->reg_id < b->reg_id ? -1 : 1);
}

int
attendance_people(struct db *db, struct arena *a, enum lang l,
    int64_t event_id, const char *code, struct att_person **out, size_t *n)
{
	struct reg_roster_entry *r;
	struct att_person *v;
	size_t i, k = 0;

	if (registration_roster(db, a, event_id, REG_ROSTER_SEATED, &r,
	    n) != 0)
		return -1;
	v = arena_alloc(a, (*n > 0 ? *n : 1) * sizeof(*v));
	for (i = 0; i < *n; i++) {
		struct att_person *p = &v[k];

		attendance_code(r[i].token_hash, p->code);
		if (code != NULL && strcmp(p->code, code) != 0)
			continue;
		p->reg_id = r[i].id;
		p->group_size = r[i].group_size;
		p->name = r[i].name;
		p->organisation = r[i].organisation;
		p->email = r[i].email;
		p->checked_in_at = r[i].checked_in_at;
		p->attended_at = r[i].attended_at;
		p->checked_in_time = p->checked_in_at == 0 ? NULL :
		    time_format_datetime(a, l, p->checked_in_at);
		k++;
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), person_cmp);
	*out = v;
	*n = k;
	return 0;
}

static int
upload_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct upload_target *u = out;

	u->filename = db_col_dup(st, a, 0);
	u->len = db_col_len(st, 1);
	u->content = arena_strndup(a, db_col_text(st, 1), u->len);
	return 0;
}

int
attendance_upload_get(struct db *db, struct arena *a, int64_t event_id,
    int64_t upload_id, struct upload_target *out)
{
	return db_row(db, a, "SELECT filename, content FROM attendance_upload "
	    "WHERE id = ?1 AND event_id = ?2", DB_ARGS(db_int(upload_id),
	    db_int(event_id)), upload_row, out);
}

static int
import_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct att_import_row *ir = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&ir->id), db_as_str(&ir->filename),
	    db_as_int(&ir->rows), db_as_int(&ir->matched),
	    db_as_int(&ir->new_guests), db_as_int(&ir->imported_at)));
	return 0;
}

int
attendance_imports(struct db *db, struct arena *a, int64_t event_id,
    struct att_import_row **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT id, filename, rows_read, matched, "
	    "new_guests, imported_at FROM attendance_import WHERE "
	    "event_id = ?1 ORDER BY id", DB_ARGS(db_int(event_id)), import_row,
	    sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
attendance_upload_add(struct db *db, int64_t event_id, int64_t account_id,
    const char *filename, const char *text, int64_t now, int64_t *id)
{
	return db_insert(db, "INSERT INTO attendance_upload (event_id, "
	    "account_id, filename, content, created_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5) RETURNING id", DB_ARGS(db_int(event_id),
	    db_int(account_id), db_text(filename), db_text(text),
	    db_int(now)), id) == 0 ? 0 : -1;
}

int
attendance_import_done(struct db *db, int64_t event_id, int64_t account_id,
    int64_t upload_id, const char *filename,
    const struct att_import_result *res, int64_t now)
{
	if (db_run(db, "INSERT INTO attendance_import (event_id, account_id, "
	    "filename, rows_read, matched, new_guests, imported_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7)", DB_ARGS(db_int(event_id),
	    db_int(account_id), db_text(filename), db_int(res->rows),
	    db_int(res->matched), db_int(res->new_guests), db_int(now)),
	    NULL) != 0)
		return -1;
	return db_run(db, "DELETE FROM attendance_upload WHERE id = ?1",
	    DB_ARGS(db_int(upload_id)), NULL) == 0 ? 0 : -1;
}

static int
survey_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct survey_answer *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->rating),
	    db_as_int(&x->recommend), db_as_str(&x->comment),
	    db_as_int(&x->updated_at)));
	return 0;
}

int
survey_answer_of(struct db *db, struct arena *a, int64_t registration_id,
    struct survey_answer *out)
{
	return db_row(db, a, "SELECT rating, recommend, comment, updated_at "
	    "FROM event_feedback WHERE registration_id = ?1",
	    DB_ARGS(db_int(registration_id)), survey_row, out);
}

int
survey_answer_save(struct db *db, int64_t registration_id, int rating,
    int recommend, const char *comment, int64_t now)
{
	int64_t event_id;
	int rc;

	/* Only while the registration holds a seat and is not erased: it
	 * may have changed since the page was loaded. */
	rc = registration_holds_seat(db, registration_id, &event_id);
	if (rc == DB_MISSING)
		return 0;
	if (rc != 0)
		return -1;
	return db_run(db, "INSERT INTO event_feedback (registration_id, "
	    "event_id, rating, recommend, comment, created_at, updated_at) "
	    "VALUES (?1, ?6, ?2, ?3, ?4, ?5, ?5) "
	    "ON CONFLICT (registration_id) DO UPDATE SET rating = ?2, "
	    "recommend = ?3, comment = ?4, updated_at = ?5",
	    DB_ARGS(db_int(registration_id), db_int(rating), db_int(recommend),
	    db_text(comment), db_int(now), db_int(event_id)), NULL) == 0 ?
	    0 : -1;
}

int
survey_answers(struct db *db, struct arena *a, int64_t event_id,
    struct survey_answer **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT rating, recommend, comment, updated_at "
	    "FROM event_feedback WHERE event_id = ?1 ORDER BY updated_at, "
	    "registration_id", DB_ARGS(db_int(event_id)), survey_row,
	    sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
attendance_erase_event(struct db *db, int64_t event_id)
{
	if (db_run(db, "UPDATE event_feedback SET comment = '' WHERE "
	    "event_id = ?1 AND comment <> ''", DB_ARGS(db_int(event_id)),
	    NULL) != 0 ||
	    db_run(db, "DELETE FROM attendance_guest WHERE event_id = ?1",
	    DB_ARGS(db_int(event_id)), NULL) != 0 ||
	    db_run(db, "DELETE FROM attendance_upload WHERE event_id = ?1",
	    DB_ARGS(db_int(event_id)), NULL) != 0)
		return -1;
	return 0;
}

/* An upload waits this long for its import (the mapping page's session). */
#define ATT_UPLOAD_TTL 86400

int
attendance_uploads_job(struct db *db, int64_t now)
{
	int64_t due;

	/* Look first: the write lock only when there is something to do. */
	if (db_int64(db, "SELECT CASE WHEN EXISTS (SELECT 1 FROM "
	    "attendance_upload WHERE created_at < ?1) THEN 1 ELSE 0 END",
	    DB_ARGS(db_int(now - ATT_UPLOAD_TTL)), &due) != 0)
		return -1;
	if (due == 0)
		return 0;
	return db_run(db, "DELETE FROM attendance_upload WHERE created_at < ?1",
	    DB_ARGS(db_int(now - ATT_UPLOAD_TTL)), NULL) == 0 ? 0 : -1;
}

/* --- the statistics module's period report (attendance.h) --- */

static int
feedback_sums_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct att_feedback_sums *f = out;

	(void)a;
	db_cols(st, NULL, 0, DB_COLS(db_as_int(&f->answers),
	    db_as_int(&f->rating_sum), db_as_int(&f->recommend_sum)));
	return 0;
}

int
attendance_feedback_sums(struct db *db, int64_t event_id,
    struct att_feedback_sums *out)
{
	memset(out, 0, sizeof(*out));
	return db_row(db, NULL, "SELECT count(*), COALESCE(SUM(rating), 0), "
	    "COALESCE(SUM(recommend), 0) FROM event_feedback WHERE "
	    "event_id = ?1", DB_ARGS(db_int(event_id)), feedback_sums_row,
	    out) == 0 ? 0 : -1;
}

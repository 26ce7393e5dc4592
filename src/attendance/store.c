/*
 * store.c - the attendance module's reads of registrations that hold a
 * seat and of stored participant reports, with db/rows.h.
 */
#include <stdlib.h>
#include <string.h>

#include "attendance/attendance.h"
#include "base/collate.h"
#include "base/time.h"
#include "db/rows.h"

struct people_filter {
	enum lang lang;
	const char *code;
};

/* Rows of other codes are skipped: the code is derived, not stored. */
static int
person_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct att_person *p = out;

	attendance_code(db_col_text(st, 6), p->code);
	p->reg_id = db_col_int64(st, 0);
	p->group_size = db_col_int64(st, 1);
	p->name = db_col_dup(st, a, 2);
	p->organisation = db_col_dup(st, a, 3);
	p->email = db_col_dup(st, a, 4);
	p->status = db_col_dup(st, a, 5);
	p->checked_in_at = db_col_is_null(st, 7) ? 0 : db_col_int64(st, 7);
	p->attended_at = db_col_is_null(st, 8) ? 0 : db_col_int64(st, 8);
	return 0;
}

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
	struct att_person *v;
	size_t i, k = 0;

	v = db_rows(db, a, "SELECT id, group_size, name, organisation, "
	    "email, status, token_hash, checked_in_at, attended_at FROM "
	    "registration WHERE event_id = ?1 AND status = 'confirmed' AND "
	    "erased_at IS NULL", DB_ARGS(db_int(event_id)), person_row,
	    sizeof(*v), n);
	if (v == NULL)
		return -1;
	for (i = 0; i < *n; i++) {
		if (code != NULL && strcmp(v[i].code, code) != 0)
			continue;
		v[k] = v[i];
		v[k].checked_in_time = v[k].checked_in_at == 0 ? NULL :
		    time_format_datetime(a, l, v[k].checked_in_at);
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

/*
 * roster.c - an event's registrations as the attendance module sees them:
 * the roster at the door and in the CSV exports, the check-in and
 * participant-report marks, the turnout sums, and the questions with
 * their answers for the export, and a person's registrations for their
 * survey answers' export.  The registration module owns these
 * tables; attendance reads and marks them only through this file.
 */
#include <string.h>

#include "db/rows.h"
#include "registration/registration.h"

#define ROSTER_COLUMNS "SELECT id, group_size, created_at, checked_in_at, " \
	"attended_at, waiting_seq, name, email, organisation, " \
	"municipality_code, token_hash, status, erased_at FROM registration " \
	"WHERE event_id = ?1 "

static int
roster_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct reg_roster_entry *x = out;

	db_cols(st, NULL, 0, DB_COLS(db_as_int(&x->id),
	    db_as_int(&x->group_size), db_as_int(&x->created_at),
	    db_as_int(&x->checked_in_at), db_as_int(&x->attended_at)));
	x->waiting_seq = db_col_is_null(st, 5) ? -1 : db_col_int64(st, 5);
	db_cols(st, a, 6, DB_COLS(db_as_str(&x->name), db_as_str(&x->email),
	    db_as_str(&x->organisation), db_as_str(&x->municipality),
	    db_as_str(&x->token_hash)));
	x->status = reg_status_parse(db_col_text(st, 11));
	x->erased = !db_col_is_null(st, 12);
	return 0;
}

int
registration_roster(struct db *db, struct arena *a, int64_t event_id,
    enum reg_roster which, struct reg_roster_entry **out, size_t *n)
{
	static const char *const sql[] = {
		[REG_ROSTER_SEATED] = ROSTER_COLUMNS "AND status = 'confirmed' "
		    "AND erased_at IS NULL ORDER BY id",
		[REG_ROSTER_LIVE] = ROSTER_COLUMNS "AND erased_at IS NULL "
		    "ORDER BY id",
		[REG_ROSTER_CAME] = ROSTER_COLUMNS "AND (status = 'confirmed' "
		    "OR checked_in_at IS NOT NULL OR attended_at IS NOT NULL) "
		    "ORDER BY id",
		[REG_ROSTER_ALL] = ROSTER_COLUMNS "ORDER BY created_at, id",
	};

	*out = db_rows(db, a, sql[which], DB_ARGS(db_int(event_id)),
	    roster_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
registration_check_in(struct db *db, int64_t id, bool undo, int64_t now)
{
	if (undo)
		return db_run(db, "UPDATE registration SET checked_in_at = NULL "
		    "WHERE id = ?1", DB_ARGS(db_int(id)), NULL) == 0 ? 0 : -1;
	/* Idempotent: a second "Check in" keeps the first time. */
	return db_run(db, "UPDATE registration SET checked_in_at = "
	    "COALESCE(checked_in_at, ?2) WHERE id = ?1",
	    DB_ARGS(db_int(id), db_int(now)), NULL) == 0 ? 0 : -1;
}

int
registration_mark_attended(struct db *db, int64_t id, int64_t now)
{
	return db_run(db, "UPDATE registration SET attended_at = ?2 WHERE "
	    "id = ?1 AND attended_at IS NULL", DB_ARGS(db_int(id),
	    db_int(now)), NULL) == 0 ? 0 : -1;
}

static int
turnout_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct reg_turnout *t = out;

	(void)a;
	db_cols(st, NULL, 0, DB_COLS(db_as_int(&t->registrations),
	    db_as_int(&t->people), db_as_int(&t->confirmed),
	    db_as_int(&t->waiting), db_as_int(&t->checked_in),
	    db_as_int(&t->attended_report), db_as_int(&t->came)));
	return 0;
}

int
registration_turnout(struct db *db, int64_t event_id, struct reg_turnout *t)
{
	memset(t, 0, sizeof(*t));
	return db_row(db, NULL, "SELECT "
	    "COUNT(CASE WHEN status IN ('confirmed', 'offered', 'waiting') "
	    "THEN 1 END), "
	    "COALESCE(SUM(CASE WHEN status IN ('confirmed', 'offered', "
	    "'waiting') THEN group_size ELSE 0 END), 0), "
	    "COALESCE(SUM(CASE WHEN status = 'confirmed' THEN group_size "
	    "ELSE 0 END), 0), "
	    "COALESCE(SUM(CASE WHEN status = 'waiting' THEN group_size "
	    "ELSE 0 END), 0), "
	    "COALESCE(SUM(CASE WHEN checked_in_at IS NOT NULL THEN group_size "
	    "ELSE 0 END), 0), "
	    "COALESCE(SUM(CASE WHEN attended_at IS NOT NULL THEN group_size "
	    "ELSE 0 END), 0), "
	    "COALESCE(SUM(CASE WHEN checked_in_at IS NOT NULL OR attended_at "
	    "IS NOT NULL THEN group_size ELSE 0 END), 0) "
	    "FROM registration WHERE event_id = ?1",
	    DB_ARGS(db_int(event_id)), turnout_row, t) == 0 ? 0 : -1;
}

static int
label_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct reg_question_labels *q = out;
	int k;

	q->id = db_col_int64(st, 0);
	for (k = 0; k < LANG_COUNT; k++)
		q->labels[k] = db_col_dup(st, a, 1 + k);
	return 0;
}

static int
answer_value_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct reg_answer_value *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->registration_id),
	    db_as_int(&x->question_id), db_as_str(&x->value)));
	return 0;
}

int
registration_answer_sheet(struct db *db, struct arena *a, int64_t event_id,
    struct reg_question_labels **q, size_t *nq, struct reg_answer_value **ans,
    size_t *na)
{
	*q = db_rows(db, a, "SELECT id, label_fi, label_sv, label_en FROM "
	    "event_question WHERE event_id = ?1 ORDER BY position, id",
	    DB_ARGS(db_int(event_id)), label_row, sizeof(**q), nq);
	if (*q == NULL)
		return -1;
	*ans = db_rows(db, a, "SELECT a.registration_id, a.question_id, "
	    "a.value FROM registration_answer a JOIN registration r ON "
	    "r.id = a.registration_id WHERE r.event_id = ?1 ORDER BY "
	    "a.registration_id, a.question_id", DB_ARGS(db_int(event_id)),
	    answer_value_row, sizeof(**ans), na);
	return *ans != NULL ? 0 : -1;
}

int
registration_holds_seat(struct db *db, int64_t id, int64_t *event_id)
{
	return db_int64(db, "SELECT event_id FROM registration WHERE id = ?1 "
	    "AND status = 'confirmed' AND erased_at IS NULL",
	    DB_ARGS(db_int(id)), event_id);
}

int64_t *
registration_ids_of_address(struct db *db, struct arena *a, const char *email,
    size_t *n)
{
	return db_ints(db, a, "SELECT id FROM registration WHERE lower(email) = "
	    "?1 AND erased_at IS NULL ORDER BY created_at, id",
	    DB_ARGS(db_text(email)), n);
}

/*
 * store.c - the registration module's reads and writes of its own tables
 * for the pages (store.h), with db/rows.h.
 */
#include <string.h>

#include "db/rows.h"
#include "registration/registration.h"
#include "registration/store.h"

int
question_of_event(struct db *db, int64_t event_id, int64_t question_id)
{
	int64_t one;

	return db_int64(db, "SELECT 1 FROM event_question WHERE id = ?1 AND "
	    "event_id = ?2", DB_ARGS(db_int(question_id), db_int(event_id)),
	    &one);
}

static int
question_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct reg_question *q = out;

	q->id = db_col_int64(st, 0);
	q->kind = question_kind_parse(db_col_text(st, 1));
	db_cols(st, a, 2, DB_COLS(db_as_str(&q->labels[LANG_FI]),
	    db_as_str(&q->labels[LANG_SV]), db_as_str(&q->labels[LANG_EN]),
	    db_as_str(&q->choices_raw)));
	q->required = db_col_int64(st, 6) != 0;
	q->position = db_col_int64(st, 7);
	return 0;
}

int
questions_list(struct db *db, struct arena *a, int64_t event_id,
    struct reg_question **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT id, kind, label_fi, label_sv, label_en, "
	    "choices, required, position FROM event_question WHERE "
	    "event_id = ?1 ORDER BY position, id", DB_ARGS(db_int(event_id)),
	    question_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

struct question_count {
	int64_t count, last;
};

static int
count_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct question_count *c = out;

	(void)a;
	c->count = db_col_int64(st, 0);
	c->last = db_col_int64(st, 1);
	return 0;
}

int
questions_count(struct db *db, int64_t event_id, int64_t *count,
    int64_t *last_position)
{
	struct question_count c;

	if (db_row(db, NULL, "SELECT COUNT(*), COALESCE(MAX(position), 0) "
	    "FROM event_question WHERE event_id = ?1",
	    DB_ARGS(db_int(event_id)), count_row, &c) != 0)
		return -1;
	*count = c.count;
	*last_position = c.last;
	return 0;
}

int
question_insert(struct db *db, int64_t event_id,
    const struct question_fields *f, int64_t *id)
{
	return db_insert(db, "INSERT INTO event_question (event_id, position, "
	    "kind, label_fi, label_sv, label_en, choices, required) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
	    DB_ARGS(db_int(event_id), db_int(f->position), db_text(f->kind),
	    db_text(f->labels[0]), db_text(f->labels[1]),
	    db_text(f->labels[2]), db_text(f->choices),
	    db_int(f->required ? 1 : 0)), id) == 0 ? 0 : -1;
}

int
question_update(struct db *db, int64_t id, const struct question_fields *f)
{
	return db_run(db, "UPDATE event_question SET kind = ?2, "
	    "label_fi = ?3, label_sv = ?4, label_en = ?5, choices = ?6, "
	    "required = ?7, position = CASE WHEN ?8 > 0 THEN ?8 ELSE position "
	    "END WHERE id = ?1", DB_ARGS(db_int(id), db_text(f->kind),
	    db_text(f->labels[0]), db_text(f->labels[1]),
	    db_text(f->labels[2]), db_text(f->choices),
	    db_int(f->required ? 1 : 0), db_int(f->position)), NULL) == 0 ?
	    0 : -1;
}

int
question_delete(struct db *db, int64_t id)
{
	return db_run(db, "DELETE FROM event_question WHERE id = ?1",
	    DB_ARGS(db_int(id)), NULL) == 0 ? 0 : -1;
}

static int
answer_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct answer_row *x = out;

	x->registration_id = db_col_int64(st, 0);
	x->question_id = db_col_int64(st, 1);
	x->kind = question_kind_parse(db_col_text(st, 2));
	db_cols(st, a, 3, DB_COLS(db_as_str(&x->labels[LANG_FI]),
	    db_as_str(&x->labels[LANG_SV]), db_as_str(&x->labels[LANG_EN]),
	    db_as_str(&x->value)));
	return 0;
}

#define ANSWER_COLUMNS "a.registration_id, q.id, q.kind, q.label_fi, " \
	"q.label_sv, q.label_en, a.value FROM registration_answer a JOIN " \
	"event_question q ON q.id = a.question_id "

int
answers_of_registration(struct db *db, struct arena *a,
    int64_t registration_id, struct answer_row **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT " ANSWER_COLUMNS "WHERE "
	    "a.registration_id = ?1 ORDER BY q.position, q.id",
	    DB_ARGS(db_int(registration_id)), answer_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
answers_of_event(struct db *db, struct arena *a, int64_t event_id,
    struct answer_row **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT " ANSWER_COLUMNS "JOIN registration r "
	    "ON r.id = a.registration_id WHERE r.event_id = ?1 ORDER BY "
	    "a.registration_id, q.position, q.id", DB_ARGS(db_int(event_id)),
	    answer_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

static int
registrant_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct reg_row *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->id), db_as_str(&x->name),
	    db_as_str(&x->email), db_as_str(&x->organisation),
	    db_as_str(&x->municipality)));
	x->status = reg_status_parse(db_col_text(st, 5));
	db_cols(st, NULL, 6, DB_COLS(db_as_int(&x->group_size),
	    db_as_int(&x->waiting_seq), db_as_int(&x->created_at),
	    db_as_int(&x->offer_expires_at)));
	x->erased = !db_col_is_null(st, 10);
	return 0;
}

int
registrants_list(struct db *db, struct arena *a, int64_t event_id,
    struct reg_row **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT id, name, email, organisation, "
	    "municipality_code, status, group_size, waiting_seq, created_at, "
	    "offer_expires_at, erased_at FROM registration WHERE "
	    "event_id = ?1 ORDER BY id", DB_ARGS(db_int(event_id)),
	    registrant_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
registration_submitted(struct db *db, int64_t event_id,
    const char *submission)
{
	int64_t one;

	return db_int64(db, "SELECT 1 FROM registration WHERE event_id = ?1 "
	    "AND submission = ?2", DB_ARGS(db_int(event_id),
	    db_text(submission)), &one);
}

int
registration_seats_refresh(struct db *db, int64_t event_id)
{
	/* The covering index registration_seats (event_id, status,
	 * group_size) answers the sums without reading the rows. */
	return db_run(db, "INSERT INTO event_seat_count (event_id, taken, "
	    "waiting) SELECT ?1, " REG_SEATS_SUMS " FROM registration r WHERE "
	    "r.event_id = ?1 AND r.status IN ('confirmed', 'offered', "
	    "'waiting') " REG_SEATS_UPSERT, DB_ARGS(db_int(event_id)),
	    NULL) == 0 ? 0 : -1;
}

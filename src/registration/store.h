/*
 * store.h - the registration module's reads and writes for its pages
 * (store.c): questions, answers, the organisers' list.  Registrations
 * themselves change in registration.c and offers.c.  Internal to the
 * module.
 */
#ifndef TV_REGISTRATION_STORE_H
#define TV_REGISTRATION_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "registration/pages.h"

/* A question as stored: its texts in every language. */
struct question_fields {
	const char *kind;
	const char *labels[LANG_COUNT];
	const char *choices;		/* option lines "fi|sv|en" */
	bool required;
	int64_t position;		/* 0 on update: keep it */
};

/* An answer as stored, with its question's kind and labels. */
struct answer_row {
	int64_t registration_id, question_id;
	enum question_kind kind;
	const char *labels[LANG_COUNT], *value;
};

/* The event's questions in their order, texts not yet picked for a
 * language (labels[], choices_raw).  0 or -1. */
int questions_list(struct db *db, struct arena *a, int64_t event_id,
    struct reg_question **out, size_t *n);
/* How many questions the event has and the last position.  0 or -1. */
int questions_count(struct db *db, int64_t event_id, int64_t *count,
    int64_t *last_position);
/* 0 with *id, or -1. */
int question_insert(struct db *db, int64_t event_id,
    const struct question_fields *f, int64_t *id);
int question_update(struct db *db, int64_t id,
    const struct question_fields *f);
int question_delete(struct db *db, int64_t id);

/* One registration's answers in question order, or those of every
 * registration of an event in registration and question order.  0 or
 * -1. */
int answers_of_registration(struct db *db, struct arena *a,
    int64_t registration_id, struct answer_row **out, size_t *n);
int answers_of_event(struct db *db, struct arena *a, int64_t event_id,
    struct answer_row **out, size_t *n);

/* Every registration of the event in id order, answers not filled.  0 or
 * -1. */
int registrants_list(struct db *db, struct arena *a, int64_t event_id,
    struct reg_row **out, size_t *n);

/* Was this form (event, submission) saved already?  0 yes, DB_MISSING,
 * -1. */
int registration_submitted(struct db *db, int64_t event_id,
    const char *submission);

/*
 * The seat counter (event_seat_count, migration 0032): the event's taken
 * and waiting people counted again from its registrations, in the
 * caller's write transaction.  Called after every write that can move
 * them: a recount, so that it cannot drift from the registrations whatever
 * wrote them (write transactions run one at a time on both backends).
 * One statement; 0 or -1.
 */
int registration_seats_refresh(struct db *db, int64_t event_id);

/* The two sums of the counter, over registration rows r (for a statement
 * that counts several events at once, as the erasure does). */
#define REG_SEATS_SUMS "COALESCE(SUM(CASE WHEN r.status IN ('confirmed', " \
	"'offered') THEN r.group_size ELSE 0 END), 0), COALESCE(SUM(CASE " \
	"WHEN r.status = 'waiting' THEN r.group_size ELSE 0 END), 0)"
#define REG_SEATS_UPSERT "ON CONFLICT (event_id) DO UPDATE SET taken = " \
	"excluded.taken, waiting = excluded.waiting"

#endif

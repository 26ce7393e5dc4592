/*
 * store.h - the attendance module's reads and writes for its pages
 * (store.c): imports of participant reports, check-ins, and the rows of
 * the CSV exports.  Internal to the module.
 */
#ifndef TV_ATTENDANCE_STORE_H
#define TV_ATTENDANCE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attendance/attendance.h"
#include "registration/registration.h"

/* One import of a participant report. */
struct att_import_row {
	int64_t id, rows, matched, new_guests, imported_at;
	const char *filename;
	const char *when;		/* imported_at for the page */
};

/* One registration for the exports. */
struct att_export_row {
	int64_t id, group_size, created_at, checked_in_at, attended_at;
	int64_t waiting_seq;		/* -1 when not on the list */
	const char *name, *email, *organisation;
	enum reg_status status;
	const char *municipality[LANG_COUNT];	/* names, "" when none */
	bool erased;
};

struct att_export_question {
	int64_t id;
	const char *labels[LANG_COUNT];
};

struct att_export_answer {
	int64_t registration_id, question_id;
	const char *value;
};

/* The imports of an event in order.  0 or -1. */
int attendance_imports(struct db *db, struct arena *a, int64_t event_id,
    struct att_import_row **out, size_t *n);

/* Checks a registration in at the door (keeping an earlier time), or
 * undoes it.  0 or -1. */
int attendance_checkin_set(struct db *db, int64_t registration_id, bool undo,
    int64_t now);

/* Keeps an uploaded report (decoded text) for its mapping: 0 with *id,
 * or -1. */
int attendance_upload_add(struct db *db, int64_t event_id, int64_t account_id,
    const char *filename, const char *text, int64_t now, int64_t *id);

/* Records an import and drops its upload, in the caller's transaction.
 * 0 or -1. */
int attendance_import_done(struct db *db, int64_t event_id, int64_t account_id,
    int64_t upload_id, const char *filename,
    const struct att_import_result *res, int64_t now);

/* The registrations of the export: every one by time of registering, or
 * (attendees) those who held a seat or came, by id.  0 or -1. */
int attendance_export_rows(struct db *db, struct arena *a, int64_t event_id,
    bool attendees, struct att_export_row **out, size_t *n);

/* The event's questions in order and every answer, by registration and
 * question id.  0 or -1. */
int attendance_export_answers(struct db *db, struct arena *a, int64_t event_id,
    struct att_export_question **q, size_t *nq, struct att_export_answer **ans,
    size_t *na);

/* A survey answer (the table event_feedback). */
struct survey_answer {
	int64_t rating, recommend, updated_at;
	const char *comment;
};

/* The answer of a registration: 0, DB_MISSING or -1. */
int survey_answer_of(struct db *db, struct arena *a, int64_t registration_id,
    struct survey_answer *out);
/* Saves or replaces it while the registration holds a seat.  0 or -1. */
int survey_answer_save(struct db *db, int64_t registration_id, int rating,
    int recommend, const char *comment, int64_t now);
/* Every answer of an event, oldest first.  0 or -1. */
int survey_answers(struct db *db, struct arena *a, int64_t event_id,
    struct survey_answer **out, size_t *n);

#endif

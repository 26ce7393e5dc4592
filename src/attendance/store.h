/*
 * store.h - the attendance module's reads and writes for its pages
 * (store.c): uploads and imports of participant reports, and the survey
 * answers.  Internal to the module.
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

/* The imports of an event in order.  0 or -1. */
int attendance_imports(struct db *db, struct arena *a, int64_t event_id,
    struct att_import_row **out, size_t *n);

/* Keeps an uploaded report (decoded text) for its mapping: 0 with *id,
 * or -1. */
int attendance_upload_add(struct db *db, int64_t event_id, int64_t account_id,
    const char *filename, const char *text, int64_t now, int64_t *id);

/* Records an import and drops its upload, in the caller's transaction.
 * 0 or -1. */
int attendance_import_done(struct db *db, int64_t event_id, int64_t account_id,
    int64_t upload_id, const char *filename,
    const struct att_import_result *res, int64_t now);

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

/*
 * attendance.h - who came and what they thought: check-in at the door (QR
 * code or name search), the webinar platform's participant report, the
 * figures per event, and the survey a registrant answers after the event
 * (survey.c).
 *
 * A confirmed registration's check-in code is derived from its token hash
 * (so it exists as soon as the registration does and needs no column); the
 * QR code on the registrant's page encodes the staff URL
 * /:lang/events/:id/checkin/:code.
 */
#ifndef TV_ATTENDANCE_ATTENDANCE_H
#define TV_ATTENDANCE_ATTENDANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "events/events.h"
#include "http/request.h"
#include "http/router.h"
#include "view/i18n.h"

#define ATT_CODE_LEN 10

/* The check-in code of a registration from its stored token hash:
 * ATT_CODE_LEN characters of Crockford base32 + NUL. */
void attendance_code(const char *token_hash, char out[ATT_CODE_LEN + 1]);

/* Folds text for searching names and matching e-mail addresses: lower
 * case, letters with diacritics to their base letter (ä -> a, é -> e,
 * å -> a, ø -> o, ß -> ss), hyphens and runs of white space to one space,
 * trimmed. */
void attendance_fold(struct buf *out, const char *s);

/* A participant report, decoded and split into cells. */
struct att_report {
	const char **header;	/* ncols names */
	size_t ncols;
	const char ***rows;	/* nrows rows of ncols cells ("" when short) */
	size_t nrows;
	char sep;		/* the delimiter found: ',' ';' or '\t' */
	int guess_email;	/* column that looks like e-mail, or -1 */
	int guess_name;		/* column that looks like a name, or -1 */
	const char *text;	/* the whole file decoded to UTF-8 */
	size_t text_len;
};

/*
 * Parses a report as Teams and Zoom write them: UTF-8 (with or without a
 * byte-order mark) or UTF-16LE/BE with a mark; comma, semicolon or tab
 * separated; the participant table may follow summary lines (Teams'
 * "1. Summary" section), so the table is the block of rows with the most
 * e-mail addresses (else the longest).  0, or -1 with *err a msgid.
 */
int attendance_report_parse(struct arena *a, const char *data, size_t len,
    struct att_report *out, const char **err);

/* What an import did or would do. */
struct att_import_result {
	int64_t rows;		/* data rows read */
	int64_t matched;	/* registrations newly marked as attended */
	int64_t already;	/* registrations already marked */
	int64_t new_guests;	/* participants without registration, new */
	int64_t known_guests;	/* ... counted before */
	int64_t skipped;	/* rows with neither address nor name */
};

/*
 * Applies the report to event_id with the e-mail address in column
 * email_col and optionally the name in name_col (-1: none), inside the
 * caller's transaction; when dry_run is true nothing is written (preview).
 * Updates event.guests and event.attendees.  0, or -1.
 */
int attendance_import(struct db *db, struct arena *a, int64_t event_id,
    const struct att_report *rep, int email_col, int name_col,
    bool dry_run, int64_t now, struct att_import_result *res);

/* True when column col of rep holds at least one e-mail address. */
bool attendance_column_has_email(const struct att_report *rep, int col);

struct att_figures {
	int64_t registrations;	/* not cancelled/declined/expired */
	int64_t registered_people;	/* their group sizes */
	int64_t confirmed;	/* confirmed seats (people) */
	int64_t waiting;	/* people on the waiting list */
	int64_t checked_in;	/* people checked in at the door */
	int64_t attended_report;	/* people seen in a webinar report */
	int64_t guests;		/* attendees without registration */
	int64_t total;		/* everyone who came */
};

/* The figures of one event.  0 or -1. */
int attendance_figures(struct db *db, int64_t event_id,
    struct att_figures *f);

/* Recomputes event.attendees from the figures, in the caller's
 * transaction.  0 or -1. */
int attendance_update_total(struct db *db, int64_t event_id);

/* A registration that holds a seat, as the check-in pages show it. */
struct att_person {
	int64_t reg_id, group_size;
	const char *name, *organisation, *email;
	char code[ATT_CODE_LEN + 1];
	int64_t checked_in_at, attended_at;
	const char *checked_in_time;	/* formatted, or NULL */
};

/*
 * The event's registrations that hold a seat (confirmed), with their
 * check-in codes, sorted by name; only the one with `code` when code is
 * not NULL.  0 or -1.
 */
int attendance_people(struct db *db, struct arena *a, enum lang l,
    int64_t event_id, const char *code, struct att_person **out, size_t *n);

/* --- what the routes work on (loaders.c) --- */

/* The event of :id and the person of the check-in code :code (NULL when
 * no confirmed registration of the event has it: the page says so). */
struct checkin_target {
	struct event *event;
	const char *code;		/* NULL when not shaped like a code */
	struct att_person *person;
};

/* The event of :id and its stored participant report :upload (filename
 * NULL when there is no such upload: the page says so). */
struct upload_target {
	struct event *event;
	int64_t upload_id;
	const char *filename, *content;
	size_t len;
};

extern const struct route_loader checkin_loader;	/* organisers */
extern const struct route_loader attendance_upload_loader;	/* organisers */

/*
 * Erases what the attendance of an event keeps about people: the free text
 * of feedback (it may name people), the report's guest keys and a pending
 * upload; ratings and figures stay.  In the caller's transaction (the
 * privacy module's event retention); 0 or -1.
 */
int attendance_erase_event(struct db *db, int64_t event_id);

/* The serve job (src/main.c): deletes report uploads never imported
 * within a day.  0 or -1. */
int attendance_uploads_job(struct db *db, int64_t now);

/* The stored upload of an event: 0, DB_MISSING or -1. */
int attendance_upload_get(struct db *db, struct arena *a, int64_t event_id,
    int64_t upload_id, struct upload_target *out);

/* Routes (src/app/routes.c). */
void attendance_qr(struct request *r);		/* GET registration QR */
void attendance_page(struct request *r);	/* GET figures, search */
void attendance_checkin_page(struct request *r);	/* GET one code */
void attendance_checkin(struct request *r);	/* POST check in/undo */
void attendance_upload(struct request *r);	/* POST report file */
void attendance_mapping(struct request *r);	/* GET mapping, preview */
void attendance_import_post(struct request *r);	/* POST import */
void attendance_export_registrants(struct request *r);	/* GET CSV */
void attendance_export_attendance(struct request *r);	/* GET CSV */
void survey_form(struct request *r);		/* GET registrant's form */
void survey_submit(struct request *r);		/* POST the answer */
void survey_results(struct request *r);		/* GET organiser's */

/* --- read for the statistics module's period report --- */

/* The feedback answers of an event: how many, and the sums of their
 * ratings (1-5) and of their recommendation scores (0-10).  0 or -1. */
struct att_feedback_sums {
	int64_t answers, rating_sum, recommend_sum;
};
int attendance_feedback_sums(struct db *db, int64_t event_id,
    struct att_feedback_sums *out);

#endif

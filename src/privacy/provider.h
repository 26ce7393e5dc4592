/*
 * provider.h - how a module answers for the personal data in its tables.
 *
 * Each module that owns a table with personal data (docs/architecture.md,
 * "Modules, tables and the allowed graph") has a provider in
 * src/<module>/privacy.c, registered in src/privacy/registry.c.  The SQL
 * stays with the module that owns the table; the privacy module only
 * runs the providers in order, inside one read snapshot (export) or one
 * write transaction (erasure, retention), so that a person is never left
 * half-forgotten.  tools/boundary-check.py reads the `tables` arrays and
 * fails when a table with personal columns is in none of them.
 */
#ifndef TV_PRIVACY_PROVIDER_H
#define TV_PRIVACY_PROVIDER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/user.h"
#include "db/db.h"
#include "privacy/privacy.h"

/* The person a request is about: an unerased account. */
struct privacy_subject {
	int64_t id;
	const char *email;	/* lower case, as the account stores it */
	const char *idtext;	/* id as text (audit_log.object_id) */
	enum role role;		/* for the actor's right to erase */
	int64_t region_id;	/* 0 for none */
};

struct privacy_provider {
	const char *module;
	/* NULL-terminated: every table of the module it answers for. */
	const char *const *tables;
	/*
	 * Adds the module's sections (arrays of objects, times as ISO 8601
	 * UTC, never a secret or a hash) to the export document.  0 or -1.
	 * NULL: nothing to export beyond what erasure removes.
	 */
	int (*export)(struct db *db, const struct privacy_subject *s,
	    json_t *doc);
	/*
	 * Erases or anonymises the subject's rows in the caller's write
	 * transaction; the caller rolls everything back on -1.  0 or -1.
	 */
	int (*erase)(struct db *db, const struct privacy_subject *s,
	    int64_t now);
	/*
	 * Removes what is older than `days` days (or otherwise past its
	 * use) in the caller's write transaction, adding to its counts in
	 * *c.  0 or -1.  NULL when the module keeps its own period (events:
	 * event_retention_days, materials: materials_retention_run()).
	 */
	int (*retention)(struct db *db, int64_t now, int days,
	    struct retention_counts *c);
};

/* The providers in the order they export and erase; NULL-terminated. */
extern const struct privacy_provider *const privacy_providers[];

/* --- helpers for providers ----------------------------------------- */

enum privacy_col_kind { PRIVACY_TEXT, PRIVACY_TIME, PRIVACY_BOOL, PRIVACY_INT };

/* One column of a result row and its key in the document. */
struct privacy_col {
	const char *key;
	enum privacy_col_kind kind;
};

/*
 * Prepares sql and binds ?1..?nint to the integers i1, i2 and, when text
 * is given, ?(nint + 1) to it.  Only the parameters the statement names
 * are bound: SQLite refuses an index past its highest one.
 */
struct db_stmt *privacy_prepare(struct db *db, const char *sql, int nint,
    int64_t i1, int64_t i2, const char *text);

/* Runs a statement that returns no rows, bound as privacy_prepare().
 * 0 or -1. */
int privacy_exec(struct db *db, const char *sql, int nint, int64_t i1,
    int64_t i2, const char *text);

/*
 * Counts the rows a change is about to touch (count_sql), then makes it
 * (change_sql), both bound to the integers i1, i2, in the caller's
 * transaction, which holds the write lock, so nothing comes in between.
 * db.h has no "changes" call, and a count is the same in every backend.
 * Adds the count to *n; 0 or -1.
 */
int privacy_change(struct db *db, const char *count_sql,
    const char *change_sql, int nint, int64_t i1, int64_t i2, int64_t *n);

/* A time as "2023-11-14T22:13:20Z" (JSON null when it cannot be shown). */
json_t *privacy_json_time(int64_t t);

/* The current row of st as an object with the keys of cols (ended by a
 * NULL key); NULL when out of memory. */
json_t *privacy_row(struct db_stmt *st, const struct privacy_col *cols);

/*
 * Sets doc[key] to the rows of st (prepared and bound; NULL counts as an
 * error) as an array of objects, and finishes st.  0 or -1.
 */
int privacy_section(json_t *doc, const char *key, struct db_stmt *st,
    const struct privacy_col *cols);

/*
 * Names the event of each object of rows (an array) that has "event_id":
 * adds "event", its title in the first language it has, and when
 * with_start "event_starts_at", right after "event_id", through the
 * events module.  Each event is read once.  0 or -1.
 */
int privacy_name_events(struct db *db, json_t *rows, bool with_start);

/* Replaces o[key], a region's id (or null), by the region's code (null
 * when none), through the network module.  0 or -1. */
int privacy_name_region(struct db *db, json_t *o, const char *key);

#endif

/*
 * periods_store.h - the programme's periods, tutor assignments and
 * participants (programme_period, tutor_assignment,
 * tutor_assignment_account, period_municipality, and the workspace an
 * assignment opens).  Private to src/programme.
 *
 * Lookups answer 0 found, DB_MISSING (db/rows.h) or -1.  Lists take the
 * region filter of policy_region_filter() (0 every region, -1 none).
 */
#ifndef TV_PROGRAMME_PERIODS_STORE_H
#define TV_PROGRAMME_PERIODS_STORE_H

#include "programme/periods.h"

/* The periods of the filtered regions, newest first.  0 or -1. */
int period_store_list(struct db *db, struct arena *a, enum lang l,
    int64_t region_filter, struct programme_period **out, size_t *n);

int period_store_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct programme_period *out);

/* Names the periods' regions (code and name in l) from the network.
 * 0 or -1. */
int period_store_regions(struct db *db, struct arena *a, enum lang l,
    struct programme_period *p, size_t n);

/* Whether the region has another period (not `except`) of this year:
 * 1 yes, 0 no, -1 error. */
int period_store_year_taken(struct db *db, int64_t region, int64_t year,
    int64_t except);

/* Inserts a period (caller's transaction): 0 with *id set, or -1. */
int period_store_insert(struct db *db, int64_t region, int64_t year,
    enum period_format format, const struct periods_form *f, int64_t *id);

/*
 * Updates a period (caller's transaction).  When the format changes, the
 * municipalities supported in it change role with it (sparred in a
 * sparring period, participants otherwise); tutors stay tutors.  0 or -1.
 */
int period_store_update(struct db *db, int64_t id, int64_t year,
    enum period_format format, const struct periods_form *f);

/* The codes of an assignment, until the names are looked up. */
struct raw_assignment {
	struct periods_assignment a;
	const char *tutor_code;
	const char *municipality_code;
};

/*
 * The assignments of one period (period 0: of every period of the
 * filtered regions) in id order, with their account ids (labels are
 * filled in later).  0 or -1.
 */
int assignment_store_list(struct db *db, struct arena *a, int64_t period,
    int64_t region_filter, struct raw_assignment **out, size_t *n);

/* A municipality of a period with its role. */
struct raw_participant {
	const char *code;
	enum period_role role;
};

int participant_store_list(struct db *db, struct arena *a, int64_t period,
    struct raw_participant **out, size_t *n);

/* An assignment's id by its natural key: 0 with *id, DB_MISSING, -1. */
int assignment_store_find(struct db *db, int64_t period, const char *tutor,
    const char *municipality, int64_t *id);

/*
 * Adds an assignment with its accounts (caller's transaction, after the
 * duplicate check).  Both municipalities become participants of the
 * period: the tutor as 'tutor' (whatever it was), the supported one as
 * sparred or participant unless it is a tutor there itself.  The
 * supported municipality's workspace is made if it does not exist yet.
 * 0 with *id set, or -1.
 */
int assignment_store_insert(struct db *db, const struct programme_period *p,
    const struct periods_assign_form *f, int64_t *id);

int assignment_store_delete(struct db *db, int64_t id);

#endif

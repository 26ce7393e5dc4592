/*
 * statistics.h - support-encounter statistics: the encounter log, its
 * store with the roll-ups kept in the same transaction, and the handlers.
 *
 * An encounter (encounter.h) is logged by a supporter for one of the
 * service points they maintain (policy_maintains_point(), read through
 * the directory's API, never its tables), or by a municipal coordinator
 * or coordinator for the points of their municipality or region.  Its
 * municipality and region are copied from the point as it is when the
 * encounter is logged, so the figures stay where the help was given if a
 * point later moves.
 *
 * Roll-ups (migrations/0022_statistics.sql): encounter_day_count (day x
 * point x form) and encounter_month_count (month x point x one dimension
 * and its value); and (0031) encounter_municipality_month_count, the same
 * by municipality instead of point, which a region's or a municipality's
 * dashboard reads; and (0041) encounter_municipality_day_count, the day
 * roll-up by municipality alone, for their trend by week or day.  Every insert and undo changes them in the same
 * transaction; a roll-up row whose count reaches 0 is deleted, so the
 * tables always equal a recount of the encounters (tests/http/
 * encounters.test.mjs checks that after random inserts and undos).
 *
 * Who logged an encounter is kept only for "undo last": the recorder's
 * id goes when the window (STATS_UNDO_SECONDS) has passed - at the
 * recorder's next encounter, and for everyone in the privacy retention
 * run - and with the account's erasure (privacy.c).  No audit record is
 * written for an encounter, since it would keep that link for good.
 */
#ifndef TV_STATISTICS_STATISTICS_H
#define TV_STATISTICS_STATISTICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/committer.h"
#include "db/db.h"
#include "http/request.h"
#include "statistics/encounter.h"

#define STATS_UNDO_SECONDS	300	/* "undo last" for five minutes */
#define STATS_PEOPLE_MAX	500	/* head-count of one group session */
#define STATS_TOPICS_MAX	8	/* topics of one encounter */
#define STATS_DAYS_BACK		31	/* how far back the log may be dated */

/* One encounter as stored. */
struct stats_encounter {
	int64_t id;
	int64_t region_id;
	int64_t point_id;
	const char *municipality;	/* code */
	int64_t hour;			/* UTC start of its Helsinki hour */
	int32_t day;			/* encounter_day(hour) */
	int32_t month;			/* encounter_month(day) */
	const char *form;		/* key of support-forms.csv */
	enum encounter_duration duration;
	enum encounter_age age;
	const char *language;		/* ISO 639-1 */
	enum encounter_outcome outcome;
	int64_t people;			/* head-count, 1 for one person */
	const char *const *topics;	/* keys of support-topics.csv */
	size_t ntopics;
	int64_t recorded_by;		/* account, 0 when cleared */
	int64_t recorded_at;
};

/* --- reference data (refs.c): data/support-*.csv, built in --- */

/* The forms of support and the topics, in the files' order (parsed once;
 * NULL only if the built-in files are broken, which the unit tests
 * rule out). */
const struct encounter_refs *stats_forms(void);
const struct encounter_refs *stats_topics(void);

/* --- the store (store.c), in the caller's transaction --- */

/*
 * Inserts n logged encounters e[0..n) (each one's hour rounded and its
 * day and month set from it) with their topics and their shares of every
 * roll-up, in packed statements (like stats_store_add_batch()), and clears
 * the recorder of the same accounts' encounters logged before `now -
 * STATS_UNDO_SECONDS`.  Their ids, in order, into ids.  0 or -1.
 */
int stats_store_log(struct db *db, struct arena *a, struct stats_encounter *e,
    size_t n, int64_t now, int64_t *ids);

/*
 * The latest encounter `account` logged at `since` or later, with its
 * topics: 0, DB_MISSING or -1.
 */
int stats_store_last(struct db *db, struct arena *a, int64_t account,
    int64_t since, struct stats_encounter *out);

/* Deletes encounter e (as stats_store_last() read it) and takes it out of
 * every roll-up.  0 or -1. */
int stats_store_remove(struct db *db, const struct stats_encounter *e);

/* Encounters and their head-count at a point on a day (from the roll-up).
 * 0 or -1. */
int stats_store_point_day(struct db *db, int64_t point, int32_t day,
    int64_t *n, int64_t *people);

/*
 * Whose figures a query reads: a region, narrowed to one municipality,
 * or only some service points (a supporter's).  A scope with region 0,
 * no municipality and no points reads nothing.
 */
struct stats_scope {
	int64_t region;
	const char *municipality;	/* NULL: the whole region */
	bool by_points;
	const int64_t *points;
	size_t npoints;
};

/* What a roll-up's counts are summed by besides the value. */
enum stats_by {
	STATS_BY_NONE,
	STATS_BY_MUNICIPALITY,
	STATS_BY_POINT,
};

/* One summed cell of a roll-up. */
struct stats_count {
	int32_t month;			/* -1 when not grouped by month */
	const char *municipality;	/* "" when not grouped by place; the
					 * point's id as text by point */
	const char *value;		/* the dimension's key */
	int64_t n, people;
};

/*
 * The month roll-up of dimension dim ("form", "topic", "age", "language",
 * "duration", "outcome") in scope (a region's or municipality's from the
 * roll-up by municipality, unless by point) for the months from..to,
 * summed by value and, when asked, by month and by municipality or
 * service point: the vector with *n set, or NULL on error.
 */
struct stats_count *stats_store_counts(struct db *db, struct arena *a,
    const struct stats_scope *s, const char *dim, int32_t from,
    int32_t to, bool by_month, enum stats_by by, size_t *n);

/* One day's encounters and head-count in a scope. */
struct stats_day {
	int32_t day;
	int64_t n, people;
};

/* The day roll-up of scope for the days from..to, day by day (days
 * without encounters left out), in order: the vector with *n set, or
 * NULL on error. */
struct stats_day *stats_store_days(struct db *db, struct arena *a,
    const struct stats_scope *s, int32_t from, int32_t to, size_t *n);

/* One leaf of a published cube: a point's count of a value in a month. */
struct stats_leaf {
	const char *municipality;
	int64_t point;
	const char *value;
	int32_t month;
	int64_t n;
};

/* The month roll-up of dim in region for the months from..to, by
 * municipality, point, value and month: the vector, or NULL on error. */
struct stats_leaf *stats_store_leaves(struct db *db, struct arena *a,
    int64_t region, const char *dim, int32_t from, int32_t to, size_t *n);

/*
 * Inserts n encounters (source "demo", "import" or "tally", no recorder:
 * nothing to undo) with their topics in multi-row statements, adds them to
 * the roll-ups summed in memory first (one upsert per roll-up row, not
 * per encounter), in the caller's transaction.  Each one's day and month
 * must be set from its hour.  0 or -1.
 */
int stats_store_add_batch(struct db *db, struct arena *a,
    const struct stats_encounter *e, size_t n, const char *source);

/* --- the log's group committer (committer.c) --- */

/*
 * An encounter for the committer: saved by stats_store_log() with the
 * other encounters waiting, in one transaction.  Once it is committed (rc 0,
 * id set) or could not be saved (rc -1), done(arg) is called from the
 * writer's thread, which never touches the job again.  The job and what
 * e points to must live until then.
 */
struct stats_job {
	struct stats_encounter e;
	int64_t now;
	int64_t id;
	int rc;
	/* Not saved: its quarter was published while it waited for its
	 * batch (release.h). */
	bool closed;
	void (*done)(void *arg);
	void *arg;
	struct db_commit_item item;	/* the committer's part */
};

/* Queues the job: 0, or -1 (done() will not be called) when the writer
 * cannot be started or the server is stopping. */
int stats_log_queue(struct stats_job *job);

/* --- demo (demo.c) --- */

/*
 * Adds `n` synthetic encounters over the last 365 days at the active
 * service points of region `region`, with the patterns of real support
 * (weekdays busier, a summer dip and a quiet Christmas; identification
 * and banking asked most; more older people; some groups), in
 * transactions of its own of up to 100,000 encounters.  Deterministic for
 * a seed.  0, or -1 with *err set.
 */
int stats_demo_load(struct db *db, int64_t region, long n, uint64_t seed,
    int64_t now, const char **err);

/* --- handlers (routes in src/app/routes.c) --- */

void stats_log(struct request *r);	/* GET /:lang/staff/encounters */
void stats_record(struct request *r);	/* POST /:lang/staff/encounters */
void stats_import_form(struct request *r);	/* GET .../encounters/import */
void stats_tally_form(struct request *r);	/* GET .../encounters/tally */
void stats_tally(struct request *r);	/* POST .../encounters/tally */
void stats_import(struct request *r);	/* POST .../encounters/import */
void stats_undo(struct request *r);	/* POST .../encounters/undo */
void stats_dashboard(struct request *r);	/* GET /:lang/staff/statistics */
void stats_dashboard_csv(struct request *r);	/* GET .../statistics.csv */
void stats_public(struct request *r);		/* GET /:lang/statistics */
void stats_public_csv(struct request *r);	/* GET /:lang/statistics.csv */
void stats_public_municipality(struct request *r);	/* .../statistics/:code */
void stats_disclosure_record(struct request *r);	/* GET /:lang/staff/
							 * statistics/disclosure */
void stats_report(struct request *r);		/* GET .../statistics/report */
void stats_report_zip(struct request *r);	/* GET .../report.zip */
void stats_api_region(struct request *r);	/* GET /api/statistics */
void stats_api_municipality(struct request *r);	/* .../statistics/:code */

#endif

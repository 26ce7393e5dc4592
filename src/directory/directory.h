/*
 * directory.h - the directory of digital-support service points: what a
 * point is, the read API other modules may use, the store, the search,
 * the route loaders and the handlers.
 *
 * A service point has names, descriptions and a plain-language summary in
 * fi/sv/en (shown in the page's language, else fi -> sv -> en, marked with
 * its lang), an address and a WGS84 point, contacts, the topics and forms
 * of support it offers, the languages it serves, accessibility facts and
 * opening hours (hours.h).  The coordinators of its region, the municipal
 * coordinator of its municipality and the supporters given it in their
 * scope maintain it (policy_maintains_point()); every change is one
 * transaction with its audit record.
 *
 * The search (directory_store_search()) matches the terms analyse.c makes
 * of the query against the same terms made of each point's texts: FTS5 on
 * SQLite, a tsvector on PostgreSQL, behind one store function, so both
 * backends answer the same.  "Open now" and "open at" read the point's
 * materialised open intervals (service_point_open), refreshed when a point
 * is saved and by directory_job() every day.
 */
#ifndef TV_DIRECTORY_DIRECTORY_H
#define TV_DIRECTORY_DIRECTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "auth/policy.h"
#include "base/arena.h"
#include "db/db.h"
#include "directory/hours.h"
#include "http/request.h"
#include "http/router.h"
#include "view/i18n.h"

#define DIR_NAME_MAX	200	/* characters of a name */
#define DIR_TEXT_MAX	4000	/* of a description */
#define DIR_SUMMARY_MAX	300	/* of the plain-language summary */
#define DIR_SHORT_MAX	500	/* of costs and booking instructions */
#define DIR_NOTES_MAX	4000	/* of the accessibility notes */
#define DIR_PAGE_SIZE	20	/* results on a page */
#define DIR_COUNT_MAX	1000	/* results counted: past it, "over 1,000" */
#define DIR_OPEN_DAYS	14	/* days ahead "open at" can answer */
#define DIR_INTERVALS_MAX 32	/* weekly intervals a form may have */
#define DIR_EXCEPTIONS_MAX 32	/* single days a form may have */

enum dir_status { DIR_ACTIVE, DIR_TEMP_CLOSED, DIR_CLOSED };

/* Accessibility facts, stored as the acc_* columns in this order. */
enum dir_fact {
	FACT_STEP_FREE,		/* step-free entrance */
	FACT_LIFT,		/* a lift, or all on the entrance floor */
	FACT_TOILET,		/* an accessible toilet */
	FACT_PARKING,		/* parking for disabled people */
	FACT_LOOP,		/* an induction loop */
	FACT_QUIET,		/* a quiet place to talk */
	FACT_LARGE_TEXT,	/* a large screen or magnifier for help */
	FACT_GUIDE_DOG,		/* guide and assistance dogs welcome */
};
#define FACT_COUNT 8

/* Needs a resident may filter on; each asks for some facts. */
enum dir_need { NEED_WHEELCHAIR, NEED_WALKING, NEED_HEARING, NEED_VISION };
#define NEED_COUNT 4

/* A choice in a list: a topic, a form of support, a municipality. */
struct dir_choice {
	const char *key;
	const char *label;		/* in the page's language */
};

struct dir_period_info {
	const char *name[LANG_COUNT];
};

struct dir_exception_info {
	const char *note[LANG_COUNT];
};

struct service_point {
	int64_t id;
	int64_t region_id;
	const char *municipality;	/* code */
	const char *municipality_name;	/* in the page's language */
	const char *region_code;	/* its region ("01" Uusimaa) */
	enum dir_status status;
	const char *organisation;
	const char *name[LANG_COUNT];
	const char *description[LANG_COUNT];
	const char *summary[LANG_COUNT];
	const char *costs[LANG_COUNT];
	const char *booking[LANG_COUNT];
	const char *street, *postcode, *post_office;
	bool has_point;
	double lat, lon;
	const char *phone, *email, *web;
	bool free_of_charge;
	bool facts[FACT_COUNT];
	/* Free-text accessibility notes, and whether they are PTV's as
	 * imported (a new import may replace them: ptv.c). */
	const char *access_notes[LANG_COUNT];
	bool access_notes_ptv;
	const char *const *topics;	/* keys */
	size_t ntopics;
	const char *const *forms;
	size_t nforms;
	const char *const *langs;	/* ISO 639-1 */
	size_t nlangs;
	struct hours hours;		/* closed_on_holidays inside */
	const struct dir_period_info *period_info;	/* per hours.periods */
	const struct dir_exception_info *exception_info;
	int64_t created_at, updated_at;
};

enum dir_sort { DIR_SORT_RELEVANCE, DIR_SORT_NAME, DIR_SORT_DISTANCE };

/* A search as the page asks it; NULL or 0 fields do not filter. */
struct dir_query {
	enum lang lang;
	const char *text;
	const char *municipality;
	const char *topic;
	const char *form;
	const char *language;
	int need;			/* enum dir_need, or -1 */
	int64_t open_at;		/* 0: any time */
	enum dir_sort sort;
	bool has_origin;		/* DIR_SORT_DISTANCE from here */
	double lat, lon;
	int64_t offset, limit;
};

/* One result. */
struct dir_hit {
	int64_t id;
	const char *name;
	enum lang name_lang;
	const char *summary;
	enum lang summary_lang;
	const char *municipality_name;
	const char *street, *postcode, *post_office;
	enum dir_status status;
	bool has_point;
	double lat, lon;
	double km;			/* from the origin, when it has one */
	int64_t total;			/* the store's ranked statement's count */
};

/* --- pure helpers (text.c; unit tested) --- */

/* The stored name of a status, and its parse: 0 or -1. */
const char *dir_status_name(enum dir_status s);
int dir_status_parse(const char *s, enum dir_status *out);

/* The facts a need asks for (FACT_* bits). */
unsigned dir_need_facts(enum dir_need need);

/* Whether a point with these facts meets the need. */
bool dir_meets_need(const bool facts[FACT_COUNT], enum dir_need need);

/* Parses "wheelchair", "walking", "hearing", "vision": 0 or -1. */
int dir_need_parse(const char *s, enum dir_need *out);
const char *dir_need_name(enum dir_need need);

/* A key that orders names as Finnish and Swedish readers expect with
 * plain byte comparison on either backend (lowercase a-z and digits
 * only: å, ä, ö after z), in the arena. */
const char *dir_sort_key(struct arena *a, const char *name);

/* Great-circle distance in kilometres. */
double dir_km(double lat1, double lon1, double lat2, double lon2);

/* The UTC moment of Helsinki's wall-clock minute `minute` (may be 1440
 * or more: the next day) of day `day`; in the hour the spring change
 * skips, the moment after it. */
int64_t dir_local_moment(int32_t day, int minute);

/*
 * The open intervals of hours h from day `from` for `days` days, as UTC
 * [start, end) moments with their state (closed time left out), in start
 * order: how many were written to out (at most max).
 */
struct dir_open {
	int64_t starts_at, ends_at;
	enum hours_state state;
};
size_t dir_open_intervals(const struct hours *h, int32_t from, int days,
    struct dir_open *out, size_t max);

/*
 * A plain sentence of the day's hours in l: "Avoinna tänään 10–16",
 * "Öppet i dag 10–16", "Open today 10–16", several intervals joined,
 * "by appointment" and "self-service" said, "Suljettu tänään" when
 * closed.  `when` is 0 today, 1 tomorrow.  In the arena.
 */
const char *dir_hours_sentence(struct arena *a, enum lang l,
    const struct hours_day *d, int when);

/* An interval as "10–16", "9.30–16" (fi, sv) or "9:30–16" (en). */
const char *dir_interval_text(struct arena *a, enum lang l,
    const struct hours_interval *iv);

/* --- the embeddable widget's colours (text.c; unit tested) --- */

#define DIR_ACCENT_DEFAULT "#0000bf"	/* the site's link colour */
#define DIR_ACCENT_TEXT_DEFAULT "#ffffff"
#define DIR_CONTRAST_MIN 4.5		/* WCAG 2.1 1.4.3, normal text */

/* A hexadecimal digit's value (either case), or -1. */
int dir_hex_digit(char c);

/* A colour written "#rrggbb" (either case): 0 with its channels, or -1. */
int dir_colour_parse(const char *s, unsigned char rgb[3]);

/* The WCAG 2.1 contrast ratio of two colours, 1 to 21. */
double dir_contrast(const unsigned char a[3], const unsigned char b[3]);

/* --- the store (store.c): lookups 0, DB_MISSING or -1 --- */

/* One point with everything (hours, topics, forms, languages), texts as
 * stored; municipality_name in l. */
int directory_store_get(struct db *db, struct arena *a, enum lang l,
    int64_t id, struct service_point *out);

/* The hours of each of n points (out[i].id, .hours, .period_info,
 * .exception_info; nothing else filled), four statements per twenty
 * points: a page of search results.  0 or -1. */
int directory_store_hours(struct db *db, struct arena *a, const int64_t *ids,
    size_t n, struct service_point *out);

/*
 * Inserts (p->id 0) or updates a point with its lists and hours, indexes
 * its texts for the search and refreshes its open intervals, in the
 * caller's transaction.  The id, or -1 (DB_CONSTRAINT as -1 too).
 */
int64_t directory_store_save(struct db *db, struct arena *a,
    const struct service_point *p, int64_t now);

/* Results of a search and how many there are in all, counted up to
 * DIR_COUNT_MAX + 1 (more than DIR_COUNT_MAX).  0 or -1. */
int directory_store_search(struct db *db, struct arena *a,
    const struct dir_query *q, struct dir_hit **out, size_t *n,
    int64_t *total);

/* The choices of the search form and the edit form, in l.  0 or -1. */
int directory_store_topics(struct db *db, struct arena *a, enum lang l,
    struct dir_choice **out, size_t *n);
int directory_store_forms(struct db *db, struct arena *a, enum lang l,
    struct dir_choice **out, size_t *n);
/* Municipalities that have active points (search) or all (edit). */
int directory_store_areas(struct db *db, struct arena *a, enum lang l,
    bool with_points, struct dir_choice **out, size_t *n);
/* Languages served at some point, as codes.  0 or -1. */
int directory_store_languages(struct db *db, struct arena *a,
    const char ***out, size_t *n);

/* The search form's four lists at once, as the four functions above give
 * them (the municipalities with points): from the search index with one
 * look at the directory's stamp when it is there.  0 or -1. */
struct dir_search_choices {
	struct dir_choice *areas, *topics, *forms;
	size_t nareas, ntopics, nforms;
	const char **langs;
	size_t nlangs;
};
int directory_store_search_choices(struct db *db, struct arena *a,
    enum lang l, struct dir_search_choices *c);

/*
 * The point a resident measures from: a municipality named (fi or sv,
 * any case) or given by code, or a postcode (the middle of the points
 * that have it).  0 with *lat, *lon; DB_MISSING; -1.
 */
int directory_store_origin(struct db *db, struct arena *a, const char *place,
    double *lat, double *lon);

/* The points u maintains (policy_point_filter()), by name.  0 or -1. */
int directory_store_managed(struct db *db, struct arena *a, enum lang l,
    const struct point_filter *f, struct dir_hit **out, size_t *n);

/*
 * A page of the published points (active or temporarily closed) changed
 * at or after `since` (Unix seconds; 0 all) with ids above `after`, in id
 * order: each point's own fields, without its lists and hours;
 * municipality_name in l.  With how many there are in all (the ids
 * before `after` included) when total is not NULL.  0 or -1.
 */
int directory_store_published(struct db *db, struct arena *a, enum lang l,
    int64_t since, int64_t after, int64_t limit, int64_t offset,
    struct service_point **out, size_t *n, int64_t *total);

/* The ids of the points of a region (0 every region, -1 none: as
 * policy_region_filter() gives it), by name: the vector, or NULL. */
int64_t *directory_store_region_ids(struct db *db, struct arena *a,
    int64_t region, size_t *n);

/* --- read for the statistics module's period report --- */

/* A key (a municipality's code, a language's code) and a count. */
struct dir_count {
	const char *key;
	int64_t n;
};

/* The active service points of a region by municipality, and by
 * language served, by key: 0 or -1. */
int directory_store_coverage(struct db *db, struct arena *a, int64_t region,
    struct dir_count **munis, size_t *nmunis, struct dir_count **langs,
    size_t *nlangs);

/* The point imported from the PTV channel ptv_id: 0 with *id, DB_MISSING,
 * or -1; and recording a point's PTV id (0 or -1). */
int directory_store_by_ptv(struct db *db, const char *ptv_id, int64_t *id);
int directory_store_set_ptv(struct db *db, int64_t id, const char *ptv_id);

/* A municipality of the directory with the point it is found at. */
struct dir_area {
	const char *code, *name_fi, *name_sv;
	double lat, lon;
};

/* The municipalities by code, all or those of one region (region_code,
 * e.g. "01" Uusimaa; NULL for all): the vector, or NULL on error. */
struct dir_area *directory_store_area_points(struct db *db,
    struct arena *a, const char *region_code, size_t *n);

/* Whether municipality code exists; its name in l.  0, DB_MISSING, -1. */
int directory_store_area(struct db *db, struct arena *a, enum lang l,
    const char *code, const char **name);

/*
 * The daily work: re-materialises the open intervals of up to `batch`
 * points whose window has fallen behind `now`.  How many it did, or -1.
 */
int directory_store_refresh(struct db *db, struct arena *a, int64_t now,
    int batch);

/*
 * Indexes the points with ids in (after, after + span] that the search
 * index lacks (after `copy-db`, which leaves it out).  *next is where the
 * walk goes on, or -1 past the last point.  How many it indexed, or -1.
 */
int directory_store_index_missing(struct db *db, struct arena *a,
    int64_t after, int64_t span, int64_t *next);

/* A municipality's widget colours ("#rrggbb"): 0, DB_MISSING (the
 * defaults apply) or -1; and setting them in the caller's transaction,
 * 0 or -1. */
int directory_store_widget(struct db *db, struct arena *a, const char *code,
    const char **accent, const char **accent_text);
int directory_store_set_widget(struct db *db, const char *code,
    const char *accent, const char *accent_text, int64_t now);

/* The job of src/main.c's job table: directory_store_refresh(). */
int directory_job(struct db *db, int64_t now);

/* Waits for a search index build under way and lets no other start: the
 * server calls it before it exits (search_index.c). */
void directory_index_stop(void);

/* The search index made compact after a bulk load.  0 or -1. */
int directory_store_optimize(struct db *db);

/* --- demo (demo.c) --- */

/*
 * Adds `n` service points in the caller's transaction: with uusimaa true,
 * realistic points (libraries, service centres, citizen offices,
 * associations, parishes) across Uusimaa's municipalities; else synthetic
 * ones across all of Finland, for benchmarks.  Deterministic.  0 or -1.
 */
int directory_demo_load(struct db *db, int64_t region_id, int n,
    bool uusimaa, int64_t now);

/* --- the national service catalogue (ptv.c) --- */

/*
 * `tukiverkko import ptv FILE...`: the ServiceLocation channels
 * of PTV API v11 lists as service points of region `region`, keyed by
 * their PTV id, in the municipality of their address or `municipality`
 * when given.  A line per channel on out (created, updated, unchanged,
 * skipped and why) and the totals; the mistakes on err, each with its
 * channel's id, and then nothing is written.  0, or 1.
 */
int directory_ptv_import(struct db *db, const char *const *files,
    size_t nfiles, const char *municipality, int64_t region, FILE *out,
    FILE *err);

/* --- the full open-data export (export.c) --- */

/*
 * `tukiverkko export hsds DIR`: every published point as HSDS 3.0 in
 * DIR/{fi,sv,en}/: services.ndjson, organizations.ndjson and the tabular
 * data package csv/ (datapackage.json and a CSV per table).  DIR must be
 * new or empty.  What it wrote on out, a mistake on err.  0, or 1.
 */
int directory_hsds_export(struct db *db, const char *dir, FILE *out,
    FILE *err);

/* --- route loaders (loaders.c) --- */

/* A point visitors see: active or temporarily closed (SCOPE_PUBLISHED
 * with published set). */
extern const struct route_loader directory_point_public;
/* A point the user maintains (SCOPE_POINT). */
extern const struct route_loader directory_point_maintained;

/* The open data's service and service at location by HSDS UUID
 * (hsds.h): a published point, for anyone. */
extern const struct route_loader directory_hsds_service_loader;
extern const struct route_loader directory_hsds_sal_loader;

/* --- handlers (routes in src/app/routes.c) --- */

void directory_search(struct request *r);	/* GET /:lang/directory */
void directory_page(struct request *r);		/* GET /:lang/directory/:id */
void directory_manage(struct request *r);	/* GET /:lang/staff/directory */
void directory_new(struct request *r);		/* GET .../directory/new */
void directory_create(struct request *r);	/* POST /:lang/staff/directory */
void directory_edit(struct request *r);		/* GET .../directory/:id */
void directory_update(struct request *r);	/* POST .../directory/:id */

/* The region's points as CSV for coordinators (edit.c, csv.h). */
void directory_export(struct request *r);	/* GET .../points.csv */
void directory_import_form(struct request *r);	/* GET .../import */
void directory_import(struct request *r);	/* POST .../import */

/* The open data, HSDS 3.0 (api.c). */
/* The embeddable widget (pages.c, widget.c). */
void directory_widget(struct request *r);	/* GET /:lang/directory/widget */
void directory_widget_style(struct request *r);	/* GET .../widget-style/:code */
void directory_widget_edit(struct request *r);	/* GET .../staff/.../widget/:code */
void directory_widget_save(struct request *r);	/* POST the same */
extern const struct route_loader directory_area_edited;
extern const struct route_loader directory_area_public;

void directory_hsds_meta(struct request *r);	/* GET /api/hsds */
void directory_hsds_services(struct request *r);
void directory_hsds_service(struct request *r);
void directory_hsds_sals(struct request *r);
void directory_hsds_sal(struct request *r);

#endif

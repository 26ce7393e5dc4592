/*
 * views.h - what the statistics templates (templates/statistics/) are
 * given.
 */
#ifndef TV_STATISTICS_VIEWS_H
#define TV_STATISTICS_VIEWS_H

#include "directory/directory.h"
#include "network/network.h"
#include "programme/programme.h"
#include "statistics/chart.h"
#include "statistics/disclosure.h"
#include "statistics/statistics.h"
#include "view/form.h"
#include "view/view.h"

/* A choice with its label in the page's language. */
struct stats_option {
	const char *key;
	const char *label;
};

/* The national forms of support, each with its forms. */
struct stats_form_group {
	const char *label;
	const struct stats_option *forms;
	size_t nforms;
};

/* The log's fields as written (or as remembered and defaulted). */
struct stats_log_form {
	const char *point;		/* id as text */
	bool *topic_on;			/* per topic */
	const char *form, *duration, *age, *language, *outcome;
	const char *people, *date, *hour;
};

struct stats_log_view {
	const char *csrf;
	const char *action, *undo_action;
	const struct dir_hit *points;	/* the points the user logs for */
	size_t npoints;
	const struct stats_option *topics;
	size_t ntopics;
	const struct stats_form_group *groups;
	size_t ngroups;
	const struct stats_option *durations, *ages, *outcomes, *languages;
	size_t ndurations, nages, noutcomes, nlanguages;
	const char *const *hours;	/* "9–10", 24 of them */
	struct stats_log_form f;
	struct form_errors errors;
	const char *notice;		/* msgid, or NULL */
	const char *last;		/* what "undo" would take back, or NULL */
	int64_t today;			/* encounters at the point today */
	const char *point_name;		/* the chosen point's name */
	/* A tally: the grid as written (topic by topic, a form each) and
	 * how many were just saved (-1 none). */
	const char **cells;
	const struct encounter_ref *forms_flat;
	size_t nforms_flat;
	int64_t tallied;
};

/* One line of a dashboard table. */
struct stats_row {
	const char *key, *label;
	const char *group;		/* a form's national form, or NULL */
	int64_t n, people;
	int64_t prev;			/* the period before; -1: not asked */
};

/* The age bands as the log and the dashboard name them (log.c). */
extern const char *const stats_age_msgids[ENC_AGE_COUNT];

/* How the dashboard's trend is split. */
enum stats_unit { STATS_UNIT_MONTH, STATS_UNIT_WEEK, STATS_UNIT_DAY };

struct stats_dash_view {
	struct stats_scope scope;
	const struct municipality *municipalities;	/* the region's */
	size_t nmunicipalities;
	const char *municipality;	/* chosen within the region, or NULL */
	const char *place;		/* its name */
	int32_t from, to, prev_from, prev_to;	/* months */
	const char *from_key, *to_key;	/* "2026-01" */
	const char *period, *prev_period;	/* "1/2026–12/2026" */
	int64_t total, people, prev_total;
	enum stats_unit unit;
	const char *unit_key;		/* "month", "week", "day" */
	const char *trend_title, *trend_head;
	const struct stats_row *trend, *groups, *forms, *topics, *places,
	    *points, *ages, *languages;
	size_t ntrend, ngroups, nforms, ntopics, nplaces, npoints, nages,
	    nlanguages;
	const char *trend_svg, *groups_svg, *topics_svg, *places_svg;
	const char *base, *csv;		/* hrefs */
	const char *public_href;	/* the published statistics */
	const char *record_href;	/* what they hide: managers only */
	const char *report_href;	/* the period report: managers only */
};

/* The import form, and its mistakes by line. */
struct stats_import_view {
	const char *csrf, *action;
	const char *csv;		/* as sent */
	struct form_errors errors;
	const char *const *lines;	/* "Line 3: ..." */
	size_t nlines;
	size_t more;			/* mistakes not listed */
	int64_t imported;		/* encounters just imported, or -1 */
};

/* A place of the published cube: the region, a municipality, a point. */
enum stats_place_kind { PLACE_REGION, PLACE_MUNICIPALITY, PLACE_POINT };

struct stats_place {
	enum stats_place_kind kind;
	const char *code;		/* municipality code, point id as text */
	const char *name;
	enum lang name_lang;
	int32_t parent;			/* node index, -1 for the region */
};

/*
 * The published figures of a region's year (public.c), a quarter at a time
 * (release.h): each quarter that has been released is two cubes of places
 * x columns x periods (the quarter -> its months), protected together by
 * disclosure.c - forms of support (total -> national form -> form) and
 * topics (each a root: topics do not add up, an encounter may have
 * several; by the quarter only).  When a quarter's cubes cannot be
 * protected at its detail, the next level leaves out the service points,
 * then the forms within the national forms, then the months; level 4
 * publishes nothing of the quarter.  No two quarters share a cell, so
 * none can be subtracted from another; the year and longer periods are
 * sums of shown quarter figures, shown only when all are (and telling
 * nothing new then).
 */
#define STATS_LEVEL_WITHHELD 4
#define STATS_YEAR_NODES 17	/* the year's grid: year, quarters, months */
#define STATS_TOPIC_NODES 5	/* the topics': year, quarters */

struct stats_quarter {
	int level;			/* 0 points, forms and months; 1
					 * forms and months; 2 national forms
					 * and months; 3 forms, the quarter
					 * only; 4 withheld */
	struct stats_place *places;
	size_t nplaces;
	size_t ncols;			/* of stats_pub's cols, from the first */
	size_t nperiods;		/* 4 (the quarter, its months) or 1 */
	struct disclosure_table forms, topics;
};

struct stats_pub {
	int year;
	int64_t region_id;
	int level;			/* the coarsest of the quarters' that
					 * are published; 4 when none is */
	int quarters;			/* released: 1..4 */
	const char *region_name;
	struct stats_quarter q[4];
	/* The year's figures: places (the region, its municipalities and
	 * the points when every quarter has them), columns and periods. */
	struct stats_place *places;
	size_t nplaces;
	const char **cols;		/* total, national forms, forms */
	size_t ncols;
	const char **topic_labels;
	size_t ntopics;
	struct stats_value *forms;	/* [place][col][STATS_YEAR_NODES] */
	struct stats_value *topics;	/* [place][topic][STATS_TOPIC_NODES] */
};

/* One published figure with its label. */
struct stats_pub_row {
	const char *label;
	enum lang label_lang;
	const char *href;		/* or NULL */
	struct stats_value v[4];	/* total and the three national forms */
};

struct stats_pub_view {
	const struct stats_pub *pb;
	const char *place;		/* the page's place */
	struct stats_value total;
	const struct stats_pub_row *months, *groups, *topics, *rows;
	size_t nmonths, ngroups, ntopics, nrows;
	const char *rows_head;		/* "Municipality" / "Service point" */
	const char *rows_title;		/* "Encounters by municipality" / ... */
	const char *trend_svg, *groups_svg, *topics_svg;
	const char *csv;
	const int *years;
	size_t nyears;
	const char *base;
	bool topics_part;		/* the report: topics of part of a
					 * quarter, which are published by the
					 * quarter only */
};

/* One hidden cell on the coordinators' record. */
struct stats_hidden_row {
	const char *table, *place, *column, *period;
	int64_t value;
	const char *why;
};

struct stats_record_view {
	const struct stats_pub *pb;
	const struct stats_hidden_row *rows;
	size_t nrows;
	size_t nprimary, nsecondary;
};


/* --- the period report (report.c) --- */

/* Region id, or the site's for 0 (public.c): 0, or 404 or 503 answered. */
int stats_region(struct request *r, struct db *db, int64_t id,
    struct region_info *ri);

/* The published figures of a span of months (public.c). */
/* Month `to` (months since year 0), or the last month of the last
 * quarter released (release.h) if that is earlier: published figures and
 * the report's encounters stop there. */
int32_t stats_published_until(int32_t to);

int stats_pub_span(struct request *r, struct db *db, int64_t region_id,
    int32_t from, int32_t to, struct stats_pub *pb,
    struct stats_pub_view *pv);

#define STATS_REPORT_COLS 4

/* One line of a report table: its key (for the CSV), its label and its
 * figures as shown. */
struct stats_report_row {
	const char *key;
	const char *label;
	enum lang label_lang;
	const char *v[STATS_REPORT_COLS];
};

/* One table of the report, and one file of the CSV bundle. */
struct stats_report_table {
	const char *file;		/* "programme.csv" */
	const char *caption;
	const char *head[STATS_REPORT_COLS + 1];	/* label's, figures' */
	const char *keys[STATS_REPORT_COLS];	/* the CSV's column names */
	size_t ncols;			/* figures per row */
	struct stats_report_row *rows;
	size_t nrows;
};

struct stats_report_view {
	const char *region;
	const char *period;		/* "1.1.2026–31.12.2026" */
	const char *months;		/* "1/2026–12/2026" */
	struct programme_period *periods;	/* the region's, to choose */
	size_t nperiods;
	int64_t period_id;		/* chosen, or 0 */
	const char *from, *to;		/* YYYY-MM-DD */
	const char *base, *zip;		/* hrefs */
	struct stats_report_table programme, dims, events, learning, places,
	    langs;
	const char *actions_svg;
	struct stats_pub pb;
	struct stats_pub_view pv;
};

#endif

/*
 * views.h - what the statistics templates (templates/statistics/) are
 * given.
 */
#ifndef TV_STATISTICS_VIEWS_H
#define TV_STATISTICS_VIEWS_H

#include "directory/directory.h"
#include "network/network.h"
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
};

/* One line of a dashboard table. */
struct stats_row {
	const char *key, *label;
	const char *group;		/* a form's national form, or NULL */
	int64_t n, people;
	int64_t prev;			/* the period before; -1: not asked */
};

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
	const struct stats_row *months, *groups, *forms, *topics, *places;
	size_t nmonths, ngroups, nforms, ntopics, nplaces;
	const char *trend_svg, *groups_svg, *topics_svg, *places_svg;
	const char *base, *csv;		/* hrefs */
};

#endif

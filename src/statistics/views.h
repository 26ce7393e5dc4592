/*
 * views.h - what the statistics templates (templates/statistics/) are
 * given.
 */
#ifndef TV_STATISTICS_VIEWS_H
#define TV_STATISTICS_VIEWS_H

#include "directory/directory.h"
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

#endif

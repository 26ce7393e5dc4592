/*
 * pages.h - what the attendance, check-in, import and survey templates
 * (templates/attendance/) show.
 */
#ifndef TV_ATTENDANCE_PAGES_H
#define TV_ATTENDANCE_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attendance/attendance.h"
#include "attendance/store.h"
#include "view/form.h"

struct survey_form_view {
	const char *title;		/* the event's */
	const char *when;		/* its date and time, formatted */
	const char *form_url;		/* where the form is sent */
	const char *csrf;
	bool open;			/* the event has started */
	bool saved;			/* just saved: thank the registrant */
	bool answered;			/* an answer exists (it is shown) */
	struct form_errors errors;
	const char *rating, *recommend, *comment;	/* the values */
};

struct survey_comment {
	int64_t rating, recommend;
	const char *comment;
	const char *date;
};

struct survey_results_view {
	const char *title;
	int64_t event_id;
	int64_t count;
	const char *average;		/* "4,2" or NULL without answers */
	int64_t rating_counts[5];	/* ratings 1..5 */
	int64_t promoters, passives, detractors;
	const char *nps;		/* "+35" or NULL */
	const char *rating_chart;	/* SVG markup */
	const char *nps_chart;
	struct survey_comment *comments;
	size_t ncomments;
	bool erased;			/* comments were erased with the data */
};

struct att_page_view {
	const char *title, *when, *csrf, *q, *notice;
	int64_t event_id;
	struct att_figures f;
	struct att_person *people;	/* confirmed, by name; filtered by q */
	size_t npeople, nconfirmed;
	struct att_import_row *imports;
	size_t nimports;
	bool erased;
	struct form_errors errors;	/* the report upload's */
};

struct att_checkin_view {
	const char *title, *csrf, *form_url, *back;
	int64_t event_id;
	const struct att_person *person;	/* NULL: unknown code */
	bool just_done;
};

struct att_mapping_view {
	const char *title, *filename, *csrf, *form_url, *preview_url;
	int64_t event_id, upload_id;
	const struct att_report *rep;
	size_t nsample;
	int email_col, name_col;
	bool previewed;
	struct att_import_result res;
	struct form_errors errors;
};

#endif

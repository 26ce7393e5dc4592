/*
 * periods.h - programme periods and tutor assignments: the coordinators'
 * pages for running the programme year by year.
 *
 * A period (2019 visits, 2020 tutor webinars, 2021 sparring...) belongs to
 * a region and has a format, dates, a summary and goals in three
 * languages.  A tutor assignment says that a tutor municipality, through
 * some of its tutor accounts, supports a municipality in a period.  Adding
 * one also records both municipalities among the period's participants
 * (period_municipality) and opens the sparring workspace of the supported
 * municipality, so the tutors and its municipal coordinator can start
 * working at once.  Removing an assignment keeps the participants and the
 * workspace: sessions and actions may already hang on it.
 *
 * Who may do this is decided by the policy alone: the routes need
 * ACT_PROGRAMME and the period of a page is loaded by programme_period_loader
 * for those who manage its region (SCOPE_MANAGED); a period of another
 * region is answered 404 like one that does not exist.
 * Every change is one transaction with its audit record and ends in a 303.
 */
#ifndef TV_PROGRAMME_PERIODS_H
#define TV_PROGRAMME_PERIODS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/user.h"
#include "base/arena.h"
#include "db/db.h"
#include "http/request.h"
#include "network/network.h"
#include "programme/programme.h"
#include "view/form.h"
#include "view/view.h"

#define PERIODS_YEAR_MIN 2000
#define PERIODS_YEAR_MAX 2100
#define PERIODS_SUMMARY_MAX 2000	/* characters of a summary */
#define PERIODS_GOALS_MAX 10000		/* characters of the goals (Markdown) */
#define PERIODS_TUTORS_MAX 50		/* tutor accounts of one assignment */

/* A tutor account as the forms and lists show it. */
struct periods_tutor {
	int64_t id;
	const char *label;		/* the name, or the address without one */
	const char *where;		/* its municipalities, for the choice list */
};

/* One tutor assignment. */
struct periods_assignment {
	int64_t id;
	int64_t period_id;
	int64_t year;
	enum period_format format;
	int64_t region_id;
	const struct municipality *tutor;
	const struct municipality *municipality;
	struct periods_tutor *tutors;	/* the accounts of the assignment */
	size_t ntutors;
};

/* A municipality taking part in a period, with its role there. */
struct periods_participant {
	const struct municipality *m;
	enum period_role role;
};

/* What a period form sent (or the stored values), as text. */
struct periods_form {
	const char *year;
	const char *format;
	const char *starts_on;
	const char *ends_on;
	const char *summary[LANG_COUNT];
	const char *goals[LANG_COUNT];
};

/* What the assignment form sent. */
struct periods_assign_form {
	const char *tutor;		/* tutor municipality code */
	const char *municipality;	/* supported municipality code */
	int64_t *accounts;		/* chosen tutor account ids */
	size_t naccounts;
};

/* --- views for templates/programme/periods.tmpl --- */

struct periods_list_view {
	const struct programme_period *periods;
	size_t nperiods;
	bool many_regions;		/* show the region column */
};

struct periods_form_view {
	const char *csrf;
	const struct programme_period *period;	/* NULL: a new period */
	struct periods_form f;
	struct form_errors errors;
};

struct periods_page_view {
	const char *csrf;
	const struct programme_period *period;
	const struct periods_assignment *assignments;
	size_t nassignments;
	const struct periods_participant *participants;
	size_t nparticipants;
	const struct municipality *munis;	/* the region's municipalities */
	size_t nmunis;
	const struct periods_tutor *tutors;	/* the region's tutor accounts */
	size_t ntutors;
	struct periods_assign_form a;	/* the add form's values */
	struct form_errors errors;
	const char *notice;		/* msgid */
};

struct periods_history_view {
	const struct periods_assignment *assignments;	/* newest period first */
	size_t nassignments;
};

/* True when id is among the chosen accounts of the add form. */
bool periods_form_has_account(const struct periods_assign_form *a,
    int64_t id);

/* "1.1.2021" / "1 January 2021" for a stored date YYYY-MM-DD. */
const char *periods_date(struct view *v, const char *ymd);

/* --- handlers (routes in src/app/routes.c, all ACT_PROGRAMME) --- */

void periods_list(struct request *r);		/* GET  /:lang/programme/periods */
void periods_new(struct request *r);		/* GET  .../periods/new */
void periods_create(struct request *r);		/* POST /:lang/programme/periods */
void periods_page(struct request *r);		/* GET  .../periods/:id */
void periods_edit(struct request *r);		/* GET  .../periods/:id/edit */
void periods_update(struct request *r);		/* POST .../periods/:id/edit */
void periods_assignment_add(struct request *r);	/* POST .../periods/:id/assignments */
void periods_assignment_remove(struct request *r);	/* POST .../assignments/remove */
void periods_assignment_remove_confirm(struct request *r);	/* its GET: asks first */
void periods_history(struct request *r);	/* GET  /:lang/programme/assignments */

#endif

/*
 * programme.h - the programme module's published side: what a programme
 * period is, the reads other modules use (the network's public pages, the
 * staff pages), and the objects its routes name (http/router.h).
 *
 * Periods, tutor assignments, participants and workspaces are the
 * programme's tables; other modules read them only through this header.
 */
#ifndef TV_PROGRAMME_PROGRAMME_H
#define TV_PROGRAMME_PROGRAMME_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "network/network.h"
#include "view/i18n.h"

/* How a period is run, as stored in programme_period.format. */
enum period_format {
	PERIOD_VISITS,		/* "visits" */
	PERIOD_TUTOR_WEBINARS,	/* "tutor-webinars" */
	PERIOD_SPARRING,	/* "sparring" */
	PERIOD_OTHER,		/* "other" */
};
#define PERIOD_FORMAT_COUNT 4

/* A municipality's part in a period, as stored in period_municipality. */
enum period_role {
	PERIOD_ROLE_TUTOR,	/* "tutor" */
	PERIOD_ROLE_SPARRED,	/* "sparred" */
	PERIOD_ROLE_PARTICIPANT,	/* "participant" */
};

/* One period.  The lists at the end are filled by the reads that say so. */
struct programme_period {
	int64_t id;
	int64_t region_id;
	const char *region_code;
	const char *region;		/* its name in the page's language */
	int64_t year;
	enum period_format format;
	const char *starts_on, *ends_on;	/* YYYY-MM-DD */
	const char *summary[LANG_COUNT];
	const char *summary_shown;	/* picked for the page's language */
	enum lang summary_lang;
	const char *goals[LANG_COUNT];	/* Markdown */
	const char *goals_html;		/* picked and rendered */
	enum lang goals_lang;
	int64_t nassignments;		/* tutor assignments in it */
	enum period_role role;		/* a municipality's role in it */
	struct municipality *tutors;	/* see the reads below */
	size_t ntutors;
	struct municipality *sparred;
	size_t nsparred;
};

/* The stored names of the formats, in enum order (for form_choice()). */
extern const char *const period_format_names[PERIOD_FORMAT_COUNT];

/* The stored name of a format ("tutor-webinars"). */
const char *period_format_name(enum period_format f);

/* Parses a stored format name; -1 when unknown. */
int period_format_parse(const char *s, enum period_format *out);

/* A format in l ("Digital support sparring"). */
const char *period_format_label(enum lang l, enum period_format f);

const char *period_role_name(enum period_role r);
int period_role_parse(const char *s, enum period_role *out);

/* A role in l ("Tutor municipality"). */
const char *period_role_label(enum lang l, enum period_role r);

/* The role a supported municipality gets in a period of format f:
 * sparred in a sparring period, a participant otherwise. */
enum period_role period_supported_role(enum period_format f);

/*
 * The periods of a region, newest first (at most 64), each with its tutor
 * municipalities in `tutors` and the others taking part in `sparred`, by
 * name.  0 or -1.
 */
int programme_region_periods(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, struct programme_period **out, size_t *n);

/*
 * The periods municipality `code` took part in, newest first, with its
 * role: in `tutors` those who tutored it, in `sparred` those it tutored
 * itself, so a page can say who tutored whom, when.  0 or -1.
 */
int programme_municipality_periods(struct db *db, struct arena *a,
    enum lang l, const char *code, struct programme_period **out, size_t *n);

/*
 * The objects the programme's routes name:
 *
 *   programme_period_loader     a period (struct programme_period) by :id,
 *                               for those who manage its region
 *   programme_workspace_loader  a workspace (struct ws_info) by
 *                               :period/:code, for those who work on it
 *   programme_session_loader    a session of that workspace by :id
 *   programme_action_loader     an action of it by :id (struct ws_object)
 *   programme_report_loader     a period's report data (struct
 *                               report_data) for the JSON API
 */
struct route_loader;

extern const struct route_loader programme_period_loader;
extern const struct route_loader programme_workspace_loader;
extern const struct route_loader programme_session_loader;
extern const struct route_loader programme_action_loader;
extern const struct route_loader programme_report_loader;

/*
 * The dimensions of the self-assessment from CSV (key,label_fi,label_sv,
 * label_en,question_fi,question_sv,question_en; the older form without the
 * Finnish and Swedish questions is read too), in the file's order, inside
 * the caller's transaction; a dimension already there is updated.  The
 * count, or -1 with *err (in a, naming path and the line).
 */
int programme_dimensions_import(struct db *db, struct arena *a,
    const char *data, size_t len, const char *path, const char **err);

/* --- read for the statistics module's period report --- */

/* A dimension's self-assessment change: the workspaces that have both
 * scores, and the sums of their start and end scores. */
struct programme_dim_change {
	const char *key;
	const char *label;		/* in the wanted language */
	int64_t workspaces;
	int64_t start_sum, end_sum;
};

/*
 * What the programme did in a region over the dates from..to
 * (YYYY-MM-DD, both inclusive; from_at..to_at the same as UTC seconds,
 * to_at the midnight after `to`): the periods that overlap the dates,
 * their tutor municipalities, tutor people and supported municipalities,
 * their actions by current status (in enum action_status order), the
 * sparring sessions held within the dates and the self-assessment change
 * per dimension.
 */
struct programme_figures {
	int64_t periods;
	int64_t tutor_municipalities;
	int64_t tutors;
	int64_t sparred;
	int64_t sessions;
	int64_t actions[4];		/* planned, in progress, done, dropped */
	struct programme_dim_change *dims;
	size_t ndims;
};

/* 0 or -1. */
int programme_region_figures(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, const char *from, const char *to, int64_t from_at,
    int64_t to_at, struct programme_figures *out);

/* The municipalities account_id is assigned to as a tutor, in any period
 * (auth's session_scope_source(), set by main()): the vector with *n set,
 * or NULL on error. */
const char **programme_assigned_municipalities(struct db *db,
    struct arena *a, int64_t account_id, size_t *n);

/*
 * The workspaces as the materials library names them (struct
 * mat_workspace, materials/materials.h): ids[0..n), in no order and
 * without those that are gone, or every one when ids is NULL, newest
 * period first, then by the municipality's name in l.  Given to the
 * materials by main() (materials_workspace_source()): they may not
 * include the programme, which lists a workspace's materials.  0 or -1.
 */
struct mat_workspace;
int programme_material_workspaces(struct db *db, struct arena *a,
    enum lang l, const int64_t *ids, size_t n, struct mat_workspace **out,
    size_t *nout);

#endif

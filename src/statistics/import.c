/*
 * import.c - counts of encounters from a CSV file (a paper tally typed
 * into a spreadsheet, another system's export), pasted into a form.
 *
 * One line is a number of encounters alike:
 *
 *	point;date;hour;topics;form;duration;age;language;outcome;people;count
 *	19;2026-11-30;10;banking+kela;drop-in;10-30;75-plus;fi;resolved;;3
 *
 * with the keys of the log (topics joined with '+', people empty for
 * one, count 1..1000); ',' may separate the fields instead of ';'.  The
 * points must be ones the user may log for (policy_reaches(SCOPE_POINT)),
 * the dates not in the future nor in a quarter already published
 * (release.h: closed, so published figures never change).  Every line is
 * checked first and every mistake named with its line; with any mistake
 * nothing is imported (400).  Otherwise all of it goes in one
 * transaction with its roll-ups (stats_store_add_batch()), with one
 * audit record of the import.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/csv.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/response.h"
#include "http/urls.h"
#include "statistics/release.h"
#include "statistics/views.h"
#include "tmpl_statistics.h"
#include "view/page.h"

#define IMPORT_COUNT_MAX 1000		/* encounters on one line */
#define IMPORT_TOTAL_MAX 20000		/* encounters in one import */
#define IMPORT_ERRORS_MAX 50		/* mistakes listed */

static const char *const header[] = { "point", "date", "hour", "topics",
	"form", "duration", "age", "language", "outcome", "people", "count" };
#define NFIELDS (sizeof(header) / sizeof(header[0]))

struct import_ctx {
	struct request *r;
	struct db *db;
	const char **errors;
	size_t nerrors;
	int64_t *points_ok;		/* points checked and allowed */
	size_t npoints, cappoints;
	struct stats_service {
		int64_t id, region;
		const char *municipality;
	} *points;
};

static void
line_error(struct import_ctx *c, size_t line, const char *msgid)
{
	if (c->nerrors < IMPORT_ERRORS_MAX)
		c->errors[c->nerrors] = arena_printf(&c->r->arena, "%s %zu: %s",
		    i18n_text(c->r->lang, "Line"), line, i18n_text(c->r->lang,
		    msgid));
	c->nerrors++;
}

/* The point of id if the user may log for it: its index, -1 if not,
 * -2 on a store error. */
static int
point_of(struct import_ctx *c, int64_t id)
{
	struct service_point p;
	size_t i;
	int rc;

	for (i = 0; i < c->npoints; i++)
		if (c->points[i].id == id)
			return (int)i;
	rc = directory_store_get(c->db, &c->r->arena, c->r->lang, id, &p);
	if (rc < 0)
		return -2;
	if (rc != 0 || p.status == DIR_CLOSED || !policy_reaches(&c->r->user,
	    SCOPE_POINT, &(struct object_scope){ .region_id = p.region_id,
	    .municipality = p.municipality, .object_id = p.id }))
		return -1;
	if (c->npoints == c->cappoints)
		c->points = arena_grow(&c->r->arena, c->points, c->npoints,
		    &c->cappoints, sizeof(*c->points));
	c->points[c->npoints].id = p.id;
	c->points[c->npoints].region = p.region_id;
	c->points[c->npoints].municipality = p.municipality;
	return (int)c->npoints++;
}

/* A whole number in [min, max], or -1. */
static int64_t
number(const char *s, int64_t min, int64_t max)
{
	char *end;
	long long v;

	if (*s == '\0' || strlen(s) > 12)
		return -1;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v >= min && v <= max ? v : -1;
}

/*
 * One line into *e and its count: 0, or the mistakes recorded (1).
 * -1 on a store error.
 */
static int
read_line(struct import_ctx *c, const struct csv_record *rec,
    struct stats_encounter *e, int64_t *count, int64_t now)
{
	struct arena *a = &c->r->arena;
	const char **topics;
	char *list, *tok, *save;
	int64_t id, hour;
	size_t before = c->nerrors;
	int p, y, m, d;
	int32_t day;

	memset(e, 0, sizeof(*e));
	if (rec->nfields != NFIELDS) {
		line_error(c, rec->line, N_("A line must have 11 fields."));
		return 1;
	}
	id = number(rec->fields[0], 1, INT64_MAX / 2);
	if (id < 0 || (p = point_of(c, id)) == -1)
		line_error(c, rec->line, N_("You can log encounters only for the service points you maintain."));
	else if (p == -2)
		return -1;
	else {
		e->point_id = c->points[p].id;
		e->region_id = c->points[p].region;
		e->municipality = c->points[p].municipality;
	}
	hour = number(rec->fields[2], 0, 23);
	if (hour < 0)
		line_error(c, rec->line, N_("Write the hour as a whole number from 0 to 23."));
	if (strlen(rec->fields[1]) != 10 || sscanf(rec->fields[1],
	    "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31) {
		line_error(c, rec->line, N_("Write the date as 2026-10-06."));
	} else {
		int yy, mm, dd;

		day = hours_days_from_civil(y, m, d);
		hours_civil_from_days(day, &yy, &mm, &dd);
		if (y != yy || m != mm || d != dd)
			line_error(c, rec->line, N_("Write the date as 2026-10-06."));
		else if (hour >= 0) {
			e->hour = encounter_hour(dir_local_moment(day,
			    (int)hour * 60));
			if (e->hour > encounter_hour(now))
				line_error(c, rec->line, N_("The encounter cannot be in the future."));
			e->day = encounter_day(e->hour);
			e->month = encounter_month(e->day);
			if (stats_month_released(e->month,
			    stats_month_now()))
				line_error(c, rec->line, N_("The figures of that quarter have been published, so encounters can no longer be added to it."));
		}
	}
	topics = arena_calloc(a, STATS_TOPICS_MAX + 1, sizeof(*topics));
	list = arena_strdup(a, rec->fields[3]);
	for (tok = strtok_r(list, "+", &save); tok != NULL;
	    tok = strtok_r(NULL, "+", &save)) {
		const struct encounter_ref *t = encounter_refs_find(
		    stats_topics(), tok);
		size_t k;

		if (t == NULL) {
			line_error(c, rec->line, N_("Choose the topics from the list."));
			break;
		}
		for (k = 0; k < e->ntopics; k++)
			if (strcmp(topics[k], t->key) == 0)
				break;
		if (k < e->ntopics)
			continue;
		if (e->ntopics == STATS_TOPICS_MAX) {
			line_error(c, rec->line, N_("Choose at most eight topics."));
			break;
		}
		topics[e->ntopics++] = t->key;
	}
	if (e->ntopics == 0 && c->nerrors == before)
		line_error(c, rec->line, N_("Choose at least one topic."));
	e->topics = topics;
	if (encounter_refs_find(stats_forms(), rec->fields[4]) == NULL)
		line_error(c, rec->line, N_("Choose the form of support."));
	else
		e->form = encounter_refs_find(stats_forms(),
		    rec->fields[4])->key;
	if ((int)(e->duration = (enum encounter_duration)
	    encounter_duration_parse(rec->fields[5])) < 0)
		line_error(c, rec->line, N_("Choose how long the help took."));
	if ((int)(e->age = (enum encounter_age)encounter_age_parse(
	    rec->fields[6])) < 0)
		line_error(c, rec->line, N_("Choose the age group, or Not known."));
	if (encounter_language_parse(rec->fields[7]) != 0)
		line_error(c, rec->line, N_("Choose the language of the help."));
	e->language = rec->fields[7];
	if ((int)(e->outcome = (enum encounter_outcome)
	    encounter_outcome_parse(rec->fields[8])) < 0)
		line_error(c, rec->line, N_("Choose how the matter ended."));
	e->people = rec->fields[9][0] == '\0' ? 1 : number(rec->fields[9], 1,
	    STATS_PEOPLE_MAX);
	if (e->people < 0)
		line_error(c, rec->line, N_("Write the number of people as a whole number from 1 to 500, or leave it empty for one person."));
	*count = number(rec->fields[10], 1, IMPORT_COUNT_MAX);
	if (*count < 0)
		line_error(c, rec->line, N_("Write the count as a whole number from 1 to 1000."));
	e->recorded_at = now;
	return c->nerrors > before ? 1 : 0;
}

static void
render(struct request *r, int status, struct stats_import_view *iv)
{
	struct view v;
	struct page p;

	iv->csrf = csrf_token(r);
	iv->action = url_for(&r->arena, r->lang, "stats.import", NULL);
	page_begin_staff(r, status, i18n_text(r->lang, "Import encounters"), &v,
	    &p);
	page_crumb(&p, i18n_text(r->lang, "Import encounters"), NULL);
	page_form_errors(&p, &iv->errors);
	page_stats_import(&v, &p, iv);
}

void
stats_import_form(struct request *r)
{
	struct stats_import_view iv;
	const char *done = kv_get(&r->query, "done");

	memset(&iv, 0, sizeof(iv));
	iv.csv = "";
	iv.imported = done != NULL ? number(done, 0, IMPORT_TOTAL_MAX) : -1;
	render(r, 200, &iv);
}

void
stats_import(struct request *r)
{
	struct stats_import_view iv;
	struct stats_encounter *all = NULL, e;
	struct import_ctx c;
	struct csv_record rec;
	struct csv csv;
	struct form f;
	struct db *db;
	const char *text;
	int64_t now = time_now(), count, total = 0, k;
	size_t n = 0, cap = 0, i;
	int rc;
	char sep;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&iv, 0, sizeof(iv));
	iv.imported = -1;
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.db = db;
	c.errors = arena_calloc(&r->arena, IMPORT_ERRORS_MAX, sizeof(char *));
	form_begin(&f, r);
	text = form_text(&f, "csv", FORM_REQUIRED | FORM_MULTILINE, 2000000,
	    N_("Paste the lines of the CSV file, the header first."));
	iv.csv = text;
	if (form_ok(&f)) {
		/* The header says the separator. */
		sep = strchr(text, ';') != NULL && (strchr(text, ',') == NULL ||
		    strchr(text, ';') < strchr(text, ',')) ? ';' : ',';
		csv_init(&csv, &r->arena, text, strlen(text), sep);
		if (csv_next(&csv, &rec) != 1 || rec.nfields != NFIELDS)
			line_error(&c, 1, N_("The first line must be the header: point;date;hour;topics;form;duration;age;language;outcome;people;count"));
		else
			for (i = 0; i < NFIELDS; i++)
				if (strcmp(rec.fields[i], header[i]) != 0) {
					line_error(&c, 1, N_("The first line must be the header: point;date;hour;topics;form;duration;age;language;outcome;people;count"));
					break;
				}
		while (c.nerrors == 0 || c.nerrors < IMPORT_ERRORS_MAX) {
			if ((rc = csv_next(&csv, &rec)) == 0)
				break;
			if (rc < 0) {
				line_error(&c, csv.line, N_("The line is not valid CSV."));
				break;
			}
			if (rec.nfields == 1 && rec.fields[0][0] == '\0')
				continue;
			if ((rc = read_line(&c, &rec, &e, &count, now)) < 0) {
				response_unavailable(r);
				return;
			}
			if (rc != 0)
				continue;
			if ((total += count) > IMPORT_TOTAL_MAX) {
				line_error(&c, rec.line, N_("One import may hold at most 20,000 encounters."));
				break;
			}
			for (k = 0; k < count; k++) {
				if (n == cap)
					all = arena_grow(&r->arena, all, n, &cap,
					    sizeof(*all));
				all[n++] = e;
			}
		}
		if (c.nerrors == 0 && n == 0)
			line_error(&c, 2, N_("There are no lines to import."));
		if (c.nerrors > 0)
			form_error(&f, "csv", N_("The file has mistakes: nothing was imported. Correct the lines below and send it again."));
	}
	if (!form_ok(&f)) {
		iv.errors = form_errors(&f);
		iv.lines = c.errors;
		iv.nlines = c.nerrors < IMPORT_ERRORS_MAX ? c.nerrors :
		    IMPORT_ERRORS_MAX;
		iv.more = c.nerrors > IMPORT_ERRORS_MAX ? c.nerrors -
		    IMPORT_ERRORS_MAX : 0;
		render(r, 400, &iv);
		return;
	}
	if (response_begin_tx(r, db) != 0)
		return;
	if (stats_store_add_batch(db, &r->arena, all, n, "import") != 0 ||
	    audit_commit(r, db, "encounters.import", "encounter", 0,
	    arena_printf(&r->arena, "%zu encounters", n), now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%zu",
	    url_for(&r->arena, r->lang, "stats.import-form", NULL), n));
}

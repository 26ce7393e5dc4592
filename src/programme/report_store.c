/*
 * report_store.c - the reads of the network view and the exports (see
 * report.h): one period in five statements (dimensions, workspaces with
 * their tutors, scores, actions, sessions), everything summed up in C
 * afterwards.  Texts in three languages are picked in the SQL (PICK()),
 * with the same fallback as i18n_pick(): the wanted language, then
 * Finnish, Swedish, English.
 */
#include <stdlib.h>
#include <string.h>

#include "base/collate.h"
#include "db/rows.h"
#include "network/network.h"
#include "programme/owners.h"
#include "programme/periods_store.h"
#include "programme/report.h"
#include "programme/store_sql.h"

/* --- periods --- */

static int
report_period_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct programme_period *p = out;

	db_cols(st, NULL, 0, DB_COLS(db_as_int(&p->id),
	    db_as_int(&p->region_id), db_as_int(&p->year)));
	if (period_format_parse(db_col_text(st, 3), &p->format) != 0)
		p->format = PERIOD_OTHER;
	p->starts_on = db_col_dup(st, a, 4);
	p->ends_on = db_col_dup(st, a, 5);
	return 0;
}

/* The columns of a period the report needs; the region's code and name
 * come from the network (period_store_regions()). */
#define PERIOD_COLUMNS "SELECT p.id, p.region_id, p.year, p.format, " \
	"p.starts_on, p.ends_on FROM programme_period p "

int
report_periods(struct db *db, struct arena *a, enum lang l, int64_t region_id,
    struct programme_period **out, size_t *n)
{
	*out = db_rows(db, a, PERIOD_COLUMNS "WHERE ?1 = 0 OR "
	    "p.region_id = ?1 ORDER BY p.year DESC, p.id DESC",
	    DB_ARGS(db_int(region_id)), report_period_row, sizeof(**out), n);
	if (*out == NULL)
		return -1;
	return period_store_regions(db, a, l, *out, *n);
}

int
report_period(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct programme_period *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_row(db, a, PERIOD_COLUMNS "WHERE p.id = ?1",
	    DB_ARGS(db_int(id)), report_period_row, out);
	if (rc != 0)
		return rc;
	return period_store_regions(db, a, l, out, 1);
}

/* --- the workspaces of a period and their order --- */

static int
report_ws_cmp(const void *x, const void *y)
{
	const struct report_workspace *a = x, *b = y;
	int c = collate_fi(a->municipality, b->municipality);

	return c != 0 ? c : strcmp(a->code, b->code);
}

static int
report_tutoring_cmp(const void *x, const void *y)
{
	const struct report_tutoring *a = x, *b = y;
	int c = collate_fi(a->tutor, b->tutor);

	if (c == 0)
		c = strcmp(a->tutor_code, b->tutor_code);
	if (c == 0)
		c = a->workspace_id < b->workspace_id ? -1 :
		    a->workspace_id > b->workspace_id;
	return c;
}

size_t
report_ws_pos(const struct report_data *d, int64_t id)
{
	size_t i;

	for (i = 0; i < d->nws; i++)
		if (d->ws[i].id == id)
			return i;
	return d->nws;
}

const struct report_workspace *
report_ws(const struct report_data *d, int64_t id)
{
	size_t i = report_ws_pos(d, id);

	return i < d->nws ? &d->ws[i] : NULL;
}

/* Rows of other tables are put in the order of the workspaces; within one
 * workspace they keep the order of the query (seq). */
struct report_key {
	size_t pos, seq;
	void *row;
};

static int
report_key_cmp(const void *x, const void *y)
{
	const struct report_key *a = x, *b = y;

	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sorts n rows of `size` bytes at rows by workspace order; ws_of gives
 * a row's workspace id. */
static void
report_sort_by_ws(struct arena *a, const struct report_data *d, void *rows,
    size_t n, size_t size, int64_t (*ws_of)(const void *))
{
	struct report_key *k;
	char *copy;
	size_t i;

	if (n < 2)
		return;
	k = arena_calloc(a, n, sizeof(*k));
	copy = arena_alloc(a, n * size);
	memcpy(copy, rows, n * size);
	for (i = 0; i < n; i++) {
		k[i].row = copy + i * size;
		k[i].pos = report_ws_pos(d, ws_of(k[i].row));
		k[i].seq = i;
	}
	qsort(k, n, sizeof(*k), report_key_cmp);
	for (i = 0; i < n; i++)
		memcpy((char *)rows + i * size, k[i].row, size);
}

static int64_t
report_action_ws(const void *p)
{
	return ((const struct report_action *)p)->workspace_id;
}

static int64_t
report_session_ws(const void *p)
{
	return ((const struct report_session *)p)->workspace_id;
}

/* --- the five reads of a period --- */

static int
report_dim_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct report_dimension *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_str(&x->key), db_as_str(&x->label)));
	return 0;
}

static int
report_ws_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct report_workspace *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->id), db_as_str(&x->code)));
	x->tutors = "";
	return 0;
}

static int
report_tutoring_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct report_tutoring *x = out;

	x->tutor_code = db_col_dup(st, a, 0);
	x->workspace_id = db_col_int64(st, 1);
	return 0;
}

/* A municipality's name in the page's language, from the network's
 * list of the period's region (the code itself when it is not there). */
static const char *
report_muni_name(const struct municipality_set *ms, const char *code,
    int64_t region)
{
	const struct municipality *m = network_set_find(ms, code, region);

	return m != NULL ? m->name : code;
}

/* The workspaces, and the tutor municipalities of the period with the
 * workspace each supports; each workspace gets its tutors' names. */
static int
report_load_ws(struct db *db, struct arena *a, enum lang l,
    struct report_data *d)
{
	struct municipality_set ms;
	int64_t region = d->period.region_id;
	size_t i, j;

	memset(&ms, 0, sizeof(ms));
	if (network_set_add_region(db, a, l, &ms, region) != 0)
		return -1;
	d->ws = db_rows(db, a, "SELECT id, municipality_code FROM workspace "
	    "WHERE period_id = ?1", DB_ARGS(db_int(d->period.id)),
	    report_ws_row, sizeof(*d->ws), &d->nws);
	if (d->ws == NULL)
		return -1;
	for (i = 0; i < d->nws; i++)
		d->ws[i].municipality = report_muni_name(&ms, d->ws[i].code,
		    region);
	if (d->nws > 1)
		qsort(d->ws, d->nws, sizeof(*d->ws), report_ws_cmp);
	d->tutoring = db_rows(db, a, "SELECT ta.tutor_code, COALESCE(w.id, 0) "
	    "FROM tutor_assignment ta LEFT JOIN workspace w ON "
	    "w.period_id = ta.period_id AND w.municipality_code = "
	    "ta.municipality_code WHERE ta.period_id = ?1",
	    DB_ARGS(db_int(d->period.id)), report_tutoring_row,
	    sizeof(*d->tutoring), &d->ntutoring);
	if (d->tutoring == NULL)
		return -1;
	for (i = 0; i < d->ntutoring; i++)
		d->tutoring[i].tutor = report_muni_name(&ms,
		    d->tutoring[i].tutor_code, region);
	if (d->ntutoring > 1)
		qsort(d->tutoring, d->ntutoring, sizeof(*d->tutoring),
		    report_tutoring_cmp);
	for (i = 0; i < d->nws; i++) {
		struct buf b;

		buf_init(&b);
		for (j = 0; j < d->ntutoring; j++) {
			if (d->tutoring[j].workspace_id != d->ws[i].id)
				continue;
			if (b.len > 0)
				buf_puts(&b, ", ");
			buf_puts(&b, d->tutoring[j].tutor);
		}
		d->ws[i].tutors = arena_strdup(a, buf_cstr(&b));
		buf_cleanup(&b);
	}
	return 0;
}

static int
report_score_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct report_score *x = out;

	x->workspace_id = db_col_int64(st, 0);
	x->dimension = db_col_dup(st, a, 1);
	x->end = strcmp(db_col_text(st, 2), "end") == 0;
	x->score = (int)db_col_int64(st, 3);
	x->note = db_col_dup(st, a, 4);
	x->updated_at = db_col_int64(st, 5);
	return 0;
}

static int
report_action_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct report_action *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->id),
	    db_as_int(&x->workspace_id), db_as_str(&x->title),
	    db_as_str(&x->owner)));
	x->due_on = db_col_is_null(st, 4) || db_col_len(st, 4) == 0 ?
	    NULL : db_col_dup(st, a, 4);
	if (action_status_parse(db_col_text(st, 5), &x->status) != 0)
		x->status = ACTION_PLANNED;
	x->progress = (int)db_col_int64(st, 6);
	db_cols(st, NULL, 7, DB_COLS(db_as_int(&x->session_id),
	    db_as_int(&x->session_at), db_as_int(&x->created_at),
	    db_as_int(&x->updated_at), db_as_int(&x->owner_account_id)));
	return 0;
}

/* An owner's account name where the account is there and not erased. */
static int
report_owner_names(struct db *db, struct arena *a, struct report_action *v,
    size_t n)
{
	const char **names = arena_calloc(a, n ? n : 1, sizeof(*names));
	int64_t *ids = arena_calloc(a, n ? n : 1, sizeof(*ids));
	size_t i;

	for (i = 0; i < n; i++) {
		ids[i] = v[i].owner_account_id;
		names[i] = v[i].owner;
	}
	if (programme_account_names(db, a, ids, n, names) != 0)
		return -1;
	for (i = 0; i < n; i++)
		v[i].owner = names[i];
	return 0;
}

static int
report_session_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct report_session *x = out;

	db_cols(st, NULL, 0, DB_COLS(db_as_int(&x->id),
	    db_as_int(&x->workspace_id), db_as_int(&x->starts_at)));
	if (session_mode_parse(db_col_text(st, 3), &x->mode) != 0)
		x->mode = SESSION_ON_SITE;
	db_cols(st, a, 4, DB_COLS(db_as_str(&x->place),
	    db_as_str(&x->participants), db_as_str(&x->agenda),
	    db_as_str(&x->notes), db_as_int(&x->nactions)));
	return 0;
}

/*
 * An action's owner whose account was erased shows the free-text name if
 * one was kept, else nothing (as in the workspace); an account without a
 * name shows its address, which is what the workspace's owner list shows
 * too.
 */
int
report_load(struct db *db, struct arena *a, enum lang l,
    const struct programme_period *p, struct report_data *d)
{
	memset(d, 0, sizeof(*d));
	d->period = *p;
	d->dims = db_rows(db, a, "SELECT key, " PICK("label", "?1")
	    " FROM dimension ORDER BY position, key", DB_ARGS(db_int(l)),
	    report_dim_row, sizeof(*d->dims), &d->ndims);
	if (d->dims == NULL || report_load_ws(db, a, l, d) != 0)
		return -1;
	d->scores = db_rows(db, a, "SELECT s.workspace_id, s.dimension_key, "
	    "s.phase, s.score, s.note, s.updated_at FROM assessment s "
	    "JOIN workspace w ON w.id = s.workspace_id WHERE w.period_id = ?1 "
	    "ORDER BY s.workspace_id, s.dimension_key, s.phase DESC",
	    DB_ARGS(db_int(p->id)), report_score_row, sizeof(*d->scores),
	    &d->nscores);
	d->actions = db_rows(db, a, "SELECT x.id, x.workspace_id, x.title, "
	    "x.owner_name, x.due_on, x.status, x.progress, "
	    "COALESCE(x.session_id, 0), COALESCE(s.starts_at, 0), "
	    "x.created_at, x.updated_at, COALESCE(x.owner_account_id, 0) "
	    "FROM action x JOIN workspace w ON w.id = x.workspace_id "
	    "LEFT JOIN sparring_session s ON s.id = x.session_id "
	    "WHERE w.period_id = ?1 "
	    "ORDER BY x.due_on IS NULL, x.due_on, x.id",
	    DB_ARGS(db_int(p->id)), report_action_row, sizeof(*d->actions),
	    &d->nactions);
	d->sessions = db_rows(db, a, "SELECT s.id, s.workspace_id, "
	    "s.starts_at, s.mode, s.place, s.participants, s.agenda, s.notes, "
	    "(SELECT count(*) FROM action x WHERE x.session_id = s.id) "
	    "FROM sparring_session s JOIN workspace w ON w.id = s.workspace_id "
	    "WHERE w.period_id = ?1 ORDER BY s.starts_at, s.id",
	    DB_ARGS(db_int(p->id)), report_session_row, sizeof(*d->sessions),
	    &d->nsessions);
	if (d->scores == NULL || d->actions == NULL || d->sessions == NULL ||
	    report_owner_names(db, a, d->actions, d->nactions) != 0)
		return -1;
	report_sort_by_ws(a, d, d->actions, d->nactions, sizeof(*d->actions),
	    report_action_ws);
	report_sort_by_ws(a, d, d->sessions, d->nsessions, sizeof(*d->sessions),
	    report_session_ws);
	return 0;
}

/* --- the statistics module's period report (programme.h) --- */

/* The region's periods that overlap ?2..?3 (YYYY-MM-DD). */
#define OVERLAP "FROM programme_period p WHERE p.region_id = ?1 AND " \
	"p.starts_on <= ?3 AND p.ends_on >= ?2"

static int
figures_dim_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct programme_dim_change *d = out;

	db_cols(st, a, 0, DB_COLS(db_as_str(&d->key), db_as_str(&d->label),
	    db_as_int(&d->workspaces), db_as_int(&d->start_sum),
	    db_as_int(&d->end_sum)));
	return 0;
}

/* The tutor municipalities and the municipalities they support. */
static int
figures_pair_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct programme_figures *f = out;

	(void)a;
	f->tutor_municipalities = db_col_int64(st, 0);
	f->sparred = db_col_int64(st, 1);
	return 0;
}

static int
figures_action_row(struct db_stmt *st, void *ctx)
{
	struct programme_figures *f = ctx;
	enum action_status s;

	if (action_status_parse(db_col_text(st, 0), &s) == 0)
		f->actions[s] = db_col_int64(st, 1);
	return 0;
}

int
programme_region_figures(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, const char *from, const char *to, int64_t from_at,
    int64_t to_at, struct programme_figures *out)
{
	memset(out, 0, sizeof(*out));
	if (db_int64(db, "SELECT count(*) " OVERLAP, DB_ARGS(db_int(region_id),
	    db_text(from), db_text(to)), &out->periods) < 0 ||
	    db_row(db, NULL, "SELECT count(DISTINCT t.tutor_code), "
	    "count(DISTINCT t.municipality_code) FROM tutor_assignment t "
	    "WHERE t.period_id IN (SELECT p.id " OVERLAP ")",
	    DB_ARGS(db_int(region_id), db_text(from), db_text(to)),
	    figures_pair_row, out) < 0 ||
	    db_int64(db, "SELECT count(DISTINCT x.account_id) "
	    "FROM tutor_assignment t JOIN tutor_assignment_account x "
	    "ON x.assignment_id = t.id WHERE t.period_id IN (SELECT p.id "
	    OVERLAP ")", DB_ARGS(db_int(region_id), db_text(from),
	    db_text(to)), &out->tutors) < 0 ||
	    db_int64(db, "SELECT count(*) FROM sparring_session s "
	    "JOIN workspace w ON w.id = s.workspace_id "
	    "JOIN programme_period p ON p.id = w.period_id "
	    "WHERE p.region_id = ?1 AND s.starts_at >= ?2 AND s.starts_at < ?3",
	    DB_ARGS(db_int(region_id), db_int(from_at), db_int(to_at)),
	    &out->sessions) < 0 ||
	    db_each(db, "SELECT c.status, count(*) FROM action c "
	    "JOIN workspace w ON w.id = c.workspace_id WHERE w.period_id IN "
	    "(SELECT p.id " OVERLAP ") GROUP BY c.status",
	    DB_ARGS(db_int(region_id), db_text(from), db_text(to)),
	    figures_action_row, out) != 0)
		return -1;
	out->dims = db_rows(db, a, "SELECT d.key, " PICK("d.label", "?4")
	    ", count(*), sum(s.score), sum(e.score) FROM assessment s "
	    "JOIN assessment e ON e.workspace_id = s.workspace_id AND "
	    "e.dimension_key = s.dimension_key AND e.phase = 'end' "
	    "JOIN workspace w ON w.id = s.workspace_id "
	    "JOIN dimension d ON d.key = s.dimension_key "
	    "WHERE s.phase = 'start' AND w.period_id IN (SELECT p.id "
	    OVERLAP ") GROUP BY d.key, d.position, d.label_fi, d.label_sv, "
	    "d.label_en ORDER BY d.position", DB_ARGS(db_int(region_id),
	    db_text(from), db_text(to), db_int(l)), figures_dim_row,
	    sizeof(*out->dims), &out->ndims);
	return out->dims == NULL ? -1 : 0;
}

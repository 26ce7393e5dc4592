/*
 * public.c - the published statistics: the region's page, a page per
 * municipality, their CSV, and the coordinators' record of what was
 * hidden and why.
 *
 * Everything published of a region's year comes from one protection run
 * (pub_build()): the cube of places (region -> municipality -> service
 * point) x forms of support (total -> national form -> form) x periods
 * (year -> quarter -> month), and beside it the same places by topic
 * for the year.  The detail is lowered step by step until both cubes can be
 * protected: without the service points, then with the national forms
 * only, then without the months.  disclosure.c hides counts 1..4 ("< 5") and the cells that
 * would give them away through any published sum (marked "×"); the pages
 * and the CSV show parts of the same protected cubes, so they can never
 * disagree, and the municipality pages of one region are parts of the
 * region's cube rather than tables of their own that could be subtracted
 * from it.  When a cube cannot be protected at its detail the service
 * points are left out, then the months (the page says so); if even the
 * year's totals cannot be protected nothing is published.
 *
 * Topics do not add up to the total (an encounter may have several), so
 * each topic is a root of its own: the topic cube has no total to
 * subtract from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "base/buf.h"
#include "base/csvout.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "network/network.h"
#include "statistics/views.h"
#include "tmpl_statistics.h"
#include "view/format.h"
#include "view/page.h"

#define MONTH_NODE(m)	(5 + (m))	/* period node of month 0..11 */
#define QUARTER_NODE(q)	(1 + (q))

static const char *const group_msgids[ENC_GROUP_COUNT] = {
	N_("In person (lähituki)"), N_("Remote (etätuki)"),
	N_("Training (koulutus)"),
};

/* The period dimension: the year alone, or year -> quarters -> months. */
static const int32_t periods_full[17] = {
	-1, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4,
};
static const int32_t periods_year[1] = { -1 };

static int
place_index(const struct stats_pub *pb, enum stats_place_kind kind,
    const char *code)
{
	size_t i;

	for (i = 0; i < pb->nplaces; i++)
		if (pb->places[i].kind == kind &&
		    strcmp(pb->places[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* The places of a level: the region, its municipalities and, at level
 * 0, the points that have figures. */
static void
pub_places(struct request *r, struct stats_pub *pb,
    const struct municipality *m, size_t nm, const struct stats_leaf *l,
    size_t nl)
{
	struct stats_place *p = arena_calloc(&r->arena, 1 + nm + nl + 1,
	    sizeof(*p));
	size_t i, n = 0;
	int parent;

	p[n++] = (struct stats_place){ PLACE_REGION, "", pb->region_name,
	    r->lang, -1 };
	for (i = 0; i < nm; i++)
		p[n++] = (struct stats_place){ PLACE_MUNICIPALITY, m[i].code,
		    m[i].name, r->lang, 0 };
	pb->places = p;
	pb->nplaces = n;
	if (pb->level != 0)
		return;
	for (i = 0; i < nl; i++) {
		const char *code = arena_printf(&r->arena, "%lld",
		    (long long)l[i].point);

		if (place_index(pb, PLACE_POINT, code) >= 0 ||
		    (parent = place_index(pb, PLACE_MUNICIPALITY,
		    l[i].municipality)) < 0)
			continue;
		p[n++] = (struct stats_place){ PLACE_POINT, code, code,
		    r->lang, parent };
		pb->nplaces = n;
	}
}

/* One cube of the level: 0 protected, 1 withheld, -1 error. */
static int
pub_cube(struct request *r, struct stats_pub *pb, struct disclosure_table *t,
    const int32_t *cols, size_t ncols, const struct stats_leaf *l, size_t nl,
    int forms)
{
	/* Topics by the year only: the pages show no more of them, and a
	 * year's counts need far fewer cells hidden. */
	size_t nperiods = forms ? pb->nperiods : 1;
	struct disclosure_dim dims[3];
	int32_t *places = arena_calloc(&r->arena, pb->nplaces,
	    sizeof(*places));
	const struct encounter_refs *refs = forms ? stats_forms() :
	    stats_topics();
	int64_t *acc;
	size_t i, node[3];
	int p = -1, k = 0;

	for (i = 0; i < pb->nplaces; i++)
		places[i] = pb->places[i].parent;
	dims[0] = (struct disclosure_dim){ pb->nplaces, places };
	dims[1] = (struct disclosure_dim){ ncols, cols };
	dims[2] = nperiods == 1 ? (struct disclosure_dim){ 1, periods_year } :
	    (struct disclosure_dim){ 17, periods_full };
	if (disclosure_init(t, &r->arena, 3, dims) != 0)
		return -1;
	acc = arena_calloc(&r->arena, t->ncells, sizeof(*acc));
	/* The rows come by place, then value (stats_store_leaves()): each
	 * run is looked up once, not each of its months. */
	for (i = 0; i < nl; i++) {
		if (i == 0 || l[i].point != l[i - 1].point ||
		    strcmp(l[i].municipality, l[i - 1].municipality) != 0)
			p = pb->level == 0 ? place_index(pb, PLACE_POINT,
			    arena_printf(&r->arena, "%lld",
			    (long long)l[i].point)) : place_index(pb,
			    PLACE_MUNICIPALITY, l[i].municipality);
		if (i == 0 || strcmp(l[i].value, l[i - 1].value) != 0)
			for (k = 0; k < (int)refs->n; k++)
				if (strcmp(refs->items[k].key, l[i].value) ==
				    0)
					break;
		if (p < 0 || k == (int)refs->n)
			continue;
		node[0] = (size_t)p;
		node[1] = !forms ? (size_t)k : ncols == 1 + ENC_GROUP_COUNT ?
		    (size_t)(1 + refs->items[k].group) :
		    (size_t)(1 + ENC_GROUP_COUNT + k);
		node[2] = nperiods == 1 ? 0 : (size_t)MONTH_NODE(l[i].month -
		    pb->year * 12);
		acc[disclosure_cell_at(t, node)] += l[i].n;
	}
	for (i = 0; i < t->ncells; i++)
		if (acc[i] != 0) {
			disclosure_nodes(t, i, node);
			if (disclosure_set(t, node, acc[i]) != 0)
				return -1;
		}
	disclosure_sum(t);
	return disclosure_protect(t, &r->arena);
}

/*
 * The published figures of region's year: 0 (pb->level says at which
 * detail, STATS_LEVEL_WITHHELD for none), or -1.
 */
static int
pub_build(struct request *r, struct db *db, const struct region_info *ri,
    int32_t from, int32_t to, struct stats_pub *pb)
{
	int year = from / 12;
	const struct encounter_refs *forms = stats_forms(), *topics =
	    stats_topics();
	struct stats_leaf *lf, *lt;
	struct municipality *m;
	int32_t *fcols, *tcols;
	size_t nm, nf, nt, i;
	int rc1, rc2;

	memset(pb, 0, sizeof(*pb));
	pb->year = year;
	pb->months = to - from + 1;
	pb->region_id = ri->id;
	pb->region_name = ri->name;
	if (forms == NULL || network_municipalities(db, &r->arena, r->lang,
	    ri->id, &m, &nm) != 0 ||
	    (lf = stats_store_leaves(db, &r->arena, ri->id, "form", from, to,
	    &nf)) == NULL ||
	    (lt = stats_store_leaves(db, &r->arena, ri->id, "topic", from, to,
	    &nt)) == NULL)
		return -1;
	pb->ncols = 1 + ENC_GROUP_COUNT + forms->n;
	fcols = arena_calloc(&r->arena, pb->ncols, sizeof(*fcols));
	pb->cols = arena_calloc(&r->arena, pb->ncols, sizeof(*pb->cols));
	fcols[0] = -1;
	pb->cols[0] = i18n_text(r->lang, "Total");
	for (i = 0; i < ENC_GROUP_COUNT; i++) {
		fcols[1 + i] = 0;
		pb->cols[1 + i] = i18n_text(r->lang, group_msgids[i]);
	}
	for (i = 0; i < forms->n; i++) {
		fcols[1 + ENC_GROUP_COUNT + i] = (int32_t)(1 +
		    forms->items[i].group);
		pb->cols[1 + ENC_GROUP_COUNT + i] =
		    forms->items[i].label[r->lang];
	}
	tcols = arena_calloc(&r->arena, topics->n, sizeof(*tcols));
	pb->topic_labels = arena_calloc(&r->arena, topics->n,
	    sizeof(*pb->topic_labels));
	for (i = 0; i < topics->n; i++) {
		tcols[i] = -1;
		pb->topic_labels[i] = topics->items[i].label[r->lang];
	}
	pb->ntopics = topics->n;
	for (pb->level = 0; pb->level < STATS_LEVEL_WITHHELD; pb->level++) {
		pub_places(r, pb, m, nm, lf, nf);
		pb->nperiods = pb->level == 3 ? 1 : 17;
		pb->ncols = pb->level == 2 ? 1 + ENC_GROUP_COUNT : 1 +
		    ENC_GROUP_COUNT + forms->n;
		if ((rc1 = pub_cube(r, pb, &pb->forms, fcols, pb->ncols, lf, nf,
		    1)) < 0 || (rc2 = pub_cube(r, pb, &pb->topics, tcols,
		    topics->n, lt, nt, 0)) < 0)
			return -1;
		if (rc1 == 0 && rc2 == 0)
			break;
	}
	/* The points' names, once they are published. */
	for (i = 0; pb->level == 0 && i < pb->nplaces; i++) {
		struct service_point sp;
		enum lang shown;

		if (pb->places[i].kind != PLACE_POINT)
			continue;
		if (directory_store_get(db, &r->arena, r->lang,
		    strtoll(pb->places[i].code, NULL, 10), &sp) < 0)
			return -1;
		pb->places[i].name = i18n_pick(r->lang, sp.name[LANG_FI],
		    sp.name[LANG_SV], sp.name[LANG_EN], &shown);
		pb->places[i].name_lang = shown;
	}
	return 0;
}

static struct stats_value
cell(const struct disclosure_table *t, size_t place, size_t col,
    size_t period)
{
	size_t node[3] = { place, col, period };
	const struct disclosure_cell *c = &t->cells[disclosure_cell_at(t,
	    node)];

	return (struct stats_value){ c->value, c->state };
}

/*
 * The last month that has ended (months since year 0).  Published figures
 * stop there: a month under way is small at its start, so its cells would
 * be hidden and drag their neighbours with them, and a figure that still
 * grows is not one to publish or to report.
 */
static int32_t
stats_last_whole_month(void)
{
	return encounter_month(encounter_day(time_now())) - 1;
}

int32_t
stats_published_until(int32_t to)
{
	int32_t last = stats_last_whole_month();

	return to < last ? to : last;
}

/* The year asked for (by default the year of the last month that has
 * ended): 0, or -1 for a bad one. */
static int
read_year(struct request *r, int *year)
{
	const char *y = kv_get(&r->query, "year");
	int now = (int)(stats_last_whole_month() / 12);
	char *end;
	long v;

	*year = now;
	if (y == NULL || *y == '\0')
		return 0;
	v = strtol(y, &end, 10);
	if (*end != '\0' || v < 2000 || v > now)
		return -1;
	*year = (int)v;
	return 0;
}

int
stats_region(struct request *r, struct db *db, int64_t id,
    struct region_info *ri)
{
	int rc = id != 0 ? network_region_by_id(db, &r->arena, r->lang, id,
	    ri) : network_region(db, &r->arena, r->lang, ri);

	if (rc < 0)
		response_unavailable(r);
	else if (rc != 0)
		response_error(r, 404, N_("The page you were looking for was not found."));
	return rc < 0 ? 503 : rc != 0 ? 404 : 0;
}

/* The protected figures of the site's region for the request's year, or
 * the status answered (404 no region or a bad year, 503). */
static int
prepare(struct request *r, int64_t region_id, struct stats_pub *pb)
{
	struct region_info ri;
	struct db *db;
	int year, rc;

	if ((db = response_db(r)) == NULL)
		return 503;
	if (read_year(r, &year) != 0) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return 404;
	}
	if ((rc = stats_region(r, db, region_id, &ri)) != 0)
		return rc;
	if (pub_build(r, db, &ri, year * 12, stats_published_until(year * 12 +
	    11), pb) != 0) {
		response_unavailable(r);
		return 503;
	}
	return 0;
}

static void
chart_rows(struct request *r, struct stats_chart *c, const char *id,
    const char *title, const char *desc, const struct stats_pub_row *rows,
    size_t n)
{
	const char **labels = arena_calloc(&r->arena, n + 1, sizeof(*labels));
	struct stats_value *v = arena_calloc(&r->arena, n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		labels[i] = rows[i].label;
		v[i] = rows[i].v[0];
	}
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->title = title;
	c->desc = desc;
	stats_chart_series(c, labels, v, n);
}

/* Shown counts first, largest first; hidden ones after, in file order. */
static int
pub_row_cmp(const void *a, const void *b)
{
	const struct stats_pub_row *x = a, *y = b;
	int hx = x->v[0].state != DISCLOSURE_SHOWN, hy = y->v[0].state !=
	    DISCLOSURE_SHOWN;

	if (hx != hy)
		return hx - hy;
	if (!hx && x->v[0].count != y->v[0].count)
		return x->v[0].count > y->v[0].count ? -1 : 1;
	return 0;
}

/* Rows labelled labels[0..n), their figures to be set. */
static struct stats_pub_row *
pub_rows(struct request *r, const char *const *labels, size_t n)
{
	struct stats_pub_row *rows = arena_calloc(&r->arena, n + 1,
	    sizeof(*rows));
	size_t i;

	for (i = 0; i < n; i++)
		rows[i].label = labels[i];
	return rows;
}

/* The national forms (ENC_GROUP_COUNT rows) and the topics, with their
 * charts, into the view: the page's and the report's. */
static void
pub_groups_topics(struct request *r, struct stats_pub_view *pv,
    struct stats_pub_row *groups, struct stats_pub_row *topics,
    size_t ntopics)
{
	struct stats_chart ch;

	pv->groups = groups;
	pv->ngroups = ENC_GROUP_COUNT;
	chart_rows(r, &ch, "groups", i18n_text(r->lang,
	    "Encounters by form of support"), i18n_text(r->lang,
	    "The national forms of support: in person, remote and training."),
	    groups, ENC_GROUP_COUNT);
	pv->groups_svg = stats_chart_svg(&r->arena, stats_chart_bars, &ch);
	qsort(topics, ntopics, sizeof(*topics), pub_row_cmp);
	pv->topics = topics;
	pv->ntopics = ntopics;
	chart_rows(r, &ch, "topics", i18n_text(r->lang, "Topics"),
	    i18n_text(r->lang, "The topics of the encounters; one encounter may have several."),
	    topics, ntopics);
	pv->topics_svg = stats_chart_svg(&r->arena, stats_chart_bars, &ch);
}

/* The page of place node `place` (the region or a municipality). */
static void
pub_view(struct request *r, const struct stats_pub *pb, size_t place,
    struct stats_pub_view *pv)
{
	struct stats_pub_row *rows, *topics;
	struct stats_chart ch;
	size_t i, k, n;
	int now = (int)(stats_last_whole_month() / 12);
	int *years;

	memset(pv, 0, sizeof(*pv));
	pv->pb = pb;
	pv->place = pb->places[place].name;
	years = arena_calloc(&r->arena, 3, sizeof(*years));
	for (i = 0; i < 3; i++)
		years[i] = now - (int)i;
	pv->years = years;
	pv->nyears = 3;
	if (pb->level >= STATS_LEVEL_WITHHELD)
		return;
	pv->total = cell(&pb->forms, place, 0, 0);
	if (pb->nperiods > 1) {
		n = (size_t)pb->months;
		rows = arena_calloc(&r->arena, n, sizeof(*rows));
		for (i = 0; i < n; i++) {
			rows[i].label = arena_printf(&r->arena, "%zu/%d", i + 1,
			    pb->year);
			rows[i].v[0] = cell(&pb->forms, place, 0, MONTH_NODE(i));
		}
		pv->months = rows;
		pv->nmonths = n;
		chart_rows(r, &ch, "trend", i18n_text(r->lang,
		    "Encounters by month"), pv->place, rows, n);
		pv->trend_svg = stats_chart_svg(&r->arena, stats_chart_line, &ch);
	}
	rows = pub_rows(r, pb->cols + 1, ENC_GROUP_COUNT);
	for (i = 0; i < ENC_GROUP_COUNT; i++)
		rows[i].v[0] = cell(&pb->forms, place, 1 + i, 0);
	topics = pub_rows(r, pb->topic_labels, pb->ntopics);
	for (i = 0; i < pb->ntopics; i++)
		topics[i].v[0] = cell(&pb->topics, place, i, 0);
	pub_groups_topics(r, pv, rows, topics, pb->ntopics);
	/* The places below this one: municipalities or points. */
	rows = arena_calloc(&r->arena, pb->nplaces, sizeof(*rows));
	for (i = 0, n = 0; i < pb->nplaces; i++) {
		if (pb->places[i].parent != (int32_t)place)
			continue;
		rows[n].label = pb->places[i].name;
		rows[n].label_lang = pb->places[i].name_lang;
		if (pb->places[i].kind == PLACE_MUNICIPALITY)
			rows[n].href = arena_printf(&r->arena, "%s?year=%d",
			    url_for(&r->arena, r->lang,
			    "stats.public-municipality", pb->places[i].code,
			    NULL), pb->year);
		for (k = 0; k <= ENC_GROUP_COUNT; k++)
			rows[n].v[k] = cell(&pb->forms, i, k, 0);
		n++;
	}
	pv->rows = rows;
	pv->nrows = n;
	pv->rows_head = i18n_text(r->lang, place == 0 ? "Municipality" :
	    "Service point");
	pv->rows_title = i18n_text(r->lang, place == 0 ?
	    "Encounters by municipality" : "Encounters by service point");
}

static void
render(struct request *r, struct stats_pub_view *pv, const char *title,
    const char *csv)
{
	struct view v;
	struct page p;

	pv->csv = csv;
	pv->base = r->path;
	response_begin(r, 200, "text/html; charset=utf-8");
	page_init(&p, &v, r, title);
	page_crumb(&p, title, NULL);
	page_stats_public(&v, &p, pv);
}

void
stats_public(struct request *r)
{
	struct stats_pub pb;
	struct stats_pub_view pv;

	if (prepare(r, 0, &pb) != 0)
		return;
	pub_view(r, &pb, 0, &pv);
	render(r, &pv, arena_printf(&r->arena, "%s %d: %s", i18n_text(r->lang,
	    "Support statistics"), pb.year, pb.region_name),
	    arena_printf(&r->arena, "%s?year=%d", url_for(&r->arena, r->lang,
	    "stats.public-csv", NULL), pb.year));
}

void
stats_public_municipality(struct request *r)
{
	const struct municipality *m = request_object(r);
	struct stats_pub pb;
	struct stats_pub_view pv;
	int place;

	if (prepare(r, m->region_id, &pb) != 0)
		return;
	if ((place = place_index(&pb, PLACE_MUNICIPALITY, m->code)) < 0) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	pub_view(r, &pb, (size_t)place, &pv);
	render(r, &pv, arena_printf(&r->arena, "%s %d: %s", i18n_text(r->lang,
	    "Support statistics"), pb.year, m->name),
	    arena_printf(&r->arena, "%s?year=%d", url_for(&r->arena, r->lang,
	    "stats.public-csv", NULL), pb.year));
}

/* Is period node `node` (the year, a quarter or a month) one of the
 * months published, or has one of them?  The year's cube keeps all twelve
 * months; those after pb->months are empty, and not published as zeros. */
static bool
pub_period_published(const struct stats_pub *pb, size_t node)
{
	if (node == 0 || pb->nperiods == 1)
		return true;
	if (node < 5)
		return (int32_t)((node - 1) * 3) < pb->months;
	return (int32_t)(node - 5) < pb->months;
}

static const char *
period_label(struct arena *a, const struct stats_pub *pb, size_t node)
{
	if (node == 0)
		return arena_printf(a, "%d", pb->year);
	if (node < 5)
		return arena_printf(a, "%d-Q%zu", pb->year, node);
	return arena_printf(a, "%d-%02zu", pb->year, node - 4);
}

static const char *
state_word(enum disclosure_state s)
{
	return s == DISCLOSURE_PRIMARY ? "< 5" : s == DISCLOSURE_SECONDARY ?
	    "x" : "";
}

static const char *const place_kinds[] = { "region", "municipality",
    "point" };

/* One published cell, as the CSV and the API give it. */
struct pub_cell {
	const char *table;		/* "form", "topic" */
	size_t place;
	const char *column;
	const char *period;
	struct stats_value v;
};

typedef void (*pub_cell_fn)(void *ctx, const struct stats_pub *pb,
    const struct pub_cell *c);

/*
 * Every published cell of the places `under` (a node, and the nodes whose
 * parent it is; -1 every place), place by place: the forms by column and
 * period, then the topics for the year.  Nothing when withheld.
 */
static void
pub_cells(struct arena *a, const struct stats_pub *pb, int under,
    pub_cell_fn fn, void *ctx)
{
	struct pub_cell c;
	size_t i, k, per;

	if (pb->level >= STATS_LEVEL_WITHHELD)
		return;
	for (i = 0; i < pb->nplaces; i++) {
		if (under >= 0 && i != (size_t)under &&
		    pb->places[i].parent != under)
			continue;
		c.place = i;
		c.table = "form";
		for (k = 0; k < pb->ncols; k++)
			for (per = 0; per < pb->nperiods; per++) {
				if (!pub_period_published(pb, per))
					continue;
				c.column = pb->cols[k];
				c.period = period_label(a, pb, per);
				c.v = cell(&pb->forms, i, k, per);
				fn(ctx, pb, &c);
			}
		c.table = "topic";
		c.period = period_label(a, pb, 0);
		for (k = 0; k < pb->ntopics; k++) {
			c.column = pb->topic_labels[k];
			c.v = cell(&pb->topics, i, k, 0);
			fn(ctx, pb, &c);
		}
	}
}

static void
csv_cell(void *ctx, const struct stats_pub *pb, const struct pub_cell *x)
{
	struct csvout *c = ctx;
	const struct stats_place *p = &pb->places[x->place];

	csvout_raw(c, x->table);
	csvout_raw(c, place_kinds[p->kind]);
	csvout_text(c, p->code);
	csvout_text(c, p->name);
	csvout_text(c, x->column);
	csvout_raw(c, x->period);
	if (x->v.state == DISCLOSURE_SHOWN)
		csvout_int(c, x->v.count);
	else
		csvout_empty(c);
	csvout_raw(c, state_word(x->v.state));
	csvout_end(c);
}

void
stats_public_csv(struct request *r)
{
	struct stats_pub pb;
	struct csvout c;
	char sep = ';';

	if (kv_get(&r->query, "sep") != NULL && format_csv_sep(r, &sep) != 0) {
		response_error(r, 400, N_("The separator must be comma or semicolon."));
		return;
	}
	if (prepare(r, 0, &pb) != 0)
		return;
	response_begin(r, 200, "text/csv; charset=utf-8; header=present");
	response_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"support-statistics-%d.csv\"", pb.year));
	csvout_init(&c, &r->resp.body, sep, true);
	csvout_raw(&c, "table");
	csvout_raw(&c, "place_kind");
	csvout_raw(&c, "place_code");
	csvout_raw(&c, "place");
	csvout_raw(&c, "column");
	csvout_raw(&c, "period");
	csvout_raw(&c, "encounters");
	csvout_raw(&c, "mark");
	csvout_end(&c);
	pub_cells(&r->arena, &pb, -1, csv_cell, &c);
}

/* --- the same figures as JSON (/api/statistics, src/app/openapi.json) --- */

static void
json_cell(void *ctx, const struct stats_pub *pb, const struct pub_cell *x)
{
	const struct stats_place *p = &pb->places[x->place];

	json_array_append_new((json_t *)ctx, json_pack("{s:s, s:s, s:s, s:s, "
	    "s:s, s:s, s:o, s:s}", "table", x->table, "place_kind",
	    place_kinds[p->kind], "place_code", p->code, "place", p->name,
	    "column", x->column, "period", x->period, "encounters",
	    x->v.state == DISCLOSURE_SHOWN ? json_integer(x->v.count) :
	    json_null(), "mark", state_word(x->v.state)));
}

/* The answer of the region (place 0) or of a municipality's node. */
static void
api_answer(struct request *r, const struct stats_pub *pb, size_t place)
{
	json_t *cells = json_array();
	const struct stats_place *p = &pb->places[place];

	/* The region's are every place's, as in the CSV. */
	pub_cells(&r->arena, pb, place == 0 ? -1 : (int)place, json_cell,
	    cells);
	response_json(r, json_pack("{s:i, s:s, s:{s:s, s:s, s:s}, s:i, s:b, "
	    "s:o}", "year", pb->year, "region", pb->region_name, "place",
	    "kind", place_kinds[p->kind], "code", p->code, "name", p->name,
	    "level", pb->level, "withheld", pb->level >= STATS_LEVEL_WITHHELD,
	    "cells", cells));
	response_header(r, "Access-Control-Allow-Origin", "*");
	response_header(r, "Content-Language", lang_code(r->lang));
	response_header(r, "Vary", "Accept-Language");
}

/* ?year= and ?lang= only (fi, sv, en; else the Accept-Language): 0, or
 * -1 answered 400. */
static int
api_query(struct request *r)
{
	const char *v = kv_get(&r->query, "lang"), *al;
	size_t i;

	for (i = 0; i < r->query.n; i++)
		if (strcmp(r->query.items[i].name, "year") != 0 &&
		    strcmp(r->query.items[i].name, "lang") != 0) {
			response_error(r, 400, N_("The request has a parameter this API does not know."));
			return -1;
		}
	if (v != NULL) {
		if (lang_parse(v, strlen(v), &r->lang) != 0) {
			response_error(r, 400, N_("The request has a parameter this API does not know."));
			return -1;
		}
	} else if ((al = request_header(r, "Accept-Language")) != NULL)
		r->lang = accept_language_pick(al, LANG_FI);
	else
		r->lang = LANG_FI;
	return 0;
}

void
stats_api_region(struct request *r)
{
	struct stats_pub pb;

	if (api_query(r) != 0 || prepare(r, 0, &pb) != 0)
		return;
	api_answer(r, &pb, 0);
}

void
stats_api_municipality(struct request *r)
{
	const struct municipality *m = request_object(r);
	struct stats_pub pb;
	int place;

	if (api_query(r) != 0 || prepare(r, m->region_id, &pb) != 0)
		return;
	if ((place = place_index(&pb, PLACE_MUNICIPALITY, m->code)) < 0) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	api_answer(r, &pb, (size_t)place);
}

/* The record of one cube's hidden cells. */
static void
record_cube(struct request *r, const struct stats_pub *pb,
    const struct disclosure_table *t, const char *table,
    const char *const *cols, struct stats_hidden_row *out, size_t *n,
    struct stats_record_view *rv)
{
	static const char *const dims[] = { N_("the places"),
	    N_("the columns"), N_("the periods") };
	size_t i, node[3], pn[3];

	for (i = 0; i < t->ncells; i++) {
		const struct disclosure_cell *c = &t->cells[i];
		struct stats_hidden_row *h;

		if (c->state == DISCLOSURE_SHOWN)
			continue;
		disclosure_nodes(t, i, node);
		h = &out[(*n)++];
		h->table = table;
		h->place = pb->places[node[0]].name;
		h->column = cols[node[1]];
		h->period = period_label(&r->arena, pb, node[2]);
		h->value = c->value;
		if (c->state == DISCLOSURE_PRIMARY) {
			rv->nprimary++;
			h->why = c->value == 0 ? i18n_text(r->lang,
			    "A zero beside small counts") : i18n_text(r->lang,
			    "1 to 4 encounters");
			continue;
		}
		rv->nsecondary++;
		if (c->protects == DISCLOSURE_NONE || c->via < 0) {
			h->why = i18n_text(r->lang, "Hidden with the whole table");
			continue;
		}
		disclosure_nodes(t, c->protects, pn);
		h->why = arena_printf(&r->arena, "%s %s, %s, %s (%s %s)",
		    i18n_text(r->lang, "Protects"), pb->places[pn[0]].name,
		    cols[pn[1]], period_label(&r->arena, pb, pn[2]),
		    i18n_text(r->lang, "the sum over"), i18n_text(r->lang,
		    dims[c->via]));
	}
}

void
stats_disclosure_record(struct request *r)
{
	struct stats_record_view rv;
	struct stats_hidden_row *rows;
	struct stats_pub pb;
	struct view v;
	struct page p;
	size_t n = 0;

	if (prepare(r, 0, &pb) != 0)
		return;
	/* The record shows the counts it hides: for those who manage the
	 * region only. */
	if (!policy_reaches(&r->user, SCOPE_MANAGED, &(struct object_scope){
	    .region_id = pb.region_id })) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	memset(&rv, 0, sizeof(rv));
	rv.pb = &pb;
	if (pb.level < STATS_LEVEL_WITHHELD) {
		rows = arena_calloc(&r->arena, pb.forms.nprimary +
		    pb.forms.nsecondary + pb.topics.nprimary +
		    pb.topics.nsecondary + 1, sizeof(*rows));
		record_cube(r, &pb, &pb.forms, i18n_text(r->lang,
		    "Form of support"), pb.cols, rows, &n, &rv);
		record_cube(r, &pb, &pb.topics, i18n_text(r->lang, "Topic"),
		    pb.topic_labels, rows, &n, &rv);
		rv.rows = rows;
		rv.nrows = n;
	}
	page_begin_staff(r, 200, i18n_text(r->lang,
	    "What the published statistics hide"), &v, &p);
	page_crumb(&p, i18n_text(r->lang, "What the published statistics hide"),
	    NULL);
	page_stats_record(&v, &p, &rv);
}

/*
 * The period nodes of a year's cube (pb, built as the public page builds
 * it) whose months together are exactly months a..b of the year (0..11,
 * b no later than its last published month): the year, then whole
 * quarters, then months.  Of the year under way the year and its last
 * quarter stand for their months that have ended (the later ones are
 * empty in the cube).  0 with the nodes in tiles[0..*n), or -1 when the
 * cube has no such nodes (a cube of the year only, for part of it).
 */
static int
pub_tiles(const struct stats_pub *pb, int a, int b, size_t *tiles, size_t *n)
{
	int last = pb->months - 1, m = a, q;

	*n = 0;
	if (a == 0 && b == last) {
		tiles[(*n)++] = 0;
		return 0;
	}
	if (pb->nperiods == 1)
		return -1;
	while (m <= b) {
		q = m / 3;
		if (m == q * 3 && (q * 3 + 2 <= b || b == last)) {
			tiles[(*n)++] = QUARTER_NODE(q);
			m = q * 3 + 3;
		} else
			tiles[(*n)++] = MONTH_NODE(m++);
	}
	return 0;
}

/* One figure of the report being summed from the years' cubes. */
struct span_sum {
	int64_t value;
	size_t hidden;
	enum disclosure_state one;	/* the state of the hidden tile */
	bool shown_nonzero;		/* a shown tile that is not 0 */
	bool missing;			/* a year that gives nothing of it */
};

static void
span_add(struct span_sum *s, const struct disclosure_table *t, size_t place,
    size_t col, size_t period)
{
	struct stats_value v = cell(t, place, col, period);

	s->value += v.count;
	if (v.state != DISCLOSURE_SHOWN) {
		s->hidden++;
		s->one = v.state;
	} else if (v.count != 0)
		s->shown_nonzero = true;
}

/*
 * A figure of several tiles: shown when every tile is shown (then it is a
 * sum of published figures and tells nothing new); the tile's own mark
 * when it alone is hidden and the others are 0 (it is that figure);
 * otherwise hidden ("×"), which tells no more than the tiles' marks do.
 */
static struct stats_value
span_value(const struct span_sum *s)
{
	if (s->missing)
		return (struct stats_value){ s->value, DISCLOSURE_SECONDARY };
	if (s->hidden == 0)
		return (struct stats_value){ s->value, DISCLOSURE_SHOWN };
	if (s->hidden == 1 && !s->shown_nonzero)
		return (struct stats_value){ s->value, s->one };
	return (struct stats_value){ s->value, DISCLOSURE_SECONDARY };
}

/*
 * The published figures of region_id for the months from..to, for the
 * period report (report.c), made only of figures the public pages
 * publish: each year's cube as the public page protects it, and of it the
 * year, whole quarters and months that make up the report's months.  A
 * cube of its own for any span would hide other cells than the year's,
 * and two overlapping spans (January-February, February) would give a
 * hidden month away by subtraction; sums of published cells cannot.  The
 * topics are published by the year only, so those of part of a year are
 * hidden (pv->topics_part).  0, DB_MISSING (no such region) or -1.
 */
int
stats_pub_span(struct request *r, struct db *db, int64_t region_id,
    int32_t from, int32_t to, struct stats_pub *pb, struct stats_pub_view *pv)
{
	const struct encounter_refs *topics = stats_topics();
	struct span_sum *forms, *tsum;
	struct stats_pub *years;
	struct stats_pub_row *rows, *gr;
	struct region_info ri;
	size_t nyears, y, i, k, t, nt, nplaces = 0, tiles[17];
	int32_t last;
	bool any = false;
	int rc;

	if ((rc = network_region_by_id(db, &r->arena, r->lang, region_id,
	    &ri)) != 0)
		return rc < 0 ? -1 : DB_MISSING;
	memset(pb, 0, sizeof(*pb));
	pb->level = STATS_LEVEL_WITHHELD;
	pb->region_id = ri.id;
	pb->region_name = ri.name;
	memset(pv, 0, sizeof(*pv));
	pv->pb = pb;
	pv->place = ri.name;
	to = stats_published_until(to);
	if (to < from)
		return 0;
	nyears = (size_t)(to / 12 - from / 12 + 1);
	years = arena_calloc(&r->arena, nyears, sizeof(*years));
	for (y = 0; y < nyears; y++) {
		int year = from / 12 + (int)y;

		last = stats_published_until(year * 12 + 11);
		if (pub_build(r, db, &ri, year * 12, last, &years[y]) != 0)
			return -1;
		if (years[y].level < STATS_LEVEL_WITHHELD)
			any = true;
	}
	if (!any)
		return 0;
	/* The places (the region, then its municipalities in one order) and
	 * the columns (total, national forms) are the same in every cube. */
	for (y = 0; y < nyears; y++)
		if (years[y].level < STATS_LEVEL_WITHHELD) {
			*pb = years[y];
			break;
		}
	for (i = 0; i < pb->nplaces; i++)
		if (pb->places[i].kind != PLACE_POINT)
			nplaces++;
	forms = arena_calloc(&r->arena, nplaces * (1 + ENC_GROUP_COUNT),
	    sizeof(*forms));
	tsum = arena_calloc(&r->arena, topics->n, sizeof(*tsum));
	for (y = 0; y < nyears; y++) {
		const struct stats_pub *yb = &years[y];
		int a = (int)((from > yb->year * 12 ? from : yb->year * 12) -
		    yb->year * 12), b = (int)((to < yb->year * 12 + 11 ? to :
		    yb->year * 12 + 11) - yb->year * 12);
		bool whole = a == 0 && b == yb->months - 1;

		/* The page says how coarse the coarsest year is. */
		if (yb->level < STATS_LEVEL_WITHHELD && yb->level > pb->level)
			pb->level = yb->level;
		if (yb->level >= STATS_LEVEL_WITHHELD || pub_tiles(yb, a, b,
		    tiles, &nt) != 0) {
			/* Nothing of this year can be given: hidden. */
			for (i = 0; i < nplaces * (1 + ENC_GROUP_COUNT); i++)
				forms[i].missing = true;
			for (i = 0; i < topics->n; i++)
				tsum[i].missing = true;
			continue;
		}
		for (i = 0; i < nplaces; i++)
			for (k = 0; k <= ENC_GROUP_COUNT; k++)
				for (t = 0; t < nt; t++)
					span_add(&forms[i * (1 + ENC_GROUP_COUNT)
					    + k], &yb->forms, i, k, tiles[t]);
		for (i = 0; i < topics->n; i++) {
			if (whole)
				span_add(&tsum[i], &yb->topics, 0, i, 0);
			else {
				tsum[i].missing = true;
				pv->topics_part = true;
			}
		}
	}
	pv->total = span_value(&forms[0]);
	gr = pub_rows(r, pb->cols + 1, ENC_GROUP_COUNT);
	for (k = 0; k < ENC_GROUP_COUNT; k++)
		gr[k].v[0] = span_value(&forms[1 + k]);
	rows = pub_rows(r, pb->topic_labels, topics->n);
	for (i = 0; i < topics->n; i++)
		rows[i].v[0] = span_value(&tsum[i]);
	pub_groups_topics(r, pv, gr, rows, topics->n);
	rows = arena_calloc(&r->arena, nplaces, sizeof(*rows));
	for (i = 1; i < nplaces; i++) {
		rows[i - 1].label = pb->places[i].name;
		rows[i - 1].label_lang = pb->places[i].name_lang;
		for (k = 0; k <= ENC_GROUP_COUNT; k++)
			rows[i - 1].v[k] = span_value(&forms[i *
			    (1 + ENC_GROUP_COUNT) + k]);
	}
	pv->rows = rows;
	pv->nrows = nplaces - 1;
	return 0;
}

/*
 * public.c - the published statistics: the region's page, a page per
 * municipality, their CSV and JSON, and the coordinators' record of what
 * was hidden and why.
 *
 * A region's year is published a quarter at a time (release.h): once a
 * quarter is released and closed, its figures are protected by one run
 * (pub_quarter()) - the cube of places (region -> municipality -> service
 * point) x forms of support (total -> national form -> form) x periods
 * (the quarter -> its months), and beside it the same places by topic
 * for the quarter.  The detail is lowered step by step until both cubes
 * can be protected: without the service points, then with the national
 * forms only, then without the months.  disclosure.c hides counts 1..4
 * ("< 5") and the cells that would give them away through any published
 * sum (marked "×"); the pages, the CSV and the API show parts of the same
 * protected cubes, so they can never disagree, and the municipality pages
 * of one region are parts of the region's cubes rather than tables of
 * their own that could be subtracted from them.
 *
 * Why quarters, each a table of its own, and no "year so far" cube: a
 * table published again with more in it - the year so far in November
 * and in December - is two tables whose difference is December, which
 * neither protected; the attack finds over a hundred of the demo's hidden
 * cells that way (tests/unit/statistics/test_disclosure.c).  Quarters share no cell, so
 * nothing is gained by subtracting one from another, and a quarter never
 * changes once published: its cubes depend on its own closed figures
 * alone.  The year and the quarters so far are sums of the quarters'
 * shown figures (pub_year()), shown only when every part is, and so tell
 * nothing the quarters do not.
 *
 * Topics do not add up to the total (an encounter may have several), so
 * each topic is a root of its own: the topic cube has no total to
 * subtract from.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "base/buf.h"
#include "base/collate.h"
#include "base/csvout.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "network/network.h"
#include "statistics/release.h"
#include "statistics/views.h"
#include "tmpl_statistics.h"
#include "view/format.h"
#include "view/page.h"

/* The year's grid (stats_pub): its period nodes. */
#define MONTH_NODE(m)	(5 + (m))	/* month 0..11 */
#define QUARTER_NODE(q)	(1 + (q))	/* quarter 0..3 */

static const char *const group_msgids[ENC_GROUP_COUNT] = {
	N_("In person (lähituki)"), N_("Remote (etätuki)"),
	N_("Training (koulutus)"),
};

/* A quarter cube's period dimension: the quarter and its months, or the
 * quarter alone. */
static const int32_t periods_months[4] = { -1, 0, 0, 0 };
static const int32_t periods_quarter[1] = { -1 };

static int
place_index(const struct stats_place *p, size_t n, enum stats_place_kind kind,
    const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].kind == kind && strcmp(p[i].code, code) == 0)
			return (int)i;
	return -1;
}

static int
muni_code_cmp(const void *a, const void *b)
{
	return strcmp(((const struct municipality *)a)->code,
	    ((const struct municipality *)b)->code);
}

/* Rows by their labels, as a reader looks for a name. */
static int
row_label_cmp(const void *a, const void *b)
{
	return collate_fi(((const struct stats_pub_row *)a)->label,
	    ((const struct stats_pub_row *)b)->label);
}

/* The places of a quarter at its level: the region, its municipalities
 * and, at level 0, the points that have figures. */
static void
pub_places(struct request *r, const struct stats_pub *pb,
    struct stats_quarter *sq, const struct municipality *m, size_t nm,
    const struct stats_leaf *l, size_t nl)
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
	sq->places = p;
	sq->nplaces = n;
	if (sq->level != 0)
		return;
	for (i = 0; i < nl; i++) {
		const char *code = arena_printf(&r->arena, "%lld",
		    (long long)l[i].point);

		if (place_index(p, n, PLACE_POINT, code) >= 0 ||
		    (parent = place_index(p, n, PLACE_MUNICIPALITY,
		    l[i].municipality)) < 0)
			continue;
		p[n++] = (struct stats_place){ PLACE_POINT, code, code,
		    r->lang, parent };
		sq->nplaces = n;
	}
}

/* One cube of a quarter: 0 protected, 1 withheld, -1 error. */
static int
pub_cube(struct request *r, struct stats_quarter *sq, int32_t first,
    struct disclosure_table *t, const int32_t *cols, size_t ncols,
    const struct stats_leaf *l, size_t nl, int forms)
{
	/* Topics by the quarter only: the pages show no more of them, and a
	 * quarter's counts need far fewer cells hidden than its months'. */
	size_t nperiods = forms ? sq->nperiods : 1;
	struct disclosure_dim dims[3];
	int32_t *places = arena_calloc(&r->arena, sq->nplaces,
	    sizeof(*places));
	const struct encounter_refs *refs = forms ? stats_forms() :
	    stats_topics();
	int64_t *acc;
	size_t i, node[3];
	int p = -1, k = 0;

	for (i = 0; i < sq->nplaces; i++)
		places[i] = sq->places[i].parent;
	dims[0] = (struct disclosure_dim){ sq->nplaces, places };
	dims[1] = (struct disclosure_dim){ ncols, cols };
	dims[2] = nperiods == 1 ? (struct disclosure_dim){ 1,
	    periods_quarter } : (struct disclosure_dim){ 4, periods_months };
	if (disclosure_init(t, &r->arena, 3, dims) != 0)
		return -1;
	acc = arena_calloc(&r->arena, t->ncells, sizeof(*acc));
	/* The rows come by place, then value (stats_store_leaves()): each
	 * run is looked up once, not each of its months. */
	for (i = 0; i < nl; i++) {
		if (i == 0 || l[i].point != l[i - 1].point ||
		    strcmp(l[i].municipality, l[i - 1].municipality) != 0)
			p = sq->level == 0 ? place_index(sq->places,
			    sq->nplaces, PLACE_POINT, arena_printf(&r->arena,
			    "%lld", (long long)l[i].point)) : place_index(
			    sq->places, sq->nplaces, PLACE_MUNICIPALITY,
			    l[i].municipality);
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
		node[2] = nperiods == 1 ? 0 : (size_t)(1 + l[i].month - first);
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
 * The protected cubes of released quarters, kept for the life of the
 * process.  Why: a released quarter is closed (release.h), so its figures
 * and its cubes - a function of those alone - never change, and
 * protecting them is nearly all that a page, its CSV or a report costs
 * (three quarters, each trying up to three levels: about 50 ms of CPU),
 * paid again by each.  The cubes do not depend on the language (their
 * places are in code order), so one copy serves every page: a hit is
 * copied into the request's arena and its places named in the request's
 * language.  A quarter is kept only from the day after its release, when
 * no entry checked before the release can still be committing into it.
 * The slots hold a site's region for four years; the oldest use goes.
 */
#define QUARTER_MEMO_SLOTS 16

struct quarter_memo {
	int64_t region_id;		/* 0: empty */
	int year, q;
	uint64_t used;			/* the memo's clock at the last use */
	struct arena a;
	struct stats_quarter sq;	/* its places named by their codes */
};

static pthread_mutex_t quarter_memo_lock = PTHREAD_MUTEX_INITIALIZER;
static struct quarter_memo quarter_memos[QUARTER_MEMO_SLOTS];
static uint64_t quarter_memo_clock;

/* A deep copy of src into a, its places named by their codes. */
static void
quarter_copy(struct stats_quarter *dst, const struct stats_quarter *src,
    struct arena *a)
{
	size_t i;

	*dst = *src;
	dst->places = arena_calloc(a, src->nplaces + 1, sizeof(*dst->places));
	for (i = 0; i < src->nplaces; i++) {
		dst->places[i] = src->places[i];
		dst->places[i].code = arena_strdup(a, src->places[i].code);
		dst->places[i].name = dst->places[i].code;
	}
	disclosure_copy(&dst->forms, &src->forms, a);
	disclosure_copy(&dst->topics, &src->topics, a);
}

/* Quarter q of pb's year from the memo into pb->q[q], its places named
 * in the request's language: true on a hit. */
static bool
quarter_memo_get(struct request *r, struct stats_pub *pb, int q,
    const struct municipality *m, size_t nm)
{
	struct stats_quarter *sq = &pb->q[q];
	size_t i, k;
	bool hit = false;

	pthread_mutex_lock(&quarter_memo_lock);
	for (i = 0; i < QUARTER_MEMO_SLOTS && !hit; i++) {
		struct quarter_memo *e = &quarter_memos[i];

		if (e->region_id != pb->region_id || e->year != pb->year ||
		    e->q != q)
			continue;
		quarter_copy(sq, &e->sq, &r->arena);
		e->used = ++quarter_memo_clock;
		hit = true;
	}
	pthread_mutex_unlock(&quarter_memo_lock);
	for (i = 0; hit && i < sq->nplaces; i++) {
		struct stats_place *p = &sq->places[i];

		p->name_lang = r->lang;
		if (p->kind == PLACE_REGION)
			p->name = pb->region_name;
		for (k = 0; p->kind == PLACE_MUNICIPALITY && k < nm; k++)
			if (strcmp(m[k].code, p->code) == 0)
				p->name = m[k].name;
	}
	return hit;
}

/* Keeps quarter q of pb's year, once it is settled (above). */
static void
quarter_memo_put(const struct stats_pub *pb, int q)
{
	struct quarter_memo *e = NULL;
	int32_t yesterday = encounter_month(encounter_day(time_now() -
	    86400));
	size_t i;

	if (!stats_month_released(pb->year * 12 + q * 3, yesterday))
		return;
	pthread_mutex_lock(&quarter_memo_lock);
	for (i = 0; i < QUARTER_MEMO_SLOTS; i++) {
		struct quarter_memo *s = &quarter_memos[i];

		if (s->region_id == pb->region_id && s->year == pb->year &&
		    s->q == q) {
			/* Another request kept it first. */
			pthread_mutex_unlock(&quarter_memo_lock);
			return;
		}
		if (e == NULL || s->region_id == 0 || (e->region_id != 0 &&
		    s->used < e->used))
			e = s;
	}
	if (e->region_id != 0)
		arena_cleanup(&e->a);
	arena_init(&e->a);
	quarter_copy(&e->sq, &pb->q[q], &e->a);
	e->region_id = pb->region_id;
	e->year = pb->year;
	e->q = q;
	e->used = ++quarter_memo_clock;
	pthread_mutex_unlock(&quarter_memo_lock);
}

/*
 * The protected cubes of quarter q (0..3) of pb's year, from its own
 * figures alone (or the memo): 0 (sq->level says at which detail), or -1.
 */
static int
pub_quarter(struct request *r, struct db *db, struct stats_pub *pb, int q,
    const struct municipality *m, size_t nm, const int32_t *fcols,
    const int32_t *tcols)
{
	struct stats_quarter *sq = &pb->q[q];
	int32_t first = pb->year * 12 + q * 3;
	struct stats_leaf *lf, *lt;
	size_t nf, nt;
	int rc1, rc2;

	if (quarter_memo_get(r, pb, q, m, nm))
		return 0;
	if ((lf = stats_store_leaves(db, &r->arena, pb->region_id, "form",
	    first, first + 2, &nf)) == NULL ||
	    (lt = stats_store_leaves(db, &r->arena, pb->region_id, "topic",
	    first, first + 2, &nt)) == NULL)
		return -1;
	for (sq->level = 0; sq->level < STATS_LEVEL_WITHHELD; sq->level++) {
		pub_places(r, pb, sq, m, nm, lf, nf);
		sq->nperiods = sq->level == 3 ? 1 : 4;
		sq->ncols = sq->level == 2 ? 1 + ENC_GROUP_COUNT : pb->ncols;
		if ((rc1 = pub_cube(r, sq, first, &sq->forms, fcols, sq->ncols,
		    lf, nf, 1)) < 0 || (rc2 = pub_cube(r, sq, first,
		    &sq->topics, tcols, pb->ntopics, lt, nt, 0)) < 0)
			return -1;
		if (rc1 == 0 && rc2 == 0)
			break;
	}
	quarter_memo_put(pb, q);
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

/* One figure being summed from published parts. */
struct span_sum {
	int64_t value;
	size_t hidden;
	enum disclosure_state one;	/* the state of the hidden part */
	bool shown_nonzero;		/* a shown part that is not 0 */
	bool missing;			/* a part not published at all */
};

static void
span_add(struct span_sum *s, struct stats_value v)
{
	s->value += v.count;
	if (v.state != DISCLOSURE_SHOWN) {
		s->hidden++;
		s->one = v.state;
	} else if (v.count != 0)
		s->shown_nonzero = true;
}

/*
 * A figure of several parts: shown when every part is shown (then it is a
 * sum of published figures and tells nothing new); the part's own mark
 * when it alone is hidden and the others are 0 (it is that figure);
 * otherwise hidden ("×"), which tells no more than the parts' marks do.
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

/* A figure the quarter does not publish (a column or a month its level
 * leaves out, or the quarter withheld): hidden, and no part of a sum. */
static const struct stats_value not_published = { 0, DISCLOSURE_SECONDARY };

static struct stats_value *
year_form(const struct stats_pub *pb, size_t place, size_t col, size_t node)
{
	return &pb->forms[(place * pb->ncols + col) * STATS_YEAR_NODES + node];
}

static struct stats_value *
year_topic(const struct stats_pub *pb, size_t place, size_t topic,
    size_t node)
{
	return &pb->topics[(place * pb->ntopics + topic) * STATS_TOPIC_NODES +
	    node];
}

/*
 * The year's places: the region and its municipalities, and the points of
 * every quarter that has its points.  A point without figures in such a
 * quarter is 0 there (its municipality's shown sum says as much); in a
 * quarter without points it is not published.
 */
static void
pub_year_places(struct request *r, struct stats_pub *pb)
{
	size_t i, n = 0, max = 0;
	int q;

	for (q = 0; q < pb->quarters; q++)
		max += pb->q[q].nplaces;
	pb->places = arena_calloc(&r->arena, max + 1, sizeof(*pb->places));
	for (q = 0; q < pb->quarters; q++)
		for (i = 0; i < pb->q[q].nplaces; i++) {
			const struct stats_place *p = &pb->q[q].places[i];

			if (place_index(pb->places, n, p->kind, p->code) >= 0)
				continue;
			pb->places[n] = *p;
			if (p->parent >= 0)
				pb->places[n].parent = place_index(pb->places,
				    n, pb->q[q].places[p->parent].kind,
				    pb->q[q].places[p->parent].code);
			n++;
		}
	pb->nplaces = n;
}

/* Does quarter q publish figures of the year's place i at all? */
static bool
pub_quarter_has(const struct stats_pub *pb, int q, size_t i)
{
	return pb->q[q].level < STATS_LEVEL_WITHHELD &&
	    (pb->places[i].kind != PLACE_POINT || pb->q[q].level == 0);
}

/* Quarter place qp's figure in table t (-1: the place had no encounter
 * that quarter, so its figure is a zero, shown). */
static struct stats_value
quarter_cell(const struct disclosure_table *t, int qp, size_t col,
    size_t period)
{
	if (qp < 0)
		return (struct stats_value){ 0, DISCLOSURE_SHOWN };
	return cell(t, (size_t)qp, col, period);
}

/*
 * The year's grid from its quarters (pub_year_places() first): each
 * quarter's and month's figure as its quarter publishes it, the year's
 * the sum of its quarters' (span_value()).
 */
static void
pub_year(struct request *r, struct stats_pub *pb)
{
	size_t i, k, j;
	int q, qp;

	pb->forms = arena_calloc(&r->arena, pb->nplaces * pb->ncols *
	    STATS_YEAR_NODES, sizeof(*pb->forms));
	pb->topics = arena_calloc(&r->arena, pb->nplaces * pb->ntopics *
	    STATS_TOPIC_NODES, sizeof(*pb->topics));
	for (i = 0; i < pb->nplaces; i++) {
		struct span_sum *fy = arena_calloc(&r->arena, pb->ncols,
		    sizeof(*fy));
		struct span_sum *ty = arena_calloc(&r->arena, pb->ntopics,
		    sizeof(*ty));

		for (q = 0; q < pb->quarters; q++) {
			const struct stats_quarter *sq = &pb->q[q];
			bool withheld = !pub_quarter_has(pb, q, i);

			qp = place_index(sq->places, sq->nplaces,
			    pb->places[i].kind, pb->places[i].code);
			for (k = 0; k < pb->ncols; k++) {
				bool shown = !withheld && k < sq->ncols;
				struct stats_value v = shown ?
				    quarter_cell(&sq->forms, qp, k, 0) :
				    not_published;

				*year_form(pb, i, k, QUARTER_NODE(q)) = v;
				if (shown)
					span_add(&fy[k], v);
				else
					fy[k].missing = true;
				for (j = 0; j < 3; j++)
					*year_form(pb, i, k, MONTH_NODE(q * 3 +
					    (int)j)) = shown && sq->nperiods > 1 ?
					    quarter_cell(&sq->forms, qp, k,
					    1 + j) : not_published;
			}
			for (k = 0; k < pb->ntopics; k++) {
				struct stats_value v = withheld ?
				    not_published :
				    quarter_cell(&sq->topics, qp, k, 0);

				*year_topic(pb, i, k, 1 + (size_t)q) = v;
				if (withheld)
					ty[k].missing = true;
				else
					span_add(&ty[k], v);
			}
		}
		for (k = 0; k < pb->ncols; k++)
			*year_form(pb, i, k, 0) = span_value(&fy[k]);
		for (k = 0; k < pb->ntopics; k++)
			*year_topic(pb, i, k, 0) = span_value(&ty[k]);
	}
}

/*
 * The published figures of the region's year: each released quarter
 * protected, and the year's grid of them.  0 (pb->level the coarsest
 * quarter's, STATS_LEVEL_WITHHELD when none is published), or -1.
 */
static int
pub_build(struct request *r, struct db *db, const struct region_info *ri,
    int year, struct stats_pub *pb)
{
	const struct encounter_refs *forms = stats_forms(), *topics =
	    stats_topics();
	struct municipality *m;
	int32_t *fcols, *tcols;
	size_t nm, i;
	int q;

	memset(pb, 0, sizeof(*pb));
	pb->year = year;
	pb->quarters = stats_quarters_released(year, stats_month_now());
	pb->region_id = ri->id;
	pb->region_name = ri->name;
	if (forms == NULL || network_municipalities(db, &r->arena, r->lang,
	    ri->id, &m, &nm) != 0)
		return -1;
	/* The cubes' places in an order of their own, not by the names in
	 * the page's language: the search takes cells in their order, so a
	 * cube ordered by name was protected differently in Finnish and in
	 * Swedish, and the two pages together gave away what each hid. */
	if (nm > 1)
		qsort(m, nm, sizeof(*m), muni_code_cmp);
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
	pb->level = -1;
	for (q = 0; q < pb->quarters; q++) {
		if (pub_quarter(r, db, pb, q, m, nm, fcols, tcols) != 0)
			return -1;
		if (pb->q[q].level < STATS_LEVEL_WITHHELD &&
		    pb->q[q].level > pb->level)
			pb->level = pb->q[q].level;
	}
	if (pb->level < 0)
		pb->level = STATS_LEVEL_WITHHELD;
	pub_year_places(r, pb);
	/* The points' names, once they are published. */
	for (i = 0; i < pb->nplaces; i++) {
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
	pub_year(r, pb);
	return 0;
}

/* A figure of the year's grid. */
static struct stats_value
pub_value(const struct stats_pub *pb, size_t place, size_t col, size_t node)
{
	return *year_form(pb, place, col, node);
}

int32_t
stats_published_until(int32_t to)
{
	int32_t last = stats_last_released_month(stats_month_now());

	return to < last ? to : last;
}

/* The year asked for (by default that of the last quarter released):
 * 0, or -1 for a bad one. */
static int
read_year(struct request *r, int *year)
{
	const char *y = kv_get(&r->query, "year");
	int now = (int)(stats_last_released_month(stats_month_now()) / 12);
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
	if (pub_build(r, db, &ri, year, pb) != 0) {
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
	int now = (int)(stats_last_released_month(stats_month_now()) / 12);
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
	pv->total = pub_value(pb, place, 0, 0);
	/* The months of the quarters that publish theirs. */
	rows = arena_calloc(&r->arena, 12, sizeof(*rows));
	for (i = 0, n = 0; i < (size_t)pb->quarters * 3; i++) {
		if (pb->q[i / 3].level >= 3)
			continue;
		rows[n].label = arena_printf(&r->arena, "%zu/%d", i + 1,
		    pb->year);
		rows[n++].v[0] = pub_value(pb, place, 0, MONTH_NODE(i));
	}
	if (n > 0) {
		pv->months = rows;
		pv->nmonths = n;
		chart_rows(r, &ch, "trend", i18n_text(r->lang,
		    "Encounters by month"), pv->place, rows, n);
		pv->trend_svg = stats_chart_svg(&r->arena, stats_chart_line, &ch);
	}
	rows = pub_rows(r, pb->cols + 1, ENC_GROUP_COUNT);
	for (i = 0; i < ENC_GROUP_COUNT; i++)
		rows[i].v[0] = pub_value(pb, place, 1 + i, 0);
	topics = pub_rows(r, pb->topic_labels, pb->ntopics);
	for (i = 0; i < pb->ntopics; i++)
		topics[i].v[0] = *year_topic(pb, place, i, 0);
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
			rows[n].v[k] = pub_value(pb, i, k, 0);
		n++;
	}
	qsort(rows, n, sizeof(*rows), row_label_cmp);
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
	if ((place = place_index(pb.places, pb.nplaces, PLACE_MUNICIPALITY, m->code)) < 0) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	pub_view(r, &pb, (size_t)place, &pv);
	render(r, &pv, arena_printf(&r->arena, "%s %d: %s", i18n_text(r->lang,
	    "Support statistics"), pb.year, m->name),
	    arena_printf(&r->arena, "%s?year=%d", url_for(&r->arena, r->lang,
	    "stats.public-csv", NULL), pb.year));
}

/* Is node of the year's grid (the year, a quarter or a month) published:
 * the year, and the quarters released with their months. */
static bool
pub_period_published(const struct stats_pub *pb, size_t node)
{
	if (node == 0)
		return true;
	if (node < 5)
		return (int)(node - 1) < pb->quarters;
	return (int)(node - 5) / 3 < pb->quarters;
}

/*
 * Does the year's grid publish place i's column col (of the forms, or any
 * topic when col is -1) at node: its quarter publishes the place, has the
 * column and, for a month, its months; for the year, every quarter does.
 * A cell it does not is left out of the CSV and the API rather than
 * marked.
 */
static bool
pub_published(const struct stats_pub *pb, size_t i, int col, size_t node)
{
	int q, first = 0, last = pb->quarters - 1;

	if (!pub_period_published(pb, node))
		return false;
	if (node > 0)
		first = last = node < 5 ? (int)node - 1 : (int)(node - 5) / 3;
	for (q = first; q <= last; q++) {
		const struct stats_quarter *sq = &pb->q[q];

		if (!pub_quarter_has(pb, q, i) || (col >= 0 &&
		    (size_t)col >= sq->ncols) || (node >= 5 &&
		    sq->nperiods == 1))
			return false;
	}
	return true;
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
 * period, then the topics for the year and its quarters.  Nothing when
 * withheld.
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
			for (per = 0; per < STATS_YEAR_NODES; per++) {
				if (!pub_published(pb, i, (int)k, per))
					continue;
				c.column = pb->cols[k];
				c.period = period_label(a, pb, per);
				c.v = pub_value(pb, i, k, per);
				fn(ctx, pb, &c);
			}
		c.table = "topic";
		for (k = 0; k < pb->ntopics; k++)
			for (per = 0; per <= (size_t)pb->quarters; per++) {
				if (!pub_published(pb, i, -1, per))
					continue;
				c.column = pb->topic_labels[k];
				c.period = period_label(a, pb, per);
				c.v = *year_topic(pb, i, k, per);
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
	response_json(r, json_pack("{s:i, s:i, s:s, s:{s:s, s:s, s:s}, s:i, "
	    "s:b, s:o}", "year", pb->year, "quarters", pb->quarters, "region",
	    pb->region_name, "place", "kind", place_kinds[p->kind], "code",
	    p->code, "name", p->name, "level", pb->level, "withheld",
	    pb->level >= STATS_LEVEL_WITHHELD, "cells", cells));
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
	if ((place = place_index(pb.places, pb.nplaces, PLACE_MUNICIPALITY, m->code)) < 0) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	api_answer(r, &pb, (size_t)place);
}

/* The label of period node `node` of quarter q's cube: the quarter, or
 * one of its months. */
static const char *
quarter_label(struct arena *a, const struct stats_pub *pb, int q, size_t node)
{
	return period_label(a, pb, node == 0 ? QUARTER_NODE(q) :
	    MONTH_NODE(q * 3 + (int)node - 1));
}

/* The record of one cube of quarter q: its hidden cells. */
static void
record_cube(struct request *r, const struct stats_pub *pb, int q,
    const struct disclosure_table *t, const char *table,
    const char *const *cols, struct stats_hidden_row *out, size_t *n,
    struct stats_record_view *rv)
{
	static const char *const dims[] = { N_("the places"),
	    N_("the columns"), N_("the periods") };
	const struct stats_quarter *sq = &pb->q[q];
	size_t i, node[3], pn[3];

	for (i = 0; i < t->ncells; i++) {
		const struct disclosure_cell *c = &t->cells[i];
		struct stats_hidden_row *h;

		if (c->state == DISCLOSURE_SHOWN)
			continue;
		disclosure_nodes(t, i, node);
		h = &out[(*n)++];
		h->table = table;
		h->place = sq->places[node[0]].name;
		h->column = cols[node[1]];
		h->period = quarter_label(&r->arena, pb, q, node[2]);
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
		    i18n_text(r->lang, "Protects"), sq->places[pn[0]].name,
		    cols[pn[1]], quarter_label(&r->arena, pb, q, pn[2]),
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
	size_t n = 0, max = 1;
	int q;

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
		for (q = 0; q < pb.quarters; q++)
			max += pb.q[q].forms.nprimary +
			    pb.q[q].forms.nsecondary +
			    pb.q[q].topics.nprimary + pb.q[q].topics.nsecondary;
		rows = arena_calloc(&r->arena, max, sizeof(*rows));
		for (q = 0; q < pb.quarters; q++) {
			if (pb.q[q].level >= STATS_LEVEL_WITHHELD)
				continue;
			record_cube(r, &pb, q, &pb.q[q].forms,
			    i18n_text(r->lang, "Form of support"), pb.cols,
			    rows, &n, &rv);
			record_cube(r, &pb, q, &pb.q[q].topics,
			    i18n_text(r->lang, "Topic"), pb.topic_labels, rows,
			    &n, &rv);
		}
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
 * The nodes of the year's grid whose months together are exactly months
 * a..b of the year (0..11, within its released quarters): whole quarters,
 * then months, so that a figure of the span is a sum of published ones.
 */
static void
pub_tiles(int a, int b, size_t *tiles, size_t *n)
{
	int m = a, q;

	*n = 0;
	while (m <= b) {
		q = m / 3;
		if (m == q * 3 && q * 3 + 2 <= b) {
			tiles[(*n)++] = QUARTER_NODE(q);
			m = q * 3 + 3;
		} else
			tiles[(*n)++] = MONTH_NODE(m++);
	}
}

/*
 * The published figures of region_id for the months from..to, for the
 * period report (report.c), made only of figures the public pages
 * publish: of each year, the whole quarters and the months that make up
 * the report's months.  A cube of its own for any span would hide other
 * cells than the quarters', and two overlapping spans (January-February,
 * February) would give a hidden month away by subtraction; sums of
 * published cells cannot.  The topics are published by the quarter only,
 * so those of part of a quarter are hidden (pv->topics_part).  0,
 * DB_MISSING (no such region) or -1.
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
	size_t nyears, y, i, k, t, nt, nplaces = 0, tiles[12];
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
		if (pub_build(r, db, &ri, from / 12 + (int)y, &years[y]) != 0)
			return -1;
		if (years[y].level < STATS_LEVEL_WITHHELD)
			any = true;
	}
	if (!any)
		return 0;
	/* The places (the region, then its municipalities in one order,
	 * first in every year's grid) and the columns (total, national
	 * forms) are the same in every year. */
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

		/* The page says how coarse the coarsest year is. */
		if (yb->level < STATS_LEVEL_WITHHELD && yb->level > pb->level)
			pb->level = yb->level;
		if (yb->level >= STATS_LEVEL_WITHHELD) {
			/* Nothing of this year can be given: hidden. */
			for (i = 0; i < nplaces * (1 + ENC_GROUP_COUNT); i++)
				forms[i].missing = true;
			for (i = 0; i < topics->n; i++)
				tsum[i].missing = true;
			continue;
		}
		pub_tiles(a, b, tiles, &nt);
		for (i = 0; i < nplaces; i++)
			for (k = 0; k <= ENC_GROUP_COUNT; k++)
				for (t = 0; t < nt; t++)
					span_add(&forms[i * (1 + ENC_GROUP_COUNT)
					    + k], pub_value(yb, i, k, tiles[t]));
		for (t = 0; t < nt; t++)
			for (i = 0; i < topics->n; i++) {
				if (tiles[t] < MONTH_NODE(0))
					span_add(&tsum[i], *year_topic(yb, 0,
					    i, tiles[t]));
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
	qsort(rows, nplaces - 1, sizeof(*rows), row_label_cmp);
	pv->rows = rows;
	pv->nrows = nplaces - 1;
	return 0;
}

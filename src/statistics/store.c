/*
 * store.c - the encounters and their roll-ups (statistics.h): all of the
 * module's SQL but its privacy provider's.
 *
 * Each change of an encounter changes the roll-ups by the same delta in
 * the caller's transaction: its row of encounter_day_count and of
 * encounter_municipality_day_count (by municipality), and for each
 * dimension value (form, age, language, duration, outcome and each topic)
 * its rows of encounter_month_count (by point) and
 * encounter_municipality_month_count (by municipality).  The deltas of a
 * transaction are summed in memory first (struct stats_sums), so rows
 * that many encounters share are written once.  An undo adds -1 and
 * deletes the rows it brought to 0, so a roll-up never holds an empty
 * row.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "db/rows.h"
#include "statistics/statistics.h"

/* The roll-ups' upserts: their column lists, then VALUES or packed rows
 * (pack_select()), then what a row already there gets. */
#define DAY_INTO "INSERT INTO encounter_day_count (region_id, day, " \
	"municipality_code, point_id, form, n, people) "
#define DAY_CONFLICT " ON CONFLICT (region_id, day, municipality_code, " \
	"point_id, form) DO UPDATE SET n = encounter_day_count.n + " \
	"excluded.n, people = encounter_day_count.people + excluded.people"
#define DAY_PRUNE "DELETE FROM encounter_day_count WHERE region_id = ?1 " \
	"AND day = ?2 AND municipality_code = ?3 AND point_id = ?4 AND " \
	"form = ?5 AND n <= 0"
#define MDAY_INTO "INSERT INTO encounter_municipality_day_count " \
	"(region_id, day, municipality_code, n, people) "
#define MDAY_CONFLICT " ON CONFLICT (region_id, day, municipality_code) " \
	"DO UPDATE SET n = encounter_municipality_day_count.n + excluded.n, " \
	"people = encounter_municipality_day_count.people + excluded.people"
#define MDAY_PRUNE "DELETE FROM encounter_municipality_day_count WHERE " \
	"region_id = ?1 AND day = ?2 AND municipality_code = ?3 AND n <= 0"
#define MONTH_INTO "INSERT INTO encounter_month_count (region_id, dim, " \
	"month, municipality_code, point_id, value, n, people) "
#define MONTH_CONFLICT " ON CONFLICT (region_id, dim, month, " \
	"municipality_code, point_id, value) DO UPDATE SET n = " \
	"encounter_month_count.n + excluded.n, people = " \
	"encounter_month_count.people + excluded.people"
#define MONTH_PRUNE "DELETE FROM encounter_month_count WHERE region_id = " \
	"?1 AND dim = ?2 AND month = ?3 AND municipality_code = ?4 AND " \
	"point_id = ?5 AND value = ?6 AND n <= 0"
#define AREA_INTO "INSERT INTO encounter_municipality_month_count " \
	"(region_id, dim, month, municipality_code, value, n, people) "
#define AREA_CONFLICT " ON CONFLICT (region_id, dim, month, " \
	"municipality_code, value) DO UPDATE SET n = " \
	"encounter_municipality_month_count.n + excluded.n, people = " \
	"encounter_municipality_month_count.people + excluded.people"
#define AREA_PRUNE "DELETE FROM encounter_municipality_month_count WHERE " \
	"region_id = ?1 AND dim = ?2 AND month = ?3 AND municipality_code = " \
	"?4 AND value = ?5 AND n <= 0"

/*
 * Packed rows: many rows in one text parameter, so that a statement
 * writes up to PACK_ROWS rows on both backends (PostgreSQL's binds at
 * most 64 parameters, db/pg.c) in one round trip.  A row is its columns
 * at fixed widths (numbers right-aligned, keys left-aligned, padded with
 * spaces; keys are printable ASCII without spaces, so a character is a
 * byte); pack_select() is a recursive CTE that cuts the text into rows
 * and each row into its columns, in the SQL both backends share.  Each
 * step takes the first row off the rest, so the copies of the rest grow
 * with the square of the rows: hence at most PACK_ROWS a statement.
 */
#define PACK_ROWS 100

#define PACK_TEXT 0	/* a key */
#define PACK_NUM 1	/* a number */
#define PACK_NUM0 2	/* a number whose 0 stands for NULL */

struct pack_col {
	unsigned width;
	int num;	/* PACK_TEXT, PACK_NUM, PACK_NUM0 */
};

/* The SELECT of the packed rows in ?1 with columns c[0..n), in order,
 * and then `more` (further columns, "" for none). */
static const char *
pack_select(struct arena *a, const struct pack_col *c, size_t n,
    const char *more)
{
	struct buf b;
	unsigned w = 0, at = 1;
	const char *sql;
	size_t i;

	for (i = 0; i < n; i++)
		w += c[i].width;
	buf_init(&b);
	buf_printf(&b, "WITH RECURSIVE r(k, x, rest) AS (SELECT 0, "
	    "substr(?1, 1, %u), substr(?1, %u) UNION ALL SELECT k + 1, "
	    "substr(rest, 1, %u), substr(rest, %u) FROM r WHERE rest <> '') "
	    "SELECT ", w, w + 1, w, w + 1);
	for (i = 0; i < n; i++) {
		buf_printf(&b, c[i].num == PACK_NUM0 ? "%sNULLIF(CAST(trim(substr(x, %u, "
		    "%u)) AS BIGINT), 0)" : c[i].num ? "%sCAST(trim(substr(x, "
		    "%u, %u)) AS BIGINT)" : "%strim(substr(x, %u, %u))",
		    i ? ", " : "", at, c[i].width);
		at += c[i].width;
	}
	/* The WHERE: SQLite would read ON CONFLICT's ON as a join's.  The
	 * rows are inserted in their order. */
	buf_printf(&b, "%s FROM r WHERE 1 = 1 ORDER BY k", more);
	sql = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return sql;
}

/* A number at width w: 0, or -1 when it does not fit. */
static int
pack_int(struct buf *b, int64_t v, unsigned w)
{
	char t[24];
	int n = snprintf(t, sizeof(t), "%lld", (long long)v);

	if (n < 0 || (unsigned)n > w)
		return -1;
	buf_printf(b, "%*s", (int)w, t);
	return 0;
}

/* A key at width w: 0, or -1 when it does not fit or is not printable
 * ASCII without spaces. */
static int
pack_text(struct buf *b, const char *s, unsigned w)
{
	size_t i, n = strlen(s);

	if (n > w)
		return -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] > '~')
			return -1;
	buf_printf(b, "%-*s", (int)w, s);
	return 0;
}

/* Rows being packed for one statement (sql, the rows in ?1). */
struct pack {
	struct buf b;
	size_t rows;
	const char *sql;
};

/* Runs the statement on the rows waiting, if any.  0 or -1. */
static int
pack_flush(struct db *db, struct pack *p)
{
	int rc = 0;

	if (p->rows > 0)
		rc = db_run(db, p->sql, DB_ARGS(db_text(buf_cstr(&p->b))), NULL);
	p->b.len = 0;
	p->rows = 0;
	return rc == 0 ? 0 : -1;
}

/* After a row is packed: the statement once PACK_ROWS wait.  0 or -1. */
static int
pack_next(struct db *db, struct pack *p)
{
	return ++p->rows < PACK_ROWS ? 0 : pack_flush(db, p);
}

/*
 * The roll-ups' changes of a transaction, summed in memory first: one
 * upsert per roll-up row, however many encounters of the transaction
 * share it.  A row an undo (negative change) brings to 0 is deleted.
 */
/* A roll-up row summed in memory: its key as text, n and people. */
struct agg {
	char **keys;
	int64_t *n, *people;
	size_t count, cap;	/* cap: a power of two */
};

static uint64_t
agg_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Adds sign (+1, -1) encounters of `people` to the row of key. */
static void
agg_add(struct agg *g, struct arena *a, const char *key, int sign,
    int64_t people)
{
	size_t i, j;

	if (g->count * 2 >= g->cap) {
		struct agg ng = { NULL, NULL, NULL, g->count, g->cap ?
		    g->cap * 2 : 32 };

		ng.keys = arena_calloc(a, ng.cap, sizeof(*ng.keys));
		ng.n = arena_calloc(a, ng.cap, sizeof(*ng.n));
		ng.people = arena_calloc(a, ng.cap, sizeof(*ng.people));
		for (i = 0; i < g->cap; i++) {
			if (g->keys[i] == NULL)
				continue;
			j = agg_hash(g->keys[i]) & (ng.cap - 1);
			while (ng.keys[j] != NULL)
				j = (j + 1) & (ng.cap - 1);
			ng.keys[j] = g->keys[i];
			ng.n[j] = g->n[i];
			ng.people[j] = g->people[i];
		}
		*g = ng;
	}
	j = agg_hash(key) & (g->cap - 1);
	while (g->keys[j] != NULL && strcmp(g->keys[j], key) != 0)
		j = (j + 1) & (g->cap - 1);
	if (g->keys[j] == NULL) {
		g->keys[j] = arena_strdup(a, key);
		g->count++;
	}
	g->n[j] += sign;
	g->people[j] += sign * people;
}

/* The fields of a key "a|b|c|..." (modified in place). */
static size_t
agg_fields(char *key, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = key;
	for (; *key != '\0' && n < max; key++)
		if (*key == '|') {
			*key = '\0';
			f[n++] = key + 1;
		}
	return n;
}

struct stats_sums {
	struct arena *a;
	struct agg day;		/* encounter_day_count */
	struct agg month;	/* encounter_month_count */
	struct agg area;	/* encounter_municipality_month_count */
	struct agg mday;	/* encounter_municipality_day_count */
};

static struct stats_sums *
sums_new(struct arena *a)
{
	struct stats_sums *s = arena_calloc(a, 1, sizeof(*s));

	s->a = a;
	return s;
}

/* One dimension value of e in the month roll-ups. */
static void
sums_value(struct stats_sums *s, const struct stats_encounter *e,
    const char *dim, const char *value, int sign)
{
	agg_add(&s->month, s->a, arena_printf(s->a, "%lld|%s|%d|%s|%lld|%s",
	    (long long)e->region_id, dim, (int)e->month, e->municipality,
	    (long long)e->point_id, value), sign, e->people);
	agg_add(&s->area, s->a, arena_printf(s->a, "%lld|%s|%d|%s|%s",
	    (long long)e->region_id, dim, (int)e->month, e->municipality,
	    value), sign, e->people);
}

/* Every roll-up row of e (its day and month set) changed by sign. */
static void
sums_add(struct stats_sums *s, const struct stats_encounter *e, int sign)
{
	size_t t;

	agg_add(&s->day, s->a, arena_printf(s->a, "%lld|%d|%s|%lld|%s",
	    (long long)e->region_id, (int)e->day, e->municipality,
	    (long long)e->point_id, e->form), sign, e->people);
	agg_add(&s->mday, s->a, arena_printf(s->a, "%lld|%d|%s",
	    (long long)e->region_id, (int)e->day, e->municipality), sign,
	    e->people);
	sums_value(s, e, "form", e->form, sign);
	sums_value(s, e, "age", encounter_age_key(e->age), sign);
	sums_value(s, e, "language", e->language, sign);
	sums_value(s, e, "duration", encounter_duration_key(e->duration),
	    sign);
	sums_value(s, e, "outcome", encounter_outcome_key(e->outcome), sign);
	for (t = 0; t < e->ntopics; t++)
		sums_value(s, e, "topic", e->topics[t], sign);
}

/* A roll-up's columns: its key's fields in order, then n and people. */
static const struct pack_col day_cols[] = { { 12, PACK_NUM },
    { 8, PACK_NUM }, { 3, PACK_TEXT }, { 12, PACK_NUM }, { 24, PACK_TEXT },
    { 12, PACK_NUM }, { 12, PACK_NUM } };
static const struct pack_col mday_cols[] = { { 12, PACK_NUM },
    { 8, PACK_NUM }, { 3, PACK_TEXT }, { 12, PACK_NUM }, { 12, PACK_NUM } };
static const struct pack_col month_cols[] = { { 12, PACK_NUM },
    { 8, PACK_TEXT }, { 8, PACK_NUM }, { 3, PACK_TEXT }, { 12, PACK_NUM },
    { 24, PACK_TEXT }, { 12, PACK_NUM }, { 12, PACK_NUM } };
static const struct pack_col area_cols[] = { { 12, PACK_NUM },
    { 8, PACK_TEXT }, { 8, PACK_NUM }, { 3, PACK_TEXT }, { 24, PACK_TEXT },
    { 12, PACK_NUM }, { 12, PACK_NUM } };

/*
 * Writes one roll-up's changed rows: the increases as packed rows,
 * PACK_ROWS a statement; each decrease alone (`one`, VALUES ?1..), after
 * which `prune` deletes its row if that brought it to 0.
 */
static int
sums_write(struct db *db, struct arena *a, struct agg *g,
    const struct pack_col *c, size_t nc, const char *into,
    const char *conflict, const char *one, const char *prune)
{
	struct pack p = { .sql = arena_printf(a, "%s%s%s", into,
	    pack_select(a, c, nc, ""), conflict) };
	struct db_arg args[10];
	char *f[8];
	size_t k, i, nf = nc - 2;
	int rc = -1;

	buf_init(&p.b);
	for (k = 0; k < g->cap; k++) {
		if (g->keys[k] == NULL || (g->n[k] == 0 && g->people[k] == 0))
			continue;
		if (agg_fields(g->keys[k], f, 8) != nf)
			goto out;
		if (g->n[k] < 0) {
			for (i = 0; i < nf; i++)
				args[i] = c[i].num ? db_int(strtoll(f[i], NULL,
				    10)) : db_text(f[i]);
			args[nf] = db_int(g->n[k]);
			args[nf + 1] = db_int(g->people[k]);
			if (db_run(db, one, args, nf + 2, NULL) != 0 ||
			    db_run(db, prune, args, nf, NULL) != 0)
				goto out;
			continue;
		}
		for (i = 0; i < nf; i++)
			if (c[i].num ? pack_int(&p.b, strtoll(f[i], NULL, 10),
			    c[i].width) : pack_text(&p.b, f[i], c[i].width))
				goto out;
		if (pack_int(&p.b, g->n[k], c[nf].width) != 0 ||
		    pack_int(&p.b, g->people[k], c[nf + 1].width) != 0 ||
		    pack_next(db, &p) != 0)
			goto out;
	}
	rc = pack_flush(db, &p);
out:
	buf_cleanup(&p.b);
	return rc;
}

static int
sums_flush(struct db *db, struct stats_sums *s)
{
	return sums_write(db, s->a, &s->day, day_cols, 7, DAY_INTO,
	    DAY_CONFLICT, DAY_INTO "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    DAY_CONFLICT, DAY_PRUNE) == 0 && sums_write(db, s->a, &s->mday,
	    mday_cols, 5, MDAY_INTO, MDAY_CONFLICT, MDAY_INTO "VALUES (?1, ?2, "
	    "?3, ?4, ?5)" MDAY_CONFLICT, MDAY_PRUNE) == 0 &&
	    sums_write(db, s->a, &s->month,
	    month_cols, 8, MONTH_INTO, MONTH_CONFLICT, MONTH_INTO "VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)" MONTH_CONFLICT,
	    MONTH_PRUNE) == 0 && sums_write(db, s->a, &s->area, area_cols, 7,
	    AREA_INTO, AREA_CONFLICT, AREA_INTO "VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7)" AREA_CONFLICT, AREA_PRUNE) == 0 ? 0 : -1;
}

static int
encounter_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct stats_encounter *e = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&e->id), db_as_int(&e->region_id),
	    db_as_str(&e->municipality), db_as_int(&e->point_id),
	    db_as_int(&e->hour)));
	e->day = (int32_t)db_col_int64(st, 5);
	e->month = (int32_t)db_col_int64(st, 6);
	e->form = db_col_dup(st, a, 7);
	e->duration = (enum encounter_duration)encounter_duration_parse(
	    db_col_text(st, 8));
	e->age = (enum encounter_age)encounter_age_parse(db_col_text(st, 9));
	e->language = db_col_dup(st, a, 10);
	e->outcome = (enum encounter_outcome)encounter_outcome_parse(
	    db_col_text(st, 11));
	db_cols(st, NULL, 12, DB_COLS(db_as_int(&e->people),
	    db_as_int(&e->recorded_by), db_as_int(&e->recorded_at)));
	if ((int)e->duration < 0 || (int)e->age < 0 || (int)e->outcome < 0)
		return -1;
	return 0;
}

int
stats_store_last(struct db *db, struct arena *a, int64_t account,
    int64_t since, struct stats_encounter *out)
{
	const char **topics;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	/* The account's latest (one step back along encounter_recorder,
	 * however many it logged in the window), if it is recent enough:
	 * encounters are logged in the order of their time. */
	rc = db_row(db, a, "SELECT id, region_id, municipality_code, "
	    "point_id, hour, day, month, form, duration, age, language, "
	    "outcome, people, coalesce(recorded_by, 0), recorded_at FROM "
	    "encounter WHERE recorded_by = ?1 ORDER BY id DESC LIMIT 1",
	    DB_ARGS(db_int(account)), encounter_row, out);
	if (rc != 0)
		return rc;
	if (out->recorded_at < since) {
		memset(out, 0, sizeof(*out));
		return DB_MISSING;
	}
	if ((topics = db_strs(db, a, "SELECT topic FROM encounter_topic "
	    "WHERE encounter_id = ?1 ORDER BY topic", DB_ARGS(db_int(out->id)),
	    &n)) == NULL)
		return -1;
	out->topics = topics;
	out->ntopics = n;
	return 0;
}

int
stats_store_remove(struct db *db, const struct stats_encounter *e)
{
	struct arena a;
	struct stats_sums *sums;
	int64_t gone = 0;
	int rc = -1;

	arena_init(&a);
	sums = sums_new(&a);
	sums_add(sums, e, -1);
	if (sums_flush(db, sums) != 0 ||
	    db_run(db, "DELETE FROM encounter_topic WHERE encounter_id = ?1",
	    DB_ARGS(db_int(e->id)), NULL) != 0 ||
	    db_run(db, "DELETE FROM encounter WHERE id = ?1",
	    DB_ARGS(db_int(e->id)), &gone) != 0 || gone != 1)
		goto out;
	rc = 0;
out:
	arena_cleanup(&a);
	return rc;
}

struct pair {
	int64_t n, people;
};

static int
pair_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct pair *p = out;

	(void)a;
	db_cols(st, NULL, 0, DB_COLS(db_as_int(&p->n), db_as_int(&p->people)));
	return 0;
}

int
stats_store_point_day(struct db *db, int64_t point, int32_t day,
    int64_t *n, int64_t *people)
{
	struct pair p = { 0, 0 };

	if (db_row(db, NULL, "SELECT coalesce(sum(n), 0), "
	    "coalesce(sum(people), 0) FROM encounter_day_count WHERE "
	    "point_id = ?1 AND day = ?2", DB_ARGS(db_int(point), db_int(day)),
	    pair_row, &p) != 0)
		return -1;
	*n = p.n;
	*people = p.people;
	return 0;
}

static int
count_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct stats_count *c = out;

	db_cols(st, a, 0, DB_COLS(db_as_str(&c->value), db_as_int(&c->n),
	    db_as_int(&c->people)));
	c->month = (int32_t)db_col_int64(st, 3);
	c->municipality = db_col_dup(st, a, 4);
	return 0;
}

/* The PostgreSQL backend binds at most 64 parameters (db/pg.c): a list
 * of points goes in chunks of this many. */
#define POINTS_PER_QUERY 56

static struct stats_count *counts_one(struct db *db, struct arena *a,
    const struct stats_scope *s, const char *dim, int32_t from, int32_t to,
    bool by_month, enum stats_by by, size_t *n);

struct stats_count *
stats_store_counts(struct db *db, struct arena *a,
    const struct stats_scope *s, const char *dim, int32_t from, int32_t to,
    bool by_month, enum stats_by by, size_t *n)
{
	struct stats_scope part = *s;
	struct stats_count *all, *v;
	size_t i, k, m, got, cap;

	if (!s->by_points || s->npoints <= POINTS_PER_QUERY)
		return counts_one(db, a, s, dim, from, to, by_month, by, n);
	/* Many points: each chunk's sums, added up by their key. */
	cap = 0;
	*n = 0;
	all = NULL;
	for (i = 0; i < s->npoints; i += POINTS_PER_QUERY) {
		part.points = s->points + i;
		part.npoints = s->npoints - i < POINTS_PER_QUERY ?
		    s->npoints - i : POINTS_PER_QUERY;
		if ((v = counts_one(db, a, &part, dim, from, to, by_month, by,
		    &got)) == NULL)
			return NULL;
		for (k = 0; k < got; k++) {
			for (m = 0; m < *n; m++)
				if (all[m].month == v[k].month &&
				    strcmp(all[m].value, v[k].value) == 0 &&
				    strcmp(all[m].municipality,
				    v[k].municipality) == 0)
					break;
			if (m < *n) {
				all[m].n += v[k].n;
				all[m].people += v[k].people;
				continue;
			}
			if (*n == cap)
				all = arena_grow(a, all, *n, &cap,
				    sizeof(*all));
			all[(*n)++] = v[k];
		}
	}
	return all != NULL ? all : arena_calloc(a, 1, sizeof(*all));
}

/*
 * The WHERE of a scope on a roll-up that has region_id, municipality_code
 * and point_id, its arguments appended to args from *nargs (room for
 * two, or the points): one shape per scope, each along an index - the
 * region's primary key, the municipality's index, the points' index.
 * NULL when the scope reads nothing.
 */
static const char *
scope_where(struct arena *a, const struct stats_scope *s,
    struct db_arg *args, size_t *nargs)
{
	const char *where;
	struct buf b;
	size_t i;

	if (s->by_points) {
		if (s->npoints == 0)
			return NULL;
		buf_init(&b);
		buf_puts(&b, "point_id IN (");
		for (i = 0; i < s->npoints; i++) {
			buf_printf(&b, "%s?%zu", i ? ", " : "", *nargs + 1);
			args[(*nargs)++] = db_int(s->points[i]);
		}
		buf_puts(&b, ")");
		where = arena_strdup(a, buf_cstr(&b));
		buf_cleanup(&b);
		return where;
	}
	if (s->municipality != NULL) {
		where = arena_printf(a, "municipality_code = ?%zu AND "
		    "(region_id = ?%zu OR ?%zu = 0)", *nargs + 1, *nargs + 2,
		    *nargs + 2);
		args[(*nargs)++] = db_text(s->municipality);
		args[(*nargs)++] = db_int(s->region);
		return where;
	}
	if (s->region > 0) {
		where = arena_printf(a, "region_id = ?%zu", *nargs + 1);
		args[(*nargs)++] = db_int(s->region);
		return where;
	}
	return NULL;
}

static struct stats_count *
counts_one(struct db *db, struct arena *a, const struct stats_scope *s,
    const char *dim, int32_t from, int32_t to, bool by_month,
    enum stats_by by, size_t *n)
{
	static const char *const place_col[] = { "''", "municipality_code",
	    "CAST(point_id AS TEXT)" };
	const char *where, *group;
	struct db_arg *args;
	size_t nargs = 0;

	*n = 0;
	args = arena_calloc(a, 5 + s->npoints, sizeof(*args));
	args[nargs++] = db_text(dim);
	args[nargs++] = db_int(from);
	args[nargs++] = db_int(to);
	if ((where = scope_where(a, s, args, &nargs)) == NULL)
		return arena_calloc(a, 1, sizeof(struct stats_count));
	group = arena_printf(a, "%s%s", by_month ? ", month" : "",
	    by != STATS_BY_NONE ? arena_printf(a, ", %s", place_col[by]) : "");
	/* A region or a municipality: the roll-up by municipality, several
	 * times smaller than the one by point, unless asked by point. */
	return db_rows(db, a, arena_printf(a, "SELECT value, sum(n), "
	    "sum(people), %s, %s FROM %s WHERE %s AND dim = ?1 AND "
	    "month >= ?2 AND month <= ?3 GROUP BY value%s ORDER BY value%s",
	    by_month ? "month" : "-1", place_col[by], s->by_points ||
	    by == STATS_BY_POINT ? "encounter_month_count" :
	    "encounter_municipality_month_count", where, group, group), args,
	    nargs, count_row, sizeof(struct stats_count), n);
}

static int
day_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct stats_day *d = out;

	(void)a;
	d->day = (int32_t)db_col_int64(st, 0);
	d->n = db_col_int64(st, 1);
	d->people = db_col_int64(st, 2);
	return 0;
}

struct stats_day *
stats_store_days(struct db *db, struct arena *a, const struct stats_scope *s,
    int32_t from, int32_t to, size_t *n)
{
	struct stats_scope part = *s;
	struct stats_day *all, *v;
	struct db_arg *args;
	const char *where;
	size_t i, k, got, nargs;

	*n = 0;
	if (to < from)
		return arena_calloc(a, 1, sizeof(*all));
	/* Each day's sum, added up over the chunks of many points. */
	all = arena_calloc(a, (size_t)(to - from + 1), sizeof(*all));
	for (i = 0; i == 0 || (s->by_points && i < s->npoints);
	    i += POINTS_PER_QUERY) {
		if (s->by_points) {
			part.points = s->points + i;
			part.npoints = s->npoints - i < POINTS_PER_QUERY ?
			    s->npoints - i : POINTS_PER_QUERY;
		}
		args = arena_calloc(a, 4 + part.npoints, sizeof(*args));
		nargs = 0;
		args[nargs++] = db_int(from);
		args[nargs++] = db_int(to);
		if ((where = scope_where(a, &part, args, &nargs)) == NULL)
			break;
		/* A region or a municipality: the roll-up by municipality,
		 * a row a day and municipality rather than per point and
		 * form. */
		if ((v = db_rows(db, a, arena_printf(a, "SELECT day, sum(n), "
		    "sum(people) FROM %s WHERE %s AND day >= ?1 AND day <= ?2 "
		    "GROUP BY day ORDER BY day", s->by_points ?
		    "encounter_day_count" : "encounter_municipality_day_count",
		    where), args, nargs, day_row, sizeof(*v), &got)) == NULL)
			return NULL;
		for (k = 0; k < got; k++) {
			all[v[k].day - from].day = v[k].day;
			all[v[k].day - from].n += v[k].n;
			all[v[k].day - from].people += v[k].people;
		}
	}
	for (i = 0, k = 0; i < (size_t)(to - from + 1); i++)
		if (all[i].n != 0)
			all[k++] = all[i];
	*n = k;
	return all;
}

static int
leaf_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct stats_leaf *l = out;

	db_cols(st, a, 0, DB_COLS(db_as_str(&l->municipality),
	    db_as_int(&l->point), db_as_str(&l->value)));
	l->month = (int32_t)db_col_int64(st, 3);
	l->n = db_col_int64(st, 4);
	return 0;
}

struct stats_leaf *
stats_store_leaves(struct db *db, struct arena *a, int64_t region,
    const char *dim, int32_t from, int32_t to, size_t *n)
{
	return db_rows(db, a, "SELECT municipality_code, point_id, value, "
	    "month, n FROM encounter_month_count WHERE region_id = ?1 AND "
	    "dim = ?2 AND month >= ?3 AND month <= ?4 ORDER BY "
	    "municipality_code, point_id, value, month", DB_ARGS(db_int(region),
	    db_text(dim), db_int(from), db_int(to)), leaf_row,
	    sizeof(struct stats_leaf), n);
}

/* --- the batch path (demo, imports) --- */

static int
id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The encounter's columns as packed rows (source is ?2; a recorder 0
 * is none). */
static const struct pack_col encounter_cols[] = { { 12, PACK_NUM },
    { 3, PACK_TEXT }, { 12, PACK_NUM }, { 12, PACK_NUM }, { 8, PACK_NUM },
    { 8, PACK_NUM }, { 24, PACK_TEXT }, { 12, PACK_TEXT }, { 12, PACK_TEXT },
    { 8, PACK_TEXT }, { 12, PACK_TEXT }, { 8, PACK_NUM }, { 12, PACK_NUM },
    { 12, PACK_NUM0 } };

/* One packed row of e. */
static int
pack_encounter(struct buf *b, const struct stats_encounter *e)
{
	const struct pack_col *c = encounter_cols;

	/* recorded_at: when it was logged, or for a batch without a
	 * recorder (nothing to undo) its time, or the hour itself. */
	return pack_int(b, e->region_id, c[0].width) != 0 ||
	    pack_text(b, e->municipality, c[1].width) != 0 ||
	    pack_int(b, e->point_id, c[2].width) != 0 ||
	    pack_int(b, e->hour, c[3].width) != 0 ||
	    pack_int(b, e->day, c[4].width) != 0 ||
	    pack_int(b, e->month, c[5].width) != 0 ||
	    pack_text(b, e->form, c[6].width) != 0 ||
	    pack_text(b, encounter_duration_key(e->duration),
	    c[7].width) != 0 ||
	    pack_text(b, encounter_age_key(e->age), c[8].width) != 0 ||
	    pack_text(b, e->language, c[9].width) != 0 ||
	    pack_text(b, encounter_outcome_key(e->outcome), c[10].width) != 0 ||
	    pack_int(b, e->people, c[11].width) != 0 ||
	    pack_int(b, e->recorded_at ? e->recorded_at : e->hour,
	    c[12].width) != 0 ||
	    pack_int(b, e->recorded_by, c[13].width) != 0 ? -1 : 0;
}

/* Encounters e[0..n) (n <= PACK_ROWS) in one INSERT: their ids in
 * order. */
static int
batch_insert(struct db *db, struct arena *a, const struct stats_encounter *e,
    size_t n, const char *source, int64_t *ids)
{
	const char *sql = arena_printf(a, "INSERT INTO encounter (region_id, "
	    "municipality_code, point_id, hour, day, month, form, duration, "
	    "age, language, outcome, people, recorded_at, recorded_by, "
	    "source) %s "
	    "RETURNING id", pack_select(a, encounter_cols,
	    sizeof(encounter_cols) / sizeof(encounter_cols[0]), ", ?2"));
	struct buf b;
	size_t i, got;
	int64_t *v = NULL;
	int rc = -1;

	buf_init(&b);
	for (i = 0; i < n; i++)
		if (pack_encounter(&b, &e[i]) != 0)
			goto out;
	v = db_ints(db, a, sql, DB_ARGS(db_text(buf_cstr(&b)),
	    db_text(source)), &got);
	if (v == NULL || got != n)
		goto out;
	/* One writer at a time holds the lock: the ids are the rows in
	 * their order. */
	qsort(v, n, sizeof(*v), id_cmp);
	memcpy(ids, v, n * sizeof(*ids));
	rc = 0;
out:
	buf_cleanup(&b);
	return rc;
}

/* The topics of e[0..n) with their encounters' ids, packed. */
static int
batch_topics(struct db *db, struct arena *a, const int64_t *ids,
    const struct stats_encounter *e, size_t n)
{
	static const struct pack_col cols[] = { { 12, PACK_NUM },
	    { 24, PACK_TEXT } };
	struct pack p = { .sql = arena_printf(a, "INSERT INTO encounter_topic "
	    "(encounter_id, topic) %s", pack_select(a, cols, 2, "")) };
	size_t i, t;
	int rc = -1;

	buf_init(&p.b);
	for (i = 0; i < n; i++)
		for (t = 0; t < e[i].ntopics; t++)
			if (pack_int(&p.b, ids[i], cols[0].width) != 0 ||
			    pack_text(&p.b, e[i].topics[t],
			    cols[1].width) != 0 || pack_next(db, &p) != 0)
				goto out;
	rc = pack_flush(db, &p);
out:
	buf_cleanup(&p.b);
	return rc;
}

/* Encounters e[0..n) with their topics and roll-ups: their ids into
 * ids (n of them, in order).  0 or -1. */
static int
add_batch(struct db *db, struct arena *a, const struct stats_encounter *e,
    size_t n, const char *source, int64_t *ids)
{
	struct stats_sums *sums = sums_new(a);
	size_t i, m;

	for (i = 0; i < n; i += PACK_ROWS) {
		m = n - i < PACK_ROWS ? n - i : PACK_ROWS;
		if (batch_insert(db, a, e + i, m, source, ids + i) != 0)
			return -1;
	}
	if (batch_topics(db, a, ids, e, n) != 0)
		return -1;
	for (i = 0; i < n; i++)
		sums_add(sums, &e[i], 1);
	return sums_flush(db, sums);
}

int
stats_store_add_batch(struct db *db, struct arena *a,
    const struct stats_encounter *e, size_t n, const char *source)
{
	return add_batch(db, a, e, n, source, arena_calloc(a, n + 1,
	    sizeof(int64_t)));
}

int
stats_store_log(struct db *db, struct arena *a, struct stats_encounter *e,
    size_t n, int64_t now, int64_t *ids)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		e[i].hour = encounter_hour(e[i].hour);
		e[i].day = encounter_day(e[i].hour);
		e[i].month = encounter_month(e[i].day);
	}
	if (add_batch(db, a, e, n, "log", ids) != 0)
		return -1;
	/* The recorders' earlier encounters are past undoing: forget who
	 * logged them, once for each recorder (along encounter_recorder_at,
	 * which holds only the few past the window not yet forgotten). */
	for (i = 0; i < n; i++) {
		for (k = 0; k < i && e[k].recorded_by != e[i].recorded_by; k++)
			;
		if (k < i || e[i].recorded_by == 0)
			continue;
		if (db_run(db, "UPDATE encounter SET recorded_by = NULL WHERE "
		    "recorded_by = ?1 AND recorded_at < ?2",
		    DB_ARGS(db_int(e[i].recorded_by),
		    db_int(now - STATS_UNDO_SECONDS)), NULL) != 0)
			return -1;
	}
	return 0;
}

/*
 * attack.c - bounds of hidden cells by linear programming (GLPK).
 *
 * One column per cell of the cube, one row per published relation
 * (node - sum of children = 0).  The problem is built once; each hidden
 * cell then gets its objective and two warm-started simplex runs, which is
 * what keeps hundreds of random tables within a few seconds.
 */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attack.h"

/* Growing arrays of the constraint matrix (GLPK counts from 1). */
struct attack_matrix {
	int *ia, *ja;
	double *ar;
	size_t n, cap;
};

static void
attack_entry(struct attack_matrix *m, int row, int col, double v)
{
	if (m->n + 1 >= m->cap) {
		m->cap = m->cap ? m->cap * 2 : 1024;
		m->ia = realloc(m->ia, m->cap * sizeof(int));
		m->ja = realloc(m->ja, m->cap * sizeof(int));
		m->ar = realloc(m->ar, m->cap * sizeof(double));
		if (m->ia == NULL || m->ja == NULL || m->ar == NULL)
			abort();
	}
	m->n++;
	m->ia[m->n] = row;
	m->ja[m->n] = col;
	m->ar[m->n] = v;
}

/*
 * The relations of the cube as rows of lp.  On the way, marks in may_zero
 * each "< 5" cell under a "< 5" total: the page shows zeros there as
 * "< 5" too, so such a cell may be 0 as far as the attacker can tell.
 */
static void
attack_relations(glp_prob *lp, const struct disclosure_table *t,
    struct attack_matrix *m, char *may_zero, int add)
{
	size_t d, n, s, outer, o, in, base;
	int32_t p, c;
	int row;

	for (d = 0; d < t->ndims; d++) {
		n = t->nnodes[d];
		s = t->stride[d];
		outer = t->ncells / (n * s);
		for (p = 0; p < (int32_t)n; p++) {
			if (t->first_child[d][p] < 0)
				continue;
			for (o = 0; o < outer; o++)
				for (in = 0; in < s; in++) {
					base = o * n * s + in;
					if (add) {
						row = glp_add_rows(lp, 1);
						glp_set_row_bnds(lp, row, GLP_FX,
						    0, 0);
						attack_entry(m, row, (int)(base +
						    (size_t)p * s) + 1, 1);
					}
					for (c = t->first_child[d][p]; c >= 0;
					    c = t->next_sibling[d][c]) {
						if (add)
							attack_entry(m, row,
							    (int)(base +
							    (size_t)c * s) + 1,
							    -1);
						if (t->cells[base + (size_t)p *
						    s].state == DISCLOSURE_PRIMARY)
							may_zero[base +
							    (size_t)c * s] = 1;
					}
				}
		}
	}
}

/* Have two tables the same hierarchies? */
static int
attack_same_shape(const struct disclosure_table *a,
    const struct disclosure_table *b)
{
	size_t d;

	if (a->ndims != b->ndims)
		return 0;
	for (d = 0; d < a->ndims; d++)
		if (a->nnodes[d] != b->nnodes[d] || memcmp(a->parent[d],
		    b->parent[d], a->nnodes[d] * sizeof(int32_t)) != 0)
			return 0;
	return 1;
}

/*
 * What the published marks of one release say of each cell, narrowed
 * into lo..hi (hi INT64_MAX for none).  A "< 5" cell may be 0 only where
 * this release says so and the module agrees (`lo` of a cell fixed by an
 * earlier release keeps what that one said): the stronger attacker.
 */
static void
attack_marks(const struct disclosure_table *t, const unsigned char *published,
    const char *may_zero, int64_t *lo, int64_t *hi)
{
	const struct disclosure_cell *c;
	int64_t l, h;
	size_t i;

	for (i = 0; i < t->ncells; i++) {
		c = &t->cells[i];
		if (published != NULL && !published[i])
			continue;
		switch (c->state) {
		case DISCLOSURE_SHOWN:
			l = h = c->value;
			break;
		case DISCLOSURE_PRIMARY:
			l = may_zero[i] && c->lo == 0 ? 0 : 1;
			h = DISCLOSURE_THRESHOLD - 1;
			break;
		default:
			l = DISCLOSURE_THRESHOLD;
			h = INT64_MAX;
			break;
		}
		if (l > lo[i])
			lo[i] = l;
		if (h < hi[i])
			hi[i] = h;
	}
}

static void
attack_columns(glp_prob *lp, size_t ncells, const int64_t *lo,
    const int64_t *hi)
{
	size_t i;

	for (i = 0; i < ncells; i++)
		if (hi[i] == INT64_MAX)
			glp_set_col_bnds(lp, (int)i + 1, GLP_LO, (double)lo[i],
			    0);
		else if (lo[i] == hi[i])
			glp_set_col_bnds(lp, (int)i + 1, GLP_FX, (double)lo[i],
			    (double)lo[i]);
		else
			glp_set_col_bnds(lp, (int)i + 1, GLP_DB, (double)lo[i],
			    (double)hi[i]);
}

/* Optimises column col in direction dir; 0 with *v, 1 unbounded, -1. */
static int
attack_solve(glp_prob *lp, int col, int dir, double *v)
{
	glp_smcp parm;
	int rc, st;

	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	glp_set_obj_dir(lp, dir);
	glp_set_obj_coef(lp, col, 1);
	rc = glp_simplex(lp, &parm);
	if (rc != 0) {
		/* A stale basis can make the warm start fail: start over. */
		glp_adv_basis(lp, 0);
		rc = glp_simplex(lp, &parm);
	}
	glp_set_obj_coef(lp, col, 0);
	if (rc != 0)
		return -1;
	st = glp_get_status(lp);
	if (st == GLP_UNBND)
		return 1;
	if (st != GLP_OPT)
		return -1;
	*v = glp_get_obj_val(lp);
	return 0;
}

/*
 * The attack on the releases t[0..n): one column per cell, the relations
 * of every release, and each cell's bounds from every release that
 * published it.
 */
static int
attack_run(const struct disclosure_table *const *t,
    const unsigned char *const *published, size_t n,
    struct attack_bounds *out, const char *label, int verbose)
{
	const struct disclosure_table *last = t[n - 1];
	struct attack_matrix m = { 0 };
	const struct disclosure_cell *c;
	struct attack_bounds b;
	glp_prob *lp;
	size_t i, k, ncells = last->ncells;
	int64_t *lo, *hi;
	double v;
	int breaches = 0, rc, hidden;
	char *may_zero;

	lo = calloc(ncells, sizeof(*lo));
	hi = calloc(ncells, sizeof(*hi));
	may_zero = calloc(ncells, 1);
	if (lo == NULL || hi == NULL || may_zero == NULL)
		abort();
	for (i = 0; i < ncells; i++)
		hi[i] = INT64_MAX;
	glp_term_out(GLP_OFF);
	lp = glp_create_prob();
	glp_add_cols(lp, (int)ncells);
	for (k = 0; k < n; k++) {
		memset(may_zero, 0, ncells);
		/* A release with the hierarchies of the one before has its
		 * relations too: rows once are enough. */
		attack_relations(lp, t[k], &m, may_zero, k == 0 ||
		    !attack_same_shape(t[k - 1], t[k]));
		attack_marks(t[k], published != NULL ? published[k] : NULL,
		    may_zero, lo, hi);
	}
	attack_columns(lp, ncells, lo, hi);
	free(may_zero);
	if (m.n > 0)
		glp_load_matrix(lp, (int)m.n, m.ia, m.ja, m.ar);
	glp_adv_basis(lp, 0);
	for (i = 0; i < ncells; i++) {
		/* The cell as the last release that published it has it (a
		 * node a later release leaves empty is still what it was). */
		c = &last->cells[i];
		for (k = n; published != NULL && k-- > 0;)
			if (published[k][i]) {
				c = &t[k]->cells[i];
				break;
			}
		b.lo = b.hi = c->value;
		/* Hidden in some release and shown in none. */
		hidden = 0;
		for (k = 0; k < n; k++)
			if (published == NULL || published[k][i])
				hidden = t[k]->cells[i].state !=
				    DISCLOSURE_SHOWN ? hidden | 1 : hidden | 2;
		if (hidden == 1) {
			if (attack_solve(lp, (int)i + 1, GLP_MIN, &v) != 0)
				goto fail;
			b.lo = (int64_t)ceil(v - 1e-6);
			rc = attack_solve(lp, (int)i + 1, GLP_MAX, &v);
			if (rc < 0)
				goto fail;
			b.hi = rc == 1 ? ATTACK_UNBOUNDED :
			    (int64_t)floor(v + 1e-6);
			if (b.lo > c->value || b.hi < c->value) {
				fprintf(stderr, "%s: cell %zu = %lld outside "
				    "its bounds %lld..%lld\n", label, i,
				    (long long)c->value, (long long)b.lo,
				    (long long)b.hi);
				goto fail;
			}
			if (b.lo == b.hi || (c->value > 0 && c->value <
			    DISCLOSURE_THRESHOLD && b.hi - b.lo <
			    DISCLOSURE_MARGIN)) {
				breaches++;
				if (verbose)
					fprintf(stderr, "%s: %s cell %zu = %lld "
					    "is %lld..%lld to an attacker\n",
					    label, disclosure_state_name(
					    c->state), i, (long long)c->value,
					    (long long)b.lo, (long long)b.hi);
			}
		} else if (hidden == 3 && c->value > 0 && c->value <
		    DISCLOSURE_THRESHOLD) {
			/* A small count hidden once and shown later. */
			breaches++;
			if (verbose)
				fprintf(stderr, "%s: cell %zu = %lld is hidden "
				    "in one release and shown in another\n",
				    label, i, (long long)c->value);
		}
		if (out != NULL)
			out[i] = b;
	}
	rc = breaches;
	goto done;
fail:
	rc = -1;
done:
	glp_delete_prob(lp);
	free(m.ia);
	free(m.ja);
	free(m.ar);
	free(lo);
	free(hi);
	return rc;
}

int
attack_table(const struct disclosure_table *t, struct attack_bounds *out,
    const char *label, int verbose)
{
	return attack_run(&t, NULL, 1, out, label, verbose);
}

int
attack_releases(const struct disclosure_table *const *t,
    const unsigned char *const *published, size_t n, const char *label,
    int verbose)
{
	return attack_run(t, published, n, NULL, label, verbose);
}

/* --- a year published quarter by quarter --- */

/*
 * The periods of the year's releases: the year so far after quarter k
 * (nodes 0..3, each its own quantity, so that the releases' sums share
 * no node that means two things), the quarters (4..7) and the months
 * (8..19).
 */
#define YEAR_NODES 20
#define SO_FAR(k)	(k)
#define QUARTER(k)	(4 + (k))
#define MONTH(m)	(8 + (m))

/* The quarter (0..3) of period node, or -1 for one of the year so far. */
static int
node_quarter(size_t node)
{
	return node < QUARTER(0) ? -1 : node < MONTH(0) ?
	    (int)(node - QUARTER(0)) : (int)(node - MONTH(0)) / 3;
}

/*
 * The cube of places x cols x the periods, its months from `first` to
 * before `end` filled from count[(place * ncols + col) * 12 + month] at
 * the leaves; the quarters begun under the year so far after the last of
 * them when `so_far`, else every quarter a root.
 */
static void
year_cube(struct disclosure_table *t, struct arena *a,
    const struct disclosure_dim *places, const struct disclosure_dim *cols,
    const int64_t *count, int first, int end, int so_far)
{
	int32_t periods[YEAR_NODES];
	struct disclosure_dim dims[3];
	size_t i, nodes[3];
	int k;

	for (k = 0; k < 4; k++) {
		periods[SO_FAR(k)] = -1;
		periods[QUARTER(k)] = so_far && k * 3 < end ?
		    SO_FAR((end - 1) / 3) : -1;
	}
	for (k = 0; k < 12; k++)
		periods[MONTH(k)] = QUARTER(k / 3);
	dims[0] = *places;
	dims[1] = *cols;
	dims[2] = (struct disclosure_dim){ YEAR_NODES, periods };
	if (disclosure_init(t, a, 3, dims) != 0)
		abort();
	for (i = 0; i < t->ncells; i++) {
		disclosure_nodes(t, i, nodes);
		if (disclosure_is_leaf(t, i) &&
		    nodes[2] >= (size_t)MONTH(first) &&
		    nodes[2] < (size_t)MONTH(end) &&
		    disclosure_set(t, nodes, count[(nodes[0] * cols->nnodes +
		    nodes[1]) * 12 + nodes[2] - MONTH(0)]) != 0)
			abort();
	}
	disclosure_sum(t);
}

int
attack_year_releases(const struct disclosure_dim *places,
    const struct disclosure_dim *cols, const int64_t *count, int ytd,
    unsigned *failed, unsigned *hidden, const char *label, int verbose)
{
	struct disclosure_table t[4], quarter;
	const struct disclosure_table *pub[4];
	const unsigned char *mask[4];
	unsigned char *m;
	struct arena a;
	size_t n = 0, i, nodes[3];
	int q, k, ok[4] = { 0 }, rc;

	/* The masks live in the arena with the tables. */

	arena_init(&a);
	for (q = 1; q <= 4; q++) {
		year_cube(&t[q - 1], &a, places, cols, count, 0, q * 3, ytd);
		if (ytd) {
			if (disclosure_protect(&t[q - 1], &a) != 0) {
				(*failed)++;
				continue;
			}
			*hidden += (unsigned)(t[q - 1].nprimary +
			    t[q - 1].nsecondary);
		} else {
			/* The new quarter alone, then its marks into the
			 * release beside the quarters before. */
			year_cube(&quarter, &a, places, cols, count, q * 3 - 3,
			    q * 3, 0);
			ok[q - 1] = disclosure_protect(&quarter, &a) == 0;
			if (!ok[q - 1])
				(*failed)++;
			else
				*hidden += (unsigned)(quarter.nprimary +
				    quarter.nsecondary);
			for (i = 0; i < t[q - 1].ncells; i++) {
				const struct disclosure_cell *from;

				disclosure_nodes(&t[q - 1], i, nodes);
				k = node_quarter(nodes[2]);
				if (k < 0 || k >= q)
					continue;
				from = k == q - 1 ? &quarter.cells[i] :
				    &pub[n - 1]->cells[i];
				t[q - 1].cells[i].state = from->state;
				t[q - 1].cells[i].lo = from->lo;
			}
		}
		m = arena_calloc(&a, t[q - 1].ncells, 1);
		for (i = 0; i < t[q - 1].ncells; i++) {
			disclosure_nodes(&t[q - 1], i, nodes);
			k = node_quarter(nodes[2]);
			m[i] = (unsigned char)(ytd ? nodes[2] == (size_t)
			    SO_FAR(q - 1) || (k >= 0 && k < q) : k >= 0 &&
			    k < q && ok[k]);
		}
		pub[n] = &t[q - 1];
		mask[n++] = m;
	}
	rc = n == 0 ? 0 : attack_releases(pub, mask, n, label, verbose);
	arena_cleanup(&a);
	return rc;
}

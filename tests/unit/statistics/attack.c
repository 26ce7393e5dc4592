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
    struct attack_matrix *m, char *may_zero)
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
					row = glp_add_rows(lp, 1);
					glp_set_row_bnds(lp, row, GLP_FX, 0, 0);
					attack_entry(m, row, (int)(base +
					    (size_t)p * s) + 1, 1);
					for (c = t->first_child[d][p]; c >= 0;
					    c = t->next_sibling[d][c]) {
						attack_entry(m, row, (int)(base +
						    (size_t)c * s) + 1, -1);
						if (t->cells[base + (size_t)p *
						    s].state == DISCLOSURE_PRIMARY)
							may_zero[base +
							    (size_t)c * s] = 1;
					}
				}
		}
	}
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
 * The attack on the releases t[0..n): one column per cell (the values of
 * the last release, which holds every published cell), the relations of
 * every release, and each cell's bounds from every release that
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
		attack_relations(lp, t[k], &m, may_zero);
		attack_marks(t[k], published != NULL ? published[k] : NULL,
		    may_zero, lo, hi);
	}
	attack_columns(lp, ncells, lo, hi);
	free(may_zero);
	if (m.n > 0)
		glp_load_matrix(lp, (int)m.n, m.ia, m.ja, m.ar);
	glp_adv_basis(lp, 0);
	for (i = 0; i < ncells; i++) {
		c = &last->cells[i];
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

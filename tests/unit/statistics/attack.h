/*
 * attack.h - the attacker of the disclosure tests: what can be learnt of
 * each hidden cell from everything a protected table publishes.
 *
 * The published table is a system of linear equations (every node's cell
 * is the sum of its children's, in each dimension) with the shown cells
 * fixed, "< 5" cells in 1..4, cells hidden for another mark at least 5
 * and every cell non-negative.  For each hidden cell GLPK's simplex finds
 * the smallest and the largest value it can take; rounded inward to
 * integers (counts are whole), that is the tightest interval any attacker
 * gets from the figures alone.
 */
#ifndef TV_TEST_ATTACK_H
#define TV_TEST_ATTACK_H

#include <stddef.h>
#include <stdint.h>

#include "statistics/disclosure.h"

#define ATTACK_UNBOUNDED INT64_MAX

/* What the attack learnt of one hidden cell. */
struct attack_bounds {
	int64_t lo, hi;		/* hi ATTACK_UNBOUNDED when there is no limit */
};

/*
 * Attacks every hidden cell of t and counts the breaches: a hidden cell
 * whose bounds meet (its value is found), or a "< 5" cell of 1..4 whose
 * bounds are narrower than DISCLOSURE_MARGIN (a zero shown as "< 5" needs
 * only not to be found).  Each breach is printed with
 * `label` when verbose.  out (may be NULL) receives the bounds per cell
 * (shown cells get their value).  -1 when the LP solver fails or a bound
 * excludes the true value (a broken model, not a breach).
 */
int attack_table(const struct disclosure_table *t, struct attack_bounds *out,
    const char *label, int verbose);

/*
 * The same attack on a series of releases of one growing cube: t[k] is
 * release k, published[k][cell] says whether that release published the
 * cell (a quarter not yet ended is in the cube but not on the page).  All
 * have the same dimensions, and a cell is the same quantity in every
 * release that publishes it.  The attacker has
 * the relations of every release and the marks of each, so a cell hidden
 * in one release and shown in another is found at once.  Breaches, or -1.
 */
int attack_releases(const struct disclosure_table *const *t,
    const unsigned char *const *published, size_t n, const char *label,
    int verbose);

/*
 * A year of counts (count[(place * ncols + col) * 12 + month] at the leaf
 * nodes of places and cols) published a quarter at a time, every release
 * attacked with all before it; the breaches, or -1.  With `ytd` each
 * release is the year so far (year -> quarters begun -> months) protected
 * afresh - the public page's old way; else each quarter is a table of its
 * own, protected once, and a release is the quarters so far side by side
 * (public.c; the page's longer periods are sums of shown quarter figures,
 * implied by them, so not attacked).  *failed counts the releases (or
 * quarters) that could not be protected and are not published, *hidden
 * the hidden cells attacked.
 */
int attack_year_releases(const struct disclosure_dim *places,
    const struct disclosure_dim *cols, const int64_t *count, int ytd,
    unsigned *failed, unsigned *hidden, const char *label, int verbose);

#endif

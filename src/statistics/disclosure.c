/*
 * disclosure.c - primary and secondary suppression of a cube of counts.
 *
 * Why zeros are shown, and the one place where they are not.  A zero says
 * that nothing happened - nobody was helped in Swedish at a point this
 * month - and that absence is often the most useful figure on the page.
 * It singles out no one: encounters are stored without persons.  Hiding
 * zeros as partners would not protect anything either: an attacker's
 * bounds start at zero anyway, so a hidden zero gives a small cell no room
 * to go down.  But a zero does reveal something next to small counts: a
 * municipality's "< 5" made of three service points' "< 5" and zeros
 * elsewhere tells that each of the three is at least 1, so each is 1 or
 * 2, and with a total of 3 each is exactly 1 - from the marks alone, with
 * no number published, so no secondary suppression can repair it.  So a
 * zero whose total in any dimension is "< 5" is shown as "< 5" too (and
 * so on down: its own zero children follow).  The attacker can see where
 * that rule applies, so a "< 5" cell under a "< 5" total may be 0 to him
 * and any other "< 5" cell is 1..4 (the field `lo`).  The risk that
 * remains is group disclosure (all five encounters of some group had the
 * same topic, so the others are zero); the threshold does not address it,
 * and with anonymous encounters it is accepted.
 *
 * What the attacker knows.  Every shown cell exactly; that a "< 5" cell
 * is 1..4, or 0..4 under a "< 5" total; that a cell hidden for another
 * mark is not 0 and not 1..4, so at least 5 (the page marks the two
 * differently, and we assume the worst: an attacker who reads the marks);
 * that every cell is the sum of its children in each dimension.  The attack test (tests/unit/statistics/
 * test_attack.c) solves exactly this system by linear programming for
 * every hidden cell.
 *
 * Why the classic rule is not enough.  "Every hidden cell has another
 * hidden cell in each of its rows, columns and hierarchy groups" stops the
 * plain subtraction of one row, but not everything:
 *
 *   - two cells of 4 alone in a row whose total 8 is shown are both
 *     hidden, the rule holds, and both are 4 (the bounds pin them);
 *   - a cell of 1 whose only partner is a hidden 5 in a row of total 6:
 *     the partner is at least 5, so the cell is at most 1 - found;
 *   - hidden cells that form two closed groups joined by one cell: the
 *     joining cell is a linear combination of the shown sums.
 *
 * So this file does not count hidden cells per relation.  It protects
 * every primary cell with a pattern and checks the pattern's room to move.
 *
 * Patterns.  A pattern is a vector v of -1, 0 and +1 over the cells such
 * that every published sum stays the same when the cells change by t*v,
 * and every cell with v != 0 is hidden.  Then x + t*v is a table the
 * attacker cannot tell from the true one, for every t that keeps each of
 * those cells within what the attacker knows of it (1..4, or >= 5).  In a
 * cube of hierarchies such vectors are easy to build: in one dimension, a
 * move u is +1 on a leaf and all its ancestors up to a root, or +1 on that
 * path and -1 on the path of another leaf, each up to just below their
 * common ancestor (the sums of every node then balance), and the product
 * v(a, b, c) = u0(a) * u1(b) * u2(c) of one move per dimension balances
 * every sum of the cube.  The 2x2 rectangle of textbooks is the product of
 * two "leaf and sibling" moves; a cell with its row total is "leaf to
 * root" in the column dimension.  (This is the hypercube method of
 * Repsilber's GHMITER, generalised to hierarchies.)
 *
 * The search.  Primary cells are taken largest first (a 4 needs partners
 * with room to go down, the hardest case).  A cell already moved far
 * enough by earlier patterns (reach_down + reach_up >= DISCLOSURE_MARGIN;
 * a pattern proves the attacker cannot rule those values out) needs
 * nothing.  Otherwise, per dimension, the candidate moves are: one or two
 * leaves below the cell's node (following the smallest and the largest
 * child), each alone up to the root, or with a partner leaf below one of
 * up to sixteen siblings that can move (the smallest and the largest in
 * turn) of the node or of one of its ancestors.  Every product of moves is
 * scored: a pattern through a zero cell is impossible; its room t_min..
 * t_max follows from the bounds above; it must move the cell by at least
 * one and, together with what earlier patterns gave, by the margin.  The
 * cheapest wins - the sum of the counts it newly hides ("prefer the
 * smallest counts"), then the fewest new cells - and its cells are hidden
 * as secondary with the primary they protect on record.
 *
 * Why no "iterate until stable".  Each pattern balances every sum of the
 * whole cube - rows, columns, hierarchy subtotals and linked periods - at
 * once, and hiding more cells never shrinks an attacker's uncertainty, so
 * a pattern found stays valid whatever is hidden after it.  One pass over
 * the primary cells is final; the secondary cells need no pass of their
 * own because each lies in a pattern that moves it by at least one.
 *
 * Limits.  The search is a heuristic: it sees few of all possible
 * patterns, so it can hide more than an optimal (linear-programming)
 * method would, though never less than needed, because every claim it
 * makes is a concrete table the attacker cannot exclude.  When no
 * candidate protects a cell the cube is withheld (disclosure_protect()
 * returns 1).  Hiding everything would not do: the marks alone ("< 5",
 * hidden so at least 5) and the sums between hidden cells can pin a small
 * cell to 3..4 - the attack test found such tables.  How often: on the
 * test's random tables, which are far denser in small counts than a
 * region's real figures (a third of the cells 1..4), 7 in 100 are
 * withheld at a margin of 2 and 2 in 100 at a margin of 1; the margin of 2
 * was kept, since "3 or 4" says much more than "< 5".  It guards against recomputation from
 * the published sums of this cube, not against the linking of tables
 * outside it (publish weeks and months only if one is made from the
 * other), nor against group disclosure through zeros (above).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "statistics/disclosure.h"

#define CELLS_MAX ((size_t)1 << 24)
#define LEAVES_PER_DIM 2	/* leaves tried below an inner node */
#define PARTNERS_PER_LEVEL 16	/* partners tried per leaf and level: a
				 * region has 26 municipalities, and the
				 * middle ones are often the partners */
#define MOVES_MAX (LEAVES_PER_DIM * (1 + PARTNERS_PER_LEVEL * \
    DISCLOSURE_DEPTH_MAX))
#define MOVE_NODES (2 * (DISCLOSURE_DEPTH_MAX + 1))

/* One dimension's part of a pattern: nodes with their signs. */
struct disclosure_move {
	size_t n;
	int32_t node[MOVE_NODES];
	int sign[MOVE_NODES];
};

/* A scored candidate pattern. */
struct disclosure_score {
	int64_t cost;		/* counts newly hidden */
	size_t fresh;		/* cells newly hidden */
	int64_t t_min, t_max;	/* the room of t */
	int64_t up, down;	/* how far it moves the protected cell */
};

int
disclosure_init(struct disclosure_table *t, struct arena *a, size_t ndims,
    const struct disclosure_dim *dims)
{
	size_t d, i, n, cells = 1, depth;
	int32_t p, q;

	memset(t, 0, sizeof(*t));
	if (ndims == 0 || ndims > DISCLOSURE_DIMS_MAX)
		return -1;
	for (d = 0; d < ndims; d++) {
		n = dims[d].nnodes;
		if (n == 0 || n > CELLS_MAX || cells > CELLS_MAX / n)
			return -1;
		cells *= n;
		for (i = 0; i < n; i++) {
			if (dims[d].parent[i] >= (int32_t)i ||
			    dims[d].parent[i] < -1)
				return -1;
			depth = 0;
			for (p = (int32_t)i; p >= 0; p = dims[d].parent[p])
				depth++;
			if (depth > DISCLOSURE_DEPTH_MAX)
				return -1;
		}
	}
	t->ndims = ndims;
	t->ncells = cells;
	for (d = ndims; d-- > 0;) {
		n = dims[d].nnodes;
		t->nnodes[d] = n;
		t->stride[d] = d + 1 == ndims ? 1 : t->stride[d + 1] *
		    t->nnodes[d + 1];
		t->parent[d] = arena_calloc(a, n, sizeof(int32_t));
		t->first_child[d] = arena_calloc(a, n, sizeof(int32_t));
		t->next_sibling[d] = arena_calloc(a, n, sizeof(int32_t));
		memcpy(t->parent[d], dims[d].parent, n * sizeof(int32_t));
		for (i = 0; i < n; i++)
			t->first_child[d][i] = t->next_sibling[d][i] = -1;
		/* Children in the order given: link from the back. */
		for (i = n; i-- > 0;) {
			if ((p = t->parent[d][i]) < 0)
				continue;
			q = t->first_child[d][p];
			t->next_sibling[d][i] = q;
			t->first_child[d][p] = (int32_t)i;
		}
	}
	t->cells = arena_calloc(a, cells, sizeof(*t->cells));
	for (i = 0; i < cells; i++) {
		t->cells[i].protects = DISCLOSURE_NONE;
		t->cells[i].via = -1;
	}
	return 0;
}

size_t
disclosure_cell_at(const struct disclosure_table *t, const size_t *nodes)
{
	size_t d, c = 0;

	for (d = 0; d < t->ndims; d++)
		c += nodes[d] * t->stride[d];
	return c;
}

void
disclosure_nodes(const struct disclosure_table *t, size_t cell,
    size_t *nodes)
{
	size_t d;

	for (d = 0; d < t->ndims; d++)
		nodes[d] = cell / t->stride[d] % t->nnodes[d];
}

int
disclosure_is_leaf(const struct disclosure_table *t, size_t cell)
{
	size_t nodes[DISCLOSURE_DIMS_MAX], d;

	disclosure_nodes(t, cell, nodes);
	for (d = 0; d < t->ndims; d++)
		if (t->first_child[d][nodes[d]] >= 0)
			return 0;
	return 1;
}

int
disclosure_set(struct disclosure_table *t, const size_t *nodes,
    int64_t count)
{
	size_t d, c;

	for (d = 0; d < t->ndims; d++)
		if (nodes[d] >= t->nnodes[d])
			return -1;
	c = disclosure_cell_at(t, nodes);
	if (count < 0 || !disclosure_is_leaf(t, c))
		return -1;
	t->cells[c].value = count;
	return 0;
}

/*
 * Clears the inner cells, then adds up one dimension at a time: children
 * come after their parents, so walking the nodes backwards adds each node
 * into its parent after its own children were added into it.  After
 * dimension d every cell whose nodes in dimensions > d are leaves holds
 * its sum, which is what dimension d + 1 then adds up.
 */
void
disclosure_sum(struct disclosure_table *t)
{
	size_t d, i, o, in, n, s, outer, base;
	int32_t p;

	for (i = 0; i < t->ncells; i++)
		if (!disclosure_is_leaf(t, i))
			t->cells[i].value = 0;
	for (d = 0; d < t->ndims; d++) {
		n = t->nnodes[d];
		s = t->stride[d];
		outer = t->ncells / (n * s);
		for (i = n; i-- > 0;) {
			if ((p = t->parent[d][i]) < 0)
				continue;
			for (o = 0; o < outer; o++)
				for (in = 0; in < s; in++) {
					base = o * n * s + in;
					t->cells[base + (size_t)p * s].value +=
					    t->cells[base + i * s].value;
				}
		}
	}
}

void
disclosure_copy(struct disclosure_table *dst,
    const struct disclosure_table *src, struct arena *a)
{
	size_t d, n;

	*dst = *src;
	for (d = 0; d < src->ndims; d++) {
		n = src->nnodes[d] * sizeof(int32_t);
		dst->parent[d] = arena_alloc(a, n);
		dst->first_child[d] = arena_alloc(a, n);
		dst->next_sibling[d] = arena_alloc(a, n);
		memcpy(dst->parent[d], src->parent[d], n);
		memcpy(dst->first_child[d], src->first_child[d], n);
		memcpy(dst->next_sibling[d], src->next_sibling[d], n);
	}
	dst->cells = arena_alloc(a, src->ncells * sizeof(*src->cells));
	memcpy(dst->cells, src->cells, src->ncells * sizeof(*src->cells));
}

int
disclosure_hidden(const struct disclosure_table *t, size_t cell)
{
	return t->cells[cell].state != DISCLOSURE_SHOWN;
}

const char *
disclosure_state_name(enum disclosure_state s)
{
	switch (s) {
	case DISCLOSURE_PRIMARY:
		return "primary";
	case DISCLOSURE_SECONDARY:
		return "secondary";
	case DISCLOSURE_SHOWN:
		break;
	}
	return "shown";
}

/* The count of the cell like `cell` but with node `node` in dimension d. */
static int64_t
disclosure_along(const struct disclosure_table *t, size_t cell, size_t d,
    int32_t node)
{
	size_t here = cell / t->stride[d] % t->nnodes[d];

	return t->cells[cell - here * t->stride[d] +
	    (size_t)node * t->stride[d]].value;
}

/*
 * From `node` down to a leaf, at each level the child with the smallest
 * (largest = 0) or largest (largest = 1) nonzero count in this cell's line.
 */
static int32_t
disclosure_descend(const struct disclosure_table *t, size_t cell, size_t d,
    int32_t node, int largest)
{
	int32_t c, best;
	int64_t v, bv;

	while (t->first_child[d][node] >= 0) {
		best = -1;
		bv = 0;
		for (c = t->first_child[d][node]; c >= 0;
		    c = t->next_sibling[d][c]) {
			v = disclosure_along(t, cell, d, c);
			if (v > 0 && (best < 0 || (largest ? v > bv : v < bv))) {
				best = c;
				bv = v;
			}
		}
		/* A line of zeros: any child, so that the move still ends on
		 * a leaf (a move that stops at an inner node would change it
		 * without its children); a shown zero then rules it out. */
		node = best >= 0 ? best : t->first_child[d][node];
	}
	return node;
}

/* Adds the path from `leaf` up to `stop` (exclusive; -1: to the root). */
static void
disclosure_path(const struct disclosure_table *t, size_t d,
    struct disclosure_move *m, int32_t leaf, int32_t stop, int sign)
{
	int32_t p;

	for (p = leaf; p >= 0 && p != stop; p = t->parent[d][p]) {
		m->node[m->n] = p;
		m->sign[m->n] = sign;
		m->n++;
	}
}

/* Inserts sibling s of count v into a list of the smallest (largest = 0)
 * or the largest counts, at most PARTNERS_PER_LEVEL long. */
static void
disclosure_rank(int32_t *node, int64_t *val, size_t *n, int32_t s, int64_t v,
    int largest)
{
	size_t i = *n < PARTNERS_PER_LEVEL ? (*n)++ : PARTNERS_PER_LEVEL;

	for (; i > 0 && (largest ? v > val[i - 1] : v < val[i - 1]); i--) {
		if (i < PARTNERS_PER_LEVEL) {
			node[i] = node[i - 1];
			val[i] = val[i - 1];
		}
	}
	if (i < PARTNERS_PER_LEVEL) {
		node[i] = s;
		val[i] = v;
	}
}

/*
 * Up to PARTNERS_PER_LEVEL siblings of `node` with a nonzero count in this
 * cell's line, taken in turn from the smallest (cheap to
 * hide) and the largest (room to move) counts.  Which partner works
 * depends on the other cells of the pattern, which its own count does not
 * tell, so a spread is tried rather than the extremes alone: with only the
 * two smallest and the largest, a small municipality's training figure was
 * protected by hiding the region's year totals.  Returns how many, in
 * part[].
 */
static size_t
disclosure_partners(const struct disclosure_table *t, size_t cell, size_t d,
    int32_t node, int32_t *part)
{
	int32_t parent = t->parent[d][node], s;
	int32_t small[PARTNERS_PER_LEVEL], big[PARTNERS_PER_LEVEL];
	int64_t v, sv[PARTNERS_PER_LEVEL], bv[PARTNERS_PER_LEVEL];
	size_t ns = 0, nb = 0, n = 0, i, j, k;

	if (parent < 0)
		return 0;
	for (s = t->first_child[d][parent]; s >= 0; s = t->next_sibling[d][s]) {
		/* A shown zero cannot move; a hidden one ("< 5" beside small
		 * counts) can go up, and is often the only partner left in a
		 * line of large shown counts. */
		if (s == node || ((v = disclosure_along(t, cell, d, s)) <= 0 &&
		    t->cells[cell - (cell / t->stride[d] % t->nnodes[d]) *
		    t->stride[d] + (size_t)s * t->stride[d]].state ==
		    DISCLOSURE_SHOWN))
			continue;
		disclosure_rank(small, sv, &ns, s, v, 0);
		disclosure_rank(big, bv, &nb, s, v, 1);
	}
	for (i = 0; i < ns && n < PARTNERS_PER_LEVEL; i++) {
		for (k = 0; k < 2 && n < PARTNERS_PER_LEVEL; k++) {
			s = k == 0 ? small[i] : big[i];
			for (j = 0; j < n && part[j] != s; j++)
				;
			if (j == n)
				part[n++] = s;
		}
	}
	return n;
}

/*
 * The candidate moves of dimension d for a pattern through `cell` (see the
 * head of the file); the cell's node is +1 in each.  A partner may be a
 * sibling of the node or of any of its ancestors (a cousin): the node's
 * path then runs up to just below their common parent.  Returns how many.
 */
static size_t
disclosure_moves(const struct disclosure_table *t, size_t cell, size_t d,
    struct disclosure_move *out)
{
	int32_t node = (int32_t)(cell / t->stride[d] % t->nnodes[d]);
	int32_t leaves[LEAVES_PER_DIM], part[PARTNERS_PER_LEVEL], up, tmp;
	size_t nl = 0, np, i, j, n = 0;

	leaves[nl++] = disclosure_descend(t, cell, d, node, 0);
	if (LEAVES_PER_DIM > 1 && (tmp = disclosure_descend(t, cell, d, node,
	    1)) != leaves[0])
		leaves[nl++] = tmp;
	for (i = 0; i < nl; i++) {
		out[n].n = 0;
		disclosure_path(t, d, &out[n], leaves[i], -1, 1);
		n++;
		for (up = node; up >= 0 && t->parent[d][up] >= 0;
		    up = t->parent[d][up]) {
			np = disclosure_partners(t, cell, d, up, part);
			for (j = 0; j < np; j++) {
				out[n].n = 0;
				disclosure_path(t, d, &out[n], leaves[i],
				    t->parent[d][up], 1);
				disclosure_path(t, d, &out[n],
				    disclosure_descend(t, cell, d, part[j], 0),
				    t->parent[d][up], -1);
				n++;
			}
		}
	}
	return n;
}

/* What the attacker knows of a hidden (or to be hidden) cell. */
static void
disclosure_bounds(const struct disclosure_cell *c, int64_t *lo, int64_t *hi)
{
	if (c->state == DISCLOSURE_PRIMARY) {
		*lo = c->lo;
		*hi = DISCLOSURE_THRESHOLD - 1;
	} else {
		*lo = DISCLOSURE_THRESHOLD;
		*hi = INT64_MAX;
	}
}

/* Calls fn for every cell of the product of the moves, with its sign. */
typedef int (*disclosure_visit)(struct disclosure_table *t, size_t cell,
    int sign, void *ctx);

static int
disclosure_each(struct disclosure_table *t, size_t cell,
    struct disclosure_move *const *m, disclosure_visit fn, void *ctx)
{
	size_t idx[DISCLOSURE_DIMS_MAX] = { 0 }, d, c;
	int sign, rc;

	for (;;) {
		c = cell;
		sign = 1;
		for (d = 0; d < t->ndims; d++) {
			c -= cell / t->stride[d] % t->nnodes[d] * t->stride[d];
			c += (size_t)m[d]->node[idx[d]] * t->stride[d];
			sign *= m[d]->sign[idx[d]];
		}
		if ((rc = fn(t, c, sign, ctx)) != 0)
			return rc;
		for (d = 0; d < t->ndims; d++) {
			if (++idx[d] < m[d]->n)
				break;
			idx[d] = 0;
		}
		if (d == t->ndims)
			return 0;
	}
}

/* Scores one cell of a candidate; -1 ends the candidate (a zero cell). */
static int
disclosure_score_cell(struct disclosure_table *t, size_t cell, int sign,
    void *ctx)
{
	struct disclosure_score *s = ctx;
	const struct disclosure_cell *c = &t->cells[cell];
	int64_t lo, hi, up, down;

	if (c->state == DISCLOSURE_SHOWN && c->value == 0)
		return -1;	/* a shown zero cannot move */
	if (c->state == DISCLOSURE_SHOWN) {
		if (c->value > INT64_MAX - s->cost)
			return -1;
		s->cost += c->value;
		s->fresh++;
	}
	disclosure_bounds(c, &lo, &hi);
	up = hi == INT64_MAX ? INT64_MAX : hi - c->value;
	down = c->value - lo;
	/* x + sign * t within [lo, hi]. */
	if (sign > 0) {
		if (up < s->t_max)
			s->t_max = up;
		if (-down > s->t_min)
			s->t_min = -down;
	} else {
		if (down < s->t_max)
			s->t_max = down;
		if (up != INT64_MAX && -up > s->t_min)
			s->t_min = -up;
	}
	return 0;
}

/* The context of applying a chosen pattern. */
struct disclosure_apply {
	size_t primary;
	size_t nodes[DISCLOSURE_DIMS_MAX];
	int64_t t_min, t_max;
};

/* Hides one cell of the chosen pattern and records how far it moves. */
static int
disclosure_apply_cell(struct disclosure_table *t, size_t cell, int sign,
    void *ctx)
{
	struct disclosure_apply *ap = ctx;
	struct disclosure_cell *c = &t->cells[cell];
	size_t nodes[DISCLOSURE_DIMS_MAX], d;
	int64_t up, down;

	if (c->state == DISCLOSURE_SHOWN) {
		c->state = DISCLOSURE_SECONDARY;
		c->protects = ap->primary;
		disclosure_nodes(t, cell, nodes);
		for (d = 0; d < t->ndims && nodes[d] == ap->nodes[d]; d++)
			;
		c->via = (int)d;
		t->nsecondary++;
	}
	/* Finite: the protected primary cell bounds t to -3..3. */
	up = sign > 0 ? ap->t_max : -ap->t_min;
	down = sign > 0 ? -ap->t_min : ap->t_max;
	if (up > c->reach_up)
		c->reach_up = up;
	if (down > c->reach_down)
		c->reach_down = down;
	return 0;
}

/* Enough room: the cell moves by the margin (primary) or at all. */
static int
disclosure_protected(const struct disclosure_cell *c, int64_t up,
    int64_t down)
{
	/* The margin guards counts 1..4; a zero hidden beside them and a
	 * secondary cell must only not be found exactly. */
	int64_t need = c->state == DISCLOSURE_PRIMARY && c->value > 0 ?
	    DISCLOSURE_MARGIN : 1;

	if (c->reach_up > up)
		up = c->reach_up;
	if (c->reach_down > down)
		down = c->reach_down;
	if (up >= need || down >= need)
		return 1;
	return up + down >= need;	/* both small: no overflow */
}

/* Is candidate a better pattern than best (which may be unset)? */
static int
disclosure_better(const struct disclosure_score *a,
    const struct disclosure_score *best, int have)
{
	if (!have)
		return 1;
	if (a->cost != best->cost)
		return a->cost < best->cost;
	if (a->fresh != best->fresh)
		return a->fresh < best->fresh;
	return a->up + a->down > best->up + best->down;
}

/* Does candidate a move the cell where its reach so far does not? */
static int
disclosure_widens(const struct disclosure_cell *c,
    const struct disclosure_score *a)
{
	return a->up > c->reach_up || a->down > c->reach_down;
}

/*
 * Finds and applies the cheapest pattern that protects `cell`; -1 when no
 * candidate does.  When none does alone, two may together - one that
 * moves the cell up and one down, as patterns found for other cells often
 * combine - so the cheapest that widens the cell's reach is applied and
 * the search runs again, once.
 */
static int
disclosure_protect_cell(struct disclosure_table *t, size_t cell)
{
	struct disclosure_move moves[DISCLOSURE_DIMS_MAX][MOVES_MAX];
	struct disclosure_move *m[DISCLOSURE_DIMS_MAX], *bm[DISCLOSURE_DIMS_MAX],
	    *pm[DISCLOSURE_DIMS_MAX];
	size_t nm[DISCLOSURE_DIMS_MAX], idx[DISCLOSURE_DIMS_MAX], d;
	struct disclosure_score s, best, part;
	struct disclosure_apply ap;
	const struct disclosure_cell *c = &t->cells[cell];
	int have, have_part, round;

	for (d = 0; d < t->ndims; d++)
		nm[d] = disclosure_moves(t, cell, d, moves[d]);
	for (round = 0; round < 2; round++) {
		have = have_part = 0;
		memset(idx, 0, sizeof(idx));
		memset(&best, 0, sizeof(best));
		memset(&part, 0, sizeof(part));
		for (;;) {
			for (d = 0; d < t->ndims; d++)
				m[d] = &moves[d][idx[d]];
			memset(&s, 0, sizeof(s));
			s.t_min = INT64_MIN;
			s.t_max = INT64_MAX;
			if (disclosure_each(t, cell, m, disclosure_score_cell,
			    &s) == 0 && s.t_max - s.t_min >= 1) {
				/* The cell itself is +1 in every move. */
				s.up = s.t_max;
				s.down = -s.t_min;
				if (disclosure_protected(c, s.up, s.down)) {
					if (disclosure_better(&s, &best, have)) {
						best = s;
						memcpy(bm, m, sizeof(bm));
						have = 1;
					}
				} else if (round == 0 && disclosure_widens(c,
				    &s) && disclosure_better(&s, &part,
				    have_part)) {
					part = s;
					memcpy(pm, m, sizeof(pm));
					have_part = 1;
				}
			}
			for (d = 0; d < t->ndims; d++) {
				if (++idx[d] < nm[d])
					break;
				idx[d] = 0;
			}
			if (d == t->ndims)
				break;
		}
		if (have || !have_part)
			break;
		ap.primary = cell;
		disclosure_nodes(t, cell, ap.nodes);
		ap.t_min = part.t_min;
		ap.t_max = part.t_max;
		disclosure_each(t, cell, pm, disclosure_apply_cell, &ap);
	}
	if (!have)
		return -1;
	ap.primary = cell;
	disclosure_nodes(t, cell, ap.nodes);
	ap.t_min = best.t_min;
	ap.t_max = best.t_max;
	disclosure_each(t, cell, bm, disclosure_apply_cell, &ap);
	return 0;
}

/* Withholds the cube, for the sake of `cell`: every non-zero cell hidden
 * too, so that a caller who forgets to check shows no figure. */
static void
disclosure_withhold(struct disclosure_table *t, size_t cell)
{
	size_t i;

	for (i = 0; i < t->ncells; i++)
		if (t->cells[i].value > 0 &&
		    t->cells[i].state == DISCLOSURE_SHOWN) {
			t->cells[i].state = DISCLOSURE_SECONDARY;
			t->cells[i].protects = cell;
			t->cells[i].via = -1;
			t->nsecondary++;
		}
	t->withheld = 1;
}

/* A primary cell in the order of the search: largest count first. */
struct disclosure_order {
	int64_t value;
	size_t cell;
};

static int
disclosure_cmp(const void *a, const void *b)
{
	const struct disclosure_order *x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return x->cell < y->cell ? -1 : x->cell > y->cell;
}

/*
 * Calls fn for the cells of every relation of dimension d whose total (the
 * parent's cell) is `total_state`, with the total and one child.
 */
typedef int (*disclosure_pair)(struct disclosure_table *t, size_t total,
    size_t child);

static int
disclosure_each_pair(struct disclosure_table *t, size_t d,
    enum disclosure_state total_state, disclosure_pair fn)
{
	size_t n = t->nnodes[d], s = t->stride[d], outer, o, in, base;
	int32_t p, c;
	int changed = 0;

	outer = t->ncells / (n * s);
	/* Parents before children: a zero marked here is seen as a total
	 * when its own children come up in the same walk. */
	for (p = 0; p < (int32_t)n; p++) {
		if (t->first_child[d][p] < 0)
			continue;
		for (o = 0; o < outer; o++)
			for (in = 0; in < s; in++) {
				base = o * n * s + in;
				if (t->cells[base + (size_t)p * s].state !=
				    total_state)
					continue;
				for (c = t->first_child[d][p]; c >= 0;
				    c = t->next_sibling[d][c])
					changed |= fn(t, base + (size_t)p * s,
					    base + (size_t)c * s);
			}
	}
	return changed;
}

/* A zero under a "< 5" total becomes "< 5" itself. */
static int
disclosure_zero_pair(struct disclosure_table *t, size_t total, size_t child)
{
	struct disclosure_cell *c = &t->cells[child];

	(void)total;
	if (c->value != 0 || c->state != DISCLOSURE_SHOWN)
		return 0;
	c->state = DISCLOSURE_PRIMARY;
	t->nprimary++;
	return 1;
}

/* A zero under a shown zero is known to be zero: it shows again. */
static int
disclosure_unzero_pair(struct disclosure_table *t, size_t total,
    size_t child)
{
	struct disclosure_cell *c = &t->cells[child];

	if (t->cells[total].value != 0 || c->value != 0 ||
	    c->state != DISCLOSURE_PRIMARY)
		return 0;
	c->state = DISCLOSURE_SHOWN;
	t->nprimary--;
	return 1;
}

/* A "< 5" cell under a "< 5" total may be a hidden zero. */
static int
disclosure_low_pair(struct disclosure_table *t, size_t total, size_t child)
{
	(void)total;
	if (t->cells[child].state == DISCLOSURE_PRIMARY)
		t->cells[child].lo = 0;
	return 0;
}

/*
 * Marks the primary cells: 1..4, then the zeros under them until no more
 * appear (a zero marked in one dimension is a total in the others).  A
 * zero that also lies under a shown zero in another dimension is shown
 * after all: the shown total already says it is zero, and hiding it would
 * only hide a cell that every reader can work out.  Last, what the
 * attacker can tell of each.
 */
static void
disclosure_primaries(struct disclosure_table *t)
{
	struct disclosure_cell *c;
	size_t i, d;
	int changed;

	for (i = 0; i < t->ncells; i++) {
		c = &t->cells[i];
		c->protects = DISCLOSURE_NONE;
		c->via = -1;
		c->reach_up = c->reach_down = 0;
		c->lo = 1;
		c->state = DISCLOSURE_SHOWN;
		if (c->value > 0 && c->value < DISCLOSURE_THRESHOLD) {
			c->state = DISCLOSURE_PRIMARY;
			t->nprimary++;
		}
	}
	do {
		changed = 0;
		for (d = 0; d < t->ndims; d++)
			changed |= disclosure_each_pair(t, d,
			    DISCLOSURE_PRIMARY, disclosure_zero_pair);
	} while (changed);
	do {
		changed = 0;
		for (d = 0; d < t->ndims; d++)
			changed |= disclosure_each_pair(t, d,
			    DISCLOSURE_SHOWN, disclosure_unzero_pair);
	} while (changed);
	for (d = 0; d < t->ndims; d++)
		disclosure_each_pair(t, d, DISCLOSURE_PRIMARY,
		    disclosure_low_pair);
}

int
disclosure_protect(struct disclosure_table *t, struct arena *a)
{
	struct disclosure_order *order;
	struct disclosure_cell *c;
	size_t n = 0, i;

	order = arena_calloc(a, t->ncells, sizeof(*order));
	t->nprimary = t->nsecondary = 0;
	t->withheld = 0;
	disclosure_primaries(t);
	for (i = 0; i < t->ncells; i++)
		if (t->cells[i].state == DISCLOSURE_PRIMARY) {
			order[n].value = t->cells[i].value;
			order[n++].cell = i;
		}
	qsort(order, n, sizeof(*order), disclosure_cmp);
	for (i = 0; i < n; i++) {
		c = &t->cells[order[i].cell];
		if (disclosure_protected(c, 0, 0))
			continue;
		if (disclosure_protect_cell(t, order[i].cell) != 0) {
			disclosure_withhold(t, order[i].cell);
			return 1;
		}
	}
	return 0;
}

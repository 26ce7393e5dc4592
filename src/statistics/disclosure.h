/*
 * disclosure.h - statistical disclosure control for published counts.
 *
 * One function decides what the public page, the CSV download and the API
 * may show of a table of encounter counts, so the three can never differ.
 *
 * The model is a cube of up to three dimensions, each a hierarchy of nodes
 * (a forest, given as parent indices):
 *
 *	places:  region -> municipality -> service point
 *	columns: total  -> topic (or form group -> form of support)
 *	periods: year   -> quarter -> month
 *
 * Every combination of nodes is a cell, so the cube holds the body of the
 * table, its row and column totals, the grand total, every subtotal of the
 * place hierarchy and the same table for every period at once: the month
 * and the quarter that contains it are linked tables of one cube.  A cell
 * whose nodes are all leaves is a leaf cell; the caller sets those and
 * disclosure_sum() adds up the rest, so the published sums are consistent
 * by construction.  The published equations ("relations") are, for every
 * dimension, every node with children and every choice of nodes in the
 * other dimensions: the node's cell equals the sum of its children's cells.
 *
 * Showing less than the model allows is always safe (an attacker only
 * loses equations), so a page may show any part of the cube; but every
 * table that is published anywhere must be inside the one cube that was
 * protected, or the two can be subtracted from each other.  Periods must
 * nest: ISO weeks and months overlap without one containing the other and
 * cannot be one hierarchy (see disclosure.c).
 *
 * What is shown:
 *
 *	0	0, except beside small counts: a zero whose total
 *		(in any dimension) is "< 5" is also "< 5" (disclosure.c)
 *	1..4	"< 5" (primary suppression)
 *	>= 5	the count, or hidden as a secondary suppression, which the
 *		page marks differently from "< 5" because it is not small
 */
#ifndef TV_STATISTICS_DISCLOSURE_H
#define TV_STATISTICS_DISCLOSURE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define DISCLOSURE_DIMS_MAX 3
#define DISCLOSURE_DEPTH_MAX 8		/* levels of one hierarchy */
#define DISCLOSURE_THRESHOLD 5		/* counts 1..THRESHOLD-1 are hidden */
/*
 * The protection margin: of the four values 1..4 that "< 5" stands for,
 * an attacker who solves every published sum must still be left with an
 * interval at least this wide (at least three of the four values).  A
 * hidden cell of 5 or more, and a zero shown as "< 5", must not be pinned
 * to one value either.
 */
#define DISCLOSURE_MARGIN 2
#define DISCLOSURE_NONE SIZE_MAX

/* One dimension: node i's parent is parent[i] < i, or -1 for a root. */
struct disclosure_dim {
	size_t nnodes;
	const int32_t *parent;
};

enum disclosure_state {
	DISCLOSURE_SHOWN,
	DISCLOSURE_PRIMARY,	/* 1..4, or a zero beside them: "< 5" */
	DISCLOSURE_SECONDARY,	/* hidden so that a primary cell stays hidden */
};

/* One cell and the record of why it is hidden. */
struct disclosure_cell {
	int64_t value;
	enum disclosure_state state;
	size_t protects;	/* SECONDARY: the primary cell it protects */
	int via;		/* SECONDARY: the dimension whose published sum
				 * (with the other hidden cells of the pattern)
				 * would give `protects` away; -1 when the
				 * cube was withheld */
	int64_t lo;		/* PRIMARY: 0 when the cell could be a hidden
				 * zero to an attacker (below), else 1 */
	int64_t reach_down;	/* how far published-consistent solutions move */
	int64_t reach_up;	/* the cell down and up (what an attacker can
				 * not rule out); INT64_MAX for no limit */
};

struct disclosure_table {
	size_t ndims;
	size_t nnodes[DISCLOSURE_DIMS_MAX];
	size_t stride[DISCLOSURE_DIMS_MAX];
	int32_t *parent[DISCLOSURE_DIMS_MAX];
	int32_t *first_child[DISCLOSURE_DIMS_MAX];
	int32_t *next_sibling[DISCLOSURE_DIMS_MAX];
	size_t ncells;
	struct disclosure_cell *cells;
	size_t nprimary;
	size_t nsecondary;
	int withheld;		/* 1: no pattern protected some cell: publish
				 * nothing of this cube (every non-zero cell
				 * is marked hidden as well) */
};

/*
 * Sets up an all-zero cube of ndims (1..DISCLOSURE_DIMS_MAX) dimensions in
 * the arena.  -1 when a dimension is empty, a parent does not come before
 * its child, a hierarchy is deeper than DISCLOSURE_DEPTH_MAX or the cube
 * has more than 2^24 cells (a page's table is far smaller; the limit keeps
 * the search's cost bounded).
 */
int disclosure_init(struct disclosure_table *t, struct arena *a,
    size_t ndims, const struct disclosure_dim *dims);

/* The cell at nodes[0..ndims), and back. */
size_t disclosure_cell_at(const struct disclosure_table *t,
    const size_t *nodes);
void disclosure_nodes(const struct disclosure_table *t, size_t cell,
    size_t *nodes);

/* True when every node of the cell is a leaf of its hierarchy. */
int disclosure_is_leaf(const struct disclosure_table *t, size_t cell);

/*
 * Sets a leaf cell's count: 0, or -1 when the cell is not a leaf or the
 * count is negative.
 */
int disclosure_set(struct disclosure_table *t, const size_t *nodes,
    int64_t count);

/* Fills every cell that is not a leaf with the sum of its leaves. */
void disclosure_sum(struct disclosure_table *t);

/*
 * Decides what is hidden: the primary cells, then for each the cheapest
 * secondary cells that keep it from being recomputed (disclosure.c tells
 * how).  0 when every hidden cell is protected by the patterns found; 1
 * when the search found none for some cell: the cube is withheld, and the
 * caller publishes none of it - not even its marks, which alone can narrow
 * a small cell (disclosure.c) - but says the figures are too few at this
 * level of detail and offers a coarser table (a quarter for its months,
 * municipalities for their service points).
 */
int disclosure_protect(struct disclosure_table *t, struct arena *a);

/* A deep copy of src in the arena (its hierarchies and cells). */
void disclosure_copy(struct disclosure_table *dst,
    const struct disclosure_table *src, struct arena *a);

/* True when the cell is hidden (primary or secondary). */
int disclosure_hidden(const struct disclosure_table *t, size_t cell);

/* "shown", "primary", "secondary": the record's machine-readable word. */
const char *disclosure_state_name(enum disclosure_state s);

#endif

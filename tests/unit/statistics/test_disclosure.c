/*
 * test_disclosure.c - the disclosure model (statistics/disclosure.c) on
 * tables built by hand whose right suppression is known: the textbook
 * rectangle, two 4s beside a shown 8 (the classic rule's blind spot, also
 * planted as a weak suppression the attack must catch), zeros, a zero
 * beside small counts, a month inside its quarter, and the model's checks;
 * and the demo region's real cube (demo-cube.txt, the file given as the
 * first argument).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attack.h"
#include "base/arena.h"
#include "statistics/disclosure.h"
#include "statistics/release.h"

static const int32_t flat2[] = { -1, 0, 0 };		/* total, a, b */
static const int32_t flat1[] = { -1, 0 };		/* total, a */
static const int32_t flat4[] = { -1, 0, 0, 0, 0 };	/* total, a..d */

/* A rows x columns table with totals (node 0 of each) from a body. */
static void
grid(struct disclosure_table *t, struct arena *a, const int32_t *rows,
    size_t nrows, const int32_t *cols, size_t ncols, const int64_t *body)
{
	struct disclosure_dim dims[2] = { { nrows, rows }, { ncols, cols } };
	size_t r, c, nodes[2];

	assert_int_equal(disclosure_init(t, a, 2, dims), 0);
	for (r = 1; r < nrows; r++)
		for (c = 1; c < ncols; c++) {
			nodes[0] = r;
			nodes[1] = c;
			assert_int_equal(disclosure_set(t, nodes,
			    body[(r - 1) * (ncols - 1) + c - 1]), 0);
		}
	disclosure_sum(t);
}

static enum disclosure_state
state_at(const struct disclosure_table *t, size_t r, size_t c)
{
	size_t nodes[2] = { r, c };

	return t->cells[disclosure_cell_at(t, nodes)].state;
}

static void
test_model_checks(void **state)
{
	static const int32_t late[] = { 1, -1 };	/* parent after child */
	static const int32_t deep[] = { -1, 0, 1, 2, 3, 4, 5, 6, 7 };
	struct disclosure_dim d = { 2, late };
	struct disclosure_table t;
	struct arena a;
	size_t nodes[2] = { 0, 1 };

	(void)state;
	arena_init(&a);
	assert_int_equal(disclosure_init(&t, &a, 1, &d), -1);
	assert_int_equal(disclosure_init(&t, &a, 0, &d), -1);
	d.nnodes = 9;
	d.parent = deep;
	assert_int_equal(disclosure_init(&t, &a, 1, &d), -1);
	d.nnodes = 0;
	assert_int_equal(disclosure_init(&t, &a, 1, &d), -1);
	/* Only leaves are set; the sums come from them. */
	grid(&t, &a, flat2, 3, flat2, 3, (const int64_t[]){ 1, 2, 3, 4 });
	assert_int_equal(disclosure_set(&t, nodes, 5), -1);
	nodes[0] = 1;
	assert_int_equal(disclosure_set(&t, nodes, -1), -1);
	nodes[0] = nodes[1] = 0;
	assert_int_equal(t.cells[disclosure_cell_at(&t, nodes)].value, 10);
	nodes[1] = 2;
	assert_int_equal(t.cells[disclosure_cell_at(&t, nodes)].value, 6);
	assert_string_equal(disclosure_state_name(DISCLOSURE_PRIMARY),
	    "primary");
	arena_cleanup(&a);
}

/* The textbook case: one small cell, hidden with the other three cells
 * of the body (the cheapest rectangle); every total stays shown. */
static void
test_rectangle(void **state)
{
	struct disclosure_table t;
	struct arena a;
	size_t r, c;

	(void)state;
	arena_init(&a);
	grid(&t, &a, flat2, 3, flat2, 3, (const int64_t[]){ 20, 3, 30, 40 });
	assert_int_equal(disclosure_protect(&t, &a), 0);
	assert_int_equal(state_at(&t, 1, 2), DISCLOSURE_PRIMARY);
	for (r = 0; r < 3; r++)
		for (c = 0; c < 3; c++)
			if (r > 0 && c > 0 && !(r == 1 && c == 2))
				assert_int_equal(state_at(&t, r, c),
				    DISCLOSURE_SECONDARY);
			else if (r == 0 || c == 0)
				assert_int_equal(state_at(&t, r, c),
				    DISCLOSURE_SHOWN);
	assert_int_equal(t.nprimary, 1);
	assert_int_equal(t.nsecondary, 3);
	/* The record: each secondary cell names the cell it protects. */
	for (r = 0; r < t.ncells; r++)
		if (t.cells[r].state == DISCLOSURE_SECONDARY)
			assert_int_equal(t.cells[r].protects, 5);
	assert_int_equal(attack_table(&t, NULL, "rectangle", 1), 0);
	arena_cleanup(&a);
}

/*
 * Two 4s alone in a row whose total 8 is shown: the classic rule is
 * satisfied by hiding the pair, yet both are 4.  The planted weak
 * suppression must be caught; the module must hide the total too.
 */
static void
test_two_fours(void **state)
{
	struct disclosure_table t;
	struct attack_bounds b[6];
	struct arena a;

	(void)state;
	arena_init(&a);
	grid(&t, &a, flat1, 2, flat2, 3, (const int64_t[]){ 4, 4 });
	/* Planted: the two 4s hidden, everything else shown. */
	assert_int_equal(disclosure_protect(&t, &a), 0);
	for (size_t i = 0; i < t.ncells; i++)
		t.cells[i].state = t.cells[i].value == 4 ?
		    DISCLOSURE_PRIMARY : DISCLOSURE_SHOWN;
	assert_true(attack_table(&t, b, "planted", 0) > 0);
	assert_int_equal(b[4].lo, 4);
	assert_int_equal(b[4].hi, 4);
	/* The module's own answer withstands it. */
	assert_int_equal(disclosure_protect(&t, &a), 0);
	assert_int_equal(state_at(&t, 1, 0), DISCLOSURE_SECONDARY);
	assert_int_equal(attack_table(&t, b, "two fours", 1), 0);
	assert_true(b[4].hi - b[4].lo >= DISCLOSURE_MARGIN);
	arena_cleanup(&a);
}

/* Zeros are shown, and nothing is hidden in a table without small counts. */
static void
test_zeros_and_large(void **state)
{
	struct disclosure_table t;
	struct arena a;
	size_t i;

	(void)state;
	arena_init(&a);
	grid(&t, &a, flat2, 3, flat4, 5, (const int64_t[]){ 0, 12, 7, 0,
	    30, 0, 5, 9 });
	assert_int_equal(disclosure_protect(&t, &a), 0);
	for (i = 0; i < t.ncells; i++)
		assert_int_equal(t.cells[i].state, DISCLOSURE_SHOWN);
	assert_int_equal(t.nprimary + t.nsecondary, 0);
	arena_cleanup(&a);
}

/*
 * A total of 3 made of 1, 1, 1 and 0: shown, the zero would tell that the
 * three are at least 1 and so exactly 1.  The zero is "< 5" too, and a
 * cell under the small total may be 0 to the attacker.
 */
static void
test_zero_beside_small(void **state)
{
	struct disclosure_dim d = { 5, flat4 };
	struct disclosure_table t;
	struct attack_bounds b[5];
	struct arena a;
	size_t i, nodes[1];
	const int64_t v[] = { 1, 1, 1, 0 };

	(void)state;
	arena_init(&a);
	assert_int_equal(disclosure_init(&t, &a, 1, &d), 0);
	for (i = 0; i < 4; i++) {
		nodes[0] = i + 1;
		assert_int_equal(disclosure_set(&t, nodes, v[i]), 0);
	}
	disclosure_sum(&t);
	assert_int_equal(disclosure_protect(&t, &a), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(t.cells[i].state, DISCLOSURE_PRIMARY);
	assert_int_equal(t.cells[0].lo, 1);
	assert_int_equal(t.cells[4].lo, 0);
	assert_int_equal(attack_table(&t, b, "zero beside small", 1), 0);
	assert_int_equal(b[1].lo, 0);
	assert_int_equal(b[1].hi, 4);	/* the total is hidden too */
	arena_cleanup(&a);
}

/*
 * Linked periods: two service points under a municipality, a quarter and
 * its three months.  The small month's cells must not come back as the
 * quarter minus the other two months.
 */
static void
test_month_inside_quarter(void **state)
{
	static const int32_t periods[] = { -1, 0, 0, 0 };
	static const int32_t places[] = { -1, 0, 0 };
	struct disclosure_dim dims[2] = { { 3, places }, { 4, periods } };
	const int64_t v[2][3] = { { 14, 2, 25 }, { 11, 9, 40 } };
	struct disclosure_table t;
	struct arena a;
	size_t p, m, nodes[2];

	(void)state;
	arena_init(&a);
	assert_int_equal(disclosure_init(&t, &a, 2, dims), 0);
	for (p = 0; p < 2; p++)
		for (m = 0; m < 3; m++) {
			nodes[0] = p + 1;
			nodes[1] = m + 1;
			assert_int_equal(disclosure_set(&t, nodes, v[p][m]), 0);
		}
	disclosure_sum(&t);
	assert_int_equal(disclosure_protect(&t, &a), 0);
	assert_int_equal(state_at(&t, 1, 2), DISCLOSURE_PRIMARY);
	/* Another month of the same point and the same month of the other
	 * point are hidden with it. */
	assert_true(disclosure_hidden(&t, disclosure_cell_at(&t,
	    (size_t[]){ 2, 2 })));
	assert_true(state_at(&t, 1, 1) == DISCLOSURE_SECONDARY ||
	    state_at(&t, 1, 3) == DISCLOSURE_SECONDARY ||
	    state_at(&t, 1, 0) == DISCLOSURE_SECONDARY);
	assert_int_equal(attack_table(&t, NULL, "quarter", 1), 0);
	arena_cleanup(&a);
}

/* Reads a line of parents into parent[]; returns how many. */
static size_t
read_parents(FILE *f, int32_t *parent, size_t max)
{
	char line[4096], *p, *end;
	size_t n = 0;

	do
		assert_non_null(fgets(line, sizeof(line), f));
	while (line[0] == '#');
	for (p = line; n < max; p = end) {
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		parent[n++] = (int32_t)v;
	}
	return n;
}

/*
 * The demo region's figures by municipality, form group and month.  The
 * region's own year totals are large (8,024 encounters in person, 684 in
 * training) and must be published: hiding them to protect one small
 * municipality's month - which the search did while it tried only the two
 * smallest and the largest partner - leaves the region's page without the
 * figures it is read for.  Every hidden cell still stands the attack.
 */
static const char *demo_cube_path;

static void
test_demo_region(void **state)
{
	static int32_t parents[3][64];
	struct disclosure_dim dims[3];
	struct disclosure_table t;
	struct arena a;
	size_t d, cell, nodes[3];
	long long at, count;
	FILE *f;

	(void)state;
	assert_non_null(f = fopen(demo_cube_path, "r"));
	for (d = 0; d < 3; d++) {
		dims[d].parent = parents[d];
		dims[d].nnodes = read_parents(f, parents[d], 64);
	}
	arena_init(&a);
	assert_int_equal(disclosure_init(&t, &a, 3, dims), 0);
	while (fscanf(f, "%lld %lld", &at, &count) == 2) {
		assert_true(at >= 0 && (size_t)at < t.ncells);
		disclosure_nodes(&t, (size_t)at, nodes);
		assert_int_equal(disclosure_set(&t, nodes, count), 0);
	}
	fclose(f);
	disclosure_sum(&t);
	assert_int_equal(disclosure_protect(&t, &a), 0);
	assert_true(t.nprimary > 300);
	for (nodes[1] = 0; nodes[1] < dims[1].nnodes; nodes[1]++) {
		nodes[0] = nodes[2] = 0;
		cell = disclosure_cell_at(&t, nodes);
		assert_false(disclosure_hidden(&t, cell));
	}
	assert_int_equal(attack_table(&t, NULL, "demo region", 1), 0);
	arena_cleanup(&a);
}

/*
 * The demo region's year released a quarter at a time (release.h), with
 * each release's published cells fixed in the next (`fix`) or protected
 * afresh; the attack's breaches on all releases made together, and how
 * many were made (a release that cannot be protected is not published:
 * the next one takes its quarter in).
 */
static int
demo_year(int fix, int *made)
{
	static int32_t parents[3][64];
	static int64_t leaf[64][64][12];
	int32_t periods[STATS_PERIOD_NODES];
	struct disclosure_dim dims[3];
	struct disclosure_table t[4];
	const struct disclosure_table *pub[4];
	const unsigned char *mask[4];
	unsigned char *m;
	struct arena a;
	size_t d, i, cell, nodes[3];
	long long at, count;
	int q, last = 0, rc;
	FILE *f;

	assert_non_null(f = fopen(demo_cube_path, "r"));
	for (d = 0; d < 3; d++) {
		dims[d].parent = parents[d];
		dims[d].nnodes = read_parents(f, parents[d], 64);
	}
	/* The file's periods are year -> quarters -> months (5 + month). */
	assert_int_equal(dims[2].nnodes, 17);
	memset(leaf, 0, sizeof(leaf));
	while (fscanf(f, "%lld %lld", &at, &count) == 2) {
		nodes[0] = (size_t)at / (dims[1].nnodes * 17);
		nodes[1] = (size_t)at / 17 % dims[1].nnodes;
		nodes[2] = (size_t)at % 17;
		assert_true(nodes[2] >= 5);
		leaf[nodes[0]][nodes[1]][nodes[2] - 5] = count;
	}
	fclose(f);
	arena_init(&a);
	*made = 0;
	for (q = 1; q <= 4; q++) {
		stats_release_periods(q, periods, STATS_PERIOD_NODES);
		dims[2] = (struct disclosure_dim){ STATS_PERIOD_NODES,
		    periods };
		assert_int_equal(disclosure_init(&t[q - 1], &a, 3, dims), 0);
		m = arena_calloc(&a, t[q - 1].ncells, 1);
		for (cell = 0; cell < t[q - 1].ncells; cell++) {
			disclosure_nodes(&t[q - 1], cell, nodes);
			if (disclosure_is_leaf(&t[q - 1], cell) &&
			    nodes[2] >= STATS_PERIOD_MONTH(0) &&
			    nodes[2] < (size_t)STATS_PERIOD_MONTH(3 * q))
				assert_int_equal(disclosure_set(&t[q - 1],
				    nodes, leaf[nodes[0]][nodes[1]][nodes[2] -
				    STATS_PERIOD_MONTH(0)]), 0);
		}
		disclosure_sum(&t[q - 1]);
		for (cell = 0; cell < t[q - 1].ncells; cell++) {
			disclosure_nodes(&t[q - 1], cell, nodes);
			m[cell] = (unsigned char)stats_release_published(q,
			    (int)nodes[2]);
			if (fix && *made > 0 && stats_release_published(last,
			    (int)nodes[2]))
				assert_int_equal(disclosure_fix(&t[q - 1], cell,
				    pub[*made - 1]->cells[cell].state,
				    pub[*made - 1]->cells[cell].lo), 0);
		}
		if (disclosure_protect(&t[q - 1], &a) != 0)
			continue;
		/* The region's figures for the year so far are published. */
		for (i = 0; i < dims[1].nnodes; i++) {
			nodes[0] = 0;
			nodes[1] = i;
			nodes[2] = (size_t)stats_release_so_far(q);
			assert_false(disclosure_hidden(&t[q - 1],
			    disclosure_cell_at(&t[q - 1], nodes)));
		}
		pub[*made] = &t[q - 1];
		mask[(*made)++] = m;
		last = q;
	}
	rc = *made == 0 ? 0 : attack_releases(pub, mask, (size_t)*made,
	    fix ? "demo releases" : "demo releases afresh", fix);
	arena_cleanup(&a);
	return rc;
}

/*
 * Protected afresh each quarter, the demo region's releases can each be
 * made, and together they give away dozens of hidden figures - the leak
 * the public page had.  With each release fixed by the one before, what
 * is published holds.  (How many releases the search manages to make with
 * the earlier cells fixed is printed: on the demo it is fewer than four,
 * which is why the public page does not publish by release yet.)
 */
static void
test_demo_releases(void **state)
{
	int made, rc;

	(void)state;
	rc = demo_year(0, &made);
	assert_int_equal(made, 4);
	assert_true(rc > 10);
	printf("# protected afresh: %d releases made, %d breaches\n", made,
	    rc);
	assert_int_equal(demo_year(1, &made), 0);
	assert_true(made >= 1);
	printf("# each release fixed by the one before: %d releases made, "
	    "no breach\n", made);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_checks),
		cmocka_unit_test(test_rectangle),
		cmocka_unit_test(test_two_fours),
		cmocka_unit_test(test_zeros_and_large),
		cmocka_unit_test(test_zero_beside_small),
		cmocka_unit_test(test_month_inside_quarter),
		cmocka_unit_test(test_demo_region),
		cmocka_unit_test(test_demo_releases),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: %s demo-cube.txt\n", argv[0]);
		return 2;
	}
	demo_cube_path = argv[1];

	return cmocka_run_group_tests(tests, NULL, NULL);
}

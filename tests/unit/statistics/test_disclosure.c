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

static const char *demo_cube_path;

/* Opens the demo cube and reads its three hierarchies into dims, with
 * their parents in parents; the file is left at its cells. */
static FILE *
demo_cube(struct disclosure_dim *dims, int32_t (*parents)[64])
{
	FILE *f;
	size_t d;

	assert_non_null(f = fopen(demo_cube_path, "r"));
	for (d = 0; d < 3; d++) {
		dims[d].parent = parents[d];
		dims[d].nnodes = read_parents(f, parents[d], 64);
	}
	return f;
}

/*
 * The demo region's figures by municipality, form group and month.  The
 * region's own year totals are large (8,024 encounters in person, 684 in
 * training) and must be published: hiding them to protect one small
 * municipality's month - which the search did while it tried only the two
 * smallest and the largest partner - leaves the region's page without the
 * figures it is read for.  Every hidden cell still stands the attack.
 */

static void
test_demo_region(void **state)
{
	static int32_t parents[3][64];
	struct disclosure_dim dims[3];
	struct disclosure_table t;
	struct arena a;
	size_t cell, nodes[3];
	long long at, count;
	FILE *f;

	(void)state;
	f = demo_cube(dims, parents);
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
 * The demo region's year published a quarter at a time.  As the year so
 * far, protected afresh each quarter (the public page's old way), every
 * release can be made, and together they give away dozens of the figures
 * each hides.  Each quarter a table of its own (public.c), every quarter
 * is published and all of them together hold.
 */
static void
test_demo_releases(void **state)
{
	static int32_t parents[3][64];
	static int64_t count[64 * 64 * 12];
	struct disclosure_dim dims[3];
	unsigned failed = 0, hidden = 0;
	long long at, v;
	size_t place, col, node;
	int rc;
	FILE *f;

	(void)state;
	f = demo_cube(dims, parents);
	/* The file's periods are year -> quarters -> months (5 + month). */
	assert_int_equal(dims[2].nnodes, 17);
	while (fscanf(f, "%lld %lld", &at, &v) == 2) {
		place = (size_t)at / (dims[1].nnodes * 17);
		col = (size_t)at / 17 % dims[1].nnodes;
		node = (size_t)at % 17;
		assert_true(node >= 5);
		count[(place * dims[1].nnodes + col) * 12 + node - 5] = v;
	}
	fclose(f);
	rc = attack_year_releases(&dims[0], &dims[1], count, 1, &failed,
	    &hidden, "demo as the year so far", 0);
	printf("# as the year so far: %u releases not made, %d breaches\n",
	    failed, rc);
	assert_int_equal(failed, 0);
	assert_true(rc > 10);
	failed = hidden = 0;
	assert_int_equal(attack_year_releases(&dims[0], &dims[1], count, 0,
	    &failed, &hidden, "demo by quarter", 1), 0);
	printf("# by quarter: %u quarters not published, %u hidden cells, no "
	    "breach\n", failed, hidden);
	assert_int_equal(failed, 0);
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

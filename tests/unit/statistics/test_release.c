/*
 * test_release.c - when a quarter is published (src/statistics/release.h):
 * from the first day of the second month after it ends, never before.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "statistics/release.h"

#define M(y, m) ((y) * 12 + (m) - 1)	/* month m (1..12) of year y */

static void
test_quarter_is_published_a_month_after_the_next(void **state)
{
	(void)state;
	/* January-March: on 1 May, not in April. */
	assert_int_equal(stats_release_month(M(2026, 1)), M(2026, 5));
	assert_int_equal(stats_release_month(M(2026, 3)), M(2026, 5));
	assert_false(stats_month_released(M(2026, 3), M(2026, 4)));
	assert_true(stats_month_released(M(2026, 3), M(2026, 5)));
	assert_true(stats_month_released(M(2026, 1), M(2027, 1)));
	/* October-December: on 1 February of the next year. */
	assert_int_equal(stats_release_month(M(2026, 12)), M(2027, 2));
	assert_false(stats_month_released(M(2026, 10), M(2027, 1)));
	assert_true(stats_month_released(M(2026, 12), M(2027, 2)));
	/* The month under way and the one before are never published. */
	for (int32_t now = M(2025, 1); now < M(2028, 1); now++) {
		assert_false(stats_month_released(now, now));
		assert_false(stats_month_released(now - 1, now));
		assert_true(stats_month_released(now - 4, now));
	}
}

static void
test_quarters_of_a_year(void **state)
{
	(void)state;
	assert_int_equal(stats_quarters_released(2026, M(2026, 4)), 0);
	assert_int_equal(stats_quarters_released(2026, M(2026, 5)), 1);
	assert_int_equal(stats_quarters_released(2026, M(2026, 7)), 1);
	assert_int_equal(stats_quarters_released(2026, M(2026, 8)), 2);
	assert_int_equal(stats_quarters_released(2026, M(2026, 12)), 3);
	assert_int_equal(stats_quarters_released(2026, M(2027, 1)), 3);
	assert_int_equal(stats_quarters_released(2026, M(2027, 2)), 4);
	assert_int_equal(stats_quarters_released(2025, M(2026, 1)), 3);
	assert_int_equal(stats_quarters_released(2025, M(2026, 2)), 4);
	assert_int_equal(stats_quarters_released(2027, M(2026, 12)), 0);
}

static void
test_last_month_published(void **state)
{
	(void)state;
	assert_int_equal(stats_last_released_month(M(2026, 5)), M(2026, 3));
	assert_int_equal(stats_last_released_month(M(2026, 7)), M(2026, 3));
	assert_int_equal(stats_last_released_month(M(2026, 8)), M(2026, 6));
	assert_int_equal(stats_last_released_month(M(2026, 12)), M(2026, 9));
	assert_int_equal(stats_last_released_month(M(2027, 1)), M(2026, 9));
	assert_int_equal(stats_last_released_month(M(2027, 2)), M(2026, 12));
	/* Always the last month of a quarter that is published. */
	for (int32_t now = M(2025, 1); now < M(2028, 1); now++) {
		int32_t last = stats_last_released_month(now);

		assert_int_equal(last % 3, 2);
		assert_true(stats_month_released(last, now));
		assert_false(stats_month_released(last + 1, now));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quarter_is_published_a_month_after_the_next),
		cmocka_unit_test(test_quarters_of_a_year),
		cmocka_unit_test(test_last_month_published),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_agenda.c - the agenda's rules (events/agenda_rules.h): items within
 * the event, no overlap on a track, swapping neighbours, retiming with and
 * without shifting what follows; and the agenda store on a real database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "events/agenda_rules.h"

#define M 60
#define H 3600
/* 9.00 Helsinki time on 6 October 2021 (06:00 UTC). */
#define T0 1633500000

static struct agenda_slot
slot(int64_t id, int64_t from_min, int64_t to_min, int64_t track)
{
	return (struct agenda_slot){ id, T0 + from_min * M, T0 + to_min * M,
	    track, false };
}

static void
test_check(void **state)
{
	struct agenda_slot s[4];
	size_t bad = 99, other = 99;

	(void)state;
	s[0] = slot(1, 0, 15, 0);
	s[1] = slot(2, 15, 60, 0);	/* touching is not overlapping */
	s[2] = slot(3, 30, 90, 1);	/* parallel, on another track */
	s[3] = slot(4, 60, 150, 0);
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, &bad, &other),
	    AGENDA_OK);
	assert_int_equal(agenda_check(s, 0, T0, T0, &bad, &other), AGENDA_OK);

	/* One minute past the event's end. */
	assert_int_equal(agenda_check(s, 4, T0, T0 + 149 * M, &bad, &other),
	    AGENDA_OUTSIDE);
	assert_int_equal(bad, 3);
	/* One minute before its start. */
	s[0].starts_at = T0 - M;
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, &bad, NULL),
	    AGENDA_OUTSIDE);
	assert_int_equal(bad, 0);
	s[0].starts_at = T0;

	/* Ends when it starts. */
	s[1].ends_at = s[1].starts_at;
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, &bad, NULL),
	    AGENDA_ORDER);
	assert_int_equal(bad, 1);
	s[1].ends_at = T0 + 60 * M;

	/* One minute of overlap on track 0: the later item is at fault. */
	s[3].starts_at = T0 + 59 * M;
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, &bad, &other),
	    AGENDA_OVERLAP);
	assert_int_equal(bad, 3);
	assert_int_equal(other, 1);
	/* The same times on another track are fine. */
	s[3].track = 2;
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, NULL, NULL),
	    AGENDA_OK);
	/* An item inside another one. */
	s[3] = slot(4, 20, 30, 0);
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, &bad, &other),
	    AGENDA_OVERLAP);
	assert_int_equal(bad, 3);
	assert_int_equal(other, 1);
}

static void
test_swap(void **state)
{
	struct agenda_slot s[4];

	(void)state;
	/* A 9.00-9.30, B 9.40-10.00, C 10.00-10.15, W on track 1. */
	s[0] = slot(10, 0, 30, 0);
	s[1] = slot(11, 40, 60, 0);
	s[2] = slot(12, 60, 75, 0);
	s[3] = slot(13, 0, 75, 1);

	assert_int_equal(agenda_swap(s, 4, 10, true), AGENDA_OK);
	/* B 9.00-9.20, then the 10-minute gap, then A 9.30-10.00. */
	assert_int_equal(s[1].starts_at, T0);
	assert_int_equal(s[1].ends_at, T0 + 20 * M);
	assert_int_equal(s[0].starts_at, T0 + 30 * M);
	assert_int_equal(s[0].ends_at, T0 + 60 * M);
	assert_true(s[0].changed && s[1].changed);
	assert_false(s[2].changed);
	assert_false(s[3].changed);
	assert_int_equal(s[2].starts_at, T0 + 60 * M);
	assert_int_equal(agenda_check(s, 4, T0, T0 + 75 * M, NULL, NULL),
	    AGENDA_OK);

	/* Back again, by moving A earlier: the original times return. */
	s[0].changed = s[1].changed = false;
	assert_int_equal(agenda_swap(s, 4, 10, false), AGENDA_OK);
	assert_int_equal(s[0].starts_at, T0);
	assert_int_equal(s[0].ends_at, T0 + 30 * M);
	assert_int_equal(s[1].starts_at, T0 + 40 * M);
	assert_int_equal(s[1].ends_at, T0 + 60 * M);

	/* The first of its track cannot move earlier, the last not later,
	 * and the only item of track 1 neither way. */
	assert_int_equal(agenda_swap(s, 4, 10, false), AGENDA_NO_NEIGHBOUR);
	assert_int_equal(agenda_swap(s, 4, 12, true), AGENDA_NO_NEIGHBOUR);
	assert_int_equal(agenda_swap(s, 4, 13, true), AGENDA_NO_NEIGHBOUR);
	assert_int_equal(agenda_swap(s, 4, 13, false), AGENDA_NO_NEIGHBOUR);
	assert_int_equal(s[0].starts_at, T0);
	assert_int_equal(agenda_swap(s, 4, 99, true), AGENDA_UNKNOWN);

	/* C later than B: the neighbour is the closest, not any later one. */
	assert_int_equal(agenda_swap(s, 4, 11, true), AGENDA_OK);
	assert_int_equal(s[2].starts_at, T0 + 40 * M);
	assert_int_equal(s[2].ends_at, T0 + 55 * M);
	assert_int_equal(s[1].starts_at, T0 + 55 * M);
	assert_int_equal(s[1].ends_at, T0 + 75 * M);
	assert_int_equal(s[0].ends_at, T0 + 30 * M);
}

static void
test_retime(void **state)
{
	struct agenda_slot s[4];
	size_t bad = 99;

	(void)state;
	s[0] = slot(1, 0, 15, 0);	/* opening 9.00-9.15 */
	s[1] = slot(2, 15, 60, 0);	/* talks 9.15-10.00 */
	s[2] = slot(3, 70, 120, 0);	/* panel 10.10-11.00 */
	s[3] = slot(4, 60, 70, 1);	/* a parallel item 10.00-10.10 */

	/* The opening grows by ten minutes and everything after follows. */
	assert_int_equal(agenda_retime(s, 4, 1, T0, T0 + 25 * M, true, T0,
	    T0 + 150 * M, &bad), AGENDA_OK);
	assert_int_equal(s[0].ends_at, T0 + 25 * M);
	assert_int_equal(s[1].starts_at, T0 + 25 * M);
	assert_int_equal(s[1].ends_at, T0 + 70 * M);
	assert_int_equal(s[2].starts_at, T0 + 80 * M);
	assert_int_equal(s[3].starts_at, T0 + 70 * M);
	assert_true(s[0].changed && s[1].changed && s[2].changed &&
	    s[3].changed);

	/* Shortened again by ten minutes: back to the start. */
	assert_int_equal(agenda_retime(s, 4, 1, T0, T0 + 15 * M, true, T0,
	    T0 + 150 * M, &bad), AGENDA_OK);
	assert_int_equal(s[1].starts_at, T0 + 15 * M);
	assert_int_equal(s[2].ends_at, T0 + 120 * M);

	/* Without shifting, a longer opening overlaps the talks: refused,
	 * and nothing has changed. */
	assert_int_equal(agenda_retime(s, 4, 1, T0, T0 + 25 * M, false, T0,
	    T0 + 150 * M, &bad), AGENDA_OVERLAP);
	assert_int_equal(bad, 1);
	assert_int_equal(s[0].ends_at, T0 + 15 * M);
	assert_false(s[0].changed);

	/* Shifting that pushes the panel past the event's end: refused and
	 * undone, the shifted items included. */
	assert_int_equal(agenda_retime(s, 4, 2, T0 + 15 * M, T0 + 100 * M,
	    true, T0, T0 + 150 * M, &bad), AGENDA_OUTSIDE);
	assert_int_equal(bad, 2);
	assert_int_equal(s[1].ends_at, T0 + 60 * M);
	assert_int_equal(s[2].starts_at, T0 + 70 * M);
	assert_int_equal(s[3].starts_at, T0 + 60 * M);
	assert_false(s[2].changed || s[3].changed);

	/* Shortening the talks without shifting leaves a gap; the items
	 * starting before the old end (the opening) never move. */
	assert_int_equal(agenda_retime(s, 4, 2, T0 + 15 * M, T0 + 45 * M,
	    false, T0, T0 + 150 * M, &bad), AGENDA_OK);
	assert_int_equal(s[2].starts_at, T0 + 70 * M);
	assert_false(s[2].changed);
	assert_int_equal(agenda_retime(s, 4, 2, T0 + 15 * M, T0 + 40 * M,
	    true, T0, T0 + 150 * M, &bad), AGENDA_OK);
	/* Only the slots at or after the old end (9.45) moved 5 min. */
	assert_int_equal(s[2].starts_at, T0 + 65 * M);
	assert_int_equal(s[3].starts_at, T0 + 55 * M);
	assert_int_equal(s[0].starts_at, T0);
	assert_false(s[0].changed);

	/* An end before the start. */
	assert_int_equal(agenda_retime(s, 4, 3, T0 + 65 * M, T0 + 60 * M,
	    false, T0, T0 + 150 * M, &bad), AGENDA_ORDER);
	assert_int_equal(agenda_retime(s, 4, 42, T0, T0 + M, false, T0,
	    T0 + 150 * M, &bad), AGENDA_UNKNOWN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_swap),
		cmocka_unit_test(test_retime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

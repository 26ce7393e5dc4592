/*
 * test_rules.c - status and progress rules of concrete actions, the date
 * arithmetic behind "overdue", and the stored names of a period's format
 * and of a municipality's role in it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/time.h"
#include "programme/programme.h"
#include "programme/rules.h"

static struct action_state
st(enum action_status s, int p)
{
	return (struct action_state){ s, p };
}

/* Applies want to cur and checks the stored result (or the refusal). */
static void
check(struct action_state cur, struct action_state want, bool given,
    enum action_status status, int progress, bool refused)
{
	struct action_state out = st(ACTION_DROPPED, -7);
	const char *err = action_apply(&cur, &want, given, &out);

	if (refused) {
		assert_non_null(err);
		return;
	}
	assert_null(err);
	assert_int_equal(out.status, status);
	assert_int_equal(out.progress, progress);
}

static void
test_names(void **state)
{
	enum action_status s;
	int i;

	(void)state;
	for (i = 0; i < ACTION_STATUS_COUNT; i++) {
		assert_int_equal(action_status_parse(action_status_name(i), &s), 0);
		assert_int_equal(s, i);
		assert_non_null(action_status_label(i));
	}
	assert_string_equal(action_status_name(ACTION_IN_PROGRESS), "in-progress");
	assert_int_equal(action_status_parse("finished", &s), -1);
	assert_int_equal(action_status_parse("", &s), -1);
}

static void
test_planned(void **state)
{
	(void)state;
	/* Planned keeps no progress. */
	check(st(ACTION_IN_PROGRESS, 40), st(ACTION_PLANNED, 0), false,
	    ACTION_PLANNED, 0, false);
	/* Reporting progress on a planned action starts it... */
	check(st(ACTION_PLANNED, 0), st(ACTION_PLANNED, 30), true,
	    ACTION_IN_PROGRESS, 30, false);
	/* ...or finishes it at 100 %. */
	check(st(ACTION_PLANNED, 0), st(ACTION_PLANNED, 100), true,
	    ACTION_DONE, 100, false);
	/* Moving a started action back to planned with progress is refused. */
	check(st(ACTION_IN_PROGRESS, 40), st(ACTION_PLANNED, 40), true,
	    ACTION_PLANNED, 0, true);
}

static void
test_in_progress(void **state)
{
	(void)state;
	check(st(ACTION_PLANNED, 0), st(ACTION_IN_PROGRESS, 0), false,
	    ACTION_IN_PROGRESS, 0, false);
	check(st(ACTION_IN_PROGRESS, 10), st(ACTION_IN_PROGRESS, 55), true,
	    ACTION_IN_PROGRESS, 55, false);
	/* Reaching 100 % marks it done. */
	check(st(ACTION_IN_PROGRESS, 90), st(ACTION_IN_PROGRESS, 100), true,
	    ACTION_DONE, 100, false);
	/* Reopening a done action without a figure leaves it just short. */
	check(st(ACTION_DONE, 100), st(ACTION_IN_PROGRESS, 0), false,
	    ACTION_IN_PROGRESS, 99, false);
	check(st(ACTION_DONE, 100), st(ACTION_IN_PROGRESS, 70), true,
	    ACTION_IN_PROGRESS, 70, false);
}

static void
test_done_and_dropped(void **state)
{
	(void)state;
	check(st(ACTION_IN_PROGRESS, 60), st(ACTION_DONE, 0), false,
	    ACTION_DONE, 100, false);
	check(st(ACTION_IN_PROGRESS, 60), st(ACTION_DONE, 100), true,
	    ACTION_DONE, 100, false);
	/* Done at 60 % is a contradiction, refused. */
	check(st(ACTION_IN_PROGRESS, 60), st(ACTION_DONE, 60), true,
	    ACTION_DONE, 100, true);
	/* Dropping keeps how far it got. */
	check(st(ACTION_IN_PROGRESS, 60), st(ACTION_DROPPED, 0), false,
	    ACTION_DROPPED, 60, false);
	check(st(ACTION_IN_PROGRESS, 60), st(ACTION_DROPPED, 20), true,
	    ACTION_DROPPED, 20, false);
}

static void
test_range(void **state)
{
	(void)state;
	check(st(ACTION_PLANNED, 0), st(ACTION_IN_PROGRESS, -1), true,
	    ACTION_PLANNED, 0, true);
	check(st(ACTION_PLANNED, 0), st(ACTION_IN_PROGRESS, 101), true,
	    ACTION_PLANNED, 0, true);
	check(st(ACTION_PLANNED, 0), st(ACTION_DROPPED, 1000), true,
	    ACTION_PLANNED, 0, true);
}

static void
test_dates(void **state)
{
	int days;

	(void)state;
	assert_true(time_date_valid("2021-10-06"));
	assert_true(time_date_valid("2024-02-29"));
	assert_false(time_date_valid("2023-02-29"));
	assert_false(time_date_valid("2021-04-31"));
	assert_false(time_date_valid("2021-13-01"));
	assert_false(time_date_valid("2021-1-01"));
	assert_false(time_date_valid("2021-01-01 "));
	assert_false(time_date_valid("20a1-01-01"));
	assert_false(time_date_valid(""));
	assert_false(time_date_valid(NULL));
	assert_true(action_days_left("2021-10-08", "2021-10-06", &days));
	assert_int_equal(days, 2);
	/* Across the end of summer time (31.10.2021) a day is still a day. */
	assert_true(action_days_left("2021-11-01", "2021-10-30", &days));
	assert_int_equal(days, 2);
	assert_true(action_days_left("2020-12-31", "2021-01-01", &days));
	assert_int_equal(days, -1);
	assert_false(action_days_left(NULL, "2021-01-01", &days));
	assert_false(action_days_left("2021-02-30", "2021-01-01", &days));
}

static void
test_overdue(void **state)
{
	(void)state;
	assert_true(action_overdue("2021-10-05", "2021-10-06", ACTION_PLANNED));
	assert_true(action_overdue("2021-10-05", "2021-10-06", ACTION_IN_PROGRESS));
	/* Due today is not yet overdue. */
	assert_false(action_overdue("2021-10-06", "2021-10-06", ACTION_PLANNED));
	assert_false(action_overdue("2021-10-05", "2021-10-06", ACTION_DONE));
	assert_false(action_overdue("2021-10-05", "2021-10-06", ACTION_DROPPED));
	assert_false(action_overdue(NULL, "2021-10-06", ACTION_PLANNED));
	assert_false(action_overdue("", "2021-10-06", ACTION_PLANNED));
}

static void
test_period_names(void **state)
{
	enum period_format f;
	enum period_role r;
	int i;

	(void)state;
	for (i = 0; i < PERIOD_FORMAT_COUNT; i++) {
		assert_int_equal(period_format_parse(period_format_name(
		    (enum period_format)i), &f), 0);
		assert_int_equal(f, i);
	}
	assert_string_equal(period_format_name(PERIOD_TUTOR_WEBINARS),
	    "tutor-webinars");
	assert_int_equal(period_format_parse("Sparring", &f), -1);
	assert_int_equal(period_format_parse("", &f), -1);
	assert_int_equal(period_format_parse(NULL, &f), -1);
	assert_int_equal(period_role_parse("sparred", &r), 0);
	assert_int_equal(r, PERIOD_ROLE_SPARRED);
	assert_string_equal(period_role_name(PERIOD_ROLE_PARTICIPANT),
	    "participant");
	assert_int_equal(period_role_parse("coach", &r), -1);
	/* Tutors sort before the sparred, and they before participants. */
	assert_true(PERIOD_ROLE_TUTOR < PERIOD_ROLE_SPARRED &&
	    PERIOD_ROLE_SPARRED < PERIOD_ROLE_PARTICIPANT);
}

static void
test_session_modes(void **state)
{
	enum session_mode m;

	(void)state;
	assert_int_equal(session_mode_parse("remote", &m), 0);
	assert_int_equal(m, SESSION_REMOTE);
	assert_int_equal(session_mode_parse("on-site", &m), 0);
	assert_int_equal(m, SESSION_ON_SITE);
	assert_string_equal(session_mode_names[SESSION_REMOTE], "remote");
	assert_int_equal(session_mode_parse("hybrid", &m), -1);
	assert_int_equal(session_mode_parse("", &m), -1);
}

static void
test_supported_role(void **state)
{
	(void)state;
	assert_int_equal(period_supported_role(PERIOD_SPARRING),
	    PERIOD_ROLE_SPARRED);
	assert_int_equal(period_supported_role(PERIOD_VISITS),
	    PERIOD_ROLE_PARTICIPANT);
	assert_int_equal(period_supported_role(PERIOD_TUTOR_WEBINARS),
	    PERIOD_ROLE_PARTICIPANT);
	assert_int_equal(period_supported_role(PERIOD_OTHER),
	    PERIOD_ROLE_PARTICIPANT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_planned),
		cmocka_unit_test(test_in_progress),
		cmocka_unit_test(test_done_and_dropped),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_period_names),
		cmocka_unit_test(test_supported_role),
		cmocka_unit_test(test_session_modes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

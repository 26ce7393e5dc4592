/*
 * test_kit.c - the module kit's pure parts: the form model's readers and
 * error list (view/form.h), and the object-scope rules of the policy
 * (policy_reaches(), policy_home_region(), policy_region_filter()).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "base/time.h"
#include "http/parse.h"
#include "http/request.h"
#include "view/form.h"

static struct request *
req(const char *body)
{
	struct request *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	arena_init(&r->arena);
	assert_int_equal(form_parse(&r->arena, body, strlen(body), &r->form),
	    PARSE_OK);
	return r;
}

static void
req_free(struct request *r)
{
	arena_cleanup(&r->arena);
	free(r);
}

static void
test_form_all_errors_at_once(void **state)
{
	struct request *r = req("title=&email=not-an-address&n=12&kind=x"
	    "&note=a%0Db");
	struct form f;
	struct form_errors e;

	(void)state;
	form_begin(&f, r);
	assert_string_equal(form_text(&f, "title", FORM_REQUIRED, 10,
	    "Write a title."), "");
	assert_string_equal(form_email(&f, "email", FORM_REQUIRED,
	    "Write an e-mail address."), "not-an-address");
	assert_int_equal(form_int(&f, "n", 1, 10, 5, FORM_REQUIRED,
	    "From 1 to 10."), 5);
	assert_int_equal(form_choice(&f, "kind", (const char *const[]){ "a",
	    "b" }, 2, FORM_REQUIRED, "Choose a kind."), -1);
	/* One line: a CR is a control character there. */
	form_text(&f, "note", 0, 100, "One line only.");
	form_error(&f, "title", "A second mistake of the same field.");
	assert_false(form_ok(&f));
	e = form_errors(&f);
	assert_int_equal(e.n, 5);
	assert_string_equal(e.v[0].field, "title");
	assert_string_equal(form_error_of(&e, "title"), "Write a title.");
	assert_string_equal(form_error_of(&e, "note"), "One line only.");
	assert_null(form_error_of(&e, "missing"));
	req_free(r);
}

static void
test_form_values(void **state)
{
	struct request *r = req("title=+%20Hello+&body=a%0D%0Ab%0Dc&email="
	    "maija%40example.fi&n=-3&kind=b&box=on&long=%C3%A4%C3%A4%C3%A4");
	struct form f;

	(void)state;
	form_begin(&f, r);
	assert_string_equal(form_text(&f, "title", FORM_REQUIRED, 5, "x"),
	    "Hello");
	assert_string_equal(form_text(&f, "body", FORM_MULTILINE, 100, "x"),
	    "a\nb\nc");
	assert_string_equal(form_email(&f, "email", 0, "x"),
	    "maija@example.fi");
	assert_int_equal(form_int(&f, "n", -5, 5, 0, 0, "x"), -3);
	assert_int_equal(form_int(&f, "absent", 0, 5, 4, 0, "x"), 4);
	assert_int_equal(form_choice(&f, "kind", (const char *const[]){ "a",
	    "b" }, 2, 0, "x"), 1);
	assert_true(form_checkbox(&f, "box"));
	assert_false(form_checkbox(&f, "nobox"));
	/* Three characters, six bytes: the limit counts characters. */
	assert_string_equal(form_text(&f, "long", 0, 3, "x"), "äää");
	assert_true(form_ok(&f));
	form_text(&f, "long", 0, 2, "too long");
	assert_false(form_ok(&f));
	req_free(r);
}

static void
test_form_email_rule(void **state)
{
	(void)state;
	assert_true(form_email_valid("a.b@c.fi"));
	assert_false(form_email_valid("a@b"));
	assert_false(form_email_valid("@b.fi"));
	assert_false(form_email_valid("a@@b.fi"));
	assert_false(form_email_valid("a b@c.fi"));
	assert_false(form_email_valid("a@b.fi>"));
	assert_false(form_email_valid("a@b.fi\r\nBcc: x@y.fi"));
	assert_false(form_email_valid("a@b."));
}

static void
test_form_dates(void **state)
{
	struct request *r = req("d1=2021-10-06&d2=6.10.2021&d3=31.2.2021"
	    "&d4=6.10.21&t1=9.00&t2=14:30&t3=24:00&t4=9:5"
	    "&gd=2021-03-28&gt=03:30&od=2021-10-06&ot=09:00");
	struct form f;
	int64_t t;

	(void)state;
	time_init();
	form_begin(&f, r);
	assert_string_equal(form_date(&f, "d1", 0), "2021-10-06");
	assert_string_equal(form_date(&f, "d2", 0), "2021-10-06");
	assert_true(form_ok(&f));
	assert_string_equal(form_date(&f, "d3", 0), "");
	assert_string_equal(form_date(&f, "d4", 0), "");
	assert_int_equal(form_time(&f, "t1", 0), 9 * 60);
	assert_int_equal(form_time(&f, "t2", 0), 14 * 60 + 30);
	assert_int_equal(form_time(&f, "t3", 0), -1);
	assert_int_equal(form_time(&f, "t4", 0), -1);
	assert_int_equal(form_errors(&f).n, 4);
	/* Empty and optional: no mistake, 0. */
	assert_int_equal(form_datetime(&f, "nd", "nt", 0), 0);
	assert_int_equal(form_errors(&f).n, 4);
	assert_int_equal(form_datetime(&f, "nd", "nt", FORM_REQUIRED), 0);
	assert_int_equal(form_errors(&f).n, 6);
	/* 6 Oct 2021 9:00 in Helsinki is 06:00 UTC (summer time). */
	t = form_datetime(&f, "od", "ot", FORM_REQUIRED);
	assert_int_equal(t, 1633500000);
	/* 28 Mar 2021 03:30 does not exist in Helsinki. */
	assert_int_equal(form_datetime(&f, "gd", "gt", FORM_REQUIRED), 0);
	{
		struct form_errors e = form_errors(&f);

		assert_non_null(form_error_of(&e, "gt"));
	}
	req_free(r);
}

static void
test_policy_scope(void **state)
{
	const char *tutored[] = { "091" };
	struct user anon = { 0 };
	struct user admin = { .id = 1, .role = ROLE_ADMIN };
	struct user coord = { .id = 2, .role = ROLE_COORDINATOR,
	    .region_id = 7 };
	struct user other = { .id = 3, .role = ROLE_COORDINATOR,
	    .region_id = 8 };
	struct user muni = { .id = 4, .role = ROLE_MUNICIPAL, .region_id = 7,
	    .municipality = "091" };
	struct user tutor = { .id = 5, .role = ROLE_TUTOR, .region_id = 7,
	    .scopes = tutored, .nscopes = 1 };
	struct object_scope draft = { .region_id = 7 };
	struct object_scope pub = { .region_id = 7, .published = true };
	struct object_scope ws = { .region_id = 7, .municipality = "091" };

	(void)state;
	assert_true(policy_reaches(&anon, SCOPE_ANYONE, &draft));
	assert_true(policy_reaches(&anon, SCOPE_PUBLISHED, &pub));
	assert_false(policy_reaches(&anon, SCOPE_PUBLISHED, &draft));
	assert_true(policy_reaches(&coord, SCOPE_PUBLISHED, &draft));
	assert_false(policy_reaches(&other, SCOPE_PUBLISHED, &draft));
	assert_true(policy_reaches(&admin, SCOPE_MANAGED, &draft));
	assert_false(policy_reaches(&other, SCOPE_MANAGED, &draft));
	assert_false(policy_reaches(&muni, SCOPE_MANAGED, &ws));
	assert_true(policy_reaches(&muni, SCOPE_EDITED, &ws));
	assert_true(policy_reaches(&tutor, SCOPE_WORKED_ON, &ws));
	assert_false(policy_reaches(&tutor, SCOPE_EDITED, &ws));
	assert_true(policy_reaches(&coord, SCOPE_SEEN, &ws));
	assert_false(policy_reaches(&other, SCOPE_SEEN, &ws));
	/* No municipality on the object: nobody below a coordinator. */
	assert_false(policy_reaches(&muni, SCOPE_SEEN, &draft));
	/* Accounts: a coordinator manages those below coordinator in their
	 * region; an administrator all. */
	{
		struct object_scope tut = { .region_id = 7, .role = ROLE_TUTOR };
		struct object_scope peer = { .region_id = 7,
		    .role = ROLE_COORDINATOR };
		struct object_scope far = { .region_id = 8, .role = ROLE_TUTOR };

		assert_true(policy_reaches(&coord, SCOPE_ACCOUNT, &tut));
		assert_false(policy_reaches(&coord, SCOPE_ACCOUNT, &peer));
		assert_false(policy_reaches(&coord, SCOPE_ACCOUNT, &far));
		assert_true(policy_reaches(&admin, SCOPE_ACCOUNT, &peer));
		assert_false(policy_reaches(&muni, SCOPE_ACCOUNT, &tut));
	}

	assert_int_equal(policy_home_region(&admin, 1), 1);
	assert_int_equal(policy_home_region(&coord, 1), 7);
	assert_int_equal(policy_home_region(&tutor, 1), 0);
	assert_int_equal(policy_region_filter(&admin), 0);
	assert_int_equal(policy_region_filter(&coord), 7);
	assert_int_equal(policy_region_filter(&muni), -1);
	assert_int_equal(policy_region_filter(&anon), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_all_errors_at_once),
		cmocka_unit_test(test_form_values),
		cmocka_unit_test(test_form_email_rule),
		cmocka_unit_test(test_form_dates),
		cmocka_unit_test(test_policy_scope),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_training.c - the rules of a training's test (training_rules.c):
 * the seeded order, the answer parser, marking and the attempt rule; and
 * learning_period_figures() on a migrated SQLite database, counting only
 * the region's rows inside the period.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "db/db.h"
#include "learning/learning.h"
#include "learning/training.h"
#include "../core/tempdb.h"

/* A bank of three questions: 10 (single: 101 right, 102), 20 (multiple:
 * 201 and 203 right, 202), 30 (single: 301, 302 right, 303, 304). */
static struct train_option o10[] = { { 101, true, { "a" } },
	{ 102, false, { "b" } } };
static struct train_option o20[] = { { 201, true, { "a" } },
	{ 202, false, { "b" } }, { 203, true, { "c" } } };
static struct train_option o30[] = { { 301, false, { "a" } },
	{ 302, true, { "b" } }, { 303, false, { "c" } },
	{ 304, false, { "d" } } };

static void
bank(struct train_question q[3], struct train_option opts[9])
{
	memcpy(opts, o10, sizeof(o10));
	memcpy(opts + 2, o20, sizeof(o20));
	memcpy(opts + 5, o30, sizeof(o30));
	memset(q, 0, 3 * sizeof(*q));
	q[0] = (struct train_question){ .id = 10, .options = opts,
	    .noptions = 2 };
	q[1] = (struct train_question){ .id = 20, .multiple = true,
	    .options = opts + 2, .noptions = 3 };
	q[2] = (struct train_question){ .id = 30, .options = opts + 5,
	    .noptions = 4 };
}

static void
order(const struct train_question *q, char *out)
{
	size_t i, k;

	*out = '\0';
	for (i = 0; i < 3; i++) {
		sprintf(out + strlen(out), "%lld:", (long long)q[i].id);
		for (k = 0; k < q[i].noptions; k++)
			sprintf(out + strlen(out), "%lld,",
			    (long long)q[i].options[k].id);
	}
}

static void
test_shuffle(void **state)
{
	struct train_question q[3];
	struct train_option opts[9];
	char a[200], b[200], c[200];
	uint64_t seed;
	int differs = 0;

	(void)state;
	bank(q, opts);
	train_shuffle(q, 3, 12345);
	order(q, a);
	bank(q, opts);
	train_shuffle(q, 3, 12345);
	order(q, b);
	assert_string_equal(a, b);	/* the same seed, the same order */
	/* Other seeds give other orders, and each keeps every id. */
	for (seed = 1; seed < 40; seed++) {
		bank(q, opts);
		train_shuffle(q, 3, seed);
		order(q, c);
		differs += strcmp(c, a) != 0;
		assert_non_null(strstr(c, "10:"));
		assert_non_null(strstr(c, "20:"));
		assert_non_null(strstr(c, "304,"));
		assert_int_equal(strlen(c), strlen(a));
	}
	assert_true(differs > 30);
}

/* The arena of parse()'s results: each call starts it again. */
static struct arena parse_arena;
static bool parse_used;

static void
parse_done(void)
{
	if (parse_used)
		arena_cleanup(&parse_arena);
	parse_used = false;
}

/* Parses pairs "name=value" (NULL-terminated) against the bank. */
static enum train_parse
parse(const char *const *pairs, struct train_choice **c, size_t *nc,
    bool answered[3])
{
	static struct train_question q[3];
	static struct train_option opts[9];
	static struct kv items[64];
	struct arena *ap = &parse_arena;
	struct kv_list l = { items, 0 };

	bank(q, opts);
	parse_done();
	arena_init(ap);
	parse_used = true;
	for (; *pairs != NULL; pairs++) {
		const char *eq = strchr(*pairs, '=');

		items[l.n].name = arena_strndup(ap, *pairs,
		    (size_t)(eq - *pairs));
		items[l.n].value = eq + 1;
		items[l.n].value_len = strlen(eq + 1);
		l.n++;
	}
	return train_answers_parse(ap, &l, "csrf", q, 3, c, nc, answered);
}

static void
test_parse(void **state)
{
	struct train_choice *c;
	bool ans[3];
	size_t nc;

	(void)state;
	assert_int_equal(parse((const char *[]){ "csrf=x", "q10=101",
	    "q20=201", "q20=203", "q30=302", NULL }, &c, &nc, ans),
	    TRAIN_PARSE_OK);
	assert_int_equal(nc, 4);
	assert_true(ans[0] && ans[1] && ans[2]);
	assert_int_equal(parse((const char *[]){ "q10=101", NULL }, &c, &nc,
	    ans), TRAIN_PARSE_OK);
	assert_true(ans[0] && !ans[1] && !ans[2]);
	assert_int_equal(parse((const char *[]){ "q11=101", NULL }, &c, &nc,
	    ans), TRAIN_PARSE_UNKNOWN_QUESTION);
	assert_int_equal(parse((const char *[]){ "q10=201", NULL }, &c, &nc,
	    ans), TRAIN_PARSE_UNKNOWN_OPTION);
	assert_int_equal(parse((const char *[]){ "q10=0101", NULL }, &c, &nc,
	    ans), TRAIN_PARSE_UNKNOWN_OPTION);
	assert_int_equal(parse((const char *[]){ "q10=", NULL }, &c, &nc,
	    ans), TRAIN_PARSE_UNKNOWN_OPTION);
	assert_int_equal(parse((const char *[]){ "q010=101", NULL }, &c, &nc,
	    ans), TRAIN_PARSE_UNKNOWN_FIELD);
	assert_int_equal(parse((const char *[]){ "name=x", NULL }, &c, &nc,
	    ans), TRAIN_PARSE_UNKNOWN_FIELD);
	assert_int_equal(parse((const char *[]){ "q20=201", "q20=201", NULL },
	    &c, &nc, ans), TRAIN_PARSE_DUPLICATE);
	assert_int_equal(parse((const char *[]){ "q10=101", "q10=102", NULL },
	    &c, &nc, ans), TRAIN_PARSE_NOT_ONE);
	assert_int_equal(parse((const char *[]){ "q10=1\x01", NULL }, &c, &nc,
	    ans), TRAIN_PARSE_BAD_TEXT);
	assert_int_equal(parse((const char *[]){ "q10=\xc3", NULL }, &c, &nc,
	    ans), TRAIN_PARSE_BAD_TEXT);
	/* At most one field per option and the token. */
	assert_int_equal(parse((const char *[]){ "csrf=x", "q10=101",
	    "q20=201", "q20=202", "q20=203", "q30=301", "q30=302", "q30=303",
	    "q30=304", "q10=102", "x=y", NULL }, &c, &nc, ans),
	    TRAIN_PARSE_TOO_MANY);
	parse_done();
}

/* A choice not yet marked. */
#define CHOICE(q, o) { (q), (o), TRAIN_UNMARKED }

static void
test_mark(void **state)
{
	struct train_question q[3];
	struct train_option opts[9];
	struct train_choice all[] = { CHOICE(10, 101), CHOICE(20, 201),
		CHOICE(20, 203), CHOICE(30, 302) };
	struct train_choice part[] = { CHOICE(10, 101), CHOICE(20, 201),
		CHOICE(30, 301) };
	struct train_choice extra[] = { CHOICE(20, 201), CHOICE(20, 202),
		CHOICE(20, 203) };
	size_t i;

	(void)state;
	bank(q, opts);
	assert_int_equal(train_score(q, 3, all, 4), 3);
	assert_int_equal(train_score(q, 3, part, 3), 1);
	assert_false(train_question_right(&q[1], extra, 3));
	assert_false(train_question_right(&q[1], part, 3));
	assert_true(train_passes(8, 10, 80));
	assert_false(train_passes(7, 10, 80));
	assert_true(train_passes(2, 3, 66));
	assert_false(train_passes(2, 3, 67));
	assert_false(train_passes(0, 0, 1));

	/* Unmarked choices are judged against the question as it is. */
	assert_false(train_answer_right(&q[1], part, 3));
	/* Each choice takes its question's verdict. */
	train_mark(q, 3, all, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(all[i].mark, TRAIN_MARKED_RIGHT);
	train_mark(q, 3, part, 3);
	assert_int_equal(part[0].mark, TRAIN_MARKED_RIGHT);
	assert_int_equal(part[1].mark, TRAIN_MARKED_WRONG);
	assert_int_equal(part[2].mark, TRAIN_MARKED_WRONG);
	/* The trainer makes 202 the only right answer of question 20: the
	 * stored verdicts still say what the score counted. */
	for (i = 0; i < q[1].noptions; i++)
		q[1].options[i].correct = q[1].options[i].id == 202;
	assert_false(train_question_right(&q[1], all, 4));
	assert_true(train_answer_right(&q[1], all, 4));
	assert_false(train_answer_right(&q[1], part, 3));
	assert_true(train_answer_right(&q[0], part, 3));
}

static void
test_state(void **state)
{
	struct train_test_facts f = { .nquestions = 10, .max_attempts = 3,
		.cooldown_minutes = 60 };
	int64_t until;

	(void)state;
	assert_int_equal(train_test_state(&f, 1000, &until),
	    TRAIN_TEST_CAN_START);
	f.open = true;
	assert_int_equal(train_test_state(&f, 1000, &until), TRAIN_TEST_OPEN);
	f.open = false;
	f.submitted = 1;
	f.last_submitted_at = 1000;
	assert_int_equal(train_test_state(&f, 1000 + 3599, &until),
	    TRAIN_TEST_COOLING);
	assert_int_equal(until, 1000 + 3600);
	assert_int_equal(train_test_state(&f, 1000 + 3600, &until),
	    TRAIN_TEST_CAN_START);
	f.submitted = 3;
	assert_int_equal(train_test_state(&f, 99999, &until),
	    TRAIN_TEST_NO_ATTEMPTS);
	f.passed = true;
	assert_int_equal(train_test_state(&f, 99999, &until),
	    TRAIN_TEST_PASSED);
	f = (struct train_test_facts){ .max_attempts = 3 };
	assert_int_equal(train_test_state(&f, 1, &until), TRAIN_TEST_NONE);
}

static void
test_figures(void **state)
{
	struct learning_figures lf;
	char dir[64], path[96];
	struct db *db;

	(void)state;
	assert_int_equal(tempdb_open("training", dir, path, &db), 0);
	/* Region 901 in the period [1000, 2000); region 902 and rows
	 * outside the period must not count. */
	assert_int_equal(db_exec(db,
	    "INSERT INTO region (id, code, name_fi) VALUES (901, 'ta', 'A'), "
	    "(902, 'tb', 'B');"
	    "INSERT INTO account (id, email, role, created_at) VALUES "
	    "(801, 'a@example.fi', 'supporter', 0), "
	    "(802, 'b@example.fi', 'supporter', 0);"
	    "INSERT INTO achievement (id, region_id, name_fi, image_type, "
	    "image_data, image_sha256, created_at, updated_at) VALUES "
	    "(701, 901, 'M', 'svg', '<svg/>', 'x', 0, 0), "
	    "(702, 902, 'M', 'svg', '<svg/>', 'x', 0, 0);"
	    "INSERT INTO badge_award (id, uuid, achievement_id, lang, "
	    "recipient_name, recipient_email, salt, issued_at, status_list, "
	    "status_index, revoked_at) VALUES "
	    "(1, 'u1', 701, 'fi', 'A', 'a@example.fi', 's', 1500, 1, 1, NULL), "
	    "(2, 'u2', 701, 'fi', 'B', 'b@example.fi', 's', 500, 1, 2, 1600), "
	    "(3, 'u3', 702, 'fi', 'B', 'b@example.fi', 's', 1500, 1, 3, 1600), "
	    "(4, 'u4', 701, 'fi', 'A', 'a@example.fi', 's', 2000, 1, 4, NULL);"
	    "INSERT INTO training (id, region_id, name_fi, created_at, "
	    "updated_at) VALUES (601, 901, 'K', 1200, 1200), "
	    "(602, 901, 'K', 900, 900), (603, 902, 'K', 1200, 1200);"
	    "INSERT INTO training_enrolment (training_id, account_id, name, "
	    "enrolled_at, completed_at, completed_via) VALUES "
	    "(601, 801, 'A', 1300, 1400, 'test'), "
	    "(602, 801, 'A', 950, 1100, 'trainer'), "
	    "(601, 802, 'B', 1999, NULL, NULL), "
	    "(603, 801, 'A', 1300, 1400, 'test');"
	    "INSERT INTO training_attempt (training_id, account_id, seed, "
	    "started_at, submitted_at, score, total, passed) VALUES "
	    "(601, 801, 1, 1390, 1400, 10, 10, 1), "
	    "(601, 802, 1, 1390, 1400, 2, 10, 0), "
	    "(602, 801, 1, 2000, 2001, 10, 10, 1), "
	    "(603, 801, 1, 1390, 1400, 10, 10, 1);"), 0);
	assert_int_equal(learning_period_figures(db, 901, 1000, 2000, &lf), 0);
	assert_int_equal(lf.trainings, 1);
	assert_int_equal(lf.enrolments, 2);
	assert_int_equal(lf.completions, 2);
	assert_int_equal(lf.tests_passed, 1);
	assert_int_equal(lf.badges_awarded, 1);
	assert_int_equal(lf.badges_revoked, 1);
	assert_int_equal(learning_period_figures(db, 903, 0, 5000, &lf), 0);
	assert_int_equal(lf.trainings + lf.enrolments + lf.completions +
	    lf.tests_passed + lf.badges_awarded + lf.badges_revoked, 0);
	tempdb_close(dir, db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shuffle),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_mark),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_figures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * training.h - trainings and their online tests (issue 17): the rules
 * (training_rules.c, pure, unit tested and fuzzed), the store
 * (training_store.c) and the staff pages (training.c).
 *
 * A training's sessions are ordinary events; enrolling in one is a
 * registration through registration_create(), so seats, the waiting list
 * and offers are the events module's.  A test attempt stores its seed:
 * the order of its questions and options is train_shuffle() of that seed,
 * the same on every reload.  Passing the test (or the trainer marking the
 * enrolment completed) completes the enrolment and awards the training's
 * achievement in one transaction.
 */
#ifndef TV_LEARNING_TRAINING_H
#define TV_LEARNING_TRAINING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/parse.h"
#include "view/i18n.h"

#define TRAIN_OPTIONS_MAX 6		/* options of a question */
#define TRAIN_QUESTIONS_MAX 50		/* questions of a test */
#define TRAIN_TEXT_MAX 1000		/* characters of a question's text */
#define TRAIN_ENROLMENTS_PAGE 100	/* rows of the trainer's list */
#define TRAIN_LIST_PAGE 50		/* trainings on a page of the list */

/* --- the rules (training_rules.c) --- */

struct train_option {
	int64_t id;
	bool correct;
	const char *text[LANG_COUNT];
};

struct train_question {
	int64_t id;
	bool multiple;
	const char *text[LANG_COUNT];
	const char *explanation[LANG_COUNT];
	struct train_option *options;
	size_t noptions;
};

/* Puts the questions, and each question's options, in the order of
 * `seed` (a Fisher-Yates shuffle with splitmix64): the same seed on the
 * same bank gives the same order.  The bank comes in its stored order. */
void train_shuffle(struct train_question *q, size_t n, uint64_t seed);

/* One chosen option. */
struct train_choice {
	int64_t question_id, option_id;
	/* The verdict on its question as the question stood when the
	 * attempt was submitted (train_mark()), kept with the answer:
	 * unmarked for a choice not yet submitted, or stored before
	 * verdicts were kept. */
	enum train_mark { TRAIN_UNMARKED, TRAIN_MARKED_RIGHT,
	    TRAIN_MARKED_WRONG } mark;
};

enum train_parse {
	TRAIN_PARSE_OK,
	TRAIN_PARSE_TOO_MANY,		/* more fields than the test has options */
	TRAIN_PARSE_UNKNOWN_FIELD,	/* a name that is no question's */
	TRAIN_PARSE_UNKNOWN_QUESTION,	/* q<id> of no question of the test */
	TRAIN_PARSE_UNKNOWN_OPTION,	/* an option of no such question */
	TRAIN_PARSE_DUPLICATE,		/* the same option twice */
	TRAIN_PARSE_NOT_ONE,		/* several options of a single choice */
	TRAIN_PARSE_BAD_TEXT,		/* not UTF-8, or control characters */
};

/*
 * Reads the answers of a test form: fields "q<question id>" with an
 * option id as the value, one field per chosen option; the field named
 * `ignore` (the CSRF token) is skipped.  Anything else is refused and
 * nothing is given back.  *out (in the arena) gets the choices, *answered
 * (n flags, by the questions' order) whether each question has one.
 */
enum train_parse train_answers_parse(struct arena *a, const struct kv_list *form,
    const char *ignore, const struct train_question *q, size_t n,
    struct train_choice **out, size_t *nout, bool *answered);

/* Whether the chosen options of question q are exactly its correct
 * ones. */
bool train_question_right(const struct train_question *q,
    const struct train_choice *c, size_t nc);

/* The number of questions answered right. */
int64_t train_score(const struct train_question *q, size_t n,
    const struct train_choice *c, size_t nc);

/* Marks each of the nc choices with the verdict on its question among
 * q[0..n), as train_score() counts it. */
void train_mark(const struct train_question *q, size_t n,
    struct train_choice *c, size_t nc);

/* Whether question q was answered right: the verdict stored with its
 * answers when there is one - a trainer may have changed the question
 * since, and the result must say what the score counted - else
 * train_question_right() on the question as it is. */
bool train_answer_right(const struct train_question *q,
    const struct train_choice *c, size_t nc);

/* Whether score of total passes with pass_percent. */
bool train_passes(int64_t score, int64_t total, int64_t pass_percent);

/* Where a staff member stands with a training's test. */
enum train_test_state {
	TRAIN_TEST_CAN_START,
	TRAIN_TEST_OPEN,		/* an attempt waits for its answers */
	TRAIN_TEST_PASSED,		/* passed: no more attempts */
	TRAIN_TEST_NO_ATTEMPTS,		/* every attempt used */
	TRAIN_TEST_COOLING,		/* the pause after a failed attempt */
	TRAIN_TEST_NONE,		/* the training has no questions */
};

struct train_test_facts {
	int64_t nquestions;
	int64_t max_attempts, cooldown_minutes;
	int64_t submitted;		/* attempts answered */
	int64_t last_submitted_at;	/* 0: none */
	bool passed, open;
};

/* The state at `now`; *until gets the end of the pause (COOLING). */
enum train_test_state train_test_state(const struct train_test_facts *f,
    int64_t now, int64_t *until);

/* --- the store (training_store.c): lookups 0, DB_MISSING or -1 --- */

struct training {
	int64_t id, region_id;
	int64_t achievement_id;		/* 0: none */
	const char *name[LANG_COUNT];
	const char *description[LANG_COUNT];
	bool self_paced;
	int64_t pass_percent, max_attempts, cooldown_minutes;
	int64_t nquestions;		/* filled by the lists */
};

struct train_enrolment {
	int64_t id, training_id, account_id;
	const char *name;
	int64_t event_id, registration_id;	/* 0: self-paced */
	int64_t enrolled_at, completed_at;	/* 0: not completed */
	const char *completed_via;		/* "trainer", "test" or "" */
	int64_t award_id;
	int64_t attempts, best_score, best_total; /* filled by the list */
};

struct train_attempt {
	int64_t id, training_id, account_id, seed;
	int64_t started_at, submitted_at;	/* 0: open */
	int64_t score, total;
	bool passed;
};

int train_store_get(struct db *db, struct arena *a, int64_t id,
    struct training *out);
/* Trainings of a region (0: every region), newest first, those with an
 * id below `before` (0: from the newest), at most limit.  0 or -1. */
int train_store_list(struct db *db, struct arena *a, int64_t region,
    int64_t before, size_t limit, struct training **out, size_t *n);
/* Inserts (t->id 0) or updates; the id or -1. */
int64_t train_store_save(struct db *db, const struct training *t,
    int64_t author, int64_t now);

/* The bank in its stored order, with options.  0 or -1. */
int train_store_questions(struct db *db, struct arena *a, int64_t training,
    struct train_question **out, size_t *n);
/* Changes a question of the training and its options: 0, 1 when the
 * training has no such question, -1. */
int train_store_update_question(struct db *db, int64_t training,
    int64_t question, const struct train_question *q);
/* Adds a question with its options at the end.  0 or -1. */
int train_store_add_question(struct db *db, int64_t training,
    const struct train_question *q);

/* Removes a question of the bank with its options (the answers of past
 * attempts keep their rows; their results are stored).  0; 1 none such;
 * -1. */
int train_store_delete_question(struct db *db, int64_t training,
    int64_t question);

/* A question of a training, for the route that removes it. */
struct train_question_target {
	struct training t;
	struct train_question q;
};

int train_store_sessions(struct db *db, struct arena *a, int64_t training,
    int64_t **event_ids, size_t *n);
/* 0; 1 already linked; -1. */
int train_store_add_session(struct db *db, int64_t training, int64_t event);
int train_store_materials(struct db *db, struct arena *a, int64_t training,
    int64_t **material_ids, size_t *n);
/* 0; 1 already linked; -1. */
int train_store_add_material(struct db *db, int64_t training,
    int64_t material);

int train_store_enrolment(struct db *db, struct arena *a, int64_t training,
    int64_t account, struct train_enrolment *out);
/* The id or -1. */
int64_t train_store_enrol(struct db *db, const struct train_enrolment *e,
    int64_t by, int64_t now);
/* A new session seat for an enrolment not completed (event 0: none).
 * 0 or -1. */
int train_store_reseat(struct db *db, int64_t enrolment, int64_t event,
    int64_t registration);
/* The training's enrolments with their attempts, in enrolment order, at
 * most limit after enrolment `after` (0: from the first): a keyset page.
 * 0 or -1. */
int train_store_enrolments(struct db *db, struct arena *a, int64_t training,
    int64_t after, size_t limit, struct train_enrolment **out, size_t *n);
/* How many enrolments the training has.  0 or -1. */
int train_store_enrolment_count(struct db *db, int64_t training, int64_t *n);
/* Enrolment id of the training: 0, DB_MISSING, -1. */
int train_store_enrolment_by_id(struct db *db, struct arena *a,
    int64_t training, int64_t id, struct train_enrolment *out);
/* Ends an enrolment that is not completed.  0; 1 none such; -1. */
int train_store_withdraw(struct db *db, int64_t enrolment);
/* Marks completed (unless it is already).  0; 1 already; -1. */
int train_store_complete(struct db *db, int64_t enrolment, const char *via,
    int64_t by, int64_t award, int64_t now);

/* An account's attempts at a training, oldest first.  0 or -1. */
int train_store_attempts(struct db *db, struct arena *a, int64_t training,
    int64_t account, struct train_attempt **out, size_t *n);
/* The id or -1. */
int64_t train_store_start(struct db *db, int64_t training, int64_t account,
    int64_t seed, int64_t now);
/* Stores the answers and result of an open attempt.  0; 1 when it was
 * answered already; -1. */
int train_store_submit(struct db *db, const struct train_attempt *at,
    const struct train_choice *c, size_t nc, int64_t now);
int train_store_answers(struct db *db, struct arena *a, int64_t attempt,
    struct train_choice **out, size_t *n);

#endif

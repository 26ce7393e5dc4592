/*
 * training_rules.c - the pure rules of a training's test (training.h):
 * the seeded order, reading the answers, marking, and whether one may
 * start an attempt.  No database, no request: unit tested
 * (tests/unit/learning/test_training.c) and fuzzed
 * (tests/fuzz/fuzz_training_answers.c).
 */
#include <string.h>

#include "base/mix.h"
#include "base/utf8.h"
#include "learning/training.h"

/* Swaps element i and j of n-byte elements at p. */
static void
swap(void *p, size_t size, size_t i, size_t j)
{
	unsigned char t[sizeof(struct train_question)], *b = p;

	if (i == j || size > sizeof(t))
		return;
	memcpy(t, b + i * size, size);
	memcpy(b + i * size, b + j * size, size);
	memcpy(b + j * size, t, size);
}

/* Fisher-Yates over n elements, choices drawn from (seed, salt). */
static void
shuffle(void *p, size_t size, size_t n, uint64_t seed, uint64_t salt)
{
	size_t i;

	for (i = n; i > 1; i--)
		swap(p, size, i - 1, (size_t)mix_pick(seed ^ mix64(salt),
		    i, i));
}

void
train_shuffle(struct train_question *q, size_t n, uint64_t seed)
{
	size_t i;

	shuffle(q, sizeof(*q), n, seed, 0);
	for (i = 0; i < n; i++)
		shuffle(q[i].options, sizeof(*q[i].options), q[i].noptions,
		    seed, (uint64_t)q[i].id);
}

/* A positive decimal id without sign or leading zero: 0, or -1. */
static int
parse_id(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (*s < '1' || *s > '9')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

enum train_parse
train_answers_parse(struct arena *a, const struct kv_list *form,
    const char *ignore, const struct train_question *q, size_t n,
    struct train_choice **out, size_t *nout, bool *answered)
{
	struct train_choice *c;
	size_t i, j, k, total = 0, nc = 0;
	int64_t qid, oid;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < n; i++) {
		answered[i] = false;
		total += q[i].noptions;
	}
	if (form->n > total + 1)
		return TRAIN_PARSE_TOO_MANY;
	c = arena_calloc(a, form->n + 1, sizeof(*c));
	for (k = 0; k < form->n; k++) {
		const struct kv *f = &form->items[k];

		if (!text_valid(f->name, strlen(f->name)) ||
		    !text_valid(f->value, f->value_len))
			return TRAIN_PARSE_BAD_TEXT;
		if (ignore != NULL && strcmp(f->name, ignore) == 0)
			continue;
		if (f->name[0] != 'q' || parse_id(f->name + 1, &qid) != 0)
			return TRAIN_PARSE_UNKNOWN_FIELD;
		for (i = 0; i < n && q[i].id != qid; i++)
			;
		if (i == n)
			return TRAIN_PARSE_UNKNOWN_QUESTION;
		if (parse_id(f->value, &oid) != 0)
			return TRAIN_PARSE_UNKNOWN_OPTION;
		for (j = 0; j < q[i].noptions && q[i].options[j].id != oid; j++)
			;
		if (j == q[i].noptions)
			return TRAIN_PARSE_UNKNOWN_OPTION;
		for (j = 0; j < nc; j++)
			if (c[j].question_id == qid && c[j].option_id == oid)
				return TRAIN_PARSE_DUPLICATE;
		if (answered[i] && !q[i].multiple)
			return TRAIN_PARSE_NOT_ONE;
		answered[i] = true;
		c[nc].question_id = qid;
		c[nc].option_id = oid;
		nc++;
	}
	*out = c;
	*nout = nc;
	return TRAIN_PARSE_OK;
}

bool
train_question_right(const struct train_question *q,
    const struct train_choice *c, size_t nc)
{
	size_t i, j;
	bool chosen;

	for (i = 0; i < q->noptions; i++) {
		chosen = false;
		for (j = 0; j < nc; j++)
			if (c[j].question_id == q->id &&
			    c[j].option_id == q->options[i].id)
				chosen = true;
		if (chosen != q->options[i].correct)
			return false;
	}
	return true;
}

int64_t
train_score(const struct train_question *q, size_t n,
    const struct train_choice *c, size_t nc)
{
	int64_t score = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (train_question_right(&q[i], c, nc))
			score++;
	return score;
}

void
train_mark(const struct train_question *q, size_t n, struct train_choice *c,
    size_t nc)
{
	enum train_mark m;
	size_t i, j;

	for (i = 0; i < n; i++) {
		m = train_question_right(&q[i], c, nc) ? TRAIN_MARKED_RIGHT :
		    TRAIN_MARKED_WRONG;
		for (j = 0; j < nc; j++)
			if (c[j].question_id == q[i].id)
				c[j].mark = m;
	}
}

bool
train_answer_right(const struct train_question *q,
    const struct train_choice *c, size_t nc)
{
	size_t j;

	for (j = 0; j < nc; j++)
		if (c[j].question_id == q->id && c[j].mark != TRAIN_UNMARKED)
			return c[j].mark == TRAIN_MARKED_RIGHT;
	return train_question_right(q, c, nc);
}

bool
train_passes(int64_t score, int64_t total, int64_t pass_percent)
{
	return total > 0 && score * 100 >= pass_percent * total;
}

enum train_test_state
train_test_state(const struct train_test_facts *f, int64_t now,
    int64_t *until)
{
	*until = 0;
	if (f->passed)
		return TRAIN_TEST_PASSED;
	if (f->open)
		return TRAIN_TEST_OPEN;
	if (f->nquestions == 0)
		return TRAIN_TEST_NONE;
	if (f->submitted >= f->max_attempts)
		return TRAIN_TEST_NO_ATTEMPTS;
	if (f->last_submitted_at != 0 &&
	    now < f->last_submitted_at + f->cooldown_minutes * 60) {
		*until = f->last_submitted_at + f->cooldown_minutes * 60;
		return TRAIN_TEST_COOLING;
	}
	return TRAIN_TEST_CAN_START;
}

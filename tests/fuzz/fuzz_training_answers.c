/*
 * fuzz_training_answers.c - a test's answers (train_answers_parse(),
 * src/learning/training_rules.c) from any urlencoded body, as the server
 * reads it: form_parse() first, then the parser against a fixed bank.
 *
 * Beyond "does not crash": accepted answers name only the bank's
 * questions and their own options, never the same option twice, at most
 * one option of a single-choice question, the answered flags match the
 * choices, and marking them gives a score within the bank.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/parse.h"
#include "learning/training.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct train_option o1[] = { { 11, true, { "a" } },
	{ 12, false, { "b" } } };
static struct train_option o2[] = { { 21, true, { "a" } },
	{ 22, false, { "b" } }, { 23, true, { "c" } } };
static struct train_option o3[] = { { 31, false, { "a" } },
	{ 32, true, { "b" } } };
static struct train_question bank[] = {
	{ .id = 1, .options = o1, .noptions = 2 },
	{ .id = 2, .multiple = true, .options = o2, .noptions = 3 },
	{ .id = 3, .options = o3, .noptions = 2 },
};
#define NQ (sizeof(bank) / sizeof(bank[0]))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct train_choice *c;
	struct kv_list form;
	struct arena a;
	bool answered[NQ], seen[NQ];
	size_t nc, i, j, k, per;
	int64_t score;

	arena_init(&a);
	if (form_parse(&a, (const char *)data, size, &form) != PARSE_OK ||
	    train_answers_parse(&a, &form, "csrf", bank, NQ, &c, &nc,
	    answered) != TRAIN_PARSE_OK) {
		arena_cleanup(&a);
		return 0;
	}
	CHECK(nc <= 7);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < nc; i++) {
		for (j = 0; j < NQ && bank[j].id != c[i].question_id; j++)
			;
		CHECK(j < NQ);
		seen[j] = true;
		for (k = 0; k < bank[j].noptions &&
		    bank[j].options[k].id != c[i].option_id; k++)
			;
		CHECK(k < bank[j].noptions);
		for (k = i + 1; k < nc; k++)
			CHECK(c[k].question_id != c[i].question_id ||
			    c[k].option_id != c[i].option_id);
	}
	for (j = 0; j < NQ; j++) {
		CHECK(seen[j] == answered[j]);
		for (i = 0, per = 0; i < nc; i++)
			per += c[i].question_id == bank[j].id;
		CHECK(bank[j].multiple || per <= 1);
	}
	score = train_score(bank, NQ, c, nc);
	CHECK(score >= 0 && score <= (int64_t)NQ);
	arena_cleanup(&a);
	return 0;
}

/*
 * training_store.c - trainings, their question banks, enrolments and
 * test attempts in the database (training.h), and the period figures
 * (learning.h).  All SQL of the trainings is here.
 */
#include <string.h>

#include "db/rows.h"
#include "learning/learning.h"
#include "learning/training.h"

/* --- trainings --- */

#define TRAIN_SELECT "SELECT t.id, t.region_id, t.achievement_id, " \
	"t.name_fi, t.name_sv, t.name_en, t.description_fi, " \
	"t.description_sv, t.description_en, t.self_paced, t.pass_percent, " \
	"t.max_attempts, t.cooldown_minutes, (SELECT COUNT(*) FROM " \
	"training_question q WHERE q.training_id = t.id) FROM training t "

static int
train_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct training *t = out;
	int l;

	db_cols(st, NULL, 0, DB_COLS(db_as_int(&t->id),
	    db_as_int(&t->region_id), db_as_int(&t->achievement_id)));
	for (l = 0; l < LANG_COUNT; l++) {
		t->name[l] = db_col_dup(st, a, 3 + l);
		t->description[l] = db_col_dup(st, a, 6 + l);
	}
	t->self_paced = db_col_int64(st, 9) != 0;
	db_cols(st, NULL, 10, DB_COLS(db_as_int(&t->pass_percent),
	    db_as_int(&t->max_attempts), db_as_int(&t->cooldown_minutes),
	    db_as_int(&t->nquestions)));
	return 0;
}

int
train_store_get(struct db *db, struct arena *a, int64_t id,
    struct training *out)
{
	return db_row(db, a, TRAIN_SELECT "WHERE t.id = ?1",
	    DB_ARGS(db_int(id)), train_row, out);
}

int
train_store_list(struct db *db, struct arena *a, int64_t region,
    int64_t before, size_t limit, struct training **out, size_t *n)
{
	if (before <= 0)
		before = INT64_MAX;
	/* Two statements, so that each is served by an index: the region's
	 * (training_region) or the ids'. */
	if (region != 0)
		*out = db_rows(db, a, TRAIN_SELECT "WHERE t.region_id = ?1 AND "
		    "t.id < ?2 ORDER BY t.id DESC LIMIT ?3",
		    DB_ARGS(db_int(region), db_int(before), db_int(limit)),
		    train_row, sizeof(**out), n);
	else
		*out = db_rows(db, a, TRAIN_SELECT "WHERE t.id < ?1 ORDER BY "
		    "t.id DESC LIMIT ?2", DB_ARGS(db_int(before),
		    db_int(limit)), train_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int64_t
train_store_save(struct db *db, const struct training *t, int64_t author,
    int64_t now)
{
	int64_t id = t->id;

	if (id == 0) {
		if (db_insert(db, "INSERT INTO training (region_id, "
		    "achievement_id, name_fi, name_sv, name_en, description_fi, "
		    "description_sv, description_en, self_paced, pass_percent, "
		    "max_attempts, cooldown_minutes, created_by, created_at, "
		    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		    "?10, ?11, ?12, ?13, ?14, ?14) RETURNING id",
		    DB_ARGS(db_int(t->region_id),
		    db_id_or_null(t->achievement_id), db_text(t->name[LANG_FI]),
		    db_text(t->name[LANG_SV]), db_text(t->name[LANG_EN]),
		    db_text(t->description[LANG_FI]),
		    db_text(t->description[LANG_SV]),
		    db_text(t->description[LANG_EN]), db_int(t->self_paced),
		    db_int(t->pass_percent), db_int(t->max_attempts),
		    db_int(t->cooldown_minutes), db_id_or_null(author),
		    db_int(now)), &id) != 0)
			return -1;
		return id;
	}
	if (db_run(db, "UPDATE training SET achievement_id = ?2, name_fi = ?3, "
	    "name_sv = ?4, name_en = ?5, description_fi = ?6, "
	    "description_sv = ?7, description_en = ?8, self_paced = ?9, "
	    "pass_percent = ?10, max_attempts = ?11, cooldown_minutes = ?12, "
	    "updated_at = ?13 WHERE id = ?1",
	    DB_ARGS(db_int(id), db_id_or_null(t->achievement_id),
	    db_text(t->name[LANG_FI]), db_text(t->name[LANG_SV]),
	    db_text(t->name[LANG_EN]), db_text(t->description[LANG_FI]),
	    db_text(t->description[LANG_SV]), db_text(t->description[LANG_EN]),
	    db_int(t->self_paced), db_int(t->pass_percent),
	    db_int(t->max_attempts), db_int(t->cooldown_minutes),
	    db_int(now)), NULL) != 0)
		return -1;
	return id;
}

/* --- the question bank --- */

static int
question_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct train_question *q = out;
	int l;

	q->id = db_col_int64(st, 0);
	q->multiple = db_col_int64(st, 1) != 0;
	for (l = 0; l < LANG_COUNT; l++) {
		q->text[l] = db_col_dup(st, a, 2 + l);
		q->explanation[l] = db_col_dup(st, a, 5 + l);
	}
	return 0;
}

struct option_row {
	int64_t question_id;
	struct train_option o;
};

static int
option_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct option_row *r = out;
	int l;

	r->question_id = db_col_int64(st, 0);
	r->o.id = db_col_int64(st, 1);
	r->o.correct = db_col_int64(st, 2) != 0;
	for (l = 0; l < LANG_COUNT; l++)
		r->o.text[l] = db_col_dup(st, a, 3 + l);
	return 0;
}

int
train_store_questions(struct db *db, struct arena *a, int64_t training,
    struct train_question **out, size_t *n)
{
	struct option_row *o;
	size_t no, i, j;

	*out = db_rows(db, a, "SELECT id, multiple, text_fi, text_sv, text_en, "
	    "explanation_fi, explanation_sv, explanation_en FROM "
	    "training_question WHERE training_id = ?1 ORDER BY position, id",
	    DB_ARGS(db_int(training)), question_row, sizeof(**out), n);
	if (*out == NULL)
		return -1;
	o = db_rows(db, a, "SELECT o.question_id, o.id, o.correct, o.text_fi, "
	    "o.text_sv, o.text_en FROM training_question q JOIN "
	    "training_option o ON o.question_id = q.id WHERE q.training_id = "
	    "?1 ORDER BY q.position, q.id, o.position, o.id",
	    DB_ARGS(db_int(training)), option_row, sizeof(*o), &no);
	if (o == NULL)
		return -1;
	/* The options come grouped by question in the questions' order. */
	for (i = 0, j = 0; i < *n; i++) {
		struct train_question *q = &(*out)[i];

		q->options = arena_calloc(a, TRAIN_OPTIONS_MAX + 1,
		    sizeof(*q->options));
		while (j < no && o[j].question_id == q->id) {
			if (q->noptions < TRAIN_OPTIONS_MAX)
				q->options[q->noptions++] = o[j].o;
			j++;
		}
	}
	return 0;
}

int
train_store_add_question(struct db *db, int64_t training,
    const struct train_question *q)
{
	int64_t qid, pos;
	size_t i;

	if (db_int64(db, "SELECT COALESCE(MAX(position), 0) + 1 FROM "
	    "training_question WHERE training_id = ?1",
	    DB_ARGS(db_int(training)), &pos) != 0 ||
	    db_insert(db, "INSERT INTO training_question (training_id, "
	    "position, multiple, text_fi, text_sv, text_en, explanation_fi, "
	    "explanation_sv, explanation_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9) RETURNING id", DB_ARGS(db_int(training), db_int(pos),
	    db_int(q->multiple), db_text(q->text[LANG_FI]),
	    db_text(q->text[LANG_SV]), db_text(q->text[LANG_EN]),
	    db_text(q->explanation[LANG_FI]), db_text(q->explanation[LANG_SV]),
	    db_text(q->explanation[LANG_EN])), &qid) != 0)
		return -1;
	for (i = 0; i < q->noptions; i++) {
		const struct train_option *o = &q->options[i];

		if (db_run(db, "INSERT INTO training_option (question_id, "
		    "position, text_fi, text_sv, text_en, correct) VALUES (?1, "
		    "?2, ?3, ?4, ?5, ?6)", DB_ARGS(db_int(qid), db_int(i + 1),
		    db_text(o->text[LANG_FI]), db_text(o->text[LANG_SV]),
		    db_text(o->text[LANG_EN]), db_int(o->correct)), NULL) != 0)
			return -1;
	}
	return 0;
}

/*
 * The options keep their ids by position (an attempt under way answers
 * with them): the first ones are changed in place, new ones added at the
 * end, and those past the new count removed.
 */
int
train_store_update_question(struct db *db, int64_t training, int64_t question,
    const struct train_question *q)
{
	struct arena a;
	int64_t changed, *ids;
	size_t n, i;
	int rc = -1;

	if (db_run(db, "UPDATE training_question SET multiple = ?3, "
	    "text_fi = ?4, text_sv = ?5, text_en = ?6, explanation_fi = ?7, "
	    "explanation_sv = ?8, explanation_en = ?9 WHERE id = ?1 AND "
	    "training_id = ?2", DB_ARGS(db_int(question), db_int(training),
	    db_int(q->multiple), db_text(q->text[LANG_FI]),
	    db_text(q->text[LANG_SV]), db_text(q->text[LANG_EN]),
	    db_text(q->explanation[LANG_FI]), db_text(q->explanation[LANG_SV]),
	    db_text(q->explanation[LANG_EN])), &changed) != 0)
		return -1;
	if (changed != 1)
		return 1;
	arena_init(&a);
	if ((ids = db_ints(db, &a, "SELECT id FROM training_option WHERE "
	    "question_id = ?1 ORDER BY position, id", DB_ARGS(db_int(question)),
	    &n)) == NULL)
		goto out;
	for (i = 0; i < q->noptions || i < n; i++) {
		const struct train_option *o = &q->options[i];

		if (i >= q->noptions)
			rc = db_run(db, "DELETE FROM training_option WHERE id = ?1",
			    DB_ARGS(db_int(ids[i])), NULL);
		else if (i < n)
			rc = db_run(db, "UPDATE training_option SET position = ?2, "
			    "text_fi = ?3, text_sv = ?4, text_en = ?5, correct = ?6 "
			    "WHERE id = ?1", DB_ARGS(db_int(ids[i]), db_int(i + 1),
			    db_text(o->text[LANG_FI]), db_text(o->text[LANG_SV]),
			    db_text(o->text[LANG_EN]), db_int(o->correct)), NULL);
		else
			rc = db_run(db, "INSERT INTO training_option (question_id, "
			    "position, text_fi, text_sv, text_en, correct) VALUES "
			    "(?1, ?2, ?3, ?4, ?5, ?6)", DB_ARGS(db_int(question),
			    db_int(i + 1), db_text(o->text[LANG_FI]),
			    db_text(o->text[LANG_SV]), db_text(o->text[LANG_EN]),
			    db_int(o->correct)), NULL);
		if (rc != 0) {
			rc = -1;
			goto out;
		}
	}
	rc = 0;
out:
	arena_cleanup(&a);
	return rc;
}

int
train_store_delete_question(struct db *db, int64_t training, int64_t question)
{
	int64_t changed;

	if (db_run(db, "DELETE FROM training_option WHERE question_id = ?1 AND "
	    "EXISTS (SELECT 1 FROM training_question WHERE id = ?1 AND "
	    "training_id = ?2)", DB_ARGS(db_int(question), db_int(training)),
	    NULL) != 0 ||
	    db_run(db, "DELETE FROM training_question WHERE id = ?1 AND "
	    "training_id = ?2", DB_ARGS(db_int(question), db_int(training)),
	    &changed) != 0)
		return -1;
	return changed == 1 ? 0 : 1;
}

/* --- sessions and materials --- */

int
train_store_sessions(struct db *db, struct arena *a, int64_t training,
    int64_t **event_ids, size_t *n)
{
	*event_ids = db_ints(db, a, "SELECT event_id FROM training_session "
	    "WHERE training_id = ?1 ORDER BY event_id",
	    DB_ARGS(db_int(training)), n);
	return *event_ids != NULL ? 0 : -1;
}

int
train_store_add_session(struct db *db, int64_t training, int64_t event)
{
	int rc = db_run(db, "INSERT INTO training_session (training_id, "
	    "event_id) VALUES (?1, ?2)", DB_ARGS(db_int(training),
	    db_int(event)), NULL);

	return rc == DB_CONSTRAINT ? 1 : rc;
}

int
train_store_materials(struct db *db, struct arena *a, int64_t training,
    int64_t **material_ids, size_t *n)
{
	*material_ids = db_ints(db, a, "SELECT material_id FROM "
	    "training_material WHERE training_id = ?1 ORDER BY position",
	    DB_ARGS(db_int(training)), n);
	return *material_ids != NULL ? 0 : -1;
}

int
train_store_add_material(struct db *db, int64_t training, int64_t material)
{
	int64_t pos;
	int rc;

	if (db_int64(db, "SELECT COALESCE(MAX(position), 0) + 1 FROM "
	    "training_material WHERE training_id = ?1",
	    DB_ARGS(db_int(training)), &pos) != 0)
		return -1;
	rc = db_run(db, "INSERT INTO training_material (training_id, "
	    "material_id, position) VALUES (?1, ?2, ?3)",
	    DB_ARGS(db_int(training), db_int(material), db_int(pos)), NULL);
	return rc == DB_CONSTRAINT ? 1 : rc;
}

/* --- enrolments --- */

#define ENROL_SELECT "SELECT e.id, e.training_id, e.account_id, e.name, " \
	"e.event_id, e.registration_id, e.enrolled_at, e.completed_at, " \
	"e.completed_via, e.award_id "

static int
enrol_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct train_enrolment *e = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&e->id),
	    db_as_int(&e->training_id), db_as_int(&e->account_id),
	    db_as_str(&e->name), db_as_int(&e->event_id),
	    db_as_int(&e->registration_id), db_as_int(&e->enrolled_at),
	    db_as_int(&e->completed_at), db_as_str(&e->completed_via),
	    db_as_int(&e->award_id)));
	if (db_col_count(st) > 10) {
		e->attempts = db_col_int64(st, 10);
		e->best_score = db_col_int64(st, 11);
		e->best_total = db_col_int64(st, 12);
	}
	return 0;
}

int
train_store_enrolment(struct db *db, struct arena *a, int64_t training,
    int64_t account, struct train_enrolment *out)
{
	return db_row(db, a, ENROL_SELECT "FROM training_enrolment e WHERE "
	    "e.training_id = ?1 AND e.account_id = ?2",
	    DB_ARGS(db_int(training), db_int(account)), enrol_row, out);
}

int64_t
train_store_enrol(struct db *db, const struct train_enrolment *e, int64_t by,
    int64_t now)
{
	int64_t id;

	if (db_insert(db, "INSERT INTO training_enrolment (training_id, "
	    "account_id, name, event_id, registration_id, enrolled_by, "
	    "enrolled_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
	    DB_ARGS(db_int(e->training_id), db_int(e->account_id),
	    db_text(e->name), db_id_or_null(e->event_id),
	    db_id_or_null(e->registration_id), db_id_or_null(by),
	    db_int(now)), &id) != 0)
		return -1;
	return id;
}

int
train_store_reseat(struct db *db, int64_t enrolment, int64_t event,
    int64_t registration)
{
	return db_run(db, "UPDATE training_enrolment SET event_id = ?2, "
	    "registration_id = ?3 WHERE id = ?1 AND completed_at IS NULL",
	    DB_ARGS(db_int(enrolment), db_id_or_null(event),
	    db_id_or_null(registration)), NULL) == 0 ? 0 : -1;
}

/* The condition and order that pick an enrolment's best answered
 * attempt: a passed one first, then the most right answers, then the
 * latest. */
#define BEST_ATTEMPT "WHERE t.account_id = e.account_id AND " \
	"t.training_id = e.training_id AND t.submitted_at IS NOT NULL " \
	"ORDER BY t.passed DESC, t.score DESC, t.id DESC LIMIT 1"

int
train_store_enrolments(struct db *db, struct arena *a, int64_t training,
    int64_t after, size_t limit, struct train_enrolment **out, size_t *n)
{
	/* The best attempt's score and total both from that attempt: the
	 * bank may have grown or shrunk since it was answered. */
	*out = db_rows(db, a, ENROL_SELECT ", (SELECT COUNT(*) FROM "
	    "training_attempt t WHERE t.account_id = e.account_id AND "
	    "t.training_id = e.training_id AND t.submitted_at IS NOT NULL), "
	    "(SELECT t.score FROM training_attempt t " BEST_ATTEMPT "), "
	    "(SELECT t.total FROM training_attempt t " BEST_ATTEMPT ") FROM "
	    "training_enrolment e WHERE e.training_id = ?1 AND e.id > ?3 "
	    "ORDER BY e.id LIMIT ?2", DB_ARGS(db_int(training),
	    db_int((int64_t)limit), db_int(after)), enrol_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
train_store_enrolment_count(struct db *db, int64_t training, int64_t *n)
{
	return db_int64(db, "SELECT COUNT(*) FROM training_enrolment WHERE "
	    "training_id = ?1", DB_ARGS(db_int(training)), n) == 0 ? 0 : -1;
}

int
train_store_enrolment_by_id(struct db *db, struct arena *a, int64_t training,
    int64_t id, struct train_enrolment *out)
{
	return db_row(db, a, ENROL_SELECT "FROM training_enrolment e WHERE "
	    "e.id = ?1 AND e.training_id = ?2", DB_ARGS(db_int(id),
	    db_int(training)), enrol_row, out);
}

int
train_store_complete(struct db *db, int64_t enrolment, const char *via,
    int64_t by, int64_t award, int64_t now)
{
	int64_t changed;

	if (db_run(db, "UPDATE training_enrolment SET completed_at = ?2, "
	    "completed_via = ?3, completed_by = ?4, award_id = ?5 WHERE id = ?1 "
	    "AND completed_at IS NULL", DB_ARGS(db_int(enrolment), db_int(now),
	    db_text(via), db_id_or_null(by), db_id_or_null(award)),
	    &changed) != 0)
		return -1;
	return changed == 1 ? 0 : 1;
}

int
train_store_withdraw(struct db *db, int64_t enrolment)
{
	int64_t changed;

	if (db_run(db, "DELETE FROM training_enrolment WHERE id = ?1 AND "
	    "completed_at IS NULL", DB_ARGS(db_int(enrolment)), &changed) != 0)
		return -1;
	return changed == 1 ? 0 : 1;
}

/* --- attempts --- */

static int
attempt_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct train_attempt *t = out;

	(void)a;
	db_cols(st, NULL, 0, DB_COLS(db_as_int(&t->id),
	    db_as_int(&t->training_id), db_as_int(&t->account_id),
	    db_as_int(&t->seed), db_as_int(&t->started_at),
	    db_as_int(&t->submitted_at), db_as_int(&t->score),
	    db_as_int(&t->total)));
	t->passed = db_col_int64(st, 8) != 0;
	return 0;
}

int
train_store_attempts(struct db *db, struct arena *a, int64_t training,
    int64_t account, struct train_attempt **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT id, training_id, account_id, seed, "
	    "started_at, submitted_at, score, total, passed FROM "
	    "training_attempt WHERE account_id = ?1 AND training_id = ?2 "
	    "ORDER BY id", DB_ARGS(db_int(account), db_int(training)),
	    attempt_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int64_t
train_store_start(struct db *db, int64_t training, int64_t account,
    int64_t seed, int64_t now)
{
	int64_t id;

	if (db_insert(db, "INSERT INTO training_attempt (training_id, "
	    "account_id, seed, started_at) VALUES (?1, ?2, ?3, ?4) RETURNING "
	    "id", DB_ARGS(db_int(training), db_int(account), db_int(seed),
	    db_int(now)), &id) != 0)
		return -1;
	return id;
}

int
train_store_submit(struct db *db, const struct train_attempt *at,
    const struct train_choice *c, size_t nc, int64_t now)
{
	int64_t changed;
	size_t i;

	if (db_run(db, "UPDATE training_attempt SET submitted_at = ?2, "
	    "score = ?3, total = ?4, passed = ?5 WHERE id = ?1 AND "
	    "submitted_at IS NULL", DB_ARGS(db_int(at->id), db_int(now),
	    db_int(at->score), db_int(at->total), db_int(at->passed)),
	    &changed) != 0)
		return -1;
	if (changed != 1)
		return 1;
	for (i = 0; i < nc; i++)
		if (db_run(db, "INSERT INTO training_answer (attempt_id, "
		    "question_id, option_id, question_right) VALUES (?1, ?2, "
		    "?3, ?4)", DB_ARGS(db_int(at->id),
		    db_int(c[i].question_id), db_int(c[i].option_id),
		    db_int(c[i].mark == TRAIN_MARKED_RIGHT)), NULL) != 0)
			return -1;
	return 0;
}

static int
choice_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct train_choice *c = out;

	(void)a;
	c->question_id = db_col_int64(st, 0);
	c->option_id = db_col_int64(st, 1);
	c->mark = db_col_is_null(st, 2) ? TRAIN_UNMARKED :
	    db_col_int64(st, 2) ? TRAIN_MARKED_RIGHT : TRAIN_MARKED_WRONG;
	return 0;
}

int
train_store_answers(struct db *db, struct arena *a, int64_t attempt,
    struct train_choice **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT question_id, option_id, "
	    "question_right FROM training_answer WHERE attempt_id = ?1 ORDER BY question_id, "
	    "option_id", DB_ARGS(db_int(attempt)), choice_row, sizeof(**out),
	    n);
	return *out != NULL ? 0 : -1;
}

/* --- the period figures --- */

static int
count(struct db *db, const char *sql, int64_t region, int64_t from,
    int64_t to, int64_t *out)
{
	return db_int64(db, sql, DB_ARGS(db_int(region), db_int(from),
	    db_int(to)), out) == 0 ? 0 : -1;
}

int
learning_period_figures(struct db *db, int64_t region_id, int64_t from,
    int64_t to, struct learning_figures *out)
{
	memset(out, 0, sizeof(*out));
	if (count(db, "SELECT COUNT(*) FROM training WHERE region_id = ?1 AND "
	    "created_at >= ?2 AND created_at < ?3", region_id, from, to,
	    &out->trainings) != 0 ||
	    count(db, "SELECT COUNT(*) FROM training_enrolment e JOIN training "
	    "t ON t.id = e.training_id WHERE t.region_id = ?1 AND "
	    "e.enrolled_at >= ?2 AND e.enrolled_at < ?3", region_id, from, to,
	    &out->enrolments) != 0 ||
	    count(db, "SELECT COUNT(*) FROM training_enrolment e JOIN training "
	    "t ON t.id = e.training_id WHERE t.region_id = ?1 AND "
	    "e.completed_at >= ?2 AND e.completed_at < ?3", region_id, from,
	    to, &out->completions) != 0 ||
	    count(db, "SELECT COUNT(*) FROM training_attempt a JOIN training t "
	    "ON t.id = a.training_id WHERE t.region_id = ?1 AND a.passed = 1 "
	    "AND a.submitted_at >= ?2 AND a.submitted_at < ?3", region_id,
	    from, to, &out->tests_passed) != 0 ||
	    count(db, "SELECT COUNT(*) FROM badge_award w JOIN achievement a "
	    "ON a.id = w.achievement_id WHERE a.region_id = ?1 AND "
	    "w.issued_at >= ?2 AND w.issued_at < ?3", region_id, from, to,
	    &out->badges_awarded) != 0 ||
	    count(db, "SELECT COUNT(*) FROM badge_award w JOIN achievement a "
	    "ON a.id = w.achievement_id WHERE a.region_id = ?1 AND "
	    "w.revoked_at >= ?2 AND w.revoked_at < ?3", region_id, from, to,
	    &out->badges_revoked) != 0 ||
	    db_int64(db, "SELECT COUNT(*) FROM training WHERE region_id = ?1",
	    DB_ARGS(db_int(region_id)), &out->trainings_total) != 0)
		return -1;
	return 0;
}

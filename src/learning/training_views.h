/*
 * training_views.h - what the training templates
 * (templates/learning/training.tmpl) are given.
 */
#ifndef TV_LEARNING_TRAINING_VIEWS_H
#define TV_LEARNING_TRAINING_VIEWS_H

#include "events/events.h"
#include "learning/learning.h"
#include "learning/training.h"
#include "materials/materials.h"
#include "view/form.h"
#include "view/view.h"

struct train_list_view {
	const struct training *items;
	size_t n;
	bool may_manage;
	const char *older_href;		/* the next page, or NULL */
};

/* A session: its event and seats. */
struct train_session_item {
	struct event e;
	int64_t taken, waiting;
};

struct train_show_view {
	const struct training *t;
	const char *csrf, *enrol_action, *test_href, *edit_href;
	const char *withdraw_href;		/* when enrolled, not completed */
	const struct train_session_item *sessions;
	size_t nsessions;
	const struct material_ref *materials;
	size_t nmaterials;
	const struct train_enrolment *mine;	/* NULL: not enrolled */
	const char *mine_session;		/* its session's title or NULL */
	const char *mine_status;		/* msgid: the seat's state */
	bool reseat;		/* enrolled, but the seat has gone: offer one */
	const char *achievement;		/* the badge's name or NULL */
	const char *session;			/* the form's choice */
	struct form_errors errors;
	const char *notice;			/* msgid */
};

/* The training form as written (or stored). */
struct train_form {
	const char *name[LANG_COUNT], *description[LANG_COUNT];
	const char *self_paced;		/* "1" or "0" */
	const char *pass_percent, *max_attempts, *cooldown;
	const char *achievement;	/* an id or "" */
};

/* The question form as written. */
struct train_question_form {
	const char *text[LANG_COUNT], *explanation[LANG_COUNT];
	const char *kind;		/* "single" or "multiple" */
	const char *option[TRAIN_OPTIONS_MAX][LANG_COUNT];
	bool correct[TRAIN_OPTIONS_MAX];
};

struct train_edit_view {
	const struct training *t;	/* NULL: a new one */
	const char *csrf, *action;
	struct train_form f;
	const struct achievement *achievements;
	size_t nachievements;
	/* an existing training's other forms and lists */
	const char *question_action, *session_action, *enrol_action;
	const char *complete_action, *show_href;
	struct train_question_form qf;
	const struct train_question *questions;
	size_t nquestions;
	const struct train_session_item *sessions;
	size_t nsessions;
	const struct event_upcoming *upcoming;
	size_t nupcoming;
	const char *event_choice, *enrol_email, *enrol_session;
	const char *material_action, *material;
	const struct material_ref *materials;
	size_t nmaterials;
	const struct train_enrolment *enrolments;
	size_t nenrolments;
	int64_t enrolments_total;	/* all of them, on every page */
	int64_t enrolments_after;	/* this page starts after it, 0 first */
	const char *enrolments_next;	/* the next page, NULL none */
	const char *enrolments_first;	/* the first page, NULL on it */
	struct form_errors errors;
	const char *notice;		/* msgid */
};

struct train_test_view {
	const struct training *t;
	const char *csrf, *action, *start_action, *show_href, *result_href;
	enum train_test_state state;
	bool enrolled;
	int64_t until, used;
	const struct train_question *q;	/* in the attempt's order */
	size_t n;
	const struct train_choice *chosen;	/* as written */
	size_t nchosen;
	struct form_errors errors;
};

struct train_result_view {
	const struct training *t;
	const struct train_attempt *at;
	const struct train_question *q;	/* in the attempt's order */
	size_t n;
	const struct train_choice *chosen;
	size_t nchosen;
	const char *badge_href;		/* the awarded badge's page or NULL */
	const char *test_href, *show_href;
};

#define TRAIN_UPCOMING_MAX 50	/* events offered as a new session */

/*
 * Enrols account acc in training t, in session `event` (0: self-paced),
 * in the caller's transaction; a session's seat is a registration
 * through registration_create().  0; 1 refused (the msgid in *why); -1.
 * (training.c)
 */
struct account;
int train_enrol(struct request *r, struct db *db, const struct training *t,
    const struct account *acc, int64_t event, int64_t now, const char **why);
/* The same as one transaction of its own with its audit record `action`:
 * 0 committed; 1 refused (rolled back, the msgid in *why); -1 answered
 * already (503).  (training.c) */
int train_enrol_commit(struct request *r, struct db *db,
    const struct training *t, const struct account *acc, int64_t event,
    const char *action, const char **why);

/* The session chosen in `field`: its event id, 0 for one's own pace, -1
 * (the mistake recorded) when it is none of the training's. */
int64_t train_read_session(struct form *f, struct db *db,
    const struct training *t, const char *field, const char **value);

/* Whether option o of question q was chosen (the templates ask). */
bool train_chosen(const struct train_choice *c, size_t n, int64_t qid,
    int64_t oid);

#endif

/*
 * pages.h - the registrant's pages: the registration form, the
 * confirmation and manage page behind the secret link, changing and
 * cancelling, answering a seat offer; and the organisers' questions
 * editor and list of registrants.  The structs are what the templates
 * (templates/events/register*.tmpl, manage.tmpl, questions.tmpl,
 * registrants.tmpl) render.
 */
#ifndef TV_REGISTRATION_PAGES_H
#define TV_REGISTRATION_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "registration/registration.h"
#include "events/events.h"
#include "http/request.h"
#include "network/network.h"
#include "view/form.h"

#define REG_NAME_MAX 200	/* characters */
#define REG_EMAIL_MAX 254	/* bytes */
#define REG_ORG_MAX 200
#define REG_ANSWER_MAX 1000
#define REG_QUESTIONS_MAX 30	/* questions per event */
#define REG_LABEL_MAX 300
#define REG_CHOICES_MAX 2000	/* bytes of a choice question's options */

/* What a registration question asks for, parsed once from its stored
 * name ("text", "choice", "yesno"). */
enum question_kind { QUESTION_TEXT, QUESTION_CHOICE, QUESTION_YESNO };
#define QUESTION_KINDS 3

/* The stored names, in the order of enum question_kind. */
extern const char *const question_kind_names[QUESTION_KINDS];
enum question_kind question_kind_parse(const char *s);
const char *question_kind_name(enum question_kind k);

/* One of the event's questions, as the form shows it. */
struct reg_question {
	int64_t id;
	enum question_kind kind;
	const char *label;		/* in the page's language, with fallback */
	enum lang label_lang;
	bool required;
	const char **choices;		/* choice: the options in the page's language */
	size_t nchoices;
	const char *choices_raw;	/* the stored lines, fi|sv|en */
	const char *labels[LANG_COUNT];	/* for the editor */
	int64_t position;
	const char *value;		/* the form's value, or "" */
	const char *field;		/* its id in the form: "q-<id>" */
};

struct reg_form_view {
	const struct event *e;
	const char *csrf;
	const char *submission;
	const char *consent_html;	/* the consent text as HTML, or NULL */
	struct reg_question *q;
	size_t nq;
	struct municipality *munis;
	size_t nmunis;
	int64_t seats_left;		/* -1 when not shown */
	bool open;			/* the form can be sent */
	const char *closed_msgid;	/* why not, when !open */
	/* The form's values, kept when it is shown again. */
	const char *name, *email, *organisation, *municipality;
	int64_t group_size;
	bool consent;
	struct form_errors errors;
};

/* An answer with its question, on the manage page and the list. */
struct reg_answer {
	int64_t question_id;
	const char *label;
	const char *value;	/* shown: a choice's option in the page's language */
};

struct reg_manage_view {
	const struct event *e;
	const struct registration *reg;
	const char *token;
	const char *csrf;
	const char *base;	/* /:lang/registrations/:token */
	const char *municipality_name;	/* or NULL */
	struct reg_answer *answers;
	size_t nanswers;
	const char *notice;	/* msgid of what was just done, or NULL */
	bool started;		/* the event has started */
	bool changeable;	/* change and cancel are offered */
	bool online;		/* webinar or hybrid */
	bool onsite;		/* on-site or hybrid */
	/* The change form, kept when refused. */
	const char *name, *organisation;
	int64_t group_size;
	struct form_errors errors;
};

/* The organiser's list. */
struct reg_row {
	int64_t id;
	const char *name, *email, *organisation, *municipality;
	enum reg_status status;
	int64_t group_size, waiting_seq, place, created_at, offer_expires_at;
	bool erased;		/* personal data erased after the event */
	struct reg_answer *answers;
	size_t nanswers;
};

struct reg_list_view {
	const struct event *e;
	const char *csrf;
	struct reg_row *rows;		/* confirmed, offered, cancelled... by time */
	size_t nrows;
	struct reg_row *waiting;	/* the waiting list in order */
	size_t nwaiting;
	struct reg_question *q;
	size_t nq;
	int64_t confirmed_seats, confirmed, offered_seats, offered;
	int64_t waiting_seats, cancelled, declined, expired;
	const char *notice;
};

struct reg_questions_view {
	const struct event *e;
	const char *csrf;
	struct reg_question *q;
	size_t nq;
	/* The new question's form, kept when refused. */
	enum question_kind kind;
	const char *labels[LANG_COUNT], *choices;
	bool required;
	int64_t edit_id;		/* the refused form is question edit_id's; 0: new */
	struct form_errors errors;	/* under the refused form's control ids */
	const char *notice;
};

/* Helpers for the templates. */
const char *reg_status_label(enum reg_status status);
const char *reg_question_kind_label(enum question_kind kind);
/* Row x's answer to question qid as shown, or "". */
const char *reg_row_answer(const struct reg_row *x, int64_t qid);

/* Shared by the pages: the event's questions in l (0 or -1). */
int reg_questions_load(struct db *db, struct arena *a, enum lang l,
    int64_t event_id, struct reg_question **out, size_t *n);
/* An answer as shown in l: a choice's option in l, yes/no translated. */
const char *reg_answer_shown(struct arena *a, enum lang l,
    enum question_kind kind,
    const char *value);
/* A choice option line "fi|sv|en" in l, with fallback. */
const char *reg_choice_text(struct arena *a, enum lang l, const char *line);

#endif

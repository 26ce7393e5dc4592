/*
 * form.h - the form model: typed readers for submitted fields, one list of
 * mistakes, and what the templates need to show them (layout/form.tmpl).
 *
 * A handler reads every field through a reader, each of which records its
 * own mistake and goes on, so the page lists every mistake at once:
 *
 *	struct form f;
 *
 *	form_begin(&f, r);
 *	title = form_text(&f, "title", FORM_REQUIRED, 200,
 *	    N_("Write a title of at most 200 characters."));
 *	starts = form_datetime(&f, "start_date", "start_time", FORM_REQUIRED);
 *	if (!form_ok(&f))
 *		... render the form again with form_errors(&f), status 400 ...
 *
 * The message is a msgid (translated when shown).  The field name is also
 * the id of its control in the page, so the summary links to it.  Values
 * come back trimmed, as arena strings, also when they are wrong, so the
 * form can show what was written.
 */
#ifndef TV_VIEW_FORM_H
#define TV_VIEW_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/request.h"
#include "view/view.h"

enum form_flags {
	FORM_REQUIRED = 1 << 0,	/* empty is a mistake */
	FORM_MULTILINE = 1 << 1,	/* text: newlines and tabs allowed */
};

#define FORM_EMAIL_MAX 254	/* RFC 5321's path limit less the brackets */

struct form_error {
	const char *field;	/* the control's id (and name) */
	const char *msgid;
	/* What the mistake is about, so that a page with several fields of
	 * one kind names which (#12 item 18): a label put before the message
	 * ("Start date: Write the date ..."; a msgid), or a text put after it
	 * ("Answer the question: Where do you work?"; already in the page's
	 * language).  NULL when the message names its field itself. */
	const char *label_msgid;
	const char *about;
};

/* The mistakes of one form, for a view. */
struct form_errors {
	const struct form_error *v;
	size_t n;
};

struct form {
	struct request *r;
	struct form_error *err;
	size_t nerr, cap;
};

void form_begin(struct form *f, struct request *r);

/* Records a mistake in a field (checks across fields, store refusals).
 * The first mistake of a field is kept; later ones are dropped. */
void form_error(struct form *f, const char *field, const char *msgid);

/* Names the field of a mistake recorded for it (if any) with a label, a
 * msgid shown before the message: "Alkupäivä: Kirjoita päivämäärä ...". */
void form_label(struct form *f, const char *field, const char *label_msgid);

/* Names what a mistake of the field is about with a text in the page's
 * language shown after the message: "Vastaa kysymykseen: Missä
 * työskentelet?". */
void form_about(struct form *f, const char *field, const char *text);

bool form_ok(const struct form *f);
struct form_errors form_errors(const struct form *f);

/* The field's value without surrounding white space, "" when absent. */
const char *form_value(struct form *f, const char *name);

/*
 * Text of at most max_chars characters.  One line unless FORM_MULTILINE
 * (then CRLF becomes LF); no other control characters.  msgid names the
 * mistake: empty when required, too long, or with control characters.
 */
const char *form_text(struct form *f, const char *name, unsigned flags,
    size_t max_chars, const char *msgid);

/* An e-mail address (something@domain.tld; nothing that could break a
 * mail header), at most FORM_EMAIL_MAX bytes. */
const char *form_email(struct form *f, const char *name, unsigned flags,
    const char *msgid);

/*
 * A whole number from min to max, in decimal digits with an optional
 * leading '-': the value; dflt when the field is empty and not required,
 * or when it is wrong (the mistake is recorded).
 */
int64_t form_int(struct form *f, const char *name, int64_t min, int64_t max,
    int64_t dflt, unsigned flags, const char *msgid);

/* One of n choices, by its exact value: the index, or -1 when the field
 * is empty (a mistake when required) or not one of them (a mistake). */
int form_choice(struct form *f, const char *name, const char *const *choices,
    size_t n, unsigned flags, const char *msgid);

/* A checkbox: true when the field was sent at all. */
bool form_checkbox(struct form *f, const char *name);

/*
 * A calendar date, "2021-10-06" (what <input type="date"> sends) or as
 * people in Finland write it, "6.10.2021": "YYYY-MM-DD", or "" when empty
 * (a mistake when required) or wrong (a mistake).
 */
const char *form_date(struct form *f, const char *name, unsigned flags);

/* A time of day, "14:30", "14.30" or "9.00": minutes after midnight, or
 * -1 when empty (a mistake when required) or wrong (a mistake). */
int form_time(struct form *f, const char *name, unsigned flags);

/*
 * A moment from a date field and a time field, read as Europe/Helsinki
 * time: UTC seconds, or 0 when both are empty and not required, or when
 * either is wrong (mistakes under the field at fault; a time that the
 * spring clock change skips is one too).
 */
int64_t form_datetime(struct form *f, const char *date_name,
    const char *time_name, unsigned flags);

/* A moment as the date ("2021-10-06") and time ("09:30") fields show it
 * in Helsinki; both "" for 0. */
void form_datetime_parts(struct arena *a, int64_t t, const char **date,
    const char **hm);

/* For templates: the mistake of field, or NULL. */
const char *form_error_of(const struct form_errors *e, const char *field);
/* The text of mistake e in v's language, with its label or what it is
 * about (form_label(), form_about()); of field of es (NULL when none). */
const char *form_error_text(struct view *v, const struct form_error *e);
const char *form_field_error_text(struct view *v,
    const struct form_errors *es, const char *field);
bool form_has_error(const struct form_errors *e, const char *field);

/* The shared checks, for values that do not come from a form (imports). */
bool form_email_valid(const char *s);
/*
 * A web address that becomes a link: http:// or https:// (any case), a
 * host, no spaces, control characters, quotes, angle brackets or
 * backslashes, at most max bytes.  Anything else (javascript:, data:, a
 * bare "www.x.fi") is refused.
 */
bool form_web_url_valid(const char *s, size_t max);

#endif

/*
 * feedback.c - validating and storing accessibility feedback.
 */
#include <string.h>

#include "base/utf8.h"
#include "feedback/feedback.h"

/* Only whitespace counts as empty: "   " is not a message. */
static bool
feedback_blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/*
 * The contact is optional; when given it must look like an e-mail address
 * (something@domain.tld, no spaces), since that is how we would answer.
 */
static bool
feedback_email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *dot;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strpbrk(s, " \t\r\n<>,;\"") != NULL)
		return false;
	dot = strrchr(at, '.');
	return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

bool
feedback_validate(struct feedback_form *f)
{
	f->err_message = NULL;
	f->err_contact = NULL;
	if (f->message == NULL || feedback_blank(f->message))
		f->err_message = N_("Write your feedback.");
	else if (utf8_chars(f->message) > FEEDBACK_MESSAGE_MAX)
		f->err_message = N_("The feedback is too long: at most 4000 characters.");
	if (f->contact != NULL && !feedback_blank(f->contact) &&
	    (strlen(f->contact) > FEEDBACK_CONTACT_MAX ||
	    !feedback_email_ok(f->contact)))
		f->err_contact = N_("Write the e-mail address in the form name@example.fi, or leave it empty.");
	/* The page is a hint carried from the link the visitor came by; a
	 * value that is not one of our paths is dropped, not an error. */
	if (f->page != NULL && (f->page[0] != '/' || f->page[1] == '/' ||
	    strlen(f->page) > FEEDBACK_PAGE_MAX))
		f->page = NULL;
	return f->err_message == NULL && f->err_contact == NULL;
}

int
feedback_store(struct db *db, enum lang l, const struct feedback_form *f,
    int64_t now)
{
	struct db_stmt *st;
	int rc;

	if (db_begin(db) != 0)
		return -1;
	st = db_prepare(db, "INSERT INTO feedback (created_at, lang, page, "
	    "message, contact) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st == NULL) {
		db_rollback(db);
		return -1;
	}
	db_bind_int64(st, 1, now);
	db_bind_cstr(st, 2, lang_code(l));
	db_bind_cstr(st, 3, f->page ? f->page : "");
	db_bind_cstr(st, 4, f->message);
	db_bind_cstr(st, 5, f->contact && !feedback_blank(f->contact) ?
	    f->contact : "");
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE || db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

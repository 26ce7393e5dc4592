/*
 * form.c - reading the accessibility feedback form.
 */
#include <string.h>

#include "feedback/feedback.h"

const char *
feedback_page_hint(const char *page)
{
	if (page == NULL || page[0] != '/' || page[1] == '/' ||
	    strlen(page) > FEEDBACK_PAGE_MAX)
		return NULL;
	return page;
}

bool
feedback_read(struct form *f, struct feedback_form *out)
{
	memset(out, 0, sizeof(*out));
	if (form_value(f, "message")[0] == '\0')
		form_error(f, "message", N_("Write your feedback."));
	out->message = form_text(f, "message", FORM_MULTILINE,
	    FEEDBACK_MESSAGE_MAX,
	    N_("The feedback is too long: at most 4000 characters."));
	/* The contact is optional; when given it is how we would answer. */
	out->contact = form_email(f, "contact", 0,
	    N_("Write the e-mail address in the form name@example.fi, or leave it empty."));
	/* The page is a hint carried from the link the visitor came by; a
	 * value that is not one of our paths is dropped, not an error. */
	out->page = feedback_page_hint(form_value(f, "page"));
	out->errors = form_errors(f);
	return form_ok(f);
}

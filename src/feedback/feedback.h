/*
 * feedback.h - the accessibility statement and its feedback form.
 *
 * Finnish law (Act on the Provision of Digital Services 306/2019) requires a
 * public site to publish an accessibility statement with a way to give
 * feedback.  Feedback is stored for the network's staff; the contact address
 * is optional and is the only personal data kept.
 */
#ifndef TV_FEEDBACK_FEEDBACK_H
#define TV_FEEDBACK_FEEDBACK_H

#include <stdbool.h>

#include "db/db.h"
#include "http/request.h"

#define FEEDBACK_MESSAGE_MAX 4000	/* characters */
#define FEEDBACK_CONTACT_MAX 254	/* an e-mail address at most */
#define FEEDBACK_PAGE_MAX 500

struct feedback_form {
	const char *message;
	const char *contact;
	const char *page;	/* the page the visitor had a problem with */
	const char *csrf;
	const char *err_message;	/* msgids, NULL when the field is fine */
	const char *err_contact;
};

/*
 * Checks a submitted form and sets the err_* fields; true when it can be
 * stored.  Values must already be valid UTF-8 (the form parser sees to it).
 */
bool feedback_validate(struct feedback_form *f);

/* Stores the feedback in one transaction.  0 or -1. */
int feedback_store(struct db *db, enum lang l, const struct feedback_form *f,
    int64_t now);

/* GET /:lang/accessibility */
void feedback_page(struct request *r);

/* POST /:lang/accessibility */
void feedback_submit(struct request *r);

/* GET /:lang/accessibility/thanks */
void feedback_thanks(struct request *r);

#endif

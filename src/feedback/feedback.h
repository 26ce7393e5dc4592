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
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "http/request.h"
#include "view/form.h"

#define FEEDBACK_MESSAGE_MAX 4000	/* characters */
#define FEEDBACK_PAGE_MAX 500

/* A feedback message as sent, or as read back for the staff. */
struct feedback_form {
	const char *message;
	const char *contact;	/* "" when not given */
	const char *page;	/* the page the visitor had a problem with */
	const char *csrf;
	struct form_errors errors;
};

struct feedback_row {
	int64_t id;
	int64_t created_at;
	const char *lang;
	const char *page;
	const char *message;
	const char *contact;
};

/* Reads the submitted form into *out, every mistake into f (and
 * out->errors); true when it can be stored. */
bool feedback_read(struct form *f, struct feedback_form *out);

/* The page hint when it is a path of this site, else NULL. */
const char *feedback_page_hint(const char *page);

/* Stores one message.  0 or -1. */
int feedback_store(struct db *db, enum lang l, const struct feedback_form *f,
    int64_t now);

/* Messages newest first: at most `limit` after skipping `offset`.  0 or
 * -1. */
int feedback_list(struct db *db, struct arena *a, int64_t offset, size_t limit,
    struct feedback_row **out, size_t *n);

/* GET /:lang/accessibility */
void feedback_page(struct request *r);

/* POST /:lang/accessibility */
void feedback_submit(struct request *r);

/* GET /:lang/accessibility/thanks */
void feedback_thanks(struct request *r);

#endif

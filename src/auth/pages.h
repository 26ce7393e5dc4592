/*
 * pages.h - sign in, sign out, forgotten password and setting a password
 * from an invitation or reset link.
 */
#ifndef TV_AUTH_PAGES_H
#define TV_AUTH_PAGES_H

#include "http/request.h"
#include "view/form.h"

/* What a sign-in or password page shows: the values to keep, the form's
 * mistakes, the token. */
struct auth_view {
	const char *csrf;
	const char *email;
	const char *next;	/* where to go after signing in */
	const char *token;	/* the link token (set-password page) */
	struct form_errors errors;
	/* A refusal that is no field's mistake (too many attempts, a dead
	 * link): msgid, shown as an alert instead of the form summary. */
	const char *refusal;
	const char *notice;	/* msgid */
};

void auth_signin_form(struct request *r);	/* GET /:lang/signin */
void auth_signin(struct request *r);		/* POST /:lang/signin */
void auth_signout(struct request *r);		/* POST /:lang/signout */
void auth_forgot_form(struct request *r);	/* GET /:lang/password/forgot */
void auth_forgot(struct request *r);		/* POST /:lang/password/forgot */
void auth_forgot_sent(struct request *r);	/* GET /:lang/password/forgot/sent */
void auth_set_form(struct request *r);		/* GET /:lang/password/set */
void auth_set(struct request *r);		/* POST /:lang/password/set */

/* The absolute URL of a path on this site for links in e-mail, from the
 * base_url setting. */
const char *auth_link(struct request *r, const char *path);

#endif

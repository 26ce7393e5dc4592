/*
 * csrf.h - protection of state-changing forms against cross-site requests.
 *
 * Double-submit token: a random 256-bit value in an HttpOnly, SameSite=Strict
 * cookie, repeated in a hidden form field.  Another site can make a browser
 * send the cookie but cannot read it, so it cannot fill in the field.  An
 * Origin header, when the browser sends one, must also name this site.
 * A signed-in visitor's token is instead the one stored with the session.
 *
 * The server checks the token of every state-changing request before the
 * handler runs (src/app/guard.c); handlers only put csrf_token() in forms.
 */
#ifndef TV_AUTH_CSRF_H
#define TV_AUTH_CSRF_H

#include <stdbool.h>

#include "http/request.h"

#define CSRF_FIELD "csrf"
#define CSRF_COOKIE "tv_csrf"

/*
 * The token for forms on this page: the visitor's cookie value, or a new
 * one, in which case the response sets the cookie.
 */
const char *csrf_token(struct request *r);

/* True when the request's form carries the visitor's token and its Origin
 * (if any) is this site. */
bool csrf_valid(struct request *r);

/*
 * What can be known from the headers alone, before a body is read: the
 * Origin (if any) is this site and there is a token the form could match
 * (the session's, or a well-formed cookie).  False means csrf_valid()
 * cannot succeed, so the body need not be read at all.
 */
bool csrf_plausible(struct request *r);

#endif

/*
 * guard.c - identification and authorisation of every request.
 *
 * Runs after routing and before the handler (server_config.guard):
 *  1. who: an API route may carry `Authorization: Bearer <token>`; any other
 *     request may carry the session cookie;
 *  2. may they: the route's action against policy_allows();
 *  3. is it really them: every state-changing request needs a valid CSRF
 *     token, except API requests authenticated by a bearer token (a browser
 *     never adds one on its own, so they cannot be forged cross-site);
 *  4. may they reach the object: a route with a loader (http/router.h)
 *     names one object; it is loaded here and its scope put to
 *     policy_reaches(), so no handler loads or checks it by hand.
 * A refused request gets its answer here and the handler never runs, so it
 * writes nothing.
 */
#include <microhttpd.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "auth/apitoken.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "base/log.h"
#include "base/time.h"
#include "http/response.h"
#include "http/server.h"

/* Identifies the user of the request; leaves the zero user when there is
 * no (valid) session or token. */
static int
guard_identify(struct request *r)
{
	const char *authz, *cookie;
	struct db *db;
	int rc;

	authz = (r->route->flags & ROUTE_API) ?
	    request_header(r, MHD_HTTP_HEADER_AUTHORIZATION) : NULL;
	cookie = authz == NULL ? request_cookie(r, SESSION_COOKIE) : NULL;
	if (authz == NULL && cookie == NULL)
		return 0;
	if ((db = db_thread()) == NULL)
		return -1;
	if (authz != NULL) {
		/* The scheme name is case-insensitive (RFC 9110 11.1). */
		if (strncasecmp(authz, "Bearer ", 7) != 0)
			return 1;
		rc = apitoken_load(db, &r->arena, authz + 7, &r->user);
	} else
		rc = session_load(db, &r->arena, cookie, time_now(), &r->user);
	if (rc < 0)
		return -1;
	if (rc == 1 && authz != NULL)
		return 1;	/* a bad token is an error, not anonymity */
	if (rc == 1)
		memset(&r->user, 0, sizeof(r->user));
	return 0;
}

static bool
guard_changes_state(const struct request *r)
{
	return r->method != HTTP_GET && r->method != HTTP_HEAD &&
	    r->method != HTTP_OPTIONS;
}

/*
 * An RFC 8058 one-click opt-out: a POST to a ROUTE_ONE_CLICK route whose
 * body is exactly List-Unsubscribe=One-Click, and nothing else.  A mail
 * program sends it without cookies; the secret in the path (checked by the
 * route's loader, like any secret link) authorises it.  Anything more in
 * the body, and it needs a CSRF token like every other form.
 */
static bool
guard_one_click(const struct request *r)
{
	return (r->route->flags & ROUTE_ONE_CLICK) && r->method == HTTP_POST &&
	    r->form.n == 1 && strcmp(r->form.items[0].name, "List-Unsubscribe")
	    == 0 && strcmp(r->form.items[0].value, "One-Click") == 0;
}

/* Loads the route's object into r->object; -1 with the answer given when
 * there is none or the user may not reach it (both 404: a stranger must
 * not learn which ids exist elsewhere). */
static int
guard_load(struct request *r)
{
	const struct route_loader *ld = r->route->loader;
	struct object_scope scope;
	void *obj = NULL;
	int rc;

	memset(&scope, 0, sizeof(scope));
	rc = ld->load(r, &obj, &scope);
	if (rc < 0) {
		response_unavailable(r);
		return -1;
	}
	if (rc != 0 || !policy_reaches(&r->user, (enum scope_rule)ld->rule,
	    &scope)) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return -1;
	}
	r->object = obj;
	return 0;
}

/* Identifies once: the preguard may have done it already. */
static int
guard_identify_once(struct request *r)
{
	if (r->identified)
		return r->identify_rc;
	r->identified = true;
	r->identify_rc = guard_identify(r);
	return r->identify_rc;
}

int
app_preguard(struct request *r)
{
	int rc;

	if (r->route->action == ACT_PUBLIC)
		return 0;
	rc = guard_identify_once(r);
	/* An unknown token or a database failure: the guard answers those
	 * after the body, as before; a stranger is refused here. */
	if (rc != 0)
		return 0;
	if (!policy_allows(&r->user, (enum action)r->route->action)) {
		response_error(r, r->user.id == 0 && (r->route->flags &
		    ROUTE_API) ? 401 : 403,
		    N_("You do not have access to this page."));
		return -1;
	}
	if (!r->user.via_api_token && !csrf_plausible(r)) {
		response_error(r, 403, N_("The form had expired. Go back, reload the page and send the form again."));
		return -1;
	}
	return 0;
}

int
app_guard(struct request *r)
{
	int rc = guard_identify_once(r);

	if (rc < 0) {
		response_unavailable(r);
		return -1;
	}
	if (rc == 1) {
		/* RFC 6750 3.1: say which way the token failed. */
		response_error(r, 401, N_("The access token is not valid."));
		response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Bearer realm=\"tukiverkko\", error=\"invalid_token\"");
		return -1;
	}
	if (!policy_allows(&r->user, (enum action)r->route->action)) {
		if (r->user.id != 0) {
			response_error(r, 403, N_("You do not have access to this page."));
		} else if (r->route->flags & ROUTE_API) {
			response_error(r, 401, N_("Sign in or send an access token."));
			response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
			    "Bearer realm=\"tukiverkko\"");
		} else if (!guard_changes_state(r))
			response_signin(r);	/* and back to this page */
		else
			response_error(r, 403, N_("You do not have access to this page."));
		return -1;
	}
	if (guard_changes_state(r)) {
		if (r->user.via_api_token) {
			if (!policy_may_write(&r->user)) {
				response_error(r, 403, N_("This access token may only read."));
				return -1;
			}
		} else if (!guard_one_click(r) && !csrf_valid(r)) {
			response_error(r, 403, N_("The form had expired. Go back, reload the page and send the form again."));
			return -1;
		}
	}
		if (r->route->loader != NULL && guard_load(r) != 0)
		return -1;
	/* Only a request that will be served counts as a use of the token:
	 * a refused one writes nothing at all. */
	if (r->user.via_api_token &&
	    apitoken_touch(db_thread(), r->user.token_id, time_now()) != 0)
		log_warn("could not record the use of an API token");
	return 0;
}

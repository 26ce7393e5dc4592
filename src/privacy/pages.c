/*
 * pages.c - the download of one's own data and the erasure of an account.
 *
 * The guard has already checked the route's action (ACT_ACCOUNT for the
 * export, ACT_USERS for erasure) and the CSRF token of the POST; the
 * erasure handler still decides on the one account it is asked to erase.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/time.h"
#include "http/response.h"
#include "privacy/privacy.h"


void
privacy_export_page(struct request *r)
{
	struct db *db = request_db(r);
	int rc;

	if (db == NULL) {
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	response_begin(r, 200, "application/json; charset=utf-8");
	rc = privacy_export(db, r->user.id, time_now(), &r->resp.body);
	if (rc != 0) {
		/* 1: the account was erased or deactivated a moment ago. */
		response_error(r, rc == 1 ? 404 : 503, rc == 1 ?
		    N_("The page you were looking for was not found.") :
		    N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	/* Personal data: never kept by a browser or proxy cache. */
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	response_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"tukiverkko-%lld.json\"",
	    (long long)r->user.id));
}

/* A route id: decimal digits only, no sign, no leading zero; 0 if not. */
static int64_t
privacy_parse_id(const char *s)
{
	int64_t v = 0;
	size_t i;

	if (s == NULL || s[0] == '\0' || s[0] == '0' || strlen(s) > 18)
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

void
privacy_erase(struct request *r)
{
	int64_t id = privacy_parse_id(request_param(r, "id"));
	struct db *db;
	int rc;

	/* An account one may not manage answers as if it did not exist, so
	 * that ids cannot be probed for who is an administrator. */
	if (id == 0) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	if ((db = request_db(r)) == NULL) {
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	rc = privacy_erase_account_as(db, &r->user, id, request_address(r),
	    time_now());
	if (rc == 1) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	if (rc == 2) {
		response_error(r, 403, N_("You cannot erase your own account. Ask another administrator."));
		return;
	}
	if (rc != 0) {
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/admin/users?done=erased", lang_code(r->lang)));
}

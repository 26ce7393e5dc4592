/*
 * pages.c - the download of one's own data and the erasure of an account.
 *
 * The guard has already checked the route's action (ACT_ACCOUNT for the
 * export, ACT_USERS for erasure) and the CSRF token of the POST.  Erasure
 * has no route loader: privacy_erase_account_as() decides inside its
 * transaction, refusing one's own account (403) before asking whether the
 * viewer manages it, which a loader would ask first.
 */
#include <microhttpd.h>

#include "base/log.h"
#include "base/time.h"
#include "http/response.h"
#include "http/urls.h"
#include "privacy/privacy.h"

void
privacy_export_page(struct request *r)
{
	struct db *db = response_db(r);
	int rc;

	if (db == NULL)
		return;
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

void
privacy_erase(struct request *r)
{
	struct db *db;
	int64_t id;
	int rc;

	/* An account one may not manage answers as if it did not exist, so
	 * that ids cannot be probed for who is an administrator. */
	if (id_parse(request_param(r, "id"), &id) != 0) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	if ((db = request_db(r)) == NULL) {
		response_unavailable(r);
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
		response_unavailable(r);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=erased",
	    url_for(&r->arena, r->lang, "admin.users", NULL)));
}

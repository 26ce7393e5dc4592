/*
 * home_answer.c - the home region of a request's new object, for the
 * handlers that create one (see network.h).
 */
#include "http/response.h"
#include "network/network.h"

int64_t
network_request_home_region(struct request *r)
{
	int64_t region;

	if (network_home_region(request_db(r), &r->user, &region) != 0) {
		response_unavailable(r);
		return 0;
	}
	if (region == 0)
		response_error(r, 404, N_("The page you were looking for was not found."));
	return region;
}

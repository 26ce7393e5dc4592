/*
 * notice.c - the privacy notice (GET /:lang/privacy): what is stored about
 * visitors, why and for how long, with the periods the retention jobs
 * actually use and the service's own address for questions.
 */
#include <microhttpd.h>
#include <string.h>

#include "base/settings.h"
#include "http/response.h"
#include "network/network.h"
#include "privacy/privacy.h"
#include "tmpl_privacy.h"
#include "view/page.h"

void
privacy_notice(struct request *r)
{
	struct privacy_notice_view nv;
	struct region_info ri;
	struct db *db = request_db(r);
	struct view v;
	struct page p;
	int rc;

	if (db == NULL || (rc = network_region(db, &r->arena, r->lang,
	    &ri)) < 0) {
		response_unavailable(r);
		return;
	}
	memset(&nv, 0, sizeof(nv));
	nv.controller = rc == 0 && ri.network[0] != '\0' ? ri.network :
	    i18n_text(r->lang, "Uusimaa digital support network");
	nv.contact = config_get()->mail_from;
	nv.event_days = config_get()->event_retention_days;
	nv.retention_days = config_get()->retention_days;
	response_begin(r, 200, "text/html; charset=utf-8");
	page_init(&p, &v, r, i18n_text(r->lang, "Privacy notice"));
	page_crumb(&p, i18n_text(r->lang, "Privacy notice"), NULL);
	page_privacy_notice(&v, &p, &nv);
}

/*
 * pages.c - handlers of the network module's public pages.
 *
 * A handler reads what its page shows through network.h and events.h into
 * the request's arena, then renders the page template.  A database that
 * cannot be reached is a 503 with a message, never a half-rendered page.
 */
#include <string.h>

#include "base/log.h"
#include "http/response.h"
#include "http/urls.h"
#include "network/pages.h"
#include "tmpl_network.h"
#include "view/page.h"

#define FRONT_EVENTS 5

static void
pages_failed(struct request *r)
{
	response_unavailable(r);
}

void
network_front(struct request *r)
{
	struct front_page f;
	struct view v;
	struct page p;
	struct db *db;
	int rc;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&f, 0, sizeof(f));
	rc = network_region(db, &r->arena, r->lang, &f.region);
	if (rc == 1) {
		response_error(r, 404, N_("This site has no network yet. An administrator can load one with `tukiverkko demo` or `tukiverkko import`."));
		return;
	}
	if (rc != 0 ||
	    programme_region_periods(db, &r->arena, r->lang, f.region.id, &f.periods,
	    &f.nperiods) != 0 ||
	    network_municipalities(db, &r->arena, r->lang, f.region.id,
	    &f.municipalities, &f.nmunicipalities) != 0 ||
	    events_list(db, &r->arena, r->lang, f.region.id, NULL, FRONT_EVENTS,
	    &f.events, &f.nevents) != 0) {
		pages_failed(r);
		return;
	}
	response_begin(r, 200, "text/html; charset=utf-8");
	page_init(&p, &v, r, f.region.network);
	p.description = f.region.intro;
	page_front(&v, &p, &f);
}

void
network_municipality_list(struct request *r)
{
	struct front_page f;
	struct view v;
	struct page p;
	struct db *db;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&f, 0, sizeof(f));
	if (network_region(db, &r->arena, r->lang, &f.region) != 0 ||
	    network_municipalities(db, &r->arena, r->lang, f.region.id,
	    &f.municipalities, &f.nmunicipalities) != 0) {
		pages_failed(r);
		return;
	}
	response_begin(r, 200, "text/html; charset=utf-8");
	page_init(&p, &v, r, i18n_text(r->lang, "Municipalities"));
	page_crumb(&p, i18n_text(r->lang, "Municipalities"), NULL);
	page_municipalities(&v, &p, &f);
}

void
network_municipality_page(struct request *r)
{
	struct municipality_page mp;
	const char *code;
	struct view v;
	struct page p;
	struct db *db;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&mp, 0, sizeof(mp));
	mp.m = *(const struct municipality *)request_object(r);
	code = mp.m.code;
	if (programme_municipality_periods(db, &r->arena, r->lang, code,
	    &mp.periods, &mp.nperiods) != 0 ||
	    network_organisations(db, &r->arena, r->lang, code,
	    &mp.organisations, &mp.norganisations) != 0 ||
	    network_people(db, &r->arena, r->lang, code, &mp.people,
	    &mp.npeople) != 0 ||
	    events_list(db, &r->arena, r->lang, mp.m.region_id, code, FRONT_EVENTS,
	    &mp.events, &mp.nevents) != 0) {
		pages_failed(r);
		return;
	}
	response_begin(r, 200, "text/html; charset=utf-8");
	page_init(&p, &v, r, mp.m.name);
	page_crumb(&p, i18n_text(r->lang, "Municipalities"),
	    url_for(&r->arena, r->lang, "network.municipalities", NULL));
	page_crumb(&p, mp.m.name, NULL);
	page_municipality(&v, &p, &mp);
}

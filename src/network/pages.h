/*
 * pages.h - the public pages of the network module: what each page
 * template receives, and the handlers that build it.
 */
#ifndef TV_NETWORK_PAGES_H
#define TV_NETWORK_PAGES_H

#include "events/events.h"
#include "http/request.h"
#include "network/network.h"
#include "programme/programme.h"

struct front_page {
	struct region_info region;
	struct programme_period *periods;
	size_t nperiods;
	struct municipality *municipalities;
	size_t nmunicipalities;
	struct event_item *events;
	size_t nevents;
};

struct municipality_page {
	struct municipality m;
	struct programme_period *periods;
	size_t nperiods;
	struct organisation *organisations;
	size_t norganisations;
	struct person *people;
	size_t npeople;
	struct event_item *events;
	size_t nevents;
};

/* GET /:lang/ */
void network_front(struct request *r);

/* GET /:lang/municipalities */
void network_municipality_list(struct request *r);

/* GET /:lang/municipalities/:code */
void network_municipality_page(struct request *r);

#endif

/*
 * hsds.h - the directory as Open Referral HSDS 3.0 objects (hsds.c): the
 * identifiers, the schedules and the JSON of a service, a location and a
 * service at location, for the open-data API and its tests.
 *
 * One service point is one HSDS service (the digital support it gives),
 * one physical location and the service_at_location that joins them; its
 * organisation is an organization.  HSDS wants UUIDs for every id; ours
 * are made from the point's id, so that they are stable and need no
 * column of their own (hsds_uuid()).
 */
#ifndef TV_DIRECTORY_HSDS_H
#define TV_DIRECTORY_HSDS_H

#include <jansson.h>
#include <stdint.h>

#include "base/arena.h"
#include "directory/directory.h"
#include "http/request.h"

/* What an id names; the kind is part of the UUID. */
enum hsds_kind {
	HSDS_SERVICE = 1,
	HSDS_LOCATION,
	HSDS_SAL,			/* service_at_location */
	HSDS_PHONE,
	HSDS_ADDRESS,
	HSDS_SCHEDULE,
	HSDS_LANGUAGE,
	HSDS_ACCESSIBILITY,
	HSDS_ORGANIZATION,		/* named: a hash of the name */
	HSDS_ATTRIBUTE,
	HSDS_TERM,			/* named: a hash of the key */
};

#define HSDS_UUID_LEN 36
#define HSDS_DAYS 366		/* days of schedules from today */

/*
 * The UUID of the idx'th object of kind k of point id (idx < 4096), as
 * RFC 9562 version 8: the installation's 48 bits (a SHA-256 of base_url),
 * the version, the kind, the variant, idx, and the id in the last 48
 * bits: pppppppp-pppp-8kkk-8iii-nnnnnnnnnnnn.
 */
void hsds_uuid(char out[HSDS_UUID_LEN + 1], enum hsds_kind k, unsigned idx,
    int64_t id);

/* The same for a named thing (an organisation, a taxonomy term): its last
 * 48 bits are a SHA-256 of the name. */
void hsds_uuid_named(char out[HSDS_UUID_LEN + 1], enum hsds_kind k,
    const char *name);

/* Reads a UUID made by hsds_uuid() on this installation: 0 with the kind
 * and the id, -1 for anything else. */
int hsds_uuid_parse(const char *s, enum hsds_kind *k, int64_t *id);

/*
 * The point's hours from day `from` for `days` days as HSDS schedules of
 * the service at location sal_id, appended to out; a schedule's idx
 * counts from 0.  See hsds.c for how holidays and exceptions are said.
 */
int hsds_schedules(struct arena *a, enum lang l, const struct service_point *p,
    int32_t from, int days, const char *sal_id, json_t *out);

/* Labels of topics and forms, for a service's attributes. */
struct hsds_labels {
	const struct dir_choice *topics, *forms;
	size_t ntopics, nforms;
};

/*
 * A service: its one-to-one fields (and its organization) when labels is
 * NULL, as the lists give it; else in full, with its phones, languages,
 * attributes and its service_at_location in full.
 */
json_t *hsds_service(struct arena *a, enum lang l, const struct service_point *p,
    const struct hsds_labels *labels, int32_t today);

/* A service_at_location: for a list (with its service and location's
 * one-to-one fields), or in full (location, phones, schedules). */
json_t *hsds_service_at_location(struct arena *a, enum lang l,
    const struct service_point *p, bool full, int32_t today);

/* The language of an open-data answer: ?lang= (fi, sv, en), else the
 * Accept-Language, else Finnish.  0, or -1 for a ?lang= of none of
 * ours (api.c). */
int directory_api_lang(struct request *r, enum lang *l);

#endif

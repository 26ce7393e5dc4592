/*
 * api.c - the directory's open data: a read-only JSON API of the
 * published service points as Open Referral HSDS 3.0 (hsds.h), described
 * in src/app/openapi.json.
 *
 *	GET /api/hsds				what this API is
 *	GET /api/hsds/services			a page of services
 *	GET /api/hsds/services/:id		one service in full
 *	GET /api/hsds/service_at_locations	a page of services at locations
 *	GET /api/hsds/service_at_locations/:id	one in full
 *
 * Lists take HSDS's page (from 1), per_page (1..500, 50 if not given) and
 * modified_after (a date or a UTC date-time; the points changed at or
 * after it); format=ndjson gives every item at once instead, one JSON
 * object a line (HSDS's bulk output), read from the store by id 500 at a
 * time.  Every answer takes lang (fi, sv, en; else the
 * Accept-Language): HSDS has one language per document, so texts come in
 * that language, else fi -> sv -> en.  A parameter the API does not know
 * is refused (400) rather than ignored: a consumer must not take an
 * unfiltered list for a filtered one.  The answers are open data: anyone
 * may read them, from any origin (Access-Control-Allow-Origin: *).
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "base/time.h"
#include "directory/hsds.h"
#include "http/parse.h"
#include "http/request.h"
#include "http/response.h"
#include "http/urls.h"

#define HSDS_PER_PAGE 50
#define HSDS_PER_PAGE_MAX 500

/* The language asked: ?lang=, else the Accept-Language, else Finnish.
 * -1 (and Finnish) when ?lang= names none of ours. */
int
directory_api_lang(struct request *r, enum lang *l)
{
	const char *v = kv_get(&r->query, "lang");
	const char *al;

	if (v == NULL) {
		al = request_header(r, "Accept-Language");
		*l = al != NULL ? accept_language_pick(al, LANG_FI) : LANG_FI;
		return 0;
	}
	if (lang_parse(v, strlen(v), l) != 0) {
		*l = LANG_FI;
		return -1;
	}
	return 0;
}

/* A whole number of at most 9 digits in [min, max]: 0 or -1. */
static int
api_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (s[0] == '\0' || strlen(s) > 9)
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * modified_after: "2026-12-05" (midnight UTC), "2026-12-05T10:00:00Z" or
 * with an offset ("+02:00"), seconds optional.  0 or -1.
 */
static int
api_moment(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	size_t n = strlen(s), k = 10;
	int32_t day;

	if (n < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = str_digits(s, 4);
	mo = str_digits(s + 5, 2);
	d = str_digits(s + 8, 2);
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	day = hours_days_from_civil(y, mo, d);
	{
		int cy, cm, cd;

		hours_civil_from_days(day, &cy, &cm, &cd);
		if (cy != y || cm != mo || cd != d)
			return -1;
	}
	if (n > 10) {
		if ((s[10] != 'T' && s[10] != 't') || n < 16 || s[13] != ':')
			return -1;
		h = str_digits(s + 11, 2);
		mi = str_digits(s + 14, 2);
		k = 16;
		if (n > k && s[k] == ':') {
			if (n < k + 3)
				return -1;
			sec = str_digits(s + k + 1, 2);
			k += 3;
		}
		if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
			return -1;
		if (n == k + 1 && (s[k] == 'Z' || s[k] == 'z'))
			k++;
		else if (n == k + 6 && (s[k] == '+' || s[k] == '-') &&
		    s[k + 3] == ':') {
			sign = s[k] == '+' ? 1 : -1;
			oh = str_digits(s + k + 1, 2);
			om = str_digits(s + k + 4, 2);
			if (oh < 0 || oh > 14 || om < 0 || om > 59)
				return -1;
			k = n;
		} else
			return -1;
	}
	if (k != n)
		return -1;
	*out = (int64_t)day * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	return 0;
}

/* Open data: readable from any origin; the texts' language said. */
static void
api_headers(struct request *r, enum lang l)
{
	response_header(r, "Access-Control-Allow-Origin", "*");
	response_header(r, "Content-Language", lang_code(l));
	response_header(r, "Vary", "Accept-Language");
}

/* Refuses a query parameter not in `known`: 0, or -1 answered. */
static int
api_known(struct request *r, const char *const *known)
{
	size_t i, k;

	for (i = 0; i < r->query.n; i++) {
		for (k = 0; known[k] != NULL; k++)
			if (strcmp(r->query.items[i].name, known[k]) == 0)
				break;
		if (known[k] == NULL) {
			response_error(r, 400, N_("The request has a parameter this API does not know."));
			return -1;
		}
	}
	return 0;
}

static int32_t
today(void)
{
	int32_t day;
	int minute;

	hours_local(time_now(), &day, &minute);
	return day;
}

void
directory_hsds_meta(struct request *r)
{
	static const char *const known[] = { NULL };

	if (api_known(r, known) != 0)
		return;
	response_json(r, json_pack("{s:s, s:s, s:s}", "version", "3.0",
	    "profile", "https://docs.openreferral.org/en/3.0/hsds/",
	    "openapi_url", url_abs_for(&r->arena, r->lang, "api.openapi",
	    NULL)));
	api_headers(r, r->lang);
}

/* Every item at once, one JSON object a line (format=ndjson). */
static void
api_ndjson(struct request *r, struct db *db, enum lang l, int64_t since,
    bool sal)
{
	struct service_point *pts;
	int64_t after = 0;
	size_t n, i;
	char *text;
	json_t *o;

	response_begin(r, 200, "application/x-ndjson");
	response_header(r, "Cache-Control", "no-store");
	do {
		if (directory_store_published(db, &r->arena, l, since, after,
		    HSDS_PER_PAGE_MAX, 0, &pts, &n, NULL) != 0) {
			response_unavailable(r);
			return;
		}
		for (i = 0; i < n; i++) {
			o = sal ? hsds_service_at_location(&r->arena, l, &pts[i],
			    false, 0) : hsds_service(&r->arena, l, &pts[i],
			    NULL, 0);
			text = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
			json_decref(o);
			if (text == NULL) {
				response_unavailable(r);
				return;
			}
			buf_puts(&r->resp.body, text);
			buf_putc(&r->resp.body, '\n');
			free(text);
			after = pts[i].id;
		}
		if (request_abandoned(r))
			return;
	} while (n == HSDS_PER_PAGE_MAX);
	api_headers(r, l);
}

/* A page of services (sal false) or services at locations (true). */
static void
api_list(struct request *r, bool sal)
{
	static const char *const known[] = { "page", "per_page",
		"modified_after", "lang", "format", NULL };
	struct service_point *pts;
	int64_t page = 1, per = HSDS_PER_PAGE, since = 0, total, pages;
	const char *v;
	struct db *db;
	json_t *list, *o;
	enum lang l;
	size_t n, i;

	if (api_known(r, known) != 0)
		return;
	if (directory_api_lang(r, &l) != 0) {
		response_error(r, 400, N_("The language must be fi, sv or en."));
		return;
	}
	if ((v = kv_get(&r->query, "page")) != NULL &&
	    api_int(v, 1, 100000000, &page) != 0) {
		response_error(r, 400, N_("The page must be a whole number from 1."));
		return;
	}
	if ((v = kv_get(&r->query, "per_page")) != NULL &&
	    api_int(v, 1, HSDS_PER_PAGE_MAX, &per) != 0) {
		response_error(r, 400, N_("per_page must be a whole number from 1 to 500."));
		return;
	}
	if ((v = kv_get(&r->query, "modified_after")) != NULL &&
	    api_moment(v, &since) != 0) {
		response_error(r, 400, N_("modified_after must be a date (2026-12-05) or a date and time (2026-12-05T10:00:00Z)."));
		return;
	}
	if ((v = kv_get(&r->query, "format")) != NULL &&
	    strcmp(v, "json") != 0 && strcmp(v, "ndjson") != 0) {
		response_error(r, 400, N_("format must be json or ndjson."));
		return;
	}
	if ((db = response_db(r)) == NULL)
		return;
	if (v != NULL && strcmp(v, "ndjson") == 0) {
		if (kv_get(&r->query, "page") != NULL ||
		    kv_get(&r->query, "per_page") != NULL) {
			response_error(r, 400, N_("format=ndjson gives every item at once: leave out page and per_page."));
			return;
		}
		api_ndjson(r, db, l, since, sal);
		return;
	}
	if (directory_store_published(db, &r->arena, l, since, 0, per,
	    (page - 1) * per, &pts, &n, &total) != 0) {
		response_unavailable(r);
		return;
	}
	list = json_array();
	for (i = 0; i < n; i++) {
		o = sal ? hsds_service_at_location(&r->arena, l, &pts[i], false,
		    0) : hsds_service(&r->arena, l, &pts[i], NULL, 0);
		if (o == NULL || json_array_append_new(list, o) != 0) {
			json_decref(list);
			response_unavailable(r);
			return;
		}
	}
	pages = (total + per - 1) / per;
	response_json(r, json_pack("{s:I, s:I, s:I, s:I, s:b, s:b, s:b, s:o}",
	    "total_items", (json_int_t)total,
	    "total_pages", (json_int_t)pages,
	    "page_number", (json_int_t)page,
	    "size", (json_int_t)n,
	    "first_page", page == 1,
	    "last_page", page >= pages,
	    "empty", total == 0,
	    "contents", list));
	api_headers(r, l);
}

void
directory_hsds_services(struct request *r)
{
	api_list(r, false);
}

void
directory_hsds_sals(struct request *r)
{
	api_list(r, true);
}

/* One object in full: a service (sal false) or a service at location. */
static void
api_one(struct request *r, bool sal)
{
	static const char *const known[] = { "lang", NULL };
	const struct service_point *p = request_object(r);
	struct dir_choice *topics, *forms;
	struct hsds_labels labels;
	size_t nt, nf;
	struct db *db;
	enum lang l;
	json_t *o;

	if (api_known(r, known) != 0)
		return;
	if (directory_api_lang(r, &l) != 0) {
		response_error(r, 400, N_("The language must be fi, sv or en."));
		return;
	}
	if (sal)
		o = hsds_service_at_location(&r->arena, l, p, true, today());
	else {
		if ((db = response_db(r)) == NULL)
			return;
		if (directory_store_topics(db, &r->arena, l, &topics, &nt) != 0 ||
		    directory_store_forms(db, &r->arena, l, &forms, &nf) != 0) {
			response_unavailable(r);
			return;
		}
		labels = (struct hsds_labels){ topics, forms, nt, nf };
		o = hsds_service(&r->arena, l, p, &labels, today());
	}
	response_json(r, o);
	api_headers(r, l);
}

void
directory_hsds_service(struct request *r)
{
	api_one(r, false);
}

void
directory_hsds_sal(struct request *r)
{
	api_one(r, true);
}

/*
 * jsonld.c - a service point for search engines: schema.org JSON-LD in
 * the point's public page (views.h, directory_jsonld()).
 *
 * The point is a GovernmentService (the digital support) whose channel is
 * a Place: its name, PostalAddress, GeoCoordinates, telephone and
 * openingHoursSpecification.  The regular week gives one specification
 * per interval open to all (dayOfWeek, opens, closes); a period (summer
 * hours) the same with validFrom and validThrough; a single day that an
 * exception or a public holiday decides within the next year gives its
 * own, valid that day - closed as opens = closes = 00:00, as search
 * engines read it.  Hours by appointment or for self-service are not
 * "open" in schema.org's sense and stay in the page's table.  Times are
 * Helsinki wall-clock times, as schema.org's are local; an interval over
 * midnight closes before it opens.
 *
 * The JSON is written for a <script type="application/ld+json"> block: a
 * data block, not run (so the CSP without inline script allows it), with
 * every <, > and & written as \u003c, \u003e, \u0026 so that no text of
 * a point can end the element.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "directory/holidays.h"
#include "directory/views.h"

#define JSONLD_DAYS 366

static const char *const day_urls[8] = { "", "https://schema.org/Monday",
	"https://schema.org/Tuesday", "https://schema.org/Wednesday",
	"https://schema.org/Thursday", "https://schema.org/Friday",
	"https://schema.org/Saturday", "https://schema.org/Sunday" };

static const char *
clock(struct arena *a, int minute)
{
	if (minute >= HOURS_DAY_MIN)
		minute = minute == HOURS_DAY_MIN ? HOURS_DAY_MIN - 1 :
		    minute - HOURS_DAY_MIN;
	return arena_printf(a, "%02d:%02d", minute / 60, minute % 60);
}

static const char *
iso_day(struct arena *a, int32_t day)
{
	int y, m, d;

	hours_civil_from_days(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

/* One specification per open interval of week w (all of a weekday's
 * intervals with the same times share one with several days). */
static void
week_specs(struct arena *a, const struct hours_week *w, const char *from,
    const char *to, json_t *out)
{
	bool *done = arena_calloc(a, w->n + 1, sizeof(*done));
	size_t i, k, n = w->n;
	json_t *o, *days;

	for (i = 0; i < n; i++) {
		if (done[i] || w->iv[i].state != HOURS_OPEN)
			continue;
		days = json_array();
		for (k = i; k < n; k++)
			if (!done[k] && w->iv[k].state == HOURS_OPEN &&
			    w->iv[k].start == w->iv[i].start &&
			    w->iv[k].end == w->iv[i].end) {
				done[k] = true;
				json_array_append_new(days, json_string(
				    day_urls[w->iv[k].weekday]));
			}
		o = json_pack("{s:s, s:o, s:s, s:s}", "@type",
		    "OpeningHoursSpecification", "dayOfWeek", days,
		    "opens", clock(a, w->iv[i].start),
		    "closes", clock(a, w->iv[i].end));
		if (from != NULL) {
			json_object_set_new(o, "validFrom", json_string(from));
			json_object_set_new(o, "validThrough", json_string(to));
		}
		json_array_append_new(out, o);
	}
}

/* The days from today that an exception or a holiday decides. */
static void
day_specs(struct arena *a, const struct service_point *p, int32_t today,
    json_t *out)
{
	struct hours_day d;
	const char *date;
	size_t i;
	int32_t day;
	bool any;

	for (day = today; day < today + JSONLD_DAYS; day++) {
		hours_of_day(&p->hours, day, &d);
		if (d.source != HOURS_FROM_EXCEPTION &&
		    d.source != HOURS_FROM_HOLIDAY)
			continue;
		date = iso_day(a, day);
		any = false;
		for (i = 0; i < d.n; i++) {
			if (d.iv[i].state != HOURS_OPEN)
				continue;
			any = true;
			json_array_append_new(out, json_pack("{s:s, s:s, s:s, "
			    "s:s, s:s}", "@type", "OpeningHoursSpecification",
			    "validFrom", date, "validThrough", date,
			    "opens", clock(a, d.iv[i].start),
			    "closes", clock(a, d.iv[i].end)));
		}
		if (!any)
			json_array_append_new(out, json_pack("{s:s, s:s, s:s, "
			    "s:s, s:s}", "@type", "OpeningHoursSpecification",
			    "validFrom", date, "validThrough", date,
			    "opens", "00:00", "closes", "00:00"));
	}
}

static void
set_text(json_t *o, const char *key, const char *v)
{
	if (v != NULL && v[0] != '\0')
		json_object_set_new(o, key, json_string(v));
}

const char *
directory_jsonld(struct arena *a, enum lang l, const struct service_point *p,
    const char *url, int32_t today)
{
	json_t *place, *service, *specs, *addr;
	enum lang shown;
	const char *name, *desc;
	struct buf b;
	char *text;
	size_t i;

	name = i18n_pick(l, p->name[LANG_FI], p->name[LANG_SV],
	    p->name[LANG_EN], &shown);
	desc = i18n_pick(l, p->summary[LANG_FI], p->summary[LANG_SV],
	    p->summary[LANG_EN], &shown);
	specs = json_array();
	week_specs(a, &p->hours.regular, NULL, NULL, specs);
	for (i = 0; i < p->hours.nperiods; i++)
		if (p->hours.periods[i].to_day >= today)
			week_specs(a, &p->hours.periods[i].week, iso_day(a,
			    p->hours.periods[i].from_day), iso_day(a,
			    p->hours.periods[i].to_day), specs);
	day_specs(a, p, today, specs);
	place = json_pack("{s:s, s:s, s:s}", "@type", "Place", "@id",
	    arena_printf(a, "%s#place", url), "name", name);
	if (p->street[0] != '\0' || p->postcode[0] != '\0') {
		addr = json_pack("{s:s, s:s}", "@type", "PostalAddress",
		    "addressCountry", "FI");
		set_text(addr, "streetAddress", p->street);
		set_text(addr, "postalCode", p->postcode);
		set_text(addr, "addressLocality", p->post_office[0] != '\0' ?
		    p->post_office : p->municipality_name);
		json_object_set_new(place, "address", addr);
	}
	if (p->has_point)
		json_object_set_new(place, "geo", json_pack("{s:s, s:f, s:f}",
		    "@type", "GeoCoordinates", "latitude", p->lat,
		    "longitude", p->lon));
	set_text(place, "telephone", p->phone);
	json_object_set_new(place, "openingHoursSpecification", specs);
	service = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}}",
	    "@context", "https://schema.org", "@type", "GovernmentService",
	    "@id", url, "name", name, "url", url,
	    "availableChannel", "@type", "ServiceChannel", "name", name);
	json_object_set_new(json_object_get(service, "availableChannel"),
	    "serviceLocation", place);
	set_text(service, "description", desc);
	json_object_set_new(service, "inLanguage", json_string(lang_code(l)));
	json_object_set_new(service, "areaServed", json_pack("{s:s, s:s}",
	    "@type", "City", "name", p->municipality_name));
	if (p->organisation[0] != '\0')
		json_object_set_new(service, "provider", json_pack("{s:s, s:s}",
		    "@type", "Organization", "name", p->organisation));
	if (p->free_of_charge)
		json_object_set_new(service, "isAccessibleForFree",
		    json_true());
	text = json_dumps(service, JSON_COMPACT);
	json_decref(service);
	if (text == NULL)
		return NULL;
	buf_init(&b);
	for (i = 0; text[i] != '\0'; i++)
		if (text[i] == '<')
			buf_puts(&b, "\\u003c");
		else if (text[i] == '>')
			buf_puts(&b, "\\u003e");
		else if (text[i] == '&')
			buf_puts(&b, "\\u0026");
		else
			buf_putc(&b, text[i]);
	free(text);
	text = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return text;
}

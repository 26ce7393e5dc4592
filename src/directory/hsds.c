/*
 * hsds.c - the directory's open data as Open Referral HSDS 3.0 (hsds.h):
 * the JSON of services, locations and services at locations, their
 * schedules, and the read-only API that serves them
 * (/api/hsds/..., described in src/app/openapi.json).
 *
 * Schedules.  HSDS 3.0 says opening hours as iCal-like weekly rules with
 * validity dates, a time zone as a UTC offset, and no way to say "closed
 * on public holidays" or "closed that day" (Open Referral issue #440).
 * We keep what a consumer can compute with, in the way that loses least:
 * the next HSDS_DAYS days are walked with the same rules the pages use
 * (hours.c: exception > holiday > period > week) and cut into runs of
 * days that follow one weekly rule at one UTC offset.  Each run becomes
 * WEEKLY schedules (one per distinct interval, byday its weekdays) valid
 * from its first to its last day, with opens_at and closes_at written with
 * the offset in force ("10:00+02:00") and `timezone` the offset in hours.
 * A day that an exception or a public holiday decides is a run of its
 * own: its intervals as schedules valid that one day (dtstart, count 1),
 * or - when closed - one schedule valid that day with no opening time,
 * described "Closed" and with the holiday's name or the exception's note
 * in `notes`.  So a holiday closure is both absent from every opening
 * schedule (what a program sees) and said in words (what a person reads).
 * An interval over midnight has closes_at before opens_at; one that lasts
 * all day closes at "23:59", as HSDS's guidance has it.  "By appointment
 * only" and "self-service" go into attending_type.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/settings.h"
#include "base/str.h"
#include "base/time.h"
#include "directory/holidays.h"
#include "directory/hsds.h"
#include "directory/views.h"

/* --- identifiers --- */

static unsigned char hsds_prefix[6];
static pthread_once_t hsds_prefix_once = PTHREAD_ONCE_INIT;

/* The installation's 48 bits, once: base_url is set before any thread
 * starts and never changes. */
static void
prefix_init(void)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	const struct config *c = config_get();
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "tukiverkko hsds %s", c != NULL && c->base_url != NULL ?
	    c->base_url : "");
	crypto_hash_sha256(h, (const unsigned char *)buf_cstr(&b), b.len);
	buf_cleanup(&b);
	memcpy(hsds_prefix, h, sizeof(hsds_prefix));
}

static const unsigned char *
prefix(void)
{
	(void)pthread_once(&hsds_prefix_once, prefix_init);
	return hsds_prefix;
}

static void
format_uuid(char out[HSDS_UUID_LEN + 1], enum hsds_kind k, unsigned idx,
    uint64_t low48)
{
	const unsigned char *p = prefix();

	snprintf(out, HSDS_UUID_LEN + 1,
	    "%02x%02x%02x%02x-%02x%02x-8%03x-8%03x-%012llx", p[0], p[1], p[2],
	    p[3], p[4], p[5], (unsigned)k & 0xfff, idx & 0xfff,
	    (unsigned long long)(low48 & 0xffffffffffffULL));
}

void
hsds_uuid(char out[HSDS_UUID_LEN + 1], enum hsds_kind k, unsigned idx,
    int64_t id)
{
	format_uuid(out, k, idx, (uint64_t)id);
}

void
hsds_uuid_named(char out[HSDS_UUID_LEN + 1], enum hsds_kind k,
    const char *name)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	uint64_t v = 0;
	int i;

	crypto_hash_sha256(h, (const unsigned char *)name, strlen(name));
	for (i = 0; i < 6; i++)
		v = v << 8 | h[i];
	format_uuid(out, k, 0, v);
}

int
hsds_uuid_parse(const char *s, enum hsds_kind *k, int64_t *id)
{
	char want[HSDS_UUID_LEN + 1];
	uint64_t v = 0;
	unsigned kind = 0;
	int i;

	if (strlen(s) != HSDS_UUID_LEN)
		return -1;
	for (i = 0; i < HSDS_UUID_LEN; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23) ? s[i] != '-' :
		    str_hex_value((unsigned char)s[i]) < 0)
			return -1;
	for (i = 15; i < 18; i++)
		kind = kind << 4 | (unsigned)str_hex_value((unsigned char)s[i]);
	for (i = 24; i < 36; i++)
		v = v << 4 | (unsigned)str_hex_value((unsigned char)s[i]);
	if (kind == 0 || kind > HSDS_TERM || v == 0 || v > INT64_MAX)
		return -1;
	/* The rest must be exactly what this installation writes. */
	format_uuid(want, (enum hsds_kind)kind, 0, v);
	if (strncasecmp(s, want, 19) != 0 || strncmp(s + 19, "8000-", 5) != 0)
		return -1;
	*k = (enum hsds_kind)kind;
	*id = (int64_t)v;
	return 0;
}

static const char *
uuid(struct arena *a, enum hsds_kind k, unsigned idx, int64_t id)
{
	char *s = arena_alloc(a, HSDS_UUID_LEN + 1);

	hsds_uuid(s, k, idx, id);
	return s;
}

static const char *
uuid_named(struct arena *a, enum hsds_kind k, const char *name)
{
	char *s = arena_alloc(a, HSDS_UUID_LEN + 1);

	hsds_uuid_named(s, k, name);
	return s;
}

/* --- small pieces --- */

/* Sets key to the string v unless it is empty (HSDS's strings are not
 * nullable: an unknown value is left out). */
static void
set_text(json_t *o, const char *key, const char *v)
{
	if (v != NULL && v[0] != '\0')
		json_object_set_new(o, key, json_string(v));
}

static const char *
pick(enum lang l, const char *const *v)
{
	enum lang shown;

	return i18n_pick(l, v[LANG_FI], v[LANG_SV], v[LANG_EN], &shown);
}

static const char *
iso_day(struct arena *a, int32_t day)
{
	int y, m, d;

	hours_civil_from_days(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

/* Finland's regions (maakunta) by code, for an address's state_province. */
static const char *
region_name(enum lang l, const char *code)
{
	static const struct { const char *code, *name[LANG_COUNT]; } r[] = {
		{ "01", { "Uusimaa", "Nyland", "Uusimaa" } },
		{ "02", { "Varsinais-Suomi", "Egentliga Finland",
		    "Southwest Finland" } },
		{ "04", { "Satakunta", "Satakunta", "Satakunta" } },
		{ "05", { "Kanta-Häme", "Egentliga Tavastland", "Kanta-Häme" } },
		{ "06", { "Pirkanmaa", "Birkaland", "Pirkanmaa" } },
		{ "07", { "Päijät-Häme", "Päijänne-Tavastland",
		    "Päijät-Häme" } },
		{ "08", { "Kymenlaakso", "Kymmenedalen", "Kymenlaakso" } },
		{ "09", { "Etelä-Karjala", "Södra Karelen", "South Karelia" } },
		{ "10", { "Etelä-Savo", "Södra Savolax", "South Savo" } },
		{ "11", { "Pohjois-Savo", "Norra Savolax", "North Savo" } },
		{ "12", { "Pohjois-Karjala", "Norra Karelen",
		    "North Karelia" } },
		{ "13", { "Keski-Suomi", "Mellersta Finland",
		    "Central Finland" } },
		{ "14", { "Etelä-Pohjanmaa", "Södra Österbotten",
		    "South Ostrobothnia" } },
		{ "15", { "Pohjanmaa", "Österbotten", "Ostrobothnia" } },
		{ "16", { "Keski-Pohjanmaa", "Mellersta Österbotten",
		    "Central Ostrobothnia" } },
		{ "17", { "Pohjois-Pohjanmaa", "Norra Österbotten",
		    "North Ostrobothnia" } },
		{ "18", { "Kainuu", "Kajanaland", "Kainuu" } },
		{ "19", { "Lappi", "Lappland", "Lapland" } },
		{ "21", { "Ahvenanmaa", "Åland", "Åland" } },
	};
	size_t i;

	for (i = 0; code != NULL && i < sizeof(r) / sizeof(r[0]); i++)
		if (strcmp(r[i].code, code) == 0)
			return r[i].name[l];
	return "";
}

/* --- schedules --- */

/* Helsinki's offset from UTC in minutes at noon of day. */
static int
offset_of(int32_t day)
{
	return (int)(((int64_t)day * 86400 + 720 * 60 -
	    dir_local_moment(day, 720)) / 60);
}

static const char *
clock_text(struct arena *a, int minute, int offset)
{
	if (minute >= HOURS_DAY_MIN)
		minute = minute == HOURS_DAY_MIN ? HOURS_DAY_MIN - 1 :
		    minute - HOURS_DAY_MIN;
	return arena_printf(a, "%02d:%02d%c%02d:%02d", minute / 60, minute % 60,
	    offset < 0 ? '-' : '+', abs(offset) / 60, abs(offset) % 60);
}

static const char *const byday_names[8] = { "", "MO", "TU", "WE", "TH", "FR",
	"SA", "SU" };

/* One interval on the weekdays of mask (bit 1 Monday .. bit 7 Sunday). */
struct group {
	struct hours_interval iv;
	unsigned mask;
};

struct sched_ctx {
	struct arena *a;
	enum lang l;
	const char *sal_id;
	int64_t point;
	json_t *out;
	unsigned idx;
};

static json_t *
sched_begin(struct sched_ctx *c, int32_t from, int32_t to, int offset)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(uuid(c->a, HSDS_SCHEDULE,
	    c->idx++, c->point)));
	json_object_set_new(o, "service_at_location_id",
	    json_string(c->sal_id));
	json_object_set_new(o, "valid_from", json_string(iso_day(c->a, from)));
	json_object_set_new(o, "valid_to", json_string(iso_day(c->a, to)));
	if (offset % 60 == 0)
		json_object_set_new(o, "timezone", json_integer(offset / 60));
	else
		json_object_set_new(o, "timezone", json_real(offset / 60.0));
	json_array_append_new(c->out, o);
	return o;
}

static void
sched_interval(struct sched_ctx *c, json_t *o, const struct hours_interval *iv,
    unsigned mask, int offset)
{
	struct buf days, words;
	int wd;

	buf_init(&days);
	buf_init(&words);
	for (wd = 1; wd <= 7; wd++)
		if (mask & (1u << wd)) {
			if (days.len > 0) {
				buf_putc(&days, ',');
				buf_puts(&words, ", ");
			}
			buf_puts(&days, byday_names[wd]);
			buf_puts(&words, dir_weekday(c->l, wd));
		}
	buf_printf(&words, " %s", dir_interval_text(c->a, c->l, iv));
	json_object_set_new(o, "freq", json_string("WEEKLY"));
	json_object_set_new(o, "wkst", json_string("MO"));
	json_object_set_new(o, "byday", json_string(buf_cstr(&days)));
	json_object_set_new(o, "opens_at", json_string(clock_text(c->a,
	    iv->start, offset)));
	json_object_set_new(o, "closes_at", json_string(clock_text(c->a,
	    iv->end, offset)));
	json_object_set_new(o, "description", json_string(buf_cstr(&words)));
	if (iv->state == HOURS_APPOINTMENT)
		json_object_set_new(o, "attending_type", json_string(
		    i18n_text(c->l, "by appointment")));
	else if (iv->state == HOURS_SELF_SERVICE)
		json_object_set_new(o, "attending_type", json_string(
		    i18n_text(c->l, "self-service")));
	buf_cleanup(&days);
	buf_cleanup(&words);
}

/* The note of a day that a rule other than the week decided. */
static const char *
day_note(enum lang l, const struct service_point *p, const struct hours_day *d)
{
	size_t e;

	if (d->source == HOURS_FROM_EXCEPTION) {
		for (e = 0; e < p->hours.nexceptions; e++)
			if (p->hours.exceptions[e].day == d->day &&
			    p->exception_info != NULL)
				return pick(l, p->exception_info[e].note);
		return "";
	}
	if (d->holiday != 0)
		return dir_holiday_name(l, d->holiday);
	if (d->source == HOURS_FROM_PERIOD && d->period != NULL &&
	    p->period_info != NULL)
		return pick(l, p->period_info[d->period - p->hours.periods].name);
	return "";
}

/* Writes a run of days [from, to] that one weekly rule decides: week[wd]
 * the intervals of weekday wd (those of the run's days only). */
static void
sched_run(struct sched_ctx *c, const struct service_point *p, int32_t from,
    int32_t to, int offset, const struct hours_day week[8],
    const bool seen[8])
{
	struct group g[7 * HOURS_DAY_MAX];
	size_t ng = 0, i, k;
	const char *note;
	json_t *o;
	int wd;

	for (wd = 1; wd <= 7; wd++) {
		if (!seen[wd])
			continue;
		for (i = 0; i < week[wd].n; i++) {
			const struct hours_interval *iv = &week[wd].iv[i];

			for (k = 0; k < ng; k++)
				if (g[k].iv.start == iv->start &&
				    g[k].iv.end == iv->end &&
				    g[k].iv.state == iv->state)
					break;
			if (k == ng) {
				g[ng].iv = *iv;
				g[ng++].mask = 0;
			}
			g[k].mask |= 1u << wd;
		}
	}
	for (wd = 1; wd <= 7 && !seen[wd]; wd++)
		;
	note = wd <= 7 ? day_note(c->l, p, &week[wd]) : "";
	if (ng == 0) {
		o = sched_begin(c, from, to, offset);
		json_object_set_new(o, "description", json_string(
		    i18n_text(c->l, "Closed")));
		set_text(o, "notes", note);
		return;
	}
	for (k = 0; k < ng; k++) {
		o = sched_begin(c, from, to, offset);
		sched_interval(c, o, &g[k].iv, g[k].mask, offset);
		set_text(o, "notes", note);
	}
}

/* A day an exception or a holiday decides. */
static void
sched_day(struct sched_ctx *c, const struct service_point *p,
    const struct hours_day *d, int offset)
{
	const char *note = day_note(c->l, p, d);
	json_t *o;
	size_t i;

	if (d->n == 0) {
		o = sched_begin(c, d->day, d->day, offset);
		json_object_set_new(o, "description", json_string(
		    i18n_text(c->l, "Closed")));
		set_text(o, "notes", note);
		return;
	}
	for (i = 0; i < d->n; i++) {
		o = sched_begin(c, d->day, d->day, offset);
		sched_interval(c, o, &d->iv[i], 1u << hours_weekday(d->day),
		    offset);
		json_object_set_new(o, "dtstart", json_string(iso_day(c->a,
		    d->day)));
		json_object_set_new(o, "count", json_integer(1));
		set_text(o, "notes", note);
	}
}

int
hsds_schedules(struct arena *a, enum lang l, const struct service_point *p,
    int32_t from, int days, const char *sal_id, json_t *out)
{
	struct sched_ctx c = { a, l, sal_id, p->id, out, 0 };
	struct hours_day d, week[8];
	bool seen[8];
	int32_t day, run_from = 0;
	const struct hours_period *run_period = NULL;
	enum hours_source run_source = HOURS_FROM_WEEK;
	int run_offset = 0, offset;
	bool in_run = false, special;

	memset(seen, 0, sizeof(seen));
	for (day = from; day <= from + days; day++) {
		if (day < from + days) {
			hours_of_day(&p->hours, day, &d);
			offset = offset_of(day);
			special = d.source == HOURS_FROM_EXCEPTION ||
			    d.source == HOURS_FROM_HOLIDAY;
		} else {
			offset = 0;
			special = true;		/* the end closes the run */
		}
		if (in_run && (special || d.source != run_source ||
		    d.period != run_period || offset != run_offset)) {
			sched_run(&c, p, run_from, day - 1, run_offset, week,
			    seen);
			in_run = false;
		}
		if (day == from + days)
			break;
		if (c.idx >= 4000)
			return -1;	/* more than a UUID's idx can count */
		if (special) {
			sched_day(&c, p, &d, offset);
			continue;
		}
		if (!in_run) {
			in_run = true;
			run_from = day;
			run_source = d.source;
			run_period = d.period;
			run_offset = offset;
			memset(seen, 0, sizeof(seen));
		}
		if (!seen[hours_weekday(day)]) {
			seen[hours_weekday(day)] = true;
			week[hours_weekday(day)] = d;
		}
	}
	return 0;
}

/* --- objects --- */

/* An organisation: only its name is kept, so its description (which
 * HSDS requires, and the tabular form cannot leave empty) says what it
 * is here. */
static json_t *
organization(struct arena *a, enum lang l, const struct service_point *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(uuid_named(a,
	    HSDS_ORGANIZATION, p->organisation)));
	json_object_set_new(o, "name", json_string(p->organisation));
	json_object_set_new(o, "description", json_string(i18n_text(l,
	    "An organisation that gives digital support at service points of this directory.")));
	return o;
}

/* The service's one-to-one fields. */
static json_t *
service_fields(struct arena *a, enum lang l, const struct service_point *p)
{
	json_t *o = json_object();
	const char *desc = pick(l, p->description);

	json_object_set_new(o, "id", json_string(uuid(a, HSDS_SERVICE, 0,
	    p->id)));
	if (p->organisation[0] != '\0')
		json_object_set_new(o, "organization_id", json_string(
		    uuid_named(a, HSDS_ORGANIZATION, p->organisation)));
	json_object_set_new(o, "name", json_string(pick(l, p->name)));
	set_text(o, "description", desc[0] != '\0' ? desc :
	    pick(l, p->summary));
	set_text(o, "url", p->web);
	set_text(o, "email", p->email);
	json_object_set_new(o, "status", json_string(p->status == DIR_ACTIVE ?
	    "active" : p->status == DIR_TEMP_CLOSED ? "temporarily closed" :
	    "inactive"));
	set_text(o, "application_process", pick(l, p->booking));
	set_text(o, "fees_description", pick(l, p->costs)[0] != '\0' ?
	    pick(l, p->costs) : p->free_of_charge ? i18n_text(l,
	    "Free of charge") : "");
	json_object_set_new(o, "last_modified", json_string(
	    time_format_iso(a, p->updated_at)));
	if (p->organisation[0] != '\0')
		json_object_set_new(o, "organization", organization(a, l, p));
	return o;
}

/* The location's one-to-one fields. */
static json_t *
location_fields(struct arena *a, enum lang l, const struct service_point *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(uuid(a, HSDS_LOCATION, 0,
	    p->id)));
	json_object_set_new(o, "location_type", json_string("physical"));
	if (p->organisation[0] != '\0')
		json_object_set_new(o, "organization_id", json_string(
		    uuid_named(a, HSDS_ORGANIZATION, p->organisation)));
	json_object_set_new(o, "name", json_string(pick(l, p->name)));
	if (p->has_point) {
		json_object_set_new(o, "latitude", json_real(p->lat));
		json_object_set_new(o, "longitude", json_real(p->lon));
	}
	return o;
}

static json_t *
languages(struct arena *a, enum lang l, const struct service_point *p,
    const char *owner_key, const char *owner_id, unsigned base)
{
	json_t *v = json_array();
	size_t i;

	for (i = 0; i < p->nlangs; i++)
		json_array_append_new(v, json_pack("{s:s, s:s, s:s, s:s}",
		    "id", uuid(a, HSDS_LANGUAGE, base + (unsigned)i, p->id),
		    owner_key, owner_id,
		    "name", dir_language_label(l, p->langs[i]),
		    "code", p->langs[i]));
	return v;
}

static json_t *
location_full(struct arena *a, enum lang l, const struct service_point *p)
{
	json_t *o = location_fields(a, l, p), *v;
	const char *id = uuid(a, HSDS_LOCATION, 0, p->id), *notes;
	int f;
	unsigned k = 0;

	v = json_array();
	if (p->street[0] != '\0')
		json_array_append_new(v, json_pack("{s:s, s:s, s:s, s:s, s:s, "
		    "s:s, s:s, s:s}", "id", uuid(a, HSDS_ADDRESS, 0, p->id),
		    "location_id", id, "address_1", p->street,
		    "city", p->post_office[0] != '\0' ? p->post_office :
		    p->municipality_name,
		    "state_province", region_name(l, p->region_code),
		    "postal_code", p->postcode, "country", "FI",
		    "address_type", "physical"));
	json_object_set_new(o, "addresses", v);
	v = json_array();
	for (f = 0; f < FACT_COUNT; f++)
		if (p->facts[f])
			json_array_append_new(v, json_pack("{s:s, s:s, s:s}",
			    "id", uuid(a, HSDS_ACCESSIBILITY, k++, p->id),
			    "location_id", id,
			    "description", dir_fact_text(l, (enum dir_fact)f,
			    true)));
	/* The free-text notes after the facts, with an id of their own
	 * that does not move when a fact is added or taken away. */
	notes = pick(l, p->access_notes);
	if (notes[0] != '\0')
		json_array_append_new(v, json_pack("{s:s, s:s, s:s}",
		    "id", uuid(a, HSDS_ACCESSIBILITY, 0x100, p->id),
		    "location_id", id, "description", notes));
	json_object_set_new(o, "accessibility", v);
	json_object_set_new(o, "languages", languages(a, l, p, "location_id",
	    id, 0x800));
	return o;
}

/* The point's phone as the service's (idx 0) or the service at location's
 * (idx 1): two links, two ids, so that the tabular export's phones.csv
 * has one row for each. */
static json_t *
phones(struct arena *a, const struct service_point *p, unsigned idx,
    const char *key, const char *owner)
{
	json_t *v = json_array();

	if (p->phone[0] != '\0')
		json_array_append_new(v, json_pack("{s:s, s:s, s:s, s:s}",
		    "id", uuid(a, HSDS_PHONE, idx, p->id), key, owner,
		    "number", p->phone, "type", "voice"));
	return v;
}

json_t *
hsds_service_at_location(struct arena *a, enum lang l,
    const struct service_point *p, bool full, int32_t today)
{
	const char *id = uuid(a, HSDS_SAL, 0, p->id);
	const char *summary = pick(l, p->summary);
	json_t *o = json_object(), *v;

	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "service_id", json_string(uuid(a, HSDS_SERVICE,
	    0, p->id)));
	json_object_set_new(o, "location_id", json_string(uuid(a,
	    HSDS_LOCATION, 0, p->id)));
	set_text(o, "description", summary);
	if (!full) {
		json_object_set_new(o, "location", location_fields(a, l, p));
		json_object_set_new(o, "service", service_fields(a, l, p));
		return o;
	}
	json_object_set_new(o, "phones", phones(a, p, 1,
	    "service_at_location_id", id));
	v = json_array();
	if (hsds_schedules(a, l, p, today, HSDS_DAYS, id, v) != 0) {
		json_decref(v);
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "schedules", v);
	json_object_set_new(o, "location", location_full(a, l, p));
	return o;
}

static void
attributes(struct arena *a, enum lang l, const struct service_point *p,
    const char *service_id, const char *kind, const char *taxonomy,
    const char *const *keys, size_t n, const struct dir_choice *c,
    size_t nc, unsigned *idx, json_t *out)
{
	const char *label, *term_id;
	size_t i, k;

	for (i = 0; i < n; i++) {
		label = keys[i];
		for (k = 0; k < nc; k++)
			if (strcmp(c[k].key, keys[i]) == 0)
				label = c[k].label;
		term_id = uuid_named(a, HSDS_TERM, arena_printf(a, "%s:%s",
		    kind, keys[i]));
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s}}",
		    "id", uuid(a, HSDS_ATTRIBUTE, (*idx)++, p->id),
		    "link_id", service_id, "link_type", kind,
		    "link_entity", "service", "taxonomy_term_id", term_id,
		    "taxonomy_term", "id", term_id, "code", keys[i],
		    "name", label, "description", label,
		    "taxonomy", taxonomy, "language", lang_code(l)));
	}
}

json_t *
hsds_service(struct arena *a, enum lang l, const struct service_point *p,
    const struct hsds_labels *labels, int32_t today)
{
	json_t *o = service_fields(a, l, p), *v, *sal;
	const char *id = uuid(a, HSDS_SERVICE, 0, p->id);
	unsigned idx = 0;

	if (labels == NULL)
		return o;
	json_object_set_new(o, "phones", phones(a, p, 0, "service_id", id));
	json_object_set_new(o, "languages", languages(a, l, p, "service_id",
	    id, 0));
	v = json_array();
	attributes(a, l, p, id, "topic", "Tukiverkko: support topics",
	    p->topics, p->ntopics, labels->topics, labels->ntopics, &idx, v);
	attributes(a, l, p, id, "support_form",
	    "Tukiverkko: forms of support", p->forms, p->nforms,
	    labels->forms, labels->nforms, &idx, v);
	json_object_set_new(o, "attributes", v);
	if ((sal = hsds_service_at_location(a, l, p, true, today)) == NULL) {
		json_decref(o);
		return NULL;
	}
	v = json_array();
	json_array_append_new(v, sal);
	json_object_set_new(o, "service_at_locations", v);
	return o;
}

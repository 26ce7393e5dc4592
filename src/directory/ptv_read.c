/*
 * ptv_read.c - one page of PTV service channels (open API v11) read into
 * service points, with no database: see ptv.h, and ptv.c for what the
 * import makes of each channel and how it saves them.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "directory/proj_lib.h"
#include "directory/ptv.h"

struct ptv_proj {
	const struct proj_lib *lib;
	PJ_CONTEXT *ctx;
	PJ *pj;
};

#define PTV_EXCEPTION_DAYS 31	/* days one Exceptional entry may span */

/* The languages of PTV's texts, in enum lang's order. */
static const char *const lang_codes[LANG_COUNT] = { "fi", "sv", "en" };

/*
 * v (n elements of size) with room for one more, in the arena.  The room
 * doubles when n reaches a power of two, so a page of n channels costs
 * about 2n records of arena, not n*n/2 (the arena frees nothing early).
 */
static void *
grow(struct arena *a, void *v, size_t n, size_t size)
{
	void *w;

	if ((n & (n - 1)) != 0)
		return v;
	w = arena_calloc(a, n > 0 ? 2 * n : 1, size);
	if (n > 0)
		memcpy(w, v, n * size);
	return w;
}

/* s onto b with its control characters as '?': the import prints what
 * PTV wrote to a terminal, where an escape sequence would be obeyed. */
static void
put_printable(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		buf_putc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

void
directory_ptv_mistake(struct ptv_record *r, const char *fmt, const char *arg)
{
	struct buf shown;

	buf_init(&shown);
	put_printable(&shown, arg != NULL ? arg : "");
	if (r->errors.len > 0)
		buf_puts(&r->errors, "; ");
	buf_printf(&r->errors, fmt, buf_cstr(&shown));
	buf_cleanup(&shown);
}

/* A reason to skip a channel: fmt with arg, printable. */
static const char *
skip_reason(struct arena *a, const char *fmt, const char *arg)
{
	struct buf shown;
	const char *s;

	buf_init(&shown);
	put_printable(&shown, arg);
	s = arena_printf(a, fmt, buf_cstr(&shown));
	buf_cleanup(&shown);
	return s;
}

/* The text of language code lang in a PTV list of {language, value[,
 * type]} (type NULL: any), or "". */
static const char *
ptv_text(json_t *list, const char *lang, const char *type)
{
	json_t *o;
	size_t i;
	const char *l, *t;

	json_array_foreach(list, i, o) {
		l = json_string_value(json_object_get(o, "language"));
		t = json_string_value(json_object_get(o, "type"));
		if (l != NULL && strcmp(l, lang) == 0 && (type == NULL ||
		    (t != NULL && strcmp(t, type) == 0)) &&
		    json_string_value(json_object_get(o, "value")) != NULL)
			return json_string_value(json_object_get(o, "value"));
	}
	return "";
}

/* A text for the point: trimmed, at most max characters, one line
 * unless multiline; else a mistake and "". */
static const char *
take(struct arena *a, struct ptv_record *r, const char *what, const char *s,
    size_t max, bool multiline)
{
	size_t n, i;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' ||
	    s[n - 1] == '\r'))
		n--;
	if (!utf8_valid(s, n)) {
		directory_ptv_mistake(r, "%s is not UTF-8", what);
		return "";
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && !(multiline && (s[i] == '\n' ||
		    s[i] == '\r' || s[i] == '\t'))) {
			directory_ptv_mistake(r, "%s has a control character", what);
			return "";
		}
	s = arena_strndup(a, s, n);
	if (utf8_chars(s) > max) {
		directory_ptv_mistake(r, "%s is too long", what);
		return "";
	}
	return s;
}

static const char *const ptv_days[8] = { "", "Monday", "Tuesday",
	"Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

static int
weekday_of(const char *s)
{
	int d;

	for (d = 1; s != NULL && d <= 7; d++)
		if (strcmp(s, ptv_days[d]) == 0)
			return d;
	return 0;
}

/* "08:00:00" or "08:00": minutes; "24:00" 1440; -1 otherwise. */
static int
clock_min(const char *s)
{
	int h, m;

	if (s == NULL || strlen(s) < 5 || s[2] != ':' || s[0] < '0' ||
	    s[0] > '9' || s[1] < '0' || s[1] > '9' || s[3] < '0' ||
	    s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	if (s[5] != '\0' && strcmp(s + 5, ":00") != 0)
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

/* The day of "2021-12-24T00:00:00" or "2021-12-24": 0, or -1. */
static int
day_of(const char *s, int32_t *day)
{
	char d[11];

	if (s == NULL || strlen(s) < 10)
		return -1;
	memcpy(d, s, 10);
	d[10] = '\0';
	return hours_parse_day(d, day);
}

/* Growing interval lists in the arena. */
struct ivs {
	struct hours_interval *v;
	size_t n, cap;
};

static void
iv_add(struct arena *a, struct ivs *l, int weekday, int start, int end,
    enum hours_state state)
{
	struct hours_interval *v;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		v = arena_alloc(a, l->cap * sizeof(*v));
		if (l->n > 0)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
	}
	l->v[l->n++] = (struct hours_interval){ (uint8_t)weekday,
	    (uint16_t)start, (uint16_t)(end == 0 && start > 0 ?
	    HOURS_DAY_MIN : end), state };
}

/* The weekly intervals of one DaysOfTheWeek or OverMidnight entry. */
static void
week_of(struct arena *a, struct ptv_record *r, json_t *sh, struct ivs *out)
{
	enum hours_state state = json_is_true(json_object_get(sh,
	    "isReservation")) ? HOURS_APPOINTMENT : HOURS_OPEN;
	json_t *oh;
	size_t i;
	int d, from, to, start, end;

	if (json_is_true(json_object_get(sh, "isClosed")))
		return;
	if (json_is_true(json_object_get(sh, "isAlwaysOpen"))) {
		for (d = 1; d <= 7; d++)
			iv_add(a, out, d, 0, HOURS_DAY_MIN, state);
		return;
	}
	json_array_foreach(json_object_get(sh, "openingHour"), i, oh) {
		const char *dt = json_string_value(json_object_get(oh, "dayTo"));

		from = weekday_of(json_string_value(json_object_get(oh,
		    "dayFrom")));
		to = dt != NULL && dt[0] != '\0' ? weekday_of(dt) : from;
		start = clock_min(json_string_value(json_object_get(oh,
		    "from")));
		end = clock_min(json_string_value(json_object_get(oh, "to")));
		if (from == 0 || to == 0 || start < 0 || end < 0 ||
		    start == HOURS_DAY_MIN) {
			directory_ptv_mistake(r, "service hours: an opening hour that is not "
			    "a weekday and a time%s", NULL);
			return;
		}
		/* An entry over midnight names the day it ends on: it is
		 * one interval that starts on dayFrom. */
		if (end <= start && end != 0) {
			iv_add(a, out, from, start, end, state);
			continue;
		}
		for (d = from;; d = d % 7 + 1) {
			iv_add(a, out, d, start, end, state);
			if (d == to)
				break;
		}
	}
}

static void
read_hours(struct arena *a, struct ptv_record *r, json_t *hours)
{
	struct ivs week = { NULL, 0, 0 };
	struct hours_period *periods = NULL;
	struct dir_period_info *pinfo = NULL;
	struct hours_exception *exc = NULL;
	struct dir_exception_info *einfo = NULL;
	size_t nper = 0, nexc = 0, i, bad, k;
	json_t *sh;
	const char *type;
	int32_t from, to, day;

	json_array_foreach(hours, i, sh) {
		type = json_string_value(json_object_get(sh, "serviceHourType"));
		r->has_hours = true;
		if (type != NULL && strcmp(type, "Exceptional") == 0) {
			struct ivs ex = { NULL, 0, 0 };
			json_t *oh;
			size_t j;

			if (day_of(json_string_value(json_object_get(sh,
			    "validFrom")), &from) != 0) {
				directory_ptv_mistake(r, "service hours: an exception "
				    "without a date%s", NULL);
				continue;
			}
			if (day_of(json_string_value(json_object_get(sh,
			    "validTo")), &to) != 0)
				to = from;
			if (to < from || to - from >= PTV_EXCEPTION_DAYS) {
				directory_ptv_mistake(r, "service hours: an exception of "
				    "more than 31 days%s", NULL);
				continue;
			}
			if (!json_is_true(json_object_get(sh, "isClosed")))
				json_array_foreach(json_object_get(sh,
				    "openingHour"), j, oh) {
					int s = clock_min(json_string_value(
					    json_object_get(oh, "from")));
					int e = clock_min(json_string_value(
					    json_object_get(oh, "to")));

					if (s < 0 || e < 0 || s == e ||
					    s == HOURS_DAY_MIN) {
						directory_ptv_mistake(r, "service hours: an "
						    "exception's time is not a "
						    "time%s", NULL);
						break;
					}
					iv_add(a, &ex, 1, s, e, HOURS_OPEN);
				}
			for (day = from; day <= to; day++) {
				for (k = 0; k < nexc; k++)
					if (exc[k].day == day)
						break;
				if (k < nexc)
					continue;
				exc = grow(a, exc, nexc, sizeof(*exc));
				einfo = grow(a, einfo, nexc, sizeof(*einfo));
				exc[nexc] = (struct hours_exception){ day,
				    ex.v, ex.n };
				for (k = 0; k < LANG_COUNT; k++)
					einfo[nexc].note[k] = take(a, r,
					    "an exception's note", ptv_text(
					    json_object_get(sh,
					    "additionalInformation"),
					    lang_codes[k], NULL), 200,
					    false);
				nexc++;
			}
			continue;
		}
		if (type == NULL || (strcmp(type, "DaysOfTheWeek") != 0 &&
		    strcmp(type, "OverMidnight") != 0)) {
			directory_ptv_mistake(r, "service hours of an unknown type %s",
			    type != NULL ? type : "(none)");
			continue;
		}
		if (day_of(json_string_value(json_object_get(sh, "validFrom")),
		    &from) == 0) {
			struct ivs pw = { NULL, 0, 0 };

			if (day_of(json_string_value(json_object_get(sh,
			    "validTo")), &to) != 0 || to < from) {
				directory_ptv_mistake(r, "service hours: a period without "
				    "its last day%s", NULL);
				continue;
			}
			week_of(a, r, sh, &pw);
			periods = grow(a, periods, nper, sizeof(*periods));
			pinfo = grow(a, pinfo, nper, sizeof(*pinfo));
			periods[nper] = (struct hours_period){ from, to,
			    { pw.v, pw.n } };
			for (k = 0; k < LANG_COUNT; k++)
				pinfo[nper].name[k] = take(a, r,
				    "a period's name", ptv_text(json_object_get(
				    sh, "additionalInformation"),
				    lang_codes[k], NULL), 200, false);
			if (pw.n > 0 && hours_valid(pw.v, pw.n, &bad) != 0)
				directory_ptv_mistake(r, "service hours: a period's hours "
				    "overlap%s", NULL);
			nper++;
			continue;
		}
		week_of(a, r, sh, &week);
	}
	if (week.n > 0 && hours_valid(week.v, week.n, &bad) != 0)
		directory_ptv_mistake(r, "service hours: the weekly hours overlap%s", NULL);
	for (k = 0; k < nexc; k++)
		if (exc[k].n > 0 && hours_valid(exc[k].iv, exc[k].n, &bad) != 0)
			directory_ptv_mistake(r, "service hours: an exception's hours "
			    "overlap%s", NULL);
	if (!r->has_hours)
		return;
	r->p.hours.regular.iv = week.v;
	r->p.hours.regular.n = week.n;
	r->p.hours.periods = periods;
	r->p.hours.nperiods = nper;
	r->p.period_info = pinfo;
	r->p.hours.exceptions = exc;
	r->p.hours.nexceptions = nexc;
	r->p.exception_info = einfo;
}

/* The visiting address, with its coordinates through PROJ. */
static void
read_address(struct arena *a, struct ptv_record *r, json_t *addresses,
    struct ptv_proj *proj, char *municipality)
{
	json_t *ad, *st;
	const char *street, *number, *code, *lat, *lon, *state;
	size_t i;
	char *end;
	double n, e;
	PJ_COORD c;

	municipality[0] = '\0';
	json_array_foreach(addresses, i, ad) {
		const char *type = json_string_value(json_object_get(ad, "type"));

		if (type == NULL || strcmp(type, "Location") != 0 ||
		    !json_is_object(st = json_object_get(ad, "streetAddress")))
			continue;
		street = ptv_text(json_object_get(st, "street"), "fi", NULL);
		if (street[0] == '\0')
			street = ptv_text(json_object_get(st, "street"), "sv",
			    NULL);
		number = json_string_value(json_object_get(st, "streetNumber"));
		r->p.street = take(a, r, "the street address", number != NULL &&
		    number[0] != '\0' ? arena_printf(a, "%s %s", street,
		    number) : street, DIR_NAME_MAX, false);
		r->p.postcode = take(a, r, "the postcode",
		    json_string_value(json_object_get(st, "postalCode")) ?
		    json_string_value(json_object_get(st, "postalCode")) : "",
		    5, false);
		for (size_t k = 0; r->p.postcode[k] != '\0'; k++)
			if (r->p.postcode[k] < '0' || r->p.postcode[k] > '9' ||
			    strlen(r->p.postcode) != 5) {
				directory_ptv_mistake(r, "the postcode %s is not five digits",
				    r->p.postcode);
				break;
			}
		r->p.post_office = take(a, r, "the post office", ptv_text(
		    json_object_get(st, "postOffice"), "fi", NULL), 100, false);
		code = json_string_value(json_object_get(json_object_get(st,
		    "municipality"), "code"));
		if (code != NULL && strlen(code) <= 3 &&
		    strspn(code, "0123456789") == strlen(code) && code[0])
			snprintf(municipality, 4, "%03d", atoi(code));
		lat = json_string_value(json_object_get(st, "latitude"));
		lon = json_string_value(json_object_get(st, "longitude"));
		state = json_string_value(json_object_get(st,
		    "coordinateState"));
		if (lat == NULL || lon == NULL || lat[0] == '\0' ||
		    (state != NULL && strcasecmp(state, "Ok") != 0))
			return;
		n = strtod(lat, &end);
		if (*end != '\0') {
			directory_ptv_mistake(r, "the northing %s is not a number", lat);
			return;
		}
		e = strtod(lon, &end);
		if (*end != '\0') {
			directory_ptv_mistake(r, "the easting %s is not a number", lon);
			return;
		}
		c = proj->lib->trans(proj->pj, PJ_FWD,
		    (PJ_COORD){ .v = { e, n, 0, 0 } });
		if (c.xy.x == HUGE_VAL || c.xy.y < 59.0 || c.xy.y > 70.5 ||
		    c.xy.x < 19.0 || c.xy.x > 32.0) {
			directory_ptv_mistake(r, "the coordinates %s are not in Finland "
			    "in ETRS-TM35FIN", arena_printf(a, "N %s E %s",
			    lat, lon));
			return;
		}
		r->p.has_point = true;
		r->p.lat = c.xy.y;
		r->p.lon = c.xy.x;
		return;
	}
}

/*
 * The accessibility sentences of the visiting address's entrances
 * (addresses[].entrances[].accessibilitySentences[]: a sentenceGroup
 * and its sentences, each a list of {language, value}) as the notes of
 * each language: a group a line, "Pääsisäänkäynti: Sisäänkäynti erottuu
 * selvästi. Ovi on raskas.", each sentence ending with a full stop unless
 * it has one of its own.  One group's sentences are joined with spaces,
 * so that the page shows a line of the notes as a paragraph.
 */
static void
read_notes(struct arena *a, struct ptv_record *r, json_t *addresses)
{
	json_t *ad, *loc = NULL, *en, *as, *se;
	struct buf b;
	const char *t, *type;
	size_t i, k, g, m, n, line;
	int l;

	for (l = 0; l < LANG_COUNT; l++)
		r->p.access_notes[l] = "";
	json_array_foreach(addresses, i, ad) {
		type = json_string_value(json_object_get(ad, "type"));
		if (type != NULL && strcmp(type, "Location") == 0) {
			loc = ad;
			break;
		}
	}
	if (loc == NULL)
		return;
	for (l = 0; l < LANG_COUNT; l++) {
		buf_init(&b);
		json_array_foreach(json_object_get(loc, "entrances"), k, en)
		    json_array_foreach(json_object_get(en,
		    "accessibilitySentences"), g, as) {
			line = b.len;
			if (line > 0)
				buf_putc(&b, '\n');
			t = ptv_text(json_object_get(as, "sentenceGroup"),
			    lang_codes[l], NULL);
			n = 0;
			json_array_foreach(json_object_get(as, "sentences"), m,
			    se) {
				const char *x = ptv_text(json_object_get(se,
				    "sentence"), lang_codes[l], NULL);
				size_t len = strlen(x);

				while (len > 0 && (x[len - 1] == ' ' ||
				    x[len - 1] == '\n'))
					len--;
				if (len == 0)
					continue;
				if (n++ == 0 && t[0] != '\0')
					buf_printf(&b, "%s: ", t);
				else if (n > 1)
					buf_putc(&b, ' ');
				buf_append(&b, x, len);
				if (strchr(".!?", x[len - 1]) == NULL)
					buf_putc(&b, '.');
			}
			/* A group without sentences says nothing. */
			if (n == 0)
				b.len = line;
		}
		r->p.access_notes[l] = take(a, r, "the accessibility sentences",
		    buf_cstr(&b), DIR_NOTES_MAX, true);
		buf_cleanup(&b);
	}
}

/* Reads one channel into r (skip or mistakes said in r). */
static void
read_record(const struct ptv_reader *rd, json_t *it, struct ptv_record *r)
{
	struct arena *a = rd->a;
	const char *const *lang = lang_codes;
	const char *type, *v;
	char code[4];
	json_t *names, *descs, *o;
	const char **langs;
	size_t i, n;
	int l;

	memset(r, 0, sizeof(*r));
	buf_init(&r->errors);
	r->ptv_id = json_string_value(json_object_get(it, "id"));
	if (r->ptv_id == NULL || strlen(r->ptv_id) != 36) {
		r->ptv_id = "(no id)";
		directory_ptv_mistake(r, "the channel has no PTV id%s", NULL);
		return;
	}
	r->has_id = true;
	type = json_string_value(json_object_get(it, "serviceChannelType"));
	if (type == NULL || strcmp(type, "ServiceLocation") != 0) {
		r->skip = skip_reason(a, "a %s channel has no place to visit",
		    type != NULL ? type : "typeless");
		return;
	}
	v = json_string_value(json_object_get(it, "publishingStatus"));
	if (v != NULL && strcmp(v, "Published") != 0) {
		r->skip = skip_reason(a, "not published (%s)", v);
		return;
	}
	r->p.status = DIR_ACTIVE;
	r->p.free_of_charge = true;
	r->p.hours.closed_on_holidays = true;
	r->p.organisation = "";
	names = json_object_get(it, "serviceChannelNames");
	descs = json_object_get(it, "serviceChannelDescriptions");
	for (l = 0; l < LANG_COUNT; l++) {
		r->p.name[l] = take(a, r, "the name", ptv_text(names, lang[l],
		    "Name"), DIR_NAME_MAX, false);
		r->p.summary[l] = take(a, r, "the summary", ptv_text(descs,
		    lang[l], "Summary"), DIR_SUMMARY_MAX, false);
		r->p.description[l] = take(a, r, "the description",
		    ptv_text(descs, lang[l], "Description"), DIR_TEXT_MAX,
		    true);
		r->p.costs[l] = r->p.booking[l] = "";
	}
	if (r->p.name[0][0] == '\0' && r->p.name[1][0] == '\0' &&
	    r->p.name[2][0] == '\0')
		directory_ptv_mistake(r, "the channel has no name%s", NULL);
	r->p.street = r->p.postcode = r->p.post_office = "";
	read_address(a, r, json_object_get(it, "addresses"), rd->proj, code);
	read_notes(a, r, json_object_get(it, "addresses"));
	if (rd->municipality != NULL)
		snprintf(code, sizeof(code), "%s", rd->municipality);
	if (code[0] == '\0')
		directory_ptv_mistake(r, "the channel has no municipality (give one with "
		    "--municipality)%s", NULL);
	else {
		int rc = rd->area(rd->area_ctx, code);

		if (rc < 0)
			directory_ptv_mistake(r, "the database could not be read%s", NULL);
		else if (rc != 0)
			directory_ptv_mistake(r, "the municipality %s is not in the "
			    "directory (give one with --municipality)", code);
		r->p.municipality = arena_strdup(a, code);
	}
	r->p.phone = "";
	json_array_foreach(json_object_get(it, "phoneNumbers"), i, o) {
		const char *pre = json_string_value(json_object_get(o,
		    "prefixNumber"));
		const char *num = json_string_value(json_object_get(o,
		    "number"));

		if (num == NULL || num[0] == '\0')
			continue;
		r->p.phone = take(a, r, "the phone number", pre != NULL &&
		    pre[0] != '\0' ? arena_printf(a, "%s %s", pre, num) : num,
		    40, false);
		if (strspn(r->p.phone, "0123456789 +-()") !=
		    strlen(r->p.phone))
			directory_ptv_mistake(r, "the phone number %s is not digits",
			    r->p.phone);
		break;
	}
	/* The first e-mail address and web page as PTV gives them; the
	 * import checks them (directory_ptv_check_contacts()). */
	r->p.email = "";
	json_array_foreach(json_object_get(it, "emails"), i, o) {
		v = json_string_value(json_object_get(o, "value"));
		if (v != NULL && v[0] != '\0') {
			r->p.email = arena_strdup(a, v);
			break;
		}
	}
	r->p.web = "";
	json_array_foreach(json_object_get(it, "webPages"), i, o) {
		v = json_string_value(json_object_get(o, "url"));
		if (v != NULL && v[0] != '\0') {
			r->p.web = arena_strdup(a, v);
			break;
		}
	}
	n = json_array_size(json_object_get(it, "languages"));
	langs = arena_calloc(a, n + 1, sizeof(*langs));
	r->p.nlangs = 0;
	json_array_foreach(json_object_get(it, "languages"), i, o) {
		v = json_string_value(o);
		if (v == NULL || strlen(v) != 2 || v[0] < 'a' || v[0] > 'z' ||
		    v[1] < 'a' || v[1] > 'z')
			directory_ptv_mistake(r, "a language is not a two-letter code%s",
			    NULL);
		else
			langs[r->p.nlangs++] = arena_strdup(a, v);
	}
	r->p.langs = langs;
	read_hours(a, r, json_object_get(it, "serviceHours"));
}

struct ptv_proj *
directory_ptv_proj_open(const char **why)
{
	const struct proj_lib *lib = proj_lib(why);
	struct ptv_proj *p;
	PJ *raw;

	if (lib == NULL)
		return NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		*why = "out of memory";
		return NULL;
	}
	p->lib = lib;
	p->ctx = lib->context_create();
	raw = lib->create_crs_to_crs(p->ctx, "EPSG:3067", "EPSG:4326", NULL);
	/* EPSG:4326 is latitude first; the reader wants x the longitude. */
	if (raw != NULL) {
		p->pj = lib->normalize_for_visualization(p->ctx, raw);
		lib->destroy(raw);
	}
	if (p->pj == NULL) {
		*why = "PROJ cannot convert EPSG:3067 to EPSG:4326 (is proj-data "
		    "installed?)";
		directory_ptv_proj_close(p);
		return NULL;
	}
	return p;
}

void
directory_ptv_proj_close(struct ptv_proj *p)
{
	if (p == NULL)
		return;
	if (p->pj != NULL)
		p->lib->destroy(p->pj);
	p->lib->context_destroy(p->ctx);
	free(p);
}

int
directory_ptv_read_page(const struct ptv_reader *rd, json_t *doc,
    struct ptv_record **recs, size_t *nrecs)
{
	json_t *items = json_object_get(doc, "itemList"), *it;
	size_t i;
	struct ptv_record *r;

	if (!json_is_array(items))
		return -1;
	json_array_foreach(items, i, it) {
		*recs = grow(rd->a, *recs, *nrecs, sizeof(**recs));
		r = &(*recs)[(*nrecs)++];
		if (!json_is_object(it)) {
			memset(r, 0, sizeof(*r));
			buf_init(&r->errors);
			r->ptv_id = "(not an object)";
			directory_ptv_mistake(r, "item %s is not a channel",
			    arena_printf(rd->a, "%zu", i));
		} else
			read_record(rd, it, r);
	}
	return 0;
}

void
directory_ptv_check_twice(struct ptv_record *recs, size_t n)
{
	size_t i, k;

	/* The same channel twice would be saved twice: each later copy
	 * says so, once.  Items without an id of their own have their
	 * mistake already and are not the same channel as each other (told
	 * so, a page of n of them said it n*n/2 times). */
	for (i = 0; i < n; i++)
		for (k = 0; k < i; k++)
			if (recs[i].skip == NULL && recs[k].skip == NULL &&
			    recs[i].has_id && recs[k].has_id &&
			    strcmp(recs[i].ptv_id, recs[k].ptv_id) == 0) {
				directory_ptv_mistake(&recs[i], "the channel is "
				    "in the files twice%s", NULL);
				break;
			}
}

void
directory_ptv_records_cleanup(struct ptv_record *recs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_cleanup(&recs[i].errors);
}

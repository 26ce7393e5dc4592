/*
 * pages.c - the public directory: the search page and a service point's
 * page (directory.h).  Both are plain GET pages that work without
 * JavaScript: the search form sends its fields in the query string, and
 * every link (paging, removing a filter) is such a query.
 *
 * A query the page cannot read (an unknown topic, a malformed time, a
 * place it does not know) is answered 400 with the form kept and every
 * mistake named, and no results: a resident should know why nothing
 * came, not get a list that ignores what they asked.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "base/buf.h"
#include "base/settings.h"
#include "base/time.h"
#include "db/rows.h"
#include "directory/holidays.h"
#include "directory/views.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/server.h"
#include "http/urls.h"
#include "tmpl_directory.h"
#include "view/escape.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")

/* --- small texts --- */

const char *
dir_weekday(enum lang l, int weekday)
{
	static const char *const names[7] = {
		N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
		N_("Friday"), N_("Saturday"), N_("Sunday"),
	};

	return i18n_text(l, names[(weekday + 6) % 7]);
}

const char *
dir_language_label(enum lang l, const char *code)
{
	static const struct { const char *code, *msgid; } names[] = {
		{ "fi", N_("Finnish") }, { "sv", N_("Swedish") },
		{ "en", N_("English") }, { "ru", N_("Russian") },
		{ "et", N_("Estonian") }, { "ar", N_("Arabic") },
		{ "so", N_("Somali") }, { "uk", N_("Ukrainian") },
		{ "fa", N_("Persian") }, { "se", N_("Northern Sami") },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].code, code) == 0)
			return i18n_text(l, names[i].msgid);
	return code;
}

const char *
dir_holiday_name(enum lang l, int kind)
{
	static const char *const names[] = {
		"", N_("New Year's Day"), N_("Epiphany"), N_("Good Friday"),
		N_("Easter Sunday"), N_("Easter Monday"), N_("May Day"),
		N_("Ascension Day"), N_("Whit Sunday"), N_("Midsummer Eve"),
		N_("Midsummer Day"), N_("All Saints' Day"),
		N_("Independence Day"), N_("Christmas Eve"),
		N_("Christmas Day"), N_("Boxing Day"),
	};

	if (kind <= 0 || (size_t)kind >= sizeof(names) / sizeof(names[0]))
		return "";
	return i18n_text(l, names[kind]);
}

/* The intervals of a day as text: "10–12, 13–16 (by appointment)";
 * "Closed". */
static const char *
day_hours_text(struct arena *a, enum lang l, const struct hours_day *d)
{
	struct buf b;
	const char *s;
	size_t i;

	if (d->n == 0)
		return i18n_text(l, "Closed");
	buf_init(&b);
	for (i = 0; i < d->n; i++) {
		if (i > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, dir_interval_text(a, l, &d->iv[i]));
		if (d->iv[i].state == HOURS_APPOINTMENT)
			buf_printf(&b, " (%s)", i18n_text(l, "by appointment"));
		else if (d->iv[i].state == HOURS_SELF_SERVICE)
			buf_printf(&b, " (%s)", i18n_text(l, "self-service"));
	}
	s = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return s;
}

/* --- the search --- */

/* The query's value of name, trimmed; "" when absent. */
static const char *
qv(struct request *r, const char *name)
{
	const char *v = kv_get(&r->query, name);
	size_t n;

	if (v == NULL)
		return "";
	while (*v == ' ')
		v++;
	n = strlen(v);
	while (n > 0 && v[n - 1] == ' ')
		n--;
	return arena_strndup(&r->arena, v, n);
}

static bool
has_choice(const struct dir_choice *c, size_t n, const char *key,
    const char **label)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(c[i].key, key) == 0) {
			if (label != NULL)
				*label = c[i].label;
			return true;
		}
	return false;
}

/* The parameters of the search as sent, in order. */
static const char *const params[] = { "q", "municipality", "topic", "form",
	"language", "need", "open", "date", "time", "sort", "near", "lat", "lon" };
#define NPARAMS (sizeof(params) / sizeof(params[0]))

/*
 * The search page's address with the form's values, leaving out the
 * parameters in `skip` (a NULL-terminated list) and adding page when
 * above 1.  Empty values are left out, so links stay short.
 */
static const char *
search_href(struct request *r, const struct dir_search_view *sv,
    const char *const *skip, int64_t page)
{
	const char *vals[NPARAMS] = { sv->q, sv->municipality, sv->topic,
	    sv->form, sv->language, sv->need, sv->open, sv->date, sv->time,
	    sv->sort, sv->near, sv->lat, sv->lon };
	const char *const *s;
	struct buf b;
	const char *out;
	size_t i;
	char sep = '?';

	buf_init(&b);
	buf_puts(&b, sv->base);
	for (i = 0; i < NPARAMS; i++) {
		if (vals[i] == NULL || vals[i][0] == '\0')
			continue;
		for (s = skip; s != NULL && *s != NULL; s++)
			if (strcmp(*s, params[i]) == 0)
				break;
		if (s != NULL && *s != NULL)
			continue;
		/* Date and time mean something only with "open at". */
		if ((i == 7 || i == 8) && strcmp(sv->open, "at") != 0)
			continue;
		buf_printf(&b, "%c%s=", sep, params[i]);
		html_url_arg(&b, vals[i]);
		sep = '&';
	}
	if (page > 1)
		buf_printf(&b, "%cpage=%lld", sep, (long long)page);
	out = arena_strdup(&r->arena, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

static void
add_active(struct request *r, struct dir_search_view *sv,
    struct dir_active *v, const char *label, const char *value,
    const char *const *skip)
{
	v[sv->nactive].label = arena_printf(&r->arena, "%s: %s",
	    i18n_text(r->lang, label), value);
	v[sv->nactive].without = search_href(r, sv, skip, 1);
	sv->nactive++;
}

static const char *
need_label(enum lang l, enum dir_need n)
{
	static const char *const labels[NEED_COUNT] = {
		N_("I use a wheelchair"), N_("I use a walking aid"),
		N_("I use a hearing aid"), N_("I have low vision"),
	};

	return i18n_text(l, labels[n]);
}

/*
 * One coordinate of the browser's position: a plain decimal number (no
 * "nan", "inf" or hexadecimal, which strtod would take) within
 * [-max, max], rounded to 0.001 degrees.  0 or -1.
 */
static int
parse_degrees(const char *s, double max, double *out)
{
	char *end;
	double d;

	if (s[0] == '\0' || strlen(s) > 20 ||
	    s[strspn(s, "0123456789.-+")] != '\0')
		return -1;
	errno = 0;
	d = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(d) || d < -max || d > max)
		return -1;
	*out = round(d * 1000.0) / 1000.0;
	return 0;
}

/*
 * The browser's position (lat, lon: what the search page's "Use my
 * location" button sends) as the origin of the distances.  The script
 * rounds it to 0.001 degrees (about 100 m) before it leaves the browser,
 * and so does this for an address typed by hand: the links of the page
 * (paging, "remove") carry no finer position than that.  The position is
 * never logged (the access log has no query strings) nor stored.
 */
static void
read_location(struct request *r, struct form *f, struct dir_search_view *sv,
    struct dir_query *q, struct dir_active *act)
{
	static const char *const skip_here[] = { "lat", "lon", "sort", NULL };

	if (sv->lat[0] == '\0' && sv->lon[0] == '\0')
		return;
	if (sv->near[0] != '\0') {
		form_error(f, "near", N_("Search either near a place you write or near your location, not both."));
		return;
	}
	if (parse_degrees(sv->lat, 90.0, &q->lat) != 0 ||
	    parse_degrees(sv->lon, 180.0, &q->lon) != 0) {
		form_error(f, "near", N_("Your location is not valid: it needs a latitude between -90 and 90 and a longitude between -180 and 180. Use the button again, or write a municipality or a postcode."));
		return;
	}
	q->has_origin = true;
	sv->here = true;
	sv->lat = arena_printf(&r->arena, "%.3f", q->lat);
	sv->lon = arena_printf(&r->arena, "%.3f", q->lon);
	add_active(r, sv, act, N_("Near"), i18n_text(r->lang,
	    "your location"), skip_here);
}

/*
 * Reads the search form into q and sv, recording every mistake in f.
 * The choices must be loaded first.
 */
static void
read_search(struct request *r, struct db *db, struct form *f,
    struct dir_search_view *sv, struct dir_query *q, struct dir_active *act)
{
	static const char *const skip_open[] = { "open", "date", "time", NULL };
	static const char *const skip_near[] = { "near", "sort", NULL };
	const char *label, *when;
	enum dir_need need;
	int64_t at, now = time_now();
	int32_t day;
	char buf[32];
	size_t i;

	sv->q = qv(r, "q");
	sv->municipality = qv(r, "municipality");
	sv->topic = qv(r, "topic");
	sv->form = qv(r, "form");
	sv->language = qv(r, "language");
	sv->need = qv(r, "need");
	sv->open = qv(r, "open");
	sv->date = qv(r, "date");
	sv->time = qv(r, "time");
	sv->sort = qv(r, "sort");
	sv->near = qv(r, "near");
	sv->lat = qv(r, "lat");
	sv->lon = qv(r, "lon");
	memset(q, 0, sizeof(*q));
	q->lang = r->lang;
	q->need = -1;
	q->limit = DIR_PAGE_SIZE;
	if (strlen(sv->q) > 200)
		form_error(f, "q", N_("The search is too long: at most 200 characters."));
	else if (sv->q[0] != '\0') {
		q->text = sv->q;
		add_active(r, sv, act, N_("Search words"), sv->q,
		    (const char *const[]){ "q", NULL });
	}
	if (sv->municipality[0] != '\0') {
		if (!has_choice(sv->areas, sv->nareas, sv->municipality,
		    &label))
			form_error(f, "municipality", N_("Choose the municipality from the list."));
		else {
			q->municipality = sv->municipality;
			add_active(r, sv, act, N_("Municipality"), label,
			    (const char *const[]){ "municipality", NULL });
		}
	}
	if (sv->topic[0] != '\0') {
		if (!has_choice(sv->topics, sv->ntopics, sv->topic, &label))
			form_error(f, "topic", N_("Choose the topic from the list."));
		else {
			q->topic = sv->topic;
			add_active(r, sv, act, N_("Topic"), label,
			    (const char *const[]){ "topic", NULL });
		}
	}
	if (sv->form[0] != '\0') {
		if (!has_choice(sv->forms, sv->nforms, sv->form, &label))
			form_error(f, "form", N_("Choose the form of support from the list."));
		else {
			q->form = sv->form;
			add_active(r, sv, act, N_("Form of support"), label,
			    (const char *const[]){ "form", NULL });
		}
	}
	if (sv->language[0] != '\0') {
		for (i = 0; i < sv->nlangs; i++)
			if (strcmp(sv->langs[i], sv->language) == 0)
				break;
		if (i == sv->nlangs)
			form_error(f, "language", N_("Choose the language from the list."));
		else {
			q->language = sv->language;
			add_active(r, sv, act, N_("Language"),
			    sv->lang_labels[i],
			    (const char *const[]){ "language", NULL });
		}
	}
	if (sv->need[0] != '\0') {
		if (dir_need_parse(sv->need, &need) != 0)
			form_error(f, "need", N_("Choose the accessibility need from the list."));
		else {
			q->need = (int)need;
			add_active(r, sv, act, N_("Accessibility"),
			    need_label(r->lang, need),
			    (const char *const[]){ "need", NULL });
		}
	}
	if (strcmp(sv->open, "now") == 0) {
		q->open_at = now;
		sv->open_label = i18n_text(r->lang, "Open now");
		add_active(r, sv, act, N_("Opening hours"), sv->open_label,
		    skip_open);
	} else if (strcmp(sv->open, "at") == 0) {
		if (hours_parse_day(sv->date, &day) != 0) {
			form_error(f, "date", N_("Write the date as 2026-12-07 or choose it from the calendar."));
			at = 0;
		} else if (strlen(sv->time) != 5 || sv->time[2] != ':' ||
		    snprintf(buf, sizeof(buf), "%s %s", sv->date, sv->time) >=
		    (int)sizeof(buf) || time_parse_local(buf, &at) != 0) {
			form_error(f, "time", N_("Write the time as 14:30."));
			at = 0;
		}
		if (at != 0 && (at < now - 3600 ||
		    at > now + (int64_t)DIR_OPEN_DAYS * 86400)) {
			form_error(f, "date", N_("Choose a time within the next two weeks."));
			at = 0;
		}
		if (at != 0) {
			q->open_at = at;
			/* "Avoinna keskiviikkona 6.10.2021 klo 9.00", "Open
			 * on Wednesday 6 October 2021, 9:00". */
			when = time_format_datetime_on(&r->arena, r->lang, at);
			sv->open_label = arena_printf(&r->arena, "%s %s",
			    i18n_text(r->lang, "Open"), when);
			add_active(r, sv, act, N_("Opening hours"),
			    sv->open_label, skip_open);
		}
	} else if (sv->open[0] != '\0')
		form_error(f, "open", N_("Choose when the place should be open."));
	if (strlen(sv->near) > 100)
		form_error(f, "near", N_("Write a municipality or a postcode."));
	else if (sv->near[0] != '\0') {
		switch (directory_store_origin(db, &r->arena, sv->near, &q->lat,
		    &q->lon)) {
		case 0:
			q->has_origin = true;
			add_active(r, sv, act, N_("Near"), sv->near, skip_near);
			break;
		case DB_MISSING:
			form_error(f, "near", N_("We do not know this place. Write the name of a municipality or a postcode, for example Porvoo or 06100."));
			break;
		default:
			form_error(f, "near", N_("The search is not available right now. Please try again in a moment."));
		}
	}
	read_location(r, f, sv, q, act);
	if (sv->sort[0] == '\0')
		q->sort = q->has_origin ? DIR_SORT_DISTANCE : q->text ?
		    DIR_SORT_RELEVANCE : DIR_SORT_NAME;
	else if (strcmp(sv->sort, "relevance") == 0)
		q->sort = DIR_SORT_RELEVANCE;
	else if (strcmp(sv->sort, "name") == 0)
		q->sort = DIR_SORT_NAME;
	else if (strcmp(sv->sort, "distance") == 0) {
		q->sort = DIR_SORT_DISTANCE;
		if (sv->near[0] == '\0' && sv->lat[0] == '\0' &&
		    sv->lon[0] == '\0')
			form_error(f, "near", N_("Write a municipality or a postcode to sort by distance."));
	} else
		form_error(f, "sort", N_("Choose the order from the list."));
}

/* The search form's lists.  0 or -1. */
static int
load_choices(struct request *r, struct db *db, struct dir_search_view *sv)
{
	struct dir_search_choices c;
	size_t i;

	if (directory_store_search_choices(db, &r->arena, r->lang, &c) != 0)
		return -1;
	sv->areas = c.areas;
	sv->nareas = c.nareas;
	sv->topics = c.topics;
	sv->ntopics = c.ntopics;
	sv->forms = c.forms;
	sv->nforms = c.nforms;
	sv->langs = c.langs;
	sv->nlangs = c.nlangs;
	sv->lang_labels = arena_calloc(&r->arena, sv->nlangs + 1,
	    sizeof(*sv->lang_labels));
	for (i = 0; i < sv->nlangs; i++)
		sv->lang_labels[i] = dir_language_label(r->lang, sv->langs[i]);
	return 0;
}

/* Today's hours of each hit, as its page says them.  0 or -1. */
static int
hit_hours(struct request *r, struct db *db, struct dir_search_view *sv,
    const struct dir_query *q)
{
	struct service_point *pts;
	struct hours_day d;
	int64_t *ids;
	int32_t day;
	int minute;
	size_t i;

	sv->hit_hours = arena_calloc(&r->arena, sv->nhits + 1,
	    sizeof(*sv->hit_hours));
	sv->hit_km = arena_calloc(&r->arena, sv->nhits + 1,
	    sizeof(*sv->hit_km));
	sv->hit_lat = arena_calloc(&r->arena, sv->nhits + 1,
	    sizeof(*sv->hit_lat));
	sv->hit_lon = arena_calloc(&r->arena, sv->nhits + 1,
	    sizeof(*sv->hit_lon));
	ids = arena_calloc(&r->arena, sv->nhits + 1, sizeof(*ids));
	pts = arena_calloc(&r->arena, sv->nhits + 1, sizeof(*pts));
	for (i = 0; i < sv->nhits; i++)
		ids[i] = sv->hits[i].id;
	if (directory_store_hours(db, &r->arena, ids, sv->nhits, pts) != 0)
		return -1;
	hours_local(q->open_at ? q->open_at : time_now(), &day, &minute);
	for (i = 0; i < sv->nhits; i++) {
		hours_of_day(&pts[i].hours, day, &d);
		sv->hit_hours[i] = q->open_at && strcmp(sv->open, "at") == 0 ?
		    arena_printf(&r->arena, "%s: %s", dir_weekday(r->lang,
		    hours_weekday(day)), day_hours_text(&r->arena, r->lang, &d)) :
		    dir_hours_sentence(&r->arena, r->lang, &d, 0);
		if (sv->hits[i].has_point) {
			sv->hit_lat[i] = arena_printf(&r->arena, "%.6f",
			    sv->hits[i].lat);
			sv->hit_lon[i] = arena_printf(&r->arena, "%.6f",
			    sv->hits[i].lon);
		}
		if (q->has_origin && sv->hits[i].has_point) {
			char km[32];

			snprintf(km, sizeof(km), "%.1f", sv->hits[i].km);
			if (r->lang != LANG_EN)
				for (char *c = km; *c; c++)
					if (*c == '.')
						*c = ',';
			sv->hit_km[i] = sv->here ? arena_printf(&r->arena,
			    i18n_text(r->lang, "%s km from your location"), km) :
			    arena_printf(&r->arena, "%s km", km);
		}
	}
	return 0;
}

/*
 * The search of r's query into sv (the search page's and the widget's):
 * 200, 400 with the mistakes in sv->errors, or 0 when the answer (503,
 * 404) is given.
 */
static int
search_run(struct request *r, struct db *db, struct dir_search_view *sv_)
{
	struct dir_search_view sv;
	struct dir_active *act;
	struct dir_query q;
	struct dir_hit *hits;
	struct form f;
	const char *pagestr = kv_get(&r->query, "page");
	int64_t page = 1;
	size_t n, i;
	int status = 200;

	memset(&sv, 0, sizeof(sv));
	sv.base = url_for(&r->arena, r->lang, "directory.search", NULL);
	if (load_choices(r, db, &sv) != 0) {
		response_unavailable(r);
		return 0;
	}
	act = arena_calloc(&r->arena, 10, sizeof(*act));
	form_begin(&f, r);
	read_search(r, db, &f, &sv, &q, act);
	if (pagestr != NULL && (id_parse(pagestr, &page) != 0 || page < 1))
		form_error(&f, "q", N_("The page number is not valid."));
	for (i = 0; i < r->query.n; i++)
		if (r->query.items[i].value[0] != '\0')
			sv.searched = true;
	if (!form_ok(&f)) {
		sv.errors = form_errors(&f);
		status = 400;
	} else {
		sv.active = act;
		q.offset = (page - 1) * DIR_PAGE_SIZE;
		if (directory_store_search(db, &r->arena, &q, &hits, &n,
		    &sv.total) != 0) {
			response_unavailable(r);
			return 0;
		}
		/* Past DIR_COUNT_MAX results there are no more pages: the
		 * page says to narrow the search instead. */
		sv.over = sv.total > DIR_COUNT_MAX;
		sv.pages = sv.total == 0 ? 1 : ((sv.over ? DIR_COUNT_MAX :
		    sv.total) + DIR_PAGE_SIZE - 1) / DIR_PAGE_SIZE;
		if (page > sv.pages) {
			response_error(r, 404, NOT_FOUND);
			return 0;
		}
		sv.page = page;
		sv.hits = hits;
		sv.nhits = n;
		if (hit_hours(r, db, &sv, &q) != 0) {
			response_unavailable(r);
			return 0;
		}
		if (config_get()->map_tiles[0] != '\0') {
			sv.map_tiles = config_get()->map_tiles;
			sv.map_attribution = config_get()->map_attribution;
		}
		if (page > 1)
			sv.prev = search_href(r, &sv, NULL, page - 1);
		if (page < sv.pages)
			sv.next = search_href(r, &sv, NULL, page + 1);
	}
	*sv_ = sv;
	return status;
}

void
directory_search(struct request *r)
{
	struct dir_search_view sv;
	struct db *db;
	struct view v;
	struct page p;
	int status;

	if ((db = response_db(r)) == NULL)
		return;
	if ((status = search_run(r, db, &sv)) == 0)
		return;
	if (status == 200 && sv.searched)
		page_begin(r, status, i18n_text(r->lang,
		    "Search results: digital support"), &v, &p);
	else
		page_begin(r, status, i18n_text(r->lang,
		    "Find digital support"), &v, &p);
	p.description = i18n_text(r->lang, "Find help with phones, computers and online services near you: by municipality, topic, language, accessibility and opening hours.");
	page_form_errors(&p, &sv.errors);
	page_crumb(&p, i18n_text(r->lang, "Find digital support"), NULL);
	page_directory_search(&v, &p, &sv);
}

/*
 * The embeddable widget: the search's results (municipality, topic and
 * the search page's other filters fixed by the query) as a compact page
 * of its own to be framed on other sites - the one page whose CSP lets
 * them (frame-ancestors *, or the sites of widget_frame_ancestors) - in
 * the municipality's colours (widget.c), with a
 * link to the full search.  Its links open outside the frame.
 */
void
directory_widget(struct request *r)
{
	struct dir_search_view sv;
	struct dir_widget_view wv;
	const char *name;
	struct db *db;
	struct view v;
	struct page p;
	int status;

	if ((db = response_db(r)) == NULL)
		return;
	if ((status = search_run(r, db, &sv)) == 0)
		return;
	memset(&wv, 0, sizeof(wv));
	wv.sv = &sv;
	wv.title = i18n_text(r->lang, "Digital support");
	if (status == 200 && sv.municipality[0] != '\0' &&
	    has_choice(sv.areas, sv.nareas, sv.municipality, &name)) {
		wv.title = arena_printf(&r->arena, "%s – %s", wv.title, name);
		if ((wv.style_href = directory_widget_style_href(r, db,
		    sv.municipality)) == NULL) {
			response_unavailable(r);
			return;
		}
	}
	wv.all_href = search_href(r, &sv, NULL, 1);
	page_begin(r, status, wv.title, &v, &p);
	wv.site_name = p.site_name;
	response_header(r, "Content-Security-Policy", server_csp(&r->arena,
	    config_get()->widget_frame_ancestors));
	page_directory_widget(&v, &p, &wv);
}

/* --- a service point's page --- */

static const char *
pick(enum lang l, const char *const *v, enum lang *shown)
{
	return i18n_pick(l, v[LANG_FI], v[LANG_SV], v[LANG_EN], shown);
}

/* The accessibility notes as paragraphs: a line each, empty lines left
 * out (PTV's groups of sentences come a line each: ptv_read.c). */
static void
fill_notes(struct request *r, const struct service_point *p,
    struct dir_point_view *pv)
{
	const char *s = pick(r->lang, p->access_notes, &pv->notes_lang), *e;
	size_t n = 1;

	for (e = s; *e != '\0'; e++)
		if (*e == '\n')
			n++;
	pv->notes = arena_calloc(&r->arena, n + 1, sizeof(*pv->notes));
	for (; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		for (e = s; *e != '\0' && *e != '\n'; e++)
			;
		if (e > s)
			pv->notes[pv->nnotes++] = arena_strndup(&r->arena, s,
			    (size_t)(e - s));
	}
}

/* A fact as a sentence in l: that the place has it (yes) or not. */
const char *
dir_fact_text(enum lang l, enum dir_fact fact, bool yes)
{
	static const char *const fact_yes[FACT_COUNT] = {
		N_("The entrance has no steps."),
		N_("There is a lift, or the help is on the entrance floor."),
		N_("There is an accessible toilet."),
		N_("There is parking for disabled people."),
		N_("There is an induction loop."),
		N_("There is a quiet place to talk."),
		N_("A large screen or a magnifier is available."),
		N_("Guide dogs and assistance dogs are welcome."),
	};
	static const char *const fact_no[FACT_COUNT] = {
		N_("The entrance has steps."),
		N_("There is no lift, and the help is not on the entrance floor."),
		N_("There is no accessible toilet."),
		N_("There is no parking for disabled people."),
		N_("There is no induction loop."),
		N_("There is no quiet place to talk."),
		N_("No large screen or magnifier is available."),
		N_("Guide dogs and assistance dogs are not mentioned as welcome."),
	};

	return i18n_text(l, yes ? fact_yes[fact] : fact_no[fact]);
}

/* The accessibility of the point, need by need. */
static void
fill_needs(struct request *r, const struct service_point *p,
    struct dir_point_view *pv)
{
	static const char *const titles[NEED_COUNT] = {
		N_("Wheelchair"), N_("Walking aid"), N_("Hearing"),
		N_("Vision"),
	};
	static const char *const yes[NEED_COUNT] = {
		N_("The place suits you if you use a wheelchair."),
		N_("The place suits you if you use a walking aid."),
		N_("The place has an induction loop for hearing aids."),
		N_("The place suits you if you have low vision."),
	};
	static const char *const no[NEED_COUNT] = {
		N_("The place does not have everything a wheelchair user needs."),
		N_("The place does not have everything a person with a walking aid needs."),
		N_("The place has no induction loop."),
		N_("The place does not have everything a person with low vision needs."),
	};
	struct dir_need_row *rows = arena_calloc(&r->arena, NEED_COUNT,
	    sizeof(*rows));
	unsigned want;
	int n, fct;

	for (n = 0; n < NEED_COUNT; n++) {
		want = dir_need_facts((enum dir_need)n);
		rows[n].title = i18n_text(r->lang, titles[n]);
		rows[n].sentence = i18n_text(r->lang,
		    dir_meets_need(p->facts, (enum dir_need)n) ? yes[n] : no[n]);
		rows[n].facts = arena_calloc(&r->arena, FACT_COUNT,
		    sizeof(*rows[n].facts));
		for (fct = 0; fct < FACT_COUNT; fct++) {
			bool related = (want & (1u << fct)) != 0 ||
			    (n == NEED_WHEELCHAIR && fct == FACT_PARKING) ||
			    (n == NEED_HEARING && fct == FACT_QUIET);

			if (related)
				rows[n].facts[rows[n].nfacts++] = dir_fact_text(
				    r->lang, (enum dir_fact)fct, p->facts[fct]);
		}
	}
	pv->needs = rows;
	pv->nneeds = NEED_COUNT;
}

static const char *const months_en[12] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

/* The next seven days' hours, today first. */
static void
fill_days(struct request *r, const struct service_point *p,
    struct dir_point_view *pv)
{
	struct dir_day_row *rows = arena_calloc(&r->arena, 7, sizeof(*rows));
	struct hours_day d;
	int32_t today;
	int minute, y, m, dd, k;
	size_t e;

	hours_local(time_now(), &today, &minute);
	for (k = 0; k < 7; k++) {
		hours_of_day(&p->hours, today + k, &d);
		hours_civil_from_days(today + k, &y, &m, &dd);
		if (r->lang == LANG_EN)
			rows[k].day = arena_printf(&r->arena, "%s %d %s",
			    dir_weekday(r->lang, hours_weekday(today + k)), dd,
			    months_en[m - 1]);
		else
			rows[k].day = arena_printf(&r->arena, "%s %d.%d.",
			    dir_weekday(r->lang, hours_weekday(today + k)), dd,
			    m);
		rows[k].hours = day_hours_text(&r->arena, r->lang, &d);
		rows[k].today = k == 0;
		rows[k].note = "";
		rows[k].note_lang = r->lang;
		if (d.source == HOURS_FROM_HOLIDAY || (d.holiday != 0 &&
		    d.source != HOURS_FROM_EXCEPTION))
			rows[k].note = dir_holiday_name(r->lang, d.holiday);
		else if (d.source == HOURS_FROM_EXCEPTION) {
			for (e = 0; e < p->hours.nexceptions; e++)
				if (p->hours.exceptions[e].day == today + k)
					rows[k].note = pick(r->lang,
					    p->exception_info[e].note,
					    &rows[k].note_lang);
		} else if (d.source == HOURS_FROM_PERIOD && d.period != NULL)
			rows[k].note = pick(r->lang, p->period_info[d.period -
			    p->hours.periods].name, &rows[k].note_lang);
		if (k == 0)
			pv->today = dir_hours_sentence(&r->arena, r->lang, &d,
			    0);
		if (k == 1)
			pv->tomorrow = dir_hours_sentence(&r->arena, r->lang, &d,
			    1);
	}
	pv->days = rows;
	pv->ndays = 7;
}

static int
fill_labels(struct request *r, struct db *db, const struct service_point *p,
    struct dir_point_view *pv)
{
	struct dir_choice *topics, *forms;
	size_t nt, nf, i;
	const char *label;

	if (directory_store_topics(db, &r->arena, r->lang, &topics, &nt) != 0 ||
	    directory_store_forms(db, &r->arena, r->lang, &forms, &nf) != 0)
		return -1;
	pv->topic_labels = arena_calloc(&r->arena, p->ntopics + 1,
	    sizeof(char *));
	pv->form_labels = arena_calloc(&r->arena, p->nforms + 1,
	    sizeof(char *));
	pv->lang_labels = arena_calloc(&r->arena, p->nlangs + 1,
	    sizeof(char *));
	for (i = 0; i < p->ntopics; i++)
		pv->topic_labels[i] = has_choice(topics, nt, p->topics[i],
		    &label) ? label : p->topics[i];
	for (i = 0; i < p->nforms; i++)
		pv->form_labels[i] = has_choice(forms, nf, p->forms[i],
		    &label) ? label : p->forms[i];
	for (i = 0; i < p->nlangs; i++)
		pv->lang_labels[i] = dir_language_label(r->lang, p->langs[i]);
	return 0;
}

void
directory_page(struct request *r)
{
	const struct service_point *p = request_object(r);
	struct dir_point_view pv;
	struct view v;
	struct page pg;

	memset(&pv, 0, sizeof(pv));
	pv.p = p;
	pv.name = pick(r->lang, p->name, &pv.name_lang);
	pv.summary = pick(r->lang, p->summary, &pv.summary_lang);
	pv.description = pick(r->lang, p->description, &pv.desc_lang);
	pv.costs = pick(r->lang, p->costs, &pv.costs_lang);
	pv.booking = pick(r->lang, p->booking, &pv.booking_lang);
	fill_days(r, p, &pv);
	fill_needs(r, p, &pv);
	fill_notes(r, p, &pv);
	if (fill_labels(r, request_db(r), p, &pv) != 0) {
		response_unavailable(r);
		return;
	}
	pv.updated = time_format_date(&r->arena, r->lang, p->updated_at);
	pv.may_edit = policy_allows(&r->user, ACT_DIRECTORY) &&
	    policy_reaches(&r->user, SCOPE_POINT, &(struct object_scope){
	    .region_id = p->region_id, .municipality = p->municipality,
	    .object_id = p->id });
	pv.edit_href = url_for(&r->arena, r->lang, "directory.edit",
	    url_id(&r->arena, p->id), NULL);
	if (p->has_point)
		pv.map_href = arena_printf(&r->arena, "https://www.openstreetmap"
		    ".org/?mlat=%.5f&mlon=%.5f#map=17/%.5f/%.5f", p->lat, p->lon,
		    p->lat, p->lon);
	if (p->status != DIR_CLOSED) {
		int32_t today;
		int minute;

		hours_local(time_now(), &today, &minute);
		pv.jsonld = directory_jsonld(&r->arena, r->lang, p,
		    url_abs_for(&r->arena, r->lang, "directory.page",
		    url_id(&r->arena, p->id), NULL), today);
	}
	page_begin(r, 200, pv.name, &v, &pg);
	if (pv.summary[0] != '\0')
		pg.description = pv.summary;
	page_crumb(&pg, i18n_text(r->lang, "Find digital support"),
	    url_for(&r->arena, r->lang, "directory.search", NULL));
	page_crumb(&pg, pv.name, NULL);
	page_directory_point(&v, &pg, &pv);
}

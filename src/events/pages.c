/*
 * pages.c - the public pages of events: the list of upcoming events, the
 * archive of past ones and the event page (see pages.h).
 *
 * Both lists are one query with the visitor's filters as a plain GET form,
 * so they work without JavaScript and a filtered list can be bookmarked.
 * They are not in the page cache: what a list holds depends on who asks
 * (events for the network's staff, drafts for their organisers).
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/str.h"
#include "base/time.h"
#include "events/pages.h"
#include "http/urls.h"
#include "registration/registration.h"
#include "http/response.h"
#include "materials/materials.h"
#include "tmpl_events.h"
#include "view/escape.h"
#include "view/markdown.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")

const char *const events_kinds[] = { "webinar", "on-site", "hybrid" };
const size_t events_nkinds = sizeof(events_kinds) / sizeof(events_kinds[0]);
const char *const agenda_kinds[] = { "opening", "talk", "panel", "break",
    "discussion", "workshop", "closing", "other" };
const size_t agenda_nkinds = sizeof(agenda_kinds) / sizeof(agenda_kinds[0]);

/* --- names and formats for the templates --- */

const char *
events_status_label(enum lang l, enum event_status status)
{
	switch (status) {
	case EVENT_STATUS_DRAFT:
		return i18n_text(l, "Draft");
	case EVENT_STATUS_CANCELLED:
		return i18n_text(l, "Cancelled");
	case EVENT_STATUS_PUBLISHED:
		break;
	}
	return i18n_text(l, "Published");
}

enum agenda_kind
agenda_kind_parse(const char *s)
{
	int i = str_index(s, agenda_kinds, agenda_nkinds);

	return i >= 0 ? (enum agenda_kind)i : AGENDA_OTHER;
}

const char *
events_agenda_kind_label(enum lang l, enum agenda_kind kind)
{
	static const char *const labels[] = { N_("Opening"), N_("Talk"),
	    N_("Panel"), N_("Break"), N_("Discussion"), N_("Workshop"),
	    N_("Closing"), N_("Other") };

	return i18n_text(l, labels[kind]);
}

const char *
events_role_label(enum lang l, enum agenda_part role)
{
	switch (role) {
	case PART_MODERATOR:
		return i18n_text(l, "Moderator");
	case PART_PANELIST:
		return i18n_text(l, "Panelist");
	case PART_SPEAKER:
		break;
	}
	return i18n_text(l, "Speaker");
}

/* Is code one of the comma-separated list's entries? */
static bool
events_has_lang(const char *list, const char *code)
{
	size_t n = strlen(code);
	const char *p = list;

	while (*p != '\0') {
		const char *end = strchr(p, ',');
		size_t k = end != NULL ? (size_t)(end - p) : strlen(p);

		if (k == n && memcmp(p, code, n) == 0)
			return true;
		if (end == NULL)
			break;
		p = end + 1;
	}
	return false;
}

/* "suomi, ruotsi": the languages of the list in the UI's order, named in
 * the page's language; one allocation for the whole label. */
const char *
events_languages_label(struct view *v, const char *languages)
{
	const char *names[LANG_COUNT];
	size_t len[LANG_COUNT], total = 0, n = 0, i;
	char *out, *p;
	int k;

	for (k = 0; k < LANG_COUNT; k++) {
		if (!events_has_lang(languages, lang_code((enum lang)k)))
			continue;
		names[n] = lang_name(v->lang, (enum lang)k);
		len[n] = strlen(names[n]);
		total += len[n] + 2;
		n++;
	}
	if (n == 0)
		return "";
	p = out = arena_alloc(v->arena, total + 1);
	for (i = 0; i < n; i++) {
		if (i > 0) {
			memcpy(p, ", ", 2);
			p += 2;
		}
		memcpy(p, names[i], len[i]);
		p += len[i];
	}
	*p = '\0';
	return out;
}

static bool
events_same_day(const struct tm *x, const struct tm *y)
{
	return x->tm_year == y->tm_year && x->tm_yday == y->tm_yday;
}

/* "a – b" or "a–b" of two texts, in the arena. */
static const char *
events_join(struct view *v, const char *a, const char *sep, const char *b)
{
	size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
	char *out = arena_alloc(v->arena, la + ls + lb + 1);

	memcpy(out, a, la);
	memcpy(out + la, sep, ls);
	memcpy(out + la + ls, b, lb + 1);
	return out;
}

/*
 * Both ends in Helsinki time, each read once (localtime_r() was four or
 * five times a row of the lists, issue 13): on one day
 * "weekday date time–time", over days "weekday date time – weekday date
 * time"; events_when() gives the day's date on the first side only.
 */
const char *
events_time_range(struct view *v, int64_t from, int64_t to)
{
	struct tm f, t;

	time_local(from, &f);
	time_local(to, &t);
	if (!events_same_day(&f, &t))
		return events_join(v, time_format_datetime_tm(v->arena,
		    v->lang, &f), " – ", time_format_datetime_tm(v->arena,
		    v->lang, &t));
	return events_join(v, time_format_clock_tm(v->arena, v->lang, &f),
	    "–", time_format_clock_tm(v->arena, v->lang, &t));
}

const char *
events_when(struct view *v, int64_t from, int64_t to)
{
	struct tm f, t;
	const char *a;

	time_local(from, &f);
	time_local(to, &t);
	a = time_format_datetime_tm(v->arena, v->lang, &f);
	if (!events_same_day(&f, &t))
		return events_join(v, a, " – ", time_format_datetime_tm(v->arena,
		    v->lang, &t));
	return events_join(v, a, "–", time_format_clock_tm(v->arena,
	    v->lang, &t));
}

const char *
events_person_label(struct view *v, const struct agenda_person *p)
{
	const char *s;

	if (!p->is_public) {
		if (p->organisation[0] == '\0')
			return i18n_text(v->lang, "a speaker");
		return arena_printf(v->arena, "%s %s",
		    i18n_text(v->lang, "a speaker from"), p->organisation);
	}
	s = p->name;
	if (p->title[0])
		s = arena_printf(v->arena, "%s, %s", s, p->title);
	if (p->organisation[0])
		s = arena_printf(v->arena, "%s, %s", s, p->organisation);
	return s;
}

/*
 * The registration box follows registration_window(), the rule the form
 * and the committer follow, so the page never invites to a form that
 * would refuse.  A draft is shown as it will be once published.
 */
static enum reg_window
events_reg_window(enum event_status status, int64_t capacity, int64_t opens,
    int64_t closes, int64_t starts_at, int64_t taken, int64_t waiting,
    int64_t now)
{
	struct reg_window_facts f = {
		status == EVENT_STATUS_DRAFT ? EVENT_STATUS_PUBLISHED : status, capacity,
		opens, closes, starts_at, taken, waiting
	};

	return registration_window(&f, now).state;
}

const char *
events_seats_label(struct view *v, const struct event_row *r, int64_t now)
{
	if (r->status == EVENT_STATUS_CANCELLED)
		return i18n_text(v->lang, "Cancelled");
	if (r->ends_at < now)
		return r->attendees >= 0 ? arena_printf(v->arena, "%s: %lld",
		    i18n_text(v->lang, "Participants"),
		    (long long)r->attendees) : "";
	switch (events_reg_window(r->status, r->capacity, r->registration_opens,
	    r->registration_closes, r->starts_at, r->taken, r->waiting, now)) {
	case REG_WINDOW_NONE:
	case REG_WINDOW_CANCELLED:
	case REG_WINDOW_DRAFT:
		return i18n_text(v->lang, "No registration");
	case REG_WINDOW_NOT_YET:
		return arena_printf(v->arena, "%s %s",
		    i18n_text(v->lang, "Registration opens"),
		    time_format_datetime(v->arena, v->lang,
		    r->registration_opens));
	case REG_WINDOW_STARTED:
	case REG_WINDOW_CLOSED:
		return i18n_text(v->lang, "Registration has closed");
	case REG_WINDOW_OPEN:
		return arena_printf(v->arena, "%s: %lld",
		    i18n_text(v->lang, "Seats left"),
		    (long long)(r->capacity - r->taken));
	case REG_WINDOW_FULL:
		break;
	}
	return i18n_text(v->lang, "Full: you can join the waiting list");
}
/* --- the lists --- */

/* A filter value: "" (all) or one of n names. */
static bool
events_one_of(const char *s, const char *const *names, size_t n)
{
	return s[0] == '\0' || str_index(s, names, n) >= 0;
}

/*
 * The keyset cursor of a page link: ?after=STARTS.ID (the page after that
 * row) or ?before=STARTS.ID (the page before it), as the list's template
 * writes them.  0, or -1 for a cursor that is not one.
 */
static int
events_cursor(struct request *r, struct event_filter *f)
{
	const char *after = kv_get(&r->query, "after");
	const char *before = kv_get(&r->query, "before");
	const char *c, *dot;
	int64_t s, id;
	char head[24];

	f->dir = PAGE_FIRST;
	if ((after == NULL || after[0] == '\0') &&
	    (before == NULL || before[0] == '\0'))
		return 0;
	if (after != NULL && after[0] != '\0' && before != NULL &&
	    before[0] != '\0')
		return -1;
	c = after != NULL && after[0] != '\0' ? after : before;
	if ((dot = strchr(c, '.')) == NULL || (size_t)(dot - c) >=
	    sizeof(head))
		return -1;
	memcpy(head, c, (size_t)(dot - c));
	head[dot - c] = '\0';
	if (id_parse(head, &s) != 0 || id_parse(dot + 1, &id) != 0)
		return -1;
	f->dir = c == after ? PAGE_AFTER : PAGE_BEFORE;
	f->cursor_starts = s;
	f->cursor_id = id;
	return 0;
}

static void
events_list_common(struct request *r, bool past)
{
	static const char *const langs[] = { "fi", "sv", "en" };
	struct events_list_view lv;
	struct event_filter f;
	struct region_info region;
	struct municipality *munis;
	struct event_row *rows;
	struct view v;
	struct page p;
	struct db *db;
	size_t i;
	bool known;

	memset(&lv, 0, sizeof(lv));
	lv.past = past;
	lv.muni = kv_get(&r->query, "municipality");
	lv.kind = kv_get(&r->query, "type");
	lv.language = kv_get(&r->query, "language");
	if (lv.muni == NULL)
		lv.muni = "";
	if (lv.kind == NULL)
		lv.kind = "";
	if (lv.language == NULL)
		lv.language = "";
	memset(&f, 0, sizeof(f));
	if (events_cursor(r, &f) != 0) {
		response_error(r, 400, N_("The page link is not valid."));
		return;
	}
	if (!events_one_of(lv.kind, events_kinds, events_nkinds) ||
	    !events_one_of(lv.language, langs, 3)) {
		response_error(r, 400, N_("The filter is not valid. Choose the values from the lists."));
		return;
	}
	if ((db = request_db(r)) == NULL) {
		response_unavailable(r);
		return;
	}
	if (network_region(db, &r->arena, r->lang, &region) != 0 ||
	    network_municipalities(db, &r->arena, r->lang, region.id,
	    &munis, &lv.nmunis) != 0) {
		response_unavailable(r);
		return;
	}
	lv.munis = munis;
	known = lv.muni[0] == '\0';
	for (i = 0; i < lv.nmunis && !known; i++)
		known = strcmp(lv.munis[i].code, lv.muni) == 0;
	if (!known) {
		response_error(r, 400, N_("The filter is not valid. Choose the values from the lists."));
		return;
	}

	f.past = past;
	f.now = lv.now = time_now();
	f.municipality = lv.muni[0] ? lv.muni : NULL;
	f.kind = lv.kind[0] ? lv.kind : NULL;
	f.language = lv.language[0] ? lv.language : NULL;
	f.signed_in = r->user.id != 0;
	f.drafts_region = policy_region_filter(&r->user);
	f.limit = EVENT_PAGE_SIZE;
	if (events_query(db, &r->arena, r->lang, &f,
	    &rows, &lv.nrows, &lv.more, &lv.prev) != 0) {
		response_unavailable(r);
		return;
	}
	lv.rows = rows;
	lv.may_edit = policy_allows(&r->user, ACT_EVENTS);
	lv.base = url_for(&r->arena, r->lang, past ? "events.archive" :
	    "events.list", NULL);
	{
		struct buf q;

		buf_init(&q);
		buf_puts(&q, "municipality=");
		html_url_arg(&q, lv.muni);
		buf_puts(&q, "&type=");
		html_url_arg(&q, lv.kind);
		buf_puts(&q, "&language=");
		html_url_arg(&q, lv.language);
		lv.query = arena_strdup(&r->arena, buf_cstr(&q));
		buf_cleanup(&q);
	}

	page_begin(r, 200, i18n_text(r->lang, past ? "Past events" : "Events"),
	    &v, &p);
	if (past) {
		page_crumb(&p, i18n_text(r->lang, "Events"),
		    url_for(&r->arena, r->lang, "events.list", NULL));
		page_crumb(&p, i18n_text(r->lang, "Past events"), NULL);
	} else
		page_crumb(&p, i18n_text(r->lang, "Events"), NULL);
	page_events_list(&v, &p, &lv);
}

void
events_list_page(struct request *r)
{
	events_list_common(r, false);
}

void
events_archive_page(struct request *r)
{
	events_list_common(r, true);
}

/* --- the event page --- */

static const char *
events_done_notice(const char *done)
{
	if (done == NULL)
		return NULL;
	if (strcmp(done, "published") == 0)
		return N_("The event is published.");
	if (strcmp(done, "cancelled") == 0)
		return N_("The event is cancelled. Those registered have been told.");
	return NULL;
}

void
events_page(struct request *r)
{
	const struct event *e = request_object(r);

	/* The loader (event_loader_page) lets an event for the network's
	 * staff through, so that an anonymous visitor is asked to sign in
	 * and brought back (as the guard does for staff pages). */
	if (!event_audience_reaches(&r->user, e)) {
		response_signin(r);
		return;
	}
	events_page_render(r, e, 200, NULL);
}

void
events_page_render(struct request *r, const struct event *e, int status,
    const struct form_errors *errors)
{
	struct event_view ev;
	struct object_scope scope;
	struct agenda_item *items;
	struct event_muni *munis;
	struct material *materials;
	struct view v;
	struct page p;
	struct db *db = request_db(r);
	int64_t id = e->id, now = time_now();
	size_t i;

	memset(&ev, 0, sizeof(ev));
	if (errors != NULL)
		ev.errors = *errors;
	ev.e = e;
	if (agenda_list(db, &r->arena, r->lang, id,
	    &items, &ev.nitems) != 0 ||
	    event_munis(db, &r->arena, r->lang, id,
	    &munis, &ev.nmunis) != 0 ||
	    event_seats(db, id, &ev.taken, &ev.waiting) != 0 ||
	    materials_visible_for(db, &r->arena, &r->user, MAT_TARGET_EVENT, id,
	    &materials, &ev.nmaterials) != 0) {
		response_unavailable(r);
		return;
	}
	ev.items = items;
	ev.munis = munis;
	ev.materials = materials;
	for (i = 1; i < ev.nitems; i++)
		if (ev.items[i].track != ev.items[0].track)
			ev.tracks = true;
	ev.attendees = e->attendees;
	ev.description_html = markdown_html(&r->arena, e->description);
	ev.past = e->ends_at < now;
	ev.started = e->starts_at <= now;
	ev.reg = events_reg_window(e->status, e->capacity,
	    e->registration_opens, e->registration_closes, e->starts_at,
	    ev.taken, ev.waiting, now);
	ev.seats_left = e->capacity > ev.taken && ev.waiting == 0 ?
	    e->capacity - ev.taken : 0;
	event_scope(&r->user, e, &scope);
	ev.may_edit = policy_reaches(&r->user, SCOPE_MANAGED, &scope);
	if (ev.may_edit)
		ev.csrf = csrf_token(r);
	ev.notice = events_done_notice(kv_get(&r->query, "done"));

	page_begin(r, status, e->title, &v, &p);
	page_form_errors(&p, &ev.errors);
	p.description = e->summary[0] ? e->summary : NULL;
	if (ev.past) {
		page_crumb(&p, i18n_text(r->lang, "Events"),
		    url_for(&r->arena, r->lang, "events.list", NULL));
		page_crumb(&p, i18n_text(r->lang, "Past events"),
		    url_for(&r->arena, r->lang, "events.archive", NULL));
	} else
		page_crumb(&p, i18n_text(r->lang, "Events"),
		    url_for(&r->arena, r->lang, "events.list", NULL));
	page_crumb(&p, e->title, NULL);
	page_event(&v, &p, &ev);
}

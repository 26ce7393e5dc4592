/*
 * edit.c - organising an event: the form for a new event and for changing
 * one, and its status, draft -> published -> cancelled (see pages.h).
 *
 * A change opens its write transaction first and reads the event inside
 * it, so the checks see what the change will change.  The whole form is
 * validated and every mistake named, in a summary at the top linked to
 * the fields and next to each field; a refused form writes nothing.
 *
 * Registrants hear of what matters to them in the same transaction as the
 * change itself (registration_notify()): a published event that is
 * cancelled, or whose time or place changes.  SEQUENCE, which calendars
 * use to replace their copy, grows with every change they show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "base/utf8.h"
#include "events/agenda_rules.h"
#include "events/pages.h"
#include "http/urls.h"
#include "registration/registration.h"
#include "http/response.h"
#include "tmpl_events.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")

/* An http(s) address without spaces or control characters. */
static bool
field_url_valid(const char *s)
{
	size_t i;

	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return false;
	if (strlen(s) > EVENT_URL_MAX || strlen(s) < 10)
		return false;
	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f || s[i] == '"' ||
		    s[i] == '<' || s[i] == '>')
			return false;
	return true;
}

/* --- the event: opening, reading the form, rendering --- */

/*
 * The stored fields of the route's event (event_loader_managed), inside
 * the caller's transaction when there is one.  0, or -1 answered.
 */
static int
edit_stored(struct request *r, struct db *db, struct event_fields *f,
    enum event_status *status)
{
	const struct event *e = request_object(r);
	int64_t region;

	if (event_fields_get(db, &r->arena, e->id, f, status, &region) != 0) {
		response_unavailable(r);
		return -1;
	}
	return 0;
}

/* Opens the write transaction of a change to the route's event and reads
 * its stored fields: the store, or NULL answered (rolled back). */
static struct db *
edit_begin(struct request *r, struct event_fields *f,
    enum event_status *status)
{
	struct db *db = request_db(r);

	if (response_begin_tx(r, db) != 0)
		return NULL;
	if (edit_stored(r, db, f, status) != 0) {
		db_rollback(db);
		return NULL;
	}
	return db;
}

/* The region a new event of the visitor belongs to, 0 when there is
 * none. */
static int64_t
edit_region(struct request *r, struct db *db)
{
	int64_t region;

	return network_home_region(db, &r->user, &region) == 0 ? region : 0;
}

/* The form's texts from stored fields. */
static void
edit_fill(struct arena *a, struct event_form_view *fv,
    const struct event_fields *f)
{
	int k;

	fv->kind = f->kind;
	fv->audience = f->audience;
	for (k = 0; k < LANG_COUNT; k++) {
		char tag[8];

		snprintf(tag, sizeof(tag), ",%s,", lang_code((enum lang)k));
		fv->lang_on[k] = strstr(arena_printf(a, ",%s,", f->languages),
		    tag) != NULL;
		fv->title[k] = f->title[k];
		fv->summary[k] = f->summary[k];
		fv->description[k] = f->description[k];
		fv->consent[k] = f->consent[k];
	}
	fv->place = f->place;
	fv->platform = f->platform;
	fv->join_url = f->join_url;
	fv->organiser = f->organiser;
	fv->organiser_sv = f->organiser_sv;
	fv->organiser_en = f->organiser_en;
	form_datetime_parts(a, f->starts_at, &fv->start_date, &fv->start_time);
	form_datetime_parts(a, f->ends_at, &fv->end_date, &fv->end_time);
	fv->capacity = f->capacity < 0 ? "" : arena_printf(a, "%lld",
	    (long long)f->capacity);
	form_datetime_parts(a, f->registration_opens, &fv->opens_date, &fv->opens_time);
	form_datetime_parts(a, f->registration_closes, &fv->closes_date,
	    &fv->closes_time);
	fv->group_max = arena_printf(a, "%lld", (long long)f->group_max);
	fv->offer_hours = arena_printf(a, "%lld", (long long)f->offer_hours);
	fv->reminder_hours = arena_printf(a, "%lld",
	    (long long)f->reminder_hours);
}

/* Ticks the municipalities of f among fv->munis. */
static void
edit_tick(struct arena *a, struct event_form_view *fv,
    const struct event_fields *f)
{
	size_t i, j;

	fv->muni_on = arena_calloc(a, fv->nmunis ? fv->nmunis : 1,
	    sizeof(bool));
	for (i = 0; i < fv->nmunis; i++)
		for (j = 0; j < f->nmunicipalities; j++)
			if (strcmp(fv->munis[i].code, f->municipalities[j]) == 0)
				fv->muni_on[i] = true;
}

/* The values of a field sent several times (checkboxes of one name). */
static bool
edit_sent(struct request *r, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < r->form.n; i++)
		if (strcmp(r->form.items[i].name, name) == 0 &&
		    strcmp(r->form.items[i].value, value) == 0)
			return true;
	return false;
}

/* Is every value of field `name` one of the n choices? */
static bool
edit_all_of(struct request *r, const char *name, const char *const *choices,
    size_t n)
{
	size_t i, k;

	for (i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.items[i].name, name) != 0)
			continue;
		for (k = 0; k < n; k++)
			if (strcmp(r->form.items[i].value, choices[k]) == 0)
				break;
		if (k == n)
			return false;
	}
	return true;
}

/* The names of the event form's dates and times in its mistakes. */
static const struct {
	const char *field, *label;
} when_labels[] = {
	{ "start_date", N_("Start date") },
	{ "start_time", N_("Start time") },
	{ "end_date", N_("End date") },
	{ "end_time", N_("End time") },
	{ "opens_date", N_("Date registration opens") },
	{ "opens_time", N_("Time registration opens") },
	{ "closes_date", N_("Date registration closes") },
	{ "closes_time", N_("Time registration closes") },
};

/*
 * Reads and checks the whole form into f (values) and fv (texts, to show
 * again).  The mistakes go to fv->errors; 0 when there are none.
 */
static int
edit_read(struct request *r, struct event_form_view *fv,
    struct event_fields *f)
{
	static const char *const audiences[] = { "public", "network" };
	static const char *const lang_codes[] = { "fi", "sv", "en" };
	static const char *const title_ids[] = { "title_fi", "title_sv",
	    "title_en" };
	static const char *const summary_ids[] = { "summary_fi", "summary_sv",
	    "summary_en" };
	static const char *const desc_ids[] = { "description_fi",
	    "description_sv", "description_en" };
	static const char *const consent_ids[] = { "consent_fi", "consent_sv",
	    "consent_en" };
	static const char *const date_ids[] = { "start_date", "end_date",
	    "opens_date", "closes_date" };
	const char **codes;
	struct arena *a = &r->arena;
	struct form form;
	const char *langs = "";
	bool has_title = false, dates_ok;
	size_t i;
	int k;

	memset(f, 0, sizeof(*f));
	form_begin(&form, r);
	form_choice(&form, "kind", events_kinds, events_nkinds,
	    FORM_REQUIRED, N_("Choose the type of the event."));
	f->kind = fv->kind = form_value(&form, "kind");
	for (k = 0; k < LANG_COUNT; k++) {
		f->title[k] = fv->title[k] = form_text(&form, title_ids[k], 0,
		    EVENT_TITLE_MAX,
		    N_("Write the title on one line, at most 200 characters."));
		if (fv->title[k][0])
			has_title = true;
	}
	if (!has_title)
		form_error(&form, "title_fi", N_("Write a title in at least one language."));
	for (k = 0; k < LANG_COUNT; k++)
		f->summary[k] = fv->summary[k] = form_text(&form,
		    summary_ids[k], FORM_MULTILINE, EVENT_SUMMARY_MAX,
		    N_("The summary can be at most 1,000 characters."));
	for (k = 0; k < LANG_COUNT; k++)
		f->description[k] = fv->description[k] = form_text(&form,
		    desc_ids[k], FORM_MULTILINE, EVENT_TEXT_MAX,
		    N_("The text is too long or holds characters that are not allowed: at most 20,000 characters."));

	/* When.  The dates as <input type="date"> sends them: the
	 * authorisation matrix (tests/http/authz/events.mjs) holds
	 * "6.10.2021", which form_date() would take, for a malformed date. */
	for (k = 0; k < 4; k++) {
		const char *d = form_value(&form, date_ids[k]);

		if (d[0] != '\0' && !time_date_valid(d))
			form_error(&form, date_ids[k], N_("Write the date in the form 2021-10-06."));
	}
	fv->start_date = form_value(&form, "start_date");
	fv->start_time = form_value(&form, "start_time");
	fv->end_date = form_value(&form, "end_date");
	fv->end_time = form_value(&form, "end_time");
	f->starts_at = form_datetime(&form, "start_date", "start_time",
	    FORM_REQUIRED);
	f->ends_at = form_datetime(&form, "end_date", "end_time",
	    FORM_REQUIRED);
	dates_ok = f->starts_at != 0 && f->ends_at != 0;
	if (dates_ok && f->ends_at <= f->starts_at)
		form_error(&form, "end_time", N_("The event must end after it starts."));

	/* Who and where. */
	form_choice(&form, "audience", audiences, 2, FORM_REQUIRED,
	    N_("Choose who the event is for."));
	f->audience = fv->audience = form_value(&form, "audience");
	for (k = 0; k < LANG_COUNT; k++) {
		fv->lang_on[k] = edit_sent(r, "languages", lang_codes[k]);
		if (fv->lang_on[k])
			langs = langs[0] ? arena_printf(a, "%s,%s", langs,
			    lang_codes[k]) : lang_codes[k];
	}
	if (!edit_all_of(r, "languages", lang_codes, LANG_COUNT))
		langs = "";
	if (langs[0] == '\0')
		form_error(&form, "lang-fi", N_("Choose the languages of the event."));
	f->languages = langs;
	f->place = fv->place = form_text(&form, "place", 0, EVENT_LINE_MAX,
	    N_("Write the address on one line, at most 300 characters."));
	f->platform = fv->platform = form_text(&form, "platform", 0, 100,
	    N_("Write the platform's name on one line, at most 100 characters."));
	f->join_url = fv->join_url = form_text(&form, "join_url", 0,
	    EVENT_URL_MAX, N_("Write the whole link to join, starting with https://."));
	if (fv->join_url[0] && !field_url_valid(fv->join_url))
		form_error(&form, "join_url", N_("Write the whole link to join, starting with https://."));
	f->organiser = fv->organiser = form_text(&form, "organiser", 0,
	    EVENT_LINE_MAX,
	    N_("Write the organiser on one line, at most 300 characters."));
	f->organiser_sv = fv->organiser_sv = form_text(&form, "organiser_sv",
	    0, EVENT_LINE_MAX,
	    N_("Write the organiser on one line, at most 300 characters."));
	f->organiser_en = fv->organiser_en = form_text(&form, "organiser_en",
	    0, EVENT_LINE_MAX,
	    N_("Write the organiser on one line, at most 300 characters."));
	if (strcmp(f->kind, "on-site") != 0 && f->kind[0] &&
	    f->platform[0] == '\0' && f->join_url[0] != '\0')
		form_error(&form, "platform", N_("Name the platform of the link (for example Teams or Zoom)."));

	/* Municipalities: every ticked code must be one of the region's. */
	codes = arena_calloc(a, fv->nmunis ? fv->nmunis : 1, sizeof(*codes));
	fv->muni_on = arena_calloc(a, fv->nmunis ? fv->nmunis : 1,
	    sizeof(bool));
	f->municipalities = arena_calloc(a, fv->nmunis ? fv->nmunis : 1,
	    sizeof(char *));
	for (i = 0; i < fv->nmunis; i++) {
		codes[i] = fv->munis[i].code;
		if ((fv->muni_on[i] = edit_sent(r, "municipalities", codes[i])))
			f->municipalities[f->nmunicipalities++] = codes[i];
	}
	if (!edit_all_of(r, "municipalities", codes, fv->nmunis))
		form_error(&form, "municipalities", N_("Choose the municipalities from the list."));

	/* Registration. */
	fv->capacity = form_value(&form, "capacity");
	fv->opens_date = form_value(&form, "opens_date");
	fv->opens_time = form_value(&form, "opens_time");
	fv->closes_date = form_value(&form, "closes_date");
	fv->closes_time = form_value(&form, "closes_time");
	fv->group_max = form_value(&form, "group_max");
	fv->offer_hours = form_value(&form, "offer_hours");
	fv->reminder_hours = form_value(&form, "reminder_hours");
	f->capacity = form_int(&form, "capacity", 0, 100000, -1, 0,
	    N_("Write the number of seats as a whole number, or leave it empty when the event takes no registrations."));
	f->registration_opens = form_datetime(&form, "opens_date",
	    "opens_time", 0);
	f->registration_closes = form_datetime(&form, "closes_date",
	    "closes_time", 0);
	if (f->registration_opens && f->registration_closes &&
	    f->registration_closes <= f->registration_opens)
		form_error(&form, "closes_date", N_("Registration must close after it opens."));
	if (dates_ok && f->registration_opens &&
	    f->registration_opens >= f->starts_at)
		form_error(&form, "opens_date", N_("Registration must open before the event starts."));
	if (dates_ok && f->registration_closes &&
	    f->registration_closes > f->ends_at)
		form_error(&form, "closes_date", N_("Registration must close before the event ends."));
	f->group_max = form_int(&form, "group_max", 1, 50, 1, 0,
	    N_("The largest group is a whole number from 1 to 50."));
	f->offer_hours = form_int(&form, "offer_hours", 1, 168, 24, 0,
	    N_("An offer is open from 1 to 168 hours."));
	f->reminder_hours = form_int(&form, "reminder_hours", 1, 336, 24, 0,
	    N_("The reminder goes out from 1 to 336 hours before the start."));
	for (k = 0; k < LANG_COUNT; k++)
		f->consent[k] = fv->consent[k] = form_text(&form,
		    consent_ids[k], FORM_MULTILINE, 5000,
		    N_("The consent text can be at most 5,000 characters."));
	/* Four dates and times share their messages: each names its field
	 * (#12 item 18). */
	for (k = 0; k < (int)(sizeof(when_labels) / sizeof(when_labels[0])); k++)
		form_label(&form, when_labels[k].field, when_labels[k].label);
	fv->errors = form_errors(&form);
	return fv->errors.n ? -1 : 0;
}

static int
edit_render(struct request *r, struct db *db, int status,
    struct event_form_view *fv, int64_t region_id)
{
	struct view v;
	struct page p;

	(void)db;
	(void)region_id;
	fv->csrf = csrf_token(r);
	page_begin(r, status, fv->id ? i18n_text(r->lang, "Edit the event") :
	    i18n_text(r->lang, "New event"), &v, &p);
	page_form_errors(&p, &fv->errors);
	page_crumb(&p, i18n_text(r->lang, "Events"),
	    url_for(&r->arena, r->lang, "events.list", NULL));
	if (fv->id) {
		const char *t = i18n_pick(r->lang, fv->stored->title[0],
		    fv->stored->title[1], fv->stored->title[2], NULL);

		page_crumb(&p, t, url_for(&r->arena, r->lang, "events.page",
		    url_id(&r->arena, fv->id), NULL));
	}
	page_crumb(&p, fv->id ? i18n_text(r->lang, "Edit the event") :
	    i18n_text(r->lang, "New event"), NULL);
	page_event_form(&v, &p, fv);
	return 0;
}

/* The municipalities of the region, for the form's checkboxes. */
static int
edit_munis(struct request *r, struct db *db, int64_t region_id,
    struct event_form_view *fv)
{
	struct municipality *munis;

	if (network_municipalities(db, &r->arena, r->lang, region_id,
	    &munis, &fv->nmunis) != 0)
		return -1;
	fv->munis = munis;
	return 0;
}

void
events_new(struct request *r)
{
	struct event_form_view fv;
	struct event_fields f;
	struct db *db = request_db(r);
	int64_t region;

	memset(&fv, 0, sizeof(fv));
	if (db == NULL || (region = edit_region(r, db)) <= 0 ||
	    edit_munis(r, db, region, &fv) != 0) {
		response_unavailable(r);
		return;
	}
	/* A new event starts as a Finnish webinar for everyone, with the
	 * registration defaults of the schema. */
	memset(&f, 0, sizeof(f));
	f.kind = "webinar";
	f.audience = "public";
	f.languages = "fi";
	f.place = f.platform = f.join_url = f.organiser = "";
	f.organiser_sv = f.organiser_en = "";
	f.title[0] = f.title[1] = f.title[2] = "";
	f.summary[0] = f.summary[1] = f.summary[2] = "";
	f.description[0] = f.description[1] = f.description[2] = "";
	f.consent[0] = f.consent[1] = f.consent[2] = "";
	f.capacity = -1;
	f.group_max = 1;
	f.offer_hours = 24;
	f.reminder_hours = 24;
	edit_fill(&r->arena, &fv, &f);
	edit_tick(&r->arena, &fv, &f);
	edit_render(r, db, 200, &fv, region);
}

void
events_create(struct request *r)
{
	struct event_form_view fv;
	struct event_fields f;
	struct db *db = request_db(r);
	int64_t region, id, now = time_now();

	memset(&fv, 0, sizeof(fv));
	if (response_begin_tx(r, db) != 0)
		return;
	if ((region = edit_region(r, db)) <= 0 ||
	    edit_munis(r, db, region, &fv) != 0) {
		response_rollback(r, db);
		return;
	}
	if (edit_read(r, &fv, &f) != 0) {
		db_rollback(db);
		edit_render(r, db, 400, &fv, region);
		return;
	}
	if ((id = event_insert(db, region, &f, now)) < 0 ||
	    audit_commit(r, db, "event.create", "event", id, "draft",
	    now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=created",
	    url_for(&r->arena, r->lang, "events.agenda", url_id(&r->arena, id),
	    NULL)));
}

void
events_edit(struct request *r)
{
	struct event_form_view fv;
	struct event_fields *f;
	struct db *db = request_db(r);
	const struct event *e = request_object(r);
	enum event_status status;

	memset(&fv, 0, sizeof(fv));
	f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (edit_stored(r, db, f, &status) != 0)
		return;
	if (status == EVENT_STATUS_CANCELLED) {
		response_error(r, 409, N_("A cancelled event cannot be changed."));
		return;
	}
	if (edit_munis(r, db, e->region_id, &fv) != 0) {
		response_unavailable(r);
		return;
	}
	fv.id = e->id;
	fv.stored_event = true;
	fv.status = status;
	fv.stored = f;
	edit_fill(&r->arena, &fv, f);
	edit_tick(&r->arena, &fv, f);
	if (kv_get(&r->query, "done") != NULL &&
	    strcmp(kv_get(&r->query, "done"), "saved") == 0)
		fv.notice = N_("The event is saved.");
	edit_render(r, db, 200, &fv, e->region_id);
}

/* Did something that registrants plan their day by change? */
static bool
edit_time_or_place(const struct event_fields *a, const struct event_fields *b)
{
	return a->starts_at != b->starts_at || a->ends_at != b->ends_at ||
	    strcmp(a->kind, b->kind) != 0 || strcmp(a->place, b->place) != 0 ||
	    strcmp(a->platform, b->platform) != 0 ||
	    strcmp(a->join_url, b->join_url) != 0;
}

/*
 * When the event moves, its programme moves with it: every item keeps its
 * place relative to the start.  Items that would then fall outside the
 * new time (a shorter event) make the form a mistake instead, so the
 * programme never silently lies outside its event.  In the caller's
 * transaction.  0 fine (items moved), 1 a mistake added, -1 error.
 */
static int
edit_move_agenda(struct request *r, struct db *db, int64_t id,
    const struct event_fields *old, const struct event_fields *f,
    struct form_errors *err)
{
	struct agenda_item *items;
	struct agenda_slot *s;
	int64_t delta = f->starts_at - old->starts_at;
	size_t n, i;

	if (agenda_list(db, &r->arena, r->lang, id, &items, &n) != 0)
		return -1;
	if (n == 0)
		return 0;
	s = arena_calloc(&r->arena, n, sizeof(*s));
	for (i = 0; i < n; i++) {
		s[i].id = items[i].id;
		s[i].starts_at = items[i].starts_at + delta;
		s[i].ends_at = items[i].ends_at + delta;
		s[i].track = items[i].track;
	}
	if (agenda_check(s, n, f->starts_at, f->ends_at, NULL, NULL) ==
	    AGENDA_OUTSIDE) {
		static const struct form_error outside = { .field = "end_time", .msgid =
		    N_("The programme has items outside the new time. Shorten or move them on the programme page first.") };

		*err = (struct form_errors){ &outside, 1 };
		return 1;
	}
	for (i = 0; delta != 0 && i < n; i++)
		if (agenda_item_times(db, s[i].id, s[i].starts_at,
		    s[i].ends_at) != 0)
			return -1;
	return 0;
}

void
events_update(struct request *r)
{
	struct event_form_view fv;
	struct event_fields *old, f;
	struct db *db;
	const struct event *e = request_object(r);
	enum event_status status;
	int64_t id = e->id, region = e->region_id, now = time_now();
	bool notify;
	int rc = 0;

	memset(&fv, 0, sizeof(fv));
	old = arena_calloc(&r->arena, 1, sizeof(*old));
	if ((db = edit_begin(r, old, &status)) == NULL)
		return;
	if (status == EVENT_STATUS_CANCELLED) {
		db_rollback(db);
		response_error(r, 409, N_("A cancelled event cannot be changed."));
		return;
	}
	if (edit_munis(r, db, region, &fv) != 0) {
		response_rollback(r, db);
		return;
	}
	fv.id = id;
	fv.stored_event = true;
	fv.status = status;
	fv.stored = old;
	if (edit_read(r, &fv, &f) != 0 ||
	    (rc = edit_move_agenda(r, db, id, old, &f, &fv.errors)) == 1) {
		db_rollback(db);
		edit_render(r, db, 400, &fv, region);
		return;
	}
	if (rc < 0) {
		response_rollback(r, db);
		return;
	}
	notify = status == EVENT_STATUS_PUBLISHED &&
	    edit_time_or_place(old, &f);
	if (event_update(db, id, &f, now) != 0 ||
	    (notify && registration_notify(db, id, EVENT_CHANGED, now) != 0) ||
	    audit_commit(r, db, "event.update", "event", id,
	    notify ? "time or place changed" : NULL, now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=saved",
	    url_for(&r->arena, r->lang, "events.edit", url_id(&r->arena, id),
	    NULL)));
}

void
events_publish(struct request *r)
{
	struct event_fields f;
	struct db *db;
	const struct event *e = request_object(r);
	enum event_status status;
	int64_t id = e->id, now = time_now();

	if ((db = edit_begin(r, &f, &status)) == NULL)
		return;
	if (status != EVENT_STATUS_DRAFT) {
		db_rollback(db);
		response_error(r, 409, status == EVENT_STATUS_CANCELLED ?
		    N_("A cancelled event cannot be published again.") :
		    N_("The event is published already."));
		return;
	}
	if (event_set_status(db, id, EVENT_STATUS_PUBLISHED, now) != 0 ||
	    audit_commit(r, db, "event.publish", "event", id, NULL, now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=published",
	    url_for(&r->arena, r->lang, "events.page", url_id(&r->arena, id),
	    NULL)));
}

void
events_cancel(struct request *r)
{
	struct event_fields f;
	struct db *db;
	const struct event *e = request_object(r);
	struct form form;
	enum event_status status;
	int64_t id = e->id, now = time_now();

	if ((db = edit_begin(r, &f, &status)) == NULL)
		return;
	if (status == EVENT_STATUS_CANCELLED) {
		db_rollback(db);
		response_error(r, 409, N_("The event is cancelled already. A cancellation is final."));
		return;
	}
	if (f.ends_at < now) {
		db_rollback(db);
		response_error(r, 409, N_("The event is over: it can no longer be cancelled."));
		return;
	}
	form_begin(&form, r);
	if (strcmp(form_value(&form, "confirm"), "1") != 0) {
		/* Not from the confirmation page: ask there. */
		db_rollback(db);
		events_cancel_render(r, e, 400);
		return;
	}
	/* A draft had no registrants to tell. */
	if (event_set_status(db, id, EVENT_STATUS_CANCELLED, now) != 0 ||
	    (status == EVENT_STATUS_PUBLISHED &&
	    registration_notify(db, id, EVENT_CANCELLED, now) != 0) ||
	    audit_commit(r, db, "event.cancel", "event", id,
	    event_status_name(status), now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=cancelled",
	    url_for(&r->arena, r->lang, "events.page", url_id(&r->arena, id),
	    NULL)));
}

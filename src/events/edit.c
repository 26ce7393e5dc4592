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
#include <microhttpd.h>
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
#include "events/registration.h"
#include "http/response.h"
#include "programme/rules.h"
#include "tmpl_events.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")

/* --- field parsers (pages.h), shared with agenda.c --- */

/* Adds a mistake (the first one per field counts). */
void
events_err_add(struct event_errors *err, const char *field, const char *msgid)
{
	if (err->n < EVENT_ERRORS_MAX && events_error_for(err, field) == NULL) {
		err->e[err->n].field = field;
		err->e[err->n].msgid = msgid;
		err->n++;
	}
}

/* A text field (Markdown): line ends as LF, trailing white space dropped,
 * at most max characters, no control characters but tab and line feed. */
int
events_field_text(struct arena *a, const char *s, size_t max, const char **out)
{
	char *t;
	size_t i, j = 0, n;

	if (s == NULL)
		s = "";
	n = strlen(s);
	t = arena_alloc(a, n + 1);
	for (i = 0; i < n; i++)
		if (!(s[i] == '\r' && s[i + 1] == '\n'))
			t[j++] = s[i] == '\r' ? '\n' : s[i];
	while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t' ||
	    t[j - 1] == '\n'))
		j--;
	t[j] = '\0';
	*out = t;
	if (!text_valid(t, j))
		return -1;
	return utf8_chars(t) > max ? -1 : 0;
}

/* "HH:MM" on a 24-hour clock. */
bool
events_time_valid(const char *s)
{
	return strlen(s) == 5 && s[2] == ':' &&
	    s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
	    s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' &&
	    (s[0] - '0') * 10 + (s[1] - '0') < 24;
}

/*
 * A Helsinki date and time from two fields into *t.  Both empty and
 * optional: *t = 0.  Mistakes are added under date_id or time_id.
 * 0 fine, -1 a mistake.
 */
int
events_field_datetime(struct arena *a, const char *date, const char *hm,
    bool optional, const char *date_id, const char *time_id,
    struct event_errors *err, int64_t *t)
{
	*t = 0;
	if (optional && date[0] == '\0' && hm[0] == '\0')
		return 0;
	if (!date_valid(date)) {
		events_err_add(err, date_id, N_("Write the date in the form 2021-10-06."));
		return -1;
	}
	if (!events_time_valid(hm)) {
		events_err_add(err, time_id, N_("Write the time in the form 14:30."));
		return -1;
	}
	if (time_parse_local(arena_printf(a, "%s %s", date, hm), t) != 0) {
		events_err_add(err, time_id, N_("This time does not exist in Helsinki (the clocks are moved forward). Choose another time."));
		return -1;
	}
	return 0;
}

/* "2021-10-06" and "09:30" in Helsinki time; "" for 0. */
void
events_split_time(struct arena *a, int64_t t, const char **date, const char **hm)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t == 0) {
		*date = *hm = "";
		return;
	}
	localtime_r(&tt, &tm);
	*date = arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	*hm = arena_printf(a, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

/* A whole number lo..hi from a field; "" gives dflt.  0 or -1. */
int
events_field_int(const char *s, int64_t lo, int64_t hi, int64_t dflt, int64_t *out)
{
	int64_t v = 0;
	size_t i, n = strlen(s);

	if (n == 0) {
		*out = dflt;
		return 0;
	}
	if (n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

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

const char *
events_form_get(struct request *r, const char *name)
{
	const char *s = kv_get(&r->form, name);

	return s ? s : "";
}

/* --- the event: opening, reading the form, rendering --- */

/*
 * The event named by :id, if the visitor organises events of its region.
 * Inside the caller's transaction when there is one.  0 found; otherwise
 * the answer (404 or 503) has been given.
 */
static int
edit_open(struct request *r, struct db *db, int64_t *id,
    struct event_fields *f, const char **status, int64_t *region_id)
{
	int rc;

	if (id_parse(request_param(r, "id"), id) != 0) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	rc = event_fields_get(db, &r->arena, *id, f, status, region_id);
	if (rc < 0) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (rc == 1 || !policy_manages_region(&r->user, *region_id)) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	return 0;
}

/* The region a new event of the visitor belongs to: a coordinator's own,
 * for an administrator the site's region.  0 when there is none. */
static int64_t
edit_region(struct request *r, struct db *db)
{
	struct region_info ri;

	if (r->user.role != ROLE_ADMIN)
		return r->user.region_id;
	return network_region(db, &r->arena, r->lang, &ri) == 0 ? ri.id : 0;
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
	events_split_time(a, f->starts_at, &fv->start_date, &fv->start_time);
	events_split_time(a, f->ends_at, &fv->end_date, &fv->end_time);
	fv->capacity = f->capacity < 0 ? "" : arena_printf(a, "%lld",
	    (long long)f->capacity);
	events_split_time(a, f->registration_opens, &fv->opens_date, &fv->opens_time);
	events_split_time(a, f->registration_closes, &fv->closes_date,
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

/*
 * Reads and checks the whole form into f (values) and fv (texts, to show
 * again).  The mistakes go to fv->err; 0 when there are none.
 */
static int
edit_read(struct request *r, struct event_form_view *fv,
    struct event_fields *f)
{
	static const char *const title_ids[] = { "title_fi", "title_sv",
	    "title_en" };
	static const char *const summary_ids[] = { "summary_fi", "summary_sv",
	    "summary_en" };
	static const char *const desc_ids[] = { "description_fi",
	    "description_sv", "description_en" };
	static const char *const consent_ids[] = { "consent_fi", "consent_sv",
	    "consent_en" };
	struct event_errors *err = &fv->err;
	struct arena *a = &r->arena;
	const char *langs = "";
	bool has_title = false, dates_ok = true;
	size_t i, j;
	int k;

	memset(f, 0, sizeof(*f));
	fv->kind = events_form_get(r, "kind");
	fv->audience = events_form_get(r, "audience");
	for (i = 0; i < events_nkinds; i++)
		if (strcmp(fv->kind, events_kinds[i]) == 0)
			break;
	if (i == events_nkinds)
		events_err_add(err, "kind", N_("Choose the type of the event."));
	f->kind = fv->kind;
	for (k = 0; k < LANG_COUNT; k++) {
		if (text_line(a, kv_get(&r->form, title_ids[k]),
		    EVENT_TITLE_MAX, &fv->title[k]) != 0)
			events_err_add(err, title_ids[k], N_("Write the title on one line, at most 200 characters."));
		if (fv->title[k][0])
			has_title = true;
		f->title[k] = fv->title[k];
	}
	if (!has_title && events_error_for(err, "title_fi") == NULL)
		events_err_add(err, "title_fi", N_("Write a title in at least one language."));
	for (k = 0; k < LANG_COUNT; k++) {
		if (events_field_text(a, kv_get(&r->form, summary_ids[k]),
		    EVENT_SUMMARY_MAX, &fv->summary[k]) != 0)
			events_err_add(err, summary_ids[k], N_("The summary can be at most 1,000 characters."));
		f->summary[k] = fv->summary[k];
	}
	for (k = 0; k < LANG_COUNT; k++) {
		if (events_field_text(a, kv_get(&r->form, desc_ids[k]),
		    EVENT_TEXT_MAX, &fv->description[k]) != 0)
			events_err_add(err, desc_ids[k], N_("The text is too long or holds characters that are not allowed: at most 20,000 characters."));
		f->description[k] = fv->description[k];
	}

	/* When. */
	fv->start_date = events_form_get(r, "start_date");
	fv->start_time = events_form_get(r, "start_time");
	fv->end_date = events_form_get(r, "end_date");
	fv->end_time = events_form_get(r, "end_time");
	if (events_field_datetime(a, fv->start_date, fv->start_time, false,
	    "start_date", "start_time", err, &f->starts_at) != 0)
		dates_ok = false;
	if (events_field_datetime(a, fv->end_date, fv->end_time, false, "end_date",
	    "end_time", err, &f->ends_at) != 0)
		dates_ok = false;
	if (dates_ok && f->ends_at <= f->starts_at)
		events_err_add(err, "end_time", N_("The event must end after it starts."));

	/* Who and where. */
	if (strcmp(fv->audience, "public") != 0 &&
	    strcmp(fv->audience, "network") != 0)
		events_err_add(err, "audience", N_("Choose who the event is for."));
	f->audience = fv->audience;
	for (k = 0; k < LANG_COUNT; k++) {
		const char *code = lang_code((enum lang)k);

		fv->lang_on[k] = false;
		for (i = 0; i < r->form.n; i++)
			if (strcmp(r->form.items[i].name, "languages") == 0 &&
			    strcmp(r->form.items[i].value, code) == 0)
				fv->lang_on[k] = true;
		if (fv->lang_on[k])
			langs = langs[0] ? arena_printf(a, "%s,%s", langs,
			    code) : code;
	}
	for (i = 0; i < r->form.n; i++)
		if (strcmp(r->form.items[i].name, "languages") == 0 &&
		    strcmp(r->form.items[i].value, "fi") != 0 &&
		    strcmp(r->form.items[i].value, "sv") != 0 &&
		    strcmp(r->form.items[i].value, "en") != 0)
			langs = "";
	if (langs[0] == '\0')
		events_err_add(err, "lang-fi", N_("Choose the languages of the event."));
	f->languages = langs;
	if (text_line(a, kv_get(&r->form, "place"), EVENT_LINE_MAX,
	    &fv->place) != 0)
		events_err_add(err, "place", N_("Write the address on one line, at most 300 characters."));
	if (text_line(a, kv_get(&r->form, "platform"), 100,
	    &fv->platform) != 0)
		events_err_add(err, "platform", N_("Write the platform's name on one line, at most 100 characters."));
	if (text_line(a, kv_get(&r->form, "join_url"), EVENT_URL_MAX,
	    &fv->join_url) != 0 ||
	    (fv->join_url[0] && !field_url_valid(fv->join_url)))
		events_err_add(err, "join_url", N_("Write the whole link to join, starting with https://."));
	if (text_line(a, kv_get(&r->form, "organiser"), EVENT_LINE_MAX,
	    &fv->organiser) != 0)
		events_err_add(err, "organiser", N_("Write the organiser on one line, at most 300 characters."));
	f->place = fv->place;
	f->platform = fv->platform;
	f->join_url = fv->join_url;
	f->organiser = fv->organiser;
	if (strcmp(f->kind, "on-site") != 0 && f->kind[0] &&
	    f->platform[0] == '\0' && f->join_url[0] != '\0')
		events_err_add(err, "platform", N_("Name the platform of the link (for example Teams or Zoom)."));

	/* Municipalities: every ticked code must be one of the region's. */
	fv->muni_on = arena_calloc(a, fv->nmunis ? fv->nmunis : 1,
	    sizeof(bool));
	f->municipalities = arena_calloc(a, fv->nmunis ? fv->nmunis : 1,
	    sizeof(char *));
	for (i = 0; i < r->form.n; i++) {
		bool found = false;

		if (strcmp(r->form.items[i].name, "municipalities") != 0)
			continue;
		for (j = 0; j < fv->nmunis; j++)
			if (strcmp(fv->munis[j].code,
			    r->form.items[i].value) == 0) {
				found = true;
				if (!fv->muni_on[j]) {
					fv->muni_on[j] = true;
					f->municipalities[f->nmunicipalities++] =
					    fv->munis[j].code;
				}
			}
		if (!found)
			events_err_add(err, "municipalities", N_("Choose the municipalities from the list."));
	}

	/* Registration. */
	fv->capacity = events_form_get(r, "capacity");
	fv->opens_date = events_form_get(r, "opens_date");
	fv->opens_time = events_form_get(r, "opens_time");
	fv->closes_date = events_form_get(r, "closes_date");
	fv->closes_time = events_form_get(r, "closes_time");
	fv->group_max = events_form_get(r, "group_max");
	fv->offer_hours = events_form_get(r, "offer_hours");
	fv->reminder_hours = events_form_get(r, "reminder_hours");
	if (events_field_int(fv->capacity, 0, 100000, -1, &f->capacity) != 0)
		events_err_add(err, "capacity", N_("Write the number of seats as a whole number, or leave it empty when the event takes no registrations."));
	events_field_datetime(a, fv->opens_date, fv->opens_time, true, "opens_date",
	    "opens_time", err, &f->registration_opens);
	events_field_datetime(a, fv->closes_date, fv->closes_time, true,
	    "closes_date", "closes_time", err, &f->registration_closes);
	if (f->registration_opens && f->registration_closes &&
	    f->registration_closes <= f->registration_opens)
		events_err_add(err, "closes_date", N_("Registration must close after it opens."));
	if (dates_ok && f->registration_opens &&
	    f->registration_opens >= f->starts_at)
		events_err_add(err, "opens_date", N_("Registration must open before the event starts."));
	if (dates_ok && f->registration_closes &&
	    f->registration_closes > f->ends_at)
		events_err_add(err, "closes_date", N_("Registration must close before the event ends."));
	if (events_field_int(fv->group_max, 1, 50, 1, &f->group_max) != 0)
		events_err_add(err, "group_max", N_("The largest group is a whole number from 1 to 50."));
	if (events_field_int(fv->offer_hours, 1, 168, 24, &f->offer_hours) != 0)
		events_err_add(err, "offer_hours", N_("An offer is open from 1 to 168 hours."));
	if (events_field_int(fv->reminder_hours, 1, 336, 24, &f->reminder_hours) != 0)
		events_err_add(err, "reminder_hours", N_("The reminder goes out from 1 to 336 hours before the start."));
	for (k = 0; k < LANG_COUNT; k++) {
		if (events_field_text(a, kv_get(&r->form, consent_ids[k]), 5000,
		    &fv->consent[k]) != 0)
			events_err_add(err, consent_ids[k], N_("The consent text can be at most 5,000 characters."));
		f->consent[k] = fv->consent[k];
	}
	return err->n ? -1 : 0;
}

static int
edit_render(struct request *r, struct db *db, int status,
    struct event_form_view *fv, int64_t region_id)
{
	struct view v;
	struct page p;
	const char *lc = lang_code(r->lang);

	(void)db;
	(void)region_id;
	fv->csrf = csrf_token(r);
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(&p, &v, r, fv->id ? i18n_text(r->lang, "Edit the event") :
	    i18n_text(r->lang, "New event"));
	if (fv->err.n)
		p.title = arena_printf(&r->arena, "%s: %s",
		    i18n_text(r->lang, "Error"), p.title);
	page_crumb(&p, i18n_text(r->lang, "Events"),
	    arena_printf(&r->arena, "/%s/events", lc));
	if (fv->id) {
		const char *t = i18n_pick(r->lang, fv->stored->title[0],
		    fv->stored->title[1], fv->stored->title[2], NULL);

		page_crumb(&p, t, arena_printf(&r->arena, "/%s/events/%lld",
		    lc, (long long)fv->id));
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
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	/* A new event starts as a Finnish webinar for everyone, with the
	 * registration defaults of the schema. */
	memset(&f, 0, sizeof(f));
	f.kind = "webinar";
	f.audience = "public";
	f.languages = "fi";
	f.place = f.platform = f.join_url = f.organiser = "";
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
	if (db == NULL || db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if ((region = edit_region(r, db)) <= 0 ||
	    edit_munis(r, db, region, &fv) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (edit_read(r, &fv, &f) != 0) {
		db_rollback(db);
		edit_render(r, db, 400, &fv, region);
		return;
	}
	if ((id = event_insert(db, region, &f, now)) < 0 ||
	    audit_record(db, r->user.id, request_address(r), "event.create",
	    "event", arena_printf(&r->arena, "%lld", (long long)id),
	    "draft", now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/events/%lld/agenda?done=created", lang_code(r->lang),
	    (long long)id));
}

void
events_edit(struct request *r)
{
	struct event_form_view fv;
	struct event_fields *f;
	struct db *db = request_db(r);
	const char *status;
	int64_t id, region;

	memset(&fv, 0, sizeof(fv));
	if (db == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	f = arena_calloc(&r->arena, 1, sizeof(*f));
	if (edit_open(r, db, &id, f, &status, &region) != 0)
		return;
	if (strcmp(status, "cancelled") == 0) {
		response_error(r, 409, N_("A cancelled event cannot be changed."));
		return;
	}
	if (edit_munis(r, db, region, &fv) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	fv.id = id;
	fv.status = status;
	fv.stored = f;
	edit_fill(&r->arena, &fv, f);
	edit_tick(&r->arena, &fv, f);
	if (kv_get(&r->query, "done") != NULL &&
	    strcmp(kv_get(&r->query, "done"), "saved") == 0)
		fv.notice = N_("The event is saved.");
	edit_render(r, db, 200, &fv, region);
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
    struct event_errors *err)
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
		events_err_add(err, "end_time", N_("The programme has items outside the new time. Shorten or move them on the programme page first."));
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
	struct db *db = request_db(r);
	const char *status;
	int64_t id, region, now = time_now();
	bool notify;
	int rc = 0;

	memset(&fv, 0, sizeof(fv));
	if (db == NULL || db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	old = arena_calloc(&r->arena, 1, sizeof(*old));
	if (edit_open(r, db, &id, old, &status, &region) != 0) {
		db_rollback(db);
		return;
	}
	if (strcmp(status, "cancelled") == 0) {
		db_rollback(db);
		response_error(r, 409, N_("A cancelled event cannot be changed."));
		return;
	}
	if (edit_munis(r, db, region, &fv) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	fv.id = id;
	fv.status = status;
	fv.stored = old;
	if (edit_read(r, &fv, &f) != 0 ||
	    (rc = edit_move_agenda(r, db, id, old, &f, &fv.err)) == 1) {
		db_rollback(db);
		edit_render(r, db, 400, &fv, region);
		return;
	}
	if (rc < 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	notify = strcmp(status, "published") == 0 &&
	    edit_time_or_place(old, &f);
	if (event_update(db, id, &f, now) != 0 ||
	    (notify && registration_notify(db, id, EVENT_CHANGED, now) != 0) ||
	    audit_record(db, r->user.id, request_address(r), "event.update",
	    "event", arena_printf(&r->arena, "%lld", (long long)id),
	    notify ? "time or place changed" : NULL, now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/events/%lld/edit?done=saved", lang_code(r->lang),
	    (long long)id));
}

void
events_publish(struct request *r)
{
	struct event_fields f;
	struct db *db = request_db(r);
	const char *status;
	int64_t id, region, now = time_now();

	if (db == NULL || db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (edit_open(r, db, &id, &f, &status, &region) != 0) {
		db_rollback(db);
		return;
	}
	if (strcmp(status, "draft") != 0) {
		db_rollback(db);
		response_error(r, 409, strcmp(status, "cancelled") == 0 ?
		    N_("A cancelled event cannot be published again.") :
		    N_("The event is published already."));
		return;
	}
	if (event_set_status(db, id, "published", now) != 0 ||
	    audit_record(db, r->user.id, request_address(r), "event.publish",
	    "event", arena_printf(&r->arena, "%lld", (long long)id), NULL,
	    now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/events/%lld?done=published", lang_code(r->lang),
	    (long long)id));
}

void
events_cancel(struct request *r)
{
	struct event_fields f;
	struct db *db = request_db(r);
	const char *status, *confirm = kv_get(&r->form, "confirm");
	int64_t id, region, now = time_now();

	if (db == NULL || db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (edit_open(r, db, &id, &f, &status, &region) != 0) {
		db_rollback(db);
		return;
	}
	if (strcmp(status, "cancelled") == 0) {
		db_rollback(db);
		response_error(r, 409, N_("The event is cancelled already. A cancellation is final."));
		return;
	}
	if (f.ends_at < now) {
		db_rollback(db);
		response_error(r, 409, N_("The event is over: it can no longer be cancelled."));
		return;
	}
	if (confirm == NULL || strcmp(confirm, "1") != 0) {
		db_rollback(db);
		response_error(r, 400, N_("Tick the box to confirm that the event is cancelled. Go back and try again."));
		return;
	}
	/* A draft had no registrants to tell. */
	if (event_set_status(db, id, "cancelled", now) != 0 ||
	    (strcmp(status, "published") == 0 &&
	    registration_notify(db, id, EVENT_CANCELLED, now) != 0) ||
	    audit_record(db, r->user.id, request_address(r), "event.cancel",
	    "event", arena_printf(&r->arena, "%lld", (long long)id), status,
	    now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/events/%lld?done=cancelled", lang_code(r->lang),
	    (long long)id));
}

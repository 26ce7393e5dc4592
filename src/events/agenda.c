/*
 * agenda.c - the organisers' page for an event's agenda: adding, changing,
 * moving and deleting items, and the people who speak, sit on a panel or
 * moderate (see pages.h).
 *
 * Times are checked with the rules of agenda_rules.h on the whole agenda
 * read inside the write transaction, and every item the rules moved is
 * written back in it, so the agenda stays consistent even when two
 * organisers work on it at once.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "base/utf8.h"
#include "events/agenda_rules.h"
#include "events/pages.h"
#include "http/response.h"
#include "tmpl_events.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")
#define TRACKS_MAX 9		/* tracks 0..9: ten rooms side by side */
#define AGENDA_TEXT_MAX 5000	/* characters of an item's description */

/*
 * The event named by :id, if the visitor organises events of its region
 * (404 otherwise, like an unknown id).  0 found; otherwise answered.
 */
static int
agenda_open(struct request *r, struct db *db, struct event *e)
{
	int64_t id;
	int rc;

	if (id_parse(request_param(r, "id"), &id) != 0) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	rc = event_get(db, &r->arena, r->lang, id, e);
	if (rc < 0) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (rc == 1 || !policy_manages_region(&r->user, e->region_id)) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	return 0;
}

/* For a change: the event must not be cancelled.  0 or answered. */
static int
agenda_open_change(struct request *r, struct db *db, struct event *e)
{
	if (agenda_open(r, db, e) != 0)
		return -1;
	if (strcmp(e->status, "cancelled") == 0) {
		response_error(r, 409, N_("A cancelled event cannot be changed."));
		return -1;
	}
	return 0;
}

/* The item :item of the agenda items, or NULL. */
static struct agenda_item *
agenda_find_item(struct request *r, struct agenda_item *items, size_t n)
{
	int64_t id;
	size_t i;

	if (id_parse(request_param(r, "item"), &id) != 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (items[i].id == id)
			return &items[i];
	return NULL;
}

/*
 * The common start of a change to one agenda item: a transaction, the
 * event (not cancelled), its items and the item :item.  0, or -1 when it
 * has answered (and rolled back).
 */
static int
agenda_begin_item(struct request *r, struct db *db, struct event *e,
    struct agenda_item **items, size_t *n, struct agenda_item **it)
{
	if (db == NULL || db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (agenda_open_change(r, db, e) != 0) {
		db_rollback(db);
		return -1;
	}
	if (agenda_list(db, &r->arena, r->lang, e->id, items, n) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if ((*it = agenda_find_item(r, *items, *n)) == NULL) {
		db_rollback(db);
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	return 0;
}

/* The form of a stored item. */
static void
agenda_form_of(struct arena *a, const struct agenda_item *it,
    struct agenda_form *f)
{
	const char *d2;
	int k;

	memset(f, 0, sizeof(*f));
	f->id = it->id;
	f->kind = it->kind;
	events_split_time(a, it->starts_at, &f->date, &f->start);
	events_split_time(a, it->ends_at, &d2, &f->end);
	f->track = arena_printf(a, "%lld", (long long)it->track + 1);
	for (k = 0; k < LANG_COUNT; k++) {
		f->title[k] = it->titles[k];
		f->description[k] = it->descriptions[k];
	}
	f->shift = true;
}

/* The id of a field of form `id` (0: the new item's form). */
static const char *
agenda_fid(struct arena *a, int64_t id, const char *name)
{
	if (id == 0)
		return arena_printf(a, "new-%s", name);
	return arena_printf(a, "i%lld-%s", (long long)id, name);
}

/*
 * Reads an item's form into f (texts) and af (values); mistakes go to err
 * under the form's field ids.  0 or -1.
 */
static int
agenda_read(struct request *r, struct agenda_form *f, struct agenda_fields *af,
    struct event_errors *err)
{
	static const char *const tnames[] = { "title_fi", "title_sv",
	    "title_en" };
	static const char *const dnames[] = { "description_fi",
	    "description_sv", "description_en" };
	struct arena *a = &r->arena;
	const char *date_id = agenda_fid(a, f->id, "date");
	int64_t track;
	size_t i;
	int k;

	memset(af, 0, sizeof(*af));
	f->kind = events_form_get(r, "kind");
	f->date = events_form_get(r, "date");
	f->start = events_form_get(r, "start");
	f->end = events_form_get(r, "end");
	f->track = events_form_get(r, "track");
	f->shift = kv_get(&r->form, "shift") != NULL;
	for (i = 0; i < agenda_nkinds; i++)
		if (strcmp(f->kind, agenda_kinds[i]) == 0)
			break;
	if (i == agenda_nkinds)
		events_err_add(err, agenda_fid(a, f->id, "kind"),
		    N_("Choose the kind of the item."));
	af->kind = f->kind;
	/* The date is shared by both times; a mistake in it is reported
	 * once, under the date. */
	if (events_field_datetime(a, f->date, f->start, false, date_id,
	    agenda_fid(a, f->id, "start"), err, &af->starts_at) == 0 &&
	    events_field_datetime(a, f->date, f->end, false, date_id,
	    agenda_fid(a, f->id, "end"), err, &af->ends_at) == 0 &&
	    af->ends_at <= af->starts_at)
		events_err_add(err, agenda_fid(a, f->id, "end"),
		    N_("The item must end after it starts."));
	if (events_field_int(f->track, 1, TRACKS_MAX + 1, 1, &track) != 0)
		events_err_add(err, agenda_fid(a, f->id, "track"),
		    N_("The track is a whole number from 1 to 10."));
	af->track = track - 1;
	for (k = 0; k < LANG_COUNT; k++) {
		if (text_line(a, kv_get(&r->form, tnames[k]),
		    EVENT_TITLE_MAX, &f->title[k]) != 0)
			events_err_add(err, agenda_fid(a, f->id, tnames[k]),
			    N_("Write the title on one line, at most 200 characters."));
		if (events_field_text(a, kv_get(&r->form, dnames[k]),
		    AGENDA_TEXT_MAX, &f->description[k]) != 0)
			events_err_add(err, agenda_fid(a, f->id, dnames[k]),
			    N_("The description can be at most 5,000 characters."));
		af->title[k] = f->title[k];
		af->description[k] = f->description[k];
	}
	return err->n ? -1 : 0;
}

/* The slots of the agenda, for the rules. */
static struct agenda_slot *
agenda_slots(struct arena *a, const struct agenda_item *items, size_t n,
    size_t extra)
{
	struct agenda_slot *s = arena_calloc(a, n + extra ? n + extra : 1,
	    sizeof(*s));
	size_t i;

	for (i = 0; i < n; i++) {
		s[i].id = items[i].id;
		s[i].starts_at = items[i].starts_at;
		s[i].ends_at = items[i].ends_at;
		s[i].track = items[i].track;
	}
	return s;
}

/* The rules' verdict as a mistake of form `fid` (slot k is the one the
 * form is about). */
static void
agenda_rule_error(struct arena *a, struct event_errors *err, int64_t fid,
    enum agenda_err rc, bool about_form)
{
	switch (rc) {
	case AGENDA_OK:
	case AGENDA_UNKNOWN:
	case AGENDA_NO_NEIGHBOUR:
		break;
	case AGENDA_ORDER:
		events_err_add(err, agenda_fid(a, fid, "end"),
		    N_("The item must end after it starts."));
		break;
	case AGENDA_OUTSIDE:
		events_err_add(err, agenda_fid(a, fid, "start"), about_form ?
		    N_("The item must be within the event's time.") :
		    N_("Shifting the following items would take one of them past the end of the event."));
		break;
	case AGENDA_OVERLAP:
		events_err_add(err, agenda_fid(a, fid, "start"),
		    N_("The item overlaps another item on the same track. Change its times, or put it on another track."));
		break;
	}
}

/* Writes the times of every slot the rules changed but `skip`. */
static int
agenda_write_moved(struct db *db, const struct agenda_slot *s, size_t n,
    int64_t skip)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i].changed && s[i].id != skip && s[i].id != 0 &&
		    agenda_item_times(db, s[i].id, s[i].starts_at,
		    s[i].ends_at) != 0)
			return -1;
	return 0;
}

/*
 * Renders the agenda page with status.  v->add and the forms of the items
 * are prepared here unless the caller kept a refused one (kept, with
 * kept->id 0 for the new item).
 */
static void
agenda_render(struct request *r, struct db *db, int status,
    struct agenda_view *av, const struct agenda_form *kept)
{
	struct view v;
	struct page p;
	const char *lc = lang_code(r->lang);
	struct agenda_item *items;
	struct event_person *people;
	size_t i;

	if (agenda_list(db, &r->arena, r->lang, av->e->id,
	    &items, &av->nitems) != 0 ||
	    event_people(db, &r->arena, r->lang, av->e->region_id,
	    &people, &av->npeople) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	av->items = items;
	av->people = people;
	av->forms = arena_calloc(&r->arena, av->nitems ? av->nitems : 1,
	    sizeof(*av->forms));
	for (i = 0; i < av->nitems; i++) {
		if (kept != NULL && kept->id == av->items[i].id)
			av->forms[i] = *kept;
		else
			agenda_form_of(&r->arena, &av->items[i], &av->forms[i]);
	}
	if (kept != NULL && kept->id == 0)
		av->add = *kept;
	else {
		/* The next item starts where the last one ends. */
		int64_t from = av->nitems ? av->items[av->nitems - 1].ends_at :
		    av->e->starts_at;
		const char *d2;

		memset(&av->add, 0, sizeof(av->add));
		av->add.kind = "talk";
		events_split_time(&r->arena, from, &av->add.date,
		    &av->add.start);
		events_split_time(&r->arena, from + 15 * 60 <= av->e->ends_at ?
		    from + 15 * 60 : av->e->ends_at, &d2, &av->add.end);
		av->add.track = "1";
		av->add.title[0] = av->add.title[1] = av->add.title[2] = "";
		av->add.description[0] = av->add.description[1] =
		    av->add.description[2] = "";
	}
	av->csrf = csrf_token(r);
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(&p, &v, r, arena_printf(&r->arena, "%s: %s",
	    i18n_text(r->lang, "Programme"), av->e->title));
	if (av->err.n)
		p.title = arena_printf(&r->arena, "%s: %s",
		    i18n_text(r->lang, "Error"), p.title);
	page_crumb(&p, i18n_text(r->lang, "Events"),
	    arena_printf(&r->arena, "/%s/events", lc));
	page_crumb(&p, av->e->title, arena_printf(&r->arena,
	    "/%s/events/%lld", lc, (long long)av->e->id));
	page_crumb(&p, i18n_text(r->lang, "Programme"), NULL);
	page_agenda(&v, &p, av);
}

static const char *
agenda_done_notice(const char *done)
{
	static const struct { const char *key, *msgid; } notices[] = {
		{ "created", N_("The event is saved as a draft. Add its agenda here, then publish it on its page.") },
		{ "added", N_("The item is added.") },
		{ "saved", N_("The item is saved.") },
		{ "moved", N_("The item is moved.") },
		{ "deleted", N_("The item is deleted.") },
		{ "person-added", N_("The person is added to the item.") },
		{ "person-removed", N_("The person is removed from the item.") },
	};
	size_t i;

	for (i = 0; done && i < sizeof(notices) / sizeof(notices[0]); i++)
		if (strcmp(done, notices[i].key) == 0)
			return notices[i].msgid;
	return NULL;
}

void
events_agenda_page(struct request *r)
{
	struct agenda_view av;
	struct event *e;
	struct db *db = request_db(r);

	memset(&av, 0, sizeof(av));
	if (db == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (agenda_open(r, db, e) != 0)
		return;
	av.e = e;
	av.notice = agenda_done_notice(kv_get(&r->query, "done"));
	agenda_render(r, db, 200, &av, NULL);
}

/* 303 back to the agenda, at the item. */
static void
agenda_back(struct request *r, const struct event *e, const char *done,
    int64_t item)
{
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/events/%lld/agenda?done=%s%s", lang_code(r->lang),
	    (long long)e->id, done, item ? arena_printf(&r->arena,
	    "#item-%lld", (long long)item) : ""));
}

static int
agenda_audit(struct request *r, struct db *db, const struct event *e,
    const char *action, int64_t item, int64_t now)
{
	return audit_record(db, r->user.id, request_address(r), action,
	    "event", arena_printf(&r->arena, "%lld", (long long)e->id),
	    arena_printf(&r->arena, "agenda item %lld", (long long)item), now);
}

void
events_agenda_add(struct request *r)
{
	struct agenda_view av;
	struct agenda_fields af;
	struct agenda_form f;
	struct agenda_item *items;
	struct agenda_slot *s;
	struct event *e;
	struct db *db = request_db(r);
	enum agenda_err rc;
	int64_t id, now = time_now();
	size_t n;

	memset(&av, 0, sizeof(av));
	memset(&f, 0, sizeof(f));
	if (db == NULL || db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (agenda_open_change(r, db, e) != 0) {
		db_rollback(db);
		return;
	}
	av.e = e;
	if (agenda_list(db, &r->arena, r->lang, e->id, &items, &n) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (agenda_read(r, &f, &af, &av.err) == 0) {
		s = agenda_slots(&r->arena, items, n, 1);
		s[n].starts_at = af.starts_at;
		s[n].ends_at = af.ends_at;
		s[n].track = af.track;
		rc = agenda_check(s, n + 1, e->starts_at, e->ends_at, NULL,
		    NULL);
		agenda_rule_error(&r->arena, &av.err, 0, rc, true);
	}
	if (av.err.n) {
		db_rollback(db);
		av.err_item = 0;
		agenda_render(r, db, 400, &av, &f);
		return;
	}
	if ((id = agenda_item_insert(db, e->id, &af)) < 0 ||
	    agenda_audit(r, db, e, "agenda.add", id, now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	agenda_back(r, e, "added", id);
}

void
events_agenda_update(struct request *r)
{
	struct agenda_view av;
	struct agenda_fields af;
	struct agenda_form f;
	struct agenda_item *items, *it;
	struct agenda_slot *s;
	struct event *e;
	struct db *db = request_db(r);
	enum agenda_err rc;
	int64_t now = time_now();
	size_t n, bad = 0;

	memset(&av, 0, sizeof(av));
	memset(&f, 0, sizeof(f));
	e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (agenda_begin_item(r, db, e, &items, &n, &it) != 0)
		return;
	av.e = e;
	f.id = it->id;
	s = agenda_slots(&r->arena, items, n, 0);
	if (agenda_read(r, &f, &af, &av.err) == 0) {
		size_t k = (size_t)(it - items);

		/* A new track is part of the item's place: set it first, the
		 * retiming then checks the item on that track. */
		s[k].track = af.track;
		rc = agenda_retime(s, n, it->id, af.starts_at, af.ends_at,
		    f.shift, e->starts_at, e->ends_at, &bad);
		agenda_rule_error(&r->arena, &av.err, it->id, rc,
		    rc != AGENDA_OUTSIDE || s[bad].id == it->id);
	}
	if (av.err.n) {
		db_rollback(db);
		av.err_item = it->id;
		agenda_render(r, db, 400, &av, &f);
		return;
	}
	if (agenda_item_update(db, e->id, it->id, &af) != 0 ||
	    agenda_write_moved(db, s, n, it->id) != 0 ||
	    agenda_audit(r, db, e, "agenda.update", it->id, now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	agenda_back(r, e, "saved", it->id);
}

void
events_agenda_delete(struct request *r)
{
	struct agenda_item *items, *it;
	struct event e;
	struct db *db = request_db(r);
	int64_t now = time_now();
	size_t n;

	if (agenda_begin_item(r, db, &e, &items, &n, &it) != 0)
		return;
	if (agenda_item_delete(db, e.id, it->id) != 0 ||
	    agenda_audit(r, db, &e, "agenda.delete", it->id, now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	agenda_back(r, &e, "deleted", 0);
}

void
events_agenda_move(struct request *r)
{
	struct agenda_item *items, *it;
	struct agenda_slot *s;
	struct event e;
	struct db *db = request_db(r);
	const char *dir = events_form_get(r, "direction");
	enum agenda_err rc;
	int64_t now = time_now();
	size_t n;
	bool later;

	if (strcmp(dir, "earlier") != 0 && strcmp(dir, "later") != 0) {
		response_error(r, 400, N_("Choose whether to move the item earlier or later."));
		return;
	}
	later = strcmp(dir, "later") == 0;
	if (agenda_begin_item(r, db, &e, &items, &n, &it) != 0)
		return;
	s = agenda_slots(&r->arena, items, n, 0);
	rc = agenda_swap(s, n, it->id, later);
	if (rc == AGENDA_NO_NEIGHBOUR) {
		db_rollback(db);
		response_error(r, 409, later ?
		    N_("The item is the last one on its track already.") :
		    N_("The item is the first one on its track already."));
		return;
	}
	if (rc != AGENDA_OK || agenda_write_moved(db, s, n, 0) != 0 ||
	    agenda_audit(r, db, &e, "agenda.move", it->id, now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	agenda_back(r, &e, "moved", it->id);
}

void
events_speaker_add(struct request *r)
{
	static const char *const roles[] = { "speaker", "panelist",
	    "moderator" };
	struct agenda_view av;
	struct agenda_item *items, *it;
	struct event *e;
	struct db *db = request_db(r);
	const char *role = events_form_get(r, "role");
	const char *fid;
	int64_t person = 0, position, now = time_now();
	size_t n, i;
	int rc;

	memset(&av, 0, sizeof(av));
	e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (agenda_begin_item(r, db, e, &items, &n, &it) != 0)
		return;
	av.e = e;
	fid = arena_printf(&r->arena, "p%lld", (long long)it->id);
	if (id_parse(events_form_get(r, "person"), &person) != 0 ||
	    (rc = event_person_in_region(db, person, e->region_id)) == 0)
		events_err_add(&av.err, arena_printf(&r->arena, "%s-person",
		    fid), N_("Choose the person from the list."));
	else if (rc < 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	for (i = 0; i < 3; i++)
		if (strcmp(role, roles[i]) == 0)
			break;
	if (i == 3)
		events_err_add(&av.err, arena_printf(&r->arena, "%s-role", fid),
		    N_("Choose the person's part in the item."));
	if (events_field_int(events_form_get(r, "position"), 1, 99,
	    (int64_t)it->npeople + 1, &position) != 0)
		events_err_add(&av.err, arena_printf(&r->arena, "%s-position",
		    fid), N_("The order is a whole number from 1 to 99."));
	if (av.err.n == 0) {
		rc = agenda_person_add(db, it->id, person, role, position);
		if (rc == 1)
			events_err_add(&av.err, arena_printf(&r->arena,
			    "%s-person", fid), N_("The person is on this item already."));
		else if (rc < 0) {
			db_rollback(db);
			response_error(r, 503, UNAVAILABLE);
			return;
		}
	}
	if (av.err.n) {
		db_rollback(db);
		av.speaker_item = it->id;
		agenda_render(r, db, 400, &av, NULL);
		return;
	}
	if (agenda_audit(r, db, e, "agenda.person-add", it->id, now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	agenda_back(r, e, "person-added", it->id);
}

void
events_speaker_remove(struct request *r)
{
	struct agenda_item *items, *it;
	struct event e;
	struct db *db = request_db(r);
	int64_t person, now = time_now();
	size_t n;
	int rc;

	if (agenda_begin_item(r, db, &e, &items, &n, &it) != 0)
		return;
	if (id_parse(events_form_get(r, "person"), &person) != 0) {
		db_rollback(db);
		response_error(r, 404, NOT_FOUND);
		return;
	}
	rc = agenda_person_remove(db, it->id, person);
	if (rc == 1) {
		db_rollback(db);
		response_error(r, 404, NOT_FOUND);
		return;
	}
	if (rc != 0 ||
	    agenda_audit(r, db, &e, "agenda.person-remove", it->id, now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	agenda_back(r, &e, "person-removed", it->id);
}

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
#include "http/urls.h"
#include "view/form.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")
#define TRACKS_MAX 9		/* tracks 0..9: ten rooms side by side */
#define AGENDA_TEXT_MAX 5000	/* characters of an item's description */

/*
 * The route's event as it is inside the caller's write transaction (the
 * loader read it before), for a change: it must not be cancelled.  0, or
 * -1 answered.
 */
static int
agenda_open_change(struct request *r, struct db *db, int64_t event_id,
    struct event *e)
{
	if (event_get(db, &r->arena, r->lang, event_id, e) != 0) {
		response_unavailable(r);
		return -1;
	}
	if (e->status == EVENT_STATUS_CANCELLED) {
		response_error(r, 409, N_("A cancelled event cannot be changed."));
		return -1;
	}
	return 0;
}

/*
 * The common start of a change to the route's agenda item
 * (agenda_item_loader): a transaction, the event (not cancelled), its
 * items and the item among them.  0, or -1 when it has answered (and
 * rolled back).
 */
static int
agenda_begin_item(struct request *r, struct db *db, struct event *e,
    struct agenda_item **items, size_t *n, struct agenda_item **it)
{
	const struct agenda_target *t = request_object(r);
	size_t i;

	if (response_begin_tx(r, db) != 0)
		return -1;
	if (agenda_open_change(r, db, t->event->id, e) != 0) {
		db_rollback(db);
		return -1;
	}
	if (agenda_list(db, &r->arena, r->lang, e->id, items, n) != 0) {
		response_rollback(r, db);
		return -1;
	}
	for (i = 0; i < *n && (*items)[i].id != t->item->id; i++)
		continue;
	if (i == *n) {
		/* Deleted since the loader found it: gone, as then. */
		db_rollback(db);
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	*it = &(*items)[i];
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
	f->kind = agenda_kinds[it->kind];
	form_datetime_parts(a, it->starts_at, &f->date, &f->start);
	form_datetime_parts(a, it->ends_at, &d2, &f->end);
	f->track = arena_printf(a, "%lld", (long long)it->track + 1);
	for (k = 0; k < LANG_COUNT; k++) {
		f->title[k] = it->titles[k];
		f->description[k] = it->descriptions[k];
	}
	f->shift = true;
}

/* The prefix of the control ids of form `id` (0: the new item's form). */
static const char *
agenda_prefix(struct arena *a, int64_t id)
{
	if (id == 0)
		return "new-";
	return arena_printf(a, "i%lld-", (long long)id);
}
/* Reads an item's form into f (texts) and af (values); the mistakes go
 * to form under the fields' names.  0 when there are none. */
static int
agenda_read(struct form *form, struct agenda_form *f, struct agenda_fields *af)
{
	static const char *const tnames[] = { "title_fi", "title_sv",
	    "title_en" };
	static const char *const dnames[] = { "description_fi",
	    "description_sv", "description_en" };
	int k;

	memset(af, 0, sizeof(*af));
	form_choice(form, "kind", agenda_kinds, agenda_nkinds, FORM_REQUIRED,
	    N_("Choose the kind of the item."));
	af->kind = f->kind = form_value(form, "kind");
	f->date = form_value(form, "date");
	f->start = form_value(form, "start");
	f->end = form_value(form, "end");
	f->track = form_value(form, "track");
	f->shift = form_checkbox(form, "shift");
	/* The date is shared by both times; a mistake in it is reported
	 * once, under the date. */
	af->starts_at = form_datetime(form, "date", "start", FORM_REQUIRED);
	af->ends_at = form_datetime(form, "date", "end", FORM_REQUIRED);
	if (af->starts_at != 0 && af->ends_at != 0 &&
	    af->ends_at <= af->starts_at)
		form_error(form, "end", N_("The item must end after it starts."));
	/* The two times share their messages: each names its field. */
	form_label(form, "start", N_("Start time"));
	form_label(form, "end", N_("End time"));
	af->track = form_int(form, "track", 1, TRACKS_MAX + 1, 1, 0,
	    N_("The track is a whole number from 1 to 10.")) - 1;
	for (k = 0; k < LANG_COUNT; k++) {
		af->title[k] = f->title[k] = form_text(form, tnames[k], 0,
		    EVENT_TITLE_MAX,
		    N_("Write the title on one line, at most 200 characters."));
		af->description[k] = f->description[k] = form_text(form,
		    dnames[k], FORM_MULTILINE, AGENDA_TEXT_MAX,
		    N_("The description can be at most 5,000 characters."));
	}
	return form_ok(form) ? 0 : -1;
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

/* The rules' verdict as a mistake of the form (about_form: the form's
 * own item is at fault, not one shifted after it). */
static void
agenda_rule_error(struct form *form, enum agenda_err rc, bool about_form)
{
	switch (rc) {
	case AGENDA_OK:
	case AGENDA_UNKNOWN:
	case AGENDA_NO_NEIGHBOUR:
		break;
	case AGENDA_ORDER:
		form_error(form, "end", N_("The item must end after it starts."));
		break;
	case AGENDA_OUTSIDE:
		form_error(form, "start", about_form ?
		    N_("The item must be within the event's time.") :
		    N_("Shifting the following items would take one of them past the end of the event."));
		break;
	case AGENDA_OVERLAP:
		form_error(form, "start", N_("The item overlaps another item on the same track. Change its times, or put it on another track."));
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
	struct agenda_item *items;
	struct person_card *people;
	size_t i;

	if (agenda_list(db, &r->arena, r->lang, av->e->id,
	    &items, &av->nitems) != 0 ||
	    network_region_people(db, &r->arena, r->lang, av->e->region_id,
	    &people, &av->npeople) != 0) {
		response_unavailable(r);
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
		form_datetime_parts(&r->arena, from, &av->add.date,
		    &av->add.start);
		form_datetime_parts(&r->arena, from + 15 * 60 <= av->e->ends_at ?
		    from + 15 * 60 : av->e->ends_at, &d2, &av->add.end);
		av->add.track = "1";
		av->add.title[0] = av->add.title[1] = av->add.title[2] = "";
		av->add.description[0] = av->add.description[1] =
		    av->add.description[2] = "";
	}
	av->csrf = csrf_token(r);
	page_begin(r, status, arena_printf(&r->arena, "%s: %s",
	    i18n_text(r->lang, "Programme"), av->e->title), &v, &p);
	page_form_errors(&p, &av->errors);
	page_crumb(&p, i18n_text(r->lang, "Events"),
	    url_for(&r->arena, r->lang, "events.list", NULL));
	page_crumb(&p, av->e->title, url_for(&r->arena, r->lang, "events.page",
	    url_id(&r->arena, av->e->id), NULL));
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

	memset(&av, 0, sizeof(av));
	av.e = request_object(r);
	av.notice = agenda_done_notice(kv_get(&r->query, "done"));
	agenda_render(r, request_db(r), 200, &av, NULL);
}

/* 303 back to the agenda, at the item. */
static void
agenda_back(struct request *r, const struct event *e, const char *done,
    int64_t item)
{
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s%s",
	    url_for(&r->arena, r->lang, "events.agenda", url_id(&r->arena,
	    e->id), NULL), done, item ? arena_printf(&r->arena, "#item-%lld",
	    (long long)item) : ""));
}

/* The audit record of a change to an agenda item, and the commit. */
static int
agenda_commit(struct request *r, struct db *db, const struct event *e,
    const char *change, int64_t item, int64_t now)
{
	return audit_commit(r, db, change, "event", e->id,
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
	struct form form;
	struct db *db = request_db(r);
	enum agenda_err rc;
	int64_t id, now = time_now();
	size_t n;

	memset(&av, 0, sizeof(av));
	memset(&f, 0, sizeof(f));
	if (response_begin_tx(r, db) != 0)
		return;
	e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (agenda_open_change(r, db,
	    ((const struct event *)request_object(r))->id, e) != 0) {
		db_rollback(db);
		return;
	}
	av.e = e;
	if (agenda_list(db, &r->arena, r->lang, e->id, &items, &n) != 0) {
		response_rollback(r, db);
		return;
	}
	form_begin(&form, r);
	if (agenda_read(&form, &f, &af) == 0) {
		s = agenda_slots(&r->arena, items, n, 1);
		s[n].starts_at = af.starts_at;
		s[n].ends_at = af.ends_at;
		s[n].track = af.track;
		rc = agenda_check(s, n + 1, e->starts_at, e->ends_at, NULL,
		    NULL);
		agenda_rule_error(&form, rc, true);
	}
	if (!form_ok(&form)) {
		db_rollback(db);
		av.errors = events_form_errors_under(&r->arena,
		    form_errors(&form), agenda_prefix(&r->arena, 0));
		av.err_item = 0;
		agenda_render(r, db, 400, &av, &f);
		return;
	}
	if ((id = agenda_item_insert(db, e->id, &af)) < 0 ||
	    agenda_commit(r, db, e, "agenda.add", id, now) != 0) {
		response_rollback(r, db);
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
	struct form form;
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
	form_begin(&form, r);
	if (agenda_read(&form, &f, &af) == 0) {
		size_t k = (size_t)(it - items);

		/* A new track is part of the item's place: set it first, the
		 * retiming then checks the item on that track. */
		s[k].track = af.track;
		rc = agenda_retime(s, n, it->id, af.starts_at, af.ends_at,
		    f.shift, e->starts_at, e->ends_at, &bad);
		agenda_rule_error(&form, rc,
		    rc != AGENDA_OUTSIDE || s[bad].id == it->id);
	}
	if (!form_ok(&form)) {
		db_rollback(db);
		av.errors = events_form_errors_under(&r->arena,
		    form_errors(&form), agenda_prefix(&r->arena, it->id));
		av.err_item = it->id;
		agenda_render(r, db, 400, &av, &f);
		return;
	}
	if (agenda_item_update(db, e->id, it->id, &af) != 0 ||
	    agenda_write_moved(db, s, n, it->id) != 0 ||
	    agenda_commit(r, db, e, "agenda.update", it->id, now) != 0) {
		response_rollback(r, db);
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
	    agenda_commit(r, db, &e, "agenda.delete", it->id, now) != 0) {
		response_rollback(r, db);
		return;
	}
	agenda_back(r, &e, "deleted", 0);
}

void
events_agenda_move(struct request *r)
{
	struct agenda_item *items, *it;
	static const char *const directions[] = { "earlier", "later" };
	struct agenda_slot *s;
	struct event e;
	struct form form;
	struct db *db = request_db(r);
	enum agenda_err rc;
	int64_t now = time_now();
	size_t n;
	bool later;

	form_begin(&form, r);
	later = form_choice(&form, "direction", directions, 2, FORM_REQUIRED,
	    N_("Choose whether to move the item earlier or later.")) == 1;
	if (!form_ok(&form)) {
		response_error(r, 400, N_("Choose whether to move the item earlier or later."));
		return;
	}
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
	    agenda_commit(r, db, &e, "agenda.move", it->id, now) != 0) {
		response_rollback(r, db);
		return;
	}
	agenda_back(r, &e, "moved", it->id);
}

void
events_speaker_add(struct request *r)
{
	struct agenda_view av;
	struct agenda_item *items, *it;
	struct event *e;
	struct form form;
	struct db *db = request_db(r);
	int64_t person, position, now = time_now();
	size_t n;
	int role, rc;

	memset(&av, 0, sizeof(av));
	e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (agenda_begin_item(r, db, e, &items, &n, &it) != 0)
		return;
	av.e = e;
	form_begin(&form, r);
	person = form_int(&form, "person", 1, INT64_MAX, 0, FORM_REQUIRED,
	    N_("Choose the person from the list."));
	if (person != 0 &&
	    (rc = network_person_in_region(db, person, e->region_id)) != 0) {
		if (rc < 0) {
			response_rollback(r, db);
			return;
		}
		form_error(&form, "person", N_("Choose the person from the list."));
	}
	role = form_choice(&form, "role", agenda_part_names, 3, FORM_REQUIRED,
	    N_("Choose the person's part in the item."));
	position = form_int(&form, "position", 1, 99,
	    (int64_t)it->npeople + 1, 0,
	    N_("The order is a whole number from 1 to 99."));
	if (form_ok(&form)) {
		rc = agenda_person_add(db, it->id, person,
		    (enum agenda_part)role, position);
		if (rc == 1)
			form_error(&form, "person", N_("The person is on this item already."));
		else if (rc < 0) {
			response_rollback(r, db);
			return;
		}
	}
	if (!form_ok(&form)) {
		db_rollback(db);
		av.errors = events_form_errors_under(&r->arena,
		    form_errors(&form), arena_printf(&r->arena, "p%lld-",
		    (long long)it->id));
		av.speaker_item = it->id;
		agenda_render(r, db, 400, &av, NULL);
		return;
	}
	if (agenda_commit(r, db, e, "agenda.person-add", it->id, now) != 0) {
		response_rollback(r, db);
		return;
	}
	agenda_back(r, e, "person-added", it->id);
}

void
events_speaker_remove(struct request *r)
{
	struct agenda_item *items, *it;
	struct event e;
	struct form form;
	struct db *db = request_db(r);
	int64_t person, now = time_now();
	size_t n;
	int rc;

	if (agenda_begin_item(r, db, &e, &items, &n, &it) != 0)
		return;
	form_begin(&form, r);
	if (id_parse(form_value(&form, "person"), &person) != 0) {
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
	if (rc != 0 || agenda_commit(r, db, &e, "agenda.person-remove",
	    it->id, now) != 0) {
		response_rollback(r, db);
		return;
	}
	agenda_back(r, &e, "person-removed", it->id);
}

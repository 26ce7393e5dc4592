/*
 * loaders.c - the objects the events routes work on (http/router.h): the
 * event of :id, and an agenda item of it (:item).  The guard asks the
 * policy with the scope filled here; handlers take request_object().
 */
#include <string.h>

#include "base/time.h"
#include "db/memo.h"
#include "events/events.h"
#include "events/pages.h"
#include "events/store.h"
#include "http/parse.h"

/*
 * Everyone may see an event that is not a draft, but an event for the
 * network's staff only is shown to signed-in accounts; a draft only to
 * those who manage its region (SCOPE_PUBLISHED's fallback).
 */
bool
event_audience_reaches(const struct user *u, const struct event *e)
{
	return e->audience == AUDIENCE_PUBLIC || u->id != 0;
}

void
event_scope(const struct user *u, const struct event *e,
    struct object_scope *s)
{
	memset(s, 0, sizeof(*s));
	s->region_id = e->region_id;
	s->published = e->status != EVENT_STATUS_DRAFT &&
	    event_audience_reaches(u, e);
}

bool
event_visible(const struct user *u, const struct event *e)
{
	struct object_scope s;

	event_scope(u, e, &s);
	return policy_reaches(u, SCOPE_PUBLISHED, &s);
}

/* The event of :id into the arena: 0, 1 none, -1 error. */
static int
event_load(struct request *r, struct event **out)
{
	struct db *db;
	int64_t id;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	*out = arena_alloc(&r->arena, sizeof(**out));
	return event_get(db, &r->arena, r->lang, id, *out);
}


/*
 * --- the registration form's event, kept per write generation ---
 *
 * Why: in a rush every visitor's form page and its POST load the event,
 * and on PostgreSQL that is a round trip of its own (with the page
 * snapshot's BEGIN and COMMIT: three statements for the page), hundreds
 * of times between two commits.  Kept as the form's questions are
 * (db/memo.h): handed out only while no commit, on this server or
 * another, has come since it was read, and never longer than a cached
 * page; an edit, a publication, a cancellation or the erasure is a
 * commit, so the next request reads the event again.  The writer checks
 * the registration window again in its own transaction, so a POST never
 * registers on what only the memo said.
 */
static const char *
event_dup(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

static void *
event_copy(struct arena *a, const void *src, size_t n)
{
	struct event *e = arena_alloc(a, sizeof(*e));

	(void)n;
	*e = *(const struct event *)src;
	e->languages = event_dup(a, e->languages);
	e->place = event_dup(a, e->place);
	e->platform = event_dup(a, e->platform);
	e->join_url = event_dup(a, e->join_url);
	e->organiser = event_dup(a, e->organiser);
	e->title = event_dup(a, e->title);
	e->summary = event_dup(a, e->summary);
	e->description = event_dup(a, e->description);
	e->consent = event_dup(a, e->consent);
	return e;
}

static struct db_memo event_form_memo = DB_MEMO(event_copy);

/* event_load() through the memo, keyed by the event and the language its
 * texts were picked in. */
static int
event_load_kept(struct request *r, struct event **out)
{
	struct db *db;
	int64_t id, key, now_ns;
	uint64_t gen;
	size_t n;
	void *kept;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	gen = db_read_generation(db);
	now_ns = time_mono_ns();
	key = id * LANG_COUNT + (int64_t)r->lang;
	if (db_memo_get(&event_form_memo, key, gen, &r->arena, &kept, &n)) {
		*out = kept;
		return 0;
	}
	*out = arena_alloc(&r->arena, sizeof(**out));
	if ((rc = event_get(db, &r->arena, r->lang, id, *out)) != 0)
		return rc;
	db_memo_put(&event_form_memo, key, gen, now_ns, *out, 1);
	return 0;
}

/* The event of :id with its scope for the user; from the memo when
 * `kept`. */
static int
event_load_scoped(struct request *r, void **obj, struct object_scope *s,
    bool kept)
{
	struct event *e;
	int rc;

	if ((rc = kept ? event_load_kept(r, &e) : event_load(r, &e)) != 0)
		return rc;
	event_scope(&r->user, e, s);
	*obj = e;
	return 0;
}

static int
event_load_visible(struct request *r, void **obj, struct object_scope *s)
{
	return event_load_scoped(r, obj, s, false);
}

static int
event_load_form(struct request *r, void **obj, struct object_scope *s)
{
	return event_load_scoped(r, obj, s, true);
}

/* The event page itself also lets through an event for the network's
 * staff, so that it can send an anonymous visitor to sign in. */
static int
event_load_page(struct request *r, void **obj, struct object_scope *s)
{
	struct event *e;
	int rc;

	if ((rc = event_load(r, &e)) != 0)
		return rc;
	event_scope(&r->user, e, s);
	s->published = e->status != EVENT_STATUS_DRAFT;
	*obj = e;
	return 0;
}

static int
agenda_target_load(struct request *r, void **obj, struct object_scope *s)
{
	struct agenda_target *t;
	struct agenda_item *items;
	size_t n, i;
	int64_t id;
	int rc;

	t = arena_calloc(&r->arena, 1, sizeof(*t));
	if ((rc = event_load(r, &t->event)) != 0)
		return rc;
	if (id_parse(request_param(r, "item"), &id) != 0)
		return 1;
	if (agenda_list(request_db(r), &r->arena, r->lang, t->event->id,
	    &items, &n) != 0)
		return -1;
	for (i = 0; i < n && items[i].id != id; i++)
		continue;
	if (i == n)
		return 1;
	t->item = &items[i];
	event_scope(&r->user, t->event, s);
	*obj = t;
	return 0;
}

const struct route_loader event_loader_page = {
	"event-page", event_load_page, SCOPE_PUBLISHED
};
const struct route_loader event_loader_visible = {
	"event", event_load_visible, SCOPE_PUBLISHED
};
const struct route_loader event_loader_form = {
	"event-form", event_load_form, SCOPE_PUBLISHED
};
const struct route_loader event_loader_managed = {
	"event-managed", event_load_visible, SCOPE_MANAGED
};
const struct route_loader agenda_item_loader = {
	"agenda-item", agenda_target_load, SCOPE_MANAGED
};

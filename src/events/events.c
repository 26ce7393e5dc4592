/*
 * events.c - listing events for the network pages.
 */
#include <string.h>

#include "db/rows.h"
#include "events/events.h"

/* The list being filled: at most `limit` rows in the page's language. */
struct list_ctx {
	struct arena *a;
	enum lang l;
	struct event_item *v;
	size_t n, limit;
};

static int
list_row(struct db_stmt *st, void *ctx)
{
	struct list_ctx *c = ctx;
	struct event_item *e;

	if (c->n == c->limit)
		return 1;
	e = &c->v[c->n++];
	e->id = db_col_int64(st, 0);
	e->kind = event_kind_parse(db_col_text(st, 1));
	e->title = arena_strdup(c->a, i18n_pick(c->l, db_col_text(st, 2),
	    db_col_text(st, 3), db_col_text(st, 4), &e->title_lang));
	e->summary = arena_strdup(c->a, i18n_pick(c->l, db_col_text(st, 5),
	    db_col_text(st, 6), db_col_text(st, 7), &e->summary_lang));
	e->starts_at = db_col_int64(st, 8);
	e->ends_at = db_col_int64(st, 9);
	e->attendees = db_col_is_null(st, 10) ? -1 : db_col_int64(st, 10);
	return 0;
}

int
events_list(struct db *db, struct arena *a, enum lang l, int64_t region_id,
    const char *code, size_t limit, struct event_item **out, size_t *n)
{
	struct list_ctx c = { a, l, NULL, 0, limit };

	*n = 0;
	*out = c.v = arena_calloc(a, limit ? limit : 1, sizeof(**out));
	/*
	 * One statement serves both cases: ?2 IS NULL selects all events.
	 * These lists are on public, cached pages: only published events
	 * for everyone are shown, never drafts, cancelled events or those
	 * for the network's staff only.
	 */
	if (db_each(db, "SELECT e.id, e.kind, e.title_fi, e.title_sv, "
	    "e.title_en, e.summary_fi, e.summary_sv, e.summary_en, e.starts_at, "
	    "e.ends_at, e.attendees FROM event e WHERE e.region_id = ?1 AND "
	    "e.status = 'published' AND e.audience = 'public' AND "
	    "(?2 IS NULL OR EXISTS (SELECT 1 FROM event_municipality em WHERE "
	    "em.event_id = e.id AND em.municipality_code = ?2)) "
	    "ORDER BY e.starts_at DESC LIMIT ?3",
	    DB_ARGS(db_int(region_id), db_text(code), db_int(limit)), list_row,
	    &c) != 0)
		return -1;
	*n = c.n;
	return 0;
}

static int
upcoming_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct event_upcoming *u = out;
	int k;

	u->item.id = db_col_int64(st, 0);
	u->item.kind = event_kind_parse(db_col_text(st, 1));
	for (k = 0; k < LANG_COUNT; k++)
		u->titles[k] = db_col_dup(st, a, 2 + k);
	u->item.summary = "";
	u->item.starts_at = db_col_int64(st, 5);
	u->item.ends_at = db_col_int64(st, 6);
	u->item.attendees = -1;
	u->draft = event_status_parse(db_col_text(st, 7)) == EVENT_STATUS_DRAFT;
	u->capacity = db_col_is_null(st, 8) ? -1 : db_col_int64(st, 8);
	return 0;
}

int
events_upcoming(struct db *db, struct arena *a, enum lang l,
    int64_t region_id, int64_t now, bool with_drafts, size_t limit,
    struct event_upcoming **out, size_t *n)
{
	struct event_upcoming *u;
	size_t i;

	*out = db_rows(db, a, "SELECT e.id, e.kind, e.title_fi, e.title_sv, "
	    "e.title_en, e.starts_at, e.ends_at, e.status, e.capacity "
	    "FROM event e WHERE (?1 = 0 OR e.region_id = ?1) AND "
	    "e.ends_at >= ?2 AND (e.status = 'published' OR (?3 = 1 AND "
	    "e.status = 'draft')) ORDER BY e.starts_at, e.id LIMIT ?4",
	    DB_ARGS(db_int(region_id), db_int(now),
	    db_int(with_drafts ? 1 : 0), db_int((int64_t)limit)), upcoming_row,
	    sizeof(**out), n);
	if (*out == NULL)
		return -1;
	for (i = 0; i < *n; i++) {
		u = &(*out)[i];
		u->item.title = i18n_pick(l, u->titles[0], u->titles[1],
		    u->titles[2], &u->item.title_lang);
		u->item.summary_lang = l;
		if (u->capacity >= 0 && event_seats(db, u->item.id, &u->taken,
		    &u->waiting) != 0)
			return -1;
	}
	return 0;
}

enum event_status
event_status_parse(const char *s)
{
	if (strcmp(s, "published") == 0)
		return EVENT_STATUS_PUBLISHED;
	if (strcmp(s, "cancelled") == 0)
		return EVENT_STATUS_CANCELLED;
	return EVENT_STATUS_DRAFT;
}

const char *
event_status_name(enum event_status s)
{
	static const char *const names[] = { "draft", "published",
	    "cancelled" };

	return names[s];
}

enum event_kind
event_kind_parse(const char *s)
{
	if (strcmp(s, "webinar") == 0)
		return EVENT_WEBINAR;
	if (strcmp(s, "on-site") == 0)
		return EVENT_ONSITE;
	return EVENT_HYBRID;
}

enum event_audience
event_audience_parse(const char *s)
{
	return strcmp(s, "public") == 0 ? AUDIENCE_PUBLIC : AUDIENCE_NETWORK;
}

const char *
event_kind_label(enum lang l, enum event_kind kind)
{
	switch (kind) {
	case EVENT_WEBINAR:
		return i18n_text(l, "Webinar");
	case EVENT_ONSITE:
		return i18n_text(l, "On-site event");
	case EVENT_HYBRID:
		break;
	}
	return i18n_text(l, "Hybrid event");
}

struct form_errors
events_form_errors_under(struct arena *a, struct form_errors e,
    const char *prefix)
{
	struct form_error *v;
	size_t i;

	if (prefix[0] == '\0' || e.n == 0)
		return e;
	v = arena_calloc(a, e.n, sizeof(*v));
	for (i = 0; i < e.n; i++) {
		v[i] = e.v[i];
		v[i].field = arena_printf(a, "%s%s", prefix, e.v[i].field);
	}
	return (struct form_errors){ v, e.n };
}

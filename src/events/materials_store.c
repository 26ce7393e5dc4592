/*
 * materials_store.c - events and agenda items as the materials library
 * names and lists them: a material's links carry only their ids, its form
 * offers a region's events and items, and the library's event filter
 * names the events of the newest materials.  The materials module
 * reads the events only through these (events/events.h, struct
 * event_label).
 */
#include <stddef.h>
#include <string.h>

#include "db/rows.h"
#include "events/events.h"

/* An event's columns, then (for an agenda item) the item's: e is the
 * event; the item's id and titles, or for an event alone its id and
 * NULLs (label_row() reads its titles once). */
#define LABEL_COLUMNS(id, titles) "SELECT " id ", e.id, e.title_fi, " \
	"e.title_sv, e.title_en, " titles ", e.status, e.audience, " \
	"e.starts_at "
#define EVENT_LABELS LABEL_COLUMNS("e.id", "NULL, NULL, NULL") "FROM event e "
#define ITEM_LABELS LABEL_COLUMNS("i.id", "i.title_fi, i.title_sv, " \
	"i.title_en") "FROM agenda_item i JOIN event e ON e.id = i.event_id "

static int
label_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct event_label *x = out;
	int k;

	x->id = db_col_int64(st, 0);
	x->event_id = db_col_int64(st, 1);
	/* An event's item titles are its own (NULL columns, EVENT_LABELS):
	 * copied once, as the library's filter labels a page of events on
	 * every view. */
	for (k = 0; k < LANG_COUNT; k++) {
		x->event_titles[k] = db_col_dup(st, a, 2 + k);
		x->item_titles[k] = db_col_is_null(st, 5 + k) ?
		    x->event_titles[k] : db_col_dup(st, a, 5 + k);
	}
	x->status = event_status_parse(db_col_text(st, 8));
	x->audience = event_audience_parse(db_col_text(st, 9));
	x->starts_at = db_col_int64(st, 10);
	return 0;
}

/* The rows of sql (which ends in "IN (" DB_IDS ")") for ids[0..n), each
 * placed where its id (column 0) is asked. */
static int
labels_by_id(struct db *db, struct arena *a, const char *sql,
    const int64_t *ids, size_t n, struct event_label *out)
{
	size_t i;
	int k;

	memset(out, 0, n * sizeof(*out));
	for (i = 0; i < n; i++)
		for (k = 0; k < LANG_COUNT; k++)
			out[i].event_titles[k] = out[i].item_titles[k] = "";
	return db_rows_at_ids(db, a, sql, ids, n, label_row, sizeof(*out),
	    offsetof(struct event_label, id), out);
}

int
events_labels(struct db *db, struct arena *a, const int64_t *ids, size_t n,
    struct event_label *out)
{
	return labels_by_id(db, a, EVENT_LABELS "WHERE e.id IN (" DB_IDS ")",
	    ids, n, out);
}

int
events_item_labels(struct db *db, struct arena *a, const int64_t *ids,
    size_t n, struct event_label *out)
{
	return labels_by_id(db, a, ITEM_LABELS "WHERE i.id IN (" DB_IDS ")",
	    ids, n, out);
}

struct event_label *
events_items_of(struct db *db, struct arena *a, const int64_t *events,
    size_t n, size_t *nout)
{
	return db_rows_ids(db, a, ITEM_LABELS "WHERE i.event_id IN (" DB_IDS
	    ") ORDER BY i.event_id, i.starts_at, i.id", events, n, DB_NOARGS,
	    label_row, sizeof(struct event_label), nout);
}

/* A region's (every region's for 0) newest events or agenda items. */
static struct event_label *
choices(struct db *db, struct arena *a, const char *sql, int64_t region_id,
    size_t limit, size_t *n)
{
	return db_rows(db, a, sql, DB_ARGS(db_int(region_id),
	    db_int((int64_t)limit)), label_row, sizeof(struct event_label), n);
}

struct event_label *
events_choices(struct db *db, struct arena *a, int64_t region_id,
    size_t limit, size_t *n)
{
	return choices(db, a, EVENT_LABELS "WHERE ?1 = 0 OR e.region_id = ?1 "
	    "ORDER BY e.starts_at DESC, e.id DESC LIMIT ?2", region_id, limit,
	    n);
}

struct event_label *
events_item_choices(struct db *db, struct arena *a, int64_t region_id,
    size_t limit, size_t *n)
{
	return choices(db, a, ITEM_LABELS "WHERE ?1 = 0 OR e.region_id = ?1 "
	    "ORDER BY e.starts_at DESC, i.starts_at, i.id LIMIT ?2", region_id,
	    limit, n);
}

/*
 * facts_store.c - an event's facts as the registration module works with
 * them: its state and seats, its dates, where it is and what it is
 * called in each language, and which events' reminder or thank-you
 * messages are due.  Registration reads the event only through these.
 */
#include "db/rows.h"
#include "events/events.h"

/* Reminder hours are at most 336 (the column's CHECK): no reminder is
 * due for an event that starts later than that. */
#define FACTS_REMINDER_MAX (336 * 3600)

#define FACTS_COLUMNS "SELECT id, status, capacity, registration_opens, " \
	"registration_closes, starts_at, ends_at, kind, place, platform, " \
	"join_url, title_fi, title_sv, title_en, sequence, offer_hours, " \
	"reminder_hours FROM event "

static int
facts_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct event_facts *f = out;
	int k;

	f->id = db_col_int64(st, 0);
	f->status = event_status_parse(db_col_text(st, 1));
	f->capacity = db_col_is_null(st, 2) ? -1 : db_col_int64(st, 2);
	db_cols(st, NULL, 3, DB_COLS(db_as_int(&f->opens),
	    db_as_int(&f->closes), db_as_int(&f->starts_at),
	    db_as_int(&f->ends_at)));
	f->kind = event_kind_parse(db_col_text(st, 7));
	db_cols(st, a, 8, DB_COLS(db_as_str(&f->place),
	    db_as_str(&f->platform), db_as_str(&f->join_url)));
	for (k = 0; k < LANG_COUNT; k++)
		f->titles[k] = db_col_dup(st, a, 11 + k);
	db_cols(st, NULL, 14, DB_COLS(db_as_int(&f->sequence),
	    db_as_int(&f->offer_hours), db_as_int(&f->reminder_hours)));
	return 0;
}

int
events_facts(struct db *db, struct arena *a, int64_t id,
    struct event_facts *out)
{
	return db_row(db, a, FACTS_COLUMNS "WHERE id = ?1",
	    DB_ARGS(db_int(id)), facts_row, out);
}

struct event_facts *
events_reminders_due(struct db *db, struct arena *a, int64_t now, size_t *n)
{
	return db_rows(db, a, FACTS_COLUMNS "WHERE status = 'published' AND "
	    "starts_at > ?1 AND starts_at <= ?2 AND "
	    "starts_at - reminder_hours * 3600 <= ?1 ORDER BY starts_at, id",
	    DB_ARGS(db_int(now), db_int(now + FACTS_REMINDER_MAX)), facts_row,
	    sizeof(struct event_facts), n);
}

struct event_facts *
events_thanks_due(struct db *db, struct arena *a, int64_t after,
    int64_t upto, size_t *n)
{
	/* erased_at IS NULL lets the partial index event_unerased serve
	 * the range; an erased event's registrants have no address left. */
	return db_rows(db, a, FACTS_COLUMNS "WHERE erased_at IS NULL AND "
	    "ends_at > ?1 AND ends_at <= ?2 AND status = 'published' "
	    "ORDER BY ends_at, id", DB_ARGS(db_int(after), db_int(upto)),
	    facts_row, sizeof(struct event_facts), n);
}

int64_t *
events_open_for_offers(struct db *db, struct arena *a, int64_t now, size_t *n)
{
	return db_ints(db, a, "SELECT id FROM event WHERE status = "
	    "'published' AND starts_at > ?1 AND capacity IS NOT NULL "
	    "ORDER BY starts_at, id", DB_ARGS(db_int(now)), n);
}

/*
 * export_store.c - an event as a person's data export names it: its
 * title in the first language it has, and its start.  The registration
 * and attendance providers' rows carry only the event's id.
 */
#include "db/rows.h"
#include "events/events.h"

struct event_name_row {
	const char *title;
	int64_t starts_at;
};

static int
event_name_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct event_name_row *x = out;

	x->title = db_col_dup(st, a, 0);
	x->starts_at = db_col_int64(st, 1);
	return 0;
}

int
events_name(struct db *db, struct arena *a, int64_t id, const char **title,
    int64_t *starts_at)
{
	struct event_name_row x;
	int rc;

	rc = db_row(db, a, "SELECT COALESCE(NULLIF(title_fi, ''), "
	    "NULLIF(title_sv, ''), title_en), starts_at FROM event WHERE "
	    "id = ?1", DB_ARGS(db_int(id)), event_name_row, &x);
	if (rc != 0)
		return rc;
	*title = x.title;
	*starts_at = x.starts_at;
	return 0;
}

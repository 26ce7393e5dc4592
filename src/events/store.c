/*
 * store.c - reading one event (the contract of store.h).
 *
 * The event table belongs to this module; registration rows are only
 * counted here.  Texts are copied into the caller's arena.
 */
#include <string.h>

#include "auth/policy.h"
#include "events/store.h"

/*
 * The three language versions of title, summary, description and consent
 * are read side by side and picked with i18n_pick(), so a missing Swedish
 * description falls back to the Finnish one exactly as the titles do.
 */
int
event_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct event *out)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	st = db_prepare(db, "SELECT id, region_id, kind, status, audience, "
	    "languages, place, platform, join_url, organiser, "
	    "title_fi, title_sv, title_en, summary_fi, summary_sv, summary_en, "
	    "description_fi, description_sv, description_en, "
	    "starts_at, ends_at, sequence, capacity, registration_opens, "
	    "registration_closes, group_max, offer_hours, reminder_hours, "
	    "consent_fi, consent_sv, consent_en FROM event WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_int64(st, 0);
		out->region_id = db_col_int64(st, 1);
		out->kind = db_col_dup(st, a, 2);
		out->status = db_col_dup(st, a, 3);
		out->audience = db_col_dup(st, a, 4);
		out->languages = db_col_dup(st, a, 5);
		out->place = db_col_dup(st, a, 6);
		out->platform = db_col_dup(st, a, 7);
		out->join_url = db_col_dup(st, a, 8);
		out->organiser = db_col_dup(st, a, 9);
		out->title = arena_strdup(a, i18n_pick(l, db_col_text(st, 10),
		    db_col_text(st, 11), db_col_text(st, 12), &out->title_lang));
		out->summary = arena_strdup(a, i18n_pick(l, db_col_text(st, 13),
		    db_col_text(st, 14), db_col_text(st, 15), NULL));
		out->description = arena_strdup(a, i18n_pick(l,
		    db_col_text(st, 16), db_col_text(st, 17),
		    db_col_text(st, 18), NULL));
		out->starts_at = db_col_int64(st, 19);
		out->ends_at = db_col_int64(st, 20);
		out->sequence = db_col_int64(st, 21);
		out->capacity = db_col_is_null(st, 22) ? -1 :
		    db_col_int64(st, 22);
		out->registration_opens = db_col_is_null(st, 23) ? 0 :
		    db_col_int64(st, 23);
		out->registration_closes = db_col_is_null(st, 24) ? 0 :
		    db_col_int64(st, 24);
		out->group_max = db_col_int64(st, 25);
		out->offer_hours = db_col_int64(st, 26);
		out->reminder_hours = db_col_int64(st, 27);
		out->consent = arena_strdup(a, i18n_pick(l, db_col_text(st, 28),
		    db_col_text(st, 29), db_col_text(st, 30), NULL));
	}
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* Both counts are people (group sizes), not registrations. */
int
event_seats(struct db *db, int64_t event_id, int64_t *taken,
    int64_t *waiting)
{
	struct db_stmt *st;
	int rc;

	*taken = 0;
	*waiting = 0;
	st = db_prepare(db, "SELECT COALESCE(SUM(CASE WHEN status IN "
	    "('confirmed', 'offered') THEN group_size ELSE 0 END), 0), "
	    "COALESCE(SUM(CASE WHEN status = 'waiting' THEN group_size ELSE 0 "
	    "END), 0) "
	    "FROM registration WHERE event_id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, event_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*taken = db_col_int64(st, 0);
		*waiting = db_col_int64(st, 1);
	}
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

bool
event_visible(const struct user *u, const struct event *e)
{
	if (strcmp(e->status, "draft") == 0)
		return policy_allows(u, ACT_EVENTS) &&
		    policy_manages_region(u, e->region_id);
	if (strcmp(e->audience, "network") == 0)
		return u->id != 0;
	return true;
}

/*
 * offers.c - freed seats go to the waiting list (see offers.h).
 *
 * Everything here runs inside the caller's write transaction, so the
 * seats counted are the seats that will be committed: an offer never
 * makes the event oversold, and two cancellations at once cannot offer
 * the same seat twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "db/rows.h"
#include "registration/registration.h"

/* The event's capacity, start, offer time and whether it still takes
 * offers (published, capacity set).  0, 1 none, -1 error. */
static int
offer_event(struct db *db, int64_t event_id, int64_t *capacity,
    int64_t *starts_at, int64_t *hours, bool *published)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT capacity, starts_at, offer_hours, status "
	    "FROM event WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, event_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*capacity = db_col_is_null(st, 0) ? -1 : db_col_int64(st, 0);
		*starts_at = db_col_int64(st, 1);
		*hours = db_col_int64(st, 2);
		*published = strcmp(db_col_text(st, 3), "published") == 0;
	}
	db_done(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

static int
offer_set(struct db *db, int64_t id, const char *status, int64_t expires,
    int64_t now)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE registration SET status = ?2, "
	    "offer_expires_at = ?3, updated_at = ?4 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_cstr(st, 2, status);
	if (expires > 0)
		db_bind_int64(st, 3, expires);
	else
		db_bind_null(st, 3);
	db_bind_int64(st, 4, now);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
offers_fill(struct db *db, int64_t event_id, int64_t now)
{
	struct db_stmt *st;
	int64_t capacity, starts_at, hours, taken = 0, expires;
	int64_t *ids = NULL, *sizes = NULL;
	size_t n = 0, cap = 0, i;
	bool published;
	int rc, made = 0;

	rc = offer_event(db, event_id, &capacity, &starts_at, &hours,
	    &published);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	/* No offers for an event that has started, is cancelled or takes
	 * no registrations: the list just stays as it is. */
	if (!published || capacity < 0 || now >= starts_at)
		return 0;
	st = db_prepare(db, "SELECT COALESCE(SUM(group_size), 0) FROM "
	    "registration WHERE event_id = ?1 AND status IN ('confirmed', "
	    "'offered')");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, event_id);
	rc = db_step(st);
	if (rc == DB_ROW)
		taken = db_col_int64(st, 0);
	db_done(st);
	if (rc != DB_ROW)
		return -1;
	if (taken >= capacity)
		return 0;

	/* The waiting list in order; read whole first, since the offers
	 * below write through the same connection. */
	st = db_prepare(db, "SELECT id, group_size FROM registration WHERE "
	    "event_id = ?1 AND status = 'waiting' ORDER BY waiting_seq");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, event_id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			int64_t *ni, *ns;

			cap = cap ? cap * 2 : 32;
			ni = realloc(ids, cap * sizeof(*ids));
			if (ni != NULL)
				ids = ni;
			ns = realloc(sizes, cap * sizeof(*sizes));
			if (ns != NULL)
				sizes = ns;
			if (ni == NULL || ns == NULL) {
				rc = DB_ERROR;
				break;
			}
		}
		ids[n] = db_col_int64(st, 0);
		sizes[n++] = db_col_int64(st, 1);
		/* Nobody further down can fit once no seat is left. */
	}
	db_done(st);
	if (rc != DB_DONE) {
		made = -1;
		goto out;
	}
	expires = now + hours * 3600;
	if (expires > starts_at)
		expires = starts_at;
	for (i = 0; i < n && taken < capacity; i++) {
		/* A group that does not fit keeps its place; a smaller one
		 * behind it may take the seats meanwhile. */
		if (taken + sizes[i] > capacity)
			continue;
		if (offer_set(db, ids[i], "offered", expires, now) != 0 ||
		    registration_mail(db, ids[i], REG_MAIL_OFFER, now) != 0) {
			made = -1;
			goto out;
		}
		taken += sizes[i];
		made++;
	}
out:
	free(ids);
	free(sizes);
	return made;
}

/* A registration as an answer to its offer needs it. */
struct offer_state {
	enum reg_status status;
	int64_t event_id, expires;
};

static int
offer_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct offer_state *o = out;

	(void)a;
	o->status = reg_status_parse(db_col_text(st, 0));
	o->event_id = db_col_int64(st, 1);
	o->expires = db_col_is_null(st, 2) ? 0 : db_col_int64(st, 2);
	return 0;
}

/* Common part of accepting and declining: 0 an open offer, 1 none. */
static int
offer_open(struct db *db, int64_t id, int64_t now, int64_t *event_id)
{
	struct offer_state o;
	int rc;

	rc = db_row(db, NULL, "SELECT status, event_id, offer_expires_at FROM "
	    "registration WHERE id = ?1 AND erased_at IS NULL",
	    DB_ARGS(db_int(id)), offer_row, &o);
	if (rc != 0)
		return rc == DB_MISSING ? 1 : -1;
	*event_id = o.event_id;
	if (o.status != REG_OFFERED)
		return 1;
	if (now >= o.expires) {
		/* Late: record the expiry here and now, and pass the seat on. */
		if (offers_expire(db, *event_id, now) < 0)
			return -1;
		return 1;
	}
	return 0;
}

int
offer_accept(struct db *db, int64_t id, int64_t now)
{
	int64_t event_id;
	int rc;

	if ((rc = offer_open(db, id, now, &event_id)) != 0)
		return rc;
	if (offer_set(db, id, "confirmed", 0, now) != 0 ||
	    registration_mail(db, id, REG_MAIL_CONFIRMED, now) != 0)
		return -1;
	return 0;
}

int
offer_decline(struct db *db, int64_t id, int64_t now)
{
	int64_t event_id;
	int rc;

	if ((rc = offer_open(db, id, now, &event_id)) != 0)
		return rc;
	if (offer_set(db, id, "declined", 0, now) != 0 ||
	    offers_fill(db, event_id, now) < 0)
		return -1;
	return 0;
}

int
offers_expire(struct db *db, int64_t event_id, int64_t now)
{
	struct db_stmt *st;
	int64_t *ids = NULL, *events = NULL;
	size_t n = 0, cap = 0, i, j;
	int rc, expired = -1;

	/* Offers past their time; an offer never outlives the start. */
	st = db_prepare(db, event_id ?
	    "SELECT r.id, r.event_id FROM registration r WHERE "
	    "r.status = 'offered' AND r.event_id = ?2 AND "
	    "r.offer_expires_at <= ?1 ORDER BY r.event_id, r.waiting_seq" :
	    "SELECT r.id, r.event_id FROM registration r WHERE "
	    "r.status = 'offered' AND r.offer_expires_at <= ?1 "
	    "ORDER BY r.event_id, r.waiting_seq");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, now);
	if (event_id)
		db_bind_int64(st, 2, event_id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			int64_t *ni, *ne;

			cap = cap ? cap * 2 : 16;
			ni = realloc(ids, cap * sizeof(*ids));
			if (ni != NULL)
				ids = ni;
			ne = realloc(events, cap * sizeof(*events));
			if (ne != NULL)
				events = ne;
			if (ni == NULL || ne == NULL) {
				rc = DB_ERROR;
				break;
			}
		}
		ids[n] = db_col_int64(st, 0);
		events[n++] = db_col_int64(st, 1);
	}
	db_done(st);
	if (rc != DB_DONE)
		goto out;
	for (i = 0; i < n; i++)
		if (offer_set(db, ids[i], "expired", 0, now) != 0)
			goto out;
	/* Then the seats go on, once per event. */
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && events[j] != events[i]; j++)
			;
		if (j == i && offers_fill(db, events[i], now) < 0)
			goto out;
	}
	expired = (int)n;
out:
	free(ids);
	free(events);
	return expired;
}

/*
 * Seats can also become free without a registration changing: an organiser
 * raises the capacity.  The upcoming events with people waiting are few
 * (the index registration_event answers EXISTS with one probe), and
 * offers_fill() does nothing where no seat is free.  The number of offers
 * made, or -1.
 */
static int
offers_fill_all(struct db *db, int64_t now)
{
	struct db_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i;
	int rc, made = 0, k;

	st = db_prepare(db, "SELECT e.id FROM event e WHERE e.status = "
	    "'published' AND e.capacity IS NOT NULL AND e.starts_at > ?1 AND "
	    "EXISTS (SELECT 1 FROM registration r WHERE r.event_id = e.id AND "
	    "r.status = 'waiting')");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, now);
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			int64_t *ni;

			cap = cap ? cap * 2 : 8;
			if ((ni = realloc(ids, cap * sizeof(*ids))) == NULL) {
				rc = DB_ERROR;
				break;
			}
			ids = ni;
		}
		ids[n++] = db_col_int64(st, 0);
	}
	db_done(st);
	if (rc != DB_DONE) {
		free(ids);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((k = offers_fill(db, ids[i], now)) < 0) {
			made = -1;
			break;
		}
		made += k;
	}
	free(ids);
	return made;
}

int
offers_job(struct db *db, int64_t now)
{
	int n, m;

	if (db_begin(db) != 0)
		return -1;
	n = offers_expire(db, 0, now);
	m = n < 0 ? -1 : offers_fill_all(db, now);
	if (n < 0 || m < 0 || db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	if (n > 0 || m > 0)
		log_info("offers: %d expired, %d offered", n, m);
	return 0;
}

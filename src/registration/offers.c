/*
 * offers.c - freed seats go to the waiting list (see offers.h).
 *
 * Everything here runs inside the caller's write transaction, so the
 * seats counted are the seats that will be committed: an offer never
 * makes the event oversold, and two cancellations at once cannot offer
 * the same seat twice.
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/log.h"
#include "db/rows.h"
#include "events/events.h"
#include "registration/registration.h"
#include "registration/store.h"

/* Two numbers of a row: a registration and its group size or event. */
struct offer_pair {
	int64_t id, other;
};

static int
offer_pair_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct offer_pair *p = out;

	(void)a;
	db_cols(st, NULL, 0, DB_COLS(db_as_int(&p->id), db_as_int(&p->other)));
	return 0;
}

static int
offer_set(struct db *db, int64_t id, const char *status, int64_t expires,
    int64_t now)
{
	return db_run(db, "UPDATE registration SET status = ?2, "
	    "offer_expires_at = ?3, updated_at = ?4 WHERE id = ?1",
	    DB_ARGS(db_int(id), db_text(status), db_id_or_null(expires > 0 ?
	    expires : 0), db_int(now)), NULL) == 0 ? 0 : -1;
}

int
offers_fill(struct db *db, int64_t event_id, int64_t now)
{
	struct event_facts e;
	struct offer_pair *w;
	struct arena a;
	int64_t capacity, starts_at, taken, expires;
	size_t n, i;
	int rc, made = 0;

	arena_init(&a);
	rc = events_facts(db, &a, event_id, &e);
	arena_cleanup(&a);
	if (rc != 0)
		return rc == DB_MISSING ? 0 : -1;
	capacity = e.capacity;
	starts_at = e.starts_at;
	/* No offers for an event that has started, is cancelled or takes
	 * no registrations: the list just stays as it is. */
	if (e.status != EVENT_STATUS_PUBLISHED || capacity < 0 ||
	    now >= starts_at)
		return 0;
	if (db_int64(db, "SELECT COALESCE(SUM(group_size), 0) FROM "
	    "registration WHERE event_id = ?1 AND status IN ('confirmed', "
	    "'offered')", DB_ARGS(db_int(event_id)), &taken) != 0)
		return -1;
	if (taken >= capacity)
		return 0;

	/* The waiting list in order; read whole first, since the offers
	 * below write through the same connection. */
	arena_init(&a);
	w = db_rows(db, &a, "SELECT id, group_size FROM registration WHERE "
	    "event_id = ?1 AND status = 'waiting' ORDER BY waiting_seq",
	    DB_ARGS(db_int(event_id)), offer_pair_row, sizeof(*w), &n);
	if (w == NULL) {
		made = -1;
		goto out;
	}
	expires = now + e.offer_hours * 3600;
	if (expires > starts_at)
		expires = starts_at;
	/* Nobody further down can fit once no seat is left. */
	for (i = 0; i < n && taken < capacity; i++) {
		/* A group that does not fit keeps its place; a smaller one
		 * behind it may take the seats meanwhile. */
		if (taken + w[i].other > capacity)
			continue;
		if (offer_set(db, w[i].id, "offered", expires, now) != 0 ||
		    registration_mail(db, w[i].id, REG_MAIL_OFFER, now) != 0) {
			made = -1;
			goto out;
		}
		taken += w[i].other;
		made++;
	}
	/* Offers move people from waiting to taken. */
	if (made > 0 && registration_seats_refresh(db, event_id) != 0)
		made = -1;
out:
	arena_cleanup(&a);
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
	o->expires = db_col_int64(st, 2);
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
	    offers_fill(db, event_id, now) < 0 ||
	    registration_seats_refresh(db, event_id) != 0)
		return -1;
	return 0;
}

int
offers_expire(struct db *db, int64_t event_id, int64_t now)
{
	struct offer_pair *o;
	struct arena a;
	size_t n, i, j;
	int expired = -1;

	/* Offers past their time; an offer never outlives the start. */
	arena_init(&a);
	o = db_rows(db, &a, event_id ?
	    "SELECT r.id, r.event_id FROM registration r WHERE "
	    "r.status = 'offered' AND r.event_id = ?2 AND "
	    "r.offer_expires_at <= ?1 ORDER BY r.event_id, r.waiting_seq" :
	    "SELECT r.id, r.event_id FROM registration r WHERE "
	    "r.status = 'offered' AND r.offer_expires_at <= ?1 "
	    "ORDER BY r.event_id, r.waiting_seq", (const struct db_arg[]){
	    db_int(now), db_int(event_id) }, event_id ? 2 : 1, offer_pair_row,
	    sizeof(*o), &n);
	if (o == NULL)
		goto out;
	for (i = 0; i < n; i++)
		if (offer_set(db, o[i].id, "expired", 0, now) != 0)
			goto out;
	/* Then the seats go on, and the counter follows, once per event. */
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && o[j].other != o[i].other; j++)
			;
		if (j == i && (offers_fill(db, o[i].other, now) < 0 ||
		    registration_seats_refresh(db, o[i].other) != 0))
			goto out;
	}
	expired = (int)n;
out:
	arena_cleanup(&a);
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
	struct arena a;
	int64_t *ids, one;
	size_t n, i;
	int made = 0, k;

	arena_init(&a);
	ids = events_open_for_offers(db, &a, now, &n);
	if (ids == NULL)
		made = -1;
	for (i = 0; ids != NULL && i < n; i++) {
		/* One probe of registration_event: most have nobody waiting. */
		k = db_int64(db, "SELECT 1 FROM registration WHERE event_id = "
		    "?1 AND status = 'waiting' LIMIT 1", DB_ARGS(db_int(ids[i])),
		    &one);
		if (k == DB_MISSING)
			continue;
		if (k != 0 || (k = offers_fill(db, ids[i], now)) < 0) {
			made = -1;
			break;
		}
		made += k;
	}
	arena_cleanup(&a);
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

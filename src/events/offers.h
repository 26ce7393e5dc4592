/*
 * offers.h - the waiting list: offering freed seats, accepting and
 * declining an offer, and offers that expire.
 *
 * A freed seat (a cancellation, a smaller group, a declined or expired
 * offer, a larger capacity) is offered in the same transaction that freed
 * it to the people on the waiting list in waiting_seq order whose group
 * fits the free seats: their status becomes 'offered' (the seats count as
 * taken) until offer_expires_at, now + the event's offer_hours but never
 * past the start.  Accepting makes the registration 'confirmed'; declining
 * or letting the offer expire ('declined', 'expired') frees the seats
 * again, and they go to the next people.  Once the event has started no
 * offers are made, and open offers expire.
 */
#ifndef TV_EVENTS_OFFERS_H
#define TV_EVENTS_OFFERS_H

#include <stdint.h>

#include "db/db.h"

/*
 * Offers the event's free seats to the waiting list, in the caller's
 * write transaction, queueing the offer messages.  The number of offers
 * made, or -1.
 */
int offers_fill(struct db *db, int64_t event_id, int64_t now);

/*
 * Accepts or declines the offer of registration `id`, in the caller's
 * transaction.  0 done, 1 there is no open offer (not offered, or it has
 * expired, which is then recorded and the seat offered on), -1 error.
 */
int offer_accept(struct db *db, int64_t id, int64_t now);
int offer_decline(struct db *db, int64_t id, int64_t now);

/*
 * Expires the offers whose time has passed (of one event, or of all when
 * event_id is 0) and offers their seats on, in the caller's transaction.
 * The number expired, or -1.
 */
int offers_expire(struct db *db, int64_t event_id, int64_t now);

/* offers_expire() of every event in its own transaction, for the job
 * thread (jobs.h).  0 or -1. */
int offers_job(struct db *db, int64_t now);

#endif

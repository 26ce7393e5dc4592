-- The seats of each event kept as numbers (issue 13): the events list
-- showed them by summing every listed event's registrations, about half
-- of the list's cost at 100 times the demo.  taken is the people (group
-- sizes) of the event's confirmed and offered registrations, waiting
-- those on its waiting list.  The registration module counts the row
-- again in the same transaction as every write that can move them
-- (registration_seats_refresh(): a new registration, a change of group,
-- a cancellation, an offer made, declined or expired, an erasure), so it
-- always equals a recount; an event nobody has registered for may have
-- no row (0 and 0).
CREATE TABLE event_seat_count (
	event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
	taken INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),
	waiting INTEGER NOT NULL DEFAULT 0 CHECK (waiting >= 0),
	PRIMARY KEY (event_id)
);
INSERT INTO event_seat_count (event_id, taken, waiting)
	SELECT event_id,
		COALESCE(SUM(CASE WHEN status IN ('confirmed', 'offered')
			THEN group_size ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'waiting'
			THEN group_size ELSE 0 END), 0)
	FROM registration
	GROUP BY event_id;

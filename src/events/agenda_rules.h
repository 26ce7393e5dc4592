/*
 * agenda_rules.h - the rules that keep an event's agenda consistent, with
 * no database: items lie within the event's time, items on the same track
 * do not overlap (parallel items use other tracks), moving an item earlier
 * or later swaps it with its neighbour on the track, and retiming an item
 * can shift the items after it.
 *
 * The functions work on an array of slots in any order; they change the
 * slots in place and say what they changed, so the caller writes back only
 * those rows (in the same transaction in which it read them).
 */
#ifndef TV_EVENTS_AGENDA_RULES_H
#define TV_EVENTS_AGENDA_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct agenda_slot {
	int64_t id;		/* 0 for an item not stored yet */
	int64_t starts_at, ends_at;	/* UTC seconds */
	int64_t track;
	bool changed;		/* set by agenda_swap() and agenda_retime() */
};

enum agenda_err {
	AGENDA_OK = 0,
	AGENDA_ORDER,		/* an item does not end after it starts */
	AGENDA_OUTSIDE,		/* an item starts before or ends after the event */
	AGENDA_OVERLAP,		/* two items of one track overlap */
	AGENDA_NO_NEIGHBOUR,	/* nothing earlier or later to swap with */
	AGENDA_UNKNOWN,		/* no slot with that id */
};

/*
 * Checks every slot: it ends after it starts, lies within [ev_start,
 * ev_end], and overlaps no other slot of its track (touching is fine: one
 * may end at 10.00 and the next start at 10.00).  *bad (may be NULL)
 * receives the index of the first slot at fault, for an overlap the later
 * of the two, and *other (may be NULL) the index of the earlier one.
 */
enum agenda_err agenda_check(const struct agenda_slot *s, size_t n,
    int64_t ev_start, int64_t ev_end, size_t *bad, size_t *other);

/*
 * Moves the slot with id `id` one place earlier (later false) or later on
 * its track: it swaps places with its neighbour there.  The pair keeps the
 * span it had and the gap between the two, and each keeps its duration,
 * so nothing else moves: if A ran 9.00-9.30, B 9.40-10.00, then B runs
 * 9.00-9.20 and A 9.30-10.00.  AGENDA_NO_NEIGHBOUR for the first (last)
 * slot of its track; nothing changes then.
 */
enum agenda_err agenda_swap(struct agenda_slot *s, size_t n, int64_t id,
    bool later);

/*
 * Gives slot `id` the times [starts_at, ends_at).  With shift, the slots
 * that start at or after its old end (on every track: a longer opening
 * delays the workshops too) move by as much as its end moved, so the chain
 * of times stays as it was.  The result is then checked as agenda_check()
 * does; on an error every slot is as it was before the call (with every
 * `changed` false) and *bad names the slot at fault.  On success exactly
 * the slots that moved are marked changed.
 */
enum agenda_err agenda_retime(struct agenda_slot *s, size_t n, int64_t id,
    int64_t starts_at, int64_t ends_at, bool shift, int64_t ev_start,
    int64_t ev_end, size_t *bad);

#endif

/*
 * agenda_rules.c - the agenda's consistency rules (see agenda_rules.h).
 *
 * Agendas are short (a dozen items), so the checks compare every pair
 * rather than sorting: simpler to read, and quadratic in a small number.
 */
#include "events/agenda_rules.h"

enum agenda_err
agenda_check(const struct agenda_slot *s, size_t n, int64_t ev_start,
    int64_t ev_end, size_t *bad, size_t *other)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (s[i].ends_at <= s[i].starts_at) {
			if (bad)
				*bad = i;
			return AGENDA_ORDER;
		}
		if (s[i].starts_at < ev_start || s[i].ends_at > ev_end) {
			if (bad)
				*bad = i;
			return AGENDA_OUTSIDE;
		}
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			size_t later, earlier;

			if (s[i].track != s[j].track ||
			    s[i].starts_at >= s[j].ends_at ||
			    s[j].starts_at >= s[i].ends_at)
				continue;
			later = s[i].starts_at > s[j].starts_at ||
			    (s[i].starts_at == s[j].starts_at &&
			    s[i].id > s[j].id) ? i : j;
			earlier = later == i ? j : i;
			if (bad)
				*bad = later;
			if (other)
				*other = earlier;
			return AGENDA_OVERLAP;
		}
	return AGENDA_OK;
}

/* Index of the slot with id, or n. */
static size_t
agenda_find(const struct agenda_slot *s, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i].id == id)
			return i;
	return n;
}

/* Does a come before b in the agenda's order (start, then id)? */
static bool
agenda_before(const struct agenda_slot *a, const struct agenda_slot *b)
{
	return a->starts_at < b->starts_at ||
	    (a->starts_at == b->starts_at && a->id < b->id);
}

enum agenda_err
agenda_swap(struct agenda_slot *s, size_t n, int64_t id, bool later)
{
	struct agenda_slot *first, *second;
	int64_t span_start, gap, d1, d2;
	size_t i, k, nb = n;

	if ((k = agenda_find(s, n, id)) == n)
		return AGENDA_UNKNOWN;
	/* The neighbour: the closest slot of the track on the wanted side. */
	for (i = 0; i < n; i++) {
		if (i == k || s[i].track != s[k].track)
			continue;
		if (later ? !agenda_before(&s[k], &s[i]) :
		    !agenda_before(&s[i], &s[k]))
			continue;
		if (nb == n || (later ? agenda_before(&s[i], &s[nb]) :
		    agenda_before(&s[nb], &s[i])))
			nb = i;
	}
	if (nb == n)
		return AGENDA_NO_NEIGHBOUR;
	first = later ? &s[k] : &s[nb];
	second = later ? &s[nb] : &s[k];
	span_start = first->starts_at;
	gap = second->starts_at - first->ends_at;
	if (gap < 0)	/* they overlapped (stored before the rules): close up */
		gap = 0;
	d1 = first->ends_at - first->starts_at;
	d2 = second->ends_at - second->starts_at;
	/* The second takes the first's place, then the gap, then the first. */
	second->starts_at = span_start;
	second->ends_at = span_start + d2;
	first->starts_at = second->ends_at + gap;
	first->ends_at = first->starts_at + d1;
	first->changed = second->changed = true;
	return AGENDA_OK;
}

enum agenda_err
agenda_retime(struct agenda_slot *s, size_t n, int64_t id,
    int64_t starts_at, int64_t ends_at, bool shift, int64_t ev_start,
    int64_t ev_end, size_t *bad)
{
	enum agenda_err err;
	int64_t old_start, old_end, delta;
	size_t i, k;

	if ((k = agenda_find(s, n, id)) == n)
		return AGENDA_UNKNOWN;
	old_start = s[k].starts_at;
	old_end = s[k].ends_at;
	delta = shift ? ends_at - old_end : 0;
	for (i = 0; i < n; i++)
		s[i].changed = false;
	for (i = 0; i < n; i++)
		if (i != k && delta != 0 && s[i].starts_at >= old_end) {
			s[i].starts_at += delta;
			s[i].ends_at += delta;
			s[i].changed = true;
		}
	s[k].starts_at = starts_at;
	s[k].ends_at = ends_at;
	s[k].changed = true;
	err = agenda_check(s, n, ev_start, ev_end, bad, NULL);
	if (err == AGENDA_OK)
		return AGENDA_OK;
	/* Undo: the shifted slots are the ones marked changed. */
	for (i = 0; i < n; i++)
		if (i != k && s[i].changed) {
			s[i].starts_at -= delta;
			s[i].ends_at -= delta;
			s[i].changed = false;
		}
	s[k].starts_at = old_start;
	s[k].ends_at = old_end;
	s[k].changed = false;
	return err;
}

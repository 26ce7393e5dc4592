/*
 * dashboard.c - the programme's part of a staff member's home page (see
 * dashboard.h), summed up from the same reads as the network view
 * (report_load()), so the two never disagree.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "base/time.h"
#include "programme/dashboard.h"
#include "programme/report.h"

/* The latest first; of those due, the soonest; then by title. */
static int
dash_due_cmp(const void *x, const void *y)
{
	const struct dash_action *a = x, *b = y;

	if (a->days != b->days)
		return a->days < b->days ? -1 : 1;
	return strcmp(a->title, b->title);
}

static int
dash_change_cmp(const void *x, const void *y)
{
	const struct dash_change *a = x, *b = y;

	return a->at > b->at ? -1 : a->at < b->at;
}

/* Adds the visible workspaces of one period's data to out. */
static void
dash_add(struct arena *a, const struct user *u, int64_t now,
    const struct report_data *d, struct programme_dash *out)
{
	struct dash_workspace **at;
	size_t i, k;

	at = arena_calloc(a, d->nws ? d->nws : 1, sizeof(*at));
	for (i = 0; i < d->nws; i++) {
		struct dash_workspace *w;

		if (!d->ws[i].visible)
			continue;
		w = &out->ws[out->nws++];
		at[i] = w;
		w->year = d->period.year;
		w->code = d->ws[i].code;
		w->municipality = d->ws[i].municipality;
		w->tutors = d->ws[i].tutors;
		w->period_ends = d->period.ends_on;
		w->dims = (int64_t)d->ndims;
	}
	for (k = 0; k < d->nscores; k++) {
		size_t pos = report_ws_pos(d, d->scores[k].workspace_id);

		if (pos == d->nws || at[pos] == NULL)
			continue;
		if (d->scores[k].end)
			at[pos]->end_scored++;
		else
			at[pos]->start_scored++;
	}
	for (k = 0; k < d->nsessions; k++) {
		const struct report_session *s = &d->sessions[k];
		size_t pos = report_ws_pos(d, s->workspace_id);
		struct dash_workspace *w;

		if (pos == d->nws || (w = at[pos]) == NULL)
			continue;
		if (s->starts_at <= now) {
			w->held++;
			if (s->starts_at > w->last_session)
				w->last_session = s->starts_at;
		} else {
			w->upcoming++;
			if (w->next_session == 0 || s->starts_at < w->next_session)
				w->next_session = s->starts_at;
		}
	}
	for (k = 0; k < d->nactions; k++) {
		const struct report_action *x = &d->actions[k];
		size_t pos = report_ws_pos(d, x->workspace_id);
		struct dash_workspace *w;
		struct dash_action *da;
		struct dash_change *dc;
		int days;

		if (pos == d->nws || (w = at[pos]) == NULL)
			continue;
		w->actions++;
		if (x->status == ACTION_DONE)
			w->done++;
		dc = &out->changes[out->nchanges++];
		dc->ws = w;
		dc->title = x->title;
		dc->status = x->status;
		dc->progress = x->progress;
		dc->at = x->updated_at;
		if (x->status == ACTION_DONE || x->status == ACTION_DROPPED)
			continue;
		w->open++;
		if (!action_days_left(x->due_on, out->today, &days) ||
		    days > DASH_SOON_DAYS)
			continue;
		if (days < 0) {
			w->overdue++;
			out->overdue++;
		} else {
			w->due_soon++;
			out->due_soon++;
		}
		da = &out->due[out->ndue++];
		da->ws = w;
		da->title = x->title;
		da->owner = x->owner;
		da->due_on = x->due_on;
		da->days = days;
		da->status = x->status;
		da->progress = x->progress;
		da->mine = u->id != 0 && x->owner_account_id == u->id;
	}
}

int
programme_dashboard(struct db *db, struct arena *a, enum lang l,
    const struct user *u, int64_t now, struct programme_dash *out)
{
	struct programme_period *all;
	struct report_data *d;
	size_t n, i, nws = 0, nactions = 0;
	int64_t region = policy_region_filter(u);

	memset(out, 0, sizeof(*out));
	time_local_date(now, out->today);
	/* A tutor's or municipal coordinator's region is their account's
	 * (0, every region, when it has none); the policy decides below
	 * which workspaces they work on. */
	if (region < 0)
		region = u->region_id > 0 ? u->region_id : 0;
	if (report_periods(db, a, l, region, &all, &n) != 0)
		return -1;
	d = arena_calloc(a, n ? n : 1, sizeof(*d));
	for (i = 0; i < n; i++) {
		if (strcmp(all[i].starts_on, out->today) > 0 ||
		    strcmp(all[i].ends_on, out->today) < 0)
			continue;
		if (report_load(db, a, l, &all[i], &d[i]) != 0)
			return -1;
		report_mark_visible(u, &d[i]);
		nws += d[i].nws;
		nactions += d[i].nactions;
	}
	out->ws = arena_calloc(a, nws ? nws : 1, sizeof(*out->ws));
	out->due = arena_calloc(a, nactions ? nactions : 1, sizeof(*out->due));
	out->changes = arena_calloc(a, nactions ? nactions : 1,
	    sizeof(*out->changes));
	for (i = 0; i < n; i++)
		if (d[i].nws)
			dash_add(a, u, now, &d[i], out);
	if (out->ndue > 1)
		qsort(out->due, out->ndue, sizeof(*out->due), dash_due_cmp);
	if (out->nchanges > 1)
		qsort(out->changes, out->nchanges, sizeof(*out->changes),
		    dash_change_cmp);
	if (out->nchanges > DASH_CHANGES)
		out->nchanges = DASH_CHANGES;
	return 0;
}

/*
 * rules.c - status and progress of actions.
 */
#include <string.h>
#include <time.h>

#include "base/str.h"
#include "base/time.h"
#include "programme/rules.h"
#include "view/i18n.h"

static const char *const status_names[ACTION_STATUS_COUNT] = {
	"planned", "in-progress", "done", "dropped",
};

static const char *const status_labels[ACTION_STATUS_COUNT] = {
	N_("Planned"), N_("In progress"), N_("Done"), N_("Dropped"),
};

const char *
action_status_name(enum action_status s)
{
	return (unsigned)s < ACTION_STATUS_COUNT ? status_names[s] : "planned";
}

const char *const session_mode_names[SESSION_MODE_COUNT] = { "on-site",
	"remote" };

int
session_mode_parse(const char *s, enum session_mode *out)
{
	int i = str_index(s, session_mode_names, SESSION_MODE_COUNT);

	if (i < 0)
		return -1;
	*out = (enum session_mode)i;
	return 0;
}

int
action_status_parse(const char *s, enum action_status *out)
{
	int i = str_index(s, status_names, ACTION_STATUS_COUNT);

	if (i < 0)
		return -1;
	*out = (enum action_status)i;
	return 0;
}

const char *
action_status_label(enum action_status s)
{
	return (unsigned)s < ACTION_STATUS_COUNT ? status_labels[s] :
	    status_labels[0];
}

/*
 * The two fields must never disagree (a "done" action at 40 % is a report
 * nobody can read), so one is derived from the other where the request
 * leaves room, and a request that names both inconsistently is refused
 * rather than silently "fixed".
 */
const char *
action_apply(const struct action_state *cur, const struct action_state *want,
    bool progress_given, struct action_state *out)
{
	int p = progress_given ? want->progress : cur->progress;

	if (progress_given && (want->progress < 0 || want->progress > 100))
		return N_("Progress is a percentage from 0 to 100.");
	out->status = want->status;
	out->progress = p;
	switch (want->status) {
	case ACTION_PLANNED:
		if (progress_given && p > 0) {
			if (cur->status != ACTION_PLANNED)
				return N_("A planned action has no progress yet. Choose \"in progress\".");
			out->status = p == 100 ? ACTION_DONE : ACTION_IN_PROGRESS;
		} else
			out->progress = 0;
		break;
	case ACTION_IN_PROGRESS:
		if (p == 100) {
			if (progress_given)
				out->status = ACTION_DONE;
			else
				out->progress = 99;
		}
		break;
	case ACTION_DONE:
		if (progress_given && p != 100)
			return N_("A done action is at 100 %. Choose \"in progress\" to report less.");
		out->progress = 100;
		break;
	case ACTION_DROPPED:
		break;
	}
	return NULL;
}


/* Days since the epoch of a valid date; dates compare as whole days. */
static long
rules_day(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = ((s[0] - '0') * 1000 + (s[1] - '0') * 100 +
	    (s[2] - '0') * 10 + (s[3] - '0')) - 1900;
	tm.tm_mon = (s[5] - '0') * 10 + (s[6] - '0') - 1;
	tm.tm_mday = (s[8] - '0') * 10 + (s[9] - '0');
	tm.tm_hour = 12;
	return (long)(timegm(&tm) / 86400);
}

bool
action_days_left(const char *due_on, const char *today, int *days)
{
	if (!time_date_valid(due_on) || !time_date_valid(today))
		return false;
	*days = (int)(rules_day(due_on) - rules_day(today));
	return true;
}

bool
action_overdue(const char *due_on, const char *today, enum action_status s)
{
	int days;

	if (s == ACTION_DONE || s == ACTION_DROPPED)
		return false;
	return action_days_left(due_on, today, &days) && days < 0;
}

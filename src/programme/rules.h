/*
 * rules.h - the rules of concrete actions: status and progress move
 * together, and what counts as overdue.  Pure functions, no storage.
 *
 *   planned      progress 0 (work has not started)
 *   in-progress  progress 0-99; reporting progress on a planned action
 *                starts it
 *   done         progress 100; reaching 100 % marks it done
 *   dropped      progress kept as it was when dropped (how far it got)
 *
 * An action is overdue when it has a due date before today (Helsinki) and
 * is neither done nor dropped.
 */
#ifndef TV_PROGRAMME_RULES_H
#define TV_PROGRAMME_RULES_H

#include <stdbool.h>

enum action_status {
	ACTION_PLANNED,
	ACTION_IN_PROGRESS,
	ACTION_DONE,
	ACTION_DROPPED,
};
#define ACTION_STATUS_COUNT 4

struct action_state {
	enum action_status status;
	int progress;		/* 0..100 */
};

/* "planned", "in-progress", "done", "dropped" (as stored). */
const char *action_status_name(enum action_status s);

/* Parses a stored status name; -1 when unknown. */
int action_status_parse(const char *s, enum action_status *out);

/* The status in the page's words, a msgid ("In progress"). */
const char *action_status_label(enum action_status s);

/*
 * Applies a requested change `want` to the current state `cur` and writes
 * the state to store into *out.  `progress_given` tells whether the request
 * named a progress at all (a status change alone keeps or derives it).
 * Returns NULL, or the reason the change is refused (a msgid).
 */
const char *action_apply(const struct action_state *cur,
    const struct action_state *want, bool progress_given,
    struct action_state *out);

/* True when a due date (YYYY-MM-DD, may be NULL or "") is before today
 * (YYYY-MM-DD) and the action is still open. */
bool action_overdue(const char *due_on, const char *today,
    enum action_status s);

/* Days from today to the due date (negative when past); false when either
 * date is missing or malformed. */
bool action_days_left(const char *due_on, const char *today, int *days);

/* How a sparring session is held, as stored in sparring_session.mode. */
enum session_mode {
	SESSION_ON_SITE,	/* "on-site" */
	SESSION_REMOTE,		/* "remote" */
};
#define SESSION_MODE_COUNT 2

/* The stored names of the modes, in enum order (for form_choice()). */
extern const char *const session_mode_names[SESSION_MODE_COUNT];

/* Parses a stored mode; -1 when unknown. */
int session_mode_parse(const char *s, enum session_mode *out);

#endif

/*
 * jobs.c - reminders, thank-you messages and the erasure of
 * registrants' personal data (see registration.h).
 *
 * Each kind of work is one write transaction per run: the candidates are
 * read inside it, each message is queued with mail_send() and its
 * bookkeeping column set in the same transaction, so a crash either keeps
 * both or neither, and the dedupe key of the outbox stops a second copy
 * even if the column were lost.  A reminder remembers the start time it
 * was sent for: an event moved to a later day is reminded of again.
 * Thank-you messages go only for events that ended within the last week,
 * so old events (the demo's 2021 webinar) never get a late thank-you.
 */
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/settings.h"
#include "base/time.h"
#include "db/rows.h"
#include "events/events.h"
#include "registration/registration.h"
#include "calendar/calendar.h"
#include "http/urls.h"
#include "mail/mail.h"
#include "view/i18n.h"

#define EVJ_BATCH 200
#define EVJ_THANKS_WINDOW (7 * 86400)

/* One registration and its event, as the messages need them. */
struct evj_item {
	int64_t reg_id, event_id, starts_at, ends_at, group_size;
	const char *submission, *name, *email, *place, *platform;
	enum event_kind kind;
	const char *join_url, *title;
	enum lang l;
};

/* An event's confirmed registrations that still have their address;
 * ?1 the event. */
#define EVJ_COLUMNS "SELECT id, group_size, submission, name, email, lang " \
	"FROM registration WHERE event_id = ?1 AND status = 'confirmed' AND " \
	"erased_at IS NULL "

static int
evj_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct evj_item *it = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&it->reg_id),
	    db_as_int(&it->group_size), db_as_str(&it->submission),
	    db_as_str(&it->name), db_as_str(&it->email)));
	if (lang_parse(db_col_text(st, 5), db_col_len(st, 5), &it->l) != 0)
		it->l = LANG_FI;
	return 0;
}

/* ?1 = a, and ?2 = b when sql uses it (binding a parameter the statement
 * lacks is an error). */
static size_t
evj_args(struct db_arg v[2], const char *sql, int64_t a, int64_t b)
{
	v[0] = db_int(a);
	v[1] = db_int(b);
	return strstr(sql, "?2") != NULL ? 2 : 1;
}

/*
 * Reads the registrations of event e by sql (EVJ_COLUMNS and more, bound
 * to args) into *out, with the event's facts in each.  0 or -1.
 */
static int
evj_load(struct db *db, struct arena *a, const struct event_facts *e,
    const char *sql, const struct db_arg *args, size_t nargs,
    struct evj_item **out, size_t *n)
{
	size_t i;

	*out = db_rows(db, a, sql, args, nargs, evj_row, sizeof(**out), n);
	if (*out == NULL)
		return -1;
	for (i = 0; i < *n; i++) {
		struct evj_item *it = &(*out)[i];

		it->event_id = e->id;
		it->starts_at = e->starts_at;
		it->ends_at = e->ends_at;
		it->kind = e->kind;
		it->place = e->place;
		it->platform = e->platform;
		it->join_url = e->join_url;
		it->title = i18n_pick(it->l, e->titles[LANG_FI],
		    e->titles[LANG_SV], e->titles[LANG_EN], NULL);
	}
	return 0;
}

/* The registrations due a reminder for the start ?2, and those due a
 * thank-you; at most ?3 (?2). */
/* Is there one?  (Conditions follow, then LIMIT 1.) */
#define EVJ_EXISTS "SELECT 1 FROM registration WHERE event_id = ?1 AND " \
	"status = 'confirmed' AND erased_at IS NULL "

static const char evj_reminder_sql[] = EVJ_COLUMNS "AND (reminded_for IS "
    "NULL OR reminded_for <> ?2) ORDER BY id LIMIT ?3";
static const char evj_thanks_sql[] = EVJ_COLUMNS "AND thanked_at IS NULL "
    "ORDER BY id LIMIT ?2";

/* A page of the registrant's own (route `name`: registration.view or
 * .feedback-form), from their token. */
static const char *
evj_link(struct db *db, struct arena *a, const struct evj_item *it,
    const char *name)
{
	char token[REG_TOKEN_LEN + 1];

	if (registration_token(db, it->event_id, it->submission, token) != 0)
		return NULL;
	return url_abs_for(a, it->l, name, token, NULL);
}

/* The lines about when and where, shared by both messages. */
static void
evj_details(struct buf *b, struct arena *a, const struct evj_item *it,
    bool with_join)
{
	enum lang l = it->l;

	buf_printf(b, "%s\n", it->title);
	buf_printf(b, "%s: %s\n", i18n_text(l, "Time"),
	    time_format_datetime(a, l, it->starts_at));
	if (it->kind != EVENT_WEBINAR && it->place[0] != '\0')
		buf_printf(b, "%s: %s\n", i18n_text(l, "Place"), it->place);
	if (it->kind != EVENT_ONSITE) {
		if (it->platform[0] != '\0')
			buf_printf(b, "%s: %s\n", i18n_text(l, "Online platform"),
			    it->platform);
		if (with_join && it->join_url[0] != '\0')
			buf_printf(b, "%s: %s\n", i18n_text(l, "Join link"),
			    it->join_url);
	}
	if (it->group_size > 1)
		buf_printf(b, "%s: %lld\n", i18n_text(l, "Seats"),
		    (long long)it->group_size);
}

static int
evj_set(struct db *db, const char *sql, int64_t id, int64_t v)
{
	return db_run(db, sql, DB_ARGS(db_int(id), db_int(v)), NULL) == 0 ?
	    0 : -1;
}

static int
evj_reminders(struct db *db, struct arena *a, const struct event_facts *e,
    int64_t now, size_t *room, int64_t *count)
{
	struct evj_item *items;
	size_t n, i;

	if (evj_load(db, a, e, evj_reminder_sql, DB_ARGS(db_int(e->id),
	    db_int(e->starts_at), db_int((int64_t)*room)), &items, &n) != 0)
		return -1;
	*room -= n;
	for (i = 0; i < n; i++) {
		const struct evj_item *it = &items[i];
		const char *manage = evj_link(db, a, it, "registration.view");
		struct mail_msg m;
		struct buf b;
		int rc;

		if (manage == NULL)
			return -1;
		buf_init(&b);
		buf_printf(&b, "%s\n\n", i18n_text(it->l, "This is a reminder of the event you have registered for. Welcome!"));
		evj_details(&b, a, it, true);
		buf_printf(&b, "\n%s\n%s\n\n%s\n%s/calendar.ics\n",
		    i18n_text(it->l, "To view, change or cancel your registration:"),
		    manage, i18n_text(it->l, "Add the event to your calendar:"),
		    manage);
		buf_printf(&b, "\n%s\n", i18n_text(it->l, "If you cannot come, please cancel your registration so that your seat can go to someone else."));
		memset(&m, 0, sizeof(m));
		m.to = it->email;
		m.subject = arena_printf(a, i18n_text(it->l, "Reminder: %s"),
		    it->title);
		m.body = buf_cstr(&b);
		m.dedupe_key = arena_printf(a, "reg:%lld:reminder-%lld",
		    (long long)it->reg_id, (long long)it->starts_at);
		rc = mail_send(db, &m, now);
		buf_cleanup(&b);
		if (rc < 0 || evj_set(db, "UPDATE registration SET "
		    "reminded_for = ?2 WHERE id = ?1", it->reg_id,
		    it->starts_at) != 0)
			return -1;
		if (rc == 0)
			(*count)++;
	}
	return 0;
}

static int
evj_thanks(struct db *db, struct arena *a, const struct event_facts *e,
    int64_t now, size_t *room, int64_t *count)
{
	struct evj_item *items;
	size_t n, i;

	if (evj_load(db, a, e, evj_thanks_sql, DB_ARGS(db_int(e->id),
	    db_int((int64_t)*room)), &items, &n) != 0)
		return -1;
	*room -= n;
	for (i = 0; i < n; i++) {
		const struct evj_item *it = &items[i];
		const char *survey = evj_link(db, a, it,
		    "registration.feedback-form");
		struct mail_msg m;
		struct buf b;
		int rc;

		if (survey == NULL)
			return -1;
		buf_init(&b);
		buf_printf(&b, "%s\n\n", i18n_text(it->l, "Thank you for registering for the event. We hope it was useful."));
		evj_details(&b, a, it, false);
		buf_printf(&b, "\n%s\n%s\n\n%s\n", i18n_text(it->l, "Please tell us what you thought: the survey has three questions and takes a minute."),
		    survey, i18n_text(it->l, "The organisers see the answers without your name."));
		memset(&m, 0, sizeof(m));
		m.to = it->email;
		m.subject = arena_printf(a, i18n_text(it->l, "Thank you for taking part: %s"),
		    it->title);
		m.body = buf_cstr(&b);
		m.dedupe_key = arena_printf(a, "reg:%lld:thanks",
		    (long long)it->reg_id);
		rc = mail_send(db, &m, now);
		buf_cleanup(&b);
		if (rc < 0 || evj_set(db, "UPDATE registration SET "
		    "thanked_at = ?2 WHERE id = ?1", it->reg_id, now) != 0)
			return -1;
		if (rc == 0)
			(*count)++;
	}
	return 0;
}

/* Runs sql with ?1 = id (and ?2 = v when it uses it). */
static int
evj_exec(struct db *db, const char *sql, int64_t id, int64_t v)
{
	struct db_arg args[2];

	return db_run(db, sql, args, evj_args(args, sql, id, v), NULL) == 0 ?
	    0 : -1;
}

/* The first column of a one-row query with ?1 = id, ?2 = v; -1 on error. */
static int64_t
evj_count(struct db *db, const char *sql, int64_t id, int64_t v)
{
	struct db_arg args[2];
	int64_t n;

	return db_int64(db, sql, args, evj_args(args, sql, id, v), &n) == 0 ?
	    n : -1;
}

int64_t
registration_erase_event(struct db *db, int64_t event_id, int64_t now)
{
	int64_t k = evj_count(db, "SELECT COUNT(*) FROM registration WHERE "
	    "event_id = ?1 AND erased_at IS NULL", event_id, 0);

	if (k < 0 ||
	    evj_exec(db, "DELETE FROM registration_answer WHERE "
	    "registration_id IN (SELECT id FROM registration WHERE "
	    "event_id = ?1)", event_id, now) != 0 ||
	    evj_exec(db, "UPDATE registration SET name = '', email = '', "
	    "organisation = '', erased_at = ?2 WHERE event_id = ?1 AND "
	    "erased_at IS NULL", event_id, now) != 0)
		return -1;
	return k;
}

/* The events whose reminders or thank-you messages are due now. */
struct evj_due {
	struct event_facts *rem, *thx;
	size_t nrem, nthx;
};

/*
 * Reads them into *d: 1 when one of them has a registration still
 * waiting for its message, 0 when none has, -1 on error.
 */
static int
evj_due(struct db *db, struct arena *a, int64_t now, struct evj_due *d)
{
	int64_t one;
	size_t i;
	int rc;

	d->rem = events_reminders_due(db, a, now, &d->nrem);
	d->thx = events_thanks_due(db, a, now - EVJ_THANKS_WINDOW, now,
	    &d->nthx);
	if (d->rem == NULL || d->thx == NULL)
		return -1;
	for (i = 0; i < d->nrem; i++) {
		rc = db_int64(db, EVJ_EXISTS "AND (reminded_for IS NULL OR "
		    "reminded_for <> ?2) LIMIT 1", DB_ARGS(db_int(d->rem[i].id),
		    db_int(d->rem[i].starts_at)), &one);
		if (rc != DB_MISSING)
			return rc == 0 ? 1 : -1;
	}
	for (i = 0; i < d->nthx; i++) {
		rc = db_int64(db, EVJ_EXISTS "AND thanked_at IS NULL LIMIT 1",
		    DB_ARGS(db_int(d->thx[i].id)), &one);
		if (rc != DB_MISSING)
			return rc == 0 ? 1 : -1;
	}
	return 0;
}

int
event_jobs_run(struct db *db, int64_t now, struct event_job_counts *c)
{
	struct evj_due due;
	struct arena a;
	size_t i, room = EVJ_BATCH;
	int rc;

	memset(c, 0, sizeof(*c));
	/* The job runs every few seconds: look first, and take the write
	 * lock only when there is something to do. */
	arena_init(&a);
	rc = evj_due(db, &a, now, &due);
	arena_cleanup(&a);
	if (rc != 1)
		return rc;
	arena_init(&a);
	if (db_begin(db) != 0) {
		arena_cleanup(&a);
		return -1;
	}
	rc = evj_due(db, &a, now, &due) < 0 ? -1 : 0;
	for (i = 0; rc == 0 && i < due.nrem && room > 0; i++)
		rc = evj_reminders(db, &a, &due.rem[i], now, &room,
		    &c->reminders);
	for (i = 0; rc == 0 && i < due.nthx && room > 0; i++)
		rc = evj_thanks(db, &a, &due.thx[i], now, &room, &c->thanks);
	if (rc != 0 || db_commit(db) != 0) {
		db_rollback(db);
		arena_cleanup(&a);
		log_warn("event jobs: failed; nothing was sent");
		return -1;
	}
	arena_cleanup(&a);
	if (c->reminders || c->thanks)
		log_info("event jobs: %lld reminders, %lld thank-you messages",
		    (long long)c->reminders, (long long)c->thanks);
	return 0;
}

int
event_jobs_job(struct db *db, int64_t now)
{
	struct event_job_counts c;

	return event_jobs_run(db, now, &c);
}

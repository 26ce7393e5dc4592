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

#define EVJ_COLUMNS "r.id, r.event_id, e.starts_at, e.ends_at, " \
	"r.group_size, r.submission, r.name, r.email, e.kind, e.place, " \
	"e.platform, e.join_url, e.title_fi, e.title_sv, e.title_en, r.lang"

static int
evj_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct evj_item *it = out;

	it->reg_id = db_col_int64(st, 0);
	it->event_id = db_col_int64(st, 1);
	it->starts_at = db_col_int64(st, 2);
	it->ends_at = db_col_int64(st, 3);
	it->group_size = db_col_int64(st, 4);
	it->submission = db_col_dup(st, a, 5);
	it->name = db_col_dup(st, a, 6);
	it->email = db_col_dup(st, a, 7);
	it->kind = event_kind_parse(db_col_text(st, 8));
	it->place = db_col_dup(st, a, 9);
	it->platform = db_col_dup(st, a, 10);
	it->join_url = db_col_dup(st, a, 11);
	if (lang_parse(db_col_text(st, 15), db_col_len(st, 15), &it->l) != 0)
		it->l = LANG_FI;
	it->title = arena_strdup(a, i18n_pick(it->l, db_col_text(st, 12),
	    db_col_text(st, 13), db_col_text(st, 14), NULL));
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

/* Reads up to EVJ_BATCH rows of sql (bound: ?1 now) into *out. */
static int
evj_load(struct db *db, struct arena *a, const char *sql, int64_t now,
    int64_t extra, struct evj_item **out, size_t *n)
{
	struct db_arg v[2];

	*out = db_rows(db, a, sql, v, evj_args(v, sql, now, extra), evj_row,
	    sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

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
evj_reminders(struct db *db, struct arena *a, int64_t now, int64_t *count)
{
	struct evj_item *items;
	size_t n, i;

	if (evj_load(db, a, "SELECT " EVJ_COLUMNS " FROM registration r "
	    "JOIN event e ON e.id = r.event_id WHERE r.status = 'confirmed' "
	    "AND r.erased_at IS NULL AND e.status = 'published' AND "
	    "e.starts_at > ?1 AND e.starts_at - e.reminder_hours * 3600 <= ?1 "
	    "AND (r.reminded_for IS NULL OR r.reminded_for <> e.starts_at) "
	    "ORDER BY r.id LIMIT 200", now, 0, &items, &n) != 0)
		return -1;
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
evj_thanks(struct db *db, struct arena *a, int64_t now, int64_t *count)
{
	struct evj_item *items;
	size_t n, i;

	if (evj_load(db, a, "SELECT " EVJ_COLUMNS " FROM registration r "
	    "JOIN event e ON e.id = r.event_id WHERE r.status = 'confirmed' "
	    "AND r.erased_at IS NULL AND r.thanked_at IS NULL AND "
	    "e.status = 'published' AND e.ends_at <= ?1 AND e.ends_at > ?2 "
	    "ORDER BY r.id LIMIT 200", now, now - EVJ_THANKS_WINDOW, &items,
	    &n) != 0)
		return -1;
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

int
event_jobs_run(struct db *db, int64_t now, struct event_job_counts *c)
{
	struct arena a;
	int rc;

	memset(c, 0, sizeof(*c));
	/* The job runs every few seconds: look first, and take the write
	 * lock only when there is something to do. */
	if (evj_count(db, "SELECT CASE WHEN EXISTS (SELECT 1 FROM "
	    "registration r JOIN event e ON e.id = r.event_id WHERE "
	    "r.status = 'confirmed' AND r.erased_at IS NULL AND "
	    "e.status = 'published' AND ((e.starts_at > ?1 AND "
	    "e.starts_at - e.reminder_hours * 3600 <= ?1 AND "
	    "(r.reminded_for IS NULL OR r.reminded_for <> e.starts_at)) OR "
	    "(r.thanked_at IS NULL AND e.ends_at <= ?1 AND e.ends_at > ?2))) "
	    "THEN 1 ELSE 0 END", now, now - EVJ_THANKS_WINDOW) == 0)
		return 0;
	arena_init(&a);
	if (db_begin(db) != 0) {
		arena_cleanup(&a);
		return -1;
	}
	rc = evj_reminders(db, &a, now, &c->reminders);
	if (rc == 0)
		rc = evj_thanks(db, &a, now, &c->thanks);
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

/*
 * registration.c - registrants' secret links and the messages about a
 * registration (see registration.h).
 */
#include <pthread.h>
#include <stddef.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/settings.h"
#include "base/time.h"
#include "auth/account.h"
#include "auth/throttle.h"
#include "calendar/calendar.h"
#include "registration/registration.h"
#include "registration/store.h"
#include "db/committer.h"
#include "db/meta.h"
#include "db/rows.h"
#include "events/events.h"
#include "http/urls.h"
#include "mail/mail.h"
#include "mail/mime.h"

#define REG_KEY_NAME "registration_key"

/*
 * The key as this thread last read it, with the db_generation() it was
 * read under (db_read_generation()): used again until anything is
 * written, so that a form, its POST and the registrations of a batch do
 * not each read it; a restored or replaced database's own key is read
 * again at the next write at the latest.
 */
static _Thread_local struct {
	bool valid;
	uint64_t gen;
	unsigned char key[32];
} reg_key_memo;

/*
 * The server key of registration links, 32 random bytes stored as hex in
 * meta.  Created on first use; ON CONFLICT DO NOTHING makes two first uses
 * at once agree on whichever key was written first.  It is read each time
 * (one indexed row from the statement cache) rather than cached in the
 * process, so a restored database keeps working with its own key.
 */
static int
reg_key(struct db *db, unsigned char key[32])
{
	struct arena a;
	const char *value;
	char hex[65];
	size_t bin_len = 0;
	uint64_t gen = db_read_generation(db);
	int rc, tries;

	if (reg_key_memo.valid && reg_key_memo.gen == gen &&
	    gen == db_generation()) {
		memcpy(key, reg_key_memo.key, 32);
		return 0;
	}
	arena_init(&a);
	for (tries = 0; tries < 2; tries++) {
		rc = db_meta_get(db, &a, REG_KEY_NAME, &value);
		if (rc == 0 && strlen(value) == 64) {
			rc = sodium_hex2bin(key, 32, value, 64, NULL, &bin_len,
			    NULL);
			arena_cleanup(&a);
			if (rc != 0 || bin_len != 32)
				return -1;
			/* A key written in this transaction is not kept: the
			 * transaction may still roll back. */
			if (tries == 0) {
				memcpy(reg_key_memo.key, key, 32);
				reg_key_memo.gen = gen;
				reg_key_memo.valid = true;
			}
			return 0;
		}
		if (rc != 0 && rc != DB_MISSING)
			break;
		if (rc == 0) {
			log_error("registration: meta %s is malformed",
			    REG_KEY_NAME);
			break;
		}
		randombytes_buf(key, 32);
		sodium_bin2hex(hex, sizeof(hex), key, 32);
		rc = db_meta_add(db, REG_KEY_NAME, hex);
		sodium_memzero(hex, sizeof(hex));
		if (rc != 0)
			break;
	}
	arena_cleanup(&a);
	return -1;
}

int
registration_key_init(struct db *db)
{
	unsigned char key[32];
	int rc = reg_key(db, key);

	sodium_memzero(key, sizeof(key));
	return rc;
}

_Static_assert(REG_SUBMISSION_LEN == REG_TOKEN_LEN, "one MAC length");

/*
 * HMAC-SHA256 under the registrations' key of the parts in order, as
 * base64url without padding into out (43 characters and a NUL): 0 or -1.
 * The callers' separators keep one input from equalling another.
 */
static int
reg_mac(struct db *db, const char *const *parts, size_t nparts,
    char out[REG_TOKEN_LEN + 1])
{
	unsigned char key[32], mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state s;
	size_t i;

	if (reg_key(db, key) != 0)
		return -1;
	crypto_auth_hmacsha256_init(&s, key, sizeof(key));
	for (i = 0; i < nparts; i++)
		crypto_auth_hmacsha256_update(&s,
		    (const unsigned char *)parts[i], strlen(parts[i]));
	crypto_auth_hmacsha256_final(&s, mac);
	sodium_bin2base64(out, REG_TOKEN_LEN + 1, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&s, sizeof(s));
	return 0;
}

int
registration_submission_bind(struct db *db, const char *submission,
    const char *csrf, char out[REG_SUBMISSION_LEN + 1])
{
	/* "sub:<csrf>:<submission>": a prefix of its own, so a bound id can
	 * never equal a token's input. */
	const char *parts[] = { "sub:", csrf, ":", submission };

	if (submission == NULL || csrf == NULL)
		return -1;
	return reg_mac(db, parts, 4, out);
}

int
registration_token(struct db *db, int64_t event_id, const char *submission,
    char out[REG_TOKEN_LEN + 1])
{
	char id[24];
	const char *parts[] = { id, submission };

	if (submission == NULL)
		return -1;
	/* "<event id>:<submission>": the colon keeps (1, "2x") and (12, "x")
	 * apart. */
	snprintf(id, sizeof(id), "%lld:", (long long)event_id);
	return reg_mac(db, parts, 2, out);
}

void
registration_token_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* What a message says about a registration and its event. */
struct reg_facts {
	int64_t id, event_id, group_size, waiting_seq, offer_expires_at;
	int64_t starts_at, ends_at, sequence, offer_hours;
	const char *submission, *name, *email;
	enum reg_status status;
	enum event_kind kind;
	const char *place, *platform, *join_url, *title;
	enum lang l;
};

static int
reg_msg_facts_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct reg_facts *f = out;
	const char *lc;

	db_cols(st, a, 0, DB_COLS(db_as_int(&f->id), db_as_int(&f->event_id),
	    db_as_int(&f->group_size), db_as_int(&f->waiting_seq),
	    db_as_int(&f->offer_expires_at), db_as_str(&f->submission),
	    db_as_str(&f->name), db_as_str(&f->email)));
	f->status = reg_status_parse(db_col_text(st, 8));
	lc = db_col_text(st, 9);
	if (lang_parse(lc, strlen(lc), &f->l) != 0)
		f->l = LANG_FI;
	return 0;
}

/* A registration not erased and its event's part of a message: 0,
 * DB_MISSING or -1. */
static int
reg_facts_load(struct db *db, struct arena *a, int64_t reg_id,
    struct reg_facts *f)
{
	struct event_facts e;
	int rc;

	rc = db_row(db, a, "SELECT id, event_id, group_size, waiting_seq, "
	    "offer_expires_at, submission, name, email, status, lang FROM "
	    "registration WHERE id = ?1 AND erased_at IS NULL",
	    DB_ARGS(db_int(reg_id)), reg_msg_facts_row, f);
	if (rc != 0)
		return rc;
	if ((rc = events_facts(db, a, f->event_id, &e)) != 0)
		return rc;
	f->kind = e.kind;
	f->place = e.place;
	f->platform = e.platform;
	f->join_url = e.join_url;
	f->title = i18n_pick(f->l, e.titles[LANG_FI], e.titles[LANG_SV],
	    e.titles[LANG_EN], NULL);
	f->starts_at = e.starts_at;
	f->ends_at = e.ends_at;
	f->sequence = e.sequence;
	f->offer_hours = e.offer_hours;
	return 0;
}

/* How many are waiting up to place `seq` (1 = next); -1 on error.
 * Defined with the other queries below. */
static int64_t reg_place(struct db *db, int64_t event_id, int64_t seq);

/* The registrant's place on the waiting list (1 = next), or 0. */
static int64_t
reg_queue_place(struct db *db, const struct reg_facts *f)
{
	int64_t place;

	if (f->status != REG_WAITING)
		return 0;
	place = reg_place(db, f->event_id, f->waiting_seq);
	return place < 0 ? 0 : place;
}

/* The event's facts as lines "Label: value". */
static void
reg_event_lines(struct buf *b, struct arena *a, const struct reg_facts *f,
    bool with_join)
{
	enum lang l = f->l;

	buf_printf(b, "%s\n", f->title);
	buf_printf(b, "%s: %s\n", i18n_text(l, "Time"),
	    time_format_datetime(a, l, f->starts_at));
	if (f->kind != EVENT_WEBINAR && f->place[0] != '\0')
		buf_printf(b, "%s: %s\n", i18n_text(l, "Place"), f->place);
	if (f->kind != EVENT_ONSITE) {
		if (f->platform[0] != '\0')
			buf_printf(b, "%s: %s\n", i18n_text(l, "Online platform"),
			    f->platform);
		if (with_join && f->join_url[0] != '\0')
			buf_printf(b, "%s: %s\n", i18n_text(l, "Join link"),
			    f->join_url);
	}
	if (f->group_size > 1)
		buf_printf(b, "%s: %lld\n", i18n_text(l, "Seats"),
		    (long long)f->group_size);
}

static const char *const reg_mail_names[] = {
	[REG_MAIL_CONFIRMED] = "confirmed",
	[REG_MAIL_WAITING] = "waiting",
	[REG_MAIL_OFFER] = "offer",
	[REG_MAIL_CANCELLED] = "cancelled",
	[REG_MAIL_EVENT_CHANGED] = "event-changed",
	[REG_MAIL_EVENT_CANCELLED] = "event-cancelled",
	[REG_MAIL_AGAIN] = "again",
};

/* Subject and opening paragraph of each kind of message. */
static void
reg_mail_text(struct buf *b, struct arena *a, const struct reg_facts *f,
    enum reg_mail kind, int64_t place, const char **subject)
{
	enum lang l = f->l;
	const char *fmt;

	switch (kind) {
	case REG_MAIL_CONFIRMED:
		fmt = i18n_text(l, "Registration confirmed: %s");
		buf_printf(b, "%s\n\n", i18n_text(l, "Your registration is confirmed. Welcome! The event is in the attached calendar file."));
		break;
	case REG_MAIL_WAITING:
		fmt = i18n_text(l, "On the waiting list: %s");
		buf_printf(b, "%s ", i18n_text(l, "The event is full, so you are on the waiting list."));
		buf_printf(b, i18n_text(l, "You are number %lld in the queue."),
		    (long long)place);
		buf_printf(b, " %s\n\n", i18n_text(l, "If a seat becomes free, we offer it to you by e-mail, and you can then accept or decline it."));
		break;
	case REG_MAIL_OFFER:
		fmt = i18n_text(l, "A seat is free for you: %s");
		buf_printf(b, "%s ", i18n_text(l, "A seat has become free and it is yours if you accept it."));
		buf_printf(b, i18n_text(l, "Please accept or decline the offer by %s."),
		    time_format_datetime(a, l, f->offer_expires_at));
		buf_printf(b, " %s\n\n", i18n_text(l, "If you do not answer by then, the seat is offered to the next person on the waiting list."));
		break;
	case REG_MAIL_CANCELLED:
		fmt = i18n_text(l, "Registration cancelled: %s");
		buf_printf(b, "%s\n\n", i18n_text(l, "Your registration has been cancelled. Thank you for letting us know: your seat can now go to someone else."));
		break;
	case REG_MAIL_EVENT_CHANGED:
		fmt = i18n_text(l, "Event changed: %s");
		buf_printf(b, "%s\n\n", i18n_text(l, "The time or place of the event has changed. The details below are up to date."));
		break;
	case REG_MAIL_AGAIN:
		fmt = i18n_text(l, "You are already registered: %s");
		buf_printf(b, "%s\n\n", i18n_text(l, "Someone, probably you, tried to register for this event again with this e-mail address. You already have a registration, so no new one was made. If it was not you, you do not need to do anything."));
		break;
	case REG_MAIL_EVENT_CANCELLED:
	default:
		fmt = i18n_text(l, "Event cancelled: %s");
		buf_printf(b, "%s\n\n", i18n_text(l, "Unfortunately the event has been cancelled. You do not need to do anything."));
		break;
	}
	*subject = arena_printf(a, fmt, f->title);
}

/*
 * The message of `kind` about the registration of facts f, queued in the
 * caller's transaction.  had_seat: whether the registrant held a seat
 * (and so had the event in their calendar from the confirmation) before
 * this message: only then does a cancellation carry the cancelling
 * calendar entry.  A registration's status has already changed when its
 * message is made, so the caller says.  place is the registrant's place
 * on the waiting list when the caller knows it (the committer), or -1 to
 * count it here.  mb: the committer's batch of messages, written with its
 * batch (mail_batch_add()); NULL: queued now.
 */
static int
reg_mail_facts(struct db *db, const struct reg_facts *fp, enum reg_mail kind,
    int64_t now, bool had_seat, int64_t place, struct mail_batch *mb)
{
	const struct reg_facts f = *fp;
	struct arena a;
	struct buf b;
	struct mail_msg m;
	struct mail_attachment att;
	struct buf ics;
	const char *subject, *key;
	char token[REG_TOKEN_LEN + 1];
	int rc = -1;

	arena_init(&a);
	buf_init(&b);
	buf_init(&ics);
	memset(&m, 0, sizeof(m));
	memset(&att, 0, sizeof(att));
	if (registration_token(db, f.event_id, f.submission, token) != 0)
		goto out;
	buf_printf(&b, i18n_text(f.l, "Hello %s,"), f.name);
	buf_puts(&b, "\n\n");
	reg_mail_text(&b, &a, &f, kind, place >= 0 ? place :
	    reg_queue_place(db, &f), &subject);
	reg_event_lines(&b, &a, &f, kind == REG_MAIL_CONFIRMED ||
	    ((kind == REG_MAIL_EVENT_CHANGED || kind == REG_MAIL_AGAIN) &&
	    f.status == REG_CONFIRMED));
	if (kind != REG_MAIL_CANCELLED && kind != REG_MAIL_EVENT_CANCELLED) {
		buf_printf(&b, "\n%s\n%s\n",
		    kind == REG_MAIL_OFFER ?
		    i18n_text(f.l, "Accept or decline the seat here:") :
		    i18n_text(f.l, "View, change or cancel your registration here:"),
		    url_abs_for(&a, f.l, "registration.view", token, NULL));
	}
	if (kind == REG_MAIL_EVENT_CHANGED || kind == REG_MAIL_EVENT_CANCELLED)
		key = arena_printf(&a, "reg:%lld:%s:%lld", (long long)f.id,
		    reg_mail_names[kind], (long long)f.sequence);
	else if (kind == REG_MAIL_AGAIN)
		/* However often someone tries: one a window. */
		key = arena_printf(&a, "reg:%lld:%s:%lld", (long long)f.id,
		    reg_mail_names[kind], (long long)(now / THROTTLE_WINDOW));
	else
		key = arena_printf(&a, "reg:%lld:%s", (long long)f.id,
		    reg_mail_names[kind]);
	m.to = f.email;
	m.subject = subject;
	m.body = buf_cstr(&b);
	m.dedupe_key = key;
	/* The calendar entry goes with the seat: in the confirmation, and
	 * updated (new time) in the notices to those who hold a seat, so
	 * their calendar follows the event; a cancellation (the event's, to
	 * a seat holder, or the registrant's own) takes it off again.  As
	 * e-mail attachments these are iTIP messages (RFC 5546): PUBLISH or
	 * CANCEL, with the service's address as ORGANIZER. */
	if (kind == REG_MAIL_CONFIRMED ||
	    (kind == REG_MAIL_CANCELLED && had_seat) ||
	    (f.status == REG_CONFIRMED && (kind == REG_MAIL_EVENT_CHANGED ||
	    kind == REG_MAIL_EVENT_CANCELLED))) {
		bool cancel = kind == REG_MAIL_CANCELLED ||
		    kind == REG_MAIL_EVENT_CANCELLED;
		struct ics_opts o = { .with_join = !cancel,
			.method = cancel ? ICS_CANCEL : ICS_PUBLISH,
			.attendee = cancel ? f.email : NULL };
		char from[320];
		int irc;

		if (mime_addr_spec(config_get()->mail_from, from,
		    sizeof(from)) == 0)
			o.organizer = from;
		irc = ics_event(db, &a, f.l, f.event_id, &o, &ics);
		if (irc < 0)
			goto out;
		if (irc == 0) {
			att.filename = "event.ics";
			att.content_type = o.organizer == NULL ?
			    "text/calendar; charset=utf-8" : cancel ?
			    "text/calendar; charset=utf-8; method=CANCEL" :
			    "text/calendar; charset=utf-8; method=PUBLISH";
			att.data = ics.data;
			att.len = ics.len;
			m.att = &att;
			m.natt = 1;
		}
	}
	rc = mb != NULL ? mail_batch_add(mb, &m, now) :
	    mail_queue(db, &m, now);
out:
	sodium_memzero(token, sizeof(token));
	buf_cleanup(&ics);
	buf_cleanup(&b);
	arena_cleanup(&a);
	return rc;
}

/* The same for the registration reg_id, its facts read first. */
static int
reg_mail(struct db *db, int64_t reg_id, enum reg_mail kind, int64_t now,
    bool had_seat, int64_t place, struct mail_batch *mb)
{
	struct reg_facts f;
	struct arena a;
	int rc;

	arena_init(&a);
	rc = reg_facts_load(db, &a, reg_id, &f);
	if (rc == 0)
		rc = reg_mail_facts(db, &f, kind, now, had_seat, place, mb);
	else	/* An erased registration has no one to tell. */
		rc = rc == DB_MISSING ? 0 : -1;
	arena_cleanup(&a);
	return rc;
}

int
registration_mail(struct db *db, int64_t reg_id, enum reg_mail kind,
    int64_t now)
{
	return reg_mail(db, reg_id, kind, now, true, -1, NULL);
}

static int
reg_id_row(struct db_stmt *st, struct arena *a, void *out)
{
	(void)a;
	*(int64_t *)out = db_col_int64(st, 0);
	return 0;
}

int
registration_notify(struct db *db, int64_t event_id, enum event_change c,
    int64_t now)
{
	struct arena a;
	int64_t *ids;
	size_t n, i;
	int rc = 0;

	/* The ids first: registration_mail() uses the same connection. */
	arena_init(&a);
	ids = db_rows(db, &a, "SELECT id FROM registration WHERE event_id = ?1 "
	    "AND status IN ('confirmed', 'offered', 'waiting') AND "
	    "erased_at IS NULL ORDER BY id", DB_ARGS(db_int(event_id)),
	    reg_id_row, sizeof(*ids), &n);
	if (ids == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++)
		if (registration_mail(db, ids[i], c == EVENT_CANCELLED ?
		    REG_MAIL_EVENT_CANCELLED : REG_MAIL_EVENT_CHANGED,
		    now) != 0)
			rc = -1;
	arena_cleanup(&a);
	return rc;
}

/* --- registering --- */

/* The stored names, in the order of enum reg_status. */
static const char *const reg_status_names[] = { "confirmed", "waiting",
    "offered", "cancelled", "declined", "expired" };

enum reg_status
reg_status_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(reg_status_names) / sizeof(*reg_status_names);
	    i++)
		if (strcmp(s, reg_status_names[i]) == 0)
			return (enum reg_status)i;
	return REG_EXPIRED;
}

const char *
reg_status_name(enum reg_status s)
{
	return reg_status_names[s];
}

bool
reg_status_active(enum reg_status s)
{
	return s == REG_CONFIRMED || s == REG_OFFERED || s == REG_WAITING;
}

struct reg_window_state
registration_window(const struct reg_window_facts *f, int64_t now)
{
	struct reg_window_state w = { REG_WINDOW_OPEN, NULL };

	if (f->status == EVENT_STATUS_CANCELLED)
		w = (struct reg_window_state){ REG_WINDOW_CANCELLED,
		    N_("The event has been cancelled.") };
	else if (f->capacity < 0)
		w = (struct reg_window_state){ REG_WINDOW_NONE,
		    N_("This event has no registration.") };
	else if (f->status != EVENT_STATUS_PUBLISHED)
		w = (struct reg_window_state){ REG_WINDOW_DRAFT,
		    N_("The event has not been published yet, so registration is not open.") };
	else if (now >= f->starts_at)
		w = (struct reg_window_state){ REG_WINDOW_STARTED,
		    N_("The event has already started, so registration is closed.") };
	else if (f->opens != 0 && now < f->opens)
		w = (struct reg_window_state){ REG_WINDOW_NOT_YET,
		    N_("Registration has not opened yet.") };
	else if (f->closes != 0 && now >= f->closes)
		w = (struct reg_window_state){ REG_WINDOW_CLOSED,
		    N_("Registration has closed.") };
	else if (f->taken >= f->capacity || f->waiting > 0)
		w.state = REG_WINDOW_FULL;
	return w;
}

bool
reg_window_takes(enum reg_window w)
{
	return w == REG_WINDOW_OPEN || w == REG_WINDOW_FULL;
}

/* One integer from a query with one or two integer parameters (p2 is
 * bound when np is 2); -1 on error (the values asked for are never
 * negative). */
static int64_t
reg_int(struct db *db, const char *sql, int np, int64_t p1, int64_t p2)
{
	int64_t v;

	return db_int64(db, sql, (const struct db_arg[]){ db_int(p1),
	    db_int(p2) }, (size_t)np, &v) == 0 ? v : -1;
}

/* Seats held by the event's confirmed and offered registrations; -1 on
 * error.  The index registration_event (event_id, status, ...) makes this
 * two short range scans, at most `capacity` rows. */
static int64_t
reg_taken(struct db *db, int64_t event_id)
{
	return reg_int(db, "SELECT COALESCE(SUM(group_size), 0) FROM "
	    "registration WHERE event_id = ?1 AND status IN ('confirmed', "
	    "'offered')", 1, event_id, 0);
}

/* registration_counts(): the events of one chunk, in the caller's order. */
struct reg_counts_ctx {
	const int64_t *ids;
	size_t n;
	int64_t *taken, *waiting;
};

static int
reg_counts_row(struct db_stmt *st, void *ctx)
{
	struct reg_counts_ctx *c = ctx;
	int64_t id = db_col_int64(st, 0);
	size_t i;

	/* A list repeats no event, but nothing is lost if one did. */
	for (i = 0; i < c->n; i++) {
		if (c->ids[i] != id)
			continue;
		c->taken[i] = db_col_int64(st, 1);
		c->waiting[i] = db_col_int64(st, 2);
	}
	return 0;
}

/*
 * One statement for REG_COUNTS_CHUNK events (a page of the events list),
 * from the counter event_seat_count (registration_seats_refresh()): a
 * primary-key probe per event, not a sum over its registrations.  A fixed
 * number of parameters keeps it one cached statement whatever the page's
 * length (the unused ones are 0, which no event has).  An event without a
 * row has nobody registered: 0 and 0.
 */
#define REG_COUNTS_CHUNK 20

int
registration_counts(struct db *db, const int64_t *event_ids, size_t n,
    int64_t *taken, int64_t *waiting)
{
	struct db_arg args[REG_COUNTS_CHUNK];
	size_t i, j, k;

	for (i = 0; i < n; i += k) {
		struct reg_counts_ctx c;

		k = n - i < REG_COUNTS_CHUNK ? n - i : REG_COUNTS_CHUNK;
		c = (struct reg_counts_ctx){ event_ids + i, k, taken + i,
		    waiting + i };
		for (j = 0; j < REG_COUNTS_CHUNK; j++) {
			args[j] = db_int(j < k ? event_ids[i + j] : 0);
			if (j < k)
				taken[i + j] = waiting[i + j] = 0;
		}
		if (db_each(db, "SELECT event_id, taken, waiting FROM "
		    "event_seat_count WHERE event_id IN (?1, ?2, ?3, ?4, ?5, "
		    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
		    "?18, ?19, ?20)", args, REG_COUNTS_CHUNK, reg_counts_row,
		    &c) != 0)
			return -1;
	}
	return 0;
}

/*
 * The place is waiting_seq minus those ahead who have left the list (got
 * a seat, cancelled...).  Counted that way round, the index
 * registration_event (event_id, status, waiting_seq) reads only the few
 * who left, not the thousands still waiting after a rush.
 */
static int64_t
reg_place(struct db *db, int64_t event_id, int64_t seq)
{
	int64_t left = reg_int(db, "SELECT COUNT(*) FROM registration WHERE "
	    "event_id = ?1 AND status IN ('confirmed', 'offered', "
	    "'cancelled', 'declined', 'expired') AND waiting_seq < ?2", 2,
	    event_id, seq);

	return left < 0 ? -1 : seq - left;
}

/*
 * The seats of recently shown events, each with the generation it was read
 * under (db_read_generation()).  Why: in a rush every visitor's form asks
 * for the seats left, hundreds of times between two commits of the group
 * committer, and on PostgreSQL each question is a round trip (the sum over
 * the event's registrations, before the counter, was the dearest one the
 * form asked).  An answer is handed out only while
 * nothing has been committed since it was read, so the seats shown are
 * never more than a reader of the database would see.  Kept no longer
 * than a cached page (page_cache_ms; 0 turns both off) all the same: while
 * the connection that hears other servers' commits is down
 * (db_watch_start()), only this server's commits would count.  Slots by
 * event id: two events sharing a slot just read again.
 */
#define REG_SEATS_SLOTS 64

static struct reg_seats_memo {
	int64_t event_id, taken;
	bool waiting;
	uint64_t gen;
	int64_t read_ns;		/* time_mono_ns() when read */
} reg_seats_memo[REG_SEATS_SLOTS];
static pthread_mutex_t reg_seats_mu = PTHREAD_MUTEX_INITIALIZER;

int
registration_seats_left(struct db *db, int64_t event_id, int64_t capacity,
    int64_t *left)
{
	struct reg_seats_memo *m = &reg_seats_memo[(uint64_t)event_id %
	    REG_SEATS_SLOTS];
	uint64_t gen = db_read_generation(db);
	int64_t taken = -1, waiting_n, now_ns = time_mono_ns();
	int waiting = 0;

	pthread_mutex_lock(&reg_seats_mu);
	if (m->event_id == event_id && m->gen == gen &&
	    gen == db_generation() &&
	    now_ns - m->read_ns <
	    (int64_t)config_get()->page_cache_ms * 1000000) {
		taken = m->taken;
		waiting = m->waiting;
	}
	pthread_mutex_unlock(&reg_seats_mu);
	if (taken < 0) {
		struct reg_counts_ctx c = { &event_id, 1, &taken, &waiting_n };

		/* The counter: one primary-key probe (no row: nobody). */
		taken = waiting_n = 0;
		if (db_each(db, "SELECT event_id, taken, waiting FROM "
		    "event_seat_count WHERE event_id = ?1",
		    DB_ARGS(db_int(event_id)), reg_counts_row, &c) != 0)
			return -1;
		waiting = waiting_n > 0;
		pthread_mutex_lock(&reg_seats_mu);
		if (gen == db_generation()) {
			m->event_id = event_id;
			m->taken = taken;
			m->waiting = waiting != 0;
			m->gen = gen;
			m->read_ns = now_ns;
		}
		pthread_mutex_unlock(&reg_seats_mu);
	}
	*left = waiting || taken >= capacity ? 0 : capacity - taken;
	return 0;
}

/*
 * 1 when someone is waiting, 0 when not, -1 on error.  The ORDER BY is
 * for PostgreSQL's planner: with LIMIT 1 alone it expects a sequential
 * scan to meet a waiting row at once, but the waiting rows of a rush are
 * the newest, at the end of the table.  In the index's order there is
 * nothing to sort and nothing to read past.
 */
static int
reg_anyone_waiting(struct db *db, int64_t event_id)
{
	return (int)reg_int(db, "SELECT COUNT(*) FROM (SELECT 1 FROM "
	    "registration WHERE event_id = ?1 AND status = 'waiting' "
	    "ORDER BY waiting_seq LIMIT 1) w", 1, event_id, 0);
}

/* Whether the event takes registrations (registration_window()), from
 * its first five columns: status, capacity, registration_opens,
 * registration_closes, starts_at.  The seats are counted by the callers. */
static void
reg_window_from(const struct event_facts *e, struct reg_window_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->status = e->status;
	f->capacity = e->capacity;
	f->opens = e->opens;
	f->closes = e->closes;
	f->starts_at = e->starts_at;
}

/* 0, DB_MISSING (no such event) or -1. */
static int
reg_event_state(struct db *db, int64_t event_id, struct reg_window_facts *f)
{
	struct event_facts e;
	struct arena a;
	int rc;

	arena_init(&a);
	if ((rc = events_facts(db, &a, event_id, &e)) == 0)
		reg_window_from(&e, f);
	arena_cleanup(&a);
	return rc;
}

static int
reg_insert_answers(struct db *db, int64_t reg_id, const struct reg_input *in)
{
	size_t i;

	for (i = 0; i < in->nanswers; i++)
		if (db_run(db, "INSERT INTO registration_answer "
		    "(registration_id, question_id, value) VALUES (?1, ?2, ?3)",
		    DB_ARGS(db_int(reg_id), db_int(in->question_ids[i]),
		    db_text(in->answers[i])), NULL) != 0)
			return -1;
	return 0;
}

/* The registration's status now: 0, or -1 (no such row is an error
 * here: the caller has just written it). */
static int
reg_status_of(struct db *db, struct arena *a, int64_t id,
    enum reg_status *status)
{
	const char *s;

	if (db_str(db, a, "SELECT status FROM registration WHERE id = ?1",
	    DB_ARGS(db_int(id)), &s) != 0)
		return -1;
	*status = reg_status_parse(s);
	return 0;
}

/*
 * The throttle keys of one registration (auth/throttle.h):
 * "register:addr:..." for the client address (the setting; not for
 * signed-in accounts) and "register:<SHA-256 of the address>" for the
 * e-mail address, never an address in clear.
 */
struct reg_limit_keys {
	const char *akey;	/* NULL: no limit per client address */
	const char *ekey;
};

static void
reg_limit_keys(struct arena *a, const struct reg_input *in,
    struct reg_limit_keys *k)
{
	unsigned per_addr = config_get()->registrations_per_address;
	const char *email;

	memset(k, 0, sizeof(*k));
	if (!in->signed_in && per_addr > 0)
		k->akey = arena_printf(a, "register:%s",
		    throttle_address_key(a, in->address));
	email = account_normalise_email(a, in->email);
	k->ekey = throttle_account_key(a, "register", email != NULL ? email :
	    in->email);
}

/*
 * The limits of registrations per client address (the setting) and per
 * e-mail address (REG_PER_EMAIL), in the caller's write transaction:
 * checked first, and counted only when both allow, so a refused attempt
 * writes nothing.  Through the batch's throttle rows t, read when not
 * read before and written back by reg_batch_flush().  0
 * (out->outcome REGOUT_LIMITED with retry_after when refused) or -1.
 */
static int
reg_limits(struct db *db, struct throttle_batch *t, struct arena *a,
    const struct reg_input *in, int64_t now, struct reg_result *out)
{
	unsigned per_addr = config_get()->registrations_per_address;
	struct reg_limit_keys k;
	size_t ai = 0, ei;
	int64_t wait = 0, w;

	reg_limit_keys(a, in, &k);
	if (k.akey != NULL)
		ai = throttle_batch_key(t, k.akey);
	ei = throttle_batch_key(t, k.ekey);
	if (throttle_batch_read(db, t) != 0)
		return -1;
	if (k.akey != NULL)
		wait = throttle_batch_wait(t, ai, now);
	if ((w = throttle_batch_wait(t, ei, now)) > wait)
		wait = w;
	if (wait > 0) {
		out->outcome = REGOUT_LIMITED;
		out->retry_after = wait;
		return 0;
	}
	if (k.akey != NULL)
		throttle_batch_fail(t, ai, (int)per_addr, now);
	throttle_batch_fail(t, ei, REG_PER_EMAIL, now);
	return 0;
}

/* What reg_existing() found. */
struct reg_existing {
	int64_t same;		/* the registration of this submission */
	int64_t active;		/* the address's active one at the event */
};

static int
reg_existing_row(struct db_stmt *st, void *ctx)
{
	struct reg_existing *e = ctx;

	if (db_col_int64(st, 1) == 1)
		e->same = db_col_int64(st, 0);
	else
		e->active = db_col_int64(st, 0);
	return 0;
}

/*
 * What is there already, in one question: the registration this very
 * submission made (a double click, a retry after a lost answer), and the
 * active registration (confirmed, offered or waiting) of the e-mail
 * address at the event.  Each half reads its own index (the unique
 * (event_id, submission) and registration_email).  An address has at
 * most one active registration (checked before each is written), so no
 * ORDER BY id LIMIT 1, which PostgreSQL's planner may serve by walking
 * the primary key past every other registration.  0 or -1.
 */
static int
reg_existing(struct db *db, const struct reg_input *in,
    struct reg_existing *e)
{
	memset(e, 0, sizeof(*e));
	return db_each(db, "SELECT id, 1 FROM registration WHERE "
	    "event_id = ?1 AND submission = ?2 UNION ALL SELECT id, 0 FROM "
	    "registration WHERE event_id = ?1 AND lower(email) = lower(?3) "
	    "AND status IN ('confirmed', 'offered', 'waiting') AND "
	    "erased_at IS NULL", DB_ARGS(db_int(in->event_id),
	    db_text(in->submission), db_text(in->email)), reg_existing_row,
	    e);
}

/* One item of a batch and what was there before the batch began. */
struct reg_known {
	const struct reg_input *in;
	const struct reg_result *out;
	struct reg_existing ex;
};

/*
 * What the committer knows of one event while it writes a batch.  Why: on
 * PostgreSQL every question to the database is a round trip, and the
 * batches of a rush are hundreds of registrations for the same event.
 * Inside the batch's write transaction nothing but this loop writes
 * registrations (the write lock), so the event's facts, the seats taken,
 * whether anyone waits, the last place on the list and how many have left
 * it are read at the event's first registration in the batch and from
 * then on kept up to date here as each one is written.  offers_fill()
 * moves other registrations, so after it they are read again.
 */
#define REG_BATCH_TOUCHED 8
#define REG_ROW_COLUMNS 13

struct reg_batch {
	struct arena a;			/* for the strings of `mail` */
	int64_t event_id;		/* whose facts these are; 0 none */
	int state;			/* 0, or DB_MISSING: no such event */
	struct reg_window_facts ev;
	struct reg_facts mail;		/* the event's part of a message */
	const char *titles[3];		/* its title in fi, sv, en */
	int64_t taken;			/* seats held (confirmed, offered) */
	bool waiting;			/* anyone on the waiting list */
	int64_t max_seq;		/* the last waiting_seq given, 0 none */
	int64_t left;			/* who left the list; -1 not counted */
	/* The events given registrations in this batch, whose seat
	 * counters reg_batch_flush() counts again before the commit: once
	 * per event and batch, not once per registration. */
	int64_t touched[REG_BATCH_TOUCHED];
	size_t ntouched;
	/* What reg_prepare() found for the batch's items, in their order
	 * (nknown 0: each item asks for itself), and the one saved next. */
	struct reg_known *known;
	size_t nknown, cur;
	/* Ids reserved for the batch's registrations (db_reserve_ids()),
	 * ids[next] the next one free. */
	int64_t *ids;
	size_t nids, next;
	/* The throttle rows of the batch's attempts (reg_limits()) and its
	 * messages, written by reg_batch_flush(); the messages also before
	 * offers_fill(), whose offers must come after them. */
	struct throttle_batch thr;
	struct mail_batch outbox;
	/* PostgreSQL: the rows written so far and not yet sent
	 * (reg_rows_write()), as array literals per column. */
	bool bulk;
	struct buf rows[REG_ROW_COLUMNS], answers[3];
	size_t nrows;
};

/*
 * A batch's registrations and answers on PostgreSQL: one INSERT per table
 * for all the rows written since the last one, their values as arrays
 * (unnest(), db/rows.h), instead of one statement per row.  Why: each
 * statement costs PostgreSQL its own bind, executor start and end, and
 * the rush writes hundreds of rows a batch.  The statements are sent without
 * waiting for their answers, like the rows one by one were
 * (db_defer_writes()).  The rows must be there before anything reads
 * the registration table, so reg_rows_write() comes before each such
 * read of the batch and before its commit.  SQLite, where a statement
 * costs no round trip and little else, writes row by row.  The rows
 * kept since the last call, sent.  0 or -1.
 */
static int
reg_rows_write(struct db *db, struct reg_batch *b)
{
	struct buf *c = b->rows, *q = b->answers;
	size_t i;
	int rc = 0;

	if (b->nrows == 0)
		return 0;
	if (db_run(db, "INSERT INTO registration (id, event_id, submission, "
	    "token_hash, name, email, organisation, municipality_code, "
	    "group_size, lang, status, waiting_seq, created_at, updated_at) "
	    "SELECT id, ev, sub, th, nm, em, org, muni, gs, lang, st, seq, t, t "
	    "FROM unnest(CAST(?1 AS BIGINT[]), CAST(?2 AS BIGINT[]), "
	    "CAST(?3 AS TEXT[]), CAST(?4 AS TEXT[]), CAST(?5 AS TEXT[]), "
	    "CAST(?6 AS TEXT[]), CAST(?7 AS TEXT[]), CAST(?8 AS TEXT[]), "
	    "CAST(?9 AS BIGINT[]), CAST(?10 AS TEXT[]), CAST(?11 AS TEXT[]), "
	    "CAST(?12 AS BIGINT[]), CAST(?13 AS BIGINT[])) AS r (id, ev, sub, "
	    "th, nm, em, org, muni, gs, lang, st, seq, t)",
	    DB_ARGS(db_text(db_arr_end(&c[0])), db_text(db_arr_end(&c[1])),
	    db_text(db_arr_end(&c[2])), db_text(db_arr_end(&c[3])),
	    db_text(db_arr_end(&c[4])), db_text(db_arr_end(&c[5])),
	    db_text(db_arr_end(&c[6])), db_text(db_arr_end(&c[7])),
	    db_text(db_arr_end(&c[8])), db_text(db_arr_end(&c[9])),
	    db_text(db_arr_end(&c[10])), db_text(db_arr_end(&c[11])),
	    db_text(db_arr_end(&c[12]))), NULL) != 0)
		rc = -1;
	else if (q[0].len > 0 && db_run(db, "INSERT INTO registration_answer "
	    "(registration_id, question_id, value) SELECT r, q, v FROM "
	    "unnest(CAST(?1 AS BIGINT[]), CAST(?2 AS BIGINT[]), "
	    "CAST(?3 AS TEXT[])) AS a (r, q, v)",
	    DB_ARGS(db_text(db_arr_end(&q[0])), db_text(db_arr_end(&q[1])),
	    db_text(db_arr_end(&q[2]))), NULL) != 0)
		rc = -1;
	for (i = 0; i < REG_ROW_COLUMNS; i++)
		buf_cleanup(&c[i]);
	for (i = 0; i < 3; i++)
		buf_cleanup(&q[i]);
	b->nrows = 0;
	return rc;
}

/* The counters of the events touched so far, counted again.  0 or -1. */
static int
reg_batch_flush(struct db *db, struct reg_batch *b)
{
	size_t i;

	if (reg_rows_write(db, b) != 0 ||
	    throttle_batch_write(db, &b->thr) != 0 ||
	    mail_batch_write(db, &b->outbox) != 0)
		return -1;
	for (i = 0; i < b->ntouched; i++)
		if (registration_seats_refresh(db, b->touched[i]) != 0)
			return -1;
	b->ntouched = 0;
	return 0;
}

/* Notes a registration written for the event.  A batch for more events
 * than the array holds counts those so far at once (a recount may come
 * early, never late).  0 or -1. */
static int
reg_batch_touch(struct db *db, struct reg_batch *b, int64_t event_id)
{
	size_t i;

	for (i = 0; i < b->ntouched; i++)
		if (b->touched[i] == event_id)
			return 0;
	if (b->ntouched == REG_BATCH_TOUCHED && reg_batch_flush(db, b) != 0)
		return -1;
	b->touched[b->ntouched++] = event_id;
	return 0;
}

/* The event's facts: whether it takes registrations and what the
 * messages say about it. */
static void
reg_batch_facts(struct reg_batch *b, const struct event_facts *e)
{
	struct reg_facts *f = &b->mail;

	reg_window_from(e, &b->ev);
	memset(f, 0, sizeof(*f));
	f->starts_at = e->starts_at;
	f->kind = e->kind;
	f->place = e->place;
	f->platform = e->platform;
	f->join_url = e->join_url;
	b->titles[0] = e->titles[LANG_FI];
	b->titles[1] = e->titles[LANG_SV];
	b->titles[2] = e->titles[LANG_EN];
	f->ends_at = e->ends_at;
	f->sequence = e->sequence;
	f->offer_hours = e->offer_hours;
}

/* The event's facts for a registration: 0, DB_MISSING or -1. */
static int
reg_batch_event(struct db *db, struct reg_batch *b, int64_t event_id)
{
	struct event_facts e;
	int rc, waiting;

	if (b->event_id == event_id)
		return b->state;
	b->event_id = 0;
	if (reg_rows_write(db, b) != 0)
		return -1;
	if ((rc = events_facts(db, &b->a, event_id, &e)) < 0)
		return -1;
	if (rc == 0) {
		reg_batch_facts(b, &e);
		if ((b->taken = reg_taken(db, event_id)) < 0 ||
		    (waiting = reg_anyone_waiting(db, event_id)) < 0 ||
		    (b->max_seq = reg_int(db, "SELECT COALESCE(MAX("
		    "waiting_seq), 0) FROM registration WHERE event_id = ?1",
		    1, event_id, 0)) < 0)
			return -1;
		b->waiting = waiting != 0;
	}
	b->state = rc;
	b->left = -1;
	b->event_id = event_id;
	return rc;
}

/* The place on the list of a newcomer given waiting_seq `seq`, the last
 * one: everyone who left the list did so from a place before it. */
static int64_t
reg_batch_place(struct db *db, struct reg_batch *b, int64_t seq)
{
	int64_t place;

	if (b->left < 0) {
		if (reg_rows_write(db, b) != 0 ||
		    (place = reg_place(db, b->event_id, seq)) < 0)
			return -1;
		b->left = seq - place;
	}
	return seq - b->left;
}

/* The message about the newcomer just written, from what the batch
 * knows: no need to read back the row. */
static int
reg_batch_mail(struct db *db, struct reg_batch *b, const struct reg_input *in,
    const struct reg_result *out, int64_t seq, enum reg_mail kind,
    int64_t now, int64_t place)
{
	struct reg_facts f = b->mail;

	f.id = out->id;
	f.event_id = in->event_id;
	f.group_size = in->group_size;
	f.waiting_seq = seq;
	f.submission = in->submission;
	f.name = in->name;
	f.email = in->email;
	f.status = kind == REG_MAIL_CONFIRMED ? REG_CONFIRMED : REG_WAITING;
	f.l = in->lang;
	f.title = i18n_pick(f.l, b->titles[0], b->titles[1], b->titles[2],
	    NULL);
	return reg_mail_facts(db, &f, kind, now, true, place, &b->outbox);
}

/* The registration (and its answers) for reg_rows_write(). */
static void
reg_row_keep(struct reg_batch *b, const struct reg_input *in, int64_t id,
    const char *hash, bool seat, int64_t seq, int64_t now)
{
	struct buf *c = b->rows;
	size_t i;

	db_arr_int(&c[0], id);
	db_arr_int(&c[1], in->event_id);
	db_arr_text(&c[2], in->submission);
	db_arr_text(&c[3], hash);
	db_arr_text(&c[4], in->name);
	db_arr_text(&c[5], in->email);
	db_arr_text(&c[6], in->organisation ? in->organisation : "");
	db_arr_text(&c[7], in->municipality);
	db_arr_int(&c[8], in->group_size);
	db_arr_text(&c[9], lang_code(in->lang));
	db_arr_text(&c[10], seat ? "confirmed" : "waiting");
	if (seat)
		db_arr_null(&c[11]);
	else
		db_arr_int(&c[11], seq);
	db_arr_int(&c[12], now);
	for (i = 0; i < in->nanswers; i++) {
		db_arr_int(&b->answers[0], id);
		db_arr_int(&b->answers[1], in->question_ids[i]);
		db_arr_text(&b->answers[2], in->answers[i]);
	}
	b->nrows++;
}

/* An id for the registration about to be written: 0 or -1.  A batch
 * reserves one per item (reg_prepare()); a registration saved on its own
 * reserves its own. */
static int
reg_batch_id(struct db *db, struct reg_batch *b, int64_t *id)
{
	if (b->next == b->nids) {
		b->ids = arena_alloc(&b->a, sizeof(*b->ids));
		b->nids = 1;
		b->next = 0;
		if (db_reserve_ids(db, "registration", 1, b->ids) != 0)
			return -1;
	}
	*id = b->ids[b->next++];
	return 0;
}

/* ASCII letters compared without case: lower() of both engines agrees on
 * these (reg_prepare() keeps to them). */
static bool
reg_same_email(const char *x, const char *y)
{
	for (; *x != '\0' && *y != '\0'; x++, y++)
		if ((*x >= 'A' && *x <= 'Z' ? *x + 32 : *x) !=
		    (*y >= 'A' && *y <= 'Z' ? *y + 32 : *y))
			return false;
	return *x == *y;
}

/*
 * reg_existing() for the item being saved: from what reg_prepare() read
 * before the batch's first item and what the batch has written since
 * (its earlier items), or asked now when nothing was prepared for it.
 */
static int
reg_batch_existing(struct db *db, struct reg_batch *b,
    const struct reg_input *in, struct reg_existing *e)
{
	const struct reg_known *k;
	size_t i;

	if (b->cur >= b->nknown || b->known[b->cur].in != in) {
		b->nknown = 0;
		return reg_rows_write(db, b) != 0 ? -1 : reg_existing(db, in, e);
	}
	*e = b->known[b->cur++].ex;
	for (i = 0; i + 1 < b->cur; i++) {
		k = &b->known[i];
		/* Only these outcomes wrote a row. */
		if (k->in->event_id != in->event_id ||
		    (k->out->outcome != REGOUT_CONFIRMED &&
		    k->out->outcome != REGOUT_WAITING &&
		    k->out->outcome != REGOUT_OFFERED) || k->out->id == 0)
			continue;
		if (strcmp(k->in->submission, in->submission) == 0 &&
		    e->same == 0)
			e->same = k->out->id;
		if (reg_same_email(k->in->email, in->email) && e->active == 0)
			e->active = k->out->id;
	}
	return 0;
}

static int
reg_create(struct db *db, struct reg_batch *b, const struct reg_input *in,
    int64_t now, struct reg_result *out)
{
	struct reg_existing ex;
	struct arena a;
	char hash[65];
	int64_t seq = 0, place;
	int rc = -1;
	bool seat;

	memset(out, 0, sizeof(*out));
	arena_init(&a);
	if (registration_token(db, in->event_id, in->submission,
	    out->token) != 0)
		goto out;

	/* A submission seen before: its registration, whatever has happened
	 * to it since. */
	if ((rc = reg_batch_existing(db, b, in, &ex)) < 0)
		goto out;
	if ((out->id = ex.same) != 0) {
		out->outcome = REGOUT_DUPLICATE;
		rc = 0;
		goto out;
	}

	rc = reg_batch_event(db, b, in->event_id);
	if (rc < 0)
		goto out;
	if (rc == DB_MISSING ||
	    !reg_window_takes(registration_window(&b->ev, now).state)) {
		out->outcome = REGOUT_CLOSED;
		rc = 0;
		goto out;
	}
	/* The limits, then one active registration per address: both
	 * checked and counted here, in the transaction that writes. */
	if ((rc = reg_limits(db, &b->thr, &a, in, now, out)) != 0 ||
	    out->outcome == REGOUT_LIMITED)
		goto out;
	if (ex.active != 0) {
		out->outcome = REGOUT_EXISTS;
		sodium_memzero(out->token, sizeof(out->token));
		rc = reg_rows_write(db, b) != 0 ? -1 :
		    reg_mail(db, ex.active, REG_MAIL_AGAIN, now, true, -1,
		    &b->outbox);
		goto out;
	}
	rc = -1;
	/* Nobody overtakes the waiting list: with people waiting, a
	 * newcomer queues even when a seat is free (the seat is being
	 * offered to them, or their groups do not fit it). */
	seat = !b->waiting && b->taken + in->group_size <= b->ev.capacity;
	if (!seat)
		seq = b->max_seq + 1;
	registration_token_hash(out->token, hash);
	/* With its id reserved, the row needs no answer: on PostgreSQL it
	 * goes with the batch's others in one statement (reg_rows_write()),
	 * on SQLite now. */
	if (reg_batch_id(db, b, &out->id) != 0)
		goto out;
	if (b->bulk)
		reg_row_keep(b, in, out->id, hash, seat, seq, now);
	else if (db_run(db, "INSERT INTO registration (id, event_id, submission, "
	    "token_hash, name, email, organisation, municipality_code, "
	    "group_size, lang, status, waiting_seq, created_at, updated_at) "
	    "VALUES (?13, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	    "?12)",
	    DB_ARGS(db_int(in->event_id), db_text(in->submission),
	    db_text(hash), db_text(in->name), db_text(in->email),
	    db_text(in->organisation ? in->organisation : ""),
	    db_text(in->municipality), db_int(in->group_size),
	    db_text(lang_code(in->lang)), db_text(seat ? "confirmed" :
	    "waiting"), seat ? db_null() : db_int(seq), db_int(now),
	    db_int(out->id)), NULL) != 0)
		goto out;
	if ((!b->bulk && reg_insert_answers(db, out->id, in) != 0) ||
	    reg_batch_touch(db, b, in->event_id) != 0)
		goto out;
	if (seat) {
		b->taken += in->group_size;
		out->outcome = REGOUT_CONFIRMED;
		rc = reg_batch_mail(db, b, in, out, 0, REG_MAIL_CONFIRMED, now,
		    0);
		goto out;
	}
	b->waiting = true;
	b->max_seq = seq;
	/* Free seats with people waiting: the list gets them now, which
	 * may be this newcomer (their offer message is then queued). */
	if (b->taken < b->ev.capacity) {
		enum reg_status st;

		/* Offers move other registrations: what the batch read
		 * before is read again. */
		b->event_id = 0;
		b->nknown = 0;
		if (reg_rows_write(db, b) != 0 ||
		    mail_batch_write(db, &b->outbox) != 0 ||
		    offers_fill(db, in->event_id, now) < 0 ||
		    reg_status_of(db, &a, out->id, &st) != 0)
			goto out;
		if (st == REG_OFFERED) {
			out->outcome = REGOUT_OFFERED;
			rc = 0;
			goto out;
		}
	}
	out->outcome = REGOUT_WAITING;
	if ((place = reg_batch_place(db, b, seq)) < 0)
		goto out;
	rc = reg_batch_mail(db, b, in, out, seq, REG_MAIL_WAITING, now, place);
out:
	arena_cleanup(&a);
	return rc;
}

int
registration_create(struct db *db, const struct reg_input *in, int64_t now,
    struct reg_result *out)
{
	struct reg_batch b = { 0 };
	int rc;

	arena_init(&b.a);
	throttle_batch_init(&b.thr);
	mail_batch_init(&b.outbox);
	rc = reg_create(db, &b, in, now, out);
	if (rc == 0)
		rc = reg_batch_flush(db, &b);
	mail_batch_cleanup(&b.outbox);
	throttle_batch_cleanup(&b.thr);
	arena_cleanup(&b.a);
	return rc;
}

/*
 * The group committer (db/committer.h).
 *
 * Why: a registration is acknowledged only after its transaction is on
 * disk, and the rush of a popular event wants thousands a second where
 * one commit each would allow a few hundred.  The form's request queues
 * its registration and defers its answer; the writer saves every
 * registration waiting at that moment in one transaction.  The seats are
 * still assigned one registration after another inside the transaction,
 * in the order they queued, with what the batch knows of each event
 * (struct reg_batch) as the batch's state.  A failed batch is rolled back
 * and each registration tried again alone, with a fresh state, as
 * registration_create() would.
 */
static void
reg_state_init(void *state)
{
	struct reg_batch *b = state;

	arena_init(&b->a);
	throttle_batch_init(&b->thr);
	mail_batch_init(&b->outbox);
}

static void
reg_state_cleanup(void *state)
{
	struct reg_batch *b = state;
	size_t i;

	/* A failed batch leaves rows unsent. */
	for (i = 0; i < REG_ROW_COLUMNS; i++)
		buf_cleanup(&b->rows[i]);
	for (i = 0; i < 3; i++)
		buf_cleanup(&b->answers[i]);
	mail_batch_cleanup(&b->outbox);
	throttle_batch_cleanup(&b->thr);
	arena_cleanup(&b->a);
}

static struct reg_job *
reg_job_of(struct db_commit_item *item)
{
	return (struct reg_job *)((char *)item - offsetof(struct reg_job,
	    item));
}

/* Items a question of reg_known_read(): four parameters each, of the 64
 * a statement may have. */
#define REG_KNOWN_CHUNK 16

static int
reg_known_row(struct db_stmt *st, void *ctx)
{
	struct reg_known *k = &((struct reg_known *)ctx)[db_col_int64(st, 0)];

	if (db_col_int64(st, 2) == 1)
		k->ex.same = db_col_int64(st, 1);
	else
		k->ex.active = db_col_int64(st, 1);
	return 0;
}

/*
 * reg_existing() for the items k[0..n) (n <= REG_KNOWN_CHUNK) in one
 * question (db_values(): at most five such statements prepared).  Each
 * item looks up its own rows (LATERAL, kept apart from the join by OFFSET
 * 0), one probe of registration's (event_id, submission) and
 * registration_email indexes each.  Why: as a join PostgreSQL's costs
 * (a random page four times a sequential one, where the rush finds every
 * page in memory) preferred reading the whole table into a hash for up
 * to some thousands of registrations, and the lower() of every row's
 * e-mail address besides: in bench/rush/pg.sh (EXPLAIN=1) 1.2 ms a
 * question of 16 items at a thousand registrations, 0.06 ms by the
 * index.  0 or -1.
 */
static int
reg_known_read(struct db *db, struct arena *a, struct reg_known *k, size_t n)
{
	struct db_arg *args;
	const char *sql;
	size_t nargs, i;

	sql = db_values(a, "WITH k (i, ev, sub, em) AS (VALUES ",
	    DB_TYPES("BIGINT", "BIGINT", "TEXT", "TEXT"), n,
	    ") SELECT k.i, r.id, 1 FROM k CROSS JOIN LATERAL (SELECT id "
	    "FROM registration WHERE event_id = k.ev AND submission = k.sub "
	    "OFFSET 0) r UNION ALL SELECT k.i, r.id, 0 FROM k CROSS JOIN "
	    "LATERAL (SELECT id FROM registration WHERE event_id = k.ev AND "
	    "lower(email) = lower(k.em) AND status IN ('confirmed', "
	    "'offered', 'waiting') AND erased_at IS NULL OFFSET 0) r",
	    &args, &nargs);
	for (i = 0; i < n; i++) {
		args[4 * i] = db_int(i);
		args[4 * i + 1] = db_int(k[i].in->event_id);
		args[4 * i + 2] = db_text(k[i].in->submission);
		args[4 * i + 3] = db_text(k[i].in->email);
	}
	return db_each(db, sql, args, nargs, reg_known_row, k) < 0 ? -1 : 0;
}

/*
 * The throttle rows of the items k[0..n)'s keys, read into the batch's
 * (reg_limits()) in one question per THROTTLE_MANY keys instead of one
 * per key.  0 or -1.
 */
static int
reg_limits_read(struct db *db, struct reg_batch *b, struct reg_known *k,
    size_t n)
{
	struct reg_limit_keys lim;
	size_t i;

	for (i = 0; i < n; i++) {
		if (k[i].in->email == NULL)
			continue;	/* refused before its limits */
		reg_limit_keys(&b->a, k[i].in, &lim);
		throttle_batch_key(&b->thr, lim.ekey);
		if (lim.akey != NULL)
			throttle_batch_key(&b->thr, lim.akey);
	}
	return throttle_batch_read(db, &b->thr);
}

/*
 * The writer's registration id when it last had the registration table
 * analysed, or when its first batch came (reg_stats()); 0 before that.
 * Only the writer thread reads or sets it.
 */
static int64_t reg_analysed_at;

/* The least of reg_analysed_at: below twice this the table is small
 * enough for any plan. */
#define REG_ANALYSE_BASE 32

/*
 * PostgreSQL: ANALYZE registration whenever the ids have doubled since
 * the writer's first batch or its last ANALYZE.  Why: the foreign key
 * checks of the batch's answers (SELECT 1 FROM registration WHERE id =
 * $1 FOR KEY SHARE, once per answer row) run a plan each connection
 * keeps until the table's statistics change.  Made while the table was
 * nearly empty it is a sequential scan, and in a rush of seconds on a
 * fresh table (autovacuum looks a minute later at best) each answer's
 * check read every registration so far: the trigger took up to 133 ms a
 * batch in bench/rush/pg.sh.  ANALYZE invalidates the plans of every
 * connection, which then use the primary key.  Doubling keeps the cost
 * to a few cheap ANALYZEs while the table is small and, from the first
 * batch's size on, none on a large table (whose plans were made at that
 * size; autovacuum keeps its statistics).  SKIP_LOCKED: if autovacuum
 * holds the table, it is analysing it already, and the writer must not
 * wait.  Inside the batch's transaction, so a batch that fails leaves
 * the statistics as they were (the next doubling analyses again).  Only
 * the columns the rush's statements select by beside the indexes' keys:
 * the table's size, which every plan weighs, is counted by any ANALYZE,
 * and the columns of long text (names, addresses, tokens) cost it the
 * most.  0 or -1.
 */
static int
reg_stats(struct db *db, int64_t id)
{
	if (reg_analysed_at == 0) {
		reg_analysed_at = id > REG_ANALYSE_BASE ? id : REG_ANALYSE_BASE;
		return 0;
	}
	if (id < 2 * reg_analysed_at)
		return 0;
	reg_analysed_at = id;
	return db_exec(db, "ANALYZE (SKIP_LOCKED) registration (id, event_id, "
	    "status)");
}

/*
 * Before the batch's first registration, what would otherwise be asked
 * once per registration: the ids of the rows to be written, and what is
 * there already for each item's submission and e-mail address
 * (reg_existing()), a question per REG_KNOWN_CHUNK items, and the throttle
 * rows of their keys.  Why: each is a round trip on PostgreSQL, inside
 * the write lock.  An address outside
 * ASCII leaves each item to ask for itself: lower() of the two engines
 * differs there, and reg_batch_existing() compares ASCII only.
 */
static int
reg_prepare(struct db *db, void *state, struct db_commit_item *first,
    struct db_commit_item *end)
{
	struct reg_batch *b = state;
	struct db_commit_item *it;
	struct reg_job *j;
	size_t n = 0, i;
	bool ascii = true;
	const char *c;

	for (it = first; it != end; it = it->next)
		n++;
	b->bulk = strcmp(db_backend_name(db), "postgresql") == 0;
	b->ids = arena_alloc(&b->a, n * sizeof(*b->ids));
	b->nids = n;
	b->next = 0;
	if (db_reserve_ids(db, "registration", (int64_t)n, b->ids) != 0 ||
	    (b->bulk && reg_stats(db, b->ids[0]) != 0))
		return -1;
	b->known = arena_calloc(&b->a, n, sizeof(*b->known));
	for (it = first, i = 0; it != end; it = it->next, i++) {
		j = reg_job_of(it);
		b->known[i].in = &j->in;
		b->known[i].out = &j->out;
		for (c = j->in.email; c != NULL && *c != '\0'; c++)
			ascii = ascii && (unsigned char)*c < 0x80;
		if (j->in.email == NULL || j->in.submission == NULL)
			ascii = false;
	}
	if (reg_limits_read(db, b, b->known, n) != 0)
		return -1;
	/* SQLite asks reg_existing() per item: there a question costs no
	 * round trip, and its planner answers the VALUES join with a Bloom
	 * filter built by reading the whole registration table (the rush
	 * took twice the CPU per registration).  The throttle's join reads
	 * its primary key instead. */
	if (!ascii || !b->bulk)
		return 0;
	for (i = 0; i < n; i += REG_KNOWN_CHUNK)
		if (reg_known_read(db, &b->a, b->known + i, n - i <
		    REG_KNOWN_CHUNK ? n - i : REG_KNOWN_CHUNK) != 0)
			return -1;
	b->nknown = n;
	b->cur = 0;
	return 0;
}

static int
reg_save(struct db *db, void *state, struct db_commit_item *item)
{
	struct reg_job *j = reg_job_of(item);

	return reg_create(db, state, &j->in, j->now, &j->out);
}

static int
reg_flush(struct db *db, void *state)
{
	return reg_batch_flush(db, state);
}

static void
reg_done(struct db_commit_item *item)
{
	struct reg_job *j = reg_job_of(item);

	j->rc = item->rc;
	j->done(j->arg);
}

static const struct db_committer_ops reg_ops = {
	.name = "reg-writer",
	.state_size = sizeof(struct reg_batch),
	.state_init = reg_state_init,
	.state_cleanup = reg_state_cleanup,
	.prepare = reg_prepare,
	.save = reg_save,
	.flush = reg_flush,
	.done = reg_done,
	.defer_writes = true,	/* a failed save is a failed batch */
};
static struct db_committer reg_committer = DB_COMMITTER_INIT(&reg_ops);

int
registration_queue(struct reg_job *job)
{
	job->rc = -1;
	return db_committer_queue(&reg_committer, &job->item);
}

void
registration_stop(void)
{
	db_committer_stop(&reg_committer);
}

/* --- the registrant's own registration --- */

#define REG_COLUMNS "id, event_id, group_size, waiting_seq, " \
	"offer_expires_at, created_at, updated_at, submission, name, email, " \
	"organisation, municipality_code, status, lang"

static int
reg_row(struct db_stmt *st, struct arena *a, void *p)
{
	struct registration *out = p;
	const char *lc;

	db_cols(st, a, 0, DB_COLS(db_as_int(&out->id),
	    db_as_int(&out->event_id), db_as_int(&out->group_size),
	    db_as_int(&out->waiting_seq), db_as_int(&out->offer_expires_at),
	    db_as_int(&out->created_at), db_as_int(&out->updated_at),
	    db_as_str(&out->submission), db_as_str(&out->name),
	    db_as_str(&out->email), db_as_str(&out->organisation),
	    db_as_str(&out->municipality)));
	out->status = reg_status_parse(db_col_text(st, 12));
	lc = db_col_text(st, 13);
	if (lang_parse(lc, strlen(lc), &out->lang) != 0)
		out->lang = LANG_FI;
	return 0;
}

/* The registration of sql (one parameter, `arg`) with its place in the
 * queue: 0, 1 none, -1 error. */
static int
reg_load(struct db *db, struct arena *a, const char *sql, struct db_arg arg,
    struct registration *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_row(db, a, sql, &arg, 1, reg_row, out)) != 0)
		return rc;
	if (out->status == REG_WAITING) {
		out->place = reg_place(db, out->event_id, out->waiting_seq);
		if (out->place < 0)
			return -1;
	}
	return 0;
}

/* A token's shape: 43 base64url characters. */
static bool
reg_token_shape(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != REG_TOKEN_LEN)
		return false;
	for (i = 0; i < REG_TOKEN_LEN; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/*
 * Looked up by the token's SHA-256, never by the token: the index probe
 * compares hashes, so its timing tells nothing about how close a guess
 * came to a real token, and a copy of the database holds no usable link.
 */
int
registration_by_token(struct db *db, struct arena *a, const char *token,
    struct registration *out)
{
	char hash[65];

	memset(out, 0, sizeof(*out));
	if (!reg_token_shape(token))
		return 1;
	registration_token_hash(token, hash);
	return reg_load(db, a, "SELECT " REG_COLUMNS " FROM registration "
	    "WHERE token_hash = ?1 AND erased_at IS NULL", db_text(hash), out);
}

int
registration_get(struct db *db, struct arena *a, int64_t id,
    struct registration *out)
{
	return reg_load(db, a, "SELECT " REG_COLUMNS " FROM registration "
	    "WHERE id = ?1 AND erased_at IS NULL", db_int(id), out);
}

int
registration_change(struct db *db, int64_t id, const char *name,
    const char *organisation, int64_t group_size, int64_t now)
{
	struct registration r;
	struct reg_window_facts ev;
	struct arena a;
	bool holds;
	int rc = -1;

	arena_init(&a);
	if ((rc = registration_get(db, &a, id, &r)) != 0) {
		rc = rc == 1 ? 2 : -1;
		goto out;
	}
	if ((rc = reg_event_state(db, r.event_id, &ev)) != 0) {
		rc = rc == 1 ? 2 : -1;
		goto out;
	}
	rc = 2;
	if (now >= ev.starts_at || !reg_status_active(r.status))
		goto out;
	holds = r.status != REG_WAITING;
	if (holds && group_size > r.group_size) {
		int64_t taken = reg_taken(db, r.event_id);

		rc = -1;
		if (taken < 0)
			goto out;
		rc = 1;
		if (ev.capacity < 0 ||
		    taken - r.group_size + group_size > ev.capacity)
			goto out;
	}
	rc = -1;
	if (db_run(db, "UPDATE registration SET name = ?2, "
	    "organisation = ?3, group_size = ?4, updated_at = ?5 WHERE id = ?1",
	    DB_ARGS(db_int(id), db_text(name), db_text(organisation),
	    db_int(group_size), db_int(now)), NULL) != 0)
		goto out;
	/* Fewer seats held, or a smaller group waiting that may now fit. */
	if ((group_size < r.group_size &&
	    offers_fill(db, r.event_id, now) < 0) ||
	    registration_seats_refresh(db, r.event_id) != 0)
		goto out;
	rc = 0;
out:
	arena_cleanup(&a);
	return rc;
}

int
registration_cancel(struct db *db, int64_t id, int64_t now)
{
	struct registration r;
	struct arena a;
	int rc;

	arena_init(&a);
	if ((rc = registration_get(db, &a, id, &r)) != 0) {
		rc = rc == 1 ? 2 : -1;
		goto out;
	}
	rc = 2;
	if (!reg_status_active(r.status))
		goto out;
	rc = -1;
	if (db_run(db, "UPDATE registration SET status = 'cancelled', "
	    "offer_expires_at = NULL, updated_at = ?2 WHERE id = ?1",
	    DB_ARGS(db_int(id), db_int(now)), NULL) != 0)
		goto out;
	if (reg_mail(db, id, REG_MAIL_CANCELLED, now,
	    r.status == REG_CONFIRMED, -1, NULL) != 0)
		goto out;
	if (r.status != REG_WAITING &&
	    offers_fill(db, r.event_id, now) < 0)
		goto out;
	if (registration_seats_refresh(db, r.event_id) != 0)
		goto out;
	rc = 0;
out:
	arena_cleanup(&a);
	return rc;
}

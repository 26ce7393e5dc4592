/*
 * registration.c - registrants' secret links and the messages about a
 * registration (see registration.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/time.h"
#include "events/registration.h"
#include "mail/mail.h"

static const char *reg_base_url = "http://127.0.0.1:8080";

void
registration_configure(const char *base_url)
{
	if (base_url != NULL && base_url[0] != '\0')
		reg_base_url = base_url;
}

#define REG_KEY_NAME "registration_key"

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
	struct db_stmt *st;
	char hex[65];
	size_t bin_len = 0;
	int rc, tries;

	for (tries = 0; tries < 2; tries++) {
		st = db_prepare(db, "SELECT value FROM meta WHERE key = ?1");
		if (st == NULL)
			return -1;
		db_bind_cstr(st, 1, REG_KEY_NAME);
		rc = db_step(st);
		if (rc == DB_ROW && db_col_len(st, 0) == 64) {
			rc = sodium_hex2bin(key, 32, db_col_text(st, 0), 64,
			    NULL, &bin_len, NULL);
			db_done(st);
			return rc == 0 && bin_len == 32 ? 0 : -1;
		}
		db_done(st);
		if (rc != DB_ROW && rc != DB_DONE)
			return -1;
		if (rc == DB_ROW) {
			log_error("registration: meta %s is malformed",
			    REG_KEY_NAME);
			return -1;
		}
		randombytes_buf(key, 32);
		sodium_bin2hex(hex, sizeof(hex), key, 32);
		st = db_prepare(db, "INSERT INTO meta (key, value) VALUES "
		    "(?1, ?2) ON CONFLICT (key) DO NOTHING");
		if (st == NULL)
			return -1;
		db_bind_cstr(st, 1, REG_KEY_NAME);
		db_bind_cstr(st, 2, hex);
		rc = db_step(st);
		db_done(st);
		sodium_memzero(hex, sizeof(hex));
		if (rc != DB_DONE)
			return -1;
	}
	return -1;
}

int
registration_token(struct db *db, int64_t event_id, const char *submission,
    char out[REG_TOKEN_LEN + 1])
{
	unsigned char key[32], mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state s;
	char id[24];
	int n;

	if (submission == NULL || reg_key(db, key) != 0)
		return -1;
	/* "<event id>:<submission>": the colon keeps (1, "2x") and (12, "x")
	 * apart. */
	n = snprintf(id, sizeof(id), "%lld:", (long long)event_id);
	crypto_auth_hmacsha256_init(&s, key, sizeof(key));
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)id, (size_t)n);
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)submission,
	    strlen(submission));
	crypto_auth_hmacsha256_final(&s, mac);
	sodium_bin2base64(out, REG_TOKEN_LEN + 1, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&s, sizeof(s));
	return 0;
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
	const char *submission, *name, *email, *status;
	const char *kind, *place, *platform, *join_url, *title;
	enum lang l;
};

static int
reg_facts_load(struct db *db, struct arena *a, int64_t reg_id,
    struct reg_facts *f)
{
	struct db_stmt *st;
	const char *lc;
	int rc;

	st = db_prepare(db, "SELECT r.id, r.event_id, r.group_size, "
	    "r.waiting_seq, r.offer_expires_at, r.submission, r.name, "
	    "r.email, r.status, r.lang, e.kind, e.place, e.platform, "
	    "e.join_url, e.title_fi, e.title_sv, e.title_en, e.starts_at, "
	    "e.ends_at, e.sequence, e.offer_hours FROM registration r "
	    "JOIN event e ON e.id = r.event_id WHERE r.id = ?1 AND "
	    "r.erased_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, reg_id);
	rc = db_step(st);
	if (rc != DB_ROW) {
		db_done(st);
		return rc == DB_DONE ? 1 : -1;
	}
	f->id = db_col_int64(st, 0);
	f->event_id = db_col_int64(st, 1);
	f->group_size = db_col_int64(st, 2);
	f->waiting_seq = db_col_int64(st, 3);
	f->offer_expires_at = db_col_int64(st, 4);
	f->submission = db_col_dup(st, a, 5);
	f->name = db_col_dup(st, a, 6);
	f->email = db_col_dup(st, a, 7);
	f->status = db_col_dup(st, a, 8);
	lc = db_col_text(st, 9);
	if (lang_parse(lc, strlen(lc), &f->l) != 0)
		f->l = LANG_FI;
	f->kind = db_col_dup(st, a, 10);
	f->place = db_col_dup(st, a, 11);
	f->platform = db_col_dup(st, a, 12);
	f->join_url = db_col_dup(st, a, 13);
	f->title = arena_strdup(a, i18n_pick(f->l, db_col_text(st, 14),
	    db_col_text(st, 15), db_col_text(st, 16), NULL));
	f->starts_at = db_col_int64(st, 17);
	f->ends_at = db_col_int64(st, 18);
	f->sequence = db_col_int64(st, 19);
	f->offer_hours = db_col_int64(st, 20);
	db_done(st);
	return 0;
}

/* The registrant's place on the waiting list (1 = next), or 0. */
static int64_t
reg_queue_place(struct db *db, const struct reg_facts *f)
{
	struct db_stmt *st;
	int64_t place = 0;

	if (strcmp(f->status, "waiting") != 0)
		return 0;
	st = db_prepare(db, "SELECT COUNT(*) FROM registration WHERE "
	    "event_id = ?1 AND status = 'waiting' AND waiting_seq <= ?2");
	if (st == NULL)
		return 0;
	db_bind_int64(st, 1, f->event_id);
	db_bind_int64(st, 2, f->waiting_seq);
	if (db_step(st) == DB_ROW)
		place = db_col_int64(st, 0);
	db_done(st);
	return place;
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
	if (strcmp(f->kind, "webinar") != 0 && f->place[0] != '\0')
		buf_printf(b, "%s: %s\n", i18n_text(l, "Place"), f->place);
	if (strcmp(f->kind, "on-site") != 0) {
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
	case REG_MAIL_EVENT_CANCELLED:
	default:
		fmt = i18n_text(l, "Event cancelled: %s");
		buf_printf(b, "%s\n\n", i18n_text(l, "Unfortunately the event has been cancelled. You do not need to do anything."));
		break;
	}
	*subject = arena_printf(a, fmt, f->title);
}

int
registration_mail(struct db *db, int64_t reg_id, enum reg_mail kind,
    int64_t now)
{
	struct reg_facts f;
	struct arena a;
	struct buf b;
	struct mail_msg m;
	const char *subject, *key;
	char token[REG_TOKEN_LEN + 1];
	int rc = -1;

	arena_init(&a);
	buf_init(&b);
	memset(&m, 0, sizeof(m));
	rc = reg_facts_load(db, &a, reg_id, &f);
	if (rc != 0) {
		/* An erased registration has no one to tell. */
		rc = rc == 1 ? 0 : -1;
		goto out;
	}
	rc = -1;
	if (registration_token(db, f.event_id, f.submission, token) != 0)
		goto out;
	buf_printf(&b, i18n_text(f.l, "Hello %s,"), f.name);
	buf_puts(&b, "\n\n");
	reg_mail_text(&b, &a, &f, kind, reg_queue_place(db, &f), &subject);
	reg_event_lines(&b, &a, &f, kind == REG_MAIL_CONFIRMED ||
	    (kind == REG_MAIL_EVENT_CHANGED &&
	    strcmp(f.status, "confirmed") == 0));
	if (kind != REG_MAIL_CANCELLED && kind != REG_MAIL_EVENT_CANCELLED) {
		buf_printf(&b, "\n%s\n%s/%s/registrations/%s\n",
		    kind == REG_MAIL_OFFER ?
		    i18n_text(f.l, "Accept or decline the seat here:") :
		    i18n_text(f.l, "View, change or cancel your registration here:"),
		    reg_base_url, lang_code(f.l), token);
	}
	if (kind == REG_MAIL_EVENT_CHANGED || kind == REG_MAIL_EVENT_CANCELLED)
		key = arena_printf(&a, "reg:%lld:%s:%lld", (long long)f.id,
		    reg_mail_names[kind], (long long)f.sequence);
	else
		key = arena_printf(&a, "reg:%lld:%s", (long long)f.id,
		    reg_mail_names[kind]);
	m.to = f.email;
	m.subject = subject;
	m.body = buf_cstr(&b);
	m.dedupe_key = key;
	rc = mail_send(db, &m, now) < 0 ? -1 : 0;
out:
	sodium_memzero(token, sizeof(token));
	buf_cleanup(&b);
	arena_cleanup(&a);
	return rc;
}

int
registration_notify(struct db *db, int64_t event_id, enum event_change c,
    int64_t now)
{
	struct db_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	/* The ids first: registration_mail() uses the same connection. */
	st = db_prepare(db, "SELECT id FROM registration WHERE event_id = ?1 "
	    "AND status IN ('confirmed', 'offered', 'waiting') AND "
	    "erased_at IS NULL ORDER BY id");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, event_id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			int64_t *nv;

			cap = cap ? cap * 2 : 64;
			nv = realloc(ids, cap * sizeof(*ids));
			if (nv == NULL) {
				rc = DB_ERROR;
				break;
			}
			ids = nv;
		}
		ids[n++] = db_col_int64(st, 0);
	}
	db_done(st);
	if (rc != DB_DONE) {
		free(ids);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (registration_mail(db, ids[i], c == EVENT_CANCELLED ?
		    REG_MAIL_EVENT_CANCELLED : REG_MAIL_EVENT_CHANGED,
		    now) != 0) {
			free(ids);
			return -1;
		}
	free(ids);
	return 0;
}

/*
 * test_registration.c - the seat rules against a real SQLite file: seats
 * assigned in order and never oversold, the waiting list in order with
 * nobody overtaking it, duplicate submissions, freed seats offered to the
 * first group that fits, offers accepted, declined and expiring, no
 * offers once the event has started, changes of group size, the
 * registrant's token, and the messages queued with their dedupe keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/settings.h"
#include "events/offers.h"
#include "events/registration.h"
#include "tempdb.h"

#define NOW 1900000000		/* 2030: the events below are ahead */
#define START (NOW + 30 * 86400)

struct fx {
	char dir[64], path[96];
	struct db *db;
	int n;			/* submissions made, for unique ids */
};

/* The settings of every test: links to tuki.example.org. */
static struct config cfg;

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (x == NULL || tempdb_open("reg", x->dir, x->path, &x->db) != 0)
		return -1;
	cfg = config_default;
	cfg.base_url = "https://tuki.example.org";
	config_use(&cfg);
	if (db_exec(x->db, "INSERT INTO region (id, code, name_fi) VALUES "
	    "(1, 'uusimaa', 'Uusimaa')") != 0)
		return -1;
	/* Event 1: a webinar of 3 seats, groups up to 4, offers for 24 h. */
	if (db_exec(x->db, "INSERT INTO event (id, region_id, kind, title_fi, "
	    "title_en, starts_at, ends_at, status, capacity, group_max, "
	    "offer_hours, platform, join_url, sequence) VALUES (1, 1, "
	    "'webinar', 'Verkkoinfo', 'Online info', 1900000000 + 30 * 86400, "
	    "1900000000 + 30 * 86400 + 7200, 'published', 3, 4, 24, 'Teams', "
	    "'https://teams.example.org/join/secret', 2)") != 0)
		return -1;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	tempdb_close(x->dir, x->db);
	free(x);
	return 0;
}

static int64_t
q_int(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t v;

	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_done(st);
	return v;
}

static const char *
status_of(struct fx *x, int64_t id)
{
	static char s[16];
	struct db_stmt *st = db_prepare(x->db,
	    "SELECT status FROM registration WHERE id = ?1");

	db_bind_int64(st, 1, id);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(s, sizeof(s), "%s", db_col_text(st, 0));
	db_done(st);
	return s;
}

/* A submission id of the right shape, unique per call. */
static const char *
submission(struct fx *x, char out[44])
{
	snprintf(out, 44, "%043d", ++x->n);
	return out;
}

/* Registers in its own transaction; returns the outcome. */
static enum reg_outcome
reg(struct fx *x, const char *sub, int64_t group, int64_t now,
    struct reg_result *res)
{
	struct reg_input in;
	char email[64];

	memset(&in, 0, sizeof(in));
	snprintf(email, sizeof(email), "person%d@example.org", x->n);
	in.event_id = 1;
	in.submission = sub;
	in.name = "Testi Henkilö";
	in.email = email;
	in.organisation = "";
	in.group_size = group;
	in.lang = LANG_FI;
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_create(x->db, &in, now, res), 0);
	assert_int_equal(db_commit(x->db), 0);
	return res->outcome;
}

static int64_t
reg_new(struct fx *x, int64_t group, enum reg_outcome want)
{
	struct reg_result res;
	char sub[44];

	assert_int_equal(reg(x, submission(x, sub), group, NOW, &res), want);
	return res.id;
}

static int64_t
taken(struct fx *x)
{
	return q_int(x->db, "SELECT COALESCE(SUM(group_size), 0) FROM "
	    "registration WHERE event_id = 1 AND status IN ('confirmed', "
	    "'offered')");
}

static int64_t
mails(struct fx *x, const char *key)
{
	struct db_stmt *st = db_prepare(x->db,
	    "SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key = ?1");
	int64_t v;

	db_bind_cstr(st, 1, key);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_done(st);
	return v;
}

static void
test_seats_then_waiting_list(void **state)
{
	struct fx *x = *state;
	int64_t a, b, c, d;
	char key[64];

	a = reg_new(x, 2, REGOUT_CONFIRMED);
	b = reg_new(x, 1, REGOUT_CONFIRMED);
	/* Full: the next two queue, in order. */
	c = reg_new(x, 1, REGOUT_WAITING);
	d = reg_new(x, 1, REGOUT_WAITING);
	assert_int_equal(taken(x), 3);
	assert_int_equal(q_int(x->db, "SELECT waiting_seq FROM registration "
	    "WHERE status = 'waiting' ORDER BY id LIMIT 1"), 1);
	assert_int_equal(q_int(x->db, "SELECT MAX(waiting_seq) FROM "
	    "registration"), 2);
	(void)c;
	(void)d;
	/* One message each, under its key; the confirmation with the ICS. */
	snprintf(key, sizeof(key), "reg:%lld:confirmed", (long long)a);
	assert_int_equal(mails(x, key), 1);
	snprintf(key, sizeof(key), "reg:%lld:confirmed", (long long)b);
	assert_int_equal(mails(x, key), 1);
	snprintf(key, sizeof(key), "reg:%lld:waiting", (long long)c);
	assert_int_equal(mails(x, key), 1);
	assert_int_equal(q_int(x->db, "SELECT COUNT(*) FROM mail_outbox"), 4);
}

static void
test_duplicate_submission(void **state)
{
	struct fx *x = *state;
	struct reg_result r1, r2;
	char sub[44];

	submission(x, sub);
	assert_int_equal(reg(x, sub, 1, NOW, &r1), REGOUT_CONFIRMED);
	assert_int_equal(reg(x, sub, 1, NOW + 5, &r2), REGOUT_DUPLICATE);
	assert_int_equal(r1.id, r2.id);
	assert_string_equal(r1.token, r2.token);
	assert_int_equal(q_int(x->db, "SELECT COUNT(*) FROM registration"), 1);
	assert_int_equal(q_int(x->db, "SELECT COUNT(*) FROM mail_outbox"), 1);
}

static void
test_token(void **state)
{
	struct fx *x = *state;
	char t1[44], t2[44], t3[44];
	struct registration r;
	struct reg_result res;
	struct arena a;
	char sub[44];

	assert_int_equal(registration_token(x->db, 1, "abc", t1), 0);
	assert_int_equal(registration_token(x->db, 1, "abc", t2), 0);
	assert_int_equal(registration_token(x->db, 2, "abc", t3), 0);
	assert_int_equal(strlen(t1), 43);
	assert_string_equal(t1, t2);
	assert_string_not_equal(t1, t3);
	/* (1, "2x") and (12, "x") are different inputs. */
	assert_int_equal(registration_token(x->db, 1, "2x", t1), 0);
	assert_int_equal(registration_token(x->db, 12, "x", t2), 0);
	assert_string_not_equal(t1, t2);

	assert_int_equal(reg(x, submission(x, sub), 1, NOW, &res),
	    REGOUT_CONFIRMED);
	arena_init(&a);
	assert_int_equal(registration_by_token(x->db, &a, res.token, &r), 0);
	assert_int_equal(r.id, res.id);
	assert_string_equal(r.status, "confirmed");
	/* Only the hash is stored: 64 hex digits, not the token. */
	{
		struct db_stmt *st = db_prepare(x->db, "SELECT token_hash "
		    "FROM registration");
		char h[65];

		assert_int_equal(db_step(st), DB_ROW);
		registration_token_hash(res.token, h);
		assert_string_equal(db_col_text(st, 0), h);
		assert_string_not_equal(db_col_text(st, 0), res.token);
		db_done(st);
	}
	t1[0] = t1[0] == 'A' ? 'B' : 'A';
	assert_int_equal(registration_by_token(x->db, &a, t1, &r), 1);
	assert_int_equal(registration_by_token(x->db, &a, "short", &r), 1);
	assert_int_equal(registration_by_token(x->db, &a,
	    "../../../../../../../../../../../../../etc", &r), 1);
	arena_cleanup(&a);
}

static void
test_nobody_overtakes(void **state)
{
	struct fx *x = *state;
	int64_t big, small;

	reg_new(x, 2, REGOUT_CONFIRMED);
	/* One seat left: a group of 2 queues ... */
	big = reg_new(x, 2, REGOUT_WAITING);
	/* ... and a single person behind it queues too, even though one
	 * seat is free: the free seat is then offered in queue order to
	 * the first group that fits, which is them. */
	small = reg_new(x, 1, REGOUT_OFFERED);
	assert_string_equal(status_of(x, big), "waiting");
	assert_string_equal(status_of(x, small), "offered");
	assert_int_equal(taken(x), 3);
}

static void
test_cancel_offers_in_order(void **state)
{
	struct fx *x = *state;
	int64_t a, w1, w2, w3;
	char key[64];

	a = reg_new(x, 1, REGOUT_CONFIRMED);
	reg_new(x, 2, REGOUT_CONFIRMED);
	w1 = reg_new(x, 2, REGOUT_WAITING);
	w2 = reg_new(x, 1, REGOUT_WAITING);
	w3 = reg_new(x, 1, REGOUT_WAITING);
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_cancel(x->db, a, NOW + 60), 0);
	assert_int_equal(db_commit(x->db), 0);
	/* One seat: w1's group of 2 does not fit, w2 gets the offer. */
	assert_string_equal(status_of(x, a), "cancelled");
	assert_string_equal(status_of(x, w1), "waiting");
	assert_string_equal(status_of(x, w2), "offered");
	assert_string_equal(status_of(x, w3), "waiting");
	assert_int_equal(taken(x), 3);
	assert_int_equal(q_int(x->db, "SELECT offer_expires_at FROM "
	    "registration WHERE status = 'offered'"), NOW + 60 + 24 * 3600);
	snprintf(key, sizeof(key), "reg:%lld:offer", (long long)w2);
	assert_int_equal(mails(x, key), 1);
	snprintf(key, sizeof(key), "reg:%lld:cancelled", (long long)a);
	assert_int_equal(mails(x, key), 1);
	/* Cancelling again changes nothing. */
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_cancel(x->db, a, NOW + 61), 2);
	db_rollback(x->db);
}

static void
test_offer_expires_and_moves_on(void **state)
{
	struct fx *x = *state;
	int64_t a, w1, w2;

	a = reg_new(x, 3, REGOUT_CONFIRMED);
	w1 = reg_new(x, 1, REGOUT_WAITING);
	w2 = reg_new(x, 1, REGOUT_WAITING);
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_change(x->db, a, "Testi", "", 2,
	    NOW + 10), 0);
	assert_int_equal(db_commit(x->db), 0);
	assert_string_equal(status_of(x, w1), "offered");
	/* Not yet expired: nothing happens. */
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(offers_expire(x->db, 0, NOW + 10 + 3600), 0);
	assert_int_equal(db_commit(x->db), 0);
	assert_string_equal(status_of(x, w1), "offered");
	/* A day later it has: w2 gets the seat. */
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(offers_expire(x->db, 0, NOW + 10 + 24 * 3600), 1);
	assert_int_equal(db_commit(x->db), 0);
	assert_string_equal(status_of(x, w1), "expired");
	assert_string_equal(status_of(x, w2), "offered");
	/* Accepting late does not work. */
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(offer_accept(x->db, w1, NOW + 10 + 24 * 3600 + 5), 1);
	assert_int_equal(db_commit(x->db), 0);
	assert_string_equal(status_of(x, w1), "expired");
	/* w2 accepts in time: confirmed, with a confirmation. */
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(offer_accept(x->db, w2, NOW + 10 + 24 * 3600 + 60),
	    0);
	assert_int_equal(db_commit(x->db), 0);
	assert_string_equal(status_of(x, w2), "confirmed");
	assert_int_equal(taken(x), 3);
}

static void
test_decline_moves_on(void **state)
{
	struct fx *x = *state;
	int64_t a, w1, w2;

	a = reg_new(x, 3, REGOUT_CONFIRMED);
	w1 = reg_new(x, 1, REGOUT_WAITING);
	w2 = reg_new(x, 1, REGOUT_WAITING);
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_cancel(x->db, a, NOW + 1), 0);
	assert_int_equal(db_commit(x->db), 0);
	/* Three seats free: both offered. */
	assert_string_equal(status_of(x, w1), "offered");
	assert_string_equal(status_of(x, w2), "offered");
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(offer_decline(x->db, w1, NOW + 2), 0);
	assert_int_equal(offer_decline(x->db, w1, NOW + 3), 1);
	assert_int_equal(db_commit(x->db), 0);
	assert_string_equal(status_of(x, w1), "declined");
	/* A newcomer now: seats are free and nobody waits, so a seat. */
	reg_new(x, 2, REGOUT_CONFIRMED);
	assert_int_equal(taken(x), 3);
}

static void
test_no_offers_after_start(void **state)
{
	struct fx *x = *state;
	int64_t a, w1;

	a = reg_new(x, 3, REGOUT_CONFIRMED);
	w1 = reg_new(x, 1, REGOUT_WAITING);
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_cancel(x->db, a, START + 60), 0);
	assert_int_equal(db_commit(x->db), 0);
	assert_string_equal(status_of(x, w1), "waiting");
	/* Nor registrations. */
	{
		struct reg_result res;
		char sub[44];

		assert_int_equal(reg(x, submission(x, sub), 1, START + 61,
		    &res), REGOUT_CLOSED);
	}
	/* An offer made before the start never outlives it. */
	assert_int_equal(q_int(x->db, "SELECT COUNT(*) FROM registration "
	    "WHERE status = 'offered'"), 0);
}

static void
test_offer_capped_at_start(void **state)
{
	struct fx *x = *state;
	int64_t a, w1;

	a = reg_new(x, 3, REGOUT_CONFIRMED);
	w1 = reg_new(x, 1, REGOUT_WAITING);
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_cancel(x->db, a, START - 600), 0);
	assert_int_equal(db_commit(x->db), 0);
	assert_string_equal(status_of(x, w1), "offered");
	assert_int_equal(q_int(x->db, "SELECT offer_expires_at FROM "
	    "registration WHERE status = 'offered'"), START);
}

static void
test_change_group(void **state)
{
	struct fx *x = *state;
	int64_t a, b;

	a = reg_new(x, 1, REGOUT_CONFIRMED);
	b = reg_new(x, 1, REGOUT_CONFIRMED);
	/* Growing into the one free seat works, beyond it does not. */
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_change(x->db, a, "A", "Org", 2, NOW), 0);
	assert_int_equal(registration_change(x->db, b, "B", "", 2, NOW), 1);
	assert_int_equal(db_commit(x->db), 0);
	assert_int_equal(taken(x), 3);
	assert_int_equal(q_int(x->db, "SELECT group_size FROM registration "
	    "WHERE name = 'Testi Henkilö'"), 1);
	assert_int_equal(q_int(x->db, "SELECT group_size FROM registration "
	    "WHERE name = 'A' AND organisation = 'Org'"), 2);
	/* Waiting groups may change freely. */
	b = reg_new(x, 1, REGOUT_WAITING);
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_change(x->db, b, "W", "", 4, NOW), 0);
	assert_int_equal(db_commit(x->db), 0);
	/* Not after the start. */
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_change(x->db, a, "A", "", 1, START), 2);
	db_rollback(x->db);
}

static void
test_closed_window(void **state)
{
	struct fx *x = *state;
	struct reg_result res;
	char sub[44];

	assert_int_equal(db_exec(x->db, "UPDATE event SET "
	    "registration_opens = 1900000000 + 100"), 0);
	assert_int_equal(reg(x, submission(x, sub), 1, NOW, &res),
	    REGOUT_CLOSED);
	assert_int_equal(db_exec(x->db, "UPDATE event SET "
	    "registration_opens = NULL, registration_closes = 1900000000"), 0);
	assert_int_equal(reg(x, submission(x, sub), 1, NOW, &res),
	    REGOUT_CLOSED);
	assert_int_equal(db_exec(x->db, "UPDATE event SET "
	    "registration_closes = NULL, status = 'draft'"), 0);
	assert_int_equal(reg(x, submission(x, sub), 1, NOW, &res),
	    REGOUT_CLOSED);
	assert_int_equal(db_exec(x->db, "UPDATE event SET status = "
	    "'published', capacity = NULL"), 0);
	assert_int_equal(reg(x, submission(x, sub), 1, NOW, &res),
	    REGOUT_CLOSED);
	assert_int_equal(q_int(x->db, "SELECT COUNT(*) FROM registration"), 0);
	assert_true(registration_open("published", 0, 0, 0, START, NOW));
	assert_false(registration_open("published", -1, 0, 0, START, NOW));
}

static void
test_notify(void **state)
{
	struct fx *x = *state;
	int64_t a, b, c;

	a = reg_new(x, 3, REGOUT_CONFIRMED);
	b = reg_new(x, 1, REGOUT_WAITING);
	c = reg_new(x, 1, REGOUT_WAITING);
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_cancel(x->db, c, NOW + 1), 0);
	assert_int_equal(registration_notify(x->db, 1, EVENT_CHANGED, NOW + 2),
	    0);
	/* The same change again: no second message. */
	assert_int_equal(registration_notify(x->db, 1, EVENT_CHANGED, NOW + 3),
	    0);
	assert_int_equal(db_commit(x->db), 0);
	assert_int_equal(q_int(x->db, "SELECT COUNT(*) FROM mail_outbox WHERE "
	    "dedupe_key LIKE 'reg:%:event-changed:2'"), 2);
	(void)a;
	(void)b;
	/* A later change (sequence 3) is announced again, and the
	 * cancellation to the same two. */
	assert_int_equal(db_exec(x->db, "UPDATE event SET sequence = 3"), 0);
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(registration_notify(x->db, 1, EVENT_CANCELLED,
	    NOW + 4), 0);
	assert_int_equal(db_commit(x->db), 0);
	assert_int_equal(q_int(x->db, "SELECT COUNT(*) FROM mail_outbox WHERE "
	    "dedupe_key LIKE 'reg:%:event-cancelled:3'"), 2);
	/* The cancelled registrant heard nothing about the change. */
	{
		char key[64];

		snprintf(key, sizeof(key), "reg:%lld:event-changed:2",
		    (long long)c);
		assert_int_equal(mails(x, key), 0);
	}
}

static void
test_job_fills_raised_capacity(void **state)
{
	struct fx *x = *state;
	int64_t w1, w2;

	reg_new(x, 3, REGOUT_CONFIRMED);
	w1 = reg_new(x, 1, REGOUT_WAITING);
	w2 = reg_new(x, 2, REGOUT_WAITING);
	/* The organiser adds two seats: the job offers them in order. */
	assert_int_equal(db_exec(x->db, "UPDATE event SET capacity = 5"), 0);
	assert_int_equal(offers_job(x->db, NOW + 100), 0);
	assert_string_equal(status_of(x, w1), "offered");
	assert_string_equal(status_of(x, w2), "waiting");
	assert_int_equal(taken(x), 4);
	/* Nothing more to do: a second run changes nothing. */
	assert_int_equal(offers_job(x->db, NOW + 101), 0);
	assert_string_equal(status_of(x, w2), "waiting");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seats_then_waiting_list,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_submission,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nobody_overtakes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cancel_offers_in_order,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_offer_expires_and_moves_on,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_decline_moves_on, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_offers_after_start,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_offer_capped_at_start,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_group, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_closed_window, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_notify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_job_fills_raised_capacity,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

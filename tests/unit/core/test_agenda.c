/*
 * test_agenda.c - the agenda's rules (events/agenda_rules.h): items within
 * the event, no overlap on a track, swapping neighbours, retiming with and
 * without shifting what follows; and the agenda store on a real database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "events/agenda_rules.h"
#include "events/store.h"
#include "tempdb.h"

#define M 60
#define H 3600
/* 9.00 Helsinki time on 6 October 2021 (06:00 UTC). */
#define T0 1633500000

static struct agenda_slot
slot(int64_t id, int64_t from_min, int64_t to_min, int64_t track)
{
	return (struct agenda_slot){ id, T0 + from_min * M, T0 + to_min * M,
	    track, false };
}

static void
test_check(void **state)
{
	struct agenda_slot s[4];
	size_t bad = 99, other = 99;

	(void)state;
	s[0] = slot(1, 0, 15, 0);
	s[1] = slot(2, 15, 60, 0);	/* touching is not overlapping */
	s[2] = slot(3, 30, 90, 1);	/* parallel, on another track */
	s[3] = slot(4, 60, 150, 0);
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, &bad, &other),
	    AGENDA_OK);
	assert_int_equal(agenda_check(s, 0, T0, T0, &bad, &other), AGENDA_OK);

	/* One minute past the event's end. */
	assert_int_equal(agenda_check(s, 4, T0, T0 + 149 * M, &bad, &other),
	    AGENDA_OUTSIDE);
	assert_int_equal(bad, 3);
	/* One minute before its start. */
	s[0].starts_at = T0 - M;
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, &bad, NULL),
	    AGENDA_OUTSIDE);
	assert_int_equal(bad, 0);
	s[0].starts_at = T0;

	/* Ends when it starts. */
	s[1].ends_at = s[1].starts_at;
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, &bad, NULL),
	    AGENDA_ORDER);
	assert_int_equal(bad, 1);
	s[1].ends_at = T0 + 60 * M;

	/* One minute of overlap on track 0: the later item is at fault. */
	s[3].starts_at = T0 + 59 * M;
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, &bad, &other),
	    AGENDA_OVERLAP);
	assert_int_equal(bad, 3);
	assert_int_equal(other, 1);
	/* The same times on another track are fine. */
	s[3].track = 2;
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, NULL, NULL),
	    AGENDA_OK);
	/* An item inside another one. */
	s[3] = slot(4, 20, 30, 0);
	assert_int_equal(agenda_check(s, 4, T0, T0 + 150 * M, &bad, &other),
	    AGENDA_OVERLAP);
	assert_int_equal(bad, 3);
	assert_int_equal(other, 1);
}

static void
test_swap(void **state)
{
	struct agenda_slot s[4];

	(void)state;
	/* A 9.00-9.30, B 9.40-10.00, C 10.00-10.15, W on track 1. */
	s[0] = slot(10, 0, 30, 0);
	s[1] = slot(11, 40, 60, 0);
	s[2] = slot(12, 60, 75, 0);
	s[3] = slot(13, 0, 75, 1);

	assert_int_equal(agenda_swap(s, 4, 10, true), AGENDA_OK);
	/* B 9.00-9.20, then the 10-minute gap, then A 9.30-10.00. */
	assert_int_equal(s[1].starts_at, T0);
	assert_int_equal(s[1].ends_at, T0 + 20 * M);
	assert_int_equal(s[0].starts_at, T0 + 30 * M);
	assert_int_equal(s[0].ends_at, T0 + 60 * M);
	assert_true(s[0].changed && s[1].changed);
	assert_false(s[2].changed);
	assert_false(s[3].changed);
	assert_int_equal(s[2].starts_at, T0 + 60 * M);
	assert_int_equal(agenda_check(s, 4, T0, T0 + 75 * M, NULL, NULL),
	    AGENDA_OK);

	/* Back again, by moving A earlier: the original times return. */
	s[0].changed = s[1].changed = false;
	assert_int_equal(agenda_swap(s, 4, 10, false), AGENDA_OK);
	assert_int_equal(s[0].starts_at, T0);
	assert_int_equal(s[0].ends_at, T0 + 30 * M);
	assert_int_equal(s[1].starts_at, T0 + 40 * M);
	assert_int_equal(s[1].ends_at, T0 + 60 * M);

	/* The first of its track cannot move earlier, the last not later,
	 * and the only item of track 1 neither way. */
	assert_int_equal(agenda_swap(s, 4, 10, false), AGENDA_NO_NEIGHBOUR);
	assert_int_equal(agenda_swap(s, 4, 12, true), AGENDA_NO_NEIGHBOUR);
	assert_int_equal(agenda_swap(s, 4, 13, true), AGENDA_NO_NEIGHBOUR);
	assert_int_equal(agenda_swap(s, 4, 13, false), AGENDA_NO_NEIGHBOUR);
	assert_int_equal(s[0].starts_at, T0);
	assert_int_equal(agenda_swap(s, 4, 99, true), AGENDA_UNKNOWN);

	/* C later than B: the neighbour is the closest, not any later one. */
	assert_int_equal(agenda_swap(s, 4, 11, true), AGENDA_OK);
	assert_int_equal(s[2].starts_at, T0 + 40 * M);
	assert_int_equal(s[2].ends_at, T0 + 55 * M);
	assert_int_equal(s[1].starts_at, T0 + 55 * M);
	assert_int_equal(s[1].ends_at, T0 + 75 * M);
	assert_int_equal(s[0].ends_at, T0 + 30 * M);
}

static void
test_retime(void **state)
{
	struct agenda_slot s[4];
	size_t bad = 99;

	(void)state;
	s[0] = slot(1, 0, 15, 0);	/* opening 9.00-9.15 */
	s[1] = slot(2, 15, 60, 0);	/* talks 9.15-10.00 */
	s[2] = slot(3, 70, 120, 0);	/* panel 10.10-11.00 */
	s[3] = slot(4, 60, 70, 1);	/* a parallel item 10.00-10.10 */

	/* The opening grows by ten minutes and everything after follows. */
	assert_int_equal(agenda_retime(s, 4, 1, T0, T0 + 25 * M, true, T0,
	    T0 + 150 * M, &bad), AGENDA_OK);
	assert_int_equal(s[0].ends_at, T0 + 25 * M);
	assert_int_equal(s[1].starts_at, T0 + 25 * M);
	assert_int_equal(s[1].ends_at, T0 + 70 * M);
	assert_int_equal(s[2].starts_at, T0 + 80 * M);
	assert_int_equal(s[3].starts_at, T0 + 70 * M);
	assert_true(s[0].changed && s[1].changed && s[2].changed &&
	    s[3].changed);

	/* Shortened again by ten minutes: back to the start. */
	assert_int_equal(agenda_retime(s, 4, 1, T0, T0 + 15 * M, true, T0,
	    T0 + 150 * M, &bad), AGENDA_OK);
	assert_int_equal(s[1].starts_at, T0 + 15 * M);
	assert_int_equal(s[2].ends_at, T0 + 120 * M);

	/* Without shifting, a longer opening overlaps the talks: refused,
	 * and nothing has changed. */
	assert_int_equal(agenda_retime(s, 4, 1, T0, T0 + 25 * M, false, T0,
	    T0 + 150 * M, &bad), AGENDA_OVERLAP);
	assert_int_equal(bad, 1);
	assert_int_equal(s[0].ends_at, T0 + 15 * M);
	assert_false(s[0].changed);

	/* Shifting that pushes the panel past the event's end: refused and
	 * undone, the shifted items included. */
	assert_int_equal(agenda_retime(s, 4, 2, T0 + 15 * M, T0 + 100 * M,
	    true, T0, T0 + 150 * M, &bad), AGENDA_OUTSIDE);
	assert_int_equal(bad, 2);
	assert_int_equal(s[1].ends_at, T0 + 60 * M);
	assert_int_equal(s[2].starts_at, T0 + 70 * M);
	assert_int_equal(s[3].starts_at, T0 + 60 * M);
	assert_false(s[2].changed || s[3].changed);

	/* Shortening the talks without shifting leaves a gap; the items
	 * starting before the old end (the opening) never move. */
	assert_int_equal(agenda_retime(s, 4, 2, T0 + 15 * M, T0 + 45 * M,
	    false, T0, T0 + 150 * M, &bad), AGENDA_OK);
	assert_int_equal(s[2].starts_at, T0 + 70 * M);
	assert_false(s[2].changed);
	assert_int_equal(agenda_retime(s, 4, 2, T0 + 15 * M, T0 + 40 * M,
	    true, T0, T0 + 150 * M, &bad), AGENDA_OK);
	/* Only the slots at or after the old end (9.45) moved 5 min. */
	assert_int_equal(s[2].starts_at, T0 + 65 * M);
	assert_int_equal(s[3].starts_at, T0 + 55 * M);
	assert_int_equal(s[0].starts_at, T0);
	assert_false(s[0].changed);

	/* An end before the start. */
	assert_int_equal(agenda_retime(s, 4, 3, T0 + 65 * M, T0 + 60 * M,
	    false, T0, T0 + 150 * M, &bad), AGENDA_ORDER);
	assert_int_equal(agenda_retime(s, 4, 42, T0, T0 + M, false, T0,
	    T0 + 150 * M, &bad), AGENDA_UNKNOWN);
}


/* --- the store, on a real database --- */

struct fix {
	char dir[64], path[96];
	struct db *db;
	struct arena a;
};

static void
exec_ok(struct db *db, const char *sql)
{
	if (db_exec(db, sql) != 0)
		fail_msg("%s: %s", sql, db_errmsg(db));
}

static int64_t
number(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t v = -1;

	assert_non_null(st);
	if (db_step(st) == DB_ROW)
		v = db_col_int64(st, 0);
	db_done(st);
	return v;
}

/*
 * Region 1 with Pornainen and Helsinki, region 2; events (now = T0):
 *   1 past, published, public, fi, Pornainen
 *   2 upcoming, published, public, fi,sv, Helsinki, 10 seats
 *   3 upcoming draft of region 1
 *   4 upcoming, published, network audience, en, on-site
 *   5 upcoming draft of region 2
 *   6 upcoming, cancelled, public
 */
static int
setup(void **state)
{
	struct fix *x = calloc(1, sizeof(*x));

	if (x == NULL)
		return -1;
	if (tempdb_open("agenda", x->dir, x->path, &x->db) != 0) {
		free(x);
		return -1;
	}
	arena_init(&x->a);
	exec_ok(x->db,
	    "INSERT INTO region (id, code, name_fi) VALUES (1, 'uusimaa', 'Uusimaa'), (2, 'pirkanmaa', 'Pirkanmaa');"
	    "INSERT INTO municipality (code, region_id, name_fi, name_sv, language_status) VALUES"
	    " ('611', 1, 'Pornainen', 'Borgnäs', 'fi'), ('091', 1, 'Helsinki', 'Helsingfors', 'fi+sv');"
	    "INSERT INTO event (id, region_id, kind, title_fi, title_sv, starts_at, ends_at, status, audience, languages, capacity) VALUES"
	    " (1, 1, 'webinar', 'Mennyt', '', 1633500000 - 86400, 1633500000 - 80000, 'published', 'public', 'fi', NULL),"
	    " (2, 1, 'webinar', 'Tuleva', 'Kommande', 1633500000 + 86400, 1633500000 + 90000, 'published', 'public', 'fi,sv', 10),"
	    " (3, 1, 'webinar', 'Luonnos', '', 1633500000 + 2 * 86400, 1633500000 + 2 * 86400 + 3600, 'draft', 'public', 'fi', NULL),"
	    " (4, 1, 'on-site', 'Verkostolle', '', 1633500000 + 3 * 86400, 1633500000 + 3 * 86400 + 3600, 'published', 'network', 'en', NULL),"
	    " (5, 2, 'webinar', 'Pirkanmaan luonnos', '', 1633500000 + 4 * 86400, 1633500000 + 4 * 86400 + 3600, 'draft', 'public', 'fi', NULL),"
	    " (6, 1, 'hybrid', 'Peruttu', '', 1633500000 + 5 * 86400, 1633500000 + 5 * 86400 + 3600, 'cancelled', 'public', 'fi', NULL);"
	    "INSERT INTO event_municipality (event_id, municipality_code) VALUES (1, '611'), (2, '091');"
	    "INSERT INTO registration (event_id, submission, token_hash, name, email, group_size, lang, status, waiting_seq, created_at, updated_at) VALUES"
	    " (2, 's1', x'01', 'A', 'a@example.org', 3, 'fi', 'confirmed', NULL, 0, 0),"
	    " (2, 's2', x'02', 'B', 'b@example.org', 2, 'fi', 'offered', NULL, 0, 0),"
	    " (2, 's3', x'03', 'C', 'c@example.org', 4, 'fi', 'cancelled', NULL, 0, 0),"
	    " (2, 's4', x'04', 'D', 'd@example.org', 2, 'fi', 'waiting', 1, 0, 0);"
	    /* The registration module keeps this counter as it writes. */
	    "INSERT INTO event_seat_count (event_id, taken, waiting) VALUES (2, 5, 2);");
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *x = *state;

	arena_cleanup(&x->a);
	tempdb_close(x->dir, x->db);
	free(x);
	return 0;
}

/* The ids that events_query() finds, as "2,4". */
static const char *
ids(struct fix *x, const struct event_filter *f)
{
	struct event_row *rows;
	const char *out = "";
	size_t n, i;
	bool more, prev;

	assert_int_equal(events_query(x->db, &x->a, LANG_FI, f, &rows, &n,
	    &more, &prev), 0);
	for (i = 0; i < n; i++)
		out = arena_printf(&x->a, "%s%s%lld", out, i ? "," : "",
		    (long long)rows[i].id);
	return out;
}

static void
test_query(void **state)
{
	struct fix *x = *state;
	struct event_filter f;
	struct event_row *rows;
	size_t n;
	bool more, prev;

	memset(&f, 0, sizeof(f));
	f.now = T0;
	f.limit = 20;
	f.drafts_region = -1;
	/* Anonymous: published and cancelled public events, no drafts, not
	 * the network's own. */
	assert_string_equal(ids(x, &f), "2,6");
	f.signed_in = true;
	assert_string_equal(ids(x, &f), "2,4,6");
	/* The coordinator of region 1 sees its draft, not region 2's. */
	f.drafts_region = 1;
	assert_string_equal(ids(x, &f), "2,3,4,6");
	/* Administrators see every draft. */
	f.drafts_region = 0;
	assert_string_equal(ids(x, &f), "2,3,4,5,6");
	f.drafts_region = -1;
	f.signed_in = false;
	f.past = true;
	assert_string_equal(ids(x, &f), "1");
	f.past = false;
	f.municipality = "091";
	assert_string_equal(ids(x, &f), "2");
	f.municipality = "611";
	assert_string_equal(ids(x, &f), "");
	f.municipality = NULL;
	f.language = "sv";
	assert_string_equal(ids(x, &f), "2");
	f.language = "en";
	f.signed_in = true;
	assert_string_equal(ids(x, &f), "4");
	f.language = NULL;
	f.kind = "hybrid";
	assert_string_equal(ids(x, &f), "6");
	f.kind = NULL;
	/* Paging by keyset: one row a page (2, 4, 6 for the signed-in). */
	f.limit = 1;
	assert_int_equal(events_query(x->db, &x->a, LANG_SV, &f, &rows, &n,
	    &more, &prev), 0);
	assert_int_equal(n, 1);
	assert_true(more);
	assert_false(prev);
	assert_string_equal(rows[0].title, "Kommande");
	assert_int_equal(rows[0].title_lang, LANG_SV);
	/* Seats: confirmed and offered group sizes; waiting people. */
	assert_int_equal(rows[0].taken, 5);
	assert_int_equal(rows[0].waiting, 2);
	assert_int_equal(rows[0].capacity, 10);
	f.dir = PAGE_AFTER;
	f.cursor_starts = rows[0].starts_at;
	f.cursor_id = rows[0].id;
	assert_int_equal(events_query(x->db, &x->a, LANG_FI, &f, &rows, &n,
	    &more, &prev), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, 4);
	assert_true(more);
	assert_true(prev);
	f.cursor_starts = rows[0].starts_at;
	f.cursor_id = rows[0].id;
	assert_int_equal(events_query(x->db, &x->a, LANG_FI, &f, &rows, &n,
	    &more, &prev), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, 6);
	assert_false(more);
	assert_true(prev);
	/* Back from 6: the page before it is 4, with 2 before that. */
	f.dir = PAGE_BEFORE;
	f.cursor_starts = rows[0].starts_at;
	f.cursor_id = rows[0].id;
	assert_string_equal(ids(x, &f), "4");
	assert_int_equal(events_query(x->db, &x->a, LANG_FI, &f, &rows, &n,
	    &more, &prev), 0);
	assert_true(more);
	assert_true(prev);
	/* Two a page before 6: 2 and 4 in the list's order, nothing
	 * before. */
	f.limit = 2;
	f.cursor_id = 6;
	assert_string_equal(ids(x, &f), "2,4");
	assert_int_equal(events_query(x->db, &x->a, LANG_FI, &f, &rows, &n,
	    &more, &prev), 0);
	assert_false(prev);
	/* The archive runs the other way: newest first. */
	f.past = true;
	f.dir = PAGE_FIRST;
	f.signed_in = false;
	assert_string_equal(ids(x, &f), "1");
}

static void
test_seats_and_visible(void **state)
{
	struct fix *x = *state;
	struct user anon, coord1, coord2, admin, supporter;
	struct event e;
	int64_t taken, waiting;

	assert_int_equal(event_seats(x->db, 2, &taken, &waiting), 0);
	assert_int_equal(taken, 5);
	assert_int_equal(waiting, 2);
	assert_int_equal(event_get(x->db, &x->a, LANG_EN, 99, &e), 1);

	memset(&anon, 0, sizeof(anon));
	memset(&coord1, 0, sizeof(coord1));
	coord1.id = 1;
	coord1.role = ROLE_COORDINATOR;
	coord1.region_id = 1;
	coord2 = coord1;
	coord2.region_id = 2;
	admin = anon;
	admin.id = 3;
	admin.role = ROLE_ADMIN;
	supporter = anon;
	supporter.id = 4;
	supporter.role = ROLE_SUPPORTER;
	supporter.region_id = 1;

	assert_int_equal(event_get(x->db, &x->a, LANG_EN, 3, &e), 0);
	assert_false(event_visible(&anon, &e));
	assert_false(event_visible(&supporter, &e));
	assert_true(event_visible(&coord1, &e));
	assert_false(event_visible(&coord2, &e));
	assert_true(event_visible(&admin, &e));
	assert_int_equal(event_get(x->db, &x->a, LANG_EN, 4, &e), 0);
	assert_false(event_visible(&anon, &e));
	assert_true(event_visible(&supporter, &e));
	assert_int_equal(event_get(x->db, &x->a, LANG_EN, 6, &e), 0);
	assert_true(event_visible(&anon, &e));
	assert_int_equal(event_get(x->db, &x->a, LANG_EN, 2, &e), 0);
	assert_int_equal(e.capacity, 10);
	assert_int_equal(e.registration_opens, 0);
	assert_string_equal(e.title, "Tuleva");	/* no English: Finnish */
	assert_int_equal(e.title_lang, LANG_FI);
}

static void
test_update_sequence(void **state)
{
	struct fix *x = *state;
	struct event_fields f;
	enum event_status status;
	int64_t region;

	assert_int_equal(event_fields_get(x->db, &x->a, 2, &f, &status,
	    &region), 0);
	assert_int_equal(status, EVENT_STATUS_PUBLISHED);
	assert_int_equal(region, 1);
	assert_int_equal(f.nmunicipalities, 1);
	/* Stored as it was: the calendar sees nothing new. */
	assert_int_equal(event_update(x->db, 2, &f, T0), 0);
	assert_int_equal(number(x->db, "SELECT sequence FROM event WHERE id = 2"), 0);
	/* Seats are not in a calendar entry. */
	f.capacity = 20;
	assert_int_equal(event_update(x->db, 2, &f, T0), 0);
	assert_int_equal(number(x->db, "SELECT sequence FROM event WHERE id = 2"), 0);
	assert_int_equal(number(x->db, "SELECT capacity FROM event WHERE id = 2"), 20);
	/* A new time is. */
	f.starts_at += 600;
	assert_int_equal(event_update(x->db, 2, &f, T0), 0);
	assert_int_equal(number(x->db, "SELECT sequence FROM event WHERE id = 2"), 1);
	/* So is a new place, and each status change. */
	f.place = "Kirjastotie 1";
	assert_int_equal(event_update(x->db, 2, &f, T0), 0);
	assert_int_equal(number(x->db, "SELECT sequence FROM event WHERE id = 2"), 2);
	assert_int_equal(event_set_status(x->db, 2, EVENT_STATUS_CANCELLED, T0), 0);
	assert_int_equal(number(x->db, "SELECT sequence FROM event WHERE id = 2"), 3);
	/* Municipalities are replaced; no registration becomes NULL. */
	f.nmunicipalities = 0;
	f.capacity = -1;
	assert_int_equal(event_update(x->db, 2, &f, T0), 0);
	assert_int_equal(number(x->db, "SELECT count(*) FROM event_municipality WHERE event_id = 2"), 0);
	assert_int_equal(number(x->db, "SELECT capacity IS NULL FROM event WHERE id = 2"), 1);
}

static void
test_agenda_store(void **state)
{
	struct fix *x = *state;
	struct agenda_fields f;
	struct agenda_item *items;
	size_t n;
	int64_t a, b;

	memset(&f, 0, sizeof(f));
	f.kind = "talk";
	f.starts_at = T0 + 86400 + 600;
	f.ends_at = T0 + 86400 + 1200;
	f.title[0] = "Toinen";
	f.title[1] = f.title[2] = "";
	f.description[0] = f.description[1] = f.description[2] = "";
	assert_true((b = agenda_item_insert(x->db, 2, &f)) > 0);
	f.kind = "opening";
	f.starts_at = T0 + 86400;
	f.ends_at = T0 + 86400 + 600;
	f.title[0] = "Avaus";
	f.title[2] = "Opening";
	assert_true((a = agenda_item_insert(x->db, 2, &f)) > 0);
	exec_ok(x->db, "INSERT INTO organisation (id, region_id, kind, name_fi) VALUES (1, 1, 'library', 'Kirjasto');"
	    "INSERT INTO person (id, name, title_fi, organisation_id, is_public) VALUES"
	    " (1, 'Julkinen Henkilö', 'kirjastonhoitaja', 1, 1), (2, 'Salainen Henkilö', 'johtaja', 1, 0);");
	assert_int_equal(agenda_person_add(x->db, a, 2, PART_SPEAKER, 2), 0);
	assert_int_equal(agenda_person_add(x->db, a, 1, PART_MODERATOR, 1), 0);
	assert_int_equal(agenda_person_add(x->db, a, 1, PART_SPEAKER, 3), 1);
	assert_int_equal(agenda_list(x->db, &x->a, LANG_EN, 2, &items, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, a);	/* by start time */
	assert_string_equal(items[0].title, "Opening");
	assert_string_equal(items[1].title, "Toinen");
	assert_int_equal(items[1].title_lang, LANG_FI);
	assert_int_equal(items[0].npeople, 2);
	assert_int_equal(items[0].people[0].role, PART_MODERATOR);
	assert_string_equal(items[0].people[0].name, "Julkinen Henkilö");
	/* Not public: the name and title never leave the store. */
	assert_false(items[0].people[1].is_public);
	assert_string_equal(items[0].people[1].name, "");
	assert_string_equal(items[0].people[1].title, "");
	assert_string_equal(items[0].people[1].organisation, "Kirjasto");
	assert_int_equal(agenda_person_remove(x->db, a, 2), 0);
	assert_int_equal(agenda_person_remove(x->db, a, 2), 1);
	assert_int_equal(agenda_item_delete(x->db, 2, a), 0);
	assert_int_equal(agenda_item_delete(x->db, 2, a), 1);
	assert_int_equal(number(x->db, "SELECT count(*) FROM agenda_speaker"), 0);
	assert_int_equal(agenda_item_times(x->db, b, T0 + 86400, T0 + 86400 + 60), 0);
	assert_int_equal(number(x->db, "SELECT ends_at - starts_at FROM agenda_item"), 60);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_swap),
		cmocka_unit_test(test_retime),
		cmocka_unit_test_setup_teardown(test_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seats_and_visible, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_update_sequence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_agenda_store, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

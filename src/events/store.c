/*
 * store.c - reading one event (the contract of store.h).
 *
 * The event table belongs to this module; its seats are counted by the
 * registration module.  Texts are copied into the caller's arena.
 */
#include <string.h>

#include "db/rows.h"
#include "events/store.h"
#include "network/network.h"
#include "registration/registration.h"

/*
 * The three language versions of title, summary, description and consent
 * are read side by side and picked with i18n_pick(), so a missing Swedish
 * description falls back to the Finnish one exactly as the titles do.
 */
/* A row function's output with the language its texts are picked in. */
struct event_out {
	enum lang lang;
	struct event *e;
};

static int
event_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct event_out *o = out;
	struct event *e = o->e;
	enum lang l = o->lang;

	e->id = db_col_int64(st, 0);
	e->region_id = db_col_int64(st, 1);
	e->kind = event_kind_parse(db_col_text(st, 2));
	e->status = event_status_parse(db_col_text(st, 3));
	e->audience = event_audience_parse(db_col_text(st, 4));
	db_cols(st, a, 5, DB_COLS(db_as_str(&e->languages),
	    db_as_str(&e->place), db_as_str(&e->platform),
	    db_as_str(&e->join_url)));
	/* The page's language, else the Finnish name. */
	e->organiser = arena_strdup(a, i18n_pick(l, db_col_text(st, 9),
	    db_col_text(st, 33), db_col_text(st, 34), NULL));
	e->title = arena_strdup(a, i18n_pick(l, db_col_text(st, 10),
	    db_col_text(st, 11), db_col_text(st, 12), &e->title_lang));
	e->summary = arena_strdup(a, i18n_pick(l, db_col_text(st, 13),
	    db_col_text(st, 14), db_col_text(st, 15), &e->summary_lang));
	e->description = arena_strdup(a, i18n_pick(l, db_col_text(st, 16),
	    db_col_text(st, 17), db_col_text(st, 18), &e->description_lang));
	db_cols(st, NULL, 19, DB_COLS(db_as_int(&e->starts_at),
	    db_as_int(&e->ends_at), db_as_int(&e->sequence)));
	e->capacity = db_col_is_null(st, 22) ? -1 : db_col_int64(st, 22);
	db_cols(st, NULL, 23, DB_COLS(db_as_int(&e->registration_opens),
	    db_as_int(&e->registration_closes), db_as_int(&e->group_max),
	    db_as_int(&e->offer_hours), db_as_int(&e->reminder_hours)));
	e->consent = arena_strdup(a, i18n_pick(l, db_col_text(st, 28),
	    db_col_text(st, 29), db_col_text(st, 30), NULL));
	e->attendees = db_col_is_null(st, 31) ? -1 : db_col_int64(st, 31);
	e->erased = !db_col_is_null(st, 32);
	return 0;
}

int
event_get(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct event *out)
{
	struct event_out o = { l, out };

	memset(out, 0, sizeof(*out));
	return db_row(db, a, "SELECT id, region_id, kind, status, audience, "
	    "languages, place, platform, join_url, organiser, "
	    "title_fi, title_sv, title_en, summary_fi, summary_sv, summary_en, "
	    "description_fi, description_sv, description_en, "
	    "starts_at, ends_at, sequence, capacity, registration_opens, "
	    "registration_closes, group_max, offer_hours, reminder_hours, "
	    "consent_fi, consent_sv, consent_en, attendees, erased_at, "
	    "organiser_sv, organiser_en "
	    "FROM event WHERE id = ?1", DB_ARGS(db_int(id)), event_row, &o);
}

int64_t
event_id_at(struct db *db, int64_t starts_at)
{
	int64_t id;

	return db_int64(db, "SELECT id FROM event WHERE starts_at = ?1 "
	    "ORDER BY id LIMIT 1", DB_ARGS(db_int(starts_at)), &id) < 0 ? -1 :
	    id;
}

/* Both counts are people (group sizes), not registrations; the
 * registration module counts them. */
int
event_seats(struct db *db, int64_t event_id, int64_t *taken,
    int64_t *waiting)
{
	return registration_counts(db, &event_id, 1, taken, waiting);
}

/*
 * A list row: the title and summary in the language i18n_pick() would
 * choose, which the statement works out (EVENTS_PICK), so that only the
 * two texts shown are copied, not all six (issue 13).
 */
static int
list_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct event_row *e = out;
	int64_t tl = db_col_int64(st, 20), sl = db_col_int64(st, 21);

	e->id = db_col_int64(st, 0);
	e->region_id = db_col_int64(st, 1);
	e->kind = event_kind_parse(db_col_text(st, 2));
	e->status = event_status_parse(db_col_text(st, 3));
	e->audience = event_audience_parse(db_col_text(st, 4));
	db_cols(st, a, 5, DB_COLS(db_as_str(&e->languages),
	    db_as_str(&e->place), db_as_str(&e->platform)));
	e->title_lang = tl >= 0 && tl < LANG_COUNT ? (enum lang)tl : LANG_FI;
	e->summary_lang = sl >= 0 && sl < LANG_COUNT ? (enum lang)sl :
	    LANG_FI;
	e->title = db_col_dup(st, a, 8 + (int)e->title_lang);
	e->summary = db_col_dup(st, a, 11 + (int)e->summary_lang);
	e->starts_at = db_col_int64(st, 14);
	e->ends_at = db_col_int64(st, 15);
	e->capacity = db_col_is_null(st, 16) ? -1 : db_col_int64(st, 16);
	e->registration_opens = db_col_int64(st, 17);
	e->registration_closes = db_col_int64(st, 18);
	e->attendees = db_col_is_null(st, 19) ? -1 : db_col_int64(st, 19);
	return 0;
}

/*
 * i18n_pick()'s choice in SQL, as the language's number (enum lang): the
 * page's language ?13 when its text is there, else Finnish, Swedish,
 * English, the first that is not empty (all empty: the page's).
 */
#define EVENTS_PICK(c) \
	"CASE WHEN ?13 = 0 AND e." c "_fi <> '' THEN 0 " \
	"WHEN ?13 = 1 AND e." c "_sv <> '' THEN 1 " \
	"WHEN ?13 = 2 AND e." c "_en <> '' THEN 2 " \
	"WHEN e." c "_fi <> '' THEN 0 WHEN e." c "_sv <> '' THEN 1 " \
	"WHEN e." c "_en <> '' THEN 2 ELSE ?13 END"

/*
 * One statement for every combination of filters: a NULL parameter turns
 * its condition off.  Languages are a comma-separated list, so a language
 * is looked for between commas.  The page is a keyset range of
 * (starts_at, id), which the index event_list serves in either direction,
 * so a page costs its rows and those the filters pass over, never the
 * table (issue 13); ?1 <= ends_at < ?2 chooses upcoming or past.  The
 * seats are counted afterwards (events_count_seats()).  Each switch is
 * tested before its condition: SQLite evaluates an OR from the left, and
 * the language's LIKE on every row walked was wasted when no language is
 * chosen.
 */
#define EVENTS_QUERY(order) \
	"SELECT e.id, e.region_id, e.kind, e.status, e.audience, " \
	"e.languages, e.place, e.platform, e.title_fi, e.title_sv, " \
	"e.title_en, e.summary_fi, e.summary_sv, e.summary_en, e.starts_at, " \
	"e.ends_at, e.capacity, e.registration_opens, " \
	"e.registration_closes, e.attendees, " EVENTS_PICK("title") ", " \
	EVENTS_PICK("summary") " " \
	"FROM event e WHERE e.ends_at >= ?1 AND e.ends_at < ?2 " \
	"AND (e.starts_at, e.id) > (?3, ?4) AND (e.starts_at, e.id) < (?5, ?6) " \
	"AND (?7 IS NULL OR EXISTS (SELECT 1 FROM event_municipality em " \
	"WHERE em.event_id = e.id AND em.municipality_code = ?7)) " \
	"AND (?8 IS NULL OR e.kind = ?8) " \
	"AND (?9 IS NULL OR ',' || e.languages || ',' LIKE '%,' || ?9 || ',%') " \
	"AND (?10 = 1 OR e.audience = 'public') " \
	"AND (e.status <> 'draft' OR ?11 = 0 OR e.region_id = ?11) " \
	"ORDER BY e.starts_at " order ", e.id " order " LIMIT ?12"

/* One keyset range [lo, hi] (exclusive) of f's events, ascending or not,
 * their texts in language l. */
static struct event_row *
events_range(struct db *db, struct arena *a, const struct event_filter *f,
    enum lang l, bool asc, int64_t lo_s, int64_t lo_i, int64_t hi_s,
    int64_t hi_i, size_t limit, size_t *n)
{
	/* No region has id -1, so drafts_region -1 shows no drafts. */
	return db_rows(db, a, asc ? EVENTS_QUERY("ASC") : EVENTS_QUERY("DESC"),
	    DB_ARGS(db_int(f->past ? INT64_MIN : f->now),
	    db_int(f->past ? f->now : INT64_MAX), db_int(lo_s), db_int(lo_i),
	    db_int(hi_s), db_int(hi_i), db_text(f->municipality),
	    db_text(f->kind), db_text(f->language),
	    db_int(f->signed_in ? 1 : 0), db_int(f->drafts_region),
	    db_int((int64_t)limit), db_int((int64_t)l)), list_row,
	    sizeof(struct event_row), n);
}

/*
 * The seats of the page's events, where the list can show them: an event
 * with a capacity that has not ended (the sums were half of the list's
 * time when every row had them).  The rest keep 0 and 0.
 */
static int
events_count_seats(struct db *db, struct arena *a, struct event_row *v,
    size_t n, int64_t now)
{
	int64_t *ids, *taken, *waiting;
	size_t i, k = 0;

	if (n == 0)
		return 0;
	ids = arena_calloc(a, 3 * n, sizeof(*ids));
	taken = ids + n;
	waiting = ids + 2 * n;
	for (i = 0; i < n; i++)
		if (v[i].capacity >= 0 && v[i].ends_at >= now)
			ids[k++] = v[i].id;
	if (registration_counts(db, ids, k, taken, waiting) != 0)
		return -1;
	for (i = 0, k = 0; i < n; i++) {
		v[i].taken = v[i].waiting = 0;
		if (v[i].capacity >= 0 && v[i].ends_at >= now) {
			v[i].taken = taken[k];
			v[i].waiting = waiting[k++];
		}
	}
	return 0;
}

int
events_query(struct db *db, struct arena *a, enum lang l,
    const struct event_filter *f, struct event_row **out, size_t *n,
    bool *more, bool *prev)
{
	struct event_row *v, *x;
	int64_t span = 0, lo_s, lo_i, hi_s, hi_i, cs = f->cursor_starts,
	    ci = f->cursor_id;
	size_t i, nx;
	bool asc, reversed;

	/*
	 * The whole range of the list: an upcoming event may have started
	 * already, at most the longest event's length ago (read through the
	 * index event_span); a past one started before now.
	 */
	if (f->past) {
		lo_s = INT64_MIN;
		lo_i = 0;
		hi_s = f->now;
		hi_i = INT64_MAX;
	} else {
		if (db_int64(db, "SELECT COALESCE(max(ends_at - starts_at), 0) "
		    "FROM event", DB_NOARGS, &span) != 0)
			return -1;
		lo_s = f->now - span;
		lo_i = -1;
		hi_s = INT64_MAX;
		hi_i = INT64_MAX;
	}
	/* The list runs ascending (upcoming) or descending (past); the
	 * page before a cursor is read the other way and turned round. */
	reversed = f->dir == PAGE_BEFORE;
	asc = f->past == reversed;
	if (f->dir != PAGE_FIRST) {
		if (asc) {
			lo_s = cs;
			lo_i = ci;
		} else {
			hi_s = cs;
			hi_i = ci;
		}
	}
	v = events_range(db, a, f, l, asc, lo_s, lo_i, hi_s, hi_i,
	    f->limit + 1, n);
	if (v == NULL)
		return -1;
	*more = *n > f->limit;
	if (*more)
		*n = f->limit;
	/* Which side of the page the extra row and the cursor are on. */
	if (reversed) {
		*prev = *more;
		*more = true;
	} else if (f->dir == PAGE_AFTER) {
		/* Is anything left before this page: the cursor's row or
		 * one beyond it (one row, read the other way)?  It may have
		 * gone since the link was made.  Ids are whole numbers, so
		 * ci + 1 and ci - 1 make the bound take the cursor in. */
		x = asc ? events_range(db, a, f, l, false, f->now - span, -1,
		    cs, ci + 1, 1, &nx) : events_range(db, a, f, l, true, cs,
		    ci - 1, f->now, INT64_MAX, 1, &nx);
		if (x == NULL)
			return -1;
		*prev = nx > 0;
	} else
		*prev = false;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (i = 0; i < *n; i++)
		(*out)[reversed ? *n - 1 - i : i] = v[i];
	return events_count_seats(db, a, *out, *n, f->now);
}

const char *const agenda_part_names[3] = { "speaker", "panelist",
	"moderator" };

enum agenda_part
agenda_part_parse(const char *s)
{
	if (strcmp(s, "panelist") == 0)
		return PART_PANELIST;
	if (strcmp(s, "moderator") == 0)
		return PART_MODERATOR;
	return PART_SPEAKER;
}

/* A person on an item, before the network's card fills in who. */
struct speaker_row {
	int64_t item_id;
	struct agenda_person p;
};

static int
speaker_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct speaker_row *x = out;

	(void)a;
	x->p.person_id = db_col_int64(st, 0);
	x->p.role = agenda_part_parse(db_col_text(st, 1));
	x->p.position = db_col_int64(st, 2);
	x->item_id = db_col_int64(st, 3);
	return 0;
}

/*
 * The people of every item of an event in two statements (one per item was
 * a fifth of the event page's time, issue 13): the speakers in item and
 * position order, then who they are from the network, a person who has not
 * agreed to be shown keeping only the organisation.  items is the event's
 * list in any order.
 */
static int
agenda_people(struct db *db, struct arena *a, enum lang l, int64_t event_id,
    struct agenda_item *items, size_t nitems)
{
	struct speaker_row *v;
	struct person_card *cards;
	struct agenda_item *it;
	int64_t *ids;
	size_t n, i, k, first;

	v = db_rows(db, a, "SELECT s.person_id, s.role, s.position, s.item_id "
	    "FROM agenda_item i JOIN agenda_speaker s ON s.item_id = i.id "
	    "WHERE i.event_id = ?1 ORDER BY s.item_id, s.position, "
	    "s.person_id", DB_ARGS(db_int(event_id)), speaker_row, sizeof(*v),
	    &n);
	if (v == NULL)
		return -1;
	ids = arena_calloc(a, n ? n : 1, sizeof(*ids));
	cards = arena_calloc(a, n ? n : 1, sizeof(*cards));
	for (i = 0; i < n; i++)
		ids[i] = v[i].p.person_id;
	if (network_person_cards(db, a, l, ids, n, true, cards) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct agenda_person *p = &v[i].p;

		p->name = cards[i].name;
		p->title = cards[i].title;
		p->title_lang = cards[i].title_lang;
		p->organisation = cards[i].organisation;
		p->organisation_lang = cards[i].organisation_lang;
		p->is_public = cards[i].is_public;
	}
	for (k = 0; k < nitems; k++) {
		it = &items[k];
		/* The item's rows are together: find the first, count. */
		for (first = 0; first < n && v[first].item_id != it->id;
		    first++)
			;
		for (it->npeople = 0; first + it->npeople < n &&
		    v[first + it->npeople].item_id == it->id; it->npeople++)
			;
		it->people = arena_calloc(a, it->npeople ? it->npeople : 1,
		    sizeof(*it->people));
		for (i = 0; i < it->npeople; i++)
			it->people[i] = v[first + i].p;
	}
	return 0;
}

static int
agenda_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct agenda_item *it = out;
	int k;

	it->id = db_col_int64(st, 0);
	it->kind = agenda_kind_parse(db_col_text(st, 1));
	db_cols(st, NULL, 2, DB_COLS(db_as_int(&it->starts_at),
	    db_as_int(&it->ends_at), db_as_int(&it->track)));
	for (k = 0; k < LANG_COUNT; k++) {
		it->titles[k] = db_col_dup(st, a, 5 + k);
		it->descriptions[k] = db_col_dup(st, a, 8 + k);
	}
	return 0;
}

int
agenda_list(struct db *db, struct arena *a, enum lang l, int64_t event_id,
    struct agenda_item **out, size_t *n)
{
	struct agenda_item *v;
	size_t i;

	v = db_rows(db, a, "SELECT id, kind, starts_at, ends_at, track, "
	    "title_fi, title_sv, title_en, description_fi, description_sv, "
	    "description_en FROM agenda_item WHERE event_id = ?1 "
	    "ORDER BY starts_at, track, id", DB_ARGS(db_int(event_id)),
	    agenda_row, sizeof(*v), n);
	if (v == NULL)
		return -1;
	for (i = 0; i < *n; i++) {
		struct agenda_item *it = &v[i];

		it->title = i18n_pick(l, it->titles[0], it->titles[1],
		    it->titles[2], &it->title_lang);
		it->description = i18n_pick(l, it->descriptions[0],
		    it->descriptions[1], it->descriptions[2],
		    &it->description_lang);
	}
	if (agenda_people(db, a, l, event_id, v, *n) != 0)
		return -1;
	*out = v;
	return 0;
}
int64_t
agenda_item_insert(struct db *db, int64_t event_id,
    const struct agenda_fields *f)
{
	int64_t id;

	if (db_insert(db, "INSERT INTO agenda_item (event_id, kind, "
	    "starts_at, ends_at, track, title_fi, title_sv, title_en, "
	    "description_fi, description_sv, description_en) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
	    DB_ARGS(db_int(event_id), db_text(f->kind), db_int(f->starts_at),
	    db_int(f->ends_at), db_int(f->track), db_text(f->title[0]),
	    db_text(f->title[1]), db_text(f->title[2]),
	    db_text(f->description[0]), db_text(f->description[1]),
	    db_text(f->description[2])), &id) != 0)
		return -1;
	return id;
}

int
agenda_item_update(struct db *db, int64_t event_id, int64_t item_id,
    const struct agenda_fields *f)
{
	int64_t changed;

	if (db_run(db, "UPDATE agenda_item SET kind = ?2, starts_at = ?3, "
	    "ends_at = ?4, track = ?5, title_fi = ?6, title_sv = ?7, "
	    "title_en = ?8, description_fi = ?9, description_sv = ?10, "
	    "description_en = ?11 WHERE id = ?1 AND event_id = ?12",
	    DB_ARGS(db_int(item_id), db_text(f->kind), db_int(f->starts_at),
	    db_int(f->ends_at), db_int(f->track), db_text(f->title[0]),
	    db_text(f->title[1]), db_text(f->title[2]),
	    db_text(f->description[0]), db_text(f->description[1]),
	    db_text(f->description[2]), db_int(event_id)), &changed) != 0)
		return -1;
	return changed > 0 ? 0 : DB_MISSING;
}

int
agenda_item_times(struct db *db, int64_t item_id, int64_t starts_at,
    int64_t ends_at)
{
	return db_run(db, "UPDATE agenda_item SET starts_at = ?2, "
	    "ends_at = ?3 WHERE id = ?1", DB_ARGS(db_int(item_id),
	    db_int(starts_at), db_int(ends_at)), NULL) == 0 ? 0 : -1;
}

int
agenda_item_delete(struct db *db, int64_t event_id, int64_t item_id)
{
	int64_t changed;

	/* The speakers go first: a foreign key cascade is not on in every
	 * connection's settings, and the order costs nothing. */
	if (db_run(db, "DELETE FROM agenda_speaker WHERE item_id = ?1 AND "
	    "EXISTS (SELECT 1 FROM agenda_item WHERE id = ?1 AND "
	    "event_id = ?2)", DB_ARGS(db_int(item_id), db_int(event_id)),
	    NULL) != 0 ||
	    db_run(db, "DELETE FROM agenda_item WHERE id = ?1 AND "
	    "event_id = ?2", DB_ARGS(db_int(item_id), db_int(event_id)),
	    &changed) != 0)
		return -1;
	return changed > 0 ? 0 : DB_MISSING;
}

int
agenda_person_add(struct db *db, int64_t item_id, int64_t person_id,
    enum agenda_part role, int64_t position)
{
	int rc = db_run(db, "INSERT INTO agenda_speaker (item_id, person_id, "
	    "role, position) VALUES (?1, ?2, ?3, ?4)", DB_ARGS(db_int(item_id),
	    db_int(person_id), db_text(agenda_part_names[role]),
	    db_int(position)), NULL);

	return rc == 0 ? 0 : rc == DB_CONSTRAINT ? 1 : -1;
}

int
agenda_person_remove(struct db *db, int64_t item_id, int64_t person_id)
{
	int64_t changed;

	if (db_run(db, "DELETE FROM agenda_speaker WHERE item_id = ?1 AND "
	    "person_id = ?2", DB_ARGS(db_int(item_id), db_int(person_id)),
	    &changed) != 0)
		return -1;
	return changed > 0 ? 0 : DB_MISSING;
}

/* The municipalities of an event as codes. */
static int
event_muni_codes(struct db *db, struct arena *a, int64_t id,
    struct event_fields *f)
{
	f->municipalities = db_strs(db, a, "SELECT municipality_code FROM "
	    "event_municipality WHERE event_id = ?1 ORDER BY "
	    "municipality_code", DB_ARGS(db_int(id)), &f->nmunicipalities);
	return f->municipalities != NULL ? 0 : -1;
}
/* One row of event_fields_get: the fields and what only some callers ask. */
struct event_get_row {
	struct event_fields f;
	enum event_status status;
	int64_t region_id;
};

static int
event_get_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct event_get_row *r = out;
	struct event_fields *f = &r->f;
	int k;

	db_cols(st, a, 0, DB_COLS(db_as_str(&f->kind), db_as_str(&f->audience),
	    db_as_str(&f->languages), db_as_str(&f->place),
	    db_as_str(&f->platform), db_as_str(&f->join_url),
	    db_as_str(&f->organiser)));
	for (k = 0; k < LANG_COUNT; k++) {
		f->title[k] = db_col_dup(st, a, 7 + k);
		f->summary[k] = db_col_dup(st, a, 10 + k);
		f->description[k] = db_col_dup(st, a, 13 + k);
		f->consent[k] = db_col_dup(st, a, 16 + k);
	}
	f->starts_at = db_col_int64(st, 19);
	f->ends_at = db_col_int64(st, 20);
	f->capacity = db_col_is_null(st, 21) ? -1 : db_col_int64(st, 21);
	db_cols(st, NULL, 22, DB_COLS(db_as_int(&f->registration_opens),
	    db_as_int(&f->registration_closes), db_as_int(&f->group_max),
	    db_as_int(&f->offer_hours), db_as_int(&f->reminder_hours)));
	r->status = event_status_parse(db_col_text(st, 27));
	db_cols(st, a, 28, DB_COLS(db_as_int(&r->region_id),
	    db_as_str(&f->organiser_sv), db_as_str(&f->organiser_en)));
	return 0;
}

int
event_fields_get(struct db *db, struct arena *a, int64_t id,
    struct event_fields *out, enum event_status *status, int64_t *region_id)
{
	struct event_get_row r;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = db_row(db, a, "SELECT kind, audience, languages, place, "
	    "platform, join_url, organiser, title_fi, title_sv, title_en, "
	    "summary_fi, summary_sv, summary_en, description_fi, "
	    "description_sv, description_en, consent_fi, consent_sv, "
	    "consent_en, starts_at, ends_at, capacity, registration_opens, "
	    "registration_closes, group_max, offer_hours, reminder_hours, "
	    "status, region_id, organiser_sv, organiser_en FROM event "
	    "WHERE id = ?1", DB_ARGS(db_int(id)),
	    event_get_row, &r);
	*out = r.f;
	if (rc != 0)
		return rc;
	if (status)
		*status = r.status;
	if (region_id)
		*region_id = r.region_id;
	return event_muni_codes(db, a, id, out);
}

#define EVENT_NARGS 31

/* Every field of f as ?2..?28 and ?30..?31, with ?1 (the id or the region)
 * and ?29 (now). */
static void
event_args(struct db_arg *v, int64_t first, const struct event_fields *f,
    int64_t now)
{
	int k;

	v[0] = db_int(first);
	v[1] = db_text(f->kind);
	v[2] = db_text(f->audience);
	v[3] = db_text(f->languages);
	v[4] = db_text(f->place);
	v[5] = db_text(f->platform);
	v[6] = db_text(f->join_url);
	v[7] = db_text(f->organiser);
	for (k = 0; k < LANG_COUNT; k++) {
		v[8 + k] = db_text(f->title[k]);
		v[11 + k] = db_text(f->summary[k]);
		v[14 + k] = db_text(f->description[k]);
		v[17 + k] = db_text(f->consent[k]);
	}
	v[20] = db_int(f->starts_at);
	v[21] = db_int(f->ends_at);
	v[22] = f->capacity < 0 ? db_null() : db_int(f->capacity);
	v[23] = db_id_or_null(f->registration_opens);
	v[24] = db_id_or_null(f->registration_closes);
	v[25] = db_int(f->group_max);
	v[26] = db_int(f->offer_hours);
	v[27] = db_int(f->reminder_hours);
	v[28] = db_int(now);
	v[29] = db_text(f->organiser_sv);
	v[30] = db_text(f->organiser_en);
}

/* Replaces the municipalities taking part in event id. */
static int
event_set_munis(struct db *db, int64_t id, const struct event_fields *f)
{
	size_t i;

	if (db_run(db, "DELETE FROM event_municipality WHERE event_id = ?1",
	    DB_ARGS(db_int(id)), NULL) != 0)
		return -1;
	for (i = 0; i < f->nmunicipalities; i++)
		if (db_run(db, "INSERT INTO event_municipality (event_id, "
		    "municipality_code) VALUES (?1, ?2)", DB_ARGS(db_int(id),
		    db_text(f->municipalities[i])), NULL) != 0)
			return -1;
	return 0;
}

int64_t
event_insert(struct db *db, int64_t region_id, const struct event_fields *f,
    int64_t now)
{
	struct db_arg v[EVENT_NARGS];
	int64_t id;

	event_args(v, region_id, f, now);
	if (db_run(db, "INSERT INTO event (region_id, kind, audience, "
	    "languages, place, platform, join_url, organiser, title_fi, "
	    "title_sv, title_en, summary_fi, summary_sv, summary_en, "
	    "description_fi, description_sv, description_en, consent_fi, "
	    "consent_sv, consent_en, starts_at, ends_at, capacity, "
	    "registration_opens, registration_closes, group_max, offer_hours, "
	    "reminder_hours, status, sequence, created_at, updated_at, "
	    "organiser_sv, organiser_en) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
	    "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, "
	    "'draft', 0, ?29, ?29, ?30, ?31)", v, EVENT_NARGS, NULL) != 0)
		return -1;
	id = db_last_id(db);
	return event_set_munis(db, id, f) == 0 ? id : -1;
}

int
event_update(struct db *db, int64_t id, const struct event_fields *f,
    int64_t now)
{
	struct db_arg v[EVENT_NARGS];

	/*
	 * The comparison with the stored row happens in the UPDATE itself,
	 * which reads the old values before it writes the new ones, so the
	 * SEQUENCE grows exactly when a calendar would show a difference.
	 */
	event_args(v, id, f, now);
	if (db_run(db, "UPDATE event SET sequence = sequence + CASE WHEN "
	    "kind <> ?2 OR place <> ?5 OR platform <> ?6 OR join_url <> ?7 OR "
	    "organiser <> ?8 OR organiser_sv <> ?30 OR organiser_en <> ?31 OR "
	    "title_fi <> ?9 OR title_sv <> ?10 OR "
	    "title_en <> ?11 OR summary_fi <> ?12 OR summary_sv <> ?13 OR "
	    "summary_en <> ?14 OR description_fi <> ?15 OR "
	    "description_sv <> ?16 OR description_en <> ?17 OR "
	    "starts_at <> ?21 OR ends_at <> ?22 THEN 1 ELSE 0 END, "
	    "kind = ?2, audience = ?3, languages = ?4, place = ?5, "
	    "platform = ?6, join_url = ?7, organiser = ?8, title_fi = ?9, "
	    "title_sv = ?10, title_en = ?11, summary_fi = ?12, "
	    "summary_sv = ?13, summary_en = ?14, description_fi = ?15, "
	    "description_sv = ?16, description_en = ?17, consent_fi = ?18, "
	    "consent_sv = ?19, consent_en = ?20, starts_at = ?21, "
	    "ends_at = ?22, capacity = ?23, registration_opens = ?24, "
	    "registration_closes = ?25, group_max = ?26, offer_hours = ?27, "
	    "reminder_hours = ?28, updated_at = ?29, organiser_sv = ?30, "
	    "organiser_en = ?31 WHERE id = ?1", v,
	    EVENT_NARGS, NULL) != 0)
		return -1;
	return event_set_munis(db, id, f);
}

int
event_set_status(struct db *db, int64_t id, enum event_status status,
    int64_t now)
{
	return db_run(db, "UPDATE event SET status = ?2, sequence = "
	    "sequence + 1, updated_at = ?3 WHERE id = ?1", DB_ARGS(db_int(id),
	    db_text(event_status_name(status)), db_int(now)), NULL) == 0 ?
	    0 : -1;
}
struct muni_code_row {
	const char *code;
	int64_t region_id;
};

static int
muni_code_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct muni_code_row *x = out;

	x->code = db_col_dup(st, a, 0);
	x->region_id = db_col_int64(st, 1);
	return 0;
}

/*
 * The codes from event_municipality, their names from the network: the
 * event's region's municipalities in one read, already in alphabetical
 * order of their names in l (a code of another region, which the form does
 * not offer, is looked up on its own and comes last).
 */
int
event_munis(struct db *db, struct arena *a, enum lang l, int64_t id,
    struct event_muni **out, size_t *n)
{
	struct municipality_set set = { 0 };
	struct muni_code_row *v;
	struct municipality m;
	size_t nv, i, j, k = 0;
	bool *found;
	int rc;

	*n = 0;
	v = db_rows(db, a, "SELECT em.municipality_code, e.region_id FROM "
	    "event_municipality em JOIN event e ON e.id = em.event_id WHERE "
	    "em.event_id = ?1", DB_ARGS(db_int(id)), muni_code_row, sizeof(*v),
	    &nv);
	if (v == NULL)
		return -1;
	*out = arena_calloc(a, nv ? nv : 1, sizeof(**out));
	found = arena_calloc(a, nv ? nv : 1, sizeof(*found));
	if (nv > 0 && network_set_add_region(db, a, l, &set,
	    v[0].region_id) != 0)
		return -1;
	for (j = 0; j < set.n; j++)
		for (i = 0; i < nv; i++)
			if (!found[i] && strcmp(set.m[j].code, v[i].code) == 0) {
				(*out)[k].code = set.m[j].code;
				(*out)[k++].name = set.m[j].name;
				found[i] = true;
			}
	for (i = 0; i < nv; i++) {
		if (found[i])
			continue;
		if ((rc = network_municipality(db, a, l, v[i].code, &m)) < 0)
			return -1;
		(*out)[k].code = v[i].code;
		(*out)[k++].name = rc == 0 ? m.name : v[i].code;
	}
	*n = k;
	return 0;
}

/* --- the statistics module's period report (events.h) --- */

int64_t *
events_held(struct db *db, struct arena *a, int64_t region_id,
    int64_t from_at, int64_t to_at, int64_t now, size_t *n)
{
	return db_ints(db, a, "SELECT id FROM event WHERE region_id = ?1 AND "
	    "starts_at >= ?2 AND starts_at < ?3 AND status = 'published' AND "
	    "ends_at <= ?4 ORDER BY starts_at, id", DB_ARGS(db_int(region_id),
	    db_int(from_at), db_int(to_at), db_int(now)), n);
}

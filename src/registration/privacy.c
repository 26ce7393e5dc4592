/*
 * privacy.c - the registration module's privacy provider
 * (privacy/provider.h).
 *
 * Registrations carry an e-mail address, not an account: a person's are
 * those made with the account's address (compared in lower case, as the
 * form keeps what was typed), with their answers.  Erasure anonymises the
 * way the retention job (jobs.c) does after an event - name, address,
 * organisation and answers go, statuses and group sizes stay so that every
 * figure stays the same - and, since nobody can be reached any more, takes
 * the person off waiting lists and passes an open seat offer on.
 * Retention itself is the event retention job's (privacy/event_retention.c,
 * event_retention_days).  The survey
 * answers and report guests are the attendance module's provider, which
 * the registry runs first (it finds them through these registrations).
 */
#include <stdlib.h>
#include <string.h>

#include "registration/privacy.h"
#include "registration/registration.h"
#include "registration/store.h"

static const char *const registration_tables[] = {
	"registration", "registration_answer", NULL,
};

/* The person's registrations not yet erased; ?1 the address. */
#define EV_MINE "lower(r.email) = ?1 AND r.erased_at IS NULL"

/* --- export --- */

/* privacy_name_events() adds "event" and "event_starts_at" after
 * "event_id". */
static const struct privacy_col reg_cols[] = {
	{ "id", PRIVACY_INT }, { "event_id", PRIVACY_INT },
	{ "status", PRIVACY_TEXT }, { "name", PRIVACY_TEXT },
	{ "email", PRIVACY_TEXT }, { "organisation", PRIVACY_TEXT },
	{ "municipality", PRIVACY_TEXT }, { "group_size", PRIVACY_INT },
	{ "language", PRIVACY_TEXT }, { "created_at", PRIVACY_TIME },
	{ "updated_at", PRIVACY_TIME }, { "checked_in_at", PRIVACY_TIME },
	{ "attended_at", PRIVACY_TIME }, { NULL, 0 },
};
/* The registration the answer belongs to is dropped once placed. */
static const struct privacy_col answer_cols[] = {
	{ "registration_id", PRIVACY_INT }, { "question", PRIVACY_TEXT },
	{ "value", PRIVACY_TEXT }, { NULL, 0 },
};
/* The registration object of regs whose "id" is id, or NULL. */
static json_t *
ev_find(json_t *regs, int64_t id)
{
	size_t i;
	json_t *o;

	json_array_foreach(regs, i, o)
		if (json_integer_value(json_object_get(o, "id")) == id)
			return o;
	return NULL;
}

/* Adds "answers" to each registration of regs: the question in the
 * registration's language (Finnish when it has none) and the answer. */
static int
ev_answers(struct db *db, const struct privacy_subject *s, json_t *regs)
{
	struct db_stmt *st;
	json_t *o, *arr;
	size_t i;
	int rc;

	json_array_foreach(regs, i, o)
		if (json_object_set_new(o, "answers", json_array()) != 0)
			return -1;
	st = privacy_prepare(db, "SELECT a.registration_id, COALESCE(NULLIF("
	    "CASE r.lang WHEN 'sv' THEN q.label_sv WHEN 'en' THEN q.label_en "
	    "ELSE q.label_fi END, ''), q.label_fi), a.value FROM "
	    "registration_answer a JOIN registration r ON r.id = "
	    "a.registration_id JOIN event_question q ON q.id = a.question_id "
	    "WHERE " EV_MINE " ORDER BY a.registration_id, q.position, q.id", 0,
	    0, 0, s->email);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *row = privacy_row(st, answer_cols);

		o = ev_find(regs, db_col_int64(st, 0));
		arr = o != NULL ? json_object_get(o, "answers") : NULL;
		if (row == NULL || arr == NULL ||
		    json_object_del(row, "registration_id") != 0 ||
		    json_array_append_new(arr, row) != 0) {
			json_decref(row);
			rc = DB_ERROR;
			break;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static int
registration_export(struct db *db, const struct privacy_subject *s,
    json_t *doc)
{
	if (privacy_section(doc, "registrations", privacy_prepare(db, "SELECT "
	    "r.id, r.event_id, r.status, r.name, r.email, r.organisation, "
	    "r.municipality_code, r.group_size, r.lang, r.created_at, "
	    "r.updated_at, r.checked_in_at, r.attended_at FROM registration r "
	    "WHERE " EV_MINE " ORDER BY r.created_at, r.id", 0, 0, 0,
	    s->email), reg_cols) != 0 ||
	    privacy_name_events(db, json_object_get(doc, "registrations"),
	    true) != 0 ||
	    ev_answers(db, s, json_object_get(doc, "registrations")) != 0)
		return -1;
	return 0;
}

/* --- erasure --- */

/* Passes the person's open seat offers on (offer_decline(): no message to
 * them, an offer to the next in line).  0 or -1. */
static int
ev_decline_offers(struct db *db, const struct privacy_subject *s,
    int64_t now)
{
	struct db_stmt *st;
	int64_t *ids = NULL, *n2;
	size_t n = 0, i;
	int rc;

	st = privacy_prepare(db, "SELECT r.id FROM registration r WHERE "
	    EV_MINE " AND r.status = 'offered' ORDER BY r.id", 0, 0, 0,
	    s->email);
	if (st == NULL)
		return -1;
	/* Read whole first: the declines write through this connection. */
	while ((rc = db_step(st)) == DB_ROW) {
		if ((n2 = realloc(ids, (n + 1) * sizeof(*ids))) == NULL) {
			rc = DB_ERROR;
			break;
		}
		ids = n2;
		ids[n++] = db_col_int64(st, 0);
	}
	db_done(st);
	for (i = 0; rc == DB_DONE && i < n; i++)
		if (offer_decline(db, ids[i], now) < 0)
			rc = DB_ERROR;
	free(ids);
	return rc == DB_DONE ? 0 : -1;
}

static int
registration_erase(struct db *db, const struct privacy_subject *s,
    int64_t now)
{
	/* Parameters: ?1 now, ?2 the address. */
	if (ev_decline_offers(db, s, now) != 0 ||
	    privacy_exec(db, "UPDATE registration SET status = 'cancelled', "
	    "updated_at = ?1 WHERE lower(email) = ?2 AND erased_at IS NULL AND "
	    "status = 'waiting'", 1, now, 0, s->email) != 0 ||
	    /* The seat counters of the address's events (?1 the address),
	     * counted again over all their rows: one may have nobody
	     * waiting now. */
	    privacy_exec(db, "INSERT INTO event_seat_count (event_id, taken, "
	    "waiting) SELECT r.event_id, " REG_SEATS_SUMS " FROM registration "
	    "r WHERE r.event_id IN (SELECT r.event_id FROM registration r "
	    "WHERE " EV_MINE ") GROUP BY r.event_id " REG_SEATS_UPSERT, 0, 0,
	    0, s->email) != 0 ||
	    privacy_exec(db, "DELETE FROM registration_answer WHERE "
	    "registration_id IN (SELECT r.id FROM registration r WHERE "
	    EV_MINE ")", 0, 0, 0, s->email) != 0 ||
	    privacy_exec(db, "UPDATE registration SET name = '', email = '', "
	    "organisation = '', erased_at = ?1 WHERE lower(email) = ?2 AND "
	    "erased_at IS NULL", 1, now, 0, s->email) != 0)
		return -1;
	return 0;
}

const struct privacy_provider registration_privacy_provider = {
	.module = "registration",
	.tables = registration_tables,
	.export = registration_export,
	.erase = registration_erase,
	.retention = NULL,
};

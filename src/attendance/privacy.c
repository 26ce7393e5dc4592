/*
 * privacy.c - the attendance module's privacy provider
 * (privacy/provider.h): the survey answers a person gave through their
 * registrations (found by the account's address, as the registration
 * provider finds those) and the webinar reports' unmatched participants,
 * kept only as the hash of the folded address.  Erasure keeps a survey
 * answer's numbers and drops its free text, and deletes the report guest.
 * The registry runs this provider before the registration one, which
 * blanks the addresses these queries go by.
 */
#include <sodium.h>
#include <string.h>

#include "attendance/attendance.h"
#include "attendance/privacy.h"
#include "base/buf.h"

static const char *const attendance_tables[] = {
	"event_feedback", "attendance_guest", NULL,
};

/* The event's title in the first language it has. */
#define EV_TITLE "COALESCE(NULLIF(e.title_fi, ''), NULLIF(e.title_sv, ''), " \
	"e.title_en)"
/* The person's registrations not yet erased; ?1 the address. */
#define EV_MINE "lower(r.email) = ?1 AND r.erased_at IS NULL"

/*
 * The key of a webinar report's unmatched participant with this address:
 * SHA-256 of "e:" and the folded address, as attendance_import() stores
 * it (attendance.c keeps its own copy of this private).  Hex into out.
 */
static void
ev_guest_key(const char *email, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state s;
	struct buf b;

	buf_init(&b);
	buf_puts(&b, "e:");
	attendance_fold(&b, email);
	crypto_hash_sha256_init(&s);
	crypto_hash_sha256_update(&s, (const unsigned char *)b.data, b.len);
	crypto_hash_sha256_final(&s, h);
	buf_cleanup(&b);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* --- export --- */

static const struct privacy_col feedback_cols[] = {
	{ "event_id", PRIVACY_INT }, { "event", PRIVACY_TEXT },
	{ "rating", PRIVACY_INT }, { "recommend", PRIVACY_INT },
	{ "comment", PRIVACY_TEXT }, { "created_at", PRIVACY_TIME },
	{ "updated_at", PRIVACY_TIME }, { NULL, 0 },
};
static const struct privacy_col guest_cols[] = {
	{ "event_id", PRIVACY_INT }, { "event", PRIVACY_TEXT },
	{ "event_starts_at", PRIVACY_TIME }, { NULL, 0 },
};

static int
attendance_export(struct db *db, const struct privacy_subject *s,
    json_t *doc)
{
	char key[65];

	ev_guest_key(s->email, key);
	if (privacy_section(doc, "event_feedback", privacy_prepare(db, "SELECT "
	    "f.event_id, " EV_TITLE ", f.rating, f.recommend, f.comment, "
	    "f.created_at, f.updated_at FROM event_feedback f JOIN "
	    "registration r ON r.id = f.registration_id JOIN event e ON e.id = "
	    "f.event_id WHERE " EV_MINE " ORDER BY f.created_at, f.event_id", 0,
	    0, 0, s->email), feedback_cols) != 0 ||
	    privacy_section(doc, "webinar_guest_of", privacy_prepare(db,
	    "SELECT g.event_id, " EV_TITLE ", e.starts_at FROM attendance_guest "
	    "g JOIN event e ON e.id = g.event_id WHERE g.person_key = ?1 ORDER "
	    "BY e.starts_at, g.event_id", 0, 0, 0, key), guest_cols) != 0)
		return -1;
	return 0;
}

/* --- erasure --- */

static int
attendance_erase(struct db *db, const struct privacy_subject *s, int64_t now)
{
	char key[65];

	(void)now;
	ev_guest_key(s->email, key);
	if (privacy_exec(db, "UPDATE event_feedback SET comment = '' WHERE "
	    "comment <> '' AND registration_id IN (SELECT r.id FROM "
	    "registration r WHERE " EV_MINE ")", 0, 0, 0, s->email) != 0 ||
	    privacy_exec(db, "DELETE FROM attendance_guest WHERE person_key = ?1",
	    0, 0, 0, key) != 0)
		return -1;
	return 0;
}

const struct privacy_provider attendance_privacy_provider = {
	.module = "attendance",
	.tables = attendance_tables,
	.export = attendance_export,
	.erase = attendance_erase,
	.retention = NULL,
};

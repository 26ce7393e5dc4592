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
#include "base/arena.h"
#include "base/buf.h"
#include "registration/registration.h"

static const char *const attendance_tables[] = {
	"event_feedback", "attendance_guest", NULL,
};

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

/* privacy_name_events() adds "event" (and for a guest "event_starts_at")
 * after "event_id". */
static const struct privacy_col feedback_cols[] = {
	{ "event_id", PRIVACY_INT }, { "rating", PRIVACY_INT },
	{ "recommend", PRIVACY_INT }, { "comment", PRIVACY_TEXT },
	{ "created_at", PRIVACY_TIME }, { "updated_at", PRIVACY_TIME },
	{ NULL, 0 },
};
static const struct privacy_col guest_cols[] = {
	{ "event_id", PRIVACY_INT }, { NULL, 0 },
};

/*
 * The survey answers given through the person's registrations (the
 * registration module finds those by the address), one at most each, in
 * the order the registrations were made.
 */
static int
attendance_export_feedback(struct db *db, const struct privacy_subject *s,
    json_t *doc)
{
	struct arena a;
	json_t *all = json_array(), *one;
	int64_t *regs;
	size_t n, i;
	int rc = -1;

	arena_init(&a);
	if (all == NULL ||
	    (regs = registration_ids_of_address(db, &a, s->email, &n)) == NULL)
		goto done;
	for (i = 0; i < n; i++) {
		if ((one = json_object()) == NULL ||
		    privacy_section(one, "rows", privacy_prepare(db, "SELECT "
		    "event_id, rating, recommend, comment, created_at, "
		    "updated_at FROM event_feedback WHERE registration_id = ?1",
		    1, regs[i], 0, NULL), feedback_cols) != 0 ||
		    json_array_extend(all, json_object_get(one, "rows")) != 0) {
			json_decref(one);
			goto done;
		}
		json_decref(one);
	}
	if (privacy_name_events(db, all, false) == 0 &&
	    json_object_set(doc, "event_feedback", all) == 0)
		rc = 0;
done:
	json_decref(all);
	arena_cleanup(&a);
	return rc;
}

static int
attendance_export(struct db *db, const struct privacy_subject *s,
    json_t *doc)
{
	char key[65];

	ev_guest_key(s->email, key);
	if (attendance_export_feedback(db, s, doc) != 0 ||
	    privacy_section(doc, "webinar_guest_of", privacy_prepare(db,
	    "SELECT event_id FROM attendance_guest WHERE person_key = ?1 "
	    "ORDER BY event_id", 0, 0, 0, key), guest_cols) != 0 ||
	    privacy_name_events(db, json_object_get(doc, "webinar_guest_of"),
	    true) != 0)
		return -1;
	return 0;
}

/* --- erasure --- */

static int
attendance_erase(struct db *db, const struct privacy_subject *s, int64_t now)
{
	struct arena a;
	int64_t *regs;
	size_t n, i;
	char key[65];
	int rc = 0;

	(void)now;
	arena_init(&a);
	regs = registration_ids_of_address(db, &a, s->email, &n);
	if (regs == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++)
		rc = privacy_exec(db, "UPDATE event_feedback SET comment = '' "
		    "WHERE registration_id = ?1 AND comment <> ''", 1, regs[i],
		    0, NULL);
	arena_cleanup(&a);
	ev_guest_key(s->email, key);
	if (rc != 0 || privacy_exec(db, "DELETE FROM attendance_guest WHERE "
	    "person_key = ?1", 0, 0, 0, key) != 0)
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

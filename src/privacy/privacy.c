/*
 * privacy.c - export, erasure and retention of personal data.
 */
#include <jansson.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/policy.h"
#include "auth/privacy.h"
#include "base/arena.h"
#include "base/log.h"
#include "privacy/privacy.h"
#include "privacy/provider.h"

/* --- export ---------------------------------------------------------- */

static int
export_append(const char *buffer, size_t size, void *data)
{
	buf_append(data, buffer, size);
	return 0;
}

int
privacy_export(struct db *db, int64_t id, int64_t now, struct buf *out)
{
	const struct privacy_provider *const *p;
	struct privacy_subject subj;
	struct arena a;
	json_t *doc = NULL;
	int rc;

	arena_init(&a);
	if ((rc = auth_privacy_subject(db, &a, id, &subj)) != 0)
		goto done;
	rc = -1;
	if ((doc = json_object()) == NULL)
		goto done;
	/* json_object_set_new() takes the value even when it fails. */
	if (json_object_set_new(doc, "format",
	    json_string("tukiverkko-personal-data")) != 0 ||
	    json_object_set_new(doc, "version", json_integer(1)) != 0 ||
	    json_object_set_new(doc, "exported_at", privacy_json_time(now)) != 0)
		goto done;
	for (p = privacy_providers; *p != NULL; p++)
		if ((*p)->export != NULL && (*p)->export(db, &subj, doc) != 0) {
			log_error("privacy: export by %s failed", (*p)->module);
			goto done;
		}
	if (json_dump_callback(doc, export_append, out, JSON_INDENT(2)) != 0)
		goto done;
	buf_putc(out, '\n');
	rc = 0;
done:
	json_decref(doc);
	arena_cleanup(&a);
	return rc;
}

/* --- erasure --------------------------------------------------------- */

/*
 * The erasure itself, inside the caller's transaction.  When `as` is
 * given, the actor's right to erase the target is decided here, on the
 * row as it is inside the transaction.  Each provider erases its
 * module's rows; any failure leaves the caller to roll everything back.
 */
static int
erase_in_tx(struct db *db, int64_t id, const struct user *as, int64_t actor,
    const char *address, int64_t now)
{
	const struct privacy_provider *const *p;
	struct privacy_subject subj;
	struct arena a;
	int rc;

	arena_init(&a);
	if ((rc = auth_privacy_subject(db, &a, id, &subj)) != 0)
		goto done;
	if (as != NULL) {
		rc = as->id == id ? 2 :
		    !policy_manages_account(as, subj.role, subj.region_id) ? 1 : 0;
		if (rc != 0)
			goto done;
	}
	rc = -1;
	for (p = privacy_providers; *p != NULL; p++)
		if ((*p)->erase != NULL && (*p)->erase(db, &subj, now) != 0) {
			log_error("privacy: erasure by %s failed", (*p)->module);
			goto done;
		}
	if (audit_record(db, actor, address, "account.erase", "account",
	    subj.idtext, "", now) != 0)
		goto done;
	rc = 0;
done:
	arena_cleanup(&a);
	return rc;
}

/* Runs erase_in_tx() in a transaction of its own. */
static int
erase_tx(struct db *db, int64_t id, const struct user *as, int64_t actor,
    const char *address, int64_t now)
{
	int rc;

	if (db_begin(db) != 0)
		return -1;
	rc = erase_in_tx(db, id, as, actor, address, now);
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	if (db_commit(db) != 0)
		return -1;
	log_info("account %lld erased", (long long)id);
	return 0;
}

int
privacy_erase_account(struct db *db, int64_t id, int64_t actor,
    const char *address, int64_t now)
{
	return erase_tx(db, id, NULL, actor, address, now);
}

int
privacy_erase_account_as(struct db *db, const struct user *actor, int64_t id,
    const char *address, int64_t now)
{
	return erase_tx(db, id, actor, actor->id, address, now);
}

/* --- retention ------------------------------------------------------- */

static int retention_days = PRIVACY_RETENTION_DEFAULT;

void
privacy_configure(int days)
{
	retention_days = days;
}

int
privacy_retention_run(struct db *db, int64_t now, int days,
    struct retention_counts *out)
{
	const struct privacy_provider *const *p;
	struct retention_counts c;

	memset(&c, 0, sizeof(c));
	if (days < 1 || days > PRIVACY_RETENTION_MAX)
		return -1;
	if (db_begin(db) != 0)
		return -1;
	for (p = privacy_providers; *p != NULL; p++)
		if ((*p)->retention != NULL &&
		    (*p)->retention(db, now, days, &c) != 0) {
			log_error("privacy: retention by %s failed", (*p)->module);
			db_rollback(db);
			return -1;
		}
	if (db_commit(db) != 0) {
		db_rollback(db);
		return -1;
	}
	if (out != NULL)
		*out = c;
	return 0;
}

int
privacy_retention_job(struct db *db, int64_t now)
{
	struct retention_counts c;

	if (privacy_retention_run(db, now, retention_days, &c) != 0)
		return -1;
	if (c.sessions + c.links + c.throttles + c.mail + c.feedback_contacts +
	    c.audit_addresses > 0)
		log_info("retention: %lld sessions, %lld links, %lld throttle "
		    "entries, %lld mail deleted; %lld feedback contacts, %lld "
		    "audit addresses blanked", (long long)c.sessions,
		    (long long)c.links, (long long)c.throttles, (long long)c.mail,
		    (long long)c.feedback_contacts, (long long)c.audit_addresses);
	return 0;
}

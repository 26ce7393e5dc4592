/*
 * privacy.c - the materials module's privacy provider
 * (privacy/provider.h): requests made with the account's address
 * (compared in lower case, as the form keeps what was typed) and the
 * download links approved for them.
 *
 * Erasure anonymises a request the way materials_retention_run() does
 * (name, organisation, address and purpose go; an undecided one is closed
 * as declined, since no answer could reach anyone) and deletes its
 * download links: their secret went to the person's address.  The
 * download log keeps its counts (its grant_id becomes NULL).  Retention
 * is materials_retention_run()'s own.
 */
#include "materials/privacy.h"

static const char *const materials_tables[] = {
	"material_request", "material_grant", NULL,
};

static const struct privacy_col request_cols[] = {
	{ "material_id", PRIVACY_INT }, { "material", PRIVACY_TEXT },
	{ "name", PRIVACY_TEXT }, { "organisation", PRIVACY_TEXT },
	{ "email", PRIVACY_TEXT }, { "purpose", PRIVACY_TEXT },
	{ "language", PRIVACY_TEXT }, { "status", PRIVACY_TEXT },
	{ "created_at", PRIVACY_TIME }, { "decided_at", PRIVACY_TIME },
	{ "links_sent", PRIVACY_INT }, { NULL, 0 },
};

/* The links themselves are secrets: only how many were sent. */
static int
materials_export(struct db *db, const struct privacy_subject *s, json_t *doc)
{
	return privacy_section(doc, "material_requests", privacy_prepare(db,
	    "SELECT q.material_id, m.title, q.name, q.organisation, q.email, "
	    "q.purpose, q.lang, q.status, q.created_at, q.decided_at, (SELECT "
	    "count(*) FROM material_grant g WHERE g.request_id = q.id) FROM "
	    "material_request q JOIN material m ON m.id = q.material_id WHERE "
	    "lower(q.email) = ?1 AND q.erased_at IS NULL ORDER BY "
	    "q.created_at, q.id", 0, 0, 0, s->email), request_cols);
}

static int
materials_erase(struct db *db, const struct privacy_subject *s, int64_t now)
{
	/* Parameters: ?1 now, ?2 the address. */
	if (privacy_exec(db, "DELETE FROM material_grant WHERE request_id IN "
	    "(SELECT id FROM material_request WHERE lower(email) = ?1 AND "
	    "erased_at IS NULL)", 0, 0, 0, s->email) != 0 ||
	    privacy_exec(db, "UPDATE material_request SET name = '', "
	    "organisation = '', email = '', purpose = '', erased_at = ?1, "
	    "status = CASE WHEN status = 'pending' THEN 'declined' ELSE status "
	    "END, decided_at = COALESCE(decided_at, ?1) WHERE lower(email) = ?2 "
	    "AND erased_at IS NULL", 1, now, 0, s->email) != 0)
		return -1;
	return 0;
}

const struct privacy_provider materials_privacy_provider = {
	.module = "materials",
	.tables = materials_tables,
	.export = materials_export,
	.erase = materials_erase,
	.retention = NULL,
};

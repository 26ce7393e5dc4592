/*
 * privacy.c - the network module's privacy provider: people records with
 * the person's address (privacy/provider.h).  Erasure keeps the record
 * and its titles (a municipality's contact role stays filled in) and
 * drops the name and the address.
 */
#include "network/privacy.h"

static const char *const network_tables[] = { "person", NULL };

static const struct privacy_col person_cols[] = {
	{ "name", PRIVACY_TEXT }, { "title_fi", PRIVACY_TEXT },
	{ "title_sv", PRIVACY_TEXT }, { "title_en", PRIVACY_TEXT },
	{ "email", PRIVACY_TEXT }, { "public", PRIVACY_BOOL }, { NULL, 0 },
};

static int
network_export(struct db *db, const struct privacy_subject *s, json_t *doc)
{
	return privacy_section(doc, "people", privacy_prepare(db, "SELECT name, "
	    "title_fi, title_sv, title_en, email, is_public FROM person WHERE "
	    "email <> '' AND lower(email) = ?1 ORDER BY id", 0, 0, 0, s->email),
	    person_cols);
}

static int
network_erase(struct db *db, const struct privacy_subject *s, int64_t now)
{
	(void)now;
	return privacy_exec(db, "UPDATE person SET name = '', email = '' WHERE "
	    "email <> '' AND lower(email) = ?1", 0, 0, 0, s->email);
}

const struct privacy_provider network_privacy_provider = {
	.module = "network",
	.tables = network_tables,
	.export = network_export,
	.erase = network_erase,
	.retention = NULL,
};

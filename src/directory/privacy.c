/*
 * privacy.c - the directory's privacy provider: service points whose
 * contact address is the person's own.  An export lists those points; an
 * erasure removes the address from them (the point stays: it is the
 * place's, not the person's).  A phone number cannot be matched to an
 * account, which has none; it is the place's and is kept.
 */
#include "directory/privacy.h"

static const char *const directory_tables[] = { "service_point", NULL };

static const struct privacy_col directory_cols[] = {
	{ "name_fi", PRIVACY_TEXT }, { "municipality_code", PRIVACY_TEXT },
	{ "email", PRIVACY_TEXT }, { "updated_at", PRIVACY_TIME },
	{ NULL, 0 },
};

static int
directory_export(struct db *db, const struct privacy_subject *s, json_t *doc)
{
	return privacy_section(doc, "service_points", privacy_prepare(db,
	    "SELECT name_fi, municipality_code, email, updated_at FROM "
	    "service_point WHERE email <> '' AND lower(email) = ?1 ORDER BY id",
	    0, 0, 0, s->email), directory_cols);
}

static int
directory_erase(struct db *db, const struct privacy_subject *s, int64_t now)
{
	(void)now;
	return privacy_exec(db, "UPDATE service_point SET email = '' WHERE "
	    "email <> '' AND lower(email) = ?1", 0, 0, 0, s->email);
}

const struct privacy_provider directory_privacy_provider = {
	.module = "directory",
	.tables = directory_tables,
	.export = directory_export,
	.erase = directory_erase,
	.retention = NULL,
};

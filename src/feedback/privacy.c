/*
 * privacy.c - the feedback module's privacy provider: feedback left with
 * the person's address as its contact (privacy/provider.h).  The message
 * stays when the contact goes: it is about the site, not the person.
 */
#include "feedback/privacy.h"

static const char *const feedback_tables[] = { "feedback", NULL };

static const struct privacy_col feedback_cols[] = {
	{ "created_at", PRIVACY_TIME }, { "language", PRIVACY_TEXT },
	{ "page", PRIVACY_TEXT }, { "message", PRIVACY_TEXT },
	{ "contact", PRIVACY_TEXT }, { NULL, 0 },
};

static int
feedback_export(struct db *db, const struct privacy_subject *s, json_t *doc)
{
	return privacy_section(doc, "feedback", privacy_prepare(db, "SELECT "
	    "created_at, lang, page, message, contact FROM feedback WHERE "
	    "contact <> '' AND lower(contact) = ?1 ORDER BY created_at, id", 0,
	    0, 0, s->email), feedback_cols);
}

static int
feedback_erase(struct db *db, const struct privacy_subject *s, int64_t now)
{
	(void)now;
	return privacy_exec(db, "UPDATE feedback SET contact = '' WHERE contact "
	    "<> '' AND lower(contact) = ?1", 0, 0, 0, s->email);
}

static int
feedback_retention(struct db *db, int64_t now, int days,
    struct retention_counts *c)
{
	return privacy_change(db, "SELECT count(*) FROM feedback WHERE contact "
	    "<> '' AND created_at < ?1", "UPDATE feedback SET contact = '' "
	    "WHERE contact <> '' AND created_at < ?1", 1,
	    now - (int64_t)days * 86400, 0, &c->feedback_contacts);
}

const struct privacy_provider feedback_privacy_provider = {
	.module = "feedback",
	.tables = feedback_tables,
	.export = feedback_export,
	.erase = feedback_erase,
	.retention = feedback_retention,
};

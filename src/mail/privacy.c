/*
 * privacy.c - the mail module's privacy provider: messages to the
 * person's address (privacy/provider.h).
 */
#include "mail/privacy.h"

static const char *const mail_tables[] = { "mail_outbox", NULL };

static const struct privacy_col mail_cols[] = {
	{ "subject", PRIVACY_TEXT }, { "created_at", PRIVACY_TIME },
	{ "sent_at", PRIVACY_TIME }, { NULL, 0 },
};

/* Subjects and times only: a body may hold a link that opens something. */
static int
mail_export(struct db *db, const struct privacy_subject *s, json_t *doc)
{
	return privacy_section(doc, "mail", privacy_prepare(db, "SELECT "
	    "subject, created_at, sent_at FROM mail_outbox WHERE lower(to_addr) "
	    "= ?1 ORDER BY created_at, id", 0, 0, 0, s->email), mail_cols);
}

static int
mail_erase(struct db *db, const struct privacy_subject *s, int64_t now)
{
	(void)now;
	return privacy_exec(db, "DELETE FROM mail_outbox WHERE lower(to_addr) = "
	    "?1", 0, 0, 0, s->email);
}

/* Mail that could not be delivered in all that time never will be, and
 * its links have long expired. */
static int
mail_retention(struct db *db, int64_t now, int days,
    struct retention_counts *c)
{
	return privacy_change(db, "SELECT count(*) FROM mail_outbox WHERE "
	    "sent_at < ?1 OR (sent_at IS NULL AND created_at < ?1)", "DELETE "
	    "FROM mail_outbox WHERE sent_at < ?1 OR (sent_at IS NULL AND "
	    "created_at < ?1)", 1, now - (int64_t)days * 86400, 0, &c->mail);
}

const struct privacy_provider mail_privacy_provider = {
	.module = "mail",
	.tables = mail_tables,
	.export = mail_export,
	.erase = mail_erase,
	.retention = mail_retention,
};

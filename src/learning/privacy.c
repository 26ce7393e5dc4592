/*
 * privacy.c - the learning module's privacy provider.
 *
 * Export: the person's awards (by account or address: what was earned,
 * when, the narrative and evidence, whether and why it was revoked, the
 * credential's address) and their consent to a public page.
 *
 * Erasure: the awards keep their rows, so that a copy of a credential
 * held elsewhere is answered as revoked rather than as unknown, but lose
 * the name, the address and the account; a valid one is revoked at the
 * same time (its 2.0 Assertion answers 410, its 3.0 status bit is set).
 * The consent is deleted.  Awards are kept for as long as the issuer
 * vouches for them: no retention period.
 *
 * Trainings: the person's enrolments (which training, when, completed
 * how) and test attempts with their results are exported, and deleted
 * on erasure with the chosen answers.  A session's seat is a
 * registration, which the registration module's provider covers.
 */
#include "learning/privacy.h"

static const char *const learning_tables[] = { "badge_award",
	"badge_consent", "training_enrolment", "training_attempt",
	"training_answer", NULL };

static const struct privacy_col enrolment_cols[] = {
	{ "training", PRIVACY_TEXT }, { "name", PRIVACY_TEXT },
	{ "enrolled_at", PRIVACY_TIME }, { "completed_at", PRIVACY_TIME },
	{ "completed_by", PRIVACY_TEXT },
	{ NULL, 0 },
};

static const struct privacy_col attempt_cols[] = {
	{ "training", PRIVACY_TEXT }, { "started_at", PRIVACY_TIME },
	{ "answered_at", PRIVACY_TIME }, { "right_answers", PRIVACY_INT },
	{ "questions", PRIVACY_INT }, { "passed", PRIVACY_BOOL },
	{ NULL, 0 },
};

static const struct privacy_col award_cols[] = {
	{ "public_id", PRIVACY_TEXT }, { "achievement", PRIVACY_TEXT },
	{ "name", PRIVACY_TEXT }, { "email", PRIVACY_TEXT },
	{ "language", PRIVACY_TEXT }, { "narrative", PRIVACY_TEXT },
	{ "evidence_url", PRIVACY_TEXT }, { "issued_at", PRIVACY_TIME },
	{ "revoked_at", PRIVACY_TIME }, { "revocation_reason", PRIVACY_TEXT },
	{ NULL, 0 },
};

static const struct privacy_col consent_cols[] = {
	{ "public_page", PRIVACY_TEXT }, { "given_at", PRIVACY_TIME },
	{ NULL, 0 },
};

static int
learning_export(struct db *db, const struct privacy_subject *s, json_t *doc)
{
	if (privacy_section(doc, "badges", privacy_prepare(db,
	    "SELECT w.uuid, CASE w.lang WHEN 'sv' THEN a.name_sv WHEN 'en' "
	    "THEN a.name_en ELSE a.name_fi END, w.recipient_name, "
	    "w.recipient_email, w.lang, w.narrative, w.evidence_url, "
	    "w.issued_at, w.revoked_at, w.revoked_reason FROM badge_award w "
	    "JOIN achievement a ON a.id = w.achievement_id WHERE "
	    "w.account_id = ?1 OR w.recipient_email = ?2 ORDER BY w.id", 1,
	    s->id, 0, s->email), award_cols) != 0)
		return -1;
	if (privacy_section(doc, "badge_page_consent", privacy_prepare(db,
	    "SELECT slug, given_at FROM badge_consent WHERE account_id = ?1", 1,
	    s->id, 0, NULL), consent_cols) != 0)
		return -1;
	if (privacy_section(doc, "training_enrolments", privacy_prepare(db,
	    "SELECT t.name_fi, e.name, e.enrolled_at, e.completed_at, "
	    "e.completed_via FROM training_enrolment e JOIN training t ON "
	    "t.id = e.training_id WHERE e.account_id = ?1 ORDER BY e.id", 1,
	    s->id, 0, NULL), enrolment_cols) != 0)
		return -1;
	return privacy_section(doc, "training_test_attempts", privacy_prepare(db,
	    "SELECT t.name_fi, a.started_at, a.submitted_at, a.score, a.total, "
	    "a.passed FROM training_attempt a JOIN training t ON t.id = "
	    "a.training_id WHERE a.account_id = ?1 ORDER BY a.id", 1, s->id, 0,
	    NULL), attempt_cols);
}

static int
learning_erase(struct db *db, const struct privacy_subject *s, int64_t now)
{
	if (privacy_exec(db, "UPDATE badge_award SET revoked_at = ?2, "
	    "revoked_reason = 'The earner asked for their data to be erased.' "
	    "WHERE revoked_at IS NULL AND (account_id = ?1 OR recipient_email "
	    "= ?3)", 2, s->id, now, s->email) != 0)
		return -1;
	if (privacy_exec(db, "UPDATE badge_award SET recipient_name = '', "
	    "recipient_email = '', account_id = NULL WHERE account_id = ?1 OR "
	    "recipient_email = ?2", 1, s->id, 0, s->email) != 0)
		return -1;
	if (privacy_exec(db, "DELETE FROM training_answer WHERE attempt_id IN "
	    "(SELECT id FROM training_attempt WHERE account_id = ?1)", 1, s->id,
	    0, NULL) != 0 ||
	    privacy_exec(db, "DELETE FROM training_attempt WHERE account_id = "
	    "?1", 1, s->id, 0, NULL) != 0 ||
	    privacy_exec(db, "DELETE FROM training_enrolment WHERE account_id = "
	    "?1", 1, s->id, 0, NULL) != 0)
		return -1;
	return privacy_exec(db, "DELETE FROM badge_consent WHERE account_id = "
	    "?1", 1, s->id, 0, NULL);
}

const struct privacy_provider learning_privacy_provider = {
	.module = "learning",
	.tables = learning_tables,
	.export = learning_export,
	.erase = learning_erase,
	.retention = NULL,
};

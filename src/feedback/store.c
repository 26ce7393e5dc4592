/*
 * store.c - the feedback table: storing a message, listing the inbox.
 */
#include "db/rows.h"
#include "feedback/feedback.h"

int
feedback_store(struct db *db, enum lang l, const struct feedback_form *f,
    int64_t now)
{
	return db_run(db, "INSERT INTO feedback (created_at, lang, page, "
	    "message, contact) VALUES (?1, ?2, ?3, ?4, ?5)",
	    DB_ARGS(db_int(now), db_text(lang_code(l)),
	    db_text(f->page ? f->page : ""), db_text(f->message),
	    db_text(f->contact ? f->contact : "")), NULL) == 0 ? 0 : -1;
}

static int
feedback_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct feedback_row *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->id), db_as_int(&x->created_at),
	    db_as_str(&x->lang), db_as_str(&x->page), db_as_str(&x->message),
	    db_as_str(&x->contact)));
	return 0;
}

int
feedback_list(struct db *db, struct arena *a, int64_t offset, size_t limit,
    struct feedback_row **out, size_t *n)
{
	*out = db_rows(db, a, "SELECT id, created_at, lang, page, message, "
	    "contact FROM feedback ORDER BY created_at DESC, id DESC "
	    "LIMIT ?1 OFFSET ?2", DB_ARGS(db_int(limit), db_int(offset)),
	    feedback_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

/*
 * audit.c - writing audit records.
 */
#include "auth/audit.h"

int
audit_record(struct db *db, int64_t account_id, const char *address,
    const char *action, const char *object_type, const char *object_id,
    const char *detail, int64_t now)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO audit_log (at, account_id, action, "
	    "object_type, object_id, detail, address) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7)");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, now);
	if (account_id > 0)
		db_bind_int64(st, 2, account_id);
	else
		db_bind_null(st, 2);
	db_bind_cstr(st, 3, action);
	db_bind_cstr(st, 4, object_type ? object_type : "");
	db_bind_cstr(st, 5, object_id ? object_id : "");
	db_bind_cstr(st, 6, detail ? detail : "");
	db_bind_cstr(st, 7, address ? address : "");
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * audit.c - writing audit records.
 */
#include "auth/audit.h"
#include "db/rows.h"

int
audit_record(struct db *db, int64_t account_id, const char *address,
    const char *action, const char *object_type, const char *object_id,
    const char *detail, int64_t now)
{
	return db_run(db, "INSERT INTO audit_log (at, account_id, action, "
	    "object_type, object_id, detail, address) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7)", DB_ARGS(db_int(now),
	    account_id > 0 ? db_int(account_id) : db_null(), db_text(action),
	    db_text(object_type ? object_type : ""),
	    db_text(object_id ? object_id : ""), db_text(detail ? detail : ""),
	    db_text(address ? address : "")), NULL) == 0 ? 0 : -1;
}

int
audit_commit(struct request *r, struct db *db, const char *action,
    const char *object_type, int64_t object_id, const char *detail,
    int64_t now)
{
	return audit_record(db, r->user.id, request_address(r), action,
	    object_type, arena_printf(&r->arena, "%lld", (long long)object_id),
	    detail, now) == 0 && db_commit(db) == 0 ? 0 : -1;
}

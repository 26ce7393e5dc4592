/*
 * audit.h - the audit trail of staff actions.
 *
 * Every state change made by a signed-in account records who did what to
 * which object, when and from which address, in the same transaction as
 * the change itself (so there is no change without its record and no
 * record of a change that was rolled back).  `detail` is a short
 * description for people; it must never contain passwords or tokens.
 */
#ifndef TV_AUTH_AUDIT_H
#define TV_AUTH_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/request.h"

struct audit_entry {
	int64_t id;
	int64_t at;
	int64_t account_id;
	const char *account_email;	/* "" once the account is erased */
	const char *action;
	const char *object_type;
	const char *object_id;
	const char *detail;
	const char *address;
};

/* Records an action inside the caller's transaction.  0 or -1. */
int audit_record(struct db *db, int64_t account_id, const char *address,
    const char *action, const char *object_type, const char *object_id,
    const char *detail, int64_t now);

/* The end of a handler's change: records the action of the request's
 * user from its address on object (object_type, object_id) and commits.
 * 0, or -1 with the transaction still open (response_rollback()). */
int audit_commit(struct request *r, struct db *db, const char *action,
    const char *object_type, int64_t object_id, const char *detail,
    int64_t now);

/* What the audit log is filtered by; NULL / 0 = no filter. */
struct audit_filter {
	const char *email;		/* the acting account's address, exact */
	const char *action;		/* exact, e.g. "account.invite" */
	const char *object_type;
	const char *object_id;
	int64_t from;			/* at >= from (UTC seconds) */
	int64_t until;			/* at < until */
	int64_t region_id;		/* policy_region_filter(): 0 all, -1 none */
};

/* One audit record with what the page shows about its actor. */
struct audit_row {
	struct audit_entry e;
	bool has_account;		/* account_id was not NULL */
	bool from_cli;			/* done on the command line */
};

/*
 * Audit records matching f, newest first, at most `limit`: the newest
 * (dir 0), those older than the record (at, id) of a cursor (dir 1), or
 * the oldest of those newer than it (dir -1), still newest first.  A
 * keyset range of the index audit_log_at, so a deep page costs what a
 * first page does (issue 13).  0 or -1.
 */
int audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
    int dir, int64_t at, int64_t id, size_t limit, struct audit_row **out,
    size_t *n);

/*
 * The scale generator's audit trail (`tukiverkko demo --scale N`,
 * src/auth/scale_store.c): count records by account over the last three
 * years.  Inside the caller's transaction; 0 or -1.
 */
int audit_scale_fill(struct db *db, uint64_t seed, int64_t account,
    int64_t now, size_t count);

#endif

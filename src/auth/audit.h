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

#include <stdint.h>

#include "db/db.h"

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

#endif

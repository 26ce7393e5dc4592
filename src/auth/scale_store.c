/*
 * scale_store.c - the audit trail of the scale generator (`tukiverkko demo
 * --scale N`, issue 13), so that the audit log page meets a realistic
 * volume, oldest first as a real trail grows.  Choices come from the row's
 * number (base/mix.h).
 */
#include <stdio.h>

#include "auth/audit.h"
#include "base/mix.h"
#include "db/rows.h"

int
audit_scale_fill(struct db *db, uint64_t seed, int64_t account, int64_t now,
    size_t count)
{
	static const struct { const char *action, *type; } what[] = {
		{ "event.update", "event" }, { "event.create", "event" },
		{ "material.create", "material" }, { "news.publish", "news" },
		{ "account.signin", "account" },
		{ "registration.cancel", "registration" },
	};
	char object[24];
	size_t i, k;

	for (i = 0; i < count; i++) {
		k = (size_t)mix_pick(seed, i, sizeof(what) / sizeof(what[0]));
		snprintf(object, sizeof(object), "%zu", i + 1);
		if (db_run(db, "INSERT INTO audit_log (at, account_id, action, "
		    "object_type, object_id) VALUES (?1, ?2, ?3, ?4, ?5)",
		    DB_ARGS(db_int(now - (int64_t)(count - i) * (3 * 365 *
		    86400 / (int64_t)count)), db_id_or_null(account),
		    db_text(what[k].action), db_text(what[k].type),
		    db_text(object)), NULL) != 0)
			return -1;
	}
	return 0;
}

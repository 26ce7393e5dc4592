/*
 * scale_store.c - the registrations of the scale generator (`tukiverkko
 * demo --scale N`, issue 13), so that the seat counts, the registrants'
 * list and attendance meet realistic volumes.  Choices come from the row's
 * number (base/mix.h): the same shapes on every run.
 */
#include <inttypes.h>
#include <stdio.h>

#include "base/mix.h"
#include "db/rows.h"
#include "registration/registration.h"
#include "registration/store.h"

long
registration_scale_fill(struct db *db, uint64_t seed,
    const struct event_scaled *events, size_t n, const char *const *codes,
    size_t ncodes, int64_t now)
{
	char token[65], sub[32], name[64], email[64];
	const char *status;
	int64_t at, taken, want;
	long made = 0;
	size_t i;
	int64_t k;
	uint64_t r;

	for (i = 0; i < n; i++) {
		const struct event_scaled *e = &events[i];

		if (e->capacity < 0)
			continue;
		/* Between a fifth and all of the seats asked for, now and
		 * then more than there are (a waiting list). */
		want = e->capacity / 5 + (int64_t)mix_pick(seed, i,
		    (uint64_t)e->capacity + e->capacity / 4 + 1);
		if (want > 40)
			want = 40 + want / 20;
		taken = 0;
		for (k = 0; k < want; k++) {
			r = mix_pick(seed + 1, (uint64_t)made, 100);
			status = taken >= e->capacity ? "waiting" :
			    r < 8 ? "cancelled" : "confirmed";
			if (status[0] == 'c' && status[1] == 'o')
				taken++;
			at = e->starts_at - 59 * 86400 + (int64_t)mix_pick(seed +
			    2, (uint64_t)made, 58 * 86400);
			if (at > now)
				at = now;
			/* Unique across runs: the run's time, the row's
			 * number. */
			snprintf(token, sizeof(token), "%016" PRIx64 "%016lx"
			    "%032x", (uint64_t)now, made, 0x5ca1e);
			snprintf(sub, sizeof(sub), "scale-%ld", made);
			snprintf(name, sizeof(name), "Osallistuja %ld", made);
			snprintf(email, sizeof(email),
			    "osallistuja%ld@example.fi", made);
			if (db_run(db, "INSERT INTO registration (event_id, "
			    "submission, token_hash, name, email, organisation, "
			    "municipality_code, group_size, lang, status, "
			    "waiting_seq, created_at, updated_at, erased_at, "
			    "checked_in_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			    "1, ?8, ?9, ?10, ?11, ?11, ?12, ?13)",
			    DB_ARGS(db_int(e->id), db_text(sub), db_text(token),
			    db_text(e->erased ? "" : name),
			    db_text(e->erased ? "" : email),
			    db_text(e->erased ? "" : "Kunnan digituki"),
			    ncodes ? db_text(codes[mix_pick(seed + 3,
			    (uint64_t)made, ncodes)]) : db_null(),
			    db_text(r % 10 == 0 ? "sv" : "fi"), db_text(status),
			    status[0] == 'w' ? db_int(k) : db_null(), db_int(at),
			    e->erased ? db_int(e->ends_at + 30 * 86400) :
			    db_null(), status[1] == 'o' && e->ends_at < now &&
			    r < 70 ? db_int(e->starts_at) : db_null()), NULL) != 0)
				return -1;
			made++;
		}
		if (want > 0 && registration_seats_refresh(db, e->id) != 0)
			return -1;
	}
	return made;
}

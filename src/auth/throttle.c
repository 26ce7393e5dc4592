/*
 * throttle.c - persistent failure counters.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <string.h>

#include "auth/throttle.h"
#include "http/response.h"
#include "view/i18n.h"
#include "db/rows.h"

const char *
throttle_account_key(struct arena *a, const char *purpose, const char *email)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];

	crypto_hash_sha256(h, (const unsigned char *)email, strlen(email));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return arena_printf(a, "%s:%s", purpose, hex);
}

const char *
throttle_address_key(struct arena *a, const char *address)
{
	struct in6_addr in6;
	char buf[INET6_ADDRSTRLEN];

	if (address != NULL && strchr(address, ':') != NULL &&
	    inet_pton(AF_INET6, address, &in6) == 1 &&
	    !IN6_IS_ADDR_V4MAPPED(&in6)) {
		memset(in6.s6_addr + 8, 0, 8);
		if (inet_ntop(AF_INET6, &in6, buf, sizeof(buf)) != NULL)
			return arena_printf(a, "addr:%s/64", buf);
	}
	if (address != NULL && strncmp(address, "::ffff:", 7) == 0 &&
	    strchr(address + 7, '.') != NULL)
		address += 7;	/* an IPv4 client of a dual-stack socket */
	return arena_printf(a, "addr:%s", address ? address : "-");
}

int64_t
throttle_wait(struct db *db, const char *key, int64_t now)
{
	int64_t until;

	if (db_int64(db, "SELECT blocked_until FROM throttle WHERE key = ?1",
	    DB_ARGS(db_text(key)), &until) < 0)
		return -1;
	return until > now ? until - now : 0;
}

static int
throttle_until_row(struct db_stmt *st, void *ctx)
{
	int64_t *until = ctx;

	until[db_col_int64(st, 0)] = db_col_int64(st, 1);
	return 0;
}

/* keys[0..n) (n <= THROTTLE_MANY) in one statement (db_values(): at
 * most six such statements prepared). */
static int
throttle_until_chunk(struct db *db, struct arena *a, const char **keys,
    size_t n, int64_t *until)
{
	struct db_arg *args;
	const char *sql;
	size_t nargs, i;

	sql = db_values(a, "WITH k (i, key) AS (VALUES ",
	    DB_TYPES("BIGINT", "TEXT"), n, ") SELECT k.i, t.blocked_until "
	    "FROM k JOIN throttle t ON t.key = k.key", &args, &nargs);
	for (i = 0; i < n; i++) {
		args[2 * i] = db_int((int64_t)i);
		args[2 * i + 1] = db_text(keys[i]);
		until[i] = 0;
	}
	return db_each(db, sql, args, nargs, throttle_until_row, until) < 0 ?
	    -1 : 0;
}

int
throttle_until_many(struct db *db, struct arena *a, const char **keys,
    size_t n, int64_t *until)
{
	size_t i;

	for (i = 0; i < n; i += THROTTLE_MANY)
		if (throttle_until_chunk(db, a, keys + i, n - i < THROTTLE_MANY ?
		    n - i : THROTTLE_MANY, until + i) != 0)
			return -1;
	return 0;
}

int64_t
throttle_wait_both(struct db *db, const char *key1, const char *key2,
    int64_t now)
{
	int64_t w1, w2;

	if ((w1 = throttle_wait(db, key1, now)) < 0)
		return -1;
	if (key2 == NULL || (w2 = throttle_wait(db, key2, now)) == 0)
		return w1;
	return w2 < 0 ? -1 : w2 > w1 ? w2 : w1;
}

void
throttle_refuse(struct request *r, int64_t wait)
{
	response_error(r, 429, N_("Too many requests have been sent from your address. Please try again in a quarter of an hour."));
	response_header(r, MHD_HTTP_HEADER_RETRY_AFTER,
	    arena_printf(&r->arena, "%lld", (long long)wait));
}

/*
 * A fixed window: the count restarts when the window has passed.  Once the
 * count reaches max the key is blocked to the end of a full window from
 * now, so a patient attacker gets max guesses per window and no more.
 */
int
throttle_fail(struct db *db, const char *key, int max, int64_t now)
{
	/* One statement: SET reads the row as it was, so "restarted" and the
	 * new count are worked out the same way in each column. */
	return db_run(db, "INSERT INTO throttle (key, failures, window_start, "
	    "blocked_until) VALUES (?1, 1, ?2, CASE WHEN ?4 <= 1 THEN ?2 + ?3 "
	    "ELSE 0 END) ON CONFLICT (key) DO UPDATE SET "
	    "failures = CASE WHEN throttle.window_start <= ?2 - ?3 THEN 1 ELSE "
	    "throttle.failures + 1 END, window_start = CASE WHEN "
	    "throttle.window_start <= ?2 - ?3 THEN ?2 ELSE throttle.window_start "
	    "END, blocked_until = CASE WHEN (CASE WHEN throttle.window_start "
	    "<= ?2 - ?3 THEN 1 ELSE throttle.failures + 1 END) >= ?4 THEN "
	    "?2 + ?3 ELSE throttle.blocked_until END",
	    DB_ARGS(db_text(key), db_int(now), db_int(THROTTLE_WINDOW),
	    db_int(max)), NULL) == 0 ? 0 : -1;
}

int
throttle_clear(struct db *db, const char *key)
{
	return db_run(db, "DELETE FROM throttle WHERE key = ?1",
	    DB_ARGS(db_text(key)), NULL) == 0 ? 0 : -1;
}

int
throttle_forgive(struct db *db, const char *key, int max)
{
	return db_run(db, "UPDATE throttle SET failures = failures - 1, "
	    "blocked_until = CASE WHEN failures - 1 < ?2 THEN 0 ELSE "
	    "blocked_until END WHERE key = ?1 AND failures > 0",
	    DB_ARGS(db_text(key), db_int(max)), NULL);
}

/*
 * throttle.c - persistent failure counters.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <string.h>

#include "auth/throttle.h"
#include "base/buf.h"
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

/* --- a writer's batch --- */

void
throttle_batch_init(struct throttle_batch *t)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->a);
}

void
throttle_batch_cleanup(struct throttle_batch *t)
{
	arena_cleanup(&t->a);
	memset(t, 0, sizeof(*t));
}

static size_t
throttle_hash(const char *key)
{
	uint64_t h = 14695981039346656037u;	/* FNV-1a */

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211u;
	return (size_t)h;
}

/* The slot of key: its row's, or the free one where it would go. */
static size_t *
throttle_slot(const struct throttle_batch *t, const char *key)
{
	size_t i = throttle_hash(key) & (t->nslots - 1);

	while (t->slots[i] != 0 &&
	    strcmp(t->rows[t->slots[i] - 1].key, key) != 0)
		i = (i + 1) & (t->nslots - 1);
	return &t->slots[i];
}

size_t
throttle_batch_key(struct throttle_batch *t, const char *key)
{
	size_t *slot, i;

	if (t->nslots < 2 * (t->n + 1)) {
		/* At most half full, so that a probe ends soon. */
		t->nslots = t->nslots == 0 ? 64 : 2 * t->nslots;
		t->slots = arena_calloc(&t->a, t->nslots, sizeof(*t->slots));
		for (i = 0; i < t->n; i++)
			*throttle_slot(t, t->rows[i].key) = i + 1;
	}
	slot = throttle_slot(t, key);
	if (*slot != 0)
		return *slot - 1;
	t->rows = arena_grow(&t->a, t->rows, t->n, &t->cap, sizeof(*t->rows));
	memset(&t->rows[t->n], 0, sizeof(*t->rows));
	t->rows[t->n].key = arena_strdup(&t->a, key);
	*slot = ++t->n;
	return t->n - 1;
}

static int
throttle_batch_row(struct db_stmt *st, void *ctx)
{
	struct throttle_row *r = &((struct throttle_row *)ctx)[
	    db_col_int64(st, 0)];

	r->failures = db_col_int64(st, 1);
	r->window_start = db_col_int64(st, 2);
	r->blocked_until = db_col_int64(st, 3);
	r->exists = true;
	return 0;
}

/* The rows first..first + n (n <= THROTTLE_MANY) as stored, in one
 * statement (db_values(): at most six such statements prepared); a key
 * without a row keeps the zeros it was added with. */
static int
throttle_read_chunk(struct db *db, struct throttle_batch *t, size_t first,
    size_t n)
{
	struct db_arg *args;
	const char *sql;
	size_t nargs, i;

	sql = db_values(&t->a, "WITH k (i, key) AS (VALUES ",
	    DB_TYPES("BIGINT", "TEXT"), n, ") SELECT k.i, t.failures, "
	    "t.window_start, t.blocked_until FROM k JOIN throttle t ON "
	    "t.key = k.key", &args, &nargs);
	for (i = 0; i < n; i++) {
		args[2 * i] = db_int((int64_t)i);
		args[2 * i + 1] = db_text(t->rows[first + i].key);
	}
	return db_each(db, sql, args, nargs, throttle_batch_row,
	    t->rows + first) < 0 ? -1 : 0;
}

int
throttle_batch_read(struct db *db, struct throttle_batch *t)
{
	size_t n;

	for (; t->nread < t->n; t->nread += n) {
		n = t->n - t->nread < THROTTLE_MANY ? t->n - t->nread :
		    THROTTLE_MANY;
		if (throttle_read_chunk(db, t, t->nread, n) != 0)
			return -1;
	}
	return 0;
}

int64_t
throttle_batch_wait(const struct throttle_batch *t, size_t k, int64_t now)
{
	int64_t until = t->rows[k].blocked_until;

	return until > now ? until - now : 0;
}

/* throttle_fail()'s statement in C: the two must agree (test_throttle
 * compares them). */
void
throttle_batch_fail(struct throttle_batch *t, size_t k, int max,
    int64_t now)
{
	struct throttle_row *r = &t->rows[k];

	if (!r->exists) {
		/* No row: the INSERT. */
		r->exists = true;
		r->failures = 1;
		r->window_start = now;
		r->blocked_until = max <= 1 ? now + THROTTLE_WINDOW : 0;
	} else {
		if (r->window_start <= now - THROTTLE_WINDOW) {
			r->failures = 1;
			r->window_start = now;
		} else
			r->failures++;
		if (r->failures >= max)
			r->blocked_until = now + THROTTLE_WINDOW;
	}
	r->changed = true;
}

#define THROTTLE_UPSERT " ON CONFLICT (key) DO UPDATE SET failures = " \
	"excluded.failures, window_start = excluded.window_start, " \
	"blocked_until = excluded.blocked_until"

/* SQLite: the changed rows which[0..n) (n <= THROTTLE_WRITE_ROWS) in one
 * upsert, the values worked out in memory replacing the stored ones. */
static int
throttle_write_chunk(struct db *db, struct throttle_batch *t,
    const size_t *which, size_t n)
{
	struct db_arg *args, *row;
	const char *sql;
	size_t nargs, i;
	const struct throttle_row *r;

	sql = db_values(&t->a, "WITH k (key, f, w, b) AS (VALUES ",
	    DB_TYPES("TEXT", "BIGINT", "BIGINT", "BIGINT"), n,
	    ") INSERT INTO throttle (key, failures, window_start, "
	    "blocked_until) SELECT key, f, w, b FROM k WHERE key IS NOT NULL"
	    THROTTLE_UPSERT, &args, &nargs);
	for (i = 0, row = args; i < n; i++, row += 4) {
		r = &t->rows[which[i]];
		row[0] = db_text(r->key);
		row[1] = db_int(r->failures);
		row[2] = db_int(r->window_start);
		row[3] = db_int(r->blocked_until);
	}
	return db_run(db, sql, args, nargs, NULL) == 0 ? 0 : -1;
}

/* PostgreSQL: every changed row in one upsert, its columns as arrays. */
static int
throttle_write_arrays(struct db *db, struct throttle_batch *t)
{
	struct buf c[4];
	const struct throttle_row *r;
	size_t i;
	int rc;

	for (i = 0; i < 4; i++)
		buf_init(&c[i]);
	for (i = 0; i < t->n; i++) {
		r = &t->rows[i];
		if (!r->changed)
			continue;
		db_arr_text(&c[0], r->key);
		db_arr_int(&c[1], r->failures);
		db_arr_int(&c[2], r->window_start);
		db_arr_int(&c[3], r->blocked_until);
	}
	rc = c[0].len == 0 ? 0 : db_run(db, "INSERT INTO throttle (key, "
	    "failures, window_start, blocked_until) SELECT key, f, w, b FROM "
	    "unnest(CAST(?1 AS TEXT[]), CAST(?2 AS BIGINT[]), CAST(?3 AS "
	    "BIGINT[]), CAST(?4 AS BIGINT[])) AS k (key, f, w, b)"
	    THROTTLE_UPSERT, DB_ARGS(db_text(db_arr_end(&c[0])),
	    db_text(db_arr_end(&c[1])), db_text(db_arr_end(&c[2])),
	    db_text(db_arr_end(&c[3]))), NULL) == 0 ? 0 : -1;
	for (i = 0; i < 4; i++)
		buf_cleanup(&c[i]);
	return rc;
}

int
throttle_batch_write(struct db *db, struct throttle_batch *t)
{
	size_t which[THROTTLE_WRITE_ROWS], i, n = 0;

	if (strcmp(db_backend_name(db), "postgresql") == 0) {
		if (throttle_write_arrays(db, t) != 0)
			return -1;
		for (i = 0; i < t->n; i++)
			t->rows[i].changed = false;
		return 0;
	}
	for (i = 0; i < t->n; i++) {
		if (!t->rows[i].changed)
			continue;
		t->rows[i].changed = false;
		which[n++] = i;
		if (n == THROTTLE_WRITE_ROWS) {
			if (throttle_write_chunk(db, t, which, n) != 0)
				return -1;
			n = 0;
		}
	}
	return n > 0 ? throttle_write_chunk(db, t, which, n) : 0;
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

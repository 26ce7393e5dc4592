/*
 * memo.h - values derived from the database, kept per write generation.
 *
 * Why: in a registration rush every visitor's form (its page and its
 * POST) reads the same few rows (the event, its questions, the region's
 * municipalities) hundreds of times between two commits of the group
 * committer, and on PostgreSQL each read is a round trip.  A memo hands
 * out a copy only while nothing has been committed since it was read
 * (db_read_generation() at the read still equals db_generation(), which
 * also moves on other servers' commits, see db_watch_start()), and for no
 * longer than a cached page (page_cache_ms; 0 turns every memo off): a
 * visitor sees what a read of the database a moment earlier would have
 * shown.  Only reads of a page or of a request's checks use one, never a
 * write transaction (whose reads may be rolled back).  Each hit is copied
 * into the caller's arena, so a slot can be replaced while a page still
 * uses what it handed out.
 */
#ifndef TV_DB_MEMO_H
#define TV_DB_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define DB_MEMO_SLOTS 16

/* Copies n rows at src into a (deeply: strings too). */
typedef void *(*db_memo_copy)(struct arena *a, const void *src, size_t n);

struct db_memo_slot {
	bool used;
	int64_t key;
	uint64_t gen;
	int64_t read_ns;
	struct arena a;
	void *rows;
	size_t n;
};

/* One kind of value, keyed by an int64 (an id, or an id and a language);
 * a key shares its slot with others of the same remainder, the last read
 * wins.  Define with DB_MEMO(copy) as a static. */
struct db_memo {
	db_memo_copy copy;
	struct db_memo_slot slots[DB_MEMO_SLOTS];
};
#define DB_MEMO(copy_fn) { .copy = (copy_fn) }

/* A copy of key's rows into a, read under generation gen (the caller's
 * db_read_generation()) if the memo has them and no commit came since:
 * true with *out and *n, or false. */
bool db_memo_get(struct db_memo *m, int64_t key, uint64_t gen,
    struct arena *a, void **out, size_t *n);

/* Keeps rows read under generation gen from read_ns (time_mono_ns()
 * before the read), unless a commit came since or memos are off. */
void db_memo_put(struct db_memo *m, int64_t key, uint64_t gen,
    int64_t read_ns, const void *rows, size_t n);

#endif

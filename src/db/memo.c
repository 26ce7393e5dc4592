/*
 * memo.c - values kept per write generation (see memo.h).
 */
#include <pthread.h>

#include "base/settings.h"
#include "base/time.h"
#include "db/db.h"
#include "db/memo.h"

/* One lock for every memo: a hit holds it only for a copy of a few rows. */
static pthread_mutex_t db_memo_mu = PTHREAD_MUTEX_INITIALIZER;

bool
db_memo_get(struct db_memo *m, int64_t key, uint64_t gen, struct arena *a,
    void **out, size_t *n)
{
	struct db_memo_slot *s = &m->slots[(uint64_t)key % DB_MEMO_SLOTS];
	int64_t ttl = (int64_t)config_get()->page_cache_ms * 1000000;
	bool hit;

	pthread_mutex_lock(&db_memo_mu);
	hit = s->used && s->key == key && s->gen == gen &&
	    gen == db_generation() && time_mono_ns() - s->read_ns < ttl;
	if (hit) {
		*out = m->copy(a, s->rows, s->n);
		*n = s->n;
	}
	pthread_mutex_unlock(&db_memo_mu);
	return hit;
}

void
db_memo_put(struct db_memo *m, int64_t key, uint64_t gen, int64_t read_ns,
    const void *rows, size_t n)
{
	struct db_memo_slot *s = &m->slots[(uint64_t)key % DB_MEMO_SLOTS];

	if (config_get()->page_cache_ms == 0)
		return;
	pthread_mutex_lock(&db_memo_mu);
	if (gen == db_generation()) {
		if (s->used)
			arena_cleanup(&s->a);
		arena_init(&s->a);
		s->rows = m->copy(&s->a, rows, n);
		s->n = n;
		s->key = key;
		s->gen = gen;
		s->read_ns = read_ns;
		s->used = true;
	}
	pthread_mutex_unlock(&db_memo_mu);
}

/*
 * db.c - the public store API: picks the backend for a database target,
 * keeps one connection per thread and the write generation, and forwards
 * the rest to the connection's backend (backend.h).
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "db/backend.h"
#include "db/db.h"

/* Bumped by every commit in this process and by every write another
 * process announces (see db_generation()). */
static _Atomic uint64_t db_generation_counter;

static char *db_target;
static pthread_key_t db_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;

/*
 * A URL with the postgres or postgresql scheme, or a libpq keyword string
 * ("host=... dbname=..."): what libpq's own PQconnectdb() accepts.  Any other
 * text is a file name, so a file called "host=x" would need a "./" in front.
 */
bool
db_is_postgres(const char *target)
{
	static const char *const keys[] = { "host=", "hostaddr=", "dbname=",
	    "service=", "user=", "port=" };
	size_t i;

	if (strncmp(target, "postgres://", 11) == 0 ||
	    strncmp(target, "postgresql://", 13) == 0)
		return true;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strncmp(target, keys[i], strlen(keys[i])) == 0)
			return true;
	return false;
}

/*
 * The target as it may be shown in messages and logs: a URL loses its
 * password ("postgres://tv:secret@h/db" shows as "postgres://tv:***@h/db")
 * and a keyword string its password=... value.
 */
char *
db_target_display(const char *target)
{
	const char *at, *colon, *pw, *end;
	char *out;
	size_t n;

	if ((out = malloc(strlen(target) + 4)) == NULL)
		fatal("db: out of memory");
	if (strncmp(target, "postgres", 8) == 0 &&
	    (colon = strstr(target, "://")) != NULL &&
	    (at = strchr(colon + 3, '@')) != NULL &&
	    (pw = memchr(colon + 3, ':', (size_t)(at - colon - 3))) != NULL) {
		n = (size_t)(pw + 1 - target);
		memcpy(out, target, n);
		memcpy(out + n, "***", 3);
		strcpy(out + n + 3, at);
		return out;
	}
	if ((pw = strstr(target, "password=")) != NULL) {
		n = (size_t)(pw + 9 - target);
		memcpy(out, target, n);
		memcpy(out + n, "***", 3);
		end = strchr(pw, ' ');
		strcpy(out + n + 3, end != NULL ? end : "");
		return out;
	}
	strcpy(out, target);
	return out;
}

struct db *
db_open(const char *target)
{
	return db_is_postgres(target) ? db_pg_ops.open(target) :
	    db_sqlite_ops.open(target);
}

void
db_close(struct db *db)
{
	if (db != NULL)
		db->ops->close(db);
}

const char *
db_backend_name(const struct db *db)
{
	return db->ops->name;
}

/*
 * Stores the target for db_thread().  Called once at start-up before any
 * worker runs, so it needs no lock.
 */
void
db_configure(const char *target)
{
	free(db_target);
	if ((db_target = strdup(target)) == NULL)
		fatal("db: out of memory");
}

const char *
db_configured(void)
{
	return db_target;
}

/* Thread-exit destructor: a worker that ends closes its connection. */
static void
db_key_destroy(void *p)
{
	db_close(p);
}

/* Run once, from whichever thread first asks for a connection. */
static void
db_key_create(void)
{
	if (pthread_key_create(&db_key, db_key_destroy) != 0)
		fatal("db: pthread_key_create failed");
}

/*
 * Connections opened ahead for threads to come (db_spares_open()): a stack
 * under a lock, filled by one thread while start-up goes on.
 */
static pthread_mutex_t db_spare_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db **db_spare;
static unsigned db_spare_n, db_spare_want;
static pthread_t db_spare_thread;
static bool db_spare_running;
static _Atomic bool db_spare_stop;

static struct db *
db_spare_take(void)
{
	struct db *db = NULL;

	pthread_mutex_lock(&db_spare_lock);
	if (db_spare_n > 0)
		db = db_spare[--db_spare_n];
	pthread_mutex_unlock(&db_spare_lock);
	return db;
}

/* One connection at a time: each costs PostgreSQL a backend start, and
 * several at once would take the CPU from the start-up they run beside. */
static void *
db_spare_main(void *arg)
{
	struct db *db;
	unsigned i;

	(void)arg;
	for (i = 0; i < db_spare_want && !atomic_load(&db_spare_stop); i++) {
		if ((db = db_open(db_target)) == NULL)
			break;
		pthread_mutex_lock(&db_spare_lock);
		db_spare[db_spare_n++] = db;
		pthread_mutex_unlock(&db_spare_lock);
	}
	return NULL;
}

void
db_spares_open(unsigned n)
{
	if (db_target == NULL || n == 0 || db_spare_running ||
	    (db_spare = calloc(n, sizeof(*db_spare))) == NULL)
		return;
	db_spare_want = n;
	atomic_store(&db_spare_stop, false);
	/* Without the thread every db_thread() opens its own, as before. */
	if (pthread_create(&db_spare_thread, NULL, db_spare_main, NULL) != 0) {
		free(db_spare);
		db_spare = NULL;
		return;
	}
	db_spare_running = true;
}

void
db_spares_close(void)
{
	struct db *db;

	if (!db_spare_running)
		return;
	atomic_store(&db_spare_stop, true);
	pthread_join(db_spare_thread, NULL);
	db_spare_running = false;
	while ((db = db_spare_take()) != NULL)
		db_close(db);
	free(db_spare);
	db_spare = NULL;
}

/*
 * Returns this thread's connection, opening it on first use.  A pthread key
 * rather than __thread so that threads we do not control (libmicrohttpd's
 * pool) still close their connection when they exit.  The main thread does
 * not run key destructors on exit(), so it calls db_thread_close().
 */
struct db *
db_thread(void)
{
	struct db *db;

	pthread_once(&db_key_once, db_key_create);
	if ((db = pthread_getspecific(db_key)) != NULL)
		return db;
	if (db_target == NULL) {
		log_error("db: db_thread() before db_configure()");
		return NULL;
	}
	if ((db = db_spare_take()) == NULL && (db = db_open(db_target)) == NULL)
		return NULL;
	if (pthread_setspecific(db_key, db) != 0) {
		log_error("db: pthread_setspecific failed");
		db_close(db);
		return NULL;
	}
	return db;
}

int
db_thread_adopt(struct db *db)
{
	pthread_once(&db_key_once, db_key_create);
	if (pthread_getspecific(db_key) != NULL ||
	    pthread_setspecific(db_key, db) != 0) {
		log_error("db: cannot adopt a connection on this thread");
		return -1;
	}
	return 0;
}

/*
 * Clears the key before closing so that the thread-exit destructor does
 * not close the same connection a second time.
 */
void
db_thread_close(void)
{
	struct db *db;

	pthread_once(&db_key_once, db_key_create);
	if ((db = pthread_getspecific(db_key)) == NULL)
		return;
	pthread_setspecific(db_key, NULL);
	db_close(db);
}

/*
 * Tables a plan may read whole because they stay small whatever the use;
 * each entry needs its reason.
 */
static const char *const db_plan_small_tables[] = {
	"schema_migrations",	/* one row per migration file */
	"region",		/* the network's regions: a handful */
	"municipality",		/* reference data: Finland's 308 at most */
	"dimension",		/* the self-assessment's dimensions: ~10 */
	"meta",			/* a few named settings */
	"directory_area",	/* Finland's municipalities with a point each */
	"directory_topic",	/* support topics (data/support-topics.csv) */
	"directory_form",	/* forms of support (data/support-forms.csv) */
	"badge_key",		/* the badge issuer's keys: one per rotation */
};

bool
db_plan_small(const char *table)
{
	size_t i;

	for (i = 0; i < sizeof(db_plan_small_tables) /
	    sizeof(db_plan_small_tables[0]); i++)
		if (strcmp(table, db_plan_small_tables[i]) == 0)
			return true;
	return false;
}

void
db_plan_report(const char *file, const char *table, const char *sql)
{
	size_t tl = strlen(table), sl = strlen(sql), i;
	char *line;
	int fd;

	if ((line = malloc(tl + sl + 3)) == NULL)
		return;
	memcpy(line, table, tl);
	line[tl] = '\t';
	/* One line, whatever the SQL's own layout. */
	for (i = 0; i < sl; i++)
		line[tl + 1 + i] = sql[i] == '\n' || sql[i] == '\t' ? ' ' :
		    sql[i];
	line[tl + 1 + sl] = '\n';
	/* One write per line, so that threads and servers sharing the file
	 * do not interleave. */
	if ((fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) != -1) {
		if (write(fd, line, tl + sl + 2) == -1)
			log_warn("db: plan check: cannot write %s", file);
		close(fd);
	}
	free(line);
}

/*
 * The texts already explained, as their hashes (db_sql_hash()) in an
 * open-addressed set that doubles when half full.  Two texts with the same
 * 64-bit hash would leave the second unexplained; with a few hundred
 * statements that chance is about 2^-47.  Zero marks a free slot, so a
 * hash of zero is stored as one.  Reachable until exit, as the statement
 * texts themselves are.
 */
static pthread_mutex_t db_plan_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t *db_plan_seen;
static size_t db_plan_cap, db_plan_n;

static bool
db_plan_insert(uint64_t *set, size_t cap, uint64_t h)
{
	size_t i;

	for (i = h & (cap - 1); set[i] != 0; i = (i + 1) & (cap - 1))
		if (set[i] == h)
			return false;
	set[i] = h;
	return true;
}

bool
db_plan_first(const char *sql)
{
	uint64_t *grown, h;
	size_t len, cap, i;
	bool first = true;

	h = db_sql_hash(sql, &len);
	if (h == 0)
		h = 1;
	pthread_mutex_lock(&db_plan_lock);
	if ((db_plan_n + 1) * 2 > db_plan_cap) {
		cap = db_plan_cap == 0 ? 512 : db_plan_cap * 2;
		/* Out of memory: explain again rather than skip the check. */
		if ((grown = calloc(cap, sizeof(*grown))) == NULL)
			goto out;
		for (i = 0; i < db_plan_cap; i++)
			if (db_plan_seen[i] != 0)
				(void)db_plan_insert(grown, cap, db_plan_seen[i]);
		free(db_plan_seen);
		db_plan_seen = grown;
		db_plan_cap = cap;
	}
	if ((first = db_plan_insert(db_plan_seen, db_plan_cap, h)))
		db_plan_n++;
out:
	pthread_mutex_unlock(&db_plan_lock);
	return first;
}

/*
 * The statement caches' key.  Every statement a page runs is looked up by
 * its text, hundreds of bytes each; hashed a byte at a time (FNV-1a) that
 * showed in a profile of cached pages (issue 13).  strlen() is vectorised,
 * and the text is then taken eight bytes at a time, each word mixed in
 * with a multiply and a rotation (the scheme of wyhash and FxHash); a
 * collision costs only a memcmp, as the callers compare the text anyway.
 */
uint64_t
db_sql_hash(const char *s, size_t *len)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h, w;
	size_t n = strlen(s), i;

	h = (uint64_t)n * k;
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = ((h << 5) | (h >> 59)) ^ w;
		h *= k;
	}
	if (i < n) {
		w = 0;
		memcpy(&w, s + i, n - i);
		h = ((h << 5) | (h >> 59)) ^ w;
		h *= k;
	}
	*len = n;
	return h ^ (h >> 32);
}

void
db_generation_bump(void)
{
	atomic_fetch_add_explicit(&db_generation_counter, 1,
	    memory_order_release);
}

uint64_t
db_generation(void)
{
	return atomic_load_explicit(&db_generation_counter,
	    memory_order_acquire);
}

struct db_stmt *
db_prepare(struct db *db, const char *sql)
{
	if (db == NULL || sql == NULL)
		return NULL;
	return db->ops->prepare(db, sql);
}

int
db_bind_text(struct db_stmt *st, int idx, const char *s, size_t len)
{
	if (s == NULL)
		return st->ops->bind_null(st, idx);
	return st->ops->bind_text(st, idx, s, len);
}

int
db_bind_cstr(struct db_stmt *st, int idx, const char *s)
{
	return db_bind_text(st, idx, s, s != NULL ? strlen(s) : 0);
}

int
db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return st->ops->bind_int64(st, idx, v);
}

int
db_bind_null(struct db_stmt *st, int idx)
{
	return st->ops->bind_null(st, idx);
}

int
db_bind_double(struct db_stmt *st, int idx, double v)
{
	return st->ops->bind_double(st, idx, v);
}

int
db_step(struct db_stmt *st)
{
	return st->ops->step(st);
}

const char *
db_col_text(struct db_stmt *st, int col)
{
	return st->ops->col_text(st, col);
}

const char *
db_col_dup(struct db_stmt *st, struct arena *a, int col)
{
	return arena_strndup(a, st->ops->col_text(st, col),
	    st->ops->col_len(st, col));
}

size_t
db_col_len(struct db_stmt *st, int col)
{
	return st->ops->col_len(st, col);
}

int64_t
db_col_int64(struct db_stmt *st, int col)
{
	return st->ops->col_int64(st, col);
}

bool
db_col_is_null(struct db_stmt *st, int col)
{
	return st->ops->col_is_null(st, col);
}

double
db_col_double(struct db_stmt *st, int col)
{
	return st->ops->col_double(st, col);
}

int
db_col_count(struct db_stmt *st)
{
	return st->ops->col_count(st);
}

const char *
db_col_name(struct db_stmt *st, int col)
{
	return st->ops->col_name(st, col);
}

void
db_done(struct db_stmt *st)
{
	if (st != NULL)
		st->ops->done(st);
}

int
db_exec(struct db *db, const char *sql)
{
	return db->ops->exec(db, sql);
}

int
db_begin(struct db *db)
{
	return db->ops->begin(db);
}

/*
 * A commit that changed a row is a write every cache of this process must
 * see.  One that changed none leaves the generation alone: the jobs commit
 * every few seconds, mostly having found nothing to do, and each bump
 * would empty every cached page and memo of an idle server.
 */
int
db_commit(struct db *db)
{
	int rc = db->ops->commit(db);

	if (rc < 0)
		return -1;
	if (rc > 0)
		db_generation_bump();
	return 0;
}

void
db_rollback(struct db *db)
{
	db->ops->rollback(db);
}

void
db_defer_writes(struct db *db)
{
	if (db->ops->defer_writes != NULL)
		db->ops->defer_writes(db);
}

/* The generation is taken before the snapshot: a commit in between makes
 * the snapshot newer than its number, never older. */
int
db_read_begin(struct db *db)
{
	uint64_t gen = db_generation();

	if (db->ops->read_begin(db) != 0)
		return -1;
	db->read_gen = gen;
	db->in_read = true;
	return 0;
}

void
db_read_end(struct db *db)
{
	db->in_read = false;
	db->ops->read_end(db);
}

uint64_t
db_read_generation(struct db *db)
{
	return db->in_read ? db->read_gen : db_generation();
}

int64_t
db_last_id(struct db *db)
{
	return db->ops->last_id(db);
}

int
db_reserve_ids(struct db *db, const char *table, int64_t n, int64_t *ids)
{
	struct db_stmt *st;
	char sql[96];
	int64_t i = 0;
	int rc;

	if (n < 1 || table[strspn(table, "abcdefghijklmnopqrstuvwxyz_0123456789")]
	    != '\0')
		return -1;
	if (db->ops->reserve_ids_sql == NULL) {
		/* A name, not a value: it cannot be bound. */
		snprintf(sql, sizeof(sql), "SELECT COALESCE(MAX(id), 0) FROM %s",
		    table);
		if ((st = db_prepare(db, sql)) == NULL)
			return -1;
		rc = db_step(st);
		if (rc == DB_ROW)
			for (; i < n; i++)
				ids[i] = db_col_int64(st, 0) + 1 + i;
		db_done(st);
		return i == n ? 0 : -1;
	}
	if ((st = db_prepare(db, db->ops->reserve_ids_sql)) == NULL)
		return -1;
	if (db_bind_cstr(st, 1, table) != DB_OK ||
	    db_bind_int64(st, 2, n) != DB_OK) {
		db_done(st);
		return -1;
	}
	while (i < n && (rc = db_step(st)) == DB_ROW)
		ids[i++] = db_col_int64(st, 0);
	db_done(st);
	return i == n ? 0 : -1;
}

int64_t
db_changes(struct db *db)
{
	return db->ops->changes(db);
}

const char *
db_errmsg(struct db *db)
{
	return db->ops->errmsg(db);
}

int
db_backup(struct db *db, const char *dest)
{
	return db->ops->backup(db, dest);
}

char *
db_dialect(struct db *db, const char *sql)
{
	return db->ops->dialect(sql);
}

int
db_ids_follow(struct db *db)
{
	return db->ops->ids_follow(db);
}

int
db_analyse(struct db *db)
{
	return db->ops->analyse(db);
}

/*
 * pg.c - the PostgreSQL backend of db.h, over libpq.
 *
 * The same contract as sqlite.c, so that modules never know which one runs:
 *
 *  - One connection per worker thread (db.c), each with a cache of server-
 *    side prepared statements keyed by the SQL text.  ?N placeholders are
 *    rewritten to $N once, when a statement is first cached.
 *  - A statement is prepared when it first runs, with the types of its first
 *    bindings: an integer is int8 and a real float8, so that "?1 IS NULL"
 *    or "?1 + 1" have a type; text and NULL are left for the server to infer
 *    from where they stand.  Values travel as text.  The prepare and the
 *    first run go in one round trip (pipeline mode, pg_prepare_send()).
 *  - db_step() runs the statement on its first call and reads the whole
 *    result; later calls walk its rows.  Pages read tens of rows, exports a
 *    few thousand, so holding one result in memory is cheaper than a round
 *    trip per row.
 *  - Booleans (a comparison in a select list) read as 1 and 0, as SQLite
 *    returns them.
 *  - db_begin() starts a READ COMMITTED transaction and takes one
 *    transaction-level advisory lock shared by every server.  That is
 *    SQLite's BEGIN IMMEDIATE across machines: write transactions run one at
 *    a time, each sees every commit before it, and "read the seats left,
 *    then insert" in the registration committer cannot race a committer on
 *    another server.  The price is that writes do not run in parallel; the
 *    group committer batches the one hot write path, and no write
 *    transaction waits on anything but the database.
 *  - Every commit also sends a notification (NOTIFY) that the other servers'
 *    db_watch thread turns into a generation bump, so their page caches drop
 *    pages a write on this server made stale.
 *  - db_read_begin() opens a REPEATABLE READ transaction: one snapshot for
 *    all queries of a page, like SQLite's deferred BEGIN.  Its BEGIN goes
 *    with the page's first statement and its COMMIT is not waited for
 *    (libpq's pipeline mode, pg_run_first() and pg_read_end()): a page of
 *    n statements costs n round trips, not n + 2.
 *
 * Logs carry the server's message and the SQL text, never a bound value and
 * never the connection string (it may hold a password).
 */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "base/buf.h"
#include "base/log.h"
#include "db/backend.h"
#include "db/db.h"

#define PG_BUCKETS	512	/* hash buckets, a power of two */
#define PG_CACHE_MAX	512	/* statements cached per connection */
#define PG_MAX_PARAMS	64	/* the most ?N one statement may use */
#define PG_REPLAN_FIRST	16	/* runs before a statement is prepared again */

/* Type OIDs from the server's catalog (pg_type.h is not a client header). */
#define PG_BOOLOID	16
#define PG_INT8OID	20
#define PG_TEXTOID	25
#define PG_FLOAT8OID	701
#define PG_INT2OID	21
#define PG_INT4OID	23
#define PG_FLOAT4OID	700
#define PG_NUMERICOID	1700

/* The advisory lock every write transaction takes ("tukiverkko"). */
#define PG_WRITE_LOCK	"SELECT pg_advisory_xact_lock(7626240120)"
#define PG_CHANNEL	"tukiverkko_write"
#define PG_READ_BEGIN	"BEGIN ISOLATION LEVEL REPEATABLE READ"

struct pg_param {
	Oid		 type;		/* 0: the server infers it */
	bool		 null;
	char		*text;		/* owned copy of a text value */
	char		 num[32];	/* an integer or real as text */
};

struct pg_stmt {
	struct db_stmt	 base;
	struct pg_db	*db;
	char		*sql;		/* owned copy, the cache key */
	size_t		 sql_len;
	uint64_t	 hash;
	char		*pgsql;		/* the text with $N placeholders */
	int		 nparams;
	char		 name[16];	/* "" for a private statement */
	bool		 prepared;
	bool		 deferrable;	/* a write that returns no rows */
	bool		 select;	/* a SELECT: changes no rows */
	bool		 sent;		/* run, its answer left for later */
	uint64_t	 runs, replan_at;	/* see pg_run() */
	bool		 cached;
	bool		 in_use;
	struct pg_param	 params[PG_MAX_PARAMS];
	PGresult	*res;		/* after the first db_step() */
	int		 row, nrows;
	struct pg_stmt	*next;		/* bucket chain */
};

struct pg_db {
	struct db	 base;
	PGconn		*conn;
	struct pg_stmt	*buckets[PG_BUCKETS];
	size_t		 ncached;
	size_t		 nout;
	unsigned	 next_name;
	bool		 full_warned;
	int64_t		 changes;
	char		 err[256];	/* the last error, for db_errmsg() */
	const char	*plan_check;	/* $TUKIVERKKO_PLAN_CHECK or NULL */
	/* A read snapshot asked for whose BEGIN has not been sent yet, and
	 * a snapshot's COMMIT sent whose answer has not been read yet (see
	 * pg_read_begin()). */
	bool		 read_pending;
	bool		 commit_unread;
	/* db_defer_writes(): writes of the open transaction sent without
	 * waiting (`deferred` of them unanswered so far), and the first
	 * failure among those answered (0 none). */
	bool		 defer;
	int		 deferred;
	int		 deferred_rc;
	/* What pg_pipe_read() found: the first failure (0 none). */
	int		 pipe_rc;
	/* The write transaction may have changed a row (pg_commit()). */
	bool		 wrote;
};

/*
 * SQLSTATE classes a caller can act on: 23 is an integrity constraint
 * (duplicate, missing parent), 40001/40P01 a serialization failure or
 * deadlock and 55P03 a lock not available: try again later.
 */
static int
pg_map_state(const char *state)
{
	if (state == NULL)
		return DB_ERROR;
	if (strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return DB_BUSY;
	return DB_ERROR;
}

/* Logs a failed result at the level of what it means; returns the code. */
static int
pg_failure(struct pg_db *db, const PGresult *res, const char *what,
    const char *sql)
{
	const char *state, *msg;
	enum log_level level;
	int rc;

	state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	msg = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) :
	    NULL;
	if (msg == NULL)
		msg = PQerrorMessage(db->conn);
	rc = pg_map_state(state);
	level = rc == DB_CONSTRAINT ? LOG_INFO : rc == DB_BUSY ? LOG_WARN :
	    LOG_ERROR;
	snprintf(db->err, sizeof(db->err), "%s", msg);
	db->err[strcspn(db->err, "\n")] = '\0';
	log_msg(level, "db: %s: %s (%s) in: %.200s", what, db->err,
	    state != NULL ? state : "-", sql != NULL ? sql : "");
	return rc;
}

/*
 * Pipeline mode (libpq 14 and later): several statements sent at once and
 * their answers read after, one round trip for all.  pg_pipe_end() sends
 * the Sync and reads the answers of the n statements sent since
 * PQenterPipelineMode(), up to the Sync's, and leaves pipeline mode
 * (pg_pipe_read(): the same when the Sync has been sent); it returns the answer of statement `keep` (0-based; the others are checked
 * and dropped), or NULL when keep is -1 or the connection failed.  A
 * statement after a failed one is not run (PGRES_PIPELINE_ABORTED).
 */
static PGresult *
pg_pipe_read(struct pg_db *db, int n, int keep, const char *what)
{
	PGresult *res, *kept = NULL;
	ExecStatusType s;
	int i = 0, nulls = 0;

	db->pipe_rc = 0;
	for (;;) {
		if ((res = PQgetResult(db->conn)) == NULL) {
			/* One NULL ends each statement's answer; more
			 * than that is a connection that went away. */
			if (++nulls > n || PQstatus(db->conn) != CONNECTION_OK)
				break;
			i = nulls;
			continue;
		}
		s = PQresultStatus(res);
		if (s == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
			if (db->pipe_rc == 0)
				db->pipe_rc = s == PGRES_PIPELINE_ABORTED ?
				    DB_ERROR : pg_failure(db, res, what, "");
		} else if (i != keep) {
			const char *t = PQcmdTuples(res);

			db->changes = t[0] != '\0' ? strtoll(t, NULL, 10) : 0;
		}
		if (i == keep && kept == NULL) {
			kept = res;
			continue;
		}
		PQclear(res);
	}
	(void)PQexitPipelineMode(db->conn);
	return kept;
}

static PGresult *
pg_pipe_end(struct pg_db *db, int n, int keep, const char *what)
{
	if (PQpipelineSync(db->conn) != 1) {
		(void)pg_failure(db, NULL, what, "pipeline sync");
		(void)PQexitPipelineMode(db->conn);
		return NULL;
	}
	return pg_pipe_read(db, n, keep, what);
}

/* The answers of the writes sent without waiting (db_defer_writes()):
 * the first failure is kept for the commit. */
static void
pg_flush(struct pg_db *db)
{
	int n = db->deferred;

	if (n == 0)
		return;
	db->deferred = 0;
	(void)pg_pipe_end(db, n, -1, "deferred write");
	if (db->pipe_rc != 0 && db->deferred_rc == 0)
		db->deferred_rc = db->pipe_rc;
}

/* The answers not yet read: a read snapshot's COMMIT, sent without
 * waiting for it, or deferred writes.  Before anything else is sent. */
static void
pg_drain(struct pg_db *db)
{
	pg_flush(db);
	if (!db->commit_unread)
		return;
	db->commit_unread = false;
	(void)pg_pipe_read(db, 1, -1, "commit");
}

/* Runs SQL with no parameters; 0 or the mapped error. */
static int
pg_simple(struct pg_db *db, const char *sql)
{
	PGresult *res;
	ExecStatusType s;
	int rc = 0;

	pg_drain(db);
	res = PQexec(db->conn, sql);
	s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		rc = pg_failure(db, res, "exec", sql);
	PQclear(res);
	return rc;
}

/* Notices (e.g. "relation already exists, skipping") are not errors. */
static void
pg_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static struct db *
pg_open(const char *target)
{
	struct pg_db *db;

	if ((db = calloc(1, sizeof(*db))) == NULL) {
		log_error("db: out of memory");
		return NULL;
	}
	db->base.ops = &db_pg_ops;
	db->conn = PQconnectdb(target);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		snprintf(db->err, sizeof(db->err), "%s",
		    PQerrorMessage(db->conn));
		db->err[strcspn(db->err, "\n")] = '\0';
		log_error("db: cannot connect to PostgreSQL: %s", db->err);
		PQfinish(db->conn);
		free(db);
		return NULL;
	}
	PQsetNoticeProcessor(db->conn, pg_notice, NULL);
	db->plan_check = getenv("TUKIVERKKO_PLAN_CHECK");
	if (db->plan_check != NULL && db->plan_check[0] == '\0')
		db->plan_check = NULL;
	/* UTC and ISO dates: the schema keeps times as Unix seconds, so these
	 * only matter for messages; the client encoding matters for text. */
	if (PQsetClientEncoding(db->conn, "UTF8") != 0 ||
	    pg_simple(db, "SET TIME ZONE 'UTC'") != 0) {
		PQfinish(db->conn);
		free(db);
		return NULL;
	}
	return &db->base;
}

static void
pg_stmt_clear(struct pg_stmt *s)
{
	int i;

	PQclear(s->res);
	s->res = NULL;
	s->sent = false;
	for (i = 0; i < PG_MAX_PARAMS; i++) {
		free(s->params[i].text);
		s->params[i].text = NULL;
		s->params[i].null = true;
		s->params[i].num[0] = '\0';
	}
}

static void
pg_stmt_free(struct pg_stmt *s)
{
	pg_stmt_clear(s);
	free(s->sql);
	free(s->pgsql);
	free(s);
}

/* As sqlite.c: a statement still handed out is the caller's bug. */
static void
pg_close(struct db *g)
{
	struct pg_db *db = (struct pg_db *)g;
	struct pg_stmt *s, *next;
	size_t i;

	if (db->nout > 0)
		log_error("db: closing with %zu statement(s) not done",
		    db->nout);
	for (i = 0; i < PG_BUCKETS; i++) {
		for (s = db->buckets[i]; s != NULL; s = next) {
			next = s->next;
			if (s->in_use) {
				s->cached = false;
				continue;
			}
			pg_stmt_free(s);
		}
	}
	PQfinish(db->conn);
	db->conn = NULL;
	if (db->nout == 0)
		free(db);
}

/*
 * Rewrites ?N (and a bare ?, numbered after the highest so far) to $N,
 * leaving string literals, quoted names and comments alone.  Returns the
 * new text (malloc'd) and the highest parameter number, or NULL when a
 * number is out of range.
 */
char *
pg_placeholders(const char *sql, int *nparams)
{
	const char *p = sql;
	char *out, *o;
	int max = 0, n;
	char quote;

	/* "?" becomes at most "$64": three bytes longer per one byte. */
	if ((out = malloc(strlen(sql) * 3 + 1)) == NULL)
		return NULL;
	o = out;
	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p++;
			while (*p != '\0' && *p != quote)
				*o++ = *p++;
			if (*p != '\0')
				*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				*o++ = *p++;
		} else if (*p == '?') {
			p++;
			if (*p >= '0' && *p <= '9') {
				for (n = 0; *p >= '0' && *p <= '9'; p++)
					if ((n = n * 10 + (*p - '0')) >
					    PG_MAX_PARAMS)
						break;
			} else
				n = max + 1;
			if (n < 1 || n > PG_MAX_PARAMS) {
				free(out);
				return NULL;
			}
			if (n > max)
				max = n;
			o += sprintf(o, "$%d", n);
		} else
			*o++ = *p++;
	}
	*o = '\0';
	*nparams = max;
	return out;
}

/*
 * A connection the server dropped (restart, failover, idle timeout of a
 * proxy) is reopened once, between transactions, before the next
 * statement; its prepared statements went with it.
 */
static void
pg_revive(struct pg_db *db)
{
	struct pg_stmt *s;
	size_t i;

	if (PQstatus(db->conn) == CONNECTION_OK)
		return;
	pg_drain(db);
	/* A broken connection reports no transaction state at all: inside a
	 * transaction it stays broken until the caller rolls back. */
	if (PQstatus(db->conn) == CONNECTION_OK ||
	    PQtransactionStatus(db->conn) != PQTRANS_UNKNOWN)
		return;
	log_warn("db: PostgreSQL connection lost, reconnecting");
	PQreset(db->conn);
	for (i = 0; i < PG_BUCKETS; i++)
		for (s = db->buckets[i]; s != NULL; s = s->next)
			s->prepared = false;
	if (PQstatus(db->conn) == CONNECTION_OK)
		(void)pg_simple(db, "SET TIME ZONE 'UTC'");
}

static struct pg_stmt *
pg_stmt_new(struct pg_db *db, const char *sql)
{
	struct pg_stmt *s;
	int i;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_error("db: out of memory");
		return NULL;
	}
	s->base.ops = &db_pg_ops;
	s->db = db;
	if ((s->pgsql = pg_placeholders(sql, &s->nparams)) == NULL) {
		log_error("db: prepare: bad parameter number in: %.200s",
		    sql);
		free(s);
		return NULL;
	}
	for (i = 0; i < PG_MAX_PARAMS; i++)
		s->params[i].null = true;
	sql += strspn(sql, " \t\n");
	s->select = strncasecmp(sql, "SELECT", 6) == 0;
	s->deferrable = (strncasecmp(sql, "INSERT", 6) == 0 ||
	    strncasecmp(sql, "UPDATE", 6) == 0 ||
	    strncasecmp(sql, "DELETE", 6) == 0) &&
	    strcasestr(sql, "RETURNING") == NULL;
	return s;
}

/* As sqlite.c: the key is the text; a statement in use is not shared. */
static struct db_stmt *
pg_prepare(struct db *g, const char *sql)
{
	struct pg_db *db = (struct pg_db *)g;
	struct pg_stmt *s, **bucket;
	uint64_t h;
	size_t len;
	bool cache;

	pg_revive(db);
	h = db_sql_hash(sql, &len);
	bucket = &db->buckets[h & (PG_BUCKETS - 1)];
	for (s = *bucket; s != NULL; s = s->next)
		if (s->hash == h && s->sql_len == len &&
		    memcmp(s->sql, sql, len) == 0)
			break;
	if (s != NULL && !s->in_use) {
		s->in_use = true;
		db->nout++;
		return &s->base;
	}
	cache = s == NULL && db->ncached < PG_CACHE_MAX;
	if (s == NULL && !cache && !db->full_warned) {
		log_warn("db: statement cache full (%d)", PG_CACHE_MAX);
		db->full_warned = true;
	}
	if ((s = pg_stmt_new(db, sql)) == NULL)
		return NULL;
	s->in_use = true;
	db->nout++;
	if (!cache || (s->sql = malloc(len + 1)) == NULL)
		return &s->base;	/* private: run unnamed, then freed */
	memcpy(s->sql, sql, len + 1);
	s->sql_len = len;
	s->hash = h;
	s->cached = true;
	snprintf(s->name, sizeof(s->name), "tv%u", db->next_name++);
	s->next = *bucket;
	*bucket = s;
	db->ncached++;
	return &s->base;
}

/*
 * Parameter idx, emptied and set to NULL or not, with the type it is sent
 * as (0: the server infers it) until the statement is prepared, whose
 * types then stay: NULL (logged) when there is no such parameter.
 */
static struct pg_param *
pg_param(struct db_stmt *g, int idx, bool null, Oid type)
{
	struct pg_stmt *st = (struct pg_stmt *)g;
	struct pg_param *p;

	if (idx < 1 || idx > st->nparams) {
		log_error("db: bind: no parameter %d in: %.200s", idx,
		    st->pgsql);
		return NULL;
	}
	p = &st->params[idx - 1];
	free(p->text);
	p->text = NULL;
	p->null = null;
	if (!st->prepared)
		p->type = type;
	return p;
}

/* Text is copied, as SQLite's SQLITE_TRANSIENT does: callers bind slices
 * of buffers they reuse before the statement runs. */
static int
pg_bind_text(struct db_stmt *g, int idx, const char *s, size_t len)
{
	struct pg_param *p;

	if (memchr(s, '\0', len) != NULL) {
		/* PostgreSQL text cannot hold NUL; the forms refuse it
		 * earlier, so reaching here is a bug, not user input. */
		log_error("db: bind: text with a NUL byte");
		return DB_ERROR;
	}
	if ((p = pg_param(g, idx, false, 0)) == NULL)
		return DB_ERROR;
	if ((p->text = malloc(len + 1)) == NULL) {
		log_error("db: out of memory");
		return DB_ERROR;
	}
	memcpy(p->text, s, len);
	p->text[len] = '\0';
	return DB_OK;
}

static int
pg_bind_int64(struct db_stmt *g, int idx, int64_t v)
{
	struct pg_param *p;

	if ((p = pg_param(g, idx, false, PG_INT8OID)) == NULL)
		return DB_ERROR;
	snprintf(p->num, sizeof(p->num), "%lld", (long long)v);
	return DB_OK;
}

static int
pg_bind_null(struct db_stmt *g, int idx)
{
	return pg_param(g, idx, true, 0) != NULL ? DB_OK : DB_ERROR;
}

static int
pg_bind_double(struct db_stmt *g, int idx, double v)
{
	struct pg_param *p;

	if ((p = pg_param(g, idx, false, PG_FLOAT8OID)) == NULL)
		return DB_ERROR;
	snprintf(p->num, sizeof(p->num), "%.17g", v);
	return DB_OK;
}

/*
 * Where the server cannot type a parameter from the first bindings, the
 * statement is prepared again, so that SQL that is fine on SQLite needs no
 * casts:
 *  - an integer bound where the SQL compares with text (42883, 42804): every
 *    parameter is left for the server to infer;
 *  - a parameter that only stands in untyped places ("?2 IS NULL", "'%' ||
 *    ?2"), 42P18 (or 42P08): that one becomes text.
 * Returns true when the types changed and a new try may succeed.
 */
static bool
pg_retype(struct pg_stmt *st, const PGresult *res, Oid *types)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *dollar;
	bool changed = false;
	int i, n;

	if (state == NULL)
		return false;
	if (strcmp(state, "42883") == 0 || strcmp(state, "42804") == 0) {
		for (i = 0; i < st->nparams; i++)
			if (types[i] != 0 && types[i] != PG_TEXTOID) {
				types[i] = 0;
				changed = true;
			}
		return changed;
	}
	if ((strcmp(state, "42P18") != 0 && strcmp(state, "42P08") != 0) ||
	    msg == NULL ||
	    (dollar = strrchr(msg, '$')) == NULL)
		return false;
	n = atoi(dollar + 1);
	if (n < 1 || n > st->nparams || types[n - 1] == PG_TEXTOID)
		return false;
	types[n - 1] = PG_TEXTOID;
	return true;
}

/*
 * A statement's prepare and, when values is not NULL, its first run, sent
 * at once (pipeline mode): one round trip instead of two.  Inside a
 * transaction the prepare goes inside a savepoint released before the run
 * (in_tx), since a failed prepare would abort the transaction: still one
 * round trip, not four.  When the prepare fails, what follows it is not
 * run (the pipeline skips it) and the savepoint is left for the caller to
 * roll back to.  Returns the run's answer (*ran true) or the prepare's.
 */
static PGresult *
pg_prepare_send(struct pg_stmt *st, const Oid *types,
    const char *const *values, bool in_tx, bool *ran)
{
	PGconn *c = st->db->conn;
	PGresult *res, *prep = NULL, *run = NULL;
	int n = 0, at_prep, at_run = -1, i;
	bool ok;

	*ran = false;
	if (PQenterPipelineMode(c) != 1)
		return NULL;
	ok = !in_tx || PQsendQueryParams(c, "SAVEPOINT tv_prepare", 0, NULL,
	    NULL, NULL, NULL, 0) == 1;
	n += in_tx;
	at_prep = n++;
	ok = ok && PQsendPrepare(c, st->name, st->pgsql, st->nparams,
	    types) == 1;
	if (in_tx) {
		ok = ok && PQsendQueryParams(c, "RELEASE SAVEPOINT tv_prepare",
		    0, NULL, NULL, NULL, NULL, 0) == 1;
		n++;
	}
	if (values != NULL) {
		ok = ok && PQsendQueryPrepared(c, st->name, st->nparams, values,
		    NULL, NULL, 0) == 1;
		at_run = n++;
	}
	if (!ok) {
		(void)pg_failure(st->db, NULL, "pipeline", st->pgsql);
		if (PQpipelineSync(c) == 1)
			(void)pg_pipe_read(st->db, n, -1, "prepare");
		else
			(void)PQexitPipelineMode(c);
		return NULL;
	}
	if (PQpipelineSync(c) != 1) {
		(void)pg_failure(st->db, NULL, "pipeline sync", st->pgsql);
		(void)PQexitPipelineMode(c);
		return NULL;
	}
	/* Each statement's answer ends with a NULL; the Sync's comes last. */
	for (i = 0; i < n; i++)
		while ((res = PQgetResult(c)) != NULL) {
			if (i == at_prep && prep == NULL)
				prep = res;
			else if (i == at_run && run == NULL)
				run = res;
			else
				PQclear(res);
		}
	while ((res = PQgetResult(c)) != NULL) {
		i = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
		PQclear(res);
		if (i)
			break;
	}
	(void)PQexitPipelineMode(c);
	if (values == NULL || PQresultStatus(prep) != PGRES_COMMAND_OK) {
		PQclear(run);
		return prep;
	}
	PQclear(prep);
	*ran = true;
	return run;
}

/*
 * Prepares st with types, retyping as pg_retype() says, and runs it with
 * values in the same round trip when values is not NULL (pg_prepare_send():
 * *ran says whether the answer is the run's).  A failed prepare inside a
 * transaction is rolled back to its savepoint, which is released.  A
 * private statement is prepared unnamed.
 */
static PGresult *
pg_prepare_typed(struct pg_stmt *st, Oid *types, const char *const *values,
    bool *ran)
{
	struct pg_db *db = st->db;
	PGresult *res;
	bool in_tx;
	int tries;

	in_tx = PQtransactionStatus(db->conn) == PQTRANS_INTRANS;
	for (tries = 0;; tries++) {
		res = pg_prepare_send(st, types, values, in_tx, ran);
		if (res == NULL || *ran ||
		    PQresultStatus(res) == PGRES_COMMAND_OK)
			return res;
		if (tries > st->nparams || !pg_retype(st, res, types))
			break;
		PQclear(res);
		if (in_tx && pg_simple(db, "ROLLBACK TO SAVEPOINT tv_prepare; "
		    "RELEASE SAVEPOINT tv_prepare") != 0)
			return NULL;
	}
	if (in_tx)
		(void)pg_simple(db, "ROLLBACK TO SAVEPOINT tv_prepare; "
		    "RELEASE SAVEPOINT tv_prepare");
	return res;
}

/*
 * The plan check on PostgreSQL (sqlite.c explains the check).  Right after
 * a cached statement is first prepared, its generic plan - the one every
 * later run may use, whatever the values - is asked for with sequential
 * scans switched off: a small test table is read whole by any planner,
 * but with seqscans off a "Seq Scan" remains only where no index can
 * serve.  The settings are local to a transaction or savepoint rolled
 * back at once, so the caller's transaction goes on as it was.
 */
static void
pg_plan_check(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	PGTransactionStatusType ts = PQtransactionStatus(db->conn);
	struct buf q;
	PGresult *res;
	char table[128];
	const char *p, *line;
	size_t n;
	int i, row;

	p = st->sql + strspn(st->sql, " \t\n(");
	if ((ts != PQTRANS_IDLE && ts != PQTRANS_INTRANS) ||
	    (strncasecmp(p, "SELECT", 6) != 0 && strncasecmp(p, "WITH", 4) !=
	    0 && strncasecmp(p, "INSERT", 6) != 0 && strncasecmp(p, "UPDATE",
	    6) != 0 && strncasecmp(p, "DELETE", 6) != 0))
		return;
	if (pg_simple(db, ts == PQTRANS_IDLE ? "BEGIN" :
	    "SAVEPOINT tv_plan") != 0)
		return;
	buf_init(&q);
	buf_printf(&q, "EXPLAIN EXECUTE %s", st->name);
	for (i = 0; i < st->nparams; i++)
		buf_puts(&q, i == 0 ? "(NULL" : ", NULL");
	if (st->nparams > 0)
		buf_putc(&q, ')');
	res = NULL;
	if (pg_simple(db, "SET LOCAL enable_seqscan = off") == 0 &&
	    pg_simple(db, "SET LOCAL plan_cache_mode = force_generic_plan") ==
	    0)
		res = PQexec(db->conn, buf_cstr(&q));
	for (row = 0; res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK &&
	    row < PQntuples(res); row++) {
		line = PQgetvalue(res, row, 0);
		if ((p = strstr(line, "Seq Scan on ")) == NULL)
			continue;
		p += strlen("Seq Scan on ");
		for (n = 0; n < sizeof(table) - 1 && (isalnum((unsigned char)
		    p[n]) || p[n] == '_'); n++)
			table[n] = p[n];
		table[n] = '\0';
		if (n > 0 && !db_plan_small(table))
			db_plan_report(db->plan_check, table, st->sql);
	}
	PQclear(res);
	buf_cleanup(&q);
	if (ts == PQTRANS_IDLE)
		(void)pg_simple(db, "ROLLBACK");
	else if (pg_simple(db, "ROLLBACK TO SAVEPOINT tv_plan") == 0)
		(void)pg_simple(db, "RELEASE SAVEPOINT tv_plan");
}

/* The read snapshot's BEGIN, when it is still to be sent: 0 or -1. */
static int
pg_read_start(struct pg_db *db)
{
	if (!db->read_pending)
		return 0;
	db->read_pending = false;
	return pg_simple(db, PG_READ_BEGIN);
}

/*
 * The first statement of a read snapshot goes in one round trip with its
 * BEGIN (pipeline mode): the answer of the statement, or NULL.  The
 * snapshot is the same either way: REPEATABLE READ takes it at the first
 * statement, not at BEGIN.
 */
static PGresult *
pg_run_first(struct pg_stmt *st, const char *const *values)
{
	struct pg_db *db = st->db;

	if (PQenterPipelineMode(db->conn) != 1 ||
	    PQsendQueryParams(db->conn, PG_READ_BEGIN, 0, NULL, NULL, NULL,
	    NULL, 0) != 1 ||
	    PQsendQueryPrepared(db->conn, st->name, st->nparams, values, NULL,
	    NULL, 0) != 1) {
		(void)pg_failure(db, NULL, "pipeline", st->pgsql);
		if (PQpipelineStatus(db->conn) != PQ_PIPELINE_OFF) {
			(void)PQpipelineSync(db->conn);
			(void)pg_pipe_read(db, 2, -1, "pipeline");
		}
		return NULL;
	}
	return pg_pipe_end(db, 2, 1, "begin");
}

/*
 * A statement of a transaction with deferred writes (db_defer_writes()),
 * prepared already: a write that returns no rows is sent and not waited
 * for (*sent); anything else is sent after the writes still unanswered
 * and their answers are read with its own, one round trip for all.  A
 * failed write makes every statement after it fail, and the commit.
 */
static PGresult *
pg_run_piped(struct pg_stmt *st, const char *const *values, bool *sent)
{
	struct pg_db *db = st->db;
	PGresult *res;
	int n;

	if (db->deferred == 0 && (PQtransactionStatus(db->conn) !=
	    PQTRANS_INTRANS || PQenterPipelineMode(db->conn) != 1))
		return PQexecPrepared(db->conn, st->name, st->nparams, values,
		    NULL, NULL, 0);
	if (PQsendQueryPrepared(db->conn, st->name, st->nparams, values, NULL,
	    NULL, 0) != 1) {
		(void)pg_failure(db, NULL, "pipeline", st->pgsql);
		pg_flush(db);
		if (db->deferred_rc == 0)
			db->deferred_rc = DB_ERROR;
		return NULL;
	}
	if (st->deferrable && db->defer) {
		db->deferred++;
		*sent = true;
		return NULL;
	}
	n = db->deferred + 1;
	db->deferred = 0;
	res = pg_pipe_end(db, n, n - 1, "step");
	if (db->pipe_rc != 0 && db->deferred_rc == 0)
		db->deferred_rc = db->pipe_rc;
	return res;
}

/*
 * Runs the statement: prepared once per connection when cached, and again
 * after 16, 64, 256... runs.  Why: PostgreSQL plans a prepared statement
 * with the values given for its first five runs, then settles on one
 * generic plan and keeps it whatever happens to the tables; only ANALYZE
 * (autovacuum's, a minute later at best) makes it plan again.  A statement
 * prepared while a table was small keeps its sequential scan when a
 * registration rush has grown the table a hundredfold in seconds: in
 * bench/rush/pg.sh the e-mail check of each registration took half a
 * millisecond instead of twenty microseconds.  Prepared again, it is
 * planned for the table's present size, so plans follow the tables within
 * a factor of four of their growth, for one more prepare each time.
 */
static PGresult *
pg_run(struct pg_stmt *st, bool *sent)
{
	const char *values[PG_MAX_PARAMS];
	Oid types[PG_MAX_PARAMS];
	struct pg_db *db = st->db;
	PGresult *res;
	int i;

	for (i = 0; i < st->nparams; i++) {
		struct pg_param *p = &st->params[i];

		values[i] = p->null ? NULL : p->text != NULL ? p->text :
		    p->num;
		types[i] = p->type;
	}
	*sent = false;
	if (st->prepared && st->name[0] != '\0' &&
	    st->runs + 1 < st->replan_at && (db->deferred > 0 ||
	    (db->defer && st->deferrable))) {
		st->runs++;
		return pg_run_piped(st, values, sent);
	}
	pg_drain(db);
	/* A statement ready to run opens the snapshot in its own round trip;
	 * one still to be prepared (which may need a savepoint) after the
	 * BEGIN. */
	if (db->read_pending && st->prepared && st->runs + 1 < st->replan_at) {
		db->read_pending = false;
		st->runs++;
		return pg_run_first(st, values);
	}
	if (pg_read_start(db) != 0)
		return NULL;
	if (st->prepared && ++st->runs >= st->replan_at) {
		char sql[32];

		snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
		if (pg_simple(db, sql) != 0)
			return NULL;
		st->prepared = false;
	}
	if (!st->prepared || st->name[0] == '\0') {
		bool ran;

		/* The plan check looks at the plan before the first run. */
		res = pg_prepare_typed(st, types, db->plan_check == NULL ?
		    values : NULL, &ran);
		if (!ran && (res == NULL ||
		    PQresultStatus(res) != PGRES_COMMAND_OK))
			return res;
		st->prepared = st->name[0] != '\0';
		if (st->prepared && st->replan_at == 0 &&
		    db->plan_check != NULL && db_plan_first(st->sql))
			pg_plan_check(st);
		st->replan_at = st->replan_at == 0 ? PG_REPLAN_FIRST :
		    st->replan_at * 4;
		if (ran)
			return res;
		PQclear(res);
	}
	return PQexecPrepared(db->conn, st->name, st->nparams, values, NULL,
	    NULL, 0);
}

/* An INSERT, UPDATE or DELETE that changed no row (its tag says 0). */
static bool
pg_wrote_nothing(PGresult *res)
{
	const char *tag = PQcmdStatus(res);

	return strcmp(PQcmdTuples(res), "0") == 0 &&
	    (strncmp(tag, "INSERT ", 7) == 0 || strncmp(tag, "UPDATE ", 7) ==
	    0 || strncmp(tag, "DELETE ", 7) == 0);
}

static int
pg_step(struct db_stmt *g)
{
	struct pg_stmt *st = (struct pg_stmt *)g;
	ExecStatusType s;
	const char *n;

	if (st->res == NULL && !st->sent) {
		bool sent;

		st->res = pg_run(st, &sent);
		if (sent) {
			/* Its answer comes later (pg_flush()). */
			st->sent = true;
			st->db->wrote = true;
			st->db->changes = -1;
			st->nrows = 0;
			st->row = -1;
			return DB_DONE;
		}
		s = st->res != NULL ? PQresultStatus(st->res) :
		    PGRES_FATAL_ERROR;
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			int rc = pg_failure(st->db, st->res, "step",
			    st->pgsql);

			PQclear(st->res);
			st->res = NULL;
			return rc;
		}
		n = PQcmdTuples(st->res);
		st->db->changes = n[0] != '\0' ? strtoll(n, NULL, 10) : 0;
		if (!st->select && !pg_wrote_nothing(st->res))
			st->db->wrote = true;
		st->nrows = s == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
		st->row = -1;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	st->row = st->nrows;
	return DB_DONE;
}

static bool
pg_is_bool(struct pg_stmt *st, int col)
{
	return PQftype(st->res, col) == PG_BOOLOID;
}

static bool
pg_has(struct pg_stmt *st, int col)
{
	return st->res != NULL && st->row >= 0 && st->row < st->nrows &&
	    col >= 0 && col < PQnfields(st->res);
}

static const char *
pg_col_text(struct db_stmt *g, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)g;

	if (!pg_has(st, col) || PQgetisnull(st->res, st->row, col))
		return "";
	if (pg_is_bool(st, col))
		return PQgetvalue(st->res, st->row, col)[0] == 't' ? "1" : "0";
	return PQgetvalue(st->res, st->row, col);
}

static size_t
pg_col_len(struct db_stmt *g, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)g;

	if (!pg_has(st, col) || PQgetisnull(st->res, st->row, col))
		return 0;
	if (pg_is_bool(st, col))
		return 1;
	return (size_t)PQgetlength(st->res, st->row, col);
}

/* A numeric result (sum() of integers) reads as its integer part, as a
 * real in SQLite does. */
static int64_t
pg_col_int64(struct db_stmt *g, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)g;
	const char *v;

	if (!pg_has(st, col) || PQgetisnull(st->res, st->row, col))
		return 0;
	v = PQgetvalue(st->res, st->row, col);
	if (pg_is_bool(st, col))
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static bool
pg_col_is_null(struct db_stmt *g, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)g;

	return !pg_has(st, col) || PQgetisnull(st->res, st->row, col);
}

static double
pg_col_double(struct db_stmt *g, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)g;

	if (!pg_has(st, col) || PQgetisnull(st->res, st->row, col))
		return 0;
	if (pg_is_bool(st, col))
		return PQgetvalue(st->res, st->row, col)[0] == 't';
	return strtod(PQgetvalue(st->res, st->row, col), NULL);
}

static enum db_type
pg_col_type(struct db_stmt *g, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)g;

	if (!pg_has(st, col) || PQgetisnull(st->res, st->row, col))
		return DB_TYPE_NULL;
	switch (PQftype(st->res, col)) {
	case PG_BOOLOID:
	case PG_INT8OID:
	case PG_INT2OID:
	case PG_INT4OID:
		return DB_TYPE_INT;
	case PG_FLOAT4OID:
	case PG_FLOAT8OID:
	case PG_NUMERICOID:
		return DB_TYPE_REAL;
	default:
		return DB_TYPE_TEXT;
	}
}

static int
pg_col_count(struct db_stmt *g)
{
	struct pg_stmt *st = (struct pg_stmt *)g;

	return st->res != NULL ? PQnfields(st->res) : 0;
}

static const char *
pg_col_name(struct db_stmt *g, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)g;

	return st->res != NULL && col < PQnfields(st->res) ?
	    PQfname(st->res, col) : "";
}

/* The result and the bound values are dropped: none outlives its use. */
static void
pg_done(struct db_stmt *g)
{
	struct pg_stmt *st = (struct pg_stmt *)g;

	st->db->nout--;
	if (!st->cached) {
		pg_stmt_free(st);
		return;
	}
	pg_stmt_clear(st);
	st->in_use = false;
}

/* Several statements separated by semicolons, as sqlite3_exec() takes. */
static int
pg_exec(struct db *g, const char *sql)
{
	struct pg_db *db = (struct pg_db *)g;

	if (pg_read_start(db) != 0)
		return -1;
	db->wrote = true;
	return pg_simple(db, sql) == 0 ? 0 : -1;
}

static int
pg_begin(struct db *g)
{
	struct pg_db *db = (struct pg_db *)g;

	pg_revive(db);
	pg_drain(db);
	if (PQtransactionStatus(db->conn) != PQTRANS_IDLE ||
	    db->read_pending) {
		log_error("db: begin inside a transaction");
		return -1;
	}
	db->defer = false;
	db->deferred_rc = 0;
	db->wrote = false;
	if (pg_simple(db, "BEGIN ISOLATION LEVEL READ COMMITTED; "
	    PG_WRITE_LOCK) != 0) {
		(void)pg_simple(db, "ROLLBACK");
		return -1;
	}
	return 0;
}

static void
pg_rollback(struct db *g)
{
	struct pg_db *db = (struct pg_db *)g;
	PGTransactionStatusType t;

	db->read_pending = false;
	pg_drain(db);
	db->defer = false;
	db->deferred_rc = 0;
	t = PQtransactionStatus(db->conn);
	/* Nothing open, or the connection is gone (and its transaction with
	 * it: the server rolled it back). */
	if (t == PQTRANS_IDLE || t == PQTRANS_UNKNOWN)
		return;
	(void)pg_simple(db, "ROLLBACK");
}

/*
 * The notification goes out with the commit, in the same round trip, and
 * so do the writes still unanswered (db_defer_writes()).  A failed one
 * fails the commit: a transaction with an error commits as a rollback.
 * A transaction that changed no row sends none: no other server has a
 * page to drop, and the NOTIFY would give the transaction an id, so its
 * commit would be written to the WAL and flushed to disk - for each of the
 * jobs that find nothing to do, at the start and every few seconds.
 */
static int
pg_commit(struct db *g)
{
	struct pg_db *db = (struct pg_db *)g;
	int n = db->deferred, rc;

	db->defer = false;
	if (n > 0) {
		db->deferred = 0;
		if (PQsendQueryParams(db->conn, "NOTIFY " PG_CHANNEL, 0, NULL,
		    NULL, NULL, NULL, 0) == 1 && PQsendQueryParams(db->conn,
		    "COMMIT", 0, NULL, NULL, NULL, NULL, 0) == 1)
			n += 2;
		else
			db->deferred_rc = DB_ERROR;
		(void)pg_pipe_end(db, n, -1, "commit");
		rc = db->pipe_rc;
	} else if (db->deferred_rc == 0)
		rc = pg_simple(db, db->wrote ? "NOTIFY " PG_CHANNEL "; COMMIT" :
		    "COMMIT");
	else
		rc = 0;
	if (rc == 0 && db->deferred_rc == 0 &&
	    PQtransactionStatus(db->conn) == PQTRANS_IDLE)
		return n > 0 || db->wrote ? 1 : 0;
	pg_rollback(g);
	return -1;
}

static void
pg_defer_writes(struct db *g)
{
	((struct pg_db *)g)->defer = true;
}

static int
pg_read_begin(struct db *g)
{
	struct pg_db *db = (struct pg_db *)g;

	pg_revive(db);
	pg_drain(db);
	if (PQtransactionStatus(db->conn) != PQTRANS_IDLE ||
	    db->read_pending) {
		log_error("db: read transaction inside a transaction");
		return -1;
	}
	db->read_pending = true;
	return 0;
}

static void
pg_read_end(struct db *g)
{
	struct pg_db *db = (struct pg_db *)g;

	/* A snapshot no statement used was never begun. */
	if (db->read_pending) {
		db->read_pending = false;
		return;
	}
	pg_drain(db);
	switch (PQtransactionStatus(db->conn)) {
	case PQTRANS_INTRANS:
		/* Nothing to wait for: the answer is read before this
		 * connection's next statement (pg_drain()). */
		if (PQenterPipelineMode(db->conn) == 1 &&
		    PQsendQueryParams(db->conn, "COMMIT", 0, NULL, NULL, NULL,
		    NULL, 0) == 1 && PQpipelineSync(db->conn) == 1) {
			db->commit_unread = true;
			break;
		}
		if (PQpipelineStatus(db->conn) != PQ_PIPELINE_OFF)
			(void)pg_pipe_end(db, 1, -1, "commit");
		if (pg_simple(db, "COMMIT") != 0)
			pg_rollback(g);
		break;
	case PQTRANS_INERROR:
		pg_rollback(g);
		break;
	default:
		break;
	}
}

/* lastval(): the id the last INSERT on this connection generated. */
static int64_t
pg_last_id(struct db *g)
{
	struct pg_db *db = (struct pg_db *)g;
	PGresult *res;
	int64_t id = 0;

	pg_drain(db);
	res = PQexec(db->conn, "SELECT lastval()");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else
		(void)pg_failure(db, res, "last id", "SELECT lastval()");
	PQclear(res);
	return id;
}

static int64_t
pg_changes(struct db *g)
{
	struct pg_db *db = (struct pg_db *)g;

	pg_flush(db);
	return db->changes;
}

static const char *
pg_errmsg(struct db *g)
{
	return ((struct pg_db *)g)->err;
}

static int
pg_backup(struct db *g, const char *dest)
{
	(void)g;
	(void)dest;
	log_error("db: backup of a PostgreSQL database is pg_dump's job "
	    "(see docs/deploy.md)");
	return -1;
}

/*
 * The migration files' SQLite types in PostgreSQL's words.  Only upper-case
 * whole words outside quotes are changed, the convention of the files:
 *	INTEGER PRIMARY KEY	BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY
 *	INTEGER			BIGINT (SQLite integers are 64 bits)
 *	REAL			DOUBLE PRECISION
 *	BLOB			BYTEA
 */
char *
pg_dialect(const char *sql)
{
	static const struct { const char *from, *to; } words[] = {
		{ "INTEGER PRIMARY KEY",
		    "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" },
		{ "INTEGER", "BIGINT" },
		{ "REAL", "DOUBLE PRECISION" },
		{ "BLOB", "BYTEA" },
	};
	const char *p = sql;
	char *out, *o;
	size_t i, n;
	char quote;
	bool word_start;

	/* The longest replacement grows "INTEGER PRIMARY KEY" by 33 bytes,
	 * for at least 20 bytes of input: three times the input is enough. */
	if ((out = malloc(strlen(sql) * 3 + 1)) == NULL) {
		log_error("db: out of memory");
		return NULL;
	}
	o = out;
	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p++;
			while (*p != '\0' && *p != quote)
				*o++ = *p++;
			if (*p != '\0')
				*o++ = *p++;
			continue;
		}
		if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				*o++ = *p++;
			continue;
		}
		word_start = p == sql || !(p[-1] == '_' ||
		    (p[-1] >= 'A' && p[-1] <= 'Z') ||
		    (p[-1] >= 'a' && p[-1] <= 'z') ||
		    (p[-1] >= '0' && p[-1] <= '9'));
		for (i = 0; word_start && i < sizeof(words) / sizeof(words[0]);
		    i++) {
			n = strlen(words[i].from);
			if (strncmp(p, words[i].from, n) == 0 &&
			    !(p[n] == '_' || (p[n] >= 'A' && p[n] <= 'Z') ||
			    (p[n] >= 'a' && p[n] <= 'z') ||
			    (p[n] >= '0' && p[n] <= '9')))
				break;
		}
		if (word_start && i < sizeof(words) / sizeof(words[0])) {
			o = stpcpy(o, words[i].to);
			p += strlen(words[i].from);
		} else
			*o++ = *p++;
	}
	*o = '\0';
	return out;
}

/* Every identity column's sequence continues after the highest id. */
static int
pg_ids_follow(struct db *g)
{
	return pg_exec(g,
	    "DO $$ DECLARE r record; BEGIN "
	    "FOR r IN SELECT table_name, column_name "
	    "FROM information_schema.columns WHERE is_identity = 'YES' "
	    "AND table_schema = current_schema() LOOP "
	    "EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), "
	    "coalesce(max(%I), 0) + 1, false) FROM %I', r.table_name, "
	    "r.column_name, r.column_name, r.table_name); "
	    "END LOOP; END $$");
}

/*
 * Without statistics (a database just loaded, copied or migrated has
 * none until autovacuum's first round, a minute or more later) the
 * planner guesses, and its guesses for the registration table chose
 * scans over the indexes.
 */
static int
pg_analyse(struct db *g)
{
	return pg_exec(g, "ANALYZE");
}

const struct db_ops db_pg_ops = {
	.name = "postgresql",
	.tables_sql = "SELECT table_name FROM information_schema.tables "
	    "WHERE table_schema = current_schema() AND table_type = "
	    "'BASE TABLE' ORDER BY 1",
	.parents_sql = "SELECT DISTINCT ccu.table_name FROM "
	    "information_schema.table_constraints tc JOIN "
	    "information_schema.constraint_column_usage ccu ON "
	    "ccu.constraint_name = tc.constraint_name AND "
	    "ccu.constraint_schema = tc.constraint_schema WHERE "
	    "tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = "
	    "current_schema() AND tc.table_name = ?1 ORDER BY 1",
	/* nextval() is never rolled back: ids taken by a batch that fails
	 * stay unused, as those of any failed insert do. */
	.reserve_ids_sql = "SELECT nextval(pg_get_serial_sequence(?1, 'id')) "
	    "FROM generate_series(1, ?2)",
	.open = pg_open,
	.close = pg_close,
	.prepare = pg_prepare,
	.bind_text = pg_bind_text,
	.bind_int64 = pg_bind_int64,
	.bind_null = pg_bind_null,
	.bind_double = pg_bind_double,
	.step = pg_step,
	.col_text = pg_col_text,
	.col_len = pg_col_len,
	.col_int64 = pg_col_int64,
	.col_is_null = pg_col_is_null,
	.col_double = pg_col_double,
	.col_type = pg_col_type,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.done = pg_done,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.read_begin = pg_read_begin,
	.read_end = pg_read_end,
	.last_id = pg_last_id,
	.changes = pg_changes,
	.errmsg = pg_errmsg,
	.backup = pg_backup,
	.dialect = pg_dialect,
	.ids_follow = pg_ids_follow,
	.analyse = pg_analyse,
	.defer_writes = pg_defer_writes,
};

/*
 * The watcher: one thread with its own connection LISTENing on the write
 * channel.  Each notification, from any server, bumps the generation.  When
 * the connection breaks it bumps once more (writes may have been missed)
 * and reconnects after a pause; meanwhile cached pages still expire after
 * page_cache_ms.
 */
static pthread_t pg_watch_thread;
static _Atomic bool pg_watch_running;
static int pg_watch_pipe[2] = { -1, -1 };
/* Set once the watcher first listens (db_watch_start() waits for it). */
static pthread_mutex_t pg_watch_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pg_watch_cond = PTHREAD_COND_INITIALIZER;
static bool pg_watch_listening;

static PGconn *
pg_watch_connect(const char *target)
{
	PGconn *c;
	PGresult *res;

	c = PQconnectdb(target);
	if (PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		return NULL;
	}
	res = PQexec(c, "LISTEN " PG_CHANNEL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		PQfinish(c);
		return NULL;
	}
	PQclear(res);
	return c;
}

static void *
pg_watch(void *arg)
{
	const char *target = arg;
	PGconn *c = NULL;
	PGnotify *n;
	struct pollfd fds[2];
	char byte;

	while (atomic_load(&pg_watch_running)) {
		if (c == NULL && (c = pg_watch_connect(target)) == NULL) {
			log_warn("db: cannot listen for other servers' "
			    "writes; retrying");
			fds[0].fd = pg_watch_pipe[0];
			fds[0].events = POLLIN;
			(void)poll(fds, 1, 1000);
			continue;
		}
		if (!pg_watch_listening) {
			/* A write committed before the LISTEN was not
			 * heard: what was cached until now is dropped. */
			db_generation_bump();
			pthread_mutex_lock(&pg_watch_mu);
			pg_watch_listening = true;
			pthread_cond_broadcast(&pg_watch_cond);
			pthread_mutex_unlock(&pg_watch_mu);
		}
		fds[0].fd = pg_watch_pipe[0];
		fds[0].events = POLLIN;
		fds[1].fd = PQsocket(c);
		fds[1].events = POLLIN;
		if (poll(fds, 2, 10000) < 0 && errno != EINTR)
			break;
		if (fds[0].revents & POLLIN) {
			if (read(pg_watch_pipe[0], &byte, 1) < 0)
				continue;
			continue;
		}
		if (PQconsumeInput(c) == 0) {
			PQfinish(c);
			c = NULL;
			/* Listening again bumps once more (above). */
			db_generation_bump();
			pthread_mutex_lock(&pg_watch_mu);
			pg_watch_listening = false;
			pthread_mutex_unlock(&pg_watch_mu);
			continue;
		}
		while ((n = PQnotifies(c)) != NULL) {
			db_generation_bump();
			PQfreemem(n);
		}
	}
	PQfinish(c);
	return NULL;
}

#define PG_WATCH_WAIT_S 5

int
db_watch_start(void)
{
	const char *target = db_configured();

	if (target == NULL || !db_is_postgres(target))
		return 0;
	if (pipe(pg_watch_pipe) == -1) {
		log_error("db: pipe: %s", strerror(errno));
		return -1;
	}
	atomic_store(&pg_watch_running, true);
	pg_watch_listening = false;
	if (pthread_create(&pg_watch_thread, NULL, pg_watch,
	    (void *)(uintptr_t)target) != 0) {
		atomic_store(&pg_watch_running, false);
		log_error("db: cannot start the write watcher");
		return -1;
	}
	return 0;
}

/* A database that cannot be reached is not waited for longer than a few
 * seconds: the watcher goes on trying. */
void
db_watch_wait(void)
{
	struct timespec until;

	if (!atomic_load(&pg_watch_running))
		return;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += PG_WATCH_WAIT_S;
	pthread_mutex_lock(&pg_watch_mu);
	while (!pg_watch_listening && pthread_cond_timedwait(&pg_watch_cond,
	    &pg_watch_mu, &until) == 0)
		;
	pthread_mutex_unlock(&pg_watch_mu);
}

void
db_watch_stop(void)
{
	if (!atomic_load(&pg_watch_running))
		return;
	atomic_store(&pg_watch_running, false);
	if (write(pg_watch_pipe[1], "x", 1) < 0)
		log_warn("db: cannot wake the write watcher");
	pthread_join(pg_watch_thread, NULL);
	close(pg_watch_pipe[0]);
	close(pg_watch_pipe[1]);
	pg_watch_pipe[0] = pg_watch_pipe[1] = -1;
}

/*
 * demo.c - the demo network: the municipalities from the reference CSV and
 * the programme, organisations, people and webinar of the seed article
 * (demo/network.sql, embedded at build time); the dimensions of the
 * sparring self-assessment from the reference CSV, demo accounts to sign
 * in with, and the 2021 sparring workspaces (demo/programme.sql); then
 * each module's own demo in turn (events, materials, news, directory,
 * learning, statistics), which writes only its own tables.
 */
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "auth/account.h"
#include "auth/audit.h"
#include "auth/password.h"
#include "auth/session.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/embed.h"
#include "base/time.h"
#include "db/rows.h"
#include "directory/directory.h"
#include "learning/learning.h"
#include "events/events.h"
#include "materials/materials.h"
#include "network/network.h"
#include "news/news.h"
#include "programme/programme.h"
#include "registration/registration.h"
#include "statistics/statistics.h"

/* The demo's year of support encounters (statistics/demo.c). */
#define DEMO_ENCOUNTERS 12000

EMBED_DECLARE(demo_sql);
EMBED_DECLARE(demo_live);

/* Reads a whole file into the arena; NULL if it cannot. */
static char *
demo_read(struct arena *a, const char *path, size_t *len)
{
	struct stat st;
	char *p;
	ssize_t n;
	size_t off = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || st.st_size > 16 * 1024 * 1024) {
		close(fd);
		return NULL;
	}
	p = arena_alloc(a, (size_t)st.st_size + 1);
	while (off < (size_t)st.st_size &&
	    (n = read(fd, p + off, (size_t)st.st_size - off)) > 0)
		off += (size_t)n;
	close(fd);
	p[off] = '\0';
	*len = off;
	return p;
}

/* The accounts of the demo, one per role a visitor would try. */
struct demo_account {
	const char *email;
	const char *name;
	enum role role;
	const char *municipality;	/* municipal coordinator */
	const char *scope;		/* tutor; supporter: the municipality
					   whose first service point is theirs */
	char password[17];
	char hash[PASSWORD_HASH_MAX];
	bool made;
};

static struct demo_account demo_accounts[] = {
	{ "coordinator@example.fi", "Aino Esimerkki", ROLE_COORDINATOR, NULL,
	    NULL, "", "", false },
	{ "tutor.helsinki@example.fi", "Petri Suunta", ROLE_TUTOR, NULL, "611",
	    "", "", false },
	{ "pornainen@example.fi", "Sanna Kuvitelma", ROLE_MUNICIPAL, "611",
	    NULL, "", "", false },
	{ "tuki.pornainen@example.fi", "Maria Neuvoja", ROLE_SUPPORTER, NULL,
	    "611", "", "", false },
	{ "admin@example.fi", "Demo Admin", ROLE_ADMIN, NULL, NULL, "", "",
	    false },
};
#define DEMO_ACCOUNTS (sizeof(demo_accounts) / sizeof(demo_accounts[0]))

/*
 * A random password for each demo account (12 bytes from libsodium, 16
 * characters of base64url) and its hash.  Done before the transaction:
 * argon2id takes a second, and the write lock should not wait for it.
 * 0 or -1.
 */
static int
demo_passwords(void)
{
	unsigned char raw[12];
	size_t i;

	for (i = 0; i < DEMO_ACCOUNTS; i++) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2base64(demo_accounts[i].password,
		    sizeof(demo_accounts[i].password), raw, sizeof(raw),
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		if (password_hash(demo_accounts[i].password,
		    demo_accounts[i].hash) != 0)
			return -1;
		demo_accounts[i].made = false;
	}
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

/* Shows the accounts this run made with their passwords (when show: the
 * only time anyone sees them), then forgets every password. */
static void
demo_show_and_forget(bool show)
{
	size_t i;

	if (show)
		printf("demo accounts:\n");
	for (i = 0; i < DEMO_ACCOUNTS; i++) {
		if (show && demo_accounts[i].made)
			printf("  %-26s password %s  (%s)\n",
			    demo_accounts[i].email, demo_accounts[i].password,
			    role_name(demo_accounts[i].role));
		sodium_memzero(demo_accounts[i].password,
		    sizeof(demo_accounts[i].password));
	}
}

/* Creates demo account d with grant g and its password; an address that
 * is taken already is left as it is.  0 or -1. */
static int
demo_make_account(struct db *db, struct demo_account *d,
    const struct account_grant *g, int64_t now)
{
	int64_t id = account_create(db, d->email, d->name, g, "fi", now);

	if (id <= 0)
		return (int)id;
	if (account_set_password(db, id, d->hash) != 0)
		return -1;
	d->made = true;
	return 0;
}

/* Creates the demo accounts but the supporters in the caller's
 * transaction; an address that is taken already is left as it is.  0 or
 * -1. */
static int
demo_make_accounts(struct db *db, int64_t now)
{
	struct account_grant g;
	int64_t region = network_region_id(db, "uusimaa");
	size_t i;

	if (region <= 0)
		return -1;
	for (i = 0; i < DEMO_ACCOUNTS; i++) {
		struct demo_account *d = &demo_accounts[i];

		/* A supporter keeps a service point: made after the
		 * directory's demo (demo_make_supporters()). */
		if (d->role == ROLE_SUPPORTER)
			continue;
		memset(&g, 0, sizeof(g));
		g.role = d->role;
		g.region_id = d->role == ROLE_ADMIN ? 0 : region;
		g.municipality = d->municipality;
		g.scopes = d->scope ? &d->scope : NULL;
		g.nscopes = d->scope ? 1 : 0;
		if (demo_make_account(db, d, &g, now) != 0)
			return -1;
	}
	return 0;
}

/*
 * The demo's supporters, once the directory's demo points are there: each
 * keeps the first service point (by name) of its municipality.  In the
 * caller's transaction.  0 or -1.
 */
static int
demo_make_supporters(struct db *db, struct arena *a, int64_t region,
    int64_t now)
{
	struct account_grant g;
	struct point_filter pf;
	struct dir_hit *hits;
	const char *point;
	size_t i, n;

	for (i = 0; i < DEMO_ACCOUNTS; i++) {
		struct demo_account *d = &demo_accounts[i];

		if (d->role != ROLE_SUPPORTER)
			continue;
		memset(&pf, 0, sizeof(pf));
		pf.region = region;
		pf.municipality = d->scope;
		if (directory_store_managed(db, a, LANG_FI, &pf, &hits,
		    &n) != 0 || n == 0)
			return -1;
		point = arena_printf(a, "%lld", (long long)hits[0].id);
		memset(&g, 0, sizeof(g));
		g.role = d->role;
		g.region_id = region;
		g.scopes = &point;
		g.nscopes = 1;
		if (demo_make_account(db, d, &g, now) != 0)
			return -1;
	}
	return 0;
}

/* Demo data is there when the region has its network name. */
static int
demo_present(struct db *db, struct arena *a)
{
	struct region_info r;
	int64_t id = network_region_id(db, "uusimaa");
	int rc;

	if (id <= 0)
		return (int)id;
	rc = network_region_by_id(db, a, LANG_FI, id, &r);
	if (rc < 0)
		return -1;
	return rc == 0 && r.network != NULL && r.network[0] != '\0';
}

/* --- the demo's present: demo/live.sql --- */

/* The Helsinki date `days` from the day of `now`, as YYYY-MM-DD into out. */
static int
demo_day(struct arena *a, int64_t now, long days, char out[11])
{
	time_t t = (time_t)now;
	struct tm tm;
	int64_t noon;

	localtime_r(&t, &tm);
	/* From noon, so that a day of 23 or 25 hours lands on the right date. */
	if (time_parse_local(arena_printf(a, "%04d-%02d-%02d 12:00",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), &noon) != 0)
		return -1;
	t = (time_t)(noon + (int64_t)days * 86400);
	localtime_r(&t, &tm);
	return strftime(out, 11, "%Y-%m-%d", &tm) == 10 ? 0 : -1;
}

/*
 * demo/live.sql with its placeholders replaced (see the head of that
 * file): ${Y}, ${W}, ${D+N}, ${T+N HH:MM}, ${NOW}.  NULL with *err on a
 * malformed placeholder, which is a mistake in the file.
 */
static char *
demo_expand(struct arena *a, const char *sql, int64_t now, const char **err)
{
	struct buf out;
	const char *p = sql, *end;
	char day[11], *rest, *copy;
	long n;
	int64_t at;

	buf_init(&out);
	while ((end = strstr(p, "${")) != NULL) {
		buf_append(&out, p, (size_t)(end - p));
		p = end + 2;
		if ((end = strchr(p, '}')) == NULL)
			goto bad;
		if (end - p == 1 && p[0] == 'Y') {
			if (demo_day(a, now, 0, day) != 0)
				goto bad;
			buf_append(&out, day, 4);
		} else if (end - p == 1 && p[0] == 'W') {
			time_t t = (time_t)now;
			struct tm tm;
			char week[16];

			localtime_r(&t, &tm);
			strftime(week, sizeof(week), "%G-W%V", &tm);
			buf_puts(&out, week);
		} else if (end - p == 3 && strncmp(p, "NOW", 3) == 0) {
			buf_printf(&out, "%lld", (long long)now);
		} else if ((p[0] == 'D' || p[0] == 'T') &&
		    (p[1] == '+' || p[1] == '-')) {
			n = strtol(p + 1, &rest, 10);
			if (demo_day(a, now, n, day) != 0)
				goto bad;
			if (p[0] == 'D' && rest == end)
				buf_append(&out, day, 10);
			else if (p[0] == 'T' && *rest == ' ' && end - rest == 6) {
				if (time_parse_local(arena_printf(a, "%s %.5s",
				    day, rest + 1), &at) != 0)
					goto bad;
				buf_printf(&out, "%lld", (long long)at);
			} else
				goto bad;
		} else
			goto bad;
		p = end + 1;
	}
	buf_puts(&out, p);
	copy = arena_strdup(a, buf_cstr(&out));
	buf_cleanup(&out);
	return copy;
bad:
	buf_cleanup(&out);
	*err = "demo/live.sql: a malformed ${placeholder}";
	return NULL;
}

/* Runs demo/live.sql for `now`, in the caller's transaction.  0 or -1. */
static int
demo_live_load(struct db *db, struct arena *a, int64_t now, char *msg,
    size_t msgsize, const char **err)
{
	size_t i;
	char *sql;

	for (i = 0; i < demo_live_len; i++) {
		if ((sql = demo_expand(a, (const char *)demo_live[i].data, now,
		    err)) == NULL)
			return -1;
		if (db_exec(db, sql) != 0) {
			snprintf(msg, msgsize, "demo/%s: %s", demo_live[i].path,
			    db_errmsg(db));
			*err = msg;
			return -1;
		}
	}
	return 0;
}

int
app_demo_load(struct db *db, const char *data_dir, const char **err)
{
	static char msg[512];
	struct arena a;
	char *path, *csv;
	size_t len, i;
	int64_t upcoming;
	int rc = -1;

	*err = NULL;
	arena_init(&a);
	if ((rc = demo_present(db, &a)) != 0) {
		if (rc < 0)
			*err = "cannot read the database";
		goto out;
	}
	rc = -1;
	path = arena_printf(&a, "%s/uusimaa-municipalities.csv", data_dir);
	if ((csv = demo_read(&a, path, &len)) == NULL) {
		snprintf(msg, sizeof(msg), "cannot read %s (set --data to the "
		    "folder of the reference data)", path);
		*err = msg;
		goto out;
	}
	if (demo_passwords() != 0) {
		*err = "out of memory for the demo accounts' passwords";
		goto out;
	}
	if (db_begin(db) != 0) {
		*err = "the database is busy";
		goto out;
	}
	if (network_import_rows(db, &a, csv, len, "uusimaa", err) < 0) {
		snprintf(msg, sizeof(msg), "%s: %s", path, *err);
		*err = msg;
		db_rollback(db);
		goto out;
	}
	path = arena_printf(&a, "%s/sparring-dimensions.csv", data_dir);
	if ((csv = demo_read(&a, path, &len)) == NULL) {
		snprintf(msg, sizeof(msg), "cannot read %s (set --data to the "
		    "folder of the reference data)", path);
		*err = msg;
		db_rollback(db);
		goto out;
	}
	if (programme_dimensions_import(db, &a, csv, len, path, err) < 0) {
		db_rollback(db);
		goto out;
	}
	if (demo_make_accounts(db, time_now()) != 0) {
		*err = "cannot create the demo accounts";
		db_rollback(db);
		goto out;
	}
	for (i = 0; i < demo_sql_len; i++) {
		if (db_exec(db, (const char *)demo_sql[i].data) != 0) {
			snprintf(msg, sizeof(msg), "demo/%s: %s", demo_sql[i].path,
			    db_errmsg(db));
			*err = msg;
			db_rollback(db);
			goto out;
		}
	}
	/* The events first: the materials attach to the webinar. */
	if (events_demo_load(db, &a, time_now(), &upcoming) != 0 ||
	    registration_demo_questions(db, upcoming) != 0) {
		snprintf(msg, sizeof(msg), "the demo events: %s", db_errmsg(db));
		*err = msg;
		db_rollback(db);
		goto out;
	}
	/* The demo webinar's materials (their files go to the store). */
	if (materials_demo_load(db, time_now()) != 0) {
		*err = "cannot add the demo materials (is files_dir writable?)";
		db_rollback(db);
		goto out;
	}
	/* news: the post about the webinar, after the materials it links. */
	if (news_demo_load(db) != 0) {
		snprintf(msg, sizeof(msg), "the demo news post: %s",
		    db_errmsg(db));
		*err = msg;
		db_rollback(db);
		goto out;
	}
	/* directory: service points across Uusimaa. */
	if (directory_demo_load(db, network_region_id(db, "uusimaa"), 150,
	    true, time_now()) != 0) {
		snprintf(msg, sizeof(msg), "the demo service points: %s",
		    db_errmsg(db));
		*err = msg;
		db_rollback(db);
		goto out;
	}
	if (demo_make_supporters(db, &a, network_region_id(db, "uusimaa"),
	    time_now()) != 0) {
		*err = "cannot create the demo supporter";
		db_rollback(db);
		goto out;
	}
	/* learning: the "Digituen perusteet" badge and its awards. */
	if (learning_demo_load(db, network_region_id(db, "uusimaa"),
	    time_now()) != 0) {
		snprintf(msg, sizeof(msg), "the demo badges: %s", db_errmsg(db));
		*err = msg;
		db_rollback(db);
		goto out;
	}
	/* Last, the present: a period under way, events around today. */
	if (demo_live_load(db, &a, time_now(), msg, sizeof(msg), err) != 0) {
		db_rollback(db);
		goto out;
	}
	if (db_commit(db) != 0) {
		*err = "the database could not save the demo data";
		db_rollback(db);
		goto out;
	}
	/* statistics: a year of encounters at the points (its own
	 * transactions, after the points are there). */
	if (stats_demo_load(db, network_region_id(db, "uusimaa"),
	    DEMO_ENCOUNTERS, 16, time_now(), err) != 0)
		goto out;
	rc = 0;
out:
	demo_show_and_forget(rc == 0);
	arena_cleanup(&a);
	return rc;
}

static int
demo_code_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The codes of a region's municipalities in code order, or NULL. */
static const char **
demo_codes(struct db *db, struct arena *a, int64_t region, size_t *n)
{
	struct municipality *m;
	const char **codes;
	size_t i;

	if (network_municipalities(db, a, LANG_FI, region, &m, n) != 0)
		return NULL;
	codes = arena_calloc(a, *n ? *n : 1, sizeof(*codes));
	for (i = 0; i < *n; i++)
		codes[i] = m[i].code;
	qsort(codes, *n, sizeof(*codes), demo_code_cmp);
	return codes;
}

/* The site's region (the first there is): its id, or 0. */
static int64_t
demo_first_region(struct db *db)
{
	struct region_info r;
	struct arena a;
	int64_t id = 0;

	arena_init(&a);
	if (network_region(db, &a, LANG_FI, &r) == 0)
		id = r.id;
	arena_cleanup(&a);
	return id;
}

/* The units of app_demo_scale() (app.h). */
#define SCALE_EVENTS	100
#define SCALE_MATERIALS	100
#define SCALE_NEWS	20
#define SCALE_AUDIT	200
#define SCALE_SERVICE_POINTS	100

int
app_demo_scale(struct db *db, const char *data_dir, long scale,
    const char **err)
{
	struct event_scaled *ev;
	struct account coord;
	struct arena a;
	const char **codes;
	int64_t region, *people, *evids, *mats, now = time_now();
	size_t npeople, ncodes, nev, i;
	uint64_t seed;
	long regs;
	int rc = -1;

	if (scale < 1 || scale > 100000) {
		*err = "--scale takes a whole number from 1 to 100000";
		return -1;
	}
	if (app_demo_load(db, data_dir, err) < 0)
		return -1;
	arena_init(&a);
	nev = (size_t)scale * SCALE_EVENTS;
	/* Every run its own shapes, so a second run adds to the first. */
	seed = (uint64_t)now;
	*err = "the database refused the scale data";
	if (db_begin(db) != 0) {
		*err = "the database is busy";
		goto out;
	}
	if ((region = network_region_id(db, "uusimaa")) <= 0 ||
	    (people = network_person_ids(db, &a, &npeople)) == NULL ||
	    (codes = demo_codes(db, &a, region, &ncodes)) == NULL ||
	    account_by_email(db, &a, demo_accounts[0].email, &coord) != 0 ||
	    events_scale_fill(db, &a, seed, region, people, npeople, codes,
	    ncodes, now, nev, &ev) != 0 ||
	    (regs = registration_scale_fill(db, seed + 10, ev, nev, codes,
	    ncodes, now)) < 0)
		goto fail;
	evids = arena_calloc(&a, nev, sizeof(*evids));
	for (i = 0; i < nev; i++)
		evids[i] = ev[i].id;
	if (materials_scale_fill(db, &a, seed + 20, region, evids, nev, now,
	    (size_t)scale * SCALE_MATERIALS, &mats) != 0 ||
	    news_scale_fill(db, seed + 30, region, coord.id, evids, nev, now,
	    (size_t)scale * SCALE_NEWS) != 0 ||
	    audit_scale_fill(db, seed + 40, coord.id, now,
	    (size_t)scale * SCALE_AUDIT) != 0 ||
	    directory_demo_load(db, region, (int)(scale * SCALE_SERVICE_POINTS),
	    false, now) != 0)
		goto fail;
	if (db_commit(db) != 0)
		goto fail;
	printf("scale %ld: %zu events with agenda and speakers, %ld "
	    "registrations, %ld materials, %ld news posts, %ld audit records, "
	    "%ld service points\n", scale, nev, regs, scale * SCALE_MATERIALS,
	    scale * SCALE_NEWS, scale * SCALE_AUDIT,
	    scale * SCALE_SERVICE_POINTS);
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	arena_cleanup(&a);
	return rc;
}

int
app_demo_service_points(struct db *db, int n, const char **err)
{
	int64_t region;

	*err = NULL;
	if (db_begin(db) != 0) {
		*err = "the database is busy";
		return -1;
	}
	/* The demo's region, or the first there is. */
	region = network_region_id(db, "uusimaa");
	if (region <= 0)
		region = demo_first_region(db);
	if (region <= 0) {
		*err = "no region in the database (run demo first)";
		db_rollback(db);
		return -1;
	}
	if (directory_demo_load(db, region, n, false, time_now()) != 0 ||
	    db_commit(db) != 0) {
		*err = "cannot add the service points (see the log)";
		db_rollback(db);
		return -1;
	}
	return 0;
}

int
app_demo_encounters(struct db *db, long n, const char **err)
{
	int64_t region = network_region_id(db, "uusimaa");

	*err = NULL;
	if (region <= 0)
		region = demo_first_region(db);
	if (region <= 0) {
		*err = "no region in the database (run demo first)";
		return -1;
	}
	/* Every run its own shapes, so a second run adds to the first. */
	return stats_demo_load(db, region, n, (uint64_t)time_now(),
	    time_now(), err);
}

int
app_demo_reset_accounts(struct db *db)
{
	struct account acct;
	struct arena a;
	size_t i;
	int n = 0, rc = -1;

	arena_init(&a);
	if (demo_passwords() != 0 || db_begin(db) != 0)
		goto out;
	for (i = 0; i < DEMO_ACCOUNTS; i++) {
		struct demo_account *d = &demo_accounts[i];
		int found = account_by_email(db, &a, d->email, &acct);

		if (found < 0) {
			db_rollback(db);
			goto out;
		}
		if (found != 0)
			continue;
		if (account_set_password(db, acct.id, d->hash) != 0 ||
		    session_destroy_all(db, acct.id) != 0) {
			db_rollback(db);
			goto out;
		}
		d->made = true;
		n++;
	}
	if (db_commit(db) != 0) {
		db_rollback(db);
		goto out;
	}
	rc = n;
out:
	demo_show_and_forget(rc > 0);
	arena_cleanup(&a);
	return rc;
}

/*
 * demo.c - the demo network: the municipalities from the reference CSV and
 * the programme, organisations, people and webinar of the seed article
 * (demo/network.sql, embedded at build time); the dimensions of the
 * sparring self-assessment from the reference CSV, demo accounts to sign
 * in with, and the 2021 sparring workspaces (demo/programme.sql).
 */
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "auth/account.h"
#include "auth/password.h"
#include "base/arena.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/time.h"
#include "materials/materials.h"
#include "network/network.h"
#include "news/news.h"

EMBED_DECLARE(demo_sql);

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

/*
 * The dimensions of the sparring self-assessment from
 * data_dir/sparring-dimensions.csv (key,label_fi,label_sv,label_en,
 * question_en), in the file's order, inside the caller's transaction.
 * A dimension already there is updated.  The count, or -1 with *err set
 * (in msg).
 */
static int
demo_dimensions(struct db *db, struct arena *a, const char *data_dir,
    char *msg, size_t msgsize, const char **err)
{
	static const char *const header[] = { "key", "label_fi", "label_sv",
	    "label_en", "question_en" };
	struct csv_record rec;
	struct db_stmt *st;
	struct csv c;
	const char *path;
	char *data;
	size_t len, i;
	int rc, n = 0;

	path = arena_printf(a, "%s/sparring-dimensions.csv", data_dir);
	if ((data = demo_read(a, path, &len)) == NULL) {
		snprintf(msg, msgsize, "cannot read %s (set --data to the folder "
		    "of the reference data)", path);
		*err = msg;
		return -1;
	}
	csv_init(&c, a, data, len, ',');
	rc = csv_next(&c, &rec);
	for (i = 0; rc == 1 && i < 5; i++)
		if (rec.nfields != 5 || strcmp(rec.fields[i], header[i]) != 0)
			rc = -1;
	if (rc != 1) {
		snprintf(msg, msgsize, "%s: line 1: the header must be "
		    "key,label_fi,label_sv,label_en,question_en", path);
		*err = msg;
		return -1;
	}
	while ((rc = csv_next(&c, &rec)) == 1) {
		if (rec.nfields != 5 || rec.fields[0][0] == '\0' ||
		    rec.fields[1][0] == '\0') {
			snprintf(msg, msgsize, "%s: line %zu: expected 5 fields "
			    "with a key and a Finnish label", path, rec.line);
			*err = msg;
			return -1;
		}
		st = db_prepare(db, "INSERT INTO dimension (key, position, "
		    "label_fi, label_sv, label_en, question_en) VALUES (?1, ?2, "
		    "?3, ?4, ?5, ?6) ON CONFLICT (key) DO UPDATE SET position = "
		    "excluded.position, label_fi = excluded.label_fi, label_sv = "
		    "excluded.label_sv, label_en = excluded.label_en, "
		    "question_en = excluded.question_en");
		if (st == NULL)
			rc = DB_ERROR;
		else {
			db_bind_cstr(st, 1, rec.fields[0]);
			db_bind_int64(st, 2, ++n);
			for (i = 1; i < 5; i++)
				db_bind_cstr(st, (int)i + 2, rec.fields[i]);
			rc = db_step(st);
			db_done(st);
		}
		if (rc != DB_DONE) {
			snprintf(msg, msgsize, "%s: line %zu: %s", path, rec.line,
			    db_errmsg(db));
			*err = msg;
			return -1;
		}
	}
	if (rc < 0) {
		snprintf(msg, msgsize, "%s: line %zu: not valid CSV", path,
		    c.line);
		*err = msg;
		return -1;
	}
	return n;
}

/* The accounts of the demo, one per role a visitor would try. */
struct demo_account {
	const char *email;
	const char *name;
	enum role role;
	const char *municipality;	/* municipal coordinator */
	const char *scope;		/* tutor */
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

/* Creates the demo accounts in the caller's transaction; an address that
 * is taken already is left as it is.  0 or -1. */
static int
demo_make_accounts(struct db *db, int64_t now)
{
	struct account_grant g;
	int64_t region = network_region_id(db, "uusimaa"), id;
	size_t i;

	if (region <= 0)
		return -1;
	for (i = 0; i < DEMO_ACCOUNTS; i++) {
		struct demo_account *d = &demo_accounts[i];

		memset(&g, 0, sizeof(g));
		g.role = d->role;
		g.region_id = d->role == ROLE_ADMIN ? 0 : region;
		g.municipality = d->municipality;
		g.scopes = d->scope ? &d->scope : NULL;
		g.nscopes = d->scope ? 1 : 0;
		id = account_create(db, d->email, d->name, &g, "fi", now);
		if (id < 0)
			return -1;
		if (id == 0)
			continue;
		if (account_set_password(db, id, d->hash) != 0)
			return -1;
		d->made = true;
	}
	return 0;
}

/* Demo data is there when the region has its network name. */
static int
demo_present(struct db *db)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT 1 FROM region WHERE code = 'uusimaa' AND "
	    "network_fi <> ''");
	if (st == NULL)
		return -1;
	rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int
app_demo_load(struct db *db, const char *data_dir, const char **err)
{
	static char msg[512];
	struct arena a;
	char *path, *csv;
	size_t len, i;
	int rc = -1;

	*err = NULL;
	if ((rc = demo_present(db)) != 0) {
		if (rc < 0)
			*err = "cannot read the database";
		return rc;
	}
	rc = -1;
	arena_init(&a);
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
	if (demo_dimensions(db, &a, data_dir, msg, sizeof(msg), err) < 0) {
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
	if (db_commit(db) != 0) {
		*err = "the database could not save the demo data";
		db_rollback(db);
		goto out;
	}
	printf("demo accounts:\n");
	for (i = 0; i < DEMO_ACCOUNTS; i++)
		if (demo_accounts[i].made)
			printf("  %-26s password %s  (%s)\n",
			    demo_accounts[i].email, demo_accounts[i].password,
			    role_name(demo_accounts[i].role));
	rc = 0;
out:
	for (i = 0; i < DEMO_ACCOUNTS; i++)
		sodium_memzero(demo_accounts[i].password,
		    sizeof(demo_accounts[i].password));
	arena_cleanup(&a);
	return rc;
}

/*
 * test_network.c - importing municipalities from CSV and reading them back,
 * against a real SQLite file under mkdtemp().
 *
 * The real list (data/uusimaa-municipalities.csv, path in
 * $TV_MUNICIPALITIES_CSV) drives the import and order tests.  When it is
 * missing those tests say why and are skipped, and the program exits 77 so
 * that meson reports SKIP instead of a silent pass.  The bad-file tests use
 * small inline files and always run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"
#include "db/db.h"
#include "db/rows.h"
#include "tempdb.h"
#include "network/network.h"

static int real_missing;	/* the real file could not be read */

struct fixture {
	char dir[64];
	char path[96];
	struct db *db;
	struct arena a;
	int64_t region;		/* after load_real() */
	char *before, *after;	/* snapshots, freed in teardown */
};

static int
setup(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));

	if (x == NULL)
		return -1;
	if (tempdb_open("network", x->dir, x->path, &x->db) != 0) {
		free(x);
		return -1;
	}
	arena_init(&x->a);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *x = *state;

	free(x->before);
	free(x->after);
	arena_cleanup(&x->a);
	tempdb_close(x->dir, x->db);
	free(x);
	return 0;
}

static const char *
real_path(void)
{
	const char *p = getenv("TV_MUNICIPALITIES_CSV");

	return p != NULL && *p != '\0' ? p :
	    "data/uusimaa-municipalities.csv";
}

/* Reads the whole file into b; -1 with errno set when it cannot. */
static int
read_file(const char *path, struct buf *b)
{
	char tmp[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return -1;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_append(b, tmp, n);
	if (ferror(f)) {
		fclose(f);
		errno = EIO;
		return -1;
	}
	fclose(f);
	return 0;
}

static int
import(struct fixture *x, const char *csv, const char **err)
{
	*err = NULL;
	return network_import_municipalities(x->db, &x->a, csv, strlen(csv),
	    "uusimaa", err);
}

static int64_t
count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t n;

	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	n = db_col_int64(st, 0);
	db_done(st);
	return n;
}

static int64_t
region_id(struct db *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM region WHERE "
	    "code = ?1");
	int64_t id = -1;

	assert_non_null(st);
	db_bind_cstr(st, 1, code);
	if (db_step(st) == DB_ROW)
		id = db_col_int64(st, 0);
	db_done(st);
	return id;
}

/* Imports the real file, or skips the calling test saying why. */
static void
load_real(struct fixture *x)
{
	const char *err, *path = real_path();
	struct buf b;
	int n;

	buf_init(&b);
	if (read_file(path, &b) != 0) {
		print_message("SKIP: cannot read the municipality list %s: %s\n",
		    path, strerror(errno));
		buf_cleanup(&b);
		real_missing = 1;
		skip();
	}
	n = network_import_municipalities(x->db, &x->a, buf_cstr(&b), b.len,
	    "uusimaa", &err);
	buf_cleanup(&b);
	if (n < 0)
		fail_msg("import of %s failed: %s", path, err);
	assert_int_equal(n, 26);
	x->region = region_id(x->db, "uusimaa");
	assert_true(x->region > 0);
}

/* Every municipality and region row as text, to compare before/after. */
static char *
snapshot(struct db *db)
{
	struct db_stmt *st;
	struct buf b;
	size_t len;
	int rc;

	buf_init(&b);
	st = db_prepare(db, "SELECT code, region_id, name_fi, name_sv, name_en, "
	    "language_status, quote(centre_lat), quote(centre_lon) FROM "
	    "municipality ORDER BY code");
	assert_non_null(st);
	while ((rc = db_step(st)) == DB_ROW) {
		int i;

		for (i = 0; i < 8; i++)
			buf_printf(&b, "%s|", db_col_text(st, i));
		buf_putc(&b, '\n');
	}
	db_done(st);
	assert_int_equal(rc, DB_DONE);
	st = db_prepare(db, "SELECT id, code, name_fi FROM region ORDER BY id");
	assert_non_null(st);
	while ((rc = db_step(st)) == DB_ROW)
		buf_printf(&b, "region %s|%s|%s\n", db_col_text(st, 0),
		    db_col_text(st, 1), db_col_text(st, 2));
	db_done(st);
	assert_int_equal(rc, DB_DONE);
	return buf_steal(&b, &len);
}

#define HEADER "code,name_fi,name_sv,language_status,centre_lat,centre_lon\n"

/* A small base set for the bad-file tests. */
static const char base_csv[] = HEADER
	"018,Askola,Askola,fi,60.5297,25.6000\n"
	"091,Helsinki,Helsingfors,fi+sv,60.1699,24.9384\n"
	"710,Raasepori,Raseborg,sv+fi,59.9747,23.4361\n";

/* Imports bad, expects -1 with exactly msg and the tables untouched. */
static void
expect_refused(struct fixture *x, const char *bad, size_t len,
    const char *msg)
{
	const char *err = NULL;

	free(x->before);
	free(x->after);
	x->after = NULL;
	x->before = snapshot(x->db);
	if (network_import_municipalities(x->db, &x->a, bad, len, "uusimaa",
	    &err) != -1)
		fail_msg("accepted:\n%s", bad);
	assert_non_null(err);
	assert_string_equal(err, msg);
	x->after = snapshot(x->db);
	assert_string_equal(x->before, x->after);
	/* No transaction left open. */
	assert_int_equal(db_begin(x->db), 0);
	db_rollback(x->db);
}

#define REFUSED(x, lit, msg) expect_refused((x), (lit), sizeof(lit) - 1, (msg))

static void
load_base(struct fixture *x)
{
	const char *err;

	if (import(x, base_csv, &err) != 3)
		fail_msg("base import failed: %s", err ? err : "?");
}

/* --- the real file ----------------------------------------------------- */

static void
test_import_real(void **state)
{
	struct fixture *x = *state;
	struct db_stmt *st;

	load_real(x);
	assert_int_equal(count(x->db, "SELECT count(*) FROM municipality"), 26);
	assert_int_equal(count(x->db, "SELECT count(*) FROM region"), 1);
	assert_int_equal(count(x->db, "SELECT count(*) FROM municipality "
	    "WHERE centre_lat IS NULL OR centre_lon IS NULL"), 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM municipality "
	    "WHERE language_status = 'fi'"), 11);
	assert_int_equal(count(x->db, "SELECT count(*) FROM municipality "
	    "WHERE language_status = 'sv+fi'"), 2);

	st = db_prepare(x->db, "SELECT name_fi, name_sv, language_status, "
	    "centre_lat, centre_lon, name_en FROM municipality WHERE code = ?1");
	assert_non_null(st);
	db_bind_cstr(st, 1, "018");	/* the leading zero survives */
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "Askola");
	assert_string_equal(db_col_text(st, 1), "Askola");
	assert_string_equal(db_col_text(st, 2), "fi");
	assert_true(db_col_double(st, 3) == 60.5297);
	assert_true(db_col_double(st, 4) == 25.6);
	assert_string_equal(db_col_text(st, 5), "");
	db_done(st);
	st = db_prepare(x->db, "SELECT name_fi, name_sv, language_status, "
	    "centre_lat, centre_lon, name_en FROM municipality WHERE code = ?1");
	db_bind_cstr(st, 1, "710");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "Raasepori");
	assert_string_equal(db_col_text(st, 1), "Raseborg");
	assert_string_equal(db_col_text(st, 2), "sv+fi");
	assert_true(db_col_double(st, 3) == 59.9747);
	db_done(st);

	/* The same file again changes nothing and creates no second region. */
	x->before = snapshot(x->db);
	load_real(x);
	x->after = snapshot(x->db);
	assert_string_equal(x->before, x->after);
}

static const char *const order_fi[26] = {
	"Askola", "Espoo", "Hanko", "Helsinki", "Hyvinkää", "Inkoo",
	"Järvenpää", "Karkkila", "Kauniainen", "Kerava", "Kirkkonummi",
	"Lapinjärvi", "Lohja", "Loviisa", "Myrskylä", "Mäntsälä",
	"Nurmijärvi", "Pornainen", "Porvoo", "Pukkila", "Raasepori", "Sipoo",
	"Siuntio", "Tuusula", "Vantaa", "Vihti",
};

static const char *const order_sv[26] = {
	"Askola", "Borgnäs", "Borgå", "Esbo", "Grankulla", "Hangö",
	"Helsingfors", "Hyvinge", "Högfors", "Ingå", "Kervo", "Kyrkslätt",
	"Lappträsk", "Lojo", "Lovisa", "Mäntsälä", "Mörskom", "Nurmijärvi",
	"Pukkila", "Raseborg", "Sibbo", "Sjundeå", "Träskända", "Tusby",
	"Vanda", "Vichtis",
};

/* English uses the Finnish name, but the Swedish one for municipalities
 * with a Swedish majority (Ingå, Raseborg). */
static const char *const order_en[26] = {
	"Askola", "Espoo", "Hanko", "Helsinki", "Hyvinkää", "Ingå",
	"Järvenpää", "Karkkila", "Kauniainen", "Kerava", "Kirkkonummi",
	"Lapinjärvi", "Lohja", "Loviisa", "Myrskylä", "Mäntsälä",
	"Nurmijärvi", "Pornainen", "Porvoo", "Pukkila", "Raseborg", "Sipoo",
	"Siuntio", "Tuusula", "Vantaa", "Vihti",
};

static const struct municipality *
find(const struct municipality *m, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(m[i].code, code) == 0)
			return &m[i];
	fail_msg("code %s not in the list", code);
	return NULL;
}

static void
check_order(struct fixture *x, enum lang l, const char *const want[26])
{
	struct municipality *m;
	size_t n, i;

	assert_int_equal(network_municipalities(x->db, &x->a, l, x->region, &m,
	    &n), 0);
	assert_int_equal(n, 26);
	for (i = 0; i < n; i++) {
		if (strcmp(m[i].name, want[i]) != 0)
			fail_msg("%s: position %zu is %s, want %s",
			    lang_code(l), i, m[i].name, want[i]);
		assert_int_equal(m[i].region_id, x->region);
		assert_string_equal(m[i].region, "uusimaa");
	}
}

static void
test_order_fi(void **state)
{
	struct fixture *x = *state;
	const struct municipality *r;
	struct municipality *m;
	size_t n;

	load_real(x);
	check_order(x, LANG_FI, order_fi);
	assert_int_equal(network_municipalities(x->db, &x->a, LANG_FI,
	    x->region, &m, &n), 0);
	r = find(m, n, "710");
	assert_string_equal(r->name, "Raasepori");
	assert_string_equal(r->other_name, "Raseborg");
	assert_int_equal(r->other_lang, LANG_SV);
	assert_int_equal(r->language_status, MUNI_SV_FI);
	r = find(m, n, "018");
	assert_string_equal(r->name, "Askola");
	assert_null(r->other_name);	/* same in both languages */
	r = find(m, n, "186");
	assert_string_equal(r->name, "Järvenpää");
	assert_string_equal(r->other_name, "Träskända");
}

static void
test_order_sv(void **state)
{
	struct fixture *x = *state;
	const struct municipality *r;
	struct municipality *m;
	size_t n;

	load_real(x);
	check_order(x, LANG_SV, order_sv);
	assert_int_equal(network_municipalities(x->db, &x->a, LANG_SV,
	    x->region, &m, &n), 0);
	r = find(m, n, "710");
	assert_string_equal(r->name, "Raseborg");
	assert_string_equal(r->other_name, "Raasepori");
	assert_int_equal(r->other_lang, LANG_FI);
	r = find(m, n, "505");
	assert_string_equal(r->name, "Mäntsälä");
	assert_null(r->other_name);
}

static void
test_order_en(void **state)
{
	struct fixture *x = *state;
	const struct municipality *r;
	struct municipality *m;
	size_t n;

	load_real(x);
	check_order(x, LANG_EN, order_en);
	assert_int_equal(network_municipalities(x->db, &x->a, LANG_EN,
	    x->region, &m, &n), 0);
	r = find(m, n, "710");
	assert_string_equal(r->name, "Raseborg");
	assert_string_equal(r->other_name, "Raasepori");
	assert_int_equal(r->other_lang, LANG_FI);
	r = find(m, n, "049");
	assert_string_equal(r->name, "Espoo");
	assert_string_equal(r->other_name, "Esbo");
	assert_int_equal(r->other_lang, LANG_SV);
}

/*
 * A region without municipalities is an empty list.  Under UBSan (which
 * meson.build makes fatal) this also catches qsort(NULL, 0, ...): glibc
 * declares qsort's base nonnull, and C11 7.1.4 wants a valid pointer even
 * for zero items.
 */
/* A set reads a region once and finds codes only in the region asked. */
static void
test_municipality_set(void **state)
{
	struct fixture *x = *state;
	struct municipality_set ms;
	const struct municipality *m;
	struct region_info ri;
	size_t n;

	load_real(x);
	memset(&ms, 0, sizeof(ms));
	assert_int_equal(network_set_add_region(x->db, &x->a, LANG_SV, &ms,
	    x->region), 0);
	n = ms.n;
	assert_true(n > 20);
	assert_int_equal(network_set_add_region(x->db, &x->a, LANG_SV, &ms,
	    x->region), 0);
	assert_int_equal(ms.n, n);	/* read once */
	m = network_set_find(&ms, "710", x->region);
	assert_non_null(m);
	assert_string_equal(m->name, "Raseborg");
	assert_null(network_set_find(&ms, "710", x->region + 1));
	assert_null(network_set_find(&ms, "999", x->region));
	assert_null(network_set_find(&ms, NULL, x->region));

	assert_int_equal(network_region_by_id(x->db, &x->a, LANG_FI,
	    x->region, &ri), 0);
	assert_int_equal(ri.id, x->region);
	assert_int_equal(network_region_by_id(x->db, &x->a, LANG_FI,
	    x->region + 1000, &ri), DB_MISSING);
	assert_int_equal(network_region_by_id(x->db, &x->a, LANG_FI, 0, &ri),
	    DB_MISSING);
}

static void
test_other_region_empty(void **state)
{
	struct fixture *x = *state;
	struct municipality *m = (struct municipality *)1;
	size_t n = 99;

	load_real(x);
	assert_int_equal(network_municipalities(x->db, &x->a, LANG_FI,
	    x->region + 1000, &m, &n), 0);
	assert_int_equal(n, 0);
}

static void
test_municipality(void **state)
{
	struct fixture *x = *state;
	struct municipality m;

	load_real(x);
	assert_int_equal(network_municipality(x->db, &x->a, LANG_SV, "710", &m),
	    0);
	assert_string_equal(m.code, "710");
	assert_string_equal(m.name, "Raseborg");
	assert_string_equal(m.other_name, "Raasepori");
	assert_int_equal(m.language_status, MUNI_SV_FI);
	assert_int_equal(m.region_id, x->region);
	assert_string_equal(m.support, "");
	assert_int_equal(network_municipality(x->db, &x->a, LANG_FI, "710", &m),
	    0);
	assert_string_equal(m.name, "Raasepori");
	assert_int_equal(network_municipality(x->db, &x->a, LANG_EN, "091", &m),
	    0);
	assert_string_equal(m.name, "Helsinki");
	assert_string_equal(m.other_name, "Helsingfors");
	assert_int_equal(network_municipality(x->db, &x->a, LANG_FI, "018", &m),
	    0);
	assert_string_equal(m.code, "018");

	assert_int_equal(network_municipality(x->db, &x->a, LANG_FI, "999", &m),
	    1);
	assert_int_equal(network_municipality(x->db, &x->a, LANG_FI, "18", &m),
	    1);
	assert_int_equal(network_municipality(x->db, &x->a, LANG_FI, "", &m), 1);
	assert_int_equal(network_municipality(x->db, &x->a, LANG_FI,
	    "018' OR '1'='1", &m), 1);
}

static void
test_reimport_updates(void **state)
{
	struct fixture *x = *state;
	struct municipality m;
	const char *err;

	load_real(x);
	assert_int_equal(import(x, "code,name_fi,name_sv,language_status\n"
	    "091,Helsingin kaupunki,Helsingfors stad,fi+sv\n"
	    "710,Raasepori,Raseborg stad,sv+fi\n", &err), 2);
	assert_int_equal(count(x->db, "SELECT count(*) FROM municipality"), 26);
	assert_int_equal(network_municipality(x->db, &x->a, LANG_FI, "091", &m),
	    0);
	assert_string_equal(m.name, "Helsingin kaupunki");
	assert_string_equal(m.other_name, "Helsingfors stad");
	assert_int_equal(network_municipality(x->db, &x->a, LANG_SV, "710", &m),
	    0);
	assert_string_equal(m.name, "Raseborg stad");
	/* Others untouched. */
	assert_int_equal(network_municipality(x->db, &x->a, LANG_SV, "049", &m),
	    0);
	assert_string_equal(m.name, "Esbo");
}

/* --- bad files (inline data, always run) -------------------------------- */

static void
test_base_import(void **state)
{
	struct fixture *x = *state;
	const char *err;

	load_base(x);
	assert_int_equal(count(x->db, "SELECT count(*) FROM municipality"), 3);
	/* Columns in another order, without coordinates, CRLF and a BOM. */
	assert_int_equal(import(x, "\xEF\xBB\xBF" "language_status,name_sv,code,"
	    "name_fi\r\nfi,Borgnäs,611,Pornainen\r\n", &err), 1);
	assert_int_equal(count(x->db, "SELECT count(*) FROM municipality WHERE "
	    "code = '611' AND name_sv = 'Borgnäs' AND name_fi = 'Pornainen' "
	    "AND language_status = 'fi' AND centre_lat IS NULL"), 1);
	/* A header alone imports nothing and is not an error. */
	assert_int_equal(import(x, HEADER, &err), 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM municipality"), 4);
	/* Edge coordinates are fine; empty ones are unknown. */
	assert_int_equal(import(x, HEADER "001,A,A,fi,-90,180\n"
	    "002,B,B,sv,90,-180\n003,C,C,fi,,\n", &err), 3);
	assert_int_equal(count(x->db, "SELECT count(*) FROM municipality WHERE "
	    "code = '003' AND centre_lat IS NULL AND centre_lon IS NULL"), 1);
}

static void
test_bad_header(void **state)
{
	struct fixture *x = *state;

	load_base(x);
	REFUSED(x, "code,name_fi,language_status\n018,Askola,fi\n",
	    "line 1: the header has no column \"name_sv\"");
	REFUSED(x, "name_fi,name_sv,language_status\nAskola,Askola,fi\n",
	    "line 1: the header has no column \"code\"");
	REFUSED(x, "code,name_fi,name_sv,status\n018,Askola,Askola,fi\n",
	    "line 1: the header has no column \"language_status\"");
	REFUSED(x, "Code,name_fi,name_sv,language_status\n",
	    "line 1: the header has no column \"code\"");
	REFUSED(x, "", "the file is empty");
	REFUSED(x, "\n\n", "the file is empty");
}

static void
test_bad_code(void **state)
{
	struct fixture *x = *state;

	load_base(x);
	/* Line 2 is fine (and would update Helsinki): all or nothing. */
	REFUSED(x, HEADER "091,Helsinki X,Helsingfors X,fi+sv,,\n"
	    "18,Askola,Askola,fi,,\n",
	    "line 3: the code must be three digits (e.g. 018)");
	REFUSED(x, HEADER "0180,Askola,Askola,fi,,\n",
	    "line 2: the code must be three digits (e.g. 018)");
	REFUSED(x, HEADER "01a,Askola,Askola,fi,,\n",
	    "line 2: the code must be three digits (e.g. 018)");
	REFUSED(x, HEADER ",Askola,Askola,fi,,\n",
	    "line 2: the code must be three digits (e.g. 018)");
	REFUSED(x, HEADER " 18,Askola,Askola,fi,,\n",
	    "line 2: the code must be three digits (e.g. 018)");
}

static void
test_bad_status(void **state)
{
	struct fixture *x = *state;
	const char *msg = "language_status must be fi, sv, fi+sv or sv+fi";
	char want[128];

	load_base(x);
	snprintf(want, sizeof(want), "line 4: %s", msg);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,,\n092,Vantaa,Vanda,fi+sv,,\n"
	    "245,Kerava,Kervo,sv-fi,,\n", want);
	snprintf(want, sizeof(want), "line 2: %s", msg);
	REFUSED(x, HEADER "245,Kerava,Kervo,FI,,\n", want);
	REFUSED(x, HEADER "245,Kerava,Kervo,,,\n", want);
	REFUSED(x, HEADER "245,Kerava,Kervo,fi+en,,\n", want);
	REFUSED(x, HEADER "245,Kerava,Kervo, fi,,\n", want);
}

static void
test_bad_coordinates(void **state)
{
	struct fixture *x = *state;
	const char *lat = "line 3: centre_lat must be a latitude in degrees";
	const char *lon = "line 3: centre_lon must be a longitude in degrees";

	load_base(x);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,60.1,25.1\n245,Kerava,Kervo,fi,91,25\n",
	    lat);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,60.1,25.1\n245,Kerava,Kervo,fi,-90.5,25\n",
	    lat);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,60.1,25.1\n245,Kerava,Kervo,fi,abc,25\n",
	    lat);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,60.1,25.1\n245,Kerava,Kervo,fi,60.4x,25\n",
	    lat);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,60.1,25.1\n245,Kerava,Kervo,fi,nan,25\n",
	    lat);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,60.1,25.1\n245,Kerava,Kervo,fi,inf,25\n",
	    lat);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,60.1,25.1\n245,Kerava,Kervo,fi,1e999,25\n",
	    lat);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,60.1,25.1\n245,Kerava,Kervo,fi,60,181\n",
	    lon);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,60.1,25.1\n245,Kerava,Kervo,fi,60,25;\n",
	    lon);
}

static void
test_bad_names(void **state)
{
	struct fixture *x = *state;
	const char *err;
	char big[400];

	load_base(x);
	REFUSED(x, HEADER "245,,Kervo,fi,,\n",
	    "line 2: name_fi is empty or too long");
	REFUSED(x, HEADER "245,Kerava,,fi,,\n",
	    "line 2: name_sv is empty or too long");
	/* A short row: the missing fields are empty. */
	REFUSED(x, HEADER "245,Kerava\n",
	    "line 2: name_sv is empty or too long");
	/* A control character is not text. */
	REFUSED(x, HEADER "245,Ker\x01" "ava,Kervo,fi,,\n",
	    "line 2: the file is not UTF-8 text (or holds control characters)");
	/* 100 bytes are fine, 101 are not. */
	snprintf(big, sizeof(big), HEADER "245,%0100d,Kervo,fi,,\n", 0);
	assert_int_equal(import(x, big, &err), 1);
	snprintf(big, sizeof(big), HEADER "245,%0101d,Kervo,fi,,\n", 0);
	expect_refused(x, big, strlen(big),
	    "line 2: name_fi is empty or too long");
}

static void
test_bad_quotes(void **state)
{
	struct fixture *x = *state;
	const char *msg4 = "line 4: broken CSV (check the quotes)";

	load_base(x);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,,\n092,Vantaa,Vanda,fi+sv,,\n"
	    "245,\"Kerava,Kervo,fi,,\n", msg4);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,,\n092,Vantaa,Vanda,fi+sv,,\n"
	    "245,\"Kerava\"x,Kervo,fi,,\n", msg4);
	REFUSED(x, HEADER "999,Uusi,Ny,fi,,\n092,Vantaa,Vanda,fi+sv,,\n"
	    "245,Ker\"ava,Kervo,fi,,\n", msg4);
	/* Quoted fields with doubled quotes are fine. */
	{
		const char *err;

		assert_int_equal(import(x, HEADER "\"245\",\"Kerava\",\"Ker\"\"vo\","
		    "fi,,\n", &err), 1);
		assert_int_equal(count(x->db, "SELECT count(*) FROM municipality "
		    "WHERE code = '245' AND name_sv = 'Ker\"vo'"), 1);
	}
}

/* Blank lines and quoted line breaks count in the line numbers. */
static void
test_error_line_numbers(void **state)
{
	struct fixture *x = *state;

	load_base(x);
	REFUSED(x, HEADER "\n"
	    "092,Vantaa,Vanda,fi+sv,,\n"
	    "\r\n"
	    "235,\"Kauniainen\",\"Grank\nulla\",fi+sv,,\n"
	    "18,Askola,Askola,fi,,\n",
	    "line 7: the code must be three digits (e.g. 018)");
}

static void
test_bad_utf8(void **state)
{
	struct fixture *x = *state;

	load_base(x);
	/* "Hangö" in Latin-1, as an old spreadsheet might save it. */
	REFUSED(x, HEADER "092,Vantaa,Vanda,fi+sv,,\n078,Hanko,Hang\xf6,fi+sv,,\n",
	    "line 3: the file is not UTF-8 text (or holds control characters)");
	REFUSED(x, HEADER "078,Hanko,Hang\xc3,fi+sv,,\n",
	    "line 2: the file is not UTF-8 text (or holds control characters)");
}

/*
 * A NUL byte inside a name must be refused like any control character
 * (the CSV reader makes C strings, which would cut the name short).
 */
static void
test_nul_in_name(void **state)
{
	struct fixture *x = *state;

	load_base(x);
	REFUSED(x, HEADER "078,Hanko,Hang\0o,fi+sv,,\n",
	    "line 2: the file is not UTF-8 text (or holds control characters)");
}

/* A header with a broken quote is broken CSV on line 1, not an empty
 * file. */
static void
test_bad_header_quotes(void **state)
{
	struct fixture *x = *state;

	load_base(x);
	REFUSED(x, "\"code,name_fi,name_sv,language_status\n018,A,A,fi\n",
	    "line 1: broken CSV (check the quotes)");
}

/* Too many fields in a row is a CSV error too. */
static void
test_too_many_fields(void **state)
{
	struct fixture *x = *state;
	struct buf b;
	int i;

	load_base(x);
	buf_init(&b);
	buf_puts(&b, HEADER "092,Vantaa,Vanda,fi+sv,,\n245,Kerava,Kervo,fi");
	for (i = 0; i < 70; i++)
		buf_puts(&b, ",");
	buf_puts(&b, "\n");
	expect_refused(x, buf_cstr(&b), b.len,
	    "line 3: broken CSV (check the quotes)");
	buf_cleanup(&b);
}

/* On an empty database a failed import leaves no region behind either. */
static void
test_nothing_on_fresh_db(void **state)
{
	struct fixture *x = *state;
	const char *err;

	REFUSED(x, HEADER "018,Askola,Askola,fi,,\n18,X,X,fi,,\n",
	    "line 3: the code must be three digits (e.g. 018)");
	assert_int_equal(count(x->db, "SELECT count(*) FROM region"), 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM municipality"), 0);
	/* The region is created by a good import, named after its code. */
	assert_int_equal(import(x, HEADER "018,Askola,Askola,fi,,\n", &err), 1);
	assert_int_equal(count(x->db, "SELECT count(*) FROM region WHERE "
	    "code = 'uusimaa' AND name_fi = 'uusimaa'"), 1);
}

static void
test_status_labels(void **state)
{
	/* Lower case in Finnish and Swedish, after "Kieli:" / "Språk:"
	 * (#12 item 12). */
	enum muni_language s;

	(void)state;
	assert_string_equal(network_language_status_label(LANG_FI, MUNI_FI),
	    "suomenkielinen");
	assert_string_equal(network_language_status_label(LANG_SV, MUNI_FI),
	    "finskspråkig");
	assert_string_equal(network_language_status_label(LANG_EN, MUNI_FI),
	    "Finnish-speaking");
	assert_string_equal(network_language_status_label(LANG_FI, MUNI_SV),
	    "ruotsinkielinen");
	assert_string_equal(network_language_status_label(LANG_SV, MUNI_SV),
	    "svenskspråkig");
	assert_string_equal(network_language_status_label(LANG_EN, MUNI_SV),
	    "Swedish-speaking");
	assert_string_equal(network_language_status_label(LANG_FI, MUNI_FI_SV),
	    "kaksikielinen, enemmistön kieli suomi");
	assert_string_equal(network_language_status_label(LANG_SV, MUNI_FI_SV),
	    "tvåspråkig, majoritetens språk finska");
	assert_string_equal(network_language_status_label(LANG_EN, MUNI_FI_SV),
	    "Bilingual, Finnish majority");
	assert_string_equal(network_language_status_label(LANG_FI, MUNI_SV_FI),
	    "kaksikielinen, enemmistön kieli ruotsi");
	assert_string_equal(network_language_status_label(LANG_SV, MUNI_SV_FI),
	    "tvåspråkig, majoritetens språk svenska");
	assert_string_equal(network_language_status_label(LANG_EN, MUNI_SV_FI),
	    "Bilingual, Swedish majority");
	/* Stored values parse; others are refused. */
	assert_int_equal(muni_language_parse("fi", &s), 0);
	assert_int_equal(s, MUNI_FI);
	assert_int_equal(muni_language_parse("sv+fi", &s), 0);
	assert_int_equal(s, MUNI_SV_FI);
	assert_int_equal(muni_language_parse("xx", &s), -1);
	assert_int_equal(muni_language_parse("", &s), -1);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_import_real),
		T(test_order_fi),
		T(test_order_sv),
		T(test_order_en),
		T(test_municipality),
		T(test_municipality_set),
		T(test_reimport_updates),
		T(test_base_import),
		T(test_bad_header),
		T(test_bad_code),
		T(test_bad_status),
		T(test_bad_coordinates),
		T(test_bad_names),
		T(test_bad_quotes),
		T(test_error_line_numbers),
		T(test_bad_utf8),
		T(test_nul_in_name),
		T(test_bad_header_quotes),
		T(test_too_many_fields),
		T(test_nothing_on_fresh_db),
		cmocka_unit_test(test_status_labels),
		/* Last: under UBSan it stops the program (qsort of NULL). */
		T(test_other_region_empty),
	};
#undef T
	int rc;

	/* Quiet the migration notes; errors still show. */
	log_set_level(LOG_WARN);
	rc = cmocka_run_group_tests_name("network", tests, NULL, NULL);
	if (rc == 0 && real_missing) {
		fprintf(stderr, "test_network: %s is missing; the tests that "
		    "need it were skipped\n", real_path());
		return 77;
	}
	return rc;
}

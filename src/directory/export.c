/*
 * export.c - `tukiverkko export hsds DIR`: every published service point
 * as Open Referral HSDS 3.0 files, in each of the three languages (HSDS
 * has one language per document):
 *
 *	DIR/fi/services.ndjson		a service in full a line, as
 *					GET /api/hsds/services/:id gives it
 *	DIR/fi/organizations.ndjson	each organisation once
 *	DIR/fi/csv/datapackage.json	HSDS's tabular form: a Frictionless
 *	DIR/fi/csv/TABLE.csv		tabular data package, a CSV per table
 *	DIR/sv/..., DIR/en/...
 *
 * The objects come from hsds.c, the code the API answers with; the CSV
 * rows are those objects taken apart.  Each nested object or list (the
 * service's phones and service_at_locations, their location, its
 * addresses ...) becomes rows of its own table, each row the object's
 * scalar fields in the columns HSDS's tabular schema gives that table
 * (schema/compiled/tabular.json), so there is one mapping, not two.  A
 * field the table has no column for stops the export (a change to hsds.c
 * that the tables below do not follow): the CSV never silently holds less
 * than the JSON.  Organisations and taxonomy terms, which many services
 * share, are written once each.  The CSV is RFC 4180 (comma, CRLF, UTF-8
 * without a byte-order mark) and each value is written exactly as in the
 * JSON: these are data for programs, not a spreadsheet export, so a phone
 * number's leading "+" is not neutralised.
 *
 * Everything is read in one snapshot.  DIR must be new or an empty
 * directory: an export never overwrites files or mixes with others.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/csvout.h"
#include "base/time.h"
#include "db/db.h"
#include "directory/hsds.h"

#define EXPORT_PAGE 500

enum tab_type { T_STR, T_NUM };

struct tab_field {
	const char *name;
	enum tab_type type;
	const char *format;	/* Table Schema's string format, or NULL */
};

static const struct tab_field f_organization[] = {
	{ "id", T_STR, "uuid" }, { "name", T_STR, NULL },
	{ "alternate_name", T_STR, NULL }, { "description", T_STR, NULL },
	{ "email", T_STR, "email" }, { "website", T_STR, "uri" },
	{ "tax_status", T_STR, NULL }, { "tax_id", T_STR, NULL },
	{ "year_incorporated", T_NUM, NULL }, { "legal_status", T_STR, NULL },
	{ "logo", T_STR, NULL }, { "uri", T_STR, "uri" },
	{ "parent_organization_id", T_STR, "uuid" }, { NULL, 0, NULL },
};

static const struct tab_field f_service[] = {
	{ "id", T_STR, "uuid" }, { "organization_id", T_STR, "uuid" },
	{ "program_id", T_STR, "uuid" }, { "name", T_STR, NULL },
	{ "alternate_name", T_STR, NULL }, { "description", T_STR, NULL },
	{ "url", T_STR, "uri" }, { "email", T_STR, "email" },
	{ "status", T_STR, NULL }, { "interpretation_services", T_STR, NULL },
	{ "application_process", T_STR, NULL },
	{ "fees_description", T_STR, NULL }, { "wait_time", T_STR, NULL },
	{ "fees", T_STR, NULL }, { "accreditations", T_STR, NULL },
	{ "eligibility_description", T_STR, NULL },
	{ "minimum_age", T_NUM, NULL }, { "maximum_age", T_NUM, NULL },
	{ "assured_date", T_STR, NULL }, { "assurer_email", T_STR, "email" },
	{ "licenses", T_STR, NULL }, { "alert", T_STR, NULL },
	{ "last_modified", T_STR, NULL }, { NULL, 0, NULL },
};

static const struct tab_field f_service_at_location[] = {
	{ "id", T_STR, "uuid" }, { "service_id", T_STR, "uuid" },
	{ "location_id", T_STR, "uuid" }, { "description", T_STR, NULL },
	{ NULL, 0, NULL },
};

static const struct tab_field f_location[] = {
	{ "id", T_STR, "uuid" }, { "location_type", T_STR, NULL },
	{ "url", T_STR, "uri" }, { "organization_id", T_STR, "uuid" },
	{ "name", T_STR, NULL }, { "alternate_name", T_STR, NULL },
	{ "description", T_STR, NULL }, { "transportation", T_STR, NULL },
	{ "latitude", T_NUM, NULL }, { "longitude", T_NUM, NULL },
	{ "external_identifier", T_STR, NULL },
	{ "external_identifier_type", T_STR, NULL }, { NULL, 0, NULL },
};

static const struct tab_field f_phone[] = {
	{ "id", T_STR, "uuid" }, { "location_id", T_STR, "uuid" },
	{ "service_id", T_STR, "uuid" }, { "organization_id", T_STR, "uuid" },
	{ "contact_id", T_STR, "uuid" },
	{ "service_at_location_id", T_STR, "uuid" }, { "number", T_STR, NULL },
	{ "extension", T_NUM, NULL }, { "type", T_STR, NULL },
	{ "description", T_STR, NULL }, { NULL, 0, NULL },
};

static const struct tab_field f_address[] = {
	{ "id", T_STR, "uuid" }, { "location_id", T_STR, "uuid" },
	{ "attention", T_STR, NULL }, { "address_1", T_STR, NULL },
	{ "address_2", T_STR, NULL }, { "city", T_STR, NULL },
	{ "region", T_STR, NULL }, { "state_province", T_STR, NULL },
	{ "postal_code", T_STR, NULL }, { "country", T_STR, NULL },
	{ "address_type", T_STR, NULL }, { NULL, 0, NULL },
};

static const struct tab_field f_schedule[] = {
	{ "id", T_STR, "uuid" }, { "service_id", T_STR, "uuid" },
	{ "location_id", T_STR, "uuid" },
	{ "service_at_location_id", T_STR, "uuid" },
	{ "valid_from", T_STR, NULL }, { "valid_to", T_STR, NULL },
	{ "dtstart", T_STR, NULL }, { "timezone", T_NUM, NULL },
	{ "until", T_STR, NULL }, { "count", T_NUM, NULL },
	{ "wkst", T_STR, NULL }, { "freq", T_STR, NULL },
	{ "interval", T_NUM, NULL }, { "byday", T_STR, NULL },
	{ "byweekno", T_STR, NULL }, { "bymonthday", T_STR, NULL },
	{ "byyearday", T_STR, NULL }, { "description", T_STR, NULL },
	{ "opens_at", T_STR, NULL }, { "closes_at", T_STR, NULL },
	{ "schedule_link", T_STR, "uri" }, { "attending_type", T_STR, NULL },
	{ "notes", T_STR, NULL }, { NULL, 0, NULL },
};

static const struct tab_field f_language[] = {
	{ "id", T_STR, "uuid" }, { "service_id", T_STR, "uuid" },
	{ "location_id", T_STR, "uuid" }, { "phone_id", T_STR, "uuid" },
	{ "name", T_STR, NULL }, { "code", T_STR, NULL },
	{ "note", T_STR, NULL }, { NULL, 0, NULL },
};

static const struct tab_field f_accessibility[] = {
	{ "id", T_STR, "uuid" }, { "location_id", T_STR, "uuid" },
	{ "description", T_STR, NULL }, { "details", T_STR, NULL },
	{ "url", T_STR, "uri" }, { NULL, 0, NULL },
};

static const struct tab_field f_attribute[] = {
	{ "id", T_STR, "uuid" }, { "link_id", T_STR, "uuid" },
	{ "taxonomy_term_id", T_STR, "uuid" }, { "link_type", T_STR, NULL },
	{ "link_entity", T_STR, NULL }, { "value", T_STR, NULL },
	{ NULL, 0, NULL },
};

static const struct tab_field f_taxonomy_term[] = {
	{ "id", T_STR, "uuid" }, { "code", T_STR, NULL },
	{ "name", T_STR, NULL }, { "description", T_STR, NULL },
	{ "parent_id", T_STR, "uuid" }, { "taxonomy", T_STR, NULL },
	{ "language", T_STR, NULL }, { "taxonomy_id", T_STR, "uuid" },
	{ "term_uri", T_STR, "uri" }, { NULL, 0, NULL },
};

enum {
	TAB_ORGANIZATION, TAB_SERVICE, TAB_ATTRIBUTE, TAB_SAL, TAB_LOCATION,
	TAB_PHONE, TAB_ADDRESS, TAB_SCHEDULE, TAB_LANGUAGE, TAB_ACCESSIBILITY,
	TAB_TAXONOMY_TERM, TAB_COUNT
};

/* HSDS's tables in its datapackage's order. */
static const struct table {
	const char *entity;	/* the resource's name */
	const char *path;
	const struct tab_field *fields;
	bool shared;		/* many services link one: written once */
} tables[TAB_COUNT] = {
	{ "organization", "organizations.csv", f_organization, true },
	{ "service", "services.csv", f_service, false },
	{ "attribute", "attributes.csv", f_attribute, false },
	{ "service_at_location", "service_at_location.csv",
	    f_service_at_location, false },
	{ "location", "locations.csv", f_location, false },
	{ "phone", "phones.csv", f_phone, false },
	{ "address", "addresses.csv", f_address, false },
	{ "schedule", "schedules.csv", f_schedule, false },
	{ "language", "languages.csv", f_language, false },
	{ "accessibility", "accessibility.csv", f_accessibility, false },
	{ "taxonomy_term", "taxonomy_terms.csv", f_taxonomy_term, true },
};

/* The table a nested key's objects belong to. */
static const struct { const char *key; int table; } nested[] = {
	{ "organization", TAB_ORGANIZATION }, { "service", TAB_SERVICE },
	{ "attributes", TAB_ATTRIBUTE },
	{ "service_at_locations", TAB_SAL }, { "location", TAB_LOCATION },
	{ "phones", TAB_PHONE }, { "addresses", TAB_ADDRESS },
	{ "schedules", TAB_SCHEDULE }, { "languages", TAB_LANGUAGE },
	{ "accessibility", TAB_ACCESSIBILITY },
	{ "taxonomy_term", TAB_TAXONOMY_TERM },
};

/* The table a foreign key column refers to, or -1. */
static int
referred(const char *column)
{
	static const struct { const char *column; int table; } fk[] = {
		{ "organization_id", TAB_ORGANIZATION },
		{ "parent_organization_id", TAB_ORGANIZATION },
		{ "service_id", TAB_SERVICE }, { "location_id", TAB_LOCATION },
		{ "service_at_location_id", TAB_SAL },
		{ "phone_id", TAB_PHONE },
		{ "taxonomy_term_id", TAB_TAXONOMY_TERM },
		{ "parent_id", TAB_TAXONOMY_TERM },
	};
	size_t i;

	for (i = 0; i < sizeof(fk) / sizeof(fk[0]); i++)
		if (strcmp(fk[i].column, column) == 0)
			return fk[i].table;
	return -1;
}

/* One language's export under way. */
struct export {
	FILE *csv[TAB_COUNT];
	size_t rows[TAB_COUNT];
	json_t *seen[TAB_COUNT];	/* ids of a shared table written */
	FILE *services, *organizations;
	struct buf row;
	char why[200];			/* what went wrong */
};

/* Writes o as one compact line of f: 0 or -1. */
static int
put_line(FILE *f, json_t *o)
{
	char *text = json_dumps(o, JSON_COMPACT);
	int rc;

	if (text == NULL)
		return -1;
	rc = fputs(text, f) < 0 || fputc('\n', f) == EOF ? -1 : 0;
	free(text);
	return rc;
}

/* A JSON scalar as a CSV field, as the JSON says it. */
static int
put_value(struct csvout *c, json_t *v)
{
	char *text;

	if (v == NULL || json_is_null(v))
		csvout_empty(c);
	else if (json_is_string(v))
		csvout_raw(c, json_string_value(v));
	else if (json_is_integer(v))
		csvout_int(c, (int64_t)json_integer_value(v));
	else if (json_is_real(v) || json_is_boolean(v)) {
		if ((text = json_dumps(v, JSON_ENCODE_ANY)) == NULL)
			return -1;
		csvout_raw(c, text);
		free(text);
	} else
		return -1;
	return 0;
}

static bool
has_column(int t, const char *key)
{
	const struct tab_field *f;

	for (f = tables[t].fields; f->name != NULL; f++)
		if (strcmp(f->name, key) == 0)
			return true;
	return false;
}

static int
nested_table(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(nested) / sizeof(nested[0]); i++)
		if (strcmp(nested[i].key, key) == 0)
			return nested[i].table;
	return -1;
}

/* Object o of table t as a row of its CSV, and what it nests as rows of
 * theirs: 0, or -1 with x->why said. */
static int
put_object(struct export *x, int t, json_t *o)
{
	const struct tab_field *f;
	struct csvout c;
	const char *key, *id;
	json_t *v, *e;
	size_t i;
	int k;

	if (!json_is_object(o) ||
	    (id = json_string_value(json_object_get(o, "id"))) == NULL) {
		snprintf(x->why, sizeof(x->why), "a %s without an id",
		    tables[t].entity);
		return -1;
	}
	if (tables[t].shared) {
		if (json_object_get(x->seen[t], id) != NULL)
			return 0;
		json_object_set_new(x->seen[t], id, json_true());
		if (t == TAB_ORGANIZATION &&
		    put_line(x->organizations, o) != 0) {
			snprintf(x->why, sizeof(x->why), "cannot write "
			    "organizations.ndjson: %s", strerror(errno));
			return -1;
		}
	}
	x->row.len = 0;
	csvout_init(&c, &x->row, ',', false);
	for (f = tables[t].fields; f->name != NULL; f++)
		if (put_value(&c, json_object_get(o, f->name)) != 0) {
			snprintf(x->why, sizeof(x->why), "the %s of a %s is "
			    "not a single value", f->name, tables[t].entity);
			return -1;
		}
	csvout_end(&c);
	if (fwrite(x->row.data, 1, x->row.len, x->csv[t]) != x->row.len) {
		snprintf(x->why, sizeof(x->why), "cannot write %s: %s",
		    tables[t].path, strerror(errno));
		return -1;
	}
	x->rows[t]++;
	json_object_foreach(o, key, v) {
		if ((k = nested_table(key)) >= 0 &&
		    (json_is_object(v) || json_is_array(v))) {
			if (json_is_object(v) && put_object(x, k, v) != 0)
				return -1;
			json_array_foreach(v, i, e)
				if (put_object(x, k, e) != 0)
					return -1;
		} else if (!has_column(t, key) || json_is_object(v) ||
		    json_is_array(v)) {
			/* The JSON has what the CSV would lose. */
			snprintf(x->why, sizeof(x->why), "%s has no column "
			    "for the %s of a %s", tables[t].path, key,
			    tables[t].entity);
			return -1;
		}
	}
	return 0;
}

/* datapackage.json: the tables' fields, keys and references. */
static json_t *
datapackage(enum lang l, struct arena *a)
{
	json_t *res = json_array(), *fields, *fks, *f;
	const struct tab_field *tf;
	int t, r;

	for (t = 0; t < TAB_COUNT; t++) {
		fields = json_array();
		fks = json_array();
		for (tf = tables[t].fields; tf->name != NULL; tf++) {
			f = json_pack("{s:s, s:s}", "name", tf->name, "type",
			    tf->type == T_NUM ? "number" : "string");
			if (tf->format != NULL)
				json_object_set_new(f, "format",
				    json_string(tf->format));
			json_array_append_new(fields, f);
			if ((r = referred(tf->name)) >= 0)
				json_array_append_new(fks, json_pack("{s:s, "
				    "s:{s:s, s:s}}", "fields", tf->name,
				    "reference", "resource", tables[r].entity,
				    "fields", "id"));
		}
		json_array_append_new(res, json_pack("{s:s, s:s, s:s, s:s, s:s, "
		    "s:s, s:{s:o, s:s, s:o}}", "name", tables[t].entity,
		    "path", tables[t].path, "profile", "tabular-data-resource",
		    "format", "csv", "mediatype", "text/csv", "encoding", "utf-8",
		    "schema", "fields", fields, "primaryKey", "id",
		    "foreignKeys", fks));
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}",
	    "name", arena_printf(a, "tukiverkko-hsds-%s", lang_code(l)),
	    "title", arena_printf(a, "Tukiverkko service points as Open "
	    "Referral HSDS 3.0 (%s)", lang_code(l)),
	    "profile", "tabular-data-package",
	    "homepage", "https://docs.openreferral.org/en/3.0/",
	    "created", time_format_iso(a, time_now()),
	    "resources", res);
}

/* dir is new, or an empty directory we may write into: 0, or -1 said. */
static int
export_dir(const char *dir, FILE *err)
{
	struct dirent *e;
	struct stat st;
	bool empty = true;
	DIR *d;

	if (mkdir(dir, 0755) == 0)
		return 0;
	if (errno != EEXIST) {
		fprintf(err, "tukiverkko: export hsds: cannot make the "
		    "directory %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(err, "tukiverkko: export hsds: %s is not a directory\n",
		    dir);
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		fprintf(err, "tukiverkko: export hsds: cannot read the directory "
		    "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	while (empty && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = false;
	closedir(d);
	if (!empty) {
		fprintf(err, "tukiverkko: export hsds: %s is not empty; give a "
		    "new or an empty directory (an export overwrites nothing)\n",
		    dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		fprintf(err, "tukiverkko: export hsds: cannot write into %s: "
		    "%s\n", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* A new file dir/name (never an existing one), or NULL said. */
static FILE *
create(struct arena *a, const char *dir, const char *name, FILE *err)
{
	const char *path = arena_printf(a, "%s/%s", dir, name);
	FILE *f = fopen(path, "wx");

	if (f == NULL)
		fprintf(err, "tukiverkko: export hsds: cannot create %s: %s\n",
		    path, strerror(errno));
	return f;
}

static int
close_file(FILE **f, int rc)
{
	if (*f != NULL && fclose(*f) != 0)
		rc = -1;
	*f = NULL;
	return rc;
}

/* The header row of table t. */
static void
header(struct export *x, int t)
{
	const struct tab_field *f;
	struct csvout c;

	x->row.len = 0;
	csvout_init(&c, &x->row, ',', false);
	for (f = tables[t].fields; f->name != NULL; f++)
		csvout_raw(&c, f->name);
	csvout_end(&c);
	fwrite(x->row.data, 1, x->row.len, x->csv[t]);
}

/* The services of language l into dir/<l>/: 0, or -1 said on err. */
static int
export_lang(struct db *db, const char *dir, enum lang l, int32_t today,
    FILE *out, FILE *err)
{
	struct export x;
	struct arena a, page;
	struct service_point *pts, p;
	struct dir_choice *topics, *forms;
	struct hsds_labels labels;
	size_t nt, nf, n, i;
	const char *ldir, *cdir;
	int64_t after = 0, count = 0;
	json_t *s, *pkg;
	int rc = -1, t;

	memset(&x, 0, sizeof(x));
	buf_init(&x.row);
	arena_init(&a);
	arena_init(&page);
	ldir = arena_printf(&a, "%s/%s", dir, lang_code(l));
	cdir = arena_printf(&a, "%s/csv", ldir);
	if (mkdir(ldir, 0755) != 0 || mkdir(cdir, 0755) != 0) {
		fprintf(err, "tukiverkko: export hsds: cannot make the "
		    "directory %s: %s\n", ldir, strerror(errno));
		goto out;
	}
	if ((x.services = create(&a, ldir, "services.ndjson", err)) == NULL ||
	    (x.organizations = create(&a, ldir, "organizations.ndjson",
	    err)) == NULL)
		goto out;
	for (t = 0; t < TAB_COUNT; t++) {
		if ((x.csv[t] = create(&a, cdir, tables[t].path, err)) == NULL)
			goto out;
		x.seen[t] = json_object();
		header(&x, t);
	}
	if (directory_store_topics(db, &a, l, &topics, &nt) != 0 ||
	    directory_store_forms(db, &a, l, &forms, &nf) != 0)
		goto db_failed;
	labels = (struct hsds_labels){ topics, forms, nt, nf };
	do {
		arena_reset(&page);
		if (directory_store_published(db, &page, l, 0, after,
		    EXPORT_PAGE, 0, &pts, &n, NULL) != 0)
			goto db_failed;
		for (i = 0; i < n; i++) {
			if (directory_store_get(db, &page, l, pts[i].id, &p) != 0)
				goto db_failed;
			if ((s = hsds_service(&page, l, &p, &labels,
			    today)) == NULL) {
				snprintf(x.why, sizeof(x.why), "the service "
				    "point %lld has more schedules than HSDS "
				    "ids can count", (long long)p.id);
				goto failed;
			}
			if (put_line(x.services, s) != 0) {
				json_decref(s);
				snprintf(x.why, sizeof(x.why), "cannot write "
				    "services.ndjson: %s", strerror(errno));
				goto failed;
			}
			if (put_object(&x, TAB_SERVICE, s) != 0) {
				json_decref(s);
				goto failed;
			}
			json_decref(s);
			after = pts[i].id;
			count++;
		}
	} while (n == EXPORT_PAGE);
	pkg = datapackage(l, &a);
	{
		FILE *f = create(&a, cdir, "datapackage.json", err);

		if (f == NULL) {
			json_decref(pkg);
			goto out;
		}
		t = json_dumpf(pkg, f, JSON_INDENT(2)) != 0 ||
		    fputc('\n', f) == EOF;
		json_decref(pkg);
		if (close_file(&f, t ? -1 : 0) != 0) {
			snprintf(x.why, sizeof(x.why), "cannot write "
			    "csv/datapackage.json: %s", strerror(errno));
			goto failed;
		}
	}
	fprintf(out, "%s: %lld services, %zu organisations; csv/: %zu "
	    "schedules, %zu locations, %zu phones, %zu taxonomy terms\n",
	    lang_code(l), (long long)count, x.rows[TAB_ORGANIZATION],
	    x.rows[TAB_SCHEDULE], x.rows[TAB_LOCATION], x.rows[TAB_PHONE],
	    x.rows[TAB_TAXONOMY_TERM]);
	rc = 0;
	goto out;
db_failed:
	fprintf(err, "tukiverkko: export hsds: the database could not be "
	    "read\n");
	goto out;
failed:
	fprintf(err, "tukiverkko: export hsds: %s: %s\n", ldir, x.why);
out:
	t = rc;
	rc = close_file(&x.services, rc);
	rc = close_file(&x.organizations, rc);
	for (i = 0; i < TAB_COUNT; i++) {
		rc = close_file(&x.csv[i], rc);
		json_decref(x.seen[i]);
	}
	if (t == 0 && rc != 0)
		fprintf(err, "tukiverkko: export hsds: %s: the files could not "
		    "be written out: %s\n", ldir, strerror(errno));
	buf_cleanup(&x.row);
	arena_cleanup(&page);
	arena_cleanup(&a);
	return rc;
}

int
directory_hsds_export(struct db *db, const char *dir, FILE *out, FILE *err)
{
	static const enum lang langs[] = { LANG_FI, LANG_SV, LANG_EN };
	int32_t today;
	int minute, rc = 0;
	size_t i;

	if (export_dir(dir, err) != 0)
		return 1;
	hours_local(time_now(), &today, &minute);
	if (db_read_begin(db) != 0) {
		fprintf(err, "tukiverkko: export hsds: the database could not "
		    "be read\n");
		return 1;
	}
	for (i = 0; i < sizeof(langs) / sizeof(langs[0]) && rc == 0; i++)
		rc = export_lang(db, dir, langs[i], today, out, err);
	db_read_end(db);
	return rc == 0 ? 0 : 1;
}

/*
 * ptv.c - service points from the national service catalogue (PTV, open
 * API v11): `tukiverkko import ptv FILE...`.
 *
 * A file is a page of service channels as PTV's API gives it
 * ({"itemList": [...]}, read with jansson).  Each ServiceLocation channel
 * becomes a service point keyed by its PTV id: names, summaries and
 * descriptions in fi/sv/en, the visiting address, its coordinates, the
 * first phone number, e-mail address and web page, the languages, the
 * accessibility sentences of the visiting address's entrances (as the
 * point's accessibility notes), and the service hours - DaysOfTheWeek without dates as the regular week, with
 * dates as a period, OverMidnight ones across midnight, Exceptional ones
 * as single days (closed when isClosed), reservation-only hours "by
 * appointment".  Other channel types (phone, e-channel, web page) have no
 * place to visit and are skipped, and said so.
 *
 * PTV gives coordinates in ETRS-TM35FIN (EPSG:3067), northing in its
 * "latitude" and easting in its "longitude"; PROJ turns them into WGS84.
 *
 * Every record is read and checked first, and each mistake reported with
 * the record's PTV id; with any mistake nothing is written.  Otherwise all
 * points are saved in one transaction with an audit record each.  A
 * record already imported updates its point, and only the fields that
 * come from PTV: what the municipality added (topics, forms of support,
 * accessibility, costs, booking, status, the organisation's name, hours
 * when PTV gives none) stays.  The accessibility notes are PTV's
 * accessibility sentences until a coordinator changes them: then theirs
 * stay.  A record whose point would not change is
 * left alone, so importing the same file twice writes nothing the second
 * time.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "base/buf.h"
#include "base/time.h"
#include "db/rows.h"
#include "directory/csv.h"
#include "directory/ptv.h"
#include "directory/views.h"

/* The reader's question to the directory: is code one of its areas? */
struct area_ctx {
	struct db *db;
	struct arena *a;
};

static int
area_known(void *ctx, const char *code)
{
	struct area_ctx *c = ctx;
	const char *name;
	int rc = directory_store_area(c->db, c->a, LANG_FI, code, &name);

	return rc < 0 ? -1 : rc != 0;
}

/* The e-mail address and web page by the edit form's rules (ptv.h says
 * why the reader leaves them): a bad one is a mistake, and not saved. */
static void
check_contacts(struct ptv_record *r)
{
	if (r->p.email != NULL && r->p.email[0] != '\0' &&
	    !form_email_valid(r->p.email)) {
		directory_ptv_mistake(r, "the e-mail address %s is not one",
		    r->p.email);
		r->p.email = "";
	}
	if (r->p.web != NULL && r->p.web[0] != '\0' &&
	    !form_web_url_valid(r->p.web, 500)) {
		directory_ptv_mistake(r, "the web address %s is not one",
		    r->p.web);
		r->p.web = "";
	}
}

/* The point as it will be saved: the PTV fields over the stored point. */
static void
merge(const struct service_point *old, const struct ptv_record *r,
    struct service_point *out)
{
	int l;

	*out = *old;
	for (l = 0; l < LANG_COUNT; l++) {
		out->name[l] = r->p.name[l];
		out->summary[l] = r->p.summary[l];
		out->description[l] = r->p.description[l];
	}
	out->municipality = r->p.municipality;
	out->street = r->p.street;
	out->postcode = r->p.postcode;
	out->post_office = r->p.post_office;
	out->has_point = r->p.has_point;
	out->lat = r->p.lat;
	out->lon = r->p.lon;
	out->phone = r->p.phone;
	out->email = r->p.email;
	out->web = r->p.web;
	out->langs = r->p.langs;
	out->nlangs = r->p.nlangs;
	/* The accessibility notes are PTV's sentences while they are as an
	 * import left them (or empty); once a coordinator has changed them
	 * (form.c), their words stay. */
	if (old->access_notes_ptv || (old->access_notes[0][0] == '\0' &&
	    old->access_notes[1][0] == '\0' &&
	    old->access_notes[2][0] == '\0')) {
		for (l = 0; l < LANG_COUNT; l++)
			out->access_notes[l] = r->p.access_notes[l];
		out->access_notes_ptv = true;
	}
	if (r->has_hours) {
		out->hours.regular = r->p.hours.regular;
		out->hours.periods = r->p.hours.periods;
		out->hours.nperiods = r->p.hours.nperiods;
		out->hours.exceptions = r->p.hours.exceptions;
		out->hours.nexceptions = r->p.hours.nexceptions;
		out->period_info = r->p.period_info;
		out->exception_info = r->p.exception_info;
	}
}

/* The same point in the words of the CSV export: the fields it has. */
static bool
same_point(struct arena *a, const struct service_point *x,
    const struct service_point *y)
{
	struct buf bx, by;
	bool same;

	buf_init(&bx);
	buf_init(&by);
	directory_csv_point(a, &bx, x);
	directory_csv_point(a, &by, y);
	same = strcmp(buf_cstr(&bx), buf_cstr(&by)) == 0;
	buf_cleanup(&bx);
	buf_cleanup(&by);
	return same;
}

int
directory_ptv_import(struct db *db, const char *const *files, size_t nfiles,
    const char *municipality, int64_t region, FILE *out, FILE *err)
{
	struct ptv_record *recs = NULL;
	size_t nrecs = 0, f, i, nerr = 0;
	struct arena a;
	struct area_ctx actx = { db, &a };
	struct ptv_reader rd;
	struct ptv_proj *proj;
	const char *why;
	json_error_t je;
	json_t **docs = NULL;
	int64_t now = time_now(), id;
	int created = 0, updated = 0, unchanged = 0, skipped = 0, rc = 1;

	arena_init(&a);
	proj = directory_ptv_proj_open(&why);
	if (proj == NULL) {
		fprintf(err, "tukiverkko: %s\n", why);
		goto out;
	}
	rd = (struct ptv_reader){ &a, proj, municipality, area_known, &actx };
	docs = arena_calloc(&a, nfiles + 1, sizeof(*docs));
	for (f = 0; f < nfiles; f++) {
		docs[f] = json_load_file(files[f], JSON_REJECT_DUPLICATES, &je);
		if (docs[f] == NULL) {
			fprintf(err, "%s:%d: not PTV JSON: %s\n", files[f],
			    je.line, je.text);
			nerr++;
			continue;
		}
		if (directory_ptv_read_page(&rd, docs[f], &recs, &nrecs) != 0) {
			fprintf(err, "%s: not a PTV list of service channels "
			    "(no itemList)\n", files[f]);
			nerr++;
		}
	}
	for (i = 0; i < nrecs; i++)
		check_contacts(&recs[i]);
	directory_ptv_check_twice(recs, nrecs);
	for (i = 0; i < nrecs; i++)
		if (recs[i].errors.len > 0) {
			fprintf(err, "%s: %s\n", recs[i].ptv_id,
			    buf_cstr(&recs[i].errors));
			nerr++;
		}
	if (nerr > 0) {
		fprintf(err, "tukiverkko: %zu mistake%s; nothing was imported\n",
		    nerr, nerr == 1 ? "" : "s");
		goto out;
	}
	if (db_begin(db) != 0) {
		fprintf(err, "tukiverkko: the database is busy\n");
		goto out;
	}
	for (i = 0; i < nrecs; i++) {
		struct ptv_record *r = &recs[i];
		struct service_point old, p;
		int found;

		if (r->skip != NULL) {
			fprintf(out, "skipped %s: %s\n", r->ptv_id, r->skip);
			skipped++;
			continue;
		}
		found = directory_store_by_ptv(db, r->ptv_id, &id);
		if (found < 0)
			goto fail;
		if (found == 0) {
			if (directory_store_get(db, &a, LANG_FI, id, &old) != 0)
				goto fail;
			merge(&old, r, &p);
			if (same_point(&a, &old, &p)) {
				fprintf(out, "unchanged %s: point %lld\n",
				    r->ptv_id, (long long)id);
				unchanged++;
				continue;
			}
		} else {
			p = r->p;
			p.region_id = region;
			p.access_notes_ptv = true;
		}
		if ((id = directory_store_save(db, &a, &p, now)) < 0 ||
		    (found != 0 && directory_store_set_ptv(db, id,
		    r->ptv_id) != 0) ||
		    audit_record(db, 0, "cli", found == 0 ?
		    "directory.import-ptv-update" :
		    "directory.import-ptv-create", "service_point",
		    arena_printf(&a, "%lld", (long long)id), arena_printf(&a,
		    "ptv %s", r->ptv_id), now) != 0)
			goto fail;
		fprintf(out, "%s %s: point %lld\n", found == 0 ? "updated" :
		    "created", r->ptv_id, (long long)id);
		if (found == 0)
			updated++;
		else
			created++;
	}
	if (db_commit(db) != 0)
		goto fail;
	fprintf(out, "created %d, updated %d, unchanged %d, skipped %d\n",
	    created, updated, unchanged, skipped);
	rc = 0;
	goto out;
 fail:
	db_rollback(db);
	fprintf(err, "tukiverkko: the database refused the import; nothing "
	    "was imported\n");
 out:
	directory_ptv_records_cleanup(recs, nrecs);
	for (f = 0; docs != NULL && f < nfiles; f++)
		json_decref(docs[f]);
	directory_ptv_proj_close(proj);
	arena_cleanup(&a);
	return rc;
}

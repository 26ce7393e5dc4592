/*
 * fuzz_directory_ptv.c - the PTV importer's reader
 * (directory_ptv_read_page(), src/directory/ptv_read.c) on any bytes:
 * jansson's parser, the walk over itemList and each channel read into a
 * service point, its coordinates through PROJ (EPSG:3067 to WGS84), with
 * a fixed table in place of the directory's areas.  No database.
 *
 * Beyond "does not crash", it checks what the import's writing half
 * relies on for a record it would save (no skip, no mistake): an id, a
 * name, a three-digit municipality the directory has, NUL-free UTF-8
 * texts, a postcode of five digits or none, coordinates in Finland, the
 * weekly hours as an editor would accept them, accessibility notes the
 * edit form would accept, one exception per day,
 * and that every day the hours name can be worked out.  A page without
 * itemList must add nothing, and the mistakes and reasons said must be
 * free of control characters and grow with the input, not its square.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "directory/ptv.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The directory's areas as the fixture and the seeds name them; "999"
 * stands for a database that cannot be read. */
static int
area(void *ctx, const char *code)
{
	static const char *const known[] = { "001", "091", "049", "611" };
	size_t i;

	(void)ctx;
	if (strcmp(code, "999") == 0)
		return -1;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(code, known[i]) == 0)
			return 0;
	return 1;
}

static bool
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static bool
text_ok(const char *s)
{
	return s != NULL && utf8_valid(s, strlen(s));
}

static void
check_saved(const struct ptv_record *r)
{
	const struct service_point *p = &r->p;
	const struct hours_interval *iv;
	struct hours_day day;
	size_t i, k, bad;
	int l;

	CHECK(r->ptv_id != NULL && strlen(r->ptv_id) == 36);
	CHECK(p->municipality != NULL && strlen(p->municipality) == 3 &&
	    area(NULL, p->municipality) == 0);
	CHECK(p->name[0][0] != '\0' || p->name[1][0] != '\0' ||
	    p->name[2][0] != '\0');
	for (l = 0; l < LANG_COUNT; l++) {
		CHECK(text_ok(p->name[l]) && text_ok(p->summary[l]) &&
		    text_ok(p->description[l]));
		/* The notes as the edit form would take them: a line a
		 * group, no other control character, within the limit. */
		CHECK(text_ok(p->access_notes[l]) &&
		    utf8_chars(p->access_notes[l]) <= DIR_NOTES_MAX);
		for (i = 0; p->access_notes[l][i] != '\0'; i++)
			CHECK((unsigned char)p->access_notes[l][i] >= 0x20 ||
			    strchr("\n\r\t", p->access_notes[l][i]) != NULL);
	}
	CHECK(text_ok(p->street) && text_ok(p->post_office) &&
	    text_ok(p->phone) && text_ok(p->email) && text_ok(p->web));
	CHECK(p->postcode[0] == '\0' || (strlen(p->postcode) == 5 &&
	    strspn(p->postcode, "0123456789") == 5));
	CHECK(!p->has_point || (p->lat >= 59.0 && p->lat <= 70.5 &&
	    p->lon >= 19.0 && p->lon <= 32.0));
	for (i = 0; i < p->nlangs; i++)
		CHECK(strlen(p->langs[i]) == 2);
	if (!r->has_hours)
		return;
	CHECK(p->hours.regular.n == 0 ||
	    hours_valid(p->hours.regular.iv, p->hours.regular.n, &bad) == 0);
	for (i = 0; i < p->hours.nexceptions; i++) {
		for (k = 0; k < i; k++)
			CHECK(p->hours.exceptions[k].day !=
			    p->hours.exceptions[i].day);
		CHECK(text_ok(p->exception_info[i].note[0]));
		hours_of_day(&p->hours, p->hours.exceptions[i].day, &day);
		CHECK(day.source == HOURS_FROM_EXCEPTION);
	}
	for (i = 0; i < p->hours.nperiods; i++) {
		CHECK(p->hours.periods[i].from_day <= p->hours.periods[i].to_day);
		CHECK(text_ok(p->period_info[i].name[0]));
		hours_of_day(&p->hours, p->hours.periods[i].from_day, &day);
		CHECK(day.n <= HOURS_DAY_MAX);
		for (k = 0; k < day.n; k++) {
			iv = &day.iv[k];
			CHECK(iv->start < HOURS_DAY_MIN &&
			    iv->end <= HOURS_DAY_MIN);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ptv_proj *proj;
	const char *why;
	struct arena a;
	struct ptv_reader rd;
	struct ptv_record *recs = NULL;
	size_t nrecs = 0, i, said = 0;
	json_error_t je;
	json_t *doc;
	int rc;

	/* PROJ reads its database once; the transformation is kept. */
	if (proj == NULL) {
		proj = directory_ptv_proj_open(&why);
		CHECK(proj != NULL);
	}
	doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL)
		return 0;
	arena_init(&a);
	rd = (struct ptv_reader){ &a, proj, NULL, area, NULL };
	rc = directory_ptv_read_page(&rd, doc, &recs, &nrecs);
	CHECK(rc == 0 || nrecs == 0);
	CHECK(rc == 0 || !json_is_array(json_object_get(doc, "itemList")));
	directory_ptv_check_twice(recs, nrecs);
	for (i = 0; i < nrecs; i++) {
		CHECK(recs[i].ptv_id != NULL);
		CHECK(utf8_valid(buf_cstr(&recs[i].errors),
		    recs[i].errors.len));
		said += recs[i].errors.len;
		/* Printed to a terminal: no control character of PTV's. */
		CHECK(printable(buf_cstr(&recs[i].errors)));
		CHECK(recs[i].skip == NULL || printable(recs[i].skip));
		if (recs[i].skip == NULL && recs[i].errors.len == 0)
			check_saved(&recs[i]);
	}
	/* The mistakes grow with the input, never as its square (a page of
	 * items without ids once said each was the other's twin). */
	CHECK(said <= 64 * size + 1024);
	directory_ptv_records_cleanup(recs, nrecs);
	arena_cleanup(&a);
	json_decref(doc);
	return 0;
}

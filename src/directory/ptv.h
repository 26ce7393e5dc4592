/*
 * ptv.h - reading a page of PTV service channels (ptv_read.c) apart from
 * saving it (ptv.c, `tukiverkko import ptv`).
 *
 * The reader turns jansson's tree into service points with no database:
 * the one thing it must ask the directory - whether a municipality code is
 * one of its areas - it asks through a callback.  That keeps everything
 * PTV's file decides (texts, address, PROJ's coordinates, hours) in one
 * place the fuzz target tests/fuzz/fuzz_directory_ptv.c drives on any
 * bytes, without linking the rest of the program.
 */
#ifndef TV_DIRECTORY_PTV_H
#define TV_DIRECTORY_PTV_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "directory/directory.h"

/* One record as read: the point, or why not.  Its e-mail address and
 * web page are PTV's first ones unchecked: the edit form's rules for them
 * (view/form.h) come with the web layer, which the reader does not link,
 * so the import checks them (ptv.c) before it counts the mistakes. */
struct ptv_record {
	const char *ptv_id;		/* or "(no id)", "(not an object)" */
	bool has_id;			/* ptv_id is the channel's own */
	const char *skip;		/* why it is skipped, or NULL */
	struct buf errors;		/* "; "-separated mistakes */
	struct service_point p;
	bool has_hours;			/* PTV gave service hours */
};

/* Whether municipality code (three digits) is one of the directory's
 * areas: 0 it is, 1 it is not, -1 it could not be told. */
typedef int (*ptv_area_fn)(void *ctx, const char *code);

struct ptv_proj;

struct ptv_reader {
	struct arena *a;		/* everything read lives here */
	struct ptv_proj *proj;		/* directory_ptv_proj_open() */
	const char *municipality;	/* the code for every record, or NULL */
	ptv_area_fn area;
	void *area_ctx;
};

/* EPSG:3067 to WGS84 as (longitude, latitude), PROJ opened on first use
 * (proj_lib.h): NULL with *why when PROJ cannot be loaded or has no such
 * transformation (no proj-data).  directory_ptv_proj_close() ends it. */
struct ptv_proj *directory_ptv_proj_open(const char **why);
void directory_ptv_proj_close(struct ptv_proj *p);

/*
 * Appends the records of one page ({"itemList": [...]}) to *recs and
 * *nrecs (grown in the reader's arena), each read and checked; an item
 * that is no object is a record with a mistake.  0, or -1 when doc has no
 * itemList (nothing appended).
 */
int directory_ptv_read_page(const struct ptv_reader *rd, json_t *doc,
    struct ptv_record **recs, size_t *nrecs);

/* Adds a mistake to r: fmt with one %s, arg ("" when NULL) with its
 * control characters shown as '?'. */
void directory_ptv_mistake(struct ptv_record *r, const char *fmt,
    const char *arg);

/* Marks with a mistake every channel read more than once. */
void directory_ptv_check_twice(struct ptv_record *recs, size_t n);

/* Frees what the records hold outside the arena. */
void directory_ptv_records_cleanup(struct ptv_record *recs, size_t n);

#endif

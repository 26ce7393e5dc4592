/*
 * search_index.h - the directory's search answered from memory.
 *
 * A derived, read-only copy of what the search reads, built from the
 * database (directory_store_index_load()) in one read snapshot and
 * labelled with the directory's stamp read in it (directory_count.stamp,
 * migration 0033, which every write of the directory moves on in its
 * transaction): each analysed term's postings (the points whose indexed
 * terms have it, in id order, with how often), each point's status,
 * municipality, topics, forms of support, languages, accessibility
 * facts, name sort keys, WGS84 point and open intervals (state open, from
 * service_point_open), and the search form's municipalities and
 * languages.  A search that reads the same stamp is answered from it: the
 * same points, the same count (up to DIR_COUNT_MAX + 1) and the same
 * order as the statements of directory_store_search(), which stay the
 * reference (tests/http/directory-index.test.mjs compares them).
 * Relevance is FTS5's bm25, computed here from the same counts, on both
 * backends: PostgreSQL's statement, which orders by ts_rank(), answers
 * only while the index is not there (being built, stale, or off).
 *
 * Nothing is cached by query: every search evaluates its words and
 * filters against the postings.  Each search reads the stamp (one row by
 * its key): when it has moved on, that search starts a rebuild in a
 * thread of its own and the statements answer until it is done, so a
 * search never waits for a build and never reads a stale index, whichever
 * process or server wrote.  That "rebuild" reads only the points written
 * since the index's stamp (service_point.index_stamp, 0036) and patches a
 * copy of the index in memory with them (a save costs the points it
 * wrote, not the directory); a whole build happens at the start (begun by
 * the directory's job, so the first search need not), when half the
 * directory or more was written, and when the day's refresh has moved
 * every point's window of open hours on (the open day, read with the
 * stamp: the refresh does not move the stamp, so that a day's move writes
 * only what is derived from the hours).  Writes elsewhere (mail,
 * registrations) do not move the stamp and cost the index nothing.
 */
#ifndef TV_DIRECTORY_SEARCH_INDEX_H
#define TV_DIRECTORY_SEARCH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "directory/directory.h"

struct dix_builder;

/* A point's row as the builder takes it (store.c reads it). */
struct dix_point_row {
	int64_t id;
	enum dir_status status;
	const char *municipality;
	unsigned facts;			/* 1u << FACT_* */
	const char *sort[LANG_COUNT];
	bool has_point;
	double lat, lon;
};

enum dix_list { DIX_TOPIC, DIX_FORM, DIX_LANG, DIX_LISTS };

/* The builder's intake, called by directory_store_index_load() in this
 * order: points in id order, then lists, open intervals and terms in
 * point id order.  0, or -1 when the index cannot hold it (then the
 * statements go on answering). */
int dix_add_point(struct dix_builder *b, const struct dix_point_row *r);
int dix_add_list(struct dix_builder *b, enum dix_list k, int64_t id,
    const char *key);
int dix_add_open(struct dix_builder *b, int64_t id, int64_t starts_at,
    int64_t ends_at);
int dix_add_terms(struct dix_builder *b, int64_t id, const char *terms,
    size_t len);

/* The builder's arena, which lives as long as the index, and a point's
 * hours (p->id, .hours, .period_info, .exception_info) with what its
 * hit shows (.name, .summary, .street, .postcode, .post_office), all in
 * that arena, given after the point in id order.  0 or -1. */
struct arena *dix_arena(struct dix_builder *b);
int dix_set_hours(struct dix_builder *b, const struct service_point *p);

/* A deep copy of src's id and hours (its intervals, periods, exceptions
 * and their names and notes) into dst, in the arena (store.c). */
void dir_hours_copy(struct arena *a, const struct service_point *src,
    struct service_point *dst);

/* The search form's lists in l, read in the same snapshot: the
 * municipalities with points as directory_store_areas() lists them, the
 * topics and forms of support as directory_store_topics() and _forms()
 * do; and the languages served, as directory_store_languages() does. */
enum dix_choices { DIX_AREAS, DIX_TOPICS, DIX_FORMS, DIX_CHOICES };
void dix_set_choices(struct dix_builder *b, enum dix_choices k, enum lang l,
    const struct dir_choice *c, size_t n);
void dix_set_languages(struct dix_builder *b, const char *const *langs,
    size_t n);

/*
 * Reads everything above into b within one read snapshot (store.c), and
 * the directory's stamp and open day it belongs to into *stamp and *day
 * (directory_store_stamp()): with since >= 0 (the stamp of an index in
 * memory, read at the open day since_day) only the points written after
 * it (service_point.index_stamp, 0036), *patch set, when they are at most
 * `most` and the open day is still since_day; else the whole directory,
 * *patch false.  The form's lists are read whole either way.  0 or -1.
 */
int directory_store_index_load(struct db *db, struct dix_builder *b,
    int64_t since, int64_t since_day, size_t most, int64_t *stamp,
    int64_t *day, bool *patch);

/*
 * The directory's stamp (directory_count.stamp, 0033), which every write
 * of what the search reads moves on in its transaction, and its open day:
 * the first day of the oldest window of open hours (service_point.
 * open_from_day, along its index), which the day's refresh moves on
 * instead of the stamp.  An index matches while both are the same.
 * 0 or -1.
 */
int directory_store_stamp(struct db *db, int64_t *stamp, int64_t *day);

/*
 * The equality filters a search with words asks the text index for as
 * terms of their own (store.c): the value of filter i of q (NULL when not
 * given), whether it is asked of the index, its term's prefix, and the
 * term written into terms ("xtopic" + "device-basics" ->
 * "xtopicdevicebasics"), after a space when `space` and terms has some.
 */
enum { DIR_FILTER_MUNI, DIR_FILTER_TOPIC, DIR_FILTER_FORM, DIR_FILTER_LANG,
	DIR_FILTERS };
const char *dir_filter_value(const struct dir_query *q, int i);
bool dir_filter_in_index(const struct dir_query *q, int i);
const char *dir_filter_prefix(int i);
void dir_filter_term(struct buf *terms, const char *prefix, const char *value,
    bool space);

/* Open now and open at as terms: "xopen" and the number of the
 * three-hour block since the epoch (store.c's open_terms()). */
#define DIR_OPEN_TERM	"xopen"
#define DIR_OPEN_BLOCK	10800

/*
 * The search q from memory, when the index of the stamp db reads is
 * built: 1 with the page's hits in order (*out, *n, in the arena, as
 * directory_store_search() gives them) and the count up to
 * DIR_COUNT_MAX + 1; 0 when it is not (a build is started if none runs;
 * the caller asks the statements).  Off with
 * TUKIVERKKO_DIRECTORY_INDEX=off.
 */
int dix_search(struct db *db, struct arena *a, const struct dir_query *q,
    struct dir_hit **out, size_t *n, int64_t *total);

/* The hours of each of n points as directory_store_hours() gives them,
 * from the index (copied into the arena): 1, or 0 (the caller asks the
 * statements). */
int dix_hours(struct db *db, struct arena *a, const int64_t *ids, size_t n,
    struct service_point *out);

/* The same lists from the index, into the arena, when it serves db's
 * read (as dix_search()): 1, or 0 (the caller asks the statements). */
int dix_choices(struct db *db, struct arena *a, enum dix_choices k,
    enum lang l, struct dir_choice **out, size_t *n);
int dix_languages(struct db *db, struct arena *a, const char ***out,
    size_t *n);
int dix_search_choices(struct db *db, struct arena *a, enum lang l,
    struct dir_search_choices *c);

/* Brings the index up to db's stamp in the background (a build or a
 * patch started when it is behind): the directory's job calls it after
 * each run, so that the day's refresh is in the index before a search
 * asks, and at the start. */
void dix_refresh(struct db *db);

/* The built index's size in bytes and points (0 when none): for the
 * benchmark's notes and the tests. */
size_t dix_footprint(size_t *points);

#endif

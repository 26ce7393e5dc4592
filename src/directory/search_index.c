/*
 * search_index.c - the directory's search answered from memory
 * (search_index.h): the build from the rows store.c reads, the search
 * over postings and per-point fields, bm25 as FTS5 computes it, and the
 * index's life (one built at a stamp of the directory, shared by the
 * worker threads, replaced by a build in a thread of its own).
 *
 * The search mirrors directory_store_search()'s statements step by step:
 * a search with words asks the postings for every word (one of its
 * phrases) and for the filter terms the statement asks FTS5 or the
 * tsquery for (store.c's search_match()), tests the other filters on the
 * point exactly as text_where() does, takes the first DIR_COUNT_MAX + 1
 * matches in id order and ranks them by bm25 (then the name's sort key
 * and the id), or sorts every match by name or distance; a search without
 * words tests SEARCH_WHERE's filters on every point.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/time.h"
#include "directory/analyse.h"
#include "directory/search_index.h"
#include "view/i18n.h"

#define DIX_LIST_MAX	64	/* distinct topics, forms, languages */
#define DIX_OPEN_LONGEST 90000	/* store.c's OPEN_LONGEST */
#define DIX_NO_POINT	0xff	/* a doc's status: a search row without a point */

struct dix_doc {
	int64_t id;
	double lat, lon;
	uint64_t list[DIX_LISTS];	/* bits of the keys in ix->keys[] */
	uint32_t sort[LANG_COUNT];	/* offsets in the pool */
	uint32_t open_off, nopen;	/* in ix->open */
	uint32_t ntok;			/* FTS5's column size of its row */
	const struct service_point *hours;	/* its hours, in ix->arena */
	uint16_t muni;			/* index in ix->munis */
	uint8_t status;
	uint8_t facts;
	uint8_t has_point;
	uint8_t has_row;
};

struct dix_term {
	uint32_t str;			/* offset in the pool */
	uint32_t n, cap;
	uint32_t last;			/* the doc of the last posting + 1 */
	uint32_t *doc;
	uint16_t *tf;
	bool lent;			/* doc and tf now a patched index's */
};

struct dix_open {
	int64_t starts_at, ends_at;
};

/* A list of strings (a choice's key and label, or a language's code) in
 * one block, so that a page's copy is one memcpy and a pointer a string
 * rather than an allocation a string. */
struct dix_packed {
	char *strs;
	size_t len;
	uint32_t *off;			/* per entry, `per` offsets in strs */
	size_t n;
};

/* An arena of points' hours, shared by the indexes patched from the one
 * that made it (patch()): freed with the last of them. */
struct dix_hstore {
	atomic_size_t refs;
	struct arena arena;
};

struct dix {
	int64_t stamp;			/* the directory's stamp read */
	int64_t day;			/* and its open day */
	size_t refs;
	struct dix_doc *docs;
	size_t ndocs;
	struct dix_term *terms;		/* sorted by text after the build */
	size_t nterms;
	char *pool;
	size_t pool_len;
	struct dix_open *open;
	size_t nopen;
	uint16_t nkeys[DIX_LISTS];
	uint32_t keys[DIX_LISTS][DIX_LIST_MAX];	/* offsets in the pool */
	uint32_t *munis;		/* offsets in the pool */
	size_t nmunis;
	uint64_t nrows, ntokens;	/* FTS5's row count and total size */
	/* The search form's municipalities with points (sorted as
	 * directory_store_areas() sorts them), topics and forms of support
	 * (directory_store_topics(), _forms()) and languages served. */
	struct dix_packed choices[DIX_CHOICES][LANG_COUNT];
	struct dix_packed langs;
	/* Derived from the above for the search's tests on its candidates
	 * (derive()), small and in doc order so that they stay in the cache
	 * where the docs and their intervals would not: the docs listed
	 * (status not closed), and per three-hour block since blk0 the open
	 * intervals that touch it, by doc. */
	uint64_t *live;
	uint64_t *keybits[DIX_LISTS][DIX_LIST_MAX];	/* the docs with key i */
	uint16_t *dmuni;		/* each doc's municipality */
	int32_t *muni_area[LANG_COUNT];	/* its entry in the form's list */
	uint8_t *dfacts;		/* each doc's facts */
	/* The docs in each language's name order (sort key, then id): a
	 * list without words or distance walks it and stops at its page
	 * and its count's cap, instead of ranking every doc (issue 13). */
	uint32_t *by_name[LANG_COUNT];
	uint32_t *dntok;		/* each doc's row length (bm25) */
	int64_t blk0;
	size_t nblk;			/* 0: no table (open_at() walks) */
	uint32_t *blk_off;		/* nblk + 1 offsets in the two below */
	uint32_t *blk_doc;		/* each entry's doc */
	struct dix_open *blk_open;	/* and its interval */
	struct dix_hstore **hs;		/* the points' hours; hs[0] the newest */
	size_t nhs;
	size_t patched;			/* points read again since the hours
					 * were last compact */
	size_t bytes;
};

struct dix_builder {
	struct dix *ix;
	size_t docs_cap, pool_cap, open_cap, terms_cap, munis_cap;
	uint32_t *hash;			/* term ids + 1, 0 empty */
	size_t hash_cap;
	size_t cursor[DIX_LISTS + 3];	/* ascending walks over the docs */
	bool failed;
};

/* --- building --- */

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;

	if (need <= *cap)
		return p;
	while (c < need)
		c *= 2;
	p = realloc(p, c * size);
	if (p == NULL)
		abort();
	*cap = c;
	return p;
}

static uint32_t
pool_add(struct dix_builder *b, const char *s, size_t len)
{
	struct dix *ix = b->ix;
	uint32_t off = (uint32_t)ix->pool_len;

	ix->pool = grow(ix->pool, &b->pool_cap, ix->pool_len + len + 1, 1);
	memcpy(ix->pool + ix->pool_len, s, len);
	ix->pool[ix->pool_len + len] = '\0';
	ix->pool_len += len + 1;
	return off;
}

/* The doc of point id, from cursor k's position on (ids come in order). */
static struct dix_doc *
doc_at(struct dix_builder *b, int k, int64_t id)
{
	struct dix *ix = b->ix;
	size_t *c = &b->cursor[k];

	while (*c < ix->ndocs && ix->docs[*c].id < id)
		(*c)++;
	return *c < ix->ndocs && ix->docs[*c].id == id ? &ix->docs[*c] : NULL;
}

int
dix_add_point(struct dix_builder *b, const struct dix_point_row *r)
{
	struct dix *ix = b->ix;
	struct dix_doc *d;
	size_t i;
	int l;

	if (ix->ndocs > 0 && r->id <= ix->docs[ix->ndocs - 1].id)
		return -1;
	ix->docs = grow(ix->docs, &b->docs_cap, ix->ndocs + 1, sizeof(*d));
	d = &ix->docs[ix->ndocs++];
	memset(d, 0, sizeof(*d));
	d->id = r->id;
	d->status = (uint8_t)r->status;
	d->facts = (uint8_t)r->facts;
	d->has_point = r->has_point;
	d->lat = r->lat;
	d->lon = r->lon;
	for (l = 0; l < LANG_COUNT; l++)
		d->sort[l] = pool_add(b, r->sort[l], strlen(r->sort[l]));
	for (i = 0; i < ix->nmunis; i++)
		if (strcmp(ix->pool + ix->munis[i], r->municipality) == 0)
			break;
	if (i == ix->nmunis) {
		if (i >= 65535)
			return -1;
		ix->munis = grow(ix->munis, &b->munis_cap, i + 1,
		    sizeof(*ix->munis));
		ix->munis[ix->nmunis++] = pool_add(b, r->municipality,
		    strlen(r->municipality));
	}
	d->muni = (uint16_t)i;
	return 0;
}

static struct dix_hstore *
hstore_new(void)
{
	struct dix_hstore *h = calloc(1, sizeof(*h));

	if (h == NULL)
		abort();
	atomic_init(&h->refs, 1);
	arena_init(&h->arena);
	return h;
}

static void
hstore_drop(struct dix_hstore *h)
{
	if (atomic_fetch_sub(&h->refs, 1) == 1) {
		arena_cleanup(&h->arena);
		free(h);
	}
}

struct arena *
dix_arena(struct dix_builder *b)
{
	return &b->ix->hs[0]->arena;
}

int
dix_set_hours(struct dix_builder *b, const struct service_point *p)
{
	struct dix_doc *d = doc_at(b, DIX_LISTS + 2, p->id);

	if (d == NULL)
		return -1;
	d->hours = p;
	return 0;
}

int
dix_add_list(struct dix_builder *b, enum dix_list k, int64_t id,
    const char *key)
{
	struct dix *ix = b->ix;
	struct dix_doc *d = doc_at(b, (int)k, id);
	size_t i;

	if (d == NULL)
		return 0;	/* a list row of a point not read: none */
	for (i = 0; i < ix->nkeys[k]; i++)
		if (strcmp(ix->pool + ix->keys[k][i], key) == 0)
			break;
	if (i == ix->nkeys[k]) {
		if (i == DIX_LIST_MAX)
			return -1;
		ix->keys[k][ix->nkeys[k]++] = pool_add(b, key, strlen(key));
	}
	d->list[k] |= (uint64_t)1 << i;
	return 0;
}

int
dix_add_open(struct dix_builder *b, int64_t id, int64_t starts_at,
    int64_t ends_at)
{
	struct dix *ix = b->ix;
	struct dix_doc *d = doc_at(b, DIX_LISTS, id);

	if (d == NULL)
		return 0;
	ix->open = grow(ix->open, &b->open_cap, ix->nopen + 1,
	    sizeof(*ix->open));
	if (d->nopen == 0)
		d->open_off = (uint32_t)ix->nopen;
	else if (d->open_off + d->nopen != ix->nopen)
		return -1;	/* not in point order */
	ix->open[ix->nopen].starts_at = starts_at;
	ix->open[ix->nopen].ends_at = ends_at;
	ix->nopen++;
	d->nopen++;
	return 0;
}

static uint32_t
hash_str(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The id of the term s (len bytes), added when new. */
static uint32_t
term_id(struct dix_builder *b, const char *s, size_t len)
{
	struct dix *ix = b->ix;
	struct dix_term *t;
	size_t i, mask;
	uint32_t id;

	if (ix->nterms * 2 >= b->hash_cap) {
		size_t cap = b->hash_cap ? b->hash_cap * 2 : 4096;
		uint32_t *h = calloc(cap, sizeof(*h));

		if (h == NULL)
			abort();
		for (id = 0; id < ix->nterms; id++) {
			const char *ts = ix->pool + ix->terms[id].str;

			for (i = hash_str(ts, strlen(ts)) & (cap - 1); h[i];
			    i = (i + 1) & (cap - 1))
				;
			h[i] = id + 1;
		}
		free(b->hash);
		b->hash = h;
		b->hash_cap = cap;
	}
	mask = b->hash_cap - 1;
	for (i = hash_str(s, len) & mask; b->hash[i]; i = (i + 1) & mask) {
		t = &ix->terms[b->hash[i] - 1];
		if (strncmp(ix->pool + t->str, s, len) == 0 &&
		    ix->pool[t->str + len] == '\0')
			return b->hash[i] - 1;
	}
	ix->terms = grow(ix->terms, &b->terms_cap, ix->nterms + 1,
	    sizeof(*ix->terms));
	t = &ix->terms[ix->nterms];
	memset(t, 0, sizeof(*t));
	t->str = pool_add(b, s, len);
	b->hash[i] = (uint32_t)ix->nterms + 1;
	return (uint32_t)ix->nterms++;
}

/*
 * Whether byte c separates tokens as FTS5's unicode61 tokenizer (and
 * PostgreSQL's parser) split the stored terms: ASCII other than letters
 * and digits.  The analyser writes letters and digits only, so in
 * practice this is the space; any other byte stays in its token.
 */
static bool
separator(unsigned char c)
{
	return c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
}

int
dix_add_terms(struct dix_builder *b, int64_t id, const char *terms,
    size_t len)
{
	struct dix *ix = b->ix;
	struct dix_doc *d = doc_at(b, DIX_LISTS + 1, id);
	struct dix_term *t;
	uint32_t doc, tid;
	size_t i, j;

	/* A row of the search table without its point: FTS5 counts it in
	 * bm25's statistics, this index would not; let the statements
	 * answer. */
	if (d == NULL)
		return -1;
	doc = (uint32_t)(d - ix->docs);
	d->has_row = 1;
	ix->nrows++;
	for (i = 0; i < len; i = j) {
		while (i < len && separator((unsigned char)terms[i])) {
			if (terms[i] >= 'A' && terms[i] <= 'Z')
				return -1;	/* not written by analyse.c */
			i++;
		}
		for (j = i; j < len && !separator((unsigned char)terms[j]);
		    j++)
			;
		if (j == i)
			continue;
		d->ntok++;
		ix->ntokens++;
		tid = term_id(b, terms + i, j - i);
		t = &ix->terms[tid];
		if (t->last == doc + 1) {
			if (t->tf[t->n - 1] == UINT16_MAX)
				return -1;
			t->tf[t->n - 1]++;
			continue;
		}
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 4;
			t->doc = realloc(t->doc, t->cap * sizeof(*t->doc));
			t->tf = realloc(t->tf, t->cap * sizeof(*t->tf));
			if (t->doc == NULL || t->tf == NULL)
				abort();
		}
		t->doc[t->n] = doc;
		t->tf[t->n] = 1;
		t->n++;
		t->last = doc + 1;
	}
	return 0;
}

/* Packs n entries of per strings each (s[i * per + j]) into p. */
static void
pack(struct dix_packed *p, const char *const *s, size_t n, size_t per)
{
	size_t i, len = 0;

	for (i = 0; i < n * per; i++)
		len += strlen(s[i]) + 1;
	p->strs = malloc(len ? len : 1);
	p->off = malloc((n * per + 1) * sizeof(*p->off));
	if (p->strs == NULL || p->off == NULL)
		abort();
	p->len = 0;
	for (i = 0; i < n * per; i++) {
		size_t l = strlen(s[i]) + 1;

		p->off[i] = (uint32_t)p->len;
		memcpy(p->strs + p->len, s[i], l);
		p->len += l;
	}
	p->n = n;
}

static void
packed_free(struct dix_packed *p)
{
	free(p->strs);
	free(p->off);
	memset(p, 0, sizeof(*p));
}

/* The packed strings copied into the arena: their block there. */
static const char *
packed_copy(const struct dix_packed *p, struct arena *a)
{
	char *strs = arena_alloc(a, p->len + 1);

	memcpy(strs, p->strs, p->len);
	return strs;
}

void
dix_set_choices(struct dix_builder *b, enum dix_choices k, enum lang l,
    const struct dir_choice *c, size_t n)
{
	const char **s = calloc(2 * n + 1, sizeof(*s));
	size_t i;

	if (s == NULL)
		abort();
	for (i = 0; i < n; i++) {
		s[2 * i] = c[i].key;
		s[2 * i + 1] = c[i].label;
	}
	pack(&b->ix->choices[k][l], s, n, 2);
	free(s);
}

void
dix_set_languages(struct dix_builder *b, const char *const *langs, size_t n)
{
	pack(&b->ix->langs, langs, n, 1);
}

static void
dix_free(struct dix *ix)
{
	size_t i;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->nterms; i++)
		if (!ix->terms[i].lent) {
			free(ix->terms[i].doc);
			free(ix->terms[i].tf);
		}
	for (i = 0; i < DIX_CHOICES * LANG_COUNT; i++)
		packed_free(&ix->choices[i / LANG_COUNT][i % LANG_COUNT]);
	packed_free(&ix->langs);
	for (i = 0; i < ix->nhs; i++)
		hstore_drop(ix->hs[i]);
	free(ix->hs);
	free(ix->terms);
	free(ix->docs);
	free(ix->pool);
	free(ix->open);
	free(ix->munis);
	free(ix->live);
	for (i = 0; i < DIX_LISTS * DIX_LIST_MAX; i++)
		free(ix->keybits[i / DIX_LIST_MAX][i % DIX_LIST_MAX]);
	free(ix->dmuni);
	for (i = 0; i < LANG_COUNT; i++) {
		free(ix->muni_area[i]);
		free(ix->by_name[i]);
	}
	free(ix->dfacts);
	free(ix->dntok);
	free(ix->blk_off);
	free(ix->blk_doc);
	free(ix->blk_open);
	free(ix);
}

static const char *term_pool;	/* for term_cmp(), under build_mu */

static int
term_cmp(const void *x, const void *y)
{
	const struct dix_term *a = x, *b = y;

	return strcmp(term_pool + a->str, term_pool + b->str);
}

static pthread_mutex_t build_mu = PTHREAD_MUTEX_INITIALIZER;

/* Docs by their name in one language, then by id: hit_cmp()'s order
 * for hits without a key (qsort_r(), so that two builds share no
 * global). */
struct name_order {
	const struct dix *ix;
	int lang;
};

/* Two docs by their name in lang, then by id: the order of a list
 * without a key (hit_cmp(), name_cmp()). */
static int
doc_name_cmp(const struct dix *ix, int lang, const struct dix_doc *a,
    const struct dix_doc *b)
{
	int c = strcmp(ix->pool + a->sort[lang], ix->pool + b->sort[lang]);

	if (c != 0)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int
name_cmp(const void *x, const void *y, void *arg)
{
	const struct name_order *o = arg;

	return doc_name_cmp(o->ix, o->lang, &o->ix->docs[*(const uint32_t *)x],
	    &o->ix->docs[*(const uint32_t *)y]);
}

static void
derive_by_name(struct dix *ix)
{
	struct name_order o = { ix, 0 };
	size_t i;

	for (o.lang = 0; o.lang < LANG_COUNT; o.lang++) {
		uint32_t *v = malloc((ix->ndocs + 1) * sizeof(*v));

		if (v == NULL)
			abort();
		for (i = 0; i < ix->ndocs; i++)
			v[i] = (uint32_t)i;
		if (ix->ndocs > 1)
			qsort_r(v, ix->ndocs, sizeof(*v), name_cmp, &o);
		ix->by_name[o.lang] = v;
	}
}

/* At most this many blocks in the table (the window is DIR_OPEN_DAYS
 * and a few days: about 130): an interval far out leaves the table off. */
#define DIX_BLOCKS_MAX	1024

/* The live bits and the open blocks' table from the docs and their
 * intervals (after a build or a patch). */
static void
derive(struct dix *ix)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN, b;
	size_t i, k, n;
	uint32_t *fill;

	n = ix->ndocs / 64 + 1;
	ix->live = calloc(n, sizeof(*ix->live));
	ix->dmuni = malloc((ix->ndocs + 1) * sizeof(*ix->dmuni));
	ix->dfacts = malloc(ix->ndocs + 1);
	ix->dntok = malloc((ix->ndocs + 1) * sizeof(*ix->dntok));
	if (ix->live == NULL || ix->dmuni == NULL || ix->dfacts == NULL ||
	    ix->dntok == NULL)
		abort();
	derive_by_name(ix);
	for (k = 0; k < DIX_LISTS * DIX_LIST_MAX; k++)
		if (k % DIX_LIST_MAX < ix->nkeys[k / DIX_LIST_MAX] &&
		    (ix->keybits[k / DIX_LIST_MAX][k % DIX_LIST_MAX] =
		    calloc(n, sizeof(uint64_t))) == NULL)
			abort();
	for (i = 0; i < ix->ndocs; i++) {
		const struct dix_doc *d = &ix->docs[i];
		uint64_t bit = (uint64_t)1 << (i & 63), w;

		if (d->status != DIX_NO_POINT && d->status != DIR_CLOSED)
			ix->live[i >> 6] |= bit;
		ix->dmuni[i] = d->muni;
		ix->dfacts[i] = d->facts;
		ix->dntok[i] = d->ntok;
		for (k = 0; k < DIX_LISTS; k++)
			for (w = d->list[k]; w != 0; w &= w - 1)
				ix->keybits[k][__builtin_ctzll(w)][i >> 6] |=
				    bit;
	}
	/* A listed point's municipality has a listed point: it is in the
	 * form's list, whose label is the name a hit shows. */
	for (k = 0; k < LANG_COUNT; k++) {
		const struct dix_packed *ar = &ix->choices[DIX_AREAS][k];

		if ((ix->muni_area[k] = malloc((ix->nmunis + 1) *
		    sizeof(**ix->muni_area))) == NULL)
			abort();
		for (i = 0; i < ix->nmunis; i++) {
			ix->muni_area[k][i] = -1;
			for (n = 0; n < ar->n; n++)
				if (strcmp(ar->strs + ar->off[2 * n], ix->pool +
				    ix->munis[i]) == 0) {
					ix->muni_area[k][i] = (int32_t)n;
					break;
				}
		}
	}
	for (i = 0; i < ix->nopen; i++) {
		if (ix->open[i].starts_at / DIR_OPEN_BLOCK < lo)
			lo = ix->open[i].starts_at / DIR_OPEN_BLOCK;
		if ((ix->open[i].ends_at - 1) / DIR_OPEN_BLOCK > hi)
			hi = (ix->open[i].ends_at - 1) / DIR_OPEN_BLOCK;
	}
	if (ix->nopen == 0 || hi < lo || hi - lo >= DIX_BLOCKS_MAX ||
	    lo < 0)
		return;
	ix->blk0 = lo;
	ix->nblk = (size_t)(hi - lo + 1);
	ix->blk_off = calloc(ix->nblk + 2, sizeof(*ix->blk_off));
	fill = calloc(ix->nblk + 1, sizeof(*fill));
	if (ix->blk_off == NULL || fill == NULL)
		abort();
	for (i = n = 0; i < ix->nopen; i++)
		for (b = ix->open[i].starts_at / DIR_OPEN_BLOCK; b <=
		    (ix->open[i].ends_at - 1) / DIR_OPEN_BLOCK; b++) {
			ix->blk_off[b - lo + 1]++;
			n++;
		}
	for (k = 0; k < ix->nblk; k++)
		ix->blk_off[k + 1] += ix->blk_off[k];
	ix->blk_doc = malloc((n ? n : 1) * sizeof(*ix->blk_doc));
	ix->blk_open = malloc((n ? n : 1) * sizeof(*ix->blk_open));
	if (ix->blk_doc == NULL || ix->blk_open == NULL)
		abort();
	for (i = 0; i < ix->ndocs; i++) {
		const struct dix_open *o = ix->open + ix->docs[i].open_off;

		for (k = 0; k < ix->docs[i].nopen; k++)
			for (b = o[k].starts_at / DIR_OPEN_BLOCK; b <=
			    (o[k].ends_at - 1) / DIR_OPEN_BLOCK; b++) {
				size_t e = ix->blk_off[b - lo] + fill[b - lo]++;

				ix->blk_doc[e] = (uint32_t)i;
				ix->blk_open[e] = o[k];
			}
	}
	free(fill);
}

/* The index's size in bytes, into ix->bytes. */
static void
finish_bytes(struct dix *ix)
{
	size_t i, bytes;

	bytes = sizeof(*ix) + ix->ndocs * sizeof(*ix->docs) + ix->pool_len +
	    ix->nopen * sizeof(*ix->open) + ix->nterms * sizeof(*ix->terms) +
	    ix->nmunis * sizeof(*ix->munis);
	for (i = 0; i < ix->nhs; i++)
		bytes += ix->hs[i]->arena.total;
	for (i = 0; i < DIX_LISTS; i++)
		bytes += ix->nkeys[i] * (ix->ndocs / 64 + 1) * sizeof(uint64_t);
	bytes += ix->ndocs * (sizeof(*ix->dmuni) + sizeof(*ix->dfacts) +
	    sizeof(*ix->dntok) + LANG_COUNT * sizeof(**ix->by_name));
	bytes += (ix->ndocs / 64 + 1) * sizeof(*ix->live) + (ix->nblk + 2) *
	    sizeof(*ix->blk_off) + (ix->nblk ? ix->blk_off[ix->nblk] : 0) *
	    (sizeof(*ix->blk_doc) + sizeof(*ix->blk_open));
	for (i = 0; i < ix->nterms; i++)
		bytes += ix->terms[i].n * (sizeof(*ix->terms[i].doc) +
		    sizeof(*ix->terms[i].tf));
	ix->bytes = bytes;
}

/* Sorts the vocabulary, trims every list to its size, counts bytes. */
static void
finish(struct dix *ix)
{
	size_t i;

	pthread_mutex_lock(&build_mu);
	term_pool = ix->pool;
	/* Not with none: an empty directory's list is NULL, and qsort()'s
	 * pointer is declared non-null (UBSan). */
	if (ix->nterms > 1)
		qsort(ix->terms, ix->nterms, sizeof(*ix->terms), term_cmp);
	pthread_mutex_unlock(&build_mu);
	for (i = 0; i < ix->nterms; i++) {
		struct dix_term *t = &ix->terms[i];

		t->doc = realloc(t->doc, (t->n ? t->n : 1) * sizeof(*t->doc));
		t->tf = realloc(t->tf, (t->n ? t->n : 1) * sizeof(*t->tf));
		if (t->doc == NULL || t->tf == NULL)
			abort();
		t->cap = t->n;
	}
	derive(ix);
	finish_bytes(ix);
}

/* --- the index's life --- */

static const struct dix_doc *doc_of(const struct dix *ix, int64_t id);

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct dix *current;		/* under mu */
static bool building;			/* under mu */
static bool stopping;			/* under mu: no build starts */
static unsigned nthreads;		/* under mu: build threads alive */
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;	/* nthreads 0 */
static bool failed;			/* under mu */
static int64_t failed_stamp;		/* under mu */
static int64_t failed_day;		/* under mu */
static int64_t failed_at;		/* under mu: time_mono_ns() */
#define DIX_RETRY_NS	60000000000LL	/* a failed build is tried again */

static void
release(struct dix *ix)
{
	bool drop;

	pthread_mutex_lock(&mu);
	drop = --ix->refs == 0 && ix != current;
	pthread_mutex_unlock(&mu);
	if (drop)
		dix_free(ix);
}

/* The key index in ix's list k (of at most DIX_LIST_MAX) of the string
 * str, added when new; -1 when the list is full. */
static int
key_map(struct dix_builder *b, enum dix_list k, const char *str)
{
	struct dix *ix = b->ix;
	size_t i;

	for (i = 0; i < ix->nkeys[k]; i++)
		if (strcmp(ix->pool + ix->keys[k][i], str) == 0)
			return (int)i;
	if (i == DIX_LIST_MAX)
		return -1;
	ix->keys[k][ix->nkeys[k]++] = pool_add(b, str, strlen(str));
	return (int)i;
}

/* The municipality index of str in ix, added when new; -1 when full. */
static int
muni_map(struct dix_builder *b, const char *str)
{
	struct dix *ix = b->ix;
	size_t i;

	for (i = 0; i < ix->nmunis; i++)
		if (strcmp(ix->pool + ix->munis[i], str) == 0)
			return (int)i;
	if (i >= 65535)
		return -1;
	ix->munis = grow(ix->munis, &b->munis_cap, i + 1, sizeof(*ix->munis));
	ix->munis[ix->nmunis++] = pool_add(b, str, strlen(str));
	return (int)i;
}

/* Whether a doc of bits is in t's postings. */
static bool
touched(const struct dix_term *t, const uint64_t *bits)
{
	uint32_t i;

	for (i = 0; i < t->n; i++)
		if (bits[t->doc[i] >> 6] & ((uint64_t)1 << (t->doc[i] & 63)))
			return true;
	return false;
}

/* A term's postings into nw: old's (t, NULL for none) but the docs read
 * again (bits), merged in doc order with m's (u, NULL for none) at their
 * places pos[]. */
static void
merge_postings(struct dix_term *out, const struct dix_term *t,
    const uint64_t *bits, const struct dix_term *u, const uint32_t *pos)
{
	size_t i = 0, j = 0, n = 0, cap = (t ? t->n : 0) + (u ? u->n : 0);
	uint32_t d;

	out->doc = malloc((cap ? cap : 1) * sizeof(*out->doc));
	out->tf = malloc((cap ? cap : 1) * sizeof(*out->tf));
	if (out->doc == NULL || out->tf == NULL)
		abort();
	for (;;) {
		while (t != NULL && i < t->n && (bits[t->doc[i] >> 6] &
		    ((uint64_t)1 << (t->doc[i] & 63))))
			i++;
		if (t != NULL && i < t->n && (u == NULL || j >= u->n ||
		    t->doc[i] < pos[u->doc[j]])) {
			out->doc[n] = t->doc[i];
			out->tf[n++] = t->tf[i++];
		} else if (u != NULL && j < u->n) {
			d = pos[u->doc[j]];
			out->doc[n] = d;
			out->tf[n++] = u->tf[j++];
		} else
			break;
	}
	out->n = out->cap = (uint32_t)n;
}

/*
 * A new index: old with the points of m (read again at m's stamp: each
 * one already in old, or new past its last) put in their place, without
 * reading the rest of the directory again.  The arrays are made anew and
 * compact (the work is a copy of the index, no statement) but two: the
 * postings of a term none of m's points had or has are handed over, not
 * copied (old is replaced by the new index as soon as it is made, and is
 * never patched again), and the points' hours are shared with old, m's
 * added, until the points read again since the last compaction
 * outnumber the points, when the live hours are copied into one arena.
 * NULL when m cannot be put in (a point new but not past the last, a
 * list or municipality too many): then the caller builds anew.
 */
static struct dix *
patch(struct dix *old, struct dix *m)
{
	struct dix_builder nb;
	struct dix *nw;
	struct dix_doc *d;
	const struct dix_doc *md, *od;
	uint32_t *pos, *kmap[DIX_LISTS];
	uint64_t *bits;
	size_t i, j, k, cap, ndocs, nopen;
	bool compact;
	int x, c;

	memset(&nb, 0, sizeof(nb));
	if ((nw = nb.ix = calloc(1, sizeof(*nw))) == NULL)
		abort();
	cap = old->ndocs + m->ndocs;
	pos = calloc(m->ndocs + 1, sizeof(*pos));
	bits = calloc(cap / 64 + 1, sizeof(*bits));
	nw->docs = malloc((cap ? cap : 1) * sizeof(*nw->docs));
	if (pos == NULL || bits == NULL || nw->docs == NULL)
		abort();
	nb.docs_cap = cap;
	if (old->ndocs > 0)
		memcpy(nw->docs, old->docs, old->ndocs * sizeof(*nw->docs));
	ndocs = old->ndocs;
	nw->nrows = old->nrows;
	nw->ntokens = old->ntokens;
	/* The lists' keys and the municipalities: old's in their order (so
	 * the unchanged points' bits hold), m's new ones after them. */
	for (k = 0; k < DIX_LISTS; k++) {
		for (i = 0; i < old->nkeys[k]; i++)
			(void)key_map(&nb, (enum dix_list)k, old->pool +
			    old->keys[k][i]);
		kmap[k] = calloc(DIX_LIST_MAX, sizeof(**kmap));
		if (kmap[k] == NULL)
			abort();
		for (i = 0; i < m->nkeys[k]; i++) {
			if ((x = key_map(&nb, (enum dix_list)k, m->pool +
			    m->keys[k][i])) < 0)
				goto fail;
			kmap[k][i] = (uint32_t)x;
		}
	}
	for (i = 0; i < old->nmunis; i++)
		(void)muni_map(&nb, old->pool + old->munis[i]);
	for (j = 0; j < m->ndocs; j++) {
		md = &m->docs[j];
		od = doc_of(old, md->id);
		if (od != NULL) {
			d = nw->docs + (od - old->docs);
			nw->nrows -= d->has_row;
			nw->ntokens -= d->ntok;
		} else if (ndocs == 0 || md->id > nw->docs[ndocs - 1].id)
			d = &nw->docs[ndocs++];
		else
			goto fail;
		pos[j] = (uint32_t)(d - nw->docs);
		bits[pos[j] >> 6] |= (uint64_t)1 << (pos[j] & 63);
		*d = *md;
		if ((x = muni_map(&nb, m->pool + m->munis[md->muni])) < 0)
			goto fail;
		d->muni = (uint16_t)x;
		for (k = 0; k < DIX_LISTS; k++) {
			d->list[k] = 0;
			for (i = 0; i < m->nkeys[k]; i++)
				if (md->list[k] & ((uint64_t)1 << i))
					d->list[k] |= (uint64_t)1 << kmap[k][i];
		}
		nw->nrows += md->has_row;
		nw->ntokens += md->ntok;
	}
	nw->ndocs = ndocs;
	/* The sort keys and the open intervals, point by point. */
	for (i = nopen = 0; i < ndocs; i++)
		nopen += nw->docs[i].nopen;
	nw->open = malloc((nopen ? nopen : 1) * sizeof(*nw->open));
	if (nw->open == NULL)
		abort();
	for (i = j = 0; i < ndocs; i++) {
		const struct dix *src = old;
		const struct dix_doc *sd = &old->docs[i];

		d = &nw->docs[i];
		if (bits[i >> 6] & ((uint64_t)1 << (i & 63))) {
			while (pos[j] != i)
				j++;
			src = m;
			sd = &m->docs[j];
		}
		for (c = 0; c < LANG_COUNT; c++)
			d->sort[c] = pool_add(&nb, src->pool + sd->sort[c],
			    strlen(src->pool + sd->sort[c]));
		/* A set of points none of which is ever open has no open
		 * array at all (NULL): memcpy() must not be given it. */
		if (sd->nopen > 0)
			memcpy(nw->open + nw->nopen, src->open + sd->open_off,
			    sd->nopen * sizeof(*nw->open));
		d->open_off = (uint32_t)nw->nopen;
		nw->nopen += sd->nopen;
	}
	/* The vocabulary: both sorted, merged; a term no point has any more
	 * is left out. */
	nw->terms = malloc((old->nterms + m->nterms + 1) * sizeof(*nw->terms));
	if (nw->terms == NULL)
		abort();
	for (i = j = 0; i < old->nterms || j < m->nterms;) {
		const struct dix_term *t = NULL, *u = NULL;
		struct dix_term *out = &nw->terms[nw->nterms];

		if (i >= old->nterms)
			u = &m->terms[j++];
		else if (j >= m->nterms)
			t = &old->terms[i++];
		else {
			c = strcmp(old->pool + old->terms[i].str, m->pool +
			    m->terms[j].str);
			if (c <= 0)
				t = &old->terms[i++];
			if (c >= 0)
				u = &m->terms[j++];
		}
		memset(out, 0, sizeof(*out));
		if (u == NULL && !touched(t, bits)) {
			/* Unchanged: its postings are handed over, not copied
			 * (old, replaced by nw, no longer frees them). */
			out->doc = t->doc;
			out->tf = t->tf;
			out->n = out->cap = t->n;
			old->terms[i - 1].lent = true;
		} else
			merge_postings(out, t, bits, u, pos);
		if (out->n == 0) {
			free(out->doc);
			free(out->tf);
			continue;
		}
		out->str = t != NULL ? pool_add(&nb, old->pool + t->str,
		    strlen(old->pool + t->str)) : pool_add(&nb, m->pool +
		    u->str, strlen(m->pool + u->str));
		nw->nterms++;
	}
	/* The form's lists as m read them. */
	memcpy(nw->choices, m->choices, sizeof(nw->choices));
	memset(m->choices, 0, sizeof(m->choices));
	nw->langs = m->langs;
	memset(&m->langs, 0, sizeof(m->langs));
	/* The hours: m's arena joins old's, or the live hours are copied. */
	nw->patched = old->patched + m->ndocs;
	compact = nw->patched > ndocs;
	nw->hs = calloc(old->nhs + 2, sizeof(*nw->hs));
	if (nw->hs == NULL)
		abort();
	nw->hs[nw->nhs++] = m->hs[0];
	m->nhs = 0;
	if (compact) {
		struct dix_hstore *h = hstore_new();

		nw->hs[nw->nhs++] = h;
		for (i = 0; i < ndocs; i++) {
			struct service_point *p;

			d = &nw->docs[i];
			if (d->hours == NULL || (bits[i >> 6] & ((uint64_t)1 <<
			    (i & 63))))
				continue;
			p = arena_calloc(&h->arena, 1, sizeof(*p));
			dir_hours_copy(&h->arena, d->hours, p);
			for (c = 0; c < LANG_COUNT; c++) {
				p->name[c] = arena_strdup(&h->arena,
				    d->hours->name[c]);
				p->summary[c] = arena_strdup(&h->arena,
				    d->hours->summary[c]);
			}
			p->street = arena_strdup(&h->arena, d->hours->street);
			p->postcode = arena_strdup(&h->arena,
			    d->hours->postcode);
			p->post_office = arena_strdup(&h->arena,
			    d->hours->post_office);
			d->hours = p;
		}
		nw->patched = 0;
	} else
		for (i = 0; i < old->nhs; i++) {
			atomic_fetch_add(&old->hs[i]->refs, 1);
			nw->hs[nw->nhs++] = old->hs[i];
		}
	for (k = 0; k < DIX_LISTS; k++)
		free(kmap[k]);
	free(pos);
	free(bits);
	derive(nw);
	finish_bytes(nw);
	return nw;
 fail:
	for (k = 0; k < DIX_LISTS; k++)
		free(kmap[k]);
	free(pos);
	free(bits);
	nw->ndocs = 0;
	dix_free(nw);
	return NULL;
}

/* The CPU time of the calling thread: a build's own cost, which the wall
 * time of a thread at nice 10 on a busy box is not. */
static int64_t
thread_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void *
build_main(void *arg)
{
	struct dix_builder b;
	struct dix *old = NULL, *base, *nw = NULL;
	struct db *db;
	int64_t stamp = 0, day = 0, t0 = time_mono_ns(), c0 = thread_cpu_ns();
	int64_t since, since_day;
	size_t read = 0, ndocs = 0, nterms = 0, bytes = 0;
	bool patched = false;
	int rc = -1;

	(void)arg;
	/* Behind the requests and the start: the statements answer
	 * meanwhile.  Linux gives each thread its own nice value. */
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
	pthread_mutex_lock(&mu);
	if ((base = current) != NULL)
		base->refs++;
	pthread_mutex_unlock(&mu);
	/* With an index, only the points written since its stamp are read
	 * (0036), unless they are half the directory or more. */
	since = base != NULL ? base->stamp : -1;
	since_day = base != NULL ? base->day : 0;
	if ((db = db_thread()) != NULL) {
		for (;;) {
			memset(&b, 0, sizeof(b));
			if ((b.ix = calloc(1, sizeof(*b.ix))) == NULL)
				abort();
			if ((b.ix->hs = calloc(1, sizeof(*b.ix->hs))) == NULL)
				abort();
			b.ix->hs[b.ix->nhs++] = hstore_new();
			rc = directory_store_index_load(db, &b, since,
			    since_day, base != NULL ? base->ndocs / 2 : 0,
			    &stamp, &day, &patched);
			free(b.hash);
			if (rc == 0)
				finish(b.ix);
			if (rc != 0 || !patched) {
				nw = b.ix;
				break;
			}
			read = b.ix->ndocs;
			nw = patch(base, b.ix);
			dix_free(b.ix);
			if (nw != NULL)
				break;
			since = -1;	/* not a patch: build anew */
		}
	}
	if (base != NULL)
		release(base);
	if (rc == 0) {
		ndocs = nw->ndocs;
		nterms = nw->nterms;
		bytes = nw->bytes;
	}
	pthread_mutex_lock(&mu);
	if (rc == 0) {
		nw->stamp = stamp;
		nw->day = day;
		old = current;
		current = nw;
		if (old != NULL && old->refs > 0)
			old = NULL;	/* its last reader frees it */
		failed = false;
	} else {
		old = nw;
		failed = true;
		failed_stamp = stamp;
		failed_day = day;
		failed_at = time_mono_ns();
	}
	building = false;
	pthread_mutex_unlock(&mu);
	if (rc != 0)
		log_warn("directory: the search index was not built; the "
		    "database answers the search");
	else if (patched)
		log_info("directory: search index updated: %zu points read "
		    "again, %zu points, %zu terms, %.1f MiB, %lld ms (%lld ms "
		    "of CPU)", read, ndocs, nterms, (double)bytes / 1048576.0,
		    (long long)((time_mono_ns() - t0) / 1000000),
		    (long long)((thread_cpu_ns() - c0) / 1000000));
	else
		log_info("directory: search index built: %zu points, %zu "
		    "terms, %.1f MiB, %lld ms (%lld ms of CPU)", ndocs, nterms,
		    (double)bytes / 1048576.0,
		    (long long)((time_mono_ns() - t0) / 1000000),
		    (long long)((thread_cpu_ns() - c0) / 1000000));
	dix_free(old);
	db_thread_close();
	pthread_mutex_lock(&mu);
	if (--nthreads == 0)
		pthread_cond_broadcast(&idle);
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* TUKIVERKKO_DIRECTORY_INDEX=off, read once (every request thread asks). */
static bool
disabled(void)
{
	static atomic_int off = -1;
	int v = atomic_load(&off);

	if (v < 0) {
		const char *e = getenv("TUKIVERKKO_DIRECTORY_INDEX");

		v = e != NULL && strcmp(e, "off") == 0;
		atomic_store(&off, v);
	}
	return v;
}

/* Starts a build unless one runs, or one failed at this stamp and open
 * day less than a minute ago.  Under mu. */
static void
start_build(int64_t stamp, int64_t day)
{
	pthread_attr_t attr;
	pthread_t t;

	if (building || stopping || (failed && failed_stamp == stamp &&
	    failed_day == day && time_mono_ns() - failed_at < DIX_RETRY_NS))
		return;
	building = true;
	nthreads++;
	if (pthread_attr_init(&attr) != 0)
		building = false;
	else {
		if (pthread_attr_setdetachstate(&attr,
		    PTHREAD_CREATE_DETACHED) != 0 ||
		    pthread_create(&t, &attr, build_main, NULL) != 0)
			building = false;
		pthread_attr_destroy(&attr);
	}
	if (!building)
		nthreads--;
}

/*
 * A build thread holds a database connection of its own: the process must
 * not exit under it (libpq's Kerberos library, torn down at exit, aborted a
 * PostgreSQL server stopped while the first build of its start ran).
 */
void
directory_index_stop(void)
{
	pthread_mutex_lock(&mu);
	stopping = true;
	while (nthreads > 0)
		pthread_cond_wait(&idle, &mu);
	pthread_mutex_unlock(&mu);
}

/*
 * The index of the directory db reads now, with a reference taken, or
 * NULL (and a build or a patch started).  The directory's stamp, one row
 * read by its key, and its open day, one end of an index, tell: the index
 * built at the same stamp and open day has the directory as it is,
 * whatever else was written since (and a write by another process or
 * server, which this one may never hear of, moves them too).
 */
static struct dix *
acquire(struct db *db)
{
	struct dix *ix;
	int64_t stamp, day;

	if (directory_store_stamp(db, &stamp, &day) != 0)
		return NULL;
	pthread_mutex_lock(&mu);
	if ((ix = current) != NULL && ix->stamp == stamp && ix->day == day)
		ix->refs++;
	else {
		ix = NULL;
		start_build(stamp, day);
	}
	pthread_mutex_unlock(&mu);
	return ix;
}

/* The doc of point id, or NULL (binary search). */
static const struct dix_doc *
doc_of(const struct dix *ix, int64_t id)
{
	size_t lo = 0, hi = ix->ndocs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ix->docs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->ndocs && ix->docs[lo].id == id ? &ix->docs[lo] : NULL;
}

int
dix_hours(struct db *db, struct arena *a, const int64_t *ids, size_t n,
    struct service_point *out)
{
	const struct dix_doc *d;
	struct dix *ix;
	size_t i;

	if (disabled() || (ix = acquire(db)) == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		if ((d = doc_of(ix, ids[i])) == NULL || d->hours == NULL)
			break;
		memset(&out[i], 0, sizeof(out[i]));
		dir_hours_copy(a, d->hours, &out[i]);
	}
	release(ix);
	return i == n;
}

static struct dir_choice *
choices_copy(const struct dix *ix, struct arena *a, enum dix_choices k,
    enum lang l, size_t *n)
{
	const struct dix_packed *p = &ix->choices[k][l];
	const char *strs = packed_copy(p, a);
	struct dir_choice *out = arena_calloc(a, p->n + 1, sizeof(*out));
	size_t i;

	for (i = 0; i < p->n; i++) {
		out[i].key = strs + p->off[2 * i];
		out[i].label = strs + p->off[2 * i + 1];
	}
	*n = p->n;
	return out;
}

static const char **
languages_copy(const struct dix *ix, struct arena *a, size_t *n)
{
	const struct dix_packed *p = &ix->langs;
	const char *strs = packed_copy(p, a);
	const char **out = arena_calloc(a, p->n + 1, sizeof(*out));
	size_t i;

	for (i = 0; i < p->n; i++)
		out[i] = strs + p->off[i];
	*n = p->n;
	return out;
}

int
dix_choices(struct db *db, struct arena *a, enum dix_choices k, enum lang l,
    struct dir_choice **out, size_t *n)
{
	struct dix *ix;

	if (disabled() || (ix = acquire(db)) == NULL)
		return 0;
	*out = choices_copy(ix, a, k, l, n);
	release(ix);
	return 1;
}

int
dix_search_choices(struct db *db, struct arena *a, enum lang l,
    struct dir_search_choices *c)
{
	struct dix *ix;

	if (disabled() || (ix = acquire(db)) == NULL)
		return 0;
	c->areas = choices_copy(ix, a, DIX_AREAS, l, &c->nareas);
	c->topics = choices_copy(ix, a, DIX_TOPICS, l, &c->ntopics);
	c->forms = choices_copy(ix, a, DIX_FORMS, l, &c->nforms);
	c->langs = languages_copy(ix, a, &c->nlangs);
	release(ix);
	return 1;
}

int
dix_languages(struct db *db, struct arena *a, const char ***out, size_t *n)
{
	struct dix *ix;

	if (disabled() || (ix = acquire(db)) == NULL)
		return 0;
	*out = languages_copy(ix, a, n);
	release(ix);
	return 1;
}

void
dix_refresh(struct db *db)
{
	struct dix *ix;

	if (!disabled() && (ix = acquire(db)) != NULL)
		release(ix);
}

size_t
dix_footprint(size_t *points)
{
	size_t bytes = 0;

	pthread_mutex_lock(&mu);
	*points = current != NULL ? current->ndocs : 0;
	if (current != NULL)
		bytes = current->bytes;
	pthread_mutex_unlock(&mu);
	return bytes;
}

/* --- the search --- */

/* A phrase's postings: the docs whose rows have it, with how often. */
struct plist {
	const uint32_t *doc;
	const uint16_t *tf;	/* NULL: counts in f */
	const uint32_t *f;
	size_t n;
};

/* The first term at or after s in the sorted vocabulary. */
static size_t
lower_bound(const struct dix *ix, const char *s)
{
	size_t lo = 0, hi = ix->nterms, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(ix->pool + ix->terms[mid].str, s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The postings of a phrase: a term, or (prefix) every term that begins
 * with it, merged with their counts summed.  -1 when the term would be
 * more than one token to FTS5 (then the statements answer).
 */
static int
phrase_list(const struct dix *ix, struct arena *a, const char *s,
    bool prefix, struct plist *out)
{
	size_t len = strlen(s), lo, hi, i, k, total = 0, n;
	uint32_t *f, *doc;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < len; i++)
		if (separator((unsigned char)s[i]))
			return -1;
	lo = lower_bound(ix, s);
	if (!prefix) {
		if (lo < ix->nterms && strcmp(ix->pool + ix->terms[lo].str,
		    s) == 0) {
			out->doc = ix->terms[lo].doc;
			out->tf = ix->terms[lo].tf;
			out->n = ix->terms[lo].n;
		}
		return 0;
	}
	for (hi = lo; hi < ix->nterms && strncmp(ix->pool +
	    ix->terms[hi].str, s, len) == 0; hi++)
		total += ix->terms[hi].n;
	if (hi - lo == 1) {
		out->doc = ix->terms[lo].doc;
		out->tf = ix->terms[lo].tf;
		out->n = ix->terms[lo].n;
		return 0;
	}
	if (hi == lo)
		return 0;
	/* Summed over the docs: a count per doc, then its docs in order. */
	f = arena_calloc(a, ix->ndocs + 1, sizeof(*f));
	for (k = lo; k < hi; k++)
		for (i = 0; i < ix->terms[k].n; i++)
			f[ix->terms[k].doc[i]] += ix->terms[k].tf[i];
	n = 0;
	doc = arena_alloc(a, (total < ix->ndocs ? total : ix->ndocs) * sizeof(*doc) + 1);
	for (i = 0; i < ix->ndocs; i++)
		if (f[i] != 0) {
			doc[n] = (uint32_t)i;
			f[n] = f[i];
			n++;
		}
	out->doc = doc;
	out->f = f;
	out->n = n;
	return 0;
}

static uint32_t
plist_f(const struct plist *l, size_t i)
{
	return l->tf != NULL ? l->tf[i] : l->f[i];
}

/*
 * A group: the docs that have one of its phrases.  One phrase: its
 * postings, walked with a cursor (the candidates come in doc order);
 * several: a bitmap of their union, and its docs listed only when the
 * group drives the search.
 */
struct group {
	const uint32_t *doc;
	size_t n, at;
	uint64_t *bits;
};

static void
group_of(const struct dix *ix, struct arena *a, const struct plist *p,
    size_t np, struct group *g)
{
	uint64_t *bits, m;
	size_t i, k, n = 0;
	uint32_t d;

	memset(g, 0, sizeof(*g));
	if (np == 1) {
		g->doc = p[0].doc;
		g->n = p[0].n;
		return;
	}
	bits = arena_calloc(a, ix->ndocs / 64 + 1, sizeof(*bits));
	for (k = 0; k < np; k++)
		for (i = 0; i < p[k].n; i++) {
			d = p[k].doc[i];
			m = (uint64_t)1 << (d & 63);
			n += !(bits[d >> 6] & m);
			bits[d >> 6] |= m;
		}
	g->n = n;
	g->bits = bits;
}

/* The group's docs in order (for the group that drives the search). */
static void
group_list(const struct dix *ix, struct arena *a, struct group *g)
{
	uint32_t *doc;
	uint64_t w;
	size_t i, n = 0;

	if (g->bits == NULL)
		return;
	doc = arena_alloc(a, (g->n + 1) * sizeof(*doc));
	for (i = 0; i <= ix->ndocs / 64 && n < g->n; i++)
		for (w = g->bits[i]; w != 0; w &= w - 1)
			doc[n++] = (uint32_t)(i * 64 + (size_t)__builtin_ctzll(w));
	g->doc = doc;
}

/* Position of the first entry >= doc in l from lo on: galloping, for
 * docs asked in ascending order. */
static size_t
gallop(const uint32_t *l, size_t n, size_t lo, uint32_t doc)
{
	size_t step = 1, hi, mid;

	if (lo >= n || l[lo] >= doc)
		return lo;
	hi = lo + 1;
	while (hi < n && l[hi] < doc) {
		lo = hi;
		hi += step;
		step *= 2;
	}
	if (hi > n)
		hi = n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l[mid] < doc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether the group has doc; docs asked in ascending order. */
static bool
group_has(struct group *g, uint32_t doc)
{
	if (g->bits != NULL)
		return g->bits[doc >> 6] & ((uint64_t)1 << (doc & 63));
	g->at = gallop(g->doc, g->n, g->at, doc);
	return g->at < g->n && g->doc[g->at] == doc;
}

/* What a search tests on each point. */
struct want {
	int muni;			/* -1 any; -2 none can match */
	int list[DIX_LISTS];		/* bit, -1 any, -2 none */
	bool need[4];
	bool fields;			/* any of the above to test */
	int64_t open_at;
	/* The open block's intervals (the table's), and a cursor in them:
	 * candidates come in doc order. */
	const uint32_t *bdoc;
	const struct dix_open *bopen;
	size_t nblk, at;
};

static int
key_bit(const struct dix *ix, enum dix_list k, const char *v)
{
	size_t i;

	if (v == NULL)
		return -1;
	for (i = 0; i < ix->nkeys[k]; i++)
		if (strcmp(ix->pool + ix->keys[k][i], v) == 0)
			return (int)i;
	return -2;
}

/* Whether the interval o holds t: the statement's test (an interval
 * starts at most OPEN_LONGEST before, for its index's sake). */
static bool
holds(const struct dix_open *o, int64_t t)
{
	return o->starts_at <= t && o->starts_at > t - DIX_OPEN_LONGEST &&
	    o->ends_at > t;
}

/* Whether d has an open interval around t, by its own intervals (when
 * the index has no table of blocks). */
static bool
open_at(const struct dix *ix, const struct dix_doc *d, int64_t t)
{
	const struct dix_open *o = ix->open + d->open_off;
	uint32_t i;

	for (i = 0; i < d->nopen; i++)
		if (holds(&o[i], t))
			return true;
	return false;
}

/* Whether doc has an interval around w->open_at among the intervals that
 * touch its block (every interval that holds it does); docs asked in
 * ascending order. */
static bool
open_in_block(struct want *w, uint32_t doc)
{
	size_t i;

	w->at = gallop(w->bdoc, w->nblk, w->at, doc);
	for (i = w->at; i < w->nblk && w->bdoc[i] == doc; i++)
		if (holds(&w->bopen[i], w->open_at))
			return true;
	return false;
}

#define F_SF	(1u << FACT_STEP_FREE)
#define F_LIFT	(1u << FACT_LIFT)
#define F_WC	(1u << FACT_TOILET)
#define F_LOOP	(1u << FACT_LOOP)
#define F_LT	(1u << FACT_LARGE_TEXT)
#define F_DOG	(1u << FACT_GUIDE_DOG)

/*
 * Whether the doc passes the search's filters.  It reads the derived
 * arrays (derive()), not the doc, whose line would be a cache miss a
 * candidate.
 */
static bool
passes(const struct dix *ix, uint32_t doc, struct want *w)
{
	uint64_t bit = (uint64_t)1 << (doc & 63);
	unsigned facts;
	int k;

	if (!(ix->live[doc >> 6] & bit))
		return false;
	if (w->fields) {
		if (w->muni != -1 && ix->dmuni[doc] != w->muni)
			return false;
		for (k = 0; k < DIX_LISTS; k++)
			if (w->list[k] != -1 && (w->list[k] < 0 ||
			    !(ix->keybits[k][w->list[k]][doc >> 6] & bit)))
				return false;
		facts = ix->dfacts[doc];
		if ((w->need[0] && (facts & (F_SF | F_LIFT)) !=
		    (F_SF | F_LIFT)) ||
		    (w->need[1] && !(facts & F_WC)) ||
		    (w->need[2] && !(facts & F_LOOP)) ||
		    (w->need[3] && (facts & (F_LT | F_DOG)) !=
		    (F_LT | F_DOG)))
			return false;
	}
	if (w->open_at == 0)
		return true;
	return ix->nblk > 0 ? open_in_block(w, doc) : open_at(ix,
	    &ix->docs[doc], w->open_at);
}

/* A match and what it is ordered by. */
struct hit {
	uint32_t doc;
	double key;		/* bm25 (lower first) or distance */
	bool last;		/* no point on the map: after the rest */
};

struct order {
	const struct dix *ix;
	int lang;
	bool by_key;
};

static int
hit_cmp(const struct order *o, const struct hit *x, const struct hit *y)
{
	if (x->last != y->last)
		return x->last ? 1 : -1;
	if (o->by_key && !x->last && x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return doc_name_cmp(o->ix, o->lang, &o->ix->docs[x->doc],
	    &o->ix->docs[y->doc]);
}

/* Keeps the first k of the hits offered, as a max-heap of k. */
struct top {
	struct hit *h;
	size_t n, k;
	const struct order *o;
};

static void
top_swap(struct hit *a, struct hit *b)
{
	struct hit t = *a;

	*a = *b;
	*b = t;
}

static void
top_offer(struct top *t, const struct hit *h)
{
	size_t i, c;

	if (t->k == 0)
		return;
	if (t->n < t->k) {
		i = t->n++;
		t->h[i] = *h;
		while (i > 0 && hit_cmp(t->o, &t->h[(i - 1) / 2], &t->h[i]) <
		    0) {
			top_swap(&t->h[(i - 1) / 2], &t->h[i]);
			i = (i - 1) / 2;
		}
		return;
	}
	if (hit_cmp(t->o, h, &t->h[0]) >= 0)
		return;
	t->h[0] = *h;
	for (i = 0;; i = c) {
		c = 2 * i + 1;
		if (c >= t->n)
			break;
		if (c + 1 < t->n && hit_cmp(t->o, &t->h[c + 1], &t->h[c]) > 0)
			c++;
		if (hit_cmp(t->o, &t->h[c], &t->h[i]) <= 0)
			break;
		top_swap(&t->h[c], &t->h[i]);
	}
}

static __thread const struct order *tl_order;

static int
top_qcmp(const void *x, const void *y)
{
	return hit_cmp(tl_order, x, y);
}

/* The kept hits in order. */
static void
top_sort(struct top *t)
{
	tl_order = t->o;
	if (t->n > 1)
		qsort(t->h, t->n, sizeof(*t->h), top_qcmp);
}

/*
 * bm25 as FTS5's fts5Bm25Function() computes it, term by term in the
 * same order and the same arithmetic, so that the order (and its ties)
 * is the statement's: k1 1.2, b 0.75, each phrase's IDF from the number
 * of rows that have it (at least 1e-6), the row's length in tokens
 * against the average.
 */
static double
bm25(const struct dix *ix, const struct plist *p, size_t *at,
    const double *idf, size_t np, uint32_t doc)
{
	const double k1 = 1.2, b = 0.75;
	double avgdl = (double)ix->ntokens / (double)ix->nrows;
	double D = (double)ix->dntok[doc], score = 0.0, f;
	size_t i;

	for (i = 0; i < np; i++) {
		at[i] = gallop(p[i].doc, p[i].n, at[i], doc);
		f = at[i] < p[i].n && p[i].doc[at[i]] == doc ?
		    (double)plist_f(&p[i], at[i]) : 0.0;
		score += idf[i] * ((f * (k1 + 1.0)) /
		    (f + k1 * (1 - b + b * D / avgdl)));
	}
	return -1.0 * score;
}

static double
dist(const struct dix_doc *d, const struct dir_query *q, double coslat)
{
	return (d->lat - q->lat) * (d->lat - q->lat) + ((d->lon - q->lon) *
	    coslat) * ((d->lon - q->lon) * coslat);
}

/* The hit of doc as the statements' HIT_COLS and hit_fill() give it. */
static void
hit_of(const struct dix *ix, struct arena *a, const struct dir_query *q,
    uint32_t doc, int64_t total, struct dir_hit *h)
{
	const struct dix_doc *d = &ix->docs[doc];
	const struct service_point *p = d->hours;
	const struct dix_packed *areas = &ix->choices[DIX_AREAS][q->lang];

	memset(h, 0, sizeof(*h));
	h->id = d->id;
	h->name = arena_strdup(a, i18n_pick(q->lang, p->name[0], p->name[1],
	    p->name[2], &h->name_lang));
	h->summary = arena_strdup(a, i18n_pick(q->lang, p->summary[0],
	    p->summary[1], p->summary[2], &h->summary_lang));
	h->municipality_name = arena_strdup(a, ix->muni_area[q->lang][d->muni] >=
	    0 ? areas->strs + areas->off[2 * ix->muni_area[q->lang][d->muni] +
	    1] : "");
	h->street = arena_strdup(a, p->street);
	h->postcode = arena_strdup(a, p->postcode);
	h->post_office = arena_strdup(a, p->post_office);
	h->status = (enum dir_status)d->status;
	h->has_point = d->has_point;
	h->lat = d->lat;
	h->lon = d->lon;
	h->total = total;
	if (q->has_origin && h->has_point)
		h->km = dir_km(q->lat, q->lon, h->lat, h->lon);
}

/*
 * A list without words, in name order: the docs in the index's order for
 * the language, the first `keep` that pass kept as they come, and the
 * walk ended once the count has passed its cap and the page is full: a
 * thousand and one docs without a filter, however many the directory
 * holds, where ranking every doc by its name took 150 µs of a page's
 * 240 at 10,000 points.
 */
static int
by_name(const struct dix *ix, struct arena *a, const struct dir_query *q,
    struct want *w, size_t keep, struct dir_hit **out, size_t *n,
    int64_t *total)
{
	const uint32_t *order = ix->by_name[q->lang];
	uint32_t *kept = arena_calloc(a, keep + 1, sizeof(*kept));
	size_t j, count = 0, nkept = 0, i;

	for (j = 0; j < ix->ndocs; j++) {
		if (!passes(ix, order[j], w))
			continue;
		count++;
		if (nkept < keep)
			kept[nkept++] = order[j];
		if (count > DIR_COUNT_MAX && nkept == keep)
			break;
	}
	*total = (int64_t)(count > DIR_COUNT_MAX + 1 ? DIR_COUNT_MAX + 1 :
	    count);
	*out = arena_calloc(a, (size_t)q->limit + 1, sizeof(**out));
	*n = 0;
	for (i = (size_t)q->offset; i < nkept && *n < (size_t)q->limit; i++)
		hit_of(ix, a, q, kept[i], *total, &(*out)[(*n)++]);
	return 1;
}

static int
evaluate(const struct dix *ix, struct arena *a, const struct dir_query *q,
    struct dir_hit **out, size_t *n, int64_t *total)
{
	struct analysed_group *ag = NULL;
	struct plist *ph;
	struct group *g;
	struct want w;
	struct order o;
	struct top t;
	struct hit h, *first = NULL;
	struct buf term;
	double *idf, coslat = cos(q->lat * M_PI / 180.0);
	size_t *cursor;
	size_t ng = 0, np = 0, nph, i, k, j, nfirst = 0, count = 0, keep;
	size_t start;
	bool text = q->text != NULL && q->text[0] != '\0', ranked;
	bool by_dist = q->sort == DIR_SORT_DISTANCE && q->has_origin;
	unsigned facts;
	int f;

	memset(&w, 0, sizeof(w));
	w.muni = -1;
	w.open_at = q->open_at;
	if (q->need >= 0) {
		facts = dir_need_facts((enum dir_need)q->need);
		w.need[0] = facts & (F_SF | F_LIFT);
		w.need[1] = facts & F_WC;
		w.need[2] = facts & F_LOOP;
		w.need[3] = facts & (F_LT | F_DOG);
	}
	if (text)
		ng = analyse_groups(analyser_thread(), a, q->lang, q->text,
		    &ag);
	if (text && ng == 0) {
		*out = arena_calloc(a, 1, sizeof(**out));
		*n = 0;
		*total = 0;
		return 1;
	}
	/* The phrases in the statement's order: the words' (one group
	 * each), the filters' terms, the open block's. */
	for (i = 0; i < ng; i++)
		np += ag[i].n;
	nph = np + DIR_FILTERS + 1;
	ph = arena_calloc(a, nph + 1, sizeof(*ph));
	g = arena_calloc(a, ng + DIR_FILTERS + 2, sizeof(*g));
	np = 0;
	for (i = 0; i < ng; i++) {
		for (k = 0; k < ag[i].n; k++)
			if (phrase_list(ix, a, ag[i].p[k].term,
			    ag[i].p[k].prefix, &ph[np + k]) != 0)
				return 0;
		group_of(ix, a, &ph[np], ag[i].n, &g[i]);
		np += ag[i].n;
	}
	if (text) {
		buf_init(&term);
		for (f = 0; f < DIR_FILTERS; f++) {
			if (!dir_filter_in_index(q, f))
				continue;
			term.len = 0;
			dir_filter_term(&term, dir_filter_prefix(f),
			    dir_filter_value(q, f), false);
			(void)phrase_list(ix, a, buf_cstr(&term), false,
			    &ph[np]);
			group_of(ix, a, &ph[np], 1, &g[ng++]);
			np++;
		}
		if (q->open_at > 0) {
			term.len = 0;
			buf_printf(&term, DIR_OPEN_TERM "%lld",
			    (long long)(q->open_at / DIR_OPEN_BLOCK));
			(void)phrase_list(ix, a, buf_cstr(&term), false,
			    &ph[np]);
			group_of(ix, a, &ph[np], 1, &g[ng++]);
			np++;
		}
		buf_cleanup(&term);
	}
	/* The exact tests: text_where()'s with words (the municipality
	 * always, the other lists when the text index was not asked),
	 * SEARCH_WHERE's without. */
	if (q->municipality != NULL && q->municipality[0] != '\0') {
		for (i = 0; i < ix->nmunis; i++)
			if (strcmp(ix->pool + ix->munis[i], q->municipality) ==
			    0)
				break;
		w.muni = i < ix->nmunis ? (int)i : -2;
	}
	for (k = 0; k < DIX_LISTS; k++) {
		static const int filter[DIX_LISTS] = { DIR_FILTER_TOPIC,
		    DIR_FILTER_FORM, DIR_FILTER_LANG };

		w.list[k] = text && dir_filter_in_index(q, filter[k]) ? -1 :
		    key_bit(ix, (enum dix_list)k, dir_filter_value(q,
		    filter[k]));
	}
	w.fields = w.muni != -1 || w.need[0] || w.need[1] || w.need[2] ||
	    w.need[3];
	for (k = 0; k < DIX_LISTS; k++)
		w.fields |= w.list[k] != -1;
	if (w.open_at > 0 && ix->nblk > 0 && w.open_at / DIR_OPEN_BLOCK >=
	    ix->blk0 && (size_t)(w.open_at / DIR_OPEN_BLOCK - ix->blk0) <
	    ix->nblk) {
		size_t b = (size_t)(w.open_at / DIR_OPEN_BLOCK - ix->blk0);

		w.bdoc = ix->blk_doc + ix->blk_off[b];
		w.bopen = ix->blk_open + ix->blk_off[b];
		w.nblk = ix->blk_off[b + 1] - ix->blk_off[b];
	}
	ranked = text && q->sort == DIR_SORT_RELEVANCE;
	o.ix = ix;
	o.lang = q->lang;
	o.by_key = ranked || by_dist;
	keep = (size_t)(q->offset + q->limit);
	/* Not with an hour asked for: its table's cursor wants the docs
	 * in their own order. */
	if (!text && !o.by_key && w.open_at == 0)
		return by_name(ix, a, q, &w, keep, out, n, total);
	t.h = arena_calloc(a, keep + 1, sizeof(*t.h));
	t.n = 0;
	t.k = keep;
	t.o = &o;
	if (ranked)
		first = arena_calloc(a, DIR_COUNT_MAX + 2, sizeof(*first));
	/* The candidates: the smallest group's docs, kept when every other
	 * group has them too; without words, every point. */
	start = 0;
	for (i = 1; i < ng; i++)
		if (g[i].n < g[start].n)
			start = i;
	if (text)
		group_list(ix, a, &g[start]);
	for (j = 0; j < (text ? g[start].n : ix->ndocs); j++) {
		uint32_t doc = text ? g[start].doc[j] : (uint32_t)j;
		const struct dix_doc *d = &ix->docs[doc];

		for (i = 0; i < ng; i++)
			if (i != start && !group_has(&g[i], doc))
				break;
		if (i < ng || !passes(ix, doc, &w))
			continue;
		count++;
		if (ranked) {
			/* The first DIR_COUNT_MAX + 1 in id order. */
			first[nfirst].doc = doc;
			nfirst++;
			if (nfirst == DIR_COUNT_MAX + 1)
				break;
			continue;
		}
		h.doc = doc;
		h.last = by_dist && !d->has_point;
		h.key = by_dist && d->has_point ? dist(d, q, coslat) : 0.0;
		top_offer(&t, &h);
	}
	if (ranked) {
		idf = arena_calloc(a, np + 1, sizeof(*idf));
		for (i = 0; i < np; i++) {
			double nhit = (double)ph[i].n;

			idf[i] = log(((double)ix->nrows - nhit + 0.5) /
			    (nhit + 0.5));
			if (idf[i] <= 0.0)
				idf[i] = 1e-6;
		}
		cursor = arena_calloc(a, np + 1, sizeof(*cursor));
		t.k = keep;
		for (i = 0; i < nfirst; i++) {
			first[i].key = bm25(ix, ph, cursor, idf, np,
			    first[i].doc);
			first[i].last = false;
			top_offer(&t, &first[i]);
		}
	}
	top_sort(&t);
	*total = (int64_t)(count > DIR_COUNT_MAX + 1 ? DIR_COUNT_MAX + 1 :
	    count);
	*out = arena_calloc(a, (size_t)q->limit + 1, sizeof(**out));
	*n = 0;
	for (i = (size_t)q->offset; i < t.n && *n < (size_t)q->limit; i++)
		hit_of(ix, a, q, t.h[i].doc, *total, &(*out)[(*n)++]);
	return 1;
}

int
dix_search(struct db *db, struct arena *a, const struct dir_query *q,
    struct dir_hit **out, size_t *n, int64_t *total)
{
	struct dix *ix;
	int rc;

	/* On PostgreSQL too: its statement orders by ts_rank(), this index
	 * by FTS5's bm25 on either backend, so the order of a search by
	 * relevance is the same whichever database serves it (the
	 * statement's only while the index is being built or is off). */
	if (disabled() || q->offset < 0 || q->limit < 0 || q->offset >
	    DIR_COUNT_MAX + 1)
		return 0;
	if ((ix = acquire(db)) == NULL)
		return 0;
	rc = evaluate(ix, a, q, out, n, total);
	release(ix);
	return rc;
}

/*
 * analyse.h - the words of a text as search indexes them and queries ask
 * for them: one analyser in C, so that SQLite FTS5 and PostgreSQL text
 * search are fed the same terms and answer the same.
 *
 * Finnish goes through Voikko: a word is indexed by its base form and by
 * the parts of a compound ("pankkitunnuksilla" gives pankkitunnus, pankki,
 * tunnus), so that "tunnukset" finds "pankkitunnus" - the compound word
 * Helsinki's Service Map once missed.  Swedish and English words go through
 * the Snowball stemmers.  Every word is also kept as written, lowercased,
 * with diacritics folded except the letters å, ä and ö, which are letters
 * of their own in Finnish and Swedish (not a and o).
 *
 * A Voikko handle is not safe to share, so each thread has its own
 * analyser, made on first use (analyser_thread()).
 */
#ifndef TV_DIRECTORY_ANALYSE_H
#define TV_DIRECTORY_ANALYSE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "view/i18n.h"

struct analyser;

/* This thread's analyser; NULL when Voikko's Finnish dictionary is
 * missing (logged once: Finnish then falls back to folded words). */
struct analyser *analyser_thread(void);

/* Frees this thread's analyser (thread exit, shutdown). */
void analyser_thread_close(void);

/*
 * The index terms of text in language l, space-separated and without
 * repeats, appended to out: what the search table stores for a field.
 * an may be NULL (no Voikko): terms are then the folded words.
 */
void analyse_terms(struct analyser *an, enum lang l, const char *text,
    struct buf *out);

/*
 * A search as the user typed it, word by word: for each word the terms any
 * of which may match (its base forms and, for the last word when
 * prefix_last is true, the word itself as a prefix).
 */
struct analysed_word {
	const char **terms;
	size_t nterms;
	bool prefix;		/* terms[0] is a prefix */
};

/* The words of a query (at most 16; more are ignored), in the arena. */
size_t analyse_query(struct analyser *an, struct arena *a, enum lang l,
    const char *query, bool prefix_last, struct analysed_word **out);

/*
 * The words of a search as the text index is asked for them: one group
 * per word (in l first, then the other two languages' forms), every group
 * to be matched by one of its phrases, each phrase a term or (prefix) a
 * term's beginning, each asked once.  analyse_match() writes these in a
 * backend's syntax; the in-memory index (search_index.c) evaluates them.
 * The number of groups (0: no words), in the arena.
 */
struct analysed_phrase {
	const char *term;
	bool prefix;
};
struct analysed_group {
	struct analysed_phrase *p;
	size_t n;
};
size_t analyse_groups(struct analyser *an, struct arena *a, enum lang l,
    const char *text, struct analysed_group **out);

/*
 * The text part of a search in a backend's syntax, from the words of
 * text as analyse_query() makes them (in l first, then the other two
 * languages' forms): every word must match one of its terms.  FTS5 (pg
 * false): ("t1" OR "t2" OR "pre"*) AND (...), each term in double quotes,
 * quotes doubled; a tsquery (pg true): ('t1' | 't2' | 'pre':*) & (...),
 * quotes and backslashes doubled.  In the arena; NULL when text has no
 * words.  The fuzz target tests/fuzz/fuzz_directory_query.c holds it to
 * that syntax on any input.
 */
const char *analyse_match(struct analyser *an, struct arena *a, enum lang l,
    const char *text, bool pg);

/* One word folded as the index keeps it: lowercase, diacritics off except
 * å ä ö; appended to out. */
void analyse_fold(const char *word, size_t len, struct buf *out);

#endif

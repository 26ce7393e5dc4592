/*
 * fuzz_directory_query.c - the directory's search query (analyse_query()
 * and analyse_match(), src/directory/analyse.c) on any text.
 *
 * What a resident types must never become a query the database refuses
 * or reads as anything but words: the FTS5 text is run against a real
 * FTS5 table made as migration 0019 makes it (an error aborts), and the
 * tsquery text is parsed here by its grammar - ( 'term' [:*] ) joined by
 * | inside parentheses and & between them, quotes and backslashes
 * doubled inside a term - with every term NUL-free UTF-8.  Each of fi,
 * sv and en is asked, with Voikko and without.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "directory/analyse.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *match;

static void
setup(void)
{
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE s USING fts5(terms, "
	    "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'); "
	    "INSERT INTO s (rowid, terms) VALUES (1, 'pankkitunnus pankki "
	    "tunnus kirjasto bank bankkod å ä ö')", NULL, NULL, NULL) ==
	    SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "SELECT rowid FROM s WHERE s MATCH ?1",
	    -1, &match, NULL) == SQLITE_OK);
}

/* A tsquery term at *p: 'x' with '' and \\ inside; past it, with :*. */
static bool
ts_term(const char **p)
{
	const char *s = *p, *start;

	if (*s != '\'')
		return false;
	start = ++s;
	for (;;) {
		if (*s == '\0')
			return false;
		if ((*s == '\'' && s[1] == '\'') || (*s == '\\' && s[1] == '\\')) {
			s += 2;
			continue;
		}
		if (*s == '\\')
			return false;	/* a lone backslash escapes */
		if (*s == '\'')
			break;
		s++;
	}
	if (s == start || !utf8_valid(start, (size_t)(s - start)))
		return false;
	s++;
	if (s[0] == ':' && s[1] == '*')
		s += 2;
	*p = s;
	return true;
}

/* The whole tsquery: group (" & " group)*, group = "(" term (" | " term)* ")". */
static bool
ts_valid(const char *s)
{
	for (;;) {
		if (*s++ != '(')
			return false;
		for (;;) {
			if (!ts_term(&s))
				return false;
			if (strncmp(s, " | ", 3) != 0)
				break;
			s += 3;
		}
		if (*s++ != ')')
			return false;
		if (*s == '\0')
			return true;
		if (strncmp(s, " & ", 3) != 0)
			return false;
		s += 3;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct analyser *an;
	struct arena a;
	const char *m;
	char *text;
	int l, rc, withv;

	if (db == NULL)
		setup();
	if (size > 400)
		return 0;
	text = malloc(size + 1);
	CHECK(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	if (strlen(text) != size || !utf8_valid(text, size)) {
		free(text);
		return 0;	/* the page refuses such a query before */
	}
	arena_init(&a);
	for (withv = 0; withv < 2; withv++) {
		an = withv ? analyser_thread() : NULL;
		for (l = 0; l < LANG_COUNT; l++) {
			m = analyse_match(an, &a, (enum lang)l, text, false);
			if (m != NULL) {
				CHECK(sqlite3_bind_text(match, 1, m, -1,
				    SQLITE_STATIC) == SQLITE_OK);
				while ((rc = sqlite3_step(match)) == SQLITE_ROW)
					;
				if (rc != SQLITE_DONE)
					abort();	/* FTS5 refused it */
				sqlite3_reset(match);
			}
			m = analyse_match(an, &a, (enum lang)l, text, true);
			CHECK(m == NULL || ts_valid(m));
		}
	}
	arena_cleanup(&a);
	free(text);
	return 0;
}

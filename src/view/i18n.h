/*
 * i18n.h - UI languages and message catalogues.
 *
 * UI strings live in locale/{fi,sv,en}.po with the English text as msgid.
 * tools/po2c compiles the three catalogues into one sorted table at build
 * time and fails the build when a msgid lacks a translation in any of them.
 */
#ifndef TV_VIEW_I18N_H
#define TV_VIEW_I18N_H

#include <stdatomic.h>
#include <stddef.h>

#include "base/lang.h"

/*
 * Marks a string literal as a msgid to be translated later (where it is
 * shown).  It expands to the literal itself; tests/http/catalog.test.mjs
 * checks that every N_() and i18n_text() literal in src/ is in the
 * catalogues, as tmplc does for templates.
 */
#define N_(s) (s)

/* "fi", "sv", "en". */
const char *lang_code(enum lang l);

/* The name of language `which` in language ui: "Finnish", "suomi"... */
const char *lang_name(enum lang ui, enum lang which);

/* Parses "fi"/"sv"/"en" (exactly n bytes); returns 0 or -1. */
int lang_parse(const char *s, size_t n, enum lang *out);

/* The translation of msgid in l; msgid itself when the catalogue lacks it. */
const char *i18n_text(enum lang l, const char *msgid);

/*
 * i18n_text() for one call site of a template (tools/tmplc writes one slot
 * per _() call): the catalogue row is looked up on the first call and kept
 * in *slot, so a list page's labels cost a load each, not a bisection of
 * string comparisons per row (issue 13).  The rows are constant, so
 * threads racing to fill a slot store the same pointer.
 */
struct i18n_entry;
typedef _Atomic(const struct i18n_entry *) i18n_slot;
const char *i18n_text_at(enum lang l, const char *msgid, i18n_slot *slot);

/*
 * Picks the content field for l among the three language versions, falling
 * back fi -> sv -> en when the wanted one is empty or NULL.  *picked (may be
 * NULL) tells which language was used, so the page can mark lang="..." on
 * text that is not in the page's language (WCAG 3.1.2).  Returns "" when all
 * three are empty.
 */
const char *i18n_pick(enum lang l, const char *fi, const char *sv,
    const char *en, enum lang *picked);

#endif

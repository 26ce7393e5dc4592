/*
 * utf8.h - strict UTF-8 validation for everything that comes off the wire.
 *
 * The database, the templates and the logs all assume well-formed UTF-8, so
 * input is checked once at the edge (form fields, paths, multipart names)
 * and trusted afterwards.  "Strict" follows Unicode table 3-7: no overlong
 * forms, no UTF-16 surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
 */
#ifndef TV_BASE_UTF8_H
#define TV_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/*
 * True when the n bytes at p are well-formed UTF-8.  U+0000 (a NUL byte) is
 * well-formed and accepted here; use text_valid() for text that will become
 * a C string.  n == 0 is valid.
 */
bool utf8_valid(const char *p, size_t n);

/*
 * True when the n bytes at p are well-formed UTF-8 and contain no C0 control
 * character other than tab, line feed and carriage return.  That refuses NUL,
 * so valid text can be treated as a C string.  DEL (0x7f) and the C1 range
 * (U+0080..U+009F) are not refused.
 */
bool text_valid(const char *p, size_t n);

/* The number of characters (code points) in valid UTF-8 s, for length
 * limits that people read as characters, not bytes. */
size_t utf8_chars(const char *s);

/*
 * A one-line form value: spaces and tabs around it dropped (into an arena
 * copy, *out), at most max characters, no control characters - a line
 * break in a name, title or place is a mistake, not formatting.  NULL
 * (absent) is "".  0, or -1 when it breaks a rule.
 */
int text_line(struct arena *a, const char *s, size_t max, const char **out);

#endif

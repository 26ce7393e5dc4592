/*
 * str.h - length-tagged strings (after h2o's h2o_iovec_t).
 *
 * Parsers hand out slices of the input instead of copies; a slice is not
 * NUL-terminated, so it always travels with its length.
 */
#ifndef TV_BASE_STR_H
#define TV_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct str {
	const char *ptr;
	size_t len;
};

#define STR_LIT(s) ((struct str){ (s), sizeof(s) - 1 })
#define STR_NULL ((struct str){ NULL, 0 })

static inline struct str
str_make(const char *p, size_t n)
{
	return (struct str){ p, n };
}

static inline struct str
str_from_cstr(const char *s)
{
	return (struct str){ s, s ? strlen(s) : 0 };
}

static inline bool
str_eq(struct str a, struct str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool
str_eq_cstr(struct str a, const char *b)
{
	return str_eq(a, str_from_cstr(b));
}

/* ASCII case-insensitive comparison, for header names and tokens. */
bool str_eq_nocase(struct str a, struct str b);

/* Removes leading and trailing spaces and tabs. */
struct str str_trim(struct str s);

/* Removes leading and trailing spaces, tabs, CRs and LFs (what a browser
 * may leave around a form value or a CSV cell). */
struct str str_trim_space(struct str s);

/* The index of s in list[0..n), or -1 when s (which may be NULL) is none
 * of them: the one loop of every parse function of stored names. */
int str_index(const char *s, const char *const *list, size_t n);

/* The value of n decimal digits at s, or -1 when any is not one (no sign,
 * no spaces): the fields of a fixed-width date or time. */
int str_digits(const char *s, int n);

/* The value of a hex digit, or -1; no locale-dependent isxdigit(). */
int str_hex_value(unsigned char c);

#endif

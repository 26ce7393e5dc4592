/*
 * fuzz_form.c - form_parse(), url_decode() and path_decode() on any bytes.
 *
 * Beyond "does not crash", it checks the promises the header makes: decoded
 * text is valid UTF-8 without NUL, limits hold, an error leaves nothing
 * behind, and percent-encoding a decoded string decodes back to it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "http/parse.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A successful decode must yield a C string that is valid UTF-8. */
static void
check_text(struct str s)
{
	CHECK(s.ptr != NULL);
	CHECK(s.ptr[s.len] == '\0');
	CHECK(strlen(s.ptr) == s.len);
	CHECK(utf8_valid(s.ptr, s.len));
}

/* Encodes every byte of s as %XX and checks that it decodes back to s. */
static void
check_roundtrip(struct arena *a, struct str s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct str back;
	char *enc;
	size_t i;

	enc = arena_alloc(a, s.len * 3 + 1);
	for (i = 0; i < s.len; i++) {
		enc[i * 3] = '%';
		enc[i * 3 + 1] = hex[(unsigned char)s.ptr[i] >> 4];
		enc[i * 3 + 2] = hex[(unsigned char)s.ptr[i] & 15];
	}
	CHECK(url_decode(a, enc, s.len * 3, true, &back) == PARSE_OK);
	CHECK(back.len == s.len && memcmp(back.ptr, s.ptr, s.len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct arena a;
	struct kv_list l;
	struct str plus, raw, path;
	enum parse_err e_plus, e_raw, e_path;
	size_t i;

	arena_init(&a);
	if (form_parse(&a, p, size, &l) == PARSE_OK) {
		CHECK(l.n <= PARSE_FIELDS_MAX);
		CHECK((l.n == 0) == (l.items == NULL));
		for (i = 0; i < l.n; i++) {
			CHECK(strlen(l.items[i].name) <= PARSE_NAME_MAX);
			CHECK(utf8_valid(l.items[i].name,
			    strlen(l.items[i].name)));
			check_text(str_make(l.items[i].value,
			    l.items[i].value_len));
			CHECK(kv_get(&l, l.items[i].name) != NULL);
			CHECK(kv_count(&l, l.items[i].name) >= 1);
		}
	} else
		CHECK(l.n == 0 && l.items == NULL);

	e_plus = url_decode(&a, p, size, true, &plus);
	e_raw = url_decode(&a, p, size, false, &raw);
	e_path = path_decode(&a, p, size, &path);
	/* '+' versus ' ' cannot change the outcome */
	CHECK(e_plus == e_raw);
	if (e_raw == PARSE_OK) {
		check_text(plus);
		check_text(raw);
		CHECK(raw.len <= size && plus.len == raw.len);
		check_roundtrip(&a, raw);
		/* a path may only be refused for control characters */
		CHECK(e_path == PARSE_OK || e_path == PARSE_BAD_UTF8);
	} else {
		CHECK(plus.ptr == NULL && raw.ptr == NULL);
		CHECK(e_path == e_raw);
	}
	if (e_path == PARSE_OK) {
		check_text(path);
		CHECK(e_raw == PARSE_OK && path.len == raw.len &&
		    memcmp(path.ptr, raw.ptr, raw.len) == 0);
		for (i = 0; i < path.len; i++)
			CHECK((unsigned char)path.ptr[i] >= 0x20 &&
			    path.ptr[i] != 0x7f);
	} else
		CHECK(path.ptr == NULL);
	arena_cleanup(&a);
	return 0;
}

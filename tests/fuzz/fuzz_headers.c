/*
 * fuzz_headers.c - cookie_parse(), accept_language_pick() and
 * multipart_boundary(), the parsers that see raw header values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/multipart.h"
#include "http/parse.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct kv_list l;
	struct str b;
	enum lang fb, got;
	char *s;
	size_t i, j;

	arena_init(&a);
	if (cookie_parse(&a, (const char *)data, size, &l) == PARSE_OK) {
		CHECK(l.n <= PARSE_COOKIES_MAX);
		for (i = 0; i < l.n; i++) {
			CHECK(token_valid(l.items[i].name,
			    strlen(l.items[i].name)));
			CHECK(strlen(l.items[i].value) == l.items[i].value_len);
			for (j = 0; j < l.items[i].value_len; j++)
				CHECK(l.items[i].value[j] > 0x20 &&
				    l.items[i].value[j] < 0x7f);
		}
	} else
		CHECK(l.n == 0 && l.items == NULL);
	arena_cleanup(&a);

	/* header values arrive as C strings */
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (fb = LANG_FI; fb <= LANG_EN; fb++) {
		got = accept_language_pick(s, fb);
		CHECK(got == LANG_FI || got == LANG_SV || got == LANG_EN);
	}
	if (multipart_boundary(s, &b) == 0) {
		CHECK(b.len >= 1 && b.len <= MULTIPART_BOUNDARY_MAX);
		CHECK(b.ptr >= s && b.ptr + b.len <= s + strlen(s));
		CHECK(b.ptr[b.len - 1] != ' ');
	} else
		CHECK(b.ptr == NULL && b.len == 0);
	free(s);
	return 0;
}

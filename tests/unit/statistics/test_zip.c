/*
 * test_zip.c - the stored ZIP writer of the period report's CSV bundle
 * (src/statistics/zip.c), read back field by field as APPNOTE.TXT lays
 * it out: each local header with its CRC-32, sizes and name, then the
 * central directory pointing at them, then the end record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "statistics/zip.h"

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

static void
test_two_files(void **state)
{
	const struct zip_entry e[2] = {
		{ "hello.txt", "hello", 5 },
		{ "tapaamiset/äö.csv", "a;b\r\n", 5 },
	};
	const unsigned char *z, *c, *end;
	struct buf b;
	size_t i;
	uint32_t off;

	(void)state;
	buf_init(&b);
	/* 2026-12-05 10:42:06 UTC */
	assert_int_equal(stats_zip(&b, e, 2, 1796467326), 0);
	z = (const unsigned char *)b.data;
	end = z + b.len - 22;
	assert_int_equal(le32(end), 0x06054b50);
	assert_int_equal(le16(end + 8), 2);
	assert_int_equal(le16(end + 10), 2);
	off = le32(end + 16);
	assert_int_equal(off + le32(end + 12), b.len - 22);
	c = z + off;
	for (i = 0; i < 2; i++) {
		size_t namelen = strlen(e[i].name);
		const unsigned char *l;

		assert_int_equal(le32(c), 0x02014b50);
		assert_int_equal(le16(c + 8), 0x0800);	/* UTF-8 names */
		assert_int_equal(le16(c + 10), 0);	/* stored */
		assert_int_equal(le16(c + 14), (2026 - 1980) << 9 | 12 << 5 | 5);
		assert_int_equal(le16(c + 12), 10 << 11 | 42 << 5 | 3);
		assert_int_equal(le32(c + 20), e[i].len);
		assert_int_equal(le32(c + 24), e[i].len);
		assert_int_equal(le16(c + 28), namelen);
		assert_memory_equal(c + 46, e[i].name, namelen);
		l = z + le32(c + 42);
		assert_int_equal(le32(l), 0x04034b50);
		assert_int_equal(le32(l + 14), le32(c + 16));
		assert_int_equal(le16(l + 26), namelen);
		assert_memory_equal(l + 30, e[i].name, namelen);
		assert_memory_equal(l + 30 + namelen, e[i].data, e[i].len);
		c += 46 + namelen;
	}
	/* The CRC-32 of "hello", as every zip tool computes it. */
	assert_int_equal(le32(z + le32(z + off + 42) + 14), 0x3610a686);
	buf_cleanup(&b);
}

static void
test_empty(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(stats_zip(&b, NULL, 0, 0), 0);
	assert_int_equal(b.len, 22);
	assert_int_equal(le32((const unsigned char *)b.data), 0x06054b50);
	buf_cleanup(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_files),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

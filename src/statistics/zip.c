/*
 * zip.c - the stored ZIP archive of zip.h (APPNOTE.TXT 6.3: local file
 * headers with the data, then the central directory and its end record;
 * little-endian fields; bit 11 of the flags says the names are UTF-8).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "statistics/zip.h"

static void
put16(struct buf *b, uint32_t v)
{
	unsigned char x[2] = { (unsigned char)v, (unsigned char)(v >> 8) };

	buf_append(b, x, 2);
}

static void
put32(struct buf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8),
		(unsigned char)(v >> 16), (unsigned char)(v >> 24) };

	buf_append(b, x, 4);
}

/* The part of a header both records share: version needed, flags,
 * method, time, date, CRC-32 and the two sizes, the name's length. */
static void
put_common(struct buf *b, uint32_t dos_time, uint32_t dos_date, uint32_t crc,
    uint32_t len, uint32_t namelen)
{
	put16(b, 20);			/* version needed: 2.0 */
	put16(b, 0x0800);		/* names in UTF-8 */
	put16(b, 0);			/* stored */
	put16(b, dos_time);
	put16(b, dos_date);
	put32(b, crc);
	put32(b, len);			/* compressed size */
	put32(b, len);			/* uncompressed size */
	put16(b, namelen);
	put16(b, 0);			/* extra field */
}

int
stats_zip(struct buf *out, const struct zip_entry *e, size_t n, int64_t mtime)
{
	uint32_t *crcs, dos_time, dos_date, start, at, cd, cdlen;
	struct tm tm;
	time_t t = (time_t)mtime;
	size_t i, total = out->len;

	if (n > 0xffff)
		return -1;
	for (i = 0; i < n; i++)
		total += 30 + 46 + 2 * strlen(e[i].name) + e[i].len;
	if (total + 22 > 0xffffffffu)
		return -1;
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year < 80) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = 80;
		tm.tm_mday = 1;
	}
	dos_time = (uint32_t)(tm.tm_hour << 11 | tm.tm_min << 5 |
	    tm.tm_sec / 2);
	dos_date = (uint32_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 |
	    tm.tm_mday);
	if ((crcs = calloc(n + 1, sizeof(*crcs))) == NULL)
		return -1;
	start = (uint32_t)out->len;
	for (i = 0; i < n; i++) {
		uint32_t namelen = (uint32_t)strlen(e[i].name);

		crcs[i] = (uint32_t)crc32(crc32(0L, Z_NULL, 0),
		    (const Bytef *)e[i].data, (uInt)e[i].len);
		put32(out, 0x04034b50);
		put_common(out, dos_time, dos_date, crcs[i], (uint32_t)e[i].len,
		    namelen);
		buf_append(out, e[i].name, namelen);
		buf_append(out, e[i].data, e[i].len);
	}
	cd = (uint32_t)out->len;
	for (i = 0, at = 0; i < n; i++) {
		uint32_t namelen = (uint32_t)strlen(e[i].name);

		put32(out, 0x02014b50);
		put16(out, 20);		/* made by: MS-DOS, 2.0 */
		put_common(out, dos_time, dos_date, crcs[i], (uint32_t)e[i].len,
		    namelen);
		put16(out, 0);		/* comment */
		put16(out, 0);		/* disk */
		put16(out, 0);		/* internal attributes */
		put32(out, 0);		/* external attributes */
		put32(out, at);
		buf_append(out, e[i].name, namelen);
		at += 30 + namelen + (uint32_t)e[i].len;
	}
	cdlen = (uint32_t)out->len - cd;
	put32(out, 0x06054b50);
	put16(out, 0);			/* this disk */
	put16(out, 0);			/* the directory's disk */
	put16(out, (uint32_t)n);
	put16(out, (uint32_t)n);
	put32(out, cdlen);
	put32(out, cd - start);
	put16(out, 0);			/* comment */
	free(crcs);
	return 0;
}

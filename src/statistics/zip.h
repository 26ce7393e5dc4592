/*
 * zip.h - a ZIP archive of files stored as they are (method 0, no
 * compression), for the period report's CSV bundle: a few small text
 * files that every spreadsheet user can open with the system's own
 * unzip.  Writing only; nothing here reads an archive.
 */
#ifndef TV_STATISTICS_ZIP_H
#define TV_STATISTICS_ZIP_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

struct zip_entry {
	const char *name;	/* UTF-8, "/" between folders */
	const char *data;
	size_t len;
};

/*
 * Appends to out the archive of the n entries, each dated `mtime` (UTC
 * seconds, written as the local-less DOS time ZIP has), their names
 * flagged UTF-8 and their CRC-32 from zlib.  0, or -1 when an entry or
 * the archive is past what a ZIP without the 64-bit extension holds
 * (65,535 entries, 4 GiB) - far past a report's.
 */
int stats_zip(struct buf *out, const struct zip_entry *e, size_t n,
    int64_t mtime);

#endif

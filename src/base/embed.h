/*
 * embed.h - files compiled into the binary at build time by tools/embed.
 *
 * `embed -o out.c -n NAME file...` writes a C file defining NAME[] and
 * NAME_len; declare them with EMBED_DECLARE(NAME) where they are used.
 * Entries are sorted by path (the file's basename), so numbered files such as
 * migrations come out in order.  Each data array carries one extra NUL byte
 * after the len bytes, so text files can be handed to C string APIs as is.
 */
#ifndef TV_BASE_EMBED_H
#define TV_BASE_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *path;		/* basename of the source file */
	const unsigned char *data;	/* contents, followed by a NUL byte */
	size_t len;			/* length without the trailing NUL */
};

/* Declares the array and count that `embed -n name` defines. */
#define EMBED_DECLARE(name)						\
	extern const struct embedded_file name[];			\
	extern const size_t name##_len

#endif

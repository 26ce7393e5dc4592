/*
 * fileio.h - writing a file whole and making its name durable.
 *
 * The materials store, uploads and the mail spool all write a file, fsync
 * it, rename it into place and fsync the directory, so that after a crash
 * the name is either absent or names the whole file.
 */
#ifndef TV_BASE_FILEIO_H
#define TV_BASE_FILEIO_H

#include <stddef.h>

/* Writes all n bytes to fd, again after a signal; 0, or -1 with errno. */
int file_write_all(int fd, const void *p, size_t n);

/* fsyncs the directory `dir` (its entries: a rename into it); 0 or -1. */
int file_fsync_dir(const char *dir);

#endif

/*
 * upload.h - files sent with a form, streamed to disk.
 *
 * A route flagged ROUTE_UPLOAD takes multipart/form-data with file parts up
 * to the server's upload_max (other routes refuse files with 415).  Each
 * file part is written, as it arrives, to a temporary file in the server's
 * upload directory - the same filesystem as the file store, so keeping a
 * file is one rename - while its SHA-256 is computed and its first bytes
 * kept for sniffing the type.  The handler finds the files by field name;
 * what it does not keep with upload_keep() is removed when the request
 * ends, whatever happens.  A file input left empty sends no file.
 */
#ifndef TV_HTTP_UPLOAD_H
#define TV_HTTP_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "http/request.h"

#define UPLOAD_FILES_MAX 8	/* file parts per request */
#define UPLOAD_HEAD_MAX 512	/* leading bytes kept for sniffing */

struct upload_tmp;

struct upload {
	const char *field;		/* form field name */
	const char *filename;		/* the sender's name, no directories;
					 * never trust it for the type */
	const char *declared_type;	/* the part's Content-Type as sent */
	int fd;				/* read/write, open until the request ends */
	uint64_t size;
	unsigned char sha256[32];
	unsigned char head[UPLOAD_HEAD_MAX];
	size_t head_len;
	struct upload_tmp *tmp;		/* private: the temporary file */
};

/* The first file sent in `field`, or NULL. */
const struct upload *request_upload(struct request *r, const char *field);

/*
 * Makes the upload the file dest_path, durably: fsync, rename over
 * dest_path (atomic; an existing file is replaced), fsync of dest_path's
 * directory.  dest_path must be on the upload directory's filesystem.
 * After this the request's end no longer removes it.  0 or -1 (errno set).
 */
int upload_keep(const struct upload *u, const char *dest_path);

/*
 * Reads the whole file into the arena, NUL-terminated, when it has at most
 * max bytes.  0, 1 when it is larger than max, -1 on a read error.
 */
int upload_read(const struct upload *u, struct arena *a, size_t max,
    const char **data);

/* For the form layer (form.c): */

/* Starts a file in dir: a new temporary file.  NULL with errno set. */
struct upload *upload_begin(struct arena *a, const char *dir,
    const char *field, const char *filename, const char *declared_type);

/* Appends bytes.  0 or -1 (errno set: ENOSPC, EIO...). */
int upload_write(struct upload *u, const char *p, size_t n);

/* Ends the file: computes the digest. */
void upload_end(struct upload *u);

/* Closes the file and removes it unless it was kept. */
void upload_discard(struct upload *u);

#endif

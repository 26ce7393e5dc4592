/*
 * upload.c - temporary files for uploads (see upload.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "base/fileio.h"
#include "http/upload.h"

struct upload_tmp {
	char path[PATH_MAX];	/* "" once kept or removed */
	crypto_hash_sha256_state sha;
};

/* "C:\Users\x\talk.pdf" and "../talk.pdf" are both "talk.pdf": browsers
 * used to send whole paths, and a name is only ever shown or offered as
 * the download name. */
static const char *
upload_basename(struct arena *a, const char *filename)
{
	const char *p, *base = filename;

	for (p = filename; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	return arena_strdup(a, base);
}

struct upload *
upload_begin(struct arena *a, const char *dir, const char *field,
    const char *filename, const char *declared_type)
{
	struct upload *u = arena_calloc(a, 1, sizeof(*u));
	struct upload_tmp *t;

	/* The digest state must be 64-byte aligned for libsodium's SIMD code;
	 * malloc's alignment is enough, the arena's may not be. */
	if (posix_memalign((void **)&t, 64, sizeof(*t)) != 0) {
		errno = ENOMEM;
		return NULL;
	}
	memset(t, 0, sizeof(*t));
	if (snprintf(t->path, sizeof(t->path), "%s/upload-XXXXXX", dir) >=
	    (int)sizeof(t->path)) {
		free(t);
		errno = ENAMETOOLONG;
		return NULL;
	}
	u->fd = mkostemp(t->path, O_CLOEXEC);
	if (u->fd < 0) {
		free(t);
		return NULL;
	}
	crypto_hash_sha256_init(&t->sha);
	u->tmp = t;
	u->field = arena_strdup(a, field);
	u->filename = upload_basename(a, filename);
	u->declared_type = arena_strdup(a, declared_type);
	return u;
}

int
upload_write(struct upload *u, const char *p, size_t n)
{
	size_t keep;

	if (u->head_len < UPLOAD_HEAD_MAX) {
		keep = UPLOAD_HEAD_MAX - u->head_len;
		if (keep > n)
			keep = n;
		memcpy(u->head + u->head_len, p, keep);
		u->head_len += keep;
	}
	crypto_hash_sha256_update(&u->tmp->sha, (const unsigned char *)p, n);
	u->size += n;
	return file_write_all(u->fd, p, n);
}

void
upload_end(struct upload *u)
{
	crypto_hash_sha256_final(&u->tmp->sha, u->sha256);
	lseek(u->fd, 0, SEEK_SET);
}

void
upload_discard(struct upload *u)
{
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
	if (u->tmp != NULL) {
		if (u->tmp->path[0] != '\0')
			unlink(u->tmp->path);
		free(u->tmp);
		u->tmp = NULL;
	}
}

const struct upload *
request_upload(struct request *r, const char *field)
{
	size_t i;

	for (i = 0; i < r->nuploads; i++)
		if (strcmp(r->uploads[i]->field, field) == 0)
			return r->uploads[i];
	return NULL;
}

static int
upload_fsync_dir(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	if (strlen(path) >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(dir, path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	return file_fsync_dir(dir);
}

int
upload_keep(const struct upload *u, const char *dest_path)
{
	struct upload_tmp *t = u->tmp;

	if (t == NULL || t->path[0] == '\0') {
		errno = ENOENT;
		return -1;
	}
	/* Data first, then the name: after a crash dest_path is either absent
	 * or whole, never a prefix of the file. */
	if (fsync(u->fd) != 0 || rename(t->path, dest_path) != 0)
		return -1;
	t->path[0] = '\0';
	return upload_fsync_dir(dest_path);
}

int
upload_read(const struct upload *u, struct arena *a, size_t max,
    const char **data)
{
	char *buf;
	size_t got = 0;

	if (u->size > max)
		return 1;
	buf = arena_alloc(a, (size_t)u->size + 1);
	while (got < u->size) {
		ssize_t n = pread(u->fd, buf + got, (size_t)u->size - got,
		    (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*data = buf;
	return 0;
}

/*
 * filestore.c - the content-addressed file store of the materials.
 *
 * Layout under files_dir:
 *	sha/ab/abcdef...	a stored file, named by its SHA-256 (hex); the
 *				first two digits make a folder so that no
 *				folder grows to hundreds of thousands of names
 *	tmp/			temporary files on their way in
 * A file is written to tmp/, fsynced, renamed into place and the folder
 * fsynced, so a crash leaves either the whole file or none.  Stored files
 * never change (a new version is a new file), which makes copying them
 * for a backup safe while the server runs.
 */
#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fileio.h"
#include "base/log.h"
#include "base/settings.h"
#include "materials/edit.h"
#include "materials/internal.h"
#include "materials/materials.h"

static void
make_dir(const char *path)
{
	if (mkdir(path, 0750) == -1 && errno != EEXIST)
		log_warn("cannot create %s: %s", path, strerror(errno));
}

/* The store's folders, made when a file is first written (not at start:
 * commands that never store a file should not create folders). */
static void
make_dirs(void)
{
	const char *files_dir = config_get()->files_dir;
	char p[1200];

	make_dir(files_dir);
	snprintf(p, sizeof(p), "%s/tmp", files_dir);
	make_dir(p);
	snprintf(p, sizeof(p), "%s/sha", files_dir);
	make_dir(p);
}

const char *
mstore_tmp_dir(struct arena *a)
{
	return arena_printf(a, "%s/tmp", config_get()->files_dir);
}

static bool
hex_name(const char *hex)
{
	size_t i;

	if (hex == NULL || strlen(hex) != 64)
		return false;
	for (i = 0; i < 64; i++)
		if (!((hex[i] >= '0' && hex[i] <= '9') ||
		    (hex[i] >= 'a' && hex[i] <= 'f')))
			return false;
	return true;
}

const char *
mstore_path(struct arena *a, const char *hex)
{
	if (!hex_name(hex))
		return NULL;
	return arena_printf(a, "%s/sha/%.2s/%s", config_get()->files_dir, hex,
	    hex);
}

const char *
mstore_dest(struct arena *a, const char *hex)
{
	const char *path = mstore_path(a, hex);

	if (path == NULL)
		return NULL;
	make_dirs();
	make_dir(arena_printf(a, "%s/sha/%.2s", config_get()->files_dir, hex));
	return path;
}

int
mstore_open(const char *hex, uint64_t *size)
{
	char path[1200];
	struct stat st;
	int fd;

	if (!hex_name(hex))
		return -1;
	snprintf(path, sizeof(path), "%s/sha/%.2s/%s", config_get()->files_dir,
	    hex, hex);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("stored file %.12s... cannot be opened: %s", hex,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}

int
mstore_adopt(const char *tmp_path, const char *hex)
{
	char dir[1200], path[1300];
	struct stat st;

	if (!hex_name(hex))
		return -1;
	snprintf(dir, sizeof(dir), "%s/sha/%.2s", config_get()->files_dir, hex);
	snprintf(path, sizeof(path), "%s/%s", dir, hex);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		/* The same content is stored already: same name, same bytes. */
		unlink(tmp_path);
		return 0;
	}
	make_dir(dir);
	if (rename(tmp_path, path) == -1) {
		log_error("cannot store %s: %s", path, strerror(errno));
		unlink(tmp_path);
		return -1;
	}
	if (file_fsync_dir(dir) != 0) {
		log_error("cannot fsync %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* A new temporary file in tmp/ (path into out); the fd or -1. */
static int
tmp_file(char out[1200])
{
	int fd;

	make_dirs();
	snprintf(out, 1200, "%s/tmp/in-XXXXXX", config_get()->files_dir);
	if ((fd = mkostemp(out, O_CLOEXEC)) == -1)
		log_error("cannot create a file in %s/tmp: %s",
		    config_get()->files_dir, strerror(errno));
	return fd;
}

static void
to_hex(const unsigned char h[32], char out[65])
{
	sodium_bin2hex(out, 65, h, 32);
}

int
mstore_put(const void *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char path[1200];
	int fd;

	crypto_hash_sha256(h, data, len);
	to_hex(h, out);
	if ((fd = tmp_file(path)) == -1)
		return -1;
	if (file_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		log_error("cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return mstore_adopt(path, out);
}

int
mstore_put_fd(int in, char out[65])
{
	crypto_hash_sha256_state s;
	unsigned char h[crypto_hash_sha256_BYTES], chunk[65536];
	char path[1200];
	off_t off = 0;
	ssize_t n;
	int fd;

	if ((fd = tmp_file(path)) == -1)
		return -1;
	crypto_hash_sha256_init(&s);
	while ((n = pread(in, chunk, sizeof(chunk), off)) > 0) {
		crypto_hash_sha256_update(&s, chunk, (size_t)n);
		if (file_write_all(fd, chunk, (size_t)n) != 0)
			break;
		off += n;
	}
	if (n != 0 || fsync(fd) != 0) {
		log_error("cannot copy into %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	crypto_hash_sha256_final(&s, h);
	to_hex(h, out);
	return mstore_adopt(path, out);
}

/* Copies one file (src to dst through dst.tmp, fsynced).  0 or -1. */
static int
copy_file(const char *src, const char *dst)
{
	char tmp[PATH_MAX + 8], chunk[65536];
	ssize_t n;
	int in, out;

	snprintf(tmp, sizeof(tmp), "%s.tmp", dst);
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0640)) == -1) {
		close(in);
		return -1;
	}
	while ((n = read(in, chunk, sizeof(chunk))) > 0)
		if (file_write_all(out, chunk, (size_t)n) != 0) {
			n = -1;
			break;
		}
	close(in);
	if (n != 0 || fsync(out) != 0) {
		close(out);
		unlink(tmp);
		return -1;
	}
	close(out);
	return rename(tmp, dst);
}

/* dir + "/" + name into out (PATH_MAX); -1 when it does not fit. */
static int
join(char out[PATH_MAX], const char *dir, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);

	return n < 0 || n >= PATH_MAX ? -1 : 0;
}

int
mstore_backup(const char *dest)
{
	char src_root[PATH_MAX], dst_root[PATH_MAX], sd[PATH_MAX],
	    dd[PATH_MAX], sf[PATH_MAX], df[PATH_MAX];
	struct dirent *e, *f;
	struct stat st;
	DIR *top, *sub;
	int count = 0;

	if (join(src_root, config_get()->files_dir, "sha") != 0 ||
	    join(dst_root, dest, "sha") != 0) {
		fprintf(stderr, "tukiverkko: %s: the path is too long\n", dest);
		return -1;
	}
	if (mkdir(dest, 0750) == -1 && errno != EEXIST) {
		fprintf(stderr, "tukiverkko: cannot create %s: %s\n", dest,
		    strerror(errno));
		return -1;
	}
	if (mkdir(dst_root, 0750) == -1 && errno != EEXIST) {
		fprintf(stderr, "tukiverkko: cannot create %s: %s\n", dst_root,
		    strerror(errno));
		return -1;
	}
	if ((top = opendir(src_root)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(top)) != NULL) {
		if (strlen(e->d_name) != 2 || e->d_name[0] == '.')
			continue;
		if (join(sd, src_root, e->d_name) != 0 ||
		    join(dd, dst_root, e->d_name) != 0 ||
		    (sub = opendir(sd)) == NULL)
			continue;
		if (mkdir(dd, 0750) == -1 && errno != EEXIST) {
			closedir(sub);
			closedir(top);
			fprintf(stderr, "tukiverkko: cannot create %s\n", dd);
			return -1;
		}
		while ((f = readdir(sub)) != NULL) {
			if (!hex_name(f->d_name) || join(sf, sd, f->d_name) != 0 ||
			    join(df, dd, f->d_name) != 0)
				continue;
			if (stat(df, &st) == 0)
				continue;
			if (copy_file(sf, df) != 0) {
				fprintf(stderr, "tukiverkko: cannot copy %s to "
				    "%s: %s\n", sf, df, strerror(errno));
				closedir(sub);
				closedir(top);
				return -1;
			}
			count++;
		}
		closedir(sub);
		file_fsync_dir(dd);
	}
	closedir(top);
	file_fsync_dir(dst_root);
	return count;
}

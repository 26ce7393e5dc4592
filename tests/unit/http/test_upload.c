/*
 * test_upload.c - temporary upload files: digest, head bytes, keeping,
 * reading back and removal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/upload.h"

struct fixture {
	char dir[64];
	struct arena a;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/tv-upload-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	arena_init(&f->a);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	arena_cleanup(&f->a);
	free(f);
	return 0;
}

/* Files in the directory, "." and ".." not counted. */
static int
count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
test_digest_and_head(void **state)
{
	struct fixture *f = *state;
	/* SHA-256("abc"), FIPS 180-2 appendix B.1 */
	static const unsigned char abc[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	struct upload *u = upload_begin(&f->a, f->dir, "file", "abc.txt",
	    "text/plain");

	assert_non_null(u);
	/* In two pieces: the digest runs over the stream, not one buffer. */
	assert_int_equal(upload_write(u, "a", 1), 0);
	assert_int_equal(upload_write(u, "bc", 2), 0);
	upload_end(u);
	assert_memory_equal(u->sha256, abc, 32);
	assert_int_equal(u->size, 3);
	assert_int_equal(u->head_len, 3);
	assert_memory_equal(u->head, "abc", 3);
	assert_string_equal(u->field, "file");
	assert_string_equal(u->declared_type, "text/plain");
	assert_int_equal(count_files(f->dir), 1);
	upload_discard(u);
	assert_int_equal(count_files(f->dir), 0);
}

static void
test_head_keeps_only_the_start(void **state)
{
	struct fixture *f = *state;
	struct upload *u = upload_begin(&f->a, f->dir, "f", "big.bin", "x/y");
	char block[300];
	int i;

	assert_non_null(u);
	for (i = 0; i < 4; i++) {
		memset(block, 'a' + i, sizeof(block));
		assert_int_equal(upload_write(u, block, sizeof(block)), 0);
	}
	upload_end(u);
	assert_int_equal(u->size, 1200);
	assert_int_equal(u->head_len, UPLOAD_HEAD_MAX);
	assert_int_equal(u->head[299], 'a');
	assert_int_equal(u->head[300], 'b');
	upload_discard(u);
}

static void
test_filename_loses_directories(void **state)
{
	struct fixture *f = *state;
	struct upload *u = upload_begin(&f->a, f->dir, "f",
	    "C:\\Users\\maija\\esitys.pdf", "application/pdf");
	struct upload *v = upload_begin(&f->a, f->dir, "f", "../../etc/passwd",
	    "text/plain");

	assert_string_equal(u->filename, "esitys.pdf");
	assert_string_equal(v->filename, "passwd");
	upload_end(u);
	upload_end(v);
	upload_discard(u);
	upload_discard(v);
	assert_int_equal(count_files(f->dir), 0);
}

static void
test_keep_and_read(void **state)
{
	struct fixture *f = *state;
	struct upload *u = upload_begin(&f->a, f->dir, "f", "a.txt", "text/plain");
	char dest[128];
	const char *data;
	struct stat st;

	assert_int_equal(upload_write(u, "hello, world", 12), 0);
	upload_end(u);
	assert_int_equal(upload_read(u, &f->a, 100, &data), 0);
	assert_string_equal(data, "hello, world");
	assert_int_equal(upload_read(u, &f->a, 11, &data), 1);
	snprintf(dest, sizeof(dest), "%s/kept", f->dir);
	assert_int_equal(upload_keep(u, dest), 0);
	/* Kept: the request's end closes it but leaves the file. */
	upload_discard(u);
	assert_int_equal(stat(dest, &st), 0);
	assert_int_equal(st.st_size, 12);
	assert_int_equal(count_files(f->dir), 1);
	/* Keeping twice is an error, not a second rename. */
	assert_int_equal(upload_keep(u, dest), -1);
}

static void
test_begin_fails_on_missing_dir(void **state)
{
	struct fixture *f = *state;
	char dir[128];

	snprintf(dir, sizeof(dir), "%s/no/such/dir", f->dir);
	assert_null(upload_begin(&f->a, dir, "f", "a", "text/plain"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_digest_and_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_keeps_only_the_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filename_loses_directories, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_and_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_begin_fails_on_missing_dir, setup, teardown),
	};

	return cmocka_run_group_tests_name("upload", tests, NULL, NULL);
}

/*
 * test_buf.c - growing output buffers: append and printf across the first
 * 4096-byte block, exact contents, termination, stealing, integers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"

static void
test_init_cleanup(void **state)
{
	struct buf b;

	(void)state;
	memset(&b, 0x5a, sizeof(b));
	buf_init(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_cleanup(&b);
	assert_null(b.data);
	buf_puts(&b, "x");
	buf_cleanup(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	/* Reusable after cleanup. */
	buf_puts(&b, "again");
	assert_string_equal(buf_cstr(&b), "again");
	buf_cleanup(&b);
}

static void
test_small(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_append(&b, "ab", 2);
	buf_append(&b, "zzz", 0);	/* nothing */
	buf_append(&b, NULL, 0);
	buf_putc(&b, 'c');
	buf_puts(&b, "dé");
	buf_puts(&b, NULL);
	buf_puts(&b, "");
	buf_putc(&b, '\0');
	buf_putc(&b, 'x');
	assert_int_equal(b.len, 8);
	assert_memory_equal(b.data, "abcd\xc3\xa9\0x", 8);
	assert_true(b.cap > b.len);
	buf_cleanup(&b);
}

static void
test_append_growth(void **state)
{
	struct buf b;
	char chunk[97];
	size_t i, total = 0;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 300; i++) {
		memset(chunk, 'a' + (int)(i % 26), sizeof(chunk));
		buf_append(&b, chunk, sizeof(chunk));
		total += sizeof(chunk);
		assert_int_equal(b.len, total);
		assert_true(b.cap >= b.len + 1);
	}
	assert_int_equal(b.len, 300 * 97);
	assert_int_equal(b.cap, 32768);
	for (i = 0; i < b.len; i++)
		assert_int_equal(b.data[i], 'a' + (int)((i / 97) % 26));
	buf_cleanup(&b);
}

/* The capacity is 4096 first and doubles; one byte is always spare. */
static void
test_reserve(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_reserve(&b, 0);
	assert_int_equal(b.cap, 4096);
	buf_reserve(&b, 4095);
	assert_int_equal(b.cap, 4096);
	buf_reserve(&b, 4096);
	assert_int_equal(b.cap, 8192);
	buf_cleanup(&b);

	buf_init(&b);
	buf_reserve(&b, 100000);
	assert_int_equal(b.cap, 131072);
	assert_int_equal(b.len, 0);
	buf_cleanup(&b);
}

static void
test_printf_growth(void **state)
{
	struct buf b;
	char big[5001];
	size_t i;

	(void)state;
	buf_init(&b);
	buf_printf(&b, "%d:%s;", 42, "x");
	assert_string_equal(buf_cstr(&b), "42:x;");
	assert_int_equal(b.len, 5);
	/* Longer than everything left: formats a second time. */
	memset(big, 'Q', 5000);
	big[5000] = '\0';
	big[0] = '[';
	big[4999] = ']';
	buf_printf(&b, "<%s>", big);
	assert_int_equal(b.len, 5 + 5002);
	assert_memory_equal(b.data, "42:x;<[", 7);
	assert_memory_equal(b.data + 5 + 1, big, 5000);
	assert_int_equal(b.data[b.len - 1], '>');
	assert_int_equal(strlen(buf_cstr(&b)), 5007);

	/* Many small printfs across the 4096 and 8192 boundaries. */
	buf_cleanup(&b);
	for (i = 0; i < 2000; i++)
		buf_printf(&b, "%04zu,", i);
	assert_int_equal(b.len, 2000 * 5);
	for (i = 0; i < 2000; i++) {
		char want[6];

		snprintf(want, sizeof(want), "%04zu,", i);
		assert_memory_equal(b.data + i * 5, want, 5);
	}
	/* An empty format adds nothing. */
	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, 10000);
	buf_cleanup(&b);
}

/* Output that exactly fills the spare room, and one byte more. */
static void
test_printf_exact_fit(void **state)
{
	struct buf b;
	char fill[4096];
	size_t room;

	(void)state;
	buf_init(&b);
	buf_putc(&b, '#');
	room = b.cap - b.len;		/* 4095 */
	assert_int_equal(room, 4095);
	memset(fill, 'f', sizeof(fill));
	fill[room - 1] = '\0';		/* room - 1 characters fit in place */
	buf_printf(&b, "%s", fill);
	assert_int_equal(b.len, 4095);
	assert_int_equal(b.cap, 4096);
	assert_int_equal(strlen(buf_cstr(&b)), 4095);
	buf_cleanup(&b);

	buf_putc(&b, '#');
	memset(fill, 'g', sizeof(fill));
	fill[room] = '\0';		/* room characters: must grow */
	buf_printf(&b, "%s", fill);
	assert_int_equal(b.len, 4096);
	assert_int_equal(b.cap, 8192);
	assert_int_equal(b.data[0], '#');
	assert_int_equal(b.data[4095], 'g');
	assert_int_equal(strlen(buf_cstr(&b)), 4096);
	buf_cleanup(&b);
}

static void
test_cstr(void **state)
{
	struct buf b;
	const char *s;

	(void)state;
	buf_init(&b);
	s = buf_cstr(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(b.len, 0);
	buf_puts(&b, "abc");
	assert_string_equal(buf_cstr(&b), "abc");
	assert_int_equal(b.len, 3);	/* the NUL is not counted */
	buf_puts(&b, "def");
	assert_string_equal(buf_cstr(&b), "abcdef");
	/* Exactly full to cap - 1 still terminates in place. */
	buf_cleanup(&b);
	while (b.len < 4095)
		buf_putc(&b, 'z');
	assert_int_equal(b.cap, 4096);
	assert_int_equal(strlen(buf_cstr(&b)), 4095);
	assert_int_equal(b.cap, 4096);
	buf_cleanup(&b);
}

static void
test_steal(void **state)
{
	struct buf b;
	char *p;
	size_t len = 99;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "body");
	buf_put_i64(&b, 12);
	p = buf_steal(&b, &len);
	assert_int_equal(len, 6);
	assert_string_equal(p, "body12");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(p);

	/* The buffer is usable again; stealing an empty one gives "". */
	p = buf_steal(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	free(p);
	buf_puts(&b, "next");
	assert_string_equal(buf_cstr(&b), "next");
	buf_cleanup(&b);
}

static void
test_put_i64(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_put_i64(&b, 0);
	buf_putc(&b, ' ');
	buf_put_i64(&b, -1);
	buf_putc(&b, ' ');
	buf_put_i64(&b, INT64_MAX);
	buf_putc(&b, ' ');
	buf_put_i64(&b, INT64_MIN);
	buf_putc(&b, ' ');
	buf_put_i64(&b, 1633500000);
	assert_string_equal(buf_cstr(&b), "0 -1 9223372036854775807 "
	    "-9223372036854775808 1633500000");
	buf_cleanup(&b);
}

static void
reserve_overflow(void)
{
	struct buf b;

	buf_init(&b);
	buf_putc(&b, 'x');
	buf_reserve(&b, SIZE_MAX - 1);
}

static void
reserve_huge(void)
{
	struct buf b;

	buf_init(&b);
	buf_reserve(&b, SIZE_MAX / 2 + 10);
}

/* Both overflow checks abort through fatal(); run them in a child. */
static int
aborts_with(void (*fn)(void), const char *msg)
{
	char out[4096];
	int fds[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) != 0)
		return 0;
	fflush(NULL);
	if ((pid = fork()) < 0)
		return 0;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDERR_FILENO);
		fn();
		_exit(0);
	}
	close(fds[1]);
	while (len < sizeof(out) - 1 &&
	    (n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT &&
	    strstr(out, msg) != NULL;
}

static void
test_overflow_aborts(void **state)
{
	(void)state;
	assert_true(aborts_with(reserve_overflow, "buf_reserve: size overflow"));
	assert_true(aborts_with(reserve_huge, "buf_reserve: size overflow"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_cleanup),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_append_growth),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_printf_growth),
		cmocka_unit_test(test_printf_exact_fit),
		cmocka_unit_test(test_cstr),
		cmocka_unit_test(test_steal),
		cmocka_unit_test(test_put_i64),
		cmocka_unit_test(test_overflow_aborts),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}

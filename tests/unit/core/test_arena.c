/*
 * test_arena.c - the per-request memory pool: alignment, growth across
 * chunks, big blocks, reset and reuse, the string helpers, and the overflow
 * checks (which abort, so they run in a forked child).
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

#include "base/arena.h"

static void
test_init_empty(void **state)
{
	struct arena a;

	(void)state;
	memset(&a, 0xff, sizeof(a));
	arena_init(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
	assert_int_equal(a.total, 0);
	/* Cleanup and reset of an unused arena are harmless. */
	arena_reset(&a);
	arena_cleanup(&a);
	assert_null(a.head);
}

static void
test_alignment(void **state)
{
	struct arena a;
	size_t sizes[] = { 0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 100, 4095, 9000,
	    1, 5 };
	unsigned char *prev = NULL;
	size_t i, prev_n = 0;

	(void)state;
	arena_init(&a);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = arena_alloc(&a, sizes[i]);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		/* The whole block is writable (ASan checks the bounds). */
		memset(p, 0xab, sizes[i]);
		/* Consecutive blocks in one chunk do not overlap. */
		if (prev != NULL && p > prev)
			assert_true(p >= prev + prev_n);
		prev = p;
		prev_n = sizes[i];
	}
	arena_cleanup(&a);
}

/* Sizes are rounded up to 16; zero counts as 16. */
static void
test_total_and_rounding(void **state)
{
	struct arena a;
	char *p, *q;

	(void)state;
	arena_init(&a);
	p = arena_alloc(&a, 1);
	assert_int_equal(a.total, 16);
	q = arena_alloc(&a, 0);
	assert_int_equal(a.total, 32);
	assert_ptr_equal(q, p + 16);
	q = arena_alloc(&a, 17);
	assert_int_equal(a.total, 64);
	assert_ptr_equal(q, p + 32);
	assert_int_equal(a.used, 64);
	arena_cleanup(&a);
}

/* Many small blocks spill into new chunks; every block keeps its bytes. */
static void
test_growth(void **state)
{
	struct arena a;
	unsigned char *blocks[2000];
	size_t i, j;

	(void)state;
	arena_init(&a);
	for (i = 0; i < 2000; i++) {
		blocks[i] = arena_alloc(&a, 40);
		memset(blocks[i], (int)(i & 0xff), 40);
	}
	/* 2000 * 48 bytes need more than the first 8 KiB chunk. */
	assert_int_equal(a.total, 2000 * 48);
	for (i = 0; i < 2000; i++)
		for (j = 0; j < 40; j++)
			assert_int_equal(blocks[i][j], i & 0xff);
	arena_cleanup(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
}

static void
test_big(void **state)
{
	struct arena a;
	unsigned char *small, *big, *after;
	size_t n = 3 * 1024 * 1024 + 5, i;

	(void)state;
	arena_init(&a);
	small = arena_alloc(&a, 10);
	memcpy(small, "ten bytes", 10);
	big = arena_alloc(&a, n);
	assert_int_equal((uintptr_t)big % 16, 0);
	for (i = 0; i < n; i++)
		big[i] = (unsigned char)(i * 7);
	after = arena_alloc(&a, 32);
	memset(after, 1, 32);
	for (i = 0; i < n; i++)
		assert_int_equal(big[i], (unsigned char)(i * 7));
	assert_string_equal((char *)small, "ten bytes");
	assert_int_equal(a.total, 16 + ((n + 15) & ~(size_t)15) + 32);
	arena_cleanup(&a);
}

/* A first allocation larger than the first chunk size. */
static void
test_big_first(void **state)
{
	struct arena a;
	char *p;

	(void)state;
	arena_init(&a);
	p = arena_alloc(&a, 100000);
	memset(p, 'x', 100000);
	p = arena_alloc(&a, 100000);
	memset(p, 'y', 100000);
	arena_cleanup(&a);
}

static void
test_reset_reuse(void **state)
{
	struct arena a;
	char *first, *again;
	int i;

	(void)state;
	arena_init(&a);
	first = arena_alloc(&a, 24);
	strcpy(first, "kept chunk");
	for (i = 0; i < 20; i++)
		memset(arena_alloc(&a, 5000), i, 5000);
	assert_true(a.total > 100000);
	arena_reset(&a);
	assert_non_null(a.head);
	assert_int_equal(a.used, 0);
	assert_int_equal(a.total, 0);
	/* The oldest chunk is kept: the first block comes back at the same
	 * address. */
	again = arena_alloc(&a, 24);
	assert_ptr_equal(again, first);
	assert_int_equal(a.total, 32);
	/* Reset twice in a row is fine, and the arena still works. */
	arena_reset(&a);
	arena_reset(&a);
	assert_ptr_equal(arena_alloc(&a, 1), first);
	for (i = 0; i < 10; i++)
		memset(arena_alloc(&a, 9000), 'q', 9000);
	arena_cleanup(&a);
	assert_null(a.head);
}

static void
test_arena_calloc(void **state)
{
	struct arena a;
	unsigned char *p;
	size_t i;

	(void)state;
	arena_init(&a);
	/* Dirty the chunk first, then reset so calloc gets used memory. */
	memset(arena_alloc(&a, 4000), 0xee, 4000);
	arena_reset(&a);
	p = arena_calloc(&a, 100, 40);
	for (i = 0; i < 4000; i++)
		assert_int_equal(p[i], 0);
	assert_non_null(arena_calloc(&a, 0, 8));
	assert_non_null(arena_calloc(&a, 8, 0));
	arena_cleanup(&a);
}

static void
test_strings(void **state)
{
	struct arena a;
	const char src[] = "Raasepori\0hidden";
	char *s;

	(void)state;
	arena_init(&a);
	s = arena_strndup(&a, src, 4);
	assert_string_equal(s, "Raas");
	s = arena_strndup(&a, src, sizeof(src) - 1);
	assert_memory_equal(s, src, sizeof(src));
	s = arena_strndup(&a, NULL, 0);
	assert_string_equal(s, "");
	s = arena_strdup(&a, "Borgå");
	assert_string_equal(s, "Borgå");
	assert_ptr_not_equal(s, "Borgå");
	assert_null(arena_strdup(&a, NULL));
	assert_string_equal(arena_strdup(&a, ""), "");
	arena_cleanup(&a);
}

static void
test_printf(void **state)
{
	struct arena a;
	char want[1200], *s;
	size_t n;

	(void)state;
	arena_init(&a);
	assert_string_equal(arena_printf(&a, "%s-%d-%zu", "x", -5, (size_t)7),
	    "x--5-7");
	assert_string_equal(arena_printf(&a, "%s", ""), "");
	/* Around the 256-byte stack buffer: 255, 256, 257 and long. */
	for (n = 250; n < 1100; n += (n < 260 ? 1 : 211)) {
		memset(want, 'a', n);
		want[0] = '<';
		want[n - 1] = '>';
		want[n] = '\0';
		s = arena_printf(&a, "%s", want);
		assert_int_equal(strlen(s), n);
		assert_string_equal(s, want);
	}
	s = arena_printf(&a, "%0300d|%s", 42, "end");
	assert_int_equal(strlen(s), 304);
	assert_string_equal(s + 298, "42|end");
	assert_int_equal(s[0], '0');
	arena_cleanup(&a);
}

/*
 * Runs fn in a child with stderr captured; true when the child died of
 * SIGABRT and its stderr contains msg.
 */
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
	pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDERR_FILENO);
		fn();
		_exit(0);	/* no abort: the parent sees exit status 0 */
	}
	close(fds[1]);
	while (len < sizeof(out) - 1 &&
	    (n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid)
		return 0;
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT) {
		print_error("child status %d, stderr: %s\n", status, out);
		return 0;
	}
	if (strstr(out, msg) == NULL) {
		print_error("child stderr lacks \"%s\": %s\n", msg, out);
		return 0;
	}
	return 1;
}

static void
calloc_overflow(void)
{
	struct arena a;

	arena_init(&a);
	arena_calloc(&a, SIZE_MAX / 2 + 1, 2);
}

static void
calloc_overflow_odd(void)
{
	struct arena a;

	arena_init(&a);
	arena_calloc(&a, 3, SIZE_MAX / 3 + 1);
}

static void
alloc_overflow(void)
{
	struct arena a;

	arena_init(&a);
	arena_alloc(&a, SIZE_MAX - 3);
}

static void
alloc_overflow_doubling(void)
{
	struct arena a;

	arena_init(&a);
	arena_alloc(&a, SIZE_MAX - 100);
}

static void
strndup_overflow(void)
{
	struct arena a;

	arena_init(&a);
	arena_strndup(&a, "", SIZE_MAX);
}

static void
no_overflow(void)
{
	struct arena a;

	arena_init(&a);
	arena_calloc(&a, 1000, 1000);
	arena_cleanup(&a);
}

static void
test_overflow_aborts(void **state)
{
	(void)state;
	assert_true(aborts_with(calloc_overflow, "arena_calloc: size overflow"));
	assert_true(aborts_with(calloc_overflow_odd,
	    "arena_calloc: size overflow"));
	assert_true(aborts_with(alloc_overflow, "arena_alloc: size overflow"));
	assert_true(aborts_with(alloc_overflow_doubling,
	    "arena_alloc: size overflow"));
	assert_true(aborts_with(strndup_overflow,
	    "arena_strndup: size overflow"));
	/* The harness itself can fail: a child that does not abort. */
	assert_false(aborts_with(no_overflow, "size overflow"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_total_and_rounding),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_big),
		cmocka_unit_test(test_big_first),
		cmocka_unit_test(test_reset_reuse),
		cmocka_unit_test(test_arena_calloc),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_overflow_aborts),
	};

	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}

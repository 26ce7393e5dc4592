/*
 * test_config.c - settings: defaults, every key of config_set() with good
 * and bad values, the config file, TUKIVERKKO_* variables and their order.
 *
 * Messages on stderr are captured into a file under a mkdtemp() directory
 * and compared exactly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/config.h"

static const char *const env_names[] = {
	"TUKIVERKKO_LISTEN", "TUKIVERKKO_DATABASE", "TUKIVERKKO_STATIC",
	"TUKIVERKKO_DATA", "TUKIVERKKO_THREADS", "TUKIVERKKO_BODY_MAX",
	"TUKIVERKKO_TIMEOUT", "TUKIVERKKO_ACCESS_LOG",
	"TUKIVERKKO_BEHIND_TLS_PROXY", "TUKIVERKKO_PAGE_CACHE_MS",
};
#define NENV (sizeof(env_names) / sizeof(env_names[0]))

struct fixture {
	char dir[64];
	char file[96];		/* dir/tukiverkko.conf */
	char errfile[96];	/* dir/stderr */
	char err[8192];		/* captured stderr */
	int saved_stderr;
	struct config c;
};

static void
clear_env(void)
{
	size_t i;

	for (i = 0; i < NENV; i++)
		unsetenv(env_names[i]);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/tv-config-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->file, sizeof(f->file), "%s/tukiverkko.conf", f->dir);
	snprintf(f->errfile, sizeof(f->errfile), "%s/stderr", f->dir);
	f->saved_stderr = -1;
	clear_env();
	config_defaults(&f->c);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	if (f->saved_stderr >= 0) {
		dup2(f->saved_stderr, STDERR_FILENO);
		close(f->saved_stderr);
	}
	clear_env();
	config_free(&f->c);
	unlink(f->file);
	unlink(f->errfile);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void
write_file(struct fixture *f, const char *text)
{
	FILE *fp = fopen(f->file, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* Sends stderr to f->errfile until capture_end(). */
static void
capture_start(struct fixture *f)
{
	int fd;

	fflush(stderr);
	f->saved_stderr = dup(STDERR_FILENO);
	assert_true(f->saved_stderr >= 0);
	fd = open(f->errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

/* Restores stderr and returns what was written meanwhile. */
static const char *
capture_end(struct fixture *f)
{
	ssize_t n;
	int fd;

	fflush(stderr);
	dup2(f->saved_stderr, STDERR_FILENO);
	close(f->saved_stderr);
	f->saved_stderr = -1;
	fd = open(f->errfile, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, f->err, sizeof(f->err) - 1);
	close(fd);
	assert_true(n >= 0);
	f->err[n] = '\0';
	return f->err;
}

/* config_load_file() with stderr captured. */
static int
load_file(struct fixture *f, const char *path)
{
	int rc;

	capture_start(f);
	rc = config_load_file(&f->c, path);
	capture_end(f);
	return rc;
}

static int
load_env(struct fixture *f)
{
	int rc;

	capture_start(f);
	rc = config_load_env(&f->c);
	capture_end(f);
	return rc;
}

static void
expect_set(struct config *c, const char *key, const char *value)
{
	const char *err = NULL;

	if (config_set(c, key, value, &err) != 0)
		fail_msg("%s = \"%s\" refused: %s", key, value, err);
}

static void
expect_refused(struct config *c, const char *key, const char *value,
    const char *msg)
{
	const char *err = NULL;

	if (config_set(c, key, value, &err) != -1)
		fail_msg("%s = \"%s\" accepted", key, value);
	assert_non_null(err);
	assert_string_equal(err, msg);
}

static void
test_defaults(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(f->c.listen, "127.0.0.1:8080");
	assert_string_equal(f->c.database, "var/tukiverkko.db");
	assert_string_equal(f->c.static_dir, "static");
	assert_string_equal(f->c.data_dir, "data");
	assert_int_equal(f->c.threads, 0);
	assert_int_equal(f->c.body_max, 1024 * 1024);
	assert_int_equal(f->c.timeout, 30);
	assert_true(f->c.access_log);
	assert_false(f->c.behind_tls_proxy);
	assert_int_equal(f->c.page_cache_ms, 5000);
	assert_string_equal(f->c.base_url, "http://127.0.0.1:8080");
	assert_int_equal(f->c.upload_max, 100 * 1024 * 1024);
	/* The strings are copies: config_set() and config_free() may free
	 * them.  Until config_use(), modules see the same defaults. */
	assert_ptr_not_equal(f->c.files_dir, config_default.files_dir);
	assert_ptr_equal(config_get(), &config_default);
	/* Defaults twice (after a change) give the defaults again. */
	expect_set(&f->c, "listen", "0.0.0.0:80");
	config_free(&f->c);
	config_defaults(&f->c);
	assert_string_equal(f->c.listen, "127.0.0.1:8080");
	/* config_free leaves nothing behind. */
	config_free(&f->c);
	assert_null(f->c.listen);
	assert_null(f->c.database);
	assert_null(f->c.static_dir);
	assert_null(f->c.data_dir);
	config_free(&f->c);
}

static void
test_set_strings(void **state)
{
	struct fixture *f = *state;

	expect_set(&f->c, "listen", "[::1]:8443");
	expect_set(&f->c, "database", "/var/lib/tukiverkko/site.db");
	expect_set(&f->c, "static", "/srv/static");
	expect_set(&f->c, "data", "/srv/data");
	assert_string_equal(f->c.listen, "[::1]:8443");
	assert_string_equal(f->c.database, "/var/lib/tukiverkko/site.db");
	assert_string_equal(f->c.static_dir, "/srv/static");
	assert_string_equal(f->c.data_dir, "/srv/data");
	/* Replacing again frees the old copy (LeakSanitizer would tell). */
	expect_set(&f->c, "database", "other.db");
	assert_string_equal(f->c.database, "other.db");
	/* The value is copied, not borrowed. */
	{
		char tmp[] = "copied.db";

		expect_set(&f->c, "database", tmp);
		tmp[0] = 'X';
		assert_string_equal(f->c.database, "copied.db");
	}
	/* The other settings did not move. */
	assert_int_equal(f->c.threads, 0);
	assert_int_equal(f->c.timeout, 30);
}

static void
test_set_threads(void **state)
{
	struct fixture *f = *state;
	const char *msg = "threads must be a number from 0 to 256";

	expect_set(&f->c, "threads", "8");
	assert_int_equal(f->c.threads, 8);
	expect_set(&f->c, "threads", "256");
	assert_int_equal(f->c.threads, 256);
	expect_set(&f->c, "threads", "0");
	assert_int_equal(f->c.threads, 0);
	expect_set(&f->c, "threads", "007");
	assert_int_equal(f->c.threads, 7);
	expect_refused(&f->c, "threads", "257", msg);
	expect_refused(&f->c, "threads", "-1", msg);
	expect_refused(&f->c, "threads", "+1", msg);
	expect_refused(&f->c, "threads", "", msg);
	expect_refused(&f->c, "threads", "four", msg);
	expect_refused(&f->c, "threads", "4x", msg);
	expect_refused(&f->c, "threads", " 4", msg);
	expect_refused(&f->c, "threads", "4 ", msg);
	expect_refused(&f->c, "threads", "0x10", msg);
	expect_refused(&f->c, "threads", "99999999999999999999999", msg);
	expect_refused(&f->c, "threads", "4294967304", msg);	/* 2^32 + 8 */
	/* A refused value leaves the old one. */
	assert_int_equal(f->c.threads, 7);
}

static void
test_set_body_max(void **state)
{
	struct fixture *f = *state;
	const char *msg = "body_max must be a number of bytes, at least 1024";

	expect_set(&f->c, "body_max", "1024");
	assert_int_equal(f->c.body_max, 1024);
	expect_set(&f->c, "body_max", "4294967296");
	assert_int_equal(f->c.body_max, (size_t)4294967296ULL);
	expect_set(&f->c, "body_max", "65536");
	assert_int_equal(f->c.body_max, 65536);
	expect_refused(&f->c, "body_max", "1023", msg);
	expect_refused(&f->c, "body_max", "0", msg);
	expect_refused(&f->c, "body_max", "4294967297", msg);
	expect_refused(&f->c, "body_max", "1M", msg);
	expect_refused(&f->c, "body_max", "", msg);
	expect_refused(&f->c, "body_max", "-2048", msg);
	assert_int_equal(f->c.body_max, 65536);
}

static void
test_set_timeout(void **state)
{
	struct fixture *f = *state;
	const char *msg = "timeout must be seconds from 1 to 3600";

	expect_set(&f->c, "timeout", "1");
	assert_int_equal(f->c.timeout, 1);
	expect_set(&f->c, "timeout", "3600");
	assert_int_equal(f->c.timeout, 3600);
	expect_set(&f->c, "timeout", "45");
	expect_refused(&f->c, "timeout", "0", msg);
	expect_refused(&f->c, "timeout", "3601", msg);
	expect_refused(&f->c, "timeout", "", msg);
	expect_refused(&f->c, "timeout", "1.5", msg);
	expect_refused(&f->c, "timeout", "-5", msg);
	assert_int_equal(f->c.timeout, 45);
}

static void
test_set_deadlines(void **state)
{
	struct fixture *f = *state;
	const char *tmsg = "header_timeout and body_timeout must be seconds "
	    "from 0 (no limit) to 3600";
	const char *rmsg = "body_min_rate must be bytes per second from 0 "
	    "(no minimum) to 1073741824";
	const char *bmsg = "render_budget_ms must be milliseconds from 0 "
	    "(no limit) to 3600000";

	assert_int_equal(f->c.header_timeout, 10);
	assert_int_equal(f->c.body_timeout, 10);
	assert_int_equal(f->c.body_min_rate, 4096);
	assert_int_equal(f->c.render_budget_ms, 10000);
	expect_set(&f->c, "header_timeout", "0");
	assert_int_equal(f->c.header_timeout, 0);
	expect_set(&f->c, "header_timeout", "3600");
	assert_int_equal(f->c.header_timeout, 3600);
	expect_set(&f->c, "body_timeout", "2");
	assert_int_equal(f->c.body_timeout, 2);
	assert_int_equal(f->c.header_timeout, 3600);
	expect_refused(&f->c, "header_timeout", "3601", tmsg);
	expect_refused(&f->c, "body_timeout", "-1", tmsg);
	expect_refused(&f->c, "body_timeout", "", tmsg);
	expect_set(&f->c, "body_min_rate", "0");
	assert_int_equal(f->c.body_min_rate, 0);
	expect_set(&f->c, "body_min_rate", "1073741824");
	assert_int_equal(f->c.body_min_rate, 1073741824u);
	expect_refused(&f->c, "body_min_rate", "1073741825", rmsg);
	expect_refused(&f->c, "body_min_rate", "4k", rmsg);
	expect_set(&f->c, "render_budget_ms", "500");
	assert_int_equal(f->c.render_budget_ms, 500);
	expect_refused(&f->c, "render_budget_ms", "3600001", bmsg);
	assert_int_equal(f->c.render_budget_ms, 500);
}

static void
test_set_page_cache(void **state)
{
	struct fixture *f = *state;
	const char *msg = "page_cache_ms must be milliseconds from 0 (off) to "
	    "3600000";

	expect_set(&f->c, "page_cache_ms", "0");
	assert_int_equal(f->c.page_cache_ms, 0);
	expect_set(&f->c, "page_cache_ms", "3600000");
	assert_int_equal(f->c.page_cache_ms, 3600000);
	expect_set(&f->c, "page_cache_ms", "250");
	assert_int_equal(f->c.page_cache_ms, 250);
	expect_refused(&f->c, "page_cache_ms", "3600001", msg);
	expect_refused(&f->c, "page_cache_ms", "-1", msg);
	expect_refused(&f->c, "page_cache_ms", "", msg);
	expect_refused(&f->c, "page_cache_ms", "5s", msg);
	assert_int_equal(f->c.page_cache_ms, 250);
}

/* Links are base_url + "/path", so a trailing slash is dropped once here
 * (but not the ones of the scheme). */
static void
test_set_base_url(void **state)
{
	struct fixture *f = *state;
	const char *msg = "base_url must start with http:// or https://";

	expect_set(&f->c, "base_url", "https://tuki.example.org:8443/");
	assert_string_equal(f->c.base_url, "https://tuki.example.org:8443");
	expect_set(&f->c, "base_url", "https://tuki.example.org/site//");
	assert_string_equal(f->c.base_url, "https://tuki.example.org/site");
	expect_set(&f->c, "base_url", "http://x");
	assert_string_equal(f->c.base_url, "http://x");
	expect_set(&f->c, "base_url", "https://");
	assert_string_equal(f->c.base_url, "https://");
	expect_refused(&f->c, "base_url", "ftp://x", msg);
	expect_refused(&f->c, "base_url", "tuki.example.org", msg);
	assert_string_equal(f->c.base_url, "https://");
}

static void
check_bool(struct config *c, const char *key, bool *field)
{
	static const char *const yes[] = { "on", "true", "1", "yes" };
	static const char *const no[] = { "off", "false", "0", "no" };
	static const char *const bad[] = { "ON", "True", "y", "2", "", " on",
	    "off ", "enabled" };
	char msg[64];
	size_t i;

	snprintf(msg, sizeof(msg), "%s must be on or off", key);
	for (i = 0; i < 4; i++) {
		*field = false;
		expect_set(c, key, yes[i]);
		assert_true(*field);
		expect_set(c, key, no[i]);
		assert_false(*field);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		*field = true;
		expect_refused(c, key, bad[i], msg);
		assert_true(*field);
		*field = false;
		expect_refused(c, key, bad[i], msg);
		assert_false(*field);
	}
}

static void
test_set_bools(void **state)
{
	struct fixture *f = *state;

	check_bool(&f->c, "access_log", &f->c.access_log);
	check_bool(&f->c, "behind_tls_proxy", &f->c.behind_tls_proxy);
}

static void
test_set_unknown(void **state)
{
	struct fixture *f = *state;

	expect_refused(&f->c, "colour", "blue", "unknown setting");
	expect_refused(&f->c, "Listen", "x", "unknown setting");
	expect_refused(&f->c, "THREADS", "1", "unknown setting");
	expect_refused(&f->c, "", "x", "unknown setting");
	expect_refused(&f->c, "threads ", "1", "unknown setting");
	expect_refused(&f->c, "static_dir", "x", "unknown setting");
	expect_refused(&f->c, "data_dir", "x", "unknown setting");
	assert_string_equal(f->c.listen, "127.0.0.1:8080");
	assert_string_equal(f->c.static_dir, "static");
}

static void
test_file(void **state)
{
	struct fixture *f = *state;

	write_file(f,
	    "# Tukiverkko settings\n"
	    "\n"
	    "listen = 0.0.0.0:8081\n"
	    "database=/var/lib/tv.db\n"
	    "   static   =   /srv/static   \n"
	    "\tdata\t=\t/srv/data\t\n"
	    "threads = 4   # four workers\n"
	    "   # indented comment\n"
	    "body_max = 2048\r\n"
	    "timeout = 60\n"
	    "access_log = off\n"
	    "behind_tls_proxy = yes\n"
	    "page_cache_ms = 0\n"
	    "\n"
	    "   \t  \n");
	assert_int_equal(load_file(f, f->file), 0);
	assert_string_equal(f->err, "");
	assert_string_equal(f->c.listen, "0.0.0.0:8081");
	assert_string_equal(f->c.database, "/var/lib/tv.db");
	assert_string_equal(f->c.static_dir, "/srv/static");
	assert_string_equal(f->c.data_dir, "/srv/data");
	assert_int_equal(f->c.threads, 4);
	assert_int_equal(f->c.body_max, 2048);
	assert_int_equal(f->c.timeout, 60);
	assert_false(f->c.access_log);
	assert_true(f->c.behind_tls_proxy);
	assert_int_equal(f->c.page_cache_ms, 0);
}

static void
test_file_empty(void **state)
{
	struct fixture *f = *state;

	write_file(f, "");
	assert_int_equal(load_file(f, f->file), 0);
	write_file(f, "# only comments\n\n#listen = nowhere\n");
	assert_int_equal(load_file(f, f->file), 0);
	assert_string_equal(f->c.listen, "127.0.0.1:8080");
	assert_string_equal(f->err, "");
	/* Without a final newline the last line still counts. */
	write_file(f, "timeout = 9");
	assert_int_equal(load_file(f, f->file), 0);
	assert_int_equal(f->c.timeout, 9);
}

static void
test_file_bad_line(void **state)
{
	struct fixture *f = *state;
	char want[256];

	write_file(f, "# comment\nthreads = 3\nthis is not a setting\n"
	    "timeout = 5\n");
	assert_int_equal(load_file(f, f->file), -1);
	snprintf(want, sizeof(want), "%s:3: expected key = value\n", f->file);
	assert_string_equal(f->err, want);
	/* Lines before the bad one were applied, lines after were not. */
	assert_int_equal(f->c.threads, 3);
	assert_int_equal(f->c.timeout, 30);
}

static void
test_file_bad_value(void **state)
{
	struct fixture *f = *state;
	char want[256];

	write_file(f, "\n\nthreads = 1000\n");
	assert_int_equal(load_file(f, f->file), -1);
	snprintf(want, sizeof(want), "%s:3: threads: threads must be a number "
	    "from 0 to 256\n", f->file);
	assert_string_equal(f->err, want);
	assert_int_equal(f->c.threads, 0);

	write_file(f, "access_log = maybe\n");
	assert_int_equal(load_file(f, f->file), -1);
	snprintf(want, sizeof(want), "%s:1: access_log: access_log must be on "
	    "or off\n", f->file);
	assert_string_equal(f->err, want);

	write_file(f, "listen = x\ncolour = blue\n");
	assert_int_equal(load_file(f, f->file), -1);
	snprintf(want, sizeof(want), "%s:2: colour: unknown setting\n", f->file);
	assert_string_equal(f->err, want);

	write_file(f, "= 5\n");
	assert_int_equal(load_file(f, f->file), -1);
	snprintf(want, sizeof(want), "%s:1: : unknown setting\n", f->file);
	assert_string_equal(f->err, want);

	/* An empty value is still a value, and for numbers a bad one. */
	write_file(f, "timeout =\n");
	assert_int_equal(load_file(f, f->file), -1);
	snprintf(want, sizeof(want), "%s:1: timeout: timeout must be seconds "
	    "from 1 to 3600\n", f->file);
	assert_string_equal(f->err, want);
}

static void
test_file_missing(void **state)
{
	struct fixture *f = *state;
	char path[128], want[256];

	snprintf(path, sizeof(path), "%s/no-such.conf", f->dir);
	assert_int_equal(load_file(f, path), -1);
	snprintf(want, sizeof(want), "tukiverkko: cannot open %s: ", path);
	assert_int_equal(strncmp(f->err, want, strlen(want)), 0);
	assert_non_null(strstr(f->err, "No such file"));
}

/* A comment longer than any fixed line buffer is still one comment. */
static void
test_file_long_comment(void **state)
{
	struct fixture *f = *state;
	char text[2200];

	memset(text, 'c', sizeof(text));
	memcpy(text, "# ", 2);
	memcpy(text + 1500, "\nthreads = 4\n", 14);
	write_file(f, text);
	if (load_file(f, f->file) != 0)
		fail_msg("a 1500-byte comment line was refused: %s", f->err);
	assert_int_equal(f->c.threads, 4);
}

static void
test_env(void **state)
{
	struct fixture *f = *state;

	setenv("TUKIVERKKO_LISTEN", "127.0.0.1:9000", 1);
	setenv("TUKIVERKKO_DATABASE", "/tmp/env.db", 1);
	setenv("TUKIVERKKO_STATIC", "/env/static", 1);
	setenv("TUKIVERKKO_DATA", "/env/data", 1);
	setenv("TUKIVERKKO_THREADS", "12", 1);
	setenv("TUKIVERKKO_BODY_MAX", "4096", 1);
	setenv("TUKIVERKKO_TIMEOUT", "120", 1);
	setenv("TUKIVERKKO_ACCESS_LOG", "no", 1);
	setenv("TUKIVERKKO_BEHIND_TLS_PROXY", "on", 1);
	setenv("TUKIVERKKO_PAGE_CACHE_MS", "1500", 1);
	assert_int_equal(load_env(f), 0);
	assert_string_equal(f->err, "");
	assert_string_equal(f->c.listen, "127.0.0.1:9000");
	assert_string_equal(f->c.database, "/tmp/env.db");
	assert_string_equal(f->c.static_dir, "/env/static");
	assert_string_equal(f->c.data_dir, "/env/data");
	assert_int_equal(f->c.threads, 12);
	assert_int_equal(f->c.body_max, 4096);
	assert_int_equal(f->c.timeout, 120);
	assert_false(f->c.access_log);
	assert_true(f->c.behind_tls_proxy);
	assert_int_equal(f->c.page_cache_ms, 1500);
}

static void
test_env_none(void **state)
{
	struct fixture *f = *state;

	/* Lower case and near-miss names are not ours. */
	setenv("tukiverkko_threads", "9", 1);
	setenv("TUKIVERKKO_THREAD", "9", 1);
	setenv("TUKIVERKKO_STATIC_DIR", "/nope", 1);
	assert_int_equal(load_env(f), 0);
	unsetenv("tukiverkko_threads");
	unsetenv("TUKIVERKKO_THREAD");
	unsetenv("TUKIVERKKO_STATIC_DIR");
	assert_int_equal(f->c.threads, 0);
	assert_string_equal(f->c.static_dir, "static");
	/* An empty string is a value: fine for a path, bad for a number. */
	setenv("TUKIVERKKO_DATA", "", 1);
	assert_int_equal(load_env(f), 0);
	assert_string_equal(f->c.data_dir, "");
}

static void
test_env_bad(void **state)
{
	struct fixture *f = *state;

	setenv("TUKIVERKKO_TIMEOUT", "0", 1);
	assert_int_equal(load_env(f), -1);
	assert_string_equal(f->err, "tukiverkko: TUKIVERKKO_TIMEOUT: timeout "
	    "must be seconds from 1 to 3600\n");
	assert_int_equal(f->c.timeout, 30);
	unsetenv("TUKIVERKKO_TIMEOUT");

	setenv("TUKIVERKKO_BEHIND_TLS_PROXY", "perhaps", 1);
	assert_int_equal(load_env(f), -1);
	assert_string_equal(f->err, "tukiverkko: TUKIVERKKO_BEHIND_TLS_PROXY: "
	    "behind_tls_proxy must be on or off\n");
	unsetenv("TUKIVERKKO_BEHIND_TLS_PROXY");

	setenv("TUKIVERKKO_BODY_MAX", "", 1);
	assert_int_equal(load_env(f), -1);
	assert_string_equal(f->err, "tukiverkko: TUKIVERKKO_BODY_MAX: body_max "
	    "must be a number of bytes, at least 1024\n");
}

/* Defaults < file < environment, as main() applies them. */
static void
test_precedence(void **state)
{
	struct fixture *f = *state;

	write_file(f, "threads = 4\ntimeout = 10\ndatabase = file.db\n"
	    "access_log = off\n");
	setenv("TUKIVERKKO_THREADS", "8", 1);
	setenv("TUKIVERKKO_DATABASE", "env.db", 1);
	assert_int_equal(load_file(f, f->file), 0);
	assert_int_equal(load_env(f), 0);
	assert_int_equal(f->c.threads, 8);
	assert_string_equal(f->c.database, "env.db");
	/* From the file where the environment says nothing. */
	assert_int_equal(f->c.timeout, 10);
	assert_false(f->c.access_log);
	/* Defaults where neither says anything. */
	assert_string_equal(f->c.listen, "127.0.0.1:8080");
	assert_int_equal(f->c.body_max, 1024 * 1024);
}

/*
 * password_cost test (libsodium's minimum) only where the environment
 * says this is a test suite, so that a copied setting cannot weaken the
 * hashes of a real installation; the real costs whatever it says.
 */
static void
test_set_password_cost(void **state)
{
	struct fixture *f = *state;
	static const char *const refused = "password_cost test is for test "
	    "suites only (TUKIVERKKO_TEST_SUITE=1)";

	unsetenv("TUKIVERKKO_TEST_SUITE");
	expect_refused(&f->c, "password_cost", "test", refused);
	setenv("TUKIVERKKO_TEST_SUITE", "yes", 1);
	expect_refused(&f->c, "password_cost", "test", refused);
	expect_set(&f->c, "password_cost", "interactive");
	assert_string_equal(f->c.password_cost, "interactive");
	setenv("TUKIVERKKO_TEST_SUITE", "1", 1);
	expect_set(&f->c, "password_cost", "test");
	assert_string_equal(f->c.password_cost, "test");
	expect_set(&f->c, "password_cost", "moderate");
	expect_refused(&f->c, "password_cost", "minimum",
	    "password_cost must be moderate or interactive");
	unsetenv("TUKIVERKKO_TEST_SUITE");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_defaults),
		T(test_set_strings),
		T(test_set_threads),
		T(test_set_body_max),
		T(test_set_timeout),
		T(test_set_deadlines),
		T(test_set_page_cache),
		T(test_set_base_url),
		T(test_set_bools),
		T(test_set_password_cost),
		T(test_set_unknown),
		T(test_file),
		T(test_file_empty),
		T(test_file_bad_line),
		T(test_file_bad_value),
		T(test_file_missing),
		T(test_file_long_comment),
		T(test_env),
		T(test_env_none),
		T(test_env_bad),
		T(test_precedence),
	};
#undef T

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}

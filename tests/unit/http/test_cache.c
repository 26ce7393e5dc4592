/*
 * test_cache.c - the page cache (http/cache.h) without a server: a
 * response is kept with no header of its own or with a public
 * Cache-Control alone, which a hit sends again once; a cookie, a private
 * policy or a second header keeps it out; and a thread keeps at most
 * CACHE_THREAD_BYTES of bodies, however many query strings ask.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/cache.h"
#include "http/response.h"

/* A rendered 200 of `len` bytes for uri, with the headers given (name,
 * value, ..., NULL). */
static void
rendered(struct request *r, const char *uri, size_t len, ...)
{
	va_list ap;
	const char *name;
	size_t i;

	memset(r, 0, sizeof(*r));
	arena_init(&r->arena);
	buf_init(&r->resp.body);
	r->method = HTTP_GET;
	r->raw_uri = uri;
	response_begin(r, 200, "text/calendar; charset=utf-8");
	for (i = 0; i < len; i++)
		buf_putc(&r->resp.body, (char)('a' + (i * 7 + i / 13) % 26));
	va_start(ap, len);
	while ((name = va_arg(ap, const char *)) != NULL)
		response_header(r, name, va_arg(ap, const char *));
	va_end(ap);
}

static void
done(struct request *r)
{
	buf_cleanup(&r->resp.body);
	arena_cleanup(&r->arena);
}

/* How many headers called name r's response has, the last one's value
 * in *value. */
static int
headers(const struct request *r, const char *name, const char **value)
{
	size_t i;
	int n = 0;

	for (i = 0; i < r->resp.nheaders; i++)
		if (strcasecmp(r->resp.headers[i].name, name) == 0) {
			n++;
			*value = r->resp.headers[i].value;
		}
	return n;
}

/* Whether a fresh request for uri is answered from the cache. */
static bool
hit(const char *uri, struct request *out)
{
	struct request r;
	bool h;

	memset(&r, 0, sizeof(r));
	arena_init(&r.arena);
	buf_init(&r.resp.body);
	r.method = HTTP_GET;
	r.raw_uri = uri;
	h = cache_lookup(&r);
	if (out != NULL)
		*out = r;
	else
		done(&r);
	return h;
}

static void
test_public_cache_control(void **unused)
{
	struct request r, h;
	const char *v = NULL;

	(void)unused;
	rendered(&r, "/fi/events.ics", 3000, "Cache-Control",
	    "public, max-age=300", NULL);
	assert_false(hit("/fi/events.ics", NULL));
	cache_store(&r);
	/* The miss is answered as a hit will be: the header once. */
	assert_int_equal(headers(&r, "Cache-Control", &v), 1);
	assert_string_equal(v, "public, max-age=300");
	assert_true(hit("/fi/events.ics", &h));
	assert_int_equal(headers(&h, "Cache-Control", &v), 1);
	assert_string_equal(v, "public, max-age=300");
	assert_int_equal(h.resp.body.len, 3000);
	assert_memory_equal(h.resp.body.data, r.resp.body.data, 3000);
	done(&h);
	done(&r);
	/* And a page with no header of its own, as before. */
	rendered(&r, "/fi/", 3000, NULL);
	cache_store(&r);
	assert_true(hit("/fi/", &h));
	assert_int_equal(headers(&h, "Cache-Control", &v), 0);
	done(&h);
	done(&r);
}

static void
test_kept_out(void **unused)
{
	struct request r;

	(void)unused;
	rendered(&r, "/fi/signin", 3000, "Set-Cookie", "csrf=x", NULL);
	cache_store(&r);
	done(&r);
	assert_false(hit("/fi/signin", NULL));
	rendered(&r, "/fi/events/9/calendar.ics", 3000, "Cache-Control",
	    "private, no-store", NULL);
	cache_store(&r);
	done(&r);
	assert_false(hit("/fi/events/9/calendar.ics", NULL));
	rendered(&r, "/fi/events/8/calendar.ics", 3000, "Cache-Control",
	    "public, max-age=300", "Content-Disposition",
	    "attachment; filename=\"event-8.ics\"", NULL);
	cache_store(&r);
	done(&r);
	assert_false(hit("/fi/events/8/calendar.ics", NULL));
}

/* 100 feeds of 250 KB under as many query strings: the thread keeps no
 * more than its budget, and keeps some. */
static void
test_thread_budget(void **unused)
{
	char uri[100][40];
	struct request r;
	size_t i, kept = 0, bytes = 0;

	(void)unused;
	for (i = 0; i < 100; i++) {
		snprintf(uri[i], sizeof(uri[i]), "/fi/events.ics?n=%zu", i);
		rendered(&r, uri[i], 250 * 1024, "Cache-Control",
		    "public, max-age=300", NULL);
		cache_store(&r);
		done(&r);
	}
	for (i = 0; i < 100; i++)
		if (hit(uri[i], NULL)) {
			kept++;
			bytes += 250 * 1024;
		}
	assert_true(kept > 0);
	assert_true(bytes <= CACHE_THREAD_BYTES);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public_cache_control),
		cmocka_unit_test(test_kept_out),
		cmocka_unit_test(test_thread_budget),
	};

	cache_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

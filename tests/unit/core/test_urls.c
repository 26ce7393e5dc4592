/*
 * test_urls.c - url_for() and url_abs_for(): every route of the real
 * table resolves to a path that routes back to it with the arguments
 * given, arguments are percent-encoded, and mistakes give the marked
 * error URL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "app/app.h"
#include "base/settings.h"
#include "http/request.h"
#include "http/router.h"
#include "http/urls.h"

static const char *const dummies[] = { "a1", "a2", "a3", "a4", "a5", "a6" };

/* url_for() with the first n dummy arguments. */
static const char *
url_dummy(struct arena *a, enum lang l, const char *name, size_t n)
{
	const char *const *d = dummies;

	switch (n) {
	case 0: return url_for(a, l, name, NULL);
	case 1: return url_for(a, l, name, d[0], NULL);
	case 2: return url_for(a, l, name, d[0], d[1], NULL);
	case 3: return url_for(a, l, name, d[0], d[1], d[2], NULL);
	case 4: return url_for(a, l, name, d[0], d[1], d[2], d[3], NULL);
	case 5: return url_for(a, l, name, d[0], d[1], d[2], d[3], d[4], NULL);
	default:
		fail_msg("route %s has %zu parameters; extend the test", name, n);
		return NULL;
	}
}

/* Every route name: the URL matches the route's own pattern, and routes
 * back to that route with :lang and each argument in place. */
static void
test_every_route(void **state)
{
	const struct route *ro;
	struct request r;
	const char *url, *p;
	char path[512];
	size_t i, j, n, first;
	unsigned allow;

	(void)state;
	memset(&r, 0, sizeof(r));
	arena_init(&r.arena);
	for (i = 0; i < app_router.nroutes; i++) {
		ro = &app_router.routes[i];
		n = 0;
		for (p = ro->pattern; (p = strpbrk(p, ":*")) != NULL; p++)
			if (strncmp(p, ":lang", 5) != 0)
				n++;
		url = url_dummy(&r.arena, LANG_SV, ro->name, n);
		if (strstr(url, "url-error") != NULL)
			fail_msg("%s: %s", ro->name, url);
		snprintf(path, sizeof(path), "%s", url);
		r.path = path;
		/* One method of the route: GET and POST share some paths. */
		r.method = ro->methods & -ro->methods;
		r.route = NULL;
		if (router_match(&app_router, &r, &allow) != ROUTER_FOUND ||
		    r.route != ro)
			fail_msg("%s: %s routes to %s", ro->name, url,
			    r.route != NULL ? r.route->name : "nothing");
		first = 0;
		if (ro->flags & ROUTE_LANG) {
			assert_string_equal(r.params[0], "sv");
			assert_int_equal(r.lang, LANG_SV);
			first = 1;
		}
		assert_int_equal(r.nparams, first + n);
		for (j = 0; j < n; j++)
			assert_string_equal(r.params[first + j], dummies[j]);
		arena_reset(&r.arena);
	}
	arena_cleanup(&r.arena);
}

static void
test_examples(void **state)
{
	struct config cfg = config_default;
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(url_for(&a, LANG_FI, "root", NULL), "/");
	assert_string_equal(url_for(&a, LANG_EN, "network.front", NULL),
	    "/en/");
	assert_string_equal(url_for(&a, LANG_FI, "account.token-revoke", "7",
	    NULL), "/fi/account/tokens/7/revoke");
	assert_string_equal(url_for(&a, LANG_FI, "events.agenda-update",
	    url_id(&a, 42), url_id(&a, INT64_MAX), NULL),
	    "/fi/events/42/agenda/9223372036854775807");
	cfg.base_url = "https://tuki.example.org:8443";
	config_use(&cfg);
	assert_string_equal(url_abs_for(&a, LANG_SV, "news.page", "3", NULL),
	    "https://tuki.example.org:8443/sv/news/3");
	config_use(&config_default);
	arena_cleanup(&a);
}

/* Each argument is one path segment: everything but the unreserved
 * characters is %XX, the slash included; a *rest keeps its slashes. */
static void
test_escaping(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(url_for(&a, LANG_FI, "network.municipality",
	    "Pyhtää ö/../x?y#z&w=%", NULL),
	    "/fi/municipalities/Pyht%C3%A4%C3%A4%20%C3%B6%2F..%2Fx%3Fy%23z%26w%3D%25");
	assert_string_equal(url_for(&a, LANG_FI, "network.municipality",
	    "A-z_0.9~", NULL), "/fi/municipalities/A-z_0.9~");
	assert_string_equal(url_for(&a, LANG_FI, "static", "css/site 2.css",
	    NULL), "/static/css/site%202.css");
	arena_cleanup(&a);
}

/* Mistakes of the caller: logged, and an URL no test can miss. */
static void
test_mistakes(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(url_for(&a, LANG_FI, "no.such-route", NULL),
	    "/!url-error/no.such-route");
	assert_string_equal(url_for(&a, LANG_FI, "network.municipality", NULL),
	    "/!url-error/network.municipality");
	assert_string_equal(url_for(&a, LANG_FI, "network.municipality", "091",
	    "extra", NULL), "/!url-error/network.municipality");
	assert_string_equal(url_for(&a, LANG_FI, "network.municipality", "",
	    NULL), "/!url-error/network.municipality");
	assert_string_equal(url_for(&a, LANG_FI, "healthz", "x", NULL),
	    "/!url-error/healthz");
	arena_cleanup(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_mistakes),
	};

	url_use_router(&app_router);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

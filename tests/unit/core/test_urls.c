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

/* One match of path with method m: result, route, allow bits, params. */
struct match_out {
	enum router_result res;
	const struct route *route;
	unsigned allow;
	size_t nparams;
	char params[ROUTE_MAX_PARAMS][64];
	enum lang lang;
};

static void
match_into(const struct router *rt, const char *path, enum http_method m,
    struct match_out *o)
{
	struct request r;
	size_t i;

	memset(&r, 0, sizeof(r));
	memset(o, 0, sizeof(*o));
	arena_init(&r.arena);
	r.path = path;
	r.method = m;
	o->res = router_match(rt, &r, &o->allow);
	o->route = r.route;
	o->nparams = r.nparams;
	o->lang = r.lang;
	for (i = 0; i < r.nparams; i++)
		snprintf(o->params[i], sizeof(o->params[i]), "%s", r.params[i]);
	arena_cleanup(&r.arena);
}

/* The indexed router (router_prepare()) answers exactly as trying every
 * route in turn: for every route's own URL, and for each with a segment
 * changed, cut off or added, in every method. */
static void
test_index_same_answers(void **state)
{
	static const enum http_method methods[] = { HTTP_GET, HTTP_HEAD,
		HTTP_POST, HTTP_DELETE, HTTP_OPTIONS, HTTP_OTHER };
	static const char *const extra[] = { "/", "", "/fi", "/fi/", "/FI/",
		"/xx/events", "/fi//events", "//", "/static/", "/static/a/b.css",
		"/healthz", "/fi/events/1/", "/sv/events/archive",
		"/en/events/new", "/fi/nothing/here/at/all" };
	struct router linear = app_router, indexed = app_router;
	struct match_out a, b;
	struct arena ar;
	char paths[8][512];
	size_t i, k, m, n, np, checked = 0;
	const char *p;

	(void)state;
	linear.index = indexed.index = NULL;
	assert_int_equal(router_prepare(&indexed), 0);
	assert_non_null(indexed.index);
	arena_init(&ar);
	for (i = 0; i < app_router.nroutes + sizeof(extra) / sizeof(extra[0]);
	    i++) {
		if (i < app_router.nroutes) {
			const struct route *ro = &app_router.routes[i];

			n = 0;
			for (p = ro->pattern; (p = strpbrk(p, ":*")) != NULL;
			    p++)
				if (strncmp(p, ":lang", 5) != 0)
					n++;
			snprintf(paths[0], sizeof(paths[0]), "%.400s",
			    url_dummy(&ar, LANG_FI, ro->name, n));
			/* The last segment changed, cut off, doubled; one
			 * more segment; the language wrong. */
			snprintf(paths[1], sizeof(paths[1]), "%.400sx", paths[0]);
			snprintf(paths[2], sizeof(paths[2]), "%.400s", paths[0]);
			if (strrchr(paths[2], '/') != NULL)
				*strrchr(paths[2], '/') = '\0';
			snprintf(paths[3], sizeof(paths[3]), "%.400s/a1", paths[0]);
			snprintf(paths[4], sizeof(paths[4]), "%.400s/", paths[0]);
			snprintf(paths[5], sizeof(paths[5]), "/de%.400s",
			    paths[0] + (paths[0][1] != '\0' &&
			    paths[0][3] == '/' ? 3 : 0));
			snprintf(paths[6], sizeof(paths[6]), "%.400s", paths[0]);
			if ((p = strchr(paths[6] + 1, '/')) != NULL &&
			    p[1] != '\0')
				paths[6][p - paths[6] + 1] = 'Z';
			snprintf(paths[7], sizeof(paths[7]), "/fi%.400s", paths[0]);
			np = 8;
		} else {
			snprintf(paths[0], sizeof(paths[0]), "%s",
			    extra[i - app_router.nroutes]);
			np = 1;
		}
		for (k = 0; k < np; k++)
			for (m = 0; m < sizeof(methods) / sizeof(methods[0]);
			    m++) {
				match_into(&linear, paths[k], methods[m], &a);
				match_into(&indexed, paths[k], methods[m], &b);
				if (a.res != b.res || a.route != b.route ||
				    a.allow != b.allow ||
				    a.nparams != b.nparams || a.lang != b.lang ||
				    memcmp(a.params, b.params,
				    sizeof(a.params)) != 0)
					fail_msg("%s (method %d): linear %s, "
					    "indexed %s", paths[k],
					    (int)methods[m], a.route ?
					    a.route->name : "-", b.route ?
					    b.route->name : "-");
				checked += a.res == ROUTER_FOUND;
			}
		arena_reset(&ar);
	}
	/* Most routes' own URLs matched: the comparison was not of misses. */
	assert_true(checked >= app_router.nroutes);
	router_release(&indexed);
	assert_null(indexed.index);
	arena_cleanup(&ar);
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
		cmocka_unit_test(test_index_same_answers),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_mistakes),
	};

	url_use_router(&app_router);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

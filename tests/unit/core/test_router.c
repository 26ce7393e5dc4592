/*
 * test_router.c - router_match(), router_allow_header(), http_method_parse()
 * and request_param() against a hand-written route table.
 *
 * router_match() only reads r->path and r->method and writes into r and its
 * arena, so a struct request built by hand is enough; no MHD connection.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/request.h"
#include "http/router.h"

static void
h_any(struct request *r)
{
	(void)r;
}

/* Designated initialisers: struct route may grow fields. */
#define R(n, m, p, f) { .name = (n), .methods = (m), .pattern = (p), \
	.handler = h_any, .flags = (f) }

static const struct route test_routes[] = {
	R("home", HTTP_GET, "/", 0),
	R("fi.literal", HTTP_GET, "/fi", 0),
	R("lang.home", HTTP_GET, "/:lang/", ROUTE_LANG),
	R("muni", HTTP_GET, "/:lang/municipalities/:code", ROUTE_LANG),
	R("muni.edit", HTTP_POST, "/:lang/municipalities/:code",
	    ROUTE_LANG | ROUTE_FORM),
	R("feedback", HTTP_GET | HTTP_POST, "/:lang/accessibility",
	    ROUTE_LANG | ROUTE_FORM),
	R("static", HTTP_GET, "/static/*path", 0),
	R("item.put", HTTP_PUT, "/api/items/:id", 0),
	R("item.delete", HTTP_DELETE, "/api/items/:id", 0),
	R("dup.first", HTTP_GET, "/dup/:x", 0),
	R("dup.second", HTTP_GET, "/dup/:y", 0),
	R("dup.post", HTTP_POST, "/dup/:z", 0),
	R("six", HTTP_GET, "/six/:a/:b/:c/:d/:e/:f", 0),
	R("seven", HTTP_GET, "/seven/:a/:b/:c/:d/:e/:f/:g", 0),
	R("opts", HTTP_OPTIONS | HTTP_PATCH, "/opts", 0),
};

static const struct router test_router = {
	.routes = test_routes,
	.nroutes = sizeof(test_routes) / sizeof(test_routes[0]),
};

struct fixture {
	struct request r;
	char path[256];
	unsigned allow;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	arena_init(&f->r.arena);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	arena_cleanup(&f->r.arena);
	free(f);
	return 0;
}

/* Resets the request for a new match of path with method m. */
static enum router_result
match(struct fixture *f, enum http_method m, const char *path)
{
	arena_reset(&f->r.arena);
	memset(&f->r.params, 0, sizeof(f->r.params));
	f->r.route = NULL;
	f->r.nparams = 0;
	f->r.lang = LANG_EN;
	f->r.lang_from_path = false;
	f->r.method = m;
	snprintf(f->path, sizeof(f->path), "%s", path);
	f->r.path = f->path;
	f->allow = 0xdead;
	return router_match(&test_router, &f->r, &f->allow);
}

static void
assert_found(struct fixture *f, enum http_method m, const char *path,
    const char *name)
{
	assert_int_equal(match(f, m, path), ROUTER_FOUND);
	assert_non_null(f->r.route);
	assert_string_equal(f->r.route->name, name);
}

static void
assert_not_found(struct fixture *f, enum http_method m, const char *path)
{
	assert_int_equal(match(f, m, path), ROUTER_NOT_FOUND);
	assert_null(f->r.route);
	assert_int_equal(f->allow, 0);
}

static void
test_literal(void **state)
{
	struct fixture *f = *state;

	assert_found(f, HTTP_GET, "/", "home");
	assert_int_equal(f->r.nparams, 0);
	assert_false(f->r.lang_from_path);
	assert_int_equal(f->r.lang, LANG_EN);	/* untouched */
	assert_found(f, HTTP_GET, "/fi", "fi.literal");
	assert_int_equal(f->r.nparams, 0);
	assert_not_found(f, HTTP_GET, "");
	assert_not_found(f, HTTP_GET, "//");
	assert_not_found(f, HTTP_GET, "/nothing");
	assert_not_found(f, HTTP_GET, "/opts/");
	assert_not_found(f, HTTP_GET, "/Fi");
	assert_not_found(f, HTTP_GET, "/fix");
}

static void
test_trailing_slash(void **state)
{
	struct fixture *f = *state;

	/* "/fi" is the literal route, "/fi/" the language front page. */
	assert_found(f, HTTP_GET, "/fi", "fi.literal");
	assert_false(f->r.lang_from_path);
	assert_found(f, HTTP_GET, "/fi/", "lang.home");
	assert_true(f->r.lang_from_path);
	assert_int_equal(f->r.lang, LANG_FI);
	/* No literal "/sv": without the slash it is not found. */
	assert_not_found(f, HTTP_GET, "/sv");
	assert_found(f, HTTP_GET, "/sv/", "lang.home");
	assert_int_equal(f->r.lang, LANG_SV);
	assert_not_found(f, HTTP_GET, "/fi/accessibility/");
	assert_not_found(f, HTTP_GET, "/fi/municipalities/091/");
	assert_not_found(f, HTTP_GET, "/fi//");
	assert_not_found(f, HTTP_GET, "/opts//");
}

static void
test_lang(void **state)
{
	struct fixture *f = *state;

	assert_found(f, HTTP_GET, "/en/accessibility", "feedback");
	assert_int_equal(f->r.lang, LANG_EN);
	assert_true(f->r.lang_from_path);
	assert_found(f, HTTP_GET, "/sv/accessibility", "feedback");
	assert_int_equal(f->r.lang, LANG_SV);
	assert_string_equal(f->r.params[0], "sv");
	assert_found(f, HTTP_GET, "/fi/accessibility", "feedback");
	assert_int_equal(f->r.lang, LANG_FI);
	assert_not_found(f, HTTP_GET, "/de/accessibility");
	assert_not_found(f, HTTP_GET, "/de/");
	assert_not_found(f, HTTP_GET, "/f/");
	assert_not_found(f, HTTP_GET, "/fin/");
	assert_not_found(f, HTTP_GET, "/e/accessibility");
	assert_not_found(f, HTTP_GET, "/eng/accessibility");
	assert_not_found(f, HTTP_GET, "//accessibility");
	/* A refused language does not count for 405 either. */
	assert_not_found(f, HTTP_DELETE, "/xx/accessibility");
}

/* A ROUTE_LANG route whose first segment is no language lets later
 * routes with the same shape match. */
static void
test_lang_falls_through(void **state)
{
	static const struct route rs[] = {
		R("lang", HTTP_GET, "/:lang/x", ROUTE_LANG),
		R("slug", HTTP_GET, "/:slug/x", 0),
	};
	static const struct router rt = { .routes = rs, .nroutes = 2 };
	struct fixture *f = *state;
	unsigned allow;

	f->r.path = "/de/x";
	f->r.method = HTTP_GET;
	f->r.lang = LANG_SV;
	assert_int_equal(router_match(&rt, &f->r, &allow), ROUTER_FOUND);
	assert_string_equal(f->r.route->name, "slug");
	assert_string_equal(f->r.params[0], "de");
	assert_false(f->r.lang_from_path);
	assert_int_equal(f->r.lang, LANG_SV);
	f->r.path = "/en/x";
	assert_int_equal(router_match(&rt, &f->r, &allow), ROUTER_FOUND);
	assert_string_equal(f->r.route->name, "lang");
	assert_int_equal(f->r.lang, LANG_EN);
	assert_true(f->r.lang_from_path);
}

static void
test_params(void **state)
{
	struct fixture *f = *state;
	size_t before;

	assert_found(f, HTTP_GET, "/fi/municipalities/091", "muni");
	assert_int_equal(f->r.nparams, 2);
	assert_string_equal(f->r.params[0], "fi");
	assert_string_equal(f->r.params[1], "091");
	/* The values are copies: they survive changes to the path buffer. */
	assert_true(f->r.params[1] < f->path ||
	    f->r.params[1] >= f->path + sizeof(f->path));
	before = f->r.arena.total;
	assert_true(before >= 2 * 16);
	memset(f->path, 'Z', sizeof(f->path) - 1);
	assert_string_equal(f->r.params[0], "fi");
	assert_string_equal(f->r.params[1], "091");

	/* Multi-byte segments are copied whole. */
	assert_found(f, HTTP_GET, "/sv/municipalities/Borgå", "muni");
	assert_string_equal(f->r.params[1], "Borgå");

	/* An empty :param segment never matches. */
	assert_not_found(f, HTTP_GET, "/fi/municipalities/");
	assert_not_found(f, HTTP_GET, "/fi/municipalities");
	assert_not_found(f, HTTP_GET, "/fi/municipalities/091/x");
	assert_not_found(f, HTTP_GET, "/fi/municipalitiesx/091");
}

static void
test_params_max(void **state)
{
	struct fixture *f = *state;

	assert_found(f, HTTP_GET, "/six/1/2/3/4/5/6", "six");
	assert_int_equal(f->r.nparams, ROUTE_MAX_PARAMS);
	assert_string_equal(f->r.params[0], "1");
	assert_string_equal(f->r.params[5], "6");
	/* A pattern with more :params than there are slots never matches. */
	assert_not_found(f, HTTP_GET, "/seven/1/2/3/4/5/6/7");
}

/* A failed candidate allocates nothing. */
static void
test_no_alloc_on_miss(void **state)
{
	struct fixture *f = *state;

	assert_not_found(f, HTTP_GET, "/fi/municipalities/091/extra");
	assert_int_equal(f->r.arena.total, 0);
	assert_int_equal(match(f, HTTP_PATCH, "/fi/municipalities/091"),
	    ROUTER_BAD_METHOD);
	assert_int_equal(f->r.arena.total, 0);
	assert_found(f, HTTP_GET, "/", "home");
	assert_int_equal(f->r.arena.total, 0);
}

static void
test_rest(void **state)
{
	struct fixture *f = *state;

	assert_found(f, HTTP_GET, "/static/site.css", "static");
	assert_int_equal(f->r.nparams, 1);
	assert_string_equal(f->r.params[0], "site.css");
	assert_found(f, HTTP_GET, "/static/img/logo/big.png", "static");
	assert_string_equal(f->r.params[0], "img/logo/big.png");
	assert_found(f, HTTP_GET, "/static/a/", "static");
	assert_string_equal(f->r.params[0], "a/");
	assert_string_equal(request_param(&f->r, "path"), "a/");
	/* The tail must not be empty. */
	assert_not_found(f, HTTP_GET, "/static/");
	assert_not_found(f, HTTP_GET, "/static");
	assert_not_found(f, HTTP_GET, "/staticx/a");
}

static void
test_bad_method(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(match(f, HTTP_DELETE, "/fi/municipalities/091"),
	    ROUTER_BAD_METHOD);
	assert_int_equal(f->allow, HTTP_GET | HTTP_HEAD | HTTP_POST |
	    HTTP_OPTIONS);
	assert_null(f->r.route);

	/* No GET, so no implied HEAD. */
	assert_int_equal(match(f, HTTP_GET, "/api/items/7"), ROUTER_BAD_METHOD);
	assert_int_equal(f->allow, HTTP_PUT | HTTP_DELETE | HTTP_OPTIONS);
	assert_int_equal(match(f, HTTP_HEAD, "/api/items/7"), ROUTER_BAD_METHOD);
	assert_int_equal(f->allow, HTTP_PUT | HTTP_DELETE | HTTP_OPTIONS);

	assert_int_equal(match(f, HTTP_OTHER, "/"), ROUTER_BAD_METHOD);
	assert_int_equal(f->allow, HTTP_GET | HTTP_HEAD | HTTP_OPTIONS);
	assert_int_equal(match(f, HTTP_POST, "/"), ROUTER_BAD_METHOD);
	assert_int_equal(f->allow, HTTP_GET | HTTP_HEAD | HTTP_OPTIONS);
	assert_int_equal(match(f, HTTP_GET, "/opts"), ROUTER_BAD_METHOD);
	assert_int_equal(f->allow, HTTP_OPTIONS | HTTP_PATCH);

	/* allow is also set on success: every method of every matching route. */
	assert_found(f, HTTP_POST, "/fi/municipalities/091", "muni.edit");
	assert_int_equal(f->allow, HTTP_GET | HTTP_HEAD | HTTP_POST |
	    HTTP_OPTIONS);
	assert_found(f, HTTP_DELETE, "/api/items/7", "item.delete");
	assert_string_equal(request_param(&f->r, "id"), "7");
	assert_found(f, HTTP_OPTIONS, "/opts", "opts");
}

static void
test_head_implied(void **state)
{
	struct fixture *f = *state;

	assert_found(f, HTTP_HEAD, "/", "home");
	assert_found(f, HTTP_HEAD, "/fi/municipalities/091", "muni");
	assert_string_equal(f->r.params[1], "091");
	assert_found(f, HTTP_HEAD, "/static/x.js", "static");
}

static void
test_first_match_wins(void **state)
{
	struct fixture *f = *state;

	assert_found(f, HTTP_GET, "/dup/1", "dup.first");
	assert_string_equal(request_param(&f->r, "x"), "1");
	assert_null(request_param(&f->r, "y"));
	assert_found(f, HTTP_HEAD, "/dup/1", "dup.first");
	/* A later route with the right method wins over earlier wrong ones;
	 * OPTIONS is allowed wherever a path matches. */
	assert_found(f, HTTP_POST, "/dup/2", "dup.post");
	assert_string_equal(request_param(&f->r, "z"), "2");
	assert_null(request_param(&f->r, "x"));
	assert_int_equal(f->allow, HTTP_GET | HTTP_HEAD | HTTP_POST |
	    HTTP_OPTIONS);
	assert_int_equal(match(f, HTTP_PUT, "/dup/3"), ROUTER_BAD_METHOD);
	assert_int_equal(f->allow, HTTP_GET | HTTP_HEAD | HTTP_POST |
	    HTTP_OPTIONS);
}

static void
test_empty_table(void **state)
{
	static const struct router none = { .routes = NULL, .nroutes = 0 };
	struct fixture *f = *state;
	unsigned allow = 99;

	f->r.path = "/";
	f->r.method = HTTP_GET;
	assert_int_equal(router_match(&none, &f->r, &allow), ROUTER_NOT_FOUND);
	assert_int_equal(allow, 0);
}

static void
test_request_param(void **state)
{
	struct fixture *f = *state;

	assert_found(f, HTTP_GET, "/sv/municipalities/710", "muni");
	assert_string_equal(request_param(&f->r, "lang"), "sv");
	assert_string_equal(request_param(&f->r, "code"), "710");
	assert_null(request_param(&f->r, "cod"));
	assert_null(request_param(&f->r, "codes"));
	assert_null(request_param(&f->r, "ode"));
	assert_null(request_param(&f->r, "municipalities"));
	assert_null(request_param(&f->r, ""));
	assert_found(f, HTTP_GET, "/six/a/b/c/d/e/f", "six");
	assert_string_equal(request_param(&f->r, "a"), "a");
	assert_string_equal(request_param(&f->r, "d"), "d");
	assert_string_equal(request_param(&f->r, "f"), "f");
	assert_null(request_param(&f->r, "g"));
	/* Without a route there are no parameters. */
	f->r.route = NULL;
	assert_null(request_param(&f->r, "a"));
	/* A slot the match did not fill reads as NULL. */
	assert_found(f, HTTP_GET, "/", "home");
	f->r.route = &test_routes[3];
	assert_null(request_param(&f->r, "code"));
}

static void
test_allow_header(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(router_allow_header(&a, 0), "");
	assert_string_equal(router_allow_header(&a, HTTP_GET), "GET");
	assert_string_equal(router_allow_header(&a, HTTP_HEAD | HTTP_GET),
	    "GET, HEAD");
	assert_string_equal(router_allow_header(&a, HTTP_POST | HTTP_OTHER),
	    "POST");
	assert_string_equal(router_allow_header(&a, HTTP_DELETE | HTTP_PUT),
	    "PUT, DELETE");
	assert_string_equal(router_allow_header(&a, HTTP_GET | HTTP_HEAD |
	    HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE | HTTP_OPTIONS |
	    HTTP_OTHER), "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
	assert_string_equal(router_allow_header(&a, ~0u),
	    "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
	arena_cleanup(&a);
}

static void
test_method_parse(void **state)
{
	(void)state;
	assert_int_equal(http_method_parse("GET"), HTTP_GET);
	assert_int_equal(http_method_parse("HEAD"), HTTP_HEAD);
	assert_int_equal(http_method_parse("POST"), HTTP_POST);
	assert_int_equal(http_method_parse("PUT"), HTTP_PUT);
	assert_int_equal(http_method_parse("PATCH"), HTTP_PATCH);
	assert_int_equal(http_method_parse("DELETE"), HTTP_DELETE);
	assert_int_equal(http_method_parse("OPTIONS"), HTTP_OPTIONS);
	/* Methods are case-sensitive (RFC 9110 9.1). */
	assert_int_equal(http_method_parse("get"), HTTP_OTHER);
	assert_int_equal(http_method_parse("Post"), HTTP_OTHER);
	assert_int_equal(http_method_parse(""), HTTP_OTHER);
	assert_int_equal(http_method_parse("GETX"), HTTP_OTHER);
	assert_int_equal(http_method_parse("GE"), HTTP_OTHER);
	assert_int_equal(http_method_parse("CONNECT"), HTTP_OTHER);
	assert_int_equal(http_method_parse("TRACE"), HTTP_OTHER);
	assert_int_equal(http_method_parse("GET "), HTTP_OTHER);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_literal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_slash, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lang, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lang_falls_through, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params_max, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_alloc_on_miss, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_method, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_head_implied, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_first_match_wins, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_table, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_request_param, setup,
		    teardown),
		cmocka_unit_test(test_allow_header),
		cmocka_unit_test(test_method_parse),
	};

	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}

/*
 * testhook.h - a page for the HTTP tests only, served when the server was
 * started with TUKIVERKKO_TEST_HOOKS=1 in its environment (never in
 * production: nothing else sets it, and without it the path is a 404).
 *
 *   GET /_test/slow?rows=N&ms=M   a list of N rows (at most 10000), each
 *                                 rendered after a pause of M ms (at most
 *                                 1000), through a template loop
 *
 * It stands for a list page with a great many rows, so the tests can show
 * that a render stops when its reader leaves or its budget is spent
 * (request_abandoned()), and that a long handler is not cut by the header
 * and body deadlines.  Each render logs how many rows it wrote.
 */
#ifndef TV_HTTP_TESTHOOK_H
#define TV_HTTP_TESTHOOK_H

#include <stdbool.h>

#include "http/request.h"

#define TESTHOOK_SLOW_PATH "/_test/slow"

/* Whether TUKIVERKKO_TEST_HOOKS=1 (read once, before threads start). */
bool testhook_enabled(void);

/* The handler of TESTHOOK_SLOW_PATH (arg unused). */
void testhook_slow(struct request *r, void *arg);

/* Sleeps ms milliseconds (the template's pause per row). */
void testhook_nap(unsigned ms);

#endif

/*
 * app.h - the application: its route table, its site-wide handlers and
 * the demo loader.
 */
#ifndef TV_APP_APP_H
#define TV_APP_APP_H

#include <stdbool.h>

#include "db/db.h"
#include "http/router.h"

/* Every route of the application (src/app/routes.c). */
extern struct router app_router;	/* router_prepare()d by serve */

/* Identifies the user and applies the route's policy and the CSRF check
 * (server_config.guard).  0 to go on, -1 when it has answered. */
int app_guard(struct request *r);

/* The part of the guard that needs no body (server_config.preguard): who,
 * may they, and could their CSRF token match.  0 or -1 (answered). */
int app_preguard(struct request *r);

/* GET / : redirects to /fi/, /sv/ or /en/ by Accept-Language. */
void app_root(struct request *r);

/* GET /healthz : 200 "ok" when the database answers, else 503. */
void app_healthz(struct request *r);

/* Whether db (may be NULL) answers a query. */
bool app_db_answers(struct db *db);

/* GET /metrics : Prometheus text format. */
void app_metrics(struct request *r);

/* GET /api/openapi.json: the OpenAPI 3.1 description of the JSON API
 * (src/app/openapi.json, embedded at build time). */
void app_openapi(struct request *r);

/* GET /:lang : the front page lives at /:lang/ (with the slash). */
void app_lang_slash(struct request *r);

/*
 * Loads the demo network (the Uusimaa region of the seed article) into db
 * in one transaction, reading the municipalities from data_dir/
 * uusimaa-municipalities.csv.  Returns 0, 1 when demo data is already
 * there, -1 with *err set.
 */
int app_demo_load(struct db *db, const char *data_dir, const char **err);

/*
 * Adds n synthetic service points across Finland (directory/demo.c) to
 * the demo's region, in one transaction, for benchmarks.  0, or -1 with
 * *err set.
 */
int app_demo_service_points(struct db *db, int n, const char **err);

/*
 * Adds n synthetic support encounters of the last year at the active
 * service points of the demo's region (statistics/demo.c), in
 * transactions of their own.  0, or -1 with *err set.
 */
int app_demo_encounters(struct db *db, long n, const char **err);

/*
 * The scale generator (issue 13): adds `scale` units on top of the demo
 * data, in one transaction.  A unit is 100 events from three years back
 * to one year ahead (each with municipalities, four agenda items and their
 * speakers, and up to about 50 registrations when it takes them), 100
 * materials with their links, 20 news posts, 200 audit records and 100
 * synthetic service points across Finland (the directory's own generator,
 * directory_demo_load()).  Loads the demo first when it is not there.
 * Prints what it made; 0, or -1 with *err.
 */
int app_demo_scale(struct db *db, const char *data_dir, long scale,
    const char **err);

/*
 * Gives every demo account that exists a new random password, ends its
 * sessions, and prints the accounts with their passwords, in one
 * transaction: for when the passwords `demo` printed are lost.  The number
 * of accounts, or -1.
 */
int app_demo_reset_accounts(struct db *db);

#endif

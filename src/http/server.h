/*
 * server.h - the HTTP server on libmicrohttpd.
 *
 * epoll with an internal thread pool: each pool thread owns its
 * connections, its request arenas and (through db_thread()) its database
 * connection, so requests on different threads share nothing mutable.
 */
#ifndef TV_HTTP_SERVER_H
#define TV_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/router.h"

struct server_config {
	const char *listen;		/* "127.0.0.1:8080" or "[::1]:8080" */
	unsigned threads;		/* pool size; 0 = 2 per CPU, at least 4 */
	size_t body_max;		/* request body cap in bytes (413 above) */
	unsigned connections_per_address;	/* 0 = no limit */
	size_t upload_max;		/* body cap of ROUTE_UPLOAD routes */
	const char *upload_dir;		/* their temporary files; same
					 * filesystem as the file store */
	unsigned timeout_s;		/* idle connection timeout */
	/* Total deadlines, which libmicrohttpd 0.9.75 lacks (it has only the
	 * idle timeout above); 0 = none.  A request's line and headers must
	 * be in header_timeout_s after the connection opened or its previous
	 * answer went out; a body may pause at most body_timeout_s and, after
	 * that much grace, must average body_min_rate bytes per second. */
	unsigned header_timeout_s;
	unsigned body_timeout_s;
	unsigned body_min_rate;
	/* How long a handler may work on one answer (checked at
	 * request_abandoned()); past it the answer is 503.  0 = no limit. */
	unsigned render_budget_ms;
	size_t header_max;		/* per-connection memory for headers */
	unsigned shutdown_grace_s;	/* how long to let requests finish */
	bool access_log;		/* JSON lines on stdout */
	bool behind_tls_proxy;		/* trust X-Forwarded-Proto: https */
	const struct router *router;
	/* Runs after routing and body parsing, before the handler: identifies
	 * the user and applies the route's policy.  Returns 0 to go on, -1
	 * when it has answered (sign-in redirect, 401, 403). */
	int (*guard)(struct request *r);
	/* Runs when the headers are in, before a byte of the body is taken,
	 * for requests that carry one to a route that is not public: refuses
	 * (-1, answered) what the guard would refuse anyway, so a stranger's
	 * upload never reaches the disk nor a form body the memory.  May be
	 * NULL. */
	int (*preguard)(struct request *r);
};

/*
 * Serves until SIGTERM or SIGINT, then stops accepting, lets requests in
 * flight finish (up to shutdown_grace_s) and returns 0; -1 if it could not
 * start (message logged).
 */
int server_run(const struct server_config *cfg);

/* Whether X-Forwarded-* headers are to be believed (behind_tls_proxy). */
bool server_trusts_proxy(void);

/* Whether the visitor reached us over TLS (directly or via the proxy). */
bool server_request_is_tls(struct request *r);

/*
 * The Content-Security-Policy of a page that frame_ancestors ("'none'",
 * or "*" for an embeddable page) may frame: scripts and styles only from
 * this site, images also from the map's tile host when map_tiles is set.
 * Every answer gets it with 'none' unless its handler set its own.
 */
const char *server_csp(struct arena *a, const char *frame_ancestors);

#endif

/*
 * request.h - one HTTP request and the response being built for it.
 *
 * A request lives in its own arena (see base/arena.h): every string a handler
 * derives from it is arena memory and vanishes when the response is sent.
 * Handlers fill r->resp through the helpers in response.h and return.
 */
#ifndef TV_HTTP_REQUEST_H
#define TV_HTTP_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/str.h"
#include "auth/user.h"
#include "http/parse.h"
#include "view/i18n.h"

struct MHD_Connection;
struct db;
struct route;
struct upload;

enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_HEAD = 1 << 1,
	HTTP_POST = 1 << 2,
	HTTP_PUT = 1 << 3,
	HTTP_PATCH = 1 << 4,
	HTTP_DELETE = 1 << 5,
	HTTP_OPTIONS = 1 << 6,
	HTTP_OTHER = 1 << 7,
};

#define ROUTE_MAX_PARAMS 6
#define RESPONSE_MAX_HEADERS 16

struct header {
	const char *name;
	const char *value;
};

struct response {
	int status;
	const char *content_type;
	struct buf body;		/* malloc'd; handed to MHD without a copy */
	const void *fixed;		/* or: bytes that outlive the request */
	size_t fixed_len;
	bool from_file;			/* or: file_len bytes of file_fd from */
	int file_fd;			/* file_offset (owned: MHD closes it) */
	uint64_t file_offset, file_len;
	uint64_t full_len;		/* a 304: the length its 200 would have */
	struct header headers[RESPONSE_MAX_HEADERS];
	size_t nheaders;
};

struct request {
	struct MHD_Connection *conn;
	struct arena arena;
	enum http_method method;
	const char *method_name;
	const char *path;		/* percent-decoded, valid UTF-8 */
	struct kv_list query;
	struct kv_list form;		/* urlencoded or multipart text fields */
	struct kv_list cookies;		/* parsed on first request_cookie() */
	bool cookies_parsed;
	const char *raw_uri;		/* as received, for the access log */
	const struct route *route;
	struct user user;		/* who asks; the zero user is anonymous */
	bool identified;		/* user looked up (guard, preguard) */
	int identify_rc;		/* and how that went */
	const char *params[ROUTE_MAX_PARAMS];	/* route :params, decoded */
	void *object;			/* what the route's loader loaded */
	size_t nparams;
	enum lang lang;			/* from /:lang, else Accept-Language */
	bool lang_from_path;

	/* Request body, collected while MHD delivers it. */
	char *body;
	size_t body_len;
	size_t body_cap;
	bool body_too_large;
	struct upload **uploads;	/* files of a ROUTE_UPLOAD form */
	size_t nuploads;

	int64_t start_ns;
	struct response resp;
	struct db *db;			/* set by request_db() */
	bool db_snapshot;		/* a read snapshot is open on db */
	uint64_t cache_generation;	/* db_generation() before rendering */
};

/* The object the route's loader found (struct route_loader), already
 * checked against the policy; NULL on routes without a loader. */
void *request_object(struct request *r);

/* A request header's value (case-insensitive name) or NULL. */
const char *request_header(struct request *r, const char *name);

/* The value of route parameter `name` (without the colon) or NULL. */
const char *request_param(struct request *r, const char *name);

/* True when Accept-Encoding admits gzip (present and not with q=0). */
bool request_accepts_gzip(struct request *r);

/* A cookie's value or NULL; parses the Cookie header on first use. */
const char *request_cookie(struct request *r, const char *name);

/*
 * This thread's database connection, or NULL (logged) when it cannot be
 * opened.  For GET and HEAD the first call opens a read snapshot that the
 * server ends after the handler, so all queries of a page cost one lock and
 * see one consistent state.  Other methods get the plain connection and
 * make their changes with db_begin()/db_commit().
 */
struct db *request_db(struct request *r);

/* Ends the read snapshot, if any (the server calls it after the handler). */
void request_db_release(struct request *r);

/*
 * The client's address as text ("127.0.0.1", "::1"); behind a TLS proxy
 * (behind_tls_proxy) the last address the proxy added to X-Forwarded-For.
 * For throttling and the audit log only, never for the access log.
 */
const char *request_address(struct request *r);

/*
 * From a handler: answer later, without holding a worker thread while
 * waiting.  The handler returns without a response; the connection is
 * suspended; once request_resume(r) is called (from any thread, even
 * before the handler has returned), finish(r, arg) runs on a worker
 * thread to build the response, which is then sent.  The request and its
 * arena live until then.  False (nothing deferred) while the server is
 * shutting down: the handler must answer at once.  Deferred answers are
 * never put in the page cache.
 */
bool request_defer(struct request *r,
    void (*finish)(struct request *r, void *arg), void *arg);

/* Lets a deferred request finish; exactly once per request_defer().
 * The caller must not touch the request afterwards. */
void request_resume(struct request *r);

/*
 * True when nobody wants the answer being made any more, so a handler
 * that works through many rows should stop and return (what it leaves in
 * the response is thrown away):
 *  - the client has closed its connection (a reader who gave up, a
 *    crawler's timeout): the server then closes without an answer;
 *  - the handler has worked on it longer than render_budget_ms: the
 *    server answers 503 with Retry-After instead.
 * Only for GET and HEAD: a request that changes something always runs to
 * its end, since its change may be made already.  Checked before every
 * handler and between the iterations of every template loop
 * (view_abandoned()); cheap enough to call per row (the socket is looked
 * at once a millisecond at most).  Once true it stays true.
 */
bool request_abandoned(struct request *r);

/* request_abandoned() for the request whose handler runs on this thread;
 * false when none does (a job, a mail being rendered). */
bool request_current_abandoned(void);

/* The address of this page in another language: /fi/x?q=1 -> /sv/x?q=1
 * (a GET's query kept as it came, but for next= and done=). */
const char *request_path_in(struct request *r, enum lang l);

#endif

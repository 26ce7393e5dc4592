/*
 * server.c - libmicrohttpd glue: request lifecycle, body collection,
 * dispatch, response queueing, access log and graceful shutdown.
 *
 * The lifecycle of one request in libmicrohttpd's callbacks:
 *   uri_log      allocate the request (from this thread's spare) and keep
 *                the raw URI; MHD stores our pointer as *con_cls
 *   access #1    headers are in: check the declared body size, return
 *   access #2..  body chunks: collect (urlencoded) or stream (multipart)
 *   access last  dispatch to the route's handler and queue the response
 *                (never on the first call: libmicrohttpd 0.9.75 then
 *                closes keep-alive connections, see DESIGN.md)
 *   completed    metrics, access log, return the request to the spare slot
 *
 * A handler may instead defer its answer (request_defer()): the last
 * access call then suspends the connection and returns without a
 * response, freeing the pool thread; request_resume(), from any thread,
 * resumes it, MHD calls the access handler once more, and that call runs
 * the handler's finish() and queues the response.  A deferral that is
 * resumed before the handler has returned is never suspended: the state
 * below, under server_defer_mu, orders the two.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/log.h"
#include "base/settings.h"
#include "base/time.h"
#include "http/cache.h"
#include "http/form.h"
#include "http/gzip.h"
#include "http/metrics.h"
#include "http/response.h"
#include "http/server.h"
#include "http/testhook.h"

/* Where a deferred answer stands (under server_defer_mu). */
enum server_defer {
	DEFER_NONE,
	DEFER_PENDING,		/* the handler deferred, still running */
	DEFER_READY,		/* resumed before it was suspended */
	DEFER_SUSPENDED,	/* suspended, waiting for request_resume() */
	DEFER_RESUMED,		/* resumed: the next access call finishes */
	DEFER_FINISHED,		/* finish() has run */
};

struct server_request {
	struct request r;	/* first: handlers see only this part */
	enum server_defer defer;
	bool deferred;		/* request_defer() was called: this thread's */
	void (*finish)(struct request *r, void *arg);
	void *finish_arg;
	bool started;		/* access handler has been called once */
	bool queued;		/* a response went out early (e.g. 413) */
	size_t resp_bytes;
	struct form_stream form;	/* multipart streaming state */
	enum router_result match;	/* routed as soon as the headers are in */
	unsigned allow;			/* methods of the path on a 405 */
	struct server_conn *sc;		/* its connection, or NULL */
	enum { ABANDON_NONE, ABANDON_GONE, ABANDON_BUDGET } abandoned;
	int64_t work_start_ns;		/* the handler or finish() began */
	int64_t gone_checked_ns;	/* the socket was last looked at */
};

static const struct server_config *server_cfg;
/* The request whose handler (or finish()) runs on this thread, for the
 * checks in template loops (request_current_abandoned()). */
static __thread struct server_request *server_current;
static _Atomic int server_inflight;

/*
 * Deferrals not yet resumed, and whether new ones are refused.  Whoever
 * resumes a deferral has finished with the request's memory (a job in its
 * arena), so shutdown waits for this count to reach zero before it stops
 * the daemon: a connection still suspended then would be freed under the
 * resumer's feet (and libmicrohttpd refuses to stop with one).
 */
static pthread_mutex_t server_defer_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t server_defer_idle = PTHREAD_COND_INITIALIZER;
static unsigned server_deferred;
static bool server_defer_closed;

/* One spare request per pool thread: after warm-up, no malloc per request.
 * The key's destructor frees it when the thread ends. */
static __thread struct server_request *server_spare;
static pthread_key_t server_spare_key;

static void
server_spare_free(void *p)
{
	struct server_request *sr = p;

	arena_cleanup(&sr->r.arena);
	free(sr);
}

static struct server_request *
server_request_alloc(void)
{
	struct server_request *sr = server_spare;

	if (sr != NULL) {
		server_spare = NULL;
		pthread_setspecific(server_spare_key, NULL);
		arena_reset(&sr->r.arena);
		struct arena keep = sr->r.arena;
		memset(sr, 0, sizeof(*sr));
		sr->r.arena = keep;
		return sr;
	}
	sr = calloc(1, sizeof(*sr));
	if (sr == NULL)
		fatal("server: out of memory");
	arena_init(&sr->r.arena);
	return sr;
}

static void
server_request_release(struct server_request *sr)
{
	buf_cleanup(&sr->r.resp.body);
	response_file_drop(&sr->r);
	if (server_spare == NULL) {
		server_spare = sr;
		pthread_setspecific(server_spare_key, sr);
		return;
	}
	arena_cleanup(&sr->r.arena);
	free(sr);
}

/*
 * Per connection: the request between uri_log and completed.  libmicrohttpd
 * does not call the completed callback for a request whose connection
 * drops before its headers are read (wrk does this at the end of a run), so
 * the connection's close notification releases such a request.
 *
 * Each connection also carries the deadline by which what it is sending
 * must have arrived (see "Deadlines" below).
 */
struct server_conn {
	struct server_request *pending;
	struct server_conn *prev, *next;	/* server_watch, under its lock */
	int fd;
	bool cut;			/* the watchdog has shut it down */
	/* CLOCK_MONOTONIC ns; 0 while nothing is owed (a handler runs, the
	 * answer is deferred or being sent).  Written by the connection's
	 * pool thread, read by the watchdog. */
	_Atomic int64_t deadline_ns;
	int64_t body_start_ns;		/* pool thread only */
	uint64_t body_bytes;
};

/*
 * Deadlines.  libmicrohttpd 0.9.75 has only an idle timeout, which a
 * client resets with every byte: one header line every 25 s keeps a
 * connection (and a slot of connections_per_address) forever.  So every
 * open connection is on the list below with the time by which it owes us
 * something, and a watchdog thread shuts down (shutdown(2), SHUT_RDWR)
 * those past it; libmicrohttpd then sees the end of the stream on its own
 * thread and closes the connection as if the client had.
 *
 *   opened / answered    line and headers by now + header_timeout (this
 *                        also bounds an idle kept-alive connection)
 *   headers in           body: pauses of at most body_timeout, and after
 *                        that grace an average of body_min_rate
 *   body in              none: the handler runs, the answer may be
 *                        deferred (request_defer()) and is then sent at
 *                        the client's pace (the idle timeout applies)
 *
 * A connection past its deadline whose socket holds bytes we have not
 * read yet is spared: its pool thread is busy elsewhere, and the client
 * is waiting for us, not we for it.
 *
 * The fd is safe to shut down under server_watch_mu: libmicrohttpd calls
 * the close notification, which takes the lock to unlink the connection,
 * before it closes the socket, so a number that has been reused for
 * another connection is never touched.
 */
static pthread_mutex_t server_watch_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t server_watch_cv = PTHREAD_COND_INITIALIZER;
static struct server_conn *server_watch;
static bool server_watch_stop;

/* Deadline for the next request's line and headers, from now. */
static void
server_conn_expect_headers(struct server_conn *sc)
{
	int64_t t = server_cfg->header_timeout_s;

	atomic_store_explicit(&sc->deadline_ns, t == 0 ? 0 :
	    time_mono_ns() + t * 1000000000, memory_order_relaxed);
}

/*
 * Deadline for the rest of the body after n more bytes: the grace plus
 * what the bytes so far pay for at body_min_rate, but never more than a
 * pause of body_timeout from now, so a client cannot bank credit with a
 * fast start and then trickle.
 */
static void
server_conn_body(struct server_conn *sc, size_t n)
{
	int64_t now = time_mono_ns(), grace, d;

	if (server_cfg->body_timeout_s == 0) {
		atomic_store_explicit(&sc->deadline_ns, 0, memory_order_relaxed);
		return;
	}
	grace = (int64_t)server_cfg->body_timeout_s * 1000000000;
	if (n == 0 && sc->body_bytes == 0)
		sc->body_start_ns = now;
	sc->body_bytes += n;
	d = now + grace;
	if (server_cfg->body_min_rate > 0) {
		int64_t paid = sc->body_start_ns + grace + (int64_t)
		    (sc->body_bytes * 1000000000 / server_cfg->body_min_rate);
		if (paid < d)
			d = paid;
	}
	atomic_store_explicit(&sc->deadline_ns, d, memory_order_relaxed);
}

/* Nothing owed while the answer is made and sent. */
static void
server_conn_settled(struct server_conn *sc)
{
	atomic_store_explicit(&sc->deadline_ns, 0, memory_order_relaxed);
	sc->body_bytes = 0;
}

/* The watchdog: every 200 ms, shuts down connections past their deadline. */
static void *
server_watchdog(void *arg)
{
	struct server_conn *sc;
	struct timespec until;
	unsigned cut;
	int64_t now, d;
	int unread;

	(void)arg;
	pthread_mutex_lock(&server_watch_mu);
	while (!server_watch_stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 200000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&server_watch_cv, &server_watch_mu,
		    &until);
		now = time_mono_ns();
		cut = 0;
		for (sc = server_watch; sc != NULL; sc = sc->next) {
			d = atomic_load_explicit(&sc->deadline_ns,
			    memory_order_relaxed);
			if (d == 0 || d > now || sc->cut || sc->fd < 0)
				continue;
			/* Bytes it sent that we have not read: the
			 * connection's thread is busy (a long render), and the
			 * wait is ours, not the client's. */
			if (ioctl(sc->fd, FIONREAD, &unread) == 0 && unread > 0)
				continue;
			shutdown(sc->fd, SHUT_RDWR);
			sc->cut = true;
			cut++;
		}
		if (cut > 0) {
			metrics_deadline_closes(cut);
			log_info("closed %u connections past their header or "
			    "body deadline", cut);
		}
	}
	pthread_mutex_unlock(&server_watch_mu);
	return NULL;
}

static void
server_notify_connection(void *cls, struct MHD_Connection *conn,
    void **socket_context, enum MHD_ConnectionNotificationCode toe)
{
	struct server_conn *sc;

	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		    conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		if ((sc = calloc(1, sizeof(struct server_conn))) == NULL)
			fatal("server: out of memory");
		sc->fd = ci != NULL ? ci->connect_fd : -1;
		server_conn_expect_headers(sc);
		pthread_mutex_lock(&server_watch_mu);
		sc->next = server_watch;
		if (server_watch != NULL)
			server_watch->prev = sc;
		server_watch = sc;
		pthread_mutex_unlock(&server_watch_mu);
		*socket_context = sc;
		return;
	}
	sc = *socket_context;
	if (sc == NULL)
		return;
	/* Before libmicrohttpd closes the socket (see "Deadlines"). */
	pthread_mutex_lock(&server_watch_mu);
	if (sc->prev != NULL)
		sc->prev->next = sc->next;
	else
		server_watch = sc->next;
	if (sc->next != NULL)
		sc->next->prev = sc->prev;
	pthread_mutex_unlock(&server_watch_mu);
	if (sc->pending != NULL) {
		form_stream_cleanup(&sc->pending->form);
		server_request_release(sc->pending);
		atomic_fetch_sub(&server_inflight, 1);
	}
	free(sc);
	*socket_context = NULL;
}

static struct server_conn *
server_conn_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

/* MHD_OPTION_URI_LOG_CALLBACK: the first thing MHD tells us of a request. */
static void *
server_uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server_request *sr = server_request_alloc();
	struct server_conn *sc = server_conn_of(conn);

	(void)cls;
	if (sc != NULL)
		sc->pending = sr;
	sr->sc = sc;
	sr->r.conn = conn;
	sr->r.start_ns = time_mono_ns();
	sr->r.raw_uri = arena_strdup(&sr->r.arena, uri);
	sr->r.lang = LANG_FI;
	atomic_fetch_add(&server_inflight, 1);
	return sr;
}

/*
 * We parse the raw URI ourselves (to refuse broken percent-encoding and
 * invalid UTF-8 with a clear 400), so libmicrohttpd's own unescaping would
 * be wasted work: leave the bytes as they are.
 */
static size_t
server_unescape_none(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static void
server_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_warn("libmicrohttpd: %s", msg);
}

bool
server_trusts_proxy(void)
{
	return server_cfg != NULL && server_cfg->behind_tls_proxy;
}

bool
server_request_is_tls(struct request *r)
{
	const char *proto;

	if (!server_cfg->behind_tls_proxy)
		return false;
	proto = request_header(r, "X-Forwarded-Proto");
	return proto != NULL && strcmp(proto, "https") == 0;
}

/* The map's tile host (config map_tiles), or "" when there is no map:
 * the one other origin pages may load images from. */
static char server_tile_origin[320];
static pthread_once_t server_csp_once = PTHREAD_ONCE_INIT;

static void
server_csp_init(void)
{
	const char *tiles = config_get()->map_tiles;

	if (tiles == NULL || tiles[0] == '\0' ||
	    config_map_tiles_check(tiles, server_tile_origin,
	    sizeof(server_tile_origin)) != 0)
		server_tile_origin[0] = '\0';
}

const char *
server_csp(struct arena *a, const char *frame_ancestors)
{
	const char *o;

	(void)pthread_once(&server_csp_once, server_csp_init);
	o = server_tile_origin;
	if (o[0] == '\0')
		return arena_printf(a, "default-src 'self'; script-src 'self'; "
		    "style-src 'self'; img-src 'self' data:; object-src "
		    "'none'; base-uri 'none'; form-action 'self'; "
		    "frame-ancestors %s", frame_ancestors);
	return arena_printf(a, "default-src 'self'; script-src 'self'; "
	    "style-src 'self'; img-src 'self' data: %s; connect-src 'self' "
	    "%s; object-src 'none'; base-uri 'none'; form-action 'self'; "
	    "frame-ancestors %s", o, o, frame_ancestors);
}

static bool server_resp_has(const struct request *r, const char *name);

/*
 * The security headers.  A handler that set its own
 * Content-Security-Policy (from server_csp(): an embeddable page with
 * other frame-ancestors) keeps it, and then gets no X-Frame-Options,
 * which would forbid the framing its policy allows.
 */
static void
server_add_security_headers(struct request *r, struct MHD_Response *resp)
{
	bool geo;

	if (!server_resp_has(r, "Content-Security-Policy")) {
		MHD_add_response_header(resp, "Content-Security-Policy",
		    server_csp(&r->arena, "'none'"));
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	}
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy",
	    "strict-origin-when-cross-origin");
	/* No page uses the camera or the microphone.  The position is asked
	 * for only on routes flagged ROUTE_GEOLOCATION (the directory's "Use
	 * my location", js/directory-location.js), and there by the site
	 * itself alone: every other page keeps geolocation=().  Chosen here
	 * by the route rather than by a header of the handler's, which would
	 * keep the search page out of the micro-cache (http/cache.c shares
	 * only responses without headers of their own). */
	geo = r->route != NULL && (r->route->flags & ROUTE_GEOLOCATION);
	MHD_add_response_header(resp, "Permissions-Policy", geo ?
	    "camera=(), microphone=(), geolocation=(self)" :
	    "camera=(), microphone=(), geolocation=()");
}

static bool
server_resp_has(const struct request *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->resp.nheaders; i++)
		if (strcasecmp(r->resp.headers[i].name, name) == 0)
			return true;
	return false;
}

/*
 * A response that depends on who asks - a signed-in visitor's page (their
 * name and CSRF token are in it) or one that sets a cookie - is for that
 * browser alone: private, no-store, unless the handler chose a policy
 * itself.  The micro-cached public pages differ with the cookie (signed
 * in or not), which shared caches must know.
 */
static void
server_add_cache_headers(const struct request *r, struct MHD_Response *resp)
{
	if (!server_resp_has(r, MHD_HTTP_HEADER_CACHE_CONTROL) &&
	    (r->user.id != 0 || server_resp_has(r, "Set-Cookie")))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
		    "private, no-store");
	if (r->route != NULL && (r->route->flags & ROUTE_CACHE))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Cookie");
}

/* Text the server writes and a browser or feed reader may take gzipped. */
static bool
server_compressible(const char *type)
{
	static const char *const types[] = { "text/html", "text/calendar",
	    "text/csv", "text/plain", "application/json",
	    "application/rss+xml", "application/atom+xml", "image/svg+xml",
	    "application/ld+json", "application/did+json",
	    "application/vc+jwt" };
	size_t i;

	if (type == NULL)
		return false;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strncmp(type, types[i], strlen(types[i])) == 0)
			return true;
	return false;
}

/* The value of a response header the handler set, or NULL. */
static const char *
server_resp_header(const struct request *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->resp.nheaders; i++)
		if (strcasecmp(r->resp.headers[i].name, name) == 0)
			return r->resp.headers[i].value;
	return NULL;
}

/*
 * A body the handler wrote (not a file, not fixed bytes):
 *  - of a text type, it varies with Accept-Encoding, and is compressed for
 *    a client that
 *    takes gzip (a page from the cache comes compressed already);
 *  - a 200 to GET or HEAD gets a validator over its content unless it has
 *    one (gzip_etag_for(): strong as is, weak when compressed), and a
 *    handler's own strong one turns weak when the server compressed the
 *    body (RFC 9110 8.8.3: two encodings never share a strong tag);
 *  - a client that has it already gets 304 (calendar apps poll feeds, a
 *    phone revisits a page).
 */
static void
server_finish_body(struct request *r)
{
	char etag[GZIP_ETAG_SIZE];
	const char *tag, *inm;
	unsigned char *gz;
	bool cacheable = r->resp.status == 200 && (r->method == HTTP_GET ||
	    r->method == HTTP_HEAD);
	size_t gz_len, i;

	if (r->resp.from_file || r->resp.fixed != NULL)
		return;
	if (!server_compressible(r->resp.content_type))
		goto validate;	/* a handler's own tag (a badge's PNG) */
	if (server_resp_has(r, MHD_HTTP_HEADER_CONTENT_ENCODING))
		goto validate;	/* from the page cache, with its tag */
	if (!server_resp_has(r, MHD_HTTP_HEADER_VARY))
		response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	tag = server_resp_header(r, MHD_HTTP_HEADER_ETAG);
	if (tag == NULL && cacheable)
		gzip_etag(r->resp.body.data, r->resp.body.len, etag);
	if (request_accepts_gzip(r) && (gz = gzip_compress(r->resp.body.data,
	    r->resp.body.len, 1, &gz_len)) != NULL) {
		r->resp.body.len = 0;
		buf_append(&r->resp.body, gz, gz_len);
		free(gz);
		response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
		for (i = 0; tag != NULL && i < r->resp.nheaders; i++)
			if (strcasecmp(r->resp.headers[i].name,
			    MHD_HTTP_HEADER_ETAG) == 0 &&
			    strncmp(tag, "W/", 2) != 0)
				r->resp.headers[i].value = arena_printf(
				    &r->arena, "W/%s", tag);
		if (tag == NULL && cacheable)
			response_header(r, MHD_HTTP_HEADER_ETAG,
			    gzip_etag_for(&r->arena, etag, true));
	} else if (tag == NULL && cacheable)
		response_header(r, MHD_HTTP_HEADER_ETAG,
		    gzip_etag_for(&r->arena, etag, false));
validate:
	tag = server_resp_header(r, MHD_HTTP_HEADER_ETAG);
	inm = request_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (cacheable && tag != NULL && inm != NULL &&
	    (strstr(inm, strncmp(tag, "W/", 2) == 0 ? tag + 2 : tag) != NULL ||
	    strcmp(inm, "*") == 0)) {
		r->resp.status = 304;
		r->resp.full_len = r->resp.body.len;
		r->resp.body.len = 0;
	}
}

/* The body of a 304: none.  Never called: libmicrohttpd sends no body
 * for a 304 (see server_not_modified()). */
static ssize_t
server_no_body(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)cls;
	(void)pos;
	(void)buf;
	(void)max;
	return MHD_CONTENT_READER_END_OF_STREAM;
}

/*
 * A 304 carries the length its 200 would have had (full_len).  RFC 9110
 * 8.6: a server must not send a Content-Length in a 304 unless it equals
 * that length, and libmicrohttpd 0.9.75 writes the body-length header of
 * every response except 1xx and 204 (is_reply_body_headers_needed() in
 * connection.c), so an empty response would say "Content-Length: 0" and
 * one of unknown size "Transfer-Encoding: chunked" and its last chunk.
 * A response of the 200's size whose body is never read does it right:
 * libmicrohttpd sends no body for a 304, and the connection stays open
 * for the next request.
 */
static struct MHD_Response *
server_not_modified(uint64_t full_len)
{
	return MHD_create_response_from_callback(full_len, 64, server_no_body,
	    NULL, NULL);
}

static enum MHD_Result
server_queue(struct server_request *sr)
{
	struct request *r = &sr->r;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t i, len;
	char *body;

	if (r->resp.status == 0)
		response_error(r, 500, N_("Something went wrong on our side."));
	server_finish_body(r);
	if (r->resp.status == 304) {
		len = 0;
		response_file_drop(r);
		r->resp.content_type = NULL;
		resp = server_not_modified(r->resp.full_len);
	} else if (r->resp.from_file) {
		/* MHD reads the file as the socket drains and closes the fd
		 * when the response is destroyed. */
		len = (size_t)r->resp.file_len;
		resp = MHD_create_response_from_fd_at_offset64(r->resp.file_len,
		    r->resp.file_fd, r->resp.file_offset);
		if (resp == NULL)
			response_file_drop(r);
		r->resp.from_file = false;
	} else if (r->resp.fixed != NULL) {
		len = r->resp.fixed_len;
		/* libmicrohttpd takes void * even for MHD_RESPMEM_PERSISTENT,
		 * which it only reads; its const _static() variant is newer
		 * than the 0.9.75 we build with. */
		resp = MHD_create_response_from_buffer(len,
		    (void *)(uintptr_t)r->resp.fixed, MHD_RESPMEM_PERSISTENT);
	} else {
		body = buf_steal(&r->resp.body, &len);
		resp = MHD_create_response_from_buffer(len, body,
		    MHD_RESPMEM_MUST_FREE);
		if (resp == NULL)
			free(body);
	}
	if (resp == NULL)
		return MHD_NO;
	sr->resp_bytes = len;
	if (r->resp.content_type != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    r->resp.content_type);
	for (i = 0; i < r->resp.nheaders; i++)
		MHD_add_response_header(resp, r->resp.headers[i].name,
		    r->resp.headers[i].value);
	server_add_cache_headers(r, resp);
	server_add_security_headers(r, resp);
	if (server_request_is_tls(r))
		MHD_add_response_header(resp, "Strict-Transport-Security",
		    "max-age=31536000");
	ret = MHD_queue_response(r->conn, (unsigned)r->resp.status, resp);
	MHD_destroy_response(resp);
	sr->queued = true;
	return ret;
}

/*
 * Splits the raw URI into path and query and decodes both.  A URI that
 * cannot be decoded is the client's mistake: 400 with a message saying so.
 */
static int
server_parse_uri(struct request *r)
{
	const char *uri = r->raw_uri, *q = strchr(uri, '?');
	size_t plen = q ? (size_t)(q - uri) : strlen(uri);
	struct str path;
	enum parse_err err;

	if (plen == 0 || uri[0] != '/') {
		response_error(r, 400, N_("The address of the page is not valid."));
		return -1;
	}
	err = path_decode(&r->arena, uri, plen, &path);
	if (err == PARSE_OK && q != NULL)
		err = form_parse(&r->arena, q + 1, strlen(q + 1), &r->query);
	if (err != PARSE_OK) {
		response_error(r, 400, parse_err_msgid(err));
		return -1;
	}
	r->path = path.ptr;
	return 0;
}

/*
 * Decodes the URI and finds the route as soon as the headers are in, so
 * that the body is read the way the route takes it: an upload route has
 * its own size cap and streams files to disk.  -1 when it has answered.
 */
static int
server_route(struct server_request *sr)
{
	struct request *r = &sr->r;

	if (server_parse_uri(r) != 0)
		return -1;
	sr->match = router_match(server_cfg->router, r, &sr->allow);
	return 0;
}

/* A POST to an upload route may be larger and may carry files. */
static bool
server_takes_upload(const struct server_request *sr)
{
	return sr->match == ROUTER_FOUND && sr->r.method == HTTP_POST &&
	    (sr->r.route->flags & ROUTE_UPLOAD) && server_cfg->upload_dir != NULL;
}

static size_t
server_body_cap(const struct server_request *sr)
{
	return server_takes_upload(sr) ? server_cfg->upload_max :
	    server_cfg->body_max;
}

/*
 * Whether the client has closed its end: a peek that reads the end of the
 * stream (or an error) rather than "nothing yet" or the next pipelined
 * request.  The connection's socket is open while its pool thread (this
 * one) works on it.  A client that only half-closes after its request is
 * taken as gone, as nginx does.
 */
static bool
server_client_gone(struct server_request *sr)
{
	char c;
	ssize_t n;

	if (sr->sc == NULL || sr->sc->fd < 0)
		return false;
	n = recv(sr->sc->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR);
}

bool
request_abandoned(struct request *r)
{
	struct server_request *sr = (struct server_request *)r;
	int64_t now;

	if (sr->abandoned != ABANDON_NONE)
		return true;
	if (r->method != HTTP_GET && r->method != HTTP_HEAD)
		return false;
	now = time_mono_ns();
	if (server_cfg->render_budget_ms > 0 && now - sr->work_start_ns >
	    (int64_t)server_cfg->render_budget_ms * 1000000) {
		sr->abandoned = ABANDON_BUDGET;
		return true;
	}
	/* Once when the work starts, then at most once a millisecond: a
	 * template loop may ask per row. */
	if (sr->gone_checked_ns != 0 && now - sr->gone_checked_ns < 1000000)
		return false;
	sr->gone_checked_ns = now;
	if (server_client_gone(sr)) {
		sr->abandoned = ABANDON_GONE;
		return true;
	}
	return false;
}

bool
request_current_abandoned(void)
{
	static __thread unsigned asked;
	struct server_request *sr = server_current;

	if (sr == NULL)
		return false;
	if (sr->abandoned != ABANDON_NONE)
		return true;
	/* A template loop asks per row, and reading the clock is a system
	 * call on some virtual machines (7 % of a directory search page,
	 * whose form lists 309 municipalities): every 16th row is soon
	 * enough to stop a render. */
	return ++asked % 16 == 0 && request_abandoned(&sr->r);
}

/* Runs fn(r, arg) as this thread's current work, with a fresh budget. */
static void
server_work(struct server_request *sr, void (*fn)(struct request *, void *),
    void *arg)
{
	sr->work_start_ns = time_mono_ns();
	sr->gone_checked_ns = 0;
	server_current = sr;
	fn(&sr->r, arg);
	server_current = NULL;
}

static void
server_run_handler(struct request *r, void *arg)
{
	(void)arg;
	r->route->handler(r);
}

/*
 * An abandoned answer (request_abandoned()): whatever the handler left is
 * dropped.  A client that has gone gets nothing - returning MHD_NO makes
 * libmicrohttpd close the connection and free the request at once; one
 * whose answer took too long gets 503 and may retry.
 */
static enum MHD_Result
server_abandon(struct server_request *sr)
{
	struct request *r = &sr->r;
	double ms = (double)(time_mono_ns() - sr->work_start_ns) / 1e6;
	const char *route = r->route != NULL ? r->route->name : "none";

	metrics_abandoned(sr->abandoned == ABANDON_GONE);
	if (sr->abandoned == ABANDON_GONE) {
		log_info("%s: the client left; stopped after %.0f ms", route, ms);
		return MHD_NO;
	}
	log_warn("%s: over render_budget_ms (%u); stopped after %.0f ms, "
	    "answered 503", route, server_cfg->render_budget_ms, ms);
	r->resp.nheaders = 0;
	response_unavailable(r);
	response_header(r, "Retry-After", "5");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return server_queue(sr);
}

static void
server_dispatch(struct server_request *sr)
{
	struct request *r = &sr->r;

	switch (sr->match) {
	case ROUTER_NOT_FOUND:
		if (testhook_enabled() &&
		    strcmp(r->path, TESTHOOK_SLOW_PATH) == 0 &&
		    (r->method == HTTP_GET || r->method == HTTP_HEAD)) {
			server_work(sr, testhook_slow, NULL);
			return;
		}
		/* /sv/no-such-page is answered in Swedish whatever the
		 * browser's Accept-Language says. */
		if (strlen(r->path) >= 4 && r->path[3] == '/' &&
		    lang_parse(r->path + 1, 2, &r->lang) == 0)
			r->lang_from_path = true;
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	case ROUTER_BAD_METHOD:
		if (r->method == HTTP_OPTIONS) {
			response_begin(r, 204, NULL);
		} else if (r->method == HTTP_OTHER) {
			/* A method this server does not know at all. */
			response_error(r, 501, N_("This page cannot be used that way."));
		} else
			response_error(r, 405, N_("This page cannot be used that way."));
		response_header(r, MHD_HTTP_HEADER_ALLOW,
		    router_allow_header(&r->arena, sr->allow));
		return;
	case ROUTER_FOUND:
		break;
	}
	if (r->method == HTTP_POST && (r->route->flags & ROUTE_FORM)) {
		if (form_finish(&sr->form, r) != 0)
			return;
	}
	/* A guard that refused may have read through the request's snapshot
	 * (a route loader does): end it here, as after a handler. */
	if (server_cfg->guard != NULL && server_cfg->guard(r) != 0) {
		request_db_release(r);
		return;
	}
	/* Signed-in visitors see their own header: never share their pages. */
	if ((r->route->flags & ROUTE_CACHE) && r->user.id == 0 &&
	    cache_lookup(r)) {
		metrics_cache_hit(r->route);
		request_db_release(r);
		return;
	}
	server_work(sr, server_run_handler, NULL);
	request_db_release(r);
	/* A deferred answer is built later by finish(): nothing to store;
	 * nor is a page cut short. */
	if ((r->route->flags & ROUTE_CACHE) && r->user.id == 0 &&
	    !sr->deferred && sr->abandoned == ABANDON_NONE)
		cache_store(r);
}

bool
request_defer(struct request *r, void (*finish)(struct request *r, void *arg),
    void *arg)
{
	struct server_request *sr = (struct server_request *)r;
	bool ok = false;

	pthread_mutex_lock(&server_defer_mu);
	if (!server_defer_closed && sr->defer == DEFER_NONE) {
		sr->defer = DEFER_PENDING;
		sr->deferred = true;
		sr->finish = finish;
		sr->finish_arg = arg;
		server_deferred++;
		ok = true;
	}
	pthread_mutex_unlock(&server_defer_mu);
	return ok;
}

void
request_resume(struct request *r)
{
	struct server_request *sr = (struct server_request *)r;

	/* MHD_resume_connection() under the lock: the access call that
	 * finishes the request takes the lock first, so the request cannot
	 * be finished and freed while this still looks at it. */
	pthread_mutex_lock(&server_defer_mu);
	switch (sr->defer) {
	case DEFER_PENDING:
		sr->defer = DEFER_READY;
		break;
	case DEFER_SUSPENDED:
		sr->defer = DEFER_RESUMED;
		MHD_resume_connection(r->conn);
		break;
	default:
		pthread_mutex_unlock(&server_defer_mu);
		log_error("server: request_resume() without request_defer()");
		return;
	}
	if (--server_deferred == 0)
		pthread_cond_broadcast(&server_defer_idle);
	pthread_mutex_unlock(&server_defer_mu);
}

/* Runs the deferred handler's finish() and queues its answer. */
static enum MHD_Result
server_finish(struct server_request *sr)
{
	struct request *r = &sr->r;

	sr->defer = DEFER_FINISHED;
	server_work(sr, sr->finish, sr->finish_arg);
	request_db_release(r);
	if (sr->abandoned != ABANDON_NONE)
		return server_abandon(sr);
	return server_queue(sr);
}

/*
 * After a handler deferred: suspend, unless request_resume() came first
 * (then there is nothing to wait for).  MHD_suspend_connection() under the
 * lock, so request_resume() never sees a connection half suspended.
 */
static enum MHD_Result
server_suspend(struct server_request *sr)
{
	pthread_mutex_lock(&server_defer_mu);
	if (sr->defer == DEFER_PENDING) {
		sr->defer = DEFER_SUSPENDED;
		MHD_suspend_connection(sr->r.conn);
		pthread_mutex_unlock(&server_defer_mu);
		return MHD_YES;
	}
	pthread_mutex_unlock(&server_defer_mu);
	return server_finish(sr);
}

/* The access call after MHD resumed a deferred request: finish it. */
static bool
server_resumed(struct server_request *sr)
{
	bool resumed;

	pthread_mutex_lock(&server_defer_mu);
	resumed = sr->defer == DEFER_RESUMED;
	pthread_mutex_unlock(&server_defer_mu);
	return resumed;
}

/*
 * At shutdown: refuse new deferrals and wait until every deferred request
 * has been resumed.  Their resumers (the registration writer) finish in
 * bounded time (each commit waits at most the database's busy timeout).
 * True when some were still waiting.
 */
static bool
server_defer_drain(void)
{
	struct timespec until;
	bool waited;

	pthread_mutex_lock(&server_defer_mu);
	server_defer_closed = true;
	waited = server_deferred > 0;
	while (server_deferred > 0) {
		log_info("waiting for %u deferred requests", server_deferred);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 5;
		pthread_cond_timedwait(&server_defer_idle, &server_defer_mu,
		    &until);
	}
	pthread_mutex_unlock(&server_defer_mu);
	return waited;
}

/* Waits up to ms for the requests in flight to finish. */
static void
server_wait_inflight(int ms)
{
	int waited;

	for (waited = 0; atomic_load(&server_inflight) > 0 && waited < ms;
	    waited += 10)
		usleep(10000);
}

/*
 * Called before any body byte is read.  A declared body over the cap is
 * refused at once when the client waits for our go-ahead (Expect:
 * 100-continue) or when it is too large even to drain; otherwise it is
 * drained and answered at the end (see form_feed()).
 */
/* Counts the headers named like *cls's name. */
struct header_count {
	const char *name;
	unsigned n;
};

static enum MHD_Result
server_count_header(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct header_count *hc = cls;

	(void)kind;
	(void)value;
	if (strcasecmp(key, hc->name) == 0)
		hc->n++;
	return MHD_YES;
}

static unsigned
server_header_count(struct request *r, const char *name)
{
	struct header_count hc = { name, 0 };

	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, server_count_header,
	    &hc);
	return hc.n;
}

/*
 * Framing that two parsers could read two ways is refused, as nginx does
 * (RFC 9112 6.3): a second Content-Length, or Content-Length beside
 * Transfer-Encoding (a proxy in front might take one, this server the
 * other: request smuggling).  HTTP/1.1 requires Host (RFC 9112 3.2).
 */
static int
server_check_framing(struct server_request *sr, const char *version)
{
	struct request *r = &sr->r;

	if ((strcmp(version, MHD_HTTP_VERSION_1_1) == 0 &&
	    request_header(r, MHD_HTTP_HEADER_HOST) == NULL) ||
	    server_header_count(r, MHD_HTTP_HEADER_CONTENT_LENGTH) > 1 ||
	    (request_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH) != NULL &&
	    request_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL)) {
		response_error(r, 400, N_("The request was not valid HTTP."));
		return -1;
	}
	return 0;
}

static int
server_check_headers(struct server_request *sr)
{
	struct request *r = &sr->r;
	const char *cl = request_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *expect = request_header(r, MHD_HTTP_HEADER_EXPECT);
	size_t cap = server_body_cap(sr);
	char *end;
	unsigned long long n;

	if (cl == NULL)
		return 0;
	errno = 0;
	n = strtoull(cl, &end, 10);
	if (errno != 0 || *end != '\0' || n > cap + FORM_DRAIN_MAX ||
	    (n > cap && expect != NULL)) {
		response_error(r, 413, N_("The form or file you sent is too large."));
		return -1;
	}
	return 0;
}

/*
 * A body is taken only from those the guard could let through: a request
 * to a route that is not public, and not an API route (whose token the
 * guard checks anyway), is put to the preguard as soon as its headers are
 * in.  -1 when it has answered.
 */
static int
server_preguard(struct server_request *sr)
{
	struct request *r = &sr->r;

	if (sr->match != ROUTER_FOUND || server_cfg->preguard == NULL ||
	    r->method == HTTP_GET || r->method == HTTP_HEAD ||
	    !(r->route->flags & ROUTE_FORM))
		return 0;
	return server_cfg->preguard(r);
}

static enum MHD_Result
server_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct server_request *sr = *con_cls;
	struct request *r;

	(void)cls;
	(void)url;
	if (sr == NULL)		/* cannot happen: uri_log always runs first */
		return MHD_NO;
	r = &sr->r;
	if (!sr->started) {
		sr->started = true;
		r->conn = conn;
		r->method_name = arena_strdup(&r->arena, method);
		r->method = http_method_parse(method);
		if (sr->sc != NULL)
			server_conn_body(sr->sc, 0);
		if (server_check_framing(sr, version) != 0 ||
		    server_route(sr) != 0 || server_check_headers(sr) != 0 ||
		    server_preguard(sr) != 0)
			return server_queue(sr);
		form_stream_init(&sr->form, r, server_body_cap(sr),
		    server_takes_upload(sr) ? server_cfg->upload_dir : NULL);
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		if (sr->sc != NULL)
			server_conn_body(sr->sc, n);
		if (sr->queued)
			return MHD_YES;
		if (form_feed(&sr->form, r, upload_data, n) != 0)
			return MHD_NO;
		return MHD_YES;
	}
	/* The whole request is in: from here on it is ours to answer. */
	if (sr->sc != NULL)
		server_conn_settled(sr->sc);
	if (sr->queued)
		return MHD_YES;
	if (sr->deferred)
		return server_resumed(sr) ? server_finish(sr) : MHD_YES;
	/* A reader who gave up while the request waited for a thread (all
	 * of them busy) costs nothing more. */
	sr->work_start_ns = time_mono_ns();
	if (request_abandoned(r))
		return server_abandon(sr);
	if (form_too_large(&sr->form))
		response_error(r, 413, N_("The form or file you sent is too large."));
	else
		server_dispatch(sr);
	if (sr->deferred)
		return server_suspend(sr);
	if (sr->abandoned != ABANDON_NONE)
		return server_abandon(sr);
	return server_queue(sr);
}

/* One JSON line per request.  No client address, no query string and no
 * cookies: the log must not hold personal data. */
static void
server_access_log(struct server_request *sr, int64_t ns)
{
	struct request *r = &sr->r;
	char line[512], ts[32];
	struct timespec now;
	struct tm tm;
	int n;

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line, sizeof(line),
	    "{\"ts\":\"%s.%03ldZ\",\"method\":\"%s\",\"route\":\"%s\",\"status\":%d,"
	    "\"bytes\":%zu,\"ms\":%.3f}\n", ts, now.tv_nsec / 1000000,
	    r->method == HTTP_OTHER ? "OTHER" : (r->method_name ? r->method_name : "-"),
	    r->route ? r->route->name : "none", r->resp.status,
	    sr->resp_bytes, (double)ns / 1e6);
	if (n > 0 && (size_t)n < sizeof(line)) {
		ssize_t w = write(STDOUT_FILENO, line, (size_t)n);
		(void)w;
	}
}

static void
server_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct server_request *sr = *con_cls;
	struct server_conn *sc;
	int64_t ns;

	(void)cls;
	(void)toe;
	if (sr == NULL)
		return;
	*con_cls = NULL;
	sc = server_conn_of(conn);
	if (sc != NULL && sc->pending == sr)
		sc->pending = NULL;
	/* Answered: the next request's line and headers are owed. */
	if (sc != NULL)
		server_conn_expect_headers(sc);
	ns = time_mono_ns() - sr->r.start_ns;
	if (sr->queued) {
		metrics_record(sr->r.route, sr->r.resp.status, ns);
		if (server_cfg->access_log)
			server_access_log(sr, ns);
	}
	form_stream_cleanup(&sr->form);
	server_request_release(sr);
	atomic_fetch_sub(&server_inflight, 1);
}

static void
server_watchdog_join(pthread_t watchdog)
{
	pthread_mutex_lock(&server_watch_mu);
	server_watch_stop = true;
	pthread_cond_signal(&server_watch_cv);
	pthread_mutex_unlock(&server_watch_mu);
	pthread_join(watchdog, NULL);
}

/* Parses "host:port" or "[v6]:port" into a sockaddr. */
static int
server_parse_listen(const char *spec, struct sockaddr_storage *ss)
{
	char host[64];
	const char *colon;
	unsigned long port;
	char *end;
	size_t hl;

	memset(ss, 0, sizeof(*ss));
	colon = strrchr(spec, ':');
	if (colon == NULL)
		return -1;
	port = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || port > 65535 || colon[1] == '\0')
		return -1;
	hl = (size_t)(colon - spec);
	if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		if (hl - 2 >= sizeof(host))
			return -1;
		memcpy(host, spec + 1, hl - 2);
		host[hl - 2] = '\0';
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		return inet_pton(AF_INET6, host, &s6->sin6_addr) == 1 ? 0 : -1;
	}
	if (hl >= sizeof(host))
		return -1;
	memcpy(host, spec, hl);
	host[hl] = '\0';
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &s4->sin_addr) == 1 ? 0 : -1;
}

int
server_run(const struct server_config *cfg)
{
	struct sockaddr_storage ss;
	struct MHD_Daemon *d;
	sigset_t set;
	unsigned threads = cfg->threads;
	pthread_t watchdog;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC |
	    MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	int sig;

	server_cfg = cfg;
	if (server_parse_listen(cfg->listen, &ss) != 0) {
		log_error("cannot parse listen address '%s' (want host:port)",
		    cfg->listen);
		return -1;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* Handlers block on fsync (every commit is durable) and on argon2id
	 * at sign-in; twice the CPUs, at least four, keeps the other
	 * connections moving while some threads wait. */
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? 2 * (unsigned)n : 4;
		if (threads < 4)
			threads = 4;
	}
	if (testhook_enabled())
		log_warn("TUKIVERKKO_TEST_HOOKS=1: serving the test pages");
	metrics_init(cfg->router);
	cache_init();
	if (pthread_key_create(&server_spare_key, server_spare_free) != 0) {
		log_error("cannot create a thread key");
		return -1;
	}

	/* Block the stop signals in every thread (MHD's inherit the mask);
	 * this thread takes them synchronously with sigwait(). */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (pthread_create(&watchdog, NULL, server_watchdog, NULL) != 0) {
		log_error("cannot start the connection watchdog");
		return -1;
	}
	d = MHD_start_daemon(flags, 0, NULL, NULL, server_access, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, server_mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->header_max,
	    MHD_OPTION_CONNECTION_LIMIT, 4096u,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->connections_per_address,
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
	    MHD_OPTION_URI_LOG_CALLBACK, server_uri_log, NULL,
	    MHD_OPTION_UNESCAPE_CALLBACK, server_unescape_none, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, server_completed, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, server_notify_connection, NULL,
	    MHD_OPTION_END);
	if (d == NULL) {
		log_error("cannot listen on %s: %s", cfg->listen, strerror(errno));
		server_watchdog_join(watchdog);
		return -1;
	}
	log_info("listening on http://%s with %u threads", cfg->listen, threads);

	sigwait(&set, &sig);
	log_info("%s: finishing requests in flight", sig == SIGTERM ?
	    "SIGTERM" : "SIGINT");
	{
		MHD_socket ls = MHD_quiesce_daemon(d);

		if (ls != MHD_INVALID_SOCKET)
			close(ls);
	}
	server_wait_inflight((int)cfg->shutdown_grace_s * 1000);
	/* Deferred requests still waiting are resumed by their writer in
	 * bounded time; their answers get one more second to go out. */
	if (server_defer_drain())
		server_wait_inflight(1000);
	if (atomic_load(&server_inflight) > 0)
		log_warn("stopping with %d requests unfinished",
		    atomic_load(&server_inflight));
	MHD_stop_daemon(d);
	server_watchdog_join(watchdog);
	log_info("stopped");
	return 0;
}

/*
 * response.h - building responses.
 *
 * Every response gets the security headers (CSP without inline script,
 * nosniff, Referrer-Policy, frame-ancestors) when it is queued; handlers only
 * say what is specific to them.
 */
#ifndef TV_HTTP_RESPONSE_H
#define TV_HTTP_RESPONSE_H

#include <jansson.h>

#include "http/request.h"

/* Adds a header; name and value must outlive the request (arena is fine). */
void response_header(struct request *r, const char *name, const char *value);

/* Sets status and Content-Type; the body is then written to r->resp.body. */
void response_begin(struct request *r, int status, const char *content_type);

/*
 * Makes len bytes of the open file fd, from offset, the body (after
 * response_begin()).  The file is sent by the server as the client reads
 * it, never held in memory; fd stays the caller's (a duplicate is sent).
 * 0, or -1 with errno set.
 */
int response_file(struct request *r, int fd, uint64_t offset, uint64_t len);

/* Closes the file of a response_file() body, if any (the server calls it
 * for a response that is never sent). */
void response_file_drop(struct request *r);

/* A 303 See Other (or the given 3xx) to location. */
void response_redirect(struct request *r, int status, const char *location);

/* A plain-text response with a fixed body. */
void response_text(struct request *r, int status, const char *text);

/*
 * An error page in the visitor's language: status, a short title and an
 * explanation (both msgids, translated here).  For JSON API routes, a JSON
 * object {"error": ...} instead.
 */
void response_error(struct request *r, int status, const char *msgid);

/* The error page of a 503: the store could not be reached, or refused a
 * change ("The service is temporarily unavailable..."). */
void response_unavailable(struct request *r);

/* The request's store (request_db()), or NULL after response_unavailable(). */
struct db *response_db(struct request *r);

/* Begins the handler's write transaction on db (which may be NULL): 0,
 * or -1 after response_unavailable(). */
int response_begin_tx(struct request *r, struct db *db);

/* Rolls back the handler's transaction and answers 503: the store
 * refused a change half-way. */
void response_rollback(struct request *r, struct db *db);

/* Answers 200 with o (which may be NULL: a failed json_pack()) as one
 * line of compact JSON, not cached, and frees it; 503 when it cannot be
 * written. */
void response_json(struct request *r, json_t *o);

/* Sends an anonymous visitor of a staff page to sign in (303, not
 * cached), with the request as it came, query included, as ?next= so
 * that signing in brings them back to exactly the page they asked for. */
void response_signin(struct request *r);

#endif

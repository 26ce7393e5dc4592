/*
 * unsubscribe.h - turning reminder mail off from the message itself.
 *
 * Reminders of concrete actions and the tutors' weekly digest go to
 * accounts that want them (account.notify, the switch on the account
 * page).  Each such message carries List-Unsubscribe with a link of its
 * own, /:lang/unsubscribe/<token>, and List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click (RFC 8058), so that a mail program can turn
 * them off with one POST, without a session.
 *
 * The token is "<account id>.<HMAC-SHA256 of the id with a server key>"
 * (base64url): nothing is stored per message, a link works on every app
 * server and keeps working (an opt-out link that expired would be no use),
 * and no other account's link can be made from it.  The key is in the
 * auth_key table, made when `serve` starts or on first use.
 *
 * GET shows a page that asks for confirmation (a link scanner that opens
 * the link changes nothing); POST turns the mail off.  The POST is exempt
 * from the CSRF check only when its body is exactly
 * List-Unsubscribe=One-Click (ROUTE_ONE_CLICK, src/app/guard.c): then the
 * token in the path is what authorises it.  The page's own form carries
 * the CSRF token as every form does.
 */
#ifndef TV_AUTH_UNSUBSCRIBE_H
#define TV_AUTH_UNSUBSCRIBE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"

/* Makes the signing key if the database has none yet (serve calls it
 * before the first request, so that no request writes it).  0 or -1. */
int unsubscribe_key_init(struct db *db);

/* The opt-out token of account_id, in the arena (the key is made if
 * missing, in the caller's transaction).  NULL on error. */
const char *unsubscribe_token(struct db *db, struct arena *a,
    int64_t account_id);

/* The account a token names, when its signature is right and the account
 * is active and not erased: 0 with *account_id and *notify (whether it
 * still gets reminders), 1 not valid, -1 error.  Reads only. */
int unsubscribe_check(struct db *db, const char *token, int64_t *account_id,
    bool *notify);

/* Turns the account's reminder mail off, with an audit entry, in the
 * caller's transaction.  0 turned off, 1 was off already, -1 error. */
int unsubscribe_apply(struct db *db, int64_t account_id,
    const char *address, int64_t now);

/* What the routes work on (unsubscribe_loader, anyone). */
struct unsubscribe_target {
	int64_t account_id;
	bool notify;
	const char *token;
};
extern const struct route_loader unsubscribe_loader;

/* GET /:lang/unsubscribe/:token: asks; POST turns the mail off. */
void unsubscribe_page(struct request *r);
void unsubscribe_post(struct request *r);

#endif

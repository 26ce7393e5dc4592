/*
 * unsubscribe.c - opt-out tokens of reminder mail and turning the mail off
 * (see unsubscribe.h): the key, the token and the store.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/policy.h"
#include "auth/server_key.h"
#include "auth/unsubscribe.h"
#include "db/rows.h"

#define UNSUB_KEY "unsubscribe"
#define UNSUB_MAC_LEN 43	/* 32 bytes, base64url without padding */

int
unsubscribe_key_init(struct db *db)
{
	unsigned char key[SERVER_KEY_LEN];
	int rc = server_key(db, UNSUB_KEY, true, key);

	sodium_memzero(key, sizeof(key));
	return rc;
}

/* The signature of account_id: "unsubscribe:<id>" under the key. */
static void
unsub_mac(const unsigned char key[SERVER_KEY_LEN], int64_t account_id,
    char out[UNSUB_MAC_LEN + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char msg[48];
	int n;

	n = snprintf(msg, sizeof(msg), "unsubscribe:%lld",
	    (long long)account_id);
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (size_t)n, key);
	sodium_bin2base64(out, UNSUB_MAC_LEN + 1, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

const char *
unsubscribe_token(struct db *db, struct arena *a, int64_t account_id)
{
	unsigned char key[SERVER_KEY_LEN];
	char mac[UNSUB_MAC_LEN + 1];
	const char *t;

	if (account_id <= 0 || server_key(db, UNSUB_KEY, true, key) != 0)
		return NULL;
	unsub_mac(key, account_id, mac);
	sodium_memzero(key, sizeof(key));
	t = arena_printf(a, "%lld.%s", (long long)account_id, mac);
	return t;
}

/* "<digits>.<43 base64url>": the id into *id.  A shape check before any
 * database work, and the id without leading zeros (one id, one token). */
static bool
unsub_shape(const char *t, int64_t *id, const char **mac)
{
	const char *dot;
	size_t i;

	if (t == NULL || (dot = strchr(t, '.')) == NULL || dot == t ||
	    dot - t > 18 || t[0] == '0' || strlen(dot + 1) != UNSUB_MAC_LEN)
		return false;
	*id = 0;
	for (i = 0; t + i < dot; i++) {
		if (t[i] < '0' || t[i] > '9')
			return false;
		*id = *id * 10 + (t[i] - '0');
	}
	for (i = 1; dot[i] != '\0'; i++) {
		char c = dot[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	*mac = dot + 1;
	return true;
}

static int
unsub_notify_row(struct db_stmt *st, struct arena *a, void *out)
{
	(void)a;
	*(int64_t *)out = db_col_int64(st, 0);
	return 0;
}

int
unsubscribe_check(struct db *db, const char *token, int64_t *account_id,
    bool *notify)
{
	unsigned char key[SERVER_KEY_LEN];
	char want[UNSUB_MAC_LEN + 1];
	const char *mac;
	int64_t id, on = 0;
	int rc;

	if (!unsub_shape(token, &id, &mac))
		return 1;
	/* No key yet: no link was ever made, so none is valid (and a GET
	 * writes nothing). */
	if ((rc = server_key(db, UNSUB_KEY, false, key)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	unsub_mac(key, id, want);
	sodium_memzero(key, sizeof(key));
	if (sodium_memcmp(want, mac, UNSUB_MAC_LEN) != 0)
		return 1;
	rc = db_row(db, NULL, "SELECT notify FROM account WHERE id = ?1 AND "
	    "active = 1 AND erased_at IS NULL", DB_ARGS(db_int(id)),
	    unsub_notify_row, &on);
	if (rc != 0)
		return rc == DB_MISSING ? 1 : -1;
	*account_id = id;
	*notify = on == 1;
	return 0;
}

int
unsubscribe_apply(struct db *db, int64_t account_id, const char *address,
    int64_t now)
{
	int64_t changed = 0;
	char id[24];

	if (db_run(db, "UPDATE account SET notify = 0 WHERE id = ?1 AND "
	    "notify = 1", DB_ARGS(db_int(account_id)), &changed) != 0)
		return -1;
	if (changed == 0)
		return 1;
	snprintf(id, sizeof(id), "%lld", (long long)account_id);
	return audit_record(db, account_id, address, "account.notify",
	    "account", id, "off (e-mail link)", now) == 0 ? 0 : -1;
}

static int
unsub_load(struct request *r, void **obj, struct object_scope *scope)
{
	struct unsubscribe_target *t = arena_calloc(&r->arena, 1, sizeof(*t));
	int rc;

	(void)scope;
	t->token = request_param(r, "token");
	rc = unsubscribe_check(request_db(r), t->token, &t->account_id,
	    &t->notify);
	if (rc != 0)
		return rc;
	*obj = t;
	return 0;
}

const struct route_loader unsubscribe_loader = { "unsubscribe-link",
	unsub_load, SCOPE_ANYONE };

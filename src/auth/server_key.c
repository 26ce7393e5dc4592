/*
 * server_key.c - named server keys in auth_key (see server_key.h).
 */
#include <sodium.h>
#include <string.h>

#include "auth/server_key.h"
#include "base/log.h"
#include "db/rows.h"

/* The key's hex: 0, DB_MISSING or -1. */
static int
key_read(struct db *db, const char *name, unsigned char key[SERVER_KEY_LEN])
{
	struct arena a;
	const char *hex;
	size_t bin_len = 0;
	int rc;

	arena_init(&a);
	rc = db_str(db, &a, "SELECT value FROM auth_key WHERE name = ?1",
	    DB_ARGS(db_text(name)), &hex);
	if (rc == 0 && (strlen(hex) != 2 * SERVER_KEY_LEN ||
	    sodium_hex2bin(key, SERVER_KEY_LEN, hex, 2 * SERVER_KEY_LEN, NULL,
	    &bin_len, NULL) != 0 || bin_len != SERVER_KEY_LEN)) {
		log_error("auth: the server key %s is malformed", name);
		rc = -1;
	}
	arena_cleanup(&a);
	return rc;
}

int
server_key(struct db *db, const char *name, bool create,
    unsigned char key[SERVER_KEY_LEN])
{
	char hex[2 * SERVER_KEY_LEN + 1];
	int rc;

	if ((rc = key_read(db, name, key)) != DB_MISSING || !create)
		return rc;
	randombytes_buf(key, SERVER_KEY_LEN);
	sodium_bin2hex(hex, sizeof(hex), key, SERVER_KEY_LEN);
	rc = db_run(db, "INSERT INTO auth_key (name, value) VALUES (?1, ?2) "
	    "ON CONFLICT (name) DO NOTHING", DB_ARGS(db_text(name),
	    db_text(hex)), NULL);
	sodium_memzero(hex, sizeof(hex));
	sodium_memzero(key, SERVER_KEY_LEN);
	if (rc != 0)
		return -1;
	return key_read(db, name, key) == 0 ? 0 : -1;
}

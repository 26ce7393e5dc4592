/*
 * password.c - argon2id hashing, rehash detection, a cap on parallel work.
 */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "auth/password.h"
#include "view/i18n.h"

static enum password_cost password_cost = PASSWORD_MODERATE;
static pthread_mutex_t password_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t password_cond = PTHREAD_COND_INITIALIZER;
static int password_running;

int
password_set_cost(const char *name)
{
	if (strcmp(name, "moderate") == 0)
		password_cost = PASSWORD_MODERATE;
	else if (strcmp(name, "interactive") == 0)
		password_cost = PASSWORD_INTERACTIVE;
	else if (strcmp(name, "test") == 0)
		password_cost = PASSWORD_TEST;
	else
		return -1;
	return 0;
}

static unsigned long long
password_ops(void)
{
	switch (password_cost) {
	case PASSWORD_MODERATE:
		return crypto_pwhash_OPSLIMIT_MODERATE;
	case PASSWORD_INTERACTIVE:
		return crypto_pwhash_OPSLIMIT_INTERACTIVE;
	case PASSWORD_TEST:
		break;
	}
	return crypto_pwhash_OPSLIMIT_MIN;
}

static size_t
password_mem(void)
{
	switch (password_cost) {
	case PASSWORD_MODERATE:
		return crypto_pwhash_MEMLIMIT_MODERATE;
	case PASSWORD_INTERACTIVE:
		return crypto_pwhash_MEMLIMIT_INTERACTIVE;
	case PASSWORD_TEST:
		break;
	}
	return crypto_pwhash_MEMLIMIT_MIN;
}

/* Argon2id wants hundreds of MiB per call: waiting for a slot is better
 * than letting a burst of sign-ins push the server out of memory. */
static void
password_enter(void)
{
	pthread_mutex_lock(&password_lock);
	while (password_running >= PASSWORD_PARALLEL)
		pthread_cond_wait(&password_cond, &password_lock);
	password_running++;
	pthread_mutex_unlock(&password_lock);
}

static void
password_leave(void)
{
	pthread_mutex_lock(&password_lock);
	password_running--;
	pthread_cond_signal(&password_cond);
	pthread_mutex_unlock(&password_lock);
}

int
password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	int rc;

	password_enter();
	rc = crypto_pwhash_str(out, pw, strlen(pw), password_ops(),
	    password_mem());
	password_leave();
	return rc == 0 ? 0 : -1;
}

bool
password_verify(const char *stored, const char *pw)
{
	int rc;

	if (stored == NULL || stored[0] == '\0')
		return false;
	password_enter();
	rc = crypto_pwhash_str_verify(stored, pw, strlen(pw));
	password_leave();
	return rc == 0;
}

bool
password_needs_rehash(const char *stored)
{
	return crypto_pwhash_str_needs_rehash(stored, password_ops(),
	    password_mem()) != 0;
}

/*
 * Hashing with the current limits costs what a verification costs (the
 * work of argon2id is in the hash), which is the point: an unknown e-mail
 * address must not answer faster than a wrong password.
 */
void
password_burn(const char *pw)
{
	char tmp[PASSWORD_HASH_MAX];

	password_hash(pw, tmp);
	sodium_memzero(tmp, sizeof(tmp));
}

const char *
password_check_new(const char *pw)
{
	size_t chars = 0;
	const char *p;

	if (strlen(pw) > PASSWORD_MAX_BYTES)
		return N_("The password is too long.");
	for (p = pw; *p != '\0'; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			chars++;
	if (chars < PASSWORD_MIN_CHARS)
		return N_("The password must have at least 12 characters.");
	return NULL;
}

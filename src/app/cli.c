/*
 * cli.c - account, token and route commands.
 *
 * These run with the operator's own authority (whoever can run the binary
 * can read the database), so they are how the first administrator comes
 * to be; every change is still written to the audit log, as by "cli".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/cli.h"
#include "auth/account.h"
#include "auth/apitoken.h"
#include "auth/audit.h"
#include "auth/password.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "base/time.h"
#include "network/network.h"
#include "privacy/privacy.h"

static int
cli_fail(struct db *db, const char *msg)
{
	db_rollback(db);
	fprintf(stderr, "tukiverkko: %s\n", msg);
	return 1;
}

/* Reads one line from standard input as the password (no echo handling:
 * meant for scripts, e.g. `printf '%s\n' "$PW" | tukiverkko user add`). */
static char *
cli_read_password(void)
{
	static char buf[PASSWORD_MAX_BYTES + 2];
	size_t n;

	if (fgets(buf, sizeof(buf), stdin) == NULL)
		return NULL;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return buf;
}

/* tukiverkko user erase EMAIL: the same erasure as the admin page's. */
static int
cli_user_erase(struct db *db, const char *address)
{
	struct account acct;
	struct arena a;
	const char *email;
	int rc = 1;

	arena_init(&a);
	if ((email = account_normalise_email(&a, address)) == NULL ||
	    account_by_email(db, &a, email, &acct) != 0) {
		fprintf(stderr, "tukiverkko: no account '%s'\n", address);
		goto out;
	}
	if (privacy_erase_account(db, acct.id, 0, "cli", time_now()) != 0) {
		fprintf(stderr, "tukiverkko: erasing failed; nothing was changed\n");
		goto out;
	}
	printf("account %lld erased\n", (long long)acct.id);
	rc = 0;
out:
	arena_cleanup(&a);
	return rc;
}

/*
 * The region of a grant.  A municipal coordinator's and a tutor's come from
 * their municipalities, which must exist and lie in one region; --region,
 * when given, must agree.  A coordinator's is --region (default
 * "uusimaa").  0, or -1 with the reason printed.
 */
static int
cli_grant_region(struct db *db, struct arena *a, const struct cli_opts *o,
    struct account_grant *g)
{
	const char *codes[1 + CLI_MAX_SCOPES];
	struct municipality m;
	int64_t want = 0, found = 0;
	size_t i, n = 0;
	int rc;

	if (g->role != ROLE_COORDINATOR && g->role != ROLE_MUNICIPAL &&
	    g->role != ROLE_TUTOR)
		return 0;
	if (o->region != NULL || g->role == ROLE_COORDINATOR) {
		const char *region = o->region ? o->region : "uusimaa";

		if ((want = network_region_id(db, region)) <= 0) {
			fprintf(stderr, "tukiverkko: no region '%s'\n", region);
			return -1;
		}
	}
	if (g->role == ROLE_MUNICIPAL && g->municipality != NULL)
		codes[n++] = g->municipality;
	if (g->role == ROLE_TUTOR)
		for (i = 0; i < g->nscopes && n < sizeof(codes) /
		    sizeof(codes[0]); i++)
			codes[n++] = g->scopes[i];
	for (i = 0; i < n; i++) {
		rc = network_municipality(db, a, LANG_FI, codes[i], &m);
		if (rc != 0) {
			fprintf(stderr, rc < 0 ? "tukiverkko: the database "
			    "could not be read\n" : "tukiverkko: no municipality "
			    "'%s'\n", codes[i]);
			return -1;
		}
		if ((found != 0 && m.region_id != found) ||
		    (want != 0 && m.region_id != want)) {
			fprintf(stderr, "tukiverkko: municipality '%s' is in "
			    "region '%s', not in the region given or of the "
			    "other municipalities\n", codes[i], m.region);
			return -1;
		}
		found = m.region_id;
	}
	g->region_id = found != 0 ? found : want;
	if (g->region_id == 0 &&
	    (want = network_region_id(db, "uusimaa")) > 0)
		g->region_id = want;
	return 0;
}

int
cli_user(struct db *db, const char *base_url, const struct cli_opts *o,
    int argc, char **argv)
{
	const char *email, *problem, *secret = NULL, *verb;
	struct account_grant g;
	struct account acct;
	struct arena a;
	char hash[PASSWORD_HASH_MAX], *pw = NULL;
	int64_t now = time_now(), id;
	int rc = 1;

	memset(&g, 0, sizeof(g));
	g.scopes = o->scopes;
	g.nscopes = o->nscopes;
	g.municipality = o->municipality;
	if (argc == 3 && strcmp(argv[1], "erase") == 0)
		return cli_user_erase(db, argv[2]);
	if (argc != 3 || (strcmp(argv[1], "add") != 0 &&
	    strcmp(argv[1], "set-role") != 0) || o->role == NULL) {
		fprintf(stderr, "usage: tukiverkko user add|set-role EMAIL --role ROLE "
		    "[--name NAME] [--region CODE] [--municipality CODE] "
		    "[--scope CODE]... [--password-stdin]\n"
		    "       tukiverkko user erase EMAIL\n");
		return 2;
	}
	if (role_parse(o->role, &g.role) != 0) {
		fprintf(stderr, "tukiverkko: unknown role '%s' (admin, coordinator, "
		    "tutor, municipal-coordinator, supporter)\n", o->role);
		return 2;
	}
	verb = argv[1];
	arena_init(&a);
	if ((email = account_normalise_email(&a, argv[2])) == NULL) {
		fprintf(stderr, "tukiverkko: '%s' is not an e-mail address\n",
		    argv[2]);
		goto out;
	}
	if (cli_grant_region(db, &a, o, &g) != 0)
		goto out;
	if ((problem = account_grant_problem(&g)) != NULL) {
		fprintf(stderr, "tukiverkko: %s\n", problem);
		goto out;
	}
	if (o->password_stdin) {
		if ((pw = cli_read_password()) == NULL ||
		    (problem = password_check_new(pw)) != NULL) {
			fprintf(stderr, "tukiverkko: %s\n", pw ? problem :
			    "no password on standard input");
			goto out;
		}
		if (password_hash(pw, hash) != 0) {
			fprintf(stderr, "tukiverkko: hashing failed\n");
			goto out;
		}
	}
	if (db_begin(db) != 0) {
		rc = cli_fail(db, "the database is busy");
		goto out;
	}
	if (strcmp(verb, "add") == 0) {
		id = account_create(db, email, o->name, &g, "fi", now);
		if (id == 0) {
			rc = cli_fail(db, "an account with that address exists");
			goto out;
		}
	} else {
		if (account_by_email(db, &a, email, &acct) != 0) {
			rc = cli_fail(db, "no account with that address");
			goto out;
		}
		id = acct.id;
		if (account_set_grant(db, id, &g) != 0 ||
		    session_destroy_all(db, id) != 0) {
			rc = cli_fail(db, "the database refused the change");
			goto out;
		}
	}
	if (id < 0 || (o->password_stdin && account_set_password(db, id, hash) != 0) ||
	    (!o->password_stdin && strcmp(verb, "add") == 0 &&
	    account_token_create(db, &a, id, "invite", INVITE_TTL, now,
	    &secret) != 0) ||
	    audit_record(db, 0, "cli", strcmp(verb, "add") == 0 ?
	    "account.create" : "account.set-role", "account",
	    arena_printf(&a, "%lld", (long long)id), role_name(g.role), now) != 0) {
		rc = cli_fail(db, "the database refused the change");
		goto out;
	}
	if (db_commit(db) != 0) {
		rc = cli_fail(db, "the database could not save the change");
		goto out;
	}
	if (secret != NULL)
		printf("invitation link (valid 7 days): %s/fi/password/set?token=%s\n",
		    base_url, secret);
	else
		printf("%s: %s %s\n", email, strcmp(verb, "add") == 0 ? "created as" :
		    "is now", role_name(g.role));
	rc = 0;
out:
	arena_cleanup(&a);
	return rc;
}
int
cli_token(struct db *db, const struct cli_opts *o, int argc, char **argv)
{
	struct account acct;
	struct arena a;
	const char *email, *secret;
	bool can_write = o->write;
	int64_t now = time_now();
	int rc = 1;

	if (argc != 4 || strcmp(argv[1], "create") != 0) {
		fprintf(stderr, "usage: tukiverkko token create EMAIL NAME [--write]\n");
		return 2;
	}
	if (argv[3][0] == '\0' || strlen(argv[3]) > APITOKEN_NAME_MAX) {
		fprintf(stderr, "tukiverkko: the token name must have 1 to %d "
		    "characters\n", APITOKEN_NAME_MAX);
		return 2;
	}
	arena_init(&a);
	if ((email = account_normalise_email(&a, argv[2])) == NULL ||
	    account_by_email(db, &a, email, &acct) != 0 || !acct.active) {
		fprintf(stderr, "tukiverkko: no active account '%s'\n", argv[2]);
		goto out;
	}
	if (db_begin(db) != 0 ||
	    apitoken_create(db, &a, acct.id, argv[3], can_write, now, &secret) < 0 ||
	    audit_record(db, 0, "cli", "token.create", "account",
	    arena_printf(&a, "%lld", (long long)acct.id), argv[3], now) != 0 ||
	    db_commit(db) != 0) {
		rc = cli_fail(db, "the database refused the token");
		goto out;
	}
	printf("%s\n", secret);
	rc = 0;
out:
	arena_cleanup(&a);
	return rc;
}

int
cli_routes(void)
{
	static const char *const methods[] = { "GET", "HEAD", "POST", "PUT",
	    "PATCH", "DELETE", "OPTIONS" };
	size_t i, m;

	for (i = 0; i < app_router.nroutes; i++) {
		const struct route *ro = &app_router.routes[i];
		bool first = true;

		printf("{\"name\":\"%s\",\"pattern\":\"%s\",\"methods\":[",
		    ro->name, ro->pattern);
		for (m = 0; m < sizeof(methods) / sizeof(methods[0]); m++)
			if (ro->methods & (1u << m)) {
				printf("%s\"%s\"", first ? "" : ",", methods[m]);
				first = false;
			}
		printf("],\"action\":\"%s\",\"form\":%s,\"api\":%s",
		    action_name((enum action)ro->action),
		    ro->flags & ROUTE_FORM ? "true" : "false",
		    ro->flags & ROUTE_API ? "true" : "false");
		if (ro->loader != NULL)
			printf(",\"object\":\"%s\",\"scope\":\"%s\"",
			    ro->loader->name,
			    scope_rule_name((enum scope_rule)ro->loader->rule));
		printf("}\n");
	}
	return 0;
}

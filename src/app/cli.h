/*
 * cli.h - command-line commands beyond serving: accounts, tokens, routes.
 */
#ifndef TV_APP_CLI_H
#define TV_APP_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"

#define CLI_MAX_SCOPES 64

/* Options of the user and token commands, parsed by main() with the rest. */
struct cli_opts {
	const char *role;
	const char *name;
	const char *region;
	const char *municipality;
	const char *scopes[CLI_MAX_SCOPES];
	size_t nscopes;
	bool password_stdin;
	bool write;
};

/*
 * tukiverkko user add EMAIL --role ROLE [--name NAME] [--region CODE]
 *     [--municipality CODE] [--scope CODE]... [--password-stdin]
 * tukiverkko user set-role EMAIL --role ROLE [same scope options]
 * tukiverkko user erase EMAIL (personal data removed, see privacy.h)
 * Prints an invitation link unless the password came on standard input.
 * argv is "user", the verb and the address.  Returns the exit status.
 */
int cli_user(struct db *db, const char *base_url, const struct cli_opts *o,
    int argc, char **argv);

/* tukiverkko token create EMAIL NAME [--write]: prints the token once. */
int cli_token(struct db *db, const struct cli_opts *o, int argc, char **argv);

/* tukiverkko routes: the route table as JSON lines (name, methods,
 * pattern, action), for the authorisation tests and for operators. */
int cli_routes(void);

#endif

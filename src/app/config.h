/*
 * config.h - settings, from defaults, a config file, the environment and
 * the command line, each overriding the one before.
 *
 * The file is lines of `key = value`; `#` starts a comment.  Every key has
 * an environment variable TUKIVERKKO_<KEY> (upper case), e.g.
 * TUKIVERKKO_DATABASE=/var/lib/tukiverkko/site.db.
 */
#ifndef TV_APP_CONFIG_H
#define TV_APP_CONFIG_H

#include "base/settings.h"	/* struct config, config_use() */

/* Fills c with the defaults (config_default, its strings copied). */
void config_defaults(struct config *c);

/*
 * Applies one setting; -1 with *err when the key or value is not valid.
 * (Not to be confused with config_use(), which makes a whole struct the
 * running configuration.)
 */
int config_set(struct config *c, const char *key, const char *value,
    const char **err);

/* Reads a config file; -1 with a message on stderr naming file and line. */
int config_load_file(struct config *c, const char *path);

/* Applies TUKIVERKKO_* environment variables; -1 on a bad value. */
int config_load_env(struct config *c);

void config_free(struct config *c);

#endif

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

#include <stdbool.h>
#include <stddef.h>

struct config {
	char *listen;		/* listen: host:port */
	char *database;		/* database: SQLite file */
	char *static_dir;	/* static: directory of CSS and images */
	char *data_dir;		/* data: reference data for demo */
	unsigned threads;	/* threads: 0 = two per CPU, at least 4 */
	size_t body_max;	/* body_max: bytes */
	unsigned timeout;	/* timeout: idle seconds */
	bool access_log;	/* access_log: on/off */
	bool behind_tls_proxy;	/* behind_tls_proxy: on/off */
	unsigned page_cache_ms;	/* page_cache_ms: public page micro-cache, 0 = off */
	char *base_url;		/* base_url: for links in e-mail */
	char *mail_spool;	/* mail_spool: directory of outgoing mail */
	char *mail_from;	/* mail_from: From address */
	char *smtp_url;		/* smtp_url: relay, smtp:// or smtps://; "" = spool */
	char *smtp_user;	/* smtp_user: relay login, "" = none */
	char *smtp_password;	/* smtp_password: relay password */
	unsigned mail_retry_base_ms;	/* mail_retry_base_ms: first retry delay */
	char *password_cost;	/* password_cost: moderate or interactive */
	unsigned session_idle;	/* session_idle: seconds */
	unsigned session_max;	/* session_max: seconds */
	unsigned retention_days;	/* retention_days: personal data kept, days */
	unsigned event_retention_days;	/* event_retention_days: registrants' data after an event */
	char *files_dir;	/* files_dir: uploaded files; "" = files/
				 * in the database's directory */
	size_t upload_max;	/* upload_max: bytes of one upload form */
	unsigned material_link_hours;	/* material_link_hours: lifetime of the
					 * download links of approved requests */
};

/* Fills c with the defaults. */
void config_defaults(struct config *c);

/* Applies one setting; -1 with *err when the key or value is not valid. */
int config_set(struct config *c, const char *key, const char *value,
    const char **err);

/* Reads a config file; -1 with a message on stderr naming file and line. */
int config_load_file(struct config *c, const char *path);

/* Applies TUKIVERKKO_* environment variables; -1 on a bad value. */
int config_load_env(struct config *c);

void config_free(struct config *c);

#endif

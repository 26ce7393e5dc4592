/*
 * settings.h - the running configuration, one struct that every module
 * reads.
 *
 * src/app/config.c fills a struct config from the defaults, a file, the
 * environment and the command line; main.c hands it to config_use() once,
 * before any thread starts, and from then on modules read
 * config_get()->base_url and the like instead of keeping copies of their
 * own.  The struct is not changed after that, so reading it needs no lock.
 *
 * It lives in base, not in app, because the modules read it and app is
 * built on the modules: a module that included app/config.h would depend
 * on the layer above it.  Parsing stays in app (config.h).
 *
 * Until config_use() is called, config_get() returns the defaults (the
 * same values config_defaults() starts from), so a unit test or fuzz
 * target that does not care about settings needs no set-up; one that does
 * copies *config_get(), changes fields and calls config_use().
 */
#ifndef TV_BASE_SETTINGS_H
#define TV_BASE_SETTINGS_H

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
	unsigned header_timeout;	/* header_timeout: seconds a request's
				 * line and headers may take from the
				 * connection's opening or the previous
				 * answer, 0 = no limit */
	unsigned body_timeout;	/* body_timeout: seconds of grace for a
				 * body, and its longest pause; 0 = no limit */
	unsigned body_min_rate;	/* body_min_rate: bytes per second a body
				 * must average after the grace, 0 = only
				 * the pause limit */
	unsigned render_budget_ms;	/* render_budget_ms: how long a handler
				 * may work on one answer before it is cut
				 * off with 503, 0 = no limit */
	unsigned connections_per_address;	/* connections_per_address:
				 * open connections per client address,
				 * 0 = no limit; not applied behind a
				 * proxy (its address is everyone's) */
	bool access_log;	/* access_log: on/off */
	bool behind_tls_proxy;	/* behind_tls_proxy: on/off */
	unsigned page_cache_ms;	/* page_cache_ms: public page micro-cache, 0 = off */
	char *base_url;		/* base_url: for links in e-mail and feeds;
				 * never ends in '/' (config_set() strips it) */
	bool base_url_set;	/* given, not the default: else `serve` and
				 * the commands take it from listen */
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
	/* The directory's map (issue #15): map_tiles, a tile URL template
	 * "https://host/{z}/{x}/{y}.png" ("" = no map and no request to
	 * any other host); map_attribution, the text the tile provider
	 * asks to be shown. */
	char *map_tiles;
	char *map_attribution;
	/* widget_frame_ancestors: who may frame the directory's widget, "*"
	 * (anyone) or origins "https://www.example.fi ..." */
	char *widget_frame_ancestors;
	unsigned registrations_per_address;	/* registrations_per_address:
				 * public registrations from one client
				 * address in THROTTLE_WINDOW (15 min),
				 * 0 = no limit; a school or library behind
				 * one NAT address may need more */
};

/*
 * Whether url is a tile URL template map_tiles may hold: http(s), one
 * host (letters, digits, '.', '-', an optional port), {z}, {x} and {y} in
 * its path, nothing that could end a header or an attribute.  0, with the
 * origin ("https://host:port") in origin when it is not NULL; or -1.
 */
int config_map_tiles_check(const char *url, char *origin, size_t n);

/* Whether s may be widget_frame_ancestors: "*", or one to eight origins
 * (http(s)://host[:port]) separated by single spaces.  0 or -1. */
int config_frame_ancestors_check(const char *s);

/* The built-in defaults. */
extern const struct config config_default;

/*
 * Makes c the configuration that config_get() returns.  Call once at start,
 * before any thread starts; c (and its strings) must stay valid and
 * unchanged while the program runs.  A unit test may call it again between
 * tests.
 */
void config_use(const struct config *c);

/* The configuration in use; never NULL. */
const struct config *config_get(void);

#endif

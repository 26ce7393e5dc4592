/*
 * config.c - the settings file, environment and defaults.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/config.h"

static const char *const config_keys[] = {
	"listen", "database", "static", "data", "threads", "body_max",
	"timeout", "access_log", "behind_tls_proxy", "page_cache_ms",
	"base_url", "mail_spool", "mail_from", "smtp_url", "smtp_user",
	"smtp_password", "mail_retry_base_ms", "password_cost", "session_idle",
	"session_max", "retention_days", "files_dir", "upload_max",
	"material_link_hours",
	"event_retention_days", "connections_per_address",
	"registrations_per_address", "header_timeout", "body_timeout",
	"body_min_rate", "render_budget_ms",
	"map_tiles", "map_attribution", "widget_frame_ancestors",
};
#define CONFIG_NKEYS (sizeof(config_keys) / sizeof(config_keys[0]))

static void
config_replace(char **slot, const char *value)
{
	char *p = strdup(value);

	if (p == NULL) {
		fprintf(stderr, "tukiverkko: out of memory\n");
		exit(1);
	}
	free(*slot);
	*slot = p;
}

/* The string fields, which config_defaults() copies and config_free()
 * frees. */
static const size_t config_strings[] = {
	offsetof(struct config, listen), offsetof(struct config, database),
	offsetof(struct config, static_dir), offsetof(struct config, data_dir),
	offsetof(struct config, base_url), offsetof(struct config, mail_spool),
	offsetof(struct config, mail_from), offsetof(struct config, smtp_url),
	offsetof(struct config, smtp_user),
	offsetof(struct config, smtp_password),
	offsetof(struct config, password_cost),
	offsetof(struct config, files_dir),
	offsetof(struct config, map_tiles),
	offsetof(struct config, map_attribution),
	offsetof(struct config, widget_frame_ancestors),
};
#define CONFIG_NSTRINGS (sizeof(config_strings) / sizeof(config_strings[0]))

static char **
config_string(struct config *c, size_t i)
{
	return (char **)(void *)((char *)c + config_strings[i]);
}

void
config_defaults(struct config *c)
{
	const char *value;
	size_t i;

	*c = config_default;
	for (i = 0; i < CONFIG_NSTRINGS; i++) {
		value = *config_string(c, i);
		*config_string(c, i) = NULL;
		config_replace(config_string(c, i), value);
	}
}

static int
config_uint(const char *value, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (!isdigit((unsigned char)value[0]))
		return -1;
	errno = 0;
	*out = strtoull(value, &end, 10);
	return errno != 0 || *end != '\0' || *out > max ? -1 : 0;
}

static int
config_bool(const char *value, bool *out)
{
	if (strcmp(value, "on") == 0 || strcmp(value, "true") == 0 ||
	    strcmp(value, "1") == 0 || strcmp(value, "yes") == 0)
		*out = true;
	else if (strcmp(value, "off") == 0 || strcmp(value, "false") == 0 ||
	    strcmp(value, "0") == 0 || strcmp(value, "no") == 0)
		*out = false;
	else
		return -1;
	return 0;
}

int
config_set(struct config *c, const char *key, const char *value,
    const char **err)
{
	unsigned long long n;

	if (strcmp(key, "listen") == 0)
		config_replace(&c->listen, value);
	else if (strcmp(key, "database") == 0)
		config_replace(&c->database, value);
	else if (strcmp(key, "static") == 0)
		config_replace(&c->static_dir, value);
	else if (strcmp(key, "data") == 0)
		config_replace(&c->data_dir, value);
	else if (strcmp(key, "threads") == 0) {
		if (config_uint(value, 256, &n) != 0) {
			*err = "threads must be a number from 0 to 256";
			return -1;
		}
		c->threads = (unsigned)n;
	} else if (strcmp(key, "body_max") == 0) {
		if (config_uint(value, 1ULL << 32, &n) != 0 || n < 1024) {
			*err = "body_max must be a number of bytes, at least 1024";
			return -1;
		}
		c->body_max = (size_t)n;
	} else if (strcmp(key, "registrations_per_address") == 0) {
		if (config_uint(value, 100000, &n) != 0) {
			*err = "registrations_per_address must be a number from 0 to 100000";
			return -1;
		}
		c->registrations_per_address = (unsigned)n;
	} else if (strcmp(key, "connections_per_address") == 0) {
		if (config_uint(value, 100000, &n) != 0) {
			*err = "connections_per_address must be a number from 0 to 100000";
			return -1;
		}
		c->connections_per_address = (unsigned)n;
	} else if (strcmp(key, "timeout") == 0) {
		if (config_uint(value, 3600, &n) != 0 || n == 0) {
			*err = "timeout must be seconds from 1 to 3600";
			return -1;
		}
		c->timeout = (unsigned)n;
	} else if (strcmp(key, "header_timeout") == 0 ||
	    strcmp(key, "body_timeout") == 0) {
		if (config_uint(value, 3600, &n) != 0) {
			*err = "header_timeout and body_timeout must be seconds "
			    "from 0 (no limit) to 3600";
			return -1;
		}
		if (key[0] == 'h')
			c->header_timeout = (unsigned)n;
		else
			c->body_timeout = (unsigned)n;
	} else if (strcmp(key, "body_min_rate") == 0) {
		if (config_uint(value, 1ULL << 30, &n) != 0) {
			*err = "body_min_rate must be bytes per second from 0 "
			    "(no minimum) to 1073741824";
			return -1;
		}
		c->body_min_rate = (unsigned)n;
	} else if (strcmp(key, "render_budget_ms") == 0) {
		if (config_uint(value, 3600000, &n) != 0) {
			*err = "render_budget_ms must be milliseconds from 0 "
			    "(no limit) to 3600000";
			return -1;
		}
		c->render_budget_ms = (unsigned)n;
	} else if (strcmp(key, "access_log") == 0) {
		if (config_bool(value, &c->access_log) != 0) {
			*err = "access_log must be on or off";
			return -1;
		}
	} else if (strcmp(key, "behind_tls_proxy") == 0) {
		if (config_bool(value, &c->behind_tls_proxy) != 0) {
			*err = "behind_tls_proxy must be on or off";
			return -1;
		}
	} else if (strcmp(key, "page_cache_ms") == 0) {
		if (config_uint(value, 3600000, &n) != 0) {
			*err = "page_cache_ms must be milliseconds from 0 (off) to 3600000";
			return -1;
		}
		c->page_cache_ms = (unsigned)n;
	} else if (strcmp(key, "base_url") == 0) {
		if (strncmp(value, "http://", 7) != 0 &&
		    strncmp(value, "https://", 8) != 0) {
			*err = "base_url must start with http:// or https://";
			return -1;
		}
		config_replace(&c->base_url, value);
		c->base_url_set = true;
		/* Links are base_url + "/path": the trailing slash goes here,
		 * once (not the ones of a bare "https://"). */
		n = strlen(c->base_url);
		while (n > 8 && c->base_url[n - 1] == '/')
			c->base_url[--n] = '\0';
	} else if (strcmp(key, "mail_spool") == 0)
		config_replace(&c->mail_spool, value);
	else if (strcmp(key, "files_dir") == 0)
		config_replace(&c->files_dir, value);
	else if (strcmp(key, "upload_max") == 0) {
		if (config_uint(value, 1ULL << 34, &n) != 0 || n < 1024) {
			*err = "upload_max must be a number of bytes, at least 1024";
			return -1;
		}
		c->upload_max = (size_t)n;
	}
	else if (strcmp(key, "mail_from") == 0) {
		if (strpbrk(value, "\r\n") != NULL || strchr(value, '@') == NULL) {
			*err = "mail_from must be an address on one line";
			return -1;
		}
		config_replace(&c->mail_from, value);
	} else if (strcmp(key, "smtp_url") == 0) {
		if (value[0] != '\0' && strncmp(value, "smtp://", 7) != 0 &&
		    strncmp(value, "smtps://", 8) != 0) {
			*err = "smtp_url must start with smtp:// or smtps:// "
			    "(or be empty for the spool)";
			return -1;
		}
		config_replace(&c->smtp_url, value);
	} else if (strcmp(key, "smtp_user") == 0)
		config_replace(&c->smtp_user, value);
	else if (strcmp(key, "smtp_password") == 0)
		config_replace(&c->smtp_password, value);
	else if (strcmp(key, "mail_retry_base_ms") == 0) {
		if (config_uint(value, 3600000, &n) != 0 || n < 100) {
			*err = "mail_retry_base_ms must be milliseconds from 100 "
			    "to 3600000";
			return -1;
		}
		c->mail_retry_base_ms = (unsigned)n;
	} else if (strcmp(key, "password_cost") == 0) {
		const char *suite = getenv("TUKIVERKKO_TEST_SUITE");

		/* "test" makes hashes cheap to guess against: it must not
		 * reach a real installation by a copied setting. */
		if (strcmp(value, "test") == 0 &&
		    (suite == NULL || strcmp(suite, "1") != 0)) {
			*err = "password_cost test is for test suites only "
			    "(TUKIVERKKO_TEST_SUITE=1)";
			return -1;
		}
		if (strcmp(value, "moderate") != 0 &&
		    strcmp(value, "interactive") != 0 &&
		    strcmp(value, "test") != 0) {
			*err = "password_cost must be moderate or interactive";
			return -1;
		}
		config_replace(&c->password_cost, value);
	} else if (strcmp(key, "session_idle") == 0 ||
	    strcmp(key, "session_max") == 0) {
		if (config_uint(value, 90 * 24 * 3600, &n) != 0 || n < 60) {
			*err = "session lifetimes are seconds from 60 to 7776000";
			return -1;
		}
		if (key[8] == 'i')
			c->session_idle = (unsigned)n;
		else
			c->session_max = (unsigned)n;
	} else if (strcmp(key, "retention_days") == 0) {
		if (config_uint(value, 36500, &n) != 0 || n == 0) {
			*err = "retention_days must be days from 1 to 36500";
			return -1;
		}
		c->retention_days = (unsigned)n;
	} else if (strcmp(key, "material_link_hours") == 0) {
		if (config_uint(value, 24 * 90, &n) != 0 || n == 0) {
			*err = "material_link_hours must be hours from 1 to 2160";
			return -1;
		}
		c->material_link_hours = (unsigned)n;
	} else if (strcmp(key, "event_retention_days") == 0) {
		/* Registrants' personal data after an event (names,
		 * addresses, answers); the counts are kept. */
		if (config_uint(value, 3650, &n) != 0 || n == 0) {
			*err = "event_retention_days must be days from 1 to 3650";
			return -1;
		}
		c->event_retention_days = (unsigned)n;
	} else if (strcmp(key, "map_tiles") == 0) {
		if (value[0] != '\0' &&
		    config_map_tiles_check(value, NULL, 0) != 0) {
			*err = "map_tiles must be an http(s) URL of one host with "
			    "{z}, {x} and {y} in its path (no {s}), or empty";
			return -1;
		}
		config_replace(&c->map_tiles, value);
	} else if (strcmp(key, "widget_frame_ancestors") == 0) {
		if (config_frame_ancestors_check(value) != 0) {
			*err = "widget_frame_ancestors must be * or up to 8 origins "
			    "(https://host[:port]) separated by spaces";
			return -1;
		}
		config_replace(&c->widget_frame_ancestors, value);
	} else if (strcmp(key, "map_attribution") == 0) {
		for (n = 0; value[n] != '\0'; n++)
			if ((unsigned char)value[n] < ' ' || value[n] == 127)
				break;
		if (value[n] != '\0' || n > 300) {
			*err = "map_attribution must be one line of at most 300 "
			    "bytes";
			return -1;
		}
		config_replace(&c->map_attribution, value);
	} else {
		*err = "unknown setting";
		return -1;
	}
	return 0;
}

static char *
config_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int
config_load_file(struct config *c, const char *path)
{
	char *line = NULL, *key, *value, *eq, *hash;
	const char *err;
	size_t lineno = 0, cap = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "tukiverkko: cannot open %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	/* getline(): a long comment must not be split into a bogus line. */
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		key = config_trim(line);
		if (*key == '\0')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			fprintf(stderr, "%s:%zu: expected key = value\n", path,
			    lineno);
			free(line);
			fclose(f);
			return -1;
		}
		*eq = '\0';
		key = config_trim(key);
		value = config_trim(eq + 1);
		if (config_set(c, key, value, &err) != 0) {
			fprintf(stderr, "%s:%zu: %s: %s\n", path, lineno, key, err);
			free(line);
			fclose(f);
			return -1;
		}
	}
	free(line);
	fclose(f);
	return 0;
}

int
config_load_env(struct config *c)
{
	char name[64];
	const char *value, *err;
	size_t i, j;

	for (i = 0; i < CONFIG_NKEYS; i++) {
		snprintf(name, sizeof(name), "TUKIVERKKO_%s", config_keys[i]);
		for (j = 11; name[j] != '\0'; j++)
			name[j] = (char)toupper((unsigned char)name[j]);
		if ((value = getenv(name)) == NULL)
			continue;
		if (config_set(c, config_keys[i], value, &err) != 0) {
			fprintf(stderr, "tukiverkko: %s: %s\n", name, err);
			return -1;
		}
	}
	return 0;
}

void
config_free(struct config *c)
{
	size_t i;

	for (i = 0; i < CONFIG_NSTRINGS; i++)
		free(*config_string(c, i));
	memset(c, 0, sizeof(*c));
}

/*
 * settings.c - the configuration in use and the built-in defaults.
 */
#include <ctype.h>
#include <string.h>

#include "base/settings.h"

const struct config config_default = {
	.listen = "127.0.0.1:8080",
	.database = "var/tukiverkko.db",
	.static_dir = "static",
	.data_dir = "data",
	.threads = 0,
	.body_max = 1024 * 1024,
	.timeout = 30,
	.header_timeout = 10,
	.body_timeout = 10,
	.body_min_rate = 4096,
	.render_budget_ms = 10000,
	.connections_per_address = 64,
	.access_log = true,
	.behind_tls_proxy = false,
	.page_cache_ms = 5000,
	.base_url = "http://127.0.0.1:8080",
	.mail_spool = "",	/* mail/ beside the database */
	.mail_from = "Tukiverkko <noreply@localhost>",
	.smtp_url = "",
	.smtp_user = "",
	.smtp_password = "",
	.mail_retry_base_ms = 60000,
	.password_cost = "moderate",
	.session_idle = 2 * 3600,
	.session_max = 12 * 3600,
	.retention_days = 365,
	.event_retention_days = 30,
	.files_dir = "",	/* files/ beside the database */
	.upload_max = 100 * 1024 * 1024,
	.material_link_hours = 72,
	.registrations_per_address = 30,
	.map_tiles = "",
	.map_attribution = "",
	.widget_frame_ancestors = "*",
};

int
config_map_tiles_check(const char *url, char *origin, size_t n)
{
	size_t skip, i, host;
	const char *p;

	if (strncmp(url, "https://", 8) == 0)
		skip = 8;
	else if (strncmp(url, "http://", 7) == 0)
		skip = 7;
	else
		return -1;
	if (strlen(url) > 300)
		return -1;
	for (i = skip; isalnum((unsigned char)url[i]) || url[i] == '.' ||
	    url[i] == '-' || url[i] == ':'; i++)
		if (url[i] == ':' && !isdigit((unsigned char)url[i + 1]))
			return -1;
	host = i;
	if (host == skip || url[host] != '/')
		return -1;
	for (p = url + host; *p != '\0'; p++)
		if (*p <= ' ' || *p >= 127 || strchr("\"'<>\\;,`^|", *p) != NULL)
			return -1;
		else if (*p == '{' && strncmp(p, "{z}", 3) != 0 &&
		    strncmp(p, "{x}", 3) != 0 && strncmp(p, "{y}", 3) != 0)
			return -1;
	if (strstr(url, "{z}") == NULL || strstr(url, "{x}") == NULL ||
	    strstr(url, "{y}") == NULL)
		return -1;
	if (origin != NULL) {
		if (host >= n)
			return -1;
		memcpy(origin, url, host);
		origin[host] = '\0';
	}
	return 0;
}

int
config_frame_ancestors_check(const char *s)
{
	size_t i = 0, skip, n = 0;

	if (strcmp(s, "*") == 0)
		return 0;
	while (s[i] != '\0') {
		if (strncmp(s + i, "https://", 8) == 0)
			skip = 8;
		else if (strncmp(s + i, "http://", 7) == 0)
			skip = 7;
		else
			return -1;
		i += skip;
		if (!isalnum((unsigned char)s[i]))
			return -1;
		while (isalnum((unsigned char)s[i]) || s[i] == '.' ||
		    s[i] == '-' || (s[i] == ':' && isdigit((unsigned char)s[i + 1])))
			i++;
		if (++n > 8 || (s[i] != '\0' && (s[i] != ' ' || s[i + 1] == '\0')))
			return -1;
		if (s[i] == ' ')
			i++;
	}
	return n > 0 ? 0 : -1;
}

static const struct config *config_current = &config_default;

void
config_use(const struct config *c)
{
	config_current = c;
}

const struct config *
config_get(void)
{
	return config_current;
}

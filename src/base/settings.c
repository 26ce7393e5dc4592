/*
 * settings.c - the configuration in use and the built-in defaults.
 */
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
	.mail_spool = "var/mail",
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
};

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

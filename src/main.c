/*
 * main.c - the tukiverkko command line.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/cli.h"
#include "app/config.h"
#include "auth/hashq.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/unsubscribe.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/time.h"
#include "db/committer.h"
#include "db/db.h"
#include "directory/directory.h"
#include "registration/registration.h"
#include "http/server.h"
#include "http/static.h"
#include "http/urls.h"
#include "jobs/jobs.h"
#include "mail/mail.h"
#include "materials/materials.h"
#include "network/network.h"
#include "news/news.h"
#include "attendance/attendance.h"
#include "privacy/privacy.h"
#include "programme/programme.h"
#include "programme/reminders.h"

#ifndef TUKIVERKKO_VERSION
#define TUKIVERKKO_VERSION "0.1.0"
#endif

static const char usage_text[] =
"usage: tukiverkko [options] command [arguments]\n"
"\n"
"Commands:\n"
"  serve                         serve the site over HTTP (migrates first);\n"
"                                SIGTERM or SIGINT stop it gracefully\n"
"  migrate                       apply pending database migrations\n"
"  demo                          load the demo network (migrates first)\n"
"      --service-points N        and N synthetic service points across Finland\n"
"      --encounters N            and N synthetic support encounters of the last\n"
"                                year at the region's service points\n"
"  demo accounts                 new passwords for the demo accounts, printed\n"
"  demo --scale N                the demo plus N units of synthetic data (a\n"
"                                unit: 100 events with agenda, speakers and\n"
"                                registrations, 100 materials, 20 news posts,\n"
"                                200 audit records, 100 service points across\n"
"                                Finland), for benchmarks\n"
"  import municipalities FILE    import municipalities from CSV: code,name_fi,\n"
"                                name_sv,language_status[,centre_lat,centre_lon]\n"
"  import ptv FILE...            service points from the national service\n"
"                                catalogue: PTV API v11 lists of service\n"
"                                channels (ServiceLocation; others skipped),\n"
"                                keyed by PTV id, coordinates from ETRS-TM35FIN\n"
"                                by PROJ; every mistake is reported and then\n"
"                                nothing is written\n"
"       [--municipality CODE]    the municipality of every channel (else its\n"
"                                address's)\n"
"       [--region CODE]          the region of new points (default uusimaa)\n"
"  export hsds DIR               the service directory as Open Referral HSDS\n"
"                                3.0 in DIR/fi, DIR/sv and DIR/en: services.ndjson\n"
"                                (each service in full, as /api/hsds gives it),\n"
"                                organizations.ndjson and csv/, HSDS's tabular\n"
"                                data package (datapackage.json and a CSV per\n"
"                                table); DIR must be new or empty\n"
"  copy-db FROM TO               copy every row of database FROM into the new,\n"
"                                empty database TO (SQLite file or PostgreSQL\n"
"                                URL, either way), then compare both sides\n"
"                                table by table (row counts and SHA-256)\n"
"  backup DEST                   copy the database to DEST and the stored files\n"
"                                to DEST.files/ (safe while serving)\n"
"  user add EMAIL --role ROLE    create an account; prints an invitation link\n"
"       [--name NAME] [--region CODE] [--municipality CODE] [--scope CODE]...\n"
"       [--password-stdin]        (or read its password from standard input)\n"
"  user set-role EMAIL --role ROLE [the same scope options]\n"
"                                roles: admin, coordinator, tutor,\n"
"                                municipal-coordinator, supporter\n"
"  user erase EMAIL              remove the account's personal data\n"
"  token create EMAIL NAME [--write]\n"
"                                an API token for the account (shown once)\n"
"  routes                        list every route and the action it needs\n"
"  retention                     remove personal data older than retention_days\n"
"                                and expired sessions and links now (the server\n"
"                                does it every hour); prints what it removed\n"
"  reminders [--now YYYY-MM-DD]  send the due reminders of concrete actions and\n"
"                                the tutors' weekly digests now (the server does\n"
"                                it every hour), as on that day; prints counts\n"
"\n"
"Options (each also a config-file key and a TUKIVERKKO_<KEY> variable):\n"
"  -c, --config FILE             read settings from FILE (key = value lines)\n"
"  -d, --db TARGET               a SQLite file, or PostgreSQL as a\n"
"                                postgresql:// URL or libpq keywords [database]\n"
"                                (default var/tukiverkko.db)\n"
"  -l, --listen HOST:PORT        address to serve on        [listen]\n"
"                                (default 127.0.0.1:8080)\n"
"      --static DIR              static files directory     [static]\n"
"      --data DIR                reference data for demo    [data]\n"
"                                (default data)\n"
"      --threads N               worker threads, 0 = 2/CPU  [threads]\n"
"      --body-max BYTES          request body limit         [body_max]\n"
"      --timeout SECONDS         idle connection timeout    [timeout]\n"
"      --header-timeout SECONDS  a request's line and headers must arrive\n"
"                                within this time of the connection's\n"
"                                opening or the previous answer (an idle\n"
"                                kept-alive connection is closed then too)\n"
"                                [header_timeout] (default 10; 0 = no limit)\n"
"      --body-timeout SECONDS    a request body's grace and longest pause\n"
"                                [body_timeout] (default 10; 0 = no limit)\n"
"      --body-min-rate BYTES     bytes per second a body must average after\n"
"                                its grace [body_min_rate] (default 4096;\n"
"                                0 = only the pause limit)\n"
"      --render-budget-ms MS     how long one answer may be worked on; past\n"
"                                it the answer is 503 [render_budget_ms]\n"
"                                (default 10000; 0 = no limit)\n"
"      --connections-per-address N  open connections per client\n"
"                                address, 0 = no limit      [connections_per_address]\n"
"                                (default 64; off behind_tls_proxy)\n"
"      --access-log on|off       JSON access log on stdout  [access_log]\n"
"      --behind-tls-proxy on|off trust X-Forwarded-Proto    [behind_tls_proxy]\n"
"      --page-cache-ms MS        lifetime of cached public pages and seat\n"
"                                counts [page_cache_ms]\n"
"                                (default 5000; 0 = off)\n"
"      --base-url URL            site address for e-mailed links [base_url]\n"
"                                (default http:// and the listen address)\n"
"      --mail-spool DIR          outgoing mail directory    [mail_spool]\n"
"                                (default mail/ beside the database; with\n"
"                                PostgreSQL var/mail; used when no smtp_url)\n"
"      --smtp-url URL            SMTP relay                 [smtp_url]\n"
"                                smtp://HOST:PORT (STARTTLS when offered) or\n"
"                                smtps://HOST:PORT; login from the config keys\n"
"                                smtp_user and smtp_password; a failed message\n"
"                                is retried after mail_retry_base_ms (default\n"
"                                60000), then less often, 10 times in all\n"
"      --files-dir DIR           uploaded files             [files_dir]\n"
"                                (default files/ beside the database; with\n"
"                                PostgreSQL files/ in the working directory)\n"
"      --upload-max BYTES        size limit of an upload form [upload_max]\n"
"                                (default 104857600, 100 MiB)\n"
"      --material-link-hours HOURS\n"
"                                download links of approved material requests\n"
"                                work this long [material_link_hours] (default 72)\n"
"      --password-cost COST      moderate or interactive    [password_cost]\n"
"                                (test: test suites only, with\n"
"                                TUKIVERKKO_TEST_SUITE=1)\n"
"      --retention-days DAYS     keep feedback contacts, audit log addresses\n"
"                                and sent mail this long    [retention_days]\n"
"                                (default 365)\n"
"      --event-retention-days DAYS  erase registrants' personal data\n"
"                                this long after an event ends, keeping\n"
"                                the counts (default 30) [event_retention_days]\n"
"      --registrations-per-address N  event registrations from one client\n"
"                                address in 15 minutes, 0 = no limit\n"
"                                [registrations_per_address] (default 30; raise\n"
"                                it for a school or library that registers many\n"
"                                people from one address; signed-in staff are\n"
"                                not counted)\n"
"      --region CODE             region for import (default uusimaa)\n"
"  -h, --help                    show this help\n"
"  -V, --version                 show the version\n"
"\n"
"Precedence: command line over environment over config file over defaults.\n";

enum { OPT_STATIC = 256, OPT_DATA, OPT_THREADS, OPT_BODY_MAX, OPT_TIMEOUT,
	OPT_CONNECTIONS_PER_ADDRESS, OPT_HEADER_TIMEOUT, OPT_BODY_TIMEOUT,
	OPT_BODY_MIN_RATE, OPT_RENDER_BUDGET,
	OPT_ACCESS_LOG, OPT_TLS_PROXY, OPT_PAGE_CACHE, OPT_BASE_URL, OPT_MAIL_SPOOL, OPT_SMTP_URL,
	OPT_PASSWORD_COST, OPT_REGION, OPT_ROLE, OPT_NAME, OPT_MUNICIPALITY,
	OPT_SCOPE, OPT_PASSWORD_STDIN, OPT_WRITE, OPT_RETENTION_DAYS, OPT_NOW, OPT_SERVICE_POINTS,
	OPT_EVENT_RETENTION, OPT_SCALE, OPT_ENCOUNTERS,
	OPT_REGISTRATIONS_PER_ADDRESS,
	OPT_FILES_DIR, OPT_UPLOAD_MAX, OPT_LINK_HOURS };

static const struct option long_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "db", required_argument, NULL, 'd' },
	{ "listen", required_argument, NULL, 'l' },
	{ "static", required_argument, NULL, OPT_STATIC },
	{ "data", required_argument, NULL, OPT_DATA },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "body-max", required_argument, NULL, OPT_BODY_MAX },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "connections-per-address", required_argument, NULL,
	    OPT_CONNECTIONS_PER_ADDRESS },
	{ "header-timeout", required_argument, NULL, OPT_HEADER_TIMEOUT },
	{ "body-timeout", required_argument, NULL, OPT_BODY_TIMEOUT },
	{ "body-min-rate", required_argument, NULL, OPT_BODY_MIN_RATE },
	{ "render-budget-ms", required_argument, NULL, OPT_RENDER_BUDGET },
	{ "access-log", required_argument, NULL, OPT_ACCESS_LOG },
	{ "behind-tls-proxy", required_argument, NULL, OPT_TLS_PROXY },
	{ "page-cache-ms", required_argument, NULL, OPT_PAGE_CACHE },
	{ "base-url", required_argument, NULL, OPT_BASE_URL },
	{ "mail-spool", required_argument, NULL, OPT_MAIL_SPOOL },
	{ "smtp-url", required_argument, NULL, OPT_SMTP_URL },
	{ "files-dir", required_argument, NULL, OPT_FILES_DIR },
	{ "upload-max", required_argument, NULL, OPT_UPLOAD_MAX },
	{ "material-link-hours", required_argument, NULL, OPT_LINK_HOURS },
	{ "password-cost", required_argument, NULL, OPT_PASSWORD_COST },
	{ "retention-days", required_argument, NULL, OPT_RETENTION_DAYS },
	{ "event-retention-days", required_argument, NULL, OPT_EVENT_RETENTION },
	{ "registrations-per-address", required_argument, NULL,
	    OPT_REGISTRATIONS_PER_ADDRESS },
	{ "region", required_argument, NULL, OPT_REGION },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "municipality", required_argument, NULL, OPT_MUNICIPALITY },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "password-stdin", no_argument, NULL, OPT_PASSWORD_STDIN },
	{ "write", no_argument, NULL, OPT_WRITE },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "service-points", required_argument, NULL, OPT_SERVICE_POINTS },
	{ "scale", required_argument, NULL, OPT_SCALE },
	{ "encounters", required_argument, NULL, OPT_ENCOUNTERS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char *
main_option_key(int opt)
{
	switch (opt) {
	case 'd': return "database";
	case 'l': return "listen";
	case OPT_STATIC: return "static";
	case OPT_DATA: return "data";
	case OPT_THREADS: return "threads";
	case OPT_BODY_MAX: return "body_max";
	case OPT_TIMEOUT: return "timeout";
	case OPT_CONNECTIONS_PER_ADDRESS: return "connections_per_address";
	case OPT_HEADER_TIMEOUT: return "header_timeout";
	case OPT_BODY_TIMEOUT: return "body_timeout";
	case OPT_BODY_MIN_RATE: return "body_min_rate";
	case OPT_RENDER_BUDGET: return "render_budget_ms";
	case OPT_ACCESS_LOG: return "access_log";
	case OPT_TLS_PROXY: return "behind_tls_proxy";
	case OPT_PAGE_CACHE: return "page_cache_ms";
	case OPT_BASE_URL: return "base_url";
	case OPT_MAIL_SPOOL: return "mail_spool";
	case OPT_SMTP_URL: return "smtp_url";
	case OPT_FILES_DIR: return "files_dir";
	case OPT_UPLOAD_MAX: return "upload_max";
	case OPT_LINK_HOURS: return "material_link_hours";
	case OPT_PASSWORD_COST: return "password_cost";
	case OPT_RETENTION_DAYS: return "retention_days";
	case OPT_EVENT_RETENTION: return "event_retention_days";
	case OPT_REGISTRATIONS_PER_ADDRESS: return "registrations_per_address";
	default: return NULL;
	}
}

/* Creates the database's directory (one level) so that a fresh checkout
 * can start with the default var/tukiverkko.db. */
static void
main_make_db_dir(const char *path)
{
	char *copy, *dir;

	if (db_is_postgres(path) || (copy = strdup(path)) == NULL)
		return;
	dir = dirname(copy);
	if (strcmp(dir, ".") != 0 && mkdir(dir, 0750) == -1 && errno != EEXIST)
		log_warn("cannot create %s: %s", dir, strerror(errno));
	free(copy);
}

/* Opens the database and brings its schema up to date. */
static struct db *
main_open_db(const struct config *cfg)
{
	struct db *db;
	char *shown;
	int n;

	main_make_db_dir(cfg->database);
	if ((db = db_open(cfg->database)) == NULL) {
		shown = db_target_display(cfg->database);
		fprintf(stderr, "tukiverkko: cannot open the database %s\n",
		    shown);
		free(shown);
		return NULL;
	}
	if ((n = db_migrate(db)) < 0) {
		shown = db_target_display(cfg->database);
		fprintf(stderr, "tukiverkko: migrating %s failed (see the log "
		    "above)\n", shown);
		free(shown);
		db_close(db);
		return NULL;
	}
	if (n > 0)
		log_info("applied %d migrations; schema version %d", n,
		    db_schema_version(db));
	return db;
}

/* Deliver queued e-mail promptly (a sign-in link is awaited by someone). */
static int
job_mail(struct db *db, int64_t now)
{
	return mail_deliver(db, now) < 0 ? -1 : 0;
}

static const struct job serve_jobs[] = {
	{ "mail", 1000, job_mail, false },
	{ "retention", 3600 * 1000, privacy_retention_job, true },
	{ "material-retention", 3600 * 1000, materials_retention_job, true },
	{ "material-previews", 5000, materials_preview_job, false },
	{ "reminders", 3600 * 1000, reminders_job, true },
	/* Seat offers past their time go on to the next person. */
	{ "offers", 5000, offers_job, true },
	/* Every few seconds: a reminder or thank-you is due at a minute,
	 * and a run with nothing to do is two indexed reads. */
	{ "events", 5000, event_jobs_job, true },
	/* Registrants' data event_retention_days after the end: due at a
	 * second like the reminders, and a run with nothing to do is one
	 * indexed read. */
	{ "event-retention", 5000, privacy_event_erase_job, true },
	/* Attendance reports uploaded and never imported, after a day. */
	{ "attendance-uploads", 60 * 1000, attendance_uploads_job, true },
	/* Service points' open intervals move on a day; a run finds the
	 * points whose window is behind with one indexed read. */
	{ "directory", 60 * 1000, directory_job, false },
	/* News bodies whose kept HTML is missing or another renderer's
	 * (after an upgrade of cmark): made before the first page, then a
	 * run is one indexed read an hour. */
	{ "news-html", 3600 * 1000, news_html_job, true },
};

/*
 * Without a base_url, links in mail, feeds and calendar files point where
 * the server listens (a demo on another port links to that port); a
 * wildcard address is no place to link to, so it becomes the loopback.
 */
static void
main_base_url(struct config *cfg)
{
	const char *listen = cfg->listen, *port = strrchr(listen, ':');
	const char *err;
	char url[300];

	if (port == NULL)
		return;
	if (strncmp(listen, "0.0.0.0:", 8) == 0 || strncmp(listen, "[::]:", 5) == 0 ||
	    listen[0] == ':')
		snprintf(url, sizeof(url), "http://127.0.0.1%s", port);
	else
		snprintf(url, sizeof(url), "http://%s", listen);
	if (config_set(cfg, "base_url", url, &err) == 0)
		cfg->base_url_set = false;
}

/* A directory setting `key` left empty: `name` in the database's
 * directory, or `shared` (relative to the working directory) with
 * PostgreSQL, where several servers set a shared one. */
static void
main_default_dir(struct config *cfg, const char *key, const char *name,
    const char *shared)
{
	char path[4096], *copy;
	const char *err;

	if (db_is_postgres(cfg->database) ||
	    (copy = strdup(cfg->database)) == NULL) {
		(void)config_set(cfg, key, shared, &err);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", dirname(copy), name);
	free(copy);
	(void)config_set(cfg, key, path, &err);
}

/*
 * Creates files_dir and its tmp/ for uploads in flight, and removes the
 * uploads a crash left behind there (older than a day, so that another
 * server sharing the directory keeps its own).  The returned path is
 * malloc'd.
 */
static char *
main_upload_dir(const struct config *cfg)
{
	const char *files_dir = cfg->files_dir;
	char *dir;
	DIR *d;
	struct dirent *e;
	struct stat st;
	time_t old = time(NULL) - 24 * 3600;

	if (mkdir(files_dir, 0750) == -1 && errno != EEXIST) {
		fprintf(stderr, "tukiverkko: cannot create %s: %s\n", files_dir,
		    strerror(errno));
		return NULL;
	}
	if (asprintf(&dir, "%s/tmp", files_dir) < 0)
		return NULL;
	if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
		fprintf(stderr, "tukiverkko: cannot create %s: %s\n", dir,
		    strerror(errno));
		free(dir);
		return NULL;
	}
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (strncmp(e->d_name, "upload-", 7) == 0 &&
			    fstatat(dirfd(d), e->d_name, &st, 0) == 0 &&
			    st.st_mtime < old)
				unlinkat(dirfd(d), e->d_name, 0);
		closedir(d);
	}
	return dir;
}

/* static_load() on a thread of its own (cmd_serve()). */
static int main_static_rc;

static void *
main_static_load(void *dir)
{
	main_static_rc = static_load(dir);
	return NULL;
}

/*
 * Until it listens, the start mostly waits: on PostgreSQL every statement
 * of the migrations' check, the keys and the jobs' first pass is a round
 * trip, and each connection a backend the server starts.  So what does
 * not need the database runs beside it (the static files, read and hashed
 * on a thread of their own; the first request's connection, opened ahead
 * by db_spares_open()), and the connection the start migrated with goes on
 * to the jobs thread instead of being closed and opened again.
 */
static int
cmd_serve(const struct config *cfg)
{
	struct server_config sc;
	struct db *db;
	char *upload_dir = NULL;
	pthread_t static_thread;
	sigset_t set, old;
	int rc;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	/* Every thread but this one is made with the stop signals blocked,
	 * server_run() takes them with sigwait(); this one keeps them until
	 * the migrations are done, so that a stop then ends the process. */
	pthread_sigmask(SIG_BLOCK, &set, &old);
	rc = pthread_create(&static_thread, NULL, main_static_load,
	    (void *)cfg->static_dir);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		fprintf(stderr, "tukiverkko: cannot create a thread\n");
		return 1;
	}
	if ((db = main_open_db(cfg)) == NULL)
		goto fail;
	if (registration_key_init(db) != 0) {
		fprintf(stderr, "tukiverkko: cannot make the key of registration "
		    "links\n");
		db_close(db);
		goto fail;
	}
	if (unsubscribe_key_init(db) != 0) {
		fprintf(stderr, "tukiverkko: cannot make the key of opt-out "
		    "links\n");
		db_close(db);
		goto fail;
	}
	db_configure(cfg->database);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (db_watch_start() != 0) {
		db_close(db);
		goto fail;
	}
	/* One, for the first request: the pool's other threads open theirs
	 * when they first serve.  Each is a backend PostgreSQL starts, on
	 * the cores the jobs' first pass needs: measured on the shared
	 * two-core box, four ahead made the pass slower by more than the
	 * first request gained. */
	db_spares_open(1);
	if (jobs_start(serve_jobs, sizeof(serve_jobs) / sizeof(serve_jobs[0]),
	    db) != 0)
		goto fail;
	pthread_join(static_thread, NULL);
	/* Its connection opened beside the jobs' first pass. */
	db_watch_wait();
	if (main_static_rc != 0 || (upload_dir = main_upload_dir(cfg)) ==
	    NULL) {
		mail_stop(3000);
		jobs_stop();
		db_watch_stop();
		db_spares_close();
		db_thread_close();
		static_unload();
		return 1;
	}
	memset(&sc, 0, sizeof(sc));
	sc.listen = cfg->listen;
	sc.threads = cfg->threads;
	sc.body_max = cfg->body_max;
	sc.upload_max = cfg->upload_max;
	sc.upload_dir = upload_dir;
	sc.timeout_s = cfg->timeout;
	sc.header_timeout_s = cfg->header_timeout;
	sc.body_timeout_s = cfg->body_timeout;
	sc.body_min_rate = cfg->body_min_rate;
	sc.render_budget_ms = cfg->render_budget_ms;
	/* Behind a proxy every connection comes from the proxy: the limit
	 * belongs there (nginx limit_conn). */
	sc.connections_per_address = cfg->behind_tls_proxy ? 0 :
	    cfg->connections_per_address;
	sc.header_max = 32 * 1024;
	sc.shutdown_grace_s = 10;
	sc.access_log = cfg->access_log;
	sc.behind_tls_proxy = cfg->behind_tls_proxy;
	/* Out of memory here only leaves the router trying every route. */
	(void)router_prepare(&app_router);
	sc.router = &app_router;
	sc.guard = app_guard;
	sc.preguard = app_preguard;
	rc = server_run(&sc);
	router_release(&app_router);
	hashq_stop();
	registration_stop();
	db_committer_stop_all();	/* the other group committers */
	free(upload_dir);
	/* The jobs run once more before they stop; a relay that does not
	 * answer must not hold up the shutdown (the queue keeps the mail). */
	mail_stop(3000);
	jobs_stop();
	directory_index_stop();
	db_watch_stop();
	db_spares_close();
	db_thread_close();
	static_unload();
	return rc == 0 ? 0 : 1;
 fail:
	db_watch_stop();
	db_spares_close();
	pthread_join(static_thread, NULL);
	static_unload();
	return 1;
}

static int
cmd_migrate(const struct config *cfg)
{
	struct db *db = main_open_db(cfg);

	if (db == NULL)
		return 1;
	printf("schema version %d\n", db_schema_version(db));
	db_close(db);
	return 0;
}

/* `demo [--service-points N]`: the demo, and N synthetic service points
 * across Finland for benchmarks (added also when the demo is there). */
static int
cmd_demo(const struct config *cfg, const char *service_points, long scale,
    long encounters)
{
	struct db *db;
	const char *err;
	char *end;
	long n = 0;
	int rc;

	if (service_points != NULL) {
		n = strtol(service_points, &end, 10);
		if (*end != '\0' || n < 1 || n > 10000000) {
			fprintf(stderr, "tukiverkko: demo: --service-points "
			    "takes a number from 1 to 10000000\n");
			return 2;
		}
	}
	if ((db = main_open_db(cfg)) == NULL)
		return 1;
	/* The scale generator loads the demo first when it is not there and
	 * says what it made. */
	rc = scale > 0 ? app_demo_scale(db, cfg->data_dir, scale, &err) :
	    app_demo_load(db, cfg->data_dir, &err);
	if (rc >= 0 && n > 0 && app_demo_service_points(db, (int)n, &err) != 0)
		rc = -1;
	if (rc >= 0 && encounters > 0 &&
	    app_demo_encounters(db, encounters, &err) != 0)
		rc = -1;
	if (rc >= 0 && db_analyse(db) != 0) {
		rc = -1;
		err = "updating the planner's statistics failed";
	}
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "tukiverkko: demo: %s\n", err);
		return 1;
	}
	if (scale == 0)
		printf(rc == 1 ? "demo data is already loaded\n" :
		    "demo data loaded\n");
	if (n > 0)
		printf("%ld service points added\n", n);
	if (encounters > 0)
		printf("%ld encounters added\n", encounters);
	return 0;
}

/* `demo accounts`: new passwords for the demo accounts, printed. */
static int
cmd_demo_accounts(const struct config *cfg)
{
	struct db *db = main_open_db(cfg);
	int rc;

	if (db == NULL)
		return 1;
	rc = app_demo_reset_accounts(db);
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "tukiverkko: demo accounts: the database refused "
		    "the change\n");
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "tukiverkko: demo accounts: no demo account in "
		    "this database (run demo first)\n");
		return 1;
	}
	return 0;
}

static int
cmd_import(const struct config *cfg, int argc, char **argv, const char *region)
{
	struct arena a;
	struct stat st;
	const char *err;
	struct db *db;
	char *data;
	ssize_t n;
	size_t off = 0;
	int fd, count;

	if (argc != 2 || strcmp(argv[0], "municipalities") != 0) {
		fprintf(stderr, "usage: tukiverkko import municipalities FILE.csv | "
		    "import ptv FILE...\n");
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		fprintf(stderr, "tukiverkko: cannot read %s: %s\n", argv[1],
		    strerror(errno));
		return 1;
	}
	if (st.st_size > 16 * 1024 * 1024) {
		fprintf(stderr, "tukiverkko: %s is larger than 16 MiB\n", argv[1]);
		close(fd);
		return 1;
	}
	arena_init(&a);
	data = arena_alloc(&a, (size_t)st.st_size + 1);
	while (off < (size_t)st.st_size &&
	    (n = read(fd, data + off, (size_t)st.st_size - off)) > 0)
		off += (size_t)n;
	close(fd);
	if ((db = main_open_db(cfg)) == NULL) {
		arena_cleanup(&a);
		return 1;
	}
	count = network_import_municipalities(db, &a, data, off, region, &err);
	db_close(db);
	if (count < 0) {
		fprintf(stderr, "%s: %s; nothing was imported\n", argv[1], err);
		arena_cleanup(&a);
		return 1;
	}
	printf("imported %d municipalities\n", count);
	arena_cleanup(&a);
	return 0;
}

/* `import ptv FILE...` (directory/directory.h). */
static int
cmd_import_ptv(const struct config *cfg, int argc, char **argv,
    const char *municipality, const char *region)
{
	struct db *db;
	int64_t region_id;
	int rc;

	if (argc < 1) {
		fprintf(stderr, "usage: tukiverkko import ptv FILE... "
		    "[--municipality CODE] [--region CODE]\n");
		return 2;
	}
	if ((db = main_open_db(cfg)) == NULL)
		return 1;
	if ((region_id = network_region_id(db, region)) <= 0) {
		fprintf(stderr, "tukiverkko: no region %s\n", region);
		db_close(db);
		return 1;
	}
	rc = directory_ptv_import(db, (const char *const *)argv,
	    (size_t)argc, municipality, region_id, stdout, stderr);
	db_close(db);
	return rc;
}

/* `export hsds DIR` (directory/directory.h). */
static int
cmd_export(const struct config *cfg, int argc, char **argv)
{
	struct db *db;
	int rc;

	if (argc != 2 || strcmp(argv[0], "hsds") != 0) {
		fprintf(stderr, "usage: tukiverkko export hsds DIR\n");
		return 2;
	}
	if ((db = main_open_db(cfg)) == NULL)
		return 1;
	rc = directory_hsds_export(db, argv[1], stdout, stderr);
	db_close(db);
	return rc;
}

/*
 * copy-db FROM TO.  Not through --db: both ends are named, and the source
 * is opened as it is (never migrated: copying must not change it).
 */
static int
cmd_copy_db(int argc, char **argv)
{
	struct db *from, *to;
	char *a, *b;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: tukiverkko copy-db FROM TO\n");
		return 2;
	}
	a = db_target_display(argv[0]);
	b = db_target_display(argv[1]);
	if (strcmp(argv[0], argv[1]) == 0) {
		fprintf(stderr, "tukiverkko: copy-db: FROM and TO are the "
		    "same database\n");
		rc = 2;
		goto out;
	}
	if (!db_is_postgres(argv[0]) && access(argv[0], R_OK) != 0) {
		fprintf(stderr, "tukiverkko: copy-db: no database file %s\n",
		    a);
		rc = 2;
		goto out;
	}
	main_make_db_dir(argv[1]);
	if ((from = db_open(argv[0])) == NULL) {
		fprintf(stderr, "tukiverkko: cannot open the database %s\n", a);
		rc = 1;
		goto out;
	}
	if ((to = db_open(argv[1])) == NULL) {
		fprintf(stderr, "tukiverkko: cannot open the database %s\n", b);
		db_close(from);
		rc = 1;
		goto out;
	}
	rc = db_copy(from, to, stdout) == 0 ? 0 : 1;
	db_close(from);
	db_close(to);
	if (rc == 0)
		printf("copied %s to %s; every table matches\n", a, b);
 out:
	free(a);
	free(b);
	return rc;
}

static int
cmd_backup(const struct config *cfg, int argc, char **argv)
{
	struct db *db;
	struct arena a;
	const char *files;
	int rc, n;

	if (argc != 1) {
		fprintf(stderr, "usage: tukiverkko backup DEST\n");
		return 2;
	}
	if (db_is_postgres(cfg->database)) {
		fprintf(stderr, "tukiverkko: back up a PostgreSQL database with "
		    "pg_dump and the files directory with rsync "
		    "(docs/deploy.md)\n");
		return 2;
	}
	if ((db = db_open(cfg->database)) == NULL) {
		fprintf(stderr, "tukiverkko: cannot open the database %s\n",
		    cfg->database);
		return 1;
	}
	arena_init(&a);
	rc = db_backup(db, argv[0]);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "tukiverkko: backup to %s failed\n", argv[0]);
		arena_cleanup(&a);
		return 1;
	}
	printf("backed up %s to %s\n", cfg->database, argv[0]);
	/* The files after the database: stored files are never changed or
	 * removed, so every file the copied database names is there. */
	files = arena_printf(&a, "%s.files", argv[0]);
	if ((n = mstore_backup(files)) < 0) {
		fprintf(stderr, "tukiverkko: copying the stored files to %s "
		    "failed\n", files);
		arena_cleanup(&a);
		return 1;
	}
	printf("copied %d new stored files to %s\n", n, files);
	arena_cleanup(&a);
	return 0;
}

/* retention: one run of the hourly job, now, with a report. */
static int
cmd_retention(const struct config *cfg)
{
	struct retention_counts c;
	struct db *db = main_open_db(cfg);
	int64_t requests = 0;
	int rc;

	if (db == NULL)
		return 1;
	rc = privacy_retention_run(db, time_now(), (int)cfg->retention_days, &c);
	if (rc == 0)
		rc = materials_retention_run(db, time_now(), cfg->retention_days,
		    &requests);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "tukiverkko: retention failed; nothing was "
		    "removed\n");
		return 1;
	}
	printf("retention: %u days\n"
	    "expired sessions deleted: %lld\n"
	    "used or expired links deleted: %lld\n"
	    "throttle entries deleted: %lld\n"
	    "old mail deleted: %lld\n"
	    "feedback contacts blanked: %lld\n"
	    "audit log addresses blanked: %lld\n"
	    "material requests blanked: %lld\n", cfg->retention_days,
	    (long long)c.sessions, (long long)c.links, (long long)c.throttles,
	    (long long)c.mail, (long long)c.feedback_contacts,
	    (long long)c.audit_addresses, (long long)requests);
	return 0;
}

/*
 * reminders: one run of the hourly reminder job, with a report.  --now
 * YYYY-MM-DD runs it as at noon of that day (Helsinki), to catch up or to
 * try it on demo data; what it sends is recorded as on any run.
 */
static int
cmd_reminders(const struct config *cfg, const char *day)
{
	struct reminder_counts c;
	struct db *db;
	int64_t now = time_now();
	char at[32];
	int rc;

	if (day != NULL && (strlen(day) != 10 || snprintf(at, sizeof(at),
	    "%s 12:00", day) < 0 || time_parse_local(at, &now) != 0)) {
		fprintf(stderr, "tukiverkko: --now: write the date as YYYY-MM-DD\n");
		return 2;
	}
	if ((db = main_open_db(cfg)) == NULL)
		return 1;
	rc = reminders_run(db, now, &c);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "tukiverkko: reminders failed; nothing was sent\n");
		return 1;
	}
	printf("reminders: due soon %d, overdue %d, weekly digests %d\n",
	    c.due_soon, c.overdue, c.digests);
	return 0;
}

/* user and token: commands that need the migrated database. */
static int
cmd_with_db(const struct config *cfg, const struct cli_opts *o, int argc,
    char **argv)
{
	struct db *db = main_open_db(cfg);
	int rc;

	if (db == NULL)
		return 1;
	if (strcmp(argv[0], "user") == 0)
		rc = cli_user(db, cfg->base_url, o, argc, argv);
	else
		rc = cli_token(db, o, argc, argv);
	db_close(db);
	return rc;
}

int
main(int argc, char **argv)
{
	struct config cfg;
	const char *config_file = NULL, *region = "uusimaa", *err, *key;
	const char *now_day = NULL, *service_points = NULL;
	char *end;
	long scale = 0, encounters = 0;
	struct { const char *key; const char *value; } settings[32];
	struct cli_opts cli;
	size_t nset = 0, i;
	int opt, rc;

	memset(&cli, 0, sizeof(cli));
	while ((opt = getopt_long(argc, argv, "c:d:l:hV", long_options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config_file = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			printf("tukiverkko %s\n", TUKIVERKKO_VERSION);
			return 0;
		case OPT_REGION:
			region = optarg;
			cli.region = optarg;
			break;
		case OPT_ROLE: cli.role = optarg; break;
		case OPT_NAME: cli.name = optarg; break;
		case OPT_MUNICIPALITY: cli.municipality = optarg; break;
		case OPT_SCOPE:
			if (cli.nscopes == CLI_MAX_SCOPES) {
				fprintf(stderr, "tukiverkko: too many --scope\n");
				return 2;
			}
			cli.scopes[cli.nscopes++] = optarg;
			break;
		case OPT_PASSWORD_STDIN: cli.password_stdin = true; break;
		case OPT_WRITE: cli.write = true; break;
		case OPT_NOW: now_day = optarg; break;
		case OPT_SERVICE_POINTS: service_points = optarg; break;
		case OPT_ENCOUNTERS:
			encounters = strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || encounters < 1 ||
			    encounters > 100000000) {
				fprintf(stderr, "tukiverkko: --encounters takes "
				    "a whole number from 1 to 100000000\n");
				return 2;
			}
			break;
		case OPT_SCALE:
			scale = strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || scale < 1) {
				fprintf(stderr, "tukiverkko: --scale takes a "
				    "whole number from 1\n");
				return 2;
			}
			break;
		case '?':
			fputs(usage_text, stderr);
			return 2;
		default:
			key = main_option_key(opt);
			if (key == NULL || nset == sizeof(settings) / sizeof(settings[0])) {
				fputs(usage_text, stderr);
				return 2;
			}
			settings[nset].key = key;
			settings[nset].value = optarg;
			nset++;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		fputs(usage_text, stderr);
		return 2;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "tukiverkko: libsodium failed to initialise\n");
		return 1;
	}
	time_init();
	config_defaults(&cfg);
	if ((config_file != NULL && config_load_file(&cfg, config_file) != 0) ||
	    config_load_env(&cfg) != 0) {
		config_free(&cfg);
		return 2;
	}
	for (i = 0; i < nset; i++)
		if (config_set(&cfg, settings[i].key, settings[i].value, &err) != 0) {
			fprintf(stderr, "tukiverkko: --%s: %s\n", settings[i].key, err);
			config_free(&cfg);
			return 2;
		}

	if (password_set_cost(cfg.password_cost) != 0) {
		config_free(&cfg);
		return 2;
	}
	/* Resolved once here, so that every reader sees the real path. */
	if (cfg.files_dir[0] == '\0')
		main_default_dir(&cfg, "files_dir", "files", "files");
	if (cfg.mail_spool[0] == '\0')
		main_default_dir(&cfg, "mail_spool", "mail", "var/mail");
	if (!cfg.base_url_set)
		main_base_url(&cfg);
	/* From here on cfg is not changed: modules read it through
	 * config_get(). */
	config_use(&cfg);
	url_use_router(&app_router);
	mail_configure();
	privacy_configure((int)cfg.retention_days);
	/* Auth may not include the programme: it learns of tutors'
	 * assignments through this. */
	session_scope_source(programme_assigned_municipalities);
	/* Nor may the materials: they name workspaces through this. */
	materials_workspace_source(programme_material_workspaces);

	if (strcmp(argv[0], "serve") == 0 && argc == 1)
		rc = cmd_serve(&cfg);
	else if (strcmp(argv[0], "migrate") == 0 && argc == 1)
		rc = cmd_migrate(&cfg);
	else if (strcmp(argv[0], "demo") == 0 && argc == 1)
		rc = cmd_demo(&cfg, service_points, scale, encounters);
	else if (strcmp(argv[0], "demo") == 0 && argc == 2 &&
	    strcmp(argv[1], "accounts") == 0)
		rc = cmd_demo_accounts(&cfg);
	else if (strcmp(argv[0], "import") == 0 && argc > 1 &&
	    strcmp(argv[1], "ptv") == 0)
		rc = cmd_import_ptv(&cfg, argc - 2, argv + 2, cli.municipality,
		    region);
	else if (strcmp(argv[0], "import") == 0)
		rc = cmd_import(&cfg, argc - 1, argv + 1, region);
	else if (strcmp(argv[0], "export") == 0)
		rc = cmd_export(&cfg, argc - 1, argv + 1);
	else if (strcmp(argv[0], "backup") == 0)
		rc = cmd_backup(&cfg, argc - 1, argv + 1);
	else if (strcmp(argv[0], "copy-db") == 0)
		rc = cmd_copy_db(argc - 1, argv + 1);
	else if (strcmp(argv[0], "routes") == 0 && argc == 1)
		rc = cli_routes();
	else if (strcmp(argv[0], "retention") == 0 && argc == 1)
		rc = cmd_retention(&cfg);
	else if (strcmp(argv[0], "reminders") == 0 && argc == 1)
		rc = cmd_reminders(&cfg, now_day);
	else if (strcmp(argv[0], "user") == 0 || strcmp(argv[0], "token") == 0)
		rc = cmd_with_db(&cfg, &cli, argc, argv);
	else {
		fprintf(stderr, "tukiverkko: unknown command '%s'\n\n", argv[0]);
		fputs(usage_text, stderr);
		rc = 2;
	}
	config_free(&cfg);
	return rc;
}

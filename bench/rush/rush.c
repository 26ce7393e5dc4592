/*
 * rush.c - the registration rush: N clients each load an event's
 * registration form (CSRF cookie and token, one-time submission id) and
 * send it, C at a time, through libcurl's multi interface on one thread;
 * then the SQLite file is checked: exactly `capacity` seats confirmed,
 * the rest on the waiting list in one unbroken sequence, no duplicates,
 * and every registration the server acknowledged (303) is there.
 *
 *   rush --url http://127.0.0.1:8080 --event 2 [--clients 5000]
 *        [--concurrency 256] [--field name=value]... [--acked FILE]
 *        [--kill-pid PID --kill-after K]
 *   rush --verify --db site.db --event 2 --capacity 300 --acked FILE
 *        [--url URL] [--clients N]
 *
 * Why C and libcurl rather than a node script: the client shares the two
 * cores with the server, and per request libcurl's parser costs a few
 * microseconds where node's http client costs tens, so more of the
 * machine is left to the server being measured.  One thread with the
 * multi interface keeps every connection busy with keep-alive.
 *
 * With --kill-pid the tool sends SIGKILL to the server once K
 * registrations have been acknowledged, and carries on: the requests in
 * flight fail, which is the point.  --acked lists the acknowledged links
 * (token per line) for the check after the restart.
 *
 * Build: cc -O2 -o rush rush.c -lcurl -lsqlite3 -lsodium
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>
#include <sqlite3.h>

#define MAX_FIELDS 16

static const char *opt_url = "http://127.0.0.1:8080";
static bool opt_url_given;
static const char *opt_lang = "fi";
static long opt_event = 2;
static long opt_clients = 5000;
static long opt_conc = 256;
static const char *opt_fields[MAX_FIELDS];
static int opt_nfields;
static const char *opt_acked;
static long opt_kill_pid;
static long opt_kill_after;
static const char *opt_db;
static long opt_capacity = 300;
static bool opt_verify;

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct text {
	char *p;
	size_t n, cap;
};

static void
text_add(struct text *t, const char *s, size_t n)
{
	if (t->n + n + 1 > t->cap) {
		t->cap = (t->n + n + 1) * 2;
		t->p = realloc(t->p, t->cap);
		if (t->p == NULL)
			abort();
	}
	memcpy(t->p + t->n, s, n);
	t->n += n;
	t->p[t->n] = '\0';
}

enum phase { GET_FORM, POST_FORM };

struct client {
	CURL *h;
	long idx;		/* which registrant */
	enum phase phase;
	struct text body;
	char cookie[128];	/* tv_csrf=... */
	char location[512];
	char *post;
	double t0;		/* when the POST was sent */
	struct curl_slist *hdrs;
};

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	text_add(arg, p, size * n);
	return size * n;
}

/* Keeps the CSRF cookie and the Location of the answer. */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct client *c = arg;
	size_t len = size * n, k;

	if (len > 12 && strncasecmp(p, "Set-Cookie: ", 12) == 0 &&
	    strncmp(p + 12, "tv_csrf=", 8) == 0) {
		for (k = 12; k < len && p[k] != ';' && p[k] != '\r'; k++)
			;
		snprintf(c->cookie, sizeof(c->cookie), "%.*s", (int)(k - 12),
		    p + 12);
	} else if (len > 10 && strncasecmp(p, "Location: ", 10) == 0) {
		for (k = 10; k < len && p[k] != '\r' && p[k] != '\n'; k++)
			;
		snprintf(c->location, sizeof(c->location), "%.*s",
		    (int)(k - 10), p + 10);
	}
	return len;
}

/* The value of <input ... name="NAME" value="..."> in html, copied. */
static bool
hidden(const char *html, const char *name, char *out, size_t cap)
{
	char pat[64];
	const char *s, *e;

	snprintf(pat, sizeof(pat), "name=\"%s\" value=\"", name);
	if ((s = strstr(html, pat)) == NULL)
		return false;
	s += strlen(pat);
	if ((e = strchr(s, '"')) == NULL || (size_t)(e - s) >= cap)
		return false;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return true;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static struct {
	long started, acked, refused, failed, get_failed;
	long status[600];
	double *lat;
	long nlat;
	double first, last_ack;
	FILE *ackf;
	bool killed;
} st;

static void
client_start(CURLM *m, struct client *c, long idx)
{
	char url[512];

	c->idx = idx;
	c->phase = GET_FORM;
	c->body.n = 0;
	c->cookie[0] = c->location[0] = '\0';
	snprintf(url, sizeof(url), "%s/%s/events/%ld/register", opt_url,
	    opt_lang, opt_event);
	curl_easy_reset(c->h);
	curl_easy_setopt(c->h, CURLOPT_URL, url);
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, &c->body);
	curl_easy_setopt(c->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c->h, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(c->h, CURLOPT_PRIVATE, c);
	curl_easy_setopt(c->h, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
	curl_multi_add_handle(m, c->h);
	st.started++;
}

/* The form is loaded: send it. */
static bool
client_post(CURLM *m, struct client *c)
{
	char csrf[128], sub[128], url[512], *e;
	struct text b = { 0 };
	int i;

	if (c->body.p == NULL || c->cookie[0] == '\0' ||
	    !hidden(c->body.p, "csrf", csrf, sizeof(csrf)) ||
	    !hidden(c->body.p, "submission", sub, sizeof(sub)))
		return false;
	text_add(&b, "csrf=", 5);
	text_add(&b, csrf, strlen(csrf));
	text_add(&b, "&submission=", 12);
	text_add(&b, sub, strlen(sub));
	{
		char f[256];

		snprintf(f, sizeof(f), "&name=Rush+%ld&email=rush-%ld%%40"
		    "example.org&organisation=Benchmark", c->idx, c->idx);
		text_add(&b, f, strlen(f));
	}
	for (i = 0; i < opt_nfields; i++) {
		const char *eq = strchr(opt_fields[i], '=');

		text_add(&b, "&", 1);
		e = curl_easy_escape(c->h, opt_fields[i],
		    (int)(eq - opt_fields[i]));
		text_add(&b, e, strlen(e));
		curl_free(e);
		text_add(&b, "=", 1);
		e = curl_easy_escape(c->h, eq + 1, 0);
		text_add(&b, e, strlen(e));
		curl_free(e);
	}
	free(c->post);
	c->post = b.p;
	c->phase = POST_FORM;
	c->body.n = 0;
	c->location[0] = '\0';
	snprintf(url, sizeof(url), "%s/%s/events/%ld/register", opt_url,
	    opt_lang, opt_event);
	curl_easy_setopt(c->h, CURLOPT_URL, url);
	curl_easy_setopt(c->h, CURLOPT_COOKIE, c->cookie);
	curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, c->post);
	curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE, (long)b.n);
	c->t0 = now_s();
	curl_multi_add_handle(m, c->h);
	return true;
}

static void
client_done(CURLM *m, struct client *c, CURLcode res)
{
	long code = 0;

	curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &code);
	curl_multi_remove_handle(m, c->h);
	if (c->phase == GET_FORM) {
		if (res == CURLE_OK && code == 200 && client_post(m, c))
			return;
		st.get_failed++;
		c->idx = -1;
		return;
	}
	if (res != CURLE_OK) {
		st.failed++;
	} else {
		st.status[code >= 0 && code < 600 ? code : 0]++;
		if (code == 303 && c->location[0]) {
			const char *tok = strrchr(c->location, '/');

			st.acked++;
			st.last_ack = now_s();
			st.lat[st.nlat++] = st.last_ack - c->t0;
			if (st.acked && st.acked == opt_kill_after &&
			    opt_kill_pid > 0 && !st.killed) {
				kill((pid_t)opt_kill_pid, SIGKILL);
				st.killed = true;
				fprintf(stderr, "rush: SIGKILL to %ld after %ld "
				    "acknowledged\n", opt_kill_pid, st.acked);
			}
			/* Written (and flushed) before anything else: an
			 * acknowledgement is a promise the check holds the
			 * server to. */
			if (st.acked && tok != NULL) {
				fprintf(st.ackf, "%s\n", tok + 1);
				fflush(st.ackf);
			}
		} else
			st.refused++;
	}
	c->idx = -1;
}

static int
run_rush(void)
{
	struct client *cs;
	CURLM *m;
	long next = 0, i, active;
	int still;
	double t_end, secs;

	st.lat = calloc((size_t)opt_clients, sizeof(double));
	st.ackf = fopen(opt_acked ? opt_acked : "/dev/null", "w");
	if (st.lat == NULL || st.ackf == NULL) {
		perror("rush");
		return 2;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	m = curl_multi_init();
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, opt_conc);
	cs = calloc((size_t)opt_conc, sizeof(*cs));
	for (i = 0; i < opt_conc; i++) {
		cs[i].h = curl_easy_init();
		cs[i].idx = -1;
	}
	st.first = now_s();
	for (i = 0; i < opt_conc && next < opt_clients; i++)
		client_start(m, &cs[i], next++);
	do {
		CURLMsg *msg;
		int left;

		curl_multi_perform(m, &still);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			struct client *c;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&c);
			client_done(m, c, msg->data.result);
			if (c->idx < 0 && next < opt_clients)
				client_start(m, c, next++);
		}
		active = 0;
		for (i = 0; i < opt_conc; i++)
			if (cs[i].idx >= 0)
				active++;
		if (active == 0)
			break;
		curl_multi_poll(m, NULL, 0, 100, NULL);
	} while (1);
	t_end = st.last_ack > 0 ? st.last_ack : now_s();
	secs = t_end - st.first;
	qsort(st.lat, (size_t)st.nlat, sizeof(double), cmp_double);
	printf("clients %ld, concurrency %ld\n", opt_clients, opt_conc);
	printf("acknowledged (303) %ld, refused %ld, failed %ld, form load "
	    "failed %ld\n", st.acked, st.refused, st.failed, st.get_failed);
	for (i = 0; i < 600; i++)
		if (st.status[i] && i != 303)
			printf("  status %ld: %ld\n", i, st.status[i]);
	if (st.nlat > 0) {
		printf("registrations/s %.0f (%ld in %.2f s, form load and "
		    "POST per client)\n", st.acked / secs, st.acked, secs);
		printf("POST latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
		    st.lat[st.nlat / 2] * 1e3,
		    st.lat[(size_t)(st.nlat * 0.99)] * 1e3,
		    st.lat[st.nlat - 1] * 1e3);
	}
	fclose(st.ackf);
	for (i = 0; i < opt_conc; i++)
		curl_easy_cleanup(cs[i].h);
	curl_multi_cleanup(m);
	return 0;
}

/* --- the check --- */

static sqlite3_int64
one(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	sqlite3_int64 v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "rush: %s: %s\n", sql, sqlite3_errmsg(db));
		exit(2);
	}
	sqlite3_bind_int64(s, 1, opt_event);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int failures;

static void
check(bool ok, const char *what, long long got, long long want)
{
	printf("%s %s: %lld (want %lld)\n", ok ? "ok  " : "FAIL", what, got,
	    want);
	if (!ok)
		failures++;
}

static int
run_verify(void)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	FILE *f;
	char line[256], hex[65];
	unsigned char h[32];
	long acked = 0, present = 0, pages_ok = 0, pages = 0;
	sqlite3_int64 total, confirmed, seats, waiting, other, distinct_sub;
	sqlite3_int64 distinct_email, wseq, wmin, wmax, mails;
	CURL *c = NULL;

	if (sqlite3_open_v2(opt_db, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "rush: cannot open %s\n", opt_db);
		return 2;
	}
	sqlite3_busy_timeout(db, 10000);
	total = one(db, "SELECT COUNT(*) FROM registration WHERE event_id = ?1");
	confirmed = one(db, "SELECT COUNT(*) FROM registration WHERE "
	    "event_id = ?1 AND status = 'confirmed'");
	seats = one(db, "SELECT COALESCE(SUM(group_size), 0) FROM registration "
	    "WHERE event_id = ?1 AND status IN ('confirmed', 'offered')");
	waiting = one(db, "SELECT COUNT(*) FROM registration WHERE "
	    "event_id = ?1 AND status = 'waiting'");
	other = total - confirmed - waiting;
	distinct_sub = one(db, "SELECT COUNT(DISTINCT submission) FROM "
	    "registration WHERE event_id = ?1");
	distinct_email = one(db, "SELECT COUNT(DISTINCT email) FROM "
	    "registration WHERE event_id = ?1");
	wseq = one(db, "SELECT COUNT(DISTINCT waiting_seq) FROM registration "
	    "WHERE event_id = ?1 AND status = 'waiting'");
	wmin = one(db, "SELECT COALESCE(MIN(waiting_seq), 0) FROM "
	    "registration WHERE event_id = ?1 AND status = 'waiting'");
	wmax = one(db, "SELECT COALESCE(MAX(waiting_seq), 0) FROM "
	    "registration WHERE event_id = ?1 AND status = 'waiting'");
	mails = one(db, "SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key IN "
	    "(SELECT 'reg:' || id || ':confirmed' FROM registration WHERE "
	    "event_id = ?1 UNION ALL SELECT 'reg:' || id || ':waiting' FROM "
	    "registration WHERE event_id = ?1)");

	printf("registrations %lld: confirmed %lld, waiting %lld, other %lld\n",
	    (long long)total, (long long)confirmed, (long long)waiting,
	    (long long)other);
	check(seats == (total < opt_capacity ? total : opt_capacity),
	    "seats taken (never oversold, none left unused while people "
	    "wait)", seats, total < opt_capacity ? total : opt_capacity);
	check(other == 0, "registrations neither confirmed nor waiting",
	    other, 0);
	check(distinct_sub == total, "distinct submissions (no duplicates)",
	    distinct_sub, total);
	check(distinct_email == total, "distinct registrants (no duplicates)",
	    distinct_email, total);
	check(wseq == waiting && (waiting == 0 || (wmin == 1 &&
	    wmax == waiting)), "waiting list places 1..N without gaps", wseq,
	    waiting);
	check(mails == total, "one message per registration", mails, total);

	if (opt_acked != NULL && (f = fopen(opt_acked, "r")) != NULL) {
		if (sqlite3_prepare_v2(db, "SELECT 1 FROM registration WHERE "
		    "token_hash = ?1", -1, &s, NULL) != SQLITE_OK)
			return 2;
		if (opt_url_given) {
			curl_global_init(CURL_GLOBAL_DEFAULT);
			c = curl_easy_init();
		}
		while (fgets(line, sizeof(line), f) != NULL) {
			size_t n = strcspn(line, "\r\n");

			line[n] = '\0';
			if (n == 0)
				continue;
			acked++;
			crypto_hash_sha256(h, (unsigned char *)line, n);
			sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
			sqlite3_reset(s);
			sqlite3_bind_text(s, 1, hex, 64, SQLITE_STATIC);
			if (sqlite3_step(s) == SQLITE_ROW)
				present++;
			/* Every 50th link also through the restarted server. */
			if (c != NULL && acked % 50 == 1) {
				char url[512];
				long code = 0;

				snprintf(url, sizeof(url),
				    "%s/%s/registrations/%s", opt_url,
				    opt_lang, line);
				curl_easy_setopt(c, CURLOPT_URL, url);
				curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
				pages++;
				if (curl_easy_perform(c) == CURLE_OK &&
				    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE,
				    &code) == CURLE_OK && code == 200)
					pages_ok++;
			}
		}
		fclose(f);
		sqlite3_finalize(s);
		check(present == acked, "acknowledged registrations present "
		    "(none lost)", present, acked);
		check(total >= acked, "registrations at least the acknowledged",
		    total, acked);
		if (pages > 0)
			check(pages_ok == pages, "sampled registration pages "
			    "answer 200 after the restart", pages_ok, pages);
		printf("committed but not acknowledged (the answer was lost "
		    "with the server): %lld\n", (long long)(total - acked));
	}
	if (c != NULL)
		curl_easy_cleanup(c);
	sqlite3_close(db);
	printf(failures ? "CHECK FAILED\n" : "CHECK PASSED\n");
	return failures ? 1 : 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: rush --url URL --event ID [--clients N] "
	    "[--concurrency C] [--field k=v]... [--acked FILE]\n"
	    "            [--kill-pid PID --kill-after K] [--lang fi]\n"
	    "       rush --verify --db FILE --event ID --capacity N "
	    "[--acked FILE] [--url URL]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--verify") == 0) {
			opt_verify = true;
			continue;
		}
		if (v == NULL)
			usage();
		i++;
		if (strcmp(a, "--url") == 0) {
			opt_url = v;
			opt_url_given = true;
		}
		else if (strcmp(a, "--event") == 0)
			opt_event = atol(v);
		else if (strcmp(a, "--clients") == 0)
			opt_clients = atol(v);
		else if (strcmp(a, "--concurrency") == 0)
			opt_conc = atol(v);
		else if (strcmp(a, "--field") == 0 && opt_nfields < MAX_FIELDS &&
		    strchr(v, '=') != NULL)
			opt_fields[opt_nfields++] = v;
		else if (strcmp(a, "--acked") == 0)
			opt_acked = v;
		else if (strcmp(a, "--kill-pid") == 0)
			opt_kill_pid = atol(v);
		else if (strcmp(a, "--kill-after") == 0)
			opt_kill_after = atol(v);
		else if (strcmp(a, "--db") == 0)
			opt_db = v;
		else if (strcmp(a, "--capacity") == 0)
			opt_capacity = atol(v);
		else if (strcmp(a, "--lang") == 0)
			opt_lang = v;
		else
			usage();
	}
	if (sodium_init() < 0)
		return 2;
	if (opt_verify)
		return opt_db ? run_verify() : (usage(), 2);
	if (opt_clients < 1 || opt_conc < 1)
		usage();
	if (opt_conc > opt_clients)
		opt_conc = opt_clients;
	return run_rush();
}

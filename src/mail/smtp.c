/*
 * smtp.c - handing messages to an SMTP relay with libcurl.
 */
#include <curl/curl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "mail/mime.h"
#include "mail/smtp.h"

/* A relay that accepts the connection and then says nothing must not hold
 * the job thread (shared with retention and reminders) for long. */
#define SMTP_CONNECT_TIMEOUT_S 10L
#define SMTP_TIMEOUT_S 30L

static _Atomic int64_t smtp_deadline_ns;	/* 0: none */

void
smtp_deadline(int64_t deadline_ns)
{
	atomic_store(&smtp_deadline_ns, deadline_ns);
}

bool
smtp_past_deadline(void)
{
	int64_t d = atomic_load(&smtp_deadline_ns);

	return d != 0 && time_mono_ns() > d;
}

/* libcurl calls this about once a second even while waiting for a reply,
 * so a relay that stops answering cannot hold up a shutdown. */
static int
smtp_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	(void)arg;
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return smtp_past_deadline() ? 1 : 0;
}

struct smtp_session {
	CURL *curl;
	char from[300];
};

struct smtp_reader {
	const char *p;
	size_t left;
};

static size_t
smtp_read(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct smtp_reader *r = arg;
	size_t n = size * nmemb;

	if (n > r->left)
		n = r->left;
	memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

struct smtp_session *
smtp_open(const char *url, const char *user, const char *password,
    const char *from)
{
	struct smtp_session *s = calloc(1, sizeof(*s));
	char addr[256];

	if (s == NULL)
		return NULL;
	if (smtp_past_deadline() || (s->curl = curl_easy_init()) == NULL) {
		free(s);
		return NULL;
	}
	if (mime_addr_spec(from, addr, sizeof(addr)) != 0)
		addr[0] = '\0';
	snprintf(s->from, sizeof(s->from), "<%s>", addr);
	curl_easy_setopt(s->curl, CURLOPT_URL, url);
	curl_easy_setopt(s->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	/* smtps:// is TLS from the start; on smtp:// STARTTLS is used when
	 * the relay offers it (a relay on localhost often does not). */
	curl_easy_setopt(s->curl, CURLOPT_USE_SSL,
	    strncmp(url, "smtps://", 8) == 0 ? (long)CURLUSESSL_ALL :
	    (long)CURLUSESSL_TRY);
	if (user != NULL && user[0] != '\0') {
		curl_easy_setopt(s->curl, CURLOPT_USERNAME, user);
		curl_easy_setopt(s->curl, CURLOPT_PASSWORD,
		    password != NULL ? password : "");
	}
	curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, s->from);
	curl_easy_setopt(s->curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(s->curl, CURLOPT_READFUNCTION, smtp_read);
	/* No signals from libcurl in a threaded server (its resolver would
	 * otherwise use SIGALRM for timeouts). */
	curl_easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT, SMTP_CONNECT_TIMEOUT_S);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT, SMTP_TIMEOUT_S);
	curl_easy_setopt(s->curl, CURLOPT_XFERINFOFUNCTION, smtp_progress);
	curl_easy_setopt(s->curl, CURLOPT_NOPROGRESS, 0L);
	return s;
}

enum smtp_rc
smtp_send(struct smtp_session *s, const char *to, const char *msg,
    size_t len, char *err, size_t errlen)
{
	struct smtp_reader r = { msg, len };
	struct curl_slist *rcpt;
	char addr[300];
	long code = 0;
	CURLcode rc;

	snprintf(addr, sizeof(addr), "<%s>", to);
	if ((rcpt = curl_slist_append(NULL, addr)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return SMTP_DOWN;
	}
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(s->curl, CURLOPT_READDATA, &r);
	curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	rc = curl_easy_perform(s->curl);
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);
	if (rc == CURLE_OK)
		return SMTP_OK;
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		snprintf(err, errlen, "stopped at shutdown");
		return SMTP_ABORTED;
	}
	snprintf(err, errlen, "SMTP %ld: %s", code, curl_easy_strerror(rc));
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_LOGIN_DENIED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_USE_SSL_FAILED:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_GOT_NOTHING:
		return SMTP_DOWN;
	default:
		/* The relay answered this message with an error code: the
		 * next message may still go.  No code at all: the connection
		 * broke, and the next would fail the same way. */
		return code >= 400 ? SMTP_REFUSED : SMTP_DOWN;
	}
}

void
smtp_close(struct smtp_session *s)
{
	curl_easy_cleanup(s->curl);
	free(s);
}

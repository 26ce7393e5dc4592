/*
 * smtp.h - handing messages to an SMTP relay with libcurl.
 *
 * One session is one curl easy handle; libcurl keeps its connection open
 * between messages, so a batch costs one connection (and one TLS
 * handshake) rather than one per message.
 */
#ifndef TV_MAIL_SMTP_H
#define TV_MAIL_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum smtp_rc {
	SMTP_OK = 0,		/* the relay accepted the message (250) */
	SMTP_REFUSED = 1,	/* the relay answered but refused this message */
	SMTP_DOWN = 2,		/* no relay to talk to: connect, TLS, login, timeout */
	SMTP_ABORTED = 3,	/* past the deadline of smtp_deadline() */
};

/* From now on, transfers still running at the monotonic time deadline_ns
 * (time_mono_ns()) are abandoned, and smtp_open() refuses to start after
 * it.  For a quick shutdown; callable from any thread. */
void smtp_deadline(int64_t deadline_ns);

/* Is the deadline set and past? */
bool smtp_past_deadline(void);

struct smtp_session;

/* url smtp://host[:port] (STARTTLS when offered) or smtps:// (TLS
 * required); user and password NULL or "" for no AUTH.  NULL on OOM or
 * past the deadline. */
struct smtp_session *smtp_open(const char *url, const char *user,
    const char *password, const char *from);

/* Sends one rendered message (CRLF lines) to one recipient.  err receives
 * a reason without personal data (curl's error text and the SMTP code,
 * not the server's reply, which may quote the address). */
enum smtp_rc smtp_send(struct smtp_session *s, const char *to,
    const char *msg, size_t len, char *err, size_t errlen);

void smtp_close(struct smtp_session *s);

#endif

/*
 * mime.h - building RFC 5322 / MIME messages.
 *
 * Everything produced is 7-bit ASCII with CRLF line ends and lines of at
 * most 76 characters in bodies: the text part is UTF-8 quoted-printable,
 * attachments base64, non-ASCII header text RFC 2047 encoded-words.  So a
 * message passes any relay unchanged, with or without 8BITMIME.
 */
#ifndef TV_MAIL_MIME_H
#define TV_MAIL_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "mail/mail.h"

/* May s go into a header?  No CR, LF or other control characters (tab is
 * allowed); NULL is not. */
bool mime_header_ok(const char *s);

/* Is s a single bare address (local@domain, no spaces, brackets, commas
 * or control characters) fit for To and RCPT TO? */
bool mime_address_ok(const char *s);

/* base64 of n bytes in lines of 76 characters, each ending in CRLF. */
void mime_base64(struct buf *b, const void *p, size_t n);

/* Quoted-printable of UTF-8 text; LF or CRLF become CRLF line breaks,
 * lines are at most 76 characters, and the output ends with CRLF. */
void mime_qp(struct buf *b, const char *text);

/* "Name: value\r\n", value as RFC 2047 base64 encoded-words (split at
 * character boundaries, folded) when it is not plain printable ASCII. */
void mime_header(struct buf *b, const char *name, const char *value);

/* The address part of "Name <addr>" (or the whole trimmed string) into
 * out; -1 when it does not fit. */
int mime_addr_spec(const char *from, char *out, size_t outlen);

/* An RFC 5322 date: "Wed, 25 Nov 2026 03:01:52 +0000". */
void mime_date(char out[40], int64_t t);

/*
 * The whole message: From, To, Subject (always encoded-words), Date,
 * Message-ID (<msgid>, without the brackets), Auto-Submitted:
 * auto-generated, Content-Language (m->lang), List-Unsubscribe and
 * List-Unsubscribe-Post (m->unsubscribe, m->one_click), MIME headers and
 * body; multipart/mixed when there are attachments.  -1 (nothing useful in
 * b) when a header value is refused: a line break or other control
 * character in any of them, an address that is not one bare address, a
 * language that is not a tag, an unsubscribe URL that is not http(s) or
 * has spaces or brackets, one_click without a URL.
 */
int mime_render(struct buf *b, const char *from, const struct mail_msg *m,
    const char *msgid, int64_t date);

#endif

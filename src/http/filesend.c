/*
 * filesend.c - a file as the response (see filesend.h).
 *
 * The bytes of the plan go out with response_file(): the server sends
 * them from the file as the client reads, so a large file never sits in
 * memory.  For HEAD, MHD sends the length as Content-Length and no body.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "http/filesend.h"
#include "http/response.h"

/* Skips optional white space. */
static const char *
ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Reads a decimal number of at most 19 digits.  The end, or NULL. */
static const char *
number(const char *s, uint64_t *out)
{
	int n = 0;

	*out = 0;
	while (*s >= '0' && *s <= '9') {
		if (++n > 19)
			return NULL;
		*out = *out * 10 + (uint64_t)(*s - '0');
		s++;
	}
	return n ? s : NULL;
}

int
filesend_parse_range(const char *v, uint64_t size, uint64_t *start,
    uint64_t *len)
{
	uint64_t a, b;
	const char *s;

	if (v == NULL)
		return 0;
	v = ows(v);
	if (strncmp(v, "bytes=", 6) != 0)
		return 0;
	s = ows(v + 6);
	if (strchr(s, ',') != NULL)
		return 0;		/* several ranges: the whole file */
	if (*s == '-') {
		if ((s = number(s + 1, &b)) == NULL || *ows(s) != '\0')
			return 0;
		if (b == 0 || size == 0)
			return -1;
		if (b > size)
			b = size;
		*start = size - b;
		*len = b;
		return 1;
	}
	if ((s = number(s, &a)) == NULL || *s != '-')
		return 0;
	s++;
	if (*ows(s) == '\0')
		b = UINT64_MAX;
	else if ((s = number(s, &b)) == NULL || *ows(s) != '\0' || b < a)
		return 0;
	if (a >= size)
		return -1;
	if (b >= size)
		b = size - 1;
	*start = a;
	*len = b - a + 1;
	return 1;
}

/* Does a If-None-Match list name our tag (weak comparison)? */
static bool
etag_listed(const char *list, const char *tag)
{
	const char *s = list;
	size_t n = strlen(tag);

	if (strcmp(ows(list), "*") == 0)
		return true;
	while ((s = strchr(s, '"')) != NULL) {
		const char *e = strchr(s + 1, '"');

		if (e == NULL)
			return false;
		if ((size_t)(e - s - 1) == n && memcmp(s + 1, tag, n) == 0)
			return true;
		s = e + 1;
	}
	return false;
}

void
filesend_plan(struct request *r, const struct filesend *f,
    struct filesend_plan *p)
{
	const char *inm = request_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
	const char *range = request_header(r, MHD_HTTP_HEADER_RANGE);
	const char *ifr = request_header(r, MHD_HTTP_HEADER_IF_RANGE);
	int rc;

	p->status = 200;
	p->start = 0;
	p->length = f->size;
	if (inm != NULL && f->etag != NULL && etag_listed(inm, f->etag)) {
		p->status = 304;
		p->length = 0;
		return;
	}
	if (range == NULL || (r->method != HTTP_GET && r->method != HTTP_HEAD))
		return;
	if (ifr != NULL) {
		const char *t = ows(ifr);
		size_t n = f->etag ? strlen(f->etag) : 0;

		/* Only a strong tag equal to ours keeps the Range. */
		if (f->etag == NULL || t[0] != '"' || strncmp(t + 1, f->etag, n) != 0 ||
		    t[n + 1] != '"' || *ows(t + n + 2) != '\0')
			return;
	}
	rc = filesend_parse_range(range, f->size, &p->start, &p->length);
	if (rc == 1)
		p->status = 206;
	else if (rc < 0) {
		p->status = 416;
		p->start = 0;
		p->length = 0;
	}
}

const char *
filesend_disposition(struct arena *a, const char *name, bool as_inline)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	const unsigned char *s;
	const char *out;

	buf_init(&b);
	buf_puts(&b, as_inline ? "inline" : "attachment");
	if (name == NULL || name[0] == '\0') {
		out = arena_strdup(a, buf_cstr(&b));
		buf_cleanup(&b);
		return out;
	}
	/* The quoted fallback: ASCII letters, digits and a few marks; any
	 * other byte becomes "_" (old clients read only this one). */
	buf_puts(&b, "; filename=\"");
	for (s = (const unsigned char *)name; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr(" .-_()+,", *s) != NULL)
			buf_putc(&b, (char)*s);
		else if (*s < 0x80 || (*s & 0xc0) != 0x80)
			buf_putc(&b, '_');	/* one per character */
	}
	/* RFC 8187: attr-char is ALPHA / DIGIT / "!#$&+-.^_`|~". */
	buf_puts(&b, "\"; filename*=UTF-8''");
	for (s = (const unsigned char *)name; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("!#$&+-.^_`|~", *s) != NULL)
			buf_putc(&b, (char)*s);
		else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*s >> 4]);
			buf_putc(&b, hex[*s & 15]);
		}
	}
	out = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

int
filesend_send(struct request *r, const struct filesend *f,
    const struct filesend_plan *p)
{
	struct arena *a = &r->arena;

	if (p->status == 304) {
		response_begin(r, 304, NULL);
		r->resp.full_len = f->size;
	} else if (p->status == 416) {
		response_begin(r, 416, "text/plain; charset=utf-8");
		response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE,
		    arena_printf(a, "bytes */%llu", (unsigned long long)f->size));
		buf_puts(&r->resp.body, "Range Not Satisfiable\n");
		return 0;
	} else {
		response_begin(r, p->status, f->content_type);
		response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION,
		    filesend_disposition(a, f->filename, f->as_inline));
	}
	response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    f->cache_control ? f->cache_control : "private, no-cache");
	if (f->etag != NULL)
		response_header(r, MHD_HTTP_HEADER_ETAG,
		    arena_printf(a, "\"%s\"", f->etag));
	if (p->status == 304)
		return 0;
	if (p->status == 206)
		response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE,
		    arena_printf(a, "bytes %llu-%llu/%llu",
		    (unsigned long long)p->start,
		    (unsigned long long)(p->start + p->length - 1),
		    (unsigned long long)f->size));
	if (p->length == 0)
		return 0;
	if (response_file(r, f->fd, p->start, p->length) != 0) {
		response_unavailable(r);
		return -1;
	}
	return 0;
}

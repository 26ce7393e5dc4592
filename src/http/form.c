/*
 * form.c - collecting and parsing request bodies.
 */
#include <string.h>

#include "base/utf8.h"
#include "http/form.h"
#include "http/response.h"
#include "http/router.h"

#define FORM_FIELD_MAX (64 * 1024)	/* one multipart text field */
#define FORM_FIELDS_MAX 256

/* Records the first error; later ones would only obscure it. */
static int
form_fail(struct form_stream *fs, int status, const char *msgid)
{
	if (fs->status == 0) {
		fs->status = status;
		fs->msgid = msgid;
	}
	return -1;
}

static int
form_part_begin(void *ctx, const char *name, const char *filename,
    const char *content_type)
{
	struct form_stream *fs = ctx;

	(void)content_type;
	if (filename != NULL)
		return form_fail(fs, 415, N_("This form does not accept files."));
	if (fs->r->form.n >= FORM_FIELDS_MAX)
		return form_fail(fs, 400, parse_err_msgid(PARSE_TOO_MANY));
	fs->field_name = arena_strdup(&fs->r->arena, name);
	fs->field.len = 0;
	return 0;
}

static int
form_part_data(void *ctx, const char *p, size_t n)
{
	struct form_stream *fs = ctx;

	if (n > FORM_FIELD_MAX - fs->field.len)
		return form_fail(fs, 413, N_("The form or file you sent is too large."));
	buf_append(&fs->field, p, n);
	return 0;
}

static int
form_part_end(void *ctx)
{
	struct form_stream *fs = ctx;
	struct kv *kv;

	if (!text_valid(fs->field.data ? fs->field.data : "", fs->field.len))
		return form_fail(fs, 400, parse_err_msgid(PARSE_BAD_UTF8));
	if (fs->r->form.items == NULL)
		fs->r->form.items = arena_calloc(&fs->r->arena, FORM_FIELDS_MAX,
		    sizeof(struct kv));
	kv = &fs->r->form.items[fs->r->form.n++];
	kv->name = fs->field_name;
	kv->value = arena_strndup(&fs->r->arena,
	    fs->field.data ? fs->field.data : "", fs->field.len);
	kv->value_len = fs->field.len;
	return 0;
}

static const struct multipart_cb form_multipart_cb = {
	.part_begin = form_part_begin,
	.part_data = form_part_data,
	.part_end = form_part_end,
};

void
form_stream_init(struct form_stream *fs, struct request *r, size_t max)
{
	const char *ct = request_header(r, "Content-Type");
	struct str boundary;

	memset(fs, 0, sizeof(*fs));
	fs->r = r;
	fs->max = max;
	buf_init(&fs->field);
	if (ct == NULL) {
		fs->kind = FORM_NONE;
	} else if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 &&
	    (ct[33] == '\0' || ct[33] == ';' || ct[33] == ' ')) {
		fs->kind = FORM_URLENCODED;
	} else if (strncasecmp(ct, "multipart/form-data", 19) == 0) {
		fs->kind = FORM_MULTIPART;
		if (multipart_boundary(ct, &boundary) != 0) {
			form_fail(fs, 400, parse_err_msgid(PARSE_SYNTAX));
			return;
		}
		multipart_init(&fs->mp, &r->arena, boundary, &form_multipart_cb, fs);
	} else
		fs->kind = FORM_OTHER;
}

/*
 * Bodies sent to routes that take none are counted against the cap and
 * dropped.  A body over the cap is read on and thrown away, up to
 * FORM_DRAIN_MAX, so that the 413 page reaches the browser: closing a
 * socket with unread data makes the kernel send a reset, and the visitor
 * would see a broken connection instead of the explanation.
 */
int
form_feed(struct form_stream *fs, struct request *r, const char *p, size_t n)
{
	(void)r;
	if (n > FORM_DRAIN_MAX - fs->got)
		return -1;
	fs->got += n;
	if (fs->got > fs->max) {
		/* Over the cap trumps any earlier error. */
		fs->status = 413;
		fs->msgid = N_("The form or file you sent is too large.");
		return 0;
	}
	if (fs->status != 0)
		return 0;
	switch (fs->kind) {
	case FORM_URLENCODED:
		if (r->body_len + n > r->body_cap) {
			size_t cap = r->body_cap ? r->body_cap * 2 : 4096;
			char *nb;

			while (cap < r->body_len + n)
				cap *= 2;
			if (cap > fs->max)
				cap = fs->max;
			nb = arena_alloc(&r->arena, cap);
			if (r->body_len > 0)
				memcpy(nb, r->body, r->body_len);
			r->body = nb;
			r->body_cap = cap;
		}
		memcpy(r->body + r->body_len, p, n);
		r->body_len += n;
		break;
	case FORM_MULTIPART: {
		enum parse_err err = multipart_feed(&fs->mp, p, n);

		if (err != PARSE_OK)
			form_fail(fs, 400, parse_err_msgid(err));
		break;
	}
	case FORM_NONE:
	case FORM_OTHER:
		break;
	}
	return 0;
}

bool
form_too_large(const struct form_stream *fs)
{
	return fs->status == 413;
}

int
form_finish(struct form_stream *fs, struct request *r)
{
	enum parse_err err;

	if (fs->status == 0) {
		switch (fs->kind) {
		case FORM_URLENCODED:
			err = form_parse(&r->arena, r->body ? r->body : "",
			    r->body_len, &r->form);
			if (err != PARSE_OK)
				form_fail(fs, 400, parse_err_msgid(err));
			break;
		case FORM_MULTIPART:
			err = multipart_finish(&fs->mp);
			if (err != PARSE_OK)
				form_fail(fs, 400, parse_err_msgid(err));
			break;
		case FORM_NONE:
			if (fs->got > 0)
				form_fail(fs, 415, N_("The form was sent in a format we do not understand."));
			break;
		case FORM_OTHER:
			form_fail(fs, 415, N_("The form was sent in a format we do not understand."));
			break;
		}
	}
	if (fs->status != 0) {
		response_error(r, fs->status, fs->msgid);
		return -1;
	}
	return 0;
}

void
form_stream_cleanup(struct form_stream *fs)
{
	buf_cleanup(&fs->field);
}

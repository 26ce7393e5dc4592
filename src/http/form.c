/*
 * form.c - collecting and parsing request bodies.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#include "base/log.h"
#include "base/settings.h"
#include "base/utf8.h"
#include "http/form.h"
#include "http/response.h"
#include "http/router.h"
#include "http/upload.h"

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

/* Bytes of form bodies held in memory now, by every request together. */
static _Atomic size_t form_held;

/* Takes n bytes from the budget for fs; false (nothing taken) when the
 * budget is spent. */
static bool
form_hold(struct form_stream *fs, size_t n)
{
	size_t budget = config_get()->body_max * FORM_BUDGET_BODIES;
	size_t now = atomic_load(&form_held);

	do {
		if (now + n > budget)
			return false;
	} while (!atomic_compare_exchange_weak(&form_held, &now, now + n));
	fs->held += n;
	return true;
}

/* A file part: to a temporary file on upload routes, refused elsewhere. */
static int
form_file_begin(struct form_stream *fs, const char *name, const char *filename,
    const char *content_type)
{
	struct request *r = fs->r;

	if (fs->upload_dir == NULL)
		return form_fail(fs, 415, N_("This form does not accept files."));
	/* A file input with no file chosen still sends a part, with an empty
	 * filename and no content: it is no file. */
	if (filename[0] == '\0') {
		fs->skip_part = true;
		return 0;
	}
	if (r->nuploads >= UPLOAD_FILES_MAX)
		return form_fail(fs, 400, N_("Too many files were sent at once."));
	if (r->uploads == NULL)
		r->uploads = arena_calloc(&r->arena, UPLOAD_FILES_MAX,
		    sizeof(*r->uploads));
	fs->file = upload_begin(&r->arena, fs->upload_dir, name, filename,
	    content_type);
	if (fs->file == NULL) {
		log_error("upload: cannot create a temporary file in %s: %s",
		    fs->upload_dir, strerror(errno));
		return form_fail(fs, 503, N_("The file could not be received right now. Please try again later."));
	}
	/* Listed at once, so that cleanup removes it however the body ends. */
	r->uploads[r->nuploads++] = fs->file;
	return 0;
}

static int
form_part_begin(void *ctx, const char *name, const char *filename,
    const char *content_type)
{
	struct form_stream *fs = ctx;
	struct request *r = fs->r;

	fs->skip_part = false;
	if (filename != NULL)
		return form_file_begin(fs, name, filename, content_type);
	if (r->form.n >= FORM_FIELDS_MAX)
		return form_fail(fs, 400, parse_err_msgid(PARSE_TOO_MANY));
	fs->field_name = arena_strdup(&fs->r->arena, name);
	fs->field.len = 0;
	return 0;
}

static int
form_part_data(void *ctx, const char *p, size_t n)
{
	struct form_stream *fs = ctx;

	if (fs->skip_part)
		return 0;
	if (fs->file != NULL) {
		if (upload_write(fs->file, p, n) == 0)
			return 0;
		log_error("upload: cannot write a temporary file: %s",
		    strerror(errno));
		return form_fail(fs, 503, N_("The file could not be received right now. Please try again later."));
	}
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

	if (fs->skip_part)
		return 0;
	if (fs->file != NULL) {
		upload_end(fs->file);
		fs->file = NULL;
		return 0;
	}
	if (!text_valid(fs->field.data ? fs->field.data : "", fs->field.len))
		return form_fail(fs, 400, parse_err_msgid(PARSE_BAD_UTF8));
	if (!form_hold(fs, fs->field.len))
		return form_fail(fs, 503, N_("The service is busy. Please send the form again in a moment."));
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

const char *
form_field(struct request *r, const char *name)
{
	const char *v = kv_get(&r->form, name);
	struct str s;

	if (v == NULL)
		return "";
	s = str_trim_space(str_from_cstr(v));
	return arena_strndup(&r->arena, s.ptr, s.len);
}

void
form_stream_init(struct form_stream *fs, struct request *r, size_t max,
    const char *upload_dir)
{
	const char *ct = request_header(r, "Content-Type");
	struct str boundary;

	memset(fs, 0, sizeof(*fs));
	fs->r = r;
	fs->max = max;
	fs->upload_dir = upload_dir;
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
 * FORM_DRAIN_MAX more, so that the 413 page reaches the browser: closing a
 * socket with unread data makes the kernel send a reset, and the visitor
 * would see a broken connection instead of the explanation.
 */
int
form_feed(struct form_stream *fs, struct request *r, const char *p, size_t n)
{
	(void)r;
	if (fs->got + n > fs->max + FORM_DRAIN_MAX)
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
			/* The old block stays in the arena: the new one
			 * is all extra. */
			if (!form_hold(fs, cap)) {
				form_fail(fs, 503, N_("The service is busy. Please send the form again in a moment."));
				return 0;
			}
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
	struct request *r = fs->r;
	size_t i;

	buf_cleanup(&fs->field);
	atomic_fetch_sub(&form_held, fs->held);
	fs->held = 0;
	if (r == NULL)
		return;
	for (i = 0; i < r->nuploads; i++)
		upload_discard(r->uploads[i]);
	r->nuploads = 0;
}

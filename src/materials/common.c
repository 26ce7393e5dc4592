/*
 * common.c - helpers shared by the handlers of the materials module:
 * labels, sizes, and sending a file
 * once access has been granted (with the download log and the counting of
 * a download link's uses in one transaction).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth/policy.h"
#include "base/log.h"
#include "base/str.h"
#include "base/time.h"
#include "http/filesend.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "materials/internal.h"

const char *const mat_access_values[] = { "public", "staff", "registrants",
	"request" };
const size_t mat_access_count = 4;

enum mat_access
mat_access_parse(const char *s)
{
	int i = str_index(s, mat_access_values, mat_access_count);

	return i >= 0 ? (enum mat_access)i : MAT_STAFF;
}

enum lang
mat_lang_parse(const char *s)
{
	enum lang l;

	return lang_parse(s, strlen(s), &l) == 0 ? l : LANG_FI;
}

const char *const mat_request_status_names[] = { "pending", "approved",
	"declined" };

enum mat_request_status
mat_request_status_parse(const char *s)
{
	int i = str_index(s, mat_request_status_names, 3);

	return i >= 0 ? (enum mat_request_status)i : MAT_REQ_DECLINED;
}

const char *const mat_topics[] = { "digital-support", "e-services",
	"security", "accessibility", "training", "network", "other" };
const size_t mat_ntopics = sizeof(mat_topics) / sizeof(mat_topics[0]);

const char *const mat_target_types[] = { "library", "event", "agenda_item",
	"workspace" };
const size_t mat_ntarget_types = 4;

enum mat_target_type
mat_target_parse(const char *s)
{
	int i = str_index(s, mat_target_types, mat_ntarget_types);

	return i >= 0 ? (enum mat_target_type)i : MAT_TARGET_OTHER;
}

bool
mat_in_list(const char *s, const char *const *list, size_t n)
{
	return str_index(s, list, n) >= 0;
}

void
mat_begin_page(struct request *r, int status, const char *title,
    struct view *v, struct page *p)
{
	page_begin(r, status, title, v, p);
	page_crumb(p, i18n_text(r->lang, "Materials"),
	    url_for(&r->arena, r->lang, "materials.library", NULL));
}

const char *
mat_access_label(enum lang l, enum mat_access access)
{
	switch (access) {
	case MAT_PUBLIC:
		return i18n_text(l, "Public");
	case MAT_STAFF:
		return i18n_text(l, "Network staff only");
	case MAT_REGISTRANTS:
		return i18n_text(l, "Registrants of the event only");
	case MAT_REQUEST:
		break;
	}
	return i18n_text(l, "On request");
}

const char *
mat_topic_label(enum lang l, const char *topic)
{
	if (strcmp(topic, "digital-support") == 0)
		return i18n_text(l, "Digital support work");
	if (strcmp(topic, "e-services") == 0)
		return i18n_text(l, "E-services and identification");
	if (strcmp(topic, "security") == 0)
		return i18n_text(l, "Information security");
	if (strcmp(topic, "accessibility") == 0)
		return i18n_text(l, "Accessibility");
	if (strcmp(topic, "training") == 0)
		return i18n_text(l, "Training and guidance");
	if (strcmp(topic, "network") == 0)
		return i18n_text(l, "Network and cooperation");
	if (strcmp(topic, "other") == 0)
		return i18n_text(l, "Other topic");
	return "–";
}

const char *
mat_type_label(enum lang l, enum mat_type type)
{
	switch (type) {
	case MAT_TYPE_PDF:
		return i18n_text(l, "PDF document");
	case MAT_TYPE_PRESENTATION:
		return i18n_text(l, "Presentation (PowerPoint)");
	case MAT_TYPE_DOCUMENT:
		return i18n_text(l, "Document (Word)");
	case MAT_TYPE_IMAGE:
		return i18n_text(l, "Image");
	case MAT_TYPE_LINK:
		return i18n_text(l, "Link or video");
	case MAT_TYPE_OTHER:
		break;
	}
	return i18n_text(l, "File");
}

const char *
mat_lang_label(enum lang l, const char *code)
{
	enum lang which = LANG_EN;

	lang_parse(code, strlen(code), &which);
	return lang_name(l, which);
}

const char *
mat_size_text(struct arena *a, enum lang l, int64_t size)
{
	const char *t;
	char *p;

	if (size < 1000)
		return arena_printf(a, "%lld B", (long long)size);
	if (size < 1000 * 1000)
		t = arena_printf(a, "%.0f kB", (double)size / 1000.0);
	else
		t = arena_printf(a, "%.1f MB", (double)size / 1e6);
	if (l != LANG_EN && (p = strchr(t, '.')) != NULL)
		*p = ',';
	return t;
}

void
mat_send_version(struct request *r, struct db *db, const struct material *m,
    const struct mat_version *ver, bool as_inline, const char *via,
    int64_t account, int64_t registration, int64_t grant)
{
	struct filesend f;
	struct filesend_plan plan;
	enum mat_use use = MAT_USE_NONE;
	uint64_t size;
	bool logged, counted = false;
	int fd, rc = 0;

	if ((fd = mstore_open(ver->sha256, &size)) == -1) {
		response_unavailable(r);
		return;
	}
	memset(&f, 0, sizeof(f));
	f.fd = fd;
	f.size = size;
	f.content_type = ver->mime;
	f.filename = ver->filename;
	f.as_inline = as_inline;
	f.etag = ver->sha256;
	filesend_plan(r, &f, &plan);
	if (r->method == HTTP_GET && (plan.status == 200 || plan.status == 206))
		use = plan.start == 0 ? MAT_USE_START : MAT_USE_RESUME;
	/* The log has downloads, not requests: one from the first byte, or
	 * for a link, one that took a use (a range start too, issue 11). */
	logged = via != NULL && use == MAT_USE_START;
	if (logged || grant != 0) {
		/* GET holds a read snapshot; a write needs the lock instead. */
		request_db_release(r);
		if (db_begin(db) != 0) {
			close(fd);
			response_unavailable(r);
			return;
		}
		if (grant != 0) {
			rc = mat_grant_use(db, grant, time_now(), use, &counted);
			logged = via != NULL && counted;
		}
		if (rc == 0 && logged)
			rc = mat_log_download(db, m->id, ver->id, via, account,
			    registration, grant, time_now());
		if (rc != 0 || db_commit(db) != 0) {
			db_rollback(db);
			close(fd);
			if (rc == 1)
				response_error(r, 410, N_("This download link has expired or has been used as many times as it allows. You can ask for the material again."));
			else
				response_unavailable(r);
			return;
		}
	}
	filesend_send(r, &f, &plan);
	close(fd);
}

int
materials_requests_waiting(struct db *db, const struct user *u, int64_t *n)
{
	*n = 0;
	if (!policy_allows(u, ACT_MATERIALS))
		return 0;
	return mat_requests_pending(db, policy_region_filter(u), u->id, n);
}

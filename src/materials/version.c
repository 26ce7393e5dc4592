/*
 * version.c - files coming in: a new material with its file (or a link),
 * and a new version of a file.
 *
 * The upload layer has streamed the file to a temporary file in files_dir
 * with its SHA-256 and first bytes; here the type is decided from the
 * content (sniff.c) and the file is kept in the store under its hash by
 * one rename (upload_keep()).  The rename happens before the transaction
 * commits: if the commit fails, a stored file nobody refers to remains,
 * which is harmless (the next upload of the same bytes finds it), whereas
 * the other order could leave a version whose file is missing.
 */
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "auth/audit.h"
#include "base/log.h"
#include "base/time.h"
#include "base/utf8.h"
#include "http/response.h"
#include "http/upload.h"
#include "http/urls.h"
#include "materials/edit.h"
#include "materials/internal.h"
#include "network/network.h"

#define BAD_TYPE N_("This type of file is not accepted. Upload a PDF, a PowerPoint presentation (.pptx), a Word document (.docx) or an image (PNG, JPEG, WebP or GIF).")

/* The uploaded file of field "file" with its type into *mime, or NULL
 * with the mistake recorded in f. */
static const struct upload *
check_file(struct form *f, const char **mime)
{
	const struct upload *u = request_upload(f->r, "file");

	*mime = NULL;
	if (u == NULL || u->size == 0)
		form_error(f, "file", N_("Choose the file to upload."));
	else if ((*mime = sniff_type(u->fd, u->size, u->head,
	    u->head_len)) == NULL)
		form_error(f, "file", BAD_TYPE);
	else if (u->filename == NULL || u->filename[0] == '\0' ||
	    !utf8_valid(u->filename, strlen(u->filename)) ||
	    strlen(u->filename) > 255)
		form_error(f, "file", N_("The file's name is not valid. Rename the file and try again."));
	else
		return u;
	return NULL;
}

/* Keeps a checked upload in the store under its hash (into sha).  0 or
 * -1. */
static int
keep_file(struct request *r, const struct upload *u, char sha[65])
{
	const char *path;
	struct stat st;

	sodium_bin2hex(sha, 65, u->sha256, sizeof(u->sha256));
	if ((path = mstore_dest(&r->arena, sha)) == NULL)
		return -1;
	if (stat(path, &st) == 0)
		return 0;	/* the same bytes are stored already */
	if (upload_keep(u, path) != 0) {
		log_error("cannot keep an upload as %s", path);
		return -1;
	}
	return 0;
}

/*
 * The region of a new material.  Municipal coordinators and tutors add
 * materials too, but policy_home_region() gives them none: theirs is the
 * region of their account, else the site's (as before the module kit).
 * 0 or -1.
 */
static int
new_region(struct request *r, struct db *db, int64_t *region)
{
	struct region_info ri;
	int rc;

	if (network_home_region(db, &r->user, region) != 0)
		return -1;
	if (*region == 0)
		*region = r->user.region_id;
	if (*region != 0)
		return 0;
	if ((rc = network_region(db, &r->arena, r->lang, &ri)) < 0)
		return -1;
	*region = rc == 0 ? ri.id : 0;
	return 0;
}

void
materials_create(struct request *r)
{
	static const char *const kinds[] = { "file", "link" };
	struct mat_edit_view ev;
	const struct upload *u = NULL;
	const char *mime = NULL;
	char sha[65];
	struct form f;
	struct db *db;
	int64_t now = time_now(), id, number = 0, region;
	bool is_link;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	form_begin(&f, r);
	is_link = form_choice(&f, "kind", kinds, 2, FORM_REQUIRED,
	    N_("Choose whether you are adding a file or a link.")) == 1;
	if (!is_link)
		u = check_file(&f, &mime);
	if (mat_form_read(&f, db, is_link, &ev) != 0 ||
	    new_region(r, db, &region) != 0 || region == 0 ||
	    (form_ok(&f) && !is_link && keep_file(r, u, sha) != 0)) {
		response_unavailable(r);
		return;
	}
	/* A file chosen must be chosen again: browsers do not keep it. */
	if (mat_edit_mistakes(r, db, &f, &ev))
		return;
	if (db_begin(db) != 0 ||
	    (id = mat_save(db, 0, region, r->user.id, &ev.f, now)) < 0 ||
	    (!is_link && mat_version_insert(db, id, sha, u->size, mime,
	    u->filename, "", r->user.id, now, &number) != 0) ||
	    audit_commit(r, db, "material.create", "material", id,
	    arena_printf(&r->arena, "%s %s", ev.f.kind, ev.f.access),
	    now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=created",
	    url_for(&r->arena, r->lang, "materials.page", url_id(&r->arena, id),
	    NULL)));
}

void
materials_version_add(struct request *r)
{
	struct material *m = request_object(r);
	struct mat_edit_view ev;
	const struct upload *u = NULL;
	const char *mime = NULL;
	char sha[65];
	struct form f;
	struct db *db;
	int64_t now = time_now(), number;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.m = m;
	ev.f.kind = m->is_link ? "link" : "file";
	ev.f.title = m->title;
	ev.f.description = m->description;
	ev.f.lang = lang_code(m->lang);
	ev.f.author = m->author;
	ev.f.licence = m->licence;
	ev.f.topic = m->topic;
	ev.f.access = mat_access_values[m->access];
	ev.f.url = m->url;
	form_begin(&f, r);
	u = check_file(&f, &mime);
	ev.f.note = form_text(&f, "note", 0, MAT_SHORT_MAX,
	    N_("The note is too long: at most 200 characters."));
	if (form_ok(&f) && keep_file(r, u, sha) != 0) {
		response_unavailable(r);
		return;
	}
	if (!form_ok(&f)) {
		ev.errors = form_errors(&f);
		if (mat_load_targets(db, &r->arena, r->lang, m) != 0 ||
		    mat_edit_render(r, db, 400, &ev) != 0)
			response_unavailable(r);
		return;
	}
	if (db_begin(db) != 0 ||
	    mat_version_insert(db, m->id, sha, u->size, mime, u->filename,
	    ev.f.note, r->user.id, now, &number) != 0 ||
	    audit_commit(r, db, "material.version", "material", m->id,
	    arena_printf(&r->arena, "version %lld", (long long)number),
	    now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=version",
	    url_for(&r->arena, r->lang, "materials.page", url_id(&r->arena,
	    m->id), NULL)));
}

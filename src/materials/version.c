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
#include "materials/edit.h"
#include "http/form.h"
#include "materials/internal.h"

#define BAD_TYPE N_("This type of file is not accepted. Upload a PDF, a PowerPoint presentation (.pptx), a Word document (.docx) or an image (PNG, JPEG, WebP or GIF).")

/*
 * Checks the uploaded file of field "file" and keeps it in the store.
 * 0 with *mime and sha (hex); 400 with ev->error; -1 an error.
 */
static int
take_file(struct request *r, struct mat_edit_view *ev, const char **mime,
    char sha[65], const struct upload **out)
{
	const struct upload *u = request_upload(r, "file");
	const char *path;
	struct stat st;

	*out = u;
	if (u == NULL || u->size == 0) {
		ev->error = N_("Choose the file to upload.");
		ev->error_field = "file";
		return 400;
	}
	if ((*mime = sniff_type(u->fd, u->size, u->head, u->head_len)) == NULL) {
		ev->error = BAD_TYPE;
		ev->error_field = "file";
		return 400;
	}
	if (u->filename == NULL || u->filename[0] == '\0' ||
	    !utf8_valid(u->filename, strlen(u->filename)) ||
	    strlen(u->filename) > 255) {
		ev->error = N_("The file's name is not valid. Rename the file and try again.");
		ev->error_field = "file";
		return 400;
	}
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

static int
insert_version(struct db *db, int64_t material, const char *sha,
    const struct upload *u, const char *mime, const char *note,
    int64_t actor, int64_t now, int64_t *number)
{
	struct db_stmt *st = db_prepare(db, "SELECT COALESCE(max(number), 0) + 1 "
	    "FROM material_version WHERE material_id = ?1");
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, material);
	rc = db_step(st);
	*number = rc == DB_ROW ? db_col_int64(st, 0) : 0;
	db_done(st);
	if (*number == 0)
		return -1;
	st = db_prepare(db, "INSERT INTO material_version (material_id, number, "
	    "sha256, size, mime, filename, note, preview_state, created_by, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, material);
	db_bind_int64(st, 2, *number);
	db_bind_cstr(st, 3, sha);
	db_bind_int64(st, 4, (int64_t)u->size);
	db_bind_cstr(st, 5, mime);
	db_bind_cstr(st, 6, u->filename);
	db_bind_cstr(st, 7, note);
	db_bind_cstr(st, 8, strcmp(mime, "application/pdf") == 0 ? "pending" :
	    "none");
	db_bind_int64(st, 9, actor);
	db_bind_int64(st, 10, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	st = db_prepare(db, "UPDATE material SET updated_at = ?2 WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, material);
	db_bind_int64(st, 2, now);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* The region of a new material: the author's; an administrator's (who
 * has none) the first region.  0 when there is none. */
static int64_t
new_region(struct request *r, struct db *db)
{
	struct db_stmt *st;
	int64_t id = 0;

	if (r->user.region_id != 0)
		return r->user.region_id;
	if ((st = db_prepare(db, "SELECT id FROM region ORDER BY id LIMIT 1")) ==
	    NULL)
		return 0;
	if (db_step(st) == DB_ROW)
		id = db_col_int64(st, 0);
	db_done(st);
	return id;
}

void
materials_create(struct request *r)
{
	struct mat_edit_view ev;
	const struct upload *u = NULL;
	const char *mime = NULL, *kind = form_field(r, "kind");
	char sha[65];
	struct db *db;
	int64_t now = time_now(), id, number = 0, region;
	bool is_link = strcmp(kind, "link") == 0;
	int status;

	if ((db = mat_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	status = mat_form_read(r, db, true, is_link, &ev);
	if (status == 0 && !is_link && strcmp(kind, "file") != 0) {
		ev.error = N_("Choose whether you are adding a file or a link.");
		ev.error_field = "kind";
		status = 400;
	}
	if (status == 0 && !is_link)
		status = take_file(r, &ev, &mime, sha, &u);
	if (status < 0 || (region = new_region(r, db)) == 0) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	if (status != 0) {
		/* A file chosen must be chosen again: browsers do not keep it. */
		if (mat_edit_render(r, db, status, &ev) != 0)
			response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	if (db_begin(db) != 0) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	if ((id = mat_save(db, 0, region, r->user.id, &ev.f, now)) < 0 ||
	    (!is_link && insert_version(db, id, sha, u, mime, "", r->user.id,
	    now, &number) != 0) ||
	    audit_record(db, r->user.id, request_address(r), "material.create",
	    "material", arena_printf(&r->arena, "%lld", (long long)id),
	    arena_printf(&r->arena, "%s %s", ev.f.kind, ev.f.access), now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/materials/%lld?done=created", lang_code(r->lang),
	    (long long)id));
}

void
materials_version_add(struct request *r)
{
	struct mat_edit_view ev;
	struct material m;
	const struct upload *u = NULL;
	const char *mime = NULL;
	char sha[65];
	struct db *db;
	int64_t now = time_now(), number;
	int status;

	if ((db = mat_db(r)) == NULL || mat_load_editable(r, db, &m) != 0)
		return;
	if (!m.has_file) {
		response_error(r, 404, MAT_NOT_FOUND);
		return;
	}
	memset(&ev, 0, sizeof(ev));
	ev.m = &m;
	ev.f.kind = m.kind;
	ev.f.title = m.title;
	ev.f.description = m.description;
	ev.f.lang = m.lang;
	ev.f.author = m.author;
	ev.f.licence = m.licence;
	ev.f.topic = m.topic;
	ev.f.access = m.access;
	ev.f.url = m.url;
	ev.f.note = form_field(r, "note");
	if (utf8_chars(ev.f.note) > MAT_SHORT_MAX) {
		ev.error = N_("The note is too long: at most 200 characters.");
		ev.error_field = "note";
		status = 400;
	} else
		status = take_file(r, &ev, &mime, sha, &u);
	if (status < 0) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	if (status != 0) {
		if (mat_load_targets(db, &r->arena, r->lang, &m) != 0 ||
		    mat_edit_render(r, db, status, &ev) != 0)
			response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	if (db_begin(db) != 0) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	if (insert_version(db, m.id, sha, u, mime, ev.f.note, r->user.id, now,
	    &number) != 0 ||
	    audit_record(db, r->user.id, request_address(r), "material.version",
	    "material", arena_printf(&r->arena, "%lld", (long long)m.id),
	    arena_printf(&r->arena, "version %lld", (long long)number), now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/materials/%lld?done=version", lang_code(r->lang),
	    (long long)m.id));
}

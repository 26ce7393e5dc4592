/*
 * serve.c - the routes that send a material's bytes: the current file, an
 * older version, the preview, a download link's file and a registrant's
 * file.  Each decides access first (policy.c, a valid link, a confirmed
 * registration of a linked event) and only then opens the stored file.
 */
#include <string.h>

#include "auth/session.h"
#include "base/time.h"
#include "http/parse.h"
#include "http/response.h"
#include "materials/internal.h"

#define NOT_ALLOWED N_("This material is not open to everyone. See its page for how to get it.")

/* The viewer's way in for the download log. */
static const char *
via_of(struct request *r)
{
	return materials_is_staff(&r->user) ? "account" : "public";
}

/* Loads the material of :id with access to its files.  0, or answered. */
static int
load_downloadable(struct request *r, struct db *db, struct material *m)
{
	if (mat_load(r, db, m) != 0)
		return -1;
	if (!m->has_file) {
		response_error(r, 404, MAT_NOT_FOUND);
		return -1;
	}
	if (!materials_may_download(&r->user, m)) {
		response_error(r, 403, NOT_ALLOWED);
		return -1;
	}
	return 0;
}

void
materials_file(struct request *r)
{
	struct material m;
	struct db *db;

	if ((db = mat_db(r)) == NULL || load_downloadable(r, db, &m) != 0)
		return;
	mat_send_version(r, db, &m, &m.cur, false, via_of(r), r->user.id, 0, 0);
}

void
materials_version_file(struct request *r)
{
	struct mat_version ver;
	struct material m;
	struct db *db;
	int64_t n;
	int rc;

	if ((db = mat_db(r)) == NULL || load_downloadable(r, db, &m) != 0)
		return;
	if (id_parse(request_param(r, "n"), &n) != 0) {
		response_error(r, 404, MAT_NOT_FOUND);
		return;
	}
	if ((rc = mat_version_get(db, &r->arena, m.id, n, &ver)) != 0) {
		response_error(r, rc < 0 ? 503 : 404, rc < 0 ? MAT_UNAVAILABLE :
		    MAT_NOT_FOUND);
		return;
	}
	mat_send_version(r, db, &m, &ver, false, via_of(r), r->user.id, 0, 0);
}

/* The preview: an image itself, or the PNG made of a PDF's first page;
 * shown inline, not logged as a download. */
void
materials_preview(struct request *r)
{
	struct mat_version pv;
	struct material m;
	struct db *db;

	if ((db = mat_db(r)) == NULL || load_downloadable(r, db, &m) != 0)
		return;
	if (strncmp(m.cur.mime, "image/", 6) == 0) {
		mat_send_version(r, db, &m, &m.cur, true, NULL, 0, 0, 0);
		return;
	}
	if (m.cur.preview_sha256 == NULL ||
	    strcmp(m.cur.preview_state, "done") != 0) {
		response_error(r, 404, MAT_NOT_FOUND);
		return;
	}
	pv = m.cur;
	pv.sha256 = m.cur.preview_sha256;
	pv.mime = "image/png";
	pv.filename = arena_printf(&r->arena, "preview-%lld.png",
	    (long long)m.id);
	mat_send_version(r, db, &m, &pv, true, NULL, 0, 0, 0);
}

int
mat_grant(struct request *r, struct db *db, int64_t *grant,
    struct material *m, int64_t *expires, int64_t *uses_left)
{
	const char *token = request_param(r, "token");
	char hash[TOKEN_HASH_HEX + 1];
	struct db_stmt *st;
	int64_t mid = 0;
	int rc;

	if (!token_well_formed(token)) {
		response_error(r, 404, N_("This download link is not valid. Check that the whole address was copied from the e-mail."));
		return -1;
	}
	token_hash(token, hash);
	st = db_prepare(db, "SELECT id, material_id, expires_at, max_uses - uses "
	    "FROM material_grant WHERE token_hash = ?1");
	if (st == NULL) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return -1;
	}
	db_bind_cstr(st, 1, hash);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*grant = db_col_int64(st, 0);
		mid = db_col_int64(st, 1);
		*expires = db_col_int64(st, 2);
		*uses_left = db_col_int64(st, 3);
	}
	db_done(st);
	if (rc != DB_ROW) {
		if (rc == DB_DONE)
			response_error(r, 404, N_("This download link is not valid. Check that the whole address was copied from the e-mail."));
		else
			response_error(r, 503, MAT_UNAVAILABLE);
		return -1;
	}
	if ((rc = mat_get(db, &r->arena, mid, m)) != 0) {
		response_error(r, rc < 0 ? 503 : 404, rc < 0 ? MAT_UNAVAILABLE :
		    MAT_NOT_FOUND);
		return -1;
	}
	return *expires <= time_now() || *uses_left <= 0 ? 1 : 0;
}

void
materials_access_file(struct request *r)
{
	struct material m;
	struct db *db;
	int64_t grant, expires, left;
	int rc;

	if ((db = mat_db(r)) == NULL)
		return;
	if ((rc = mat_grant(r, db, &grant, &m, &expires, &left)) < 0)
		return;
	if (!m.has_file) {
		response_error(r, 404, MAT_NOT_FOUND);
		return;
	}
	/* A used-up link may still finish a download it started (a range
	 * further on): mat_send_version() decides with the count. */
	if (rc == 1 && expires <= time_now()) {
		response_error(r, 410, N_("This download link has expired or has been used as many times as it allows. You can ask for the material again."));
		return;
	}
	mat_send_version(r, db, &m, &m.cur, false, "link", 0, 0, grant);
}

int
mat_registration(struct request *r, struct db *db, int64_t *reg,
    int64_t *event)
{
	const char *token = request_param(r, "token");
	char hash[TOKEN_HASH_HEX + 1];
	struct db_stmt *st;
	int rc;

	if (!token_well_formed(token)) {
		response_error(r, 404, MAT_NOT_FOUND);
		return -1;
	}
	token_hash(token, hash);
	st = db_prepare(db, "SELECT id, event_id FROM registration WHERE "
	    "token_hash = ?1 AND status = 'confirmed' AND erased_at IS NULL");
	if (st == NULL) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return -1;
	}
	db_bind_cstr(st, 1, hash);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*reg = db_col_int64(st, 0);
		*event = db_col_int64(st, 1);
	}
	db_done(st);
	if (rc != DB_ROW) {
		response_error(r, rc == DB_DONE ? 404 : 503, rc == DB_DONE ?
		    MAT_NOT_FOUND : MAT_UNAVAILABLE);
		return -1;
	}
	return 0;
}

bool
mat_in_event(struct db *db, struct arena *a, int64_t event, int64_t id,
    int *err)
{
	int64_t *ids;
	size_t n, i;

	*err = mat_ids_for_event(db, a, event, &ids, &n);
	for (i = 0; *err == 0 && i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

void
materials_registrant_file(struct request *r)
{
	struct material m;
	struct db *db;
	int64_t reg, event, id;
	int err, rc;

	if ((db = mat_db(r)) == NULL || mat_registration(r, db, &reg, &event) != 0)
		return;
	if (id_parse(request_param(r, "id"), &id) != 0) {
		response_error(r, 404, MAT_NOT_FOUND);
		return;
	}
	if ((rc = mat_get(db, &r->arena, id, &m)) != 0) {
		response_error(r, rc < 0 ? 503 : 404, rc < 0 ? MAT_UNAVAILABLE :
		    MAT_NOT_FOUND);
		return;
	}
	/* Only the event's own materials, and only those for registrants
	 * or for everyone: staff-only stays staff-only, and on-request ones
	 * are asked for like by anyone else. */
	if (!mat_in_event(db, &r->arena, event, id, &err) || !m.has_file ||
	    (strcmp(m.access, "public") != 0 &&
	    strcmp(m.access, "registrants") != 0)) {
		response_error(r, err ? 503 : 404, err ? MAT_UNAVAILABLE :
		    MAT_NOT_FOUND);
		return;
	}
	mat_send_version(r, db, &m, &m.cur, false, "registration", 0, reg, 0);
}

/*
 * serve.c - the routes that send a material's bytes: the current file, an
 * older version, the preview, a download link's file and a registrant's
 * file.  Their loaders (loaders.c) find the material, the link or the
 * registration; each handler decides access to the bytes (policy.c, a
 * link not expired) and only then opens the stored file.
 */
#include <string.h>

#include "base/time.h"
#include "http/response.h"
#include "materials/internal.h"

#define NOT_ALLOWED N_("This material is not open to everyone. See its page for how to get it.")

/* The viewer's way in for the download log. */
static const char *
via_of(struct request *r)
{
	return materials_is_staff(&r->user) ? "account" : "public";
}

/* Answers 403 unless the viewer may download m's files. */
static bool
downloadable(struct request *r, const struct material *m)
{
	if (materials_may_download(&r->user, m))
		return true;
	response_error(r, 403, NOT_ALLOWED);
	return false;
}

void
materials_file(struct request *r)
{
	const struct material *m = request_object(r);
	struct db *db;

	if (!downloadable(r, m) || (db = response_db(r)) == NULL)
		return;
	mat_send_version(r, db, m, &m->cur, false, via_of(r), r->user.id, 0, 0);
}

void
materials_version_file(struct request *r)
{
	const struct mat_version_obj *o = request_object(r);
	struct db *db;

	if (!downloadable(r, &o->m) || (db = response_db(r)) == NULL)
		return;
	mat_send_version(r, db, &o->m, &o->v, false, via_of(r), r->user.id, 0,
	    0);
}

/* The preview: an image itself, or the PNG made of a PDF's first page;
 * shown inline, not logged as a download. */
void
materials_preview(struct request *r)
{
	const struct material *m = request_object(r);
	struct mat_version pv;
	struct db *db;

	if (!downloadable(r, m) || (db = response_db(r)) == NULL)
		return;
	if (strncmp(m->cur.mime, "image/", 6) == 0) {
		mat_send_version(r, db, m, &m->cur, true, NULL, 0, 0, 0);
		return;
	}
	if (m->cur.preview_sha256 == NULL || !m->cur.preview_done) {
		response_error(r, 404, MAT_NOT_FOUND);
		return;
	}
	pv = m->cur;
	pv.sha256 = m->cur.preview_sha256;
	pv.mime = "image/png";
	pv.filename = arena_printf(&r->arena, "preview-%lld.png",
	    (long long)m->id);
	mat_send_version(r, db, m, &pv, true, NULL, 0, 0, 0);
}

void
materials_access_file(struct request *r)
{
	const struct mat_grant_obj *g = request_object(r);
	struct db *db;

	if (!g->m.has_file) {
		response_error(r, 404, MAT_NOT_FOUND);
		return;
	}
	/* A used-up link may still finish a download it started (a few
	 * ranges further on, soon): mat_send_version() decides with the
	 * count. */
	if (g->expires <= time_now()) {
		response_error(r, 410, N_("This download link has expired or has been used as many times as it allows. You can ask for the material again."));
		return;
	}
	if ((db = response_db(r)) != NULL)
		mat_send_version(r, db, &g->m, &g->m.cur, false, "link", 0, 0,
		    g->id);
}

void
materials_registrant_file(struct request *r)
{
	const struct mat_registrant_obj *o = request_object(r);
	struct db *db;

	if ((db = response_db(r)) != NULL)
		mat_send_version(r, db, &o->m, &o->m.cur, false, "registration",
		    0, o->registration, 0);
}

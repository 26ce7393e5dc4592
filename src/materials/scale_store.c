/*
 * scale_store.c - the materials of the scale generator (`tukiverkko demo
 * --scale N`, issue 13): a library of thousands, linked to events, so that
 * the library and the event pages meet realistic volumes.  Choices come
 * from the row's number (base/mix.h): the same shapes on every run.
 */
#include <stdio.h>

#include "base/mix.h"
#include "db/rows.h"
#include "materials/internal.h"

static const char *const accesses[] = { "public", "public", "public",
	"public", "public", "public", "public", "staff", "registrants",
	"request" };
static const char *const mlangs[] = { "fi", "fi", "fi", "sv", "en" };
static const char *const mtopics[] = { "Digituki", "Tietoturva",
	"Etätuki", "Sähköinen asiointi", "Koulutus" };

/* The demo's first file, shared by the file materials made here. */
struct first_file {
	const char *sha256, *mime, *filename;
	int64_t size;
};

static int
first_file_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct first_file *f = out;

	db_cols(st, a, 0, DB_COLS(db_as_str(&f->sha256), db_as_int(&f->size),
	    db_as_str(&f->mime), db_as_str(&f->filename)));
	return 0;
}

int
materials_scale_fill(struct db *db, struct arena *a, uint64_t seed,
    int64_t region_id, const int64_t *events, size_t n, int64_t now,
    size_t count, int64_t **ids)
{
	struct first_file f;
	char title[128], url[128];
	int64_t id, at;
	size_t i;
	uint64_t r;
	int rc;
	bool file;

	if ((rc = db_row(db, a, "SELECT sha256, size, mime, filename FROM "
	    "material_version ORDER BY id LIMIT 1", DB_NOARGS,
	    first_file_row, &f)) < 0)
		return -1;
	*ids = arena_calloc(a, count ? count : 1, sizeof(**ids));
	for (i = 0; i < count; i++) {
		r = mix_pick(seed, i, 100);
		file = rc == 0 && r < 15;
		at = now - (int64_t)mix_pick(seed + 1, i, 3 * 365 * 86400);
		snprintf(title, sizeof(title), "%s: opas %zu",
		    mtopics[r % 5], i + 1);
		snprintf(url, sizeof(url), "https://example.fi/materiaalit/%zu",
		    i + 1);
		if (db_insert(db, "INSERT INTO material (region_id, kind, "
		    "title, description, lang, author, licence, topic, access, "
		    "url, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
		    "?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING id",
		    DB_ARGS(db_int(region_id), db_text(file ? "file" : "link"),
		    db_text(title), db_text("Materiaali digitukijoille: "
		    "ohjeita ja esimerkkejä kuntien käyttöön."),
		    db_text(mlangs[r % 5]), db_text("Digituen verkosto"),
		    db_text("CC BY 4.0"), db_text(mtopics[r % 5]),
		    db_text(accesses[r % 10]), db_text(file ? "" : url),
		    db_int(at)), &id) != 0)
			return -1;
		(*ids)[i] = id;
		if (file && db_run(db, "INSERT INTO material_version "
		    "(material_id, number, sha256, size, mime, filename, "
		    "created_at) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6)",
		    DB_ARGS(db_int(id), db_text(f.sha256), db_int(f.size),
		    db_text(f.mime), db_text(f.filename), db_int(at)), NULL) != 0)
			return -1;
		/* Seven in ten belong to an event, the rest to the library
		 * alone; a material the library lists needs one of these. */
		if (db_run(db, "INSERT INTO material_link (material_id, "
		    "target_type, target_id) VALUES (?1, ?2, ?3)",
		    DB_ARGS(db_int(id), db_text(n > 0 && r < 70 ? "event" :
		    "library"), db_int(n > 0 && r < 70 ?
		    events[mix_pick(seed + 2, i, n)] : 0)), NULL) != 0 ||
		    mat_event_links_refresh(db, id) != 0)
			return -1;
	}
	return 0;
}

/*
 * materials.h - the materials library: files and links with their versions,
 * attachments (library, event, agenda item, sparring workspace), access
 * policies, the on-request workflow and the content-addressed file store.
 *
 * Access (material.access, decided in policy.c and nowhere else):
 *   public       anyone may see and download;
 *   staff        only signed-in accounts of the network (any role); for
 *                everyone else the material does not exist (404);
 *   registrants  listed publicly; downloaded by staff, and by confirmed
 *                registrants of a linked event through their registration
 *                link /:lang/registrations/:token/materials;
 *   request      listed publicly; a visitor asks (name, organisation,
 *                e-mail, purpose), the owner or a coordinator of the region
 *                approves or declines in the queue; approval e-mails a
 *                secret link (only its SHA-256 kept) that works for
 *                material_link_hours and MAT_LINK_USES downloads.
 * Signed-in staff may download every material they may see.  A file is
 * only ever reached through its material's id and this policy, never by
 * its hash.
 *
 * Who changes materials: ACT_MATERIALS (municipal coordinators, tutors,
 * coordinators, administrators) may add; the owner edits their own,
 * coordinators those of their region, administrators all
 * (materials_may_edit()).  The same people handle the requests.
 */
#ifndef TV_MATERIALS_MATERIALS_H
#define TV_MATERIALS_MATERIALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/user.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"

#define MAT_TITLE_MAX 200		/* characters */
#define MAT_TEXT_MAX 5000		/* characters of a description */
#define MAT_SHORT_MAX 200		/* author, licence, names */
#define MAT_URL_MAX 1000		/* bytes of a link's address */
#define MAT_PURPOSE_MAX 2000		/* characters of a request's purpose */
#define MAT_LINK_USES 5			/* downloads per approved link */
/* A download link's use covers its download and a few resumes of it (a
 * range further on) soon after: MAT_LINK_RESUMES within
 * MAT_LINK_RESUME_WINDOW seconds of the start.  Any other request that
 * sends bytes, whatever its range, takes a use (docs/security.md). */
#define MAT_LINK_RESUMES 5
#define MAT_LINK_RESUME_WINDOW 1800
#define MAT_QUERY_MAX 200		/* bytes of a library search */
#define MAT_LIBRARY_PAGE 20		/* materials on a library page */
/* Events in the library's filter: those of the most recently changed
 * materials (mat_events_with_materials()); an event not offered has its
 * materials on its own page. */
#define MAT_LIBRARY_EVENTS 20

/* Stored access values, in the order the forms offer them; enum
 * mat_access indexes them. */
extern const char *const mat_access_values[];
extern const size_t mat_access_count;
enum mat_access { MAT_PUBLIC, MAT_STAFF, MAT_REGISTRANTS, MAT_REQUEST };
/* The stored value as the enum, parsed once in the row function.  An
 * unknown value (the table's CHECK allows none) is MAT_STAFF: hidden. */
enum mat_access mat_access_parse(const char *s);
/* material.lang ("fi", "sv", "en": the table's CHECK allows no other) as
 * the enum, parsed once in the row function. */
enum lang mat_lang_parse(const char *s);
/* Stored topic values (the library's topic filter). */
extern const char *const mat_topics[];
extern const size_t mat_ntopics;
/* Attachment target types the code knows ("library", "event",
 * "agenda_item", "workspace"), indexed by enum mat_target_type; a future
 * one (trainings) is added here.  A type from a newer version reads as
 * MAT_TARGET_OTHER. */
extern const char *const mat_target_types[];
extern const size_t mat_ntarget_types;
enum mat_target_type { MAT_TARGET_LIBRARY, MAT_TARGET_EVENT,
	MAT_TARGET_AGENDA_ITEM, MAT_TARGET_WORKSPACE, MAT_TARGET_OTHER };
enum mat_target_type mat_target_parse(const char *s);

struct mat_version {
	int64_t id;
	int64_t number;
	const char *sha256;		/* hex */
	int64_t size;
	const char *mime;
	const char *filename;
	const char *note;
	bool preview_done;		/* preview_state done (not none,
					 * pending or failed) */
	const char *preview_sha256;	/* NULL unless done */
	int64_t created_at;
};

/* Where a material is attached, with a label and a page for people. */
struct mat_target {
	enum mat_target_type type;
	int64_t id;			/* 0 for the library */
	const char *label;		/* title in the page's language */
	const char *href;		/* NULL when there is no public page */
	int64_t event_id;		/* the event (of an agenda item), or 0 */
	bool for_staff;			/* a workspace, a draft or network-only
					 * event: not shown to visitors */
};

struct material {
	int64_t id;
	int64_t region_id;
	bool is_link;			/* kind link (else file) */
	const char *title;
	const char *description;	/* Markdown */
	enum lang lang;
	const char *author;
	const char *licence;
	const char *topic;		/* a mat_topics value or "" */
	enum mat_access access;
	const char *url;		/* link materials */
	int64_t owner_id;		/* 0 when none */
	int64_t created_at;
	int64_t updated_at;
	bool has_file;			/* kind file with at least one version */
	struct mat_version cur;		/* the newest version, if has_file */
	int64_t nversions;
	struct mat_target *targets;	/* filled by mat_load_targets() */
	size_t ntargets;
};

/* A material as another module links to it (a news post). */
struct material_ref {
	int64_t id;
	const char *title;
	enum lang lang;
	enum mat_access access;
	bool listed;			/* visitors may know of it */
};

/* --- the content-addressed store (filestore.c) --- */

/* The path of the stored file of a SHA-256 (64 hex digits), in the arena;
 * NULL when hex is not such a name. */
const char *mstore_path(struct arena *a, const char *hex);

/* mstore_path(), with its folders made, for a file about to be stored
 * there by rename. */
const char *mstore_dest(struct arena *a, const char *hex);

/* Opens a stored file for reading: the fd and its size, or -1. */
int mstore_open(const char *hex, uint64_t *size);

/* Stores bytes under their SHA-256 (hex into out): temporary file, fsync,
 * rename, fsync of the folder.  A file already there is kept.  0 or -1. */
int mstore_put(const void *data, size_t len, char out[65]);

/* Stores an open file's content (read from offset 0) likewise.  0 or -1. */
int mstore_put_fd(int fd, char out[65]);

/* Moves a temporary file (in files_dir, so the same file system) into the
 * store under hex, or discards it when the content is there already.  The
 * caller has fsynced it.  0 or -1. */
int mstore_adopt(const char *tmp_path, const char *hex);

/* The folder for temporary files of the store, in the arena. */
const char *mstore_tmp_dir(struct arena *a);

/* Copies every stored file into dest_dir (created, with the same layout);
 * files already there are skipped: stored files never change.  The number
 * copied, or -1 with a message on stderr. */
int mstore_backup(const char *dest_dir);

/* --- content sniffing (sniff.c) --- */

/*
 * The media type of a file judged by its content only: PDF, PNG, JPEG,
 * WebP, GIF, and for ZIP files the OOXML packages PPTX and DOCX (a
 * [Content_Types].xml part and the main part, ppt/presentation.xml or
 * word/document.xml, in the central directory).  head holds the first
 * head_len bytes; fd (may be -1 when head is the whole file) is read for
 * the ZIP directory.  NULL when the type is not accepted.
 */
const char *sniff_type(int fd, uint64_t size, const unsigned char *head,
    size_t head_len);

/* What a material is for people: its file's kind, or a link. */
enum mat_type { MAT_TYPE_PDF, MAT_TYPE_PRESENTATION, MAT_TYPE_DOCUMENT,
	MAT_TYPE_IMAGE, MAT_TYPE_LINK, MAT_TYPE_OTHER };
/* The library filter's names (?type=), indexed by the enum; the first
 * MAT_TYPE_OTHER are offered. */
extern const char *const mat_type_names[];
/* The type of a sniffed MIME type (NULL: a link). */
enum mat_type mat_type_of_mime(const char *mime);
/* The SQL LIKE pattern of the MIME types of a file type (the library's
 * filter in SQL), NULL for a link or "other". */
const char *mat_type_mime_like(enum mat_type t);
/* The type of m: its newest file's, or MAT_TYPE_LINK. */
enum mat_type mat_type_of(const struct material *m);

/* --- search folding (fold.c) --- */

/*
 * Text folded for matching: lower case, every letter with a diacritic to
 * its base letter (ä, å -> a, ö -> o, é -> e, ü -> u, ß -> ss), other
 * punctuation to a space and spaces collapsed.  Folding both the text and
 * the query lets a visitor typing "paatos" find "päätös", which an old
 * phone's keyboard or a foreign one makes common; the cost, that "sää"
 * also matches "saa", is small in a library of this size.
 */
char *mat_fold(struct arena *a, const char *s);

/* True when every word of the folded query occurs in the folded text. */
bool mat_fold_match(const char *folded_text, const char *folded_query);

/* --- access policy (policy.c) --- */

bool materials_is_staff(const struct user *u);
/* May visitors (no account) know that a material of this access exists? */
bool materials_listed(enum mat_access access);
/* May u know that m exists (its page, the library)? */
bool materials_may_see(const struct user *u, const struct material *m);
/* May u download m's files (as an account or anonymously)? */
bool materials_may_download(const struct user *u, const struct material *m);
/* May u edit m and handle its requests? */
bool materials_may_edit(const struct user *u, const struct material *m);

/* --- the database (store.c) --- */

/* One material with its newest version: 0, 1 not found, -1 error. */
int mat_get(struct db *db, struct arena *a, int64_t id, struct material *m);
/* The materials ids[0..n) likewise into out[0..n), id 0 where there is
 * none, twenty a statement.  0 or -1. */
int mat_get_ids(struct db *db, struct arena *a, const int64_t *ids, size_t n,
    struct material *out);
/* A material's versions, newest first.  0 or -1. */
int mat_versions(struct db *db, struct arena *a, int64_t id,
    struct mat_version **out, size_t *n);
/* One version by number: 0, 1 not found, -1. */
int mat_version_get(struct db *db, struct arena *a, int64_t id,
    int64_t number, struct mat_version *out);
/* Fills m->targets with labels and links in language l.  0 or -1. */
int mat_load_targets(struct db *db, struct arena *a, enum lang l,
    struct material *m);
/* Ids of the materials attached to a target (type, id; not
 * MAT_TARGET_OTHER), in position order.  0 or -1. */
int mat_ids_for_target(struct db *db, struct arena *a,
    enum mat_target_type type, int64_t id, int64_t **out, size_t *n);
/* Ids of the materials of an event: attached to it or to one of its
 * agenda items.  0 or -1. */
int mat_ids_for_event(struct db *db, struct arena *a, int64_t event_id,
    int64_t **out, size_t *n);
/* Logs one download (caller's transaction).  via: public, account,
 * registration, link; the ids may be 0.  0 or -1. */
int mat_log_download(struct db *db, int64_t material, int64_t version,
    const char *via, int64_t account, int64_t registration, int64_t grant,
    int64_t now);

/*
 * For other modules' pages (an event, a workspace): the materials attached
 * to target (type, id) that u may know of, in their order, with their
 * newest versions; for an event, those of its agenda items too.  Link them
 * to /:lang/materials/<id>, which decides about the files; the template
 * materials_list() (tmpl_materials.h) renders them as a list.  0 or -1.
 */
int materials_visible_for(struct db *db, struct arena *a,
    const struct user *u, enum mat_target_type type, int64_t id,
    struct material **out, size_t *n);

/* For other modules: one material by id (0, DB_MISSING, -1), and every
 * material, newest first (0 or -1). */
int materials_ref(struct db *db, struct arena *a, int64_t id,
    struct material_ref *out);
int materials_refs(struct db *db, struct arena *a, struct material_ref **out,
    size_t *n);
/* The materials of ids[0..n) in one go (a statement for twenty): out[j]
 * for ids[j], its id 0 for an id that has none.  0 or -1. */
int materials_refs_of(struct db *db, struct arena *a, const int64_t *ids,
    size_t n, struct material_ref *out);

/* For the staff home: how many requests for materials wait for u's
 * decision (those of the materials u handles, as in the request queue),
 * 0 for someone who handles none.  0 or -1. */
int materials_requests_waiting(struct db *db, const struct user *u,
    int64_t *n);

/*
 * --- the programme's sparring workspaces, as a material's links and its
 * form name them: the materials may not include the programme (which
 * lists a workspace's materials), so main() gives them
 * programme_material_workspaces() (programme/programme.h) ---
 */
struct mat_workspace {
	int64_t id, year;
	int64_t region_id;		/* of the period and its municipality */
	const char *code;		/* the municipality's */
	const char *name;		/* the municipality's, in the asked language */
};
/* The workspaces ids[0..n), in no order and without those that are gone,
 * or every one when ids is NULL (newest period first, then by name):
 * the vector into *out with *nout set.  0 or -1. */
typedef int (*mat_workspaces_fn)(struct db *db, struct arena *a, enum lang l,
    const int64_t *ids, size_t n, struct mat_workspace **out, size_t *nout);
void materials_workspace_source(mat_workspaces_fn fn);

/* --- route loaders (loaders.c): the object of a route, in r->object --- */

extern const struct route_loader materials_loader;	/* :id, seen */
extern const struct route_loader materials_file_loader;	/* :id with a file */
extern const struct route_loader materials_version_loader;	/* :id/versions/:n */
extern const struct route_loader materials_editable_loader;	/* :id, may edit */
extern const struct route_loader materials_editable_file_loader;
extern const struct route_loader materials_requestable_loader;	/* on request */
extern const struct route_loader materials_request_loader;	/* requests/:id */
extern const struct route_loader materials_grant_loader;	/* access/:token */
extern const struct route_loader materials_registrant_loader;	/* registrations/:token */
extern const struct route_loader materials_registrant_file_loader;	/* .../:id/file */

/* --- handlers (routes in src/app/routes.c, section "materials") --- */

void materials_library(struct request *r);	/* GET /:lang/materials */
void materials_page(struct request *r);		/* GET /:lang/materials/:id */
void materials_file(struct request *r);		/* GET .../:id/file */
void materials_version_file(struct request *r);	/* GET .../:id/versions/:n/file */
void materials_preview(struct request *r);	/* GET .../:id/preview */
void materials_new(struct request *r);		/* GET /:lang/materials/new */
void materials_create(struct request *r);	/* POST /:lang/materials */
void materials_edit(struct request *r);		/* GET .../:id/edit */
void materials_update(struct request *r);	/* POST .../:id/edit */
void materials_version_add(struct request *r);	/* POST .../:id/versions */
void materials_request_form(struct request *r);	/* GET .../:id/request */
void materials_request_submit(struct request *r);	/* POST .../:id/request */
void materials_request_sent(struct request *r);	/* GET .../:id/request/sent */
void materials_queue(struct request *r);	/* GET /:lang/materials/requests */
void materials_approve(struct request *r);	/* POST .../requests/:id/approve */
void materials_decline(struct request *r);	/* POST .../requests/:id/decline */
void materials_access_page(struct request *r);	/* GET /:lang/materials/access/:token */
void materials_access_file(struct request *r);	/* GET .../access/:token/file */
void materials_registrant_list(struct request *r);	/* GET /:lang/registrations/:token/materials */
void materials_registrant_file(struct request *r);	/* GET .../materials/:id/file */

/* --- background work (main.c) --- */

/* Makes the PNG preview of PDFs waiting for one (pdftoppm, one at a time,
 * with a time limit).  0 or -1. */
int materials_preview_job(struct db *db, int64_t now);

/* Blanks the personal data of requests decided (or left pending) more
 * than the retention period ago, forgets who made downloads as old, and
 * deletes download links expired as long ago.  The number of requests blanked in *n (may be NULL); 0 or -1. */
int materials_retention_run(struct db *db, int64_t now, unsigned days,
    int64_t *n);
/* The periodic job: materials_retention_run() with the configured period. */
int materials_retention_job(struct db *db, int64_t now);

/* Adds the demo materials (a small PDF and PNG made here, and a video
 * link) to the seed webinar, in the caller's transaction; the files go to
 * the store.  0 or -1. */
int materials_demo_load(struct db *db, int64_t now);

/*
 * The scale generator's materials (`tukiverkko demo --scale N`,
 * src/materials/scale_store.c): count materials of region_id, most of them
 * links, the rest files sharing the content of the demo's first file
 * (the store is content-addressed), with every access rule, each in the
 * library or attached to one of the n events.  Inside the caller's
 * transaction; the ids in *ids (count of them), 0 or -1.
 */
int materials_scale_fill(struct db *db, struct arena *a, uint64_t seed,
    int64_t region_id, const int64_t *events, size_t n, int64_t now,
    size_t count, int64_t **ids);

#endif

/*
 * internal.h - what the files of the materials module share and nobody
 * else needs: settings, the page helpers of the handlers.
 */
#ifndef TV_MATERIALS_INTERNAL_H
#define TV_MATERIALS_INTERNAL_H

#include "materials/materials.h"
#include "view/page.h"

#define MAT_UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define MAT_NOT_FOUND N_("The page you were looking for was not found.")

/* request_db() or a 503 answer (NULL). */
struct db *mat_db(struct request *r);

/* True when s is one of list[0..n). */
bool mat_in_list(const char *s, const char *const *list, size_t n);

/* Loads the material of the :id parameter that u may see.  0; otherwise
 * the answer (404, 503) has been given. */
int mat_load(struct request *r, struct db *db, struct material *m);

/* Starts an HTML page (no-store) with a crumb to the library. */
void mat_begin_page(struct request *r, int status, const char *title,
    struct view *v, struct page *p);

/* Labels of stored values in language l. */
const char *mat_access_label(enum lang l, const char *access);
const char *mat_topic_label(enum lang l, const char *topic);
const char *mat_type_label(enum lang l, const char *type);
const char *mat_lang_label(enum lang l, const char *code);

/* "1.2 MB" ("1,2 MB" in Finnish and Swedish) */
const char *mat_size_text(struct arena *a, enum lang l, int64_t size);

/* Sends a material's version as a download (or inline) after access has
 * been granted, logging it when it starts at the first byte.  via and the
 * ids as for mat_log_download(); grant: a link's id, whose use is counted
 * here too (refused when the link is used up: *used_up set).  */
void mat_send_version(struct request *r, struct db *db,
    const struct material *m, const struct mat_version *ver, bool as_inline,
    const char *via, int64_t account, int64_t registration, int64_t grant);

/* Makes the PNG preview of the stored PDF sha (pdftoppm, limited in
 * time and memory) and stores it: its hash into out.  0 or -1. */
int mat_make_preview(struct arena *a, const char *sha, char out[65]);

/* --- views for templates/materials/materials.tmpl --- */

struct mat_option {
	int64_t id;
	const char *label;
};

struct mat_library_view {
	const struct material *items;
	size_t n;
	const char *q, *type, *lang, *topic, *sort;	/* as asked, "" none */
	int64_t event;
	const struct mat_option *events;	/* events that have materials */
	size_t nevents;
	size_t total;				/* before the filters */
	bool can_add;
	int64_t npending;			/* requests in the viewer's queue */
};

struct mat_page_view {
	const struct material *m;
	const struct mat_version *versions;
	size_t nversions;
	const char *description_html;
	const char *type;			/* pdf, image, ... link */
	bool may_download, may_edit, preview;
	const char *notice;			/* msgid */
};

struct mat_request_form_view {
	const struct material *m;
	const char *csrf;
	const char *name, *organisation, *email, *purpose;
	const char *error, *error_field;	/* msgid, field id */
};

struct mat_request_row {
	int64_t id;
	int64_t material_id;
	const char *material_title;
	const char *name, *organisation, *email, *purpose, *status;
	int64_t created_at, decided_at;
	bool erased;
};

struct mat_queue_view {
	const char *csrf;
	const struct mat_request_row *pending;
	size_t npending;
	const struct mat_request_row *decided;
	size_t ndecided;
	const char *notice;			/* msgid */
};

struct mat_access_view {
	const struct material *m;
	const char *token;
	int64_t expires;
	int64_t uses_left;
	bool usable;
	const char *type;
};

struct mat_registrant_view {
	const char *token;
	const char *event_title;
	const struct material *items;
	size_t n;
};

struct mat_form {
	const char *kind, *title, *description, *lang, *author, *licence;
	const char *topic, *access, *url, *note;
	bool library;
	int64_t event, agenda_item, workspace;
};

struct mat_edit_view {
	const struct material *m;		/* NULL: a new material */
	const char *csrf;
	struct mat_form f;
	const struct mat_option *events, *items, *workspaces;
	size_t nevents, nitems, nworkspaces;
	const struct mat_version *versions;
	size_t nversions;
	const char *error, *error_field;	/* msgid, field id */
	const char *notice;			/* msgid */
	uint64_t max_bytes;
};

/* The confirmed registration of the :token parameter: its id and event.
 * 0; otherwise a 404 (or 503) has been given. */
int mat_registration(struct request *r, struct db *db, int64_t *reg,
    int64_t *event);

/* Is material `id` attached to the event or one of its agenda items? */
bool mat_in_event(struct db *db, struct arena *a, int64_t event, int64_t id,
    int *err);

/* The grant of the :token parameter with its material.  0 valid; 1
 * expired or used up (the material is loaded); otherwise the answer has
 * been given (404, 503). */
int mat_grant(struct request *r, struct db *db, int64_t *grant,
    struct material *m, int64_t *expires, int64_t *uses_left);

#endif

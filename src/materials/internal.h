/*
 * internal.h - what the files of the materials module share and nobody
 * else needs: settings, the page helpers of the handlers.
 */
#ifndef TV_MATERIALS_INTERNAL_H
#define TV_MATERIALS_INTERNAL_H

#include "materials/materials.h"
#include "view/page.h"

#define MAT_NOT_FOUND N_("The page you were looking for was not found.")

/* True when s is one of list[0..n). */
bool mat_in_list(const char *s, const char *const *list, size_t n);

/* Starts an HTML page (no-store) with a crumb to the library. */
void mat_begin_page(struct request *r, int status, const char *title,
    struct view *v, struct page *p);

/* Labels of stored values in language l. */
const char *mat_access_label(enum lang l, enum mat_access access);
const char *mat_topic_label(enum lang l, const char *topic);
const char *mat_type_label(enum lang l, enum mat_type type);
const char *mat_lang_label(enum lang l, const char *code);

/* "1.2 MB" ("1,2 MB" in Finnish and Swedish) */
const char *mat_size_text(struct arena *a, enum lang l, int64_t size);

/* Sends a material's version as a download (or inline) after access has
 * been granted, logging it when it starts at the first byte.  via and the
 * ids as for mat_log_download(); grant: a link's id, whose use is checked
 * and counted here in the same transaction (mat_grant_use(): a range
 * counts too, unless it resumes the link's last download), answering 410
 * when the link is used up or expired. */
void mat_send_version(struct request *r, struct db *db,
    const struct material *m, const struct mat_version *ver, bool as_inline,
    const char *via, int64_t account, int64_t registration, int64_t grant);

/* Makes the PNG preview of the stored PDF sha (pdftoppm, limited in
 * time and memory) and stores it: its hash into out.  0 or -1. */
int mat_make_preview(struct arena *a, const char *sha, char out[65]);

/* --- the database (store.c): lookups 0, DB_MISSING or -1 --- */

struct mat_option;
struct mat_request_row;

int mat_request_get(struct db *db, struct arena *a, int64_t id,
    struct mat_request_row *out);
/* Requests pending, or decided since `since`, oldest first, for the
 * materials of region `region` (policy_region_filter()) or owned by
 * `owner`, with their titles.  0 or -1. */
int mat_requests_recent(struct db *db, struct arena *a, int64_t since,
    int64_t region, int64_t owner, struct mat_request_row **out, size_t *n);
/* How many of those are pending.  0 or -1. */
int mat_requests_pending(struct db *db, int64_t region, int64_t owner,
    int64_t *n);
/* Is a request by `email` for `material` waiting already? */
int mat_request_waiting(struct db *db, int64_t material, const char *email);
/* material_request.status */
enum mat_request_status { MAT_REQ_PENDING, MAT_REQ_APPROVED,
	MAT_REQ_DECLINED };
extern const char *const mat_request_status_names[];
/* Parsed once in the row function; an unknown value (the CHECK allows
 * none) reads as declined, which offers no action. */
enum mat_request_status mat_request_status_parse(const char *s);

/* A new pending request.  0 or -1. */
int mat_request_insert(struct db *db, int64_t material,
    const struct mat_request_row *q, int64_t now);
/* Decides a pending request: 0, DB_MISSING when it is not pending (any
 * more), -1. */
int mat_request_decide(struct db *db, int64_t id,
    enum mat_request_status status, int64_t actor, int64_t now);
/* A download link for an approved request.  0 or -1. */
int mat_grant_insert(struct db *db, int64_t request, int64_t material,
    const char *hash, int64_t expires, int64_t now);
/* The address and language of an active account (the owner of a
 * material): 0, DB_MISSING, -1. */
int mat_owner_contact(struct db *db, struct arena *a, int64_t owner,
    const char **email, enum lang *l);
/* An event's title in l: 0, DB_MISSING, -1. */
int mat_event_title(struct db *db, struct arena *a, enum lang l,
    int64_t event, const char **title);
/* The download link whose token hashes to `hash`. */
int mat_grant_get(struct db *db, const char *hash, int64_t *id,
    int64_t *material, int64_t *expires, int64_t *uses_left);
/* Is material `id` attached to the event or one of its agenda items? */
int mat_in_event(struct db *db, struct arena *a, int64_t event, int64_t id);

/* Makes material `id`'s rows of material_event_link (the event filter's
 * copy of its links to events and agenda items, with its updated_at and
 * whether visitors see it) and its in_library (whether the library lists
 * it) again from material_link and material, in the caller's
 * transaction: after every write of its links, access or updated_at.
 * 0 or -1. */
int mat_event_links_refresh(struct db *db, int64_t id);

/* A new version (the next number into *number) of a material, in the
 * caller's transaction.  0 or -1. */
int mat_version_insert(struct db *db, int64_t material, const char *sha,
    uint64_t size, const char *mime, const char *filename, const char *note,
    int64_t actor, int64_t now, int64_t *number);

/*
 * The library's filters and page (pages.c fills it from the query):
 * what the viewer may see, the filters, the order, and a keyset cursor,
 * the (updated_at, id) of the row after or before which the page starts.
 */
enum mat_sort { MAT_SORT_NEW, MAT_SORT_OLD, MAT_SORT_TITLE };
struct mat_library_query {
	bool staff;			/* sees staff-only materials */
	const char *type, *lang, *topic;	/* "" for all */
	int64_t event;			/* 0 for all */
	enum mat_sort sort;
	enum { MAT_PAGE_FIRST, MAT_PAGE_AFTER, MAT_PAGE_BEFORE } dir;
	int64_t cursor_updated, cursor_id;
	size_t limit;
	/* The search, matched in C (it folds the text, which SQL does not
	 * do portably); NULL keeps every row. */
	bool (*keep)(const struct material *m, void *ctx);
	void *ctx;
};
/*
 * One page of the library: materials attached to the library, an event or
 * an agenda item (one only in a workspace stays there) that pass q, in
 * q's order; *more and *prev tell whether pages follow and come before.
 * Newest and oldest first read the rows in the index's order in batches
 * until the page is full, so a page costs its rows and those the search
 * passes over; an event's materials and the title order (Finnish order,
 * collate_fi) read the filtered set and order it in C.  0 or -1.
 */
int mat_library_page(struct db *db, struct arena *a,
    const struct mat_library_query *q, struct material **out, size_t *n,
    bool *more, bool *prev);
/* Events of the most recently changed materials, newest event first, at
 * most limit, titled in l; for visitors (staff false) only public ones
 * that are not drafts, through materials not for staff only.  0 or -1. */
int mat_events_with_materials(struct db *db, struct arena *a, enum lang l,
    bool staff, size_t limit, struct mat_option **out, size_t *n);
/* What a request on a download link would send. */
enum mat_use {
	MAT_USE_NONE,		/* no bytes: HEAD, 304, 416 */
	MAT_USE_START,		/* bytes from the first one */
	MAT_USE_RESUME		/* bytes from further on (a range) */
};
/* Checks and counts a request on download link `grant` inside the
 * caller's transaction (which holds the write lock, so two requests
 * cannot both take the last use).  A start takes a use; a resume within
 * MAT_LINK_RESUME_WINDOW of the last start, while fewer than
 * MAT_LINK_RESUMES have been taken, takes none, and any other resume is a
 * start.  0 allowed (*counted: a use was taken), 1 refused (expired or
 * used up), -1 error. */
int mat_grant_use(struct db *db, int64_t grant, int64_t now,
    enum mat_use kind, bool *counted);

/* PDF versions waiting for a preview, oldest first, at most max; and a
 * version's preview done (with its PNG's hash) or failed.  0 or -1. */
struct mat_pending_preview {
	int64_t id;
	const char *sha256;
};
int mat_previews_pending(struct db *db, struct arena *a, int64_t max,
    struct mat_pending_preview **out, size_t *n);
int mat_preview_set(struct db *db, int64_t version, const char *state,
    const char *sha);

/* The choices of the material form: events and agenda items of region
 * `region` (policy_region_filter()), workspaces u works on.  0 or -1. */
int mat_event_choices(struct db *db, struct arena *a, enum lang l,
    int64_t region, struct mat_option **out, size_t *n);
int mat_item_choices(struct db *db, struct arena *a, enum lang l,
    int64_t region, struct mat_option **out, size_t *n);
int mat_workspace_choices(struct db *db, struct arena *a, enum lang l,
    const struct user *u, struct mat_option **out, size_t *n);

/* --- what the route loaders (loaders.c) put in r->object --- */

/* A version of a material (materials_version_loader). */
struct mat_version_obj {
	struct material m;
	struct mat_version v;
};

/* A download link (materials_grant_loader), valid or not: the handler
 * answers 410 for one expired or used up. */
struct mat_grant_obj {
	int64_t id, expires, uses_left;
	struct material m;
};

/* A confirmed registration's link, and the material of :id when the
 * route names one (materials_registrant_file_loader). */
struct mat_registrant_obj {
	int64_t registration, event;
	struct material m;
};

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
	bool filtered;				/* a search or a filter */
	bool more, prev;			/* pages after and before */
	const char *base;			/* "/fi/materials" */
	const char *query;			/* the filter, for page links */
	bool can_add;
	int64_t npending;			/* requests in the viewer's queue */
};

struct mat_page_view {
	const struct material *m;
	const struct mat_version *versions;
	size_t nversions;
	const char *description_html;
	enum mat_type type;
	bool may_download, may_edit, preview;
	const char *notice;			/* msgid */
};

struct mat_request_form_view {
	const struct material *m;
	const char *csrf;
	const char *name, *organisation, *email, *purpose;
	struct form_errors errors;
};

struct mat_request_row {
	int64_t id;
	enum lang lang;				/* the asker's */
	int64_t material_id;
	const char *material_title;
	const char *name, *organisation, *email, *purpose;
	enum mat_request_status status;
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
	enum mat_type type;
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
	struct form_errors errors;
	const char *notice;			/* msgid */
	uint64_t max_bytes;
};

/* A request for a decision with its material (materials_request_loader). */
struct mat_request_obj {
	struct mat_request_row q;
	struct material m;
};

#endif

/*
 * edit.c - the material form: a new material's page, editing the details,
 * the access policy and where the material is attached.  Files arrive in
 * version.c (a new material with its file, a new version).
 *
 * The form manages the attachments of the types it knows; a link of a
 * type it does not know (a future module's) is left alone when the form
 * is saved.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/settings.h"
#include "base/time.h"
#include "base/utf8.h"
#include "http/parse.h"
#include "http/response.h"
#include "materials/edit.h"
#include "http/form.h"
#include "materials/internal.h"
#include "tmpl_materials.h"

/* A link's address: http(s)://host..., no spaces, quotes or controls. */
static bool
url_valid(const char *s)
{
	size_t n = strlen(s), i, skip;

	if (n > MAT_URL_MAX)
		return false;
	if (strncasecmp(s, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else
		return false;
	if (n == skip || s[skip] == '/' || s[skip] == '.' || s[skip] == ':')
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '"' ||
		    s[i] == '<' || s[i] == '>' || s[i] == '\\')
			return false;
	return true;
}

/* The options of a select from a query of (id, fi, sv, en[, extra]). */
static int
options(struct request *r, struct db_stmt *st, struct mat_option **out,
    size_t *n)
{
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *t = i18n_pick(r->lang, db_col_text(st, 1),
		    db_col_text(st, 2), db_col_text(st, 3), NULL);

		*out = arena_grow(&r->arena, *out, *n, &cap, sizeof(**out));
		(*out)[*n].id = db_col_int64(st, 0);
		(*out)[*n].label = arena_strdup(&r->arena, t);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* The events, agenda items and workspaces the form offers.  0 or -1. */
static int
edit_options(struct request *r, struct db *db, struct mat_edit_view *ev)
{
	struct mat_option *e, *it, *ws = NULL;
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	if (options(r, db_prepare(db, "SELECT id, title_fi, title_sv, title_en "
	    "FROM event ORDER BY starts_at DESC, id DESC LIMIT 200"), &e,
	    &ev->nevents) != 0)
		return -1;
	if (options(r, db_prepare(db, "SELECT i.id, e.title_fi || ': ' || "
	    "i.title_fi, e.title_sv || ': ' || i.title_sv, e.title_en || ': ' || "
	    "i.title_en FROM agenda_item i JOIN event e ON e.id = i.event_id "
	    "ORDER BY e.starts_at DESC, i.starts_at, i.id LIMIT 500"), &it,
	    &ev->nitems) != 0)
		return -1;
	ev->events = e;
	ev->items = it;
	/* Workspaces: those the viewer works on. */
	st = db_prepare(db, "SELECT w.id, w.municipality_code, m.region_id, "
	    "m.name_fi, m.name_sv, m.name_en, p.year FROM workspace w JOIN "
	    "municipality m ON m.code = w.municipality_code JOIN "
	    "programme_period p ON p.id = w.period_id ORDER BY p.year DESC, "
	    "m.name_fi");
	if (st == NULL)
		return -1;
	ev->nworkspaces = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!policy_works_on(&r->user, db_col_text(st, 1),
		    db_col_int64(st, 2)))
			continue;
		ws = arena_grow(&r->arena, ws, ev->nworkspaces, &cap, sizeof(*ws));
		ws[ev->nworkspaces].id = db_col_int64(st, 0);
		ws[ev->nworkspaces].label = arena_printf(&r->arena, "%s %lld",
		    i18n_pick(r->lang, db_col_text(st, 3), db_col_text(st, 4),
		    db_col_text(st, 5), NULL), (long long)db_col_int64(st, 6));
		ev->nworkspaces++;
	}
	db_done(st);
	ev->workspaces = ws;
	return rc == DB_DONE ? 0 : -1;
}

static bool
option_has(const struct mat_option *o, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (o[i].id == id)
			return true;
	return false;
}

int
mat_edit_render(struct request *r, struct db *db, int status,
    struct mat_edit_view *ev)
{
	struct mat_version *versions;
	struct view v;
	struct page p;

	if ((ev->events == NULL && ev->nevents == 0 &&
	    edit_options(r, db, ev) != 0))
		return -1;
	if (ev->m != NULL && ev->m->has_file && ev->versions == NULL) {
		if (mat_versions(db, &r->arena, ev->m->id, &versions,
		    &ev->nversions) != 0)
			return -1;
		ev->versions = versions;
	}
	ev->csrf = csrf_token(r);
	ev->max_bytes = config_get()->upload_max;
	mat_begin_page(r, status, ev->m ? i18n_text(r->lang, "Edit the material") :
	    i18n_text(r->lang, "Add a material"), &v, &p);
	if (ev->m != NULL)
		page_crumb(&p, ev->m->title, arena_printf(&r->arena,
		    "/%s/materials/%lld", lang_code(r->lang),
		    (long long)ev->m->id));
	page_crumb(&p, p.title, NULL);
	page_mat_edit(&v, &p, ev);
	return 0;
}

/* An id select's value: 0 for none; -1 when it is not an id. */
static int64_t
id_field(struct request *r, const char *name)
{
	const char *s = form_field(r, name);
	int64_t id;

	if (s[0] == '\0')
		return 0;
	return id_parse(s, &id) == 0 ? id : -1;
}

int
mat_form_read(struct request *r, struct db *db, bool is_new, bool is_link,
    struct mat_edit_view *ev)
{
	static const char *const langs[] = { "fi", "sv", "en" };
	struct mat_form *f = &ev->f;

	f->kind = is_link ? "link" : "file";
	f->title = form_field(r, "title");
	f->description = form_field(r, "description");
	f->lang = form_field(r, "lang");
	f->author = form_field(r, "author");
	f->licence = form_field(r, "licence");
	f->topic = form_field(r, "topic");
	f->access = form_field(r, "access");
	f->url = form_field(r, "url");
	f->note = form_field(r, "note");
	f->library = kv_get(&r->form, "library") != NULL;
	f->event = id_field(r, "event");
	f->agenda_item = id_field(r, "agenda_item");
	f->workspace = id_field(r, "workspace");
	if (edit_options(r, db, ev) != 0)
		return -1;
#define FAIL(msg, fld) do { ev->error = (msg); ev->error_field = (fld); \
	return 400; } while (0)
	if (f->title[0] == '\0')
		FAIL(N_("Write a title."), "title");
	if (utf8_chars(f->title) > MAT_TITLE_MAX)
		FAIL(N_("The title is too long: at most 200 characters."), "title");
	if (utf8_chars(f->description) > MAT_TEXT_MAX)
		FAIL(N_("The description is too long: at most 5000 characters."),
		    "description");
	if (!mat_in_list(f->lang, langs, 3))
		FAIL(N_("Choose the language from the list."), "lang");
	if (utf8_chars(f->author) > MAT_SHORT_MAX)
		FAIL(N_("The author is too long: at most 200 characters."), "author");
	if (utf8_chars(f->licence) > MAT_SHORT_MAX)
		FAIL(N_("The licence is too long: at most 200 characters."),
		    "licence");
	if (f->topic[0] != '\0' && !mat_in_list(f->topic, mat_topics, mat_ntopics))
		FAIL(N_("Choose the topic from the list."), "topic");
	if (!mat_in_list(f->access, mat_access_values, mat_access_count))
		FAIL(N_("Choose who can get the material."), "access");
	if (is_link && !url_valid(f->url))
		FAIL(N_("Write the link address in full, starting with https://."),
		    "url");
	if (f->event < 0 || (f->event && !option_has(ev->events, ev->nevents,
	    f->event)))
		FAIL(N_("Choose the event from the list."), "event");
	if (f->agenda_item < 0 || (f->agenda_item && !option_has(ev->items,
	    ev->nitems, f->agenda_item)))
		FAIL(N_("Choose the agenda item from the list."), "agenda_item");
	if (f->workspace < 0 || (f->workspace && !option_has(ev->workspaces,
	    ev->nworkspaces, f->workspace)))
		FAIL(N_("Choose the workspace from the list."), "workspace");
	if (strcmp(f->access, "registrants") == 0 && f->event == 0 &&
	    f->agenda_item == 0)
		FAIL(N_("A material for the registrants of an event must be attached to the event or one of its agenda items."),
		    "event");
	if (utf8_chars(f->note) > MAT_SHORT_MAX)
		FAIL(N_("The note is too long: at most 200 characters."), "note");
#undef FAIL
	(void)is_new;
	return 0;
}

static int
exec_link(struct db *db, int64_t id, const char *type, int64_t target, int pos)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO material_link "
	    "(material_id, target_type, target_id, position) VALUES (?1, ?2, "
	    "?3, ?4)");
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_cstr(st, 2, type);
	db_bind_int64(st, 3, target);
	db_bind_int64(st, 4, pos);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int64_t
mat_save(struct db *db, int64_t id, int64_t region, int64_t owner,
    const struct mat_form *f, int64_t now)
{
	struct db_stmt *st;
	int rc;

	if (id == 0)
		st = db_prepare(db, "INSERT INTO material (region_id, kind, title, "
		    "description, lang, author, licence, topic, access, url, "
		    "owner_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
		    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
	else
		st = db_prepare(db, "UPDATE material SET title = ?3, "
		    "description = ?4, lang = ?5, author = ?6, licence = ?7, "
		    "topic = ?8, access = ?9, url = CASE WHEN kind = 'link' THEN "
		    "?10 ELSE url END, updated_at = ?12 WHERE id = ?1");
	if (st == NULL)
		return -1;
	/* The update leaves kind and owner as they are: ?2 and ?11 are
	 * bound for the insert's sake only. */
	db_bind_int64(st, 1, id == 0 ? region : id);
	db_bind_cstr(st, 2, f->kind);
	db_bind_cstr(st, 3, f->title);
	db_bind_cstr(st, 4, f->description);
	db_bind_cstr(st, 5, f->lang);
	db_bind_cstr(st, 6, f->author);
	db_bind_cstr(st, 7, f->licence);
	db_bind_cstr(st, 8, f->topic);
	db_bind_cstr(st, 9, f->access);
	db_bind_cstr(st, 10, strcmp(f->kind, "link") == 0 ? f->url : "");
	if (owner)
		db_bind_int64(st, 11, owner);
	else
		db_bind_null(st, 11);
	db_bind_int64(st, 12, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (id == 0)
		id = db_last_id(db);
	st = db_prepare(db, "DELETE FROM material_link WHERE material_id = ?1 "
	    "AND target_type IN ('library', 'event', 'agenda_item', "
	    "'workspace')");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE ||
	    (f->library && exec_link(db, id, "library", 0, 0) != 0) ||
	    (f->event && exec_link(db, id, "event", f->event, 1) != 0) ||
	    (f->agenda_item && exec_link(db, id, "agenda_item", f->agenda_item,
	    2) != 0) ||
	    (f->workspace && exec_link(db, id, "workspace", f->workspace, 3) != 0))
		return -1;
	return id;
}

void
materials_new(struct request *r)
{
	struct mat_edit_view ev;
	struct db *db;

	if ((db = mat_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.f.kind = "file";
	ev.f.title = ev.f.description = ev.f.author = ev.f.licence = "";
	ev.f.topic = ev.f.url = ev.f.note = "";
	ev.f.lang = lang_code(r->lang);
	ev.f.access = "public";
	ev.f.library = true;
	if (mat_edit_render(r, db, 200, &ev) != 0)
		response_error(r, 503, MAT_UNAVAILABLE);
}

/* Loads the material of :id for editing.  0, or answered (404). */
static int
load_editable(struct request *r, struct db *db, struct material *m)
{
	if (mat_load(r, db, m) != 0)
		return -1;
	if (!materials_may_edit(&r->user, m)) {
		response_error(r, 404, MAT_NOT_FOUND);
		return -1;
	}
	return 0;
}

int
mat_load_editable(struct request *r, struct db *db, struct material *m)
{
	return load_editable(r, db, m);
}

void
materials_edit(struct request *r)
{
	struct mat_edit_view ev;
	struct material m;
	struct db *db;
	size_t i;

	if ((db = mat_db(r)) == NULL || load_editable(r, db, &m) != 0)
		return;
	if (mat_load_targets(db, &r->arena, r->lang, &m) != 0) {
		response_error(r, 503, MAT_UNAVAILABLE);
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
	ev.f.note = "";
	for (i = 0; i < m.ntargets; i++) {
		const struct mat_target *t = &m.targets[i];

		if (strcmp(t->type, "library") == 0)
			ev.f.library = true;
		else if (strcmp(t->type, "event") == 0)
			ev.f.event = t->id;
		else if (strcmp(t->type, "agenda_item") == 0)
			ev.f.agenda_item = t->id;
		else if (strcmp(t->type, "workspace") == 0)
			ev.f.workspace = t->id;
	}
	if (kv_get(&r->query, "done") != NULL &&
	    strcmp(kv_get(&r->query, "done"), "saved") == 0)
		ev.notice = N_("The changes have been saved.");
	if (mat_edit_render(r, db, 200, &ev) != 0)
		response_error(r, 503, MAT_UNAVAILABLE);
}

void
materials_update(struct request *r)
{
	struct mat_edit_view ev;
	struct material m;
	struct db *db;
	int64_t now = time_now();
	int status;

	if ((db = mat_db(r)) == NULL || load_editable(r, db, &m) != 0)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.m = &m;
	status = mat_form_read(r, db, false, strcmp(m.kind, "link") == 0, &ev);
	if (status < 0) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	if (status != 0) {
		if (mat_edit_render(r, db, status, &ev) != 0)
			response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	if (db_begin(db) != 0) {
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	if (mat_save(db, m.id, m.region_id, m.owner_id, &ev.f, now) < 0 ||
	    audit_record(db, r->user.id, request_address(r), "material.update",
	    "material", arena_printf(&r->arena, "%lld", (long long)m.id),
	    ev.f.access, now) != 0 ||
	    db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, MAT_UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/materials/%lld?done=saved", lang_code(r->lang),
	    (long long)m.id));
}

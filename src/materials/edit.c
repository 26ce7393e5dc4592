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

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/settings.h"
#include "base/time.h"
#include "base/utf8.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "materials/edit.h"
#include "http/form.h"
#include "materials/internal.h"
#include "tmpl_materials.h"

/* The events, agenda items and workspaces the form offers: those of the
 * user's region (the workspaces: those the user works on).  0 or -1. */
static int
edit_options(struct request *r, struct db *db, struct mat_edit_view *ev)
{
	struct mat_option *e, *it, *ws;
	int64_t region = policy_region_filter(&r->user);

	if (mat_event_choices(db, &r->arena, r->lang, region, &e,
	    &ev->nevents) != 0 ||
	    mat_item_choices(db, &r->arena, r->lang, region, &it,
	    &ev->nitems) != 0 ||
	    mat_workspace_choices(db, &r->arena, r->lang, &r->user, &ws,
	    &ev->nworkspaces) != 0)
		return -1;
	ev->events = e;
	ev->items = it;
	ev->workspaces = ws;
	return 0;
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
	page_form_errors(&p, &ev->errors);
	if (ev->m != NULL)
		page_crumb(&p, ev->m->title, url_for(&r->arena, r->lang,
		    "materials.page", url_id(&r->arena, ev->m->id), NULL));
	page_crumb(&p, p.title, NULL);
	page_mat_edit(&v, &p, ev);
	return 0;
}

/* A select of options by id: the id, 0 for none (a mistake when it is
 * not one of the options). */
static int64_t
option_field(struct form *f, const char *name, const struct mat_option *o,
    size_t n, const char *msgid)
{
	const char *v = form_value(f, name);
	int64_t id;

	if (v[0] == '\0')
		return 0;
	if (id_parse(v, &id) != 0 || !option_has(o, n, id)) {
		form_error(f, name, msgid);
		return 0;
	}
	return id;
}

/* Text whose mistake is either "empty" or "too long". */
static const char *
required_text(struct form *f, const char *name, size_t max,
    const char *empty, const char *too_long)
{
	return form_text(f, name, FORM_REQUIRED, max,
	    form_value(f, name)[0] == '\0' ? empty : too_long);
}

bool
mat_edit_mistakes(struct request *r, struct db *db, const struct form *f,
    struct mat_edit_view *ev)
{
	if (form_ok(f))
		return false;
	ev->errors = form_errors(f);
	if (mat_edit_render(r, db, 400, ev) != 0)
		response_unavailable(r);
	return true;
}

int
mat_form_read(struct form *f, struct db *db, bool is_link,
    struct mat_edit_view *ev)
{
	static const char *const langs[] = { "fi", "sv", "en" };
	struct request *r = f->r;
	struct mat_form *mf = &ev->f;
	int i;

	if (edit_options(r, db, ev) != 0)
		return -1;
	/* In the page's order, so the summary lists the mistakes so too. */
	mf->kind = is_link ? "link" : "file";
	mf->url = form_value(f, "url");
	if (is_link && !form_web_url_valid(mf->url, MAT_URL_MAX))
		form_error(f, "url", N_("Write the link address in full, starting with https://."));
	mf->title = required_text(f, "title", MAT_TITLE_MAX,
	    N_("Write a title."),
	    N_("The title is too long: at most 200 characters."));
	mf->description = form_text(f, "description", FORM_MULTILINE,
	    MAT_TEXT_MAX,
	    N_("The description is too long: at most 5000 characters."));
	i = form_choice(f, "lang", langs, 3, FORM_REQUIRED,
	    N_("Choose the language from the list."));
	mf->lang = i >= 0 ? langs[i] : form_value(f, "lang");
	mf->author = form_text(f, "author", 0, MAT_SHORT_MAX,
	    N_("The author is too long: at most 200 characters."));
	mf->licence = form_text(f, "licence", 0, MAT_SHORT_MAX,
	    N_("The licence is too long: at most 200 characters."));
	i = form_choice(f, "topic", mat_topics, mat_ntopics, 0,
	    N_("Choose the topic from the list."));
	mf->topic = i >= 0 ? mat_topics[i] : form_value(f, "topic");
	i = form_choice(f, "access", mat_access_values, mat_access_count,
	    FORM_REQUIRED, N_("Choose who can get the material."));
	mf->access = i >= 0 ? mat_access_values[i] : form_value(f, "access");
	mf->library = form_checkbox(f, "library");
	mf->event = option_field(f, "event", ev->events, ev->nevents,
	    N_("Choose the event from the list."));
	mf->agenda_item = option_field(f, "agenda_item", ev->items, ev->nitems,
	    N_("Choose the agenda item from the list."));
	mf->workspace = option_field(f, "workspace", ev->workspaces,
	    ev->nworkspaces, N_("Choose the workspace from the list."));
	if (strcmp(mf->access, "registrants") == 0 && mf->event == 0 &&
	    mf->agenda_item == 0)
		form_error(f, "event", N_("A material for the registrants of an event must be attached to the event or one of its agenda items."));
	mf->note = form_text(f, "note", 0, MAT_SHORT_MAX,
	    N_("The note is too long: at most 200 characters."));
	return 0;
}

void
materials_new(struct request *r)
{
	struct mat_edit_view ev;
	struct db *db;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.f.kind = "file";
	ev.f.title = ev.f.description = ev.f.author = ev.f.licence = "";
	ev.f.topic = ev.f.url = ev.f.note = "";
	ev.f.lang = lang_code(r->lang);
	ev.f.access = "public";
	ev.f.library = true;
	if (mat_edit_render(r, db, 200, &ev) != 0)
		response_unavailable(r);
}

void
materials_edit(struct request *r)
{
	struct mat_edit_view ev;
	struct material m = *(struct material *)request_object(r);
	struct db *db;
	size_t i;

	if ((db = response_db(r)) == NULL)
		return;
	if (mat_load_targets(db, &r->arena, r->lang, &m) != 0) {
		response_unavailable(r);
		return;
	}
	memset(&ev, 0, sizeof(ev));
	ev.m = &m;
	ev.f.kind = m.is_link ? "link" : "file";
	ev.f.title = m.title;
	ev.f.description = m.description;
	ev.f.lang = lang_code(m.lang);
	ev.f.author = m.author;
	ev.f.licence = m.licence;
	ev.f.topic = m.topic;
	ev.f.access = mat_access_values[m.access];
	ev.f.url = m.url;
	ev.f.note = "";
	for (i = 0; i < m.ntargets; i++) {
		const struct mat_target *t = &m.targets[i];

		if (t->type == MAT_TARGET_LIBRARY)
			ev.f.library = true;
		else if (t->type == MAT_TARGET_EVENT)
			ev.f.event = t->id;
		else if (t->type == MAT_TARGET_AGENDA_ITEM)
			ev.f.agenda_item = t->id;
		else if (t->type == MAT_TARGET_WORKSPACE)
			ev.f.workspace = t->id;
	}
	if (kv_get(&r->query, "done") != NULL &&
	    strcmp(kv_get(&r->query, "done"), "saved") == 0)
		ev.notice = N_("The changes have been saved.");
	if (mat_edit_render(r, db, 200, &ev) != 0)
		response_unavailable(r);
}

void
materials_update(struct request *r)
{
	const struct material *m = request_object(r);
	struct mat_edit_view ev;
	struct form f;
	struct db *db;
	int64_t now = time_now();

	if ((db = response_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.m = m;
	form_begin(&f, r);
	if (mat_form_read(&f, db, m->is_link, &ev) != 0) {
		response_unavailable(r);
		return;
	}
	if (mat_edit_mistakes(r, db, &f, &ev))
		return;
	if (db_begin(db) != 0 ||
	    mat_save(db, m->id, m->region_id, m->owner_id, &ev.f, now) < 0 ||
	    audit_commit(r, db, "material.update", "material", m->id,
	    ev.f.access, now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=saved",
	    url_for(&r->arena, r->lang, "materials.page", url_id(&r->arena,
	    m->id), NULL)));
}

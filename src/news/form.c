/*
 * form.c - the post form, read with the form model (view/form.h): every
 * mistake is recorded under its field and the values are kept as
 * written, so the editor sees all mistakes at once.
 */
#include <stdint.h>
#include <string.h>

#include "base/time.h"
#include "http/parse.h"
#include "news/views.h"

#define MSG_CONTROL N_("The text has control characters that cannot be saved. Remove them and try again.")
#define MSG_EVENT N_("Choose the event from the list.")
#define MSG_MATERIALS N_("Choose the materials from the list.")
#define MSG_WHEN N_("Write the date and time of publication.")

bool
news_form_has_material(const struct news_form *nf, int64_t id)
{
	size_t i;

	for (i = 0; i < nf->nmaterials; i++)
		if (nf->materials[i] == id)
			return true;
	return false;
}

/* Text of a language version.  Read twice so that a control character
 * and a text too long each get their own message (the first one found
 * is kept). */
static const char *
version_text(struct form *f, const char *name, size_t max, const char *msg)
{
	unsigned flags = strncmp(name, "title", 5) == 0 ? 0 : FORM_MULTILINE;

	form_text(f, name, flags, SIZE_MAX, MSG_CONTROL);
	return form_text(f, name, flags, max, msg);
}

static void
read_versions(struct form *f, struct news_form *nf, struct news_post *out)
{
	struct arena *a = &f->r->arena;
	int l, n = 0;

	for (l = 0; l < LANG_COUNT; l++) {
		const char *c = lang_code((enum lang)l);
		const char *tid = arena_printf(a, "title_%s", c);

		nf->title[l] = version_text(f, tid, NEWS_TITLE_MAX,
		    N_("The news title is too long: at most 200 characters."));
		nf->lead[l] = version_text(f, arena_printf(a, "lead_%s", c),
		    NEWS_LEAD_MAX,
		    N_("The lead is too long: at most 600 characters."));
		nf->body[l] = version_text(f, arena_printf(a, "body_%s", c),
		    NEWS_BODY_MAX,
		    N_("The text is too long: at most 50,000 characters."));
		if (nf->title[l][0] == '\0') {
			if (nf->lead[l][0] != '\0' || nf->body[l][0] != '\0')
				form_error(f, tid, N_("Write a title for this language version, or empty its other fields to leave the language out."));
			continue;
		}
		out->v[l].title = nf->title[l];
		out->v[l].lead = nf->lead[l];
		out->v[l].body = nf->body[l];
		n++;
	}
	if (n == 0)
		form_error(f, "title_fi", N_("Write the news post in at least one language: a title at least."));
}

static void
read_event(struct form *f, struct news_edit_view *ev,
    struct news_post *out)
{
	const char *v = form_value(f, "event");
	int64_t id;
	size_t i;

	ev->f.event = v;
	if (v[0] == '\0')
		return;
	if (id_parse(v, &id) == 0)
		for (i = 0; i < ev->nevents; i++)
			if (ev->events[i].id == id) {
				out->event_id = id;
				return;
			}
	form_error(f, "event", MSG_EVENT);
}

/* The checked materials (a field sent once per box), each once, in the
 * order sent. */
static void
read_materials(struct form *f, struct news_edit_view *ev)
{
	const struct kv_list *form = &f->r->form;
	struct news_form *nf = &ev->f;
	size_t i, k;
	int64_t id;

	nf->materials = arena_calloc(&f->r->arena, form->n ? form->n : 1,
	    sizeof(*nf->materials));
	nf->nmaterials = 0;
	for (i = 0; i < form->n; i++) {
		if (strcmp(form->items[i].name, "material") != 0)
			continue;
		for (k = 0; k < ev->nmaterials; k++)
			if (id_parse(form->items[i].value, &id) == 0 &&
			    ev->materials[k].id == id)
				break;
		if (k == ev->nmaterials)
			form_error(f, "materials", MSG_MATERIALS);
		else if (!news_form_has_material(nf, id))
			nf->materials[nf->nmaterials++] = id;
	}
	if (nf->nmaterials > NEWS_MATERIALS_MAX)
		form_error(f, "materials", N_("A news post can link to at most 30 materials."));
}

/* Draft, now, or at a time (a time written for a draft is kept for
 * later).  The radios have no control of their own name: the mistake is
 * shown at the first one. */
static void
read_publication(struct form *f, struct news_form *nf, struct news_post *out,
    int64_t now, int64_t *publish_at)
{
	nf->publish = form_value(f, "publish");
	nf->date = form_value(f, "publish_date");
	nf->time = form_value(f, "publish_time");
	if (strcmp(nf->publish, "now") == 0) {
		out->published = true;
		*publish_at = now;
	} else if (strcmp(nf->publish, "at") == 0) {
		out->published = true;
		/* An empty field gets its own message; the date is read
		 * first so that the mistakes come in the page's order. */
		if (nf->date[0] == '\0')
			form_error(f, "publish_date", MSG_WHEN);
		form_date(f, "publish_date", 0);
		if (nf->time[0] == '\0')
			form_error(f, "publish_time", MSG_WHEN);
		*publish_at = form_datetime(f, "publish_date", "publish_time",
		    FORM_REQUIRED);
	} else if (strcmp(nf->publish, "draft") == 0)
		*publish_at = form_datetime(f, "publish_date", "publish_time", 0);
	else
		form_error(f, "publish-draft", N_("Choose when the news post is published."));
}

void
news_form_read(struct form *f, struct news_edit_view *ev,
    struct news_post *out, int64_t now, int64_t *publish_at)
{
	memset(out, 0, sizeof(*out));
	*publish_at = 0;
	read_versions(f, &ev->f, out);
	read_event(f, ev, out);
	read_materials(f, ev);
	read_publication(f, &ev->f, out, now, publish_at);
	out->publish_at = *publish_at;
}

/*
 * form.c - the achievement form, read with the form model (view/form.h):
 * every mistake is recorded under its field and the values are kept as
 * written, so the coordinator sees all mistakes at once.  An uploaded
 * image is checked by its bytes (badge_image.h): PNG or SVG, nothing
 * else.
 */
#include <string.h>

#include "base/utf8.h"
#include "http/upload.h"
#include "learning/badge_image.h"
#include "learning/views.h"

const char *
learn_kind_label(enum lang l, enum badge_achievement_type t)
{
	switch (t) {
	case BADGE_TYPE_COMPETENCY:
		return i18n_text(l, "Competence");
	case BADGE_TYPE_COURSE:
		return i18n_text(l, "Course");
	case BADGE_TYPE_ASSESSMENT_RESULT:
		return i18n_text(l, "Assessment result");
	case BADGE_TYPE_CERTIFICATE:
		return i18n_text(l, "Certificate");
	case BADGE_TYPE_BADGE:
		break;
	}
	return i18n_text(l, "Badge");
}

static void
read_texts(struct form *f, struct learn_ach_form *af, struct achievement *out)
{
	struct arena *a = &f->r->arena;
	int l, n = 0;

	for (l = 0; l < LANG_COUNT; l++) {
		const char *c = lang_code((enum lang)l);
		const char *nid = arena_printf(a, "name_%s", c);
		const char *did = arena_printf(a, "description_%s", c);
		const char *cid = arena_printf(a, "criteria_%s", c);

		af->name[l] = form_text(f, nid, 0, LEARN_NAME_MAX,
		    N_("The name is too long or has control characters: at most 120 characters on one line."));
		af->description[l] = form_text(f, did, FORM_MULTILINE,
		    LEARN_TEXT_MAX, N_("The description is too long: at most 2,000 characters."));
		af->criteria[l] = form_text(f, cid, FORM_MULTILINE,
		    LEARN_TEXT_MAX, N_("The criteria are too long: at most 2,000 characters."));
		out->name[l] = af->name[l];
		out->description[l] = af->description[l];
		out->criteria[l] = af->criteria[l];
		if (af->name[l][0] == '\0' && af->description[l][0] == '\0' &&
		    af->criteria[l][0] == '\0')
			continue;
		n++;
		if (af->name[l][0] == '\0')
			form_error(f, nid, N_("Write the name of this language version, or leave all its fields empty."));
		if (af->description[l][0] == '\0')
			form_error(f, did, N_("Write the description of this language version, or leave all its fields empty."));
		if (af->criteria[l][0] == '\0')
			form_error(f, cid, N_("Write the criteria of this language version, or leave all its fields empty."));
	}
	if (n == 0)
		form_error(f, "name_fi", N_("Write the badge in at least one language: its name, description and criteria."));
}

static void
read_kind(struct form *f, struct learn_ach_form *af, struct achievement *out)
{
	static const char *const kinds[] = { "Badge", "Competency", "Course",
	    "AssessmentResult", "Certificate" };
	int k = form_choice(f, "kind", kinds, 5, FORM_REQUIRED,
	    N_("Choose what kind of achievement the badge is."));

	af->kind = form_value(f, "kind");
	if (k >= 0)
		learn_kind_parse(kinds[k], &out->kind);
}

/* The comma-separated tags of language l (field tags_<l>): each at most
 * LEARN_TAG_MAX characters, at most LEARN_TAGS_MAX of them, each once;
 * only for a language version the badge has. */
static void
read_tags_of(struct form *f, struct learn_ach_form *af,
    struct achievement *out, int l)
{
	struct arena *a = &f->r->arena;
	const char *c = lang_code((enum lang)l);
	const char *tid = arena_printf(a, "tags_%s", c);
	const char **tags, *p, *e, *s;
	size_t n = 0, i, len;

	af->tags[l] = form_text(f, tid, 0, 1000,
	    N_("Write the tags on one line, separated by commas."));
	if (af->tags[l][0] != '\0' && af->name[l][0] == '\0' &&
	    af->description[l][0] == '\0' && af->criteria[l][0] == '\0')
		form_error(f, arena_printf(a, "name_%s", c), N_("Write the name of this language version, or leave all its fields empty."));
	tags = arena_calloc(a, LEARN_TAGS_MAX + 1, sizeof(*tags));
	for (p = af->tags[l]; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		len = (size_t)(e - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 0)
			continue;
		s = arena_strndup(a, p, len);
		if (utf8_chars(s) > LEARN_TAG_MAX) {
			form_error(f, tid, N_("A tag can be at most 40 characters long."));
			return;
		}
		for (i = 0; i < n && strcmp(tags[i], s) != 0; i++)
			;
		if (i < n)
			continue;
		if (n == LEARN_TAGS_MAX) {
			form_error(f, tid, N_("A badge can have at most 10 tags."));
			return;
		}
		tags[n++] = s;
	}
	out->tags[l] = tags;
	out->ntags[l] = n;
}

static void
read_alignments(struct form *f, struct learn_ach_form *af,
    struct achievement *out)
{
	struct arena *a = &f->r->arena;
	struct learn_alignment *v;
	int i;

	v = arena_calloc(a, LEARN_ALIGN_MAX, sizeof(*v));
	for (i = 0; i < LEARN_ALIGN_MAX; i++) {
		struct learn_alignment *al = &af->al[i];
		const char *nid = arena_printf(a, "align_name_%d", i + 1);
		const char *uid = arena_printf(a, "align_url_%d", i + 1);

		al->target_name = form_text(f, nid, 0, 300,
		    N_("The name of the framework's item is too long: at most 300 characters."));
		al->target_url = form_text(f, uid, 0, LEARN_URL_MAX,
		    N_("Write the address of the framework's item, starting with https://."));
		al->target_framework = form_text(f, arena_printf(a,
		    "align_framework_%d", i + 1), 0, 200,
		    N_("The framework's name is too long: at most 200 characters."));
		al->target_code = form_text(f, arena_printf(a, "align_code_%d",
		    i + 1), 0, 100, N_("The code is too long: at most 100 characters."));
		al->target_description = "";
		if (al->target_name[0] == '\0' && al->target_url[0] == '\0' &&
		    al->target_framework[0] == '\0' && al->target_code[0] == '\0')
			continue;
		if (al->target_name[0] == '\0')
			form_error(f, nid, N_("Write the name of the framework's item, or leave the whole row empty."));
		if (!form_web_url_valid(al->target_url, LEARN_URL_MAX))
			form_error(f, uid, N_("Write the address of the framework's item, starting with https://."));
		v[out->nalignments++] = *al;
	}
	out->alignments = v;
}

/* The image: kept, uploaded (checked) or generated from the name. */
static void
read_image(struct form *f, struct learn_edit_view *ev, struct achievement *out,
    const unsigned char **image, size_t *nimage)
{
	static const char *const ways[] = { "keep", "upload", "generate" };
	const struct upload *u = request_upload(f->r, "image_file");
	const char *data, *msg, *name = NULL;
	int way, l;

	*image = NULL;
	*nimage = 0;
	way = form_choice(f, "image", ways, 3, FORM_REQUIRED,
	    N_("Choose where the badge's image comes from."));
	ev->f.image = form_value(f, "image");
	if (way == 0 && ev->ac == NULL) {
		form_error(f, "image", N_("Choose where the badge's image comes from."));
		return;
	}
	if (way == 0) {
		out->image_type = ev->ac->image_type;
		out->image_generated = ev->ac->image_generated;
		return;
	}
	if (way == 2) {
		for (l = 0; l < LANG_COUNT && name == NULL; l++)
			if (out->name[l] != NULL && out->name[l][0] != '\0')
				name = out->name[l];
		if (name == NULL)
			return;		/* the name's own mistake says it */
		*image = (const unsigned char *)badge_svg_generate(&f->r->arena,
		    name, lang_code((enum lang)(l - 1)));
		*nimage = strlen((const char *)*image);
		out->image_type = LEARN_IMAGE_SVG;
		out->image_generated = true;
		return;
	}
	if (way != 1)
		return;
	if (u == NULL || u->size == 0) {
		form_error(f, "image_file", N_("Choose the image file to upload: a PNG or SVG image."));
		return;
	}
	if (u->size > LEARN_IMAGE_MAX ||
	    upload_read(u, &f->r->arena, LEARN_IMAGE_MAX, &data) != 0) {
		form_error(f, "image_file", N_("The image is too large: at most 256 KB."));
		return;
	}
	if ((msg = badge_image_check((const unsigned char *)data, u->size,
	    &out->image_type)) != NULL) {
		form_error(f, "image_file", msg);
		return;
	}
	*image = (const unsigned char *)data;
	*nimage = u->size;
	out->image_generated = false;
}

void
learn_form_read(struct form *f, struct learn_edit_view *ev,
    struct achievement *out, const unsigned char **image, size_t *nimage)
{
	int l;

	memset(out, 0, sizeof(*out));
	if (ev->ac != NULL) {
		out->id = ev->ac->id;
		out->region_id = ev->ac->region_id;
	}
	read_texts(f, &ev->f, out);
	read_kind(f, &ev->f, out);
	for (l = 0; l < LANG_COUNT; l++)
		read_tags_of(f, &ev->f, out, l);
	read_alignments(f, &ev->f, out);
	read_image(f, ev, out, image, nimage);
}

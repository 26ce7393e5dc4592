/*
 * widget.c - the directory's embeddable widget (issue #15): a
 * municipality's colours and their stylesheet, and the staff page that
 * sets them and gives the snippet to copy.  The widget page itself is
 * the search's (pages.c, directory_widget()).
 *
 *	GET  /directory/widget-style/:code		the colours as CSS
 *	GET  /:lang/staff/directory/widget/:code	colours, preview, snippet
 *	POST /:lang/staff/directory/widget/:code	save the colours
 *
 * The page is framed on other sites, where a style attribute or an inline
 * <style> would need the widget's CSP to allow inline style; so the
 * colours are a small stylesheet of their own, addressed with a version
 * made from the colours (?v=), and kept by browsers like a static file.
 * Colours are "#rrggbb"; the accent must read as link text on white, and
 * the title on the accent, each with a contrast of at least 4.5:1 (WCAG
 * 2.1, 1.4.3), or the form refuses them and says the ratio.  Who may set
 * them is the policy's: the route's loader (directory_area_edited) asks
 * policy_reaches() with SCOPE_EDITED.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "base/buf.h"
#include "base/settings.h"
#include "base/time.h"
#include "db/rows.h"
#include "directory/views.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "network/network.h"
#include "tmpl_directory_edit.h"
#include "view/escape.h"
#include "view/page.h"

/* The colours of municipality code (the defaults when it has none set):
 * 0, or -1. */
static int
colours(struct db *db, struct arena *a, const char *code, const char **accent,
    const char **text)
{
	int rc = directory_store_widget(db, a, code, accent, text);

	if (rc == DB_MISSING) {
		*accent = DIR_ACCENT_DEFAULT;
		*text = DIR_ACCENT_TEXT_DEFAULT;
		return 0;
	}
	return rc == 0 ? 0 : -1;
}

/* The stylesheet's version: 8 hex digits of a hash of the colours. */
static const char *
version(struct arena *a, const char *accent, const char *text)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	const char *s = arena_printf(a, "%s%s", accent, text);

	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	return arena_printf(a, "%02x%02x%02x%02x", h[0], h[1], h[2], h[3]);
}

const char *
directory_widget_style_href(struct request *r, struct db *db,
    const char *code)
{
	const char *accent, *text;

	if (colours(db, &r->arena, code, &accent, &text) != 0)
		return NULL;
	return arena_printf(&r->arena, "%s?v=%s", url_for(&r->arena, r->lang,
	    "directory.widget-style", code, NULL), version(&r->arena, accent,
	    text));
}

void
directory_widget_style(struct request *r)
{
	const char *code = request_object(r), *accent, *text, *v;
	struct db *db;

	if ((db = response_db(r)) == NULL)
		return;
	if (colours(db, &r->arena, code, &accent, &text) != 0) {
		response_unavailable(r);
		return;
	}
	response_begin(r, 200, "text/css; charset=utf-8");
	/* The address names the colours: one with this version never
	 * changes; another (an old page's) is current for a short while. */
	v = kv_get(&r->query, "v");
	response_header(r, "Cache-Control", v != NULL && strcmp(v,
	    version(&r->arena, accent, text)) == 0 ?
	    "public, max-age=31536000, immutable" : "public, max-age=300");
	buf_printf(&r->resp.body,
	    "/* The widget's colours of municipality %s. */\n"
	    ".widget { --widget-accent: %s; --widget-accent-text: %s; }\n"
	    ".widget__title { background: %s; color: %s; }\n"
	    ".widget a, .widget a:visited { color: %s; }\n"
	    ".widget a:focus { outline-color: %s; }\n",
	    code, accent, text, accent, text, accent, accent);
}

/* --- the staff page --- */

/* s escaped for an HTML attribute, in the arena. */
static const char *
attr(struct arena *a, const char *s)
{
	struct buf b;
	const char *out;

	buf_init(&b);
	html_attr(&b, s);
	out = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

static void
render(struct request *r, int status, struct dir_widget_edit_view *wv)
{
	struct view v;
	struct page p;
	const char *title = arena_printf(&r->arena, "%s: %s", i18n_text(r->lang,
	    "Widget for your website"), wv->m->name);
	const char *base = config_get()->base_url;

	wv->csrf = csrf_token(r);
	wv->action = url_for(&r->arena, r->lang, "directory.widget-save",
	    wv->m->code, NULL);
	wv->widget_href = arena_printf(&r->arena, "%s?municipality=%s",
	    url_for(&r->arena, r->lang, "directory.widget", NULL),
	    wv->m->code);
	wv->snippet = arena_printf(&r->arena, "<iframe src=\"%s%s\" "
	    "title=\"%s\" width=\"100%%\" height=\"640\" loading=\"lazy\">"
	    "</iframe>", attr(&r->arena, base), wv->widget_href,
	    attr(&r->arena, arena_printf(&r->arena, "%s – %s",
	    i18n_text(r->lang, "Digital support"), wv->m->name)));
	page_begin_staff(r, status, title, &v, &p);
	page_crumb(&p, i18n_text(r->lang, "Service points"),
	    url_for(&r->arena, r->lang, "directory.manage", NULL));
	page_crumb(&p, title, NULL);
	page_form_errors(&p, &wv->errors);
	page_directory_widget_edit(&v, &p, wv);
}

void
directory_widget_edit(struct request *r)
{
	struct dir_widget_edit_view wv;
	struct db *db;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&wv, 0, sizeof(wv));
	wv.m = request_object(r);
	if (colours(db, &r->arena, wv.m->code, &wv.accent,
	    &wv.accent_text) != 0) {
		response_unavailable(r);
		return;
	}
	if (kv_get(&r->query, "done") != NULL &&
	    strcmp(kv_get(&r->query, "done"), "saved") == 0)
		wv.notice = N_("The colours are saved. The widget shows them now.");
	render(r, 200, &wv);
}

/* Reads one colour of the form: its channels, or a mistake added. */
static bool
colour_field(struct form *f, const char *field, const char *label,
    const char **value, unsigned char rgb[3])
{
	form_label(f, field, label);
	*value = form_text(f, field, FORM_REQUIRED, 7,
	    N_("Write the colour as # and six hexadecimal digits, for example #0000bf."));
	if (*value == NULL || (*value)[0] == '\0')
		return false;
	if (dir_colour_parse(*value, rgb) != 0) {
		form_error(f, field, N_("Write the colour as # and six hexadecimal digits, for example #0000bf."));
		return false;
	}
	return true;
}

/* A contrast ratio as the page's language writes it: "3,2" or "3.2",
 * rounded down, so that 4.49 never reads as the 4.5 it misses. */
static const char *
ratio(struct request *r, double c)
{
	int tenths = (int)(c * 10);

	return arena_printf(&r->arena, "%d%c%d", tenths / 10,
	    r->lang == LANG_EN ? '.' : ',', tenths % 10);
}

void
directory_widget_save(struct request *r)
{
	static const unsigned char white[3] = { 255, 255, 255 };
	struct dir_widget_edit_view wv;
	unsigned char a[3], t[3];
	const char *accent, *text;
	struct form f;
	struct db *db;
	double c;
	bool ok_a, ok_t;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&wv, 0, sizeof(wv));
	wv.m = request_object(r);
	form_begin(&f, r);
	ok_a = colour_field(&f, "accent", N_("Colour of links and the title band"),
	    &accent, a);
	ok_t = colour_field(&f, "accent_text", N_("Colour of the title text"),
	    &text, t);
	if (ok_a && (c = dir_contrast(a, white)) < DIR_CONTRAST_MIN)
		form_error(&f, "accent", arena_printf(&r->arena, i18n_text(r->lang,
		    "Links in this colour on white have a contrast of %s:1; choose a darker colour (at least 4.5:1)."),
		    ratio(r, c)));
	if (ok_a && ok_t && (c = dir_contrast(a, t)) < DIR_CONTRAST_MIN)
		form_error(&f, "accent_text", arena_printf(&r->arena,
		    i18n_text(r->lang, "The title on the band has a contrast of %s:1; choose colours further apart (at least 4.5:1)."),
		    ratio(r, c)));
	wv.accent = accent != NULL ? accent : "";
	wv.accent_text = text != NULL ? text : "";
	if (!form_ok(&f)) {
		wv.errors = form_errors(&f);
		render(r, 400, &wv);
		return;
	}
	/* Stored as written, in lower case: the stylesheet's version is of
	 * the colour, not of its spelling. */
	accent = arena_printf(&r->arena, "#%02x%02x%02x", a[0], a[1], a[2]);
	text = arena_printf(&r->arena, "#%02x%02x%02x", t[0], t[1], t[2]);
	if (response_begin_tx(r, db) != 0)
		return;
	if (directory_store_set_widget(db, wv.m->code, accent, text,
	    time_now()) != 0 || audit_commit(r, db, "directory.widget",
	    "municipality", strtoll(wv.m->code, NULL, 10),
	    arena_printf(&r->arena, "%s %s %s", wv.m->code, accent, text),
	    time_now()) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=saved",
	    url_for(&r->arena, r->lang, "directory.widget-edit", wv.m->code,
	    NULL)));
}

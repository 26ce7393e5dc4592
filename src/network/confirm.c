/*
 * confirm.c - the pages that ask before an organisation or a person of the
 * network is deleted (#12 item 6); each is the GET of the address its POST
 * goes to (view/page.h, struct confirm).
 */
#include "auth/csrf.h"
#include "http/urls.h"
#include "network/edit.h"
#include "view/page.h"

static void
confirm_begin(struct request *r, struct confirm *c)
{
	confirm_init(c, r, csrf_token(r));
}

/* An organisation people still belong to is not deleted: the page says
 * so instead of offering the button, as the POST would refuse. */
void
network_org_delete_confirm(struct request *r)
{
	const struct edit_org *o = request_object(r);
	struct view v;
	struct page pg;
	struct confirm c;
	const char *title = i18n_text(r->lang, "Delete the organisation");
	const char *back;

	back = url_for(&r->arena, r->lang, "network.organisation",
	    url_id(&r->arena, o->id), NULL);
	confirm_begin(r, &c);
	c.subject = o->name_shown;
	c.subject_lang = o->name_lang != r->lang ? lang_code(o->name_lang) :
	    NULL;
	c.detail = o->municipality_name;
	if (o->npeople > 0)
		c.refusal = i18n_text(r->lang, "The organisation cannot be deleted while people belong to it. Move them to another organisation or delete them first.");
	c.consequence = i18n_text(r->lang,
	    "The organisation is removed from the network for good.");
	c.note = i18n_text(r->lang, "This cannot be undone.");
	c.button = i18n_text(r->lang, "Yes, delete the organisation");
	c.back_href = back;
	c.back_label = i18n_text(r->lang, "No, keep the organisation");
	page_init(&pg, &v, r, title);
	page_crumb(&pg, i18n_text(r->lang, "Organisations"), url_for(&r->arena,
	    r->lang, "network.organisations", NULL));
	page_crumb(&pg, o->name_shown, back);
	page_crumb(&pg, title, NULL);
	page_confirm(r, &v, &pg, 200, &c);
}

void
network_person_delete_confirm(struct request *r)
{
	const struct edit_person *pe = request_object(r);
	struct view v;
	struct page pg;
	struct confirm c;
	const char *title = i18n_text(r->lang, "Delete the person");
	const char *back;

	back = url_for(&r->arena, r->lang, "network.person",
	    url_id(&r->arena, pe->id), NULL);
	confirm_begin(r, &c);
	c.subject = pe->name;
	c.detail = pe->organisation;
	c.consequence = i18n_text(r->lang,
	    "The person and their roles are removed from the network for good. They are no longer shown on municipality pages or in event agendas.");
	c.note = i18n_text(r->lang, "This cannot be undone.");
	c.button = i18n_text(r->lang, "Yes, delete the person");
	c.back_href = back;
	c.back_label = i18n_text(r->lang, "No, keep the person");
	page_init(&pg, &v, r, title);
	page_crumb(&pg, i18n_text(r->lang, "Contact people"), url_for(&r->arena,
	    r->lang, "network.people", NULL));
	page_crumb(&pg, pe->name, back);
	page_crumb(&pg, title, NULL);
	page_confirm(r, &v, &pg, 200, &c);
}

/*
 * confirm.c - the pages that ask before an account is deactivated or
 * erased (#12 item 6); each is the GET of the address its POST goes to
 * (view/page.h, struct confirm).  The erasure itself is the privacy
 * module's (admin.user-erase); asking first is the administration's.
 */
#include "admin/admin.h"
#include "auth/account.h"
#include "auth/csrf.h"
#include "http/urls.h"
#include "view/page.h"

/* Nobody deactivates or erases their own account: the page says so
 * instead of offering the button, as the POST would refuse. */
static void
confirm_account(struct request *r, const char *title, struct confirm *c)
{
	const struct account *a = request_object(r);
	struct view v;
	struct page pg;

	c->subject = a->name && a->name[0] ? a->name : a->email;
	c->detail = a->name && a->name[0] ? a->email : NULL;
	c->back_href = url_for(&r->arena, r->lang, "admin.user",
	    url_id(&r->arena, a->id), NULL);
	c->back_label = i18n_text(r->lang, "No, back to the account");
	if (a->id == r->user.id)
		c->refusal = i18n_text(r->lang, "This is your own account. Ask another administrator.");
	page_init(&pg, &v, r, title);
	page_crumb(&pg, i18n_text(r->lang, "Your pages"), url_for(&r->arena,
	    r->lang, "staff.home", NULL));
	page_crumb(&pg, i18n_text(r->lang, "Accounts"), url_for(&r->arena,
	    r->lang, "admin.users", NULL));
	page_crumb(&pg, c->subject, c->back_href);
	page_crumb(&pg, title, NULL);
	page_confirm(r, &v, &pg, 200, c);
}

void
admin_user_deactivate_confirm(struct request *r)
{
	const struct account *a = request_object(r);
	struct confirm c;

	confirm_init(&c, r, csrf_token(r));
	if (!a->active)
		c.refusal = i18n_text(r->lang, "The account is deactivated and cannot sign in.");
	c.consequence = i18n_text(r->lang, "A deactivated account cannot sign in, and its sessions end at once. Its history is kept.");
	c.note = i18n_text(r->lang, "You can activate the account again later.");
	c.button = i18n_text(r->lang, "Yes, deactivate the account");
	confirm_account(r, i18n_text(r->lang, "Deactivate the account"), &c);
}

void
admin_user_erase_confirm(struct request *r)
{
	struct confirm c;

	confirm_init(&c, r, csrf_token(r));
	c.consequence = i18n_text(r->lang, "Erasing removes the person's name, e-mail address and password, ends their sessions and removes their access tokens and the e-mail sent to them. Their feedback and their entries in the network's people keep no name or address. The audit log keeps its entries without client addresses.");
	c.note = i18n_text(r->lang, "This cannot be undone.");
	c.button = i18n_text(r->lang, "Yes, erase the account");
	confirm_account(r, i18n_text(r->lang, "Erase the account"), &c);
}

/*
 * pages.c - the badges' pages for people: the public verification page of
 * an award (who earned what, when, from whom, valid or revoked, and the
 * machine-readable forms), an earner's own list with the consent to a
 * public page, and that public page, shown only while the consent holds.
 *
 * The verification page is found only by its award's random UUID and
 * asks search engines not to index it (X-Robots-Tag): it names a person.
 */
#include <string.h>

#include "auth/audit.h"
#include "auth/account.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/response.h"
#include "http/urls.h"
#include "learning/views.h"
#include "tmpl_learning.h"
#include "view/form.h"
#include "view/page.h"

#define NOT_FOUND N_("The page you were looking for was not found.")

void
learn_badge_item_fill(struct request *r, const struct award_full *f,
    struct learn_badge_item *it)
{
	const struct achievement *ac = &f->ac;
	enum lang l = r->lang;
	int k;

	/* The page's language, else the award's, else the first it has. */
	if (!learn_has_lang(ac, l))
		l = f->aw.lang;
	for (k = 0; !learn_has_lang(ac, l) && k < LANG_COUNT; k++)
		l = (enum lang)k;

	memset(it, 0, sizeof(*it));
	it->f = f;
	it->name_lang = l;
	it->name = ac->name[l];
	it->description = ac->description[l];
	it->criteria = ac->criteria[l];
	it->issued = time_format_date(&r->arena, r->lang, f->aw.issued_at);
	it->issued_iso = time_format_iso(&r->arena, f->aw.issued_at);
	if (f->aw.revoked_at != 0)
		it->revoked = time_format_date(&r->arena, r->lang,
		    f->aw.revoked_at);
	it->verify_href = url_for(&r->arena, r->lang, "badges.verify",
	    f->aw.uuid, NULL);
	it->image_href = arena_printf(&r->arena, "%s?v=%.8s",
	    url_for(&r->arena, r->lang, "badges.image", url_id(&r->arena,
	    ac->id), NULL), ac->image_sha256);
}

void
learn_verify(struct request *r)
{
	const struct award_full *f = request_object(r);
	struct learn_verify_view vv;
	struct badge_issuer is;
	struct arena *a = &r->arena;
	const char *u = f->aw.uuid, *done = kv_get(&r->query, "done");
	enum lang al = f->aw.lang;
	struct view v;
	struct page pg;

	memset(&vv, 0, sizeof(vv));
	if (learn_issuer(request_db(r), a, r->lang, &is) != 0) {
		response_unavailable(r);
		return;
	}
	learn_badge_item_fill(r, f, &vv.b);
	vv.issuer_name = is.name;
	vv.issuer_url = is.url;
	vv.credential = url_for(a, al, "badges.credential", u, NULL);
	vv.jwt = url_for(a, al, "badges.credential-jwt", u, NULL);
	vv.png3 = url_for(a, al, "badges.credential-png", u, NULL);
	vv.svg3 = url_for(a, al, "badges.credential-svg", u, NULL);
	vv.assertion = url_for(a, al, "badges.assertion", u, NULL);
	vv.png2 = url_for(a, al, "badges.assertion-png", u, NULL);
	vv.svg2 = url_for(a, al, "badges.assertion-svg", u, NULL);
	vv.badge_class = url_for(a, al, "badges.class", url_id(a, f->ac.id),
	    lang_code(al), NULL);
	vv.achievement = url_for(a, al, "badges.achievement", url_id(a,
	    f->ac.id), lang_code(al), NULL);
	vv.status_list = url_for(a, al, "badges.status", url_id(a,
	    f->aw.status_list), NULL);
	vv.did = url_for(a, al, "badges.did", NULL);
	vv.has_png = f->ac.image_type == LEARN_IMAGE_PNG;
	if (f->aw.revoked_at == 0 && policy_allows(&r->user, ACT_BADGES) &&
	    policy_reaches(&r->user, SCOPE_MANAGED, &(struct object_scope){
	    .region_id = f->aw.region_id }))
		vv.revoke_href = url_for(a, r->lang, "badges.revoke-form",
		    url_id(a, f->aw.id), NULL);
	if (done != NULL && strcmp(done, "awarded") == 0)
		vv.notice = N_("The badge has been awarded. The earner has been sent the address of this page by e-mail.");
	else if (done != NULL && strcmp(done, "revoked") == 0)
		vv.notice = N_("The badge has been revoked. Both badge formats now say so.");
	page_begin(r, 200, vv.b.name, &v, &pg);
	response_header(r, "X-Robots-Tag", "noindex");
	page_crumb(&pg, i18n_text(r->lang, "Badge"), NULL);
	page_learning_verify(&v, &pg, &vv);
}

/* The items of an account's awards.  0 or -1. */
static int
badge_items(struct request *r, int64_t account, const char *email,
    bool valid_only, struct learn_badges_view *bv)
{
	struct award_full *v;
	struct learn_badge_item *items;
	size_t i;

	if (learn_store_awards_for(request_db(r), &r->arena, account, email,
	    valid_only, &v, &bv->n) != 0)
		return -1;
	items = arena_calloc(&r->arena, bv->n ? bv->n : 1, sizeof(*items));
	for (i = 0; i < bv->n; i++)
		learn_badge_item_fill(r, &v[i], &items[i]);
	bv->items = items;
	return 0;
}

void
learn_earner(struct request *r)
{
	const int64_t *account = request_object(r);
	struct learn_badges_view bv;
	struct account acc;
	struct db *db;
	struct view v;
	struct page pg;
	int rc;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&bv, 0, sizeof(bv));
	if ((rc = account_by_id(db, &r->arena, *account, &acc)) != 0) {
		if (rc < 0)
			response_unavailable(r);
		else
			response_error(r, 404, NOT_FOUND);
		return;
	}
	if (badge_items(r, acc.id, acc.email, true, &bv) != 0) {
		response_unavailable(r);
		return;
	}
	bv.earner = acc.name != NULL && acc.name[0] != '\0' ? acc.name :
	    bv.n > 0 ? bv.items[0].f->aw.name : "";
	page_begin(r, 200, arena_printf(&r->arena, "%s: %s",
	    i18n_text(r->lang, "Badges"), bv.earner), &v, &pg);
	response_header(r, "X-Robots-Tag", "noindex");
	page_crumb(&pg, i18n_text(r->lang, "Badges"), NULL);
	page_learning_earner(&v, &pg, &bv);
}

void
learn_mine(struct request *r)
{
	struct learn_badges_view bv;
	const char *slug, *done = kv_get(&r->query, "done");
	struct db *db;
	struct view v;
	struct page pg;
	int rc;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&bv, 0, sizeof(bv));
	if (badge_items(r, r->user.id, r->user.email, false, &bv) != 0 ||
	    (rc = learn_store_consent(db, &r->arena, r->user.id, &slug)) < 0) {
		response_unavailable(r);
		return;
	}
	if (rc == 0)
		bv.public_href = url_for(&r->arena, r->lang, "badges.earner",
		    slug, NULL);
	bv.csrf = csrf_token(r);
	bv.action = url_for(&r->arena, r->lang, "badges.consent", NULL);
	if (done != NULL && strcmp(done, "given") == 0)
		bv.notice = N_("Your badges now have a public page.");
	else if (done != NULL && strcmp(done, "withdrawn") == 0)
		bv.notice = N_("Your badges no longer have a public page.");
	page_begin_staff(r, 200, i18n_text(r->lang, "My badges"), &v, &pg);
	page_crumb(&pg, i18n_text(r->lang, "My badges"), NULL);
	page_learning_mine(&v, &pg, &bv);
}

/* Gives or withdraws the consent, with its audit record, then back to the
 * account's badges.  give: true to give. */
static void
set_consent(struct request *r, bool give)
{
	struct db *db = request_db(r);
	int64_t now = time_now();

	if (response_begin_tx(r, db) != 0)
		return;
	if (learn_store_set_consent(db, r->user.id, give, now) != 0 ||
	    audit_commit(r, db, give ? "badge.consent-give" :
	    "badge.consent-withdraw", "account", r->user.id, "", now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
	    url_for(&r->arena, r->lang, "badges.mine", NULL),
	    give ? "given" : "withdrawn"));
}

void
learn_consent(struct request *r)
{
	struct form f;

	form_begin(&f, r);
	if (strcmp(form_value(&f, "consent"), "give") != 0) {
		response_error(r, 400, N_("Choose whether your badges have a public page."));
		return;
	}
	set_consent(r, true);
}

/* Withdrawing is asked on a page of its own: the page's address goes
 * for good (giving the consent again makes a new one). */
void
learn_withdraw_confirm(struct request *r)
{
	const char *title = i18n_text(r->lang, "Remove the public page");
	const char *slug;
	struct confirm c;
	struct view v;
	struct page p;
	int rc;

	if ((rc = learn_store_consent(request_db(r), &r->arena, r->user.id,
	    &slug)) < 0) {
		response_unavailable(r);
		return;
	}
	confirm_init(&c, r, csrf_token(r));
	if (rc != 0)
		c.refusal = i18n_text(r->lang, "Your badges have no public page.");
	c.consequence = i18n_text(r->lang, "The page that lists your badges is removed, and its address no longer works. Each badge keeps its own page.");
	c.note = i18n_text(r->lang, "If you make a public page again later, it gets a new address.");
	c.button = i18n_text(r->lang, "Yes, remove the public page");
	c.back_href = url_for(&r->arena, r->lang, "badges.mine", NULL);
	c.back_label = i18n_text(r->lang, "No, keep the page");
	page_init(&p, &v, r, title);
	page_crumb(&p, i18n_text(r->lang, "Your pages"),
	    url_for(&r->arena, r->lang, "staff.home", NULL));
	page_crumb(&p, i18n_text(r->lang, "My badges"), c.back_href);
	page_crumb(&p, title, NULL);
	page_confirm(r, &v, &p, 200, &c);
}

void
learn_withdraw(struct request *r)
{
	set_consent(r, false);
}

/*
 * staff.c - making achievements, awarding and revoking badges
 * (ACT_BADGES: the region's coordinators and administrators).
 *
 * The routes of one achievement or award load it with a SCOPE_MANAGED
 * loader, so another region's is 404 like an unknown id.  A form with
 * mistakes comes back with status 400, everything as written (but an
 * uploaded file, which a browser cannot be given back) and every mistake
 * named, and nothing is written.  Every change is one transaction with
 * its audit record, then 303.  A revocation is one column of the award:
 * the 2.0 Assertion, the RevocationList and the 3.0 status list all
 * read it, so both formats say "revoked" from the same commit.
 */
#include <string.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/urls.h"
#include "learning/internal.h"
#include "learning/views.h"
#include "mail/mail.h"
#include "network/network.h"
#include "tmpl_learning.h"
#include "view/page.h"

/* The achievement's name in the page's language, or the one it has. */
static const char *
name_of(const struct achievement *ac, enum lang l)
{
	enum lang shown;

	return i18n_pick(l, ac->name[LANG_FI], ac->name[LANG_SV],
	    ac->name[LANG_EN], &shown);
}

/* A staff page: "Your pages" > Badges (in_list) > the badge `of` (its edit
 * page; none when NULL) > title. */
static void
begin_page(struct request *r, int status, const char *title, struct view *v,
    struct page *p, bool in_list, const struct achievement *of)
{
	page_begin_staff(r, status, title, v, p);
	if (in_list)
		page_crumb(p, i18n_text(r->lang, "Badges"),
		    url_for(&r->arena, r->lang, "badges.manage", NULL));
	if (of != NULL)
		page_crumb(p, name_of(of, r->lang), url_for(&r->arena, r->lang,
		    "badges.edit", url_id(&r->arena, of->id), NULL));
	page_crumb(p, title, NULL);
}

void
learn_manage(struct request *r)
{
	struct learn_manage_view mv;
	struct achievement *items;
	struct db *db;
	struct view v;
	struct page p;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&mv, 0, sizeof(mv));
	if (learn_store_achievements(db, &r->arena,
	    policy_region_filter(&r->user), &items, &mv.n) != 0) {
		response_unavailable(r);
		return;
	}
	mv.items = items;
	if (policy_allows(&r->user, ACT_ISSUER_KEYS))
		mv.keys_href = url_for(&r->arena, r->lang, "badges.keys", NULL);
	begin_page(r, 200, i18n_text(r->lang, "Badges"), &v, &p, false, NULL);
	page_learning_manage(&v, &p, &mv);
}

/* --- the achievement form --- */

static void
form_from(struct request *r, const struct achievement *ac,
    struct learn_ach_form *f)
{
	size_t i;
	int l;

	memset(f, 0, sizeof(*f));
	for (l = 0; l < LANG_COUNT; l++) {
		f->name[l] = ac ? ac->name[l] : "";
		f->description[l] = ac ? ac->description[l] : "";
		f->criteria[l] = ac ? ac->criteria[l] : "";
	}
	f->kind = learn_kind_name(ac ? ac->kind : BADGE_TYPE_COMPETENCY);
	for (l = 0; l < LANG_COUNT; l++) {
		f->tags[l] = "";
		for (i = 0; ac != NULL && i < ac->ntags[l]; i++)
			f->tags[l] = arena_printf(&r->arena, "%s%s%s",
			    f->tags[l], i ? ", " : "", ac->tags[l][i]);
	}
	for (i = 0; i < LEARN_ALIGN_MAX; i++)
		f->al[i] = ac != NULL && i < ac->nalignments ?
		    ac->alignments[i] : (struct learn_alignment){ "", "", "",
		    "", "" };
	f->image = ac ? "keep" : "generate";
}

/* The awards of the achievement on the edit page.  0 or -1. */
static int
load_awards(struct request *r, struct learn_edit_view *ev)
{
	struct award *v;
	int64_t before = 0;
	const char *b = kv_get(&r->query, "before");

	if (b != NULL && id_parse(b, &before) != 0)
		before = 0;
	if (learn_store_awards_of(request_db(r), &r->arena, ev->ac->id, before,
	    LEARN_AWARDS_PAGE + 1, &v, &ev->nawards) != 0)
		return -1;
	if (ev->nawards > LEARN_AWARDS_PAGE) {
		ev->nawards = LEARN_AWARDS_PAGE;
		ev->older_href = arena_printf(&r->arena, "%s?before=%lld",
		    url_for(&r->arena, r->lang, "badges.edit",
		    url_id(&r->arena, ev->ac->id), NULL),
		    (long long)v[LEARN_AWARDS_PAGE - 1].id);
	}
	ev->awards = v;
	return 0;
}

static void
render(struct request *r, int status, struct learn_edit_view *ev)
{
	struct view v;
	struct page pg;

	ev->csrf = csrf_token(r);
	if (ev->ac == NULL)
		ev->action = url_for(&r->arena, r->lang, "badges.create", NULL);
	else {
		ev->action = url_for(&r->arena, r->lang, "badges.update",
		    url_id(&r->arena, ev->ac->id), NULL);
		ev->image_href = arena_printf(&r->arena, "%s?v=%.8s",
		    url_for(&r->arena, r->lang, "badges.image",
		    url_id(&r->arena, ev->ac->id), NULL), ev->ac->image_sha256);
		if (load_awards(r, ev) != 0) {
			response_unavailable(r);
			return;
		}
	}
	begin_page(r, status, ev->ac == NULL ? i18n_text(r->lang, "New badge") :
	    name_of(ev->ac, r->lang), &v, &pg, true, NULL);
	page_form_errors(&pg, &ev->errors);
	page_learning_edit(&v, &pg, ev);
}

static void
save(struct request *r, const struct achievement *old)
{
	struct learn_edit_view ev;
	struct achievement ac;
	const unsigned char *image;
	struct form f;
	struct db *db;
	size_t nimage;
	int64_t id, now = time_now();

	if ((db = response_db(r)) == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.ac = old;
	form_from(r, old, &ev.f);
	form_begin(&f, r);
	learn_form_read(&f, &ev, &ac, &image, &nimage);
	/* A language version that awards are written in stays: their
	 * credentials and pages name the achievement in it. */
	if (old != NULL) {
		static const char *const fields[LANG_COUNT] = { "name_fi",
			"name_sv", "name_en" };
		bool used[LANG_COUNT];
		int l;

		if (learn_store_award_langs(db, &r->arena, old->id, used) != 0) {
			response_unavailable(r);
			return;
		}
		for (l = 0; l < LANG_COUNT; l++)
			if (used[l] && ev.f.name[l][0] == '\0')
				form_error(&f, fields[l], N_("Badges have been awarded in this language: its name, description and criteria must stay."));
	}
	if (old == NULL && form_ok(&f) &&
	    (ac.region_id = network_request_home_region(r)) == 0)
		return;
	if (!form_ok(&f)) {
		ev.errors = form_errors(&f);
		render(r, 400, &ev);
		return;
	}
	if (response_begin_tx(r, db) != 0)
		return;
	if ((id = learn_store_save_achievement(db, &ac, image, nimage,
	    r->user.id, now)) < 0 ||
	    audit_commit(r, db, old ? "badge.achievement-update" :
	    "badge.achievement-create", "achievement", id, name_of(&ac,
	    LANG_FI), now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=%s",
	    url_for(&r->arena, r->lang, "badges.edit", url_id(&r->arena, id),
	    NULL), old ? "saved" : "created"));
}

void
learn_new(struct request *r)
{
	struct learn_edit_view ev;

	memset(&ev, 0, sizeof(ev));
	form_from(r, NULL, &ev.f);
	render(r, 200, &ev);
}

void
learn_create(struct request *r)
{
	save(r, NULL);
}

void
learn_edit(struct request *r)
{
	struct learn_edit_view ev;
	const char *done = kv_get(&r->query, "done");

	memset(&ev, 0, sizeof(ev));
	ev.ac = request_object(r);
	form_from(r, ev.ac, &ev.f);
	if (done != NULL && strcmp(done, "created") == 0)
		ev.notice = N_("The badge has been saved. You can now award it.");
	else if (done != NULL && strcmp(done, "saved") == 0)
		ev.notice = N_("The changes have been saved.");
	render(r, 200, &ev);
}

void
learn_update(struct request *r)
{
	save(r, request_object(r));
}

/* --- awarding --- */

static void
award_render(struct request *r, int status, struct learn_award_view *av)
{
	struct view v;
	struct page pg;

	av->csrf = csrf_token(r);
	av->action = url_for(&r->arena, r->lang, "badges.award",
	    url_id(&r->arena, av->ac->id), NULL);
	begin_page(r, status, i18n_text(r->lang, "Award the badge"), &v, &pg,
	    true, av->ac);
	page_form_errors(&pg, &av->errors);
	page_learning_award(&v, &pg, av);
}

void
learn_award_form(struct request *r)
{
	struct learn_award_view av;

	memset(&av, 0, sizeof(av));
	av.ac = request_object(r);
	av.name = av.email = av.narrative = av.evidence = "";
	av.lang = learn_has_lang(av.ac, r->lang) ? lang_code(r->lang) : "";
	award_render(r, 200, &av);
}

/*
 * The earner's message, in the badge's language: what was awarded, by
 * whom, and the address of its page, where the badge is checked and
 * downloaded.  Queued in the award's transaction: sent if and only if
 * the award is saved.  0 or -1.
 */
int
learn_award_mail(struct request *r, struct db *db, const struct achievement *ac,
    const struct award *aw, int64_t now)
{
	struct badge_issuer is;
	enum lang l = aw->lang;
	const char *body;

	if (learn_issuer(db, &r->arena, l, &is) != 0)
		return -1;
	body = arena_printf(&r->arena, "%s\n\n%s: %s\n%s: %s\n\n%s\n%s\n\n%s\n",
	    i18n_text(l, "You have been awarded a competence badge."),
	    i18n_text(l, "Badge"), mail_one_line(&r->arena, ac->name[l]),
	    i18n_text(l, "Issuer"), is.name,
	    i18n_text(l, "The badge's page, where anyone you show it to can check it and where you can download it as Open Badges 3.0 and 2.0:"),
	    url_abs_for(&r->arena, l, "badges.verify", aw->uuid, NULL),
	    i18n_text(l, "Your name is shown on the badge's page. Your e-mail address is published only as a one-way hash."));
	return mail_enqueue_in(db, lang_code(l), aw->email,
	    arena_printf(&r->arena, "%s: %s", i18n_text(l,
	    "Competence badge"), mail_one_line(&r->arena, ac->name[l])),
	    body, now);
}

void
learn_award(struct request *r)
{
	static const char *const langs[] = { "fi", "sv", "en" };
	const struct achievement *ac = request_object(r);
	struct learn_award_view av;
	struct account acc;
	struct badge_key k;
	struct award aw;
	struct form f;
	struct db *db = request_db(r);
	int64_t now = time_now();
	int l;

	memset(&av, 0, sizeof(av));
	memset(&aw, 0, sizeof(aw));
	av.ac = ac;
	form_begin(&f, r);
	av.name = form_text(&f, "name", FORM_REQUIRED, 200,
	    N_("Write the earner's name, at most 200 characters."));
	av.email = form_email(&f, "email", FORM_REQUIRED,
	    N_("Write the earner's e-mail address, for example maija.meikalainen@kunta.fi."));
	l = form_choice(&f, "lang", langs, 3, FORM_REQUIRED,
	    N_("Choose the language of the badge."));
	av.lang = form_value(&f, "lang");
	if (l >= 0 && !learn_has_lang(ac, (enum lang)l))
		form_error(&f, "lang", N_("The badge has no text in that language. Choose another language or add the texts first."));
	av.narrative = form_text(&f, "narrative", FORM_MULTILINE,
	    LEARN_NARRATIVE_MAX, N_("The description of how the badge was earned is too long: at most 2,000 characters."));
	av.evidence = form_text(&f, "evidence", 0, LEARN_URL_MAX,
	    N_("Write the address of the evidence, starting with https://, or leave it empty."));
	if (av.evidence[0] != '\0' &&
	    !form_web_url_valid(av.evidence, LEARN_URL_MAX))
		form_error(&f, "evidence", N_("Write the address of the evidence, starting with https://, or leave it empty."));
	if (!form_ok(&f)) {
		av.errors = form_errors(&f);
		award_render(r, 400, &av);
		return;
	}
	aw.achievement_id = ac->id;
	aw.lang = (enum lang)l;
	aw.name = av.name;
	aw.email = account_normalise_email(&r->arena, av.email);
	aw.narrative = av.narrative;
	aw.evidence_url = av.evidence;
	if (response_begin_tx(r, db) != 0)
		return;
	if (account_by_email(db, &r->arena, aw.email, &acc) == 0)
		aw.account_id = acc.id;
	/* The first award of a site makes its issuer key. */
	if (learn_signing_key(db, true, &k) != 0) {
		response_rollback(r, db);
		return;
	}
	badge_key_wipe(&k);
	if (learn_store_insert_award(db, &r->arena, &aw, r->user.id, now) != 0 ||
	    learn_award_mail(r, db, ac, &aw, now) != 0 ||
	    audit_commit(r, db, "badge.award", "badge_award", aw.id,
	    arena_printf(&r->arena, "achievement %lld; %s",
	    (long long)ac->id, lang_code(aw.lang)), now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=awarded",
	    url_for(&r->arena, r->lang, "badges.verify", aw.uuid, NULL)));
}

/* --- revoking --- */

static void
revoke_render(struct request *r, int status, struct learn_revoke_view *rv)
{
	struct view v;
	struct page pg;

	rv->csrf = csrf_token(r);
	rv->action = url_for(&r->arena, r->lang, "badges.revoke",
	    url_id(&r->arena, rv->f->aw.id), NULL);
	rv->ach_name = name_of(&rv->f->ac, r->lang);
	rv->issued = time_format_date(&r->arena, r->lang, rv->f->aw.issued_at);
	begin_page(r, status, i18n_text(r->lang, "Revoke the badge"), &v, &pg,
	    true, &rv->f->ac);
	page_form_errors(&pg, &rv->errors);
	page_learning_revoke(&v, &pg, rv);
}

void
learn_revoke_form(struct request *r)
{
	struct learn_revoke_view rv;

	memset(&rv, 0, sizeof(rv));
	rv.f = request_object(r);
	rv.reason = "";
	revoke_render(r, 200, &rv);
}

void
learn_revoke(struct request *r)
{
	const struct award_full *fl = request_object(r);
	struct learn_revoke_view rv;
	struct form f;
	struct db *db = request_db(r);
	int64_t now = time_now();
	int rc;

	memset(&rv, 0, sizeof(rv));
	rv.f = fl;
	form_begin(&f, r);
	rv.reason = form_text(&f, "reason", FORM_REQUIRED | FORM_MULTILINE,
	    LEARN_REASON_MAX, N_("Write why the badge is revoked, at most 500 characters. The reason is shown to everyone who checks the badge."));
	if (fl->aw.revoked_at != 0)
		form_error(&f, "reason", N_("The badge has been revoked already."));
	if (!form_ok(&f)) {
		rv.errors = form_errors(&f);
		revoke_render(r, fl->aw.revoked_at != 0 ? 409 : 400, &rv);
		return;
	}
	if (response_begin_tx(r, db) != 0)
		return;
	if ((rc = learn_store_revoke(db, fl->aw.id, rv.reason, r->user.id,
	    now)) != 0 || audit_commit(r, db, "badge.revoke", "badge_award",
	    fl->aw.id, rv.reason, now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=revoked",
	    url_for(&r->arena, r->lang, "badges.verify", fl->aw.uuid, NULL)));
}

/* --- the issuer's keys --- */

void
learn_keys(struct request *r)
{
	struct learn_keys_view kv;
	struct learn_pubkey *keys;
	struct badge_issuer is;
	struct db *db;
	struct view v;
	struct page p;
	size_t i;

	if ((db = response_db(r)) == NULL)
		return;
	memset(&kv, 0, sizeof(kv));
	if (learn_public_keys(db, &r->arena, &keys, &kv.n) != 0 ||
	    learn_issuer(db, &r->arena, r->lang, &is) != 0) {
		response_unavailable(r);
		return;
	}
	kv.keys = keys;
	kv.kids = arena_calloc(&r->arena, kv.n + 1, sizeof(*kv.kids));
	for (i = 0; i < kv.n; i++)
		kv.kids[i] = badge_key_id(&r->arena, is.id, keys[i].pk);
	kv.csrf = csrf_token(r);
	kv.action = url_for(&r->arena, r->lang, "badges.keys-rotate", NULL);
	if (kv_get(&r->query, "done") != NULL)
		kv.notice = N_("A new signing key has been made. Badges are signed with it from now on; the older keys stay published, so what they signed still verifies.");
	begin_page(r, 200, i18n_text(r->lang, "Issuer keys"), &v, &p, true,
	    NULL);
	page_learning_keys(&v, &p, &kv);
}

void
learn_keys_rotate(struct request *r)
{
	struct db *db = request_db(r);
	int64_t now = time_now();

	if (response_begin_tx(r, db) != 0)
		return;
	if (learn_rotate_key(db, now) != 0 ||
	    audit_commit(r, db, "badge.key-rotate", "badge_key", 0, NULL,
	    now) != 0) {
		response_rollback(r, db);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=rotated",
	    url_for(&r->arena, r->lang, "badges.keys", NULL)));
}

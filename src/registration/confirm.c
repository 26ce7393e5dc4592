/*
 * confirm.c - the pages that ask before an organiser cancels someone's
 * registration or deletes a registration question (#12 item 6).
 *
 * Each is the GET of the address its POST goes to (view/page.h, struct
 * confirm).  The route's loader has checked that the user organises the
 * event.
 */
#include "auth/csrf.h"
#include "base/time.h"
#include "events/events.h"
#include "http/response.h"
#include "http/urls.h"
#include "registration/pages.h"
#include "registration/registration.h"
#include "view/page.h"

static void
confirm_begin(struct request *r, struct confirm *c, const struct event *e)
{
	confirm_init(c, r, csrf_token(r));
	c->detail = arena_printf(&r->arena, "%s, %s", e->title,
	    time_format_datetime(&r->arena, r->lang, e->starts_at));
}

/*
 * Cancelling a confirmed or offered seat frees it for the waiting list;
 * removing someone from the waiting list only takes them off it.  Either
 * way the person is told by e-mail (registration_cancel()).
 */
void
registrants_cancel_confirm(struct request *r)
{
	const struct registrant_target *t = request_object(r);
	const struct registration *reg = &t->reg;
	bool waiting = reg->status == REG_WAITING;
	struct view v;
	struct page pg;
	struct confirm c;
	const char *title, *list;

	title = i18n_text(r->lang, waiting ? "Remove from the waiting list" :
	    "Cancel the registration");
	list = url_for(&r->arena, r->lang, "registration.registrants",
	    url_id(&r->arena, t->event->id), NULL);
	confirm_begin(r, &c, t->event);
	c.subject = reg->name[0] ? reg->name :
	    i18n_text(r->lang, "(personal data erased)");
	if (reg->group_size > 1)
		c.subject = arena_printf(&r->arena, "%s (%s: %lld)", c.subject,
		    i18n_text(r->lang, "People"), (long long)reg->group_size);
	if (reg->status != REG_CONFIRMED && reg->status != REG_OFFERED &&
	    !waiting)
		c.refusal = i18n_text(r->lang,
		    "This registration is no longer active, so there is nothing to cancel.");
	else if (waiting)
		c.consequence = i18n_text(r->lang,
		    "The person leaves the waiting list and is told by e-mail.");
	else
		c.consequence = i18n_text(r->lang,
		    "The person's seat is freed and offered to the next one on the waiting list. The person is told by e-mail.");
	c.note = i18n_text(r->lang,
	    "This cannot be undone; the person can register again if seats are left.");
	c.button = i18n_text(r->lang, waiting ?
	    "Yes, remove from the waiting list" : "Yes, cancel the registration");
	c.back_href = list;
	c.back_label = i18n_text(r->lang, "No, back to the registrants");
	page_init(&pg, &v, r, title);
	page_crumb(&pg, t->event->title, url_for(&r->arena, r->lang,
	    "events.page", url_id(&r->arena, t->event->id), NULL));
	page_crumb(&pg, i18n_text(r->lang, "Registrants"), list);
	page_crumb(&pg, title, NULL);
	page_confirm(r, &v, &pg, 200, &c);
}

/* Deleting a question deletes the answers given to it. */
void
questions_delete_confirm(struct request *r)
{
	const struct question_target *t = request_object(r);
	struct reg_question *q;
	struct view v;
	struct page pg;
	struct confirm c;
	const char *title, *list;
	size_t n, i;

	if (reg_questions_load(request_db(r), &r->arena, r->lang,
	    t->event->id, &q, &n) != 0) {
		response_error(r, 503, N_("The service is temporarily unavailable. Please try again in a moment."));
		return;
	}
	for (i = 0; i < n && q[i].id != t->question_id; i++)
		continue;
	if (i == n) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	title = i18n_text(r->lang, "Delete the question");
	list = url_for(&r->arena, r->lang, "registration.questions",
	    url_id(&r->arena, t->event->id), NULL);
	confirm_begin(r, &c, t->event);
	c.subject = q[i].label;
	c.subject_lang = q[i].label_lang != r->lang ?
	    lang_code(q[i].label_lang) : NULL;
	c.consequence = i18n_text(r->lang,
	    "The question is removed from the registration form, and the answers given to it are deleted.");
	c.note = i18n_text(r->lang, "This cannot be undone.");
	c.button = i18n_text(r->lang, "Yes, delete the question");
	c.back_href = list;
	c.back_label = i18n_text(r->lang, "No, keep the question");
	page_init(&pg, &v, r, title);
	page_crumb(&pg, t->event->title, url_for(&r->arena, r->lang,
	    "events.page", url_id(&r->arena, t->event->id), NULL));
	page_crumb(&pg, i18n_text(r->lang, "Registration questions"), list);
	page_crumb(&pg, title, NULL);
	page_confirm(r, &v, &pg, 200, &c);
}

/*
 * Declining an offered seat is final for the registrant: the seat goes to
 * the next one waiting.  Asked on the registrant's own page behind the
 * secret link; the page is not indexed and not stored.
 */
void
registration_decline_confirm(struct request *r)
{
	const struct registration_link *l = request_object(r);
	struct view v;
	struct page pg;
	struct confirm c;
	const char *title = i18n_text(r->lang, "Decline the seat");
	const char *back;

	back = url_for(&r->arena, r->lang, "registration.view", l->token, NULL);
	confirm_begin(r, &c, l->event);
	c.subject = l->event->title;
	c.subject_lang = l->event->title_lang != r->lang ?
	    lang_code(l->event->title_lang) : NULL;
	c.detail = time_format_datetime(&r->arena, r->lang,
	    l->event->starts_at);
	if (l->reg.status != REG_OFFERED)
		c.refusal = i18n_text(r->lang, "There is no seat waiting for your answer.");
	c.consequence = i18n_text(r->lang, "If you decline, the seat is offered to the next person on the waiting list, and you leave the list.");
	c.note = i18n_text(r->lang, "This cannot be undone, but you can register again if seats are left.");
	c.button = i18n_text(r->lang, "Yes, I decline the seat");
	c.back_href = back;
	c.back_label = i18n_text(r->lang, "No, back to my registration");
	page_init(&pg, &v, r, title);
	page_crumb(&pg, i18n_text(r->lang, "Your registration"), back);
	page_crumb(&pg, title, NULL);
	page_confirm(r, &v, &pg, 200, &c);
}

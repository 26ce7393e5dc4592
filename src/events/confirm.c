/*
 * confirm.c - the pages that ask before an event is cancelled or a part of
 * its agenda is removed (#12 item 6).
 *
 * Each is the GET of the address its POST goes to: it says what will
 * happen and offers a red button and a way back.  The route's loader has
 * already checked that the user organises the event; what can no longer be
 * done (an event over or cancelled already) is said instead of the button,
 * so nobody confirms something the POST would refuse.
 */
#include "auth/csrf.h"
#include "base/time.h"
#include "events/events.h"
#include "events/pages.h"
#include "http/parse.h"
#include "http/request.h"
#include "http/response.h"
#include "http/urls.h"
#include "view/page.h"

/* The event's page, where "No" goes. */
static const char *
event_href(struct request *r, const struct event *e)
{
	return url_for(&r->arena, r->lang, "events.page",
	    url_id(&r->arena, e->id), NULL);
}

static const char *
agenda_href(struct request *r, const struct event *e, int64_t item)
{
	return arena_printf(&r->arena, "%s#item-%lld",
	    url_for(&r->arena, r->lang, "events.agenda",
	    url_id(&r->arena, e->id), NULL), (long long)item);
}

/* The confirmation for the event e, with its title and time. */
static void
confirm_event(struct request *r, struct confirm *c, const struct event *e)
{
	confirm_init(c, r, csrf_token(r));
	c->subject = e->title;
	c->subject_lang = e->title_lang != r->lang ? lang_code(e->title_lang) :
	    NULL;
	c->detail = time_format_datetime(&r->arena, r->lang, e->starts_at);
}

/*
 * Cancelling tells those registered by e-mail and is final; how many are
 * told is said, so the organiser sees what it means.  The form sends
 * confirm=1, which the POST requires.
 */
void
events_cancel_render(struct request *r, const struct event *e, int status)
{
	struct view v;
	struct page pg;
	struct confirm c;
	int64_t taken = 0, waiting = 0;

	confirm_event(r, &c, e);
	c.back_href = event_href(r, e);
	c.back_label = i18n_text(r->lang, "No, keep the event");
	if (e->status == EVENT_STATUS_CANCELLED)
		c.refusal = i18n_text(r->lang,
		    "The event is cancelled already. A cancellation is final.");
	else if (e->ends_at < time_now())
		c.refusal = i18n_text(r->lang,
		    "The event is over: it can no longer be cancelled.");
	else if (e->status == EVENT_STATUS_DRAFT)
		c.consequence = i18n_text(r->lang,
		    "The event has not been published, so nobody is told.");
	else {
		if (event_seats(request_db(r), e->id, &taken, &waiting) != 0)
			taken = waiting = 0;
		c.consequence = arena_printf(&r->arena, "%s %s: %lld. %s: %lld.",
		    i18n_text(r->lang, "Everyone registered and on the waiting list is told by e-mail that the event is cancelled."),
		    i18n_text(r->lang, "Seats taken"), (long long)taken,
		    i18n_text(r->lang, "On the waiting list"),
		    (long long)waiting);
	}
	c.note = i18n_text(r->lang,
	    "A cancelled event cannot be published again.");
	c.button = i18n_text(r->lang, "Yes, cancel the event");
	confirm_hidden(&c, "confirm", "1");
	page_init(&pg, &v, r, i18n_text(r->lang, "Cancel the event"));
	page_crumb(&pg, i18n_text(r->lang, "Events"),
	    url_for(&r->arena, r->lang, "events.list", NULL));
	page_crumb(&pg, e->title, c.back_href);
	page_crumb(&pg, i18n_text(r->lang, "Cancel the event"), NULL);
	page_confirm(r, &v, &pg, status, &c);
}

void
events_cancel_confirm(struct request *r)
{
	events_cancel_render(r, request_object(r), 200);
}

void
events_agenda_delete_confirm(struct request *r)
{
	const struct agenda_target *t = request_object(r);
	const struct agenda_item *it = t->item;
	struct view v;
	struct page pg;
	struct confirm c;

	confirm_event(r, &c, t->event);
	c.subject = it->title[0] ? it->title :
	    events_agenda_kind_label(r->lang, it->kind);
	c.subject_lang = it->title[0] && it->title_lang != r->lang ?
	    lang_code(it->title_lang) : NULL;
	c.detail = arena_printf(&r->arena, "%s, %s",
	    time_format_datetime(&r->arena, r->lang, it->starts_at),
	    t->event->title);
	c.consequence = i18n_text(r->lang,
	    "The item and its speakers are removed from the event's agenda.");
	c.note = i18n_text(r->lang,
	    "This cannot be undone, but you can add the item again.");
	c.button = i18n_text(r->lang, "Yes, delete the item");
	c.back_href = agenda_href(r, t->event, it->id);
	c.back_label = i18n_text(r->lang, "No, keep the item");
	page_init(&pg, &v, r, i18n_text(r->lang, "Delete the item"));
	page_crumb(&pg, t->event->title, event_href(r, t->event));
	page_crumb(&pg, i18n_text(r->lang, "Agenda"), c.back_href);
	page_crumb(&pg, i18n_text(r->lang, "Delete the item"), NULL);
	page_confirm(r, &v, &pg, 200, &c);
}

/* ?person= names the speaker; one not on the item is not found. */
void
events_speaker_remove_confirm(struct request *r)
{
	const struct agenda_target *t = request_object(r);
	const struct agenda_item *it = t->item;
	const struct agenda_person *pp = NULL;
	struct view v;
	struct page pg;
	struct confirm c;
	int64_t person;
	size_t i;

	if (id_parse(kv_get(&r->query, "person"), &person) == 0)
		for (i = 0; i < it->npeople; i++)
			if (it->people[i].person_id == person)
				pp = &it->people[i];
	if (pp == NULL) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	confirm_event(r, &c, t->event);
	page_init(&pg, &v, r, i18n_text(r->lang, "Remove the person from the item"));
	c.subject = events_person_label(&v, pp);
	c.subject_lang = NULL;
	c.detail = arena_printf(&r->arena, "%s: %s",
	    events_role_label(r->lang, pp->role),
	    it->title[0] ? it->title :
	    events_agenda_kind_label(r->lang, it->kind));
	c.consequence = i18n_text(r->lang,
	    "The person is no longer shown in the agenda for this item. Their details stay in the network's people.");
	c.button = i18n_text(r->lang, "Yes, remove the person");
	c.back_href = agenda_href(r, t->event, it->id);
	c.back_label = i18n_text(r->lang, "No, keep the person");
	confirm_hidden(&c, "person", url_id(&r->arena, person));
	page_crumb(&pg, t->event->title, event_href(r, t->event));
	page_crumb(&pg, i18n_text(r->lang, "Agenda"), c.back_href);
	page_crumb(&pg, i18n_text(r->lang, "Remove the person from the item"),
	    NULL);
	page_confirm(r, &v, &pg, 200, &c);
}

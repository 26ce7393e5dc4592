/*
 * registrants.c - the organiser's list of an event's registrations: the
 * counts by status, everyone registered with their answers, the waiting
 * list in its order, and cancelling a registration on someone's behalf.
 *
 * The guard has loaded the event (and the registration) and checked that
 * the visitor organises events of its region (event_loader_managed,
 * registrant_loader).  A cancellation is one transaction with its audit
 * entry; the freed seats are offered on in it (registration_cancel()).
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/time.h"
#include "http/urls.h"
#include "registration/registration.h"
#include "registration/pages.h"
#include "registration/store.h"
#include "events/events.h"
#include "http/parse.h"
#include "http/response.h"
#include "tmpl_registration.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")

/* Every registration of the event with its answers (in l). */
static int
rs_load(struct db *db, struct arena *a, enum lang l, int64_t event_id,
    struct reg_row **out, size_t *n)
{
	struct answer_row *ans;
	size_t na, i, k = 0, cap = 0;

	if (registrants_list(db, a, event_id, out, n) != 0 ||
	    answers_of_event(db, a, event_id, &ans, &na) != 0)
		return -1;
	/* Both lists are in registration id order: one pass matches them. */
	for (i = 0; i < na; i++) {
		struct reg_row *x;

		while (k < *n && (*out)[k].id < ans[i].registration_id) {
			k++;
			cap = 0;
		}
		if (k == *n || (*out)[k].id != ans[i].registration_id)
			continue;
		x = &(*out)[k];
		x->answers = arena_grow(a, x->answers, x->nanswers, &cap,
		    sizeof(*x->answers));
		x->answers[x->nanswers].question_id = ans[i].question_id;
		x->answers[x->nanswers].label = "";
		x->answers[x->nanswers++].value = reg_answer_shown(a, l,
		    ans[i].kind, ans[i].value);
	}
	return 0;
}
const char *
reg_row_answer(const struct reg_row *x, int64_t qid)
{
	size_t i;

	for (i = 0; i < x->nanswers; i++)
		if (x->answers[i].question_id == qid)
			return x->answers[i].value;
	return "";
}

void
registrants_page(struct request *r)
{
	struct reg_list_view lv;
	struct reg_row *all;
	const struct event *e = request_object(r);
	struct db *db;
	struct view v;
	struct page pg;
	size_t n, i, nw = 0, nr = 0;
	const char *done;

	memset(&lv, 0, sizeof(lv));
	/* Offers past their time are recorded before the list is read, so
	 * it shows the seats where they really are. */
	request_db_release(r);
	if ((db = db_thread()) != NULL && db_begin(db) == 0) {
		if (offers_expire(db, e->id, time_now()) < 0 ||
		    db_commit(db) != 0)
			db_rollback(db);
	}
	if ((db = request_db(r)) == NULL ||
	    rs_load(db, &r->arena, r->lang, e->id, &all, &n) != 0 ||
	    reg_questions_load(db, &r->arena, r->lang, e->id, &lv.q,
	    &lv.nq) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	lv.e = e;
	lv.csrf = csrf_token(r);
	lv.rows = arena_calloc(&r->arena, n ? n : 1, sizeof(*lv.rows));
	lv.waiting = arena_calloc(&r->arena, n ? n : 1, sizeof(*lv.waiting));
	for (i = 0; i < n; i++) {
		const struct reg_row *x = &all[i];

		if (x->status == REG_CONFIRMED) {
			lv.confirmed++;
			lv.confirmed_seats += x->group_size;
		} else if (x->status == REG_OFFERED) {
			lv.offered++;
			lv.offered_seats += x->group_size;
		} else if (x->status == REG_WAITING) {
			lv.waiting_seats += x->group_size;
			lv.waiting[nw++] = *x;
			continue;
		} else if (x->status == REG_CANCELLED)
			lv.cancelled++;
		else if (x->status == REG_DECLINED)
			lv.declined++;
		else
			lv.expired++;
		lv.rows[nr++] = *x;
	}
	lv.nrows = nr;
	/* The waiting list in its own order, places counted from 1. */
	for (i = 1; i < nw; i++) {
		struct reg_row t = lv.waiting[i];
		size_t k = i;

		while (k > 0 && lv.waiting[k - 1].waiting_seq > t.waiting_seq) {
			lv.waiting[k] = lv.waiting[k - 1];
			k--;
		}
		lv.waiting[k] = t;
	}
	for (i = 0; i < nw; i++)
		lv.waiting[i].place = (int64_t)i + 1;
	lv.nwaiting = nw;
	done = kv_get(&r->query, "done");
	if (done != NULL && strcmp(done, "cancelled") == 0)
		lv.notice = N_("The registration is cancelled and the registrant has been told by e-mail. Any freed seats have been offered to the waiting list.");
	response_begin(r, 200, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(&pg, &v, r, arena_printf(&r->arena, "%s: %s",
	    i18n_text(r->lang, "Registrations"), e->title));
	page_crumb(&pg, i18n_text(r->lang, "Events"), url_for(&r->arena,
	    r->lang, "events.list", NULL));
	page_crumb(&pg, e->title, url_for(&r->arena, r->lang, "events.page",
	    url_id(&r->arena, e->id), NULL));
	page_crumb(&pg, i18n_text(r->lang, "Registrations"), NULL);
	page_registrants(&v, &pg, &lv);
}

void
registrants_cancel_post(struct request *r)
{
	const struct registrant_target *t = request_object(r);
	const struct registration *reg = &t->reg;
	const struct event *e = t->event;
	struct db *db;
	int64_t now = time_now();
	int rc;

	if ((db = request_db(r)) == NULL || db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	rc = registration_cancel(db, reg->id, now);
	if (rc == 0 && audit_record(db, r->user.id, request_address(r),
	    "registration.cancel", "registration", arena_printf(&r->arena,
	    "%lld", (long long)reg->id), arena_printf(&r->arena,
	    "event %lld, status was %s", (long long)e->id, reg_status_name(reg->status)),
	    now) != 0)
		rc = -1;
	if (rc < 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (rc == 2) {
		db_rollback(db);
		response_error(r, 409, N_("This registration is no longer active, so there is nothing to cancel."));
		return;
	}
	if (db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=cancelled",
	    url_for(&r->arena, r->lang, "registration.registrants",
	    url_id(&r->arena, e->id), NULL)));
}

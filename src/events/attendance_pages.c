/*
 * attendance_pages.c - the organisers' attendance pages: figures, check-in
 * by name search or by the registrant's QR code, the webinar report import
 * (upload, column mapping with preview, import), the registrant's QR image
 * and the CSV exports.
 *
 * Every page is for ACT_EVENTS users who manage the event's region; others
 * get 404, as if the event did not exist.  Every change is one transaction
 * with its audit entry (ids and counts, never names).
 */
#include <microhttpd.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/csrf.h"
#include "auth/policy.h"
#include "base/collate.h"
#include "base/csvout.h"
#include "base/settings.h"
#include "base/time.h"
#include "events/attendance.h"
#include "events/store.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/upload.h"
#include "tmpl_events_att.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")
#define ATT_UPLOAD_MAX (8 * 1024 * 1024)
#define ATT_SAMPLE_ROWS 5

/* The event of the :id parameter if the viewer organises its region.
 * 0 found; otherwise the answer has been given. */
static int
att_event(struct request *r, struct db *db, struct event *e)
{
	int64_t id;
	int rc;

	if (db == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (id_parse(request_param(r, "id"), &id) != 0) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	if ((rc = event_get(db, &r->arena, r->lang, id, e)) < 0) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (rc == 1 || !policy_manages_region(&r->user, e->region_id)) {
		response_error(r, 404, NOT_FOUND);
		return -1;
	}
	return 0;
}

static void
att_begin(struct request *r, int status, const char *title,
    const struct event *e, struct view *v, struct page *p)
{
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(p, v, r, title);
	page_crumb(p, i18n_text(r->lang, "Your pages"), arena_printf(&r->arena,
	    "/%s/staff", lang_code(r->lang)));
	if (e != NULL)
		page_crumb(p, e->title, arena_printf(&r->arena, "/%s/events/%lld",
		    lang_code(r->lang), (long long)e->id));
}

static int
att_person_cmp(const void *x, const void *y)
{
	const struct att_person *a = x, *b = y;
	int c = collate_fi(a->name, b->name);

	return c != 0 ? c : (a->reg_id < b->reg_id ? -1 : 1);
}

/*
 * The event's registrations that hold a seat (confirmed), with their
 * check-in codes, sorted by name; only one when code is not NULL.
 * 0 or -1.
 */
static int
att_people(struct request *r, struct db *db, int64_t event_id,
    const char *code, struct att_person **out, size_t *n)
{
	struct att_person *people = NULL;
	struct db_stmt *st;
	size_t cap = 0, k = 0;
	int rc;

	st = db_prepare(db, "SELECT id, group_size, name, organisation, "
	    "email, status, token_hash, checked_in_at, attended_at FROM "
	    "registration WHERE event_id = ?1 AND status = 'confirmed' AND "
	    "erased_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, event_id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct att_person *p;
		char c[ATT_CODE_LEN + 1];

		attendance_code(db_col_text(st, 6), c);
		if (code != NULL && strcmp(c, code) != 0)
			continue;
		people = arena_grow(&r->arena, people, k, &cap, sizeof(*people));
		p = &people[k++];
		memcpy(p->code, c, sizeof(c));
		p->reg_id = db_col_int64(st, 0);
		p->group_size = db_col_int64(st, 1);
		p->name = db_col_dup(st, &r->arena, 2);
		p->organisation = db_col_dup(st, &r->arena, 3);
		p->email = db_col_dup(st, &r->arena, 4);
		p->status = db_col_dup(st, &r->arena, 5);
		p->checked_in_at = db_col_is_null(st, 7) ? 0 :
		    db_col_int64(st, 7);
		p->attended_at = db_col_is_null(st, 8) ? 0 :
		    db_col_int64(st, 8);
		p->checked_in_time = p->checked_in_at == 0 ? NULL :
		    time_format_datetime(&r->arena, r->lang, p->checked_in_at);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (k > 1)
		qsort(people, k, sizeof(*people), att_person_cmp);
	*out = people;
	*n = k;
	return 0;
}

/* True when every word of the folded query is in the folded name, e-mail
 * or organisation ("anna mak" finds "Anna-Liisa Mäkinen"). */
static bool
att_matches(const char *q, const struct att_person *p)
{
	struct buf hay;
	const char *s = q;
	bool ok = true;

	buf_init(&hay);
	attendance_fold(&hay, p->name);
	buf_putc(&hay, ' ');
	attendance_fold(&hay, p->email);
	buf_putc(&hay, ' ');
	attendance_fold(&hay, p->organisation);
	buf_putc(&hay, ' ');
	buf_puts(&hay, p->code);
	while (ok && *s != '\0') {
		size_t n = strcspn(s, " ");
		char *word = strndup(s, n);
		struct buf fw;

		buf_init(&fw);
		attendance_fold(&fw, word);
		free(word);
		if (fw.len > 0 && strstr(buf_cstr(&hay), buf_cstr(&fw)) == NULL) {
			/* The code is upper case; the folded query is not. */
			char up[64];
			size_t i;

			for (i = 0; i < fw.len && i + 1 < sizeof(up); i++)
				up[i] = fw.data[i] >= 'a' && fw.data[i] <= 'z' ?
				    (char)(fw.data[i] - 32) : fw.data[i];
			up[i] = '\0';
			if (strstr(p->code, up) == NULL || fw.len < 4)
				ok = false;
		}
		buf_cleanup(&fw);
		s += n;
		while (*s == ' ')
			s++;
	}
	buf_cleanup(&hay);
	return ok;
}

static const char *
att_notice(struct request *r)
{
	const char *done = kv_get(&r->query, "done");

	if (done == NULL)
		return NULL;
	if (strcmp(done, "in") == 0)
		return N_("Checked in.");
	if (strcmp(done, "undo") == 0)
		return N_("The check-in was undone.");
	if (strcmp(done, "import") == 0)
		return N_("The participant report was imported.");
	return NULL;
}

/* Renders the attendance page with status (200, or 4xx with av->error). */
static void
att_render_page(struct request *r, struct db *db, const struct event *e,
    int status, const char *error)
{
	struct att_page_view av;
	struct att_person *all;
	struct db_stmt *st;
	struct view v;
	struct page p;
	size_t n, i, cap = 0;
	const char *q = kv_get(&r->query, "q");
	int rc;

	memset(&av, 0, sizeof(av));
	av.title = e->title;
	av.event_id = e->id;
	av.when = time_format_datetime(&r->arena, r->lang, e->starts_at);
	av.csrf = csrf_token(r);
	av.q = q != NULL ? q : "";
	av.notice = att_notice(r);
	av.error = error;
	if (attendance_figures(db, e->id, &av.f) != 0 ||
	    att_people(r, db, e->id, NULL, &all, &n) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	av.nconfirmed = n;
	av.people = all;
	for (i = 0; i < n; i++)
		if (av.q[0] == '\0' || att_matches(av.q, &all[i]))
			av.people[av.npeople++] = all[i];
	st = db_prepare(db, "SELECT id, filename, rows_read, matched, "
	    "new_guests, imported_at, (SELECT erased_at FROM event WHERE "
	    "id = ?1) FROM attendance_import WHERE event_id = ?1 "
	    "ORDER BY id");
	if (st == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	db_bind_int64(st, 1, e->id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct att_import_row *ir;

		av.imports = arena_grow(&r->arena, av.imports, av.nimports, &cap,
		    sizeof(*av.imports));
		ir = &av.imports[av.nimports++];
		ir->id = db_col_int64(st, 0);
		ir->filename = db_col_dup(st, &r->arena, 1);
		ir->rows = db_col_int64(st, 2);
		ir->matched = db_col_int64(st, 3);
		ir->new_guests = db_col_int64(st, 4);
		ir->when = time_format_datetime(&r->arena, r->lang,
		    db_col_int64(st, 5));
	}
	db_done(st);
	if (rc != DB_DONE) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	st = db_prepare(db, "SELECT erased_at FROM event WHERE id = ?1");
	if (st != NULL) {
		db_bind_int64(st, 1, e->id);
		if (db_step(st) == DB_ROW)
			av.erased = !db_col_is_null(st, 0);
		db_done(st);
	}
	att_begin(r, status, i18n_text(r->lang, "Attendance"), e, &v, &p);
	page_crumb(&p, p.title, NULL);
	page_att(&v, &p, &av);
}

void
attendance_page(struct request *r)
{
	struct db *db = request_db(r);
	struct event e;

	if (att_event(r, db, &e) != 0)
		return;
	att_render_page(r, db, &e, 200, NULL);
}

/* The :code parameter if it has the shape of a code, else NULL. */
static const char *
att_code_param(struct request *r)
{
	const char *c = request_param(r, "code");
	size_t i;

	if (c == NULL || strlen(c) != ATT_CODE_LEN)
		return NULL;
	for (i = 0; i < ATT_CODE_LEN; i++)
		if (strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", c[i]) == NULL)
			return NULL;
	return c;
}

void
attendance_checkin_page(struct request *r)
{
	struct att_checkin_view cv;
	struct db *db = request_db(r);
	struct att_person *people = NULL;
	const char *code;
	struct event e;
	struct view v;
	struct page p;
	size_t n = 0;

	if (att_event(r, db, &e) != 0)
		return;
	code = att_code_param(r);
	if (code != NULL && att_people(r, db, e.id, code, &people, &n) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	memset(&cv, 0, sizeof(cv));
	cv.title = e.title;
	cv.event_id = e.id;
	cv.csrf = csrf_token(r);
	cv.person = n == 1 ? &people[0] : NULL;
	cv.action = arena_printf(&r->arena, "/%s/events/%lld/checkin/%s",
	    lang_code(r->lang), (long long)e.id, code != NULL ? code : "");
	cv.back = arena_printf(&r->arena, "/%s/events/%lld/attendance",
	    lang_code(r->lang), (long long)e.id);
	cv.just_done = kv_get(&r->query, "done") != NULL;
	att_begin(r, cv.person != NULL ? 200 : 404,
	    i18n_text(r->lang, "Check-in"), &e, &v, &p);
	page_crumb(&p, i18n_text(r->lang, "Attendance"), cv.back);
	page_crumb(&p, p.title, NULL);
	page_att_checkin(&v, &p, &cv);
}

void
attendance_checkin(struct request *r)
{
	struct db *db = request_db(r);
	struct att_person *people = NULL;
	const char *code, *undo, *ret, *q;
	struct db_stmt *st;
	struct event e;
	size_t n = 0;
	int64_t now = time_now();
	bool back_to_list;
	int rc;

	if (att_event(r, db, &e) != 0)
		return;
	if ((code = att_code_param(r)) == NULL) {
		response_error(r, 404, N_("There is no registration with this check-in code for this event."));
		return;
	}
	undo = kv_get(&r->form, "undo");
	ret = kv_get(&r->form, "return");
	q = kv_get(&r->form, "q");
	back_to_list = ret != NULL && strcmp(ret, "list") == 0;
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (att_people(r, db, e.id, code, &people, &n) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (n != 1) {
		db_rollback(db);
		response_error(r, 404, N_("There is no registration with this check-in code for this event."));
		return;
	}
	/* Idempotent: a second "Check in" keeps the first time. */
	st = db_prepare(db, undo != NULL && strcmp(undo, "1") == 0 ?
	    "UPDATE registration SET checked_in_at = NULL WHERE id = ?1" :
	    "UPDATE registration SET checked_in_at = COALESCE(checked_in_at, "
	    "?2) WHERE id = ?1");
	if (st == NULL) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	db_bind_int64(st, 1, people[0].reg_id);
	if (undo == NULL || strcmp(undo, "1") != 0)
		db_bind_int64(st, 2, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE || attendance_update_total(db, e.id) != 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    undo != NULL && strcmp(undo, "1") == 0 ? "event.checkin-undo" :
	    "event.checkin", "registration", arena_printf(&r->arena, "%lld",
	    (long long)people[0].reg_id), arena_printf(&r->arena, "event %lld",
	    (long long)e.id), now) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (back_to_list) {
		struct buf u;

		buf_init(&u);
		buf_printf(&u, "/%s/events/%lld/attendance?done=%s",
		    lang_code(r->lang), (long long)e.id,
		    undo != NULL && strcmp(undo, "1") == 0 ? "undo" : "in");
		if (q != NULL && q[0] != '\0') {
			const unsigned char *s = (const unsigned char *)q;

			buf_puts(&u, "&q=");
			for (; *s != '\0'; s++) {
				if ((*s >= 'a' && *s <= 'z') ||
				    (*s >= 'A' && *s <= 'Z') ||
				    (*s >= '0' && *s <= '9') || *s == '-' ||
				    *s == '_' || *s == '.')
					buf_putc(&u, (char)*s);
				else
					buf_printf(&u, "%%%02X", *s);
			}
		}
		buf_printf(&u, "#reg-%lld", (long long)people[0].reg_id);
		response_redirect(r, 303, arena_strdup(&r->arena, buf_cstr(&u)));
		buf_cleanup(&u);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/events/%lld/checkin/%s?done=1", lang_code(r->lang),
	    (long long)e.id, code));
}

/* --- the registrant's QR code --- */

void
attendance_qr(struct request *r)
{
	struct db *db = request_db(r);
	struct att_registration reg;
	const char *url;
	char code[ATT_CODE_LEN + 1];
	QRcode *qr;
	struct buf *b;
	int rc, x, y, size, quiet = 4;

	if (db == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	rc = attendance_registration(db, &r->arena, request_param(r, "token"),
	    &reg);
	if (rc < 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (rc == 1 || reg.erased || strcmp(reg.status, "confirmed") != 0) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	attendance_code(reg.token_hash, code);
	url = arena_printf(&r->arena, "%s/%s/events/%lld/checkin/%s",
	    config_get()->base_url, lang_code(r->lang),
	    (long long)reg.event_id, code);
	/* Medium error correction survives a scratched phone screen. */
	qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	size = qr->width + 2 * quiet;
	response_begin(r, 200, "image/svg+xml; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-store");
	response_header(r, "Referrer-Policy", "no-referrer");
	b = &r->resp.body;
	/* The code is also written under the symbol, in two groups of five,
	 * so that staff can type it into the search when a cracked screen
	 * will not scan. */
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
	    "aria-labelledby=\"qr-t\">"
	    "<title id=\"qr-t\">%s %s</title>"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" shape-rendering=\"crispEdges\" d=\"",
	    size, size + 5, size * 8, (size + 5) * 8,
	    i18n_text(r->lang, "Check-in code"), code, size, size + 5);
	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)
				buf_printf(b, "M%d %dh1v1h-1z", x + quiet,
				    y + quiet);
	buf_printf(b, "\"/><text x=\"%d\" y=\"%d\" font-family=\"monospace\" "
	    "font-size=\"4\" text-anchor=\"middle\" fill=\"#000\" "
	    "aria-hidden=\"true\">%.5s %.5s</text></svg>\n", size / 2, size + 2,
	    code, code + 5);
	QRcode_free(qr);
}

/* --- the webinar report: upload, mapping and preview, import --- */

/* The stored upload of the :upload parameter for event_id.  0, 1 (404
 * given), -1 (503 given). */
static int
att_load_upload(struct request *r, struct db *db, int64_t event_id,
    int64_t *upload_id, const char **filename, struct att_report *rep)
{
	struct db_stmt *st;
	const char *text = NULL, *err;
	size_t len = 0;
	int rc;

	if (id_parse(request_param(r, "upload"), upload_id) != 0) {
		response_error(r, 404, N_("This upload is no longer available: upload the file again."));
		return 1;
	}
	st = db_prepare(db, "SELECT filename, content FROM attendance_upload "
	    "WHERE id = ?1 AND event_id = ?2");
	if (st == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	db_bind_int64(st, 1, *upload_id);
	db_bind_int64(st, 2, event_id);
	if ((rc = db_step(st)) == DB_ROW) {
		*filename = db_col_dup(st, &r->arena, 0);
		len = db_col_len(st, 1);
		text = arena_strndup(&r->arena, db_col_text(st, 1), len);
	}
	db_done(st);
	if (rc == DB_DONE) {
		response_error(r, 404, N_("This upload is no longer available: upload the file again."));
		return 1;
	}
	if (rc != DB_ROW) {
		response_error(r, 503, UNAVAILABLE);
		return -1;
	}
	if (attendance_report_parse(&r->arena, text, len, rep, &err) != 0) {
		response_error(r, 404, err);
		return 1;
	}
	return 0;
}

void
attendance_upload(struct request *r)
{
	struct db *db = request_db(r);
	const struct upload *u;
	struct att_report rep;
	struct db_stmt *st;
	const char *data, *err = NULL;
	struct event e;
	int64_t now = time_now(), id;
	int rc;

	if (att_event(r, db, &e) != 0)
		return;
	u = request_upload(r, "report");
	if (u == NULL || u->size == 0) {
		att_render_page(r, db, &e, 400,
		    N_("Choose the participant report file (CSV) to upload."));
		return;
	}
	rc = upload_read(u, &r->arena, ATT_UPLOAD_MAX, &data);
	if (rc < 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (rc == 1)
		err = N_("The file is too large: a participant report can be at most 8 MB.");
	else
		(void)attendance_report_parse(&r->arena, data, (size_t)u->size,
		    &rep, &err);
	if (err != NULL) {
		att_render_page(r, db, &e, 422, err);
		return;
	}
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	st = db_prepare(db, "INSERT INTO attendance_upload (event_id, "
	    "account_id, filename, content, created_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5)");
	if (st == NULL) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	db_bind_int64(st, 1, e.id);
	db_bind_int64(st, 2, r->user.id);
	db_bind_cstr(st, 3, u->filename != NULL ? u->filename : "");
	db_bind_text(st, 4, rep.text, rep.text_len);
	db_bind_int64(st, 5, now);
	rc = db_step(st);
	db_done(st);
	id = db_last_id(db);
	if (rc != DB_DONE || db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/events/%lld/attendance/import/%lld", lang_code(r->lang),
	    (long long)e.id, (long long)id));
}

/* A column number from a form or query: -1 for "none" or absent, -2 when
 * it is not a column of rep. */
static int
att_col(const char *s, const struct att_report *rep)
{
	int v = 0;

	if (s == NULL || s[0] == '\0' || strcmp(s, "none") == 0)
		return -1;
	if (strlen(s) > 3)
		return -2;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -2;
		v = v * 10 + (*s - '0');
	}
	return (size_t)v < rep->ncols ? v : -2;
}

/* Checks a mapping: NULL when fine, else the mistake (msgid). */
static const char *
att_mapping_error(const struct att_report *rep, int email_col, int name_col)
{
	if (email_col == -2 || name_col == -2)
		return N_("Choose the columns from the list.");
	if (email_col == -1)
		return N_("Choose the column that holds the participants' e-mail addresses.");
	if (!attendance_column_has_email(rep, email_col))
		return N_("The column you chose has no e-mail addresses: choose the column that holds them.");
	if (name_col == email_col)
		return N_("Choose different columns for the e-mail address and the name.");
	return NULL;
}

static void
att_render_mapping(struct request *r, int status, const struct event *e,
    struct att_mapping_view *mv)
{
	struct view v;
	struct page p;

	mv->title = e->title;
	mv->event_id = e->id;
	mv->csrf = csrf_token(r);
	mv->nsample = mv->rep->nrows < ATT_SAMPLE_ROWS ? mv->rep->nrows :
	    ATT_SAMPLE_ROWS;
	mv->action = arena_printf(&r->arena,
	    "/%s/events/%lld/attendance/import/%lld", lang_code(r->lang),
	    (long long)e->id, (long long)mv->upload_id);
	att_begin(r, status, i18n_text(r->lang, "Import the participant report"),
	    e, &v, &p);
	page_crumb(&p, i18n_text(r->lang, "Attendance"), arena_printf(&r->arena,
	    "/%s/events/%lld/attendance", lang_code(r->lang),
	    (long long)e->id));
	page_crumb(&p, p.title, NULL);
	page_att_mapping(&v, &p, mv);
}

void
attendance_mapping(struct request *r)
{
	struct att_mapping_view mv;
	struct db *db = request_db(r);
	struct att_report rep;
	struct event e;

	if (att_event(r, db, &e) != 0)
		return;
	memset(&mv, 0, sizeof(mv));
	if (att_load_upload(r, db, e.id, &mv.upload_id, &mv.filename, &rep) != 0)
		return;
	mv.rep = &rep;
	if (kv_get(&r->query, "email") == NULL) {
		/* First visit: the guesses, no preview yet. */
		mv.email_col = rep.guess_email;
		mv.name_col = rep.guess_name;
		att_render_mapping(r, 200, &e, &mv);
		return;
	}
	mv.email_col = att_col(kv_get(&r->query, "email"), &rep);
	mv.name_col = att_col(kv_get(&r->query, "name"), &rep);
	if ((mv.error = att_mapping_error(&rep, mv.email_col, mv.name_col)) !=
	    NULL) {
		if (mv.email_col == -2)
			mv.email_col = -1;
		if (mv.name_col == -2)
			mv.name_col = -1;
		att_render_mapping(r, 422, &e, &mv);
		return;
	}
	if (attendance_import(db, &r->arena, e.id, &rep, mv.email_col,
	    mv.name_col, true, time_now(), &mv.res) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	mv.previewed = true;
	att_render_mapping(r, 200, &e, &mv);
}

void
attendance_import_post(struct request *r)
{
	struct att_mapping_view mv;
	struct att_import_result res;
	struct db *db = request_db(r);
	struct att_report rep;
	struct db_stmt *st;
	struct event e;
	int64_t now = time_now();
	int rc;

	if (att_event(r, db, &e) != 0)
		return;
	memset(&mv, 0, sizeof(mv));
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	/* Read inside the transaction: a double click imports once, the
	 * second finds the upload gone. */
	if (att_load_upload(r, db, e.id, &mv.upload_id, &mv.filename,
	    &rep) != 0) {
		db_rollback(db);
		return;
	}
	mv.rep = &rep;
	mv.email_col = att_col(kv_get(&r->form, "email"), &rep);
	mv.name_col = att_col(kv_get(&r->form, "name"), &rep);
	if ((mv.error = att_mapping_error(&rep, mv.email_col, mv.name_col)) !=
	    NULL) {
		db_rollback(db);
		if (mv.email_col == -2)
			mv.email_col = -1;
		if (mv.name_col == -2)
			mv.name_col = -1;
		att_render_mapping(r, 422, &e, &mv);
		return;
	}
	if (attendance_import(db, &r->arena, e.id, &rep, mv.email_col,
	    mv.name_col, false, now, &res) != 0)
		goto fail;
	st = db_prepare(db, "INSERT INTO attendance_import (event_id, "
	    "account_id, filename, rows_read, matched, new_guests, "
	    "imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (st == NULL)
		goto fail;
	db_bind_int64(st, 1, e.id);
	db_bind_int64(st, 2, r->user.id);
	db_bind_cstr(st, 3, mv.filename);
	db_bind_int64(st, 4, res.rows);
	db_bind_int64(st, 5, res.matched);
	db_bind_int64(st, 6, res.new_guests);
	db_bind_int64(st, 7, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		goto fail;
	st = db_prepare(db, "DELETE FROM attendance_upload WHERE id = ?1");
	if (st == NULL)
		goto fail;
	db_bind_int64(st, 1, mv.upload_id);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE || audit_record(db, r->user.id, request_address(r),
	    "event.attendance-import", "event", arena_printf(&r->arena, "%lld",
	    (long long)e.id), arena_printf(&r->arena, "rows %lld matched %lld "
	    "new guests %lld", (long long)res.rows, (long long)res.matched,
	    (long long)res.new_guests), now) != 0 || db_commit(db) != 0)
		goto fail;
	response_redirect(r, 303, arena_printf(&r->arena,
	    "/%s/events/%lld/attendance?done=import", lang_code(r->lang),
	    (long long)e.id));
	return;
fail:
	db_rollback(db);
	response_error(r, 503, UNAVAILABLE);
}

/* --- exports --- */

static void
att_csv_begin(struct request *r, const char *name, int64_t id)
{
	response_begin(r, 200, "text/csv; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-store");
	response_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"event-%lld-%s.csv\"", (long long)id, name));
}

/* ';' for spreadsheets in a Finnish or Swedish locale unless ?sep=comma. */
static char
att_sep(struct request *r)
{
	const char *s = kv_get(&r->query, "sep");

	if (s != NULL && strcmp(s, "comma") == 0)
		return ',';
	if (s != NULL && strcmp(s, "semicolon") == 0)
		return ';';
	return r->lang == LANG_EN ? ',' : ';';
}

static const char *
att_status_label(enum lang l, const char *s)
{
	if (strcmp(s, "confirmed") == 0)
		return i18n_text(l, "Confirmed");
	if (strcmp(s, "waiting") == 0)
		return i18n_text(l, "On the waiting list");
	if (strcmp(s, "offered") == 0)
		return i18n_text(l, "Offered a seat");
	if (strcmp(s, "cancelled") == 0)
		return i18n_text(l, "Cancelled");
	if (strcmp(s, "declined") == 0)
		return i18n_text(l, "Declined the offer");
	return i18n_text(l, "Offer expired");
}

static const char *
att_time(struct request *r, struct db_stmt *st, int col)
{
	return db_col_is_null(st, col) ? NULL : time_format_datetime(&r->arena,
	    r->lang, db_col_int64(st, col));
}

void
attendance_export_registrants(struct request *r)
{
	struct db *db = request_db(r);
	struct db_stmt *st;
	struct csvout c;
	struct event e;
	int64_t *qids = NULL;
	size_t nq = 0, cap = 0, i;
	int rc;

	if (att_event(r, db, &e) != 0)
		return;
	att_csv_begin(r, "registrants", e.id);
	csvout_init(&c, &r->resp.body, att_sep(r), true);
	csvout_text(&c, i18n_text(r->lang, "Name"));
	csvout_text(&c, i18n_text(r->lang, "E-mail"));
	csvout_text(&c, i18n_text(r->lang, "Organisation"));
	csvout_text(&c, i18n_text(r->lang, "Municipality"));
	csvout_text(&c, i18n_text(r->lang, "Group size"));
	csvout_text(&c, i18n_text(r->lang, "Status"));
	csvout_text(&c, i18n_text(r->lang, "Place on the waiting list"));
	csvout_text(&c, i18n_text(r->lang, "Registered"));
	st = db_prepare(db, "SELECT id, label_fi, label_sv, label_en FROM "
	    "event_question WHERE event_id = ?1 ORDER BY position, id");
	if (st == NULL)
		goto fail;
	db_bind_int64(st, 1, e.id);
	while ((rc = db_step(st)) == DB_ROW) {
		qids = arena_grow(&r->arena, qids, nq, &cap, sizeof(*qids));
		qids[nq++] = db_col_int64(st, 0);
		csvout_text(&c, i18n_pick(r->lang, db_col_text(st, 1),
		    db_col_text(st, 2), db_col_text(st, 3), NULL));
	}
	db_done(st);
	if (rc != DB_DONE)
		goto fail;
	csvout_end(&c);
	st = db_prepare(db, "SELECT r.id, r.name, r.email, r.organisation, "
	    "COALESCE(m.name_fi, ''), r.group_size, r.status, r.waiting_seq, "
	    "r.created_at, r.erased_at, COALESCE(m.name_sv, ''), "
	    "COALESCE(m.name_en, '') FROM registration r LEFT JOIN "
	    "municipality m ON m.code = r.municipality_code "
	    "WHERE r.event_id = ?1 ORDER BY r.created_at, r.id");
	if (st == NULL)
		goto fail;
	db_bind_int64(st, 1, e.id);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t rid = db_col_int64(st, 0);
		bool erased = !db_col_is_null(st, 9);

		if (erased) {
			csvout_text(&c, i18n_text(r->lang, "(erased)"));
			csvout_empty(&c);
			csvout_empty(&c);
		} else {
			csvout_text(&c, db_col_text(st, 1));
			csvout_text(&c, db_col_text(st, 2));
			csvout_text(&c, db_col_text(st, 3));
		}
		csvout_text(&c, i18n_pick(r->lang, db_col_text(st, 4),
		    db_col_text(st, 10), db_col_text(st, 11), NULL));
		csvout_int(&c, db_col_int64(st, 5));
		csvout_text(&c, att_status_label(r->lang, db_col_text(st, 6)));
		if (db_col_is_null(st, 7) || strcmp(db_col_text(st, 6),
		    "waiting") != 0)
			csvout_empty(&c);
		else
			csvout_int(&c, db_col_int64(st, 7));
		csvout_text(&c, time_format_datetime(&r->arena, r->lang,
		    db_col_int64(st, 8)));
		for (i = 0; i < nq; i++) {
			/* A nested statement: answers are few per row. */
			struct db_stmt *a = db_prepare(db, "SELECT value FROM "
			    "registration_answer WHERE registration_id = ?1 "
			    "AND question_id = ?2");

			if (a == NULL) {
				db_done(st);
				goto fail;
			}
			db_bind_int64(a, 1, rid);
			db_bind_int64(a, 2, qids[i]);
			if (db_step(a) == DB_ROW)
				csvout_text(&c, db_col_text(a, 0));
			else
				csvout_empty(&c);
			db_done(a);
		}
		csvout_end(&c);
	}
	db_done(st);
	if (rc != DB_DONE)
		goto fail;
	return;
fail:
	buf_cleanup(&r->resp.body);
	r->resp.nheaders = 0;
	response_error(r, 503, UNAVAILABLE);
}

void
attendance_export_attendance(struct request *r)
{
	struct db *db = request_db(r);
	struct att_figures f;
	struct db_stmt *st;
	struct csvout c;
	struct event e;
	int rc;

	if (att_event(r, db, &e) != 0)
		return;
	if (attendance_figures(db, e.id, &f) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	att_csv_begin(r, "attendance", e.id);
	csvout_init(&c, &r->resp.body, att_sep(r), true);
	csvout_text(&c, i18n_text(r->lang, "Name"));
	csvout_text(&c, i18n_text(r->lang, "E-mail"));
	csvout_text(&c, i18n_text(r->lang, "Organisation"));
	csvout_text(&c, i18n_text(r->lang, "Group size"));
	csvout_text(&c, i18n_text(r->lang, "Status"));
	csvout_text(&c, i18n_text(r->lang, "Checked in"));
	csvout_text(&c, i18n_text(r->lang, "In the participant report"));
	csvout_end(&c);
	st = db_prepare(db, "SELECT name, email, organisation, group_size, "
	    "status, checked_in_at, attended_at, erased_at FROM registration "
	    "WHERE event_id = ?1 AND (status = 'confirmed' OR checked_in_at "
	    "IS NOT NULL OR attended_at IS NOT NULL) ORDER BY id");
	if (st == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	db_bind_int64(st, 1, e.id);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *t;

		if (!db_col_is_null(st, 7)) {
			csvout_text(&c, i18n_text(r->lang, "(erased)"));
			csvout_empty(&c);
			csvout_empty(&c);
		} else {
			csvout_text(&c, db_col_text(st, 0));
			csvout_text(&c, db_col_text(st, 1));
			csvout_text(&c, db_col_text(st, 2));
		}
		csvout_int(&c, db_col_int64(st, 3));
		csvout_text(&c, att_status_label(r->lang, db_col_text(st, 4)));
		t = att_time(r, st, 5);
		csvout_text(&c, t);
		t = att_time(r, st, 6);
		csvout_text(&c, t);
		csvout_end(&c);
	}
	db_done(st);
	if (rc != DB_DONE) {
		buf_cleanup(&r->resp.body);
		r->resp.nheaders = 0;
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	/* The attendees without registration, as one summary row. */
	csvout_text(&c, i18n_text(r->lang, "Attendees without registration"));
	csvout_empty(&c);
	csvout_empty(&c);
	csvout_int(&c, f.guests);
	csvout_empty(&c);
	csvout_empty(&c);
	csvout_empty(&c);
	csvout_end(&c);
}

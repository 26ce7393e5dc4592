/*
 * pages.c - the organisers' attendance pages: figures, check-in
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
#include "base/csvout.h"
#include "base/settings.h"
#include "base/time.h"
#include "attendance/attendance.h"
#include "http/urls.h"
#include "registration/registration.h"
#include "events/events.h"
#include "network/network.h"
#include "http/parse.h"
#include "http/response.h"
#include "http/upload.h"
#include "tmpl_attendance.h"
#include "view/form.h"
#include "view/format.h"
#include "view/page.h"

#define UNAVAILABLE N_("The service is temporarily unavailable. Please try again in a moment.")
#define NOT_FOUND N_("The page you were looking for was not found.")
#define ATT_UPLOAD_MAX (8 * 1024 * 1024)
#define ATT_SAMPLE_ROWS 5

static void
att_begin(struct request *r, int status, const char *title,
    const struct event *e, struct view *v, struct page *p)
{
	response_begin(r, status, "text/html; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	page_init(p, v, r, title);
	page_crumb(p, i18n_text(r->lang, "Your pages"), url_for(&r->arena,
	    r->lang, "staff.home", NULL));
	if (e != NULL)
		page_crumb(p, e->title, url_for(&r->arena, r->lang,
		    "events.page", url_id(&r->arena, e->id), NULL));
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

/* Renders the attendance page with status (200, or 4xx with a mistake
 * of the report upload, a msgid). */
static void
att_render_page(struct request *r, struct db *db, const struct event *e,
    int status, const char *error)
{
	struct form form;
	struct att_page_view av;
	struct att_person *all;
	struct view v;
	struct page p;
	size_t n, i;
	const char *q = kv_get(&r->query, "q");

	memset(&av, 0, sizeof(av));
	av.title = e->title;
	av.event_id = e->id;
	av.when = time_format_datetime(&r->arena, r->lang, e->starts_at);
	av.csrf = csrf_token(r);
	av.q = q != NULL ? q : "";
	av.notice = att_notice(r);
	form_begin(&form, r);
	if (error != NULL)
		form_error(&form, "report", error);
	av.errors = form_errors(&form);
	if (attendance_figures(db, e->id, &av.f) != 0 ||
	    attendance_people(db, &r->arena, r->lang, e->id, NULL, &all, &n) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	av.nconfirmed = n;
	av.people = all;
	for (i = 0; i < n; i++)
		if (av.q[0] == '\0' || att_matches(av.q, &all[i]))
			av.people[av.npeople++] = all[i];
	if (attendance_imports(db, &r->arena, e->id, &av.imports,
	    &av.nimports) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	for (i = 0; i < av.nimports; i++)
		av.imports[i].when = time_format_datetime(&r->arena, r->lang,
		    av.imports[i].imported_at);
	av.erased = e->erased;
	att_begin(r, status, i18n_text(r->lang, "Attendance"), e, &v, &p);
	page_form_errors(&p, &av.errors);
	page_crumb(&p, p.title, NULL);
	page_att(&v, &p, &av);
}

void
attendance_page(struct request *r)
{
	struct db *db = request_db(r);
	const struct event *e = request_object(r);

	att_render_page(r, db, e, 200, NULL);
}

void
attendance_checkin_page(struct request *r)
{
	const struct checkin_target *t = request_object(r);
	const struct event *e = t->event;
	struct att_checkin_view cv;
	struct view v;
	struct page p;

	memset(&cv, 0, sizeof(cv));
	cv.title = e->title;
	cv.event_id = e->id;
	cv.csrf = csrf_token(r);
	cv.person = t->person;
	/* The form is shown only for a code of a participant. */
	cv.form_url = t->code == NULL ? NULL : url_for(&r->arena, r->lang,
	    "events.checkin", url_id(&r->arena, e->id), t->code, NULL);
	cv.back = url_for(&r->arena, r->lang, "events.attendance",
	    url_id(&r->arena, e->id), NULL);
	cv.just_done = kv_get(&r->query, "done") != NULL;
	/* An unknown code is explained, with the way back to the list. */
	att_begin(r, cv.person != NULL ? 200 : 404,
	    i18n_text(r->lang, "Check-in"), e, &v, &p);
	page_crumb(&p, i18n_text(r->lang, "Attendance"), cv.back);
	page_crumb(&p, p.title, NULL);
	page_att_checkin(&v, &p, &cv);
}

void
attendance_checkin(struct request *r)
{
	const struct checkin_target *t = request_object(r);
	const struct event *e = t->event;
	const char *code = t->code;
	struct db *db = request_db(r);
	struct att_person *people = NULL;
	const char *undo, *ret, *q;
	size_t n = 0;
	int64_t now = time_now();
	bool back_to_list;
	int rc;

	if (t->person == NULL) {
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
	/* Again inside the transaction: it may have been cancelled. */
	if (attendance_people(db, &r->arena, r->lang, e->id, code, &people,
	    &n) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (n != 1) {
		db_rollback(db);
		response_error(r, 404, N_("There is no registration with this check-in code for this event."));
		return;
	}
	rc = registration_check_in(db, people[0].reg_id,
	    undo != NULL && strcmp(undo, "1") == 0, now);
	if (rc != 0 || attendance_update_total(db, e->id) != 0 ||
	    audit_record(db, r->user.id, request_address(r),
	    undo != NULL && strcmp(undo, "1") == 0 ? "event.checkin-undo" :
	    "event.checkin", "registration", arena_printf(&r->arena, "%lld",
	    (long long)people[0].reg_id), arena_printf(&r->arena, "event %lld",
	    (long long)e->id), now) != 0 || db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (back_to_list) {
		struct buf u;

		buf_init(&u);
		buf_printf(&u, "%s?done=%s", url_for(&r->arena, r->lang,
		    "events.attendance", url_id(&r->arena, e->id), NULL),
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
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=1",
	    url_for(&r->arena, r->lang, "events.checkin-page", url_id(&r->arena,
	    e->id), code, NULL)));
}

/* --- the registrant's QR code --- */

void
attendance_qr(struct request *r)
{
	const struct registration_link *l = request_object(r);
	const char *url;
	char hash[65], code[ATT_CODE_LEN + 1];
	QRcode *qr;
	struct buf *b;
	int x, y, size, quiet = 4;

	/* Only a seat has a check-in code. */
	if (l->reg.status != REG_CONFIRMED) {
		response_error(r, 404, NOT_FOUND);
		return;
	}
	registration_token_hash(l->token, hash);
	attendance_code(hash, code);
	url = url_abs_for(&r->arena, r->lang, "events.checkin-page",
	    url_id(&r->arena, l->reg.event_id), code, NULL);
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

/* The report of the route's upload, parsed: 0, or 1 answered with 404
 * (gone, or not a report). */
static int
att_report_of(struct request *r, const struct upload_target *t,
    struct att_report *rep)
{
	const char *err;

	if (t->filename == NULL) {
		response_error(r, 404, N_("This upload is no longer available: upload the file again."));
		return 1;
	}
	if (attendance_report_parse(&r->arena, t->content, t->len, rep,
	    &err) != 0) {
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
	const char *data, *err = NULL;
	const struct event *e = request_object(r);
	int64_t now = time_now(), id;
	int rc;

	u = request_upload(r, "report");
	if (u == NULL || u->size == 0) {
		att_render_page(r, db, e, 400,
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
		att_render_page(r, db, e, 422, err);
		return;
	}
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	rc = attendance_upload_add(db, e->id, r->user.id,
	    u->filename != NULL ? u->filename : "", rep.text, now, &id);
	if (rc != 0 || db_commit(db) != 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	response_redirect(r, 303, url_for(&r->arena, r->lang,
	    "events.attendance-mapping", url_id(&r->arena, e->id),
	    url_id(&r->arena, id), NULL));
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

/*
 * Reads the mapping's two columns from in (the query, or the POST) into mv
 * and checks them, the mistakes under its two fields: true when it holds.
 * A column that is not one of rep's is shown again as none.
 */
static bool
att_mapping_read(struct request *r, const struct kv_list *in,
    const struct att_report *rep, struct att_mapping_view *mv)
{
	struct form f;

	mv->email_col = att_col(kv_get(in, "email"), rep);
	mv->name_col = att_col(kv_get(in, "name"), rep);
	form_begin(&f, r);
	if (mv->email_col == -2)
		form_error(&f, "email", N_("Choose the columns from the list."));
	else if (mv->email_col == -1)
		form_error(&f, "email", N_("Choose the column that holds the participants' e-mail addresses."));
	else if (!attendance_column_has_email(rep, mv->email_col))
		form_error(&f, "email", N_("The column you chose has no e-mail addresses: choose the column that holds them."));
	if (mv->name_col == -2)
		form_error(&f, "name", N_("Choose the columns from the list."));
	else if (mv->name_col >= 0 && mv->name_col == mv->email_col)
		form_error(&f, "name", N_("Choose different columns for the e-mail address and the name."));
	mv->errors = form_errors(&f);
	if (mv->email_col == -2)
		mv->email_col = -1;
	if (mv->name_col == -2)
		mv->name_col = -1;
	return form_ok(&f);
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
	mv->form_url = url_for(&r->arena, r->lang, "events.attendance-import",
	    url_id(&r->arena, e->id), url_id(&r->arena, mv->upload_id), NULL);
	att_begin(r, status, i18n_text(r->lang, "Import the participant report"),
	    e, &v, &p);
	page_crumb(&p, i18n_text(r->lang, "Attendance"), url_for(&r->arena,
	    r->lang, "events.attendance", url_id(&r->arena, e->id), NULL));
	page_crumb(&p, p.title, NULL);
	page_form_errors(&p, &mv->errors);
	page_att_mapping(&v, &p, mv);
}

void
attendance_mapping(struct request *r)
{
	const struct upload_target *t = request_object(r);
	const struct event *e = t->event;
	struct att_mapping_view mv;
	struct db *db = request_db(r);
	struct att_report rep;

	memset(&mv, 0, sizeof(mv));
	if (att_report_of(r, t, &rep) != 0)
		return;
	mv.upload_id = t->upload_id;
	mv.filename = t->filename;
	mv.rep = &rep;
	if (kv_get(&r->query, "email") == NULL) {
		/* First visit: the guesses, no preview yet. */
		mv.email_col = rep.guess_email;
		mv.name_col = rep.guess_name;
		att_render_mapping(r, 200, e, &mv);
		return;
	}
	if (!att_mapping_read(r, &r->query, &rep, &mv)) {
		att_render_mapping(r, 400, e, &mv);
		return;
	}
	if (attendance_import(db, &r->arena, e->id, &rep, mv.email_col,
	    mv.name_col, true, time_now(), &mv.res) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	mv.previewed = true;
	att_render_mapping(r, 200, e, &mv);
}

void
attendance_import_post(struct request *r)
{
	const struct upload_target *loaded = request_object(r);
	const struct event *e = loaded->event;
	struct upload_target t = *loaded;
	struct att_mapping_view mv;
	struct att_import_result res;
	struct db *db = request_db(r);
	struct att_report rep;
	int64_t now = time_now();
	int rc;

	memset(&mv, 0, sizeof(mv));
	if (db_begin(db) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	/* Read inside the transaction: a double click imports once, the
	 * second finds the upload gone. */
	t.filename = NULL;
	rc = attendance_upload_get(db, &r->arena, e->id, t.upload_id, &t);
	if (rc < 0) {
		db_rollback(db);
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (att_report_of(r, &t, &rep) != 0) {
		db_rollback(db);
		return;
	}
	mv.upload_id = t.upload_id;
	mv.filename = t.filename;
	mv.rep = &rep;
	if (!att_mapping_read(r, &r->form, &rep, &mv)) {
		db_rollback(db);
		att_render_mapping(r, 400, e, &mv);
		return;
	}
	if (attendance_import(db, &r->arena, e->id, &rep, mv.email_col,
	    mv.name_col, false, now, &res) != 0)
		goto fail;
	rc = attendance_import_done(db, e->id, r->user.id, mv.upload_id,
	    mv.filename, &res, now);
	if (rc != 0 || audit_record(db, r->user.id, request_address(r),
	    "event.attendance-import", "event", arena_printf(&r->arena, "%lld",
	    (long long)e->id), arena_printf(&r->arena, "rows %lld matched %lld "
	    "new guests %lld", (long long)res.rows, (long long)res.matched,
	    (long long)res.new_guests), now) != 0 || db_commit(db) != 0)
		goto fail;
	response_redirect(r, 303, arena_printf(&r->arena, "%s?done=import",
	    url_for(&r->arena, r->lang, "events.attendance", url_id(&r->arena,
	    e->id), NULL)));
	return;
fail:
	db_rollback(db);
	response_error(r, 503, UNAVAILABLE);
}

/* --- exports --- */

/*
 * Starts a CSV export of event `id` into c, with the separator the
 * request asks for (view/format.h) and the header row of msgids.  -1 when
 * the separator is not one we write (answered 400).
 */
static int
att_csv_begin(struct request *r, const char *name, int64_t id,
    struct csvout *c, const char *const *head, size_t nhead)
{
	char sep;
	size_t i;

	if (format_csv_sep(r, &sep) != 0) {
		response_error(r, 400, N_("The separator must be comma or semicolon."));
		return -1;
	}
	response_begin(r, 200, "text/csv; charset=utf-8");
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-store");
	response_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"event-%lld-%s.csv\"", (long long)id, name));
	csvout_init(c, &r->resp.body, sep, true);
	for (i = 0; i < nhead; i++)
		csvout_text(c, i18n_text(r->lang, head[i]));
	return 0;
}

static const char *
att_status_label(enum lang l, enum reg_status s)
{
	switch (s) {
	case REG_CONFIRMED:
		return i18n_text(l, "Confirmed");
	case REG_WAITING:
		return i18n_text(l, "On the waiting list");
	case REG_OFFERED:
		return i18n_text(l, "Offered a seat");
	case REG_CANCELLED:
		return i18n_text(l, "Cancelled");
	case REG_DECLINED:
		return i18n_text(l, "Declined the offer");
	case REG_EXPIRED:
		break;
	}
	return i18n_text(l, "Offer expired");
}
static const char *
att_time(struct request *r, int64_t t)
{
	return time_format_local(&r->arena, t);
}

/* Name, e-mail and organisation, or that they were erased. */
static void
att_csv_person(struct request *r, struct csvout *c,
    const struct reg_roster_entry *x)
{
	if (x->erased) {
		csvout_text(c, i18n_text(r->lang, "(erased)"));
		csvout_empty(c);
		csvout_empty(c);
	} else {
		csvout_text(c, x->name);
		csvout_text(c, x->email);
		csvout_text(c, x->organisation);
	}
}

/*
 * The municipality of each row by name in the page's language ("" when
 * none), each code looked up once: a few distinct places among many
 * registrants.  NULL on error.
 */
static const char **
att_places(struct request *r, const struct reg_roster_entry *rows, size_t n)
{
	const char **names = arena_alloc(&r->arena, (n > 0 ? n : 1) *
	    sizeof(*names));
	size_t *seen = arena_alloc(&r->arena, (n > 0 ? n : 1) * sizeof(*seen));
	size_t i, k, nseen = 0;

	for (i = 0; i < n; i++) {
		const char *code = rows[i].municipality;
		struct municipality m;
		int rc;

		names[i] = "";
		if (code[0] == '\0')
			continue;
		/* seen[] holds the first row of each place met so far. */
		for (k = 0; k < nseen; k++)
			if (strcmp(rows[seen[k]].municipality, code) == 0)
				break;
		if (k < nseen) {
			names[i] = names[seen[k]];
			continue;
		}
		seen[nseen++] = i;
		rc = network_municipality(request_db(r), &r->arena, r->lang,
		    code, &m);
		if (rc < 0)
			return NULL;
		if (rc == 0)
			names[i] = m.name;
	}
	return names;
}

/* Registration rid's answer to question qid among ans (sorted by both). */
static const char *
att_answer(const struct reg_answer_value *ans, size_t n, int64_t rid,
    int64_t qid)
{
	size_t lo = 0, hi = n, m;

	while (lo < hi) {
		m = lo + (hi - lo) / 2;
		if (ans[m].registration_id < rid ||
		    (ans[m].registration_id == rid && ans[m].question_id < qid))
			lo = m + 1;
		else
			hi = m;
	}
	return lo < n && ans[lo].registration_id == rid &&
	    ans[lo].question_id == qid ? ans[lo].value : NULL;
}

void
attendance_export_registrants(struct request *r)
{
	struct db *db = request_db(r);
	const struct event *e = request_object(r);
	struct reg_question_labels *q;
	struct reg_answer_value *ans;
	struct reg_roster_entry *rows;
	const char **places;
	static const char *const head[] = { N_("Name"), N_("E-mail"),
	    N_("Organisation"), N_("Municipality"), N_("Group size"),
	    N_("Status"), N_("Place on the waiting list"), N_("Registered") };
	struct csvout c;
	size_t nq, na, n, i, k;

	if (registration_answer_sheet(db, &r->arena, e->id, &q, &nq, &ans,
	    &na) != 0 || registration_roster(db, &r->arena, e->id,
	    REG_ROSTER_ALL, &rows, &n) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	places = att_places(r, rows, n);
	if (places == NULL) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (att_csv_begin(r, "registrants", e->id, &c, head,
	    sizeof(head) / sizeof(head[0])) != 0)
		return;
	for (k = 0; k < nq; k++)
		csvout_text(&c, i18n_pick(r->lang, q[k].labels[0],
		    q[k].labels[1], q[k].labels[2], NULL));
	csvout_end(&c);
	for (i = 0; i < n; i++) {
		const struct reg_roster_entry *x = &rows[i];

		att_csv_person(r, &c, x);
		csvout_text(&c, places[i]);
		csvout_int(&c, x->group_size);
		csvout_text(&c, att_status_label(r->lang, x->status));
		if (x->waiting_seq < 0 || x->status != REG_WAITING)
			csvout_empty(&c);
		else
			csvout_int(&c, x->waiting_seq);
		csvout_text(&c, att_time(r, x->created_at));
		for (k = 0; k < nq; k++) {
			const char *v = att_answer(ans, na, x->id, q[k].id);

			if (v != NULL)
				csvout_text(&c, v);
			else
				csvout_empty(&c);
		}
		csvout_end(&c);
	}
}

void
attendance_export_attendance(struct request *r)
{
	struct db *db = request_db(r);
	const struct event *e = request_object(r);
	struct reg_roster_entry *rows;
	struct att_figures f;
	static const char *const head[] = { N_("Name"), N_("E-mail"),
	    N_("Organisation"), N_("Group size"), N_("Status"),
	    N_("Checked in"), N_("In the participant report") };
	struct csvout c;
	size_t n, i;

	if (attendance_figures(db, e->id, &f) != 0 ||
	    registration_roster(db, &r->arena, e->id, REG_ROSTER_CAME,
	    &rows, &n) != 0) {
		response_error(r, 503, UNAVAILABLE);
		return;
	}
	if (att_csv_begin(r, "attendance", e->id, &c, head,
	    sizeof(head) / sizeof(head[0])) != 0)
		return;
	csvout_end(&c);
	for (i = 0; i < n; i++) {
		att_csv_person(r, &c, &rows[i]);
		csvout_int(&c, rows[i].group_size);
		csvout_text(&c, att_status_label(r->lang, rows[i].status));
		csvout_text(&c, att_time(r, rows[i].checked_in_at));
		csvout_text(&c, att_time(r, rows[i].attended_at));
		csvout_end(&c);
	}
	/* The attendees without registration are data like the others: one
	 * row each (one person, in the report, nothing stored about them), so
	 * that every row is an attendee and a column sums, rather than a
	 * summary row in the middle of the data. */
	for (i = 0; i < (size_t)(f.guests > 0 ? f.guests : 0); i++) {
		csvout_empty(&c);
		csvout_empty(&c);
		csvout_empty(&c);
		csvout_int(&c, 1);
		csvout_text(&c, i18n_text(r->lang,
		    "Attended without registration"));
		csvout_empty(&c);
		csvout_empty(&c);
		csvout_end(&c);
	}
}

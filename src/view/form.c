/*
 * form.c - the form model (see form.h).
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/arena.h"
#include "base/str.h"
#include "base/time.h"
#include "base/utf8.h"
#include "http/form.h"
#include "view/form.h"

#define MSG_DATE N_("Write the date in the form 2021-10-06.")
#define MSG_TIME N_("Write the time in the form 14:30.")
#define MSG_GAP N_("This time does not exist in Helsinki (the clocks are moved forward). Choose another time.")

void
form_begin(struct form *f, struct request *r)
{
	memset(f, 0, sizeof(*f));
	f->r = r;
}

void
form_error(struct form *f, const char *field, const char *msgid)
{
	struct form_errors e = form_errors(f);

	if (form_has_error(&e, field))
		return;
	if (f->nerr == f->cap)
		f->err = arena_grow(&f->r->arena, f->err, f->nerr, &f->cap,
		    sizeof(*f->err));
	f->err[f->nerr].field = field;
	f->err[f->nerr].msgid = msgid;
	f->err[f->nerr].label_msgid = NULL;
	f->err[f->nerr].about = NULL;
	f->nerr++;
}

/* The recorded mistake of field, or NULL. */
static struct form_error *
form_mistake(struct form *f, const char *field)
{
	size_t i;

	for (i = 0; i < f->nerr; i++)
		if (strcmp(f->err[i].field, field) == 0)
			return &f->err[i];
	return NULL;
}

void
form_label(struct form *f, const char *field, const char *label_msgid)
{
	struct form_error *e = form_mistake(f, field);

	if (e != NULL)
		e->label_msgid = label_msgid;
}

void
form_about(struct form *f, const char *field, const char *text)
{
	struct form_error *e = form_mistake(f, field);

	if (e != NULL && text != NULL && text[0] != '\0')
		e->about = text;
}

const char *
form_error_text(struct view *v, const struct form_error *e)
{
	const char *m;

	if (e == NULL)
		return "";
	m = i18n_text(v->lang, e->msgid);
	if (e->label_msgid != NULL)
		m = arena_printf(v->arena, "%s: %s",
		    i18n_text(v->lang, e->label_msgid), m);
	if (e->about != NULL) {
		size_t n = strlen(m);

		/* "Answer the question." + about: the full stop goes. */
		if (n > 0 && m[n - 1] == '.')
			m = arena_printf(v->arena, "%.*s", (int)(n - 1), m);
		m = arena_printf(v->arena, "%s: %s", m, e->about);
	}
	return m;
}

const char *
form_field_error_text(struct view *v, const struct form_errors *es,
    const char *field)
{
	size_t i;

	if (es == NULL || field == NULL)
		return "";
	for (i = 0; i < es->n; i++)
		if (strcmp(es->v[i].field, field) == 0)
			return form_error_text(v, &es->v[i]);
	return "";
}

bool
form_ok(const struct form *f)
{
	return f->nerr == 0;
}

struct form_errors
form_errors(const struct form *f)
{
	struct form_errors e = { f->err, f->nerr };

	return e;
}

const char *
form_error_of(const struct form_errors *e, const char *field)
{
	size_t i;

	if (e == NULL || field == NULL)
		return NULL;
	for (i = 0; i < e->n; i++)
		if (strcmp(e->v[i].field, field) == 0)
			return e->v[i].msgid;
	return NULL;
}

bool
form_has_error(const struct form_errors *e, const char *field)
{
	return form_error_of(e, field) != NULL;
}

const char *
form_value(struct form *f, const char *name)
{
	return form_field(f->r, name);
}

/* Multi-line text: CRLF and lone CR become LF; tabs and newlines are the
 * only control characters allowed. */
static const char *
text_multiline(struct arena *a, const char *s, bool *bad)
{
	size_t i, j = 0, n = strlen(s);
	char *t = arena_alloc(a, n + 1);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r') {
			if (s[i + 1] != '\n')
				t[j++] = '\n';
			continue;
		}
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			*bad = true;
		t[j++] = (char)c;
	}
	t[j] = '\0';
	return t;
}

const char *
form_text(struct form *f, const char *name, unsigned flags, size_t max_chars,
    const char *msgid)
{
	const char *v = form_value(f, name);
	bool bad = false;
	size_t i;

	if (flags & FORM_MULTILINE)
		v = text_multiline(&f->r->arena, v, &bad);
	else
		for (i = 0; v[i] != '\0'; i++)
			if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
				bad = true;
	if (bad || utf8_chars(v) > max_chars ||
	    (v[0] == '\0' && (flags & FORM_REQUIRED)))
		form_error(f, name, msgid);
	return v;
}

bool
form_email_valid(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	size_t i;

	if (strlen(s) > FORM_EMAIL_MAX || at == NULL || at == s ||
	    strchr(at + 1, '@') != NULL)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f ||
		    strchr("<>,;:\"()[]\\", s[i]) != NULL)
			return false;
	dot = strrchr(at, '.');
	return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

bool
form_web_url_valid(const char *s, size_t max)
{
	size_t n = strlen(s), i, skip;

	if (n > max)
		return false;
	if (strncasecmp(s, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else
		return false;
	if (n == skip || s[skip] == '/' || s[skip] == '.' || s[skip] == ':')
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '"' ||
		    s[i] == '<' || s[i] == '>' || s[i] == '\\')
			return false;
	return true;
}

const char *
form_email(struct form *f, const char *name, unsigned flags,
    const char *msgid)
{
	const char *v = form_value(f, name);

	if (v[0] == '\0' ? (flags & FORM_REQUIRED) != 0 : !form_email_valid(v))
		form_error(f, name, msgid);
	return v;
}

/* Decimal digits with an optional '-', at most 18 of them (no overflow). */
static bool
parse_int(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	int64_t v = 0;
	size_t n = 0;

	if (neg)
		s++;
	for (; *s >= '0' && *s <= '9'; s++, n++) {
		if (n == 18)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (*s != '\0' || n == 0)
		return false;
	*out = neg ? -v : v;
	return true;
}

/* The field's value, or NULL when it was left empty: a mistake (msgid)
 * when it is required. */
static const char *
form_given(struct form *f, const char *name, unsigned flags,
    const char *msgid)
{
	const char *v = form_value(f, name);

	if (v[0] != '\0')
		return v;
	if (flags & FORM_REQUIRED)
		form_error(f, name, msgid);
	return NULL;
}

int64_t
form_int(struct form *f, const char *name, int64_t min, int64_t max,
    int64_t dflt, unsigned flags, const char *msgid)
{
	const char *v = form_given(f, name, flags, msgid);
	int64_t x;

	if (v == NULL)
		return dflt;
	if (!parse_int(v, &x) || x < min || x > max) {
		form_error(f, name, msgid);
		return dflt;
	}
	return x;
}

int
form_choice(struct form *f, const char *name, const char *const *choices,
    size_t n, unsigned flags, const char *msgid)
{
	const char *v = form_given(f, name, flags, msgid);
	int i;

	if (v == NULL)
		return -1;
	if ((i = str_index(v, choices, n)) < 0)
		form_error(f, name, msgid);
	return i;
}

bool
form_checkbox(struct form *f, const char *name)
{
	return kv_get(&f->r->form, name) != NULL;
}

/* 1 to `max` decimal digits at *s: the number, or -1.  *s moves past
 * the digits. */
static int
digits(const char **s, int max)
{
	int v = 0, n = 0;

	while (**s >= '0' && **s <= '9') {
		if (++n > max)
			return -1;
		v = v * 10 + (**s - '0');
		(*s)++;
	}
	return n > 0 ? v : -1;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool
date_ok(int y, int m, int d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && leap(y));
}

/* "2021-10-06" or "6.10.2021" (a final dot is allowed too: "6.10.2021.")
 * into y, m, d; false when neither. */
static bool
parse_date(const char *s, int *y, int *m, int *d)
{
	const char *p = s;

	if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
		*y = digits(&p, 4);
		if (*p++ != '-' || (*m = digits(&p, 2)) < 0 || *p++ != '-' ||
		    (*d = digits(&p, 2)) < 0 || *p != '\0')
			return false;
	} else {
		*d = digits(&p, 2);
		if (*d < 0 || *p++ != '.' || (*m = digits(&p, 2)) < 0 ||
		    *p++ != '.' || (*y = digits(&p, 4)) < 0)
			return false;
		if (*p == '.')
			p++;
		if (*p != '\0' || p - s < 8)
			return false;
	}
	return date_ok(*y, *m, *d);
}

const char *
form_date(struct form *f, const char *name, unsigned flags)
{
	const char *v = form_given(f, name, flags, MSG_DATE);
	int y, m, d;

	if (v == NULL)
		return "";
	if (!parse_date(v, &y, &m, &d)) {
		form_error(f, name, MSG_DATE);
		return "";
	}
	return arena_printf(&f->r->arena, "%04d-%02d-%02d", y, m, d);
}

int
form_time(struct form *f, const char *name, unsigned flags)
{
	const char *p = form_given(f, name, flags, MSG_TIME);
	int h, mi;

	if (p == NULL)
		return -1;
	h = digits(&p, 2);
	if (h < 0 || h > 23 || (*p != ':' && *p != '.')) {
		form_error(f, name, MSG_TIME);
		return -1;
	}
	p++;
	if (strlen(p) != 2 || (mi = digits(&p, 2)) < 0 || mi > 59) {
		form_error(f, name, MSG_TIME);
		return -1;
	}
	return h * 60 + mi;
}

int64_t
form_datetime(struct form *f, const char *date_name, const char *time_name,
    unsigned flags)
{
	const char *dv = form_value(f, date_name), *tv = form_value(f, time_name);
	const char *date;
	int64_t t;
	int hm;

	if (!(flags & FORM_REQUIRED) && dv[0] == '\0' && tv[0] == '\0')
		return 0;
	date = form_date(f, date_name, FORM_REQUIRED);
	hm = form_time(f, time_name, FORM_REQUIRED);
	if (date[0] == '\0' || hm < 0)
		return 0;
	if (time_parse_local(arena_printf(&f->r->arena, "%s %02d:%02d", date,
	    hm / 60, hm % 60), &t) != 0) {
		form_error(f, time_name, MSG_GAP);
		return 0;
	}
	return t;
}

void
form_datetime_parts(struct arena *a, int64_t t, const char **date,
    const char **hm)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == 0 || localtime_r(&tt, &tm) == NULL) {
		*date = *hm = "";
		return;
	}
	*date = arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	*hm = arena_printf(a, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

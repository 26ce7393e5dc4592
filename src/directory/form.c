/*
 * form.c - the service point form, read with the form model (view/form.h):
 * every mistake is recorded under its field and the values are kept as
 * written, so the editor sees all mistakes at once and nothing is saved.
 *
 * Hours are written as people write them: one field per weekday with the
 * intervals separated by commas ("10-12, 13.30-16"), a second field for
 * the hours by appointment, and single days one per line ("2026-12-24
 * closed", "2026-12-31 10-14").  An interval whose end is not after its
 * start runs over midnight ("20-1").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "directory/views.h"

static const char *const fact_fields[FACT_COUNT] = {
	"fact_step_free", "fact_lift", "fact_toilet", "fact_parking",
	"fact_loop", "fact_quiet", "fact_large_text", "fact_guide_dog",
};

#define MSG_HOURS N_("Write the hours as 10-16, several separated by commas, for example 9-12, 13.30-16.")

/* A clock time "9", "09", "9.30", "9:30", "24": minutes, or -1. */
static int
parse_clock(const char *s, size_t n)
{
	int h = 0, m = 0;
	size_t i = 0, digits = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 2) {
		h = h * 10 + (s[i++] - '0');
		digits++;
	}
	if (digits == 0)
		return -1;
	if (i < n && (s[i] == '.' || s[i] == ':')) {
		i++;
		if (n - i != 2 || s[i] < '0' || s[i] > '5' || s[i + 1] < '0' ||
		    s[i + 1] > '9')
			return -1;
		m = (s[i] - '0') * 10 + (s[i + 1] - '0');
		i += 2;
	}
	if (i != n || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

/*
 * Parses "10-12, 13.30-16" into iv (weekday and state set by the caller's
 * arguments), appending at *n up to max.  0, or -1 when it is not hours.
 */
static int
parse_intervals(const char *s, int weekday, enum hours_state state,
    struct hours_interval *iv, size_t *n, size_t max)
{
	const char *p = s, *comma, *dash, *end;
	int a, b;
	size_t dl;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		comma = strchr(p, ',');
		end = comma != NULL ? comma : p + strlen(p);
		dash = NULL;
		dl = 0;
		for (const char *q = p; q < end; q++) {
			if (*q == '-') {
				dash = q;
				dl = 1;
				break;
			}
			if (strncmp(q, "\xe2\x80\x93", 3) == 0) {
				dash = q;
				dl = 3;
				break;
			}
		}
		if (dash == NULL || *n == max)
			return -1;
		{
			const char *as = p, *ae = dash, *bs = dash + dl,
			    *be = end;

			while (ae > as && ae[-1] == ' ')
				ae--;
			while (bs < be && *bs == ' ')
				bs++;
			while (be > bs && be[-1] == ' ')
				be--;
			a = parse_clock(as, (size_t)(ae - as));
			b = parse_clock(bs, (size_t)(be - bs));
		}
		if (a < 0 || b < 0 || a == HOURS_DAY_MIN || a == b)
			return -1;
		iv[*n].weekday = (uint8_t)weekday;
		iv[*n].start = (uint16_t)a;
		iv[*n].end = (uint16_t)b;
		iv[*n].state = state;
		(*n)++;
		p = comma != NULL ? comma + 1 : end;
	}
	return 0;
}

/* The intervals of a weekday of the week as the form writes them. */
static const char *
week_text(struct arena *a, const struct hours_week *w, int weekday,
    enum hours_state state)
{
	struct buf b;
	const char *s;
	size_t i;
	bool first = true;

	buf_init(&b);
	for (i = 0; i < w->n; i++) {
		if (w->iv[i].weekday != weekday || w->iv[i].state != state)
			continue;
		if (!first)
			buf_puts(&b, ", ");
		first = false;
		buf_puts(&b, dir_interval_text(a, LANG_FI, &w->iv[i]));
	}
	s = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return s;
}

void
directory_form_from(struct arena *a, enum lang l,
    const struct service_point *p, struct dir_edit_view *ev)
{
	struct dir_form *f = &ev->f;
	struct buf b;
	size_t i, k;
	int d, y, m, dd;

	(void)l;
	memset(f, 0, sizeof(*f));
	f->topic_on = arena_calloc(a, ev->ntopics + 1, sizeof(bool));
	f->form_on = arena_calloc(a, ev->nforms + 1, sizeof(bool));
	for (i = 0; i < LANG_COUNT; i++) {
		f->name[i] = p ? p->name[i] : "";
		f->summary[i] = p ? p->summary[i] : "";
		f->description[i] = p ? p->description[i] : "";
		f->costs[i] = p ? p->costs[i] : "";
		f->booking[i] = p ? p->booking[i] : "";
		f->access_notes[i] = p && p->access_notes[i] ? p->access_notes[i] :
		    "";
	}
	f->organisation = p ? p->organisation : "";
	f->municipality = p ? p->municipality : "";
	f->status = dir_status_name(p ? p->status : DIR_ACTIVE);
	f->street = p ? p->street : "";
	f->postcode = p ? p->postcode : "";
	f->post_office = p ? p->post_office : "";
	f->lat = p && p->has_point ? arena_printf(a, "%.6f", p->lat) : "";
	f->lon = p && p->has_point ? arena_printf(a, "%.6f", p->lon) : "";
	f->phone = p ? p->phone : "";
	f->email = p ? p->email : "";
	f->web = p ? p->web : "";
	f->free_of_charge = p ? p->free_of_charge : true;
	f->closed_on_holidays = p ? p->hours.closed_on_holidays : true;
	for (i = 0; i < FACT_COUNT; i++)
		f->facts[i] = p ? p->facts[i] : false;
	buf_init(&b);
	for (i = 0; p && i < p->nlangs; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", p->langs[i]);
	f->languages = p ? arena_strdup(a, buf_cstr(&b)) : "fi";
	buf_cleanup(&b);
	for (i = 0; p && i < ev->ntopics; i++)
		for (k = 0; k < p->ntopics; k++)
			if (strcmp(ev->topics[i].key, p->topics[k]) == 0)
				f->topic_on[i] = true;
	for (i = 0; p && i < ev->nforms; i++)
		for (k = 0; k < p->nforms; k++)
			if (strcmp(ev->forms[i].key, p->forms[k]) == 0)
				f->form_on[i] = true;
	for (d = 0; d < 7; d++) {
		f->week[d] = p ? week_text(a, &p->hours.regular, d + 1,
		    HOURS_OPEN) : "";
		f->appt[d] = p ? week_text(a, &p->hours.regular, d + 1,
		    HOURS_APPOINTMENT) : "";
		f->self[d] = p ? week_text(a, &p->hours.regular, d + 1,
		    HOURS_SELF_SERVICE) : "";
	}
	buf_init(&b);
	for (i = 0; p && i < p->hours.nexceptions; i++) {
		const struct hours_exception *e = &p->hours.exceptions[i];

		hours_civil_from_days(e->day, &y, &m, &dd);
		buf_printf(&b, "%04d-%02d-%02d ", y, m, dd);
		if (e->n == 0)
			buf_puts(&b, "closed");
		for (k = 0; k < e->n; k++)
			buf_printf(&b, "%s%s", k ? ", " : "",
			    dir_interval_text(a, LANG_FI, &e->iv[k]));
		if (p->exception_info != NULL &&
		    (p->exception_info[i].note[LANG_FI][0] != '\0' ||
		    p->exception_info[i].note[LANG_SV][0] != '\0' ||
		    p->exception_info[i].note[LANG_EN][0] != '\0'))
			buf_printf(&b, " | %s | %s | %s",
			    p->exception_info[i].note[LANG_FI],
			    p->exception_info[i].note[LANG_SV],
			    p->exception_info[i].note[LANG_EN]);
		buf_putc(&b, '\n');
	}
	f->exceptions = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
}

/* A text of one language: trimmed, length checked, kept as written. */
static const char *
lang_text(struct form *f, const char *base, int l, unsigned flags, size_t max,
    const char *msg)
{
	return form_text(f, arena_printf(&f->r->arena, "%s_%s", base,
	    lang_code((enum lang)l)), flags, max, msg);
}

static void
read_texts(struct form *f, struct dir_form *df, struct service_point *out)
{
	int l, n = 0;

	for (l = 0; l < LANG_COUNT; l++) {
		df->name[l] = lang_text(f, "name", l, 0, DIR_NAME_MAX,
		    N_("The name is too long: at most 200 characters."));
		df->summary[l] = lang_text(f, "summary", l, 0, DIR_SUMMARY_MAX,
		    N_("The summary is too long: at most 300 characters."));
		df->description[l] = lang_text(f, "description", l,
		    FORM_MULTILINE, DIR_TEXT_MAX,
		    N_("The description is too long: at most 4,000 characters."));
		df->costs[l] = lang_text(f, "costs", l, 0, DIR_SHORT_MAX,
		    N_("The text is too long: at most 500 characters."));
		df->booking[l] = lang_text(f, "booking", l, FORM_MULTILINE,
		    DIR_SHORT_MAX,
		    N_("The text is too long: at most 500 characters."));
		out->name[l] = df->name[l];
		out->summary[l] = df->summary[l];
		out->description[l] = df->description[l];
		out->costs[l] = df->costs[l];
		out->booking[l] = df->booking[l];
		if (df->name[l][0] != '\0')
			n++;
	}
	if (n == 0)
		form_error(f, "name_fi", N_("Write the name of the service point in at least one language."));
	df->organisation = form_text(f, "organisation", 0, DIR_NAME_MAX,
	    N_("The name is too long: at most 200 characters."));
	out->organisation = df->organisation;
}

static void
read_place(struct form *f, struct dir_edit_view *ev, struct service_point *out)
{
	struct dir_form *df = &ev->f;
	size_t i;
	char *end;

	df->municipality = form_value(f, "municipality");
	for (i = 0; i < ev->nareas; i++)
		if (strcmp(ev->areas[i].key, df->municipality) == 0)
			break;
	if (i == ev->nareas)
		form_error(f, "municipality", N_("Choose the municipality from the list."));
	out->municipality = df->municipality;
	df->status = form_value(f, "status");
	if (dir_status_parse(df->status, &out->status) != 0)
		form_error(f, "status", N_("Choose the state from the list."));
	df->street = form_text(f, "street", 0, DIR_NAME_MAX,
	    N_("The address is too long: at most 200 characters."));
	df->postcode = form_text(f, "postcode", 0, 5,
	    N_("Write the postcode as five digits, for example 06100."));
	for (i = 0; df->postcode[i] != '\0'; i++)
		if (df->postcode[i] < '0' || df->postcode[i] > '9')
			break;
	if (df->postcode[0] != '\0' && (i != 5 || df->postcode[i] != '\0'))
		form_error(f, "postcode", N_("Write the postcode as five digits, for example 06100."));
	df->post_office = form_text(f, "post_office", 0, 100,
	    N_("The post office is too long: at most 100 characters."));
	out->street = df->street;
	out->postcode = df->postcode;
	out->post_office = df->post_office;
	df->lat = form_text(f, "lat", 0, 20, N_("Write the latitude as a decimal number, for example 60.3932."));
	df->lon = form_text(f, "lon", 0, 20, N_("Write the longitude as a decimal number, for example 25.6650."));
	if (df->lat[0] != '\0' || df->lon[0] != '\0') {
		out->lat = strtod(df->lat, &end);
		if (df->lat[0] == '\0' || *end != '\0' || out->lat < 59.0 ||
		    out->lat > 70.5)
			form_error(f, "lat", N_("Write the latitude as a decimal number, for example 60.3932."));
		out->lon = strtod(df->lon, &end);
		if (df->lon[0] == '\0' || *end != '\0' || out->lon < 19.0 ||
		    out->lon > 32.0)
			form_error(f, "lon", N_("Write the longitude as a decimal number, for example 25.6650."));
		out->has_point = true;
	}
}

static void
read_contacts(struct form *f, struct dir_form *df, struct service_point *out)
{
	size_t i;

	df->phone = form_text(f, "phone", 0, 40,
	    N_("Write the phone number with digits, for example 09 123 4567."));
	for (i = 0; df->phone[i] != '\0'; i++)
		if (strchr("0123456789 +-()", df->phone[i]) == NULL) {
			form_error(f, "phone", N_("Write the phone number with digits, for example 09 123 4567."));
			break;
		}
	df->email = form_email(f, "email", 0,
	    N_("Write the e-mail address in the form name@example.fi."));
	df->web = form_text(f, "web", 0, 500,
	    N_("Write the web address in full, starting with https://."));
	if (df->web[0] != '\0' && !form_web_url_valid(df->web, 500))
		form_error(f, "web", N_("Write the web address in full, starting with https://."));
	out->phone = df->phone;
	out->email = df->email;
	out->web = df->web;
}

/* The checked boxes named `name` among the choices: keys in out. */
static const char **
read_checked(struct form *f, const char *name, const struct dir_choice *c,
    size_t nc, bool *on, size_t *n, const char *msg)
{
	const struct kv_list *form = &f->r->form;
	const char **v = arena_calloc(&f->r->arena, nc + 1, sizeof(*v));
	size_t i, k;

	*n = 0;
	for (i = 0; i < form->n; i++) {
		if (strcmp(form->items[i].name, name) != 0)
			continue;
		for (k = 0; k < nc; k++)
			if (strcmp(c[k].key, form->items[i].value) == 0)
				break;
		if (k == nc) {
			form_error(f, name, msg);
			continue;
		}
		if (!on[k]) {
			on[k] = true;
			v[(*n)++] = c[k].key;
		}
	}
	return v;
}

static void
read_lists(struct form *f, struct dir_edit_view *ev, struct service_point *out)
{
	struct dir_form *df = &ev->f;
	const char **langs;
	const char *p, *s;
	size_t n = 0, len, i;

	out->topics = read_checked(f, "topic", ev->topics, ev->ntopics,
	    df->topic_on, &out->ntopics, N_("Choose the topics from the list."));
	out->forms = read_checked(f, "support_form", ev->forms, ev->nforms,
	    df->form_on, &out->nforms,
	    N_("Choose the forms of support from the list."));
	df->languages = form_text(f, "languages", 0, 200,
	    N_("Write the languages as two-letter codes separated by commas, for example fi, sv, en."));
	langs = arena_calloc(&f->r->arena, 40, sizeof(*langs));
	for (p = df->languages; *p != '\0';) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		for (s = p; *s != '\0' && *s != ' ' && *s != ','; s++)
			;
		len = (size_t)(s - p);
		if (len != 2 || p[0] < 'a' || p[0] > 'z' || p[1] < 'a' ||
		    p[1] > 'z' || n == 39) {
			form_error(f, "languages", N_("Write the languages as two-letter codes separated by commas, for example fi, sv, en."));
			break;
		}
		for (i = 0; i < n; i++)
			if (strncmp(langs[i], p, 2) == 0)
				break;
		if (i == n)
			langs[n++] = arena_strndup(&f->r->arena, p, 2);
		p = s;
	}
	out->langs = langs;
	out->nlangs = n;
	df->free_of_charge = form_checkbox(f, "free_of_charge");
	out->free_of_charge = df->free_of_charge;
	for (i = 0; i < FACT_COUNT; i++)
		out->facts[i] = df->facts[i] = form_checkbox(f, fact_fields[i]);
}

static bool
is_closed_word(const char *s)
{
	return strcmp(s, "closed") == 0 || strcmp(s, "suljettu") == 0 ||
	    strcmp(s, "stängt") == 0 || strcmp(s, "-") == 0;
}

/*
 * Cuts a note off an exception line ("10-14 | fi | sv | en", in place:
 * line keeps its hours) into notes[].  A line without a bar has none.
 * 0, or -1 when the bar is there but not three notes of at most 200
 * characters.
 */
static int
read_notes(struct arena *a, char *line, const char *notes[LANG_COUNT])
{
	char *bar = strchr(line, '|'), *p, *next;
	size_t len, i;
	int l;

	if (bar == NULL)
		return 0;
	for (len = (size_t)(bar - line); len > 0 && line[len - 1] == ' '; len--)
		;
	line[len] = '\0';
	p = bar + 1;
	for (l = 0; l < LANG_COUNT; l++) {
		next = strchr(p, '|');
		if ((next == NULL) != (l == LANG_COUNT - 1))
			return -1;
		if (next != NULL)
			*next = '\0';
		while (*p == ' ')
			p++;
		for (len = strlen(p); len > 0 && p[len - 1] == ' '; len--)
			;
		for (i = 0; i < len; i++)
			if ((unsigned char)p[i] < 0x20)
				return -1;
		if (len > 200)
			return -1;
		notes[l] = arena_strndup(a, p, len);
		p = next != NULL ? next + 1 : p + len;
	}
	return 0;
}

/* The exception lines: "YYYY-MM-DD closed" or "YYYY-MM-DD 10-14", each
 * with its note after a bar if it has one. */
static void
read_exceptions(struct form *f, struct dir_form *df, struct service_point *out)
{
	struct arena *a = &f->r->arena;
	struct hours_exception *exc;
	struct hours_interval *iv;
	struct dir_exception_info *info;
	char *text, *line, *save = NULL, date[11];
	size_t n = 0, niv = 0, k;
	int32_t day;

	df->exceptions = form_text(f, "exceptions", FORM_MULTILINE, 4000,
	    N_("The list of single days is too long."));
	exc = arena_calloc(a, DIR_EXCEPTIONS_MAX + 1, sizeof(*exc));
	info = arena_calloc(a, DIR_EXCEPTIONS_MAX + 1, sizeof(*info));
	iv = arena_calloc(a, DIR_EXCEPTIONS_MAX * HOURS_DAY_MAX, sizeof(*iv));
	text = arena_strdup(a, df->exceptions);
	for (line = strtok_r(text, "\r\n", &save); line != NULL;
	    line = strtok_r(NULL, "\r\n", &save)) {
		while (*line == ' ')
			line++;
		if (*line == '\0')
			continue;
		if (strlen(line) < 12 || line[10] != ' ' ||
		    n == DIR_EXCEPTIONS_MAX) {
			form_error(f, "exceptions", N_("Write each single day on its own line as 2026-12-24 closed or 2026-12-31 10-14."));
			break;
		}
		memcpy(date, line, 10);
		date[10] = '\0';
		if (hours_parse_day(date, &day) != 0) {
			form_error(f, "exceptions", N_("Write each single day on its own line as 2026-12-24 closed or 2026-12-31 10-14."));
			break;
		}
		for (k = 0; k < n; k++)
			if (exc[k].day == day)
				break;
		if (k < n) {
			form_error(f, "exceptions", N_("Each day can be on the list only once."));
			break;
		}
		exc[n].day = day;
		exc[n].iv = &iv[niv];
		line += 11;
		while (*line == ' ')
			line++;
		info[n].note[LANG_FI] = info[n].note[LANG_SV] =
		    info[n].note[LANG_EN] = "";
		if (read_notes(a, line, info[n].note) != 0) {
			form_error(f, "exceptions", N_("Write a single day's note after a bar, in Finnish, Swedish and English: 2026-12-12 closed | Koulutuspäivä | Utbildningsdag | Training day."));
			break;
		}
		if (!is_closed_word(line)) {
			size_t before = niv;

			if (parse_intervals(line, 1, HOURS_OPEN, iv, &niv,
			    niv + HOURS_DAY_MAX) != 0 || niv == before) {
				form_error(f, "exceptions", N_("Write each single day on its own line as 2026-12-24 closed or 2026-12-31 10-14."));
				break;
			}
			exc[n].n = niv - before;
			if (hours_valid(exc[n].iv, exc[n].n, &k) != 0) {
				form_error(f, "exceptions", N_("The hours of a single day overlap."));
				break;
			}
		}
		n++;
	}
	/* hours.c wants them in date order only for display; sort. */
	for (size_t i = 1; i < n; i++)
		for (k = i; k > 0 && exc[k - 1].day > exc[k].day; k--) {
			struct hours_exception t = exc[k];

			exc[k] = exc[k - 1];
			exc[k - 1] = t;
		}
	out->hours.exceptions = exc;
	out->hours.nexceptions = n;
	out->exception_info = info;
}

static void
read_week(struct form *f, struct dir_form *df, struct service_point *out)
{
	struct arena *a = &f->r->arena;
	struct hours_interval *iv = arena_calloc(a, DIR_INTERVALS_MAX,
	    sizeof(*iv));
	size_t n = 0, bad, i;
	const char *name;
	int d;

	for (d = 0; d < 7; d++) {
		name = arena_printf(a, "week_%d", d + 1);
		df->week[d] = form_text(f, name, 0, 200, MSG_HOURS);
		if (parse_intervals(df->week[d], d + 1, HOURS_OPEN, iv, &n,
		    DIR_INTERVALS_MAX) != 0)
			form_error(f, name, MSG_HOURS);
		name = arena_printf(a, "appt_%d", d + 1);
		df->appt[d] = form_text(f, name, 0, 200, MSG_HOURS);
		if (parse_intervals(df->appt[d], d + 1, HOURS_APPOINTMENT, iv,
		    &n, DIR_INTERVALS_MAX) != 0)
			form_error(f, name, MSG_HOURS);
		name = arena_printf(a, "self_%d", d + 1);
		df->self[d] = form_text(f, name, 0, 200, MSG_HOURS);
		if (parse_intervals(df->self[d], d + 1, HOURS_SELF_SERVICE, iv,
		    &n, DIR_INTERVALS_MAX) != 0)
			form_error(f, name, MSG_HOURS);
	}
	if (form_ok(f) && hours_valid(iv, n, &bad) != 0) {
		i = iv[bad].weekday;
		form_error(f, arena_printf(a, "week_%zu", i),
		    N_("The hours overlap. Check the hours of this day and the day before."));
	}
	out->hours.regular.iv = iv;
	out->hours.regular.n = n;
	df->closed_on_holidays = form_checkbox(f, "closed_on_holidays");
	out->hours.closed_on_holidays = df->closed_on_holidays;
}

/*
 * The accessibility notes.  A point's notes that come back as they were
 * keep their origin (PTV's, which a new import may replace); changed ones
 * are the municipality's own from now on.  A CSV file of before the notes
 * has no such columns: then the point's notes stay as they are.
 */
static void
read_access_notes(struct form *f, struct dir_form *df,
    const struct service_point *old, struct service_point *out)
{
	bool same = true;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		if (old != NULL && kv_get(&f->r->form, arena_printf(&f->r->arena,
		    "access_notes_%s", lang_code((enum lang)l))) == NULL)
			df->access_notes[l] = old->access_notes[l];
		else
			df->access_notes[l] = lang_text(f, "access_notes", l,
			    FORM_MULTILINE, DIR_NOTES_MAX,
			    N_("The notes are too long: at most 4,000 characters."));
		out->access_notes[l] = df->access_notes[l];
		if (old == NULL || strcmp(df->access_notes[l],
		    old->access_notes[l]) != 0)
			same = false;
	}
	out->access_notes_ptv = same && old->access_notes_ptv;
}

void
directory_form_read(struct form *f, struct dir_edit_view *ev,
    const struct service_point *old, struct service_point *out)
{
	memset(out, 0, sizeof(*out));
	ev->f.topic_on = arena_calloc(&f->r->arena, ev->ntopics + 1,
	    sizeof(bool));
	ev->f.form_on = arena_calloc(&f->r->arena, ev->nforms + 1,
	    sizeof(bool));
	read_texts(f, &ev->f, out);
	read_place(f, ev, out);
	read_contacts(f, &ev->f, out);
	read_lists(f, ev, out);
	read_week(f, &ev->f, out);
	read_exceptions(f, &ev->f, out);
	read_access_notes(f, &ev->f, old, out);
	/* The form does not edit periods: they stay as they were. */
	if (old != NULL) {
		out->hours.periods = old->hours.periods;
		out->hours.nperiods = old->hours.nperiods;
		out->period_info = old->period_info;
		out->id = old->id;
		out->region_id = old->region_id;
		out->created_at = old->created_at;
	}
}

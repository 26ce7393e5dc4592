/*
 * ics.c - iCalendar output (RFC 5545) for events.
 *
 * Everything is written by hand: the format is small, and the two details
 * that calendar programs are strict about are easy to get right here and
 * are unit-tested: lines end in CRLF and are folded at 75 octets (never
 * inside a UTF-8 sequence, which Outlook and some phones garble), and TEXT
 * values escape backslash, semicolon, comma and newline.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "base/settings.h"
#include "base/time.h"
#include "calendar/calendar.h"
#include "db/rows.h"
#include "http/urls.h"
#include "events/events.h"

/* The host (and port) of base_url for the UID's right-hand side. */
static const char *
ics_host(struct arena *a)
{
	const char *base = config_get()->base_url;
	const char *p = strstr(base, "://");
	size_t n;

	p = p != NULL ? p + 3 : base;
	n = strcspn(p, "/:?#");
	if (n == 0)
		return "localhost";
	return arena_strndup(a, p, n);
}

/*
 * A content line is folded as it is written, piece by piece: the name,
 * then each run of the value between the bytes TEXT escapes and each
 * escape.  col counts the octets of the physical line so far; a line
 * holds at most `fold` (75, the first one's all text, a continuation's
 * a space and 74), and SIZE_MAX is no folding (ics_text_escape()).  The
 * line used to be built in a buffer of its own and folded after: a
 * malloc() and a copy for each of the calendar's ten lines an event.
 */
struct ics_fold {
	struct buf *out;
	size_t col, fold;
};

static void
ics_put(struct ics_fold *f, const char *s, size_t n)
{
	size_t take;

	while (n > 0) {
		take = f->fold - f->col;
		if (take >= n)
			take = n;
		else {
			/* Back off to the start of a UTF-8 sequence:
			 * continuation bytes are 10xxxxxx. */
			while (take > 0 &&
			    ((unsigned char)s[take] & 0xC0) == 0x80)
				take--;
			/* Not UTF-8 (a line of continuation bytes): cut. */
			if (take == 0 && f->col <= 1)
				take = f->fold - f->col;
		}
		buf_append(f->out, s, take);
		f->col += take;
		s += take;
		n -= take;
		if (n > 0) {
			buf_append(f->out, "\r\n ", 3);
			f->col = 1;
		}
	}
}

/* What TEXT makes of each byte: an escape, "" (left out), or NULL (the
 * byte itself).  Other C0 controls and DEL are not allowed in TEXT. */
#define ICS_DROP ""
static const char *const ics_text_rep[256] = {
	[0x01] = ICS_DROP, [0x02] = ICS_DROP, [0x03] = ICS_DROP,
	[0x04] = ICS_DROP, [0x05] = ICS_DROP, [0x06] = ICS_DROP,
	[0x07] = ICS_DROP, [0x08] = ICS_DROP, ['\t'] = " ", ['\n'] = "\\n",
	[0x0b] = ICS_DROP, [0x0c] = ICS_DROP, ['\r'] = "\\n",
	[0x0e] = ICS_DROP, [0x0f] = ICS_DROP, [0x10] = ICS_DROP,
	[0x11] = ICS_DROP, [0x12] = ICS_DROP, [0x13] = ICS_DROP,
	[0x14] = ICS_DROP, [0x15] = ICS_DROP, [0x16] = ICS_DROP,
	[0x17] = ICS_DROP, [0x18] = ICS_DROP, [0x19] = ICS_DROP,
	[0x1a] = ICS_DROP, [0x1b] = ICS_DROP, [0x1c] = ICS_DROP,
	[0x1d] = ICS_DROP, [0x1e] = ICS_DROP, [0x1f] = ICS_DROP,
	['\\'] = "\\\\", [';'] = "\\;", [','] = "\\,", [0x7f] = ICS_DROP,
};

static void
ics_put_text(struct ics_fold *f, const char *s)
{
	const char *run, *rep;

	for (;;) {
		run = s;
		while ((rep = ics_text_rep[(unsigned char)*s]) == NULL &&
		    *s != '\0')
			s++;
		ics_put(f, run, (size_t)(s - run));
		if (*s == '\0')
			return;
		/* CRLF becomes one \n, as does a lone CR. */
		if (!(*s == '\r' && s[1] == '\n'))
			ics_put(f, rep, strlen(rep));
		s++;
	}
}

void
ics_line(struct buf *out, const char *name, const char *value)
{
	struct ics_fold f = { .out = out, .fold = 75 };

	ics_put(&f, name, strlen(name));
	ics_put(&f, ":", 1);
	ics_put(&f, value, strlen(value));
	buf_append(out, "\r\n", 2);
}

void
ics_text_escape(struct buf *out, const char *s)
{
	struct ics_fold f = { .out = out, .fold = SIZE_MAX };

	ics_put_text(&f, s);
}

void
ics_text_line(struct buf *out, const char *name, const char *value)
{
	struct ics_fold f = { .out = out, .fold = 75 };

	ics_put(&f, name, strlen(name));
	ics_put(&f, ":", 1);
	ics_put_text(&f, value);
	buf_append(out, "\r\n", 2);
}

/* Two digits of n (0-99) at p. */
static char *
ics_2(char *p, int n)
{
	p[0] = (char)('0' + n / 10);
	p[1] = (char)('0' + n % 10);
	return p + 2;
}

/* "NAME:20211006T060000Z" at t in UTC, or with utc false in Helsinki local
 * time, "NAME:20211006T090000" (NAME then carries its TZID). */
static void
ics_time(struct buf *out, const char *name, int64_t t, bool utc)
{
	struct tm tm;
	char s[17], *p = s;

	if (utc)
		time_utc(t, &tm);
	else
		time_local(t, &tm);
	p = ics_2(p, (tm.tm_year + 1900) / 100 % 100);
	p = ics_2(p, (tm.tm_year + 1900) % 100);
	p = ics_2(p, tm.tm_mon + 1);
	p = ics_2(p, tm.tm_mday);
	*p++ = 'T';
	p = ics_2(p, tm.tm_hour);
	p = ics_2(p, tm.tm_min);
	p = ics_2(p, tm.tm_sec);
	if (utc)
		*p++ = 'Z';
	*p = '\0';
	ics_line(out, name, s);
}

/*
 * The calendar's head and the one time zone it uses.  Finland follows the
 * EU rule since 1996 (last Sunday of March and of October at 01:00 UTC);
 * DTSTART of each rule is in the local time before the change.
 */
static void
ics_begin(struct buf *out, const char *calname, enum ics_method method)
{
	buf_puts(out, "BEGIN:VCALENDAR\r\n"
	    "VERSION:2.0\r\n"
	    "PRODID:-//Tukiverkko//Events//EN\r\n"
	    "CALSCALE:GREGORIAN\r\n");
	if (method == ICS_PUBLISH)
		buf_puts(out, "METHOD:PUBLISH\r\n");
	else if (method == ICS_CANCEL)
		buf_puts(out, "METHOD:CANCEL\r\n");
	if (calname != NULL)
		ics_text_line(out, "X-WR-CALNAME", calname);
	buf_puts(out, "X-WR-TIMEZONE:Europe/Helsinki\r\n"
	    "BEGIN:VTIMEZONE\r\n"
	    "TZID:Europe/Helsinki\r\n"
	    "X-LIC-LOCATION:Europe/Helsinki\r\n"
	    "BEGIN:DAYLIGHT\r\n"
	    "TZOFFSETFROM:+0200\r\n"
	    "TZOFFSETTO:+0300\r\n"
	    "TZNAME:EEST\r\n"
	    "DTSTART:19700329T030000\r\n"
	    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
	    "END:DAYLIGHT\r\n"
	    "BEGIN:STANDARD\r\n"
	    "TZOFFSETFROM:+0300\r\n"
	    "TZOFFSETTO:+0200\r\n"
	    "TZNAME:EET\r\n"
	    "DTSTART:19701025T040000\r\n"
	    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
	    "END:STANDARD\r\n"
	    "END:VTIMEZONE\r\n");
}

/* A parameter value (RFC 5545 3.2): quoted, without DQUOTE and control
 * characters, which a quoted value cannot hold. */
static void
ics_param_value(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x20 && *s != 0x7f && *s != '"')
			buf_putc(out, *s);
	buf_putc(out, '"');
}

/* ORGANIZER;CN="<the event's organiser>":mailto:<address>, iTIP's one
 * required property for PUBLISH and CANCEL. */
static void
ics_organizer(struct buf *out, const char *name, const char *addr)
{
	struct buf n, v;

	buf_init(&n);
	buf_init(&v);
	buf_puts(&n, "ORGANIZER");
	if (name[0] != '\0') {
		buf_puts(&n, ";CN=");
		ics_param_value(&n, name);
	}
	buf_puts(&v, "mailto:");
	buf_puts(&v, addr);
	ics_line(out, buf_cstr(&n), buf_cstr(&v));
	buf_cleanup(&v);
	buf_cleanup(&n);
}

/* Columns every query below selects, in this order. */
/* One VEVENT of event e. */
static void
ics_vevent(const struct event_ics *e, struct arena *a, enum lang l,
    const struct ics_opts *o, int64_t now, struct buf *out)
{
	bool with_join = o->with_join;
	int64_t id = e->id;
	enum event_kind kind = e->kind;
	enum event_status status = e->status;
	const char *title = i18n_pick(l, e->title[0], e->title[1], e->title[2],
	    NULL);
	const char *summary = i18n_pick(l, e->summary[0], e->summary[1],
	    e->summary[2], NULL);
	const char *place = e->place, *platform = e->platform;
	const char *join = e->join_url;
	const char *organiser = i18n_pick(l, e->organiser[0], e->organiser[1],
	    e->organiser[2], NULL);
	int64_t created = e->created_at, updated = e->updated_at;
	bool online = kind != EVENT_ONSITE;
	bool show_join = with_join && online && join[0] != '\0';
	const char *page;
	struct buf d, loc;

	page = url_abs_for(a, l, "events.page", url_id(a, id), NULL);
	buf_puts(out, "BEGIN:VEVENT\r\n");
	ics_line(out, "UID", arena_printf(a, "event-%lld@%s", (long long)id,
	    ics_host(a)));
	/* RFC 5545 3.8.7.2: with METHOD (a mail's iTIP message) DTSTAMP is
	 * when the message was made; without (downloads and feeds) it is when
	 * the event was last changed, so that a feed's bytes - and its ETag,
	 * which calendar clients poll with - stay the same until it changes. */
	ics_time(out, "DTSTAMP", o->method == ICS_FILE && updated > 0 ?
	    updated : now, true);
	if (created > 0)
		ics_time(out, "CREATED", created, true);
	if (updated > 0)
		ics_time(out, "LAST-MODIFIED", updated, true);
	ics_time(out, "DTSTART;TZID=Europe/Helsinki", e->starts_at, false);
	ics_time(out, "DTEND;TZID=Europe/Helsinki", e->ends_at, false);
	ics_line(out, "SEQUENCE", arena_printf(a, "%lld",
	    (long long)e->sequence));
	ics_line(out, "STATUS", status == EVENT_STATUS_CANCELLED ||
	    o->cancelled || o->method == ICS_CANCEL ? "CANCELLED" :
	    status == EVENT_STATUS_DRAFT ? "TENTATIVE" : "CONFIRMED");
	if (o->method != ICS_FILE && o->organizer != NULL) {
		ics_organizer(out, organiser, o->organizer);
		if (o->method == ICS_CANCEL && o->attendee != NULL)
			ics_line(out, "ATTENDEE", arena_printf(a, "mailto:%s",
			    o->attendee));
	}
	ics_line(out, "TRANSP", "OPAQUE");
	ics_text_line(out, "SUMMARY", title);

	/* Plain text: the summary, then where to join and the page. */
	buf_init(&d);
	if (summary[0] != '\0') {
		buf_puts(&d, summary);
		buf_puts(&d, "\n\n");
	}
	if (organiser[0] != '\0')
		buf_printf(&d, "%s: %s\n", i18n_text(l, "Organiser"), organiser);
	if (show_join)
		buf_printf(&d, "%s%s%s: %s\n", i18n_text(l, "Join the event"),
		    platform[0] != '\0' ? " / " : "", platform, join);
	buf_printf(&d, "%s: %s", i18n_text(l, "Event page"), page);
	ics_text_line(out, "DESCRIPTION", buf_cstr(&d));
	buf_cleanup(&d);

	/* LOCATION: the address on site; online, the platform, and its
	 * link for registrants. */
	buf_init(&loc);
	if (kind != EVENT_WEBINAR && place[0] != '\0')
		buf_puts(&loc, place);
	if (online && (platform[0] != '\0' || show_join)) {
		if (loc.len > 0)
			buf_puts(&loc, " / ");
		buf_puts(&loc, platform[0] != '\0' ? platform :
		    i18n_text(l, "Online"));
		if (show_join) {
			buf_putc(&loc, ' ');
			buf_puts(&loc, join);
		}
	}
	if (loc.len > 0)
		ics_text_line(out, "LOCATION", buf_cstr(&loc));
	buf_cleanup(&loc);
	ics_line(out, "URL", show_join ? join : page);
	buf_puts(out, "END:VEVENT\r\n");
}

int
ics_event(struct db *db, struct arena *a, enum lang l, int64_t event_id,
    const struct ics_opts *o, struct buf *out)
{
	struct ics_opts file = { 0 };
	struct event_ics e;
	int rc;

	if (o == NULL)
		o = &file;
	/* iTIP without an organiser would be invalid: then plain data. */
	if (o->method != ICS_FILE && o->organizer == NULL) {
		file = *o;
		file.method = ICS_FILE;
		o = &file;
	}
	if ((rc = events_ics_one(db, a, event_id, &e)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	ics_begin(out, NULL, o->method);
	ics_vevent(&e, a, l, o, time_now(), out);
	buf_puts(out, "END:VCALENDAR\r\n");
	return 0;
}

int
ics_feed(struct db *db, struct arena *a, enum lang l, const char *code,
    int64_t since, const char *calname, struct buf *out)
{
	static const struct ics_opts feed = { 0 };	/* no METHOD, no join */
	struct event_ics *e;
	int64_t now = time_now();
	size_t n, i;

	if (events_ics_feed(db, a, since, code, &e, &n) != 0)
		return -1;
	ics_begin(out, calname, ICS_FILE);
	for (i = 0; i < n; i++)
		ics_vevent(&e[i], a, l, &feed, now, out);
	buf_puts(out, "END:VCALENDAR\r\n");
	return 0;
}

/*
 * text.c - the directory's pure helpers: stored names of states and needs,
 * sort keys, distances, Helsinki moments, open intervals and the plain
 * sentence of a day's hours, the widget's colours (see directory.h).  No
 * database here; the colours are unit tested in
 * tests/unit/directory/test_colour.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "directory/analyse.h"
#include "directory/directory.h"

static const char *const status_names[] = {
	"active", "temporarily_closed", "closed",
};

const char *
dir_status_name(enum dir_status s)
{
	return (unsigned)s < 3 ? status_names[s] : "active";
}

int
dir_status_parse(const char *s, enum dir_status *out)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum dir_status)i;
			return 0;
		}
	return -1;
}

static const char *const need_names[NEED_COUNT] = {
	"wheelchair", "walking", "hearing", "vision",
};

const char *
dir_need_name(enum dir_need need)
{
	return (unsigned)need < NEED_COUNT ? need_names[need] : "";
}

int
dir_need_parse(const char *s, enum dir_need *out)
{
	int i;

	for (i = 0; i < NEED_COUNT; i++)
		if (strcmp(s, need_names[i]) == 0) {
			*out = (enum dir_need)i;
			return 0;
		}
	return -1;
}

#define BIT(f) (1u << (f))

/*
 * What each need asks of a place.  A wheelchair user needs to get in, to
 * the floor where the help is, and a toilet; with a walking aid getting
 * in and up is what counts; a hearing aid user needs the loop (and a
 * quiet place helps, but a loop is the fact that decides); a person with
 * low vision needs a large screen or magnifier, and a guide dog must be
 * let in.
 */
unsigned
dir_need_facts(enum dir_need need)
{
	switch (need) {
	case NEED_WHEELCHAIR:
		return BIT(FACT_STEP_FREE) | BIT(FACT_LIFT) | BIT(FACT_TOILET);
	case NEED_WALKING:
		return BIT(FACT_STEP_FREE) | BIT(FACT_LIFT);
	case NEED_HEARING:
		return BIT(FACT_LOOP);
	case NEED_VISION:
		return BIT(FACT_LARGE_TEXT) | BIT(FACT_GUIDE_DOG);
	}
	return 0;
}

bool
dir_meets_need(const bool facts[FACT_COUNT], enum dir_need need)
{
	unsigned want = dir_need_facts(need);
	int f;

	for (f = 0; f < FACT_COUNT; f++)
		if ((want & BIT(f)) && !facts[f])
			return false;
	return true;
}

/*
 * Each letter becomes two lowercase letters, its place in the Finnish and
 * Swedish alphabet in base 26 (a "aa" .. z "az", å "ba", ä "bb", ö "bc"),
 * each digit "0" and the digit, so digits come first; everything else is
 * left out.  Plain ASCII letters and digits order the same in SQLite's
 * byte order and in any PostgreSQL collation, which spaces and
 * punctuation would not.
 */
const char *
dir_sort_key(struct arena *a, const char *name)
{
	struct buf folded, key;
	const unsigned char *p;
	const char *out;
	int rank;

	buf_init(&folded);
	buf_init(&key);
	analyse_fold(name, strlen(name), &folded);
	for (p = (const unsigned char *)buf_cstr(&folded); *p != '\0'; p++) {
		rank = -1;
		if (*p >= 'a' && *p <= 'z')
			rank = *p - 'a';
		else if (*p >= '0' && *p <= '9') {
			buf_putc(&key, '0');
			buf_putc(&key, (char)*p);
			continue;
		} else if (p[0] == 0xC3 && p[1] == 0xA5)
			rank = 26;	/* å */
		else if (p[0] == 0xC3 && p[1] == 0xA4)
			rank = 27;	/* ä */
		else if (p[0] == 0xC3 && p[1] == 0xB6)
			rank = 28;	/* ö */
		if (rank < 0)
			continue;
		if (rank >= 26)
			p++;
		buf_putc(&key, (char)('a' + rank / 26));
		buf_putc(&key, (char)('a' + rank % 26));
	}
	out = arena_strdup(a, buf_cstr(&key));
	buf_cleanup(&folded);
	buf_cleanup(&key);
	return out;
}

double
dir_km(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371.0088, rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double h = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) *
	    cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);

	return 2 * r * asin(sqrt(h < 1 ? h : 1));
}

/*
 * Helsinki is UTC+2 or +3.  Start from +2 and correct by what the clock
 * then says; twice is enough for any minute that exists.  A minute the
 * spring change skips (03:00-03:59 on its Sunday) comes out an hour
 * later, which is when such an interval really starts.
 */
int64_t
dir_local_moment(int32_t day, int minute)
{
	int64_t want = (int64_t)day * 1440 + minute, got, t;
	int32_t d;
	int m, i;

	t = (want - 120) * 60;
	for (i = 0; i < 3; i++) {
		hours_local(t, &d, &m);
		got = (int64_t)d * 1440 + m;
		if (got == want)
			break;
		t += (want - got) * 60;
	}
	return t;
}

size_t
dir_open_intervals(const struct hours *h, int32_t from, int days,
    struct dir_open *out, size_t max)
{
	struct hours_day hd;
	size_t n = 0, i;
	int32_t day;
	int end;

	for (day = from; day < from + days; day++) {
		hours_of_day(h, day, &hd);
		for (i = 0; i < hd.n && n < max; i++) {
			if (hd.iv[i].state == HOURS_CLOSED)
				continue;
			end = hd.iv[i].end <= hd.iv[i].start ?
			    hd.iv[i].end + HOURS_DAY_MIN : hd.iv[i].end;
			out[n].starts_at = dir_local_moment(day, hd.iv[i].start);
			out[n].ends_at = dir_local_moment(day, end);
			out[n].state = hd.iv[i].state;
			if (out[n].ends_at > out[n].starts_at)
				n++;
		}
	}
	return n;
}

static void
put_clock(struct buf *b, enum lang l, int minute)
{
	int hh = (minute / 60) % 24, mm = minute % 60;

	if (minute == HOURS_DAY_MIN)
		hh = 24;
	if (mm == 0)
		buf_printf(b, "%d", hh);
	else
		buf_printf(b, "%d%c%02d", hh, l == LANG_EN ? ':' : '.', mm);
}

const char *
dir_interval_text(struct arena *a, enum lang l, const struct hours_interval *iv)
{
	struct buf b;
	const char *s;

	buf_init(&b);
	put_clock(&b, l, iv->start);
	buf_puts(&b, "\xe2\x80\x93");	/* en dash */
	put_clock(&b, l, iv->end);
	s = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return s;
}

/*
 * "Avoinna tänään 10–12 ja 13–16": the day's word order per language,
 * intervals joined with the language's "and", and the state said after
 * an interval that is not plain open ("10–16 (ajanvarauksella)").  When
 * every interval is by appointment the sentence says so first.
 */
const char *
dir_hours_sentence(struct arena *a, enum lang l, const struct hours_day *d,
    int when)
{
	struct buf b;
	const char *s, *and_word;
	size_t i, nappt = 0;

	buf_init(&b);
	for (i = 0; i < d->n; i++)
		if (d->iv[i].state == HOURS_APPOINTMENT)
			nappt++;
	if (d->n == 0)
		buf_puts(&b, i18n_text(l, when == 0 ? "Closed today" :
		    "Closed tomorrow"));
	else if (nappt == d->n)
		buf_puts(&b, i18n_text(l, when == 0 ?
		    "By appointment today" : "By appointment tomorrow"));
	else
		buf_puts(&b, i18n_text(l, when == 0 ? "Open today" :
		    "Open tomorrow"));
	and_word = i18n_text(l, "and");
	for (i = 0; i < d->n; i++) {
		const char *iv = dir_interval_text(a, l, &d->iv[i]);

		if (i == 0)
			buf_putc(&b, ' ');
		else if (i + 1 == d->n)
			buf_printf(&b, " %s ", and_word);
		else
			buf_puts(&b, ", ");
		buf_puts(&b, iv);
		if (nappt != d->n && d->iv[i].state == HOURS_APPOINTMENT)
			buf_printf(&b, " (%s)", i18n_text(l, "by appointment"));
		else if (d->iv[i].state == HOURS_SELF_SERVICE)
			buf_printf(&b, " (%s)", i18n_text(l, "self-service"));
	}
	s = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return s;
}

/* --- the widget's colours --- */

int
dir_colour_parse(const char *s, unsigned char rgb[3])
{
	int i, hi, lo;

	if (s == NULL || strlen(s) != 7 || s[0] != '#')
		return -1;
	for (i = 0; i < 3; i++) {
		hi = str_hex_value((unsigned char)s[1 + 2 * i]);
		lo = str_hex_value((unsigned char)s[2 + 2 * i]);
		if (hi < 0 || lo < 0)
			return -1;
		rgb[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* WCAG 2.1's relative luminance of an sRGB colour. */
static double
luminance(const unsigned char c[3])
{
	static const double w[3] = { 0.2126, 0.7152, 0.0722 };
	double l = 0, v;
	int i;

	for (i = 0; i < 3; i++) {
		v = c[i] / 255.0;
		v = v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
		l += w[i] * v;
	}
	return l;
}

double
dir_contrast(const unsigned char a[3], const unsigned char b[3])
{
	double la = luminance(a), lb = luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

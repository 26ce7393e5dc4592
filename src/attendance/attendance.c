/*
 * attendance.c - check-in codes, name folding, the participant report and
 * the attendance figures (see attendance.h).  The pages are in
 * pages.c.
 */
#include <sodium.h>
#include <string.h>

#include <strings.h>

#include "base/csv.h"
#include "base/utf8.h"
#include "db/rows.h"
#include "attendance/attendance.h"
#include "events/events.h"
#include "registration/registration.h"
#include "view/i18n.h"

/* Crockford's base32: no I, L, O, U, so a code read aloud is unambiguous. */
static const char att_b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void
attendance_code(const char *token_hash, char out[ATT_CODE_LEN + 1])
{
	static const unsigned char ctx[] = "tukiverkko check-in";
	unsigned char h[16];
	size_t i;

	/* Keyed by a fixed context: the code is a hash of the token hash,
	 * which itself reveals nothing of the token. */
	crypto_generichash(h, sizeof(h), (const unsigned char *)token_hash,
	    strlen(token_hash), ctx, sizeof(ctx) - 1);
	for (i = 0; i < ATT_CODE_LEN; i++)
		out[i] = att_b32[h[i] & 31];
	out[ATT_CODE_LEN] = '\0';
}

/* Decodes one code point of valid UTF-8 at *p, advancing it. */
static unsigned
att_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned c = s[0];

	if (c < 0x80) {
		*p += 1;
		return c;
	}
	if ((c & 0xE0) == 0xC0 && s[1] != 0) {
		*p += 2;
		return ((c & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if ((c & 0xF0) == 0xE0 && s[1] != 0 && s[2] != 0) {
		*p += 3;
		return ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	if (s[1] != 0 && s[2] != 0 && s[3] != 0) {
		*p += 4;
		return ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) |
		    ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	}
	*p += 1;
	return 0xFFFD;
}

static void
att_put_cp(struct buf *b, unsigned c)
{
	if (c < 0x80) {
		buf_putc(b, (char)c);
	} else if (c < 0x800) {
		buf_putc(b, (char)(0xC0 | (c >> 6)));
		buf_putc(b, (char)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		buf_putc(b, (char)(0xE0 | (c >> 12)));
		buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (c & 0x3F)));
	} else {
		buf_putc(b, (char)(0xF0 | (c >> 18)));
		buf_putc(b, (char)(0x80 | ((c >> 12) & 0x3F)));
		buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (c & 0x3F)));
	}
}

/*
 * The base letters of Latin-1 (U+00C0..U+00FF) and Latin Extended-A
 * (U+0100..U+017F), lower case; "" for characters that are not letters.
 * A search at the door must find "Mäkinen" typed as "makinen" on a phone
 * with an English keyboard, and "Sjöström" as "sjostrom".
 */
static const char *
att_base(unsigned c)
{
	static const char *const latin1[64] = {
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
		"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", NULL,
		"o", "u", "u", "u", "u", "y", "th", "ss",
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
		"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", NULL,
		"o", "u", "u", "u", "u", "y", "th", "y",
	};
	static const struct { unsigned lo, hi; const char *base; } extA[] = {
		{ 0x100, 0x105, "a" }, { 0x106, 0x10D, "c" },
		{ 0x10E, 0x111, "d" }, { 0x112, 0x11B, "e" },
		{ 0x11C, 0x123, "g" }, { 0x124, 0x127, "h" },
		{ 0x128, 0x131, "i" }, { 0x132, 0x133, "ij" },
		{ 0x134, 0x135, "j" }, { 0x136, 0x138, "k" },
		{ 0x139, 0x142, "l" }, { 0x143, 0x14B, "n" },
		{ 0x14C, 0x151, "o" }, { 0x152, 0x153, "oe" },
		{ 0x154, 0x159, "r" }, { 0x15A, 0x161, "s" },
		{ 0x162, 0x167, "t" }, { 0x168, 0x173, "u" },
		{ 0x174, 0x175, "w" }, { 0x176, 0x178, "y" },
		{ 0x179, 0x17E, "z" }, { 0x17F, 0x17F, "s" },
	};
	size_t i;

	if (c >= 0xC0 && c <= 0xFF)
		return latin1[c - 0xC0];
	for (i = 0; i < sizeof(extA) / sizeof(extA[0]); i++)
		if (c >= extA[i].lo && c <= extA[i].hi)
			return extA[i].base;
	return NULL;
}

void
attendance_fold(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	bool space = false;
	size_t start = out->len;

	while (*p != '\0') {
		unsigned c = att_cp(&p);
		const char *base;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '-' || c == 0xA0 || c == 0x2010 || c == 0x2013) {
			space = out->len > start;
			continue;
		}
		if (space) {
			buf_putc(out, ' ');
			space = false;
		}
		if (c >= 'A' && c <= 'Z')
			buf_putc(out, (char)(c + 32));
		else if (c < 0x80)
			buf_putc(out, (char)c);
		else if ((base = att_base(c)) != NULL)
			buf_puts(out, base);
		else
			att_put_cp(out, c);
	}
}

/* Folded copy in the arena. */
static const char *
att_folded(struct arena *a, const char *s)
{
	struct buf b;
	const char *r;

	buf_init(&b);
	attendance_fold(&b, s);
	r = arena_strndup(a, b.data != NULL ? b.data : "", b.len);
	buf_cleanup(&b);
	return r;
}

/* --- the participant report --- */

/* UTF-16 (little or big endian) to UTF-8; -1 on a broken surrogate. */
static int
att_utf16(struct buf *out, const unsigned char *p, size_t n, bool le)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		unsigned u = le ? (unsigned)(p[i] | (p[i + 1] << 8)) :
		    (unsigned)((p[i] << 8) | p[i + 1]);

		if (u >= 0xD800 && u <= 0xDBFF) {
			unsigned v;

			if (i + 3 >= n)
				return -1;
			v = le ? (unsigned)(p[i + 2] | (p[i + 3] << 8)) :
			    (unsigned)((p[i + 2] << 8) | p[i + 3]);
			if (v < 0xDC00 || v > 0xDFFF)
				return -1;
			u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
			i += 2;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			return -1;
		}
		if (u == 0)
			return -1;
		att_put_cp(out, u);
	}
	return 0;
}

static bool
att_is_email(const char *s)
{
	const char *at = strchr(s, '@');

	return at != NULL && at != s && strchr(at + 1, '.') != NULL &&
	    strchr(at + 1, '@') == NULL && strpbrk(s, " \t<>,;\"") == NULL;
}

/* Trimmed copy of a cell. */
static const char *
att_trim(struct arena *a, const char *s)
{
	struct str t = str_trim_space(str_from_cstr(s));

	return arena_strndup(a, t.ptr, t.len);
}

/* True when the header names an e-mail column (en, fi, sv). */
static bool
att_header_email(const char *h)
{
	return strstr(h, "mail") != NULL || strstr(h, "sähköposti") != NULL ||
	    strstr(h, "e-post") != NULL;
}

static bool
att_header_name(const char *h)
{
	return (strstr(h, "name") != NULL || strstr(h, "nimi") != NULL ||
	    strstr(h, "namn") != NULL) && !att_header_email(h) &&
	    strstr(h, "id") == NULL;
}

struct att_rec {
	const char **f;
	size_t n;
	size_t line;
};

int
attendance_report_parse(struct arena *a, const char *data, size_t len,
    struct att_report *out, const char **err)
{
	const unsigned char *u = (const unsigned char *)data;
	struct att_rec *recs = NULL;
	size_t nrecs = 0, cap = 0, i, j, tabs = 0, semis = 0, commas = 0;
	size_t best_start = 0, best_len = 0, best_score = 0;
	struct csv_record rec;
	struct csv c;
	struct buf b;
	const char *text;
	size_t tlen;
	int rc;

	memset(out, 0, sizeof(*out));
	out->guess_email = out->guess_name = -1;
	buf_init(&b);
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
	    (u[0] == 0xFE && u[1] == 0xFF))) {
		rc = att_utf16(&b, u + 2, len - 2, u[0] == 0xFF);
	} else if (len >= 4 && u[0] != 0 && u[1] == 0 && u[2] != 0 &&
	    u[3] == 0) {
		/* UTF-16LE saved without its mark. */
		rc = att_utf16(&b, u, len, true);
	} else {
		if (len >= 3 && memcmp(u, "\xEF\xBB\xBF", 3) == 0) {
			u += 3;
			len -= 3;
		}
		if (!text_valid((const char *)u, len)) {
			size_t k;

			/* Not UTF-8: an old spreadsheet's Windows-1252;
			 * its letters of Finnish and Swedish are Latin-1. */
			for (k = 0; k < len; k++)
				if (u[k] == 0)
					break;
			if (k < len) {
				buf_cleanup(&b);
				*err = N_("The file is not a text file.");
				return -1;
			}
			for (k = 0; k < len; k++)
				att_put_cp(&b, u[k]);
		} else {
			buf_append(&b, u, len);
		}
		rc = 0;
	}
	if (rc != 0 || !text_valid(b.data != NULL ? b.data : "", b.len)) {
		buf_cleanup(&b);
		*err = N_("The file is not a text file.");
		return -1;
	}
	tlen = b.len;
	text = arena_strndup(a, b.data != NULL ? b.data : "", b.len);
	buf_cleanup(&b);
	out->text = text;
	out->text_len = tlen;

	/* The delimiter: tab if the file has any (Teams), else whichever of
	 * semicolon and comma is commoner outside quotes. */
	{
		bool q = false;

		for (i = 0; i < tlen; i++) {
			if (text[i] == '"')
				q = !q;
			else if (!q && text[i] == '\t')
				tabs++;
			else if (!q && text[i] == ';')
				semis++;
			else if (!q && text[i] == ',')
				commas++;
		}
	}
	out->sep = tabs > 0 ? '\t' : semis > commas ? ';' : ',';

	csv_init(&c, a, text, tlen, out->sep);
	while ((rc = csv_next(&c, &rec)) == 1) {
		struct att_rec *r;

		recs = arena_grow(a, recs, nrecs, &cap, sizeof(*recs));
		r = &recs[nrecs++];
		r->n = rec.nfields;
		r->line = rec.line;
		r->f = arena_calloc(a, rec.nfields, sizeof(*r->f));
		for (j = 0; j < rec.nfields; j++)
			r->f[j] = att_trim(a, rec.fields[j]);
		if (nrecs > 20000) {
			*err = N_("The file has too many rows (at most 20,000).");
			return -1;
		}
	}
	if (rc < 0) {
		*err = N_("The file could not be read as CSV: check that it is the participant report, saved as CSV.");
		return -1;
	}

	/* Blocks: runs of rows with the same number of fields and no blank
	 * line between them.  The participant table is the block with the
	 * most different e-mail addresses (Zoom's meeting line above it has
	 * one, Teams' in-meeting activities after it the same as it does, and
	 * the first wins a tie), else the longest. */
	for (i = 0; i < nrecs; ) {
		size_t k = i + 1, score = 0, x, y;

		while (k < nrecs && recs[k].n == recs[i].n &&
		    recs[k].line == recs[k - 1].line + 1)
			k++;
		for (x = i + 1; x < k; x++)
			for (y = 0; y < recs[x].n; y++)
				if (att_is_email(recs[x].f[y])) {
					size_t z, w;
					bool seen = false;

					for (z = i + 1; z < x && !seen; z++)
						for (w = 0; w < recs[z].n; w++)
							if (strcasecmp(recs[z].f[w],
							    recs[x].f[y]) == 0) {
								seen = true;
								break;
							}
					if (!seen)
						score++;
				}
		if (recs[i].n >= 2 && k - i >= 2 && (score > best_score ||
		    (best_score == 0 && score == 0 && k - i > best_len))) {
			best_start = i;
			best_len = k - i;
			best_score = score;
		}
		i = k;
	}
	if (best_len < 2) {
		*err = N_("The file has no table of participants: it needs a heading row and at least one participant, in columns.");
		return -1;
	}
	out->ncols = recs[best_start].n;
	out->header = recs[best_start].f;
	out->nrows = best_len - 1;
	out->rows = arena_calloc(a, out->nrows, sizeof(*out->rows));
	for (i = 0; i < out->nrows; i++)
		out->rows[i] = recs[best_start + 1 + i].f;

	for (j = 0; j < out->ncols; j++) {
		const char *h = att_folded(a, out->header[j]);

		if (out->guess_email < 0 && att_header_email(h))
			out->guess_email = (int)j;
		else if (out->guess_name < 0 && att_header_name(h))
			out->guess_name = (int)j;
	}
	if (out->guess_email < 0)
		for (j = 0; j < out->ncols; j++)
			if (attendance_column_has_email(out, (int)j)) {
				out->guess_email = (int)j;
				break;
			}
	return 0;
}

bool
attendance_column_has_email(const struct att_report *rep, int col)
{
	size_t i;

	if (col < 0 || (size_t)col >= rep->ncols)
		return false;
	for (i = 0; i < rep->nrows; i++)
		if (att_is_email(rep->rows[i][col]))
			return true;
	return false;
}

/* --- import --- */

struct att_reg {
	int64_t id;
	const char *email, *name;	/* folded */
	bool confirmed, attended, marked;
};

/* The roster entries as the matching compares them. */
static struct att_reg *
att_regs(struct arena *a, const struct reg_roster_entry *v, size_t n)
{
	struct att_reg *g = arena_alloc(a, (n > 0 ? n : 1) * sizeof(*g));
	size_t i;

	for (i = 0; i < n; i++) {
		g[i].id = v[i].id;
		g[i].email = att_folded(a, v[i].email);
		g[i].name = att_folded(a, v[i].name);
		g[i].confirmed = v[i].status == REG_CONFIRMED;
		g[i].attended = v[i].attended_at != 0;
		g[i].marked = false;
	}
	return g;
}

static void
att_key(const char *kind, const char *folded, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state s;

	crypto_hash_sha256_init(&s);
	crypto_hash_sha256_update(&s, (const unsigned char *)kind, strlen(kind));
	crypto_hash_sha256_update(&s, (const unsigned char *)folded,
	    strlen(folded));
	crypto_hash_sha256_final(&s, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* The registration for a folded address or name: a confirmed one before
 * others; for names only when exactly one registration has it. */
static struct att_reg *
att_find(struct att_reg *regs, size_t n, const char *folded, bool by_name)
{
	struct att_reg *found = NULL;
	size_t i, hits = 0;

	for (i = 0; i < n; i++) {
		const char *v = by_name ? regs[i].name : regs[i].email;

		if (v[0] == '\0' || strcmp(v, folded) != 0)
			continue;
		hits++;
		if (found == NULL || (regs[i].confirmed && !found->confirmed))
			found = &regs[i];
	}
	if (by_name && hits > 1)
		return NULL;
	return found;
}

int
attendance_import(struct db *db, struct arena *a, int64_t event_id,
    const struct att_report *rep, int email_col, int name_col,
    bool dry_run, int64_t now, struct att_import_result *res)
{
	struct reg_roster_entry *roster;
	struct att_reg *regs;
	const char **seen = NULL;
	size_t nregs, nseen = 0, seencap = 0, i, k;
	int64_t one;
	int rc;

	memset(res, 0, sizeof(*res));
	if (registration_roster(db, a, event_id, REG_ROSTER_LIVE, &roster,
	    &nregs) != 0)
		return -1;
	regs = att_regs(a, roster, nregs);

	for (i = 0; i < rep->nrows; i++) {
		const char *email = email_col >= 0 ?
		    rep->rows[i][email_col] : "";
		const char *name = name_col >= 0 ? rep->rows[i][name_col] : "";
		const char *folded, *kind;
		struct att_reg *g = NULL;
		char key[65];
		bool dup = false;

		res->rows++;
		if (att_is_email(email)) {
			folded = att_folded(a, email);
			kind = "e:";
			g = att_find(regs, nregs, folded, false);
		} else if (name[0] != '\0') {
			folded = att_folded(a, name);
			kind = "n:";
			g = att_find(regs, nregs, folded, true);
		} else {
			res->skipped++;
			continue;
		}
		if (g != NULL) {
			if (g->marked)
				continue;	/* joined twice: one person */
			g->marked = true;
			if (g->attended) {
				res->already++;
				continue;
			}
			res->matched++;
			if (dry_run)
				continue;
			if (registration_mark_attended(db, g->id, now) != 0)
				return -1;
			continue;
		}
		att_key(kind, folded, key);
		for (k = 0; k < nseen; k++)
			if (strcmp(seen[k], key) == 0)
				dup = true;
		if (dup)
			continue;
		seen = arena_grow(a, seen, nseen, &seencap, sizeof(*seen));
		seen[nseen++] = arena_strdup(a, key);
		rc = db_int64(db, "SELECT 1 FROM attendance_guest "
		    "WHERE event_id = ?1 AND person_key = ?2",
		    DB_ARGS(db_int(event_id), db_text(key)), &one);
		if (rc == 0) {
			res->known_guests++;
			continue;
		}
		if (rc != DB_MISSING)
			return -1;
		res->new_guests++;
		if (dry_run)
			continue;
		if (db_run(db, "INSERT INTO attendance_guest "
		    "(event_id, person_key) VALUES (?1, ?2)",
		    DB_ARGS(db_int(event_id), db_text(key)), NULL) != 0)
			return -1;
	}
	if (dry_run)
		return 0;
	if (events_add_guests(db, event_id, res->new_guests) != 0)
		return -1;
	return attendance_update_total(db, event_id);
}

/* --- figures --- */

int
attendance_figures(struct db *db, int64_t event_id, struct att_figures *f)
{
	struct reg_turnout t;

	memset(f, 0, sizeof(*f));
	if (registration_turnout(db, event_id, &t) != 0 ||
	    events_guests(db, event_id, &f->guests) != 0)
		return -1;
	f->registrations = t.registrations;
	f->registered_people = t.people;
	f->confirmed = t.confirmed;
	f->waiting = t.waiting;
	f->checked_in = t.checked_in;
	f->attended_report = t.attended_report;
	f->total = t.came + f->guests;	/* came + guests */
	return 0;
}

int
attendance_update_total(struct db *db, int64_t event_id)
{
	struct att_figures f;

	if (attendance_figures(db, event_id, &f) != 0)
		return -1;
	return events_set_attendees(db, event_id, f.total);
}


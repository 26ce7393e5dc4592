/*
 * po2c - compiles the fi, sv and en gettext catalogues into one C table.
 *
 * usage: po2c -o catalog.c fi.po sv.po en.po
 *
 * The catalogues are given in that order (fi, sv, en).  The output defines
 * i18n_catalog[], rows of {msgid, {fi, sv, en}} sorted by msgid in strcmp()
 * order, and i18n_catalog_len; src/view/i18n.c bisects the table.  The build
 * fails (exit 1, "file:line: message" on stderr) when a msgid is missing from
 * one catalogue, a Finnish or Swedish msgstr is empty, an entry is marked
 * fuzzy, a msgid is duplicated, or a file is not valid .po.  An empty English
 * msgstr means "same as the msgid".
 *
 * Supported .po subset: comments (#...), "#, fuzzy", msgid and msgstr with
 * "..." continuation lines, escapes \n \t \r \" \\, one header entry with an
 * empty msgid.  msgctxt and plural forms are refused.
 *
 * The first part of this file (buffers, diagnostics, C quoting, the .po
 * reader) is shared: tmplc.c includes this file with PO_READER_ONLY defined,
 * and the unit tests include it with PO2C_NO_MAIN defined.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing byte buffer.  The tools are short-lived: out of memory exits. */
struct sbuf {
	char *data;
	size_t len;
	size_t cap;
};

/* One translation unit of a .po file. */
struct po_entry {
	char *msgid;
	char *msgstr;
	int line;		/* line of the msgid keyword */
	int fuzzy;		/* "#, fuzzy" preceded the entry */
};

/* A parsed catalogue, entries sorted by msgid (strcmp order). */
struct po {
	const char *path;
	struct po_entry *e;
	size_t n;
	size_t cap;
};

/* A build tool cannot do anything useful without memory. */
static void
tool_oom(void)
{
	fputs("out of memory\n", stderr);
	exit(1);
}

/* realloc() for nmemb * size bytes with the multiplication checked. */
static void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		tool_oom();
	p = realloc(p, nmemb * size == 0 ? 1 : nmemb * size);
	if (p == NULL)
		tool_oom();
	return p;
}

/* Grows b so that n more bytes and a terminating NUL fit. */
static void
sbuf_reserve(struct sbuf *b, size_t n)
{
	size_t cap;

	if (n > SIZE_MAX - b->len - 1)
		tool_oom();
	if (b->len + n + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1) {
		if (cap > SIZE_MAX / 2)
			tool_oom();
		cap *= 2;
	}
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
}

static void
sbuf_append(struct sbuf *b, const void *p, size_t n)
{
	sbuf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
sbuf_puts(struct sbuf *b, const char *s)
{
	sbuf_append(b, s, strlen(s));
}

static void
sbuf_putc(struct sbuf *b, char c)
{
	sbuf_append(b, &c, 1);
}

static void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* vsnprintf() twice: once to measure, once to write. */
static void
sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		tool_oom();
	sbuf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

static void sbuf_printf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* The contents as a C string; "" for a buffer that was never written. */
static const char *
sbuf_cstr(struct sbuf *b)
{
	sbuf_reserve(b, 0);
	b->data[b->len] = '\0';
	return b->data;
}

static void
sbuf_free(struct sbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static char *
xstrndup(const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		tool_oom();
	p = xreallocarray(NULL, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void diag(struct sbuf *errs, const char *path, int line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Records one "file:line: message" diagnostic.  Messages are collected
 * rather than printed so that the unit tests can compare them.
 */
static void
diag(struct sbuf *errs, const char *path, int line, const char *fmt, ...)
{
	va_list ap;

	sbuf_printf(errs, "%s:%d: ", path, line);
	va_start(ap, fmt);
	sbuf_vprintf(errs, fmt, ap);
	va_end(ap);
	sbuf_putc(errs, '\n');
}

/*
 * Appends the n bytes at s as a C string literal.  UTF-8 passes through;
 * control bytes become three-digit octal escapes (so a following digit is
 * never taken into the escape) and "??" is broken up because -std=c11
 * enables trigraphs.  With brk set, the literal is split after each "\n"
 * and brk (a newline plus indentation) is written between the pieces.
 */
static void
c_quote(struct sbuf *b, const char *s, size_t n, const char *brk)
{
	size_t i;
	unsigned char c;

	sbuf_putc(b, '"');
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		switch (c) {
		case '"':
			sbuf_puts(b, "\\\"");
			break;
		case '\\':
			sbuf_puts(b, "\\\\");
			break;
		case '\n':
			sbuf_puts(b, "\\n");
			if (brk != NULL && i + 1 < n) {
				sbuf_putc(b, '"');
				sbuf_puts(b, brk);
				sbuf_putc(b, '"');
			}
			break;
		case '\t':
			sbuf_puts(b, "\\t");
			break;
		case '?':
			sbuf_puts(b, i > 0 && s[i - 1] == '?' ? "\\?" : "?");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				sbuf_printf(b, "\\%03o", c);
			else
				sbuf_putc(b, (char)c);
		}
	}
	sbuf_putc(b, '"');
}

/* Reads a whole file; on failure records a diagnostic and returns -1. */
static int
file_read(const char *path, struct sbuf *out, struct sbuf *errs)
{
	char chunk[8192];
	size_t n;
	FILE *f;
	int ret = 0;

	if ((f = fopen(path, "rb")) == NULL) {
		diag(errs, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sbuf_append(out, chunk, n);
	if (ferror(f)) {
		diag(errs, path, 0, "read error");
		ret = -1;
	}
	fclose(f);
	sbuf_cstr(out);
	return ret;
}

/* Writes b to path; a short write removes the file so make sees no output. */
static int
file_write(const char *path, struct sbuf *b, struct sbuf *errs)
{
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL) {
		diag(errs, path, 0, "cannot create: %s", strerror(errno));
		return -1;
	}
	if (fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
		diag(errs, path, 0, "write error");
		remove(path);
		return -1;
	}
	return 0;
}

static int
po_isblank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Decodes one "..." string that starts at p and is the rest of the line,
 * appending its bytes to out.  Only the escapes that gettext tools write
 * for UI text are accepted; anything else is more likely a typo.
 */
static int
po_string(const char *p, const char *end, struct sbuf *out,
    const struct po *po, int line, struct sbuf *errs)
{
	if (p == end || *p != '"') {
		diag(errs, po->path, line, "expected a quoted string");
		return -1;
	}
	for (p++; p < end && *p != '"'; p++) {
		if (*p != '\\') {
			sbuf_putc(out, *p);
			continue;
		}
		if (++p == end)
			break;
		switch (*p) {
		case 'n':
			sbuf_putc(out, '\n');
			break;
		case 't':
			sbuf_putc(out, '\t');
			break;
		case 'r':
			sbuf_putc(out, '\r');
			break;
		case '"':
		case '\\':
			sbuf_putc(out, *p);
			break;
		default:
			diag(errs, po->path, line, "unsupported escape '\\%c'",
			    *p);
			return -1;
		}
	}
	if (p == end) {
		diag(errs, po->path, line, "unterminated string");
		return -1;
	}
	for (p++; p < end && po_isblank(*p); p++)
		;
	if (p != end) {
		diag(errs, po->path, line, "unexpected text after the string");
		return -1;
	}
	return 0;
}

/* True when the flags of a "#," comment line include "fuzzy". */
static int
po_fuzzy(const char *p, const char *end)
{
	for (; end - p >= 5; p++) {
		if (memcmp(p, "fuzzy", 5) == 0)
			return 1;
	}
	return 0;
}

/* The entry being read while po_parse() walks the lines. */
struct po_cur {
	struct sbuf id, str;
	int have_id, have_str;
	int line;
	int fuzzy;
	int header_done;
};

/*
 * Completes the entry being read, if any.  The header entry (empty msgid)
 * carries metadata only and is dropped.
 */
static int
po_finish(struct po *po, struct po_cur *cur, struct sbuf *errs)
{
	struct po_entry *e;

	if (!cur->have_id)
		return 0;
	if (!cur->have_str) {
		diag(errs, po->path, cur->line, "msgid without msgstr");
		return -1;
	}
	if (cur->id.len == 0) {
		if (cur->header_done || po->n > 0) {
			diag(errs, po->path, cur->line,
			    "empty msgid (only the header entry has one)");
			return -1;
		}
		cur->header_done = 1;
	} else {
		if (po->n == po->cap) {
			po->cap = po->cap ? po->cap * 2 : 64;
			po->e = xreallocarray(po->e, po->cap, sizeof(*po->e));
		}
		e = &po->e[po->n++];
		e->msgid = xstrndup(sbuf_cstr(&cur->id), cur->id.len);
		e->msgstr = xstrndup(sbuf_cstr(&cur->str), cur->str.len);
		e->line = cur->line;
		e->fuzzy = cur->fuzzy;
	}
	cur->have_id = cur->have_str = 0;
	cur->fuzzy = 0;
	cur->id.len = cur->str.len = 0;
	return 0;
}

/* Orders by msgid, then by line so duplicates report the earlier one. */
static int
po_cmp(const void *a, const void *b)
{
	const struct po_entry *x = a, *y = b;
	int c = strcmp(x->msgid, y->msgid);

	if (c != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/*
 * Parses a .po file held in text (NUL-terminated) into po, sorted by msgid.
 * Stops at the first syntax error; reports every duplicate msgid.
 */
static int
po_parse(struct po *po, const char *path, const char *text,
    struct sbuf *errs)
{
	struct po_cur cur;
	const char *p = text, *eol, *end, *kw;
	size_t kwlen, i;
	struct sbuf *target = NULL;
	int line = 0, ret = 0;

	memset(po, 0, sizeof(*po));
	po->path = path;
	memset(&cur, 0, sizeof(cur));
	for (; *p != '\0'; p = *eol == '\0' ? eol : eol + 1) {
		line++;
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		end = eol;
		if (end > p && end[-1] == '\r')
			end--;
		while (p < end && po_isblank(*p))
			p++;
		if (p == end) {
			if ((ret = po_finish(po, &cur, errs)) == -1)
				break;
			target = NULL;
			continue;
		}
		if (*p == '#') {
			if ((ret = po_finish(po, &cur, errs)) == -1)
				break;
			target = NULL;
			if (end - p >= 2 && p[1] == ',' && po_fuzzy(p + 2, end))
				cur.fuzzy = 1;
			continue;
		}
		if (*p == '"') {
			if (target == NULL) {
				diag(errs, path, line, "string without a keyword");
				ret = -1;
				break;
			}
			if ((ret = po_string(p, end, target, po, line, errs)) == -1)
				break;
			continue;
		}
		for (kw = p; p < end && !po_isblank(*p) && *p != '"'; p++)
			;
		kwlen = (size_t)(p - kw);
		while (p < end && po_isblank(*p))
			p++;
		if (kwlen == 5 && memcmp(kw, "msgid", 5) == 0) {
			if (cur.have_id && !cur.have_str) {
				diag(errs, path, cur.line, "msgid without msgstr");
				ret = -1;
				break;
			}
			if ((ret = po_finish(po, &cur, errs)) == -1)
				break;
			cur.have_id = 1;
			cur.line = line;
			target = &cur.id;
		} else if (kwlen == 6 && memcmp(kw, "msgstr", 6) == 0) {
			if (!cur.have_id || cur.have_str) {
				diag(errs, path, line, cur.have_str ?
				    "second msgstr" : "msgstr without msgid");
				ret = -1;
				break;
			}
			cur.have_str = 1;
			target = &cur.str;
		} else if (kwlen == 7 && memcmp(kw, "msgctxt", 7) == 0) {
			diag(errs, path, line, "msgctxt is not supported");
			ret = -1;
			break;
		} else if ((kwlen == 12 && memcmp(kw, "msgid_plural", 12) == 0) ||
		    (kwlen > 7 && memcmp(kw, "msgstr[", 7) == 0)) {
			diag(errs, path, line, "plural forms are not supported");
			ret = -1;
			break;
		} else {
			diag(errs, path, line, "syntax error near '%.*s'",
			    (int)(kwlen > 20 ? 20 : kwlen), kw);
			ret = -1;
			break;
		}
		if ((ret = po_string(p, end, target, po, line, errs)) == -1)
			break;
	}
	if (ret == 0)
		ret = po_finish(po, &cur, errs);
	sbuf_free(&cur.id);
	sbuf_free(&cur.str);
	if (ret == -1)
		return -1;
	if (po->n > 1)
		qsort(po->e, po->n, sizeof(*po->e), po_cmp);
	for (i = 1; i < po->n; i++) {
		if (strcmp(po->e[i - 1].msgid, po->e[i].msgid) == 0) {
			diag(errs, path, po->e[i].line,
			    "duplicate msgid \"%.60s\" (first at line %d)",
			    po->e[i].msgid, po->e[i - 1].line);
			ret = -1;
		}
	}
	return ret;
}

static void
po_free(struct po *po)
{
	size_t i;

	for (i = 0; i < po->n; i++) {
		free(po->e[i].msgid);
		free(po->e[i].msgstr);
	}
	free(po->e);
	memset(po, 0, sizeof(*po));
}

#ifndef PO_READER_ONLY

#define PO2C_LANGS 3	/* fi, sv, en: the order of enum lang */

/*
 * Walks the three sorted catalogues in step, like a three-way merge, so
 * that every msgid is seen once with the entries that have it.  Writes the
 * table to out; returns -1 after recording every problem in errs.
 */
static int
po2c_build(struct po po[PO2C_LANGS], struct sbuf *out, struct sbuf *errs)
{
	const struct po_entry *have[PO2C_LANGS];
	const char *id, *text;
	size_t at[PO2C_LANGS] = { 0 }, rows = 0;
	int k, m, ret = 0;

	sbuf_puts(out, "/* Generated by tools/po2c from fi.po, sv.po, en.po;"
	    " do not edit. */\n"
	    "#include \"view/i18n_catalog.h\"\n\n"
	    "const struct i18n_entry i18n_catalog[] = {\n");
	for (;;) {
		id = NULL;
		for (k = 0; k < PO2C_LANGS; k++) {
			if (at[k] < po[k].n &&
			    (id == NULL || strcmp(po[k].e[at[k]].msgid, id) < 0))
				id = po[k].e[at[k]].msgid;
		}
		if (id == NULL)
			break;
		for (k = 0; k < PO2C_LANGS; k++) {
			have[k] = NULL;
			if (at[k] < po[k].n &&
			    strcmp(po[k].e[at[k]].msgid, id) == 0)
				have[k] = &po[k].e[at[k]];
		}
		for (k = 0; k < PO2C_LANGS; k++) {
			if (have[k] != NULL)
				continue;
			for (m = 0; have[m] == NULL; m++)
				;
			diag(errs, po[m].path, have[m]->line,
			    "msgid \"%.60s\" is missing from %s", id,
			    po[k].path);
			ret = -1;
		}
		for (k = 0; k < PO2C_LANGS; k++) {
			if (have[k] == NULL)
				continue;
			if (have[k]->fuzzy) {
				diag(errs, po[k].path, have[k]->line,
				    "fuzzy entry: review the translation and"
				    " remove the fuzzy flag");
				ret = -1;
			} else if (k != PO2C_LANGS - 1 &&
			    have[k]->msgstr[0] == '\0') {
				diag(errs, po[k].path, have[k]->line,
				    "empty msgstr: \"%.60s\" needs a"
				    " translation", id);
				ret = -1;
			}
		}
		if (ret == 0) {
			sbuf_puts(out, "\t{ ");
			c_quote(out, id, strlen(id), NULL);
			sbuf_puts(out, ",\n\t  { ");
			for (k = 0; k < PO2C_LANGS; k++) {
				text = have[k]->msgstr;
				if (text[0] == '\0')
					text = id;
				c_quote(out, text, strlen(text), NULL);
				sbuf_puts(out, k + 1 < PO2C_LANGS ? ",\n\t    " :
				    " } },\n");
			}
			rows++;
		}
		for (k = 0; k < PO2C_LANGS; k++) {
			if (have[k] != NULL)
				at[k]++;
		}
	}
	if (rows == 0)
		sbuf_puts(out, "\t{ NULL, { NULL, NULL, NULL } },\n");
	sbuf_printf(out, "};\nconst size_t i18n_catalog_len = %zu;\n", rows);
	return ret;
}

/* Everything but the argument parsing, so that tests can drive it. */
static int
po2c_run(const char *outpath, char **paths, struct sbuf *errs)
{
	struct po po[PO2C_LANGS];
	struct sbuf text, out = { 0 };
	int k, ret = 0;

	memset(po, 0, sizeof(po));
	for (k = 0; k < PO2C_LANGS; k++) {
		memset(&text, 0, sizeof(text));
		if (file_read(paths[k], &text, errs) == -1 ||
		    po_parse(&po[k], paths[k], sbuf_cstr(&text), errs) == -1)
			ret = -1;
		sbuf_free(&text);
	}
	if (ret == 0 && po2c_build(po, &out, errs) == 0)
		ret = file_write(outpath, &out, errs);
	else
		ret = -1;
	sbuf_free(&out);
	for (k = 0; k < PO2C_LANGS; k++)
		po_free(&po[k]);
	return ret;
}

#ifndef PO2C_NO_MAIN
int
main(int argc, char **argv)
{
	struct sbuf errs = { 0 };
	int ret;

	if (argc != 6 || strcmp(argv[1], "-o") != 0) {
		fputs("usage: po2c -o catalog.c fi.po sv.po en.po\n", stderr);
		return 2;
	}
	ret = po2c_run(argv[2], argv + 3, &errs);
	fputs(sbuf_cstr(&errs), stderr);
	sbuf_free(&errs);
	return ret == 0 ? 0 : 1;
}
#endif /* PO2C_NO_MAIN */

#endif /* PO_READER_ONLY */

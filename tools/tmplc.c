/*
 * tmplc - compiles .tmpl templates to C (after OpenBSD gotwebd's template(1)).
 *
 * usage: tmplc -c en.po -o out.c -H out.h in.tmpl ...
 *
 * Every {{ define name(struct view *v, ...) }} ... {{ end }} becomes a C
 * function that writes its page to v->out; out.h gets the prototypes and
 * out.c, which includes out.h by its base name, the definitions.  Tags:
 *
 *	{{ include "x/y.h" }}	#include "x/y.h" (top level only)
 *	{{ define f(struct view *v, ...) }} ... {{ end }}
 *	{{ expr }}		html_txt(v->out, (expr)); expr is a const char *
 *	{{ expr | attr }}	html_attr(); likewise | url (html_url_arg),
 *				| raw (html_raw) and | int (html_int)
 *	{{ _("msgid") }}	the translation, escaped; _("...") may appear in
 *				any expression and becomes i18n_text_at(v->lang,
 *				"...", &tmpl_i18n[k]), a slot of its own that
 *				keeps the catalogue row after the first look-up;
 *				the msgid must be in the -c catalogue
 *	{{ if e }} {{ elif e }} {{ else }} {{ end }}
 *	{{ for init; cond; step }} {{ end }}	{{ while e }} {{ end }}
 *	{{ render f(args) }}	f(args);
 *	{{ code statement }}	the statement as written
 *	{{! comment }}		nothing
 *
 * Literal text becomes buf_append() calls.  Whitespace: a run of whitespace
 * that contains a newline becomes one "\n"; a line holding nothing but
 * control tags (all but expressions and render) and whitespace writes
 * nothing, its newline and the next line's indentation included.  The tag
 * names are reserved words: an expression cannot start with one.  Errors
 * are reported as "file:line: message" and fail the build; #line directives
 * point C compiler errors into the template.
 *
 * The unit tests include this file with TMPLC_NO_MAIN defined.
 */
#define PO_READER_ONLY
#include "po2c.c"

#define TMPLC_DEPTH 64		/* nesting limit of define/if/for/while */

enum tok_kind {
	TOK_TEXT, TOK_COMMENT, TOK_INCLUDE, TOK_DEFINE, TOK_END, TOK_IF,
	TOK_ELIF, TOK_ELSE, TOK_FOR, TOK_WHILE, TOK_CODE, TOK_RENDER,
	TOK_EXPR
};

/* Names for messages and the keyword table, indexed by enum tok_kind. */
static const char *const tok_names[] = {
	"text", "comment", "include", "define", "end", "if",
	"elif", "else", "for", "while", "code", "render",
	"expression"
};

/* Drop marks that the whitespace rule puts on text tokens. */
#define DROP_LEAD 1	/* drop the leading whitespace run */
#define DROP_ALL 2	/* drop the whole (whitespace-only) token */

struct tok {
	enum tok_kind kind;
	const char *s;		/* text, or the tag's argument, trimmed */
	size_t n;
	int line;		/* line where the token starts */
	int drop;		/* TOK_TEXT: 0, DROP_LEAD or DROP_ALL */
};

/* An open define/if/for/while, waiting for its end. */
struct block {
	enum tok_kind kind;
	int line;
	int saw_else;
};

/* A function already defined, to refuse a second one of the same name. */
struct tmplc_def {
	char *name;
	const char *path;
	int line;
};

struct tmplc {
	const struct po *cat;	/* msgids that _() may use */
	struct sbuf *errs;	/* "file:line: message" lines */
	struct sbuf includes;	/* #include lines, each once */
	struct sbuf protos;	/* prototypes for the header */
	struct sbuf body;	/* function definitions */
	struct tmplc_def *defs;
	size_t ndefs, capdefs;

	/* The file being compiled. */
	const char *path;
	struct tok *tok;
	size_t ntok, captok;
	struct block stack[TMPLC_DEPTH];
	int depth;		/* open blocks; 0 at the top level */
	struct sbuf text;	/* literal text not yet written */
	int stmts;		/* statements in the current function */
	int nmsgs;		/* _() calls so far: tmpl_i18n[]'s length */
};

static int tmplc_error(struct tmplc *t, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records a diagnostic for the current file; returns -1 for the caller. */
static int
tmplc_error(struct tmplc *t, int line, const char *fmt, ...)
{
	va_list ap;

	sbuf_printf(t->errs, "%s:%d: ", t->path, line);
	va_start(ap, fmt);
	sbuf_vprintf(t->errs, fmt, ap);
	va_end(ap);
	sbuf_putc(t->errs, '\n');
	return -1;
}

/* ASCII classes by hand: <ctype.h> depends on the locale. */
static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static int
is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((*s)[*n - 1]))
		(*n)--;
}

static int
count_nl(const char *s, size_t n)
{
	int nl = 0;

	while (n-- > 0) {
		if (*s++ == '\n')
			nl++;
	}
	return nl;
}

/* The index just past the string or character literal that starts at i. */
static size_t
skip_literal(const char *s, size_t n, size_t i)
{
	char quote = s[i];

	for (i++; i < n && s[i] != quote; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
	}
	return i < n ? i + 1 : n;
}

static void
tmplc_push(struct tmplc *t, enum tok_kind kind, const char *s, size_t n,
    int line)
{
	struct tok *k;

	if (t->ntok == t->captok) {
		t->captok = t->captok ? t->captok * 2 : 64;
		t->tok = xreallocarray(t->tok, t->captok, sizeof(*t->tok));
	}
	k = &t->tok[t->ntok++];
	k->kind = kind;
	k->s = s;
	k->n = n;
	k->line = line;
	k->drop = 0;
}

/*
 * Turns the content of one {{ }} into a token: the first word decides the
 * kind when it is a keyword, and the rest is the argument.
 */
static int
tmplc_classify(struct tmplc *t, const char *s, size_t n, int line)
{
	enum tok_kind kind;
	size_t w;

	trim(&s, &n);
	if (n == 0)
		return tmplc_error(t, line, "empty tag");
	for (w = 0; w < n && is_ident(s[w]); w++)
		;
	for (kind = TOK_INCLUDE; kind < TOK_EXPR; kind++) {
		if (strlen(tok_names[kind]) == w &&
		    memcmp(tok_names[kind], s, w) == 0)
			break;
	}
	if (kind != TOK_EXPR) {
		s += w;
		n -= w;
		trim(&s, &n);
		/* {{ code | attr }}: a variable named like a keyword. */
		if (n > 0 && s[0] == '|')
			return tmplc_error(t, line, "'%s' is a reserved word;"
			    " give the variable another name", tok_names[kind]);
	}
	tmplc_push(t, kind, s, n, line);
	return 0;
}

/*
 * Splits the template into text and tag tokens.  A tag ends at the first
 * "}}" outside string and character literals, so expressions may quote
 * "}}"; "{{" outside literals means a tag was left open.
 */
static int
tmplc_lex(struct tmplc *t, const char *src)
{
	const char *p = src, *open, *q;
	int line = 1, tagline;
	char quote;

	t->ntok = 0;
	while (*p != '\0') {
		if ((open = strstr(p, "{{")) == NULL)
			open = p + strlen(p);
		if (open > p) {
			tmplc_push(t, TOK_TEXT, p, (size_t)(open - p), line);
			line += count_nl(p, (size_t)(open - p));
		}
		if (*open == '\0')
			break;
		tagline = line;
		q = open + 2;
		if (*q == '!') {
			for (q++; *q != '\0' && !(q[0] == '}' && q[1] == '}');
			    q++) {
				if (q[0] == '{' && q[1] == '{')
					return tmplc_error(t, line, "'{{' inside"
					    " a comment (comments do not nest)");
				if (*q == '\n')
					line++;
			}
			if (*q == '\0')
				return tmplc_error(t, tagline,
				    "unclosed comment");
			tmplc_push(t, TOK_COMMENT, open, 0, tagline);
			p = q + 2;
			continue;
		}
		for (quote = 0; *q != '\0'; q++) {
			if (quote != 0) {
				if (*q == '\n')
					return tmplc_error(t, line,
					    "unterminated %s literal",
					    quote == '"' ? "string" :
					    "character");
				if (*q == '\\' && q[1] != '\0' && q[1] != '\n')
					q++;
				else if (*q == quote)
					quote = 0;
			} else if (*q == '"' || *q == '\'')
				quote = *q;
			else if (q[0] == '}' && q[1] == '}')
				break;
			else if (q[0] == '{' && q[1] == '{')
				return tmplc_error(t, line, "'{{' inside a tag"
				    " (is the tag opened at line %d closed?)",
				    tagline);
			else if (*q == '\n')
				line++;
		}
		if (*q == '\0')
			return tmplc_error(t, tagline, "unclosed tag");
		if (tmplc_classify(t, open + 2, (size_t)(q - open - 2),
		    tagline) == -1)
			return -1;
		p = q + 2;
	}
	return 0;
}

static int
tok_is_control(const struct tok *k)
{
	return k->kind != TOK_TEXT && k->kind != TOK_EXPR &&
	    k->kind != TOK_RENDER;
}

static int
all_space(const char *s, size_t n)
{
	while (n > 0 && is_space(*s)) {
		s++;
		n--;
	}
	return n == 0;
}

/*
 * Applies the control-line rule.  Lines are delimited by newlines in text
 * tokens (a tag may span lines and still count as one).  When a line holds
 * control tags and only whitespace besides, the whitespace-only text tokens
 * inside it are dropped and the text that ends it loses its leading
 * whitespace run: the line's newline and the next line's indentation.  The
 * whitespace before the first tag is the tail of the previous line's run,
 * which the newline rule already reduces to that line's "\n".
 */
static void
tmplc_mark_lines(struct tmplc *t)
{
	struct tok *k;
	const char *nl, *last;
	size_t i, j, start = 0;	/* first token wholly on the current line */
	int tags = 0, plain = 1;

	for (i = 0; i <= t->ntok; i++) {
		k = i < t->ntok ? &t->tok[i] : NULL;
		if (k != NULL && k->kind != TOK_TEXT) {
			if (tok_is_control(k))
				tags++;
			else
				plain = 0;
			continue;
		}
		nl = k != NULL ? memchr(k->s, '\n', k->n) : NULL;
		if (k != NULL && nl == NULL) {
			if (!all_space(k->s, k->n))
				plain = 0;
			continue;
		}
		if (k != NULL && !all_space(k->s, (size_t)(nl - k->s)))
			plain = 0;
		if (tags > 0 && plain) {
			for (j = start; j < i; j++) {
				if (t->tok[j].kind == TOK_TEXT)
					t->tok[j].drop = DROP_ALL;
			}
			if (k != NULL)
				k->drop = DROP_LEAD;
		}
		if (k == NULL)
			break;
		for (last = k->s + k->n - 1; *last != '\n'; last--)
			;
		last++;
		start = i + 1;
		tags = 0;
		plain = all_space(last, (size_t)(k->s + k->n - last));
	}
}

/* Writes tabs for the current nesting depth. */
static void
tmplc_indent(struct tmplc *t)
{
	int i;

	for (i = 0; i < t->depth; i++)
		sbuf_putc(&t->body, '\t');
}

/* Points the C compiler's line numbers at the template. */
static void
tmplc_line(struct tmplc *t, int line)
{
	sbuf_printf(&t->body, "#line %d ", line);
	c_quote(&t->body, t->path, strlen(t->path), NULL);
	sbuf_putc(&t->body, '\n');
}

/*
 * Writes the literal text gathered since the last statement as one
 * buf_append(), after folding each whitespace run that holds a newline
 * into a single "\n".
 */
static void
tmplc_flush(struct tmplc *t)
{
	struct sbuf out = { 0 };
	char brk[TMPLC_DEPTH + 8];
	const char *s = t->text.data;
	size_t i = 0, j, n = t->text.len;
	int d;

	while (i < n) {
		if (!is_space(s[i])) {
			sbuf_putc(&out, s[i++]);
			continue;
		}
		for (j = i; j < n && is_space(s[j]); j++)
			;
		if (memchr(s + i, '\n', j - i) != NULL)
			sbuf_putc(&out, '\n');
		else
			sbuf_append(&out, s + i, j - i);
		i = j;
	}
	t->text.len = 0;
	if (out.len == 0)
		return;
	brk[0] = '\n';
	for (d = 0; d < t->depth; d++)
		brk[d + 1] = '\t';
	memcpy(brk + d + 1, "    ", 5);
	tmplc_indent(t);
	sbuf_puts(&t->body, "buf_append(v->out, ");
	c_quote(&t->body, out.data, out.len, brk);
	sbuf_printf(&t->body, ", %zu);\n", out.len);
	t->stmts++;
	sbuf_free(&out);
}

/* Bisects the sorted catalogue; NULL when msgid is not in it. */
static const struct po_entry *
tmplc_msgid(const struct po *po, const char *msgid)
{
	size_t lo = 0, hi = po->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(msgid, po->e[mid].msgid);
		if (c == 0)
			return &po->e[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * Rewrites the _("msgid") call whose argument list starts at s[*i] (just
 * after the "_") to i18n_text_at(v->lang, "msgid", &tmpl_i18n[k]) (k
 * counts the output's calls; tmplc_output() declares the array), refusing
 * a msgid that the catalogue lacks: a typo would otherwise show up as
 * English text in the Finnish page.
 */
static int
tmplc_gettext(struct tmplc *t, int line, const char *s, size_t n, size_t *i,
    struct sbuf *out)
{
	struct sbuf id = { 0 };
	size_t j = *i;
	int ret = 0;

	while (j < n && is_space(s[j]))
		j++;
	if (j == n || s[j] != '(') {
		sbuf_putc(out, '_');	/* a plain identifier */
		return 0;
	}
	for (j++; j < n && is_space(s[j]); j++)
		;
	if (j == n || s[j] != '"')
		return tmplc_error(t, line, "_() takes one string literal");
	for (j++; j < n && s[j] != '"'; j++) {
		if (s[j] != '\\') {
			sbuf_putc(&id, s[j]);
			continue;
		}
		switch (++j < n ? s[j] : '\0') {
		case 'n':
			sbuf_putc(&id, '\n');
			break;
		case 't':
			sbuf_putc(&id, '\t');
			break;
		case '"':
		case '\'':
		case '\\':
			sbuf_putc(&id, s[j]);
			break;
		default:
			ret = tmplc_error(t, line, "unsupported escape in msgid");
			goto done;
		}
	}
	for (j++; j < n && is_space(s[j]); j++)
		;
	if (j >= n || s[j] != ')') {
		ret = tmplc_error(t, line, "_() takes one string literal");
		goto done;
	}
	*i = j + 1;
	if (tmplc_msgid(t->cat, sbuf_cstr(&id)) == NULL) {
		ret = tmplc_error(t, line, "unknown msgid \"%.60s\" (not in %s)",
		    id.data, t->cat->path);
		goto done;
	}
	sbuf_puts(out, "i18n_text_at(v->lang, ");
	c_quote(out, id.data, id.len, NULL);
	sbuf_printf(out, ", &tmpl_i18n[%d])", t->nmsgs++);
done:
	sbuf_free(&id);
	return ret;
}

/*
 * Copies a C fragment from a tag to out, rewriting each _("...") outside
 * string and character literals.
 */
static int
tmplc_rewrite(struct tmplc *t, int line, const char *s, size_t n,
    struct sbuf *out)
{
	size_t i = 0, j;

	while (i < n) {
		if (s[i] == '"' || s[i] == '\'') {
			j = skip_literal(s, n, i);
		} else if (is_ident(s[i])) {
			for (j = i; j < n && (is_ident(s[j]) ||
			    (is_digit(s[i]) && s[j] == '.')); j++)
				;
			if (j - i == 1 && s[i] == '_') {
				if (tmplc_gettext(t, line + count_nl(s, i), s,
				    n, &j, out) == -1)
					return -1;
				i = j;
				continue;
			}
		} else
			j = i + 1;
		sbuf_append(out, s + i, j - i);
		i = j;
	}
	return 0;
}

/*
 * Finds a trailing "| name" filter: the last "|" outside literals and
 * brackets that is not part of "||" or "|=".  Returns 1 and sets *exprlen
 * and the name when there is one; a "|" followed by something other than
 * a name is C's bitwise or.
 */
static int
tmplc_split_filter(const char *s, size_t n, size_t *exprlen,
    const char **name, size_t *namelen)
{
	size_t i, bar = n, k;
	int depth = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\'') {
			i = skip_literal(s, n, i) - 1;
		} else if (s[i] == '(' || s[i] == '[' || s[i] == '{') {
			depth++;
		} else if (s[i] == ')' || s[i] == ']' || s[i] == '}') {
			depth--;
		} else if (s[i] == '|' && i + 1 < n &&
		    (s[i + 1] == '|' || s[i + 1] == '=')) {
			i++;
		} else if (s[i] == '|' && depth == 0)
			bar = i;
	}
	if (bar == n)
		return 0;
	*name = s + bar + 1;
	*namelen = n - bar - 1;
	trim(name, namelen);
	for (k = 0; k < *namelen; k++) {
		if (!is_ident((*name)[k]))
			return 0;
	}
	if (*namelen > 0 && is_digit((*name)[0]))
		return 0;
	*exprlen = bar;
	return 1;
}

/* {{ expr }} and {{ expr | filter }}: one escaper call. */
static int
tmplc_expr(struct tmplc *t, const struct tok *k)
{
	static const struct {
		const char *name, *fn;
	} filters[] = {
		{ "attr", "html_attr" },
		{ "url", "html_url_arg" },
		{ "raw", "html_raw" },
		{ "int", "html_int" },
	};
	struct sbuf e = { 0 };
	const char *fn = "html_txt", *name, *s = k->s;
	size_t n = k->n, namelen, i;
	int ret;

	if (tmplc_split_filter(s, n, &n, &name, &namelen)) {
		if (namelen == 0)
			return tmplc_error(t, k->line, "missing filter name"
			    " after '|'");
		for (i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
			if (strlen(filters[i].name) == namelen &&
			    memcmp(filters[i].name, name, namelen) == 0)
				break;
		}
		if (i == sizeof(filters) / sizeof(filters[0]))
			return tmplc_error(t, k->line, "unknown filter '%.*s'"
			    " (use attr, url, raw or int)", (int)namelen,
			    name);
		fn = filters[i].fn;
		trim(&s, &n);
		if (n == 0)
			return tmplc_error(t, k->line, "empty expression"
			    " before '|'");
	}
	if ((ret = tmplc_rewrite(t, k->line, s, n, &e)) == 0) {
		tmplc_flush(t);
		tmplc_line(t, k->line);
		tmplc_indent(t);
		sbuf_printf(&t->body, "%s(v->out, (%s));\n", fn,
		    sbuf_cstr(&e));
		t->stmts++;
	}
	sbuf_free(&e);
	return ret;
}

/* True when the parameter list starts with exactly "struct view *v". */
static int
tmplc_view_param(const char *p, const char *end)
{
	static const char *const want[] = { "struct", "view", "*", "v" };
	const char *q;
	size_t w = 0;

	for (;;) {
		while (p < end && is_space(*p))
			p++;
		if (p == end || *p == ',')
			break;
		for (q = p; q < end && is_ident(*q); q++)
			;
		if (q == p)
			q = p + 1;
		if (w == 4 || strlen(want[w]) != (size_t)(q - p) ||
		    memcmp(want[w], p, (size_t)(q - p)) != 0)
			return 0;
		w++;
		p = q;
	}
	return w == 4;
}

/* {{ define name(struct view *v, ...) }}: opens a function. */
static int
tmplc_define(struct tmplc *t, const struct tok *k)
{
	const char *s = k->s, *end = k->s + k->n, *p, *params;
	struct tmplc_def *d;
	size_t namelen, i;
	int depth = 0;

	for (p = s; p < end && is_ident(*p); p++)
		;
	namelen = (size_t)(p - s);
	while (p < end && is_space(*p))
		p++;
	if (namelen == 0 || is_digit(*s) || p == end || *p != '(')
		return tmplc_error(t, k->line, "define needs a name and"
		    " parameters: define name(struct view *v, ...)");
	params = ++p;
	for (; p < end; p++) {
		if (*p == '"' || *p == '\'')
			p = s + skip_literal(s, k->n, (size_t)(p - s)) - 1;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && depth-- == 0)
			break;
	}
	if (p == end)
		return tmplc_error(t, k->line, "unclosed parameter list");
	if (p + 1 != end)
		return tmplc_error(t, k->line, "text after the parameter list");
	if (!tmplc_view_param(params, p))
		return tmplc_error(t, k->line, "the first parameter must be"
		    " 'struct view *v'");
	for (i = 0; i < t->ndefs; i++) {
		d = &t->defs[i];
		if (strlen(d->name) == namelen &&
		    memcmp(d->name, s, namelen) == 0)
			return tmplc_error(t, k->line, "'%s' is already"
			    " defined at %s:%d", d->name, d->path, d->line);
	}
	if (t->ndefs == t->capdefs) {
		t->capdefs = t->capdefs ? t->capdefs * 2 : 16;
		t->defs = xreallocarray(t->defs, t->capdefs,
		    sizeof(*t->defs));
	}
	d = &t->defs[t->ndefs++];
	d->name = xstrndup(s, namelen);
	d->path = t->path;
	d->line = k->line;

	tmplc_line(t, k->line);
	sbuf_printf(&t->body, "void %.*s(%.*s)\n{\n", (int)namelen, s,
	    (int)(p - params), params);
	sbuf_printf(&t->protos, "void %.*s(", (int)namelen, s);
	for (; params < p; params++) {
		if (!is_space(*params))
			sbuf_putc(&t->protos, *params);
		else if (!is_space(params[1]))
			sbuf_putc(&t->protos, ' ');
	}
	sbuf_puts(&t->protos, ");\n");
	t->stmts = 0;
	return 0;
}

/* {{ include "x.h" }}: remembered once for the header and the source. */
static int
tmplc_include(struct tmplc *t, const struct tok *k)
{
	struct sbuf line = { 0 };

	if (k->n < 2 || k->s[0] != '"' || k->s[k->n - 1] != '"' ||
	    memchr(k->s + 1, '"', k->n - 2) != NULL ||
	    memchr(k->s, '\n', k->n) != NULL)
		return tmplc_error(t, k->line, "include needs a quoted"
		    " header name: include \"dir/file.h\"");
	sbuf_printf(&line, "#include %.*s\n", (int)k->n, k->s);
	if (strstr(sbuf_cstr(&t->includes), line.data) == NULL)
		sbuf_puts(&t->includes, line.data);
	sbuf_free(&line);
	return 0;
}

/* Opens an if/for/while block: flushes text and writes "kw (arg) {". */
static int
tmplc_open(struct tmplc *t, const struct tok *k)
{
	struct sbuf e = { 0 };
	int ret;

	if (t->depth == TMPLC_DEPTH)
		return tmplc_error(t, k->line, "blocks nested too deep");
	if (k->n == 0)
		return tmplc_error(t, k->line, "'%s' needs %s",
		    tok_names[k->kind], k->kind == TOK_FOR ?
		    "init; condition; step" : "a condition");
	if ((ret = tmplc_rewrite(t, k->line, k->s, k->n, &e)) == 0) {
		tmplc_flush(t);
		tmplc_line(t, k->line);
		tmplc_indent(t);
		sbuf_printf(&t->body, "%s (%s) {\n", tok_names[k->kind],
		    sbuf_cstr(&e));
		/* A loop stops when nobody wants the page any more (view.h):
		 * a list of thousands of rows is where a render's time goes. */
		if (k->kind == TOK_FOR || k->kind == TOK_WHILE) {
			tmplc_indent(t);
			sbuf_puts(&t->body, "\tif (view_abandoned())\n");
			tmplc_indent(t);
			sbuf_puts(&t->body, "\t\tbreak;\n");
		}
		t->stmts++;
		t->stack[t->depth].kind = k->kind;
		t->stack[t->depth].line = k->line;
		t->stack[t->depth].saw_else = 0;
		t->depth++;
	}
	sbuf_free(&e);
	return ret;
}

/* {{ elif e }} and {{ else }}: continue the innermost if. */
static int
tmplc_else(struct tmplc *t, const struct tok *k)
{
	struct block *b = &t->stack[t->depth - 1];
	struct sbuf e = { 0 };
	int ret = 0;

	if (b->kind != TOK_IF)
		return tmplc_error(t, k->line, "'%s' without 'if'",
		    tok_names[k->kind]);
	if (b->saw_else)
		return tmplc_error(t, k->line, "'%s' after 'else'",
		    tok_names[k->kind]);
	if (k->kind == TOK_ELSE && k->n != 0)
		return tmplc_error(t, k->line, "'else' takes no condition"
		    " (use elif)");
	if (k->kind == TOK_ELIF && k->n == 0)
		return tmplc_error(t, k->line, "'elif' needs a condition");
	if (k->kind == TOK_ELIF &&
	    (ret = tmplc_rewrite(t, k->line, k->s, k->n, &e)) == -1)
		goto done;
	tmplc_flush(t);
	t->depth--;
	if (k->kind == TOK_ELIF) {
		tmplc_line(t, k->line);
		tmplc_indent(t);
		sbuf_printf(&t->body, "} else if (%s) {\n", sbuf_cstr(&e));
	} else {
		tmplc_indent(t);
		sbuf_puts(&t->body, "} else {\n");
		b->saw_else = 1;
	}
	t->depth++;
done:
	sbuf_free(&e);
	return ret;
}

/* {{ end }}: closes a block, or the function for a define. */
static int
tmplc_end(struct tmplc *t, const struct tok *k)
{
	if (k->n != 0)
		return tmplc_error(t, k->line, "'end' takes no argument");
	tmplc_flush(t);
	t->depth--;
	if (t->depth == 0) {
		/* A function that writes nothing must still use v. */
		if (t->stmts == 0)
			sbuf_puts(&t->body, "\t(void)v;\n");
		sbuf_puts(&t->body, "}\n\n");
	} else {
		tmplc_indent(t);
		sbuf_puts(&t->body, "}\n");
	}
	return 0;
}

/* {{ code stmt }} and {{ render f(args) }}: one C statement. */
static int
tmplc_stmt(struct tmplc *t, const struct tok *k)
{
	struct sbuf e = { 0 };
	int ret;

	if (k->n == 0)
		return tmplc_error(t, k->line, "empty '%s'",
		    tok_names[k->kind]);
	if (k->kind == TOK_RENDER && k->s[k->n - 1] != ')')
		return tmplc_error(t, k->line, "render needs a call:"
		    " render name(v, ...)");
	if ((ret = tmplc_rewrite(t, k->line, k->s, k->n, &e)) == 0) {
		tmplc_flush(t);
		tmplc_line(t, k->line);
		tmplc_indent(t);
		sbuf_printf(&t->body, "%s%s\n", sbuf_cstr(&e),
		    k->kind == TOK_RENDER ? ";" : "");
		t->stmts++;
	}
	sbuf_free(&e);
	return ret;
}

/* Dispatches one token; top-level and in-function rules are checked here. */
static int
tmplc_token(struct tmplc *t, struct tok *k)
{
	const char *s = k->s;
	size_t n = k->n;

	switch (k->kind) {
	case TOK_TEXT:
		if (t->depth == 0) {
			for (; n > 0 && is_space(*s); s++, n--)
				;
			if (n > 0)
				return tmplc_error(t, k->line +
				    count_nl(k->s, (size_t)(s - k->s)),
				    "text outside a define");
			return 0;
		}
		if (k->drop == DROP_ALL)
			return 0;
		if (k->drop == DROP_LEAD) {
			for (; n > 0 && is_space(*s); s++, n--)
				;
		}
		sbuf_append(&t->text, s, n);
		return 0;
	case TOK_COMMENT:
		return 0;
	case TOK_INCLUDE:
		if (t->depth > 0)
			return tmplc_error(t, k->line,
			    "include inside a define");
		return tmplc_include(t, k);
	case TOK_DEFINE:
		if (t->depth > 0)
			return tmplc_error(t, k->line, "define inside a define"
			    " (the define at line %d lacks its end)",
			    t->stack[0].line);
		if (tmplc_define(t, k) == -1)
			return -1;
		t->stack[0].kind = TOK_DEFINE;
		t->stack[0].line = k->line;
		t->stack[0].saw_else = 0;
		t->depth = 1;
		return 0;
	default:
		break;
	}
	if (t->depth == 0)
		return tmplc_error(t, k->line, k->kind == TOK_END ?
		    "'end' without an open block" : k->kind == TOK_EXPR ?
		    "%s outside a define" : "'%s' outside a define",
		    tok_names[k->kind]);
	switch (k->kind) {
	case TOK_END:
		return tmplc_end(t, k);
	case TOK_IF:
	case TOK_FOR:
	case TOK_WHILE:
		return tmplc_open(t, k);
	case TOK_ELIF:
	case TOK_ELSE:
		return tmplc_else(t, k);
	case TOK_CODE:
	case TOK_RENDER:
		return tmplc_stmt(t, k);
	default:
		return tmplc_expr(t, k);
	}
}

static void
tmplc_init(struct tmplc *t, const struct po *cat, struct sbuf *errs)
{
	memset(t, 0, sizeof(*t));
	t->cat = cat;
	t->errs = errs;
}

static void
tmplc_free(struct tmplc *t)
{
	size_t i;

	for (i = 0; i < t->ndefs; i++)
		free(t->defs[i].name);
	free(t->defs);
	free(t->tok);
	sbuf_free(&t->includes);
	sbuf_free(&t->protos);
	sbuf_free(&t->body);
	sbuf_free(&t->text);
}

/*
 * Compiles one template, the len bytes at src followed by a NUL, into t.
 * Stops at the first error: after one, the block structure is no longer
 * trustworthy.
 */
static int
tmplc_file(struct tmplc *t, const char *path, const char *src, size_t len)
{
	size_t i, ndefs = t->ndefs;

	t->path = path;
	t->depth = 0;
	t->text.len = 0;
	if (strlen(src) != len)
		return tmplc_error(t, 1 + count_nl(src, strlen(src)),
		    "NUL byte in the template");
	if (tmplc_lex(t, src) == -1)
		return -1;
	tmplc_mark_lines(t);
	for (i = 0; i < t->ntok; i++) {
		if (tmplc_token(t, &t->tok[i]) == -1)
			return -1;
	}
	if (t->depth > 0)
		return tmplc_error(t, t->stack[t->depth - 1].line,
		    "'%s' is not closed with {{ end }}",
		    tok_names[t->stack[t->depth - 1].kind]);
	if (t->ndefs == ndefs)
		return tmplc_error(t, 1, "no define in this file");
	return 0;
}

/*
 * Assembles the header and the source.  The source includes the header by
 * its base name, so both must be written to the same directory.
 */
static void
tmplc_output(struct tmplc *t, const char *hpath, struct sbuf *c,
    struct sbuf *h)
{
	const char *base = strrchr(hpath, '/'), *p;
	struct sbuf guard = { 0 };

	base = base != NULL ? base + 1 : hpath;
	for (p = base; *p != '\0'; p++) {
		if (*p >= 'a' && *p <= 'z')
			sbuf_putc(&guard, (char)(*p - 'a' + 'A'));
		else
			sbuf_putc(&guard, is_ident(*p) ? *p : '_');
	}
	sbuf_printf(h, "/* Generated by tools/tmplc; do not edit. */\n"
	    "#ifndef TV_GEN_%s\n#define TV_GEN_%s\n\n"
	    "#include \"view/view.h\"\n%s\n%s\n#endif\n",
	    sbuf_cstr(&guard), guard.data, sbuf_cstr(&t->includes),
	    sbuf_cstr(&t->protos));
	sbuf_free(&guard);

	sbuf_puts(c, "/* Generated by tools/tmplc; do not edit. */\n"
	    "#include ");
	c_quote(c, base, strlen(base), NULL);
	sbuf_printf(c, "\n#include \"view/escape.h\"\n"
	    "#include \"view/view.h\"\n%s\n",
	    sbuf_cstr(&t->includes));
	/* One slot per _() call: its catalogue row, found on the first
	 * use (i18n_text_at()). */
	if (t->nmsgs > 0)
		sbuf_printf(c, "static i18n_slot tmpl_i18n[%d];\n\n",
		    t->nmsgs);
	sbuf_puts(c, sbuf_cstr(&t->body));
}

#ifndef TMPLC_NO_MAIN
static void
usage(void)
{
	fputs("usage: tmplc -c en.po -o out.c -H out.h in.tmpl ...\n",
	    stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *catpath = NULL, *cpath = NULL, *hpath = NULL;
	struct sbuf errs = { 0 }, text = { 0 }, c = { 0 }, h = { 0 };
	struct tmplc t;
	struct po cat;
	int i, ret = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 == argc || strlen(argv[i]) != 2)
			usage();
		if (argv[i][1] == 'c')
			catpath = argv[i + 1];
		else if (argv[i][1] == 'o')
			cpath = argv[i + 1];
		else if (argv[i][1] == 'H')
			hpath = argv[i + 1];
		else
			usage();
	}
	if (catpath == NULL || cpath == NULL || hpath == NULL || i == argc)
		usage();
	memset(&cat, 0, sizeof(cat));
	if (file_read(catpath, &text, &errs) == -1 ||
	    po_parse(&cat, catpath, sbuf_cstr(&text), &errs) == -1)
		ret = -1;
	tmplc_init(&t, &cat, &errs);
	for (; ret == 0 && i < argc; i++) {
		text.len = 0;
		if (file_read(argv[i], &text, &errs) == -1 ||
		    tmplc_file(&t, argv[i], sbuf_cstr(&text), text.len) == -1)
			ret = -1;
	}
	if (ret == 0) {
		tmplc_output(&t, hpath, &c, &h);
		if (file_write(cpath, &c, &errs) == -1 ||
		    file_write(hpath, &h, &errs) == -1)
			ret = -1;
	}
	fputs(sbuf_cstr(&errs), stderr);
	tmplc_free(&t);
	po_free(&cat);
	sbuf_free(&errs);
	sbuf_free(&text);
	sbuf_free(&c);
	sbuf_free(&h);
	return ret == 0 ? 0 : 1;
}
#endif /* TMPLC_NO_MAIN */

/*
 * analyse.c - search terms from text: folding, Voikko for Finnish, Snowball
 * for Swedish and English.  See analyse.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "base/log.h"
#include "directory/analyse.h"
#include "directory/voikko_lib.h"

#define WORD_MAX	64	/* bytes; a longer "word" is not a word */
#define QUERY_WORDS	16
#define TERMS_PER_WORD	12

struct analyser {
	const struct voikko_lib *vk;	/* with fi */
	struct VoikkoHandle *fi;	/* NULL: no Finnish dictionary */
	struct sb_stemmer *sv;
	struct sb_stemmer *en;
};

static pthread_key_t an_key;
static pthread_once_t an_once = PTHREAD_ONCE_INIT;

static void
an_free(void *p)
{
	struct analyser *an = p;

	if (an == NULL)
		return;
	if (an->fi != NULL)
		an->vk->terminate(an->fi);
	sb_stemmer_delete(an->sv);
	sb_stemmer_delete(an->en);
	free(an);
}

static void
an_key_create(void)
{
	if (pthread_key_create(&an_key, an_free) != 0)
		fatal("analyse: pthread_key_create failed");
}

struct analyser *
analyser_thread(void)
{
	static bool warned;
	struct analyser *an;
	const char *err = NULL;

	pthread_once(&an_once, an_key_create);
	if ((an = pthread_getspecific(an_key)) != NULL)
		return an;
	if ((an = calloc(1, sizeof(*an))) == NULL)
		return NULL;
	an->sv = sb_stemmer_new("swedish", "UTF_8");
	an->en = sb_stemmer_new("english", "UTF_8");
	if ((an->vk = voikko_lib(&err)) != NULL)
		an->fi = an->vk->init(&err, "fi", NULL);
	if (an->fi == NULL && !warned) {
		/* Debian's voikko-fi; without it Finnish words are matched
		 * as written. */
		log_warn("analyse: no Finnish dictionary for Voikko: %s",
		    err != NULL ? err : "unknown error");
		warned = true;
	}
	if (an->sv == NULL || an->en == NULL ||
	    pthread_setspecific(an_key, an) != 0) {
		an_free(an);
		return NULL;
	}
	return an;
}

void
analyser_thread_close(void)
{
	struct analyser *an;

	pthread_once(&an_once, an_key_create);
	if ((an = pthread_getspecific(an_key)) == NULL)
		return;
	pthread_setspecific(an_key, NULL);
	an_free(an);
}

/* Decodes one code point at *p (at most n bytes), advancing; a byte that
 * starts no valid sequence reads as U+FFFD, one byte long. */
static unsigned
decode(const unsigned char **p, size_t n)
{
	const unsigned char *s = *p;
	unsigned c = s[0];
	size_t len, i;

	if (c < 0x80) {
		*p += 1;
		return c;
	}
	len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	if (len == 0 || len > n) {
		*p += 1;
		return 0xFFFD;
	}
	c &= 0x3F >> (len - 1);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*p += 1;
			return 0xFFFD;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*p += len;
	return c;
}

static void
put_cp(struct buf *out, unsigned c)
{
	char b[4];

	if (c < 0x80) {
		buf_putc(out, (char)c);
		return;
	}
	if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		buf_append(out, b, 2);
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		buf_append(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (char)(0x80 | (c & 0x3F));
		buf_append(out, b, 4);
	}
}

/* Latin-1 letters from U+00C0, lowercased, their diacritics off but for
 * å, ä and ö (Æ/æ read as ä, Ø/ø as ö, as Nordic readers take them);
 * '-' marks × and ÷, which are not letters. */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "ä", "å", "ä", "c", "e", "e", "e", "e", "i", "i",
	"i", "i", "d", "n", "o", "o", "o", "o", "ö", "-", "ö", "u", "u", "u",
	"u", "y", "t", "ss",
	"a", "a", "a", "a", "ä", "å", "ä", "c", "e", "e", "e", "e", "i", "i",
	"i", "i", "d", "n", "o", "o", "o", "o", "ö", "-", "ö", "u", "u", "u",
	"u", "y", "t", "y",
};
/* Latin Extended-A, U+0100..U+017F: the base letter of each. */
static const char latin_a[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkk"
	"llllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyy"
	"zzzzzzs";
_Static_assert(sizeof(latin_a) == 129, "one letter per code point");

/* Letters and digits make words; everything else separates them. */
static bool
is_word_cp(unsigned c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9');
	if (c == 0xD7 || c == 0xF7 || c == 0xFFFD || c == 0xFEFF)
		return false;
	if (c >= 0xC0 && c <= 0x24F)
		return true;
	/* Other scripts' letters; not punctuation, symbols or spaces. */
	return c >= 0x370 && !(c >= 0x2000 && c <= 0x2BFF) &&
	    !(c >= 0x3000 && c <= 0x303F) && !(c >= 0xFE00 && c <= 0xFE6F);
}

void
analyse_fold(const char *word, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)word, *end = p + len;
	unsigned c;

	while (p < end) {
		c = decode(&p, (size_t)(end - p));
		if (c < 0x80)
			buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
		else if (c >= 0xC0 && c <= 0xFF)
			buf_puts(out, latin1[c - 0xC0]);
		else if (c >= 0x100 && c <= 0x17F)
			buf_putc(out, latin_a[c - 0x100]);
		else
			put_cp(out, c);
	}
}

/* The terms of one word, without repeats. */
struct word_terms {
	char *t[TERMS_PER_WORD];
	size_t n;
};

static void
wt_add(struct word_terms *w, const char *s, size_t len)
{
	struct buf b;
	size_t i;

	if (len == 0 || w->n == TERMS_PER_WORD)
		return;
	buf_init(&b);
	analyse_fold(s, len, &b);
	for (i = 0; i < w->n; i++)
		if (strcmp(w->t[i], buf_cstr(&b)) == 0) {
			buf_cleanup(&b);
			return;
		}
	w->t[w->n++] = buf_steal(&b, &len);
}

static void
wt_free(struct word_terms *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->t[i]);
	w->n = 0;
}

/*
 * The parts of a compound from Voikko's WORDBASES, e.g.
 * "+pankki(pankki)+tunnus(tunnus)" or "+lähi+liiku(liikkua)+nta(+ta)
 * +paikka(paikka)": split at the '+' outside parentheses, each part's text
 * before its '(' - a part whose base begins with '+' is a derivational
 * ending and joins the part before it (liiku + nta = liikunta).
 */
static void
wordbases_parts(const char *wb, struct word_terms *w)
{
	char parts[8][WORD_MAX];
	size_t np = 0, len;
	const char *p = wb, *seg, *paren, *next;
	bool derivation;

	while (*p == '+') {
		seg = p + 1;
		for (next = seg; *next != '\0' && *next != '+'; next++)
			if (*next == '(')
				while (*next != '\0' && *next != ')')
					next++;
		paren = memchr(seg, '(', (size_t)(next - seg));
		len = (size_t)((paren != NULL ? paren : next) - seg);
		derivation = paren != NULL && paren[1] == '+';
		if (derivation && np > 0 &&
		    strlen(parts[np - 1]) + len < WORD_MAX)
			strncat(parts[np - 1], seg, len);
		else if (np < 8 && len < WORD_MAX) {
			memcpy(parts[np], seg, len);
			parts[np][len] = '\0';
			np++;
		}
		p = next;
	}
	if (np < 2)
		return;		/* not a compound */
	for (len = 0; len < np; len++)
		wt_add(w, parts[len], strlen(parts[len]));
}

/* Finnish: base forms and compound parts of every reading Voikko has. */
static void
terms_fi(struct analyser *an, const char *word, struct word_terms *w,
    bool parts)
{
	struct voikko_mor_analysis **a;
	char *base, *wb;
	size_t i;

	if (an == NULL || an->fi == NULL)
		return;
	if ((a = an->vk->analyze_word(an->fi, word)) == NULL)
		return;
	for (i = 0; a[i] != NULL; i++) {
		base = an->vk->value(a[i], "BASEFORM");
		if (base != NULL)
			wt_add(w, base, strlen(base));
		an->vk->free_value(base);
		if (!parts)
			continue;
		wb = an->vk->value(a[i], "WORDBASES");
		if (wb != NULL)
			wordbases_parts(wb, w);
		an->vk->free_value(wb);
	}
	an->vk->free_analysis(a);
}

static void
terms_stem(struct sb_stemmer *st, const char *word, struct word_terms *w)
{
	const sb_symbol *s;

	if (st == NULL)
		return;
	s = sb_stemmer_stem(st, (const sb_symbol *)word, (int)strlen(word));
	if (s != NULL)
		wt_add(w, (const char *)s, (size_t)sb_stemmer_length(st));
}

/* The terms of one word: itself folded, then its language's forms. */
static void
word_terms(struct analyser *an, enum lang l, const char *word, size_t len,
    bool parts, struct word_terms *w)
{
	char folded[WORD_MAX * 2 + 1];
	struct buf b;

	w->n = 0;
	wt_add(w, word, len);
	if (w->n == 0)
		return;
	buf_init(&b);
	analyse_fold(word, len, &b);
	snprintf(folded, sizeof(folded), "%s", buf_cstr(&b));
	buf_cleanup(&b);
	switch (l) {
	case LANG_FI:
		terms_fi(an, folded, w, parts);
		break;
	case LANG_SV:
		terms_stem(an != NULL ? an->sv : NULL, folded, w);
		break;
	default:
		terms_stem(an != NULL ? an->en : NULL, folded, w);
		break;
	}
}

/* Calls fn for each word of text: its bytes and length. */
static void
each_word(const char *text, void (*fn)(void *, const char *, size_t),
    void *arg)
{
	const unsigned char *p = (const unsigned char *)text, *start, *q;
	const unsigned char *end = p + strlen(text);
	unsigned c;

	while (p < end) {
		q = p;
		c = decode(&p, (size_t)(end - p));
		if (!is_word_cp(c))
			continue;
		start = q;
		for (q = p; q < end; q = p) {
			c = decode(&p, (size_t)(end - p));
			if (!is_word_cp(c)) {
				p = q;
				break;
			}
		}
		if ((size_t)(p - start) <= WORD_MAX)
			fn(arg, (const char *)start, (size_t)(p - start));
	}
}

struct index_ctx {
	struct analyser *an;
	enum lang l;
	struct buf *out;
	size_t start;		/* where this call's terms begin in out */
};

/* Whether term is already among this call's terms (space-separated). */
static bool
seen(const struct index_ctx *c, const char *term)
{
	const char *p = c->out->data + c->start, *end = c->out->data +
	    c->out->len;
	size_t n = strlen(term);

	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		size_t len = (size_t)((sp != NULL ? sp : end) - p);

		if (len == n && memcmp(p, term, n) == 0)
			return true;
		p += len + 1;
	}
	return false;
}

static void
index_word(void *arg, const char *word, size_t len)
{
	struct index_ctx *c = arg;
	struct word_terms w;
	size_t i;

	word_terms(c->an, c->l, word, len, true, &w);
	for (i = 0; i < w.n; i++) {
		if (seen(c, w.t[i]))
			continue;
		if (c->out->len > c->start)
			buf_putc(c->out, ' ');
		buf_puts(c->out, w.t[i]);
	}
	wt_free(&w);
}

void
analyse_terms(struct analyser *an, enum lang l, const char *text,
    struct buf *out)
{
	struct index_ctx c = { an, l, out, out->len };

	each_word(text, index_word, &c);
}

struct query_ctx {
	struct analyser *an;
	struct arena *a;
	enum lang l;
	const char *words[QUERY_WORDS];
	size_t lens[QUERY_WORDS];
	size_t n;
};

static void
query_word(void *arg, const char *word, size_t len)
{
	struct query_ctx *c = arg;

	if (c->n < QUERY_WORDS) {
		c->words[c->n] = word;
		c->lens[c->n] = len;
		c->n++;
	}
}

/*
 * A query word asks for its own folded form and its base forms, not for
 * the parts of a compound: "pankkitunnus" should find bank codes, not
 * everything about banks.  The index holds the parts, so "tunnus" finds
 * "pankkitunnus".  The last word, when the user may still be typing it,
 * is also a prefix.
 */
size_t
analyse_query(struct analyser *an, struct arena *a, enum lang l,
    const char *query, bool prefix_last, struct analysed_word **out)
{
	struct query_ctx c = { .an = an, .a = a, .l = l };
	struct analysed_word *v;
	struct word_terms w;
	size_t i, k;
	const char *end;

	each_word(query, query_word, &c);
	/* A last word followed by a space is finished. */
	end = query + strlen(query);
	if (c.n > 0 && c.words[c.n - 1] + c.lens[c.n - 1] < end &&
	    (end[-1] == ' ' || end[-1] == '\t'))
		prefix_last = false;
	v = arena_calloc(a, c.n > 0 ? c.n : 1, sizeof(*v));
	for (i = 0; i < c.n; i++) {
		word_terms(an, l, c.words[i], c.lens[i], false, &w);
		v[i].terms = arena_calloc(a, w.n, sizeof(*v[i].terms));
		for (k = 0; k < w.n; k++)
			v[i].terms[k] = arena_strdup(a, w.t[k]);
		v[i].nterms = w.n;
		v[i].prefix = prefix_last && i == c.n - 1;
		wt_free(&w);
	}
	*out = v;
	return c.n;
}

/*
 * The text part of a search in the backend's syntax, from the analysed
 * words: FTS5 ("t1" OR "t2" OR "pre"*) AND (...), each term quoted with
 * its quotes doubled; tsquery ('t1' | 't2' | 'pre':*) & (...), each term
 * quoted with its quotes and backslashes doubled.  NULL when the text has
 * no words.
 */
/* Whether the word's term t of language k was already asked for in the
 * same form (as a prefix or not) by an earlier language or term: each is
 * asked once ("pankkitunnukset"* came three times, one a language). */
static bool
seen_term(struct analysed_word *const *w, const size_t *nw, size_t i,
    size_t k, size_t t)
{
	bool prefix = w[k][i].prefix && t == 0;
	size_t kk, tt;

	for (kk = 0; kk <= k; kk++) {
		if (i >= nw[kk])
			continue;
		for (tt = 0; tt < (kk == k ? t : w[kk][i].nterms); tt++)
			if ((w[kk][i].prefix && tt == 0) == prefix &&
			    strcmp(w[kk][i].terms[tt], w[k][i].terms[t]) == 0)
				return true;
	}
	return false;
}

size_t
analyse_groups(struct analyser *an, struct arena *a, enum lang l,
    const char *text, struct analysed_group **out)
{
	struct analysed_word *w[LANG_COUNT];
	struct analysed_group *g;
	size_t nw[LANG_COUNT], i, k, t, max;
	int li;

	/* The page's language first; the other two add their forms, for a
	 * Finnish word on the Swedish page. */
	nw[0] = analyse_query(an, a, l, text, true, &w[0]);
	for (li = 0, k = 1; li < LANG_COUNT; li++)
		if ((enum lang)li != l) {
			nw[k] = analyse_query(an, a, (enum lang)li, text, true,
			    &w[k]);
			k++;
		}
	*out = g = arena_calloc(a, nw[0] + 1, sizeof(*g));
	for (i = 0; i < nw[0]; i++) {
		for (k = 0, max = 0; k < LANG_COUNT; k++)
			if (i < nw[k])
				max += w[k][i].nterms;
		g[i].p = arena_calloc(a, max + 1, sizeof(*g[i].p));
		for (k = 0; k < LANG_COUNT; k++) {
			if (i >= nw[k])
				continue;
			for (t = 0; t < w[k][i].nterms; t++) {
				if (w[k][i].terms[t][0] == '\0' ||
				    seen_term(w, nw, i, k, t))
					continue;
				g[i].p[g[i].n].term = w[k][i].terms[t];
				g[i].p[g[i].n].prefix = w[k][i].prefix && t == 0;
				g[i].n++;
			}
		}
	}
	return nw[0];
}

const char *
analyse_match(struct analyser *an, struct arena *a, enum lang l,
    const char *text, bool pg)
{
	struct analysed_group *g;
	size_t ng, i, t, n;
	const char *s, *out;
	struct buf b;

	if ((ng = analyse_groups(an, a, l, text, &g)) == 0)
		return NULL;
	buf_init(&b);
	for (i = 0; i < ng; i++) {
		if (i > 0)
			buf_puts(&b, pg ? " & " : " AND ");
		buf_putc(&b, '(');
		for (t = 0; t < g[i].n; t++) {
			if (t > 0)
				buf_puts(&b, pg ? " | " : " OR ");
			s = g[i].p[t].term;
			buf_putc(&b, pg ? '\'' : '"');
			for (n = 0; s[n] != '\0'; n++) {
				if (pg && (s[n] == '\'' || s[n] == '\\'))
					buf_putc(&b, s[n]);
				else if (!pg && s[n] == '"')
					buf_putc(&b, '"');
				buf_putc(&b, s[n]);
			}
			buf_putc(&b, pg ? '\'' : '"');
			if (g[i].p[t].prefix)
				buf_puts(&b, pg ? ":*" : "*");
		}
		buf_putc(&b, ')');
	}
	out = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return out;
}

/*
 * encounter.c - the encounter vocabulary: stored keys to enums, ISO 639-1
 * languages and the reference lists of forms of support and topics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/str.h"
#include "statistics/encounter.h"

static const char *const duration_keys[ENC_DURATION_COUNT] = {
	"under-10", "10-30", "30-60", "over-60",
};
static const char *const age_keys[ENC_AGE_COUNT] = {
	"under-25", "25-64", "65-74", "75-plus", "unknown",
};
static const char *const outcome_keys[ENC_OUTCOME_COUNT] = {
	"resolved", "partly", "referred",
};
static const char *const group_keys[ENC_GROUP_COUNT] = {
	"lähituki", "etätuki", "koulutus",
};

/*
 * ISO 639-1, every code of the standard's current list (183; "bh" was
 * withdrawn in 2021), sorted for bsearch().  A closed list rather than
 * "two letters": a typo such as "se" for Swedish then shows as a wrong
 * language (Northern Sami) only if it is a real code, and "xx" is refused.
 */
static const char iso639_1[][3] = {
	"aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az",
	"ba", "be", "bg", "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch",
	"co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv", "dz", "ee", "el",
	"en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
	"ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht",
	"hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it",
	"iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko",
	"kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
	"lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt",
	"my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny",
	"oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm",
	"rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
	"sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te",
	"tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty",
	"ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo",
	"za", "zh", "zu",
};

int
encounter_duration_parse(const char *key)
{
	return str_index(key, duration_keys, ENC_DURATION_COUNT);
}

int
encounter_age_parse(const char *key)
{
	return str_index(key, age_keys, ENC_AGE_COUNT);
}

int
encounter_outcome_parse(const char *key)
{
	return str_index(key, outcome_keys, ENC_OUTCOME_COUNT);
}

int
encounter_group_parse(const char *key)
{
	return str_index(key, group_keys, ENC_GROUP_COUNT);
}

const char *
encounter_duration_key(enum encounter_duration v)
{
	return (unsigned)v < ENC_DURATION_COUNT ? duration_keys[v] : "";
}

const char *
encounter_age_key(enum encounter_age v)
{
	return (unsigned)v < ENC_AGE_COUNT ? age_keys[v] : "";
}

const char *
encounter_outcome_key(enum encounter_outcome v)
{
	return (unsigned)v < ENC_OUTCOME_COUNT ? outcome_keys[v] : "";
}

const char *
encounter_group_key(enum encounter_group v)
{
	return (unsigned)v < ENC_GROUP_COUNT ? group_keys[v] : "";
}

static int
encounter_code_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
encounter_language_parse(const char *s)
{
	if (s == NULL || strlen(s) != 2)
		return -1;
	return bsearch(s, iso639_1, sizeof(iso639_1) / sizeof(iso639_1[0]),
	    sizeof(iso639_1[0]), encounter_code_cmp) != NULL ? 0 : -1;
}

/* A key is what URLs, CSV and the database carry: [a-z0-9-]+. */
static int
encounter_key_valid(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

/* Checks the header line: the labels, and dvv_form for forms. */
static int
encounter_refs_header(const struct csv_record *rec, int forms)
{
	static const char *const want[] = { "key", "label_fi", "label_sv",
	    "label_en", "dvv_form" };
	size_t i, n = forms ? 5 : 4;

	if (rec->nfields != n)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(rec->fields[i], want[i]) != 0)
			return -1;
	return 0;
}

/* One data line into *r; -1 with err set. */
static int
encounter_refs_line(struct arena *a, const struct csv_record *rec, int forms,
    const struct encounter_refs *so_far, struct encounter_ref *r, char *err,
    size_t errsize)
{
	size_t i, n = forms ? 5 : 4;
	int g = 0;

	if (rec->nfields != n) {
		snprintf(err, errsize, "line %zu: expected %zu fields", rec->line,
		    n);
		return -1;
	}
	if (!encounter_key_valid(rec->fields[0])) {
		snprintf(err, errsize, "line %zu: the key must be lower-case "
		    "letters, digits and hyphens", rec->line);
		return -1;
	}
	if (encounter_refs_find(so_far, rec->fields[0]) != NULL) {
		snprintf(err, errsize, "line %zu: the key %s is there twice",
		    rec->line, rec->fields[0]);
		return -1;
	}
	for (i = 1; i <= LANG_COUNT; i++)
		if (rec->fields[i][0] == '\0') {
			snprintf(err, errsize, "line %zu: a label is empty",
			    rec->line);
			return -1;
		}
	if (forms && (g = encounter_group_parse(rec->fields[4])) < 0) {
		snprintf(err, errsize, "line %zu: dvv_form must be lähituki, "
		    "etätuki or koulutus", rec->line);
		return -1;
	}
	r->key = arena_strdup(a, rec->fields[0]);
	for (i = 0; i < LANG_COUNT; i++)
		r->label[i] = arena_strdup(a, rec->fields[i + 1]);
	r->group = (enum encounter_group)g;
	return 0;
}

int
encounter_refs_parse(struct arena *a, const char *data, size_t len,
    int forms, struct encounter_refs *out, char *err, size_t errsize)
{
	struct csv_record rec;
	struct csv c;
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	csv_init(&c, a, data, len, ',');
	if (csv_next(&c, &rec) != 1 || encounter_refs_header(&rec, forms)) {
		snprintf(err, errsize, "line 1: the header must be key,label_fi,"
		    "label_sv,label_en%s", forms ? ",dvv_form" : "");
		return -1;
	}
	while ((rc = csv_next(&c, &rec)) == 1) {
		if (out->n == cap)
			out->items = arena_grow(a, out->items, out->n, &cap,
			    sizeof(*out->items));
		if (encounter_refs_line(a, &rec, forms, out,
		    &out->items[out->n], err, errsize) != 0)
			return -1;
		out->n++;
	}
	if (rc < 0) {
		snprintf(err, errsize, "line %zu: broken CSV", c.line);
		return -1;
	}
	return 0;
}

const struct encounter_ref *
encounter_refs_find(const struct encounter_refs *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->items[i].key, key) == 0)
			return &r->items[i];
	return NULL;
}

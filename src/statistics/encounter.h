/*
 * encounter.h - what a support encounter records, and its time buckets.
 *
 * An encounter is anonymous: a service point, topics, a form of support,
 * a duration band, an age band, a language, an outcome and the hour it
 * started - nothing that names or reaches a person.  Each stored value is
 * a short key (the CSV and the API use the same keys) that becomes an
 * enum here, once, with one parse function per kind; code compares enums.
 *
 * Forms of support and topics are reference data (data/support-forms.csv,
 * data/support-topics.csv); each form belongs to one of the three national
 * forms the Digital and Population Data Services Agency reports by:
 * lähituki (in person), etätuki (remote) and koulutus (training).
 *
 * Time buckets are Europe/Helsinki's: the hour, the day, the ISO week and
 * the month an encounter falls in, right across the clock changes.
 */
#ifndef TV_STATISTICS_ENCOUNTER_H
#define TV_STATISTICS_ENCOUNTER_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "view/i18n.h"

/* How long the support took. */
enum encounter_duration {
	ENC_DURATION_UNDER_10,	/* "under-10": under 10 minutes */
	ENC_DURATION_10_30,	/* "10-30" */
	ENC_DURATION_30_60,	/* "30-60" */
	ENC_DURATION_OVER_60,	/* "over-60" */
};
#define ENC_DURATION_COUNT 4

/* The age band the supporter saw or was told; "unknown" keeps the log
 * fast when nobody asked. */
enum encounter_age {
	ENC_AGE_UNDER_25,	/* "under-25" */
	ENC_AGE_25_64,		/* "25-64" */
	ENC_AGE_65_74,		/* "65-74" */
	ENC_AGE_75_PLUS,	/* "75-plus" */
	ENC_AGE_UNKNOWN,	/* "unknown" */
};
#define ENC_AGE_COUNT 5

/* How it ended. */
enum encounter_outcome {
	ENC_OUTCOME_RESOLVED,	/* "resolved" */
	ENC_OUTCOME_PARTLY,	/* "partly" */
	ENC_OUTCOME_REFERRED,	/* "referred": sent to another service */
};
#define ENC_OUTCOME_COUNT 3

/* The national forms of support. */
enum encounter_group {
	ENC_GROUP_LAHITUKI,	/* "lähituki": in person */
	ENC_GROUP_ETATUKI,	/* "etätuki": remote */
	ENC_GROUP_KOULUTUS,	/* "koulutus": training, courses */
};
#define ENC_GROUP_COUNT 3

/* Each: the enum for a stored key, or -1 for anything else. */
int encounter_duration_parse(const char *key);
int encounter_age_parse(const char *key);
int encounter_outcome_parse(const char *key);
int encounter_group_parse(const char *key);

/* The stored key of each value (the inverse of the parse functions). */
const char *encounter_duration_key(enum encounter_duration v);
const char *encounter_age_key(enum encounter_age v);
const char *encounter_outcome_key(enum encounter_outcome v);
const char *encounter_group_key(enum encounter_group v);

/*
 * A language of the encounter as an ISO 639-1 code: 0 when s is one of
 * the 183 codes of the standard (two lower-case letters; "fi", "sv",
 * "en", "ru", "ar", "so", ...), -1 otherwise ("xx", "fin", "FI").
 */
int encounter_language_parse(const char *s);

/* A form of support or a topic from the reference data. */
struct encounter_ref {
	const char *key;		/* [a-z0-9-]+, what is stored */
	const char *label[LANG_COUNT];	/* fi, sv, en */
	enum encounter_group group;	/* forms only */
};

/* A list of forms or topics, in the file's order. */
struct encounter_refs {
	struct encounter_ref *items;
	size_t n;
};

/*
 * Reads data/support-forms.csv (forms = 1: key,label_fi,label_sv,
 * label_en,dvv_form) or data/support-topics.csv (forms = 0: key,label_fi,
 * label_sv,label_en) from memory into the arena.  0, or -1 with a message
 * naming the line in err: a wrong header, an empty key or label, a key
 * that is not [a-z0-9-]+, a repeated key, an unknown national form.
 */
int encounter_refs_parse(struct arena *a, const char *data, size_t len,
    int forms, struct encounter_refs *out, char *err, size_t errsize);

/* The entry with this key, or NULL. */
const struct encounter_ref *encounter_refs_find(
    const struct encounter_refs *r, const char *key);

/*
 * Time buckets in Europe/Helsinki (base/time.h: main() sets the zone).
 * Helsinki's offsets from UTC are whole hours (+2, +3 in summer), so the
 * local hour starts when the UTC hour does: encounter_hour() is exact on
 * the changeover nights too, when 03:00-04:00 is skipped in March and
 * happens twice in October (two buckets, one hour of the day).
 */
int64_t encounter_hour(int64_t t);		/* start of the hour, UTC s */
int encounter_hour_of_day(int64_t t);		/* local 0..23 */
int32_t encounter_day(int64_t t);		/* local date, days since
						 * 1970-01-01 */
int64_t encounter_day_start(int32_t day);	/* local midnight, UTC s; a
						 * day is 23, 24 or 25 h */
/* The ISO 8601 week of a day: the year it belongs to (which differs from
 * the calendar year around New Year) and 1..53; returns year * 100 + week
 * (202653), a key that sorts in time. */
int32_t encounter_iso_week(int32_t day, int *year, int *week);
/* The month of a day as year * 12 + (month - 1): consecutive months are
 * consecutive numbers. */
int32_t encounter_month(int32_t day);

#endif

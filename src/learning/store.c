/*
 * store.c - achievements, awards, keys and consent in the database (see
 * learning.h).  All SQL of the module but its privacy provider is here.
 */
#include <sodium.h>
#include <string.h>

#include "db/rows.h"
#include "learning/badge_ob3.h"
#include "learning/internal.h"

/* --- keys --- */

static int
key_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct learn_key_row *k = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&k->id), db_as_str(&k->public_key),
	    db_as_str(&k->sealed_seed), db_as_int(&k->created_at)));
	return 0;
}

int
learn_store_keys(struct db *db, struct arena *a, struct learn_key_row **out,
    size_t *n)
{
	*out = db_rows(db, a, "SELECT id, public_key, sealed_seed, created_at "
	    "FROM badge_key ORDER BY id", DB_NOARGS, key_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
learn_store_key_insert(struct db *db, const char *public_key,
    const char *sealed_seed, int64_t now)
{
	return db_run(db, "INSERT INTO badge_key (public_key, sealed_seed, "
	    "created_at) VALUES (?1, ?2, ?3)", DB_ARGS(db_text(public_key),
	    db_text(sealed_seed), db_int(now)), NULL) == 0 ? 0 : -1;
}

/* --- achievements --- */

#define ACH_SELECT "SELECT a.id, a.region_id, a.kind, a.name_fi, a.name_sv, " \
	"a.name_en, a.description_fi, a.description_sv, a.description_en, " \
	"a.criteria_fi, a.criteria_sv, a.criteria_en, a.tags_fi, a.tags_sv, " \
	"a.tags_en, a.image_type, a.image_sha256, a.image_generated, " \
	"a.created_at, a.updated_at "
#define ACH_COLS 20

/* Splits the stored tags of language l (one per line) into ac. */
static void
split_tags(struct arena *a, const char *s, struct achievement *ac, int l)
{
	size_t n = 0, cap = 1;
	const char *p, *nl, **tags;

	for (p = s; *p != '\0'; p++)
		if (*p == '\n')
			cap++;
	tags = arena_calloc(a, cap, sizeof(*tags));
	ac->tags[l] = tags;
	for (p = s; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (nl > p)
			tags[n++] = arena_strndup(a, p, (size_t)(nl - p));
	}
	ac->ntags[l] = n;
}

static int
ach_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct achievement *ac = out;
	int l;

	ac->id = db_col_int64(st, 0);
	ac->region_id = db_col_int64(st, 1);
	if (learn_kind_parse(db_col_text(st, 2), &ac->kind) != 0)
		ac->kind = BADGE_TYPE_BADGE;
	for (l = 0; l < LANG_COUNT; l++) {
		ac->name[l] = db_col_dup(st, a, 3 + l);
		ac->description[l] = db_col_dup(st, a, 6 + l);
		ac->criteria[l] = db_col_dup(st, a, 9 + l);
		split_tags(a, db_col_text(st, 12 + l), ac, l);
	}
	ac->image_type = strcmp(db_col_text(st, 15), "svg") == 0 ?
	    LEARN_IMAGE_SVG : LEARN_IMAGE_PNG;
	ac->image_sha256 = db_col_dup(st, a, 16);
	ac->image_generated = db_col_int64(st, 17) != 0;
	ac->created_at = db_col_int64(st, 18);
	ac->updated_at = db_col_int64(st, 19);
	if (db_col_count(st) > ACH_COLS) {
		ac->nawards = db_col_int64(st, ACH_COLS);
		ac->nrevoked = db_col_int64(st, ACH_COLS + 1);
	}
	return 0;
}

static int
align_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct learn_alignment *al = out;

	db_cols(st, a, 0, DB_COLS(db_as_str(&al->target_name),
	    db_as_str(&al->target_url), db_as_str(&al->target_description),
	    db_as_str(&al->target_framework), db_as_str(&al->target_code)));
	return 0;
}

static int
load_alignments(struct db *db, struct arena *a, struct achievement *ac)
{
	ac->alignments = db_rows(db, a, "SELECT target_name, target_url, "
	    "target_description, target_framework, target_code FROM "
	    "achievement_alignment WHERE achievement_id = ?1 ORDER BY position",
	    DB_ARGS(db_int(ac->id)), align_row, sizeof(*ac->alignments),
	    &ac->nalignments);
	return ac->alignments != NULL ? 0 : -1;
}

int
learn_store_achievement(struct db *db, struct arena *a, int64_t id,
    struct achievement *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_row(db, a, ACH_SELECT "FROM achievement a WHERE a.id = ?1",
	    DB_ARGS(db_int(id)), ach_row, out)) != 0)
		return rc;
	return load_alignments(db, a, out);
}

struct image_row {
	const char *type, *data, *sha;
};

static int
image_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct image_row *ir = out;

	db_cols(st, a, 0, DB_COLS(db_as_str(&ir->type), db_as_str(&ir->data),
	    db_as_str(&ir->sha)));
	return 0;
}

int
learn_store_image(struct db *db, struct arena *a, int64_t id,
    const unsigned char **data, size_t *n, enum learn_image_type *type,
    const char **sha256)
{
	struct image_row ir;
	int rc;

	if ((rc = db_row(db, a, "SELECT image_type, image_data, image_sha256 "
	    "FROM achievement WHERE id = ?1", DB_ARGS(db_int(id)), image_row,
	    &ir)) != 0)
		return rc;
	*sha256 = ir.sha;
	if (strcmp(ir.type, "svg") == 0) {
		*type = LEARN_IMAGE_SVG;
		*data = (const unsigned char *)ir.data;
		*n = strlen(ir.data);
		return 0;
	}
	*type = LEARN_IMAGE_PNG;
	*data = badge_b64url_decode(a, ir.data, strlen(ir.data), n);
	return *data != NULL ? 0 : -1;
}

int
learn_store_achievements(struct db *db, struct arena *a, int64_t region,
    struct achievement **out, size_t *n)
{
#define COUNTS ", (SELECT count(*) FROM badge_award w WHERE " \
	"w.achievement_id = a.id), (SELECT count(*) FROM badge_award w WHERE " \
	"w.achievement_id = a.id AND w.revoked_at IS NOT NULL) FROM " \
	"achievement a "
	/* Two statements, so that each reads an index: a region's
	 * achievements by achievement_region, all of them by id. */
	if (region == 0)
		*out = db_rows(db, a, ACH_SELECT COUNTS "WHERE a.id > 0 ORDER BY "
		    "a.id DESC", DB_NOARGS, ach_row, sizeof(**out), n);
	else
		*out = db_rows(db, a, ACH_SELECT COUNTS "WHERE a.region_id = ?1 "
		    "ORDER BY a.id DESC", DB_ARGS(db_int(region)), ach_row,
		    sizeof(**out), n);
#undef COUNTS
	return *out != NULL ? 0 : -1;
}

int64_t
learn_store_save_achievement(struct db *db, const struct achievement *ac,
    const unsigned char *image, size_t nimage, int64_t author, int64_t now)
{
	struct arena a;
	char hex[65];
	unsigned char h[32];
	const char *tags[LANG_COUNT], *data = NULL;
	int64_t id = ac->id;
	size_t i;
	int rc, l;

	arena_init(&a);
	for (l = 0; l < LANG_COUNT; l++) {
		tags[l] = "";
		for (i = 0; i < ac->ntags[l]; i++)
			tags[l] = arena_printf(&a, "%s%s%s", tags[l],
			    i ? "\n" : "", ac->tags[l][i]);
	}
	if (image != NULL) {
		crypto_hash_sha256(h, image, nimage);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		data = ac->image_type == LEARN_IMAGE_SVG ?
		    arena_strndup(&a, (const char *)image, nimage) :
		    badge_b64url(&a, image, nimage);
	}
#define TEXTS db_text(ac->name[LANG_FI]), db_text(ac->name[LANG_SV]), \
	db_text(ac->name[LANG_EN]), db_text(ac->description[LANG_FI]), \
	db_text(ac->description[LANG_SV]), db_text(ac->description[LANG_EN]), \
	db_text(ac->criteria[LANG_FI]), db_text(ac->criteria[LANG_SV]), \
	db_text(ac->criteria[LANG_EN]), db_text(tags[LANG_FI]), \
	db_text(tags[LANG_SV]), db_text(tags[LANG_EN])
	if (id == 0)
		rc = db_insert(db, "INSERT INTO achievement (name_fi, name_sv, "
		    "name_en, description_fi, description_sv, description_en, "
		    "criteria_fi, criteria_sv, criteria_en, tags_fi, tags_sv, "
		    "tags_en, region_id, kind, image_type, image_data, "
		    "image_sha256, image_generated, created_by, created_at, "
		    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
		    "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20) "
		    "RETURNING id", DB_ARGS(TEXTS, db_int(ac->region_id),
		    db_text(learn_kind_name(ac->kind)),
		    db_text(ac->image_type == LEARN_IMAGE_SVG ? "svg" : "png"),
		    db_text(data), db_text(hex), db_int(ac->image_generated),
		    db_id_or_null(author), db_int(now)), &id);
	else if (image == NULL)
		rc = db_run(db, "UPDATE achievement SET name_fi = ?1, name_sv = "
		    "?2, name_en = ?3, description_fi = ?4, description_sv = ?5, "
		    "description_en = ?6, criteria_fi = ?7, criteria_sv = ?8, "
		    "criteria_en = ?9, tags_fi = ?10, tags_sv = ?11, tags_en = "
		    "?12, kind = ?13, updated_at = ?14 WHERE id = ?15",
		    DB_ARGS(TEXTS, db_text(learn_kind_name(ac->kind)),
		    db_int(now), db_int(id)), NULL);
	else
		rc = db_run(db, "UPDATE achievement SET name_fi = ?1, name_sv = "
		    "?2, name_en = ?3, description_fi = ?4, description_sv = ?5, "
		    "description_en = ?6, criteria_fi = ?7, criteria_sv = ?8, "
		    "criteria_en = ?9, tags_fi = ?10, tags_sv = ?11, tags_en = "
		    "?12, kind = ?13, updated_at = ?14, image_type = ?15, "
		    "image_data = ?16, image_sha256 = ?17, image_generated = ?18 "
		    "WHERE id = ?19", DB_ARGS(TEXTS,
		    db_text(learn_kind_name(ac->kind)), db_int(now),
		    db_text(ac->image_type == LEARN_IMAGE_SVG ? "svg" : "png"),
		    db_text(data), db_text(hex), db_int(ac->image_generated),
		    db_int(id)), NULL);
#undef TEXTS
	arena_cleanup(&a);
	if (rc != 0 || db_run(db, "DELETE FROM achievement_alignment WHERE "
	    "achievement_id = ?1", DB_ARGS(db_int(id)), NULL) != 0)
		return -1;
	for (i = 0; i < ac->nalignments; i++) {
		const struct learn_alignment *al = &ac->alignments[i];

		if (db_run(db, "INSERT INTO achievement_alignment "
		    "(achievement_id, position, target_name, target_url, "
		    "target_description, target_framework, target_code) VALUES "
		    "(?1, ?2, ?3, ?4, ?5, ?6, ?7)", DB_ARGS(db_int(id), db_int(i),
		    db_text(al->target_name), db_text(al->target_url),
		    db_text(al->target_description),
		    db_text(al->target_framework), db_text(al->target_code)),
		    NULL) != 0)
			return -1;
	}
	return id;
}

/* --- awards --- */

#define AWARD_SELECT "SELECT w.id, w.uuid, w.achievement_id, w.lang, " \
	"COALESCE(w.account_id, 0), w.recipient_name, w.recipient_email, " \
	"w.salt, w.narrative, w.evidence_url, w.issued_at, w.status_list, " \
	"w.status_index, COALESCE(w.revoked_at, 0), w.revoked_reason, " \
	"a.region_id FROM badge_award w JOIN achievement a ON a.id = " \
	"w.achievement_id "

static int
award_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct award *aw = out;
	const char *l = db_col_text(st, 3);

	db_cols(st, a, 0, DB_COLS(db_as_int(&aw->id), db_as_str(&aw->uuid),
	    db_as_int(&aw->achievement_id)));
	if (lang_parse(l, strlen(l), &aw->lang) != 0)
		aw->lang = LANG_FI;
	db_cols(st, a, 4, DB_COLS(db_as_int(&aw->account_id),
	    db_as_str(&aw->name), db_as_str(&aw->email), db_as_str(&aw->salt),
	    db_as_str(&aw->narrative), db_as_str(&aw->evidence_url),
	    db_as_int(&aw->issued_at), db_as_int(&aw->status_list),
	    db_as_int(&aw->status_index), db_as_int(&aw->revoked_at),
	    db_as_str(&aw->revoked_reason), db_as_int(&aw->region_id)));
	return 0;
}

int
learn_store_award(struct db *db, struct arena *a, int64_t id,
    struct award *out)
{
	return db_row(db, a, AWARD_SELECT "WHERE w.id = ?1", DB_ARGS(db_int(id)),
	    award_row, out);
}

int
learn_store_award_by_uuid(struct db *db, struct arena *a, const char *uuid,
    struct award_full *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_row(db, a, AWARD_SELECT "WHERE w.uuid = ?1",
	    DB_ARGS(db_text(uuid)), award_row, &out->aw)) != 0)
		return rc;
	rc = learn_store_achievement(db, a, out->aw.achievement_id, &out->ac);
	return rc == 0 ? 0 : -1;
}

int
learn_store_awards_of(struct db *db, struct arena *a, int64_t achievement,
    int64_t before, int64_t limit, struct award **out, size_t *n)
{
	*out = db_rows(db, a, AWARD_SELECT "WHERE w.achievement_id = ?1 AND "
	    "w.id < ?2 ORDER BY w.id DESC LIMIT ?3", DB_ARGS(db_int(achievement),
	    db_int(before > 0 ? before : INT64_MAX), db_int(limit)), award_row,
	    sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

int
learn_store_awards_for(struct db *db, struct arena *a, int64_t account,
    const char *email, bool valid_only, struct award_full **out, size_t *n)
{
	struct award *v;
	size_t i;

	v = db_rows(db, a, AWARD_SELECT "WHERE (w.account_id = ?1 OR "
	    "w.recipient_email = ?2) AND (w.revoked_at IS NULL OR ?3 = 0) "
	    "ORDER BY w.issued_at DESC, w.id DESC", DB_ARGS(db_int(account),
	    db_text(email), db_int(valid_only)), award_row, sizeof(*v), n);
	if (v == NULL)
		return -1;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	for (i = 0; i < *n; i++) {
		(*out)[i].aw = v[i];
		if (learn_store_achievement(db, a, v[i].achievement_id,
		    &(*out)[i].ac) != 0)
			return -1;
	}
	return 0;
}

/* A status list with room (at most half full, so that a random free bit
 * is found in a few tries) and a free random index in it.  0 or -1. */
static int
status_bit(struct db *db, int64_t *list, int64_t *index)
{
	int64_t count, taken;
	int tries;

	if (db_int64(db, "SELECT COALESCE(MAX(status_list), 1) FROM badge_award",
	    DB_NOARGS, list) < 0)
		return -1;
	if (*list < 1)
		*list = 1;
	if (db_int64(db, "SELECT count(*) FROM badge_award WHERE status_list "
	    "= ?1", DB_ARGS(db_int(*list)), &count) < 0)
		return -1;
	if (count >= BADGE_STATUS_LIST_BITS / 2)
		(*list)++;
	for (tries = 0; tries < 64; tries++) {
		*index = (int64_t)randombytes_uniform(BADGE_STATUS_LIST_BITS);
		taken = 0;
		if (db_int64(db, "SELECT count(*) FROM badge_award WHERE "
		    "status_list = ?1 AND status_index = ?2",
		    DB_ARGS(db_int(*list), db_int(*index)), &taken) < 0)
			return -1;
		if (taken == 0)
			return 0;
	}
	return -1;
}

int
learn_store_insert_award(struct db *db, struct arena *a, struct award *aw,
    int64_t by, int64_t now)
{
	char uuid[LEARN_UUID_LEN + 1], salt[BADGE_SALT_LEN + 1];

	learn_uuid_new(uuid);
	badge_salt_new(salt);
	aw->uuid = arena_strdup(a, uuid);
	aw->salt = arena_strdup(a, salt);
	aw->issued_at = now;
	if (status_bit(db, &aw->status_list, &aw->status_index) != 0)
		return -1;
	return db_insert(db, "INSERT INTO badge_award (uuid, achievement_id, "
	    "lang, account_id, recipient_name, recipient_email, salt, narrative, "
	    "evidence_url, issued_at, issued_by, status_list, status_index) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
	    "RETURNING id", DB_ARGS(db_text(aw->uuid),
	    db_int(aw->achievement_id), db_text(lang_code(aw->lang)),
	    db_id_or_null(aw->account_id), db_text(aw->name),
	    db_text(aw->email), db_text(aw->salt), db_text(aw->narrative),
	    db_text(aw->evidence_url), db_int(now), db_id_or_null(by),
	    db_int(aw->status_list), db_int(aw->status_index)), &aw->id) == 0 ?
	    0 : -1;
}

int
learn_store_revoke(struct db *db, int64_t id, const char *reason, int64_t by,
    int64_t now)
{
	int64_t changed = 0;

	if (db_run(db, "UPDATE badge_award SET revoked_at = ?2, revoked_reason "
	    "= ?3, revoked_by = ?4 WHERE id = ?1 AND revoked_at IS NULL",
	    DB_ARGS(db_int(id), db_int(now), db_text(reason),
	    db_id_or_null(by)), &changed) != 0)
		return -1;
	return changed == 0 ? 1 : 0;
}

struct bit_row {
	int64_t index, at;
};

static int
bit_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct bit_row *b = out;

	(void)a;
	db_cols(st, NULL, 0, DB_COLS(db_as_int(&b->index), db_as_int(&b->at)));
	return 0;
}

int
learn_store_revoked_bits(struct db *db, struct arena *a, int64_t list,
    int64_t **out, size_t *n, int64_t *latest)
{
	struct bit_row *rows;
	size_t i;

	rows = db_rows(db, a, "SELECT status_index, revoked_at FROM badge_award "
	    "WHERE revoked_at IS NOT NULL AND status_list = ?1 ORDER BY "
	    "status_index", DB_ARGS(db_int(list)), bit_row, sizeof(*rows), n);
	if (rows == NULL)
		return -1;
	*out = arena_calloc(a, *n ? *n : 1, sizeof(**out));
	*latest = 0;
	for (i = 0; i < *n; i++) {
		(*out)[i] = rows[i].index;
		if (rows[i].at > *latest)
			*latest = rows[i].at;
	}
	return 0;
}

int
learn_store_status_lists(struct db *db, int64_t *max)
{
	return db_int64(db, "SELECT COALESCE(MAX(status_list), 0) FROM "
	    "badge_award", DB_NOARGS, max) == 0 ? 0 : -1;
}

static int
revoked_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct learn_revoked *r = out;

	db_cols(st, a, 0, DB_COLS(db_as_str(&r->uuid), db_as_str(&r->reason)));
	return 0;
}

int
learn_store_revoked(struct db *db, struct arena *a, struct learn_revoked **out,
    size_t *n)
{
	*out = db_rows(db, a, "SELECT uuid, revoked_reason FROM badge_award "
	    "WHERE revoked_at IS NOT NULL ORDER BY revoked_at, id", DB_NOARGS,
	    revoked_row, sizeof(**out), n);
	return *out != NULL ? 0 : -1;
}

/* --- consent --- */

int
learn_store_consent(struct db *db, struct arena *a, int64_t account,
    const char **slug)
{
	return db_str(db, a, "SELECT slug FROM badge_consent WHERE account_id "
	    "= ?1", DB_ARGS(db_int(account)), slug);
}

int
learn_store_consent_account(struct db *db, const char *slug, int64_t *account)
{
	return db_int64(db, "SELECT account_id FROM badge_consent WHERE slug = "
	    "?1", DB_ARGS(db_text(slug)), account);
}

int
learn_store_set_consent(struct db *db, int64_t account, bool give,
    int64_t now)
{
	unsigned char raw[16];
	char slug[sodium_base64_ENCODED_LEN(16,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

	if (!give)
		return db_run(db, "DELETE FROM badge_consent WHERE account_id = "
		    "?1", DB_ARGS(db_int(account)), NULL) == 0 ? 0 : -1;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(slug, sizeof(slug), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return db_run(db, "INSERT INTO badge_consent (account_id, slug, "
	    "given_at) VALUES (?1, ?2, ?3) ON CONFLICT (account_id) DO NOTHING",
	    DB_ARGS(db_int(account), db_text(slug), db_int(now)), NULL) == 0 ?
	    0 : -1;
}

int
learn_store_award_langs(struct db *db, struct arena *a, int64_t achievement,
    bool used[LANG_COUNT])
{
	const char **v;
	enum lang l;
	size_t n, i;

	memset(used, 0, LANG_COUNT * sizeof(*used));
	if ((v = db_strs(db, a, "SELECT DISTINCT lang FROM badge_award WHERE "
	    "achievement_id = ?1", DB_ARGS(db_int(achievement)), &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (lang_parse(v[i], strlen(v[i]), &l) == 0)
			used[l] = true;
	return 0;
}

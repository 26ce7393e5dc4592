/*
 * learning.h - competence badges (issue 17): achievements, awards, the
 * issuer's key, and the machine-readable and human pages that publish
 * them in Open Badges 3.0 and 2.0 at once.
 *
 * The formats themselves are the pure parts (badge*.h); this header is
 * the module's store and routes.  An award is named in public URLs by a
 * random UUID, never by its row id, so the awards cannot be listed by
 * counting; the earner's e-mail address is only ever published hashed.
 * Revocation is one column (badge_award.revoked_at): the 2.0 Assertion
 * answers 410 and the RevocationList lists it, the 3.0 status list has
 * its bit set, from the same commit.
 *
 * Making achievements, awarding and revoking need ACT_BADGES (the
 * region's coordinators and administrators); the routes of one
 * achievement or award load it with a loader whose rule is
 * SCOPE_MANAGED.
 */
#ifndef TV_LEARNING_LEARNING_H
#define TV_LEARNING_LEARNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"
#include "learning/badge.h"
#include "learning/badge_key.h"
#include "view/i18n.h"

#define LEARN_NAME_MAX 120		/* characters of an achievement's name */
#define LEARN_TEXT_MAX 2000		/* of a description or criteria */
#define LEARN_TAGS_MAX 10		/* tags of an achievement */
#define LEARN_TAG_MAX 40		/* characters of a tag */
#define LEARN_ALIGN_MAX 3		/* alignments of an achievement */
#define LEARN_IMAGE_MAX (256 * 1024)	/* bytes of an uploaded image */
#define LEARN_REASON_MAX 500		/* characters of a revocation reason */
#define LEARN_NARRATIVE_MAX 2000	/* characters of an award's narrative */
#define LEARN_URL_MAX 500		/* bytes of an evidence or target URL */
#define LEARN_AWARDS_PAGE 50		/* awards on a page of the staff list */
#define LEARN_UUID_LEN 36
#define LEARN_SEAL_KEY "badge-seal"	/* auth/server_key.h */

enum learn_image_type { LEARN_IMAGE_PNG, LEARN_IMAGE_SVG };

struct learn_alignment {
	const char *target_name, *target_url;
	const char *target_description, *target_framework, *target_code;
};

/* An achievement; a language version exists when name[l] is not "". */
struct achievement {
	int64_t id;
	int64_t region_id;
	enum badge_achievement_type kind;
	const char *name[LANG_COUNT];
	const char *description[LANG_COUNT];
	const char *criteria[LANG_COUNT];
	const char *const *tags[LANG_COUNT];	/* each version's own */
	size_t ntags[LANG_COUNT];
	struct learn_alignment *alignments;
	size_t nalignments;
	enum learn_image_type image_type;
	const char *image_sha256;
	bool image_generated;
	int64_t created_at, updated_at;
	int64_t nawards, nrevoked;	/* filled by the staff list */
};

/* An award of an achievement. */
struct award {
	int64_t id;
	const char *uuid;
	int64_t achievement_id;
	enum lang lang;
	int64_t account_id;		/* 0: none */
	const char *name;		/* the earner's name, "" once erased */
	const char *email;		/* lower case, "" once erased */
	const char *salt;
	const char *narrative;		/* "" none */
	const char *evidence_url;	/* "" none */
	int64_t issued_at;
	int64_t status_list, status_index;
	int64_t revoked_at;		/* 0: valid */
	const char *revoked_reason;
	int64_t region_id;		/* the achievement's, for the policy */
};

/* An award with its achievement, as the pages and documents need them. */
struct award_full {
	struct award aw;
	struct achievement ac;
};

/* --- pure helpers (text.c; unit tested) --- */

/* The stored name of a kind, and the kind of a stored name (0 or -1). */
const char *learn_kind_name(enum badge_achievement_type t);
int learn_kind_parse(const char *s, enum badge_achievement_type *out);

/* A random version 4 UUID, lower-case hex with hyphens. */
void learn_uuid_new(char out[LEARN_UUID_LEN + 1]);

/* True when s has the shape of learn_uuid_new()'s output. */
bool learn_uuid_valid(const char *s);

/* The e-mail address inside a From value ("Name <a@b>" or "a@b"), in the
 * arena. */
const char *learn_address_of(struct arena *a, const char *from);

/* Whether the achievement has a language version in l. */
bool learn_has_lang(const struct achievement *ac, enum lang l);

/* --- the issuer key (issuer.c) --- */

/* One stored public key. */
struct learn_pubkey {
	int64_t id;
	unsigned char pk[BADGE_PK_LEN];
	int64_t created_at;
};

/*
 * The signing key (the newest): unsealed into *k.  With create, a site
 * without a key gets one, and the seal key, in the caller's write
 * transaction.  0; DB_MISSING when there is none (and !create); -1 on
 * error (logged, never with the key).  Wipe *k with badge_key_wipe().
 */
int learn_signing_key(struct db *db, bool create, struct badge_key *k);

/* Makes a new signing key (the older ones stay in the DID document, so
 * that what they signed still verifies), in the caller's transaction.
 * 0 or -1. */
int learn_rotate_key(struct db *db, int64_t now);

/* Every public key, oldest first.  0 or -1. */
int learn_public_keys(struct db *db, struct arena *a, struct learn_pubkey **out,
    size_t *n);

/* The issuer (struct badge_issuer) of this site, names in l.  0 or -1. */
int learn_issuer(struct db *db, struct arena *a, enum lang l,
    struct badge_issuer *is);

/* --- the store (store.c): lookups 0, DB_MISSING or -1 --- */

int learn_store_achievement(struct db *db, struct arena *a, int64_t id,
    struct achievement *out);

/* The image of an achievement: its bytes (PNG decoded), *n and *type. */
int learn_store_image(struct db *db, struct arena *a, int64_t id,
    const unsigned char **data, size_t *n, enum learn_image_type *type,
    const char **sha256);

/* The achievements of a region (policy_region_filter()), newest first,
 * with their award counts.  0 or -1. */
int learn_store_achievements(struct db *db, struct arena *a, int64_t region,
    struct achievement **out, size_t *n);

/* Inserts (ac->id 0) or updates an achievement with its alignments;
 * image NULL keeps the stored one.  The id or -1. */
int64_t learn_store_save_achievement(struct db *db,
    const struct achievement *ac, const unsigned char *image, size_t nimage,
    int64_t author, int64_t now);

int learn_store_award(struct db *db, struct arena *a, int64_t id,
    struct award *out);

/* The languages the achievement's awards (valid or revoked) are written
 * in: used[l].  0 or -1. */
int learn_store_award_langs(struct db *db, struct arena *a, int64_t achievement,
    bool used[LANG_COUNT]);
int learn_store_award_by_uuid(struct db *db, struct arena *a,
    const char *uuid, struct award_full *out);

/* Awards of an achievement, newest first, those with id below `before`
 * (0: from the newest), at most limit.  0 or -1. */
int learn_store_awards_of(struct db *db, struct arena *a, int64_t achievement,
    int64_t before, int64_t limit, struct award **out, size_t *n);

/* An account's awards (by account id or address), newest first, with
 * their achievements; only valid ones when valid_only.  0 or -1. */
int learn_store_awards_for(struct db *db, struct arena *a, int64_t account,
    const char *email, bool valid_only, struct award_full **out, size_t *n);

/* Inserts an award (its uuid, salt and status bit made here) in the
 * caller's transaction; *out gets its id and uuid.  0 or -1. */
int learn_store_insert_award(struct db *db, struct arena *a, struct award *aw,
    int64_t by, int64_t now);

/* Revokes an award.  0; 1 when it was revoked already; -1. */
int learn_store_revoke(struct db *db, int64_t id, const char *reason,
    int64_t by, int64_t now);

/* The revoked status indexes of a list and the newest revocation time.
 * 0 or -1. */
int learn_store_revoked_bits(struct db *db, struct arena *a, int64_t list,
    int64_t **out, size_t *n, int64_t *latest);

/* The highest status list number in use (0: none).  0 or -1. */
int learn_store_status_lists(struct db *db, int64_t *max);

/* Every revoked award (uuid, reason), oldest revocation first.  0 or -1. */
struct learn_revoked {
	const char *uuid;
	const char *reason;
};
int learn_store_revoked(struct db *db, struct arena *a,
    struct learn_revoked **out, size_t *n);

/* The account's consent slug: 0 with *slug, DB_MISSING, -1. */
int learn_store_consent(struct db *db, struct arena *a, int64_t account,
    const char **slug);
/* The account of a consent slug: 0, DB_MISSING, -1. */
int learn_store_consent_account(struct db *db, const char *slug,
    int64_t *account);
/* Gives (a new slug when none) or withdraws consent.  0 or -1. */
int learn_store_set_consent(struct db *db, int64_t account, bool give,
    int64_t now);

/* --- route loaders (loaders.c) --- */

extern const struct route_loader learn_achievement_public;	/* :id */
extern const struct route_loader learn_achievement_managed;	/* :id */
extern const struct route_loader learn_award_public;		/* :uuid */
extern const struct route_loader learn_award_managed;		/* :id */
extern const struct route_loader learn_status_list_public;	/* :id */
extern const struct route_loader learn_earner_public;		/* :slug */

/* --- trainings (training*.c, training.h) --- */

/* What happened in a region's trainings and badges from `from` to `to`
 * (UTC seconds, to excluded): trainings made, enrolments, completions,
 * tests passed, badges awarded and revoked (whenever awarded); and the
 * region's trainings whenever made (0: trainings are not in use there).
 * For the statistics module's period report.  0 or -1. */
struct learning_figures {
	int64_t trainings, enrolments, completions, tests_passed;
	int64_t badges_awarded, badges_revoked;
	int64_t trainings_total;
};
int learning_period_figures(struct db *db, int64_t region_id, int64_t from,
    int64_t to, struct learning_figures *out);

extern const struct route_loader learn_training_staff;		/* :id */
extern const struct route_loader learn_training_managed;	/* :id */
extern const struct route_loader learn_training_question_managed; /* :qid */

void learn_trainings(struct request *r);	/* /:lang/staff/trainings */
void learn_training_new(struct request *r);	/* .../trainings/new */
void learn_training_question_edit(struct request *r);	/* .../questions/:qid */
void learn_training_question_update(struct request *r);	/* POST the same */
void learn_training_create(struct request *r);	/* POST .../trainings */
void learn_training_show(struct request *r);	/* .../trainings/:id */
void learn_training_edit(struct request *r);	/* .../:id/edit */
void learn_training_update(struct request *r);	/* POST the same */
void learn_training_question(struct request *r);	/* POST .../:id/questions */
void learn_training_question_delete_confirm(struct request *r);	/* .../questions/:qid/delete */
void learn_training_question_delete(struct request *r);	/* POST the same */
void learn_training_session(struct request *r);	/* POST .../:id/sessions */
void learn_training_material(struct request *r);	/* POST .../:id/materials */
void learn_training_enrol(struct request *r);	/* POST .../:id/enrol */
void learn_training_withdraw_confirm(struct request *r);	/* .../:id/withdraw */
void learn_training_withdraw(struct request *r);	/* POST the same */
void learn_training_enrol_other(struct request *r);	/* POST .../:id/enrolments */
void learn_training_complete(struct request *r);	/* POST .../:id/complete */
void learn_test(struct request *r);		/* .../:id/test */
void learn_test_start(struct request *r);	/* POST the same */
void learn_test_answer(struct request *r);	/* POST .../:id/test/answers */
void learn_test_result(struct request *r);	/* .../:id/test/result */

/* --- demo (demo.c) --- */

/* "Digituen perusteet" in fi/sv/en and a few awards in region, one
 * revoked, in the caller's transaction.  0 or -1. */
int learning_demo_load(struct db *db, int64_t region, int64_t now);

/* The "Digituen perusteet" training (training_demo.c): its 10-question
 * test in fi/sv/en awarding `achievement` and a material.  0 or -1. */
int learning_demo_training(struct db *db, int64_t region, int64_t achievement,
    int64_t now);

/* --- handlers: machine-readable documents (docs.c) --- */

void learn_did(struct request *r);		/* /.well-known/did.json */
void learn_ob2_issuer(struct request *r);	/* /badges/issuer */
void learn_ob2_revocations(struct request *r);	/* /badges/revocations */
void learn_status_list(struct request *r);	/* /badges/status/:list */
void learn_image(struct request *r);		/* /badges/images/:id */
void learn_ob3_achievement(struct request *r);	/* /badges/achievements/:id/:locale */
void learn_ob2_class(struct request *r);	/* /badges/classes/:id/:locale */
void learn_ob3_json(struct request *r);		/* /badges/credentials/:uuid */
void learn_ob3_jwt(struct request *r);		/* .../:uuid/jwt */
void learn_ob3_png(struct request *r);		/* .../:uuid/badge.png */
void learn_ob3_svg(struct request *r);		/* .../:uuid/badge.svg */
void learn_ob2_assertion(struct request *r);	/* /badges/assertions/:uuid */
void learn_ob2_png(struct request *r);		/* .../:uuid/badge.png */
void learn_ob2_svg(struct request *r);		/* .../:uuid/badge.svg */

/* --- handlers: pages (pages.c, staff.c) --- */

void learn_verify(struct request *r);		/* /:lang/badges/:uuid */
void learn_earner(struct request *r);		/* /:lang/badges/earners/:slug */
void learn_mine(struct request *r);		/* /:lang/account/badges */
void learn_consent(struct request *r);		/* POST the same: give */
void learn_withdraw_confirm(struct request *r);	/* .../badges/withdraw */
void learn_withdraw(struct request *r);		/* POST the same */
void learn_manage(struct request *r);		/* /:lang/staff/badges */
void learn_new(struct request *r);
void learn_create(struct request *r);
void learn_edit(struct request *r);		/* /:lang/staff/badges/:id */
void learn_update(struct request *r);
void learn_award_form(struct request *r);	/* .../:id/award */
void learn_award(struct request *r);
void learn_revoke_form(struct request *r);	/* .../awards/:id/revoke */
void learn_revoke(struct request *r);
void learn_keys(struct request *r);		/* /:lang/staff/badges/keys */
void learn_keys_rotate(struct request *r);	/* POST the same */

#endif

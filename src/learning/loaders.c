/*
 * loaders.c - the achievement or award a route names (http/router.h).
 * The guard runs these before the handler and answers 404 when there is
 * none or the scope rule refuses it.
 */
#include <string.h>

#include "auth/policy.h"
#include "db/rows.h"
#include "http/parse.h"
#include "learning/learning.h"
#include "learning/training.h"

static int
load_achievement(struct request *r, bool public, void **obj,
    struct object_scope *scope)
{
	struct achievement *ac = arena_calloc(&r->arena, 1, sizeof(*ac));
	struct db *db;
	int64_t id;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	if ((rc = learn_store_achievement(db, &r->arena, id, ac)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	scope->region_id = ac->region_id;
	scope->published = public;
	*obj = ac;
	return 0;
}

static int
load_achievement_public(struct request *r, void **obj,
    struct object_scope *scope)
{
	return load_achievement(r, true, obj, scope);
}

static int
load_achievement_managed(struct request *r, void **obj,
    struct object_scope *scope)
{
	return load_achievement(r, false, obj, scope);
}

/* An award by the UUID of its public URLs: whoever knows it. */
static int
load_award_public(struct request *r, void **obj, struct object_scope *scope)
{
	struct award_full *f = arena_calloc(&r->arena, 1, sizeof(*f));
	const char *uuid = request_param(r, "uuid");
	struct db *db;
	int rc;

	if (!learn_uuid_valid(uuid))
		return 1;
	if ((db = request_db(r)) == NULL)
		return -1;
	if ((rc = learn_store_award_by_uuid(db, &r->arena, uuid, f)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	scope->region_id = f->aw.region_id;
	scope->published = true;
	*obj = f;
	return 0;
}

/* An award by its row id, for those who manage its achievement's region. */
static int
load_award_managed(struct request *r, void **obj, struct object_scope *scope)
{
	struct award_full *f = arena_calloc(&r->arena, 1, sizeof(*f));
	struct db *db;
	int64_t id;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	if ((rc = learn_store_award(db, &r->arena, id, &f->aw)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	if (learn_store_achievement(db, &r->arena, f->aw.achievement_id,
	    &f->ac) != 0)
		return -1;
	scope->region_id = f->aw.region_id;
	*obj = f;
	return 0;
}

/* A status list in use, by its number: whoever asks. */
static int
load_status_list(struct request *r, void **obj, struct object_scope *scope)
{
	int64_t *list = arena_calloc(&r->arena, 1, sizeof(*list)), max;
	struct db *db;
	int rc;

	if ((rc = route_id(r, &db, list)) != 0)
		return rc;
	if (learn_store_status_lists(db, &max) != 0)
		return -1;
	if (*list < 1 || *list > max)
		return 1;
	scope->published = true;
	*obj = list;
	return 0;
}

/* The account whose consented public page a slug is: whoever knows it. */
static int
load_earner(struct request *r, void **obj, struct object_scope *scope)
{
	int64_t *account = arena_calloc(&r->arena, 1, sizeof(*account));
	const char *slug = request_param(r, "slug");
	struct db *db;
	int rc;

	(void)scope;
	if (slug == NULL || strlen(slug) != 22)
		return 1;
	if ((db = request_db(r)) == NULL)
		return -1;
	if ((rc = learn_store_consent_account(db, slug, account)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	*obj = account;
	return 0;
}

const struct route_loader learn_status_list_public = {
	"badge-status-list", load_status_list, SCOPE_ANYONE
};
const struct route_loader learn_earner_public = {
	"badge-earner", load_earner, SCOPE_ANYONE
};

const struct route_loader learn_achievement_public = {
	"achievement", load_achievement_public, SCOPE_PUBLISHED
};
const struct route_loader learn_achievement_managed = {
	"achievement-managed", load_achievement_managed, SCOPE_MANAGED
};
const struct route_loader learn_award_public = {
	"badge-award", load_award_public, SCOPE_ANYONE
};
const struct route_loader learn_award_managed = {
	"badge-award-managed", load_award_managed, SCOPE_MANAGED
};

/* --- trainings --- */

/* A training: every staff member (the route's ACT_TRAININGS) may see it
 * and take part; only those who manage its region may change it. */
static int
load_training(struct request *r, bool staff, void **obj,
    struct object_scope *scope)
{
	struct training *t = arena_calloc(&r->arena, 1, sizeof(*t));
	struct db *db;
	int64_t id;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	if ((rc = train_store_get(db, &r->arena, id, t)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	scope->region_id = t->region_id;
	scope->published = staff;
	*obj = t;
	return 0;
}

static int
load_training_staff(struct request *r, void **obj, struct object_scope *scope)
{
	return load_training(r, true, obj, scope);
}

static int
load_training_managed(struct request *r, void **obj,
    struct object_scope *scope)
{
	return load_training(r, false, obj, scope);
}

/* A question of a training (:id, :qid), for those who manage its
 * region. */
static int
load_training_question(struct request *r, void **obj,
    struct object_scope *scope)
{
	struct train_question_target *x = arena_calloc(&r->arena, 1,
	    sizeof(*x));
	struct train_question *q;
	const char *qs = request_param(r, "qid");
	struct db *db;
	int64_t id, qid;
	size_t n, i;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	if (qs == NULL || id_parse(qs, &qid) != 0)
		return 1;
	if ((rc = train_store_get(db, &r->arena, id, &x->t)) != 0)
		return rc == DB_MISSING ? 1 : -1;
	if (train_store_questions(db, &r->arena, id, &q, &n) != 0)
		return -1;
	for (i = 0; i < n && q[i].id != qid; i++)
		;
	if (i == n)
		return 1;
	x->q = q[i];
	scope->region_id = x->t.region_id;
	*obj = x;
	return 0;
}

const struct route_loader learn_training_question_managed = {
	"training-question", load_training_question, SCOPE_MANAGED
};
const struct route_loader learn_training_staff = {
	"training", load_training_staff, SCOPE_PUBLISHED
};
const struct route_loader learn_training_managed = {
	"training-managed", load_training_managed, SCOPE_MANAGED
};

/*
 * loaders.c - the post a route names by :id (http/router.h).  The guard
 * runs these before the handler and answers 404 when there is no such
 * post or the scope rule refuses it.
 */
#include "auth/policy.h"
#include "base/time.h"
#include "db/rows.h"
#include "http/parse.h"
#include "news/news.h"

/*
 * The post of :id: 0 with *obj and *scope filled, 1 none, -1 error.
 *
 * It reads through request_db(r), in the page's snapshot.
 */
static int
load(struct request *r, bool public_only, void **obj,
    struct object_scope *scope)
{
	struct news_post *p = arena_alloc(&r->arena, sizeof(*p));
	struct db *db;
	int64_t id;
	int rc;

	if ((rc = route_id(r, &db, &id)) != 0)
		return rc;
	rc = public_only ? news_store_get_public(db, &r->arena, r->lang, id,
	    time_now(), p) : news_store_get(db, &r->arena, r->lang, id, p);
	if (rc != 0)
		return rc == DB_MISSING ? 1 : -1;
	*obj = p;
	scope->region_id = p->region_id;
	scope->published = public_only;
	return 0;
}

static int
load_public(struct request *r, void **obj, struct object_scope *scope)
{
	return load(r, true, obj, scope);
}

static int
load_managed(struct request *r, void **obj, struct object_scope *scope)
{
	return load(r, false, obj, scope);
}

/*
 * SCOPE_PUBLISHED would also show the region's editors a post that is not
 * public yet; the public page never did (it is micro-cached, and editors
 * have the preview), so this loader finds public posts only.
 */
const struct route_loader news_post_public = {
	"news-post", load_public, SCOPE_PUBLISHED
};

const struct route_loader news_post_managed = {
	"news-post-managed", load_managed, SCOPE_MANAGED
};

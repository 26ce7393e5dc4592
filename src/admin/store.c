/*
 * store.c - queries of the administration pages.
 *
 * The account, audit_log and feedback tables belong to the auth and
 * feedback modules; what is here are the read-only listings those modules
 * do not offer (all accounts with their scopes, the filtered audit log, the
 * feedback inbox) and the one write they lack (the active flag).  Every
 * value is a bound parameter; optional filters are written as
 * "(?n IS NULL OR column = ?n)" so each query is one cached statement.
 */
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"

static int
store_account_cmp(const void *x, const void *y)
{
	const struct admin_account *a = x, *b = y;

	return strcmp(a->email, b->email);
}

/*
 * Two statements: the accounts in id order, then every municipality scope
 * in account order, merged in one pass; the list is then sorted by
 * address for the page.  Staff accounts number in the hundreds, so the
 * whole list is read and the caller filters it with the policy.
 */
int
admin_accounts(struct db *db, struct arena *a, struct admin_account **out,
    size_t *n)
{
	struct admin_account *v = NULL;
	struct db_stmt *st;
	size_t cap = 0, i = 0, scap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT id, email, name, role, region_id, "
	    "municipality_code, active, password_hash IS NOT NULL, created_at, "
	    "last_login_at FROM account WHERE erased_at IS NULL ORDER BY id");
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		struct admin_account *x;

		v = arena_grow(a, v, *n, &cap, sizeof(*v));
		x = &v[(*n)++];
		x->id = db_col_int64(st, 0);
		x->email = db_col_dup(st, a, 1);
		x->name = db_col_dup(st, a, 2);
		if (role_parse(db_col_text(st, 3), &x->role) != 0)
			x->role = ROLE_PUBLIC;
		x->region_id = db_col_is_null(st, 4) ? 0 : db_col_int64(st, 4);
		x->municipality = db_col_is_null(st, 5) ? NULL :
		    db_col_dup(st, a, 5);
		x->active = db_col_int64(st, 6) != 0;
		x->has_password = db_col_int64(st, 7) != 0;
		x->created_at = db_col_int64(st, 8);
		x->last_login_at = db_col_is_null(st, 9) ? 0 :
		    db_col_int64(st, 9);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;

	st = db_prepare(db, "SELECT s.account_id, s.ref FROM account_scope s "
	    "JOIN account a ON a.id = s.account_id WHERE a.erased_at IS NULL "
	    "AND s.kind = 'municipality' ORDER BY s.account_id, s.ref");
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int64(st, 0);

		while (i < *n && v[i].id < id) {
			i++;
			scap = 0;
		}
		if (i == *n || v[i].id != id)
			continue;
		v[i].scopes = arena_grow(a, v[i].scopes, v[i].nscopes, &scap,
		    sizeof(*v[i].scopes));
		v[i].scopes[v[i].nscopes++] = db_col_dup(st, a, 1);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (*n > 1)
		qsort(v, *n, sizeof(*v), store_account_cmp);
	*out = v;
	return 0;
}

int
admin_account_set_active(struct db *db, int64_t id, bool active)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE account SET active = ?2 WHERE id = ?1 AND "
	    "erased_at IS NULL");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, active ? 1 : 0);
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int
admin_account_has_password(struct db *db, int64_t id)
{
	struct db_stmt *st;
	int rc, has = 0;

	st = db_prepare(db, "SELECT password_hash IS NOT NULL FROM account "
	    "WHERE id = ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		has = db_col_int64(st, 0) != 0;
	db_done(st);
	return rc == DB_ROW ? has : rc == DB_DONE ? 0 : -1;
}

/* Counted inside the caller's write transaction, so two administrators
 * demoting each other at the same moment cannot both pass the check. */
int64_t
admin_other_active_admins(struct db *db, int64_t except)
{
	struct db_stmt *st;
	int64_t count = -1;

	st = db_prepare(db, "SELECT COUNT(*) FROM account WHERE role = 'admin' "
	    "AND active = 1 AND erased_at IS NULL AND id <> ?1");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, except);
	if (db_step(st) == DB_ROW)
		count = db_col_int64(st, 0);
	db_done(st);
	return count;
}

/* "%" + s + "%" with LIKE's own wildcards escaped by a backslash, so an
 * address filter matches the text as written. */
static const char *
store_like_pattern(struct arena *a, const char *s)
{
	size_t n = strlen(s), i, j = 0;
	char *p = arena_alloc(a, 2 * n + 3);

	p[j++] = '%';
	for (i = 0; i < n; i++) {
		if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
			p[j++] = '\\';
		p[j++] = s[i];
	}
	p[j++] = '%';
	p[j] = '\0';
	return p;
}

/*
 * A coordinator's view (region_id set) joins the acting account and keeps
 * only its region's actors, which also hides command-line entries
 * (account_id NULL).  The address filter is a substring match, so
 * "@espoo.fi" finds a whole organisation.  An erased account shows no
 * address.
 */
int
admin_audit_list(struct db *db, struct arena *a,
    const struct admin_audit_filter *f, int64_t offset, size_t limit,
    struct admin_audit_row **out, size_t *n)
{
	struct admin_audit_row *v = NULL;
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT l.id, l.at, l.account_id, CASE WHEN "
	    "a.erased_at IS NULL THEN COALESCE(a.email, '') ELSE '' END, "
	    "l.action, l.object_type, l.object_id, l.detail, l.address "
	    "FROM audit_log l LEFT JOIN account a ON a.id = l.account_id "
	    "WHERE (?1 IS NULL OR a.email LIKE ?1 ESCAPE '\\') "
	    "AND (?2 IS NULL OR l.action = ?2) "
	    "AND (?3 IS NULL OR l.object_type = ?3) "
	    "AND (?4 IS NULL OR l.object_id = ?4) "
	    "AND (?5 IS NULL OR l.at >= ?5) "
	    "AND (?6 IS NULL OR l.at < ?6) "
	    "AND (?7 IS NULL OR a.region_id = ?7) "
	    "ORDER BY l.at DESC, l.id DESC LIMIT ?8 OFFSET ?9");
	if (st == NULL)
		return -1;
	db_bind_cstr(st, 1, f->email && f->email[0] ?
	    store_like_pattern(a, f->email) : NULL);
	db_bind_cstr(st, 2, f->action && f->action[0] ? f->action : NULL);
	db_bind_cstr(st, 3, f->object_type && f->object_type[0] ?
	    f->object_type : NULL);
	db_bind_cstr(st, 4, f->object_id && f->object_id[0] ?
	    f->object_id : NULL);
	if (f->from)
		db_bind_int64(st, 5, f->from);
	else
		db_bind_null(st, 5);
	if (f->until)
		db_bind_int64(st, 6, f->until);
	else
		db_bind_null(st, 6);
	if (f->region_id)
		db_bind_int64(st, 7, f->region_id);
	else
		db_bind_null(st, 7);
	db_bind_int64(st, 8, (int64_t)limit);
	db_bind_int64(st, 9, offset);
	while ((rc = db_step(st)) == DB_ROW) {
		struct admin_audit_row *x;

		v = arena_grow(a, v, *n, &cap, sizeof(*v));
		x = &v[(*n)++];
		x->e.id = db_col_int64(st, 0);
		x->e.at = db_col_int64(st, 1);
		x->has_account = !db_col_is_null(st, 2);
		x->e.account_id = x->has_account ? db_col_int64(st, 2) : 0;
		x->e.account_email = db_col_dup(st, a, 3);
		x->e.action = db_col_dup(st, a, 4);
		x->e.object_type = db_col_dup(st, a, 5);
		x->e.object_id = db_col_dup(st, a, 6);
		x->e.detail = db_col_dup(st, a, 7);
		x->e.address = db_col_dup(st, a, 8);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*out = v;
	return 0;
}

int
admin_feedback_list(struct db *db, struct arena *a, int64_t offset,
    size_t limit, struct admin_feedback_row **out, size_t *n)
{
	struct admin_feedback_row *v = NULL;
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT id, created_at, lang, page, message, contact "
	    "FROM feedback ORDER BY created_at DESC, id DESC LIMIT ?1 OFFSET ?2");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, (int64_t)limit);
	db_bind_int64(st, 2, offset);
	while ((rc = db_step(st)) == DB_ROW) {
		struct admin_feedback_row *x;

		v = arena_grow(a, v, *n, &cap, sizeof(*v));
		x = &v[(*n)++];
		x->id = db_col_int64(st, 0);
		x->created_at = db_col_int64(st, 1);
		x->lang = db_col_dup(st, a, 2);
		x->page = db_col_dup(st, a, 3);
		x->message = db_col_dup(st, a, 4);
		x->contact = db_col_dup(st, a, 5);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*out = v;
	return 0;
}

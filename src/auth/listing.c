/*
 * listing.c - the lists of the administration pages over auth's own
 * tables: accounts with their scopes, the filtered audit log, and the
 * active flag.  (They were the admin module's store; the tables are
 * auth's, so the SQL lives here and admin calls these functions.)  Every
 * value is a bound parameter; optional filters are written as
 * "(column = ?n OR ?n IS NULL)" so each query is one cached statement
 * (the typed use first, for PostgreSQL; see src/db/migrate.c).
 */
#include <stdlib.h>
#include <string.h>

#include "auth/account.h"
#include "auth/audit.h"
#include "db/rows.h"

static int
store_account_cmp(const void *x, const void *y)
{
	const struct account_entry *a = x, *b = y;

	return strcmp(a->email, b->email);
}

static int
store_account_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct account_entry *x = out;

	db_cols(st, a, 0, DB_COLS(db_as_int(&x->id), db_as_str(&x->email),
	    db_as_str(&x->name)));
	if (role_parse(db_col_text(st, 3), &x->role) != 0)
		x->role = ROLE_PUBLIC;
	x->region_id = db_col_int64(st, 4);
	x->municipality = db_col_is_null(st, 5) ? NULL : db_col_dup(st, a, 5);
	x->active = db_col_int64(st, 6) != 0;
	x->has_password = db_col_int64(st, 7) != 0;
	x->created_at = db_col_int64(st, 8);
	x->last_login_at = db_col_int64(st, 9);
	return 0;
}

/* One municipality scope of an account. */
struct store_scope {
	int64_t account_id;
	const char *code;
};

static int
store_scope_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct store_scope *x = out;

	x->account_id = db_col_int64(st, 0);
	x->code = db_col_dup(st, a, 1);
	return 0;
}

/*
 * Two statements: the accounts in id order, then their municipality
 * scopes in account order, merged in one pass; the list is then sorted by
 * address for the page.  Staff accounts number in the hundreds.
 */
int
account_list_in(struct db *db, struct arena *a, int64_t region_filter,
    struct account_entry **out, size_t *n)
{
	struct account_entry *v;
	struct store_scope *s;
	size_t ns, i = 0, j, cap = 0;

	v = db_rows(db, a, "SELECT id, email, name, role, region_id, "
	    "municipality_code, active, password_hash IS NOT NULL, created_at, "
	    "last_login_at FROM account WHERE erased_at IS NULL "
	    "AND (?1 = 0 OR region_id = ?1) ORDER BY id",
	    DB_ARGS(db_int(region_filter)), store_account_row, sizeof(*v), n);
	s = v == NULL ? NULL : db_rows(db, a, "SELECT s.account_id, s.ref "
	    "FROM account_scope s JOIN account a ON a.id = s.account_id "
	    "WHERE a.erased_at IS NULL AND s.kind = 'municipality' "
	    "AND (?1 = 0 OR a.region_id = ?1) ORDER BY s.account_id, s.ref",
	    DB_ARGS(db_int(region_filter)), store_scope_row, sizeof(*s), &ns);
	if (s == NULL)
		return -1;
	for (j = 0; j < ns; j++) {
		while (i < *n && v[i].id < s[j].account_id) {
			i++;
			cap = 0;
		}
		if (i == *n || v[i].id != s[j].account_id)
			continue;
		v[i].scopes = arena_grow(a, v[i].scopes, v[i].nscopes, &cap,
		    sizeof(*v[i].scopes));
		v[i].scopes[v[i].nscopes++] = s[j].code;
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), store_account_cmp);
	*out = v;
	return 0;
}

int
account_list(struct db *db, struct arena *a, struct account_entry **out,
    size_t *n)
{
	return account_list_in(db, a, 0, out, n);
}

int
account_set_active(struct db *db, int64_t id, bool active)
{
	return db_run(db, "UPDATE account SET active = ?2 WHERE id = ?1 AND "
	    "erased_at IS NULL", DB_ARGS(db_int(id), db_int(active ? 1 : 0)),
	    NULL) == 0 ? 0 : -1;
}

/* Counted inside the caller's write transaction, so two administrators
 * demoting each other at the same moment cannot both pass the check. */
int64_t
account_other_active_admins(struct db *db, int64_t except)
{
	int64_t count;

	if (db_int64(db, "SELECT COUNT(*) FROM account WHERE role = 'admin' "
	    "AND active = 1 AND erased_at IS NULL AND id <> ?1",
	    DB_ARGS(db_int(except)), &count) != 0)
		return -1;
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

static int
store_audit_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct audit_row *x = out;

	x->e.id = db_col_int64(st, 0);
	x->e.at = db_col_int64(st, 1);
	x->has_account = !db_col_is_null(st, 2);
	x->e.account_id = x->has_account ? db_col_int64(st, 2) : 0;
	db_cols(st, a, 3, DB_COLS(db_as_str(&x->e.account_email),
	    db_as_str(&x->e.action), db_as_str(&x->e.object_type),
	    db_as_str(&x->e.object_id), db_as_str(&x->e.detail),
	    db_as_str(&x->e.address)));
	x->from_cli = strcmp(x->e.address, "cli") == 0;
	return 0;
}

/* A filter value: NULL (no filter) when absent or empty. */
static struct db_arg
store_opt_text(const char *s)
{
	return s != NULL && s[0] != '\0' ? db_text(s) : db_null();
}

/*
 * A coordinator's view (region_id set) joins the acting account and keeps
 * only its region's actors, which also hides command-line entries
 * (account_id NULL).  The address filter is a substring match, so
 * "@espoo.fi" finds a whole organisation.  An erased account shows no
 * address.
 */
#define AUDIT_LIST(cmp, order) "SELECT l.id, l.at, l.account_id, " \
	"CASE WHEN a.erased_at IS NULL THEN COALESCE(a.email, '') ELSE '' " \
	"END, l.action, l.object_type, l.object_id, l.detail, l.address " \
	"FROM audit_log l LEFT JOIN account a ON a.id = l.account_id " \
	"WHERE (a.email LIKE ?1 ESCAPE '\\' OR ?1 IS NULL) " \
	"AND (l.action = ?2 OR ?2 IS NULL) " \
	"AND (l.object_type = ?3 OR ?3 IS NULL) " \
	"AND (l.object_id = ?4 OR ?4 IS NULL) " \
	"AND (l.at >= ?5 OR ?5 IS NULL) " \
	"AND (l.at < ?6 OR ?6 IS NULL) " \
	"AND (?7 = 0 OR a.region_id = ?7) " \
	"AND (l.at, l.id) " cmp " (?9, ?10) " \
	"ORDER BY l.at " order ", l.id " order " LIMIT ?8"

int
audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
    int dir, int64_t at, int64_t id, size_t limit, struct audit_row **out,
    size_t *n)
{
	struct audit_row t;
	size_t i;

	/* Newer than the cursor: read upwards from it, then turn round. */
	*out = db_rows(db, a, dir < 0 ? AUDIT_LIST(">", "ASC") :
	    AUDIT_LIST("<", "DESC"),
	    DB_ARGS(f->email && f->email[0] ?
	    db_text(store_like_pattern(a, f->email)) : db_null(),
	    store_opt_text(f->action), store_opt_text(f->object_type),
	    store_opt_text(f->object_id),
	    f->from ? db_int(f->from) : db_null(),
	    f->until ? db_int(f->until) : db_null(),
	    db_int(f->region_id), db_int(limit),
	    db_int(dir != 0 ? at : INT64_MAX), db_int(dir != 0 ? id : INT64_MAX)),
	    store_audit_row, sizeof(**out), n);
	if (*out == NULL)
		return -1;
	for (i = 0; dir < 0 && i < *n / 2; i++) {
		t = (*out)[i];
		(*out)[i] = (*out)[*n - 1 - i];
		(*out)[*n - 1 - i] = t;
	}
	return 0;
}

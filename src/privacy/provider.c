/*
 * provider.c - the helpers privacy providers share: binding, counted
 * changes and rows as JSON.  No SQL of its own: the statements are the
 * providers'.
 */
#include <jansson.h>
#include <time.h>

#include "db/rows.h"
#include "privacy/provider.h"

/* The arguments privacy_prepare() binds, into args[3]: their number. */
static size_t
privacy_args(struct db_arg *args, int nint, int64_t i1, int64_t i2,
    const char *text)
{
	size_t n = 0;

	if (nint >= 1)
		args[n++] = db_int(i1);
	if (nint >= 2)
		args[n++] = db_int(i2);
	if (text != NULL)
		args[n++] = db_text(text);
	return n;
}

struct db_stmt *
privacy_prepare(struct db *db, const char *sql, int nint, int64_t i1,
    int64_t i2, const char *text)
{
	struct db_arg args[3];

	return db_query(db, sql, args, privacy_args(args, nint, i1, i2, text));
}

int
privacy_exec(struct db *db, const char *sql, int nint, int64_t i1, int64_t i2,
    const char *text)
{
	struct db_arg args[3];

	return db_run(db, sql, args, privacy_args(args, nint, i1, i2, text),
	    NULL) == 0 ? 0 : -1;
}

int
privacy_change(struct db *db, const char *count_sql, const char *change_sql,
    int nint, int64_t i1, int64_t i2, int64_t *n)
{
	struct db_arg args[3];
	int64_t k;

	if (db_int64(db, count_sql, args, privacy_args(args, nint, i1, i2, NULL),
	    &k) != 0)
		return -1;
	if (k == 0)
		return 0;
	*n += k;
	return privacy_exec(db, change_sql, nint, i1, i2, NULL);
}

json_t *
privacy_json_time(int64_t t)
{
	char s[32];
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return json_null();
	return json_string(s);
}

/* Text that is not UTF-8 (never written by this program) becomes null
 * rather than breaking the whole document. */
json_t *
privacy_row(struct db_stmt *st, const struct privacy_col *cols)
{
	json_t *o = json_object(), *v;
	int i;

	if (o == NULL)
		return NULL;
	for (i = 0; cols[i].key != NULL; i++) {
		if (db_col_is_null(st, i))
			v = json_null();
		else if (cols[i].kind == PRIVACY_TEXT) {
			v = json_stringn(db_col_text(st, i), db_col_len(st, i));
			if (v == NULL)
				v = json_null();
		} else if (cols[i].kind == PRIVACY_TIME)
			v = privacy_json_time(db_col_int64(st, i));
		else if (cols[i].kind == PRIVACY_BOOL)
			v = json_boolean(db_col_int64(st, i) != 0);
		else
			v = json_integer(db_col_int64(st, i));
		if (json_object_set_new(o, cols[i].key, v) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

int
privacy_section(json_t *doc, const char *key, struct db_stmt *st,
    const struct privacy_col *cols)
{
	json_t *arr, *o;
	int rc;

	if (st == NULL)
		return -1;
	if ((arr = json_array()) == NULL) {
		db_done(st);
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if ((o = privacy_row(st, cols)) == NULL ||
		    json_array_append_new(arr, o) != 0) {
			rc = DB_ERROR;
			break;
		}
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(arr);
		return -1;
	}
	/* json_object_set_new() takes the value even when it fails. */
	return json_object_set_new(doc, key, arr) != 0 ? -1 : 0;
}

/*
 * provider.c - the helpers privacy providers share: binding, counted
 * changes, rows as JSON and the events they name.  No SQL of its own: the
 * statements are the providers'.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "db/rows.h"
#include "events/events.h"
#include "network/network.h"
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

/* The copy of o with the event's name and start after "event_id". */
static json_t *
privacy_named(json_t *o, const char *title, int64_t starts_at,
    bool with_start)
{
	json_t *out = json_object(), *v;
	const char *key;

	if (out == NULL)
		return NULL;
	json_object_foreach(o, key, v) {
		if (json_object_set(out, key, v) != 0)
			goto fail;
		if (strcmp(key, "event_id") != 0)
			continue;
		if (json_object_set_new(out, "event", json_string(title)) != 0 ||
		    (with_start && json_object_set_new(out, "event_starts_at",
		    starts_at != 0 ? privacy_json_time(starts_at) :
		    json_null()) != 0))
			goto fail;
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

int
privacy_name_events(struct db *db, json_t *rows, bool with_start)
{
	struct arena a;
	json_t *o, *named;
	size_t i, k, nseen = 0;
	int64_t *ids = NULL, *starts = NULL;
	const char **titles = NULL;
	int rc = 0;

	arena_init(&a);
	if (json_array_size(rows) > 0) {
		ids = arena_alloc(&a, json_array_size(rows) * sizeof(*ids));
		starts = arena_alloc(&a, json_array_size(rows) *
		    sizeof(*starts));
		titles = arena_alloc(&a, json_array_size(rows) *
		    sizeof(*titles));
	}
	json_array_foreach(rows, i, o) {
		json_t *id = json_object_get(o, "event_id");

		if (!json_is_integer(id))
			continue;
		for (k = 0; k < nseen; k++)
			if (ids[k] == json_integer_value(id))
				break;
		if (k == nseen) {
			ids[k] = json_integer_value(id);
			/* An event gone since: named as nothing. */
			switch (events_name(db, &a, ids[k], &titles[k],
			    &starts[k])) {
			case 0:
				break;
			case DB_MISSING:
				titles[k] = "";
				starts[k] = 0;
				break;
			default:
				rc = -1;
				goto done;
			}
			nseen++;
		}
		named = privacy_named(o, titles[k], starts[k], with_start);
		if (named == NULL || json_array_set_new(rows, i, named) != 0) {
			rc = -1;
			goto done;
		}
	}
done:
	arena_cleanup(&a);
	return rc;
}

int
privacy_name_region(struct db *db, json_t *o, const char *key)
{
	json_t *id = json_object_get(o, key);
	struct region_info r;
	struct arena a;
	int rc;

	if (!json_is_integer(id))
		return json_object_set_new(o, key, json_null()) == 0 ? 0 : -1;
	arena_init(&a);
	rc = network_region_by_id(db, &a, LANG_FI, json_integer_value(id), &r);
	if (rc == 0)
		rc = json_object_set_new(o, key, json_string(r.code));
	else if (rc == DB_MISSING)
		rc = json_object_set_new(o, key, json_null());
	arena_cleanup(&a);
	return rc == 0 ? 0 : -1;
}

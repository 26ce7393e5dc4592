/*
 * test_workspace.c - the sparring workspace's store (src/programme/store.c)
 * and the reminders (src/programme/reminders.c) against a real SQLite file
 * under mkdtemp(): finding a workspace, the assessment upsert, sessions
 * kept to their workspace, an action's update writing its history, the
 * owner list, and reminders that are sent once, only to those who want
 * them, on the right days, in their language.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "auth/account.h"
#include "base/arena.h"
#include "base/settings.h"
#include "base/time.h"
#include "db/db.h"
#include "http/urls.h"
#include "tempdb.h"
#include "programme/reminders.h"
#include "programme/workspace.h"

struct fix {
	char dir[64];
	char path[96];
	struct db *db;
	struct arena a;
	int64_t ws;		/* Pornainen 2021 */
	int64_t ws_other;	/* Karkkila 2021 */
};

static void
exec_ok(struct db *db, const char *sql)
{
	if (db_exec(db, sql) != 0)
		fail_msg("%s: %s", sql, db_errmsg(db));
}

/* The first column of the first row as text (static buffer). */
static const char *
value(struct db *db, const char *sql)
{
	static char out[4096];
	struct db_stmt *st = db_prepare(db, sql);
	int rc;

	assert_non_null(st);
	out[0] = '\0';
	rc = db_step(st);
	assert_true(rc == DB_ROW || rc == DB_DONE);
	if (rc == DB_ROW)
		snprintf(out, sizeof(out), "%s", db_col_text(st, 0));
	db_done(st);
	return out;
}

static int64_t
count(struct db *db, const char *sql)
{
	return atoll(value(db, sql));
}

/* Helsinki noon of a YYYY-MM-DD day. */
static int64_t
day(const char *ymd)
{
	char s[32];
	int64_t t;

	snprintf(s, sizeof(s), "%s 12:00", ymd);
	assert_int_equal(time_parse_local(s, &t), 0);
	return t;
}

/*
 * A region with Pornainen (611), Karkkila (224) and Helsinki (091); the
 * 2021 period with workspaces for 611 and 224; two dimensions; accounts:
 *   1 municipal coordinator of 611, wants mail, Swedish
 *   2 tutor of 611 by scope, wants mail
 *   3 tutor of 611 by the 2021 assignment, does not want mail
 *   4 municipal coordinator of 611, deactivated
 *   5 municipal coordinator of 224, wants mail
 *   6 coordinator of the region
 */
static int
setup(void **state)
{
	struct fix *x = calloc(1, sizeof(*x));

	if (x == NULL)
		return -1;
	if (tempdb_open("workspace", x->dir, x->path, &x->db) != 0) {
		free(x);
		return -1;
	}
	arena_init(&x->a);
	exec_ok(x->db,
	    "INSERT INTO region (id, code, name_fi) VALUES (1, 'uusimaa', 'Uusimaa');"
	    "INSERT INTO municipality (code, region_id, name_fi, name_sv, language_status) VALUES"
	    " ('611', 1, 'Pornainen', 'Borgnäs', 'fi'),"
	    " ('224', 1, 'Karkkila', 'Högfors', 'fi'),"
	    " ('091', 1, 'Helsinki', 'Helsingfors', 'fi+sv');"
	    "INSERT INTO programme_period (id, region_id, year, format, starts_on, ends_on)"
	    " VALUES (1, 1, 2021, 'sparring', '2021-01-01', '2021-12-31');"
	    "INSERT INTO workspace (id, period_id, municipality_code, goals) VALUES"
	    " (1, 1, '611', '- tavoite'), (2, 1, '224', '');"
	    "INSERT INTO dimension (key, position, label_fi, label_sv, label_en, question_en) VALUES"
	    " ('network', 2, 'Verkosto', 'Nätverk', 'Network', 'Q2?'),"
	    " ('coordination', 1, 'Koordinointi', 'Koordinering', 'Coordination', 'Q1?');"
	    "INSERT INTO account (id, email, name, role, region_id, municipality_code, lang, notify, active, created_at) VALUES"
	    " (1, 'muni@example.fi', 'Maija', 'municipal-coordinator', 1, '611', 'sv', 1, 1, 0),"
	    " (2, 'tutor@example.fi', 'Tuula', 'tutor', 1, NULL, 'fi', 1, 1, 0),"
	    " (3, 'quiet@example.fi', '', 'tutor', 1, NULL, 'fi', 0, 1, 0),"
	    " (4, 'gone@example.fi', 'Gone', 'municipal-coordinator', 1, '611', 'fi', 1, 0, 0),"
	    " (5, 'karkkila@example.fi', 'Leena', 'municipal-coordinator', 1, '224', 'en', 1, 1, 0),"
	    " (6, 'coord@example.fi', 'Cora', 'coordinator', 1, NULL, 'fi', 1, 1, 0);"
	    "INSERT INTO account_scope (account_id, kind, ref) VALUES (2, 'municipality', '611');"
	    "INSERT INTO tutor_assignment (id, period_id, tutor_code, municipality_code) VALUES (1, 1, '091', '611');"
	    "INSERT INTO tutor_assignment_account (assignment_id, account_id) VALUES (1, 3);");
	x->ws = 1;
	x->ws_other = 2;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *x = *state;

	arena_cleanup(&x->a);
	tempdb_close(x->dir, x->db);
	free(x);
	return 0;
}

static void
test_find(void **state)
{
	struct fix *x = *state;
	struct ws_info w;
	struct ws_dimension *d;
	size_t n;

	assert_int_equal(workspace_find(x->db, &x->a, LANG_SV, 2021, "611",
	    &w), 0);
	assert_int_equal(w.id, 1);
	assert_string_equal(w.municipality, "Borgnäs");
	assert_string_equal(w.goals, "- tavoite");
	assert_string_equal(w.period_ends, "2021-12-31");
	assert_int_equal(w.region_id, 1);
	assert_int_equal(workspace_find(x->db, &x->a, LANG_EN, 2021, "611",
	    &w), 0);
	assert_string_equal(w.municipality, "Pornainen");
	/* No workspace for Helsinki, no period 2020. */
	assert_int_equal(workspace_find(x->db, &x->a, LANG_FI, 2021, "091",
	    &w), 1);
	assert_int_equal(workspace_find(x->db, &x->a, LANG_FI, 2020, "611",
	    &w), 1);
	/* Dimensions in position order, in the language asked. */
	assert_int_equal(workspace_dimensions(x->db, &x->a, LANG_SV, &d, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].key, "coordination");
	assert_string_equal(d[0].label, "Koordinering");
	assert_string_equal(d[1].question, "Q2?");
}

static void
test_assessment_upsert(void **state)
{
	struct fix *x = *state;
	struct ws_assessment *as;
	size_t n;

	assert_int_equal(workspace_assessment_save(x->db, x->ws, WS_START,
	    "network", 2, "alku", 1, 100), 0);
	assert_int_equal(workspace_assessment_save(x->db, x->ws, WS_END,
	    "network", 4, "", 2, 200), 0);
	/* Again for the same phase and dimension: replaced, not added. */
	assert_int_equal(workspace_assessment_save(x->db, x->ws, WS_START,
	    "network", 3, "uusi", 2, 300), 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM assessment"), 2);
	assert_string_equal(value(x->db, "SELECT score || '|' || note || '|' || "
	    "updated_at || '|' || updated_by FROM assessment WHERE phase = "
	    "'start'"), "3|uusi|300|2");
	assert_int_equal(workspace_assessments(x->db, &x->a, x->ws, &as, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(workspace_assessments(x->db, &x->a, x->ws_other, &as,
	    &n), 0);
	assert_int_equal(n, 0);
	/* The schema refuses what the page must never store. */
	assert_int_equal(workspace_assessment_save(x->db, x->ws, WS_START,
	    "network", 6, "", 1, 400), -1);
	assert_int_equal(workspace_assessment_save(x->db, x->ws, WS_START,
	    "nosuch", 3, "", 1, 400), -1);
	assert_int_equal(db_exec(x->db, "INSERT INTO assessment (workspace_id, "
	    "phase, dimension_key, score, note, updated_at) SELECT workspace_id, "
	    "'middle', 'network', 3, '', 400 FROM assessment LIMIT 1"), -1);
	assert_string_equal(value(x->db, "SELECT score FROM assessment WHERE "
	    "phase = 'start'"), "3");
}

static void
test_texts_and_sessions(void **state)
{
	struct fix *x = *state;
	struct ws_session s, *v;
	int64_t id;
	size_t n;

	assert_int_equal(workspace_texts_save(x->db, x->ws, NULL, "tulos"), 0);
	assert_string_equal(value(x->db, "SELECT goals || '|' || outcome FROM "
	    "workspace WHERE id = 1"), "- tavoite|tulos");
	assert_int_equal(workspace_texts_save(x->db, x->ws, "uusi", NULL), 0);
	assert_string_equal(value(x->db, "SELECT goals || '|' || outcome FROM "
	    "workspace WHERE id = 1"), "uusi|tulos");

	memset(&s, 0, sizeof(s));
	s.starts_at = day("2021-09-14");
	s.mode = SESSION_REMOTE;
	s.place = "Teams";
	s.participants = "A\nB";
	s.agenda = "- a";
	s.notes = "";
	id = workspace_session_add(x->db, x->ws, &s, 2, 1000);
	assert_true(id > 0);
	s.starts_at = day("2021-08-24");
	assert_true(workspace_session_add(x->db, x->ws, &s, 2, 1000) > id);
	assert_int_equal(workspace_sessions(x->db, &x->a, x->ws, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_true(v[0].starts_at < v[1].starts_at);	/* earliest first */
	assert_string_equal(v[1].participants, "A\nB");
	assert_int_equal(v[1].mode, SESSION_REMOTE);	/* parsed once */

	/* An update through another workspace changes nothing. */
	s.id = id;
	s.mode = SESSION_ON_SITE;
	assert_int_equal(workspace_session_update(x->db, x->ws_other, &s), 1);
	assert_string_equal(value(x->db, "SELECT group_concat(mode) FROM "
	    "sparring_session"), "remote,remote");
	assert_int_equal(workspace_session_update(x->db, x->ws, &s), 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM sparring_session "
	    "WHERE mode = 'on-site'"), 1);
}

static void
test_action_history(void **state)
{
	struct fix *x = *state;
	struct action_state st, want, out;
	struct ws_action *v;
	int64_t id;
	size_t n;

	id = workspace_action_add(x->db, x->ws, "Nimetään yhdyshenkilö", 1, "",
	    "2021-09-30", 0, 2, 1000);
	assert_true(id > 0);
	assert_int_equal(workspace_action_add(x->db, x->ws, "Ilman", 0,
	    "Kalle", NULL, 0, 2, 1001) > id, 1);
	/* The creation is the first line of the history. */
	assert_int_equal(count(x->db, "SELECT count(*) FROM action_history"), 2);
	assert_int_equal(workspace_action_state(x->db, x->ws, id, &st), 0);
	assert_int_equal(st.status, ACTION_PLANNED);
	assert_int_equal(st.progress, 0);
	/* Not an action of the other workspace. */
	assert_int_equal(workspace_action_state(x->db, x->ws_other, id, &st), 1);

	/* A change as the page makes it: through the rules. */
	want.status = ACTION_IN_PROGRESS;
	want.progress = 40;
	assert_null(action_apply(&st, &want, true, &out));
	assert_int_equal(workspace_action_update(x->db, id, &out, "alkoi", 1,
	    2000), 0);
	want.status = ACTION_DONE;
	assert_null(action_apply(&out, &want, false, &st));
	assert_int_equal(st.progress, 100);
	assert_int_equal(workspace_action_update(x->db, id, &st, "", 2, 3000), 0);

	assert_string_equal(value(x->db, "SELECT group_concat(status || ' ' || "
	    "progress || ' ' || note || ' ' || at || ' ' || account_id, ';') "
	    "FROM (SELECT * FROM action_history WHERE action_id = 1 ORDER BY "
	    "at)"), "planned 0  1000 2;in-progress 40 alkoi 2000 1;"
	    "done 100  3000 2");
	assert_string_equal(value(x->db, "SELECT status || ' ' || progress || "
	    "' ' || updated_at FROM action WHERE id = 1"), "done 100 3000");

	assert_int_equal(workspace_actions(x->db, &x->a, x->ws, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].title, "Nimetään yhdyshenkilö");	/* dated first */
	assert_string_equal(v[0].owner, "Maija");
	assert_int_equal(v[0].nhistory, 3);
	assert_int_equal(v[0].history[2].status, ACTION_DONE);
	assert_string_equal(v[0].history[1].who, "Maija");
	assert_string_equal(v[1].owner, "Kalle");
	assert_null(v[1].due_on);
	assert_int_equal(v[1].nhistory, 1);
}

static void
test_people_and_notify(void **state)
{
	struct fix *x = *state;
	struct ws_person *p;
	size_t n;

	/* Coordinator 1 (4 is deactivated), tutor 2 by scope, tutor 3 by
	 * assignment; not Karkkila's coordinator nor the region's. */
	assert_int_equal(workspace_people(x->db, &x->a, "611", 1, &p, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(p[0].id, 1);
	assert_int_equal(p[0].role, ROLE_MUNICIPAL);
	assert_string_equal(p[1].name, "Tuula");
	assert_string_equal(p[2].name, "quiet@example.fi");	/* no name */
	assert_int_equal(workspace_people(x->db, &x->a, "611", 99, &p, &n), 0);
	assert_int_equal(n, 2);

	assert_int_equal(account_notify(x->db, 3), 0);
	assert_int_equal(account_set_notify(x->db, 3, true), 0);
	assert_int_equal(account_notify(x->db, 3), 1);
	assert_int_equal(account_set_notify(x->db, 3, false), 0);
	assert_int_equal(account_notify(x->db, 3), 0);
}

/* Adds an action of workspace ws owned by account `owner` (0: a name). */
static int64_t
action(struct fix *x, int64_t ws, const char *title, int64_t owner,
    const char *due)
{
	int64_t id = workspace_action_add(x->db, ws, title, owner,
	    owner ? "" : "Someone", due, 0, 2, 1000);

	assert_true(id > 0);
	return id;
}

static void
test_reminders(void **state)
{
	static struct config cfg;	/* in use after the test returns */
	struct fix *x = *state;
	struct reminder_counts c;
	struct action_state done = { ACTION_DONE, 100 };
	int64_t soon, later, over, old, off, gone, closed;

	cfg = config_default;
	cfg.base_url = "https://digituki.example.fi";
	config_use(&cfg);
	soon = action(x, x->ws, "Due in 7 days", 1, "2021-10-13");
	later = action(x, x->ws, "Due in 8 days", 1, "2021-10-14");
	over = action(x, x->ws, "Due yesterday", 1, "2021-10-05");
	old = action(x, x->ws, "Due 31 days ago", 1, "2021-09-05");
	off = action(x, x->ws, "Owner wants no mail", 3, "2021-10-07");
	gone = action(x, x->ws, "Owner deactivated", 4, "2021-10-07");
	closed = action(x, x->ws, "Done already", 1, "2021-10-07");
	action(x, x->ws, "Owned by a name", 0, "2021-10-07");
	action(x, x->ws_other, "Karkkila's", 5, "2021-10-06");
	assert_int_equal(workspace_action_update(x->db, closed, &done, "", 1,
	    2000), 0);
	(void)gone;
	(void)off;

	/* Wednesday 6 October 2021: due-soon for 13.10. and Karkkila's (due
	 * today), overdue for 5.10.; the digest of week 40 to tutor 2 (3
	 * does not want mail). */
	assert_int_equal(reminders_run(x->db, day("2021-10-06"), &c), 0);
	assert_int_equal(c.due_soon, 2);
	assert_int_equal(c.overdue, 1);
	assert_int_equal(c.digests, 1);
	assert_int_equal(count(x->db, "SELECT count(*) FROM reminder_sent"), 3);
	assert_string_equal(value(x->db, "SELECT group_concat(account_id || ' ' "
	    "|| week) FROM digest_sent"), "2 2021-W40");
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox"), 4);
	/* Each in its owner's language, with a link to the action. */
	assert_string_equal(value(x->db, "SELECT subject FROM mail_outbox WHERE "
	    "to_addr = 'karkkila@example.fi'"), "Reminder: an action is due soon");
	assert_non_null(strstr(value(x->db, "SELECT body FROM mail_outbox WHERE "
	    "to_addr = 'karkkila@example.fi'"),
	    "https://digituki.example.fi/en/workspaces/2021/224#action-"));
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox WHERE "
	    "to_addr = 'muni@example.fi' AND body LIKE '%/sv/workspaces/2021/"
	    "611#action-%'"), 2);
	assert_non_null(strstr(value(x->db, "SELECT body FROM mail_outbox WHERE "
	    "to_addr = 'tutor@example.fi'"), "Due in 8 days"));
	assert_null(strstr(value(x->db, "SELECT body FROM mail_outbox WHERE "
	    "to_addr = 'tutor@example.fi'"), "Done already"));
	assert_null(strstr(value(x->db, "SELECT body FROM mail_outbox WHERE "
	    "to_addr = 'tutor@example.fi'"), "Karkkila's"));

	/* The same day again, and an hour later: nothing more. */
	assert_int_equal(reminders_run(x->db, day("2021-10-06"), &c), 0);
	assert_int_equal(c.due_soon + c.overdue + c.digests, 0);
	assert_int_equal(reminders_run(x->db, day("2021-10-06") + 3600, &c), 0);
	assert_int_equal(c.due_soon + c.overdue + c.digests, 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox"), 4);

	/* Thursday: 14.10. is now within a week, Karkkila's is overdue. */
	assert_int_equal(reminders_run(x->db, day("2021-10-07"), &c), 0);
	assert_int_equal(c.due_soon, 1);
	assert_int_equal(c.overdue, 1);
	assert_int_equal(c.digests, 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM reminder_sent WHERE "
	    "kind = 'due-soon'"), 3);

	/* Monday 11 October before 07:00: no digest yet; at noon it goes. */
	assert_int_equal(reminders_run(x->db, day("2021-10-11") - 6 * 3600,
	    &c), 0);
	assert_int_equal(c.digests, 0);
	assert_int_equal(reminders_run(x->db, day("2021-10-11"), &c), 0);
	assert_int_equal(c.digests, 1);

	/* 15 October: 13.10. and 14.10. are overdue now (once each); 5.9. was
	 * never worth an overdue reminder, and the opted-out, deactivated,
	 * done and name-only ones are never sent. */
	assert_int_equal(reminders_run(x->db, day("2021-10-15"), &c), 0);
	assert_int_equal(c.overdue, 2);
	{
		char sql[256];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM reminder_sent "
		    "WHERE action_id IN (%lld, %lld, %lld) AND kind = 'overdue'",
		    (long long)soon, (long long)later, (long long)over);
		assert_int_equal(count(x->db, sql), 3);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM reminder_sent "
		    "WHERE action_id = %lld", (long long)old);
		assert_int_equal(count(x->db, sql), 0);
	}
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox WHERE "
	    "to_addr IN ('quiet@example.fi', 'gone@example.fi')"), 0);

	/* A period that has ended gets no digest. */
	assert_int_equal(reminders_run(x->db, day("2022-01-11"), &c), 0);
	assert_int_equal(c.digests, 0);
}

/* A recipient who no longer works on the workspace gets nothing; opting
 * out stops the digest too. */
static void
test_reminders_policy(void **state)
{
	struct fix *x = *state;
	struct reminder_counts c;

	action(x, x->ws, "Moved", 1, "2021-10-08");
	exec_ok(x->db, "UPDATE account SET municipality_code = '224' WHERE id = 1;"
	    "UPDATE account SET notify = 0 WHERE id = 2;");
	assert_int_equal(reminders_run(x->db, day("2021-10-06"), &c), 0);
	assert_int_equal(c.due_soon + c.overdue + c.digests, 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM mail_outbox"), 0);
	assert_int_equal(count(x->db, "SELECT count(*) FROM reminder_sent"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assessment_upsert, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_texts_and_sessions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_action_history, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_people_and_notify, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reminders, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reminders_policy, setup,
		    teardown),
	};

	time_init();
	/* Links in calendar files and mail are built from route names. */
	url_use_router(&app_router);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

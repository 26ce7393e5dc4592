/*
 * test_feedback.c - the accessibility feedback form: feedback_read()
 * (message length in characters, the optional e-mail address, the page
 * hint, every mistake at once) and feedback_store() into a real SQLite
 * file under mkdtemp().
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

#include "base/log.h"
#include "db/db.h"
#include "tempdb.h"
#include "feedback/feedback.h"
#include "http/request.h"

#define MSG_EMPTY "Write your feedback."
#define MSG_LONG "The feedback is too long: at most 4000 characters."
#define MSG_EMAIL "Write the e-mail address in the form name@example.fi, " \
	"or leave it empty."

/* s repeated n times, malloc'd. */
static char *
repeat(const char *s, size_t n)
{
	size_t len = strlen(s), i;
	char *p = malloc(len * n + 1);

	assert_non_null(p);
	for (i = 0; i < n; i++)
		memcpy(p + i * len, s, len);
	p[len * n] = '\0';
	return p;
}

/* The request of the last validate(): the form's values live in its
 * arena until the next one. */
static struct request *last;

static void
last_free(void)
{
	if (last != NULL) {
		arena_cleanup(&last->arena);
		free(last);
		last = NULL;
	}
}

/* Reads a form with the given fields (NULL: not sent). */
static bool
validate(const char *message, const char *contact, const char *page,
    struct feedback_form *f)
{
	static struct kv items[3];
	const char *names[3] = { "message", "contact", "page" };
	const char *values[3] = { message, contact, page };
	struct form fm;
	size_t i, n = 0;

	last_free();
	last = calloc(1, sizeof(*last));
	assert_non_null(last);
	arena_init(&last->arena);
	for (i = 0; i < 3; i++)
		if (values[i] != NULL) {
			items[n].name = names[i];
			items[n].value = values[i];
			items[n].value_len = strlen(values[i]);
			n++;
		}
	last->form.items = n ? items : NULL;
	last->form.n = n;
	form_begin(&fm, last);
	return feedback_read(&fm, f);
}

#define ERR_MESSAGE(f) form_error_of(&(f).errors, "message")
#define ERR_CONTACT(f) form_error_of(&(f).errors, "contact")

static void
test_ok(void **state)
{
	struct feedback_form f;

	(void)state;
	assert_true(validate("The map has no text alternative.", NULL, NULL,
	    &f));
	assert_null(ERR_MESSAGE(f));
	assert_null(ERR_CONTACT(f));
	assert_true(validate("Kartalla ei ole tekstivastinetta.",
	    "maija.meikalainen@example.fi", "/fi/municipalities/091", &f));
	assert_string_equal(f.page, "/fi/municipalities/091");
	assert_null(ERR_MESSAGE(f));
	assert_null(ERR_CONTACT(f));
}

static void
test_message_empty(void **state)
{
	struct feedback_form f;

	(void)state;
	assert_false(validate(NULL, NULL, NULL, &f));
	assert_string_equal(ERR_MESSAGE(f), MSG_EMPTY);
	assert_null(ERR_CONTACT(f));
	assert_false(validate("", NULL, NULL, &f));
	assert_string_equal(ERR_MESSAGE(f), MSG_EMPTY);
	assert_false(validate("   ", NULL, NULL, &f));
	assert_string_equal(ERR_MESSAGE(f), MSG_EMPTY);
	assert_false(validate(" \t\r\n \n", NULL, NULL, &f));
	assert_string_equal(ERR_MESSAGE(f), MSG_EMPTY);
	/* One visible character is a message. */
	assert_true(validate("  x  ", NULL, NULL, &f));
	assert_true(validate("\n.", NULL, NULL, &f));
	assert_true(validate("ä", NULL, NULL, &f));
}

/* The limit is 4000 characters, whatever their UTF-8 length. */
static void
test_message_length(void **state)
{
	static const char *const chars[] = { "a", "ä", "€", "😀" };
	struct feedback_form f;
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof(chars) / sizeof(chars[0]); i++) {
		s = repeat(chars[i], FEEDBACK_MESSAGE_MAX);
		if (!validate(s, NULL, NULL, &f))
			fail_msg("4000 x \"%s\" refused: %s", chars[i],
			    ERR_MESSAGE(f));
		free(s);
		s = repeat(chars[i], FEEDBACK_MESSAGE_MAX + 1);
		assert_false(validate(s, NULL, NULL, &f));
		assert_string_equal(ERR_MESSAGE(f), MSG_LONG);
		assert_null(ERR_CONTACT(f));
		free(s);
	}
	/* Mixed: 3999 ASCII and one 4-byte character is 4000. */
	s = repeat("b", FEEDBACK_MESSAGE_MAX + 3);
	memcpy(s + FEEDBACK_MESSAGE_MAX - 1, "😀", 4);
	assert_int_equal(strlen(s), FEEDBACK_MESSAGE_MAX + 3);
	assert_true(validate(s, NULL, NULL, &f));
	free(s);
}

static void
test_contact(void **state)
{
	static const char *const good[] = {
		"name@example.fi", "a@b.fi", "first.last+tag@sub.example.org",
		"x@example.co.uk", "ÄÖ@esimerkki.fi",
		"", "   ", "\t",	/* empty: optional */
		/* White space around a field is no part of it. */
		" name@example.fi", "name@example.fi\n",
	};
	static const char *const bad[] = {
		"name", "name@", "@example.fi", "name@example", "name@example.",
		"name@.fi", "a@b@example.fi", "name @example.fi",
		"name@exa mple.fi",
		"<name@example.fi>", "a,b@example.fi", "a;b@example.fi",
		"\"a\"@example.fi", "first.last@example", "a\t@example.fi",
	};
	struct feedback_form f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!validate("msg", good[i], NULL, &f) ||
		    ERR_CONTACT(f) != NULL)
			fail_msg("contact \"%s\" refused", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (validate("msg", bad[i], NULL, &f))
			fail_msg("contact \"%s\" accepted", bad[i]);
		assert_string_equal(ERR_CONTACT(f), MSG_EMAIL);
		assert_null(ERR_MESSAGE(f));
	}
	/* Both errors at once. */
	assert_false(validate("", "nope", NULL, &f));
	assert_string_equal(ERR_MESSAGE(f), MSG_EMPTY);
	assert_string_equal(ERR_CONTACT(f), MSG_EMAIL);
}

static void
test_contact_length(void **state)
{
	struct feedback_form f;
	char *local;
	char addr[400];

	(void)state;
	/* 254 characters: local part of 243 + "@example.fi" (11). */
	local = repeat("k", FORM_EMAIL_MAX - 11);
	snprintf(addr, sizeof(addr), "%s@example.fi", local);
	assert_int_equal(strlen(addr), FORM_EMAIL_MAX);
	assert_true(validate("msg", addr, NULL, &f));
	free(local);
	local = repeat("k", FORM_EMAIL_MAX - 10);
	snprintf(addr, sizeof(addr), "%s@example.fi", local);
	assert_int_equal(strlen(addr), FORM_EMAIL_MAX + 1);
	assert_false(validate("msg", addr, NULL, &f));
	assert_string_equal(ERR_CONTACT(f), MSG_EMAIL);
	free(local);
}

/* The page hint is kept only when it is one of our paths. */
static void
test_page(void **state)
{
	static const char *const kept[] = {
		"/", "/fi/", "/sv/municipalities/710", "/en/accessibility?x=1",
		"/fi/a//b",
		" /fi/",	/* the white space is trimmed */
	};
	static const char *const dropped[] = {
		"", "fi/", "//evil.example/", "///x", "http://evil.example/",
		"https://example.fi/fi/", "javascript:alert(1)",
	};
	struct feedback_form f;
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		assert_true(validate("msg", NULL, kept[i], &f));
		assert_non_null(f.page);
		assert_string_equal(f.page, kept[i][0] == ' ' ? kept[i] + 1 :
		    kept[i]);
	}
	for (i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++) {
		/* Dropping is not an error: the form still validates. */
		assert_true(validate("msg", NULL, dropped[i], &f));
		if (f.page != NULL)
			fail_msg("page \"%s\" kept", dropped[i]);
	}
	/* The page is dropped even when the form has other errors. */
	assert_false(validate("", NULL, "//evil.example", &f));
	assert_null(f.page);
	/* 500 characters kept, 501 dropped. */
	s = repeat("p", FEEDBACK_PAGE_MAX);
	s[0] = '/';
	assert_true(validate("msg", NULL, s, &f));
	assert_non_null(f.page);
	assert_string_equal(f.page, s);
	free(s);
	s = repeat("p", FEEDBACK_PAGE_MAX + 1);
	s[0] = '/';
	assert_true(validate("msg", NULL, s, &f));
	assert_null(f.page);
	free(s);
}

/* --- storing ----------------------------------------------------------- */

struct dbfix {
	char dir[64];
	char path[96];
	struct db *db;
};

static int
db_setup(void **state)
{
	struct dbfix *x = calloc(1, sizeof(*x));

	if (x == NULL)
		return -1;
	if (tempdb_open("feedback", x->dir, x->path, &x->db) != 0) {
		free(x);
		return -1;
	}
	*state = x;
	return 0;
}

static int
db_teardown(void **state)
{
	struct dbfix *x = *state;

	tempdb_close(x->dir, x->db);
	free(x);
	return 0;
}

static int64_t
count_rows(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM feedback");
	int64_t n;

	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	n = db_col_int64(st, 0);
	db_done(st);
	return n;
}

static void
expect_row(struct db *db, int64_t id, int64_t created, const char *lang,
    const char *page, const char *message, const char *contact)
{
	struct db_stmt *st = db_prepare(db, "SELECT created_at, lang, page, "
	    "message, contact FROM feedback WHERE id = ?1");

	assert_non_null(st);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), created);
	assert_string_equal(db_col_text(st, 1), lang);
	assert_string_equal(db_col_text(st, 2), page);
	assert_string_equal(db_col_text(st, 3), message);
	assert_int_equal(db_col_len(st, 3), strlen(message));
	assert_string_equal(db_col_text(st, 4), contact);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

static void
test_store(void **state)
{
	struct dbfix *x = *state;
	struct feedback_form f;
	char *longmsg;

	assert_int_equal(count_rows(x->db), 0);
	assert_true(validate("Kuvalta puuttuu tekstivastine.",
	    "maija@example.fi", "/fi/municipalities/091", &f));
	assert_int_equal(feedback_store(x->db, LANG_FI, &f, 1633500000), 0);
	assert_int_equal(count_rows(x->db), 1);
	expect_row(x->db, 1, 1633500000, "fi", "/fi/municipalities/091",
	    "Kuvalta puuttuu tekstivastine.", "maija@example.fi");

	/* No page, a blank contact: both stored as "". */
	assert_true(validate("Bilden saknar alt-text.", "   ", "//evil", &f));
	assert_int_equal(feedback_store(x->db, LANG_SV, &f, 1642242840), 0);
	expect_row(x->db, 2, 1642242840, "sv", "", "Bilden saknar alt-text.",
	    "");

	/* NULL contact; SQL-looking text is stored as it is. */
	assert_true(validate("'); DROP TABLE feedback; --", NULL, "/", &f));
	assert_int_equal(feedback_store(x->db, LANG_EN, &f, 7), 0);
	expect_row(x->db, 3, 7, "en", "/", "'); DROP TABLE feedback; --", "");

	/* The longest message, multi-byte, intact. */
	longmsg = repeat("ö", FEEDBACK_MESSAGE_MAX);
	assert_true(validate(longmsg, NULL, NULL, &f));
	assert_int_equal(feedback_store(x->db, LANG_FI, &f, 8), 0);
	expect_row(x->db, 4, 8, "fi", "", longmsg, "");
	free(longmsg);
	assert_int_equal(count_rows(x->db), 4);

	/* The connection is not left inside a transaction. */
	assert_int_equal(db_begin(x->db), 0);
	db_rollback(x->db);
}

/* A database without the feedback table: -1, nothing half-done. */
static void
test_store_fails(void **state)
{
	struct dbfix *x = *state;
	struct feedback_form f;

	(void)state;
	assert_int_equal(db_exec(x->db, "DROP TABLE feedback"), 0);
	assert_true(validate("msg", NULL, NULL, &f));
	assert_int_equal(feedback_store(x->db, LANG_FI, &f, 1), -1);
	/* No transaction left open: another begin works. */
	assert_int_equal(db_begin(x->db), 0);
	db_rollback(x->db);
}

/* A row the table's CHECK refuses (NULL message) rolls back. */
static void
test_store_refused_row(void **state)
{
	struct dbfix *x = *state;
	struct feedback_form f;

	memset(&f, 0, sizeof(f));
	f.message = NULL;	/* NOT NULL column: the insert fails */
	assert_int_equal(feedback_store(x->db, LANG_FI, &f, 1), -1);
	assert_int_equal(count_rows(x->db), 0);
	assert_int_equal(db_begin(x->db), 0);
	db_rollback(x->db);
}

static int
group_teardown(void **state)
{
	(void)state;
	last_free();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_message_empty),
		cmocka_unit_test(test_message_length),
		cmocka_unit_test(test_contact),
		cmocka_unit_test(test_contact_length),
		cmocka_unit_test(test_page),
		cmocka_unit_test_setup_teardown(test_store, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_store_fails, db_setup,
		    db_teardown),
		cmocka_unit_test_setup_teardown(test_store_refused_row,
		    db_setup, db_teardown),
	};

	/* Quiet the migration notes; errors still show. */
	log_set_level(LOG_WARN);
	return cmocka_run_group_tests_name("feedback", tests, NULL,
	    group_teardown);
}

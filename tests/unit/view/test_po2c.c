/*
 * test_po2c.c - the .po reader and the catalogue compiler.
 *
 * Includes tools/po2c.c (h2o style) to reach its static functions; the
 * catalogues are strings, so no file is written.
 */
#define PO2C_NO_MAIN
#pragma GCC diagnostic ignored "-Wunused-function"
#include "tools/po2c.c"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* Parses text as path; returns po_parse()'s result and keeps messages. */
static int
parse(struct po *po, const char *path, const char *text, struct sbuf *errs)
{
	errs->len = 0;
	sbuf_cstr(errs);
	return po_parse(po, path, text, errs);
}

/* Asserts that text fails to parse with exactly the message want. */
static void
refuse(const char *text, const char *want)
{
	struct sbuf errs = { 0 };
	struct po po;

	assert_int_equal(parse(&po, "x.po", text, &errs), -1);
	assert_string_equal(errs.data, want);
	po_free(&po);
	sbuf_free(&errs);
}

static void
test_parse(void **state)
{
	struct sbuf errs = { 0 };
	struct po po;

	(void)state;
	assert_int_equal(parse(&po, "x.po",
	    "# translator comment\n"
	    "msgid \"\"\n"
	    "msgstr \"\"\n"
	    "\"Language: fi\\n\"\n"
	    "\n"
	    "#: templates/x.tmpl:3\n"
	    "msgid \"Zebra\"\n"
	    "msgstr \"Seepra\"\n"
	    "\r\n"
	    "msgid \"Two \"\n"
	    "\"lines\"\n"
	    "msgstr \"\"\n"
	    "\"Kaksi \\\"riviä\\\"\\n\\t\\\\\"\n"
	    "msgid \"Alpha\"\n"
	    "msgstr \"Alfa\"\n", &errs), 0);
	assert_string_equal(sbuf_cstr(&errs), "");
	/* Sorted by msgid, header dropped, continuations joined. */
	assert_int_equal(po.n, 3);
	assert_string_equal(po.e[0].msgid, "Alpha");
	assert_string_equal(po.e[0].msgstr, "Alfa");
	assert_int_equal(po.e[0].line, 14);
	assert_string_equal(po.e[1].msgid, "Two lines");
	assert_string_equal(po.e[1].msgstr, "Kaksi \"riviä\"\n\t\\");
	assert_int_equal(po.e[1].line, 10);
	assert_string_equal(po.e[2].msgid, "Zebra");
	assert_int_equal(po.e[2].fuzzy, 0);
	po_free(&po);

	assert_int_equal(parse(&po, "x.po", "#, fuzzy, c-format\n"
	    "msgid \"A\"\nmsgstr \"B\"\n", &errs), 0);
	assert_int_equal(po.n, 1);
	assert_int_equal(po.e[0].fuzzy, 1);
	po_free(&po);

	assert_int_equal(parse(&po, "x.po", "", &errs), 0);
	assert_int_equal(po.n, 0);
	po_free(&po);
	sbuf_free(&errs);
}

static void
test_parse_errors(void **state)
{
	(void)state;
	refuse("msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"\"\n",
	    "x.po:1: msgid without msgstr\n");
	refuse("msgid \"a\"\nmsgid \"b\"\nmsgstr \"\"\n",
	    "x.po:1: msgid without msgstr\n");
	refuse("msgid \"a\"\n", "x.po:1: msgid without msgstr\n");
	refuse("\n\nmsgstr \"a\"\n", "x.po:3: msgstr without msgid\n");
	refuse("msgid \"a\"\nmsgstr \"\"\nmsgstr \"\"\n",
	    "x.po:3: second msgstr\n");
	refuse("msgid \"a\nmsgstr \"\"\n", "x.po:1: unterminated string\n");
	refuse("msgid a\nmsgstr \"\"\n", "x.po:1: expected a quoted string\n");
	refuse("msgid \"a\" b\nmsgstr \"\"\n",
	    "x.po:1: unexpected text after the string\n");
	refuse("msgid \"a\\x41\"\nmsgstr \"\"\n",
	    "x.po:1: unsupported escape '\\x'\n");
	refuse("\"loose\"\n", "x.po:1: string without a keyword\n");
	refuse("msgctxt \"menu\"\nmsgid \"a\"\nmsgstr \"\"\n",
	    "x.po:1: msgctxt is not supported\n");
	refuse("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"\"\n",
	    "x.po:2: plural forms are not supported\n");
	refuse("msgid \"a\"\nmsgstr \"b\"\nbogus \"c\"\n",
	    "x.po:3: syntax error near 'bogus'\n");
	refuse("msgid \"\"\nmsgstr \"h\"\n\nmsgid \"\"\nmsgstr \"h\"\n",
	    "x.po:4: empty msgid (only the header entry has one)\n");
	refuse("msgid \"a\"\nmsgstr \"1\"\n\nmsgid \"b\"\nmsgstr \"2\"\n\n"
	    "msgid \"a\"\nmsgstr \"3\"\n",
	    "x.po:7: duplicate msgid \"a\" (first at line 1)\n");
}

/* Parses the three catalogues and runs po2c_build() on them. */
static int
build(const char *fi, const char *sv, const char *en, struct sbuf *out,
    struct sbuf *errs)
{
	struct po po[PO2C_LANGS];
	int k, ret;

	assert_int_equal(parse(&po[0], "fi.po", fi, errs), 0);
	assert_int_equal(parse(&po[1], "sv.po", sv, errs), 0);
	assert_int_equal(parse(&po[2], "en.po", en, errs), 0);
	ret = po2c_build(po, out, errs);
	for (k = 0; k < PO2C_LANGS; k++)
		po_free(&po[k]);
	return ret;
}

static void
test_build(void **state)
{
	struct sbuf out = { 0 }, errs = { 0 };

	(void)state;
	assert_int_equal(build(
	    "msgid \"Yes\"\nmsgstr \"Kyllä\"\n\n"
	    "msgid \"Front page\"\nmsgstr \"Etusivu\"\n",
	    "msgid \"Front page\"\nmsgstr \"Startsida\"\n\n"
	    "msgid \"Yes\"\nmsgstr \"Ja\"\n",
	    "msgid \"Yes\"\nmsgstr \"\"\n\n"
	    "msgid \"Front page\"\nmsgstr \"Home\"\n", &out, &errs), 0);
	assert_string_equal(sbuf_cstr(&errs), "");
	assert_non_null(strstr(out.data,
	    "const struct i18n_entry i18n_catalog[] = {\n"
	    "\t{ \"Front page\",\n"
	    "\t  { \"Etusivu\",\n"
	    "\t    \"Startsida\",\n"
	    "\t    \"Home\" } },\n"
	    "\t{ \"Yes\",\n"
	    "\t  { \"Kyllä\",\n"
	    "\t    \"Ja\",\n"
	    "\t    \"Yes\" } },\n"
	    "};\n"
	    "const size_t i18n_catalog_len = 2;\n"));
	sbuf_free(&out);

	/* An empty catalogue still compiles: C has no empty arrays. */
	assert_int_equal(build("", "", "", &out, &errs), 0);
	assert_non_null(strstr(out.data, "{ NULL, { NULL, NULL, NULL } },\n"
	    "};\nconst size_t i18n_catalog_len = 0;\n"));
	sbuf_free(&out);
	sbuf_free(&errs);
}

static void
test_build_errors(void **state)
{
	struct sbuf out = { 0 }, errs = { 0 };

	(void)state;
	/* Missing from one catalogue: reported where it does exist. */
	assert_int_equal(build(
	    "msgid \"A\"\nmsgstr \"a\"\n\nmsgid \"B\"\nmsgstr \"b\"\n",
	    "msgid \"A\"\nmsgstr \"a\"\n",
	    "msgid \"A\"\nmsgstr \"\"\n\nmsgid \"C\"\nmsgstr \"\"\n",
	    &out, &errs), -1);
	assert_string_equal(errs.data,
	    "fi.po:4: msgid \"B\" is missing from sv.po\n"
	    "fi.po:4: msgid \"B\" is missing from en.po\n"
	    "en.po:4: msgid \"C\" is missing from fi.po\n"
	    "en.po:4: msgid \"C\" is missing from sv.po\n");
	sbuf_free(&out);

	/* Finnish and Swedish need a translation; English may be empty. */
	assert_int_equal(build("msgid \"A\"\nmsgstr \"\"\n",
	    "\nmsgid \"A\"\nmsgstr \"\"\n", "msgid \"A\"\nmsgstr \"\"\n",
	    &out, &errs), -1);
	assert_string_equal(errs.data,
	    "fi.po:1: empty msgstr: \"A\" needs a translation\n"
	    "sv.po:2: empty msgstr: \"A\" needs a translation\n");
	sbuf_free(&out);

	assert_int_equal(build("msgid \"A\"\nmsgstr \"a\"\n",
	    "#, fuzzy\nmsgid \"A\"\nmsgstr \"a\"\n",
	    "msgid \"A\"\nmsgstr \"\"\n", &out, &errs), -1);
	assert_string_equal(errs.data, "sv.po:2: fuzzy entry: review the"
	    " translation and remove the fuzzy flag\n");
	sbuf_free(&out);
	sbuf_free(&errs);
}

static void
test_c_quote(void **state)
{
	struct sbuf b = { 0 };
	/* "?" "?=" is split so that it is no trigraph here. */
	static const char s[] = "a\"b\\c\nd\te\001f?" "?=g\x7f" "1ä";

	(void)state;
	c_quote(&b, s, sizeof(s) - 1, NULL);
	assert_string_equal(b.data,
	    "\"a\\\"b\\\\c\\nd\\te\\001f?\\?=g\\1771ä\"");
	b.len = 0;
	c_quote(&b, "a\nb\n", 4, "\n    ");
	assert_string_equal(b.data, "\"a\\n\"\n    \"b\\n\"");
	sbuf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_c_quote),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_materials.c - the materials module below the HTTP layer: search
 * folding (case, Nordic and other diacritics, punctuation) and matching;
 * type sniffing by content (magic numbers, OOXML by the ZIP's central
 * directory, hostile ZIPs); the content-addressed store (atomic put,
 * deduplication, open, backup copy); retention of request data.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/settings.h"
#include "materials/materials.h"
#include "tempdb.h"

static void
test_fold(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(mat_fold(&a, "Päätös ÅLAND öljy"), "paatos aland oljy");
	assert_string_equal(mat_fold(&a, "Café Zürich – Straße"), "cafe zurich strasse");
	assert_string_equal(mat_fold(&a, "  Digi-tuki,  2021!  "), "digi tuki 2021");
	assert_string_equal(mat_fold(&a, "Šakki Žanna Œuvre Æble Þór"),
	    "sakki zanna ouvre aeble thor");
	assert_string_equal(mat_fold(&a, ""), "");
	assert_string_equal(mat_fold(&a, NULL), "");
	/* Letters of other scripts are kept as they are. */
	assert_string_equal(mat_fold(&a, "Привет мир"), "Привет мир");
	arena_cleanup(&a);
}

static void
test_match(void **state)
{
	struct arena a;
	const char *text;

	(void)state;
	arena_init(&a);
	text = mat_fold(&a, "Kuntien digituki – päätöswebinaari 6.10.2021");
	assert_true(mat_fold_match(text, mat_fold(&a, "paatos")));
	assert_true(mat_fold_match(text, mat_fold(&a, "PÄÄTÖS")));
	assert_true(mat_fold_match(text, mat_fold(&a, "digituki kuntien")));
	assert_true(mat_fold_match(text, mat_fold(&a, "")));
	assert_true(mat_fold_match(text, mat_fold(&a, "2021")));
	assert_false(mat_fold_match(text, mat_fold(&a, "digituki koulutus")));
	assert_false(mat_fold_match(text, mat_fold(&a, "päätösseminaari")));
	arena_cleanup(&a);
}

/* Writes data to a temporary file; the fd (unlinked). */
static int
temp_fd(const void *data, size_t n)
{
	char path[] = "/tmp/tv-sniff-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	return fd;
}

static void
le16(struct buf *b, unsigned v)
{
	buf_putc(b, (char)(v & 0xff));
	buf_putc(b, (char)(v >> 8));
}

static void
le32(struct buf *b, uint32_t v)
{
	le16(b, v & 0xffff);
	le16(b, v >> 16);
}

/* A stored ZIP with empty entries of these names (CRCs are not checked
 * by the sniffer, which reads only the directory). */
static void
make_zip(struct buf *b, const char *const *names, size_t n)
{
	size_t i, cd_start, offs[16];

	for (i = 0; i < n; i++) {
		offs[i] = b->len;
		le32(b, 0x04034b50);
		le16(b, 20); le16(b, 0); le16(b, 0); le16(b, 0); le16(b, 0);
		le32(b, 0); le32(b, 0); le32(b, 0);
		le16(b, (unsigned)strlen(names[i])); le16(b, 0);
		buf_puts(b, names[i]);
	}
	cd_start = b->len;
	for (i = 0; i < n; i++) {
		le32(b, 0x02014b50);
		le16(b, 20); le16(b, 20); le16(b, 0); le16(b, 0); le16(b, 0);
		le16(b, 0); le32(b, 0); le32(b, 0); le32(b, 0);
		le16(b, (unsigned)strlen(names[i])); le16(b, 0); le16(b, 0);
		le16(b, 0); le16(b, 0); le32(b, 0); le32(b, (uint32_t)offs[i]);
		buf_puts(b, names[i]);
	}
	le32(b, 0x06054b50);
	le16(b, 0); le16(b, 0); le16(b, (unsigned)n); le16(b, (unsigned)n);
	le32(b, (uint32_t)(b->len - 12 - cd_start));	/* directory size */
	le32(b, (uint32_t)cd_start);
	le16(b, 0);
}

static const char *
sniff_zip(const char *const *names, size_t n, size_t cut)
{
	struct buf b;
	const char *t;
	int fd;

	buf_init(&b);
	make_zip(&b, names, n);
	if (cut)
		b.len = cut;
	fd = temp_fd(b.data, b.len);
	t = sniff_type(fd, b.len, (const unsigned char *)b.data,
	    b.len < 512 ? b.len : 512);
	close(fd);
	buf_cleanup(&b);
	return t;
}

static void
test_sniff_magic(void **state)
{
	(void)state;
#define S(s) sniff_type(-1, sizeof(s) - 1, (const unsigned char *)(s), sizeof(s) - 1)
	assert_string_equal(S("%PDF-1.7\n"), "application/pdf");
	assert_string_equal(S("\x89PNG\r\n\x1a\n...."), "image/png");
	assert_string_equal(S("\xff\xd8\xff\xe0..JFIF"), "image/jpeg");
	assert_string_equal(S("GIF89a...."), "image/gif");
	assert_string_equal(S("RIFF\x10\0\0\0WEBPVP8 "), "image/webp");
	assert_null(S("RIFF\x10\0\0\0WAVEfmt "));
	assert_null(S("<svg xmlns='http://www.w3.org/2000/svg'>"));
	assert_null(S("<!DOCTYPE html><html>"));
	assert_null(S("MZ\x90\0"));
	assert_null(S(" %PDF-1.7"));
	assert_null(S("%PD"));
	assert_null(S(""));
#undef S
	assert_int_equal(mat_type_of_mime("application/pdf"), MAT_TYPE_PDF);
	assert_int_equal(mat_type_of_mime("image/webp"), MAT_TYPE_IMAGE);
	assert_int_equal(mat_type_of_mime(NULL), MAT_TYPE_LINK);
}

static void
test_sniff_ooxml(void **state)
{
	static const char *const pptx[] = { "[Content_Types].xml", "_rels/.rels",
	    "ppt/presentation.xml", "ppt/slides/slide1.xml" };
	static const char *const docx[] = { "[Content_Types].xml",
	    "word/document.xml" };
	static const char *const no_types[] = { "ppt/presentation.xml" };
	static const char *const other[] = { "[Content_Types].xml",
	    "xl/workbook.xml" };
	static const char *const both[] = { "[Content_Types].xml",
	    "word/document.xml", "ppt/presentation.xml" };
	static const char *const near[] = { "[Content_Types].xml",
	    "ppt/presentation.xml.bak" };

	(void)state;
	assert_string_equal(sniff_zip(pptx, 4, 0),
	    "application/vnd.openxmlformats-officedocument.presentationml.presentation");
	assert_string_equal(sniff_zip(docx, 2, 0),
	    "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	assert_null(sniff_zip(no_types, 1, 0));
	assert_null(sniff_zip(other, 2, 0));
	assert_null(sniff_zip(both, 3, 0));
	assert_null(sniff_zip(near, 2, 0));
	/* Cut short: no end record, or a directory that runs off the end. */
	assert_null(sniff_zip(pptx, 4, 40));
	assert_null(sniff_zip(pptx, 4, 200));
}

static void
test_sniff_hostile_zip(void **state)
{
	struct buf b;
	int fd;

	(void)state;
	/* An end record claiming a directory far outside the file. */
	buf_init(&b);
	buf_append(&b, "PK\x03\x04", 4);
	buf_append(&b, "xxxxxxxxxxxxxxxxxxxxxxxxxx", 26);
	le32(&b, 0x06054b50);
	le16(&b, 0); le16(&b, 0); le16(&b, 1); le16(&b, 1);
	le32(&b, 0x7fffffff); le32(&b, 0x7ffffff0);
	le16(&b, 0);
	fd = temp_fd(b.data, b.len);
	assert_null(sniff_type(fd, b.len, (const unsigned char *)b.data, b.len));
	close(fd);
	/* Entries that claim more names than the directory holds. */
	b.len = b.len - 22;
	le32(&b, 0x06054b50);
	le16(&b, 0); le16(&b, 0); le16(&b, 60000); le16(&b, 60000);
	le32(&b, 0); le32(&b, 30);
	le16(&b, 0);
	fd = temp_fd(b.data, b.len);
	assert_null(sniff_type(fd, b.len, (const unsigned char *)b.data, b.len));
	close(fd);
	buf_cleanup(&b);
}

static void
test_store(void **state)
{
	char dir[] = "/tmp/tv-store-XXXXXX", hex[65], again[65], cmd[256];
	static const char data[] = "%PDF-1.4 test content";
	struct config cfg = config_default;
	struct arena a;
	struct stat st;
	uint64_t size;
	const char *path, *copy;
	char buf[64];
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	cfg.files_dir = dir;
	config_use(&cfg);
	arena_init(&a);
	assert_int_equal(mstore_put(data, sizeof(data) - 1, hex), 0);
	{
		unsigned char h[crypto_hash_sha256_BYTES];
		char want[65];

		crypto_hash_sha256(h, (const unsigned char *)data,
		    sizeof(data) - 1);
		sodium_bin2hex(want, sizeof(want), h, sizeof(h));
		assert_string_equal(hex, want);
	}
	path = mstore_path(&a, hex);
	assert_non_null(path);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, (off_t)(sizeof(data) - 1));
	/* The same bytes again: the same name, one file. */
	assert_int_equal(mstore_put(data, sizeof(data) - 1, again), 0);
	assert_string_equal(hex, again);
	fd = mstore_open(hex, &size);
	assert_true(fd >= 0);
	assert_int_equal(size, sizeof(data) - 1);
	assert_int_equal(read(fd, buf, sizeof(buf)), (ssize_t)(sizeof(data) - 1));
	assert_memory_equal(buf, data, sizeof(data) - 1);
	/* Copying from an fd gives the same name. */
	assert_int_equal(mstore_put_fd(fd, again), 0);
	assert_string_equal(hex, again);
	close(fd);
	/* Names that are not hashes are refused: no path tricks. */
	assert_null(mstore_path(&a, "../../etc/passwd"));
	assert_null(mstore_path(&a, "B7F0BCB2D6CB5BCD4BD4DF2DDFAF8A1C8E4C59CCD0FF2BC50EBB17EA07BFD4BA"));
	assert_int_equal(mstore_open("abc", &size), -1);
	/* No temporary file is left behind. */
	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A %s/tmp)\"", dir);
	assert_int_equal(system(cmd), 0);
	/* Backup: copied once, then nothing new. */
	copy = arena_printf(&a, "%s-backup", dir);
	assert_int_equal(mstore_backup(copy), 1);
	assert_int_equal(mstore_backup(copy), 0);
	assert_int_equal(stat(arena_printf(&a, "%s/sha/%.2s/%s", copy, hex, hex),
	    &st), 0);
	config_use(&config_default);
	snprintf(cmd, sizeof(cmd), "rm -rf %s %s", dir, copy);
	assert_int_equal(system(cmd), 0);
	arena_cleanup(&a);
}

static void
test_retention(void **state)
{
	char dir[64], path[96];
	struct db *db;
	struct db_stmt *st;
	int64_t n, now = 2000000000;

	(void)state;
	assert_int_equal(tempdb_open("matret", dir, path, &db), 0);
	assert_int_equal(db_exec(db,
	    "INSERT INTO region (id, code, name_fi, name_sv) VALUES (1, 'r', 'R', 'R');"
	    "INSERT INTO material (id, region_id, kind, title, lang, access, "
	    "created_at, updated_at) VALUES (1, 1, 'file', 'M', 'fi', 'request', 0, 0);"
	    "INSERT INTO material_request (id, material_id, name, email, purpose, "
	    "lang, status, created_at, decided_at) VALUES "
	    "(1, 1, 'Old', 'old@example.org', 'p', 'fi', 'approved', 1000, 1100),"
	    "(2, 1, 'Waiting', 'w@example.org', 'p', 'fi', 'pending', 1000, NULL),"
	    "(3, 1, 'New', 'new@example.org', 'p', 'fi', 'approved', 1999990000, 1999990000);"
	    "INSERT INTO material_grant (id, request_id, material_id, token_hash, "
	    "expires_at, max_uses, created_at) VALUES (1, 1, 1, 'h1', 2000, 5, 1100),"
	    "(2, 3, 1, 'h3', 2000100000, 5, 1999990000);"
	    "INSERT INTO material_download (material_id, at, via, grant_id) "
	    "VALUES (1, 1200, 'link', 1), (1, 1999995000, 'link', 2);"), 0);
	assert_int_equal(materials_retention_run(db, now, 30, &n), 0);
	assert_int_equal(n, 2);
	st = db_prepare(db, "SELECT group_concat(id || ':' || name || ':' || email "
	    "|| ':' || status, ',') FROM (SELECT * FROM material_request ORDER BY id)");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0),
	    "1:::approved,2:::declined,3:New:new@example.org:approved");
	db_done(st);
	st = db_prepare(db, "SELECT group_concat(id, ',') FROM material_grant");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "2");
	db_done(st);
	/* Old downloads stay counted, without who. */
	st = db_prepare(db, "SELECT group_concat(COALESCE(grant_id, 0), ',') "
	    "FROM (SELECT grant_id FROM material_download ORDER BY at)");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "0,2");
	db_done(st);
	/* A second run finds nothing more. */
	assert_int_equal(materials_retention_run(db, now, 30, &n), 0);
	assert_int_equal(n, 0);
	tempdb_close(dir, db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_sniff_magic),
		cmocka_unit_test(test_sniff_ooxml),
		cmocka_unit_test(test_sniff_hostile_zip),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_retention),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

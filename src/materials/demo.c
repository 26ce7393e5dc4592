/*
 * demo.c - the demo materials of the seed webinar (6 October 2021):
 * small but real files made here - PDFs with one page of text and a PNG
 * chart drawn pixel by pixel - so that every access policy can be tried
 * on a fresh demo: public slides and chart, the full presentations on
 * request, a checklist for registrants, an internal summary for staff and
 * the recording as a link.
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "auth/account.h"
#include "base/buf.h"
#include "db/rows.h"
#include "events/events.h"
#include "materials/internal.h"

/* A one-page PDF with lines of text (ASCII), with a correct xref table. */
static void
demo_pdf(struct buf *b, const char *const *lines, size_t n)
{
	struct buf content;
	size_t off[6], i, xref;

	buf_init(&content);
	buf_puts(&content, "BT /F1 20 Tf 56 780 Td 26 TL\n");
	for (i = 0; i < n; i++) {
		buf_puts(&content, "(");
		buf_puts(&content, lines[i]);
		buf_puts(&content, i == 0 ? ") Tj /F1 14 Tf T*\n" : ") Tj T*\n");
	}
	buf_puts(&content, "ET\n");
	buf_puts(b, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	off[1] = b->len;
	buf_puts(b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[2] = b->len;
	buf_puts(b, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
	off[3] = b->len;
	buf_puts(b, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
	    "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>\nendobj\n");
	off[4] = b->len;
	buf_printf(b, "4 0 obj\n<< /Length %zu >>\nstream\n", content.len);
	buf_append(b, content.data, content.len);
	buf_puts(b, "endstream\nendobj\n");
	off[5] = b->len;
	buf_puts(b, "5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
	    "/Encoding /WinAnsiEncoding >>\nendobj\n");
	xref = b->len;
	buf_puts(b, "xref\n0 6\n0000000000 65535 f \n");
	for (i = 1; i <= 5; i++)
		buf_printf(b, "%010zu 00000 n \n", off[i]);
	buf_printf(b, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
	    xref);
	buf_cleanup(&content);
}

static void
put32(struct buf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
	    (unsigned char)(v >> 8), (unsigned char)v };

	buf_append(b, x, 4);
}

static void
png_chunk(struct buf *b, const char *type, const unsigned char *data,
    size_t n)
{
	uLong crc = crc32(0L, (const Bytef *)type, 4);

	put32(b, (uint32_t)n);
	buf_append(b, type, 4);
	if (n)
		buf_append(b, data, n);
	if (n)
		crc = crc32(crc, data, (uInt)n);
	put32(b, (uint32_t)crc);
}

/*
 * A bar chart as an RGB PNG: the seven municipalities of the webinar,
 * bars in the network's blue on white.  0 or -1.
 */
static int
demo_png(struct buf *b)
{
	enum { W = 240, H = 120 };
	static const int bars[] = { 70, 95, 60, 85, 100, 75, 55 };
	static unsigned char raw[H * (1 + W * 3)];
	unsigned char ihdr[13] = { 0, 0, 0, W, 0, 0, 0, H, 8, 2, 0, 0, 0 };
	unsigned char out[sizeof(raw) + 1024];
	uLongf outlen = sizeof(out);
	int x, y;

	for (y = 0; y < H; y++) {
		unsigned char *row = raw + y * (1 + W * 3);

		row[0] = 0;	/* filter: none */
		for (x = 0; x < W; x++) {
			int bar = x / 32, in = x % 32 >= 6 && x % 32 < 28;
			int filled = bar < 7 && in && H - y <= bars[bar];

			row[1 + x * 3] = filled ? 0x00 : 0xff;
			row[2 + x * 3] = filled ? 0x00 : 0xff;
			row[3 + x * 3] = filled ? 0xbf : 0xff;
		}
	}
	if (compress(out, &outlen, raw, sizeof(raw)) != Z_OK)
		return -1;
	buf_append(b, "\x89PNG\r\n\x1a\n", 8);
	png_chunk(b, "IHDR", ihdr, sizeof(ihdr));
	png_chunk(b, "IDAT", out, outlen);
	png_chunk(b, "IEND", NULL, 0);
	return 0;
}

struct demo_mat {
	const char *title, *description, *lang, *author, *licence, *topic;
	const char *access, *url;	/* url: a link material */
	int file;			/* 0 link, 1 pdf, 2 png */
	const char *filename;
	const char *pdf[4];
	bool library, event;
};

static const struct demo_mat demo_mats[] = {
	{ "Kuntien digituki – webinaarin diat",
	  "Webinaarin 6.10.2021 yhteiset diat: sparrauksen tavoitteet, kuntien "
	  "kokemukset ja tutorien havainnot verkostotyöstä.",
	  "fi", "Uudenmaan digituki-hanke", "CC BY 4.0", "digital-support",
	  "public", "", 1, "kuntien-digituki-diat.pdf",
	  { "Kuntien digituki - webinaari 6.10.2021",
	    "Sparrauksen tavoitteet ja tulokset",
	    "Kuntien kokemuksia digituesta",
	    "Tutorit verkostotyon tukena" }, true, true },
	{ "Sparraukseen osallistuneet kunnat",
	  "Kaavio kunnista, jotka kertoivat webinaarissa sparrauksen tuloksista.",
	  "fi", "Uudenmaan digituki-hanke", "CC BY 4.0", "network",
	  "public", "", 2, "sparrauksen-kunnat.png", { NULL }, true, true },
	{ "Webinaarin esitykset kokonaisuudessaan",
	  "Kaikkien puhujien esitykset yhtenä tiedostona. Aineisto on saatavilla "
	  "pyynnöstä: kerro, mihin tarvitset sitä.",
	  "fi", "Webinaarin puhujat", "", "digital-support",
	  "request", "", 1, "webinaarin-esitykset.pdf",
	  { "Webinaarin esitykset 6.10.2021",
	    "Kaikkien puhujien diat",
	    "Saatavilla pyynnosta" }, true, true },
	{ "Osallistujan muistilista",
	  "Webinaariin ilmoittautuneille: tiivistelmä keskusteluista ja "
	  "linkit jatkotyöhön.",
	  "fi", "Uudenmaan digituki-hanke", "CC BY 4.0", "training",
	  "registrants", "", 1, "muistilista.pdf",
	  { "Osallistujan muistilista",
	    "Tiivistelma keskusteluista",
	    "Linkit jatkotyohon" }, false, true },
	{ "Sparrauksen sisäinen yhteenveto",
	  "Verkoston henkilöstölle: tutorien ja koordinaattorien yhteenveto "
	  "sparrauksen toteutuksesta.",
	  "fi", "Koordinaattorit", "", "network",
	  "staff", "", 1, "sisainen-yhteenveto.pdf",
	  { "Sparrauksen sisainen yhteenveto",
	    "Vain verkoston henkilostolle" }, true, false },
	{ "Webinaarin tallenne",
	  "Tallenne webinaarista 6.10.2021 (suomeksi, tekstitetty).",
	  "fi", "Uudenmaan digituki-hanke", "", "digital-support",
	  "public", "https://video.example.fi/kuntien-digituki-2021", 0, NULL,
	  { NULL }, true, true },
};

int
materials_demo_load(struct db *db, int64_t now)
{
	struct event e;
	struct account owner;
	struct arena a;
	int64_t id;
	size_t i, k;
	char sha[65], psha[65];
	const char *preview;
	int rc;

	/* The seed's webinar of 6 October 2021 and its coordinator. */
	arena_init(&a);
	if ((id = event_id_at(db, 1633500000)) <= 0 ||
	    event_get(db, &a, LANG_FI, id, &e) != 0 ||
	    (rc = account_by_email(db, &a, "coordinator@example.fi",
	    &owner)) < 0) {
		arena_cleanup(&a);
		return -1;
	}
	arena_cleanup(&a);
	if (rc == DB_MISSING)
		owner.id = 0;
	for (i = 0; i < sizeof(demo_mats) / sizeof(demo_mats[0]); i++) {
		const struct demo_mat *d = &demo_mats[i];
		struct buf b;
		const char *mime = NULL;

		buf_init(&b);
		if (d->file == 1) {
			for (k = 0; k < 4 && d->pdf[k]; k++)
				;
			demo_pdf(&b, d->pdf, k);
			mime = "application/pdf";
		} else if (d->file == 2) {
			if (demo_png(&b) != 0) {
				buf_cleanup(&b);
				return -1;
			}
			mime = "image/png";
		}
		if (d->file && mstore_put(b.data, b.len, sha) != 0) {
			buf_cleanup(&b);
			return -1;
		}
		/* The previews are made now rather than by the server's job,
		 * so that a fresh demo does not change under its first
		 * visitors (and the tests that compare snapshots). */
		preview = NULL;
		if (d->file == 1) {
			struct arena pa;

			arena_init(&pa);
			if (mat_make_preview(&pa, sha, psha) == 0)
				preview = psha;
			arena_cleanup(&pa);
		}
		if (db_insert(db, "INSERT INTO material (region_id, kind, "
		    "title, description, lang, author, licence, topic, access, "
		    "url, owner_id, created_at, updated_at) VALUES (?1, ?2, ?3, "
		    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING id",
		    DB_ARGS(db_int(e.region_id), db_text(d->file ? "file" : "link"),
		    db_text(d->title), db_text(d->description),
		    db_text(d->lang), db_text(d->author), db_text(d->licence),
		    db_text(d->topic), db_text(d->access), db_text(d->url),
		    db_id_or_null(owner.id),
		    db_int(now - (int64_t)(10 - i) * 60)), &id) != 0 ||
		    (d->file && db_run(db, "INSERT INTO material_version "
		    "(material_id, number, sha256, size, mime, filename, "
		    "preview_state, created_by, created_at, preview_sha256) "
		    "VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		    DB_ARGS(db_int(id), db_text(sha), db_int(b.len),
		    db_text(mime), db_text(d->filename),
		    db_text(d->file != 1 ? "none" : preview ? "done" : "failed"),
		    db_id_or_null(owner.id), db_int(now), db_text(preview)),
		    NULL) != 0)) {
			buf_cleanup(&b);
			return -1;
		}
		buf_cleanup(&b);
		if ((d->library && db_run(db, "INSERT INTO material_link "
		    "(material_id, target_type, target_id, position) VALUES "
		    "(?1, 'library', 0, 0)", DB_ARGS(db_int(id)), NULL) != 0) ||
		    (d->event && db_run(db, "INSERT INTO material_link "
		    "(material_id, target_type, target_id, position) VALUES "
		    "(?1, 'event', ?2, ?3)", DB_ARGS(db_int(id), db_int(e.id),
		    db_int(i)), NULL) != 0) ||
		    mat_event_links_refresh(db, id) != 0)
			return -1;
	}
	return 0;
}

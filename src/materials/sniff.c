/*
 * sniff.c - what a file is, judged by its bytes and never by its name or
 * the type the browser declared.
 *
 * Images and PDF have magic numbers at offset 0.  PPTX and DOCX are ZIP
 * packages (Office Open XML); a ZIP could hold anything, so the package is
 * accepted only when its central directory names both [Content_Types].xml
 * and the main part of the kind (ppt/presentation.xml,
 * word/document.xml).  The directory is found through the End of Central
 * Directory record in the last 64 KiB + 22 bytes of the file, read with
 * pread() and bounds-checked at every step: the file is untrusted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "materials/materials.h"

#define PDF "application/pdf"
#define PPTX "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#define DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#define EOCD_MIN 22
#define EOCD_SEARCH (65535 + EOCD_MIN)
#define CDIR_MAX (16 * 1024 * 1024)	/* a bigger directory is refused */

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Reads exactly n bytes at off into p.  0 or -1. */
static int
read_at(int fd, unsigned char *p, size_t n, uint64_t off)
{
	ssize_t r;

	while (n > 0) {
		r = pread(fd, p, n, (off_t)off);
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

/*
 * Which OOXML kind the ZIP in fd is: PPTX, DOCX or NULL.  Reads the tail
 * for the EOCD record, then the central directory, and looks at the name
 * of every entry.
 */
static const char *
sniff_ooxml(int fd, uint64_t size)
{
	static __thread unsigned char tail[EOCD_SEARCH];
	unsigned char *dir = NULL;
	size_t tn, i, pos;
	uint64_t tail_off, cd_off, cd_size;
	uint16_t entries;
	bool types = false, ppt = false, word = false;
	const char *kind = NULL;
	long k;

	if (fd < 0 || size < EOCD_MIN)
		return NULL;
	tn = size < EOCD_SEARCH ? (size_t)size : EOCD_SEARCH;
	tail_off = size - tn;
	if (read_at(fd, tail, tn, tail_off) != 0)
		return NULL;
	/* The EOCD record is the last "PK\5\6" whose comment ends the file. */
	for (k = (long)tn - EOCD_MIN; k >= 0; k--) {
		i = (size_t)k;
		if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 &&
		    tail[i + 3] == 6 &&
		    i + EOCD_MIN + le16(tail + i + 20) == tn)
			break;
	}
	if (k < 0)
		return NULL;
	i = (size_t)k;
	entries = le16(tail + i + 10);
	cd_size = le32(tail + i + 12);
	cd_off = le32(tail + i + 16);
	if (entries == 0 || cd_size > CDIR_MAX || cd_off > size ||
	    cd_size > size - cd_off)
		return NULL;
	if ((dir = malloc((size_t)cd_size)) == NULL)
		return NULL;
	if (read_at(fd, dir, (size_t)cd_size, cd_off) != 0)
		goto out;
	for (pos = 0; entries > 0; entries--) {
		size_t nlen, extra, comment;
		const char *name;

		if (pos + 46 > cd_size || le32(dir + pos) != 0x02014b50)
			goto out;
		nlen = le16(dir + pos + 28);
		extra = le16(dir + pos + 30);
		comment = le16(dir + pos + 32);
		if (pos + 46 + nlen + extra + comment > cd_size)
			goto out;
		name = (const char *)dir + pos + 46;
#define IS(s) (nlen == sizeof(s) - 1 && memcmp(name, s, nlen) == 0)
		if (IS("[Content_Types].xml"))
			types = true;
		else if (IS("ppt/presentation.xml"))
			ppt = true;
		else if (IS("word/document.xml"))
			word = true;
#undef IS
		pos += 46 + nlen + extra + comment;
	}
	if (types && ppt && !word)
		kind = PPTX;
	else if (types && word && !ppt)
		kind = DOCX;
out:
	free(dir);
	return kind;
}

const char *
sniff_type(int fd, uint64_t size, const unsigned char *h, size_t n)
{
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return PDF;
	if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff)
		return "image/jpeg";
	if (n >= 6 && (memcmp(h, "GIF87a", 6) == 0 ||
	    memcmp(h, "GIF89a", 6) == 0))
		return "image/gif";
	if (n >= 12 && memcmp(h, "RIFF", 4) == 0 &&
	    memcmp(h + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (n >= 4 && memcmp(h, "PK\x03\x04", 4) == 0)
		return sniff_ooxml(fd, size);
	return NULL;
}

const char *const mat_type_names[] = { "pdf", "presentation", "document",
	"image", "link", "other" };

enum mat_type
mat_type_of_mime(const char *mime)
{
	if (mime == NULL)
		return MAT_TYPE_LINK;
	if (strcmp(mime, PDF) == 0)
		return MAT_TYPE_PDF;
	if (strcmp(mime, PPTX) == 0)
		return MAT_TYPE_PRESENTATION;
	if (strcmp(mime, DOCX) == 0)
		return MAT_TYPE_DOCUMENT;
	if (strncmp(mime, "image/", 6) == 0)
		return MAT_TYPE_IMAGE;
	return MAT_TYPE_OTHER;
}

const char *
mat_type_mime_like(enum mat_type t)
{
	switch (t) {
	case MAT_TYPE_PDF:
		return PDF;
	case MAT_TYPE_PRESENTATION:
		return PPTX;
	case MAT_TYPE_DOCUMENT:
		return DOCX;
	case MAT_TYPE_IMAGE:
		return "image/%";
	case MAT_TYPE_LINK:
	case MAT_TYPE_OTHER:
		break;
	}
	return NULL;
}

enum mat_type
mat_type_of(const struct material *m)
{
	return m->has_file ? mat_type_of_mime(m->cur.mime) : MAT_TYPE_LINK;
}

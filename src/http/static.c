/*
 * static.c - in-memory static files with ETag, gzip and HEAD.
 */
#include <fcntl.h>
#include <ftw.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "http/response.h"
#include "http/static.h"

#define STATIC_FILE_MAX (8 * 1024 * 1024)

struct static_file {
	char *name;		/* relative to the static dir: "css/site.css" */
	char *href;		/* "/static/css/site.css?v=<etag>" */
	const char *type;
	char etag[20];		/* "\"<16 hex>\"" */
	unsigned char *data;
	size_t len;
	unsigned char *gz;	/* NULL when there is no fresher .gz */
	size_t gz_len;
};

static struct static_file *static_files;
static size_t static_nfiles, static_cap;
static const char *static_root;
static size_t static_root_len;

static const struct { const char *ext; const char *type; } static_types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".html", "text/html; charset=utf-8" },
};

static const char *
static_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	if (dot != NULL)
		for (i = 0; i < sizeof(static_types) / sizeof(static_types[0]); i++)
			if (strcmp(dot, static_types[i].ext) == 0)
				return static_types[i].type;
	return "application/octet-stream";
}

static unsigned char *
static_read(const char *path, size_t *len)
{
	struct stat st;
	unsigned char *p;
	ssize_t n;
	size_t off = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || st.st_size > STATIC_FILE_MAX) {
		close(fd);
		return NULL;
	}
	p = malloc((size_t)st.st_size + 1);
	if (p == NULL)
		fatal("static: out of memory");
	while (off < (size_t)st.st_size) {
		n = read(fd, p + off, (size_t)st.st_size - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	*len = off;
	return p;
}

static int
static_add(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	struct static_file *f;
	unsigned char hash[crypto_hash_sha256_BYTES];
	char gzpath[4096];
	struct stat gst;
	const char *name;
	size_t i, nl;

	(void)ftw;
	if (flag != FTW_F)
		return 0;
	nl = strlen(path);
	if (nl >= 3 && strcmp(path + nl - 3, ".gz") == 0)
		return 0;
	name = path + static_root_len;
	while (*name == '/')
		name++;
	if (strstr(name, "/.") != NULL || name[0] == '.')
		return 0;	/* hidden files are not published */
	if (static_nfiles == static_cap) {
		static_cap = static_cap ? static_cap * 2 : 64;
		static_files = realloc(static_files,
		    static_cap * sizeof(*static_files));
		if (static_files == NULL)
			fatal("static: out of memory");
	}
	f = &static_files[static_nfiles];
	memset(f, 0, sizeof(*f));
	if ((f->data = static_read(path, &f->len)) == NULL) {
		log_warn("static: cannot read %s", name);
		return 0;
	}
	f->name = strdup(name);
	f->type = static_type(name);
	crypto_hash_sha256(hash, f->data, f->len);
	f->etag[0] = '"';
	for (i = 0; i < 8; i++)
		snprintf(f->etag + 1 + 2 * i, 3, "%02x", hash[i]);
	f->etag[17] = '"';
	f->etag[18] = '\0';
	if (asprintf(&f->href, "/static/%s?v=%.8s", name, f->etag + 1) == -1)
		fatal("static: out of memory");
	/* A stale .gz (older than its source) would serve old bytes: skip it. */
	if ((size_t)snprintf(gzpath, sizeof(gzpath), "%s.gz", path) < sizeof(gzpath) &&
	    stat(gzpath, &gst) == 0 && gst.st_mtime >= st->st_mtime)
		f->gz = static_read(gzpath, &f->gz_len);
	static_nfiles++;
	return 0;
}

static int
static_cmp(const void *a, const void *b)
{
	return strcmp(((const struct static_file *)a)->name,
	    ((const struct static_file *)b)->name);
}

/* bsearch() by the name alone: a key struct would need a writable name. */
static int
static_cmp_name(const void *name, const void *f)
{
	return strcmp(name, ((const struct static_file *)f)->name);
}

int
static_load(const char *dir)
{
	static_root = dir;
	static_root_len = strlen(dir);
	if (nftw(dir, static_add, 16, FTW_PHYS) != 0) {
		log_error("cannot read the static directory %s", dir);
		return -1;
	}
	qsort(static_files, static_nfiles, sizeof(*static_files), static_cmp);
	log_info("static: %zu files from %s", static_nfiles, dir);
	return 0;
}

void
static_unload(void)
{
	size_t i;

	for (i = 0; i < static_nfiles; i++) {
		free(static_files[i].name);
		free(static_files[i].href);
		free(static_files[i].data);
		free(static_files[i].gz);
	}
	free(static_files);
	static_files = NULL;
	static_nfiles = static_cap = 0;
}

static const struct static_file *
static_find(const char *name)
{
	if (static_nfiles == 0)
		return NULL;
	return bsearch(name, static_files, static_nfiles, sizeof(*static_files),
	    static_cmp_name);
}

const char *
static_href(struct arena *a, const char *name)
{
	const struct static_file *f = static_find(name);

	return f != NULL ? f->href : arena_printf(a, "/static/%s", name);
}

void
static_serve(struct request *r)
{
	const struct static_file *f = static_find(request_param(r, "path"));
	const char *inm, *etag;
	bool gz;

	if (f == NULL) {
		response_error(r, 404, N_("The page you were looking for was not found."));
		return;
	}
	/* The gzip and identity bodies are different bytes, so they have
	 * different strong validators (RFC 9110 8.8.3): a cache that stored
	 * one must not revalidate it as the other. */
	gz = f->gz != NULL && request_accepts_gzip(r);
	etag = gz ? arena_printf(&r->arena, "%.17s-gz\"", f->etag) : f->etag;
	response_begin(r, 200, f->type);
	response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	/* Pages link to static files with ?v=<etag>, so a URL names exactly
	 * one content: it may be cached for a year. */
	response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    kv_get(&r->query, "v") ? "public, max-age=31536000, immutable" :
	    "public, max-age=300");
	if (f->gz != NULL)
		response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	inm = request_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL && (strstr(inm, etag) != NULL || strcmp(inm, "*") == 0)) {
		r->resp.status = 304;
		r->resp.content_type = NULL;
		r->resp.full_len = gz ? f->gz_len : f->len;
		r->resp.fixed = "";
		r->resp.fixed_len = 0;
		return;
	}
	if (gz) {
		response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
		r->resp.fixed = f->gz;
		r->resp.fixed_len = f->gz_len;
		return;
	}
	r->resp.fixed = f->data;
	r->resp.fixed_len = f->len;
}

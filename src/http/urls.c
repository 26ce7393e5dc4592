/*
 * urls.c - URLs from route names (see urls.h).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/settings.h"
#include "http/urls.h"
#include "view/escape.h"

static const struct router *url_router;
/* Its routes by name, for bsearch(); built once, kept for the process. */
static const struct route **url_sorted;
static size_t url_nsorted;
static pthread_once_t url_once = PTHREAD_ONCE_INIT;

void
url_use_router(const struct router *rt)
{
	url_router = rt;
}

static int
url_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct route *const *)a)->name,
	    (*(const struct route *const *)b)->name);
}

static int
url_cmp_name(const void *name, const void *r)
{
	return strcmp(name, (*(const struct route *const *)r)->name);
}

static void
url_index(void)
{
	size_t i;

	if (url_router == NULL)
		return;
	url_sorted = calloc(url_router->nroutes, sizeof(*url_sorted));
	if (url_sorted == NULL)
		fatal("urls: out of memory");
	for (i = 0; i < url_router->nroutes; i++)
		url_sorted[i] = &url_router->routes[i];
	url_nsorted = url_router->nroutes;
	qsort(url_sorted, url_nsorted, sizeof(*url_sorted), url_cmp);
}

static const char *
url_error(struct arena *a, struct buf *b, const char *name, const char *why)
{
	buf_cleanup(b);
	log_error("url_for(\"%s\"): %s", name, why);
	return arena_printf(a, "/!url-error/%s", name);
}

/* A *rest argument: each segment encoded, the slashes between kept. */
static void
url_put_rest(struct arena *a, struct buf *b, const char *s)
{
	const char *e;

	while ((e = strchr(s, '/')) != NULL) {
		html_url_arg(b, arena_strndup(a, s, (size_t)(e - s)));
		buf_putc(b, '/');
		s = e + 1;
	}
	html_url_arg(b, s);
}

static const char *
url_build(struct arena *a, enum lang l, const char *name, va_list ap)
{
	const struct route *const *found;
	const char *p, *arg, *url;
	struct buf b;
	size_t n;

	buf_init(&b);
	pthread_once(&url_once, url_index);
	found = url_nsorted == 0 ? NULL : bsearch(name, url_sorted,
	    url_nsorted, sizeof(*url_sorted), url_cmp_name);
	if (found == NULL)
		return url_error(a, &b, name, "no route of that name");
	for (p = (*found)->pattern; *p != '\0'; p += n) {
		n = *p == '/' ? 1 : strcspn(p, "/");
		if (*p != ':' && *p != '*')
			buf_append(&b, p, n);
		else if (n == 5 && memcmp(p, ":lang", 5) == 0)
			buf_puts(&b, lang_code(l));
		else if ((arg = va_arg(ap, const char *)) == NULL)
			return url_error(a, &b, name, "too few arguments");
		else if (arg[0] == '\0')
			/* "/fi/events/" would be another page, or none. */
			return url_error(a, &b, name, "an empty argument");
		else if (*p == ':')
			html_url_arg(&b, arg);
		else
			url_put_rest(a, &b, arg);
	}
	if (va_arg(ap, const char *) != NULL)
		return url_error(a, &b, name, "too many arguments");
	url = arena_strdup(a, buf_cstr(&b));
	buf_cleanup(&b);
	return url;
}

const char *
url_for(struct arena *a, enum lang l, const char *name, ...)
{
	const char *url;
	va_list ap;

	va_start(ap, name);
	url = url_build(a, l, name, ap);
	va_end(ap);
	return url;
}

const char *
url_abs_for(struct arena *a, enum lang l, const char *name, ...)
{
	const char *url;
	va_list ap;

	va_start(ap, name);
	url = url_build(a, l, name, ap);
	va_end(ap);
	return arena_printf(a, "%s%s", config_get()->base_url, url);
}

const char *
url_id(struct arena *a, int64_t id)
{
	return arena_printf(a, "%lld", (long long)id);
}

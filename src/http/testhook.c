/*
 * testhook.c - the slow page of the HTTP tests (see testhook.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "http/response.h"
#include "http/testhook.h"
#include "view/view.h"

#include "tmpl_layout.h"

bool
testhook_enabled(void)
{
	static int enabled = -1;
	const char *e;

	if (enabled < 0) {
		e = getenv("TUKIVERKKO_TEST_HOOKS");
		enabled = e != NULL && strcmp(e, "1") == 0;
	}
	return enabled == 1;
}

void
testhook_nap(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0)
		;
}

static unsigned
testhook_arg(struct request *r, const char *name, unsigned dflt, unsigned max)
{
	const char *s = kv_get(&r->query, name);
	unsigned long n;
	char *end;

	if (s == NULL)
		return dflt;
	n = strtoul(s, &end, 10);
	return *end != '\0' || n > max ? max : (unsigned)n;
}

void
testhook_slow(struct request *r, void *arg)
{
	struct view v;
	unsigned n = testhook_arg(r, "rows", 100, 10000);
	unsigned ms = testhook_arg(r, "ms", 50, 1000);
	unsigned done = 0;

	(void)arg;
	response_begin(r, 200, "text/html; charset=utf-8");
	response_header(r, "Cache-Control", "no-store");
	v.out = &r->resp.body;
	v.arena = &r->arena;
	v.lang = r->lang;
	testhook_rows(&v, n, ms, &done);
	log_info("test hook: rendered %u of %u rows", done, n);
}

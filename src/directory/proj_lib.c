/*
 * proj_lib.c - see proj_lib.h.
 */
#include <pthread.h>
#include <stdbool.h>

#include "base/lazylib.h"
#include "directory/proj_lib.h"

static const char *const names[] = {
	"proj_context_create",
	"proj_context_destroy",
	"proj_create_crs_to_crs",
	"proj_normalize_for_visualization",
	"proj_trans",
	"proj_destroy",
	NULL,
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct proj_lib api;
static bool loaded;
static char why_not[256];

static void
load(void)
{
	void *f[sizeof(names) / sizeof(names[0])];

	if (lazylib_open(TV_PROJ_SONAME, names, f, why_not,
	    sizeof(why_not)) != 0)
		return;
	api.context_create = (__typeof__(api.context_create))f[0];
	api.context_destroy = (__typeof__(api.context_destroy))f[1];
	api.create_crs_to_crs = (__typeof__(api.create_crs_to_crs))f[2];
	api.normalize_for_visualization =
	    (__typeof__(api.normalize_for_visualization))f[3];
	api.trans = (__typeof__(api.trans))f[4];
	api.destroy = (__typeof__(api.destroy))f[5];
	loaded = true;
}

const struct proj_lib *
proj_lib(const char **why)
{
	pthread_once(&once, load);
	if (!loaded) {
		*why = why_not;
		return NULL;
	}
	return &api;
}

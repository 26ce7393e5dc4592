/*
 * proj_lib.c - see proj_lib.h.
 */
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

static void *fns[sizeof(names) / sizeof(names[0])];
static struct proj_lib api;

/* Under the library's lock, once. */
static void
fill(void *const *f)
{
	api.context_create = (__typeof__(api.context_create))f[0];
	api.context_destroy = (__typeof__(api.context_destroy))f[1];
	api.create_crs_to_crs = (__typeof__(api.create_crs_to_crs))f[2];
	api.normalize_for_visualization =
	    (__typeof__(api.normalize_for_visualization))f[3];
	api.trans = (__typeof__(api.trans))f[4];
	api.destroy = (__typeof__(api.destroy))f[5];
}

static struct lazylib lib = LAZYLIB_INIT(TV_PROJ_SONAME, names, fns, fill);

const struct proj_lib *
proj_lib(const char **why)
{
	return lazylib_load(&lib, why) ? &api : NULL;
}

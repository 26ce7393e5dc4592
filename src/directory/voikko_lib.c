/*
 * voikko_lib.c - see voikko_lib.h.
 */
#include "base/lazylib.h"
#include "directory/voikko_lib.h"

static const char *const names[] = {
	"voikkoInit",
	"voikkoTerminate",
	"voikkoAnalyzeWordCstr",
	"voikko_mor_analysis_value_cstr",
	"voikko_free_mor_analysis_value_cstr",
	"voikko_free_mor_analysis",
	NULL,
};

static void *fns[sizeof(names) / sizeof(names[0])];
static struct voikko_lib api;

/* Under the library's lock, once. */
static void
fill(void *const *f)
{
	api.init = (__typeof__(api.init))f[0];
	api.terminate = (__typeof__(api.terminate))f[1];
	api.analyze_word = (__typeof__(api.analyze_word))f[2];
	api.value = (__typeof__(api.value))f[3];
	api.free_value = (__typeof__(api.free_value))f[4];
	api.free_analysis = (__typeof__(api.free_analysis))f[5];
}

static struct lazylib lib = LAZYLIB_INIT(TV_VOIKKO_SONAME, names, fns, fill);

const struct voikko_lib *
voikko_lib(const char **why)
{
	return lazylib_load(&lib, why) ? &api : NULL;
}

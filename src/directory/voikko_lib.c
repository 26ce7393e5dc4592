/*
 * voikko_lib.c - see voikko_lib.h.
 */
#include <pthread.h>
#include <stdbool.h>

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

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct voikko_lib api;
static bool loaded;
static char why_not[256];

static void
load(void)
{
	void *f[sizeof(names) / sizeof(names[0])];

	if (lazylib_open(TV_VOIKKO_SONAME, names, f, why_not,
	    sizeof(why_not)) != 0)
		return;
	api.init = (__typeof__(api.init))f[0];
	api.terminate = (__typeof__(api.terminate))f[1];
	api.analyze_word = (__typeof__(api.analyze_word))f[2];
	api.value = (__typeof__(api.value))f[3];
	api.free_value = (__typeof__(api.free_value))f[4];
	api.free_analysis = (__typeof__(api.free_analysis))f[5];
	loaded = true;
}

const struct voikko_lib *
voikko_lib(const char **why)
{
	pthread_once(&once, load);
	if (!loaded) {
		*why = why_not;
		return NULL;
	}
	return &api;
}
